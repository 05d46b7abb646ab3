#!/bin/bash
# leakwatch integration tests: real JVMs, real leaks, the real agent.
#
# For each JDK on the machine (OpenJDK 17 always; Temurin 25 where
# installed, otherwise a printed SKIP) it runs:
#   leak      catleak.CatLeak until OutOfMemoryError: SUSPECT lines name a
#             message class in the top 3 before the OOM; a dump was written
#             before the OOM, starts with JAVA PROFILE 1.0.2, is complete,
#             is mode 0600 and holds the message class
#   heapwalk  the same with census=heapwalk (tags + IterateThroughHeap)
#   control   warmcache.WarmCache: exits 0, no SUSPECT, no dump
#   badopt    bad options: java exits non-zero with the one-line message
#   help      help prints the option table and the JVM runs
#   nodir     an unwritable dumpdir: WARN line, the JVM ends normally
#   attach    jcmd JVMTI.agent_load into a running JVM starts the agent with
#             the same options and output; a second load is refused and
#             the first keeps running; the JVM ends normally
# One JVM at a time: the whole run holds flock $LW_JVM_LOCK (default
# /tmp/lw-jvm.lock; empty for none; the matrix takes it for each of its
# runs of this script).  Ends with "N passed, N failed, N skipped".
set -u

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"	# top, ok/bad/skp, jdks, lock
lw_lock_self "$@"

agent=$top/build/libleakwatch.so
hcheck=$top/build/hprof-check
work=${ITEST_DIR:-$(mktemp -d /tmp/leakwatch-itest.XXXXXX)}
only=${ITEST_ONLY:-}
# ITEST_GC: collector flags for the leak and control runs (the matrix,
# test/integration/matrix.sh, sets it); ITEST_JDKS: "17", "25" or both
# (default); ITEST_LEAKARGS: extra catleak arguments.
gcflags=${ITEST_GC:-}
leakargs=${ITEST_LEAKARGS:-}	# extra catleak arguments, e.g. --rate 2000
jdkset=${ITEST_JDKS:-17 25}

[ -f "$agent" ] || { echo "itest: $agent missing (make all)"; exit 1; }
[ -x "$hcheck" ] || { echo "itest: $hcheck missing (make)"; exit 1; }

# Print the log's first line of type $2 as epoch milliseconds.
first_ms() {
	local ts
	ts=$(grep -m1 -E "^[0-9TZ:.-]+ $2 " "$1" | cut -d' ' -f1)
	[ -n "$ts" ] || { echo ""; return; }
	date -u -d "$ts" +%s%3N
}

pick_jdks "$jdkset" ITEST_JDKS quiet

classes=$work/classes
mkdir -p "$classes"
if ! "$top/examples/build.sh" "${jdks[0]}/bin/javac" "$classes" >"$work/javac.log" 2>&1; then
	cat "$work/javac.log"
	bad "examples do not compile"
	summary
	exit 1
fi

want() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

# t_leak JAVA TAG [CENSUS]: the leak, with the default census or CENSUS.
t_leak() {
	local java=$1 tag=$2-leak${3:+-$3} d rc top3 s_ms o_ms d_ms st_ms dump obj
	d=$work/$tag
	mkdir -p "$d/dumps"
	# shellcheck disable=SC2086 # gcflags is a list of flags
	timeout 300 "$java" -Xmx128m -XX:-UsePerfData $gcflags \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,interval=10s${3:+,census=$3}" \
	    -cp "$classes" catleak.CatLeak $leakargs >"$d/out" 2>&1
	rc=$?
	# The app exits on its OutOfMemoryError; on Shenandoah that came once
	# 176 s after the JVM first ran out of heap (past the timeout), so a
	# timeout after the agent saw the heap run out counts as the OOM.
	if [ $rc -eq 124 ] && grep -q ' OOM the JVM ran out of Java heap' "$d/lw.log"; then
		echo "NOTE $tag: the JVM ran out of heap but was still running at the 300 s timeout"
	elif [ $rc -eq 0 ] || [ $rc -eq 124 ]; then
		bad "$tag: exit $rc, expected an OOM exit"; return
	fi
	grep -qE "OutOfMemoryError| OOM the JVM ran out of Java heap" "$d/out" "$d/lw.log" ||
	    { bad "$tag: no OutOfMemoryError"; return; }
	top3=$(grep -E ' SUSPECT #[123] ' "$d/lw.log" |
	    grep -cE 'class=catleak\.Default(Event|MessageTree|Transaction) ')
	[ "$top3" -gt 0 ] || { bad "$tag: no message class in a top-3 SUSPECT line"; return; }
	s_ms=$(grep -E ' SUSPECT #[123] .*class=catleak\.Default(Event|MessageTree|Transaction) ' \
	    "$d/lw.log" | head -1 | cut -d' ' -f1)
	s_ms=$(date -u -d "$s_ms" +%s%3N)
	o_ms=$(first_ms "$d/lw.log" OOM)
	[ -n "$o_ms" ] || o_ms=$(first_ms "$d/lw.log" STOP)
	[ -n "$o_ms" ] && [ "$s_ms" -lt "$o_ms" ] ||
	    { bad "$tag: SUSPECT not before the OOM"; return; }
	d_ms=$(first_ms "$d/lw.log" DUMP)
	[ -n "$d_ms" ] && [ "$d_ms" -lt "$o_ms" ] ||
	    { bad "$tag: no DUMP record before the OOM"; return; }
	dump=$(grep -m1 ' DUMP ' "$d/lw.log" | sed -E 's/.* path=([^ ]+) .*/\1/')
	[ -f "$dump" ] || { bad "$tag: dump $dump missing"; return; }
	[ "$(head -c 18 "$dump")" = "JAVA PROFILE 1.0.2" ] ||
	    { bad "$tag: dump header is not JAVA PROFILE 1.0.2"; return; }
	[ "$(stat -c %a "$dump")" = 600 ] || { bad "$tag: dump mode $(stat -c %a "$dump")"; return; }
	"$hcheck" -c catleak.DefaultEvent "$dump" >"$d/hcheck" ||
	    { bad "$tag: $(cat "$d/hcheck")"; return; }
	[ "$(find "$d/dumps" -mindepth 1 | wc -l)" = 1 ] ||
	    { bad "$tag: stray files in dumpdir: $(ls -A "$d/dumps")"; return; }
	# Where the leak is allocated and what holds it, both known here.
	grep -E ' SUSPECT #[0-9]+ catleak\.DefaultEvent ' "$d/lw.log" |
	    grep -qF 'site="catleak.CatLeak$Handler.handle(CatLeak.java:' ||
	    { bad "$tag: no SUSPECT line names DefaultEvent's allocation site"; return; }
	grep -E ' SUSPECT #[0-9]+ catleak\.DefaultEvent ' "$d/lw.log" |
	    grep -qF 'holder="catleak.TcpSocketSender.queue -> ' ||
	    { bad "$tag: no SUSPECT line names TcpSocketSender.queue as the holder"; return; }
	# The object-level answer needs a second walk within maxpause: not
	# every collector and heap gets one, so it is reported, not required.
	obj=$(grep -m1 -oE 'holder of catleak\.DefaultEvent, object by object: [^(]*' "$d/lw.log" |
	    sed 's/.*object by object: //')
	if [ -n "$obj" ]; then
		grep -qF 'catleak.TcpSocketSender.queue -> ' <<<"$obj" ||
		    { bad "$tag: object-level holder is not TcpSocketSender.queue: $obj"; return; }
		obj="; object by object: $obj"
	else
		obj="; no object-level holder (walk cut or not yet run)"
	fi
	st_ms=$(first_ms "$d/lw.log" START)
	ok "$tag: first message-class SUSPECT $(( (s_ms - st_ms) / 1000 ))s after start," \
	    "$(( (o_ms - s_ms) / 1000 ))s before OOM (OOM $(( (o_ms - st_ms) / 1000 ))s after start)," \
	    "dump done $(( (o_ms - d_ms) / 1000 ))s before OOM; $(grep -m1 ' DUMP ' "$d/lw.log" |
	    grep -oE '(bytes|secs|pct)=[^ ]+' | tr '\n' ' ')site and holder named," \
	    "holder search $(grep -m1 -oE 'holder_ms=[0-9]+' "$d/lw.log" | cut -d= -f2) ms$obj"
}

t_control() {
	local java=$1 tag=$2 d=$work/$2-control rc
	mkdir -p "$d/dumps"
	# shellcheck disable=SC2086 # gcflags is a list of flags
	timeout 200 "$java" -Xmx128m -XX:-UsePerfData $gcflags \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,interval=10s" \
	    -cp "$classes" warmcache.WarmCache --seconds 60 >"$d/out" 2>&1
	rc=$?
	[ $rc -eq 0 ] || { bad "$tag control: exit $rc"; return; }
	grep -q ' START ' "$d/lw.log" || { bad "$tag control: agent did not start"; return; }
	grep -q ' HEAP ' "$d/lw.log" || { bad "$tag control: no HEAP line"; return; }
	! grep -q ' SUSPECT ' "$d/lw.log" || { bad "$tag control: SUSPECT lines: $(grep -m2 ' SUSPECT ' "$d/lw.log")"; return; }
	[ -z "$(ls -A "$d/dumps")" ] || { bad "$tag control: dumpdir not empty"; return; }
	ok "$tag control: ran 60s, exit 0, no SUSPECT, no dump ($(grep ' HEAP ' "$d/lw.log" | tail -1 | grep -oE '(pct|growth_bpm)=[^ ]+' | tr '\n' ' '))"
}

t_badopt() {
	local java=$1 tag=$2 d=$work/$2-badopt opt want rc
	mkdir -p "$d"
	while IFS='|' read -r opt want; do
		"$java" "-agentpath:$agent=$opt" -version >"$d/out" 2>&1
		rc=$?
		[ $rc -ne 0 ] || { bad "$tag badopt $opt: java exited 0"; continue; }
		[ "$(grep -c '^leakwatch: ' "$d/out")" = 1 ] &&
		    grep -qxF "leakwatch: $want" "$d/out" ||
		    { bad "$tag badopt $opt: got: $(head -3 "$d/out")"; continue; }
		ok "$tag badopt $opt: exit $rc, '$want'"
	done <<-'EOF2'
	threshold=150%|bad option threshold=150%: expected a percentage 1-99
	thresold=80%|unknown option thresold=80%: run with "help" for the list
	maxdumps=1,maxdumps=2|duplicate option maxdumps=2: each option may be given once
	lead=5x|bad option lead=5x: expected a duration 0-30d (e.g. 500ms, 30s, 5m, 2h)
	census=magic|bad option census=magic: expected one of histogram, heapwalk, off
	EOF2
}

t_help() {
	local java=$1 tag=$2 d=$work/$2-help rc
	mkdir -p "$d"
	"$java" "-agentpath:$agent=help" -version >"$d/out" 2>&1
	rc=$?
	[ $rc -eq 0 ] && grep -q 'threshold=' "$d/out" && grep -q 'dumpdir=' "$d/out" &&
	    grep -qE 'version "' "$d/out" && ok "$tag help: table printed, JVM ran" ||
	    bad "$tag help: exit $rc: $(head -3 "$d/out")"
}

# An unwritable dumpdir.  Root ignores permission bits, so as root the
# JVM runs as nobody from a world-readable copy of the agent and classes.
t_nodir() {
	local java=$1 tag=$2 d=$work/$2-nodir rc run=()
	mkdir -p "$d/ro" "$d/logs"
	chmod 0555 "$d/ro"; chmod 0777 "$d/logs"; chmod 0755 "$d" "$work"
	cp "$agent" "$d/libleakwatch.so"; cp -r "$classes" "$d/classes"
	chmod -R a+rX "$d/libleakwatch.so" "$d/classes"
	if [ "$(id -u)" = 0 ]; then
		command -v setpriv >/dev/null ||
		    { skp "$tag nodir: running as root without setpriv"; return; }
		run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	fi
	(cd "$d/logs" && timeout 200 "${run[@]}" "$java" -Xmx128m -XX:-UsePerfData \
	    "-agentpath:$d/libleakwatch.so=log=$d/logs/lw.log,dumpdir=$d/ro,threshold=25%,interval=5s" \
	    -cp "$d/classes" catleak.CatLeak --seconds 40 >"$d/out" 2>&1)
	rc=$?
	[ $rc -eq 0 ] || { bad "$tag nodir: exit $rc: $(tail -3 "$d/out")"; return; }
	grep -q ' WARN dumpdir .*not writable' "$d/logs/lw.log" &&
	    grep -q ' WARN dump skipped' "$d/logs/lw.log" ||
	    { bad "$tag nodir: no WARN lines"; return; }
	[ -z "$(ls -A "$d/ro")" ] || { bad "$tag nodir: files in dumpdir"; return; }
	ok "$tag nodir: exit 0; $(grep -m1 ' WARN dump skipped' "$d/logs/lw.log" | cut -d' ' -f3-)"
}

t_attach() {
	local java=$1 tag=$2 d=$work/$2-attach jcmd=${1%/java}/jcmd pid rc
	mkdir -p "$d"
	"$java" -Xmx128m -cp "$classes" warmcache.WarmCache --seconds 30 \
	    >"$d/out" 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		grep -q 'cache full' "$d/out" && break
		sleep 0.2
	done
	"$jcmd" "$pid" JVMTI.agent_load "$agent" "\"log=$d/lw.log,interval=5s\"" \
	    >"$d/jcmd1" 2>&1
	sleep 7
	"$jcmd" "$pid" JVMTI.agent_load "$agent" "\"log=$d/lw2.log\"" \
	    >"$d/jcmd2" 2>&1
	sleep 7
	wait $pid
	rc=$?
	[ $rc -eq 0 ] || { bad "$tag attach: JVM exit $rc"; return; }
	grep -q ' START ' "$d/lw.log" && grep -q ' HEAP ' "$d/lw.log" ||
	    { bad "$tag attach: no START/HEAP after attach: $(cat "$d/jcmd1")"; return; }
	grep -q 'already loaded' "$d/lw.log" ||
	    { bad "$tag attach: second load not refused in the log"; return; }
	[ ! -e "$d/lw2.log" ] || { bad "$tag attach: second load opened its log"; return; }
	[ "$(grep -c ' START ' "$d/lw.log")" = 1 ] ||
	    { bad "$tag attach: agent started twice"; return; }
	[ "$(grep -c ' HEAP ' "$d/lw.log")" -ge 2 ] ||
	    { bad "$tag attach: first agent stopped reporting"; return; }
	ok "$tag attach: started by jcmd, second load refused ($(tr '\n' ' ' <"$d/jcmd2" | cut -c1-80))"
}

for jdk in "${jdks[@]}"; do
	java=$jdk/bin/java
	tag=jdk$("$java" -XshowSettings:properties -version 2>&1 |
	    sed -nE 's/^ *java.specification.version = //p')
	echo "== $tag: $("$java" -version 2>&1 | head -1)"
	want badopt && t_badopt "$java" "$tag"
	want help && t_help "$java" "$tag"
	want leak && t_leak "$java" "$tag"
	want heapwalk && t_leak "$java" "$tag" heapwalk
	want control && t_control "$java" "$tag"
	want nodir && t_nodir "$java" "$tag"
	want attach && t_attach "$java" "$tag"
done

echo "logs in $work"
summary
