/*
 * fuzz-x12.c - fuzz target: any bytes through the record stream (reader,
 * walker with the built-in definitions, 837 and 835 decoders and checks).
 * The input is fed whole and again in 7-byte chunks; both must give the same
 * records, field for field (tests/recdump.c), ending in exactly one END
 * record.  Built as a libFuzzer target with -Dfuzzing=true (clang), and
 * replayed over its corpus by fuzz-main.c in every `meson test` (suite
 * fuzz-regress).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recdump.h"
#include "testutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
count(const char *dump, const char *needle)
{
	size_t n = 0;

	for (const char *p = dump; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct x12_schemas *schemas;
	static struct x12_records *rs;
	enum x12_status a, b;
	size_t alen, blen;
	char *whole, *chunked;

	if (!schemas) {
		char err[512];

		schemas = tu_schemas_load(NULL, err, sizeof err);
		rs = schemas ? x12_records_new(schemas, NULL) : NULL;
		if (!rs) {
			fprintf(stderr, "fuzz-x12: cannot start: %s\n", schemas ? "out of memory" : err);
			abort();
		}
	}
	whole = recdump_run(rs, (const char *)data, size, 0, &alen, &a);
	chunked = recdump_run(rs, (const char *)data, size, 7, &blen, &b);
	/* the same input gives the same records however it is split */
	if (a != b || alen != blen || memcmp(whole, chunked, alen) != 0) {
		fprintf(stderr, "fuzz-x12: whole and 7-byte chunks differ: status %d/%d, %zu/%zu bytes of records\n",
			(int)a, (int)b, alen, blen);
		abort();
	}
	/* one END record, last, and the status it announces */
	if ((a != X12_DONE && a != X12_ERROR) || count(whole, "END fatal=") != 1 ||
	    strncmp(strstr(whole, "END fatal="), a == X12_DONE ? "END fatal=0" : "END fatal=1", 11) != 0 ||
	    strchr(strstr(whole, "END fatal="), '\n')[1] != '\0') {
		fprintf(stderr, "fuzz-x12: the stream did not end with one END record (status %d)\n", (int)a);
		abort();
	}
	free(whole);
	free(chunked);
	return 0;
}
