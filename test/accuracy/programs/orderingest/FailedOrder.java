package orders.ingest;

/* An order that could not be routed, with why, for the retry job. */
final class FailedOrder {
    final OrderMessage order;
    final String reason;
    final long failedAtMillis;
    final String consumer;
    int retries;

    FailedOrder(OrderMessage order, String reason, String consumer) {
        this.order = order;
        this.reason = reason;
        this.consumer = consumer;
        this.failedAtMillis = System.currentTimeMillis();
    }
}
