package fleet.telemetry;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/* Samples one subsystem's counters (here: made up, with the parsing a
 * /proc reader would do) and submits a batch per tick. */
final class HostCollector implements Runnable {
    private static final String HOST = "edge-node-17.fra2.example.net";
    private final String subsystem;
    private final BatchUploader uploader;
    private final int perSecond;
    private final AtomicLong built;
    private final Map<String, String> hostTags = new HashMap<>();
    private long sequence;

    HostCollector(String subsystem, BatchUploader uploader, int perSecond, AtomicLong built) {
        this.subsystem = subsystem;
        this.uploader = uploader;
        this.perSecond = Math.max(1, perSecond);
        this.built = built;
        hostTags.put("host", HOST);
        hostTags.put("dc", "fra2");
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        long n = 0;
        for (;;) {
            uploader.submit(collect());
            built.incrementAndGet();
            n++;
            long wait = t0 + n * 1_000_000_000L / perSecond - System.nanoTime();
            if (wait > 0)
                LockSupport.parkNanos(wait);
        }
    }

    MetricBatch collect() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int count = 6 + rnd.nextInt(6);
        MetricPoint[] points = new MetricPoint[count];
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            /* the /proc-style line a reader would parse, then throw away */
            String raw = subsystem + i + " " + rnd.nextLong(1L << 40) + " " + rnd.nextInt(100000)
                + " " + rnd.nextInt(100000);
            String[] f = raw.split(" ");
            Map<String, String> tags = new HashMap<>(hostTags);
            tags.put("device", subsystem + (i % 4));
            points[i] = new MetricPoint(subsystem + "." + f[0] + ".rate", now,
                Long.parseLong(f[1]) / 1e6, tags);
        }
        return new MetricBatch(HOST, subsystem, sequence++, points);
    }
}
