package billing.api;

import java.util.concurrent.ThreadLocalRandom;

/* A parsed POST /invoices body. */
final class InvoiceRequest {
    final long requestId;
    final String tenant;
    final String customerRef;
    final int[] lineCents;
    final String currency;

    private InvoiceRequest(long requestId, String tenant, String customerRef, int[] lineCents,
        String currency) {
        this.requestId = requestId;
        this.tenant = tenant;
        this.customerRef = customerRef;
        this.lineCents = lineCents;
        this.currency = currency;
    }

    static InvoiceRequest random(long requestId) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int[] lines = new int[1 + rnd.nextInt(12)];
        for (int i = 0; i < lines.length; i++)
            lines[i] = rnd.nextInt(100, 250_000);
        return new InvoiceRequest(requestId, "tenant-" + rnd.nextInt(300),
            "CUST-" + Long.toString(rnd.nextLong(1L << 40), 36).toUpperCase(), lines,
            rnd.nextBoolean() ? "EUR" : "USD");
    }
}
