package media.upload;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/* One client's upload: receives chunks, and either completes or is
 * abandoned by the client. */
final class UploadSession {
    final String uploadId;
    private final ChunkSpool spool;
    private long offset;

    UploadSession(String uploadId, ChunkSpool spool) {
        this.uploadId = uploadId;
        this.spool = spool;
    }

    /* Receives one chunk from the socket (here: filled with noise). */
    int append(int size) {
        byte[] data = new byte[size];
        ThreadLocalRandom.current().nextBytes(data);
        spool.add(new SpoolSegment(uploadId, offset, data));
        offset += size;
        return size;
    }

    /* Assembles the upload (hands the segments to storage) and frees them. */
    long complete() {
        List<SpoolSegment> parts = spool.take(uploadId);
        long checksum = 0;
        for (SpoolSegment s : parts)
            checksum = checksum * 31 + s.data[s.data.length / 2];
        return checksum;
    }
}
