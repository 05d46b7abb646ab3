package orders.ingest;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/* Stands in for the broker client: renders order records as text. */
final class OrderFeed implements Runnable {
    static final String[] WAREHOUSES = { "FRA1", "FRA2", "AMS1", "WAW1", "MAD3", "LIS1", "DUB2",
        "MUC4", "PRG1", "VIE2", "ZRH1", "CPH1", "OSL1", "STO2" };
    private final ArrayBlockingQueue<String> topic;
    private final int perSecond;

    OrderFeed(ArrayBlockingQueue<String> topic, int perSecond) {
        this.topic = topic;
        this.perSecond = Math.max(1, perSecond);
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        long n = 0;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(1024);
        for (;;) {
            for (int i = 0; i < 50; i++) {
                sb.setLength(0);
                /* one in five names a warehouse that was decommissioned */
                String wh = rnd.nextInt(5) == 0 ? "BER9" : WAREHOUSES[rnd.nextInt(WAREHOUSES.length)];
                sb.append("{\"orderId\":\"ORD-").append(n + i).append('-')
                    .append(Long.toHexString(rnd.nextLong())).append("\",\"customer\":\"C")
                    .append(rnd.nextInt(2_000_000)).append("\",\"warehouse\":\"").append(wh)
                    .append("\",\"address\":\"").append(rnd.nextInt(1, 300))
                    .append(" Long Street, Building ").append((char) ('A' + rnd.nextInt(26)))
                    .append(", Floor ").append(rnd.nextInt(40)).append("\",\"lines\":[");
                int lines = 1 + rnd.nextInt(8);
                for (int l = 0; l < lines; l++) {
                    if (l > 0)
                        sb.append(',');
                    sb.append("{\"sku\":\"SKU-").append(rnd.nextInt(900_000)).append("\",\"qty\":")
                        .append(1 + rnd.nextInt(5)).append(",\"price\":").append(rnd.nextInt(100, 90_000))
                        .append('}');
                }
                sb.append("]}");
                try {
                    topic.put(sb.toString());
                } catch (InterruptedException e) {
                    return;
                }
            }
            n += 50;
            long wait = t0 + n * 1_000_000_000L / perSecond - System.nanoTime();
            if (wait > 0)
                LockSupport.parkNanos(wait);
        }
    }
}
