/*
 * tables.c - the dated code tables: built once, looked up per line.
 *
 *   embedded seeds (the TSV files of edits/seeds/, in the binary) --parse--> rows
 *     --sort by packed key, merge classes and dates--> flat sorted arrays
 *   official files (PTP, MUE, crosswalk) --parse all or nothing--> sorted arrays
 *   lookups: binary search on the packed key; "in force on the date of service"
 *
 * Every table is an array of small fixed-size rows sorted by an integer key,
 * so a lookup is a few cache lines and the hot path never allocates.  A
 * store-backed loader (remedi codes import) fills the same arrays.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define set_err ed_set_error

const struct embedded_file *
ed_embedded(const struct embedded_file *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].name, name) == 0)
			return &list[i];
	return NULL;
}

void
ed_set_error(struct edits_error *err, const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ text helpers */

/* The next line of [*p, end) without its CR/LF; false at the end. */
static bool
next_line(const char **p, const char *end, struct x12_str *line)
{
	const char *s = *p, *e;

	if (s >= end)
		return false;
	e = memchr(s, '\n', (size_t)(end - s));
	if (!e)
		e = end;
	line->ptr = s;
	line->len = (size_t)(e - s);
	if (line->len && s[line->len - 1] == '\r')
		line->len--;
	*p = e < end ? e + 1 : end;
	return true;
}

/* Splits a line on tabs into at most max fields; returns the count. */
static unsigned
split_tabs(struct x12_str line, struct x12_str *f, unsigned max)
{
	return x12_str_split(line, '\t', f, max);
}

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

static struct x12_str
trim(struct x12_str v)
{
	while (v.len && (v.ptr[0] == ' ' || v.ptr[0] == '\t'))
		v.ptr++, v.len--;
	while (v.len && (v.ptr[v.len - 1] == ' ' || v.ptr[v.len - 1] == '\t'))
		v.len--;
	return v;
}

static uint64_t
key_of(struct x12_str v)
{
	char buf[9];

	x12_str_copy(buf, sizeof buf, v);
	return ed_key(buf);
}

/* A procedure code as the files write it: 5 upper-case letters or digits. */
static bool
is_code5(struct x12_str v)
{
	if (v.len != 5)
		return false;
	for (size_t i = 0; i < 5; i++)
		if (!((v.ptr[i] >= '0' && v.ptr[i] <= '9') || (v.ptr[i] >= 'A' && v.ptr[i] <= 'Z')))
			return false;
	return true;
}

/* CCYYMMDD, or blank (0); false for anything else. */
static bool
date_or_blank(struct x12_str v, int32_t *out)
{
	v = trim(v);
	*out = 0;
	if (v.len == 0)
		return true;
	return x12_parse_date8(v, out);
}

/* ------------------------------------------------------------------ growable rows */

struct rows {
	void *p;
	size_t n, cap, size;
};

static void *
rows_add(struct rows *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		void *p = realloc(r->p, cap * r->size);

		if (!p)
			return NULL;
		r->p = p;
		r->cap = cap;
	}
	memset((char *)r->p + r->n * r->size, 0, r->size);
	return (char *)r->p + r->n++ * r->size;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_ptp(const void *a, const void *b)
{
	const struct ed_ptp *x = a, *y = b;

	if (x->col1 != y->col1)
		return x->col1 < y->col1 ? -1 : 1;
	if (x->col2 != y->col2)
		return x->col2 < y->col2 ? -1 : 1;
	return (x->eff > y->eff) - (x->eff < y->eff);
}

/* ------------------------------------------------------------------ seeds */

static const struct embedded_file *
seed(const char *name)
{
	return ed_embedded(remedi_embedded_seeds, remedi_embedded_seeds_count, name);
}

static const struct {
	const char *name;
	uint32_t bit;
} class_names[] = {
	{ "initial", C_INITIAL }, { "chemo", C_CHEMO }, { "nonchemo", C_NONCHEMO }, { "admin", C_ADMIN },
	{ "addon", C_ADDON }, { "hydration", C_HYDRATION }, { "push", C_PUSH }, { "scim-h", C_SCIM_H },
	{ "scim-n", C_SCIM_N }, { "inj", C_INJ }, { "em", C_EM }, { "em-min", C_EM_MIN },
	{ "port-flush", C_PORT_FLUSH }, { "port-draw", C_PORT_DRAW }, { "included", C_INCLUDED },
	{ "pump", C_PUMP }, { "pump-cpt", C_PUMP_CPT }, { "antineo", C_ANTINEO | C_DRUG },
	{ "supportive", C_SUPPORTIVE | C_DRUG }, { "horm-scim", C_HORM_SCIM }, { "nonhorm-scim", C_NONHORM_SCIM },
	{ "iv-only", C_IV_ONLY }, { "sdc", C_SDC }, { "esa", C_ESA }, { "biosimilar", C_BIOSIMILAR },
	{ "reference", C_REFERENCE }, { "nephrotoxic", C_NEPHROTOXIC }, { "noc", C_NOC | C_DRUG },
	{ "pump-drug", C_PUMP_DRUG },
};

/* Drug HCPCS ranges (ONC-DRUG-001): J0120-J9999, Q0138/Q0139, Q5101-Q5199, C9xxx. */
static uint32_t
drug_range_classes(const char *code)
{
	if (strlen(code) != 5)
		return 0;
	if (code[0] == 'J' && strcmp(code, "J0120") >= 0)
		return code[1] == '9' ? C_DRUG | C_ANTINEO : C_DRUG;
	if (strcmp(code, "Q0138") == 0 || strcmp(code, "Q0139") == 0)
		return C_DRUG;
	if (code[0] == 'Q' && code[1] == '5' && code[2] == '1')
		return C_DRUG | C_BIOSIMILAR;
	if (code[0] == 'C' && code[1] == '9')
		return C_DRUG;
	return 0;
}

uint32_t
ed_code_classes(const struct ed_code *row, const char *code)
{
	return row ? row->cls : drug_range_classes(code);
}

static struct ed_code *
code_row(struct rows *r, struct x12_str code)
{
	struct ed_code *c = rows_add(r);

	if (c)
		c->key = key_of(trim(code));
	return c;
}

typedef bool (*seed_row_fn)(struct edits_tables *t, struct rows *r, struct x12_str *f, unsigned n,
			    struct edits_error *err, const char *name, unsigned long line);

static bool
parse_seed(struct edits_tables *t, struct rows *r, const char *name, seed_row_fn fn, struct edits_error *err)
{
	const struct embedded_file *s = seed(name);
	const char *p, *end;
	struct x12_str line, f[16];
	unsigned long no = 0;

	if (!s) {
		set_err(err, name, 0, "seed table not built into the binary");
		return false;
	}
	p = (const char *)s->data;
	end = p + s->len;
	while (next_line(&p, end, &line)) {
		no++;
		if (line.len == 0 || line.ptr[0] == '#')
			continue;
		unsigned n = split_tabs(line, f, 16);

		if (!fn(t, r, f, n, err, name, no))
			return false;
	}
	return true;
}

static bool
hcpcs_row(struct edits_tables *t, struct rows *r, struct x12_str *f, unsigned n, struct edits_error *err,
	  const char *name, unsigned long line)
{
	struct ed_code *c;
	int32_t eff;

	(void)t;
	if (n < 5) {
		set_err(err, name, line, "expected code, kind, add, effective and termination dates");
		return false;
	}
	if (!(c = code_row(r, f[0]))) {
		set_err(err, name, line, "out of memory");
		return false;
	}
	c->hcpcs = true;
	c->modifier = x12_str_eq(f[1], "m");
	if (!date_or_blank(f[2], &c->add) || !date_or_blank(f[3], &eff) || !date_or_blank(f[4], &c->term)) {
		set_err(err, name, line, "a date is not CCYYMMDD");
		return false;
	}
	return true;
}

static bool
cpt_row(struct edits_tables *t, struct rows *r, struct x12_str *f, unsigned n, struct edits_error *err,
	const char *name, unsigned long line)
{
	struct ed_code *c;

	(void)t;
	if (n < 3 || !(c = code_row(r, f[0])) || !date_or_blank(f[1], &c->add) || !date_or_blank(f[2], &c->term)) {
		set_err(err, name, line, "expected code, added and terminated dates");
		return false;
	}
	c->hcpcs = true;
	return true;
}

static bool
class_row(struct edits_tables *t, struct rows *r, struct x12_str *f, unsigned n, struct edits_error *err,
	  const char *name, unsigned long line)
{
	struct ed_code *c;
	struct x12_str cls[16];
	unsigned nc;

	(void)t;
	if (n < 2 || !(c = code_row(r, f[0]))) {
		set_err(err, name, line, "expected code and classes");
		return false;
	}
	nc = x12_str_split(f[1], ',', cls, 16);
	for (unsigned i = 0; i < nc; i++) {
		size_t k;

		for (k = 0; k < sizeof class_names / sizeof class_names[0]; k++)
			if (x12_str_eq(trim(cls[i]), class_names[k].name))
				break;
		if (k == sizeof class_names / sizeof class_names[0]) {
			set_err(err, name, line, "unknown class '%.*s'", (int)cls[i].len, cls[i].ptr);
			return false;
		}
		c->cls |= class_names[k].bit;
	}
	c->cls |= 0x80000000u; /* listed: the classes replace the drug-range default */
	return true;
}

static bool
successor_row(struct edits_tables *t, struct rows *r, struct x12_str *f, unsigned n, struct edits_error *err,
	      const char *name, unsigned long line)
{
	struct ed_code *c;
	int64_t least;

	(void)t;
	if (n < 3 || !(c = code_row(r, f[0])) || !x12_parse_scaled(f[2], 0, &least) || least <= 0) {
		set_err(err, name, line, "expected successor, predecessor, least plausible units");
		return false;
	}
	c->predecessor = key_of(f[1]);
	c->least_units = (int32_t)least;
	return true;
}

static bool
addon_row(struct edits_tables *t, struct rows *r, struct x12_str *f, unsigned n, struct edits_error *err,
	  const char *name, unsigned long line)
{
	struct ed_addon *a;
	struct x12_str p[6];

	(void)t;
	if (n < 2 || !(a = rows_add(r))) {
		set_err(err, name, line, "expected add-on and primaries");
		return false;
	}
	a->key = key_of(f[0]);
	a->n = x12_str_split(f[1], ',', p, 6);
	for (unsigned i = 0; i < a->n; i++)
		a->primary[i] = key_of(trim(p[i]));
	return true;
}

static bool
icd_row(struct edits_tables *t, struct rows *r, struct x12_str *f, unsigned n, struct edits_error *err,
	const char *name, unsigned long line)
{
	uint64_t *k;

	if (x12_str_eq(f[0], "valid")) {
		if (n < 3 || !date_or_blank(f[1], &t->icd_from) || !date_or_blank(f[2], &t->icd_to)) {
			set_err(err, name, line, "expected valid FROM TO");
			return false;
		}
		return true;
	}
	if (x12_str_eq(f[0], "covers")) {
		for (unsigned i = 1; i < n && t->nicd_covers < 16; i++)
			x12_str_copy(t->icd_covers[t->nicd_covers++], 4, f[i]);
		return true;
	}
	if (f[0].len < 3 || f[0].len > 7 || !(k = rows_add(r))) {
		set_err(err, name, line, "not an ICD-10-CM code");
		return false;
	}
	*k = key_of(f[0]);
	return true;
}

static int
cmp_code(const void *a, const void *b)
{
	const struct ed_code *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/* Sorts the code rows and merges the rows of one key (dates, classes, successor). */
static void
merge_codes(struct edits_tables *t, struct rows *r)
{
	struct ed_code *c = r->p;
	size_t out = 0;
	char code[9];

	qsort(c, r->n, sizeof *c, cmp_code);
	for (size_t i = 0; i < r->n; i++) {
		if (out && c[out - 1].key == c[i].key) {
			struct ed_code *m = &c[out - 1];

			m->cls |= c[i].cls;
			if (c[i].hcpcs) {
				m->hcpcs = true;
				m->modifier = c[i].modifier;
				m->add = c[i].add;
				m->term = c[i].term;
			}
			if (c[i].least_units) {
				m->least_units = c[i].least_units;
				m->predecessor = c[i].predecessor;
			}
			continue;
		}
		c[out++] = c[i];
	}
	for (size_t i = 0; i < out; i++) {
		for (unsigned b = 0; b < 8; b++)
			code[b] = (char)(c[i].key >> (56 - 8 * b));
		code[8] = '\0';
		if (c[i].cls & 0x80000000u)
			c[i].cls = (c[i].cls & ~0x80000000u) | (drug_range_classes(code) & C_DRUG);
		else if (!c[i].modifier)
			c[i].cls |= drug_range_classes(code);
	}
	t->codes = c;
	t->ncodes = out;
	r->p = NULL;
}

struct edits_tables *
edits_tables_new(struct edits_error *err)
{
	struct edits_tables *t = calloc(1, sizeof *t);
	struct rows codes = { .size = sizeof(struct ed_code) }, icd = { .size = sizeof(uint64_t) },
		    addons = { .size = sizeof(struct ed_addon) };

	if (!t) {
		set_err(err, NULL, 0, "out of memory");
		return NULL;
	}
	if (!parse_seed(t, &codes, "hcpcs.tsv", hcpcs_row, err) || !parse_seed(t, &codes, "cpt.tsv", cpt_row, err) ||
	    !parse_seed(t, &codes, "classes.tsv", class_row, err) ||
	    !parse_seed(t, &codes, "successors.tsv", successor_row, err) ||
	    !parse_seed(t, &icd, "icd10cm.tsv", icd_row, err) || !parse_seed(t, &addons, "addon.tsv", addon_row, err)) {
		free(codes.p);
		free(icd.p);
		free(addons.p);
		free(t);
		return NULL;
	}
	merge_codes(t, &codes);
	qsort(icd.p, icd.n, sizeof(uint64_t), cmp_u64);
	t->icd = icd.p;
	t->nicd = icd.n;
	qsort(addons.p, addons.n, sizeof(struct ed_addon), cmp_u64);
	t->addons = addons.p;
	t->naddons = addons.n;
	return t;
}

void
edits_tables_free(struct edits_tables *t)
{
	if (!t)
		return;
	free(t->codes);
	free(t->icd);
	free(t->addons);
	free(t->ptp);
	free(t->mue);
	free(t->xwalk);
	free(t);
}

/* ------------------------------------------------------------------ official files */

/* Reads a whole file (the tables are small beside the claims; a 2M-row PTP file is ~100 MB). */
static char *
slurp(const char *path, size_t *len, struct edits_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		set_err(err, path, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - n < 65536) {
			char *p = realloc(buf, cap = cap ? cap * 2 : 1 << 20);

			if (!p) {
				free(buf);
				fclose(f);
				set_err(err, path, 0, "out of memory");
				return NULL;
			}
			buf = p;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		set_err(err, path, 0, "read error");
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/*
 * NCCI PTP (tab-delimited): an AMA notice and a wrapped header, then rows
 * Column 1, Column 2, *=in existence prior to 1996, Effective Date,
 * Deletion Date ('*' = none), Modifier (0/1/9), PTP Edit Rationale.
 * A line whose first field is a code is a row and must parse.
 */
static bool
load_ptp(struct edits_tables *t, const char *path, const char *p, const char *end, struct edits_error *err)
{
	struct rows r = { .size = sizeof(struct ed_ptp) };
	struct x12_str line, f[8];
	unsigned long no = 0;

	while (next_line(&p, end, &line)) {
		struct ed_ptp *e;
		unsigned n;

		no++;
		n = split_tabs(line, f, 8);
		if (!is_code5(trim(f[0])))
			continue;
		if (n < 6 || !is_code5(trim(f[1]))) {
			set_err(err, path, no, "PTP row needs Column 1, Column 2, prior-1996 flag, dates and modifier");
			goto fail;
		}
		if (!(e = rows_add(&r))) {
			set_err(err, path, no, "out of memory");
			goto fail;
		}
		e->col1 = key_of(trim(f[0]));
		e->col2 = key_of(trim(f[1]));
		struct x12_str del = trim(f[4]), mod = trim(f[5]);

		if (!x12_parse_date8(trim(f[3]), &e->eff) ||
		    !(x12_str_eq(del, "*") || del.len == 0 || x12_parse_date8(del, &e->del)) || mod.len != 1 ||
		    (mod.ptr[0] != '0' && mod.ptr[0] != '1' && mod.ptr[0] != '9')) {
			set_err(err, path, no, "PTP row: effective date, deletion date ('*' or CCYYMMDD) or modifier (0, 1, 9) malformed");
			goto fail;
		}
		e->modifier = (uint8_t)(mod.ptr[0] - '0');
	}
	if (r.n == 0) {
		set_err(err, path, 0, "no PTP rows (Column 1 <tab> Column 2 ...)");
		goto fail;
	}
	qsort(r.p, r.n, sizeof(struct ed_ptp), cmp_ptp);
	free(t->ptp);
	t->ptp = r.p;
	t->nptp = r.n;
	return true;
fail:
	free(r.p);
	return false;
}

/* Column index of the header field equal to (or, with prefix, starting with) name; -1 when none. */
static int
column(const struct x12_str *f, unsigned n, const char *name, bool suffix)
{
	size_t len = strlen(name);

	for (unsigned i = 0; i < n; i++) {
		struct x12_str v = trim(f[i]);

		if (suffix ? v.len >= len && strncasecmp(v.ptr + v.len - len, name, len) == 0
			   : v.len == len && strncasecmp(v.ptr, name, len) == 0)
			return (int)i;
	}
	return -1;
}

/* MUE CSV: notice rows, then the "HCPCS/CPT Code" header, then code, value, adjudication indicator, rationale. */
static bool
load_mue(struct edits_tables *t, const char *path, const char *p, const char *end, struct edits_error *err)
{
	struct rows r = { .size = sizeof(struct ed_mue) };
	struct x12_str line, f[16];
	char buf[4096];
	unsigned long no = 0;
	bool header = false;

	while (next_line(&p, end, &line)) {
		struct ed_mue *m;
		unsigned n;
		int64_t v;

		no++;
		n = split_csv(line, buf, sizeof buf, f, 16);
		if (!header) {
			header = column(f, n, "HCPCS/CPT Code", false) == 0;
			continue;
		}
		if (line.len == 0)
			continue;
		struct x12_str mai = trim(f[2]);

		if (n < 3 || !is_code5(trim(f[0])) || !x12_parse_scaled(trim(f[1]), 3, &v) || v < 0 || mai.len == 0 ||
		    mai.ptr[0] < '1' || mai.ptr[0] > '3') {
			set_err(err, path, no, "MUE row needs code, MUE value and adjudication indicator (1, 2 or 3)");
			goto fail;
		}
		if (!(m = rows_add(&r))) {
			set_err(err, path, no, "out of memory");
			goto fail;
		}
		m->key = key_of(trim(f[0]));
		m->units = v;
		m->mai = (uint8_t)(mai.ptr[0] - '0');
	}
	if (!header) {
		set_err(err, path, 0, "no \"HCPCS/CPT Code\" header row: not an MUE table");
		goto fail;
	}
	qsort(r.p, r.n, sizeof(struct ed_mue), cmp_u64);
	free(t->mue);
	t->mue = r.p;
	t->nmue = r.n;
	return true;
fail:
	free(r.p);
	return false;
}

/* "00006-3026-02" / "00006302602" -> 6302602; -1 unless 11 digits. */
static int64_t
ndc_number(struct x12_str v)
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

/* NDC-HCPCS crosswalk CSV: preamble rows, a header with *_CODE (or HCPCS), NDC2 and BILLUNITS. */
static bool
load_xwalk(struct edits_tables *t, const char *path, const char *p, const char *end, struct edits_error *err)
{
	struct rows r = { .size = sizeof(struct ed_xwalk) };
	struct x12_str line, f[32];
	char buf[8192];
	unsigned long no = 0;
	int c_code = -1, c_ndc = -1, c_units = -1;

	while (next_line(&p, end, &line)) {
		struct ed_xwalk *x;
		unsigned n;
		int64_t ndc, units;

		no++;
		n = split_csv(line, buf, sizeof buf, f, 32);
		if (c_ndc < 0) {
			c_ndc = column(f, n, "NDC2", false);
			c_code = column(f, n, "_CODE", true);
			if (c_code < 0)
				c_code = column(f, n, "HCPCS", false);
			c_units = column(f, n, "BILLUNITS", false);
			if (c_ndc >= 0 && (c_code < 0 || c_units < 0)) {
				set_err(err, path, no, "crosswalk header has NDC2 but no HCPCS code or BILLUNITS column");
				goto fail;
			}
			continue;
		}
		if (line.len == 0)
			continue;
		if ((unsigned)c_ndc >= n || (unsigned)c_code >= n || (unsigned)c_units >= n ||
		    (ndc = ndc_number(trim(f[c_ndc]))) < 0 || !is_code5(trim(f[c_code])) ||
		    !x12_parse_scaled(trim(f[c_units]), 3, &units) || units <= 0) {
			set_err(err, path, no, "crosswalk row needs an HCPCS code, an 11-digit NDC2 and BILLUNITS > 0");
			goto fail;
		}
		if (!(x = rows_add(&r))) {
			set_err(err, path, no, "out of memory");
			goto fail;
		}
		x->ndc = (uint64_t)ndc;
		x->hcpcs = key_of(trim(f[c_code]));
		x->billunits = units;
	}
	if (c_ndc < 0) {
		set_err(err, path, 0, "no header with NDC2: not an NDC-HCPCS crosswalk");
		goto fail;
	}
	qsort(r.p, r.n, sizeof(struct ed_xwalk), cmp_u64);
	free(t->xwalk);
	t->xwalk = r.p;
	t->nxwalk = r.n;
	return true;
fail:
	free(r.p);
	return false;
}

bool
edits_tables_load(struct edits_tables *t, enum edits_table_kind kind, const char *path, struct edits_error *err)
{
	size_t len;
	char *buf = slurp(path, &len, err);
	bool ok;

	if (!buf)
		return false;
	switch (kind) {
	case EDITS_TABLE_PTP: ok = load_ptp(t, path, buf, buf + len, err); break;
	case EDITS_TABLE_MUE: ok = load_mue(t, path, buf, buf + len, err); break;
	case EDITS_TABLE_CROSSWALK: ok = load_xwalk(t, path, buf, buf + len, err); break;
	default:
		set_err(err, path, 0, "unknown table kind");
		ok = false;
	}
	free(buf);
	return ok;
}

/* ------------------------------------------------------------------ lookups */

/* Index of the first row whose leading uint64 key is >= key. */
static size_t
lower_bound(const void *base, size_t n, size_t size, uint64_t key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k;

		memcpy(&k, (const char *)base + mid * size, sizeof k);
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

#define FIND(arr, n, key)                                                              \
	do {                                                                           \
		size_t i_ = lower_bound((arr), (n), sizeof *(arr), (key));             \
		return i_ < (n) && (arr)[i_].key == (key) ? &(arr)[i_] : NULL;         \
	} while (0)

const struct ed_code *
ed_code_find(const struct edits_tables *t, uint64_t key)
{
	FIND(t->codes, t->ncodes, key);
}

const struct ed_addon *
ed_addon_find(const struct edits_tables *t, uint64_t key)
{
	FIND(t->addons, t->naddons, key);
}

const struct ed_mue *
ed_mue_find(const struct edits_tables *t, uint64_t key)
{
	FIND(t->mue, t->nmue, key);
}

const struct ed_xwalk *
ed_xwalk_find(const struct edits_tables *t, uint64_t ndc)
{
	size_t i = lower_bound(t->xwalk, t->nxwalk, sizeof *t->xwalk, ndc);

	return i < t->nxwalk && t->xwalk[i].ndc == ndc ? &t->xwalk[i] : NULL;
}

const struct ed_ptp *
ed_ptp_find(const struct edits_tables *t, uint64_t col1, uint64_t col2, int32_t dos)
{
	size_t i = lower_bound(t->ptp, t->nptp, sizeof *t->ptp, col1);

	for (; i < t->nptp && t->ptp[i].col1 == col1; i++) {
		const struct ed_ptp *p = &t->ptp[i];

		if (p->col2 < col2)
			continue;
		if (p->col2 > col2)
			break;
		if (p->eff <= dos && (p->del == 0 || p->del >= dos))
			return p;
	}
	return NULL;
}

int
ed_icd_billable(const struct edits_tables *t, const char *code, int32_t dos)
{
	bool covered = false;
	uint64_t k;
	size_t i;

	if (!t->icd_from || dos < t->icd_from || dos > t->icd_to)
		return -1;
	for (unsigned c = 0; c < t->nicd_covers && !covered; c++)
		covered = strncmp(code, t->icd_covers[c], strlen(t->icd_covers[c])) == 0;
	if (!covered)
		return -1;
	k = ed_key(code);
	i = lower_bound(t->icd, t->nicd, sizeof *t->icd, k);
	return i < t->nicd && t->icd[i] == k;
}

/* ------------------------------------------------------------------ rows from an importer */

static bool
code_ok(const char *c, size_t min, size_t max)
{
	size_t n = c ? strlen(c) : 0;

	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((c[i] >= '0' && c[i] <= '9') || (c[i] >= 'A' && c[i] <= 'Z')))
			return false;
	return true;
}

bool
edits_tables_set_ptp(struct edits_tables *t, const struct edits_ptp_row *rows, size_t n, struct edits_error *err)
{
	struct ed_ptp *p = malloc((n ? n : 1) * sizeof *p);

	if (!p) {
		set_err(err, "ptp", 0, "out of memory");
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (!code_ok(rows[i].col1, 5, 5) || !code_ok(rows[i].col2, 5, 5) || !rows[i].effective ||
		    (rows[i].modifier != 0 && rows[i].modifier != 1 && rows[i].modifier != 9)) {
			set_err(err, "ptp", i + 1, "PTP row needs two 5-character codes, an effective date and modifier 0, 1 or 9");
			free(p);
			return false;
		}
		p[i] = (struct ed_ptp){ ed_key(rows[i].col1), ed_key(rows[i].col2), rows[i].effective, rows[i].deleted,
					(uint8_t)rows[i].modifier };
	}
	qsort(p, n, sizeof *p, cmp_ptp);
	free(t->ptp);
	t->ptp = p;
	t->nptp = n;
	return true;
}

bool
edits_tables_set_mue(struct edits_tables *t, const struct edits_mue_row *rows, size_t n, struct edits_error *err)
{
	struct ed_mue *m = malloc((n ? n : 1) * sizeof *m);

	if (!m) {
		set_err(err, "mue", 0, "out of memory");
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (!code_ok(rows[i].code, 5, 5) || rows[i].units < 0 || rows[i].mai < 1 || rows[i].mai > 3) {
			set_err(err, "mue", i + 1, "MUE row needs a 5-character code, units >= 0 and MAI 1, 2 or 3");
			free(m);
			return false;
		}
		m[i] = (struct ed_mue){ ed_key(rows[i].code), rows[i].units, (uint8_t)rows[i].mai };
	}
	qsort(m, n, sizeof *m, cmp_u64);
	free(t->mue);
	t->mue = m;
	t->nmue = n;
	return true;
}

bool
edits_tables_set_crosswalk(struct edits_tables *t, const struct edits_ndc_row *rows, size_t n, struct edits_error *err)
{
	struct ed_xwalk *x = malloc((n ? n : 1) * sizeof *x);

	if (!x) {
		set_err(err, "crosswalk", 0, "out of memory");
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		int64_t ndc = rows[i].ndc11 ? ndc_number((struct x12_str){ rows[i].ndc11, strlen(rows[i].ndc11) }) : -1;

		if (ndc < 0 || !code_ok(rows[i].hcpcs, 5, 5) || rows[i].billunits <= 0) {
			set_err(err, "crosswalk", i + 1, "crosswalk row needs an 11-digit NDC, an HCPCS code and BILLUNITS > 0");
			free(x);
			return false;
		}
		x[i] = (struct ed_xwalk){ (uint64_t)ndc, ed_key(rows[i].hcpcs), rows[i].billunits };
	}
	qsort(x, n, sizeof *x, cmp_u64);
	free(t->xwalk);
	t->xwalk = x;
	t->nxwalk = n;
	return true;
}

bool
edits_tables_set_hcpcs(struct edits_tables *t, const struct edits_hcpcs_row *rows, size_t n, struct edits_error *err)
{
	size_t m = t->ncodes;
	struct ed_code *c = n < ((size_t)1 << 24) ? calloc(m + n + 1, sizeof *c) : NULL;

	if (!c) {
		set_err(err, "hcpcs", 0, "out of memory (or more than 16M rows)");
		return false;
	}
	for (size_t i = 0; i < m; i++)
		c[i] = t->codes[i];
	for (size_t i = 0; i < m; i++)
		c[i].hcpcs = false; /* the import is the whole file: its dates replace the seed's */
	for (size_t i = 0; i < n; i++) {
		uint64_t key;
		size_t k;

		if (!code_ok(rows[i].code, rows[i].modifier ? 2 : 5, rows[i].modifier ? 2 : 5)) {
			set_err(err, "hcpcs", i + 1, "HCPCS row needs a 5-character code or a 2-character modifier");
			free(c);
			return false;
		}
		key = ed_key(rows[i].code);
		k = lower_bound(c, t->ncodes, sizeof *c, key); /* the seed rows are sorted */
		if (k < t->ncodes && c[k].key == key) {
			if (c[k].hcpcs) {
				set_err(err, "hcpcs", i + 1, "code %s listed twice", rows[i].code);
				free(c);
				return false;
			}
		} else {
			k = m++;
			memset(&c[k], 0, sizeof c[k]);
			c[k].key = key;
			c[k].cls = rows[i].modifier ? 0 : drug_range_classes(rows[i].code);
		}
		c[k].hcpcs = true;
		c[k].modifier = rows[i].modifier;
		c[k].add = rows[i].added;
		c[k].term = rows[i].terminated;
	}
	qsort(c, m, sizeof *c, cmp_code);
	for (size_t i = 1; i < m; i++)
		if (c[i].key == c[i - 1].key) {
			set_err(err, "hcpcs", 0, "a code is listed twice");
			free(c);
			return false;
		}
	free(t->codes);
	t->codes = c;
	t->ncodes = m;
	return true;
}

bool
edits_tables_set_icd10cm(struct edits_tables *t, const char *const *codes, size_t n, int32_t from, int32_t to,
			 struct edits_error *err)
{
	uint64_t *k = malloc((n ? n : 1) * sizeof *k);

	if (!k) {
		set_err(err, "icd10cm", 0, "out of memory");
		return false;
	}
	if (!from || to < from) {
		set_err(err, "icd10cm", 0, "the code set needs its dates (from <= to)");
		free(k);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (!code_ok(codes[i], 3, 7)) {
			set_err(err, "icd10cm", i + 1, "not an ICD-10-CM code (3-7 letters and digits, no dot)");
			free(k);
			return false;
		}
		k[i] = ed_key(codes[i]);
	}
	qsort(k, n, sizeof *k, cmp_u64);
	free(t->icd);
	t->icd = k;
	t->nicd = n;
	t->icd_from = from;
	t->icd_to = to;
	/* a complete code set covers every family */
	t->nicd_covers = 0;
	for (char ch = 'A'; ch <= 'Z' && t->nicd_covers < 26; ch++) {
		t->icd_covers[t->nicd_covers][0] = ch;
		t->icd_covers[t->nicd_covers++][1] = '\0';
	}
	return true;
}
