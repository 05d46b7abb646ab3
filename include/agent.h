/*
 * leakwatch - agent.h
 *
 * Life-cycle services agent.c offers the other modules.
 */
#ifndef LW_AGENT_H
#define LW_AGENT_H

/*
 * Turn the whole agent off: the first caller wins and logs `why` once at
 * ERROR; the worker then stops at its next wake-up and the JVM runs on
 * untouched.  Idempotent.  Context: not the GC pause (it logs).
 */
void	lw_agent_disable(const char *why);

/* Has lw_agent_disable been called?  Context: any. */
int	lw_agent_disabled(void);

#endif /* LW_AGENT_H */
