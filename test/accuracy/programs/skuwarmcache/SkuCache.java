package inventory.lookup;

import java.util.concurrent.ConcurrentHashMap;

/* Read-through cache over the catalogue; the catalogue is its bound. */
final class SkuCache {
    private final ConcurrentHashMap<Integer, SkuRecord> records = new ConcurrentHashMap<>();
    private final SkuDatabase db;

    SkuCache(SkuDatabase db) {
        this.db = db;
    }

    SkuRecord get(int sku) {
        SkuRecord r = records.get(sku);
        if (r == null) {
            r = db.load(sku);
            SkuRecord raced = records.putIfAbsent(sku, r);
            if (raced != null)
                r = raced;
        }
        return r;
    }

    int size() {
        return records.size();
    }
}
