/*
 * CatLeak: a small replica of the leak that leakwatch was written for.
 *
 * A service's request handlers log one CAT message tree per request (a
 * DefaultMessageTree with a root DefaultTransaction and ~8 DefaultEvents)
 * into the monitoring client, TcpSocketSender.  The client's server is
 * unreachable, so its sender thread puts every tree back into its unbounded
 * LinkedBlockingQueue (TcpSocketSender.queue), and the trees pile up until
 * the heap is full.  Meanwhile the handlers also make ordinary short-lived
 * garbage, so young collections run all the time, as in a real service.
 *
 * Each tree retains about 570 bytes, 320 of them in its eight DefaultEvents,
 * so DefaultEvent is by far the fastest-growing class.  At the default rate
 * (4200 trees/s, about 2.3 MB/s retained) a -Xmx128m heap under G1 is full
 * after about 52 s; G1 then runs back-to-back full collections for 6-13 s
 * and the process dies of OutOfMemoryError about 60 s after start.  Any
 * uncaught throwable in any thread halts the JVM with status 3 (the handler
 * threads would otherwise die one by one and leave a zombie).
 *
 * usage: java -Xmx128m -cp DIR catleak.CatLeak [--seconds N] [--rate R]
 *   --seconds N  stop after N seconds and exit 0 (a leak that ends normally)
 *   --rate R     message trees per second, all handlers together
 * Prints one line at start and a progress line every 10 s on stdout.
 */
package catleak;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

public final class CatLeak {
	static final int DEFAULT_RATE = 4200;
	static final int HANDLERS = 4;
	static final int EVENTS_PER_TREE = 8;
	static final int OOM_STATUS = 3;

	static final String DOMAIN = "shop-web";
	static final String HOST = "shop-web-01";
	static final String IP_HEX = "0a00020f";
	static final String[] URLS = {
		"/api/orders", "/api/cart", "/api/products", "/api/user/profile",
		"/api/search", "/api/checkout",
	};
	static final String[][] EVENTS = {
		{ "SQL", "select.order_by_id" }, { "SQL", "update.cart_item" },
		{ "Cache.redis", "get" }, { "Cache.redis", "set" },
		{ "RemoteCall", "user-service.getProfile" },
		{ "RemoteCall", "stock-service.reserve" },
		{ "URL.Server", "10.0.2.15" }, { "Service.client", "10.0.3.7" },
	};
	static final String SUCCESS = "0";
	static final String[] STATUS = { SUCCESS, SUCCESS, SUCCESS, SUCCESS,
		SUCCESS, SUCCESS, SUCCESS, "TimeoutException" };

	static final AtomicLong trees = new AtomicLong();
	static final AtomicLong sequence = new AtomicLong();

	public static void main(String[] args) throws InterruptedException {
		long seconds = 0;
		int rate = DEFAULT_RATE;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--seconds") && i + 1 < args.length)
				seconds = Long.parseLong(args[++i]);
			else if (args[i].equals("--rate") && i + 1 < args.length)
				rate = Integer.parseInt(args[++i]);
			else {
				System.err.println("usage: catleak.CatLeak "
				    + "[--seconds N] [--rate TREES_PER_SEC]");
				System.exit(2);
			}
		}
		if (seconds < 0 || rate <= 0) {
			System.err.println("catleak: --seconds must be >= 0 and "
			    + "--rate > 0");
			System.exit(2);
		}

		/* An OutOfMemoryError in any thread ends the process. */
		ExitOnUncaught.install(OOM_STATUS);
		long start = System.nanoTime();

		TcpSocketSender sender = new TcpSocketSender("127.0.0.1:2280");
		Thread st = new Thread(sender, "cat-TcpSocketSender");
		st.setDaemon(true);
		st.start();
		for (int i = 1; i <= HANDLERS; i++) {
			Thread h = new Thread(new Handler(sender,
			    (double)rate / HANDLERS), "http-nio-8080-exec-" + i);
			h.setDaemon(true);
			h.start();
		}

		Runtime rt = Runtime.getRuntime();
		System.out.printf("catleak: start pid=%d rate=%d trees/s "
		    + "handlers=%d events/tree=%d max_heap_mb=%d "
		    + "cat_server=%s (unreachable)%n",
		    ProcessHandle.current().pid(), rate, HANDLERS,
		    EVENTS_PER_TREE, rt.maxMemory() >> 20, sender.server);

		for (long tick = 10; ; tick += 10) {
			long end = seconds > 0 ? Math.min(tick, seconds) : tick;
			long wait = start + end * 1_000_000_000L - System.nanoTime();
			if (wait > 0)
				Thread.sleep(wait / 1_000_000, (int)(wait % 1_000_000));
			long used = (rt.totalMemory() - rt.freeMemory()) >> 20;
			System.out.printf("catleak: t=%ds queue=%d trees=%d "
			    + "heap_used_mb=%d%n", end, sender.queueSize(),
			    trees.get(), used);
			if (seconds > 0 && end >= seconds) {
				System.out.printf("catleak: stopping after %d s%n",
				    seconds);
				System.exit(0);
			}
		}
	}

	/* One request handler thread, paced to its share of the rate. */
	static final class Handler implements Runnable {
		private final TcpSocketSender cat;
		private final double perSecond;
		private long bytesOut;	/* keeps the garbage from being optimised away */

		Handler(TcpSocketSender cat, double perSecond) {
			this.cat = cat;
			this.perSecond = perSecond;
		}

		@Override
		public void run() {
			long start = System.nanoTime();
			long done = 0;
			for (;;) {
				long due = (long)((System.nanoTime() - start)
				    * perSecond / 1e9);
				/* After a long pause, shed load instead of bursting. */
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
				handle(ThreadLocalRandom.current());
				done++;
			}
		}

		private void handle(ThreadLocalRandom rnd) {
			long t0 = System.currentTimeMillis();
			String url = URLS[rnd.nextInt(URLS.length)];

			/* Short-lived garbage: the request, its parse, a response. */
			StringBuilder sb = new StringBuilder(160);
			sb.append("GET ").append(url).append("?id=")
			    .append(rnd.nextInt(1_000_000)).append("&session=")
			    .append(Long.toHexString(rnd.nextLong()))
			    .append(" HTTP/1.1");
			String request = sb.toString();
			String[] parts = request.split("[ ?&=]");
			int[] scratch = new int[32 + rnd.nextInt(96)];
			for (int i = 0; i < scratch.length; i++)
				scratch[i] = parts[i % parts.length].length();
			byte[] body = new byte[1024 + rnd.nextInt(4096)];
			body[rnd.nextInt(body.length)] = (byte)scratch[0];
			String response = "{\"status\":200,\"length\":" + body.length
			    + ",\"path\":\"" + parts[1] + "\"}";

			/* The message tree the CAT client keeps forever. */
			DefaultTransaction root = new DefaultTransaction("URL", url,
			    t0, EVENTS_PER_TREE);
			for (int i = 0; i < EVENTS_PER_TREE; i++) {
				String[] ev = EVENTS[i];
				root.addChild(new DefaultEvent(ev[0], ev[1],
				    STATUS[rnd.nextInt(STATUS.length)], t0 + i, null));
			}
			root.complete(SUCCESS,
			    (System.currentTimeMillis() - t0) * 1000 + 150);
			bytesOut += response.length() + body.length;
			String id = DOMAIN + "-" + IP_HEX + "-"
			    + (t0 / 3_600_000L) + "-" + sequence.incrementAndGet();
			cat.send(new DefaultMessageTree(id, DOMAIN, HOST,
			    Thread.currentThread().getName(), root));
			trees.incrementAndGet();
		}
	}
}
