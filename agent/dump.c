/*
 * leakwatch - dump.c
 *
 * Heap-dump policy and the file handling around the JVM's dumper.  Owns no
 * JNI: the actual dump is a callback (jmx.c's dumpHeap in the agent), so
 * everything here is unit-tested against a real temporary directory.
 *
 * DESIGN
 * HotSpotDiagnosticMXBean.dumpHeap refuses an existing file, so the usual
 * "create NAME.tmp with O_EXCL, write, rename" cannot be done on the file
 * itself.  Instead the JVM writes into a fresh directory made by mkdtemp
 * (mode 0700, so nobody can look at or swap the half-written file), the
 * finished file is made 0600, and renameat2(RENAME_NOREPLACE) - or link(2)
 * where the filesystem lacks it - moves it to its final name.  Both fail
 * with EEXIST rather than replace anything, including a symlink, so a
 * pre-created name is never overwritten or followed; the next free
 * "-<seq>" name is taken instead.  A reader therefore only ever sees
 * complete dumps under leakwatch-*.hprof.
 *
 * The temporary directory is named ".leakwatch-tmp-<pid>-XXXXXX".  A JVM
 * killed (SIGKILL, OOM killer) during a dump cannot remove its own, so
 * every dump first removes those whose process is gone: only entries of
 * exactly that pattern, owned by us, never following a symlink
 * (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW), and only the regular files inside
 * them, so a planted symlink or subdirectory only keeps the directory.
 * Liveness is asked with pidfd_open(2) (or /proc), not kill(2): the agent
 * sends no signals, not even 0.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "dump.h"
#include "lw.h"
#include "opts.h"

#define DUMP_MAXSEQ	100
#define DUMP_TMPPREFIX	".leakwatch-tmp-"
#define DUMP_TMPSUFFIX	6	/* mkdtemp's XXXXXX */

/*
 * A temporary directory that carries our own pid is not ours (the dump
 * that made it is over, ours are removed when they end): it is from an
 * earlier process with the same pid, as a JVM that is pid 1 in a container
 * is after every restart.  It may also be another container's dump in
 * progress on a shared volume, so it goes only once it has been quiet for
 * this long; a running dumper writes all the time.
 */
#define DUMP_SELF_QUIET	60	/* seconds */

enum lw_dump_reason
lw_dump_due(const struct lw_opts *o, struct lw_dump_state *st,
    uint64_t now_ms, double floor_pct, double tto_s, int *capped)
{
	enum lw_dump_reason	r = LW_DUMP_NONE;
	int			lead;

	*capped = 0;
	lead = o->lead_ms > 0 && tto_s >= 0 &&
	    tto_s * 1000.0 < (double)o->lead_ms &&
	    floor_pct >= LW_DUMP_LEAD_MINPCT;
	if (!lead)
		st->lead_since_ms = 0;
	else if (st->lead_since_ms == 0)
		st->lead_since_ms = now_ms != 0 ? now_ms : 1;
	if (floor_pct >= o->threshold)
		r = LW_DUMP_THRESHOLD;
	else if (lead && now_ms >= st->lead_since_ms &&
	    now_ms - st->lead_since_ms >= LW_DUMP_LEAD_CONFIRM_MS)
		r = LW_DUMP_LEAD;
	if (r == LW_DUMP_NONE)
		return (r);
	if (st->ndumps >= o->maxdumps ||
	    (st->attempted && now_ms - st->last_ms < o->dumpinterval_ms)) {
		*capped = 1;
		return (LW_DUMP_NONE);
	}
	return (r);
}

const char *
lw_dump_reason_name(enum lw_dump_reason r)
{
	switch (r) {
	case LW_DUMP_THRESHOLD:
		return ("threshold");
	case LW_DUMP_LEAD:
		return ("lead");
	default:
		return ("none");
	}
}

int
lw_dump_name(char *buf, size_t len, pid_t pid, time_t t, int seq)
{
	struct tm	tm;
	char		ts[32];
	int		n;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(ts, sizeof(ts), "%Y%m%dT%H%M%SZ", &tm) == 0)
		return (LW_ERR_RANGE);
	if (seq > 0)
		n = snprintf(buf, len, "leakwatch-%ld-%s-%d.hprof", (long)pid,
		    ts, seq);
	else
		n = snprintf(buf, len, "leakwatch-%ld-%s.hprof", (long)pid, ts);
	return (n < 0 || (size_t)n >= len ? LW_ERR_RANGE : 0);
}

/*
 * Free bytes for an unprivileged writer in `dir` (statvfs f_bavail).
 * Returns 0 or LW_ERR_IO.
 */
static int
dump_free_space(const char *dir, uint64_t *bytes)
{
	struct statvfs	sv;

	if (statvfs(dir, &sv) != 0)
		return (LW_ERR_IO);
	*bytes = (uint64_t)sv.f_bavail * (uint64_t)sv.f_frsize;
	return (0);
}

int
lw_dump_tmpdir_pid(const char *name, pid_t *pid)
{
	const char	*p;
	long long	 v = 0;
	size_t		 i;

	if (strncmp(name, DUMP_TMPPREFIX, sizeof(DUMP_TMPPREFIX) - 1) != 0)
		return (LW_ERR_INVAL);
	p = name + sizeof(DUMP_TMPPREFIX) - 1;
	if (*p < '1' || *p > '9')
		return (LW_ERR_INVAL);	/* no sign, no leading zero */
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > INT_MAX)
			return (LW_ERR_INVAL);
	}
	if (*p++ != '-')
		return (LW_ERR_INVAL);
	for (i = 0; i < DUMP_TMPSUFFIX; i++) {
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9')))
			return (LW_ERR_INVAL);
	}
	if (p[i] != '\0')
		return (LW_ERR_INVAL);
	*pid = (pid_t)v;
	return (0);
}

/*
 * Is process `pid` alive?  pidfd_open(2) answers without sending a signal
 * (ESRCH: gone); where it is missing or refused (kernels before 5.3,
 * seccomp), /proc/<pid> does.  Anything unclear counts as alive: keeping
 * a dead directory costs disk, removing a live one costs a dump.
 */
static int
dump_pid_alive(pid_t pid)
{
	struct stat	sb;
	char		path[32];
#ifdef SYS_pidfd_open
	long		fd;

	fd = syscall(SYS_pidfd_open, pid, 0);
	if (fd >= 0) {
		(void)close((int)fd);
		return (1);
	}
	if (errno == ESRCH)
		return (0);
#endif
	if (stat("/proc/self", &sb) != 0)
		return (1);		/* no /proc: cannot tell */
	snprintf(path, sizeof(path), "/proc/%ld", (long)pid);
	return (stat(path, &sb) == 0 || errno != ENOENT);
}

/*
 * Remove the regular files in directory `name` (relative to dfd), then the
 * directory.  Nothing is followed: the directory is opened O_NOFOLLOW, its
 * entries are looked at with AT_SYMLINK_NOFOLLOW, and what is not a
 * regular file stays, which keeps the directory too.  Refused (EPERM) when
 * the directory is not ours.  With quiet > 0 nothing is removed (EBUSY)
 * when the directory or a file in it changed less than `quiet` seconds
 * before `now`.  Returns 0 or -1 with errno set.  Context: agent thread.
 */
static int
dump_rmtemp(int dfd, const char *name, time_t now, time_t quiet)
{
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	int		 fd, pass, busy = 0;

	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return (-1);
	if (fstat(fd, &sb) != 0 || sb.st_uid != geteuid()) {
		(void)close(fd);
		errno = EPERM;
		return (-1);
	}
	if (quiet > 0 && now - sb.st_mtime < quiet)
		busy = 1;
	if ((d = fdopendir(fd)) == NULL) {
		(void)close(fd);
		return (-1);
	}
	/* Pass 0 only looks at the times; pass 1 removes. */
	for (pass = quiet > 0 ? 0 : 1; pass < 2 && !busy; pass++) {
		rewinddir(d);
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (fstatat(fd, de->d_name, &sb,
			    AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode))
				continue;
			if (pass == 0 && now - sb.st_mtime < quiet)
				busy = 1;
			else if (pass == 1)
				(void)unlinkat(fd, de->d_name, 0);
		}
	}
	(void)closedir(d);
	if (busy) {
		errno = EBUSY;
		return (-1);
	}
	return (unlinkat(dfd, name, AT_REMOVEDIR));
}

int
lw_dump_clean(const char *dir, pid_t self, time_t now, int *left)
{
	struct dirent	*de;
	DIR		*d;
	pid_t		 pid;
	int		 dfd, n = 0;

	*left = 0;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (LW_ERR_IO);
	if ((d = fdopendir(dfd)) == NULL) {
		(void)close(dfd);
		return (LW_ERR_IO);
	}
	while ((de = readdir(d)) != NULL) {
		if (lw_dump_tmpdir_pid(de->d_name, &pid) != 0)
			continue;
		if (pid != self && dump_pid_alive(pid))
			continue;
		if (dump_rmtemp(dfd, de->d_name, now,
		    pid == self ? DUMP_SELF_QUIET : 0) == 0)
			n++;
		else
			(*left)++;
	}
	(void)closedir(d);
	return (n);
}

/*
 * Move `from` to `to` unless `to` exists in any form.  renameat2 with
 * RENAME_NOREPLACE is atomic; link+unlink is the fallback for filesystems
 * without it and has the same never-replace guarantee.
 */
static int
dump_move(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return (0);
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return (-1);
	if (link(from, to) != 0)
		return (-1);
	(void)unlink(from);
	return (0);
}

int
lw_dump_write(const char *dir, pid_t pid, time_t now, uint64_t expect,
    uint64_t reserve, lw_dump_writer_fn fn, void *arg,
    struct lw_dump_result *res, char *err, size_t errlen)
{
	struct stat	sb;
	char		tmpdir[LW_PATH_MAX + 48], tmp[LW_PATH_MAX + 160];
	char		name[96];
	uint64_t	avail, t0;
	int		rc, seq, fd, left;

	memset(res, 0, sizeof(*res));
	/* What killed processes left; a failure here is no reason to stop. */
	(void)lw_dump_clean(dir, pid, time(NULL), &left);
	if (dump_free_space(dir, &avail) != 0) {
		snprintf(err, errlen, "cannot check free space in %s: %s", dir,
		    strerror(errno));
		return (LW_ERR_IO);
	}
	if (avail < expect + reserve) {
		snprintf(err, errlen, "%llu bytes free in %s, dump needs about "
		    "%llu plus reserve %llu", (unsigned long long)avail, dir,
		    (unsigned long long)expect, (unsigned long long)reserve);
		return (LW_ERR_NOSPACE);
	}
	if (lw_dump_name(name, sizeof(name), pid, now, 0) != 0 ||
	    snprintf(tmpdir, sizeof(tmpdir), "%s/" DUMP_TMPPREFIX "%ld-XXXXXX",
	    dir, (long)pid) >= (int)sizeof(tmpdir)) {
		snprintf(err, errlen, "dump path too long");
		return (LW_ERR_RANGE);
	}
	if (mkdtemp(tmpdir) == NULL) {
		snprintf(err, errlen, "cannot create a directory in %s: %s",
		    dir, strerror(errno));
		return (LW_ERR_IO);
	}
	snprintf(tmp, sizeof(tmp), "%s/%s", tmpdir, name);

	t0 = lw_now_ns();
	rc = fn(arg, tmp, err, errlen);
	res->secs = (double)(lw_now_ns() - t0) / 1e9;
	if (rc != 0)
		goto fail;

	/* The dumper's file mode follows the umask; make it private. */
	if ((fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
	    fchmod(fd, 0600) != 0 || fstat(fd, &sb) != 0) {
		snprintf(err, errlen, "dump file %s: %s", tmp, strerror(errno));
		if (fd != -1)
			(void)close(fd);
		rc = LW_ERR_IO;
		goto fail;
	}
	(void)close(fd);
	res->bytes = (uint64_t)sb.st_size;

	for (seq = 0; seq < DUMP_MAXSEQ; seq++) {
		if (lw_dump_name(name, sizeof(name), pid, now, seq) != 0 ||
		    snprintf(res->path, sizeof(res->path), "%s/%s", dir,
		    name) >= (int)sizeof(res->path)) {
			snprintf(err, errlen, "dump path too long");
			rc = LW_ERR_RANGE;
			goto fail;
		}
		if (dump_move(tmp, res->path) == 0)
			break;
		if (errno != EEXIST) {
			snprintf(err, errlen, "cannot move dump to %s: %s",
			    res->path, strerror(errno));
			rc = LW_ERR_IO;
			goto fail;
		}
	}
	if (seq == DUMP_MAXSEQ) {
		snprintf(err, errlen, "%d names taken in %s", DUMP_MAXSEQ, dir);
		rc = LW_ERR_EXISTS;
		goto fail;
	}
	/* Whatever else the dumper left there (segment files) goes too. */
	(void)dump_rmtemp(AT_FDCWD, tmpdir, 0, 0);
	return (0);
fail:
	(void)dump_rmtemp(AT_FDCWD, tmpdir, 0, 0);
	res->path[0] = '\0';
	return (rc);
}
