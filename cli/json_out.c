/*
 * json_out.c - JSON Lines for claims (837), claim payments and remittances
 * (835).  Field names are a contract (docs/parse-json.md,
 * schemas/parse.schema.json): add fields freely, never rename or drop one.
 *
 * Money and quantities are JSON strings holding the exact decimal ("123.45",
 * "14.4") so that no reader turns them into binary floating point; dates are
 * "CCYY-MM-DD".
 */
#include "json_out.h"
#include "fastio.h"

#include <inttypes.h>
#include <string.h>

/*
 * Each record is built in a buffer of the calling thread and written with
 * one fwrite: a claim is a hundred keys and values, and a stdio call for each
 * cost more than the decoding.  The stdio names below write to that buffer
 * (the f they are given is the stream of the record being built); a record
 * longer than the buffer is written in pieces, so any length comes out whole.
 */
struct jbuf {
	FILE *f;
	size_t n;
	char b[8192];
};

static _Thread_local struct jbuf jb;

static void
jb_flush(void)
{
	if (jb.n)
		fwrite_unlocked(jb.b, 1, jb.n, jb.f);
	jb.n = 0;
}

static inline void
jb_write(const void *p, size_t n)
{
	if (n > sizeof jb.b - jb.n) {
		jb_flush();
		if (n > sizeof jb.b) {
			fwrite_unlocked(p, 1, n, jb.f);
			return;
		}
	}
	memcpy(jb.b + jb.n, p, n);
	jb.n += n;
}

static inline void
jb_putc(int c)
{
	if (jb.n == sizeof jb.b)
		jb_flush();
	jb.b[jb.n++] = (char)c;
}

#undef putc
#undef fputc
#undef fputs
#undef fwrite
#define putc(c, f) jb_putc(c)
#define fputc(c, f) jb_putc(c)
#define fputs(s, f) jb_write((s), strlen(s))
#define fwrite(p, s, n, f) jb_write((p), (s) * (n))

/* A JSON string: what needs no escape as it is, quote and backslash escaped, other bytes as \u00XX */
static void
jstr(FILE *f, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	putc('"', f);
	for (;;) {
		size_t n = cli_json_plain(s);
		unsigned char c;

		fwrite(s, 1, n, f);
		s += n;
		if (!*s)
			break;
		c = (unsigned char)*s++;
		putc('\\', f);
		if (c == '"' || c == '\\') {
			putc(c, f);
		} else {
			fputs("u00", f);
			putc(hex[c >> 4], f);
			putc(hex[c & 15], f);
		}
	}
	putc('"', f);
}

static void
key(FILE *f, bool *first, const char *k)
{
	if (!*first)
		putc(',', f);
	*first = false;
	putc('"', f);
	fputs(k, f);
	fputs("\":", f);
}

/* Unsigned decimal without printf. */
static void
put_u64(FILE *f, uint64_t v)
{
	char buf[24];
	size_t n = sizeof buf;

	do {
		buf[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	fwrite(buf + n, 1, sizeof buf - n, f);
}

static void
kstr(FILE *f, bool *first, const char *k, const char *v)
{
	if (!v || !*v)
		return;
	key(f, first, k);
	jstr(f, v);
}

static void
kuint(FILE *f, bool *first, const char *k, uint64_t v)
{
	key(f, first, k);
	put_u64(f, v);
}

static void
json_money_body(FILE *f, int64_t cents)
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;

	putc('"', f);
	if (cents < 0)
		putc('-', f);
	put_u64(f, a / 100);
	putc('.', f);
	putc((char)('0' + a % 100 / 10), f);
	putc((char)('0' + a % 10), f);
	putc('"', f);
}

static void
kmoney(FILE *f, bool *first, const char *k, int64_t cents)
{
	key(f, first, k);
	json_money_body(f, cents);
}

/* thousandths -> "14.4", "60", "-2.125" */
static void
kqty(FILE *f, bool *first, const char *k, int64_t milli)
{
	uint64_t a = milli < 0 ? (uint64_t)0 - (uint64_t)milli : (uint64_t)milli;
	unsigned frac = (unsigned)(a % 1000);

	key(f, first, k);
	putc('"', f);
	if (milli < 0)
		putc('-', f);
	put_u64(f, a / 1000);
	if (frac) {
		char buf[8];
		size_t n;

		snprintf(buf, sizeof buf, "%03u", frac);
		n = strlen(buf);
		while (n && buf[n - 1] == '0')
			buf[--n] = '\0';
		putc('.', f);
		fputs(buf, f);
	}
	fputc('"', f);
}

static void
kdate(FILE *f, bool *first, const char *k, int32_t d)
{
	if (d <= 0)
		return;
	char buf[12] = "\"0000-00-00\"";
	unsigned y = (unsigned)(d / 10000) % 10000, m = (unsigned)(d / 100 % 100), day = (unsigned)(d % 100);

	key(f, first, k);
	buf[1] = (char)('0' + y / 1000);
	buf[2] = (char)('0' + y / 100 % 10);
	buf[3] = (char)('0' + y / 10 % 10);
	buf[4] = (char)('0' + y % 10);
	buf[6] = (char)('0' + m / 10);
	buf[7] = (char)('0' + m % 10);
	buf[9] = (char)('0' + day / 10);
	buf[10] = (char)('0' + day % 10);
	fwrite(buf, 1, 12, f);
}

static void
mods(FILE *f, bool *first, const char (*m)[3], unsigned n)
{
	key(f, first, "modifiers");
	putc('[', f);
	for (unsigned i = 0; i < n; i++) {
		if (i)
			putc(',', f);
		jstr(f, m[i]);
	}
	putc(']', f);
}

static void
source(FILE *f, bool *first, const struct json_ctx *ctx, const char *isa13, const char *gs06, const char *st02,
       uint64_t offset, uint64_t segment)
{
	kstr(f, first, "file", ctx->path);
	kstr(f, first, "interchange", isa13);
	kstr(f, first, "group", gs06);
	kstr(f, first, "transaction", st02);
	kuint(f, first, "offset", offset);
	kuint(f, first, "segment", segment);
}

static void
party(FILE *f, bool *first, const char *k, const struct c837_party *p, bool person, const struct json_ctx *ctx)
{
	bool inner = true;

	if (!p->entity[0] && !p->id[0])
		return;
	key(f, first, k);
	fputc('{', f);
	kstr(f, &inner, "entity", p->entity);
	if (!person || !ctx->no_phi) {
		kstr(f, &inner, person ? "last_name" : "name", p->last);
		kstr(f, &inner, "first_name", p->first);
		kdate(f, &inner, "birth_date", p->birth_date);
		kstr(f, &inner, "gender", p->gender);
	}
	if (!person || !ctx->no_phi) {
		kstr(f, &inner, "id_qualifier", p->id_qual);
		kstr(f, &inner, person ? "member_id" : "id", p->id);
	}
	kstr(f, &inner, "tin", p->tin);
	kstr(f, &inner, "taxonomy", p->taxonomy);
	kstr(f, &inner, "state", p->state);
	if (!person || !ctx->no_phi)
		kstr(f, &inner, "zip", p->zip);
	fputc('}', f);
}

static void
codes(FILE *f, bool *first, const char *k, const struct c837_code *c, unsigned n)
{
	key(f, first, k);
	fputc('[', f);
	for (unsigned i = 0; i < n; i++) {
		bool inner = true;

		if (i)
			fputc(',', f);
		fputc('{', f);
		kstr(f, &inner, "qualifier", c[i].qual);
		kstr(f, &inner, "code", c[i].code);
		kdate(f, &inner, "date", c[i].date);
		if (c[i].amount)
			kmoney(f, &inner, "amount", c[i].amount);
		fputc('}', f);
	}
	fputc(']', f);
}

static void
json_claim_body(FILE *f, const struct json_ctx *ctx, const struct c837_claim *c)
{
	bool first = true;

	fputc('{', f);
	kstr(f, &first, "type", "claim");
	kstr(f, &first, "kind", c->kind == 'I' ? "837I" : "837P");
	kstr(f, &first, "guide", c->guide);
	source(f, &first, ctx, c->isa13, c->gs06, c->st02, c->pos.offset, c->pos.segment);
	kstr(f, &first, "id", c->id);
	kmoney(f, &first, "charge", c->charge);
	kmoney(f, &first, "line_total", c837_line_total(c));
	kstr(f, &first, c->kind == 'I' ? "facility_type" : "place_of_service", c->facility);
	kstr(f, &first, "facility_qualifier", c->facility_qual);
	kstr(f, &first, "frequency", c->frequency);
	kstr(f, &first, "assignment", c->assignment);
	kstr(f, &first, "benefits_assigned", c->benefits);
	kstr(f, &first, "release_of_information", c->release);
	kstr(f, &first, "payer_responsibility", c->payer_resp);
	kstr(f, &first, "relationship", c->relationship);
	kstr(f, &first, "group_number", c->group_number);
	kstr(f, &first, "filing_indicator", c->filing_indicator);
	kstr(f, &first, "original_reference", c->original_ref);
	kstr(f, &first, "prior_authorization", c->prior_auth);
	kstr(f, &first, "referral", c->referral);
	kstr(f, &first, "medical_record", c->medical_record);
	party(f, &first, "billing_provider", &c->billing, false, ctx);
	party(f, &first, "pay_to", &c->pay_to, false, ctx);
	party(f, &first, "payer", &c->payer, false, ctx);
	party(f, &first, "subscriber", &c->subscriber, true, ctx);
	party(f, &first, "patient", &c->patient, true, ctx);
	party(f, &first, "rendering_provider", &c->rendering, false, ctx);
	party(f, &first, "attending_provider", &c->attending, false, ctx);
	party(f, &first, "referring_provider", &c->referring, false, ctx);
	party(f, &first, "service_facility", &c->facility_party, false, ctx);
	codes(f, &first, "diagnoses", c->dx, c->ndx);
	codes(f, &first, "codes", c->codes, c->ncodes);
	key(f, &first, "dates");
	fputc('[', f);
	for (unsigned i = 0; i < c->ndates; i++) {
		bool inner = true;

		fputs(i ? ",{" : "{", f);
		kstr(f, &inner, "qualifier", c->dates[i].qual);
		kdate(f, &inner, "from", c->dates[i].from);
		kdate(f, &inner, "to", c->dates[i].to);
		fputc('}', f);
	}
	fputc(']', f);
	key(f, &first, "refs");
	fputc('[', f);
	for (unsigned i = 0; i < c->nrefs; i++) {
		bool inner = true;

		fputs(i ? ",{" : "{", f);
		kstr(f, &inner, "qualifier", c->refs[i].qual);
		kstr(f, &inner, "value", c->refs[i].value);
		fputc('}', f);
	}
	fputc(']', f);
	key(f, &first, "lines");
	fputc('[', f);
	for (unsigned i = 0; i < c->nlines; i++) {
		const struct c837_line *ln = &c->lines[i];
		bool inner = true;

		fputs(i ? ",{" : "{", f);
		kuint(f, &inner, "lx", ln->lx);
		kuint(f, &inner, "offset", ln->pos.offset);
		kuint(f, &inner, "segment", ln->pos.segment);
		kstr(f, &inner, "revenue_code", ln->revenue);
		kstr(f, &inner, "qualifier", ln->qual);
		kstr(f, &inner, "code", ln->code);
		mods(f, &inner, ln->mod, ln->nmod);
		kstr(f, &inner, "description", ln->desc);
		kmoney(f, &inner, "charge", ln->charge);
		kstr(f, &inner, "unit_basis", ln->unit_basis);
		kqty(f, &inner, "units", ln->units);
		kstr(f, &inner, "place_of_service", ln->place);
		key(f, &inner, "diagnosis_pointers");
		fputc('[', f);
		for (unsigned k = 0; k < ln->ndx_ptr; k++)
		{
			if (k)
				putc(',', f);
			put_u64(f, ln->dx_ptr[k]);
		}
		fputc(']', f);
		if (ln->noncovered)
			kmoney(f, &inner, "noncovered", ln->noncovered);
		kdate(f, &inner, "service_date", ln->date_from);
		if (ln->date_to != ln->date_from)
			kdate(f, &inner, "service_date_end", ln->date_to);
		kstr(f, &inner, "control_number", ln->control);
		kstr(f, &inner, "ndc_qualifier", ln->ndc_qual);
		kstr(f, &inner, "ndc", ln->ndc);
		if (ln->has_ctp) {
			kqty(f, &inner, "ndc_quantity", ln->ndc_qty);
			kstr(f, &inner, "ndc_unit", ln->ndc_unit);
		}
		kstr(f, &inner, "rx_number", ln->rx_number);
		kstr(f, &inner, "rendering_npi", ln->rendering_npi);
		fputc('}', f);
	}
	fputc(']', f);
	if (c->dropped_lines)
		kuint(f, &first, "dropped_lines", c->dropped_lines);
	kuint(f, &first, "errors", c->errors);
	fputs("}\n", f);
}

static void
adjustments(FILE *f, bool *first, const struct r835_adj *a, unsigned n)
{
	key(f, first, "adjustments");
	fputc('[', f);
	for (unsigned i = 0; i < n; i++) {
		bool inner = true;

		fputs(i ? ",{" : "{", f);
		kstr(f, &inner, "group", a[i].group);
		kstr(f, &inner, "reason", a[i].reason);
		kmoney(f, &inner, "amount", a[i].amount);
		if (a[i].quantity)
			kqty(f, &inner, "quantity", a[i].quantity);
		fputc('}', f);
	}
	fputc(']', f);
}

static void
remarks(FILE *f, bool *first, const char (*r)[8], unsigned n)
{
	key(f, first, "remarks");
	fputc('[', f);
	for (unsigned i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		jstr(f, r[i]);
	}
	fputc(']', f);
}

static void
refs835(FILE *f, bool *first, const struct r835_ref *r, unsigned n)
{
	key(f, first, "refs");
	putc('[', f);
	for (unsigned i = 0; i < n; i++) {
		bool inner = true;

		fputs(i ? ",{" : "{", f);
		kstr(f, &inner, "qualifier", r[i].qual);
		kstr(f, &inner, "value", r[i].value);
		putc('}', f);
	}
	putc(']', f);
}

static void
named(FILE *f, bool *first, const char *k, const char *name, const char *id)
{
	bool inner = true;

	if (!name[0] && !id[0])
		return;
	key(f, first, k);
	fputc('{', f);
	kstr(f, &inner, "name", name);
	kstr(f, &inner, "id", id);
	fputc('}', f);
}

static void
json_payment_body(FILE *f, const struct json_ctx *ctx, const struct r835_payment *p)
{
	bool first = true;

	fputc('{', f);
	kstr(f, &first, "type", "payment");
	source(f, &first, ctx, p->isa13, p->gs06, p->st02, p->pos.offset, p->pos.segment);
	kstr(f, &first, "claim_id", p->claim_id);
	kstr(f, &first, "status", p->status);
	kmoney(f, &first, "charge", p->charge);
	kmoney(f, &first, "paid", p->paid);
	if (p->has_patient_resp)
		kmoney(f, &first, "patient_responsibility", p->patient_resp);
	kstr(f, &first, "filing_indicator", p->filing_indicator);
	kstr(f, &first, "payer_claim_id", p->payer_claim_id);
	kstr(f, &first, "facility_code", p->facility);
	kstr(f, &first, "frequency", p->frequency);
	kdate(f, &first, "statement_from", p->stmt_from);
	kdate(f, &first, "statement_to", p->stmt_to);
	kdate(f, &first, "received", p->received);
	if (!ctx->no_phi)
		kstr(f, &first, "member_id", p->member_id);
	kstr(f, &first, "rendering_npi", p->rendering_npi);
	named(f, &first, "crossover_carrier", p->crossover_name, p->crossover_id);
	if (p->interest)
		kmoney(f, &first, "interest", p->interest);
	kstr(f, &first, "trace_number", p->trn);
	kdate(f, &first, "payment_date", p->payment_date);
	named(f, &first, "payer", p->payer_name, p->payer_id);
	named(f, &first, "payee", p->payee_name, p->payee_id);
	adjustments(f, &first, p->adj, p->nadj);
	remarks(f, &first, p->remarks, p->nremarks);
	refs835(f, &first, p->refs, p->nrefs);
	key(f, &first, "quantities");
	putc('[', f);
	for (unsigned i = 0; i < p->nquantities; i++) {
		bool inner = true;

		fputs(i ? ",{" : "{", f);
		kstr(f, &inner, "qualifier", p->quantities[i].qual);
		kqty(f, &inner, "quantity", p->quantities[i].quantity);
		putc('}', f);
	}
	putc(']', f);
	key(f, &first, "lines");
	fputc('[', f);
	for (unsigned i = 0; i < p->nlines; i++) {
		const struct r835_line *ln = &p->lines[i];
		bool inner = true;

		fputs(i ? ",{" : "{", f);
		kuint(f, &inner, "offset", ln->pos.offset);
		kuint(f, &inner, "segment", ln->pos.segment);
		kstr(f, &inner, "qualifier", ln->qual);
		kstr(f, &inner, "code", ln->code);
		mods(f, &inner, ln->mod, ln->nmod);
		kmoney(f, &inner, "charge", ln->charge);
		kmoney(f, &inner, "paid", ln->paid);
		kstr(f, &inner, "revenue_code", ln->revenue);
		kqty(f, &inner, "units", ln->units);
		kstr(f, &inner, "original_qualifier", ln->orig_qual);
		kstr(f, &inner, "original_code", ln->orig_code);
		if (ln->orig_units)
			kqty(f, &inner, "original_units", ln->orig_units);
		kdate(f, &inner, "service_date", ln->date_from);
		if (ln->date_to != ln->date_from)
			kdate(f, &inner, "service_date_end", ln->date_to);
		kstr(f, &inner, "control_number", ln->control);
		if (ln->has_allowed)
			kmoney(f, &inner, "allowed", ln->allowed);
		adjustments(f, &inner, ln->adj, ln->nadj);
		remarks(f, &inner, ln->remarks, ln->nremarks);
		refs835(f, &inner, ln->refs, ln->nrefs);
		fputc('}', f);
	}
	fputc(']', f);
	if (p->dropped_lines)
		kuint(f, &first, "dropped_lines", p->dropped_lines);
	kuint(f, &first, "errors", p->errors);
	fputs("}\n", f);
}

static void
json_remittance_body(FILE *f, const struct json_ctx *ctx, const struct r835_remittance *r)
{
	bool first = true;

	fputc('{', f);
	kstr(f, &first, "type", "remittance");
	source(f, &first, ctx, r->isa13, r->gs06, r->st02, r->pos.offset, r->pos.segment);
	kstr(f, &first, "handling", r->handling);
	kmoney(f, &first, "total_paid", r->total_paid);
	kstr(f, &first, "credit_debit", r->credit_debit);
	kstr(f, &first, "method", r->method);
	kdate(f, &first, "payment_date", r->payment_date);
	kstr(f, &first, "trace_number", r->trn);
	named(f, &first, "payer", r->payer_name, r->payer_id);
	named(f, &first, "payee", r->payee_name, r->payee_id);
	kuint(f, &first, "claims", r->nclaims);
	kmoney(f, &first, "claims_paid", r->claims_paid);
	key(f, &first, "provider_adjustments");
	fputc('[', f);
	for (unsigned i = 0; i < r->nplb; i++) {
		const struct r835_plb *b = &r->plb[i];
		bool inner = true;

		fputs(i ? ",{" : "{", f);
		kstr(f, &inner, "provider", b->provider);
		kdate(f, &inner, "period_end", b->period_end);
		kstr(f, &inner, "reason", b->reason);
		kstr(f, &inner, "reference", b->ref);
		kmoney(f, &inner, "amount", b->amount);
		fputc('}', f);
	}
	fputc(']', f);
	kmoney(f, &first, "provider_adjustment_total", r->plb_total);
	fputs("}\n", f);
}

static void
kbool(FILE *f, bool *first, const char *k, bool v)
{
	key(f, first, k);
	fputs(v ? "true" : "false", f);
}

static void
ack_codes(FILE *f, bool *first, const struct ackr_record *a)
{
	key(f, first, "codes");
	putc('[', f);
	for (unsigned i = 0; i < a->ncodes; i++) {
		if (i)
			putc(',', f);
		jstr(f, a->codes[i]);
	}
	putc(']', f);
}

static void
ack_statuses(FILE *f, bool *first, const struct ackr_status *st, unsigned n)
{
	key(f, first, "statuses");
	putc('[', f);
	for (unsigned i = 0; i < n; i++) {
		bool inner = true;

		fputs(i ? ",{" : "{", f);
		kstr(f, &inner, "category", st[i].category);
		kstr(f, &inner, "code", st[i].code);
		kstr(f, &inner, "entity", st[i].entity);
		fputc('}', f);
	}
	putc(']', f);
}

static void
ack_errors(FILE *f, bool *first, const struct json_ctx *ctx, const struct ackr_record *a)
{
	key(f, first, "errors");
	putc('[', f);
	for (unsigned i = 0; i < a->nerrors; i++) {
		const struct ackr_error *e = &a->errors[i];
		bool inner = true;

		fputs(i ? ",{" : "{", f);
		kstr(f, &inner, "segment_id", e->seg_id);
		if (e->seg_pos)
			kuint(f, &inner, "position", e->seg_pos);
		kstr(f, &inner, "loop", e->loop_id);
		kstr(f, &inner, "segment_code", e->seg_code);
		kstr(f, &inner, "element", e->element);
		kstr(f, &inner, "data_element", e->de);
		kstr(f, &inner, "element_code", e->el_code);
		if (!ctx->no_phi)
			kstr(f, &inner, "bad_value", e->bad_value);
		kstr(f, &inner, "claim_id", e->claim_id);
		fputc('}', f);
	}
	putc(']', f);
	kuint(f, first, "errors_total", a->errors_total);
}

static void
json_ack_body(FILE *f, const struct json_ctx *ctx, const struct ackr_record *a)
{
	static const char *const types[] = {
		[ACKR_TA1] = "interchange_ack", [ACKR_SET] = "set_ack",
		[ACKR_GROUP] = "group_ack",     [ACKR_CLAIM] = "claim_ack",
	};
	bool first = true, inner = true;

	fputc('{', f);
	kstr(f, &first, "type", types[a->kind]);
	kstr(f, &first, "ack_type", a->kind == ACKR_TA1 ? "TA1" : a->st01);
	source(f, &first, ctx, a->isa13, a->gs06, a->st02, a->pos.offset, a->pos.segment);
	if (a->kind != ACKR_CLAIM) {
		key(f, &first, "acknowledged");
		putc('{', f);
		kstr(f, &inner, "interchange", a->ref_isa13);
		kdate(f, &inner, "date", a->ref_date);
		kstr(f, &inner, "time", a->ref_time);
		kstr(f, &inner, "group_type", a->ref_gs01);
		kstr(f, &inner, "group", a->ref_gs06);
		kstr(f, &inner, "version", a->ref_version);
		kstr(f, &inner, "set_type", a->ref_st01);
		kstr(f, &inner, "transaction", a->ref_st02);
		putc('}', f);
	}
	kstr(f, &first, "status", a->status);
	kbool(f, &first, "rejected", a->rejected);
	switch (a->kind) {
	case ACKR_TA1:
		ack_codes(f, &first, a);
		break;
	case ACKR_SET:
		ack_codes(f, &first, a);
		ack_errors(f, &first, ctx, a);
		break;
	case ACKR_GROUP:
		ack_codes(f, &first, a);
		kuint(f, &first, "sets_included", a->sets_included);
		kuint(f, &first, "sets_received", a->sets_received);
		kuint(f, &first, "sets_accepted", a->sets_accepted);
		break;
	case ACKR_CLAIM:
		kstr(f, &first, "claim_id", a->claim_id);
		kstr(f, &first, "payer_claim_number", a->payer_claim_id);
		kstr(f, &first, "clearinghouse_trace", a->clearinghouse_id);
		kstr(f, &first, "payer_id", a->payer_id);
		kstr(f, &first, "billing_provider_id", a->provider_npi);
		ack_statuses(f, &first, a->stc, a->nstc);
		kdate(f, &first, "status_date", a->status_date);
		kstr(f, &first, "action", a->action);
		if (a->has_charge)
			kmoney(f, &first, "charge", a->charge);
		kdate(f, &first, "service_from", a->service_from);
		kdate(f, &first, "service_to", a->service_to);
		key(f, &first, "lines");
		putc('[', f);
		for (unsigned i = 0; i < a->nlines; i++) {
			const struct ackr_line *l = &a->lines[i];
			bool in = true;

			fputs(i ? ",{" : "{", f);
			kstr(f, &in, "qualifier", l->qual);
			kstr(f, &in, "procedure", l->code);
			kmoney(f, &in, "charge", l->charge);
			kstr(f, &in, "control_number", l->control);
			kdate(f, &in, "service_date", l->date);
			kbool(f, &in, "rejected", l->rejected);
			ack_statuses(f, &in, l->status, l->nstatus);
			fputc('}', f);
		}
		putc(']', f);
		if (a->dropped_lines)
			kuint(f, &first, "dropped_lines", a->dropped_lines);
		break;
	}
	fputs("}\n", f);
}

/* ------------------------------------------------------------ the public writers: one buffer each */

#undef putc
#undef fputc
#undef fputs
#undef fwrite

void
cli_json_str(FILE *f, const char *s)
{
	jb.f = f;
	jstr(f, s);
	jb_flush();
}

void
json_money(FILE *f, int64_t cents)
{
	jb.f = f;
	json_money_body(f, cents);
	jb_flush();
}

void
json_claim(FILE *f, const struct json_ctx *ctx, const struct c837_claim *c)
{
	jb.f = f;
	json_claim_body(f, ctx, c);
	jb_flush();
}

void
json_payment(FILE *f, const struct json_ctx *ctx, const struct r835_payment *p)
{
	jb.f = f;
	json_payment_body(f, ctx, p);
	jb_flush();
}

void
json_remittance(FILE *f, const struct json_ctx *ctx, const struct r835_remittance *r)
{
	jb.f = f;
	json_remittance_body(f, ctx, r);
	jb_flush();
}

void
json_ack(FILE *f, const struct json_ctx *ctx, const struct ackr_record *a)
{
	jb.f = f;
	json_ack_body(f, ctx, a);
	jb_flush();
}
