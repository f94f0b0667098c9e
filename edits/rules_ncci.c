/*
 * rules_ncci.c - ONC-NCCI: bundling (research/oncology-edits.md 1.5), and
 * ONC-MOD-010, which reads the same PTP pairs: for every two different
 * codes of an encounter, the PTP edit in force on its date (indicator 0:
 * NCCI-001; indicator 1 without an NCCI-associated modifier on the
 * column-2 line: MOD-010).  Without a PTP table only the fallback list of
 * NCCI-002 and the time check of NCCI-003 run.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Codes of an encounter already reported as a column-2 code (so NCCI-002 does not repeat them). */
struct col2_seen {
	uint64_t key[32];
	unsigned n;
};

static void
ptp_pairs(struct ed_ctx *x, const struct ed_encounter *en, struct col2_seen *seen)
{
	bool r1 = ed_on(x, R_NCCI_001), r10 = ed_on(x, R_MOD_010);

	if (!x->t->nptp || (!r1 && !r10))
		return;
	for (unsigned i = 0; i < en->n; i++) {
		struct ed_line *c1 = ed_enc_line(x, en, i);

		if (!c1->ln->code[0] || (c1->cls & C_DRUG))
			continue;
		for (unsigned j = 0; j < en->n; j++) {
			struct ed_line *c2 = ed_enc_line(x, en, j);
			const struct ed_ptp *p;
			uint32_t ok_mods = M_DISTINCT | M_ANATOMIC;

			if (c2->key == c1->key || !c2->ln->code[0] || !(p = ed_ptp_find(x->t, c1->key, c2->key, en->dos)))
				continue;
			if (c2->cls & (C_EM | C_EM_MIN))
				ok_mods |= M_25;
			if (p->modifier == 0 && r1) {
				ed_emit(x, R_NCCI_001, c2, NULL, "%s is column 2 to %s (PTP modifier indicator 0) on %d",
					c2->ln->code, c1->ln->code, en->dos);
			} else if (p->modifier == 1 && r10 && !(c2->mods & ok_mods)) {
				ed_emit(x, R_MOD_010, c2, NULL,
					"%s with %s on %d: PTP pair allowing a modifier, none of 59/XE/XP/XS/XU or an anatomic one",
					c2->ln->code, c1->ln->code, en->dos);
			}
			if (p->modifier == 0 && seen->n < 32)
				seen->key[seen->n++] = c2->key;
		}
	}
}

/* ONC-NCCI-002: included services, for payers without the PTP table.  NCCI PM ch. XI sec. B */
static void
included(struct ed_ctx *x, const struct ed_encounter *en, const struct col2_seen *seen)
{
	if (!(en->cls & C_INCLUDED) || !(en->cls & C_ADMIN) || !ed_on(x, R_NCCI_002))
		return;
	for (unsigned k = 0; k < en->n; k++) {
		struct ed_line *l = ed_enc_line(x, en, k);
		bool reported = false;

		if (!(l->cls & C_INCLUDED))
			continue;
		for (unsigned i = 0; i < seen->n; i++)
			reported |= seen->key[i] == l->key;
		if (!reported)
			ed_emit(x, R_NCCI_002, l, NULL, "%s is included in the drug administration on %d", l->ln->code, en->dos);
	}
}

/* ONC-NCCI-003: hydration counted while chemotherapy ran.  NCCI PM ch. XI sec. B.5; RAC 0137 */
static void
concurrent_hydration(struct ed_ctx *x, const struct ed_encounter *en)
{
	int64_t h, c;

	if (!(en->cls & C_HYDRATION) || !ed_on(x, R_NCCI_003) || !ed_enc_code(x, en, ed_key("96413"), 0) ||
	    ed_enc_code(x, en, ed_key("96360"), 0))
		return;
	for (unsigned k = 0; k < en->n; k++)
		if (ed_enc_line(x, en, k)->mods & M_XE)
			return;
	h = ed_enc_units(x, en, ed_key("96361"), 0);
	c = ed_enc_units(x, en, ed_key("96415"), 0);
	/* more than two hours beyond the chemotherapy's extra hours: S08's pre-hydration x2 passes */
	if (h && h > c + 2000) {
		char a[32], b[32];

		ed_emit(x, R_NCCI_003, ed_enc_code(x, en, ed_key("96361"), 0), NULL,
			"96361 x %s beside 96413 with 96415 x %s: hydration that ran with the chemotherapy is not billable",
			x12_qty_str(a, sizeof a, h), x12_qty_str(b, sizeof b, c));
	}
}

void
ed_rules_ncci(struct ed_ctx *x)
{
	for (unsigned i = 0; i < x->nenc; i++) {
		const struct ed_encounter *en = &x->enc[i];
		struct col2_seen seen = { .n = 0 };

		if (en->n < 2)
			continue;
		ptp_pairs(x, en, &seen);
		included(x, en, &seen);
		concurrent_hydration(x, en);
	}
}
