/*
 * rules_drug.c - ONC-DRUG: drug codes, units and NDC (research/oncology-edits.md
 * 1.2).  Every rule looks at drug lines only (class C_DRUG, from the HCPCS
 * ranges and the seed classes); the crosswalk rules run only when an
 * NDC-HCPCS crosswalk is loaded.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

static const char *
place_of(const struct ed_ctx *x, const struct ed_line *l)
{
	return x->c->kind == 'P' ? ed_place(x, l) : "";
}

/* ONC-DRUG-001, -002: the 2410 NDC.  DRA 2005 sec. 6002; X12 RFI 2151, 1924 */
static void
ndc(struct ed_ctx *x, struct ed_line *l)
{
	const struct c837_line *ln = l->ln;

	if (!ln->has_lin) {
		if (ed_on(x, R_DRUG_001))
			ed_emit(x, R_DRUG_001, l, NULL, "drug %s has no NDC (2410 LIN*N4 and CTP)", ln->code);
		return;
	}
	if (!ed_on(x, R_DRUG_002))
		return;
	if (strcmp(ln->ndc_qual, "N4") != 0)
		ed_emit(x, R_DRUG_002, l, &ln->lin_pos, "LIN02 is '%s', not N4 (11-digit NDC)", ln->ndc_qual);
	else if (l->ndc < 0)
		ed_emit(x, R_DRUG_002, l, &ln->lin_pos, "NDC '%s' is not 11 digits 5-4-2 without hyphens", ln->ndc);
	if (!ln->has_ctp) {
		ed_emit(x, R_DRUG_002, l, &ln->lin_pos, "NDC %s has no CTP drug quantity", ln->ndc);
	} else if (ln->ndc_qty <= 0) {
		ed_emit(x, R_DRUG_002, l, &ln->ctp_pos, "CTP04 drug quantity is not a positive number");
	} else {
		static const char *const units[] = { "F2", "GR", "ME", "ML", "UN" };
		bool ok = false;

		for (unsigned i = 0; i < 5; i++)
			ok |= strcmp(ln->ndc_unit, units[i]) == 0;
		if (!ok)
			ed_emit(x, R_DRUG_002, l, &ln->ctp_pos, "CTP05-1 unit '%s' is not F2, GR, ME, ML or UN", ln->ndc_unit);
	}
}

/* ONC-DRUG-003, -004, -005, -008(c): the NDC-HCPCS crosswalk.  CMS ASP crosswalk; F11 */
static void
crosswalk(struct ed_ctx *x, struct ed_line *l)
{
	const struct ed_xwalk *w;
	const struct ed_code *mapped;
	char code[9] = { 0 };

	if (!x->t->nxwalk || l->ndc < 0)
		return;
	if (!(w = ed_xwalk_find(x->t, (uint64_t)l->ndc, l->dos))) {
		if (ed_on(x, R_DRUG_003))
			ed_emit_sev(x, R_DRUG_003, X12_SEV_INFO, l, &l->ln->lin_pos,
				    "NDC %s is not in the NDC-HCPCS crosswalk (presence there is not coverage)", l->ln->ndc);
		return;
	}
	for (unsigned b = 0; b < 8; b++)
		code[b] = (char)(w->hcpcs >> (56 - 8 * b));
	mapped = ed_code_find(x->t, w->hcpcs);
	if (w->hcpcs != l->key) {
		uint32_t mc = ed_code_classes(mapped, code);

		if ((l->cls & C_NOC) && !(mc & C_NOC)) {
			if (ed_on(x, R_DRUG_008))
				ed_emit(x, R_DRUG_008, l, &l->ln->lin_pos,
					"NOC %s used for NDC %s, which has the specific code %s", l->ln->code, l->ln->ndc, code);
			return;
		}
		if (ed_on(x, R_DRUG_003))
			ed_emit(x, R_DRUG_003, l, &l->ln->lin_pos, "NDC %s maps to %s, not to the billed %s", l->ln->ndc, code,
				l->ln->code);
		if (ed_on(x, R_DRUG_004) && (((mc & C_BIOSIMILAR) && (l->cls & C_REFERENCE)) ||
					     ((mc & C_REFERENCE) && (l->cls & C_BIOSIMILAR))))
			ed_emit(x, R_DRUG_004, l, &l->ln->lin_pos, "%s NDC %s billed under the %s code %s: use %s",
				(mc & C_BIOSIMILAR) ? "biosimilar" : "reference-product", l->ln->ndc,
				(l->cls & C_REFERENCE) ? "reference-product" : "biosimilar", l->ln->code, code);
		return;
	}
	if (ed_on(x, R_DRUG_005) && !(l->mods & M_JW)) {
		int64_t e = ed_vial_units(x, l), billed = ed_units(l);
		const struct ed_encounter *en = &x->enc[l->enc];

		for (unsigned k = 0; k < en->n; k++) {
			struct ed_line *o = ed_enc_line(x, en, k);

			if (o != l && o->key == l->key && (o->mods & M_JW))
				billed += ed_units(o);
		}
		if (e >= 0 && (billed - e > 1000 || e - billed > 1000)) {
			char a[32], b[32];

			ed_emit(x, R_DRUG_005, l, NULL, "%s units %s (with any JW line) but the NDC quantity gives %s units",
				l->ln->code, x12_qty_str(a, sizeof a, billed), x12_qty_str(b, sizeof b, e));
		}
	}
}

/* ONC-DRUG-011: ESA modifiers and the latest hemoglobin/hematocrit.  NCD 110.21; MM5699 */
static void
esa(struct ed_ctx *x, struct ed_line *l)
{
	unsigned nmods = __builtin_popcount(l->mods & M_ESA);
	bool lab = false;

	if (!ed_on(x, R_DRUG_011))
		return;
	if (nmods != 1)
		ed_emit(x, R_DRUG_011, l, NULL, "ESA %s carries %u of EA/EB/EC: exactly one is required", l->ln->code, nmods);
	if (x->c->kind == 'P') {
		lab = !strcmp(l->ln->mea_test, "R1") || !strcmp(l->ln->mea_test, "R2");
	} else {
		for (unsigned i = 0; i < x->c->ncodes && !lab; i++)
			lab = (!strcmp(x->c->codes[i].qual, "BE") || !strcmp(x->c->codes[i].qual, "BG")) &&
			      (!strcmp(x->c->codes[i].code, "48") || !strcmp(x->c->codes[i].code, "49"));
	}
	if (!lab)
		ed_emit(x, R_DRUG_011, l, NULL, "ESA %s without the latest hemoglobin or hematocrit (%s)", l->ln->code,
			x->c->kind == 'P' ? "2400 MEA*TR*R1 or R2" : "value code 48 or 49");
}

static void
one_line(struct ed_ctx *x, struct ed_line *l)
{
	const struct c837_line *ln = l->ln;
	const struct ed_encounter *en = &x->enc[l->enc];
	const char *pos;
	char u[32];

	ndc(x, l);
	crosswalk(x, l);
	/* ONC-DRUG-006: old dosage basis.  HCPCS file dates */
	if (l->row && l->row->least_units && ed_on(x, R_DRUG_006) && ln->units > 0 &&
	    ln->units < (int64_t)l->row->least_units * 1000 && !(l->mods & M_JW)) {
		char old[9] = { 0 };

		for (unsigned b = 0; b < 8; b++)
			old[b] = (char)(l->row->predecessor >> (56 - 8 * b));
		ed_emit(x, R_DRUG_006, l, NULL, "%s billed %s units: that looks like the dosage of the replaced %s",
			ln->code, x12_qty_str(u, sizeof u, ln->units), old);
	}
	/* ONC-DRUG-007: whole positive units.  Noridian JZ guidance */
	if (ed_on(x, R_DRUG_007)) {
		if (ln->units <= 0)
			ed_emit_sev(x, R_DRUG_007, X12_SEV_ERROR, l, NULL, "drug %s billed with %s units", ln->code,
				    x12_qty_str(u, sizeof u, ln->units));
		else if (ln->units % 1000)
			ed_emit_sev(x, R_DRUG_007, X12_SEV_WARNING, l, NULL,
				    "drug %s billed with fractional units %s: round up to whole units", ln->code,
				    x12_qty_str(u, sizeof u, ln->units));
	}
	/* ONC-DRUG-008: NOC codes.  005010X222A1 SV101-7 */
	if ((l->cls & C_NOC) && ed_on(x, R_DRUG_008)) {
		if (!ln->desc[0])
			ed_emit(x, R_DRUG_008, l, NULL, "NOC drug %s without a description (SV101-7 / SV202-7)", ln->code);
		if (!ln->has_lin)
			ed_emit(x, R_DRUG_008, l, NULL, "NOC drug %s without its NDC", ln->code);
	}
	/* ONC-DRUG-009: facility POS.  IOM 100-02 ch. 15 sec. 60.1 */
	pos = place_of(x, l);
	if (pos[0] && ed_on(x, R_DRUG_009) &&
	    (!strcmp(pos, "19") || !strcmp(pos, "21") || !strcmp(pos, "22") || !strcmp(pos, "23")))
		ed_emit(x, R_DRUG_009, l, NULL, "drug %s billed by the practitioner in place of service %s", ln->code, pos);
	/* ONC-DRUG-010: drug without administration.  Noridian A52953 */
	if ((l->cls & (C_ANTINEO | C_SUPPORTIVE)) && !(l->cls & C_NOC) && ed_on(x, R_DRUG_010) &&
	    !(en->cls & (C_ADMIN | C_INJ | C_PUMP | C_CHEMO)) && !(l->mods & M_JW))
		ed_emit(x, R_DRUG_010, l, NULL, "drug %s on %d without an administration service", ln->code, en->dos);
	if (l->cls & C_ESA)
		esa(x, l);
}

void
ed_rules_drug(struct ed_ctx *x)
{
	for (unsigned i = 0; i < x->nlines; i++)
		if (x->lines[i].cls & C_DRUG)
			one_line(x, &x->lines[i]);
}
