/*
 * x12_internal.h - helpers shared by the files of parser/, never installed.
 */
#ifndef REMEDI_X12_INTERNAL_H
#define REMEDI_X12_INTERNAL_H

#include "x12.h"

#if defined(__GNUC__)
#define X12_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define X12_PRINTF(f, a)
#endif

#define X12_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- diagnostics */

/*
 * Fills *e: code, position (offset, segment ordinal, ordinal inside ST..SE,
 * segment id, loop id, element) and a printf-style message.  Everything
 * else is zeroed.  seg_id and loop may be NULL.
 */
void x12_error_set(struct x12_error *e, enum x12_code code, uint64_t offset, uint64_t segment,
		   uint32_t st_segment, const char *seg_id, const char *loop, unsigned element, const char *fmt,
		   ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 9, 10)))
#endif
	;
void x12_error_vset(struct x12_error *e, enum x12_code code, uint64_t offset, uint64_t segment,
		    uint32_t st_segment, const char *seg_id, const char *loop, unsigned element, const char *fmt,
		    va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 9, 0)))
#endif
	;

/* ---------------------------------------------------------------- memory */

/* Copies src into dst, or the libc allocator when src is NULL or incomplete. */
void x12_alloc_init(struct x12_alloc *dst, const struct x12_alloc *src);
static inline void *
x12_mem_alloc(const struct x12_alloc *a, size_t size)
{
	return a->malloc(a->ctx, size);
}
/* n * size bytes, zeroed; NULL on overflow or when out of memory. */
void *x12_mem_calloc(const struct x12_alloc *a, size_t n, size_t size);
void *x12_mem_realloc_array(const struct x12_alloc *a, void *ptr, size_t n, size_t size);
void x12_mem_free(const struct x12_alloc *a, void *ptr);

enum x12_table_result {
	X12_TABLE_OK = 0,
	X12_TABLE_FULL,   /* max entries reached: the caller reports what it drops */
	X12_TABLE_NOMEM,  /* out of memory: the caller fails, never drops silently */
};
/*
 * Grows a table of *n entries of size bytes by one zeroed entry (*out),
 * doubling the capacity up to max entries.
 */
enum x12_table_result x12_table_add(const struct x12_alloc *a, void **table, unsigned *n, unsigned *cap,
				    size_t size, unsigned max, void **out);

/*
 * The envelope checker (SNIP 1): sees every segment once, keeps the open
 * ISA/GS/ST, and queues diagnostics for the reader to hand out in order.
 */
struct x12_envelope;

struct x12_envelope *x12_envelope_new(const struct x12_alloc *alloc);
/* Trailing separators are errors (struct x12_limits.strict); kept by reset. */
void x12_envelope_set_strict(struct x12_envelope *env, bool strict);
void x12_envelope_free(struct x12_envelope *env);
void x12_envelope_reset(struct x12_envelope *env);
/* Checks one segment; sets seg->st_segment. */
void x12_envelope_segment(struct x12_envelope *env, struct x12_segment *seg);
/* End of input: reports what is still open. */
void x12_envelope_finish(struct x12_envelope *env);
/* Takes the oldest queued diagnostic; false when none. */
bool x12_envelope_pop(struct x12_envelope *env, struct x12_error *out);
void x12_envelope_stats(const struct x12_envelope *env, struct x12_reader_stats *out);
/*
 * For the splitter (split.c): the size of the state, a copy of it (dst keeps
 * its allocator and strictness, its queue is emptied), n data segments
 * inside the open ST counted without being looked at (false outside an ST:
 * such segments must be checked), and whether a group is open with no set
 * open in it (where a part may start).
 */
size_t x12_envelope_size(void);
void x12_envelope_copy(struct x12_envelope *dst, const struct x12_envelope *src);
bool x12_envelope_skip(struct x12_envelope *env, uint64_t n);
bool x12_envelope_in_group(const struct x12_envelope *env);
struct x12_envelope *x12_reader_envelope(struct x12_reader *r);
struct x12_tokenizer *x12_reader_tokenizer(struct x12_reader *r);

/* Value checks shared by the checkers. */
bool x12_is_digits(struct x12_str v);
bool x12_is_date8(struct x12_str v);  /* CCYYMMDD */
bool x12_is_date6(struct x12_str v);  /* YYMMDD */
bool x12_is_time(struct x12_str v);   /* HHMM, HHMMSS, HHMMSSd..dd */

#endif
