/*
 * cmd_parse.c - `remedi parse`: decode 837 claims, 835 payments and
 * acknowledgments (TA1, 999, 277).
 *
 *   --format json      JSON Lines: one claim (837) or claim payment (835) per
 *                      line, plus one remittance summary per 835 transaction
 *   --format xml       the loop tree, written with libxml2's streaming writer
 *                      (schemas/x12tree.xsd)
 *   --format segments  as `remedi segments`
 *
 * Diagnostics go to stderr (codes and positions, never patient data).
 */
#include "batch.h"
#include "commands.h"
#include "common.h"
#include "json_out.h"
#include "text_out.h"
#include "xml_out.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

enum parse_format { F_JSON, F_TEXT, F_XML, F_SEGMENTS };

/* One file's run. */
struct parse_ctx {
	struct json_ctx json;
	enum parse_format format;
	struct cli_diags diags;    /* on stderr (the file's spool under -j) */
	struct xml_tree *xml;      /* --format xml: the run's one document (-j 1 only) */
	FILE *out;                 /* stdout, or the file's spool under -j */
};

static void
on_claim(struct parse_ctx *c, const struct c837_claim *cl)
{
	if (c->format == F_JSON)
		json_claim(c->out, &c->json, cl);
	else if (c->format == F_TEXT)
		text_claim(c->out, cl);
}

static void
on_payment(struct parse_ctx *c, const struct r835_payment *p)
{
	if (c->format == F_JSON)
		json_payment(c->out, &c->json, p);
	else if (c->format == F_TEXT)
		text_payment(c->out, p);
}

static void
on_remittance(struct parse_ctx *c, const struct r835_remittance *r)
{
	if (c->format == F_JSON)
		json_remittance(c->out, &c->json, r);
	else if (c->format == F_TEXT)
		text_remittance(c->out, r);
}

static bool
on_record(void *ctx, const struct x12_record *rec)
{
	struct parse_ctx *c = ctx;

	switch (rec->type) {
	case X12_REC_DIAG:
		cli_diags_add(&c->diags, rec->diag);
		break;
	case X12_REC_EVENT:
		if (c->format == F_XML)
			xml_tree_event(c->xml, rec->event);
		break;
	case X12_REC_CLAIM:
		on_claim(c, rec->claim);
		break;
	case X12_REC_PAYMENT:
		on_payment(c, rec->payment);
		break;
	case X12_REC_REMIT_END:
		on_remittance(c, rec->remit);
		break;
	case X12_REC_ACK:
		if (c->format == F_JSON)
			json_ack(c->out, &c->json, rec->ack);
		else if (c->format == F_TEXT)
			text_ack(c->out, rec->ack);
		break;
	default:
		break;
	}
	return cli_output_ok(c->out); /* stop reading once the output failed */
}

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi parse [options] FILE...\n"
		"\n"
		"Decodes 837P/837I claims, 835 claim payments and acknowledgments (TA1, 999,\n"
		"277CA / 277) (plain or gzip, '-' = stdin).\n"
		"\n"
		"  --format FMT      json (default): JSON Lines, one object per claim (837),\n"
		"                    claim payment (835), 835 remittance summary, TA1,\n"
		"                    999 acknowledged set and group, 277 claim status;\n"
		"                    fields in docs/parse-json.md\n"
		"                    text: one line per claim, payment and service line, for\n"
		"                    people (no patient names, birth dates or member ids)\n"
		"                    xml: the loop tree (schemas/x12tree.xsd), in UTF-8\n"
		"                    segments: one normalised segment per line\n"
		"  --no-phi          leave out names, birth dates, member ids and patient ZIP codes\n"
		"  --schema-dir DIR  transaction-set definitions from DIR (also $REMEDI_SCHEMA_DIR)\n"
		"  --strict          a segment, element or composite ending with a separator\n"
		"                    is an error (X12-906), not a warning (X12-905)\n"
		CLI_MAX_ERRORS_HELP
		"  -q, --quiet       do not print diagnostics on stderr\n"
		CLI_BATCH_HELP_JOBS
		"                    (xml and segments: one document, the files in turn)\n"
		"  -h, --help        this text\n"
		"\n"
		CLI_BATCH_HELP_FILES
		"                    (not with --format segments)\n"
		"\n"
		"Diagnostics (SNIP 1-4) go to stderr as in `remedi validate`.\n"
		"exit status: 0 decoded without errors, 1 errors were reported, 2 a file is\n"
		"unreadable or not X12, 3 usage error, 4 internal error or the output could\n"
		"not be written (named on stderr).\n");
}

static int
parse_segments(const struct cli_batch *b, const char *max_errors)
{
	/* same output as `remedi segments` */
	char **args = calloc(b->nfiles + 5, sizeof *args);
	int n = 0, rc;

	if (!args)
		return EXIT_INTERNAL;
	args[n++] = (char *)"parse"; /* names the command in its messages */
	if (max_errors) {
		args[n++] = (char *)"--max-errors";
		args[n++] = (char *)max_errors;
	}
	args[n++] = (char *)"--";
	for (size_t i = 0; i < b->nfiles; i++)
		args[n++] = b->files[i].path;
	rc = cmd_segments(n, args);
	free(args);
	return rc;
}

/*
 * libxml2 writes through stdio: a failed write is seen (and named, with its
 * errno) on stdout by cli_output_*, so libxml2 is told it succeeded and
 * prints no message of its own.
 */
static int
xml_write(void *ctx, const char *buf, int len)
{
	if (len > 0)
		fwrite(buf, 1, (size_t)len, ctx);
	return len;
}

static int
xml_close(void *ctx)
{
	return 0;
}

/* What every file of the run shares; read-only while the files run. */
struct parse_cmd {
	struct cli_batch_stream stream; /* first: the worker is a record stream */
	struct parse_ctx tmpl;     /* options; diags with no counts */
};

/* After the records of a file: the fatal error, the --max-errors note, the summary. */
static void
parse_end(struct parse_ctx *c, FILE *out, const struct cli_file_result *res, const struct x12_end_info *end,
	  struct cli_file_summary *s)
{
	if (res->fatal) {
		/* shown whatever the cap: it says why the file stopped */
		unsigned long max = c->diags.max;

		fflush(out);
		c->diags.max = 0;
		cli_diags_add(&c->diags, &res->fatal_err);
		c->diags.max = max;
	}
	cli_diags_end(&c->diags);
	s->bytes = res->bytes;
	s->interchanges = end->stats.interchanges;
	s->groups = end->stats.groups;
	s->sets_rejected = end->rejected_sets;
	s->sets_accepted = end->sets - end->rejected_sets;
	s->claims = end->claims;
	s->payments = end->payments;
	s->errors = c->diags.errors;
	s->warnings = c->diags.warnings;
	s->status = res->fatal ? EXIT_BAD_INPUT : c->diags.errors ? EXIT_FINDINGS : EXIT_CLEAN;
}

static bool
parse_run(void *cmd, void *worker, const char *path, FILE *out, FILE *err, struct cli_file_summary *s)
{
	struct parse_cmd *pc = cmd;
	struct parse_ctx ctx = pc->tmpl, *c = &ctx;
	struct cli_file_result res;
	struct x12_end_info end;

	c->out = out;
	c->diags.out = err;
	c->diags.err = err;
	c->json.path = path;
	cli_diags_begin(&c->diags, path);
	if (c->format == F_XML && (xmlTextWriterStartElement(c->xml->xw, BAD_CAST "file") < 0 ||
				   xmlTextWriterWriteAttribute(c->xml->xw, BAD_CAST "name", BAD_CAST path) < 0))
		c->xml->failed = true;
	cli_records_file(worker, path, on_record, c, &res);
	if (c->format == F_XML) {
		xml_tree_close_interchange(c->xml);
		if (xmlTextWriterEndElement(c->xml->xw) < 0)
			c->xml->failed = true;
	}
	x12_records_progress(worker, &end);
	parse_end(c, out, &res, &end, s);
	return cli_output_ok(out);
}

/* ---------------------------------------------------------------- one file in parts (json, text) */

struct parse_part {
	bool some;
	struct parse_ctx c;
	struct cli_file_result res;
	struct x12_end_info end;
};

static bool
parse_run_part(void *cmd, void *worker, struct cli_part *p, FILE *out, FILE *err, void *state)
{
	struct parse_cmd *pc = cmd;
	struct parse_part *pp = state;
	struct parse_ctx *c = &pp->c;

	*c = pc->tmpl;
	c->out = out;
	c->diags.out = err;
	c->diags.err = err;
	c->json.path = cli_part_path(p);
	cli_diags_begin(&c->diags, cli_part_path(p));
	cli_part_diags(p, &c->diags);
	cli_records_part(worker, p, on_record, c, &pp->res);
	cli_part_progress(worker, p, &pp->end);
	return cli_output_ok(out);
}

static void
parse_merge(void *cmd, void *accp, const void *state)
{
	struct parse_part *acc = accp;
	const struct parse_part *pp = state;

	if (!acc->some) {
		*acc = *pp;
		acc->some = true;
		return;
	}
	cli_diags_merge(&acc->c.diags, &pp->c.diags);
	cli_end_merge(&acc->end, &pp->end);
	acc->res.fatal = pp->res.fatal;
	acc->res.fatal_err = pp->res.fatal_err;
	acc->res.bytes += pp->res.bytes;
}

static bool
parse_finish(void *cmd, const char *path, void *accp, FILE *out, FILE *err, struct cli_file_summary *s)
{
	struct parse_part *acc = accp;
	struct parse_ctx *c = &acc->c;

	c->out = out;
	c->diags.out = err;
	c->diags.err = err;
	c->diags.shown_hook = NULL;
	c->diags.path = path;
	cli_diags_cap(&c->diags);
	parse_end(c, out, &acc->res, &acc->end, s);
	return cli_output_ok(out);
}

int
cmd_parse(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "schema-dir", required_argument, NULL, 'S' },
		{ "no-phi", no_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "strict", no_argument, NULL, 's' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		CLI_BATCH_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	static const char prog[] = "remedi parse";
	static const struct cli_batch_ops ops = { cli_batch_stream_new, cli_batch_stream_free, parse_run,
						  sizeof(struct parse_part), parse_run_part, parse_merge, parse_finish };
	struct parse_cmd pc;
	struct parse_ctx *c = &pc.tmpl;
	struct xml_tree xml;
	struct cli_batch b;
	const char *schema_dir = NULL, *max_errors = NULL;
	int opt, bo, status = EXIT_CLEAN;
	bool strict = false;
	static char obuf[1 << 20];

	memset(&pc, 0, sizeof pc);
	memset(&xml, 0, sizeof xml);
	cli_diags_init(&c->diags, prog, stderr, CLI_FORMAT_TEXT);
	cli_batch_init(&b, prog);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "qh" CLI_BATCH_SHORT_OPTIONS, opts, NULL)) != -1) {
		switch (opt) {
		case 'F':
			if (strcmp(optarg, "json") == 0)
				c->format = F_JSON;
			else if (strcmp(optarg, "text") == 0)
				c->format = F_TEXT;
			else if (strcmp(optarg, "xml") == 0)
				c->format = F_XML;
			else if (strcmp(optarg, "segments") == 0)
				c->format = F_SEGMENTS;
			else {
				fprintf(stderr, "remedi parse: --format takes json, text, xml or segments, not '%s'\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			schema_dir = optarg;
			break;
		case 'P':
			c->json.no_phi = true;
			break;
		case 'q':
			c->diags.quiet = true;
			break;
		case 'm':
			if (!cli_diags_max_option(&c->diags, optarg))
				return EXIT_USAGE;
			max_errors = optarg;
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
	if ((status = cli_batch_collect(&b, argc, argv, optind)) != EXIT_CLEAN)
		goto done;
	if (c->format == F_SEGMENTS) {
		if (b.summary_path) {
			fprintf(stderr, "%s: --summary does not go with --format segments\n", prog);
			status = EXIT_USAGE;
		} else {
			status = parse_segments(&b, max_errors);
		}
		goto done;
	}
	/* one XML document: its files are written in turn by the one writer */
	b.max_one_job = c->format == F_XML;
	b.split = c->format == F_JSON || c->format == F_TEXT;
	pc.stream.schemas = cli_load_schemas(prog, schema_dir, &status);
	if (!pc.stream.schemas || (status = cli_batch_prepare(&b, pc.stream.schemas)) != EXIT_CLEAN)
		goto done;
	pc.stream.options = (struct x12_records_options){ .level = 4, .events = c->format == F_XML,
							  .limits = { .strict = strict } };
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	if (c->format == F_XML) {
		xmlOutputBufferPtr out = xmlOutputBufferCreateIO(xml_write, xml_close, stdout, NULL);

		c->xml = &xml;
		xml.xw = out ? xmlNewTextWriter(out) : NULL;
		if (!xml.xw) {
			fprintf(stderr, "%s: cannot start the XML writer\n", prog);
			status = EXIT_INTERNAL;
			goto done;
		}
		xmlTextWriterSetIndent(xml.xw, 1);
		if (xmlTextWriterStartDocument(xml.xw, NULL, "UTF-8", NULL) < 0 ||
		    xmlTextWriterStartElement(xml.xw, BAD_CAST "x12") < 0)
			xml.failed = true;
	}
	status = cli_batch_run(&b, &ops, &pc);
	if (c->format == F_XML) {
		if (xmlTextWriterEndElement(xml.xw) < 0 || xmlTextWriterEndDocument(xml.xw) < 0)
			xml.failed = true;
		xmlTextWriterFlush(xml.xw);
		if (xml.failed && cli_output_check(prog, stdout)) {
			/* not the stream: the writer itself */
			fprintf(stderr, "%s: writing the XML failed\n", prog);
			status = EXIT_INTERNAL;
		}
	}
	status = cli_output_finish(prog, status);
done:
	if (xml.xw)
		xmlFreeTextWriter(xml.xw);
	cli_batch_free(&b);
	x12_schemas_free(pc.stream.schemas);
	return status;
}
