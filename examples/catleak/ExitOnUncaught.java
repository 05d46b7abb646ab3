package catleak;

import java.nio.charset.StandardCharsets;

/*
 * Ends the JVM with a fixed status as soon as any thread dies of an
 * uncaught throwable, in practice OutOfMemoryError.  Without it the handler
 * threads would die one by one and leave a process that no longer works
 * but does not exit.
 *
 * Near the heap limit the handler itself cannot count on any allocation,
 * and neither can running a piece of code for the first time: resolving a
 * class name that the application class loader has not yet looked up runs
 * ClassLoader.loadClass in Java, and Runtime.halt() loads java.lang.Shutdown.
 * install() therefore walks the handler's path once, while there is room.
 */
final class ExitOnUncaught implements Thread.UncaughtExceptionHandler {
	private static final byte[] OOM_LINE = ("catleak: java.lang.OutOfMemoryError"
	    + " (no heap left to say more), exiting\n").getBytes(
	    StandardCharsets.US_ASCII);

	private final int status;
	private final long started = System.nanoTime();

	private ExitOnUncaught(int status) {
		this.status = status;
	}

	static void install(int status) {
		ExitOnUncaught h = new ExitOnUncaught(status);
		/* The dry run: everything uncaughtException() uses but halt(). */
		h.describe(Thread.currentThread(), new OutOfMemoryError("dry run"));
		System.err.write(OOM_LINE, 0, 0);
		System.err.flush();
		try {
			Class.forName("java.lang.Shutdown");
		} catch (ClassNotFoundException e) {
			/* Not OpenJDK: halt() will load what it needs. */
		}
		Thread.setDefaultUncaughtExceptionHandler(h);
	}

	@Override
	public void uncaughtException(Thread t, Throwable e) {
		/* The first thread in halts the JVM; others wait here for it. */
		synchronized (this) {
			try {
				System.err.println(describe(t, e));
			} catch (Throwable again) {
				System.err.write(OOM_LINE, 0, OOM_LINE.length);
			}
			System.err.flush();
			Runtime.getRuntime().halt(status);
		}
	}

	/* A StringBuilder: string concatenation would link code on first use. */
	private String describe(Thread t, Throwable e) {
		StringBuilder sb = new StringBuilder(160);
		sb.append("catleak: ").append(e).append(" in thread \"")
		    .append(t.getName()).append("\" after ")
		    .append((System.nanoTime() - started) / 1_000_000)
		    .append(" ms");
		if (!(e instanceof OutOfMemoryError))
			sb.append(" (not an OutOfMemoryError)");
		return sb.append(", exiting with status ").append(status).toString();
	}
}
