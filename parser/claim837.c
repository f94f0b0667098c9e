/*
 * claim837.c - walker events -> one 837 claim at a time (see claim837.h).
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
#include "claim837.h"
#include "x12_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

#define CHECK_DIAGS 64
#define PACK2(a, b) ((uint32_t)(a) | (uint32_t)(b) << 8)
#define PACK3(a, b, c) (PACK2(a, b) | (uint32_t)(c) << 16)

struct c837_decoder {
	struct c837_claim claim;
	bool lite;
	struct x12_error diags[CHECK_DIAGS]; /* c837_check() of the completed claim */
	unsigned ndiag, diag_next;
	bool in_837;
	bool in_claim;
	enum party_slot party;   /* the NM1 loop being read */
	struct c837_line *line;  /* the 2400 being read, NULL when dropped */
};

struct c837_decoder *
c837_decoder_new(void)
{
	/* the line table grows on the first claim, to the largest claim seen */
	return calloc(1, sizeof(struct c837_decoder));
}

void
c837_decoder_free(struct c837_decoder *d)
{
	if (!d)
		return;
	free(d->claim.lines);
	free(d);
}

void
c837_decoder_reset(struct c837_decoder *d)
{
	struct c837_line *lines = d->claim.lines;
	unsigned cap = d->claim.lines_cap;

	memset(&d->claim, 0, sizeof d->claim);
	d->claim.lines = lines;
	d->claim.lines_cap = cap;
	d->in_837 = d->in_claim = false;
	d->party = P_NONE;
	d->line = NULL;
}

bool
c837_decoder_diag(struct c837_decoder *d, struct x12_error *out)
{
	if (d->diag_next >= d->ndiag)
		return false;
	*out = d->diags[d->diag_next++];
	return true;
}

void
c837_decoder_set_lite(struct c837_decoder *d, bool lite)
{
	d->lite = lite;
}

int64_t
c837_line_total(const struct c837_claim *c)
{
	int64_t sum = 0;

	for (unsigned i = 0; i < c->nlines; i++)
		sum += c->lines[i].charge;
	return sum;
}

#define CPY(dst, v) x12_str_copy((dst), sizeof(dst), (v))

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
party_nm1(struct c837_party *p, const struct x12_segment *s)
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

static void
on_hi(struct c837_claim *c, const struct x12_segment *s)
{
	static const char *const dx_quals[] = { "ABK", "BK", "ABF", "BF", "ABJ", "BJ", "APR", "PR", "ABN", "BN", NULL };

	for (unsigned e = 1; e <= s->nelem && e <= 24; e++) {
		struct x12_str q = x12_seg_component(s, e, 1);
		struct c837_code code = { 0 };
		bool is_dx = false;

		if (q.len == 0)
			continue;
		CPY(code.qual, q);
		CPY(code.code, x12_seg_component(s, e, 2));
		(void)x12_parse_date8(x12_seg_component(s, e, 4), &code.date);
		(void)x12_parse_money(x12_seg_component(s, e, 5), &code.amount);
		for (const char *const *k = dx_quals; *k; k++)
			is_dx |= x12_str_eq(q, *k);
		if (is_dx && c->ndx < C837_MAX_DX)
			c->dx[c->ndx++] = code;
		else if (!is_dx && c->ncodes < C837_MAX_CODES)
			c->codes[c->ncodes++] = code;
	}
}

/* SV101 / SV202 procedure composite, split in one pass */
static void
procedure(struct c837_line *ln, const struct x12_segment *s, unsigned el)
{
	struct x12_str part[7] = { { 0 } };

	x12_str_split(x12_seg_repetition(s, el, 1), s->delims.component, part, 7);
	CPY(ln->qual, part[0]);
	CPY(ln->code, part[1]);
	ln->nmod = 0;
	for (unsigned m = 0; m < 4; m++) {
		CPY(ln->mod[m], part[2 + m]);
		if (ln->mod[m][0])
			ln->nmod = m + 1;
	}
	CPY(ln->desc, part[6]);
}

static void
seg_pos(struct c837_pos *p, const struct x12_segment *s)
{
	p->offset = s->offset;
	p->segment = s->ordinal;
	p->st_segment = s->st_segment;
}

static void
on_line_segment(struct c837_decoder *d, const struct x12_segment *s, struct x12_str id, const struct txs_loop *l)
{
	struct c837_line *ln = d->line;

	if (!ln)
		return;
	if (x12_str_eq(id, "SV1")) {
		seg_pos(&ln->pos, s);
		procedure(ln, s, 1);
		(void)x12_parse_money(x12_seg_element(s, 2), &ln->charge);
		CPY(ln->unit_basis, x12_seg_element(s, 3));
		(void)x12_parse_scaled(x12_seg_element(s, 4), 3, &ln->units);
		CPY(ln->place, x12_seg_element(s, 5));
		ln->ndx_ptr = 0;
		for (unsigned k = 1; k <= 4; k++) {
			struct x12_str v = x12_seg_component(s, 7, k);
			int64_t n;

			if (v.len && x12_parse_scaled(v, 0, &n) && n > 0 && n < 256)
				ln->dx_ptr[ln->ndx_ptr++] = (uint8_t)n;
		}
	} else if (x12_str_eq(id, "SV2")) {
		seg_pos(&ln->pos, s);
		CPY(ln->revenue, x12_seg_element(s, 1));
		procedure(ln, s, 2);
		(void)x12_parse_money(x12_seg_element(s, 3), &ln->charge);
		CPY(ln->unit_basis, x12_seg_element(s, 4));
		(void)x12_parse_scaled(x12_seg_element(s, 5), 3, &ln->units);
		(void)x12_parse_money(x12_seg_element(s, 7), &ln->noncovered);
	} else if (x12_str_eq(id, "DTP") && loop_is(l, "2400")) {
		if (x12_str_eq(x12_seg_element(s, 1), "472"))
			(void)x12_parse_period(x12_seg_element(s, 2), x12_seg_element(s, 3), &ln->date_from,
					       &ln->date_to);
	} else if (x12_str_eq(id, "REF")) {
		struct x12_str q = x12_seg_element(s, 1);

		if (x12_str_eq(q, "6R") && loop_is(l, "2400"))
			CPY(ln->control, x12_seg_element(s, 2));
		else if (x12_str_eq(q, "XZ"))
			CPY(ln->rx_number, x12_seg_element(s, 2));
	} else if (x12_str_eq(id, "LIN")) {
		ln->has_lin = true;
		seg_pos(&ln->lin_pos, s);
		CPY(ln->ndc_qual, x12_seg_element(s, 2));
		CPY(ln->ndc, x12_seg_element(s, 3));
	} else if (x12_str_eq(id, "CTP")) {
		ln->has_ctp = true;
		(void)x12_parse_scaled(x12_seg_element(s, 4), 3, &ln->ndc_qty);
		CPY(ln->ndc_unit, x12_seg_component(s, 5, 1));
	} else if (x12_str_eq(id, "NM1") && d->party == P_LINE_RENDERING) {
		CPY(ln->rendering_npi, x12_seg_element(s, 9));
	}
}

static void
on_claim_segment(struct c837_decoder *d, const struct x12_segment *s, struct x12_str id)
{
	struct c837_claim *c = &d->claim;

	if (x12_str_eq(id, "CLM")) {
		seg_pos(&c->pos, s);
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
			c->nrefs++;
		}
	} else if (x12_str_eq(id, "HI")) {
		on_hi(c, s);
	}
}

static void
new_line(struct c837_decoder *d, const struct x12_segment *lx)
{
	struct c837_claim *c = &d->claim;
	int64_t n = 0;

	d->line = x12_table_add((void **)&c->lines, &c->nlines, &c->lines_cap, sizeof *c->lines, C837_MAX_LINES);
	if (!d->line) {
		c->dropped_lines++;
		return;
	}
	(void)x12_parse_scaled(x12_seg_element(lx, 1), 0, &n);
	d->line->lx = (uint32_t)n;
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

const struct c837_claim *
c837_decoder_event(struct c837_decoder *d, const struct x12_walk_event *ev)
{
	struct c837_claim *c = &d->claim;
	const struct x12_segment *s = ev->seg;

	d->ndiag = d->diag_next = 0;

	switch (ev->type) {
	case X12_WALK_TXN_BEGIN:
		d->in_837 = ev->ts && strcmp(ev->ts->st01, "837") == 0;
		d->in_claim = false;
		if (d->in_837) {
			c->kind = strcmp(ev->ts->id, "837I") == 0 ? 'I' : 'P';
			snprintf(c->guide, sizeof c->guide, "%s", ev->ts->guide);
		}
		return NULL;
	case X12_WALK_TXN_END:
		d->in_837 = false;
		d->in_claim = false;
		return NULL;
	case X12_WALK_LOOP_ENTER:
		if (d->in_837)
			on_enter(d, ev->loop);
		return NULL;
	case X12_WALK_LOOP_LEAVE:
		if (d->in_837 && d->in_claim && loop_is(ev->loop, "2300")) {
			d->in_claim = false;
			d->ndiag = c837_check(c, d->diags, CHECK_DIAGS);
			d->diag_next = 0;
			for (unsigned i = 0; i < d->ndiag; i++)
				c->errors += x12_code_info(d->diags[i].code)->severity == X12_SEV_ERROR;
			return c;
		}
		return NULL;
	case X12_WALK_DIAG:
		if (d->in_claim && x12_code_info(ev->diag.code)->severity == X12_SEV_ERROR)
			c->errors++;
		return NULL;
	case X12_WALK_SEGMENT:
		break;
	}
	if (!s)
		return NULL;

	struct x12_str id = x12_seg_id(s);
	const struct txs_loop *l = ev->loop;

	if (!d->in_837) {
		if (x12_str_eq(id, "ISA"))
			CPY(c->isa13, x12_seg_element(s, 13));
		else if (x12_str_eq(id, "GS"))
			CPY(c->gs06, x12_seg_element(s, 6));
		return NULL;
	}
	if (x12_str_eq(id, "ST")) {
		CPY(c->st02, x12_seg_element(s, 2));
		return NULL;
	}
	if (!ev->def || !l)
		return NULL;
	if (d->lite) {
		/* ids as packed integers: this path runs for every segment of a validation */
		uint32_t id32 = id.len <= 3 ? (uint32_t)txs_pack(id.ptr, id.len) : 0;

		if (loop_is(l, "2300")) {
			if (id32 == PACK3('C', 'L', 'M')) {
				c->errors = 0;
				seg_pos(&c->pos, s);
				CPY(c->id, x12_seg_element(s, 1));
				(void)x12_parse_money(x12_seg_element(s, 2), &c->charge);
				CPY(c->frequency, x12_seg_component(s, 5, 3));
			} else if (id32 == PACK3('R', 'E', 'F') && x12_str_eq(x12_seg_element(s, 1), "F8")) {
				CPY(c->original_ref, x12_seg_element(s, 2));
			}
		} else if (loop_is(l, "2400")) {
			if (id32 == PACK2('L', 'X')) {
				new_line(d, s);
			} else if (d->line && (id32 == PACK3('S', 'V', '1') || id32 == PACK3('S', 'V', '2'))) {
				seg_pos(&d->line->pos, s);
				(void)x12_parse_money(x12_seg_element(s, id.ptr[2] == '1' ? 2 : 3), &d->line->charge);
			}
		} else if (loop_is(l, "2410") && d->line) {
			if (id32 == PACK3('L', 'I', 'N')) {
				d->line->has_lin = true;
				seg_pos(&d->line->lin_pos, s);
				CPY(d->line->ndc, x12_seg_element(s, 3));
			} else if (id32 == PACK3('C', 'T', 'P')) {
				d->line->has_ctp = true;
			}
		}
		return NULL;
	}
	if (x12_str_eq(id, "NM1")) {
		d->party = slot_for(l, x12_seg_element(s, 1));
		if (d->party == P_LINE_RENDERING) {
			on_line_segment(d, s, id, l);
			return NULL;
		}
		if (party_of(d))
			party_nm1(party_of(d), s);
		return NULL;
	}
	if (loop_is(l, "2000A") && x12_str_eq(id, "PRV")) {
		CPY(c->billing.taxonomy, x12_seg_element(s, 3));
		return NULL;
	}
	if (loop_is(l, "2000B") && x12_str_eq(id, "SBR")) {
		CPY(c->payer_resp, x12_seg_element(s, 1));
		CPY(c->relationship, x12_seg_element(s, 2));
		CPY(c->group_number, x12_seg_element(s, 3));
		CPY(c->filing_indicator, x12_seg_element(s, 9));
		return NULL;
	}
	if (loop_is(l, "2000C") && x12_str_eq(id, "PAT")) {
		CPY(c->relationship, x12_seg_element(s, 1));
		return NULL;
	}
	if (loop_starts(l, "2010") || (loop_starts(l, "2310") && party_of(d))) {
		on_party_segment(d, s, id);
		return NULL;
	}
	if (loop_is(l, "2300")) {
		if (x12_str_eq(id, "CLM"))
			c->errors = 0;
		on_claim_segment(d, s, id);
		return NULL;
	}
	if (loop_is(l, "2400") && x12_str_eq(id, "LX")) {
		new_line(d, s);
		return NULL;
	}
	if (loop_is(l, "2400") || loop_is(l, "2410") || loop_starts(l, "2420"))
		on_line_segment(d, s, id, l);
	return NULL;
}

static void
check_diag(struct x12_error *out, unsigned *n, unsigned max, enum x12_code code, const struct c837_pos *p,
	   const char *seg_id, const char *loop, unsigned element, const char *fmt, ...) X12_PRINTF(9, 10);

static void
check_diag(struct x12_error *out, unsigned *n, unsigned max, enum x12_code code, const struct c837_pos *p,
	   const char *seg_id, const char *loop, unsigned element, const char *fmt, ...)
{
	va_list ap;

	if (*n >= max)
		return;
	va_start(ap, fmt);
	x12_error_vset(&out[(*n)++], code, p->offset, p->segment, p->st_segment, seg_id, loop, element, fmt, ap);
	va_end(ap);
}

unsigned
c837_check(const struct c837_claim *c, struct x12_error *out, unsigned max)
{
	unsigned n = 0;
	int64_t total = c837_line_total(c);
	char a[32], b[32];

	/* TR3 837P/837I 2300 CLM02 note: the total of all line charges */
	if (c->dropped_lines == 0 && c->nlines && total != c->charge)
		check_diag(out, &n, max, X12_E_BAL_CLM, &c->pos, "CLM", "2300", 2,
			   "claim %s: CLM02 %s differs from the sum of its %u line charges %s", c->id,
			   x12_money_str(a, sizeof a, c->charge), c->nlines, x12_money_str(b, sizeof b, total));
	/* TR3 2300 REF*F8: required when CLM05-3 is 7 (replacement) or 8 (void) */
	if ((strcmp(c->frequency, "7") == 0 || strcmp(c->frequency, "8") == 0) && !c->original_ref[0])
		check_diag(out, &n, max, X12_E_F8_REQUIRED, &c->pos, "CLM", "2300", 5,
			   "claim %s: frequency code %s (%s) needs REF*F8 with the payer's original claim number",
			   c->id, c->frequency, c->frequency[0] == '7' ? "replacement" : "void");
	for (unsigned i = 0; i < c->nlines; i++) {
		const struct c837_line *ln = &c->lines[i];

		/* TR3 2410 CTP: required when LIN is present */
		if (ln->has_lin && !ln->has_ctp)
			check_diag(out, &n, max, X12_E_LIN_WITHOUT_CTP, &ln->lin_pos, "LIN", "2410", 0,
				   "claim %s line %u: NDC %s has no CTP drug quantity", c->id, ln->lx, ln->ndc);
	}
	return n;
}
