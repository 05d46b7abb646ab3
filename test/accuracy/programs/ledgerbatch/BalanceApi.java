package finance.ledger;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/* Balance queries between (and during) batches: garbage only. */
final class BalanceApi implements Runnable {
    private final AtomicLong queries;
    long sink;

    BalanceApi(AtomicLong queries) {
        this.queries = queries;
    }

    @Override
    public void run() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long t0 = System.nanoTime();
        long n = 0;
        for (;;) {
            for (int i = 0; i < 20; i++) {
                String account = "DE" + (10_000_000 + rnd.nextInt(60_000));
                String json = "{\"account\":\"" + account + "\",\"balance\":" + rnd.nextLong(1L << 32)
                    + ",\"currency\":\"EUR\",\"asOf\":" + System.currentTimeMillis() + "}";
                sink += json.length();
            }
            n += 20;
            queries.addAndGet(20);
            long wait = t0 + n * 1_000_000_000L / 4000 - System.nanoTime();
            if (wait > 0)
                LockSupport.parkNanos(wait);
        }
    }
}
