/*
 * txsdump.c - writes a compiled transaction-set definition as C source
 * (static const tables), for the build tool txsgen.c and for the test that
 * checks the built-in tables against a compile of schemas/ (*.xml).
 *
 * Every field of every table is written, in declaration order, so two
 * definitions are the same exactly when their dumps are the same text.
 * Not part of the library.
 */
#include "txsdump.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

/* A C string literal, or NULL. */
static void
put_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("NULL", f);
		return;
	}
	putc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\%03o", *p);
		else
			putc(*p, f);
	}
	putc('"', f);
}

static void
dump_loops(FILE *f, const struct x12_txset *ts, const char *p)
{
	fprintf(f, "static const struct txs_loop %s_loops[%zu] = {\n", p, ts->nloops ? ts->nloops : 1);
	for (size_t i = 0; i < ts->nloops; i++) {
		const struct txs_loop *l = &ts->loops[i];

		fputs("\t{ .id = ", f);
		put_str(f, l->id);
		fprintf(f, ", .id64 = UINT64_C(%" PRIu64 "), .name = ", l->id64);
		put_str(f, l->name);
		fprintf(f, ",\n\t  .usage = %d, .repeat = %" PRIu32 "u, .children = %" PRIu32 "u, .nchildren = %u,"
			   " .parent = %" PRIu32 "u, .depth = %u,\n\t  .ids = {",
			l->usage, l->repeat, l->children, (unsigned)l->nchildren, l->parent, (unsigned)l->depth);
		bool any = false;

		for (unsigned h = 0; h < TXS_ID_SLOTS; h++)
			if (l->ids[h].id32 || l->ids[h].first) {
				fprintf(f, " [%u] = { %" PRIu32 "u, %u },", h, l->ids[h].id32, (unsigned)l->ids[h].first);
				any = true;
			}
		fputs(any ? " } },\n" : " { 0, 0 } } },\n", f); /* a wide loop: no index */
	}
	if (ts->nloops == 0)
		fputs("\t{ 0 },\n", f); /* ISO C has no empty array */
	fputs("};\n\n", f);
}

static void
dump_segs(FILE *f, const struct x12_txset *ts, const char *p)
{
	fprintf(f, "static const struct txs_segment %s_segs[%zu] = {\n", p, ts->nsegs ? ts->nsegs : 1);
	for (size_t i = 0; i < ts->nsegs; i++) {
		const struct txs_segment *s = &ts->segs[i];

		fputs("\t{ .name = ", f);
		put_str(f, s->name);
		fputs(", .id = ", f);
		put_str(f, s->id);
		fprintf(f, ", .id32 = %" PRIu32 "u, .usage = %d, .key_elem = %u, .key_comp = %u,"
			   " .key_def = %" PRIu32 "u,\n\t  .max = %" PRIu32 "u, .elems = %" PRIu32 "u, .nelems = %u,"
			   " .max_pos = %u, .last_req = %u, .period_pos = %u, .nnotes = %u, .notes = %" PRIu32 "u,\n"
			   "\t  .note_mask = UINT64_C(%" PRIu64 "), .req_mask = UINT64_C(%" PRIu64 "),"
			   " .unused_mask = UINT64_C(%" PRIu64 "), .loop = %" PRIu32 "u },\n",
			s->id32, s->usage, (unsigned)s->key_elem, (unsigned)s->key_comp, s->key_def, s->max, s->elems,
			(unsigned)s->nelems, (unsigned)s->max_pos, (unsigned)s->last_req, (unsigned)s->period_pos,
			(unsigned)s->nnotes, s->notes, s->note_mask, s->req_mask, s->unused_mask, s->loop);
	}
	if (ts->nsegs == 0)
		fputs("\t{ 0 },\n", f); /* ISO C has no empty array */
	fputs("};\n\n", f);
}

static void
dump_elems(FILE *f, const struct x12_txset *ts, const char *p)
{
	fprintf(f, "static const struct txs_element %s_elems[%zu] = {\n", p, ts->nelems ? ts->nelems : 1);
	for (size_t i = 0; i < ts->nelems; i++) {
		const struct txs_element *e = &ts->elems[i];

		fputs("\t{ .name = ", f);
		put_str(f, e->name);
		fputs(", .de = ", f);
		put_str(f, e->de);
		fputs(", .external = ", f);
		put_str(f, e->external);
		fprintf(f, ",\n\t  .pos = %u, .min = %u, .max = %u, .repeat = %" PRIu32 "u, .codes = %" PRIu32 "u,"
			   " .ncodes = %u, .ncomp = %u, .comp = %" PRIu32 "u, .type = %u, .decimals = %u, .usage = %d },\n",
			(unsigned)e->pos, (unsigned)e->min, (unsigned)e->max, e->repeat, e->codes, (unsigned)e->ncodes,
			(unsigned)e->ncomp, e->comp, (unsigned)e->type, (unsigned)e->decimals, e->usage);
	}
	if (ts->nelems == 0)
		fputs("\t{ 0 },\n", f); /* ISO C has no empty array */
	fputs("};\n\n", f);
}

static void
dump_children(FILE *f, const struct x12_txset *ts, const char *p)
{
	fprintf(f, "static const struct txs_child %s_children[%zu] = {\n", p, ts->nchildren ? ts->nchildren : 1);
	for (size_t i = 0; i < ts->nchildren; i++) {
		const struct txs_child *c = &ts->children[i];

		fprintf(f, "\t{ %" PRIu32 "u, %" PRIu32 "u, %s, %u, %u, %u },\n", c->index, c->id32,
			c->is_loop ? "true" : "false", (unsigned)c->run, (unsigned)c->next_req, (unsigned)c->next_same);
	}
	if (ts->nchildren == 0)
		fputs("\t{ 0 },\n", f); /* ISO C has no empty array */
	fputs("};\n\n", f);
}

static void
dump_codes(FILE *f, const struct x12_txset *ts, const char *p)
{
	size_t n = ts->ncodes ? ts->ncodes : 1;

	fprintf(f, "static const char *const %s_codes[%zu] = {\n", p, n);
	if (ts->ncodes == 0)
		fputs("\tNULL,", f);
	for (size_t i = 0; i < ts->ncodes; i++) {
		putc('\t', f);
		put_str(f, ts->codes[i]);
		fputs(",\n", f);
	}
	fprintf(f, "};\n\nstatic const uint8_t %s_code_len[%zu] = {", p, n);
	for (size_t i = 0; i < ts->ncodes; i++)
		fprintf(f, "%s%u,", i % 16 ? " " : "\n\t", (unsigned)ts->code_len[i]);
	if (ts->ncodes == 0)
		fputs(" 0,", f);
	fprintf(f, "\n};\n\nstatic const uint64_t %s_code64[%zu] = {\n", p, n);
	if (ts->ncodes == 0)
		fputs("\t0,\n", f);
	for (size_t i = 0; i < ts->ncodes; i++)
		fprintf(f, "\tUINT64_C(%" PRIu64 "),\n", ts->code64[i]);
	fputs("};\n\n", f);
}

static void
dump_notes(FILE *f, const struct x12_txset *ts, const char *p)
{
	fprintf(f, "static const struct txs_note %s_notes[%zu] = {\n", p, ts->nnotes ? ts->nnotes : 1);
	for (size_t i = 0; i < ts->nnotes; i++) {
		const struct txs_note *n = &ts->notes[i];

		fprintf(f, "\t{ UINT64_C(%" PRIu64 "), ", n->mask);
		put_str(f, n->text);
		fprintf(f, ", %u, %u },\n", (unsigned)n->type, (unsigned)n->first);
	}
	if (ts->nnotes == 0)
		fputs("\t{ 0 },\n", f); /* ISO C has no empty array */
	fputs("};\n\n", f);
}

void
txs_dump_c(FILE *f, const struct x12_txset *ts, const char *p)
{
	size_t na = 0;

	dump_loops(f, ts, p);
	dump_segs(f, ts, p);
	dump_elems(f, ts, p);
	dump_children(f, ts, p);
	dump_codes(f, ts, p);
	dump_notes(f, ts, p);
	fprintf(f, "static const char *%s_aliases[] = {", p);
	for (const char **a = ts->aliases; a && *a; a++, na++) {
		putc(' ', f);
		put_str(f, *a);
		putc(',', f);
	}
	fputs(" NULL };\n\n", f);
	fprintf(f, "static const struct x12_txset %s = {\n\t.id = ", p);
	put_str(f, ts->id);
	fputs(", .st01 = ", f);
	put_str(f, ts->st01);
	fputs(", .guide = ", f);
	put_str(f, ts->guide);
	fputs(", .name = ", f);
	put_str(f, ts->name);
	fprintf(f, ",\n\t.aliases = %s_aliases,\n", p);
	fprintf(f, "\t.loops = %s_loops, .nloops = %zu,\n", p, ts->nloops);
	fprintf(f, "\t.segs = %s_segs, .nsegs = %zu,\n", p, ts->nsegs);
	fprintf(f, "\t.elems = %s_elems, .nelems = %zu,\n", p, ts->nelems);
	fprintf(f, "\t.children = %s_children, .nchildren = %zu,\n", p, ts->nchildren);
	fprintf(f, "\t.codes = %s_codes, .code_len = %s_code_len, .code64 = %s_code64, .ncodes = %zu,\n", p, p, p,
		ts->ncodes);
	fprintf(f, "\t.notes = %s_notes, .nnotes = %zu,\n", p, ts->nnotes);
	fprintf(f, "\t.max_children = %u, .max_depth = %u,\n};\n\n", (unsigned)ts->max_children,
		(unsigned)ts->max_depth);
}
