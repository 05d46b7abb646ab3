/*
 * leakwatch - check_dump.c
 *
 * Dump policy (when) and the file handling (where, how safely), against a
 * real temporary directory and a fake writer standing in for the JVM.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "dump.h"
#include "lw.h"
#include "opts.h"
#include "lwtest.h"

static char	dir[256];

static void
dump_setup(void)
{
	strlcpy(dir, "/tmp/lw-check-dump.XXXXXX", sizeof(dir));
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* Remove what a test left (one level deep is all the dumper makes). */
static void
dump_teardown(void)
{
	char		 p[600];
	DIR		*d;
	struct dirent	*e;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (unlink(p) != 0)
			(void)rmdir(p);
	}
	closedir(d);
	(void)rmdir(dir);
}

/* How many entries dir holds. */
static int
dump_entries(void)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return (n);
}

struct fake {
	int	rc;		/* what the writer returns */
	int	partial;	/* write some bytes even when failing */
	int	calls;
	char	path[1200];
};

/* Stands in for HotSpotDiagnosticMXBean.dumpHeap. */
static int
fake_writer(void *arg, const char *path, char *err, size_t errlen)
{
	struct fake	*f = arg;
	int		 fd;

	f->calls++;
	strlcpy(f->path, path, sizeof(f->path));
	if (f->rc != 0 && !f->partial) {
		strlcpy(err, "fake failure", errlen);
		return (f->rc);
	}
	/* Like the JVM: O_EXCL, mode from the umask. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, "JAVA PROFILE 1.0.2", 19), 19);
	close(fd);
	if (f->rc != 0)
		strlcpy(err, "fake failure after writing", errlen);
	return (f->rc);
}

static struct lw_opts
dump_opts(void)
{
	struct lw_opts	o;

	lw_opts_defaults(&o);
	o.threshold = 80;
	o.lead_ms = 300000;
	o.maxdumps = 1;
	o.dumpinterval_ms = 600000;
	return (o);
}

START_TEST(test_dump__below_threshold__none)
{
	struct lw_opts		o = dump_opts();
	struct lw_dump_state	st = { 0, 0, 0 };
	int			capped;

	ck_assert_int_eq(lw_dump_due(&o, &st, 1000, 79.9, -1, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(capped, 0);
}
END_TEST

START_TEST(test_dump__threshold_reached__threshold)
{
	struct lw_opts		o = dump_opts();
	struct lw_dump_state	st = { 0, 0, 0 };
	int			capped;

	ck_assert_int_eq(lw_dump_due(&o, &st, 1000, 80.0, -1, &capped),
	    LW_DUMP_THRESHOLD);
}
END_TEST

START_TEST(test_dump__lead_needs_half_heap__none_then_lead)
{
	struct lw_opts		o = dump_opts();
	struct lw_dump_state	st = { 0, 0, 0 };
	int			capped;

	/* OOM 60 s away but the floor is low: a warming cache, not yet. */
	ck_assert_int_eq(lw_dump_due(&o, &st, 1000, 30.0, 60, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(lw_dump_due(&o, &st, 1000, 55.0, 60, &capped),
	    LW_DUMP_LEAD);
	/* Beyond the lead time: no. */
	ck_assert_int_eq(lw_dump_due(&o, &st, 1000, 55.0, 301, &capped),
	    LW_DUMP_NONE);
	/* lead=0 turns the prediction trigger off. */
	o.lead_ms = 0;
	ck_assert_int_eq(lw_dump_due(&o, &st, 1000, 55.0, 1, &capped),
	    LW_DUMP_NONE);
}
END_TEST

START_TEST(test_dump__maxdumps_reached__capped)
{
	struct lw_opts		o = dump_opts();
	struct lw_dump_state	st = { 1, 1000, 1 };
	int			capped;

	ck_assert_int_eq(lw_dump_due(&o, &st, 10000000, 95.0, 1, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(capped, 1);
	o.maxdumps = 0;
	st.ndumps = 0;
	st.attempted = 0;
	ck_assert_int_eq(lw_dump_due(&o, &st, 1000, 95.0, 1, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(capped, 1);
}
END_TEST

START_TEST(test_dump__interval_not_passed__capped_then_due)
{
	struct lw_opts		o = dump_opts();
	struct lw_dump_state	st = { 0, 1000, 1 };	/* failed attempt */
	int			capped;

	ck_assert_int_eq(lw_dump_due(&o, &st, 1000 + 599999, 95.0, -1,
	    &capped), LW_DUMP_NONE);
	ck_assert_int_eq(capped, 1);
	ck_assert_int_eq(lw_dump_due(&o, &st, 1000 + 600000, 95.0, -1,
	    &capped), LW_DUMP_THRESHOLD);
}
END_TEST

START_TEST(test_dump__name__pid_and_utc)
{
	char	buf[96];

	ck_assert_int_eq(lw_dump_name(buf, sizeof(buf), 4242, 1795651200, 0),
	    0);
	ck_assert_str_eq(buf, "leakwatch-4242-20261126T000000Z.hprof");
	ck_assert_int_eq(lw_dump_name(buf, sizeof(buf), 4242, 1795651200, 3),
	    0);
	ck_assert_str_eq(buf, "leakwatch-4242-20261126T000000Z-3.hprof");
	ck_assert_int_eq(lw_dump_name(buf, 10, 4242, 1795651200, 0),
	    LW_ERR_RANGE);
}
END_TEST

START_TEST(test_dump__write__final_name_0600_no_tmp_left)
{
	struct lw_dump_result	res;
	struct fake		f = { 0, 0, 0, "" };
	struct stat		sb;
	char			err[256];

	ck_assert_int_eq(lw_dump_write(dir, 4242, 1795651200, 100, 0,
	    fake_writer, &f, &res, err, sizeof(err)), 0);
	ck_assert_int_eq(f.calls, 1);
	/* The JVM wrote inside a private directory, not under dir. */
	ck_assert_ptr_nonnull(strstr(f.path, "/.leakwatch-tmp-"));
	ck_assert_ptr_nonnull(strstr(res.path,
	    "/leakwatch-4242-20261126T000000Z.hprof"));
	ck_assert_int_eq(lstat(res.path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 07777, 0600);
	ck_assert_uint_eq(res.bytes, 19);
	ck_assert_uint_eq((uint64_t)sb.st_size, res.bytes);
	ck_assert_int_eq(dump_entries(), 1);
}
END_TEST

START_TEST(test_dump__final_name_taken__next_name_never_overwrite)
{
	struct lw_dump_result	res;
	struct fake		f = { 0, 0, 0, "" };
	struct stat		sb;
	char			err[256], taken[600];
	int			fd;

	snprintf(taken, sizeof(taken), "%s/leakwatch-4242-20261126T000000Z"
	    ".hprof", dir);
	ck_assert_int_ne(fd = open(taken, O_WRONLY | O_CREAT, 0644), -1);
	ck_assert_int_eq(write(fd, "mine", 4), 4);
	close(fd);
	ck_assert_int_eq(lw_dump_write(dir, 4242, 1795651200, 100, 0,
	    fake_writer, &f, &res, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(res.path, "T000000Z-1.hprof"));
	ck_assert_int_eq(stat(taken, &sb), 0);
	ck_assert_int_eq(sb.st_size, 4);	/* untouched */
	ck_assert_int_eq(dump_entries(), 2);
}
END_TEST

START_TEST(test_dump__final_name_is_symlink__not_followed)
{
	struct lw_dump_result	res;
	struct fake		f = { 0, 0, 0, "" };
	struct stat		sb;
	char			err[256], link[600], target[600];

	snprintf(link, sizeof(link), "%s/leakwatch-4242-20261126T000000Z"
	    ".hprof", dir);
	snprintf(target, sizeof(target), "%s/target", dir);
	ck_assert_int_eq(symlink(target, link), 0);
	ck_assert_int_eq(lw_dump_write(dir, 4242, 1795651200, 100, 0,
	    fake_writer, &f, &res, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(res.path, "T000000Z-1.hprof"));
	/* The link is still a dangling link: nothing went through it. */
	ck_assert_int_eq(lstat(link, &sb), 0);
	ck_assert(S_ISLNK(sb.st_mode));
	ck_assert_int_eq(stat(target, &sb), -1);
}
END_TEST

START_TEST(test_dump__writer_fails__nothing_left)
{
	struct lw_dump_result	res;
	struct fake		f = { LW_ERR_JNI, 1, 0, "" };
	char			err[256];

	ck_assert_int_eq(lw_dump_write(dir, 4242, 1795651200, 100, 0,
	    fake_writer, &f, &res, err, sizeof(err)), LW_ERR_JNI);
	ck_assert_str_eq(err, "fake failure after writing");
	ck_assert_str_eq(res.path, "");
	ck_assert_int_eq(dump_entries(), 0);
}
END_TEST

START_TEST(test_dump__not_enough_space__enospace_writer_not_called)
{
	struct lw_dump_result	res;
	struct fake		f = { 0, 0, 0, "" };
	char			err[256];

	ck_assert_int_eq(lw_dump_write(dir, 1, 0, UINT64_MAX / 4,
	    UINT64_MAX / 4, fake_writer, &f, &res, err, sizeof(err)),
	    LW_ERR_NOSPACE);
	ck_assert_int_eq(f.calls, 0);
	ck_assert_ptr_nonnull(strstr(err, "bytes free in"));
	ck_assert_int_eq(dump_entries(), 0);
}
END_TEST

START_TEST(test_dump__missing_dir__eio)
{
	struct lw_dump_result	res;
	struct fake		f = { 0, 0, 0, "" };
	char			err[256], missing[600];

	snprintf(missing, sizeof(missing), "%s/no/such/dir", dir);
	ck_assert_int_eq(lw_dump_write(missing, 1, 0, 1, 0, fake_writer, &f,
	    &res, err, sizeof(err)), LW_ERR_IO);
	ck_assert_int_eq(f.calls, 0);
}
END_TEST

START_TEST(test_dump__reason_names__stable)
{
	ck_assert_str_eq(lw_dump_reason_name(LW_DUMP_THRESHOLD), "threshold");
	ck_assert_str_eq(lw_dump_reason_name(LW_DUMP_LEAD), "lead");
	ck_assert_str_eq(lw_dump_reason_name(LW_DUMP_NONE), "none");
}
END_TEST

Suite *
lw_dump_suite(void)
{
	Suite	*s = suite_create("dump");
	TCase	*tc;

	tc = tcase_create("policy");
	tcase_add_test(tc, test_dump__below_threshold__none);
	tcase_add_test(tc, test_dump__threshold_reached__threshold);
	tcase_add_test(tc, test_dump__lead_needs_half_heap__none_then_lead);
	tcase_add_test(tc, test_dump__maxdumps_reached__capped);
	tcase_add_test(tc, test_dump__interval_not_passed__capped_then_due);
	tcase_add_test(tc, test_dump__name__pid_and_utc);
	tcase_add_test(tc, test_dump__reason_names__stable);
	suite_add_tcase(s, tc);

	tc = tcase_create("write");
	tcase_add_checked_fixture(tc, dump_setup, dump_teardown);
	tcase_add_test(tc, test_dump__write__final_name_0600_no_tmp_left);
	tcase_add_test(tc,
	    test_dump__final_name_taken__next_name_never_overwrite);
	tcase_add_test(tc, test_dump__final_name_is_symlink__not_followed);
	tcase_add_test(tc, test_dump__writer_fails__nothing_left);
	tcase_add_test(tc,
	    test_dump__not_enough_space__enospace_writer_not_called);
	tcase_add_test(tc, test_dump__missing_dir__eio);
	suite_add_tcase(s, tc);
	return (s);
}
