/*
 * records.h - the record stream: bytes in, decoded records out.
 *
 * The one way any consumer gets decoded X12: the CLI, the tests, the fuzz
 * target, the edits engine and the claim store all read this stream.  Under
 * it run the reader (SNIP 1), the loop walker (SNIP 2) and the 837 and 835
 * decoders with their balancing (SNIP 3) and situational checks (SNIP 4),
 * and the reader of acknowledgments (TA1, 999, 277: ackread.h).
 *
 *   struct x12_records *rs = x12_records_new(schemas, &opts);
 *   x12_records_feed(rs, buf, len, is_final);           any chunk, any split
 *   while ((st = x12_records_next(rs, &rec)) == X12_EVENT)
 *           handle(&rec);                               views valid until the next call
 *   st: X12_NEED_INPUT (feed more), X12_DONE, X12_ERROR (fatal, see the END record)
 *
 * The same contract as the tokenizer and the walker: the result is the same
 * however the input is split, and feed() may be called only after next()
 * answered X12_NEED_INPUT (or right after new/reset).  Every input ends with
 * exactly one X12_REC_END record, clean or fatal; after it next() answers
 * X12_DONE (clean) or X12_ERROR (fatal) until reset.
 *
 * Order: a transaction set is TXN_BEGIN, then its diagnostics and records in
 * stream order, then TXN_END with the set's verdict, which counts every
 * error-severity diagnostic of the set at the level asked for (envelope,
 * guide, balancing, situational) including those about its SE.
 *
 * Memory: allocated through opts->alloc by new() and by the decoders' line
 * tables, which grow to the largest claim seen (bounded by C837_MAX_LINES /
 * R835_MAX_LINES).  When an allocation fails the stream ends with an END
 * record whose error is X12_E_NOMEM: a claim is never handed out truncated.
 *
 * Threads: a record stream is used by one thread at a time.  The schemas it
 * borrows are read-only once loaded and may be shared by several streams on
 * several threads.
 */
#ifndef REMEDI_RECORDS_H
#define REMEDI_RECORDS_H

#include "ackread.h"
#include "claim837.h"
#include "remit835.h"
#include "walker.h"

enum x12_record_type {
	X12_REC_DIAG = 1,        /* rec.diag: a diagnostic of any layer, filtered by opts.level */
	X12_REC_EVENT,           /* rec.event: a walker event (only with opts.events) */
	X12_REC_TXN_BEGIN,       /* rec.txn: an ST started */
	X12_REC_CLAIM,           /* rec.claim: an 837 2300 loop closed, with its context and lines */
	X12_REC_REMIT_BEGIN,     /* rec.remit: 835 header read (BPR, TRN, payer, payee), before its first payment */
	X12_REC_PAYMENT,         /* rec.payment: an 835 2100 loop closed, with its service lines */
	X12_REC_REMIT_END,       /* rec.remit: 835 SE reached: totals, PLB, claims count */
	X12_REC_TXN_END,         /* rec.txn: the set's verdict */
	X12_REC_INTERCHANGE_END, /* rec.interchange: an IEA (or the end of an interchange without one) */
	X12_REC_END,             /* rec.end: the input is done, cleanly or not */
	X12_REC_ACK,             /* rec.ack: a TA1, a 999 set (AK2) or group (AK9) verdict, a 277 claim status */
};

/* One transaction set, as far as it is known. */
struct x12_txn_info {
	uint32_t ordinal;        /* 1-based ST ordinal in the input */
	uint32_t interchange;    /* 1-based interchange ordinal */
	char st01[4];
	char st02[10];
	char guide[16];          /* ST03 or GS08 */
	char isa13[10];
	char gs06[10];
	struct x12_pos pos;      /* of the ST */
	bool known;              /* a definition for this set was loaded (SNIP 2 ran) */
	bool closed;             /* TXN_END: its SE was seen */
	bool rejected;           /* TXN_END: errors > 0 */
	uint32_t errors;         /* error-severity diagnostics in the set */
	uint32_t warnings;
	uint32_t claims;         /* 837 claims / 835 payments handed out in the set */
	uint32_t payments;
};

struct x12_interchange_info {
	uint32_t ordinal;
	char isa13[10];
	bool closed;             /* its IEA was seen */
	uint32_t groups;
	uint32_t sets;
	uint32_t rejected_sets;
};

struct x12_end_info {
	bool fatal;                     /* the input stopped early: error says why */
	struct x12_error error;         /* when fatal */
	struct x12_reader_stats stats;  /* envelope counters of the whole input */
	uint64_t claims, payments, remittances;
	uint64_t sets, rejected_sets;
};

/*
 * One record.  Exactly the pointer that its type names is set; it and
 * everything it points to are valid until the next call on the stream.
 */
struct x12_record {
	enum x12_record_type type;
	const struct x12_error *diag;
	const struct x12_walk_event *event;
	const struct x12_txn_info *txn;
	const struct c837_claim *claim;
	const struct r835_payment *payment;
	const struct r835_remittance *remit;
	const struct x12_interchange_info *interchange;
	const struct x12_end_info *end;
	const struct ackr_record *ack;
};

struct x12_records_options {
	/*
	 * SNIP level to check up to: 1 envelope only (no definitions needed,
	 * schemas may be NULL), 2 + implementation guide, 3 + balancing,
	 * 4 + situational rules that need no code tables.  0 means 4.
	 */
	unsigned level;
	/* Decode claims and payments even at level 1-2 (at 3-4 they always are). */
	bool decode;
	/* Also hand out every walker event (segments, loop enter/leave) as X12_REC_EVENT. */
	bool events;
	struct x12_limits limits;       /* zero fields: defaults */
	const struct x12_alloc *alloc;  /* NULL: malloc/realloc/free; copied, ctx borrowed */
};

struct x12_records;

/*
 * schemas is borrowed and must outlive the stream (NULL only at level 1).
 * opts may be NULL (level 4, defaults).  NULL when out of memory.
 */
struct x12_records *x12_records_new(struct x12_schemas *schemas, const struct x12_records_options *opts);
void x12_records_free(struct x12_records *rs);
/* Back to the state of a new stream, for the next input; keeps its tables. */
void x12_records_reset(struct x12_records *rs);
void x12_records_feed(struct x12_records *rs, const char *buf, size_t len, bool is_final);
enum x12_status x12_records_next(struct x12_records *rs, struct x12_record *rec);
/*
 * The counters so far (what the END record will say), for a caller that
 * stops early, e.g. when its input fails to read.
 */
void x12_records_progress(const struct x12_records *rs, struct x12_end_info *out);
/*
 * A part of a split input (split.h): resets the stream, replays the cut's
 * ISA and GS (their records are dropped), takes the envelope state and the
 * set and interchange ordinals from the cut; then feed() the input from
 * cut->offset.  The END record's counters (sets, claims, payments ...) are
 * then those of the part alone; its envelope stats, those of the input up
 * to the part's end.  The records of an INTERCHANGE_END count the rejected
 * sets of the part only.  X12_OK, or X12_ERROR when the replay failed.
 */
struct x12_split_state;
enum x12_status x12_records_resume(struct x12_records *rs, const struct x12_split_state *cut);
/* The fatal error once next() answered X12_ERROR.  Lifetime: until reset/free. */
const struct x12_error *x12_records_error(const struct x12_records *rs);

#endif
