/*
 * html_out.c - the report page: one HTML file that carries everything it
 * shows (html_out.h).  Page order, dashboard:
 *
 *   header      store, aging date, filters
 *   tiles       denied, at risk, appealable, underpaid, waiting, paid
 *   denials     by payer, by CARC (group-code and our label)
 *   appeals     the largest appealable denied lines (CLM01, line, code, CARC)
 *   procedures  denied dollars for drugs (J/Q codes), administration (96xxx), the rest
 *   weeks       denial rate by remittance week (denied amount / charges answered)
 *   aging       0-30/31-60/61-90/90+ days since sent, by payer
 *   underpaid   shortfall against the fee schedule by code and by payer, the largest lines
 *   unmatched   payments that match no claim
 *   about       what each number means; status counts; the store-wide figures
 *
 * Every chart is inline SVG drawn here: a title, axis labels, the value of
 * each bar as text and in its <title> (hover), and a <table> under it with
 * the same numbers.  Numbers in cells carry their exact value in data-v
 * (cents, counts, basis points): the sort script orders by it and the
 * tests compare it with the JSON reports.  Rates are integer basis points
 * (no floating point anywhere).  The Content-Security-Policy allows the
 * one <style> and the one <script> by their SHA-256 and nothing else.
 */
#include "html_out.h"

#include "sha256.h"

#include <stdlib.h>
#include <string.h>

#define NKIND 7
#define MAX_FIELDS 24
#define DASH_ROWS 25       /* rows in each dashboard table of lines */
#define REPORT_ROWS 1000   /* rows of a single report page */
#define CHART_BARS 15      /* bars in one chart; its table lists every group */
#define CHART_WEEKS 26

struct kept_row {
	unsigned long ordinal;    /* the row's place in the report (the JSON line, from 0) */
	int64_t rank;
	unsigned n;
	struct remit_field f[MAX_FIELDS];
	char *strs;               /* the strings of f, one allocation */
};

struct kept {
	struct kept_row *rows;
	unsigned n, cap;
	unsigned long seen;       /* rows of the run */
	unsigned long wanted;     /* rows that qualify for the table (appealable ...) */
	bool ranked;              /* keep the cap largest ranks, else the first cap rows */
};

struct html_page {
	struct html_page_info info;
	struct remit_totals tot[NKIND];
	bool have[NKIND];
	struct kept kept[NKIND];
	bool failed;              /* out of memory while collecting */
	FILE *f;
};

static const char page_css[] =
	":root{--ink:#1b1f24;--muted:#59626e;--line:#dde1e6;--bar:#2f5d8a;--bar-hi:#1d3f61;--warn:#9c3b2b}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:#eef0f3;color:var(--ink);"
	"font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}\n"
	"main{max-width:1000px;margin:0 auto;padding:28px 32px 48px;background:#fff}\n"
	"h1{font-size:26px;margin:0 0 2px;letter-spacing:-.01em}\n"
	".meta{color:var(--muted);margin:0 0 22px}\n"
	".meta b{color:var(--ink);font-weight:600}\n"
	".kpis{display:grid;grid-template-columns:repeat(3,1fr);gap:12px;margin:0 0 8px}\n"
	".kpi{border:1px solid var(--line);border-top:4px solid var(--bar);border-radius:3px;padding:10px 14px}\n"
	".kpi.alert{border-top-color:var(--warn)}\n"
	".kpi-label{margin:0;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.05em}\n"
	".kpi-value{margin:2px 0 2px;font-size:26px;font-weight:650;font-variant-numeric:tabular-nums}\n"
	".kpi-note{margin:0;color:var(--muted);font-size:12px}\n"
	"h2{font-size:18px;margin:34px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--ink)}\n"
	"h3{font-size:15px;margin:20px 0 4px}\n"
	"p.lead{margin:0 0 10px;color:var(--muted)}\n"
	"figure{margin:0 0 26px}\n"
	"svg{display:block;width:100%;height:auto;max-width:760px}\n"
	"svg text{font-size:12px;fill:var(--ink)}\n"
	"svg text.tick,svg text.axis{fill:var(--muted)}\n"
	"svg text.axis{font-size:12px;font-style:italic}\n"
	"svg line.grid{stroke:var(--line)}\n"
	"svg line.base{stroke:#7d8793}\n"
	"svg rect.b{fill:var(--bar)}\n"
	"svg rect.w{fill:var(--warn)}\n"
	"svg g.bar:hover rect{fill:var(--bar-hi)}\n"
	"table{border-collapse:collapse;width:100%;margin:6px 0 4px;font-size:13px}\n"
	"caption{caption-side:top;text-align:left;color:var(--muted);font-size:12px;padding:0 0 4px}\n"
	"th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;white-space:nowrap}\n"
	"td.text,th.text{white-space:normal;min-width:12em}\n"
	"table.groups{max-width:680px}\n"
	"table.figures{max-width:520px}\n"
	"div.wide{overflow-x:auto}\n"
	"table.rows{font-size:12px}\n"
	"table.rows th,table.rows td{padding:3px 5px}\n"
	"thead th{border-bottom:2px solid #9aa3ad;font-weight:600;white-space:nowrap}\n"
	"tbody th{font-weight:400}\n"
	".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"tfoot th,tfoot td{font-weight:600;border-top:2px solid #9aa3ad;border-bottom:0}\n"
	"th button{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:0;cursor:pointer}\n"
	"th button:focus-visible{outline:2px solid var(--bar);outline-offset:2px}\n"
	"th[aria-sort=ascending] button::after{content:\" \\25B2\"}\n"
	"th[aria-sort=descending] button::after{content:\" \\25BC\"}\n"
	".note{color:var(--muted);font-size:12px;margin:2px 0 0}\n"
	".empty{color:var(--muted);font-style:italic}\n"
	"dl.defs{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}\n"
	"dl.defs dt{font-weight:600}\n"
	"dl.defs dd{margin:0;color:var(--muted)}\n"
	"footer{margin-top:32px;color:var(--muted);font-size:12px}\n"
	"@page{margin:12mm}\n"
	"@media print{body{background:#fff;font-size:11px}main{max-width:none;padding:0}"
	"h2{break-after:avoid}svg,tr,.kpi{break-inside:avoid}thead{display:table-header-group}"
	"th button{pointer-events:none}th[aria-sort] button::after{content:none}div.wide{overflow:visible}"
	"thead th{white-space:normal}table.rows{font-size:8.5px}table.rows th,table.rows td{white-space:normal;padding:2px}}\n"
	"@media (max-width:700px){.kpis{grid-template-columns:1fr 1fr}main{padding:16px}}\n";

/*
 * Sorting: each column header of a data table becomes a button; a click
 * orders the body rows by the cells' data-v (numbers) or text, and again
 * the other way.  Without script the tables keep the order they came in.
 */
static const char page_js[] =
	"(function () {\n"
	"  'use strict';\n"
	"  function key(cell) {\n"
	"    return cell.hasAttribute('data-v') ? Number(cell.getAttribute('data-v')) : cell.textContent;\n"
	"  }\n"
	"  document.querySelectorAll('table.data').forEach(function (table) {\n"
	"    var heads = table.tHead ? table.tHead.rows[0].cells : [];\n"
	"    Array.prototype.forEach.call(heads, function (th, col) {\n"
	"      var b = document.createElement('button');\n"
	"      b.type = 'button';\n"
	"      b.textContent = th.textContent;\n"
	"      th.textContent = '';\n"
	"      th.appendChild(b);\n"
	"      b.addEventListener('click', function () {\n"
	"        var up = th.getAttribute('aria-sort') !== 'ascending';\n"
	"        var body = table.tBodies[0];\n"
	"        var rows = Array.prototype.slice.call(body.rows);\n"
	"        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });\n"
	"        th.setAttribute('aria-sort', up ? 'ascending' : 'descending');\n"
	"        rows.sort(function (x, y) {\n"
	"          var a = key(x.cells[col]), c = key(y.cells[col]);\n"
	"          var r = typeof a === 'number' && typeof c === 'number' ? a - c : String(a).localeCompare(String(c));\n"
	"          return up ? r : -r;\n"
	"        });\n"
	"        rows.forEach(function (r) { body.appendChild(r); });\n"
	"      });\n"
	"    });\n"
	"  });\n"
	"})();\n";

/* ---------------------------------------------------------------- collecting */

static int
kind_index(enum remit_report_kind k)
{
	switch (k) {
	case REMIT_REPORT_DENIALS:
		return 0;
	case REMIT_REPORT_UNDERPAYMENTS:
		return 1;
	case REMIT_REPORT_UNMATCHED:
		return 2;
	case REMIT_REPORT_AGING:
		return 3;
	case REMIT_REPORT_SUMMARY:
		return 4;
	case REMIT_REPORT_REJECTIONS:
		return 5;
	case REMIT_REPORT_PLB:
		return 6;
	}
	return 4;
}

static const struct remit_field *
row_field(const struct remit_field *f, unsigned n, const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return &f[i];
	return NULL;
}

static const struct remit_field *
kept_field(const struct kept_row *r, const char *name)
{
	return row_field(r->f, r->n, name);
}

static int64_t
field_int(const struct remit_field *f, unsigned n, const char *name)
{
	const struct remit_field *x = row_field(f, n, name);

	return x ? x->i : 0;
}

struct html_page *
html_page_new(const struct html_page_info *info)
{
	struct html_page *p = calloc(1, sizeof *p);

	if (!p)
		return NULL;
	p->info = *info;
	for (int k = 0; k < NKIND; k++) {
		p->kept[k].cap = info->dashboard ? DASH_ROWS : REPORT_ROWS;
		p->kept[k].ranked = info->dashboard;
	}
	return p;
}

static void
kept_clear(struct kept_row *r)
{
	free(r->strs);
	memset(r, 0, sizeof *r);
}

/* Copies row into r (strings into one allocation); false when out of memory. */
static bool
kept_copy(struct kept_row *r, const struct remit_row *row, unsigned long ordinal, int64_t rank)
{
	size_t len = 0, at = 0;
	unsigned n = row->n < MAX_FIELDS ? row->n : MAX_FIELDS;
	char *s;

	for (unsigned i = 0; i < n; i++)
		if (row->f[i].type == REMIT_F_STR && row->f[i].s)
			len += strlen(row->f[i].s) + 1;
	if (!(s = malloc(len ? len : 1)))
		return false;
	kept_clear(r);
	r->strs = s;
	r->ordinal = ordinal;
	r->rank = rank;
	r->n = n;
	for (unsigned i = 0; i < n; i++) {
		r->f[i] = row->f[i];
		if (row->f[i].type == REMIT_F_STR && row->f[i].s) {
			size_t l = strlen(row->f[i].s) + 1;

			memcpy(s + at, row->f[i].s, l);
			r->f[i].s = s + at;
			at += l;
		}
	}
	return true;
}

/* What a dashboard table keeps of kind: its rank (larger first) and whether the row belongs at all. */
static bool
dash_rank(enum remit_report_kind kind, const struct remit_row *row, int64_t *rank)
{
	switch (kind) {
	case REMIT_REPORT_DENIALS:
		*rank = field_int(row->f, row->n, "amount_cents");
		return field_int(row->f, row->n, "appealable") != 0;
	case REMIT_REPORT_UNDERPAYMENTS:
		*rank = field_int(row->f, row->n, "shortfall_cents");
		return true;
	case REMIT_REPORT_AGING:
		*rank = field_int(row->f, row->n, "days");
		return true;
	case REMIT_REPORT_UNMATCHED:
	case REMIT_REPORT_REJECTIONS:
		*rank = field_int(row->f, row->n, "charge_cents");
		return true;
	case REMIT_REPORT_PLB:
		*rank = field_int(row->f, row->n, "amount_cents");
		return true;
	case REMIT_REPORT_SUMMARY:
		break;
	}
	return false;
}

static bool
page_row(void *ctx, enum remit_report_kind kind, const struct remit_row *row)
{
	struct html_page *p = ctx;
	struct kept *k = &p->kept[kind_index(kind)];
	unsigned long ordinal = k->seen++;
	int64_t rank = 0;
	struct kept_row *slot = NULL;

	if (k->ranked && !dash_rank(kind, row, &rank))
		return true;
	k->wanted++;
	if (k->n < k->cap) {
		if (!k->rows && !(k->rows = calloc(k->cap, sizeof *k->rows))) {
			p->failed = true;
			return false;
		}
		slot = &k->rows[k->n];
	} else if (k->ranked) {
		/* replace the smallest rank (the later row among equals) when this one is larger */
		for (unsigned i = 0; i < k->n; i++)
			if (!slot || k->rows[i].rank < slot->rank ||
			    (k->rows[i].rank == slot->rank && k->rows[i].ordinal > slot->ordinal))
				slot = &k->rows[i];
		if (rank <= slot->rank)
			return true;
	} else {
		return true;
	}
	if (!kept_copy(slot, row, ordinal, rank)) {
		p->failed = true;
		return false;
	}
	if (slot == &k->rows[k->n])
		k->n++;
	return true;
}

static bool
page_totals(void *ctx, enum remit_report_kind kind, struct remit_totals *t)
{
	struct html_page *p = ctx;
	int i = kind_index(kind);

	remit_totals_free(&p->tot[i]);
	p->tot[i] = *t;          /* the page owns the sections from here */
	memset(t, 0, sizeof *t);
	p->have[i] = true;
	return true;
}

struct report_writer
html_page_writer(struct html_page *p)
{
	return (struct report_writer){ p, page_row, page_totals };
}

void
html_page_free(struct html_page *p)
{
	if (!p)
		return;
	for (int k = 0; k < NKIND; k++) {
		remit_totals_free(&p->tot[k]);
		for (unsigned i = 0; i < p->kept[k].n; i++)
			kept_clear(&p->kept[k].rows[i]);
		free(p->kept[k].rows);
	}
	free(p);
}

/* ---------------------------------------------------------------- text helpers */

/* HTML text or attribute value: & < > " ' escaped, control bytes as U+FFFD. */
static void
esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fputs("&#xFFFD;", f);
			else
				putc(c, f);
		}
	}
}

/* At most max characters of s (UTF-8 aware), an ellipsis when cut. */
static void
esc_short(FILE *f, const char *s, size_t max)
{
	size_t chars = 0, i;
	char buf[256];

	for (i = 0; s[i] && i + 4 < sizeof buf; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && chars++ == max)
			break;
		buf[i] = s[i];
	}
	buf[i] = '\0';
	esc(f, buf);
	if (s[i])
		fputs("\xe2\x80\xa6", f);
}

static const char *
count_str(char *buf, size_t size, int64_t v)
{
	char digits[32];
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t n, len = 0;

	snprintf(digits, sizeof digits, "%llu", (unsigned long long)a);
	n = strlen(digits);
	if (v < 0 && len + 1 < size)
		buf[len++] = '-';
	for (size_t i = 0; i < n && len + 1 < size; i++) {
		buf[len++] = digits[i];
		if ((n - i - 1) % 3 == 0 && i + 1 < n && len + 1 < size)
			buf[len++] = ',';
	}
	buf[len] = '\0';
	return buf;
}

static void
money(FILE *f, int64_t cents)
{
	char buf[48];

	fputs(report_dollars(buf, sizeof buf, cents), f);
}

/* Whole dollars without cents (axis ticks). */
static void
money_tick(FILE *f, int64_t cents)
{
	char buf[48];

	if (cents % 100 == 0) {
		fputc('$', f);
		fputs(count_str(buf, sizeof buf, cents / 100), f);
	} else {
		money(f, cents);
	}
}

static void
count(FILE *f, int64_t v)
{
	char buf[40];

	fputs(count_str(buf, sizeof buf, v), f);
}

/* basis points as "12.34%" */
static void
rate(FILE *f, int64_t bp)
{
	fprintf(f, "%lld.%02lld%%", (long long)(bp / 100), (long long)(bp % 100));
}

/* part / whole in basis points, rounded half up; 0 when whole is 0 */
static int64_t
rate_bp(int64_t part, int64_t whole)
{
	if (whole <= 0 || part <= 0)
		return 0;
	return (part * 10000 + whole / 2) / whole;
}

static void
iso(char out[16], int32_t d)
{
	if (d > 0)
		snprintf(out, 16, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100), (int)(d % 100));
	else
		snprintf(out, 16, "any");
}

/* A cell with an exact number: <td class="num" data-v="V">text</td>. */
enum num_kind { N_COUNT, N_CENTS, N_RATE, N_MILLI };

static void
num_cell(FILE *f, enum num_kind k, int64_t v, const char *tag)
{
	fprintf(f, "<%s class=\"num%s\" data-v=\"%lld\">", tag, k == N_MILLI ? " milli" : "", (long long)v);
	switch (k) {
	case N_COUNT:
		count(f, v);
		break;
	case N_CENTS:
		money(f, v);
		break;
	case N_RATE:
		rate(f, v);
		break;
	case N_MILLI:
		count(f, v / 1000);
		if (v % 1000)
			fprintf(f, ".%03lld", (long long)((v < 0 ? -v : v) % 1000));
		break;
	}
	fprintf(f, "</%s>", tag);
}

/* ---------------------------------------------------------------- totals look-ups */

static const struct remit_totals *
totals(const struct html_page *p, enum remit_report_kind k)
{
	int i = kind_index(k);

	return p->have[i] ? &p->tot[i] : NULL;
}

static const struct remit_figure *
figure(const struct html_page *p, enum remit_report_kind k, const char *label)
{
	const struct remit_totals *t = totals(p, k);

	for (unsigned i = 0; t && i < t->nfig; i++)
		if (strcmp(t->fig[i].label, label) == 0)
			return &t->fig[i];
	return NULL;
}

static const struct remit_section *
section(const struct html_page *p, enum remit_report_kind k, const char *title)
{
	const struct remit_totals *t = totals(p, k);

	for (unsigned i = 0; t && i < t->nsec; i++)
		if (strcmp(t->sec[i].title, title) == 0)
			return &t->sec[i];
	return NULL;
}

/* A figure as an inline number the tests can find: <span data-fig="KIND:label" data-v="V">text</span>. */
static void
fig_span(struct html_page *p, enum remit_report_kind k, const char *label)
{
	const struct remit_figure *x = figure(p, k, label);
	int64_t v = x ? x->value : 0;

	fprintf(p->f, "<span data-fig=\"%s:", report_kind_name(k));
	esc(p->f, label);
	fprintf(p->f, "\" data-v=\"%lld\">", (long long)v);
	if (x && x->cents)
		money(p->f, v);
	else
		count(p->f, v);
	fputs("</span>", p->f);
}

/* ---------------------------------------------------------------- charts */

struct bar {
	const char *key;
	int64_t v;
	uint64_t n;
};

/* The smallest 1/2/5 x 10^k step with at most 5 steps to cover max (> 0). */
static int64_t
nice_step(int64_t max)
{
	int64_t mag = 1;

	while (mag <= INT64_MAX / 10 && mag * 50 < max)
		mag *= 10;
	for (;;) {
		if (mag * 5 >= max)
			return mag;
		if (mag * 2 * 5 >= max)
			return mag * 2;
		if (mag * 5 * 5 >= max)
			return mag * 5;
		mag *= 10;
	}
}

/* The label a chart shows for a group key: a CARC key without its "(category, action)". */
static void
bar_label(FILE *f, const char *key, bool carc)
{
	char buf[120];
	const char *cut = carc ? strstr(key, " (") : NULL;
	size_t len = cut ? (size_t)(cut - key) : strlen(key);

	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, key, len);
	buf[len] = '\0';
	esc_short(f, buf, 30);
}

/*
 * Horizontal bars, largest first as given: label | bar | value.  value_name
 * and what name the axis and the hover text ("PYR01: $1.00, 3 denied lines").
 */
static void
hbar_chart(struct html_page *p, const char *id, const char *title, const char *x_axis, const char *y_axis,
	   const char *count_name, const struct bar *b, unsigned n, bool carc, bool warn_last)
{
	FILE *f = p->f;
	const int left = 236, plot = 400, row_h = 24, top = 24;
	unsigned shown = n < CHART_BARS ? n : CHART_BARS;
	int64_t max = 0, step, span;
	int height, base;

	for (unsigned i = 0; i < shown; i++)
		if (b[i].v > max)
			max = b[i].v;
	step = nice_step(max > 0 ? max : 100);
	span = step * ((max + step - 1) / step > 0 ? (max + step - 1) / step : 1);
	base = top + (int)shown * row_h;
	height = base + 46;
	fprintf(f, "<svg id=\"%s\" role=\"img\" aria-labelledby=\"%s-t\" viewBox=\"0 0 760 %d\" width=\"760\" height=\"%d\">",
		id, id, height, height);
	fprintf(f, "<title id=\"%s-t\">", id);
	esc(f, title);
	fputs("</title>\n", f);
	/* grid and ticks */
	for (int64_t v = 0; v <= span; v += step) {
		int x = left + (int)(v * plot / span);

		fprintf(f, "<line class=\"grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", x, top - 2, x, base);
		fprintf(f, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", x, base + 15);
		money_tick(f, v);
		fputs("</text>\n", f);
	}
	for (unsigned i = 0; i < shown; i++) {
		int y = top + (int)i * row_h;
		int w = b[i].v > 0 ? (int)(b[i].v * plot / span) : 0;

		if (b[i].v > 0 && w < 1)
			w = 1;
		fputs("<g class=\"bar\" data-key=\"", f);
		esc(f, b[i].key);
		fprintf(f, "\" data-v=\"%lld\"><title>", (long long)b[i].v);
		esc(f, b[i].key);
		fputs(": ", f);
		money(f, b[i].v);
		fputs(", ", f);
		count(f, (int64_t)b[i].n);
		fprintf(f, " %s</title>", count_name);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 8, y + 16);
		bar_label(f, b[i].key, carc);
		fprintf(f, "</text><rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\"/>",
			warn_last && i + 1 == shown ? "w" : "b", left, y + 4, w);
		fprintf(f, "<text x=\"%d\" y=\"%d\">", left + w + 6, y + 16);
		money(f, b[i].v);
		fputs("</text></g>\n", f);
	}
	fprintf(f, "<line class=\"base\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, top - 2, left, base);
	fprintf(f, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", left + plot / 2, base + 36);
	esc(f, x_axis);
	/* the name of the labels' axis heads their column */
	fprintf(f, "</text><text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 8, top - 8);
	esc(f, y_axis);
	fputs("</text></svg>\n", f);
}

/* A table of groups: key | count | amount, a total row; sortable. */
static void
group_table(struct html_page *p, const char *data_table, const char *caption, const char *key_name,
	    const char *count_name, const char *value_name, const struct bar *b, unsigned n)
{
	FILE *f = p->f;
	int64_t sum = 0;
	uint64_t cnt = 0;

	fprintf(f, "<table class=\"data groups\" data-table=\"%s\"><caption>Table: ", data_table);
	esc(f, caption);
	fputs("</caption>\n<thead><tr><th scope=\"col\" data-field=\"key\">", f);
	esc(f, key_name);
	fputs("</th><th scope=\"col\" class=\"num\" data-field=\"count\">", f);
	esc(f, count_name);
	fputs("</th><th scope=\"col\" class=\"num\" data-field=\"cents\">", f);
	esc(f, value_name);
	fputs("</th></tr></thead>\n<tbody>\n", f);
	for (unsigned i = 0; i < n; i++) {
		fputs("<tr><th scope=\"row\" class=\"text\">", f);
		esc(f, b[i].key);
		fputs("</th>", f);
		num_cell(f, N_COUNT, (int64_t)b[i].n, "td");
		num_cell(f, N_CENTS, b[i].v, "td");
		fputs("</tr>\n", f);
		sum += b[i].v;
		cnt += b[i].n;
	}
	fputs("</tbody>\n<tfoot><tr><th scope=\"row\">total</th>", f);
	num_cell(f, N_COUNT, (int64_t)cnt, "td");
	num_cell(f, N_CENTS, sum, "td");
	fputs("</tr></tfoot></table>\n", f);
}

/* Chart and table of one set of groups under an h3; a line of text instead when there is nothing. */
static void
group_figure(struct html_page *p, const char *id, const char *title, const char *lead, const char *x_axis,
	     const char *key_name, const char *count_name, const char *value_name, const struct bar *b, unsigned n,
	     bool carc, bool warn_last)
{
	FILE *f = p->f;

	fprintf(f, "<figure aria-labelledby=\"%s-h\">\n<h3 id=\"%s-h\">", id, id);
	esc(f, title);
	fputs("</h3>\n", f);
	if (lead) {
		fputs("<p class=\"lead\">", f);
		esc(f, lead);
		fputs("</p>\n", f);
	}
	if (!n) {
		fputs("<p class=\"empty\">Nothing in this selection.</p>\n</figure>\n", f);
		return;
	}
	hbar_chart(p, id, title, x_axis, key_name, count_name, b, n, carc, warn_last);
	if (n > CHART_BARS)
		fprintf(f, "<p class=\"note\">The chart shows the largest %d of %u; the table lists all.</p>\n",
			CHART_BARS, n);
	group_table(p, id, title, key_name, count_name, value_name, b, n);
	fputs("</figure>\n", f);
}

/* The groups of a section as bars; keep(key) picks a subset (NULL all).  *out freed by the caller. */
static unsigned
section_bars(const struct remit_section *s, bool (*keep)(const char *), struct bar **out)
{
	unsigned n = 0;

	*out = NULL;
	if (!s || !s->n || !(*out = calloc(s->n, sizeof **out)))
		return 0;
	for (unsigned i = 0; i < s->n; i++)
		if (!keep || keep(s->g[i].key))
			(*out)[n++] = (struct bar){ s->g[i].key, s->g[i].cents, s->g[i].count };
	return n;
}

static bool
is_drug(const char *code)
{
	return code[0] == 'J' || code[0] == 'Q';
}

static bool
is_admin(const char *code)
{
	return code[0] == '9' && code[1] == '6' && strlen(code) == 5;
}

static bool
is_other_code(const char *code)
{
	return !is_drug(code) && !is_admin(code);
}

/* A section as one chart and table; ids are "KIND.slug[.part]". */
static void
section_figure(struct html_page *p, enum remit_report_kind k, const char *title_in_report, const char *part,
	       bool (*keep)(const char *), const char *title, const char *lead, const char *x_axis, const char *key_name,
	       const char *count_name, const char *value_name, bool carc)
{
	char id[96], slug[64];
	struct bar *b;
	unsigned n = section_bars(section(p, k, title_in_report), keep, &b);

	report_slug(title_in_report, slug, sizeof slug);
	snprintf(id, sizeof id, "%s.%s%s%s", report_kind_name(k), slug, part ? "." : "", part ? part : "");
	group_figure(p, id, title, lead, x_axis, key_name, count_name, value_name, b, n, carc, false);
	free(b);
}

/* The aging buckets, always the four of them in order. */
static void
aging_figure(struct html_page *p)
{
	static const char *const names[] = { "0-30", "31-60", "61-90", "90+" };
	const struct remit_section *s = section(p, REMIT_REPORT_AGING, "by age (days since sent)");
	struct bar b[4];

	for (int i = 0; i < 4; i++) {
		b[i] = (struct bar){ names[i], 0, 0 };
		for (unsigned j = 0; s && j < s->n; j++)
			if (strcmp(s->g[j].key, names[i]) == 0)
				b[i] = (struct bar){ names[i], s->g[j].cents, s->g[j].count };
	}
	group_figure(p, "aging.by_age_days_since_sent", "Charges waiting for an answer, by days since sent",
		     "Claims with no final answer yet: no response, pended, split and not returned, reversed.",
		     "charges waiting (US dollars)", "days since sent", "claims", "charges", b, 4, false, true);
}

/* Denial rate by remittance week: columns of denied amount / charges answered, table under it. */
static void
weeks_figure(struct html_page *p)
{
	FILE *f = p->f;
	const struct remit_section *ans = section(p, REMIT_REPORT_SUMMARY, "lines answered by remittance week (charges)");
	const struct remit_section *den = section(p, REMIT_REPORT_SUMMARY, "lines denied by remittance week (denied amount)");
	const char *id = "summary.weeks";
	unsigned n = ans ? ans->n : 0, first = n > CHART_WEEKS ? n - CHART_WEEKS : 0, shown = n - first;
	int64_t *dc = NULL, *dn = NULL, max_bp = 0, top_bp, all_ans = 0, all_den = 0;
	const int left = 64, plot_w = 660, plot_h = 180, top = 12;
	bool slanted = shown > 8;
	int base = top + plot_h, height = base + (slanted ? 86 : 50);

	fprintf(f, "<figure aria-labelledby=\"%s-h\">\n<h3 id=\"%s-h\">Denial rate by remittance week</h3>\n", id, id);
	if (!n) {
		fputs("<p class=\"empty\">No remittance answered a line in this selection.</p>\n</figure>\n", f);
		return;
	}
	if (!(dc = calloc(n, sizeof *dc)) || !(dn = calloc(n, sizeof *dn))) {
		p->failed = true;
		free(dc);
		fputs("</figure>\n", f);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		for (unsigned j = 0; den && j < den->n; j++)
			if (strcmp(den->g[j].key, ans->g[i].key) == 0) {
				dc[i] = den->g[j].cents;
				dn[i] = (int64_t)den->g[j].count;
			}
		all_ans += ans->g[i].cents;
		all_den += dc[i];
		if (i >= first && rate_bp(dc[i], ans->g[i].cents) > max_bp)
			max_bp = rate_bp(dc[i], ans->g[i].cents);
	}
	fputs("<p class=\"lead\">Denied amount as a share of the charges of the lines a remittance answered that week "
	      "(Monday to Sunday, by the payment date BPR16 of the latest answer). Over the whole selection: ", f);
	fprintf(f, "<span data-calc=\"rate:all\" data-v=\"%lld\">", (long long)rate_bp(all_den, all_ans));
	rate(f, rate_bp(all_den, all_ans));
	fputs("</span>.</p>\n", f);
	top_bp = max_bp <= 1000 ? 1000 : max_bp <= 2500 ? 2500 : max_bp <= 5000 ? 5000 : 10000;
	fprintf(f, "<svg id=\"%s\" role=\"img\" aria-labelledby=\"%s-t\" viewBox=\"0 0 760 %d\" width=\"760\" height=\"%d\">",
		id, id, height, height);
	fprintf(f, "<title id=\"%s-t\">Denial rate by remittance week</title>\n", id);
	for (int t = 0; t <= 5; t++) {
		int64_t bp = top_bp * t / 5;
		int y = base - (int)(bp * plot_h / top_bp);

		fprintf(f, "<line class=\"grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, y, left + plot_w, y);
		fprintf(f, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld%%</text>\n", left - 6, y + 4,
			(long long)(bp / 100));
	}
	for (unsigned i = first; i < n; i++) {
		int slot = plot_w / (int)shown, x = left + (int)(i - first) * slot;
		int bw = slot * 6 / 10 > 48 ? 48 : slot * 6 / 10;
		int64_t bp = rate_bp(dc[i], ans->g[i].cents);
		int h = (int)(bp * plot_h / top_bp);
		int cx = x + slot / 2;

		if (bp > 0 && h < 1)
			h = 1;
		fputs("<g class=\"bar\" data-key=\"", f);
		esc(f, ans->g[i].key);
		fprintf(f, "\" data-v=\"%lld\"><title>Week of ", (long long)bp);
		esc(f, ans->g[i].key);
		fputs(": ", f);
		rate(f, bp);
		fputs(" denied (", f);
		money(f, dc[i]);
		fputs(" of ", f);
		money(f, ans->g[i].cents);
		fputs(" answered; ", f);
		count(f, dn[i]);
		fputs(" of ", f);
		count(f, (int64_t)ans->g[i].count);
		fputs(" lines)</title>", f);
		fprintf(f, "<rect class=\"w\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", cx - bw / 2, base - h, bw, h);
		if (shown <= 13) {
			fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", cx, base - h - 4);
			rate(f, bp);
			fputs("</text>", f);
		}
		if (slanted)
			fprintf(f, "<text class=\"tick\" transform=\"translate(%d %d) rotate(-45)\" text-anchor=\"end\">", cx + 4,
				base + 14);
		else
			fprintf(f, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", cx, base + 16);
		esc(f, ans->g[i].key);
		fputs("</text></g>\n", f);
	}
	fprintf(f, "<line class=\"base\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, base, left + plot_w, base);
	fprintf(f, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">week starting (Monday)</text>",
		left + plot_w / 2, height - 6);
	fprintf(f, "<text class=\"axis\" transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">"
		   "denied share</text></svg>\n", top + plot_h / 2);
	if (first)
		fprintf(f, "<p class=\"note\">The chart shows the last %d of %u weeks; the table lists all.</p>\n",
			CHART_WEEKS, n);
	fputs("<table class=\"data\" data-table=\"summary.weeks\"><caption>Lines answered and denied by remittance week"
	      "</caption>\n<thead><tr><th scope=\"col\" data-field=\"key\">week starting</th>"
	      "<th scope=\"col\" class=\"num\" data-field=\"answered_count\">lines answered</th>"
	      "<th scope=\"col\" class=\"num\" data-field=\"answered_cents\">charges answered</th>"
	      "<th scope=\"col\" class=\"num\" data-field=\"denied_count\">lines denied</th>"
	      "<th scope=\"col\" class=\"num\" data-field=\"denied_cents\">denied amount</th>"
	      "<th scope=\"col\" class=\"num\" data-field=\"rate_bp\">denial rate</th></tr></thead>\n<tbody>\n", f);
	{
		int64_t lines = 0, dlines = 0;

		for (unsigned i = 0; i < n; i++) {
			fputs("<tr><th scope=\"row\">", f);
			esc(f, ans->g[i].key);
			fputs("</th>", f);
			num_cell(f, N_COUNT, (int64_t)ans->g[i].count, "td");
			num_cell(f, N_CENTS, ans->g[i].cents, "td");
			num_cell(f, N_COUNT, dn[i], "td");
			num_cell(f, N_CENTS, dc[i], "td");
			num_cell(f, N_RATE, rate_bp(dc[i], ans->g[i].cents), "td");
			fputs("</tr>\n", f);
			lines += (int64_t)ans->g[i].count;
			dlines += dn[i];
		}
		fputs("</tbody>\n<tfoot><tr><th scope=\"row\">total</th>", f);
		num_cell(f, N_COUNT, lines, "td");
		num_cell(f, N_CENTS, all_ans, "td");
		num_cell(f, N_COUNT, dlines, "td");
		num_cell(f, N_CENTS, all_den, "td");
		num_cell(f, N_RATE, rate_bp(all_den, all_ans), "td");
		fputs("</tr></tfoot></table>\n</figure>\n", f);
	}
	free(dc);
	free(dn);
}

/* ---------------------------------------------------------------- row tables */

struct column {
	const char *field;   /* report field; "group-carc" joins the two */
	const char *head;
};

static const struct column denial_cols[] = {
	{ "claim", "claim (CLM01)" }, { "line_control", "line" }, { "procedure", "code" }, { "modifiers", "mod" },
	{ "payer", "payer" }, { "group-carc", "CARC" }, { "label", "reason" }, { "action", "action" },
	{ "amount_cents", "denied" }, { "at_risk_cents", "at risk" }, { "service_date", "service" },
	{ "remit_date", "remitted" }, { NULL, NULL },
};
static const struct column denial_all_cols[] = {
	{ "claim", "claim (CLM01)" }, { "line_control", "line" }, { "procedure", "code" }, { "modifiers", "mod" },
	{ "payer", "payer" }, { "group-carc", "CARC" }, { "label", "reason" }, { "action", "action" },
	{ "appealable", "appeal" }, { "amount_cents", "denied" }, { "at_risk_cents", "at risk" },
	{ "service_date", "service" }, { "remit_date", "remitted" }, { "remarks", "remarks" }, { NULL, NULL },
};
static const struct column under_cols[] = {
	{ "claim", "claim (CLM01)" }, { "line_control", "line" }, { "procedure", "code" }, { "modifiers", "mod" },
	{ "payer", "payer" }, { "units_milli", "units" }, { "allowed_per_unit_cents", "fee per unit" },
	{ "expected_cents", "expected" }, { "paid_cents", "paid" }, { "patient_resp_cents", "patient" },
	{ "shortfall_cents", "short" }, { "status", "status" }, { "remarks", "remarks" }, { NULL, NULL },
};
static const struct column aging_cols[] = {
	{ "claim", "claim (CLM01)" }, { "payer", "payer" }, { "submitted", "sent" }, { "days", "days" },
	{ "bucket", "bucket" }, { "charge_cents", "charges" }, { "status", "status" }, { NULL, NULL },
};
static const struct column rejection_cols[] = {
	{ "claim", "claim (CLM01)" }, { "payer", "payer" }, { "submitted", "sent" }, { "charge_cents", "charges" },
	{ "ack", "by" }, { "status", "status" }, { "reason", "reason" }, { "segment", "segment" },
	{ "acknowledged", "on" }, { NULL, NULL },
};
static const struct column plb_cols[] = {
	{ "trn", "TRN" }, { "payment_date", "paid on" }, { "payer", "payer" }, { "reason", "PLB" },
	{ "label", "reason" }, { "reference", "reference" }, { "amount_cents", "amount" }, { "claim", "claim (CLM01)" },
	{ "link", "link" }, { "claim_paid_after_plb_cents", "claim paid after PLB" }, { NULL, NULL },
};
static const struct column unmatched_cols[] = {
	{ "clp01", "CLP01" }, { "payer", "payer" }, { "clp02", "CLP02" }, { "clp07", "payer claim" },
	{ "charge_cents", "charges" }, { "paid_cents", "paid" }, { "payment_date", "paid on" }, { NULL, NULL },
};

static int
cmp_kept(const void *a, const void *b)
{
	const struct kept_row *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	return x->ordinal < y->ordinal ? -1 : x->ordinal > y->ordinal;
}

static void
rows_table(struct html_page *p, enum remit_report_kind k, const struct column *cols, const char *caption,
	   const char *what)
{
	FILE *f = p->f;
	struct kept *kp = &p->kept[kind_index(k)];

	if (!kp->n) {
		fprintf(f, "<p class=\"empty\">No %s in this selection.</p>\n", what);
		return;
	}
	if (kp->ranked)
		qsort(kp->rows, kp->n, sizeof kp->rows[0], cmp_kept);
	fprintf(f, "<div class=\"wide\"><table class=\"data rows\" data-table=\"%s.rows\"><caption>", report_kind_name(k));
	esc(f, caption);
	fputs("</caption>\n<thead><tr>", f);
	for (const struct column *c = cols; c->field; c++) {
		const struct remit_field *x = kept_field(&kp->rows[0], c->field);
		bool numeric = x && x->type != REMIT_F_STR && x->type != REMIT_F_BOOL;

		fprintf(f, "<th scope=\"col\"%s data-field=\"%s\">", numeric ? " class=\"num\"" : "", c->field);
		esc(f, c->head);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (unsigned i = 0; i < kp->n; i++) {
		const struct kept_row *r = &kp->rows[i];

		fprintf(f, "<tr data-row=\"%lu\">", r->ordinal);
		for (const struct column *c = cols; c->field; c++) {
			const struct remit_field *x;

			if (strcmp(c->field, "group-carc") == 0) {
				const struct remit_field *g = kept_field(r, "group"), *cc = kept_field(r, "carc");

				fputs("<td>", f);
				esc(f, g && g->s ? g->s : "");
				fputc('-', f);
				esc(f, cc && cc->s ? cc->s : "");
				fputs("</td>", f);
				continue;
			}
			x = kept_field(r, c->field);
			if (!x) {
				fputs("<td>\xe2\x80\x94</td>", f);
				continue;
			}
			switch (x->type) {
			case REMIT_F_STR:
				fputs(c->field == cols[0].field ? "<th scope=\"row\">" :
				      strcmp(c->field, "label") == 0 ? "<td class=\"text\">" : "<td>", f);
				if (x->s && x->s[0])
					esc(f, x->s);
				else
					fputs("\xe2\x80\x94", f);
				fputs(c->field == cols[0].field ? "</th>" : "</td>", f);
				break;
			case REMIT_F_INT:
				num_cell(f, strstr(x->name, "_milli") ? N_MILLI : N_COUNT, x->i, "td");
				break;
			case REMIT_F_CENTS:
				num_cell(f, N_CENTS, x->i, "td");
				break;
			case REMIT_F_BOOL:
				fputs(x->i ? "<td>yes</td>" : "<td>no</td>", f);
				break;
			}
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
	if (kp->wanted > kp->n)
		fprintf(f, "<p class=\"note\">%u of %lu shown (%s); <code>remedi report %s --format csv</code> lists all.</p>\n",
			kp->n, kp->wanted, kp->ranked ? "the largest" : "the first", report_kind_name(k));
}

/* ---------------------------------------------------------------- page parts */

static void
tile(struct html_page *p, const char *label, enum remit_report_kind k, const char *fig, bool alert)
{
	fprintf(p->f, "<div class=\"kpi%s\"><p class=\"kpi-label\">", alert ? " alert" : "");
	esc(p->f, label);
	fputs("</p><p class=\"kpi-value\">", p->f);
	fig_span(p, k, fig);
	fputs("</p><p class=\"kpi-note\">", p->f);
}

/* " word" or " words" after the figure's value */
static void
plural(struct html_page *p, enum remit_report_kind k, const char *fig, const char *one, const char *many)
{
	const struct remit_figure *x = figure(p, k, fig);

	fprintf(p->f, " %s", x && x->value == 1 ? one : many);
}

static void
tile_end(struct html_page *p)
{
	fputs("</p></div>\n", p->f);
}

/* sha256 of s as base64, for the CSP */
static void
csp_hash(const char *s, char out[48])
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct sha256 h;
	char hex[65];
	unsigned char d[33] = { 0 };
	size_t o = 0;

	sha256_init(&h);
	sha256_update(&h, s, strlen(s));
	sha256_final_hex(&h, hex);
	for (int i = 0; i < 32; i++) {
		unsigned v;

		sscanf(hex + 2 * i, "%2x", &v);
		d[i] = (unsigned char)v;
	}
	for (int i = 0; i < 33; i += 3) {
		unsigned v = (unsigned)d[i] << 16 | (unsigned)d[i + 1] << 8 | (unsigned)d[i + 2];

		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < 32 ? b64[v >> 6 & 63] : '=';
		out[o++] = i + 2 < 32 ? b64[v & 63] : '=';
	}
	out[o] = '\0';
}

static void
page_head(struct html_page *p, const char *title)
{
	FILE *f = p->f;
	char css[48], js[48];

	csp_hash(page_css, css);
	csp_hash(page_js, js);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", f);
	fprintf(f, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-%s'; "
		   "script-src 'sha256-%s'; img-src data:; base-uri 'none'; form-action 'none'\">\n", css, js);
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"generator\" content=\"remedi\">\n<title>", f);
	esc(f, title);
	fputs("</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>", f);
	fputs(page_css, f);
	fputs("</style>\n</head>\n<body>\n<main>\n", f);
}

static void
page_header(struct html_page *p, const char *title)
{
	FILE *f = p->f;
	const struct remit_report_options *o = p->info.o;
	const char *base = strrchr(p->info.db, '/');
	char a[16], b[16];

	fputs("<header>\n<h1>", f);
	esc(f, title);
	fputs("</h1>\n<p class=\"meta\">Store <b>", f);
	esc(f, base ? base + 1 : p->info.db);
	iso(a, o->as_of);
	fprintf(f, "</b> &middot; aging as of <b>%s</b> &middot; ", a);
	if (o->payer && o->payer[0]) {
		fputs("payer <b>", f);
		esc(f, o->payer);
		fputs("</b>", f);
	} else {
		fputs("all payers", f);
	}
	fputs(" &middot; ", f);
	if (o->from || o->to) {
		iso(a, o->from);
		iso(b, o->to);
		fprintf(f, "%s <b>%s</b> to <b>%s</b>", o->dates == REMIT_DATES_REMIT ? "remitted" : "dates of service", a, b);
	} else {
		fputs("all dates", f);
	}
	fprintf(f, " &middot; tolerance <b data-opt=\"tolerance\" data-v=\"%lld\">", (long long)o->tolerance);
	money(f, o->tolerance);
	fputs("</b> a line</p>\n</header>\n", f);
}

static void
page_end(struct html_page *p)
{
	FILE *f = p->f;

	fputs("<footer><p>Written by remedi report from the claim store; no patient names, birth dates or "
	      "member ids are shown: claims by their CLM01 only. This file loads nothing from anywhere.</p></footer>\n"
	      "</main>\n<script>",
	      f);
	fputs(page_js, f);
	fputs("</script>\n</body>\n</html>\n", f);
}

/* Status counts and the store-wide figures of the summary. */
static void
about(struct html_page *p, bool definitions)
{
	FILE *f = p->f;
	const struct remit_totals *t = totals(p, REMIT_REPORT_SUMMARY);

	fputs("<section id=\"about\">\n<h2>About these numbers</h2>\n", f);
	if (definitions)
		fputs("<dl class=\"defs\">\n"
		      "<dt>Denied</dt><dd>Denial adjustments (group and CARC, net over every remittance) on the lines "
		      "submitted; reversed lines and contractual, cost-share, pending and informational codes are not "
		      "denials.</dd>\n"
		      "<dt>At risk</dt><dd>What the denied part would pay at the fee schedule, when the schedule has the "
		      "code; else the denied amount.</dd>\n"
		      "<dt>Appealable</dt><dd>Denials whose CARC is worth an appeal (authorization, medical necessity, "
		      "units ...), not those fixed by a corrected claim or written off.</dd>\n"
		      "<dt>Underpaid</dt><dd>Paid + patient share + sequestration below the fee schedule (allowed per "
		      "unit &times; units) by more than the tolerance.</dd>\n"
		      "<dt>Waiting</dt><dd>Claims with no final answer: no response, pended, split and not returned, "
		      "reversed; days counted from the day they were sent.</dd>\n"
		      "<dt>Drugs, administration</dt><dd>Drugs: HCPCS J and Q codes; administration: CPT 96xxx "
		      "(infusion, injection, chemotherapy administration); other: the rest.</dd>\n"
		      "</dl>\n",
		      f);
	if (!t) {
		fputs("</section>\n", f);
		return;
	}
	for (unsigned s = 0; s < t->nsec; s++) {
		const struct remit_section *sec = &t->sec[s];
		char id[96], slug[64];
		struct bar *b;
		unsigned n;

		if (sec->by_key)
			continue;   /* the weeks have their own figure */
		n = section_bars(sec, NULL, &b);
		if (!n) {
			free(b);
			continue;
		}
		report_slug(sec->title, slug, sizeof slug);
		snprintf(id, sizeof id, "summary.%s", slug);
		group_table(p, id, sec->title, strstr(sec->title, "unbalanced") ? "remittance" : "status",
			    strstr(sec->title, "lines") ? "lines" : strstr(sec->title, "claims") ? "claims" : "sets",
			    strstr(sec->title, "unbalanced") ? "imbalance" : "charges", b, n);
		free(b);
	}
	fputs("<h3>The store</h3>\n<p class=\"note\">", f);
	if (remit_report_filtered(p->info.o))
		fputs("Files, remittances and the amounts of BPR02, CLP04, PLB and AMT*I count the whole store, not "
		      "the selection. ", f);
	fputs("</p>\n<table class=\"figures\" data-table=\"summary.figures\"><tbody>\n", f);
	for (unsigned i = 0; i < t->nfig; i++) {
		fputs("<tr><th scope=\"row\">", f);
		esc(f, t->fig[i].label);
		fputs("</th><td class=\"num\">", f);
		fig_span(p, REMIT_REPORT_SUMMARY, t->fig[i].label);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
}

static void
dashboard(struct html_page *p)
{
	FILE *f = p->f;
	const enum remit_report_kind D = REMIT_REPORT_DENIALS, U = REMIT_REPORT_UNDERPAYMENTS, A = REMIT_REPORT_AGING,
				     S = REMIT_REPORT_SUMMARY, M = REMIT_REPORT_UNMATCHED;

	{
		/* the window and the tab of a saved or mailed page say which store and day */
		const char *base = strrchr(p->info.db, '/');
		char title[160], day[16];

		iso(day, p->info.o->as_of);
		snprintf(title, sizeof title, "Denial dashboard \xe2\x80\x94 %s, %s", base ? base + 1 : p->info.db, day);
		page_head(p, title);
	}
	page_header(p, "Denial dashboard");
	fputs("<section class=\"kpis\" aria-label=\"Totals\">\n", f);
	tile(p, "Denied", D, "denied amount", true);
	fig_span(p, D, "denied lines (line x CARC)");
	plural(p, D, "denied lines (line x CARC)", "denied line on", "denied lines on");
	fputc(' ', f);
	fig_span(p, D, "claims with a denial");
	plural(p, D, "claims with a denial", "claim", "claims");
	tile_end(p);
	tile(p, "Expected payment at risk", D, "expected payment at risk", true);
	fputs("the denied part at the fee schedule", f);
	tile_end(p);
	tile(p, "Appealable", D, "appealable amount", false);
	fputs("denials worth an appeal", f);
	tile_end(p);
	tile(p, "Underpaid", U, "shortfall", false);
	fig_span(p, U, "underpaid lines");
	fputs(" of ", f);
	fig_span(p, U, "lines checked against a fee schedule");
	plural(p, U, "lines checked against a fee schedule", "line checked", "lines checked");
	tile_end(p);
	tile(p, "Waiting for an answer", A, "their charges", false);
	fig_span(p, A, "claims without a final answer");
	plural(p, A, "claims without a final answer", "claim", "claims");
	tile_end(p);
	tile(p, "Paid on matched claims", S, "paid on matched claims", false);
	fig_span(p, S, "patient responsibility");
	fputs(" patient responsibility", f);
	tile_end(p);
	fputs("</section>\n", f);

	fputs("<section id=\"denials\">\n<h2>Denials: where the money is</h2>\n", f);
	section_figure(p, D, "by payer", NULL, NULL, "Denied dollars by payer", NULL, "denied amount (US dollars)",
		       "payer", "denied lines", "denied amount", false);
	section_figure(p, D, "by CARC", NULL, NULL, "Denied dollars by reason (group and CARC)",
		       "Our short label for each code; category and usual action in the table.",
		       "denied amount (US dollars)", "reason (group-CARC)", "denied lines", "denied amount", true);
	fputs("</section>\n", f);

	fputs("<section id=\"appeals\">\n<h2>Top appealable denials</h2>\n<p class=\"lead\">The largest denied lines "
	      "whose reason is worth an appeal, largest first.</p>\n", f);
	rows_table(p, D, denial_cols, "Appealable denied lines", "appealable denials");
	fputs("</section>\n", f);

	fputs("<section id=\"procedures\">\n<h2>Denials by procedure</h2>\n", f);
	section_figure(p, D, "by procedure", "drugs", is_drug, "Drugs (HCPCS J and Q codes)", NULL,
		       "denied amount (US dollars)", "code", "denied lines", "denied amount", false);
	section_figure(p, D, "by procedure", "admin", is_admin, "Drug administration (CPT 96xxx)", NULL,
		       "denied amount (US dollars)", "code", "denied lines", "denied amount", false);
	section_figure(p, D, "by procedure", "other", is_other_code, "Other procedures", NULL,
		       "denied amount (US dollars)", "code", "denied lines", "denied amount", false);
	fputs("</section>\n", f);

	fputs("<section id=\"weeks\">\n<h2>Denials over time</h2>\n", f);
	weeks_figure(p);
	fputs("</section>\n", f);

	fputs("<section id=\"aging\">\n<h2>Aging</h2>\n", f);
	aging_figure(p);
	section_figure(p, A, "by payer", NULL, NULL, "Charges waiting, by payer", NULL, "charges waiting (US dollars)",
		       "payer", "claims", "charges", false);
	rows_table(p, A, aging_cols, "The oldest claims without a final answer", "claims waiting");
	fputs("</section>\n", f);

	fputs("<section id=\"underpaid\">\n<h2>Underpayments against the fee schedule</h2>\n", f);
	section_figure(p, U, "by procedure", NULL, NULL, "Shortfall by code", NULL, "shortfall (US dollars)", "code",
		       "underpaid lines", "shortfall", false);
	section_figure(p, U, "by payer", NULL, NULL, "Shortfall by payer", NULL, "shortfall (US dollars)", "payer",
		       "underpaid lines", "shortfall", false);
	rows_table(p, U, under_cols, "The largest underpaid lines", "underpaid lines");
	fputs("</section>\n", f);

	fputs("<section id=\"unmatched\">\n<h2>Unmatched claim payments</h2>\n<p class=\"lead\">", f);
	fig_span(p, M, "unmatched claim payments");
	plural(p, M, "unmatched claim payments", "payment matched", "payments matched");
	fputs(" no submitted claim: ", f);
	fig_span(p, M, "paid");
	fputs(" paid on ", f);
	fig_span(p, M, "charges");
	fputs(" charged.</p>\n", f);
	rows_table(p, M, unmatched_cols, "Claim payments that match no submitted claim", "unmatched payments");
	fputs("</section>\n", f);

	about(p, true);
	page_end(p);
}

/* One report: its figures as tiles, each section as a chart and a table, then its rows. */
static void
single(struct html_page *p)
{
	FILE *f = p->f;
	enum remit_report_kind k = p->info.kind;
	const struct remit_totals *t = totals(p, k);
	char title[80];
	static const struct {
		enum remit_report_kind kind;
		const char *title;
		const struct column *cols;
		const char *what;
	} kinds[] = {
		{ REMIT_REPORT_DENIALS, "Denials", denial_all_cols, "denied lines" },
		{ REMIT_REPORT_UNDERPAYMENTS, "Underpayments", under_cols, "underpaid lines" },
		{ REMIT_REPORT_UNMATCHED, "Unmatched claim payments", unmatched_cols, "unmatched payments" },
		{ REMIT_REPORT_AGING, "Aging of claims without a final answer", aging_cols, "claims waiting" },
		{ REMIT_REPORT_SUMMARY, "Summary", NULL, NULL },
		{ REMIT_REPORT_REJECTIONS, "Claims rejected by a 999 or 277CA", rejection_cols, "rejected claims" },
		{ REMIT_REPORT_PLB, "Provider-level adjustments (PLB)", plb_cols, "adjustments" },
	};
	unsigned w = 0;

	while (kinds[w].kind != k)
		w++;
	snprintf(title, sizeof title, "remedi report: %s", kinds[w].title);
	page_head(p, title);
	page_header(p, kinds[w].title);
	if (k == REMIT_REPORT_SUMMARY) {
		weeks_figure(p);
		about(p, false);
		page_end(p);
		return;
	}
	fputs("<section class=\"kpis\" aria-label=\"Totals\">\n", f);
	for (unsigned i = 0; t && i < t->nfig; i++) {
		fputs("<div class=\"kpi\"><p class=\"kpi-label\">", f);
		esc(f, t->fig[i].label);
		fputs("</p><p class=\"kpi-value\">", f);
		fig_span(p, k, t->fig[i].label);
		fputs("</p></div>\n", f);
	}
	fputs("</section>\n", f);
	for (unsigned s = 0; t && s < t->nsec; s++) {
		const char *st = t->sec[s].title;
		bool carc = strcmp(st, "by CARC") == 0;
		const char *value = k == REMIT_REPORT_DENIALS ? "denied amount" : k == REMIT_REPORT_PLB ? "amount" :
				    k == REMIT_REPORT_UNDERPAYMENTS ? "shortfall" :
				    k == REMIT_REPORT_AGING || k == REMIT_REPORT_REJECTIONS ? "charges" : "paid";
		const char *cnt = k == REMIT_REPORT_DENIALS ? "denied lines" : k == REMIT_REPORT_PLB ? "adjustments" :
				  k == REMIT_REPORT_UNDERPAYMENTS ? "underpaid lines" :
				  k == REMIT_REPORT_AGING || k == REMIT_REPORT_REJECTIONS ? "claims" : "payments";
		char h[96], axis[96];

		if (k == REMIT_REPORT_AGING && strcmp(st, "by age (days since sent)") == 0) {
			aging_figure(p);
			continue;
		}
		snprintf(h, sizeof h, "%c%s %s", value[0] - 'a' + 'A', value + 1, st);
		snprintf(axis, sizeof axis, "%s (US dollars)", value);
		section_figure(p, k, st, NULL, NULL, h, NULL, axis,
			       carc ? "reason (group-CARC)" : strstr(st, "payer") ? "payer" : "code", cnt, value, carc);
	}
	fputs("<h2>Rows</h2>\n", f);
	rows_table(p, k, kinds[w].cols, kinds[w].title, kinds[w].what);
	page_end(p);
}

bool
html_page_write(struct html_page *p, FILE *f)
{
	if (p->failed)
		return false;
	p->f = f;
	if (p->info.dashboard)
		dashboard(p);
	else
		single(p);
	p->f = NULL;
	return !p->failed && fflush(f) == 0 && !ferror(f);
}
