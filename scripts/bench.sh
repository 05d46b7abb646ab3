#!/bin/bash
# Throughput benchmark: what the agent costs a busy JVM at default settings
# (project issue 3; the goal is <= 1% median throughput loss).  A
# benchmark, not a test: it prints numbers and fails only when a run does.
#
# Workloads (examples/, compiled here with JDK 17's javac, --release 17):
#   allocbench       allocbench.AllocBench: two threads allocating small
#                    short-lived objects and arrays as fast as they can
#                    (~15 GB/s on 2 cores); no leak, so no suspects and no
#                    sampling: GC callbacks, HEAP records and censuses
#   allocbench-leak  the same plus --leak (400 KiB/s of allocbench.Retained
#                    kept forever): the agent names Retained (~22 s after
#                    start, minspan=20s), searches its holder once and
#                    turns on allocation sampling; the warm-up is longer
#                    (BENCH_LEAK_WARMUP) so that the measured part is the
#                    cost while sampling is on
#   warmcache        warmcache.WarmCache --bench: the example service (LRU
#                    page cache, 35% of the heap) serving unpaced
# For every JDK (17; 25 where installed) and workload, BENCH_RUNS groups;
# a group is one run without the agent and one with
# -agentpath:libleakwatch.so=log=FILE (default settings otherwise), plus
# one per BENCH_VARIANTS entry, in an order that rotates from group to
# group (pairs alternate which goes first).  Groups cycle through the
# workloads, so slow drift of the machine spreads over all of them.  The
# same JVM flags for every run: $BENCH_JVMFLAGS (default -Xms256m -Xmx256m
# -XX:+UseG1GC).  Each run: warm-up, then throughput over BENCH_SECONDS.
# Prints every group's ratios (with / without), then a Markdown table of
# medians: throughput without and with, the median of the ratios, their
# min-max, and the loss (1 - median ratio).  Per run it also prints the
# outside load: CPU used by other processes (builds, tests: the lock only
# keeps other JVMs out) and the hypervisor's steal, in % of one CPU; on 2
# CPUs a few % of it moves a ratio by as much.  It also reads each agent log:
# SUSPECT lines, "allocated at" lines, holder_ms, and when the first
# SUSPECT came (seconds after START) relative to the measured window.
#
# Short runs show the agent's first minutes, not its steady state: the
# agent thread refits its trends after every collection over all the
# samples it keeps (8192 per series), so its CPU per collection grows until
# that ring is full, ~2 min at allocbench's ~65 collections/s (measured on
# JDK 17: 5 ms/s of agent CPU at 20 s, 27 ms/s from 2 min on).  For the
# steady state, warm up past it: BENCH_WARMUP=150 BENCH_LEAK_WARMUP=150.
#
# The agent is copied into the work directory at the start, so a rebuild
# of build/libleakwatch.so during the run does not change what is measured.
#
# Environment:
#   BENCH_RUNS         groups per JDK and workload (default 5)
#   BENCH_SECONDS      measured seconds per run (default 12)
#   BENCH_WARMUP       seconds before measuring (default 5)
#   BENCH_LEAK_WARMUP  the same for allocbench-leak (default 25)
#   BENCH_WORKLOADS    which workloads (default all three, space-separated)
#   BENCH_VARIANTS     extra agent settings, each a run per group and a
#                      table row, e.g. "sampling=0 holder=off census=off"
#                      (options space-separated; commas inside one entry)
#   BENCH_JVMFLAGS     JVM flags for every run
#   BENCH_DIR          work directory (default a fresh /tmp/leakwatch-bench.*)
#   LW_JVM_LOCK        lock file held (flock) for the whole run, so no other
#                      JVM runs meanwhile (default /tmp/lw-jvm.lock; empty
#                      for none, e.g. when the caller already holds it)
# With the defaults: 2 JDKs x 30 runs, about 24 minutes.
#
# usage: scripts/bench.sh          (make bench)
set -eu

lock=${LW_JVM_LOCK-/tmp/lw-jvm.lock}
if [ -n "$lock" ] && [ -z "${LW_BENCH_LOCKED:-}" ]; then
	export LW_BENCH_LOCKED=1
	echo "bench: waiting for $lock"
	exec flock -o "$lock" "$0" "$@"
fi

top=$(cd "$(dirname "$0")/.." && pwd)
runs=${BENCH_RUNS:-5}
secs=${BENCH_SECONDS:-12}
warm=${BENCH_WARMUP:-5}
leakwarm=${BENCH_LEAK_WARMUP:-25}
read -r -a workloads <<<"${BENCH_WORKLOADS:-allocbench allocbench-leak warmcache}"
read -r -a variants <<<"${BENCH_VARIANTS:-}"
read -r -a jvmflags <<<"${BENCH_JVMFLAGS:--Xms256m -Xmx256m -XX:+UseG1GC}"
work=${BENCH_DIR:-$(mktemp -d /tmp/leakwatch-bench.XXXXXX)}
t_start=$(date +%s)

[ -f "$top/build/libleakwatch.so" ] ||
    { echo "bench: build/libleakwatch.so missing (make all)"; exit 1; }
mkdir -p "$work"
agent=$work/libleakwatch.so
cp "$top/build/libleakwatch.so" "$agent"

jdks=(/usr/lib/jvm/java-17-openjdk-amd64)
if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
	jdks+=(/usr/lib/jvm/temurin-25-jdk-amd64)
else
	echo "bench: SKIP jdk25: /usr/lib/jvm/temurin-25-jdk-amd64 not installed"
fi
# Only the two programs measured, not every example: another example
# that does not compile must not stop the benchmark.
"${jdks[0]}/bin/javac" --release 17 -d "$work/classes" \
    "$top"/examples/allocbench/*.java "$top"/examples/warmcache/*.java

# configs: index 0 = no agent, 1 = defaults, 2.. = variants.
configs=(none default "${variants[@]}")
ncfg=${#configs[@]}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# ISO-8601 UTC with milliseconds to seconds since the epoch.
epoch() { date -u -d "$1" +%s.%3N; }

rev=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$top" status --porcelain -- agent include 2>/dev/null)" ] ||
    rev="$rev+uncommitted"
echo "bench: leakwatch $rev, agent $(sha256sum "$agent" | cut -c1-12)," \
    "$(nproc) CPUs, $(uname -r)"
echo "bench: JVM flags: ${jvmflags[*]}"
echo "bench: $runs groups x ${#workloads[@]} workloads x $ncfg runs per" \
    "JDK; measure ${secs}s after ${warm}s warm-up (allocbench-leak:" \
    "${leakwarm}s); agent configs: ${configs[*]}"
echo "bench: work directory $work"

# cpustat: busy and steal jiffies of the whole machine (USER_HZ 100).
cpustat() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $9 }' /proc/stat
}
TIMEFORMAT='%3R %3U %3S'

# run JDK WORKLOAD CONFIG DIR: one JVM; prints its throughput.  DIR/load
# gets the outside load during the run: other processes' CPU and steal.
run() {
	local jdk=$1 wl=$2 cfg=$3 d=$4 w=$warm prog args agentarg=()
	case $wl in
	allocbench)	 prog=allocbench.AllocBench; args=() ;;
	allocbench-leak) prog=allocbench.AllocBench; args=(--leak); w=$leakwarm ;;
	warmcache)	 prog=warmcache.WarmCache; args=(--bench) ;;
	*)		 echo "bench: unknown workload $wl" >&2; return 1 ;;
	esac
	mkdir -p "$d"
	case $cfg in
	none)	 ;;
	default) agentarg=("-agentpath:$agent=log=$d/lw.log") ;;
	*)	 agentarg=("-agentpath:$agent=log=$d/lw.log,$cfg") ;;
	esac
	read -r -a c0 < <(cpustat)
	if ! { time timeout $((w + secs + 120)) "$jdk/bin/java" \
	    "${jvmflags[@]}" "${agentarg[@]}" -cp "$work/classes" "$prog" \
	    "${args[@]}" --warmup "$w" --seconds "$secs" >"$d/out" 2>&1; } \
	    2>"$d/time"; then
		echo "bench: FAIL $wl ($cfg) exited non-zero; see $d/out" >&2
		return 1
	fi
	read -r -a c1 < <(cpustat)
	# CPU the rest of the machine used meanwhile, and the hypervisor's
	# steal, in % of one CPU over the run's wall time.
	read -r wall ut st <"$d/time"
	awk -v b="$((c1[0] - c0[0]))" -v s="$((c1[1] - c0[1]))" -v w="$wall" \
	    -v c="$(awk -v u="$ut" -v t="$st" 'BEGIN { print u + t }')" 'BEGIN { o = b / 100 - c; if (o < 0) o = 0
	    printf "%.0f%% %.0f%%\n", 100 * o / w, 100 * s / 100 / w }' \
	    >"$d/load"
	sed -nE 's/^(allocbench|warmcache): .* (ops|requests)_per_s=([0-9.]+).*/\3/p' \
	    "$d/out" | tail -1 | grep . ||
	    { echo "bench: FAIL no throughput line in $d/out" >&2; return 1; }
}

# leaklog DIR: what the agent said (for allocbench-leak, the proof that
# sampling and the holder search ran; elsewhere there should be nothing).
leaklog() {
	local log=$1/lw.log s0 s1 first hms
	[ -f "$log" ] || { echo "no log"; return; }
	s0=$(sed -nE 's/^([^ ]+) START .*/\1/p' "$log" | head -1)
	s1=$(sed -nE 's/^([^ ]+) SUSPECT .*/\1/p' "$log" | head -1)
	first=none
	[ -n "$s0" ] && [ -n "$s1" ] &&
	    first=$(awk -v a="$(epoch "$s0")" -v b="$(epoch "$s1")" \
	    -v w="$leakwarm" 'BEGIN { printf "%.1fs%s", b - a,
	    (b - a <= w) ? " (before the window)" : " (inside the window)" }')
	hms=$(grep -o 'holder_ms=[0-9.]*' "$log" | cut -d= -f2 | sort -u |
	    paste -sd, -)
	echo "SUSPECT lines $(grep -c ' SUSPECT ' "$log" || true)," \
	    "first after $first, allocated-at lines" \
	    "$(grep -c ' allocated at ' "$log" || true)," \
	    "holder_ms ${hms:-none}, WARN $(grep -c ' WARN ' "$log" || true)"
}

: >"$work/results"	# jdk workload group config throughput
for jdk in "${jdks[@]}"; do
	v=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 |
	    sed -nE 's/^ *java.runtime.version = //p')
	v=${v%%+*}
	jv=${v%%.*}
	echo "bench: JDK $v ($jdk)"
	for g in $(seq 1 "$runs"); do
		for wl in "${workloads[@]}"; do
			# Rotate the order: group g starts at config (g-1) mod n.
			declare -A tp=()
			order=""
			for k in $(seq 0 $((ncfg - 1))); do
				c=$(((g - 1 + k) % ncfg))
				d=$work/$jv/$wl/$g-$c
				tp[$c]=$(run "$jdk" "$wl" "${configs[$c]}" "$d")
				echo "$jv $wl $g $c ${tp[$c]}" >>"$work/results"
				order="$order${order:+,}${configs[$c]}"
			done
			line=$(printf '  %s %-15s group %d (%s):' "$jv" "$wl" "$g" "$order")
			line="$line $(printf 'without %.0f' "${tp[0]}")"
			for c in $(seq 1 $((ncfg - 1))); do
				line="$line $(awk -v n="${configs[$c]}" -v a="${tp[$c]}" \
				    -v b="${tp[0]}" 'BEGIN { printf "%s %.0f ratio %.4f", n, a, a / b }')"
			done
			load=""
			for k in $(seq 0 $((ncfg - 1))); do
				load="$load${load:+, }${configs[$k]} $(sed 's/ / steal /' "$work/$jv/$wl/$g-$k/load")"
			done
			echo "$line"
			echo "    outside load (other processes, % of a CPU): $load"
			for c in $(seq 1 $((ncfg - 1))); do
				echo "    log (${configs[$c]}): $(leaklog "$work/$jv/$wl/$g-$c")"
			done
			unset tp
		done
	done
done

# The table: one row per JDK, workload and agent config.
echo
echo "| JDK | workload | agent | runs | median without | median with | median ratio | ratio min-max | loss |"
echo "|---|---|---|---|---|---|---|---|---|"
for jdk in "${jdks[@]}"; do
	v=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 |
	    sed -nE 's/^ *java.runtime.version = //p')
	v=${v%%+*}
	jv=${v%%.*}
	for wl in "${workloads[@]}"; do
		unit="ops/s"
		[ "$wl" = warmcache ] && unit="req/s"
		without=$(awk -v j="$jv" -v w="$wl" '$1 == j && $2 == w && $4 == 0 { print $5 }' \
		    "$work/results" | median)
		for c in $(seq 1 $((ncfg - 1))); do
			with=$(awk -v j="$jv" -v w="$wl" -v c="$c" \
			    '$1 == j && $2 == w && $4 == c { print $5 }' "$work/results" | median)
			# Ratios within each group.
			awk -v j="$jv" -v w="$wl" -v c="$c" '
			    $1 == j && $2 == w && $4 == 0 { base[$3] = $5 }
			    $1 == j && $2 == w && $4 == c { val[$3] = $5 }
			    END { for (g in val) if (g in base) print val[g] / base[g] }' \
			    "$work/results" >"$work/ratios"
			n=$(wc -l <"$work/ratios")
			mr=$(median <"$work/ratios")
			lo=$(sort -g "$work/ratios" | head -1)
			hi=$(sort -g "$work/ratios" | tail -1)
			awk -v v="$v" -v wl="$wl" -v cfg="${configs[$c]}" -v n="$n" \
			    -v a="$without" -v b="$with" -v m="$mr" -v lo="$lo" \
			    -v hi="$hi" -v u="$unit" 'BEGIN {
			    f = (a >= 1e6) ? 1e6 : 1e3; s = (a >= 1e6) ? "M" : "k"
			    printf "| %s | %s | %s | %d | %.2f%s %s | %.2f%s %s | %.4f | %.4f-%.4f | %.1f%% |\n",
			        v, wl, cfg, n, a / f, s, u, b / f, s, u, m, lo, hi,
			        100 * (1 - m) }'
		done
	done
done
echo
for jdk in "${jdks[@]}"; do
	v=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 |
	    sed -nE 's/^ *java.runtime.version = //p')
	v=${v%%+*}
	jv=${v%%.*}
	for wl in allocbench allocbench-leak; do
		[ -d "$work/$jv/$wl" ] || continue
		gbs=$(cat "$work/$jv/$wl"/*-0/out | sed -nE 's/.*bytes_per_s=([0-9.]+).*/\1/p' |
		    awk '{ print $1 / 1e9 }' | median)
		echo "bench: $v $wl allocates ${gbs} GB/s without the agent (median, estimated)"
	done
done
echo "bench: loss = 1 - median of the per-group ratios (with / without);" \
    "negative = faster with the agent"
echo "bench: done in $(( ($(date +%s) - t_start) / 60 )) min" \
    "$(( ($(date +%s) - t_start) % 60 )) s; raw output in $work"
