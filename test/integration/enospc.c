/*
 * leakwatch - test/integration/enospc.c
 *
 * An LD_PRELOAD shim for test/integration/faults.sh: a full disk under
 * one directory, for a process that cannot be given a real one (no tmpfs
 * mount in a container).  write(2) and its relatives on a regular file
 * whose path lies under $LW_ENOSPC_DIR succeed for the first
 * $LW_ENOSPC_AFTER bytes (all such files together; default 0) and then
 * fail with ENOSPC, after a short write at the boundary, as a filling
 * disk does.  Everything else passes through untouched.  The first time
 * it fails a write it prints one line to stderr ("enospc-shim: ..."), so a
 * test can tell that the fault was actually injected.
 *
 * Only the symbols HotSpot's heap dumper and ordinary code call are
 * wrapped: write, pwrite, pwrite64, writev, pwritev.  glibc-internal
 * writes (stdio) bypass the PLT and are not seen.
 *
 * build: cc -shared -fPIC -O2 -o enospc.so enospc.c -ldl
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef ssize_t	(*write_fn)(int, const void *, size_t);
typedef ssize_t	(*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t	(*writev_fn)(int, const struct iovec *, int);
typedef ssize_t	(*pwritev_fn)(int, const struct iovec *, int, off_t);

static _Atomic long long	budget = -1;	/* bytes left; -1: not read */
static atomic_int		announced;

static ssize_t
real_write(int fd, const void *buf, size_t len)
{
	static write_fn	real;

	if (real == NULL)
		real = (write_fn)dlsym(RTLD_NEXT, "write");
	return (real(fd, buf, len));
}

static ssize_t
real_pwrite(int fd, const void *buf, size_t len, off_t off)
{
	static pwrite_fn	real;

	if (real == NULL)
		real = (pwrite_fn)dlsym(RTLD_NEXT, "pwrite");
	return (real(fd, buf, len, off));
}

static void
shim_init(void)
{
	const char	*s = getenv("LW_ENOSPC_AFTER");
	long long	 v = s != NULL ? atoll(s) : 0;
	long long	 expect = -1;

	atomic_compare_exchange_strong(&budget, &expect, v < 0 ? 0 : v);
}

/* Is fd a regular file under $LW_ENOSPC_DIR? */
static int
shim_target(int fd)
{
	const char	*dir = getenv("LW_ENOSPC_DIR");
	char		 link[64], path[PATH_MAX];
	struct stat	 sb;
	size_t		 dl;
	ssize_t		 n;

	if (dir == NULL || *dir == '\0' || fd < 0)
		return (0);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		return (0);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof(path) - 1)) <= 0)
		return (0);
	path[n] = '\0';
	dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	return (strncmp(path, dir, dl) == 0 && path[dl] == '/');
}

/*
 * How many of `want` bytes may be written: all while the budget lasts,
 * then a short write, then -1 with ENOSPC.
 */
static ssize_t
shim_allow(size_t want)
{
	long long	left, take;
	char		msg[128];
	int		n;

	shim_init();
	for (;;) {
		left = atomic_load(&budget);
		take = (long long)want < left ? (long long)want : left;
		if (take <= 0)
			break;
		if (atomic_compare_exchange_weak(&budget, &left, left - take))
			return ((ssize_t)take);
	}
	if (want == 0)
		return (0);
	if (!atomic_exchange(&announced, 1)) {
		n = snprintf(msg, sizeof(msg), "enospc-shim: failing writes "
		    "under %s with ENOSPC\n", getenv("LW_ENOSPC_DIR"));
		if (n > 0)
			(void)!real_write(STDERR_FILENO, msg, (size_t)n);
	}
	errno = ENOSPC;
	return (-1);
}

static size_t
iov_len(const struct iovec *iov, int cnt)
{
	size_t	t = 0;
	int	i;

	for (i = 0; i < cnt; i++)
		t += iov[i].iov_len;
	return (t);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	ssize_t	ok;

	if (!shim_target(fd))
		return (real_write(fd, buf, len));
	if ((ok = shim_allow(len)) <= 0)
		return (ok);
	return (real_write(fd, buf, (size_t)ok));
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t off)
{
	ssize_t	ok;

	if (!shim_target(fd))
		return (real_pwrite(fd, buf, len, off));
	if ((ok = shim_allow(len)) <= 0)
		return (ok);
	return (real_pwrite(fd, buf, (size_t)ok, off));
}

ssize_t
pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	static pwrite_fn	real;
	ssize_t			ok;

	if (real == NULL)
		real = (pwrite_fn)dlsym(RTLD_NEXT, "pwrite64");
	if (!shim_target(fd))
		return (real(fd, buf, len, off));
	if ((ok = shim_allow(len)) <= 0)
		return (ok);
	return (real(fd, buf, (size_t)ok, off));
}

/* At the boundary, vectored writes write part of their first buffer. */
ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
	static writev_fn	real;
	size_t			len;
	ssize_t			ok;

	if (real == NULL)
		real = (writev_fn)dlsym(RTLD_NEXT, "writev");
	if (!shim_target(fd))
		return (real(fd, iov, cnt));
	len = iov_len(iov, cnt);
	if ((ok = shim_allow(len)) <= 0)
		return (ok);
	if ((size_t)ok < len)
		return (real_write(fd, iov[0].iov_base, iov[0].iov_len <
		    (size_t)ok ? iov[0].iov_len : (size_t)ok));
	return (real(fd, iov, cnt));
}

ssize_t
pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	static pwritev_fn	real;
	size_t			len;
	ssize_t			ok;

	if (real == NULL)
		real = (pwritev_fn)dlsym(RTLD_NEXT, "pwritev");
	if (!shim_target(fd))
		return (real(fd, iov, cnt, off));
	len = iov_len(iov, cnt);
	if ((ok = shim_allow(len)) <= 0)
		return (ok);
	if ((size_t)ok < len)
		return (real_pwrite(fd, iov[0].iov_base, iov[0].iov_len <
		    (size_t)ok ? iov[0].iov_len : (size_t)ok, off));
	return (real(fd, iov, cnt, off));
}
