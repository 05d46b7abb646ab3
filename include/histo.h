/*
 * leakwatch - histo.h
 *
 * One class census: live (or not yet collected) instances and shallow bytes
 * per class, keyed by the class's Java source name.  Entries with the same
 * name (one class in several loaders) are merged.  Also parses the text of
 * the JVM's GC.class_histogram diagnostic command.  Pure module.
 */
#ifndef LW_HISTO_H
#define LW_HISTO_H

#include <stddef.h>
#include <stdint.h>

struct lw_histo_entry {
	char		*name;		/* source form, see jname.h; owned */
	uint64_t	 count;		/* instances */
	uint64_t	 bytes;		/* shallow size, bytes */
};

struct lw_histo {
	struct lw_histo_entry	*v;	/* n entries, order see below */
	size_t			 n;
	size_t			 cap;
	uint64_t		 total_count;
	uint64_t		 total_bytes;
	void			*index;	/* private: name -> entry */
};

/*
 * Entries are in insertion order.  Read h->v, h->n and
 * the totals freely; change a census only through these functions (the
 * index and the totals depend on them).
 */

/* Initialise an empty census.  No allocation. */
void	lw_histo_init(struct lw_histo *h);

/* Free everything the census owns; *h is empty and reusable after. */
void	lw_histo_free(struct lw_histo *h);

/*
 * Add count/bytes for a class.  `name` may be in any form jname.h accepts
 * and is stored in source form; a name seen before is merged into its entry.
 * Returns 0, LW_ERR_NOMEM, LW_ERR_INVAL (empty or malformed name) or
 * LW_ERR_RANGE (a total would pass UINT64_MAX); on error the census is
 * unchanged.
 */
int	lw_histo_add(struct lw_histo *h, const char *name, uint64_t count,
	    uint64_t bytes);

/*
 * Parse GC.class_histogram output (JDK 17 and 25 formats) into h, adding
 * to what it holds:
 *   4147:                                  (jcmd only; optional)
 *    num     #instances         #bytes  class name (module)
 *   -------------------------------------------------------
 *      1:          8500         385376  [B (java.base@17.0.21.1)
 *     10:          1000          24000  [Ldemo.Sleeper$Node;
 *   ...
 *   Total         33825        1607400
 * Names are stored in source form ("byte[]") without the module; rows of
 * one name (a class in several loaders) merge.  Blank lines may precede the
 * header and follow Total, LF or CRLF ends lines, and `len` bounds the text
 * (it need not be NUL-terminated).  Everything else is strict: a line that
 * is not of this grammar, a missing Total line (truncated text) or rows
 * summing past the Total fail with LW_ERR_INVAL, a number past UINT64_MAX
 * with LW_ERR_RANGE, and LW_ERR_NOMEM may occur.  On failure the census is
 * partial and must be discarded by the caller.
 */
int	lw_histo_parse(struct lw_histo *h, const char *text, size_t len);

#endif /* LW_HISTO_H */
