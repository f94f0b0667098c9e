/*
 * split.c - cut points at ST boundaries (split.h).
 *
 * Modes:
 *
 *   SP_ISA   white space, then the 106 bytes of an ISA (start, or after an IEA)
 *   SP_SEG   segments: white space, then bytes up to the terminator
 *   SP_DONE  the final chunk was read
 *   SP_BAD   something the splitter cannot follow exactly: no more cuts
 *
 * A data segment costs a memchr for its terminator and a look at its first
 * four bytes.  An envelope segment is copied whole (hold[]) and fed, alone,
 * to a tokenizer and envelope checker of the splitter's own, after a seek to
 * its offset and ordinal, so their state is what the reader of the whole
 * input has at that segment; the data segments before it are counted into
 * the checker with x12_envelope_skip().
 */
#include "split.h"
#include "x12_internal.h"

#include <string.h>

#define HOLD 1024
#define ISA_LEN 106

enum sp_mode { SP_ISA, SP_SEG, SP_DONE, SP_BAD };

struct x12_split {
	struct x12_alloc alloc;
	struct x12_tokenizer *tok;
	struct x12_envelope *env;
	uint64_t min_part;
	enum sp_mode mode;

	/* the current chunk */
	const char *buf;
	size_t len, pos;
	bool final;
	uint64_t base;

	char elsep, term;
	uint64_t ordinal;          /* segments seen */
	uint32_t interchange;
	uint64_t skipped;          /* data segments since the last envelope segment */
	uint32_t ic_groups, ic_sets;
	uint64_t last_cut;

	/* the segment being read */
	bool in_seg;
	uint64_t seg_off;
	char hold[HOLD];
	size_t hold_len;
	bool hold_over;            /* longer than hold[] */

	struct x12_split_state cut; /* the working copy: ISA, GS, and the last cut */
};

static const bool blank[256] = { [' '] = true, ['\n'] = true, ['\r'] = true, ['\t'] = true };

struct x12_split *
x12_split_new(const struct x12_limits *limits, uint64_t min_part, const struct x12_alloc *alloc)
{
	struct x12_alloc a;
	struct x12_split *sp;

	x12_alloc_init(&a, alloc);
	sp = x12_mem_calloc(&a, 1, sizeof *sp);
	if (!sp)
		return NULL;
	sp->alloc = a;
	sp->tok = x12_tokenizer_new(limits, &a);
	sp->env = x12_envelope_new(&a);
	sp->cut.env = x12_envelope_new(&a);
	if (!sp->tok || !sp->env || !sp->cut.env) {
		x12_split_free(sp);
		return NULL;
	}
	sp->min_part = min_part;
	return sp;
}

void
x12_split_free(struct x12_split *sp)
{
	if (!sp)
		return;
	x12_tokenizer_free(sp->tok);
	x12_envelope_free(sp->env);
	x12_envelope_free(sp->cut.env);
	x12_mem_free(&sp->alloc, sp);
}

void
x12_split_feed(struct x12_split *sp, const char *buf, size_t len, bool is_final)
{
	sp->base += sp->len;
	sp->buf = buf;
	sp->len = len;
	sp->pos = 0;
	sp->final = is_final;
}

uint64_t
x12_split_offset(const struct x12_split *sp)
{
	return sp->base + sp->pos;
}

static enum x12_status
bad(struct x12_split *sp)
{
	sp->mode = SP_BAD;
	return X12_ERROR;
}

/* One envelope segment (p, n bytes, terminator included) through the checker; false when it did not go cleanly. */
static bool
check_envelope(struct x12_split *sp, const char *p, size_t n)
{
	struct x12_segment seg;
	struct x12_error e;

	if (!x12_envelope_skip(sp->env, sp->skipped))
		return false; /* data segments outside a set: the reader reports them one by one */
	sp->skipped = 0;
	x12_tokenizer_seek(sp->tok, sp->seg_off, sp->ordinal + 1, sp->interchange);
	x12_tokenizer_feed(sp->tok, p, n, false);
	if (x12_tokenizer_next(sp->tok, &seg) != X12_EVENT)
		return false;
	x12_envelope_segment(sp->env, &seg);
	while (x12_envelope_pop(sp->env, &e))
		; /* the parts' readers report them */
	return x12_tokenizer_next(sp->tok, &seg) == X12_NEED_INPUT;
}

/* Skips white space; false when the chunk ran out first. */
static bool
skip_blank(struct x12_split *sp)
{
	while (sp->pos < sp->len && blank[(unsigned char)sp->buf[sp->pos]])
		sp->pos++;
	return sp->pos < sp->len;
}

static enum x12_status
isa_step(struct x12_split *sp)
{
	char *h = sp->hold;

	if (!sp->in_seg) {
		if (!skip_blank(sp))
			return sp->final ? (sp->mode = SP_DONE, X12_DONE) : X12_NEED_INPUT;
		sp->in_seg = true;
		sp->seg_off = sp->base + sp->pos;
		sp->hold_len = 0;
	}
	while (sp->hold_len < ISA_LEN && sp->pos < sp->len) {
		char c = sp->buf[sp->pos++];

		if (c == '\r' || c == '\n')
			return bad(sp); /* a line-wrapped ISA */
		h[sp->hold_len++] = c;
	}
	if (sp->hold_len < ISA_LEN)
		return sp->final ? bad(sp) : X12_NEED_INPUT;
	sp->in_seg = false;
	if (memcmp(h, "ISA", 3) != 0)
		return bad(sp);
	sp->elsep = h[3];
	sp->term = h[ISA_LEN - 1];
	if (blank[(unsigned char)sp->term] || sp->term == sp->elsep)
		return bad(sp); /* CR or LF terminators: their line-end handling is the tokenizer's */
	if (!check_envelope(sp, h, ISA_LEN))
		return bad(sp);
	sp->ordinal++;
	sp->interchange++;
	memcpy(sp->cut.isa, h, ISA_LEN);
	sp->cut.isa_len = ISA_LEN;
	sp->cut.isa_offset = sp->seg_off;
	sp->cut.isa_ordinal = sp->ordinal;
	sp->cut.gs_len = 0;
	sp->ic_groups = sp->ic_sets = 0;
	sp->mode = SP_SEG;
	return X12_OK;
}

enum env_kind { K_DATA, K_ST, K_SE, K_GS, K_GE, K_IEA, K_BAD };

/* The kind of segment p (n bytes known, terminator not included). */
static enum env_kind
kind_of(const struct x12_split *sp, const char *p, size_t n)
{
	size_t k = n < 4 ? n : 4;

	for (size_t i = 0; i < k; i++)
		if (p[i] == '\r' || p[i] == '\n')
			return K_BAD; /* the tokenizer drops them: the id would be another */
	if (n >= 2 && (n == 2 || p[2] == sp->elsep)) {
		if (p[0] == 'S' && p[1] == 'T')
			return K_ST;
		if (p[0] == 'S' && p[1] == 'E')
			return K_SE;
		if (p[0] == 'G' && p[1] == 'S')
			return K_GS;
		if (p[0] == 'G' && p[1] == 'E')
			return K_GE;
	}
	if (n >= 3 && (n == 3 || p[3] == sp->elsep) && p[0] == 'I') {
		if (p[1] == 'E' && p[2] == 'A')
			return K_IEA;
		if (p[1] == 'S' && p[2] == 'A')
			return K_BAD; /* an ISA where segments go: an IEA is missing */
	}
	return K_DATA;
}

/* One whole segment p[0..n) plus its terminator at p[n]. */
static enum x12_status
segment(struct x12_split *sp, const char *p, size_t n, const struct x12_split_state **cut)
{
	enum env_kind k;
	bool offer = false;

	if (n && p[0] != 'S' && p[0] != 'G' && p[0] != 'I') {
		/* most segments: no envelope id begins so, whatever line breaks follow */
		sp->ordinal++;
		sp->skipped++;
		return X12_OK;
	}
	k = kind_of(sp, p, n);
	if (k == K_DATA) {
		sp->ordinal++;
		sp->skipped++;
		return X12_OK;
	}
	if (k == K_BAD || sp->hold_over)
		return bad(sp);
	if (k == K_ST && x12_envelope_in_group(sp->env) && sp->skipped == 0 &&
	    sp->seg_off - sp->last_cut >= sp->min_part && sp->cut.gs_len) {
		struct x12_reader_stats st;

		x12_envelope_copy(sp->cut.env, sp->env);
		x12_envelope_stats(sp->env, &st);
		sp->cut.offset = sp->seg_off;
		sp->cut.ordinal = sp->ordinal + 1;
		sp->cut.st_end = sp->seg_off + n + 1;
		sp->cut.interchange = sp->interchange;
		sp->cut.sets_before = st.transactions;
		sp->cut.ic_groups = sp->ic_groups;
		sp->cut.ic_sets = sp->ic_sets;
		offer = true;
	}
	if (!check_envelope(sp, p, n + 1))
		return bad(sp);
	sp->ordinal++;
	switch (k) {
	case K_ST:
		sp->ic_sets++;
		break;
	case K_GS:
		if (n + 1 > sizeof sp->cut.gs)
			return bad(sp);
		memcpy(sp->cut.gs, p, n + 1);
		sp->cut.gs_len = n + 1;
		sp->cut.gs_offset = sp->seg_off;
		sp->cut.gs_ordinal = sp->ordinal;
		sp->ic_groups++;
		break;
	case K_GE:
		sp->cut.gs_len = 0;
		break;
	case K_IEA:
		sp->mode = SP_ISA;
		break;
	default:
		break;
	}
	if (!offer)
		return X12_OK;
	sp->last_cut = sp->seg_off;
	*cut = &sp->cut;
	return X12_EVENT;
}

static enum x12_status
seg_step(struct x12_split *sp, const struct x12_split_state **cut)
{
	const char *p, *q;
	size_t n;

	if (!sp->in_seg) {
		if (!skip_blank(sp))
			return sp->final ? (sp->mode = SP_DONE, X12_DONE) : X12_NEED_INPUT;
		sp->in_seg = true;
		sp->seg_off = sp->base + sp->pos;
		sp->hold_len = 0;
		sp->hold_over = false;
	}
	p = sp->buf + sp->pos;
	q = memchr(p, sp->term, sp->len - sp->pos);
	n = q ? (size_t)(q - p) : sp->len - sp->pos;
	if (q && sp->hold_len == 0) {
		/* the common case: the whole segment in this chunk */
		sp->pos += n + 1;
		sp->in_seg = false;
		return segment(sp, p, n, cut);
	}
	/* it crosses chunks: keep what hold[] takes (a data segment needs its id only) */
	{
		size_t room = HOLD - 1 - sp->hold_len, k = n < room ? n : room;

		memcpy(sp->hold + sp->hold_len, p, k);
		sp->hold_len += k;
		if (k < n)
			sp->hold_over = true;
	}
	sp->pos += n;
	if (!q) {
		if (sp->final) {
			sp->mode = SP_DONE; /* a last segment without its terminator: the reader judges it */
			return X12_DONE;
		}
		return X12_NEED_INPUT;
	}
	sp->pos++;
	sp->in_seg = false;
	sp->hold[sp->hold_len] = sp->term;
	return segment(sp, sp->hold, sp->hold_len, cut);
}

enum x12_status
x12_split_next(struct x12_split *sp, const struct x12_split_state **cut)
{
	for (;;) {
		enum x12_status st;

		switch (sp->mode) {
		case SP_ISA:
			st = isa_step(sp);
			break;
		case SP_SEG:
			st = seg_step(sp, cut);
			break;
		case SP_DONE:
			return X12_DONE;
		default:
			return X12_ERROR;
		}
		if (st != X12_OK)
			return st;
	}
}

struct x12_split_state *
x12_split_state_dup(const struct x12_split_state *s)
{
	struct x12_alloc a;
	struct x12_split_state *d;

	x12_alloc_init(&a, NULL);
	d = x12_mem_alloc(&a, sizeof *d);
	if (!d)
		return NULL;
	*d = *s;
	d->env = x12_envelope_new(&a);
	if (!d->env) {
		x12_mem_free(&a, d);
		return NULL;
	}
	x12_envelope_copy(d->env, s->env);
	return d;
}

void
x12_split_state_free(struct x12_split_state *s)
{
	struct x12_alloc a;

	if (!s)
		return;
	x12_alloc_init(&a, NULL);
	x12_envelope_free(s->env);
	x12_mem_free(&a, s);
}

/* ---------------------------------------------------------------- the reader's side */

void
x12_reader_seek(struct x12_reader *r, uint64_t offset, uint64_t ordinal, uint32_t interchange)
{
	x12_tokenizer_seek(x12_reader_tokenizer(r), offset, ordinal, interchange);
}

void
x12_reader_restore(struct x12_reader *r, const struct x12_split_state *s)
{
	x12_envelope_copy(x12_reader_envelope(r), s->env);
}
