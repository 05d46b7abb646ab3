#!/bin/bash
# The agent's own native memory over a long run with many classes.
#
# classload.ClassLoad churns classes (1500 throwaway loaders a second, all
# but the last 500 unloaded) for SECONDS, three times, one JVM at a time
# and with the same flags (-Xms128m -Xmx128m -XX:+AlwaysPreTouch, so the
# heap's share of the RSS is constant, and NMT summary printed at exit):
#   base    no agent
#   agent   -agentpath:libleakwatch.so=interval=10s,loglevel=debug
#   shim    the same agent under bench/malloc-count.c (LD_PRELOAD): the
#           bytes held in blocks that the agent's own code allocated
#           (malloc, calloc, realloc, reallocarray, strdup), every 10 s
# The process RSS (VmRSS in /proc/PID/status) is sampled every 10 s.
# Prints a table (t, RSS without and with the agent, difference, the
# agent's live heap bytes), each series' mean, median and minimum over the
# first and the second half of the run (growth = second - first; class
# unloading makes metaspace, and so the RSS, swing by tens of MB, so the
# minimum is the steadiest), the agent's live bytes at exit with the call
# sites holding them, and the NMT categories (committed, at exit) that
# differ between base and agent.  All is kept in OUTDIR (table.txt).
#
# usage: bench/agent-mem.sh [SECONDS [OUTDIR]]   (default 300)
#   JAVA_HOME     the JDK (default JDK 17, lw_jdk17 in scripts/lib.sh)
#   AGENT_MEM_RUNS  which runs, default "base agent shim"
#   LW_JVM_LOCK   lock file every JVM runs under (default
#                 /tmp/lw-jvm.lock; empty: none)
set -u

# Re-invoked under the lock: run one JVM and sample its RSS.
# --sample DIR CMD...: DIR/out gets the output, DIR/rss "t rss_kb" lines.
if [ "${1:-}" = --sample ]; then
	d=$2
	shift 2
	"$@" >"$d/out" 2>&1 &
	pid=$!
	t0=$(date +%s%3N)
	: >"$d/rss"
	(
		k=1
		while :; do
			wait_ms=$(( t0 + k * 10000 - $(date +%s%3N) ))
			[ $wait_ms -gt 0 ] && sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"
			rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
			[ -n "$rss" ] || break
			echo "$(( k * 10 )) $rss" >>"$d/rss"
			k=$((k + 1))
		done
	) &
	spid=$!
	wait "$pid"
	rc=$?
	echo $(( $(date +%s%3N) - t0 )) >"$d/ms"
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	exit $rc
fi

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"	# top, jdks, lock

secs=${1:-300}
work=${2:-$(mktemp -d /tmp/leakwatch-mem.XXXXXX)}
jdk=${JAVA_HOME:-$lw_jdk17}
runs=${AGENT_MEM_RUNS:-base agent shim}
[ -f "$top/build/libleakwatch.so" ] || { echo "agent-mem: build/libleakwatch.so missing (make all)"; exit 1; }
mkdir -p "$work/classes"
# A copy: a rebuild during the run must not change the agent under test.
cp "$top/build/libleakwatch.so" "$work/libleakwatch.so"
agent=$work/libleakwatch.so

lw_locked "$top/examples/build.sh" "$jdk/bin/javac" "$work/classes" >"$work/javac.log" 2>&1 ||
    { cat "$work/javac.log"; echo "agent-mem: examples do not compile"; exit 1; }
cc -std=gnu11 -O2 -Wall -shared -fPIC -o "$work/malloc-count.so" \
    "$top/bench/malloc-count.c" -ldl -lpthread ||
    { echo "agent-mem: malloc-count.c does not build"; exit 1; }

flags=(-Xms128m -Xmx128m -XX:+AlwaysPreTouch -XX:-UsePerfData
    -XX:NativeMemoryTracking=summary -XX:+UnlockDiagnosticVMOptions
    -XX:+PrintNMTStatistics)
app=(-cp "$work/classes" classload.ClassLoad --seconds "$secs")
echo "agent-mem: $(sed -nE 's/^JAVA_RUNTIME_VERSION="(.*)"/\1/p' "$jdk/release"), $secs s per run, runs: $runs, in $work"

for r in $runs; do
	d=$work/$r
	mkdir -p "$d"
	opt="log=$d/lw.log,dumpdir=$d,interval=10s,loglevel=debug"
	case $r in
	base)	cmd=("$jdk/bin/java" "${flags[@]}" "${app[@]}") ;;
	agent)	cmd=("$jdk/bin/java" "${flags[@]}" "-agentpath:$agent=$opt" "${app[@]}") ;;
	shim)	cmd=(env "LD_PRELOAD=$work/malloc-count.so" "LWMC_LIB=$agent"
		    "LWMC_OUT=$d/live" LWMC_EVERY=10 "$jdk/bin/java" "${flags[@]}"
		    "-agentpath:$agent=$opt" "${app[@]}") ;;
	*)	echo "agent-mem: unknown run $r"; exit 2 ;;
	esac
	lw_locked "$BASH" "$0" --sample "$d" "${cmd[@]}"
	rc=$?
	echo "agent-mem: $r: exit $rc after $(( $(cat "$d/ms") / 1000 )) s;" \
	    "$(grep -m1 '^classload: done' "$d/out" | grep -oE '(loaders|jvm_unloaded)=[0-9]+' | tr '\n' ' ')" \
	    "$( [ -f "$d/lw.log" ] && echo "censuses=$(grep -c ' CENSUS ' "$d/lw.log") warn=$(grep -c ' WARN ' "$d/lw.log")")"
	[ $rc -eq 0 ] || { tail -5 "$d/out"; exit 1; }
done

# The table and the summaries.
awk -v work="$work" '
function load(run, file,   line, p, t) {
	while ((getline line < file) > 0) {
		split(line, p, " ")
		if (run == "live") {
			# t=<s> live=<bytes> ...: onto the 10 s grid
			sub("t=", "", p[1]); sub("live=", "", p[2])
			t = int((p[1] + 5) / 10) * 10
			val[run, t] = p[2] / 1024
		} else {
			val[run, p[1]] = p[2]
			if (p[1] + 0 > tmax) tmax = p[1] + 0
		}
	}
	close(file)
}
# Mean (what = "mean") or median of a run over half h (1: t <= tmax/2).
function half(run, h, what,   t, s, n, v, i, j, x) {
	n = 0
	for (t = 10; t <= tmax; t += 10) {
		if (!((run, t) in val)) continue
		if ((h == 1 && t <= tmax / 2) || (h == 2 && t > tmax / 2)) {
			v[++n] = val[run, t]; s += val[run, t]
		}
	}
	if (n == 0) return "none"
	if (what == "mean") return s / n
	if (what == "min") {
		x = v[1]
		for (i = 2; i <= n; i++) if (v[i] < x) x = v[i]
		return x
	}
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			x = v[j]; v[j] = v[j - 1]; v[j - 1] = x
		}
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function line(label, run, unit, div,   a, b, c, d, e, f) {
	a = half(run, 1, "mean"); b = half(run, 2, "mean")
	if (a == "none" || b == "none") return
	c = half(run, 1, "median"); d = half(run, 2, "median")
	e = half(run, 1, "min"); f = half(run, 2, "min")
	printf "%-24s %s: mean %.1f -> %.1f (%+.1f), median %.1f -> %.1f (%+.1f), min %.1f -> %.1f (%+.1f)\n",
	    label, unit, a / div, b / div, (b - a) / div, c / div, d / div,
	    (d - c) / div, e / div, f / div, (f - e) / div
}
BEGIN {
	load("base", work "/base/rss"); load("agent", work "/agent/rss")
	load("shim", work "/shim/rss"); load("live", work "/shim/live")
	printf "%6s %12s %12s %10s %14s %12s\n", "t_s", "rss_base_MB",
	    "rss_agent_MB", "diff_MB", "agent_live_KB", "rss_shim_MB"
	for (t = 10; t <= tmax; t += 10) {
		b = (("base", t) in val) ? val["base", t] / 1024 : -1
		a = (("agent", t) in val) ? val["agent", t] / 1024 : -1
		if (a >= 0 && b >= 0)
			val["diff", t] = (val["agent", t] - val["base", t])
		printf "%6d %12.1f %12.1f %10.1f %14.1f %12.1f\n", t, b, a,
		    (a >= 0 && b >= 0) ? a - b : 0,
		    (("live", t) in val) ? val["live", t] : -1,
		    (("shim", t) in val) ? val["shim", t] / 1024 : -1
	}
	print ""
	print "first half -> second half of the run (growth):"
	line("RSS without agent", "base", "MB", 1024)
	line("RSS with agent", "agent", "MB", 1024)
	line("RSS difference", "diff", "MB", 1024)
	line("RSS with agent + shim", "shim", "MB", 1024)
	line("agent live heap (shim)", "live", "KB", 1)
}' | tee "$work/table.txt"

# The shim's last lines are written at exit: the totals, then the sites.
if [ -s "$work/shim/live" ]; then
	echo "agent live heap at exit: $(grep '^t=' "$work/shim/live" | tail -1)" |
	    tee -a "$work/table.txt"
	echo "where it is (call sites in the agent):" | tee -a "$work/table.txt"
	grep '^site ' "$work/shim/live" | head -10 | while read -r _ off live blocks; do
		printf '  %-16s %-22s %s\n' "$live" "$blocks" \
		    "$(addr2line -f -s -e "$agent" "${off#+}" 2>/dev/null | paste -sd' ')"
	done | tee -a "$work/table.txt"
fi

# NMT at exit (-XX:+PrintNMTStatistics; JDK 17 prints bytes, later JDKs
# may print KB): "category|committed KB" per line.
nmt() {
	sed -nE 's/^Total: reserved=([0-9]+)(KB)?, committed=([0-9]+)(KB)?.*/Total|\3|\4/p;
	    s/^-[[:space:]]+([A-Za-z][A-Za-z ]*[a-z]) \(reserved=([0-9]+)(KB)?, committed=([0-9]+)(KB)?\).*/\1|\4|\5/p' "$1" |
	    awk -F'|' '{ printf "%s|%d\n", $1, $3 == "KB" ? $2 : $2 / 1024 }'
}
if [ -f "$work/base/out" ] && [ -f "$work/agent/out" ]; then
	echo "" | tee -a "$work/table.txt"
	echo "NMT at exit, committed KB (categories that differ by >= 64 KB):" | tee -a "$work/table.txt"
	join -t'|' -a1 -a2 -e0 -o 0,1.2,2.2 <(nmt "$work/base/out" | sort -t'|' -k1,1) \
	    <(nmt "$work/agent/out" | sort -t'|' -k1,1) |
	    awk -F'|' '{ d = $3 - $2; if (d >= 64 || d <= -64 || $1 == "Total")
		printf "  %-28s base %9d  agent %9d  diff %+8d\n", $1, $2, $3, d }' |
	    tee -a "$work/table.txt"
fi
echo "agent-mem: results in $work/table.txt"
