/*
 * remit835.c - walker events -> 835 claim payments and remittances, and
 * their balancing (SNIP 3, shared/research/remit.md section 2):
 *
 *   line         SVC02 - sum(line CAS)                    = SVC03     error
 *   claim        CLP03 - sum(claim CAS) - sum(line CAS)   = CLP04     error
 *   patient      CLP05 = sum(PR, claim and lines), not on reversals    warning
 *   transaction  BPR02 = sum(CLP04) - sum(PLB amounts)                 error
 *
 * Zero tolerance: amounts are integer cents.
 *
 *   header  BPR TRN REF DTM, 1000A N1*PR (REF*2U), 1000B N1*PE
 *   2100    CLP CAS NM1 (QC/IL, 82, TT crossover) MIA MOA REF DTM AMT QTY
 *   2110    SVC DTM CAS REF*6R AMT*B6 LQ
 *   trailer PLB
 */
#include "decode.h"

#include <stdio.h>
#include <string.h>

struct r835_decoder {
	struct dec_base base;
	struct r835_payment pay;
	struct r835_remittance rem;
	bool in_claim;
	bool begun;                  /* DEC_REMIT_BEGIN handed out for this set */
	bool end_pending;            /* DEC_REMIT_END is due on the next call with no event */
	struct r835_line *line;
};

struct r835_decoder *
r835_decoder_new(const struct x12_alloc *alloc)
{
	struct x12_alloc a;
	struct r835_decoder *d;

	/* the line table grows on the first payment, to the largest seen */
	x12_alloc_init(&a, alloc);
	d = x12_mem_calloc(&a, 1, sizeof *d);
	if (d)
		d->base.alloc = a;
	return d;
}

void
r835_decoder_free(struct r835_decoder *d)
{
	if (!d)
		return;
	x12_mem_free(&d->base.alloc, d->pay.lines);
	x12_mem_free(&d->base.alloc, d);
}

void
r835_decoder_reset(struct r835_decoder *d)
{
	struct r835_line *lines = d->pay.lines;
	unsigned cap = d->pay.lines_cap;
	struct x12_alloc a = d->base.alloc;

	memset(d, 0, sizeof *d);
	d->base.alloc = a;
	d->pay.lines = lines;
	d->pay.lines_cap = cap;
}

int64_t
r835_adj_total(const struct r835_adj *adj, unsigned n, const char *group)
{
	int64_t sum = 0;

	for (unsigned i = 0; i < n; i++)
		if (!group || strcmp(adj[i].group, group) == 0)
			sum += adj[i].amount;
	return sum;
}

#define CPY DEC_CPY

#define loop_is txs_loop_is

/* CAS01 group, then up to six reason/amount/quantity triplets. */
static void
on_cas(struct r835_adj *adj, unsigned *n, const struct x12_segment *s, const struct txs_loop *l)
{
	struct x12_str group = x12_seg_element(s, 1);

	for (unsigned t = 0; t < 6; t++) {
		struct x12_str reason = x12_seg_element(s, 2 + 3 * t);
		struct r835_adj *a;

		if (reason.len == 0)
			continue;
		if (*n == R835_MAX_ADJ)
			return;
		a = &adj[(*n)++];
		memset(a, 0, sizeof *a);
		CPY(a->group, group);
		CPY(a->reason, reason);
		dec_mark(&a->pos, s, l, 2 + 3 * t, 0);
		(void)x12_parse_money(x12_seg_element(s, 3 + 3 * t), &a->amount);
		(void)x12_parse_scaled(x12_seg_element(s, 4 + 3 * t), 3, &a->quantity);
	}
}

static void
add_ref(struct r835_ref *refs, unsigned *n, const struct x12_segment *s, const struct txs_loop *l)
{
	if (*n == R835_MAX_REFS)
		return;
	dec_mark(&refs[*n].pos, s, l, 2, 0);
	CPY(refs[*n].qual, x12_seg_element(s, 1));
	CPY(refs[*n].value, x12_seg_element(s, 2));
	(*n)++;
}

static void
add_remark(char (*list)[8], unsigned *n, struct x12_str v)
{
	if (v.len && *n < R835_MAX_REMARKS)
		x12_str_copy(list[(*n)++], 8, v);
}

static void
balance_claim(struct r835_decoder *d)
{
	struct r835_payment *p = &d->pay;
	int64_t claim_cas = r835_adj_total(p->adj, p->nadj, NULL), line_cas = 0, pr = r835_adj_total(p->adj, p->nadj, "PR");
	char a[32], b[32], c[32], e[32];

	for (unsigned i = 0; i < p->nlines; i++) {
		struct r835_line *ln = &p->lines[i];
		int64_t cas = r835_adj_total(ln->adj, ln->nadj, NULL);

		line_cas += cas;
		pr += r835_adj_total(ln->adj, ln->nadj, "PR");
		if (ln->charge - cas != ln->paid)
			dec_diag(&d->base, X12_E_BAL_LINE, &ln->pos, 3,
				 "service line does not balance: SVC02 %s - adjustments %s = %s, but SVC03 is %s",
				 x12_money_str(a, sizeof a, ln->charge), x12_money_str(b, sizeof b, cas),
				 x12_money_str(c, sizeof c, ln->charge - cas), x12_money_str(e, sizeof e, ln->paid));
	}
	if (p->charge - claim_cas - line_cas != p->paid)
		dec_diag(&d->base, X12_E_BAL_CLAIM, &p->pos, 4,
			 "claim %s does not balance: CLP03 %s - adjustments %s = %s, but CLP04 is %s", p->claim_id,
			 x12_money_str(a, sizeof a, p->charge), x12_money_str(b, sizeof b, claim_cas + line_cas),
			 x12_money_str(c, sizeof c, p->charge - claim_cas - line_cas),
			 x12_money_str(e, sizeof e, p->paid));
	if (p->has_patient_resp && strcmp(p->status, "22") != 0 && pr != p->patient_resp)
		dec_diag(&d->base, X12_E_BAL_PATIENT, &p->pos, 5,
			 "claim %s: CLP05 patient responsibility %s differs from the PR adjustments %s", p->claim_id,
			 x12_money_str(a, sizeof a, p->patient_resp), x12_money_str(b, sizeof b, pr));
}

static void
balance_remittance(struct r835_decoder *d)
{
	struct r835_remittance *r = &d->rem;
	char a[32], b[32], c[32], e[32];

	if (r->claims_paid - r->plb_total != r->total_paid)
		dec_diag(&d->base, X12_E_BAL_TRANSACTION, &r->pos, 2,
			 "payment does not balance: claims paid %s - provider adjustments %s = %s, but BPR02 is %s",
			 x12_money_str(a, sizeof a, r->claims_paid), x12_money_str(b, sizeof b, r->plb_total),
			 x12_money_str(c, sizeof c, r->claims_paid - r->plb_total), x12_money_str(e, sizeof e, r->total_paid));
}

static enum x12_status
new_line(struct r835_decoder *d)
{
	struct r835_payment *p = &d->pay;
	void *slot;

	if (dec_table_add(&d->base, (void **)&p->lines, &p->nlines, &p->lines_cap, sizeof *p->lines, R835_MAX_LINES,
			  &slot) != X12_OK)
		return X12_ERROR;
	d->line = slot;
	if (!d->line)
		p->dropped_lines++;
	return X12_OK;
}

static void
on_svc(struct r835_line *ln, const struct x12_segment *s, const struct txs_loop *l)
{
	dec_mark(&ln->pos, s, l, 0, 0);
	dec_procedure(x12_seg_element(s, 1), s->delims.component, ln->qual, ln->code, ln->mod, &ln->nmod, NULL, 0);
	(void)x12_parse_money(x12_seg_element(s, 2), &ln->charge);
	(void)x12_parse_money(x12_seg_element(s, 3), &ln->paid);
	CPY(ln->revenue, x12_seg_element(s, 4));
	ln->units = 1000;
	ln->units_given = x12_parse_scaled(x12_seg_element(s, 5), 3, &ln->units);
	dec_procedure(x12_seg_element(s, 6), s->delims.component, ln->orig_qual, ln->orig_code, ln->orig_mod,
		      &ln->norig_mod, NULL, 0);
	(void)x12_parse_scaled(x12_seg_element(s, 7), 3, &ln->orig_units);
}

static void
on_line_segment(struct r835_decoder *d, const struct x12_segment *s, struct x12_str id, const struct txs_loop *l)
{
	struct r835_line *ln = d->line;

	if (!ln)
		return;
	if (x12_str_eq(id, "DTM")) {
		struct x12_str q = x12_seg_element(s, 1);
		int32_t date = 0;

		if (!x12_parse_date8(x12_seg_element(s, 2), &date))
			return;
		if (x12_str_eq(q, "472") || x12_str_eq(q, "150"))
			ln->date_from = date;
		if (x12_str_eq(q, "472") || x12_str_eq(q, "151"))
			ln->date_to = date;
	} else if (x12_str_eq(id, "CAS")) {
		on_cas(ln->adj, &ln->nadj, s, l);
	} else if (x12_str_eq(id, "REF") && x12_str_eq(x12_seg_element(s, 1), "6R")) {
		CPY(ln->control, x12_seg_element(s, 2));
	} else if (x12_str_eq(id, "REF")) {
		add_ref(ln->refs, &ln->nrefs, s, l);
	} else if (x12_str_eq(id, "AMT") && x12_str_eq(x12_seg_element(s, 1), "B6")) {
		ln->has_allowed = x12_parse_money(x12_seg_element(s, 2), &ln->allowed);
	} else if (x12_str_eq(id, "LQ")) {
		add_remark(ln->remarks, &ln->nremarks, x12_seg_element(s, 2));
	}
}

static void
on_claim_segment(struct r835_decoder *d, const struct x12_segment *s, struct x12_str id, const struct txs_loop *l)
{
	struct r835_payment *p = &d->pay;

	if (x12_str_eq(id, "CLP")) {
		dec_mark(&p->pos, s, l, 0, 0);
		CPY(p->claim_id, x12_seg_element(s, 1));
		CPY(p->status, x12_seg_element(s, 2));
		(void)x12_parse_money(x12_seg_element(s, 3), &p->charge);
		(void)x12_parse_money(x12_seg_element(s, 4), &p->paid);
		p->has_patient_resp = x12_parse_money(x12_seg_element(s, 5), &p->patient_resp);
		CPY(p->filing_indicator, x12_seg_element(s, 6));
		CPY(p->payer_claim_id, x12_seg_element(s, 7));
		CPY(p->facility, x12_seg_element(s, 8));
		CPY(p->frequency, x12_seg_element(s, 9));
	} else if (x12_str_eq(id, "CAS")) {
		on_cas(p->adj, &p->nadj, s, l);
	} else if (x12_str_eq(id, "NM1")) {
		struct x12_str e = x12_seg_element(s, 1);

		if (x12_str_eq(e, "QC") || (x12_str_eq(e, "IL") && !p->member_id[0]))
			CPY(p->member_id, x12_seg_element(s, 9));
		else if (x12_str_eq(e, "82"))
			CPY(p->rendering_npi, x12_seg_element(s, 9));
		else if (x12_str_eq(e, "TT")) {
			CPY(p->crossover_name, x12_seg_element(s, 3));
			CPY(p->crossover_id, x12_seg_element(s, 9));
		}
	} else if (x12_str_eq(id, "MOA") || x12_str_eq(id, "MIA")) {
		/* remark codes: MOA03-07, MIA05 and MIA20-23 */
		bool moa = x12_str_eq(id, "MOA");

		for (unsigned e = moa ? 3 : 5; e <= (moa ? 7u : 23u); e++) {
			if (!moa && e > 5 && e < 20)
				continue;
			add_remark(p->remarks, &p->nremarks, x12_seg_element(s, e));
		}
	} else if (x12_str_eq(id, "DTM")) {
		struct x12_str q = x12_seg_element(s, 1), v = x12_seg_element(s, 2);

		if (x12_str_eq(q, "232"))
			(void)x12_parse_date8(v, &p->stmt_from);
		else if (x12_str_eq(q, "233"))
			(void)x12_parse_date8(v, &p->stmt_to);
		else if (x12_str_eq(q, "050"))
			(void)x12_parse_date8(v, &p->received);
	} else if (x12_str_eq(id, "AMT") && x12_str_eq(x12_seg_element(s, 1), "I")) {
		(void)x12_parse_money(x12_seg_element(s, 2), &p->interest);
	} else if (x12_str_eq(id, "REF")) {
		add_ref(p->refs, &p->nrefs, s, l);
	} else if (x12_str_eq(id, "QTY") && p->nquantities < R835_MAX_REFS) {
		struct r835_qty *q = &p->quantities[p->nquantities];

		CPY(q->qual, x12_seg_element(s, 1));
		if (x12_parse_scaled(x12_seg_element(s, 2), 3, &q->quantity))
			p->nquantities++;
	}
}

static void
on_header_segment(struct r835_decoder *d, const struct x12_segment *s, struct x12_str id, const struct txs_loop *l)
{
	struct r835_remittance *r = &d->rem;

	if (x12_str_eq(id, "BPR")) {
		dec_mark(&r->pos, s, l, 0, 0);
		CPY(r->handling, x12_seg_element(s, 1));
		(void)x12_parse_money(x12_seg_element(s, 2), &r->total_paid);
		CPY(r->credit_debit, x12_seg_element(s, 3));
		CPY(r->method, x12_seg_element(s, 4));
		(void)x12_parse_date8(x12_seg_element(s, 16), &r->payment_date);
	} else if (x12_str_eq(id, "TRN")) {
		CPY(r->trn, x12_seg_element(s, 2));
	} else if (x12_str_eq(id, "N1")) {
		struct x12_str e = x12_seg_element(s, 1);

		if (x12_str_eq(e, "PR")) {
			CPY(r->payer_name, x12_seg_element(s, 2));
			CPY(r->payer_id, x12_seg_element(s, 4));
		} else if (x12_str_eq(e, "PE")) {
			CPY(r->payee_name, x12_seg_element(s, 2));
			CPY(r->payee_id, x12_seg_element(s, 4));
		}
	} else if (x12_str_eq(id, "REF") && loop_is(l, "1000A") && x12_str_eq(x12_seg_element(s, 1), "2U")) {
		CPY(r->payer_id, x12_seg_element(s, 2));
	} else if (x12_str_eq(id, "PLB")) {
		if (r->nplb == 0)
			dec_mark(&r->plb_pos, s, l, 0, 0);
		for (unsigned e = 3; e + 1 <= 14; e += 2) {
			struct x12_str reason = x12_seg_component(s, e, 1);
			int64_t amount = 0;

			if (reason.len == 0)
				continue;
			(void)x12_parse_money(x12_seg_element(s, e + 1), &amount);
			r->plb_total += amount;
			if (r->nplb < R835_MAX_PLB) {
				struct r835_plb *b = &r->plb[r->nplb++];

				CPY(b->provider, x12_seg_element(s, 1));
				(void)x12_parse_date8(x12_seg_element(s, 2), &b->period_end);
				CPY(b->reason, reason);
				CPY(b->ref, x12_seg_component(s, e, 2));
				b->amount = amount;
				dec_mark(&b->pos, s, l, e, 1);
			}
		}
	}
}

static void
start_payment(struct r835_decoder *d)
{
	struct r835_payment *p = &d->pay;
	struct r835_remittance *r = &d->rem;
	struct r835_line *lines = p->lines;
	unsigned cap = p->lines_cap;

	memset(p, 0, sizeof *p);
	p->lines = lines;
	p->lines_cap = cap;
	memcpy(p->isa13, d->base.isa13, sizeof p->isa13);
	memcpy(p->gs06, d->base.gs06, sizeof p->gs06);
	memcpy(p->st02, d->base.st02, sizeof p->st02);
	memcpy(p->trn, r->trn, sizeof p->trn);
	memcpy(p->payer_name, r->payer_name, sizeof p->payer_name);
	memcpy(p->payer_id, r->payer_id, sizeof p->payer_id);
	memcpy(p->payee_name, r->payee_name, sizeof p->payee_name);
	memcpy(p->payee_id, r->payee_id, sizeof p->payee_id);
	p->payment_date = r->payment_date;
	d->line = NULL;
	d->in_claim = true;
	d->base.errors = &p->errors;
}

/* The header is complete when the first 2000/2100 loop opens, or at SE without one. */
static bool
begin(struct r835_decoder *d, struct dec_result *out)
{
	struct r835_remittance *r = &d->rem;

	if (d->begun)
		return false;
	d->begun = true;
	memcpy(r->isa13, d->base.isa13, sizeof r->isa13);
	memcpy(r->gs06, d->base.gs06, sizeof r->gs06);
	memcpy(r->st02, d->base.st02, sizeof r->st02);
	out->ready = DEC_REMIT_BEGIN;
	out->remit = r;
	return true;
}

static void
end(struct r835_decoder *d, struct dec_result *out)
{
	unsigned first = d->base.ndiags;

	balance_remittance(d);
	out->ready = DEC_REMIT_END;
	out->remit = &d->rem;
	dec_result_diags(&d->base, out, first);
}

enum x12_status
r835_decoder_event(struct r835_decoder *d, const struct x12_walk_event *ev, struct dec_result *out)
{
	const struct x12_segment *s;
	struct r835_remittance *r = &d->rem;

	out->ready = DEC_NONE;
	out->ndiags = 0;
	if (!ev) {
		if (!d->end_pending)
			return X12_OK;
		d->end_pending = false;
		end(d, out);
		return X12_OK;
	}
	d->base.ndiags = 0;
	s = ev->seg;
	switch (ev->type) {
	case X12_WALK_TXN_BEGIN:
		d->base.in_set = ev->ts && strcmp(ev->ts->st01, "835") == 0;
		d->in_claim = false;
		d->begun = false;
		if (d->base.in_set)
			memset(r, 0, sizeof *r);
		return X12_OK;
	case X12_WALK_TXN_END:
		if (!d->base.in_set)
			return X12_OK;
		/* a set without claims: its header first, the end on the next call */
		d->base.in_set = false;
		d->in_claim = false;
		d->base.errors = NULL;
		if (begin(d, out))
			d->end_pending = true;
		else
			end(d, out);
		return X12_OK;
	case X12_WALK_LOOP_ENTER:
		if (d->base.in_set && (loop_is(ev->loop, "2000") || loop_is(ev->loop, "2100")) && begin(d, out))
			return X12_OK;
		if (d->base.in_set && loop_is(ev->loop, "2100"))
			start_payment(d);
		return X12_OK;
	case X12_WALK_LOOP_LEAVE:
		if (d->base.in_set && d->in_claim && loop_is(ev->loop, "2100")) {
			d->in_claim = false;
			r->claims_paid += d->pay.paid;
			unsigned first = d->base.ndiags;

			r->nclaims++;
			balance_claim(d);
			d->base.errors = NULL;
			out->ready = DEC_PAYMENT;
			out->payment = &d->pay;
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

	if (loop_is(ev->loop, "2110")) {
		if (x12_str_eq(id, "SVC")) {
			if (new_line(d) != X12_OK)
				return X12_ERROR;
			if (d->line)
				on_svc(d->line, s, ev->loop);
		} else {
			on_line_segment(d, s, id, ev->loop);
		}
	} else if (loop_is(ev->loop, "2100")) {
		on_claim_segment(d, s, id, ev->loop);
	} else {
		on_header_segment(d, s, id, ev->loop);
	}
	return X12_OK;
}
