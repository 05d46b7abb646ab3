/*
 * AllocBench: an allocation-heavy loop, for the agent's overhead benchmark
 * (bench/bench.sh).  Not a test: it prints one line of numbers.
 *
 * Two worker threads allocate as fast as they can: every operation makes a
 * byte[] of 64 to 4096 bytes (a fixed mix, 600 bytes on average) and a
 * small Item of a few fields pointing at it, and stores the Item in a ring
 * of 4096 slots per thread, where it stays for the next 4096 operations
 * (about half a millisecond at full speed).  The store into an array
 * field makes every
 * allocation escape, so the JIT cannot remove it, and the ring keeps a few
 * megabytes alive across each young collection, as a service's in-flight
 * requests would.  One operation in 16 also makes a short long[].  On the
 * project's 2-CPU machine that is 9-15 GB/s (G1, -Xmx256m), far more than
 * a real service allocates: the agent's per-collection work is paid ~60
 * times a second.
 *
 * After --warmup seconds (JIT, heap sizing) the main thread counts the
 * operations done in the next --seconds and prints
 *   allocbench: ops=N seconds=S ops_per_s=R bytes_per_s=B
 * bytes_per_s is estimated from the sizes allocated, with the 64-bit
 * compressed-oops layout (16-byte array header, objects rounded to 8).
 * Then one more line for bench.sh, about the same window:
 *   allocbench: window start_ms=A end_ms=B cpu_ns=C
 * A and B in milliseconds since the epoch (to pick the agent's log lines
 * of the window), C the CPU time the whole process used in it, every
 * thread (GC, JIT, the agent's) together.
 *
 * --leak additionally keeps 400 KiB per second (--leak-kib) of
 * allocbench.Retained objects in a list that only grows, added by a third
 * thread in batches every 10 ms, from the start: the agent sees a leak,
 * names allocbench.Retained as a suspect (about 20-25 s after start: its
 * minspan) and turns on allocation sampling and the holder search.  With
 * a warm-up longer than that, the measured part is what the allocating
 * threads pay while sampling is on.
 *
 * usage: java -Xmx256m -cp DIR allocbench.AllocBench [--seconds N]
 *            [--warmup W] [--leak] [--leak-kib K]
 *   --seconds N   measured time, default 20
 *   --warmup W    time before measuring, default 5
 *   --leak        also retain allocbench.Retained objects
 *   --leak-kib K  how many KiB of them per second, default 400
 * Exits 0 after warmup + seconds.
 */
package allocbench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

public final class AllocBench {
	static final int THREADS = 2;
	static final int RING = 4096;		/* per thread, power of two */
	static final int PUBLISH = 1024;	/* ops between counter updates */
	static final int ITEM_BYTES = 32;	/* header 12 + 8 + 4 + 4, to 8 */
	static final int ARRAY_HEADER = 16;
	/* The byte[] sizes, cycled; 64 entries, 600 bytes on average. */
	static final int[] SIZES = new int[64];

	static {
		int[] mix = { 64, 64, 64, 64, 64, 64, 96, 96, 96, 96, 128, 128,
		    128, 128, 128, 160, 192, 192, 256, 256, 256, 256, 320, 384,
		    448, 512, 512, 512, 640, 768, 1024, 1024, 1536, 2048,
		    4096, 4096 };
		for (int i = 0; i < SIZES.length; i++)
			SIZES[i] = mix[(i * 7) % mix.length];
	}

	public static void main(String[] args) throws InterruptedException {
		long seconds = 20, warmup = 5;
		int leakKib = 400;
		boolean leak = false;
		try {
			for (int i = 0; i < args.length; i++) {
				if (args[i].equals("--leak"))
					leak = true;
				else if (i + 1 >= args.length)
					usage();
				else if (args[i].equals("--seconds"))
					seconds = Long.parseLong(args[++i]);
				else if (args[i].equals("--warmup"))
					warmup = Long.parseLong(args[++i]);
				else if (args[i].equals("--leak-kib"))
					leakKib = Integer.parseInt(args[++i]);
				else
					usage();
			}
		} catch (NumberFormatException e) {
			usage();
		}
		if (seconds <= 0 || warmup < 0 || leakKib <= 0)
			usage();

		/*
		 * Looked up and read once now: the first use of
		 * ManagementFactory costs hundreds of milliseconds, which must
		 * not fall in the window.
		 */
		OperatingSystemMXBean os = (OperatingSystemMXBean)
		    ManagementFactory.getOperatingSystemMXBean();
		if (os.getProcessCpuTime() < 0) {
			System.err.println("allocbench: no process CPU time");
			System.exit(1);
		}

		Worker[] w = new Worker[THREADS];
		for (int i = 0; i < THREADS; i++) {
			w[i] = new Worker(i);
			w[i].setDaemon(true);
			w[i].start();
		}
		if (leak) {
			Thread l = new Thread(new Leaker(leakKib), "leaker");
			l.setDaemon(true);
			l.start();
		}
		Thread.sleep(warmup * 1000);
		long t0 = System.nanoTime();
		long ms0 = System.currentTimeMillis();
		long cpu0 = os.getProcessCpuTime();
		long ops0 = 0, bytes0 = 0;
		for (Worker x : w) {
			ops0 += x.ops;
			bytes0 += x.bytes;
		}
		Thread.sleep(seconds * 1000);
		long t1 = System.nanoTime();
		long ms1 = System.currentTimeMillis();
		long cpu1 = os.getProcessCpuTime();
		long ops1 = 0, bytes1 = 0;
		for (Worker x : w) {
			ops1 += x.ops;
			bytes1 += x.bytes;
		}
		double s = (t1 - t0) / 1e9;
		System.out.printf("allocbench: ops=%d seconds=%.3f ops_per_s=%.0f "
		    + "bytes_per_s=%.0f%n", ops1 - ops0, s, (ops1 - ops0) / s,
		    (bytes1 - bytes0) / s);
		System.out.printf("allocbench: window start_ms=%d end_ms=%d "
		    + "cpu_ns=%d%n", ms0, ms1, cpu1 - cpu0);
		System.exit(0);
	}

	static void usage() {
		System.err.println("usage: allocbench.AllocBench [--seconds N] "
		    + "[--warmup W] [--leak] [--leak-kib K]");
		System.exit(2);
	}

	static long arrayBytes(int elems, int elemSize) {
		return (ARRAY_HEADER + (long)elems * elemSize + 7) & ~7L;
	}

	/* A short-lived request-like object. */
	static final class Item {
		final long id;
		final int size;
		final byte[] data;

		Item(long id, int size, byte[] data) {
			this.id = id;
			this.size = size;
			this.data = data;
		}
	}

	static final class Worker extends Thread {
		final Item[] ring = new Item[RING];
		long[] side;		/* the occasional long[], published */
		volatile long ops;	/* published every PUBLISH ops */
		volatile long bytes;

		Worker(int n) {
			super("alloc-" + n);
		}

		@Override
		public void run() {
			long n = 0, b = 0, sum = 0;
			int k = getName().hashCode() & 63;
			for (;;) {
				for (int j = 0; j < PUBLISH; j++) {
					int size = SIZES[k++ & 63];
					byte[] data = new byte[size];
					data[size - 1] = (byte)n;
					Item it = new Item(n, size, data);
					int slot = (int)(n & (RING - 1));
					Item old = ring[slot];
					if (old != null)
						sum += old.data[old.size - 1];
					ring[slot] = it;
					b += arrayBytes(size, 1) + ITEM_BYTES;
					if ((n & 15) == 0) {
						long[] l = new long[4];
						l[0] = n;
						l[3] = sum;
						side = l;
						b += arrayBytes(4, 8);
					}
					n++;
				}
				ops = n;
				bytes = b;
			}
		}
	}

	/* Keeps K KiB/s of Retained forever, in batches every 10 ms. */
	static final class Leaker implements Runnable {
		final List<Retained> kept = new ArrayList<>();
		final int perBatch;

		Leaker(int kib) {
			perBatch = Math.max(1, kib * 1024 / 100 / Retained.BYTES);
		}

		@Override
		public void run() {
			long n = 0;
			long next = System.nanoTime();
			for (;;) {
				for (int i = 0; i < perBatch; i++, n++)
					kept.add(new Retained(n, System.nanoTime()));
				next += 10_000_000L;
				long wait = next - System.nanoTime();
				if (wait > 0) {
					try {
						Thread.sleep(wait / 1_000_000,
						    (int)(wait % 1_000_000));
					} catch (InterruptedException e) {
						return;
					}
				}
			}
		}
	}
}
