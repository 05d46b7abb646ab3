package billing.api;

import java.util.ArrayList;
import java.util.List;

/* The audit trail of the request the current thread is working on.  Meant
 * to be cleared at the end of each request; nothing does. */
final class RequestContextHolder {
    static final ThreadLocal<List<AuditEntry>> CONTEXT = ThreadLocal.withInitial(ArrayList::new);

    private RequestContextHolder() {
    }

    static List<AuditEntry> trail() {
        return CONTEXT.get();
    }
}
