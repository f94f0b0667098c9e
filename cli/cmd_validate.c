/*
 * cmd_validate.c - `remedi validate`: envelope (SNIP 1) and implementation
 * guide (SNIP 2) checks; every diagnostic on one line with its code and
 * position, as text for people or JSON Lines for programs.
 */
#include "batch.h"
#include "commands.h"
#include "common.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

struct val_ctx {
	struct cli_diags diags;    /* on stdout: they are this command's output */
	FILE *out;                 /* stdout, or the file's spool under -j */
	bool quiet;
	bool ended;                /* the END record came */
	struct x12_end_info end;
	bool in_txn;               /* a set began and has not ended */
	unsigned long not_closed;  /* sets that never saw their SE */
};

static bool
on_record(void *ctx, const struct x12_record *rec)
{
	struct val_ctx *c = ctx;

	switch (rec->type) {
	case X12_REC_DIAG:
		cli_diags_add(&c->diags, rec->diag);
		break;
	case X12_REC_TXN_BEGIN:
		c->in_txn = true;
		break;
	case X12_REC_TXN_END:
		c->in_txn = false;
		c->not_closed += !rec->txn->closed;
		break;
	case X12_REC_END:
		c->end = *rec->end;
		c->ended = true;
		break;
	default:
		break;
	}
	return cli_output_ok(c->out); /* no point reading on into a full disk */
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
		CLI_MAX_ERRORS_HELP
		"  --schema-dir DIR  read transaction-set definitions from DIR instead of the\n"
		"                    built-in ones (also $REMEDI_SCHEMA_DIR)\n"
		"  --strict          X12.6 rules payers often tolerate are errors: a segment,\n"
		"                    element or composite ending with a separator (X12-906\n"
		"                    instead of the warning X12-905)\n"
		"  -q, --quiet       no summary line per file\n"
		CLI_BATCH_HELP_JOBS
		"  -h, --help        this text\n"
		"\n"
		CLI_BATCH_HELP_FILES
		"\n"
		"exit status: 0 clean, 1 problems at or above --fail-on, 2 a file is\n"
		"unreadable or not X12, 3 usage error, 4 internal error or the output\n"
		"could not be written (named on stderr).\n");
}

static void
summary(FILE *out, const char *path, const struct val_ctx *c, const struct cli_file_result *res, bool decoded)
{
	const char *verdict = res->fatal ? "REJECTED" : c->diags.errors ? "INVALID" : "OK";
	unsigned long errors = c->diags.errors, warnings = c->diags.warnings; /* the fatal one included */
	const struct x12_reader_stats *st = &c->end.stats;
	/* an input that stopped (unreadable, inflate failed) inside a set: it is not closed, so rejected */
	unsigned long long rejected = c->end.rejected_sets + (!c->ended && c->in_txn);
	unsigned long not_closed = c->not_closed + (!c->ended && c->in_txn);

	fprintf(out, "%s: %s: %lu error%s, %lu warning%s; %u interchange%s, %u group%s, %u transaction set%s", path,
	        verdict, errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
	        st->interchanges, st->interchanges == 1 ? "" : "s", st->groups, st->groups == 1 ? "" : "s",
	        st->transactions, st->transactions == 1 ? "" : "s");
	if (decoded) {
		fprintf(out, " (%llu rejected", rejected);
		if (not_closed)
			fprintf(out, ", %lu not closed", not_closed);
		fprintf(out, "), %llu claim%s, %llu payment%s", (unsigned long long)c->end.claims,
		        c->end.claims == 1 ? "" : "s", (unsigned long long)c->end.payments,
		        c->end.payments == 1 ? "" : "s");
	} else if (not_closed) {
		fprintf(out, " (%lu not closed)", not_closed);
	}
	fprintf(out, ", %llu segments\n", (unsigned long long)st->segments);
}

/* Fatal error, --max-errors note, summary; says whether the file fails. */
static bool
finish_file(const char *path, struct val_ctx *c, const struct cli_file_result *res, bool decoded,
	    bool fail_on_warning)
{
	bool fails = c->diags.errors || (fail_on_warning && c->diags.warnings);

	if (res->fatal) {
		/* shown whatever the cap: it says why the file stopped; counted in the summary */
		unsigned long max = c->diags.max;

		c->diags.max = 0;
		cli_diags_add(&c->diags, &res->fatal_err);
		c->diags.max = max;
	}
	cli_diags_end(&c->diags);
	if (!c->quiet && c->diags.format == CLI_FORMAT_TEXT)
		summary(c->out, path, c, res, decoded);
	return fails;
}

/* What every file of the run shares; read-only while the files run. */
struct val_cmd {
	struct cli_batch_stream stream; /* first: the worker is a record stream */
	struct cli_diags diags;    /* the template: options, no counts */
	bool quiet, fail_on_warning;
};

/* The summary of a file from its context after its records (and finish_file). */
static void
val_fill(const struct val_cmd *v, const struct val_ctx *c, const struct cli_file_result *res, bool fails,
	 struct cli_file_summary *s)
{
	/* as in the summary line: a set the input stopped inside is rejected */
	uint64_t sets = v->stream.options.level > 1 ? c->end.sets : c->end.stats.transactions;
	uint64_t rejected = c->end.rejected_sets + (!c->ended && c->in_txn);

	s->bytes = res->bytes;
	s->interchanges = c->end.stats.interchanges;
	s->groups = c->end.stats.groups;
	s->sets_rejected = rejected < sets ? rejected : sets;
	s->sets_accepted = sets - s->sets_rejected;
	s->claims = c->end.claims;
	s->payments = c->end.payments;
	s->errors = c->diags.errors;
	s->warnings = c->diags.warnings;
	s->status = res->fatal ? EXIT_BAD_INPUT : fails ? EXIT_FINDINGS : EXIT_CLEAN;
}

static bool
val_run(void *cmd, void *worker, const char *path, FILE *out, FILE *err, struct cli_file_summary *s)
{
	struct val_cmd *v = cmd;
	struct cli_file_result res;
	struct val_ctx c = { .diags = v->diags, .out = out, .quiet = v->quiet };
	bool fails;

	c.diags.out = out;
	c.diags.err = err;
	cli_diags_begin(&c.diags, path);
	cli_records_file(worker, path, on_record, &c, &res);
	if (!c.ended)
		x12_records_progress(worker, &c.end);
	fails = finish_file(path, &c, &res, v->stream.options.level > 1, v->fail_on_warning);
	val_fill(v, &c, &res, fails, s);
	return cli_output_ok(out);
}

/* ---------------------------------------------------------------- one file in parts */

struct val_part {
	bool some;                 /* a part was folded in */
	struct val_ctx c;
	struct cli_file_result res;
};

static bool
val_run_part(void *cmd, void *worker, struct cli_part *p, FILE *out, FILE *err, void *state)
{
	struct val_cmd *v = cmd;
	struct val_part *vp = state;
	struct val_ctx *c = &vp->c;

	*c = (struct val_ctx){ .diags = v->diags, .out = out, .quiet = v->quiet };
	c->diags.out = out;
	c->diags.err = err;
	cli_diags_begin(&c->diags, cli_part_path(p));
	cli_part_diags(p, &c->diags);
	cli_records_part(worker, p, on_record, c, &vp->res);
	if (!c->ended)
		cli_part_progress(worker, p, &c->end);
	return cli_output_ok(out);
}

static void
val_merge(void *cmd, void *accp, const void *state)
{
	struct val_part *acc = accp;
	const struct val_part *vp = state;

	if (!acc->some) {
		*acc = *vp;
		acc->some = true;
		return;
	}
	cli_diags_merge(&acc->c.diags, &vp->c.diags);
	cli_end_merge(&acc->c.end, &vp->c.end);
	acc->c.ended = vp->c.ended;
	acc->c.in_txn = vp->c.in_txn;
	acc->c.not_closed += vp->c.not_closed;
	acc->res.fatal = vp->res.fatal;
	acc->res.fatal_err = vp->res.fatal_err;
	acc->res.bytes += vp->res.bytes;
}

static bool
val_finish(void *cmd, const char *path, void *accp, FILE *out, FILE *err, struct cli_file_summary *s)
{
	struct val_cmd *v = cmd;
	struct val_part *acc = accp;
	struct val_ctx *c = &acc->c;
	bool fails;

	c->out = out;
	c->diags.out = out;
	c->diags.err = err;
	c->diags.shown_hook = NULL;
	c->diags.path = path;
	cli_diags_cap(&c->diags);
	fails = finish_file(path, c, &acc->res, v->stream.options.level > 1, v->fail_on_warning);
	val_fill(v, c, &acc->res, fails, s);
	return cli_output_ok(out);
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
		CLI_BATCH_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	static const char prog[] = "remedi validate";
	static const struct cli_batch_ops ops = { cli_batch_stream_new, cli_batch_stream_free, val_run,
						  sizeof(struct val_part), val_run_part, val_merge, val_finish };
	struct val_cmd v = { .quiet = false };
	struct cli_batch b;
	unsigned long level = 4;
	const char *schema_dir = NULL;
	bool json = false, strict = false;
	int opt, bo, status = EXIT_CLEAN;
	static char obuf[1 << 16];

	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	cli_diags_init(&v.diags, prog, stdout, CLI_FORMAT_TEXT);
	cli_batch_init(&b, prog);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "qh" CLI_BATCH_SHORT_OPTIONS, opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (strcmp(optarg, "warning") == 0) {
				v.fail_on_warning = true;
			} else if (strcmp(optarg, "error") == 0) {
				v.fail_on_warning = false;
			} else {
				fprintf(stderr, "remedi validate: --fail-on takes error or warning, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'm':
			if (!cli_diags_max_option(&v.diags, optarg))
				return EXIT_USAGE;
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
			v.quiet = true;
			break;
		case 's':
			strict = true;
			break;
		case 'h':
			help(stdout);
			return EXIT_CLEAN;
		default:
			if ((bo = cli_batch_option(&b, opt, optarg)) > 0)
				break;
			if (bo == 0)
				help(stderr);
			return EXIT_USAGE;
		}
	}
	v.diags.format = json ? CLI_FORMAT_JSON : CLI_FORMAT_TEXT;
	v.stream.options = (struct x12_records_options){ .level = (unsigned)level, .limits = { .strict = strict } };
	if ((status = cli_batch_collect(&b, argc, argv, optind)) != EXIT_CLEAN)
		goto done;
	b.split = true;
	/* level 1: the envelope alone, no definitions loaded */
	if (level > 1 && !(v.stream.schemas = cli_load_schemas(prog, schema_dir, &status)))
		goto done;
	if ((status = cli_batch_prepare(&b, v.stream.schemas)) != EXIT_CLEAN)
		goto done;
	status = cli_batch_run(&b, &ops, &v);
	status = cli_output_finish(prog, status);
done:
	cli_batch_free(&b);
	x12_schemas_free(v.stream.schemas);
	return status;
}
