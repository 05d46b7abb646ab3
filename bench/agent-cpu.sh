#!/bin/bash
# The agent thread's own CPU on a GC-heavy program, over time.
#
# A throughput ratio on this 2-core VM moves by 5-25% from pair to pair
# (bench/bench.sh), far more than the agent costs; the CPU that the
# agent's own thread burns is measured directly and with no such noise.
# It runs allocbench.AllocBench (two threads allocating ~11-15 GB/s, about
# 65 young collections a second at -Xmx256m) under the agent at default
# settings for SECONDS, plus --leak when asked (suspects, allocation
# sampling and a holder search), one JVM under flock $LW_JVM_LOCK, and
# every 10 s reads /proc: the CPU time of the thread named "leakwatch"
# (the agent thread: fits, JMX reads, censuses' JNI side, reports) and of
# the whole process.  Prints, per 10 s, agent-thread CPU in ms per second
# and as a share of the process's CPU.  Not counted: the GC callbacks
# (a counter bump each) and allocation-sampling callbacks, which run on
# the JVM's threads (bench.sh's ratios include them).
#
# usage: bench/agent-cpu.sh [SECONDS [leak]]   (default 150)
#   JAVA_HOME    the JDK (default JDK 17, lw_jdk17 in scripts/lib.sh)
#   LW_JVM_LOCK  lock file (default /tmp/lw-jvm.lock; empty: none)
set -u

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"	# top, jdks, lock
lw_lock_self "$@"

secs=${1:-150}
leak=${2:-}
java=${JAVA_HOME:-$lw_jdk17}/bin/java
work=$(mktemp -d /tmp/leakwatch-cpu.XXXXXX)
tck=$(getconf CLK_TCK)

[ -f "$top/build/libleakwatch.so" ] || { echo "agent-cpu: make all first"; exit 1; }
"$top/examples/build.sh" "$(dirname "$java")/javac" "$work/classes" >/dev/null ||
    { echo "agent-cpu: examples do not compile"; exit 1; }


# Ticks (utime + stime) of a /proc stat line; the comm field may hold
# spaces, so count from the closing parenthesis.
ticks() { sed -E 's/.*\) //' "$1" 2>/dev/null | awk '{ print $12 + $13 }'; }

"$java" -Xms256m -Xmx256m -XX:+UseG1GC -XX:-UsePerfData \
    "-agentpath:$top/build/libleakwatch.so=log=$work/lw.log,dumpdir=$work" \
    -cp "$work/classes" allocbench.AllocBench --warmup 0 \
    --seconds "$secs" ${leak:+--leak} >"$work/out" 2>&1 &
pid=$!
tid=""
for _ in $(seq 1 100); do
	for t in /proc/$pid/task/*; do
		[ "$(cat "$t/comm" 2>/dev/null)" = leakwatch ] && tid=${t##*/}
	done
	[ -n "$tid" ] && break
	sleep 0.1
done
[ -n "$tid" ] || { echo "agent-cpu: no thread named leakwatch"; kill $pid; exit 1; }
echo "pid $pid, agent thread $tid; allocbench ${leak:+--leak }for ${secs}s on $($java -version 2>&1 | head -1)"
printf '%6s %14s %14s %10s\n' t_s agent_ms/s process_ms/s agent_share
pa=$(ticks "/proc/$pid/task/$tid/stat"); pp=$(ticks "/proc/$pid/stat"); t=0
while sleep 10 && kill -0 $pid 2>/dev/null; do
	a=$(ticks "/proc/$pid/task/$tid/stat"); p=$(ticks "/proc/$pid/stat")
	[ -n "$a" ] && [ -n "$p" ] || break
	t=$((t + 10))
	awk -v t=$t -v a=$((a - pa)) -v p=$((p - pp)) -v hz="$tck" 'BEGIN {
	    printf "%6d %14.1f %14.1f %9.2f%%\n", t, a * 1000 / hz / 10,
	    p * 1000 / hz / 10, (p > 0 ? 100 * a / p : 0) }'
	pa=$a; pp=$p
done
wait $pid
echo "exit $?; $(grep -c ' SUSPECT ' "$work/lw.log") SUSPECT lines, $(grep -c ' CENSUS ' "$work/lw.log") CENSUS; log in $work/lw.log"
