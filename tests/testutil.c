/*
 * testutil.c - test input builders and reader runs (see testutil.h).
 */
#include "testutil.h"
#include "txset.h"
#include "dump.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const unsigned t_isa_at[17] = {
	0, 4, 7, 18, 21, 32, 35, 51, 54, 70, 77, 82, 84, 90, 100, 102, 104,
};

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("testutil: out of memory\n", stderr);
		abort();
	}
	return p;
}

static char *
xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
tbuf_add(struct tbuf *b, const void *data, size_t len)
{
	if (len > SIZE_MAX / 4 || b->len > SIZE_MAX / 4) {
		fputs("testutil: buffer too large\n", stderr);
		abort();
	}
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + len + 1)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void
tbuf_puts(struct tbuf *b, const char *s)
{
	tbuf_add(b, s, strlen(s));
}

void
tbuf_free(struct tbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

struct tbuf
x12_render(const char *logical, struct x12_delims d, const char *after_term)
{
	struct tbuf b = { 0 };

	tbuf_add(&b, "", 0);
	for (const char *p = logical; *p; p++) {
		char c = *p;

		switch (c) {
		case '*':
			c = d.element;
			break;
		case ':':
			c = d.component;
			break;
		case '^':
			if (d.repetition)
				c = d.repetition;
			break;
		case '~':
			tbuf_add(&b, &d.segment, 1);
			tbuf_puts(&b, after_term);
			continue;
		default:
			break;
		}
		tbuf_add(&b, &c, 1);
	}
	return b;
}

struct tbuf
x12_wrap(const char *data, size_t len, size_t width, const char *eol)
{
	struct tbuf b = { 0 };

	tbuf_add(&b, "", 0);
	for (size_t i = 0; i < len; i += width) {
		size_t n = len - i < width ? len - i : width;

		tbuf_add(&b, data + i, n);
		if (i + n < len)
			tbuf_puts(&b, eol);
	}
	return b;
}

static void
add_segment(struct run *r, const struct x12_segment *seg, const char *buf, size_t buflen)
{
	struct run_seg *s;
	char *norm = NULL;
	size_t normlen = 0;
	FILE *f = open_memstream(&norm, &normlen);

	if (!f)
		abort();
	dump_put_text(f, seg);
	fclose(f);
	r->seg = xrealloc(r->seg, (r->nseg + 1) * sizeof *r->seg);
	s = &r->seg[r->nseg++];
	s->raw = xstrndup(seg->data, seg->len);
	s->len = seg->len;
	s->norm = norm;
	s->offset = seg->offset;
	s->ordinal = seg->ordinal;
	s->nelem = seg->nelem;
	s->interchange = seg->interchange;
	s->st_segment = seg->st_segment;
	s->unterminated = seg->unterminated;
	s->delims = seg->delims;
	s->zero_copy = seg->data >= buf && seg->data + seg->len <= buf + buflen;
}

void
run_reader(struct run *r, const char *data, size_t len, const struct x12_limits *lim)
{
	struct x12_reader *rd = x12_reader_new(lim, NULL);
	struct x12_event ev;
	enum x12_status st;

	memset(r, 0, sizeof *r);
	if (!rd)
		abort();
	x12_reader_feed(rd, data, len, true);
	while ((st = x12_reader_next(rd, &ev)) == X12_EVENT) {
		if (ev.type == X12_EV_SEGMENT) {
			add_segment(r, &ev.seg, data, len);
		} else {
			r->diag = xrealloc(r->diag, (r->ndiag + 1) * sizeof *r->diag);
			r->diag[r->ndiag++] = ev.diag;
		}
	}
	r->end = st;
	if (st == X12_ERROR)
		r->fatal = *x12_reader_error(rd);
	x12_reader_stats(rd, &r->stats);
	x12_reader_free(rd);
}

void
run_free(struct run *r)
{
	for (size_t i = 0; i < r->nseg; i++) {
		free(r->seg[i].raw);
		free(r->seg[i].norm);
	}
	free(r->seg);
	free(r->diag);
	memset(r, 0, sizeof *r);
}

long
run_find(const struct run *r, const char *id)
{
	size_t n = strlen(id);

	for (size_t i = 0; i < r->nseg; i++) {
		const struct run_seg *s = &r->seg[i];
		size_t idlen = s->nelem ? strcspn(s->raw, (char[]){ s->delims.element, '\0' }) : s->len;

		if (idlen == n && memcmp(s->raw, id, n) == 0)
			return (long)i;
	}
	return -1;
}

static void
put_pos(FILE *f, const struct x12_error *e)
{
	fprintf(f, "%s seg %llu", x12_code_label(e->code), (unsigned long long)e->pos.segment);
	if (e->pos.st_segment)
		fprintf(f, " st %u", (unsigned)e->pos.st_segment);
	if (e->pos.seg_id[0] || e->pos.element) {
		fprintf(f, " %s", e->pos.seg_id);
		if (e->pos.element)
			fprintf(f, "%02u", (unsigned)e->pos.element);
	}
}

char *
run_diags(const struct run *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		abort();
	for (size_t i = 0; i < r->ndiag; i++) {
		if (i)
			fputs("; ", f);
		put_pos(f, &r->diag[i]);
	}
	if (r->end == X12_ERROR) {
		fputs(r->ndiag ? "; fatal " : "fatal ", f);
		put_pos(f, &r->fatal);
		fprintf(f, " @%llu", (unsigned long long)r->fatal.pos.offset);
	}
	fclose(f);
	return text;
}

char *
chunk_mismatch(const char *data, size_t len, const struct x12_limits *lim)
{
	static const enum dump_layer layers[2] = { DUMP_READER, DUMP_TOKENIZER };
	char msg[600], *out = NULL;

	for (unsigned l = 0; l < 2 && !out; l++) {
		struct dump_opts o = { .layer = layers[l], .limits = lim };
		char *whole = dump_run(data, len, &o);
		const char *name = l == 0 ? "reader" : "tokenizer";

		if (dump_count(whole, "INVARIANT")) {
			const char *p = strstr(whole, "INVARIANT");

			snprintf(msg, sizeof msg, "%s, whole: %.*s", name, (int)strcspn(p, "\n"), p);
			out = xstrndup(msg, strlen(msg));
		}
		for (size_t chunk = 0; chunk <= 7 && !out; chunk++) {
			char *d;

			o.chunk = chunk;
			o.empty_final = chunk == 0;
			d = dump_run(data, len, &o);
			if (!dump_same(whole, d, msg + 100, sizeof msg - 100)) {
				char head[100];

				if (chunk)
					snprintf(head, sizeof head, "%s, chunk size %zu: ", name, chunk);
				else
					snprintf(head, sizeof head, "%s, empty final chunk: ", name);
				out = xrealloc(NULL, strlen(head) + strlen(msg + 100) + 1);
				strcpy(out, head);
				strcat(out, msg + 100);
			}
			free(d);
		}
		free(whole);
	}
	return out;
}

struct x12_schemas *
tu_schemas_load(const char *dir, char *err, size_t errlen)
{
	struct x12_schemas *s;
	struct x12_error e;

	if (x12_schemas_load(dir, &s, &e) == X12_OK) {
		if (errlen)
			err[0] = '\0';
		return s;
	}
	snprintf(err, errlen, "%s", e.msg);
	return NULL;
}
