/*
 * telemetryuplink: a host telemetry agent whose uploader puts every batch
 * it fails to deliver back into its outbox (leak shape: unbounded queue in
 * a sender object that re-queues unsent messages).
 *
 * Collector threads (one per subsystem) sample counters every few
 * milliseconds and build MetricBatch objects, each of 6-11 MetricPoints
 * with tag maps.  They hand them to the one BatchUploader, whose outbox is
 * a LinkedBlockingQueue with a "safe" capacity of two million.  The
 * uploader thread drains up to 500 batches, tries the collector endpoint
 * (a real TCP connect to a port nobody listens on) and, when that fails,
 * offers them all back, "to retry later".  The endpoint never comes up.
 *
 * usage: java -Xmx128m -cp DIR fleet.telemetry.TelemetryAgent [--seconds N] [--rate R]
 *   --seconds N  stop after N seconds and exit 0
 *   --rate R     batches per second over all collectors (default 700)
 */
package fleet.telemetry;

import java.util.concurrent.atomic.AtomicLong;

public final class TelemetryAgent {
    static final String[] SUBSYSTEMS = { "cpu", "disk", "net" };

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        int rate = 700;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else if (args[i].equals("--rate") && i + 1 < args.length)
                rate = Integer.parseInt(args[++i]);
            else {
                System.err.println("usage: fleet.telemetry.TelemetryAgent [--seconds N] [--rate R]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("telemetryuplink: agent up, " + SUBSYSTEMS.length + " collectors, "
            + rate + " batches/s, endpoint 127.0.0.1:" + BatchUploader.ENDPOINT_PORT);

        BatchUploader uploader = new BatchUploader("127.0.0.1", BatchUploader.ENDPOINT_PORT);
        Thread up = new Thread(uploader, "telemetry-uploader");
        up.setDaemon(true);
        up.start();
        AtomicLong built = new AtomicLong();
        for (String s : SUBSYSTEMS) {
            Thread t = new Thread(new HostCollector(s, uploader, rate / SUBSYSTEMS.length, built),
                "collector-" + s);
            t.setDaemon(true);
            t.start();
        }

        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        while (System.nanoTime() < deadline)
            Thread.sleep(200);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.println("telemetryuplink: stopping after " + seconds + " s, " + built.get()
            + " batches built, " + uploader.pending() + " pending, " + uploader.failures()
            + " failed uploads, live " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
