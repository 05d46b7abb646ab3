/*
 * orderingest: an order-ingestion consumer that parks orders it cannot
 * process in a retry list that nothing ever drains (leak shape:
 * dead-letter / retry list under heavy churn).
 *
 * Consumer threads take raw order messages (JSON-ish text built by a feed
 * thread), parse them into OrderMessages, validate, enrich and route them.
 * About one in five fails validation (unknown warehouse) and is parked
 * as a FailedOrder in the RetryScheduler's dead letters, "for the retry
 * job".  The retry job was switched off by configuration years ago.  The
 * leak is a few per cent of what the consumers allocate; everything else
 * dies young.
 *
 * usage: java -Xmx256m -cp DIR orders.ingest.OrderIngest [--seconds N] [--rate R]
 *   --seconds N  stop after N seconds and exit 0
 *   --rate R     messages per second (default 8000)
 */
package orders.ingest;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

public final class OrderIngest {
    static final int CONSUMERS = 3;

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        int rate = 8000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else if (args[i].equals("--rate") && i + 1 < args.length)
                rate = Integer.parseInt(args[++i]);
            else {
                System.err.println("usage: orders.ingest.OrderIngest [--seconds N] [--rate R]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("orderingest: consumer group up, " + CONSUMERS + " consumers, "
            + rate + " messages/s");

        ArrayBlockingQueue<String> topic = new ArrayBlockingQueue<>(20_000);
        RetryScheduler retries = new RetryScheduler(false);
        AtomicLong consumed = new AtomicLong();
        Thread feed = new Thread(new OrderFeed(topic, rate), "kafka-fetcher");
        feed.setDaemon(true);
        feed.start();
        for (int c = 0; c < CONSUMERS; c++) {
            Thread t = new Thread(new OrderConsumer(topic, retries, consumed),
                "order-consumer-" + c);
            t.setDaemon(true);
            t.start();
        }
        Thread job = new Thread(retries::runRetryJob, "retry-job");
        job.setDaemon(true);
        job.start();

        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        while (System.nanoTime() < deadline)
            Thread.sleep(200);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.println("orderingest: stopping after " + seconds + " s, " + consumed.get()
            + " messages, " + retries.parked() + " parked, live "
            + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
