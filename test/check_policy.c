/*
 * leakwatch - check_policy.c
 *
 * Unit tests of policy.c, the worker's decisions.  Two kinds:
 *  - replays: every trace under test/data/traces/ (recorded from real
 *    JVMs with the `trace=` option; see that directory's README) is fed
 *    through the policy pass by pass, exactly as worker.c calls it, and
 *    the policy must take the same decisions the agent took in that run:
 *    a census in the same passes, holder searches only where allowed,
 *    the same dumps for the same reasons.  Lines "X key=value" in a trace
 *    add expectations about the run (what a person would check);
 *  - rules: small hand-made reading sequences, one rule each.
 * Paths are relative to the repository root, where `make test` runs;
 * LW_TESTDATA overrides the data directory.
 */
#include <sys/types.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "lw.h"
#include "lwtest.h"
#include "opts.h"
#include "policy.h"
#include "trace.h"

#define MB	(1024ULL * 1024)

/* ------------------------------------------------------------------ */
/* Replay */

struct replay {
	struct lw_opts		o;
	struct lw_policy	p;
	int			inited;
	/* the pass being gathered */
	int			have_pass;
	struct lw_trace_ev	pass, quiet, census, holder, dump;
	int			have_quiet, have_census, have_holder,
				have_dump;
	int			last;		/* the file's last pass: the
						   JVM may have ended inside
						   its action, unrecorded */
	/* what the replay found */
	int			passes, censuses, holders, dumps;
	int			reasons[3];	/* enum lw_dump_reason */
	int			mismatches;
	char			first[256];	/* the first mismatch */
	uint64_t		start_ms, end_ms;
	double			pause_ms;	/* censuses and searches */
	double			longest_ms;
	double			floor_pct_max;	/* lw_policy_floor / max */
	int			growing;	/* passes with a growing fit */
	uint64_t		first_dump_ms;
	/* expectations (X lines) */
	char			x_dump[16];
	int			x_census_min;
	int			x_growing;	/* -1 no expectation */
};

static void
replay_miss(struct replay *r, const char *what)
{
	if (r->mismatches++ == 0)
		snprintf(r->first, sizeof(r->first), "pass %d at %llu ms: %s",
		    r->passes, (unsigned long long)r->pass.t_ms, what);
}

/* One whole pass, as worker_pass runs it. */
static void
replay_pass(struct replay *r)
{
	uint64_t		now = r->pass.t_ms, recent, floor;
	enum lw_census_due	due;
	enum lw_dump_reason	reason;
	double			expect, pct;
	int			gc = 0, news = 0, capped;

	r->passes++;
	r->end_ms = now;
	if (r->pass.gc) {
		if (!r->pass.ok) {
			if (r->have_census || r->have_holder || r->have_dump)
				replay_miss(r, "work after a failed read");
			return;
		}
		gc = lw_policy_reading(&r->p, now, &r->pass.heap);
	}
	if (r->have_quiet) {
		if (gc || r->p.gckind != LW_GC_NONE ||
		    !lw_policy_report_due(&r->p, now, 0))
			replay_miss(r, "quiet read where none is due");
		lw_policy_quiet(&r->p, &r->quiet.heap);
	}
	lw_policy_fit(&r->p, now);
	if (r->p.fit.growing)
		r->growing++;
	recent = lw_policy_recent(&r->p, now);
	due = lw_policy_census_due(&r->p, now, recent, gc, &expect);
	if ((due == LW_CENSUS_DUE) != r->have_census &&
	    (r->have_census || !r->last))
		replay_miss(r, r->have_census ? "census taken, policy says no" :
		    "census due, none taken");
	if (r->have_census) {
		r->censuses++;
		r->pause_ms += r->census.pause_ms;
		if (r->census.pause_ms > r->longest_ms)
			r->longest_ms = r->census.pause_ms;
		(void)lw_policy_census_done(&r->p, now, r->census.t_ms,
		    r->census.pause_ms, r->census.rc, r->census.bytes, recent);
		news = r->census.news;
	}
	if (lw_policy_report_due(&r->p, now, news)) {
		if (r->have_holder) {
			if (!lw_policy_holder_due(&r->p, now))
				replay_miss(r, "holder search not allowed");
			r->holders++;
			r->pause_ms += r->holder.pause_ms;
			if (r->holder.pause_ms > r->longest_ms)
				r->longest_ms = r->holder.pause_ms;
			lw_policy_holder_done(&r->p, r->holder.t_ms,
			    r->holder.pause_ms);
		}
		lw_policy_reported(&r->p, now);
	} else if (r->have_holder)
		replay_miss(r, "holder search without a report");
	floor = lw_policy_floor(&r->p);
	if (r->p.max > 0 && 100.0 * (double)floor / (double)r->p.max >
	    r->floor_pct_max)
		r->floor_pct_max = 100.0 * (double)floor / (double)r->p.max;
	reason = lw_policy_dump_due(&r->p, now, &pct, &capped);
	if (((reason != LW_DUMP_NONE) != r->have_dump &&
	    (r->have_dump || !r->last)) ||
	    (r->have_dump && r->dump.reason != (int)reason))
		replay_miss(r, r->have_dump ? "dump taken, policy differs" :
		    "dump due, none taken");
	if (r->have_dump) {
		r->dumps++;
		if (r->dump.reason >= 0 && r->dump.reason < 3)
			r->reasons[r->dump.reason]++;
		if (r->first_dump_ms == 0)
			r->first_dump_ms = now;
		lw_policy_dump_done(&r->p, r->dump.t_ms, r->dump.ok);
	}
}

static void
replay_flush(struct replay *r)
{
	if (r->have_pass)
		replay_pass(r);
	r->have_pass = r->have_quiet = r->have_census = 0;
	r->have_holder = r->have_dump = 0;
}

/* "X dump=lead census_min=5 growing=1" */
static void
replay_expect(struct replay *r, const char *line)
{
	const char	*s;

	if ((s = strstr(line, "dump=")) != NULL)
		sscanf(s + 5, "%15[a-z]", r->x_dump);
	if ((s = strstr(line, "census_min=")) != NULL)
		r->x_census_min = atoi(s + 11);
	if ((s = strstr(line, "growing=")) != NULL)
		r->x_growing = atoi(s + 8);
}

/* Replay one file; returns 0, or -1 when it cannot be read or parsed. */
static int
replay_file(const char *path, struct replay *r, char *err, size_t errlen)
{
	struct lw_trace_ev	 ev;
	FILE			*fp;
	char			 line[1024];
	int			 n = 0;

	memset(r, 0, sizeof(*r));
	r->x_growing = -1;
	lw_opts_defaults(&r->o);
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot open", path);
		return (-1);
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		n++;
		if (line[0] == 'X')
			replay_expect(r, line);
		if (lw_trace_parse(line, &ev, &r->o) != 0) {
			snprintf(err, errlen, "%s:%d: does not parse", path, n);
			fclose(fp);
			return (-1);
		}
		switch (ev.kind) {
		case LW_TRACE_INIT:
			ck_assert_int_eq(r->inited, 0);
			ck_assert_int_eq(lw_policy_init(&r->p, &r->o, &ev.heap,
			    ev.gckind, ev.t_ms), 0);
			r->inited = 1;
			r->start_ms = ev.t_ms;
			break;
		case LW_TRACE_PASS:
			replay_flush(r);
			r->pass = ev;
			r->have_pass = 1;
			break;
		case LW_TRACE_QUIET:
			r->quiet = ev;
			r->have_quiet = 1;
			break;
		case LW_TRACE_CENSUS:
			r->census = ev;
			r->have_census = 1;
			break;
		case LW_TRACE_HOLDER:
			r->holder = ev;
			r->have_holder = 1;
			break;
		case LW_TRACE_DUMP:
			r->dump = ev;
			r->have_dump = 1;
			break;
		default:
			break;
		}
		if (ev.kind >= LW_TRACE_PASS && !r->inited) {
			snprintf(err, errlen, "%s:%d: event before I", path, n);
			fclose(fp);
			return (-1);
		}
	}
	fclose(fp);
	r->last = 1;
	replay_flush(r);
	if (r->inited)
		lw_policy_free(&r->p);
	return (0);
}

static const char *
trace_dir(void)
{
	const char	*d = getenv("LW_TESTDATA");

	return (d != NULL ? d : "test/data");
}

/*
 * Every recorded trace replays to the decisions the agent took, within
 * the pause budget, and meets its own expectations.
 */
START_TEST(test_policy__recorded_traces__same_decisions)
{
	struct replay	 r;
	struct dirent	*de;
	DIR		*d;
	char		 dir[512], path[1024], err[256];
	double		 bound;
	int		 files = 0;

	snprintf(dir, sizeof(dir), "%s/traces", trace_dir());
	d = opendir(dir);
	ck_assert_msg(d != NULL, "no %s", dir);
	while ((de = readdir(d)) != NULL) {
		size_t	len = strlen(de->d_name);

		if (len < 7 || strcmp(de->d_name + len - 6, ".trace") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		ck_assert_msg(replay_file(path, &r, err, sizeof(err)) == 0,
		    "%s", err);
		files++;
		ck_assert_msg(r.inited && r.passes > 10, "%s: %d passes",
		    path, r.passes);
		ck_assert_msg(r.mismatches == 0, "%s: %d mismatches, first %s",
		    path, r.mismatches, r.first);
		/* the floor never reads above the limit it runs into */
		ck_assert_msg(r.floor_pct_max <= 100.0, "%s: floor %.1f%%",
		    path, r.floor_pct_max);
		/*
		 * The token bucket: over the run, pauses within two
		 * maxpauses plus pausebudget of the time, plus the last
		 * pause's overrun of its expectation.
		 */
		bound = 2.0 * (double)r.o.maxpause_ms + r.o.pausebudget /
		    100.0 * (double)(r.end_ms - r.start_ms) + r.longest_ms;
		ck_assert_msg(r.pause_ms <= bound, "%s: %.0f ms of pauses, "
		    "bound %.0f", path, r.pause_ms, bound);
		if (strcmp(r.x_dump, "none") == 0)
			ck_assert_msg(r.dumps == 0, "%s: %d dumps", path,
			    r.dumps);
		else if (strcmp(r.x_dump, "any") == 0)
			ck_assert_msg(r.dumps > 0, "%s: no dump", path);
		else if (strcmp(r.x_dump, "threshold") == 0)
			ck_assert_msg(r.reasons[LW_DUMP_THRESHOLD] > 0,
			    "%s: no threshold dump", path);
		else if (strcmp(r.x_dump, "lead") == 0)
			ck_assert_msg(r.reasons[LW_DUMP_LEAD] > 0,
			    "%s: no lead dump", path);
		ck_assert_msg(r.censuses >= r.x_census_min, "%s: %d censuses,"
		    " expected %d or more", path, r.censuses, r.x_census_min);
		if (r.x_growing == 0)
			ck_assert_msg(r.growing == 0, "%s: growing in %d "
			    "passes", path, r.growing);
		else if (r.x_growing == 1)
			ck_assert_msg(r.growing > 0, "%s: never growing", path);
	}
	closedir(d);
	ck_assert_msg(files >= 1, "no traces in %s", dir);
}
END_TEST

/* A replay notices a decision the policy would not take. */
START_TEST(test_policy__tampered_trace__mismatch_found)
{
	struct replay	 r;
	FILE		*fp;
	char		 path[] = "/tmp/lw-check-policy-XXXXXX", err[256];
	int		 fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	ck_assert_ptr_nonnull(fp);
	/* A census at 2 s with no GC before it: the policy never does. */
	fputs("# leakwatch-trace 1\nO census=0 threshold=80\n"
	    "I 0 1000 1000 1000 134217728 134217728 0 134217728 1 0\n"
	    "P 2000 0 0\nC 2010 5.000 0 1000000 0\n", fp);
	for (int i = 3; i < 20; i++)
		fprintf(fp, "P %d000 0 0\n", i);
	fclose(fp);
	ck_assert_int_eq(replay_file(path, &r, err, sizeof(err)), 0);
	unlink(path);
	ck_assert_int_eq(r.mismatches, 1);
	ck_assert_ptr_nonnull(strstr(r.first, "census taken"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Rules, one at a time */

static struct lw_heap
heap_of(uint64_t used, uint64_t old_after, uint64_t gcs, uint64_t old_gcs)
{
	struct lw_heap	h;

	memset(&h, 0, sizeof(h));
	h.used = used;
	h.committed = 256 * MB;
	h.max = 256 * MB;
	h.old_after_gc = old_after;
	h.old_max = 256 * MB;
	h.gc_count = gcs;
	h.old_gc_count = old_gcs;
	return (h);
}

static void
policy_setup(struct lw_policy *p, struct lw_opts *o, int gckind)
{
	struct lw_heap	h = heap_of(10 * MB, 0, 0, 0);

	lw_opts_defaults(o);
	ck_assert_int_eq(lw_policy_init(p, o, &h, gckind, 1000), 0);
}

/* Young readings never make a floor; two old ones do, the lower wins. */
START_TEST(test_policy__floor__two_old_readings)
{
	struct lw_policy	p;
	struct lw_opts		o;
	struct lw_heap		h;

	policy_setup(&p, &o, LW_GC_STW);
	h = heap_of(200 * MB, 0, 1, 0);
	ck_assert_int_eq(lw_policy_reading(&p, 2000, &h), 1);
	ck_assert_uint_eq(lw_policy_floor(&p), 0);
	h = heap_of(120 * MB, 100 * MB, 2, 1);
	lw_policy_reading(&p, 3000, &h);
	ck_assert_uint_eq(lw_policy_floor(&p), 0);
	h = heap_of(130 * MB, 90 * MB, 3, 2);
	lw_policy_reading(&p, 4000, &h);
	ck_assert_uint_eq(lw_policy_floor(&p), 90 * MB);
	/* a young pause after it changes nothing */
	h = heap_of(250 * MB, 90 * MB, 4, 2);
	lw_policy_reading(&p, 5000, &h);
	ck_assert_uint_eq(lw_policy_floor(&p), 90 * MB);
	lw_policy_free(&p);
}
END_TEST

/* ZGC/Shenandoah: a pause inside a cycle is no reading at all. */
START_TEST(test_policy__concurrent__only_cycle_ends)
{
	struct lw_policy	p;
	struct lw_opts		o;
	struct lw_heap		h;

	policy_setup(&p, &o, LW_GC_CONCURRENT);
	h = heap_of(200 * MB, 0, 1, 0);
	ck_assert_int_eq(lw_policy_reading(&p, 2000, &h), 0);
	ck_assert_uint_eq(lw_policy_recent(&p, 2000), 200 * MB);
	h = heap_of(210 * MB, 50 * MB, 2, 1);
	ck_assert_int_eq(lw_policy_reading(&p, 3000, &h), 1);
	/* the cycle's end reads the old pool, not the heap's used */
	ck_assert_uint_eq(lw_policy_recent(&p, 3000), 50 * MB);
	lw_policy_free(&p);
}
END_TEST

/* Serial/Parallel: the floor runs into the old generation's limit. */
START_TEST(test_policy__fullonly__old_generation_limit)
{
	struct lw_policy	p;
	struct lw_opts		o;
	struct lw_heap		h = heap_of(10 * MB, 0, 0, 0);

	lw_opts_defaults(&o);
	h.old_max = 170 * MB;
	ck_assert_int_eq(lw_policy_init(&p, &o, &h, LW_GC_FULLONLY, 0), 0);
	ck_assert_uint_eq(p.max, 170 * MB);
	lw_policy_free(&p);
	ck_assert_int_eq(lw_policy_init(&p, &o, &h, LW_GC_STW, 0), 0);
	ck_assert_uint_eq(p.max, 256 * MB);
	lw_policy_free(&p);
}
END_TEST

/*
 * A census after a collection; then only when the floor rose 1% of max
 * or a minute passed, and never within 2 s of the last.
 */
START_TEST(test_policy__census__pacing)
{
	struct lw_policy	p;
	struct lw_opts		o;
	double			e;

	policy_setup(&p, &o, LW_GC_STW);
	ck_assert_int_eq(lw_policy_census_due(&p, 2000, 20 * MB, 0, &e),
	    LW_CENSUS_NOTDUE);		/* no GC this pass */
	ck_assert_int_eq(lw_policy_census_due(&p, 2000, 20 * MB, 1, &e),
	    LW_CENSUS_DUE);
	ck_assert_int_eq(lw_policy_census_done(&p, 2000, 2010, 10, 0,
	    64 * MB, 20 * MB), LW_CENSUS_TAKEN);
	ck_assert_int_eq(lw_policy_census_due(&p, 3000, 40 * MB, 1, &e),
	    LW_CENSUS_NOTDUE);		/* 2 s gap */
	ck_assert_int_eq(lw_policy_census_due(&p, 5000, 21 * MB, 1, &e),
	    LW_CENSUS_NOTDUE);		/* rose < 1% */
	ck_assert_int_eq(lw_policy_census_due(&p, 5000, 23 * MB, 1, &e),
	    LW_CENSUS_DUE);		/* rose > 1% of 256 MB */
	ck_assert_int_eq(lw_policy_census_due(&p, 62000, 20 * MB, 1, &e),
	    LW_CENSUS_DUE);		/* a minute */
	lw_policy_free(&p);
}
END_TEST

/* A census expected over maxpause is skipped; retries back off. */
START_TEST(test_policy__census__too_long_backs_off)
{
	struct lw_policy	p;
	struct lw_opts		o;
	struct lw_heap		h;
	double			e;

	policy_setup(&p, &o, LW_GC_STW);
	h = heap_of(200 * MB, 0, 1, 0);
	lw_policy_reading(&p, 2000, &h);
	/* 1.2 s for 100 MB: 2.4 s expected for 200 MB, maxpause is 1 s */
	ck_assert_int_eq(lw_policy_census_done(&p, 2000, 3200, 1200, 0,
	    100 * MB, 100 * MB), LW_CENSUS_TAKEN);
	ck_assert_int_eq(p.census_over, 1);
	ck_assert_int_eq(lw_policy_census_due(&p, 70000, 200 * MB, 1, &e),
	    LW_CENSUS_TOOLONG);
	ck_assert(e > 2000);
	/* next try 30 s later (15 s doubled once), estimate halved */
	ck_assert_uint_eq(p.census_next_ms, 70000 + 30000);
	ck_assert_int_eq(lw_policy_census_due(&p, 99999, 200 * MB, 1, &e),
	    LW_CENSUS_NOTDUE);
	ck_assert_int_eq(lw_policy_census_due(&p, 100000, 200 * MB, 1, &e),
	    LW_CENSUS_TOOLONG);
	ck_assert_int_eq(lw_policy_census_due(&p, 130000, 200 * MB, 1, &e),
	    LW_CENSUS_DUE);		/* 0.6 s now */
	lw_policy_free(&p);
}
END_TEST

/* Three failures in a row, or a disabled census, stop censuses. */
START_TEST(test_policy__census__failures_stop)
{
	struct lw_policy	p;
	struct lw_opts		o;
	double			e;

	policy_setup(&p, &o, LW_GC_STW);
	ck_assert_int_eq(lw_policy_census_done(&p, 0, 10, 1, LW_ERR_JNI, 0,
	    0), LW_CENSUS_FAILED);
	ck_assert_int_eq(lw_policy_census_done(&p, 0, 10, 1, LW_ERR_PHASE, 0,
	    0), LW_CENSUS_IGNORED);
	ck_assert_int_eq(lw_policy_census_done(&p, 0, 10, 1, LW_ERR_JNI, 0,
	    0), LW_CENSUS_FAILED);
	ck_assert_int_eq(lw_policy_census_done(&p, 0, 10, 1, LW_ERR_INVAL, 0,
	    0), LW_CENSUS_STOPPED);
	ck_assert_int_eq(lw_policy_census_due(&p, 99000, 0, 1, &e),
	    LW_CENSUS_NOTDUE);
	lw_policy_free(&p);
	policy_setup(&p, &o, LW_GC_STW);
	ck_assert_int_eq(lw_policy_census_done(&p, 0, 10, 1, LW_ERR_DISABLED,
	    0, 0), LW_CENSUS_STOPPED);
	lw_policy_free(&p);
}
END_TEST

/* A holder search needs credit for a whole maxpause and a 2 s gap. */
START_TEST(test_policy__holder__budget_and_gap)
{
	struct lw_policy	p;
	struct lw_opts		o;

	policy_setup(&p, &o, LW_GC_STW);
	ck_assert_int_eq(lw_policy_holder_due(&p, 2000), 1);
	lw_policy_holder_done(&p, 3000, 1000);
	ck_assert_int_eq(lw_policy_holder_due(&p, 4000), 0);	/* gap */
	ck_assert_int_eq(lw_policy_holder_due(&p, 5000), 1);	/* 1 s left */
	lw_policy_holder_done(&p, 6000, 1000);
	/* the bucket is empty: 1 s at 1% takes 100 s to come back */
	ck_assert_int_eq(lw_policy_holder_due(&p, 60000), 0);
	ck_assert_int_eq(lw_policy_holder_due(&p, 107000), 1);
	lw_policy_free(&p);
}
END_TEST

/* HEAP reports every interval, and at once on news. */
START_TEST(test_policy__report__interval_or_news)
{
	struct lw_policy	p;
	struct lw_opts		o;

	policy_setup(&p, &o, LW_GC_STW);
	ck_assert_int_eq(lw_policy_report_due(&p, 2000, 0), 0);
	ck_assert_int_eq(lw_policy_report_due(&p, 2000, 1), 1);
	ck_assert_int_eq(lw_policy_report_due(&p, 31000, 0), 1);
	lw_policy_reported(&p, 31000);
	ck_assert_int_eq(lw_policy_report_due(&p, 32000, 0), 0);
	lw_policy_free(&p);
}
END_TEST

/*
 * A threshold dump needs the floor over for 5 s, or a full collection
 * reading it over; never one odd reading.
 */
START_TEST(test_policy__dump__threshold_confirmed)
{
	struct lw_policy	p;
	struct lw_opts		o;
	struct lw_heap		h;
	double			pct;
	int			capped;

	policy_setup(&p, &o, LW_GC_STW);
	/* mixed collections (old pool moved, old count not): not full */
	h = heap_of(230 * MB, 220 * MB, 1, 0);
	lw_policy_reading(&p, 10000, &h);
	h = heap_of(231 * MB, 221 * MB, 2, 0);
	lw_policy_reading(&p, 11000, &h);
	ck_assert_int_eq(lw_policy_dump_due(&p, 11000, &pct, &capped),
	    LW_DUMP_NONE);
	ck_assert(pct > 85);
	ck_assert_int_eq(lw_policy_dump_due(&p, 15999, &pct, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(lw_policy_dump_due(&p, 16000, &pct, &capped),
	    LW_DUMP_THRESHOLD);
	lw_policy_dump_done(&p, 17000, 1);
	ck_assert_int_eq(lw_policy_dump_due(&p, 18000, &pct, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(capped, 1);		/* maxdumps=1 */
	lw_policy_free(&p);

	/* a full collection over the threshold confirms at once */
	policy_setup(&p, &o, LW_GC_STW);
	h = heap_of(230 * MB, 220 * MB, 1, 1);
	lw_policy_reading(&p, 10000, &h);
	h = heap_of(231 * MB, 221 * MB, 2, 2);
	lw_policy_reading(&p, 11000, &h);
	ck_assert_int_eq(lw_policy_dump_due(&p, 11000, &pct, &capped),
	    LW_DUMP_THRESHOLD);
	lw_policy_free(&p);

	/* dropping under the threshold resets the wait */
	policy_setup(&p, &o, LW_GC_STW);
	h = heap_of(230 * MB, 220 * MB, 1, 0);
	lw_policy_reading(&p, 10000, &h);
	h = heap_of(231 * MB, 221 * MB, 2, 0);
	lw_policy_reading(&p, 11000, &h);
	h = heap_of(100 * MB, 90 * MB, 3, 0);
	lw_policy_reading(&p, 13000, &h);
	h = heap_of(231 * MB, 221 * MB, 4, 0);
	lw_policy_reading(&p, 14000, &h);
	h = heap_of(232 * MB, 222 * MB, 5, 0);
	lw_policy_reading(&p, 15000, &h);
	ck_assert_int_eq(lw_policy_dump_due(&p, 17000, &pct, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(lw_policy_dump_due(&p, 20000, &pct, &capped),
	    LW_DUMP_THRESHOLD);
	lw_policy_free(&p);
}
END_TEST

/* Only a prediction from the old series may call a `lead` dump. */
START_TEST(test_policy__dump__lead_from_old_series_only)
{
	struct lw_policy	p;
	struct lw_opts		o;
	struct lw_heap		h;
	double			pct;
	int			capped, i, lead = 0;
	uint64_t		t;

	/* young readings growing fast, no old collection: no lead dump */
	policy_setup(&p, &o, LW_GC_STW);
	for (i = 0, t = 2000; i < 60; i++, t += 1000) {
		h = heap_of((100 + 2 * (uint64_t)i) * MB, 0, (uint64_t)i + 1,
		    0);
		lw_policy_reading(&p, t, &h);
		lw_policy_fit(&p, t);
		ck_assert_int_eq(lw_policy_dump_due(&p, t, &pct, &capped),
		    LW_DUMP_NONE);
	}
	ck_assert_int_eq(p.fit_old, 0);
	lw_policy_free(&p);

	/* the same growth read by old collections: a lead dump, at >= 50% */
	policy_setup(&p, &o, LW_GC_STW);
	for (i = 0, t = 2000; i < 80; i++, t += 1000) {
		uint64_t	v = (100 + (uint64_t)i) * MB;

		h = heap_of(v + 10 * MB, v, (uint64_t)i + 1, 0);
		lw_policy_reading(&p, t, &h);
		lw_policy_fit(&p, t);
		if (lw_policy_dump_due(&p, t, &pct, &capped) ==
		    LW_DUMP_LEAD) {
			lead = 1;
			ck_assert(pct >= LW_DUMP_LEAD_MINPCT);
			ck_assert_int_eq(p.fit_old, 1);
			break;
		}
	}
	ck_assert_int_eq(lead, 1);
	lw_policy_free(&p);
}
END_TEST

/* No limit, no dumps, and no floor mean no dump. */
START_TEST(test_policy__dump__needs_max_and_floor)
{
	struct lw_policy	p;
	struct lw_opts		o;
	struct lw_heap		h = heap_of(10 * MB, 0, 0, 0);
	double			pct;
	int			capped;

	lw_opts_defaults(&o);
	h.max = 0;
	h.old_max = 0;
	ck_assert_int_eq(lw_policy_init(&p, &o, &h, LW_GC_STW, 0), 0);
	h = heap_of(250 * MB, 250 * MB, 1, 1);
	h.max = 0;
	lw_policy_reading(&p, 1000, &h);
	lw_policy_reading(&p, 2000, &h);
	ck_assert_int_eq(lw_policy_dump_due(&p, 9000, &pct, &capped),
	    LW_DUMP_NONE);
	lw_policy_free(&p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The trace format */

START_TEST(test_policy__trace_parse__every_kind)
{
	struct lw_trace_ev	ev;
	struct lw_opts		o;

	lw_opts_defaults(&o);
	ck_assert_int_eq(lw_trace_parse("# leakwatch-trace 1", &ev, &o), 0);
	ck_assert_int_eq(ev.kind, LW_TRACE_SKIP);
	ck_assert_int_eq(lw_trace_parse("O threshold=70 lead_ms=1000 "
	    "census=2", &ev, &o), 0);
	ck_assert_int_eq(ev.kind, LW_TRACE_OPTS);
	ck_assert(o.threshold == 70);
	ck_assert_uint_eq(o.lead_ms, 1000);
	ck_assert_int_eq(o.census, LW_CENSUS_OFF);
	ck_assert_int_eq(lw_trace_parse("I 1 5 1 2 3 4 5 6 7", &ev, &o), 0);
	ck_assert_int_eq(ev.gckind, LW_GC_CONCURRENT);
	ck_assert_uint_eq(ev.heap.old_gc_count, 7);
	ck_assert_int_eq(lw_trace_parse("P 9 1 1 1 2 3 4 5 6 7\n", &ev, &o),
	    0);
	ck_assert_int_eq(ev.kind, LW_TRACE_PASS);
	ck_assert_uint_eq(ev.heap.used, 1);
	ck_assert_int_eq(lw_trace_parse("P 9 1 0", &ev, &o), 0);
	ck_assert_int_eq(ev.ok, 0);
	ck_assert_int_eq(lw_trace_parse("C 10 12.5 -5 300 1", &ev, &o), 0);
	ck_assert_int_eq(ev.rc, LW_ERR_JNI);
	ck_assert(ev.pause_ms == 12.5);
	ck_assert_int_eq(lw_trace_parse("H 11 400.0", &ev, &o), 0);
	ck_assert_int_eq(lw_trace_parse("D 12 2 0", &ev, &o), 0);
	ck_assert_int_eq(ev.reason, LW_DUMP_LEAD);
}
END_TEST

START_TEST(test_policy__trace_parse__bad_lines)
{
	static const char *const bad[] = {
		"Z 1", "P", "P x 1 1", "P 1 1 1 2", "I 9 0 0 0 0 0 0 0 0",
		"C 1 -3 0 0 0", "O nosuch=1", "O threshold=", "O threshold=-1",
		"H 1", "P 18446744073709551616 0 0", "Px 1 0 0",
	};
	struct lw_trace_ev	ev;
	struct lw_opts		o;
	size_t			i;

	lw_opts_defaults(&o);
	for (i = 0; i < LW_NELEM(bad); i++)
		ck_assert_msg(lw_trace_parse(bad[i], &ev, &o) == LW_ERR_INVAL,
		    "accepted: %s", bad[i]);
}
END_TEST

/* What the writer writes, the reader reads back. */
START_TEST(test_policy__trace_write__round_trip)
{
	struct lw_trace_ev	 ev;
	struct lw_opts		 o, back;
	struct lw_heap		 h = heap_of(5 * MB, 4 * MB, 3, 2);
	FILE			*fp;
	char			 path[] = "/tmp/lw-check-trace-XXXXXX";
	char			 line[512];
	int			 fd, kinds = 0;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(path);
	lw_opts_defaults(&o);
	o.threshold = 66.5;
	ck_assert_int_eq(lw_trace_open(path, &o, "17.0.1", "G1\nx", 0, 1, &h),
	    0);
	lw_trace_pass(2, 1, 1, &h);
	lw_trace_census(3, 4.5, 0, 99, 1);
	lw_trace_holder(4, 5.5);
	lw_trace_dump(5, LW_DUMP_THRESHOLD, 1);
	lw_trace_pass(6, 0, 0, &h);
	lw_trace_close();
	ck_assert_int_eq(lw_trace_failed(), 0);
	lw_opts_defaults(&back);
	fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		ck_assert_msg(lw_trace_parse(line, &ev, &back) == 0, "%s",
		    line);
		if (ev.kind != LW_TRACE_SKIP)
			kinds |= 1 << ev.kind;
		if (ev.kind == LW_TRACE_PASS && ev.ok)
			ck_assert_uint_eq(ev.heap.old_after_gc, 4 * MB);
	}
	fclose(fp);
	unlink(path);
	ck_assert(back.threshold == 66.5);
	ck_assert_int_eq(kinds, (1 << LW_TRACE_OPTS) | (1 << LW_TRACE_INIT) |
	    (1 << LW_TRACE_PASS) | (1 << LW_TRACE_CENSUS) |
	    (1 << LW_TRACE_HOLDER) | (1 << LW_TRACE_DUMP));
	/* an existing symlink is never followed */
	ck_assert_int_eq(symlink("/tmp/lw-nowhere", path), 0);
	ck_assert_int_eq(lw_trace_open(path, &o, "", "", 0, 1, &h),
	    LW_ERR_IO);
	unlink(path);
}
END_TEST

Suite *
lw_policy_suite(void)
{
	Suite	*s = suite_create("policy");
	TCase	*tc;

	tc = tcase_create("replay");
	/* a few thousand passes per trace, ~25 traces */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_policy__recorded_traces__same_decisions);
	tcase_add_test(tc, test_policy__tampered_trace__mismatch_found);
	suite_add_tcase(s, tc);

	tc = tcase_create("rules");
	tcase_add_test(tc, test_policy__floor__two_old_readings);
	tcase_add_test(tc, test_policy__concurrent__only_cycle_ends);
	tcase_add_test(tc, test_policy__fullonly__old_generation_limit);
	tcase_add_test(tc, test_policy__census__pacing);
	tcase_add_test(tc, test_policy__census__too_long_backs_off);
	tcase_add_test(tc, test_policy__census__failures_stop);
	tcase_add_test(tc, test_policy__holder__budget_and_gap);
	tcase_add_test(tc, test_policy__report__interval_or_news);
	tcase_add_test(tc, test_policy__dump__threshold_confirmed);
	tcase_add_test(tc, test_policy__dump__lead_from_old_series_only);
	tcase_add_test(tc, test_policy__dump__needs_max_and_floor);
	suite_add_tcase(s, tc);

	tc = tcase_create("trace");
	tcase_add_test(tc, test_policy__trace_parse__every_kind);
	tcase_add_test(tc, test_policy__trace_parse__bad_lines);
	tcase_add_test(tc, test_policy__trace_write__round_trip);
	suite_add_tcase(s, tc);
	return (s);
}
