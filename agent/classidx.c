/*
 * leakwatch - classidx.c
 *
 * The loaded classes, snapshotted once per use: ids, tags, names (see
 * classidx.h for the tag spaces and who owns which reference).
 *
 * DESIGN
 * A class's id is its place in the GetLoadedClasses array plus one, so an
 * id maps back to its class in O(1) and the ids of one snapshot are
 * dense: a heap-walk callback can index arrays by class tag.  Names are
 * asked lazily: a census needs only the classes that have objects, an
 * allocation-site lookup only the classes before its match, a holder
 * search all of them.  Each name is converted once (jname.c) and stored
 * in blocks of CLASSIDX_BLOCK bytes that are never moved or reallocated,
 * so the pointers handed out stay valid: one malloc per block instead of
 * one strdup per class.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classidx.h"
#include "jname.h"
#include "jvmti_util.h"
#include "lw.h"

#define CLASSIDX_BLOCK	((size_t)64 * 1024)	/* name storage, per block */
#define CLASSIDX_NAMEBUF 1024			/* most names fit on the
						   stack */

struct classidx_block {
	struct classidx_block	*next;
	size_t			 used, size;
	char			 buf[];
};

struct classidx_ent {
	const char	*name;		/* NULL: not asked yet, or failed */
	int		 rc;		/* the failure, once asked */
};

struct lw_classidx {
	jvmtiEnv		*jvmti;
	JNIEnv			*env;
	jclass			*classes;	/* [n] local refs, JVMTI memory */
	struct classidx_ent	*ent;		/* [n] */
	jint			 n;
	jint			 ntagged;	/* classes[0..ntagged) tagged */
	int			 sigwarned;	/* a GetClassSignature failure
						   was logged */
	struct classidx_block	*blocks;	/* newest first */
};

/* Delete the local references and give back the JVMTI array. */
static void
classidx_release(jvmtiEnv *jvmti, JNIEnv *env, jclass *classes, jint n)
{
	jint	i;

	for (i = 0; i < n; i++)
		(*env)->DeleteLocalRef(env, classes[i]);
	lw_jvmti_free(jvmti, classes);
}

int
lw_classidx_snapshot(jvmtiEnv *jvmti, JNIEnv *env, struct lw_classidx **out)
{
	struct lw_classidx	*ci;
	jclass			*classes = NULL;
	jint			 n = 0;
	int			 rc;

	if (out == NULL)
		return (LW_ERR_INVAL);
	*out = NULL;
	if (jvmti == NULL || env == NULL)
		return (LW_ERR_INVAL);
	rc = lw_jvmti_check(jvmti, (*jvmti)->GetLoadedClasses(jvmti, &n,
	    &classes), "GetLoadedClasses");
	if (rc != 0)
		return (rc);
	if (n < 0 || (n > 0 && classes == NULL)) {
		lw_jvmti_free(jvmti, classes);
		return (LW_ERR_JVMTI);
	}
	if ((ci = lw_calloc(1, sizeof(*ci))) == NULL ||
	    (ci->ent = lw_calloc((size_t)n + 1, sizeof(*ci->ent))) ==
	    NULL) {
		free(ci);
		classidx_release(jvmti, env, classes, n);
		return (LW_ERR_NOMEM);
	}
	ci->jvmti = jvmti;
	ci->env = env;
	ci->classes = classes;
	ci->n = n;
	*out = ci;
	return (0);
}

void
lw_classidx_free(struct lw_classidx *ci)
{
	struct classidx_block	*b;

	if (ci == NULL)
		return;
	classidx_release(ci->jvmti, ci->env, ci->classes, ci->n);
	while ((b = ci->blocks) != NULL) {
		ci->blocks = b->next;
		free(b);
	}
	free(ci->ent);
	free(ci);
}

uint32_t
lw_classidx_count(const struct lw_classidx *ci)
{
	return (ci == NULL ? 0 : (uint32_t)ci->n);
}

jclass
lw_classidx_class(const struct lw_classidx *ci, uint32_t id)
{
	if (ci == NULL || id < 1 || id > (uint32_t)ci->n)
		return (NULL);
	return (ci->classes[id - 1]);
}

int
lw_classidx_tag(struct lw_classidx *ci)
{
	jint	i;
	int	rc;

	for (i = ci->ntagged; i < ci->n; i++) {
		rc = lw_jvmti_check(ci->jvmti, (*ci->jvmti)->SetTag(ci->jvmti,
		    ci->classes[i], (jlong)i + 1), "SetTag");
		if (rc != 0)
			return (rc);
		ci->ntagged = i + 1;
	}
	return (0);
}

int
lw_classidx_untag(struct lw_classidx *ci)
{
	jvmtiError	err;
	jint		i;
	int		rc = 0;

	for (i = 0; i < ci->ntagged; i++) {
		err = (*ci->jvmti)->SetTag(ci->jvmti, ci->classes[i], 0);
		if (err != JVMTI_ERROR_NONE && rc == 0)
			rc = lw_jvmti_check(ci->jvmti, err, "SetTag (clear)");
	}
	ci->ntagged = 0;
	return (rc);
}

/* A copy of s (len bytes and a NUL) in the index's blocks, or NULL. */
static const char *
classidx_store(struct lw_classidx *ci, const char *s, size_t len)
{
	struct classidx_block	*b = ci->blocks;
	size_t			 size;
	char			*p;

	if (b == NULL || b->size - b->used < len + 1) {
		size = len + 1 > CLASSIDX_BLOCK ? len + 1 : CLASSIDX_BLOCK;
		if ((b = lw_calloc(1, sizeof(*b) + size)) == NULL)
			return (NULL);
		b->size = size;
		b->next = ci->blocks;
		ci->blocks = b;
	}
	p = b->buf + b->used;
	memcpy(p, s, len);
	p[len] = '\0';
	b->used += len + 1;
	return (p);
}

/*
 * Convert sig to source form into the blocks.  A name too long for the
 * stack buffer is converted again into one sized for the worst case (an
 * array descriptor's letters become "[]" pairs and a type name, as
 * histo.c sizes it).
 */
static int
classidx_convert(struct lw_classidx *ci, const char *sig, const char **out)
{
	char	 sbuf[CLASSIDX_NAMEBUF], *heap = NULL, *src = sbuf;
	size_t	 len;
	int	 rc;

	rc = lw_jname_format(sig, sbuf, sizeof(sbuf));
	if (rc == LW_ERR_RANGE) {
		len = strlen(sig);
		if (len > (SIZE_MAX - 8) / 2)
			return (LW_ERR_NOMEM);
		len = len * 2 + 8;
		if ((heap = lw_calloc(len, 1)) == NULL)
			return (LW_ERR_NOMEM);
		rc = lw_jname_format(sig, heap, len);
		src = heap;
	}
	if (rc == 0 && (*out = classidx_store(ci, src, strlen(src))) == NULL)
		rc = LW_ERR_NOMEM;
	free(heap);
	return (rc);
}

int
lw_classidx_name(struct lw_classidx *ci, uint32_t id, const char **name)
{
	struct classidx_ent	*e;
	jvmtiError		 err;
	char			*sig = NULL;

	*name = NULL;
	if (ci == NULL || id < 1 || id > (uint32_t)ci->n)
		return (LW_ERR_INVAL);
	e = &ci->ent[id - 1];
	if (e->name != NULL || e->rc != 0) {
		*name = e->name;
		return (e->rc);
	}
	err = (*ci->jvmti)->GetClassSignature(ci->jvmti, ci->classes[id - 1],
	    &sig, NULL);
	if (err == JVMTI_ERROR_NONE && sig == NULL)
		err = JVMTI_ERROR_NULL_POINTER;
	if (err != JVMTI_ERROR_NONE) {
		if (!ci->sigwarned)
			e->rc = lw_jvmti_check(ci->jvmti, err,
			    "GetClassSignature");
		else
			e->rc = err == JVMTI_ERROR_WRONG_PHASE ?
			    LW_ERR_PHASE : LW_ERR_JVMTI;
		ci->sigwarned = ci->sigwarned || e->rc == LW_ERR_JVMTI;
	} else
		e->rc = classidx_convert(ci, sig, &e->name);
	lw_jvmti_free(ci->jvmti, sig);
	/* Out of memory may pass: ask again next time. */
	if (e->rc == LW_ERR_NOMEM) {
		e->rc = 0;
		return (LW_ERR_NOMEM);
	}
	*name = e->name;
	return (e->rc);
}

uint32_t
lw_classidx_find(struct lw_classidx *ci, const char *name)
{
	const char	*s;
	uint32_t	 id;

	if (ci == NULL || name == NULL)
		return (0);
	for (id = 1; id <= (uint32_t)ci->n; id++)
		if (lw_classidx_name(ci, id, &s) == 0 && strcmp(s, name) == 0)
			return (id);
	return (0);
}
