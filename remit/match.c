/*
 * match.c - which submitted claim and lines a claim payment (CLP) answers.
 *
 * Claim level, tiered; the first tier with one candidate wins and names the
 * method (shared/research/remit.md 4.2):
 *
 *   exact        CLP01 = CLM01, same payer, overlapping dates, |CLP03| = CLM02
 *                (a split part, remark MA15, may charge less).  Several
 *                submissions of one CLM01: the one that already carries this
 *                CLP07, else the one whose frequency is CLP09, else the one
 *                not yet answered, else the latest (lower confidence)
 *   payer_claim  CLP07 already known from this payer (reversals, corrections)
 *   normalised   CLP01 and CLM01 equal once upper-cased, stripped of
 *                punctuation and leading zeros, or CLP01 of 17 or 20
 *                characters a prefix of CLM01 (truncation); one candidate
 *                that also passes payer, dates and charge
 *   none         the unmatched queue: never posted to a claim
 *
 * "Same payer": the ids when both sides have one (837 2010BB NM109, 835
 * REF*2U or N1*PR N104), else the names.  A payment processed as secondary
 * or tertiary (CLP02 2, 3, 20, 21) comes from another payer by definition
 * and skips the payer test.
 *
 * Line level, per payment line (4.3): REF*6R equal (several SVCs on one
 * line: splits, unbundling); else the code key: SVC06 else SVC01 code,
 * modifier set (order ignored), date, units (SVC07 else SVC05), charge;
 * then, each with lower confidence, a 7-character code read as code +
 * modifier, no modifiers, no units, no date (single-date claims).  Lines
 * with the same key are taken in line order and flagged ambiguous.  A zero
 * charge line the payer added goes to a line with its code, else to none.
 */
#include "remit.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct remit_matcher {
	struct store *st;
	struct store_line_match *lm;
	unsigned cap;
	bool *used;
	unsigned used_cap;
	struct store_claim cand[64];
};

struct remit_matcher *
remit_matcher_new(struct store *st)
{
	struct remit_matcher *m = calloc(1, sizeof *m);

	if (m)
		m->st = st;
	return m;
}

void
remit_matcher_free(struct remit_matcher *m)
{
	if (!m)
		return;
	free(m->lm);
	free(m->used);
	free(m);
}

static bool
same_payer(const struct store_claim *c, const struct r835_payment *p)
{
	if (remit_clp02_secondary(p->status))
		return true;
	if (c->payer_id[0] && p->payer_id[0])
		return strcmp(c->payer_id, p->payer_id) == 0;
	if (c->payer_name[0] && p->payer_name[0])
		return strcasecmp(c->payer_name, p->payer_name) == 0;
	return true;
}

static int64_t
abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

static void
payment_dates(const struct r835_payment *p, int32_t *from, int32_t *to)
{
	*from = p->stmt_from, *to = p->stmt_to ? p->stmt_to : p->stmt_from;
	for (unsigned i = 0; i < p->nlines; i++) {
		const struct r835_line *l = &p->lines[i];

		if (l->date_from && (!*from || l->date_from < *from))
			*from = l->date_from;
		if (l->date_to && l->date_to > *to)
			*to = l->date_to;
		else if (l->date_from > *to)
			*to = l->date_from;
	}
}

static bool
has_remark(const struct r835_payment *p, const char *code)
{
	for (unsigned i = 0; i < p->nremarks; i++)
		if (strcmp(p->remarks[i], code) == 0)
			return true;
	return false;
}

static bool
fits(const struct store_claim *c, const struct r835_payment *p)
{
	int32_t from, to;
	int64_t charge = abs64(p->charge);

	if (!same_payer(c, p))
		return false;
	payment_dates(p, &from, &to);
	if (from && c->from && (to < c->from || from > c->to))
		return false;
	return charge == c->charge || (charge < c->charge && has_remark(p, "MA15"));
}

/* Copies the candidates that fit p into m->cand; returns how many. */
static unsigned
filter(struct remit_matcher *m, const struct store_claim *all, unsigned n, const struct r835_payment *p)
{
	unsigned k = 0;

	for (unsigned i = 0; i < n && k < 64; i++)
		if (fits(&all[i], p))
			m->cand[k++] = all[i];
	return k;
}

/* Several submissions fit: narrow them down, or take the latest with lower confidence. */
static enum store_status
choose(struct remit_matcher *m, unsigned k, const struct r835_payment *p, int64_t *id, int *confidence)
{
	unsigned hit = 0, pick = 0;

	for (unsigned i = 0; i < k; i++) {
		bool yes;

		if (store_claim_has_clp07(m->st, m->cand[i].id, p->payer_claim_id, &yes) != STORE_OK)
			return STORE_ERROR;
		if (yes)
			hit++, pick = i;
	}
	if (hit == 1)
		goto done95;
	hit = 0;
	for (unsigned i = 0; i < k; i++)
		if (p->frequency[0] && strcmp(m->cand[i].frequency, p->frequency) == 0)
			hit++, pick = i;
	if (hit == 1)
		goto done95;
	hit = 0;
	for (unsigned i = 0; i < k; i++)
		if (m->cand[i].payments == 0)
			hit++, pick = i;
	if (hit == 1)
		goto done95;
	*id = m->cand[0].id; /* latest first */
	*confidence = 80;
	return STORE_OK;
done95:
	*id = m->cand[pick].id;
	*confidence = 95;
	return STORE_OK;
}

static enum store_status
match_claim(struct remit_matcher *m, const struct r835_payment *p, struct store_match *out)
{
	const struct store_claim *all;
	unsigned n, k;
	size_t len = strlen(p->claim_id);

	out->claim_id = 0;
	out->method = "none";
	out->confidence = 0;
	if (store_claims_by_id(m->st, p->claim_id, &all, &n) != STORE_OK)
		return STORE_ERROR;
	if ((k = filter(m, all, n, p)) == 1) {
		out->claim_id = m->cand[0].id;
		out->method = "exact";
		out->confidence = 100;
		return STORE_OK;
	}
	if (k > 1) {
		out->method = "exact";
		return choose(m, k, p, &out->claim_id, &out->confidence);
	}
	if (p->payer_claim_id[0]) {
		if (store_claim_by_payer_claim(m->st, p->payer_id, p->payer_name, p->payer_claim_id, &out->claim_id) !=
		    STORE_OK)
			return STORE_ERROR;
		if (out->claim_id) {
			out->method = "payer_claim";
			out->confidence = 95;
			return STORE_OK;
		}
	}
	if (store_claims_by_norm(m->st, p->claim_id, len == 17 || len == 20, &all, &n) != STORE_OK)
		return STORE_ERROR;
	if (filter(m, all, n, p) == 1) {
		out->claim_id = m->cand[0].id;
		out->method = "normalised";
		out->confidence = 70;
	}
	return STORE_OK;
}

/* ---- lines */

struct key {
	const char *code;
	char code_buf[49];
	char mods[16];
	int32_t date;
	int64_t units, charge;
};

static void
payment_key(const struct r835_payment *p, const struct r835_line *l, struct key *k)
{
	char raw[16];
	size_t len = 0;
	const char (*mod)[3] = l->orig_code[0] ? l->orig_mod : l->mod;
	unsigned nmod = l->orig_code[0] ? l->norig_mod : l->nmod;

	k->code = l->orig_code[0] ? l->orig_code : l->code;
	raw[0] = '\0';
	for (unsigned i = 0; i < nmod; i++)
		len += (size_t)snprintf(raw + len, sizeof raw - len, "%s%s", i ? ":" : "", mod[i]);
	remit_mods_key(raw, k->mods);
	k->date = l->date_from ? l->date_from : p->stmt_from;
	k->units = abs64(l->orig_units ? l->orig_units : l->units);
	k->charge = abs64(l->charge);
}

enum relax {
	R_FULL,
	R_NO_MODS,
	R_NO_UNITS,
	R_NO_DATE,
};

static bool
key_fits(const struct key *k, const struct store_line *sl, enum relax r)
{
	char mods[16];

	if (strcmp(k->code, sl->code) != 0 || k->charge != sl->charge)
		return false;
	if (r != R_NO_MODS) {
		remit_mods_key(sl->mods, mods);
		if (strcmp(k->mods, mods) != 0)
			return false;
	}
	if (r != R_NO_UNITS && k->units != sl->units)
		return false;
	if (r != R_NO_DATE && k->date && sl->from && (k->date < sl->from || k->date > sl->to))
		return false;
	return true;
}

/* First unused line fitting k under r; *ties counts every line that fits, used or not. */
static int
find_line(const struct remit_matcher *m, const struct store_line *lines, unsigned n, const struct key *k,
	  enum relax r, unsigned *ties)
{
	int first = -1;

	*ties = 0;
	for (unsigned i = 0; i < n; i++)
		if (key_fits(k, &lines[i], r)) {
			(*ties)++;
			if (first < 0 && !m->used[i])
				first = (int)i;
		}
	return first;
}

static bool
single_date(const struct store_line *lines, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		if (lines[i].from != lines[0].from)
			return false;
	return true;
}

static void
match_line(struct remit_matcher *m, const struct r835_payment *p, const struct r835_line *l,
	   const struct store_line *lines, unsigned n, struct store_line_match *out)
{
	static const struct {
		enum relax r;
		const char *method;
		int confidence;
	} steps[] = {
		{ R_FULL, "code", 90 },
		{ R_NO_MODS, "code_no_mods", 70 },
		{ R_NO_UNITS, "code_no_units", 70 },
		{ R_NO_DATE, "code_no_date", 60 },
	};
	struct key k;
	unsigned ties;
	int hit;

	*out = (struct store_line_match){ .method = "none" };
	if (l->control[0])
		for (unsigned i = 0; i < n; i++)
			if (strcmp(lines[i].control, l->control) == 0) {
				*out = (struct store_line_match){ lines[i].id, "6r", 100, false };
				m->used[i] = true;
				return;
			}
	payment_key(p, l, &k);
	/* a modifier glued to the code: HC:9921425 */
	if (strlen(k.code) == 7 && !k.mods[0]) {
		struct key g = k;

		memcpy(g.code_buf, k.code, 5);
		g.code_buf[5] = '\0';
		g.code = g.code_buf;
		memcpy(g.mods, k.code + 5, 2);
		g.mods[2] = '\0';
		if ((hit = find_line(m, lines, n, &g, R_FULL, &ties)) >= 0) {
			*out = (struct store_line_match){ lines[hit].id, "code_split", 85, ties > 1 };
			m->used[hit] = true;
			return;
		}
	}
	for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
		if (steps[s].r == R_NO_DATE && !single_date(lines, n))
			continue;
		if ((hit = find_line(m, lines, n, &k, steps[s].r, &ties)) >= 0) {
			*out = (struct store_line_match){ lines[hit].id, steps[s].method, steps[s].confidence, ties > 1 };
			m->used[hit] = true;
			return;
		}
	}
	if (k.charge == 0) {
		out->method = "payer_added";
		for (unsigned i = 0; i < n; i++)
			if (strcmp(lines[i].code, k.code) == 0) {
				*out = (struct store_line_match){ lines[i].id, "payer_added", 50, false };
				return;
			}
	}
}

enum store_status
remit_match(struct remit_matcher *m, const struct r835_payment *p, struct store_match *out)
{
	const struct store_line *lines;
	unsigned n;

	if (match_claim(m, p, out) != STORE_OK)
		return STORE_ERROR;
	out->lines = NULL;
	if (!out->claim_id || !p->nlines)
		return STORE_OK;
	if (store_claim_lines(m->st, out->claim_id, &lines, &n) != STORE_OK)
		return STORE_ERROR;
	if (p->nlines > m->cap) {
		struct store_line_match *lm = realloc(m->lm, p->nlines * sizeof *lm);

		if (!lm)
			return STORE_ERROR;
		m->lm = lm;
		m->cap = p->nlines;
	}
	if (n + 1 > m->used_cap) {
		bool *u = realloc(m->used, (n + 1) * sizeof *u);

		if (!u)
			return STORE_ERROR;
		m->used = u;
		m->used_cap = n + 1;
	}
	memset(m->used, 0, (n + 1) * sizeof *m->used);
	for (unsigned i = 0; i < p->nlines; i++)
		match_line(m, p, &p->lines[i], lines, n, &m->lm[i]);
	out->lines = m->lm;
	return STORE_OK;
}

/* ---- PLB references */

static bool
valid_date8(const char *s)
{
	int32_t y = 0, mo, d;

	for (int i = 0; i < 8; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	mo = (s[4] - '0') * 10 + (s[5] - '0');
	d = (s[6] - '0') * 10 + (s[7] - '0');
	return y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

/*
 * The claim CLM01 id names for payer r: among the submissions of that
 * CLM01, the one with the latest payment from this payer; else the latest
 * sent to this payer.  date (0: any) must fall within the claim's dates.
 */
static enum store_status
plb_by_clm01(struct remit_matcher *m, const struct r835_remittance *r, const char *id, int32_t date,
	     int64_t *claim_id, int64_t *payment_id)
{
	const struct store_claim *c;
	struct r835_payment p;
	int64_t ids[64];
	unsigned n, k = 0;

	*claim_id = *payment_id = 0;
	if (store_claims_by_id(m->st, id, &c, &n) != STORE_OK)
		return STORE_ERROR;
	memset(&p, 0, sizeof p);
	memcpy(p.payer_id, r->payer_id, sizeof p.payer_id);
	memcpy(p.payer_name, r->payer_name, sizeof p.payer_name);
	for (unsigned i = 0; i < n && k < 64; i++) {
		if (date && c[i].from && (date < c[i].from || date > (c[i].to ? c[i].to : c[i].from)))
			continue;
		ids[k] = c[i].id;
		if (!*claim_id && same_payer(&c[i], &p))
			*claim_id = c[i].id;   /* the latest sent to this payer: the fallback */
		k++;
	}
	for (unsigned i = 0; i < k; i++) {
		int64_t pay;

		if (store_claim_payment_from(m->st, ids[i], r->payer_id, r->payer_name, &pay) != STORE_OK)
			return STORE_ERROR;
		if (pay > *payment_id) {
			*payment_id = pay;
			*claim_id = ids[i];
		}
	}
	return STORE_OK;
}

enum store_status
remit_match_plb(struct remit_matcher *m, const struct r835_remittance *r, const struct r835_plb *b,
		struct store_plb_link *out)
{
	int64_t c07 = 0, p07 = 0, c01 = 0, p01 = 0;
	const char *m01 = NULL;
	char ref[sizeof b->ref], *tok[16];
	unsigned ntok = 0;

	memset(out, 0, sizeof *out);
	out->method = "none";
	if (!remit_plb_reason(b->reason)->claim_ref) {
		out->method = b->ref[0] ? "not_claim" : "none";
		return STORE_OK;
	}
	if (!b->ref[0])
		return STORE_OK;
	snprintf(ref, sizeof ref, "%s", b->ref);
	/* the whole reference first (i == 0), then its parts */
	for (char *s = ref; *s && ntok < 16;) {
		size_t len = strcspn(s, " #,;/");

		if (len) {
			tok[ntok++] = s;
			if (!s[len])
				break;
			s[len] = '\0';
			s += len + 1;
		} else {
			s++;
		}
	}
	/* a CLP07 of this payer: the payer's own key */
	for (unsigned i = 0; i <= ntok && !p07; i++) {
		const char *t = i == 0 ? b->ref : tok[i - 1];

		if (i == 0 && ntok == 1)
			continue;
		if (store_payment_by_clp07(m->st, r->payer_id, r->payer_name, t, &p07, &c07) != STORE_OK)
			return STORE_ERROR;
	}
	/* a CLM01, or a CLM01 followed by a date of service */
	for (unsigned i = 0; i <= ntok && !c01; i++) {
		const char *t = i == 0 ? b->ref : tok[i - 1];
		size_t len = strlen(t);

		if (i == 0 && ntok == 1)
			continue;
		if (plb_by_clm01(m, r, t, 0, &c01, &p01) != STORE_OK)
			return STORE_ERROR;
		if (c01) {
			m01 = "clm01";
		} else if (len > 8 && valid_date8(t + len - 8)) {
			char id[sizeof b->ref];
			int32_t date = 0;

			snprintf(id, sizeof id, "%.*s", (int)(len - 8), t);
			for (int k = 0; k < 8; k++)
				date = date * 10 + (t[len - 8 + k] - '0');
			if (plb_by_clm01(m, r, id, date, &c01, &p01) != STORE_OK)
				return STORE_ERROR;
			if (c01)
				m01 = "clm01_date";
		}
	}
	if (p07 && c07 && c01 && c01 != c07) {
		out->method = "conflict";
		return STORE_OK;
	}
	if (p07) {
		out->payment_id = p07;
		out->claim_id = c07;
		out->method = "clp07";
	} else if (c01) {
		out->payment_id = p01;
		out->claim_id = c01;
		out->method = m01;
	}
	return STORE_OK;
}

/* ------------------------------------------------------------ PLB rows stored before their links existed */

struct relink {
	struct store_plb_row *rows;
	unsigned n, cap;
	bool oom;
};

static bool
keep_unlinked(void *ctx, const struct store_plb_row *b)
{
	struct relink *x = ctx;

	if (strcmp(b->link, "none") != 0)
		return true; /* tried when it was stored */
	if (x->n == x->cap) {
		unsigned cap = x->cap ? x->cap * 2 : 64;
		struct store_plb_row *p = realloc(x->rows, cap * sizeof *p);

		if (!p) {
			x->oom = true;
			return false;
		}
		x->rows = p;
		x->cap = cap;
	}
	x->rows[x->n++] = *b;
	return true;
}

enum store_status
remit_relink_plb(struct remit_matcher *m, unsigned *linked)
{
	struct relink x = { 0 };
	struct r835_remittance *r = NULL;
	struct store_plb_link *links = NULL;
	int64_t *ids = NULL;
	enum store_status rc = STORE_ERROR;

	*linked = 0;
	if (store_each_plb(m->st, true, keep_unlinked, &x) != STORE_OK || x.oom)
		goto done;
	if (x.n == 0) {
		rc = STORE_OK;
		goto done;
	}
	r = calloc(1, sizeof *r);
	links = calloc(x.n, sizeof *links);
	ids = calloc(x.n, sizeof *ids);
	if (!r || !links || !ids)
		goto done;
	for (unsigned i = 0; i < x.n; i++) {
		const struct store_plb_row *row = &x.rows[i];
		struct r835_plb b = { 0 };

		/* what the matcher reads of the remittance and the adjustment, from the stored row */
		snprintf(r->payer_id, sizeof r->payer_id, "%s", row->payer_id);
		snprintf(r->payer_name, sizeof r->payer_name, "%s", row->payer_name);
		snprintf(b.reason, sizeof b.reason, "%s", row->reason);
		snprintf(b.ref, sizeof b.ref, "%s", row->reference);
		b.amount = row->amount;
		if (remit_match_plb(m, r, &b, &links[i]) != STORE_OK)
			goto done;
		ids[i] = row->id;
		*linked += links[i].claim_id != 0;
	}
	rc = store_relink_plb(m->st, ids, links, x.n);
done:
	free(x.rows);
	free(r);
	free(links);
	free(ids);
	return rc;
}
