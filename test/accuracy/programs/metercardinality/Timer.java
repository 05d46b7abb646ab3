package payments.metrics;

/* Counts, totals and a bucketed latency histogram. */
final class Timer {
    static final int BUCKETS = 72;
    final MeterId id;
    private final long[] buckets = new long[BUCKETS];
    private long count;
    private long totalNanos;
    private long maxNanos;

    Timer(MeterId id) {
        this.id = id;
    }

    synchronized void record(long nanos) {
        count++;
        totalNanos += nanos;
        maxNanos = Math.max(maxNanos, nanos);
        int b = 63 - Long.numberOfLeadingZeros(Math.max(1, nanos));
        buckets[Math.min(BUCKETS - 1, b)]++;
    }

    synchronized long percentile(double p) {
        long want = (long) (count * p);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += buckets[i];
            if (seen >= want)
                return 1L << i;
        }
        return maxNanos;
    }

    synchronized long count() {
        return count;
    }
}
