/*
 * uploadspool: a media upload service that spools multi-megabyte chunks in
 * memory and never releases the spool of uploads that were abandoned
 * (leak shape: humongous byte[] chunks kept in a list).
 *
 * Upload threads receive chunks of 1-8 MB (on G1 every one is a humongous
 * object, allocated straight into old regions).  Each chunk is appended as
 * a SpoolSegment to the ChunkSpool's segment list.  A completed upload
 * is assembled and its segments released; but clients abandon every other
 * upload half-way, and abandoned uploads are never purged.  Small
 * request garbage (headers, checksums) runs alongside.  At -Xmx256m the
 * heap is full in about half a minute.
 *
 * usage: java -Xmx256m -cp DIR media.upload.UploadService [--seconds N] [--rate R]
 *   --seconds N  stop after N seconds and exit 0
 *   --rate R     upload megabytes per second over all threads (default 25)
 */
package media.upload;

import java.util.concurrent.atomic.AtomicLong;

public final class UploadService {
    static final int UPLOADERS = 2;

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        int rate = 25;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else if (args[i].equals("--rate") && i + 1 < args.length)
                rate = Integer.parseInt(args[++i]);
            else {
                System.err.println("usage: media.upload.UploadService [--seconds N] [--rate R]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("uploadspool: upload service up, " + UPLOADERS + " upload threads, "
            + rate + " MB/s");

        ChunkSpool spool = new ChunkSpool();
        AtomicLong received = new AtomicLong();
        for (int u = 0; u < UPLOADERS; u++) {
            Thread t = new Thread(new UploadWorker(spool, rate / (double) UPLOADERS, received),
                "upload-worker-" + u);
            t.setDaemon(true);
            t.start();
        }

        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        while (System.nanoTime() < deadline)
            Thread.sleep(200);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.println("uploadspool: stopping after " + seconds + " s, "
            + received.get() / (1 << 20) + " MiB received, " + spool.segmentCount()
            + " segments spooled, live " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
