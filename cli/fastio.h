/*
 * fastio.h - stdio without per-call locking for the record writers: remedi
 * writes each stream from one thread, and the lock is a third of the cost of
 * writing JSON.  Include after <stdio.h>; glibc only, plain stdio elsewhere.
 */
#ifndef REMEDI_FASTIO_H
#define REMEDI_FASTIO_H

#include <stdio.h>
#include <string.h>

#if defined(__GLIBC__)
/*
 * Short pieces (keys, numbers, codes: most of a JSON line) go byte by byte
 * through the inline putc_unlocked, which stores into the stream's buffer;
 * fwrite_unlocked costs a hundred instructions a call before it copies.
 */
#define FASTIO_SHORT 32

static inline size_t
fastio_fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	size_t len = size * n;

	if (len <= FASTIO_SHORT) {
		const unsigned char *c = p;

		for (size_t i = 0; i < len; i++)
			if (putc_unlocked(c[i], f) == EOF)
				return 0;
		return n;
	}
	return fwrite_unlocked(p, size, n, f);
}

static inline int
fastio_fputs(const char *s, FILE *f)
{
	size_t n = strlen(s);

	return n == 0 || fastio_fwrite(s, 1, n, f) == n ? 0 : EOF;
}

#undef putc
#define putc(c, f) putc_unlocked((c), (f))
#define fputc(c, f) fputc_unlocked((c), (f))
#define fwrite(p, s, n, f) fastio_fwrite((p), (s), (n), (f))
#define fputs(s, f) fastio_fputs((s), (f))
#else
#define fwrite_unlocked(p, s, n, f) fwrite((p), (s), (n), (f))
#endif

#endif
