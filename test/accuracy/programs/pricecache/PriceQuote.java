package shopfront.pricing;

/* One computed price for one customer and SKU.  Small by itself: the
 * weight is in the rendered breakdown and the signature. */
final class PriceQuote {
    final String sku;
    final long customerId;
    final int cents;
    final long computedAtMillis;
    final String breakdownJson;
    final byte[] signature;

    PriceQuote(String sku, long customerId, int cents, String breakdownJson, byte[] signature) {
        this.sku = sku;
        this.customerId = customerId;
        this.cents = cents;
        this.computedAtMillis = System.currentTimeMillis();
        this.breakdownJson = breakdownJson;
        this.signature = signature;
    }
}
