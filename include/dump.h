/*
 * leakwatch - dump.h
 *
 * Heap dumps before the heap limit: when one is due (policy, pure), and
 * how it is written safely (a private temporary directory, the JVM's own
 * dumper, mode 0600, renamed into place without ever replacing a file,
 * refused when the disk lacks room).
 */
#ifndef LW_DUMP_H
#define LW_DUMP_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct lw_opts;

enum lw_dump_reason {
	LW_DUMP_NONE = 0,
	LW_DUMP_THRESHOLD,	/* floor reached threshold% of max */
	LW_DUMP_LEAD		/* predicted time to OOM under `lead` */
};

/* The floor share above which a `lead` prediction may trigger a dump. */
#define LW_DUMP_LEAD_MINPCT	50.0
/*
 * How long OOM must stay predicted nearer than `lead` before it triggers
 * a dump: a cache warming up grows as fast as a leak for its first half
 * minute, then stops.
 */
#define LW_DUMP_LEAD_CONFIRM_MS	10000

struct lw_dump_state {
	int64_t		ndumps;		/* dumps written so far */
	uint64_t	last_ms;	/* when the last attempt ended; 0 none */
	int		attempted;	/* any attempt made */
	uint64_t	lead_since_ms;	/* OOM nearer than lead since; 0 not */
};

/*
 * Is a dump due now?  floor_pct is the heap floor in percent of max;
 * tto_s the predicted seconds to OOM (< 0: not growing).  A `lead` dump
 * needs the prediction under `lead` (with the floor over
 * LW_DUMP_LEAD_MINPCT) at every call for LW_DUMP_LEAD_CONFIRM_MS; st
 * keeps since when.  Returns the reason, or LW_DUMP_NONE.  *capped is set
 * when a dump would be due but maxdumps or dumpinterval forbid it.  Pure
 * (the clock is now_ms).
 */
enum lw_dump_reason lw_dump_due(const struct lw_opts *o,
	    struct lw_dump_state *st, uint64_t now_ms, double floor_pct,
	    double tto_s, int *capped);

/* "threshold" / "lead" / "none". */
const char *lw_dump_reason_name(enum lw_dump_reason r);

/*
 * The file name for a dump: "leakwatch-<pid>-<YYYYmmddTHHMMSSZ>.hprof",
 * with "-<seq>" before the suffix when seq > 0.  Returns 0 or
 * LW_ERR_RANGE.  Pure.
 */
int	lw_dump_name(char *buf, size_t len, pid_t pid, time_t t, int seq);

/*
 * Does `name` (a directory entry, no slash) have the exact form of a dump's
 * temporary directory, ".leakwatch-tmp-<pid>-XXXXXX" (pid decimal, 1 to
 * INT_MAX, no leading zero; six letters or digits from mkdtemp)?  Returns
 * 0 with *pid set, or LW_ERR_INVAL.  Pure.
 */
int	lw_dump_tmpdir_pid(const char *name, pid_t *pid);

/*
 * Remove the temporary directories that killed processes left in dir:
 * entries named as lw_dump_tmpdir_pid accepts, owned by our effective uid,
 * whose process is gone - or whose pid is `self` (an earlier process with
 * our pid) and which nothing has changed in for a minute before `now`.
 * Only the regular files in them are removed, then the directory; no
 * symlink is followed, and a directory holding anything else stays.
 * lw_dump_write calls it first; calling it at start-up as well clears
 * them even when no dump follows.  Returns the number removed (>= 0) and
 * in *left those found stale but kept, or LW_ERR_IO when dir cannot be
 * read.  Context: agent thread, not while this process writes a dump.
 */
int	lw_dump_clean(const char *dir, pid_t self, time_t now, int *left);

/*
 * The writer the dumper calls: given a path that does not exist and ends
 * in ".hprof", write the dump there.  Returns 0 or an LW_ERR_* with a
 * reason in err.  (jmx.c in the agent, a fake in the tests.)
 */
typedef int (*lw_dump_writer_fn)(void *arg, const char *path, char *err,
	    size_t errlen);

struct lw_dump_result {
	char		path[1100];	/* final name */
	uint64_t	bytes;		/* file size */
	double		secs;		/* time the writer took */
};

/*
 * Write a dump into dir: remove stale temporary directories
 * (lw_dump_clean, `pid` as self); check free space against `expect` +
 * `reserve` bytes; make a mode-0700 temporary directory
 * ".leakwatch-tmp-<pid>-XXXXXX" in dir; let `fn` write "<name>.hprof"
 * inside it; chmod it 0600; move it to dir under the first free name
 * (never replacing a file or following a symlink); remove the temporary
 * directory and every regular file in it, on success and on failure.
 * Nothing partial is ever left under a final name.
 * Returns 0 (res filled), LW_ERR_NOSPACE, LW_ERR_IO, LW_ERR_EXISTS or the
 * writer's code, with one line of reason in err.  Context: agent thread.
 */
int	lw_dump_write(const char *dir, pid_t pid, time_t now,
	    uint64_t expect, uint64_t reserve, lw_dump_writer_fn fn,
	    void *arg, struct lw_dump_result *res, char *err, size_t errlen);

#endif /* LW_DUMP_H */
