/*
 * text_out.c - `remedi parse --format text`: one line per claim, payment,
 * service line and remittance, for people; no patient names, birth dates
 * or member ids.
 *
 * Values are printed as they are, except bytes a terminal would act on
 * (C0 controls, DEL): they are written as \xHH, so nothing is lost and
 * nothing reaches the terminal raw (the reader reports them as X12-613).
 */
#include "text_out.h"

#include <stdio.h>
#include <string.h>

/*
 * s with every byte below 0x20 and DEL written as \xHH.  Returns s itself
 * when there is none, else one of eight rotating buffers: valid until eight
 * later calls on this thread (a printf call uses fewer).
 */
static const char *
text_safe(const char *s)
{
	static _Thread_local char bufs[8][4 * 128 + 1];
	static _Thread_local unsigned next;
	const unsigned char *p = (const unsigned char *)s;
	char *out;
	size_t n = 0;

	while (*p >= 0x20 && *p != 0x7F)
		p++;
	if (!*p)
		return s;
	out = bufs[next++ % 8];
	for (p = (const unsigned char *)s; *p && n + 5 < sizeof bufs[0]; p++) {
		if (*p < 0x20 || *p == 0x7F)
			n += (size_t)snprintf(out + n, 5, "\\x%02X", *p);
		else
			out[n++] = (char)*p;
	}
	out[n] = '\0';
	return out;
}
#define T(s) text_safe(s)


/* "J9355:JZ" */
static const char *
proc(char *buf, size_t size, const char *code, const char (*mod)[3], unsigned nmod)
{
	size_t n = (size_t)snprintf(buf, size, "%s", code);

	for (unsigned i = 0; i < nmod && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, ":%s", mod[i]);
	return buf;
}

static void
text_date(FILE *f, int32_t d)
{
	if (d > 0)
		fprintf(f, "  %04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100), (int)(d % 100));
}

static void
text_adj(FILE *f, const struct r835_adj *a, unsigned n)
{
	char m[32];

	for (unsigned i = 0; i < n; i++)
		fprintf(f, "  %s-%s %s", T(a[i].group), T(a[i].reason), x12_money_str(m, sizeof m, a[i].amount));
}

void
text_claim(FILE *f, const struct c837_claim *cl)
{
	char a[32], b[32], p[64];

	fprintf(f, "claim %s  %s  charge %s  lines %u", T(cl->id), cl->kind == 'I' ? "837I" : "837P",
	       x12_money_str(a, sizeof a, cl->charge), cl->nlines);
	if (cl->ndx) {
		fprintf(f, "  dx");
		for (unsigned i = 0; i < cl->ndx; i++)
			fprintf(f, "%s%s", i ? "," : " ", T(cl->dx[i].code));
	}
	if (cl->payer.last[0])
		fprintf(f, "  payer %s", T(cl->payer.last));
	if (cl->filing_indicator[0])
		fprintf(f, " (%s)", T(cl->filing_indicator));
	if (cl->errors)
		fprintf(f, "  %u error%s", cl->errors, cl->errors == 1 ? "" : "s");
	putc('\n', f);
	for (unsigned i = 0; i < cl->nlines; i++) {
		const struct c837_line *ln = &cl->lines[i];

		fprintf(f, "  %3u %s%s%-14s %10s %6s %-2s", ln->lx, T(ln->revenue), ln->revenue[0] ? " " : "",
		       T(proc(p, sizeof p, ln->code, ln->mod, ln->nmod)), x12_money_str(a, sizeof a, ln->charge),
		       x12_qty_str(b, sizeof b, ln->units), T(ln->unit_basis));
		text_date(f, ln->date_from);
		if (ln->ndx_ptr) {
			fprintf(f, "  dx");
			for (unsigned k = 0; k < ln->ndx_ptr; k++)
				fprintf(f, "%s%u", k ? "," : " ", (unsigned)ln->dx_ptr[k]);
		}
		if (ln->ndc[0])
			fprintf(f, "  NDC %s %s %s", T(ln->ndc), x12_qty_str(b, sizeof b, ln->ndc_qty), T(ln->ndc_unit));
		putc('\n', f);
	}
}

void
text_payment(FILE *f, const struct r835_payment *pay)
{
	char a[32], b[32], p[64];

	fprintf(f, "payment %s  status %s  charge %s  paid %s", T(pay->claim_id), T(pay->status),
	       x12_money_str(a, sizeof a, pay->charge), x12_money_str(b, sizeof b, pay->paid));
	if (pay->has_patient_resp)
		fprintf(f, "  patient %s", x12_money_str(a, sizeof a, pay->patient_resp));
	if (pay->payer_claim_id[0])
		fprintf(f, "  payer claim %s", T(pay->payer_claim_id));
	text_adj(f, pay->adj, pay->nadj);
	for (unsigned i = 0; i < pay->nremarks; i++)
		fprintf(f, "  %s", T(pay->remarks[i]));
	if (pay->errors)
		fprintf(f, "  %u error%s", pay->errors, pay->errors == 1 ? "" : "s");
	putc('\n', f);
	for (unsigned i = 0; i < pay->nlines; i++) {
		const struct r835_line *ln = &pay->lines[i];

		fprintf(f, "      %-14s charge %10s  paid %10s", T(proc(p, sizeof p, ln->code, ln->mod, ln->nmod)),
		       x12_money_str(a, sizeof a, ln->charge), x12_money_str(b, sizeof b, ln->paid));
		text_adj(f, ln->adj, ln->nadj);
		for (unsigned k = 0; k < ln->nremarks; k++)
			fprintf(f, "  %s", T(ln->remarks[k]));
		putc('\n', f);
	}
}

void
text_remittance(FILE *f, const struct r835_remittance *r)
{
	char a[32], b[32];

	fprintf(f, "remittance %s  %s %s  paid %s  claims %u  claims paid %s", r->trn[0] ? T(r->trn) : "-", T(r->method),
	       T(r->payer_name), x12_money_str(a, sizeof a, r->total_paid), r->nclaims, x12_money_str(b, sizeof b, r->claims_paid));
	if (r->nplb)
		fprintf(f, "  provider adjustments %s", x12_money_str(a, sizeof a, r->plb_total));
	putc('\n', f);
}


/* One line per acknowledgment record, one more per 999 error or 277 service line. */
void
text_ack(FILE *f, const struct ackr_record *a)
{
	char m[32];

	switch (a->kind) {
	case ACKR_TA1:
		fprintf(f, "TA1 interchange %s  %s", T(a->ref_isa13), T(a->status));
		break;
	case ACKR_SET:
		fprintf(f, "999 set %s %s (group %s %s)  %s", T(a->ref_st01), T(a->ref_st02), T(a->ref_gs01),
			T(a->ref_gs06), T(a->status));
		break;
	case ACKR_GROUP:
		fprintf(f, "999 group %s %s  %s  sets %u included, %u received, %u accepted", T(a->ref_gs01),
			T(a->ref_gs06), T(a->status), (unsigned)a->sets_included, (unsigned)a->sets_received,
			(unsigned)a->sets_accepted);
		break;
	case ACKR_CLAIM:
		fprintf(f, "277 claim %s  %s", a->claim_id[0] ? T(a->claim_id) : "-", a->nstc ? "" : "no status");
		for (unsigned i = 0; i < a->nstc; i++)
			fprintf(f, "%s%s:%s:%s", i ? " " : "", T(a->stc[i].category), T(a->stc[i].code),
				T(a->stc[i].entity));
		if (a->has_charge)
			fprintf(f, "  charge %s", x12_money_str(m, sizeof m, a->charge));
		if (a->payer_claim_id[0])
			fprintf(f, "  payer claim %s", T(a->payer_claim_id));
		break;
	}
	if (a->rejected)
		fputs("  REJECTED", f);
	for (unsigned i = 0; i < a->ncodes; i++)
		fprintf(f, "%s%s", i ? "," : "  codes ", T(a->codes[i]));
	putc('\n', f);
	for (unsigned i = 0; i < a->nerrors; i++) {
		const struct ackr_error *e = &a->errors[i];

		fprintf(f, "  error %s at %u loop %s", e->seg_id[0] ? T(e->seg_id) : "-", (unsigned)e->seg_pos,
			e->loop_id[0] ? T(e->loop_id) : "-");
		if (e->seg_code[0])
			fprintf(f, " segment code %s", T(e->seg_code));
		if (e->element[0])
			fprintf(f, " element %s (%s) code %s", T(e->element), e->de[0] ? T(e->de) : "-", T(e->el_code));
		if (e->claim_id[0])
			fprintf(f, " claim %s", T(e->claim_id));
		putc('\n', f);
	}
	if (a->errors_total > a->nerrors)
		fprintf(f, "  ... %u more errors\n", (unsigned)(a->errors_total - a->nerrors));
	for (unsigned i = 0; i < a->nlines; i++) {
		const struct ackr_line *l = &a->lines[i];

		fprintf(f, "  line %s %s", T(l->code), x12_money_str(m, sizeof m, l->charge));
		for (unsigned k = 0; k < l->nstatus; k++)
			fprintf(f, " %s:%s:%s", T(l->status[k].category), T(l->status[k].code), T(l->status[k].entity));
		fputs(l->rejected ? "  REJECTED\n" : "\n", f);
	}
}
