/*
 * x12.h - the streaming X12 reader: tokenizer, envelope checks, positions.
 *
 * Layers (each one only sees the one below it):
 *
 *   bytes --feed()--> tokenizer --segment views--> envelope --events--> caller
 *
 * The tokenizer is a push/pull state machine: the caller pushes any chunk of
 * bytes with x12_tokenizer_feed() and pulls segments with x12_tokenizer_next()
 * until it answers X12_NEED_INPUT.  The result is the same however the input
 * is split.  The reader (x12_reader_*) adds the SNIP level 1 envelope checks
 * (ISA/IEA, GS/GE, ST/SE) and hands out diagnostics as events in stream order.
 *
 * Memory: everything is allocated by the *_new() functions, sized by
 * struct x12_limits.  feed() and next() never allocate.
 *
 * Lifetime of views: a segment returned by next() points either into the
 * caller's buffer (zero copy) or into the tokenizer's own carry buffer.  Both
 * stay valid until the next call of next() or feed() on the same object, and
 * the caller's buffer must stay unchanged for as long as it has not been fully
 * consumed (that is, until next() answers X12_NEED_INPUT).
 */
#ifndef REMEDI_X12_H
#define REMEDI_X12_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include <string.h>

/* A borrowed byte range; never NUL-terminated.  Lifetime: that of its source. */
struct x12_str {
	const char *ptr;
	size_t len;
};

enum x12_status {
	X12_OK = 0,
	X12_EVENT,      /* an event was written to the out parameter */
	X12_NEED_INPUT, /* every byte fed so far is consumed: feed more */
	X12_DONE,       /* the final chunk was consumed and every event delivered */
	X12_ERROR,      /* fatal: see the error detail; the object stays in error */
};

/*
 * Memory.  Every object takes an optional allocator at construction, as zlib
 * and expat do; NULL means malloc/realloc/free.  The struct is copied, ctx is
 * borrowed and must outlive the object.  The three functions must be safe to
 * call from whichever thread uses the object.  realloc(ctx, NULL, n) must act
 * as malloc; free(ctx, NULL) must do nothing.
 */
struct x12_alloc {
	void *(*malloc)(void *ctx, size_t size);
	void *(*realloc)(void *ctx, void *ptr, size_t size);
	void (*free)(void *ctx, void *ptr);
	void *ctx;
};

/* Limits fixed at construction.  Zero fields take the defaults below. */
struct x12_limits {
	size_t max_segment_len; /* bytes from segment id to terminator (exclusive) */
	size_t max_elements;    /* data elements in one segment */
	bool strict;            /* X12.6 rules payers often tolerate are errors: trailing separators (X12-906, else warning X12-905) */
};

#define X12_DEFAULT_MAX_SEGMENT_LEN 65536u
#define X12_DEFAULT_MAX_ELEMENTS 512u

struct x12_delims {
	char element;
	char component;
	char repetition; /* '\0' when the interchange has none (ISA11 = U before 00501) */
	char segment;
};

/*
 * Where something is.  Ordinals are 1-based; 0 means "not known / not
 * applicable" (an error before the first segment, or outside any ST).
 */
struct x12_pos {
	uint64_t offset;      /* byte offset in the (decompressed) input stream */
	uint64_t segment;     /* segment ordinal in the file */
	uint32_t st_segment;  /* segment ordinal within its ST..SE (ST = 1): 999 IK302 */
	uint16_t element;     /* element position (IK401), 0 = whole segment */
	uint16_t component;   /* component position (IK402-1) */
	uint16_t repetition;  /* repetition (IK402-2) */
	char seg_id[4];       /* segment id, NUL-terminated, "" when unknown */
	char loop_id[8];      /* TR3 loop id (e.g. "2300"), "" outside a known transaction set */
};

/*
 * One segment.  data/len cover the segment from its id up to (not including)
 * the terminator, with leading white space and, where the terminator is not CR
 * or LF, embedded CR/LF removed.
 * elem[i] is the offset of element i's first byte (i = 0: the segment id) and
 * elem[i + 1] - 1 its end, for i in 0..nelem; elem[nelem + 1] = len + 1.
 * Lifetime: until the next call of next() or feed() on the producing object.
 */
struct x12_segment {
	const char *data;
	size_t len;
	const uint32_t *elem;
	uint32_t nelem;          /* number of data elements (not counting the id) */
	struct x12_delims delims;
	uint32_t interchange;    /* 1-based index of the interchange in the input */
	uint32_t st_segment;     /* ordinal inside ST..SE, 0 outside (set by the reader) */
	uint64_t offset;         /* byte offset of the segment id */
	uint64_t ordinal;        /* 1-based segment ordinal in the file */
	bool unterminated;       /* the input ended where its terminator should be */
	/*
	 * Set by the tokenizer when no element can end with a component or
	 * repetition separator (its block masks found no such separator before
	 * an element separator or the terminator); false means "look".
	 */
	bool no_trailing;
	/*
	 * Bytes in the data elements (the segment id excluded) outside the X12
	 * basic and extended character sets: C0 controls other than the
	 * delimiters and ignored line breaks, DEL, 0xFF, C1 controls (0x80-0x9F
	 * alone or as UTF-8).  The reader reports them (X12-613); bad_index is the
	 * first one's index in data, bad_offset its stream offset.
	 */
	uint32_t bad_chars;
	uint32_t bad_index;
	uint64_t bad_offset;
};

/* Segment access (positions 1-based as in the TR3; 0 is the segment id). */
struct x12_str x12_seg_id(const struct x12_segment *seg);
static inline bool x12_seg_is(const struct x12_segment *seg, const char *id);
/* Element n with its repetitions and components; empty when absent. */
struct x12_str x12_seg_element(const struct x12_segment *seg, unsigned n);
/* Component c (1-based) of the first repetition of element n. */
struct x12_str x12_seg_component(const struct x12_segment *seg, unsigned n, unsigned c);
/* Repetition r (1-based) of element n; the whole element when r = 1 and there is no repetition separator. */
struct x12_str x12_seg_repetition(const struct x12_segment *seg, unsigned n, unsigned r);
/* Component c of repetition r of element n. */
struct x12_str x12_seg_rep_component(const struct x12_segment *seg, unsigned n, unsigned r, unsigned c);
/* Number of repetitions / components in a value. */
unsigned x12_str_count(struct x12_str v, char sep);
struct x12_str x12_str_part(struct x12_str v, char sep, unsigned i);
/* Splits v on sep into at most max parts (the rest stay as they were); returns the count. */
unsigned x12_str_split(struct x12_str v, char sep, struct x12_str *parts, unsigned max);
/* Inline so that the length of a literal folds away on hot paths. */
static inline bool
x12_str_eq(struct x12_str v, const char *s)
{
	size_t n = strlen(s);

	return v.len == n && memcmp(v.ptr, s, n) == 0;
}

/*
 * Values.  Money is int64 cents and quantities are scaled integers, parsed
 * from the decimal text without floating point.  False when v is not a
 * number or has more decimals than the scale holds (a non-zero digit lost).
 */
bool x12_parse_scaled(struct x12_str v, unsigned decimals, int64_t *out);
#define x12_parse_money(v, cents) x12_parse_scaled((v), 2, (cents))
/* Length of the valid UTF-8 sequence at p (1-4 bytes, within avail); 0 when there is none. */
size_t x12_utf8_len(const unsigned char *p, size_t avail);
/* Copies v into dst as a NUL-terminated string, cut at size - 1 bytes. */
void x12_str_copy(char *dst, size_t size, struct x12_str v);
/* Cents as "123.45" / "-0.05"; quantities in thousandths as "14.4" / "60".  Return buf. */
const char *x12_money_str(char *buf, size_t size, int64_t cents);
const char *x12_qty_str(char *buf, size_t size, int64_t milli);
/* CCYYMMDD -> 20250306; false when not a valid date. */
bool x12_parse_date8(struct x12_str v, int32_t *out);
/* D8 "CCYYMMDD" or RD8 "CCYYMMDD-CCYYMMDD" by qualifier; from = to for D8. */
bool x12_parse_period(struct x12_str qual, struct x12_str v, int32_t *from, int32_t *to);

/* ---------------------------------------------------------------- errors */

/*
 * Acknowledgment level an error belongs to, and so the segment that reports
 * it: TA1 (interchange, TA105 note code), 999 AK9 (functional group, AK905),
 * IK5 (transaction set, IK502), IK3 (segment, IK304), IK4 (element, IK403).
 */
enum x12_ack_level {
	X12_ACK_NONE = 0, /* not an interchange: no acknowledgment can be built */
	X12_ACK_TA1,
	X12_ACK_AK9,
	X12_ACK_IK5,
	X12_ACK_IK3,
	X12_ACK_IK4,
};

enum x12_severity {
	X12_SEV_ERROR = 0,
	X12_SEV_WARNING,
	X12_SEV_INFO,
};

/*
 * Stable diagnostic codes.  Never renumber or reuse one: retire it.
 * docs/errors.md lists them; x12_code_info() gives the registry entry.
 */
enum x12_code {
	X12_E_NONE = 0,
	/* 100: input and tokenizer (fatal for the input) */
	X12_E_NOT_X12 = 101,       /* no ISA where an interchange must start */
	X12_E_UTF16 = 102,         /* UTF-16/32 text */
	X12_E_BINARY = 103,        /* NUL or control bytes: not text */
	X12_E_ISA_LAYOUT = 104,    /* ISA not fixed-width (106 bytes) */
	X12_E_ISA_DELIMS = 105,    /* delimiters not distinct or alphanumeric */
	X12_E_SEGMENT_TOO_LONG = 106,
	X12_E_TOO_MANY_ELEMENTS = 107,
	X12_E_TRUNCATED = 108,     /* input ends inside a segment */
	X12_E_AFTER_IEA = 109,     /* data after IEA that is not an ISA */
	X12_E_NO_ISA_GS = 110,     /* input starts with GS/ST: no interchange header */
	X12_E_BAD_SEGMENT_ID = 111,/* segment id is not 2-3 upper-case letters/digits */
	X12_E_IO = 112,            /* read or inflate failed */
	X12_E_NO_FINAL_TERMINATOR = 113, /* input ends after IEA without its terminator (warning) */
	X12_E_NOMEM = 114,         /* an allocation failed (the allocator hook or malloc said no) */
	X12_E_DEFINITIONS = 115,   /* transaction-set definitions could not be loaded or compiled */
	/* 200: interchange (TA1) */
	X12_E_ISA_AUTH_QUAL = 201,
	X12_E_ISA_SEC_QUAL = 202,
	X12_E_ISA_ID_QUAL = 203,
	X12_E_ISA_ID = 204,
	X12_E_ISA_DATE = 205,
	X12_E_ISA_TIME = 206,
	X12_E_ISA_VERSION = 207,
	X12_E_ISA_CONTROL = 208,
	X12_E_ISA_ACK_REQ = 209,
	X12_E_ISA_USAGE = 210,
	X12_E_IEA_COUNT = 211,     /* IEA01 != number of GS */
	X12_E_IEA_CONTROL = 212,   /* IEA02 != ISA13 */
	X12_E_IEA_MISSING = 213,   /* end of input (or a new ISA) before IEA */
	X12_E_ISA_DUPLICATE = 214, /* same ISA13 twice in one input */
	X12_E_NESTING = 215,       /* envelope segment out of place */
	X12_E_OUTSIDE_ST = 216,    /* data segment outside ST..SE */
	X12_E_ISA_REPETITION = 217,/* ISA11 not a separator in 00501+ */
	X12_E_ISA_AUTH = 218,      /* ISA02/ISA04 present with qualifier 00 */
	X12_E_ENV_ELEMENTS = 219,  /* envelope segment (GS, GE, ST, SE, IEA, TA1) with extra elements */
	/* 300: functional group (999 AK9) */
	X12_E_GS_ELEMENTS = 301,   /* GS element missing or malformed */
	X12_E_GS_CONTROL = 302,    /* GS06 not 1-9 digits */
	X12_E_GE_COUNT = 303,      /* GE01 != number of ST */
	X12_E_GE_CONTROL = 304,    /* GE02 != GS06 */
	X12_E_GE_MISSING = 305,
	X12_E_GS_DUPLICATE = 306,  /* GS06 repeated within the interchange */
	X12_E_GS_DATE = 307,
	X12_E_GS_TIME = 308,
	X12_E_GS_KIND = 309,       /* GS01 is not the functional identifier of the set inside (HC for 837 ...) */
	/* 400: transaction set (999 IK5) */
	X12_E_ST_ID = 401,         /* ST01 missing or not 3 digits */
	X12_E_ST_CONTROL = 402,    /* ST02 missing or not 4-9 characters */
	X12_E_SE_COUNT = 403,      /* SE01 != segments from ST to SE */
	X12_E_SE_CONTROL = 404,    /* SE02 != ST02 */
	X12_E_SE_MISSING = 405,
	X12_E_ST_DUPLICATE = 406,  /* ST02 repeated within the group */
	X12_E_VERSION_MISMATCH = 407, /* ST03 and GS08 name different guides (warning) */
	X12_E_ST_EMPTY = 408,      /* ST immediately followed by SE */
	/* 500: implementation guide, segments and loops (SNIP 2, 999 IK3) */
	X12_E_UNSUPPORTED = 501,   /* no definition for this ST01/version */
	X12_E_SEG_UNKNOWN = 502,   /* segment id not in the transaction set */
	X12_E_SEG_UNEXPECTED = 503,/* segment of the set, but not expected here */
	X12_E_SEG_ORDER = 504,     /* segment belongs earlier in its loop */
	X12_E_SEG_MISSING = 505,   /* required segment missing */
	X12_E_LOOP_MISSING = 506,  /* required loop missing */
	X12_E_SEG_MAX_USE = 507,   /* segment repeats more than allowed */
	X12_E_LOOP_MAX = 508,      /* loop repeats more than allowed */
	X12_E_SEG_NOT_USED = 509,  /* segment marked "not used" present */
	X12_E_NOT_CHECKED = 510,   /* transaction set without a definition (info) */
	X12_E_DIAGS_DROPPED = 511, /* more diagnostics than one segment's queue holds (warning) */
	/* 600: elements (SNIP 2, 999 IK4) */
	X12_E_EL_MISSING = 601,    /* required element missing */
	X12_E_EL_TOO_MANY = 602,   /* more elements than defined */
	X12_E_EL_TOO_SHORT = 603,
	X12_E_EL_TOO_LONG = 604,
	X12_E_EL_BAD_CHAR = 605,   /* not a number where one is required, bad characters */
	X12_E_EL_BAD_CODE = 606,   /* code value not allowed */
	X12_E_EL_BAD_DATE = 607,
	X12_E_EL_BAD_TIME = 608,
	X12_E_EL_TOO_MANY_REPS = 609,
	X12_E_EL_TOO_MANY_COMPS = 610,
	X12_E_EL_NOT_USED = 611,   /* element marked "not used" present */
	X12_E_COMP_MISSING = 612,  /* required component of a present composite missing */
	X12_E_EL_CONTROL_CHAR = 613, /* byte outside the X12 character sets (control, DEL, 0xFF) in an element */
	/* 700: balancing (SNIP 3) */
	X12_E_BAL_CLM = 701,       /* 837 CLM02 != sum of line charges */
	X12_E_BAL_LINE = 702,      /* 835 SVC02 - line CAS != SVC03 */
	X12_E_BAL_CLAIM = 703,     /* 835 CLP03 - all CAS != CLP04 */
	X12_E_BAL_TRANSACTION = 704, /* 835 BPR02 != sum CLP04 - sum PLB */
	X12_E_BAL_PATIENT = 705,   /* 835 CLP05 != sum of PR adjustments (warning) */
	/* 800: situational rules that need no code tables (SNIP 4) */
	X12_E_LIN_WITHOUT_CTP = 801, /* 2410 drug identification without its CTP */
	X12_E_F8_REQUIRED = 802,   /* REF*F8 required for CLM05-3 = 7 or 8 */
	/* 900: numbering, X12.6 syntax and TR3 value notes */
	X12_E_HL_SEQUENCE = 901,   /* HL01 does not start at 1 / rise by one in its set */
	X12_E_HL_DUPLICATE = 902,  /* HL01 used twice in the set */
	X12_E_HL_PARENT = 903,     /* HL02 names no earlier HL01 of the set */
	X12_E_LX_SEQUENCE = 904,   /* 837 LX01 does not start at 1 / rise by one in its claim */
	X12_E_TRAILING = 905,      /* segment, composite or element ends with a separator (warning) */
	X12_E_TRAILING_STRICT = 906, /* the same under x12_limits.strict (error) */
	X12_E_ZIP9 = 907,          /* N403 of a billing provider / service facility not nine digits */
	X12_E_NPI = 908,           /* NPI (qualifier XX) not 10 digits with a valid check digit */
	X12_E_HL_CHILD_CODE = 909, /* HL04 1 and no later HL names the HL in HL02, or 0 and one does */
	X12_E_HL_LEVEL = 910,      /* 837 HL03 not the level its parent's HL03 takes (22 under 20, 23 under 22) */
	X12_E_HL_ORDER = 911,      /* HL02 names an HL whose hierarchy was closed (not top-down, left-right) */
	X12_E_EIN = 912,           /* 2010AA REF*EI tax id not nine digits (no hyphen) */
	/* X12.6 segment syntax notes (relational conditions), one code per note type */
	X12_E_SYN_PAIRED = 913,    /* P: one element of a paired set present without the others */
	X12_E_SYN_REQUIRED = 914,  /* R: none of the elements of which at least one is required */
	X12_E_SYN_EXCLUSION = 915, /* E: more than one of mutually exclusive elements */
	X12_E_SYN_CONDITIONAL = 916, /* C: the first element present without all the others */
	X12_E_SYN_LIST = 917,      /* L: the first element present without any of the others */
};

struct x12_code_info {
	enum x12_code code;
	const char *slug;          /* stable kebab-case name */
	enum x12_severity severity;
	bool fatal;                /* stops reading the input */
	enum x12_ack_level ack;
	const char *ack_code;      /* TA105 / AK905 / IK502 / IK304 / IK403 value */
	const char *summary;
	unsigned snip;             /* SNIP level of the check (1 envelope ... 4 situational); 0: not a check */
};

/* Registry entry for a code; never NULL (an "unknown" entry for strangers). */
const struct x12_code_info *x12_code_info(enum x12_code code);
/* The whole registry, in code order; *n entries.  Lifetime: static. */
const struct x12_code_info *x12_code_list(size_t *n);
/* "X12-104" style label of a code.  Lifetime: a thread-local buffer, until the next call on the same thread. */
const char *x12_code_label(enum x12_code code);

struct x12_error {
	enum x12_code code;
	struct x12_pos pos;
	char msg[192]; /* never contains element values that could be PHI */
};

/* ---------------------------------------------------------------- tokenizer */

struct x12_tokenizer;

/* Returns NULL when out of memory.  limits and alloc may be NULL (defaults). */
struct x12_tokenizer *x12_tokenizer_new(const struct x12_limits *limits, const struct x12_alloc *alloc);
void x12_tokenizer_free(struct x12_tokenizer *tok);
/* Back to the state of a new tokenizer (for the next file). */
void x12_tokenizer_reset(struct x12_tokenizer *tok);

/*
 * Hands the tokenizer the next chunk.  Call it only after next() answered
 * X12_NEED_INPUT (or right after new/reset).  is_final says no byte follows.
 * The bytes are borrowed until next() next answers X12_NEED_INPUT.
 */
void x12_tokenizer_feed(struct x12_tokenizer *tok, const char *buf, size_t len, bool is_final);

/*
 * Pulls the next segment.  X12_EVENT: *seg is set.  X12_NEED_INPUT: feed
 * more.  X12_DONE: final chunk consumed.  X12_ERROR: see x12_tokenizer_error().
 */
enum x12_status x12_tokenizer_next(struct x12_tokenizer *tok, struct x12_segment *seg);
/* Detail of the fatal error.  Lifetime: until reset/free. */
const struct x12_error *x12_tokenizer_error(const struct x12_tokenizer *tok);
/* Bytes consumed so far (stream offset of the next byte to read). */
uint64_t x12_tokenizer_offset(const struct x12_tokenizer *tok);
/*
 * For a part of a split input (split.h): the next chunk fed starts at stream
 * offset, its first segment has that ordinal, and interchange is the count
 * of ISAs before it.  Only between segments, after next() answered
 * X12_NEED_INPUT (or right after new/reset).
 */
void x12_tokenizer_seek(struct x12_tokenizer *tok, uint64_t offset, uint64_t ordinal, uint32_t interchange);

/* ---------------------------------------------------------------- reader */

/*
 * The reader = tokenizer + envelope (SNIP 1).  It hands out every segment and,
 * in stream order, every envelope diagnostic as an event.
 */
enum x12_event_type {
	X12_EV_SEGMENT = 1,
	X12_EV_DIAG,       /* a non-fatal diagnostic (error or warning) */
};

struct x12_event {
	enum x12_event_type type;
	struct x12_segment seg;  /* X12_EV_SEGMENT */
	struct x12_error diag;   /* X12_EV_DIAG */
};

struct x12_reader;

/* NULL when out of memory; limits and alloc may be NULL. */
struct x12_reader *x12_reader_new(const struct x12_limits *limits, const struct x12_alloc *alloc);
void x12_reader_free(struct x12_reader *r);
void x12_reader_reset(struct x12_reader *r);
void x12_reader_feed(struct x12_reader *r, const char *buf, size_t len, bool is_final);
/* Same contract as x12_tokenizer_next(); fatal errors also come as X12_ERROR. */
enum x12_status x12_reader_next(struct x12_reader *r, struct x12_event *ev);
const struct x12_error *x12_reader_error(const struct x12_reader *r);

/* Envelope counters of the input so far. */
struct x12_reader_stats {
	uint64_t segments;
	uint32_t interchanges;
	uint32_t groups;
	uint32_t transactions;
};
void x12_reader_stats(const struct x12_reader *r, struct x12_reader_stats *out);

static inline bool
x12_seg_is(const struct x12_segment *seg, const char *id)
{
	return x12_str_eq(x12_seg_id(seg), id);
}

#endif
