package orders.ingest;

import java.nio.charset.StandardCharsets;

/*
 * Halts the process as soon as any thread dies of an uncaught throwable
 * (in practice an OutOfMemoryError), with status 3 for an OutOfMemoryError
 * and 4 for anything else, so that a dying service does not linger with
 * half its threads gone.  install() walks the whole path once while there
 * is heap to spare: near the limit neither string building nor the first
 * use of a class name (which has the application class loader look it up,
 * in Java) can be counted on.
 */
final class FatalHandler implements Thread.UncaughtExceptionHandler {
    static final int OOM_STATUS = 3;
    static final int OTHER_STATUS = 4;
    private static final byte[] LAST_WORDS = ("orderingest: java.lang.OutOfMemoryError"
        + " (no heap left for details), halting\n").getBytes(StandardCharsets.US_ASCII);

    private static Runtime runtime;
    private final long startedNanos;

    private FatalHandler(long startedNanos) {
        this.startedNanos = startedNanos;
    }

    static void install(long startedNanos) {
        FatalHandler h = new FatalHandler(startedNanos);
        /* resolves Runtime, OutOfMemoryError and the describe() path now */
        runtime = Runtime.getRuntime();
        OutOfMemoryError rehearsal = new OutOfMemoryError("rehearsal");
        h.describe(Thread.currentThread(), rehearsal);
        statusFor(rehearsal);
        System.err.write(LAST_WORDS, 0, 0);
        System.err.flush();
        try {
            Class.forName("java.lang.Shutdown");
        } catch (ClassNotFoundException e) {
            // not OpenJDK; halt() loads what it needs
        }
        Thread.setDefaultUncaughtExceptionHandler(h);
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        synchronized (this) {
            try {
                System.err.println(describe(t, e));
            } catch (Throwable again) {
                System.err.write(LAST_WORDS, 0, LAST_WORDS.length);
            }
            System.err.flush();
            runtime.halt(statusFor(e));
        }
    }

    private static int statusFor(Throwable e) {
        return e instanceof OutOfMemoryError ? OOM_STATUS : OTHER_STATUS;
    }

    private String describe(Thread t, Throwable e) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("orderingest: uncaught ").append(e).append(" in thread \"")
            .append(t.getName()).append("\" after ")
            .append((System.nanoTime() - startedNanos) / 1_000_000).append(" ms, halting");
        return sb.toString();
    }
}
