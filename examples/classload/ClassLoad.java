/*
 * ClassLoad: class churn - many short-lived classes, each in its own class
 * loader, so that the JVM keeps loading and unloading classes while the
 * agent takes censuses; with --leak, a real leak hidden among them.
 *
 * Each iteration makes a fresh class loader (a child of the application
 * loader) and defines in it:
 *   - classload.gen.Churn, always the same name and the same bytes, so
 *     hundreds of distinct classes of that one name are alive at a time;
 *   - every --distinct'th iteration, classload.gen.C<8 digits>, a name
 *     used once;
 *   - every 16th iteration, a java.lang.reflect.Proxy for
 *     classload.Churned (jdk.proxyN.$ProxyM: a new dynamic module and a
 *     new name each time);
 * and, every 16th iteration (offset 8), a hidden class
 * classload.HiddenChurn/0x... through MethodHandles.Lookup (unloadable on
 * its own, not tied to a loader).  The class bytes are written in memory
 * (ClassBytes).  It allocates --instances instances of each class and
 * keeps the loaders and instances of the last --keep iterations (500);
 * older ones become garbage, and their classes unload at the next
 * collection that unloads classes (G1: concurrent cycles started by the
 * metaspace threshold).  Apart from that ring nothing is kept: the heap
 * stays flat.
 *
 * With --leak it also appends --leak-rate classload.Record objects per
 * second (56 bytes each, about 1.1 MB/s at the default 20000/s) to a
 * static list from --leak-after seconds on, and never removes them.
 *
 * At the default --rate 1500 a 60 s run makes 90000 loaders and 118125
 * classes.  It exits 0 after --seconds.
 *
 * usage: java -Xmx128m -cp DIR classload.ClassLoad [--seconds N]
 *            [--rate R] [--keep K] [--instances I] [--distinct D]
 *            [--leak] [--leak-rate R] [--leak-after S]
 *   --seconds N     run time, default 60
 *   --rate R        loaders (iterations) per second, default 1500
 *   --keep K        iterations kept alive, default 500
 *   --instances I   instances per class, default 4
 *   --distinct D    a uniquely named class every D iterations, default 4
 *                   (0: none)
 *   --leak          also leak classload.Record objects
 *   --leak-rate R   Records per second, default 20000
 *   --leak-after S  start leaking after S seconds, default 0
 * Prints one line at start, a progress line every 10 s and a summary line
 *   classload: done seconds=... loaders=... defined=... jvm_loaded=...
 *   jvm_unloaded=... jvm_classes_now=... records=... heap_used_mb=...
 * on stdout; jvm_* are the ClassLoadingMXBean's counts.
 */
package classload;

import java.lang.invoke.MethodHandles;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

public final class ClassLoad {
	static final String SAME = "classload.gen.Churn";
	static final int SPECIAL_EVERY = 16;	/* proxies and hidden classes */

	/* The leak of --leak: never cleared. */
	static final List<Record> LEAK = new ArrayList<>();

	static final InvocationHandler HANDLER = (proxy, method, args) -> {
		if (method.getName().equals("hashCode"))
			return System.identityHashCode(proxy);
		if (method.getName().equals("equals"))
			return proxy == args[0];
		return "churned proxy";
	};

	/* One iteration's loader and objects, kept for --keep iterations. */
	static final class Held {
		final ClassLoader loader;
		final Object[] objects;

		Held(ClassLoader loader, Object[] objects) {
			this.loader = loader;
			this.objects = objects;
		}
	}

	/* A throwaway loader: defineClass made callable. */
	static final class Loader extends ClassLoader {
		Loader(ClassLoader parent) {
			super("churn", parent);
		}

		Class<?> define(String name, byte[] b) {
			return defineClass(name, b, 0, b.length);
		}
	}

	long seconds = 60;
	int rate = 1500;
	int keep = 500;
	int instances = 4;
	int distinct = 4;
	boolean leak;
	int leakRate = 20000;
	long leakAfter;

	long loaders, defined, records;
	final byte[] sameBytes = ClassBytes.of(SAME.replace('.', '/'));
	final byte[] hiddenBytes = ClassBytes.of("classload/HiddenChurn");

	public static void main(String[] args) throws Exception {
		ClassLoad c = new ClassLoad();
		c.parse(args);
		c.run();
		System.exit(0);
	}

	private void parse(String[] args) {
		try {
			for (int i = 0; i < args.length; i++) {
				String a = args[i];
				if (a.equals("--leak")) {
					leak = true;
					continue;
				}
				if (i + 1 >= args.length)
					usage();
				String v = args[++i];
				switch (a) {
				case "--seconds": seconds = Long.parseLong(v); break;
				case "--rate": rate = Integer.parseInt(v); break;
				case "--keep": keep = Integer.parseInt(v); break;
				case "--instances": instances = Integer.parseInt(v); break;
				case "--distinct": distinct = Integer.parseInt(v); break;
				case "--leak-rate": leakRate = Integer.parseInt(v); break;
				case "--leak-after": leakAfter = Long.parseLong(v); break;
				default: usage();
				}
			}
		} catch (NumberFormatException e) {
			usage();
		}
		if (seconds <= 0 || rate <= 0 || keep <= 0 || instances <= 0 ||
		    distinct < 0 || leakRate <= 0 || leakAfter < 0) {
			System.err.println("classload: --seconds, --rate, --keep, "
			    + "--instances and --leak-rate must be > 0, "
			    + "--distinct and --leak-after >= 0");
			System.exit(2);
		}
	}

	private static void usage() {
		System.err.println("usage: classload.ClassLoad [--seconds N] "
		    + "[--rate R] [--keep K] [--instances I] [--distinct D] "
		    + "[--leak] [--leak-rate R] [--leak-after S]");
		System.exit(2);
	}

	private void run() throws Exception {
		ClassLoadingMXBean cl = ManagementFactory.getClassLoadingMXBean();
		Runtime rt = Runtime.getRuntime();
		Held[] ring = new Held[keep];
		long start = System.nanoTime();
		long end = start + seconds * 1_000_000_000L;
		long nextReport = 10;

		System.out.printf("classload: start pid=%d rate=%d keep=%d "
		    + "instances=%d distinct=%d leak=%s max_heap_mb=%d%n",
		    ProcessHandle.current().pid(), rate, keep, instances,
		    distinct, leak ? leakRate + "/s after " + leakAfter + "s"
		    : "no", rt.maxMemory() >> 20);
		for (;;) {
			long now = System.nanoTime();
			if (now >= end)
				break;
			double t = (now - start) / 1e9;
			long due = (long)(t * rate);
			/* Behind by more than a second: drop the backlog. */
			if (due - loaders > rate)
				loaders = due - rate;
			if (loaders >= due) {
				Thread.sleep(1);
				continue;
			}
			while (loaders < due) {
				int slot = (int)(loaders % keep);
				ring[slot] = null;	/* let it go first */
				ring[slot] = iteration(loaders);
				loaders++;
			}
			if (leak && t >= leakAfter) {
				long want = (long)((t - leakAfter) * leakRate);
				for (; records < want; records++)
					LEAK.add(new Record(records, now, loaders,
					    defined, (int)(records & 7)));
			}
			if (t >= nextReport) {
				System.out.printf("classload: t=%ds loaders=%d "
				    + "defined=%d jvm_unloaded=%d jvm_classes_now=%d "
				    + "records=%d heap_used_mb=%d%n", nextReport,
				    loaders, defined, cl.getUnloadedClassCount(),
				    cl.getLoadedClassCount(), records,
				    (rt.totalMemory() - rt.freeMemory()) >> 20);
				nextReport += 10;
			}
		}
		System.out.printf("classload: done seconds=%d loaders=%d "
		    + "defined=%d jvm_loaded=%d jvm_unloaded=%d "
		    + "jvm_classes_now=%d records=%d heap_used_mb=%d%n", seconds,
		    loaders, defined, cl.getTotalLoadedClassCount(),
		    cl.getUnloadedClassCount(), cl.getLoadedClassCount(),
		    records, (rt.totalMemory() - rt.freeMemory()) >> 20);
	}

	/* One loader and its classes, with their instances. */
	private Held iteration(long i) throws Exception {
		Loader l = new Loader(ClassLoad.class.getClassLoader());
		List<Object> objs = new ArrayList<>(3 * instances + 1);

		instantiate(l.define(SAME, sameBytes), objs);
		defined++;
		if (distinct > 0 && i % distinct == 0) {
			String name = String.format("classload.gen.C%08d", i);
			instantiate(l.define(name,
			    ClassBytes.of(name.replace('.', '/'))), objs);
			defined++;
		}
		if (i % SPECIAL_EVERY == 0) {
			objs.add(Proxy.newProxyInstance(l,
			    new Class<?>[] { Churned.class }, HANDLER));
			defined++;
		} else if (i % SPECIAL_EVERY == SPECIAL_EVERY / 2) {
			instantiate(MethodHandles.lookup()
			    .defineHiddenClass(hiddenBytes, true).lookupClass(),
			    objs);
			defined++;
		}
		return new Held(l, objs.toArray());
	}

	private void instantiate(Class<?> c, List<Object> objs)
	    throws Exception {
		for (int k = 0; k < instances; k++)
			objs.add(c.getDeclaredConstructor().newInstance());
	}
}
