/*
 * pack.c - rule packs: which rules run, at which severity, for which payer.
 *
 *   XML text (embedded schemas/rules/default.xml, or a user file)
 *     --libxml2 parse (XML_PARSE_NONET, no DTD, no entities)--> DOM
 *     --xmlSchemaValidateDoc(rulepack.xsd)--> checked DOM
 *     --walk--> flat state: per rule enabled, contexts, severity (global and
 *               per context); profiles (SBR09 / payer id -> context)
 *
 * Errors name file:line (the parser's or the validator's line, or the line
 * of the <rule> naming an unknown id).  Errors go to per-context handlers,
 * never to libxml2's process-wide one.  A loaded pack is immutable.
 */
#include "internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PROFILES 32

struct pack_rule {
	bool enabled;
	unsigned contexts;
	int severity;                /* -1: the registry's */
	int ctx_severity[4];         /* per context bit, -1: none */
};

struct pack_profile {
	unsigned context;
	char sbr09[3];
	char payer_id[81];
};

struct edits_pack {
	char name[64];
	struct pack_rule rules[R__COUNT];
	struct pack_profile profiles[MAX_PROFILES];
	unsigned nprofiles;
};

static const struct embedded_file *
pack_file(const char *name)
{
	return ed_embedded(remedi_embedded_packs, remedi_embedded_packs_count, name);
}

#define set_err ed_set_error

/* The first libxml2 error of a context, kept with its line. */
struct xml_err {
	bool set;
	unsigned long line;
	char msg[160];
};

static void
on_xml_error(void *ctx, xmlErrorPtr e)
{
	struct xml_err *x = ctx;
	size_t n;

	if (x->set || !e)
		return;
	x->set = true;
	x->line = e->line > 0 ? (unsigned long)e->line : 0;
	snprintf(x->msg, sizeof x->msg, "%s", e->message ? e->message : "invalid");
	n = strlen(x->msg);
	while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
		x->msg[--n] = '\0';
}

/* The parser's structured-error hook: its ctx is the parser context, whose _private holds our record. */
static void
on_parse_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr pctx = ctx;

	if (pctx && pctx->_private)
		on_xml_error(pctx->_private, e);
}

static int
context_bit(const char *s)
{
	if (strcmp(s, "medicare-b") == 0)
		return EDITS_PAYER_MEDICARE_B;
	if (strcmp(s, "medicare-advantage") == 0)
		return EDITS_PAYER_MEDICARE_ADV;
	if (strcmp(s, "medicaid") == 0)
		return EDITS_PAYER_MEDICAID;
	if (strcmp(s, "commercial") == 0)
		return EDITS_PAYER_COMMERCIAL;
	return 0;
}

static int
ctx_index(unsigned bit)
{
	for (int i = 0; i < 4; i++)
		if (bit == 1u << i)
			return i;
	return -1;
}

static int
severity_of(const char *s)
{
	return strcmp(s, "error") == 0 ? X12_SEV_ERROR : strcmp(s, "warning") == 0 ? X12_SEV_WARNING : X12_SEV_INFO;
}

/* An attribute as a C string in buf ("" when absent). */
static const char *
attr(xmlNodePtr n, const char *name, char *buf, size_t size)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);

	snprintf(buf, size, "%s", v ? (const char *)v : "");
	xmlFree(v);
	return buf;
}

static bool
is_elem(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static void
pack_defaults(struct edits_pack *p)
{
	unsigned n;
	const struct edits_rule_info *reg = edits_rules(&n);

	for (unsigned i = 0; i < R__COUNT; i++) {
		p->rules[i].enabled = true;
		p->rules[i].contexts = reg[i].payers;
		p->rules[i].severity = -1;
		for (int k = 0; k < 4; k++)
			p->rules[i].ctx_severity[k] = -1;
	}
}

static bool
read_dom(struct edits_pack *p, xmlNodePtr root, const char *file, struct edits_error *err)
{
	char buf[256];

	attr(root, "name", p->name, sizeof p->name);
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (is_elem(n, "profile")) {
			unsigned ctx = (unsigned)context_bit(attr(n, "context", buf, sizeof buf));

			for (xmlNodePtr m = n->children; m; m = m->next) {
				struct pack_profile *pr;

				if (!is_elem(m, "match"))
					continue;
				if (p->nprofiles == MAX_PROFILES) {
					set_err(err, file, (unsigned long)xmlGetLineNo(m), "more than %d profile matches",
						MAX_PROFILES);
					return false;
				}
				pr = &p->profiles[p->nprofiles++];
				pr->context = ctx;
				attr(m, "sbr09", pr->sbr09, sizeof pr->sbr09);
				attr(m, "payer-id", pr->payer_id, sizeof pr->payer_id);
				if (!pr->sbr09[0] && !pr->payer_id[0]) {
					set_err(err, file, (unsigned long)xmlGetLineNo(m),
						"<match> needs sbr09 or payer-id");
					return false;
				}
			}
		} else if (is_elem(n, "rule")) {
			int r = edits_rule_index(attr(n, "id", buf, sizeof buf));
			struct pack_rule *pr;

			if (r < 0) {
				set_err(err, file, (unsigned long)xmlGetLineNo(n), "unknown rule id '%s'", buf);
				return false;
			}
			pr = &p->rules[r];
			if (attr(n, "enabled", buf, sizeof buf)[0])
				pr->enabled = strcmp(buf, "true") == 0 || strcmp(buf, "1") == 0;
			if (attr(n, "severity", buf, sizeof buf)[0])
				pr->severity = severity_of(buf);
			if (attr(n, "contexts", buf, sizeof buf)[0]) {
				char *save = NULL;

				pr->contexts = 0;
				for (char *t = strtok_r(buf, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save))
					pr->contexts |= (unsigned)context_bit(t);
			}
			for (xmlNodePtr m = n->children; m; m = m->next) {
				char sev[16];
				int k;

				if (!is_elem(m, "context"))
					continue;
				k = ctx_index((unsigned)context_bit(attr(m, "name", buf, sizeof buf)));
				if (k >= 0)
					pr->ctx_severity[k] = severity_of(attr(m, "severity", sev, sizeof sev));
			}
		}
	}
	return true;
}

static bool
parse_pack(struct edits_pack *p, const char *file, const char *text, size_t len, struct edits_error *err)
{
	const struct embedded_file *xsd_file = pack_file("rulepack.xsd");
	xmlParserCtxtPtr pctx = NULL;
	xmlSchemaParserCtxtPtr sctx = NULL;
	xmlSchemaPtr xsd = NULL;
	xmlSchemaValidCtxtPtr vctx = NULL;
	xmlDocPtr doc = NULL;
	struct xml_err xe = { 0 };
	bool ok = false;

	if (!xsd_file) {
		set_err(err, "rulepack.xsd", 0, "not built into the binary");
		return false;
	}
	if (len > (size_t)1 << 30) {
		set_err(err, file, 0, "rule pack too large");
		return false;
	}
	if (!(pctx = xmlNewParserCtxt())) {
		set_err(err, file, 0, "out of memory");
		return false;
	}
	/* the first error, through this context's own hook (never libxml2's process-wide handler) */
	pctx->_private = &xe;
	pctx->sax->serror = on_parse_error;
	doc = xmlCtxtReadMemory(pctx, text, (int)len, file, NULL,
				XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		on_xml_error(&xe, xmlCtxtGetLastError(pctx));
		set_err(err, file, xe.line, "not well-formed XML: %s", xe.set ? xe.msg : "parse failed");
		goto out;
	}
	if (xe.set) { /* a recoverable error the parser let pass */
		set_err(err, file, xe.line, "not well-formed XML: %s", xe.msg);
		goto out;
	}
	if (doc->intSubset || doc->extSubset) {
		set_err(err, file, 1, "a rule pack may not have a DOCTYPE (no DTDs, no entities)");
		goto out;
	}
	sctx = xmlSchemaNewMemParserCtxt((const char *)xsd_file->data, (int)xsd_file->len);
	if (!sctx) {
		set_err(err, "rulepack.xsd", 0, "out of memory");
		goto out;
	}
	xmlSchemaSetParserStructuredErrors(sctx, on_xml_error, &xe);
	if (!(xsd = xmlSchemaParse(sctx))) {
		set_err(err, "rulepack.xsd", xe.line, "built-in schema does not compile: %s", xe.msg);
		goto out;
	}
	if (!(vctx = xmlSchemaNewValidCtxt(xsd))) {
		set_err(err, file, 0, "out of memory");
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vctx, on_xml_error, &xe);
	if (xmlSchemaValidateDoc(vctx, doc) != 0) {
		set_err(err, file, xe.line, "not a valid rule pack: %s", xe.set ? xe.msg : "invalid");
		goto out;
	}
	pack_defaults(p);
	ok = read_dom(p, xmlDocGetRootElement(doc), file, err);
out:
	xmlSchemaFreeValidCtxt(vctx);
	xmlSchemaFree(xsd);
	xmlSchemaFreeParserCtxt(sctx);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pctx);
	return ok;
}

struct edits_pack *
edits_pack_load(const char *path, struct edits_error *err)
{
	struct edits_pack *p = calloc(1, sizeof *p);
	bool ok;

	if (!p) {
		set_err(err, path ? path : "default.xml", 0, "out of memory");
		return NULL;
	}
	if (!path) {
		const struct embedded_file *f = pack_file("default.xml");

		ok = f ? parse_pack(p, "default.xml", (const char *)f->data, f->len, err)
		       : (set_err(err, "default.xml", 0, "not built into the binary"), false);
	} else {
		FILE *f = fopen(path, "rb");
		char *buf = NULL;
		size_t len = 0;

		ok = false;
		if (!f) {
			set_err(err, path, 0, "cannot open the rule pack");
		} else {
			long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;

			if (size < 0 || size > (1L << 24) || fseek(f, 0, SEEK_SET) != 0 ||
			    !(buf = malloc((size_t)size + 1)) || fread(buf, 1, (size_t)size, f) != (size_t)size)
				set_err(err, path, 0, "cannot read the rule pack (at most 16 MiB)");
			else
				len = (size_t)size, ok = true;
			fclose(f);
		}
		if (ok)
			ok = parse_pack(p, path, buf, len, err);
		free(buf);
	}
	if (!ok) {
		free(p);
		return NULL;
	}
	return p;
}

void
edits_pack_free(struct edits_pack *p)
{
	free(p);
}

const char *
edits_pack_name(const struct edits_pack *p)
{
	return p->name;
}

bool
ed_pack_state(const struct edits_pack *p, unsigned r, unsigned ctx, int *sev)
{
	const struct pack_rule *pr = &p->rules[r];
	int k = ctx_index(ctx);

	*sev = k >= 0 && pr->ctx_severity[k] >= 0 ? pr->ctx_severity[k] : pr->severity;
	return pr->enabled && (ctx == 0 || (pr->contexts & ctx));
}

bool
edits_pack_rule(const struct edits_pack *p, unsigned i, unsigned ctx, enum x12_severity *sev)
{
	unsigned n;
	int s;
	bool on = ed_pack_state(p, i, ctx, &s);

	*sev = s >= 0 ? (enum x12_severity)s : edits_rules(&n)[i].severity;
	return on;
}

unsigned
edits_pack_payer(const struct edits_pack *p, const struct c837_claim *c)
{
	for (unsigned i = 0; i < p->nprofiles; i++) {
		const struct pack_profile *pr = &p->profiles[i];

		if (pr->sbr09[0] && strcmp(pr->sbr09, c->filing_indicator) != 0)
			continue;
		if (pr->payer_id[0] && strcmp(pr->payer_id, c->payer.id) != 0)
			continue;
		return pr->context;
	}
	return EDITS_PAYER_COMMERCIAL;
}
