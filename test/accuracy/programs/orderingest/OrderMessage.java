package orders.ingest;

import java.util.List;

/* A parsed order. */
final class OrderMessage {
    final String orderId;
    final String customer;
    final String warehouse;
    final String address;
    final List<OrderLine> lines;
    final String raw;

    OrderMessage(String orderId, String customer, String warehouse, String address,
        List<OrderLine> lines, String raw) {
        this.orderId = orderId;
        this.customer = customer;
        this.warehouse = warehouse;
        this.address = address;
        this.lines = lines;
        this.raw = raw;
    }

    static final class OrderLine {
        final String sku;
        final int qty;
        final int priceCents;

        OrderLine(String sku, int qty, int priceCents) {
            this.sku = sku;
            this.qty = qty;
            this.priceCents = priceCents;
        }
    }
}
