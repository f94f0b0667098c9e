/*
 * test-value.c - the value helpers every decoder uses: amounts and quantities
 * as scaled integers, dates and periods.  A wrong cent here is a wrong
 * balance, a wrong underpayment and a wrong 999, so every edge is pinned.
 */
#include "harness.h"
#include "x12.h"

#include <string.h>

static struct x12_str
S(const char *s)
{
	return (struct x12_str){ s, strlen(s) };
}

static void
scaled_ok(const char *text, unsigned decimals, long long want)
{
	int64_t v = -424242;

	harness_context("x12_parse_scaled('%s', %u)", text, decimals);
	if (CHECK(x12_parse_scaled(S(text), decimals, &v)))
		CHECK_INT_EQ(v, want);
}

static void
scaled_bad(const char *text, unsigned decimals)
{
	int64_t v = -424242;

	harness_context("x12_parse_scaled('%s', %u) is refused", text, decimals);
	CHECK(!x12_parse_scaled(S(text), decimals, &v));
	CHECK_INT_EQ(v, -424242); /* the output is left alone */
}

static void
test_scaled(void)
{
	/* money: cents */
	scaled_ok("1500", 2, 150000);
	scaled_ok("1500.5", 2, 150050);
	scaled_ok("1500.05", 2, 150005);
	scaled_ok("0.01", 2, 1);
	scaled_ok(".5", 2, 50);
	scaled_ok("5.", 2, 500);
	scaled_ok("-12.34", 2, -1234);
	scaled_ok("+12.34", 2, 1234);
	scaled_ok("-.05", 2, -5);
	scaled_ok("0", 2, 0);
	scaled_ok("007", 2, 700);
	scaled_ok("12.3400", 2, 1234);  /* trailing zeros beyond the scale lose nothing */
	scaled_ok("99999999.99", 2, 9999999999LL);
	/* quantities: thousandths */
	scaled_ok("14.4", 3, 14400);
	scaled_ok("0.125", 3, 125);
	scaled_ok("60", 3, 60000);
	scaled_ok("1", 0, 1);
	/* the largest whole part the guard lets through (18 significant digits with decimals) */
	scaled_ok("9223372036854", 6, 9223372036854000000LL);
	scaled_ok("000000000000000000001", 2, 100); /* leading zeros are not magnitude */

	scaled_bad("", 2);
	scaled_bad("-", 2);
	scaled_bad("+", 2);
	scaled_bad(".", 2);
	scaled_bad("-.", 2);
	scaled_bad("1.2.3", 2);
	scaled_bad("12.345", 2);  /* a non-zero digit the scale would drop */
	scaled_bad("1,000", 2);
	scaled_bad("1e3", 2);
	scaled_bad(" 12", 2);
	scaled_bad("12 ", 2);
	scaled_bad("--1", 2);
	scaled_bad("1-", 2);
	scaled_bad("92233720368547", 6);  /* would not fit in int64 once scaled */
	scaled_bad("99999999999999999999", 0);
}

static void
test_dates(void)
{
	int32_t from = 0, to = 0;

	CHECK(x12_parse_date8(S("20240229"), &from));
	CHECK_INT_EQ(from, 20240229);
	CHECK(!x12_parse_date8(S("20230229"), &from)); /* not a leap year */
	CHECK(!x12_parse_date8(S("19000229"), &from)); /* century rule */
	CHECK(x12_parse_date8(S("20000229"), &from));  /* 400-year rule */
	CHECK(!x12_parse_date8(S("20241301"), &from));
	CHECK(!x12_parse_date8(S("20240431"), &from));
	CHECK(!x12_parse_date8(S("2024043"), &from));
	CHECK(!x12_parse_date8(S("2024-4-3"), &from));

	CHECK(x12_parse_period(S("D8"), S("20250306"), &from, &to));
	CHECK_INT_EQ(from, 20250306);
	CHECK_INT_EQ(to, 20250306);
	CHECK(x12_parse_period(S("RD8"), S("20250301-20250331"), &from, &to));
	CHECK_INT_EQ(from, 20250301);
	CHECK_INT_EQ(to, 20250331);
	CHECK(!x12_parse_period(S("RD8"), S("20250331-20250301"), &from, &to)); /* end before start */
	CHECK(!x12_parse_period(S("RD8"), S("20250301"), &from, &to));
	CHECK(!x12_parse_period(S("D8"), S("20250301-20250331"), &from, &to));
}

static void
test_format(void)
{
	char buf[32];

	CHECK_STR_EQ(x12_money_str(buf, sizeof buf, 150005), "1500.05");
	CHECK_STR_EQ(x12_money_str(buf, sizeof buf, -5), "-0.05");
	CHECK_STR_EQ(x12_money_str(buf, sizeof buf, 0), "0.00");
	CHECK_STR_EQ(x12_qty_str(buf, sizeof buf, 14400), "14.4");
	CHECK_STR_EQ(x12_qty_str(buf, sizeof buf, 60000), "60");
}

int
main(void)
{
	test_scaled();
	test_dates();
	test_format();
	return harness_exit();
}
