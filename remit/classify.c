/*
 * classify.c - what the answers to one submitted claim amount to, per line
 * and per claim, net over every event (shared/research/remit.md 5.3).
 *
 * Netting: every claim payment is an event; a reversal (CLP02 22) carries
 * negated amounts and cancels its original by plain addition, a correction
 * adds anew, split parts and later remits add up.  A claim-level CAS on a
 * payment without service lines (a whole-claim denial, CLP02 4) applies to
 * every submitted line, shared by line charge.
 *
 * Line status, first rule that holds:
 *   no event               NOT_RETURNED when another part of the claim came back
 *                          (split), else NO_RESPONSE
 *   last event a reversal  REVERSED (no correction yet: neither a denial nor a refund)
 *   pending CARC           PENDED
 *   only CLP02 23/25       INFO
 *   paid 0, duplicate      DUPLICATE (OA-18, B13)
 *   paid 0, denial > 0     DENIED
 *   paid 0, cost share     PATIENT_RESP (deductible: not a denial)
 *   paid > 0, denial > 0   PARTIAL
 *   otherwise              PAID (reduced only by contract and cost share)
 * Claim status: all lines NO_RESPONSE -> NO_RESPONSE; any REVERSED ->
 * REVERSED; any PENDED or NOT_RETURNED -> PENDED; all DENIED -> DENIED;
 * any DENIED or PARTIAL -> PARTIAL; all alike -> that; else PAID.
 *
 * "Own" sums (the claim's own payer, primary processing) feed the
 * underpayment check; secondary payers (CLP02 2, 3, 20, 21) add to paid.
 *
 * PLB adjustments linked to the claim (remit_match_plb) are cash, not
 * adjudication: they leave line statuses alone; recovery kinds (WO, FB,
 * 72 ...) net into paid_after_plb = paid - recovered (positive PLB = money
 * taken back), L6 is interest, the rest is listed only.
 *
 * Crossover: when the latest own-payer event forwarded the claim (CLP02
 * 19-21, or NM1*TT on CLP02 1) its PR is held for the crossover carrier
 * (pr_held) until a payer processing as secondary answers; the claim is
 * not waiting on its own payer any more.
 */
#include "remit.h"

#include <stdlib.h>
#include <string.h>

struct remit_classifier {
	struct remit_claim_state state;
	unsigned cap;
	bool *last_reversal, *info_only;
	bool any_answer;
};

static const char *const status_names[REMIT_STATUS_COUNT] = {
	[REMIT_NO_RESPONSE] = "no_response", [REMIT_NOT_RETURNED] = "not_returned", [REMIT_PENDED] = "pended",
	[REMIT_REVERSED] = "reversed",       [REMIT_DUPLICATE] = "duplicate",       [REMIT_DENIED] = "denied",
	[REMIT_PATIENT_RESP] = "patient_responsibility", [REMIT_PARTIAL] = "partial", [REMIT_PAID] = "paid",
	[REMIT_INFO] = "info", [REMIT_REJECTED] = "rejected",
};

const char *
remit_status_name(enum remit_status s)
{
	return s < REMIT_STATUS_COUNT ? status_names[s] : "unknown";
}

bool
remit_status_open(enum remit_status s)
{
	return s == REMIT_NO_RESPONSE || s == REMIT_NOT_RETURNED || s == REMIT_PENDED || s == REMIT_REVERSED ||
	       s == REMIT_REJECTED;
}

struct remit_classifier *
remit_classifier_new(void)
{
	return calloc(1, sizeof(struct remit_classifier));
}

void
remit_classifier_free(struct remit_classifier *c)
{
	if (!c)
		return;
	free(c->state.lines);
	free(c->last_reversal);
	free(c->info_only);
	free(c);
}

static bool
info_status(const char *clp02)
{
	return !strcmp(clp02, "23") || !strcmp(clp02, "25");
}

static void
add_adj(struct remit_line_state *ls, const char *group, const char *carc, int64_t amount, int64_t qty, bool claim_level)
{
	for (unsigned i = 0; i < ls->nadj; i++)
		if (!strcmp(ls->adj[i].group, group) && !strcmp(ls->adj[i].carc, carc)) {
			ls->adj[i].amount += amount;
			ls->adj[i].quantity += qty;
			return;
		}
	if (ls->nadj == REMIT_MAX_ADJ)
		return;
	struct remit_adj_sum *a = &ls->adj[ls->nadj++];

	snprintf(a->group, sizeof a->group, "%s", group);
	snprintf(a->carc, sizeof a->carc, "%s", carc);
	a->amount = amount;
	a->quantity = qty;
	a->claim_level = claim_level;
}

static void
add_remarks(char *dst, size_t size, const char *src)
{
	size_t len = strlen(dst);

	if (!src[0] || strstr(dst, src))
		return;
	snprintf(dst + len, size - len, "%s%s", len ? "," : "", src);
}

static int
line_index(const struct store_history *h, int64_t line_id)
{
	for (unsigned i = 0; i < h->nlines; i++)
		if (h->lines[i].id == line_id)
			return (int)i;
	return -1;
}

/* The own-payer sums of one adjustment. */
static void
own_adj(struct remit_line_state *ls, const char *group, const char *carc, int64_t amount)
{
	if (!strcmp(group, "PR"))
		ls->own_pr += amount;
	else if (!strcmp(group, "CO") && !strcmp(carc, "253"))
		ls->own_sequestration += amount;
}

/* A payment without lines: its claim-level CAS spread over the submitted lines by charge. */
static void
spread(struct remit_classifier *c, const struct store_history *h, const struct store_payment *p, bool own)
{
	int64_t total = 0;

	for (unsigned i = 0; i < h->nlines; i++)
		total += h->lines[i].charge;
	for (unsigned a = p->first_adj; a < p->first_adj + p->nadj; a++) {
		const struct store_adj_row *r = &h->adjs[a];
		int64_t left = r->amount;

		for (unsigned i = 0; i < h->nlines; i++) {
			struct remit_line_state *ls = &c->state.lines[i];
			int64_t share = i + 1 == h->nlines ? left :
					total ? r->amount * h->lines[i].charge / total : 0;

			left -= share;
			add_adj(ls, r->group, r->carc, share, 0, true);
			if (own)
				own_adj(ls, r->group, r->carc, share);
		}
	}
	for (unsigned i = 0; i < h->nlines; i++) {
		struct remit_line_state *ls = &c->state.lines[i];

		ls->events++;
		ls->own_events |= own;
		if (p->payment_date > ls->remit_date)
			ls->remit_date = p->payment_date;
		c->last_reversal[i] = !strcmp(p->clp02, "22");
		c->info_only[i] = c->info_only[i] && info_status(p->clp02);
		add_remarks(ls->remarks, sizeof ls->remarks, p->remarks);
		if (!ls->method[0]) {
			snprintf(ls->method, sizeof ls->method, "claim_level");
			ls->confidence = p->confidence;
		}
	}
}

static void
add_payment(struct remit_classifier *c, const struct store_history *h, const struct store_payment *p)
{
	bool own = !remit_clp02_secondary(p->clp02);

	c->any_answer |= !info_status(p->clp02);
	if (!p->nlines) {
		spread(c, h, p, own);
		return;
	}
	for (unsigned j = p->first_line; j < p->first_line + p->nlines; j++) {
		const struct store_line_payment *lp = &h->line_payments[j];
		int i = line_index(h, lp->line_id);
		struct remit_line_state *ls;

		if (i < 0)
			continue;
		ls = &c->state.lines[i];
		ls->events++;
		ls->paid += lp->paid;
		if (p->payment_date > ls->remit_date)
			ls->remit_date = p->payment_date;
		ls->ambiguous |= lp->ambiguous;
		if (own) {
			ls->own_events = true;
			ls->own_paid += lp->paid;
			/* reversals negate units, or not: payers differ (remit.md 2.5) */
			ls->own_units += !strcmp(p->clp02, "22") ? -(lp->units < 0 ? -lp->units : lp->units) :
								   (lp->units < 0 ? -lp->units : lp->units);
		}
		if (!ls->method[0] || lp->confidence < ls->confidence) {
			snprintf(ls->method, sizeof ls->method, "%s", lp->method);
			ls->confidence = lp->confidence;
		}
		c->last_reversal[i] = !strcmp(p->clp02, "22");
		c->info_only[i] = c->info_only[i] && info_status(p->clp02);
		add_remarks(ls->remarks, sizeof ls->remarks, lp->remarks);
		add_remarks(ls->remarks, sizeof ls->remarks, p->remarks);
		for (unsigned a = p->first_adj; a < p->first_adj + p->nadj; a++) {
			const struct store_adj_row *r = &h->adjs[a];

			if (r->line_payment != lp->id)
				continue;
			add_adj(ls, r->group, r->carc, r->amount, r->quantity, false);
			if (own)
				own_adj(ls, r->group, r->carc, r->amount);
		}
	}
}

static enum remit_status
line_status(const struct remit_classifier *c, unsigned i)
{
	const struct remit_line_state *ls = &c->state.lines[i];
	int64_t cost = 0, denial = 0, pending = 0, dup = 0;

	if (!ls->events)
		return c->any_answer ? REMIT_NOT_RETURNED : REMIT_NO_RESPONSE;
	if (c->last_reversal[i])
		return REMIT_REVERSED;
	for (unsigned a = 0; a < ls->nadj; a++) {
		switch (remit_adj_kind(ls->adj[a].group, ls->adj[a].carc)) {
		case REMIT_ADJ_COST_SHARE:
			cost += ls->adj[a].amount;
			break;
		case REMIT_ADJ_DENIAL:
			denial += ls->adj[a].amount;
			break;
		case REMIT_ADJ_PENDING:
			pending += ls->adj[a].amount;
			break;
		case REMIT_ADJ_DUPLICATE:
			dup += ls->adj[a].amount;
			break;
		default:
			break;
		}
	}
	if (pending > 0)
		return REMIT_PENDED;
	if (c->info_only[i])
		return REMIT_INFO;
	if (ls->paid == 0 && dup > 0 && denial <= 0)
		return REMIT_DUPLICATE;
	if (ls->paid == 0 && denial > 0)
		return REMIT_DENIED;
	if (ls->paid == 0 && cost > 0)
		return REMIT_PATIENT_RESP;
	if (ls->paid > 0 && denial > 0)
		return REMIT_PARTIAL;
	return REMIT_PAID;
}

static enum remit_status
claim_status(const struct remit_claim_state *s)
{
	unsigned count[REMIT_STATUS_COUNT] = { 0 };

	if (!s->nlines)
		return s->events ? REMIT_PAID : REMIT_NO_RESPONSE;
	for (unsigned i = 0; i < s->nlines; i++)
		count[s->lines[i].status]++;
	if (count[REMIT_NO_RESPONSE] == s->nlines)
		return REMIT_NO_RESPONSE;
	if (count[REMIT_REVERSED])
		return REMIT_REVERSED;
	if (count[REMIT_PENDED] || count[REMIT_NOT_RETURNED] || count[REMIT_NO_RESPONSE])
		return REMIT_PENDED;
	if (count[REMIT_DENIED] == s->nlines)
		return REMIT_DENIED;
	if (count[REMIT_DENIED] || count[REMIT_PARTIAL])
		return REMIT_PARTIAL;
	for (int k = 0; k < REMIT_STATUS_COUNT; k++)
		if (count[k] == s->nlines)
			return (enum remit_status)k;
	return REMIT_PAID;
}

const struct remit_claim_state *
remit_classify(struct remit_classifier *c, const struct store_history *h)
{
	struct remit_claim_state *s = &c->state;

	if (h->nlines > c->cap) {
		void *l = realloc(s->lines, h->nlines * sizeof *s->lines);
		void *r = l ? realloc(c->last_reversal, h->nlines * sizeof *c->last_reversal) : NULL;
		void *o;

		if (l)
			s->lines = l;
		if (r)
			c->last_reversal = r;
		o = r ? realloc(c->info_only, h->nlines * sizeof *c->info_only) : NULL;
		if (!o)
			return NULL;
		c->info_only = o;
		c->cap = h->nlines;
	}
	s->nlines = h->nlines;
	s->paid = s->patient_resp = s->denied = s->interest = 0;
	s->events = h->npayments;
	s->remit_date = 0;
	c->any_answer = false;
	for (unsigned i = 0; i < h->nlines; i++) {
		memset(&s->lines[i], 0, sizeof s->lines[i]);
		s->lines[i].line = &h->lines[i];
		c->last_reversal[i] = false;
		c->info_only[i] = true;
	}
	for (unsigned k = 0; k < h->npayments; k++) {
		add_payment(c, h, &h->payments[k]);
		s->paid += h->payments[k].paid;
		s->interest += h->payments[k].interest;
		if (h->payments[k].payment_date > s->remit_date)
			s->remit_date = h->payments[k].payment_date;
	}
	for (unsigned i = 0; i < h->nlines; i++) {
		struct remit_line_state *ls = &s->lines[i];

		ls->status = line_status(c, i);
		for (unsigned a = 0; a < ls->nadj; a++) {
			enum remit_adj_kind kind = remit_adj_kind(ls->adj[a].group, ls->adj[a].carc);

			if (!strcmp(ls->adj[a].group, "PR"))
				ls->patient_resp += ls->adj[a].amount;
			if (kind == REMIT_ADJ_DENIAL)
				ls->denied += ls->adj[a].amount;
		}
		s->patient_resp += ls->patient_resp;
		s->denied += ls->denied;
	}
	s->plb_recovered = s->plb_interest = s->plb_other = 0;
	for (unsigned k = 0; k < h->nplbs; k++) {
		enum remit_plb_kind kind = remit_plb_reason(h->plbs[k].reason)->kind;

		if (kind == REMIT_PLB_RECOVERY)
			s->plb_recovered += h->plbs[k].amount;
		else if (kind == REMIT_PLB_INTEREST)
			s->plb_interest += h->plbs[k].amount;
		else
			s->plb_other += h->plbs[k].amount;
	}
	s->paid_after_plb = s->paid - s->plb_recovered;
	s->forwarded = s->crossover_answered = false; /* answered: any payer processing as secondary */
	s->crossover[0] = '\0';
	s->pr_held = 0;
	for (unsigned k = 0; k < h->npayments; k++) {
		const struct store_payment *p = &h->payments[k];

		/* the crossover payer's 835 may come first (remit.md 4.6, 11) */
		if (remit_clp02_secondary(p->clp02)) {
			s->crossover_answered = true;
			continue;
		}
		if (!strcmp(p->clp02, "22") || info_status(p->clp02))
			continue;
		s->forwarded = remit_clp02_forwarded(p->clp02) || p->crossover_name[0] || p->crossover_id[0];
		snprintf(s->crossover, sizeof s->crossover, "%s", p->crossover_id[0] ? p->crossover_id : p->crossover_name);
		s->pr_held = p->patient_resp;
	}
	if (!s->forwarded)
		s->crossover[0] = '\0';
	if (!s->forwarded || s->crossover_answered)
		s->pr_held = 0;
	s->status = claim_status(s);
	/* a 999 or 277CA turned it away and no remittance answered it since: it never reached adjudication */
	if (s->status == REMIT_NO_RESPONSE && h->has_ack && h->ack.rejected)
		s->status = REMIT_REJECTED;
	return s;
}
