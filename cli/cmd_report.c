/*
 * cmd_report.c - `remedi report denials|underpayments|unmatched|aging|summary|
 * rejections|dashboard`: one run of remit/report.c per report, its rows and
 * totals handed to one writer (report_out.h): text (totals first, then the
 * rows that need action), CSV (a header of the field names, one row per
 * line), JSON Lines (one object per row; the summary is one object) or the
 * HTML page (html_out.c; the dashboard is every report on one page).  Field
 * names are a contract: docs/remit.md; the page: docs/dashboard.md.
 */
#include "commands.h"
#include "db.h"
#include "html_out.h"
#include "remit.h"
#include "report_out.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum format { FMT_TEXT, FMT_CSV, FMT_JSON, FMT_HTML };

static const struct {
	const char *name;
	enum remit_report_kind kind;
	const char *title;
} kinds[] = {
	{ "denials", REMIT_REPORT_DENIALS, "denials" },
	{ "underpayments", REMIT_REPORT_UNDERPAYMENTS, "underpayments" },
	{ "unmatched", REMIT_REPORT_UNMATCHED, "unmatched claim payments" },
	{ "aging", REMIT_REPORT_AGING, "aging of claims without a final answer" },
	{ "summary", REMIT_REPORT_SUMMARY, "summary" },
	{ "rejections", REMIT_REPORT_REJECTIONS, "claims rejected by a 999 or 277CA" },
	{ "plb", REMIT_REPORT_PLB, "provider-level adjustments (PLB)" },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

const char *
report_kind_name(enum remit_report_kind kind)
{
	for (size_t k = 0; k < NKINDS; k++)
		if (kinds[k].kind == kind)
			return kinds[k].name;
	return "report";
}

/* The text, CSV and JSON writer. */
struct out_ctx {
	enum format fmt;
	FILE *out;
	FILE *rows;          /* text: the rows, held in a temporary file until the totals are printed */
	bool spool_failed;
	const char *title, *db;
	bool header_done;
	unsigned long nrows;
};

/* $1,234.56 */
const char *
report_dollars(char *buf, size_t size, int64_t cents)
{
	char digits[32];
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	size_t n, len = 0;

	snprintf(digits, sizeof digits, "%llu", (unsigned long long)(a / 100));
	n = strlen(digits);
	if (cents < 0 && len + 1 < size)
		buf[len++] = '-';
	if (len + 1 < size)
		buf[len++] = '$';
	for (size_t i = 0; i < n && len + 1 < size; i++) {
		buf[len++] = digits[i];
		if ((n - i - 1) % 3 == 0 && i + 1 < n && len + 1 < size)
			buf[len++] = ',';
	}
	snprintf(buf + len, size - len, ".%02llu", (unsigned long long)(a % 100));
	return buf;
}

static void
csv_str(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

static void
field_value(FILE *out, const struct remit_field *f, enum format fmt)
{
	char buf[40];

	switch (f->type) {
	case REMIT_F_STR:
		if (!f->s)
			fputs(fmt == FMT_JSON ? "null" : fmt == FMT_TEXT ? "-" : "", out);
		else if (fmt == FMT_JSON)
			cli_json_str(out, f->s);
		else if (fmt == FMT_CSV)
			csv_str(out, f->s);
		else
			fputs(f->s[0] ? f->s : "-", out);
		break;
	case REMIT_F_INT:
		fprintf(out, "%lld", (long long)f->i);
		break;
	case REMIT_F_CENTS:
		if (fmt == FMT_TEXT)
			fputs(report_dollars(buf, sizeof buf, f->i), out);
		else
			fprintf(out, "%lld", (long long)f->i);
		break;
	case REMIT_F_BOOL:
		fputs(fmt == FMT_TEXT ? (f->i ? "yes" : "no") : (f->i ? "true" : "false"), out);
		break;
	}
}

/* Text column: the field's width, at least its name without "_cents". */
static int
col_width(const struct remit_field *f, int *name_len)
{
	size_t n = strlen(f->name);

	*name_len = (int)(n > 6 && strcmp(f->name + n - 6, "_cents") == 0 ? n - 6 : n);
	return f->width > *name_len ? f->width : *name_len;
}

static bool
on_row(void *ctx, enum remit_report_kind kind, const struct remit_row *row)
{
	struct out_ctx *o = ctx;
	FILE *out = o->out;

	o->nrows++;
	if (o->fmt == FMT_JSON) {
		putc('{', out);
		for (unsigned i = 0; i < row->n; i++) {
			fprintf(out, "%s\"%s\":", i ? "," : "", row->f[i].name);
			field_value(out, &row->f[i], FMT_JSON);
		}
		fputs("}\n", out);
		return cli_output_ok(out);
	}
	if (o->fmt == FMT_CSV) {
		if (!o->header_done) {
			for (unsigned i = 0; i < row->n; i++)
				fprintf(out, "%s%s", i ? "," : "", row->f[i].name);
			putc('\n', out);
			o->header_done = true;
		}
		for (unsigned i = 0; i < row->n; i++) {
			if (i)
				putc(',', out);
			field_value(out, &row->f[i], FMT_CSV);
		}
		putc('\n', out);
		return cli_output_ok(out);
	}
	/* text: rows wait for the totals */
	out = o->rows;
	if (!o->header_done) {
		fprintf(out, "\nneeds action:\n ");
		for (unsigned i = 0; i < row->n; i++) {
			const struct remit_field *f = &row->f[i];
			int len, w = col_width(f, &len);

			if (!f->width)
				continue;
			if (f->type == REMIT_F_CENTS)
				fprintf(out, " %*.*s", w, len, f->name);
			else
				fprintf(out, " %-*.*s", w, len, f->name);
		}
		putc('\n', out);
		o->header_done = true;
	}
	putc(' ', out);
	for (unsigned i = 0; i < row->n; i++) {
		const struct remit_field *f = &row->f[i];
		char buf[40];
		int len, w = col_width(f, &len);

		if (!f->width)
			continue;
		if (f->type == REMIT_F_CENTS)
			fprintf(out, " %*s", w, report_dollars(buf, sizeof buf, f->i));
		else if (f->type == REMIT_F_STR)
			fprintf(out, " %-*s", w, f->s && f->s[0] ? f->s : "-");
		else
			fprintf(out, " %*lld", w, (long long)f->i);
	}
	putc('\n', out);
	if (ferror(out))
		o->spool_failed = true;
	return !o->spool_failed;
}

void
report_slug(const char *label, char *out, size_t size)
{
	size_t n = 0;
	bool sep = false;

	for (; *label && n + 2 < size; label++) {
		char ch = *label;

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (sep && n)
				out[n++] = '_';
			out[n++] = ch;
			sep = false;
		} else {
			sep = true;
		}
	}
	out[n] = '\0';
}

static void
print_totals(FILE *out, const char *title, const char *db, const struct remit_totals *t, enum format fmt)
{
	char buf[48], key[64];

	if (fmt == FMT_TEXT) {
		const char *base = strrchr(db, '/');

		fprintf(out, "remedi report: %s (%s)\n\n", title, base ? base + 1 : db);
		for (unsigned i = 0; i < t->nfig; i++) {
			const struct remit_figure *f = &t->fig[i];

			if (f->cents)
				fprintf(out, "  %-40s %16s\n", f->label, report_dollars(buf, sizeof buf, f->value));
			else
				fprintf(out, "  %-40s %16lld\n", f->label, (long long)f->value);
		}
		for (unsigned s = 0; s < t->nsec; s++) {
			const struct remit_section *sec = &t->sec[s];
			unsigned shown = sec->n < 20 ? sec->n : 20;

			if (!sec->n)
				continue;
			fprintf(out, "\n%s:\n", sec->title);
			for (unsigned i = 0; i < shown; i++)
				fprintf(out, "  %-60s %6llu %16s\n", sec->g[i].key, (unsigned long long)sec->g[i].count,
					report_dollars(buf, sizeof buf, sec->g[i].cents));
			if (shown < sec->n)
				fprintf(out, "  ... %u more\n", sec->n - shown);
		}
		return;
	}
	if (fmt == FMT_CSV) {
		fprintf(out, "section,key,count,value\n");
		for (unsigned i = 0; i < t->nfig; i++) {
			report_slug(t->fig[i].label, key, sizeof key);
			fprintf(out, "figures,%s%s,,%lld\n", key, t->fig[i].cents ? "_cents" : "", (long long)t->fig[i].value);
		}
		for (unsigned s = 0; s < t->nsec; s++)
			for (unsigned i = 0; i < t->sec[s].n; i++) {
				report_slug(t->sec[s].title, key, sizeof key);
				fprintf(out, "%s,", key);
				csv_str(out, t->sec[s].g[i].key);
				fprintf(out, ",%llu,%lld\n", (unsigned long long)t->sec[s].g[i].count,
					(long long)t->sec[s].g[i].cents);
			}
		return;
	}
	fputs("{\"report\":\"summary\"", out);
	for (unsigned i = 0; i < t->nfig; i++) {
		report_slug(t->fig[i].label, key, sizeof key);
		fprintf(out, ",\"%s%s\":%lld", key, t->fig[i].cents ? "_cents" : "", (long long)t->fig[i].value);
	}
	for (unsigned s = 0; s < t->nsec; s++) {
		report_slug(t->sec[s].title, key, sizeof key);
		fprintf(out, ",\"%s\":[", key);
		for (unsigned i = 0; i < t->sec[s].n; i++) {
			fprintf(out, "%s{\"key\":", i ? "," : "");
			cli_json_str(out, t->sec[s].g[i].key);
			fprintf(out, ",\"count\":%llu,\"cents\":%lld}", (unsigned long long)t->sec[s].g[i].count,
				(long long)t->sec[s].g[i].cents);
		}
		putc(']', out);
	}
	fputs("}\n", out);
}

/* Text: the totals, then the rows held so far.  CSV and JSON: the summary's totals (the other reports are their rows). */
static bool
on_totals(void *ctx, enum remit_report_kind kind, struct remit_totals *t)
{
	struct out_ctx *o = ctx;

	if (o->fmt == FMT_TEXT) {
		char buf[8192];
		size_t n;

		print_totals(o->out, o->title, o->db, t, FMT_TEXT);
		if (fflush(o->rows) != 0 || ferror(o->rows) || fseek(o->rows, 0, SEEK_SET) != 0) {
			o->spool_failed = true;
			remit_totals_free(t);
			return false;
		}
		while ((n = fread(buf, 1, sizeof buf, o->rows)) > 0)
			fwrite(buf, 1, n, o->out);
		if (ferror(o->rows))
			o->spool_failed = true;
		if (kind != REMIT_REPORT_SUMMARY && !o->nrows)
			fprintf(o->out, "\nneeds action: nothing\n");
	} else if (kind == REMIT_REPORT_SUMMARY) {
		print_totals(o->out, o->title, o->db, t, o->fmt);
	}
	remit_totals_free(t);
	return cli_output_ok(o->out);
}

struct row_pass {
	const struct report_writer *w;
	enum remit_report_kind kind;
};

static bool
pass_row(void *ctx, const struct remit_row *row)
{
	const struct row_pass *p = ctx;

	return p->w->row(p->w->ctx, p->kind, row);
}

/*
 * One run of report kind into w: every row, then the totals.  A writer
 * that stops (its output failed) is not a database error: the output
 * check at the end names it.
 */
static enum store_status
report_run(struct store *st, enum remit_report_kind kind, const struct remit_report_options *ro,
	   const struct report_writer *w)
{
	struct row_pass pass = { w, kind };
	struct remit_totals t;
	enum store_status rc;

	rc = remit_report(st, kind, ro, w->row ? pass_row : NULL, &pass, &t);
	if (rc != STORE_OK) {
		remit_totals_free(&t);
		return rc;
	}
	w->totals(w->ctx, kind, &t);
	return STORE_OK;
}

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi report KIND [options]\n"
		"\n"
		"Reports from the claim store (remedi submit, remedi remit):\n"
		"  denials         denied lines by payer, CARC and procedure; amount, dollars at\n"
		"                  risk, category, action, appealable or not\n"
		"  underpayments   lines paid below the fee schedule (remedi codes import fee-schedule)\n"
		"  unmatched       claim payments that match no submitted claim\n"
		"  aging           claims without a final answer, in 0-30/31-60/61-90/90+ days\n"
		"                  since they were sent (status rejected: a 999 or 277CA\n"
		"                  turned it away, see rejections)\n"
		"  summary         what was sent, what came back, by status and by remittance week\n"
		"  rejections      claims whose latest 999 or 277CA rejected them (remedi acks)\n"
		"                  and that no remittance answered since: the reason code and\n"
		"                  the segment it points to\n"
		"  plb             provider-level adjustments (PLB): the claim each reference\n"
		"                  names (WO, FB, L6 ...) and what the claim holds after it\n"
		"  dashboard       all of them as one HTML page with charts (docs/dashboard.md)\n"
		"Text shows the totals first, then the rows that need action; csv and json\n"
		"(JSON Lines) give the rows (the summary: its totals) for programs; html is one\n"
		"self-contained page (no network, no external files) with the same numbers.\n"
		"\n"
		"  --db PATH          the store (default $REMEDI_DB, else remedi.db here)\n"
		"  --format FMT       text (default), csv, json or html (dashboard: html only)\n"
		"  -o, --output FILE  write there instead of stdout\n"
		"  --payer ID         only this payer (its id as the reports show it, else its name)\n"
		"  --from CCYYMMDD    only lines (claims, payments) dated on or after this day\n"
		"  --to CCYYMMDD      ... and on or before this day\n"
		"  --dates BASIS      what --from/--to compare: service (default: the line's date\n"
		"                     of service, a claim's first) or remit (BPR16 of the latest\n"
		"                     remittance that answered it; unmatched payments always)\n"
		"  --tolerance D      dollars a line may be short before it is underpaid (default 0.01)\n"
		"  --as-of CCYYMMDD   the day aging counts to (default today, UTC)\n"
		"  -h, --help         this text\n"
		"\n"
		"exit status: 0 report written, 3 usage, 4 database error or output not written.\n");
}

/* Where the report goes: stdout, or FILE.  A regular FILE that could not be written whole
 * is removed again; anything else (/dev/full, a FIFO, a terminal) is left where it is. */
static FILE *
open_output(const char *path, bool *regular)
{
	struct stat sb;
	FILE *f;

	*regular = false;
	if (!path || strcmp(path, "-") == 0)
		return stdout;
	if (!(f = fopen(path, "w"))) {
		fprintf(stderr, "remedi report: cannot write %s: %s\n", path, strerror(errno));
		return NULL;
	}
	*regular = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode);
	return f;
}

static int
close_output(FILE *f, const char *path, bool regular, int status)
{
	if (f == stdout)
		return cli_output_finish("remedi report", status);
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "remedi report: write error: %s: %s\n", path, strerror(errno ? errno : EIO));
		if (regular)
			remove(path);
		return EXIT_INTERNAL;
	}
	if (status != EXIT_CLEAN && regular)
		remove(path);
	return status;
}

static int
run_html(struct store *st, const char *db, const struct remit_report_options *ro, bool dashboard,
	 enum remit_report_kind kind, FILE *out)
{
	static const enum remit_report_kind all[] = {
		REMIT_REPORT_DENIALS, REMIT_REPORT_UNDERPAYMENTS, REMIT_REPORT_AGING,
		REMIT_REPORT_UNMATCHED, REMIT_REPORT_SUMMARY,
	};
	struct html_page_info info = { .dashboard = dashboard, .kind = kind, .db = db, .o = ro };
	struct html_page *p = html_page_new(&info);
	struct report_writer w;
	int status = EXIT_CLEAN;

	if (!p) {
		fprintf(stderr, "remedi report: out of memory\n");
		return EXIT_INTERNAL;
	}
	w = html_page_writer(p);
	for (size_t i = 0; i < (dashboard ? sizeof all / sizeof all[0] : 1); i++)
		if (report_run(st, dashboard ? all[i] : kind, ro, &w) != STORE_OK) {
			fprintf(stderr, "remedi report: %s\n", store_errmsg(st));
			status = EXIT_INTERNAL;
			break;
		}
	if (status == EXIT_CLEAN && !html_page_write(p, out) && !ferror(out)) {
		fprintf(stderr, "remedi report: out of memory\n");
		status = EXIT_INTERNAL;
	}
	html_page_free(p);
	return status;
}

int
cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "payer", required_argument, NULL, 'p' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 'T' },
		{ "dates", required_argument, NULL, 'D' },
		{ "tolerance", required_argument, NULL, 't' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct remit_report_options ro = { .tolerance = 1, .as_of = cli_today() };
	enum format fmt = FMT_TEXT;
	bool fmt_given = false, dashboard;
	const char *db = NULL, *output = NULL;
	struct store *st;
	FILE *out;
	bool regular;
	size_t k;
	int opt, status = EXIT_CLEAN;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			db = optarg;
			break;
		case 'F':
			fmt_given = true;
			if (strcmp(optarg, "text") == 0)
				fmt = FMT_TEXT;
			else if (strcmp(optarg, "csv") == 0)
				fmt = FMT_CSV;
			else if (strcmp(optarg, "json") == 0)
				fmt = FMT_JSON;
			else if (strcmp(optarg, "html") == 0)
				fmt = FMT_HTML;
			else {
				fprintf(stderr, "remedi report: --format takes text, csv, json or html, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 'p':
			ro.payer = optarg;
			break;
		case 'f':
		case 'T':
			if (!cli_parse_date(optarg, opt == 'f' ? &ro.from : &ro.to)) {
				fprintf(stderr, "remedi report: --%s takes CCYYMMDD, not '%s'\n", opt == 'f' ? "from" : "to",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'D':
			if (strcmp(optarg, "service") == 0)
				ro.dates = REMIT_DATES_SERVICE;
			else if (strcmp(optarg, "remit") == 0)
				ro.dates = REMIT_DATES_REMIT;
			else {
				fprintf(stderr, "remedi report: --dates takes service or remit, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 't': {
			struct x12_str v = { optarg, strlen(optarg) };

			if (!x12_parse_money(v, &ro.tolerance) || ro.tolerance < 0) {
				fprintf(stderr, "remedi report: --tolerance takes dollars like 0.01, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		}
		case 'a':
			if (!cli_parse_date(optarg, &ro.as_of)) {
				fprintf(stderr, "remedi report: --as-of takes CCYYMMDD, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			help(stdout);
			return EXIT_CLEAN;
		default:
			help(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "remedi report: name one KIND: denials, underpayments, unmatched, aging, summary, rejections, plb or dashboard\n");
		return EXIT_USAGE;
	}
	dashboard = strcmp(argv[optind], "dashboard") == 0;
	for (k = 0; k < NKINDS; k++)
		if (strcmp(argv[optind], kinds[k].name) == 0)
			break;
	if (k == NKINDS && !dashboard) {
		fprintf(stderr,
			"remedi report: unknown report '%s' (denials, underpayments, unmatched, aging, summary, rejections, plb, dashboard)\n",
			argv[optind]);
		return EXIT_USAGE;
	}
	if (dashboard) {
		if (fmt_given && fmt != FMT_HTML) {
			fprintf(stderr, "remedi report: the dashboard is an HTML page: --format html or none\n");
			return EXIT_USAGE;
		}
		fmt = FMT_HTML;
		k = 0;
	}
	if (ro.from && ro.to && ro.from > ro.to) {
		fprintf(stderr, "remedi report: --from %ld is after --to %ld\n", (long)ro.from, (long)ro.to);
		return EXIT_USAGE;
	}
	if (!(st = cli_open_store("remedi report", cli_db_path(db), true, &status)))
		return status;
	if (!(out = open_output(output, &regular))) {
		store_close(st);
		return EXIT_INTERNAL;
	}
	if (fmt == FMT_HTML) {
		status = run_html(st, cli_db_path(db), &ro, dashboard, kinds[k].kind, out);
	} else {
		struct out_ctx o = { .fmt = fmt, .out = out, .title = kinds[k].title, .db = cli_db_path(db) };
		struct report_writer w = { &o, on_row, on_totals };

		/* text: the rows wait on disk, not in memory, for the totals that come after them */
		if (fmt == FMT_TEXT && !(o.rows = tmpfile())) {
			fprintf(stderr, "remedi report: cannot make a temporary file for the rows: %s\n", strerror(errno));
			status = EXIT_INTERNAL;
		} else if (report_run(st, kinds[k].kind, &ro, &w) != STORE_OK) {
			fprintf(stderr, "remedi report: %s\n", store_errmsg(st));
			status = EXIT_INTERNAL;
		} else if (o.spool_failed) {
			fprintf(stderr, "remedi report: the temporary file of the rows failed: %s\n", strerror(errno));
			status = EXIT_INTERNAL;
		}
		if (o.rows)
			fclose(o.rows);
	}
	store_close(st);
	return close_output(out, output, regular, status);
}
