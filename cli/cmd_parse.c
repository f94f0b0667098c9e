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

struct parse_ctx {
	struct json_ctx json;
	enum parse_format format;
	struct cli_diags diags;    /* on stderr */
	struct xml_tree xml;
};

static void
on_claim(struct parse_ctx *c, const struct c837_claim *cl)
{
	if (c->format == F_JSON)
		json_claim(stdout, &c->json, cl);
	else if (c->format == F_TEXT)
		text_claim(stdout, cl);
}

static void
on_payment(struct parse_ctx *c, const struct r835_payment *p)
{
	if (c->format == F_JSON)
		json_payment(stdout, &c->json, p);
	else if (c->format == F_TEXT)
		text_payment(stdout, p);
}

static void
on_remittance(struct parse_ctx *c, const struct r835_remittance *r)
{
	if (c->format == F_JSON)
		json_remittance(stdout, &c->json, r);
	else if (c->format == F_TEXT)
		text_remittance(stdout, r);
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
			xml_tree_event(&c->xml, rec->event);
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
			json_ack(stdout, &c->json, rec->ack);
		else if (c->format == F_TEXT)
			text_ack(stdout, rec->ack);
		break;
	default:
		break;
	}
	return cli_output_ok(stdout); /* stop reading once the output failed */
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
		"  -h, --help        this text\n"
		"\n"
		"Diagnostics (SNIP 1-4) go to stderr as in `remedi validate`.\n"
		"exit status: 0 decoded without errors, 1 errors were reported, 2 a file is\n"
		"unreadable or not X12, 3 usage error, 4 internal error or the output could\n"
		"not be written (named on stderr).\n");
}

static int
parse_segments(int argc, char **argv, const char *max_errors)
{
	/* same output as `remedi segments` */
	char **args = calloc((size_t)argc + 3, sizeof *args);
	int n = 0, rc;

	if (!args)
		return EXIT_INTERNAL;
	args[n++] = (char *)"parse"; /* names the command in its messages */
	if (max_errors) {
		args[n++] = (char *)"--max-errors";
		args[n++] = (char *)max_errors;
	}
	args[n++] = (char *)"--";
	for (int i = optind; i < argc; i++)
		args[n++] = argv[i];
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
		{ NULL, 0, NULL, 0 },
	};
	static const char prog[] = "remedi parse";
	struct parse_ctx ctx_s, *c = &ctx_s;
	struct x12_schemas *schemas;
	struct x12_records *rs;
	const char *schema_dir = NULL, *max_errors = NULL;
	int opt, status = EXIT_CLEAN;
	bool any_fatal = false, strict = false;
	static char obuf[1 << 20];

	memset(c, 0, sizeof *c);
	cli_diags_init(&c->diags, prog, stderr, CLI_FORMAT_TEXT);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
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
			help(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "remedi parse: no FILE given ('-' reads standard input)\n");
		return EXIT_USAGE;
	}
	if (c->format == F_SEGMENTS)
		return parse_segments(argc, argv, max_errors);
	schemas = cli_load_schemas(prog, schema_dir, &status);
	if (!schemas)
		return status;
	{
		struct x12_records_options ro = { .level = 4, .events = c->format == F_XML, .limits = { .strict = strict } };

		rs = x12_records_new(schemas, &ro);
	}
	if (!rs) {
		fprintf(stderr, "remedi parse: out of memory\n");
		x12_schemas_free(schemas);
		return EXIT_INTERNAL;
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	if (c->format == F_XML) {
		xmlOutputBufferPtr out = xmlOutputBufferCreateIO(xml_write, xml_close, stdout, NULL);

		c->xml.xw = out ? xmlNewTextWriter(out) : NULL;
		if (!c->xml.xw) {
			fprintf(stderr, "%s: cannot start the XML writer\n", prog);
			status = EXIT_INTERNAL;
			goto done;
		}
		xmlTextWriterSetIndent(c->xml.xw, 1);
		if (xmlTextWriterStartDocument(c->xml.xw, NULL, "UTF-8", NULL) < 0 ||
		    xmlTextWriterStartElement(c->xml.xw, BAD_CAST "x12") < 0)
			c->xml.failed = true;
	}
	for (int i = optind; i < argc && cli_output_ok(stdout); i++) {
		struct cli_file_result res;

		c->json.path = argv[i];
		cli_diags_begin(&c->diags, argv[i]);
		if (c->format == F_XML && (xmlTextWriterStartElement(c->xml.xw, BAD_CAST "file") < 0 ||
					   xmlTextWriterWriteAttribute(c->xml.xw, BAD_CAST "name", BAD_CAST argv[i]) < 0))
			c->xml.failed = true;
		cli_records_file(rs, argv[i], on_record, c, &res);
		if (c->format == F_XML) {
			xml_tree_close_interchange(&c->xml);
			if (xmlTextWriterEndElement(c->xml.xw) < 0)
				c->xml.failed = true;
		}
		if (res.fatal) {
			/* shown whatever the cap: it says why the file stopped */
			unsigned long max = c->diags.max;

			fflush(stdout);
			c->diags.max = 0;
			cli_diags_add(&c->diags, &res.fatal_err);
			c->diags.max = max;
			any_fatal = true;
		}
		cli_diags_end(&c->diags);
	}
	if (c->format == F_XML) {
		if (xmlTextWriterEndElement(c->xml.xw) < 0 || xmlTextWriterEndDocument(c->xml.xw) < 0)
			c->xml.failed = true;
		xmlTextWriterFlush(c->xml.xw);
		if (c->xml.failed && cli_output_check(prog, stdout)) {
			/* not the stream: the writer itself */
			fprintf(stderr, "%s: writing the XML failed\n", prog);
			status = EXIT_INTERNAL;
		}
	}
done:
	if (c->xml.xw)
		xmlFreeTextWriter(c->xml.xw);
	x12_records_free(rs);
	x12_schemas_free(schemas);
	if (status == EXIT_CLEAN)
		status = any_fatal ? EXIT_BAD_INPUT : c->diags.total_errors ? EXIT_FINDINGS : EXIT_CLEAN;
	return cli_output_finish(prog, status);
}
