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
static inline int
fastio_fputs(const char *s, FILE *f)
{
	size_t n = strlen(s);

	return fwrite_unlocked(s, 1, n, f) == n ? 0 : EOF;
}

#undef putc
#define putc(c, f) putc_unlocked((c), (f))
#define fputc(c, f) fputc_unlocked((c), (f))
#define fwrite(p, s, n, f) fwrite_unlocked((p), (s), (n), (f))
#define fputs(s, f) fastio_fputs((s), (f))
#endif

#endif
