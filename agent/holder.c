/*
 * leakwatch - holder.c
 *
 * What keeps the suspects alive: one FollowReferences pass from the GC
 * roots counts every reference as a class-level edge (refgraph.c), then
 * the chain above each suspect class names its accumulation point, e.g.
 * "catleak.TcpSocketSender.queue -> java.util.concurrent.
 * LinkedBlockingQueue.head -> ...".
 *
 * The pass is one stop-the-world VM operation.  Its callback runs with
 * the world stopped: no JNI, no allocation, no lock; it only counts into
 * the graph allocated beforehand and checks the clock every few thousand
 * references, aborting the walk when the time budget is spent (a partial
 * graph still names the holder of a large structure reached early, and
 * the result says it was cut).
 *
 * Class tags are the 1-based index into this pass's GetLoadedClasses
 * array, as in heapwalk.c, and are cleared afterwards.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "holder.h"
#include "jname.h"
#include "jvmti_util.h"
#include "log.h"
#include "lw.h"
#include "refgraph.h"
#include "sample.h"

#define HOLDER_MAXEDGES		((size_t)64 * 1024)	/* ~3 MiB, allocated once */
#define HOLDER_CHECK_EVERY	4096		/* references between clocks */
#define HOLDER_MAXSTEPS		12
#define HOLDER_MAXSUPER		64		/* superclass chain, at most */

struct holder_ctx {
	struct lw_refgraph	*g;
	jlong			 nclasses;
	uint64_t		 deadline_ns;
	uint64_t		 seen;
	int			 aborted;
};

struct holder_names {
	jvmtiEnv	*jvmti;
	jclass		*classes;
	char		**names;	/* source form, NULL when unknown */
	jint		 n;
};

static struct lw_refgraph	*holder_graph;

static uint64_t
holder_now_ns(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return (0);
	return ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec);
}

/*
 * Context: FollowReferences, world stopped: arithmetic only.  The
 * signature is JVMTI's jvmtiHeapReferenceCallback, pointers and all.
 */
static jint JNICALL
holder_ref(jvmtiHeapReferenceKind kind, const jvmtiHeapReferenceInfo *info,
    jlong class_tag, jlong referrer_class_tag, jlong size __unused,
    jlong *tag_ptr __unused,
    jlong *referrer_tag_ptr, /* NOLINT(readability-non-const-parameter) */
    jint length __unused,
    void *arg)
{
	struct holder_ctx	*c = arg;
	jlong			 from;

	if (++c->seen % HOLDER_CHECK_EVERY == 0 &&
	    holder_now_ns() > c->deadline_ns) {
		c->aborted = 1;
		return (JVMTI_VISIT_ABORT);
	}
	if (class_tag < 1 || class_tag > c->nclasses)
		return (JVMTI_VISIT_OBJECTS);
	switch (kind) {
	case JVMTI_HEAP_REFERENCE_FIELD:
		if (referrer_class_tag >= 1 &&
		    referrer_class_tag <= c->nclasses)
			(void)lw_refgraph_add(c->g, (uint32_t)referrer_class_tag,
			    LW_REF_FIELD, info->field.index,
			    (uint32_t)class_tag);
		break;
	case JVMTI_HEAP_REFERENCE_STATIC_FIELD:
		from = referrer_tag_ptr != NULL ? *referrer_tag_ptr : 0;
		if (from >= 1 && from <= c->nclasses)
			(void)lw_refgraph_add(c->g, (uint32_t)from,
			    LW_REF_STATIC, info->field.index,
			    (uint32_t)class_tag);
		break;
	case JVMTI_HEAP_REFERENCE_ARRAY_ELEMENT:
		if (referrer_class_tag >= 1 &&
		    referrer_class_tag <= c->nclasses)
			(void)lw_refgraph_add(c->g, (uint32_t)referrer_class_tag,
			    LW_REF_ARRAY, 0, (uint32_t)class_tag);
		break;
	case JVMTI_HEAP_REFERENCE_JNI_GLOBAL:
	case JVMTI_HEAP_REFERENCE_SYSTEM_CLASS:
	case JVMTI_HEAP_REFERENCE_MONITOR:
	case JVMTI_HEAP_REFERENCE_STACK_LOCAL:
	case JVMTI_HEAP_REFERENCE_JNI_LOCAL:
	case JVMTI_HEAP_REFERENCE_THREAD:
	case JVMTI_HEAP_REFERENCE_OTHER:
		(void)lw_refgraph_add(c->g, 0, LW_REF_ROOT,
		    (int32_t)(kind - JVMTI_HEAP_REFERENCE_JNI_GLOBAL +
		    LW_ROOT_JNI_GLOBAL), (uint32_t)class_tag);
		break;
	default:
		break;		/* class metadata: not a holder */
	}
	return (JVMTI_VISIT_OBJECTS);
}

static int
holder_is_app(void *arg, uint32_t cls)
{
	const struct holder_names	*hn = arg;

	if (cls < 1 || cls > (uint32_t)hn->n || hn->names[cls - 1] == NULL)
		return (0);
	return (lw_frame_is_app(hn->names[cls - 1]));
}

/*
 * The name of field `index` of an object of class cls (or of cls's own
 * static field), or NULL.  JVMTI numbers the fields of a class after
 * those of its superclasses (statics included); HotSpot 17 numbers a
 * class's statics from 0, later JDKs after the superclasses' fields, so
 * both readings are tried and the first that names a reference field of
 * the right kind wins.  Interface constants are assumed absent.
 */
static int
holder_field(jvmtiEnv *jvmti, JNIEnv *env, jclass cls, int is_static,
    jint index, char *buf, size_t len)
{
	jclass		 chain[HOLDER_MAXSUPER], sup;
	jfieldID	*fields;
	jint		 nf, base = 0, mods, tries[2];
	char		*name, *sig;
	int		 depth = 0, i, t, found = 0;

	chain[depth++] = cls;
	while (depth < HOLDER_MAXSUPER && !is_static) {
		sup = (*env)->GetSuperclass(env, chain[depth - 1]);
		if (sup == NULL)
			break;
		chain[depth++] = sup;
	}
	if (is_static) {
		/* base: all fields of the superclasses */
		for (sup = (*env)->GetSuperclass(env, cls); sup != NULL;
		    sup = (*env)->GetSuperclass(env, sup)) {
			if ((*jvmti)->GetClassFields(jvmti, sup, &nf,
			    &fields) == JVMTI_ERROR_NONE) {
				base += nf;
				lw_jvmti_free(jvmti, fields);
			}
			(*env)->DeleteLocalRef(env, sup);
		}
		tries[0] = index;
		tries[1] = index - base;
		depth = 1;
	} else
		tries[0] = tries[1] = index;
	for (t = 0; t < 2 && !found; t++) {
		base = 0;
		for (i = depth - 1; i >= 0 && !found; i--) {
			if ((*jvmti)->GetClassFields(jvmti, chain[i], &nf,
			    &fields) != JVMTI_ERROR_NONE)
				break;
			if (tries[t] >= base && tries[t] < base + nf &&
			    (*jvmti)->GetFieldModifiers(jvmti, chain[i],
			    fields[tries[t] - base], &mods) ==
			    JVMTI_ERROR_NONE &&
			    ((mods & 0x0008) != 0) == (is_static != 0) &&
			    (*jvmti)->GetFieldName(jvmti, chain[i],
			    fields[tries[t] - base], &name, &sig, NULL) ==
			    JVMTI_ERROR_NONE) {
				if (sig != NULL && (sig[0] == 'L' ||
				    sig[0] == '[')) {
					strlcpy(buf, name, len);
					found = 1;
				}
				lw_jvmti_free(jvmti, name);
				lw_jvmti_free(jvmti, sig);
			}
			base += nf;
			lw_jvmti_free(jvmti, fields);
		}
	}
	for (i = 1; i < depth; i++)
		(*env)->DeleteLocalRef(env, chain[i]);
	return (found);
}

/* Format the chain from its top (the holder) down to the suspect. */
static void
holder_format(jvmtiEnv *jvmti, JNIEnv *env, const struct holder_names *hn,
    const struct lw_ref_step *st, int n, char *buf, size_t len)
{
	char		 step[512], field[256];
	const char	*from;
	int		 i, have;

	buf[0] = '\0';
	for (i = n - 1; i >= 0; i--) {
		from = st[i].from >= 1 && st[i].from <= (uint32_t)hn->n ?
		    hn->names[st[i].from - 1] : NULL;
		have = 0;
		if ((st[i].kind == LW_REF_FIELD ||
		    st[i].kind == LW_REF_STATIC) && from != NULL)
			have = holder_field(jvmti, env,
			    hn->classes[st[i].from - 1],
			    st[i].kind == LW_REF_STATIC, st[i].index, field,
			    sizeof(field));
		(void)lw_refgraph_step_format(step, sizeof(step), &st[i],
		    from, have ? field : NULL);
		if (buf[0] != '\0')
			strlcat(buf, " -> ", len);
		strlcat(buf, step, len);
	}
	if (n > 0 && st[0].to >= 1 && st[0].to <= (uint32_t)hn->n &&
	    hn->names[st[0].to - 1] != NULL) {
		strlcat(buf, " (", len);
		strlcat(buf, hn->names[st[0].to - 1], len);
		strlcat(buf, ")", len);
	}
}

int
lw_holder_find(jvmtiEnv *jvmti, JNIEnv *env, const char *const *names,
    int nnames, uint64_t budget_ms, struct lw_holder *out)
{
	jvmtiHeapCallbacks	 cb;
	struct holder_ctx	 c;
	struct holder_names	 hn;
	struct lw_ref_step	 st[HOLDER_MAXSTEPS];
	struct lw_refgraph_stats gs;
	uint32_t		*ids = NULL;
	char			*sig, tmp[1024];
	uint64_t		 t0;
	double			 pause;
	jint			 i;
	int			 k, ns, rc;

	memset(&hn, 0, sizeof(hn));
	memset(&c, 0, sizeof(c));
	for (k = 0; k < nnames; k++)
		memset(&out[k], 0, sizeof(out[k]));
	if (holder_graph == NULL &&
	    (holder_graph = lw_refgraph_new(HOLDER_MAXEDGES)) == NULL)
		return (LW_ERR_NOMEM);
	lw_refgraph_reset(holder_graph);
	hn.jvmti = jvmti;
	rc = lw_jvmti_check(jvmti, (*jvmti)->GetLoadedClasses(jvmti, &hn.n,
	    &hn.classes), "GetLoadedClasses");
	if (rc != 0)
		return (rc);
	if ((hn.names = calloc((size_t)hn.n + 1, sizeof(*hn.names))) ==
	    NULL || (ids = calloc((size_t)nnames + 1, sizeof(*ids))) == NULL) {
		rc = LW_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < hn.n; i++) {
		rc = lw_jvmti_check(jvmti, (*jvmti)->SetTag(jvmti,
		    hn.classes[i], (jlong)i + 1), "SetTag");
		if (rc != 0)
			goto out;
		sig = NULL;
		if ((*jvmti)->GetClassSignature(jvmti, hn.classes[i], &sig,
		    NULL) == JVMTI_ERROR_NONE && sig != NULL &&
		    lw_jname_format(sig, tmp, sizeof(tmp)) == 0)
			hn.names[i] = strdup(tmp);
		lw_jvmti_free(jvmti, sig);
		for (k = 0; k < nnames && hn.names[i] != NULL; k++)
			if (ids[k] == 0 && strcmp(names[k], hn.names[i]) == 0)
				ids[k] = (uint32_t)i + 1;
	}

	c.g = holder_graph;
	c.nclasses = hn.n;
	t0 = holder_now_ns();
	c.deadline_ns = t0 + budget_ms * 1000000ULL;
	memset(&cb, 0, sizeof(cb));
	cb.heap_reference_callback = holder_ref;
	rc = lw_jvmti_check(jvmti, (*jvmti)->FollowReferences(jvmti, 0, NULL,
	    NULL, &cb, &c), "FollowReferences");
	pause = (double)(holder_now_ns() - t0) / 1e6;
	if (rc != 0)
		goto out;
	lw_refgraph_stats(holder_graph, &gs);
	for (k = 0; k < nnames; k++) {
		out[k].pause_ms = pause;
		out[k].aborted = c.aborted;
		out[k].refs = gs.refs;
		if (ids[k] == 0)
			continue;
		ns = lw_refgraph_chain(holder_graph, ids[k], holder_is_app,
		    &hn, st, HOLDER_MAXSTEPS);
		if (ns <= 0)
			continue;
		holder_format(jvmti, env, &hn, st, ns, out[k].text,
		    sizeof(out[k].text));
		out[k].found = 1;
	}
out:
	for (i = 0; i < hn.n; i++) {
		(void)(*jvmti)->SetTag(jvmti, hn.classes[i], 0);
		(*env)->DeleteLocalRef(env, hn.classes[i]);
		if (hn.names != NULL)
			free(hn.names[i]);
	}
	free(hn.names);
	free(ids);
	lw_jvmti_free(jvmti, hn.classes);
	return (rc);
}
