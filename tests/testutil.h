/*
 * testutil.h - building X12 test inputs and running them through the reader,
 * for the unit tests.  Test-only; results are returned, not checked, so each
 * test program's harness counts its own checks.
 *
 * Inputs are written "logically" with the delimiters * : ^ ~ and rendered
 * with any others (x12_render), so one interchange can be read with odd
 * delimiters, line breaks after terminators, or hard-wrapped.
 */
#ifndef REMEDI_TEST_UTIL_H
#define REMEDI_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "x12.h"

/* A 5010 ISA (106 bytes) with * : ^ ~, ISA13 000000001. */
#define T_ISA                                                                \
	"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       " \
	"*240101*1200*^*00501*000000001*0*T*:~"
#define T_GS "GS*HC*SENDER*RECEIVER*20240101*1200*1*X*005010X222A1~"
#define T_ST "ST*837*0001*005010X222A1~"
#define T_BODY "BHT*0019*00*0123*20240101*1200*CH~HI*ABK:C50911*ABF:Z5111~SV1*HC:J9271:JW*1500*UN*10***1:2~"
#define T_SE "SE*5*0001~"
#define T_GE "GE*1*1~"
#define T_IEA "IEA*1*000000001~"
/* A valid interchange: 9 segments, ST..SE = 5. */
#define T_VALID T_ISA T_GS T_ST T_BODY T_SE T_GE T_IEA

/* Byte offsets of the ISA elements (ISA01 at [1] ... ISA16 at [16]). */
extern const unsigned t_isa_at[17];

struct tbuf {
	char *p;   /* NUL-terminated for convenience; may hold NULs itself */
	size_t len;
	size_t cap; /* allocated bytes; grows by doubling */
};

/* Appends bytes; p is reallocated.  Aborts when out of memory. */
void tbuf_add(struct tbuf *b, const void *data, size_t len);
void tbuf_puts(struct tbuf *b, const char *s);
void tbuf_free(struct tbuf *b);

/*
 * Renders logical text: * : ^ ~ become d.element, d.component, d.repetition
 * (left as it is when d.repetition is 0) and d.segment, and after_term is
 * written after every terminator.
 */
struct tbuf x12_render(const char *logical, struct x12_delims d, const char *after_term);
/* Inserts eol after every width bytes (a hard-wrapped file). */
struct tbuf x12_wrap(const char *data, size_t len, size_t width, const char *eol);

/* One segment or diagnostic as the reader handed it out (copied). */
struct run_seg {
	char *raw;            /* seg.data copied, NUL-terminated */
	size_t len;
	char *norm;           /* normalised text, as in dump lines */
	uint64_t offset, ordinal;
	uint32_t nelem, interchange, st_segment;
	bool unterminated;
	bool zero_copy;       /* seg.data pointed into the fed buffer */
	struct x12_delims delims;
};

struct run {
	size_t nseg, ndiag;
	struct run_seg *seg;
	struct x12_error *diag;
	enum x12_status end;      /* X12_DONE or X12_ERROR */
	struct x12_error fatal;   /* when end == X12_ERROR */
	struct x12_reader_stats stats;
};

/* Runs the reader over the input fed whole (is_final set). */
void run_reader(struct run *r, const char *data, size_t len, const struct x12_limits *lim);
void run_free(struct run *r);
/* Index of the first segment with this id, or -1. */
long run_find(const struct run *r, const char *id);

/*
 * The diagnostics of a run, one per "; ": "X12-403 seg 6 st 5 SE01" (the id
 * with the element position, as the CLI prints it).  The fatal error, if any,
 * ends the list as "fatal X12-108 seg 4 @161".  Owned by the caller.
 */
char *run_diags(const struct run *r);

/*
 * Feeds the input to the reader and to the tokenizer at chunk sizes 1..7,
 * whole, and whole followed by an empty final chunk.  Returns NULL when every
 * dump equals the whole-input dump of its layer and none has an INVARIANT
 * line, else a message naming the first difference (caller frees).
 */
char *chunk_mismatch(const char *data, size_t len, const struct x12_limits *lim);

/*
 * x12_schemas_load() with the message in a caller's buffer (what most
 * tests print); NULL on error.
 */
struct x12_schemas;
struct x12_schemas *tu_schemas_load(const char *dir, char *err, size_t errlen);

#endif
