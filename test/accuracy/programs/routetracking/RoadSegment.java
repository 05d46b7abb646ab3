package logistics.routing;

/* One directed road segment between two junctions. */
final class RoadSegment {
    final int from;
    final int to;
    final float lengthMeters;
    final short speedKmh;
    final short roadClass;
    final String streetName;
    final int[] geometry;

    RoadSegment(int from, int to, float lengthMeters, short speedKmh, short roadClass,
        String streetName, int[] geometry) {
        this.from = from;
        this.to = to;
        this.lengthMeters = lengthMeters;
        this.speedKmh = speedKmh;
        this.roadClass = roadClass;
        this.streetName = streetName;
        this.geometry = geometry;
    }

    float travelSeconds() {
        return lengthMeters / (speedKmh / 3.6f);
    }
}
