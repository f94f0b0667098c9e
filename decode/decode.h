/*
 * decode.h - the decoder layer under the record stream, never installed.
 *
 * Three decoders, one shape: each takes walker events and says what became
 * complete in a struct dec_result, with the SNIP 3/4 diagnostics about it.
 *
 *   837  c837_decoder_*   DEC_CLAIM when a 2300 loop closes
 *   835  r835_decoder_*   DEC_REMIT_BEGIN before the first 2000/2100 loop or at SE,
 *                         DEC_PAYMENT when a 2100 loop closes, DEC_REMIT_END at SE
 *   TA1, 999, 277        ackr_decoder_*   DEC_ACK per TA1, 999 AK2 and AK9, 277 claim
 *
 * One event may complete more than one thing (an 835 set without claims gives
 * its header and its end at SE): after each event, call again with ev = NULL
 * until the result is DEC_NONE.
 *
 * Both share struct dec_base: the allocator, the diagnostics of the unit just
 * completed, the envelope ids (ISA13, GS06, ST02) and the mark helper.
 */
#ifndef REMEDI_DECODE_H
#define REMEDI_DECODE_H

#include "ackread.h"
#include "claim837.h"
#include "remit835.h"
#include "txset_internal.h"
#include "walker.h"
#include "x12_internal.h"

#include <string.h>

enum dec_ready {
	DEC_NONE = 0,
	DEC_CLAIM,
	DEC_REMIT_BEGIN,
	DEC_PAYMENT,
	DEC_REMIT_END,
	DEC_ACK,
};

#define DEC_MAX_DIAGS 64

struct dec_result {
	enum dec_ready ready;
	const struct c837_claim *claim;      /* DEC_CLAIM */
	const struct r835_payment *payment;  /* DEC_PAYMENT */
	const struct r835_remittance *remit; /* DEC_REMIT_BEGIN / DEC_REMIT_END */
	const struct ackr_record *ack;       /* DEC_ACK */
	const struct x12_error *diags;       /* SNIP 3/4 diagnostics about it, in order */
	unsigned ndiags;
};

struct dec_base {
	struct x12_alloc alloc;
	bool in_set;                         /* inside a set this decoder reads */
	char isa13[10], gs06[10], st02[10];
	struct x12_error diags[DEC_MAX_DIAGS];
	unsigned ndiags;
	unsigned *errors;                    /* error counter of the unit being read, or NULL */
};

/* Segment ids as integers (txs_pack() of the id), for switch statements. */
#define DEC_ID2(a, b) ((uint32_t)(a) | (uint32_t)(b) << 8)
#define DEC_ID3(a, b, c) (DEC_ID2(a, b) | (uint32_t)(c) << 16)
static inline uint32_t
dec_id32(const struct x12_segment *s)
{
	const unsigned char *p = (const unsigned char *)s->data;

	switch (s->elem[1] - 1) {
	case 2:
		return DEC_ID2(p[0], p[1]);
	case 3:
		return DEC_ID3(p[0], p[1], p[2]);
	default:
		return 0;
	}
}

/* Copies v into dst[size], cut at size - 1 bytes and NUL-terminated (values are short: no memcpy call). */
static inline void
dec_copy(char *dst, size_t size, struct x12_str v)
{
	size_t n = v.len < size - 1 ? v.len : size - 1;

	for (size_t i = 0; i < n; i++)
		dst[i] = v.ptr[i];
	dst[n] = '\0';
}

/* Copies v into a char array, cut at its size. */
#define DEC_CPY(dst, v) dec_copy((dst), sizeof(dst), (v))

/* The mark of element `element` (0: whole segment), component `comp`, of s in loop l. */
static inline void
dec_mark(struct x12_pos *m, const struct x12_segment *s, const struct txs_loop *l, unsigned element, unsigned comp)
{
	uint64_t loop = l && l->parent != UINT32_MAX ? l->id64 : 0; /* the transaction itself is no TR3 loop */
	uint32_t idlen = s->elem[1] - 1;

	m->offset = s->offset;
	m->segment = s->ordinal;
	m->st_segment = s->st_segment;
	m->element = (uint16_t)element;
	m->component = (uint16_t)comp;
	m->repetition = 0;
	memset(m->seg_id, 0, sizeof m->seg_id);
	if (idlen < sizeof m->seg_id)
		memcpy(m->seg_id, s->data, idlen);
	/* txs_pack(): zero-padded, byte i at bits 8i; a loop id has at most 6 bytes */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(m->loop_id, &loop, sizeof m->loop_id);
	m->loop_id[sizeof m->loop_id - 1] = '\0';
#else
	for (unsigned i = 0; i < sizeof m->loop_id; i++)
		m->loop_id[i] = (char)((loop >> (8 * i)) & 0xff);
#endif
}
/* Adds a diagnostic at mark m, counted in *b->errors when it is an error. */
void dec_diag(struct dec_base *b, enum x12_code code, const struct x12_pos *m, unsigned element, const char *fmt,
	      ...) X12_PRINTF(5, 6);
/*
 * Common handling of an event: ISA13/GS06/ST02 capture outside/at the start
 * of a set, counting walker errors in the unit being read.  Returns true when
 * the event is a SEGMENT of a set this decoder reads (in_set) and has a
 * definition, so the caller should decode it.
 */
bool dec_envelope(struct dec_base *b, const struct x12_walk_event *ev);
static inline bool
dec_common(struct dec_base *b, const struct x12_walk_event *ev)
{
	const struct x12_segment *s = ev->seg;

	/* the common case first: a segment of the set, not its ST */
	if (ev->type == X12_WALK_SEGMENT && s && b->in_set && s->st_segment != 1)
		return ev->def && ev->loop;
	return dec_envelope(b, ev);
}
/* A procedure composite (SV101, SV202, SVC01): qualifier, code, up to 4 modifiers, description. */
void dec_procedure(struct x12_str v, char sep, char qual[3], char code[49], char mod[4][3], unsigned *nmod,
		   char *desc, size_t desc_size);
/* Points out->diags at the diagnostics added since index first. */
static inline void
dec_result_diags(const struct dec_base *b, struct dec_result *out, unsigned first)
{
	out->diags = b->diags + first;
	out->ndiags = b->ndiags - first;
}
/* Grows a line table; X12_ERROR when out of memory, X12_OK else (*out NULL when the table is full). */
enum x12_status dec_table_add(struct dec_base *b, void **table, unsigned *n, unsigned *cap, size_t size,
			      unsigned max, void **out);

struct c837_decoder;
struct c837_decoder *c837_decoder_new(const struct x12_alloc *alloc);
void c837_decoder_free(struct c837_decoder *d);
void c837_decoder_reset(struct c837_decoder *d);
/* X12_OK, or X12_ERROR when out of memory (the claim being read is lost). */
enum x12_status c837_decoder_event(struct c837_decoder *d, const struct x12_walk_event *ev, struct dec_result *out);
/*
 * SNIP 3 and the SNIP 4 rules that need no code tables: CLM02 = sum of line
 * charges, a 2410 LIN has its CTP, REF*F8 on replacement/void claims.
 */
void c837_check(struct dec_base *b, const struct c837_claim *c);

struct r835_decoder;
struct r835_decoder *r835_decoder_new(const struct x12_alloc *alloc);
void r835_decoder_free(struct r835_decoder *d);
void r835_decoder_reset(struct r835_decoder *d);
enum x12_status r835_decoder_event(struct r835_decoder *d, const struct x12_walk_event *ev, struct dec_result *out);

struct ackr_decoder;
struct ackr_decoder *ackr_decoder_new(const struct x12_alloc *alloc);
void ackr_decoder_free(struct ackr_decoder *d);
void ackr_decoder_reset(struct ackr_decoder *d);
/* Never fails: nothing is allocated past new(). */
enum x12_status ackr_decoder_event(struct ackr_decoder *d, const struct x12_walk_event *ev, struct dec_result *out);

#endif
