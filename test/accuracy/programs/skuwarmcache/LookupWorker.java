package inventory.lookup;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/* Serves availability requests for random SKUs. */
final class LookupWorker implements Runnable {
    private final SkuCache cache;
    private final AtomicLong served;
    long sink;

    LookupWorker(SkuCache cache, AtomicLong served) {
        this.cache = cache;
        this.served = served;
    }

    @Override
    public void run() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long t0 = System.nanoTime();
        long n = 0;
        for (;;) {
            for (int i = 0; i < 20; i++) {
                SkuRecord r = cache.get(rnd.nextInt(StockLookup.CATALOGUE));
                Map<String, Object> response = new HashMap<>();
                int total = 0;
                for (int s : r.stockByWarehouse)
                    total += s;
                response.put("sku", r.sku);
                response.put("title", r.title);
                response.put("available", total);
                response.put("summary", r.description.substring(0, 120));
                sink += response.toString().length();
            }
            n += 20;
            served.addAndGet(20);
            long wait = t0 + n * 1_000_000_000L / 5000 - System.nanoTime();
            if (wait > 0)
                LockSupport.parkNanos(wait);
        }
    }
}
