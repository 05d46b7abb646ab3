/*
 * leakwatch - worker.h
 *
 * The agent thread: everything that is not the GC callback runs here.
 */
#ifndef LW_WORKER_H
#define LW_WORKER_H

#define LW_NEED_JVMTI
#include "compat.h"

struct lw_opts;

/*
 * Start the agent thread (a daemon java.lang.Thread named "leakwatch",
 * run by RunAgentThread).  `o` is copied.  Returns 0 or an LW_ERR_*; on
 * failure nothing runs and the caller disables the agent.
 * Context: VMInit or OnAttach (live phase, JNI allowed).
 */
int	lw_worker_start(jvmtiEnv *jvmti, JNIEnv *env, const struct lw_opts *o);

#endif /* LW_WORKER_H */
