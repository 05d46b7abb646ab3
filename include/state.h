/*
 * leakwatch - state.h
 *
 * Whether the agent is on.  A module of its own, below the worker and
 * agent.c, so that the worker (and anything else that must stop the
 * agent) can turn it off without calling up into agent.c.
 */
#ifndef LW_STATE_H
#define LW_STATE_H

/*
 * Turn the whole agent off: the first caller wins and logs `why` once at
 * ERROR; the worker then stops at its next wake-up and the JVM runs on
 * untouched.  Idempotent.  Context: not the GC pause (it logs).
 */
void	lw_state_disable(const char *why);

/* Has lw_state_disable been called?  Context: any. */
int	lw_state_disabled(void);

#endif /* LW_STATE_H */
