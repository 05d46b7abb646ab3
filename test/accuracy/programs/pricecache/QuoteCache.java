package shopfront.pricing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/* "Quotes are expensive to compute, keep them."  Nobody ever removes one. */
final class QuoteCache {
    static final Map<String, PriceQuote> QUOTES = new ConcurrentHashMap<>();

    private QuoteCache() {
    }

    static PriceQuote get(String key) {
        return QUOTES.get(key);
    }

    static void put(String key, PriceQuote quote) {
        QUOTES.put(key, quote);
    }

    static int size() {
        return QUOTES.size();
    }
}
