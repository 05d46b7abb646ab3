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
 *
 * The class-level chain cannot tell one ArrayList from another, so later
 * searches for the same top suspect also follow objects (objchain.h):
 * the pass tags every object of the classes on the earlier chains with a
 * negative id and counts which of them hold the suspect's instances.
 * Those tags live in a JVMTI environment of the holder's own
 * (lw_holder_init), where nothing else tags objects: the allocation
 * sampler's tags on the same objects are in the agent's main environment
 * and are never touched.  A heap iteration over the tagged objects
 * clears them after the pass; it is part of the reported pause.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frame.h"
#include "holder.h"
#include "jname.h"
#include "jvmti_util.h"
#include "log.h"
#include "lw.h"
#include "objchain.h"
#include "refgraph.h"

#define HOLDER_MAXEDGES		((size_t)64 * 1024)	/* ~3 MiB, allocated once */
#define HOLDER_CHECK_EVERY	4096		/* references between clocks */
#define HOLDER_MAXSTEPS		12
#define HOLDER_MAXSUPER		64		/* superclass chain, at most */
#define HOLDER_MAXOBJ		65536		/* objects followed, ~3 MiB
						   for one search */
#define HOLDER_MAXCAND		16		/* classes whose objects are
						   followed */
#define HOLDER_TRIES		3		/* object-level searches per
						   top suspect */

struct holder_ctx {
	struct lw_refgraph	*g;
	jlong			 nclasses;
	uint64_t		 deadline_ns;
	uint64_t		 seen;
	int			 aborted;
	struct lw_objchain	*oc;		/* NULL: classes only */
	const uint8_t		*cand;		/* [class id]: follow objects */
	uint32_t		 target;	/* class id of the suspect */
	uint64_t		 tagged;
};

struct holder_names {
	jvmtiEnv	*jvmti;
	jclass		*classes;
	char		**names;	/* source form, NULL when unknown */
	jint		 n;
};

static struct lw_refgraph	*holder_graph;
static jvmtiEnv			*holder_jvmti;	/* the holder's own env */

/* The top suspect followed object by object, and what to follow. */
static char	holder_target[256];
static char	holder_cand[HOLDER_MAXCAND][256];
static int	holder_ncand;
static int	holder_tries;
static int	holder_nofollow;	/* ids could not be cleared once */
static struct lw_holder	holder_exact;	/* its last object-level answer */

static uint64_t
holder_now_ns(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return (0);
	return ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec);
}

/*
 * The object-level part of one reference (class_tag already checked):
 * count it when it leads into the suspect, or give its target an id when
 * that is an untagged object of a followed class.  Context: as holder_ref.
 */
static void
holder_track(struct holder_ctx *c, jvmtiHeapReferenceKind kind,
    const jvmtiHeapReferenceInfo *info, uint32_t cls, jlong referrer_class,
    jlong *tag_ptr, const jlong *referrer_tag_ptr)
{
	jlong		rt = referrer_tag_ptr != NULL ? *referrer_tag_ptr : 0;
	uint32_t	pcls = 0, parent = 0, id;
	int32_t		index = 0;
	int		k;

	switch (kind) {
	case JVMTI_HEAP_REFERENCE_FIELD:
	case JVMTI_HEAP_REFERENCE_ARRAY_ELEMENT:
		k = kind == JVMTI_HEAP_REFERENCE_FIELD ? LW_REF_FIELD :
		    LW_REF_ARRAY;
		if (k == LW_REF_FIELD)
			index = info->field.index;
		if (referrer_class >= 1 && referrer_class <= c->nclasses)
			pcls = (uint32_t)referrer_class;
		if (rt < 0 && -rt <= (jlong)UINT32_MAX)
			parent = (uint32_t)-rt;
		break;
	case JVMTI_HEAP_REFERENCE_STATIC_FIELD:
		k = LW_REF_STATIC;
		index = info->field.index;
		if (rt >= 1 && rt <= c->nclasses)
			pcls = (uint32_t)rt;
		break;
	case JVMTI_HEAP_REFERENCE_JNI_GLOBAL:
	case JVMTI_HEAP_REFERENCE_SYSTEM_CLASS:
	case JVMTI_HEAP_REFERENCE_MONITOR:
	case JVMTI_HEAP_REFERENCE_STACK_LOCAL:
	case JVMTI_HEAP_REFERENCE_JNI_LOCAL:
	case JVMTI_HEAP_REFERENCE_THREAD:
	case JVMTI_HEAP_REFERENCE_OTHER:
		k = LW_REF_ROOT;
		index = (int32_t)(kind - JVMTI_HEAP_REFERENCE_JNI_GLOBAL +
		    LW_ROOT_JNI_GLOBAL);
		break;
	default:
		return;
	}
	if (cls == c->target) {
		/*
		 * Every reference into the suspect counts, also from objects
		 * left untracked when the table was full: a majority of the
		 * first objects the walk reached is no majority (seen: one
		 * transaction being built, reached from a stack, "held" all).
		 */
		if (parent != 0)
			lw_objchain_hit(c->oc, parent, k, index);
		else
			lw_objchain_miss(c->oc);
		return;
	}
	if (!c->cand[cls] || tag_ptr == NULL || *tag_ptr > 0)
		return;
	if (*tag_ptr < 0) {
		if (k != LW_REF_ROOT && -*tag_ptr <= (jlong)UINT32_MAX)
			lw_objchain_reref(c->oc, (uint32_t)-*tag_ptr, parent,
			    pcls, k, index);
		return;
	}
	id = lw_objchain_track(c->oc, cls, parent, pcls, k, index);
	if (id != 0) {
		*tag_ptr = -(jlong)id;
		c->tagged++;
	}
}

/*
 * Context: FollowReferences, world stopped: arithmetic only.  The
 * signature is JVMTI's jvmtiHeapReferenceCallback, pointers and all.
 */
static jint JNICALL
holder_ref(jvmtiHeapReferenceKind kind, const jvmtiHeapReferenceInfo *info,
    jlong class_tag, jlong referrer_class_tag, jlong size __unused,
    jlong *tag_ptr,
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
	if (c->oc != NULL)
		holder_track(c, kind, info, (uint32_t)class_tag,
		    referrer_class_tag, tag_ptr, referrer_tag_ptr);
	return (JVMTI_VISIT_OBJECTS);
}

/*
 * Clear the object ids after the pass.  Context: IterateThroughHeap,
 * world stopped: arithmetic only.
 */
static jint JNICALL
holder_untag(jlong class_tag __unused, jlong size __unused, jlong *tag_ptr,
    jint length __unused, void *arg __unused)
{
	if (*tag_ptr < 0)
		*tag_ptr = 0;
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
	jclass		 chain[HOLDER_MAXSUPER], sup, next;
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
		/* each superclass is asked for its own before it goes */
		for (sup = (*env)->GetSuperclass(env, cls); sup != NULL;
		    sup = next) {
			if ((*jvmti)->GetClassFields(jvmti, sup, &nf,
			    &fields) == JVMTI_ERROR_NONE) {
				base += nf;
				lw_jvmti_free(jvmti, fields);
			}
			next = (*env)->GetSuperclass(env, sup);
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
lw_holder_init(JavaVM *vm)
{
	jvmtiCapabilities	caps;
	jvmtiEnv		*jv = NULL;

	if ((*vm)->GetEnv(vm, (void **)&jv, JVMTI_VERSION_1_2) != JNI_OK ||
	    jv == NULL)
		return (LW_ERR_DISABLED);
	memset(&caps, 0, sizeof(caps));
	caps.can_tag_objects = 1;
	if ((*jv)->AddCapabilities(jv, &caps) != JVMTI_ERROR_NONE) {
		(void)(*jv)->DisposeEnvironment(jv);
		return (LW_ERR_DISABLED);
	}
	holder_jvmti = jv;
	return (0);
}

/* Remember a class to follow object by object next time. */
static void
holder_cand_add(const char *name)
{
	int	i;

	if (name == NULL || strcmp(name, holder_target) == 0)
		return;
	for (i = 0; i < holder_ncand; i++)
		if (strcmp(holder_cand[i], name) == 0)
			return;
	if (holder_ncand < HOLDER_MAXCAND)
		strlcpy(holder_cand[holder_ncand++], name,
		    sizeof(holder_cand[0]));
}

/*
 * After the pass: the object-level chain of the top suspect, when one
 * structure holds most of it, replaces the class-level one; either way
 * the classes met are followed next time.
 */
static void
holder_refine(jvmtiEnv *jvmti, JNIEnv *env, struct holder_names *hn,
    struct lw_objchain *oc, uint32_t target, int aborted,
    const struct lw_ref_step *cst, int cns, struct lw_holder *out)
{
	struct lw_ref_step		st[HOLDER_MAXSTEPS];
	struct lw_objchain_result	r;
	int				i, ns, more;

	more = holder_ncand;
	for (i = 0; i < cns; i++) {
		if (cst[i].from >= 1 && cst[i].from <= (uint32_t)hn->n)
			holder_cand_add(hn->names[cst[i].from - 1]);
		if (cst[i].to >= 1 && cst[i].to <= (uint32_t)hn->n)
			holder_cand_add(hn->names[cst[i].to - 1]);
	}
	more = holder_ncand > more;
	if (oc != NULL && !aborted) {
		holder_tries++;
		ns = lw_objchain_chain(oc, target, holder_is_app, hn,
		    st, HOLDER_MAXSTEPS, &r);
		out->objects = r.tracked;
		if (ns > 0) {
			holder_format(jvmti, env, hn, st, ns, out->text,
			    sizeof(out->text));
			out->found = 1;
			out->exact = 1;
			out->held = r.held;
			out->hits = r.hits;
		}
		if (r.open >= 1 && r.open <= (uint32_t)hn->n &&
		    hn->names[r.open - 1] != NULL) {
			i = holder_ncand;
			holder_cand_add(hn->names[r.open - 1]);
			more = more || holder_ncand > i;
		} else if (ns > 0)
			more = 0;	/* closed: nothing higher to find */
	}
	out->refine = more && holder_tries < HOLDER_TRIES;
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
	struct lw_objchain	*oc = NULL;
	uint8_t			*cand = NULL;
	uint32_t		*ids = NULL;
	char			*sig, tmp[1024];
	uint64_t		 t0, t1, t2;
	double			 pause;
	jint			 i;
	int			 k, ns, rc, j, follow;

	if (holder_jvmti != NULL)
		jvmti = holder_jvmti;
	memset(&hn, 0, sizeof(hn));
	memset(&c, 0, sizeof(c));
	for (k = 0; k < nnames; k++)
		memset(&out[k], 0, sizeof(out[k]));
	if (holder_graph == NULL &&
	    (holder_graph = lw_refgraph_new(HOLDER_MAXEDGES)) == NULL)
		return (LW_ERR_NOMEM);
	lw_refgraph_reset(holder_graph);
	if (nnames > 0 && strcmp(names[0], holder_target) != 0) {
		strlcpy(holder_target, names[0], sizeof(holder_target));
		holder_ncand = 0;
		holder_tries = 0;
		memset(&holder_exact, 0, sizeof(holder_exact));
	}
	follow = nnames > 0 && holder_jvmti != NULL && !holder_nofollow &&
	    holder_ncand > 0 && holder_tries < HOLDER_TRIES;
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
	/* Following objects is extra: without its memory, classes only. */
	if (follow && ((cand = calloc((size_t)hn.n + 1, 1)) == NULL ||
	    (oc = lw_objchain_new(HOLDER_MAXOBJ)) == NULL))
		follow = 0;
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
		for (j = 0; follow && hn.names[i] != NULL && j < holder_ncand;
		    j++)
			if (strcmp(holder_cand[j], hn.names[i]) == 0)
				cand[i + 1] = 1;
	}
	if (follow && ids[0] != 0) {
		c.oc = oc;
		c.cand = cand;
		c.target = ids[0];
	}

	c.g = holder_graph;
	c.nclasses = hn.n;
	t0 = holder_now_ns();
	c.deadline_ns = t0 + budget_ms * 1000000ULL;
	memset(&cb, 0, sizeof(cb));
	cb.heap_reference_callback = holder_ref;
	rc = lw_jvmti_check(jvmti, (*jvmti)->FollowReferences(jvmti, 0, NULL,
	    NULL, &cb, &c), "FollowReferences");
	t1 = holder_now_ns();
	if (c.tagged > 0) {
		/*
		 * Clear the ids even after a failed walk (only ours are < 0);
		 * ids left behind would be taken for the next walk's, so if
		 * that fails objects are never followed again.
		 */
		memset(&cb, 0, sizeof(cb));
		cb.heap_iteration_callback = holder_untag;
		if (lw_jvmti_check(jvmti, (*jvmti)->IterateThroughHeap(jvmti,
		    JVMTI_HEAP_FILTER_UNTAGGED, NULL, &cb, NULL),
		    "IterateThroughHeap") != 0)
			holder_nofollow = 1;
	}
	t2 = holder_now_ns();
	pause = (double)(t2 - t0) / 1e6;
	if (rc != 0)
		goto out;
	lw_refgraph_stats(holder_graph, &gs);
	for (k = 0; k < nnames; k++) {
		out[k].pause_ms = pause;
		out[k].untag_ms = (double)(t2 - t1) / 1e6;
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
		if (k != 0 || holder_jvmti == NULL)
			continue;
		holder_refine(jvmti, env, &hn, c.oc, ids[0], c.aborted, st,
		    ns, &out[0]);
		/* a later class-level or cut walk keeps the object answer */
		if (out[0].exact)
			holder_exact = out[0];
		else if (holder_exact.exact) {
			strlcpy(out[0].text, holder_exact.text,
			    sizeof(out[0].text));
			out[0].exact = 1;
			out[0].held = holder_exact.held;
			out[0].hits = holder_exact.hits;
		}
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
	free(cand);
	lw_objchain_free(oc);
	lw_jvmti_free(jvmti, hn.classes);
	return (rc);
}
