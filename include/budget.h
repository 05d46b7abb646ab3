/*
 * leakwatch - budget.h
 *
 * The pause budget: how much stop-the-world time the agent's own work
 * (censuses, holder searches) may take.  A token bucket: credit accrues at
 * `share` of wall time up to `cap_ms`, each pause spends what it really
 * took, and a pause may start only when the credit covers what it is
 * expected to take.  Over any window of T ms the agent's pauses total at
 * most cap_ms + share * T (plus the overshoot of the last pause beyond its
 * expectation), so the long-run share is the `pausebudget` option, while
 * the first censuses after start-up, or a holder search right after
 * suspects appear, need not wait for the budget of the census before.
 * Pure module, times injected; one budget belongs to one thread.
 */
#ifndef LW_BUDGET_H
#define LW_BUDGET_H

#include <stdint.h>

struct lw_budget {
	double		share;		/* 0 < share <= 1 */
	double		cap_ms;		/* most credit ever held */
	double		credit_ms;	/* may go below 0 after an overrun */
	uint64_t	last_ms;	/* time of the last refill */
};

/* A full bucket at now_ms.  share in (0, 1], cap_ms > 0. */
void	lw_budget_init(struct lw_budget *b, double share, double cap_ms,
	    uint64_t now_ms);

/*
 * May a pause expected to take expect_ms start at now_ms?  Refills first.
 * An expectation above cap_ms is judged as cap_ms (the bucket can never
 * hold more), and credit must be above 0 even for a pause expected to
 * take nothing.
 */
int	lw_budget_allows(struct lw_budget *b, uint64_t now_ms,
	    double expect_ms);

/* A pause of took_ms ended at now_ms: refill to now, then spend it. */
void	lw_budget_spend(struct lw_budget *b, uint64_t now_ms, double took_ms);

/* Milliseconds from now_ms until lw_budget_allows(expect_ms) holds. */
uint64_t lw_budget_wait_ms(struct lw_budget *b, uint64_t now_ms,
	    double expect_ms);

#endif /* LW_BUDGET_H */
