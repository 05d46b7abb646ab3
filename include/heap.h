/*
 * leakwatch - heap.h
 *
 * What the agent reads of the heap after a collection, as plain data: the
 * JMX adapter (jmx.c) fills it, the policy (policy.c) decides on it, and
 * a trace (trace.c) records it so that a run can be replayed in a unit
 * test.  No JVMTI here: the policy and its tests include this header.
 */
#ifndef LW_HEAP_H
#define LW_HEAP_H

#include <stdint.h>

struct lw_heap {
	uint64_t	used;		/* heap used now, bytes */
	uint64_t	committed;
	uint64_t	max;		/* heap limit, bytes */
	uint64_t	old_after_gc;	/* old pool used after its last GC */
	uint64_t	old_max;	/* the old pool's limit, 0 unknown */
	uint64_t	gc_count;	/* all collectors' counts summed */
	uint64_t	old_gc_count;	/* collections that include the old
					   generation (full, mixed...) */
};

/* How the collector works, for how the heap floor is read. */
enum lw_gckind {
	LW_GC_STW = 0,		/* G1 (and Serial, Parallel): the heap
				   after a GC event is a reading */
	LW_GC_CONCURRENT,	/* ZGC, Shenandoah: only a cycle's end is */
	LW_GC_FULLONLY,		/* Serial, Parallel: the old generation is
				   collected only by full GCs, which a leak
				   puts off until it is full */
	LW_GC_NONE,		/* Epsilon: nothing is ever collected */
};

#endif /* LW_HEAP_H */
