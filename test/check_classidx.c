/*
 * leakwatch - check_classidx.c
 *
 * Tests of classidx.c over the fake JVMTI's pretend heap: the snapshot
 * and its references, names in source form (asked once, lazily, long
 * ones, stable pointers), lookup by name, tagging and clearing, every
 * failure path (JVMTI errors, the VM dying, allocation failures), and the
 * census of heapwalk.c, which sees classes through the index.  After each
 * test no local reference is left and no JVMTI memory is kept, as far as
 * the fake can tell.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define LW_NEED_JVMTI
#include "compat.h"
#include "classidx.h"
#include "fake_jvmti.h"
#include "heapwalk.h"
#include "histo.h"
#include "log.h"
#include "lw.h"
#include "opts.h"
#include "lwtest.h"

static jvmtiEnv	*jv;
static JNIEnv	*je;

static void
classidx_setup(void)
{
	(void)lw_fake_jvmti_reset();
	jv = lw_fake_jvmti();
	je = lw_fake_jni();
	/* The failure tests make the index warn; keep the output clean. */
	(void)lw_log_open(NULL, LW_LEVEL_ERROR);
}

static void
classidx_teardown(void)
{
	lw_test_failalloc(0);
	(void)lw_fake_jvmti_reset();
}

/* Nothing left over: each reference deleted once, all JVMTI memory back. */
static void
assert_clean(void)
{
	ck_assert_int_eq(lw_fake_jni_locals(), 0);
	ck_assert_int_eq(lw_fake_jni_globals(), 0);
	ck_assert_int_eq(lw_fake_jni_misuse(), 0);
	ck_assert_int_eq(lw_fake_jvmti_outstanding(), 0);
}

static struct lw_classidx *
snap(void)
{
	struct lw_classidx	*ci = NULL;

	ck_assert_int_eq(lw_classidx_snapshot(jv, je, &ci), 0);
	ck_assert_ptr_nonnull(ci);
	return (ci);
}

/* -- snapshot --------------------------------------------------------- */

START_TEST(test_classidx__snapshot__ids_in_load_order)
{
	struct lw_classidx	*ci;
	int			 a, b, c;

	a = lw_fake_jvmti_class("Ljava/lang/String;");
	b = lw_fake_jvmti_class("Lscn/Gone;");
	c = lw_fake_jvmti_class("[B");
	lw_fake_jvmti_unload(b);
	ci = snap();
	ck_assert_uint_eq(lw_classidx_count(ci), 2);
	ck_assert_int_eq(lw_fake_jni_class_of(lw_classidx_class(ci, 1)), a);
	ck_assert_int_eq(lw_fake_jni_class_of(lw_classidx_class(ci, 2)), c);
	ck_assert_ptr_null(lw_classidx_class(ci, 0));
	ck_assert_ptr_null(lw_classidx_class(ci, 3));
	/* One local reference per class, owned by the index. */
	ck_assert_int_eq(lw_fake_jni_locals(), 2);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_LOADEDCLASSES), 1);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 0);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

START_TEST(test_classidx__snapshot_empty__no_classes)
{
	struct lw_classidx	*ci;
	const char		*name;

	ci = snap();
	ck_assert_uint_eq(lw_classidx_count(ci), 0);
	ck_assert_ptr_null(lw_classidx_class(ci, 1));
	ck_assert_uint_eq(lw_classidx_find(ci, "java.lang.String"), 0);
	ck_assert_int_eq(lw_classidx_name(ci, 1, &name), LW_ERR_INVAL);
	ck_assert_int_eq(lw_classidx_tag(ci), 0);
	ck_assert_int_eq(lw_classidx_untag(ci), 0);
	lw_classidx_free(ci);
	lw_classidx_free(NULL);
	ck_assert_uint_eq(lw_classidx_count(NULL), 0);
	assert_clean();
}
END_TEST

static const struct {
	jvmtiError	err;
	int		rc;
	unsigned long	logged;		/* GetErrorName calls: log lines */
} snap_errors[] = {
	{ JVMTI_ERROR_INTERNAL, LW_ERR_JVMTI, 1 },
	{ JVMTI_ERROR_OUT_OF_MEMORY, LW_ERR_JVMTI, 1 },
	{ JVMTI_ERROR_WRONG_PHASE, LW_ERR_PHASE, 0 },
};

START_TEST(test_classidx__snapshot_jvmti_error__nothing_left)
{
	struct lw_classidx	*ci = (struct lw_classidx *)&ci;

	(void)lw_fake_jvmti_class("Ljava/lang/String;");
	lw_fake_jvmti_fail(LW_FAKE_LOADEDCLASSES, 1, snap_errors[_i].err);
	ck_assert_int_eq(lw_classidx_snapshot(jv, je, &ci), snap_errors[_i].rc);
	ck_assert_ptr_null(ci);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ERRORNAME),
	    snap_errors[_i].logged);
	assert_clean();
	/* The next snapshot works. */
	ci = snap();
	ck_assert_uint_eq(lw_classidx_count(ci), 1);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/* Each of the snapshot's two allocations fails in turn. */
START_TEST(test_classidx__snapshot_nomem__refs_released)
{
	struct lw_classidx	*ci = (struct lw_classidx *)&ci;

	(void)lw_fake_jvmti_class("Ljava/lang/String;");
	(void)lw_fake_jvmti_class("[I");
	lw_test_failalloc(_i + 1);
	ck_assert_int_eq(lw_classidx_snapshot(jv, je, &ci), LW_ERR_NOMEM);
	ck_assert_ptr_null(ci);
	assert_clean();
}
END_TEST

START_TEST(test_classidx__snapshot_bad_args__einval)
{
	struct lw_classidx	*ci = (struct lw_classidx *)&ci;

	ck_assert_int_eq(lw_classidx_snapshot(jv, je, NULL), LW_ERR_INVAL);
	ck_assert_int_eq(lw_classidx_snapshot(NULL, je, &ci), LW_ERR_INVAL);
	ck_assert_ptr_null(ci);
	ci = (struct lw_classidx *)&ci;
	ck_assert_int_eq(lw_classidx_snapshot(jv, NULL, &ci), LW_ERR_INVAL);
	ck_assert_ptr_null(ci);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_LOADEDCLASSES), 0);
	assert_clean();
}
END_TEST

/* -- names -------------------------------------------------------------- */

static const struct {
	const char	*sig;
	const char	*name;
} name_cases[] = {
	{ "Ljava/lang/String;", "java.lang.String" },
	{ "Ljava/util/HashMap$Node;", "java.util.HashMap$Node" },
	{ "[B", "byte[]" },
	{ "[[I", "int[][]" },
	{ "[Ljava/lang/Object;", "java.lang.Object[]" },
	{ "Lpkg/Foo$$Lambda.0x0000000800c01234;",
	  "pkg.Foo$$Lambda/0x0000000800c01234" },
	{ "LMain;", "Main" },
};

START_TEST(test_classidx__name__source_form)
{
	struct lw_classidx	*ci;
	const char		*name = NULL;

	(void)lw_fake_jvmti_class(name_cases[_i].sig);
	ci = snap();
	ck_assert_int_eq(lw_classidx_name(ci, 1, &name), 0);
	ck_assert_str_eq(name, name_cases[_i].name);
	ck_assert_uint_eq(lw_classidx_find(ci, name_cases[_i].name), 1);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/* Asked once, kept: the same pointer, no second GetClassSignature. */
START_TEST(test_classidx__name__asked_once)
{
	struct lw_classidx	*ci;
	const char		*a = NULL, *b = NULL;

	(void)lw_fake_jvmti_class("Ljava/lang/String;");
	(void)lw_fake_jvmti_class("[J");
	ci = snap();
	ck_assert_int_eq(lw_classidx_name(ci, 2, &a), 0);
	ck_assert_int_eq(lw_classidx_name(ci, 2, &b), 0);
	ck_assert_ptr_eq(a, b);
	ck_assert_str_eq(a, "long[]");
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 1);
	/* Every signature given back at once, not at free. */
	ck_assert_int_eq(lw_fake_jvmti_outstanding(), 1);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

START_TEST(test_classidx__name_bad_id__einval)
{
	struct lw_classidx	*ci;
	const char		*name = "x";

	(void)lw_fake_jvmti_class("Ljava/lang/String;");
	ci = snap();
	ck_assert_int_eq(lw_classidx_name(ci, 0, &name), LW_ERR_INVAL);
	ck_assert_ptr_null(name);
	name = "x";
	ck_assert_int_eq(lw_classidx_name(ci, 2, &name), LW_ERR_INVAL);
	ck_assert_ptr_null(name);
	name = "x";
	ck_assert_int_eq(lw_classidx_name(NULL, 1, &name), LW_ERR_INVAL);
	ck_assert_ptr_null(name);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 0);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/* A signature jname rejects: LW_ERR_INVAL, kept, and it matches nothing. */
START_TEST(test_classidx__name_malformed__kept_failed)
{
	struct lw_classidx	*ci;
	const char		*name = "x";

	(void)lw_fake_jvmti_class("[Q");
	(void)lw_fake_jvmti_class("Lscn/Good;");
	ci = snap();
	ck_assert_int_eq(lw_classidx_name(ci, 1, &name), LW_ERR_INVAL);
	ck_assert_ptr_null(name);
	ck_assert_int_eq(lw_classidx_name(ci, 1, &name), LW_ERR_INVAL);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 1);
	ck_assert_uint_eq(lw_classidx_find(ci, "scn.Good"), 2);
	ck_assert_uint_eq(lw_classidx_find(ci, "[Q"), 0);
	ck_assert_uint_eq(lw_classidx_find(ci, "Q[]"), 0);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/*
 * GetClassSignature failing for every class logs once per snapshot (one
 * GetErrorName), not once per class; the failure is kept; the classes
 * after it are still named.
 */
START_TEST(test_classidx__name_jvmti_error__logged_once)
{
	struct lw_classidx	*ci;
	const char		*name;
	uint32_t		 id;

	(void)lw_fake_jvmti_class("Lscn/A;");
	(void)lw_fake_jvmti_class("Lscn/B;");
	(void)lw_fake_jvmti_class("Lscn/C;");
	(void)lw_fake_jvmti_class("Lscn/D;");
	ci = snap();
	lw_fake_jvmti_fail(LW_FAKE_CLASSSIG, 3, JVMTI_ERROR_INVALID_CLASS);
	for (id = 1; id <= 3; id++) {
		ck_assert_int_eq(lw_classidx_name(ci, id, &name),
		    LW_ERR_JVMTI);
		ck_assert_ptr_null(name);
	}
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ERRORNAME), 1);
	ck_assert_int_eq(lw_classidx_name(ci, 2, &name), LW_ERR_JVMTI);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 3);
	ck_assert_uint_eq(lw_classidx_find(ci, "scn.D"), 4);
	ck_assert_uint_eq(lw_classidx_find(ci, "scn.B"), 0);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

START_TEST(test_classidx__name_wrong_phase__quiet)
{
	struct lw_classidx	*ci;
	const char		*name;

	(void)lw_fake_jvmti_class("Lscn/A;");
	ci = snap();
	lw_fake_jvmti_fail(LW_FAKE_CLASSSIG, 1, JVMTI_ERROR_WRONG_PHASE);
	ck_assert_int_eq(lw_classidx_name(ci, 1, &name), LW_ERR_PHASE);
	ck_assert_ptr_null(name);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ERRORNAME), 0);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/* Out of memory is not kept: the next call asks again and succeeds. */
START_TEST(test_classidx__name_nomem__asked_again)
{
	struct lw_classidx	*ci;
	const char		*name = "x";

	(void)lw_fake_jvmti_class("Lscn/A;");
	ci = snap();
	lw_test_failalloc(1);
	ck_assert_int_eq(lw_classidx_name(ci, 1, &name), LW_ERR_NOMEM);
	ck_assert_ptr_null(name);
	ck_assert_int_eq(lw_fake_jvmti_outstanding(), 1);
	ck_assert_uint_eq(lw_classidx_find(ci, "scn.A"), 1);
	ck_assert_int_eq(lw_classidx_name(ci, 1, &name), 0);
	ck_assert_str_eq(name, "scn.A");
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 2);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/*
 * A name past the stack buffer and past a block is converted whole; the
 * deepest array (255 dimensions) grows from 256 bytes to 514.  Each of
 * the long name's two allocations (conversion buffer, block) failing in
 * turn gives LW_ERR_NOMEM, and the next call succeeds.
 */
START_TEST(test_classidx__name_long__whole)
{
	struct lw_classidx	*ci;
	static char		 sig[100 * 1024], want[sizeof(sig)];
	char			 dims[300];
	const char		*name;
	size_t			 i, n = sizeof(sig) - 8;

	sig[0] = 'L';
	for (i = 1; i < n; i++)
		sig[i] = i % 8 == 0 ? '/' : 'a';
	sig[n] = ';';
	sig[n + 1] = '\0';
	memcpy(want, sig + 1, n - 1);
	want[n - 1] = '\0';
	for (i = 0; want[i] != '\0'; i++)
		if (want[i] == '/')
			want[i] = '.';
	memset(dims, '[', 255);
	dims[255] = 'B';
	dims[256] = '\0';
	(void)lw_fake_jvmti_class(sig);
	(void)lw_fake_jvmti_class(dims);
	(void)lw_fake_jvmti_class("Lscn/Short;");
	ci = snap();
	ck_assert_int_eq(lw_classidx_name(ci, 1, &name), 0);
	ck_assert_str_eq(name, want);
	ck_assert_int_eq(lw_classidx_name(ci, 2, &name), 0);
	ck_assert_uint_eq(strlen(name), 4 + 2 * 255);
	ck_assert(strncmp(name, "byte[][]", 8) == 0);
	ck_assert_int_eq(lw_classidx_name(ci, 3, &name), 0);
	ck_assert_str_eq(name, "scn.Short");
	lw_classidx_free(ci);
	assert_clean();

	ci = snap();
	lw_test_failalloc(1);
	ck_assert_int_eq(lw_classidx_name(ci, 1, &name), LW_ERR_NOMEM);
	lw_test_failalloc(2);
	ck_assert_int_eq(lw_classidx_name(ci, 1, &name), LW_ERR_NOMEM);
	ck_assert_int_eq(lw_classidx_name(ci, 1, &name), 0);
	ck_assert_str_eq(name, want);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/* Thousands of names over several blocks: early pointers stay valid. */
START_TEST(test_classidx__names_many__pointers_stable)
{
	struct lw_classidx	*ci;
	static const char	*first[3000];
	const char		*name;
	char			 sig[128], want[128];
	uint32_t		 id;
	int			 i;

	for (i = 0; i < 3000; i++) {
		(void)snprintf(sig, sizeof(sig),
		    "Lcom/example/some/rather/long/pkg/Klass%04d;", i);
		ck_assert_int_eq(lw_fake_jvmti_class(sig), i);
	}
	ci = snap();
	for (id = 1; id <= 3000; id++)
		ck_assert_int_eq(lw_classidx_name(ci, id, &first[id - 1]), 0);
	for (i = 0; i < 3000; i++) {
		(void)snprintf(want, sizeof(want),
		    "com.example.some.rather.long.pkg.Klass%04d", i);
		ck_assert_str_eq(first[i], want);
		ck_assert_int_eq(lw_classidx_name(ci, (uint32_t)i + 1, &name),
		    0);
		ck_assert_ptr_eq(name, first[i]);
	}
	ck_assert_uint_eq(lw_classidx_find(ci,
	    "com.example.some.rather.long.pkg.Klass2999"), 3000);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 3000);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/* -- find --------------------------------------------------------------- */

/* Lazy: a lookup names the classes up to its match, and no further. */
START_TEST(test_classidx__find__lazy_in_order)
{
	struct lw_classidx	*ci;

	(void)lw_fake_jvmti_class("Lscn/A;");
	(void)lw_fake_jvmti_class("Lscn/B;");
	(void)lw_fake_jvmti_class("Lscn/C;");
	(void)lw_fake_jvmti_class("Lscn/D;");
	ci = snap();
	ck_assert_uint_eq(lw_classidx_find(ci, "scn.B"), 2);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 2);
	ck_assert_uint_eq(lw_classidx_find(ci, "scn.A"), 1);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 2);
	ck_assert_uint_eq(lw_classidx_find(ci, "scn.Missing"), 0);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 4);
	ck_assert_uint_eq(lw_classidx_find(ci, "scn.D"), 4);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 4);
	ck_assert_uint_eq(lw_classidx_find(ci, NULL), 0);
	ck_assert_uint_eq(lw_classidx_find(NULL, "scn.A"), 0);
	/* Source form only: the signature is no name. */
	ck_assert_uint_eq(lw_classidx_find(ci, "Lscn/A;"), 0);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/* One name in two loaders: the first in GetLoadedClasses order wins. */
START_TEST(test_classidx__find_duplicate__first_wins)
{
	struct lw_classidx	*ci;
	int			 a, b;

	(void)lw_fake_jvmti_class("Lscn/Other;");
	a = lw_fake_jvmti_class("Lscn/Dup;");
	b = lw_fake_jvmti_class("Lscn/Dup;");
	ci = snap();
	ck_assert_uint_eq(lw_classidx_find(ci, "scn.Dup"), 2);
	ck_assert_int_eq(lw_fake_jni_class_of(lw_classidx_class(ci, 2)), a);
	ck_assert_int_eq(lw_fake_jni_class_of(lw_classidx_class(ci, 3)), b);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/* -- tags --------------------------------------------------------------- */

START_TEST(test_classidx__tag__ids_then_cleared)
{
	struct lw_classidx	*ci;
	int			 c[3], i;

	c[0] = lw_fake_jvmti_class("Lscn/A;");
	c[1] = lw_fake_jvmti_class("Lscn/B;");
	c[2] = lw_fake_jvmti_class("Lscn/C;");
	lw_fake_jvmti_unload(c[1]);
	lw_fake_jvmti_set_class_tag(c[1], 77);
	ci = snap();
	ck_assert_int_eq(lw_classidx_tag(ci), 0);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[0]), 1);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[2]), 2);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[1]), 77);
	/* Tagging again sets nothing more. */
	ck_assert_int_eq(lw_classidx_tag(ci), 0);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_SETTAG), 2);
	ck_assert_int_eq(lw_classidx_untag(ci), 0);
	for (i = 0; i < 3; i += 2)
		ck_assert_int_eq(lw_fake_jvmti_class_tag(c[i]), 0);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[1]), 77);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_SETTAG), 4);
	/* Nothing tagged any more: nothing to clear. */
	ck_assert_int_eq(lw_classidx_untag(ci), 0);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_SETTAG), 4);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/* The census leaves its tags: free does not clear them. */
START_TEST(test_classidx__free__keeps_tags)
{
	struct lw_classidx	*ci;
	int			 a;

	a = lw_fake_jvmti_class("Lscn/A;");
	ci = snap();
	ck_assert_int_eq(lw_classidx_tag(ci), 0);
	lw_classidx_free(ci);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(a), 1);
	assert_clean();
}
END_TEST

/*
 * SetTag failing at the third class: the first two are tagged, and only
 * those two are cleared; the error is the caller's.
 */
START_TEST(test_classidx__tag_fails_midway__partial_then_cleared)
{
	struct lw_classidx	*ci;
	int			 c[4], i;

	for (i = 0; i < 4; i++)
		c[i] = lw_fake_jvmti_class(i % 2 ? "Lscn/Odd;" : "Lscn/Even;");
	ci = snap();
	lw_fake_jvmti_fail_at(LW_FAKE_SETTAG, 3, JVMTI_ERROR_INTERNAL);
	ck_assert_int_eq(lw_classidx_tag(ci), LW_ERR_JVMTI);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ERRORNAME), 1);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[0]), 1);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[1]), 2);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[2]), 0);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[3]), 0);
	ck_assert_int_eq(lw_classidx_untag(ci), 0);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_SETTAG), 5);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(lw_fake_jvmti_class_tag(c[i]), 0);
	lw_classidx_free(ci);

	/* The VM dying: LW_ERR_PHASE, not logged. */
	ci = snap();
	lw_fake_jvmti_fail(LW_FAKE_SETTAG, 1, JVMTI_ERROR_WRONG_PHASE);
	ck_assert_int_eq(lw_classidx_tag(ci), LW_ERR_PHASE);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ERRORNAME), 1);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/* Clearing goes on past a failure and reports the first one, once. */
START_TEST(test_classidx__untag_fails__rest_cleared)
{
	struct lw_classidx	*ci;
	int			 c[4], i;

	for (i = 0; i < 4; i++)
		c[i] = lw_fake_jvmti_class("Lscn/A;");
	ci = snap();
	ck_assert_int_eq(lw_classidx_tag(ci), 0);
	lw_fake_jvmti_fail(LW_FAKE_SETTAG, 2, JVMTI_ERROR_INTERNAL);
	ck_assert_int_eq(lw_classidx_untag(ci), LW_ERR_JVMTI);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ERRORNAME), 1);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[0]), 1);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[1]), 2);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[2]), 0);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(c[3]), 0);
	lw_classidx_free(ci);
	assert_clean();
}
END_TEST

/* -- the census, through the index ---------------------------------------- */

static const struct lw_histo_entry *
entry(const struct lw_histo *h, const char *name)
{
	size_t	i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->v[i].name, name) == 0)
			return (&h->v[i]);
	return (NULL);
}

/*
 * Objects counted per class by tag; a class with no objects is never
 * named; objects of a class the snapshot does not list (unloaded, with a
 * stale tag out of range) go under "(untagged)".
 */
START_TEST(test_classidx__census__counts_by_class)
{
	const struct lw_histo_entry	*e;
	struct lw_histo			 h;
	int				 a, b, gone;

	a = lw_fake_jvmti_class("Lscn/Leak;");
	(void)lw_fake_jvmti_class("Lscn/Idle;");
	b = lw_fake_jvmti_class("[B");
	gone = lw_fake_jvmti_class("Lscn/Gone;");
	ck_assert_int_eq(lw_fake_jvmti_objects(a, 16, 3), 0);
	ck_assert_int_eq(lw_fake_jvmti_objects(b, 24, 2), 0);
	ck_assert_int_eq(lw_fake_jvmti_objects(gone, 8, 5), 0);
	ck_assert_int_eq(lw_fake_jvmti_objects(a, 32, 1), 0);
	lw_fake_jvmti_unload(gone);
	lw_fake_jvmti_set_class_tag(gone, 1000);
	lw_histo_init(&h);
	ck_assert_int_eq(lw_heapwalk_census(jv, je, &h), 0);
	ck_assert_uint_eq(h.n, 3);
	ck_assert_ptr_nonnull(e = entry(&h, "scn.Leak"));
	ck_assert_uint_eq(e->count, 4);
	ck_assert_uint_eq(e->bytes, 80);
	ck_assert_ptr_nonnull(e = entry(&h, "byte[]"));
	ck_assert_uint_eq(e->count, 2);
	ck_assert_uint_eq(e->bytes, 48);
	ck_assert_ptr_nonnull(e = entry(&h, "(untagged)"));
	ck_assert_uint_eq(e->count, 5);
	ck_assert_uint_eq(e->bytes, 40);
	ck_assert_ptr_null(entry(&h, "scn.Idle"));
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_CLASSSIG), 2);
	/* The census leaves the class tags; the next one rewrites them. */
	ck_assert_int_eq(lw_fake_jvmti_class_tag(a), 1);
	ck_assert_int_eq(lw_fake_jvmti_class_tag(b), 3);
	lw_histo_free(&h);
	assert_clean();
}
END_TEST

/* Failures at each step: the error comes back, nothing is left over. */
START_TEST(test_classidx__census_fails__clean)
{
	struct lw_histo	h;
	int		a;

	a = lw_fake_jvmti_class("Lscn/Leak;");
	ck_assert_int_eq(lw_fake_jvmti_objects(a, 16, 3), 0);
	lw_histo_init(&h);

	lw_fake_jvmti_fail(LW_FAKE_LOADEDCLASSES, 1, JVMTI_ERROR_INTERNAL);
	ck_assert_int_eq(lw_heapwalk_census(jv, je, &h), LW_ERR_JVMTI);
	lw_fake_jvmti_fail(LW_FAKE_SETTAG, 1, JVMTI_ERROR_INTERNAL);
	ck_assert_int_eq(lw_heapwalk_census(jv, je, &h), LW_ERR_JVMTI);
	lw_fake_jvmti_fail(LW_FAKE_ITERATEHEAP, 1, JVMTI_ERROR_WRONG_PHASE);
	ck_assert_int_eq(lw_heapwalk_census(jv, je, &h), LW_ERR_PHASE);
	lw_fake_jvmti_fail(LW_FAKE_CLASSSIG, 1, JVMTI_ERROR_INTERNAL);
	ck_assert_int_eq(lw_heapwalk_census(jv, je, &h), LW_ERR_JVMTI);
	lw_test_failalloc(1);
	ck_assert_int_eq(lw_heapwalk_census(jv, je, &h), LW_ERR_NOMEM);
	ck_assert_uint_eq(h.n, 0);
	assert_clean();

	ck_assert_int_eq(lw_heapwalk_census(jv, je, &h), 0);
	ck_assert_uint_eq(h.n, 1);
	lw_histo_free(&h);
	assert_clean();
}
END_TEST

/* A signature jname rejects fails the census, as a bad histogram row does. */
START_TEST(test_classidx__census_malformed_name__einval)
{
	struct lw_histo	h;
	int		a;

	a = lw_fake_jvmti_class("L;");
	ck_assert_int_eq(lw_fake_jvmti_objects(a, 16, 1), 0);
	lw_histo_init(&h);
	ck_assert_int_eq(lw_heapwalk_census(jv, je, &h), LW_ERR_INVAL);
	lw_histo_free(&h);
	assert_clean();
}
END_TEST

Suite *
lw_classidx_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("classidx");

	tc = tcase_create("snapshot");
	tcase_add_checked_fixture(tc, classidx_setup, classidx_teardown);
	tcase_add_test(tc, test_classidx__snapshot__ids_in_load_order);
	tcase_add_test(tc, test_classidx__snapshot_empty__no_classes);
	tcase_add_loop_test(tc, test_classidx__snapshot_jvmti_error__nothing_left,
	    0, LW_NELEM(snap_errors));
	tcase_add_loop_test(tc, test_classidx__snapshot_nomem__refs_released,
	    0, 2);
	tcase_add_test(tc, test_classidx__snapshot_bad_args__einval);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_checked_fixture(tc, classidx_setup, classidx_teardown);
	tcase_add_loop_test(tc, test_classidx__name__source_form, 0,
	    LW_NELEM(name_cases));
	tcase_add_test(tc, test_classidx__name__asked_once);
	tcase_add_test(tc, test_classidx__name_bad_id__einval);
	tcase_add_test(tc, test_classidx__name_malformed__kept_failed);
	tcase_add_test(tc, test_classidx__name_jvmti_error__logged_once);
	tcase_add_test(tc, test_classidx__name_wrong_phase__quiet);
	tcase_add_test(tc, test_classidx__name_nomem__asked_again);
	tcase_add_test(tc, test_classidx__name_long__whole);
	tcase_add_test(tc, test_classidx__names_many__pointers_stable);
	suite_add_tcase(s, tc);

	tc = tcase_create("find");
	tcase_add_checked_fixture(tc, classidx_setup, classidx_teardown);
	tcase_add_test(tc, test_classidx__find__lazy_in_order);
	tcase_add_test(tc, test_classidx__find_duplicate__first_wins);
	suite_add_tcase(s, tc);

	tc = tcase_create("tags");
	tcase_add_checked_fixture(tc, classidx_setup, classidx_teardown);
	tcase_add_test(tc, test_classidx__tag__ids_then_cleared);
	tcase_add_test(tc, test_classidx__free__keeps_tags);
	tcase_add_test(tc,
	    test_classidx__tag_fails_midway__partial_then_cleared);
	tcase_add_test(tc, test_classidx__untag_fails__rest_cleared);
	suite_add_tcase(s, tc);

	tc = tcase_create("census");
	tcase_add_checked_fixture(tc, classidx_setup, classidx_teardown);
	tcase_add_test(tc, test_classidx__census__counts_by_class);
	tcase_add_test(tc, test_classidx__census_fails__clean);
	tcase_add_test(tc, test_classidx__census_malformed_name__einval);
	suite_add_tcase(s, tc);

	return (s);
}
