/*
 * txset_internal.h - the compiled layout of a transaction-set definition
 * (see txset.h), for the walker and the decoders.  Never installed.
 */
#ifndef REMEDI_TXSET_INTERNAL_H
#define REMEDI_TXSET_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "txset.h"

#define TXS_UNBOUNDED UINT32_MAX
#define TXS_MAX_DEPTH 16       /* loop nesting a definition may have */
#define TXS_MAX_CHILDREN 128   /* children one loop may have (also the id index size) */

enum txs_usage {
	TXS_REQUIRED = 'R',
	TXS_SITUATIONAL = 'S',
	TXS_NOT_USED = 'N',
};

enum txs_type {
	TXS_AN,
	TXS_ID,
	TXS_N,   /* N0..N9: implied decimals in 'decimals' */
	TXS_R,
	TXS_DT,
	TXS_TM,
	TXS_B,
};

/* A simple element, or a composite (ncomp > 0) whose components follow it. */
struct txs_element {
	const char *name;
	const char *de;          /* data element number as text */
	const char *external;    /* "icd10cm"... when codes come from an external list, else NULL */
	uint16_t pos;            /* 1-based element (or component) position */
	uint16_t min, max;       /* length */
	uint32_t repeat;
	uint32_t codes;          /* index of the first code in the set's code table */
	uint16_t ncodes;
	uint16_t ncomp;          /* components (composite only) */
	uint32_t comp;           /* index of the first component element */
	uint8_t type;            /* enum txs_type */
	uint8_t decimals;
	char usage;              /* enum txs_usage */
};

#if defined(__GNUC__)
#define TXS_INLINE static inline __attribute__((always_inline))
#else
#define TXS_INLINE static inline
#endif

/* Up to 8 bytes of an id as one integer (zero-padded), for fast comparison. */
TXS_INLINE uint64_t
txs_pack(const char *s, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n && i < 8; i++)
		v |= (uint64_t)(unsigned char)s[i] << (8 * i);
	return n > 8 ? 0 : v;
}

/*
 * An X12.6 syntax note of a segment (relational condition between its
 * elements), e.g. P0809: type 'P', positions 8 and 9.
 */
struct txs_note {
	uint64_t mask;           /* bit p set: element p is named (positions 1..63) */
	const char *text;        /* "P0809", as the TR3 prints it */
	uint8_t type;            /* 'P' paired, 'R' required, 'E' exclusion, 'C' conditional, 'L' list conditional */
	uint8_t first;           /* the first position named (the condition of C and L) */
};

struct txs_segment {
	const char *name;
	char id[4];
	uint32_t id32;           /* txs_pack(id) */
	char usage;
	uint8_t key_elem;        /* 0: match on the id alone */
	uint8_t key_comp;        /* 0: the key is a simple element */
	uint32_t key_def;        /* element definition holding the key codes */
	uint32_t max;
	uint32_t elems;          /* index of the first element definition */
	uint16_t nelems;         /* element definitions (in position order) */
	uint16_t max_pos;        /* highest element position defined */
	uint16_t last_req;       /* highest position of a required element (0: none) */
	uint8_t period_pos;      /* position of a format qualifier (DE 1250) whose date (DE 1251) follows; 0 none */
	uint8_t nnotes;          /* syntax notes of the segment id (0: none, nothing to check) */
	uint32_t notes;          /* index of the first in the set's note table */
	uint64_t note_mask;      /* every position the notes name */
	uint64_t req_mask;       /* positions 1..63 whose element is required (their absence is X12-601) */
	uint64_t unused_mask;    /* positions 1..63 not used or not defined (a value there is X12-611/602) */
	uint32_t loop;           /* loop the segment belongs to */
};

/* A child of a loop: a segment or a nested loop. */
struct txs_child {
	uint32_t index;          /* into segs[] or loops[] */
	uint32_t id32;           /* packed id of the segment, or of the loop's trigger */
	bool is_loop;
	/*
	 * First child of the run of adjacent same-id segment definitions this
	 * one belongs to (its own position otherwise).  X12 gives such a run one
	 * position, so their order among themselves is free (DTM*050 may come
	 * before DTM*232).
	 */
	uint16_t run;
	/* first child at or after this one that is required (nchildren: none) */
	uint16_t next_req;
	/* next child of the same loop with the same id32 (nchildren: none) */
	uint16_t next_same;
};

#define TXS_ID_SLOTS 256 /* per loop: id32 -> first child with it (open addressing; hash >> 24) */

struct txs_id_slot {
	uint32_t id32;           /* 0: empty */
	uint16_t first;
};

struct txs_loop {
	const char *id;          /* TR3 id, e.g. "2300"; "ST" for the transaction itself */
	uint64_t id64;           /* txs_pack(id) */
	struct txs_id_slot ids[TXS_ID_SLOTS]; /* when nchildren < TXS_ID_SLOTS / 2, else unused */
	const char *name;
	char usage;
	uint32_t repeat;
	uint32_t children;       /* index of the first child */
	uint16_t nchildren;
	uint32_t parent;         /* UINT32_MAX for the transaction */
	uint16_t depth;
};

struct x12_txset {
	const char *id;          /* "837P", "837I", "835" */
	const char *st01;
	const char *guide;       /* the guide id, e.g. 005010X222A1 */
	const char *name;
	const char **aliases;    /* other guide ids mapped here, NULL-terminated */

	const struct txs_loop *loops;       /* loops[0] is the transaction */
	size_t nloops;
	const struct txs_segment *segs;
	size_t nsegs;
	const struct txs_element *elems;
	size_t nelems;
	const struct txs_child *children;
	size_t nchildren;
	const char *const *codes;           /* sorted within each element's range */
	const uint8_t *code_len;            /* strlen of each code (capped at 255) */
	const uint64_t *code64;             /* first 8 bytes of each code, big-endian packed (order kept) */
	size_t ncodes;
	const struct txs_note *notes;       /* syntax notes, grouped by segment id */
	size_t nnotes;

	uint16_t max_children;   /* widest loop */
	uint16_t max_depth;      /* deepest loop nesting */
};

/* txs_pack() of a string literal, folded at compile time. */
#define TXS_LIT_C(s, i) ((uint64_t)(unsigned char)((i) < sizeof(s) - 1 ? (s)[(i) < sizeof(s) - 1 ? (i) : 0] : 0) << (8 * (i)))
#define TXS_LIT(s)                                                                                    \
	(TXS_LIT_C(s, 0) | TXS_LIT_C(s, 1) | TXS_LIT_C(s, 2) | TXS_LIT_C(s, 3) | TXS_LIT_C(s, 4) |   \
	 TXS_LIT_C(s, 5) | TXS_LIT_C(s, 6) | TXS_LIT_C(s, 7))
#define TXS_LIT_MASK(s) (sizeof(s) - 1 >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * (sizeof(s) - 1))) - 1)

/* Is loop l the one with TR3 id `id` (a string literal)? */
#define txs_loop_is(l, id) ((l) != NULL && (l)->id64 == TXS_LIT("" id))

/* Does loop l's id start with prefix (a string literal of at most 8 bytes)? */
#define txs_loop_starts(l, prefix) ((l) != NULL && ((l)->id64 & TXS_LIT_MASK("" prefix)) == TXS_LIT("" prefix))

/*
 * First child of loop l at or after index from whose segment (or trigger) has
 * id32; l->nchildren when none.
 */
static inline unsigned
txs_find_child(const struct x12_txset *ts, const struct txs_loop *l, uint32_t id32, unsigned from)
{
	const struct txs_child *kids = &ts->children[l->children];
	unsigned j;

	if (l->nchildren >= TXS_ID_SLOTS / 2) {
		for (j = from; j < l->nchildren && kids[j].id32 != id32; j++)
			;
		return j;
	}
	for (unsigned h = (id32 * 2654435761u) >> 24;; h = (h + 1) % TXS_ID_SLOTS) {
		if (l->ids[h].id32 == id32) {
			j = l->ids[h].first;
			break;
		}
		if (l->ids[h].id32 == 0)
			return l->nchildren;
	}
	while (j < from)
		j = kids[j].next_same;
	return j;
}

/*
 * The built-in definitions, compiled at build time from schemas/ (*.xml) by
 * remedi-txsgen (parser/txsgen.c): the file name and its tables.
 */
struct txs_builtin {
	const char *file;                   /* "837p.xml" */
	const struct x12_txset *ts;
};
extern const struct txs_builtin remedi_builtin_txsets[];
extern const size_t remedi_builtin_txsets_count;

/* The file definition i came from (a path for a directory's, the base name for a built-in one). */
const char *txs_schema_file(const struct x12_schemas *s, size_t i);

/* Is v one of the codes of element e?  (Binary search.) */
bool txs_has_code(const struct x12_txset *ts, const struct txs_element *e, struct x12_str v);

#endif
