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
 * Class tags are the class ids of this pass's class index (classidx.h,
 * which also lists every tag space), as in heapwalk.c, and are cleared
 * afterwards.
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
#include <stdlib.h>
#include <string.h>

#include "classidx.h"
#include "frame.h"
#include "holder.h"
#include "jvmti_util.h"
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

/*
 * One reference as both parts of the pass see it, decoded once from its
 * JVMTI kind: the step's kind (LW_REF_*), the index the step prints
 * (field index, root kind; 0 for an array element) and the class id the
 * reference comes from (0 for a root, or a referrer that is no class of
 * this pass).
 */
struct holder_edge {
	int		kind;
	int32_t		index;
	uint32_t	from;
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

/*
 * Decode a reference; 0 for the kinds that hold nothing (class metadata:
 * a class's loader, its constant pool, ...).  Context: as holder_ref.
 */
static int
holder_decode(const struct holder_ctx *c, jvmtiHeapReferenceKind kind,
    const jvmtiHeapReferenceInfo *info, jlong referrer_class_tag,
    const jlong *referrer_tag_ptr, struct holder_edge *e)
{
	jlong	from = 0;

	e->index = 0;
	switch (kind) {
	case JVMTI_HEAP_REFERENCE_FIELD:
		e->kind = LW_REF_FIELD;
		e->index = info->field.index;
		from = referrer_class_tag;
		break;
	case JVMTI_HEAP_REFERENCE_ARRAY_ELEMENT:
		e->kind = LW_REF_ARRAY;
		from = referrer_class_tag;
		break;
	case JVMTI_HEAP_REFERENCE_STATIC_FIELD:
		/* The referrer is the class object: its own tag is its id. */
		e->kind = LW_REF_STATIC;
		e->index = info->field.index;
		from = referrer_tag_ptr != NULL ? *referrer_tag_ptr : 0;
		break;
	case JVMTI_HEAP_REFERENCE_JNI_GLOBAL:
	case JVMTI_HEAP_REFERENCE_SYSTEM_CLASS:
	case JVMTI_HEAP_REFERENCE_MONITOR:
	case JVMTI_HEAP_REFERENCE_STACK_LOCAL:
	case JVMTI_HEAP_REFERENCE_JNI_LOCAL:
	case JVMTI_HEAP_REFERENCE_THREAD:
	case JVMTI_HEAP_REFERENCE_OTHER:
		e->kind = LW_REF_ROOT;
		e->index = (int32_t)(kind - JVMTI_HEAP_REFERENCE_JNI_GLOBAL +
		    LW_ROOT_JNI_GLOBAL);
		break;
	default:
		return (0);
	}
	e->from = from >= 1 && from <= c->nclasses ? (uint32_t)from : 0;
	return (1);
}

/*
 * The object-level part of one reference (class_tag already checked):
 * count it when it leads into the suspect, or give its target an id when
 * that is an untagged object of a followed class.  Context: as holder_ref.
 */
static void
holder_track(struct holder_ctx *c, const struct holder_edge *e, uint32_t cls,
    jlong *tag_ptr, const jlong *referrer_tag_ptr)
{
	jlong		rt = referrer_tag_ptr != NULL ? *referrer_tag_ptr : 0;
	uint32_t	parent = 0, id;

	/* An object's referrer may carry an id; a class's tag is its id. */
	if ((e->kind == LW_REF_FIELD || e->kind == LW_REF_ARRAY) && rt < 0 &&
	    -rt <= (jlong)UINT32_MAX)
		parent = (uint32_t)-rt;
	if (cls == c->target) {
		/*
		 * Every reference into the suspect counts, also from objects
		 * left untracked when the table was full: a majority of the
		 * first objects the walk reached is no majority (seen: one
		 * transaction being built, reached from a stack, "held" all).
		 */
		if (parent != 0)
			lw_objchain_hit(c->oc, parent, e->kind, e->index);
		else
			lw_objchain_miss(c->oc);
		return;
	}
	if (!c->cand[cls] || tag_ptr == NULL || *tag_ptr > 0)
		return;
	if (*tag_ptr < 0) {
		if (e->kind != LW_REF_ROOT && -*tag_ptr <= (jlong)UINT32_MAX)
			lw_objchain_reref(c->oc, (uint32_t)-*tag_ptr, parent,
			    e->from, e->kind, e->index);
		return;
	}
	id = lw_objchain_track(c->oc, cls, parent, e->from, e->kind, e->index);
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
	struct holder_edge	 e;

	if (++c->seen % HOLDER_CHECK_EVERY == 0 &&
	    lw_now_ns() > c->deadline_ns) {
		c->aborted = 1;
		return (JVMTI_VISIT_ABORT);
	}
	if (class_tag < 1 || class_tag > c->nclasses ||
	    !holder_decode(c, kind, info, referrer_class_tag,
	    referrer_tag_ptr, &e))
		return (JVMTI_VISIT_OBJECTS);
	/* A class-level edge needs a class to come from, a root none. */
	if (e.kind == LW_REF_ROOT || e.from != 0)
		(void)lw_refgraph_add(c->g, e.from, e.kind, e.index,
		    (uint32_t)class_tag);
	if (c->oc != NULL)
		holder_track(c, &e, (uint32_t)class_tag, tag_ptr,
		    referrer_tag_ptr);
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

/* The source name of class id, or NULL (a bad id, or none to be had). */
static const char *
holder_name(struct lw_classidx *ci, uint32_t id)
{
	const char	*name;

	(void)lw_classidx_name(ci, id, &name);
	return (name);
}

static int
holder_is_app(void *arg, uint32_t cls)
{
	return (lw_frame_is_app(holder_name(arg, cls)));
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
holder_format(jvmtiEnv *jvmti, JNIEnv *env, struct lw_classidx *ci,
    const struct lw_ref_step *st, int n, char *buf, size_t len)
{
	char		 step[512], field[256];
	const char	*from, *to;
	int		 i, have;

	buf[0] = '\0';
	for (i = n - 1; i >= 0; i--) {
		from = holder_name(ci, st[i].from);
		have = 0;
		if ((st[i].kind == LW_REF_FIELD ||
		    st[i].kind == LW_REF_STATIC) && from != NULL)
			have = holder_field(jvmti, env,
			    lw_classidx_class(ci, st[i].from),
			    st[i].kind == LW_REF_STATIC, st[i].index, field,
			    sizeof(field));
		(void)lw_refgraph_step_format(step, sizeof(step), &st[i],
		    from, have ? field : NULL);
		if (buf[0] != '\0')
			strlcat(buf, " -> ", len);
		strlcat(buf, step, len);
	}
	if (n > 0 && (to = holder_name(ci, st[0].to)) != NULL) {
		strlcat(buf, " (", len);
		strlcat(buf, to, len);
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
holder_refine(jvmtiEnv *jvmti, JNIEnv *env, struct lw_classidx *ci,
    struct lw_objchain *oc, uint32_t target, int aborted,
    const struct lw_ref_step *cst, int cns, struct lw_holder *out)
{
	struct lw_ref_step		st[HOLDER_MAXSTEPS];
	struct lw_objchain_result	r;
	const char			*name;
	int				i, ns, more;

	more = holder_ncand;
	for (i = 0; i < cns; i++) {
		holder_cand_add(holder_name(ci, cst[i].from));
		holder_cand_add(holder_name(ci, cst[i].to));
	}
	more = holder_ncand > more;
	if (oc != NULL && !aborted) {
		holder_tries++;
		ns = lw_objchain_chain(oc, target, holder_is_app, ci,
		    st, HOLDER_MAXSTEPS, &r);
		out->objects = r.tracked;
		if (ns > 0) {
			holder_format(jvmti, env, ci, st, ns, out->text,
			    sizeof(out->text));
			out->found = 1;
			out->exact = 1;
			out->held = r.held;
			out->hits = r.hits;
		}
		if ((name = holder_name(ci, r.open)) != NULL) {
			i = holder_ncand;
			holder_cand_add(name);
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
	struct lw_classidx	*ci;
	struct lw_ref_step	 st[HOLDER_MAXSTEPS];
	struct lw_refgraph_stats gs;
	struct lw_objchain	*oc = NULL;
	uint8_t			*cand = NULL;
	uint32_t		*ids = NULL, i, ncls;
	const char		*name;
	uint64_t		 t0, t1, t2;
	double			 pause;
	int			 k, ns, rc, j, follow;

	if (holder_jvmti != NULL)
		jvmti = holder_jvmti;
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
	if ((rc = lw_classidx_snapshot(jvmti, env, &ci)) != 0)
		return (rc);
	ncls = lw_classidx_count(ci);
	if ((ids = calloc((size_t)nnames + 1, sizeof(*ids))) == NULL) {
		rc = LW_ERR_NOMEM;
		goto out;
	}
	/* Following objects is extra: without its memory, classes only. */
	if (follow && ((cand = calloc((size_t)ncls + 1, 1)) == NULL ||
	    (oc = lw_objchain_new(HOLDER_MAXOBJ)) == NULL))
		follow = 0;
	if ((rc = lw_classidx_tag(ci)) != 0)
		goto out;
	for (k = 0; k < nnames; k++)
		ids[k] = lw_classidx_find(ci, names[k]);
	/* Every class of a followed name, in whichever loader. */
	for (i = 1; follow && i <= ncls; i++) {
		if ((name = holder_name(ci, i)) == NULL)
			continue;
		for (j = 0; j < holder_ncand; j++)
			if (strcmp(holder_cand[j], name) == 0)
				cand[i] = 1;
	}
	if (follow && ids[0] != 0) {
		c.oc = oc;
		c.cand = cand;
		c.target = ids[0];
	}

	c.g = holder_graph;
	c.nclasses = ncls;
	t0 = lw_now_ns();
	c.deadline_ns = t0 + budget_ms * 1000000ULL;
	memset(&cb, 0, sizeof(cb));
	cb.heap_reference_callback = holder_ref;
	rc = lw_jvmti_check(jvmti, (*jvmti)->FollowReferences(jvmti, 0, NULL,
	    NULL, &cb, &c), "FollowReferences");
	t1 = lw_now_ns();
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
	t2 = lw_now_ns();
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
		    ci, st, HOLDER_MAXSTEPS);
		if (ns <= 0)
			continue;
		holder_format(jvmti, env, ci, st, ns, out[k].text,
		    sizeof(out[k].text));
		out[k].found = 1;
		if (k != 0 || holder_jvmti == NULL)
			continue;
		holder_refine(jvmti, env, ci, c.oc, ids[0], c.aborted, st,
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
	(void)lw_classidx_untag(ci);	/* a failure is logged there */
	lw_classidx_free(ci);
	free(ids);
	free(cand);
	lw_objchain_free(oc);
	return (rc);
}
