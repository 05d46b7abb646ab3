# leakwatch: a JVMTI agent that finds Java heap leaks before they kill the
# service.  This is the only build file; see README.md and ../shared/STYLE.md.

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
	format-check asan valgrind options-md bench-census

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
	scripts/itest.sh

# The README's two commands.  Both install what is missing first, then
# re-run make so the freshly installed JDK and pkg-config are seen.
demo:
	@scripts/setup.sh
	@$(MAKE) --no-print-directory all
	scripts/demo.sh

test-all:
	@scripts/setup.sh
	@$(MAKE) --no-print-directory WERROR=1 all test lint itest

options-md: $(B)/lw-options
	@$(B)/lw-options markdown

bench-census: all
	scripts/bench-census.sh

asan:
	$(MAKE) B=build-asan OPT="-O1 -g -fno-omit-frame-pointer \
	    -fsanitize=address,undefined -fno-sanitize-recover=all" \
	    EXTRA_LDFLAGS= test

valgrind: $(B)/check_leakwatch
	CK_FORK=no valgrind --error-exitcode=1 --leak-check=full \
	    --errors-for-leak-kinds=definite $(B)/check_leakwatch

lint: all
	scripts/lint.sh $(B)/libleakwatch.so

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
