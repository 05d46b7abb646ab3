#!/bin/bash
# Record a worker trace (the agent's `trace=` option) of one example
# program on one JDK and collector, for test/data/traces/ and the policy
# replay test (test/check_policy.c).  One JVM, under the machine-wide JVM
# lock ($LW_JVM_LOCK, default /tmp/lw-jvm.lock; empty for none).
#
# usage: scripts/record-trace.sh JDK GC SHAPE OUT
#   JDK    17 or 25
#   GC     g1 | parallel | serial | zgc | shenandoah
#   SHAPE  leak   catleak at -Xmx128m until its OutOfMemoryError
#          big    heapfill: 2.5 GB of 32-byte objects held in -Xmx4g, 20 s
#          control warmcache at -Xmx128m for 40 s (LRU fill, then serve)
#   OUT    the trace file to write
# Any user's run can be recorded the same way: add
# `trace=/path/x.trace` to the agent's options.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"	# top, jdks, lock
[ $# -eq 4 ] || { echo "usage: $0 JDK GC SHAPE OUT" >&2; exit 2; }
lw_lock_self "$@"
jdk=$1 gc=$2 shape=$3 out=$4
case $jdk in
17) home=$lw_jdk17 ;;
25) home=$lw_jdk25 ;;
*) echo "record-trace: JDK must be 17 or 25" >&2; exit 2 ;;
esac
[ -x "$home/bin/java" ] || { echo "record-trace: SKIP: no $home" >&2; exit 3; }
case $gc in
g1) flag=-XX:+UseG1GC ;;
parallel) flag=-XX:+UseParallelGC ;;
serial) flag=-XX:+UseSerialGC ;;
zgc) flag=-XX:+UseZGC ;;
shenandoah) flag=-XX:+UseShenandoahGC ;;
*) echo "record-trace: unknown collector $gc" >&2; exit 2 ;;
esac
classes=$top/build/trace-classes
if [ ! -d "$classes/catleak" ]; then
	"$top/examples/build.sh" "$home/bin/javac" "$classes" >/dev/null
fi
work=$(mktemp -d /tmp/lw-trace.XXXXXX)
trap 'rm -rf "$work"' EXIT
agent="-agentpath:${LW_AGENT:-$top/build/libleakwatch.so}=log=$work/lw.log,dumpdir=$work,trace=$work/t.trace,loglevel=debug"
case $shape in
leak) args=(-Xmx128m -cp "$classes" catleak.CatLeak) ; limit=300 ;;
big) args=(-Xms4g -Xmx4g -cp "$classes" heapfill.HeapFill --mb 2500
	--objsize 32 --hold 20) ; limit=300 ;;
control) args=(-Xmx128m -cp "$classes" warmcache.WarmCache --seconds 40)
	limit=120 ;;
*) echo "record-trace: unknown shape $shape" >&2; exit 2 ;;
esac
timeout "$limit" "$home/bin/java" -XX:-UsePerfData "$flag" "$agent" \
    "${args[@]}" >"$work/out" 2>&1 || true
[ -s "$work/t.trace" ] || { echo "record-trace: no trace written" >&2;
	tail -5 "$work/out" "$work/lw.log" >&2; exit 1; }
{
	echo "# program=$shape gc=$gc jdk=$jdk"
	echo "# records: $(grep -c '' "$work/lw.log") log lines, $(grep -c ' DUMP ' "$work/lw.log" || true) DUMP, $(grep -c ' SUSPECT ' "$work/lw.log" || true) SUSPECT"
	cat "$work/t.trace"
} >"$out"
grep -E ' (HEAP|DUMP|WARN) ' "$work/lw.log" | tail -3 >&2 || true
