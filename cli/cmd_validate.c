/*
 * cmd_validate.c - `remedi validate`: envelope (SNIP 1) and implementation
 * guide (SNIP 2) checks; every diagnostic on one line with its code and
 * position, as text for people or JSON Lines for programs.
 */
#include "commands.h"
#include "common.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

struct val_ctx {
	const char *path;
	bool json;
	unsigned long max_errors;  /* printed per file; 0 = no limit */
	unsigned long printed;
	unsigned long errors, warnings;
	bool quiet;
	bool ended;                /* the END record came */
	struct x12_end_info end;
};

static void
emit(struct val_ctx *c, const struct x12_error *e)
{
	if (c->max_errors && c->printed >= c->max_errors)
		return;
	c->printed++;
	if (c->json)
		cli_print_diag_json(stdout, c->path, e);
	else
		cli_print_diag(stdout, c->path, e);
}

static void
on_diag(void *ctx, const struct x12_error *e)
{
	struct val_ctx *c = ctx;

	if (cli_tally(e, &c->errors, &c->warnings))
		emit(c, e);
}

static bool
on_record(void *ctx, const struct x12_record *rec)
{
	struct val_ctx *c = ctx;

	if (rec->type == X12_REC_DIAG) {
		on_diag(c, rec->diag);
	} else if (rec->type == X12_REC_END) {
		c->end = *rec->end;
		c->ended = true;
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
		"problem:  FILE:OFFSET: [CODE] message (segment N, ID) [ELEMENT, ST segment K, loop L]\n"
		"OFFSET is the byte offset in the (decompressed) input, N the segment's\n"
		"ordinal in the file, ID its segment id; the bracket names the element,\n"
		"K the ordinal inside ST..SE and L the TR3 loop id, where they apply.\n"
		"\n"
		"Checks: SNIP 1 (delimiters, ISA layout and values, IEA/GE/SE counts and\n"
		"control numbers, nesting, truncation) and SNIP 2 for 837P (005010X222A1),\n"
		"837I (005010X223A2) and 835 (005010X221A1): loops, segment order, required\n"
		"segments and elements, repeats, lengths, types, dates, code values.\n"
		"Other transaction sets get the envelope checks only.\n"
		"\n"
		"  --level N         SNIP level to check up to: 1 envelope and syntax only (fast,\n"
		"                    no definitions loaded), 2 + implementation guide, 3 +\n"
		"                    balancing, 4 + situational rules needing no code tables\n"
		"                    (default 4)\n"
		"  --format FMT      text (default) or json (one JSON object per problem)\n"
		"  --fail-on LEVEL   error (default) or warning: the lowest severity that\n"
		"                    makes the exit status 1\n"
		"  --max-errors N    print at most N problems per file (default 100, 0 = all)\n"
		"  --schema-dir DIR  read transaction-set definitions from DIR instead of the\n"
		"                    built-in ones (also $REMEDI_SCHEMA_DIR)\n"
		"  --strict          X12.6 rules payers often tolerate are errors: a segment,\n"
		"                    element or composite ending with a separator (X12-906\n"
		"                    instead of the warning X12-905)\n"
		"  -q, --quiet       no summary line per file\n"
		"  -h, --help        this text\n"
		"\n"
		"exit status: 0 clean, 1 problems at or above --fail-on, 2 a file is\n"
		"unreadable or not X12, 3 usage error, 4 internal error.\n");
}

static void
summary(const char *path, const struct val_ctx *c, const struct cli_file_result *res, bool decoded)
{
	const char *verdict = res->fatal ? "REJECTED" : c->errors ? "INVALID" : "OK";
	unsigned long errors = c->errors + (res->fatal ? 1 : 0);
	const struct x12_reader_stats *st = &c->end.stats;

	printf("%s: %s: %lu error%s, %lu warning%s; %u interchange%s, %u group%s, %u transaction set%s", path,
	       verdict, errors, errors == 1 ? "" : "s", c->warnings, c->warnings == 1 ? "" : "s",
	       st->interchanges, st->interchanges == 1 ? "" : "s", st->groups, st->groups == 1 ? "" : "s",
	       st->transactions, st->transactions == 1 ? "" : "s");
	if (decoded)
		printf(" (%llu rejected), %llu claim%s, %llu payment%s", (unsigned long long)c->end.rejected_sets,
		       (unsigned long long)c->end.claims, c->end.claims == 1 ? "" : "s",
		       (unsigned long long)c->end.payments, c->end.payments == 1 ? "" : "s");
	printf(", %llu segments\n", (unsigned long long)st->segments);
}

/* Fatal error, --max-errors note, summary; says whether the file fails. */
static bool
finish_file(const char *path, struct val_ctx *c, const struct cli_file_result *res, bool decoded,
	    bool fail_on_warning, bool *any_fatal)
{
	if (res->fatal) {
		emit(c, &res->fatal_err);
		*any_fatal = true;
	}
	if (c->max_errors && c->printed < c->errors + c->warnings + res->fatal && !c->json)
		printf("%s: %lu more problems not shown (--max-errors)\n", path,
		       c->errors + c->warnings + res->fatal - c->printed);
	if (!c->quiet && !c->json)
		summary(path, c, res, decoded);
	return c->errors || (fail_on_warning && c->warnings);
}

int
cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fail-on", required_argument, NULL, 'f' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'F' },
		{ "schema-dir", required_argument, NULL, 'S' },
		{ "level", required_argument, NULL, 'L' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct x12_schemas *schemas = NULL;
	struct x12_records *rs;
	struct val_ctx c;
	unsigned long max_errors = 100, level = 4;
	const char *schema_dir = NULL;
	bool fail_on_warning = false, quiet = false, json = false, any_fatal = false, any_fail = false, strict = false;
	int opt, status = EXIT_CLEAN;
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
		case 'F':
			if (strcmp(optarg, "json") == 0) {
				json = true;
			} else if (strcmp(optarg, "text") == 0) {
				json = false;
			} else {
				fprintf(stderr, "remedi validate: --format takes text or json, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			schema_dir = optarg;
			break;
		case 'L':
			if (!cli_parse_count(optarg, &level) || level < 1 || level > 4) {
				fprintf(stderr, "remedi validate: --level takes 1, 2, 3 or 4, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'q':
			quiet = true;
			break;
		case 's':
			strict = true;
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
	/* level 1: the envelope alone, no definitions loaded */
	if (level > 1 && !(schemas = cli_load_schemas("remedi validate", schema_dir, &status)))
		return status;
	{
		struct x12_records_options ro = { .level = (unsigned)level, .limits = { .strict = strict } };

		rs = x12_records_new(schemas, &ro);
	}
	if (!rs) {
		fprintf(stderr, "remedi validate: out of memory\n");
		x12_schemas_free(schemas);
		return EXIT_INTERNAL;
	}
	for (int i = optind; i < argc; i++) {
		struct cli_file_result res;

		c = (struct val_ctx){ .path = argv[i], .max_errors = max_errors, .quiet = quiet, .json = json };
		cli_records_file(rs, argv[i], on_record, &c, &res);
		if (!c.ended)
			x12_records_progress(rs, &c.end);
		any_fail |= finish_file(argv[i], &c, &res, level > 1, fail_on_warning, &any_fatal);
	}
	x12_records_free(rs);
	x12_schemas_free(schemas);
	if (fflush(stdout) != 0)
		return EXIT_INTERNAL;
	if (any_fatal)
		return EXIT_BAD_INPUT;
	return any_fail ? EXIT_FINDINGS : EXIT_CLEAN;
}
