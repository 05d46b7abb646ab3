package fleet.telemetry;

import java.util.Map;

/* One sampled value with its tags. */
final class MetricPoint {
    final String name;
    final long timestampMillis;
    final double value;
    final Map<String, String> tags;

    MetricPoint(String name, long timestampMillis, double value, Map<String, String> tags) {
        this.name = name;
        this.timestampMillis = timestampMillis;
        this.value = value;
        this.tags = tags;
    }
}
