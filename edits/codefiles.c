/*
 * codefiles.c - the official code-set files, row by row: the one parser of
 * each layout (research/oncology-edits.md section 2).  edits_tables_load()
 * collects the rows into the in-memory tables; `remedi codes import`
 * stores them in SQLite.
 *
 *   input (x12_input: file, stdin, gzip by magic) --lines--> layout reader --rows--> fn
 *
 *   HCPCS      ANWEB fixed width (HCPC 1-5, SEQNUM 6-10, RECID 11, ADD DT
 *              269-276, ACT EFF DT 277-284, TERM DT 285-292), or CSV / TSV
 *              with the ANWEB column names (HCPC, RECID, ADD DT ...; also the
 *              lower-case names of shared/codesets: hcpc, kind, add_dt ...)
 *   ICD-10-CM  order file (order 1-5, code 7-13, billable flag 15), codes
 *              file (code 1-7, description from 9), or TSV with a code column
 *   PTP        tab-delimited after an AMA notice and a wrapped header
 *   MUE        CSV with the "HCPCS/CPT Code" header
 *   ASP        payment-limit CSV: preamble, then a header with "HCPCS Code"
 *              and "Payment Limit" (found by name); the preamble's dates
 *   crosswalk  NDC-HCPCS CSV: header with *_CODE (or HCPCS), NDC2, BILLUNITS
 *
 * A row of the layout that does not parse is an error naming file:line;
 * text before the header (notices, preambles) is skipped.
 */
#include "internal.h"
#include "input.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define set_err ed_set_error

/* ------------------------------------------------------------------ lines */

/* The decoded bytes of the file, line by line: views into the chunk, or into carry for a split line. */
struct line_src {
	struct x12_input *in;
	const char *chunk;
	size_t len, pos;
	char *carry;
	size_t ncarry, capcarry;
	bool final, eof;
	edits_bytes_fn bytes;
	void *ctx;
	struct x12_error ioerr;
	bool error, nomem;
};

static bool
carry_add(struct line_src *s, const char *p, size_t n)
{
	if (s->ncarry + n + 1 > s->capcarry) {
		size_t cap = s->capcarry ? s->capcarry * 2 : 4096;
		char *q;

		while (cap < s->ncarry + n + 1)
			cap *= 2;
		if (!(q = realloc(s->carry, cap))) {
			s->nomem = true;
			return false;
		}
		s->carry = q;
		s->capcarry = cap;
	}
	memcpy(s->carry + s->ncarry, p, n);
	s->ncarry += n;
	return true;
}

static bool
src_line(struct line_src *s, struct x12_str *line)
{
	bool split = false;

	s->ncarry = 0;
	for (;;) {
		if (s->pos < s->len) {
			const char *p = s->chunk + s->pos, *nl = memchr(p, '\n', s->len - s->pos);
			size_t n = nl ? (size_t)(nl - p) : s->len - s->pos;

			if (nl && !split) {
				*line = (struct x12_str){ p, n };
				s->pos += n + 1;
				break;
			}
			if (!carry_add(s, p, n))
				return false;
			split = true;
			s->pos += n + (nl ? 1 : 0);
			if (nl) {
				*line = (struct x12_str){ s->carry, s->ncarry };
				break;
			}
			continue;
		}
		if (s->final) {
			if (!split)
				return false;
			*line = (struct x12_str){ s->carry, s->ncarry };
			break;
		}
		s->pos = s->len = 0;
		switch (x12_input_read(s->in, &s->chunk, &s->len, &s->final, &s->ioerr)) {
		case X12_OK:
			if (s->bytes && s->len)
				s->bytes(s->ctx, s->chunk, s->len);
			break;
		case X12_DONE:
			s->final = true;
			s->len = 0;
			break;
		default:
			s->error = true;
			return false;
		}
	}
	while (line->len && line->ptr[line->len - 1] == '\r')
		line->len--;
	return true;
}

/* ------------------------------------------------------------------ fields */

struct x12_str
ed_trim(struct x12_str v)
{
	while (v.len && (v.ptr[0] == ' ' || v.ptr[0] == '\t'))
		v.ptr++, v.len--;
	while (v.len && (v.ptr[v.len - 1] == ' ' || v.ptr[v.len - 1] == '\t'))
		v.len--;
	return v;
}

#define trim ed_trim

/* CSV fields with "quoted, fields" ("" inside quotes is a quote); copies into buf. */
static unsigned
split_csv(struct x12_str line, char *buf, size_t bufsize, struct x12_str *f, unsigned max)
{
	unsigned n = 0;
	size_t i = 0, o = 0;

	while (n < max) {
		bool q = false;
		size_t start = o;

		if (i < line.len && line.ptr[i] == '"') {
			q = true;
			i++;
		}
		while (i < line.len) {
			char ch = line.ptr[i];

			if (q && ch == '"') {
				if (i + 1 < line.len && line.ptr[i + 1] == '"') {
					i++;
				} else {
					q = false;
					i++;
					continue;
				}
			} else if (!q && ch == ',') {
				break;
			}
			if (o < bufsize)
				buf[o++] = ch;
			i++;
		}
		f[n].ptr = buf + start;
		f[n].len = o - start;
		n++;
		if (i >= line.len)
			break;
		i++; /* the comma */
	}
	return n;
}

/* Tab-delimited when the line has a tab, else CSV. */
static unsigned
split_any(struct x12_str line, char *buf, size_t bufsize, struct x12_str *f, unsigned max)
{
	if (memchr(line.ptr, '\t', line.len))
		return x12_str_split(line, '\t', f, max);
	return split_csv(line, buf, bufsize, f, max);
}

/* Upper-case letters and digits only, min..max of them. */
static bool
is_code(struct x12_str v, size_t min, size_t max)
{
	if (v.len < min || v.len > max)
		return false;
	for (size_t i = 0; i < v.len; i++)
		if (!((v.ptr[i] >= '0' && v.ptr[i] <= '9') || (v.ptr[i] >= 'A' && v.ptr[i] <= 'Z')))
			return false;
	return true;
}

static bool
is_code5(struct x12_str v)
{
	return is_code(v, 5, 5);
}

bool
ed_date_or_blank(struct x12_str v, int32_t *out)
{
	v = trim(v);
	*out = 0;
	if (v.len == 0)
		return true;
	return x12_parse_date8(v, out);
}

/*
 * Column index of the header field named name (case and the separators
 * ' ', '_' and '-' ignored), or ending in it with suffix; -1 when none.
 */
static int
column(const struct x12_str *f, unsigned n, const char *name, bool suffix)
{
	for (unsigned i = 0; i < n; i++) {
		struct x12_str v = trim(f[i]);
		size_t a = v.len, b = strlen(name);

		/* compare from the end, skipping separators, so a suffix match is the same walk */
		for (;;) {
			while (a && (v.ptr[a - 1] == ' ' || v.ptr[a - 1] == '_' || v.ptr[a - 1] == '-'))
				a--;
			while (b && (name[b - 1] == ' ' || name[b - 1] == '_' || name[b - 1] == '-'))
				b--;
			if (!a || !b || tolower((unsigned char)v.ptr[a - 1]) != tolower((unsigned char)name[b - 1]))
				break;
			a--, b--;
		}
		if (!b && (!a || suffix))
			return (int)i;
	}
	return -1;
}

int64_t
ed_ndc_number(struct x12_str v)
{
	int64_t n = 0;
	unsigned digits = 0;

	for (size_t i = 0; i < v.len; i++) {
		if (v.ptr[i] == '-')
			continue;
		if (v.ptr[i] < '0' || v.ptr[i] > '9')
			return -1;
		n = n * 10 + (v.ptr[i] - '0');
		digits++;
	}
	return digits == 11 ? n : -1;
}

/* ------------------------------------------------------------------ readers */

struct reader {
	const char *path;
	struct line_src *src;
	edits_row_fn fn;
	void *ctx;
	struct edits_file_meta *meta;
	struct edits_error *err;
	unsigned long no;
	bool stopped;            /* fn said stop */
};

static bool
emit(struct reader *r, struct edits_file_row *row)
{
	row->line = r->no;
	r->meta->rows++;
	if (!r->fn(r->ctx, row)) {
		r->stopped = true; /* err is the consumer's to fill */
		return false;
	}
	return true;
}

/* A field copied to a NUL-terminated buffer. */
static const char *
cstr(char *buf, size_t size, struct x12_str v)
{
	x12_str_copy(buf, size, trim(v));
	return buf;
}

/*
 * NCCI PTP: Column 1, Column 2, *=in existence prior to 1996, Effective
 * Date, Deletion Date ('*' = none), Modifier (0/1/9), PTP Edit Rationale.
 * A line whose first field is a code is a row and must parse.
 */
static bool
read_ptp(struct reader *r)
{
	struct x12_str line, f[8];
	char c1[8], c2[8];

	snprintf(r->meta->layout, sizeof r->meta->layout, "NCCI PTP tab-delimited");
	while (src_line(r->src, &line)) {
		struct edits_file_row row = { 0 };
		struct x12_str del, mod;
		unsigned n;

		r->no++;
		n = x12_str_split(line, '\t', f, 8);
		if (!is_code5(trim(f[0])))
			continue;
		if (n < 6 || !is_code5(trim(f[1]))) {
			set_err(r->err, r->path, r->no, "PTP row needs Column 1, Column 2, prior-1996 flag, dates and modifier");
			return false;
		}
		del = trim(f[4]);
		mod = trim(f[5]);
		row.u.ptp.col1 = cstr(c1, sizeof c1, f[0]);
		row.u.ptp.col2 = cstr(c2, sizeof c2, f[1]);
		if (!x12_parse_date8(trim(f[3]), &row.u.ptp.effective) ||
		    !(x12_str_eq(del, "*") || del.len == 0 || x12_parse_date8(del, &row.u.ptp.deleted)) || mod.len != 1 ||
		    (mod.ptr[0] != '0' && mod.ptr[0] != '1' && mod.ptr[0] != '9')) {
			set_err(r->err, r->path, r->no,
				"PTP row: effective date, deletion date ('*' or CCYYMMDD) or modifier (0, 1, 9) malformed");
			return false;
		}
		row.u.ptp.modifier = (unsigned)(mod.ptr[0] - '0');
		if (!emit(r, &row))
			return false;
	}
	if (!r->meta->rows) {
		set_err(r->err, r->path, 0, "no PTP rows (Column 1 <tab> Column 2 ...): not an NCCI PTP file");
		return false;
	}
	return true;
}

/* MUE CSV: notice rows, then the "HCPCS/CPT Code" header, then code, value, adjudication indicator, rationale. */
static bool
read_mue(struct reader *r)
{
	struct x12_str line, f[16];
	char buf[4096], code[8];
	bool header = false;

	snprintf(r->meta->layout, sizeof r->meta->layout, "NCCI MUE CSV");
	while (src_line(r->src, &line)) {
		struct edits_file_row row = { 0 };
		struct x12_str mai;
		unsigned n;

		r->no++;
		n = split_csv(line, buf, sizeof buf, f, 16);
		if (!header) {
			header = column(f, n, "HCPCS/CPT Code", false) == 0;
			continue;
		}
		if (line.len == 0)
			continue;
		mai = trim(f[2 < n ? 2 : 0]);
		if (n < 3 || !is_code5(trim(f[0])) || !x12_parse_scaled(trim(f[1]), 3, &row.u.mue.units) ||
		    row.u.mue.units < 0 || mai.len == 0 || mai.ptr[0] < '1' || mai.ptr[0] > '3') {
			set_err(r->err, r->path, r->no, "MUE row needs code, MUE value and adjudication indicator (1, 2 or 3)");
			return false;
		}
		row.u.mue.code = cstr(code, sizeof code, f[0]);
		row.u.mue.mai = (unsigned)(mai.ptr[0] - '0');
		if (!emit(r, &row))
			return false;
	}
	if (!header) {
		set_err(r->err, r->path, 0, "no \"HCPCS/CPT Code\" header row: not an MUE table");
		return false;
	}
	return true;
}

/* NDC-HCPCS crosswalk CSV: preamble rows, a header with *_CODE (or HCPCS), NDC2 and BILLUNITS. */
static bool
read_xwalk(struct reader *r)
{
	struct x12_str line, f[32];
	char buf[8192], code[8], ndc[24];
	int c_code = -1, c_ndc = -1, c_units = -1;

	snprintf(r->meta->layout, sizeof r->meta->layout, "ASP NDC-HCPCS crosswalk CSV");
	while (src_line(r->src, &line)) {
		struct edits_file_row row = { 0 };
		unsigned n;
		int64_t number;

		r->no++;
		n = split_csv(line, buf, sizeof buf, f, 32);
		if (c_ndc < 0) {
			c_ndc = column(f, n, "NDC2", false);
			c_code = column(f, n, "_CODE", true);
			if (c_code < 0)
				c_code = column(f, n, "HCPCS", false);
			c_units = column(f, n, "BILLUNITS", false);
			if (c_ndc >= 0 && (c_code < 0 || c_units < 0)) {
				set_err(r->err, r->path, r->no, "crosswalk header has NDC2 but no HCPCS code or BILLUNITS column");
				return false;
			}
			continue;
		}
		if (line.len == 0)
			continue;
		if ((unsigned)c_ndc >= n || (unsigned)c_code >= n || (unsigned)c_units >= n ||
		    (number = ed_ndc_number(trim(f[c_ndc]))) < 0 || !is_code5(trim(f[c_code])) ||
		    !x12_parse_scaled(trim(f[c_units]), 3, &row.u.ndc.billunits) || row.u.ndc.billunits <= 0) {
			set_err(r->err, r->path, r->no, "crosswalk row needs an HCPCS code, an 11-digit NDC2 and BILLUNITS > 0");
			return false;
		}
		snprintf(ndc, sizeof ndc, "%011lld", (long long)number);
		row.u.ndc.ndc11 = ndc;
		row.u.ndc.hcpcs = cstr(code, sizeof code, f[c_code]);
		if (!emit(r, &row))
			return false;
	}
	if (c_ndc < 0) {
		set_err(r->err, r->path, 0, "no header with NDC2: not an NDC-HCPCS crosswalk");
		return false;
	}
	return true;
}

/* "January 1, 2026" (also "Jan 1 2026") at or after p: CCYYMMDD, 0 when none; *end after it. */
static int32_t
prose_date(const char *start, const char *lim, const char **end)
{
	static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
					      "jul", "aug", "sep", "oct", "nov", "dec" };

	for (const char *p = start; p + 3 < lim; p++) {
		const char *q;
		long day = 0, year = 0;
		int m;

		if (p != start && isalpha((unsigned char)p[-1]))
			continue;
		for (m = 0; m < 12; m++)
			if (strncasecmp(p, months[m], 3) == 0)
				break;
		if (m == 12)
			continue;
		for (q = p; q < lim && isalpha((unsigned char)*q); q++)
			;
		while (q < lim && *q == ' ')
			q++;
		while (q < lim && isdigit((unsigned char)*q) && day < 100)
			day = day * 10 + (*q++ - '0');
		while (q < lim && (*q == ',' || *q == ' '))
			q++;
		while (q < lim && isdigit((unsigned char)*q) && year < 10000)
			year = year * 10 + (*q++ - '0');
		if (day < 1 || day > 31 || year < 1990 || year > 2199)
			continue;
		*end = q;
		return (int32_t)(year * 10000 + (m + 1) * 100 + day);
	}
	return 0;
}

/*
 * ASP payment-limit CSV: preamble rows ("Payment Allowance Limits for
 * Medicare Part B Drugs", "Effective January 1, 2026 through March 31,
 * 2026", notes), then a header naming "HCPCS Code" and "Payment Limit"
 * (the column set varies by quarter), then one row per code.
 */
static bool
read_asp(struct reader *r)
{
	struct x12_str line, f[32];
	char buf[8192], code[8], dosage[64];
	int c_code = -1, c_limit = -1, c_dosage = -1;

	snprintf(r->meta->layout, sizeof r->meta->layout, "ASP payment limit CSV");
	while (src_line(r->src, &line)) {
		struct edits_file_row row = { 0 };
		struct x12_str lim;
		unsigned n;

		r->no++;
		n = split_csv(line, buf, sizeof buf, f, 32);
		if (c_code < 0) {
			c_code = column(f, n, "HCPCS Code", false);
			c_limit = column(f, n, "Payment Limit", false);
			c_dosage = column(f, n, "HCPCS Code Dosage", false);
			if (c_code >= 0 && c_limit < 0) {
				set_err(r->err, r->path, r->no, "ASP header has HCPCS Code but no Payment Limit column");
				return false;
			}
			if (c_code < 0 && !r->meta->from) {
				/* the preamble's period: "Effective <date> through <date>" */
				const char *end = line.ptr, *lim_ = line.ptr + line.len;

				if ((r->meta->from = prose_date(line.ptr, lim_, &end)))
					r->meta->to = prose_date(end, lim_, &end);
				if (r->meta->to && r->meta->to < r->meta->from)
					r->meta->to = 0;
			}
			continue;
		}
		if (line.len == 0 || (n == 1 && trim(f[0]).len == 0))
			continue;
		lim = trim(f[(unsigned)c_limit < n ? c_limit : 0]);
		if (lim.len && lim.ptr[0] == '$')
			lim.ptr++, lim.len--;
		if ((unsigned)c_code >= n || (unsigned)c_limit >= n || !is_code5(trim(f[c_code])) ||
		    !x12_parse_scaled(lim, 3, &row.u.asp.limit) || row.u.asp.limit < 0) {
			set_err(r->err, r->path, r->no,
				"ASP row needs a 5-character HCPCS code and a payment limit in dollars (at most 3 decimals)");
			return false;
		}
		row.u.asp.code = cstr(code, sizeof code, f[c_code]);
		row.u.asp.dosage = c_dosage >= 0 && (unsigned)c_dosage < n ? cstr(dosage, sizeof dosage, f[c_dosage]) : "";
		if (!emit(r, &row))
			return false;
	}
	if (c_code < 0) {
		set_err(r->err, r->path, 0, "no header with \"HCPCS Code\" and \"Payment Limit\": not an ASP payment limit file");
		return false;
	}
	return true;
}

/* Columns 'from'..'to' (1-based, inclusive) of a fixed-width line, "" past its end. */
static struct x12_str
cols(struct x12_str line, size_t from, size_t to)
{
	if (line.len < from)
		return (struct x12_str){ line.ptr, 0 };
	if (to > line.len)
		to = line.len;
	return (struct x12_str){ line.ptr + from - 1, to - from + 1 };
}

static bool
all_digits(struct x12_str v)
{
	if (!v.len)
		return false;
	for (size_t i = 0; i < v.len; i++)
		if (v.ptr[i] < '0' || v.ptr[i] > '9')
			return false;
	return true;
}

/* One HCPCS row from its code, record id (or kind word) and dates; continuation records are skipped. */
static bool
hcpcs_row(struct reader *r, struct x12_str code, struct x12_str recid, struct x12_str add, struct x12_str eff,
	  struct x12_str term)
{
	struct edits_file_row row = { 0 };
	char c[8];
	bool modifier;

	recid = trim(recid);
	code = trim(code);
	if (x12_str_eq(recid, "4") || x12_str_eq(recid, "8"))
		return true; /* long description continued */
	if (x12_str_eq(recid, "3") || x12_str_eq(recid, "code") || x12_str_eq(recid, "c"))
		modifier = false;
	else if (x12_str_eq(recid, "7") || x12_str_eq(recid, "modifier") || x12_str_eq(recid, "m"))
		modifier = true;
	else if (recid.len == 0)
		modifier = code.len == 2;
	else {
		set_err(r->err, r->path, r->no, "HCPCS record id '%.*s' is none of 3, 4, 7, 8", (int)recid.len, recid.ptr);
		return false;
	}
	if (!is_code(code, modifier ? 2 : 5, modifier ? 2 : 5)) {
		set_err(r->err, r->path, r->no, "HCPCS %s '%.*s' is not %s", modifier ? "modifier" : "code",
			(int)code.len, code.ptr, modifier ? "2 letters or digits" : "5 upper-case letters or digits");
		return false;
	}
	if (!ed_date_or_blank(add, &row.u.hcpcs.added) || !ed_date_or_blank(eff, &row.u.hcpcs.effective) ||
	    !ed_date_or_blank(term, &row.u.hcpcs.terminated)) {
		set_err(r->err, r->path, r->no, "HCPCS ADD DT, ACT EFF DT or TERM DT is not CCYYMMDD");
		return false;
	}
	row.u.hcpcs.code = cstr(c, sizeof c, code);
	row.u.hcpcs.modifier = modifier;
	return emit(r, &row);
}

/*
 * HCPCS: the first line tells the layout.  A header naming HCPC (CSV or
 * tab-delimited, any case) is the delimited form; otherwise the ANWEB fixed
 * width, where a record is a line with a 5-digit SEQNUM in 6-10 and a RECID
 * digit in 11 (the disclaimer before the records is skipped).
 */
static bool
read_hcpcs(struct reader *r)
{
	struct x12_str line, f[64];
	char buf[8192];
	int c_code = -1, c_rec = -1, c_add = -1, c_eff = -1, c_term = -1;
	bool fixed = false, seen_first = false;

	while (src_line(r->src, &line)) {
		unsigned n;

		r->no++;
		if (!seen_first && line.len == 0)
			continue;
		if (!seen_first) {
			seen_first = true;
			n = split_any(line, buf, sizeof buf, f, 64);
			if ((c_code = column(f, n, "HCPC", false)) >= 0) {
				c_rec = column(f, n, "RECID", false);
				if (c_rec < 0)
					c_rec = column(f, n, "kind", false);
				c_add = column(f, n, "ADD DT", false);
				c_eff = column(f, n, "ACT EFF DT", false);
				c_term = column(f, n, "TERM DT", false);
				if (c_add < 0 || c_term < 0) {
					set_err(r->err, r->path, r->no, "HCPCS header needs ADD DT and TERM DT columns");
					return false;
				}
				snprintf(r->meta->layout, sizeof r->meta->layout, "HCPCS %s",
					 memchr(line.ptr, '\t', line.len) ? "tab-delimited" : "CSV");
				continue;
			}
			fixed = true;
			snprintf(r->meta->layout, sizeof r->meta->layout, "HCPCS ANWEB fixed width");
		}
		if (fixed) {
			struct x12_str rec = cols(line, 11, 11);

			if (line.len < 11 || !all_digits(cols(line, 6, 10)) || !all_digits(rec))
				continue; /* the disclaimer */
			if ((rec.ptr[0] == '3' || rec.ptr[0] == '7') && line.len < 292) {
				set_err(r->err, r->path, r->no,
					"HCPCS ANWEB record is %zu characters, the layout has 293 (TERM DT ends at 292)",
					line.len);
				return false;
			}
			if (!hcpcs_row(r, cols(line, 1, 5), rec, cols(line, 269, 276), cols(line, 277, 284),
				       cols(line, 285, 292)))
				return false;
			continue;
		}
		if (line.len == 0)
			continue;
		n = split_any(line, buf, sizeof buf, f, 64);
		if ((unsigned)c_code >= n || (unsigned)c_add >= n || (unsigned)c_term >= n ||
		    (c_rec >= 0 && (unsigned)c_rec >= n) || (c_eff >= 0 && (unsigned)c_eff >= n)) {
			set_err(r->err, r->path, r->no, "HCPCS row has %u fields, fewer than the header names", n);
			return false;
		}
		if (!hcpcs_row(r, f[c_code], c_rec >= 0 ? f[c_rec] : (struct x12_str){ "", 0 }, f[c_add],
			       c_eff >= 0 ? f[c_eff] : (struct x12_str){ "", 0 }, f[c_term]))
			return false;
	}
	if (!r->meta->rows) {
		set_err(r->err, r->path, 0, "no HCPCS records (ANWEB fixed width, or a header with HCPC, ADD DT, TERM DT)");
		return false;
	}
	return true;
}

static bool
icd_code(struct x12_str v)
{
	return is_code(v, 3, 7) && v.ptr[0] >= 'A' && v.ptr[0] <= 'Z';
}

/*
 * ICD-10-CM: the order file (order number 1-5, code 7-13, billable flag
 * 15), the codes file (code 1-7, a space, the description; billable codes
 * only), or a tab-delimited file whose header names a code column
 * (code_dotless, code).  The first line tells which.
 */
static bool
read_icd(struct reader *r)
{
	enum { UNKNOWN, ORDER, CODES, TSV } layout = UNKNOWN;
	struct x12_str line, f[16];
	char code[8];
	int c_code = -1;

	while (src_line(r->src, &line)) {
		struct edits_file_row row = { 0 };
		struct x12_str v;
		unsigned n;

		r->no++;
		if (line.len == 0)
			continue;
		if (layout == UNKNOWN) {
			n = x12_str_split(line, '\t', f, 16);
			if (n > 1 && ((c_code = column(f, n, "code_dotless", false)) >= 0 ||
				      (c_code = column(f, n, "code", false)) >= 0)) {
				layout = TSV;
				snprintf(r->meta->layout, sizeof r->meta->layout, "ICD-10-CM tab-delimited");
				continue;
			}
			layout = line.len >= 15 && all_digits(cols(line, 1, 5)) && line.ptr[5] == ' ' ? ORDER : CODES;
			snprintf(r->meta->layout, sizeof r->meta->layout, "ICD-10-CM %s file",
				 layout == ORDER ? "order" : "codes");
		}
		switch (layout) {
		case ORDER:
			v = cols(line, 15, 15);
			if (line.len < 15 || !all_digits(cols(line, 1, 5)) || line.ptr[5] != ' ' ||
			    !icd_code(trim(cols(line, 7, 13))) || !(x12_str_eq(v, "0") || x12_str_eq(v, "1"))) {
				set_err(r->err, r->path, r->no,
					"order file row needs order number (1-5), code (7-13) and billable flag 0 or 1 (15)");
				return false;
			}
			row.u.icd.code = cstr(code, sizeof code, cols(line, 7, 13));
			row.u.icd.billable = v.ptr[0] == '1';
			break;
		case CODES:
			v = trim(cols(line, 1, 7));
			if (!icd_code(v) || (line.len > 7 && line.ptr[7] != ' ')) {
				set_err(r->err, r->path, r->no, "codes file row needs a code (1-7, no dot) and a space");
				return false;
			}
			row.u.icd.code = cstr(code, sizeof code, v);
			row.u.icd.billable = true;
			break;
		default:
			n = x12_str_split(line, '\t', f, 16);
			if ((unsigned)c_code >= n || !icd_code(trim(f[c_code]))) {
				set_err(r->err, r->path, r->no, "row needs an ICD-10-CM code (3-7 letters and digits, no dot)");
				return false;
			}
			row.u.icd.code = cstr(code, sizeof code, f[c_code]);
			row.u.icd.billable = true;
			break;
		}
		if (!emit(r, &row))
			return false;
	}
	if (!r->meta->rows) {
		set_err(r->err, r->path, 0, "no ICD-10-CM codes");
		return false;
	}
	return true;
}

bool
edits_file_read(enum edits_file_kind kind, const char *path, edits_row_fn fn, edits_bytes_fn bytes, void *ctx,
		struct edits_file_meta *meta, struct edits_error *err)
{
	struct line_src src = { .bytes = bytes, .ctx = ctx };
	struct edits_file_meta dummy;
	struct reader r = { .path = path, .src = &src, .fn = fn, .ctx = ctx, .err = err };
	struct x12_error xe;
	bool ok;

	r.meta = meta ? meta : &dummy;
	memset(r.meta, 0, sizeof *r.meta);
	if (x12_input_open(path, NULL, &src.in, &xe) != X12_OK) {
		set_err(err, path, 0, "cannot open: %s", xe.msg);
		return false;
	}
	switch (kind) {
	case EDITS_FILE_HCPCS: ok = read_hcpcs(&r); break;
	case EDITS_FILE_ICD10CM: ok = read_icd(&r); break;
	case EDITS_FILE_PTP: ok = read_ptp(&r); break;
	case EDITS_FILE_MUE: ok = read_mue(&r); break;
	case EDITS_FILE_ASP: ok = read_asp(&r); break;
	case EDITS_FILE_CROSSWALK: ok = read_xwalk(&r); break;
	default:
		set_err(err, path, 0, "unknown code-set kind");
		ok = false;
	}
	if (src.nomem) {
		set_err(err, path, r.no + 1, "out of memory (a line too long?)");
		ok = false;
	} else if (src.error) {
		set_err(err, path, r.no, "read error after this line: %s", src.ioerr.msg);
		ok = false;
	}
	free(src.carry);
	x12_input_close(src.in);
	return ok;
}
