/*
 * recdump.c - see recdump.h.
 */
#include "recdump.h"

#include <stdlib.h>
#include <string.h>

static void
pos(FILE *f, const char *name, const struct x12_pos *p)
{
	fprintf(f, " %s=%llu/%llu/%u/%s/%u.%u.%u/%s", name, (unsigned long long)p->offset,
		(unsigned long long)p->segment, (unsigned)p->st_segment, p->seg_id, (unsigned)p->element,
		(unsigned)p->component, (unsigned)p->repetition, p->loop_id);
}

#define S(name, v) fprintf(f, " " name "=%s", (v))
#define I(name, v) fprintf(f, " " name "=%lld", (long long)(v))

static void
party(FILE *f, const char *name, const struct c837_party *p)
{
	fprintf(f, " %s{", name);
	S("e", p->entity);
	S("last", p->last);
	S("first", p->first);
	S("q", p->id_qual);
	S("id", p->id);
	S("tin", p->tin);
	S("tax", p->taxonomy);
	S("st", p->state);
	S("zip", p->zip);
	I("dob", p->birth_date);
	S("g", p->gender);
	pos(f, "at", &p->pos);
	fputs(" }", f);
}

static void
codes(FILE *f, const char *name, const struct c837_code *c, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		fprintf(f, " %s[%u]=%s:%s:%d:%lld", name, i, c[i].qual, c[i].code, (int)c[i].date,
			(long long)c[i].amount);
		pos(f, "at", &c[i].pos);
	}
}

static void
claim(FILE *f, const struct c837_claim *c)
{
	fputs("CLAIM", f);
	S("guide", c->guide);
	fprintf(f, " kind=%c", c->kind ? c->kind : '-');
	S("isa13", c->isa13);
	S("gs06", c->gs06);
	S("st02", c->st02);
	pos(f, "at", &c->pos);
	I("errors", c->errors);
	S("id", c->id);
	I("charge", c->charge);
	S("fac", c->facility);
	S("facq", c->facility_qual);
	S("freq", c->frequency);
	S("sig", c->provider_sig);
	S("asg", c->assignment);
	S("ben", c->benefits);
	S("rel", c->release);
	S("f8", c->original_ref);
	S("g1", c->prior_auth);
	S("9f", c->referral);
	S("ea", c->medical_record);
	party(f, "billing", &c->billing);
	party(f, "payto", &c->pay_to);
	party(f, "sub", &c->subscriber);
	party(f, "payer", &c->payer);
	party(f, "pat", &c->patient);
	party(f, "rend", &c->rendering);
	party(f, "att", &c->attending);
	party(f, "ref", &c->referring);
	party(f, "facp", &c->facility_party);
	S("resp", c->payer_resp);
	S("relat", c->relationship);
	S("grp", c->group_number);
	S("filing", c->filing_indicator);
	codes(f, "dx", c->dx, c->ndx);
	codes(f, "code", c->codes, c->ncodes);
	for (unsigned i = 0; i < c->ndates; i++) {
		fprintf(f, " date[%u]=%s:%d-%d", i, c->dates[i].qual, (int)c->dates[i].from, (int)c->dates[i].to);
		pos(f, "at", &c->dates[i].pos);
	}
	for (unsigned i = 0; i < c->nrefs; i++) {
		fprintf(f, " ref[%u]=%s:%s", i, c->refs[i].qual, c->refs[i].value);
		pos(f, "at", &c->refs[i].pos);
	}
	I("dropped", c->dropped_lines);
	for (unsigned i = 0; i < c->nlines; i++) {
		const struct c837_line *l = &c->lines[i];

		fprintf(f, "\n  LINE %u", i);
		I("lx", l->lx);
		pos(f, "lxat", &l->lx_pos);
		pos(f, "at", &l->pos);
		S("rev", l->revenue);
		S("q", l->qual);
		S("code", l->code);
		for (unsigned m = 0; m < l->nmod; m++)
			fprintf(f, " mod%u=%s", m, l->mod[m]);
		S("desc", l->desc);
		I("charge", l->charge);
		S("basis", l->unit_basis);
		I("units", l->units);
		S("pos", l->place);
		for (unsigned k = 0; k < l->ndx_ptr; k++)
			fprintf(f, " ptr%u=%u", k, (unsigned)l->dx_ptr[k]);
		I("noncov", l->noncovered);
		fprintf(f, " dates=%d-%d", (int)l->date_from, (int)l->date_to);
		pos(f, "dat", &l->date_pos);
		S("ctl", l->control);
		pos(f, "ctlat", &l->control_pos);
		S("ndcq", l->ndc_qual);
		S("ndc", l->ndc);
		I("qty", l->ndc_qty);
		S("unit", l->ndc_unit);
		S("rx", l->rx_number);
		S("npi", l->rendering_npi);
		fprintf(f, " lin=%d ctp=%d", l->has_lin, l->has_ctp);
		pos(f, "linat", &l->lin_pos);
		pos(f, "ctpat", &l->ctp_pos);
	}
}

static void
adjs(FILE *f, const struct r835_adj *a, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		fprintf(f, " cas[%u]=%s-%s:%lld:%lld", i, a[i].group, a[i].reason, (long long)a[i].amount,
			(long long)a[i].quantity);
		pos(f, "at", &a[i].pos);
	}
}

static void
refs835(FILE *f, const struct r835_ref *r, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		fprintf(f, " ref[%u]=%s:%s", i, r[i].qual, r[i].value);
		pos(f, "at", &r[i].pos);
	}
}

static void
payment(FILE *f, const struct r835_payment *p)
{
	fputs("PAYMENT", f);
	S("isa13", p->isa13);
	S("gs06", p->gs06);
	S("st02", p->st02);
	S("trn", p->trn);
	S("payer", p->payer_name);
	S("payerid", p->payer_id);
	S("payee", p->payee_name);
	S("payeeid", p->payee_id);
	I("paydate", p->payment_date);
	pos(f, "at", &p->pos);
	S("clp01", p->claim_id);
	S("status", p->status);
	I("charge", p->charge);
	I("paid", p->paid);
	I("pr", p->patient_resp);
	fprintf(f, " haspr=%d", p->has_patient_resp);
	S("filing", p->filing_indicator);
	S("pcn", p->payer_claim_id);
	S("fac", p->facility);
	S("freq", p->frequency);
	fprintf(f, " stmt=%d-%d recv=%d", (int)p->stmt_from, (int)p->stmt_to, (int)p->received);
	S("member", p->member_id);
	S("npi", p->rendering_npi);
	I("interest", p->interest);
	adjs(f, p->adj, p->nadj);
	for (unsigned i = 0; i < p->nremarks; i++)
		fprintf(f, " rmk%u=%s", i, p->remarks[i]);
	refs835(f, p->refs, p->nrefs);
	for (unsigned i = 0; i < p->nquantities; i++)
		fprintf(f, " qty%u=%s:%lld", i, p->quantities[i].qual, (long long)p->quantities[i].quantity);
	I("dropped", p->dropped_lines);
	I("errors", p->errors);
	for (unsigned i = 0; i < p->nlines; i++) {
		const struct r835_line *l = &p->lines[i];

		fprintf(f, "\n  SVC %u", i);
		pos(f, "at", &l->pos);
		S("q", l->qual);
		S("code", l->code);
		for (unsigned m = 0; m < l->nmod; m++)
			fprintf(f, " mod%u=%s", m, l->mod[m]);
		I("charge", l->charge);
		I("paid", l->paid);
		S("rev", l->revenue);
		I("units", l->units);
		fprintf(f, " given=%d", l->units_given);
		S("oq", l->orig_qual);
		S("oc", l->orig_code);
		I("ou", l->orig_units);
		fprintf(f, " dates=%d-%d", (int)l->date_from, (int)l->date_to);
		S("ctl", l->control);
		I("allowed", l->allowed);
		fprintf(f, " hasallowed=%d", l->has_allowed);
		adjs(f, l->adj, l->nadj);
		for (unsigned k = 0; k < l->nremarks; k++)
			fprintf(f, " rmk%u=%s", k, l->remarks[k]);
		refs835(f, l->refs, l->nrefs);
	}
}

static void
remit(FILE *f, const char *what, const struct r835_remittance *r)
{
	fputs(what, f);
	S("isa13", r->isa13);
	S("gs06", r->gs06);
	S("st02", r->st02);
	pos(f, "at", &r->pos);
	S("handling", r->handling);
	I("total", r->total_paid);
	S("cd", r->credit_debit);
	S("method", r->method);
	I("date", r->payment_date);
	S("trn", r->trn);
	S("payer", r->payer_name);
	S("payerid", r->payer_id);
	S("payee", r->payee_name);
	S("payeeid", r->payee_id);
	I("claimspaid", r->claims_paid);
	I("nclaims", r->nclaims);
	for (unsigned i = 0; i < r->nplb; i++) {
		fprintf(f, " plb[%u]=%s:%d:%s:%s:%lld", i, r->plb[i].provider, (int)r->plb[i].period_end,
			r->plb[i].reason, r->plb[i].ref, (long long)r->plb[i].amount);
		pos(f, "at", &r->plb[i].pos);
	}
	I("plbtotal", r->plb_total);
	pos(f, "plbat", &r->plb_pos);
}

static void
status(FILE *f, const char *what, const struct ackr_status *st, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		fprintf(f, " %s%u=%s:%s:%s", what, i, st[i].category, st[i].code, st[i].entity);
}

static void
ack(FILE *f, const struct ackr_record *a)
{
	fprintf(f, "ACK kind=%d", (int)a->kind);
	S("st01", a->st01);
	S("isa13", a->isa13);
	S("gs06", a->gs06);
	S("st02", a->st02);
	pos(f, "at", &a->pos);
	S("risa13", a->ref_isa13);
	I("rdate", a->ref_date);
	S("rtime", a->ref_time);
	S("rgs01", a->ref_gs01);
	S("rgs06", a->ref_gs06);
	S("rver", a->ref_version);
	S("rst01", a->ref_st01);
	S("rst02", a->ref_st02);
	S("status", a->status);
	fprintf(f, " rejected=%d", a->rejected);
	for (unsigned i = 0; i < a->ncodes; i++)
		fprintf(f, " code%u=%s", i, a->codes[i]);
	fprintf(f, " sets=%u/%u/%u errors=%u", (unsigned)a->sets_included, (unsigned)a->sets_received,
		(unsigned)a->sets_accepted, (unsigned)a->errors_total);
	S("claim", a->claim_id);
	S("icn", a->payer_claim_id);
	S("d9", a->clearinghouse_id);
	S("payer", a->payer_id);
	S("npi", a->provider_npi);
	status(f, "stc", a->stc, a->nstc);
	I("sdate", a->status_date);
	S("action", a->action);
	I("charge", a->charge);
	fprintf(f, " dates=%d-%d dropped=%u", (int)a->service_from, (int)a->service_to, a->dropped_lines);
	for (unsigned i = 0; i < a->nerrors; i++) {
		const struct ackr_error *e = &a->errors[i];

		fprintf(f, "\n  ERR %u %s:%u:%s:%s el=%s de=%s code=%s bad=%s claim=%s", i, e->seg_id,
			(unsigned)e->seg_pos, e->loop_id, e->seg_code, e->element, e->de, e->el_code, e->bad_value,
			e->claim_id);
		pos(f, "at", &e->pos);
	}
	for (unsigned i = 0; i < a->nlines; i++) {
		const struct ackr_line *l = &a->lines[i];

		fprintf(f, "\n  SVC %u %s:%s charge=%lld ctl=%s date=%d rejected=%d", i, l->qual, l->code,
			(long long)l->charge, l->control, (int)l->date, l->rejected);
		status(f, "stc", l->status, l->nstatus);
	}
}

static void
txn(FILE *f, const char *what, const struct x12_txn_info *t)
{
	fprintf(f, "%s #%u ic=%u %s %s %s isa13=%s known=%d closed=%d rejected=%d errors=%u warnings=%u claims=%u "
		   "payments=%u",
		what, (unsigned)t->ordinal, (unsigned)t->interchange, t->st01, t->st02, t->guide, t->isa13, t->known,
		t->closed, t->rejected, (unsigned)t->errors, (unsigned)t->warnings, (unsigned)t->claims,
		(unsigned)t->payments);
	pos(f, "at", &t->pos);
}

void
recdump(FILE *f, const struct x12_record *r)
{
	switch (r->type) {
	case X12_REC_DIAG:
		fprintf(f, "DIAG X12-%03d", (int)r->diag->code);
		pos(f, "at", &r->diag->pos);
		fprintf(f, " %s", r->diag->msg);
		break;
	case X12_REC_EVENT:
		fprintf(f, "EVENT %d", (int)r->event->type);
		if (r->event->seg)
			fprintf(f, " seg=%llu", (unsigned long long)r->event->seg->ordinal);
		if (r->event->loop)
			fprintf(f, " loop=%s", x12_loop_id(r->event->loop));
		break;
	case X12_REC_TXN_BEGIN:
		txn(f, "TXN_BEGIN", r->txn);
		break;
	case X12_REC_TXN_END:
		txn(f, "TXN_END", r->txn);
		break;
	case X12_REC_CLAIM:
		claim(f, r->claim);
		break;
	case X12_REC_PAYMENT:
		payment(f, r->payment);
		break;
	case X12_REC_REMIT_BEGIN:
		remit(f, "REMIT_BEGIN", r->remit);
		break;
	case X12_REC_REMIT_END:
		remit(f, "REMIT_END", r->remit);
		break;
	case X12_REC_ACK:
		ack(f, r->ack);
		break;
	case X12_REC_INTERCHANGE_END:
		fprintf(f, "INTERCHANGE_END #%u isa13=%s closed=%d groups=%u sets=%u rejected=%u",
			(unsigned)r->interchange->ordinal, r->interchange->isa13, r->interchange->closed,
			(unsigned)r->interchange->groups, (unsigned)r->interchange->sets,
			(unsigned)r->interchange->rejected_sets);
		break;
	case X12_REC_END: {
		const struct x12_end_info *e = r->end;

		fprintf(f, "END fatal=%d", e->fatal);
		if (e->fatal) {
			fprintf(f, " X12-%03d", (int)e->error.code);
			pos(f, "at", &e->error.pos);
			fprintf(f, " %s", e->error.msg);
		}
		fprintf(f, " segments=%llu ic=%u groups=%u sets=%u claims=%llu payments=%llu remits=%llu sets=%llu "
			   "rejected=%llu",
			(unsigned long long)e->stats.segments, (unsigned)e->stats.interchanges,
			(unsigned)e->stats.groups, (unsigned)e->stats.transactions, (unsigned long long)e->claims,
			(unsigned long long)e->payments, (unsigned long long)e->remittances,
			(unsigned long long)e->sets, (unsigned long long)e->rejected_sets);
		break;
	}
	}
	fputc('\n', f);
}

char *
recdump_run(struct x12_records *rs, const char *data, size_t len, size_t chunk, size_t *outlen,
	    enum x12_status *final)
{
	char *out = NULL;
	size_t off = 0;
	FILE *f = open_memstream(&out, outlen);

	if (!f)
		abort();
	x12_records_reset(rs);
	if (chunk == 0 || chunk > len)
		chunk = len;
	for (;;) {
		size_t n = len - off < chunk ? len - off : chunk;
		bool last = off + n == len;
		struct x12_record rec;
		enum x12_status st;

		x12_records_feed(rs, data + off, n, last);
		off += n;
		while ((st = x12_records_next(rs, &rec)) == X12_EVENT)
			recdump(f, &rec);
		if (st == X12_NEED_INPUT && !last)
			continue;
		if (st == X12_NEED_INPUT)
			fprintf(f, "NEED_INPUT after the final chunk\n");
		*final = st;
		break;
	}
	fclose(f);
	return out;
}
