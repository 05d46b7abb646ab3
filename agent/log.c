/*
 * leakwatch - log.c
 *
 * The one sink for every line leakwatch writes.  It owns a file descriptor
 * (stderr or the `log=` file) and nothing else.  It must never fail or
 * block its caller for long, never allocate, and never be called from the
 * GC pause (it does I/O).  Each record is assembled in a stack buffer and
 * written with one write(2): lines from the worker and from VMDeath cannot
 * interleave, and a reader following the file sees whole lines only.
 */
#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "lw.h"
#include "log.h"
#include "opts.h"

static int	 log_fd = STDERR_FILENO;
static int	 log_level = LW_LEVEL_INFO;
static char	 log_path[LW_PATH_MAX] = "stderr";

static const char *const level_names[] = {
	"ERROR", "WARN", "INFO", "DEBUG"
};

int
lw_log_open(const char *path, int level)
{
	int	fd;

	if (level >= LW_LEVEL_ERROR && level <= LW_LEVEL_DEBUG)
		log_level = level;
	if (path == NULL || *path == '\0')
		return (0);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1)
		return (LW_ERR_IO);
	log_fd = fd;
	strlcpy(log_path, path, sizeof(log_path));
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
log_emit(const char *type, const char *fmt, va_list ap)
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
