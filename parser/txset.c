/*
 * txset.c - load, validate and compile transaction-set definitions.
 *
 *   XML text --libxml2 (NONET, no entity expansion)--> DOM
 *            --xmlSchemaValidateDoc(txset.xsd)--> checked DOM
 *            --compile()--> flat arrays: loops, children, segments, elements, codes,
 *                           syntax notes (attached to every definition of their segment id)
 *
 * Everything is allocated here, once; the walker only reads the tables.
 * The definitions shipped in schemas/ go through the same steps at build
 * time (remedi-txsgen) and are linked in as const tables
 * (remedi_builtin_txsets): a process that uses them never runs libxml2 for
 * them.  Only a directory given by the caller is parsed at run time.
 */
#include "txset_internal.h"
#include "x12_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlreader.h>

/* The embedded copies of schemas/ (generated at build time by embed.c). */
struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};
extern const struct embedded_file remedi_embedded_schemas[];
extern const size_t remedi_embedded_schemas_count;

/*
 * One definition file: a built-in one (compiled at build time) or one of a
 * user directory, compiled whole at load time so that its mistakes show up
 * front.
 */
struct schema_entry {
	char *name;
	bool builtin;                     /* ts is a static table of remedi_builtin_txsets */
	char *id, *st01, *guide, *aliases; /* from the root element */
	struct x12_txset *ts;             /* compiled, or NULL */
};

struct x12_schemas {
	struct schema_entry *e;
	size_t n;
	xmlSchemaPtr xsd;                 /* parsed for a user directory only */
};

/* ------------------------------------------------------------ growable arrays */

struct vec {
	void *p;
	size_t n, cap, size;
};

static void *
vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		void *p = realloc(v->p, cap * v->size);

		if (!p)
			return NULL;
		v->p = p;
		v->cap = cap;
	}
	return memset((char *)v->p + v->size * v->n++, 0, v->size);
}

/* The <syntax> notes of one segment id, while compiling. */
struct syn_entry {
	char id[4];
	uint32_t first;         /* into the note vec */
	uint32_t n;
	long line;
	bool used;              /* some segment definition has this id */
};

struct compiler {
	struct vec loops, segs, elems, children, codes;
	struct vec notes, syns;
	struct vec strings;     /* char * to free with the set */
	char err[256];
	const char *file;
};

static char *
keep_str(struct compiler *c, const char *s)
{
	char **slot;
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	slot = vec_push(&c->strings);
	if (!d || !slot) {
		free(d);
		return NULL;
	}
	*slot = d;
	return d;
}

/* Attribute as a kept string (NULL when absent). */
static char *
attr(struct compiler *c, xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = keep_str(c, (const char *)v);
	xmlFree(v);
	return s;
}

static uint32_t
count_attr(xmlNode *n, const char *name, uint32_t dflt)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	uint32_t r = dflt;

	if (v) {
		r = strcmp((const char *)v, "unbounded") == 0 ? TXS_UNBOUNDED
							      : (uint32_t)strtoul((const char *)v, NULL, 10);
		xmlFree(v);
	}
	return r;
}

static bool
is_elem(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int
cmp_code(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool
compile_element(struct compiler *c, xmlNode *n, uint32_t at)
{
	struct txs_element *e = (struct txs_element *)c->elems.p + at;
	char *type = attr(c, n, "type");
	char *usage = attr(c, n, "usage");
	char *codes = attr(c, n, "codes");
	size_t first = c->codes.n;

	if (!type || !usage)
		return false;
	e->name = attr(c, n, "name");
	e->de = attr(c, n, "de");
	e->pos = (uint16_t)count_attr(n, "pos", 0);
	e->min = (uint16_t)count_attr(n, "min", 0);
	e->max = (uint16_t)count_attr(n, "max", 1);
	e->repeat = count_attr(n, "repeat", 1);
	e->usage = usage[0];
	if (codes && strncmp(codes, "external:", 9) == 0)
		e->external = codes + 9;
	switch (type[0]) {
	case 'A': e->type = TXS_AN; break;
	case 'I': e->type = TXS_ID; break;
	case 'N': e->type = TXS_N; e->decimals = (uint8_t)(type[1] - '0'); break;
	case 'R': e->type = TXS_R; break;
	case 'D': e->type = TXS_DT; break;
	case 'T': e->type = TXS_TM; break;
	default: e->type = TXS_B; break;
	}
	for (xmlNode *k = n->children; k; k = k->next) {
		xmlChar *txt;
		char **slot;

		if (!is_elem(k, "code"))
			continue;
		txt = xmlNodeGetContent(k);
		slot = vec_push(&c->codes);
		if (!slot || !txt) {
			xmlFree(txt);
			return false;
		}
		*slot = keep_str(c, (const char *)txt);
		xmlFree(txt);
		if (!*slot)
			return false;
	}
	e = (struct txs_element *)c->elems.p + at; /* codes vec may not move elems, but be safe */
	e->codes = (uint32_t)first;
	e->ncodes = (uint16_t)(c->codes.n - first);
	qsort((char **)c->codes.p + first, e->ncodes, sizeof(char *), cmp_code);
	return true;
}

static bool
compile_segment(struct compiler *c, xmlNode *n, uint32_t loop, uint32_t *out)
{
	struct txs_segment *s = vec_push(&c->segs);
	uint32_t si = (uint32_t)(c->segs.n - 1);
	char *id, *usage, *key;
	uint16_t nel = 0, maxpos = 0;

	if (!s)
		return false;
	id = attr(c, n, "id");
	usage = attr(c, n, "usage");
	key = attr(c, n, "key");
	s = (struct txs_segment *)c->segs.p + si;
	snprintf(s->id, sizeof s->id, "%s", id ? id : "");
	s->id32 = (uint32_t)txs_pack(s->id, strlen(s->id));
	s->name = attr(c, n, "name");
	s->usage = usage ? usage[0] : 'S';
	s->max = count_attr(n, "max", 1);
	s->loop = loop;
	if (key) {
		s->key_elem = (uint8_t)atoi(key);
		s->key_comp = strchr(key, '-') ? (uint8_t)atoi(strchr(key, '-') + 1) : 0;
	}
	s->elems = (uint32_t)c->elems.n;
	/* the top-level elements first, in order; composite components after them */
	for (xmlNode *k = n->children; k; k = k->next) {
		if (is_elem(k, "element") || is_elem(k, "composite")) {
			if (!vec_push(&c->elems))
				return false;
			nel++;
		}
	}
	uint32_t at = s->elems;

	for (xmlNode *k = n->children; k; k = k->next) {
		if (is_elem(k, "element")) {
			if (!compile_element(c, k, at))
				return false;
		} else if (is_elem(k, "composite")) {
			struct txs_element *e = (struct txs_element *)c->elems.p + at;
			char *usage_c = attr(c, k, "usage");
			uint32_t comp = (uint32_t)c->elems.n;
			uint16_t nc = 0;

			e->name = attr(c, k, "name");
			e->de = attr(c, k, "de");
			e->pos = (uint16_t)count_attr(k, "pos", 0);
			e->repeat = count_attr(k, "repeat", 1);
			e->usage = usage_c ? usage_c[0] : 'S';
			e->type = TXS_AN;
			for (xmlNode *m = k->children; m; m = m->next)
				if (is_elem(m, "element")) {
					if (!vec_push(&c->elems))
						return false;
					nc++;
				}
			uint32_t ci = comp;
			uint16_t last = 0;

			for (xmlNode *m = k->children; m; m = m->next) {
				if (!is_elem(m, "element"))
					continue;
				if (!compile_element(c, m, ci))
					return false;
				if (((struct txs_element *)c->elems.p)[ci].pos <= last) {
					snprintf(c->err, sizeof c->err,
						 "%s:%ld: segment %s: component positions must increase", c->file,
						 xmlGetLineNo(m), id ? id : "?");
					return false;
				}
				last = ((struct txs_element *)c->elems.p)[ci].pos;
				ci++;
			}
			e = (struct txs_element *)c->elems.p + at;
			e->comp = comp;
			e->ncomp = nc;
		} else {
			continue;
		}
		{
			struct txs_element *e = (struct txs_element *)c->elems.p + at;

			if (e->pos <= maxpos) {
				snprintf(c->err, sizeof c->err, "%s:%ld: segment %s: element positions must increase",
					 c->file, xmlGetLineNo(k), id ? id : "?");
				return false;
			}
			maxpos = e->pos;
			if (e->usage == TXS_REQUIRED)
				((struct txs_segment *)c->segs.p)[si].last_req = e->pos;
		}
		at++;
	}
	s = (struct txs_segment *)c->segs.p + si;
	s->nelems = nel;
	s->max_pos = maxpos;
	for (uint16_t i = 0; i + 1 < nel; i++) {
		const struct txs_element *q = (struct txs_element *)c->elems.p + s->elems + i;

		/* DTP02/DTP03, DMG01/DMG02 ...: the qualifier says how to read the date */
		if (q->de && strcmp(q->de, "1250") == 0 && q[1].de && strcmp(q[1].de, "1251") == 0 &&
		    q[1].pos == q->pos + 1 && q->pos < 256)
			s->period_pos = (uint8_t)q->pos;
	}
	if (s->key_elem) {
		const struct txs_element *ke = NULL;

		for (uint16_t i = 0; i < nel; i++)
			if (((struct txs_element *)c->elems.p)[s->elems + i].pos == s->key_elem)
				ke = (struct txs_element *)c->elems.p + s->elems + i;
		if (ke && s->key_comp)
			ke = ke->ncomp >= s->key_comp ? (struct txs_element *)c->elems.p + ke->comp + s->key_comp - 1
						      : NULL;
		if (!ke || ke->ncodes == 0) {
			snprintf(c->err, sizeof c->err, "%s:%ld: segment %s: key names no element with codes",
				 c->file, xmlGetLineNo(n), s->id);
			return false;
		}
		s->key_def = (uint32_t)(ke - (struct txs_element *)c->elems.p);
	}
	*out = si;
	return true;
}

/* Compiles the children of a loop (or the transaction) node n into loop li. */
static bool
compile_loop(struct compiler *c, xmlNode *n, uint32_t li, uint16_t depth)
{
	uint32_t nchild = 0, first;
	struct txs_loop *l;

	for (xmlNode *k = n->children; k; k = k->next)
		if (is_elem(k, "segment") || is_elem(k, "loop"))
			nchild++;
	first = (uint32_t)c->children.n;
	for (uint32_t i = 0; i < nchild; i++)
		if (!vec_push(&c->children))
			return false;
	l = (struct txs_loop *)c->loops.p + li;
	l->children = first;
	l->nchildren = (uint16_t)nchild;
	l->depth = depth;

	uint32_t at = first;

	for (xmlNode *k = n->children; k; k = k->next) {
		struct txs_child *ch;

		if (is_elem(k, "segment")) {
			uint32_t si;

			if (!compile_segment(c, k, li, &si))
				return false;
			ch = (struct txs_child *)c->children.p + at++;
			ch->index = si;
			ch->is_loop = false;
		} else if (is_elem(k, "loop")) {
			struct txs_loop *sub = vec_push(&c->loops);
			uint32_t sl = (uint32_t)(c->loops.n - 1);
			char *usage;

			if (!sub)
				return false;
			sub->id = attr(c, k, "id");
			sub->name = attr(c, k, "name");
			usage = attr(c, k, "usage");
			sub = (struct txs_loop *)c->loops.p + sl;
			sub->usage = usage ? usage[0] : 'S';
			sub->repeat = count_attr(k, "repeat", 1);
			sub->parent = li;
			ch = (struct txs_child *)c->children.p + at++;
			ch->index = sl;
			ch->is_loop = true;
			{
				char *ref = attr(c, k, "ref");

				if (ref) {
					/* share the content of an earlier loop with this id */
					const struct txs_loop *src = NULL;

					for (size_t j = 0; j < sl && !src; j++) {
						const struct txs_loop *cand = (struct txs_loop *)c->loops.p + j;

						if (j > 0 && cand->id && strcmp(cand->id, ref) == 0 && cand->nchildren)
							src = cand;
					}
					if (!src || xmlFirstElementChild(k)) {
						snprintf(c->err, sizeof c->err,
							 "%s:%ld: loop ref=\"%s\" must be empty and name a loop defined earlier",
							 c->file, xmlGetLineNo(k), ref);
						return false;
					}
					sub = (struct txs_loop *)c->loops.p + sl;
					sub->children = src->children;
					sub->nchildren = src->nchildren;
					sub->depth = (uint16_t)(depth + 1);
					continue;
				}
			}
			if (!xmlFirstElementChild(k)) {
				snprintf(c->err, sizeof c->err, "%s:%ld: loop %s has no segments", c->file,
					 xmlGetLineNo(k), sub->id ? sub->id : "?");
				return false;
			}
			if (!compile_loop(c, k, sl, (uint16_t)(depth + 1)))
				return false;
		}
	}
	for (uint32_t i = nchild; i-- > 0;) {
		struct txs_child *ch = (struct txs_child *)c->children.p + first + i;
		char usage = ch->is_loop ? ((struct txs_loop *)c->loops.p)[ch->index].usage
					 : ((struct txs_segment *)c->segs.p)[ch->index].usage;

		ch->next_req = usage == TXS_REQUIRED ? (uint16_t)i
			     : i + 1 < nchild ? (ch + 1)->next_req : (uint16_t)nchild;
	}
	for (uint32_t i = 0; i < nchild; i++) {
		struct txs_child *ch = (struct txs_child *)c->children.p + first + i;
		const struct txs_child *prev = ch - 1;

		ch->run = (uint16_t)i;
		if (i > 1 && !ch->is_loop && !prev->is_loop &&
		    strcmp(((struct txs_segment *)c->segs.p)[ch->index].id,
			   ((struct txs_segment *)c->segs.p)[prev->index].id) == 0)
			ch->run = prev->run;
	}
	return true;
}

/*
 * The <syntax segment="NM1" notes="P0809 C1110"/> elements of the
 * transaction: each note becomes a txs_note (the XSD has checked its shape:
 * a type letter and two or more two-digit positions).
 */
static bool
compile_syntax(struct compiler *c, xmlNode *root)
{
	for (xmlNode *k = root->children; k; k = k->next) {
		struct syn_entry *e;
		char *seg, *notes;
		const char *p;

		if (!is_elem(k, "syntax"))
			continue;
		seg = attr(c, k, "segment");
		notes = attr(c, k, "notes");
		if (!seg || !notes)
			return false;
		for (size_t i = 0; i < c->syns.n; i++)
			if (strcmp(((struct syn_entry *)c->syns.p)[i].id, seg) == 0) {
				snprintf(c->err, sizeof c->err, "%s:%ld: syntax notes of segment %s are given twice",
					 c->file, xmlGetLineNo(k), seg);
				return false;
			}
		e = vec_push(&c->syns);
		if (!e)
			return false;
		snprintf(e->id, sizeof e->id, "%s", seg);
		e->first = (uint32_t)c->notes.n;
		e->line = xmlGetLineNo(k);
		for (p = notes; *p;) {
			size_t len;
			char word[64];
			struct txs_note *n;
			uint64_t mask = 0;
			unsigned first = 0;

			while (*p == ' ')
				p++;
			len = strcspn(p, " ");
			if (len == 0)
				break;
			if (len >= sizeof word) {
				snprintf(c->err, sizeof c->err, "%s:%ld: segment %s: syntax note too long", c->file,
					 xmlGetLineNo(k), seg);
				return false;
			}
			memcpy(word, p, len);
			word[len] = '\0';
			p += len;
			for (size_t i = 1; i + 1 < len; i += 2) {
				unsigned pos = (unsigned)(word[i] - '0') * 10 + (unsigned)(word[i + 1] - '0');

				if (pos == 0 || pos > 63 || (mask >> pos & 1)) {
					snprintf(c->err, sizeof c->err,
						 "%s:%ld: segment %s: syntax note %s: element %02u %s", c->file,
						 xmlGetLineNo(k), seg, word, pos,
						 pos == 0 || pos > 63 ? "is outside 01..63" : "is named twice");
					return false;
				}
				if (!first)
					first = pos;
				mask |= UINT64_C(1) << pos;
			}
			n = vec_push(&c->notes);
			if (!n)
				return false;
			n->mask = mask;
			n->type = (uint8_t)word[0];
			n->first = (uint8_t)first;
			n->text = keep_str(c, word);
			if (!n->text)
				return false;
			e = (struct syn_entry *)c->syns.p + c->syns.n - 1;
			if (++e->n > UINT8_MAX) {
				snprintf(c->err, sizeof c->err, "%s:%ld: segment %s: more than %u syntax notes", c->file,
					 xmlGetLineNo(k), seg, UINT8_MAX);
				return false;
			}
		}
	}
	return true;
}

/* Gives every segment definition the notes of its id; a note for an id the set never uses is a mistake. */
static bool
attach_syntax(struct compiler *c)
{
	struct syn_entry *syns = c->syns.p;
	const struct txs_note *notes = c->notes.p;

	for (size_t i = 0; i < c->segs.n; i++) {
		struct txs_segment *s = (struct txs_segment *)c->segs.p + i;
		uint64_t defined = 0;

		for (uint16_t k = 0; k < s->nelems; k++) {
			const struct txs_element *e = (const struct txs_element *)c->elems.p + s->elems + k;

			if (e->pos >= 64)
				continue;
			defined |= UINT64_C(1) << e->pos;
			if (e->usage == TXS_REQUIRED)
				s->req_mask |= UINT64_C(1) << e->pos;
			else if (e->usage == TXS_NOT_USED)
				s->unused_mask |= UINT64_C(1) << e->pos;
		}
		s->unused_mask |= ~defined & ~UINT64_C(1);
		for (size_t j = 0; j < c->syns.n; j++) {
			if (strcmp(syns[j].id, s->id) != 0)
				continue;
			s->notes = syns[j].first;
			s->nnotes = (uint8_t)syns[j].n;
			for (uint32_t k = 0; k < syns[j].n; k++)
				s->note_mask |= notes[syns[j].first + k].mask;
			syns[j].used = true;
		}
	}
	for (size_t j = 0; j < c->syns.n; j++)
		if (!syns[j].used) {
			snprintf(c->err, sizeof c->err, "%s:%ld: syntax notes for segment %s, which the set does not define",
				 c->file, syns[j].line, syns[j].id);
			return false;
		}
	return true;
}

/* A compiled set and the strings it points into. */
struct x12_txset_owner {
	struct x12_txset set;
	char **strs;
	size_t nstrs;
};

/* Deepest loop nesting below loop li, following shared content too. */
static uint16_t
tree_depth(const struct x12_txset *ts, uint32_t li, unsigned guard)
{
	const struct txs_loop *l = &ts->loops[li];
	uint16_t best = 0;

	if (guard > 64)
		return 64;
	for (uint16_t i = 0; i < l->nchildren; i++) {
		const struct txs_child *ch = &ts->children[l->children + i];

		if (ch->is_loop) {
			uint16_t d = (uint16_t)(1 + tree_depth(ts, ch->index, guard + 1));

			if (d > best)
				best = d;
		}
	}
	return best;
}

/* Up to 8 bytes, big-endian and zero-padded: integer order = string order. */
static uint64_t
pack_be(const char *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < 8; i++)
		v = v << 8 | (i < n ? (unsigned char)p[i] : 0);
	return v;
}

static struct x12_txset *
compile(struct compiler *c, xmlNode *root)
{
	struct x12_txset_owner *own = calloc(1, sizeof *own);
	struct x12_txset *ts;
	struct txs_loop *top;
	char *aliases;

	if (!own)
		return NULL;
	ts = &own->set;
	c->loops.size = sizeof(struct txs_loop);
	c->segs.size = sizeof(struct txs_segment);
	c->elems.size = sizeof(struct txs_element);
	c->children.size = sizeof(struct txs_child);
	c->codes.size = sizeof(char *);
	c->strings.size = sizeof(char *);
	c->notes.size = sizeof(struct txs_note);
	c->syns.size = sizeof(struct syn_entry);

	ts->id = attr(c, root, "id");
	ts->st01 = attr(c, root, "st01");
	ts->guide = attr(c, root, "guide");
	ts->name = attr(c, root, "name");
	aliases = attr(c, root, "aliases");
	{
		size_t na = 0;
		char *p = aliases, *save = NULL;

		while (p && *p) {
			while (*p == ' ')
				p++;
			if (*p)
				na++;
			while (*p && *p != ' ')
				p++;
		}
		ts->aliases = calloc(na + 1, sizeof(char *));
		if (!ts->aliases)
			goto fail;
		na = 0;
		for (p = aliases ? strtok_r(aliases, " ", &save) : NULL; p; p = strtok_r(NULL, " ", &save))
			ts->aliases[na++] = p;
	}
	top = vec_push(&c->loops);
	if (!top)
		goto fail;
	top->id = "ST";
	top->name = ts->name;
	top->usage = 'R';
	top->repeat = 1;
	top->parent = UINT32_MAX;
	if (!compile_syntax(c, root) || !compile_loop(c, root, 0, 0) || !attach_syntax(c))
		goto fail;
	top = c->loops.p;
	if (top->nchildren == 0) {
		snprintf(c->err, sizeof c->err, "%s: transaction has no segments", c->file);
		goto fail;
	}
	ts->loops = c->loops.p;
	ts->nloops = c->loops.n;
	ts->segs = c->segs.p;
	ts->nsegs = c->segs.n;
	ts->elems = c->elems.p;
	ts->nelems = c->elems.n;
	ts->children = c->children.p;
	ts->nchildren = c->children.n;
	ts->codes = (const char *const *)c->codes.p;
	ts->ncodes = c->codes.n;
	ts->notes = c->notes.p;
	ts->nnotes = c->notes.n;
	{
		uint8_t *lens = malloc(ts->ncodes ? ts->ncodes : 1);

		if (!lens)
			goto fail;
		for (size_t i = 0; i < ts->ncodes; i++) {
			size_t n = strlen(ts->codes[i]);

			lens[i] = (uint8_t)(n > 255 ? 255 : n);
		}
		ts->code_len = lens;
	}
	{
		uint64_t *packed = calloc(ts->ncodes ? ts->ncodes : 1, sizeof *packed);

		if (!packed)
			goto fail;
		for (size_t i = 0; i < ts->ncodes; i++)
			packed[i] = pack_be(ts->codes[i], ts->code_len[i] < 8 ? ts->code_len[i] : 8); /* prefix: order kept */
		ts->code64 = packed;
	}
	for (size_t i = 0; i < ts->nchildren; i++) {
		struct txs_child *ch = (struct txs_child *)ts->children + i;
		uint32_t si = ch->is_loop ? ts->children[ts->loops[ch->index].children].index : ch->index;

		ch->id32 = ts->segs[si].id32;
	}
	for (size_t i = 0; i < ts->nloops; i++) {
		struct txs_loop *l = (struct txs_loop *)ts->loops + i;
		struct txs_child *kids = (struct txs_child *)ts->children + l->children;

		/* same-id chains and the id index of each loop (shared content is indexed twice: harmless) */
		for (unsigned j = 0; j < l->nchildren; j++) {
			unsigned k = j + 1;

			while (k < l->nchildren && kids[k].id32 != kids[j].id32)
				k++;
			kids[j].next_same = (uint16_t)k;
		}
		memset(l->ids, 0, sizeof l->ids);
		if (l->nchildren < TXS_ID_SLOTS / 2) {
			for (unsigned j = l->nchildren; j-- > 0;) {
				unsigned h = (kids[j].id32 * 2654435761u) >> 24;

				while (l->ids[h].id32 && l->ids[h].id32 != kids[j].id32)
					h = (h + 1) % TXS_ID_SLOTS;
				l->ids[h].id32 = kids[j].id32;
				l->ids[h].first = (uint16_t)j; /* walking backwards: the first one wins */
			}
		}
	}
	for (size_t i = 0; i < ts->nloops; i++) {
		((struct txs_loop *)ts->loops)[i].id64 = txs_pack(ts->loops[i].id, strlen(ts->loops[i].id));
		if (ts->loops[i].nchildren > ts->max_children)
			ts->max_children = ts->loops[i].nchildren;
	}
	ts->max_depth = tree_depth(ts, 0, 0);
	if (ts->max_depth >= TXS_MAX_DEPTH || ts->max_children > TXS_MAX_CHILDREN) {
		snprintf(c->err, sizeof c->err, "%s: loops nest %u deep or hold %u children; at most %u and %u",
			 c->file, ts->max_depth, ts->max_children, TXS_MAX_DEPTH - 1, TXS_MAX_CHILDREN);
		goto fail;
	}
	own->strs = c->strings.p;
	own->nstrs = c->strings.n;
	memset(&c->loops, 0, sizeof c->loops);
	memset(&c->segs, 0, sizeof c->segs);
	memset(&c->elems, 0, sizeof c->elems);
	memset(&c->children, 0, sizeof c->children);
	memset(&c->codes, 0, sizeof c->codes);
	memset(&c->notes, 0, sizeof c->notes);
	memset(&c->strings, 0, sizeof c->strings);
	return ts;
fail:
	if (!c->err[0])
		snprintf(c->err, sizeof c->err, "%s: out of memory", c->file);
	free(ts->aliases);
	free(own);
	return NULL;
}

static void
free_compiler(struct compiler *c)
{
	for (size_t i = 0; i < c->strings.n; i++)
		free(((char **)c->strings.p)[i]);
	free(c->strings.p);
	free(c->loops.p);
	free(c->segs.p);
	free(c->elems.p);
	free(c->children.p);
	free(c->codes.p);
	free(c->notes.p);
	free(c->syns.p);
}

static void
free_owner(struct x12_txset *ts)
{
	struct x12_txset_owner *own = (struct x12_txset_owner *)ts;

	for (size_t i = 0; i < own->nstrs; i++)
		free(own->strs[i]);
	free(own->strs);
	free((void *)ts->loops);
	free((void *)ts->segs);
	free((void *)ts->elems);
	free((void *)ts->children);
	free((void *)ts->codes);
	free((void *)ts->code_len);
	free((void *)ts->code64);
	free((void *)ts->notes);
	free(ts->aliases);
	free(own);
}

/* ------------------------------------------------------------ libxml2 errors */

struct xml_errs {
	char msg[256];
	const char *file;
};

#if LIBXML_VERSION >= 21200
#define XML_ERR_CONST const
#else
#define XML_ERR_CONST
#endif

static void
on_xml_error(void *ctx, XML_ERR_CONST xmlError *e)
{
	struct xml_errs *x = ctx;
	size_t n;

	if (x->msg[0] || !e)
		return;
	snprintf(x->msg, sizeof x->msg, "%s:%d: %s", x->file, e->line, e->message ? e->message : "XML error");
	n = strlen(x->msg);
	if (n && x->msg[n - 1] == '\n')
		x->msg[n - 1] = '\0';
}

#define XML_FLAGS (XML_PARSE_NONET | XML_PARSE_NOCDATA)

static const struct embedded_file *
embedded(const char *name)
{
	for (size_t i = 0; i < remedi_embedded_schemas_count; i++)
		if (strcmp(remedi_embedded_schemas[i].name, name) == 0)
			return &remedi_embedded_schemas[i];
	return NULL;
}

/* Reads a whole (small) file; NULL on error. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < (64L << 20) && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else if (buf) {
			*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

static struct x12_txset *
load_one(xmlSchemaPtr xsd, const char *name, const char *text, size_t len, char *err, size_t errlen)
{
	struct xml_errs xe = { .file = name };
	struct compiler c;
	xmlDocPtr doc;
	xmlSchemaValidCtxtPtr vctx;
	struct x12_txset *ts = NULL;

	memset(&c, 0, sizeof c);
	c.file = name;
	xmlSetStructuredErrorFunc(&xe, on_xml_error);
	doc = xmlReadMemory(text, (int)len, name, NULL, XML_FLAGS);
	if (!doc) {
		if (xe.msg[0])
			snprintf(err, errlen, "%s", xe.msg);
		else
			snprintf(err, errlen, "%s:1: cannot parse XML%s", name, len == 0 ? " (the file is empty)" : "");
		goto out;
	}
	vctx = xmlSchemaNewValidCtxt(xsd);
	if (!vctx) {
		snprintf(err, errlen, "%s: out of memory", name);
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vctx, on_xml_error, &xe);
	if (xmlSchemaValidateDoc(vctx, doc) != 0) {
		snprintf(err, errlen, "%s", xe.msg[0] ? xe.msg : "does not validate against txset.xsd");
		xmlSchemaFreeValidCtxt(vctx);
		goto out;
	}
	xmlSchemaFreeValidCtxt(vctx);
	ts = compile(&c, xmlDocGetRootElement(doc));
	if (!ts)
		snprintf(err, errlen, "%s", c.err);
out:
	free_compiler(&c);
	xmlFreeDoc(doc);
	xmlSetStructuredErrorFunc(NULL, NULL);
	return ts;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static xmlSchemaPtr
load_xsd(char *err, size_t errlen)
{
	const struct embedded_file *xsd_file = embedded("txset.xsd");
	struct xml_errs xe = { .file = "txset.xsd" };
	xmlSchemaParserCtxtPtr pctx;
	xmlSchemaPtr xsd = NULL;

	if (!xsd_file) {
		snprintf(err, errlen, "no embedded txset.xsd");
		return NULL;
	}
	xmlSetStructuredErrorFunc(&xe, on_xml_error);
	pctx = xmlSchemaNewMemParserCtxt((const char *)xsd_file->data, (int)xsd_file->len);
	if (pctx) {
		xmlSchemaSetParserStructuredErrors(pctx, on_xml_error, &xe);
		xsd = xmlSchemaParse(pctx);
		xmlSchemaFreeParserCtxt(pctx);
	}
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!xsd)
		snprintf(err, errlen, "%s", xe.msg[0] ? xe.msg : "txset.xsd: cannot load");
	return xsd;
}

static bool
set_header_from(struct schema_entry *e)
{
	const struct x12_txset *ts = e->ts;
	size_t n = 0;

	for (const char **a = ts->aliases; a && *a; a++)
		n += strlen(*a) + 1;
	e->aliases = malloc(n + 1);
	e->id = strdup(ts->id ? ts->id : "");
	e->st01 = strdup(ts->st01);
	e->guide = strdup(ts->guide);
	if (!e->aliases || !e->id || !e->st01 || !e->guide)
		return false;
	e->aliases[0] = '\0';
	for (const char **a = ts->aliases; a && *a; a++) {
		strcat(e->aliases, *a);
		strcat(e->aliases, " ");
	}
	return true;
}

static struct x12_schemas *
schemas_load(const char *dir, char *err, size_t errlen)
{
	struct x12_schemas *s = calloc(1, sizeof *s);
	char *names[64];
	size_t nnames = 0;

	err[0] = '\0';
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (dir) {
		DIR *d = opendir(dir);
		struct dirent *de;

		if (!d) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			goto fail;
		}
		while ((de = readdir(d)) && nnames < X12_ARRAY_SIZE(names)) {
			size_t n = strlen(de->d_name);

			if (n > 4 && strcmp(de->d_name + n - 4, ".xml") == 0)
				names[nnames++] = strdup(de->d_name);
		}
		closedir(d);
		qsort(names, nnames, sizeof names[0], cmp_name);
	} else {
		for (size_t i = 0; i < remedi_builtin_txsets_count && nnames < X12_ARRAY_SIZE(names); i++)
			names[nnames++] = strdup(remedi_builtin_txsets[i].file);
	}
	s->e = calloc(nnames ? nnames : 1, sizeof *s->e);
	if (!s->e) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < nnames; i++) {
		struct schema_entry *e = &s->e[s->n];

		if (!names[i]) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		s->n++;
		if (dir) {
			/* a user's copy: check and compile all of it now */
			char path[4096];
			size_t len = 0;
			char *text;

			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			e->name = strdup(path);
			text = slurp(path, &len);
			if (!text || !e->name) {
				free(text);
				snprintf(err, errlen, "%.*s: cannot read", (int)(errlen > 20 ? errlen - 20 : 0), path);
				goto fail;
			}
			if (!s->xsd && !(s->xsd = load_xsd(err, errlen))) {
				free(text);
				goto fail;
			}
			e->ts = load_one(s->xsd, path, text, len, err, errlen);
			free(text);
			if (!e->ts)
				goto fail;
			if (!set_header_from(e)) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
		} else {
			/* built in: compiled at build time, in the order of names[] */
			e->builtin = true;
			e->ts = (struct x12_txset *)remedi_builtin_txsets[i].ts;
			e->name = strdup(names[i]);
			if (!e->name || !set_header_from(e)) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
		}
	}
	if (s->n == 0) {
		snprintf(err, errlen, "%s: no transaction-set definitions (*.xml)", dir ? dir : "embedded");
		goto fail;
	}
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	return s;
fail:
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	x12_schemas_free(s);
	return NULL;
}

enum x12_status
x12_schemas_load(const char *dir, struct x12_schemas **out, struct x12_error *err)
{
	char msg[sizeof err->msg];

	*out = schemas_load(dir, msg, sizeof msg);
	if (*out)
		return X12_OK;
	memset(err, 0, sizeof *err);
	err->code = strstr(msg, "out of memory") ? X12_E_NOMEM : X12_E_DEFINITIONS;
	snprintf(err->msg, sizeof err->msg, "%s", msg);
	return X12_ERROR;
}

enum x12_status
x12_schemas_prepare(struct x12_schemas *s, struct x12_error *err)
{
	/* every definition is compiled once loaded (built in: at build time) */
	(void)s;
	(void)err;
	return X12_OK;
}

void
x12_schemas_free(struct x12_schemas *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		struct schema_entry *e = &s->e[i];

		if (e->ts && !e->builtin)
			free_owner(e->ts);
		free(e->name);
		free(e->id);
		free(e->st01);
		free(e->guide);
		free(e->aliases);
	}
	free(s->e);
	if (s->xsd)
		xmlSchemaFree(s->xsd);
	free(s);
}

size_t
x12_schemas_count(const struct x12_schemas *s)
{
	return s->n;
}

const struct x12_txset *
x12_schemas_get(struct x12_schemas *s, size_t i)
{
	return i < s->n ? s->e[i].ts : NULL;
}

const char *
x12_schemas_info(const struct x12_schemas *s, size_t i, const char **st01, const char **guide)
{
	if (i >= s->n)
		return NULL;
	if (st01)
		*st01 = s->e[i].st01;
	if (guide)
		*guide = s->e[i].guide;
	return s->e[i].id;
}

const char *
x12_schemas_error(const struct x12_schemas *s)
{
	(void)s;
	return ""; /* nothing is compiled after load any more */
}

const char *
txs_schema_file(const struct x12_schemas *s, size_t i)
{
	return i < s->n ? s->e[i].name : NULL;
}

/* Is v one of the space-separated words of list? */
static bool
in_list(struct x12_str v, const char *list)
{
	const char *p = list;

	while (*p) {
		size_t n;

		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n && n == v.len && memcmp(p, v.ptr, n) == 0)
			return true;
		p += n;
	}
	return false;
}

const struct x12_txset *
x12_schemas_find(struct x12_schemas *s, struct x12_str st01, struct x12_str guide)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct schema_entry *e = &s->e[i];

		if (x12_str_eq(st01, e->st01) && (x12_str_eq(guide, e->guide) || in_list(guide, e->aliases)))
			return e->ts;
	}
	return NULL;
}

bool
txs_has_code(const struct x12_txset *ts, const struct txs_element *e, struct x12_str v)
{
	size_t lo = e->codes, hi = (size_t)e->codes + e->ncodes;

	if (v.len == 0)
		return false;
	if (v.len <= 8) {
		/* almost every code: compare integers (no code contains a NUL byte) */
		uint64_t key = pack_be(v.ptr, v.len);

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			uint64_t c = ts->code64[mid];

			if (c == key && ts->code_len[mid] == v.len)
				return true;
			if (key < c || (key == c && v.len < ts->code_len[mid]))
				hi = mid;
			else
				lo = mid + 1;
		}
		return false;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t cl = ts->code_len[mid];
		int r = memcmp(v.ptr, ts->codes[mid], v.len < cl ? v.len : cl);

		if (r == 0)
			r = v.len < cl ? -1 : v.len > cl;
		if (r == 0)
			return true;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

const char *
x12_txset_id(const struct x12_txset *ts)
{
	return ts->id;
}

const char *
x12_txset_guide(const struct x12_txset *ts)
{
	return ts->guide;
}

const char *
x12_loop_id(const struct txs_loop *l)
{
	return l->id;
}

const char *
x12_loop_name(const struct txs_loop *l)
{
	return l->name;
}
