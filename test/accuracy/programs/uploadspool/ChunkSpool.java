package media.upload;

import java.util.ArrayList;
import java.util.List;

/* In-memory spool of chunks of uploads in progress. */
final class ChunkSpool {
    private final List<SpoolSegment> segments = new ArrayList<>();

    void add(SpoolSegment s) {
        synchronized (segments) {
            segments.add(s);
        }
    }

    /* Removes and returns an upload's segments when it completes. */
    List<SpoolSegment> take(String uploadId) {
        List<SpoolSegment> mine = new ArrayList<>();
        synchronized (segments) {
            segments.removeIf(s -> {
                if (!s.uploadId.equals(uploadId))
                    return false;
                mine.add(s);
                return true;
            });
        }
        return mine;
    }

    int segmentCount() {
        synchronized (segments) {
            return segments.size();
        }
    }
}
