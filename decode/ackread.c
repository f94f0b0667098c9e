/*
 * ackread.c - walker events -> acknowledgment records (see ackread.h):
 *
 *   TA1        outside groups: TA101-TA105
 *   999        AK1 (group), AK2 IK3 CTX IK4 IK5 (one record per AK2, at its IK5
 *              or, when IK5 is missing, at the next AK2, AK9 or SE), AK9
 *   277        HL levels 20 (payer NM1*PR), 21 (receiver), 19 (provider
 *              NM1*85 or 1P), PT (X214 patient) or 22/23 (X212 subscriber,
 *              dependent): TRN*2 STC REF DTP*472, 2220 SVC STC REF*FJ
 *              DTP*472; one record per claim level, at the next HL or SE
 *
 * Segments are read by id: nothing here needs a definition.  Two record
 * slots: the one handed out stays valid while the next is being built (an HL
 * closes one claim and opens the next in the same event).
 */
#include "decode.h"
#include "ackread.h"

#include <string.h>

struct ackr_slot {
	struct ackr_record rec;
	struct ackr_error errors[ACKR_MAX_ERRORS];
	struct ackr_line lines[ACKR_MAX_LINES];
};

enum ackr_set { SET_NONE, SET_999, SET_277 };

struct ackr_decoder {
	struct dec_base base;
	struct ackr_slot slot[2];
	unsigned cur;                /* slot being built; the other one was handed out */
	bool open;                   /* slot[cur] holds an unfinished SET or CLAIM */
	enum ackr_set set;

	/* 999: the AK1 of the group being acknowledged */
	char gs01[3], gs06[10], version[16];
	bool last_ik4;               /* the last error entry already has its IK4 */
	/* 277CA: the HL level being read and what the levels above said */
	char level[3];
	char payer_id[81], provider_npi[81];
	struct ackr_line *line;      /* the 2220D being read, or NULL */
	struct ackr_line spare;      /* lines past ACKR_MAX_LINES */
	const struct x12_segment *again; /* an AK9 to read once the AK2 before it is out */
};

#define CPY DEC_CPY

bool
ackr_category_rejects(const char *c)
{
	return c[0] == 'A' && c[2] == '\0' && (c[1] == '3' || c[1] == '4' || c[1] == '6' || c[1] == '7' || c[1] == '8');
}

static bool
verdict_rejects(const char *s)
{
	return s[1] == '\0' && (s[0] == 'R' || s[0] == 'M' || s[0] == 'W' || s[0] == 'X');
}

struct ackr_decoder *
ackr_decoder_new(const struct x12_alloc *alloc)
{
	struct x12_alloc a;
	struct ackr_decoder *d;

	x12_alloc_init(&a, alloc);
	d = x12_mem_calloc(&a, 1, sizeof *d);
	if (d)
		d->base.alloc = a;
	return d;
}

void
ackr_decoder_free(struct ackr_decoder *d)
{
	if (d)
		x12_mem_free(&d->base.alloc, d);
}

void
ackr_decoder_reset(struct ackr_decoder *d)
{
	struct x12_alloc a = d->base.alloc;

	memset(d, 0, sizeof *d);
	d->base.alloc = a;
}

/* A fresh record in the building slot, with the envelope ids. */
static struct ackr_record *
begin(struct ackr_decoder *d, enum ackr_kind kind, const struct x12_segment *s)
{
	struct ackr_slot *sl = &d->slot[d->cur];
	struct ackr_record *r = &sl->rec;

	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->errors = sl->errors;
	r->lines = sl->lines;
	memcpy(r->isa13, d->base.isa13, sizeof r->isa13);
	memcpy(r->gs06, d->base.gs06, sizeof r->gs06);
	if (kind != ACKR_TA1) {
		memcpy(r->st02, d->base.st02, sizeof r->st02);
		memcpy(r->st01, d->set == SET_999 ? "999" : "277", 4);
	}
	dec_mark(&r->pos, s, NULL, 0, 0);
	d->open = kind == ACKR_SET || kind == ACKR_CLAIM;
	d->last_ik4 = false;
	d->line = NULL;
	return r;
}

/* Hands out the building slot and switches to the other one. */
static void
ready(struct ackr_decoder *d, struct dec_result *out)
{
	const struct ackr_record *r = &d->slot[d->cur].rec;

	d->open = false;
	/* an X212 subscriber level with its claims under a dependent level says nothing itself */
	if (r->kind == ACKR_CLAIM && !r->claim_id[0] && !r->nstc)
		return;
	out->ready = DEC_ACK;
	out->ack = r;
	d->cur ^= 1;
}

/* HL03 of a claim level: 2000D patient (X214), 2000D subscriber and 2000E dependent (X212). */
static bool
claim_level(const char *level)
{
	return strcmp(level, "PT") == 0 || strcmp(level, "22") == 0 || strcmp(level, "23") == 0;
}

static void
add_codes(struct ackr_record *r, const struct x12_segment *s, unsigned first, unsigned last)
{
	for (unsigned i = first; i <= last; i++) {
		struct x12_str v = x12_seg_element(s, i);

		if (v.len && r->ncodes < ACKR_MAX_CODES)
			CPY(r->codes[r->ncodes++], v);
	}
}

/* YYMMDD of a TA1 as CCYYMMDD, the century taken as 20. */
static int32_t
date6(struct x12_str v)
{
	int32_t n = 0;

	if (v.len != 6)
		return 0;
	for (size_t i = 0; i < 6; i++) {
		if (v.ptr[i] < '0' || v.ptr[i] > '9')
			return 0;
		n = n * 10 + (v.ptr[i] - '0');
	}
	return 20000000 + n;
}

static void
on_ta1(struct ackr_decoder *d, const struct x12_segment *s, struct dec_result *out)
{
	struct ackr_record *r = begin(d, ACKR_TA1, s);

	CPY(r->ref_isa13, x12_seg_element(s, 1));
	r->ref_date = date6(x12_seg_element(s, 2));
	CPY(r->ref_time, x12_seg_element(s, 3));
	CPY(r->status, x12_seg_element(s, 4));
	r->rejected = strcmp(r->status, "R") == 0;
	add_codes(r, s, 5, 5);
	ready(d, out);
}

/* ---------------------------------------------------------------- 999 */

static struct ackr_error *
new_error(struct ackr_record *r)
{
	struct ackr_error *e;

	r->errors_total++;
	if (r->nerrors == ACKR_MAX_ERRORS)
		return NULL;
	e = &r->errors[r->nerrors++];
	memset(e, 0, sizeof *e);
	return e;
}

static void
on_999(struct ackr_decoder *d, const struct x12_segment *s, uint32_t id, const struct txs_loop *l,
       struct dec_result *out)
{
	struct ackr_record *r = &d->slot[d->cur].rec;
	struct ackr_error *e;
	int64_t n;

	switch (id) {
	case DEC_ID3('A', 'K', '1'):
		CPY(d->gs01, x12_seg_element(s, 1));
		CPY(d->gs06, x12_seg_element(s, 2));
		CPY(d->version, x12_seg_element(s, 3));
		return;
	case DEC_ID3('A', 'K', '2'):
		if (d->open)
			ready(d, out); /* the previous AK2 had no IK5 */
		r = begin(d, ACKR_SET, s);
		dec_mark(&r->pos, s, l, 0, 0);
		memcpy(r->ref_gs01, d->gs01, sizeof r->ref_gs01);
		memcpy(r->ref_gs06, d->gs06, sizeof r->ref_gs06);
		CPY(r->ref_st01, x12_seg_element(s, 1));
		CPY(r->ref_st02, x12_seg_element(s, 2));
		CPY(r->ref_version, x12_seg_element(s, 3));
		if (!r->ref_version[0])
			memcpy(r->ref_version, d->version, sizeof r->ref_version);
		return;
	case DEC_ID3('I', 'K', '3'):
		if (!d->open)
			return;
		d->last_ik4 = false;
		if (!(e = new_error(r)))
			return;
		CPY(e->seg_id, x12_seg_element(s, 1));
		if (x12_parse_scaled(x12_seg_element(s, 2), 0, &n) && n >= 0 && n <= UINT32_MAX)
			e->seg_pos = (uint32_t)n;
		CPY(e->loop_id, x12_seg_element(s, 3));
		CPY(e->seg_code, x12_seg_element(s, 4));
		dec_mark(&e->pos, s, l, 0, 0);
		return;
	case DEC_ID3('C', 'T', 'X'): {
		struct x12_str part[2] = { { 0 } };

		if (!d->open || !r->nerrors)
			return;
		x12_str_split(x12_seg_element(s, 1), s->delims.component, part, 2);
		if (x12_str_eq(part[0], "CLM01"))
			CPY(r->errors[r->nerrors - 1].claim_id, part[1]);
		return;
	}
	case DEC_ID3('I', 'K', '4'):
		if (!d->open)
			return;
		if (r->nerrors && !d->last_ik4) {
			e = &r->errors[r->nerrors - 1];
		} else {
			struct ackr_error *prev = r->nerrors ? &r->errors[r->nerrors - 1] : NULL;

			if (!(e = new_error(r)))
				return;
			if (prev)
				*e = *prev; /* the same segment, another element */
			e->element[0] = e->de[0] = e->el_code[0] = e->bad_value[0] = '\0';
		}
		d->last_ik4 = true;
		/* IK401 is a composite: its components joined by ':' whatever the separator */
		CPY(e->element, x12_seg_element(s, 1));
		for (char *c = e->element; *c; c++)
			if (*c == s->delims.component)
				*c = ':';
		CPY(e->de, x12_seg_element(s, 2));
		CPY(e->el_code, x12_seg_element(s, 3));
		CPY(e->bad_value, x12_seg_element(s, 4));
		dec_mark(&e->pos, s, l, 0, 0);
		return;
	case DEC_ID3('I', 'K', '5'):
		if (!d->open)
			return;
		CPY(r->status, x12_seg_element(s, 1));
		r->rejected = verdict_rejects(r->status);
		add_codes(r, s, 2, 6);
		ready(d, out);
		return;
	case DEC_ID3('A', 'K', '9'):
		if (d->open) {
			/* an AK2 without IK5: hand it out; the AK9 is read again on the next call */
			ready(d, out);
			d->again = s;
			return;
		}
		r = begin(d, ACKR_GROUP, s);
		dec_mark(&r->pos, s, l, 0, 0);
		memcpy(r->ref_gs01, d->gs01, sizeof r->ref_gs01);
		memcpy(r->ref_gs06, d->gs06, sizeof r->ref_gs06);
		memcpy(r->ref_version, d->version, sizeof r->ref_version);
		CPY(r->status, x12_seg_element(s, 1));
		r->rejected = verdict_rejects(r->status); /* P, partially accepted, is not */
		if (x12_parse_scaled(x12_seg_element(s, 2), 0, &n) && n >= 0 && n <= UINT32_MAX)
			r->sets_included = (uint32_t)n;
		if (x12_parse_scaled(x12_seg_element(s, 3), 0, &n) && n >= 0 && n <= UINT32_MAX)
			r->sets_received = (uint32_t)n;
		if (x12_parse_scaled(x12_seg_element(s, 4), 0, &n) && n >= 0 && n <= UINT32_MAX)
			r->sets_accepted = (uint32_t)n;
		add_codes(r, s, 5, 9);
		ready(d, out);
		return;
	default:
		return;
	}
}

/* ---------------------------------------------------------------- 277CA */

static void
on_stc(struct ackr_status *st, unsigned *n, const struct x12_segment *s, bool *rejected)
{
	static const unsigned where[] = { 1, 10, 11 };

	for (unsigned i = 0; i < 3; i++) {
		struct x12_str part[3] = { { 0 } };
		struct ackr_status *t;

		x12_str_split(x12_seg_element(s, where[i]), s->delims.component, part, 3);
		if (!part[0].len || *n == ACKR_MAX_STATUS)
			continue;
		t = &st[(*n)++];
		CPY(t->category, part[0]);
		CPY(t->code, part[1]);
		CPY(t->entity, part[2]);
		if (ackr_category_rejects(t->category))
			*rejected = true;
	}
}

static void
dtp_range(const struct x12_segment *s, int32_t *from, int32_t *to)
{
	(void)x12_parse_period(x12_seg_element(s, 2), x12_seg_element(s, 3), from, to);
}

static void
on_277(struct ackr_decoder *d, const struct x12_segment *s, uint32_t id, const struct txs_loop *l,
       struct dec_result *out)
{
	struct ackr_record *r = &d->slot[d->cur].rec;
	bool pt = d->open && claim_level(d->level);

	switch (id) {
	case DEC_ID2('H', 'L'):
		if (d->open)
			ready(d, out);
		CPY(d->level, x12_seg_element(s, 3));
		if (strcmp(d->level, "20") == 0)
			d->payer_id[0] = '\0';
		if (strcmp(d->level, "20") == 0 || strcmp(d->level, "21") == 0 || strcmp(d->level, "19") == 0)
			d->provider_npi[0] = '\0';
		if (claim_level(d->level)) {
			r = begin(d, ACKR_CLAIM, s);
			dec_mark(&r->pos, s, l, 0, 0);
			memcpy(r->payer_id, d->payer_id, sizeof r->payer_id);
			memcpy(r->provider_npi, d->provider_npi, sizeof r->provider_npi);
		}
		return;
	case DEC_ID3('N', 'M', '1'):
		if (strcmp(d->level, "20") == 0)
			CPY(d->payer_id, x12_seg_element(s, 9));
		else if (strcmp(d->level, "19") == 0)
			CPY(d->provider_npi, x12_seg_element(s, 9));
		return;
	case DEC_ID3('T', 'R', 'N'):
		if (pt && !d->line)
			CPY(r->claim_id, x12_seg_element(s, 2));
		return;
	case DEC_ID3('S', 'T', 'C'):
		if (!pt)
			return;
		if (d->line) {
			on_stc(d->line->status, &d->line->nstatus, s, &d->line->rejected);
			return;
		}
		if (!r->nstc) {
			(void)x12_parse_date8(x12_seg_element(s, 2), &r->status_date);
			CPY(r->action, x12_seg_element(s, 3));
			r->has_charge = x12_parse_money(x12_seg_element(s, 4), &r->charge);
		}
		on_stc(r->stc, &r->nstc, s, &r->rejected);
		if (r->nstc && !r->status[0])
			memcpy(r->status, r->stc[0].category, sizeof r->status);
		return;
	case DEC_ID3('R', 'E', 'F'):
		if (!pt)
			return;
		if (d->line) {
			if (x12_str_eq(x12_seg_element(s, 1), "FJ"))
				CPY(d->line->control, x12_seg_element(s, 2));
		} else if (x12_str_eq(x12_seg_element(s, 1), "1K")) {
			CPY(r->payer_claim_id, x12_seg_element(s, 2));
		} else if (x12_str_eq(x12_seg_element(s, 1), "D9")) {
			CPY(r->clearinghouse_id, x12_seg_element(s, 2));
		}
		return;
	case DEC_ID3('D', 'T', 'P'):
		if (!pt || !x12_str_eq(x12_seg_element(s, 1), "472"))
			return;
		if (d->line) {
			int32_t to;

			dtp_range(s, &d->line->date, &to);
		} else {
			dtp_range(s, &r->service_from, &r->service_to);
		}
		return;
	case DEC_ID3('S', 'V', 'C'):
		if (!pt)
			return;
		if (r->nlines == ACKR_MAX_LINES) {
			r->dropped_lines++;
			d->line = &d->spare; /* read into the spare, kept nowhere */
		} else {
			d->line = &r->lines[r->nlines++];
		}
		memset(d->line, 0, sizeof *d->line);
		{
			char mod[4][3];
			unsigned nmod;

			dec_procedure(x12_seg_element(s, 1), s->delims.component, d->line->qual, d->line->code, mod,
				      &nmod, NULL, 0);
		}
		(void)x12_parse_money(x12_seg_element(s, 2), &d->line->charge);
		return;
	default:
		return;
	}
}

enum x12_status
ackr_decoder_event(struct ackr_decoder *d, const struct x12_walk_event *ev, struct dec_result *out)
{
	const struct x12_segment *s;

	out->ready = DEC_NONE;
	out->ndiags = 0;
	if (!ev) {
		if ((s = d->again) != NULL) {
			d->again = NULL;
			on_999(d, s, dec_id32(s), NULL, out);
		}
		return X12_OK;
	}
	d->again = NULL;
	s = ev->seg;
	switch (ev->type) {
	case X12_WALK_TXN_BEGIN: {
		struct x12_str st01 = s ? x12_seg_element(s, 1) : (struct x12_str){ 0 };

		/* a 277 of any guide: the 277CA (X214) and the claim status response (X212) share HL/TRN/STC */
		d->set = x12_str_eq(st01, "999")   ? SET_999
			 : x12_str_eq(st01, "277") ? SET_277
						   : SET_NONE;
		d->base.in_set = d->set != SET_NONE;
		d->open = false;
		d->level[0] = '\0';
		d->payer_id[0] = d->provider_npi[0] = '\0';
		d->gs01[0] = d->gs06[0] = d->version[0] = '\0';
		if (s)
			CPY(d->base.st02, x12_seg_element(s, 2));
		return X12_OK;
	}
	case X12_WALK_TXN_END:
		if (d->base.in_set && d->open)
			ready(d, out);
		d->base.in_set = false;
		d->set = SET_NONE;
		return X12_OK;
	case X12_WALK_LOOP_ENTER:
	case X12_WALK_LOOP_LEAVE:
	case X12_WALK_DIAG:
		return X12_OK;
	case X12_WALK_SEGMENT:
		break;
	}
	if (!s)
		return X12_OK;
	if (!d->base.in_set) {
		if (x12_seg_is(s, "TA1"))
			on_ta1(d, s, out);
		else
			(void)dec_envelope(&d->base, ev);
		return X12_OK;
	}
	if (s->st_segment == 1 || x12_seg_is(s, "SE")) {
		if (x12_seg_is(s, "SE") && d->open)
			ready(d, out);
		return X12_OK;
	}
	if (d->set == SET_999)
		on_999(d, s, dec_id32(s), ev->loop, out);
	else
		on_277(d, s, dec_id32(s), ev->loop, out);
	return X12_OK;
}
