/*
 * cmd_parse.c - `remedi parse`: decode 837 claims and 835 payments.
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

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

enum parse_format { F_JSON, F_TEXT, F_XML, F_SEGMENTS };

struct parse_ctx {
	struct json_ctx json;
	enum parse_format format;
	bool quiet;
	unsigned long errors, warnings;
	/* xml */
	xmlTextWriterPtr xw;
	bool in_interchange, in_group, in_txn;
	bool xml_failed;
};

static void
on_diag(struct parse_ctx *c, const struct x12_error *e)
{
	if (cli_tally(e, &c->errors, &c->warnings) && !c->quiet)
		cli_print_diag(stderr, c->json.path, e);
}

/* ------------------------------------------------------------ text: for people, no patient data */

/* "J9355:JZ" */
static const char *
proc(char *buf, size_t size, const char *code, const char (*mod)[3], unsigned nmod)
{
	size_t n = (size_t)snprintf(buf, size, "%s", code);

	for (unsigned i = 0; i < nmod && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, ":%s", mod[i]);
	return buf;
}

static void
text_date(int32_t d)
{
	if (d > 0)
		printf("  %04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100), (int)(d % 100));
}

static void
text_adj(const struct r835_adj *a, unsigned n)
{
	char m[32];

	for (unsigned i = 0; i < n; i++)
		printf("  %s-%s %s", a[i].group, a[i].reason, x12_money_str(m, sizeof m, a[i].amount));
}

static void
text_claim(const struct c837_claim *cl)
{
	char a[32], b[32], p[64];

	printf("claim %s  %s  charge %s  lines %u", cl->id, cl->kind == 'I' ? "837I" : "837P",
	       x12_money_str(a, sizeof a, cl->charge), cl->nlines);
	if (cl->ndx) {
		printf("  dx");
		for (unsigned i = 0; i < cl->ndx; i++)
			printf("%s%s", i ? "," : " ", cl->dx[i].code);
	}
	if (cl->payer.last[0])
		printf("  payer %s", cl->payer.last);
	if (cl->filing_indicator[0])
		printf(" (%s)", cl->filing_indicator);
	if (cl->errors)
		printf("  %u error%s", cl->errors, cl->errors == 1 ? "" : "s");
	putchar('\n');
	for (unsigned i = 0; i < cl->nlines; i++) {
		const struct c837_line *ln = &cl->lines[i];

		printf("  %3u %s%s%-14s %10s %6s %-2s", ln->lx, ln->revenue, ln->revenue[0] ? " " : "",
		       proc(p, sizeof p, ln->code, ln->mod, ln->nmod), x12_money_str(a, sizeof a, ln->charge),
		       x12_qty_str(b, sizeof b, ln->units), ln->unit_basis);
		text_date(ln->date_from);
		if (ln->ndx_ptr) {
			printf("  dx");
			for (unsigned k = 0; k < ln->ndx_ptr; k++)
				printf("%s%u", k ? "," : " ", (unsigned)ln->dx_ptr[k]);
		}
		if (ln->ndc[0])
			printf("  NDC %s %s %s", ln->ndc, x12_qty_str(b, sizeof b, ln->ndc_qty), ln->ndc_unit);
		putchar('\n');
	}
}

static void
text_payment(const struct r835_payment *pay)
{
	char a[32], b[32], p[64];

	printf("payment %s  status %s  charge %s  paid %s", pay->claim_id, pay->status,
	       x12_money_str(a, sizeof a, pay->charge), x12_money_str(b, sizeof b, pay->paid));
	if (pay->has_patient_resp)
		printf("  patient %s", x12_money_str(a, sizeof a, pay->patient_resp));
	if (pay->payer_claim_id[0])
		printf("  payer claim %s", pay->payer_claim_id);
	text_adj(pay->adj, pay->nadj);
	for (unsigned i = 0; i < pay->nremarks; i++)
		printf("  %s", pay->remarks[i]);
	if (pay->errors)
		printf("  %u error%s", pay->errors, pay->errors == 1 ? "" : "s");
	putchar('\n');
	for (unsigned i = 0; i < pay->nlines; i++) {
		const struct r835_line *ln = &pay->lines[i];

		printf("      %-14s charge %10s  paid %10s", proc(p, sizeof p, ln->code, ln->mod, ln->nmod),
		       x12_money_str(a, sizeof a, ln->charge), x12_money_str(b, sizeof b, ln->paid));
		text_adj(ln->adj, ln->nadj);
		for (unsigned k = 0; k < ln->nremarks; k++)
			printf("  %s", ln->remarks[k]);
		putchar('\n');
	}
}

static void
text_remittance(const struct r835_remittance *r)
{
	char a[32], b[32];

	printf("remittance %s  %s %s  paid %s  claims %u  claims paid %s", r->trn[0] ? r->trn : "-", r->method,
	       r->payer_name, x12_money_str(a, sizeof a, r->total_paid), r->nclaims, x12_money_str(b, sizeof b, r->claims_paid));
	if (r->nplb)
		printf("  provider adjustments %s", x12_money_str(a, sizeof a, r->plb_total));
	putchar('\n');
}

static void
on_claim(struct parse_ctx *c, const struct c837_claim *cl)
{
	if (c->format == F_JSON)
		json_claim(stdout, &c->json, cl);
	else if (c->format == F_TEXT)
		text_claim(cl);
}

static void
on_payment(struct parse_ctx *c, const struct r835_payment *p)
{
	if (c->format == F_JSON)
		json_payment(stdout, &c->json, p);
	else if (c->format == F_TEXT)
		text_payment(p);
}

static void
on_remittance(struct parse_ctx *c, const struct r835_remittance *r)
{
	if (c->format == F_JSON)
		json_remittance(stdout, &c->json, r);
	else if (c->format == F_TEXT)
		text_remittance(r);
}

/* ------------------------------------------------------------ XML tree */

#define XW(call)                                    \
	do {                                        \
		if ((call) < 0)                     \
			c->xml_failed = true;       \
	} while (0)

static void
xml_attr_str(struct parse_ctx *c, const char *name, struct x12_str v)
{
	char buf[256];
	size_t n = v.len < sizeof buf - 1 ? v.len : sizeof buf - 1;

	memcpy(buf, v.ptr, n);
	buf[n] = '\0';
	XW(xmlTextWriterWriteAttribute(c->xw, BAD_CAST name, BAD_CAST buf));
}

static void
xml_attr_u64(struct parse_ctx *c, const char *name, uint64_t v)
{
	XW(xmlTextWriterWriteFormatAttribute(c->xw, BAD_CAST name, "%llu", (unsigned long long)v));
}

/*
 * Writes text as UTF-8: valid UTF-8 passes, other bytes above 0x7F are read
 * as Latin-1 and re-encoded, and control bytes XML 1.0 cannot carry become '?'.
 */
static void
xml_text(struct parse_ctx *c, struct x12_str v)
{
	char buf[1024];
	size_t n = 0;

	for (size_t i = 0; i < v.len;) {
		const unsigned char *p = (const unsigned char *)v.ptr + i;
		size_t k = *p >= 0x80 ? cli_utf8_len(p, v.len - i) : 0;

		if (k) {
			memcpy(buf + n, p, k);
			n += k;
			i += k;
		} else if (*p >= 0x80) {
			buf[n++] = (char)(0xC0 | *p >> 6);
			buf[n++] = (char)(0x80 | (*p & 0x3F));
			i++;
		} else {
			buf[n++] = *p < 0x20 && *p != '\t' ? '?' : (char)*p;
			i++;
		}
		if (n >= sizeof buf - 5 || i == v.len) {
			buf[n] = '\0';
			XW(xmlTextWriterWriteString(c->xw, BAD_CAST buf));
			n = 0;
		}
	}
}

static void
xml_segment(struct parse_ctx *c, const struct x12_segment *s)
{
	XW(xmlTextWriterStartElement(c->xw, BAD_CAST "segment"));
	xml_attr_str(c, "id", x12_seg_id(s));
	xml_attr_u64(c, "offset", s->offset);
	xml_attr_u64(c, "ordinal", s->ordinal);
	for (unsigned e = 1; e <= s->nelem; e++) {
		struct x12_str v = x12_seg_element(s, e);
		unsigned nrep, ncomp;

		if (v.len == 0)
			continue;
		XW(xmlTextWriterStartElement(c->xw, BAD_CAST "element"));
		xml_attr_u64(c, "pos", e);
		nrep = x12_seg_is(s, "ISA") ? 1 : x12_str_count(v, s->delims.repetition);
		for (unsigned r = 1; r <= nrep; r++) {
			struct x12_str rv = nrep > 1 ? x12_str_part(v, s->delims.repetition, r) : v;

			if (nrep > 1) {
				XW(xmlTextWriterStartElement(c->xw, BAD_CAST "repetition"));
				xml_attr_u64(c, "pos", r);
			}
			ncomp = x12_seg_is(s, "ISA") ? 1 : x12_str_count(rv, s->delims.component);
			if (ncomp > 1) {
				for (unsigned k = 1; k <= ncomp; k++) {
					struct x12_str cv = x12_str_part(rv, s->delims.component, k);

					if (cv.len == 0)
						continue;
					XW(xmlTextWriterStartElement(c->xw, BAD_CAST "component"));
					xml_attr_u64(c, "pos", k);
					xml_text(c, cv);
					XW(xmlTextWriterEndElement(c->xw));
				}
			} else {
				xml_text(c, rv);
			}
			if (nrep > 1)
				XW(xmlTextWriterEndElement(c->xw));
		}
		XW(xmlTextWriterEndElement(c->xw));
	}
	XW(xmlTextWriterEndElement(c->xw));
}

static void
xml_close_txn(struct parse_ctx *c)
{
	if (c->in_txn) {
		XW(xmlTextWriterEndElement(c->xw));
		c->in_txn = false;
	}
}

static void
xml_close_group(struct parse_ctx *c)
{
	xml_close_txn(c);
	if (c->in_group) {
		XW(xmlTextWriterEndElement(c->xw));
		c->in_group = false;
	}
}

static void
xml_close_interchange(struct parse_ctx *c)
{
	xml_close_group(c);
	if (c->in_interchange) {
		XW(xmlTextWriterEndElement(c->xw));
		c->in_interchange = false;
	}
}

static void
on_event(struct parse_ctx *c, const struct x12_walk_event *ev)
{
	const struct x12_segment *s = ev->seg;

	if (c->format != F_XML)
		return;
	switch (ev->type) {
	case X12_WALK_TXN_BEGIN:
		xml_close_txn(c);
		XW(xmlTextWriterStartElement(c->xw, BAD_CAST "transaction"));
		if (ev->ts) {
			XW(xmlTextWriterWriteAttribute(c->xw, BAD_CAST "set", BAD_CAST x12_txset_id(ev->ts)));
			XW(xmlTextWriterWriteAttribute(c->xw, BAD_CAST "guide", BAD_CAST x12_txset_guide(ev->ts)));
		}
		c->in_txn = true;
		return;
	case X12_WALK_TXN_END:
		xml_close_txn(c);
		return;
	case X12_WALK_LOOP_ENTER:
		XW(xmlTextWriterStartElement(c->xw, BAD_CAST "loop"));
		XW(xmlTextWriterWriteAttribute(c->xw, BAD_CAST "id", BAD_CAST x12_loop_id(ev->loop)));
		XW(xmlTextWriterWriteAttribute(c->xw, BAD_CAST "name", BAD_CAST x12_loop_name(ev->loop)));
		return;
	case X12_WALK_LOOP_LEAVE:
		XW(xmlTextWriterEndElement(c->xw));
		return;
	case X12_WALK_SEGMENT:
		break;
	default:
		return;
	}
	if (!s)
		return;
	if (x12_seg_is(s, "ISA")) {
		xml_close_interchange(c);
		XW(xmlTextWriterStartElement(c->xw, BAD_CAST "interchange"));
		xml_attr_str(c, "control", x12_seg_element(s, 13));
		c->in_interchange = true;
	} else if (x12_seg_is(s, "GS")) {
		xml_close_group(c);
		XW(xmlTextWriterStartElement(c->xw, BAD_CAST "group"));
		xml_attr_str(c, "control", x12_seg_element(s, 6));
		xml_attr_str(c, "version", x12_seg_element(s, 8));
		c->in_group = true;
	}
	xml_segment(c, s);
	if (x12_seg_is(s, "GE"))
		xml_close_group(c);
	else if (x12_seg_is(s, "IEA"))
		xml_close_interchange(c);
}

static bool
on_record(void *ctx, const struct x12_record *rec)
{
	struct parse_ctx *c = ctx;

	switch (rec->type) {
	case X12_REC_DIAG:
		on_diag(c, rec->diag);
		break;
	case X12_REC_EVENT:
		on_event(c, rec->event);
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
	default:
		break;
	}
	return true;
}

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi parse [options] FILE...\n"
		"\n"
		"Decodes 837P/837I claims and 835 claim payments (plain or gzip, '-' = stdin).\n"
		"\n"
		"  --format FMT      json (default): JSON Lines, one object per claim (837),\n"
		"                    claim payment (835) and 835 remittance summary;\n"
		"                    fields in docs/parse-json.md\n"
		"                    text: one line per claim, payment and service line, for\n"
		"                    people (no patient names, birth dates or member ids)\n"
		"                    xml: the loop tree (schemas/x12tree.xsd), in UTF-8\n"
		"                    segments: one normalised segment per line\n"
		"  --no-phi          leave out names, birth dates, member ids and patient ZIP codes\n"
		"  --schema-dir DIR  transaction-set definitions from DIR (also $REMEDI_SCHEMA_DIR)\n"
		"  --strict          a segment, element or composite ending with a separator\n"
		"                    is an error (X12-906), not a warning (X12-905)\n"
		"  -q, --quiet       do not print diagnostics on stderr\n"
		"  -h, --help        this text\n"
		"\n"
		"Diagnostics (SNIP 1-3) go to stderr as in `remedi validate`.\n"
		"exit status: 0 decoded without errors, 1 errors were reported, 2 a file is\n"
		"unreadable or not X12, 3 usage error, 4 internal error.\n");
}

static int
parse_segments(int argc, char **argv)
{
	/* same output as `remedi segments` */
	char **args = calloc((size_t)argc + 1, sizeof *args);
	int n = 0, rc;

	if (!args)
		return EXIT_INTERNAL;
	args[n++] = (char *)"segments";
	for (int i = optind; i < argc; i++)
		args[n++] = argv[i];
	rc = cmd_segments(n, args);
	free(args);
	return rc;
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct parse_ctx ctx_s, *c = &ctx_s;
	struct x12_schemas *schemas;
	struct x12_records *rs;
	const char *schema_dir = NULL;
	int opt, status = EXIT_CLEAN;
	bool any_fatal = false, strict = false;
	static char obuf[1 << 20];

	memset(c, 0, sizeof *c);
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
			c->quiet = true;
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
		return parse_segments(argc, argv);
	schemas = cli_load_schemas("remedi parse", schema_dir, &status);
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
		xmlOutputBufferPtr out = xmlOutputBufferCreateFile(stdout, NULL);

		c->xw = out ? xmlNewTextWriter(out) : NULL;
		if (!c->xw) {
			fprintf(stderr, "remedi parse: cannot start the XML writer\n");
			status = EXIT_INTERNAL;
			goto done;
		}
		xmlTextWriterSetIndent(c->xw, 1);
		XW(xmlTextWriterStartDocument(c->xw, NULL, "UTF-8", NULL));
		XW(xmlTextWriterStartElement(c->xw, BAD_CAST "x12"));
	}
	for (int i = optind; i < argc; i++) {
		struct cli_file_result res;

		c->json.path = argv[i];
		if (c->format == F_XML) {
			XW(xmlTextWriterStartElement(c->xw, BAD_CAST "file"));
			XW(xmlTextWriterWriteAttribute(c->xw, BAD_CAST "name", BAD_CAST argv[i]));
		}
		cli_records_file(rs, argv[i], on_record, c, &res);
		if (c->format == F_XML) {
			xml_close_interchange(c);
			XW(xmlTextWriterEndElement(c->xw));
		}
		if (res.fatal) {
			fflush(stdout);
			cli_print_diag(stderr, argv[i], &res.fatal_err);
			any_fatal = true;
		}
	}
	if (c->format == F_XML) {
		XW(xmlTextWriterEndElement(c->xw));
		XW(xmlTextWriterEndDocument(c->xw));
		if (c->xml_failed) {
			fprintf(stderr, "remedi parse: writing the XML failed\n");
			status = EXIT_INTERNAL;
		}
	}
done:
	if (c->xw)
		xmlFreeTextWriter(c->xw);
	x12_records_free(rs);
	x12_schemas_free(schemas);
	if (fflush(stdout) != 0)
		return EXIT_INTERNAL;
	if (status != EXIT_CLEAN)
		return status;
	if (any_fatal)
		return EXIT_BAD_INPUT;
	return c->errors ? EXIT_FINDINGS : EXIT_CLEAN;
}
