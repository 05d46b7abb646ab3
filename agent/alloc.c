/*
 * leakwatch - alloc.c
 *
 * Allocation sites of the suspects, from JEP 331 heap sampling
 * (SetHeapSamplingInterval + SampledObjectAlloc), keeping only samples
 * that survive (sampled objects are tagged, in the sample tag space of
 * classidx.h; ObjectFree releases them).
 * The bookkeeping is sample.c; this file is the JVMTI side.
 *
 * DESIGN - cheap by construction:
 *  - The SampledObjectAlloc event is enabled only while the worker has
 *    suspects to watch; a healthy JVM pays nothing.
 *  - A sample of an unwatched class costs one IsSameObject per watched
 *    class (at most LW_SAMPLE_MAXCLASS, usually a handful) and returns.
 *  - Stacks are walked only for watched classes, at most
 *    ALLOC_STACKS_PER_S per second; samples over the cap are counted.
 *  - The worker raises the sampling interval while samples of all classes
 *    come faster than ALLOC_TARGET_PER_S and lowers it back to the
 *    configured one when they slow down.
 * Watched classes get a slot in `alloc_watch` whose global reference is
 * made once and never deleted (a callback may be comparing against it);
 * there are at most LW_SAMPLE_MAXCLASS slots per run.
 * The sample table is touched only under alloc_lock, by the sampling
 * threads, ObjectFree (raw monitors are allowed there) and the worker,
 * which copies a snapshot under the lock and resolves names after it.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "classidx.h"
#include "frame.h"
#include "jname.h"
#include "jvmti_util.h"
#include "log.h"
#include "lw.h"
#include "sample.h"

#define ALLOC_SLOTS		4096	/* live samples kept */
#define ALLOC_STACKS		2048	/* distinct stacks kept */
#define ALLOC_STACKS_PER_S	200	/* stack walks per second, at most */
#define ALLOC_TARGET_PER_S	500	/* samples per second, all classes */
#define ALLOC_MAX_INTERVAL	(256u << 20)

struct alloc_watch {
	jclass		ref;		/* global, never deleted */
	_Atomic int	active;
	char		name[256];	/* source form */
};

static jvmtiEnv			*alloc_jvmti;
static jrawMonitorID		 alloc_lock;
static struct lw_samples	*alloc_tab;
static struct alloc_watch	 alloc_watch[LW_SAMPLE_MAXCLASS];
static _Atomic int		 alloc_nwatch;
static _Atomic int		 alloc_on;	/* sampling usable */
static int			 alloc_enabled;	/* event on (worker only) */
static int			 alloc_depth;
static uint64_t			 alloc_base;	/* configured interval */
static uint64_t			 alloc_interval;	/* current */
static _Atomic uint64_t		 alloc_samples;	/* all classes */
static _Atomic uint64_t		 alloc_sec;
static _Atomic uint32_t		 alloc_sec_n;
static uint64_t			 alloc_tick_ms, alloc_tick_samples;

void
lw_alloc_caps(jvmtiCapabilities *c)
{
	c->can_generate_sampled_object_alloc_events = 1;
	c->can_generate_object_free_events = 1;
	c->can_tag_objects = 1;
	c->can_get_line_numbers = 1;
	c->can_get_source_file_name = 1;
}

int
lw_alloc_init(jvmtiEnv *jvmti, uint64_t interval, int depth)
{
	int	rc;

	alloc_jvmti = jvmti;
	alloc_depth = depth;
	alloc_base = alloc_interval = interval;
	if ((alloc_tab = lw_samples_new(ALLOC_SLOTS, ALLOC_STACKS, depth)) ==
	    NULL)
		return (LW_ERR_NOMEM);
	if ((rc = lw_jvmti_check(jvmti, (*jvmti)->CreateRawMonitor(jvmti,
	    "leakwatch samples", &alloc_lock), "CreateRawMonitor")) != 0)
		return (rc);
	if ((rc = lw_jvmti_check(jvmti, (*jvmti)->SetEventNotificationMode(
	    jvmti, JVMTI_ENABLE, JVMTI_EVENT_OBJECT_FREE, NULL),
	    "enabling ObjectFree")) != 0)
		return (rc);
	atomic_store(&alloc_on, 1);
	return (0);
}

static int
alloc_lock_enter(jvmtiEnv *jvmti)
{
	return ((*jvmti)->RawMonitorEnter(jvmti, alloc_lock) ==
	    JVMTI_ERROR_NONE);
}

static void
alloc_lock_exit(jvmtiEnv *jvmti)
{
	(void)(*jvmti)->RawMonitorExit(jvmti, alloc_lock);
}

/* At most ALLOC_STACKS_PER_S stack walks in each second. */
static int
alloc_under_cap(void)
{
	uint64_t	sec = lw_now_ms() / 1000, seen;

	seen = atomic_load_explicit(&alloc_sec, memory_order_relaxed);
	if (seen != sec && atomic_compare_exchange_strong(&alloc_sec, &seen,
	    sec))
		atomic_store(&alloc_sec_n, 0);
	return (atomic_fetch_add_explicit(&alloc_sec_n, 1,
	    memory_order_relaxed) < ALLOC_STACKS_PER_S);
}

/*
 * Context: SampledObjectAlloc, on the allocating thread, right after the
 * allocation (JNI and JVMTI allowed; the thread is the application's, so
 * be brief).
 */
void JNICALL
lw_alloc_sampled(jvmtiEnv *jvmti, JNIEnv *env, jthread thread __unused,
    jobject object, jclass klass, jlong size)
{
	jvmtiFrameInfo	fi[LW_SAMPLE_MAXDEPTH];
	struct lw_frame	fr[LW_SAMPLE_MAXDEPTH];
	jint		nf = 0, i;
	int		n, w;
	uint64_t	tag;

	atomic_fetch_add_explicit(&alloc_samples, 1, memory_order_relaxed);
	if (!atomic_load_explicit(&alloc_on, memory_order_relaxed))
		return;
	n = atomic_load_explicit(&alloc_nwatch, memory_order_acquire);
	for (w = 0; w < n; w++)
		if (atomic_load_explicit(&alloc_watch[w].active,
		    memory_order_relaxed) &&
		    (*env)->IsSameObject(env, klass, alloc_watch[w].ref))
			break;
	if (w == n)
		return;
	if (!alloc_under_cap())
		return;
	if ((*jvmti)->GetStackTrace(jvmti, NULL, 0, alloc_depth, fi, &nf) !=
	    JVMTI_ERROR_NONE || nf < 1)
		return;
	for (i = 0; i < nf; i++) {
		fr[i].method = (uint64_t)(uintptr_t)fi[i].method;
		fr[i].loc = (int64_t)fi[i].location;
	}
	if (!alloc_lock_enter(jvmti))
		return;
	tag = lw_samples_add(alloc_tab, w, fr, nf,
	    size > 0 ? (uint64_t)size : 0, lw_now_ms());
	alloc_lock_exit(jvmti);
	if (tag != 0 && (*jvmti)->SetTag(jvmti, object, (jlong)tag) !=
	    JVMTI_ERROR_NONE && alloc_lock_enter(jvmti)) {
		lw_samples_freed(alloc_tab, tag);
		alloc_lock_exit(jvmti);
	}
}

/*
 * Context: ObjectFree (raw monitors, memory management and environment
 * local storage only).
 */
void JNICALL
lw_alloc_freed(jvmtiEnv *jvmti, jlong tag)
{
	if (!lw_samples_is_tag((uint64_t)tag) ||
	    !atomic_load_explicit(&alloc_on, memory_order_relaxed) ||
	    !alloc_lock_enter(jvmti))
		return;
	lw_samples_freed(alloc_tab, (uint64_t)tag);
	alloc_lock_exit(jvmti);
}

static int
alloc_find(const char *name)
{
	int	i, n = atomic_load(&alloc_nwatch);

	for (i = 0; i < n; i++)
		if (strcmp(alloc_watch[i].name, name) == 0)
			return (i);
	return (-1);
}

static void
alloc_event(jvmtiEnv *jvmti, int on)
{
	if (on == alloc_enabled)
		return;
	if (on && lw_jvmti_check(jvmti, (*jvmti)->SetHeapSamplingInterval(
	    jvmti, (jint)alloc_interval), "SetHeapSamplingInterval") != 0) {
		atomic_store(&alloc_on, 0);
		lw_log(LW_LEVEL_WARN, "allocation sampling off");
		return;
	}
	if (lw_jvmti_check(jvmti, (*jvmti)->SetEventNotificationMode(jvmti,
	    on ? JVMTI_ENABLE : JVMTI_DISABLE,
	    JVMTI_EVENT_SAMPLED_OBJECT_ALLOC, NULL),
	    "SampledObjectAlloc") != 0) {
		atomic_store(&alloc_on, 0);
		lw_log(LW_LEVEL_WARN, "allocation sampling off");
		return;
	}
	alloc_enabled = on;
}

int
lw_alloc_watch(jvmtiEnv *jvmti, JNIEnv *env, const char *const *names,
    int n)
{
	struct lw_classidx	*ci = NULL;
	uint32_t		 id;
	int			 i, k, keep, any = 0, snapped = 0;
	jclass			 ref;

	if (!atomic_load(&alloc_on))
		return (LW_ERR_DISABLED);
	/* Unwatch what is no longer named; their samples go. */
	for (i = 0; i < atomic_load(&alloc_nwatch); i++) {
		if (!atomic_load(&alloc_watch[i].active))
			continue;
		for (keep = 0, k = 0; k < n && !keep; k++)
			keep = strcmp(alloc_watch[i].name, names[k]) == 0;
		if (keep)
			continue;
		atomic_store(&alloc_watch[i].active, 0);
		if (alloc_lock_enter(jvmti)) {
			lw_samples_forget_class(alloc_tab, i);
			alloc_lock_exit(jvmti);
		}
	}
	for (k = 0; k < n; k++) {
		if ((i = alloc_find(names[k])) >= 0) {
			atomic_store(&alloc_watch[i].active, 1);
			any = 1;
			continue;
		}
		i = atomic_load(&alloc_nwatch);
		if (i >= LW_SAMPLE_MAXCLASS) {
			LW_LOG_LIMITED(LW_LOG_ONCE, LW_LEVEL_WARN,
			    "allocation sites: %d classes watched in this "
			    "run, the most; %s and later suspects get none",
			    LW_SAMPLE_MAXCLASS, names[k]);
			continue;
		}
		/* One snapshot for all the classes newly watched here. */
		if (!snapped) {
			snapped = 1;
			(void)lw_classidx_snapshot(jvmti, env, &ci);
		}
		if ((id = lw_classidx_find(ci, names[k])) == 0 ||
		    (ref = (*env)->NewGlobalRef(env, lw_classidx_class(ci,
		    id))) == NULL)
			continue;
		alloc_watch[i].ref = ref;
		strlcpy(alloc_watch[i].name, names[k],
		    sizeof(alloc_watch[i].name));
		atomic_store(&alloc_watch[i].active, 1);
		atomic_store_explicit(&alloc_nwatch, i + 1,
		    memory_order_release);
		any = 1;
	}
	lw_classidx_free(ci);
	alloc_event(jvmti, any);
	return (0);
}

void
lw_alloc_tick(jvmtiEnv *jvmti, uint64_t now)
{
	uint64_t	s, rate, want = alloc_interval;

	if (!alloc_enabled || now - alloc_tick_ms < 1000)
		return;
	s = atomic_load(&alloc_samples);
	rate = (s - alloc_tick_samples) * 1000 / (now - alloc_tick_ms);
	alloc_tick_samples = s;
	alloc_tick_ms = now;
	if (rate > ALLOC_TARGET_PER_S && want < ALLOC_MAX_INTERVAL)
		want *= 2;
	else if (rate < ALLOC_TARGET_PER_S / 4 && want > alloc_base)
		want /= 2;
	if (want < alloc_base)
		want = alloc_base;
	if (want != alloc_interval && (*jvmti)->SetHeapSamplingInterval(
	    jvmti, (jint)want) == JVMTI_ERROR_NONE)
		alloc_interval = want;
}

/* Names for sample.c, from JVMTI.  Context: agent thread. */
struct alloc_resolver {
	jvmtiEnv	*jvmti;
	JNIEnv		*env;
	char		 cls[512];
	char		 method[256];
	char		 file[256];
};

static int
alloc_resolve(void *arg, const struct lw_frame *f, struct lw_frame_info *out)
{
	struct alloc_resolver	*r = arg;
	jvmtiEnv		*jvmti = r->jvmti;
	jmethodID		 m = (jmethodID)(uintptr_t)f->method;
	jvmtiLineNumberEntry	*lt = NULL;
	struct lw_linent	 le[256];
	jclass			 decl = NULL;
	char			*sig = NULL, *name = NULL, *src = NULL;
	jint			 nl = 0, mods = 0, i;
	int			 rc = -1;

	memset(out, 0, sizeof(*out));
	out->line = -1;
	if ((*jvmti)->GetMethodDeclaringClass(jvmti, m, &decl) !=
	    JVMTI_ERROR_NONE || decl == NULL)
		return (-1);
	if ((*jvmti)->GetClassSignature(jvmti, decl, &sig, NULL) !=
	    JVMTI_ERROR_NONE || sig == NULL ||
	    (*jvmti)->GetMethodName(jvmti, m, &name, NULL, NULL) !=
	    JVMTI_ERROR_NONE || name == NULL)
		goto out;
	(void)lw_jname_format(sig, r->cls, sizeof(r->cls));
	strlcpy(r->method, name, sizeof(r->method));
	out->cls = r->cls;
	out->method = r->method;
	if ((*jvmti)->GetSourceFileName(jvmti, decl, &src) ==
	    JVMTI_ERROR_NONE && src != NULL) {
		strlcpy(r->file, src, sizeof(r->file));
		out->file = r->file;
	}
	if ((*jvmti)->GetMethodModifiers(jvmti, m, &mods) ==
	    JVMTI_ERROR_NONE && (mods & 0x0100) != 0)
		out->native = 1;
	else if ((*jvmti)->GetLineNumberTable(jvmti, m, &nl, &lt) ==
	    JVMTI_ERROR_NONE && lt != NULL) {
		for (i = 0; i < nl && i < (jint)LW_NELEM(le); i++) {
			le[i].start = (int64_t)lt[i].start_location;
			le[i].line = (int)lt[i].line_number;
		}
		out->line = lw_line_for(le, (int)i, f->loc);
	}
	rc = 0;
out:
	lw_jvmti_free(jvmti, sig);
	lw_jvmti_free(jvmti, name);
	lw_jvmti_free(jvmti, src);
	lw_jvmti_free(jvmti, lt);
	(*r->env)->DeleteLocalRef(r->env, decl);
	return (rc);
}

int
lw_alloc_site(jvmtiEnv *jvmti, JNIEnv *env, const char *name,
    struct lw_alloc_site *out)
{
	struct alloc_resolver	 r;
	struct lw_samples_snap	*sn;
	struct lw_frame_info	 fi;
	struct lw_site		 site;
	char			 fr[768];
	int			 w, n, i;

	memset(out, 0, sizeof(*out));
	if (!atomic_load(&alloc_on) || (w = alloc_find(name)) < 0 ||
	    !alloc_lock_enter(jvmti))
		return (0);
	sn = lw_samples_snapshot(alloc_tab, w);
	alloc_lock_exit(jvmti);
	if (sn == NULL)
		return (LW_ERR_NOMEM);
	memset(&r, 0, sizeof(r));
	r.jvmti = jvmti;
	r.env = env;
	n = lw_samples_snapshot_sites(sn, alloc_resolve, &r, &site, 1);
	lw_samples_snapshot_free(sn);
	if (n <= 0)
		return (n < 0 ? n : 0);
	out->found = 1;
	out->count = site.count;
	out->total = site.total;
	if (alloc_resolve(&r, &site.frame, &fi) == 0)
		(void)lw_frame_format(out->site, sizeof(out->site), &fi);
	else
		strlcpy(out->site, "?", sizeof(out->site));
	for (i = 0; i < site.nstack; i++) {
		if (alloc_resolve(&r, &site.stack[i], &fi) == 0)
			(void)lw_frame_format(fr, sizeof(fr), &fi);
		else
			strlcpy(fr, "?", sizeof(fr));
		if (i > 0)
			strlcat(out->trace, " < ", sizeof(out->trace));
		strlcat(out->trace, fr, sizeof(out->trace));
	}
	return (0);
}
