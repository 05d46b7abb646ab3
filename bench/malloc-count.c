/*
 * malloc-count: an LD_PRELOAD shim that counts the heap bytes the agent
 * itself holds - blocks from malloc, calloc, realloc, reallocarray and
 * strdup called directly from libleakwatch.so's code - and writes a line
 * every LWMC_EVERY seconds (default 10) and at exit to LWMC_OUT:
 *     t=<s> live=<bytes> blocks=<n> peak=<bytes> allocs=<n> frees=<n>
 * and, at exit, the 20 call sites holding the most bytes (as offsets into
 * the agent, for addr2line).  LWMC_LIB is the agent's path: the
 * constructor loads it, so that its code range is known before the JVM's
 * own dlopen (which gets the same copy).  An agent block carries a 16-byte
 * header (a cookie, its size and its site), which is how free() and
 * realloc() recognise it from any caller; other blocks go straight to
 * glibc.  Memory the JVM allocates for the agent (JVMTI
 * Allocate, JNI) is not counted: -XX:NativeMemoryTracking shows that.
 * A measuring tool, not part of the agent.  Build:
 *     cc -O2 -shared -fPIC -o malloc-count.so malloc-count.c -ldl -lpthread
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

extern void	*__libc_malloc(size_t);
extern void	*__libc_calloc(size_t, size_t);
extern void	*__libc_realloc(void *, size_t);
extern void	 __libc_free(void *);

#define HDR	16		/* keeps glibc's 16-byte alignment */
#define NSITES	256		/* call sites followed; must be a power of 2 */
#define SIZEBITS 48		/* h[1]: size, and the site index above it */
#define SIZEMASK ((1ULL << SIZEBITS) - 1)
#define RA()	((uintptr_t)__builtin_return_address(0))

static uintptr_t	lo, hi, base;	/* the agent's text; its load address */
static struct {
	uintptr_t	ra;		/* 0: free */
	long long	live, blocks;
} sites[NSITES];
static uint64_t		cookie;
static long long	live, blocks, peak, allocs, frees;
static int		outfd = -1, every = 10;
static struct timespec	t0;

static int
in_agent(uintptr_t ra)
{
	return (ra >= lo && ra < hi);
}

/* The site slot of return address ra (0: the overflow slot). */
static unsigned
site(uintptr_t ra)
{
	unsigned i = (unsigned)(ra * 0x9E3779B1u) % (NSITES - 1) + 1;
	uintptr_t cur;

	for (int n = 0; n < NSITES - 1; n++, i = i % (NSITES - 1) + 1) {
		cur = __atomic_load_n(&sites[i].ra, __ATOMIC_RELAXED);
		if (cur == ra)
			return (i);
		if (cur == 0 && __atomic_compare_exchange_n(&sites[i].ra, &cur,
		    ra, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return (i);
		if (cur == ra)
			return (i);
	}
	return (0);
}

/* Whether p (non-NULL, from any malloc) carries an agent header. */
static int
ours(void *p)
{
	return (cookie != 0 && ((uint64_t *)p)[-2] == (cookie ^ (uintptr_t)p));
}

static void *
mark(uint64_t *h, size_t n, unsigned si)
{
	long long l;

	h[0] = cookie ^ (uintptr_t)(h + 2);
	h[1] = n | (uint64_t)si << SIZEBITS;
	__atomic_add_fetch(&sites[si].live, (long long)n, __ATOMIC_RELAXED);
	__atomic_add_fetch(&sites[si].blocks, 1, __ATOMIC_RELAXED);
	l = __atomic_add_fetch(&live, (long long)n, __ATOMIC_RELAXED);
	__atomic_add_fetch(&blocks, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&allocs, 1, __ATOMIC_RELAXED);
	for (long long p = peak; l > p &&
	    !__atomic_compare_exchange_n(&peak, &p, l, 0, __ATOMIC_RELAXED,
	    __ATOMIC_RELAXED);)
		;
	return (h + 2);
}

static void *
agent_alloc(size_t n, int zero, uintptr_t ra)
{
	uint64_t *h;

	if (n > SIZEMASK - HDR) {
		errno = ENOMEM;
		return (NULL);
	}
	h = zero ? __libc_calloc(1, n + HDR) : __libc_malloc(n + HDR);
	return (h == NULL ? NULL : mark(h, n, site(ra)));
}

static void
unmark(uint64_t *h)
{
	unsigned si = (unsigned)(h[1] >> SIZEBITS);

	__atomic_sub_fetch(&sites[si].live, (long long)(h[1] & SIZEMASK),
	    __ATOMIC_RELAXED);
	__atomic_sub_fetch(&sites[si].blocks, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&live, (long long)(h[1] & SIZEMASK),
	    __ATOMIC_RELAXED);
	__atomic_sub_fetch(&blocks, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&frees, 1, __ATOMIC_RELAXED);
	h[0] = 0;
}

void *
malloc(size_t n)
{
	uintptr_t ra = RA();

	return (in_agent(ra) ? agent_alloc(n, 0, ra) : __libc_malloc(n));
}

void *
calloc(size_t m, size_t n)
{
	uintptr_t ra = RA();

	if (!in_agent(ra))
		return (__libc_calloc(m, n));
	if (n != 0 && m > SIZE_MAX / n) {
		errno = ENOMEM;
		return (NULL);
	}
	return (agent_alloc(m * n, 1, ra));
}

void
free(void *p)
{
	if (p != NULL && ours(p)) {
		unmark((uint64_t *)p - 2);
		p = (uint64_t *)p - 2;
	}
	__libc_free(p);
}

/*
 * An agent block stays the agent's whoever resizes it (and is charged to
 * the site that resized it); ra is the caller, 0 when not the agent.
 */
static void *
resize(void *p, size_t n, uintptr_t ra)
{
	uint64_t *h, *q;
	uint64_t old;

	if (p == NULL)
		return (ra != 0 ? agent_alloc(n, 0, ra) : __libc_malloc(n));
	if (!ours(p))
		return (__libc_realloc(p, n));
	if (n > SIZEMASK - HDR) {
		errno = ENOMEM;
		return (NULL);
	}
	h = (uint64_t *)p - 2;
	old = h[1];
	unmark(h);
	q = __libc_realloc(h, n + HDR);
	/* A resize is neither an allocation nor a free. */
	__atomic_sub_fetch(&allocs, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&frees, 1, __ATOMIC_RELAXED);
	if (q == NULL) {	/* unchanged: charge it back */
		(void)mark(h, old & SIZEMASK, (unsigned)(old >> SIZEBITS));
		return (NULL);
	}
	return (mark(q, n, ra != 0 ? site(ra) : (unsigned)(old >> SIZEBITS)));
}

void *
realloc(void *p, size_t n)
{
	uintptr_t ra = RA();

	return (resize(p, n, in_agent(ra) ? ra : 0));
}

void *
reallocarray(void *p, size_t m, size_t n)
{
	uintptr_t ra = RA();

	if (n != 0 && m > SIZE_MAX / n) {
		errno = ENOMEM;
		return (NULL);
	}
	return (resize(p, m * n, in_agent(ra) ? ra : 0));
}

char *
strdup(const char *s)
{
	uintptr_t ra = RA();
	size_t n = strlen(s) + 1;
	char *d = in_agent(ra) ? agent_alloc(n, 0, ra) : __libc_malloc(n);

	return (d == NULL ? NULL : memcpy(d, s, n));
}

static void
report(void)
{
	struct timespec t;
	char buf[200];
	int n;

	if (outfd < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t);
	n = snprintf(buf, sizeof(buf), "t=%lld live=%lld blocks=%lld "
	    "peak=%lld allocs=%lld frees=%lld\n", (long long)(t.tv_sec -
	    t0.tv_sec), __atomic_load_n(&live, __ATOMIC_RELAXED),
	    __atomic_load_n(&blocks, __ATOMIC_RELAXED),
	    __atomic_load_n(&peak, __ATOMIC_RELAXED),
	    __atomic_load_n(&allocs, __ATOMIC_RELAXED),
	    __atomic_load_n(&frees, __ATOMIC_RELAXED));
	if (n > 0)
		(void)write(outfd, buf, (size_t)n);
}

static void *
reporter(void *arg)
{
	(void)arg;
	for (;;) {
		sleep((unsigned)every);
		report();
	}
	return (NULL);
}

/* The agent's executable PT_LOAD segment, found by its load address. */
static int
segment(struct dl_phdr_info *info, size_t size, void *base)
{
	(void)size;
	if ((void *)info->dlpi_addr != base)
		return (0);
	for (int i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_LOAD &&
		    (info->dlpi_phdr[i].p_flags & PF_X)) {
			lo = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
			hi = lo + info->dlpi_phdr[i].p_memsz;
		}
	return (1);
}

__attribute__((constructor)) static void
init(void)
{
	const char *lib = getenv("LWMC_LIB"), *out = getenv("LWMC_OUT");
	const char *ev = getenv("LWMC_EVERY");
	sigset_t all, old;
	pthread_t t;
	Dl_info di;
	void *h, *sym;

	if (lib == NULL || out == NULL)
		return;
	while (cookie == 0)
		if (getrandom(&cookie, sizeof(cookie), 0) != sizeof(cookie))
			cookie = (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid();
	if ((h = dlopen(lib, RTLD_NOW)) == NULL ||
	    (sym = dlsym(h, "Agent_OnLoad")) == NULL ||
	    dladdr(sym, &di) == 0) {
		fprintf(stderr, "malloc-count: %s: %s\n", lib, dlerror());
		return;
	}
	base = (uintptr_t)di.dli_fbase;
	dl_iterate_phdr(segment, di.dli_fbase);
	if ((outfd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) < 0)
		return;
	if (ev != NULL && atoi(ev) > 0)
		every = atoi(ev);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* The reporter takes no signal meant for the JVM. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&t, NULL, reporter, NULL) == 0)
		pthread_detach(t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/*
 * At exit: the line, then the 20 sites holding the most, as offsets into
 * the agent for addr2line -f -e libleakwatch.so (slot 0: sites past
 * NSITES - 1, if any).
 */
__attribute__((destructor)) static void
fini(void)
{
	char buf[160], done[NSITES] = { 0 };
	int best, i, k, n;

	report();
	for (k = 0; k < 20 && outfd >= 0; k++) {
		best = -1;
		for (i = 0; i < NSITES; i++)
			if (!done[i] && sites[i].blocks > 0 && (best < 0 ||
			    sites[i].live > sites[best].live))
				best = i;
		if (best < 0)
			break;
		done[best] = 1;
		n = snprintf(buf, sizeof(buf), "site +0x%lx live=%lld "
		    "blocks=%lld\n", best == 0 ? 0UL :
		    (unsigned long)(sites[best].ra - base), sites[best].live,
		    sites[best].blocks);
		if (n > 0)
			(void)write(outfd, buf, (size_t)n);
	}
}
