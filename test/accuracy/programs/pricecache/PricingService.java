/*
 * pricecache: a pricing front end that memoises every quote it computes in
 * a static map and never evicts (leak shape: static map cache).
 *
 * Request workers price (customer, sku) pairs.  A quote is cached under
 * "customer|sku|currency" in QuoteCache.QUOTES; new customers keep
 * arriving, so the key space has no end.  PriceQuote itself is a small
 * object; its weight is the rendered breakdown String (about 1.3 KB of
 * Latin-1 bytes) and a signature byte[].  An inventory refresher and the
 * request path make plenty of short-lived garbage besides.
 *
 * usage: java -Xmx128m -cp DIR shopfront.pricing.PricingService [--seconds N] [--rate R]
 *   --seconds N  stop after N seconds and exit 0
 *   --rate R     requests per second over all workers (default 6000)
 */
package shopfront.pricing;

import java.util.concurrent.atomic.AtomicLong;

public final class PricingService {
    static final int WORKERS = 3;

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        int rate = 6000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else if (args[i].equals("--rate") && i + 1 < args.length)
                rate = Integer.parseInt(args[++i]);
            else {
                System.err.println("usage: shopfront.pricing.PricingService [--seconds N] [--rate R]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("pricecache: pricing service up, " + WORKERS + " workers, "
            + rate + " requests/s");

        Catalog catalog = new Catalog(20_000);
        QuoteService quotes = new QuoteService(catalog);
        AtomicLong served = new AtomicLong();
        Thread refresher = new Thread(new InventoryRefresher(catalog), "inventory-refresh");
        refresher.setDaemon(true);
        refresher.start();
        for (int w = 0; w < WORKERS; w++) {
            Thread t = new Thread(new RequestWorker(quotes, rate / WORKERS, w, served),
                "http-nio-8080-exec-" + (w + 1));
            t.setDaemon(true);
            t.start();
        }

        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        while (System.nanoTime() < deadline)
            Thread.sleep(200);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.println("pricecache: stopping after " + seconds + " s, " + served.get()
            + " requests, " + QuoteCache.size() + " cached quotes, live "
            + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
