/*
 * leakwatch - jmx.c
 *
 * JNI adapter to java.lang.management and com.sun.management.  Owns global
 * references to the beans and cached method IDs; owns no policy (worker.c
 * decides when to call what).  Every call here runs on the agent thread,
 * inside the caller's local frame, and checks for a pending exception after
 * each JNI call that can throw: near the heap limit any of them can raise
 * OutOfMemoryError, which must end as a return code, never escape.
 */
#include <stdio.h>
#include <string.h>

#include "histo.h"
#include "jmx.h"
#include "jvmti_util.h"
#include "lw.h"

struct lw_jmx_gc {
	jobject		bean;		/* GarbageCollectorMXBean, global */
	int		old;		/* collects the old generation */
	char		name[64];
};

struct lw_jmx {
	jobject		memory;		/* MemoryMXBean, global */
	jobject		oldpool;	/* MemoryPoolMXBean or NULL */
	jobject		server;		/* platform MBeanServer */
	jobject		dcmd;		/* ObjectName of DiagnosticCommand */
	jobject		histo_op;	/* "gcClassHistogram" */
	jobject		histo_args;	/* Object[]{String[]{"-all"}} */
	jobject		histo_live;	/* Object[]{String[]{}}: live only */
	jobject		histo_sig;	/* String[]{"[Ljava.lang.String;"} */
	jobject		hotspot;	/* HotSpotDiagnosticMXBean or NULL */
	jmethodID	m_heapusage;	/* MemoryMXBean.getHeapMemoryUsage */
	jmethodID	m_used, m_committed, m_max;	/* MemoryUsage */
	jmethodID	m_collusage;	/* MemoryPoolMXBean.getCollectionUsage */
	jmethodID	m_gccount;	/* GarbageCollectorMXBean count */
	jmethodID	m_invoke;	/* MBeanServer.invoke */
	jmethodID	m_dump;		/* HotSpotDiagnosticMXBean.dumpHeap */
	struct lw_jmx_gc gc[LW_JMX_MAXGC];
	int		ngc;
	int		kind;		/* enum lw_gckind */
	char		collectors[256];
	char		oldname[64];
	char		version[64];
};

/*
 * Collectors whose collections include the old generation.  Young and
 * concurrent-cycle collectors are left out: their pauses leave floating
 * garbage in the old generation.
 */
static const char *const jmx_old_collectors[] = {
	"MarkSweepCompact", "PS MarkSweep", "G1 Old Generation",
	"ZGC Cycles", "ZGC Major Cycles", "Shenandoah Cycles",
};

/* The old (or only) heap pool, by the names HotSpot uses on 17 and 25. */
/*
 * Collectors that work concurrently with the application: their
 * GarbageCollectionStart/Finish pairs come once per pause, several per
 * cycle, and the heap at a pause is no floor.  Only a cycle's end is.
 */
static const char *const jmx_cycle_collectors[] = {
	"ZGC Cycles", "ZGC Major Cycles", "Shenandoah Cycles",
};

static const char *const jmx_old_pools[] = {
	"Tenured Gen", "PS Old Gen", "G1 Old Gen", "ZGC Old Generation",
	"ZHeap", "Shenandoah Old Gen", "Shenandoah",
};

static int
jmx_in(const char *name, const char *const *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return (1);
	return (0);
}

/* Copy a Java string into buf; "" on any failure. */
static void
jmx_string(JNIEnv *env, jstring s, char *buf, size_t len)
{
	const char	*c;

	buf[0] = '\0';
	if (s == NULL)
		return;
	if ((c = (*env)->GetStringUTFChars(env, s, NULL)) == NULL) {
		(*env)->ExceptionClear(env);
		return;
	}
	strlcpy(buf, c, len);
	(*env)->ReleaseStringUTFChars(env, s, c);
}

static jobject
jmx_global(JNIEnv *env, jobject o)
{
	jobject	g;

	if (o == NULL)
		return (NULL);
	g = (*env)->NewGlobalRef(env, o);
	(*env)->DeleteLocalRef(env, o);
	return (g);
}

static jobject
jmx_static_object(JNIEnv *env, jclass cls, const char *name, const char *sig)
{
	jmethodID	mid;
	jobject		o;

	if ((mid = (*env)->GetStaticMethodID(env, cls, name, sig)) == NULL)
		return (NULL);
	o = (*env)->CallStaticObjectMethod(env, cls, mid);
	if ((*env)->ExceptionCheck(env))
		return (NULL);
	return (o);
}

/* Find the heap pools and keep the old (or only) one. */
static int
jmx_init_pools(JNIEnv *env, struct lw_jmx *j, jclass mf)
{
	jclass		 lcls, pcls, tcls;
	jobject		 list, pool, type, heap;
	jmethodID	 m_size, m_get, m_type, m_name;
	jfieldID	 f_heap;
	jint		 n, i, nheap = 0;
	char		 name[64];

	if ((list = jmx_static_object(env, mf, "getMemoryPoolMXBeans",
	    "()Ljava/util/List;")) == NULL ||
	    (lcls = (*env)->FindClass(env, "java/util/List")) == NULL ||
	    (pcls = (*env)->FindClass(env,
	    "java/lang/management/MemoryPoolMXBean")) == NULL ||
	    (tcls = (*env)->FindClass(env,
	    "java/lang/management/MemoryType")) == NULL ||
	    (m_size = (*env)->GetMethodID(env, lcls, "size", "()I")) == NULL ||
	    (m_get = (*env)->GetMethodID(env, lcls, "get",
	    "(I)Ljava/lang/Object;")) == NULL ||
	    (m_type = (*env)->GetMethodID(env, pcls, "getType",
	    "()Ljava/lang/management/MemoryType;")) == NULL ||
	    (m_name = (*env)->GetMethodID(env, pcls, "getName",
	    "()Ljava/lang/String;")) == NULL ||
	    (j->m_collusage = (*env)->GetMethodID(env, pcls,
	    "getCollectionUsage", "()Ljava/lang/management/MemoryUsage;")) ==
	    NULL ||
	    (f_heap = (*env)->GetStaticFieldID(env, tcls, "HEAP",
	    "Ljava/lang/management/MemoryType;")) == NULL ||
	    (heap = (*env)->GetStaticObjectField(env, tcls, f_heap)) == NULL)
	{
		(void)lw_jni_check(env, "memory pools");
		return (LW_ERR_JNI);
	}
	n = (*env)->CallIntMethod(env, list, m_size);
	for (i = 0; i < n && !(*env)->ExceptionCheck(env); i++) {
		pool = (*env)->CallObjectMethod(env, list, m_get, i);
		if (pool == NULL)
			break;
		type = (*env)->CallObjectMethod(env, pool, m_type);
		if (type == NULL || !(*env)->IsSameObject(env, type, heap)) {
			(*env)->DeleteLocalRef(env, pool);
			continue;
		}
		nheap++;
		jmx_string(env, (*env)->CallObjectMethod(env, pool, m_name),
		    name, sizeof(name));
		if (j->oldpool == NULL &&
		    jmx_in(name, jmx_old_pools, LW_NELEM(jmx_old_pools))) {
			j->oldpool = jmx_global(env, pool);
			strlcpy(j->oldname, name, sizeof(j->oldname));
		} else
			(*env)->DeleteLocalRef(env, pool);
	}
	if (lw_jni_check(env, "memory pools") != 0)
		return (LW_ERR_JNI);
	if (j->oldpool == NULL)
		strlcpy(j->oldname, nheap > 0 ? "(unknown)" : "(none)",
		    sizeof(j->oldname));
	return (0);
}

/* Remember every collector bean and which of them collect the old gen. */
static int
jmx_init_gcs(JNIEnv *env, struct lw_jmx *j, jclass mf)
{
	jclass		 lcls, gcls;
	jobject		 list, bean;
	jmethodID	 m_size, m_get, m_name;
	jint		 n, i;
	struct lw_jmx_gc *g;

	if ((list = jmx_static_object(env, mf, "getGarbageCollectorMXBeans",
	    "()Ljava/util/List;")) == NULL ||
	    (lcls = (*env)->FindClass(env, "java/util/List")) == NULL ||
	    (gcls = (*env)->FindClass(env,
	    "java/lang/management/GarbageCollectorMXBean")) == NULL ||
	    (m_size = (*env)->GetMethodID(env, lcls, "size", "()I")) == NULL ||
	    (m_get = (*env)->GetMethodID(env, lcls, "get",
	    "(I)Ljava/lang/Object;")) == NULL ||
	    (m_name = (*env)->GetMethodID(env, gcls, "getName",
	    "()Ljava/lang/String;")) == NULL ||
	    (j->m_gccount = (*env)->GetMethodID(env, gcls,
	    "getCollectionCount", "()J")) == NULL) {
		(void)lw_jni_check(env, "garbage collectors");
		return (LW_ERR_JNI);
	}
	n = (*env)->CallIntMethod(env, list, m_size);
	for (i = 0; i < n && j->ngc < LW_JMX_MAXGC &&
	    !(*env)->ExceptionCheck(env); i++) {
		if ((bean = (*env)->CallObjectMethod(env, list, m_get, i)) ==
		    NULL)
			break;
		g = &j->gc[j->ngc];
		jmx_string(env, (*env)->CallObjectMethod(env, bean, m_name),
		    g->name, sizeof(g->name));
		g->old = jmx_in(g->name, jmx_old_collectors,
		    LW_NELEM(jmx_old_collectors));
		if (jmx_in(g->name, jmx_cycle_collectors,
		    LW_NELEM(jmx_cycle_collectors)))
			j->kind = LW_GC_CONCURRENT;
		else if (strcmp(g->name, "MarkSweepCompact") == 0 ||
		    strcmp(g->name, "PS MarkSweep") == 0)
			j->kind = LW_GC_FULLONLY;
		else if (strcmp(g->name, "Epsilon Heap") == 0 &&
		    j->kind == LW_GC_STW)
			j->kind = LW_GC_NONE;
		if ((g->bean = jmx_global(env, bean)) == NULL)
			break;
		if (j->collectors[0] != '\0')
			strlcat(j->collectors, ",", sizeof(j->collectors));
		strlcat(j->collectors, g->name, sizeof(j->collectors));
		j->ngc++;
	}
	return (lw_jni_check(env, "garbage collectors"));
}

/*
 * The DiagnosticCommand MBean and the argument arrays for
 * gcClassHistogram, built once so a census allocates only its result.
 */
static int
jmx_init_dcmd(JNIEnv *env, struct lw_jmx *j, jclass mf)
{
	jclass		 scls, ocls, ncls;
	jmethodID	 m_on;
	jobject		 arr, all, sig, none;

	if ((j->server = jmx_global(env, jmx_static_object(env, mf,
	    "getPlatformMBeanServer", "()Ljavax/management/MBeanServer;"))) ==
	    NULL ||
	    (ncls = (*env)->FindClass(env, "javax/management/ObjectName")) ==
	    NULL ||
	    (m_on = (*env)->GetMethodID(env, ncls, "<init>",
	    "(Ljava/lang/String;)V")) == NULL ||
	    (j->dcmd = jmx_global(env, (*env)->NewObject(env, ncls, m_on,
	    (*env)->NewStringUTF(env,
	    "com.sun.management:type=DiagnosticCommand")))) == NULL ||
	    (j->m_invoke = (*env)->GetMethodID(env, (*env)->FindClass(env,
	    "javax/management/MBeanServerConnection"), "invoke",
	    "(Ljavax/management/ObjectName;Ljava/lang/String;"
	    "[Ljava/lang/Object;[Ljava/lang/String;)Ljava/lang/Object;")) ==
	    NULL ||
	    (scls = (*env)->FindClass(env, "java/lang/String")) == NULL ||
	    (ocls = (*env)->FindClass(env, "java/lang/Object")) == NULL ||
	    (j->histo_op = jmx_global(env, (*env)->NewStringUTF(env,
	    "gcClassHistogram"))) == NULL ||
	    (all = (*env)->NewObjectArray(env, 1, scls,
	    (*env)->NewStringUTF(env, "-all"))) == NULL ||
	    (arr = (*env)->NewObjectArray(env, 1, ocls, all)) == NULL ||
	    (j->histo_args = jmx_global(env, arr)) == NULL ||
	    (none = (*env)->NewObjectArray(env, 0, scls, NULL)) == NULL ||
	    (arr = (*env)->NewObjectArray(env, 1, ocls, none)) == NULL ||
	    (j->histo_live = jmx_global(env, arr)) == NULL ||
	    (sig = (*env)->NewObjectArray(env, 1, scls,
	    (*env)->NewStringUTF(env, "[Ljava.lang.String;"))) == NULL ||
	    (j->histo_sig = jmx_global(env, sig)) == NULL) {
		(void)lw_jni_check(env, "DiagnosticCommand MBean");
		return (LW_ERR_JNI);
	}
	return (0);
}

static int
jmx_init_hotspot(JNIEnv *env, struct lw_jmx *j, jclass mf)
{
	jclass		hcls;
	jmethodID	m_get;

	if ((hcls = (*env)->FindClass(env,
	    "com/sun/management/HotSpotDiagnosticMXBean")) == NULL ||
	    (j->m_dump = (*env)->GetMethodID(env, hcls, "dumpHeap",
	    "(Ljava/lang/String;Z)V")) == NULL ||
	    (m_get = (*env)->GetStaticMethodID(env, mf, "getPlatformMXBean",
	    "(Ljava/lang/Class;)Ljava/lang/management/PlatformManagedObject;"))
	    == NULL ||
	    (j->hotspot = jmx_global(env, (*env)->CallStaticObjectMethod(env,
	    mf, m_get, hcls))) == NULL) {
		(void)lw_jni_check(env, "HotSpotDiagnosticMXBean");
		return (LW_ERR_JNI);
	}
	return (0);
}

int
lw_jmx_init(JNIEnv *env, struct lw_jmx **out)
{
	struct lw_jmx	*j;
	jclass		 mf, mcls, ucls, sys;
	jmethodID	 m_prop;
	int		 rc = LW_ERR_JNI;

	*out = NULL;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return (LW_ERR_NOMEM);
	if ((*env)->PushLocalFrame(env, 64) != 0) {
		(void)lw_jni_check(env, "PushLocalFrame");
		free(j);
		return (LW_ERR_JNI);
	}
	if ((mf = (*env)->FindClass(env,
	    "java/lang/management/ManagementFactory")) == NULL ||
	    (mcls = (*env)->FindClass(env,
	    "java/lang/management/MemoryMXBean")) == NULL ||
	    (ucls = (*env)->FindClass(env,
	    "java/lang/management/MemoryUsage")) == NULL ||
	    (j->m_heapusage = (*env)->GetMethodID(env, mcls,
	    "getHeapMemoryUsage", "()Ljava/lang/management/MemoryUsage;")) ==
	    NULL ||
	    (j->m_used = (*env)->GetMethodID(env, ucls, "getUsed", "()J")) ==
	    NULL ||
	    (j->m_committed = (*env)->GetMethodID(env, ucls, "getCommitted",
	    "()J")) == NULL ||
	    (j->m_max = (*env)->GetMethodID(env, ucls, "getMax", "()J")) ==
	    NULL ||
	    (j->memory = jmx_global(env, jmx_static_object(env, mf,
	    "getMemoryMXBean", "()Ljava/lang/management/MemoryMXBean;"))) ==
	    NULL) {
		(void)lw_jni_check(env, "MemoryMXBean");
		goto out;
	}
	if (jmx_init_pools(env, j, mf) != 0 || jmx_init_gcs(env, j, mf) != 0)
		goto out;
	/* Censuses and dumps are optional: their absence is logged later. */
	(void)jmx_init_dcmd(env, j, mf);
	(void)jmx_init_hotspot(env, j, mf);
	if ((sys = (*env)->FindClass(env, "java/lang/System")) != NULL &&
	    (m_prop = (*env)->GetStaticMethodID(env, sys, "getProperty",
	    "(Ljava/lang/String;)Ljava/lang/String;")) != NULL)
		jmx_string(env, (*env)->CallStaticObjectMethod(env, sys, m_prop,
		    (*env)->NewStringUTF(env, "java.version")), j->version,
		    sizeof(j->version));
	(void)lw_jni_check(env, "java.version");
	rc = 0;
out:
	(void)(*env)->PopLocalFrame(env, NULL);
	if (rc != 0) {
		free(j);		/* XXX global refs made so far leak */
		return (rc);
	}
	*out = j;
	return (0);
}

const char *
lw_jmx_collectors(const struct lw_jmx *j)
{
	return (j->collectors);
}

int
lw_jmx_gckind(const struct lw_jmx *j)
{
	return (j->kind);
}

const char *
lw_jmx_oldpool(const struct lw_jmx *j)
{
	return (j->oldname);
}

const char *
lw_jmx_version(const struct lw_jmx *j)
{
	return (j->version[0] != '\0' ? j->version : "unknown");
}

static int
jmx_usage(JNIEnv *env, struct lw_jmx *j, jobject u, uint64_t *used,
    uint64_t *committed, uint64_t *max)
{
	jlong	v;

	if (u == NULL)
		return (LW_ERR_JNI);
	v = (*env)->CallLongMethod(env, u, j->m_used);
	*used = v > 0 ? (uint64_t)v : 0;
	if (committed != NULL) {
		v = (*env)->CallLongMethod(env, u, j->m_committed);
		*committed = v > 0 ? (uint64_t)v : 0;
	}
	if (max != NULL) {
		v = (*env)->CallLongMethod(env, u, j->m_max);
		*max = v > 0 ? (uint64_t)v : 0;
	}
	(*env)->DeleteLocalRef(env, u);
	return ((*env)->ExceptionCheck(env) ? LW_ERR_JNI : 0);
}

int
lw_jmx_heap(JNIEnv *env, struct lw_jmx *j, struct lw_heap *out, int warn)
{
	jobject	u;
	jlong	c;
	int	i;

	memset(out, 0, sizeof(*out));
	u = (*env)->CallObjectMethod(env, j->memory, j->m_heapusage);
	if ((*env)->ExceptionCheck(env) || jmx_usage(env, j, u, &out->used,
	    &out->committed, &out->max) != 0) {
		if (warn)
			(void)lw_jni_check(env, "reading heap usage (will "
			    "keep trying; further failures not logged)");
		else
			(void)lw_jni_exception(env, NULL, 0);
		return (LW_ERR_JNI);
	}
	if (j->oldpool != NULL) {
		u = (*env)->CallObjectMethod(env, j->oldpool, j->m_collusage);
		if (!(*env)->ExceptionCheck(env) && u != NULL)
			(void)jmx_usage(env, j, u, &out->old_after_gc, NULL,
			    &out->old_max);
	}
	for (i = 0; i < j->ngc; i++) {
		c = (*env)->CallLongMethod(env, j->gc[i].bean, j->m_gccount);
		if ((*env)->ExceptionCheck(env))
			break;
		if (c > 0) {
			out->gc_count += (uint64_t)c;
			if (j->gc[i].old)
				out->old_gc_count += (uint64_t)c;
		}
	}
	if (!warn)
		return (lw_jni_exception(env, NULL, 0));
	return (lw_jni_check(env, "collector counts"));
}

int
lw_jmx_histogram(JNIEnv *env, struct lw_jmx *j, struct lw_histo *h,
    int live, char *err, size_t errlen)
{
	jobject	 res;
	jsize	 n, ulen;
	char	*text;
	int	 rc;

	if (j->server == NULL) {
		strlcpy(err, "DiagnosticCommand MBean unavailable", errlen);
		return (LW_ERR_DISABLED);
	}
	res = (*env)->CallObjectMethod(env, j->server, j->m_invoke, j->dcmd,
	    j->histo_op, live ? j->histo_live : j->histo_args, j->histo_sig);
	if ((rc = lw_jni_exception(env, err, errlen)) != 0)
		return (rc);
	if (res == NULL) {
		strlcpy(err, "gcClassHistogram returned null", errlen);
		return (LW_ERR_JNI);
	}
	n = (*env)->GetStringLength(env, res);
	ulen = (*env)->GetStringUTFLength(env, res);
	if ((text = malloc((size_t)ulen + 1)) == NULL) {
		(*env)->DeleteLocalRef(env, res);
		strlcpy(err, "out of native memory", errlen);
		return (LW_ERR_NOMEM);
	}
	(*env)->GetStringUTFRegion(env, res, 0, n, text);
	(*env)->DeleteLocalRef(env, res);
	if ((rc = lw_jni_exception(env, err, errlen)) == 0) {
		text[ulen] = '\0';
		if ((rc = lw_histo_parse(h, text, (size_t)ulen)) != 0)
			snprintf(err, errlen, "histogram did not parse: %s",
			    lw_strerror(rc));
	}
	free(text);
	return (rc);
}

int
lw_jmx_dump(JNIEnv *env, struct lw_jmx *j, const char *path, char *err,
    size_t errlen)
{
	jstring	s;
	int	rc;

	if (j->hotspot == NULL) {
		strlcpy(err, "HotSpotDiagnosticMXBean unavailable", errlen);
		return (LW_ERR_DISABLED);
	}
	if ((s = (*env)->NewStringUTF(env, path)) == NULL) {
		(void)lw_jni_exception(env, err, errlen);
		return (LW_ERR_JNI);
	}
	(*env)->CallVoidMethod(env, j->hotspot, j->m_dump, s, JNI_TRUE);
	rc = lw_jni_exception(env, err, errlen);
	(*env)->DeleteLocalRef(env, s);
	return (rc);
}
