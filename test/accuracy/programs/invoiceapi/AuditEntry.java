package billing.api;

/* One step of a request, as the compliance team wants it recorded. */
final class AuditEntry {
    final long requestId;
    final long atMillis;
    final String action;
    final String detail;

    AuditEntry(long requestId, String action, String detail) {
        this.requestId = requestId;
        this.atMillis = System.currentTimeMillis();
        this.action = action;
        this.detail = detail;
    }
}
