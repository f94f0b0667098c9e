/*
 * tokenizer.c - bytes to segment views, for any split of the input.
 *
 * Modes (the state survives between feeds, like zlib's inflate):
 *
 *   T_START   stream start: an optional UTF-8 byte-order mark, then T_SEEK
 *   T_SEEK    skipping white space before an ISA (start, or after an IEA)
 *   T_ISA     collecting the 106 fixed-width ISA bytes (CR/LF ignored inside)
 *   T_SEG     between segments: skip white space, then scan one segment
 *   T_DONE    final chunk consumed
 *   T_BAD     a fatal error happened; stays here until reset
 *
 *   T_START -> T_SEEK -> T_ISA -> T_SEG -(IEA)-> T_SEEK ... -> T_DONE
 *
 * Delimiters come from the ISA: element separator at byte 4, repetition
 * separator ISA11 (when it is not a letter or digit), component separator
 * ISA16, segment terminator the byte after ISA16.  When the terminator is
 * not CR or LF, CR and LF are ignored everywhere (line-wrapped files).
 *
 * A segment wholly inside the fed buffer is returned as a view into it.  A
 * segment that crosses the end of a buffer is copied into the carry buffer,
 * and only the new bytes are scanned when more input arrives, so work stays
 * linear even when the input comes one byte at a time.  The scan looks for the
 * terminator, element separators, CR and LF in one pass (16 bytes at a time
 * with SSE2 where available).
 *
 * Character set: the same pass flags bytes below 0x20, DEL and bytes above
 * 0x7F.  Only a segment with such a byte is looked at again, byte by byte,
 * against the interchange's class table (cls[]): delimiters and ignored
 * line breaks pass, UTF-8 sequences and Latin-1 graphic characters
 * (0xA0-0xFE) pass, anything else in an element is counted in the segment
 * (bad_chars) for the reader to report.  Plain ASCII text costs one AND and
 * one OR per 64 bytes.
 */
#include "x12.h"
#include "x12_internal.h"

#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <stdarg.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define TOK_HAVE_SSE2 1
#endif

enum tok_mode {
	T_START, /* may see a UTF-8 BOM */
	T_SEEK,  /* white space before ISA */
	T_ISA,   /* inside the fixed-width ISA */
	T_SEG,   /* segments of an interchange */
	T_DONE,
	T_BAD,
};

#define ISA_LEN 106
/* Offsets of the 16 element separators in a fixed-width ISA. */
static const unsigned char isa_sep_at[16] = {
	3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103,
};

struct x12_tokenizer {
	struct x12_limits lim;
	enum tok_mode mode;

	/* the current chunk */
	const char *buf;
	size_t len, pos;
	bool final;
	uint64_t base;        /* stream offset of buf[0] */

	struct x12_delims d;
	uint32_t interchange;
	uint64_t ordinal;     /* segments emitted */

	/* the segment being scanned */
	bool in_seg;          /* a segment has started (non-blank byte seen) */
	bool in_carry;        /* its first bytes are in carry[] */
	size_t seg_start;     /* index in buf when !in_carry */
	ptrdiff_t origin;     /* index in buf of the segment's byte 0 (negative in carry mode) */
	uint64_t seg_off;
	uint32_t nelem;
	bool has_nl;          /* CR or LF inside (not the terminator) */
	bool odd;             /* a control, DEL or 8-bit byte inside: check the characters */
	bool trail;           /* a component or repetition separator may end an element (see m_trail) */
	bool scan_overflow;
	bool unterminated;    /* ended by the end of input, not a terminator */
	uint32_t *elem;       /* max_elements + 2, + 64 spare for add_elems() */
	uint32_t bad_chars, bad_index; /* check_chars() of the segment */
	uint64_t bad_offset;

	char *carry;          /* max_segment_len */
	size_t carry_len;
	char *clean;          /* max_segment_len: segment with CR/LF removed */

	/*
	 * Bit masks of one 64-byte block of buf starting at blk_start: where the
	 * terminator, the element separator and CR/LF are.  They survive between
	 * segments, so each byte is classified once.
	 */
	bool blk_valid;
	size_t blk_start, blk_n;
	uint64_t m_term, m_sep, m_nl, m_odd;
	/*
	 * Component or repetition separators followed by an element separator
	 * or the terminator (X12-905), and the block's last byte when it is one
	 * of them (its follower is in the next block): a superset of the bytes
	 * x12_envelope's trailing-separator test looks for.
	 */
	uint64_t m_trail;

	/* byte classes of the current interchange (C_*), set from its ISA */
	unsigned char cls[256];

	unsigned bom_seen;    /* bytes of a BOM matched so far */
	char isa[ISA_LEN];
	size_t isa_len;
	uint64_t isa_off;

	struct x12_error err;
	struct x12_alloc alloc;
};

static void
tok_fail(struct x12_tokenizer *t, enum x12_code code, uint64_t offset, const char *id,
	 const char *fmt, ...) X12_PRINTF(5, 6);

static void
tok_fail(struct x12_tokenizer *t, enum x12_code code, uint64_t offset, const char *id,
	 const char *fmt, ...)
{
	va_list ap;

	memset(&t->err, 0, sizeof t->err);
	t->err.code = code;
	t->err.pos.offset = offset;
	t->err.pos.segment = t->ordinal + 1;
	if (id)
		snprintf(t->err.pos.seg_id, sizeof t->err.pos.seg_id, "%s", id);
	va_start(ap, fmt);
	vsnprintf(t->err.msg, sizeof t->err.msg, fmt, ap);
	va_end(ap);
	t->mode = T_BAD;
}

struct x12_tokenizer *
x12_tokenizer_new(const struct x12_limits *limits, const struct x12_alloc *alloc)
{
	struct x12_alloc a;
	struct x12_tokenizer *t;

	x12_alloc_init(&a, alloc);
	t = x12_mem_calloc(&a, 1, sizeof *t);
	if (!t)
		return NULL;
	t->alloc = a;
	if (limits)
		t->lim = *limits;
	if (t->lim.max_segment_len == 0)
		t->lim.max_segment_len = X12_DEFAULT_MAX_SEGMENT_LEN;
	if (t->lim.max_elements == 0)
		t->lim.max_elements = X12_DEFAULT_MAX_ELEMENTS;
	if (t->lim.max_segment_len < ISA_LEN)
		t->lim.max_segment_len = ISA_LEN;

	t->elem = x12_mem_calloc(&a, (t->lim.max_elements < 16 ? 16 : t->lim.max_elements) + 2 + 64, sizeof *t->elem);
	t->carry = x12_mem_alloc(&a, t->lim.max_segment_len);
	t->clean = x12_mem_alloc(&a, t->lim.max_segment_len);
	if (!t->elem || !t->carry || !t->clean) {
		x12_tokenizer_free(t);
		return NULL;
	}
	x12_tokenizer_reset(t);
	return t;
}

void
x12_tokenizer_free(struct x12_tokenizer *t)
{
	if (!t)
		return;
	x12_mem_free(&t->alloc, t->elem);
	x12_mem_free(&t->alloc, t->carry);
	x12_mem_free(&t->alloc, t->clean);
	x12_mem_free(&t->alloc, t);
}

void
x12_tokenizer_reset(struct x12_tokenizer *t)
{
	t->mode = T_START;
	t->buf = NULL;
	t->len = t->pos = 0;
	t->final = false;
	t->base = 0;
	memset(&t->d, 0, sizeof t->d);
	t->interchange = 0;
	t->ordinal = 0;
	t->in_seg = t->in_carry = false;
	t->carry_len = 0;
	t->blk_valid = false;
	t->unterminated = false;
	t->scan_overflow = false;
	t->has_nl = false;
	t->odd = false;
	t->bad_chars = 0;
	t->bom_seen = 0;
	t->isa_len = 0;
	memset(&t->err, 0, sizeof t->err);
}

void
x12_tokenizer_feed(struct x12_tokenizer *t, const char *buf, size_t len, bool is_final)
{
	t->blk_valid = false;
	t->base += t->len;
	t->buf = buf;
	t->len = len;
	t->pos = 0;
	t->final = is_final;
}

void
x12_tokenizer_seek(struct x12_tokenizer *t, uint64_t offset, uint64_t ordinal, uint32_t interchange)
{
	/* feed() adds the length of the chunk before: the next chunk's byte 0 is at offset */
	t->base = offset - t->len;
	t->ordinal = ordinal - 1;
	t->interchange = interchange;
}

uint64_t
x12_tokenizer_offset(const struct x12_tokenizer *t)
{
	return t->base + t->pos;
}

const struct x12_error *
x12_tokenizer_error(const struct x12_tokenizer *t)
{
	return &t->err;
}

enum {
	C_OK = 0,  /* a character of the basic or extended set, or a component/repetition separator */
	C_SEP,     /* the element separator */
	C_NL,      /* CR or LF where line breaks are ignored */
	C_HIGH,    /* 0x80-0xFE: UTF-8, or a Latin-1 graphic character from 0xA0 */
	C_BAD,     /* control character, DEL, 0xFF */
};

/* The classes for delimiters d (set when the ISA is accepted). */
static void
build_classes(struct x12_tokenizer *t)
{
	unsigned char *c = t->cls;

	for (unsigned i = 0; i < 256; i++)
		c[i] = i < 0x20 || i == 0x7F || i == 0xFF ? C_BAD : i >= 0x80 ? C_HIGH : C_OK;
	if (t->d.segment != '\n' && t->d.segment != '\r')
		c['\r'] = c['\n'] = C_NL;
	c[(unsigned char)t->d.component] = C_OK;
	if (t->d.repetition)
		c[(unsigned char)t->d.repetition] = C_OK;
	c[(unsigned char)t->d.element] = C_SEP;
}

/*
 * Counts the bytes outside the character sets in the elements of the raw
 * segment p[0..n) (before CR/LF are taken out): the first one's index in
 * the cleaned data and stream offset go to the segment.
 */
static void
check_chars(struct x12_tokenizer *t, const char *p, size_t n)
{
	const unsigned char *b = (const unsigned char *)p;
	uint32_t bad = 0, nl = 0;
	bool in_id = true;

	for (size_t i = 0; i < n; i++) {
		size_t k;

		switch (t->cls[b[i]]) {
		case C_OK:
			continue;
		case C_SEP:
			in_id = false;
			continue;
		case C_NL:
			nl++;
			continue;
		case C_HIGH:
			k = x12_utf8_len(b + i, n - i);
			if (k > 1 && !(k == 2 && b[i] == 0xC2 && b[i + 1] < 0xA0)) {
				i += k - 1; /* a UTF-8 character (not a C1 control) */
				continue;
			}
			if (k == 0 && b[i] >= 0xA0)
				continue; /* Latin-1 graphic */
			break;
		default:
			break;
		}
		if (in_id)
			continue; /* a bad segment id is reported as such (X12-111) */
		if (bad++ == 0) {
			t->bad_index = (uint32_t)(i - nl);
			t->bad_offset = t->seg_off + i;
		}
	}
	t->bad_chars = bad;
}

static const bool blank_tbl[256] = { [' '] = true, ['\n'] = true, ['\r'] = true, ['\t'] = true };

static inline bool
is_blank(char c)
{
	return blank_tbl[(unsigned char)c];
}

static inline bool
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Records an element separator at segment offset at; false on overflow. */
static inline bool
add_elem(struct x12_tokenizer *t, size_t at)
{
	if (t->nelem >= t->lim.max_elements) {
		t->scan_overflow = true;
		return false;
	}
	t->elem[++t->nelem] = (uint32_t)(at + 1);
	return true;
}

/* Classifies the 64 bytes of buf from at (fewer at the end of buf). */
static void
load_block(struct x12_tokenizer *t, size_t at)
{
	const char term = t->d.segment, sep = t->d.element;
	const char cs = t->d.component, rs = t->d.repetition ? t->d.repetition : cs;
	size_t n = t->len - at < 64 ? t->len - at : 64;
	const char *src = t->buf + at;
	char pad[64];
	uint64_t mt = 0, ms = 0, mn = 0, mo = 0, mc = 0;

	if (n < 64) {
		memcpy(pad, src, n);
		memset(pad + n, 0, 64 - n);
		src = pad;
	}
#ifdef TOK_HAVE_SSE2
	const __m128i vt = _mm_set1_epi8(term), ve = _mm_set1_epi8(sep);
	const __m128i vcr = _mm_set1_epi8('\r'), vlf = _mm_set1_epi8('\n');
	const __m128i v20 = _mm_set1_epi8(0x20), v7f = _mm_set1_epi8(0x7F);
	const __m128i vcs = _mm_set1_epi8(cs), vrs = _mm_set1_epi8(rs);

	for (unsigned k = 0; k < 4; k++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(src + 16 * k));

		/* signed compare: below 0x20 and 0x80-0xFF alike */
		mo |= (uint64_t)(unsigned)_mm_movemask_epi8(
			      _mm_or_si128(_mm_cmplt_epi8(x, v20), _mm_cmpeq_epi8(x, v7f)))
		      << (16 * k);

		mt |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vt)) << (16 * k);
		ms |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, ve)) << (16 * k);
		mc |= (uint64_t)(unsigned)_mm_movemask_epi8(
			      _mm_or_si128(_mm_cmpeq_epi8(x, vcs), _mm_cmpeq_epi8(x, vrs)))
		      << (16 * k);
		mn |= (uint64_t)(unsigned)_mm_movemask_epi8(
			      _mm_or_si128(_mm_cmpeq_epi8(x, vcr), _mm_cmpeq_epi8(x, vlf)))
		      << (16 * k);
	}
#else
	for (unsigned k = 0; k < 64; k++) {
		mt |= (uint64_t)(src[k] == term) << k;
		ms |= (uint64_t)(src[k] == sep) << k;
		mc |= (uint64_t)(src[k] == cs || src[k] == rs) << k;
		mn |= (uint64_t)(src[k] == '\r' || src[k] == '\n') << k;
		mo |= (uint64_t)((unsigned char)src[k] < 0x20 || (unsigned char)src[k] >= 0x7F) << k;
	}
#endif
	if (n < 64) {
		uint64_t valid = (UINT64_C(1) << n) - 1;

		mt &= valid;
		ms &= valid;
		mn &= valid;
		mo &= valid;
		mc &= valid;
	}
	t->blk_valid = true;
	t->blk_start = at;
	t->blk_n = n;
	t->m_term = mt;
	t->m_sep = ms;
	t->m_nl = mn & ~mt; /* a CR or LF terminator is not "embedded" */
	t->m_odd = mo & ~(mt | ms | mn); /* delimiters that are control bytes are no news */
	t->m_trail = mc & ((ms | mt) >> 1 | UINT64_C(1) << (n - 1));
}

/* Records the element separators in mask (bits of the current block). */
static inline bool
add_elems(struct x12_tokenizer *t, uint64_t mask)
{
	uint32_t n = t->nelem;
	uint32_t base = (uint32_t)((ptrdiff_t)t->blk_start - t->origin) + 1;

	/* the table has 64 spare slots, so one block never overruns it */
	for (; mask; mask &= mask - 1)
		t->elem[++n] = base + (uint32_t)__builtin_ctzll(mask);
	t->nelem = n;
	if (n > t->lim.max_elements) {
		t->scan_overflow = true;
		return false;
	}
	return true;
}

/*
 * Scans buf from index from for the terminator of the current segment,
 * recording element separators and noting CR/LF on the way.  True with
 * *end = index of the terminator; false when buf ends first (or on element
 * overflow, see scan_overflow).
 */
static bool
scan(struct x12_tokenizer *t, size_t from, size_t *end)
{
	for (;;) {
		uint64_t keep, term, sep, nl;

		if (!t->blk_valid || from >= t->blk_start + t->blk_n) {
			if (from >= t->len)
				return false;
			load_block(t, from);
		}
		keep = ~UINT64_C(0) << (from - t->blk_start);
		term = t->m_term & keep;
		sep = t->m_sep & keep;
		nl = t->m_nl & keep;
		if (term) {
			unsigned j = (unsigned)__builtin_ctzll(term);
			uint64_t below = (UINT64_C(1) << j) - 1;

			t->has_nl |= (nl & below) != 0;
			t->odd |= (t->m_odd & keep & below) != 0;
			t->trail |= (t->m_trail & keep & below) != 0;
			if (!add_elems(t, sep & below))
				return false;
			*end = t->blk_start + j;
			return true;
		}
		t->has_nl |= nl != 0;
		t->odd |= (t->m_odd & keep) != 0;
		t->trail |= (t->m_trail & keep) != 0;
		if (!add_elems(t, sep))
			return false;
		from = t->blk_start + t->blk_n;
		if ((ptrdiff_t)from - t->origin > (ptrdiff_t)t->lim.max_segment_len + 64 && from < t->len)
			return false; /* too long: the caller reports it */
	}
}

/* Splits an already assembled segment (used for cleaned copies and the ISA). */
static void
split(struct x12_tokenizer *t, const char *p, size_t n)
{
	t->nelem = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i] == t->d.element && !add_elem(t, i))
			return;
}

/* The ISA always has 16 elements, whatever max_elements says. */
static void
split_isa(struct x12_tokenizer *t)
{
	t->nelem = 0;
	for (size_t i = 0; i < ISA_LEN - 1; i++)
		if (t->isa[i] == t->d.element)
			t->elem[++t->nelem] = (uint32_t)i + 1;
}

static void
seg_begin(struct x12_tokenizer *t)
{
	t->in_seg = true;
	t->in_carry = false;
	t->seg_start = t->pos;
	t->origin = (ptrdiff_t)t->pos;
	t->seg_off = t->base + t->pos;
	t->nelem = 0;
	t->has_nl = false;
	t->odd = false;
	t->trail = false;
	t->scan_overflow = false;
}

/* Fills *seg from the assembled bytes; false (mode T_BAD) on a limit. */
static bool
seg_finish(struct x12_tokenizer *t, const char *p, size_t n, struct x12_segment *seg)
{
	bool nl_ignored = t->d.segment != '\n' && t->d.segment != '\r';

	if (t->has_nl && !nl_ignored) {
		/* terminator is CR or LF: the other one may trail (CRLF files) */
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == '\n'))
			n--;
	}
	t->bad_chars = 0;
	if (t->odd || (t->has_nl && !nl_ignored))
		check_chars(t, p, n);
	if (t->has_nl && nl_ignored) {
		size_t k = 0;

		for (size_t i = 0; i < n; i++)
			if (p[i] != '\r' && p[i] != '\n')
				t->clean[k++] = p[i];
		p = t->clean;
		n = k;
		split(t, p, n);
	} else if (t->has_nl) {
		split(t, p, n);
	}
	if (t->scan_overflow) {
		tok_fail(t, X12_E_TOO_MANY_ELEMENTS, t->seg_off, NULL,
			 "segment has more than %zu elements", t->lim.max_elements);
		return false;
	}
	t->elem[0] = 0;
	t->elem[t->nelem + 1] = (uint32_t)n + 1;
	seg->data = p;
	seg->len = n;
	seg->elem = t->elem;
	seg->nelem = t->nelem;
	seg->delims = t->d;
	seg->interchange = t->interchange;
	seg->st_segment = 0;
	seg->offset = t->seg_off;
	seg->ordinal = ++t->ordinal;
	seg->unterminated = t->unterminated && nl_ignored;
	/* the masks saw these exact bytes (no line breaks removed) and no candidate in them */
	seg->no_trailing = !t->trail && !t->has_nl;
	seg->bad_chars = t->bad_chars;
	seg->bad_index = t->bad_chars ? t->bad_index : 0;
	seg->bad_offset = t->bad_chars ? t->bad_offset : 0;
	t->unterminated = false;
	t->in_seg = false;
	if (t->elem[1] == 4 && n >= 3 && memcmp(p, "IEA", 3) == 0)
		t->mode = T_SEEK; /* the id is "IEA": the next interchange brings its own delimiters */
	return true;
}

static bool
too_long(struct x12_tokenizer *t, size_t n)
{
	if (n <= t->lim.max_segment_len)
		return false;
	tok_fail(t, X12_E_SEGMENT_TOO_LONG, t->seg_off, NULL,
		 "segment longer than %zu bytes (missing terminator '%c'?)",
		 t->lim.max_segment_len, t->d.segment);
	return true;
}

/* Names what the first bytes of a non-X12 input look like. */
static void fail_not_x12_(struct x12_tokenizer *t);

static void
fail_not_x12(struct x12_tokenizer *t)
{
	fail_not_x12_(t);
	if (t->err.code != X12_E_AFTER_IEA)
		t->err.pos.segment = 0;
}

static void
fail_not_x12_(struct x12_tokenizer *t)
{
	const unsigned char *b = (const unsigned char *)t->isa;
	size_t n = t->isa_len;
	bool after_iea = t->interchange > 0;

	if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) ||
		       (b[1] == 0 && b[0] != 0) || (b[0] == 0 && n >= 2 && b[1] != 0))) {
		tok_fail(t, X12_E_UTF16, t->isa_off, NULL,
			 "input looks like UTF-16 text; X12 is single-byte (convert it to ASCII or UTF-8)");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (b[i] < 0x20 && !is_blank((char)b[i])) {
			tok_fail(t, X12_E_BINARY, t->isa_off + i, NULL,
				 "input is binary (byte 0x%02X), not X12 text", b[i]);
			return;
		}
	}
	if (after_iea) {
		tok_fail(t, X12_E_AFTER_IEA, t->isa_off, NULL,
			 "data after IEA that does not start a new ISA");
		return;
	}
	if (n >= 3 && ((b[0] == 'G' && b[1] == 'S') || (b[0] == 'S' && b[1] == 'T')) && !is_alnum(b[2])) {
		tok_fail(t, X12_E_NO_ISA_GS, t->isa_off, NULL,
			 "input starts with %c%c, not ISA: the interchange envelope is missing", b[0], b[1]);
		return;
	}
	tok_fail(t, X12_E_NOT_X12, t->isa_off, NULL, "input does not start with an ISA segment: not X12");
}

/* Checks the collected ISA and takes its delimiters; false on error. */
static bool
isa_accept(struct x12_tokenizer *t)
{
	const char *s = t->isa;
	char sep = s[3];
	unsigned char term = (unsigned char)s[105];

	if (is_alnum((unsigned char)sep) || is_blank(sep) || (unsigned char)sep < 0x20) {
		tok_fail(t, X12_E_ISA_DELIMS, t->isa_off + 3, "ISA",
			 "ISA element separator (byte 4) is a letter, digit or space");
		return false;
	}
	for (unsigned k = 0, i = 4; k < 15; k++) {
		/* measure each element as written, to name the culprit */
		unsigned start = i;

		while (i < ISA_LEN && s[i] != sep)
			i++;
		if (i != isa_sep_at[k + 1]) {
			tok_fail(t, X12_E_ISA_LAYOUT, t->isa_off + start, "ISA",
				 "ISA%02u is %u characters wide, the fixed width is %u: the ISA must be 106 bytes",
				 k + 1, i - start, (unsigned)(isa_sep_at[k + 1] - isa_sep_at[k] - 1));
			t->err.pos.element = (uint16_t)(k + 1);
			return false;
		}
		i++;
	}
	if (memchr(s + 104, sep, 1)) {
		tok_fail(t, X12_E_ISA_DELIMS, t->isa_off + 104, "ISA",
			 "ISA16 component separator equals the element separator");
		return false;
	}
	t->d.element = sep;
	t->d.component = s[104];
	t->d.repetition = is_alnum((unsigned char)s[82]) ? '\0' : s[82];
	t->d.segment = (char)term;
	t->blk_valid = false; /* masks were made for other delimiters */
	build_classes(t);
	if (term >= 0x80 || is_alnum(term) || term == ' ' || (char)term == sep ||
	    (char)term == t->d.component) {
		tok_fail(t, X12_E_ISA_DELIMS, t->isa_off + 105, "ISA",
			 "segment terminator (byte 0x%02X after ISA16) is not a usable single-byte delimiter",
			 term);
		return false;
	}
	if (is_alnum((unsigned char)t->d.component) || t->d.component == ' ') {
		tok_fail(t, X12_E_ISA_DELIMS, t->isa_off + 104, "ISA",
			 "ISA16 component separator is a letter, digit or space");
		return false;
	}
	if (t->d.repetition &&
	    (t->d.repetition == sep || t->d.repetition == t->d.component || t->d.repetition == (char)term)) {
		tok_fail(t, X12_E_ISA_DELIMS, t->isa_off + 82, "ISA",
			 "ISA11 repetition separator '%c' equals another delimiter", t->d.repetition);
		return false;
	}
	return true;
}

/*
 * T_START/T_SEEK/T_ISA: byte at a time (at most ~110 bytes per interchange).
 * Returns X12_EVENT when the ISA is complete, X12_NEED_INPUT when the chunk is
 * used up, X12_DONE at a clean end, X12_ERROR.
 */
static enum x12_status
isa_step(struct x12_tokenizer *t, struct x12_segment *seg)
{
	static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };

	while (t->pos < t->len) {
		unsigned char c = (unsigned char)t->buf[t->pos];

		switch (t->mode) {
		case T_START:
			if (t->bom_seen < 3 && c == bom[t->bom_seen]) {
				t->bom_seen++;
				t->pos++;
				continue;
			}
			if (t->bom_seen != 0 && t->bom_seen != 3) {
				tok_fail(t, X12_E_BINARY, t->base + t->pos, NULL,
					 "input starts with a broken UTF-8 byte-order mark");
				return X12_ERROR;
			}
			t->mode = T_SEEK;
			continue;
		case T_SEEK:
			if (is_blank((char)c)) {
				t->pos++;
				continue;
			}
			t->mode = T_ISA;
			t->isa_len = 0;
			t->isa_off = t->base + t->pos;
			continue;
		case T_ISA:
			t->pos++;
			if ((c == '\r' || c == '\n') && t->isa_len >= 3 && t->isa_len < ISA_LEN - 1)
				continue; /* line-wrapped ISA */
			t->isa[t->isa_len++] = (char)c;
			if (t->isa_len == 3 && memcmp(t->isa, "ISA", 3) != 0) {
				fail_not_x12(t);
				return X12_ERROR;
			}
			if (t->isa_len < ISA_LEN)
				continue;
			if (!isa_accept(t))
				return X12_ERROR;
			t->interchange++;
			t->mode = T_SEG;
			t->seg_off = t->isa_off;
			t->has_nl = false;
			t->odd = true; /* 106 bytes: always checked */
			t->trail = true; /* not scanned by blocks */
			t->scan_overflow = false;
			split_isa(t);
			t->in_seg = true;
			return seg_finish(t, t->isa, ISA_LEN - 1, seg) ? X12_EVENT : X12_ERROR;
		default:
			return X12_ERROR;
		}
	}
	if (!t->final)
		return X12_NEED_INPUT;
	/* end of input */
	if (t->mode == T_ISA) {
		if (t->isa_len >= 3) {
			tok_fail(t, X12_E_TRUNCATED, t->isa_off, "ISA",
				 "input ends inside the ISA (%zu of 106 bytes)", t->isa_len);
			return X12_ERROR;
		}
		fail_not_x12(t);
		return X12_ERROR;
	}
	if (t->interchange == 0) {
		tok_fail(t, X12_E_NOT_X12, t->base + t->pos, NULL, "input is empty: no ISA segment");
		return X12_ERROR;
	}
	t->mode = T_DONE;
	return X12_DONE;
}

/*
 * At the end of input, a last segment without its terminator is accepted
 * when the terminator is a line end (a file without a final newline) or when
 * the segment is an IEA (the reader warns).  Anything else is truncation.
 */
static bool
eof_ends_segment(struct x12_tokenizer *t, const char *p, size_t have)
{
	t->unterminated = true;
	if (t->d.segment == '\n' || t->d.segment == '\r')
		return true;
	return have > 4 && memcmp(p, "IEA", 3) == 0 && p[3] == t->d.element;
}

enum x12_status
x12_tokenizer_next(struct x12_tokenizer *t, struct x12_segment *seg)
{
	if (t->mode == T_BAD)
		return X12_ERROR;
	if (t->mode == T_DONE)
		return X12_DONE;
	if (t->mode != T_SEG)
		return isa_step(t, seg);

	if (!t->in_seg) {
		t->carry_len = 0;
		while (t->pos < t->len && is_blank(t->buf[t->pos]))
			t->pos++;
		if (t->pos == t->len) {
			if (!t->final)
				return X12_NEED_INPUT;
			t->mode = T_DONE;
			return X12_DONE;
		}
		seg_begin(t);
	}

	if (t->in_carry)
		t->origin = -(ptrdiff_t)t->carry_len; /* a new chunk continues the segment */

	size_t end;
	bool found = scan(t, t->pos, &end);

	if (t->scan_overflow) {
		/* whichever limit the bytes crossed first, however the input was split */
		if (t->elem[t->lim.max_elements + 1] - 1 >= t->lim.max_segment_len) {
			too_long(t, t->lim.max_segment_len + 1);
			return X12_ERROR;
		}
		tok_fail(t, X12_E_TOO_MANY_ELEMENTS, t->seg_off, NULL,
			 "segment has more than %zu elements", t->lim.max_elements);
		return X12_ERROR;
	}
	if (found) {
		size_t k = end - t->pos;

		if (too_long(t, (size_t)((ptrdiff_t)end - t->origin)))
			return X12_ERROR;
		if (!t->in_carry) {
			t->pos = end + 1;
			return seg_finish(t, t->buf + t->seg_start, end - t->seg_start, seg) ? X12_EVENT
											 : X12_ERROR;
		}
		if (k)
			memcpy(t->carry + t->carry_len, t->buf + t->pos, k);
		t->carry_len += k;
		t->pos = end + 1;
		return seg_finish(t, t->carry, t->carry_len, seg) ? X12_EVENT : X12_ERROR;
	}
	/* no terminator in this chunk: all of buf[pos..len) belongs to the segment */
	size_t n = t->len - t->pos;
	size_t total = (size_t)((ptrdiff_t)t->len - t->origin);

	if (too_long(t, total))
		return X12_ERROR;
	if (!t->in_carry) {
		if (n)
			memcpy(t->carry, t->buf + t->seg_start, n);
		t->carry_len = n;
		t->in_carry = true;
	} else if (n) {
		memcpy(t->carry + t->carry_len, t->buf + t->pos, n);
		t->carry_len += n;
	}
	t->pos = t->len;
	if (!t->final)
		return X12_NEED_INPUT;
	if (eof_ends_segment(t, t->carry, t->carry_len))
		return seg_finish(t, t->carry, t->carry_len, seg) ? X12_EVENT : X12_ERROR;
	tok_fail(t, X12_E_TRUNCATED, t->seg_off, NULL,
		 "input ends inside a segment (no terminator '%c'): the file is truncated", t->d.segment);
	return X12_ERROR;
}
