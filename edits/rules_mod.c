/*
 * rules_mod.c - ONC-MOD: modifiers (research/oncology-edits.md 1.3): JW/JZ
 * drug wastage, 340B (JG/TB), 25 on E/M, distinct-service modifiers with
 * PTP pairs, modifiers on the wrong kind of line.  One finding per fact:
 * JW/JZ on a non-drug line is ONC-MOD-005, JG/TB there is ONC-MOD-007,
 * ONC-MOD-011 takes the other misplaced modifiers.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

static bool
is_em(const struct ed_line *l)
{
	long v = ed_cpt(l);

	return (l->cls & (C_EM | C_EM_MIN)) || (v >= 99202 && v <= 99499);
}

/* Another line of the encounter with the same code, without JW (and, when given, the same rendering NPI). */
static struct ed_line *
administered(const struct ed_ctx *x, const struct ed_line *jw)
{
	const struct ed_encounter *en = &x->enc[jw->enc];

	for (unsigned k = 0; k < en->n; k++) {
		struct ed_line *o = ed_enc_line(x, en, k);

		if (o != jw && o->key == jw->key && !(o->mods & M_JW) &&
		    strcmp(o->ln->rendering_npi, jw->ln->rendering_npi) == 0)
			return o;
	}
	return NULL;
}

/* ONC-MOD-001 .. -006: JW and JZ.  IOM 100-04 ch. 17 sec. 40; MM13056; 42 CFR 414.904(a)(3) */
static void
wastage(struct ed_ctx *x, struct ed_line *l)
{
	const struct c837_line *ln = l->ln;
	bool drug = (l->cls & C_DRUG) != 0;
	char a[32], b[32], c[32];

	if ((l->mods & (M_JW | M_JZ)) && !drug) {
		if (ed_on(x, R_MOD_005))
			ed_emit_sev(x, R_MOD_005, X12_SEV_ERROR, l, NULL, "%s on %s, which is not a drug line",
				    (l->mods & M_JW) ? "JW" : "JZ", ln->code);
		return;
	}
	if (!drug)
		return;
	if ((l->mods & (M_JW | M_JZ)) && x->c->kind == 'I' && x->c->facility[0] == '7' &&
	    (x->c->facility[1] == '1' || x->c->facility[1] == '7') && ed_on(x, R_MOD_005))
		ed_emit_sev(x, R_MOD_005, X12_SEV_WARNING, l, NULL, "JW/JZ on an RHC/FQHC claim (type of bill %s)",
			    x->c->facility);
	if ((l->mods & M_JW) && (l->mods & M_JZ) && ed_on(x, R_MOD_002))
		ed_emit(x, R_MOD_002, l, NULL, "%s carries both JW and JZ", ln->code);
	if ((l->mods & M_JW) && !(l->mods & M_JZ) && ed_on(x, R_MOD_003) && !administered(x, l))
		ed_emit(x, R_MOD_003, l, NULL, "JW line %s on %d without its administered line", ln->code, l->dos);
	if ((l->cls & C_SDC) && !(l->mods & (M_JW | M_JZ)) && l->dos >= 20230701 && ed_on(x, R_MOD_001)) {
		const struct ed_encounter *en = &x->enc[l->enc];
		bool companion = false;

		for (unsigned k = 0; k < en->n; k++) {
			struct ed_line *o = ed_enc_line(x, en, k);

			companion |= o->key == l->key && (o->mods & M_JW);
		}
		if (!companion)
			ed_emit(x, R_MOD_001, l, NULL, "single-dose-container drug %s on %d without JZ or JW", ln->code, l->dos);
	}
	if ((l->mods & M_JZ) && !(l->mods & M_JW) && ed_on(x, R_MOD_004)) {
		int64_t e = ed_vial_units(x, l);

		if (e >= 0 && ln->units < e - 999)
			ed_emit(x, R_MOD_004, l, NULL, "JZ on %s billed %s units but the opened vials hold %s", ln->code,
				x12_qty_str(a, sizeof a, ln->units), x12_qty_str(b, sizeof b, e));
	}
	if ((l->mods & M_JW) && ed_on(x, R_MOD_006)) {
		struct ed_line *adm = administered(x, l);
		int64_t e = adm ? ed_vial_units(x, adm) : -1;

		if (ln->units < 1000)
			ed_emit(x, R_MOD_006, l, NULL, "JW line %s with %s units: less than one billing unit", ln->code,
				x12_qty_str(a, sizeof a, ln->units));
		else if (e >= 0 && adm->ln->units + ln->units >= e + 1000)
			ed_emit(x, R_MOD_006, l, NULL, "%s administered %s + JW %s units exceed the %s units the vials hold",
				ln->code, x12_qty_str(a, sizeof a, adm->ln->units), x12_qty_str(b, sizeof b, ln->units),
				x12_qty_str(c, sizeof c, e));
	}
}

/* ONC-MOD-007: 340B modifiers.  HCPCS file (JG TERM 2024-12-31); CMS inflation-rebate guidance */
static void
three_forty_b(struct ed_ctx *x, struct ed_line *l)
{
	if (!(l->mods & (M_JG | M_TB)) || !ed_on(x, R_MOD_007))
		return;
	if (!(l->cls & C_DRUG))
		ed_emit(x, R_MOD_007, l, NULL, "%s on %s, which is not a drug line", (l->mods & M_JG) ? "JG" : "TB",
			l->ln->code);
	else if ((l->mods & M_JG) && (l->mods & M_TB))
		ed_emit(x, R_MOD_007, l, NULL, "%s carries both JG and TB", l->ln->code);
	else if ((l->mods & M_JG) && l->dos >= 20250101)
		ed_emit(x, R_MOD_007, l, NULL, "JG on %d: terminated 2024-12-31, report TB", l->dos);
}

/* ONC-MOD-008, -009: E/M with drug administration.  NCCI PM ch. XI sec. B */
static void
em(struct ed_ctx *x, struct ed_line *l)
{
	const struct ed_encounter *en = &x->enc[l->enc];

	if (!(l->cls & C_EM) || !(en->cls & C_ADMIN))
		return;
	if (!(l->mods & M_25)) {
		if (ed_on(x, R_MOD_008))
			ed_emit(x, R_MOD_008, l, NULL, "E/M %s with drug administration on %d without modifier 25", l->ln->code,
				en->dos);
		return;
	}
	if (x->c->kind == 'P' && l->ln->ndx_ptr && ed_on(x, R_MOD_009)) {
		bool only = true;

		for (unsigned k = 0; k < l->ln->ndx_ptr; k++) {
			unsigned p = l->ln->dx_ptr[k];

			if (p > x->c->ndx || !(x->dx_bits[p - 1] & D_Z511X))
				only = false;
		}
		if (only)
			ed_emit(x, R_MOD_009, l, NULL, "E/M %s-25 points only to Z51.11/Z51.12", l->ln->code);
	}
}

/* ONC-MOD-011: modifiers on the wrong kind of line.  CPT modifier 25; NCCI PM ch. I */
static void
misplaced(struct ed_ctx *x, struct ed_line *l)
{
	if (!ed_on(x, R_MOD_011))
		return;
	if ((l->mods & M_ESA) && !(l->cls & C_DRUG))
		ed_emit(x, R_MOD_011, l, NULL, "ESA modifier (EA/EB/EC) on %s, which is not a drug line", l->ln->code);
	if ((l->mods & M_25) && !is_em(l))
		ed_emit(x, R_MOD_011, l, NULL, "modifier 25 on %s, which is not an E/M code", l->ln->code);
	if ((l->mods & M_DISTINCT) && (l->cls & C_DRUG))
		ed_emit(x, R_MOD_011, l, NULL, "distinct-service modifier (59/XE/XP/XS/XU) on drug line %s", l->ln->code);
}

void
ed_rules_mod(struct ed_ctx *x)
{
	for (unsigned i = 0; i < x->nlines; i++) {
		struct ed_line *l = &x->lines[i];

		if (l->mods || (l->cls & (C_DRUG | C_EM)))
			wastage(x, l);
		if (l->mods)
			three_forty_b(x, l);
		if (l->cls & C_EM)
			em(x, l);
		if (l->mods)
			misplaced(x, l);
	}
}
