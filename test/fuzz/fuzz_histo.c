/*
 * leakwatch - fuzz_histo.c
 *
 * libFuzzer target for the class-histogram parser (agent/histo.c) and the
 * class-name converter it feeds (agent/jname.c).  The histogram text comes
 * from the JVM, but through a diagnostic command whose output we do not
 * control (other JDKs, other vendors, class names chosen by whoever wrote
 * the application), so it is treated as hostile: no input may read past
 * `len`, corrupt the census, or produce a name the rest of the agent
 * cannot print.  Every check is a documented promise of histo.h or
 * jname.h; a broken one traps.  Not agent code: __builtin_trap() is how a
 * fuzz target reports.  Build and run with `make fuzz`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "histo.h"
#include "jname.h"
#include "lw.h"

#define FUZZ_CHECK(c) do {						\
	if (!(c))							\
		__builtin_trap();					\
} while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_assert_hook(const char *file __unused, int line __unused,
    const char *cond __unused)
{
	__builtin_trap();
}

/*
 * What holds for any census, parsed or not (lw_histo_add changes nothing
 * when it fails): the totals are the sums of the entries, every name is a
 * non-empty C string in source form (converting it again changes
 * nothing, jname.h), and the index finds every entry.
 */
static void
fuzz_check_census(struct lw_histo *h)
{
	char		*again;
	uint64_t	 c = 0, b = 0;
	size_t		 i, n, len;

	FUZZ_CHECK(h->n <= h->cap);
	FUZZ_CHECK(h->n == 0 || h->v != NULL);
	for (i = 0; i < h->n; i++) {
		FUZZ_CHECK(h->v[i].name != NULL);
		len = strlen(h->v[i].name);
		FUZZ_CHECK(len > 0);
		FUZZ_CHECK(h->v[i].count <= UINT64_MAX - c);
		FUZZ_CHECK(h->v[i].bytes <= UINT64_MAX - b);
		c += h->v[i].count;
		b += h->v[i].bytes;
		/* Idempotent: a stored name is already in source form. */
		if ((again = malloc(len + 1)) == NULL)
			continue;
		FUZZ_CHECK(lw_jname_format(h->v[i].name, again, len + 1) == 0);
		FUZZ_CHECK(strcmp(again, h->v[i].name) == 0);
		free(again);
	}
	FUZZ_CHECK(c == h->total_count);
	FUZZ_CHECK(b == h->total_bytes);

	/* Adding nothing to a known name must find it, not add a twin. */
	n = h->n;
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(lw_histo_add(h, h->v[i].name, 0, 0) == 0);
		FUZZ_CHECK(h->n == n);
	}
	FUZZ_CHECK(c == h->total_count && b == h->total_bytes);
}

/*
 * lw_jname_format into a buffer of exactly outlen bytes (ASan sees a byte
 * written past it): the result is always NUL-terminated inside outlen,
 * and only LW_ERR_RANGE depends on outlen.
 */
static int
fuzz_jname(const char *in, size_t outlen, char *copy, size_t copylen)
{
	char	*out;
	int	 r;

	if ((out = malloc(outlen)) == NULL)
		return (1);
	memset(out, 'X', outlen);
	r = lw_jname_format(in, out, outlen);
	FUZZ_CHECK(r == 0 || r == LW_ERR_INVAL || r == LW_ERR_RANGE);
	FUZZ_CHECK(strnlen(out, outlen) < outlen);
	if (copy != NULL)
		strlcpy(copy, out, copylen);
	free(out);
	return (r);
}

/*
 * The class-name converter on the whole input.  A buffer of twice the
 * input plus 8 bytes (what lw_histo_add allocates for a long name) is
 * always enough; smaller ones give a truncated prefix of the same
 * conversion, or the input itself when it is malformed.
 */
static void
fuzz_jnames(const uint8_t *data, size_t size)
{
	static const size_t	 lens[] = { 1, 8, 256 };
	char			*in, *full, *part;
	size_t			 i, fulllen, n;
	int			 r, rfull;

	if ((in = malloc(size + 1)) == NULL)
		return;
	memcpy(in, data, size);
	in[size] = '\0';
	n = strlen(in);
	fulllen = n * 2 + 8;
	full = malloc(fulllen);
	part = malloc(fulllen);
	if (full == NULL || part == NULL)
		goto out;

	FUZZ_CHECK(lw_jname_format(in, NULL, 0) != 0);
	rfull = fuzz_jname(in, fulllen, full, fulllen);
	if (rfull == 1)
		goto out;
	FUZZ_CHECK(rfull != LW_ERR_RANGE);
	if (rfull == LW_ERR_INVAL)
		FUZZ_CHECK(strcmp(full, in) == 0);
	if (rfull == 0) {
		/* Idempotent (jname.h). */
		r = fuzz_jname(full, fulllen, part, fulllen);
		FUZZ_CHECK(r == 0 || r == 1);
		if (r == 0)
			FUZZ_CHECK(strcmp(part, full) == 0);
	}
	for (i = 0; i < LW_NELEM(lens); i++) {
		r = fuzz_jname(in, lens[i], part, fulllen);
		if (r == 1)
			continue;
		if (rfull == LW_ERR_INVAL) {
			FUZZ_CHECK(r == LW_ERR_INVAL);
			FUZZ_CHECK(strncmp(part, in, lens[i] - 1) == 0);
		} else if (strlen(full) < lens[i]) {
			FUZZ_CHECK(r == 0 && strcmp(part, full) == 0);
		} else {
			FUZZ_CHECK(r == LW_ERR_RANGE);
			FUZZ_CHECK(strlen(part) == lens[i] - 1);
			FUZZ_CHECK(strncmp(part, full, lens[i] - 1) == 0);
		}
	}
out:
	free(part);
	free(full);
	free(in);
}

/*
 * The same text parsed twice into one census: lw_histo_parse adds to
 * what the census holds, so this reaches the merge of known names and
 * the overflow of the census totals, which one parse of an empty census
 * cannot (a row is refused before it could pass its own Total).
 */
static void
fuzz_twice(const char *text, size_t size, const struct lw_histo *once)
{
	struct lw_histo	h;
	int		r;

	lw_histo_init(&h);
	FUZZ_CHECK(lw_histo_parse(&h, text, size) == 0);
	r = lw_histo_parse(&h, text, size);
	FUZZ_CHECK(r == 0 || r == LW_ERR_RANGE || r == LW_ERR_NOMEM);
	fuzz_check_census(&h);
	if (r == 0) {
		FUZZ_CHECK(h.n == once->n);
		FUZZ_CHECK(h.total_count == 2 * once->total_count);
		FUZZ_CHECK(h.total_bytes == 2 * once->total_bytes);
	}
	lw_histo_free(&h);
}

/*
 * The same text with the kth allocation failing (k from the input, so
 * the fuzzer steers it): the parse fails with LW_ERR_NOMEM or succeeds
 * (fewer allocations than k), and the census it leaves, partial or not,
 * still keeps its invariants and frees cleanly.
 */
static void
fuzz_nomem(const char *text, size_t size)
{
	struct lw_histo	h;
	int		r;

	lw_histo_init(&h);
	lw_test_failalloc(1 + (int)(size % 8));
	r = lw_histo_parse(&h, text, size);
	lw_test_failalloc(0);
	FUZZ_CHECK(r == 0 || r == LW_ERR_NOMEM);
	fuzz_check_census(&h);
	lw_histo_free(&h);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lw_histo	 h;
	char		*text;
	int		 r;

	lw_assert_set_hook(fuzz_assert_hook);

	/* Exactly size bytes, no NUL: the parser must stop at len. */
	if ((text = malloc(size > 0 ? size : 1)) == NULL)
		return (0);
	memcpy(text, data, size);
	lw_histo_init(&h);
	r = lw_histo_parse(&h, text, size);
	FUZZ_CHECK(r == 0 || r == LW_ERR_INVAL || r == LW_ERR_RANGE ||
	    r == LW_ERR_NOMEM);
	fuzz_check_census(&h);
	if (r == 0) {
		fuzz_twice(text, size, &h);
		fuzz_nomem(text, size);
	}
	lw_histo_free(&h);
	FUZZ_CHECK(h.n == 0 && h.v == NULL && h.total_count == 0);
	lw_histo_free(&h);
	free(text);

	fuzz_jnames(data, size);
	return (0);
}
