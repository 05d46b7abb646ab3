package media.upload;

/* One received chunk of one upload. */
final class SpoolSegment {
    final String uploadId;
    final long offset;
    final byte[] data;
    final long receivedAtMillis;

    SpoolSegment(String uploadId, long offset, byte[] data) {
        this.uploadId = uploadId;
        this.offset = offset;
        this.data = data;
        this.receivedAtMillis = System.currentTimeMillis();
    }
}
