/*
 * GcStorm: a program that collects all the time, for the fault tests
 * (test/integration/faults.sh).  It keeps a retained heap of small
 * objects (so a census and a dump have something to count and write),
 * optionally grows it, and calls System.gc() - a full collection on
 * every HotSpot collector - in a loop: back to back (the GC storm) or
 * every --pause ms (a heap whose floor is known at once, so a threshold
 * dump comes within seconds).
 *
 * Ways to end, all with System.exit(--status), default 0:
 *   after --seconds N of the loop;
 *   --exit-on-tmpdir DIR: as soon as DIR holds a ".leakwatch-tmp-*" entry
 *     (leakwatch has started a dump; the JVM's dumper creates its file
 *     before the dump's safepoint), so the JVM exits while it dumps;
 *   --exit-after-gc MS: after the loop, wait 3.2 s without collecting,
 *     grow the heap by 2% of its max, collect, and exit MS ms later: the
 *     floor has risen (leakwatch compares the lowest reading of the last
 *     3 s with the last census), so the agent thread is then taking the
 *     census it takes right after such a collection.
 * Before exiting it prints "gcstorm: exit-call ms=<epoch ms> why=..." so
 * a test can time the exit, and the number of collections it asked for.
 *
 * usage: java -Xmx64m -cp DIR gcstorm.GcStorm [--seconds N] [--live MB]
 *            [--grow KB] [--pause MS] [--status S] [--exit-on-tmpdir DIR]
 *            [--exit-after-gc MS]
 *   --seconds N   length of the System.gc() loop, default 30
 *   --live MB     retained MiB built at start, default 8
 *   --grow KB     retained KiB added per second of the loop, default 0
 *   --pause MS    sleep between two System.gc() calls, default 0 (storm)
 *   --status S    exit status, default 0
 *   --exit-on-tmpdir DIR, --exit-after-gc MS: see above
 * Prints "gcstorm: start ms=<epoch ms> ..." first.
 */
package gcstorm;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

public final class GcStorm {
	static final int CHUNK = 4096;
	/* A Cell is 24 bytes, plus 4 for its slot in a chunk. */
	static final int CELL_BYTES = 28;

	/* 12-byte header + 4 + 8 = 24 bytes with compressed oops. */
	static final class Cell {
		Cell next;
		long value;

		Cell(long value) {
			this.value = value;
		}
	}

	static final List<Cell[]> live = new ArrayList<>();
	static int slot = CHUNK;
	static long cells;

	static void retain(long bytes) {
		for (long n = bytes / CELL_BYTES; n > 0; n--) {
			if (slot == CHUNK) {
				live.add(new Cell[CHUNK]);
				slot = 0;
			}
			Cell c = new Cell(cells++);
			if (slot > 0)
				c.next = live.get(live.size() - 1)[slot - 1];
			live.get(live.size() - 1)[slot++] = c;
		}
	}

	static void exit(int status, String why, long gcs) {
		System.out.printf("gcstorm: exit-call ms=%d why=%s gcs=%d "
		    + "retained_mb=%d%n", System.currentTimeMillis(), why, gcs,
		    cells * CELL_BYTES >> 20);
		System.out.flush();
		System.exit(status);
	}

	static void usage() {
		System.err.println("usage: gcstorm.GcStorm [--seconds N] "
		    + "[--live MB] [--grow KB] [--pause MS] [--status S] "
		    + "[--exit-on-tmpdir DIR] [--exit-after-gc MS]");
		System.exit(2);
	}

	public static void main(String[] args) throws InterruptedException {
		long seconds = 30, liveMb = 8, growKb = 0, pause = 0;
		long afterGc = -1;
		int status = 0;
		String tmpdirOf = null;
		try {
			for (int i = 0; i < args.length; i++) {
				String opt = args[i];
				if (i + 1 >= args.length)
					usage();
				else if (opt.equals("--seconds"))
					seconds = Long.parseLong(args[++i]);
				else if (opt.equals("--live"))
					liveMb = Long.parseLong(args[++i]);
				else if (opt.equals("--grow"))
					growKb = Long.parseLong(args[++i]);
				else if (opt.equals("--pause"))
					pause = Long.parseLong(args[++i]);
				else if (opt.equals("--status"))
					status = Integer.parseInt(args[++i]);
				else if (opt.equals("--exit-on-tmpdir"))
					tmpdirOf = args[++i];
				else if (opt.equals("--exit-after-gc"))
					afterGc = Long.parseLong(args[++i]);
				else
					usage();
			}
		} catch (NumberFormatException e) {
			usage();
		}
		if (seconds < 0 || liveMb < 0 || growKb < 0 || pause < 0)
			usage();

		System.out.printf("gcstorm: start ms=%d pid=%d seconds=%d "
		    + "live_mb=%d grow_kb=%d pause_ms=%d max_heap_mb=%d%n",
		    System.currentTimeMillis(), ProcessHandle.current().pid(),
		    seconds, liveMb, growKb,
		    pause, Runtime.getRuntime().maxMemory() >> 20);
		retain(liveMb << 20);

		final int code = status;
		if (tmpdirOf != null) {
			final File dir = new File(tmpdirOf);
			/*
			 * Spin: the directory lives for a few milliseconds
			 * before the dump's safepoint stops this thread too.
			 */
			Thread w = new Thread(() -> {
				for (;;) {
					String[] names = dir.list();
					if (names != null)
						for (String n : names)
							if (n.startsWith(".leakwatch-tmp-"))
								exit(code, "dump-started", -1);
					Thread.onSpinWait();
				}
			}, "gcstorm-tmpdir-watch");
			w.setDaemon(true);
			w.start();
		}

		long start = System.nanoTime(), last = start, gcs = 0;
		long end = start + seconds * 1_000_000_000L;
		double owed = 0;
		while (System.nanoTime() < end) {
			long now = System.nanoTime();
			owed += growKb * 1024.0 * (now - last) / 1e9;
			last = now;
			if (owed >= CELL_BYTES) {
				retain((long)owed);
				owed -= (long)owed;
			}
			System.gc();
			gcs++;
			if (pause > 0)
				Thread.sleep(pause);
		}
		if (afterGc >= 0) {
			/* A 2% rise calls for a census right after this collection. */
			Thread.sleep(3200);
			retain(Runtime.getRuntime().maxMemory() / 50);
			System.gc();
			gcs++;
			Thread.sleep(afterGc);
			exit(status, "after-gc", gcs);
		}
		exit(status, "done", gcs);
	}
}
