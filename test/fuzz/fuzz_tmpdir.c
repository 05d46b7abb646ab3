/*
 * leakwatch - fuzz_tmpdir.c
 *
 * libFuzzer target for lw_dump_tmpdir_pid (agent/dump.c): it reads the
 * names of entries in the dump directory, which anyone who can write
 * there controls, and a name it accepts leads to files being removed.
 * So: no input crashes it, and an accepted name has exactly the form
 * ".leakwatch-tmp-<pid>-XXXXXX" (pid 1..INT_MAX in decimal without a
 * leading zero, six letters or digits), with the pid it printed.
 * Not agent code: __builtin_trap() is how a fuzz target reports.
 */
#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "dump.h"
#include "lw.h"

#define FUZZ_CHECK(c) do {						\
	if (!(c))							\
		__builtin_trap();					\
} while (0)

#define PREFIX	".leakwatch-tmp-"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	name[300], again[300];
	pid_t	pid = -7;
	size_t	i, plen = strlen(PREFIX), n;

	if (size >= sizeof(name))
		return (0);
	memcpy(name, data, size);
	name[size] = '\0';
	if (lw_dump_tmpdir_pid(name, &pid) != 0)
		return (0);
	/* Accepted: rebuild the name from its parts; it must match. */
	FUZZ_CHECK(pid >= 1 && pid <= INT_MAX);
	n = strlen(name);
	FUZZ_CHECK(n > plen + 7 && strncmp(name, PREFIX, plen) == 0);
	for (i = n - 6; i < n; i++)
		FUZZ_CHECK(isalnum((unsigned char)name[i]));
	FUZZ_CHECK(name[n - 7] == '-');
	(void)snprintf(again, sizeof(again), PREFIX "%d-%s", (int)pid,
	    name + n - 6);
	FUZZ_CHECK(strcmp(again, name) == 0);
	return (0);
}
