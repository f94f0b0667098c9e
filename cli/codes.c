/*
 * codes.c - stored code-set versions into the edits tables, and the
 * period a file name states (see codes.h).
 *
 * Memory: the PTP rows go one by one into the tables' packed 20-byte rows
 * (edits_tables_ptp_add), never through an array of rows; the other kinds
 * are small (tens of thousands of rows) and are gathered with their codes
 * inline, then handed over in one call.
 */
#include "codes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable array of fixed-size items. */
struct vec {
	void *p;
	size_t n, cap, size;
};

static void *
vec_add(struct vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;
		void *p = realloc(v->p, cap * v->size);

		if (!p)
			return NULL;
		v->p = p;
		v->cap = cap;
	}
	return (char *)v->p + v->n++ * v->size;
}

struct item {
	char code[8], code2[12];
	int32_t a, b, from, to;   /* hcpcs: added, terminated */
	unsigned flag;
	int64_t value;
	size_t seq;               /* hcpcs: the order read, so the latest version wins */
};

struct apply {
	const char *prog;
	struct edits_tables *t;
	const struct store_code_file *f;
	int32_t in_to;            /* f's in_to, 0 = open */
	struct vec items[STORE_CODES_COUNT];
	struct vec periods;       /* icd10cm: int32_t pairs */
	struct cli_codes_applied *out;
	bool failed;
	struct edits_error err;
};

static bool
on_row(void *ctx, const struct store_code_row *r)
{
	struct apply *a = ctx;
	enum store_code_kind k = a->f->kind;
	struct item *it;

	a->out->rows[k]++;
	if (k == STORE_CODES_PTP) {
		struct edits_ptp_row p = { r->code, r->code2, r->effective, r->ended, r->flag };

		/* the version's period cuts the edit's own dates */
		if (a->f->in_from > p.effective)
			p.effective = a->f->in_from;
		if (a->in_to && (!p.deleted || p.deleted > a->in_to))
			p.deleted = a->in_to;
		if (p.deleted && p.deleted < p.effective)
			return true; /* deleted before this version is in force */
		if (!edits_tables_ptp_add(a->t, &p, &a->err)) {
			a->failed = true;
			return false;
		}
		return true;
	}
	if (!(it = vec_add(&a->items[k]))) {
		snprintf(a->err.msg, sizeof a->err.msg, "out of memory");
		a->failed = true;
		return false;
	}
	memset(it, 0, sizeof *it);
	snprintf(it->code, sizeof it->code, "%s", r->code);
	snprintf(it->code2, sizeof it->code2, "%s", r->code2);
	it->a = r->added;
	it->b = r->ended;
	it->from = a->f->in_from;
	it->to = a->in_to;
	it->flag = r->flag;
	it->value = r->value;
	it->seq = a->items[k].n;
	return true;
}

struct files {
	struct vec v;
	bool nomem;
};

static bool
on_file(void *ctx, const struct store_code_file *f)
{
	struct files *fs = ctx;
	struct store_code_file *slot;

	if (f->superseded || f->kind == STORE_CODES_ASP)
		return true; /* never in force; ASP prices are for the reports */
	if (!(slot = vec_add(&fs->v))) {
		fs->nomem = true;
		return false;
	}
	*slot = *f;
	return true;
}

static int
cmp_hcpcs(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	int c = strcmp(a->code, b->code);

	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* Hands the gathered rows of the small kinds to the tables. */
static bool
hand_over(struct apply *a)
{
	struct vec *v;
	size_t n;
	bool ok = true;

	v = &a->items[STORE_CODES_MUE];
	if (a->out->versions[STORE_CODES_MUE]) {
		struct edits_mue_row *rows = malloc((v->n ? v->n : 1) * sizeof *rows);
		struct item *it = v->p;

		if (!rows)
			return false;
		for (size_t i = 0; i < v->n; i++)
			rows[i] = (struct edits_mue_row){ it[i].code, it[i].value, it[i].flag, it[i].from, it[i].to };
		ok = edits_tables_set_mue(a->t, rows, v->n, &a->err);
		free(rows);
	}
	v = &a->items[STORE_CODES_NDC];
	if (ok && a->out->versions[STORE_CODES_NDC]) {
		struct edits_ndc_row *rows = malloc((v->n ? v->n : 1) * sizeof *rows);
		struct item *it = v->p;

		if (!rows)
			return false;
		for (size_t i = 0; i < v->n; i++)
			rows[i] = (struct edits_ndc_row){ it[i].code2, it[i].code, it[i].value, it[i].from, it[i].to };
		ok = edits_tables_set_crosswalk(a->t, rows, v->n, &a->err);
		free(rows);
	}
	v = &a->items[STORE_CODES_HCPCS];
	if (ok && a->out->versions[STORE_CODES_HCPCS]) {
		struct edits_hcpcs_row *rows = malloc((v->n ? v->n : 1) * sizeof *rows);
		struct item *it = v->p;

		if (!rows)
			return false;
		qsort(it, v->n, sizeof *it, cmp_hcpcs);
		n = 0;
		for (size_t i = 0; i < v->n; i++) {
			if (i + 1 < v->n && strcmp(it[i].code, it[i + 1].code) == 0)
				continue; /* a later version lists it: its dates win */
			rows[n++] = (struct edits_hcpcs_row){ it[i].code, it[i].flag != 0, it[i].a, it[i].b, 0 };
		}
		ok = edits_tables_set_hcpcs(a->t, rows, n, &a->err);
		free(rows);
	}
	v = &a->items[STORE_CODES_ICD10CM];
	if (ok && a->out->versions[STORE_CODES_ICD10CM]) {
		struct edits_icd_row *rows = malloc((v->n ? v->n : 1) * sizeof *rows);
		struct item *it = v->p;

		if (!rows)
			return false;
		for (size_t i = 0; i < v->n; i++)
			rows[i] = (struct edits_icd_row){ it[i].code, it[i].flag != 0, it[i].from, it[i].to };
		ok = edits_tables_set_icd10cm_sets(a->t, rows, v->n, a->periods.p, a->periods.n / 2, &a->err);
		free(rows);
	}
	return ok;
}

bool
cli_codes_apply(const char *prog, struct store *st, struct edits_tables *t, struct cli_codes_applied *out)
{
	struct files fs = { .v = { .size = sizeof(struct store_code_file) } };
	struct apply a = { .prog = prog, .t = t, .out = out, .periods = { .size = sizeof(int32_t) } };
	bool ok = false;

	memset(out, 0, sizeof *out);
	for (int k = 0; k < STORE_CODES_COUNT; k++)
		a.items[k].size = sizeof(struct item);
	if (store_each_code_file(st, on_file, &fs) != STORE_OK || fs.nomem) {
		fprintf(stderr, "%s: %s\n", prog, fs.nomem ? "out of memory" : store_errmsg(st));
		goto out;
	}
	edits_tables_ptp_abort(t);
	for (size_t i = 0; i < fs.v.n; i++) {
		const struct store_code_file *f = (const struct store_code_file *)fs.v.p + i;

		a.f = f;
		a.in_to = f->in_to;
		out->versions[f->kind]++;
		if (f->kind == STORE_CODES_ICD10CM) {
			int32_t *p = vec_add(&a.periods), *q = p ? vec_add(&a.periods) : NULL;

			if (!q) {
				fprintf(stderr, "%s: out of memory\n", prog);
				goto out;
			}
			/* a code set dated by its period: open ends reach as far as dates go */
			*p = f->in_from ? f->in_from : 10101;
			*q = f->in_to ? f->in_to : 99991231;
			a.in_to = *q;
		}
		if (store_each_code_row(st, f, on_row, &a) != STORE_OK) {
			fprintf(stderr, "%s: %s\n", prog, store_errmsg(st));
			goto out;
		}
		if (a.failed) {
			fprintf(stderr, "%s: %s (imported %s): row %lu: %s\n", prog, f->path, f->loaded_at, a.err.line,
				a.err.msg);
			goto out;
		}
	}
	if (out->versions[STORE_CODES_PTP] && !edits_tables_ptp_commit(t, &a.err)) {
		fprintf(stderr, "%s: PTP: %s\n", prog, a.err.msg);
		goto out;
	}
	if (!hand_over(&a)) {
		fprintf(stderr, "%s: stored code sets: row %lu: %s\n", prog, a.err.line,
			a.err.msg[0] ? a.err.msg : "out of memory");
		goto out;
	}
	ok = true;
out:
	edits_tables_ptp_abort(t);
	for (int k = 0; k < STORE_CODES_COUNT; k++)
		free(a.items[k].p);
	free(a.periods.p);
	free(fs.v.p);
	return ok;
}

/* ------------------------------------------------------------------ periods from names */

static bool
year_at(const char *s, int *year)
{
	if (!(s[0] == '2' && s[1] == '0' && isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3])))
		return false;
	*year = 2000 + (s[2] - '0') * 10 + (s[3] - '0');
	return true;
}

bool
cli_codes_period_from_name(enum store_code_kind kind, const char *path, int32_t *from, int32_t *to)
{
	static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
					      "jul", "aug", "sep", "oct", "nov", "dec" };
	const char *base = strrchr(path, '/');
	char name[256];
	size_t n;
	int year;

	snprintf(name, sizeof name, "%s", base ? base + 1 : path);
	for (n = 0; name[n]; n++)
		name[n] = (char)tolower((unsigned char)name[n]);
	*from = *to = 0;
	for (size_t i = 0; i + 5 < n + 1; i++) {
		const char *s = name + i;

		if (i && isdigit((unsigned char)s[-1]))
			continue;
		/* 2026q1, 2026-q1, 2026_q1 */
		if (year_at(s, &year)) {
			const char *q = s + 4;

			if (*q == '-' || *q == '_')
				q++;
			if (q[0] == 'q' && q[1] >= '1' && q[1] <= '4') {
				*from = year * 10000 + ((q[1] - '1') * 3 + 1) * 100 + 1;
				return true;
			}
		}
		/* fy2026 */
		if (s[0] == 'f' && s[1] == 'y' && year_at(s + 2, &year)) {
			*from = (year - 1) * 10000 + 1001;
			*to = year * 10000 + 930;
			return true;
		}
	}
	/* a month name next to a year: january-2026, hcpc2026_jan */
	for (int m = 0; m < 12; m++) {
		const char *s = strstr(name, months[m]);

		for (; s; s = strstr(s + 1, months[m])) {
			const char *y;

			if (s > name && isalpha((unsigned char)s[-1]))
				continue;
			for (y = name; *y; y++)
				if ((y == name || !isdigit((unsigned char)y[-1])) && year_at(y, &year) &&
				    !isdigit((unsigned char)y[4]))
					break;
			if (!*y)
				break;
			*from = year * 10000 + (m + 1) * 100 + 1;
			return true;
		}
	}
	/* a bare year: icd10cm_order_2026 (a fiscal year), hcpcs_2020 (a calendar year) */
	for (const char *y = name; *y; y++) {
		if ((y != name && isdigit((unsigned char)y[-1])) || !year_at(y, &year) || isdigit((unsigned char)y[4]))
			continue;
		if (kind == STORE_CODES_ICD10CM) {
			*from = (year - 1) * 10000 + 1001;
			*to = year * 10000 + 930;
			return true;
		}
		if (kind == STORE_CODES_HCPCS) {
			*from = year * 10000 + 101;
			return true;
		}
		break;
	}
	return false;
}
