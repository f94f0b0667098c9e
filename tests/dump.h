/*
 * dump.h - a stable text dump of every event the reader (or the tokenizer)
 * produces for an input, fed whole or in fixed-size chunks.  Test-only.
 *
 * One line per event:
 *
 *   S <ordinal> @<offset> ic=<interchange> st=<st_segment> n=<nelem> [u ]<text>~
 *   D X12-nnn @<offset> seg=<segment> st=<st_segment> id=<seg_id> el=<element> c=<c> r=<r> <msg>
 *   E X12-nnn @<offset> seg=<segment> st=<st_segment> id=<seg_id> el=<element> <msg>
 *   END <DONE|ERROR>
 *
 * S is a segment (u = unterminated), D a diagnostic, E the fatal error.  The
 * segment text has its delimiters rewritten to * (element) : (component)
 * ^ (repetition) and ~ (terminator); any other byte that is one of those
 * characters, a backslash, or not printable ASCII is written as \xHH, so the
 * dump is unambiguous.  A line starting with "INVARIANT" means a segment view
 * broke the x12.h contract (elem[] offsets, terminator or CR/LF left inside,
 * ordinals not consecutive, offsets not increasing).
 *
 * Chunked feeding copies every chunk into its own heap block of exactly that
 * size and frees it as soon as next() answers X12_NEED_INPUT, so a sanitizer
 * or valgrind sees any read past a chunk or of a chunk the reader should have
 * let go of.
 */
#ifndef REMEDI_TEST_DUMP_H
#define REMEDI_TEST_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "x12.h"

enum dump_layer {
	DUMP_READER,    /* x12_reader_*: segments and diagnostics */
	DUMP_TOKENIZER, /* x12_tokenizer_*: segments only */
};

struct dump_opts {
	enum dump_layer layer;
	size_t chunk;       /* bytes per feed; 0 = the whole input in one feed */
	bool empty_final;   /* data chunks are not final; an empty final chunk follows */
	const struct x12_limits *limits; /* NULL = defaults */
};

/* Writes a segment's normalised text (as in S lines, with the final ~). */
void dump_put_text(FILE *out, const struct x12_segment *seg);

/* Runs the input and returns its dump.  Owned by the caller (free()); aborts on OOM. */
char *dump_run(const char *data, size_t len, const struct dump_opts *opts);

/*
 * Compares two dumps line by line.  Returns true when equal; otherwise writes
 * "line N: <a line> | <b line>" (shortened) into msg.
 */
bool dump_same(const char *a, const char *b, char *msg, size_t msglen);

/* Number of lines of a dump that start with prefix. */
size_t dump_count(const char *dump, const char *prefix);

/* Reads a whole file into a heap block (caller frees).  -1 on error (errno set). */
int dump_read_file(const char *path, char **data, size_t *len);

#endif
