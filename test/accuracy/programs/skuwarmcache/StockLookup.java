/*
 * skuwarmcache (control): a stock-lookup service whose SKU cache warms up
 * over the first ~25 s and then only serves (look-alike: warm-up then
 * plateau).
 *
 * Lookups ask for SKUs from a fixed catalogue of 26,000.  A miss loads the
 * SKU's record from the "database" (a throttled loader: ~1000 loads/s) and
 * caches it for good; the key space is bounded, so once every SKU has been
 * loaded the cache (~70% of -Xmx64m) stops growing and requests only make
 * short-lived garbage.
 *
 * usage: java -Xmx64m -cp DIR inventory.lookup.StockLookup [--seconds N]
 */
package inventory.lookup;

import java.util.concurrent.atomic.AtomicLong;

public final class StockLookup {
    static final int CATALOGUE = 26_000;
    static final int WORKERS = 3;

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else {
                System.err.println("usage: inventory.lookup.StockLookup [--seconds N]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("skuwarmcache: stock lookup up, " + CATALOGUE + " SKUs, " + WORKERS
            + " workers");

        SkuCache cache = new SkuCache(new SkuDatabase(1000));
        AtomicLong served = new AtomicLong();
        for (int w = 0; w < WORKERS; w++) {
            Thread t = new Thread(new LookupWorker(cache, served), "lookup-" + w);
            t.setDaemon(true);
            t.start();
        }

        Runtime rt = Runtime.getRuntime();
        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        boolean warmSaid = false;
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            if (!warmSaid && cache.size() == CATALOGUE) {
                warmSaid = true;
                System.out.println("skuwarmcache: cache warm after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
        }
        System.gc();
        System.out.println("skuwarmcache: stopping after " + seconds + " s, " + served.get()
            + " lookups, " + cache.size() + " cached, live "
            + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
