#!/bin/bash
# leakwatch accuracy corpus: programs the agent was never tuned on, each run
# once under the agent, measured against its ground truth.
#
# Every directory under test/accuracy/programs/ is one program (its own
# package, a service-shaped leak or look-alike) with a `truth` file of
# key=value lines:
#   kind          leak | control
#   heap          the -Xmx to run with
#   main          the main class
#   args          extra program arguments (optional)
#   seconds       how long a control runs (--seconds N; exit 0 after)
#   classes       leaks: the leaking application classes, comma-separated
#   method        leaks: the allocating application method(s), pkg.Class.method
#   owner         leaks: the structure a person would fix, pkg.Class.field
#   expect_oom_s  leaks: time to OutOfMemoryError measured without the agent
#   timeout_s     leaks: how long to wait for the OOM (optional; default
#                 3 x expect_oom_s, at least 240 s)
#
# The programs are compiled with JDK 17's javac (--release 17) into
# build/accuracy/classes and each runs ONCE per JDK (17 always; 25 when
# installed, else a SKIP line) under G1 with the agent at default options
# but for log= and dumpdir=.  One table row per run:
#   OOM          seconds from JVM start to the program's OutOfMemoryError
#                (its uncaught-exception handler halts with status 3)
#   dump lead    seconds between the first DUMP record and the OOM, and as
#                a share of the time to OOM; when the agent's OOM record
#                (the JVM's first heap exhaustion) came earlier, leads and
#                "before the OOM" count to that record instead (a note says
#                so)
#   1st SUSPECT  when the first SUSPECT line naming a truth class came
#                (seconds after start, and as a share of the time to OOM)
#   alarms       controls: SUSPECT and DUMP records, and whether any HEAP
#                line predicted an OOM ("OOM in")
#   last #1      the #1 SUSPECT of the last report before the OOM: does it
#                name a truth class; does its site= start with a truth
#                method; does its holder= contain the truth owner
#
# Environment:
#   ACC_ONLY=a,b      only these programs
#   ACC_JDKS=17,25    which JDKs (default both; 25 skipped when missing)
#   ACC_FAST=1        the CI subset: two leaks, two controls, JDK 17 (~5 min)
#   ACC_CHECK=1       exit non-zero if a control raised a SUSPECT or DUMP or
#                     a leak got no dump before its OOM (default: exit 0, the
#                     table is a measurement, not a test)
#   ACC_DIR=DIR       where runs go (default build/accuracy/runs/<UTC time>)
#   ACC_NOAGENT=1     run without the agent (to measure expect_oom_s and
#                     check that controls stay flat: -Xlog:gc goes to the
#                     run's gc.log and the table's agent columns are empty)
#   ACC_KEEP_DUMPS=1  keep the heap dumps (default: deleted after each run;
#                     a 4 GB heap's dump is several GB)
#   LW_JVM_LOCK       lock file held (flock) around each JVM (default
#                     /tmp/lw-jvm.lock; empty: no lock)
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
agent=$top/build/libleakwatch.so
progs=$top/test/accuracy/programs
classes=$top/build/accuracy/classes
work=${ACC_DIR:-$top/build/accuracy/runs/$(date -u +%Y%m%dT%H%M%SZ)}
lock=${LW_JVM_LOCK-/tmp/lw-jvm.lock}
only=${ACC_ONLY:-}
jdkset=${ACC_JDKS:-17,25}
check=${ACC_CHECK:-0}
fast=${ACC_FAST:-0}
fast_set=pricecache,uploadspool,skuwarmcache,ledgerbatch
nfail=0 nskip=0

bad() { nfail=$((nfail + 1)); echo "FAIL $*"; }
# shellcheck disable=SC2317 # called by scripts/jdks.sh
skp() { nskip=$((nskip + 1)); echo "SKIP $*"; }

[ -f "$agent" ] || { echo "accuracy: $agent missing (make all)"; exit 1; }

if [ "$fast" = 1 ]; then
	[ -n "$only" ] || only=$fast_set
	jdkset=17
fi

# shellcheck source=scripts/jdks.sh
. "$top/scripts/jdks.sh"
pick_jdks "${jdkset//,/ }" ACC_JDKS
# shellcheck disable=SC2154 # jdks is set by pick_jdks
[ ${#jdks[@]} -gt 0 ] || { echo "accuracy: no JDK to run on"; exit 1; }

rm -rf "$classes"
mkdir -p "$classes" "$work"
# Program sources have no spaces in their names.
# shellcheck disable=SC2046
if ! "$JDK17/bin/javac" --release 17 -d "$classes" \
    $(find "$progs" -name '*.java' | LC_ALL=C sort) >"$work/javac.log" 2>&1; then
	cat "$work/javac.log"
	echo "accuracy: the programs do not compile"
	exit 1
fi

want() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

# truth PROGRAM KEY: the value of KEY in PROGRAM's truth file.
truth() {
	grep -m1 "^$2=" "$progs/$1/truth" | cut -d= -f2-
}

# Milliseconds between two epoch-ms values as seconds with one decimal.
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }
# Percentage A of B, no decimals.
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", 100 * a / b; else print "-" }'; }

# ms LINE...: the epoch milliseconds of each log line read on stdin.
ms_of() { cut -d' ' -f1 | date -u -f - +%s%3N; }

# field NAME LINE: a key=value field of a record (quoted ones unquoted).
field() {
	local v
	v=$(grep -oE " $1=(\"([^\"\\\\]|\\\\.)*\"|[^ ]*)" <<<"$2" | head -1)
	v=${v#" $1="}
	v=${v#\"}
	v=${v%\"}
	printf '%s' "$v"
}

in_list() { [[ ",$2," == *",$1,"* ]]; }

# run_jvm DIR TIMEOUT CMD...: CMD under timeout and the JVM lock, output in
# DIR/out, status in DIR/rc, epoch ms before and after in DIR/t0, DIR/t1
# (the wait for the lock is not counted).
run_jvm() {
	local d=$1 to=$2
	shift 2
	# shellcheck disable=SC2016 # expanded by the inner bash
	local body='echo "$(date +%s%3N)" >"$1/t0"; timeout "$2" "${@:3}" >"$1/out" 2>&1
	    echo $? >"$1/rc"; echo "$(date +%s%3N)" >"$1/t1"'
	if [ -n "$lock" ]; then
		flock "$lock" bash -c "$body" _ "$d" "$to" "$@"
	else
		bash -c "$body" _ "$d" "$to" "$@"
	fi
}

n_leak=0 n_ctl=0 leak_dump=0 leak_susp=0 leak_top=0 leak_site=0 leak_holder=0 leak_oom=0
ctl_quiet=0
rows=()

# one PROGRAM JAVA_HOME: run PROGRAM once under the agent and add its row.
one() {
	local p=$1 jh=$2 jv d kind heap main args to rc t0 t1 tend toom note=""
	local log cls meth own expect sec
	jv=$("$jh/bin/java" -XshowSettings:properties -version 2>&1 |
	    sed -n 's/^ *java.specification.version = //p')
	d=$work/$p-jdk$jv
	mkdir -p "$d/dumps"
	log=$d/lw.log
	kind=$(truth "$p" kind) heap=$(truth "$p" heap) main=$(truth "$p" main)
	args=$(truth "$p" args) sec=$(truth "$p" seconds)
	cls=$(truth "$p" classes) meth=$(truth "$p" method) own=$(truth "$p" owner)
	expect=$(truth "$p" expect_oom_s)
	if [ "$kind" = control ]; then
		args="$args --seconds ${sec:-90}"
		to=$(( ${sec:-90} + 120 ))
	else
		to=$(truth "$p" timeout_s)
		if [ -z "$to" ]; then
			to=$(( ${expect:-200} * 3 ))
			[ "$to" -ge 240 ] || to=240
		fi
	fi
	echo "run $p on JDK $jv ($kind, -Xmx$heap, timeout ${to}s) in $d" >&2
	local watch="-agentpath:$agent=log=$log,dumpdir=$d/dumps"
	[ "${ACC_NOAGENT:-0}" = 1 ] && watch="-Xlog:gc:file=$d/gc.log"
	# shellcheck disable=SC2086 # args is a list of words
	run_jvm "$d" "$to" "$jh/bin/java" "-Xmx$heap" -XX:+UseG1GC -XX:-UsePerfData \
	    "$watch" -cp "$classes" "$main" $args
	rc=$(cat "$d/rc") t0=$(cat "$d/t0") t1=$(cat "$d/t1")
	[ "${ACC_KEEP_DUMPS:-0}" = 1 ] || find "$d/dumps" -name '*.hprof' -delete
	[ -f "$log" ] || : >"$log"
	if [ "${ACC_NOAGENT:-0}" = 1 ]; then
		note="no agent; $(grep -hE '^[a-z]+: stopping' "$d/out" | sed 's/^[a-z]*: //')"
	elif ! grep -q ' START ' "$log"; then
		note="$note; agent did not start"
	fi

	# The OOM: the program's handler halts with status 3 and says so.
	toom=""
	if [ "$rc" = 3 ] && grep -q 'OutOfMemoryError' "$d/out"; then
		toom=$((t1 - t0))
	elif [ "$rc" = 124 ]; then
		note="$note; timeout at ${to}s"
	elif [ "$rc" != 0 ]; then
		note="$note; exit $rc: $(grep -m1 -E 'Error|Exception' "$d/out" | cut -c1-80)"
	fi
	[ "$kind" = control ] && [ -n "$toom" ] && note="$note; control ran out of heap"
	# Records up to the OOM (or the end of the run).
	tend=${toom:+$((t0 + toom))}
	tend=${tend:-$t1}
	local recs=$d/records
	grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z [A-Z]+ ' "$log" >"$recs.all"
	paste -d' ' <(ms_of <"$recs.all") "$recs.all" 2>/dev/null >"$recs.ms"
	# The JVM's first heap exhaustion (the agent's OOM record) can come
	# well before the program dies of it: a dump or report after it is
	# not "before the OOM".
	local joom
	joom=$(grep -m1 -E '^[0-9]+ [^ ]+ OOM ' "$recs.ms" | cut -d' ' -f1)
	if [ -n "$toom" ] && [ -n "$joom" ] && [ "$joom" -lt "$tend" ]; then
		note="$note; the JVM first ran out of heap $(secs "$joom" "$tend") s before the program died: times are to that"
		tend=$joom
	fi
	awk -v e="$tend" '$1 < e' "$recs.ms" >"$recs"

	local c_oom c_lead="-" c_susp="-" c_alarm="-" c_top="-" c_site="-" c_hold="-" line ms
	c_oom=${toom:+$(secs 0 "$toom")}
	c_oom=${c_oom:--}
	if [ "$kind" = control ]; then
		n_ctl=$((n_ctl + 1))
		local ns nd no
		no=$(grep -E '^[^ ]+ HEAP ' "$recs.all" | grep -c 'OOM in')
		ns=$(grep -cE '^[^ ]+ SUSPECT ' "$recs.all")
		nd=$(grep -cE '^[^ ]+ DUMP ' "$recs.all")
		c_alarm="SUSPECT $ns, DUMP $nd, OOM-in $([ "$no" -gt 0 ] && echo "yes ($no)" || echo no)"
		if [ "$ns" = 0 ] && [ "$nd" = 0 ]; then
			ctl_quiet=$((ctl_quiet + 1))
		elif [ "$check" = 1 ]; then
			bad "$p jdk$jv: control raised $ns SUSPECT and $nd DUMP records"
		fi
		if [ "$ns" -gt 0 ]; then
			c_top=$(field class "$(grep -E '^[0-9]+ [^ ]+ SUSPECT #1 ' "$recs" | tail -1)")
			c_top="(#1 last: ${c_top:-?})"
		fi
	else
		n_leak=$((n_leak + 1))
		[ -n "$toom" ] && leak_oom=$((leak_oom + 1))
		local span=${toom:-$((t1 - t0))}
		line=$(grep -m1 -E '^[0-9]+ [^ ]+ DUMP ' "$recs")
		if [ -n "$line" ]; then
			ms=${line%% *}
			if [ -n "$toom" ]; then
				c_lead="$(secs "$ms" "$tend") s ($(pct $((tend - ms)) "$toom")%)"
			else
				c_lead="at $(secs "$t0" "$ms") s, no OOM"
			fi
			leak_dump=$((leak_dump + 1))
		else
			c_lead=none
			[ "$check" = 1 ] && bad "$p jdk$jv: no dump before the OOM"
		fi
		local c first=""
		while read -r line; do
			c=$(field class "$line")
			if in_list "$c" "$cls"; then first=$line; break; fi
		done < <(grep -E '^[0-9]+ [^ ]+ SUSPECT ' "$recs")
		if [ -n "$first" ]; then
			ms=${first%% *}
			c_susp="$(secs "$t0" "$ms") s ($(pct $((ms - t0)) "$span")%)"
			leak_susp=$((leak_susp + 1))
		else
			c_susp=none
		fi
		line=$(grep -E '^[0-9]+ [^ ]+ SUSPECT #1 ' "$recs" | tail -1)
		if [ -z "$line" ]; then
			c_top=none c_site=- c_hold=-
		else
			c=$(field class "$line")
			if in_list "$c" "$cls"; then
				c_top="yes ($c)"
				leak_top=$((leak_top + 1))
			else
				c_top="no ($c)"
			fi
			local site holder m ok=no
			site=$(field site "$line") holder=$(field holder "$line")
			if [ -z "$site" ]; then
				c_site="no site"
			else
				for m in ${meth//,/ }; do
					[[ "$site" == "$m("* ]] && ok=yes
				done
				c_site=$ok
				[ $ok = yes ] || c_site="no ($site)"
				[ $ok = yes ] && leak_site=$((leak_site + 1))
			fi
			if [ -z "$holder" ]; then
				c_hold="no holder"
			elif [[ "$holder" == *"$own"* ]]; then
				c_hold="yes"
				leak_holder=$((leak_holder + 1))
			else
				c_hold="no (${holder%% -> *} -> ...)"
			fi
		fi
	fi
	rows+=("| $p | $jv | $kind | $c_oom | $c_lead | $c_susp | $c_alarm | $c_top | $c_site | $c_hold | ${note#; } |")
	echo "${rows[-1]}" >&2
}

for jh in "${jdks[@]}"; do
	for p in $(find "$progs" -mindepth 2 -maxdepth 2 -name truth -printf '%h\n' |
	    xargs -n1 basename | LC_ALL=C sort); do
		want "$p" || continue
		one "$p" "$jh"
	done
done

echo
echo "| program | JDK | kind | OOM (s) | dump lead (s, % of time to OOM) | 1st truth SUSPECT (s, % of time to OOM) | control alarms | last #1 before OOM is truth | its site | its holder has owner | notes |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for r in "${rows[@]}"; do
	echo "$r"
done
echo
echo "accuracy: $n_leak leak runs ($leak_oom reached OOM; dump before OOM $leak_dump," \
    "truth SUSPECT $leak_susp, last #1 truth $leak_top, site $leak_site, holder $leak_holder);" \
    "$n_ctl control runs ($ctl_quiet silent); $nskip skipped; runs in $work"
if [ "$check" = 1 ] && [ "$nfail" -gt 0 ]; then
	echo "accuracy: ACC_CHECK: $nfail failed"
	exit 1
fi
exit 0
