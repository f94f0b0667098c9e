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
 *   2100    CLP CAS NM1 MIA MOA REF DTM AMT QTY
 *   2110    SVC DTM CAS REF*6R AMT*B6 LQ
 *   trailer PLB
 */
#include "remit835.h"
#include "x12_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIAGS 16

struct r835_decoder {
	struct r835_payment pay;
	struct r835_remittance rem;
	bool in_835, in_claim;
	struct r835_line *line;
	const struct txs_loop *party_loop;  /* 1000A / 1000B being read */
	struct x12_error diags[DIAGS];
	unsigned ndiag, diag_next;
};

struct r835_decoder *
r835_decoder_new(void)
{
	/* the line table grows on the first payment, to the largest seen */
	return calloc(1, sizeof(struct r835_decoder));
}

void
r835_decoder_free(struct r835_decoder *d)
{
	if (!d)
		return;
	free(d->pay.lines);
	free(d);
}

void
r835_decoder_reset(struct r835_decoder *d)
{
	struct r835_line *lines = d->pay.lines;
	unsigned cap = d->pay.lines_cap;

	memset(&d->pay, 0, sizeof d->pay);
	memset(&d->rem, 0, sizeof d->rem);
	d->pay.lines = lines;
	d->pay.lines_cap = cap;
	d->in_835 = d->in_claim = false;
	d->line = NULL;
	d->ndiag = d->diag_next = 0;
}

const struct r835_payment *
r835_decoder_payment(const struct r835_decoder *d)
{
	return &d->pay;
}

const struct r835_remittance *
r835_decoder_remittance(const struct r835_decoder *d)
{
	return &d->rem;
}

bool
r835_decoder_diag(struct r835_decoder *d, struct x12_error *out)
{
	if (d->diag_next >= d->ndiag)
		return false;
	*out = d->diags[d->diag_next++];
	return true;
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

#define CPY(dst, v) x12_str_copy((dst), sizeof(dst), (v))

#define loop_is txs_loop_is

static void
pos_of(struct r835_pos *p, const struct x12_segment *s)
{
	p->offset = s->offset;
	p->segment = s->ordinal;
	p->st_segment = s->st_segment;
}

static void
add_diag(struct r835_decoder *d, enum x12_code code, const struct r835_pos *p, const char *seg_id,
	 const char *loop, unsigned element, const char *fmt, ...) X12_PRINTF(7, 8);

static void
add_diag(struct r835_decoder *d, enum x12_code code, const struct r835_pos *p, const char *seg_id,
	 const char *loop, unsigned element, const char *fmt, ...)
{
	va_list ap;

	if (d->ndiag == DIAGS)
		return;
	if (x12_code_info(code)->severity == X12_SEV_ERROR)
		d->pay.errors++; /* remittance-level diagnostics come after the last payment */
	va_start(ap, fmt);
	x12_error_vset(&d->diags[d->ndiag++], code, p->offset, p->segment, p->st_segment, seg_id, loop, element, fmt,
		       ap);
	va_end(ap);
}

/* CAS01 group, then up to six reason/amount/quantity triplets. */
static void
on_cas(struct r835_adj *adj, unsigned *n, const struct x12_segment *s)
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
		(void)x12_parse_money(x12_seg_element(s, 3 + 3 * t), &a->amount);
		(void)x12_parse_scaled(x12_seg_element(s, 4 + 3 * t), 3, &a->quantity);
	}
}

static void
add_ref(struct r835_ref *refs, unsigned *n, const struct x12_segment *s)
{
	if (*n == R835_MAX_REFS)
		return;
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
			add_diag(d, X12_E_BAL_LINE, &ln->pos, "SVC", "2110", 3,
				 "service line does not balance: SVC02 %s - adjustments %s = %s, but SVC03 is %s",
				 x12_money_str(a, sizeof a, ln->charge), x12_money_str(b, sizeof b, cas),
				 x12_money_str(c, sizeof c, ln->charge - cas), x12_money_str(e, sizeof e, ln->paid));
	}
	if (p->charge - claim_cas - line_cas != p->paid)
		add_diag(d, X12_E_BAL_CLAIM, &p->pos, "CLP", "2100", 4,
			 "claim %s does not balance: CLP03 %s - adjustments %s = %s, but CLP04 is %s", p->claim_id,
			 x12_money_str(a, sizeof a, p->charge), x12_money_str(b, sizeof b, claim_cas + line_cas),
			 x12_money_str(c, sizeof c, p->charge - claim_cas - line_cas),
			 x12_money_str(e, sizeof e, p->paid));
	if (p->has_patient_resp && strcmp(p->status, "22") != 0 && pr != p->patient_resp)
		add_diag(d, X12_E_BAL_PATIENT, &p->pos, "CLP", "2100", 5,
			 "claim %s: CLP05 patient responsibility %s differs from the PR adjustments %s", p->claim_id,
			 x12_money_str(a, sizeof a, p->patient_resp), x12_money_str(b, sizeof b, pr));
}

static void
balance_remittance(struct r835_decoder *d)
{
	struct r835_remittance *r = &d->rem;
	char a[32], b[32], c[32], e[32];

	if (r->claims_paid - r->plb_total != r->total_paid)
		add_diag(d, X12_E_BAL_TRANSACTION, &r->pos, "BPR", "", 2,
			 "payment does not balance: claims paid %s - provider adjustments %s = %s, but BPR02 is %s",
			 x12_money_str(a, sizeof a, r->claims_paid), x12_money_str(b, sizeof b, r->plb_total),
			 x12_money_str(c, sizeof c, r->claims_paid - r->plb_total), x12_money_str(e, sizeof e, r->total_paid));
}

static void
new_line(struct r835_decoder *d)
{
	struct r835_payment *p = &d->pay;

	d->line = x12_table_add((void **)&p->lines, &p->nlines, &p->lines_cap, sizeof *p->lines, R835_MAX_LINES);
	if (!d->line)
		p->dropped_lines++;
}

static void
on_svc(struct r835_line *ln, const struct x12_segment *s)
{
	pos_of(&ln->pos, s);
	CPY(ln->qual, x12_seg_component(s, 1, 1));
	CPY(ln->code, x12_seg_component(s, 1, 2));
	for (unsigned m = 0; m < 4; m++) {
		CPY(ln->mod[m], x12_seg_component(s, 1, 3 + m));
		if (ln->mod[m][0])
			ln->nmod = m + 1;
	}
	(void)x12_parse_money(x12_seg_element(s, 2), &ln->charge);
	(void)x12_parse_money(x12_seg_element(s, 3), &ln->paid);
	CPY(ln->revenue, x12_seg_element(s, 4));
	ln->units = 1000;
	ln->units_given = x12_parse_scaled(x12_seg_element(s, 5), 3, &ln->units);
	CPY(ln->orig_qual, x12_seg_component(s, 6, 1));
	CPY(ln->orig_code, x12_seg_component(s, 6, 2));
	(void)x12_parse_scaled(x12_seg_element(s, 7), 3, &ln->orig_units);
}

static void
on_line_segment(struct r835_decoder *d, const struct x12_segment *s, struct x12_str id)
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
		on_cas(ln->adj, &ln->nadj, s);
	} else if (x12_str_eq(id, "REF") && x12_str_eq(x12_seg_element(s, 1), "6R")) {
		CPY(ln->control, x12_seg_element(s, 2));
	} else if (x12_str_eq(id, "REF")) {
		add_ref(ln->refs, &ln->nrefs, s);
	} else if (x12_str_eq(id, "AMT") && x12_str_eq(x12_seg_element(s, 1), "B6")) {
		ln->has_allowed = x12_parse_money(x12_seg_element(s, 2), &ln->allowed);
	} else if (x12_str_eq(id, "LQ")) {
		add_remark(ln->remarks, &ln->nremarks, x12_seg_element(s, 2));
	}
}

static void
on_claim_segment(struct r835_decoder *d, const struct x12_segment *s, struct x12_str id)
{
	struct r835_payment *p = &d->pay;

	if (x12_str_eq(id, "CLP")) {
		pos_of(&p->pos, s);
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
		on_cas(p->adj, &p->nadj, s);
	} else if (x12_str_eq(id, "NM1")) {
		struct x12_str e = x12_seg_element(s, 1);

		if (x12_str_eq(e, "QC") || (x12_str_eq(e, "IL") && !p->member_id[0]))
			CPY(p->member_id, x12_seg_element(s, 9));
		else if (x12_str_eq(e, "82"))
			CPY(p->rendering_npi, x12_seg_element(s, 9));
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
		add_ref(p->refs, &p->nrefs, s);
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
		pos_of(&r->pos, s);
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
			pos_of(&r->plb_pos, s);
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
	memcpy(p->isa13, r->isa13, sizeof p->isa13);
	memcpy(p->gs06, r->gs06, sizeof p->gs06);
	memcpy(p->st02, r->st02, sizeof p->st02);
	memcpy(p->trn, r->trn, sizeof p->trn);
	memcpy(p->payer_name, r->payer_name, sizeof p->payer_name);
	memcpy(p->payer_id, r->payer_id, sizeof p->payer_id);
	memcpy(p->payee_name, r->payee_name, sizeof p->payee_name);
	memcpy(p->payee_id, r->payee_id, sizeof p->payee_id);
	p->payment_date = r->payment_date;
	d->line = NULL;
	d->in_claim = true;
}

enum r835_ready
r835_decoder_event(struct r835_decoder *d, const struct x12_walk_event *ev)
{
	const struct x12_segment *s = ev->seg;
	struct r835_remittance *r = &d->rem;

	if (d->diag_next >= d->ndiag)
		d->ndiag = d->diag_next = 0;
	switch (ev->type) {
	case X12_WALK_TXN_BEGIN:
		d->in_835 = ev->ts && strcmp(ev->ts->st01, "835") == 0;
		d->in_claim = false;
		if (d->in_835) {
			char isa13[10], gs06[10];

			memcpy(isa13, r->isa13, sizeof isa13);
			memcpy(gs06, r->gs06, sizeof gs06);
			memset(r, 0, sizeof *r);
			memcpy(r->isa13, isa13, sizeof isa13);
			memcpy(r->gs06, gs06, sizeof gs06);
		}
		return R835_NONE;
	case X12_WALK_TXN_END:
		if (!d->in_835)
			return R835_NONE;
		d->in_835 = false;
		d->in_claim = false;
		d->ndiag = d->diag_next = 0;
		balance_remittance(d);
		return R835_REMITTANCE;
	case X12_WALK_LOOP_ENTER:
		if (d->in_835 && loop_is(ev->loop, "2100"))
			start_payment(d);
		return R835_NONE;
	case X12_WALK_LOOP_LEAVE:
		if (d->in_835 && d->in_claim && loop_is(ev->loop, "2100")) {
			d->in_claim = false;
			r->claims_paid += d->pay.paid;
			r->nclaims++;
			d->ndiag = d->diag_next = 0;
			balance_claim(d);
			return R835_PAYMENT;
		}
		return R835_NONE;
	case X12_WALK_DIAG:
		if (d->in_claim && x12_code_info(ev->diag.code)->severity == X12_SEV_ERROR)
			d->pay.errors++;
		return R835_NONE;
	case X12_WALK_SEGMENT:
		break;
	}
	if (!s)
		return R835_NONE;

	struct x12_str id = x12_seg_id(s);

	if (!d->in_835) {
		if (x12_str_eq(id, "ISA"))
			CPY(r->isa13, x12_seg_element(s, 13));
		else if (x12_str_eq(id, "GS"))
			CPY(r->gs06, x12_seg_element(s, 6));
		return R835_NONE;
	}
	if (x12_str_eq(id, "ST")) {
		CPY(r->st02, x12_seg_element(s, 2));
		return R835_NONE;
	}
	if (!ev->def)
		return R835_NONE;
	if (loop_is(ev->loop, "2110")) {
		if (x12_str_eq(id, "SVC")) {
			new_line(d);
			if (d->line)
				on_svc(d->line, s);
		} else {
			on_line_segment(d, s, id);
		}
	} else if (loop_is(ev->loop, "2100")) {
		on_claim_segment(d, s, id);
	} else {
		on_header_segment(d, s, id, ev->loop);
	}
	return R835_NONE;
}
