/*
 * xml_out.c - `remedi parse --format xml`: the loop tree of every file
 * (schemas/x12tree.xsd) from the walker's events, through libxml2's
 * streaming writer.
 *
 * Text is UTF-8: valid UTF-8 passes, other bytes above 0x7F are read as
 * Latin-1, control bytes XML cannot carry become '?'; a value written other
 * than as its exact bytes also carries them in a hex attribute.
 */
#include "xml_out.h"

#include <string.h>


#define XW(call)                                    \
	do {                                        \
		if ((call) < 0)                     \
			c->failed = true;           \
	} while (0)

/* XML 1.0 carries TAB and every byte from 0x20 on, but not other C0 controls. */
static inline bool
xml_ctl(unsigned char c)
{
	return c < 0x20 && c != '\t'; /* CR and LF would come back as LF or a space */
}

/*
 * A short envelope value (segment id, control number, version) as an
 * attribute: bytes XML cannot carry become '?' and bytes that are not UTF-8
 * are read as Latin-1, as in xml_text(); the reader reports such bytes.
 */
static void
xml_attr_str(struct xml_tree *c, const char *name, struct x12_str v)
{
	char buf[256];
	size_t n = 0;

	for (size_t i = 0; i < v.len && n < sizeof buf - 5;) {
		const unsigned char *p = (const unsigned char *)v.ptr + i;
		size_t k = *p >= 0x80 ? x12_utf8_len(p, v.len - i) : 0;

		if (k) {
			memcpy(buf + n, p, k);
			n += k;
			i += k;
			continue;
		}
		if (*p >= 0x80) {
			buf[n++] = (char)(0xC0 | *p >> 6);
			buf[n++] = (char)(0x80 | (*p & 0x3F));
		} else {
			buf[n++] = xml_ctl(*p) ? '?' : (char)*p;
		}
		i++;
	}
	buf[n] = '\0';
	XW(xmlTextWriterWriteAttribute(c->xw, BAD_CAST name, BAD_CAST buf));
}

static void
xml_attr_u64(struct xml_tree *c, const char *name, uint64_t v)
{
	XW(xmlTextWriterWriteFormatAttribute(c->xw, BAD_CAST name, "%llu", (unsigned long long)v));
}

/* True when xml_text() cannot write v as its exact bytes. */
static bool
xml_altered(struct x12_str v)
{
	for (size_t i = 0; i < v.len;) {
		const unsigned char *p = (const unsigned char *)v.ptr + i;
		size_t k;

		if (*p < 0x80) {
			if (xml_ctl(*p))
				return true;
			i++;
			continue;
		}
		if ((k = x12_utf8_len(p, v.len - i)) == 0)
			return true;
		i += k;
	}
	return false;
}

/*
 * Writes text as UTF-8: valid UTF-8 passes, other bytes above 0x7F are read
 * as Latin-1 and re-encoded, and control bytes XML 1.0 cannot carry become '?'.
 * Either way the exact bytes go in the hex attribute first, so nothing is
 * lost (called right after the value's element is started).
 */
static void
xml_text(struct xml_tree *c, struct x12_str v)
{
	char buf[1024];
	size_t n = 0;

	if (xml_altered(v)) {
		static const char digits[] = "0123456789ABCDEF";

		XW(xmlTextWriterStartAttribute(c->xw, BAD_CAST "hex"));
		for (size_t i = 0; i < v.len; i++) {
			unsigned char b = (unsigned char)v.ptr[i];

			buf[n++] = digits[b >> 4];
			buf[n++] = digits[b & 15];
			if (n >= sizeof buf - 3 || i + 1 == v.len) {
				buf[n] = '\0';
				XW(xmlTextWriterWriteString(c->xw, BAD_CAST buf));
				n = 0;
			}
		}
		XW(xmlTextWriterEndAttribute(c->xw));
	}

	for (size_t i = 0; i < v.len;) {
		const unsigned char *p = (const unsigned char *)v.ptr + i;
		size_t k = *p >= 0x80 ? x12_utf8_len(p, v.len - i) : 0;

		if (k) {
			memcpy(buf + n, p, k);
			n += k;
			i += k;
		} else if (*p >= 0x80) {
			buf[n++] = (char)(0xC0 | *p >> 6);
			buf[n++] = (char)(0x80 | (*p & 0x3F));
			i++;
		} else {
			buf[n++] = xml_ctl(*p) ? '?' : (char)*p;
			i++;
		}
		if (n >= sizeof buf - 5 || i == v.len) {
			buf[n] = '\0';
			XW(xmlTextWriterWriteString(c->xw, BAD_CAST buf));
			n = 0;
		}
	}
}

static void
xml_segment(struct xml_tree *c, const struct x12_segment *s)
{
	XW(xmlTextWriterStartElement(c->xw, BAD_CAST "segment"));
	xml_attr_str(c, "id", x12_seg_id(s));
	xml_attr_u64(c, "offset", s->offset);
	xml_attr_u64(c, "ordinal", s->ordinal);
	for (unsigned e = 1; e <= s->nelem; e++) {
		struct x12_str v = x12_seg_element(s, e);
		unsigned nrep, ncomp;

		if (v.len == 0)
			continue;
		XW(xmlTextWriterStartElement(c->xw, BAD_CAST "element"));
		xml_attr_u64(c, "pos", e);
		nrep = x12_seg_is(s, "ISA") ? 1 : x12_str_count(v, s->delims.repetition);
		for (unsigned r = 1; r <= nrep; r++) {
			struct x12_str rv = nrep > 1 ? x12_str_part(v, s->delims.repetition, r) : v;

			if (nrep > 1) {
				XW(xmlTextWriterStartElement(c->xw, BAD_CAST "repetition"));
				xml_attr_u64(c, "pos", r);
			}
			ncomp = x12_seg_is(s, "ISA") ? 1 : x12_str_count(rv, s->delims.component);
			if (ncomp > 1) {
				for (unsigned k = 1; k <= ncomp; k++) {
					struct x12_str cv = x12_str_part(rv, s->delims.component, k);

					if (cv.len == 0)
						continue;
					XW(xmlTextWriterStartElement(c->xw, BAD_CAST "component"));
					xml_attr_u64(c, "pos", k);
					xml_text(c, cv);
					XW(xmlTextWriterEndElement(c->xw));
				}
			} else {
				xml_text(c, rv);
			}
			if (nrep > 1)
				XW(xmlTextWriterEndElement(c->xw));
		}
		XW(xmlTextWriterEndElement(c->xw));
	}
	XW(xmlTextWriterEndElement(c->xw));
}

/* Ends the element of an open level (set, group, interchange). */
static void
xml_close(struct xml_tree *c, bool *open)
{
	if (*open) {
		XW(xmlTextWriterEndElement(c->xw));
		*open = false;
	}
}

static void
xml_close_txn(struct xml_tree *c)
{
	xml_close(c, &c->in_txn);
}

static void
xml_close_group(struct xml_tree *c)
{
	xml_close_txn(c);
	xml_close(c, &c->in_group);
}

void
xml_tree_close_interchange(struct xml_tree *c)
{
	xml_close_group(c);
	xml_close(c, &c->in_interchange);
}

void
xml_tree_event(struct xml_tree *c, const struct x12_walk_event *ev)
{
	const struct x12_segment *s = ev->seg;

	switch (ev->type) {
	case X12_WALK_TXN_BEGIN:
		xml_close_txn(c);
		XW(xmlTextWriterStartElement(c->xw, BAD_CAST "transaction"));
		if (ev->ts) {
			XW(xmlTextWriterWriteAttribute(c->xw, BAD_CAST "set", BAD_CAST x12_txset_id(ev->ts)));
			XW(xmlTextWriterWriteAttribute(c->xw, BAD_CAST "guide", BAD_CAST x12_txset_guide(ev->ts)));
		}
		c->in_txn = true;
		return;
	case X12_WALK_TXN_END:
		xml_close_txn(c);
		return;
	case X12_WALK_LOOP_ENTER:
		XW(xmlTextWriterStartElement(c->xw, BAD_CAST "loop"));
		XW(xmlTextWriterWriteAttribute(c->xw, BAD_CAST "id", BAD_CAST x12_loop_id(ev->loop)));
		XW(xmlTextWriterWriteAttribute(c->xw, BAD_CAST "name", BAD_CAST x12_loop_name(ev->loop)));
		return;
	case X12_WALK_LOOP_LEAVE:
		XW(xmlTextWriterEndElement(c->xw));
		return;
	case X12_WALK_SEGMENT:
		break;
	default:
		return;
	}
	if (!s)
		return;
	if (x12_seg_is(s, "ISA")) {
		xml_tree_close_interchange(c);
		XW(xmlTextWriterStartElement(c->xw, BAD_CAST "interchange"));
		xml_attr_str(c, "control", x12_seg_element(s, 13));
		c->in_interchange = true;
	} else if (x12_seg_is(s, "GS")) {
		xml_close_group(c);
		XW(xmlTextWriterStartElement(c->xw, BAD_CAST "group"));
		xml_attr_str(c, "control", x12_seg_element(s, 6));
		xml_attr_str(c, "version", x12_seg_element(s, 8));
		c->in_group = true;
	}
	xml_segment(c, s);
	if (x12_seg_is(s, "GE"))
		xml_close_group(c);
	else if (x12_seg_is(s, "IEA"))
		xml_tree_close_interchange(c);
}

