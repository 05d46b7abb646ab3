/*
 * leakwatch - trace.h
 *
 * A record of what the worker saw and did, pass by pass, so that a run can
 * be replayed through the policy (policy.h) in a unit test: the option
 * `trace=PATH` writes one, test/data/traces/ keeps some, and
 * test/check_policy.c replays every file there.  A user's bad case becomes
 * a test by recording it once.
 *
 * FORMAT (text, one event a line, fields separated by one space; version 1)
 *	# leakwatch-trace 1		first line
 *	# ...				comments (JDK, collectors)
 *	X key=value ...			expectations for the replay test,
 *					added by hand (see check_policy.c)
 *	O key=value ...			the options the policy reads
 *	I gckind now used committed max old_after old_max gcs old_gcs
 *					the collector kind and the heap at
 *					start-up
 *	P now gc ok [used committed max old_after old_max gcs old_gcs]
 *					a pass: gc 1 when GC events came,
 *					ok 1 when the heap was read (the
 *					heap fields follow then)
 *	Q now used committed max old_after old_max gcs old_gcs
 *					a heap read without a GC (Epsilon)
 *	C end pause_ms rc bytes news	a census of this pass
 *	H end pause_ms			a holder search of this pass
 *	D end reason ok			a dump attempt of this pass
 * Times are the agent's monotonic milliseconds; sizes bytes.
 */
#ifndef LW_TRACE_H
#define LW_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "heap.h"

struct lw_opts;

#define LW_TRACE_VERSION	1
#define LW_TRACE_MAXBYTES	(256u << 20)	/* a trace stops there */

/*
 * Writer.  Context: agent thread (stdio, one writer).  Every function is
 * a no-op until lw_trace_open succeeded and after a write failed (which
 * lw_trace_failed then reports once).
 */

/*
 * Create `path` (mode 0600, never through a symlink, truncating an
 * older trace) and write the header: comment lines with `jdk` and
 * `collectors`, the options of `o`, and the start-up heap.  Returns 0 or
 * LW_ERR_IO with errno set.
 */
int	lw_trace_open(const char *path, const struct lw_opts *o,
	    const char *jdk, const char *collectors, int gckind,
	    uint64_t now_ms, const struct lw_heap *h);
void	lw_trace_pass(uint64_t now_ms, int gc, int ok, const struct lw_heap *h);
void	lw_trace_quiet(uint64_t now_ms, const struct lw_heap *h);
void	lw_trace_census(uint64_t end_ms, double pause_ms, int rc,
	    uint64_t bytes, int news);
void	lw_trace_holder(uint64_t end_ms, double pause_ms);
void	lw_trace_dump(uint64_t end_ms, int reason, int ok);
/* Flush and close.  Context: agent thread, at its end. */
void	lw_trace_close(void);
/* 1 once after a write failed or the size cap was reached (then 0). */
int	lw_trace_failed(void);

/*
 * Reader (pure; for the replay test and tools).
 */
enum lw_trace_kind {
	LW_TRACE_SKIP = 0,	/* blank, comment or X line */
	LW_TRACE_OPTS,
	LW_TRACE_INIT,
	LW_TRACE_PASS,
	LW_TRACE_QUIET,
	LW_TRACE_CENSUS,
	LW_TRACE_HOLDER,
	LW_TRACE_DUMP
};

struct lw_trace_ev {
	int		kind;		/* enum lw_trace_kind */
	uint64_t	t_ms;		/* now (P, Q, I) or end (C, H, D) */
	int		gc, ok;		/* P */
	int		gckind;		/* I */
	struct lw_heap	heap;		/* P (when ok), Q, I */
	double		pause_ms;	/* C, H */
	int		rc;		/* C */
	uint64_t	bytes;		/* C */
	int		news;		/* C */
	int		reason;		/* D: enum lw_dump_reason */
};

/*
 * Parse one line (no newline needed).  An O line sets the fields of *o it
 * names (start from lw_opts_defaults).  Returns 0 or LW_ERR_INVAL.
 */
int	lw_trace_parse(const char *line, struct lw_trace_ev *ev,
	    struct lw_opts *o);

#endif /* LW_TRACE_H */
