/*
 * fuzz-x12.c - fuzz target: any bytes through the record stream (reader,
 * walker with the built-in definitions, 837 and 835 decoders and checks).
 * The input is fed whole and again in 7-byte chunks; both must give the same
 * records, field for field (tests/recdump.c), ending in exactly one END
 * record.  Built as a libFuzzer target with -Dfuzzing=true (clang), and
 * replayed over its corpus by fuzz-main.c in every `meson test` (suite
 * fuzz-regress).
 *
 * Then the output writers of `remedi parse` (cli/: JSON, text, XML) run over
 * the same input, and every claim id (CLM01) they write is compared with
 * the input bytes of that CLM01: a value written cut or altered aborts
 * unless the claim says it has errors (a control byte, an over-long value:
 * the validator reported it).  The XML tree must carry every CLM01 exactly,
 * as text or in its hex attribute.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "recdump.h"
#include "testutil.h"
#include "text_out.h"
#include "xml_out.h"

#include <libxml/xmlwriter.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
count(const char *dump, const char *needle)
{
	size_t n = 0;

	for (const char *p = dump; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* The CLM01 bytes of recent CLM segments, by segment offset (claims come out when their loop closes). */
#define RAW_SLOTS 16
#define RAW_MAX 128

struct raw_clm01 {
	uint64_t offset;
	size_t len;
	bool used;
	char bytes[RAW_MAX];
};

struct wcheck {
	struct raw_clm01 raw[RAW_SLOTS];
	unsigned next;
	struct json_ctx json;
	struct xml_tree xml;
	FILE *text, *js;
	char *tbuf, *jbuf;
	size_t tlen, jlen;
	char sep[3];            /* component and repetition separators of the last CLM */
	struct raw_clm01 all[64]; /* CLM01s to find in the XML */
	unsigned nall;
};

static void
fail(const char *what, const struct raw_clm01 *r, const char *out)
{
	fprintf(stderr, "fuzz-x12: %s: CLM01 at offset %llu (%zu bytes) written as: %.200s\n", what,
		(unsigned long long)r->offset, r->len, out);
	abort();
}

/* The JSON string literal of bytes (NUL-terminated copy: a NUL inside ends it, as in the model). */
static char *
json_of(const char *p, size_t n)
{
	char tmp[RAW_MAX + 1], *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		abort();
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	cli_json_str(f, tmp);
	fclose(f);
	return out;
}

/* text_out's form of bytes: C0 controls and DEL as \xHH (written here again, as an oracle). */
static void
text_of(char *out, size_t size, const char *p, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 5 < size; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c < 0x20 || c == 0x7F)
			k += (size_t)snprintf(out + k, 5, "\\x%02X", c);
		else
			out[k++] = (char)c;
	}
	out[k] = '\0';
}

/*
 * The JSON and text of a claim: its id must be CLM01's bytes as the writers
 * escape them, up to what the model keeps (sizeof id - 1 bytes, up to a
 * NUL); when that is not all of CLM01 the claim must count an error.
 */
static void
check_claim(struct wcheck *w, const struct c837_claim *cl)
{
	const struct raw_clm01 *r = NULL;
	const char *nul;
	size_t keep, at;
	char *want, *got, text[4 * RAW_MAX + 8];

	for (unsigned i = 0; i < RAW_SLOTS; i++)
		if (w->raw[i].used && w->raw[i].offset == cl->pos.offset)
			r = &w->raw[i];
	if (!r)
		return;
	keep = r->len < sizeof cl->id - 1 ? r->len : sizeof cl->id - 1;
	if ((nul = memchr(r->bytes, '\0', keep)) != NULL)
		keep = (size_t)(nul - r->bytes);
	if (keep != r->len && cl->errors == 0)
		fail("claim id cut, and the claim has no error", r, cl->id);

	/* JSON: the first "id" of the line is the claim's */
	at = w->jlen;
	json_claim(w->js, &w->json, cl);
	fflush(w->js);
	got = strstr(w->jbuf + at, ",\"id\":");
	want = json_of(r->bytes, keep);
	if (!got || strncmp(got + 6, want, strlen(want)) != 0 || got[6 + strlen(want)] != ',')
		fail("JSON id is not the input bytes", r, got ? got : w->jbuf + at);
	free(want);

	/* text: "claim ID  837P ..." */
	at = w->tlen;
	text_claim(w->text, cl);
	fflush(w->text);
	text_of(text, sizeof text, r->bytes, keep);
	if (strncmp(w->tbuf + at, "claim ", 6) != 0 || strncmp(w->tbuf + at + 6, text, strlen(text)) != 0 ||
	    strncmp(w->tbuf + at + 6 + strlen(text), "  ", 2) != 0)
		fail("text claim line is not the id's bytes", r, w->tbuf + at);
}

static bool
on_writers(struct wcheck *w, const struct x12_record *rec)
{
	if (rec->type == X12_REC_EVENT) {
		const struct x12_walk_event *ev = rec->event;

		if (ev->type == X12_WALK_SEGMENT && ev->seg && x12_seg_is(ev->seg, "CLM")) {
			struct x12_str v = x12_seg_element(ev->seg, 1);
			struct raw_clm01 *r = &w->raw[w->next++ % RAW_SLOTS];

			r->used = v.len <= RAW_MAX;
			r->offset = ev->seg->offset;
			r->len = v.len;
			if (r->used)
				memcpy(r->bytes, v.ptr, v.len);
			/* the XML keeps it whole when it is one piece */
			if (r->used && v.len && w->nall < 64 && !memchr(v.ptr, ev->seg->delims.component, v.len) &&
			    !(ev->seg->delims.repetition && memchr(v.ptr, ev->seg->delims.repetition, v.len)))
				w->all[w->nall++] = *r;
		}
		xml_tree_event(&w->xml, ev);
	} else if (rec->type == X12_REC_CLAIM) {
		check_claim(w, rec->claim);
	}
	return true;
}

/* Whether XML text of these bytes is the bytes themselves (nothing to escape or re-encode). */
static bool
xml_plain(const struct raw_clm01 *r)
{
	for (size_t i = 0; i < r->len; i++) {
		unsigned char c = (unsigned char)r->bytes[i];

		if (c < 0x20 || c >= 0x7F || c == '&' || c == '<' || c == '>' || c == '"')
			return false;
	}
	return true;
}

static bool
xml_needs_hex(const struct raw_clm01 *r)
{
	for (size_t i = 0; i < r->len;) {
		const unsigned char *p = (const unsigned char *)r->bytes + i;
		size_t k = x12_utf8_len(p, r->len - i);

		if ((*p < 0x20 && *p != '\t') || k == 0)
			return true;
		i += k;
	}
	return false;
}

static void
check_xml(const struct wcheck *w, const char *xml)
{
	for (unsigned i = 0; i < w->nall; i++) {
		const struct raw_clm01 *r = &w->all[i];
		char want[2 * RAW_MAX + 64];
		size_t n;

		if (xml_plain(r)) {
			n = (size_t)snprintf(want, sizeof want, "<element pos=\"1\">%.*s</element>", (int)r->len, r->bytes);
		} else if (xml_needs_hex(r)) {
			n = (size_t)snprintf(want, sizeof want, "<element pos=\"1\" hex=\"");
			for (size_t k = 0; k < r->len; k++)
				n += (size_t)snprintf(want + n, sizeof want - n, "%02X", (unsigned char)r->bytes[k]);
			want[n++] = '"';
			want[n] = '\0';
		} else {
			continue; /* escaped or re-encoded text, exact either way */
		}
		if (!strstr(xml, want))
			fail("XML does not carry CLM01 exactly", r, want);
	}
}

/* The writers of `remedi parse` over the input, checked against its bytes. */
static void
run_writers(struct x12_records *rs, const uint8_t *data, size_t size)
{
	static struct wcheck w;
	xmlBufferPtr xb = xmlBufferCreate();
	struct x12_record rec;
	enum x12_status st;

	memset(&w, 0, sizeof w);
	w.json.path = "fuzz";
	w.js = open_memstream(&w.jbuf, &w.jlen);
	w.text = open_memstream(&w.tbuf, &w.tlen);
	w.xml.xw = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	if (!w.js || !w.text || !w.xml.xw)
		abort();
	xmlTextWriterStartDocument(w.xml.xw, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w.xml.xw, BAD_CAST "x12");
	xmlTextWriterStartElement(w.xml.xw, BAD_CAST "file");
	x12_records_reset(rs);
	x12_records_feed(rs, (const char *)data, size, true);
	while ((st = x12_records_next(rs, &rec)) == X12_EVENT)
		on_writers(&w, &rec);
	xml_tree_close_interchange(&w.xml);
	xmlTextWriterEndDocument(w.xml.xw);
	xmlFreeTextWriter(w.xml.xw);
	if (w.xml.failed) {
		fprintf(stderr, "fuzz-x12: the XML writer failed\n");
		abort();
	}
	check_xml(&w, (const char *)xmlBufferContent(xb));
	xmlBufferFree(xb);
	fclose(w.js);
	fclose(w.text);
	free(w.jbuf);
	free(w.tbuf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct x12_schemas *schemas;
	static struct x12_records *rs, *rs_events;
	enum x12_status a, b;
	size_t alen, blen;
	char *whole, *chunked;

	if (!schemas) {
		char err[512];

		schemas = tu_schemas_load(NULL, err, sizeof err);
		rs = schemas ? x12_records_new(schemas, NULL) : NULL;
		rs_events = schemas ? x12_records_new(schemas, &(struct x12_records_options){ .level = 4, .events = true })
				    : NULL;
		if (!rs || !rs_events) {
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
	run_writers(rs_events, data, size);
	return 0;
}
