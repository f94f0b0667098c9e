/*
 * cmd_report.c - `remedi report denials|underpayments|unmatched|aging|summary|rejections`:
 * the rows and totals of remit/report.c written as text (totals first,
 * then the rows that need action), CSV (a header of the field names, one
 * row per line) or JSON Lines (one object per row; the summary is one
 * object).  Field names are a contract: docs/remit.md.
 */
#include "commands.h"
#include "db.h"
#include "remit.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum format { FMT_TEXT, FMT_CSV, FMT_JSON };

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

struct out_ctx {
	enum format fmt;
	bool header_done;
	unsigned long rows;
};

/* $1,234.56 */
static const char *
dollars(char *buf, size_t size, int64_t cents)
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
csv_str(const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static void
field_value(const struct remit_field *f, enum format fmt)
{
	char buf[40];

	switch (f->type) {
	case REMIT_F_STR:
		if (!f->s)
			fputs(fmt == FMT_JSON ? "null" : fmt == FMT_TEXT ? "-" : "", stdout);
		else if (fmt == FMT_JSON)
			cli_json_str(stdout, f->s);
		else if (fmt == FMT_CSV)
			csv_str(f->s);
		else
			fputs(f->s[0] ? f->s : "-", stdout);
		break;
	case REMIT_F_INT:
		printf("%lld", (long long)f->i);
		break;
	case REMIT_F_CENTS:
		if (fmt == FMT_TEXT)
			fputs(dollars(buf, sizeof buf, f->i), stdout);
		else
			printf("%lld", (long long)f->i);
		break;
	case REMIT_F_BOOL:
		fputs(fmt == FMT_TEXT ? (f->i ? "yes" : "no") : (f->i ? "true" : "false"), stdout);
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
on_row(void *ctx, const struct remit_row *row)
{
	struct out_ctx *o = ctx;

	o->rows++;
	if (o->fmt == FMT_JSON) {
		putchar('{');
		for (unsigned i = 0; i < row->n; i++) {
			printf("%s\"%s\":", i ? "," : "", row->f[i].name);
			field_value(&row->f[i], FMT_JSON);
		}
		puts("}");
		return true;
	}
	if (o->fmt == FMT_CSV) {
		if (!o->header_done) {
			for (unsigned i = 0; i < row->n; i++)
				printf("%s%s", i ? "," : "", row->f[i].name);
			putchar('\n');
			o->header_done = true;
		}
		for (unsigned i = 0; i < row->n; i++) {
			if (i)
				putchar(',');
			field_value(&row->f[i], FMT_CSV);
		}
		putchar('\n');
		return true;
	}
	if (!o->header_done) {
		printf("\nneeds action:\n ");
		for (unsigned i = 0; i < row->n; i++) {
			const struct remit_field *f = &row->f[i];
			int len, w = col_width(f, &len);

			if (!f->width)
				continue;
			if (f->type == REMIT_F_CENTS)
				printf(" %*.*s", w, len, f->name);
			else
				printf(" %-*.*s", w, len, f->name);
		}
		putchar('\n');
		o->header_done = true;
	}
	putchar(' ');
	for (unsigned i = 0; i < row->n; i++) {
		const struct remit_field *f = &row->f[i];
		char buf[40];
		int len, w = col_width(f, &len);

		if (!f->width)
			continue;
		if (f->type == REMIT_F_CENTS)
			printf(" %*s", w, dollars(buf, sizeof buf, f->i));
		else if (f->type == REMIT_F_STR)
			printf(" %-*s", w, f->s && f->s[0] ? f->s : "-");
		else
			printf(" %*lld", w, (long long)f->i);
	}
	putchar('\n');
	return true;
}

static void
slug(const char *label, char *out, size_t size)
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
print_totals(const char *title, const char *db, const struct remit_totals *t, enum format fmt)
{
	char buf[48], key[64];

	if (fmt == FMT_TEXT) {
		const char *base = strrchr(db, '/');

		printf("remedi report: %s (%s)\n\n", title, base ? base + 1 : db);
		for (unsigned i = 0; i < t->nfig; i++) {
			const struct remit_figure *f = &t->fig[i];

			if (f->cents)
				printf("  %-40s %16s\n", f->label, dollars(buf, sizeof buf, f->value));
			else
				printf("  %-40s %16lld\n", f->label, (long long)f->value);
		}
		for (unsigned s = 0; s < t->nsec; s++) {
			const struct remit_section *sec = &t->sec[s];
			unsigned shown = sec->n < 20 ? sec->n : 20;

			if (!sec->n)
				continue;
			printf("\n%s:\n", sec->title);
			for (unsigned i = 0; i < shown; i++)
				printf("  %-60s %6llu %16s\n", sec->g[i].key, (unsigned long long)sec->g[i].count,
				       dollars(buf, sizeof buf, sec->g[i].cents));
			if (shown < sec->n)
				printf("  ... %u more\n", sec->n - shown);
		}
		return;
	}
	if (fmt == FMT_CSV) {
		printf("section,key,count,value\n");
		for (unsigned i = 0; i < t->nfig; i++) {
			slug(t->fig[i].label, key, sizeof key);
			printf("figures,%s%s,,%lld\n", key, t->fig[i].cents ? "_cents" : "", (long long)t->fig[i].value);
		}
		for (unsigned s = 0; s < t->nsec; s++)
			for (unsigned i = 0; i < t->sec[s].n; i++) {
				slug(t->sec[s].title, key, sizeof key);
				printf("%s,", key);
				csv_str(t->sec[s].g[i].key);
				printf(",%llu,%lld\n", (unsigned long long)t->sec[s].g[i].count,
				       (long long)t->sec[s].g[i].cents);
			}
		return;
	}
	fputs("{\"report\":\"summary\"", stdout);
	for (unsigned i = 0; i < t->nfig; i++) {
		slug(t->fig[i].label, key, sizeof key);
		printf(",\"%s%s\":%lld", key, t->fig[i].cents ? "_cents" : "", (long long)t->fig[i].value);
	}
	for (unsigned s = 0; s < t->nsec; s++) {
		slug(t->sec[s].title, key, sizeof key);
		printf(",\"%s\":[", key);
		for (unsigned i = 0; i < t->sec[s].n; i++) {
			printf("%s{\"key\":", i ? "," : "");
			cli_json_str(stdout, t->sec[s].g[i].key);
			printf(",\"count\":%llu,\"cents\":%lld}", (unsigned long long)t->sec[s].g[i].count,
			       (long long)t->sec[s].g[i].cents);
		}
		putchar(']');
	}
	puts("}");
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
		"  summary         what was sent, what came back, by status\n"
		"  rejections      claims whose latest 999 or 277CA rejected them (remedi acks)\n"
		"                  and that no remittance answered since: the reason code and\n"
		"                  the segment it points to\n"
		"  plb             provider-level adjustments (PLB): the claim each reference\n"
		"                  names (WO, FB, L6 ...) and what the claim holds after it\n"
		"Text shows the totals first, then the rows that need action; csv and json\n"
		"(JSON Lines) give the rows (the summary: its totals) for programs.\n"
		"\n"
		"  --db PATH          the store (default $REMEDI_DB, else remedi.db here)\n"
		"  --format FMT       text (default), csv or json\n"
		"  --tolerance D      dollars a line may be short before it is underpaid (default 0.01)\n"
		"  --as-of CCYYMMDD   the day aging counts to (default today, UTC)\n"
		"  -h, --help         this text\n"
		"\n"
		"exit status: 0 report written, 3 usage, 4 database error.\n");
}

int
cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'F' },
		{ "tolerance", required_argument, NULL, 't' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct remit_report_options ro = { .tolerance = 1, .as_of = cli_today() };
	struct out_ctx o = { .fmt = FMT_TEXT };
	struct remit_totals t;
	const char *db = NULL;
	struct store *st;
	size_t k;
	int opt, status = EXIT_CLEAN;
	enum store_status rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			db = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "text") == 0)
				o.fmt = FMT_TEXT;
			else if (strcmp(optarg, "csv") == 0)
				o.fmt = FMT_CSV;
			else if (strcmp(optarg, "json") == 0)
				o.fmt = FMT_JSON;
			else {
				fprintf(stderr, "remedi report: --format takes text, csv or json, not '%s'\n", optarg);
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
		fprintf(stderr, "remedi report: name one KIND: denials, underpayments, unmatched, aging, summary, rejections or plb\n");
		return EXIT_USAGE;
	}
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		if (strcmp(argv[optind], kinds[k].name) == 0)
			break;
	if (k == sizeof kinds / sizeof kinds[0]) {
		fprintf(stderr, "remedi report: unknown report '%s' (denials, underpayments, unmatched, aging, summary, rejections, plb)\n",
			argv[optind]);
		return EXIT_USAGE;
	}
	if (!(st = cli_open_store("remedi report", cli_db_path(db), true, &status)))
		return status;
	if (o.fmt == FMT_TEXT || kinds[k].kind == REMIT_REPORT_SUMMARY) {
		/* totals first: one pass for them, a second for the rows */
		rc = remit_report(st, kinds[k].kind, &ro, NULL, NULL, &t);
		if (rc == STORE_OK) {
			if (o.fmt == FMT_TEXT || kinds[k].kind == REMIT_REPORT_SUMMARY)
				print_totals(kinds[k].title, cli_db_path(db), &t, o.fmt);
			remit_totals_free(&t);
			if (kinds[k].kind != REMIT_REPORT_SUMMARY) {
				rc = remit_report(st, kinds[k].kind, &ro, on_row, &o, &t);
				remit_totals_free(&t);
				if (rc == STORE_OK && !o.rows)
					printf("\nneeds action: nothing\n");
			}
		}
	} else {
		rc = remit_report(st, kinds[k].kind, &ro, on_row, &o, &t);
		remit_totals_free(&t);
	}
	if (rc != STORE_OK) {
		fprintf(stderr, "remedi report: %s\n", store_errmsg(st));
		status = EXIT_INTERNAL;
	}
	store_close(st);
	if (fflush(stdout) != 0)
		return EXIT_INTERNAL;
	return status;
}
