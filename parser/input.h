/*
 * input.h - byte sources for the reader: a file, stdin ("-"), plain or gzip.
 *
 * gzip is detected by its magic bytes (1f 8b), never by the file name, and
 * inflated in a streaming loop with zlib: memory stays at two fixed buffers
 * whatever the size of the file.  Concatenated gzip members are read in turn.
 */
#ifndef REMEDI_INPUT_H
#define REMEDI_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct x12_input;

/*
 * Opens path ("-" = standard input).  On failure returns NULL and writes a
 * message (no file content) into err.
 */
struct x12_input *x12_input_open(const char *path, char *err, size_t errlen);
void x12_input_close(struct x12_input *in);

/*
 * Next chunk of decoded bytes.  Returns 1 with *buf and *len set (*len may be 0
 * on the final call), 0 at the end (after a chunk with *is_final), -1 on an
 * error (message in err).  The chunk stays valid until the next call.
 */
int x12_input_read(struct x12_input *in, const char **buf, size_t *len, bool *is_final,
		   char *err, size_t errlen);

bool x12_input_is_gzip(const struct x12_input *in);
/* Bytes read from the file so far (compressed bytes for gzip). */
uint64_t x12_input_raw_bytes(const struct x12_input *in);
/* Size of the file (compressed for gzip); 0 when unknown (a pipe). */
uint64_t x12_input_raw_size(const struct x12_input *in);

#endif
