/*
 * leakwatch - census.c
 *
 * The evidence about classes: censuses in, SUSPECT records out.  Owns the
 * suspect tracker, the current ranking, the set of classes whose
 * allocations are sampled and the holders found for them.  Decides
 * nothing about *when* (policy.c does); it does what the worker asks and
 * reports what it cost.  All state is the agent thread's, so no lock.
 */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "census.h"
#include "heapwalk.h"
#include "histo.h"
#include "holder.h"
#include "jmx.h"
#include "log.h"
#include "lw.h"
#include "opts.h"
#include "policy.h"
#include "report.h"
#include "suspect.h"
#include "trend.h"

#define CENSUS_CLASSES		1024	/* classes followed for suspects */
#define CENSUS_TOP		50	/* most SUSPECT records per report */
#define CENSUS_WATCH		5	/* suspects whose allocations are
					   sampled */
#define CENSUS_HOLDERS		3	/* suspects whose holder is searched */

static struct {
	const struct lw_opts	*o;
	jvmtiEnv		*jvmti;
	struct lw_jmx		*jmx;
	struct lw_suspects	*suspects;
	struct lw_histo		 h;		/* the census just taken */
	struct lw_suspect	 top[CENSUS_TOP];
	size_t			 ntop;
	int			 reported;	/* any SUSPECT written */
	int			 sampling;	/* 0: allocation sites off */
	char			 watched[CENSUS_WATCH][256];
	int			 nwatched;
	struct lw_alloc_site	 site[CENSUS_WATCH];
	struct lw_holder	 holder[CENSUS_HOLDERS];
	char			 holder_name[CENSUS_HOLDERS][256];
	int			 nholder;
	int			 holder_off;
} cs;

const char *
lw_census_name(int kind)
{
	switch (kind) {
	case LW_CENSUS_HISTOGRAM:
		return ("histogram");
	case LW_CENSUS_HEAPWALK:
		return ("heapwalk");
	default:
		return ("off");
	}
}

int
lw_census_init(jvmtiEnv *jvmti, struct lw_jmx *jmx, const struct lw_opts *o)
{
	cs.o = o;
	cs.jvmti = jvmti;
	cs.jmx = jmx;
	cs.sampling = o->sampling > 0;
	lw_histo_init(&cs.h);
	if ((cs.suspects = lw_suspects_new(CENSUS_CLASSES)) == NULL)
		return (LW_ERR_NOMEM);
	return (0);
}

void
lw_census_take(JNIEnv *env, int kind, int live, struct lw_census_res *res)
{
	uint64_t	t0, t1;

	memset(res, 0, sizeof(*res));
	lw_histo_free(&cs.h);
	t0 = lw_now_ns();
	if (kind == LW_CENSUS_HEAPWALK)
		res->rc = lw_heapwalk_census(cs.jvmti, env, &cs.h);
	else
		res->rc = lw_jmx_histogram(env, cs.jmx, &cs.h, live, res->err,
		    sizeof(res->err));
	t1 = lw_now_ns();
	res->pause_ms = (double)(t1 - t0) / 1e6;
	res->end_ms = lw_now_ms();
	res->bytes = res->rc == 0 ? cs.h.total_bytes : 0;
}

void
lw_census_feed(int kind, uint64_t now_ms, double pause_ms)
{
	lw_report_census(lw_census_name(kind), cs.h.n, cs.h.total_count,
	    cs.h.total_bytes, pause_ms);
	if (lw_suspects_census(cs.suspects, now_ms, &cs.h) != 0)
		lw_log(LW_LEVEL_WARN, "suspect tracker out of memory; this "
		    "census is partly recorded");
	lw_histo_free(&cs.h);
}

void
lw_census_drop(void)
{
	lw_histo_free(&cs.h);
}

int
lw_census_rank(const struct lw_trend_fit *fit)
{
	char	prev[sizeof(cs.top[0].name)];
	size_t	top = (size_t)cs.o->top;

	if (top > LW_NELEM(cs.top))
		top = LW_NELEM(cs.top);
	strlcpy(prev, cs.ntop > 0 ? cs.top[0].name : "", sizeof(prev));
	cs.ntop = 0;
	if (fit->growing)
		cs.ntop = lw_suspects_rank(cs.suspects, fit->slope_bpm,
		    cs.o->minspan_ms, LW_POLICY_MINSHARE, cs.top, top);
	return (cs.ntop > 0 && (!cs.reported ||
	    strcmp(prev, cs.top[0].name) != 0));
}

void
lw_census_watch(JNIEnv *env)
{
	const char	*names[CENSUS_WATCH];
	int		 n, i, same;

	if (!cs.sampling)
		return;
	n = cs.ntop < CENSUS_WATCH ? (int)cs.ntop : CENSUS_WATCH;
	same = n == cs.nwatched;
	for (i = 0; i < n && same; i++)
		same = strcmp(cs.watched[i], cs.top[i].name) == 0;
	if (same)
		return;
	for (i = 0; i < n; i++) {
		strlcpy(cs.watched[i], cs.top[i].name, sizeof(cs.watched[i]));
		names[i] = cs.watched[i];
	}
	cs.nwatched = n;
	if (lw_alloc_watch(cs.jvmti, env, names, n) != 0)
		cs.sampling = 0;
}

void
lw_census_tick(uint64_t now_ms)
{
	lw_alloc_tick(cs.jvmti, now_ms);
}

static const struct lw_holder *
census_holder_of(const char *name)
{
	int	i;

	for (i = 0; i < cs.nholder; i++)
		if (strcmp(cs.holder_name[i], name) == 0 && cs.holder[i].found)
			return (&cs.holder[i]);
	return (NULL);
}

int
lw_census_holders_wanted(void)
{
	int	n, i, k;

	if (!cs.o->holder || cs.holder_off)
		return (0);
	n = cs.ntop < CENSUS_HOLDERS ? (int)cs.ntop : CENSUS_HOLDERS;
	for (i = 0; i < n; i++) {
		for (k = 0; k < cs.nholder; k++)
			if (strcmp(cs.holder_name[k], cs.top[i].name) == 0)
				break;
		if (k == cs.nholder)
			return (1);
	}
	/* the top suspect's holder can be followed further, object-wise */
	return (n > 0 && cs.nholder > 0 && cs.holder[0].refine &&
	    strcmp(cs.holder_name[0], cs.top[0].name) == 0);
}

int
lw_census_holders(JNIEnv *env, double *pause_ms)
{
	const char		*names[CENSUS_HOLDERS];
	const struct lw_holder	*h = &cs.holder[0];
	int			 n, i, rc;

	*pause_ms = 0;
	n = cs.ntop < CENSUS_HOLDERS ? (int)cs.ntop : CENSUS_HOLDERS;
	for (i = 0; i < n; i++) {
		strlcpy(cs.holder_name[i], cs.top[i].name,
		    sizeof(cs.holder_name[i]));
		names[i] = cs.holder_name[i];
	}
	cs.nholder = n;
	rc = lw_holder_find(cs.jvmti, env, names, n, cs.o->maxpause_ms,
	    cs.holder);
	if (rc != 0) {
		lw_log(LW_LEVEL_WARN, "holder search failed (%s); holders "
		    "are off", lw_strerror(rc));
		cs.holder_off = 1;
		cs.nholder = 0;
		return (rc);
	}
	*pause_ms = h->pause_ms;
	lw_log(LW_LEVEL_DEBUG, "holder search: %.1f ms pause, %llu "
	    "references, %u objects followed (%.1f ms to clear their ids)%s",
	    h->pause_ms, (unsigned long long)h->refs, h->objects, h->untag_ms,
	    h->aborted ? ", cut at maxpause" : "");
	if (h->exact && h->objects > 0)
		lw_log(LW_LEVEL_INFO, "holder of %s, object by object: %s "
		    "(%llu of %llu references)", cs.holder_name[0], h->text,
		    (unsigned long long)h->held, (unsigned long long)h->hits);
	return (0);
}

void
lw_census_report(JNIEnv *env)
{
	struct lw_suspect_info	 x[CENSUS_TOP];
	struct lw_alloc_site	*s;
	const struct lw_holder	*h;
	size_t			 i;

	if (cs.ntop == 0)
		return;
	memset(x, 0, sizeof(x));
	for (i = 0; i < cs.ntop; i++) {
		if (i >= CENSUS_WATCH || !cs.sampling)
			s = NULL;
		else
			s = &cs.site[i];
		if (s != NULL && lw_alloc_site(cs.jvmti, env, cs.top[i].name,
		    s) == 0 && s->found) {
			x[i].site = s->site;
			x[i].site_share = s->total > 0 ?
			    (double)s->count / (double)s->total : 0;
			x[i].samples = s->total;
			x[i].trace = s->trace;
		}
		if ((h = census_holder_of(cs.top[i].name)) != NULL) {
			x[i].holder = h->text;
			x[i].holder_ms = h->pause_ms;
		}
	}
	lw_report_suspects(cs.top, x, cs.ntop);
	cs.reported = 1;
}
