/*
 * ratingengine (control): a telecom rating engine on a 4 GB heap that
 * loads its subscriber directory at start (~19 million subscribers, about
 * 2.3 GB that stays live and unchanged) and then rates call detail
 * records as fast as two threads can, making heavy short-lived garbage
 * (look-alike: a large stable heap with churn; nothing grows).
 *
 * usage: java -Xmx4g -cp DIR telco.rating.RatingEngine [--seconds N]
 *   --seconds N  stop after N seconds and exit 0 (counted from start, loading included)
 */
package telco.rating;

import java.util.concurrent.atomic.AtomicLong;

public final class RatingEngine {
    static final int SUBSCRIBERS = 19_000_000;
    static final int RATERS = 2;

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else {
                System.err.println("usage: telco.rating.RatingEngine [--seconds N]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("ratingengine: loading " + SUBSCRIBERS + " subscribers");
        SubscriberDirectory dir = SubscriberDirectory.load(SUBSCRIBERS);
        Runtime rt = Runtime.getRuntime();
        System.out.println("ratingengine: directory loaded in " + (System.nanoTime() - started) / 1_000_000
            + " ms, heap used " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB; rating");

        TariffBook tariffs = new TariffBook();
        AtomicLong rated = new AtomicLong();
        for (int r = 0; r < RATERS; r++) {
            Thread t = new Thread(new CdrRater(dir, tariffs, rated), "cdr-rater-" + r);
            t.setDaemon(true);
            t.start();
        }

        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        while (System.nanoTime() < deadline)
            Thread.sleep(200);
        System.gc();
        System.out.println("ratingengine: stopping after " + seconds + " s, " + rated.get()
            + " records rated, live " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
