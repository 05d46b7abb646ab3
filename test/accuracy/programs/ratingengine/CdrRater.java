package telco.rating;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/* Parses call detail records, looks the caller up, prices the call and
 * emits a rated record: all of it garbage once written. */
final class CdrRater implements Runnable {
    private final SubscriberDirectory dir;
    private final TariffBook tariffs;
    private final AtomicLong rated;
    long sink;

    CdrRater(SubscriberDirectory dir, TariffBook tariffs, AtomicLong rated) {
        this.dir = dir;
        this.tariffs = tariffs;
        this.rated = rated;
    }

    @Override
    public void run() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        List<String> batch = new ArrayList<>(256);
        for (;;) {
            batch.clear();
            for (int i = 0; i < 256; i++)
                batch.add((SubscriberDirectory.FIRST_MSISDN + rnd.nextInt(dir.size)) + ";"
                    + (SubscriberDirectory.FIRST_MSISDN + rnd.nextInt(dir.size)) + ";"
                    + rnd.nextInt(1, 3600) + ";" + rnd.nextInt(8) + ";cell-" + rnd.nextInt(90_000));
            for (String line : batch) {
                String[] f = line.split(";");
                Subscriber s = dir.find(Long.parseLong(f[0]));
                if (s == null)
                    continue;
                Map<String, Object> out = new HashMap<>();
                out.put("imsi", s.imsi);
                out.put("callee", f[1]);
                out.put("cents", tariffs.charge(s.planId, Integer.parseInt(f[3]), Integer.parseInt(f[2])));
                out.put("bundles", s.bundleIds.length);
                out.put("cell", f[4]);
                sink += out.toString().length();
            }
            rated.addAndGet(batch.size());
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
