package logistics.routing;

import java.util.concurrent.ThreadLocalRandom;

/* The road network, loaded once: segments in blocks by id, and the first
 * outgoing segment of each junction. */
final class RoadGraph {
    static final int BLOCK = 1 << 20;
    private final RoadSegment[][] blocks;
    private final int[] firstOut;
    private final String[] streetNames;
    final int size;

    private RoadGraph(int size) {
        this.size = size;
        blocks = new RoadSegment[(size + BLOCK - 1) / BLOCK][];
        firstOut = new int[size / 3];
        streetNames = new String[50_000];
        for (int i = 0; i < streetNames.length; i++)
            streetNames[i] = (i % 7 == 0 ? "Avenue " : "Street ") + Integer.toString(i, 36).toUpperCase();
    }

    static RoadGraph load(int size, int threads) throws InterruptedException {
        RoadGraph g = new RoadGraph(size);
        Thread[] loaders = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int part = t;
            loaders[t] = new Thread(() -> {
                for (int b = part; b < g.blocks.length; b += threads)
                    g.blocks[b] = g.loadBlock(b);
            }, "graph-loader-" + t);
            loaders[t].start();
        }
        for (Thread l : loaders)
            l.join();
        for (int j = 0; j < g.firstOut.length; j++)
            g.firstOut[j] = Math.min(size - 1, j * 3);
        return g;
    }

    private RoadSegment[] loadBlock(int b) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int base = b * BLOCK;
        int n = Math.min(BLOCK, size - base);
        RoadSegment[] block = new RoadSegment[n];
        int junctions = size / 3;
        for (int i = 0; i < n; i++) {
            int[] geom = new int[2 + 2 * rnd.nextInt(3)];
            for (int k = 0; k < geom.length; k++)
                geom[k] = rnd.nextInt();
            block[i] = new RoadSegment((base + i) / 3, rnd.nextInt(junctions),
                10 + rnd.nextFloat() * 900, (short) (30 + 10 * rnd.nextInt(10)),
                (short) rnd.nextInt(6), streetNames[rnd.nextInt(streetNames.length)], geom);
        }
        return block;
    }

    RoadSegment segment(int id) {
        return blocks[id / BLOCK][id % BLOCK];
    }

    int firstOut(int junction) {
        return firstOut[junction];
    }

    int junctions() {
        return firstOut.length;
    }
}
