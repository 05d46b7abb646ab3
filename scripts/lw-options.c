/*
 * leakwatch - lw-options.c
 *
 * Prints the option reference from agent/opts.c's table: `lw-options
 * help` the text the agent's `help` option shows, `lw-options markdown`
 * the README table (make options-md).  A build tool, not part of the
 * agent, so it may write to stdout and exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "lw.h"
#include "opts.h"

static void __dead
usage(void)
{
	fprintf(stderr, "usage: lw-options help|markdown\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	size_t	(*fn)(char *, size_t);
	char	*buf;
	size_t	 need;

	if (argc != 2)
		usage();
	if (strcmp(argv[1], "help") == 0)
		fn = lw_opts_help;
	else if (strcmp(argv[1], "markdown") == 0)
		fn = lw_opts_markdown;
	else
		usage();
	need = fn(NULL, 0);
	if ((buf = malloc(need + 1)) == NULL) {
		perror("lw-options");
		return (1);
	}
	if (fn(buf, need + 1) != need || fputs(buf, stdout) == EOF ||
	    fflush(stdout) != 0) {
		perror("lw-options");
		free(buf);
		return (1);
	}
	free(buf);
	return (0);
}
