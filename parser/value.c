/*
 * value.c - checks of X12 simple data element values (dates, times, digits).
 */
#include "x12_internal.h"

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
