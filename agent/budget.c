/*
 * leakwatch - budget.c
 *
 * The pause budget as a token bucket (see budget.h).  Spacing each pause
 * by its own length divided by the share, as the agent first did, is the
 * same in the long run but punishes the start: a one-second holder search
 * then held back every census for 100 s at the default 1%, just when a
 * fast leak needs them.  A bucket lets a short burst through and keeps
 * the long-run share.
 */
#include <stdint.h>

#include "budget.h"

static void
budget_refill(struct lw_budget *b, uint64_t now_ms)
{
	if (now_ms > b->last_ms) {
		b->credit_ms += (double)(now_ms - b->last_ms) * b->share;
		if (b->credit_ms > b->cap_ms)
			b->credit_ms = b->cap_ms;
	}
	if (now_ms > b->last_ms)
		b->last_ms = now_ms;
}

/* Context: any; the caller owns b. */
void
lw_budget_init(struct lw_budget *b, double share, double cap_ms,
    uint64_t now_ms)
{
	b->share = share > 0 && share <= 1 ? share : 0.01;
	b->cap_ms = cap_ms > 0 ? cap_ms : 1000;
	b->credit_ms = b->cap_ms;
	b->last_ms = now_ms;
}

static double
budget_need(const struct lw_budget *b, double expect_ms)
{
	if (expect_ms > b->cap_ms)
		return (b->cap_ms);
	return (expect_ms > 0 ? expect_ms : 0);
}

/* Context: any; the caller owns b. */
int
lw_budget_allows(struct lw_budget *b, uint64_t now_ms, double expect_ms)
{
	double	need = budget_need(b, expect_ms);

	budget_refill(b, now_ms);
	return (b->credit_ms > 0 && b->credit_ms >= need);
}

/* Context: any; the caller owns b. */
void
lw_budget_spend(struct lw_budget *b, uint64_t now_ms, double took_ms)
{
	budget_refill(b, now_ms);
	if (took_ms > 0)
		b->credit_ms -= took_ms;
}

/* Context: any; the caller owns b. */
uint64_t
lw_budget_wait_ms(struct lw_budget *b, uint64_t now_ms, double expect_ms)
{
	double	need = budget_need(b, expect_ms), missing;

	budget_refill(b, now_ms);
	if (b->credit_ms > 0 && b->credit_ms >= need)
		return (0);
	missing = need - b->credit_ms;
	if (missing <= 0)
		missing = 1e-3;		/* credit 0 and nothing expected */
	return ((uint64_t)(missing / b->share) + 1);
}
