package logistics.routing;

/* One parcel scan: where, when, and the scanner's raw record. */
final class ShipmentTrace {
    final String scanId;
    final String parcelId;
    final int junction;
    final long scannedAtMillis;
    final byte[] scannerPayload;

    ShipmentTrace(String scanId, String parcelId, int junction, byte[] scannerPayload) {
        this.scanId = scanId;
        this.parcelId = parcelId;
        this.junction = junction;
        this.scannedAtMillis = System.currentTimeMillis();
        this.scannerPayload = scannerPayload;
    }
}
