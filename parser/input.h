/*
 * input.h - byte sources for the reader: a file, stdin ("-"), plain or gzip.
 *
 * gzip is detected by its magic bytes (1f 8b), never by the file name, and
 * inflated in a streaming loop by Intel ISA-L when the library was built with
 * it, else by zlib (the environment variable REMEDI_INFLATE=zlib chooses zlib
 * at run time).  Concatenated gzip members are read in turn.  The first
 * chunk is inflated on the caller's thread; then an inflate thread of the
 * input's own fills a ring of four 256 KiB buffers ahead of the caller, so
 * decompression overlaps parsing.  Memory stays at these fixed buffers
 * whatever the size of the file, and every allocation (through alloc) is
 * made on the caller's thread.
 *
 * Errors as everywhere in the library: a status, and the detail in a
 * struct x12_error (X12_E_IO or X12_E_NOMEM, the decoded offset, a message
 * without file content).  An input is used by one thread at a time.
 */
#ifndef REMEDI_INPUT_H
#define REMEDI_INPUT_H

#include "x12.h"

struct x12_input;

/*
 * Opens path ("-" = standard input): X12_OK and *out, or X12_ERROR and *err.
 * alloc may be NULL (malloc); zlib allocates through it too.
 */
enum x12_status x12_input_open(const char *path, const struct x12_alloc *alloc, struct x12_input **out,
			       struct x12_error *err);
void x12_input_close(struct x12_input *in);

/*
 * Next chunk of decoded bytes: X12_OK with *buf and *len set (*len may be 0
 * on the final call, which sets *is_final), X12_DONE after the final chunk,
 * X12_ERROR with *err.  The chunk stays valid until the next call.
 */
enum x12_status x12_input_read(struct x12_input *in, const char **buf, size_t *len, bool *is_final,
			       struct x12_error *err);

bool x12_input_is_gzip(const struct x12_input *in);
/* "ISA-L" or "zlib" for gzip input (the inflate engine in use), NULL for plain input. */
const char *x12_input_inflate_name(const struct x12_input *in);
/* Bytes read from the file so far (compressed bytes for gzip). */
uint64_t x12_input_raw_bytes(const struct x12_input *in);
/* Size of the file (compressed for gzip); 0 when unknown (a pipe). */
uint64_t x12_input_raw_size(const struct x12_input *in);

#endif
