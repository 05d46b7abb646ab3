/*
 * HeapFill: a retained heap of a chosen size and object size, for the
 * class-census benchmark (how long does a census of N small objects take).
 *
 * Builds about M MB of live data out of objects of about S bytes, held in
 * big Object[] chunks (65536 references each), in four stages: 25%, 50%,
 * 75% and 100% of M.  After each stage it calls System.gc(), sleeps ~3 s
 * and prints "stage N retained_mb=X objects=Y ..."; then it holds the heap
 * for --hold seconds and exits 0.  M counts the objects and their chunk
 * slots (S rounded up to 8, plus 4, bytes per object with compressed oops).
 *
 * Sizes 16, 24, 32, 48 and 64 are instances of Nodes.Node16 ... Node64;
 * any other size is a byte[S - 16].  A comma-separated list mixes sizes
 * round-robin, e.g. --objsize 16,32,64,1024.
 *
 * usage: java -Xmx512m -cp DIR heapfill.HeapFill --mb M --objsize S[,S...]
 *            [--hold N]
 *   --mb M       retained megabytes (MiB), required
 *   --objsize S  object size(s) in bytes, >= 16, required
 *   --hold N     seconds to keep the heap after the last stage, default 10
 */
package heapfill;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

public final class HeapFill {
	static final int CHUNK = 65536;
	static final int REF_BYTES = 4;
	static final int STAGES = 4;
	static final long SETTLE_MS = 3000;

	public static void main(String[] args) throws InterruptedException {
		long mb = 0;
		int[] sizes = null;
		String sizeList = null;
		long hold = 10;
		try {
			for (int i = 0; i < args.length; i++) {
				String opt = args[i];
				if (i + 1 >= args.length)
					usage();
				else if (opt.equals("--mb"))
					mb = Long.parseLong(args[++i]);
				else if (opt.equals("--objsize"))
					sizes = parseSizes(sizeList = args[++i]);
				else if (opt.equals("--hold"))
					hold = Long.parseLong(args[++i]);
				else
					usage();
			}
		} catch (NumberFormatException e) {
			usage();
		}
		if (mb <= 0 || sizes == null || hold < 0)
			usage();

		long perRound = 0;	/* bytes for one object of each size */
		for (int s : sizes)
			perRound += align(s) + REF_BYTES;
		long target = (mb << 20) * sizes.length / perRound;
		System.out.printf("heapfill: start pid=%d mb=%d objsize=%s "
		    + "objects=%d max_heap_mb=%d%n", ProcessHandle.current().pid(),
		    mb, sizeList, target, Runtime.getRuntime().maxMemory() >> 20);

		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		List<Object[]> chunks = new ArrayList<>();
		Object[] chunk = null;
		long made = 0, bytes = 0;
		for (int stage = 1; stage <= STAGES; stage++) {
			long goal = target * stage / STAGES;
			for (; made < goal; made++) {
				int slot = (int)(made % CHUNK);
				if (slot == 0) {
					chunk = new Object[CHUNK];
					chunks.add(chunk);
				}
				int size = sizes[(int)(made % sizes.length)];
				chunk[slot] = Nodes.make(size, made);
				bytes += align(size) + REF_BYTES;
			}
			System.gc();
			Thread.sleep(SETTLE_MS);
			System.out.printf("stage %d retained_mb=%.1f objects=%d "
			    + "heap_used_mb=%.1f%n", stage, bytes / 1048576.0, made,
			    memory.getHeapMemoryUsage().getUsed() / 1048576.0);
		}
		System.out.printf("heapfill: holding %d s%n", hold);
		Thread.sleep(hold * 1000);
		/* Keep the chunks reachable until here. */
		System.out.printf("heapfill: done chunks=%d%n", chunks.size());
	}

	/* Objects take a multiple of 8 bytes: a byte[84] is 104, not 100. */
	private static long align(int size) {
		return (size + 7L) & ~7L;
	}

	private static int[] parseSizes(String list) {
		String[] parts = list.split(",");
		int[] sizes = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			sizes[i] = Integer.parseInt(parts[i].trim());
			if (sizes[i] < 16)
				usage();
		}
		return sizes;
	}

	private static void usage() {
		System.err.println("usage: heapfill.HeapFill --mb M "
		    + "--objsize S[,S...] [--hold N]  (S >= 16)");
		System.exit(2);
	}
}
