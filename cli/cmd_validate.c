/*
 * cmd_validate.c - `remedi validate`: envelope checks (SNIP 1) for now;
 * every diagnostic on one line with its code and position.
 */
#include "commands.h"
#include "common.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

struct val_ctx {
	const char *path;
	unsigned long max_errors;  /* printed per file; 0 = no limit */
	unsigned long printed;
	unsigned long errors, warnings;
	bool quiet;
};

static bool
on_event(void *ctx, const struct x12_event *ev)
{
	struct val_ctx *c = ctx;

	if (ev->type != X12_EV_DIAG)
		return true;
	if (x12_code_info(ev->diag.code)->severity == X12_SEV_WARNING)
		c->warnings++;
	else
		c->errors++;
	if (c->max_errors == 0 || c->printed < c->max_errors) {
		cli_print_diag(stdout, c->path, &ev->diag);
		c->printed++;
	}
	return true;
}

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi validate [options] FILE...\n"
		"\n"
		"Checks each FILE (plain or gzip, '-' = stdin) and prints one line per\n"
		"problem:  FILE:OFFSET: [CODE] message (segment N, ID)\n"
		"OFFSET is the byte offset in the (decompressed) input, N the segment's\n"
		"ordinal in the file.  Checks today: delimiters, ISA fixed layout and values,\n"
		"IEA/GE/SE counts and control numbers, envelope nesting, truncation.\n"
		"\n"
		"  --fail-on LEVEL   error (default) or warning: the lowest severity that\n"
		"                    makes the exit status 1\n"
		"  --max-errors N    print at most N problems per file (default 100, 0 = all)\n"
		"  -q, --quiet       no summary line per file\n"
		"  -h, --help        this text\n"
		"\n"
		"exit status: 0 clean, 1 problems at or above --fail-on, 2 a file is\n"
		"unreadable or not X12, 3 usage error.\n");
}

int
cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fail-on", required_argument, NULL, 'f' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct x12_reader *r;
	unsigned long max_errors = 100;
	bool fail_on_warning = false, quiet = false, any_fatal = false, any_fail = false;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (strcmp(optarg, "warning") == 0) {
				fail_on_warning = true;
			} else if (strcmp(optarg, "error") == 0) {
				fail_on_warning = false;
			} else {
				fprintf(stderr, "remedi validate: --fail-on takes error or warning, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'm':
			if (!cli_parse_count(optarg, &max_errors)) {
				fprintf(stderr, "remedi validate: --max-errors takes a number, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'q':
			quiet = true;
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
		fprintf(stderr, "remedi validate: no FILE given ('-' reads standard input)\n");
		return EXIT_USAGE;
	}
	r = x12_reader_new(NULL);
	if (!r) {
		fprintf(stderr, "remedi validate: out of memory\n");
		return EXIT_INTERNAL;
	}
	for (int i = optind; i < argc; i++) {
		struct val_ctx c = { .path = argv[i], .max_errors = max_errors, .quiet = quiet };
		struct cli_file_result res;

		cli_run_file(r, argv[i], on_event, &c, &res);
		if (c.max_errors && c.printed < c.errors + c.warnings)
			printf("%s: %lu more problems not shown (--max-errors)\n", argv[i],
			       c.errors + c.warnings - c.printed);
		if (res.fatal) {
			cli_print_fatal(stdout, argv[i], &res);
			any_fatal = true;
		}
		if (c.errors || (fail_on_warning && c.warnings))
			any_fail = true;
		if (!quiet) {
			const char *verdict = res.fatal ? "REJECTED" : c.errors ? "INVALID" : "OK";

			printf("%s: %s: %lu error%s, %lu warning%s; %u interchange%s, %u group%s, "
			       "%u transaction set%s, %llu segments\n",
			       argv[i], verdict, c.errors + res.fatal, c.errors + res.fatal == 1 ? "" : "s",
			       c.warnings, c.warnings == 1 ? "" : "s",
			       res.stats.interchanges, res.stats.interchanges == 1 ? "" : "s",
			       res.stats.groups, res.stats.groups == 1 ? "" : "s",
			       res.stats.transactions, res.stats.transactions == 1 ? "" : "s",
			       (unsigned long long)res.stats.segments);
		}
	}
	x12_reader_free(r);
	fflush(stdout);
	if (any_fatal)
		return EXIT_BAD_INPUT;
	return any_fail ? EXIT_FINDINGS : EXIT_CLEAN;
}
