/*
 * ack.c - TA1 and 999 (005010X231A1) from the record stream (see ack.h).
 *
 * What is written, per input interchange (delimiters * : ^ ~):
 *
 *   ISA  sender/receiver swapped from the input's ISA05-08, ISA13 = control
 *   TA1  input ISA13, ISA09, ISA10, TA104 A/E/R, TA105 (000 when clean);
 *        --type ta1 always, --type 999 when ISA14 = 1 or a TA1 code was found
 *   GS   FA, receiver and sender swapped from the first input GS, GS06 = control
 *     ST 999 per input group, ST02 0001.. in the acknowledgment group
 *       AK1  GS01 GS06 GS08 of the input group
 *       AK2  per input set: ST01 ST02 ST03/GS08
 *         IK3  segment id, position in the set, loop id, IK304 (8 for element errors)
 *         CTX  CLM01:<claim id> for an error inside an 837 claim (2300 and below)
 *           IK4  element[:component[:repetition]], data element number, IK403, bad code
 *         IK5  A/E/R and up to five IK502 codes
 *       AK9  A/E/P/R, sets included (GE01), received, accepted, AK905 codes
 *     SE
 *   GE IEA
 *
 * When the interchange is rejected (TA104 = R) only the TA1 is written: its
 * groups were not taken in.  Diagnostics a set reports before its end stay
 * in a per-set list until TXN_END; the element's data element number and,
 * for a bad code of the guide's own list, the value come from the segment
 * the diagnostic points at (which the stream hands out just before or after
 * the diagnostic).  A diagnostic inside an 837 claim is attributed to the
 * claim whose CLM precedes it; the CLM01 comes with the claim record.
 */
#include "ack.h"
#include "edits.h"
#include "txset_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define X12_ACK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define X12_ACK_PRINTF(f, a)
#endif

struct ack_buf {
	char *p;
	size_t len, cap;
	bool oom;
};

enum claim_mark {
	CLAIM_NONE = 0,
	CLAIM_PENDING, /* its claim record has not come yet */
	CLAIM_SET,
};

struct ack_diag {
	enum x12_code code;
	struct x12_pos pos;
	bool resolved;        /* data element number and value looked up */
	uint8_t claim;        /* enum claim_mark */
	char de[6];
	char value[100];      /* IK404, "" when not allowed or unknown */
	char clm01[39];
};

#define MAX_CODES 5 /* IK502-IK506, AK905-AK909 */

/* One STC01 of a 277CA: category, status and entity code. */
struct ca_reason {
	char cat[5], status[6];
};

/* A claim of the 837 set being answered: only what the 277CA carries. */
struct ca_claim {
	char clm01[39];
	int64_t charge;
	char kind;
	char bill_type[4];
	int32_t from, to;
	char bill_type_q, bill_last[61], bill_first[36], bill_qual[3], bill_id[81], bill_hl[13];
	uint64_t bill_seg;
	char pat_last[61], pat_first[36], pat_qual[3], pat_id[81];
	char payer_last[61], payer_qual[3], payer_id[81];
	struct ca_reason r[3];
	unsigned nr;
	uint64_t seq;               /* its ordinal in the edits engine (its findings may come later) */
};

struct ca_map_row {
	bool rule;
	enum x12_code code;
	const char *key, *cat, *status;
};

static const struct ca_map_row ca_map[] = {
#define CA_DIAG(c, cat, st) { false, c, NULL, cat, st },
#define CA_RULE(k, cat, st) { true, X12_E_NONE, k, cat, st },
#include "ca_status.def"
#undef CA_DIAG
#undef CA_RULE
};

struct ack_writer {
	struct ack_options o;
	ack_write_fn write;
	void *ctx;
	bool failed;
	struct ack_stats stats;
	uint32_t control;
	bool seen_isa;        /* in this input */

	/* the interchange being answered */
	bool in_ic;
	char isa05[3], isa06[16], isa07[3], isa08[16], isa09[7], isa10[5], isa13[10];
	char isa14, isa15;
	char ta1_code[4];
	bool ta1_reject;
	struct ack_buf head, body;
	bool gs_written;
	uint32_t groups_out;

	/* the input group (open until the next GS or the interchange's end) */
	bool in_group;
	char gs01[3], gs06[10], gs08[13];
	uint32_t ge01;
	bool have_ge01;
	uint32_t received, accepted, noted;
	char ak9[MAX_CODES][4];
	unsigned nak9;
	uint32_t st_segments;  /* segments of the ST*999 so far */

	/* the input set */
	bool in_set, is837;
	struct ack_diag *d;
	size_t nd, capd;
	char ik5[MAX_CODES][4];
	unsigned nik5;
	uint64_t clm_seen;      /* ordinal of the latest CLM segment */
	uint64_t claim_ord;     /* CLM ordinal of the latest claim record, 0 none */
	char claim_id[39];
	size_t pend_from;       /* first diagnostic that may still wait for its claim */

	/* 277CA: the claims of the 837 set, written at its end */
	struct ca_claim *cc;
	size_t ncc, capcc;
	char bht03[51];
	char sub_type[2], sub_last[61], sub_first[36], sub_id[81]; /* 1000A */
	uint64_t hl20_seg[2];   /* the latest two HL*20 (billing provider) */
	char hl20_id[2][13];
	struct ack_buf set277;
	uint32_t sets277;       /* ST*277 in the acknowledgment interchange */
	uint32_t claims_in_ic;

	/* the latest segment of a set, for diagnostics that come after it */
	uint64_t seg_ord;
	const struct x12_txset *seg_ts;
	const struct txs_segment *seg_def;
	struct x12_segment seg;
	char *seg_data;
	size_t seg_cap;
	uint32_t *seg_elem;
	size_t elem_cap;
};

/* ---------------------------------------------------------------- buffers */

static void
buf_vput(struct ack_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	if (b->oom)
		return;
	va_copy(aq, ap);
	n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if (!b->p || b->len + (size_t)n >= b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap <= b->len + (size_t)n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

static void buf_put(struct ack_buf *b, const char *fmt, ...) X12_ACK_PRINTF(2, 3);

static void
buf_put(struct ack_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vput(b, fmt, ap);
	va_end(ap);
}

/* One segment of the ST*999 being written, counted for its SE. */
static void seg999(struct ack_writer *aw, const char *fmt, ...) X12_ACK_PRINTF(2, 3);

static void
seg999(struct ack_writer *aw, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vput(&aw->body, fmt, ap);
	va_end(ap);
	buf_put(&aw->body, "~\n");
	aw->st_segments++;
}

/* ---------------------------------------------------------------- values */

/* A value that may be copied into the acknowledgment: short, printable, none of our delimiters. */
static bool
safe_value(struct x12_str v, size_t max)
{
	if (v.len == 0 || v.len > max)
		return false;
	for (size_t i = 0; i < v.len; i++) {
		unsigned char c = (unsigned char)v.ptr[i];

		if (c < 0x20 || c > 0x7e || c == '*' || c == ':' || c == '^' || c == '~')
			return false;
	}
	return true;
}

/* n digits, else n zeros: a fixed-width numeric field of the TA1 that the input left malformed. */
static void
digits_or_zero(char *dst, struct x12_str v, size_t n)
{
	bool ok = v.len == n;

	for (size_t i = 0; ok && i < n; i++)
		ok = v.ptr[i] >= '0' && v.ptr[i] <= '9';
	for (size_t i = 0; i < n; i++)
		dst[i] = ok ? v.ptr[i] : '0';
	dst[n] = '\0';
}

static void
copy_safe(char *dst, size_t size, struct x12_str v)
{
	if (safe_value(v, size - 1))
		x12_str_copy(dst, size, v);
	else
		dst[0] = '\0';
}

static void
add_code(char codes[][4], unsigned *n, const char *code)
{
	for (unsigned i = 0; i < *n; i++)
		if (strcmp(codes[i], code) == 0)
			return;
	if (*n < MAX_CODES)
		snprintf(codes[(*n)++], 4, "%s", code);
}

/* ---------------------------------------------------------------- life cycle */

struct ack_writer *
ack_writer_new(const struct ack_options *opts, ack_write_fn write, void *ctx)
{
	struct ack_writer *aw = calloc(1, sizeof *aw);

	if (!aw)
		return NULL;
	aw->o = *opts;
	aw->write = write;
	aw->ctx = ctx;
	aw->control = opts->control ? opts->control : 1;
	return aw;
}

void
ack_writer_free(struct ack_writer *aw)
{
	if (!aw)
		return;
	free(aw->head.p);
	free(aw->body.p);
	free(aw->d);
	free(aw->seg_data);
	free(aw->seg_elem);
	free(aw->cc);
	free(aw->set277.p);
	free(aw);
}

void
ack_writer_stats(const struct ack_writer *aw, struct ack_stats *out)
{
	*out = aw->stats;
}

/* ---------------------------------------------------------------- interchange */

static void
ic_begin(struct ack_writer *aw, const struct x12_segment *isa)
{
	struct x12_str v;

	aw->in_ic = true;
	aw->seen_isa = true;
	x12_str_copy(aw->isa05, sizeof aw->isa05, x12_seg_element(isa, 5));
	x12_str_copy(aw->isa06, sizeof aw->isa06, x12_seg_element(isa, 6));
	x12_str_copy(aw->isa07, sizeof aw->isa07, x12_seg_element(isa, 7));
	x12_str_copy(aw->isa08, sizeof aw->isa08, x12_seg_element(isa, 8));
	digits_or_zero(aw->isa09, x12_seg_element(isa, 9), 6);
	digits_or_zero(aw->isa10, x12_seg_element(isa, 10), 4);
	digits_or_zero(aw->isa13, x12_seg_element(isa, 13), 9);
	v = x12_seg_element(isa, 14);
	aw->isa14 = v.len == 1 ? v.ptr[0] : '0';
	v = x12_seg_element(isa, 15);
	aw->isa15 = v.len == 1 && (v.ptr[0] == 'P' || v.ptr[0] == 'T') ? v.ptr[0] : 'P';
	aw->ta1_code[0] = '\0';
	aw->ta1_reject = false;
	aw->gs_written = false;
	aw->groups_out = 0;
	aw->sets277 = 0;
	aw->body.len = 0;
}

static void
group_close(struct ack_writer *aw)
{
	const char *verdict;
	bool group_error;

	if (!aw->in_group)
		return;
	aw->in_group = false;
	if (aw->o.type == ACK_277CA)
		return;
	group_error = aw->nak9 > 0;
	if (group_error || aw->accepted == 0)
		verdict = aw->received == 0 && !group_error ? "A" : "R";
	else if (aw->accepted < aw->received)
		verdict = "P";
	else
		verdict = aw->noted ? "E" : "A";
	{
		char codes[MAX_CODES * 4 + 1] = "";
		size_t at = 0;

		for (unsigned i = 0; i < aw->nak9; i++)
			at += (size_t)snprintf(codes + at, sizeof codes - at, "*%s", aw->ak9[i]);
		seg999(aw, "AK9*%s*%u*%u*%u%s", verdict, aw->have_ge01 ? aw->ge01 : aw->received, aw->received,
		       aw->accepted, codes);
	}
	buf_put(&aw->body, "SE*%u*%04u~\n", aw->st_segments + 1, aw->groups_out);
}

static void
group_begin(struct ack_writer *aw, const struct x12_segment *gs)
{
	group_close(aw);
	if (!aw->in_ic)
		return; /* a GS outside an interchange: the envelope reported it; nothing to answer in */
	aw->in_group = true;
	copy_safe(aw->gs01, sizeof aw->gs01, x12_seg_element(gs, 1));
	copy_safe(aw->gs06, sizeof aw->gs06, x12_seg_element(gs, 6));
	copy_safe(aw->gs08, sizeof aw->gs08, x12_seg_element(gs, 8));
	aw->have_ge01 = false;
	aw->received = aw->accepted = aw->noted = 0;
	aw->nak9 = 0;
	if (!aw->gs_written) {
		char gs02[16], gs03[16];

		copy_safe(gs02, sizeof gs02, x12_seg_element(gs, 2));
		copy_safe(gs03, sizeof gs03, x12_seg_element(gs, 3));
		buf_put(&aw->body, "GS*%s*%s*%s*%s*%s*%u*X*%s~\n", aw->o.type == ACK_277CA ? "HN" : "FA", gs03, gs02,
			aw->o.date8, aw->o.time4, aw->control, aw->o.type == ACK_277CA ? "005010X214" : "005010X231A1");
		aw->gs_written = true;
	}
	if (aw->o.type == ACK_277CA)
		return; /* its sets are written as the 837 sets end */
	aw->groups_out++;
	aw->st_segments = 0;
	seg999(aw, "ST*999*%04u*005010X231A1", aw->groups_out);
	seg999(aw, "AK1*%s*%s*%s", aw->gs01, aw->gs06, aw->gs08);
}

static bool
emit(struct ack_writer *aw, const struct ack_buf *b)
{
	if (aw->failed || b->oom || !aw->write(aw->ctx, b->p ? b->p : "", b->len)) {
		aw->failed = true;
		return false;
	}
	return true;
}

static void
ic_close(struct ack_writer *aw)
{
	bool ca = aw->o.type == ACK_277CA;
	bool ta1 = !ca && (aw->o.type == ACK_TA1 || aw->isa14 == '1' || aw->ta1_code[0]);
	bool groups = !aw->ta1_reject && aw->gs_written && (aw->o.type == ACK_999 || (ca && aw->sets277));
	struct ack_buf *h = &aw->head;

	if (!aw->in_ic)
		return;
	group_close(aw);
	aw->in_ic = false;
	if (aw->ta1_reject)
		aw->stats.ta1_rejected += ca;
	if (ca && !groups)
		return; /* no claim taken in: nothing to answer with a 277CA */
	h->len = 0;
	buf_put(h, "ISA*00*          *00*          *%-2.2s*%-15.15s*%-2.2s*%-15.15s*%s*%s*^*00501*%09u*0*%c*:~\n",
		aw->isa07, aw->isa08, aw->isa05, aw->isa06, aw->o.date8 + 2, aw->o.time4, aw->control, aw->isa15);
	if (ta1)
		buf_put(h, "TA1*%s*%s*%s*%s*%s~\n", aw->isa13, aw->isa09, aw->isa10,
			aw->ta1_reject ? "R" : aw->ta1_code[0] ? "E" : "A", aw->ta1_code[0] ? aw->ta1_code : "000");
	if (aw->ta1_reject)
		aw->stats.ta1_rejected++;
	if (!emit(aw, h))
		return;
	if (groups) {
		buf_put(&aw->body, "GE*%u*%u~\n", ca ? aw->sets277 : aw->groups_out, aw->control);
		if (!emit(aw, &aw->body))
			return;
	}
	h->len = 0;
	buf_put(h, "IEA*%u*%09u~\n", groups ? 1u : 0u, aw->control);
	if (!emit(aw, h))
		return;
	aw->stats.interchanges++;
	aw->control++;
	if (aw->control > 999999999u)
		aw->control = 1;
}

static void ca_set_end(struct ack_writer *aw, const struct x12_txn_info *t);
static void ca_findings(struct ack_writer *aw);

/* ---------------------------------------------------------------- sets */

static bool
person_segment(const char *id)
{
	static const char *const ids[] = { "NM1", "N3", "N4", "DMG", "PAT", "PER", "INS" };

	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		if (strcmp(id, ids[i]) == 0)
			return true;
	return false;
}

/* Data element number and, for a bad code of the guide's own list, the value, from the segment. */
static void
resolve(struct ack_writer *aw, struct ack_diag *d)
{
	const struct txs_segment *def = aw->seg_def;
	const struct x12_txset *ts = aw->seg_ts;
	const struct txs_element *e = NULL;

	bool current = d->pos.segment == aw->seg_ord;

	if (d->resolved)
		return;
	if (!current && d->pos.segment > aw->seg_ord)
		return; /* its segment is still to come */
	if (!current) {
		/*
		 * A balancing or situational finding comes after its segment has
		 * passed (CLM02 against the lines): the definition of that segment
		 * in its loop still gives the data element number, not the value.
		 */
		def = NULL;
		for (uint32_t i = 0; ts && i < ts->nsegs; i++)
			if (strcmp(ts->segs[i].id, d->pos.seg_id) == 0 && strcmp(ts->loops[ts->segs[i].loop].id, d->pos.loop_id) == 0) {
				def = &ts->segs[i];
				break;
			}
	}
	d->resolved = current || def;
	if (!def || !ts || d->pos.element == 0)
		return;
	for (uint16_t i = 0; i < def->nelems; i++)
		if (ts->elems[def->elems + i].pos == d->pos.element) {
			e = &ts->elems[def->elems + i];
			break;
		}
	if (e && e->ncomp && d->pos.component) {
		const struct txs_element *c = NULL;

		for (uint16_t i = 0; i < e->ncomp; i++)
			if (ts->elems[e->comp + i].pos == d->pos.component)
				c = &ts->elems[e->comp + i];
		e = c;
	}
	if (!e)
		return;
	/* IK402 is numeric: a composite's id (C023) is not written */
	if (e->de && e->de[0] && strspn(e->de, "0123456789") == strlen(e->de))
		snprintf(d->de, sizeof d->de, "%s", e->de);
	/*
	 * Codes of the guide's own lists are not patient data; external lists
	 * (diagnoses...) may be, and so may anything in the segments that carry
	 * a person's name, address or demographics.
	 */
	if (current && d->code == X12_E_EL_BAD_CODE && e->type == TXS_ID && e->ncodes && !e->external && !person_segment(d->pos.seg_id)) {
		struct x12_str v = x12_seg_rep_component(&aw->seg, d->pos.element,
							 d->pos.repetition ? d->pos.repetition : 1,
							 d->pos.component ? d->pos.component : 1);

		copy_safe(d->value, sizeof d->value, v);
	}
}

static bool
in_claim_loop(const char *loop)
{
	return loop[0] == '2' && (loop[1] == '3' || loop[1] == '4');
}

static bool
set_diag(struct ack_writer *aw, const struct x12_error *e)
{
	struct ack_diag *d;

	if (aw->nd == ACK_MAX_SET_DIAGS)
		return true; /* the verdict still counts it */
	if (aw->nd == aw->capd) {
		size_t cap = aw->capd ? aw->capd * 2 : 16;
		struct ack_diag *p = realloc(aw->d, cap * sizeof *p);

		if (!p)
			return false;
		aw->d = p;
		aw->capd = cap;
	}
	d = &aw->d[aw->nd++];
	memset(d, 0, sizeof *d);
	d->code = e->code;
	d->pos = e->pos;
	if (aw->is837 && in_claim_loop(e->pos.loop_id)) {
		uint64_t s = e->pos.segment;

		if ((strcmp(e->pos.seg_id, "CLM") == 0 && s > aw->claim_ord) ||
		    (aw->clm_seen > aw->claim_ord && s >= aw->clm_seen)) {
			d->claim = CLAIM_PENDING;
		} else if (aw->claim_ord && s >= aw->claim_ord) {
			d->claim = CLAIM_SET;
			memcpy(d->clm01, aw->claim_id, sizeof d->clm01);
		}
	}
	resolve(aw, d);
	return true;
}

static void
on_claim(struct ack_writer *aw, const struct c837_claim *c)
{
	uint64_t from = c->pos.segment;
	/* a CLM already seen past this claim's starts the next claim */
	uint64_t to = aw->clm_seen > from ? aw->clm_seen : UINT64_MAX;

	aw->claim_ord = from;
	copy_safe(aw->claim_id, sizeof aw->claim_id, (struct x12_str){ c->id, strlen(c->id) });
	for (size_t i = aw->pend_from; i < aw->nd; i++) {
		struct ack_diag *d = &aw->d[i];

		if (d->claim == CLAIM_PENDING && d->pos.segment >= from && d->pos.segment < to) {
			d->claim = CLAIM_SET;
			memcpy(d->clm01, aw->claim_id, sizeof d->clm01);
		}
	}
	while (aw->pend_from < aw->nd && aw->d[aw->pend_from].claim != CLAIM_PENDING)
		aw->pend_from++;
}

static void
set_begin(struct ack_writer *aw, const struct x12_txn_info *t)
{
	if (aw->o.edits) {
		edits_flush(aw->o.edits); /* a set that never ended: its claims are gone with it */
		ca_findings(aw);
	}
	aw->in_set = true;
	aw->is837 = strcmp(t->st01, "837") == 0;
	aw->nd = 0;
	aw->nik5 = 0;
	aw->clm_seen = aw->claim_ord = 0;
	aw->claim_id[0] = '\0';
	aw->pend_from = 0;
	aw->seg_ord = 0;
	aw->seg_def = NULL;
	aw->seg_ts = NULL;
	aw->ncc = 0;
	aw->bht03[0] = aw->sub_type[0] = aw->sub_last[0] = aw->sub_first[0] = aw->sub_id[0] = '\0';
	aw->hl20_seg[0] = aw->hl20_seg[1] = 0;
}

static void
set_end(struct ack_writer *aw, const struct x12_txn_info *t)
{
	uint64_t ik3_seg = 0; /* segment of the IK3 written last */
	bool syntax = false, impl = false, noted = false;
	char st01[4], st02[10], guide[16];

	aw->in_set = false;
	if (!aw->in_group)
		return;
	if (aw->o.type == ACK_277CA) {
		if (aw->o.edits) {
			edits_flush(aw->o.edits); /* the set's last encounter group */
			ca_findings(aw);
		}
		if (aw->is837 && aw->ncc)
			ca_set_end(aw, t);
		return;
	}
	copy_safe(st01, sizeof st01, (struct x12_str){ t->st01, strlen(t->st01) });
	copy_safe(st02, sizeof st02, (struct x12_str){ t->st02, strlen(t->st02) });
	copy_safe(guide, sizeof guide, (struct x12_str){ t->guide, strlen(t->guide) });
	seg999(aw, "AK2*%s*%s%s%s", st01, st02, guide[0] ? "*" : "", guide);
	for (size_t i = 0; i < aw->nd; i++) {
		const struct ack_diag *d = &aw->d[i];
		const struct x12_code_info *ci = x12_code_info(d->code);
		const char *ik304 = ci->ack == X12_ACK_IK3 ? ci->ack_code : "8";

		if (!d->pos.seg_id[0] || d->pos.st_segment == 0)
			continue; /* no segment to point at: IK5 carries the verdict */
		if (ci->severity != X12_SEV_ERROR)
			noted = true;
		if (ci->ack == X12_ACK_IK3 || d->pos.segment != ik3_seg || d->pos.element == 0) {
			/* IK303 is DE 447, four characters: 2010AA is written 2010 */
			seg999(aw, "IK3*%s*%u*%.4s*%s", d->pos.seg_id, d->pos.st_segment, d->pos.loop_id, ik304);
			if (d->claim == CLAIM_SET && d->clm01[0])
				seg999(aw, "CTX*CLM01:%s", d->clm01);
			ik3_seg = ci->ack == X12_ACK_IK3 ? 0 : d->pos.segment;
		}
		if (ik304[0] == 'I')
			impl = true;
		else
			syntax = true;
		if (ci->ack == X12_ACK_IK4 && d->pos.element) {
			char pos[24];

			if (d->pos.repetition > 1)
				snprintf(pos, sizeof pos, "%u:%u:%u", d->pos.element, d->pos.component, d->pos.repetition);
			else if (d->pos.component)
				snprintf(pos, sizeof pos, "%u:%u", d->pos.element, d->pos.component);
			else
				snprintf(pos, sizeof pos, "%u", d->pos.element);
			if (ci->ack_code[0] == 'I')
				impl = true;
			seg999(aw, "IK4*%s*%s*%s%s%s", pos, d->de, ci->ack_code, d->value[0] ? "*" : "", d->value);
		}
	}
	aw->stats.sets++;
	aw->received++;
	if (!t->known && !aw->o.envelope_only) {
		/* no definition for this set (ST01 and version): it was not read, so it is not taken in */
		seg999(aw, "IK5*R*1");
		aw->stats.rejected_sets++;
	} else if (t->rejected) {
		char codes[MAX_CODES * 4 + 1] = "";
		size_t at = 0;

		if (impl)
			add_code(aw->ik5, &aw->nik5, "I5");
		if (syntax || aw->nik5 == 0)
			add_code(aw->ik5, &aw->nik5, "5");
		for (unsigned i = 0; i < aw->nik5; i++)
			at += (size_t)snprintf(codes + at, sizeof codes - at, "*%s", aw->ik5[i]);
		seg999(aw, "IK5*R%s", codes);
		aw->stats.rejected_sets++;
	} else {
		seg999(aw, "IK5*%s", noted || aw->nik5 ? "E" : "A");
		aw->accepted++;
		aw->noted += noted || aw->nik5;
		aw->stats.accepted_sets++;
	}
}

/* ---------------------------------------------------------------- 277CA */

static void
ca_reason(struct ca_claim *cl, const char *cat, const char *status)
{
	for (unsigned i = 0; i < cl->nr; i++)
		if (strcmp(cl->r[i].cat, cat) == 0 && strcmp(cl->r[i].status, status) == 0)
			return;
	if (cl->nr < 3) {
		snprintf(cl->r[cl->nr].cat, sizeof cl->r[0].cat, "%s", cat);
		snprintf(cl->r[cl->nr].status, sizeof cl->r[0].status, "%s", status);
		cl->nr++;
	}
}

static void
ca_reason_diag(struct ca_claim *cl, enum x12_code code)
{
	for (size_t i = 0; i < sizeof ca_map / sizeof ca_map[0]; i++)
		if (!ca_map[i].rule && ca_map[i].code == code) {
			ca_reason(cl, ca_map[i].cat, ca_map[i].status);
			return;
		}
	ca_reason(cl, "A7", "21");
}

static void
ca_reason_rule(struct ca_claim *cl, const char *id)
{
	for (size_t i = 0; i < sizeof ca_map / sizeof ca_map[0]; i++)
		if (ca_map[i].rule && strncmp(id, ca_map[i].key, strlen(ca_map[i].key)) == 0) {
			ca_reason(cl, ca_map[i].cat, ca_map[i].status);
			return;
		}
	ca_reason(cl, "A7", "21");
}

static void
ca_party(char *last, size_t nl, char *first, size_t nf, const struct c837_party *p)
{
	copy_safe(last, nl, (struct x12_str){ p->last, strlen(p->last) });
	copy_safe(first, nf, (struct x12_str){ p->first, strlen(p->first) });
}

/*
 * The edits' error findings as reasons of their claims.  The engine reports
 * a claim once its encounter group closes (edits.h), so the findings may be
 * of claims before the last: each goes to the claim of its ordinal.
 */
static void
ca_findings(struct ack_writer *aw)
{
	struct edits_finding f;

	while (aw->o.edits && edits_next(aw->o.edits, &f)) {
		if (f.severity != X12_SEV_ERROR)
			continue;
		for (size_t i = aw->ncc; i-- > 0;)
			if (aw->cc[i].seq == f.claim_seq) {
				ca_reason_rule(&aw->cc[i], f.rule_id);
				break;
			}
	}
}

/* The claim as its 277CA needs it, its verdict from its diagnostics and the edits. */
static bool
ca_on_claim(struct ack_writer *aw, const struct c837_claim *c)
{
	const struct c837_party *pat = c->patient.entity[0] ? &c->patient : &c->subscriber;
	struct ca_claim *cl;

	if (aw->ncc == aw->capcc) {
		size_t cap = aw->capcc ? aw->capcc * 2 : 16;
		struct ca_claim *p = realloc(aw->cc, cap * sizeof *p);

		if (!p)
			return false;
		aw->cc = p;
		aw->capcc = cap;
	}
	cl = &aw->cc[aw->ncc++];
	memset(cl, 0, sizeof *cl);
	copy_safe(cl->clm01, sizeof cl->clm01, (struct x12_str){ c->id, strlen(c->id) });
	if (!cl->clm01[0])
		snprintf(cl->clm01, sizeof cl->clm01, "0");
	cl->charge = c->charge;
	cl->kind = c->kind;
	if (c->kind == 'I' && c->facility[0] && c->frequency[0])
		snprintf(cl->bill_type, sizeof cl->bill_type, "%.2s%.1s", c->facility, c->frequency);
	cl->from = INT32_MAX;
	for (unsigned i = 0; i < c->nlines; i++) {
		if (c->lines[i].date_from && c->lines[i].date_from < cl->from)
			cl->from = c->lines[i].date_from;
		if (c->lines[i].date_to > cl->to)
			cl->to = c->lines[i].date_to;
		else if (c->lines[i].date_from > cl->to)
			cl->to = c->lines[i].date_from;
	}
	for (unsigned i = 0; cl->from == INT32_MAX && i < c->ndates; i++)
		if (strcmp(c->dates[i].qual, "434") == 0 || strcmp(c->dates[i].qual, "472") == 0) {
			cl->from = c->dates[i].from;
			cl->to = c->dates[i].to ? c->dates[i].to : c->dates[i].from;
		}
	if (cl->from == INT32_MAX)
		cl->from = cl->to = 0;
	cl->bill_type_q = c->billing.last[0] && c->billing.first[0] ? '1' : '2';
	ca_party(cl->bill_last, sizeof cl->bill_last, cl->bill_first, sizeof cl->bill_first, &c->billing);
	copy_safe(cl->bill_qual, sizeof cl->bill_qual, (struct x12_str){ c->billing.id_qual, strlen(c->billing.id_qual) });
	copy_safe(cl->bill_id, sizeof cl->bill_id, (struct x12_str){ c->billing.id, strlen(c->billing.id) });
	cl->bill_seg = c->billing.pos.segment;
	for (int i = 0; i < 2; i++)
		if (aw->hl20_seg[i] && aw->hl20_seg[i] < cl->bill_seg && !cl->bill_hl[0])
			memcpy(cl->bill_hl, aw->hl20_id[i], sizeof cl->bill_hl);
	/* the 2100D NM1*QC: the name and the identifier the TR3 requires, nothing else */
	ca_party(cl->pat_last, sizeof cl->pat_last, cl->pat_first, sizeof cl->pat_first, pat);
	copy_safe(cl->pat_qual, sizeof cl->pat_qual, (struct x12_str){ pat->id_qual, strlen(pat->id_qual) });
	copy_safe(cl->pat_id, sizeof cl->pat_id, (struct x12_str){ c->subscriber.id, strlen(c->subscriber.id) });
	copy_safe(cl->payer_last, sizeof cl->payer_last, (struct x12_str){ c->payer.last, strlen(c->payer.last) });
	copy_safe(cl->payer_qual, sizeof cl->payer_qual, (struct x12_str){ c->payer.id_qual, strlen(c->payer.id_qual) });
	copy_safe(cl->payer_id, sizeof cl->payer_id, (struct x12_str){ c->payer.id, strlen(c->payer.id) });
	if (aw->o.edits)
		cl->seq = edits_claim(aw->o.edits, c);
	for (size_t i = 0; i < aw->nd; i++) {
		const struct ack_diag *d = &aw->d[i];

		if (d->claim != CLAIM_SET || strcmp(d->clm01, aw->claim_id) != 0 ||
		    x12_code_info(d->code)->severity != X12_SEV_ERROR)
			continue;
		if (aw->o.edits && edits_supersedes(aw->o.edits, d->code) >= 0)
			continue; /* its rule reports it */
		ca_reason_diag(cl, d->code);
	}
	if (c->errors && cl->nr == 0)
		ca_reason(cl, "A7", "21");
	ca_findings(aw);
	return true;
}

/* Cents as an X12 decimal: 27235 -> 272.35, 12500 -> 125. */
static void
ca_amount(char *dst, size_t n, int64_t cents)
{
	uint64_t v = cents < 0 ? (uint64_t)-(cents + 1) + 1 : (uint64_t)cents;

	if (v % 100)
		snprintf(dst, n, "%s%llu.%02llu", cents < 0 ? "-" : "", (unsigned long long)(v / 100),
			 (unsigned long long)(v % 100));
	else
		snprintf(dst, n, "%s%llu", cents < 0 ? "-" : "", (unsigned long long)(v / 100));
}

static void
ca_totals(struct ack_writer *aw, const char *qa, const char *qr, uint32_t na, uint32_t nr, int64_t aa, int64_t ar)
{
	char amt[32];

	if (na)
		seg999(aw, "QTY*%s*%u", qa, na);
	if (nr)
		seg999(aw, "QTY*%s*%u", qr, nr);
	ca_amount(amt, sizeof amt, aa);
	if (na)
		seg999(aw, "AMT*YU*%s", amt);
	ca_amount(amt, sizeof amt, ar);
	if (nr)
		seg999(aw, "AMT*YY*%s", amt);
}

static bool
ca_rejected(const struct ca_claim *cl)
{
	return cl->nr > 0;
}

/* The ST*277 answering one 837 set: 2000A payer, 2000B submitter, 2000C per billing provider, 2000D per claim. */
static void
ca_set_end(struct ack_writer *aw, const struct x12_txn_info *t)
{
	uint32_t na = 0, nr = 0, hl = 0;
	int64_t aa = 0, ar = 0, all = 0;
	char amt[32];
	const struct ca_claim *first = &aw->cc[0];

	for (size_t i = 0; i < aw->ncc; i++) {
		struct ca_claim *cl = &aw->cc[i];

		if (t->rejected && cl->nr == 0)
			ca_reason(cl, "A3", "21"); /* the set was not taken in */
		all += cl->charge;
		if (ca_rejected(cl)) {
			nr++;
			ar += cl->charge;
		} else {
			na++;
			aa += cl->charge;
		}
	}
	aw->stats.claims += (uint32_t)aw->ncc;
	aw->stats.rejected_claims += nr;
	aw->sets277++;
	aw->st_segments = 0;
	seg999(aw, "ST*277*%04u*005010X214", aw->sets277);
	seg999(aw, "BHT*0085*08*%s*%s*%s*TH", aw->bht03[0] ? aw->bht03 : "0", aw->o.date8, aw->o.time4);
	seg999(aw, "HL*%u**20*1", ++hl);
	seg999(aw, "NM1*PR*2*%s*****%s*%s", first->payer_last[0] ? first->payer_last : "PAYER",
	       strcmp(first->payer_qual, "XV") == 0 ? "XV" : "PI", first->payer_id[0] ? first->payer_id : "00");
	seg999(aw, "TRN*1*%09u%04u", aw->control, aw->sets277);
	seg999(aw, "DTP*050*D8*%s", aw->o.date8);
	seg999(aw, "DTP*009*D8*%s", aw->o.date8);
	seg999(aw, "HL*%u*1*21*1", ++hl);
	if (aw->sub_type[0] == '1')
		seg999(aw, "NM1*41*1*%s*%s****46*%s", aw->sub_last[0] ? aw->sub_last : "SUBMITTER", aw->sub_first,
		       aw->sub_id[0] ? aw->sub_id : "00");
	else
		seg999(aw, "NM1*41*2*%s*****46*%s", aw->sub_last[0] ? aw->sub_last : "SUBMITTER", aw->sub_id[0] ? aw->sub_id : "00");
	seg999(aw, "TRN*2*%s", aw->bht03[0] ? aw->bht03 : "0");
	ca_amount(amt, sizeof amt, all);
	seg999(aw, "STC*A1:19:PR*%s*WQ*%s", aw->o.date8, amt);
	ca_totals(aw, "90", "AA", na, nr, aa, ar);
	for (size_t i = 0; i < aw->ncc;) {
		size_t j = i;
		uint32_t pa = 0, pr = 0, prov_hl = ++hl;
		int64_t pamt = 0, pramt = 0;
		const struct ca_claim *b = &aw->cc[i];

		while (j < aw->ncc && aw->cc[j].bill_seg == b->bill_seg) {
			if (ca_rejected(&aw->cc[j])) {
				pr++;
				pramt += aw->cc[j].charge;
			} else {
				pa++;
				pamt += aw->cc[j].charge;
			}
			j++;
		}
		seg999(aw, "HL*%u*2*19*1", prov_hl);
		if (b->bill_type_q == '1')
			seg999(aw, "NM1*85*1*%s*%s****%s*%s", b->bill_last, b->bill_first,
			       strcmp(b->bill_qual, "FI") == 0 ? "FI" : "XX", b->bill_id[0] ? b->bill_id : "00");
		else
			seg999(aw, "NM1*85*2*%s*****%s*%s", b->bill_last[0] ? b->bill_last : "PROVIDER",
			       strcmp(b->bill_qual, "FI") == 0 ? "FI" : "XX", b->bill_id[0] ? b->bill_id : "00");
		seg999(aw, "TRN*1*%s", b->bill_hl[0] ? b->bill_hl : "0");
		ca_totals(aw, "QA", "QC", pa, pr, pamt, pramt);
		for (; i < j; i++) {
			const struct ca_claim *cl = &aw->cc[i];
			char stc[64] = "";
			size_t at = 0;

			seg999(aw, "HL*%u*%u*PT", ++hl, prov_hl);
			seg999(aw, "NM1*QC*1*%s*%s****%s*%s", cl->pat_last[0] ? cl->pat_last : "UNKNOWN", cl->pat_first,
			       strcmp(cl->pat_qual, "II") == 0 ? "II" : "MI", cl->pat_id[0] ? cl->pat_id : "00");
			seg999(aw, "TRN*2*%s", cl->clm01);
			ca_amount(amt, sizeof amt, cl->charge);
			if (!ca_rejected(cl)) {
				seg999(aw, "STC*A2:20*%s*WQ*%s", aw->o.date8, amt);
			} else {
				/* STC01, then STC10 and STC11 for a second and third reason */
				for (unsigned k = 1; k < cl->nr; k++)
					at += (size_t)snprintf(stc + at, sizeof stc - at, "%s%s:%s:85", k == 1 ? "******" : "*",
							       cl->r[k].cat, cl->r[k].status);
				seg999(aw, "STC*%s:%s:85*%s*U*%s%s", cl->r[0].cat, cl->r[0].status, aw->o.date8, amt, stc);
			}
			if (cl->bill_type[0])
				seg999(aw, "REF*BLT*%s", cl->bill_type);
			if (cl->from && cl->to && cl->to != cl->from)
				seg999(aw, "DTP*472*RD8*%08ld-%08ld", (long)cl->from, (long)cl->to);
			else if (cl->from)
				seg999(aw, "DTP*472*D8*%08ld", (long)cl->from);
		}
	}
	buf_put(&aw->body, "SE*%u*%04u~\n", aw->st_segments + 1, aw->sets277);
}

/* ---------------------------------------------------------------- records */

static bool
keep_segment(struct ack_writer *aw, const struct x12_walk_event *ev)
{
	const struct x12_segment *s = ev->seg;
	size_t nel = (size_t)s->nelem + 2;

	if (s->len > aw->seg_cap) {
		char *p = realloc(aw->seg_data, s->len);

		if (!p)
			return false;
		aw->seg_data = p;
		aw->seg_cap = s->len;
	}
	if (nel > aw->elem_cap) {
		uint32_t *p = realloc(aw->seg_elem, nel * sizeof *p);

		if (!p)
			return false;
		aw->seg_elem = p;
		aw->elem_cap = nel;
	}
	if (s->len)
		memcpy(aw->seg_data, s->data, s->len);
	memcpy(aw->seg_elem, s->elem, nel * sizeof *aw->seg_elem);
	aw->seg = *s;
	aw->seg.data = aw->seg_data;
	aw->seg.elem = aw->seg_elem;
	aw->seg_ord = s->ordinal;
	aw->seg_def = ev->def;
	aw->seg_ts = ev->ts;
	/* diagnostics about this segment handed out before it */
	for (size_t i = aw->nd, n = 0; i > 0 && n < 32; i--, n++)
		resolve(aw, &aw->d[i - 1]);
	if (aw->is837 && x12_seg_is(s, "CLM"))
		aw->clm_seen = s->ordinal;
	if (aw->is837 && aw->o.type == ACK_277CA) {
		if (x12_seg_is(s, "BHT")) {
			copy_safe(aw->bht03, sizeof aw->bht03, x12_seg_element(s, 3));
		} else if (x12_seg_is(s, "NM1") && ev->loop && strcmp(ev->loop->id, "1000A") == 0) {
			copy_safe(aw->sub_type, sizeof aw->sub_type, x12_seg_element(s, 2));
			copy_safe(aw->sub_last, sizeof aw->sub_last, x12_seg_element(s, 3));
			copy_safe(aw->sub_first, sizeof aw->sub_first, x12_seg_element(s, 4));
			copy_safe(aw->sub_id, sizeof aw->sub_id, x12_seg_element(s, 9));
		} else if (x12_seg_is(s, "HL") && x12_str_eq(x12_seg_element(s, 3), "20")) {
			aw->hl20_seg[1] = aw->hl20_seg[0];
			memcpy(aw->hl20_id[1], aw->hl20_id[0], sizeof aw->hl20_id[0]);
			aw->hl20_seg[0] = s->ordinal;
			copy_safe(aw->hl20_id[0], sizeof aw->hl20_id[0], x12_seg_element(s, 1));
		}
	}
	return true;
}

static bool
on_segment(struct ack_writer *aw, const struct x12_walk_event *ev)
{
	const struct x12_segment *s = ev->seg;

	if (!s)
		return true;
	if (x12_seg_is(s, "ISA")) {
		ic_close(aw);
		ic_begin(aw, s);
	} else if (x12_seg_is(s, "GS")) {
		group_begin(aw, s);
	} else if (x12_seg_is(s, "GE")) {
		int64_t n;

		if (aw->in_group && x12_parse_scaled(x12_seg_element(s, 1), 0, &n) && n >= 0 && n <= 999999) {
			aw->ge01 = (uint32_t)n;
			aw->have_ge01 = true;
		}
	} else if (aw->in_set) {
		return keep_segment(aw, ev);
	}
	return true;
}

static void
on_diag(struct ack_writer *aw, const struct x12_error *e, bool *ok)
{
	const struct x12_code_info *ci = x12_code_info(e->code);

	if (ci->severity == X12_SEV_INFO)
		return;
	switch (ci->ack) {
	case X12_ACK_TA1:
		if (!aw->in_ic)
			break;
		if (!aw->ta1_code[0] || (ci->severity == X12_SEV_ERROR && !aw->ta1_reject))
			snprintf(aw->ta1_code, sizeof aw->ta1_code, "%s", ci->ack_code);
		if (ci->severity == X12_SEV_ERROR)
			aw->ta1_reject = true;
		break;
	case X12_ACK_AK9:
		if (aw->in_group && ci->severity == X12_SEV_ERROR)
			add_code(aw->ak9, &aw->nak9, ci->ack_code);
		break;
	case X12_ACK_IK5:
		if (aw->in_set)
			add_code(aw->ik5, &aw->nik5, ci->ack_code);
		break;
	case X12_ACK_IK3:
	case X12_ACK_IK4:
		if (aw->in_set && !set_diag(aw, e))
			*ok = false;
		break;
	case X12_ACK_NONE:
		break;
	}
}

bool
ack_writer_record(struct ack_writer *aw, const struct x12_record *rec)
{
	bool ok = true;

	if (aw->failed)
		return false;
	switch (rec->type) {
	case X12_REC_EVENT:
		if (rec->event->type == X12_WALK_SEGMENT)
			ok = on_segment(aw, rec->event);
		break;
	case X12_REC_DIAG:
		on_diag(aw, rec->diag, &ok);
		break;
	case X12_REC_TXN_BEGIN:
		set_begin(aw, rec->txn);
		break;
	case X12_REC_CLAIM:
		if (aw->in_set) {
			on_claim(aw, rec->claim);
			if (aw->o.type == ACK_277CA && aw->in_group && !ca_on_claim(aw, rec->claim))
				ok = false;
		}
		break;
	case X12_REC_TXN_END:
		set_end(aw, rec->txn);
		if (aw->o.edits && edits_oom(aw->o.edits))
			ok = false; /* a claim's findings are missing: its 277CA status would be wrong */
		break;
	case X12_REC_INTERCHANGE_END:
		/* without its IEA the interchange is closed by what comes next:
		 * another ISA, or the END that says why the input stopped */
		if (rec->interchange->closed)
			ic_close(aw);
		break;
	case X12_REC_END:
		if (rec->end->fatal && aw->in_ic) {
			const struct x12_code_info *ci = x12_code_info(rec->end->error.code);

			/* the interchange was not read to its end: it cannot be taken in */
			snprintf(aw->ta1_code, sizeof aw->ta1_code, "%s", ci->ack == X12_ACK_TA1 ? ci->ack_code : "023");
			aw->ta1_reject = true;
		}
		aw->in_set = false;
		ic_close(aw);
		if (!aw->seen_isa)
			aw->stats.unanswered++;
		aw->seen_isa = false;
		break;
	default:
		break;
	}
	if (!ok || aw->head.oom || aw->body.oom)
		aw->failed = true;
	return !aw->failed;
}
