package billing.api;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/* Ships audit entries to the compliance store (here: formats and counts
 * them).  It copies what it is given and keeps nothing. */
final class AuditSink {
    private final AtomicLong flushed = new AtomicLong();
    long sink;

    void flush(List<AuditEntry> trail, int from) {
        StringBuilder batch = new StringBuilder(512);
        for (int i = from; i < trail.size(); i++) {
            AuditEntry e = trail.get(i);
            batch.setLength(0);
            batch.append(e.atMillis).append(' ').append(e.requestId).append(' ')
                .append(e.action).append(' ').append(e.detail);
            sink += batch.toString().length();
        }
        flushed.addAndGet(trail.size() - from);
    }

    long flushed() {
        return flushed.get();
    }
}
