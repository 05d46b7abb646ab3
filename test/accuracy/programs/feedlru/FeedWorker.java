package news.feed;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/* Serves feed requests.  Users are skewed: a core of heavy readers plus a
 * long tail, so the LRU keeps missing on the tail after it is full. */
final class FeedWorker implements Runnable {
    private final PageCache cache;
    private final FeedRenderer renderer;
    private final AtomicLong served;
    long sink;

    FeedWorker(PageCache cache, FeedRenderer renderer, AtomicLong served) {
        this.cache = cache;
        this.renderer = renderer;
        this.served = served;
    }

    @Override
    public void run() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long t0 = System.nanoTime();
        long n = 0;
        for (;;) {
            for (int i = 0; i < 20; i++) {
                long user = rnd.nextInt(10) < 7 ? rnd.nextInt(30_000) : rnd.nextInt(2_000_000);
                int page = rnd.nextInt(3);
                String key = user + "/" + page;
                FeedPage p = cache.get(key);
                if (p == null) {
                    p = renderer.render(user, page);
                    cache.put(key, p);
                }
                String etag = "W/\"" + Long.toHexString(p.renderedAtMillis ^ user) + "\"";
                sink += etag.length() + p.html.length;
            }
            n += 20;
            served.addAndGet(20);
            long wait = t0 + n * 1_000_000_000L / 2500 - System.nanoTime();
            if (wait > 0)
                LockSupport.parkNanos(wait);
        }
    }
}
