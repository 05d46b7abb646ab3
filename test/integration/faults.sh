#!/bin/bash
# leakwatch fault tests: real JVMs, the real agent, things going wrong.
#
# Every test asserts that the JVM runs to its normal end with the exit
# status it has without the agent, that the leakwatch log says what
# happened in one line, and that nothing partial is left under a final
# dump name (every leakwatch-*.hprof is complete, no temporary directory
# is left behind).  The programs are examples/gcstorm (fills and collects;
# exits with --status, 0 by default) and examples/catleak.
#   enospc     writes under dumpdir fail with ENOSPC after 1 MiB (LD_PRELOAD
#              shim, test/integration/enospc.c): WARN, nothing left in
#              dumpdir
#   tmpfs      dumpdir on a 100 MiB tmpfs, a little less than the dump
#              needs, reserve=0: the statvfs check or the kernel's ENOSPC
#              stops the dump, WARN, the tmpfs is left empty (SKIP where
#              mount is not allowed: enospc covers the write failure)
#   nospace    dumpdir on a 20 MiB tmpfs (or, where mount is not allowed,
#              reserve=1t): the statvfs check skips the dump with a WARN
#   reserve    reserve=1t on a roomy disk: the same check, from reserve=
#   name-file  the dump's name pre-created as regular files: untouched, the
#              dump is written as NAME-1.hprof
#   name-link  the name as a symlink to a file outside, NAME-1 as a dangling
#              symlink: neither followed nor replaced, the dump is NAME-2
#   names-full all 100 names taken: the dump is refused with a WARN
#   logfail    log= under a regular file (not creatable, even by root): one
#              line on stderr, records go to stderr
#   logrm      the log's directory removed while running: the agent cannot
#              open the path again, says so in one WARN and keeps writing
#              (to the unlinked file), the JVM ends normally
#   logrotate  the log renamed while running (logrotate without
#              copytruncate): the agent opens the path again, the new file
#              begins with an INFO line and gets the later records
#   sigterm    SIGTERM to catleak while its dump is being written: exit 143
#              as without the agent, only complete files under final names
#   sigkill    SIGKILL during the dump: no final name; what is left (the
#              temporary directory and its partial file) is reported
#   sigkill-restart  the same, then a new JVM on the same dumpdir: its dump
#              removes the killed JVM's temporary directory
#   stale-tmp  temporary directories of gone and living pids, symlinks and
#              other names pre-made in dumpdir: the dump removes only the
#              regular files and directories of the gone pids
#   gcstorm    System.gc() back to back for 30 s: exit 0, HEAP lines keep
#              coming, census pauses within pausebudget
#   exit-dump  System.exit while the agent dumps: the JVM's own status, out
#              within 10 s of the exit call, no hs_err file
#   exit-census System.exit right after a collection, while the agent takes
#              its census: the same
#   asan       (only when FAULTS_ONLY names it: make asan-itest) the agent
#              built with ASan+UBSan ($FAULTS_AGENT) in catleak -Xmx128m to
#              its OOM: SUSPECT and DUMP lines, no sanitizer report
# The faults run on JDK 17; on JDK 25 only the cheap ones (FAULTS_25).
# One JVM at a time: the whole run holds flock $LW_JVM_LOCK (default
# /tmp/lw-jvm.lock; empty for none).  FAULTS_ONLY=a,b picks tests.
# Ends with "N passed, N failed, N skipped".
set -u

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"	# top, ok/bad/skp, jdks, lock
lw_lock_self "$@"

agent=${FAULTS_AGENT:-$top/build/libleakwatch.so}
hcheck=$top/build/hprof-check
work=${FAULTS_DIR:-$(mktemp -d /tmp/leakwatch-faults.XXXXXX)}
only=${FAULTS_ONLY:-}
cheap25=${FAULTS_25:-enospc,tmpfs,name-link,logfail,sigkill,exit-dump,exit-census}
t_start=$(date +%s)

[ -f "$agent" ] || { echo "faults: $agent missing (make all)"; exit 1; }
[ -x "$hcheck" ] || { echo "faults: $hcheck missing (make)"; exit 1; }

now_ms() { date +%s%3N; }

# The log's records of one type matching an extended regex, counted.
nrec() { grep -cE "^[0-9TZ:.-]+ $2 $3" "$1" 2>/dev/null; }
# The first such record, from its type on.
rec() { grep -m1 -E "^[0-9TZ:.-]+ $2 $3" "$1" 2>/dev/null | cut -d' ' -f2-; }
# A log timestamp as epoch milliseconds.
ts_ms() { date -u -d "$1" +%s%3N; }

# dumps_clean DIR [SKIPLIST]: every leakwatch-*.hprof in DIR that is not
# named in SKIPLIST (pre-created by the test) is a complete dump, and no
# temporary directory is left.  Prints what is wrong, returns 1.
dumps_clean() {
	local dir=$1 skiplist=${2:-} f
	for f in "$dir"/leakwatch-*.hprof; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		[ -n "$skiplist" ] && grep -qxF -e "file $f" -e "link $f" \
		    -e "dangling $f" "$skiplist" && continue
		if [ -L "$f" ] || [ ! -f "$f" ]; then
			echo "$f is not a regular file"; return 1
		fi
		"$hcheck" "$f" >/dev/null 2>&1 ||
		    { echo "$f is not a complete dump: $("$hcheck" "$f" 2>&1 | head -1)"; return 1; }
	done
	if compgen -G "$dir/.leakwatch-tmp-*" >/dev/null; then
		echo "temporary directory left: $(cd "$dir" && ls -d .leakwatch-tmp-*)"
		return 1
	fi
	return 0
}

# no_crash DIR: no hs_err file and no core in the JVM's working directory.
no_crash() {
	! compgen -G "$1/hs_err_pid*.log" >/dev/null &&
	    ! compgen -G "$1/core*" >/dev/null
}

# jrun DIR LIMIT JAVA ARGS...: run java in DIR (hs_err files land there),
# stdout to DIR/out, stderr to DIR/err, at most LIMIT seconds.  Sets rc
# and secs.
jrun() {
	local d=$1 limit=$2 t0
	shift 2
	t0=$(now_ms)
	(cd "$d" && exec timeout -k 5 "$limit" "$@") >"$d/out" 2>"$d/err"
	rc=$?
	secs=$(( ($(now_ms) - t0) / 100 ))
	secs=$((secs / 10)).$((secs % 10))
}

# jbg DIR JAVA ARGS...: the same in the background; sets pid.
jbg() {
	local d=$1
	shift
	(cd "$d" && exec "$@") >"$d/out" 2>"$d/err" &
	pid=$!
}

# jwait PID LIMIT: wait for the background JVM, killing it after LIMIT
# seconds; sets rc.
jwait() {
	local p=$1 limit=$2 i
	# In braces with stderr closed: bash reports a killed job ("Killed")
	# whenever it notices, and it notices during the sleeps.
	{
		for ((i = 0; i < limit * 10; i++)); do
			kill -0 "$p" || break
			sleep 0.1
		done
		kill -0 "$p" && kill -KILL "$p"
		wait "$p"
	} 2>/dev/null
	rc=$?
}

# The fill program: 60 MiB retained in -Xmx128m (47% after a full GC), a
# full GC every 200 ms, so a threshold=30% dump comes about 2 s after start.
fill=(-Xmx128m -XX:-UsePerfData)
fillargs=(-cp "$work/classes" gcstorm.GcStorm --live 60 --pause 200)

pick_jdks "17 25" "" quiet
[ ${#jdks[@]} -gt 0 ] || { summary; exit 1; }

mkdir -p "$work/classes"
if ! "$top/examples/build.sh" "${jdks[0]}/bin/javac" "$work/classes" >"$work/javac.log" 2>&1; then
	cat "$work/javac.log"
	bad "examples do not compile"
	summary
	exit 1
fi

# The ENOSPC shim, built from test/integration/enospc.c.
shim=$work/enospc.so
"${CC:-cc}" -shared -fPIC -O2 -Wall -o "$shim" \
    "$top/test/integration/enospc.c" -ldl >"$work/shim.log" 2>&1 || shim=

# A test runs when FAULTS_ONLY names it, or (FAULTS_ONLY unset) when it is
# not asan and, on JDK 25, when it is one of the cheap ones.
want() {
	if [ -n "$only" ]; then
		[[ ",$only," == *",$1,"* ]]
		return
	fi
	[ "$1" != asan ] || return 1
	[ "$tag" = jdk17 ] || [[ ",$cheap25," == *",$1,"* ]] ||
	    { skp "$tag $1: JDK 25 runs only $cheap25 (FAULTS_25), to keep the run short"; return 1; }
}

# A write failure in the middle of the dump: the JVM's dumper gets ENOSPC.
t_enospc() {
	local java=$1 d=$work/$2-enospc n
	[ -n "$shim" ] || { skp "$2 enospc: the shim does not build: $(head -1 "$work/shim.log")"; return; }
	mkdir -p "$d/dumps"
	jrun "$d" 60 env LW_ENOSPC_DIR="$d/dumps" LW_ENOSPC_AFTER=1048576 \
	    LD_PRELOAD="$shim" "$java" "${fill[@]}" \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,threshold=30%,interval=5s" \
	    "${fillargs[@]}" --seconds 5
	[ $rc -eq 0 ] || { bad "$2 enospc: exit $rc: $(tail -2 "$d/err")"; return; }
	grep -q 'enospc-shim: failing writes' "$d/err" ||
	    { bad "$2 enospc: the shim never failed a write (no dump started?)"; return; }
	n=$(nrec "$d/lw.log" WARN 'dump skipped \(threshold.*No space left on device')
	[ "$n" = 1 ] || { bad "$2 enospc: $n WARN lines for the failed dump"; return; }
	[ "$(nrec "$d/lw.log" DUMP '')" = 0 ] || { bad "$2 enospc: a DUMP record"; return; }
	[ -z "$(ls -A "$d/dumps")" ] ||
	    { bad "$2 enospc: left in dumpdir: $(ls -A "$d/dumps")"; return; }
	no_crash "$d" || { bad "$2 enospc: crash files"; return; }
	ok "$2 enospc: exit 0 in ${secs}s, dumpdir empty; $(rec "$d/lw.log" WARN 'dump skipped')"
}

# Too little space by statvfs: a 20 MiB tmpfs, or reserve=1t where this
# process may not mount.
t_nospace() {
	local java=$1 d=$work/$2-nospace how opts n
	mkdir -p "$d/dumps"
	if mount -t tmpfs -o size=20m,mode=0755 lw-faults "$d/dumps" 2>"$d/mount.err"; then
		how="20 MiB tmpfs"
		opts=
	else
		how="reserve=1t (no tmpfs: $(head -1 "$d/mount.err"))"
		opts=,reserve=1t
	fi
	jrun "$d" 60 "$java" "${fill[@]}" \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,threshold=30%,interval=5s$opts" \
	    "${fillargs[@]}" --seconds 5
	n=$(ls -A "$d/dumps")
	mountpoint -q "$d/dumps" && umount "$d/dumps"
	[ $rc -eq 0 ] || { bad "$2 nospace ($how): exit $rc: $(tail -2 "$d/err")"; return; }
	[ "$(nrec "$d/lw.log" WARN 'dump skipped \(threshold.* bytes free in .*plus reserve')" = 1 ] ||
	    { bad "$2 nospace ($how): no single WARN line: $(grep -m2 ' WARN ' "$d/lw.log")"; return; }
	[ "$(nrec "$d/lw.log" DUMP '')" = 0 ] || { bad "$2 nospace: a DUMP record"; return; }
	[ -z "$n" ] || { bad "$2 nospace ($how): left in dumpdir: $n"; return; }
	no_crash "$d" || { bad "$2 nospace: crash files"; return; }
	ok "$2 nospace ($how): exit 0 in ${secs}s; $(rec "$d/lw.log" WARN 'dump skipped')"
}

# A tmpfs a little smaller than the dump: 100 MiB for a 60 MiB live heap of
# small objects, whose dump is ~110 MiB.  reserve=0, so the statvfs check
# (1.5 x used heap, ~98 MB) may pass and the kernel's ENOSPC end the
# dump; either way one WARN line and an empty filesystem afterwards.
t_tmpfs() {
	local java=$1 d=$work/$2-tmpfs n how
	mkdir -p "$d/dumps"
	mount -t tmpfs -o size=100m,mode=0755 lw-faults "$d/dumps" 2>"$d/mount.err" ||
	    { skp "$2 tmpfs: cannot mount a tmpfs here ($(head -1 "$d/mount.err")); enospc covers it"; return; }
	jrun "$d" 60 "$java" "${fill[@]}" \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,threshold=30%,interval=5s,reserve=0" \
	    "${fillargs[@]}" --seconds 5
	n=$(ls -A "$d/dumps")
	umount "$d/dumps"
	[ $rc -eq 0 ] || { bad "$2 tmpfs: exit $rc: $(tail -2 "$d/err")"; return; }
	if [ "$(nrec "$d/lw.log" WARN 'dump skipped \(threshold.*No space left on device')" = 1 ]; then
		how="the statvfs check passed, the kernel said ENOSPC"
	elif [ "$(nrec "$d/lw.log" WARN 'dump skipped \(threshold.* bytes free in ')" = 1 ]; then
		how="the statvfs check refused"
	else
		bad "$2 tmpfs: no single WARN line: $(grep -m2 -E ' (WARN|DUMP) ' "$d/lw.log")"
		return
	fi
	[ "$(nrec "$d/lw.log" DUMP '')" = 0 ] || { bad "$2 tmpfs: a DUMP record"; return; }
	[ -z "$n" ] || { bad "$2 tmpfs: left on the tmpfs: $n"; return; }
	no_crash "$d" || { bad "$2 tmpfs: crash files"; return; }
	ok "$2 tmpfs (100 MiB): exit 0 in ${secs}s, $how, tmpfs empty; $(rec "$d/lw.log" WARN 'dump skipped')"
}

t_reserve() {
	local java=$1 d=$work/$2-reserve
	mkdir -p "$d/dumps"
	jrun "$d" 60 "$java" "${fill[@]}" \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,threshold=30%,interval=5s,reserve=1t" \
	    "${fillargs[@]}" --seconds 5
	[ $rc -eq 0 ] || { bad "$2 reserve: exit $rc: $(tail -2 "$d/err")"; return; }
	[ "$(nrec "$d/lw.log" WARN 'dump skipped \(threshold.* plus reserve 1099511627776;')" = 1 ] ||
	    { bad "$2 reserve: no single WARN line: $(grep -m2 ' WARN ' "$d/lw.log")"; return; }
	[ -z "$(ls -A "$d/dumps")" ] || { bad "$2 reserve: dumpdir not empty"; return; }
	no_crash "$d" || { bad "$2 reserve: crash files"; return; }
	ok "$2 reserve: exit 0 in ${secs}s; $(rec "$d/lw.log" WARN 'dump skipped')"
}

# precreate DIR PID SECONDS KINDS: for every UTC second from one before
# now to SECONDS after, make leakwatch-PID-<time>[-SEQ].hprof, SEQ = 0, 1,
# ... for each word of KINDS: "file" (content "precious NAME"), "link"
# (symlink to ../outside) or "dangling" (symlink to ../nowhere).  Lists
# "KIND NAME" made in DIR/../made.
precreate() {
	local dir=$1 pid=$2 n=$3 t i k seq base name
	t=$(date -u +%s)
	for ((i = -1; i <= n; i++)); do
		base=$dir/leakwatch-$pid-$(date -u -d "@$((t + i))" +%Y%m%dT%H%M%SZ)
		seq=0
		for k in $4; do
			name=$base.hprof
			[ $seq -gt 0 ] && name=$base-$seq.hprof
			case $k in
			file) echo "precious $name" >"$name" ;;
			link) ln -s ../outside "$name" ;;
			dangling) ln -s ../nowhere "$name" ;;
			esac
			echo "$k $name"
			seq=$((seq + 1))
		done
	done >"$dir/../made"
}
export -f precreate

# t_names_run JAVA DIR SECONDS KINDS: the fill program, started with the
# names of the next SECONDS seconds pre-created (the shell that makes them
# execs java, so its pid is the JVM's).
t_names_run() {
	jrun "$2" 60 bash -c 'precreate "$1" $$ "$2" "$3"; shift 3; exec "$@"' \
	    sh "$2/dumps" "$3" "$4" "$1" "${fill[@]}" \
	    "-agentpath:$agent=log=$2/lw.log,dumpdir=$2/dumps,threshold=30%,interval=5s" \
	    "${fillargs[@]}" --seconds 5
}

# Every pre-created name is as it was: same kind, content or target.
names_intact() {
	local d=$1 k f line
	while read -r k f; do
		case $k in
		file)
			[ -f "$f" ] && [ ! -L "$f" ] ||
			    { echo "$f is no longer a regular file"; return 1; }
			read -r line <"$f"
			[ "$line" = "precious $f" ] && [ "$(stat -c %s "$f")" = $((${#line} + 1)) ] ||
			    { echo "$f was overwritten"; return 1; } ;;
		link|dangling)
			[ -L "$f" ] || { echo "$f is no longer a symlink"; return 1; }
			[ "$(readlink "$f")" = "../$( [ "$k" = link ] && echo outside || echo nowhere)" ] ||
			    { echo "$f now points to $(readlink "$f")"; return 1; } ;;
		esac
	done <"$d/made"
	[ ! -e "$d/outside" ] || [ "$(cat "$d/outside")" = "outside, keep" ] ||
	    { echo "the symlink's target was written"; return 1; }
	[ ! -e "$d/nowhere" ] || { echo "the dangling symlink was followed"; return 1; }
}

t_names() {
	local java=$1 tag=$2 test=$3 suffix=$4 kinds=$5 d path why
	d=$work/$tag-$test
	mkdir -p "$d/dumps"
	echo "outside, keep" >"$d/outside"
	t_names_run "$java" "$d" 30 "$kinds"
	[ $rc -eq 0 ] || { bad "$tag $test: exit $rc: $(tail -2 "$d/err")"; return; }
	why=$(names_intact "$d") || { bad "$tag $test: $why"; return; }
	why=$(dumps_clean "$d/dumps" "$d/made") || { bad "$tag $test: $why"; return; }
	no_crash "$d" || { bad "$tag $test: crash files"; return; }
	if [ "$suffix" = refused ]; then
		[ "$(nrec "$d/lw.log" WARN 'dump skipped \(threshold.*: 100 names taken in ')" = 1 ] ||
		    { bad "$tag $test: no single WARN line: $(grep -m2 -E ' (WARN|DUMP) ' "$d/lw.log")"; return; }
		[ "$(find "$d/dumps" -mindepth 1 | wc -l)" = "$(wc -l <"$d/made")" ] ||
		    { bad "$tag $test: a file besides the pre-created names"; return; }
		ok "$tag $test: exit 0 in ${secs}s, $(wc -l <"$d/made") names untouched; $(rec "$d/lw.log" WARN 'dump skipped')"
		return
	fi
	[ "$(nrec "$d/lw.log" DUMP '')" = 1 ] ||
	    { bad "$tag $test: no DUMP record: $(grep -m2 ' WARN ' "$d/lw.log")"; return; }
	path=$(rec "$d/lw.log" DUMP '' | sed -E 's/.* path=([^ ]+) .*/\1/')
	[[ "$path" == "$d/dumps/"leakwatch-*"$suffix.hprof" ]] ||
	    { bad "$tag $test: dump at $path, expected a $suffix.hprof name"; return; }
	grep -qxF "file ${path%"$suffix".hprof}.hprof" "$d/made" ||
	    grep -qxF "link ${path%"$suffix".hprof}.hprof" "$d/made" ||
	    { bad "$tag $test: the dump's plain name was not pre-created (window missed)"; return; }
	"$hcheck" -c gcstorm.GcStorm\$Cell "$path" >"$d/hcheck" 2>&1 ||
	    { bad "$tag $test: $(head -1 "$d/hcheck")"; return; }
	[ "$(stat -c %a "$path")" = 600 ] || { bad "$tag $test: dump mode $(stat -c %a "$path")"; return; }
	ok "$tag $test: exit 0 in ${secs}s, $(wc -l <"$d/made") pre-created names untouched, dump at $(basename "$path")"
}

# log= under a regular file: nobody, root included, can create it.
t_logfail() {
	local java=$1 d=$work/$2-logfail n
	mkdir -p "$d"
	echo "a file, not a directory" >"$d/file"
	jrun "$d" 60 "$java" -Xmx64m -XX:-UsePerfData \
	    "-agentpath:$agent=log=$d/file/lw.log,interval=1s" \
	    -cp "$work/classes" gcstorm.GcStorm --live 8 --pause 200 --seconds 3
	[ $rc -eq 0 ] || { bad "$2 logfail: exit $rc: $(tail -2 "$d/err")"; return; }
	n=$(grep -c '^leakwatch: ' "$d/err")
	[ "$n" = 1 ] && grep -qxF "leakwatch: cannot open log=$d/file/lw.log (Not a directory); logging to stderr" "$d/err" ||
	    { bad "$2 logfail: $n leakwatch: lines: $(grep -m2 '^leakwatch: ' "$d/err")"; return; }
	[ "$(nrec "$d/err" START '')" = 1 ] && [ "$(nrec "$d/err" HEAP '')" -ge 1 ] &&
	    [ "$(nrec "$d/err" STOP '')" = 1 ] ||
	    { bad "$2 logfail: the records did not go to stderr"; return; }
	! grep -qE '^[0-9TZ:.-]+ (START|HEAP) ' "$d/out" || { bad "$2 logfail: records on stdout"; return; }
	[ "$(cat "$d/file")" = "a file, not a directory" ] || { bad "$2 logfail: file changed"; return; }
	ok "$2 logfail: exit 0 in ${secs}s, records on stderr after '$(grep -m1 '^leakwatch: ' "$d/err")'"
}

# The log's directory removed under the running agent.
t_logrm() {
	local java=$1 d=$work/$2-logrm i t_rm fd after=0 ts
	mkdir -p "$d/logs"
	jbg "$d" "$java" -Xmx64m -XX:-UsePerfData \
	    "-agentpath:$agent=log=$d/logs/lw.log,interval=1s" \
	    -cp "$work/classes" gcstorm.GcStorm --live 8 --pause 100 --seconds 10
	for i in $(seq 100); do
		grep -q ' HEAP ' "$d/logs/lw.log" 2>/dev/null && break
		sleep 0.1
	done
	cp "$d/logs/lw.log" "$d/before.log" 2>/dev/null
	rm -rf "$d/logs"
	t_rm=$(now_ms)
	sleep 4
	# The agent still holds the unlinked file; read it through /proc.
	for fd in "/proc/$pid/fd/"*; do
		[ "$(readlink "$fd")" = "$d/logs/lw.log (deleted)" ] || continue
		cp "$fd" "$d/after.log" 2>/dev/null
	done
	jwait "$pid" 60
	[ $rc -eq 0 ] || { bad "$2 logrm: exit $rc: $(tail -2 "$d/err")"; return; }
	[ -f "$d/before.log" ] || { bad "$2 logrm: no log before the removal"; return; }
	[ -f "$d/after.log" ] || { bad "$2 logrm: the agent no longer holds its log"; return; }
	while read -r ts; do
		[ "$(ts_ms "$ts")" -gt "$t_rm" ] && after=$((after + 1))
	done < <(grep ' HEAP ' "$d/after.log" | cut -d' ' -f1)
	[ $after -ge 2 ] || { bad "$2 logrm: $after HEAP lines after the removal"; return; }
	[ "$(nrec "$d/after.log" WARN 'log file .* cannot be opened again')" = 1 ] ||
	    { bad "$2 logrm: not one WARN about the lost path: $(grep -m2 ' WARN ' "$d/after.log")"; return; }
	! grep -q '^leakwatch: ' "$d/err" ||
	    { bad "$2 logrm: $(grep -m1 '^leakwatch: ' "$d/err")"; return; }
	[ ! -e "$d/logs" ] || { bad "$2 logrm: the agent re-created the log directory"; return; }
	no_crash "$d" || { bad "$2 logrm: crash files"; return; }
	ok "$2 logrm: exit 0; $after HEAP lines in the next 4 s went to the unlinked file, nothing on stderr;" \
	    "$(rec "$d/after.log" WARN 'log file' | cut -c1-120)"
}

# The log renamed under the running agent, as logrotate does: within about
# a second the agent opens log= again, and the later records go there.
t_logrotate() {
	local java=$1 d=$work/$2-logrotate i first heaps oldheaps
	mkdir -p "$d"
	jbg "$d" "$java" -Xmx64m -XX:-UsePerfData \
	    "-agentpath:$agent=log=$d/lw.log,interval=1s" \
	    -cp "$work/classes" gcstorm.GcStorm --live 8 --pause 100 --seconds 8
	for i in $(seq 100); do
		grep -q ' HEAP ' "$d/lw.log" 2>/dev/null && break
		sleep 0.1
	done
	mv "$d/lw.log" "$d/lw.log.1"
	jwait "$pid" 60
	[ $rc -eq 0 ] || { bad "$2 logrotate: exit $rc: $(tail -2 "$d/err")"; return; }
	[ -f "$d/lw.log" ] && [ ! -L "$d/lw.log" ] ||
	    { bad "$2 logrotate: no new file at the log's path"; return; }
	first=$(head -1 "$d/lw.log" | cut -d' ' -f2-)
	[[ "$first" == "INFO log file $d/lw.log was moved or removed; reopened" ]] ||
	    { bad "$2 logrotate: the new file begins with: $first"; return; }
	heaps=$(nrec "$d/lw.log" HEAP '')
	oldheaps=$(nrec "$d/lw.log.1" HEAP '')
	[ "$heaps" -ge 2 ] || { bad "$2 logrotate: $heaps HEAP lines in the new file"; return; }
	[ "$(nrec "$d/lw.log" STOP '')" = 1 ] && [ "$(nrec "$d/lw.log" START '')" = 0 ] ||
	    { bad "$2 logrotate: START/STOP not where they belong in the new file"; return; }
	[ "$(nrec "$d/lw.log.1" START '')" = 1 ] && [ "$(nrec "$d/lw.log.1" STOP '')" = 0 ] &&
	    [ "$oldheaps" -ge 1 ] ||
	    { bad "$2 logrotate: the renamed file lost records or got later ones"; return; }
	[ "$(stat -c %a "$d/lw.log")" = 600 ] || { bad "$2 logrotate: new log mode $(stat -c %a "$d/lw.log")"; return; }
	! grep -q '^leakwatch: ' "$d/err" ||
	    { bad "$2 logrotate: $(grep -m1 '^leakwatch: ' "$d/err")"; return; }
	no_crash "$d" || { bad "$2 logrotate: crash files"; return; }
	ok "$2 logrotate: exit 0; lw.log.1 kept START and $oldheaps HEAP lines, the new lw.log" \
	    "began with '$first' and got $heaps HEAP lines and STOP"
}

# SIGTERM while the dump is being written.
t_sigterm() {
	local java=$1 d=$work/$2-sigterm i ref t_kill t_end f left=""
	mkdir -p "$d/ref" "$d/dumps"
	# The reference: the same program and signal without the agent.
	jbg "$d/ref" "$java" -Xmx128m -XX:-UsePerfData -cp "$work/classes" catleak.CatLeak
	for i in $(seq 100); do
		grep -q 'catleak: start' "$d/ref/out" && break
		sleep 0.1
	done
	sleep 1
	kill -TERM "$pid"
	jwait "$pid" 30
	ref=$rc
	jbg "$d" "$java" -Xmx128m -XX:-UsePerfData \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,threshold=30%,interval=5s" \
	    -cp "$work/classes" catleak.CatLeak
	for i in $(seq 9000); do
		compgen -G "$d/dumps/.leakwatch-tmp-*/*.hprof" >/dev/null && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.01
	done
	ls -la "$d"/dumps/.leakwatch-tmp-* >"$d/at-kill" 2>&1
	kill -TERM "$pid"
	t_kill=$(now_ms)
	jwait "$pid" 60
	t_end=$(now_ms)
	[ -s "$d/at-kill" ] && grep -q '\.hprof' "$d/at-kill" ||
	    { bad "$2 sigterm: no dump started (reference exit $ref)"; return; }
	[ $rc -eq "$ref" ] || { bad "$2 sigterm: exit $rc, $ref without the agent"; return; }
	no_crash "$d" || { bad "$2 sigterm: crash files"; return; }
	for f in "$d"/dumps/leakwatch-*.hprof; do
		[ -e "$f" ] || continue
		"$hcheck" "$f" >/dev/null 2>&1 ||
		    { bad "$2 sigterm: $f is incomplete under a final name"; return; }
	done
	for f in "$d"/dumps/.leakwatch-tmp-*; do
		[ -e "$f" ] && left="$left $(basename "$f")/:$(ls -A "$f" | wc -l) files,$(du -sm "$f" | cut -f1)MB"
	done
	[ "$(nrec "$d/lw.log" STOP '')" = 1 ] || { bad "$2 sigterm: no STOP record"; return; }
	ok "$2 sigterm: exit $rc (reference $ref) $((t_end - t_kill))ms after the signal;" \
	    "final: $(cd "$d/dumps" && ls leakwatch-*.hprof 2>/dev/null | tr '\n' ' ')" \
	    "temp left:${left:- none}; log: $(grep -E ' (DUMP|WARN|ERROR) ' "$d/lw.log" | cut -d' ' -f2-8 | tr '\n' '|')"
}

# sigkill_dump JAVA D: the fill program with dumpdir D/dumps, SIGKILLed
# once its dumper has written into the temporary directory.  Returns 1 with
# the reason in why when that is not what happened.
sigkill_dump() {
	local java=$1 d=$2 i
	jbg "$d" "$java" "${fill[@]}" \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,threshold=30%,interval=5s" \
	    "${fillargs[@]}" --seconds 20
	# Kill once the dumper has written something.
	for i in $(seq 3000); do
		[ -n "$(find "$d/dumps" -path '*/.leakwatch-tmp-*/*.hprof' -size +0 2>/dev/null)" ] &&
		    break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.01
	done
	kill -KILL "$pid"
	jwait "$pid" 30
	compgen -G "$d/dumps/.leakwatch-tmp-*/*.hprof" >/dev/null ||
	    { why="no dump was being written at the kill (exit $rc)"; return 1; }
	[ $rc -eq 137 ] || { why="exit $rc"; return 1; }
	! compgen -G "$d/dumps/leakwatch-*" >/dev/null ||
	    { why="a final name exists: $(ls "$d/dumps")"; return 1; }
	return 0
}

# SIGKILL while the dump is being written: the process cannot clean up,
# but no partial file may appear under a final name.  Documents what
# remains (sigkill-restart: until the next dump in that directory).
t_sigkill() {
	local java=$1 d=$work/$2-sigkill left why
	mkdir -p "$d/dumps"
	sigkill_dump "$java" "$d" || { bad "$2 sigkill: $why"; return; }
	left=$(cd "$d/dumps" && find . -mindepth 1 -printf '%P:%s ' | sed 's/ $//')
	ok "$2 sigkill: exit 137, no final name; left behind: $left"
}

# SIGKILL during a dump, then a new JVM on the same dumpdir: its dump
# removes the killed JVM's temporary directory and partial file.
t_sigkill_restart() {
	local java=$1 d=$work/$2-sigkill-restart left why
	mkdir -p "$d/dumps" "$d/next"
	sigkill_dump "$java" "$d" || { bad "$2 sigkill-restart: $why"; return; }
	left=$(cd "$d/dumps" && find . -mindepth 1 -printf '%P:%s ' | sed 's/ $//')
	jrun "$d/next" 60 "$java" "${fill[@]}" \
	    "-agentpath:$agent=log=$d/next/lw.log,dumpdir=$d/dumps,threshold=30%,interval=5s" \
	    "${fillargs[@]}" --seconds 5
	[ $rc -eq 0 ] || { bad "$2 sigkill-restart: the next JVM: exit $rc: $(tail -2 "$d/next/err")"; return; }
	[ "$(nrec "$d/next/lw.log" DUMP '')" = 1 ] ||
	    { bad "$2 sigkill-restart: the next JVM wrote no dump: $(grep -m2 ' WARN ' "$d/next/lw.log")"; return; }
	why=$(dumps_clean "$d/dumps") || { bad "$2 sigkill-restart: $why (killed JVM left: $left)"; return; }
	no_crash "$d/next" || { bad "$2 sigkill-restart: crash files"; return; }
	ok "$2 sigkill-restart: the killed JVM left $left; after the next JVM's dump" \
	    "dumpdir holds only $(cd "$d/dumps" && ls -A | tr '\n' ' ')"
}

# Temporary directories made before the JVM starts, as killed JVMs leave
# them, and things that only look like them: the dump removes the regular
# files and directories of gone pids, and nothing else.
t_stale_tmp() {
	local java=$1 d=$work/$2-stale-tmp dead live e why
	mkdir -p "$d/dumps" "$d/outside"
	echo "outside, keep" >"$d/outside/keep"
	sleep 0 &
	dead=$!
	wait "$dead"		# a pid whose process is gone
	live=$$			# this script's, alive throughout
	mk() { mkdir "$d/dumps/$1" && echo partial >"$d/dumps/$1/leakwatch-x.hprof"; }
	mk ".leakwatch-tmp-$dead-Gone01"	# removed
	mk ".leakwatch-tmp-$dead-Gone02"	# its file goes, the symlink stays
	ln -s ../../outside/keep "$d/dumps/.leakwatch-tmp-$dead-Gone02/link.hprof"
	ln -s ../outside "$d/dumps/.leakwatch-tmp-$dead-Gone03"	# not followed
	mk ".leakwatch-tmp-$live-Live01"	# its process is alive
	mk ".leakwatch-tmp-0$dead-Gone04"	# not the pattern: leading zero
	mk ".leakwatch-tmp-Old001"		# not the pattern: no pid
	jrun "$d" 60 "$java" "${fill[@]}" \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,threshold=30%,interval=5s" \
	    "${fillargs[@]}" --seconds 5
	[ $rc -eq 0 ] || { bad "$2 stale-tmp: exit $rc: $(tail -2 "$d/err")"; return; }
	[ "$(nrec "$d/lw.log" DUMP '')" = 1 ] ||
	    { bad "$2 stale-tmp: no DUMP record: $(grep -m2 ' WARN ' "$d/lw.log")"; return; }
	[ ! -e "$d/dumps/.leakwatch-tmp-$dead-Gone01" ] ||
	    { bad "$2 stale-tmp: the gone pid's directory is still there"; return; }
	[ ! -e "$d/dumps/.leakwatch-tmp-$dead-Gone02/leakwatch-x.hprof" ] &&
	    [ -L "$d/dumps/.leakwatch-tmp-$dead-Gone02/link.hprof" ] ||
	    { bad "$2 stale-tmp: Gone02: $(ls -A "$d/dumps/.leakwatch-tmp-$dead-Gone02" | tr '\n' ' ')"; return; }
	[ -L "$d/dumps/.leakwatch-tmp-$dead-Gone03" ] &&
	    [ "$(cat "$d/outside/keep" 2>/dev/null)" = "outside, keep" ] &&
	    [ "$(ls -A "$d/outside")" = keep ] ||
	    { bad "$2 stale-tmp: a symlink was followed or removed"; return; }
	for e in ".leakwatch-tmp-$live-Live01" ".leakwatch-tmp-0$dead-Gone04" .leakwatch-tmp-Old001; do
		[ -f "$d/dumps/$e/leakwatch-x.hprof" ] ||
		    { bad "$2 stale-tmp: $e was touched"; return; }
	done
	# Without what was meant to stay, dumpdir holds only the dump.
	rm -rf "$d/dumps/".leakwatch-tmp-*
	why=$(dumps_clean "$d/dumps") || { bad "$2 stale-tmp: $why"; return; }
	no_crash "$d" || { bad "$2 stale-tmp: crash files"; return; }
	ok "$2 stale-tmp: exit 0 in ${secs}s, the gone pid's directory removed, its other" \
	    "directory emptied of regular files, symlinks, a living pid's and odd names kept"
}

# System.gc() back to back for 30 s.
t_gcstorm() {
	local java=$1 d=$work/$2-gcstorm budget=5 heaps gap gcs1 gcs2 late cen
	local n sum share verdict stop life
	mkdir -p "$d"
	jrun "$d" 120 "$java" -Xmx64m -XX:-UsePerfData \
	    "-agentpath:$agent=log=$d/lw.log,loglevel=debug,interval=5s,pausebudget=$budget%" \
	    -cp "$work/classes" gcstorm.GcStorm --live 8 --grow 256 --seconds 30
	[ $rc -eq 0 ] || { bad "$2 gcstorm: exit $rc: $(tail -2 "$d/err")"; return; }
	[ "$(nrec "$d/lw.log" ERROR '')" = 0 ] || { bad "$2 gcstorm: $(rec "$d/lw.log" ERROR '')"; return; }
	[ "$(nrec "$d/lw.log" START '')" = 1 ] && [ "$(nrec "$d/lw.log" STOP '')" = 1 ] ||
	    { bad "$2 gcstorm: no START or STOP record"; return; }
	# HEAP lines keep coming: no gap from START through the HEAP lines
	# to STOP longer than the interval and 2.5 s, so one HEAP line per
	# interval of the agent's life.  (The storm delays START itself by
	# 3-16 s: the agent's set-up runs Java code between back-to-back
	# full-GC safepoints; reported, not judged.)
	heaps=$(nrec "$d/lw.log" HEAP '')
	gap=$(grep -E ' (START|HEAP|STOP) ' "$d/lw.log" | cut -d' ' -f1 |
	    while read -r ts; do ts_ms "$ts"; done |
	    awk 'NR > 1 && $1 - p > g { g = $1 - p } { p = $1 } END { print g + 0 }')
	stop=$(ts_ms "$(grep -m1 ' STOP ' "$d/lw.log" | cut -d' ' -f1)")
	life=$((stop - $(ts_ms "$(grep -m1 ' START ' "$d/lw.log" | cut -d' ' -f1)")))
	[ "$heaps" -ge 2 ] && [ "$heaps" -ge $((life / 5000 - 1)) ] && [ "$gap" -le 7500 ] ||
	    { bad "$2 gcstorm: $heaps HEAP lines in ${life}ms, longest silence ${gap}ms"; return; }
	gcs1=$(grep ' HEAP ' "$d/lw.log" | head -1 | sed -E 's/.* gcs=([0-9]+).*/\1/')
	gcs2=$(grep ' HEAP ' "$d/lw.log" | tail -1 | sed -E 's/.* gcs=([0-9]+).*/\1/')
	[ "$gcs2" -gt "$gcs1" ] || { bad "$2 gcstorm: gcs did not move ($gcs1 -> $gcs2)"; return; }
	late=$(( $(ts_ms "$(grep -m1 ' START ' "$d/lw.log" | cut -d' ' -f1)") -
	    $(sed -nE 's/^gcstorm: start ms=([0-9]+).*/\1/p' "$d/out") ))
	# Census spacing: the pause budget is a token bucket (README, "How
	# it works" 3): credit accrues at `pausebudget` of wall time up to
	# two maxpauses (2 s at the default), each census pays its pause, and
	# censuses are at least 2 s apart.  So for every run of censuses i..j
	# their pauses add up to at most 2000 ms + budget x (end of j - start
	# of i), and each starts 2 s or more after the one before (50 ms of
	# slack for the clock and the log write).  A census's own time
	# includes waiting for the VM thread behind the storm's collections
	# (one took 462 ms), hence a 5% budget so several fit in 30 s, and a
	# single census passes only if the time it owes reaches past STOP.
	grep ' CENSUS ' "$d/lw.log" |
	    sed -E 's/^([^ ]+) .* pause_ms=([0-9.]+).*/\1 \2/' |
	    while read -r ts p; do echo "$(ts_ms "$ts") $p"; done >"$d/census"
	cen=$(awk -v b="$budget" -v stop="$stop" '
	    { n++; e[n] = $1; p[n] = $2; s[n] = $1 - $2; all += $2 }
	    END {
	      for (j = 2; j <= n && bad == ""; j++)
	        if (s[j] - e[j - 1] + 50 < 2000)
	          bad = sprintf("census_at_+%dms_only_%dms_after_the_last_ended",
	              s[j] - s[1], s[j] - e[j - 1])
	      for (i = 1; i <= n && bad == ""; i++) {
	        sum = 0
	        for (j = i; j <= n && bad == ""; j++) {
	          sum += p[j]
	          if (sum > 2000 + b / 100 * (e[j] - s[i]) + 50)
	            bad = sprintf("censuses_%d-%d_paused_%.0fms_in_%dms", i, j,
	                sum, e[j] - s[i])
	        }
	      }
	      if (n == 1 && e[1] + (p[1] * 100 / b < 2000 ? 2000 : p[1] * 100 / b) < stop)
	        bad = "one_census_and_none_in_the_time_after_it"
	      span = n > 1 ? e[n] - s[1] : 0
	      share = span > 0 ? 100 * all / span : 0
	      printf "%d %.0f %.3f %s\n", n, all, share, (bad != "" ? bad : "ok") }' "$d/census")
	read -r n sum share verdict <<<"$cen"
	[ "$n" -ge 1 ] || { bad "$2 gcstorm: no CENSUS line"; return; }
	[ "$verdict" = ok ] ||
	    { bad "$2 gcstorm: censuses ${sum}ms, ${share}% of their span: $verdict"; return; }
	no_crash "$d" || { bad "$2 gcstorm: crash files"; return; }
	ok "$2 gcstorm: exit 0 in ${secs}s, $(sed -nE 's/.*exit-call.* gcs=([0-9]+).*/\1/p' "$d/out") System.gc() calls;" \
	    "START ${late}ms after the JVM's; $heaps HEAP lines in ${life}ms (gcs $gcs1 -> $gcs2), longest silence ${gap}ms;" \
	    "$n censuses, ${sum}ms in all, ${share}% of their span (budget ${budget}% after a 2 s burst)," \
	    "longest $(sort -k2 -n "$d/census" | tail -1 | cut -d' ' -f2)ms"
}

# exit_check TAG TEST D STATUS: the JVM left with STATUS within 10 s of the
# exit call it printed, without a crash.
exit_check() {
	local tag=$1 test=$2 d=$3 want=$4 why
	[ $rc -eq "$want" ] || { bad "$tag $test: exit $rc, expected $want: $(tail -2 "$d/err")"; return 1; }
	call=$(sed -nE 's/^gcstorm: exit-call ms=([0-9]+).*/\1/p' "$d/out")
	[ -n "$call" ] || { bad "$tag $test: the program never called exit"; return 1; }
	exit_ms=$((t_end - call))
	[ $exit_ms -le 10000 ] || { bad "$tag $test: out ${exit_ms}ms after the exit call"; return 1; }
	no_crash "$d" || { bad "$tag $test: crash files: $(ls "$d")"; return 1; }
	grep -q 'A fatal error has been detected' "$d/out" "$d/err" &&
	    { bad "$tag $test: fatal error"; return 1; }
	[ "$(nrec "$d/lw.log" STOP '')" = 1 ] || { bad "$tag $test: no STOP record"; return 1; }
	why=$(dumps_clean "$d/dumps") || { bad "$tag $test: $why"; return 1; }
	return 0
}

# System.exit while the agent is dumping (the dumper's temp dir appeared).
# The program's watcher thread must see the directory in the few
# milliseconds before the dump's safepoint stops it too; when it misses
# them the dump simply completes, so up to 3 tries.
t_exit_dump() {
	local java=$1 d=$work/$2-exit-dump call end try
	for try in 1 2 3; do
		rm -rf "$d"
		mkdir -p "$d/dumps"
		jrun "$d" 60 "$java" -Xmx128m -XX:-UsePerfData \
		    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,threshold=30%,interval=5s" \
		    -cp "$work/classes" gcstorm.GcStorm --live 80 --pause 200 --seconds 20 \
		    --status 7 --exit-on-tmpdir "$d/dumps"
		t_end=$(now_ms)
		grep -q 'why=dump-started' "$d/out" && break
	done
	grep -q 'why=dump-started' "$d/out" ||
	    { bad "$2 exit-dump: no dump started in 3 tries ($(grep exit-call "$d/out"))"; return; }
	exit_check "$2" exit-dump "$d" 7 || return
	# The dump ended (DUMP or WARN line) after the exit call.
	end=$(grep -m1 -E ' (DUMP|WARN dump skipped \() ' "$d/lw.log" | cut -d' ' -f1)
	[ -n "$end" ] || { bad "$2 exit-dump: no DUMP or WARN record"; return; }
	[ "$(ts_ms "$end")" -ge "$call" ] ||
	    { bad "$2 exit-dump: the dump had ended before the exit call"; return; }
	ok "$2 exit-dump: exit 7 ${exit_ms}ms after the exit call (try $try), dump ended" \
	    "$(( $(ts_ms "$end") - call ))ms after it; log:" \
	    "$(grep -E ' (DUMP|WARN|ERROR) ' "$d/lw.log" | cut -d' ' -f2-8 | tr '\n' '|')" \
	    "final: $(cd "$d/dumps" && ls 2>/dev/null | tr '\n' ' ')"
}

# System.exit 20 ms after a collection that calls for a census: the agent
# is in the census (3M small objects take 40-80 ms to count).  The census
# is a safepoint, so the exiting thread is held until it ends: a hit is an
# exit call stamped inside [census line - pause_ms, census line].
# pausebudget=50% so the census before it does not push this one out;
# up to 3 tries, as the timing is the scheduler's.
t_exit_census() {
	local java=$1 d=$work/$2-exit-census call c cts cp hit=no try
	for try in 1 2 3; do
		rm -rf "$d"
		mkdir -p "$d/dumps"
		jrun "$d" 60 "$java" -Xmx128m -XX:-UsePerfData \
		    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,maxdumps=0,loglevel=debug,interval=5s,pausebudget=50%" \
		    -cp "$work/classes" gcstorm.GcStorm --live 80 --pause 2500 --seconds 5 \
		    --status 7 --exit-after-gc 20
		t_end=$(now_ms)
		exit_check "$2" exit-census "$d" 7 || return
		call=$(sed -nE 's/^gcstorm: exit-call ms=([0-9]+).*/\1/p' "$d/out")
		# Was a census running at the exit call?  It began pause_ms
		# before its line.
		while read -r c; do
			cts=$(ts_ms "${c%% *}")
			cp=$(printf %.0f "${c##* }")
			[ $((cts - cp)) -le "$call" ] && [ "$cts" -ge "$call" ] && hit=yes
		done < <(grep ' CENSUS ' "$d/lw.log" | sed -E 's/^([^ ]+) .* pause_ms=([0-9.]+).*/\1 \2/')
		[ $hit = yes ] && break
	done
	[ $hit = yes ] || { bad "$2 exit-census: no census was running at the exit call in 3 tries"; return; }
	ok "$2 exit-census: exit 7 ${exit_ms}ms after the exit call, a census of" \
	    "$(grep ' CENSUS ' "$d/lw.log" | tail -1 | grep -oE 'objects=[0-9]+|pause_ms=[0-9.]+' | tr '\n' ' ')" \
	    "was running (try $try); log: $(grep -E ' (WARN|ERROR) ' "$d/lw.log" | cut -d' ' -f2-10 | tr '\n' '|')"
}

# The ASan+UBSan agent in the leak.
t_asan() {
	local java=$1 d=$work/$2-asan libs
	libs=$("${CC:-cc}" -print-file-name=libasan.so)
	[ -f "$libs" ] || { skp "$2 asan: no libasan.so"; return; }
	nm -D "$agent" 2>/dev/null | grep -q __asan_init ||
	    { bad "$2 asan: $agent is not built with ASan (make asan-itest)"; return; }
	mkdir -p "$d/dumps"
	jrun "$d" 300 env LD_PRELOAD="$libs" \
	    ASAN_OPTIONS=handle_segv=0:detect_leaks=0:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    "$java" -Xmx128m -XX:-UsePerfData \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d/dumps,interval=10s" \
	    -cp "$work/classes" catleak.CatLeak
	if grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$d/out" "$d/err"; then
		bad "$2 asan: sanitizer report: $(grep -m3 -E 'Sanitizer|runtime error:' "$d/out" "$d/err")"
		return
	fi
	[ $rc -eq 3 ] || { bad "$2 asan: exit $rc, expected 3 (OOM): $(tail -3 "$d/err")"; return; }
	grep -qE ' SUSPECT #[123] .*class=catleak\.Default(Event|MessageTree|Transaction) ' "$d/lw.log" ||
	    { bad "$2 asan: no message class in a top-3 SUSPECT line"; return; }
	[ "$(nrec "$d/lw.log" DUMP '')" = 1 ] || { bad "$2 asan: no DUMP record"; return; }
	why=$(dumps_clean "$d/dumps") || { bad "$2 asan: $why"; return; }
	"$hcheck" -c catleak.DefaultEvent "$(rec "$d/lw.log" DUMP '' | sed -E 's/.* path=([^ ]+) .*/\1/')" \
	    >"$d/hcheck" 2>&1 || { bad "$2 asan: $(head -1 "$d/hcheck")"; return; }
	no_crash "$d" || { bad "$2 asan: crash files"; return; }
	ok "$2 asan: exit 3 (OOM) in ${secs}s, no sanitizer report, SUSPECT and DUMP" \
	    "($(rec "$d/lw.log" DUMP '' | grep -oE '(bytes|secs|pct)=[^ ]+' | tr '\n' ' '))"
}

for jdk in "${jdks[@]}"; do
	java=$jdk/bin/java
	tag=jdk$("$java" -XshowSettings:properties -version 2>&1 |
	    sed -nE 's/^ *java.specification.version = //p')
	echo "== $tag: $("$java" -version 2>&1 | head -1)"
	for t in enospc tmpfs nospace reserve name-file name-link names-full \
	    logfail logrm logrotate sigterm sigkill sigkill-restart stale-tmp \
	    gcstorm exit-dump exit-census asan; do
		want "$t" || continue
		t0=$(date +%s)
		case $t in
		enospc) t_enospc "$java" "$tag" ;;
		tmpfs) t_tmpfs "$java" "$tag" ;;
		nospace) t_nospace "$java" "$tag" ;;
		reserve) t_reserve "$java" "$tag" ;;
		name-file) t_names "$java" "$tag" name-file -1 file ;;
		name-link) t_names "$java" "$tag" name-link -2 "link dangling" ;;
		names-full) t_names "$java" "$tag" names-full refused \
		    "$(printf 'file %.0s' $(seq 100))" ;;
		logfail) t_logfail "$java" "$tag" ;;
		logrm) t_logrm "$java" "$tag" ;;
		logrotate) t_logrotate "$java" "$tag" ;;
		sigterm) t_sigterm "$java" "$tag" ;;
		sigkill) t_sigkill "$java" "$tag" ;;
		sigkill-restart) t_sigkill_restart "$java" "$tag" ;;
		stale-tmp) t_stale_tmp "$java" "$tag" ;;
		gcstorm) t_gcstorm "$java" "$tag" ;;
		exit-dump) t_exit_dump "$java" "$tag" ;;
		exit-census) t_exit_census "$java" "$tag" ;;
		asan) t_asan "$java" "$tag" ;;
		esac
		echo "   ($t: $(( $(date +%s) - t0 ))s)"
	done
done

echo "logs in $work; $(( $(date +%s) - t_start ))s in all"
summary
