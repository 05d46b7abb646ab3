/*
 * leakwatch - log.c
 *
 * The one sink for every line leakwatch writes.  It owns a file descriptor
 * (stderr or the `log=` file) and nothing else.  It must never fail or
 * block its caller for long, never allocate, and never be called from the
 * GC pause (it does I/O).  Each record is assembled in a stack buffer and
 * written with one write(2): lines from the worker and from VMDeath cannot
 * interleave, and a reader following the file sees whole lines only.
 *
 * DESIGN
 * logrotate (or a person) may rename or remove the log under a running
 * JVM.  At most once a second a writer compares the open file with what
 * the configured path names now (stat against fstat) and, when they
 * differ, opens the path again.  The new file is put in place with
 * dup3() onto the same descriptor number: writers on other threads never
 * see a closed or reused descriptor, only the old file or the new one.
 * One writer does the check at a time (a compare-and-swap on the second,
 * then a flag); the rest write on.  When the path cannot be opened the
 * old file is kept, with one WARN in it.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "lw.h"
#include "log.h"

static int	 log_fd = STDERR_FILENO;
static int	 log_level = LW_LEVEL_INFO;
static char	 log_path[LW_PATH_MAX] = "stderr";

/* The reopen check: its last second (CLOCK_MONOTONIC), who runs it. */
static _Atomic long long	log_checked;
static atomic_flag		log_checking = ATOMIC_FLAG_INIT;
/* "Cannot reopen": once until a reopen works; under log_checking. */
static struct lw_ratelimit	log_reopen_rl =
				    LW_RATELIMIT_INIT(LW_LOG_ONCE);

static const char *const level_names[] = {
	"ERROR", "WARN", "INFO", "DEBUG"
};

static void	log_notice(int, const char *, ...) printflike(2, 3);

/* Open the log file: appended, made 0600, no symlink followed. */
static int
log_openpath(const char *path)
{
	return (open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0600));
}

int
lw_log_open(const char *path, int level)
{
	int	fd;

	if (level >= LW_LEVEL_ERROR && level <= LW_LEVEL_DEBUG)
		log_level = level;
	if (path == NULL || *path == '\0') {
		if (log_fd != STDERR_FILENO)
			(void)close(log_fd);
		log_fd = STDERR_FILENO;
		strlcpy(log_path, "stderr", sizeof(log_path));
		return (0);
	}
	fd = log_openpath(path);
	if (fd == -1)
		return (LW_ERR_IO);
	if (log_fd != STDERR_FILENO)
		(void)close(log_fd);
	log_fd = fd;
	strlcpy(log_path, path, sizeof(log_path));
	lw_log_limit_reset(&log_reopen_rl);
	return (0);
}

const char *
lw_log_target(void)
{
	return (log_path);
}

/*
 * Write all of buf, looping over EINTR and short writes (OpenSSH atomicio).
 * Returns 0 or -1 with errno set.
 */
static int
log_writeall(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		buf += n;
		len -= (size_t)n;
	}
	return (0);
}

/*
 * Build "2026-11-26T16:30:05.101Z TYPE text\n" and write it.  A failing log
 * file (disk full, I/O error) is abandoned for stderr with one line saying
 * so; the service must not notice.
 */
static void
log_vemit(const char *type, const char *fmt, va_list ap)
{
	struct timespec	ts;
	struct tm	tm;
	char		line[LW_LOG_LINE];
	size_t		off;
	int		n, err;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		memset(&ts, 0, sizeof(ts));
	if (gmtime_r(&ts.tv_sec, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	if (type == NULL) {
		/* A continuation line: indented, no time, no type. */
		memcpy(line, "    ", 4);
		off = 4;
	} else {
		off = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
		n = snprintf(line + off, sizeof(line) - off, ".%03ldZ %s ",
		    ts.tv_nsec / 1000000, type);
		if (n > 0)
			off += (size_t)n;
	}
	n = vsnprintf(line + off, sizeof(line) - off, fmt, ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(line) - off) {
		/* Cut: mark it, keep room for the newline. */
		off = sizeof(line) - 5;
		memcpy(line + off, "...", 3);
		off += 3;
	} else
		off += (size_t)n;
	line[off++] = '\n';

	if (log_writeall(log_fd, line, off) == 0 || log_fd == STDERR_FILENO)
		return;
	err = errno;
	(void)close(log_fd);
	log_fd = STDERR_FILENO;
	(void)log_writeall(log_fd, line, off);
	n = snprintf(line, sizeof(line), "leakwatch: ERROR log file %s "
	    "failed (%s); logging to stderr from now on\n", log_path,
	    strerror(err));
	if (n > 0)
		(void)log_writeall(log_fd, line, (size_t)n < sizeof(line) ?
		    (size_t)n : sizeof(line) - 1);
	strlcpy(log_path, "stderr", sizeof(log_path));
}

/* A diagnostic of the log itself, written without the reopen check. */
static void
log_notice(int level, const char *fmt, ...)
{
	va_list	ap;

	if (!lw_log_enabled(level))
		return;
	va_start(ap, fmt);
	log_vemit(level_names[level], fmt, ap);
	va_end(ap);
}

int
lw_log_reopen(void)
{
	struct stat	fsb, psb;
	int		fd, nfd, moved, rc = 0, serr;

	if (atomic_flag_test_and_set(&log_checking))
		return (0);		/* another thread is at it */
	fd = log_fd;
	if (fd == STDERR_FILENO || fstat(fd, &fsb) != 0)
		goto out;
	if (stat(log_path, &psb) == 0)
		moved = psb.st_dev != fsb.st_dev || psb.st_ino != fsb.st_ino;
	else
		moved = errno == ENOENT || errno == ENOTDIR ||
		    fsb.st_nlink == 0;
	if (!moved)
		goto out;
	/* dup3, not dup2: the descriptor must stay close-on-exec. */
	if ((nfd = log_openpath(log_path)) == -1 ||
	    dup3(nfd, fd, O_CLOEXEC) == -1) {
		serr = errno;
		if (nfd != -1)
			(void)close(nfd);
		if (lw_log_ratelimit(&log_reopen_rl, lw_now_ms()) >= 0)
			log_notice(LW_LEVEL_WARN, "log file %s was moved or "
			    "removed and cannot be opened again (%s); still "
			    "writing to the old file", log_path,
			    strerror(serr));
		rc = LW_ERR_IO;
		goto out;
	}
	(void)close(nfd);
	lw_log_limit_reset(&log_reopen_rl);
	log_notice(LW_LEVEL_INFO, "log file %s was moved or removed; "
	    "reopened", log_path);
	rc = 1;
out:
	atomic_flag_clear(&log_checking);
	return (rc);
}

/*
 * Write one record, first (at most once a second, and by one thread at a
 * time) checking that the log file is still the one at its path.  Not
 * before a continuation line (type NULL): it belongs in the file that got
 * its record.
 */
static void
log_emit(const char *type, const char *fmt, va_list ap)
{
	struct timespec	ts;
	long long	now, last;

	if (type != NULL && log_fd != STDERR_FILENO &&
	    clock_gettime(CLOCK_MONOTONIC, &ts) == 0) {
		now = (long long)ts.tv_sec + 1;	/* never the initial 0 */
		last = atomic_load(&log_checked);
		if (now != last &&
		    atomic_compare_exchange_strong(&log_checked, &last, now))
			(void)lw_log_reopen();
	}
	log_vemit(type, fmt, ap);
}

void
lw_log_record(const char *type, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_emit(type, fmt, ap);
	va_end(ap);
}

void
lw_log_cont(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_emit(NULL, fmt, ap);
	va_end(ap);
}

void
lw_log(int level, const char *fmt, ...)
{
	va_list	ap;

	if (!lw_log_enabled(level))
		return;
	va_start(ap, fmt);
	log_emit(level_names[level], fmt, ap);
	va_end(ap);
}

long long
lw_log_ratelimit(struct lw_ratelimit *rl, uint64_t now_ms)
{
	long long	n;

	if (rl->written && (rl->period_ms == LW_LOG_ONCE ||
	    now_ms - rl->last_ms < rl->period_ms)) {
		rl->suppressed++;
		return (-1);
	}
	n = (long long)rl->suppressed;
	rl->written = 1;
	rl->last_ms = now_ms;
	rl->suppressed = 0;
	return (n);
}

void
lw_log_limit_reset(struct lw_ratelimit *rl)
{
	rl->written = 0;
	rl->suppressed = 0;
}

/*
 * The message is formatted first so the count can follow it, within the
 * line: a message cut at LW_LOG_LINE loses its count, not its start.
 */
static int
log_vlimited(struct lw_ratelimit *rl, uint64_t now_ms, int level,
    const char *fmt, va_list ap)
{
	char		msg[LW_LOG_LINE];
	long long	n;

	if (!lw_log_enabled(level) || (n = lw_log_ratelimit(rl, now_ms)) < 0)
		return (0);
	if (n == 0) {
		log_emit(level_names[level], fmt, ap);
		return (1);
	}
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	lw_log(level, "%s (%lld like it suppressed)", msg, n);
	return (1);
}

int
lw_log_limited_at(struct lw_ratelimit *rl, uint64_t now_ms, int level,
    const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = log_vlimited(rl, now_ms, level, fmt, ap);
	va_end(ap);
	return (rc);
}

int
lw_log_limited(struct lw_ratelimit *rl, int level, const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = log_vlimited(rl, lw_now_ms(), level, fmt, ap);
	va_end(ap);
	return (rc);
}

int
lw_log_enabled(int level)
{
	return (level >= LW_LEVEL_ERROR && level <= log_level);
}

const char *
lw_log_bytes(char *buf, size_t len, double bytes)
{
	static const char *const units[] = {
		"B", "KiB", "MiB", "GiB", "TiB"
	};
	double	v = bytes < 0 ? -bytes : bytes;
	size_t	u = 0;

	while (v >= 1024 && u < LW_NELEM(units) - 1) {
		v /= 1024;
		u++;
	}
	if (u == 0 || v >= 100)
		snprintf(buf, len, "%s%.0f%s", bytes < 0 ? "-" : "", v,
		    units[u]);
	else
		snprintf(buf, len, "%s%.1f%s", bytes < 0 ? "-" : "", v,
		    units[u]);
	return (buf);
}

const char *
lw_log_secs(char *buf, size_t len, double secs)
{
	unsigned long	s;

	if (secs < 0 || secs != secs) {
		snprintf(buf, len, "never");
		return (buf);
	}
	if (secs > 99.0 * 86400)
		secs = 99.0 * 86400;
	s = (unsigned long)(secs + 0.5);
	if (s < 60)
		snprintf(buf, len, "%lus", s);
	else if (s < 3600)
		snprintf(buf, len, "%lum%02lus", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%luh%02lum", s / 3600, (s % 3600) / 60);
	else
		snprintf(buf, len, "%lud%02luh", s / 86400,
		    (s % 86400) / 3600);
	return (buf);
}
