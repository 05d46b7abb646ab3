package fleet.telemetry;

/* What one collector sampled in one tick, ready to encode. */
final class MetricBatch {
    final String host;
    final String subsystem;
    final long sequence;
    final MetricPoint[] points;
    int attempts;

    MetricBatch(String host, String subsystem, long sequence, MetricPoint[] points) {
        this.host = host;
        this.subsystem = subsystem;
        this.sequence = sequence;
        this.points = points;
    }
}
