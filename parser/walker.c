/*
 * walker.c - loop walker and implementation-guide checks (SNIP 2).
 *
 * A transaction set definition is a tree: the transaction (loop 0) holds
 * segments and loops; a loop's first child is its trigger segment.  The
 * walker keeps a stack of open loops, each with a position (the child last
 * matched) and a use count per child.  For each segment it searches:
 *
 *   for each open loop, innermost first:
 *       children from the current position on, the whole run of same-id
 *       definitions it is in included (X12 gives such a run one position),
 *       but never the trigger of the loop itself (that starts a new
 *       iteration, found one level up):
 *           a segment definition with the same id (and key code)  -> stay
 *           a child loop whose trigger matches                    -> enter it
 *   nothing matched -> the segment is unknown, out of order or unexpected
 *
 * Candidates come from each loop's id index and same-id chains, not a scan.
 * A segment "matches" a definition when the ids agree and, for a definition
 * with a key, the key element's value is one of its codes (NM1*85 vs NM1*87,
 * HL03 = 22 vs 23).
 *
 * Required children that never came are reported when their loop closes (a
 * late one is only "out of order"), at the position where they were passed.
 *
 * Element checks follow each matched segment: usage, repetitions,
 * components, length, type, dates (also by their D8/RD8 qualifier), times
 * and enumerated codes; then the X12.6 syntax notes of the segment id (P, R,
 * E, C, L), for the segments that have any.  Segments whose exact bytes
 * already passed the same definition are not checked again (the memo below).
 */
#include "walker.h"
#include "txset_internal.h"
#include "x12_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE 256

/*
 * Segments that passed the element checks, remembered by their exact bytes
 * (with the delimiters and the definition they matched): billing provider,
 * payer, PRV, HI and many DTP segments repeat claim after claim, and the
 * checks are a pure function of those inputs.  Only clean results are kept,
 * so a hit never hides a diagnostic.  Fixed size: a slot is overwritten.
 */
#define MEMO_SLOTS 4096
#define MEMO_BYTES 64
#define SYN_SLOTS 256

struct memo_slot {
	uint64_t hash;
	const struct txs_segment *def;
	uint32_t len;
	char bytes[MEMO_BYTES];
};

/* Where a required child was first passed over (valid when gen matches its frame's). */
struct skip_mark {
	uint64_t offset, ordinal;
	uint32_t st_segment;
	uint32_t gen;
};

struct frame {
	uint32_t loop;
	uint16_t pos;
	uint32_t gen;             /* this iteration of the loop */
	uint32_t *counts;
	struct skip_mark *skip;   /* max_children */
};

struct qitem {
	enum x12_walk_type type;
	const struct x12_txset *ts;
	bool has_seg;
	bool rejected;
	const struct txs_segment *def;
	const struct txs_loop *loop;
	struct x12_error diag;
};

/*
 * HL01 numbers seen in the open set, as ranges: a set numbered as the TR3
 * says (1, 2, 3 ...) is one range whatever its size; each break in the
 * sequence (already reported) opens another, up to HL_RANGES, after which
 * the duplicate and parent checks stop for the set (said once).
 */
#define HL_RANGES 64

struct hl_range {
	uint64_t lo, hi;
};

/*
 * The open chain of the HL tree, root first: the HLs that may still get a
 * child.  X12 defines the HL structure as top-down, left-right ordered, so
 * an HL's children come after it and before the next HL of its own level or
 * above: an HL that leaves the chain is complete, and its HL04 can be
 * judged then.  The 837 has three levels; past HL_DEPTH the HL03/HL04
 * checks stop for the set.
 */
#define HL_DEPTH 8

struct hl_open {
	uint64_t n;                /* HL01 */
	uint64_t offset, ordinal;  /* where the HL is, for what is found about its HL04 later */
	uint32_t st_segment;
	const struct txs_loop *loop;
	char level[3];             /* HL03 when it is a 1-2 character code, else "" */
	char child;                /* HL04 '0' or '1'; 0 when absent or another value */
	bool has_child;            /* a later HL named it in HL02 */
};

struct x12_walker {
	struct x12_reader *r;
	struct x12_schemas *schemas;
	struct x12_event rev;       /* the reader's current event (the segment lives here) */
	bool done;

	/* the open transaction set */
	bool in_txn;
	bool rejected;
	const struct x12_txset *ts;
	struct frame *stack;
	unsigned depth, max_frames, max_children;
	uint32_t *count_mem;
	struct skip_mark *skip_mem;
	uint32_t gen;
	char gs08[16];
	bool is_837;               /* the open set is an 837 (its 2400 LX is numbered) */
	bool is_ack;               /* the open set is an acknowledgment (999, 277CA): it echoes ids, it does not issue them */

	/* numbering inside the open set: HL01 (per set), LX01 (per 837 claim) */
	struct hl_range hl[HL_RANGES];
	unsigned nhl;
	bool hl_full;
	uint64_t hl_last;          /* the last HL01 that was not a duplicate (0: none yet) */
	struct hl_open hlo[HL_DEPTH];
	unsigned nhlo;
	bool hl_deep;              /* the chain outgrew HL_DEPTH: HL03/HL04 not checked for the set */
	uint64_t lx_last;          /* the last 837 LX01 of the open claim (0: none yet) */

	struct qitem q[QUEUE];
	unsigned q_head, q_len;
	uint64_t dropped;
	uint64_t diags;            /* diagnostics raised so far */

	struct memo_slot *memo;    /* MEMO_SLOTS */
	/*
	 * Presence patterns that satisfied every syntax note of a definition:
	 * the verdict is a function of the two, and a definition sees few
	 * patterns (NM1*IL: NM103, NM104, NM108, NM109), so most segments stop
	 * at one compare.  Direct-mapped, overwritten.
	 */
	struct {
		const struct txs_segment *def;
		uint64_t have;
	} syn_ok[SYN_SLOTS];
	struct x12_alloc alloc;
};

struct x12_walker *
x12_walker_new(const struct x12_limits *limits, struct x12_schemas *schemas, const struct x12_alloc *alloc)
{
	struct x12_alloc a;
	struct x12_walker *w;

	x12_alloc_init(&a, alloc);
	w = x12_mem_calloc(&a, 1, sizeof *w);
	if (!w)
		return NULL;
	w->alloc = a;
	w->schemas = schemas;
	w->r = x12_reader_new(limits, &a);
	/* definitions compile on first use: size for the most any may have */
	w->max_frames = TXS_MAX_DEPTH;
	w->max_children = TXS_MAX_CHILDREN;
	w->stack = x12_mem_calloc(&a, w->max_frames, sizeof *w->stack);
	w->count_mem = x12_mem_calloc(&a, (size_t)w->max_frames * w->max_children, sizeof *w->count_mem);
	w->memo = x12_mem_calloc(&a, MEMO_SLOTS, sizeof *w->memo);
	w->skip_mem = x12_mem_calloc(&a, (size_t)w->max_frames * w->max_children, sizeof *w->skip_mem);
	if (!w->r || !w->stack || !w->count_mem || !w->memo || !w->skip_mem) {
		x12_walker_free(w);
		return NULL;
	}
	for (unsigned i = 0; i < w->max_frames; i++) {
		w->stack[i].counts = w->count_mem + (size_t)i * w->max_children;
		w->stack[i].skip = w->skip_mem + (size_t)i * w->max_children;
	}
	return w;
}

void
x12_walker_free(struct x12_walker *w)
{
	if (!w)
		return;
	x12_reader_free(w->r);
	x12_mem_free(&w->alloc, w->stack);
	x12_mem_free(&w->alloc, w->count_mem);
	x12_mem_free(&w->alloc, w->skip_mem);
	x12_mem_free(&w->alloc, w->memo);
	x12_mem_free(&w->alloc, w);
}

void
x12_walker_reset(struct x12_walker *w)
{
	x12_reader_reset(w->r);
	w->done = false;
	w->in_txn = false;
	w->rejected = false;
	w->ts = NULL;
	w->depth = 0;
	w->gs08[0] = '\0';
	w->q_head = w->q_len = 0;
	w->dropped = 0;
}

struct x12_reader *
x12_walker_reader(struct x12_walker *w)
{
	return w->r;
}

void
x12_walker_feed(struct x12_walker *w, const char *buf, size_t len, bool is_final)
{
	x12_reader_feed(w->r, buf, len, is_final);
}

const struct x12_error *
x12_walker_error(const struct x12_walker *w)
{
	return x12_reader_error(w->r);
}

void
x12_walker_stats(const struct x12_walker *w, struct x12_reader_stats *out)
{
	x12_reader_stats(w->r, out);
}

/* ------------------------------------------------------------ the queue */

static struct qitem *
push(struct x12_walker *w, enum x12_walk_type type)
{
	struct qitem *it;

	if (w->q_len == QUEUE) {
		w->dropped++;
		return NULL;
	}
	it = &w->q[(w->q_head + w->q_len++) % QUEUE];
	it->type = type;
	it->ts = w->ts;
	it->has_seg = false;
	it->rejected = false;
	it->def = NULL;
	it->loop = NULL;
	return it;
}

static const struct txs_loop *
top_loop(const struct x12_walker *w)
{
	return w->ts && w->depth ? &w->ts->loops[w->stack[w->depth - 1].loop] : NULL;
}

static void
diag(struct x12_walker *w, enum x12_code code, const struct x12_segment *seg, const char *seg_id,
     const struct txs_loop *loop, unsigned element, unsigned component, unsigned repetition,
     const char *fmt, ...) X12_PRINTF(9, 10);

static void
diag(struct x12_walker *w, enum x12_code code, const struct x12_segment *seg, const char *seg_id,
     const struct txs_loop *loop, unsigned element, unsigned component, unsigned repetition,
     const char *fmt, ...)
{
	struct qitem *it;
	struct x12_error *e;
	va_list ap;

	w->diags++;
	if (x12_code_info(code)->severity == X12_SEV_ERROR)
		w->rejected = true;
	if (w->q_len >= QUEUE - 8) {
		/* keep room for the structural events of this segment */
		w->dropped++;
		return;
	}
	it = push(w, X12_WALK_DIAG);
	e = &it->diag;
	va_start(ap, fmt);
	x12_error_vset(e, code, seg ? seg->offset : 0, seg ? seg->ordinal : 0, seg ? seg->st_segment : 0, seg_id,
		       loop && loop->parent != UINT32_MAX ? loop->id : NULL, element, fmt, ap);
	va_end(ap);
	e->pos.component = (uint16_t)component;
	e->pos.repetition = (uint16_t)repetition;
}

static void
push_loop(struct x12_walker *w, enum x12_walk_type type, const struct txs_loop *loop)
{
	struct qitem *it = push(w, type);

	if (it)
		it->loop = loop;
}

static void
push_seg(struct x12_walker *w, const struct txs_segment *def, const struct txs_loop *loop)
{
	struct qitem *it = push(w, X12_WALK_SEGMENT);

	if (it) {
		it->has_seg = true;
		it->def = def;
		it->loop = loop;
	}
}

/* ------------------------------------------------------------ element checks */

static void
seg_id_str(const struct x12_segment *seg, char out[4])
{
	struct x12_str id = x12_seg_id(seg);
	size_t n = id.len < 3 ? id.len : 3;

	memcpy(out, id.ptr, n);
	out[n] = '\0';
}

/*
 * "CLM05-1", for a diagnostic only (no printf).  Out of line and cold: the
 * callers pass it as a diagnostic's argument, and inlined GCC computed its
 * digits ahead of the test for every element checked.
 */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static void
el_ref(char *buf, size_t size, const char *id, unsigned pos, unsigned comp)
{
	size_t n = 0;

	(void)size; /* callers pass 16 bytes: 3 + up to 5 + 1 + up to 5 + NUL */
	while (*id && n < 3)
		buf[n++] = *id++;
	if (pos >= 100) {
		buf[n++] = (char)('0' + pos / 100 % 10);
	}
	buf[n++] = (char)('0' + pos / 10 % 10);
	buf[n++] = (char)('0' + pos % 10);
	if (comp) {
		buf[n++] = '-';
		if (comp >= 10)
			buf[n++] = (char)('0' + comp / 10 % 10);
		buf[n++] = (char)('0' + comp % 10);
	}
	buf[n] = '\0';
}

/*
 * Whether a bad value may be quoted in a message: only what cannot be
 * patient data, a short code (1-3 upper-case letters or digits: a
 * qualifier, a place of service, a modifier).  Anything else is described by
 * its length and position (docs/errors.md, "What messages quote").
 */
static bool
quotable(struct x12_str v)
{
	if (v.len > 3)
		return false;
	for (size_t i = 0; i < v.len; i++)
		if (!((v.ptr[i] >= 'A' && v.ptr[i] <= 'Z') || (v.ptr[i] >= '0' && v.ptr[i] <= '9')))
			return false;
	return true;
}

/* Length as X12 counts it: numbers without sign and decimal point. */
static bool
number_ok(struct x12_str v, bool decimal, size_t *digits)
{
	size_t i = 0, n = 0;
	bool point = false;

	if (i < v.len && v.ptr[i] == '-')
		i++;
	for (; i < v.len; i++) {
		if (v.ptr[i] >= '0' && v.ptr[i] <= '9') {
			n++;
		} else if (decimal && v.ptr[i] == '.' && !point) {
			point = true;
		} else {
			return false;
		}
	}
	*digits = n;
	return n > 0;
}

static void
check_simple(struct x12_walker *w, const struct x12_segment *seg, const char *id, const struct txs_loop *loop,
	     const struct txs_element *ed, struct x12_str v, unsigned pos, unsigned comp, unsigned rep)
{
	char ref[16];
	size_t len = v.len;

#define REF() (el_ref(ref, sizeof ref, id, pos, comp), ref)
	switch (ed->type) {
	case TXS_N:
	case TXS_R:
		if (!number_ok(v, ed->type == TXS_R, &len)) {
			diag(w, X12_E_EL_BAD_CHAR, seg, id, loop, pos, comp, rep, "%s (%s) is not a valid %s",
			     REF(), ed->name, ed->type == TXS_R ? "decimal number" : "whole number");
			return;
		}
		break;
	case TXS_DT:
		if (!(v.len == 8 ? x12_is_date8(v) : v.len == 6 && x12_is_date6(v))) {
			diag(w, X12_E_EL_BAD_DATE, seg, id, loop, pos, comp, rep, "%s (%s) is not a valid date",
			     REF(), ed->name);
			return;
		}
		break;
	case TXS_TM:
		if (!x12_is_time(v)) {
			diag(w, X12_E_EL_BAD_TIME, seg, id, loop, pos, comp, rep, "%s (%s) is not a valid time",
			     REF(), ed->name);
			return;
		}
		break;
	default:
		break;
	}
	if (len < ed->min) {
		diag(w, X12_E_EL_TOO_SHORT, seg, id, loop, pos, comp, rep,
		     "%s (%s) is %zu characters, at least %u required", REF(), ed->name, len, ed->min);
		return;
	}
	if (len > ed->max) {
		diag(w, X12_E_EL_TOO_LONG, seg, id, loop, pos, comp, rep,
		     "%s (%s) is %zu characters, at most %u allowed", REF(), ed->name, len, ed->max);
		return;
	}
	if (ed->type == TXS_ID && ed->ncodes && !txs_has_code(w->ts, ed, v)) {
		/* a shifted name can land in an ID element: quote only what looks like a code */
		if (quotable(v))
			diag(w, X12_E_EL_BAD_CODE, seg, id, loop, pos, comp, rep,
			     "%s (%s): '%.*s' is not a valid code here", REF(), ed->name, (int)v.len, v.ptr);
		else
			diag(w, X12_E_EL_BAD_CODE, seg, id, loop, pos, comp, rep,
			     "%s (%s): a value of %zu character%s is not a valid code here (not shown: it may be patient data)",
			     REF(), ed->name, v.len, v.len == 1 ? "" : "s");
	}
}
#undef REF

/* A one-piece composite holding a likely foreign component separator. */
static bool
foreign_separator(const struct x12_segment *seg, struct x12_str v, char *found)
{
	static const char candidates[] = ":>^|!\\+";

	for (const char *c = candidates; *c; c++) {
		if (*c == seg->delims.component || *c == seg->delims.element || *c == seg->delims.repetition)
			continue;
		if (memchr(v.ptr, *c, v.len)) {
			*found = *c;
			return true;
		}
	}
	return false;
}

/* A present or absent component of a composite, against its definition. */
static void
check_component(struct x12_walker *w, const struct x12_segment *seg, const char *id, const struct txs_loop *loop,
		const struct txs_element *ed, const struct txs_element *cd, struct x12_str cv, unsigned rep)
{
	char cref[16];

	if (cv.len == 0) {
		if (cd->usage == TXS_REQUIRED) {
			el_ref(cref, sizeof cref, id, ed->pos, cd->pos);
			diag(w, X12_E_COMP_MISSING, seg, id, loop, ed->pos, cd->pos, rep, "%s (%s) is required", cref,
			     cd->name);
		}
		return;
	}
	if (cd->usage == TXS_NOT_USED) {
		el_ref(cref, sizeof cref, id, ed->pos, cd->pos);
		diag(w, X12_E_EL_NOT_USED, seg, id, loop, ed->pos, cd->pos, rep, "%s (%s) is not used in this guide",
		     cref, cd->name);
		return;
	}
	check_simple(w, seg, id, loop, cd, cv, ed->pos, cd->pos, rep);
}

static void
check_composite(struct x12_walker *w, const struct x12_segment *seg, const char *id, const struct txs_loop *loop,
		const struct txs_element *ed, struct x12_str v, unsigned rep)
{
	const struct x12_txset *ts = w->ts;
	const struct txs_element *defs = &ts->elems[ed->comp];
	char sep = seg->delims.component;
	const char *p = v.ptr, *end = v.ptr + v.len;
	unsigned k = 1, di = 0;
	char ref[16], other;

	if (ed->ncomp > 1 && defs[0].pos == 1 && !memchr(v.ptr, sep, v.len) &&
	    (v.len > defs[0].max || (defs[0].ncodes && !txs_has_code(ts, &defs[0], v))) &&
	    foreign_separator(seg, v, &other) &&
	    (!defs[0].ncodes || txs_has_code(ts, &defs[0], x12_str_part(v, other, 1)))) {
		/* one piece that fails as a first component but splits on another character */
		el_ref(ref, sizeof ref, id, ed->pos, 0);
		diag(w, X12_E_EL_BAD_CODE, seg, id, loop, ed->pos, 1, rep,
		     "%s (%s) is not split into components: it contains '%c' where the ISA declares '%c' "
		     "(component separator mismatch)",
		     ref, ed->name, other, sep);
		return;
	}
	/* one pass over the components, definitions in position order */
	for (;;) {
		const char *q = p;
		struct x12_str cv;

		while (q < end && *q != sep)
			q++;
		cv.ptr = p;
		cv.len = (size_t)(q - p);
		if (di < ed->ncomp && defs[di].pos == k)
			check_component(w, seg, id, loop, ed, &defs[di++], cv, rep);
		else if (cv.len && (di == ed->ncomp || defs[di].pos > k) && (ed->ncomp == 0 || k > defs[ed->ncomp - 1].pos)) {
			el_ref(ref, sizeof ref, id, ed->pos, 0);
			diag(w, X12_E_EL_TOO_MANY_COMPS, seg, id, loop, ed->pos, k, rep,
			     "%s (%s) has a component %u, at most %u defined", ref, ed->name, k,
			     ed->ncomp ? defs[ed->ncomp - 1].pos : 0);
			return;
		}
		if (q == end)
			break;
		p = q + 1;
		k++;
	}
	for (; di < ed->ncomp; di++)
		check_component(w, seg, id, loop, ed, &defs[di], (struct x12_str){ end, 0 }, rep);
}

/* A DE 1251 date read by its DE 1250 format qualifier (D8, RD8, DT, TM, D6). */
static void
check_period(struct x12_walker *w, const struct x12_segment *seg, const struct txs_segment *sd,
	     const struct txs_loop *loop)
{
	unsigned qp = sd->period_pos;
	struct x12_str q = x12_seg_element(seg, qp), v = x12_seg_element(seg, qp + 1);
	int32_t from, to;
	bool ok = true;
	char id[4], ref[16];

	if (q.len == 0 || v.len == 0)
		return;
	if (x12_str_eq(q, "D8") || x12_str_eq(q, "RD8"))
		ok = x12_parse_period(q, v, &from, &to);
	else if (x12_str_eq(q, "D6"))
		ok = x12_is_date6(v);
	else if (x12_str_eq(q, "DT"))
		ok = v.len == 12 && x12_is_date8((struct x12_str){ v.ptr, 8 }) &&
		     x12_is_time((struct x12_str){ v.ptr + 8, 4 });
	else if (x12_str_eq(q, "TM"))
		ok = x12_is_time(v);
	if (ok)
		return;
	seg_id_str(seg, id);
	el_ref(ref, sizeof ref, id, qp + 1, 0);
	diag(w, X12_E_EL_BAD_DATE, seg, id, loop, qp + 1, 0, 0, "%s is not a valid %.*s%s", ref, (int)q.len, q.ptr,
	     x12_str_eq(q, "RD8") ? " range (CCYYMMDD-CCYYMMDD, start not after end)" : " date");
}

/* "NM108 and NM109", "DTM02, DTM03 and DTM05": the positions of mask, for a message. */
static void
list_refs(char *buf, size_t size, const char *id, uint64_t mask)
{
	size_t n = 0;
	unsigned left = (unsigned)__builtin_popcountll(mask);

	buf[0] = '\0';
	for (; mask && n < size; mask &= mask - 1, left--) {
		char ref[16];

		el_ref(ref, sizeof ref, id, (unsigned)__builtin_ctzll(mask), 0);
		n += (size_t)snprintf(buf + n, size - n, "%s%s", ref, left == 1 ? "" : left == 2 ? " and " : ", ");
	}
}

/*
 * The notes against the presence pattern `have` (check_syntax); cold: a
 * pattern that passes is remembered in slot.
 */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void
syntax_notes(struct x12_walker *w, const struct x12_segment *seg, const char *id, const struct txs_segment *sd,
	     const struct txs_loop *loop, uint64_t have, unsigned slot)
{
	const struct txs_note *notes = &w->ts->notes[sd->notes];
	uint64_t before = w->diags;

	for (unsigned i = 0; i < sd->nnotes; i++) {
		const struct txs_note *n = &notes[i];
		uint64_t got = have & n->mask, first = UINT64_C(1) << n->first, others = n->mask & ~first;
		char list[96], ref[16], what[16];
		unsigned at;

		if (got & sd->unused_mask)
			continue;
		switch (n->type) {
		case 'P':
			if (!got || !(n->mask & ~got & ~sd->req_mask))
				continue;
			at = (unsigned)__builtin_ctzll(n->mask & ~got & ~sd->req_mask);
			list_refs(list, sizeof list, id, n->mask);
			el_ref(ref, sizeof ref, id, at, 0);
			diag(w, X12_E_SYN_PAIRED, seg, id, loop, at, 0, 0, "%s syntax %s: %s go together; %s is missing", id,
			     n->text, list, ref);
			break;
		case 'R':
			if (got || (n->mask & sd->req_mask))
				continue;
			list_refs(list, sizeof list, id, n->mask);
			diag(w, X12_E_SYN_REQUIRED, seg, id, loop, n->first, 0, 0,
			     "%s syntax %s: at least one of %s is required", id, n->text, list);
			break;
		case 'E':
			if (!(got & (got - 1)))
				continue;
			at = (unsigned)__builtin_ctzll(got & (got - 1));
			list_refs(list, sizeof list, id, n->mask);
			diag(w, X12_E_SYN_EXCLUSION, seg, id, loop, at, 0, 0,
			     "%s syntax %s: only one of %s may be present", id, n->text, list);
			break;
		case 'C':
			if (!(got & first) || !(n->mask & ~got & ~sd->req_mask))
				continue;
			at = (unsigned)__builtin_ctzll(n->mask & ~got & ~sd->req_mask);
			list_refs(list, sizeof list, id, others);
			el_ref(what, sizeof what, id, n->first, 0);
			el_ref(ref, sizeof ref, id, at, 0);
			diag(w, X12_E_SYN_CONDITIONAL, seg, id, loop, at, 0, 0,
			     "%s syntax %s: when %s is present, %s %s required; %s is missing", id, n->text, what, list,
			     (others & (others - 1)) ? "are" : "is", ref);
			break;
		case 'L':
			if (!(got & first) || (got & others) || (others & sd->req_mask))
				continue;
			at = (unsigned)__builtin_ctzll(others);
			list_refs(list, sizeof list, id, others);
			el_ref(what, sizeof what, id, n->first, 0);
			diag(w, X12_E_SYN_LIST, seg, id, loop, at, 0, 0,
			     "%s syntax %s: when %s is present, at least one of %s is required", id, n->text, what, list);
			break;
		default:
			break;
		}
	}
	if (w->diags == before) {
		w->syn_ok[slot].def = sd;
		w->syn_ok[slot].have = have;
	}
}

/*
 * The X12.6 syntax notes of the segment id (X12.6 section 3.8.3, printed as
 * "SYNTAX" under each segment of the TR3s).  Presence is read from the
 * element offsets of the positions the notes name, so a segment without
 * notes pays nothing and one with notes a few instructions when its
 * presence pattern already passed for its definition.  Each broken note is
 * reported once, at the element concerned: the first missing one (P, C),
 * the first of the list (R, L), the second present one (E).  A note says
 * nothing the usage checks have not said when one of its elements is
 * present where the guide does not use it (X12-611, X12-602: remove it) or
 * when what it wants is a required element (X12-601): then it is not
 * reported again.
 */
static inline void
check_syntax(struct x12_walker *w, const struct x12_segment *seg, const char *id, const struct txs_segment *sd,
	     const struct txs_loop *loop)
{
	uint64_t have = 0, m = sd->note_mask;
	unsigned slot;

	if (seg->nelem < 63)
		m &= (UINT64_C(2) << seg->nelem) - 1; /* positions past the last element are absent */
	for (; m; m &= m - 1) {
		unsigned p = (unsigned)__builtin_ctzll(m);

		if (seg->elem[p + 1] - 1 > seg->elem[p])
			have |= UINT64_C(1) << p;
	}
	slot = (unsigned)(((uint64_t)(sd - w->ts->segs) * 0x9E3779B97F4A7C15u + have * 0xC2B2AE3D27D4EB4Fu) >> 56) % SYN_SLOTS;
	if (w->syn_ok[slot].def != sd || w->syn_ok[slot].have != have)
		syntax_notes(w, seg, id, sd, loop, have, slot);
}

static void
check_elements(struct x12_walker *w, const struct x12_segment *seg, const struct txs_segment *sd,
	       const struct txs_loop *loop)
{
	const struct x12_txset *ts = w->ts;
	char id[4];
	unsigned k = 0;

	if (sd->period_pos)
		check_period(w, seg, sd, loop);
	/* one look at the whole segment spares a scan of every element */
	bool seg_reps = seg->delims.repetition && memchr(seg->data, seg->delims.repetition, seg->len);
	bool seg_comps = memchr(seg->data, seg->delims.component, seg->len) != NULL;

	seg_id_str(seg, id);
	for (unsigned pos = 1; pos <= seg->nelem || (k < sd->nelems && pos <= sd->last_req); pos++) {
		const struct txs_element *ed = k < sd->nelems ? &ts->elems[sd->elems + k] : NULL;
		struct x12_str v = x12_seg_element(seg, pos);
		char ref[16];

#define REF() (el_ref(ref, sizeof ref, id, pos, 0), ref)

		if (!ed || ed->pos != pos) {
			/* no definition at this position */
			if (v.len && pos > sd->max_pos) {
				diag(w, X12_E_EL_TOO_MANY, seg, id, loop, pos, 0, 0,
				     "%s: %s has %u elements defined, this one is extra", REF(), id, sd->max_pos);
				break;
			}
			if (v.len)
				diag(w, X12_E_EL_NOT_USED, seg, id, loop, pos, 0, 0, "%s is not used in this guide",
				     REF());
			continue;
		}
		k++;
		if (v.len == 0) {
			if (ed->usage == TXS_REQUIRED)
				diag(w, X12_E_EL_MISSING, seg, id, loop, pos, 0, 0, "%s (%s) is required", REF(),
				     ed->name);
			continue;
		}
		if (ed->usage == TXS_NOT_USED) {
			diag(w, X12_E_EL_NOT_USED, seg, id, loop, pos, 0, 0, "%s (%s) is not used in this guide", REF(),
			     ed->name);
			continue;
		}
		unsigned nrep = seg_reps ? x12_str_count(v, seg->delims.repetition) : 1;
		bool has_comp = seg_comps;

		if (nrep > ed->repeat) {
			diag(w, X12_E_EL_TOO_MANY_REPS, seg, id, loop, pos, 0, ed->repeat + 1,
			     "%s (%s) repeats %u times, at most %u allowed", REF(), ed->name, nrep, ed->repeat);
			nrep = ed->repeat;
		}
		for (unsigned r = 1; r <= nrep; r++) {
			struct x12_str rv = nrep > 1 ? x12_str_part(v, seg->delims.repetition, r) : v;
			unsigned rp = nrep > 1 ? r : 0;

			if (ed->ncomp) {
				check_composite(w, seg, id, loop, ed, rv, rp);
			} else if (has_comp && memchr(rv.ptr, seg->delims.component, rv.len)) {
				diag(w, X12_E_EL_TOO_MANY_COMPS, seg, id, loop, pos, 2, rp,
				     "%s (%s) is a simple element but holds components", REF(), ed->name);
			} else {
				check_simple(w, seg, id, loop, ed, rv, pos, 0, rp);
			}
		}
	}
	if (sd->nnotes)
		check_syntax(w, seg, id, sd, loop);
}
#undef REF

/* ------------------------------------------------------------ memo of clean segments */

static uint64_t
memo_hash(const struct x12_segment *seg)
{
	const char *p = seg->data;
	size_t n = seg->len;
	uint64_t h = seg->len, d = 0, k;

	/* rotate-xor over 8-byte words (no multiply chain), one multiply at the end */
	memcpy(&d, &seg->delims, sizeof seg->delims);
	h ^= d << 17;
	for (; n >= 8; n -= 8, p += 8) {
		memcpy(&k, p, 8);
		h = ((h << 13) | (h >> 51)) ^ k;
	}
	if (n) {
		/* the last word overlaps the one before when the segment is long enough */
		if (seg->len >= 8) {
			memcpy(&k, seg->data + seg->len - 8, 8);
		} else {
			k = 0;
			memcpy(&k, p, n);
		}
		h = ((h << 13) | (h >> 51)) ^ k;
	}
	h *= 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

/* a[0..n) == b[0..n), eight bytes at a time (n is small) */
static inline bool
same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x, y;

	for (; n >= 8; n -= 8, a += 8, b += 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return false;
	}
	for (; n; n--)
		if (*a++ != *b++)
			return false;
	return true;
}

/* Checks the elements unless these exact bytes already passed for this definition. */
static void
check_elements_memo(struct x12_walker *w, const struct x12_segment *seg, const struct txs_segment *sd,
		    const struct txs_loop *loop)
{
	struct memo_slot *m;
	uint64_t h, before;

	if (seg->len > MEMO_BYTES) {
		check_elements(w, seg, sd, loop);
		return;
	}
	h = memo_hash(seg);
	m = &w->memo[h % MEMO_SLOTS];
	if (m->hash == h && m->def == sd && m->len == seg->len && same_bytes(m->bytes, seg->data, seg->len) &&
	    memcmp(&m->bytes[MEMO_BYTES - sizeof seg->delims], &seg->delims, sizeof seg->delims) == 0 &&
	    seg->len <= MEMO_BYTES - sizeof seg->delims) {
		return;
	}
	before = w->diags;
	check_elements(w, seg, sd, loop);
	if (w->diags == before && seg->len <= MEMO_BYTES - sizeof seg->delims) {
		m->hash = h;
		m->def = sd;
		m->len = (uint32_t)seg->len;
		memcpy(m->bytes, seg->data, seg->len);
		memcpy(&m->bytes[MEMO_BYTES - sizeof seg->delims], &seg->delims, sizeof seg->delims);
	}
}

/* ------------------------------------------------------------ numbering and value notes */

/* Packed ids of the segments named below. */
#define ID2(a, b) ((uint32_t)(a) | (uint32_t)(b) << 8)
#define ID3(a, b, c) (ID2(a, b) | (uint32_t)(c) << 16)

/* A counter value: 1-12 digits; false otherwise. */
static bool
counter_of(struct x12_str v, uint64_t *out)
{
	uint64_t n = 0;

	if (v.len == 0 || v.len > 12)
		return false;
	for (size_t i = 0; i < v.len; i++) {
		if (v.ptr[i] < '0' || v.ptr[i] > '9')
			return false;
		n = n * 10 + (uint64_t)(v.ptr[i] - '0');
	}
	*out = n;
	return true;
}

static bool
hl_seen(const struct x12_walker *w, uint64_t v)
{
	for (unsigned i = 0; i < w->nhl; i++)
		if (v >= w->hl[i].lo && v <= w->hl[i].hi)
			return true;
	return false;
}

static void
hl_add(struct x12_walker *w, uint64_t v)
{
	if (w->nhl && w->hl[w->nhl - 1].hi + 1 == v) {
		w->hl[w->nhl - 1].hi = v;
	} else if (w->nhl < HL_RANGES) {
		w->hl[w->nhl].lo = w->hl[w->nhl].hi = v;
		w->nhl++;
	} else {
		w->hl_full = true;
	}
}

/* A diagnostic about an HL of the open chain, at that HL (it may lie segments back). */
static void
hl_diag_at(struct x12_walker *w, const struct hl_open *h, enum x12_code code, unsigned element, const char *msg)
{
	struct x12_segment at;

	memset(&at, 0, sizeof at);
	at.offset = h->offset;
	at.ordinal = h->ordinal;
	at.st_segment = h->st_segment;
	diag(w, code, &at, "HL", h->loop, element, 0, 0, "%s", msg);
}

/* An HL leaves the open chain: its subtree is complete. */
static void
hl_close(struct x12_walker *w, const struct hl_open *h)
{
	char msg[160];

	if (h->child != '1' || h->has_child)
		return;
	snprintf(msg, sizeof msg,
		 "HL04 of HL %llu is 1 (a subordinate HL follows) but no HL names it as its parent in HL02",
		 (unsigned long long)h->n);
	hl_diag_at(w, h, X12_E_HL_CHILD_CODE, 4, msg);
}

static void
hl_close_to(struct x12_walker *w, unsigned keep)
{
	while (w->nhlo > keep)
		hl_close(w, &w->hlo[--w->nhlo]);
}

/*
 * 837P/837I (X222A1, X223A2): 2000A billing provider HL03 20 has no parent
 * (HL02 not used), 2000B subscriber 22 is subordinate to a 2000A, 2000C
 * patient 23 to a 2000B.  The parent level an HL03 needs, or NULL.
 */
static const char *
hl_parent_level_837(struct x12_str level)
{
	if (x12_str_eq(level, "22"))
		return "20";
	if (x12_str_eq(level, "23"))
		return "22";
	return NULL;
}

/*
 * HL02, HL03 and HL04 against the open chain.  HL04 (DE 736) is 1 when
 * subordinate HLs follow and 0 when none does: a 0 is wrong as soon as a
 * later HL names it, a 1 when the HL leaves the chain unnamed.  numbered:
 * HL01 is a number not used before, so this HL can be a parent itself.
 */
static void
hl_tree(struct x12_walker *w, const struct x12_segment *seg, const struct txs_loop *loop, uint64_t n, bool numbered)
{
	struct x12_str v2 = x12_seg_element(seg, 2), v3 = x12_seg_element(seg, 3), v4 = x12_seg_element(seg, 4);
	struct hl_open *h;
	uint64_t parent;
	char msg[192];

	if (w->hl_deep)
		return;
	if (v2.len == 0) {
		hl_close_to(w, 0);
	} else if (counter_of(v2, &parent)) {
		unsigned i = w->nhlo;

		while (i > 0 && w->hlo[i - 1].n != parent)
			i--;
		if (i > 0) {
			struct hl_open *p = &w->hlo[i - 1];
			const char *want = w->is_837 ? hl_parent_level_837(v3) : NULL;

			hl_close_to(w, i);
			p->has_child = true;
			if (p->child == '0') {
				if (numbered)
					snprintf(msg, sizeof msg,
						 "HL04 of HL %llu is 0 (no subordinate HL) but HL %llu names it as its parent "
						 "in HL02",
						 (unsigned long long)p->n, (unsigned long long)n);
				else
					snprintf(msg, sizeof msg,
						 "HL04 of HL %llu is 0 (no subordinate HL) but a later HL names it as its "
						 "parent in HL02",
						 (unsigned long long)p->n);
				hl_diag_at(w, p, X12_E_HL_CHILD_CODE, 4, msg);
			}
			if (want && strcmp(p->level, want) != 0)
				diag(w, X12_E_HL_LEVEL, seg, "HL", loop, 3, 0, 0,
				     "HL03 is %.2s but its parent HL %llu (HL02) is %s%s: in the 837 a level %.2s HL is "
				     "subordinate to a level %s HL",
				     v3.ptr, (unsigned long long)parent, p->level[0] ? "level " : "of another level",
				     p->level, v3.ptr, want);
		} else if (!w->hl_full && hl_seen(w, parent)) {
			diag(w, X12_E_HL_ORDER, seg, "HL", loop, 2, 0, 0,
			     "HL02 names HL %llu, whose hierarchy a later HL of its level or above has closed: "
			     "an HL follows its parent before the parent's next sibling (top-down, left-right order)",
			     (unsigned long long)parent);
		}
	}
	if (!numbered)
		return;
	if (w->nhlo == HL_DEPTH) {
		w->hl_deep = true;
		return;
	}
	h = &w->hlo[w->nhlo++];
	memset(h, 0, sizeof *h);
	h->n = n;
	h->offset = seg->offset;
	h->ordinal = seg->ordinal;
	h->st_segment = seg->st_segment;
	h->loop = loop;
	if (v3.len >= 1 && v3.len <= 2) {
		memcpy(h->level, v3.ptr, v3.len);
		h->level[v3.len] = '\0';
	}
	if (v4.len == 1 && (v4.ptr[0] == '0' || v4.ptr[0] == '1'))
		h->child = v4.ptr[0];
}

/*
 * The HL notes of the 837 TR3s (005010X222A1 and X223A2, 2000A-C HL01/HL02):
 * HL01 "must begin with 1 and be incremented by one each time an HL is used
 * in the transaction", HL02 is the HL01 of the parent.  A wrong start or a
 * gap is reported once (numbering goes on from the value found), a number
 * used twice and a parent not seen yet each at their element.
 */
static void
check_hl(struct x12_walker *w, const struct x12_segment *seg, const struct txs_loop *loop)
{
	struct x12_str v1 = x12_seg_element(seg, 1), v2 = x12_seg_element(seg, 2);
	uint64_t n, parent, want = w->hl_last + 1;

	if (!counter_of(v1, &n)) {
		diag(w, X12_E_HL_SEQUENCE, seg, "HL", loop, 1, 0, 0,
		     "HL01 is not a number: HL segments are numbered 1, 2, 3 ... in each transaction set");
		hl_tree(w, seg, loop, 0, false);
		return;
	}
	if (v2.len && !w->hl_full && (!counter_of(v2, &parent) || !hl_seen(w, parent)))
		diag(w, X12_E_HL_PARENT, seg, "HL", loop, 2, 0, 0,
		     "HL02 parent '%.*s' is not the HL01 of an earlier HL in this transaction set",
		     (int)(v2.len > 12 ? 12 : v2.len), v2.ptr);
	if (!w->hl_full && hl_seen(w, n)) {
		diag(w, X12_E_HL_DUPLICATE, seg, "HL", loop, 1, 0, 0,
		     "HL01 %llu is already used by an earlier HL in this transaction set", (unsigned long long)n);
		hl_tree(w, seg, loop, n, false);
		return;
	}
	if (n != want)
		diag(w, X12_E_HL_SEQUENCE, seg, "HL", loop, 1, 0, 0,
		     "HL01 is %llu, expected %llu: HL segments are numbered from 1, rising by one, in each transaction set",
		     (unsigned long long)n, (unsigned long long)want);
	hl_tree(w, seg, loop, n, true);
	hl_add(w, n);
	w->hl_last = n;
}

/*
 * 837P/837I 2400 LX01 (Assigned Number): "begin with 1 and be incremented
 * by one for each additional service line of a claim".  The 835 LX01
 * (2000 header number) is the payer's own and not checked.  A value that
 * is not a number is X12-605 already.
 */
static void
check_lx(struct x12_walker *w, const struct x12_segment *seg, const struct txs_loop *loop)
{
	uint64_t n, want = w->lx_last + 1;

	if (!counter_of(x12_seg_element(seg, 1), &n))
		return;
	if (n != want)
		diag(w, X12_E_LX_SEQUENCE, seg, "LX", loop, 1, 0, 0,
		     "LX01 is %llu, expected %llu: service lines are numbered from 1, rising by one, in each claim",
		     (unsigned long long)n, (unsigned long long)want);
	w->lx_last = n;
}

/*
 * Loops whose N403 must be the nine-digit ZIP+4 for a U.S. address (N404
 * empty or US): 837P 2010AA billing provider, 2310C and 2420C service
 * facility; 837I 2010AA and 2310E service facility.  The TR3 leaves the
 * length free elsewhere (2010AB pay-to, 2010BA subscriber ...), so those
 * are not checked (X12 RFI 1533).
 */
static bool
zip9_loop(const struct x12_txset *ts, const struct txs_loop *loop)
{
	if (txs_loop_is(loop, "2010AA"))
		return true;
	if (strcmp(ts->id, "837P") == 0)
		return txs_loop_is(loop, "2310C") || txs_loop_is(loop, "2420C");
	if (strcmp(ts->id, "837I") == 0)
		return txs_loop_is(loop, "2310E");
	return false;
}

static void
check_zip9(struct x12_walker *w, const struct x12_segment *seg, const struct txs_loop *loop)
{
	struct x12_str zip = x12_seg_element(seg, 3), country = x12_seg_element(seg, 4);

	if (zip.len == 0 || (country.len && !x12_str_eq(country, "US")))
		return;
	if (zip.len != 9 || !x12_is_digits(zip))
		diag(w, X12_E_ZIP9, seg, "N4", loop, 3, 0, 0,
		     "N403 in loop %s is %zu characters: a U.S. address here needs the full nine-digit ZIP code "
		     "(ZIP+4, digits only)",
		     loop->id, zip.len);
}

/*
 * An NPI (qualifier XX) is 10 digits whose last is the ISO/IEC 7812 Luhn
 * check digit computed over the prefix 80840 and the first nine (CMS NPI
 * check digit standard): the prefix adds 24 to the sum.
 */
static bool
npi_valid(struct x12_str v)
{
	unsigned sum = 24;

	if (v.len != 10 || !x12_is_digits(v))
		return false;
	for (unsigned i = 0; i < 9; i++) {
		unsigned d = (unsigned)(v.ptr[8 - i] - '0');

		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return (10 - sum % 10) % 10 == (unsigned)(v.ptr[9] - '0');
}

static void
check_npi(struct x12_walker *w, const struct x12_segment *seg, const char *id, unsigned qual_pos,
	  const struct txs_loop *loop)
{
	struct x12_str v;

	if (!x12_str_eq(x12_seg_element(seg, qual_pos), "XX"))
		return;
	v = x12_seg_element(seg, qual_pos + 1);
	if (v.len && !npi_valid(v))
		diag(w, X12_E_NPI, seg, id, loop, qual_pos + 1, 0, 0,
		     "%s%02u is not a valid NPI (qualifier XX): %s", id, qual_pos + 1,
		     v.len != 10 || !x12_is_digits(v) ? "an NPI is 10 digits" : "its check digit is wrong");
}

/*
 * 837P/837I 2010AA REF02 with REF01 EI (Employer's Identification Number):
 * the TR3 note wants the nine digits without the hyphen (99-1234567 is
 * written 991234567).
 */
static void
check_ein(struct x12_walker *w, const struct x12_segment *seg, const struct txs_loop *loop)
{
	struct x12_str v;

	if (!w->is_837 || !txs_loop_is(loop, "2010AA") || !x12_str_eq(x12_seg_element(seg, 1), "EI"))
		return;
	v = x12_seg_element(seg, 2);
	if (v.len && (v.len != 9 || !x12_is_digits(v)))
		diag(w, X12_E_EIN, seg, "REF", loop, 2, 0, 0,
		     "REF02 (EI) in loop 2010AA is %zu characters%s: the billing provider's EIN is nine digits, "
		     "without the hyphen",
		     v.len, memchr(v.ptr, '-', v.len) ? " with a hyphen" : "");
}

/* Rules on values that the element definitions cannot say: numbering and TR3 notes. */
static void
check_values(struct x12_walker *w, const struct x12_segment *seg, uint32_t id32, const struct txs_loop *loop)
{
	switch (id32) {
	case ID2('H', 'L'):
		check_hl(w, seg, loop);
		break;
	case ID3('C', 'L', 'M'):
		w->lx_last = 0;
		break;
	case ID2('L', 'X'):
		if (w->is_837)
			check_lx(w, seg, loop);
		break;
	case ID2('N', '4'):
		if (zip9_loop(w->ts, loop))
			check_zip9(w, seg, loop);
		break;
	case ID3('N', 'M', '1'):
		if (!w->is_ack)
			check_npi(w, seg, "NM1", 8, loop);
		break;
	case ID2('N', '1'):
		if (!w->is_ack)
			check_npi(w, seg, "N1", 3, loop);
		break;
	case ID3('R', 'E', 'F'):
		check_ein(w, seg, loop);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------ the walk */

static bool
seg_matches(const struct x12_txset *ts, const struct x12_segment *seg, uint32_t id32,
	    const struct txs_segment *sd)
{
	struct x12_str v;

	if (id32 != sd->id32)
		return false;
	if (!sd->key_elem)
		return true;
	if (sd->key_comp)
		v = x12_seg_component(seg, sd->key_elem, sd->key_comp);
	else
		v = x12_seg_repetition(seg, sd->key_elem, 1);
	return txs_has_code(ts, &ts->elems[sd->key_def], v);
}

static const struct txs_segment *
trigger_of(const struct x12_txset *ts, const struct txs_loop *l)
{
	return &ts->segs[ts->children[l->children].index];
}

/*
 * Reports required children of frame f in [from, to) that never came,
 * leaving out the run that starts at skip_run (UINT32_MAX: none).
 */
static void
report_skipped(struct x12_walker *w, const struct frame *f, unsigned from, unsigned to, unsigned skip_run,
	       const struct x12_segment *seg)
{
	const struct x12_txset *ts = w->ts;
	const struct txs_loop *l = &ts->loops[f->loop];

	const struct txs_child *kids = &ts->children[l->children];

	for (unsigned j = from < l->nchildren ? kids[from].next_req : to; j < to;
	     j = j + 1 < l->nchildren ? kids[j + 1].next_req : to) {
		const struct txs_child *ch = &kids[j];

		struct x12_segment at;

		if (f->counts[j] || ch->run == skip_run)
			continue;
		/* the position where it was passed over, else where its loop closed */
		if (seg)
			at = *seg;
		else
			memset(&at, 0, sizeof at);
		if (f->skip[j].gen == f->gen) {
			at.offset = f->skip[j].offset;
			at.ordinal = f->skip[j].ordinal;
			at.st_segment = f->skip[j].st_segment;
			seg = &at;
		}
		if (ch->is_loop) {
			const struct txs_loop *sub = &ts->loops[ch->index];

			if (sub->usage == TXS_REQUIRED)
				diag(w, X12_E_LOOP_MISSING, seg ? &at : NULL, trigger_of(ts, sub)->id, l, 0, 0, 0,
				     "required loop %s (%s) is missing", sub->id, sub->name);
		} else {
			const struct txs_segment *sd = &ts->segs[ch->index];

			if (sd->usage == TXS_REQUIRED)
				diag(w, X12_E_SEG_MISSING, seg ? &at : NULL, sd->id, l, 0, 0, 0,
				     "required segment %s (%s) is missing%s%s", sd->id, sd->name,
				     l->parent == UINT32_MAX ? "" : " in loop ", l->parent == UINT32_MAX ? "" : l->id);
		}
	}
}

/* Start of the run holding child i of frame f's loop. */
static unsigned
run_of(const struct x12_walker *w, const struct frame *f, unsigned i)
{
	return w->ts->children[w->ts->loops[f->loop].children + i].run;
}

/*
 * Moves frame f to child i: reports what was skipped when leaving the
 * current run (its unseen required members included).
 */
static void
advance(struct x12_walker *w, struct frame *f, unsigned i, const struct x12_segment *seg)
{
	unsigned cur = run_of(w, f, f->pos), tgt = run_of(w, f, i);

	if (cur == tgt) {
		if (i > f->pos)
			f->pos = (uint16_t)i;
		return;
	}
	/*
	 * What is passed over is reported when the loop closes (it may still
	 * come, out of order), at the position where it was passed over.
	 */
	{
		const struct txs_child *kids = &w->ts->children[w->ts->loops[f->loop].children];

		for (unsigned j = kids[cur].next_req; j < i; j = kids[j + 1].next_req) {
			if (f->counts[j] || kids[j].run == tgt || f->skip[j].gen == f->gen)
				continue;
			f->skip[j].offset = seg->offset;
			f->skip[j].ordinal = seg->ordinal;
			f->skip[j].st_segment = seg->st_segment;
			f->skip[j].gen = f->gen;
		}
	}
	f->pos = (uint16_t)i;
}

/* Closes open loops until depth is new_depth. */
static void
pop_to(struct x12_walker *w, unsigned new_depth, const struct x12_segment *seg, bool check)
{
	while (w->depth > new_depth) {
		struct frame *f = &w->stack[w->depth - 1];
		const struct txs_loop *l = &w->ts->loops[f->loop];

		if (check)
			report_skipped(w, f, 0, l->nchildren, UINT32_MAX, seg);
		push_loop(w, X12_WALK_LOOP_LEAVE, l);
		w->depth--;
	}
}

static void
open_frame(struct x12_walker *w, uint32_t loop)
{
	struct frame *f = &w->stack[w->depth++];

	f->loop = loop;
	f->pos = 0;
	f->gen = ++w->gen;
	memset(f->counts, 0, w->max_children * sizeof *f->counts);
	f->counts[0] = 1;
}

/*
 * A quotable code followed by a likely foreign component separator ("BK>"
 * of "BK>7215"): *out is the code and the separator.
 */
static bool
foreign_prefix(const struct x12_segment *seg, struct x12_str v, struct x12_str *out)
{
	char other;
	struct x12_str head;

	if (!foreign_separator(seg, v, &other))
		return false;
	head = x12_str_part(v, other, 1);
	if (head.len == 0 || !quotable(head))
		return false;
	out->ptr = v.ptr;
	out->len = head.len + 1;
	return true;
}

/* Whether ts defines a segment with this id. */
static bool
defines(const struct x12_txset *ts, struct x12_str id)
{
	for (size_t i = 0; i < ts->nsegs; i++)
		if (strlen(ts->segs[i].id) == id.len && memcmp(ts->segs[i].id, id.ptr, id.len) == 0)
			return true;
	return false;
}

/* Explains why a segment matched nothing. */
static void
unmatched(struct x12_walker *w, const struct x12_segment *seg, struct x12_str id, uint32_t id32)
{
	const struct x12_txset *ts = w->ts;
	const struct txs_loop *l = top_loop(w);
	char sid[4];
	bool known = false;

	seg_id_str(seg, sid);
	known = defines(ts, id);
	if (!known) {
		/*
		 * A terminator inside a name makes the rest of the name a segment
		 * id: echo only an id some supported set defines (CLP in an 837).
		 */
		bool elsewhere = false;

		for (size_t i = 0; i < x12_schemas_count(w->schemas) && !elsewhere; i++) {
			const struct x12_txset *other = x12_schemas_get(w->schemas, i);

			elsewhere = other && other != ts && defines(other, id);
		}
		if (elsewhere)
			diag(w, X12_E_SEG_UNKNOWN, seg, sid, l, 0, 0, 0, "segment %s is not part of %s (%s)", sid,
			     ts->id, ts->guide);
		else
			diag(w, X12_E_SEG_UNKNOWN, seg, "", l, 0, 0, 0,
			     "a segment whose %zu-character id no supported transaction set defines is not part of %s "
			     "(%s); id not shown: a segment terminator inside a value makes its rest look like a segment",
			     id.len, ts->id, ts->guide);
		return;
	}
	/* earlier in the current loop? */
	if (w->depth) {
		const struct frame *f = &w->stack[w->depth - 1];

		for (unsigned j = 0; j < f->pos; j++) {
			const struct txs_child *ch = &ts->children[l->children + j];

			if (!ch->is_loop && seg_matches(ts, seg, id32, &ts->segs[ch->index])) {
				w->stack[w->depth - 1].counts[j]++; /* present, if late: not "missing" too */
				diag(w, X12_E_SEG_ORDER, seg, sid, l, 0, 0, 0,
				     "segment %s is out of order: it belongs before %s in loop %s", sid,
				     ts->segs[ts->children[l->children + f->pos].index].id, l->id);
				return;
			}
		}
	}
	/* a definition with this id but another key value: name the qualifier */
	if (l) {
		const struct txs_child *kids = &ts->children[l->children];

		for (unsigned j = 0; j < l->nchildren; j++) {
			const struct txs_segment *sd;
			struct x12_str v, qual;
			char ref[16];

			if (kids[j].id32 != id32)
				continue;
			sd = kids[j].is_loop ? trigger_of(ts, &ts->loops[kids[j].index]) : &ts->segs[kids[j].index];
			if (!sd->key_elem)
				continue;
			v = sd->key_comp ? x12_seg_component(seg, sd->key_elem, sd->key_comp)
					 : x12_seg_repetition(seg, sd->key_elem, 1);
			el_ref(ref, sizeof ref, sid, sd->key_elem, sd->key_comp);
			if (quotable(v))
				diag(w, X12_E_SEG_UNEXPECTED, seg, sid, l, sd->key_elem, sd->key_comp, 0,
				     "segment %s is not expected here: %s '%.*s' is not a qualifier this loop (%s) takes",
				     sid, ref, (int)v.len, v.ptr, l->parent == UINT32_MAX ? "header" : l->id);
			else if (foreign_prefix(seg, v, &qual))
				/* "BK>7215": the qualifier and the separator tell the story, the code is not needed */
				diag(w, X12_E_SEG_UNEXPECTED, seg, sid, l, sd->key_elem, sd->key_comp, 0,
				     "segment %s is not expected here: %s holds %zu characters starting '%.*s', not a "
				     "qualifier this loop (%s) takes (a component separator other than '%c'?)",
				     sid, ref, v.len, (int)qual.len, qual.ptr, l->parent == UINT32_MAX ? "header" : l->id,
				     seg->delims.component);
			else
				diag(w, X12_E_SEG_UNEXPECTED, seg, sid, l, sd->key_elem, sd->key_comp, 0,
				     "segment %s is not expected here: %s holds %zu characters, not a qualifier this loop (%s) "
				     "takes (not shown: it may be patient data)",
				     sid, ref, v.len, l->parent == UINT32_MAX ? "header" : l->id);
			return;
		}
	}
	if (l && l->parent != UINT32_MAX)
		diag(w, X12_E_SEG_UNEXPECTED, seg, sid, l, 0, 0, 0, "segment %s is not expected here (in loop %s)", sid,
		     l->id);
	else
		diag(w, X12_E_SEG_UNEXPECTED, seg, sid, l, 0, 0, 0, "segment %s is not expected here", sid);
}

static void
walk(struct x12_walker *w, const struct x12_segment *seg)
{
	const struct x12_txset *ts = w->ts;
	struct x12_str id = x12_seg_id(seg);
	const unsigned char *b = (const unsigned char *)id.ptr;
	uint32_t id32 = id.len == 2   ? (uint32_t)b[0] | (uint32_t)b[1] << 8
			: id.len == 3 ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16
				      : (uint32_t)txs_pack(id.ptr, id.len);

	for (unsigned lvl = w->depth; lvl-- > 0;) {
		struct frame *f = &w->stack[lvl];
		const struct txs_loop *l = &ts->loops[f->loop];
		unsigned start = run_of(w, f, f->pos);

		if (lvl > 0 && start == 0)
			start = 1; /* the loop's own trigger starts a new iteration, one level up */
		const struct txs_child *kids = &ts->children[l->children];

		for (unsigned i = txs_find_child(ts, l, id32, start); i < l->nchildren; i = kids[i].next_same) {
			const struct txs_child *ch = &kids[i];

			if (!ch->is_loop) {
				const struct txs_segment *sd = &ts->segs[ch->index];

				if (!seg_matches(ts, seg, id32, sd))
					continue;
				pop_to(w, lvl + 1, seg, true);
				advance(w, f, i, seg);
				push_seg(w, sd, l);
				if (++f->counts[i] > sd->max && sd->max != TXS_UNBOUNDED)
					diag(w, X12_E_SEG_MAX_USE, seg, sd->id, l, 0, 0, 0,
					     "segment %s (%s) repeats %u times, at most %u allowed here", sd->id,
					     sd->name, f->counts[i], sd->max);
				if (sd->usage == TXS_NOT_USED)
					diag(w, X12_E_SEG_NOT_USED, seg, sd->id, l, 0, 0, 0,
					     "segment %s (%s) is not used in this guide", sd->id, sd->name);
				check_elements_memo(w, seg, sd, l);
				check_values(w, seg, id32, l);
				return;
			} else {
				const struct txs_loop *sub = &ts->loops[ch->index];
				const struct txs_segment *trig = trigger_of(ts, sub);

				if (!seg_matches(ts, seg, id32, trig))
					continue;
				pop_to(w, lvl + 1, seg, true);
				advance(w, f, i, seg);
				if (++f->counts[i] > sub->repeat && sub->repeat != TXS_UNBOUNDED)
					diag(w, X12_E_LOOP_MAX, seg, trig->id, sub, 0, 0, 0,
					     "loop %s (%s) repeats %u times, at most %u allowed", sub->id, sub->name,
					     f->counts[i], sub->repeat);
				if (w->depth < w->max_frames)
					open_frame(w, ch->index);
				push_loop(w, X12_WALK_LOOP_ENTER, sub);
				push_seg(w, trig, sub);
				if (sub->usage == TXS_NOT_USED)
					diag(w, X12_E_SEG_NOT_USED, seg, trig->id, sub, 0, 0, 0,
					     "loop %s (%s) is not used in this guide", sub->id, sub->name);
				check_elements_memo(w, seg, trig, sub);
				check_values(w, seg, id32, sub);
				return;
			}
		}
	}
	push_seg(w, NULL, top_loop(w));
	unmatched(w, seg, id, id32);
}

static void
end_txn(struct x12_walker *w, const struct x12_segment *seg, bool saw_se)
{
	struct qitem *it;

	if (w->ts) {
		if (saw_se && w->depth)
			report_skipped(w, &w->stack[0], 0, w->ts->loops[0].nchildren, UINT32_MAX, seg);
		if (saw_se && !w->hl_deep)
			hl_close_to(w, 0); /* a set cut short says nothing of the HLs it would have held */
		w->nhlo = 0;
		pop_to(w, 1, seg, saw_se); /* the transaction itself has no ENTER/LEAVE */
		w->depth = 0;
	}
	if (w->dropped) {
		/* never lose findings without a word */
		uint64_t n = w->dropped;

		w->dropped = 0;
		diag(w, X12_E_DIAGS_DROPPED, seg, "SE", NULL, 0, 0, 0,
		     "%llu more diagnostics of this transaction set were not kept (too many for one segment)",
		     (unsigned long long)n);
	}
	it = push(w, X12_WALK_TXN_END);
	if (it)
		it->rejected = w->rejected;
	w->in_txn = false;
	w->ts = NULL;
}

static const char *
supported_list(const struct x12_schemas *s, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < x12_schemas_count(s) && n < size; i++) {
		const char *guide, *id = x12_schemas_info(s, i, NULL, &guide);

		n += (size_t)snprintf(buf + n, size - n, "%s%s (%s)", i ? ", " : "", guide, id);
	}
	return buf;
}

static void
begin_txn(struct x12_walker *w, const struct x12_segment *seg)
{
	struct x12_str st01 = x12_seg_element(seg, 1), guide = x12_seg_element(seg, 3);

	if (guide.len == 0)
		guide = (struct x12_str){ w->gs08, strlen(w->gs08) };
	w->in_txn = true;
	w->rejected = false;
	w->ts = x12_schemas_find(w->schemas, st01, guide);
	w->depth = 0;
	w->is_837 = w->ts && strcmp(w->ts->st01, "837") == 0;
	/* a 277CA copies the NM1*85 of the claim it answers: a bad NPI there is the 837's error */
	w->is_ack = w->ts && (strcmp(w->ts->st01, "999") == 0 || strcmp(w->ts->st01, "277") == 0);
	w->nhl = 0;
	w->hl_full = false;
	w->hl_last = 0;
	w->nhlo = 0;
	w->hl_deep = false;
	w->lx_last = 0;
	{
		struct qitem *it = push(w, X12_WALK_TXN_BEGIN);

		if (it)
			it->has_seg = true; /* the ST */
	}
	if (!w->ts) {
		char list[256];
		bool ours = false;

		/*
		 * ST01 277 names several transactions: the 277CA acknowledgment
		 * (X214) and the claim status response (X212) or request for
		 * information (X213).  Only the first is ours; the others have no
		 * definition, as a set of an unknown ST01.  An older or newer
		 * version of a guide remedi reads stays "not supported".
		 */
		bool other_277 = x12_str_eq(st01, "277") &&
				 !(guide.len >= 10 && memcmp(guide.ptr, "005010X214", 10) == 0);

		for (size_t i = 0; i < x12_schemas_count(w->schemas); i++) {
			const char *set_st01;

			x12_schemas_info(w->schemas, i, &set_st01, NULL);
			ours |= x12_str_eq(st01, set_st01);
		}
		if (other_277)
			ours = false;
		push_seg(w, NULL, NULL);
		if (ours)
			diag(w, X12_E_UNSUPPORTED, seg, "ST", NULL, 3, 0, 0,
			     "transaction set %.*s version %.*s is not supported; remedi reads %s",
			     (int)(st01.len > 6 ? 6 : st01.len), st01.ptr, (int)(guide.len > 15 ? 15 : guide.len),
			     guide.ptr, supported_list(w->schemas, list, sizeof list));
		else
			diag(w, X12_E_NOT_CHECKED, seg, "ST", NULL, 1, 0, 0,
			     "transaction set %.*s has no definition: envelope checks only",
			     (int)(st01.len > 6 ? 6 : st01.len), st01.ptr);
		return;
	}
	open_frame(w, 0);
	{
		const struct txs_segment *st = trigger_of(w->ts, &w->ts->loops[0]);

		push_seg(w, st, &w->ts->loops[0]);
		check_elements(w, seg, st, &w->ts->loops[0]);
	}
}


static void
on_segment(struct x12_walker *w, struct x12_segment *seg)
{
	struct x12_str id = x12_seg_id(seg);
	uint32_t id32 = id.len <= 3 ? (uint32_t)txs_pack(id.ptr, id.len) : 0;

	if (id32 == ID2('S', 'T')) {
		if (w->in_txn)
			end_txn(w, seg, false);
		begin_txn(w, seg);
		return;
	}
	if (!w->in_txn) {
		if (id32 == ID2('G', 'S')) {
			struct x12_str v = x12_seg_element(seg, 8);
			size_t n = v.len < sizeof w->gs08 - 1 ? v.len : sizeof w->gs08 - 1;

			memcpy(w->gs08, v.ptr, n);
			w->gs08[n] = '\0';
		}
		push_seg(w, NULL, NULL);
		return;
	}
	if (id32 == ID2('G', 'E') || id32 == ID3('I', 'E', 'A') || id32 == ID2('G', 'S') || id32 == ID3('I', 'S', 'A')) {
		/* the envelope reports the missing SE */
		end_txn(w, seg, false);
		push_seg(w, NULL, NULL);
		return;
	}
	if (!w->ts)
		push_seg(w, NULL, NULL);
	else
		walk(w, seg);
	if (id32 == ID2('S', 'E'))
		end_txn(w, seg, true);
}

#if defined(__GNUC__) && !defined(__clang__)
__attribute__((flatten)) /* see x12_reader_next */
#endif
enum x12_status
x12_walker_next(struct x12_walker *w, struct x12_walk_event *ev)
{
	for (;;) {
		if (w->q_len) {
			struct qitem *it = &w->q[w->q_head];

			w->q_head = (w->q_head + 1) % QUEUE;
			w->q_len--;
			ev->type = it->type;
			ev->seg = it->has_seg ? &w->rev.seg : NULL;
			ev->ts = it->ts;
			ev->def = it->def;
			ev->loop = it->loop;
			ev->rejected = it->rejected;
			if (it->type == X12_WALK_DIAG)
				ev->diag = it->diag;
			return X12_EVENT;
		}
		if (w->done)
			return X12_DONE;
		enum x12_status st = x12_reader_next(w->r, &w->rev);

		if (st == X12_EVENT) {
			if (w->rev.type == X12_EV_DIAG) {
				struct qitem *it = push(w, X12_WALK_DIAG);

				if (it) {
					it->diag = w->rev.diag;
					if (w->in_txn && x12_code_info(w->rev.diag.code)->severity == X12_SEV_ERROR)
						w->rejected = true;
				}
			} else {
				on_segment(w, &w->rev.seg);
			}
			continue;
		}
		if (st == X12_DONE) {
			if (w->in_txn)
				end_txn(w, NULL, false);
			w->done = true;
			continue;
		}
		return st;
	}
}
