/*
 * test-guide-diff.c - every usage and code difference between the 837P
 * (005010X222A1) and 837I (005010X223A2) definitions of the segments they
 * share, each justified below or a failure.
 *
 * Two CAS01 and HCP11/12 bugs (issue 12) were such differences that nobody
 * had looked at: one guide's schema had a code or a usage the other lacked
 * although both TR3s agree.  This test walks the compiled definitions of
 * both guides, pairs the segments with the same TR3 loop id, segment id and
 * key codes (NM1*85 in 2010AA, REF*G1 in 2300 ...), and compares element by
 * element, component by component: usage, enumerated codes, external list.
 * Where both guides mark an element "not used" nothing below it counts.
 *
 * Each difference reads "LOOP SEG(KEYS) REF KIND" (KIND: usage P/I, codes,
 * external, defined, segment-usage) and must match one allowed pattern
 * (fnmatch) whose comment cites the TR3 reason; an allowed pattern that
 * matches nothing fails too, so the list cannot go stale.  When a real
 * difference is a schema bug, fix the schema, not the list.
 */
#include "harness.h"
#include "testutil.h"
#include "txset.h"
#include "txset_internal.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct allowed {
	const char *pattern;
	unsigned hits;
};

/*
 * The differences the two TR3s make, with the reason.  P = 837P X222A1,
 * I = 837I X223A2; "usage S/N" means P says S, I says N.
 */
static struct allowed allow[] = {
	/* ST03 names each guide's own implementation convention reference */
	{ "ST ST() ST03 codes *", 0 },
	/* 2000B SBR05 insurance type (Medicare secondary payer type) is an 837P element: X222A1 2000B/2320 SBR05
	 * situational, X223A2 marks it not used (institutional MSP is reported with value codes).  TR3 listings
	 * checked (issue 12): X223 2000B SBR05 "Insurance Type Code" usage N; X222A1 2000B SBR05 usage S; X223
	 * 2320 (Other Subscriber Information) SBR05 "Insurance Type Code" usage N as well. */
	{ "2000B SBR() SBR05 *", 0 },
	{ "2320 SBR() SBR05 *", 0 },
	/* 2000C PAT05-PAT09 (patient death date, weight, pregnancy indicator): X222A1 situational, X223A2 not used */
	{ "2000C PAT() PAT0[5-9] *", 0 },
	/* 2010AA/2010AB NM102 "1" (person): a professional billing/pay-to provider may be a person (X222A1),
	 * an institutional one is a non-person entity (X223A2: NM102 = 2 only), so NM104/NM105/NM107 are not used in I */
	{ "2010AA NM1(85) NM102 codes *", 0 },
	{ "2010AB NM1(87) NM102 codes *", 0 },
	{ "2010AA NM1(85) NM10[457] usage S/N", 0 },
	/* CLM05-2 facility code qualifier: B (place of service) in 837P, A (UB bill type) in 837I */
	{ "2300 CLM() CLM05-2 codes *", 0 },
	/* CLM06 provider signature, CLM10 patient signature source, CLM11 related causes, CLM12 special program:
	 * 837P elements (X222A1 2300 CLM); X223A2 marks them not used (occurrence/condition codes carry them) */
	{ "2300 CLM() CLM06 *", 0 },
	{ "2300 CLM() CLM1[012]* *", 0 },
	/* DTP*096 discharge hour (I: TM format) vs 837P discharge date (D8); DTP*435 admission date/hour:
	 * X223A2 takes DT (date and hour) as well as D8 */
	{ "2300 DTP(096) DTP02 codes *", 0 },
	{ "2300 DTP(435) DTP02 codes *", 0 },
	/* HCP01 06 (per diem pricing) is an institutional method: X223A2 2300/2400 HCP01 lists it, X222A1 does not */
	{ "2300 HCP() HCP01 codes *", 0 },
	{ "2400 HCP() HCP01 codes *", 0 },
	/* X223A2 2300 HCP11 (DA days) / HCP12 (approved inpatient days): situational; X222A1 2300 HCP11/12 not used
	 * (the professional claim prices no inpatient days: X222A1 2300 HCP lists HCP11 and HCP12 as not used) */
	{ "2300 HCP() HCP1[12] *", 0 },
	/* 2400 HCP: P prices HCPCS units (HCP11 MJ minutes for anesthesia), I revenue-code lines (HCP09 HP qualifier,
	 * HCP10 approved HCPCS, HCP11 DA days).  TR3 listing checked (issue 12): X223 2400 HCP11 "Unit or Basis
	 * for Measurement Code" codes DA and UN, as schemas/837i.xml has them. */
	{ "2400 HCP() HCP09 codes *", 0 },
	/* 2400 HCP08: not used in X222A1 (the professional line reprices the procedure in HCP09/HCP10, both
	 * situational, the pair P0910); situational in X223A2, the repriced approved revenue code.  Listings
	 * checked (issue 12): X222 2400 HCP08 "Product/Service ID" usage N, HCP10 usage S; X223 2400 HCP08 S. */
	{ "2400 HCP() HCP08 usage N/S", 0 },
	{ "2400 HCP() HCP11 codes *", 0 },
	/* HI*ABK: in 837P one HI carries the principal (HI01) and up to 11 more diagnoses (HI02-HI12 ABF);
	 * in 837I the principal HI has HI01 only (other diagnoses: their own HI*ABF) and every
	 * diagnosis carries the present-on-admission indicator (HIxx-9, X223A2) */
	{ "2300 HI(ABK,BK) HI0[2-9]* *", 0 },
	{ "2300 HI(ABK,BK) HI1[0-2]* *", 0 },
	{ "2300 HI(ABK,BK) HI01-9 *", 0 },
	/* OI04 patient signature source (P): X222A1 2320 situational, X223A2 not used */
	{ "2320 OI() OI04 *", 0 },
	/* 2400 DTP*472 service date: required for every professional line (X222A1), situational for an
	 * institutional line (X223A2: required on outpatient claims, from the statement dates otherwise) */
	{ "2400 DTP(472) - segment-usage R/S", 0 },
	/* CLM05-1: place of service (P, CMS POS codes) vs the UB facility type code (I, first two digits of the bill type) */
	{ "2300 CLM() CLM05-1 external pos/nubc-facility-type", 0 },
	/* 2300 HCP06: X223A2 repriced approved DRG code; X222A1 the ambulatory patient group code (no list) */
	{ "2300 HCP() HCP06 external -/drg", 0 },
	/* 2400 HCP08 repriced approved revenue code and HCP10 approved HCPCS: institutional lines are
	 * revenue-code lines (X223A2 2400 HCP); X222A1 names no list there */
	{ "2400 HCP() HCP08 external -/nubc-revenue-code", 0 },
	{ "2400 HCP() HCP10 external -/procedure-code", 0 },
	/* SVD03-2: HCPCS in 837P (SVD03-1 HC/ER/IV/WK), HCPCS or HIPPS in 837I (HC, HP, IV ...): the wider list */
	{ "2430 SVD() SVD03-2 external hcpcs/procedure-code", 0 },
	/* SVD04 revenue code: institutional only (X223A2 2430 SVD04 required for revenue-code lines) */
	{ "2430 SVD() SVD04 external -/nubc-revenue-code", 0 },
	/* SVD03-1 HP (HIPPS) and SVD04 (revenue code) are institutional: X223A2 2430 SVD */
	{ "2430 SVD() SVD03-1 codes *", 0 },
	{ "2430 SVD() SVD04 usage N/S", 0 },
};

static void
codes_of(const struct x12_txset *ts, const struct txs_element *e, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < e->ncodes && n + 1 < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "," : "", ts->codes[e->codes + i]);
}

/* Codes of a that are not in b, comma-separated. */
static void
codes_minus(const struct x12_txset *ta, const struct txs_element *a, const struct x12_txset *tb,
	    const struct txs_element *b, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < a->ncodes && n + 1 < size; i++) {
		const char *c = ta->codes[a->codes + i];

		if (!txs_has_code(tb, b, (struct x12_str){ c, strlen(c) }))
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "," : "", c);
	}
}

static unsigned unexplained;

static void
difference(const char *what, const char *detail)
{
	for (size_t i = 0; i < sizeof allow / sizeof allow[0]; i++) {
		if (fnmatch(allow[i].pattern, what, 0) == 0) {
			allow[i].hits++;
			return;
		}
	}
	unexplained++;
	harness_context("837P/837I difference with no TR3 reason given: %s (%s)", what, detail);
	CHECK(false);
}

static const struct txs_element *
elem_at(const struct x12_txset *ts, const struct txs_element *first, unsigned n, unsigned pos)
{
	for (unsigned i = 0; i < n; i++)
		if (first[i].pos == pos)
			return &first[i];
	return NULL;
}

static void compare_elems(const struct x12_txset *p, const struct txs_element *pe, unsigned pn,
			  const struct x12_txset *q, const struct txs_element *qe, unsigned qn, const char *where,
			  const char *seg, unsigned parent);

static void
compare_one(const struct x12_txset *p, const struct txs_element *a, const struct x12_txset *q,
	    const struct txs_element *b, const char *where, const char *seg, unsigned parent, unsigned pos)
{
	char ref[32], what[1400], pa[512], qa[512];

	if (parent)
		snprintf(ref, sizeof ref, "%s%02u-%u", seg, parent, pos);
	else
		snprintf(ref, sizeof ref, "%s%02u", seg, pos);
	if (!a || !b) {
		const struct txs_element *e = a ? a : b;

		if (e->usage == TXS_NOT_USED)
			return; /* one schema spells out a not-used position, the other leaves it out */
		snprintf(what, sizeof what, "%s %s defined", where, ref);
		difference(what, a ? "defined in 837P only" : "defined in 837I only");
		return;
	}
	if (a->usage == TXS_NOT_USED && b->usage == TXS_NOT_USED)
		return;
	if (a->usage != b->usage) {
		snprintf(what, sizeof what, "%s %s usage %c/%c", where, ref, a->usage, b->usage);
		difference(what, "usage");
	}
	if (a->ncodes || b->ncodes) {
		codes_minus(p, a, q, b, pa, sizeof pa);
		codes_minus(q, b, p, a, qa, sizeof qa);
		if (pa[0] || qa[0]) {
			snprintf(what, sizeof what, "%s %s codes P-only=%s I-only=%s", where, ref, pa, qa);
			difference(what, "codes");
		}
	}
	if ((a->external == NULL) != (b->external == NULL) ||
	    (a->external && b->external && strcmp(a->external, b->external) != 0)) {
		snprintf(what, sizeof what, "%s %s external %s/%s", where, ref, a->external ? a->external : "-",
			 b->external ? b->external : "-");
		difference(what, "external code list");
	}
	if (!parent && (a->ncomp || b->ncomp))
		compare_elems(p, &p->elems[a->comp], a->ncomp, q, &q->elems[b->comp], b->ncomp, where, seg, pos);
}

static void
compare_elems(const struct x12_txset *p, const struct txs_element *pe, unsigned pn, const struct x12_txset *q,
	      const struct txs_element *qe, unsigned qn, const char *where, const char *seg, unsigned parent)
{
	unsigned maxpos = 0;

	for (unsigned i = 0; i < pn; i++)
		maxpos = pe[i].pos > maxpos ? pe[i].pos : maxpos;
	for (unsigned i = 0; i < qn; i++)
		maxpos = qe[i].pos > maxpos ? qe[i].pos : maxpos;
	for (unsigned pos = 1; pos <= maxpos; pos++) {
		const struct txs_element *a = elem_at(p, pe, pn, pos), *b = elem_at(q, qe, qn, pos);

		if (a || b)
			compare_one(p, a, q, b, where, seg, parent, pos);
	}
}

/* "2010AA NM1(85)": the loop, the id and the key codes of a segment definition. */
static void
seg_key(const struct x12_txset *ts, const struct txs_segment *sd, char *buf, size_t size)
{
	char codes[256] = "";

	if (sd->key_elem)
		codes_of(ts, &ts->elems[sd->key_def], codes, sizeof codes);
	snprintf(buf, size, "%s %s(%s)", ts->loops[sd->loop].id, sd->id, codes);
}

static const struct txs_segment *
find_same(const struct x12_txset *ts, const char *key, unsigned *count)
{
	const struct txs_segment *found = NULL;
	char k[320];

	*count = 0;
	for (size_t i = 0; i < ts->nsegs; i++) {
		seg_key(ts, &ts->segs[i], k, sizeof k);
		if (strcmp(k, key) == 0) {
			found = &ts->segs[i];
			(*count)++;
		}
	}
	return found;
}

/*
 * A syntax note no file can meet while keeping the guide's usage: P0910 over
 * a situational HCP09 and a not-used HCP10 made every HCP09 an error (the
 * 837P schema had the two swapped).  Per segment definition: a P note names
 * usable and unusable elements together; a C or L note's condition is usable
 * but what it then asks for is not; an R note names only unusable elements.
 */
static unsigned
unmeetable_notes(const struct x12_txset *ts)
{
	unsigned bad = 0;

	for (size_t i = 0; i < ts->nsegs; i++) {
		const struct txs_segment *sd = &ts->segs[i];

		if (sd->usage == TXS_NOT_USED)
			continue;
		for (unsigned k = 0; k < sd->nnotes; k++) {
			const struct txs_note *n = &ts->notes[sd->notes + k];
			uint64_t usable = n->mask & ~sd->unused_mask, first = (uint64_t)1 << n->first;
			uint64_t rest = n->mask & ~first;
			bool first_usable = (usable & first) != 0, ok = true;

			switch (n->type) {
			case 'P': ok = usable == 0 || usable == n->mask; break;
			case 'C': ok = !first_usable || (rest & ~usable) == 0; break;
			case 'L': ok = !first_usable || (rest & usable) != 0; break;
			case 'R': ok = usable != 0; break;
			default: break;
			}
			if (!ok) {
				harness_context("%s %s %s (%s): syntax note %s cannot be met with this usage", x12_txset_id(ts),
						ts->loops[sd->loop].id, sd->id, sd->name, n->text);
				CHECK(ok);
				bad++;
			}
		}
	}
	return bad;
}

int
main(void)
{
	char err[512], key[320], what[400];
	struct x12_schemas *s = tu_schemas_load(NULL, err, sizeof err);
	const struct x12_txset *p = NULL, *q = NULL;
	unsigned pairs = 0;

	harness_context("loading the embedded definitions");
	if (!CHECK(s != NULL)) {
		fprintf(stderr, "    %s\n", err);
		return harness_exit();
	}
	for (size_t i = 0; x12_schemas_get(s, i); i++) {
		const struct x12_txset *ts = x12_schemas_get(s, i);

		if (strcmp(x12_txset_id(ts), "837P") == 0)
			p = ts;
		else if (strcmp(x12_txset_id(ts), "837I") == 0)
			q = ts;
	}
	if (!CHECK(p && q))
		return harness_exit();
	for (size_t i = 0; i < p->nsegs; i++) {
		const struct txs_segment *a = &p->segs[i], *b;
		unsigned na, nb;

		seg_key(p, a, key, sizeof key);
		find_same(p, key, &na);
		b = find_same(q, key, &nb);
		if (!b || na != 1 || nb != 1)
			continue; /* a segment of one guide only, or one pairing would be a guess */
		pairs++;
		if (a->usage != b->usage) {
			snprintf(what, sizeof what, "%s - segment-usage %c/%c", key, a->usage, b->usage);
			difference(what, "segment usage");
		}
		if (a->usage == TXS_NOT_USED && b->usage == TXS_NOT_USED)
			continue;
		compare_elems(p, &p->elems[a->elems], a->nelems, q, &q->elems[b->elems], b->nelems, key, a->id, 0);
	}
	for (size_t i = 0; x12_schemas_get(s, i); i++)
		unmeetable_notes(x12_schemas_get(s, i));
	harness_context("segments paired between 837P and 837I");
	CHECK(pairs > 80);
	for (size_t i = 0; i < sizeof allow / sizeof allow[0]; i++) {
		harness_context("allowed difference '%s' still occurs", allow[i].pattern);
		CHECK(allow[i].hits > 0);
	}
	printf("%u segments paired, %u differences unexplained\n", pairs, unexplained);
	x12_schemas_free(s);
	return harness_exit();
}
