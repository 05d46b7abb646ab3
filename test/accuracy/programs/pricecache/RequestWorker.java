package shopfront.pricing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/* One servlet thread: parses a request, prices it, renders a response.
 * One request in ten comes from a customer never seen before. */
final class RequestWorker implements Runnable {
    private static final String[] CURRENCIES = { "EUR", "USD", "GBP" };
    private static final AtomicLong NEXT_CUSTOMER = new AtomicLong(1_000_000);
    private final QuoteService quotes;
    private final int perSecond;
    private final int id;
    private final AtomicLong served;
    private final long[] recentCustomers = new long[512];
    long sink;

    RequestWorker(QuoteService quotes, int perSecond, int id, AtomicLong served) {
        this.quotes = quotes;
        this.perSecond = Math.max(1, perSecond);
        this.id = id;
        this.served = served;
        for (int i = 0; i < recentCustomers.length; i++)
            recentCustomers[i] = NEXT_CUSTOMER.incrementAndGet();
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        long n = 0;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (;;) {
            for (int i = 0; i < 20; i++) {
                long customer;
                int skuIndex;
                if (rnd.nextInt(10) == 0) {
                    customer = NEXT_CUSTOMER.incrementAndGet();
                    recentCustomers[rnd.nextInt(recentCustomers.length)] = customer;
                } else {
                    customer = recentCustomers[rnd.nextInt(recentCustomers.length)];
                }
                /* a customer keeps looking at the few items in their cart */
                skuIndex = (int) ((customer * 31 + rnd.nextInt(4)) % 20_000);
                String request = "GET /api/price?customer=" + customer + "&sku="
                    + skuIndex + "&worker=" + id;
                String[] parts = request.substring(request.indexOf('?') + 1).split("&");
                int sku = Integer.parseInt(parts[1].substring(4)) % 20_000;
                PriceQuote q = quotes.quote(customer, sku, CURRENCIES[(int) (customer % 3)]);
                String response = "{\"sku\":\"" + q.sku + "\",\"price\":" + q.cents
                    + ",\"at\":" + q.computedAtMillis + "}";
                sink += response.length();
            }
            n += 20;
            served.addAndGet(20);
            long wait = t0 + n * 1_000_000_000L / perSecond - System.nanoTime();
            if (wait > 0)
                LockSupport.parkNanos(wait);
        }
    }
}
