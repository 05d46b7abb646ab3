package orders.ingest;

import java.util.Map;

/* An order that could not be routed, with why, the original payload for a
 * replay, and the consumer's diagnostics, for the retry job. */
final class FailedOrder {
    final OrderMessage order;
    final String reason;
    final long failedAtMillis;
    final String consumer;
    final byte[] replayPayload;
    final Map<String, String> diagnostics;
    int retries;

    FailedOrder(OrderMessage order, String reason, String consumer, byte[] replayPayload,
        Map<String, String> diagnostics) {
        this.order = order;
        this.reason = reason;
        this.consumer = consumer;
        this.replayPayload = replayPayload;
        this.diagnostics = diagnostics;
        this.failedAtMillis = System.currentTimeMillis();
    }
}
