/*
 * cmd_segments.c - `remedi segments`: one segment per line, normalised to
 * the delimiters * : ^ ~ so that files written with any delimiters compare.
 *
 * A value that itself contains one of * : ^ is printed as it is; X12 has no
 * escape, so such a line cannot be told apart from a split value.
 */
#include "commands.h"
#include "common.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

struct seg_ctx {
	struct cli_diags diags;   /* on stderr */
	bool positions;
	char map[256];
	struct x12_delims mapped; /* delimiters map[] was built for */
};

static void
build_map(struct seg_ctx *c, struct x12_delims d)
{
	for (int i = 0; i < 256; i++)
		c->map[i] = (char)i;
	c->map[(unsigned char)d.element] = '*';
	c->map[(unsigned char)d.component] = ':';
	if (d.repetition)
		c->map[(unsigned char)d.repetition] = '^';
	c->mapped = d;
}

static bool
on_event(void *ctx, const struct x12_event *ev)
{
	struct seg_ctx *c = ctx;
	char line[512];
	const struct x12_segment *s = &ev->seg;

	if (ev->type == X12_EV_DIAG) {
		cli_diags_add(&c->diags, &ev->diag);
		return true;
	}
	if (memcmp(&c->mapped, &s->delims, sizeof s->delims) != 0)
		build_map(c, s->delims);
	if (c->positions)
		printf("%llu\t%llu\t", (unsigned long long)s->offset, (unsigned long long)s->ordinal);
	for (size_t i = 0; i < s->len;) {
		size_t n = s->len - i < sizeof line - 1 ? s->len - i : sizeof line - 1;

		for (size_t k = 0; k < n; k++)
			line[k] = c->map[(unsigned char)s->data[i + k]];
		fwrite(line, 1, n, stdout);
		i += n;
	}
	fputs("~\n", stdout);
	return cli_output_ok(stdout); /* stop reading once the output failed */
}

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi segments [--positions] [--max-errors N] FILE...\n"
		"\n"
		"Prints every segment of each FILE (plain or gzip, '-' = stdin) on its own\n"
		"line with the delimiters rewritten to * (element), : (component),\n"
		"^ (repetition) and ~ (terminator).  Envelope errors go to stderr.\n"
		"\n"
		"  --positions   prefix each line with the byte offset of the segment and\n"
		"                its ordinal in the file, tab-separated\n"
		"  --max-errors N  print at most N envelope errors per file, then a count\n"
		"                of the rest (default 100, 0 = all)\n"
		"  -h, --help    this text\n"
		"\n"
		"Segments are written byte for byte: a value holding a control character\n"
		"keeps it (the reader reports it as X12-613 on stderr).\n"
		"exit status: 0 read to the end, 2 unreadable or not X12, 3 usage error,\n"
		"4 the output could not be written (named on stderr).\n");
}

int
cmd_segments(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "positions", no_argument, NULL, 'p' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct seg_ctx c;
	struct x12_reader *r;
	int opt, status = EXIT_CLEAN;
	static char obuf[1 << 20];
	char prog[32];

	memset(&c, 0, sizeof c);
	/* argv[0] is "parse" when `remedi parse --format segments` runs this */
	snprintf(prog, sizeof prog, "remedi %s", argv[0]);
	cli_diags_init(&c.diags, prog, stderr, CLI_FORMAT_TEXT);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			c.positions = true;
			break;
		case 'm':
			if (!cli_diags_max_option(&c.diags, optarg))
				return EXIT_USAGE;
			break;
		case 'h':
			help(stdout);
			return EXIT_CLEAN;
		default:
			help(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "%s: no FILE given ('-' reads standard input)\n", prog);
		return EXIT_USAGE;
	}
	r = x12_reader_new(NULL, NULL);
	if (!r) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return EXIT_INTERNAL;
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	for (int i = optind; i < argc && cli_output_ok(stdout); i++) {
		struct cli_file_result res;

		cli_diags_begin(&c.diags, argv[i]);
		build_map(&c, (struct x12_delims){ '*', ':', '^', '~' });
		cli_run_file(r, argv[i], on_event, &c, &res);
		if (res.fatal) {
			fflush(stdout);
			cli_print_fatal(stderr, argv[i], &res);
			status = EXIT_BAD_INPUT;
		}
		cli_diags_end(&c.diags);
	}
	x12_reader_free(r);
	return cli_output_finish(prog, status);
}
