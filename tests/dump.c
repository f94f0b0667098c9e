/*
 * dump.c - event dumps for the tests (see dump.h for the line format).
 */
#include "dump.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dump_ctx {
	FILE *out;
	uint64_t last_ordinal;
	uint64_t last_offset;
	bool any_segment;
};

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fputs("dump: out of memory\n", stderr);
		abort();
	}
	return p;
}

void
dump_put_text(FILE *out, const struct x12_segment *seg)
{
	const struct x12_delims d = seg->delims;

	for (size_t i = 0; i < seg->len; i++) {
		unsigned char b = (unsigned char)seg->data[i];

		if (b == (unsigned char)d.element)
			putc('*', out);
		else if (b == (unsigned char)d.component)
			putc(':', out);
		else if (d.repetition && b == (unsigned char)d.repetition)
			putc('^', out);
		else if (b == '*' || b == ':' || b == '^' || b == '~' || b == '\\' || b < 0x20 || b >= 0x7f)
			fprintf(out, "\\x%02X", b);
		else
			putc(b, out);
	}
	putc('~', out);
}

/* Checks the documented shape of a segment view; writes INVARIANT lines. */
static void
check_segment(struct dump_ctx *c, const struct x12_segment *seg)
{
	const char term = seg->delims.segment, sep = seg->delims.element;
	const bool nl_term = term == '\n' || term == '\r';
	unsigned long long ord = (unsigned long long)seg->ordinal;
	uint32_t seps = 0;

	if (seg->ordinal != c->last_ordinal + 1)
		fprintf(c->out, "INVARIANT seg %llu: ordinal after %llu\n", ord,
			(unsigned long long)c->last_ordinal);
	if (c->any_segment && seg->offset <= c->last_offset)
		fprintf(c->out, "INVARIANT seg %llu: offset %llu not after %llu\n", ord,
			(unsigned long long)seg->offset, (unsigned long long)c->last_offset);
	c->last_ordinal = seg->ordinal;
	c->last_offset = seg->offset;
	c->any_segment = true;

	if (seg->elem[0] != 0)
		fprintf(c->out, "INVARIANT seg %llu: elem[0] = %u\n", ord, (unsigned)seg->elem[0]);
	if (seg->elem[seg->nelem + 1] != seg->len + 1)
		fprintf(c->out, "INVARIANT seg %llu: elem[nelem + 1] != len + 1\n", ord);
	for (uint32_t i = 1; i <= seg->nelem; i++) {
		if (seg->elem[i] <= seg->elem[i - 1] || seg->elem[i] > seg->len ||
		    seg->data[seg->elem[i] - 1] != sep) {
			fprintf(c->out, "INVARIANT seg %llu: elem[%u] is not after a separator\n", ord,
				(unsigned)i);
			break;
		}
	}
	for (size_t i = 0; i < seg->len; i++) {
		char b = seg->data[i];

		if (b == sep)
			seps++;
		if (b == term) {
			fprintf(c->out, "INVARIANT seg %llu: terminator inside the segment\n", ord);
			break;
		}
		if (!nl_term && (b == '\r' || b == '\n')) {
			fprintf(c->out, "INVARIANT seg %llu: CR/LF left inside the segment\n", ord);
			break;
		}
	}
	if (seps != seg->nelem)
		fprintf(c->out, "INVARIANT seg %llu: %u separators but nelem %u\n", ord, (unsigned)seps,
			(unsigned)seg->nelem);
	if (seg->len && (seg->data[0] == ' ' || seg->data[0] == '\t' || seg->data[0] == '\r' ||
			 seg->data[0] == '\n'))
		fprintf(c->out, "INVARIANT seg %llu: leading white space\n", ord);
}

static void
put_segment(struct dump_ctx *c, const struct x12_segment *seg)
{
	check_segment(c, seg);
	fprintf(c->out, "S %llu @%llu ic=%u st=%u n=%u %s", (unsigned long long)seg->ordinal,
		(unsigned long long)seg->offset, (unsigned)seg->interchange, (unsigned)seg->st_segment,
		(unsigned)seg->nelem, seg->unterminated ? "u " : "");
	if (seg->bad_chars)
		fprintf(c->out, "bad=%u@%u/%llu ", (unsigned)seg->bad_chars, (unsigned)seg->bad_index,
			(unsigned long long)seg->bad_offset);
	dump_put_text(c->out, seg);
	putc('\n', c->out);
}

static void
put_error(struct dump_ctx *c, char kind, const struct x12_error *e)
{
	fprintf(c->out, "%c %s @%llu seg=%llu st=%u id=%s el=%u", kind, x12_code_label(e->code),
		(unsigned long long)e->pos.offset, (unsigned long long)e->pos.segment,
		(unsigned)e->pos.st_segment, e->pos.seg_id, (unsigned)e->pos.element);
	if (kind == 'D')
		fprintf(c->out, " c=%u r=%u", (unsigned)e->pos.component, (unsigned)e->pos.repetition);
	fprintf(c->out, " %s\n", e->msg);
}

/* Pulls events until the reader wants input, is done or failed. */
static enum x12_status
pull(struct dump_ctx *c, struct x12_reader *r, struct x12_tokenizer *t)
{
	enum x12_status st;

	for (;;) {
		if (r) {
			struct x12_event ev;

			st = x12_reader_next(r, &ev);
			if (st != X12_EVENT)
				break;
			if (ev.type == X12_EV_SEGMENT)
				put_segment(c, &ev.seg);
			else if (ev.type == X12_EV_DIAG)
				put_error(c, 'D', &ev.diag);
			else
				fprintf(c->out, "INVARIANT unknown event type %d\n", (int)ev.type);
		} else {
			struct x12_segment seg;

			st = x12_tokenizer_next(t, &seg);
			if (st != X12_EVENT)
				break;
			put_segment(c, &seg);
		}
	}
	if (st == X12_ERROR)
		put_error(c, 'E', r ? x12_reader_error(r) : x12_tokenizer_error(t));
	return st;
}

static void
feed(struct x12_reader *r, struct x12_tokenizer *t, const char *buf, size_t len, bool final)
{
	if (r)
		x12_reader_feed(r, buf, len, final);
	else
		x12_tokenizer_feed(t, buf, len, final);
}

char *
dump_run(const char *data, size_t len, const struct dump_opts *o)
{
	struct dump_ctx c = { 0 };
	struct x12_reader *r = NULL;
	struct x12_tokenizer *t = NULL;
	enum x12_status st = X12_NEED_INPUT;
	char *text = NULL;
	size_t text_len = 0, pos = 0;

	c.out = open_memstream(&text, &text_len);
	if (!c.out) {
		fputs("dump: open_memstream failed\n", stderr);
		abort();
	}
	if (o->layer == DUMP_READER)
		r = x12_reader_new(o->limits, NULL);
	else
		t = x12_tokenizer_new(o->limits, NULL);
	if (!r && !t) {
		fputs("dump: out of memory\n", stderr);
		abort();
	}
	do {
		size_t n = o->chunk && o->chunk < len - pos ? o->chunk : len - pos;
		bool final = !o->empty_final && pos + n == len;
		char *block = xmalloc(n);

		memcpy(block, data + pos, n);
		feed(r, t, block, n, final);
		st = pull(&c, r, t);
		free(block);
		pos += n;
		if (st != X12_NEED_INPUT)
			break;
		if (final) {
			fputs("INVARIANT NEED_INPUT after the final chunk\n", c.out);
			break;
		}
	} while (pos < len);
	if (st == X12_NEED_INPUT && o->empty_final) {
		char *block = xmalloc(0);

		feed(r, t, block, 0, true);
		st = pull(&c, r, t);
		free(block);
	}
	fprintf(c.out, "END %s\n", st == X12_DONE ? "DONE" : st == X12_ERROR ? "ERROR" : "NEED_INPUT");
	x12_reader_free(r);
	x12_tokenizer_free(t);
	if (fclose(c.out) != 0 || !text) {
		fputs("dump: writing the dump failed\n", stderr);
		abort();
	}
	return text;
}

static size_t
line_len(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ? (size_t)(nl - p) : strlen(p);
}

bool
dump_same(const char *a, const char *b, char *msg, size_t msglen)
{
	unsigned long line = 1;

	for (;;) {
		size_t la = line_len(a), lb = line_len(b);

		if (la != lb || memcmp(a, b, la) != 0) {
			snprintf(msg, msglen, "line %lu: %.*s | %.*s", line, (int)(la > 200 ? 200 : la), a,
				 (int)(lb > 200 ? 200 : lb), b);
			return false;
		}
		if (!a[la] || !b[lb]) {
			if (a[la] == b[lb])
				return true;
			snprintf(msg, msglen, "line %lu: one dump ends early", line + 1);
			return false;
		}
		a += la + 1;
		b += lb + 1;
		line++;
	}
}

size_t
dump_count(const char *dump, const char *prefix)
{
	size_t n = 0, plen = strlen(prefix);

	for (const char *p = dump; *p;) {
		size_t l = line_len(p);

		if (l >= plen && memcmp(p, prefix, plen) == 0)
			n++;
		p += l + (p[l] == '\n');
	}
	return n;
}

int
dump_read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf;

	if (!f)
		return -1;
	buf = xmalloc(cap);
	for (;;) {
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (n < cap) {
			if (ferror(f)) {
				int e = errno;

				fclose(f);
				free(buf);
				errno = e;
				return -1;
			}
			break;
		}
		cap *= 2;
		buf = realloc(buf, cap);
		if (!buf) {
			fputs("dump: out of memory\n", stderr);
			abort();
		}
	}
	fclose(f);
	/* an exactly sized block, so that an over-read is caught */
	*data = xmalloc(n);
	memcpy(*data, buf, n);
	free(buf);
	*len = n;
	return 0;
}
