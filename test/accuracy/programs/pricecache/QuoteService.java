package shopfront.pricing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/* Prices a SKU for a customer: rules, discounts, tax, and a signed
 * breakdown the storefront shows on the checkout page. */
final class QuoteService {
    private static final String[] RULES = {
        "loyalty-tier", "volume-break", "regional-tax", "promo-weekend",
        "bundle-discount", "shipping-surcharge", "currency-rounding",
    };
    private final Catalog catalog;

    QuoteService(Catalog catalog) {
        this.catalog = catalog;
    }

    PriceQuote quote(long customerId, int skuIndex, String currency) {
        String sku = catalog.sku(skuIndex);
        String key = customerId + "|" + sku + "|" + currency;
        PriceQuote q = QuoteCache.get(key);
        if (q != null)
            return q;
        int cents = catalog.listPrice(skuIndex);
        StringBuilder json = new StringBuilder(1400);
        json.append("{\"sku\":\"").append(sku).append("\",\"customer\":").append(customerId)
            .append(",\"currency\":\"").append(currency).append("\",\"steps\":[");
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < 14; i++) {
            int delta = rnd.nextInt(-300, 300);
            cents = Math.max(99, cents + delta);
            if (i > 0)
                json.append(',');
            json.append("{\"rule\":\"").append(RULES[i % RULES.length])
                .append("\",\"delta\":").append(delta).append(",\"after\":").append(cents)
                .append(",\"note\":\"applied by pricing-engine v4.2 for segment ")
                .append(customerId % 97).append("\"}");
        }
        json.append("],\"total\":").append(cents).append('}');
        String breakdown = json.toString();
        byte[] signature = sign(breakdown);
        q = new PriceQuote(sku, customerId, cents, breakdown, signature);
        QuoteCache.put(key, q);
        return q;
    }

    private static byte[] sign(String text) {
        byte[] raw = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] sig = new byte[96];
        for (int i = 0; i < raw.length; i++)
            sig[i % sig.length] ^= (byte) (raw[i] * 31 + i);
        return sig;
    }
}
