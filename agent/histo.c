/*
 * leakwatch - histo.c
 *
 * One class census: instances and shallow bytes per class, keyed by the
 * class's source name (jname.c), plus the parser for the text of the JVM's
 * GC.class_histogram diagnostic command.  Pure module: it allocates, but
 * never logs, never calls the JVM and never decides what a failure means;
 * the caller discards a census that did not build.
 *
 * DESIGN
 * Entries live in one array, h->v, so that readers (suspects, report) walk
 * a plain array.  The name index is an
 * open-addressing hash table of entry positions (linear probing, load at
 * most 1/2, a power of two of slots) rather than an RB_ tree, because:
 *  - it is one allocation per census, where a tree needs a node per class
 *    (tens of thousands of mallocs, and as many failure points, for a big
 *    application);
 *  - it holds positions, not pointers, so growing h->v by realloc leaves it
 *    valid, and a bigger table is refilled from h->v in O(n);
 *  - a census is built once and every class is looked up once: O(1) with
 *    one strcmp beats log2(n) strcmps, and ordered iteration, the one thing
 *    a tree gives for free, is never needed.
 * The hash is FNV-1a seeded per table from arc4random(3), so names chosen
 * to collide (the parser takes text that may be hostile) cannot be built
 * offline.
 */
#include <stdint.h>

#include "compat.h"
#include "histo.h"
#include "jname.h"
#include "lw.h"

#define HISTO_MINCAP	64		/* first allocation, entries */
/*
 * The longest name a histogram row can hold: a Symbol (and so a class
 * name) is at most 65535 bytes (JVMS 4.4.7, Symbol::max_length()), plus a
 * hidden-class suffix "/0x" and 16 hex digits.  Longer is not a class.
 */
#define HISTO_NAMEMAX	(65535 + 19)
#define HISTO_EMPTY	0		/* free slot; others hold pos + 1 */

struct histo_index {
	uint64_t	seed;
	size_t		nslots;		/* power of two */
	size_t		slot[];		/* entry position + 1, or HISTO_EMPTY */
};

/* The parser's place in a histogram; see lw_histo_parse. */
enum histo_state {
	HISTO_START,		/* nothing yet */
	HISTO_PID,		/* jcmd's "<pid>:" line */
	HISTO_HEADER,		/* " num  #instances ..." */
	HISTO_ROWS,		/* separator or rows seen */
	HISTO_DONE		/* "Total" seen; only blank lines may follow */
};

/*
 * FNV-1a, 64-bit, with the table's seed folded into the offset basis:
 * short and fast for the few-dozen-byte names that dominate a census.
 */
static uint64_t
histo_hash(uint64_t seed, const char *s)
{
	uint64_t	h;

	h = 0xcbf29ce484222325ULL ^ seed;
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return (h);
}

/* Enter position pos into the table; the caller guarantees a free slot. */
static void
histo_index_put(struct histo_index *ix, const struct lw_histo_entry *v,
    size_t pos)
{
	size_t	i, mask;

	mask = ix->nslots - 1;
	i = (size_t)histo_hash(ix->seed, v[pos].name) & mask;
	while (ix->slot[i] != HISTO_EMPTY)
		i = (i + 1) & mask;
	ix->slot[i] = pos + 1;
}

/* Refill the (new, bigger) table from h->v.  No allocation. */
static void
histo_index_rebuild(struct lw_histo *h)
{
	struct histo_index	*ix = h->index;
	size_t			 i;

	if (ix == NULL)
		return;
	memset(ix->slot, 0, ix->nslots * sizeof(ix->slot[0]));
	for (i = 0; i < h->n; i++)
		histo_index_put(ix, h->v, i);
}

/* The position of the entry called name (source form), or SIZE_MAX. */
static size_t
histo_find(const struct lw_histo *h, const char *name)
{
	const struct histo_index	*ix = h->index;
	size_t				 i, mask, pos;

	if (ix == NULL)
		return (SIZE_MAX);
	mask = ix->nslots - 1;
	i = (size_t)histo_hash(ix->seed, name) & mask;
	while (ix->slot[i] != HISTO_EMPTY) {
		pos = ix->slot[i] - 1;
		if (strcmp(h->v[pos].name, name) == 0)
			return (pos);
		i = (i + 1) & mask;
	}
	return (SIZE_MAX);
}

/*
 * Make room for one more entry, in the array and in the table, before
 * anything is changed: on failure the census is exactly as it was (a
 * bigger array or table is harmless).
 */
static int
histo_reserve(struct lw_histo *h)
{
	struct lw_histo_entry	*v;
	struct histo_index	*ix, *old = h->index;
	size_t			 cap, nslots;

	if (h->n == h->cap) {
		if (h->cap > SIZE_MAX / 2)
			return (LW_ERR_NOMEM);
		cap = h->cap == 0 ? HISTO_MINCAP : h->cap * 2;
		if ((v = lw_reallocarray(h->v, cap, sizeof(*v))) == NULL)
			return (LW_ERR_NOMEM);
		h->v = v;
		h->cap = cap;
	}
	if (old != NULL && (h->n + 1) <= old->nslots / 2)
		return (0);

	if (old != NULL && old->nslots > SIZE_MAX / 2)
		return (LW_ERR_NOMEM);
	nslots = old == NULL ? (size_t)HISTO_MINCAP * 2 : old->nslots * 2;
	if (nslots > (SIZE_MAX - sizeof(*ix)) / sizeof(ix->slot[0]))
		return (LW_ERR_NOMEM);
	ix = lw_reallocarray(NULL, 1, sizeof(*ix) +
	    nslots * sizeof(ix->slot[0]));
	if (ix == NULL)
		return (LW_ERR_NOMEM);
	ix->seed = old != NULL ? old->seed :
	    ((uint64_t)arc4random() << 32 | arc4random());
	ix->nslots = nslots;
	free(old);
	h->index = ix;
	histo_index_rebuild(h);
	return (0);
}

/*
 * Everything zero: the first add allocates, so an unused census (a
 * feature that never ran) costs nothing.  Context: any.
 */
void
lw_histo_init(struct lw_histo *h)
{
	memset(h, 0, sizeof(*h));
}

/*
 * Free names, array and index, then re-initialise, so a census can be
 * freed twice and reused (the worker keeps one per cycle).  Context: any.
 */
void
lw_histo_free(struct lw_histo *h)
{
	size_t	i;

	for (i = 0; i < h->n; i++)
		free(h->v[i].name);
	free(h->v);
	free(h->index);
	lw_histo_init(h);
}

/*
 * Names are converted before the lookup, so "[Ljava.lang.Object;" from a
 * histogram and "[Ljava/lang/Object;" from JVMTI meet in one entry.  Most
 * names fit the stack buffer; a longer one is converted into a heap buffer
 * sized for the worst case (each '[' becomes "[]", one letter "boolean"),
 * which then becomes the entry's name.  Context: any but the GC pause
 * (allocates).
 */
int
lw_histo_add(struct lw_histo *h, const char *name, uint64_t count,
    uint64_t bytes)
{
	char	 sbuf[256], *heap = NULL, *src = sbuf;
	size_t	 len, pos;
	int	 r;

	if (name == NULL || *name == '\0')
		return (LW_ERR_INVAL);
	r = lw_jname_format(name, sbuf, sizeof(sbuf));
	if (r == LW_ERR_RANGE) {
		len = strlen(name);
		if (len > (SIZE_MAX - 8) / 2)
			return (LW_ERR_NOMEM);
		len = len * 2 + 8;
		if ((heap = lw_reallocarray(NULL, len, 1)) == NULL)
			return (LW_ERR_NOMEM);
		r = lw_jname_format(name, heap, len);
		src = heap;
	}
	if (r != 0)
		goto out;

	/* Each entry is part of the totals, so these also bound the entry. */
	if (count > UINT64_MAX - h->total_count ||
	    bytes > UINT64_MAX - h->total_bytes) {
		r = LW_ERR_RANGE;
		goto out;
	}
	if ((pos = histo_find(h, src)) == SIZE_MAX) {
		if ((r = histo_reserve(h)) != 0)
			goto out;
		if (heap == NULL) {
			len = strlen(src) + 1;
			if ((heap = lw_reallocarray(NULL, len, 1)) == NULL) {
				r = LW_ERR_NOMEM;
				goto out;
			}
			memcpy(heap, src, len);
		}
		pos = h->n++;
		h->v[pos].name = heap;
		h->v[pos].count = 0;
		h->v[pos].bytes = 0;
		heap = NULL;
		histo_index_put(h->index, h->v, pos);
	}
	h->v[pos].count += count;
	h->v[pos].bytes += bytes;
	h->total_count += count;
	h->total_bytes += bytes;
out:
	free(heap);
	return (r);
}

/* HotSpot pads with spaces; tabs are taken too (hand-made or tidied text). */
static int
histo_isblank(char c)
{
	return (c == ' ' || c == '\t');
}

/* Advance *p past blanks, never past e. */
static void
histo_skipblank(const char **p, const char *e)
{
	while (*p < e && histo_isblank(**p))
		(*p)++;
}

/*
 * One field separator: at least one blank.  HotSpot pads the columns with
 * spaces, so two numbers run together would be a different number.
 */
static int
histo_sep(const char **p, const char *e)
{
	if (*p == e || !histo_isblank(**p))
		return (LW_ERR_INVAL);
	histo_skipblank(p, e);
	return (0);
}

/*
 * An unsigned decimal of at least one digit, no sign.  Values past
 * UINT64_MAX are LW_ERR_RANGE, never wrapped.
 */
static int
histo_number(const char **p, const char *e, uint64_t *v)
{
	const char	*s = *p;
	uint64_t	 x = 0, d;

	while (s < e && *s >= '0' && *s <= '9') {
		d = (uint64_t)(*s - '0');
		if (x > (UINT64_MAX - d) / 10)
			return (LW_ERR_RANGE);
		x = x * 10 + d;
		s++;
	}
	if (s == *p)
		return (LW_ERR_INVAL);
	*p = s;
	*v = x;
	return (0);
}

/* Match the word w, ending at a blank or at the end of the line. */
static int
histo_word(const char **p, const char *e, const char *w)
{
	size_t	n;

	n = strlen(w);
	if ((size_t)(e - *p) < n || memcmp(*p, w, n) != 0)
		return (0);
	if (*p + n < e && !histo_isblank((*p)[n]))
		return (0);
	*p += n;
	histo_skipblank(p, e);
	return (1);
}

/* A line of blanks only (the caller has removed the line end). */
static int
histo_blankline(const char *p, const char *e)
{
	histo_skipblank(&p, e);
	return (p == e);
}

/* jcmd's first line, "<pid>:"; the MBean's text has none. */
static int
histo_pidline(const char *p, const char *e)
{
	uint64_t	pid;

	if (histo_number(&p, e, &pid) != 0 || p == e || *p != ':')
		return (0);
	p++;
	return (histo_blankline(p, e));
}

/*
 * " num     #instances         #bytes  class name (module)"; JDK 8 has
 * no "(module)".
 */
static int
histo_headerline(const char *p, const char *e)
{
	histo_skipblank(&p, e);
	if (!histo_word(&p, e, "num") || !histo_word(&p, e, "#instances") ||
	    !histo_word(&p, e, "#bytes") || !histo_word(&p, e, "class") ||
	    !histo_word(&p, e, "name"))
		return (0);
	(void)histo_word(&p, e, "(module)");
	return (p == e);
}

/* The row of dashes under the header. */
static int
histo_sepline(const char *p, const char *e)
{
	const char	*s = p;

	while (p < e && *p == '-')
		p++;
	return (p > s && histo_blankline(p, e));
}

/*
 * "Total  <count>  <bytes>".  HotSpot prints the exact sums of its rows
 * (KlassInfoHisto::print_elements); the rows read may be fewer (a trimmed
 * copy) but never more, so rows summing past the Total mean corrupt text.
 * Returns 1 and fills the totals, 0 when this is not a Total line, or an
 * LW_ERR_* for a Total line that does not parse.
 */
static int
histo_totalline(const char *p, const char *e, uint64_t *count,
    uint64_t *bytes)
{
	int	r;

	if (!histo_word(&p, e, "Total"))
		return (0);
	if ((r = histo_number(&p, e, count)) != 0 ||
	    (r = histo_sep(&p, e)) != 0 ||
	    (r = histo_number(&p, e, bytes)) != 0)
		return (r);
	if (!histo_blankline(p, e))
		return (LW_ERR_INVAL);
	return (1);
}

/*
 * One row, "%4d: %13ld %13zu %s[ (%s)]" in HotSpot's format:
 *     12:          1000          24000  [Ldemo.Sleeper$Node;
 *      1:          8500         385376  [B (java.base@17.0.15)
 * The module, when present, is one blank-free token in parentheses and is
 * dropped.  Control characters are refused: a class name may contain them
 * (JVMS 4.2.1 only bars . ; [ /) but HotSpot would have printed them raw
 * and nothing downstream expects them.
 * XXX A class name containing a blank cannot be told from the module and
 * fails the row; javac cannot produce one.
 */
static int
histo_row(struct lw_histo *h, const char *p, const char *e,
    uint64_t *sumcount, uint64_t *sumbytes)
{
	char		 sbuf[512], *name;
	const char	*s, *m;
	uint64_t	 num, count, bytes;
	size_t		 n;
	int		 r;

	histo_skipblank(&p, e);
	if ((r = histo_number(&p, e, &num)) != 0)
		return (r);
	if (p == e || *p++ != ':')
		return (LW_ERR_INVAL);
	if ((r = histo_sep(&p, e)) != 0 ||
	    (r = histo_number(&p, e, &count)) != 0 ||
	    (r = histo_sep(&p, e)) != 0 ||
	    (r = histo_number(&p, e, &bytes)) != 0 ||
	    (r = histo_sep(&p, e)) != 0)
		return (r);

	for (s = p; p < e && !histo_isblank(*p); p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return (LW_ERR_INVAL);
	n = (size_t)(p - s);
	if (n == 0 || n > HISTO_NAMEMAX)
		return (LW_ERR_INVAL);

	histo_skipblank(&p, e);
	if (p < e) {
		for (m = p; p < e && !histo_isblank(*p); p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return (LW_ERR_INVAL);
		if (p - m < 3 || *m != '(' || p[-1] != ')')
			return (LW_ERR_INVAL);
		if (!histo_blankline(p, e))
			return (LW_ERR_INVAL);
	}

	if (count > UINT64_MAX - *sumcount || bytes > UINT64_MAX - *sumbytes)
		return (LW_ERR_RANGE);
	*sumcount += count;
	*sumbytes += bytes;

	if (n < sizeof(sbuf))
		name = sbuf;
	else if ((name = lw_reallocarray(NULL, n + 1, 1)) == NULL)
		return (LW_ERR_NOMEM);
	memcpy(name, s, n);
	name[n] = '\0';
	r = lw_histo_add(h, name, count, bytes);
	if (name != sbuf)
		free(name);
	return (r);
}

/*
 * The text is read line by line within len (it is not NUL-terminated when
 * it comes from a Java string), through a small state machine:
 *   [<pid>:] header separator row* Total
 * with blank lines allowed before the header and after Total.  Anything
 * else fails the parse: the text is the JVM's, so a surprise means another
 * format (or a truncated or corrupted text), and a census built from a
 * guess would feed wrong growth to the suspect ranking.  Requiring the
 * Total line is what catches text cut off between two rows.
 * Context: agent thread (allocates; the text may be large).
 */
int
lw_histo_parse(struct lw_histo *h, const char *text, size_t len)
{
	enum histo_state	 st = HISTO_START;
	const char		*p, *e, *end, *nl;
	uint64_t		 sumcount = 0, sumbytes = 0;
	uint64_t		 tcount = 0, tbytes = 0;
	int			 r;

	if (text == NULL)
		return (LW_ERR_INVAL);
	end = text + len;
	for (p = text; p < end; p = nl == NULL ? end : nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		e = nl == NULL ? end : nl;
		if (e > p && e[-1] == '\r')
			e--;

		if (st == HISTO_ROWS) {
			r = histo_totalline(p, e, &tcount, &tbytes);
			if (r < 0)
				return (r);
			if (r == 0) {
				r = histo_row(h, p, e, &sumcount, &sumbytes);
				if (r != 0)
					return (r);
				continue;
			}
			if (sumcount > tcount || sumbytes > tbytes)
				return (LW_ERR_INVAL);
			st = HISTO_DONE;
			continue;
		}
		if (histo_blankline(p, e)) {
			if (st == HISTO_HEADER)
				return (LW_ERR_INVAL);
			continue;
		}
		if (st == HISTO_START && histo_pidline(p, e))
			st = HISTO_PID;
		else if ((st == HISTO_START || st == HISTO_PID) &&
		    histo_headerline(p, e))
			st = HISTO_HEADER;
		else if (st == HISTO_HEADER && histo_sepline(p, e))
			st = HISTO_ROWS;
		else
			return (LW_ERR_INVAL);
	}
	return (st == HISTO_DONE ? 0 : LW_ERR_INVAL);
}
