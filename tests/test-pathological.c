/*
 * test-pathological.c - inputs built to find quadratic paths and unbounded
 * memory, each with a time budget (as cmark's pathological tests have).
 *
 * Every case is generated at a size n and at 4n and run through the record
 * stream: both runs must end (DONE or a fatal error with its position) within
 * the budget, the 4n run may take at most ~8 times the n run (linear with
 * room for noise, where quadratic would be 16), and the peak RSS may not grow
 * by more than a few MiB from one to the other (memory bounded by a claim,
 * never by the input).
 *
 *   1 byte at a time     a 10 MB 837P fed to x12_records_feed one byte per call
 *   deep HL              100,000 HL segments, each the child of the one before
 *   long claim           one claim with 10,000 service lines
 *   diagnostics          100,000 diagnostics in one transaction set
 *   control numbers      20,000 transaction sets and 2,000 interchanges, each
 *                        control number new (the duplicate checks keep up)
 */
#include "harness.h"
#include "recdump.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define BUDGET_SECONDS 60.0 /* per run; generous for sanitizer builds, release runs take well under 1 s */

static const char isa[] =
	"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250101*1200*^*00501*%09u*0*T*:~\n";
static const char header_837[] =
	"GS*HC*SENDER*RECEIVER*20250101*1200*%u*X*005010X222A1~\nST*837*%04u*005010X222A1~\n"
	"BHT*0019*00*B1*20250101*1200*CH~\nNM1*41*2*SUBMITTER*****46*S1~\nPER*IC*CONTACT*TE*5555550100~\n"
	"NM1*40*2*RECEIVER*****46*R1~\nHL*1**20*1~\nNM1*85*2*BILLING*****XX*1999990017~\nN3*1 BILLING ST~\n"
	"N4*BILLTOWN*OH*432150001~\nREF*EI*991234567~\n";
static const char subscriber[] = "HL*%u*1*22*0~\nSBR*P*18*GRP******CI~\nNM1*IL*1*SUB*ONE****MI*M1~\n"
				 "NM1*PR*2*PAYER*****PI*99001~\n";
static const char line[] = "LX*%u~\nSV1*HC:96413*10*UN*1***1~\nDTP*472*D8*20250101~\n";

static void
addf(struct tbuf *b, const char *fmt, ...) HARNESS_PRINTF(2, 3);

static void
addf(struct tbuf *b, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	tbuf_add(b, buf, (size_t)n);
}

/* SE, GE, IEA after `segs` segments from ST on (SE01 counts the SE too). */
static void
trailer(struct tbuf *b, unsigned segs, unsigned st, unsigned gs, unsigned ic)
{
	addf(b, "SE*%u*%04u~\nGE*1*%u~\nIEA*1*%09u~\n", segs + 1, st, gs, ic);
}

/* ------------------------------------------------------------ generators (n = the case's size) */

/* About n bytes of claims with 6 lines each. */
static struct tbuf
gen_bytes(unsigned long n)
{
	struct tbuf b = { 0 };
	unsigned segs = 10, claims = 0;

	addf(&b, isa, 1u);
	addf(&b, header_837, 1u, 1u);
	while (b.len < n) {
		addf(&b, subscriber, 2 + claims);
		addf(&b, "CLM*C%u*60***11:B:1*Y*A*Y*Y~\nHI*ABK:C50911~\n", claims);
		segs += 6;
		for (unsigned i = 1; i <= 6; i++) {
			addf(&b, line, i);
			segs += 3;
		}
		claims++;
	}
	trailer(&b, segs, 1, 1, 1);
	return b;
}

/* n HL segments, each the child of the previous one. */
static struct tbuf
gen_deep_hl(unsigned long n)
{
	struct tbuf b = { 0 };

	addf(&b, isa, 1u);
	addf(&b, header_837, 1u, 1u);
	for (unsigned long i = 2; i < n + 2; i++)
		addf(&b, "HL*%lu*%lu*22*1~\n", i, i - 1);
	trailer(&b, (unsigned)(10 + n), 1, 1, 1);
	return b;
}

/* One claim of n lines. */
static struct tbuf
gen_long_claim(unsigned long n)
{
	struct tbuf b = { 0 };

	addf(&b, isa, 1u);
	addf(&b, header_837, 1u, 1u);
	addf(&b, subscriber, 2u);
	addf(&b, "CLM*C1*%lu***11:B:1*Y*A*Y*Y~\nHI*ABK:C50911~\n", n * 10);
	for (unsigned long i = 1; i <= n; i++)
		addf(&b, line, (unsigned)i);
	trailer(&b, (unsigned)(16 + 3 * n), 1, 1, 1);
	return b;
}

/* n segments the 837P does not know, each an X12-502 in the same set. */
static struct tbuf
gen_diags(unsigned long n)
{
	struct tbuf b = { 0 };

	addf(&b, isa, 1u);
	addf(&b, header_837, 1u, 1u);
	for (unsigned long i = 0; i < n; i++)
		tbuf_puts(&b, "ZZZ*1~\n");
	trailer(&b, (unsigned)(10 + n), 1, 1, 1);
	return b;
}

/* n minimal sets (ST, BHT, SE) in groups of 10 per interchange, every control number new. */
static struct tbuf
gen_controls(unsigned long n)
{
	struct tbuf b = { 0 };
	unsigned st = 0;

	for (unsigned ic = 1; st < n; ic++) {
		addf(&b, isa, ic);
		addf(&b, "GS*HC*SENDER*RECEIVER*20250101*1200*%u*X*005010X222A1~\n", ic);
		for (unsigned k = 0; k < 10 && st < n; k++) {
			st++;
			addf(&b, "ST*837*%u*005010X222A1~\nBHT*0019*00*B1*20250101*1200*CH~\nSE*3*%u~\n", st, st);
		}
		addf(&b, "GE*%u*%u~\nIEA*1*%09u~\n", (unsigned)(st % 10 ? st % 10 : 10), ic, ic);
	}
	return b;
}

/* ------------------------------------------------------------ running */

struct outcome {
	double seconds;
	long maxrss_kb;
	enum x12_status status;
	unsigned long records, diags, claims, lines;
};

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long
maxrss(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void
run(struct x12_records *rs, const struct tbuf *in, size_t chunk, struct outcome *o)
{
	size_t off = 0;
	double t0 = now();

	memset(o, 0, sizeof *o);
	x12_records_reset(rs);
	for (;;) {
		size_t n = in->len - off < chunk ? in->len - off : chunk;
		bool final = off + n == in->len;
		struct x12_record rec;
		enum x12_status st;

		x12_records_feed(rs, in->p + off, n, final);
		off += n;
		while ((st = x12_records_next(rs, &rec)) == X12_EVENT) {
			o->records++;
			if (rec.type == X12_REC_DIAG)
				o->diags++;
			else if (rec.type == X12_REC_CLAIM) {
				o->claims++;
				o->lines += rec.claim->nlines;
			}
		}
		if (st == X12_NEED_INPUT && !final)
			continue;
		o->status = st;
		break;
	}
	o->seconds = now() - t0;
	o->maxrss_kb = maxrss();
}

static void
check_case(struct x12_records *rs, const char *name, struct tbuf (*gen)(unsigned long), unsigned long n,
	   size_t chunk, void (*expect)(const struct outcome *, unsigned long))
{
	struct tbuf small = gen(n / 4), big = gen(n);
	struct outcome a, b;

	run(rs, &small, chunk, &a);
	run(rs, &big, chunk, &b);
	harness_context("%s: n = %lu (%zu bytes): %.3f s, then 4n (%zu bytes): %.3f s; peak RSS %ld -> %ld KiB", name,
			n / 4, small.len, a.seconds, big.len, b.seconds, a.maxrss_kb, b.maxrss_kb);
	printf("%-18s %10zu bytes %8.3f s   %10zu bytes %8.3f s   %lu records, %lu diagnostics\n", name, small.len,
	       a.seconds, big.len, b.seconds, b.records, b.diags);
	CHECK(a.status == X12_DONE || a.status == X12_ERROR);
	CHECK(b.status == X12_DONE || b.status == X12_ERROR);
	CHECK(b.seconds < BUDGET_SECONDS);
	/* linear: 4 times the input in at most ~8 times the time (quadratic would be 16) */
	CHECK(b.seconds < 8 * a.seconds + 0.05);
	/* bounded: the bigger input needs no more memory (a few MiB of slack for the allocator) */
	CHECK(b.maxrss_kb - a.maxrss_kb < 8 * 1024 + (long)(big.len / 1024) / 8);
	if (expect)
		expect(&b, n);
	free(small.p);
	free(big.p);
}

static void
expect_bytes(const struct outcome *o, unsigned long n)
{
	CHECK(o->status == X12_DONE);
	CHECK(o->diags == 0);
	CHECK(o->claims > n / 1000);
}

static void
expect_long_claim(const struct outcome *o, unsigned long n)
{
	/* the walker reports the 2400 repeat limit; the claim keeps the first C837_MAX_LINES lines, whole */
	CHECK(o->status == X12_DONE);
	CHECK(o->claims == 1);
	CHECK(o->lines == (n < C837_MAX_LINES ? n : C837_MAX_LINES));
	CHECK(o->diags >= 1);
}

static void
expect_diags(const struct outcome *o, unsigned long n)
{
	CHECK(o->status == X12_DONE);
	CHECK(o->diags >= n);
}

static void
expect_done(const struct outcome *o, unsigned long n)
{
	(void)n;
	CHECK(o->status == X12_DONE);
}

int
main(void)
{
	char err[512];
	struct x12_schemas *s = tu_schemas_load(NULL, err, sizeof err);
	struct x12_records *rs;

	if (!s) {
		fprintf(stderr, "%s\n", err);
		return 99;
	}
	rs = x12_records_new(s, NULL);
	if (!rs)
		return 99;
	check_case(rs, "1 byte at a time", gen_bytes, 10000000, 1, expect_bytes);
	check_case(rs, "deep HL", gen_deep_hl, 100000, 65536, expect_done);
	check_case(rs, "long claim", gen_long_claim, 10000, 65536, expect_long_claim);
	check_case(rs, "diagnostics", gen_diags, 100000, 65536, expect_diags);
	check_case(rs, "control numbers", gen_controls, 20000, 65536, expect_done);
	x12_records_free(rs);
	x12_schemas_free(s);
	return harness_exit();
}
