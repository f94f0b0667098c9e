/*
 * x12split.c - the baseline for the benchmark: the least work that still
 * splits an X12 file into segments.  It takes the segment terminator from
 * byte 106 of the ISA, reads the file in 256 KiB chunks and counts
 * terminators with memchr.  No checks, no element split, no line-wrap or
 * white-space handling: plain input starting with "ISA" is assumed.
 *
 * usage: x12split FILE   ('-' = standard input); prints the segment count.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (256u * 1024u)

static char buf[CHUNK];

int
main(int argc, char **argv)
{
	uint64_t segments = 0;
	size_t have = 0;
	ssize_t n;
	char term;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: x12split FILE   ('-' = standard input)\n");
		return 3;
	}
	fd = strcmp(argv[1], "-") == 0 ? STDIN_FILENO : open(argv[1], O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "x12split: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	/* the first chunk must hold the whole ISA */
	while (have < 106 && (n = read(fd, buf + have, CHUNK - have)) > 0)
		have += (size_t)n;
	if (have < 106 || memcmp(buf, "ISA", 3) != 0) {
		fprintf(stderr, "x12split: %s: does not start with a 106-byte ISA\n", argv[1]);
		return 2;
	}
	term = buf[105];
	for (;;) {
		const char *p = buf, *end = buf + have;

		while ((p = memchr(p, term, (size_t)(end - p))) != NULL) {
			segments++;
			p++;
		}
		n = read(fd, buf, CHUNK);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "x12split: %s: %s\n", argv[1], strerror(errno));
			return 2;
		}
		have = (size_t)n;
	}
	printf("%" PRIu64 "\n", segments);
	return 0;
}
