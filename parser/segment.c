/*
 * segment.c - element, component and repetition access on a segment view.
 *
 * Positions are 1-based as in the TR3 (element 0 is the segment id).  Values
 * are views into the segment; nothing is copied.  Absent values are empty.
 */
#include "x12.h"

#include <string.h>

struct x12_str
x12_seg_element(const struct x12_segment *seg, unsigned n)
{
	struct x12_str v = { seg->data, 0 };

	if (n > seg->nelem)
		return v;
	v.ptr = seg->data + seg->elem[n];
	v.len = seg->elem[n + 1] - 1 - seg->elem[n];
	return v;
}

struct x12_str
x12_seg_id(const struct x12_segment *seg)
{
	return x12_seg_element(seg, 0);
}

unsigned
x12_str_count(struct x12_str v, char sep)
{
	unsigned n = 1;

	if (v.len == 0)
		return 0;
	if (!sep)
		return 1;
	for (size_t i = 0; i < v.len; i++)
		n += v.ptr[i] == sep;
	return n;
}

struct x12_str
x12_str_part(struct x12_str v, char sep, unsigned i)
{
	struct x12_str out = { v.ptr, 0 };
	const char *p = v.ptr, *end = v.ptr + v.len;

	if (i == 0)
		return out;
	if (!sep)
		return i == 1 ? v : out;
	/* values are a few bytes long: a plain loop beats a memchr() call */
	for (unsigned k = 1; k < i; k++) {
		while (p < end && *p != sep)
			p++;
		if (p == end)
			return out;
		p++;
	}
	const char *q = p;

	while (q < end && *q != sep)
		q++;
	out.ptr = p;
	out.len = (size_t)(q - p);
	return out;
}

struct x12_str
x12_seg_repetition(const struct x12_segment *seg, unsigned n, unsigned r)
{
	return x12_str_part(x12_seg_element(seg, n), seg->delims.repetition, r);
}

struct x12_str
x12_seg_rep_component(const struct x12_segment *seg, unsigned n, unsigned r, unsigned c)
{
	return x12_str_part(x12_seg_repetition(seg, n, r), seg->delims.component, c);
}

struct x12_str
x12_seg_component(const struct x12_segment *seg, unsigned n, unsigned c)
{
	return x12_seg_rep_component(seg, n, 1, c);
}

unsigned
x12_str_split(struct x12_str v, char sep, struct x12_str *parts, unsigned max)
{
	const char *p = v.ptr, *end = v.ptr + v.len;
	unsigned n = 0;

	if (v.len == 0 || max == 0)
		return 0;
	for (;;) {
		const char *q = p;

		while (q < end && *q != sep)
			q++;
		parts[n].ptr = p;
		parts[n].len = (size_t)(q - p);
		n++;
		if (q == end || n == max)
			return n;
		p = q + 1;
	}
}
