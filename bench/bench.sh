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
# -agentpath:libleakwatch.so=log=FILE,loglevel=debug (default settings
# otherwise; debug only adds a line per census and holder search, which
# the pause share below needs), plus one per BENCH_VARIANTS entry, in an
# order that rotates from group to group (pairs alternate which goes
# first).  Groups cycle through the workloads, so slow drift of the
# machine spreads over all of them.  The same JVM flags for every run:
# $BENCH_JVMFLAGS (default -Xms256m -Xmx256m -XX:+UseG1GC).  Each run:
# warm-up, then the work done in BENCH_SECONDS (the window), two ways:
#   wall  work per second.  What a user sees, but on this 2-CPU VM a
#         pair's ratio moves by 5-25% (steal, other processes, JIT and
#         GC luck), so 5 pairs cannot show 1%.
#   cpu   work per CPU-second of the JVM process (getProcessCpuTime: all
#         its threads, the agent's thread and GC callbacks included).
#         Steal and outside load mostly drop out, as a thread that does
#         not run burns no CPU.  Blind to the agent's stop-the-world
#         pauses (census, holder search): the parked threads burn no CPU,
#         only the one walking the heap does.  The JDK reads it in 10 ms
#         steps.
# Hence also, per run with the agent, the pauses it logged inside the
# window (CENSUS pause_ms=, "holder search: X ms pause") as a share of
# it, and a "wall cost bound" = cpu loss + pause share: a bound, as the
# heap walker's CPU is counted in both.
# Prints every group's ratios (with / without) both ways, then a Markdown
# table of medians: throughput without and with, per way the median of
# the ratios, their min-max and the loss (1 - median ratio), then the
# median pause share and the bound.  Per run it also prints the
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
# The agent (BENCH_AGENT) is copied into the work directory at the start,
# so a rebuild during the run does not change what is measured.
#
# Environment:
#   BENCH_AGENT        the agent measured (default build/libleakwatch.so)
#   BENCH_RUNS         groups per JDK and workload (default 5)
#   BENCH_SECONDS      measured seconds per run (default 12)
#   BENCH_WARMUP       seconds before measuring (default 5)
#   BENCH_LEAK_WARMUP  the same for allocbench-leak (default 25)
#   BENCH_WORKLOADS    which workloads (default all three, space-separated)
#   BENCH_VARIANTS     extra agent settings, each a run per group and a
#                      table row, e.g. "sampling=0 holder=off census=off"
#                      (options space-separated; commas inside one entry;
#                      one that sets loglevel gets no pause share)
#   BENCH_JVMFLAGS     JVM flags for every run
#   BENCH_JDKS         JDK homes, space-separated (default JDK 17, and 25
#                      where installed); the first one compiles
#   BENCH_DIR          work directory (default a fresh /tmp/leakwatch-bench.*)
#   LW_JVM_LOCK        lock file held (flock) for the whole run, so no other
#                      JVM runs meanwhile (default /tmp/lw-jvm.lock; empty
#                      for none, e.g. when the caller already holds it)
# With the defaults: 2 JDKs x 30 runs, about 24 minutes.
#
# usage: bench/bench.sh          (make bench)
set -eu

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../scripts/lib.sh"	# top, jdks, lock, median
lw_prefix="bench: "
if lw_lock_wanted; then
	echo "bench: waiting for $lw_lock"
	lw_lock_self "$@"
fi

runs=${BENCH_RUNS:-5}
secs=${BENCH_SECONDS:-12}
warm=${BENCH_WARMUP:-5}
leakwarm=${BENCH_LEAK_WARMUP:-25}
read -r -a workloads <<<"${BENCH_WORKLOADS:-allocbench allocbench-leak warmcache}"
read -r -a variants <<<"${BENCH_VARIANTS:-}"
read -r -a jvmflags <<<"${BENCH_JVMFLAGS:--Xms256m -Xmx256m -XX:+UseG1GC}"
work=${BENCH_DIR:-$(mktemp -d /tmp/leakwatch-bench.XXXXXX)}
t_start=$(date +%s)

src=${BENCH_AGENT:-$top/build/libleakwatch.so}
[ -f "$src" ] || { echo "bench: $src missing (make all)"; exit 1; }
mkdir -p "$work"
agent=$work/libleakwatch.so
cp "$src" "$agent"

if [ -n "${BENCH_JDKS:-}" ]; then
	read -r -a jdks <<<"$BENCH_JDKS"
else
	pick_jdks "17 25" BENCH_JDKS quiet
fi
# Only the two programs measured, not every example: another example
# that does not compile must not stop the benchmark.
"${jdks[0]}/bin/javac" --release 17 -d "$work/classes" \
    "$top"/examples/allocbench/*.java "$top"/examples/warmcache/*.java

# configs: index 0 = no agent, 1 = defaults, 2.. = variants.
configs=(none default "${variants[@]}")
ncfg=${#configs[@]}

# ISO-8601 UTC with milliseconds to seconds since the epoch.
epoch() { date -u -d "$1" +%s.%3N; }

rev=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$top" status --porcelain -- agent include 2>/dev/null)" ] ||
    rev="$rev+uncommitted"
echo "bench: leakwatch $rev, agent $src $(sha256sum "$agent" | cut -c1-12)," \
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

# pauses DIR: the agent's pauses logged inside the window of DIR/out, as
# "SHARE MS COUNT" (share of the window); "- 0 0" without a log or below
# loglevel=debug (DIR/nodebug).  A log line comes at the end of its pause:
# one that straddles a window edge counts whole or not at all.
pauses() {
	local d=$1 t0 t1
	if [ ! -f "$d/lw.log" ] || [ -e "$d/nodebug" ]; then
		echo "- 0 0"
		return
	fi
	read -r t0 t1 < <(sed -nE 's/.* window start_ms=([0-9]+) end_ms=([0-9]+) .*/\1 \2/p' "$d/out")
	sed -nE 's/^([^ ]+) CENSUS .* pause_ms=([0-9.]+).*/\1 \2/p
	    s/^([^ ]+) DEBUG holder search: ([0-9.]+) ms pause.*/\1 \2/p' \
	    "$d/lw.log" >"$d/pauses"
	cut -d' ' -f1 "$d/pauses" | date -u -f - +%s%3N |
	    paste -d' ' - "$d/pauses" |
	    awk -v a="$t0" -v b="$t1" '$1 >= a && $1 <= b { ms += $3; n++ }
	    END { printf "%.5f %.1f %d\n", ms / (b - a), ms, n }'
}

# run JDK WORKLOAD CONFIG DIR: one JVM; prints its throughput (work per
# second), work per CPU-second and the agent's pause share ("-" without
# the agent).  DIR/load gets the outside load during the run: other
# processes' CPU and steal.
run() {
	local jdk=$1 wl=$2 cfg=$3 d=$4 w=$warm prog args agentarg=() tp cn lv
	case $wl in
	allocbench)	 prog=allocbench.AllocBench; args=() ;;
	allocbench-leak) prog=allocbench.AllocBench; args=(--leak); w=$leakwarm ;;
	warmcache)	 prog=warmcache.WarmCache; args=(--bench) ;;
	*)		 echo "bench: unknown workload $wl" >&2; return 1 ;;
	esac
	mkdir -p "$d"
	# loglevel=debug for the CENSUS and holder search lines; a key
	# given twice is an error, so not when the variant sets it.
	lv=,loglevel=debug
	rm -f "$d/nodebug"
	case ,$cfg, in
	*,loglevel=debug,*) lv= ;;
	*,loglevel=*) lv=; : >"$d/nodebug" ;;
	esac
	case $cfg in
	none)	 ;;
	default) agentarg=("-agentpath:$agent=log=$d/lw.log$lv") ;;
	*)	 agentarg=("-agentpath:$agent=log=$d/lw.log$lv,$cfg") ;;
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
	tp=$(sed -nE 's/^(allocbench|warmcache): (ops|requests)=([0-9]+) .* (ops|requests)_per_s=([0-9.]+).*/\3 \5/p' \
	    "$d/out" | tail -1)
	[ -n "$tp" ] ||
	    { echo "bench: FAIL no throughput line in $d/out" >&2; return 1; }
	# Work per CPU-second: the work of the window over the CPU it took.
	cn=$(sed -nE 's/^(allocbench|warmcache): window .* cpu_ns=([0-9]+)$/\2/p' \
	    "$d/out" | tail -1)
	[ "${cn:-0}" -gt 0 ] ||
	    { echo "bench: FAIL no window cpu_ns line in $d/out" >&2; return 1; }
	echo "${tp#* } $(awk -v n="${tp%% *}" -v c="$cn" 'BEGIN { printf "%.1f", n / (c / 1e9) }') $(pauses "$d" | cut -d' ' -f1)"
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

: >"$work/results"	# jdk workload group config throughput per_cpu_s pause_share
for jdk in "${jdks[@]}"; do
	v=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 |
	    sed -nE 's/^ *java.runtime.version = //p')
	v=${v%%+*}
	jv=${v%%.*}
	echo "bench: JDK $v ($jdk)"
	for g in $(seq 1 "$runs"); do
		for wl in "${workloads[@]}"; do
			# Rotate the order: group g starts at config (g-1) mod n.
			declare -A tp=() cpt=()
			order=""
			for k in $(seq 0 $((ncfg - 1))); do
				c=$(((g - 1 + k) % ncfg))
				d=$work/$jv/$wl/$g-$c
				r=$(run "$jdk" "$wl" "${configs[$c]}" "$d")
				echo "$jv $wl $g $c $r" >>"$work/results"
				read -r "tp[$c]" "cpt[$c]" _ <<<"$r"
				order="$order${order:+,}${configs[$c]}"
			done
			line=$(printf '  %s %-15s group %d (%s):' "$jv" "$wl" "$g" "$order")
			line="$line $(printf 'without %.0f' "${tp[0]}")"
			cline="    per CPU-second: without $(printf '%.0f' "${cpt[0]}")"
			for c in $(seq 1 $((ncfg - 1))); do
				line="$line $(awk -v n="${configs[$c]}" -v a="${tp[$c]}" \
				    -v b="${tp[0]}" 'BEGIN { printf "%s %.0f ratio %.4f", n, a, a / b }')"
				cline="$cline $(awk -v n="${configs[$c]}" -v a="${cpt[$c]}" \
				    -v b="${cpt[0]}" 'BEGIN { printf "%s %.0f ratio %.4f", n, a, a / b }')"
				read -r ps pms pn < <(pauses "$work/$jv/$wl/$g-$c")
				cline="$cline$(awk -v s="$ps" -v m="$pms" -v n="$pn" \
				    'BEGIN { if (s == "-") printf " (no pause lines)"
				    else printf " (pauses %.2f%% of the window: %d, %.0f ms)", 100 * s, n, m }')"
			done
			load=""
			for k in $(seq 0 $((ncfg - 1))); do
				load="$load${load:+, }${configs[$k]} $(sed 's/ / steal /' "$work/$jv/$wl/$g-$k/load")"
			done
			echo "$line"
			echo "$cline"
			echo "    outside load (other processes, % of a CPU): $load"
			for c in $(seq 1 $((ncfg - 1))); do
				echo "    log (${configs[$c]}): $(leaklog "$work/$jv/$wl/$g-$c")"
			done
			unset tp cpt
		done
	done
done

# ratios JV WL C COLUMN: config C's per-group ratios to config 0 (with /
# without), one a line, of the results' COLUMN (5 wall, 6 CPU).
ratios() {
	awk -v j="$1" -v w="$2" -v c="$3" -v k="$4" '
	    $1 == j && $2 == w && $4 == 0 { base[$3] = $k }
	    $1 == j && $2 == w && $4 == c { val[$3] = $k }
	    END { for (g in val) if (g in base) print val[g] / base[g] }' \
	    "$work/results"
}

# The table: one row per JDK, workload and agent config.
echo
echo "| JDK | workload | agent | runs | median without | median with | wall ratio | wall min-max | wall loss | cpu ratio | cpu min-max | cpu loss | pause share | wall cost bound |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
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
			# Pause shares of the runs with this config ("-": no log).
			ps=$(awk -v j="$jv" -v w="$wl" -v c="$c" \
			    '$1 == j && $2 == w && $4 == c && $7 != "-" { print $7 }' \
			    "$work/results" | median)
			ratios "$jv" "$wl" "$c" 5 | sort -g >"$work/ratios"
			ratios "$jv" "$wl" "$c" 6 | sort -g >"$work/cpuratios"
			awk -v v="$v" -v wl="$wl" -v cfg="${configs[$c]}" \
			    -v n="$(wc -l <"$work/ratios")" -v a="$without" -v b="$with" \
			    -v m="$(median <"$work/ratios")" -v lo="$(head -1 "$work/ratios")" \
			    -v hi="$(tail -1 "$work/ratios")" \
			    -v cm="$(median <"$work/cpuratios")" -v clo="$(head -1 "$work/cpuratios")" \
			    -v chi="$(tail -1 "$work/cpuratios")" -v ps="$ps" -v u="$unit" 'BEGIN {
			    f = (a >= 1e6) ? 1e6 : 1e3; s = (a >= 1e6) ? "M" : "k"
			    p = (ps == "nan") ? "-" : sprintf("%.2f%%", 100 * ps)
			    bd = (ps == "nan") ? "-" : sprintf("%.1f%%", 100 * (1 - cm + ps))
			    printf "| %s | %s | %s | %d | %.2f%s %s | %.2f%s %s | %.4f | %.4f-%.4f | %.1f%% | %.4f | %.4f-%.4f | %.1f%% | %s | %s |\n",
			        v, wl, cfg, n, a / f, s, u, b / f, s, u, m, lo, hi,
			        100 * (1 - m), cm, clo, chi, 100 * (1 - cm), p, bd }'
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
echo "bench: wall = work per second of the window: what a user sees, but" \
    "steal, other processes and JIT/GC luck move it by 5-25% a pair"
echo "bench: cpu = work per CPU-second of the JVM process (every thread," \
    "the agent's and its GC callbacks' included): steal and outside load" \
    "drop out, but not the agent's stop-the-world pauses (parked threads" \
    "burn no CPU)"
echo "bench: pause share = median share of the window the agent's logged" \
    "census and holder search pauses took; wall cost bound = cpu loss +" \
    "pause share (an upper bound: the heap walker's CPU is in both)"
echo "bench: done in $(( ($(date +%s) - t_start) / 60 )) min" \
    "$(( ($(date +%s) - t_start) % 60 )) s; raw output in $work"
