package media.upload;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/* Serves uploads one after another, paced to a byte rate. */
final class UploadWorker implements Runnable {
    private static final AtomicLong NEXT = new AtomicLong(1);
    private final ChunkSpool spool;
    private final double megabytesPerSecond;
    private final AtomicLong received;
    long sink;

    UploadWorker(ChunkSpool spool, double megabytesPerSecond, AtomicLong received) {
        this.spool = spool;
        this.megabytesPerSecond = Math.max(0.1, megabytesPerSecond);
        this.received = received;
    }

    @Override
    public void run() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long t0 = System.nanoTime();
        long bytes = 0;
        for (;;) {
            UploadSession up = new UploadSession("up-" + NEXT.getAndIncrement() + "-"
                + Long.toHexString(rnd.nextLong()), spool);
            int chunks = 2 + rnd.nextInt(5);
            boolean abandoned = rnd.nextBoolean();
            int stopAt = abandoned ? 1 + rnd.nextInt(chunks - 1) : chunks;
            for (int c = 0; c < stopAt; c++) {
                Map<String, String> headers = new HashMap<>();
                headers.put("Content-Range", "bytes " + bytes + "-" + (bytes + 1) + "/*");
                headers.put("X-Upload-Id", up.uploadId);
                sink += headers.toString().length();
                int size = (1 + rnd.nextInt(8)) << 20;
                bytes += up.append(size);
                received.addAndGet(size);
                long wait = t0 + (long) (bytes / (megabytesPerSecond * 1e6) * 1e9) - System.nanoTime();
                if (wait > 0)
                    LockSupport.parkNanos(wait);
            }
            if (!abandoned)
                sink += up.complete();
        }
    }
}
