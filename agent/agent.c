/*
 * leakwatch - agent.c
 *
 * The JVM's entry points (Agent_OnLoad, Agent_OnAttach, Agent_OnUnload),
 * capabilities, event callbacks and the agent's life cycle.  The only file
 * with exported symbols.
 *
 * DESIGN
 * OnLoad parses the options - the one place where leakwatch may stop the
 * JVM, with one line naming the bad option - opens the log, asks for the
 * GC-event capability and enables VMInit/VMDeath and the GC events.  The
 * agent thread is started at VMInit (or at once when attached to a live
 * JVM).  VMDeath asks it to stop and waits a bounded time; after that the
 * GC callbacks keep running harmlessly until the VM is gone.  Nothing is
 * freed at shutdown: the worker may still be inside a JNI call when the
 * wait times out, and the process is ending anyway.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "gchook.h"
#include "holder.h"
#include "jvmti_util.h"
#include "log.h"
#include "lw.h"
#include "opts.h"
#include "report.h"
#include "state.h"
#include "worker.h"

#define AGENT_STOP_WAIT_MS	5000	/* VMDeath waits this for the worker */

static struct lw_opts	agent_opts;
static jvmtiEnv		*agent_jvmti;
static _Atomic int	agent_loaded;
static _Atomic int	agent_worker_running;
static _Atomic int	agent_oom_seen;

/* LW_ASSERT in the agent: log where and turn off, never abort. */
static void
agent_assert(const char *file, int line, const char *cond)
{
	char	why[256];

	snprintf(why, sizeof(why), "internal error at %s:%d (%s)", file, line,
	    cond);
	lw_state_disable(why);
}

/* Print to stderr directly: at start-up the log may not be open yet. */
static void
agent_stderr(const char *line)
{
	char	buf[LW_PATH_MAX + 600];
	int	n;

	n = snprintf(buf, sizeof(buf), "leakwatch: %s\n", line);
	if (n > 0)
		(void)!write(STDERR_FILENO, buf, (size_t)n < sizeof(buf) ?
		    (size_t)n : sizeof(buf) - 1);
}

static void
agent_start_worker(jvmtiEnv *jvmti, JNIEnv *env)
{
	if (lw_worker_start(jvmti, env, &agent_opts) != 0)
		lw_state_disable("cannot start the agent thread");
	else
		atomic_store(&agent_worker_running, 1);
}

/* Context: VMInit (the main thread; JNI allowed). */
static void JNICALL
agent_vminit(jvmtiEnv *jvmti, JNIEnv *env, jthread thread __unused)
{
	agent_start_worker(jvmti, env);
}

/*
 * Stop the worker and wait for it, bounded: a dump or census in progress
 * must not hang the JVM's exit.
 * Context: VMDeath (JNI allowed, no more events after it).
 */
static void JNICALL
agent_vmdeath(jvmtiEnv *jvmti, JNIEnv *env __unused)
{
	if (atomic_load(&agent_worker_running) &&
	    lw_gchook_stop(jvmti, AGENT_STOP_WAIT_MS) != 0)
		lw_log(LW_LEVEL_WARN, "agent thread still busy after %d ms at "
		    "VM exit; leaving it", AGENT_STOP_WAIT_MS);
	(void)(*jvmti)->SetEventNotificationMode(jvmti, JVMTI_DISABLE,
	    JVMTI_EVENT_GARBAGE_COLLECTION_FINISH, NULL);
	lw_report_stop();
}

/*
 * The JVM threw OutOfMemoryError for want of Java heap.  Recorded once, so
 * the log shows where the end came relative to the SUSPECT and DUMP lines;
 * dumping here is too late (the dump itself would need heap).
 * Context: the Java thread that failed to allocate (JNI allowed).
 */
static void JNICALL
agent_exhausted(jvmtiEnv *jvmti __unused, JNIEnv *env __unused, jint flags,
    const void *reserved __unused, const char *description)
{
	if ((flags & JVMTI_RESOURCE_EXHAUSTED_JAVA_HEAP) == 0 ||
	    atomic_exchange(&agent_oom_seen, 1))
		return;
	lw_report_oom(description, (int)flags);
}

static int
agent_events(jvmtiEnv *jvmti, int live)
{
	static const jvmtiEvent	 ev_load[] = {
		JVMTI_EVENT_VM_INIT, JVMTI_EVENT_VM_DEATH,
		JVMTI_EVENT_GARBAGE_COLLECTION_FINISH,
		JVMTI_EVENT_RESOURCE_EXHAUSTED
	};
	jvmtiEventCallbacks	 cb;
	jvmtiCapabilities	 caps;
	size_t			 i;
	int			 rc;

	memset(&caps, 0, sizeof(caps));
	caps.can_generate_garbage_collection_events = 1;
	caps.can_generate_resource_exhaustion_heap_events = 1;
	if (agent_opts.census == LW_CENSUS_HEAPWALK)
		caps.can_tag_objects = 1;
	if ((rc = lw_jvmti_check(jvmti, (*jvmti)->AddCapabilities(jvmti,
	    &caps), "AddCapabilities")) != 0)
		return (rc);
	/*
	 * Allocation sites and holders need more; without it they are off
	 * and the rest runs on.
	 */
	if (agent_opts.sampling > 0 || agent_opts.holder) {
		memset(&caps, 0, sizeof(caps));
		if (agent_opts.sampling > 0)
			lw_alloc_caps(&caps);
		caps.can_tag_objects = 1;
		if ((*jvmti)->AddCapabilities(jvmti, &caps) !=
		    JVMTI_ERROR_NONE) {
			lw_log(LW_LEVEL_WARN, "the JVM refused the "
			    "capabilities for allocation sites and holders; "
			    "both are off");
			agent_opts.sampling = 0;
			agent_opts.holder = 0;
		}
	}
	memset(&cb, 0, sizeof(cb));
	cb.SampledObjectAlloc = lw_alloc_sampled;
	cb.ObjectFree = lw_alloc_freed;
	cb.VMInit = agent_vminit;
	cb.VMDeath = agent_vmdeath;
	cb.GarbageCollectionFinish = lw_gchook_finish;
	cb.ResourceExhausted = agent_exhausted;
	if ((rc = lw_jvmti_check(jvmti, (*jvmti)->SetEventCallbacks(jvmti,
	    &cb, (jint)sizeof(cb)), "SetEventCallbacks")) != 0)
		return (rc);
	for (i = live ? 1 : 0; i < LW_NELEM(ev_load); i++)
		if ((rc = lw_jvmti_check(jvmti,
		    (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE,
		    ev_load[i], NULL), "SetEventNotificationMode")) != 0)
			return (rc);
	if (agent_opts.sampling > 0 && lw_alloc_init(jvmti,
	    agent_opts.sampling, (int)agent_opts.stackdepth) != 0) {
		lw_log(LW_LEVEL_WARN, "allocation sampling could not start; "
		    "allocation sites are off");
		agent_opts.sampling = 0;
	}
	return (0);
}

/*
 * Common start-up.  Returns JNI_OK or JNI_ERR; JNI_ERR only for bad
 * options (the JVM then refuses to start) or a second load.
 */
static jint
agent_init(JavaVM *vm, const char *options, int live)
{
	char		 err[LW_PATH_MAX + 512];
	jvmtiEnv	*jvmti;
	JNIEnv		*env;
	int		 expect = 0;

	if (!atomic_compare_exchange_strong(&agent_loaded, &expect, 1)) {
		lw_log(LW_LEVEL_WARN, "leakwatch is already loaded in this JVM; "
		    "this second load (options \"%s\") is ignored",
		    options != NULL ? options : "");
		agent_stderr("already loaded in this JVM; second load refused");
		return (JNI_ERR);
	}
	if (lw_opts_parse(&agent_opts, options, err, sizeof(err)) != 0) {
		agent_stderr(err);
		atomic_store(&agent_loaded, 0);
		return (JNI_ERR);
	}
	if (agent_opts.help) {
		char	text[8192];
		size_t	n = lw_opts_help(text, sizeof(text));

		(void)!write(STDERR_FILENO, text, n < sizeof(text) ? n :
		    sizeof(text) - 1);
		return (JNI_OK);
	}
	lw_assert_set_hook(agent_assert);
	if (lw_log_open(agent_opts.log, agent_opts.loglevel) != 0) {
		snprintf(err, sizeof(err), "cannot open log=%s (%s); logging "
		    "to stderr", agent_opts.log, strerror(errno));
		agent_stderr(err);
	}
	if ((*vm)->GetEnv(vm, (void **)&jvmti, JVMTI_VERSION_1_2) != JNI_OK) {
		agent_stderr("JVMTI 1.2 is not available; leakwatch is off");
		return (JNI_OK);
	}
	agent_jvmti = jvmti;
	if (lw_gchook_init(jvmti) != 0 || agent_events(jvmti, live) != 0) {
		lw_state_disable("JVMTI set-up failed");
		return (JNI_OK);
	}
	if (agent_opts.holder && lw_holder_init(vm) != 0)
		lw_log(LW_LEVEL_INFO, "no second JVMTI environment for the "
		    "holder search; holders are class-level only");
	if (live) {
		if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) !=
		    JNI_OK) {
			lw_state_disable("no JNI environment at attach");
			return (JNI_OK);
		}
		agent_start_worker(jvmti, env);
	}
	return (JNI_OK);
}

LW_EXPORT JNIEXPORT jint JNICALL
Agent_OnLoad(JavaVM *vm, char *options, void *reserved __unused)
{
	return (agent_init(vm, options, 0));
}

LW_EXPORT JNIEXPORT jint JNICALL
Agent_OnAttach(JavaVM *vm, char *options, void *reserved __unused)
{
	return (agent_init(vm, options, 1));
}

/* Context: VM shutdown.  See DESIGN: nothing is freed on purpose. */
LW_EXPORT JNIEXPORT void JNICALL
Agent_OnUnload(JavaVM *vm __unused)
{
}
