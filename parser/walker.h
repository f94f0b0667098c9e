/*
 * walker.h - the loop walker (SNIP 2 over SNIP 1): reader events in, loop
 * enter / segment / loop leave events with TR3 loop ids out, plus the
 * implementation-guide diagnostics (segments, loops, elements).
 *
 *   x12_walker_feed(w, buf, len, is_final);
 *   while ((st = x12_walker_next(w, &ev)) == X12_EVENT)
 *           handle(&ev);
 *
 * Same push/pull contract as the reader; the segment an event points to lives
 * until the next call of next() or feed().  Memory is allocated by new().
 */
#ifndef REMEDI_WALKER_H
#define REMEDI_WALKER_H

#include "x12.h"
#include "txset.h"

enum x12_walk_type {
	X12_WALK_TXN_BEGIN = 1, /* an ST starts (before its SEGMENT event, seg is the ST); ts may be NULL */
	X12_WALK_LOOP_ENTER,    /* loop opens (before its trigger SEGMENT event) */
	X12_WALK_SEGMENT,       /* every segment, envelope ones included */
	X12_WALK_LOOP_LEAVE,
	X12_WALK_TXN_END,       /* after SE (or where a missing SE was noticed) */
	X12_WALK_DIAG,          /* a diagnostic, envelope or implementation guide */
};

struct x12_walk_event {
	enum x12_walk_type type;
	const struct x12_segment *seg;  /* SEGMENT, TXN_BEGIN (the ST) */
	const struct x12_txset *ts;     /* inside a transaction set with a definition */
	const struct txs_segment *def;  /* SEGMENT: its definition, NULL when unknown */
	const struct txs_loop *loop;    /* ENTER/LEAVE: that loop; SEGMENT: the loop it is in */
	bool rejected;                  /* TXN_END: an error was reported in this ST */
	struct x12_error diag;          /* DIAG */
};

struct x12_walker;

/* schemas is borrowed and must outlive the walker (it compiles definitions on first use). */
struct x12_walker *x12_walker_new(const struct x12_limits *limits, struct x12_schemas *schemas,
				  const struct x12_alloc *alloc);
void x12_walker_free(struct x12_walker *w);
void x12_walker_reset(struct x12_walker *w);
void x12_walker_feed(struct x12_walker *w, const char *buf, size_t len, bool is_final);
enum x12_status x12_walker_next(struct x12_walker *w, struct x12_walk_event *ev);
const struct x12_error *x12_walker_error(const struct x12_walker *w);
void x12_walker_stats(const struct x12_walker *w, struct x12_reader_stats *out);
/* The reader under the walker (for x12_reader_seek/restore, split.h).  Lifetime: the walker's. */
struct x12_reader *x12_walker_reader(struct x12_walker *w);

#endif
