/*
 * report.c - the report rows and totals a billing office works from:
 *
 *   denials        one row per submitted line and denial adjustment (net over
 *                  all events): who, what, group/CARC, amount, category,
 *                  action, appealable, dollars at risk
 *   underpayments  one row per line whose paid + patient responsibility (+
 *                  sequestration, CO-253, a regulatory cut taken after the
 *                  allowed amount) falls short of the fee schedule (allowed per
 *                  unit x paid units) by more than the tolerance
 *   unmatched      one row per claim payment in the unmatched queue
 *   aging          one row per claim without a final answer, days since it was sent
 *   summary        totals only, with lines answered and denied by remittance week
 *                  (Monday to Sunday, BPR16 of the latest answer), PLB by reason
 *                  and link, crossovers
 *   plb            one row per provider-level adjustment: the claim its
 *                  reference names (if any) and what the claim holds after it
 *
 * Filters (payer, dates of service or of remittance) pick the lines and
 * claims every figure, group and row is made of: remit.h.
 *
 * Totals come first in every report (figures, then sections by payer,
 * CARC, procedure ...); rows are the work that needs action.  Field names
 * of rows are a contract (JSON Lines, CSV header): docs/remit.md.
 */
#include "remit.h"

#include <stdlib.h>
#include <string.h>

struct run {
	struct store *st;
	const struct remit_report_options *o;
	remit_row_fn fn;
	void *ctx;
	struct remit_totals *t;
	struct remit_classifier *cls;
	bool failed;
	/* figures by index */
	uint64_t n1, n2, n3, n4;
	int64_t c1, c2, c3, c4;
	uint64_t claims_by[REMIT_STATUS_COUNT], lines_by[REMIT_STATUS_COUNT];
	int64_t claims_cents[REMIT_STATUS_COUNT], lines_cents[REMIT_STATUS_COUNT];
	/* summary: PLB and crossovers */
	int64_t plb_linked, plb_unlinked, plb_recovered, paid_after_plb, pr_held;
	uint64_t forwarded, awaiting;
};

int64_t
remit_days_between(int32_t a, int32_t b)
{
	/* days from civil (H. Hinnant's algorithm), proleptic Gregorian */
	int64_t d[2];
	int32_t v[2] = { a, b };

	for (int k = 0; k < 2; k++) {
		int64_t y = v[k] / 10000, m = v[k] / 100 % 100, dd = v[k] % 100;
		int64_t era, yoe, doy, doe;

		y -= m <= 2;
		era = (y >= 0 ? y : y - 399) / 400;
		yoe = y - era * 400;
		doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		d[k] = era * 146097 + doe;
	}
	return d[1] - d[0];
}

/* CCYYMMDD from days since 1970-01-01 (H. Hinnant's civil_from_days) */
static int32_t
civil(int64_t z)
{
	int64_t era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	return (int32_t)(y * 10000 + m * 100 + d);
}

int32_t
remit_week_start(int32_t d)
{
	/* 1970-01-05 was a Monday */
	int64_t days = remit_days_between(19700101, d);
	int64_t since_monday = ((days - 4) % 7 + 7) % 7;

	return civil(days - since_monday);
}

bool
remit_report_filtered(const struct remit_report_options *o)
{
	return (o->payer && o->payer[0]) || o->from || o->to;
}

static bool
date_in(const struct remit_report_options *o, int32_t d)
{
	if (!o->from && !o->to)
		return true;
	return d > 0 && (!o->from || d >= o->from) && (!o->to || d <= o->to);
}

static bool
payer_in(const struct remit_report_options *o, const char *payer)
{
	return !o->payer || !o->payer[0] || strcmp(o->payer, payer) == 0;
}

static void
figure(struct remit_totals *t, const char *label, int64_t value, bool cents)
{
	if (t->nfig < REMIT_MAX_FIGURES)
		t->fig[t->nfig++] = (struct remit_figure){ label, value, cents };
}

static struct remit_section *
section(struct remit_totals *t, const char *title)
{
	for (unsigned i = 0; i < t->nsec; i++)
		if (t->sec[i].title == title)
			return &t->sec[i];
	if (t->nsec == REMIT_MAX_SECTIONS)
		return NULL;
	t->sec[t->nsec] = (struct remit_section){ .title = title };
	return &t->sec[t->nsec++];
}

/* Adds count items worth cents to the group key of section title. */
static void
tally_n(struct run *r, const char *title, const char *key, uint64_t count, int64_t cents)
{
	struct remit_section *s = section(r->t, title);

	if (!s)
		return;
	for (unsigned i = 0; i < s->n; i++)
		if (strcmp(s->g[i].key, key) == 0) {
			s->g[i].count += count;
			s->g[i].cents += cents;
			return;
		}
	if (s->n == s->cap) {
		unsigned cap = s->cap ? s->cap * 2 : 16;
		struct remit_group *g = realloc(s->g, cap * sizeof *g);

		if (!g) {
			r->failed = true;
			return;
		}
		s->g = g;
		s->cap = cap;
	}
	snprintf(s->g[s->n].key, sizeof s->g[s->n].key, "%s", key);
	s->g[s->n].count = count;
	s->g[s->n].cents = cents;
	s->n++;
}

static void
tally(struct run *r, const char *title, const char *key, int64_t cents)
{
	tally_n(r, title, key, 1, cents);
}

static int
cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct remit_group *)a)->key, ((const struct remit_group *)b)->key);
}

static int
cmp_group(const void *a, const void *b)
{
	const struct remit_group *x = a, *y = b;

	if (x->cents != y->cents)
		return x->cents > y->cents ? -1 : 1;
	return strcmp(x->key, y->key);
}

void
remit_totals_free(struct remit_totals *t)
{
	for (unsigned i = 0; i < t->nsec; i++)
		free(t->sec[i].g);
	memset(t, 0, sizeof *t);
}

static const char *
payer_of(const struct store_claim *c)
{
	return c->payer_id[0] ? c->payer_id : c->payer_name;
}

static void
iso_date(char out[16], int32_t d)
{
	unsigned v = d > 0 ? (unsigned)d : 0;

	if (v)
		snprintf(out, 16, "%04u-%02u-%02u", v / 10000 % 10000, v / 100 % 100, v % 100);
	else
		out[0] = '\0';
}

/* Whether claim h (in state s) passes the filters. */
static bool
claim_in(const struct run *r, const struct store_history *h, const struct remit_claim_state *s)
{
	if (!payer_in(r->o, payer_of(&h->claim)))
		return false;
	return date_in(r->o, r->o->dates == REMIT_DATES_REMIT ? s->remit_date : h->claim.from);
}

/* Whether line ls of claim h passes the filters. */
static bool
line_in(const struct run *r, const struct store_history *h, const struct remit_line_state *ls)
{
	if (!payer_in(r->o, payer_of(&h->claim)))
		return false;
	if (r->o->dates == REMIT_DATES_REMIT)
		return date_in(r->o, ls->remit_date);
	return date_in(r->o, ls->line->from ? ls->line->from : h->claim.from);
}

static bool
emit(struct run *r, const struct remit_field *f, unsigned n)
{
	struct remit_row row = { f, n };

	return r->fn ? r->fn(r->ctx, &row) : true;
}

/* allowed per unit in mills (thousandths of a dollar) x units (thousandths), to the nearest cent */
static int64_t
times_units(int64_t mills, int64_t units)
{
	int64_t p = mills * units;

	return (p >= 0 ? p + 5000 : p - 5000) / 10000;
}

/*
 * The allowed amount per unit of a line, in mills: the payer's fee schedule
 * row; else, on a Medicare Part B claim (SBR09 MB), the ASP payment limit in
 * force on the line's date (42 CFR 414.904: ASP + 6% per HCPCS unit; the
 * 20% coinsurance is the patient's share and the 2% sequestration the
 * CO-253 cut, both counted as received).  *basis names which.
 */
static bool
fee(struct run *r, const struct store_claim *c, const struct store_line *l, int64_t *mills, const char **basis)
{
	char mods[16];
	bool found;

	remit_mods_key(l->mods, mods);
	if (store_fee_lookup(r->st, payer_of(c), l->code, mods, l->from, mills, &found) != STORE_OK) {
		r->failed = true;
		return false;
	}
	if (found) {
		*mills *= 10; /* cents */
		*basis = "fee_schedule";
		return true;
	}
	if (strcmp(c->filing, "MB") != 0)
		return false;
	if (store_asp_lookup(r->st, l->code, l->from, mills, &found) != STORE_OK) {
		r->failed = true;
		return false;
	}
	*basis = "asp";
	return found;
}

/* ---- denials */

static bool
on_denials(void *ctx, const struct store_history *h)
{
	struct run *r = ctx;
	const struct remit_claim_state *s = remit_classify(r->cls, h);
	bool claim_counted = false;

	if (!s)
		return !(r->failed = true);
	for (unsigned i = 0; i < s->nlines; i++) {
		const struct remit_line_state *ls = &s->lines[i];
		char dos[16], rdate[16];

		if (ls->status == REMIT_REVERSED || !line_in(r, h, ls))
			continue;
		iso_date(dos, ls->line->from ? ls->line->from : h->claim.from);
		iso_date(rdate, ls->remit_date);
		for (unsigned a = 0; a < ls->nadj; a++) {
			const struct remit_adj_sum *adj = &ls->adj[a];
			const struct remit_carc *carc = remit_carc(adj->carc);
			int64_t allowed, at_risk = adj->amount;
			const char *basis;
			char gc[16], key[112];

			if (adj->amount <= 0 || remit_adj_kind(adj->group, adj->carc) != REMIT_ADJ_DENIAL)
				continue;
			if (fee(r, &h->claim, ls->line, &allowed, &basis)) {
				int64_t units = ls->status == REMIT_DENIED ? ls->line->units :
						adj->quantity > 0 ? adj->quantity : 0;
				int64_t v = times_units(allowed, units);

				if (units && v < at_risk)
					at_risk = v;
			}
			snprintf(gc, sizeof gc, "%s-%s", adj->group, adj->carc);
			r->n1++;
			r->c1 += adj->amount;
			r->c2 += at_risk;
			if (carc->appealable)
				r->c3 += adj->amount;
			if (!claim_counted)
				r->n2++, claim_counted = true;
			tally(r, "by payer", payer_of(&h->claim), adj->amount);
			snprintf(key, sizeof key, "%s %s (%s, %s)", gc, carc->label, carc->category, carc->action);
			tally(r, "by CARC", key, adj->amount);
			tally(r, "by procedure", ls->line->code, adj->amount);
			const struct remit_field f[] = {
				{ "claim", REMIT_F_STR, h->claim.clm01, 0, 16 },
				{ "line_control", REMIT_F_STR, ls->line->control[0] ? ls->line->control : NULL, 0, 18 },
				{ "lx", REMIT_F_INT, NULL, ls->line->lx, 0 },
				{ "procedure", REMIT_F_STR, ls->line->code, 0, 7 },
				{ "modifiers", REMIT_F_STR, ls->line->mods, 0, 0 },
				{ "payer", REMIT_F_STR, payer_of(&h->claim), 0, 0 },
				{ "group", REMIT_F_STR, adj->group, 0, 3 },
				{ "carc", REMIT_F_STR, adj->carc, 0, 5 },
				{ "label", REMIT_F_STR, carc->label, 0, 0 },
				{ "amount_cents", REMIT_F_CENTS, NULL, adj->amount, 11 },
				{ "at_risk_cents", REMIT_F_CENTS, NULL, at_risk, 11 },
				{ "category", REMIT_F_STR, carc->category, 0, 18 },
				{ "action", REMIT_F_STR, carc->action, 0, 16 },
				{ "appealable", REMIT_F_BOOL, NULL, carc->appealable, 0 },
				{ "remarks", REMIT_F_STR, ls->remarks, 0, 10 },
				{ "status", REMIT_F_STR, remit_status_name(ls->status), 0, 0 },
				{ "claim_level", REMIT_F_BOOL, NULL, adj->claim_level, 0 },
				{ "ambiguous", REMIT_F_BOOL, NULL, ls->ambiguous, 0 },
				{ "service_date", REMIT_F_STR, dos, 0, 0 },
				{ "remit_date", REMIT_F_STR, rdate, 0, 0 },
				{ "crossover", REMIT_F_STR, s->forwarded ? s->crossover : NULL, 0, 0 },
			};
			if (!emit(r, f, sizeof f / sizeof f[0]))
				return false;
		}
	}
	return !r->failed;
}

/* ---- underpayments */

static bool
on_underpayments(void *ctx, const struct store_history *h)
{
	struct run *r = ctx;
	const struct remit_claim_state *s = remit_classify(r->cls, h);

	if (!s)
		return !(r->failed = true);
	for (unsigned i = 0; i < s->nlines; i++) {
		const struct remit_line_state *ls = &s->lines[i];
		int64_t allowed, units, expected, received, shortfall;
		const char *basis = "";

		if (!ls->own_events ||
		    (ls->status != REMIT_PAID && ls->status != REMIT_PARTIAL && ls->status != REMIT_PATIENT_RESP) ||
		    !line_in(r, h, ls))
			continue;
		if (!fee(r, &h->claim, ls->line, &allowed, &basis)) {
			r->n2++;
			continue;
		}
		r->n1++;
		units = ls->own_units > 0 ? ls->own_units : ls->line->units;
		expected = times_units(allowed, units);
		received = ls->own_paid + ls->own_pr + ls->own_sequestration;
		shortfall = expected - received;
		if (shortfall <= r->o->tolerance)
			continue;
		r->n3++;
		r->c1 += shortfall;
		tally(r, "by payer", payer_of(&h->claim), shortfall);
		tally(r, "by procedure", ls->line->code, shortfall);
		const struct remit_field f[] = {
			{ "claim", REMIT_F_STR, h->claim.clm01, 0, 16 },
			{ "line_control", REMIT_F_STR, ls->line->control[0] ? ls->line->control : NULL, 0, 18 },
			{ "lx", REMIT_F_INT, NULL, ls->line->lx, 0 },
			{ "procedure", REMIT_F_STR, ls->line->code, 0, 7 },
			{ "modifiers", REMIT_F_STR, ls->line->mods, 0, 0 },
			{ "payer", REMIT_F_STR, payer_of(&h->claim), 0, 0 },
			{ "units_milli", REMIT_F_INT, NULL, units, 0 },
			{ "allowed_per_unit_cents", REMIT_F_CENTS, NULL, (allowed + 5) / 10, 0 },
			{ "expected_cents", REMIT_F_CENTS, NULL, expected, 11 },
			{ "paid_cents", REMIT_F_CENTS, NULL, ls->own_paid, 11 },
			{ "patient_resp_cents", REMIT_F_CENTS, NULL, ls->own_pr, 11 },
			{ "shortfall_cents", REMIT_F_CENTS, NULL, shortfall, 11 },
			{ "status", REMIT_F_STR, remit_status_name(ls->status), 0, 0 },
			{ "remarks", REMIT_F_STR, ls->remarks, 0, 10 },
			{ "basis", REMIT_F_STR, basis, 0, 0 },
			{ "allowed_per_unit_mills", REMIT_F_INT, NULL, allowed, 0 },
			{ "crossover", REMIT_F_STR, s->forwarded ? s->crossover : NULL, 0, 0 },
		};
		if (!emit(r, f, sizeof f / sizeof f[0]))
			return false;
	}
	return !r->failed;
}

/* ---- unmatched */

static bool
on_unmatched(void *ctx, const struct store_history *h)
{
	struct run *r = ctx;

	for (unsigned k = 0; k < h->npayments; k++) {
		const struct store_payment *p = &h->payments[k];
		const char *payer = p->payer_id[0] ? p->payer_id : p->payer_name;
		char date[16];

		if (!payer_in(r->o, payer) || !date_in(r->o, p->payment_date))
			continue;
		r->n1++;
		r->c1 += p->charge;
		r->c2 += p->paid;
		tally(r, "by payer", payer, p->paid);
		iso_date(date, p->payment_date);
		const struct remit_field f[] = {
			{ "clp01", REMIT_F_STR, p->clp01, 0, 20 },
			{ "payer", REMIT_F_STR, payer, 0, 20 },
			{ "clp02", REMIT_F_STR, p->clp02, 0, 5 },
			{ "clp07", REMIT_F_STR, p->clp07, 0, 18 },
			{ "charge_cents", REMIT_F_CENTS, NULL, p->charge, 11 },
			{ "paid_cents", REMIT_F_CENTS, NULL, p->paid, 11 },
			{ "payment_date", REMIT_F_STR, date, 0, 10 },
		};
		if (!emit(r, f, sizeof f / sizeof f[0]))
			return false;
	}
	return true;
}

/* ---- aging */

static const char *
bucket(int64_t days)
{
	return days <= 30 ? "0-30" : days <= 60 ? "31-60" : days <= 90 ? "61-90" : "90+";
}

static bool
on_aging(void *ctx, const struct store_history *h)
{
	struct run *r = ctx;
	const struct remit_claim_state *s = remit_classify(r->cls, h);
	int64_t days;
	char date[16];

	if (!s)
		return !(r->failed = true);
	if (!remit_status_open(s->status) || !claim_in(r, h, s))
		return true;
	days = h->claim.submitted ? remit_days_between(h->claim.submitted, r->o->as_of) : 0;
	r->n1++;
	r->c1 += h->claim.charge;
	tally(r, "by age (days since sent)", bucket(days), h->claim.charge);
	tally(r, "by payer", payer_of(&h->claim), h->claim.charge);
	iso_date(date, h->claim.submitted);
	const struct remit_field f[] = {
		{ "claim", REMIT_F_STR, h->claim.clm01, 0, 16 },
		{ "payer", REMIT_F_STR, payer_of(&h->claim), 0, 20 },
		{ "submitted", REMIT_F_STR, date, 0, 10 },
		{ "days", REMIT_F_INT, NULL, days, 5 },
		{ "bucket", REMIT_F_STR, bucket(days), 0, 6 },
		{ "charge_cents", REMIT_F_CENTS, NULL, h->claim.charge, 11 },
		{ "status", REMIT_F_STR, remit_status_name(s->status), 0, 12 },
		{ "crossover", REMIT_F_STR, s->forwarded ? s->crossover : NULL, 0, 0 },
	};
	return emit(r, f, sizeof f / sizeof f[0]);
}

/* ---- rejections: claims a 999 or 277CA turned away, with nothing paid or denied since */

static bool
on_rejections(void *ctx, const struct store_history *h)
{
	struct run *r = ctx;
	const struct remit_claim_state *s = remit_classify(r->cls, h);
	char sent[16], acked[16];
	int64_t days;

	if (!s)
		return !(r->failed = true);
	if (s->status != REMIT_REJECTED)
		return true;
	days = h->claim.submitted ? remit_days_between(h->claim.submitted, r->o->as_of) : 0;
	r->n1++;
	r->c1 += h->claim.charge;
	tally(r, "by payer", payer_of(&h->claim), h->claim.charge);
	tally(r, "by reason", h->ack.reason[0] ? h->ack.reason : h->ack.status, h->claim.charge);
	iso_date(sent, h->claim.submitted);
	iso_date(acked, h->ack.date);
	const struct remit_field f[] = {
		{ "claim", REMIT_F_STR, h->claim.clm01, 0, 16 },
		{ "payer", REMIT_F_STR, payer_of(&h->claim), 0, 20 },
		{ "submitted", REMIT_F_STR, sent, 0, 10 },
		{ "days", REMIT_F_INT, NULL, days, 5 },
		{ "charge_cents", REMIT_F_CENTS, NULL, h->claim.charge, 11 },
		{ "ack", REMIT_F_STR, h->ack.kind, 0, 3 },
		{ "status", REMIT_F_STR, h->ack.status, 0, 3 },
		{ "reason", REMIT_F_STR, h->ack.reason, 0, 18 },
		{ "segment", REMIT_F_STR, h->ack.segment, 0, 24 },
		{ "acknowledged", REMIT_F_STR, acked, 0, 10 },
		{ "file", REMIT_F_STR, h->ack.file, 0, 0 },
	};
	return emit(r, f, sizeof f / sizeof f[0]);
}

/* ---- summary */

static bool
on_summary(void *ctx, const struct store_history *h)
{
	struct run *r = ctx;
	const struct remit_claim_state *s = remit_classify(r->cls, h);

	if (!s)
		return !(r->failed = true);
	if (claim_in(r, h, s)) {
		r->claims_by[s->status]++;
		r->claims_cents[s->status] += h->claim.charge;
		r->c1 += s->paid;
		r->c2 += s->patient_resp;
		r->c3 += s->denied;
	}
	for (unsigned i = 0; i < s->nlines; i++) {
		const struct remit_line_state *ls = &s->lines[i];
		int64_t denied = 0;
		char week[16];

		if (!line_in(r, h, ls))
			continue;
		r->lines_by[ls->status]++;
		r->lines_cents[ls->status] += ls->line->charge;
		/* the weeks: what the denials report counts (reversed lines never, positive denial amounts) */
		if (!ls->remit_date || ls->status == REMIT_REVERSED)
			continue;
		for (unsigned a = 0; a < ls->nadj; a++)
			if (ls->adj[a].amount > 0 && remit_adj_kind(ls->adj[a].group, ls->adj[a].carc) == REMIT_ADJ_DENIAL)
				denied += ls->adj[a].amount;
		iso_date(week, remit_week_start(ls->remit_date));
		tally(r, "lines answered by remittance week (charges)", week, ls->line->charge);
		tally_n(r, "lines denied by remittance week (denied amount)", week, denied > 0, denied);
	}
	if (claim_in(r, h, s)) {
		r->plb_recovered += s->plb_recovered;
		r->paid_after_plb += s->paid_after_plb;
		if (s->forwarded) {
			r->forwarded++;
			if (!s->crossover_answered) {
				r->awaiting++;
				r->pr_held += s->pr_held;
				tally(r, "forwarded, crossover payer yet to answer (PR held)",
				      s->crossover[0] ? s->crossover : "(not named)", s->pr_held);
			}
		}
	}
	return true;
}

static bool
on_plb_summary(void *ctx, const struct store_plb_row *b)
{
	struct run *r = ctx;
	const struct remit_plb_reason *why = remit_plb_reason(b->reason);
	char key[160];

	if (b->claim_id)
		r->plb_linked += b->amount;
	else
		r->plb_unlinked += b->amount;
	snprintf(key, sizeof key, "%s %s (%s), %s", b->reason, why->label, remit_plb_kind_name(why->kind),
		 b->claim_id ? "linked to a claim" : "not linked");
	tally(r, "provider adjustments (PLB) by reason", key, b->amount);
	if (!b->claim_id && why->claim_ref && b->reference[0]) {
		snprintf(key, sizeof key, "TRN %s: %s %s", b->trn, b->reason, b->reference);
		tally(r, "PLB references naming no stored claim", key, b->amount);
	}
	return true;
}

static bool
on_unbalanced(void *ctx, const struct store_unbalanced *u)
{
	struct run *r = ctx;
	char key[256], a[32], b[32], c[32];

	snprintf(key, sizeof key, "TRN %s ST %s: BPR02 %s, claims %s, PLB %s", u->trn, u->st02,
		 x12_money_str(a, sizeof a, u->bpr02), x12_money_str(b, sizeof b, u->claims_paid),
		 x12_money_str(c, sizeof c, u->plb_total));
	tally(r, "unbalanced remittances (imbalance)", key, u->imbalance);
	return true;
}

static enum store_status
summary(struct run *r)
{
	struct store_totals t;
	struct remit_section *w;

	section(r->t, "claims by status (charges)");
	section(r->t, "lines by status (charges)");
	if ((w = section(r->t, "lines answered by remittance week (charges)")))
		w->by_key = true;
	if ((w = section(r->t, "lines denied by remittance week (denied amount)")))
		w->by_key = true;
	if (store_each_claim(r->st, on_summary, r) != STORE_OK || store_totals(r->st, &t) != STORE_OK)
		return STORE_ERROR;
	figure(r->t, "837 files", (int64_t)t.submit_files, false);
	figure(r->t, "claims submitted", (int64_t)t.claims, false);
	figure(r->t, "lines submitted", (int64_t)t.lines, false);
	figure(r->t, "835 files", (int64_t)t.remit_files, false);
	figure(r->t, "remittances", (int64_t)t.remits, false);
	figure(r->t, "duplicate remittances", (int64_t)t.duplicate_remits, false);
	figure(r->t, "unbalanced remittances", (int64_t)t.unbalanced_remits, false);
	figure(r->t, "claim payments", (int64_t)t.payments, false);
	figure(r->t, "unmatched claim payments", (int64_t)t.unmatched_payments, false);
	figure(r->t, "paid (BPR02)", t.bpr_total, true);
	figure(r->t, "paid on claims (CLP04)", t.clp_paid_total, true);
	figure(r->t, "provider adjustments (PLB)", t.plb_total, true);
	figure(r->t, "interest (AMT*I)", t.interest_total, true);
	figure(r->t, "paid on matched claims", r->c1, true);
	figure(r->t, "patient responsibility", r->c2, true);
	figure(r->t, "denied", r->c3, true);
	for (int k = 0; k < REMIT_STATUS_COUNT; k++) {
		if (r->claims_by[k])
			tally_n(r, "claims by status (charges)", remit_status_name((enum remit_status)k), r->claims_by[k],
				r->claims_cents[k]);
		if (r->lines_by[k])
			tally_n(r, "lines by status (charges)", remit_status_name((enum remit_status)k), r->lines_by[k],
				r->lines_cents[k]);
	}
	if (store_each_unbalanced(r->st, on_unbalanced, r) != STORE_OK ||
	    store_each_plb(r->st, false, on_plb_summary, r) != STORE_OK)
		return STORE_ERROR;
	figure(r->t, "PLB linked to claims", r->plb_linked, true);
	figure(r->t, "PLB not linked to a claim", r->plb_unlinked, true);
	figure(r->t, "recovered from claims through PLB", r->plb_recovered, true);
	figure(r->t, "paid on matched claims after PLB recoveries", r->paid_after_plb, true);
	figure(r->t, "claims forwarded to a crossover payer", (int64_t)r->forwarded, false);
	figure(r->t, "forwarded, crossover payer yet to answer", (int64_t)r->awaiting, false);
	figure(r->t, "patient responsibility held for a crossover payer", r->pr_held, true);
	return STORE_OK;
}

/* ---- plb */

static bool
plb_row(struct run *r, const struct store_plb_row *b, const struct remit_claim_state *s)
{
	const struct remit_plb_reason *why = remit_plb_reason(b->reason);
	const char *payer = b->payer_id[0] ? b->payer_id : b->payer_name;
	char date[16];

	r->n1++;
	r->c1 += b->amount;
	if (b->claim_id) {
		r->n2++;
		r->c2 += b->amount;
	}
	tally(r, "by reason", b->reason, b->amount);
	tally(r, "by link", b->link, b->amount);
	iso_date(date, b->payment_date);
	const struct remit_field f[] = {
		{ "trn", REMIT_F_STR, b->trn, 0, 12 },
		{ "payment_date", REMIT_F_STR, date, 0, 10 },
		{ "payer", REMIT_F_STR, payer, 0, 0 },
		{ "provider", REMIT_F_STR, b->provider, 0, 0 },
		{ "reason", REMIT_F_STR, b->reason, 0, 6 },
		{ "label", REMIT_F_STR, why->label, 0, 0 },
		{ "kind", REMIT_F_STR, remit_plb_kind_name(why->kind), 0, 8 },
		{ "reference", REMIT_F_STR, b->reference, 0, 22 },
		{ "amount_cents", REMIT_F_CENTS, NULL, b->amount, 11 },
		{ "claim", REMIT_F_STR, b->claim_id ? b->clm01 : NULL, 0, 12 },
		{ "clp07", REMIT_F_STR, b->clp07[0] ? b->clp07 : NULL, 0, 0 },
		{ "link", REMIT_F_STR, b->link, 0, 10 },
		{ "claim_paid_cents", REMIT_F_CENTS, NULL, s ? s->paid : 0, 11 },
		{ "claim_paid_after_plb_cents", REMIT_F_CENTS, NULL, s ? s->paid_after_plb : 0, 11 },
	};
	return emit(r, f, sizeof f / sizeof f[0]);
}

static bool
on_plb_claim(void *ctx, const struct store_history *h)
{
	struct run *r = ctx;
	const struct remit_claim_state *s;

	if (!h->nplbs)
		return true;
	if (!(s = remit_classify(r->cls, h)))
		return !(r->failed = true);
	for (unsigned k = 0; k < h->nplbs; k++)
		if (!plb_row(r, &h->plbs[k], s))
			return false;
	return true;
}

static bool
on_plb_unlinked(void *ctx, const struct store_plb_row *b)
{
	return plb_row(ctx, b, NULL);
}

enum store_status
remit_report(struct store *st, enum remit_report_kind kind, const struct remit_report_options *o, remit_row_fn fn,
	     void *ctx, struct remit_totals *t)
{
	struct run r = { .st = st, .o = o, .fn = fn, .ctx = ctx, .t = t };
	enum store_status rc = STORE_OK;

	memset(t, 0, sizeof *t);
	if (!(r.cls = remit_classifier_new()))
		return STORE_ERROR;
	switch (kind) {
	case REMIT_REPORT_DENIALS:
		section(t, "by payer");
		section(t, "by CARC");
		section(t, "by procedure");
		rc = store_each_claim(st, on_denials, &r);
		figure(t, "denied lines (line x CARC)", (int64_t)r.n1, false);
		figure(t, "claims with a denial", (int64_t)r.n2, false);
		figure(t, "denied amount", r.c1, true);
		figure(t, "expected payment at risk", r.c2, true);
		figure(t, "appealable amount", r.c3, true);
		break;
	case REMIT_REPORT_UNDERPAYMENTS:
		section(t, "by payer");
		section(t, "by procedure");
		rc = store_each_claim(st, on_underpayments, &r);
		figure(t, "lines checked against a fee schedule", (int64_t)r.n1, false);
		figure(t, "lines without a fee schedule row", (int64_t)r.n2, false);
		figure(t, "underpaid lines", (int64_t)r.n3, false);
		figure(t, "shortfall", r.c1, true);
		figure(t, "tolerance per line", o->tolerance, true);
		break;
	case REMIT_REPORT_UNMATCHED:
		section(t, "by payer");
		rc = store_each_unmatched(st, on_unmatched, &r);
		figure(t, "unmatched claim payments", (int64_t)r.n1, false);
		figure(t, "charges", r.c1, true);
		figure(t, "paid", r.c2, true);
		break;
	case REMIT_REPORT_AGING:
		section(t, "by age (days since sent)");
		section(t, "by payer");
		rc = store_each_claim(st, on_aging, &r);
		figure(t, "claims without a final answer", (int64_t)r.n1, false);
		figure(t, "their charges", r.c1, true);
		figure(t, "as of (CCYYMMDD)", o->as_of, false);
		break;
	case REMIT_REPORT_SUMMARY:
		rc = summary(&r);
		break;
	case REMIT_REPORT_PLB:
		section(t, "by reason");
		section(t, "by link");
		rc = store_each_claim(st, on_plb_claim, &r);
		if (rc == STORE_OK)
			rc = store_each_plb(st, true, on_plb_unlinked, &r);
		figure(t, "provider adjustments (PLB)", (int64_t)r.n1, false);
		figure(t, "their amount (positive: taken back)", r.c1, true);
		figure(t, "linked to a claim", (int64_t)r.n2, false);
		figure(t, "linked amount", r.c2, true);
		break;
	case REMIT_REPORT_REJECTIONS:
		section(t, "by payer");
		section(t, "by reason");
		rc = store_each_rejected(st, on_rejections, &r);
		figure(t, "claims rejected by a 999 or 277CA, not resent", (int64_t)r.n1, false);
		figure(t, "their charges", r.c1, true);
		break;
	}
	for (unsigned i = 0; i < t->nsec; i++)
		if (t->sec[i].n)
			qsort(t->sec[i].g, t->sec[i].n, sizeof t->sec[i].g[0], t->sec[i].by_key ? cmp_key : cmp_group);
	remit_classifier_free(r.cls);
	return rc == STORE_OK && r.failed ? STORE_ERROR : rc;
}
