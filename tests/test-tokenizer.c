/*
 * test-tokenizer.c - bytes to segments: delimiters from the ISA, layout
 * (BOM, CR/LF, indentation, hard wrapping), zero-copy views, limits, and the
 * fatal input errors with their positions.
 *
 * Every input here goes through read_input(), which also feeds it to the
 * reader and to the tokenizer at chunk sizes 1..7, whole, and whole followed
 * by an empty final chunk, and requires identical event dumps (dump.h).
 */
#include "harness.h"
#include "testutil.h"
#include "x12.h"

#include <stdlib.h>
#include <string.h>

static const struct x12_delims std_delims = { '*', ':', '^', '~' };

/* Reads an input whole (into r) after checking every chunking agrees. */
static void
read_input(struct run *r, const char *name, const char *data, size_t len, const struct x12_limits *lim)
{
	char *mismatch = chunk_mismatch(data, len, lim);

	harness_context("%s", name);
	if (!CHECK(mismatch == NULL))
		fprintf(stderr, "    %s\n", mismatch);
	free(mismatch);
	run_reader(r, data, len, lim);
}

static void
check_diags(const struct run *r, const char *expected)
{
	char *got = run_diags(r);

	CHECK_STR_EQ(got, expected);
	free(got);
}

/* The normalised segments of r, from index first on, equal the logical text's. */
static void
check_logical(const struct run *r, size_t first, const char *logical)
{
	size_t i = 0;

	for (const char *p = logical; *p; i++) {
		size_t n = strcspn(p, "~");

		if (i >= first) {
			char want[512];

			snprintf(want, sizeof want, "%.*s~", (int)n, p);
			if (!CHECK(i < r->nseg))
				return;
			CHECK_STR_EQ(r->seg[i].norm, want);
		}
		p += n + (p[n] == '~');
	}
	CHECK_INT_EQ(r->nseg, i);
}

/* Offsets and ordinals: the segment after each terminator starts past the bytes in skip. */
static void
check_offsets(const struct run *r, const char *data, size_t len, size_t start, char term, const char *skip)
{
	size_t at = start;

	for (size_t i = 0; i < r->nseg; i++) {
		CHECK_INT_EQ(r->seg[i].ordinal, i + 1);
		CHECK_INT_EQ(r->seg[i].offset, at);
		/* the next segment: past this one's terminator and the skippable bytes */
		while (at < len && data[at] != term)
			at++;
		at++;
		while (at < len && strchr(skip, data[at]))
			at++;
	}
}

static void
test_standard(void)
{
	struct tbuf in = x12_render(T_VALID, std_delims, "\n");
	struct run r;

	read_input(&r, "standard delimiters, LF after every terminator", in.p, in.len, NULL);
	CHECK_INT_EQ(r.end, X12_DONE);
	check_diags(&r, "");
	check_logical(&r, 0, T_VALID);
	check_offsets(&r, in.p, in.len, 0, '~', "\n");
	CHECK_INT_EQ(r.seg[0].nelem, 16);
	CHECK_INT_EQ(r.seg[0].offset, 0);
	CHECK_INT_EQ(r.seg[1].offset, 107);
	CHECK(memcmp(&r.seg[0].delims, &std_delims, sizeof std_delims) == 0);
	for (size_t i = 0; i < r.nseg; i++) {
		CHECK_INT_EQ(r.seg[i].interchange, 1);
		CHECK(!r.seg[i].unterminated);
	}
	CHECK_INT_EQ(r.stats.segments, 9);
	CHECK_INT_EQ(r.stats.interchanges, 1);
	CHECK_INT_EQ(r.stats.groups, 1);
	CHECK_INT_EQ(r.stats.transactions, 1);
	run_free(&r);
	tbuf_free(&in);
}

#define T_DELIM_BODY                                                        \
	T_GS T_ST "BHT*0019*00*0123*20240101*1200*CH~HI*ABK:C50911*ABF:Z5111~" \
	"SV1*HC:J9271:JW*1500*UN*10***1:2~EB*1**30^1^33~SE*6*0001~" T_GE T_IEA

static void
test_odd_delimiters(void)
{
	static const struct x12_delims odd = { '|', '^', '}', '~' };
	static const struct x12_delims gs1 = { '*', '>', '!', '\x1D' };
	struct tbuf in;
	struct run r;
	long eb;

	/* element | component ^ repetition } */
	in = x12_render(T_ISA T_DELIM_BODY, odd, "\n");
	read_input(&r, "element | component ^ repetition }", in.p, in.len, NULL);
	check_diags(&r, "");
	CHECK(memcmp(&r.seg[0].delims, &odd, sizeof odd) == 0);
	check_logical(&r, 0, T_ISA T_DELIM_BODY);
	eb = run_find(&r, "EB");
	if (CHECK(eb >= 0)) {
		CHECK_STR_EQ(r.seg[eb].raw, "EB|1||30}1}33");
		CHECK_INT_EQ(r.seg[eb].nelem, 3);
	}
	CHECK(memcmp(&r.seg[r.nseg - 1].delims, &odd, sizeof odd) == 0);
	run_free(&r);
	tbuf_free(&in);

	/* element ~ terminator _ (imsweb), component ^, ISA11 U (4010: no repetition) */
	{
		static const struct x12_delims tilde = { '~', '^', '\0', '_' };

		in = x12_render(T_VALID, tilde, "\n");
		in.p[t_isa_at[11]] = 'U';
		memcpy(in.p + t_isa_at[12], "00401", 5);
		read_input(&r, "element ~ terminator _ component ^ ISA11 U", in.p, in.len, NULL);
		check_diags(&r, "");
		CHECK_INT_EQ(r.seg[0].delims.element, '~');
		CHECK_INT_EQ(r.seg[0].delims.component, '^');
		CHECK_INT_EQ(r.seg[0].delims.repetition, '\0');
		CHECK_INT_EQ(r.seg[0].delims.segment, '_');
		CHECK_INT_EQ(r.seg[0].nelem, 16);
		check_logical(&r, 1, T_VALID);
		CHECK_STR_EQ(r.seg[1].raw, "GS~HC~SENDER~RECEIVER~20240101~1200~1~X~005010X222A1");
		run_free(&r);
		tbuf_free(&in);
	}

	/* 0x1D terminator with CRLF after it; element *, component >, repetition ! */
	in = x12_render(T_ISA T_DELIM_BODY, gs1, "\r\n");
	read_input(&r, "0x1D terminator, CRLF", in.p, in.len, NULL);
	check_diags(&r, "");
	CHECK(memcmp(&r.seg[0].delims, &gs1, sizeof gs1) == 0);
	check_logical(&r, 0, T_ISA T_DELIM_BODY);
	check_offsets(&r, in.p, in.len, 0, '\x1D', "\r\n");
	run_free(&r);
	tbuf_free(&in);
}

static void
test_line_ends(void)
{
	static const char *const after[] = { "", "\n", "\r\n", "\r\n\r\n", " \n", "\t" };

	for (size_t k = 0; k < sizeof after / sizeof after[0]; k++) {
		struct tbuf in = x12_render(T_VALID, std_delims, after[k]);
		struct run r;
		char name[64];

		snprintf(name, sizeof name, "after every terminator: \"%s\"",
			 k == 0 ? "" : k == 1 ? "\\n" : k == 2 ? "\\r\\n" : k == 3 ? "\\r\\n\\r\\n" : k == 4 ? " \\n" : "\\t");
		read_input(&r, name, in.p, in.len, NULL);
		CHECK_INT_EQ(r.end, X12_DONE);
		check_diags(&r, "");
		check_logical(&r, 0, T_VALID);
		check_offsets(&r, in.p, in.len, 0, '~', " \t\r\n");
		run_free(&r);
		tbuf_free(&in);
	}
}

static void
test_line_terminators(void)
{
	struct x12_delims d = std_delims;
	struct tbuf in;
	struct run r;

	/* LF is the terminator (ISA byte 106) and lines are indented with spaces */
	d.segment = '\n';
	in = x12_render(T_VALID, d, "    ");
	read_input(&r, "LF terminator, indented lines", in.p, in.len, NULL);
	CHECK_INT_EQ(r.end, X12_DONE);
	check_diags(&r, "");
	CHECK_INT_EQ(r.seg[0].delims.segment, '\n');
	check_logical(&r, 0, T_VALID);
	check_offsets(&r, in.p, in.len, 0, '\n', " ");
	CHECK_INT_EQ(r.seg[1].offset, 106 + 4);
	run_free(&r);

	/* ... and the last line has no line end: that is not an unterminated IEA */
	in.len -= 5; /* "\n    " */
	in.p[in.len] = '\0';
	read_input(&r, "LF terminator, no final line end", in.p, in.len, NULL);
	CHECK_INT_EQ(r.end, X12_DONE);
	check_diags(&r, "");
	CHECK_INT_EQ(r.nseg, 9);
	if (r.nseg == 9) {
		CHECK(!r.seg[8].unterminated);
		CHECK_STR_EQ(r.seg[8].raw, "IEA*1*000000001");
	}
	run_free(&r);
	tbuf_free(&in);

	/* LF terminator with CRLF line ends: the CR is not part of the segment */
	in = x12_render(T_VALID, d, "");
	{
		struct tbuf crlf = { 0 };

		for (size_t i = 0; i < in.len; i++) {
			if (in.p[i] == '\n')
				tbuf_add(&crlf, "\r", 1);
			tbuf_add(&crlf, in.p + i, 1);
		}
		/* the ISA's byte 106 is now CR: CR is the terminator, LF white space */
		read_input(&r, "CR terminator followed by LF", crlf.p, crlf.len, NULL);
		CHECK_INT_EQ(r.end, X12_DONE);
		check_diags(&r, "");
		CHECK_INT_EQ(r.seg[0].delims.segment, '\r');
		check_logical(&r, 0, T_VALID);
		check_offsets(&r, crlf.p, crlf.len, 0, '\r', "\n");
		run_free(&r);
		tbuf_free(&crlf);
	}
	tbuf_free(&in);
}

static void
test_bom(void)
{
	struct tbuf in = { 0 }, std = x12_render(T_VALID, std_delims, "\r\n");
	struct x12_delims d = std_delims;
	struct run r;

	tbuf_puts(&in, "\xEF\xBB\xBF");
	tbuf_add(&in, std.p, std.len);
	read_input(&r, "UTF-8 BOM, CRLF", in.p, in.len, NULL);
	CHECK_INT_EQ(r.end, X12_DONE);
	check_diags(&r, "");
	check_logical(&r, 0, T_VALID);
	check_offsets(&r, in.p, in.len, 3, '~', "\r\n");
	CHECK_INT_EQ(r.seg[0].offset, 3);
	CHECK_INT_EQ(r.seg[0].ordinal, 1);
	CHECK_INT_EQ(r.seg[1].offset, 3 + 106 + 2);
	run_free(&r);
	tbuf_free(&in);
	tbuf_free(&std);

	/* the OopFactory layout: BOM, LF terminator, indentation that grows */
	d.segment = '\n';
	std = x12_render(T_VALID, d, "  ");
	in = (struct tbuf){ 0 };
	tbuf_puts(&in, "\xEF\xBB\xBF");
	tbuf_add(&in, std.p, std.len);
	read_input(&r, "UTF-8 BOM, LF terminator, indentation", in.p, in.len, NULL);
	check_diags(&r, "");
	check_logical(&r, 0, T_VALID);
	check_offsets(&r, in.p, in.len, 3, '\n', " ");
	run_free(&r);
	tbuf_free(&in);
	tbuf_free(&std);

	/* white space before the ISA (after the BOM) is skipped too */
	in = (struct tbuf){ 0 };
	std = x12_render(T_VALID, std_delims, "\n");
	tbuf_puts(&in, "\xEF\xBB\xBF \r\n\t");
	tbuf_add(&in, std.p, std.len);
	read_input(&r, "BOM, then white space before the ISA", in.p, in.len, NULL);
	check_diags(&r, "");
	CHECK_INT_EQ(r.seg[0].offset, 7);
	check_offsets(&r, in.p, in.len, 7, '~', "\n");
	run_free(&r);
	tbuf_free(&in);
	tbuf_free(&std);
}

static void
test_wrapped(void)
{
	static const size_t widths[] = { 80, 64, 50, 13 };
	struct tbuf flat = x12_render(T_VALID, std_delims, "");
	struct run base;

	read_input(&base, "unwrapped", flat.p, flat.len, NULL);
	check_diags(&base, "");
	for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
		for (unsigned crlf = 0; crlf < 2; crlf++) {
			const char *eol = crlf ? "\r\n" : "\n";
			struct tbuf in = x12_wrap(flat.p, flat.len, widths[w], eol);
			struct run r;
			char name[64];

			snprintf(name, sizeof name, "hard-wrapped at %zu columns with %s", widths[w],
				 crlf ? "CRLF" : "LF");
			read_input(&r, name, in.p, in.len, NULL);
			CHECK_INT_EQ(r.end, X12_DONE);
			check_diags(&r, "");
			if (!CHECK_INT_EQ(r.nseg, base.nseg)) {
				run_free(&r);
				tbuf_free(&in);
				continue;
			}
			for (size_t i = 0; i < r.nseg; i++) {
				uint64_t o = base.seg[i].offset;

				CHECK_STR_EQ(r.seg[i].norm, base.seg[i].norm);
				CHECK_INT_EQ(r.seg[i].nelem, base.seg[i].nelem);
				/* the segment starts after the line breaks inserted before it */
				CHECK_INT_EQ(r.seg[i].offset, o + o / widths[w] * strlen(eol));
			}
			run_free(&r);
			tbuf_free(&in);
		}
	}
	run_free(&base);
	tbuf_free(&flat);
}

#define T_ISA_2                                                              \
	"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       " \
	"*240102*1300*^*00501*000000002*0*T*:~"
#define T_VALID_2 T_ISA_2 T_GS T_ST T_BODY T_SE T_GE "IEA*1*000000002~"

/* Several interchanges in one input; each brings its own delimiters. */
static void
test_interchanges(void)
{
	static const struct x12_delims odd = { '|', '>', '}', '\n' };
	static const struct x12_delims tilde = { '~', '^', '\0', '_' };
	struct tbuf first = x12_render(T_VALID, std_delims, "\n"), second, third, in = { 0 };
	struct run r;

	second = x12_render(T_VALID_2, std_delims, "\n");
	tbuf_add(&in, first.p, first.len);
	tbuf_add(&in, second.p, second.len);
	read_input(&r, "two interchanges, same delimiters", in.p, in.len, NULL);
	CHECK_INT_EQ(r.end, X12_DONE);
	check_diags(&r, "");
	check_logical(&r, 0, T_VALID T_VALID_2);
	check_offsets(&r, in.p, in.len, 0, '~', "\n");
	for (size_t i = 0; i < r.nseg; i++)
		CHECK_INT_EQ(r.seg[i].interchange, i < 9 ? 1 : 2);
	CHECK_INT_EQ(r.stats.interchanges, 2);
	CHECK_INT_EQ(r.stats.groups, 2);
	CHECK_INT_EQ(r.stats.transactions, 2);
	run_free(&r);
	tbuf_free(&second);
	tbuf_free(&in);

	/* * : ^ ~, then | > } LF, then ~ ^ _ (no repetition separator, 4010) */
	second = x12_render(T_VALID_2, odd, "  ");
	third = x12_render("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
			   "*240103*1400*^*00401*000000003*0*T*:~" T_GS T_ST T_BODY T_SE T_GE "IEA*1*000000003~",
			   tilde, "\r\n");
	third.p[t_isa_at[11]] = 'U';
	tbuf_add(&in, first.p, first.len);
	tbuf_add(&in, second.p, second.len);
	tbuf_add(&in, third.p, third.len);
	read_input(&r, "three interchanges, each with its own delimiters", in.p, in.len, NULL);
	CHECK_INT_EQ(r.end, X12_DONE);
	check_diags(&r, "");
	if (CHECK_INT_EQ(r.nseg, 27)) {
		CHECK(memcmp(&r.seg[8].delims, &std_delims, sizeof std_delims) == 0);
		CHECK(memcmp(&r.seg[9].delims, &odd, sizeof odd) == 0);
		CHECK(memcmp(&r.seg[17].delims, &odd, sizeof odd) == 0);
		CHECK(memcmp(&r.seg[18].delims, &tilde, sizeof tilde) == 0);
		CHECK_STR_EQ(r.seg[9].norm, T_ISA_2);
		CHECK_STR_EQ(r.seg[10].norm, T_GS);
		CHECK_STR_EQ(r.seg[10].raw, "GS|HC|SENDER|RECEIVER|20240101|1200|1|X|005010X222A1");
		CHECK_STR_EQ(r.seg[17].raw, "IEA|1|000000002");
		CHECK_STR_EQ(r.seg[19].raw, "GS~HC~SENDER~RECEIVER~20240101~1200~1~X~005010X222A1");
		CHECK_STR_EQ(r.seg[26].norm, "IEA*1*000000003~");
		CHECK_INT_EQ(r.seg[8].interchange, 1);
		CHECK_INT_EQ(r.seg[9].interchange, 2);
		CHECK_INT_EQ(r.seg[26].interchange, 3);
		CHECK_INT_EQ(r.seg[9].offset, first.len);
		CHECK_INT_EQ(r.seg[18].offset, first.len + second.len);
	}
	CHECK_INT_EQ(r.stats.interchanges, 3);
	run_free(&r);
	tbuf_free(&third);
	tbuf_free(&second);
	tbuf_free(&in);
	tbuf_free(&first);
}

/* After an IEA comes an ISA or nothing (white space aside). */
static void
test_after_iea(void)
{
	static const char *const tails[] = { "hello~\n", "\nSTC*A6:200*20120424~\n", "GS*HC~", "IEA*1*000000001~" };
	struct tbuf valid = x12_render(T_VALID, std_delims, "\n");
	struct run r;

	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		struct tbuf in = { 0 };
		char name[64];
		size_t skip = strspn(tails[i], "\n");

		tbuf_add(&in, valid.p, valid.len);
		tbuf_puts(&in, tails[i]);
		snprintf(name, sizeof name, "data after IEA #%zu", i + 1);
		read_input(&r, name, in.p, in.len, NULL);
		CHECK_INT_EQ(r.end, X12_ERROR);
		CHECK_INT_EQ(r.fatal.code, X12_E_AFTER_IEA);
		CHECK_INT_EQ(r.fatal.pos.offset, valid.len + skip);
		CHECK_INT_EQ(r.fatal.pos.segment, 10);
		CHECK_INT_EQ(r.nseg, 9);
		run_free(&r);
		tbuf_free(&in);
	}

	/* near miss: white space after IEA */
	{
		struct tbuf in = { 0 };

		tbuf_add(&in, valid.p, valid.len);
		tbuf_puts(&in, " \r\n\t\n");
		read_input(&r, "white space after IEA", in.p, in.len, NULL);
		CHECK_INT_EQ(r.end, X12_DONE);
		check_diags(&r, "");
		run_free(&r);
		tbuf_free(&in);
	}

	/* an IEA with a line break inside (vscode-edi two-claims file), then a new ISA */
	{
		struct tbuf in = { 0 }, second = x12_render(T_VALID_2, std_delims, "\n");
		const char *iea = strstr(valid.p, "IEA*1*");

		tbuf_add(&in, valid.p, (size_t)(iea - valid.p) + 5);
		tbuf_puts(&in, "\n");
		tbuf_puts(&in, iea + 5);
		tbuf_add(&in, second.p, second.len);
		read_input(&r, "an IEA broken over two lines, then an ISA", in.p, in.len, NULL);
		CHECK_INT_EQ(r.end, X12_DONE);
		check_diags(&r, "");
		if (CHECK_INT_EQ(r.nseg, 18)) {
			CHECK_STR_EQ(r.seg[8].raw, "IEA*1*000000001");
			CHECK_INT_EQ(r.seg[9].interchange, 2);
		}
		run_free(&r);
		tbuf_free(&second);
		tbuf_free(&in);
	}
	tbuf_free(&valid);
}

static void
test_zero_copy(void)
{
	struct tbuf in = x12_render(T_VALID, std_delims, "\n");
	struct x12_tokenizer *t = x12_tokenizer_new(NULL, NULL);
	struct x12_segment seg;
	enum x12_status st;
	size_t split, n = 0;
	char *a, *b;

	harness_context("zero copy: whole buffer");
	if (!CHECK(t != NULL))
		return;
	x12_tokenizer_feed(t, in.p, in.len, true);
	while ((st = x12_tokenizer_next(t, &seg)) == X12_EVENT) {
		n++;
		if (x12_seg_is(&seg, "ISA"))
			continue; /* the ISA is assembled in the tokenizer */
		CHECK(seg.data >= in.p && seg.data + seg.len <= in.p + in.len);
		CHECK(seg.data == in.p + seg.offset);
	}
	CHECK_INT_EQ(st, X12_DONE);
	CHECK_INT_EQ(n, 9);
	CHECK_INT_EQ(x12_tokenizer_offset(t), in.len);

	/* two chunks split inside BHT: BHT is copied, the others are views */
	harness_context("zero copy: two chunks split inside BHT");
	x12_tokenizer_reset(t);
	split = (size_t)(strstr(in.p, "BHT") - in.p) + 10;
	a = malloc(split);
	b = malloc(in.len - split);
	if (!CHECK(a && b))
		return;
	memcpy(a, in.p, split);
	memcpy(b, in.p + split, in.len - split);
	n = 0;
	x12_tokenizer_feed(t, a, split, false);
	while ((st = x12_tokenizer_next(t, &seg)) == X12_EVENT) {
		n++;
		if (!x12_seg_is(&seg, "ISA"))
			CHECK(seg.data >= a && seg.data + seg.len <= a + split);
	}
	CHECK_INT_EQ(st, X12_NEED_INPUT);
	CHECK_INT_EQ(n, 3);
	CHECK_INT_EQ(x12_tokenizer_offset(t), split);
	x12_tokenizer_feed(t, b, in.len - split, true);
	while ((st = x12_tokenizer_next(t, &seg)) == X12_EVENT) {
		n++;
		if (x12_seg_is(&seg, "BHT")) {
			CHECK(!(seg.data >= a && seg.data < a + split));
			CHECK(!(seg.data >= b && seg.data < b + (in.len - split)));
			CHECK(seg.len == strlen("BHT*0019*00*0123*20240101*1200*CH") &&
			      memcmp(seg.data, "BHT*0019*00*0123*20240101*1200*CH", seg.len) == 0);
			CHECK_INT_EQ(seg.offset, split - 10);
		} else {
			CHECK(seg.data >= b && seg.data + seg.len <= b + (in.len - split));
		}
	}
	CHECK_INT_EQ(st, X12_DONE);
	CHECK_INT_EQ(n, 9);
	free(a);
	free(b);
	x12_tokenizer_free(t);
	tbuf_free(&in);
}

/* An interchange with one extra segment of exactly len bytes (ST..SE count kept right). */
static struct tbuf
with_segment(const char *seg, size_t len, bool terminate)
{
	struct tbuf b = { 0 };

	tbuf_puts(&b, T_ISA T_GS T_ST);
	tbuf_add(&b, seg, len);
	if (!terminate)
		return b;
	tbuf_puts(&b, "~SE*3*0001~" T_GE T_IEA);
	return b;
}

static void
long_segment(char *out, size_t len)
{
	memcpy(out, "NTE*ADD*", 8);
	memset(out + 8, 'A', len - 8);
}

static void
elements_segment(struct tbuf *seg, unsigned n)
{
	tbuf_puts(seg, "NTE");
	for (unsigned i = 0; i < n; i++)
		tbuf_puts(seg, "*X");
}

static void
test_limits(void)
{
	static const struct x12_limits lim = { .max_segment_len = 200, .max_elements = 8 };
	char text[70000];
	struct tbuf in, seg = { 0 };
	struct run r;
	const uint64_t at = 106 + 53 + 25; /* offset of the extra segment */

	/* the ISA has 16 elements and 105 bytes whatever the limits */
	in = x12_render(T_VALID, std_delims, "\n");
	read_input(&r, "limits {200, 8}: a valid interchange", in.p, in.len, &lim);
	CHECK_INT_EQ(r.end, X12_DONE);
	check_diags(&r, "");
	CHECK_INT_EQ(r.nseg, 9);
	run_free(&r);
	tbuf_free(&in);

	long_segment(text, 200);
	in = with_segment(text, 200, true);
	read_input(&r, "limits: a segment of exactly max_segment_len", in.p, in.len, &lim);
	CHECK_INT_EQ(r.end, X12_DONE);
	check_diags(&r, "");
	CHECK_INT_EQ(r.nseg, 7);
	run_free(&r);
	tbuf_free(&in);

	long_segment(text, 201);
	in = with_segment(text, 201, true);
	read_input(&r, "limits: a segment one byte over max_segment_len", in.p, in.len, &lim);
	CHECK_INT_EQ(r.end, X12_ERROR);
	CHECK_INT_EQ(r.fatal.code, X12_E_SEGMENT_TOO_LONG);
	CHECK_INT_EQ(r.fatal.pos.offset, at);
	CHECK_INT_EQ(r.fatal.pos.segment, 4);
	CHECK_INT_EQ(r.nseg, 3);
	run_free(&r);
	tbuf_free(&in);

	/* the same, ended by the end of input: too long wins over truncated */
	in = with_segment(text, 201, false);
	read_input(&r, "limits: an over-long last segment without terminator", in.p, in.len, &lim);
	CHECK_INT_EQ(r.end, X12_ERROR);
	CHECK_INT_EQ(r.fatal.code, X12_E_SEGMENT_TOO_LONG);
	run_free(&r);
	tbuf_free(&in);

	/* a long segment wrapped over lines counts its raw bytes */
	long_segment(text, 150);
	memcpy(text + 40, "\r\n", 2);
	memcpy(text + 120, "\r\n", 2);
	in = with_segment(text, 150, true);
	read_input(&r, "limits: a wrapped segment under the limit", in.p, in.len, &lim);
	CHECK_INT_EQ(r.end, X12_DONE);
	if (CHECK_INT_EQ(r.nseg, 7))
		CHECK_INT_EQ(r.seg[3].len, 146);
	run_free(&r);
	tbuf_free(&in);

	elements_segment(&seg, 8);
	in = with_segment(seg.p, seg.len, true);
	read_input(&r, "limits: a segment with max_elements elements", in.p, in.len, &lim);
	CHECK_INT_EQ(r.end, X12_DONE);
	check_diags(&r, "");
	if (CHECK_INT_EQ(r.nseg, 7))
		CHECK_INT_EQ(r.seg[3].nelem, 8);
	run_free(&r);
	tbuf_free(&in);
	tbuf_free(&seg);

	elements_segment(&seg, 9);
	in = with_segment(seg.p, seg.len, true);
	read_input(&r, "limits: a segment with max_elements + 1 elements", in.p, in.len, &lim);
	CHECK_INT_EQ(r.end, X12_ERROR);
	CHECK_INT_EQ(r.fatal.code, X12_E_TOO_MANY_ELEMENTS);
	CHECK_INT_EQ(r.fatal.pos.offset, at);
	CHECK_INT_EQ(r.fatal.pos.segment, 4);
	run_free(&r);
	tbuf_free(&in);
	tbuf_free(&seg);

	/* over both limits: the one the bytes cross first, at every chunk size */
	tbuf_puts(&seg, "NTE*");
	memset(text, 'A', 200);
	tbuf_add(&seg, text, 200);
	for (int i = 0; i < 20; i++)
		tbuf_puts(&seg, "*X");
	in = with_segment(seg.p, seg.len, true);
	read_input(&r, "limits: over the length first, then over the elements", in.p, in.len, &lim);
	CHECK_INT_EQ(r.fatal.code, X12_E_SEGMENT_TOO_LONG);
	CHECK_INT_EQ(r.fatal.pos.offset, at);
	run_free(&r);
	tbuf_free(&in);
	tbuf_free(&seg);
	elements_segment(&seg, 20);
	tbuf_add(&seg, text, 200);
	in = with_segment(seg.p, seg.len, true);
	read_input(&r, "limits: over the elements first, then over the length", in.p, in.len, &lim);
	CHECK_INT_EQ(r.fatal.code, X12_E_TOO_MANY_ELEMENTS);
	CHECK_INT_EQ(r.fatal.pos.offset, at);
	run_free(&r);
	tbuf_free(&in);
	tbuf_free(&seg);

	/* the defaults: 65536 bytes, 512 elements */
	long_segment(text, X12_DEFAULT_MAX_SEGMENT_LEN + 1);
	in = with_segment(text, X12_DEFAULT_MAX_SEGMENT_LEN + 1, true);
	read_input(&r, "default limits: a segment of 65537 bytes", in.p, in.len, NULL);
	CHECK_INT_EQ(r.fatal.code, X12_E_SEGMENT_TOO_LONG);
	run_free(&r);
	tbuf_free(&in);
	long_segment(text, X12_DEFAULT_MAX_SEGMENT_LEN);
	in = with_segment(text, X12_DEFAULT_MAX_SEGMENT_LEN, true);
	read_input(&r, "default limits: a segment of 65536 bytes", in.p, in.len, NULL);
	CHECK_INT_EQ(r.end, X12_DONE);
	run_free(&r);
	tbuf_free(&in);
	elements_segment(&seg, X12_DEFAULT_MAX_ELEMENTS + 1);
	in = with_segment(seg.p, seg.len, true);
	read_input(&r, "default limits: 513 elements", in.p, in.len, NULL);
	CHECK_INT_EQ(r.fatal.code, X12_E_TOO_MANY_ELEMENTS);
	run_free(&r);
	tbuf_free(&in);
	tbuf_free(&seg);
}

struct fatal_case {
	const char *name;
	const char *data;
	size_t len;
	enum x12_code code;
	uint64_t offset;
};

#define FATAL(name, lit, code, off) { name, lit, sizeof lit - 1, code, off }

static void
test_not_x12(void)
{
	static const struct fatal_case cases[] = {
		FATAL("empty input", "", X12_E_NOT_X12, 0),
		FATAL("white space only", " \r\n\t ", X12_E_NOT_X12, 5),
		FATAL("a BOM only", "\xEF\xBB\xBF", X12_E_NOT_X12, 3),
		FATAL("two bytes", "IS", X12_E_NOT_X12, 0),
		FATAL("hello", "hello", X12_E_NOT_X12, 0),
		FATAL("text", "  HELLO WORLD~", X12_E_NOT_X12, 2),
		FATAL("GS followed by a letter", "GSX*1~", X12_E_NOT_X12, 0),
		FATAL("starts with GS", "GS*HC*SENDER*RECEIVER*20240101*1200*1*X*005010X222A1~", X12_E_NO_ISA_GS, 0),
		FATAL("starts with ST", "ST*837*0001~BHT*0019~SE*2*0001~", X12_E_NO_ISA_GS, 0),
		FATAL("BOM, spaces, GS", "\xEF\xBB\xBF \nGS*HC~", X12_E_NO_ISA_GS, 5),
		FATAL("UTF-16LE with BOM", "\xFF\xFEI\0S\0A\0*\0", X12_E_UTF16, 0),
		FATAL("UTF-16BE with BOM", "\xFE\xFF\0I\0S\0A\0*", X12_E_UTF16, 0),
		FATAL("UTF-16LE without BOM", "I\0S\0A\0*\0", X12_E_UTF16, 0),
		FATAL("UTF-16BE without BOM", "\0I\0S\0A\0*", X12_E_UTF16, 0),
		FATAL("gzip bytes", "\x1f\x8b\x08\0\0\0\0\0", X12_E_BINARY, 0),
		FATAL("control bytes", "\x01\x02\x03\x04", X12_E_BINARY, 0),
		FATAL("a control byte in the third place", "IS\x01", X12_E_BINARY, 2),
		FATAL("a broken BOM", "\xEF\xBBISA", X12_E_BINARY, 2),
		FATAL("ISA cut after 3 bytes", "ISA", X12_E_TRUNCATED, 0),
		FATAL("ISA cut before its terminator",
		      "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
		      "*240101*1200*^*00501*000000001*0*T*:", X12_E_TRUNCATED, 0),
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct fatal_case *c = &cases[i];
		struct run r;

		read_input(&r, c->name, c->data, c->len, NULL);
		CHECK_INT_EQ(r.end, X12_ERROR);
		CHECK_INT_EQ(r.fatal.code, c->code);
		CHECK_INT_EQ(r.fatal.pos.offset, c->offset);
		CHECK_INT_EQ(r.nseg, 0);
		CHECK_INT_EQ(r.ndiag, 0);
		CHECK(x12_code_info(c->code)->fatal);
		CHECK(r.fatal.msg[0] != '\0');
		run_free(&r);
	}

	/* a whole interchange written as UTF-16LE */
	{
		struct tbuf u16 = { 0 };
		struct run r;

		for (const char *p = T_VALID; *p; p++) {
			tbuf_add(&u16, p, 1);
			tbuf_add(&u16, "", 1);
		}
		read_input(&r, "an interchange in UTF-16LE", u16.p, u16.len, NULL);
		CHECK_INT_EQ(r.fatal.code, X12_E_UTF16);
		run_free(&r);
		tbuf_free(&u16);
	}
}

static struct tbuf
isa_edit(const char *isa, unsigned at, unsigned del, const char *ins)
{
	struct tbuf b = { 0 };

	tbuf_add(&b, isa, at);
	tbuf_puts(&b, ins);
	tbuf_puts(&b, isa + at + del);
	return b;
}

static void
test_isa_layout(void)
{
	static const char rest[] = T_GS T_ST T_BODY T_SE T_GE T_IEA;
	static const struct {
		const char *name;
		unsigned at, del;
		const char *ins;
		unsigned element;
	} cases[] = {
		{ "ISA02 with 9 characters", 7, 1, "", 2 },
		{ "ISA06 with 16 characters", 35, 0, "X", 6 },
		{ "ISA01 with 1 character", 4, 1, "", 1 },
		{ "ISA08 with 14, ISA13 with 10 characters (106 bytes, misaligned)", 54, 1, "", 8 },
		{ "ISA15 with 2 characters", 102, 0, "T", 15 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct tbuf isa = isa_edit(T_ISA, cases[i].at, cases[i].del, cases[i].ins), in = { 0 };
		struct run r;

		if (i == 3) { /* put the byte back in ISA13 */
			struct tbuf fixed = isa_edit(isa.p, t_isa_at[13] - 1, 0, "0");

			tbuf_free(&isa);
			isa = fixed;
			CHECK_INT_EQ(strcspn(isa.p, "~"), 105);
		}
		tbuf_add(&in, isa.p, isa.len);
		tbuf_puts(&in, rest);
		read_input(&r, cases[i].name, in.p, in.len, NULL);
		CHECK_INT_EQ(r.end, X12_ERROR);
		CHECK_INT_EQ(r.fatal.code, X12_E_ISA_LAYOUT);
		CHECK_INT_EQ(r.fatal.pos.element, cases[i].element);
		CHECK_INT_EQ(r.fatal.pos.offset, t_isa_at[cases[i].element]);
		CHECK_INT_EQ(r.fatal.pos.segment, 1);
		CHECK_STR_EQ(r.fatal.pos.seg_id, "ISA");
		run_free(&r);
		tbuf_free(&isa);
		tbuf_free(&in);
	}
}

static void
test_isa_delimiters(void)
{
	static const char rest[] = T_GS T_ST T_BODY T_SE T_GE T_IEA;
	static const struct {
		const char *name;
		struct x12_delims d;
		enum x12_code code;
		uint64_t offset;
	} cases[] = {
		{ "component = repetition (^)", { '*', '^', '^', '~' }, X12_E_ISA_DELIMS, 82 },
		{ "repetition = terminator", { '*', ':', '~', '~' }, X12_E_ISA_DELIMS, 82 },
		{ "component = element", { '*', '*', '^', '~' }, X12_E_ISA_DELIMS, 104 },
		{ "component is a letter", { '*', 'A', '^', '~' }, X12_E_ISA_DELIMS, 104 },
		{ "component is a space", { '*', ' ', '^', '~' }, X12_E_ISA_DELIMS, 104 },
		{ "terminator = element", { '*', ':', '^', '*' }, X12_E_ISA_DELIMS, 105 },
		{ "terminator = component", { '*', ':', '^', ':' }, X12_E_ISA_DELIMS, 105 },
		{ "terminator is a digit", { '*', ':', '^', '7' }, X12_E_ISA_DELIMS, 105 },
		{ "terminator is a space", { '*', ':', '^', ' ' }, X12_E_ISA_DELIMS, 105 },
		{ "terminator is a UTF-8 lead byte", { '*', ':', '^', '\xE2' }, X12_E_ISA_DELIMS, 105 },
		{ "element is a letter", { 'X', ':', '^', '~' }, X12_E_ISA_DELIMS, 3 },
		{ "element is a tab", { '\t', ':', '^', '~' }, X12_E_ISA_DELIMS, 3 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct tbuf isa = x12_render(T_ISA, cases[i].d, ""), in = { 0 };
		struct run r;

		tbuf_add(&in, isa.p, isa.len);
		tbuf_puts(&in, rest);
		read_input(&r, cases[i].name, in.p, in.len, NULL);
		CHECK_INT_EQ(r.end, X12_ERROR);
		CHECK_INT_EQ(r.fatal.code, cases[i].code);
		CHECK_INT_EQ(r.fatal.pos.offset, cases[i].offset);
		CHECK_INT_EQ(r.nseg, 0);
		run_free(&r);
		tbuf_free(&isa);
		tbuf_free(&in);
	}

	/* near misses: unusual but usable delimiters */
	{
		static const struct x12_delims ok[] = {
			{ '!', '>', '`', '\n' }, { '>', '+', '$', '\r' }, { '|', '\\', '{', '\x1D' },
			{ '*', ':', 'U', '~' },
		};

		for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
			struct tbuf in = x12_render(T_VALID, ok[i], "");
			struct run r;
			char name[64];

			if (ok[i].repetition == 'U')
				memcpy(in.p + t_isa_at[12], "00401", 5);
			snprintf(name, sizeof name, "usable delimiters #%zu", i + 1);
			read_input(&r, name, in.p, in.len, NULL);
			CHECK_INT_EQ(r.end, X12_DONE);
			check_diags(&r, "");
			CHECK_INT_EQ(r.seg[0].delims.repetition, ok[i].repetition == 'U' ? '\0' : ok[i].repetition);
			run_free(&r);
			tbuf_free(&in);
		}
	}
}

static void
test_truncated(void)
{
	struct tbuf in = x12_render(T_VALID, std_delims, "\n");
	size_t bht = (size_t)(strstr(in.p, "BHT") - in.p), ge = (size_t)(strstr(in.p, "GE*") - in.p);
	struct run r;

	read_input(&r, "input ends inside BHT", in.p, bht + 8, NULL);
	CHECK_INT_EQ(r.end, X12_ERROR);
	CHECK_INT_EQ(r.fatal.code, X12_E_TRUNCATED);
	CHECK_INT_EQ(r.fatal.pos.offset, bht);
	CHECK_INT_EQ(r.fatal.pos.segment, 4);
	CHECK_INT_EQ(r.nseg, 3);
	CHECK_INT_EQ(r.ndiag, 0);
	run_free(&r);

	read_input(&r, "input ends inside GE (no terminator)", in.p, ge + 6, NULL);
	CHECK_INT_EQ(r.fatal.code, X12_E_TRUNCATED);
	CHECK_INT_EQ(r.fatal.pos.offset, ge);
	run_free(&r);

	read_input(&r, "input ends inside the ISA", in.p, 50, NULL);
	CHECK_INT_EQ(r.fatal.code, X12_E_TRUNCATED);
	CHECK_INT_EQ(r.fatal.pos.offset, 0);
	run_free(&r);

	/* near miss: cut right after a terminator is not truncation, the envelope reports it */
	read_input(&r, "input ends after BHT's terminator", in.p, bht + 34, NULL);
	CHECK_INT_EQ(r.end, X12_DONE);
	check_diags(&r, "X12-405 seg 3 ST; X12-305 seg 2 GS; X12-213 seg 1 ISA");
	run_free(&r);
	tbuf_free(&in);
}

static void
test_final_terminator(void)
{
	struct tbuf in = x12_render(T_VALID, std_delims, "");
	struct run r;

	/* IEA without its terminator: accepted, flagged, warned about */
	read_input(&r, "last IEA without terminator", in.p, in.len - 1, NULL);
	CHECK_INT_EQ(r.end, X12_DONE);
	CHECK_INT_EQ(r.nseg, 9);
	if (r.nseg == 9) {
		CHECK(r.seg[8].unterminated);
		CHECK_STR_EQ(r.seg[8].raw, "IEA*1*000000001");
		for (size_t i = 0; i < 8; i++)
			CHECK(!r.seg[i].unterminated);
	}
	check_diags(&r, "X12-113 seg 9 IEA");
	if (r.ndiag == 1) {
		CHECK_INT_EQ(r.diag[0].pos.offset, r.seg[8].offset);
		CHECK_INT_EQ(x12_code_info(r.diag[0].code)->severity, X12_SEV_WARNING);
		CHECK(!x12_code_info(r.diag[0].code)->fatal);
	}
	run_free(&r);

	/* ... followed by a line end */
	in.p[in.len - 1] = '\n';
	read_input(&r, "last IEA without terminator, then LF", in.p, in.len, NULL);
	CHECK_INT_EQ(r.end, X12_DONE);
	check_diags(&r, "X12-113 seg 9 IEA");
	if (CHECK_INT_EQ(r.nseg, 9))
		CHECK_STR_EQ(r.seg[8].raw, "IEA*1*000000001");
	run_free(&r);

	/* near miss: with its terminator */
	in.p[in.len - 1] = '~';
	read_input(&r, "last IEA with terminator", in.p, in.len, NULL);
	check_diags(&r, "");
	if (CHECK_INT_EQ(r.nseg, 9))
		CHECK(!r.seg[8].unterminated);
	run_free(&r);

	/* an IEA with no element is not accepted at the end */
	{
		struct tbuf cut = { 0 };

		tbuf_puts(&cut, T_ISA T_GS T_ST T_BODY T_SE T_GE "IEA");
		read_input(&r, "input ends with a bare IEA", cut.p, cut.len, NULL);
		CHECK_INT_EQ(r.fatal.code, X12_E_TRUNCATED);
		run_free(&r);
		tbuf_free(&cut);
	}
	tbuf_free(&in);
}

/* feed(NULL, 0, true) is an empty final chunk like any other. */
static void
test_empty_final_chunk(void)
{
	struct tbuf in = x12_render(T_VALID, std_delims, "");
	struct x12_tokenizer *t = x12_tokenizer_new(NULL, NULL);
	struct x12_segment seg;
	enum x12_status st;
	unsigned n = 0;

	harness_context("an empty final chunk given as (NULL, 0)");
	if (!CHECK(t != NULL))
		return;
	x12_tokenizer_feed(t, in.p, in.len, false);
	while ((st = x12_tokenizer_next(t, &seg)) == X12_EVENT)
		n++;
	CHECK_INT_EQ(st, X12_NEED_INPUT);
	x12_tokenizer_feed(t, NULL, 0, true);
	while ((st = x12_tokenizer_next(t, &seg)) == X12_EVENT)
		n++;
	CHECK_INT_EQ(st, X12_DONE);
	CHECK_INT_EQ(n, 9);
	CHECK_INT_EQ(x12_tokenizer_offset(t), in.len);
	/* after DONE it stays done */
	CHECK_INT_EQ(x12_tokenizer_next(t, &seg), X12_DONE);

	/* the same when the last IEA has no terminator: the empty chunk completes it */
	harness_context("an empty final chunk (NULL, 0) completes an unterminated IEA");
	x12_tokenizer_reset(t);
	n = 0;
	x12_tokenizer_feed(t, in.p, in.len - 1, false);
	while ((st = x12_tokenizer_next(t, &seg)) == X12_EVENT)
		n++;
	CHECK_INT_EQ(st, X12_NEED_INPUT);
	CHECK_INT_EQ(n, 8);
	x12_tokenizer_feed(t, NULL, 0, true);
	st = x12_tokenizer_next(t, &seg);
	if (CHECK_INT_EQ(st, X12_EVENT)) {
		CHECK(seg.unterminated);
		CHECK(seg.len == 15 && memcmp(seg.data, "IEA*1*000000001", 15) == 0);
		CHECK_INT_EQ(x12_tokenizer_next(t, &seg), X12_DONE);
	}
	x12_tokenizer_free(t);
	tbuf_free(&in);
}

/* A reset tokenizer reads the next input like a new one. */
static void
test_reset(void)
{
	struct tbuf in = x12_render(T_VALID, std_delims, "\n");
	struct x12_tokenizer *t = x12_tokenizer_new(NULL, NULL);
	struct x12_segment seg;
	unsigned counts[3] = { 0 };
	enum x12_status st;

	harness_context("tokenizer reset between inputs");
	if (!CHECK(t != NULL))
		return;
	for (unsigned round = 0; round < 3; round++) {
		if (round == 1) {
			/* a bad input in between: not X12 */
			x12_tokenizer_feed(t, "hello", 5, true);
			CHECK_INT_EQ(x12_tokenizer_next(t, &seg), X12_ERROR);
			CHECK_INT_EQ(x12_tokenizer_error(t)->code, X12_E_NOT_X12);
			CHECK_INT_EQ(x12_tokenizer_next(t, &seg), X12_ERROR);
			x12_tokenizer_reset(t);
			CHECK_INT_EQ(x12_tokenizer_offset(t), 0);
			CHECK_INT_EQ(x12_tokenizer_error(t)->code, X12_E_NONE);
		}
		x12_tokenizer_feed(t, in.p, in.len, true);
		while ((st = x12_tokenizer_next(t, &seg)) == X12_EVENT) {
			counts[round]++;
			if (counts[round] == 1) {
				CHECK_INT_EQ(seg.ordinal, 1);
				CHECK_INT_EQ(seg.offset, 0);
				CHECK_INT_EQ(seg.interchange, 1);
			}
		}
		CHECK_INT_EQ(st, X12_DONE);
		x12_tokenizer_reset(t);
	}
	CHECK_INT_EQ(counts[0], 9);
	CHECK_INT_EQ(counts[1], 9);
	CHECK_INT_EQ(counts[2], 9);
	x12_tokenizer_free(t);

	/* a reader reset after an input that ended inside a segment leaves nothing behind */
	{
		struct x12_reader *rd = x12_reader_new(NULL, NULL);
		struct x12_event ev;
		size_t bht = (size_t)(strstr(in.p, "BHT") - in.p);
		unsigned diags = 0;

		harness_context("reader reset after an input that ends inside a segment");
		if (!CHECK(rd != NULL))
			return;
		x12_reader_feed(rd, in.p, bht + 8, true);
		while ((st = x12_reader_next(rd, &ev)) == X12_EVENT)
			;
		CHECK_INT_EQ(st, X12_ERROR);
		CHECK_INT_EQ(x12_reader_error(rd)->code, X12_E_TRUNCATED);
		x12_reader_reset(rd);
		x12_reader_feed(rd, in.p, in.len, true);
		while ((st = x12_reader_next(rd, &ev)) == X12_EVENT) {
			if (ev.type == X12_EV_DIAG)
				diags++;
			else
				CHECK(!ev.seg.unterminated);
		}
		CHECK_INT_EQ(st, X12_DONE);
		CHECK_INT_EQ(diags, 0);
		x12_reader_free(rd);
	}
	tbuf_free(&in);
}

/* The first (only) diagnostic of r: X12-613 at offset, element, component. */
static void
check_bad_char(const struct run *r, const char *diags, uint64_t offset, unsigned component)
{
	check_diags(r, diags);
	if (!CHECK(r->ndiag >= 1))
		return;
	CHECK_INT_EQ(r->diag[0].code, X12_E_EL_CONTROL_CHAR);
	CHECK_INT_EQ(r->diag[0].pos.offset, offset);
	CHECK_INT_EQ(r->diag[0].pos.component, component);
	/* a position and the byte's code, never the value around it */
	CHECK(strstr(r->diag[0].msg, "C50911") == NULL && strstr(r->diag[0].msg, "0123") == NULL);
}

/*
 * Bytes outside the X12 basic and extended character sets inside elements
 * are an error with their offset and element (X12-613), at every chunking;
 * the extended set, UTF-8 and Latin-1 letters, control-character delimiters
 * and ignored line breaks are not.
 */
static void
test_control_chars(void)
{
	static const struct {
		const char *name;
		const char *bytes; /* put in BHT03 between "01" and "23" */
		size_t len;
	} bad[] = {
		{ "NUL", "\0", 1 },        { "SOH", "\x01", 1 },    { "TAB", "\t", 1 },
		{ "ESC", "\x1B", 1 },      { "DEL", "\x7F", 1 },    { "0xFF", "\xFF", 1 },
		{ "C1 alone", "\x85", 1 }, { "C1 as UTF-8", "\xC2\x85", 2 },
	};
	static const struct {
		const char *name;
		const char *bytes;
	} good[] = {
		{ "extended set", "ab!\"&'()+,-./;?= %@[]_{}\\|<>#$`" },
		{ "UTF-8 letters", "Jos\xC3\xA9 M\xC3\xBCller \xE6\x97\xA5 \xF0\x9F\x98\x80" },
		{ "Latin-1 letters", "Jos\xE9 M\xFCller \xA0\xFE" },
	};
	const char *body = strstr(T_VALID, "BHT*0019*00*01") + strlen("BHT*0019*00*01");
	size_t at = (size_t)(body - T_VALID);
	struct tbuf in = { 0 };
	struct run r;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char name[64];

		tbuf_add(&in, T_VALID, at);
		tbuf_add(&in, bad[i].bytes, bad[i].len);
		tbuf_puts(&in, body);
		snprintf(name, sizeof name, "%s in BHT03", bad[i].name);
		read_input(&r, name, in.p, in.len, NULL);
		check_bad_char(&r, "X12-613 seg 4 st 2 BHT03", at, 0);
		CHECK(strstr(r.diag[0].msg, "BHT03") != NULL);
		run_free(&r);
		tbuf_free(&in);
	}
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		tbuf_add(&in, T_VALID, at);
		tbuf_puts(&in, good[i].bytes);
		tbuf_puts(&in, body);
		read_input(&r, good[i].name, in.p, in.len, NULL);
		check_diags(&r, "");
		run_free(&r);
		tbuf_free(&in);
	}

	/* in a component: the component is named; three in one segment are counted */
	{
		const char *hi = strstr(T_VALID, "ABF:Z51") + strlen("ABF:Z51");
		size_t hat = (size_t)(hi - T_VALID);

		tbuf_add(&in, T_VALID, hat);
		tbuf_add(&in, "\0\0", 2);
		tbuf_add(&in, hi, 2);
		tbuf_add(&in, "\x1B", 1);
		tbuf_puts(&in, hi + 2);
		read_input(&r, "NUL in HI02-2, three in the segment", in.p, in.len, NULL);
		check_bad_char(&r, "X12-613 seg 5 st 3 HI02", hat, 2);
		CHECK(strstr(r.diag[0].msg, "3 such bytes") != NULL);
		run_free(&r);
		tbuf_free(&in);
	}

	/* in the ISA (ISA06): reported on the ISA */
	tbuf_puts(&in, T_VALID);
	in.p[t_isa_at[6] + 3] = '\x01';
	read_input(&r, "SOH in ISA06", in.p, in.len, NULL);
	check_bad_char(&r, "X12-613 seg 1 ISA06", t_isa_at[6] + 3, 0);
	run_free(&r);
	tbuf_free(&in);

	/* a broken segment id is X12-111, not also X12-613 */
	{
		const char *sv1 = strstr(T_VALID, "SV1*");

		tbuf_add(&in, T_VALID, (size_t)(sv1 - T_VALID) + 1);
		tbuf_add(&in, "\x01", 1);
		tbuf_puts(&in, sv1 + 1);
		read_input(&r, "SOH in a segment id", in.p, in.len, NULL);
		check_diags(&r, "X12-111 seg 6 st 4");
		run_free(&r);
		tbuf_free(&in);
	}

	/* line breaks: ignored inside segments when the terminator is ~, an error when it is LF */
	{
		static const struct x12_delims lf = { '*', ':', '^', '\n' };
		struct tbuf w = x12_render(T_VALID, std_delims, "\r\n");
		struct tbuf wrapped = x12_wrap(w.p, w.len, 37, "\r\n");

		read_input(&r, "wrapped with CRLF, terminator ~", wrapped.p, wrapped.len, NULL);
		check_diags(&r, "");
		run_free(&r);
		tbuf_free(&w);
		tbuf_free(&wrapped);

		w = x12_render(T_VALID, lf, "");
		at = (size_t)(strstr(w.p, "BHT*0019*00*01") - w.p) + strlen("BHT*0019*00*01");
		tbuf_add(&in, w.p, at);
		tbuf_add(&in, "\r", 1);
		tbuf_puts(&in, w.p + at);
		read_input(&r, "CR inside a segment, terminator LF", in.p, in.len, NULL);
		check_bad_char(&r, "X12-613 seg 4 st 2 BHT03", at, 0);
		run_free(&r);
		tbuf_free(&in);
		/* CRLF files: the CR before the LF terminator is not data */
		tbuf_free(&w);
		w = x12_render(T_VALID, lf, "");
		for (size_t i = 0; i < w.len; i++) {
			if (w.p[i] == '\n')
				tbuf_add(&in, "\r", 1);
			tbuf_add(&in, &w.p[i], 1);
		}
		read_input(&r, "CRLF with terminator LF", in.p, in.len, NULL);
		check_diags(&r, "");
		run_free(&r);
		tbuf_free(&in);
		tbuf_free(&w);
	}

	/* control characters as delimiters are not data: 0x1D terminator, 0x1F component */
	{
		static const struct x12_delims ctl = { '*', '\x1F', '^', '\x1D' };
		struct tbuf c = x12_render(T_VALID, ctl, "\r\n");

		read_input(&r, "0x1F component, 0x1D terminator", c.p, c.len, NULL);
		check_diags(&r, "");
		run_free(&r);
		tbuf_free(&c);
	}
}

int
main(void)
{
	test_standard();
	test_odd_delimiters();
	test_line_ends();
	test_line_terminators();
	test_bom();
	test_wrapped();
	test_interchanges();
	test_after_iea();
	test_zero_copy();
	test_limits();
	test_not_x12();
	test_isa_layout();
	test_isa_delimiters();
	test_truncated();
	test_final_terminator();
	test_empty_final_chunk();
	test_reset();
	test_control_chars();
	return harness_exit();
}
