package inventory.lookup;

/* What the storefront needs to know about one SKU. */
final class SkuRecord {
    final int sku;
    final String title;
    final String description;
    final int[] stockByWarehouse;
    final long loadedAtMillis;

    SkuRecord(int sku, String title, String description, int[] stockByWarehouse) {
        this.sku = sku;
        this.title = title;
        this.description = description;
        this.stockByWarehouse = stockByWarehouse;
        this.loadedAtMillis = System.currentTimeMillis();
    }
}
