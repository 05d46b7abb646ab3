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
 * Memory is bounded twice: at most `maxclasses` classes, each with a ring
 * of LW_SUSPECT_POINTS points, in one allocation per class (the name lives
 * in the same block).  A big application has tens of thousands of
 * classes; the ones followed are the largest when there is room, because
 * a leak that matters ends up large.  Classes are found by name in an
 * RB_ tree, so a census costs O(n log maxclasses).
 *
 * A class is a suspect when its bytes rise from census to census, not
 * when they once jumped: growth is the Theil-Sen slope of its points (one
 * odd census cannot set it), at least 75% of the intervals must rise, and
 * no single interval may hold more than half of the net growth, which is
 * what tells a leak from a cache filled in one go.
 *
 * XXX A class is only followed once there is room for it: with more
 * classes than maxclasses, a leaking class that starts small behind a full
 * tracker is not seen until followed classes vanish for
 * LW_SUSPECT_POINTS censuses.  Size maxclasses above the number of
 * classes with live instances, or add replacement of small, flat classes.
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
/* No single interval may hold more than this share of the net growth. */
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
	struct suspect_point	 pt[LW_SUSPECT_POINTS];
	size_t			 head;	/* index of the oldest point */
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
	return (&c->pt[(c->head + c->n - 1) % LW_SUSPECT_POINTS]);
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
	if (c->n == LW_SUSPECT_POINTS) {
		c->head = (c->head + 1) % LW_SUSPECT_POINTS;
		c->n--;
	}
	p = &c->pt[(c->head + c->n) % LW_SUSPECT_POINTS];
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
 * classes are followed, largest first.  The candidates are sorted through
 * a temporary index: the caller's census is const and stays as it is.
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

	if (nidx == 0 || s->tracked >= s->max)
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

	for (i = 0; i < nidx && s->tracked < s->max; i++) {
		e = idx[i];
		/* The same name twice in this census: merge. */
		if ((c = suspect_find(s, e->name)) != NULL) {
			suspect_point(s, c, t_ms, e->bytes, e->count);
			continue;
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
 * points are oldest first; x is ms since the first point.
 */
static int
suspect_judge(const struct suspect_class *c, double floor_bpm,
    uint64_t minspan_ms, double minshare, struct lw_suspect *out)
{
	const struct suspect_point	*p, *first, *last;
	double				 x[LW_SUSPECT_POINTS];
	double				 y[LW_SUSPECT_POINTS];
	double				 slope, conf, consist;
	uint64_t			 net, step, maxstep = 0;
	size_t				 i, grew = 0;

	if (c->n < SUSPECT_MINPOINTS)
		return (0);
	first = &c->pt[c->head];
	last = &c->pt[(c->head + c->n - 1) % LW_SUSPECT_POINTS];
	if (last->t_ms - first->t_ms < minspan_ms ||
	    last->t_ms == first->t_ms || last->bytes <= first->bytes)
		return (0);
	net = last->bytes - first->bytes;

	for (i = 0; i < c->n; i++) {
		p = &c->pt[(c->head + i) % LW_SUSPECT_POINTS];
		x[i] = (double)(p->t_ms - first->t_ms);
		y[i] = (double)p->bytes;
		if (i > 0 && y[i] > y[i - 1]) {
			grew++;
			step = p->bytes -
			    c->pt[(c->head + i - 1) % LW_SUSPECT_POINTS].bytes;
			if (step > maxstep)
				maxstep = step;
		}
	}
	consist = (double)grew / (double)(c->n - 1);
	if (consist < SUSPECT_MINCONSIST ||
	    (double)maxstep > SUSPECT_MAXSTEP * (double)net)
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
