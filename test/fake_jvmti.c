/*
 * leakwatch - fake_jvmti.c
 *
 * A jvmtiInterface_1 table for unit tests (see fake_jvmti.h).  It owns the
 * raw monitors it creates and the knobs; it knows nothing about the code
 * under test.
 *
 * DESIGN
 * A raw monitor is a pthread mutex that guards the monitor's state (owner,
 * recursion depth, the queue of waiters) plus one condition variable that
 * is broadcast whenever that state changes; every sleeper re-tests its own
 * predicate.  The mutex is held only inside the fake's functions, never
 * while the caller "owns" the monitor, so ownership is a field, which is
 * what makes re-entrant Enter and Wait-at-any-depth possible.  Waiters
 * queue in FIFO order and are woken by a flag set under the mutex, so
 * Notify wakes exactly one thread that was already waiting and none of the
 * wake-ups is spurious or lost (the JVM may be sloppier; the code under
 * test loops on its predicate anyway).
 *
 * The counters and the failure knobs use relaxed atomics on purpose: a
 * stronger order would add happens-before edges between the threads of a
 * test and could hide from ThreadSanitizer a race in the code under test.
 * (Arming a knob is a release store and reading it an acquire load, which
 * orders only the arming test thread before the failing call.)  The raw
 * monitor's own mutex gives exactly the ordering a real raw monitor
 * gives, no more.
 */
#include <sys/queue.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LW_NEED_JVMTI
#include "compat.h"
#include "fake_jvmti.h"

#define FAKE_MAGIC	0x6c776d6fU	/* "lwmo": a live fake monitor */

struct fake_waiter {
	TAILQ_ENTRY(fake_waiter) entry;
	int			 notified;	/* set by Notify(All) */
};

struct fake_monitor {
	pthread_mutex_t		 mu;	/* guards the fields below */
	pthread_cond_t		 cv;	/* owner or a notified flag changed */
	TAILQ_HEAD(, fake_waiter) waiters;
	LIST_ENTRY(fake_monitor) all;
	pthread_t		 owner;	/* valid while depth > 0 */
	unsigned int		 magic;
	int			 depth;	/* Enter recursion; 0 = free */
	char			 name[64];
};

/* The stub every unimplemented slot gets. */
typedef jvmtiError (JNICALL *fake_stub_fn)(jvmtiEnv *);

static struct jvmtiInterface_1_	fake_table;
static jvmtiEnv			fake_env = &fake_table;
static pthread_once_t		fake_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t		fake_list_mu = PTHREAD_MUTEX_INITIALIZER;
static LIST_HEAD(, fake_monitor) fake_monitors =
    LIST_HEAD_INITIALIZER(fake_monitors);
static _Atomic unsigned long	fake_calls[LW_FAKE_NFN];
static _Atomic int		fake_fail_n[LW_FAKE_NFN];
static _Atomic int		fake_fail_err[LW_FAKE_NFN];
static _Atomic int		fake_nwaiters;
static void			(*fake_exit_cb)(void *);
static void			*fake_exit_arg;
static _Atomic int		fake_exit_armed;

static const struct {
	jvmtiError	 err;
	const char	*name;
} fake_errnames[] = {
	{ JVMTI_ERROR_NONE, "JVMTI_ERROR_NONE" },
	{ JVMTI_ERROR_INVALID_THREAD, "JVMTI_ERROR_INVALID_THREAD" },
	{ JVMTI_ERROR_INVALID_CLASS, "JVMTI_ERROR_INVALID_CLASS" },
	{ JVMTI_ERROR_INVALID_MONITOR, "JVMTI_ERROR_INVALID_MONITOR" },
	{ JVMTI_ERROR_NOT_MONITOR_OWNER, "JVMTI_ERROR_NOT_MONITOR_OWNER" },
	{ JVMTI_ERROR_INTERRUPT, "JVMTI_ERROR_INTERRUPT" },
	{ JVMTI_ERROR_NOT_AVAILABLE, "JVMTI_ERROR_NOT_AVAILABLE" },
	{ JVMTI_ERROR_MUST_POSSESS_CAPABILITY,
	    "JVMTI_ERROR_MUST_POSSESS_CAPABILITY" },
	{ JVMTI_ERROR_NULL_POINTER, "JVMTI_ERROR_NULL_POINTER" },
	{ JVMTI_ERROR_OUT_OF_MEMORY, "JVMTI_ERROR_OUT_OF_MEMORY" },
	{ JVMTI_ERROR_ILLEGAL_ARGUMENT, "JVMTI_ERROR_ILLEGAL_ARGUMENT" },
	{ JVMTI_ERROR_UNATTACHED_THREAD, "JVMTI_ERROR_UNATTACHED_THREAD" },
	{ JVMTI_ERROR_INVALID_ENVIRONMENT,
	    "JVMTI_ERROR_INVALID_ENVIRONMENT" },
	{ JVMTI_ERROR_WRONG_PHASE, "JVMTI_ERROR_WRONG_PHASE" },
	{ JVMTI_ERROR_INTERNAL, "JVMTI_ERROR_INTERNAL" },
};

/* A live monitor of ours, or NULL.  A freed one is a test bug anyway. */
static struct fake_monitor *
fake_monitor(jrawMonitorID id)
{
	struct fake_monitor	*m = (struct fake_monitor *)id;

	if (m == NULL || m->magic != FAKE_MAGIC)
		return (NULL);
	return (m);
}

/*
 * Count a call of fn and consume one armed failure, if any: 1 and *err
 * set when this call must fail.
 */
static int
fake_call(enum lw_fake_fn fn, jvmtiError *err)
{
	int	n;

	atomic_fetch_add_explicit(&fake_calls[fn], 1, memory_order_relaxed);
	n = atomic_load_explicit(&fake_fail_n[fn], memory_order_acquire);
	while (n > 0) {
		if (atomic_compare_exchange_weak_explicit(&fake_fail_n[fn], &n,
		    n - 1, memory_order_relaxed, memory_order_relaxed)) {
			*err = (jvmtiError)atomic_load_explicit(
			    &fake_fail_err[fn], memory_order_relaxed);
			return (1);
		}
	}
	return (0);
}

static jvmtiError JNICALL
fake_not_available(jvmtiEnv *env __unused)
{
	return (JVMTI_ERROR_NOT_AVAILABLE);
}

static jvmtiError JNICALL
fake_create(jvmtiEnv *env __unused, const char *name, jrawMonitorID *out)
{
	struct fake_monitor	*m;
	pthread_condattr_t	 ca;
	jvmtiError		 err;

	if (fake_call(LW_FAKE_CREATE, &err))
		return (err);
	if (name == NULL || out == NULL)
		return (JVMTI_ERROR_NULL_POINTER);
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return (JVMTI_ERROR_OUT_OF_MEMORY);
	/* Timeouts are relative: measure them on the monotonic clock. */
	if (pthread_condattr_init(&ca) != 0 ||
	    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&m->cv, &ca) != 0) {
		free(m);
		return (JVMTI_ERROR_INTERNAL);
	}
	(void)pthread_condattr_destroy(&ca);
	if (pthread_mutex_init(&m->mu, NULL) != 0) {
		(void)pthread_cond_destroy(&m->cv);
		free(m);
		return (JVMTI_ERROR_INTERNAL);
	}
	TAILQ_INIT(&m->waiters);
	strlcpy(m->name, name, sizeof(m->name));
	m->magic = FAKE_MAGIC;
	pthread_mutex_lock(&fake_list_mu);
	LIST_INSERT_HEAD(&fake_monitors, m, all);
	pthread_mutex_unlock(&fake_list_mu);
	*out = (jrawMonitorID)m;
	return (JVMTI_ERROR_NONE);
}

/* Free m; the caller holds fake_list_mu and nobody else uses m. */
static void
fake_monitor_free(struct fake_monitor *m)
{
	LIST_REMOVE(m, all);
	m->magic = 0;
	(void)pthread_mutex_destroy(&m->mu);
	(void)pthread_cond_destroy(&m->cv);
	free(m);
}

/*
 * Destroying a monitor another thread owns or waits on is refused with
 * NOT_MONITOR_OWNER; the caller's own ownership is simply dropped (as the
 * JVM does).
 */
static jvmtiError JNICALL
fake_destroy(jvmtiEnv *env __unused, jrawMonitorID id)
{
	struct fake_monitor	*m;
	jvmtiError		 err;
	int			 busy;

	if (fake_call(LW_FAKE_DESTROY, &err))
		return (err);
	if ((m = fake_monitor(id)) == NULL)
		return (JVMTI_ERROR_INVALID_MONITOR);
	pthread_mutex_lock(&m->mu);
	busy = !TAILQ_EMPTY(&m->waiters) ||
	    (m->depth > 0 && !pthread_equal(m->owner, pthread_self()));
	pthread_mutex_unlock(&m->mu);
	if (busy)
		return (JVMTI_ERROR_NOT_MONITOR_OWNER);
	pthread_mutex_lock(&fake_list_mu);
	fake_monitor_free(m);
	pthread_mutex_unlock(&fake_list_mu);
	return (JVMTI_ERROR_NONE);
}

static jvmtiError JNICALL
fake_enter(jvmtiEnv *env __unused, jrawMonitorID id)
{
	struct fake_monitor	*m;
	jvmtiError		 err;

	if (fake_call(LW_FAKE_ENTER, &err))
		return (err);
	if ((m = fake_monitor(id)) == NULL)
		return (JVMTI_ERROR_INVALID_MONITOR);
	pthread_mutex_lock(&m->mu);
	if (m->depth > 0 && pthread_equal(m->owner, pthread_self())) {
		m->depth++;
		pthread_mutex_unlock(&m->mu);
		return (JVMTI_ERROR_NONE);
	}
	while (m->depth > 0)
		pthread_cond_wait(&m->cv, &m->mu);
	m->owner = pthread_self();
	m->depth = 1;
	pthread_mutex_unlock(&m->mu);
	return (JVMTI_ERROR_NONE);
}

static jvmtiError JNICALL
fake_exit(jvmtiEnv *env __unused, jrawMonitorID id)
{
	struct fake_monitor	*m;
	jvmtiError		 err;

	if (fake_call(LW_FAKE_EXIT, &err))
		return (err);
	if ((m = fake_monitor(id)) == NULL)
		return (JVMTI_ERROR_INVALID_MONITOR);
	pthread_mutex_lock(&m->mu);
	if (m->depth == 0 || !pthread_equal(m->owner, pthread_self())) {
		pthread_mutex_unlock(&m->mu);
		return (JVMTI_ERROR_NOT_MONITOR_OWNER);
	}
	if (--m->depth == 0)
		pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
	if (atomic_load_explicit(&fake_exit_armed, memory_order_acquire))
		fake_exit_cb(fake_exit_arg);
	return (JVMTI_ERROR_NONE);
}

/*
 * Give the monitor up entirely, sleep until notified or until millis have
 * passed (0: no time limit, JVMTI spec RawMonitorWait), then take it back
 * at the recursion depth it had.  A negative timeout is refused: the spec
 * leaves it undefined, so a caller passing one has a bug.
 */
static jvmtiError JNICALL
fake_wait(jvmtiEnv *env __unused, jrawMonitorID id, jlong millis)
{
	struct fake_monitor	*m;
	struct fake_waiter	 w;
	struct timespec		 until;
	jvmtiError		 err;
	int			 depth;

	if (fake_call(LW_FAKE_WAIT, &err))
		return (err);
	if ((m = fake_monitor(id)) == NULL)
		return (JVMTI_ERROR_INVALID_MONITOR);
	if (millis < 0)
		return (JVMTI_ERROR_ILLEGAL_ARGUMENT);
	if (clock_gettime(CLOCK_MONOTONIC, &until) != 0)
		return (JVMTI_ERROR_INTERNAL);
	until.tv_sec += (time_t)(millis / 1000);
	until.tv_nsec += (long)(millis % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}

	pthread_mutex_lock(&m->mu);
	if (m->depth == 0 || !pthread_equal(m->owner, pthread_self())) {
		pthread_mutex_unlock(&m->mu);
		return (JVMTI_ERROR_NOT_MONITOR_OWNER);
	}
	depth = m->depth;
	m->depth = 0;
	w.notified = 0;
	TAILQ_INSERT_TAIL(&m->waiters, &w, entry);
	atomic_fetch_add_explicit(&fake_nwaiters, 1, memory_order_relaxed);
	pthread_cond_broadcast(&m->cv);
	while (!w.notified) {
		if (millis == 0)
			pthread_cond_wait(&m->cv, &m->mu);
		else if (pthread_cond_timedwait(&m->cv, &m->mu, &until) ==
		    ETIMEDOUT)
			break;
	}
	if (!w.notified) {
		TAILQ_REMOVE(&m->waiters, &w, entry);
		atomic_fetch_sub_explicit(&fake_nwaiters, 1,
		    memory_order_relaxed);
	}
	while (m->depth > 0)
		pthread_cond_wait(&m->cv, &m->mu);
	m->owner = pthread_self();
	m->depth = depth;
	pthread_mutex_unlock(&m->mu);
	return (JVMTI_ERROR_NONE);
}

/* Wake the oldest waiter (all = 0) or every waiter (all = 1). */
static jvmtiError
fake_wake(jrawMonitorID id, int all)
{
	struct fake_monitor	*m;
	struct fake_waiter	*w;

	if ((m = fake_monitor(id)) == NULL)
		return (JVMTI_ERROR_INVALID_MONITOR);
	pthread_mutex_lock(&m->mu);
	if (m->depth == 0 || !pthread_equal(m->owner, pthread_self())) {
		pthread_mutex_unlock(&m->mu);
		return (JVMTI_ERROR_NOT_MONITOR_OWNER);
	}
	while ((w = TAILQ_FIRST(&m->waiters)) != NULL) {
		TAILQ_REMOVE(&m->waiters, w, entry);
		w->notified = 1;
		atomic_fetch_sub_explicit(&fake_nwaiters, 1,
		    memory_order_relaxed);
		if (!all)
			break;
	}
	pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
	return (JVMTI_ERROR_NONE);
}

static jvmtiError JNICALL
fake_notify(jvmtiEnv *env __unused, jrawMonitorID id)
{
	jvmtiError	err;

	if (fake_call(LW_FAKE_NOTIFY, &err))
		return (err);
	return (fake_wake(id, 0));
}

static jvmtiError JNICALL
fake_notifyall(jvmtiEnv *env __unused, jrawMonitorID id)
{
	jvmtiError	err;

	if (fake_call(LW_FAKE_NOTIFYALL, &err))
		return (err);
	return (fake_wake(id, 1));
}

static jvmtiError JNICALL
fake_allocate(jvmtiEnv *env __unused, jlong size, unsigned char **mem)
{
	jvmtiError	err;

	if (fake_call(LW_FAKE_ALLOCATE, &err))
		return (err);
	if (mem == NULL)
		return (JVMTI_ERROR_NULL_POINTER);
	if (size < 0)
		return (JVMTI_ERROR_ILLEGAL_ARGUMENT);
	if (size == 0) {
		*mem = NULL;
		return (JVMTI_ERROR_NONE);
	}
	if ((*mem = malloc((size_t)size)) == NULL)
		return (JVMTI_ERROR_OUT_OF_MEMORY);
	return (JVMTI_ERROR_NONE);
}

static jvmtiError JNICALL
fake_deallocate(jvmtiEnv *env __unused, unsigned char *mem)
{
	jvmtiError	err;

	if (fake_call(LW_FAKE_DEALLOCATE, &err))
		return (err);
	free(mem);
	return (JVMTI_ERROR_NONE);
}

/*
 * The name in memory the caller must Deallocate, as the JVM hands it out.
 * Taken with malloc, not fake_allocate, so that it shows in the counters
 * and failure knob of GetErrorName only.
 */
static jvmtiError JNICALL
fake_errorname(jvmtiEnv *env __unused, jvmtiError code, char **name)
{
	jvmtiError	 err;
	size_t		 i;

	if (fake_call(LW_FAKE_ERRORNAME, &err))
		return (err);
	if (name == NULL)
		return (JVMTI_ERROR_NULL_POINTER);
	for (i = 0; i < LW_NELEM(fake_errnames); i++)
		if (fake_errnames[i].err == code)
			break;
	if (i == LW_NELEM(fake_errnames))
		return (JVMTI_ERROR_ILLEGAL_ARGUMENT);
	if ((*name = strdup(fake_errnames[i].name)) == NULL)
		return (JVMTI_ERROR_OUT_OF_MEMORY);
	return (JVMTI_ERROR_NONE);
}

/*
 * Point every slot at the stub, then fill in the real ones.  The slots
 * have many signatures; calling the one-argument stub through any of them
 * is harmless on the ABIs we build for (the caller pops its arguments),
 * and a test only gets there by calling something the fake does not
 * implement, which then answers NOT_AVAILABLE as documented.
 */
static void
fake_init(void)
{
	fake_stub_fn	 stub = fake_not_available;
	unsigned char	*p = (unsigned char *)&fake_table;
	size_t		 off;

	_Static_assert(sizeof(fake_table) % sizeof(fake_stub_fn) == 0,
	    "jvmtiInterface_1 is not an array of pointers");
	for (off = 0; off < sizeof(fake_table); off += sizeof(stub))
		memcpy(p + off, &stub, sizeof(stub));
	fake_table.CreateRawMonitor = fake_create;
	fake_table.DestroyRawMonitor = fake_destroy;
	fake_table.RawMonitorEnter = fake_enter;
	fake_table.RawMonitorExit = fake_exit;
	fake_table.RawMonitorWait = fake_wait;
	fake_table.RawMonitorNotify = fake_notify;
	fake_table.RawMonitorNotifyAll = fake_notifyall;
	fake_table.Allocate = fake_allocate;
	fake_table.Deallocate = fake_deallocate;
	fake_table.GetErrorName = fake_errorname;
}

jvmtiEnv *
lw_fake_jvmti(void)
{
	(void)pthread_once(&fake_once, fake_init);
	return (&fake_env);
}

int
lw_fake_jvmti_reset(void)
{
	struct fake_monitor	*m;
	int			 n = 0, i;

	pthread_mutex_lock(&fake_list_mu);
	while ((m = LIST_FIRST(&fake_monitors)) != NULL) {
		fake_monitor_free(m);
		n++;
	}
	pthread_mutex_unlock(&fake_list_mu);
	for (i = 0; i < LW_FAKE_NFN; i++) {
		atomic_store(&fake_calls[i], 0);
		atomic_store(&fake_fail_n[i], 0);
		atomic_store(&fake_fail_err[i], JVMTI_ERROR_NONE);
	}
	atomic_store(&fake_nwaiters, 0);
	lw_fake_jvmti_on_exit(NULL, NULL);
	return (n);
}

void
lw_fake_jvmti_fail(enum lw_fake_fn fn, int n, jvmtiError err)
{
	if ((int)fn < 0 || fn >= LW_FAKE_NFN)
		return;
	atomic_store_explicit(&fake_fail_err[fn], (int)err,
	    memory_order_relaxed);
	atomic_store_explicit(&fake_fail_n[fn], n > 0 ? n : 0,
	    memory_order_release);
}

unsigned long
lw_fake_jvmti_calls(enum lw_fake_fn fn)
{
	if ((int)fn < 0 || fn >= LW_FAKE_NFN)
		return (0);
	return (atomic_load_explicit(&fake_calls[fn], memory_order_relaxed));
}

int
lw_fake_jvmti_waiters(void)
{
	return (atomic_load_explicit(&fake_nwaiters, memory_order_relaxed));
}

/*
 * Arming is a release store of a flag, like the failure knobs: it orders
 * the installing thread before the callers, and nothing else.
 */
void
lw_fake_jvmti_on_exit(void (*cb)(void *), void *arg)
{
	atomic_store_explicit(&fake_exit_armed, 0, memory_order_relaxed);
	if (cb == NULL)
		return;
	fake_exit_cb = cb;
	fake_exit_arg = arg;
	atomic_store_explicit(&fake_exit_armed, 1, memory_order_release);
}
