/*
 * test-segment.c - element, component and repetition access on segment views
 * (x12_seg_* and x12_str_*), on segments built by hand to the x12.h layout
 * and on the same segments as the tokenizer hands them out.
 *
 * Positions are 1-based as in the TR3, element 0 is the segment id, and an
 * absent value is empty (never a NULL pointer, never out of the segment).
 */
#include "harness.h"
#include "x12.h"

#include <stdlib.h>
#include <string.h>

#define MAX_EL 32

static const struct x12_delims d5010 = { '*', ':', '^', '~' };
static const struct x12_delims d4010 = { '*', ':', '\0', '~' };     /* ISA11 = U: no repetition */
static const struct x12_delims dodd = { '|', '^', '}', '\n' };

struct built {
	struct x12_segment seg;
	uint32_t elem[MAX_EL + 2];
};

/* A segment view over text, laid out as x12.h documents it. */
static void
build(struct built *b, const char *text, struct x12_delims d)
{
	size_t len = strlen(text);

	memset(b, 0, sizeof *b);
	b->seg.data = text;
	b->seg.len = len;
	b->seg.delims = d;
	b->elem[0] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == d.element && b->seg.nelem < MAX_EL)
			b->elem[++b->seg.nelem] = (uint32_t)(i + 1);
	b->elem[b->seg.nelem + 1] = (uint32_t)len + 1;
	b->seg.elem = b->elem;
}

/* An absent value: empty and pointing inside (or just past) the segment. */
static bool
absent(struct x12_str v, const struct x12_segment *seg)
{
	return v.len == 0 && v.ptr >= seg->data && v.ptr <= seg->data + seg->len;
}

static void
test_elements(void)
{
	struct built b;
	const struct x12_segment *s = &b.seg;

	harness_context("elements of CLM*A37YH556*500***11:B:1*Y*A*Y*I");
	build(&b, "CLM*A37YH556*500***11:B:1*Y*A*Y*I", d5010);
	CHECK_INT_EQ(s->nelem, 9);
	CHECK_XSTR_EQ(x12_seg_id(s), "CLM");
	CHECK_XSTR_EQ(x12_seg_element(s, 0), "CLM");
	CHECK(x12_seg_is(s, "CLM"));
	CHECK(!x12_seg_is(s, "CL"));
	CHECK(!x12_seg_is(s, "CLMX"));
	CHECK_XSTR_EQ(x12_seg_element(s, 1), "A37YH556");
	CHECK_XSTR_EQ(x12_seg_element(s, 2), "500");
	CHECK(absent(x12_seg_element(s, 3), s));
	CHECK(absent(x12_seg_element(s, 4), s));
	CHECK_XSTR_EQ(x12_seg_element(s, 5), "11:B:1");
	CHECK_XSTR_EQ(x12_seg_element(s, 9), "I");
	/* past the last element */
	CHECK(absent(x12_seg_element(s, 10), s));
	CHECK(absent(x12_seg_element(s, 65535), s));

	harness_context("a segment with an id only");
	build(&b, "SE", d5010);
	CHECK_INT_EQ(s->nelem, 0);
	CHECK_XSTR_EQ(x12_seg_id(s), "SE");
	CHECK(absent(x12_seg_element(s, 1), s));
	CHECK(absent(x12_seg_component(s, 1, 1), s));

	harness_context("trailing empty element");
	build(&b, "REF*EI*", d5010);
	CHECK_INT_EQ(s->nelem, 2);
	CHECK_XSTR_EQ(x12_seg_element(s, 1), "EI");
	CHECK(absent(x12_seg_element(s, 2), s));

	harness_context("an empty segment");
	build(&b, "", d5010);
	CHECK(absent(x12_seg_id(s), s));
	CHECK(absent(x12_seg_element(s, 1), s));
	CHECK(x12_seg_is(s, ""));
}

static void
test_components(void)
{
	struct built b;
	const struct x12_segment *s = &b.seg;

	harness_context("components of SV1*HC:J9271:JW:XP*1500*UN*10***1:2:3:4");
	build(&b, "SV1*HC:J9271:JW:XP*1500*UN*10***1:2:3:4", d5010);
	CHECK_XSTR_EQ(x12_seg_component(s, 1, 1), "HC");
	CHECK_XSTR_EQ(x12_seg_component(s, 1, 2), "J9271");
	CHECK_XSTR_EQ(x12_seg_component(s, 1, 3), "JW");
	CHECK_XSTR_EQ(x12_seg_component(s, 1, 4), "XP");
	CHECK(absent(x12_seg_component(s, 1, 5), s));
	CHECK(absent(x12_seg_component(s, 1, 0), s));
	/* a simple element is its own first component */
	CHECK_XSTR_EQ(x12_seg_component(s, 2, 1), "1500");
	CHECK(absent(x12_seg_component(s, 2, 2), s));
	/* an absent element has no components */
	CHECK(absent(x12_seg_component(s, 5, 1), s));
	CHECK_XSTR_EQ(x12_seg_component(s, 7, 4), "4");
	CHECK(absent(x12_seg_component(s, 8, 1), s));

	harness_context("empty components inside a composite: HI*ABK::X");
	build(&b, "HI*ABK::X", d5010);
	CHECK_XSTR_EQ(x12_seg_component(s, 1, 1), "ABK");
	CHECK(absent(x12_seg_component(s, 1, 2), s));
	CHECK_XSTR_EQ(x12_seg_component(s, 1, 3), "X");
}

static void
test_repetitions(void)
{
	struct built b;
	const struct x12_segment *s = &b.seg;

	harness_context("repetitions (5010, ^): EB*1**30^1^33^35");
	build(&b, "EB*1**30^1^33^35*HM:12^AB:7", d5010);
	CHECK_XSTR_EQ(x12_seg_element(s, 3), "30^1^33^35");
	CHECK_XSTR_EQ(x12_seg_repetition(s, 3, 1), "30");
	CHECK_XSTR_EQ(x12_seg_repetition(s, 3, 2), "1");
	CHECK_XSTR_EQ(x12_seg_repetition(s, 3, 4), "35");
	CHECK(absent(x12_seg_repetition(s, 3, 5), s));
	CHECK(absent(x12_seg_repetition(s, 3, 0), s));
	CHECK(absent(x12_seg_repetition(s, 2, 1), s));
	CHECK_XSTR_EQ(x12_seg_repetition(s, 1, 1), "1");
	CHECK(absent(x12_seg_repetition(s, 1, 2), s));
	/* component of a repetition; component() is that of the first repetition */
	CHECK_XSTR_EQ(x12_seg_rep_component(s, 4, 1, 1), "HM");
	CHECK_XSTR_EQ(x12_seg_rep_component(s, 4, 1, 2), "12");
	CHECK_XSTR_EQ(x12_seg_rep_component(s, 4, 2, 1), "AB");
	CHECK_XSTR_EQ(x12_seg_rep_component(s, 4, 2, 2), "7");
	CHECK(absent(x12_seg_rep_component(s, 4, 2, 3), s));
	CHECK(absent(x12_seg_rep_component(s, 4, 3, 1), s));
	CHECK_XSTR_EQ(x12_seg_component(s, 4, 2), "12");
	CHECK_INT_EQ(x12_str_count(x12_seg_element(s, 3), s->delims.repetition), 4);
	CHECK_INT_EQ(x12_str_count(x12_seg_element(s, 4), s->delims.repetition), 2);

	harness_context("no repetition separator (4010, ISA11 = U): ^ is data");
	build(&b, "EB*1**30^1^33", d4010);
	CHECK_XSTR_EQ(x12_seg_repetition(s, 3, 1), "30^1^33");
	CHECK(absent(x12_seg_repetition(s, 3, 2), s));
	CHECK_XSTR_EQ(x12_seg_rep_component(s, 3, 1, 1), "30^1^33");
	CHECK_INT_EQ(x12_str_count(x12_seg_element(s, 3), s->delims.repetition), 1);
	CHECK_INT_EQ(x12_str_count(x12_seg_element(s, 2), s->delims.repetition), 0);

	harness_context("odd delimiters | ^ }: SV1|HC^J9045}HC^J9045^JW");
	build(&b, "SV1|HC^J9045}HC^J9045^JW|12", dodd);
	CHECK_XSTR_EQ(x12_seg_element(s, 1), "HC^J9045}HC^J9045^JW");
	CHECK_XSTR_EQ(x12_seg_component(s, 1, 2), "J9045");
	CHECK(absent(x12_seg_component(s, 1, 3), s));
	CHECK_XSTR_EQ(x12_seg_rep_component(s, 1, 2, 3), "JW");
	CHECK_XSTR_EQ(x12_seg_element(s, 2), "12");
}

static void
test_str_helpers(void)
{
	const char *text = "A:BB::C";
	struct x12_str v = { text, strlen(text) }, empty = { text, 0 };

	harness_context("x12_str_count / x12_str_part on A:BB::C");
	CHECK_INT_EQ(x12_str_count(v, ':'), 4);
	CHECK_INT_EQ(x12_str_count(v, '*'), 1);
	CHECK_INT_EQ(x12_str_count(v, '\0'), 1);
	CHECK_INT_EQ(x12_str_count(empty, ':'), 0);
	CHECK_INT_EQ(x12_str_count(empty, '\0'), 0);
	CHECK_XSTR_EQ(x12_str_part(v, ':', 1), "A");
	CHECK_XSTR_EQ(x12_str_part(v, ':', 2), "BB");
	CHECK_XSTR_EQ(x12_str_part(v, ':', 3), "");
	CHECK_XSTR_EQ(x12_str_part(v, ':', 4), "C");
	CHECK_XSTR_EQ(x12_str_part(v, ':', 5), "");
	CHECK_XSTR_EQ(x12_str_part(v, ':', 0), "");
	CHECK_XSTR_EQ(x12_str_part(v, '\0', 1), "A:BB::C");
	CHECK_XSTR_EQ(x12_str_part(v, '\0', 2), "");
	CHECK_XSTR_EQ(x12_str_part(empty, ':', 1), "");
	/* a part view stays inside the value */
	CHECK(x12_str_part(v, ':', 4).ptr == text + 6);
	CHECK(x12_str_part(v, ':', 2).ptr == text + 2);

	harness_context("x12_str_eq");
	CHECK(x12_str_eq(v, "A:BB::C"));
	CHECK(!x12_str_eq(v, "A:BB::"));
	CHECK(!x12_str_eq(v, "A:BB::CD"));
	CHECK(x12_str_eq(empty, ""));
}

/* The views from the tokenizer obey the same layout as the hand-built ones. */
static void
test_tokenizer_views(void)
{
	static const char input[] =
		"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
		"*240101*1200*^*00501*000000001*0*T*:~"
		"SV1*HC:J9271:JW*1500*UN*10***1:2^3:4~"
		"EB*1**30^1^33~"
		"IEA*0*000000001~";
	struct x12_tokenizer *t = x12_tokenizer_new(NULL, NULL);
	struct x12_segment seg;
	enum x12_status st;
	unsigned n = 0;

	harness_context("views from the tokenizer");
	if (!CHECK(t != NULL))
		return;
	x12_tokenizer_feed(t, input, sizeof input - 1, true);
	while ((st = x12_tokenizer_next(t, &seg)) == X12_EVENT) {
		n++;
		if (x12_seg_is(&seg, "ISA")) {
			CHECK_INT_EQ(seg.nelem, 16);
			CHECK_XSTR_EQ(x12_seg_element(&seg, 6), "SENDER         ");
			CHECK_XSTR_EQ(x12_seg_element(&seg, 13), "000000001");
			CHECK_XSTR_EQ(x12_seg_element(&seg, 16), ":");
			CHECK(absent(x12_seg_element(&seg, 17), &seg));
		} else if (x12_seg_is(&seg, "SV1")) {
			CHECK_INT_EQ(seg.nelem, 7);
			CHECK_XSTR_EQ(x12_seg_component(&seg, 1, 2), "J9271");
			CHECK_XSTR_EQ(x12_seg_element(&seg, 7), "1:2^3:4");
			CHECK_XSTR_EQ(x12_seg_rep_component(&seg, 7, 2, 1), "3");
			CHECK_XSTR_EQ(x12_seg_rep_component(&seg, 7, 2, 2), "4");
			CHECK(absent(x12_seg_element(&seg, 5), &seg));
		} else if (x12_seg_is(&seg, "EB")) {
			CHECK_XSTR_EQ(x12_seg_repetition(&seg, 3, 3), "33");
		}
	}
	CHECK_INT_EQ(st, X12_DONE);
	CHECK_INT_EQ(n, 4);
	x12_tokenizer_free(t);
}

int
main(void)
{
	test_elements();
	test_components();
	test_repetitions();
	test_str_helpers();
	test_tokenizer_views();
	return harness_exit();
}
