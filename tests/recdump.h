/*
 * recdump.h - every field of every record of the record stream as text, one
 * record a line, for tests that compare two runs (chunkings, allocation
 * failures) byte for byte.
 */
#ifndef REMEDI_TEST_RECDUMP_H
#define REMEDI_TEST_RECDUMP_H

#include <stdio.h>

#include "records.h"

void recdump(FILE *f, const struct x12_record *r);

/*
 * Runs data through rs (reset first) in chunks of chunk bytes (0: whole) and
 * returns the dump, malloc'd, with its length; the final status in *final.
 */
char *recdump_run(struct x12_records *rs, const char *data, size_t len, size_t chunk, size_t *outlen,
		  enum x12_status *final);

#endif
