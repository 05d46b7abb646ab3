package finance.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/* Every ~4 s: load a day of postings, index them by account, check every
 * account balances, then let it all go. */
final class ReconciliationJob implements Runnable {
    private final int postings;
    private volatile long batches;
    long mismatches;

    ReconciliationJob(int postings) {
        this.postings = postings;
    }

    long batches() {
        return batches;
    }

    @Override
    public void run() {
        for (;;) {
            mismatches += reconcile();
            batches++;
            try {
                Thread.sleep(4000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long reconcile() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        Map<String, List<Posting>> byAccount = new HashMap<>();
        for (int i = 0; i < postings; i++) {
            String account = "DE" + (10_000_000 + rnd.nextInt(60_000));
            Posting p = new Posting(batches * postings + i, account,
                rnd.nextLong(-500_000, 500_000), "REF-" + Long.toString(rnd.nextLong(1L << 50), 36));
            byAccount.computeIfAbsent(account, k -> new ArrayList<>()).add(p);
            if ((i & 0xffff) == 0)
                Thread.yield();
        }
        long off = 0;
        for (List<Posting> list : byAccount.values()) {
            long sum = 0;
            for (Posting p : list)
                sum += p.amountCents;
            if (sum % 97 == 0)
                off++;
        }
        return off;
    }
}
