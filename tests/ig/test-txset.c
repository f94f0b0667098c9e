/*
 * test-txset.c - transaction-set definitions (parser/txset.c): the embedded
 * ones load (837P, 837I, 835 with their guide ids and aliases) and are found
 * by ST01 + guide; a directory copy of schemas/ compiles to the same tables;
 * a broken definition is refused with "file:line: message"; an XML with a
 * DTD or an external entity fetches nothing.
 *
 *   test-txset SCHEMAS_DIR
 *
 * SCHEMAS_DIR is the source schemas/: its *.xml are copied into a temporary
 * directory at run time, next to fixtures written by this test, so no copy
 * of the real definitions is kept under tests/.
 *
 * Fixtures are one template (FIXTURE_*) with line 13 replaced, so a fault
 * has a known line; a case names the file and line its message must carry.
 */
#include "harness.h"
#include "testutil.h"
#include "txsdump.h"
#include "txset_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A known bug that no longer shows: fails, so that its mark is removed. */
#define XPASS(what) harness_result(false, __FILE__, __LINE__, what)

static char tmp_root[1024];

/* ------------------------------------------------------------ files */

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
		exit(99);
	}
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[8192];

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			buf = realloc(buf, cap);
			if (!buf)
				exit(99);
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[len] = '\0';
	return buf;
}

/* A fresh, empty directory under tmp_root. */
static const char *
new_dir(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof path, "%s/%s", tmp_root, name);
	if (mkdir(path, 0700) != 0) {
		fprintf(stderr, "cannot create %s: %s\n", path, strerror(errno));
		exit(99);
	}
	return path;
}

static void
copy_real_schemas(const char *src, const char *dst)
{
	static const char *const names[] = { "277ca.xml", "835.xml", "837i.xml", "837p.xml", "999.xml" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[4096];
		char *text;

		snprintf(path, sizeof path, "%s/%s", src, names[i]);
		text = read_file(path);
		if (!text) {
			fprintf(stderr, "cannot read %s: %s\n", path, strerror(errno));
			exit(99);
		}
		write_file(dst, names[i], text);
		free(text);
	}
}

static void
remove_tree(const char *dir)
{
	char cmd[4200];

	/* only ever the directory made by mkdtemp() below */
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", dir);
}

/* ------------------------------------------------------------ fixtures */

/* Line 13 is "@@" and is replaced by each case. */
#define FIXTURE_HEAD                                                                                          \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                        \
	"<transaction id=\"T1\" st01=\"901\" guide=\"TESTGUIDE1\" aliases=\"TESTGUIDE0 TESTGUIDE\" "         \
	"name=\"Test\">\n"                                                                                    \
	"  <segment id=\"ST\" name=\"Header\" usage=\"R\">\n"                                                 \
	"    <element pos=\"1\" name=\"Id\" type=\"ID\" min=\"3\" max=\"3\" usage=\"R\"><code>901</code>"      \
	"</element>\n"                                                                                        \
	"    <element pos=\"2\" name=\"Control\" type=\"AN\" min=\"4\" max=\"9\" usage=\"R\"/>\n"             \
	"  </segment>\n"                                                                                      \
	"  <loop id=\"1000\" name=\"Party\" usage=\"R\">\n"                                                   \
	"    <segment id=\"N1\" name=\"Party\" usage=\"R\" key=\"1\">\n"                                      \
	"      <element pos=\"1\" name=\"Entity\" type=\"ID\" min=\"2\" max=\"3\" usage=\"R\">"               \
	"<code>PR</code><code>PE</code></element>\n"                                                          \
	"      <element pos=\"2\" name=\"Name\" type=\"AN\" min=\"1\" max=\"60\" usage=\"R\"/>\n"             \
	"    </segment>\n"                                                                                    \
	"  </loop>\n"
#define FIXTURE_TAIL                                                                                          \
	"\n"                                                                                                  \
	"  <segment id=\"SE\" name=\"Trailer\" usage=\"R\">\n"                                                \
	"    <element pos=\"1\" name=\"Count\" type=\"N0\" min=\"1\" max=\"10\" usage=\"R\"/>\n"              \
	"    <element pos=\"2\" name=\"Control\" type=\"AN\" min=\"4\" max=\"9\" usage=\"R\"/>\n"             \
	"  </segment>\n"                                                                                      \
	"</transaction>\n"

/* A loop on one line (line 13), with a segment whose attributes and elements vary. */
#define LOOP(seg_attrs, elems) \
	"  <loop id=\"2000\" name=\"Claim\" usage=\"S\"><segment id=\"CLM\" name=\"Claim\" " seg_attrs ">" elems \
	"</segment></loop>"
#define EL(pos, type, usage, codes)                                                                       \
	"<element pos=\"" pos "\" name=\"E" pos "\" type=\"" type "\" min=\"1\" max=\"9\" usage=\"" usage "\">" \
	codes "</element>"

static char *
fixture(const char *line13)
{
	size_t n = strlen(FIXTURE_HEAD) + strlen(line13) + strlen(FIXTURE_TAIL) + 1;
	char *s = malloc(n);

	if (!s)
		exit(99);
	snprintf(s, n, "%s%s%s", FIXTURE_HEAD, line13, FIXTURE_TAIL);
	return s;
}

struct bad_case {
	const char *name;
	const char *line13;   /* replaces line 13 of the template; NULL: text is the whole file */
	const char *text;
	const char *where;    /* "FILE:LINE:" the message must start with (FILE = the case's file name) */
	const char *says;     /* a phrase the message must contain */
	const char *bug;      /* known-bug id: a mismatch is XFAIL, a pass XPASS (fails) */
};

static const struct bad_case bad_cases[] = {
	{ "malformed XML: a mismatched end tag", "  <loop id=\"2000\" name=\"a\" usage=\"S\"></lop>", NULL,
	  ":13:", "mismatch", NULL },
	{ "malformed XML: not XML at all", NULL, "ST*837*0001~\n", ":1:", "", NULL },
	/* libxml2 reports no error for an empty buffer: load_one() falls back to a message without the file */
	{ "malformed XML: empty file", NULL, "", ":", "", NULL },
	{ "txset.xsd: usage=\"X\"",
	  LOOP("usage=\"R\"", EL("1", "AN", "R", "")) "<loop id=\"2100\" name=\"Sub\" usage=\"X\"/>", NULL, ":13:",
	  "usage", NULL },
	{ "txset.xsd: element type N9X", LOOP("usage=\"R\"", EL("1", "N9X", "R", "")), NULL, ":13:", "type", NULL },
	{ "txset.xsd: repeat=\"0\"",
	  "  <loop id=\"2000\" name=\"Claim\" usage=\"S\" repeat=\"0\"><segment id=\"CLM\" name=\"Claim\" "
	  "usage=\"R\">" EL("1", "AN", "R", "") "</segment></loop>", NULL, ":13:", "repeat", NULL },
	{ "txset.xsd: segment id in lower case", "  <segment id=\"clm\" name=\"x\" usage=\"S\">" EL("1", "AN", "R", "")
	  "</segment>", NULL, ":13:", "id", NULL },
	{ "txset.xsd: a loop that starts with a loop",
	  "  <loop id=\"2000\" name=\"Claim\" usage=\"S\"><loop id=\"2100\" name=\"x\" usage=\"S\"/></loop>", NULL,
	  ":13:", "", NULL },
	{ "txset.xsd: root is not <transaction>", NULL, "<?xml version=\"1.0\"?>\n<definitions/>\n", ":2:", "", NULL },
	{ "loop ref=\"9999\" names no loop", "  <loop ref=\"9999\" id=\"9999\" name=\"Nothing\" usage=\"S\"/>", NULL,
	  ":13:", "ref=\"9999\"", NULL },
	{ "loop ref names a loop defined later",
	  "  <loop ref=\"2000\" id=\"2000\" name=\"Early\" usage=\"S\"/>\n" LOOP("usage=\"R\"", EL("1", "AN", "R", "")),
	  NULL, ":13:", "ref=\"2000\"", NULL },
	{ "loop ref with content of its own",
	  "  <loop ref=\"1000\" id=\"1000\" name=\"Again\" usage=\"S\"><segment id=\"N1\" name=\"x\" usage=\"R\">"
	  EL("1", "AN", "R", "") "</segment></loop>", NULL, ":13:", "ref=\"1000\"", NULL },
	{ "loop without segments", "  <loop id=\"2000\" name=\"Empty\" usage=\"S\"/>", NULL, ":13:", "no segments",
	  NULL },
	{ "key names an element without codes", LOOP("usage=\"R\" key=\"1\"", EL("1", "AN", "R", "")), NULL, ":13:",
	  "key", NULL },
	{ "key names an element that is not there", LOOP("usage=\"R\" key=\"5\"", EL("1", "ID", "R", "<code>A</code>")),
	  NULL, ":13:", "key", NULL },
	{ "key names a component of a simple element",
	  LOOP("usage=\"R\" key=\"1-2\"", EL("1", "ID", "R", "<code>A</code>")), NULL, ":13:", "key", NULL },
	{ "key names a component without codes",
	  LOOP("usage=\"R\" key=\"1-2\"", "<composite pos=\"1\" name=\"C\" usage=\"R\">" EL("1", "ID", "R", "<code>A</code>")
	       EL("2", "AN", "R", "") "</composite>"),
	  NULL, ":13:", "key", NULL },
	{ "element positions decrease",
	  "  <loop id=\"2000\" name=\"Claim\" usage=\"S\">\n"
	  "    <segment id=\"CLM\" name=\"Claim\" usage=\"R\">\n"
	  "      " EL("2", "AN", "R", "") "\n"
	  "      " EL("1", "AN", "R", "") "\n"
	  "    </segment>\n"
	  "  </loop>",
	  NULL, ":16:", "positions", NULL },
	{ "element position repeated", LOOP("usage=\"R\"", EL("1", "AN", "R", "") EL("1", "AN", "S", "")), NULL,
	  ":13:", "positions", NULL },
	{ "composite after an element with a higher position",
	  LOOP("usage=\"R\"", EL("3", "AN", "R", "") "<composite pos=\"2\" name=\"C\" usage=\"R\">" EL("1", "AN", "R", "")
	       "</composite>"),
	  NULL, ":13:", "positions", NULL },
	/* <syntax>: the XSD checks the shape of a note, the compiler its positions and segment id */
	{ "txset.xsd: syntax note of an unknown type", "  <syntax segment=\"N1\" notes=\"X0102\"/>", NULL, ":13:",
	  "notes", NULL },
	{ "txset.xsd: syntax note with one position", "  <syntax segment=\"N1\" notes=\"P01\"/>", NULL, ":13:",
	  "notes", NULL },
	{ "syntax note names element 00", "  <syntax segment=\"N1\" notes=\"P0100\"/>", NULL, ":13:",
	  "outside 01..63", NULL },
	{ "syntax note names element 64", "  <syntax segment=\"N1\" notes=\"C6401\"/>", NULL, ":13:",
	  "outside 01..63", NULL },
	{ "syntax note names an element twice", "  <syntax segment=\"N1\" notes=\"R0102 E010201\"/>", NULL, ":13:",
	  "named twice", NULL },
	{ "syntax notes of a segment given twice",
	  "  <syntax segment=\"N1\" notes=\"P0102\"/><syntax segment=\"N1\" notes=\"R0102\"/>", NULL, ":13:",
	  "given twice", NULL },
	{ "syntax notes for a segment the set does not define", "  <syntax segment=\"NM1\" notes=\"P0809\"/>", NULL,
	  ":13:", "does not define", NULL },
	/*
	 * walker.c check_composite() walks the components in position order and
	 * needs them increasing like the elements.
	 */
	{ "component positions decrease",
	  LOOP("usage=\"R\"", "<composite pos=\"1\" name=\"C\" usage=\"R\">" EL("2", "AN", "R", "") EL("1", "AN", "R", "")
	       "</composite>"),
	  NULL, ":13:", "positions", NULL },
};

static void
test_bad_fixtures(void)
{
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		char name[64], dirname[32], where[128], err[512];
		const char *dir;
		char *text = c->line13 ? fixture(c->line13) : strdup(c->text);
		struct x12_schemas *s;
		bool ok;

		harness_context("broken definition: %s", c->name);
		snprintf(dirname, sizeof dirname, "bad%02zu", i);
		dir = new_dir(dirname);
		snprintf(name, sizeof name, "case%02zu.xml", i);
		write_file(dir, name, text);
		free(text);
		if (!CHECK(snprintf(where, sizeof where, "%s/%s%s", dir, name, c->where) < (int)sizeof where))
			continue;
		memset(err, 'x', sizeof err);
		s = tu_schemas_load(dir, err, sizeof err);
		ok = s == NULL && strncmp(err, where, strlen(where)) == 0 && strstr(err, c->says) != NULL;
		if (c->bug) {
			if (ok) {
				XPASS("XPASS: the known bug seems fixed, drop its mark");
				fprintf(stderr, "    %s (%s)\n", c->name, c->bug);
			} else {
				printf("XFAIL %s (%s): %s\n", c->name, c->bug, s ? "loads" : err);
			}
			x12_schemas_free(s);
			continue;
		}
		if (!CHECK(s == NULL)) {
			x12_schemas_free(s);
			continue;
		}
		CHECK(memchr(err, '\0', sizeof err) != NULL);
		if (!CHECK(strncmp(err, where, strlen(where)) == 0))
			fprintf(stderr, "    message: %s\n    wanted it to start with: %s\n", err, where);
		if (!CHECK(strstr(err, c->says) != NULL))
			fprintf(stderr, "    message: %s\n    wanted it to contain: %s\n", err, c->says);
	}
}

/* ------------------------------------------------------------ the embedded sets */

struct want_set {
	const char *id, *st01, *guide;
	const char *aliases[4];
	uint32_t claim_loops;  /* repeat of 2300 / 2100 */
	const char *claim_loop;
};

static const struct want_set want_sets[] = {
	{ "277CA", "277", "005010X214", { NULL }, TXS_UNBOUNDED, "2200D" },
	{ "835", "835", "005010X221A1", { "005010X221" }, TXS_UNBOUNDED, "2100" },
	{ "837I", "837", "005010X223A2", { "005010X223A3", "005010X223A1", "005010X223" }, 100, "2300" },
	{ "837P", "837", "005010X222A1", { "005010X222A2", "005010X222" }, 100, "2300" },
	{ "999", "999", "005010X231A1", { "005010X231" }, TXS_UNBOUNDED, "2000" },
};
#define N_SETS (sizeof want_sets / sizeof want_sets[0])

static struct x12_str
xs(const char *s)
{
	return (struct x12_str){ s, strlen(s) };
}

static const struct txs_loop *
find_loop(const struct x12_txset *ts, const char *id, unsigned nth)
{
	for (size_t i = 0; i < ts->nloops; i++)
		if (strcmp(ts->loops[i].id, id) == 0 && nth-- == 0)
			return &ts->loops[i];
	return NULL;
}

/* The segment definition `id` in loop `loop` whose key takes `key` (NULL: the first). */
static const struct txs_segment *
find_seg(const struct x12_txset *ts, const char *loop, const char *id, const char *key)
{
	for (size_t i = 0; i < ts->nsegs; i++) {
		const struct txs_segment *sd = &ts->segs[i];

		if (strcmp(sd->id, id) != 0 || strcmp(ts->loops[sd->loop].id, loop) != 0)
			continue;
		if (!key || (sd->key_elem && txs_has_code(ts, &ts->elems[sd->key_def], xs(key))))
			return sd;
	}
	return NULL;
}

/* Element definition at position pos (component comp, 0 = the element) of sd. */
static const struct txs_element *
find_el(const struct x12_txset *ts, const struct txs_segment *sd, unsigned pos, unsigned comp)
{
	for (unsigned i = 0; sd && i < sd->nelems; i++) {
		const struct txs_element *e = &ts->elems[sd->elems + i];

		if (e->pos != pos)
			continue;
		if (!comp)
			return e;
		for (unsigned k = 0; k < e->ncomp; k++)
			if (ts->elems[e->comp + k].pos == comp)
				return &ts->elems[e->comp + k];
	}
	return NULL;
}

static void
check_sets(struct x12_schemas *s, const char *what)
{
	harness_context("%s: the %zu sets", what, N_SETS);
	if (!CHECK_INT_EQ(x12_schemas_count(s), N_SETS))
		return;
	CHECK(x12_schemas_get(s, N_SETS) == NULL);
	for (size_t i = 0; i < N_SETS; i++) {
		const struct want_set *w = &want_sets[i];
		const struct x12_txset *ts = x12_schemas_get(s, i);
		size_t na = 0;

		harness_context("%s: set %s", what, w->id);
		CHECK_STR_EQ(ts->id, w->id);
		CHECK_STR_EQ(ts->st01, w->st01);
		CHECK_STR_EQ(ts->guide, w->guide);
		CHECK(ts->name && ts->name[0]);
		for (const char **a = ts->aliases; a && *a; a++)
			na++;
		for (size_t k = 0; k < 4; k++) {
			if (!w->aliases[k]) {
				CHECK_INT_EQ(na, k);
				break;
			}
			CHECK(k < na && strcmp(ts->aliases[k], w->aliases[k]) == 0);
			CHECK(x12_schemas_find(s, xs(w->st01), xs(w->aliases[k])) == ts);
		}
		CHECK(x12_schemas_find(s, xs(w->st01), xs(w->guide)) == ts);
		/* the transaction is loops[0], opened by ST and closed by SE */
		CHECK_STR_EQ(ts->loops[0].id, "ST");
		CHECK(ts->loops[0].parent == UINT32_MAX);
		CHECK_STR_EQ(ts->segs[ts->children[ts->loops[0].children].index].id, "ST");
		CHECK(ts->max_depth >= 3);
		CHECK(ts->max_children > 0 && ts->max_children < 200);
		CHECK(find_loop(ts, w->claim_loop, 0) && find_loop(ts, w->claim_loop, 0)->repeat == w->claim_loops);
		/* every code table is sorted (txs_has_code is a binary search) */
		for (size_t e = 0; e < ts->nelems; e++) {
			const struct txs_element *ed = &ts->elems[e];

			for (unsigned k = 1; k < ed->ncodes; k++)
				if (!CHECK(strcmp(ts->codes[ed->codes + k - 1], ts->codes[ed->codes + k]) < 0))
					break;
			for (unsigned k = 0; k < ed->ncodes; k++)
				if (!CHECK(txs_has_code(ts, ed, xs(ts->codes[ed->codes + k]))))
					break;
		}
	}
}

static void
test_find(struct x12_schemas *s)
{
	static const struct {
		const char *st01, *guide, *want;
	} finds[] = {
		{ "837", "005010X222A1", "837P" },
		{ "837", "005010X222A2", "837P" },
		{ "837", "005010X222", "837P" },
		{ "837", "005010X223A2", "837I" },
		{ "837", "005010X223A3", "837I" },
		{ "837", "005010X223", "837I" },
		{ "835", "005010X221A1", "835" },
		{ "835", "005010X221", "835" },
		{ "837", "004010X098A1", NULL },
		{ "837", "004010X096A1", NULL },
		{ "835", "004010X091A1", NULL },
		{ "837", "005010X224A2", NULL }, /* dental */
		{ "837", "005010X22", NULL },
		{ "837", "005010X222A1 ", NULL },
		{ "837", "005010x222a1", NULL },
		{ "837", "", NULL },
		{ "835", "005010X222A1", NULL },
		{ "837", "005010X221A1", NULL },
		{ "83", "005010X222A1", NULL },
		{ "8370", "005010X222A1", NULL },
		{ "999", "005010X231A1", "999" },
		{ "997", "005010", NULL },
		{ "277", "005010X214", "277CA" },
		{ "277", "005010X212", NULL }, /* claim status response: another guide */
	};

	for (size_t i = 0; i < sizeof finds / sizeof finds[0]; i++) {
		const struct x12_txset *ts = x12_schemas_find(s, xs(finds[i].st01), xs(finds[i].guide));

		harness_context("x12_schemas_find(\"%s\", \"%s\")", finds[i].st01, finds[i].guide);
		if (finds[i].want)
			CHECK(ts && strcmp(ts->id, finds[i].want) == 0);
		else
			CHECK(ts == NULL);
	}
}

/* A few facts of the guides the walker tests rely on. */
static void
test_definitions(struct x12_schemas *s)
{
	const struct x12_txset *p = x12_schemas_find(s, xs("837"), xs("005010X222A1"));
	const struct x12_txset *r = x12_schemas_find(s, xs("835"), xs("005010X221A1"));
	const struct txs_segment *sd;
	const struct txs_element *e;
	const struct txs_loop *a, *b;

	if (!CHECK(p && r))
		return;
	harness_context("837P definitions");
	CHECK(find_loop(p, "2400", 0) && find_loop(p, "2400", 0)->repeat == 50);
	/* syntax notes: on every definition of the segment id, none on a segment without */
	sd = find_seg(p, "2010AA", "NM1", NULL);
	if (CHECK(sd && sd->nnotes == 3)) {
		CHECK_STR_EQ(p->notes[sd->notes].text, "P0809");
		CHECK_INT_EQ(p->notes[sd->notes].type, 'P');
		CHECK_INT_EQ(p->notes[sd->notes].first, 8);
		CHECK(p->notes[sd->notes].mask == (UINT64_C(1) << 8 | UINT64_C(1) << 9));
		CHECK(sd->note_mask == (UINT64_C(1) << 3 | UINT64_C(1) << 8 | UINT64_C(1) << 9 | UINT64_C(1) << 10 |
					UINT64_C(1) << 11 | UINT64_C(1) << 12));
		CHECK(sd->req_mask >> 1 & 1);      /* NM101 */
		CHECK(sd->unused_mask >> 12 & 1);  /* NM112 not used */
		CHECK(sd->unused_mask >> 13 & 1);  /* past the last element defined */
	}
	sd = find_seg(p, "2010BA", "NM1", NULL);
	CHECK(sd && sd->nnotes == 3 && sd->notes == find_seg(p, "2010AA", "NM1", NULL)->notes);
	sd = find_seg(p, "2300", "CLM", NULL);
	CHECK(sd && sd->nnotes == 0 && sd->note_mask == 0);
	/* 2300 once under 2000B, once (by ref) under 2000C, sharing its content */
	a = find_loop(p, "2300", 0);
	b = find_loop(p, "2300", 1);
	if (CHECK(a && b && a != b)) {
		CHECK_INT_EQ(a->children, b->children);
		CHECK_INT_EQ(a->nchildren, b->nchildren);
		CHECK_STR_EQ(p->loops[a->parent].id, "2000B");
		CHECK_STR_EQ(p->loops[b->parent].id, "2000C");
		CHECK_INT_EQ(a->usage, TXS_SITUATIONAL);
		CHECK_INT_EQ(b->usage, TXS_REQUIRED);
		CHECK_INT_EQ(b->depth, a->depth + 1);
	}
	CHECK(find_loop(p, "2300", 2) == NULL);
	sd = find_seg(p, "2010AA", "REF", "EI");
	CHECK(sd && sd->max == 1 && sd->usage == TXS_REQUIRED && sd->key_elem == 1 && sd->key_comp == 0);
	CHECK(find_seg(p, "2010AA", "REF", "SY") == sd);
	sd = find_seg(p, "2010AA", "REF", "0B");
	CHECK(sd && sd->max == 2 && sd->usage == TXS_SITUATIONAL);
	CHECK(find_seg(p, "2010AA", "REF", "XX") == NULL);
	sd = find_seg(p, "2300", "HI", "ABK");
	CHECK(sd && sd->usage == TXS_REQUIRED && sd->key_elem == 1 && sd->key_comp == 1);
	sd = find_seg(p, "2300", "CLM", NULL);
	if (CHECK(sd != NULL)) {
		CHECK_INT_EQ(sd->last_req, 9);
		e = find_el(p, sd, 5, 0);
		CHECK(e && e->ncomp == 3 && e->usage == TXS_REQUIRED);
		e = find_el(p, sd, 5, 2);
		if (CHECK(e != NULL)) {
			CHECK(txs_has_code(p, e, xs("B")));
			CHECK(!txs_has_code(p, e, xs("A")));
			CHECK(!txs_has_code(p, e, xs("")));
			CHECK(!txs_has_code(p, e, xs("BB")));
		}
		e = find_el(p, sd, 5, 1);
		CHECK(e && e->external && strcmp(e->external, "pos") == 0 && e->ncodes == 0);
		e = find_el(p, sd, 3, 0);
		CHECK(e && e->usage == TXS_NOT_USED);
		e = find_el(p, sd, 2, 0);
		CHECK(e && e->type == TXS_R && e->min == 1 && e->max == 18);
	}
	sd = find_seg(p, "ST", "BHT", NULL);
	e = find_el(p, sd, 6, 0);
	if (CHECK(e != NULL)) {
		/* codes of two lengths: "31", "CH", "RP" */
		CHECK(txs_has_code(p, e, xs("31")));
		CHECK(txs_has_code(p, e, xs("CH")));
		CHECK(txs_has_code(p, e, xs("RP")));
		CHECK(!txs_has_code(p, e, xs("C")));
		CHECK(!txs_has_code(p, e, xs("CHX")));
		CHECK(!txs_has_code(p, e, xs("3")));
		CHECK(!txs_has_code(p, e, xs("ch")));
	}
	CHECK(find_el(p, sd, 4, 0) && find_el(p, sd, 4, 0)->type == TXS_DT);
	CHECK(find_el(p, sd, 5, 0) && find_el(p, sd, 5, 0)->type == TXS_TM);

	harness_context("835 definitions");
	sd = find_seg(r, "1000A", "PER", "BL");
	CHECK(sd && sd->usage == TXS_REQUIRED && sd->max == TXS_UNBOUNDED);
	CHECK(find_loop(r, "2110", 0) && find_loop(r, "2110", 0)->repeat == 999);
	sd = find_seg(r, "ST", "BPR", NULL);
	e = find_el(r, sd, 16, 0);
	CHECK(e && e->type == TXS_DT && e->usage == TXS_REQUIRED);
}

/* Every field of ts, as the build tool writes it; the caller frees. */
static char *
dump_text(const struct x12_txset *ts)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	txs_dump_c(f, ts, "t");
	fclose(f);
	return text;
}

/*
 * The tables compiled from a directory copy at run time equal the built-in
 * ones (compiled at build time by remedi-txsgen): every field of every table.
 */
static void
check_same_tables(struct x12_schemas *a, struct x12_schemas *b)
{
	harness_context("directory copy: same tables as the embedded definitions");
	if (!CHECK_INT_EQ(x12_schemas_count(a), x12_schemas_count(b)))
		return;
	for (size_t i = 0; i < x12_schemas_count(a); i++) {
		const struct x12_txset *x = x12_schemas_get(a, i), *y = x12_schemas_get(b, i);

		CHECK_STR_EQ(x->id, y->id);
		CHECK_INT_EQ(x->nloops, y->nloops);
		CHECK_INT_EQ(x->nsegs, y->nsegs);
		CHECK_INT_EQ(x->nelems, y->nelems);
		CHECK_INT_EQ(x->nchildren, y->nchildren);
		CHECK_INT_EQ(x->ncodes, y->ncodes);
		CHECK_INT_EQ(x->nnotes, y->nnotes);
		CHECK_INT_EQ(x->max_children, y->max_children);
		CHECK_INT_EQ(x->max_depth, y->max_depth);
		char *dx = dump_text(x), *dy = dump_text(y);

		if (CHECK(dx && dy))
			CHECK(strcmp(dx, dy) == 0); /* diff: txs_dump_c() of both */
		free(dx);
		free(dy);
		for (size_t k = 0; k < x->ncodes && k < y->ncodes; k++)
			if (!CHECK_STR_EQ(x->codes[k], y->codes[k]))
				break;
		for (size_t k = 0; k < x->nsegs && k < y->nsegs; k++)
			if (!CHECK(strcmp(x->segs[k].id, y->segs[k].id) == 0 && x->segs[k].max == y->segs[k].max &&
				   x->segs[k].usage == y->segs[k].usage && x->segs[k].loop == y->segs[k].loop &&
				   x->segs[k].nnotes == y->segs[k].nnotes && x->segs[k].note_mask == y->segs[k].note_mask))
				break;
	}
}

static void
test_directory(const char *schemas_dir, struct x12_schemas *embedded)
{
	char err[512];
	struct x12_schemas *s;
	const char *dir;
	char *text;

	/* the shipped definitions, copied */
	dir = new_dir("copy");
	copy_real_schemas(schemas_dir, dir);
	s = tu_schemas_load(dir, err, sizeof err);
	harness_context("loading a copy of schemas/*.xml");
	if (CHECK(s != NULL)) {
		check_sets(s, "directory copy");
		check_same_tables(embedded, s);
		x12_schemas_free(s);
	} else {
		fprintf(stderr, "    %s\n", err);
	}

	/* plus a fixture of our own, sorted by file name: 900-test.xml comes
	 * after 277ca.xml ... 837p.xml and before 999.xml */
	text = fixture("  <!-- nothing on line 13 -->");
	write_file(dir, "900-test.xml", text);
	free(text);
	write_file(dir, "README.txt", "not a definition: only *.xml files are read\n");
	s = tu_schemas_load(dir, err, sizeof err);
	harness_context("a copy of schemas/ plus a fixture");
	if (CHECK(s != NULL)) {
		const struct x12_txset *t = x12_schemas_find(s, xs("901"), xs("TESTGUIDE1"));

		CHECK_INT_EQ(x12_schemas_count(s), N_SETS + 1);
		CHECK(x12_schemas_get(s, 0) == x12_schemas_find(s, xs("277"), xs("005010X214")));
		CHECK(x12_schemas_get(s, 1) == x12_schemas_find(s, xs("835"), xs("005010X221A1")));
		CHECK(x12_schemas_get(s, 4) == t);
		CHECK(t && strcmp(t->id, "T1") == 0);
		CHECK(x12_schemas_find(s, xs("901"), xs("TESTGUIDE0")) == t);
		CHECK(x12_schemas_find(s, xs("901"), xs("TESTGUIDE")) == t);
		CHECK(x12_schemas_find(s, xs("901"), xs("TESTGUIDE2")) == NULL);
		if (t) {
			CHECK_INT_EQ(t->nloops, 2);
			CHECK_STR_EQ(t->loops[1].id, "1000");
			CHECK_INT_EQ(t->loops[1].usage, TXS_REQUIRED);
			CHECK_INT_EQ(t->loops[1].repeat, 1);
			CHECK_INT_EQ(t->nsegs, 3);
		}
		x12_schemas_free(s);
	} else {
		fprintf(stderr, "    %s\n", err);
	}

	/* one broken file spoils the directory: nothing is half-loaded */
	text = fixture("  <loop ref=\"9999\" id=\"9999\" name=\"Nothing\" usage=\"S\"/>");
	write_file(dir, "950-broken.xml", text);
	free(text);
	s = tu_schemas_load(dir, err, sizeof err);
	harness_context("a copy of schemas/ plus a broken file");
	CHECK(s == NULL);
	CHECK(strstr(err, "950-broken.xml:13:") != NULL);
	x12_schemas_free(s);

	harness_context("a directory that does not exist");
	{
		char missing[4200];

		snprintf(missing, sizeof missing, "%s/no-such-dir", tmp_root);
		s = tu_schemas_load(missing, err, sizeof err);
		CHECK(s == NULL);
		CHECK(strstr(err, missing) != NULL);
	}
	harness_context("a directory without *.xml");
	dir = new_dir("empty");
	write_file(dir, "835.xml.orig", "<transaction/>\n");
	s = tu_schemas_load(dir, err, sizeof err);
	CHECK(s == NULL);
	CHECK(strstr(err, "no transaction-set definitions") != NULL);

	harness_context("the error detail: code and file");
	dir = new_dir("detail");
	text = fixture("  <loop ref=\"9999\" id=\"9999\" name=\"Nothing\" usage=\"S\"/>");
	write_file(dir, "t.xml", text);
	free(text);
	{
		struct x12_error e;

		CHECK(x12_schemas_load(dir, &s, &e) == X12_ERROR);
		CHECK(s == NULL);
		CHECK(e.code == X12_E_DEFINITIONS);
		CHECK(strstr(e.msg, "t.xml") != NULL);
	}
}

/* Copies tmpl to buf with each '@' replaced by path. */
static void
expand_at(char *buf, size_t size, const char *tmpl, const char *path)
{
	size_t n = 0;

	for (; *tmpl && n + 1 < size; tmpl++) {
		if (*tmpl != '@') {
			buf[n++] = *tmpl;
			continue;
		}
		for (const char *p = path; *p && n + 1 < size; p++)
			buf[n++] = *p;
	}
	buf[n] = '\0';
}

/*
 * libxml2 must never touch the network nor expand external entities:
 * a definition with a DTD, external entities or an entity bomb loads or
 * fails, fast, and nothing outside the file ends up in the tables.
 */
static void
test_entities(void)
{
	const char *dir = new_dir("entities");
	char secret[4200], param[4200], text[8192], err[512];
	static const char *const heads[] = {
		/* an external general entity used in a code */
		"<!DOCTYPE transaction [\n<!ENTITY xxe SYSTEM \"file://@\">\n]>\n",
		/* an external parameter entity that would define the one used */
		"<!DOCTYPE transaction [\n<!ENTITY % p SYSTEM \"file://@\">\n%p;\n]>\n",
		/* an external DTD on an unreachable host */
		"<!DOCTYPE transaction SYSTEM \"http://127.0.0.1:9/txset.dtd\">\n",
		"<!DOCTYPE transaction PUBLIC \"-//remedi//x\" \"http://192.0.2.1/x.dtd\">\n",
		/* nested internal entities: 10^9 bytes if expanded */
		"<!DOCTYPE transaction [\n<!ENTITY a \"aaaaaaaaaa\">\n"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		"<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		"<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
		"<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n<!ENTITY xxe \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
		"]>\n",
	};
	static const char *const uses[] = { "&xxe;", "&xxe;", "PR", "PR", "&xxe;" };

	snprintf(secret, sizeof secret, "%s/secret.txt", tmp_root);
	write_file(tmp_root, "secret.txt", "SECRETLEAK");
	snprintf(param, sizeof param, "%s/param.ent", tmp_root);
	write_file(tmp_root, "param.ent", "<!ENTITY xxe \"PARAMLEAK\">\n");
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		char head[2048];
		struct x12_schemas *s;
		int n;

		harness_context("entities: case %zu", i);
		expand_at(head, sizeof head, heads[i], i == 1 ? param : secret);
		n = snprintf(text, sizeof text,
			     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n%s"
			     "<transaction id=\"T1\" st01=\"901\" guide=\"TESTGUIDE1\" name=\"Test\">\n"
			     "  <segment id=\"ST\" name=\"Header\" usage=\"R\">\n"
			     "    <element pos=\"1\" name=\"Id\" type=\"ID\" min=\"2\" max=\"3\" usage=\"R\">"
			     "<code>901</code><code>%s</code></element>\n"
			     "  </segment>\n"
			     "</transaction>\n",
			     head, uses[i]);
		CHECK(n > 0 && (size_t)n < sizeof text);
		write_file(dir, "t.xml", text);
		err[0] = '\0';
		s = tu_schemas_load(dir, err, sizeof err);
		if (s) {
			const struct x12_txset *ts = x12_schemas_get(s, 0);

			for (size_t k = 0; k < ts->ncodes; k++) {
				CHECK(strstr(ts->codes[k], "LEAK") == NULL);
				CHECK(strlen(ts->codes[k]) < 1000);
			}
			x12_schemas_free(s);
		} else {
			CHECK(strstr(err, "t.xml:") != NULL);
			CHECK(strstr(err, "LEAK") == NULL);
		}
	}
}

int
main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	struct x12_schemas *embedded;
	char err[512];

	if (argc != 2) {
		fprintf(stderr, "usage: test-txset SCHEMAS_DIR\n");
		return 2;
	}
	snprintf(tmp_root, sizeof tmp_root, "%s/remedi-txset.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmp_root)) {
		perror("mkdtemp");
		return 99;
	}

	harness_context("loading the embedded definitions");
	embedded = tu_schemas_load(NULL, err, sizeof err);
	if (!CHECK(embedded != NULL)) {
		fprintf(stderr, "    %s\n", err);
		remove_tree(tmp_root);
		return harness_exit();
	}
	CHECK_STR_EQ(err, "");
	check_sets(embedded, "embedded");
	test_find(embedded);
	test_definitions(embedded);
	test_directory(argv[1], embedded);
	test_bad_fixtures();
	test_entities();
	x12_schemas_free(embedded);
	remove_tree(tmp_root);
	return harness_exit();
}
