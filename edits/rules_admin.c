/*
 * rules_admin.c - ONC-ADMIN: the administration hierarchy, add-on codes and
 * the administration code families (research/oncology-edits.md 1.1).
 * Every rule works on one encounter (the claim's lines of one date of
 * service) and returns at once when the encounter has no line of its kind.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Facility hierarchy of the initial codes: chemo infusion > chemo push > other infusion > push > hydration. */
static int
initial_rank(const struct ed_line *l)
{
	static const char *const order[] = { "96413", "96409", "96365", "96369", "96374", "96360" };

	for (int i = 0; i < 6; i++)
		if (ed_is(l, order[i]))
			return i;
	return 6;
}

/* ONC-ADMIN-001, -004, -005: initial codes of an encounter. NCCI PM ch. XI sec. B.2; IOM 100-04 ch. 12 sec. 30.5 */
static void
initial_codes(struct ed_ctx *x, const struct ed_encounter *en)
{
	struct ed_line *kept = NULL;
	int64_t units = 0;

	for (unsigned k = 0; k < en->n; k++) {
		struct ed_line *l = ed_enc_line(x, en, k);

		if (!(l->cls & C_INITIAL))
			continue;
		units += ed_units(l);
		if (!kept || initial_rank(l) < initial_rank(kept))
			kept = l;
		if (ed_on(x, R_ADMIN_005) && ed_units(l) > 1000) {
			char u[32];

			ed_emit(x, R_ADMIN_005, l, NULL, "initial code %s billed with %s units: it covers the first hour or push only",
				l->ln->code, x12_qty_str(u, sizeof u, ed_units(l)));
		}
	}
	if (kept && units > 1000 && ed_on(x, R_ADMIN_001)) {
		for (unsigned k = 0; k < en->n; k++) {
			struct ed_line *l = ed_enc_line(x, en, k);

			if (l != kept && (l->cls & C_INITIAL) && !(l->mods & (M_XS | M_XE | M_59)))
				ed_emit(x, R_ADMIN_001, l, NULL,
					"second initial administration code %s with %s on %d without XS, XE or 59",
					l->ln->code, kept->ln->code, en->dos);
		}
	}
	if ((en->cls & C_CHEMO) && ed_on(x, R_ADMIN_004)) {
		for (unsigned k = 0; k < en->n; k++) {
			struct ed_line *l = ed_enc_line(x, en, k);
			const char *to = ed_is(l, "96360") ? "96361" : ed_is(l, "96365") ? "96367"
				       : ed_is(l, "96374") ? "96375" : NULL;

			if (to && !(l->mods & (M_XE | M_XS)))
				ed_emit(x, R_ADMIN_004, l, NULL,
					"%s is a non-chemotherapy initial code beside chemotherapy administration: report it as %s",
					l->ln->code, to);
		}
	}
	if (ed_on(x, R_ADMIN_005)) {
		int64_t conc = ed_enc_units(x, en, ed_key("96368"), M_XE);

		if (conc > 1000) {
			struct ed_line *l = ed_enc_code(x, en, ed_key("96368"), M_XE);
			char u[32];

			ed_emit(x, R_ADMIN_005, l, NULL, "96368 (concurrent infusion) billed %s times in one encounter: once at most",
				x12_qty_str(u, sizeof u, conc));
		}
	}
}

/* ONC-ADMIN-002, -003: add-on codes need a primary of the same encounter.  CPT parentheticals; NCCI AOC file */
static void
addons(struct ed_ctx *x, const struct ed_encounter *en)
{
	for (unsigned k = 0; k < en->n; k++) {
		struct ed_line *l = ed_enc_line(x, en, k);
		const struct ed_addon *a;
		enum ed_rule r;
		bool found = false;

		if (!(l->cls & C_ADDON) || !(a = ed_addon_find(x->t, l->key)))
			continue;
		r = (l->cls & C_CHEMO) ? R_ADMIN_002 : R_ADMIN_003;
		if (!ed_on(x, r))
			continue;
		for (unsigned i = 0; i < a->n && !found; i++)
			found = ed_enc_code(x, en, a->primary[i], 0) != NULL;
		if (!found) {
			char list[64] = "";
			size_t o = 0;

			for (unsigned i = 0; i < a->n && o + 8 < sizeof list; i++) {
				char code[9] = { 0 };

				for (unsigned b = 0; b < 8; b++)
					code[b] = (char)(a->primary[i] >> (56 - 8 * b));
				o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", code);
			}
			ed_emit(x, r, l, NULL, "add-on %s without one of its primaries (%s) on %d", l->ln->code, list, en->dos);
		}
	}
}

/* ONC-ADMIN-006: 96417/96411 once per additional different drug.  CPT 96417/96411; Noridian A52953 */
static void
sequential(struct ed_ctx *x, const struct ed_encounter *en)
{
	uint64_t seen[16];
	unsigned ndrugs = 0;
	int64_t u17, u11;

	if (!ed_on(x, R_ADMIN_006) || !(en->cls & C_ADDON))
		return;
	u17 = ed_enc_units(x, en, ed_key("96417"), 0);
	u11 = ed_enc_units(x, en, ed_key("96411"), 0);
	if (!u17 && !u11)
		return;
	for (unsigned k = 0; k < en->n; k++) {
		struct ed_line *l = ed_enc_line(x, en, k);
		unsigned i;

		if (!(l->cls & C_ANTINEO))
			continue;
		for (i = 0; i < ndrugs && seen[i] != l->key; i++)
			;
		if (i == ndrugs && ndrugs < 16)
			seen[ndrugs++] = l->key;
	}
	if (ndrugs == 0)
		return; /* no drug billed here: nothing to count against */
	if (u17 > (int64_t)(ndrugs - 1) * 1000)
		ed_emit(x, R_ADMIN_006, ed_enc_code(x, en, ed_key("96417"), 0), NULL,
			"96417 billed %lld times with %u different antineoplastic drug%s: at most %u",
			(long long)(u17 / 1000), ndrugs, ndrugs == 1 ? "" : "s", ndrugs - 1);
	if (u11 > (int64_t)(ndrugs - 1) * 1000)
		ed_emit(x, R_ADMIN_006, ed_enc_code(x, en, ed_key("96411"), 0), NULL,
			"96411 billed %lld times with %u different antineoplastic drug%s: at most %u",
			(long long)(u11 / 1000), ndrugs, ndrugs == 1 ? "" : "s", ndrugs - 1);
}

/* ONC-ADMIN-007, -008, -009: the administration family must fit the drugs.  Noridian A52953; CPT 96401/96402 */
static void
family(struct ed_ctx *x, const struct ed_encounter *en)
{
	bool antineo = false, supportive = false, iv_only_only = true, horm = false, nonhorm = false;
	struct ed_line *chemo = NULL, *s96401 = NULL, *s96402 = NULL, *s96372 = NULL;

	for (unsigned k = 0; k < en->n; k++) {
		struct ed_line *l = ed_enc_line(x, en, k);

		if ((l->cls & C_CHEMO) && !chemo && !(l->cls & C_PUMP))
			chemo = l;
		if (l->cls & C_ANTINEO) {
			antineo = true;
			if (!(l->cls & C_IV_ONLY))
				iv_only_only = false;
			horm |= (l->cls & C_HORM_SCIM) != 0;
			nonhorm |= (l->cls & C_NONHORM_SCIM) != 0;
		} else if (l->cls & C_SUPPORTIVE) {
			supportive = true;
		}
		if (ed_is(l, "96401"))
			s96401 = l;
		if (ed_is(l, "96402"))
			s96402 = l;
		if (l->cls & C_INJ)
			s96372 = l;
	}
	if (chemo && !antineo && ed_on(x, R_ADMIN_007)) {
		if (supportive)
			ed_emit_sev(x, R_ADMIN_007, X12_SEV_ERROR, chemo, NULL,
				    "chemotherapy administration %s with supportive drugs only (no antineoplastic) on %d",
				    chemo->ln->code, en->dos);
		else if (!(en->cls & C_DRUG))
			ed_emit_sev(x, R_ADMIN_007, X12_SEV_WARNING, chemo, NULL,
				    "chemotherapy administration %s with no drug line on %d (patient-supplied or billed elsewhere?)",
				    chemo->ln->code, en->dos);
	}
	if (antineo && ed_on(x, R_ADMIN_008) && !(en->cls & C_CHEMO) && (en->cls & C_ADMIN)) {
		for (unsigned k = 0; k < en->n; k++) {
			struct ed_line *l = ed_enc_line(x, en, k);

			if ((l->cls & C_ANTINEO) && (l->cls & C_IV_ONLY)) {
				ed_emit(x, R_ADMIN_008, l, NULL,
					"IV antineoplastic %s administered with non-chemotherapy codes only", l->ln->code);
				break;
			}
		}
	}
	if (!ed_on(x, R_ADMIN_009))
		return;
	if (horm && !s96402 && (s96401 || s96372))
		ed_emit(x, R_ADMIN_009, s96401 ? s96401 : s96372, NULL,
			"hormonal SC/IM antineoplastic administered with %s: use 96402", (s96401 ? s96401 : s96372)->ln->code);
	if (nonhorm && !s96401 && (s96402 || s96372))
		ed_emit(x, R_ADMIN_009, s96402 ? s96402 : s96372, NULL,
			"non-hormonal SC/IM antineoplastic administered with %s: use 96401", (s96402 ? s96402 : s96372)->ln->code);
	if (antineo && iv_only_only && (s96401 || s96402))
		ed_emit_sev(x, R_ADMIN_009, X12_SEV_ERROR, s96401 ? s96401 : s96402, NULL,
			    "SC/IM chemotherapy code %s with an IV-only antineoplastic: use the IV family (96409/96413)",
			    (s96401 ? s96401 : s96402)->ln->code);
}

/* ONC-ADMIN-010, -012: services included in the administration.  CPT 96523/36591; NCCI PM ch. XI sec. B */
static void
included(struct ed_ctx *x, const struct ed_encounter *en)
{
	if (!(en->cls & (C_PORT_FLUSH | C_PORT_DRAW | C_EM_MIN)))
		return;
	for (unsigned k = 0; k < en->n; k++) {
		struct ed_line *l = ed_enc_line(x, en, k);

		if ((l->cls & C_PORT_FLUSH) && ed_on(x, R_ADMIN_010)) {
			for (unsigned j = 0; j < en->n; j++) {
				struct ed_line *o = ed_enc_line(x, en, j);

				if (o->key != l->key && !(o->cls & C_DRUG) && o->ln->code[0]) {
					ed_emit(x, R_ADMIN_010, l, NULL, "port flush 96523 with %s on %d: the flush is part of the other service",
						o->ln->code, en->dos);
					break;
				}
			}
		}
		if ((l->cls & C_PORT_DRAW) && (en->cls & C_ADMIN) && ed_on(x, R_ADMIN_010))
			ed_emit(x, R_ADMIN_010, l, NULL, "port blood draw 36591 with drug administration on %d", en->dos);
		if ((l->cls & C_EM_MIN) && ed_on(x, R_ADMIN_012)) {
			for (unsigned j = 0; j < en->n; j++) {
				long v = ed_cpt(ed_enc_line(x, en, j));

				if ((v >= 96360 && v <= 96375) || v == 96377 || (v >= 96401 && v <= 96425)) {
					ed_emit(x, R_ADMIN_012, l, NULL, "99211 with drug administration %ld on %d", v, en->dos);
					break;
				}
			}
		}
	}
}

/* ONC-ADMIN-011: office pump initiation.  HCPCS G0498; CR 9749 */
static void
pump(struct ed_ctx *x, const struct ed_encounter *en, bool pump_before)
{
	struct ed_line *g = NULL, *c = NULL;
	bool pump_drug = false;

	if (!ed_on(x, R_ADMIN_011))
		return;
	for (unsigned k = 0; k < en->n; k++) {
		struct ed_line *l = ed_enc_line(x, en, k);

		if (l->cls & C_PUMP)
			g = l;
		if (l->cls & C_PUMP_CPT)
			c = l;
		pump_drug |= (l->cls & C_PUMP_DRUG) != 0;
		if (pump_before && (ed_is(l, "96521") || ed_is(l, "96523")))
			ed_emit_sev(x, R_ADMIN_011, X12_SEV_WARNING, l, NULL,
				    "%s on the pump-disconnect day of a G0498 episode: G0498 includes the follow-up visit",
				    l->ln->code);
	}
	if (g && c)
		ed_emit_sev(x, R_ADMIN_011, X12_SEV_ERROR, c, NULL, "G0498 and 96416 on the same date %d", en->dos);
	else if (c && pump_drug && x->c->kind == 'P' && strcmp(ed_place(x, c), "11") == 0 &&
		 (x->payer & (EDITS_PAYER_MEDICARE_B | EDITS_PAYER_MEDICARE_ADV)))
		ed_emit_sev(x, R_ADMIN_011, X12_SEV_WARNING, c, NULL,
			    "96416 in the office with a portable-pump drug: Medicare uses G0498");
}

/* ONC-ADMIN-013: practitioner drug administration in a facility POS.  NCCI PM ch. XI sec. B */
static void
facility_pos(struct ed_ctx *x, const struct ed_encounter *en)
{
	if (x->c->kind != 'P' || !(en->cls & C_ADMIN) || !ed_on(x, R_ADMIN_013))
		return;
	for (unsigned k = 0; k < en->n; k++) {
		struct ed_line *l = ed_enc_line(x, en, k);
		const char *pos = ed_place(x, l);

		if ((l->cls & C_ADMIN) && (!strcmp(pos, "19") || !strcmp(pos, "22") || !strcmp(pos, "23")))
			ed_emit(x, R_ADMIN_013, l, NULL, "drug administration %s billed by the practitioner in place of service %s",
				l->ln->code, pos);
	}
}

void
ed_rules_admin(struct ed_ctx *x)
{
	bool pump_before = false;

	for (unsigned i = 0; i < x->nenc; i++) {
		const struct ed_encounter *en = &x->enc[i];

		if (!(en->cls & (C_ADMIN | C_PORT_DRAW | C_EM_MIN | C_ANTINEO)))
			continue;
		initial_codes(x, en);
		addons(x, en);
		sequential(x, en);
		family(x, en);
		included(x, en);
		pump(x, en, pump_before);
		facility_pos(x, en);
		pump_before |= (en->cls & C_PUMP) != 0;
	}
}
