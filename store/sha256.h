/*
 * sha256.h - SHA-256 (FIPS 180-4), streaming: the content hash that, with
 * the envelope control numbers, identifies a loaded file.
 */
#ifndef REMEDI_SHA256_H
#define REMEDI_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Writes the digest as 64 lowercase hex digits and a NUL into hex[65]. */
void sha256_final_hex(struct sha256 *s, char hex[65]);
/* Tests: true forces the portable code even where the SHA instructions exist; false chooses again. */
void sha256_use_portable(bool on);

#endif
