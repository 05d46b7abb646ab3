package inventory.lookup;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/* The backing store: slow, so loads are throttled to a fixed rate. */
final class SkuDatabase {
    private final long nanosPerLoad;
    private long nextSlot = System.nanoTime();

    SkuDatabase(int loadsPerSecond) {
        this.nanosPerLoad = 1_000_000_000L / loadsPerSecond;
    }

    SkuRecord load(int sku) {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            nextSlot = Math.max(nextSlot + nanosPerLoad, now);
            wait = nextSlot - now;
        }
        if (wait > 0)
            LockSupport.parkNanos(wait);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        StringBuilder d = new StringBuilder(1400);
        while (d.length() < 1200 + sku % 200)
            d.append("Durable ").append(sku % 13 == 0 ? "steel" : "aluminium")
                .append(" fitting, batch ").append(rnd.nextInt(1000)).append(". ");
        int[] stock = new int[24];
        for (int i = 0; i < stock.length; i++)
            stock[i] = rnd.nextInt(500);
        return new SkuRecord(sku, "Fitting model " + Integer.toString(sku, 36).toUpperCase(),
            d.toString(), stock);
    }
}
