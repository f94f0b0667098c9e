/*
 * cmd_check.c - `remedi check`: the claim scrubber.  SNIP 1-4 diagnostics
 * of the record stream and the oncology rule findings (edits/) in one
 * stream, grouped by claim for people, or as JSON Lines, CSV or SARIF 2.1.0.
 *
 * Diagnostics come before the claim they are about (the record stream hands
 * a claim out when its 2300 loop closes), so they wait in a small buffer:
 * when the claim comes, those at or after its CLM join it (with the LX of
 * the line they fall in); the others are reported on their own.  A SNIP
 * result the catalogue names (X12-701, X12-801) is left to its rule when
 * that rule ran on the claim, so it is reported once, under the catalogue id.
 *
 * The edits report a claim when its encounter group closes (edits.h): at the
 * next claim of another patient, or at the end of its transaction set.  So
 * what is printed waits in a queue in file order (claims with their items,
 * and the diagnostics between them) and leaves it as the engine finishes
 * the claims; the output is in file order as if every claim were judged at
 * once.  The queue holds one group: a few claims.
 */
#include "batch.h"
#include "codes.h"
#include "commands.h"
#include "common.h"
#include "db.h"
#include "edits.h"
#include "input.h"
#include "config.h"
#include "fastio.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum fmt { F_TEXT, F_JSON, F_CSV, F_SARIF };

/* One reported item: a SNIP diagnostic or a rule finding. */
struct item {
	char rule[16];              /* ONC-... or X12-nnn */
	int rule_index;             /* edits registry index, -1 for a diagnostic */
	enum x12_severity severity;
	char claim[39];             /* "" when not inside a claim */
	uint32_t line;              /* 0: claim level or none */
	char procedure[49];
	struct x12_pos pos;
	char msg[192];
	uint64_t text_line, text_col; /* SARIF: 1-based line and column of the offset, 0 unknown */
};

#define PENDING_MAX 256
#define QUEUE_DIAGS_MAX 4096    /* diagnostics waiting behind a held claim before the group is closed early */

/* What waits for the engine: a claim with its items, or a diagnostic outside any claim. */
struct qent {
	uint64_t seq;               /* the claim's ordinal in the engine; 0: the diagnostic diag */
	struct x12_error diag;
	char id[39];                /* the claim's CLM01 and CLM mark, for its heading */
	struct x12_pos pos;
	struct item *items;         /* its diagnostics, then its findings (the array is kept for reuse) */
	size_t n, cap;
};

/* A second reader of the file for SARIF line numbers (see locate()). */
struct locator {
	struct x12_input *in;
	const char *buf;
	size_t len, pos;
	uint64_t off, line, col;
	bool failed;
};


struct check_ctx {
	const char *path;
	FILE *out;                  /* stdout, or the file's spool under -j */
	/* --record: the store the checked claims are recorded in as sent */
	struct store *st;
	struct cli_sent sent;
	enum fmt fmt;
	struct edits *edits;
	bool quiet;
	/* diagnostics waiting for their claim */
	struct x12_error pending[PENDING_MAX];
	unsigned npending;
	/* output waiting for the engine to finish its claims, in file order */
	struct qent *q;
	size_t nq, capq, nqdiags;
	/* SARIF: the items of the claim (or of the diagnostics between claims), written after it */
	struct item *items;
	struct item **sorted;       /* the same, by offset */
	size_t nitems, capitems;
	struct locator loc;         /* SARIF line numbers */
	bool oom;
	bool ended;
	bool sarif_first;           /* no result written yet in the run */
	unsigned long counts[3];    /* errors, warnings, infos in the file */
	unsigned long claims;
	struct x12_end_info end;
};

static const char *const sev_name[] = { "error", "warning", "info" };

static void sarif_results(struct check_ctx *c);

/* ------------------------------------------------------------------ writers */

static void
csv_field(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

static const char *
fix_of(const struct item *it)
{
	unsigned n;

	return it->rule_index >= 0 ? edits_rules(&n)[it->rule_index].fix : "";
}

static void
write_json(FILE *f, const char *path, const struct item *it)
{
	unsigned n;

	fputs("{\"file\":", f);
	cli_json_str(f, path);
	fputs(",\"rule\":", f);
	cli_json_str(f, it->rule);
	fprintf(f, ",\"severity\":\"%s\",\"claim\":", sev_name[it->severity]);
	if (it->claim[0])
		cli_json_str(f, it->claim);
	else
		fputs("null", f);
	if (it->line)
		fprintf(f, ",\"line\":%u", it->line);
	else
		fputs(",\"line\":null", f);
	fputs(",\"procedure\":", f);
	cli_json_str(f, it->procedure);
	fprintf(f, ",\"segment\":%llu,\"segment_id\":", (unsigned long long)it->pos.segment);
	cli_json_str(f, it->pos.seg_id);
	fprintf(f, ",\"element\":%u,\"loop\":", (unsigned)it->pos.element);
	cli_json_str(f, it->pos.loop_id);
	fprintf(f, ",\"offset\":%llu,\"message\":", (unsigned long long)it->pos.offset);
	cli_json_str(f, it->msg);
	fputs(",\"fix\":", f);
	cli_json_str(f, fix_of(it));
	fputs(",\"reference\":", f);
	cli_json_str(f, it->rule_index >= 0 ? edits_rules(&n)[it->rule_index].reference : "");
	fputs("}\n", f);
}

static void
write_csv(FILE *f, const char *path, const struct item *it)
{
	char line[16];

	snprintf(line, sizeof line, "%u", it->line);
	csv_field(f, path);
	putc(',', f);
	csv_field(f, it->rule);
	fprintf(f, ",%s,", sev_name[it->severity]);
	csv_field(f, it->claim);
	putc(',', f);
	csv_field(f, it->line ? line : "");
	putc(',', f);
	csv_field(f, it->procedure);
	fprintf(f, ",%llu,%llu,", (unsigned long long)it->pos.segment, (unsigned long long)it->pos.offset);
	csv_field(f, it->msg);
	putc(',', f);
	csv_field(f, fix_of(it));
	putc('\n', f);
}

/*
 * A text row is built in a buffer and written with one fwrite: a finding per
 * claim or more is common, and seven fprintf calls a row were a tenth of
 * `check`'s time.  The buffer spills to the stream when full, so any length
 * is written whole.
 */
struct row {
	FILE *f;
	size_t n;
	char b[512];
};

/* the slow path of row_put: fill, write, go on */
static void
row_spill(struct row *r, const char *s, size_t len)
{
	while (len) {
		size_t room = sizeof r->b - r->n, k = len < room ? len : room;

		memcpy(r->b + r->n, s, k);
		r->n += k;
		s += k;
		len -= k;
		if (r->n == sizeof r->b) {
			fwrite_unlocked(r->b, 1, r->n, r->f);
			r->n = 0;
		}
	}
}

static inline void
row_put(struct row *r, const char *s, size_t len)
{
	if (len > sizeof r->b - r->n) {
		row_spill(r, s, len);
		return;
	}
	memcpy(r->b + r->n, s, len);
	r->n += len;
}

/* s left-justified in width columns, like "%-*s" */
static void
row_pad(struct row *r, const char *s, size_t width)
{
	static const char spaces[] = "                ";
	size_t len = strlen(s);

	row_put(r, s, len);
	for (; len < width; len += sizeof spaces - 1)
		row_put(r, spaces, width - len < sizeof spaces - 1 ? width - len : sizeof spaces - 1);
}

static void
row_u64(struct row *r, unsigned long long v)
{
	char d[24];
	size_t i = sizeof d;

	do
		d[--i] = (char)('0' + v % 10);
	while (v /= 10);
	row_put(r, d + i, sizeof d - i);
}

/* One row of the text report: LX, procedure, rule, severity, message, position; the fix below it. */
static void
text_row(FILE *f, const struct item *it)
{
	struct row r = { .f = f };
	const char *fix = fix_of(it);

	row_put(&r, "  ", 2);
	if (it->line) {
		char lx[12];
		int n = snprintf(lx, sizeof lx, "%u", it->line);

		row_put(&r, lx, (size_t)n);
		for (; n < 5; n++)
			row_put(&r, " ", 1);
	} else {
		row_pad(&r, "-", 5);
	}
	row_put(&r, " ", 1);
	row_pad(&r, it->procedure[0] ? it->procedure : "-", 6);
	row_put(&r, " ", 1);
	row_pad(&r, it->rule, 14);
	row_put(&r, " ", 1);
	row_pad(&r, sev_name[it->severity], 8);
	row_put(&r, " ", 1);
	row_put(&r, it->msg, strlen(it->msg));
	if (it->pos.segment) {
		row_put(&r, " (segment ", 10);
		row_u64(&r, (unsigned long long)it->pos.segment);
		if (it->pos.seg_id[0]) {
			row_put(&r, ", ", 2);
			row_put(&r, it->pos.seg_id, strlen(it->pos.seg_id));
		}
		row_put(&r, ", byte ", 7);
		row_u64(&r, (unsigned long long)it->pos.offset);
		row_put(&r, ")", 1);
	}
	row_put(&r, "\n", 1);
	if (fix[0]) {
		row_put(&r, "               fix: ", 20);
		row_put(&r, fix, strlen(fix));
		row_put(&r, "\n", 1);
	}
	fwrite_unlocked(r.b, 1, r.n, f);
}

static void
keep_item(struct check_ctx *c, const struct item *it)
{
	if (c->nitems == c->capitems) {
		size_t cap = c->capitems ? c->capitems * 2 : 256;
		struct item *p = realloc(c->items, cap * sizeof *p);
		struct item **q;

		if (p)
			c->items = p;
		q = p ? realloc(c->sorted, cap * sizeof *q) : NULL;
		if (!q) {
			c->oom = true;
			return;
		}
		c->sorted = q;
		c->capitems = cap;
	}
	c->items[c->nitems++] = *it;
}

static void
report(struct check_ctx *c, const struct item *it)
{
	c->counts[it->severity]++;
	switch (c->fmt) {
	case F_JSON: write_json(c->out, c->path, it); break;
	case F_CSV: write_csv(c->out, c->path, it); break;
	case F_SARIF: keep_item(c, it); break;
	case F_TEXT: text_row(c->out, it); break;
	}
}

/* ------------------------------------------------------------------ records */

/* snprintf(dst, size, "%s", src) without the format parser */
static void
copy_str(char *dst, size_t size, const char *src)
{
	x12_str_copy(dst, size, (struct x12_str){ src, strnlen(src, size - 1) });
}

static void
diag_item(struct item *it, const struct x12_error *e, const struct c837_claim *claim)
{
	memset(it, 0, sizeof *it);
	copy_str(it->rule, sizeof it->rule, x12_code_label(e->code));
	it->rule_index = -1;
	it->severity = x12_code_info(e->code)->severity;
	it->pos = e->pos;
	copy_str(it->msg, sizeof it->msg, e->msg);
	if (!claim)
		return;
	memcpy(it->claim, claim->id, sizeof it->claim);
	for (unsigned i = 0; i < claim->nlines; i++)
		if (claim->lines[i].lx_pos.segment && claim->lines[i].lx_pos.offset <= e->pos.offset) {
			it->line = claim->lines[i].lx;
			copy_str(it->procedure, sizeof it->procedure, claim->lines[i].code);
		}
}

/* A diagnostic outside any claim, as it is printed. */
static void
print_diag(struct check_ctx *c, const struct x12_error *e)
{
	struct item it;

	diag_item(&it, e, NULL);
	if (c->fmt == F_TEXT) {
		cli_print_diag(c->out, c->path, e);
		c->counts[it.severity]++;
	} else {
		report(c, &it);
	}
}

/* Text: the heading of a claim's group, before its first item. */
static void
claim_header(const struct check_ctx *c, const struct qent *q)
{
	struct row r = { .f = c->out };

	if (c->fmt != F_TEXT)
		return;
	row_put(&r, c->path, strlen(c->path));
	row_put(&r, ": claim ", 8);
	row_put(&r, q->id, strlen(q->id));
	row_put(&r, " (CLM at segment ", 17);
	row_u64(&r, (unsigned long long)q->pos.segment);
	row_put(&r, ", byte ", 7);
	row_u64(&r, (unsigned long long)q->pos.offset);
	row_put(&r, ")\n", 2);
	fwrite_unlocked(r.b, 1, r.n, c->out);
}

/* SARIF writes the diagnostics between two claims, and each claim's items, sorted by offset. */
static void
print_entry(struct check_ctx *c, const struct qent *q)
{
	if (!q->seq) {
		print_diag(c, &q->diag);
		return;
	}
	if (c->fmt == F_SARIF)
		sarif_results(c);
	if (q->n)
		claim_header(c, q);
	for (size_t i = 0; i < q->n; i++)
		report(c, &q->items[i]);
	if (c->fmt == F_SARIF)
		sarif_results(c);
}

/* A new entry at the end of the queue (its item array reused); NULL when out of memory. */
static struct qent *
q_push(struct check_ctx *c)
{
	struct qent *q;

	if (c->nq == c->capq) {
		size_t cap = c->capq ? c->capq * 2 : 16;
		struct qent *p = realloc(c->q, cap * sizeof *p);

		if (!p) {
			c->oom = true;
			return NULL;
		}
		memset(p + c->capq, 0, (cap - c->capq) * sizeof *p);
		c->q = p;
		c->capq = cap;
	}
	q = &c->q[c->nq++];
	q->n = 0;
	return q;
}

static void
q_item(struct check_ctx *c, struct qent *q, const struct item *it)
{
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 8;
		struct item *p = realloc(q->items, cap * sizeof *p);

		if (!p) {
			c->oom = true;
			return;
		}
		q->items = p;
		q->cap = cap;
	}
	q->items[q->n++] = *it;
}

/* Prints the entries the engine is done with, from the front; all of them when all is set. */
static void
q_release(struct check_ctx *c, bool all)
{
	uint64_t done = edits_done(c->edits);
	size_t k = 0;

	while (k < c->nq && (all || c->q[k].seq <= done)) {
		print_entry(c, &c->q[k]);
		if (!c->q[k].seq)
			c->nqdiags--;
		k++;
	}
	if (c->fmt == F_SARIF)
		sarif_results(c);
	if (!k)
		return;
	/* the held claims move to the front; the printed entries' arrays go to the back for reuse */
	for (size_t i = k; i < c->nq; i++) {
		struct qent t = c->q[i - k];

		c->q[i - k] = c->q[i];
		c->q[i] = t;
	}
	c->nq -= k;
}

/* The engine's findings into the entries of their claims. */
static void
q_findings(struct check_ctx *c)
{
	struct edits_finding f;

	while (edits_next(c->edits, &f)) {
		struct item it;
		size_t i = c->nq;

		while (i > 0 && c->q[i - 1].seq != f.claim_seq)
			i--;
		if (!i)
			continue; /* its entry could not be kept (out of memory, reported) */
		memset(&it, 0, sizeof it);
		memcpy(it.rule, f.rule_id, sizeof it.rule);
		it.rule_index = (int)f.rule;
		it.severity = f.severity;
		memcpy(it.claim, f.claim, sizeof it.claim);
		it.line = f.line;
		memcpy(it.procedure, f.procedure, sizeof it.procedure);
		it.pos = f.pos;
		memcpy(it.msg, f.msg, sizeof it.msg);
		q_item(c, &c->q[i - 1], &it);
	}
}

/* Closes the engine's group and prints everything waiting (end of a transaction set or file). */
static void
q_flush(struct check_ctx *c)
{
	edits_flush(c->edits);
	q_findings(c);
	q_release(c, true);
}

/* A diagnostic outside any claim: printed now, or queued behind the claims the engine holds. */
static void
q_diag(struct check_ctx *c, const struct x12_error *e)
{
	struct qent *q;

	if (!c->nq) {
		print_diag(c, e);
		return;
	}
	if (c->nqdiags == QUEUE_DIAGS_MAX)
		q_flush(c);
	if (!c->nq || !(q = q_push(c))) {
		print_diag(c, e);
		return;
	}
	q->seq = 0;
	q->diag = *e;
	c->nqdiags++;
}

/*
 * Reports the waiting diagnostics on their own, except (when claim is
 * given) those at or after its CLM, which stay to be reported with it.
 */
static void
flush_pending(struct check_ctx *c, const struct c837_claim *claim)
{
	unsigned keep = 0;

	for (unsigned i = 0; i < c->npending; i++) {
		const struct x12_error *e = &c->pending[i];

		if (claim && e->pos.offset >= claim->pos.offset)
			c->pending[keep++] = *e;
		else
			q_diag(c, e);
	}
	c->npending = keep;
	if (c->fmt == F_SARIF && !c->nq)
		sarif_results(c);
}

static void
on_claim(struct check_ctx *c, const struct c837_claim *claim)
{
	uint64_t seq;
	struct qent *q;

	c->claims++;
	flush_pending(c, claim);
	seq = edits_claim(c->edits, claim);
	/* the claim's own diagnostics first; its rule findings join them when the engine is done with it */
	if ((q = q_push(c))) {
		q->seq = seq;
		memcpy(q->id, claim->id, sizeof q->id);
		q->pos = claim->pos;
		for (unsigned i = 0; i < c->npending; i++) {
			struct item it;

			if (edits_supersedes(c->edits, c->pending[i].code) >= 0)
				continue; /* its rule reported it, under the catalogue id */
			diag_item(&it, &c->pending[i], claim);
			q_item(c, q, &it);
		}
	}
	c->npending = 0;
	q_findings(c);
	q_release(c, false);
}

static bool
on_record(void *ctx, const struct x12_record *rec)
{
	struct check_ctx *c = ctx;

	switch (rec->type) {
	case X12_REC_DIAG: {
		const struct x12_error *e = rec->diag;

		if (x12_code_info(e->code)->severity == X12_SEV_INFO)
			return true;
		if (c->npending == PENDING_MAX)
			flush_pending(c, NULL);
		c->pending[c->npending++] = *e;
		return true;
	}
	case X12_REC_CLAIM:
		on_claim(c, rec->claim);
		return true;
	case X12_REC_TXN_END:
	case X12_REC_INTERCHANGE_END:
		q_flush(c);
		flush_pending(c, NULL);
		return true;
	case X12_REC_END:
		q_flush(c);
		flush_pending(c, NULL);
		c->end = *rec->end;
		c->ended = true;
		return true;
	default:
		return true;
	}
}

/* --record: the check's records, and the same recording step as remedi submit. */
static bool
on_record_sent(void *ctx, const struct x12_record *rec)
{
	struct check_ctx *c = ctx;

	on_record(c, rec);
	return cli_record_sent(c->st, &c->sent, rec);
}

/* ------------------------------------------------------------------ SARIF */

static int
cmp_offset(const void *a, const void *b)
{
	const struct item *x = *(const struct item *const *)a, *y = *(const struct item *const *)b;

	return (x->pos.offset > y->pos.offset) - (x->pos.offset < y->pos.offset);
}

/*
 * SARIF wants a line and column: a second reader of the same file walks
 * forward to each offset, once per file (items come claim by claim, in
 * file order; a claim's few items are sorted first).  Not for stdin.
 */

static void
locator_close(struct locator *l)
{
	if (l->in)
		x12_input_close(l->in);
	memset(l, 0, sizeof *l);
}

/* 1-based line and column of offset; false when unknown. */
static bool
locate(struct locator *l, const char *path, uint64_t offset, uint64_t *line, uint64_t *col)
{
	struct x12_error err;
	bool final = false;

	if (l->failed || strcmp(path, "-") == 0)
		return false;
	if (l->in && offset < l->off)
		locator_close(l); /* behind us (rare): start again */
	if (!l->in) {
		if (x12_input_open(path, NULL, &l->in, &err) != X12_OK) {
			l->in = NULL;
			l->failed = true;
			return false;
		}
		l->line = l->col = 1;
	}
	while (l->off < offset) {
		if (l->pos == l->len) {
			l->pos = l->len = 0;
			if (x12_input_read(l->in, &l->buf, &l->len, &final, &err) != X12_OK || l->len == 0)
				return false;
			continue;
		}
		if (l->buf[l->pos++] == '\n')
			l->line++, l->col = 1;
		else
			l->col++;
		l->off++;
	}
	*line = l->line;
	*col = l->col;
	return true;
}

static void
sarif_begin(const struct edits_pack *pack)
{
	unsigned n;
	const struct edits_rule_info *reg = edits_rules(&n);
	size_t ncodes;
	const struct x12_code_info *codes = x12_code_list(&ncodes);
	bool first = true;

	printf("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
	       "\"tool\":{\"driver\":{\"name\":\"remedi\",\"version\":\"%s\",\"informationUri\":"
	       "\"https://github.com/remedi/remedi\",\"rules\":[", REMEDI_VERSION);
	for (unsigned i = 0; i < n; i++) {
		enum x12_severity sev;

		if (!edits_pack_rule(pack, i, 0, &sev))
			continue;
		printf("%s{\"id\":", first ? "" : ",");
		cli_json_str(stdout, reg[i].id);
		fputs(",\"shortDescription\":{\"text\":", stdout);
		cli_json_str(stdout, reg[i].title);
		fputs("},\"help\":{\"text\":", stdout);
		cli_json_str(stdout, reg[i].fix);
		printf("},\"defaultConfiguration\":{\"level\":\"%s\"},\"properties\":{\"reference\":",
		       sev == X12_SEV_ERROR ? "error" : sev == X12_SEV_WARNING ? "warning" : "note");
		cli_json_str(stdout, reg[i].reference);
		fputs("}}", stdout);
		first = false;
	}
	for (size_t i = 0; i < ncodes; i++) {
		if (!codes[i].snip)
			continue;
		printf("%s{\"id\":\"%s\",\"name\":\"%s\",\"shortDescription\":{\"text\":", first ? "" : ",",
		       x12_code_label(codes[i].code), codes[i].slug);
		cli_json_str(stdout, codes[i].summary);
		printf("},\"defaultConfiguration\":{\"level\":\"%s\"},\"properties\":{\"snip\":%u}}",
		       codes[i].severity == X12_SEV_ERROR ? "error" : codes[i].severity == X12_SEV_WARNING ? "warning" : "note",
		       codes[i].snip);
		first = false;
	}
	fputs("]}},\"results\":[", stdout);
}

/* Writes the SARIF results kept so far (one claim's, or the diagnostics between claims). */
static void
sarif_results(struct check_ctx *c)
{
	if (!c->nitems)
		return;
	/* locate in offset order, so the forward reader never goes back */
	for (size_t i = 0; i < c->nitems; i++)
		c->sorted[i] = &c->items[i];
	qsort(c->sorted, c->nitems, sizeof *c->sorted, cmp_offset);
	for (size_t i = 0; i < c->nitems; i++) {
		struct item *it = c->sorted[i];

		if (!locate(&c->loc, c->path, it->pos.offset, &it->text_line, &it->text_col))
			it->text_line = it->text_col = 0;
	}
	for (size_t i = 0; i < c->nitems; i++) {
		const struct item *it = &c->items[i];

		fprintf(c->out, "%s{\"ruleId\":", c->sarif_first ? "" : ",");
		c->sarif_first = false;
		cli_json_str(c->out, it->rule);
		fprintf(c->out, ",\"level\":\"%s\",\"message\":{\"text\":",
		        it->severity == X12_SEV_ERROR ? "error" : it->severity == X12_SEV_WARNING ? "warning" : "note");
		cli_json_str(c->out, it->msg);
		fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", c->out);
		cli_json_str(c->out, strcmp(c->path, "-") == 0 ? "stdin" : c->path);
		fprintf(c->out, "},\"region\":{\"byteOffset\":%llu", (unsigned long long)it->pos.offset);
		if (it->text_line)
			fprintf(c->out, ",\"startLine\":%llu,\"startColumn\":%llu", (unsigned long long)it->text_line,
			        (unsigned long long)it->text_col);
		fputs("}}", c->out);
		if (it->claim[0]) {
			fputs(",\"logicalLocations\":[{\"kind\":\"object\",\"fullyQualifiedName\":", c->out);
			char name[64];

			if (it->line)
				snprintf(name, sizeof name, "claim %s line %u", it->claim, it->line);
			else
				snprintf(name, sizeof name, "claim %s", it->claim);
			cli_json_str(c->out, name);
			fputs("}]", c->out);
		}
		fprintf(c->out, "}],\"properties\":{\"segment\":%llu,\"segmentId\":", (unsigned long long)it->pos.segment);
		cli_json_str(c->out, it->pos.seg_id);
		fputs(",\"claim\":", c->out);
		cli_json_str(c->out, it->claim);
		fputs(",\"fix\":", c->out);
		cli_json_str(c->out, fix_of(it));
		fputs("}}", c->out);
	}
	c->nitems = 0;
}

/* ------------------------------------------------------------------ command */

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi check [options] FILE...\n"
		"\n"
		"Scrubs 837P/837I claim files (plain or gzip, '-' = stdin) before they are\n"
		"sent: the SNIP 1-4 checks of 'remedi validate' and the oncology rules\n"
		"('remedi rules' lists them) in one stream, grouped by claim: claim id,\n"
		"line (LX), procedure, rule, severity, message and fix.\n"
		"\n"
		"  --format FMT      text (default), json (JSON Lines: rule, severity, claim,\n"
		"                    line, segment, offset, message, fix ...), csv (the same\n"
		"                    columns with a header row) or sarif (SARIF 2.1.0)\n"
		"  --fail-on LEVEL   error (default), warning or info: the lowest severity\n"
		"                    that makes the exit status 1\n"
		"  --rules FILE      a rule pack (XML, schemas/rules/rulepack.xsd) replacing\n"
		"                    the built-in one\n"
		"  --ptp FILE        NCCI procedure-to-procedure edits (CMS tab-delimited layout)\n"
		"  --mue FILE        medically unlikely edits (CMS CSV layout)\n"
		"  --crosswalk FILE  ASP NDC-HCPCS crosswalk (CSV, header found by name)\n"
		"  --db PATH         the claim store: its imported code sets ('remedi codes\n"
		"                    import') replace the seeds, each line judged by the\n"
		"                    version in force on its date of service; --ptp, --mue\n"
		"                    and --crosswalk files still replace their table\n"
		"  --record          also record the checked claims as sent, as 'remedi submit'\n"
		"                    does (in --db, else $REMEDI_DB, else remedi.db), one\n"
		"                    transaction per file, one file at a time (-j 1); what\n"
		"                    was recorded goes to stderr\n"
		"  --date CCYYMMDD   with --record: the day the claims were sent (default today)\n"
		"  --schema-dir DIR  transaction-set definitions from DIR (also $REMEDI_SCHEMA_DIR)\n"
		"  -q, --quiet       text: no summary line per file\n"
		CLI_BATCH_HELP_JOBS
		"                    (sarif: one document, the files in turn)\n"
		"  -h, --help        this text\n"
		"\n"
		CLI_BATCH_HELP_FILES
		"\n"
		"The code tables built in (HCPCS with dates, ICD-10-CM FY2026, drug and\n"
		"administration classes, add-on codes) need no set-up; PTP, MUE and the\n"
		"crosswalk are licensed or large files you supply (as files, or imported\n"
		"into the store once and used with --db).\n"
		"\n"
		"exit status: 0 clean, 1 findings at or above --fail-on, 2 a file is\n"
		"unreadable or not X12, 3 usage error (or a broken rule pack or table),\n"
		"4 internal or database error.\n");
}

static void
summary(const struct check_ctx *c)
{
	fprintf(c->out, "%s: %lu claim%s; %lu error%s, %lu warning%s, %lu info\n", c->path, c->claims, c->claims == 1 ? "" : "s",
		c->counts[0], c->counts[0] == 1 ? "" : "s", c->counts[1], c->counts[1] == 1 ? "" : "s", c->counts[2]);
}

static int
load_table(struct edits_tables *t, enum edits_table_kind kind, const char *path)
{
	struct edits_error err;

	if (!path || edits_tables_load(t, kind, path, &err))
		return EXIT_CLEAN;
	if (err.line)
		fprintf(stderr, "remedi check: %s:%lu: %s\n", err.file, err.line, err.msg);
	else
		fprintf(stderr, "remedi check: %s: %s\n", err.file, err.msg);
	return EXIT_USAGE;
}

/* What every file of the run shares; read-only while the files run. */
struct check_cmd {
	enum fmt fmt;
	int fail_on;
	bool quiet;
	struct x12_schemas *schemas;
	const struct edits_tables *tables;
	const struct edits_pack *pack;
	/* --record (one file at a time: one store handle) */
	struct store *st;
	bool record;
	int32_t date;
	bool store_failed;         /* a database error: nothing more is recorded */
};

/* A worker: its record stream and its engine; its SARIF state lasts the run (-j 1). */
struct check_worker {
	struct x12_records *rs;
	struct check_ctx c;
};

static void
check_worker_free(void *worker)
{
	struct check_worker *w = worker;

	if (!w)
		return;
	edits_free(w->c.edits);
	for (size_t i = 0; i < w->c.capq; i++)
		free(w->c.q[i].items);
	free(w->c.q);
	free(w->c.items);
	free(w->c.sorted);
	x12_records_free(w->rs);
	free(w);
}

static void *
check_worker_new(void *cmd)
{
	struct check_cmd *k = cmd;
	struct check_worker *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	w->rs = x12_records_new(k->schemas, &(struct x12_records_options){ .level = 4 });
	w->c.edits = edits_new(k->tables, k->pack);
	w->c.sarif_first = true;
	if (!w->rs || !w->c.edits) {
		check_worker_free(w);
		return NULL;
	}
	return w;
}

/* The summary fields of a file from its context. */
static void
check_fill(const struct check_cmd *k, const struct check_ctx *c, const struct cli_file_result *res, FILE *err,
	   struct cli_file_summary *s)
{
	bool fails = false;

	for (int i = 0; i <= k->fail_on; i++)
		fails |= c->counts[i] != 0;
	s->bytes = res->bytes;
	s->interchanges = c->end.stats.interchanges;
	s->groups = c->end.stats.groups;
	s->sets_rejected = c->end.rejected_sets;
	s->sets_accepted = c->end.sets - c->end.rejected_sets;
	s->claims = c->end.claims;
	s->payments = c->end.payments;
	s->errors = c->counts[X12_SEV_ERROR];
	s->warnings = c->counts[X12_SEV_WARNING];
	if (c->oom) {
		fprintf(err, "remedi check: %s: out of memory: some findings could not be kept\n", c->path);
		s->status = EXIT_INTERNAL;
	} else {
		s->status = k->store_failed ? EXIT_INTERNAL : res->fatal ? EXIT_BAD_INPUT : fails ? EXIT_FINDINGS : EXIT_CLEAN;
	}
}

/* After the records of a whole file: what is pending, the fatal error, the summary line. */
static void
check_end(struct check_cmd *k, struct check_ctx *c, struct x12_records *rs, const struct cli_file_result *res,
	  FILE *err, struct cli_file_summary *s)
{
	q_flush(c);
	flush_pending(c, NULL);
	c->oom |= edits_oom(c->edits);
	if (res->fatal) {
		struct item it;

		diag_item(&it, &res->fatal_err, NULL);
		if (c->fmt == F_TEXT)
			cli_print_diag(c->out, c->path, &res->fatal_err);
		else
			report(c, &it);
	}
	if (c->fmt == F_SARIF)
		sarif_results(c);
	locator_close(&c->loc);
	if (c->fmt == F_TEXT && !c->quiet)
		summary(c);
	if (!c->ended)
		x12_records_progress(rs, &c->end);
	check_fill(k, c, res, err, s);
}

/* A worker's context at the start of a file or of a part of one. */
static void
ctx_start(struct check_ctx *c, const struct check_cmd *k, const char *path, FILE *out)
{
	c->path = path;
	c->out = out;
	c->fmt = k->fmt;
	c->quiet = k->quiet;
	c->npending = 0;
	c->ended = false;
	c->claims = 0;
	memset(c->counts, 0, sizeof c->counts);
}

static bool
check_run(void *cmd, void *worker, const char *path, FILE *out, FILE *err, struct cli_file_summary *s)
{
	struct check_cmd *k = cmd;
	struct check_worker *w = worker;
	struct check_ctx *c = &w->c;
	struct cli_file_result res;

	ctx_start(c, k, path, out);
	if (k->record && !k->store_failed) {
		struct cli_job job = { .prog = "remedi check", .out = err, .schemas = k->schemas, .rs = w->rs,
				       .st = k->st };
		struct cli_load ld = { .path = path, .fn = on_record_sent, .ctx = c };
		struct store_file_info info = { STORE_FILE_SUBMIT, path, k->date };
		int rec_status = EXIT_CLEAN;

		c->st = k->st;
		memset(&c->sent, 0, sizeof c->sent);
		if (cli_job_load(&job, &ld, &info, &rec_status, &k->store_failed))
			cli_print_sent(err, path, &c->sent, k->date);
		res = ld.res;
	} else {
		cli_records_file(w->rs, path, on_record, c, &res);
	}
	check_end(k, c, w->rs, &res, err, s);
	return cli_output_ok(out);
}

/* ---------------------------------------------------------------- one file in parts (text, json, csv) */

struct check_part {
	bool some;
	unsigned long counts[3], claims;
	bool ended, oom;
	struct x12_end_info end;
	struct cli_file_result res;
};

static bool
check_run_part(void *cmd, void *worker, struct cli_part *p, FILE *out, FILE *err, void *state)
{
	struct check_cmd *k = cmd;
	struct check_worker *w = worker;
	struct check_ctx *c = &w->c;
	struct check_part *cp = state;

	ctx_start(c, k, cli_part_path(p), out);
	c->oom = false;
	cli_records_part(w->rs, p, on_record, c, &cp->res);
	q_flush(c);
	flush_pending(c, NULL);
	if (cp->res.fatal) {
		/* the part that stopped is the file's last */
		struct item it;

		diag_item(&it, &cp->res.fatal_err, NULL);
		if (c->fmt == F_TEXT)
			cli_print_diag(out, c->path, &cp->res.fatal_err);
		else
			report(c, &it);
	}
	if (!c->ended)
		cli_part_progress(w->rs, p, &c->end);
	memcpy(cp->counts, c->counts, sizeof cp->counts);
	cp->claims = c->claims;
	cp->ended = c->ended;
	cp->oom = c->oom || edits_oom(c->edits);
	cp->end = c->end;
	return cli_output_ok(out);
}

static void
check_merge(void *cmd, void *accp, const void *state)
{
	struct check_part *acc = accp;
	const struct check_part *cp = state;

	if (!acc->some) {
		*acc = *cp;
		acc->some = true;
		return;
	}
	for (int i = 0; i < 3; i++)
		acc->counts[i] += cp->counts[i];
	acc->claims += cp->claims;
	acc->ended = cp->ended;
	acc->oom |= cp->oom;
	cli_end_merge(&acc->end, &cp->end);
	acc->res.fatal = cp->res.fatal;
	acc->res.fatal_err = cp->res.fatal_err;
	acc->res.bytes += cp->res.bytes;
}

static bool
check_finish(void *cmd, const char *path, void *accp, FILE *out, FILE *err, struct cli_file_summary *s)
{
	struct check_cmd *k = cmd;
	struct check_part *acc = accp;
	struct check_ctx c = { .path = path, .out = out, .fmt = k->fmt, .quiet = k->quiet, .claims = acc->claims,
			       .ended = true, .oom = acc->oom, .end = acc->end };

	memcpy(c.counts, acc->counts, sizeof c.counts);
	if (c.fmt == F_TEXT && !c.quiet)
		summary(&c);
	check_fill(k, &c, &acc->res, err, s);
	return cli_output_ok(out);
}

int
cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "fail-on", required_argument, NULL, 'f' },
		{ "rules", required_argument, NULL, 'r' },
		{ "ptp", required_argument, NULL, 'P' },
		{ "mue", required_argument, NULL, 'M' },
		{ "crosswalk", required_argument, NULL, 'X' },
		{ "schema-dir", required_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "db", required_argument, NULL, 'd' },
		{ "record", no_argument, NULL, 'R' },
		{ "date", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		CLI_BATCH_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	static const char prog[] = "remedi check";
	static const struct cli_batch_ops ops = { check_worker_new, check_worker_free, check_run,
						  sizeof(struct check_part), check_run_part, check_merge, check_finish };
	const char *rules = NULL, *ptp = NULL, *mue = NULL, *xwalk = NULL, *schema_dir = NULL, *db = NULL;
	struct check_cmd k = { .fmt = F_TEXT, .fail_on = X12_SEV_ERROR, .date = cli_today() };
	int opt, bo, status = EXIT_CLEAN;
	struct edits_tables *tables = NULL;
	struct edits_pack *pack = NULL;
	struct edits_error err;
	struct cli_batch b;

	cli_batch_init(&b, prog);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "qh" CLI_BATCH_SHORT_OPTIONS, opts, NULL)) != -1) {
		switch (opt) {
		case 'F':
			if (!strcmp(optarg, "text"))
				k.fmt = F_TEXT;
			else if (!strcmp(optarg, "json"))
				k.fmt = F_JSON;
			else if (!strcmp(optarg, "csv"))
				k.fmt = F_CSV;
			else if (!strcmp(optarg, "sarif"))
				k.fmt = F_SARIF;
			else {
				fprintf(stderr, "remedi check: --format takes text, json, csv or sarif, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'f':
			if (!strcmp(optarg, "error"))
				k.fail_on = X12_SEV_ERROR;
			else if (!strcmp(optarg, "warning"))
				k.fail_on = X12_SEV_WARNING;
			else if (!strcmp(optarg, "info"))
				k.fail_on = X12_SEV_INFO;
			else {
				fprintf(stderr, "remedi check: --fail-on takes error, warning or info, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'r': rules = optarg; break;
		case 'P': ptp = optarg; break;
		case 'M': mue = optarg; break;
		case 'X': xwalk = optarg; break;
		case 'S': schema_dir = optarg; break;
		case 'd': db = optarg; break;
		case 'R': k.record = true; break;
		case 'T':
			if (!cli_parse_date(optarg, &k.date)) {
				fprintf(stderr, "remedi check: --date takes CCYYMMDD, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'q': k.quiet = true; break;
		case 'h':
			help(stdout);
			return EXIT_CLEAN;
		default:
			if ((bo = cli_batch_option(&b, opt, optarg)) > 0)
				break;
			if (bo == 0)
				help(stderr);
			return EXIT_USAGE;
		}
	}
	if ((status = cli_batch_collect(&b, argc, argv, optind)) != EXIT_CLEAN)
		goto out;
	/* SARIF is one document whose results follow each other across files */
	b.max_one_job = k.fmt == F_SARIF || k.record;
	b.split = !b.max_one_job;
	if (!(pack = edits_pack_load(rules, &err))) {
		fprintf(stderr, "remedi check: %s:%lu: %s\n", err.file, err.line, err.msg);
		status = rules ? EXIT_USAGE : EXIT_INTERNAL;
		goto out;
	}
	if (!(tables = edits_tables_new(&err))) {
		fprintf(stderr, "remedi check: seed table %s:%lu: %s\n", err.file, err.line, err.msg);
		status = EXIT_INTERNAL;
		goto out;
	}
	if (db || k.record) {
		/* --db alone reads a store that exists; --record creates one as submit does */
		if (!(k.st = cli_open_store(prog, cli_db_path(db), !k.record, &status)))
			goto out;
		if (db) {
			struct cli_codes_applied applied;

			if (!cli_codes_apply(prog, k.st, tables, &applied)) {
				status = EXIT_INTERNAL;
				goto out;
			}
		}
	}
	if ((status = load_table(tables, EDITS_TABLE_PTP, ptp)) || (status = load_table(tables, EDITS_TABLE_MUE, mue)) ||
	    (status = load_table(tables, EDITS_TABLE_CROSSWALK, xwalk)))
		goto out;
	if (!(k.schemas = cli_load_schemas(prog, schema_dir, &status)))
		goto out;
	if ((status = cli_batch_prepare(&b, k.schemas)) != EXIT_CLEAN)
		goto out;
	k.tables = tables;
	k.pack = pack;
	if (k.fmt == F_CSV)
		puts("file,rule,severity,claim,line,procedure,segment,offset,message,fix");
	if (k.fmt == F_SARIF)
		sarif_begin(pack);
	status = cli_batch_run(&b, &ops, &k);
	if (k.fmt == F_SARIF)
		fputs("]}]}\n", stdout);
	status = cli_output_finish(prog, status);
out:
	cli_batch_free(&b);
	store_close(k.st);
	x12_schemas_free(k.schemas);
	edits_tables_free(tables);
	edits_pack_free(pack);
	return status;
}
