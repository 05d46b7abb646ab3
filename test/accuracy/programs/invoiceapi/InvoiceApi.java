/*
 * invoiceapi: an invoicing API whose pooled worker threads keep a
 * per-request audit trail in a ThreadLocal that is never cleared (leak
 * shape: ThreadLocal in pooled threads never removed).
 *
 * A dispatcher hands invoice requests to a fixed ThreadPoolExecutor.  The
 * handler gets its thread's audit trail from RequestContextHolder.CONTEXT,
 * appends AuditEntry records while it works, and at the end "flushes" the
 * trail to the audit sink, which copies it, but nobody clears the list or
 * calls CONTEXT.remove().  The pool's threads live forever, so every
 * entry ever recorded stays reachable from Thread.threadLocals.  The
 * handlers also parse and render plenty of short-lived objects.
 *
 * usage: java -Xmx128m -cp DIR billing.api.InvoiceApi [--seconds N] [--rate R]
 *   --seconds N  stop after N seconds and exit 0
 *   --rate R     requests per second (default 3000)
 */
package billing.api;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public final class InvoiceApi {
    static final int POOL = 6;

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        long seconds = 0;
        int rate = 3000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length)
                seconds = Long.parseLong(args[++i]);
            else if (args[i].equals("--rate") && i + 1 < args.length)
                rate = Integer.parseInt(args[++i]);
            else {
                System.err.println("usage: billing.api.InvoiceApi [--seconds N] [--rate R]");
                System.exit(2);
            }
        }
        FatalHandler.install(started);
        System.out.println("invoiceapi: invoice API up, pool of " + POOL + ", " + rate
            + " requests/s");

        AtomicInteger threadNo = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(POOL, POOL, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(5000), r -> {
                Thread t = new Thread(r, "invoice-worker-" + threadNo.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.CallerRunsPolicy());
        pool.prestartAllCoreThreads();
        AuditSink sink = new AuditSink();
        InvoiceHandler handler = new InvoiceHandler(sink);
        AtomicLong served = new AtomicLong();

        int perSecond = Math.max(1, rate);
        Thread dispatcher = new Thread(() -> {
            long t0 = System.nanoTime();
            long n = 0;
            for (;;) {
                for (int i = 0; i < 10; i++) {
                    InvoiceRequest req = InvoiceRequest.random(n + i);
                    pool.execute(() -> {
                        handler.handle(req);
                        served.incrementAndGet();
                    });
                }
                n += 10;
                long wait = t0 + n * 1_000_000_000L / perSecond - System.nanoTime();
                if (wait > 0)
                    LockSupport.parkNanos(wait);
            }
        }, "http-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();

        long deadline = seconds > 0 ? started + seconds * 1_000_000_000L : Long.MAX_VALUE;
        while (System.nanoTime() < deadline)
            Thread.sleep(200);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.println("invoiceapi: stopping after " + seconds + " s, " + served.get()
            + " requests, " + sink.flushed() + " entries audited, live "
            + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
        System.exit(0);
    }
}
