/*
 * rules_clm.c - ONC-CLM: claim-level consistency (research/oncology-edits.md
 * 1.7): MUE units, CLM02 balance (the SNIP 3 check X12-701, reported here
 * under its catalogue id), line dates, unit basis, drug and administration
 * dates.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* ONC-CLM-001: units over the MUE.  CMS MUE tables, MAI 1 line / 2-3 date of service */
static void
mue(struct ed_ctx *x)
{
	if (!x->t->nmue || !ed_on(x, R_CLM_001))
		return;
	for (unsigned i = 0; i < x->nlines; i++) {
		struct ed_line *l = &x->lines[i];
		const struct ed_mue *m = ed_mue_find(x->t, l->key, l->dos);
		const struct ed_encounter *en = &x->enc[l->enc];
		int64_t units;
		char a[32], b[32];

		if (!m)
			continue;
		if (m->mai == 1) {
			units = ed_units(l);
		} else {
			/* once per code and date: at its first line */
			if (ed_enc_code(x, en, l->key, 0) != l)
				continue;
			units = ed_enc_units(x, en, l->key, 0);
		}
		if (units > m->units)
			ed_emit_sev(x, R_CLM_001, m->mai == 3 ? X12_SEV_WARNING : X12_SEV_ERROR, l, NULL,
				    "%s: %s units %s exceed the MUE of %s (MAI %u)", l->ln->code,
				    m->mai == 1 ? "line" : "date-of-service", x12_qty_str(a, sizeof a, units),
				    x12_qty_str(b, sizeof b, m->units), m->mai);
	}
}

/* ONC-CLM-002: CLM02 = sum of line charges.  005010X222A1/X223A2 CLM02 */
static void
balance(struct ed_ctx *x)
{
	const struct c837_claim *c = x->c;
	int64_t total;
	char a[32], b[32];
	struct x12_pos pos;

	if (!ed_on(x, R_CLM_002) || c->dropped_lines || !c->nlines)
		return;
	total = c837_line_total(c);
	if (total == c->charge)
		return;
	pos = c->pos;
	pos.element = 2;
	ed_emit(x, R_CLM_002, NULL, &pos, "CLM02 %s differs from the sum of its %u line charges %s",
		x12_money_str(a, sizeof a, c->charge), c->nlines, x12_money_str(b, sizeof b, total));
}

/* ONC-CLM-003: line dates.  005010X222A1/X223A2 2400 DTP*472 */
static void
line_dates(struct ed_ctx *x)
{
	const struct c837_claim *c = x->c;
	int32_t from = 0, to = 0;

	if (!ed_on(x, R_CLM_003))
		return;
	for (unsigned i = 0; i < c->ndates; i++)
		if (strcmp(c->dates[i].qual, "434") == 0)
			from = c->dates[i].from, to = c->dates[i].to;
	for (unsigned i = 0; i < x->nlines; i++) {
		struct ed_line *l = &x->lines[i];
		const struct c837_line *ln = l->ln;

		if (!ln->date_from) {
			if (c->kind == 'P' || ln->code[0])
				ed_emit(x, R_CLM_003, l, NULL, "line %u (%s) has no DTP*472 service date", ln->lx,
					ln->code[0] ? ln->code : ln->revenue);
		} else if (c->kind == 'I' && from && (ln->date_from < from || (ln->date_to ? ln->date_to : ln->date_from) > to)) {
			ed_emit(x, R_CLM_003, l, &ln->date_pos, "line date %d is outside the statement period %d-%d",
				ln->date_from, from, to);
		}
	}
}

/* ONC-CLM-004: drugs in units.  005010X222A1 SV103, X223A2 SV204 */
static void
unit_basis(struct ed_ctx *x)
{
	if (!ed_on(x, R_CLM_004))
		return;
	for (unsigned i = 0; i < x->nlines; i++) {
		struct ed_line *l = &x->lines[i];
		const char *b = l->ln->unit_basis;

		if ((l->cls & C_DRUG) && (strcmp(b, "MJ") == 0 || (x->c->kind == 'I' && strcmp(b, "DA") == 0)))
			ed_emit(x, R_CLM_004, l, NULL, "drug %s reported in %s (%s) instead of units (UN)", l->ln->code, b,
				b[0] == 'M' ? "minutes" : "days");
	}
}

/* ONC-CLM-005: drug and administration on different dates; JW apart from its administered line */
static void
drug_dates(struct ed_ctx *x)
{
	if (!ed_on(x, R_CLM_005) || x->nenc < 2)
		return;
	for (unsigned i = 0; i < x->nlines; i++) {
		struct ed_line *l = &x->lines[i];
		const struct ed_encounter *en = &x->enc[l->enc];

		if ((l->cls & C_ANTINEO) && !(en->cls & (C_ADMIN | C_INJ))) {
			for (unsigned k = 0; k < x->nenc; k++) {
				const struct ed_encounter *o = &x->enc[k];
				long gap = ed_days(o->dos) - ed_days(en->dos);

				if ((gap == 1 || gap == -1) && (o->cls & (C_ADMIN | C_INJ))) {
					ed_emit(x, R_CLM_005, l, NULL, "drug %s on %d but its administration is on %d",
						l->ln->code, en->dos, o->dos);
					break;
				}
			}
		}
		if ((l->mods & M_JW) && !ed_enc_code(x, en, l->key, M_JW)) {
			for (unsigned k = 0; k < x->nenc; k++) {
				if (k != l->enc && ed_enc_code(x, &x->enc[k], l->key, M_JW)) {
					ed_emit(x, R_CLM_005, l, NULL, "JW line %s on %d, its administered line on %d",
						l->ln->code, en->dos, x->enc[k].dos);
					break;
				}
			}
		}
	}
}

void
ed_rules_clm(struct ed_ctx *x)
{
	mue(x);
	balance(x);
	line_dates(x);
	unit_basis(x);
	drug_dates(x);
}
