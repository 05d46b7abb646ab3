/*
 * leakwatch - suspect.c
 *
 * Leak suspects.  This module owns a short series of (time, bytes,
 * instances) per class across censuses and the rule that turns a series
 * into a suspect.  It only reads a census (struct lw_histo's v and n; it
 * never calls histo.c), never logs and never decides what to do about a
 * suspect (worker.c and report.c do).
 *
 * DESIGN
 * Memory is bounded twice: at most `maxclasses` classes, each with at most
 * LW_SUSPECT_POINTS points, in one allocation per class (the name lives
 * in the same block).  A big application has tens of thousands of
 * classes; the ones followed are the largest when there is room, because
 * a leak that matters ends up large.  Classes are found by name in an
 * RB_ tree, so a census costs O(n log maxclasses).
 *
 * A full tracker makes room for a new class by evicting one: first a
 * class absent from the latest census (under class churn the tracker
 * fills with unloaded classes, and a leaking class that appears later
 * must still get a slot), then the smallest class that is not growing,
 * and only for a larger newcomer.  A class whose bytes rose over its
 * series is never evicted.
 *
 * Censuses come 2 s to 60 s apart, so a series of the newest points
 * alone can span as little as 14 s, less than `minspan`.  A full series
 * is thinned instead: the point dropped is the one whose removal leaves
 * the smallest gap relative to its age, which keeps the oldest and the
 * newest points and spaces the others roughly geometrically (dense now,
 * sparse in the past), so the series covers a growing window and still
 * follows the present.  A series whose first interval did not rise drops
 * its oldest point instead: a flat or shrinking past is no evidence of a
 * leak, and keeping it would hide a leak that starts late in a class
 * followed for long.
 *
 * A class is a suspect when its bytes rise from census to census, not
 * when they once jumped: growth is the Theil-Sen slope of its points (one
 * odd census cannot set it), at least 75% of the intervals must rise, and
 * no single interval may rise by more than half of the net growth beyond
 * its share in time (net * its length / the span), which is what tells a
 * leak from a cache filled in one go.  Comparing with the share in time
 * matters because the intervals are uneven: one 60 s interval among 2 s
 * ones holds most of a steady leak's growth.
 *
 * XXX A class followed for long keeps one old point while its first
 * interval rises (noise can do that), so a short rise after a long noisy
 * flat stretch is judged over that long span and minspan does not hold it
 * back; the worker only ranks while the heap floor itself grows.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "histo.h"
#include "lw.h"
#include "suspect.h"
#include "trend.h"

/* A class must grow in this share of its intervals. */
#define SUSPECT_MINCONSIST	0.75
/*
 * No single interval may rise by more than this share of the net growth
 * beyond its share in time.
 */
#define SUSPECT_MAXSTEP		0.5
/* Points needed before a series is judged at all. */
#define SUSPECT_MINPOINTS	4

struct suspect_point {
	uint64_t	t_ms;
	uint64_t	bytes;
	uint64_t	count;		/* instances */
};

struct suspect_class {
	RB_ENTRY(suspect_class)	 entry;
	const char		*key;	/* name below, or a lookup key */
	struct suspect_point	 pt[LW_SUSPECT_POINTS]; /* oldest first */
	size_t			 n;
	unsigned int		 absent;	/* censuses in a row at 0 */
	uint64_t		 seen;	/* census that gave the last point */
	char			 name[];
};

RB_HEAD(suspect_tree, suspect_class);

struct lw_suspects {
	struct suspect_tree	 tree;
	size_t			 tracked;
	size_t			 max;
	uint64_t		 census;	/* censuses fed so far */
	uint64_t		 last_ms;
};

static int	suspect_cmp(const struct suspect_class *,
		    const struct suspect_class *);
static int	suspect_cmp_entry(const void *, const void *);
static struct suspect_class *suspect_find(struct lw_suspects *,
		    const char *);
static void	suspect_point(struct lw_suspects *, struct suspect_class *,
		    uint64_t, uint64_t, uint64_t);
static struct suspect_point *suspect_last(struct suspect_class *);
static void	suspect_thin(struct suspect_class *, uint64_t);
static int	suspect_growing(const struct suspect_class *);
static struct suspect_class *suspect_victim(struct lw_suspects *,
		    uint64_t);
static struct suspect_class *suspect_first(const struct lw_suspects *);
static int	suspect_judge(const struct suspect_class *, double, uint64_t,
		    double, struct lw_suspect *);
static int	suspect_better(const struct lw_suspect *,
		    const struct lw_suspect *);

RB_GENERATE_STATIC(suspect_tree, suspect_class, entry, suspect_cmp);

/* Tree order: by name, so a lookup is one walk of strcmp. */
static int
suspect_cmp(const struct suspect_class *a, const struct suspect_class *b)
{
	return (strcmp(a->key, b->key));
}

/*
 * A tracker for at most maxclasses classes.  Nothing else is allocated
 * until classes are followed.
 * Context: any.
 */
struct lw_suspects *
lw_suspects_new(size_t maxclasses)
{
	struct lw_suspects	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return (NULL);
	RB_INIT(&s->tree);
	s->max = maxclasses;
	return (s);
}

/* Free the tracker and every class; NULL is allowed. */
void
lw_suspects_free(struct lw_suspects *s)
{
	struct suspect_class	*c, *next;

	if (s == NULL)
		return;
	RB_FOREACH_SAFE(c, suspect_tree, &s->tree, next) {
		RB_REMOVE(suspect_tree, &s->tree, c);
		free(c);
	}
	free(s);
}

/* Find a followed class by name without allocating a key. */
static struct suspect_class *
suspect_find(struct lw_suspects *s, const char *name)
{
	struct suspect_class	key;

	key.key = name;
	return (RB_FIND(suspect_tree, &s->tree, &key));
}

/* The newest point of a class that has at least one. */
static struct suspect_point *
suspect_last(struct suspect_class *c)
{
	return (&c->pt[c->n - 1]);
}

/*
 * Make room in a full series for a point at t_ms (no earlier than the
 * newest).  When the first interval did not rise, the oldest point
 * goes.  Otherwise drop the point i (never the oldest) whose removal
 * leaves the smallest merged gap t[i+1] - t[i-1] relative to the age
 * t_ms - t[i-1] of that gap; ties go to the newest such point.  For the
 * newest point the ratio is 1, the most there is, so it stays unless
 * every point has one time.  Repeated, this keeps gaps about in
 * proportion to their age: 30 censuses 2 s apart end up spanning 58 s
 * with the last few still 2 s apart.
 */
static void
suspect_thin(struct suspect_class *c, uint64_t t_ms)
{
	double		 cost, best = 2.0;
	uint64_t	 next, age;
	size_t		 i, drop = 0;

	if (c->pt[1].bytes > c->pt[0].bytes) {
		for (i = 1; i < c->n; i++) {
			next = i + 1 < c->n ? c->pt[i + 1].t_ms : t_ms;
			age = t_ms - c->pt[i - 1].t_ms;
			cost = age == 0 ? 0.0 :
			    (double)(next - c->pt[i - 1].t_ms) / (double)age;
			if (cost <= best) {
				best = cost;
				drop = i;
			}
		}
	}
	memmove(&c->pt[drop], &c->pt[drop + 1],
	    (c->n - drop - 1) * sizeof(c->pt[0]));
	c->n--;
}

/*
 * Whether a class's bytes rose over its series: such a class is never
 * evicted for a newcomer.
 */
static int
suspect_growing(const struct suspect_class *c)
{
	return (c->n >= 2 && c->pt[c->n - 1].bytes > c->pt[0].bytes);
}

/*
 * The class to evict for a newcomer of `bytes` bytes, or NULL.  Absent
 * from the latest census first (the longest absent, then by name), else
 * the smallest class that is not growing and is smaller than the
 * newcomer, so the followed classes stay the largest.  O(maxclasses); it
 * is only called while newcomers still find a victim.
 */
static struct suspect_class *
suspect_victim(struct lw_suspects *s, uint64_t bytes)
{
	struct suspect_class	*c, *gone = NULL, *small = NULL;
	uint64_t		 b;

	RB_FOREACH(c, suspect_tree, &s->tree) {
		/* Every class comes from calloc; cppcheck misses that. */
		/* cppcheck-suppress uninitvar */
		if (c->absent > 0) {
			if (gone == NULL || c->absent > gone->absent)
				gone = c;
			continue;
		}
		if (gone != NULL || suspect_growing(c))
			continue;
		b = suspect_last(c)->bytes;
		if (b < bytes && (small == NULL ||
		    b < suspect_last(small)->bytes))
			small = c;
	}
	return (gone != NULL ? gone : small);
}

/*
 * Give a class its point for the current census.  A census may name a
 * class twice (merged classes from several loaders are normally merged by
 * histo.c, but this module must not trust that), so a second entry adds
 * to the point rather than making a second one.
 */
static void
suspect_point(struct lw_suspects *s, struct suspect_class *c, uint64_t t_ms,
    uint64_t bytes, uint64_t count)
{
	struct suspect_point	*p;

	if (c->n > 0 && c->seen == s->census) {
		p = suspect_last(c);
		p->bytes += bytes;
		p->count += count;
		return;
	}
	if (c->n == LW_SUSPECT_POINTS)
		suspect_thin(c, t_ms);
	p = &c->pt[c->n];
	p->t_ms = t_ms;
	p->bytes = bytes;
	p->count = count;
	c->n++;
	c->seen = s->census;
}

/* Candidate order: bytes, largest first; ties by name, for stable runs. */
static int
suspect_cmp_entry(const void *a, const void *b)
{
	const struct lw_histo_entry *const	*pa = a, *const *pb = b;
	const struct lw_histo_entry		*x = *pa, *y = *pb;

	if (x->bytes != y->bytes)
		return (x->bytes > y->bytes ? -1 : 1);
	return (strcmp(x->name, y->name));
}

/*
 * Feed one census.  Order matters: followed classes take their points
 * first, then classes gone for LW_SUSPECT_POINTS censuses are dropped so
 * that their room goes to new classes in the same census, then new
 * classes are followed, largest first, evicting others (suspect_victim)
 * when the tracker is full.  The candidates are sorted through a
 * temporary index: the caller's census is const and stays as it is.
 * Context: agent thread (any).
 */
int
lw_suspects_census(struct lw_suspects *s, uint64_t t_ms,
    const struct lw_histo *h)
{
	const struct lw_histo_entry	**idx;
	const struct lw_histo_entry	 *e;
	struct suspect_class		 *c, *next;
	size_t				  i, nidx, len;
	int				  full = 0;

	if (s == NULL || h == NULL || (h->n > 0 && h->v == NULL))
		return (LW_ERR_INVAL);
	if (s->census > 0 && t_ms < s->last_ms)
		t_ms = s->last_ms;
	s->last_ms = t_ms;
	s->census++;

	nidx = 0;
	for (i = 0; i < h->n; i++) {
		e = &h->v[i];
		if (e->name == NULL)
			continue;
		if ((c = suspect_find(s, e->name)) != NULL)
			suspect_point(s, c, t_ms, e->bytes, e->count);
		else if (e->bytes > 0)
			nidx++;
	}

	RB_FOREACH_SAFE(c, suspect_tree, &s->tree, next) {
		if (c->seen != s->census)
			suspect_point(s, c, t_ms, 0, 0);
		if (suspect_last(c)->bytes != 0) {
			c->absent = 0;
			continue;
		}
		if (++c->absent < LW_SUSPECT_POINTS)
			continue;
		RB_REMOVE(suspect_tree, &s->tree, c);
		free(c);
		s->tracked--;
	}

	if (nidx == 0 || s->max == 0)
		return (0);
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
	if ((idx = reallocarray(NULL, nidx, sizeof(*idx))) == NULL)
		return (LW_ERR_NOMEM);
	nidx = 0;
	for (i = 0; i < h->n; i++) {
		e = &h->v[i];
		if (e->name != NULL && e->bytes > 0 &&
		    suspect_find(s, e->name) == NULL)
			idx[nidx++] = e;
	}
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): as above */
	qsort(idx, nidx, sizeof(*idx), suspect_cmp_entry);

	for (i = 0; i < nidx; i++) {
		e = idx[i];
		/*
		 * The same name twice in this census: merge (also once the
		 * tracker is full, or the class's point would be short).
		 */
		if ((c = suspect_find(s, e->name)) != NULL) {
			suspect_point(s, c, t_ms, e->bytes, e->count);
			continue;
		}
		if (full)
			continue;
		if (s->tracked >= s->max) {
			/* Later newcomers are no larger: none would fit. */
			if ((c = suspect_victim(s, e->bytes)) == NULL) {
				full = 1;
				continue;
			}
			RB_REMOVE(suspect_tree, &s->tree, c);
			free(c);
			s->tracked--;
		}
		len = strlen(e->name);
		if (len > SIZE_MAX - sizeof(*c) - 1 ||
		    (c = calloc(1, sizeof(*c) + len + 1)) == NULL) {
			free(idx);
			return (LW_ERR_NOMEM);
		}
		memcpy(c->name, e->name, len + 1);
		c->key = c->name;
		suspect_point(s, c, t_ms, e->bytes, e->count);
		RB_INSERT(suspect_tree, &s->tree, c);
		s->tracked++;
	}
	free(idx);
	return (0);
}

/*
 * Judge one series; fill *out and return 1 when it is a suspect.  The
 * points are oldest first; x is ms since the first point.  A rising
 * interval's excess is its rise minus its share in time of the net
 * growth (net * its length / span): about 0 for a steady leak however
 * unevenly it was sampled, most of the net for a one-off jump.
 */
static int
suspect_judge(const struct suspect_class *c, double floor_bpm,
    uint64_t minspan_ms, double minshare, struct lw_suspect *out)
{
	const struct suspect_point	*p, *first, *last;
	double				 x[LW_SUSPECT_POINTS];
	double				 y[LW_SUSPECT_POINTS];
	double				 slope, conf, consist, span;
	double				 excess, maxexcess = 0;
	uint64_t			 net;
	size_t				 i, grew = 0;

	if (c->n < SUSPECT_MINPOINTS)
		return (0);
	first = &c->pt[0];
	last = &c->pt[c->n - 1];
	if (last->t_ms - first->t_ms < minspan_ms ||
	    last->t_ms == first->t_ms || last->bytes <= first->bytes)
		return (0);
	net = last->bytes - first->bytes;
	span = (double)(last->t_ms - first->t_ms);

	for (i = 0; i < c->n; i++) {
		p = &c->pt[i];
		x[i] = (double)(p->t_ms - first->t_ms);
		y[i] = (double)p->bytes;
		if (i > 0 && y[i] > y[i - 1]) {
			grew++;
			excess = (double)(p->bytes - c->pt[i - 1].bytes) -
			    (double)net * (x[i] - x[i - 1]) / span;
			if (excess > maxexcess)
				maxexcess = excess;
		}
	}
	consist = (double)grew / (double)(c->n - 1);
	if (consist < SUSPECT_MINCONSIST ||
	    maxexcess > SUSPECT_MAXSTEP * (double)net)
		return (0);
	if (lw_trend_theilsen(x, y, c->n, &slope, &conf) <= 0 || slope <= 0)
		return (0);

	memset(out, 0, sizeof(*out));
	out->growth_bpm = slope * 60000.0;
	out->share = out->growth_bpm / floor_bpm;
	if (out->share < minshare)
		return (0);
	strlcpy(out->name, c->name, sizeof(out->name));
	out->count = last->count;
	out->bytes = last->bytes;
	out->consistency = consist;
	out->censuses = (int)c->n;
	out->score = out->growth_bpm * consist;
	return (1);
}

/*
 * The first class in tree order.  RB_MIN wants a mutable head, and the
 * ranking only has a const tracker; the nodes themselves are reachable
 * without a cast from the root pointer.
 */
static struct suspect_class *
suspect_first(const struct lw_suspects *s)
{
	struct suspect_class	*c;

	if ((c = RB_ROOT(&s->tree)) == NULL)
		return (NULL);
	while (RB_LEFT(c, entry) != NULL)
		c = RB_LEFT(c, entry);
	return (c);
}

/* Ranking order: score, larger first; ties by name, for stable output. */
static int
suspect_better(const struct lw_suspect *a, const struct lw_suspect *b)
{
	if (a->score != b->score)
		return (a->score > b->score);
	return (strcmp(a->name, b->name) < 0);
}

/*
 * Rank without allocating: out is kept sorted and each suspect is
 * inserted into it, dropping the worst when it is full.  max is small
 * (the top few go to the log), so the insertion is cheap.
 * Context: agent thread (any).
 */
size_t
lw_suspects_rank(const struct lw_suspects *s, double floor_bpm,
    uint64_t minspan_ms, double minshare, struct lw_suspect *out, size_t max)
{
	struct suspect_class	*c;
	struct lw_suspect	 cand;
	size_t			 n = 0, k;

	/* !(x > 0) also refuses a NaN floor rate. */
	if (s == NULL || out == NULL || max == 0 || !(floor_bpm > 0))
		return (0);
	for (c = suspect_first(s); c != NULL;
	    c = RB_NEXT(suspect_tree, &s->tree, c)) {
		if (!suspect_judge(c, floor_bpm, minspan_ms, minshare, &cand))
			continue;
		for (k = n; k > 0 && suspect_better(&cand, &out[k - 1]); k--)
			;
		if (k >= max)
			continue;
		if (n < max)
			n++;
		memmove(&out[k + 1], &out[k], (n - 1 - k) * sizeof(*out));
		out[k] = cand;
	}
	return (n);
}

/* Classes followed now. */
size_t
lw_suspects_tracked(const struct lw_suspects *s)
{
	return (s == NULL ? 0 : s->tracked);
}
