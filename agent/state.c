/*
 * leakwatch - state.c
 *
 * The agent's on/off switch: one atomic flag, set once and never cleared
 * (docs/DESIGN.md §6: no fatal(), the agent disables itself instead).  It
 * owns nothing else and calls nothing but the log, so every layer above may
 * use it.
 */
#include <stdatomic.h>

#include "compat.h"
#include "log.h"
#include "state.h"

static _Atomic int	state_off;

/* Compare-and-swap: of two threads disabling at once, one logs. */
void
lw_state_disable(const char *why)
{
	int	expect = 0;

	if (atomic_compare_exchange_strong(&state_off, &expect, 1))
		lw_log(LW_LEVEL_ERROR, "leakwatch disabled: %s; the JVM runs "
		    "on without it", why);
}

int
lw_state_disabled(void)
{
	return (atomic_load(&state_off));
}
