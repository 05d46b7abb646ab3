#!/bin/bash
# leakwatch class-unloading tests: real JVMs that load and drop classes by
# the ten thousand (examples/classload) under the agent.
#
# For each JDK on the machine (OpenJDK 17 always; Temurin 25 where
# installed, otherwise a printed SKIP) it runs:
#   churn     classload.ClassLoad for 60 s (1500 throwaway loaders a
#             second, 500 kept) with interval=10s,loglevel=debug and
#             -Xlog:class+unload: exit 0; no SUSPECT, no ERROR; CENSUS
#             records keep coming (at least 3, never more than 65 s apart
#             from START to STOP); the log is printable ASCII, all records
#             (or indented continuation lines), and every class= name is
#             a sane Java name; at least 40000 classes unloaded, by the
#             program's ClassLoadingMXBean count and by the JVM's
#             class+unload log
#   leak      the same with --leak (classload.Record objects kept in a
#             static list, 8000 a second, ~0.45 MB/s) at -Xmx128m for 55 s:
#             a SUSPECT names classload.Record, the last report has it as
#             #1, no SUSPECT names a churned class; >= 40000 unloaded;
#             and where the SUSPECT line names a holder (holder=), it is
#             the static list classload.ClassLoad.LEAK (test leak-holder;
#             SKIP when there is no holder= field).  The first, class-level
#             search names a class loader's list (README "Holders"); the
#             object-level one after it must name the static field
#   lateleak  (only when asked for: UNLOAD_ONLY=lateleak) the leak starts
#             after 15 s, when the suspect tracker is already full of
#             churned classes; 75 s
#   heapwalk  (only when asked for) churn with census=heapwalk (class tags
#             and IterateThroughHeap over tens of thousands of classes)
# One JVM at a time: each runs under flock $LW_JVM_LOCK (default
# /tmp/lw-jvm.lock; empty runs without a lock).  Ends with
# "N passed, N failed, N skipped"; exit status 0 when nothing failed.
# About 4.5 minutes with both JDKs.
#
# usage: test/integration/unload.sh   (UNLOAD_ONLY=churn,leak picks tests;
#                             UNLOAD_JDKS="17 25" picks JDKs;
#                             UNLOAD_DIR keeps the logs there)
set -u

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"	# top, ok/bad/skp, jdks, lock

agent=$top/build/libleakwatch.so
work=${UNLOAD_DIR:-$(mktemp -d /tmp/leakwatch-unload.XXXXXX)}
only=${UNLOAD_ONLY:-churn,leak}
jdkset=${UNLOAD_JDKS:-17 25}
minunload=40000
record_re='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z (START|HEAP|SUSPECT|DUMP|WARN|ERROR|INFO|DEBUG|OOM|CENSUS|STOP) '

[ -f "$agent" ] || { echo "unload: $agent missing (make all)"; exit 1; }

want() { [[ ",$only," == *",$1,"* ]]; }

# run_jvm DIR CMD...: run CMD under the JVM lock with stdout and stderr
# in DIR/out; DIR/ms gets its run time.  The clock starts inside the
# lock, so the wait for it is not counted.
run_jvm() {
	local d=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner bash
	lw_locked bash -c 't=$(date +%s%3N); "${@:2}" >"$1/out" 2>&1
	    rc=$?; echo $(( $(date +%s%3N) - t )) >"$1/ms"; exit $rc' \
	    _ "$d" "$@"
}

# The value of key $2 in the program's "classload: done" line in $1.
done_val() {
	grep -m1 '^classload: done ' "$1" | grep -oE " $2=[0-9]+" | cut -d= -f2
}

# Epoch milliseconds of a log line's timestamp (its first field).
line_ms() { date -u -d "$(cut -d' ' -f1 <<<"$1")" +%s%3N; }

# check_unloaded TAG DIR: both counts of unloaded classes >= minunload;
# prints "mx=N log=N" for the PASS line.
check_unloaded() {
	local tag=$1 d=$2 mx lg
	mx=$(done_val "$d/out" jvm_unloaded)
	lg=$(grep -c 'unloading class' "$d/unload.log" 2>/dev/null)
	[ -n "$mx" ] || { bad "$tag: no summary line: $(tail -3 "$d/out")"; return 1; }
	[ "$mx" -ge $minunload ] && [ "${lg:-0}" -ge $minunload ] ||
	    { bad "$tag: unloaded $mx (MXBean), ${lg:-0} (class+unload log), want >= $minunload"; return 1; }
	echo "unloaded mx=$mx log=$lg"
}

# check_log TAG LOG: printable ASCII only, every line a record (or a
# record's indented continuation line), and every class= a sane name.
check_log() {
	local tag=$1 log=$2 n
	if LC_ALL=C grep -qn '[^[:print:]]' "$log"; then
		bad "$tag: non-printable bytes in the log: $(LC_ALL=C grep -n -m1 '[^[:print:]]' "$log" | cut -c1-120 | od -c | head -3)"
		return 1
	fi
	n=$(grep -oE ' class=[^ ]*' "$log" | cut -d= -f2- |
	    grep -cvE '^((([A-Za-z_$][A-Za-z0-9_$]*\.)*[A-Za-z_$][A-Za-z0-9_$]*(/0x[0-9a-f]+)?)|boolean|byte|char|short|int|long|float|double)(\[\])*$')
	[ "$n" -eq 0 ] ||
	    { bad "$tag: $n odd class names: $(grep -oE ' class=[^ ]*' "$log" | head -3 | tr '\n' ' ')"; return 1; }
	n=$(grep -cvE "$record_re|^    [^ ]" "$log")
	[ "$n" -eq 0 ] ||
	    { bad "$tag: $n lines that are not records: $(grep -vE -m1 "$record_re|^    [^ ]" "$log" | cut -c1-120)"; return 1; }
}

# The longest time, in seconds, from START through the CENSUS records
# to STOP.
census_gap() {
	local prev="" cur gap=0 line
	while IFS= read -r line; do
		cur=$(line_ms "$line")
		[ -n "$prev" ] && [ $(( cur - prev )) -gt $gap ] && gap=$(( cur - prev ))
		prev=$cur
	done < <(grep -E '^[^ ]+ (START|CENSUS|STOP) ' "$1")
	echo $(( gap / 1000 ))
}

pick_jdks "$jdkset" UNLOAD_JDKS
[ ${#jdks[@]} -gt 0 ] || { summary; exit 1; }

classes=$work/classes
mkdir -p "$classes"
# javac is a JVM too.
if ! run_jvm "$work" "$top/examples/build.sh" "${jdks[0]}/bin/javac" "$classes"; then
	cat "$work/out"
	bad "examples do not compile"
	summary
	exit 1
fi

# t_churn JAVA TAG [CENSUS]: the churn, with the default census or CENSUS.
t_churn() {
	local java=$1 tag=$2-churn${3:+-$3} d=$work/$2-churn${3:+-$3} rc n gap un
	mkdir -p "$d"
	run_jvm "$d" timeout 200 "$java" -Xmx128m -XX:-UsePerfData \
	    "-Xlog:class+unload=info:file=$d/unload.log" \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d,interval=10s,loglevel=debug${3:+,census=$3}" \
	    -cp "$classes" classload.ClassLoad --seconds 60
	rc=$?
	[ $rc -eq 0 ] || { bad "$tag: exit $rc: $(tail -3 "$d/out")"; return; }
	grep -q ' START ' "$d/lw.log" || { bad "$tag: agent did not start"; return; }
	grep -q ' STOP' "$d/lw.log" || { bad "$tag: no STOP record"; return; }
	! grep -q ' SUSPECT ' "$d/lw.log" ||
	    { bad "$tag: SUSPECT lines: $(grep -m2 ' SUSPECT ' "$d/lw.log" | cut -c1-160)"; return; }
	! grep -q ' ERROR ' "$d/lw.log" ||
	    { bad "$tag: $(grep -m1 ' ERROR ' "$d/lw.log")"; return; }
	n=$(grep -c ' CENSUS ' "$d/lw.log")
	gap=$(census_gap "$d/lw.log")
	[ "$n" -ge 3 ] && [ "$gap" -le 65 ] ||
	    { bad "$tag: $n CENSUS records, longest gap ${gap}s (want >= 3, <= 65s)"; return; }
	check_log "$tag" "$d/lw.log" || return
	un=$(check_unloaded "$tag" "$d") || return
	ok "$tag: exit 0 after $(( $(cat "$d/ms") / 1000 ))s; $(done_val "$d/out" loaders) loaders," \
	    "$(done_val "$d/out" defined) classes defined, $un; $n censuses (longest gap ${gap}s," \
	    "last: $(grep ' CENSUS ' "$d/lw.log" | tail -1 | grep -oE '(classes|pause_ms)=[^ ]+' | tr '\n' ' '))," \
	    "$(grep -c ' WARN ' "$d/lw.log") WARN, no SUSPECT"
}

# t_leak JAVA TAG NAME SECONDS AFTER
t_leak() {
	local java=$1 tag=$2-$3 d=$work/$2-$3 secs=$4 after=$5 rc un first lastrep odd st_ms s_ms
	mkdir -p "$d"
	run_jvm "$d" timeout 200 "$java" -Xmx128m -XX:-UsePerfData \
	    "-Xlog:class+unload=info:file=$d/unload.log" \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d,interval=10s,loglevel=debug,maxdumps=0" \
	    -cp "$classes" classload.ClassLoad --seconds "$secs" --leak \
	    --leak-rate 8000 --leak-after "$after"
	rc=$?
	[ $rc -eq 0 ] || { bad "$tag: exit $rc: $(tail -3 "$d/out")"; return; }
	! grep -q ' ERROR ' "$d/lw.log" ||
	    { bad "$tag: $(grep -m1 ' ERROR ' "$d/lw.log")"; return; }
	first=$(grep -m1 -E ' SUSPECT #[0-9]+ .* class=classload\.Record ' "$d/lw.log")
	[ -n "$first" ] ||
	    { bad "$tag: no SUSPECT names classload.Record ($(grep -c ' SUSPECT ' "$d/lw.log") SUSPECT lines, $(grep -c ' CENSUS ' "$d/lw.log") censuses)"; return; }
	odd=$(grep ' SUSPECT ' "$d/lw.log" | grep -oE ' class=[^ ]+' |
	    grep -E 'classload\.gen\.|HiddenChurn|\$Proxy|jdk\.proxy' | sort -u | head -3 | tr '\n' ' ')
	[ -z "$odd" ] || { bad "$tag: SUSPECT names churned classes: $odd"; return; }
	# The last report: the SUSPECT lines of the last HEAP time stamp.
	lastrep=$(grep ' SUSPECT #1 ' "$d/lw.log" | tail -1)
	grep -q ' class=classload\.Record ' <<<"$lastrep" ||
	    { bad "$tag: last #1 is not classload.Record: $(cut -c1-160 <<<"$lastrep")"; return; }
	check_log "$tag" "$d/lw.log" || return
	un=$(check_unloaded "$tag" "$d") || return
	t_holder "$tag" "$d/lw.log"
	st_ms=$(line_ms "$(grep -m1 ' START ' "$d/lw.log")")
	s_ms=$(line_ms "$first")
	ok "$tag: first classload.Record SUSPECT $(( (s_ms - st_ms) / 1000 ))s after start" \
	    "(leak from ${after}s), $(grep -oE '#[0-9]+' <<<"$first");" \
	    "last: $(grep -oE ' (growth_bpm|share|censuses)=[^ ]+' <<<"$lastrep" | tr '\n' ' ')$un;" \
	    "$(grep -c ' CENSUS ' "$d/lw.log") censuses; ran $(( $(cat "$d/ms") / 1000 ))s"
}

# t_holder TAG LOG: where the agent names what holds the suspects (the
# holder= field), the last classload.Record line must name the static
# list, classload.ClassLoad.LEAK: nothing else holds a Record.
t_holder() {
	local tag=$1-holder log=$2 line h
	line=$(grep -E ' SUSPECT #[0-9]+ .* class=classload\.Record ' "$log" | tail -1)
	h=$(grep -oE ' holder="[^"]*"' <<<"$line" | cut -d'"' -f2)
	[ -n "$h" ] || { skp "$tag: no holder= field on the classload.Record SUSPECT line"; return; }
	# The class-level graph names a class loader here (500 loaders' own
	# ArrayLists outnumber the one static list); the object-level search
	# that follows it must name the static field.
	if grep -qF 'classload.ClassLoad.LEAK -> ' <<<"$h"; then
		ok "$tag: $h ($(grep -c 'object by object' "$log") object-level answers)"
	else
		bad "$tag: holder of classload.Record is not classload.ClassLoad.LEAK: $h"
	fi
}

for jdk in "${jdks[@]}"; do
	java=$jdk/bin/java
	# From the JDK's release file: no JVM started outside the lock.
	tag=jdk$(sed -nE 's/^JAVA_VERSION="([0-9]+).*/\1/p' "$jdk/release")
	echo "== $tag: $(sed -nE 's/^(IMPLEMENTOR|JAVA_RUNTIME_VERSION|JAVA_VERSION)="(.*)"/\2/p' "$jdk/release" | tr '\n' ' ')"
	want churn && t_churn "$java" "$tag"
	want leak && t_leak "$java" "$tag" leak 55 0
	want lateleak && t_leak "$java" "$tag" lateleak 75 15
	want heapwalk && t_churn "$java" "$tag" heapwalk
done

echo "logs in $work"
summary
