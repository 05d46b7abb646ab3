/*
 * metercardinality: a payments gateway whose request timers are tagged
 * with the raw request path, ids included (leak shape: metrics registry
 * cardinality).
 *
 * Request threads time every request with MeterRegistry.timer(name,
 * tags).  Most routes are templated ("/v1/payments/{id}"), but the refund
 * and webhook routes pass the raw path, so every payment id makes a new
 * Timer: a MeterId with its tags and a Timer with a 72-bucket long[]
 * histogram, kept in the registry's map forever.  Slow: at the default
 * rate a -Xmx256m heap lasts well over ten minutes; --rate speeds it up.
 * A reporter thread walks the registry every 10 s to publish percentiles.
 *
 * usage: java -Xmx256m -cp DIR payments.metrics.PaymentsGateway [--seconds N] [--rate R]
 *   --seconds N  stop after N seconds and exit 0
 *   --rate R     requests per second (default 2000; one in five makes a new meter)
 */
package payments.metrics;

import java.util.concurrent.atomic.AtomicLong;

public final class PaymentsGateway {
    static final int WORKERS = 3;

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        int rate = 2000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else if (args[i].equals("--rate") && i + 1 < args.length)
                rate = Integer.parseInt(args[++i]);
            else {
                System.err.println("usage: payments.metrics.PaymentsGateway [--seconds N] [--rate R]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("metercardinality: gateway up, " + WORKERS + " workers, " + rate
            + " requests/s");

        MeterRegistry registry = new MeterRegistry();
        AtomicLong served = new AtomicLong();
        Thread reporter = new Thread(new MetricsReporter(registry), "metrics-reporter");
        reporter.setDaemon(true);
        reporter.start();
        for (int w = 0; w < WORKERS; w++) {
            Thread t = new Thread(new GatewayWorker(registry, rate / WORKERS, served),
                "gateway-worker-" + w);
            t.setDaemon(true);
            t.start();
        }

        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        while (System.nanoTime() < deadline)
            Thread.sleep(200);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.println("metercardinality: stopping after " + seconds + " s, " + served.get()
            + " requests, " + registry.size() + " meters, live "
            + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
