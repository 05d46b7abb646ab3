/*
 * leakwatch - objchain.c
 *
 * The object-level holder chain; see objchain.h for the rules.  One flat
 * array of entries indexed by id - 1.  Totals and the heaviest child are
 * computed after the pass in one sweep from the last id to the first,
 * which is enough because a parent's id is always below its children's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "lw.h"
#include "objchain.h"

#define OBJCHAIN_MAX	(1u << 24)

struct objchain_obj {
	uint32_t	cls;
	uint32_t	parent;		/* id, 0: none tracked */
	uint32_t	pcls;
	int32_t		index;		/* of the reference from the parent */
	int32_t		hitindex;	/* of the first reference into target */
	uint32_t	hits;
	uint32_t	heavy;		/* child with the largest total */
	uint64_t	total;		/* hits here and below */
	uint8_t		kind;
	uint8_t		hitkind;
};

struct lw_objchain {
	struct objchain_obj	*o;
	uint32_t		 max;
	uint32_t		 n;
	uint32_t		 dropped;
	uint64_t		 hits;		/* attributed and not */
};

struct lw_objchain *
lw_objchain_new(uint32_t max)
{
	struct lw_objchain	*oc;

	if (max == 0 || max > OBJCHAIN_MAX)
		return (NULL);
	if ((oc = lw_calloc(1, sizeof(*oc))) == NULL)
		return (NULL);
	if ((oc->o = lw_calloc(max, sizeof(*oc->o))) == NULL) {
		free(oc);
		return (NULL);
	}
	oc->max = max;
	return (oc);
}

void
lw_objchain_free(struct lw_objchain *oc)
{
	if (oc == NULL)
		return;
	free(oc->o);
	free(oc);
}

size_t
lw_objchain_memsize(const struct lw_objchain *oc)
{
	if (oc == NULL)
		return (0);
	return (sizeof(*oc) + (size_t)oc->max * sizeof(*oc->o));
}

uint32_t
lw_objchain_track(struct lw_objchain *oc, uint32_t cls, uint32_t parent,
    uint32_t pcls, int kind, int32_t index)
{
	struct objchain_obj	*p;

	if (oc == NULL || cls == 0 || parent > oc->n ||
	    kind < LW_REF_FIELD || kind > LW_REF_ROOT ||
	    (kind == LW_REF_ROOT && parent != 0))
		return (0);
	if (oc->n == oc->max) {
		if (oc->dropped < UINT32_MAX)
			oc->dropped++;
		return (0);
	}
	p = &oc->o[oc->n];
	p->cls = cls;
	p->parent = parent;
	p->pcls = pcls;
	p->kind = (uint8_t)kind;
	p->index = index;
	p->hits = 0;
	p->hitkind = 0;
	return (++oc->n);
}

void
lw_objchain_reref(struct lw_objchain *oc, uint32_t id, uint32_t parent,
    uint32_t pcls, int kind, int32_t index)
{
	struct objchain_obj	*p;

	if (oc == NULL || id == 0 || id > oc->n || parent >= id ||
	    kind < LW_REF_FIELD || kind >= LW_REF_ROOT)
		return;
	p = &oc->o[id - 1];
	if (p->kind != LW_REF_ROOT)
		return;
	p->parent = parent;
	p->pcls = pcls;
	p->kind = (uint8_t)kind;
	p->index = index;
}

void
lw_objchain_hit(struct lw_objchain *oc, uint32_t id, int kind,
    int32_t index)
{
	struct objchain_obj	*p;

	if (oc == NULL || id == 0 || id > oc->n)
		return;
	p = &oc->o[id - 1];
	if (p->hitkind == 0) {
		p->hitkind = (uint8_t)kind;
		p->hitindex = index;
	}
	if (p->hits < UINT32_MAX)
		p->hits++;
	oc->hits++;
}

void
lw_objchain_miss(struct lw_objchain *oc)
{
	if (oc != NULL)
		oc->hits++;
}

/* Is more than half of all hits at or below this object? */
static int
objchain_major(const struct lw_objchain *oc, const struct objchain_obj *p)
{
	return (p->total > oc->hits / 2);
}

int
lw_objchain_chain(struct lw_objchain *oc, uint32_t target,
    lw_refgraph_app_fn app, void *arg, struct lw_ref_step *out, int max,
    struct lw_objchain_result *res)
{
	struct objchain_obj	*p, *q;
	uint32_t		 i, top = 0, b, d, x;
	int			 ns = 0, above;

	if (oc == NULL || target == 0 || (out == NULL && max > 0))
		return (LW_ERR_INVAL);
	if (res != NULL) {
		memset(res, 0, sizeof(*res));
		res->hits = oc->hits;
		res->tracked = oc->n;
		res->dropped = oc->dropped;
	}
	for (i = 0; i < oc->n; i++) {
		oc->o[i].total = oc->o[i].hits;
		oc->o[i].heavy = 0;
	}
	for (i = oc->n; i >= 1; i--) {
		p = &oc->o[i - 1];
		if (p->parent == 0) {
			if (p->total > 0 &&
			    (top == 0 || p->total > oc->o[top - 1].total))
				top = i;
			continue;
		}
		q = &oc->o[p->parent - 1];
		q->total += p->total;
		if (p->total > 0 && (q->heavy == 0 ||
		    p->total > oc->o[q->heavy - 1].total))
			q->heavy = i;
	}
	if (max <= 0 || top == 0 || !objchain_major(oc, &oc->o[top - 1]))
		return (0);
	for (b = top; oc->o[b - 1].heavy != 0 &&
	    objchain_major(oc, &oc->o[oc->o[b - 1].heavy - 1]);
	    b = oc->o[b - 1].heavy)
		;
	for (d = b; oc->o[d - 1].heavy != 0 &&
	    2 * (uint64_t)oc->o[d - 1].hits < oc->o[d - 1].total;
	    d = oc->o[d - 1].heavy)
		;
	if (res != NULL)
		res->held = oc->o[b - 1].total;

	p = &oc->o[d - 1];
	out[ns].from = p->cls;
	out[ns].kind = p->hitkind != 0 ? p->hitkind : LW_REF_FIELD;
	out[ns].index = p->hitkind != 0 ? p->hitindex : 0;
	out[ns].to = target;
	out[ns].count = p->total;
	out[ns].into = oc->hits;
	ns++;
	above = (d == b);
	for (x = d; ns < max; x = p->parent) {
		p = &oc->o[x - 1];
		if (x == b)
			above = 1;
		if (p->parent != 0 && p->pcls == p->cls)
			continue;	/* same structure: one step */
		out[ns].from = p->kind == LW_REF_ROOT ? 0 : p->pcls;
		out[ns].kind = p->kind;
		out[ns].index = p->index;
		out[ns].to = p->cls;
		out[ns].count = p->total;
		out[ns].into = oc->hits;
		ns++;
		if (p->kind == LW_REF_ROOT || p->kind == LW_REF_STATIC)
			break;
		if (p->pcls == 0)
			break;
		if (above && app != NULL && app(arg, p->pcls))
			break;
		if (p->parent == 0) {
			if (res != NULL && (app == NULL ||
			    !app(arg, p->pcls)))
				res->open = p->pcls;
			break;
		}
	}
	return (ns);
}
