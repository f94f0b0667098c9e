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

#define trim ed_trim
#define date_or_blank ed_date_or_blank

static uint64_t
key_of(struct x12_str v)
{
	char buf[9];

	x12_str_copy(buf, sizeof buf, v);
	return ed_key(buf);
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
		size_t cap = r->cap ? r->cap + r->cap / 2 : 256;
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
	struct ed_icd *k;

	if (x12_str_eq(f[0], "valid")) {
		int32_t *p = realloc(t->icd_periods, 2 * sizeof *p);

		if (!p) {
			set_err(err, name, line, "out of memory");
			return false;
		}
		t->icd_periods = p;
		t->nicd_periods = 1;
		if (n < 3 || !date_or_blank(f[1], &p[0]) || !date_or_blank(f[2], &p[1])) {
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
	k->key = key_of(f[0]);
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
	struct rows codes = { .size = sizeof(struct ed_code) }, icd = { .size = sizeof(struct ed_icd) },
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
		free(t->icd_periods);
		free(t);
		return NULL;
	}
	merge_codes(t, &codes);
	qsort(icd.p, icd.n, sizeof(struct ed_icd), cmp_u64);
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
	free(t->icd_periods);
	free(t->addons);
	free(t->ptp_new);
	free(t->ptp);
	free(t->mue);
	free(t->xwalk);
	free(t);
}

/* ------------------------------------------------------------------ official files */

/* Rows of edits_file_read() gathered for one table (edits_tables_load). */
struct gather {
	struct edits_tables *t;
	enum edits_table_kind kind;
	struct rows r;
	const char *path;
	struct edits_error *err;
	bool failed;
};

static bool mue_pack(const struct edits_mue_row *in, struct ed_mue *out);
static bool xwalk_pack(const struct edits_ndc_row *in, struct ed_xwalk *out);

static bool
gather_row(void *ctx, const struct edits_file_row *row)
{
	struct gather *g = ctx;
	struct edits_error e;
	void *slot;

	if (g->kind == EDITS_TABLE_PTP) {
		if (edits_tables_ptp_add(g->t, &row->u.ptp, &e))
			return true;
		set_err(g->err, g->path, row->line, "%s", e.msg);
		g->failed = true;
		return false;
	}
	if (!(slot = rows_add(&g->r))) {
		set_err(g->err, g->path, row->line, "out of memory");
		g->failed = true;
		return false;
	}
	if (g->kind == EDITS_TABLE_MUE ? !mue_pack(&row->u.mue, slot) : !xwalk_pack(&row->u.ndc, slot)) {
		set_err(g->err, g->path, row->line, "row out of range");
		g->failed = true;
		return false;
	}
	return true;
}

bool
edits_tables_load(struct edits_tables *t, enum edits_table_kind kind, const char *path, struct edits_error *err)
{
	static const enum edits_file_kind file_kind[] = { [EDITS_TABLE_PTP] = EDITS_FILE_PTP,
							  [EDITS_TABLE_MUE] = EDITS_FILE_MUE,
							  [EDITS_TABLE_CROSSWALK] = EDITS_FILE_CROSSWALK };
	struct gather g = { .t = t, .kind = kind, .path = path, .err = err };

	if (kind != EDITS_TABLE_PTP && kind != EDITS_TABLE_MUE && kind != EDITS_TABLE_CROSSWALK) {
		set_err(err, path, 0, "unknown table kind");
		return false;
	}
	g.r.size = kind == EDITS_TABLE_MUE ? sizeof(struct ed_mue) : sizeof(struct ed_xwalk);
	edits_tables_ptp_abort(t);
	if (!edits_file_read(file_kind[kind], path, gather_row, NULL, &g, NULL, err)) {
		edits_tables_ptp_abort(t);
		free(g.r.p);
		return false;
	}
	if (kind == EDITS_TABLE_PTP)
		return edits_tables_ptp_commit(t, err);
	qsort(g.r.p, g.r.n, g.r.size, cmp_u64);
	if (kind == EDITS_TABLE_MUE) {
		free(t->mue);
		t->mue = g.r.p;
		t->nmue = g.r.n;
	} else {
		free(t->xwalk);
		t->xwalk = g.r.p;
		t->nxwalk = g.r.n;
	}
	return true;
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

static bool
in_range(int32_t from, int32_t to, int32_t dos)
{
	return !dos || ((!from || from <= dos) && (!to || dos <= to));
}

const struct ed_mue *
ed_mue_find(const struct edits_tables *t, uint64_t key, int32_t dos)
{
	for (size_t i = lower_bound(t->mue, t->nmue, sizeof *t->mue, key); i < t->nmue && t->mue[i].key == key; i++)
		if (in_range(t->mue[i].from, t->mue[i].to, dos))
			return &t->mue[i];
	return NULL;
}

const struct ed_xwalk *
ed_xwalk_find(const struct edits_tables *t, uint64_t ndc, int32_t dos)
{
	for (size_t i = lower_bound(t->xwalk, t->nxwalk, sizeof *t->xwalk, ndc); i < t->nxwalk && t->xwalk[i].ndc == ndc;
	     i++)
		if (in_range(t->xwalk[i].from, t->xwalk[i].to, dos))
			return &t->xwalk[i];
	return NULL;
}

const struct ed_ptp *
ed_ptp_find(const struct edits_tables *t, uint64_t col1, uint64_t col2, int32_t dos)
{
	uint32_t a = ed_code36(col1), b = ed_code36(col2);
	size_t lo = 0, hi = t->nptp;

	if (a == UINT32_MAX || b == UINT32_MAX)
		return NULL;
	while (lo < hi) { /* first row with (col1, col2) >= (a, b) */
		size_t mid = lo + (hi - lo) / 2;
		const struct ed_ptp *p = &t->ptp[mid];

		if (p->col1 < a || (p->col1 == a && p->col2 < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < t->nptp && t->ptp[lo].col1 == a && t->ptp[lo].col2 == b; lo++) {
		const struct ed_ptp *p = &t->ptp[lo];

		if (p->eff <= dos && (p->del == 0 || p->del >= dos))
			return p;
	}
	return NULL;
}

int
ed_icd_billable(const struct edits_tables *t, const char *code, int32_t dos)
{
	bool covered = false, dated = false;
	uint64_t k;

	for (size_t p = 0; p < t->nicd_periods && !dated; p++)
		dated = dos >= t->icd_periods[2 * p] && dos <= t->icd_periods[2 * p + 1];
	if (!dated)
		return -1;
	for (unsigned c = 0; c < t->nicd_covers && !covered; c++)
		covered = strncmp(code, t->icd_covers[c], strlen(t->icd_covers[c])) == 0;
	if (!covered)
		return -1;
	k = ed_key(code);
	for (size_t i = lower_bound(t->icd, t->nicd, sizeof *t->icd, k); i < t->nicd && t->icd[i].key == k; i++)
		if (in_range(t->icd[i].from, t->icd[i].to, dos))
			return 1;
	return 0;
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

/* The day after d (CCYYMMDD). */
static int32_t
next_day(int32_t d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = d / 10000, m = d / 100 % 100, dd = d % 100;
	int last = m >= 1 && m <= 12 ? mdays[m - 1] : 31;

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		last = 29;
	if (dd < last)
		return d + 1;
	if (m < 12)
		return y * 10000 + (m + 1) * 100 + 1;
	return (y + 1) * 10000 + 101;
}

bool
edits_tables_ptp_add(struct edits_tables *t, const struct edits_ptp_row *row, struct edits_error *err)
{
	if (!code_ok(row->col1, 5, 5) || !code_ok(row->col2, 5, 5) || !row->effective ||
	    (row->deleted && row->deleted < row->effective) ||
	    (row->modifier != 0 && row->modifier != 1 && row->modifier != 9)) {
		set_err(err, "ptp", t->nptp_new + 1,
			"PTP row needs two 5-character codes, an effective date (not after the deletion date) and modifier 0, 1 or 9");
		return false;
	}
	if (t->nptp_new == t->capptp_new) {
		size_t cap = t->capptp_new ? t->capptp_new + t->capptp_new / 2 : 1024;
		struct ed_ptp *p = realloc(t->ptp_new, cap * sizeof *p);

		if (!p) {
			set_err(err, "ptp", t->nptp_new + 1, "out of memory");
			return false;
		}
		t->ptp_new = p;
		t->capptp_new = cap;
	}
	t->ptp_new[t->nptp_new++] = (struct ed_ptp){ ed_code36(ed_key(row->col1)), ed_code36(ed_key(row->col2)),
						     row->effective, row->deleted, (uint8_t)row->modifier };
	return true;
}

void
edits_tables_ptp_abort(struct edits_tables *t)
{
	free(t->ptp_new);
	t->ptp_new = NULL;
	t->nptp_new = t->capptp_new = 0;
}

bool
edits_tables_ptp_commit(struct edits_tables *t, struct edits_error *err)
{
	struct ed_ptp *p = t->ptp_new;
	size_t n = t->nptp_new, out = 0;
	bool sorted = true;

	(void)err;
	for (size_t i = 1; i < n && sorted; i++)
		sorted = cmp_ptp(&p[i - 1], &p[i]) <= 0;
	if (!sorted) /* the CMS files come sorted: no sort, no sort buffer */
		qsort(p, n, sizeof *p, cmp_ptp);
	for (size_t i = 0; i < n; i++) {
		struct ed_ptp *m = out ? &p[out - 1] : NULL;

		/* the same edit in consecutive versions: one row */
		if (m && m->col1 == p[i].col1 && m->col2 == p[i].col2 && m->modifier == p[i].modifier &&
		    (!m->del || p[i].eff <= next_day(m->del))) {
			if (m->del && (!p[i].del || p[i].del > m->del))
				m->del = p[i].del;
			continue;
		}
		p[out++] = p[i];
	}
	if (out && out < n) {
		struct ed_ptp *q = realloc(p, out * sizeof *p);

		if (q)
			p = q;
	}
	free(t->ptp);
	t->ptp = p;
	t->nptp = out;
	t->ptp_new = NULL;
	t->nptp_new = t->capptp_new = 0;
	return true;
}

bool
edits_tables_set_ptp(struct edits_tables *t, const struct edits_ptp_row *rows, size_t n, struct edits_error *err)
{
	edits_tables_ptp_abort(t);
	for (size_t i = 0; i < n; i++)
		if (!edits_tables_ptp_add(t, &rows[i], err)) {
			edits_tables_ptp_abort(t);
			return false;
		}
	return edits_tables_ptp_commit(t, err);
}

static bool
mue_pack(const struct edits_mue_row *in, struct ed_mue *out)
{
	if (!code_ok(in->code, 5, 5) || in->units < 0 || in->mai < 1 || in->mai > 3 || (in->to && in->to < in->from))
		return false;
	*out = (struct ed_mue){ ed_key(in->code), in->units, in->from, in->to, (uint8_t)in->mai };
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
		if (!mue_pack(&rows[i], &m[i])) {
			set_err(err, "mue", i + 1, "MUE row needs a 5-character code, units >= 0, MAI 1, 2 or 3 and from <= to");
			free(m);
			return false;
		}
	}
	qsort(m, n, sizeof *m, cmp_u64);
	free(t->mue);
	t->mue = m;
	t->nmue = n;
	return true;
}

static bool
xwalk_pack(const struct edits_ndc_row *in, struct ed_xwalk *out)
{
	int64_t ndc = in->ndc11 ? ed_ndc_number((struct x12_str){ in->ndc11, strlen(in->ndc11) }) : -1;

	if (ndc < 0 || !code_ok(in->hcpcs, 5, 5) || in->billunits <= 0 || (in->to && in->to < in->from))
		return false;
	*out = (struct ed_xwalk){ (uint64_t)ndc, ed_key(in->hcpcs), in->billunits, in->from, in->to };
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
		if (!xwalk_pack(&rows[i], &x[i])) {
			set_err(err, "crosswalk", i + 1,
				"crosswalk row needs an 11-digit NDC, an HCPCS code, BILLUNITS > 0 and from <= to");
			free(x);
			return false;
		}
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
edits_tables_set_icd10cm_sets(struct edits_tables *t, const struct edits_icd_row *rows, size_t n,
			      const int32_t *periods, size_t nperiods, struct edits_error *err)
{
	struct ed_icd *k = malloc((n ? n : 1) * sizeof *k);
	int32_t *per = malloc((nperiods ? nperiods : 1) * 2 * sizeof *per);
	size_t m = 0;

	if (!k || !per) {
		set_err(err, "icd10cm", 0, "out of memory");
		goto fail;
	}
	for (size_t p = 0; p < nperiods; p++) {
		if (!periods[2 * p] || periods[2 * p + 1] < periods[2 * p]) {
			set_err(err, "icd10cm", 0, "a code set needs its dates (from <= to)");
			goto fail;
		}
		per[2 * p] = periods[2 * p];
		per[2 * p + 1] = periods[2 * p + 1];
	}
	for (size_t i = 0; i < n; i++) {
		if (!code_ok(rows[i].code, 3, 7) || (rows[i].to && rows[i].to < rows[i].from)) {
			set_err(err, "icd10cm", i + 1, "not an ICD-10-CM code (3-7 letters and digits, no dot), or from > to");
			goto fail;
		}
		if (rows[i].billable)
			k[m++] = (struct ed_icd){ ed_key(rows[i].code), rows[i].from, rows[i].to };
	}
	qsort(k, m, sizeof *k, cmp_u64);
	free(t->icd);
	free(t->icd_periods);
	t->icd = k;
	t->nicd = m;
	t->icd_periods = per;
	t->nicd_periods = nperiods;
	/* a complete code set covers every family */
	t->nicd_covers = 0;
	for (char ch = 'A'; ch <= 'Z' && t->nicd_covers < 26; ch++) {
		t->icd_covers[t->nicd_covers][0] = ch;
		t->icd_covers[t->nicd_covers++][1] = '\0';
	}
	return true;
fail:
	free(k);
	free(per);
	return false;
}

bool
edits_tables_set_icd10cm(struct edits_tables *t, const char *const *codes, size_t n, int32_t from, int32_t to,
			 struct edits_error *err)
{
	struct edits_icd_row *rows = malloc((n ? n : 1) * sizeof *rows);
	int32_t period[2] = { from, to };
	bool ok;

	if (!rows) {
		set_err(err, "icd10cm", 0, "out of memory");
		return false;
	}
	for (size_t i = 0; i < n; i++)
		rows[i] = (struct edits_icd_row){ codes[i], true, from, to };
	ok = edits_tables_set_icd10cm_sets(t, rows, n, period, 1, err);
	free(rows);
	return ok;
}

void
edits_tables_counts(const struct edits_tables *t, struct edits_table_counts *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < t->ncodes; i++) {
		out->hcpcs += t->codes[i].hcpcs;
		out->classed += t->codes[i].cls != 0;
	}
	out->icd = t->nicd;
	for (size_t p = 0; p < t->nicd_periods; p++) {
		if (!out->icd_from || t->icd_periods[2 * p] < out->icd_from)
			out->icd_from = t->icd_periods[2 * p];
		if (t->icd_periods[2 * p + 1] > out->icd_to)
			out->icd_to = t->icd_periods[2 * p + 1];
	}
	out->addons = t->naddons;
	out->ptp = t->nptp;
	out->mue = t->nmue;
	out->xwalk = t->nxwalk;
}
