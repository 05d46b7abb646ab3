/*
 * leakwatch - sites.c
 *
 * Allocation sites from a snapshot of live samples (sample.c): each
 * stack's site is its first application frame (frame.c), stacks with the
 * same site (method and line) are one site, and sites are ranked by live
 * samples.  Names come from the caller's resolver, so the JVMTI calls
 * stay in alloc.c and this stays pure.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "frame.h"
#include "lw.h"
#include "sample.h"

/* A group resolved to its site, while the sites are being formed. */
struct sample_site {
	uint64_t		 method;	/* key: method and line */
	int			 line;
	int			 index;		/* site frame in its stack */
	const struct sample_group *g;
};

/* Saturating: a sum of sizes is a report figure, never worth wrapping. */
static uint64_t
sites_addsat(uint64_t a, uint64_t b)
{
	return (a > UINT64_MAX - b ? UINT64_MAX : a + b);
}

/*
 * Walk a stack from the top to its first application frame; with none,
 * the site is the top frame.  Each frame costs a resolver call, so the
 * walk stops at the site.  XXX Frames shared by many stacks (the JDK's
 * collection internals) are resolved once per stack; a per-call cache by
 * method would save JVMTI calls for deep JDK tops.
 */
static void
sites_site_of(const struct sample_group *g, lw_frame_resolve_fn fn,
    void *arg, struct sample_site *site)
{
	struct lw_frame_info	fi;
	int			i, line;

	site->g = g;
	site->index = 0;
	site->method = g->fr[0].method;
	site->line = -1;
	for (i = 0; i < g->nfr; i++) {
		memset(&fi, 0, sizeof(fi));
		if (fn(arg, &g->fr[i], &fi) != 0)
			continue;
		line = fi.line >= 0 ? fi.line : -1;
		if (i == 0)
			site->line = line;
		if (lw_frame_is_app(fi.cls)) {
			site->index = i;
			site->method = g->fr[i].method;
			site->line = line;
			return;
		}
	}
}

/* Site key order, and within a site the most common stack first. */
static int
sites_cmp_key(const void *a, const void *b)
{
	const struct sample_site	*x = a, *y = b;

	if (x->method != y->method)
		return (x->method < y->method ? -1 : 1);
	if (x->line != y->line)
		return (x->line < y->line ? -1 : 1);
	if (x->g->count != y->g->count)
		return (x->g->count > y->g->count ? -1 : 1);
	if (x->g->bytes != y->g->bytes)
		return (x->g->bytes > y->g->bytes ? -1 : 1);
	return (x->g < y->g ? -1 : x->g > y->g);
}

/* Report order: most samples, then most bytes, then the key. */
static int
sites_cmp_site(const void *a, const void *b)
{
	const struct lw_site	*x = a, *y = b;

	if (x->count != y->count)
		return (x->count > y->count ? -1 : 1);
	if (x->bytes != y->bytes)
		return (x->bytes > y->bytes ? -1 : 1);
	if (x->frame.method != y->frame.method)
		return (x->frame.method < y->frame.method ? -1 : 1);
	return (x->frame.loc < y->frame.loc ? -1 : x->frame.loc > y->frame.loc);
}

/*
 * Resolve each group's site, sort the groups by site key so that each
 * site is a run led by its most common stack, then sum the runs.  The
 * runs are summed into a temporary array of sites (the output may be
 * shorter than the number of sites) and the best `max` copied out.
 * Context: agent thread, no lock needed.
 */
int
lw_samples_snapshot_sites(const struct lw_samples_snap *sn,
    lw_frame_resolve_fn fn, void *arg, struct lw_site *out, int max)
{
	struct sample_site	*v;
	struct lw_site		*sites, *o;
	const struct sample_group *g;
	size_t			 i, j, n;

	if (sn == NULL || fn == NULL || out == NULL || max < 0)
		return (LW_ERR_INVAL);
	if (sn->n == 0 || max == 0)
		return (0);
	if ((v = lw_reallocarray(NULL, sn->n, sizeof(*v))) == NULL)
		return (LW_ERR_NOMEM);
	if ((sites = lw_reallocarray(NULL, sn->n, sizeof(*sites))) == NULL) {
		free(v);
		return (LW_ERR_NOMEM);
	}
	for (i = 0; i < sn->n; i++)
		sites_site_of(&sn->g[i], fn, arg, &v[i]);
	qsort(v, sn->n, sizeof(*v), sites_cmp_key);

	for (i = n = 0; i < sn->n; i = j, n++) {
		g = v[i].g;
		o = &sites[n];
		memset(o, 0, sizeof(*o));
		o->frame = g->fr[v[i].index];
		o->depth_index = v[i].index;
		o->total = sn->total;
		o->oldest_ms = UINT64_MAX;
		o->nstack = g->nfr;
		memcpy(o->stack, g->fr, (size_t)g->nfr * sizeof(*g->fr));
		for (j = i; j < sn->n && v[j].method == v[i].method &&
		    v[j].line == v[i].line; j++) {
			o->count += v[j].g->count;
			o->bytes = sites_addsat(o->bytes, v[j].g->bytes);
			if (v[j].g->oldest_ms < o->oldest_ms)
				o->oldest_ms = v[j].g->oldest_ms;
		}
	}
	qsort(sites, n, sizeof(*sites), sites_cmp_site);
	if (n > (size_t)max)
		n = (size_t)max;
	memcpy(out, sites, n * sizeof(*out));
	free(sites);
	free(v);
	return ((int)n);
}

/* Context: agent thread, caller holds the lock (the resolver runs too). */
int
lw_samples_sites(struct lw_samples *s, int cls, lw_frame_resolve_fn fn,
    void *arg, struct lw_site *out, int max)
{
	struct lw_samples_snap	*sn;
	int			 r;

	if (s == NULL || cls < 0 || cls >= LW_SAMPLE_MAXCLASS || fn == NULL ||
	    out == NULL || max < 0)
		return (LW_ERR_INVAL);
	if ((sn = lw_samples_snapshot(s, cls)) == NULL)
		return (LW_ERR_NOMEM);
	r = lw_samples_snapshot_sites(sn, fn, arg, out, max);
	lw_samples_snapshot_free(sn);
	return (r);
}
