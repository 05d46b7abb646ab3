package logistics.routing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/* Receives parcel scans from depot scanners and records them. */
final class ScanIngester implements Runnable {
    private final TrackingService tracking;
    private final RoadGraph graph;
    private final int perSecond;
    private long scans;

    ScanIngester(TrackingService tracking, RoadGraph graph, int perSecond) {
        this.tracking = tracking;
        this.graph = graph;
        this.perSecond = Math.max(1, perSecond);
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        long n = 0;
        for (;;) {
            for (int i = 0; i < 10; i++)
                ingest();
            n += 10;
            long wait = t0 + n * 1_000_000_000L / perSecond - System.nanoTime();
            if (wait > 0)
                LockSupport.parkNanos(wait);
        }
    }

    void ingest() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        byte[] payload = new byte[3500 + rnd.nextInt(1200)];
        rnd.nextBytes(payload);
        String scanId = "scan-" + (scans++) + "-" + Integer.toHexString(rnd.nextInt());
        tracking.record(new ShipmentTrace(scanId, "PCL" + rnd.nextLong(1L << 36),
            rnd.nextInt(graph.junctions()), payload));
    }
}
