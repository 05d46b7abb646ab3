/*
 * leakwatch - hprof-check.c
 *
 * Integration-test helper: proves a heap dump is a complete HPROF file
 * (header "JAVA PROFILE 1.0.x", a chain of records that ends exactly at
 * the end of the file, a HEAP DUMP END record) and, with -c, that a class
 * of the given name was loaded when it was taken.  Reads untrusted input:
 * every length is checked against what is left of the file.
 *
 * usage: hprof-check [-c java.class.Name] file.hprof
 * Prints one summary line; exits 0 when the dump is complete (and has the
 * class), 1 otherwise.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG_UTF8		0x01
#define TAG_LOAD_CLASS		0x02
#define TAG_HEAP_DUMP		0x0c
#define TAG_HEAP_DUMP_SEGMENT	0x1c
#define TAG_HEAP_DUMP_END	0x2c

static uint32_t
be32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3]);
}

static uint64_t
beid(const unsigned char *p, uint32_t idsize)
{
	uint64_t	v = 0;
	uint32_t	i;

	for (i = 0; i < idsize; i++)
		v = v << 8 | p[i];
	return (v);
}

int
main(int argc, char **argv)
{
	const unsigned char	*p, *end, *body;
	const char		*want = NULL, *path;
	char			 internal[1024];
	struct stat		 sb;
	uint64_t		 records = 0, segments = 0, classes = 0;
	uint64_t		 want_id = 0, name_id;
	uint32_t		 idsize, len;
	size_t			 hlen, i;
	int			 fd, c, ended = 0, found = 0, have_id = 0;

	while ((c = getopt(argc, argv, "c:")) != -1) {
		if (c != 'c') {
			fprintf(stderr, "usage: hprof-check [-c class] file\n");
			return (2);
		}
		want = optarg;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: hprof-check [-c class] file\n");
		return (2);
	}
	path = argv[optind];
	if (want != NULL) {
		if (strlen(want) >= sizeof(internal))
			return (2);
		for (i = 0; want[i] != '\0'; i++)
			internal[i] = want[i] == '.' ? '/' : want[i];
		internal[i] = '\0';
	}
	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &sb) != 0) {
		perror(path);
		return (1);
	}
	if (sb.st_size < 31) {
		printf("bad: %s is too short (%lld bytes)\n", path,
		    (long long)sb.st_size);
		return (1);
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return (1);
	}
	end = p + sb.st_size;
	if (memcmp(p, "JAVA PROFILE 1.0.", 17) != 0 ||
	    (hlen = strnlen((const char *)p, 32)) >= 32) {
		printf("bad: no JAVA PROFILE header\n");
		return (1);
	}
	/* The header string, its NUL, u4 id size and u8 time must fit. */
	if ((size_t)sb.st_size < hlen + 1 + 12) {
		printf("bad: header runs past the end\n");
		return (1);
	}
	p += hlen + 1;
	idsize = be32(p);
	if (idsize != 4 && idsize != 8) {
		printf("bad: identifier size %u\n", idsize);
		return (1);
	}
	p += 12;
	while (p < end) {
		if (end - p < 9) {
			printf("bad: truncated record header at offset %lld\n",
			    (long long)(sb.st_size - (end - p)));
			return (1);
		}
		len = be32(p + 5);
		body = p + 9;
		if ((uint64_t)(end - body) < len) {
			printf("bad: record of %u bytes runs past the end\n",
			    len);
			return (1);
		}
		records++;
		switch (p[0]) {
		case TAG_UTF8:
			if (want != NULL && len >= idsize &&
			    len - idsize == strlen(internal) &&
			    memcmp(body + idsize, internal, len - idsize) ==
			    0) {
				want_id = beid(body, idsize);
				have_id = 1;
			}
			break;
		case TAG_LOAD_CLASS:
			classes++;
			if (len >= 8 + 2 * idsize && have_id) {
				name_id = beid(body + 8 + idsize, idsize);
				if (name_id == want_id)
					found = 1;
			}
			break;
		case TAG_HEAP_DUMP:
		case TAG_HEAP_DUMP_SEGMENT:
			segments++;
			break;
		case TAG_HEAP_DUMP_END:
			ended = 1;
			break;
		default:
			break;
		}
		p = body + len;
	}
	printf("%s: records=%llu heap_segments=%llu classes=%llu end=%d%s%s\n",
	    ended && segments > 0 && (want == NULL || found) ? "ok" : "bad",
	    (unsigned long long)records, (unsigned long long)segments,
	    (unsigned long long)classes, ended,
	    want != NULL ? (found ? " class=found " : " class=missing ") : "",
	    want != NULL ? want : "");
	return (ended && segments > 0 && (want == NULL || found) ? 0 : 1);
}
