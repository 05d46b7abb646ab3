/*
 * leakwatch - check_log.c
 *
 * The log sink (agent/log.c) against a real file in a temporary
 * directory: a log renamed (logrotate) or removed under the agent is
 * opened again at its path, and when that cannot be done the old file is
 * kept with one WARN.  lw_log_reopen runs the check the writers run once
 * a second, so no test waits for the clock.  The rate limiter takes its
 * time as an argument (lw_log_limited_at), so its tests pass it in.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "log.h"
#include "lw.h"
#include "opts.h"
#include "lwtest.h"

static char	ldir[256];
static char	lpath[512];	/* the configured log= path */
static char	lold[512];	/* where a test moves it */

static void
log_setup(void)
{
	strlcpy(ldir, "/tmp/lw-check-log.XXXXXX", sizeof(ldir));
	ck_assert_ptr_nonnull(mkdtemp(ldir));
	snprintf(lpath, sizeof(lpath), "%s/lw.log", ldir);
	snprintf(lold, sizeof(lold), "%s/lw.log.1", ldir);
	ck_assert_int_eq(lw_log_open(lpath, LW_LEVEL_INFO), 0);
}

/* Back to stderr (CK_FORK=no runs every suite in one process). */
static void
log_teardown(void)
{
	(void)lw_log_open(NULL, LW_LEVEL_INFO);
	(void)unlink(lpath);
	(void)unlink(lold);
	(void)rmdir(ldir);
}

/* The whole of a small file, NUL-terminated; "" when it is missing. */
static const char *
log_slurp(const char *path)
{
	static char	buf[65536];
	ssize_t		n;
	int		fd;

	buf[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (buf);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return (buf);
}

/* How often `needle` occurs in the file at path. */
static int
log_count(const char *path, const char *needle)
{
	const char	*p = log_slurp(path);
	int		 n = 0;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return (n);
}

/* The descriptor this process has open on path, or -1. */
static int
log_fd_of(const char *path)
{
	char	link[64], target[600];
	ssize_t	n;
	int	fd;

	for (fd = 0; fd < 1024; fd++) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		if ((n = readlink(link, target, sizeof(target) - 1)) <= 0)
			continue;
		target[n] = '\0';
		if (strcmp(target, path) == 0)
			return (fd);
	}
	return (-1);
}

START_TEST(test_log__unchanged__not_reopened)
{
	lw_log_record("TEST", "one");
	ck_assert_int_eq(lw_log_reopen(), 0);
	lw_log_record("TEST", "two");
	ck_assert_int_eq(log_count(lpath, " TEST "), 2);
	ck_assert_int_eq(log_count(lpath, "reopened"), 0);
}
END_TEST

START_TEST(test_log__renamed__new_file_at_path)
{
	struct stat	sb;
	const char	*s;
	int		fd;

	lw_log_record("TEST", "before");
	ck_assert_int_eq(rename(lpath, lold), 0);
	ck_assert_int_eq(lw_log_reopen(), 1);
	lw_log_record("TEST", "after");
	/* The new file starts with the INFO record, then the later ones. */
	s = log_slurp(lpath);
	ck_assert_ptr_nonnull(strstr(s, " INFO log file "));
	ck_assert_ptr_nonnull(strstr(s, " was moved or removed; reopened\n"));
	ck_assert_ptr_nonnull(strstr(s, " TEST after\n"));
	ck_assert_ptr_null(strstr(s, "before"));
	ck_assert(strstr(s, "reopened") < strstr(s, "TEST after"));
	s = log_slurp(lold);
	ck_assert_ptr_nonnull(strstr(s, " TEST before\n"));
	ck_assert_ptr_null(strstr(s, "after"));
	/* Made like the first: mode 0600, and still close-on-exec. */
	ck_assert_int_eq(stat(lpath, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 07777, 0600);
	ck_assert_int_ne(fd = log_fd_of(lpath), -1);
	ck_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	ck_assert_int_eq(log_fd_of(lold), -1);	/* the old one is closed */
	ck_assert_int_eq(lw_log_reopen(), 0);	/* and only once */
	ck_assert_str_eq(lw_log_target(), lpath);
}
END_TEST

START_TEST(test_log__removed__recreated)
{
	lw_log_record("TEST", "before");
	ck_assert_int_eq(unlink(lpath), 0);
	ck_assert_int_eq(lw_log_reopen(), 1);
	lw_log_record("TEST", "after");
	ck_assert_int_eq(log_count(lpath, "reopened"), 1);
	ck_assert_int_eq(log_count(lpath, " TEST after\n"), 1);
	ck_assert_int_eq(log_count(lpath, "before"), 0);
}
END_TEST

START_TEST(test_log__reopen_fails__old_file_one_warn)
{
	lw_log_record("TEST", "before");
	ck_assert_int_eq(rename(lpath, lold), 0);
	/* O_NOFOLLOW refuses a symlink at the path, even for root. */
	ck_assert_int_eq(symlink("nowhere", lpath), 0);
	ck_assert_int_eq(lw_log_reopen(), LW_ERR_IO);
	lw_log_record("TEST", "after");
	ck_assert_int_eq(lw_log_reopen(), LW_ERR_IO);
	lw_log_record("TEST", "later");
	ck_assert_int_eq(log_count(lold, " WARN log file "), 1);
	ck_assert_int_eq(log_count(lold, "cannot be opened again"), 1);
	ck_assert_int_eq(log_count(lold, " TEST "), 3);
	ck_assert_int_eq(access(lpath, F_OK), -1);	/* nothing followed */
	/* Once the path is free again, the reopen succeeds. */
	ck_assert_int_eq(unlink(lpath), 0);
	ck_assert_int_eq(lw_log_reopen(), 1);
	lw_log_record("TEST", "last");
	ck_assert_int_eq(log_count(lpath, " TEST last\n"), 1);
}
END_TEST

START_TEST(test_log__quiet_level__reopened_without_info)
{
	ck_assert_int_eq(lw_log_open(lpath, LW_LEVEL_WARN), 0);
	ck_assert_int_eq(rename(lpath, lold), 0);
	ck_assert_int_eq(lw_log_reopen(), 1);
	lw_log_record("TEST", "after");
	ck_assert_int_eq(log_count(lpath, " INFO "), 0);
	ck_assert_int_eq(log_count(lpath, " TEST after\n"), 1);
}
END_TEST

START_TEST(test_log__stderr__nothing_to_reopen)
{
	ck_assert_int_eq(lw_log_open(NULL, LW_LEVEL_INFO), 0);
	ck_assert_str_eq(lw_log_target(), "stderr");
	ck_assert_int_eq(log_fd_of(lpath), -1);	/* the file was closed */
	ck_assert_int_eq(unlink(lpath), 0);
	ck_assert_int_eq(lw_log_reopen(), 0);
	ck_assert_int_eq(access(lpath, F_OK), -1);
}
END_TEST

START_TEST(test_log__open_fails__stays_put)
{
	char	bad[600];

	snprintf(bad, sizeof(bad), "%s/lw.log/under-a-file", ldir);
	ck_assert_int_eq(lw_log_open(bad, LW_LEVEL_INFO), LW_ERR_IO);
	ck_assert_str_eq(lw_log_target(), lpath);
	lw_log_record("TEST", "still here");
	ck_assert_int_eq(log_count(lpath, " TEST still here\n"), 1);
}
END_TEST

START_TEST(test_log__ratelimit__counts_and_releases)
{
	struct lw_ratelimit	rl = LW_RATELIMIT_INIT(1000);

	ck_assert_int_eq(lw_log_ratelimit(&rl, 5000), 0);
	ck_assert_int_eq(lw_log_ratelimit(&rl, 5000), -1);
	ck_assert_int_eq(lw_log_ratelimit(&rl, 5999), -1);
	/* A period after the last written: goes, with the count. */
	ck_assert_int_eq(lw_log_ratelimit(&rl, 6000), 2);
	ck_assert_int_eq(lw_log_ratelimit(&rl, 6500), -1);
	ck_assert_int_eq(lw_log_ratelimit(&rl, 7000), 1);
	/* Nothing dropped in between: no count. */
	ck_assert_int_eq(lw_log_ratelimit(&rl, 9000), 0);
}
END_TEST

START_TEST(test_log__ratelimit_first_at_zero__written)
{
	struct lw_ratelimit	rl = LW_RATELIMIT_INIT(1000);

	/* A clock that starts at 0 must not look like "just written". */
	ck_assert_int_eq(lw_log_ratelimit(&rl, 0), 0);
	ck_assert_int_eq(lw_log_ratelimit(&rl, 999), -1);
	ck_assert_int_eq(lw_log_ratelimit(&rl, 1000), 1);
}
END_TEST

START_TEST(test_log__ratelimit_once__until_reset)
{
	struct lw_ratelimit	rl = LW_RATELIMIT_INIT(LW_LOG_ONCE);

	ck_assert_int_eq(lw_log_ratelimit(&rl, 10), 0);
	ck_assert_int_eq(lw_log_ratelimit(&rl, 10), -1);
	ck_assert_int_eq(lw_log_ratelimit(&rl, UINT64_MAX / 2), -1);
	lw_log_limit_reset(&rl);
	/* Reset forgets the count: the condition is a new one. */
	ck_assert_int_eq(lw_log_ratelimit(&rl, 20), 0);
	ck_assert_int_eq(lw_log_ratelimit(&rl, 30), -1);
}
END_TEST

START_TEST(test_log__limited__suppressed_count_in_line)
{
	struct lw_ratelimit	rl = LW_RATELIMIT_INIT(60000);
	int			i;

	ck_assert_int_eq(lw_log_limited_at(&rl, 1000, LW_LEVEL_WARN,
	    "disk %s full", "A"), 1);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(lw_log_limited_at(&rl, 2000 + i,
		    LW_LEVEL_WARN, "disk %s full", "B"), 0);
	ck_assert_int_eq(lw_log_limited_at(&rl, 61000, LW_LEVEL_WARN,
	    "disk %s full", "C"), 1);
	ck_assert_int_eq(lw_log_limited_at(&rl, 200000, LW_LEVEL_WARN,
	    "disk %s full", "D"), 1);
	ck_assert_int_eq(log_count(lpath, " WARN disk A full\n"), 1);
	ck_assert_int_eq(log_count(lpath, "disk B"), 0);
	ck_assert_int_eq(log_count(lpath,
	    " WARN disk C full (3 like it suppressed)\n"), 1);
	ck_assert_int_eq(log_count(lpath, " WARN disk D full\n"), 1);
}
END_TEST

START_TEST(test_log__limited_below_level__not_counted)
{
	struct lw_ratelimit	rl = LW_RATELIMIT_INIT(LW_LOG_ONCE);

	ck_assert_int_eq(lw_log_limited_at(&rl, 1, LW_LEVEL_DEBUG,
	    "quiet"), 0);
	ck_assert_int_eq(rl.written, 0);
	ck_assert_uint_eq(rl.suppressed, 0);
	ck_assert_int_eq(lw_log_limited(&rl, LW_LEVEL_INFO, "loud"), 1);
	ck_assert_int_eq(lw_log_limited(&rl, LW_LEVEL_INFO, "loud"), 0);
	ck_assert_int_eq(log_count(lpath, "quiet"), 0);
	ck_assert_int_eq(log_count(lpath, " INFO loud\n"), 1);
}
END_TEST

/* One call site, run three times: its static state writes once. */
static void
log_site(int i)
{
	LW_LOG_LIMITED(LW_LOG_ONCE, LW_LEVEL_WARN, "site %d", i);
}

START_TEST(test_log__limited_macro__once_per_site)
{
	log_site(1);
	log_site(2);
	log_site(3);
	ck_assert_int_eq(log_count(lpath, " WARN site "), 1);
	ck_assert_int_eq(log_count(lpath, " WARN site 1\n"), 1);
}
END_TEST

START_TEST(test_log__limited_long__cut_keeps_start)
{
	struct lw_ratelimit	rl = LW_RATELIMIT_INIT(10);
	static char		big[LW_LOG_LINE * 2];
	const char		*s;

	memset(big, 'x', sizeof(big) - 1);
	ck_assert_int_eq(lw_log_limited_at(&rl, 0, LW_LEVEL_WARN, "a%s",
	    big), 1);
	ck_assert_int_eq(lw_log_limited_at(&rl, 1, LW_LEVEL_WARN, "b%s",
	    big), 0);
	ck_assert_int_eq(lw_log_limited_at(&rl, 10, LW_LEVEL_WARN, "c%s",
	    big), 1);
	s = log_slurp(lpath);
	ck_assert_ptr_nonnull(strstr(s, " WARN axxx"));
	ck_assert_ptr_nonnull(strstr(s, " WARN cxxx"));
	ck_assert_ptr_nonnull(strstr(s, "xxx...\n"));
	ck_assert_int_eq(strlen(s), 2 * (LW_LOG_LINE - 1));
}
END_TEST

Suite *
lw_log_suite(void)
{
	Suite	*s = suite_create("log");
	TCase	*tc;

	tc = tcase_create("reopen");
	tcase_add_checked_fixture(tc, log_setup, log_teardown);
	tcase_add_test(tc, test_log__unchanged__not_reopened);
	tcase_add_test(tc, test_log__renamed__new_file_at_path);
	tcase_add_test(tc, test_log__removed__recreated);
	tcase_add_test(tc, test_log__reopen_fails__old_file_one_warn);
	tcase_add_test(tc, test_log__quiet_level__reopened_without_info);
	tcase_add_test(tc, test_log__stderr__nothing_to_reopen);
	tcase_add_test(tc, test_log__open_fails__stays_put);
	suite_add_tcase(s, tc);

	tc = tcase_create("ratelimit");
	tcase_add_checked_fixture(tc, log_setup, log_teardown);
	tcase_add_test(tc, test_log__ratelimit__counts_and_releases);
	tcase_add_test(tc, test_log__ratelimit_first_at_zero__written);
	tcase_add_test(tc, test_log__ratelimit_once__until_reset);
	tcase_add_test(tc, test_log__limited__suppressed_count_in_line);
	tcase_add_test(tc, test_log__limited_below_level__not_counted);
	tcase_add_test(tc, test_log__limited_macro__once_per_site);
	tcase_add_test(tc, test_log__limited_long__cut_keeps_start);
	suite_add_tcase(s, tc);
	return (s);
}
