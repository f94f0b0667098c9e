/*
 * value.c - checks of X12 simple data element values (dates, times, digits).
 */
#include "x12_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
x12_is_digits(struct x12_str v)
{
	if (v.len == 0)
		return false;
	for (size_t i = 0; i < v.len; i++)
		if (v.ptr[i] < '0' || v.ptr[i] > '9')
			return false;
	return true;
}

static unsigned
num(const char *p, unsigned n)
{
	unsigned v = 0;

	while (n--)
		v = v * 10 + (unsigned)(*p++ - '0');
	return v;
}

static bool
valid_ymd(unsigned y, unsigned m, unsigned d)
{
	static const unsigned char mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29)
		return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return true;
}

bool
x12_is_date8(struct x12_str v)
{
	return v.len == 8 && x12_is_digits(v) &&
	       valid_ymd(num(v.ptr, 4), num(v.ptr + 4, 2), num(v.ptr + 6, 2));
}

bool
x12_is_date6(struct x12_str v)
{
	/* YY: no century, so 29 February is accepted on years divisible by 4 */
	return v.len == 6 && x12_is_digits(v) &&
	       valid_ymd(2000 + num(v.ptr, 2), num(v.ptr + 2, 2), num(v.ptr + 4, 2));
}

bool
x12_is_time(struct x12_str v)
{
	if (!x12_is_digits(v) || (v.len != 4 && v.len < 6) || v.len > 8)
		return false;
	if (num(v.ptr, 2) > 23 || num(v.ptr + 2, 2) > 59)
		return false;
	return v.len < 6 || num(v.ptr + 4, 2) <= 59;
}

bool
x12_parse_scaled(struct x12_str v, unsigned decimals, int64_t *out)
{
	int64_t whole = 0, frac = 0;
	unsigned nfrac = 0;
	bool neg = false, point = false, digit = false;
	size_t i = 0;

	if (v.len && (v.ptr[0] == '-' || v.ptr[0] == '+')) {
		neg = v.ptr[0] == '-';
		i = 1;
	}
	for (; i < v.len; i++) {
		char c = v.ptr[i];

		if (c == '.' && !point) {
			point = true;
			continue;
		}
		if (c < '0' || c > '9')
			return false;
		digit = true;
		if (!point) {
			if (whole > (INT64_MAX / 10 - 9) / 1000000)
				return false; /* beyond any amount X12 can carry (18 digits) */
			whole = whole * 10 + (c - '0');
		} else if (nfrac < decimals) {
			frac = frac * 10 + (c - '0');
			nfrac++;
		} else if (c != '0') {
			return false;
		}
	}
	if (!digit)
		return false;
	for (; nfrac < decimals; nfrac++)
		frac *= 10;
	for (unsigned k = 0; k < decimals; k++)
		whole *= 10;
	*out = neg ? -(whole + frac) : whole + frac;
	return true;
}

bool
x12_parse_date8(struct x12_str v, int32_t *out)
{
	if (!x12_is_date8(v))
		return false;
	*out = (int32_t)num(v.ptr, 8);
	return true;
}

bool
x12_parse_period(struct x12_str qual, struct x12_str v, int32_t *from, int32_t *to)
{
	if (x12_str_eq(qual, "RD8")) {
		struct x12_str a = { v.ptr, 8 }, b = { v.ptr + 9, 8 };

		/* a range: CCYYMMDD-CCYYMMDD, the end not before the start */
		return v.len == 17 && v.ptr[8] == '-' && x12_parse_date8(a, from) && x12_parse_date8(b, to) &&
		       *from <= *to;
	}
	if (!x12_parse_date8(v, from))
		return false;
	*to = *from;
	return true;
}

size_t
x12_utf8_len(const unsigned char *p, size_t avail)
{
	size_t n;

	if (avail == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F) || (p[0] == 0xF0 && p[1] < 0x90) ||
	    (p[0] == 0xF4 && p[1] > 0x8F))
		return 0; /* overlong, surrogate or beyond U+10FFFF */
	return n;
}

void
x12_str_copy(char *dst, size_t size, struct x12_str v)
{
	size_t n = v.len < size - 1 ? v.len : size - 1;

	if (n)
		memcpy(dst, v.ptr, n);
	dst[n] = '\0';
}

const char *
x12_money_str(char *buf, size_t size, int64_t cents)
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;

	snprintf(buf, size, "%s%llu.%02llu", cents < 0 ? "-" : "", (unsigned long long)(a / 100),
		 (unsigned long long)(a % 100));
	return buf;
}

const char *
x12_qty_str(char *buf, size_t size, int64_t milli)
{
	uint64_t a = milli < 0 ? (uint64_t)0 - (uint64_t)milli : (uint64_t)milli;
	size_t n;

	n = (size_t)snprintf(buf, size, "%s%llu", milli < 0 ? "-" : "", (unsigned long long)(a / 1000));
	if (a % 1000 && n + 5 <= size) {
		snprintf(buf + n, size - n, ".%03u", (unsigned)(a % 1000));
		for (n = strlen(buf); buf[n - 1] == '0'; n--)
			buf[n - 1] = '\0';
	}
	return buf;
}
