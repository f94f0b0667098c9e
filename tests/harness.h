/*
 * harness.h - the whole test framework: checks that print file:line and keep
 * going, a context line naming the case being run, and an exit status.
 *
 *   CHECK(cond)             cond must hold
 *   CHECK_INT_EQ(a, b)      integers, printed in decimal on failure
 *   CHECK_STR_EQ(a, b)      NUL-terminated strings (NULL allowed)
 *   CHECK_XSTR_EQ(v, s)     a struct x12_str view against a C string
 *   harness_context(...)    names the case; printed with every failure after it
 *   harness_exit()          summary line; 0 when every check held, else 1
 *
 * A test program is a main() that calls its test functions and returns
 * harness_exit().  Meson reads the exit status; 77 means skipped.
 */
#ifndef REMEDI_TEST_HARNESS_H
#define REMEDI_TEST_HARNESS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#if defined(__GNUC__)
#define HARNESS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define HARNESS_PRINTF(f, a)
#endif

struct harness_state {
	unsigned long checks;
	unsigned long failures;
	char context[256];
	bool context_shown; /* printed once before the first failure under it */
};

static inline struct harness_state *
harness_state(void)
{
	static struct harness_state st;

	return &st;
}

static inline void harness_context(const char *fmt, ...) HARNESS_PRINTF(1, 2);

static inline void
harness_context(const char *fmt, ...)
{
	struct harness_state *st = harness_state();
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->context, sizeof st->context, fmt, ap);
	va_end(ap);
	st->context_shown = false;
}

/* Counts one check; on failure prints the context (once) and the location. */
static inline bool
harness_result(bool ok, const char *file, int line, const char *what)
{
	struct harness_state *st = harness_state();

	st->checks++;
	if (ok)
		return true;
	st->failures++;
	if (st->context[0] && !st->context_shown) {
		fprintf(stderr, "-- in: %s\n", st->context);
		st->context_shown = true;
	}
	fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
	return false;
}

static inline bool
harness_int_eq(long long a, long long b, const char *file, int line, const char *ea, const char *eb)
{
	bool ok = a == b;

	if (!harness_result(ok, file, line, "integers differ"))
		fprintf(stderr, "    %s = %lld\n    %s = %lld\n", ea, a, eb, b);
	return ok;
}

static inline bool
harness_mem_eq(const char *a, size_t alen, const char *b, size_t blen, const char *file, int line,
	       const char *ea, const char *eb)
{
	bool ok = a && b ? alen == blen && memcmp(a, b, alen) == 0 : a == b;

	if (!harness_result(ok, file, line, "strings differ")) {
		fprintf(stderr, "    %s =\n      \"%.*s\"\n", ea, a ? (int)alen : 6, a ? a : "(null)");
		fprintf(stderr, "    %s =\n      \"%.*s\"\n", eb, b ? (int)blen : 6, b ? b : "(null)");
	}
	return ok;
}

static inline bool
harness_str_eq(const char *a, const char *b, const char *file, int line, const char *ea, const char *eb)
{
	return harness_mem_eq(a, a ? strlen(a) : 0, b, b ? strlen(b) : 0, file, line, ea, eb);
}

static inline int
harness_exit(void)
{
	struct harness_state *st = harness_state();

	printf("%lu checks, %lu failed\n", st->checks, st->failures);
	fflush(stdout);
	return st->failures ? 1 : 0;
}

#define CHECK(cond) harness_result((cond) ? true : false, __FILE__, __LINE__, #cond)
#define CHECK_INT_EQ(a, b) \
	harness_int_eq((long long)(a), (long long)(b), __FILE__, __LINE__, #a, #b)
#define CHECK_STR_EQ(a, b) harness_str_eq((a), (b), __FILE__, __LINE__, #a, #b)
#define CHECK_XSTR_EQ(v, s) \
	harness_mem_eq((v).ptr, (v).len, (s), strlen(s), __FILE__, __LINE__, #v, #s)

#endif
