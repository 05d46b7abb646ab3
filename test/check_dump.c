/*
 * leakwatch - check_dump.c
 *
 * Dump policy (when) and the file handling (where, how safely), against a
 * real temporary directory and a fake writer standing in for the JVM.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
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

static int
dump_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		(void)rmdir(path);
	else
		(void)unlink(path);
	return (0);
}

/* Remove what a test left, depth first, following no symlink. */
static void
dump_teardown(void)
{
	(void)nftw(dir, dump_rm, 16, FTW_DEPTH | FTW_PHYS);
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
	int	extra;		/* also leave "<path>.p0" (a segment file) */
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
	if (f->extra) {
		char	seg[1300];

		snprintf(seg, sizeof(seg), "%s.p0", path);
		fd = open(seg, O_WRONLY | O_CREAT | O_EXCL, 0644);
		ck_assert_int_ne(fd, -1);
		close(fd);
	}
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
	struct lw_dump_state	st = { 0, 0, 0, 0 };
	int			capped;

	ck_assert_int_eq(lw_dump_due(&o, &st, 1000, 79.9, -1, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(capped, 0);
}
END_TEST

START_TEST(test_dump__threshold_reached__threshold)
{
	struct lw_opts		o = dump_opts();
	struct lw_dump_state	st = { 0, 0, 0, 0 };
	int			capped;

	ck_assert_int_eq(lw_dump_due(&o, &st, 1000, 80.0, -1, &capped),
	    LW_DUMP_THRESHOLD);
}
END_TEST

START_TEST(test_dump__lead_needs_half_heap__none_then_lead)
{
	struct lw_opts		o = dump_opts();
	struct lw_dump_state	st = { 0, 0, 0, 0 };
	int			capped;

	/* OOM 60 s away but the floor is low: a warming cache, not yet. */
	ck_assert_int_eq(lw_dump_due(&o, &st, 1000, 30.0, 60, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(lw_dump_due(&o, &st, 1000, 55.0, 60, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(lw_dump_due(&o, &st, 1000 + LW_DUMP_LEAD_CONFIRM_MS,
	    55.0, 60, &capped), LW_DUMP_LEAD);
	/* Beyond the lead time: no. */
	ck_assert_int_eq(lw_dump_due(&o, &st, 12000, 55.0, 301, &capped),
	    LW_DUMP_NONE);
	/* lead=0 turns the prediction trigger off. */
	o.lead_ms = 0;
	ck_assert_int_eq(lw_dump_due(&o, &st, 13000, 55.0, 1, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(lw_dump_due(&o, &st, 99000, 55.0, 1, &capped),
	    LW_DUMP_NONE);
}
END_TEST

START_TEST(test_dump__lead_must_hold__interrupted_restarts)
{
	struct lw_opts		o = dump_opts();
	struct lw_dump_state	st = { 0, 0, 0, 0 };
	int			capped;

	/* A warm-up: under `lead` for 9 s, then growth stops. */
	ck_assert_int_eq(lw_dump_due(&o, &st, 5000, 60.0, 40, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(lw_dump_due(&o, &st, 14000, 62.0, 35, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(lw_dump_due(&o, &st, 15000, 62.0, -1, &capped),
	    LW_DUMP_NONE);
	/* The clock starts again: 10 s from 20 s, not from 5 s. */
	ck_assert_int_eq(lw_dump_due(&o, &st, 20000, 63.0, 50, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(lw_dump_due(&o, &st, 29999, 65.0, 45, &capped),
	    LW_DUMP_NONE);
	ck_assert_int_eq(lw_dump_due(&o, &st, 30000, 66.0, 44, &capped),
	    LW_DUMP_LEAD);
	ck_assert_int_eq(capped, 0);
	/* The threshold needs no confirmation here (worker_over has its own). */
	st.lead_since_ms = 0;
	ck_assert_int_eq(lw_dump_due(&o, &st, 31000, 80.0, 44, &capped),
	    LW_DUMP_THRESHOLD);
}
END_TEST

START_TEST(test_dump__maxdumps_reached__capped)
{
	struct lw_opts		o = dump_opts();
	struct lw_dump_state	st = { 1, 1000, 1, 0 };
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
	struct lw_dump_state	st = { 0, 1000, 1, 0 };	/* failed attempt */
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
	struct fake		f = { 0, 0, 0, "", 0 };
	struct stat		sb;
	char			err[256];

	ck_assert_int_eq(lw_dump_write(dir, 4242, 1795651200, 100, 0,
	    fake_writer, &f, &res, err, sizeof(err)), 0);
	ck_assert_int_eq(f.calls, 1);
	/* The JVM wrote inside a private directory, not under dir. */
	ck_assert_ptr_nonnull(strstr(f.path, "/.leakwatch-tmp-4242-"));
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
	struct fake		f = { 0, 0, 0, "", 0 };
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
	struct fake		f = { 0, 0, 0, "", 0 };
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
	struct fake		f = { LW_ERR_JNI, 1, 0, "", 0 };
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
	struct fake		f = { 0, 0, 0, "", 0 };
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
	struct fake		f = { 0, 0, 0, "", 0 };
	char			err[256], missing[600];

	snprintf(missing, sizeof(missing), "%s/no/such/dir", dir);
	ck_assert_int_eq(lw_dump_write(missing, 1, 0, 1, 0, fake_writer, &f,
	    &res, err, sizeof(err)), LW_ERR_IO);
	ck_assert_int_eq(f.calls, 0);
}
END_TEST

/* Make dir/name (a directory) holding a regular file "f.hprof". */
static void
dump_mkstale(const char *name)
{
	char	p[600];
	int	fd;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/%s/f.hprof", dir, name);
	ck_assert_int_ne(fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600), -1);
	ck_assert_int_eq(write(fd, "JAVA", 4), 4);
	close(fd);
}

/* Does dir/rel exist (not following a final symlink)? */
static int
dump_exists(const char *rel)
{
	struct stat	sb;
	char		p[1024];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return (lstat(p, &sb) == 0);
}

/* A pid that was a process and is no longer: a reaped child's. */
static pid_t
dump_dead_pid(void)
{
	pid_t	pid;
	int	st;

	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return (pid);
}

static const struct {
	const char	*name;
	pid_t		 pid;		/* 0: must not match */
} tmpnames[] = {
	{ ".leakwatch-tmp-4242-AbZ09z", 4242 },
	{ ".leakwatch-tmp-1-aaaaaa", 1 },
	{ ".leakwatch-tmp-2147483647-ZZZZZZ", INT_MAX },
	{ ".leakwatch-tmp-2147483648-ZZZZZZ", 0 },	/* over INT_MAX */
	{ ".leakwatch-tmp-99999999999999999999-ZZZZZZ", 0 },
	{ ".leakwatch-tmp-AbZ09z", 0 },		/* the old name, no pid */
	{ ".leakwatch-tmp-0-AbZ09z", 0 },
	{ ".leakwatch-tmp-042-AbZ09z", 0 },	/* leading zero */
	{ ".leakwatch-tmp--42-AbZ09z", 0 },
	{ ".leakwatch-tmp-+42-AbZ09z", 0 },
	{ ".leakwatch-tmp-42-AbZ09", 0 },		/* five */
	{ ".leakwatch-tmp-42-AbZ09zz", 0 },	/* seven */
	{ ".leakwatch-tmp-42-AbZ.9z", 0 },
	{ ".leakwatch-tmp-42-AbZ/9z", 0 },
	{ ".leakwatch-tmp-42AbZ09z", 0 },
	{ ".leakwatch-tmp-42", 0 },
	{ ".leakwatch-tmp-", 0 },
	{ "leakwatch-tmp-42-AbZ09z", 0 },
	{ "x.leakwatch-tmp-42-AbZ09z", 0 },
	{ ".LEAKWATCH-tmp-42-AbZ09z", 0 },
	{ "", 0 },
};

START_TEST(test_dump__tmpdir_pid__exact_pattern_only)
{
	pid_t	pid = -7;
	int	rc;

	rc = lw_dump_tmpdir_pid(tmpnames[_i].name, &pid);
	if (tmpnames[_i].pid == 0) {
		ck_assert_msg(rc == LW_ERR_INVAL, "%s matched",
		    tmpnames[_i].name);
		ck_assert_int_eq(pid, -7);
	} else {
		ck_assert_msg(rc == 0, "%s did not match", tmpnames[_i].name);
		ck_assert_int_eq(pid, tmpnames[_i].pid);
	}
}
END_TEST

START_TEST(test_dump__clean__dead_pid_removed_live_kept)
{
	char	dead[64], live[64];
	int	left;

	snprintf(dead, sizeof(dead), ".leakwatch-tmp-%ld-dead00",
	    (long)dump_dead_pid());
	snprintf(live, sizeof(live), ".leakwatch-tmp-%ld-live00",
	    (long)getppid());
	dump_mkstale(dead);
	dump_mkstale(live);
	dump_mkstale(".leakwatch-tmp-olddir");	/* no pid: not ours to judge */
	ck_assert_int_eq(lw_dump_clean(dir, getpid(), time(NULL), &left), 1);
	ck_assert_int_eq(left, 0);
	ck_assert(!dump_exists(dead));
	ck_assert(dump_exists(live));
	ck_assert(dump_exists(".leakwatch-tmp-olddir/f.hprof"));
	ck_assert_int_eq(dump_entries(), 2);
}
END_TEST

START_TEST(test_dump__clean__own_pid__removed_once_quiet)
{
	char	mine[64];
	int	left;

	snprintf(mine, sizeof(mine), ".leakwatch-tmp-%ld-mine00",
	    (long)getpid());
	dump_mkstale(mine);
	/* Just written: maybe another container's dump in progress. */
	ck_assert_int_eq(lw_dump_clean(dir, getpid(), time(NULL), &left), 0);
	ck_assert_int_eq(left, 1);
	ck_assert(dump_exists(mine));
	/* Two minutes later nothing has changed: stale. */
	ck_assert_int_eq(lw_dump_clean(dir, getpid(), time(NULL) + 120,
	    &left), 1);
	ck_assert_int_eq(left, 0);
	ck_assert_int_eq(dump_entries(), 0);
}
END_TEST

START_TEST(test_dump__clean__symlinks_not_followed)
{
	char	a[64], b[64], r[128], p[600], q[600];
	pid_t	pid;
	int	left;

	pid = dump_dead_pid();
	/* Outside the stale directories: a file and a directory. */
	dump_mkstale("outside");
	/* A stale directory holding a symlink to outside/f.hprof. */
	snprintf(a, sizeof(a), ".leakwatch-tmp-%ld-link00", (long)pid);
	dump_mkstale(a);
	snprintf(p, sizeof(p), "%s/%s/l.hprof", dir, a);
	snprintf(q, sizeof(q), "%s/outside/f.hprof", dir);
	ck_assert_int_eq(symlink(q, p), 0);
	/* A stale name that is itself a symlink to outside/. */
	snprintf(b, sizeof(b), ".leakwatch-tmp-%ld-syml00", (long)pid);
	snprintf(p, sizeof(p), "%s/%s", dir, b);
	snprintf(q, sizeof(q), "%s/outside", dir);
	ck_assert_int_eq(symlink(q, p), 0);

	ck_assert_int_eq(lw_dump_clean(dir, getpid(), time(NULL), &left), 0);
	ck_assert_int_eq(left, 2);
	/* The regular file went, the symlink and so the directory stay. */
	snprintf(r, sizeof(r), "%s/f.hprof", a);
	ck_assert(!dump_exists(r));
	snprintf(r, sizeof(r), "%s/l.hprof", a);
	ck_assert(dump_exists(r));
	ck_assert(dump_exists(b));
	ck_assert(dump_exists("outside/f.hprof"));
}
END_TEST

START_TEST(test_dump__clean__missing_dir__eio)
{
	char	missing[600];
	int	left;

	snprintf(missing, sizeof(missing), "%s/no/such/dir", dir);
	ck_assert_int_eq(lw_dump_clean(missing, getpid(), time(NULL), &left),
	    LW_ERR_IO);
}
END_TEST

START_TEST(test_dump__write__stale_tmpdir_of_dead_pid_removed)
{
	struct lw_dump_result	res;
	struct fake		f = { 0, 0, 0, "", 0 };
	char			err[256], stale[64];

	snprintf(stale, sizeof(stale), ".leakwatch-tmp-%ld-dead00",
	    (long)dump_dead_pid());
	dump_mkstale(stale);
	ck_assert_int_eq(lw_dump_write(dir, 4242, 1795651200, 100, 0,
	    fake_writer, &f, &res, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(f.path, "/.leakwatch-tmp-4242-"));
	ck_assert(!dump_exists(stale));
	ck_assert_int_eq(dump_entries(), 1);
}
END_TEST

START_TEST(test_dump__writer_fails_with_segments__nothing_left)
{
	struct lw_dump_result	res;
	struct fake		f = { LW_ERR_JNI, 1, 0, "", 1 };
	char			err[256];

	ck_assert_int_eq(lw_dump_write(dir, 4242, 1795651200, 100, 0,
	    fake_writer, &f, &res, err, sizeof(err)), LW_ERR_JNI);
	ck_assert_int_eq(dump_entries(), 0);
}
END_TEST

START_TEST(test_dump__write_with_segments__no_tmp_left)
{
	struct lw_dump_result	res;
	struct fake		f = { 0, 0, 0, "", 1 };
	char			err[256];

	ck_assert_int_eq(lw_dump_write(dir, 4242, 1795651200, 100, 0,
	    fake_writer, &f, &res, err, sizeof(err)), 0);
	ck_assert_int_eq(dump_entries(), 1);	/* the dump only */
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
	tcase_add_test(tc, test_dump__lead_must_hold__interrupted_restarts);
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
	tcase_add_test(tc, test_dump__write__stale_tmpdir_of_dead_pid_removed);
	tcase_add_test(tc, test_dump__writer_fails_with_segments__nothing_left);
	tcase_add_test(tc, test_dump__write_with_segments__no_tmp_left);
	suite_add_tcase(s, tc);

	tc = tcase_create("clean");
	tcase_add_loop_test(tc, test_dump__tmpdir_pid__exact_pattern_only, 0,
	    (int)LW_NELEM(tmpnames));
	tcase_add_checked_fixture(tc, dump_setup, dump_teardown);
	tcase_add_test(tc, test_dump__clean__dead_pid_removed_live_kept);
	tcase_add_test(tc, test_dump__clean__own_pid__removed_once_quiet);
	tcase_add_test(tc, test_dump__clean__symlinks_not_followed);
	tcase_add_test(tc, test_dump__clean__missing_dir__eio);
	suite_add_tcase(s, tc);
	return (s);
}
