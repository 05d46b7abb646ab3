/*
 * ledgerbatch (control): a ledger service that runs a reconciliation batch
 * every few seconds: it builds a large in-memory index of the day's
 * postings (~40% of the heap), reconciles it, and drops it (look-alike:
 * batch spikes, a sawtooth of live data).  Between batches, API threads
 * serve balance queries that make only garbage.
 *
 * usage: java -Xmx256m -cp DIR finance.ledger.NightlyLedger [--seconds N]
 */
package finance.ledger;

import java.util.concurrent.atomic.AtomicLong;

public final class NightlyLedger {
    static final int POSTINGS_PER_BATCH = 700_000;

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else {
                System.err.println("usage: finance.ledger.NightlyLedger [--seconds N]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("ledgerbatch: ledger up, reconciling " + POSTINGS_PER_BATCH
            + " postings per batch");

        AtomicLong queries = new AtomicLong();
        Thread api = new Thread(new BalanceApi(queries), "balance-api");
        api.setDaemon(true);
        api.start();
        ReconciliationJob job = new ReconciliationJob(POSTINGS_PER_BATCH);
        Thread batch = new Thread(job, "reconciliation");
        batch.setDaemon(true);
        batch.start();

        Runtime rt = Runtime.getRuntime();
        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        while (System.nanoTime() < deadline)
            Thread.sleep(200);
        System.gc();
        System.out.println("ledgerbatch: stopping after " + seconds + " s, " + job.batches()
            + " batches, " + queries.get() + " queries, live "
            + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
