/*
 * feedlru (control): a news-feed server that caches rendered feed pages in
 * an access-ordered LinkedHashMap with removeEldestEntry (look-alike: LRU
 * filling a large share of the heap, then churning inside it).
 *
 * Renderer threads serve feed pages for users; a miss renders the page
 * (~3.3 KB of bytes plus metadata) and caches it.  The cache holds at most
 * 48,000 pages, about 66% of -Xmx256m, reached in ~11 s; after that every
 * miss evicts the least recently used page, and hits make only garbage.
 *
 * usage: java -Xmx256m -cp DIR news.feed.FeedServer [--seconds N]
 */
package news.feed;

import java.util.concurrent.atomic.AtomicLong;

public final class FeedServer {
    static final int CAPACITY = 48_000;
    static final int RENDERERS = 2;

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else {
                System.err.println("usage: news.feed.FeedServer [--seconds N]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("feedlru: feed server up, page cache of " + CAPACITY + " pages");

        PageCache cache = new PageCache(CAPACITY);
        FeedRenderer renderer = new FeedRenderer();
        AtomicLong served = new AtomicLong();
        for (int r = 0; r < RENDERERS; r++) {
            Thread t = new Thread(new FeedWorker(cache, renderer, served), "feed-worker-" + r);
            t.setDaemon(true);
            t.start();
        }

        Runtime rt = Runtime.getRuntime();
        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        boolean fullSaid = false;
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            if (!fullSaid && cache.size() >= CAPACITY) {
                fullSaid = true;
                System.out.println("feedlru: cache full after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
        }
        System.gc();
        System.out.println("feedlru: stopping after " + seconds + " s, " + served.get()
            + " pages served, " + cache.size() + " cached, " + cache.evictions()
            + " evictions, live " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
