package payments.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/* Handles payment API calls and times each one. */
final class GatewayWorker implements Runnable {
    private static final String[] TEMPLATED = { "/v1/payments/{id}", "/v1/payments",
        "/v1/customers/{id}/methods", "/v1/balance" };
    private static final AtomicLong PAYMENT_IDS = new AtomicLong(70_000_000);
    private final MeterRegistry registry;
    private final int perSecond;
    private final AtomicLong served;
    long sink;

    GatewayWorker(MeterRegistry registry, int perSecond, AtomicLong served) {
        this.registry = registry;
        this.perSecond = Math.max(1, perSecond);
        this.served = served;
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        long n = 0;
        for (;;) {
            for (int i = 0; i < 10; i++)
                handle();
            n += 10;
            served.addAndGet(10);
            long wait = t0 + n * 1_000_000_000L / perSecond - System.nanoTime();
            if (wait > 0)
                LockSupport.parkNanos(wait);
        }
    }

    void handle() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long begin = System.nanoTime();
        String uri;
        if (rnd.nextInt(5) == 0) {
            /* refunds and webhooks are tagged with the raw path */
            uri = (rnd.nextBoolean() ? "/v1/refunds/pay_" : "/v1/webhooks/evt_")
                + Long.toString(PAYMENT_IDS.incrementAndGet(), 36) + "/status";
        } else {
            uri = TEMPLATED[rnd.nextInt(TEMPLATED.length)];
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer sk_live_" + Long.toHexString(rnd.nextLong()));
        headers.put("Idempotency-Key", Long.toHexString(rnd.nextLong()));
        String body = "{\"amount\":" + rnd.nextInt(100, 1_000_000) + ",\"currency\":\"eur\"}";
        sink += body.length() + headers.size();
        int status = rnd.nextInt(50) == 0 ? 402 : 200;
        registry.timer("http.server.requests", new Tag("uri", uri),
            new Tag("method", "POST"), new Tag("status", Integer.toString(status)))
            .record(System.nanoTime() - begin);
    }
}
