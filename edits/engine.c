/*
 * engine.c - runs the rules over the claims of one encounter group.
 *
 * edits_claim() copies a claim into the open group (the claim's header and
 * the used part of its arrays, and its lines), or closes the group first
 * when the claim is of another one (same_group()).  Closing a group:
 *   1. each line of the group once: code looked up (classes, dates),
 *      modifiers as bits, diagnoses it points to as bits (of its own claim),
 *      date of service, NDC as a number;
 *   2. the group's lines ordered by date of service (stable, so file order
 *      within a date) and cut into encounters: the same for every claim;
 *   3. for each claim in file order: its payer context (SBR09 and payer id,
 *      the pack's profiles) and the rules enabled in it, then the families
 *      in catalogue order: ADMIN, CLM, DRUG, DX, MOD, NCCI, VALID; each rule
 *      tests the precomputed bits first and returns at once when the claim
 *      holds nothing it is about.  A finding on another claim's line is
 *      dropped: that claim's own turn reports it (internal.h).
 * A group of one claim costs what a claim alone did, plus its copy.  The
 * arrays grow to the largest group seen and are never freed between groups.
 */
#include "internal.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A claim of the open group: a copy, since the record stream's view ends with the next record. */
struct ed_held {
	struct c837_claim c;        /* c.lines points to lines */
	struct c837_line *lines;
	unsigned cap;
	uint64_t seq;
	uint32_t dx_all, dx_bits[C837_MAX_DX];
};

struct edits {
	const struct edits_tables *t;
	const struct edits_pack *pack;
	struct edits_finding *found;
	size_t nfound, capfound, next;
	/* the open group */
	struct ed_held *held;
	unsigned nheld, capheld;
	unsigned group_lines;
	uint64_t seq;               /* claims given */
	uint64_t done;              /* claims whose findings are out */
	uint64_t cur_seq;           /* the claim the rules run on */
	/* the group's lines, their order and encounters */
	struct ed_line *lines;
	unsigned *order;
	struct ed_encounter *enc;
	unsigned cap_lines;
	uint8_t on[R__COUNT];
	int8_t sev[R__COUNT];
	unsigned on_ctx;            /* payer context on[] was computed for, 0 = none yet */
	bool oom;                   /* a finding or a claim could not be kept (edits_oom) */
};

struct edits *
edits_new(const struct edits_tables *t, const struct edits_pack *p)
{
	struct edits *e = calloc(1, sizeof *e);

	if (!e)
		return NULL;
	e->t = t;
	e->pack = p;
	e->capfound = 64;
	e->found = malloc(e->capfound * sizeof *e->found);
	if (!e->found) {
		free(e);
		return NULL;
	}
	return e;
}

void
edits_free(struct edits *e)
{
	if (!e)
		return;
	for (unsigned i = 0; i < e->capheld; i++)
		free(e->held[i].lines);
	free(e->held);
	free(e->found);
	free(e->lines);
	free(e->order);
	free(e->enc);
	free(e);
}

int
edits_supersedes(const struct edits *e, enum x12_code code)
{
	enum ed_rule r;

	switch (code) {
	case X12_E_BAL_CLM: r = R_CLM_002; break;
	case X12_E_LIN_WITHOUT_CTP: r = R_DRUG_002; break;
	default: return -1;
	}
	return e->on_ctx && e->on[r] ? (int)r : -1;
}

/* ------------------------------------------------------------------ findings */

/* snprintf(dst, size, "%s", src) without the format parser: a finding is built per rule hit */
static void
copy_str(char *dst, size_t size, const char *src)
{
	x12_str_copy(dst, size, (struct x12_str){ src, strnlen(src, size - 1) });
}

static void
emit_v(struct ed_ctx *x, enum ed_rule r, int sev, const struct ed_line *l, const struct x12_pos *pos,
       const char *fmt, va_list ap)
{
	struct edits *e = x->e;
	struct edits_finding *f;
	unsigned n;

	if (l && !ed_own(x, l))
		return; /* another claim of the group: reported in its own turn */
	if (e->nfound == e->capfound) {
		size_t cap = e->capfound * 2;
		struct edits_finding *p = realloc(e->found, cap * sizeof *p);

		if (!p) {
			e->oom = true;
			return;
		}
		e->found = p;
		e->capfound = cap;
	}
	f = &e->found[e->nfound++];
	f->rule = r;
	copy_str(f->rule_id, sizeof f->rule_id, edits_rules(&n)[r].id);
	f->severity = e->sev[r] >= 0 ? (enum x12_severity)e->sev[r]
				     : sev >= 0 ? (enum x12_severity)sev : edits_rules(&n)[r].severity;
	memcpy(f->claim, x->c->id, sizeof f->claim);
	if (l) {
		f->line = l->ln->lx;
		memcpy(f->control, l->ln->control, sizeof f->control);
		copy_str(f->procedure, sizeof f->procedure, l->ln->code);
		f->pos = pos ? *pos : l->ln->pos;
	} else {
		f->line = 0;
		f->control[0] = f->procedure[0] = '\0';
		f->pos = pos ? *pos : x->c->pos;
	}
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	f->claim_seq = e->cur_seq;
}

void
ed_emit(struct ed_ctx *x, enum ed_rule r, const struct ed_line *l, const struct x12_pos *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_v(x, r, -1, l, pos, fmt, ap);
	va_end(ap);
}

void
ed_emit_sev(struct ed_ctx *x, enum ed_rule r, int sev, const struct ed_line *l, const struct x12_pos *pos,
	    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_v(x, r, sev, l, pos, fmt, ap);
	va_end(ap);
}

bool
edits_next(struct edits *e, struct edits_finding *out)
{
	if (e->next >= e->nfound)
		return false;
	*out = e->found[e->next++];
	return true;
}

/* ------------------------------------------------------------------ per-claim facts */

static uint32_t
mod_bits(const struct c837_line *ln)
{
	uint32_t m = 0;

	for (unsigned i = 0; i < 4; i++) {
		const char *s = ln->mod[i];

		if (!s[0] || !s[1])
			continue;
		switch (s[0]) {
		case 'J':
			m |= s[1] == 'W' ? M_JW : s[1] == 'Z' ? M_JZ : s[1] == 'G' ? M_JG : 0;
			break;
		case 'T':
			m |= s[1] == 'B' ? M_TB : (s[1] == 'A' || (s[1] >= '1' && s[1] <= '9')) ? M_ANATOMIC : 0;
			break;
		case 'E':
			m |= s[1] == 'A' ? M_EA : s[1] == 'B' ? M_EB : s[1] == 'C' ? M_EC
			   : (s[1] >= '1' && s[1] <= '4') ? M_ANATOMIC : 0;
			break;
		case 'X':
			m |= s[1] == 'E' ? M_XE : s[1] == 'P' ? M_XP : s[1] == 'S' ? M_XS : s[1] == 'U' ? M_XU : 0;
			break;
		case 'F':
			m |= (s[1] == 'A' || (s[1] >= '1' && s[1] <= '9')) ? M_ANATOMIC : 0;
			break;
		default:
			if (strcmp(s, "25") == 0)
				m |= M_25;
			else if (strcmp(s, "59") == 0)
				m |= M_59;
			else if (!strcmp(s, "LT") || !strcmp(s, "RT") || !strcmp(s, "LC") || !strcmp(s, "LD") ||
				 !strcmp(s, "RC") || !strcmp(s, "LM") || !strcmp(s, "RI") || !strcmp(s, "24") ||
				 !strcmp(s, "27") || !strcmp(s, "57") || !strcmp(s, "78") || !strcmp(s, "79") ||
				 !strcmp(s, "91"))
				m |= M_ANATOMIC;
		}
	}
	return m;
}

/* The two digits after the letter (C50911 -> 50), -1 when they are not digits. */
static int
category(const char *d)
{
	if (d[1] < '0' || d[1] > '9' || d[2] < '0' || d[2] > '9')
		return -1;
	return (d[1] - '0') * 10 + (d[2] - '0');
}

/* Diagnosis facts from the code's family (ICD-10-CM chapters and categories): one switch on the letter. */
static uint32_t
dx_bits(const char *d)
{
	int n = d[0] ? category(d) : -1;

	switch (d[0]) {
	case 'C':
		if (n < 0)
			return 0;
		if (n == 92)
			return D_NEOPLASM | D_ACTIVE | D_PRIMARY | D_ESA_EXCLUDED;
		if (n >= 77 && n <= 79)
			return D_NEOPLASM | D_ACTIVE | D_METASTATIC;
		return D_NEOPLASM | (n <= 96 ? D_ACTIVE | D_PRIMARY : 0);
	case 'D':
		if (d[1] == '3' && d[2] == 'A')
			return D_NEOPLASM | D_ACTIVE; /* D3A neuroendocrine tumours */
		if (n < 0)
			return 0;
		if (n <= 49)
			return D_NEOPLASM | ((n <= 9 || n >= 37) ? D_ACTIVE : 0);
		if (n == 64 && d[3] == '8' && d[4] == '1' && !d[5])
			return D_D6481 | D_HYDRATION;
		if ((n >= 50 && n <= 53) || (n >= 55 && n <= 59) || n == 62)
			return D_ESA_EXCLUDED;
		return 0;
	case 'Z':
		if (n == 85)
			return D_HISTORY;
		if (n == 51 && d[3] == '1' && !d[5])
			return d[4] == '1' ? D_Z5111 : d[4] == '2' ? D_Z5112 : 0;
		return 0;
	case 'E':
		return n == 86 || n == 87 ? D_HYDRATION : 0;
	case 'R':
		return n == 11 ? D_HYDRATION : 0;
	case 'A':
		return n == 8 || n == 9 ? D_HYDRATION : 0;
	case 'N':
		return n == 17 ? D_HYDRATION : 0;
	default:
		return 0;
	}
}

/* The LIN03 NDC as a number when it is exactly 11 digits, else -1. */
static int64_t
ndc_value(const struct c837_line *ln)
{
	int64_t n = 0;
	size_t i;

	if (!ln->has_lin)
		return -1;
	for (i = 0; ln->ndc[i]; i++) {
		if (ln->ndc[i] < '0' || ln->ndc[i] > '9')
			return -1;
		n = n * 10 + (ln->ndc[i] - '0');
	}
	return i == 11 ? n : -1;
}

static int32_t
claim_date(const struct c837_claim *c)
{
	for (unsigned i = 0; i < c->ndates; i++)
		if (strcmp(c->dates[i].qual, "472") == 0 || strcmp(c->dates[i].qual, "434") == 0)
			return c->dates[i].from;
	return 0;
}

const char *
ed_place(const struct ed_ctx *x, const struct ed_line *l)
{
	return l->ln->place[0] ? l->ln->place : l->claim->facility;
}

int64_t
ed_vial_units(const struct ed_ctx *x, const struct ed_line *l)
{
	const struct ed_xwalk *w;

	if (l->ndc < 0 || !l->ln->has_ctp || l->ln->ndc_qty <= 0 || strcmp(l->ln->ndc_unit, "UN") != 0 ||
	    !(w = ed_xwalk_find(x->t, (uint64_t)l->ndc, l->dos)) || w->hcpcs != l->key)
		return -1;
	return l->ln->ndc_qty * w->billunits / 1000;
}

static bool
grow(struct edits *e, unsigned n)
{
	unsigned cap = e->cap_lines ? e->cap_lines : 16;
	void *a, *b, *c;

	while (cap < n)
		cap *= 2;
	a = realloc(e->lines, cap * sizeof *e->lines);
	if (a)
		e->lines = a;
	b = realloc(e->order, cap * sizeof *e->order);
	if (b)
		e->order = b;
	c = realloc(e->enc, cap * sizeof *e->enc);
	if (c)
		e->enc = c;
	if (!a || !b || !c)
		return false;
	e->cap_lines = cap;
	return true;
}

/* Line facts of one claim into x->all[base..]: they do not depend on which claim the rules run on. */
static void
prepare_lines(struct ed_ctx *x, const struct c837_claim *c, const uint32_t *dx_bits, uint32_t dx_all, unsigned base)
{
	int32_t fallback = claim_date(c);

	for (unsigned i = 0; i < c->nlines; i++) {
		const struct c837_line *ln = &c->lines[i];
		struct ed_line *l = &x->all[base + i];

		l->ln = ln;
		l->claim = c;
		l->key = ed_key(ln->code);
		l->row = ed_code_find(x->t, l->key);
		l->cls = ed_code_classes(l->row, ln->code);
		l->mods = ln->nmod ? mod_bits(ln) : 0;
		l->dos = ln->date_from ? ln->date_from : fallback;
		l->ndc = ndc_value(ln);
		l->dx = l->dxptr = 0;
		if (c->kind == 'I') {
			l->dx = dx_all;
		} else {
			for (unsigned k = 0; k < ln->ndx_ptr; k++) {
				unsigned p = ln->dx_ptr[k];

				if (p >= 1 && p <= c->ndx) {
					l->dx |= dx_bits[p - 1];
					l->dxptr |= 1u << (p - 1);
				}
			}
		}
	}
}

static uint32_t
claim_dx_bits(const struct c837_claim *c, uint32_t *bits)
{
	uint32_t all = 0;

	for (unsigned i = 0; i < c->ndx; i++)
		all |= bits[i] = dx_bits(c->dx[i].code);
	return all;
}

/* The group's lines in date-of-service order (stable insertion sort: groups have few lines), cut into encounters. */
static void
encounters(struct ed_ctx *x)
{
	for (unsigned i = 0; i < x->nall; i++) {
		unsigned j = i, v = i;

		while (j > 0 && x->all[x->order[j - 1]].dos > x->all[v].dos) {
			x->order[j] = x->order[j - 1];
			j--;
		}
		x->order[j] = v;
	}
	x->nenc = 0;
	for (unsigned i = 0; i < x->nall; i++) {
		struct ed_line *l = &x->all[x->order[i]];
		struct ed_encounter *en;

		if (x->nenc == 0 || x->enc[x->nenc - 1].dos != l->dos) {
			en = &x->enc[x->nenc++];
			en->dos = l->dos;
			en->first = i;
			en->n = 0;
			en->cls = 0;
		}
		en = &x->enc[x->nenc - 1];
		en->n++;
		en->cls |= l->cls;
		l->enc = x->nenc - 1;
	}
}

/* The rules enabled for a payer context, with their severities (recomputed only when the context changes). */
static unsigned
payer_context(struct edits *e, const struct c837_claim *c)
{
	unsigned ctx = edits_pack_payer(e->pack, c);

	if (ctx != e->on_ctx) {
		for (unsigned r = 0; r < R__COUNT; r++) {
			int sev;

			e->on[r] = ed_pack_state(e->pack, r, ctx, &sev);
			e->sev[r] = (int8_t)sev;
		}
		e->on_ctx = ctx;
	}
	return ctx;
}

/* Every rule on claim c, whose lines are x->all[first..first + c->nlines). */
static void
run_claim(struct ed_ctx *x, const struct c837_claim *c, uint64_t seq, unsigned first, const uint32_t *dx_bits,
	  uint32_t dx_all)
{
	struct edits *e = x->e;

	x->c = c;
	x->lines = x->all + first;
	x->nlines = c->nlines;
	x->dx_all = dx_all;
	x->dx_bits = dx_bits;
	x->payer = payer_context(e, c);
	x->on = e->on;
	x->facility_13x = c->kind == 'I' && c->facility[0] == '1' && c->facility[1] == '3';
	e->cur_seq = seq;
	ed_rules_admin(x);
	ed_rules_clm(x);
	ed_rules_drug(x);
	ed_rules_dx(x);
	ed_rules_mod(x);
	ed_rules_ncci(x);
	ed_rules_valid(x);
	e->done = seq;
}

static struct ed_ctx
context(struct edits *e)
{
	return (struct ed_ctx){ .e = e, .t = e->t, .all = e->lines, .order = e->order, .enc = e->enc };
}

/* A claim alone, from the caller's view (no copy): when it cannot join a group. */
static void
run_alone(struct edits *e, const struct c837_claim *c, uint64_t seq)
{
	struct ed_ctx x;
	uint32_t bits[C837_MAX_DX], all;

	if (c->nlines > e->cap_lines && !grow(e, c->nlines)) {
		e->oom = true;
		e->done = seq;
		return;
	}
	x = context(e);
	all = claim_dx_bits(c, bits);
	x.nall = c->nlines;
	prepare_lines(&x, c, bits, all, 0);
	encounters(&x);
	run_claim(&x, c, seq, 0, bits, all);
}

/* Runs the rules on every claim of the open group and empties it. */
static void
close_group(struct edits *e)
{
	struct ed_ctx x;
	unsigned base = 0;

	if (!e->nheld)
		return;
	x = context(e); /* the group's lines fit: hold() grew the tables */
	for (unsigned i = 0; i < e->nheld; i++) {
		struct ed_held *h = &e->held[i];

		h->dx_all = claim_dx_bits(&h->c, h->dx_bits);
		prepare_lines(&x, &h->c, h->dx_bits, h->dx_all, base);
		base += h->c.nlines;
	}
	x.nall = base;
	encounters(&x);
	base = 0;
	for (unsigned i = 0; i < e->nheld; i++) {
		struct ed_held *h = &e->held[i];

		run_claim(&x, &h->c, h->seq, base, h->dx_bits, h->dx_all);
		base += h->c.nlines;
	}
	e->nheld = 0;
	e->group_lines = 0;
}

/* The fields that tell an encounter group: one patient of one billing provider, billed to one payer. */
static bool
party_eq(const struct c837_party *a, const struct c837_party *b)
{
	return strcmp(a->entity, b->entity) == 0 && strcmp(a->id_qual, b->id_qual) == 0 && strcmp(a->id, b->id) == 0 &&
	       strcmp(a->last, b->last) == 0 && strcmp(a->first, b->first) == 0 && a->birth_date == b->birth_date;
}

static bool
groupable(const struct c837_claim *c)
{
	return c->frequency[0] != '7' && c->frequency[0] != '8';
}

static bool
same_group(const struct c837_claim *a, const struct c837_claim *b)
{
	return a->kind == b->kind && a->pos.segment < b->pos.segment && strcmp(a->isa13, b->isa13) == 0 &&
	       strcmp(a->gs06, b->gs06) == 0 && strcmp(a->st02, b->st02) == 0 && strcmp(a->billing.id, b->billing.id) == 0 &&
	       strcmp(a->billing.id_qual, b->billing.id_qual) == 0 && strcmp(a->billing.tin, b->billing.tin) == 0 &&
	       strcmp(a->payer.id, b->payer.id) == 0 && strcmp(a->payer_resp, b->payer_resp) == 0 &&
	       strcmp(a->filing_indicator, b->filing_indicator) == 0 && party_eq(&a->subscriber, &b->subscriber) &&
	       party_eq(&a->patient, &b->patient) && strcmp(a->relationship, b->relationship) == 0;
}

/*
 * The copy of a claim: everything but the unused tails of its code, date
 * and reference arrays (most claims use a few of their 120 slots), and its
 * lines into the held claim's own table.
 */
_Static_assert(offsetof(struct c837_claim, ndx) == offsetof(struct c837_claim, dx) + sizeof(((struct c837_claim *)0)->dx) &&
		       offsetof(struct c837_claim, codes) > offsetof(struct c837_claim, ndx) &&
		       offsetof(struct c837_claim, dates) > offsetof(struct c837_claim, ncodes) &&
		       offsetof(struct c837_claim, refs) > offsetof(struct c837_claim, ndates) &&
		       offsetof(struct c837_claim, nrefs) > offsetof(struct c837_claim, refs),
	       "claim_copy() copies the arrays of struct c837_claim by their counts: keep each array before its count");

static void
claim_copy(struct c837_claim *d, const struct c837_claim *s)
{
	size_t head = offsetof(struct c837_claim, dx), tail = offsetof(struct c837_claim, ndx);

	memcpy(d, s, head);
	memcpy(d->dx, s->dx, s->ndx * sizeof *s->dx);
	memcpy((char *)d + tail, (const char *)s + tail, offsetof(struct c837_claim, codes) - tail);
	memcpy(d->codes, s->codes, s->ncodes * sizeof *s->codes);
	tail = offsetof(struct c837_claim, ncodes);
	memcpy((char *)d + tail, (const char *)s + tail, offsetof(struct c837_claim, dates) - tail);
	memcpy(d->dates, s->dates, s->ndates * sizeof *s->dates);
	tail = offsetof(struct c837_claim, ndates);
	memcpy((char *)d + tail, (const char *)s + tail, offsetof(struct c837_claim, refs) - tail);
	memcpy(d->refs, s->refs, s->nrefs * sizeof *s->refs);
	tail = offsetof(struct c837_claim, nrefs);
	memcpy((char *)d + tail, (const char *)s + tail, sizeof *d - tail);
}

/* Copies c into the open group; false when out of memory (the group is left as it was). */
static bool
hold(struct edits *e, const struct c837_claim *c, uint64_t seq)
{
	struct ed_held *h;

	if (e->group_lines + c->nlines > e->cap_lines && !grow(e, e->group_lines + c->nlines))
		return false;
	if (e->nheld == e->capheld) {
		unsigned cap = e->capheld ? e->capheld * 2 : 2;
		struct ed_held *p = realloc(e->held, cap * sizeof *p);

		if (!p)
			return false;
		for (unsigned i = e->capheld; i < cap; i++)
			p[i].lines = NULL, p[i].cap = 0;
		e->held = p;
		e->capheld = cap;
	}
	h = &e->held[e->nheld];
	if (c->nlines > h->cap) {
		struct c837_line *l = realloc(h->lines, c->nlines * sizeof *l);

		if (!l)
			return false;
		h->lines = l;
		h->cap = c->nlines;
	}
	claim_copy(&h->c, c);
	memcpy(h->lines, c->lines, c->nlines * sizeof *h->lines);
	h->c.lines = h->lines;
	h->c.lines_cap = h->cap;
	h->seq = seq;
	e->nheld++;
	e->group_lines += c->nlines;
	return true;
}

static void
restart(struct edits *e)
{
	/* the findings of the last call were drained (edits_next() until false) */
	e->nfound = e->next = 0;
}

uint64_t
edits_claim(struct edits *e, const struct c837_claim *c)
{
	uint64_t seq = ++e->seq;

	restart(e);
	if (e->nheld && (!groupable(c) || !same_group(&e->held[0].c, c) || e->nheld == EDITS_GROUP_CLAIMS ||
			 e->group_lines + c->nlines > C837_MAX_LINES))
		close_group(e);
	if (!groupable(c) || !hold(e, c, seq)) {
		close_group(e);
		run_alone(e, c, seq);
	}
	payer_context(e, c); /* edits_supersedes() answers for this claim */
	return seq;
}

void
edits_flush(struct edits *e)
{
	restart(e);
	close_group(e);
}

bool
edits_oom(const struct edits *e)
{
	return e->oom;
}

uint64_t
edits_done(const struct edits *e)
{
	return e->done;
}
