# leakwatch: a JVMTI agent that finds Java heap leaks before they kill the
# service.  This is the only build file; see README.md and docs/.

PREFIX	?= /usr/local
CC	?= cc
WERROR	?= 0

# JAVA_HOME: where jvmti.h lives.  Derived from javac when not given.
ifeq ($(strip $(JAVA_HOME)),)
JAVAC_PATH := $(shell command -v javac 2>/dev/null)
ifneq ($(JAVAC_PATH),)
JAVA_HOME := $(shell dirname $$(dirname $$(readlink -f $(JAVAC_PATH))))
else
JAVA_HOME := /usr/lib/jvm/java-17-openjdk-amd64
endif
endif

CSTD	= -std=gnu11
WARN	= -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith -Wcast-qual \
	  -Wwrite-strings -Wstrict-prototypes -Wmissing-prototypes \
	  -Wmissing-declarations -Wold-style-definition -Wundef -Wvla \
	  -Wnull-dereference -Wimplicit-fallthrough \
	  -Werror=implicit-function-declaration -Werror=format-security
ifeq ($(WERROR),1)
WARN	+= -Werror
endif
OPT	?= -O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
	   -fno-omit-frame-pointer
BSD_CFLAGS := $(shell pkg-config --cflags libbsd-overlay 2>/dev/null)
BSD_LIBS   := $(shell pkg-config --libs libbsd 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)
CPPFLAGS = -D_GNU_SOURCE -iquote include -DLIBBSD_OPENBSD_VIS $(BSD_CFLAGS) \
	   -isystem $(JAVA_HOME)/include -isystem $(JAVA_HOME)/include/linux
CFLAGS	= $(CSTD) $(WARN) $(OPT) -fPIC -fvisibility=hidden $(EXTRA_CFLAGS)
SOFLAGS	= -shared -Wl,-soname,libleakwatch.so -Wl,-z,defs -Wl,-z,relro \
	  -Wl,-z,now
LIBS	= $(BSD_LIBS) -lpthread

B	?= build
SRCS	:= $(wildcard agent/*.c)
OBJS	:= $(SRCS:agent/%.c=$(B)/%.o)
TSRCS	:= $(wildcard test/*.c)
TOBJS	:= $(TSRCS:test/%.c=$(B)/test/%.o)
SUITES	:= $(sort $(patsubst test/check_%.c,%,$(filter-out test/check_main.c,\
	   $(wildcard test/check_*.c))))

.PHONY: all test check itest demo deps install clean lint format test-all \
	format-check asan valgrind options-md bench-census matrix matrix-fast

all: $(B)/libleakwatch.so

deps:
	@scripts/setup.sh

$(B) $(B)/test:
	@mkdir -p $@

$(B)/%.o: agent/%.c | $(B)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libleakwatch.so: $(OBJS)
	$(CC) $(CFLAGS) $(SOFLAGS) -o $@ $(OBJS) $(LIBS)

# The unit tests link the very objects the agent is made of.
$(B)/libleakwatch.a: $(OBJS)
	rm -f $@ && ar rcs $@ $(OBJS)

# One suite per test/check_<module>.c, registered automatically.
$(B)/test/suites.h: $(wildcard test/check_*.c) | $(B)/test
	@printf '%s\n' $(foreach s,$(SUITES),"LW_SUITE($(s))") > $@.tmp
	@cmp -s $@.tmp $@ 2>/dev/null && rm -f $@.tmp || mv $@.tmp $@

$(TOBJS): $(B)/test/suites.h
$(B)/test/%.o: test/%.c | $(B)/test
	$(CC) $(CPPFLAGS) -iquote $(B)/test -DLW_TESTING $(CFLAGS) -MMD -MP \
	    -c -o $@ $<

$(B)/check_leakwatch: $(TOBJS) $(B)/libleakwatch.a
	$(CC) $(CFLAGS) -o $@ $(TOBJS) $(B)/libleakwatch.a $(CHECK_LIBS) $(LIBS)

$(B)/lw-options: scripts/lw-options.c $(B)/libleakwatch.a
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(B)/libleakwatch.a $(LIBS)

$(B)/hprof-check: scripts/hprof-check.c | $(B)
	$(CC) $(CSTD) $(WARN) $(OPT) -o $@ $<

test check: $(B)/check_leakwatch
	$(B)/check_leakwatch

itest: all $(B)/hprof-check
	test/integration/itest.sh

# The README's two commands.  Both install what is missing first, then
# re-run make so the freshly installed JDK and pkg-config are seen.
demo:
	@scripts/setup.sh
	@$(MAKE) --no-print-directory all
	scripts/demo.sh

# test-all's real-JVM part, ~13 min: itest (both JDKs), the fault tests,
# the collector matrix's CI subset and class unloading on JDK 17.
test-all:
	@scripts/setup.sh
	@$(MAKE) --no-print-directory WERROR=1 all test asan tsan lint fuzz-ci \
	    itest faults matrix-fast unload-ci

options-md: $(B)/lw-options
	@$(B)/lw-options markdown

bench-census: all
	bench/bench-census.sh

# Throughput with and without the agent (bench/bench.sh, ~24 min; holds
# flock /tmp/lw-jvm.lock throughout; BENCH_RUNS, BENCH_SECONDS, ...).
.PHONY: bench
bench: all
	bench/bench.sh

# Class unloading under the agent (test/integration/unload.sh, ~4.5 min
# with both JDKs); unload-ci is test-all's JDK 17 part.
.PHONY: unload unload-ci
unload: all
	test/integration/unload.sh

unload-ci: all
	UNLOAD_JDKS=17 test/integration/unload.sh

# Every collector x JDK: leak and control (test/integration/matrix.sh, ~30 min);
# matrix-fast is CI's subset.
matrix: all $(B)/hprof-check
	test/integration/matrix.sh

matrix-fast: all $(B)/hprof-check
	MATRIX_FAST=1 test/integration/matrix.sh

asan:
	$(MAKE) B=build-asan OPT="-O1 -g -fno-omit-frame-pointer \
	    -fsanitize=address,undefined -fno-sanitize-recover=all" \
	    EXTRA_LDFLAGS= test

valgrind: $(B)/check_leakwatch
	CK_FORK=no valgrind --error-exitcode=1 --leak-check=full \
	    --errors-for-leak-kinds=definite $(B)/check_leakwatch

lint: all
	scripts/lint.sh $(B)/libleakwatch.so

# The flags scripts/lint.sh gives clang-tidy: the build's own, without
# OPT, whose _FORTIFY_SOURCE turns snprintf, memcpy and the like into
# __*_chk builtins that the checks do not recognise.
.PHONY: tidy-flags
tidy-flags:
	@echo '$(CPPFLAGS) $(CSTD) $(WARN) $(EXTRA_CFLAGS)'

format:
	clang-format -i agent/*.c include/*.h test/*.c

format-check:
	clang-format --dry-run --Werror agent/*.c include/*.h test/*.c

install: all
	install -d $(DESTDIR)$(PREFIX)/lib
	install -m 0644 $(B)/libleakwatch.so $(DESTDIR)$(PREFIX)/lib/

clean:
	rm -rf build build-asan

-include $(OBJS:.o=.d) $(TOBJS:.o=.d)

# ---------------------------------------------------------------------------
# Fuzzing: libFuzzer targets for the parsers of outside input (test/fuzz/).
# clang only, and built from the sources into their own directory: the
# build/ objects are gcc-built, with neither coverage instrumentation nor
# sanitizers.  `make fuzz FUZZ_SECONDS=600` runs each target in turn on a
# copy of its seed corpus (test/fuzz/corpus/<target>/; the copy in
# build-fuzz/corpus-<target> grows and is kept between runs, never
# committed); a crash, leak or timeout fails the target and leaves the
# input in build-fuzz/crash-<target>/.  FUZZ_FLAGS adds libFuzzer options.

FUZZ_CC		?= clang
FUZZ_B		 = build-fuzz
FUZZ_SECONDS	?= 30
FUZZ_FLAGS	?=
FUZZ_TARGETS	 = opts histo tmpdir
FUZZ_SRCS	 = agent/opts.c agent/optshelp.c agent/units.c agent/histo.c agent/jname.c agent/lw.c agent/dump.c
FUZZ_CFLAGS	 = $(CSTD) $(WARN) -g -O1 -fno-omit-frame-pointer \
		   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

.PHONY: fuzz-build fuzz fuzz-clean fuzz-ci

fuzz-build:
	@scripts/setup.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%)

$(FUZZ_B):
	@mkdir -p $@

$(FUZZ_B)/fuzz_%: test/fuzz/fuzz_%.c $(FUZZ_SRCS) $(wildcard include/*.h) \
    | $(FUZZ_B)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_SRCS) $(LIBS)

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_B)/corpus-$$t $(FUZZ_B)/crash-$$t && \
	    cp test/fuzz/corpus/$$t/* $(FUZZ_B)/corpus-$$t/ && \
	    echo "fuzz: fuzz_$$t for $(FUZZ_SECONDS)s" && \
	    $(FUZZ_B)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -print_final_stats=1 -dict=test/fuzz/$$t.dict \
	    -artifact_prefix=$(FUZZ_B)/crash-$$t/ $(FUZZ_FLAGS) \
	    $(FUZZ_B)/corpus-$$t || exit 1; \
	done

# CI's short pass (test-all): every target for FUZZ_CI_SECONDS each.
FUZZ_CI_SECONDS	?= 20

fuzz-ci:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_CI_SECONDS)

fuzz-clean:
	rm -rf $(FUZZ_B)

clean: fuzz-clean

# ---------------------------------------------------------------------------
# ThreadSanitizer: the unit tests rebuilt into build-tsan/ with
# -fsanitize=thread, for the threads of test/check_gchook.c (GC callbacks,
# worker and VMDeath against the fake JVMTI's raw monitors).  Only the
# check binary is built: the .so is never loaded under TSan.  CK_FORK=no
# keeps every test in the one instrumented process, and halt_on_error=1
# makes the first race report end it with TSan's non-zero exit status, so
# any race fails the target.

TSAN_B		 = build-tsan

.PHONY: tsan tsan-clean

tsan:
	CK_FORK=no TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	    $(MAKE) --no-print-directory B=$(TSAN_B) \
	    OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=thread" test

tsan-clean:
	rm -rf $(TSAN_B)

clean: tsan-clean

# ---------------------------------------------------------------------------
# Faults with real JVMs (test/integration/faults.sh, ~4 min): a full disk, taken
# dump names, a bad or vanished log, SIGTERM and System.exit during a dump
# or census, a GC storm.  asan-itest: the agent itself built with
# ASan+UBSan into build-asan-agent/ and loaded, with libasan preloaded,
# into catleak until its OOM (~2 min, JDK 17 and 25).  Both take
# flock /tmp/lw-jvm.lock for their JVMs (LW_JVM_LOCK= for none).

ASAN_AGENT_B	 = build-asan-agent

.PHONY: faults asan-itest asan-agent-clean

faults: all $(B)/hprof-check
	test/integration/faults.sh

asan-itest: $(B)/hprof-check
	$(MAKE) --no-print-directory B=$(ASAN_AGENT_B) OPT="-O1 -g \
	    -fno-omit-frame-pointer -fsanitize=address,undefined \
	    -fno-sanitize-recover=all" all
	FAULTS_ONLY=asan FAULTS_AGENT=$(CURDIR)/$(ASAN_AGENT_B)/libleakwatch.so \
	    test/integration/faults.sh

asan-agent-clean:
	rm -rf $(ASAN_AGENT_B)

clean: asan-agent-clean

# ---------------------------------------------------------------------------
# Accuracy corpus (test/accuracy/run.sh): service-shaped leaks and
# look-alikes the agent was not tuned on, each run once under the agent
# on JDK 17 and 25 (ACC_JDKS=17 for one), one JVM at a time under
# flock $LW_JVM_LOCK.  Prints a table (dump lead, first SUSPECT naming the
# truth class, control alarms, site and holder of the last #1) and exits 0:
# a measurement.  accuracy-fast is the CI subset (two leaks, two controls,
# JDK 17, ~5 min).  ACC_CHECK=1 makes either fail when a control raised a
# SUSPECT or DUMP or a leak got no dump before its OOM.

.PHONY: accuracy accuracy-fast

accuracy: all
	test/accuracy/run.sh

accuracy-fast: all
	ACC_FAST=1 test/accuracy/run.sh
