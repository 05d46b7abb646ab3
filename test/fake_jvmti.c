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
 * The pretend heap is one array of classes and objects, indexed by number;
 * a JNI reference is a small record pointing at one of them, kept on a
 * list until the reset so that a reference deleted twice is still
 * recognised (and counted) instead of being read after a free.
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
#define FAKE_REF_MAGIC	0x6c777266U	/* "lwrf": a fake JNI reference */

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

/* A class (sig set) or an object of class cls on the pretend heap. */
struct fake_obj {
	char	*sig;		/* a class: its JVMTI signature */
	int	 loaded;	/* a class: GetLoadedClasses lists it */
	int	 cls;		/* an object: its class */
	jlong	 size;		/* an object: its size */
	jlong	 tag;
};

enum fake_refkind {
	FAKE_REF_DEAD,		/* deleted; kept to recognise a reuse */
	FAKE_REF_LOCAL,
	FAKE_REF_GLOBAL
};

struct fake_ref {
	SLIST_ENTRY(fake_ref)	 all;
	unsigned int		 magic;
	enum fake_refkind	 kind;
	int			 obj;	/* into fake_objs */
};

/* The stubs every unimplemented slot gets. */
typedef jvmtiError (JNICALL *fake_stub_fn)(jvmtiEnv *);
typedef jint (JNICALL *fake_jni_stub_fn)(JNIEnv *);

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
static _Atomic int		fake_skip[LW_FAKE_NFN];
static _Atomic long		fake_outstanding;

/* The pretend heap and the JNIEnv: one test thread only. */
static struct fake_obj		fake_objs[LW_FAKE_MAXOBJ];
static int			fake_nobj;
static SLIST_HEAD(, fake_ref)	fake_refs = SLIST_HEAD_INITIALIZER(fake_refs);
static int			fake_nlocals, fake_nglobals, fake_misuse;
static struct JNINativeInterface_ fake_jni_table;
static JNIEnv			fake_jni_env = &fake_jni_table;

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
 * set when this call must fail.  Calls still to be skipped (fail_at) go
 * through first.
 */
static int
fake_call(enum lw_fake_fn fn, jvmtiError *err)
{
	int	n, k;

	atomic_fetch_add_explicit(&fake_calls[fn], 1, memory_order_relaxed);
	n = atomic_load_explicit(&fake_fail_n[fn], memory_order_acquire);
	k = n > 0 ? atomic_load_explicit(&fake_skip[fn],
	    memory_order_relaxed) : 0;
	while (k > 0) {
		if (atomic_compare_exchange_weak_explicit(&fake_skip[fn], &k,
		    k - 1, memory_order_relaxed, memory_order_relaxed))
			return (0);
	}
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
	atomic_fetch_add(&fake_outstanding, 1);
	return (JVMTI_ERROR_NONE);
}

static jvmtiError JNICALL
fake_deallocate(jvmtiEnv *env __unused, unsigned char *mem)
{
	jvmtiError	err;

	if (fake_call(LW_FAKE_DEALLOCATE, &err))
		return (err);
	if (mem != NULL)
		atomic_fetch_sub(&fake_outstanding, 1);
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
	atomic_fetch_add(&fake_outstanding, 1);
	return (JVMTI_ERROR_NONE);
}

/* -- The pretend heap and its references ------------------------------ */

static struct fake_ref *
fake_ref_new(int obj, enum fake_refkind kind)
{
	struct fake_ref	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return (NULL);
	r->magic = FAKE_REF_MAGIC;
	r->kind = kind;
	r->obj = obj;
	SLIST_INSERT_HEAD(&fake_refs, r, all);
	if (kind == FAKE_REF_LOCAL)
		fake_nlocals++;
	else
		fake_nglobals++;
	return (r);
}

/* A reference the fake made (live or deleted), or NULL. */
static struct fake_ref *
fake_ref(jobject o)
{
	struct fake_ref	*r = (struct fake_ref *)o;

	if (r == NULL || r->magic != FAKE_REF_MAGIC)
		return (NULL);
	return (r);
}

/* The object a live reference points at, or -1 (counted as misuse). */
static int
fake_deref(jobject o)
{
	struct fake_ref	*r = fake_ref(o);

	if (r == NULL || r->kind == FAKE_REF_DEAD) {
		fake_misuse++;
		return (-1);
	}
	return (r->obj);
}

/* The class a live reference points at, or -1 (counted as misuse). */
static int
fake_deref_class(jclass k)
{
	int	i = fake_deref(k);

	if (i >= 0 && fake_objs[i].sig == NULL) {
		fake_misuse++;
		return (-1);
	}
	return (i);
}

static void
fake_ref_delete(jobject o, enum fake_refkind kind)
{
	struct fake_ref	*r;

	if (o == NULL)
		return;
	if ((r = fake_ref(o)) == NULL || r->kind != kind) {
		fake_misuse++;
		return;
	}
	r->kind = FAKE_REF_DEAD;
	if (kind == FAKE_REF_LOCAL)
		fake_nlocals--;
	else
		fake_nglobals--;
}

static jvmtiError JNICALL
fake_loadedclasses(jvmtiEnv *env __unused, jint *count, jclass **classes)
{
	struct fake_ref	*r;
	jclass		*v;
	jvmtiError	 err;
	int		 i, n = 0;

	if (fake_call(LW_FAKE_LOADEDCLASSES, &err))
		return (err);
	if (count == NULL || classes == NULL)
		return (JVMTI_ERROR_NULL_POINTER);
	for (i = 0; i < fake_nobj; i++)
		n += fake_objs[i].sig != NULL && fake_objs[i].loaded;
	if ((v = calloc((size_t)n + 1, sizeof(*v))) == NULL)
		return (JVMTI_ERROR_OUT_OF_MEMORY);
	for (n = 0, i = 0; i < fake_nobj; i++) {
		if (fake_objs[i].sig == NULL || !fake_objs[i].loaded)
			continue;
		if ((r = fake_ref_new(i, FAKE_REF_LOCAL)) == NULL) {
			while (n > 0)
				fake_ref_delete(v[--n], FAKE_REF_LOCAL);
			free(v);
			return (JVMTI_ERROR_OUT_OF_MEMORY);
		}
		v[n++] = (jclass)r;
	}
	atomic_fetch_add(&fake_outstanding, 1);
	*count = n;
	*classes = v;
	return (JVMTI_ERROR_NONE);
}

static jvmtiError JNICALL
fake_classsig(jvmtiEnv *env __unused, jclass k, char **sig, char **generic)
{
	jvmtiError	err;
	int		i;

	if (fake_call(LW_FAKE_CLASSSIG, &err))
		return (err);
	if ((i = fake_deref_class(k)) < 0)
		return (JVMTI_ERROR_INVALID_CLASS);
	if (sig != NULL) {
		if ((*sig = strdup(fake_objs[i].sig)) == NULL)
			return (JVMTI_ERROR_OUT_OF_MEMORY);
		atomic_fetch_add(&fake_outstanding, 1);
	}
	if (generic != NULL)
		*generic = NULL;
	return (JVMTI_ERROR_NONE);
}

static jvmtiError JNICALL
fake_gettag(jvmtiEnv *env __unused, jobject o, jlong *tag)
{
	jvmtiError	err;
	int		i;

	if (fake_call(LW_FAKE_GETTAG, &err))
		return (err);
	if (tag == NULL)
		return (JVMTI_ERROR_NULL_POINTER);
	if ((i = fake_deref(o)) < 0)
		return (JVMTI_ERROR_INVALID_OBJECT);
	*tag = fake_objs[i].tag;
	return (JVMTI_ERROR_NONE);
}

static jvmtiError JNICALL
fake_settag(jvmtiEnv *env __unused, jobject o, jlong tag)
{
	jvmtiError	err;
	int		i;

	if (fake_call(LW_FAKE_SETTAG, &err))
		return (err);
	if ((i = fake_deref(o)) < 0)
		return (JVMTI_ERROR_INVALID_OBJECT);
	fake_objs[i].tag = tag;
	return (JVMTI_ERROR_NONE);
}

/*
 * The objects put on the heap, in order; class objects are not on it.
 * The four filter bits and klass work as the spec says; only the heap
 * iteration callback is called (length -1: no array lengths here).
 */
static jvmtiError JNICALL
fake_iterate(jvmtiEnv *env __unused, jint filter, jclass klass,
    const jvmtiHeapCallbacks *cb, const void *arg)
{
	struct fake_obj	*o;
	jvmtiError	 err;
	jlong		 ctag;
	int		 i, k = -1;

	if (fake_call(LW_FAKE_ITERATEHEAP, &err))
		return (err);
	if (cb == NULL)
		return (JVMTI_ERROR_NULL_POINTER);
	if (klass != NULL && (k = fake_deref_class(klass)) < 0)
		return (JVMTI_ERROR_INVALID_CLASS);
	for (i = 0; i < fake_nobj; i++) {
		o = &fake_objs[i];
		if (o->sig != NULL || (k >= 0 && o->cls != k))
			continue;
		ctag = fake_objs[o->cls].tag;
		if (((filter & JVMTI_HEAP_FILTER_TAGGED) && o->tag != 0) ||
		    ((filter & JVMTI_HEAP_FILTER_UNTAGGED) && o->tag == 0) ||
		    ((filter & JVMTI_HEAP_FILTER_CLASS_TAGGED) && ctag != 0) ||
		    ((filter & JVMTI_HEAP_FILTER_CLASS_UNTAGGED) && ctag == 0))
			continue;
		if (cb->heap_iteration_callback == NULL)
			continue;
		if (cb->heap_iteration_callback(ctag, o->size, &o->tag, -1,
		    (void *)(uintptr_t)arg) & JVMTI_VISIT_ABORT)
			break;
	}
	return (JVMTI_ERROR_NONE);
}

static jint JNICALL
fake_jni_stub(JNIEnv *env __unused)
{
	fake_misuse++;
	return (0);
}

static void JNICALL
fake_jni_deletelocal(JNIEnv *env __unused, jobject o)
{
	fake_ref_delete(o, FAKE_REF_LOCAL);
}

static void JNICALL
fake_jni_deleteglobal(JNIEnv *env __unused, jobject o)
{
	fake_ref_delete(o, FAKE_REF_GLOBAL);
}

static jobject
fake_jni_newref(jobject o, enum fake_refkind kind)
{
	int	i;

	if (o == NULL || (i = fake_deref(o)) < 0)
		return (NULL);
	return ((jobject)fake_ref_new(i, kind));
}

static jobject JNICALL
fake_jni_newlocal(JNIEnv *env __unused, jobject o)
{
	return (fake_jni_newref(o, FAKE_REF_LOCAL));
}

static jobject JNICALL
fake_jni_newglobal(JNIEnv *env __unused, jobject o)
{
	return (fake_jni_newref(o, FAKE_REF_GLOBAL));
}

static jboolean JNICALL
fake_jni_same(JNIEnv *env __unused, jobject a, jobject b)
{
	int	i = a == NULL ? -1 : fake_deref(a);
	int	j = b == NULL ? -1 : fake_deref(b);

	return (i == j ? JNI_TRUE : JNI_FALSE);
}

static jboolean JNICALL
fake_jni_exceptioncheck(JNIEnv *env __unused)
{
	return (JNI_FALSE);
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
	fake_table.GetLoadedClasses = fake_loadedclasses;
	fake_table.GetClassSignature = fake_classsig;
	fake_table.GetTag = fake_gettag;
	fake_table.SetTag = fake_settag;
	fake_table.IterateThroughHeap = fake_iterate;
}

/* The JNIEnv's table: the same stub trick as fake_init. */
static void
fake_jni_init(void)
{
	fake_jni_stub_fn stub = fake_jni_stub;
	unsigned char	*p = (unsigned char *)&fake_jni_table;
	size_t		 off;

	_Static_assert(sizeof(fake_jni_table) % sizeof(fake_jni_stub_fn) == 0,
	    "JNINativeInterface_ is not an array of pointers");
	for (off = 0; off < sizeof(fake_jni_table); off += sizeof(stub))
		memcpy(p + off, &stub, sizeof(stub));
	fake_jni_table.DeleteLocalRef = fake_jni_deletelocal;
	fake_jni_table.DeleteGlobalRef = fake_jni_deleteglobal;
	fake_jni_table.NewLocalRef = fake_jni_newlocal;
	fake_jni_table.NewGlobalRef = fake_jni_newglobal;
	fake_jni_table.IsSameObject = fake_jni_same;
	fake_jni_table.ExceptionCheck = fake_jni_exceptioncheck;
}

static void
fake_init_all(void)
{
	fake_init();
	fake_jni_init();
}

jvmtiEnv *
lw_fake_jvmti(void)
{
	(void)pthread_once(&fake_once, fake_init_all);
	return (&fake_env);
}

JNIEnv *
lw_fake_jni(void)
{
	(void)pthread_once(&fake_once, fake_init_all);
	return (&fake_jni_env);
}

int
lw_fake_jvmti_reset(void)
{
	struct fake_monitor	*m;
	struct fake_ref		*r;
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
		atomic_store(&fake_skip[i], 0);
		atomic_store(&fake_fail_err[i], JVMTI_ERROR_NONE);
	}
	for (i = 0; i < fake_nobj; i++)
		free(fake_objs[i].sig);
	memset(fake_objs, 0, sizeof(fake_objs));
	fake_nobj = 0;
	while ((r = SLIST_FIRST(&fake_refs)) != NULL) {
		SLIST_REMOVE_HEAD(&fake_refs, all);
		free(r);
	}
	fake_nlocals = fake_nglobals = fake_misuse = 0;
	atomic_store(&fake_outstanding, 0);
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
	atomic_store_explicit(&fake_skip[fn], 0, memory_order_relaxed);
	atomic_store_explicit(&fake_fail_n[fn], n > 0 ? n : 0,
	    memory_order_release);
}

void
lw_fake_jvmti_fail_at(enum lw_fake_fn fn, int nth, jvmtiError err)
{
	if ((int)fn < 0 || fn >= LW_FAKE_NFN)
		return;
	atomic_store_explicit(&fake_fail_err[fn], (int)err,
	    memory_order_relaxed);
	atomic_store_explicit(&fake_skip[fn], nth > 1 ? nth - 1 : 0,
	    memory_order_relaxed);
	atomic_store_explicit(&fake_fail_n[fn], nth > 0 ? 1 : 0,
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

int
lw_fake_jvmti_class(const char *sig)
{
	struct fake_obj	*o;

	if (sig == NULL || fake_nobj >= LW_FAKE_MAXOBJ)
		return (-1);
	o = &fake_objs[fake_nobj];
	if ((o->sig = strdup(sig)) == NULL)
		return (-1);
	o->loaded = 1;
	return (fake_nobj++);
}

void
lw_fake_jvmti_unload(int cls)
{
	if (cls >= 0 && cls < fake_nobj && fake_objs[cls].sig != NULL)
		fake_objs[cls].loaded = 0;
}

int
lw_fake_jvmti_objects(int cls, jlong size, int n)
{
	if (cls < 0 || cls >= fake_nobj || fake_objs[cls].sig == NULL ||
	    n < 0 || n > LW_FAKE_MAXOBJ - fake_nobj)
		return (-1);
	while (n-- > 0) {
		fake_objs[fake_nobj].cls = cls;
		fake_objs[fake_nobj].size = size;
		fake_nobj++;
	}
	return (0);
}

jlong
lw_fake_jvmti_class_tag(int cls)
{
	if (cls < 0 || cls >= fake_nobj || fake_objs[cls].sig == NULL)
		return (0);
	return (fake_objs[cls].tag);
}

void
lw_fake_jvmti_set_class_tag(int cls, jlong tag)
{
	if (cls >= 0 && cls < fake_nobj && fake_objs[cls].sig != NULL)
		fake_objs[cls].tag = tag;
}

long
lw_fake_jvmti_outstanding(void)
{
	return (atomic_load(&fake_outstanding));
}

int
lw_fake_jni_locals(void)
{
	return (fake_nlocals);
}

int
lw_fake_jni_globals(void)
{
	return (fake_nglobals);
}

int
lw_fake_jni_misuse(void)
{
	return (fake_misuse);
}

int
lw_fake_jni_class_of(jobject ref)
{
	struct fake_ref	*r = fake_ref(ref);

	if (r == NULL || r->kind == FAKE_REF_DEAD ||
	    fake_objs[r->obj].sig == NULL)
		return (-1);
	return (r->obj);
}
