/*
 * fuzz-x12.c - fuzz target: any bytes through the whole read path (reader,
 * walker with the built-in definitions, 837 and 835 decoders and checks).
 * The input is fed whole and again in 7-byte chunks; both must end the same
 * way.  Built as a libFuzzer target with -Dfuzzing=true (clang), and replayed
 * over its corpus by fuzz-main.c in every `meson test` (suite fuzz-regress).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim837.h"
#include "remit835.h"
#include "walker.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tally {
	unsigned long events, claims, payments, diags;
};

static enum x12_status
run(struct x12_walker *w, struct c837_decoder *cd, struct r835_decoder *rd, const uint8_t *data, size_t size,
    size_t chunk, struct tally *t)
{
	struct x12_walk_event ev;
	enum x12_status st = X12_NEED_INPUT;
	size_t off = 0;

	memset(t, 0, sizeof *t);
	x12_walker_reset(w);
	c837_decoder_reset(cd);
	r835_decoder_reset(rd);
	do {
		size_t n = size - off < chunk ? size - off : chunk;

		x12_walker_feed(w, (const char *)data + off, n, off + n == size);
		off += n;
		while ((st = x12_walker_next(w, &ev)) == X12_EVENT) {
			struct x12_error e;

			t->events++;
			if (ev.type == X12_WALK_DIAG)
				t->diags++;
			if (c837_decoder_event(cd, &ev)) {
				t->claims++;
				while (c837_decoder_diag(cd, &e))
					t->diags++;
			}
			if (r835_decoder_event(rd, &ev) != R835_NONE) {
				t->payments++;
				while (r835_decoder_diag(rd, &e))
					t->diags++;
			}
		}
	} while (st == X12_NEED_INPUT && off < size);
	return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct x12_schemas *schemas;
	static struct x12_walker *w;
	static struct c837_decoder *cd;
	static struct r835_decoder *rd;
	struct tally whole, chunked;
	enum x12_status a, b;

	if (!schemas) {
		char err[512];

		schemas = x12_schemas_load(NULL, err, sizeof err);
		w = schemas ? x12_walker_new(NULL, schemas) : NULL;
		cd = c837_decoder_new();
		rd = r835_decoder_new();
		if (!w || !cd || !rd) {
			fprintf(stderr, "fuzz-x12: cannot start: %s\n", schemas ? "out of memory" : err);
			abort();
		}
	}
	a = run(w, cd, rd, data, size, size ? size : 1, &whole);
	b = run(w, cd, rd, data, size, 7, &chunked);
	/* the same input gives the same outcome however it is split */
	if (a != b || memcmp(&whole, &chunked, sizeof whole) != 0) {
		fprintf(stderr, "fuzz-x12: whole and 7-byte chunks differ: status %d/%d, events %lu/%lu\n", (int)a,
			(int)b, whole.events, chunked.events);
		abort();
	}
	return 0;
}
