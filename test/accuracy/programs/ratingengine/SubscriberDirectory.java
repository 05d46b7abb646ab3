package telco.rating;

import java.util.concurrent.ThreadLocalRandom;

/* All subscribers, by MSISDN, in sorted blocks (loaded once). */
final class SubscriberDirectory {
    static final long FIRST_MSISDN = 4915100000000L;
    static final int BLOCK = 1 << 19;
    private final Subscriber[][] blocks;
    final int size;

    private SubscriberDirectory(int size) {
        this.size = size;
        this.blocks = new Subscriber[(size + BLOCK - 1) / BLOCK][];
    }

    static SubscriberDirectory load(int size) throws InterruptedException {
        SubscriberDirectory d = new SubscriberDirectory(size);
        Thread[] loaders = new Thread[2];
        for (int t = 0; t < loaders.length; t++) {
            final int part = t;
            loaders[t] = new Thread(() -> {
                for (int b = part; b < d.blocks.length; b += loaders.length)
                    d.blocks[b] = d.loadBlock(b);
            }, "directory-loader-" + t);
            loaders[t].start();
        }
        for (Thread l : loaders)
            l.join();
        return d;
    }

    private Subscriber[] loadBlock(int b) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int base = b * BLOCK;
        int n = Math.min(BLOCK, size - base);
        Subscriber[] block = new Subscriber[n];
        for (int i = 0; i < n; i++) {
            int[] bundles = new int[1 + rnd.nextInt(4)];
            for (int k = 0; k < bundles.length; k++)
                bundles[k] = rnd.nextInt(400);
            block[i] = new Subscriber(FIRST_MSISDN + base + i,
                "26201" + (1_000_000_000L + base + i), rnd.nextInt(60), bundles);
        }
        return block;
    }

    Subscriber find(long msisdn) {
        long off = msisdn - FIRST_MSISDN;
        if (off < 0 || off >= size)
            return null;
        return blocks[(int) (off / BLOCK)][(int) (off % BLOCK)];
    }
}
