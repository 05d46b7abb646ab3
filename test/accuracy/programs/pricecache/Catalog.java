package shopfront.pricing;

import java.util.concurrent.ThreadLocalRandom;

/* The product catalogue: a fixed set of SKUs with list prices that the
 * inventory refresher keeps nudging. */
final class Catalog {
    private final String[] skus;
    private final int[] listCents;

    Catalog(int size) {
        skus = new String[size];
        listCents = new int[size];
        for (int i = 0; i < size; i++) {
            skus[i] = String.format("SKU-%06d-%s", i, i % 3 == 0 ? "EU" : "US");
            listCents[i] = 199 + (i * 7919) % 50_000;
        }
    }

    int size() {
        return skus.length;
    }

    String sku(int i) {
        return skus[i];
    }

    int listPrice(int i) {
        return listCents[i];
    }

    void reprice(int i, int cents) {
        listCents[i] = cents;
    }

    int randomIndex() {
        return ThreadLocalRandom.current().nextInt(skus.length);
    }
}
