/*
 * split.h - one input cut into parts at ST boundaries, so that several
 * record streams can read the parts side by side and give, part after part,
 * what one stream gives for the whole input.
 *
 *   struct x12_split *sp = x12_split_new(limits, min_part, alloc);
 *   x12_split_feed(sp, buf, len, is_final);             any chunk, any split
 *   while ((st = x12_split_next(sp, &cut)) == X12_EVENT)
 *           a part may start at cut->offset (an ST)     cut valid until the next call
 *   st: X12_NEED_INPUT (feed more), X12_DONE (input read), X12_ERROR: no
 *       further cut can be trusted (the rest is one part, read as usual)
 *
 * The splitter reads every segment boundary (the terminator of the ISA, the
 * white space the tokenizer skips between segments) but looks inside the
 * envelope segments only (ISA, GS, ST, SE, GE, IEA): those it runs through a
 * tokenizer and envelope checker of its own, the data segments between an
 * ST and its SE it only counts.  So at each cut it knows the whole state of
 * the envelope checker (open interchange and group, GE/IEA counts, the
 * control numbers seen for the duplicate checks), the segment ordinal and
 * offset, and the ISA and GS the set lies in.  A cut is offered only before
 * an ST inside an open group with no set open (after a GS or an SE), at
 * least min_part bytes after the previous one.  Anything it cannot follow
 * exactly (a byte-order mark, a CR or LF segment terminator, line breaks in
 * an envelope segment or a segment id, segments outside a set, an ISA
 * without IEA, an envelope segment over 1 KiB) stops the cutting with
 * X12_ERROR: the cuts offered before stay right.
 *
 * A part from a cut is read by x12_records_resume() (records.h), then the
 * input bytes from cut->offset.  The stream replays the cut's ISA and GS at
 * their own offsets and ordinals (the decoders and the loop walker see the
 * envelope they would have seen), then takes the envelope checker's state and
 * the counters from the cut.
 *
 * Memory: allocated by new(); feed() and next() do not allocate.  Threads:
 * a splitter is used by one thread; a state copied with x12_split_state_dup()
 * is read-only and may be read by any thread.
 */
#ifndef REMEDI_SPLIT_H
#define REMEDI_SPLIT_H

#include "x12.h"

#define X12_SPLIT_ISA_MAX 128
#define X12_SPLIT_GS_MAX 1024

struct x12_envelope;

/* Where a part starts and what a stream needs to read it. */
struct x12_split_state {
	uint64_t offset, ordinal;      /* of the ST that starts the part */
	uint64_t st_end;               /* offset just past that ST's terminator */
	uint32_t interchange;          /* ISAs up to this point (the ST's interchange ordinal) */
	uint32_t sets_before;          /* STs before it in the input */
	uint32_t ic_groups, ic_sets;   /* GSs and STs of its interchange before it */
	char isa[X12_SPLIT_ISA_MAX];   /* its ISA, terminator included */
	size_t isa_len;
	uint64_t isa_offset, isa_ordinal;
	char gs[X12_SPLIT_GS_MAX];     /* its GS, terminator included */
	size_t gs_len;
	uint64_t gs_offset, gs_ordinal;
	struct x12_envelope *env;      /* the envelope checker before the ST (opaque) */
};

struct x12_split;

/* NULL when out of memory; limits and alloc may be NULL. */
struct x12_split *x12_split_new(const struct x12_limits *limits, uint64_t min_part, const struct x12_alloc *alloc);
void x12_split_free(struct x12_split *sp);
/* Same contract as x12_tokenizer_feed(). */
void x12_split_feed(struct x12_split *sp, const char *buf, size_t len, bool is_final);
/* The next cut (X12_EVENT; *cut lives until the next call), or the status above. */
enum x12_status x12_split_next(struct x12_split *sp, const struct x12_split_state **cut);
/* Stream offset of the next byte the splitter will look at. */
uint64_t x12_split_offset(const struct x12_split *sp);

/* A copy of s that lives until x12_split_state_free(); NULL when out of memory. */
struct x12_split_state *x12_split_state_dup(const struct x12_split_state *s);
void x12_split_state_free(struct x12_split_state *s);

/*
 * What x12_records_resume() uses under it: the next chunk's position
 * (x12_tokenizer_seek), and the envelope checker's state from a cut.
 */
void x12_reader_seek(struct x12_reader *r, uint64_t offset, uint64_t ordinal, uint32_t interchange);
void x12_reader_restore(struct x12_reader *r, const struct x12_split_state *s);

#endif
