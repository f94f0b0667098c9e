/*
 * claim837.c - walker events -> one 837 claim at a time (see claim837.h and
 * decode.h).
 *
 *   2000A  billing provider   PRV, 2010AA NM1*85 N4 REF*EI, 2010AB NM1*87
 *   2000B  subscriber         SBR, 2010BA NM1*IL N4 DMG, 2010BB NM1*PR
 *   2000C  patient            PAT, 2010CA NM1*QC N4 DMG
 *   2300   claim              CLM DTP REF HI, 2310x NM1 PRV
 *   2400   service line       LX SV1|SV2 DTP*472 REF*6R, 2410 LIN CTP REF*XZ, 2420A NM1*82
 *
 * Context loops reset what they own when they open; the claim is handed out
 * when its 2300 loop closes.
 */
#include "decode.h"

#include <stdio.h>
#include <string.h>

enum party_slot {
	P_NONE,
	P_BILLING,
	P_PAY_TO,
	P_SUBSCRIBER,
	P_PAYER,
	P_PATIENT,
	P_RENDERING,
	P_ATTENDING,
	P_REFERRING,
	P_FACILITY,
	P_LINE_RENDERING,
};

struct c837_decoder {
	struct dec_base base;
	struct c837_claim claim;
	bool in_claim;
	enum party_slot party;   /* the NM1 loop being read */
	struct c837_line *line;  /* the 2400 being read, NULL when dropped */
};

struct c837_decoder *
c837_decoder_new(const struct x12_alloc *alloc)
{
	struct x12_alloc a;
	struct c837_decoder *d;

	/* the line table grows on the first claim, to the largest claim seen */
	x12_alloc_init(&a, alloc);
	d = x12_mem_calloc(&a, 1, sizeof *d);
	if (d)
		d->base.alloc = a;
	return d;
}

void
c837_decoder_free(struct c837_decoder *d)
{
	if (!d)
		return;
	x12_mem_free(&d->base.alloc, d->claim.lines);
	x12_mem_free(&d->base.alloc, d);
}

void
c837_decoder_reset(struct c837_decoder *d)
{
	struct c837_line *lines = d->claim.lines;
	unsigned cap = d->claim.lines_cap;
	struct x12_alloc a = d->base.alloc;

	memset(d, 0, sizeof *d);
	d->base.alloc = a;
	d->claim.lines = lines;
	d->claim.lines_cap = cap;
}

int64_t
c837_line_total(const struct c837_claim *c)
{
	int64_t sum = 0;

	for (unsigned i = 0; i < c->nlines; i++)
		sum += c->lines[i].charge;
	return sum;
}

#define CPY DEC_CPY

#define loop_is txs_loop_is

#define loop_starts txs_loop_starts

static struct c837_party *
party_of(struct c837_decoder *d)
{
	struct c837_claim *c = &d->claim;

	switch (d->party) {
	case P_BILLING: return &c->billing;
	case P_PAY_TO: return &c->pay_to;
	case P_SUBSCRIBER: return &c->subscriber;
	case P_PAYER: return &c->payer;
	case P_PATIENT: return &c->patient;
	case P_RENDERING: return &c->rendering;
	case P_ATTENDING: return &c->attending;
	case P_REFERRING: return &c->referring;
	case P_FACILITY: return &c->facility_party;
	default: return NULL;
	}
}

static enum party_slot
slot_for(const struct txs_loop *l, struct x12_str entity)
{
	if (loop_is(l, "2010AA"))
		return P_BILLING;
	if (loop_is(l, "2010AB"))
		return P_PAY_TO;
	if (loop_is(l, "2010BA"))
		return P_SUBSCRIBER;
	if (loop_is(l, "2010BB"))
		return P_PAYER;
	if (loop_is(l, "2010CA"))
		return P_PATIENT;
	if (loop_starts(l, "2310")) {
		if (x12_str_eq(entity, "82"))
			return P_RENDERING;
		if (x12_str_eq(entity, "71"))
			return P_ATTENDING;
		if (x12_str_eq(entity, "DN") || x12_str_eq(entity, "P3"))
			return P_REFERRING;
		if (x12_str_eq(entity, "77"))
			return P_FACILITY;
	}
	if (loop_starts(l, "2420") && x12_str_eq(entity, "82"))
		return P_LINE_RENDERING;
	return P_NONE;
}

static void
party_nm1(struct c837_party *p, const struct x12_segment *s, const struct txs_loop *l)
{
	char taxonomy[sizeof p->taxonomy];

	/* the 2000A PRV comes before NM1*85: keep what it said */
	memcpy(taxonomy, p->taxonomy, sizeof taxonomy);
	memset(p, 0, sizeof *p);
	memcpy(p->taxonomy, taxonomy, sizeof taxonomy);
	CPY(p->entity, x12_seg_element(s, 1));
	CPY(p->last, x12_seg_element(s, 3));
	CPY(p->first, x12_seg_element(s, 4));
	CPY(p->id_qual, x12_seg_element(s, 8));
	CPY(p->id, x12_seg_element(s, 9));
	dec_mark(&p->pos, s, l, 0, 0);
}

static void
on_party_segment(struct c837_decoder *d, const struct x12_segment *s, struct x12_str id)
{
	struct c837_party *p = party_of(d);

	if (!p)
		return;
	if (x12_str_eq(id, "N4")) {
		CPY(p->state, x12_seg_element(s, 2));
		CPY(p->zip, x12_seg_element(s, 3));
	} else if (x12_str_eq(id, "REF")) {
		struct x12_str q = x12_seg_element(s, 1);

		if (x12_str_eq(q, "EI") || x12_str_eq(q, "SY"))
			CPY(p->tin, x12_seg_element(s, 2));
	} else if (x12_str_eq(id, "DMG")) {
		(void)x12_parse_date8(x12_seg_element(s, 2), &p->birth_date);
		CPY(p->gender, x12_seg_element(s, 3));
	} else if (x12_str_eq(id, "PRV")) {
		CPY(p->taxonomy, x12_seg_element(s, 3));
	}
}

/* HI qualifiers of diagnoses (principal, admitting, other, reason for visit, E-codes); the rest are codes */
static bool
is_dx_qual(struct x12_str q)
{
	static const char *const dx_quals[] = { "ABK", "BK", "ABF", "BF", "ABJ", "BJ", "APR", "PR", "ABN", "BN" };

	if (q.len < 2 || q.len > 3 || (q.ptr[0] != 'A' && q.ptr[0] != 'B' && q.ptr[0] != 'P'))
		return false;
	for (size_t k = 0; k < sizeof dx_quals / sizeof dx_quals[0]; k++)
		if (x12_str_eq(q, dx_quals[k]))
			return true;
	return false;
}

static void
on_hi(struct c837_claim *c, const struct x12_segment *s, const struct txs_loop *l)
{
	for (unsigned e = 1; e <= s->nelem && e <= 24; e++) {
		struct x12_str part[5] = { { 0 } };
		struct c837_code *code;
		bool is_dx;

		if (x12_str_split(x12_seg_repetition(s, e, 1), s->delims.component, part, 5) == 0 || part[0].len == 0)
			continue;
		is_dx = is_dx_qual(part[0]);
		if (is_dx && c->ndx < C837_MAX_DX)
			code = &c->dx[c->ndx++];
		else if (!is_dx && c->ncodes < C837_MAX_CODES)
			code = &c->codes[c->ncodes++];
		else
			continue;
		CPY(code->qual, part[0]);
		CPY(code->code, part[1]);
		dec_mark(&code->pos, s, l, e, 2);
		code->date = 0;
		code->amount = 0;
		if (part[3].len)
			(void)x12_parse_date8(part[3], &code->date);
		if (part[4].len)
			(void)x12_parse_money(part[4], &code->amount);
	}
}

static void
procedure(struct c837_line *ln, const struct x12_segment *s, unsigned el)
{
	dec_procedure(x12_seg_repetition(s, el, 1), s->delims.component, ln->qual, ln->code, ln->mod, &ln->nmod,
		      ln->desc, sizeof ln->desc);
}

/* SV107: up to four 1-based pointers into the claim's diagnoses */
static void
dx_pointers(struct c837_line *ln, const struct x12_segment *s)
{
	struct x12_str part[4];
	unsigned n = x12_str_split(x12_seg_repetition(s, 7, 1), s->delims.component, part, 4);

	ln->ndx_ptr = 0;
	ln->bad_dx_ptr = 0;
	for (unsigned k = 0; k < n; k++) {
		int64_t v;

		if (part[k].len && x12_parse_scaled(part[k], 0, &v) && v > 0 && v < 256)
			ln->dx_ptr[ln->ndx_ptr++] = (uint8_t)v;
		else if (part[k].len)
			ln->bad_dx_ptr++;
	}
}

static void
on_line_segment(struct c837_decoder *d, const struct x12_segment *s, uint32_t id32, const struct txs_loop *l)
{
	struct c837_line *ln = d->line;
	struct x12_str q;

	if (!ln)
		return;
	switch (id32) {
	case DEC_ID3('S', 'V', '1'):
		dec_mark(&ln->pos, s, l, 0, 0);
		procedure(ln, s, 1);
		(void)x12_parse_money(x12_seg_element(s, 2), &ln->charge);
		CPY(ln->unit_basis, x12_seg_element(s, 3));
		(void)x12_parse_scaled(x12_seg_element(s, 4), 3, &ln->units);
		CPY(ln->place, x12_seg_element(s, 5));
		dx_pointers(ln, s);
		return;
	case DEC_ID3('S', 'V', '2'):
		dec_mark(&ln->pos, s, l, 0, 0);
		CPY(ln->revenue, x12_seg_element(s, 1));
		procedure(ln, s, 2);
		(void)x12_parse_money(x12_seg_element(s, 3), &ln->charge);
		CPY(ln->unit_basis, x12_seg_element(s, 4));
		(void)x12_parse_scaled(x12_seg_element(s, 5), 3, &ln->units);
		(void)x12_parse_money(x12_seg_element(s, 7), &ln->noncovered);
		return;
	case DEC_ID3('D', 'T', 'P'):
		if (loop_is(l, "2400") && x12_str_eq(x12_seg_element(s, 1), "472")) {
			(void)x12_parse_period(x12_seg_element(s, 2), x12_seg_element(s, 3), &ln->date_from,
					       &ln->date_to);
			dec_mark(&ln->date_pos, s, l, 3, 0);
		}
		return;
	case DEC_ID3('R', 'E', 'F'):
		q = x12_seg_element(s, 1);
		if (x12_str_eq(q, "6R") && loop_is(l, "2400")) {
			CPY(ln->control, x12_seg_element(s, 2));
			dec_mark(&ln->control_pos, s, l, 2, 0);
		} else if (x12_str_eq(q, "XZ")) {
			CPY(ln->rx_number, x12_seg_element(s, 2));
		}
		return;
	case DEC_ID3('L', 'I', 'N'):
		ln->has_lin = true;
		dec_mark(&ln->lin_pos, s, l, 3, 0);
		CPY(ln->ndc_qual, x12_seg_element(s, 2));
		CPY(ln->ndc, x12_seg_element(s, 3));
		return;
	case DEC_ID3('C', 'T', 'P'):
		ln->has_ctp = true;
		dec_mark(&ln->ctp_pos, s, l, 4, 0);
		(void)x12_parse_scaled(x12_seg_element(s, 4), 3, &ln->ndc_qty);
		CPY(ln->ndc_unit, x12_seg_component(s, 5, 1));
		return;
	case DEC_ID3('M', 'E', 'A'):
		/* 837P 2400 test results (ESA claims: latest Hgb R1 / Hct R2); the first one is kept */
		if (loop_is(l, "2400") && !ln->mea_test[0] && x12_str_eq(x12_seg_element(s, 1), "TR")) {
			CPY(ln->mea_test, x12_seg_element(s, 2));
			(void)x12_parse_scaled(x12_seg_element(s, 3), 3, &ln->mea_value);
			dec_mark(&ln->mea_pos, s, l, 3, 0);
		}
		return;
	case DEC_ID3('N', 'M', '1'):
		if (d->party == P_LINE_RENDERING)
			CPY(ln->rendering_npi, x12_seg_element(s, 9));
		return;
	default:
		return;
	}
}

static void
on_claim_segment(struct c837_decoder *d, const struct x12_segment *s, struct x12_str id, const struct txs_loop *l)
{
	struct c837_claim *c = &d->claim;

	if (x12_str_eq(id, "CLM")) {
		dec_mark(&c->pos, s, l, 0, 0);
		CPY(c->id, x12_seg_element(s, 1));
		(void)x12_parse_money(x12_seg_element(s, 2), &c->charge);
		CPY(c->facility, x12_seg_component(s, 5, 1));
		CPY(c->facility_qual, x12_seg_component(s, 5, 2));
		CPY(c->frequency, x12_seg_component(s, 5, 3));
		CPY(c->provider_sig, x12_seg_element(s, 6));
		CPY(c->assignment, x12_seg_element(s, 7));
		CPY(c->benefits, x12_seg_element(s, 8));
		CPY(c->release, x12_seg_element(s, 9));
	} else if (x12_str_eq(id, "DTP")) {
		if (c->ndates < C837_MAX_DATES) {
			struct c837_date *dt = &c->dates[c->ndates];

			CPY(dt->qual, x12_seg_element(s, 1));
			dec_mark(&dt->pos, s, l, 3, 0);
			if (x12_parse_period(x12_seg_element(s, 2), x12_seg_element(s, 3), &dt->from, &dt->to))
				c->ndates++;
		}
	} else if (x12_str_eq(id, "REF")) {
		struct x12_str q = x12_seg_element(s, 1), v = x12_seg_element(s, 2);

		if (x12_str_eq(q, "F8"))
			CPY(c->original_ref, v);
		else if (x12_str_eq(q, "G1"))
			CPY(c->prior_auth, v);
		else if (x12_str_eq(q, "9F"))
			CPY(c->referral, v);
		else if (x12_str_eq(q, "EA"))
			CPY(c->medical_record, v);
		if (c->nrefs < C837_MAX_REFS) {
			CPY(c->refs[c->nrefs].qual, q);
			CPY(c->refs[c->nrefs].value, v);
			dec_mark(&c->refs[c->nrefs].pos, s, l, 2, 0);
			c->nrefs++;
		}
	} else if (x12_str_eq(id, "HI")) {
		on_hi(c, s, l);
	}
}

static enum x12_status
new_line(struct c837_decoder *d, const struct x12_segment *lx, const struct txs_loop *l)
{
	struct c837_claim *c = &d->claim;
	int64_t n = 0;
	void *slot;

	if (dec_table_add(&d->base, (void **)&c->lines, &c->nlines, &c->lines_cap, sizeof *c->lines, C837_MAX_LINES,
			  &slot) != X12_OK)
		return X12_ERROR;
	d->line = slot;
	if (!d->line) {
		c->dropped_lines++;
		return X12_OK;
	}
	(void)x12_parse_scaled(x12_seg_element(lx, 1), 0, &n);
	d->line->lx = (uint32_t)n;
	dec_mark(&d->line->lx_pos, lx, l, 0, 0);
	return X12_OK;
}

static void
on_enter(struct c837_decoder *d, const struct txs_loop *l)
{
	struct c837_claim *c = &d->claim;

	d->party = P_NONE;
	if (loop_is(l, "2000A")) {
		memset(&c->billing, 0, sizeof c->billing);
		memset(&c->pay_to, 0, sizeof c->pay_to);
	} else if (loop_is(l, "2000B")) {
		memset(&c->subscriber, 0, sizeof c->subscriber);
		memset(&c->payer, 0, sizeof c->payer);
		memset(&c->patient, 0, sizeof c->patient);
		c->payer_resp[0] = c->relationship[0] = c->group_number[0] = c->filing_indicator[0] = '\0';
	} else if (loop_is(l, "2000C")) {
		memset(&c->patient, 0, sizeof c->patient);
	} else if (loop_is(l, "2300")) {
		d->in_claim = true;
		c->errors = 0;
		d->base.errors = &c->errors;
		memset(&c->pos, 0, sizeof c->pos);
		c->id[0] = '\0';
		c->charge = 0;
		c->facility[0] = c->facility_qual[0] = c->frequency[0] = '\0';
		c->provider_sig[0] = c->assignment[0] = c->benefits[0] = c->release[0] = '\0';
		c->original_ref[0] = c->prior_auth[0] = c->referral[0] = c->medical_record[0] = '\0';
		memset(&c->rendering, 0, sizeof c->rendering);
		memset(&c->attending, 0, sizeof c->attending);
		memset(&c->referring, 0, sizeof c->referring);
		memset(&c->facility_party, 0, sizeof c->facility_party);
		c->ndx = c->ncodes = c->ndates = c->nrefs = 0;
		c->nlines = 0;
		c->dropped_lines = 0;
		d->line = NULL;
	}
}

enum x12_status
c837_decoder_event(struct c837_decoder *d, const struct x12_walk_event *ev, struct dec_result *out)
{
	struct c837_claim *c = &d->claim;
	const struct x12_segment *s;
	const struct txs_loop *l;

	out->ready = DEC_NONE;
	out->ndiags = 0;
	if (!ev)
		return X12_OK; /* one event completes one claim at most */
	d->base.ndiags = 0;
	s = ev->seg;
	l = ev->loop;
	switch (ev->type) {
	case X12_WALK_TXN_BEGIN:
		d->base.in_set = ev->ts && strcmp(ev->ts->st01, "837") == 0;
		d->in_claim = false;
		if (d->base.in_set) {
			c->kind = strcmp(ev->ts->id, "837I") == 0 ? 'I' : 'P';
			snprintf(c->guide, sizeof c->guide, "%s", ev->ts->guide);
		}
		return X12_OK;
	case X12_WALK_TXN_END:
		d->base.in_set = false;
		d->in_claim = false;
		d->base.errors = NULL;
		return X12_OK;
	case X12_WALK_LOOP_ENTER:
		if (d->base.in_set)
			on_enter(d, l);
		return X12_OK;
	case X12_WALK_LOOP_LEAVE:
		if (d->base.in_set && d->in_claim && loop_is(l, "2300")) {
			d->in_claim = false;
			memcpy(c->isa13, d->base.isa13, sizeof c->isa13);
			memcpy(c->gs06, d->base.gs06, sizeof c->gs06);
			memcpy(c->st02, d->base.st02, sizeof c->st02);
			unsigned first = d->base.ndiags;

			c837_check(&d->base, c);
			d->base.errors = NULL;
			out->ready = DEC_CLAIM;
			out->claim = c;
			dec_result_diags(&d->base, out, first);
		}
		return X12_OK;
	case X12_WALK_DIAG:
	case X12_WALK_SEGMENT:
		break;
	}
	if (!dec_common(&d->base, ev))
		return X12_OK;

	struct x12_str id = x12_seg_id(s);
	uint32_t id32 = dec_id32(s);

	/* the service lines first: most segments of an 837 are theirs */
	if (loop_is(l, "2400") || loop_is(l, "2410") || loop_starts(l, "2420")) {
		if (id32 == DEC_ID2('L', 'X') && loop_is(l, "2400"))
			return new_line(d, s, l);
		if (id32 == DEC_ID3('N', 'M', '1'))
			d->party = slot_for(l, x12_seg_element(s, 1));
		on_line_segment(d, s, id32, l);
		return X12_OK;
	}
	if (id32 == DEC_ID3('N', 'M', '1')) {
		d->party = slot_for(l, x12_seg_element(s, 1));
		if (party_of(d))
			party_nm1(party_of(d), s, l);
		return X12_OK;
	}
	if (loop_is(l, "2000A") && id32 == DEC_ID3('P', 'R', 'V')) {
		CPY(c->billing.taxonomy, x12_seg_element(s, 3));
		return X12_OK;
	}
	if (loop_is(l, "2000B") && id32 == DEC_ID3('S', 'B', 'R')) {
		CPY(c->payer_resp, x12_seg_element(s, 1));
		CPY(c->relationship, x12_seg_element(s, 2));
		CPY(c->group_number, x12_seg_element(s, 3));
		CPY(c->filing_indicator, x12_seg_element(s, 9));
		return X12_OK;
	}
	if (loop_is(l, "2000C") && id32 == DEC_ID3('P', 'A', 'T')) {
		CPY(c->relationship, x12_seg_element(s, 1));
		return X12_OK;
	}
	if (loop_starts(l, "2010") || (loop_starts(l, "2310") && party_of(d))) {
		on_party_segment(d, s, id);
		return X12_OK;
	}
	if (loop_is(l, "2300"))
		on_claim_segment(d, s, id, l);
	return X12_OK;
}

void
c837_check(struct dec_base *base, const struct c837_claim *c)
{
	int64_t total = c837_line_total(c);
	char a[32], b[32];

	/* TR3 837P/837I 2300 CLM02 note: the total of all line charges */
	if (c->dropped_lines == 0 && c->nlines && total != c->charge)
		dec_diag(base, X12_E_BAL_CLM, &c->pos, 2,
			 "claim %s: CLM02 %s differs from the sum of its %u line charges %s", c->id,
			 x12_money_str(a, sizeof a, c->charge), c->nlines, x12_money_str(b, sizeof b, total));
	/* TR3 2300 REF*F8: required when CLM05-3 is 7 (replacement) or 8 (void) */
	if ((strcmp(c->frequency, "7") == 0 || strcmp(c->frequency, "8") == 0) && !c->original_ref[0])
		dec_diag(base, X12_E_F8_REQUIRED, &c->pos, 5,
			 "claim %s: frequency code %s (%s) needs REF*F8 with the payer's original claim number",
			 c->id, c->frequency, c->frequency[0] == '7' ? "replacement" : "void");
	for (unsigned i = 0; i < c->nlines; i++) {
		const struct c837_line *ln = &c->lines[i];

		/* TR3 2410 CTP: required when LIN is present */
		if (ln->has_lin && !ln->has_ctp)
			dec_diag(base, X12_E_LIN_WITHOUT_CTP, &ln->lin_pos, 0,
				 "claim %s line %u: NDC %s has no CTP drug quantity", c->id, ln->lx, ln->ndc);
	}
}
