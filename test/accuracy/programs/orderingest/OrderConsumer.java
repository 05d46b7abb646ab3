package orders.ingest;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/* Parses, validates, enriches and routes orders from the topic. */
final class OrderConsumer implements Runnable {
    private static final Set<String> KNOWN = Set.of(OrderFeed.WAREHOUSES);
    private final ArrayBlockingQueue<String> topic;
    private final RetryScheduler retries;
    private final AtomicLong consumed;
    private final String name;
    long routed;

    OrderConsumer(ArrayBlockingQueue<String> topic, RetryScheduler retries, AtomicLong consumed) {
        this.topic = topic;
        this.retries = retries;
        this.consumed = consumed;
        this.name = "consumer-" + System.identityHashCode(this);
    }

    @Override
    public void run() {
        for (;;) {
            String raw;
            try {
                raw = topic.take();
            } catch (InterruptedException e) {
                return;
            }
            onMessage(raw);
            consumed.incrementAndGet();
        }
    }

    void onMessage(String raw) {
        OrderMessage order = OrderParser.parse(raw);
        if (!KNOWN.contains(order.warehouse)) {
            reject(order, "unknown warehouse " + order.warehouse);
            return;
        }
        /* enrichment and routing: all short-lived */
        Map<String, Object> envelope = new HashMap<>();
        long total = 0;
        for (OrderMessage.OrderLine l : order.lines)
            total += (long) l.qty * l.priceCents;
        envelope.put("order", order.orderId);
        envelope.put("total", total);
        envelope.put("route", order.warehouse + "/pick-" + (order.lines.size() > 4 ? "bulk" : "small"));
        envelope.put("label", order.customer + " " + order.address);
        routed += envelope.toString().length();
    }

    void reject(OrderMessage order, String reason) {
        Map<String, String> diag = new HashMap<>();
        diag.put("consumer", name);
        diag.put("thread", Thread.currentThread().getName());
        diag.put("lines", Integer.toString(order.lines.size()));
        diag.put("rule", "warehouse-known: " + order.warehouse + " not in routing table rev "
            + (order.orderId.length() * 31 % 997));
        retries.park(new FailedOrder(order, reason, name,
            order.raw.getBytes(StandardCharsets.UTF_8), diag));
    }
}
