#!/bin/bash
# Census cost benchmark: how long one class census stops the JVM, per GB of
# heap and per million objects, for both mechanisms (the JVM's class
# histogram through the DiagnosticCommand MBean, and class tags +
# IterateThroughHeap), on every JDK present.
#
# heapfill.HeapFill builds a retained heap of small objects in four stages
# with a System.gc() after each; every stage raises the floor, so the agent
# takes a census after it.  Two numbers per census:
#   wall_ms  what the agent thread measured around the call (the pause plus
#            building and parsing the text)
#   stw_ms   the safepoint's total from -Xlog:safepoint (the real pause)
# Prints one row per JDK and mechanism with the medians over the censuses
# of at least 1M objects.  One JVM at a time; this is a benchmark, not a
# test, and takes a few minutes; the whole run holds flock $LW_JVM_LOCK
# (default /tmp/lw-jvm.lock; empty for none).
#
# usage: bench/bench-census.sh [MB] [OBJSIZE] [RUNS]
set -eu

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"	# top, jdks, lock, median
lw_prefix="bench: "
lw_lock_self "$@"

mb=${1:-400}
objsize=${2:-32}
runs=${3:-3}
agent=$top/build/libleakwatch.so
work=$(mktemp -d /tmp/leakwatch-bench.XXXXXX)
heap=$(( mb * 3 ))m

pick_jdks "17 25" "" quiet
"$top/examples/build.sh" "${jdks[0]}/bin/javac" "$work/classes" >/dev/null

printf '%-6s %-10s %8s %10s %10s %12s %12s %10s\n' jdk census censuses \
    objects_M heap_MB stw_ms_per_GB stw_ns_per_obj wall_ms_GB
for jdk in "${jdks[@]}"; do
	v=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 |
	    sed -nE 's/^ *java.specification.version = //p')
	for how in histogram heapwalk; do
		: >"$work/rows"
		for r in $(seq 1 "$runs"); do
			d=$work/$v-$how-$r
			mkdir -p "$d"
			"$jdk/bin/java" -Xmx$heap -Xms$heap -XX:-UsePerfData \
			    "-Xlog:safepoint=info:file=$d/sp.log" \
			    "-agentpath:$agent=log=$d/lw.log,census=$how,loglevel=debug,pausebudget=50%,maxpause=60s,maxdumps=0" \
			    -cp "$work/classes" heapfill.HeapFill --mb "$mb" \
			    --objsize "$objsize" --hold 3 >"$d/out" 2>&1
			# Census n in the log pairs with the n-th census safepoint.
			grep ' CENSUS ' "$d/lw.log" |
			    sed -E 's/.* objects=([0-9]+) bytes=([0-9]+) pause_ms=([0-9.]+).*/\1 \2 \3/' \
			    >"$d/census"
			grep -E 'Safepoint "(GC_HeapInspection|HeapIterateOperation|HeapWalkOperation)"' "$d/sp.log" |
			    sed -E 's/.*Total: ([0-9]+) ns.*/\1/' >"$d/stw"
			paste -d' ' "$d/census" "$d/stw" >>"$work/rows"
		done
		# objects bytes wall_ms stw_ns; keep censuses of >= 1M objects.
		awk '$1 >= 1000000 && $4 != ""' "$work/rows" >"$work/big"
		n=$(wc -l <"$work/big")
		objs=$(awk '{ print $1 / 1e6 }' "$work/big" | median)
		mbs=$(awk '{ print $2 / 1048576 }' "$work/big" | median)
		stwgb=$(awk '{ print ($4 / 1e6) / ($2 / 1073741824) }' "$work/big" | median)
		stwobj=$(awk '{ print $4 / $1 }' "$work/big" | median)
		wallgb=$(awk '{ print $3 / ($2 / 1073741824) }' "$work/big" | median)
		printf '%-6s %-10s %8s %10.2f %10.0f %12.0f %12.1f %10.0f\n' "$v" "$how" \
		    "$n" "$objs" "$mbs" "$stwgb" "$stwobj" "$wallgb"
	done
done
echo "bench: raw logs in $work"
