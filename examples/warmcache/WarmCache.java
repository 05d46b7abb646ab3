/*
 * WarmCache: the control that must NOT look like a leak.
 *
 * A service keeps rendered product pages in a bounded LRU cache
 * (LinkedHashMap with removeEldestEntry, bounded by entry count).  Worker
 * threads serve requests for products drawn uniformly from a catalogue a
 * little larger than the cache: at first every request misses and the cache
 * grows, after about 5-8 s it is full, and from then on it stays the same
 * size.  Misses keep replacing the eldest entries (about 13% of requests),
 * so old pages die in the old generation and the heap floor saws up and
 * down around a flat line; each request also makes short-lived garbage.
 *
 * By default the cache is sized to about 35% of the maximum heap: at
 * -Xmx128m, 10914 entries and 46 MB live (36%, what a full GC leaves).
 * G1's young and mixed collections leave some dead pages behind, so their
 * post-GC heap sits at 45-55%.  On JDK 25, G1 at this heap size now and
 * then fails an evacuation during a mixed collection and falls back to a
 * full GC, which again leaves 46 MB.  The program exits 0 after --seconds.
 *
 * usage: java -Xmx128m -cp DIR warmcache.WarmCache [--seconds N]
 *            [--entries N] [--rate R] [--bench [--warmup W]]
 *   --seconds N  run time, default 75
 *   --entries N  cache capacity (default: 35% of the max heap's worth)
 *   --rate R     requests per second, all workers together (default 4000)
 *   --bench      throughput mode, for bench/bench.sh: the workers serve
 *                as fast as they can (no --rate), and after --warmup W
 *                seconds (default 5) the requests of the next --seconds
 *                are counted and printed as one line,
 *                "warmcache: requests=N seconds=S requests_per_s=R",
 *                then "warmcache: window start_ms=A end_ms=B cpu_ns=C"
 *                (the window in ms since the epoch, and the CPU time
 *                the whole process used in it), instead of the
 *                progress lines
 * Prints one line at start and a progress line every 10 s on stdout.
 */
package warmcache;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

public final class WarmCache {
	static final int WORKERS = 2;
	static final int PAYLOAD_MIN = 2048;
	static final int PAYLOAD_SPREAD = 4096;	/* 2-6 KB, 4 KB average */
	/* Per entry: payload + page + title + key + map entry and slot. */
	static final int ENTRY_BYTES = PAYLOAD_MIN + PAYLOAD_SPREAD / 2 + 208;
	static final double HEAP_SHARE = 0.35;
	static final int CATALOGUE_PERCENT = 115;	/* of the capacity */

	static final AtomicLong requests = new AtomicLong();
	static final AtomicLong misses = new AtomicLong();
	static final AtomicBoolean full = new AtomicBoolean();
	static final long started = System.nanoTime();

	public static void main(String[] args) throws InterruptedException {
		long seconds = 75;
		int entries = 0;
		int rate = 4000;
		boolean bench = false;
		long warmup = 5;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--seconds") && i + 1 < args.length)
				seconds = Long.parseLong(args[++i]);
			else if (args[i].equals("--entries") && i + 1 < args.length)
				entries = Integer.parseInt(args[++i]);
			else if (args[i].equals("--rate") && i + 1 < args.length)
				rate = Integer.parseInt(args[++i]);
			else if (args[i].equals("--bench"))
				bench = true;
			else if (args[i].equals("--warmup") && i + 1 < args.length)
				warmup = Long.parseLong(args[++i]);
			else {
				System.err.println("usage: warmcache.WarmCache "
				    + "[--seconds N] [--entries N] [--rate R] "
				    + "[--bench [--warmup W]]");
				System.exit(2);
			}
		}
		Runtime rt = Runtime.getRuntime();
		if (entries == 0)
			entries = (int)(rt.maxMemory() * HEAP_SHARE / ENTRY_BYTES);
		if (seconds <= 0 || entries <= 0 || rate <= 0) {
			System.err.println("warmcache: --seconds, --entries and "
			    + "--rate must be > 0");
			System.exit(2);
		}
		if (warmup < 0) {
			System.err.println("warmcache: --warmup must be >= 0");
			System.exit(2);
		}

		LruCache<Long, ProductPage> cache = new LruCache<>(entries);
		int catalogue = (int)((long)entries * CATALOGUE_PERCENT / 100);
		for (int i = 1; i <= WORKERS; i++) {
			Thread w = new Thread(new Worker(cache, catalogue,
			    bench ? 0 : (double)rate / WORKERS), "worker-" + i);
			w.setDaemon(true);
			w.start();
		}
		System.out.printf("warmcache: start pid=%d capacity=%d "
		    + "catalogue=%d rate=%d req/s expected_cache_mb=%d "
		    + "max_heap_mb=%d%n", ProcessHandle.current().pid(), entries,
		    catalogue, rate, (long)entries * ENTRY_BYTES >> 20,
		    rt.maxMemory() >> 20);

		if (bench) {
			/* The first use costs hundreds of ms: not in the window. */
			OperatingSystemMXBean os = (OperatingSystemMXBean)
			    ManagementFactory.getOperatingSystemMXBean();
			if (os.getProcessCpuTime() < 0) {
				System.err.println("warmcache: no process CPU time");
				System.exit(1);
			}
			Thread.sleep(warmup * 1000);
			long r0 = requests.get(), t0 = System.nanoTime();
			long ms0 = System.currentTimeMillis();
			long cpu0 = os.getProcessCpuTime();
			Thread.sleep(seconds * 1000);
			long r1 = requests.get(), t1 = System.nanoTime();
			long ms1 = System.currentTimeMillis();
			long cpu1 = os.getProcessCpuTime();
			double s = (t1 - t0) / 1e9;
			System.out.printf("warmcache: requests=%d seconds=%.3f "
			    + "requests_per_s=%.0f%n", r1 - r0, s, (r1 - r0) / s);
			System.out.printf("warmcache: window start_ms=%d "
			    + "end_ms=%d cpu_ns=%d%n", ms0, ms1, cpu1 - cpu0);
			System.exit(0);
		}
		long start = started;
		long lastRequests = 0, lastMisses = 0;
		for (long tick = 10; ; tick += 10) {
			long end = Math.min(tick, seconds);
			long wait = start + end * 1_000_000_000L - System.nanoTime();
			if (wait > 0)
				Thread.sleep(wait / 1_000_000, (int)(wait % 1_000_000));
			long r = requests.get(), m = misses.get();
			long used = (rt.totalMemory() - rt.freeMemory()) >> 20;
			System.out.printf("warmcache: t=%ds entries=%d requests=%d "
			    + "hit_ratio=%.2f heap_used_mb=%d%n", end, cache.size(),
			    r, r == lastRequests ? 0.0 :
			    1.0 - (double)(m - lastMisses) / (r - lastRequests),
			    used);
			lastRequests = r;
			lastMisses = m;
			if (end >= seconds) {
				System.out.printf("warmcache: done after %d s%n",
				    seconds);
				System.exit(0);
			}
		}
	}

	/*
	 * One worker thread, paced to its share of the request rate, or
	 * unpaced when that share is 0 (--bench).
	 */
	static final class Worker implements Runnable {
		private final LruCache<Long, ProductPage> cache;
		private final int catalogue;
		private final double perSecond;
		private long bytesOut;	/* keeps the garbage from being optimised away */

		Worker(LruCache<Long, ProductPage> cache, int catalogue,
		    double perSecond) {
			this.cache = cache;
			this.catalogue = catalogue;
			this.perSecond = perSecond;
		}

		@Override
		public void run() {
			if (perSecond <= 0) {
				for (;;)
					serve(ThreadLocalRandom.current());
			}
			long start = System.nanoTime();
			long done = 0;
			for (;;) {
				long due = (long)((System.nanoTime() - start)
				    * perSecond / 1e9);
				if (due - done > (long)perSecond)
					done = due - (long)perSecond;
				if (done >= due) {
					try {
						Thread.sleep(2);
					} catch (InterruptedException e) {
						return;
					}
					continue;
				}
				serve(ThreadLocalRandom.current());
				done++;
			}
		}

		private void serve(ThreadLocalRandom rnd) {
			long id = rnd.nextInt(catalogue);
			String request = new StringBuilder(96)
			    .append("GET /product/").append(id).append("?lang=en&ts=")
			    .append(System.currentTimeMillis()).toString();
			String[] parts = request.split("[/?&=]");
			long key = Long.parseLong(parts[2]);

			ProductPage page = cache.get(key);
			if (page == null) {
				page = load(key, rnd);
				cache.put(key, page);
				misses.incrementAndGet();
				if (cache.size() == cache.capacity()
				    && !full.getAndSet(true))
					System.out.printf("warmcache: cache full (%d "
					    + "entries) after %.1f s%n", cache.capacity(),
					    (System.nanoTime() - started) / 1e9);
			}
			/* The response: a copy of the page with a header. */
			byte[] response = Arrays.copyOf(page.html,
			    page.html.length + 256);
			response[page.html.length] = (byte)parts.length;
			bytesOut += response.length;
			requests.incrementAndGet();
		}

		/* "The database": a fresh page with a payload of 2-6 KB. */
		private static ProductPage load(long id, ThreadLocalRandom rnd) {
			byte[] html = new byte[PAYLOAD_MIN
			    + rnd.nextInt(PAYLOAD_SPREAD)];
			for (int i = 0; i < html.length; i += 64)
				html[i] = (byte)('a' + rnd.nextInt(26));
			return new ProductPage(id, "Product " + id + " - "
			    + "stainless steel water bottle, 750 ml", html,
			    System.currentTimeMillis());
		}
	}
}
