/*
 * rules_dx.c - ONC-DX: diagnosis linkage and sequencing (research/oncology-edits.md
 * 1.4).  The diagnoses a line is linked to are its SV107 pointers on an
 * 837P and every claim diagnosis on an 837I (which has no line pointers);
 * both are precomputed as D_* bits per line.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* The HI mark of the first claim diagnosis with any of these bits, else the CLM. */
static const struct x12_pos *
dx_pos(const struct ed_ctx *x, uint32_t bits)
{
	for (unsigned i = 0; i < x->c->ndx; i++)
		if (x->dx_bits[i] & bits)
			return &x->c->dx[i].pos;
	return &x->c->pos;
}

/* ONC-DX-002, -003, -008: the claim's codes taken together.  ICD-10-CM I.C.2 */
static void
claim_codes(struct ed_ctx *x)
{
	const struct c837_claim *c = x->c;
	bool other = false;

	if ((x->dx_all & D_Z511X) && !(x->dx_all & D_NEOPLASM)) {
		for (unsigned i = 0; i < c->ndx; i++)
			other |= c->dx[i].code[0] != 'Z';
		/* with a Z85 history code ONC-DX-004 names the fault more precisely */
		if (!other && ed_on(x, R_DX_002) && !((x->dx_all & D_HISTORY) && ed_on(x, R_DX_004)))
			ed_emit(x, R_DX_002, NULL, dx_pos(x, D_Z511X), "Z51.1- encounter code without a neoplasm (C00-D49) on the claim");
		if (other && ed_on(x, R_DX_003)) {
			for (unsigned i = 0; i < x->nlines; i++)
				if (x->lines[i].cls & (C_DRUG | C_CHEMO)) {
					ed_emit(x, R_DX_003, NULL, dx_pos(x, D_Z511X),
						"Z51.1- with drugs for a non-neoplastic condition only (no C00-D49 code)");
					break;
				}
		}
	}
	if ((x->dx_all & D_METASTATIC) && !(x->dx_all & (D_PRIMARY | D_HISTORY)) && ed_on(x, R_DX_008))
		ed_emit(x, R_DX_008, NULL, dx_pos(x, D_METASTATIC),
			"secondary (metastatic) site coded without a primary malignancy or Z85 history code");
}

/* ONC-DX-007: every code billable on the date of service.  ICD-10-CM order file */
static void
billable(struct ed_ctx *x)
{
	const struct c837_claim *c = x->c;
	int32_t dos = 0;

	if (!ed_on(x, R_DX_007) || !x->nlines)
		return;
	/* 837P: the first line date; 837I: the last (through) date */
	dos = x->lines[0].dos;
	for (unsigned i = 1; i < x->nlines; i++)
		if (c->kind == 'I' ? x->lines[i].dos > dos : x->lines[i].dos < dos)
			dos = x->lines[i].dos;
	for (unsigned i = 0; i < c->ndx; i++)
		if (ed_icd_billable(x->t, c->dx[i].code, dos) == 0)
			ed_emit(x, R_DX_007, NULL, &c->dx[i].pos,
				"ICD-10-CM %s is not a billable code on %d (header or truncated code, or not in that year's code set)",
				c->dx[i].code, dos);
}

/* ONC-DX-006: SV107 pointers.  005010X222A1 SV107 */
static void
pointers(struct ed_ctx *x, struct ed_line *l)
{
	const struct c837_line *ln = l->ln;
	struct x12_pos pos = ln->pos;

	pos.element = 7;
	if (ln->bad_dx_ptr)
		ed_emit(x, R_DX_006, l, &pos, "diagnosis pointer 0 or not a number on line %u", ln->lx);
	else if (ln->ndx_ptr == 0)
		ed_emit(x, R_DX_006, l, &pos, "line %u (%s) points to no diagnosis (SV107-1 missing)", ln->lx, ln->code);
	for (unsigned k = 0; k < ln->ndx_ptr; k++) {
		if (ln->dx_ptr[k] > x->c->ndx || ln->dx_ptr[k] > 12)
			ed_emit(x, R_DX_006, l, &pos, "diagnosis pointer %u but the claim has %u diagnosis code%s",
				ln->dx_ptr[k], x->c->ndx, x->c->ndx == 1 ? "" : "s");
		for (unsigned j = 0; j < k; j++)
			if (ln->dx_ptr[j] == ln->dx_ptr[k]) {
				ed_emit(x, R_DX_006, l, &pos, "diagnosis pointer %u repeated on line %u", ln->dx_ptr[k], ln->lx);
				break;
			}
	}
}

/* ONC-DX-011: ESA modifier, diagnosis and lab value.  NCD 110.21 */
static void
esa(struct ed_ctx *x, struct ed_line *l)
{
	const struct c837_line *ln = l->ln;
	bool only_excluded = l->dx != 0;
	int64_t hgb = -1, hct = -1;

	if (x->c->kind == 'P') {
		for (unsigned k = 0; k < ln->ndx_ptr; k++)
			if (ln->dx_ptr[k] <= x->c->ndx && !(x->dx_bits[ln->dx_ptr[k] - 1] & D_ESA_EXCLUDED))
				only_excluded = false;
		if (!strcmp(ln->mea_test, "R1"))
			hgb = ln->mea_value;
		else if (!strcmp(ln->mea_test, "R2"))
			hct = ln->mea_value;
	} else {
		for (unsigned i = 0; i < x->c->ndx; i++)
			if (!(x->dx_bits[i] & D_ESA_EXCLUDED))
				only_excluded = false;
		for (unsigned i = 0; i < x->c->ncodes; i++) {
			const struct c837_code *v = &x->c->codes[i];

			if (strcmp(v->qual, "BE") && strcmp(v->qual, "BG"))
				continue;
			if (!strcmp(v->code, "48"))
				hgb = v->amount * 10; /* value amounts are cents: 9.20 -> 9200 thousandths */
			else if (!strcmp(v->code, "49"))
				hct = v->amount * 10;
		}
	}
	if ((l->mods & M_EA) && !(l->dx & (D_D6481 | D_NEOPLASM)))
		ed_emit(x, R_DX_011, l, NULL, "ESA %s with EA but linked to neither D64.81 nor a neoplasm", ln->code);
	if ((l->mods & M_EC) && only_excluded)
		ed_emit(x, R_DX_011, l, NULL, "ESA %s with EC linked only to anemias NCD 110.21 does not cover", ln->code);
	if ((l->mods & M_EA) && (hgb >= 10000 || hct >= 30000)) {
		char v[32];

		ed_emit(x, R_DX_011, l, x->c->kind == 'P' ? &ln->mea_pos : NULL,
			"ESA %s with EA and %s %s: at or above the NCD 110.21 threshold (Hgb 10, Hct 30)", ln->code,
			hgb >= 0 ? "hemoglobin" : "hematocrit", x12_qty_str(v, sizeof v, hgb >= 0 ? hgb : hct));
	}
}

/* Every diagnosis the line points to is a symptom (R) or encounter (Z) code. */
static bool
only_symptoms(const struct ed_ctx *x, const struct c837_line *ln)
{
	for (unsigned k = 0; k < ln->ndx_ptr; k++) {
		unsigned p = ln->dx_ptr[k];

		if (p <= x->c->ndx && x->c->dx[p - 1].code[0] != 'R' && x->c->dx[p - 1].code[0] != 'Z')
			return false;
	}
	return true;
}

static void
lines(struct ed_ctx *x)
{
	const struct c837_claim *c = x->c;
	bool nephrotoxic = false;

	for (unsigned i = 0; i < x->nlines; i++)
		nephrotoxic |= (x->lines[i].cls & C_NEPHROTOXIC) != 0;
	for (unsigned i = 0; i < x->nlines; i++) {
		struct ed_line *l = &x->lines[i];
		const struct ed_encounter *en = &x->enc[l->enc];
		bool active = (l->cls & (C_CHEMO | C_ANTINEO)) && !(l->cls & C_PUMP);

		if (c->kind == 'P' && ed_on(x, R_DX_006) && l->ln->code[0])
			pointers(x, l);
		/* ONC-DX-001: Z51.1- first.  ICD-10-CM I.C.2.e.2 */
		if ((l->cls & C_CHEMO) && (en->cls & C_ANTINEO) && (x->dx_all & D_Z511X) && ed_on(x, R_DX_001)) {
			bool first = c->kind == 'P' ? l->ln->ndx_ptr && l->ln->dx_ptr[0] <= c->ndx &&
							  (x->dx_bits[l->ln->dx_ptr[0] - 1] & D_Z511X)
						    : c->ndx && (x->dx_bits[0] & D_Z511X);

			if (!first && (c->kind == 'P' || (x->dx_bits[0] & D_NEOPLASM)))
				ed_emit(x, R_DX_001, l, c->kind == 'I' ? &c->dx[0].pos : NULL,
					"chemotherapy encounter: Z51.11/Z51.12 is on the claim but not first-listed for %s",
					l->ln->code);
		}
		/* ONC-DX-004: treatment linked to history only.  ICD-10-CM I.C.2.d */
		if (active && (l->dx & D_HISTORY) && !(l->dx & D_ACTIVE) && ed_on(x, R_DX_004))
			ed_emit(x, R_DX_004, l, NULL, "%s is active treatment linked to a Z85 history code and no active neoplasm",
				l->ln->code);
		/*
		 * ONC-DX-005: linked to an indication.  005010X222A1 SV107.  Only
		 * symptom and encounter codes (R, Z): an antineoplastic for a
		 * non-cancer condition (rituximab for M05) is a legitimate use.
		 */
		if (active && c->kind == 'P' && l->ln->ndx_ptr && !(l->dx & (D_NEOPLASM | D_Z511X)) &&
		    ed_on(x, R_DX_005) && only_symptoms(x, l->ln))
			ed_emit(x, R_DX_005, l, NULL, "%s points to no neoplasm and no Z51.1- code", l->ln->code);
		/* ONC-DX-010: hydration indication.  NCCI PM ch. XI sec. B.5; RAC 0137 */
		if ((l->cls & C_HYDRATION) && (en->cls & C_CHEMO) && !(l->dx & D_HYDRATION) && !nephrotoxic &&
		    ed_on(x, R_DX_010))
			ed_emit(x, R_DX_010, l, NULL,
				"hydration %s beside chemotherapy without a dehydration/toxicity diagnosis or a nephrotoxic drug",
				l->ln->code);
		if ((l->cls & C_ESA) && ed_on(x, R_DX_011))
			esa(x, l);
	}
}

void
ed_rules_dx(struct ed_ctx *x)
{
	claim_codes(x);
	billable(x);
	lines(x);
}
