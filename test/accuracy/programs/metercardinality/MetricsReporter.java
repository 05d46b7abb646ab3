package payments.metrics;

/* Publishes p50/p99 of every timer every 10 s (here: sums them). */
final class MetricsReporter implements Runnable {
    private final MeterRegistry registry;
    long published;

    MetricsReporter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void run() {
        for (;;) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                return;
            }
            StringBuilder line = new StringBuilder();
            for (Timer t : registry.all()) {
                line.setLength(0);
                line.append(t.id.name).append(" p50=").append(t.percentile(0.5)).append(" p99=")
                    .append(t.percentile(0.99)).append(" n=").append(t.count());
                published += line.length();
            }
        }
    }
}
