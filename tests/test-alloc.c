/*
 * test-alloc.c - allocation failures through the allocator hook.
 *
 * For every input (the samples, and synthetic claims and payments with 50
 * lines so that the line tables grow), first counts the allocations of a
 * whole decode through the record stream, then runs it again once for every
 * n, with the n-th allocation failing.  Each run must end cleanly:
 *   - x12_records_new() returns NULL, or the stream ends with one END record
 *     carrying X12_E_NOMEM (or completes, when n is past the last allocation);
 *   - every claim and payment handed out is identical, field for field and
 *     mark for mark, to the same record of the clean run: none is cut short;
 *   - after x12_records_free() no allocation is left (and ASan sees no leak).
 * The same for x12_input_open() on a gzip file (zlib allocates through the
 * hook too).
 *
 *   test-alloc SAMPLES_DIR
 */
#include "dump.h"
#include "harness.h"
#include "input.h"
#include "recdump.h"
#include "testutil.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct failing {
	unsigned long calls;   /* allocations asked for (malloc and realloc) */
	unsigned long fail_at; /* 0: never */
	long live;             /* blocks not yet freed */
};

static void *
f_malloc(void *ctx, size_t n)
{
	struct failing *f = ctx;

	if (++f->calls == f->fail_at)
		return NULL;
	f->live++;
	return malloc(n ? n : 1);
}

static void *
f_realloc(void *ctx, void *p, size_t n)
{
	struct failing *f = ctx;
	void *q;

	if (++f->calls == f->fail_at)
		return NULL;
	q = realloc(p, n ? n : 1);
	if (q && !p)
		f->live++;
	return q;
}

static void
f_free(void *ctx, void *p)
{
	struct failing *f = ctx;

	if (p)
		f->live--;
	free(p);
}

/* The CLAIM and PAYMENT records of a dump, each with its continuation lines, in order. */
static size_t
units(const char *dump, const char **start, size_t *len, size_t max)
{
	size_t n = 0;

	for (const char *p = dump; *p && n < max;) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl + 1 : p + strlen(p);

		if (strncmp(p, "CLAIM ", 6) == 0 || strncmp(p, "PAYMENT ", 8) == 0) {
			while (*end == ' ') { /* "  LINE" / "  SVC" lines belong to it */
				const char *nl2 = strchr(end, '\n');

				end = nl2 ? nl2 + 1 : end + strlen(end);
			}
			start[n] = p;
			len[n] = (size_t)(end - p);
			n++;
		}
		p = end;
	}
	return n;
}

#define MAX_UNITS 4096

static unsigned long runs, nomem_ends;

static void
check_input(struct x12_schemas *s, const char *name, const char *data, size_t len)
{
	struct x12_alloc a = { f_malloc, f_realloc, f_free, NULL };
	struct failing f = { 0 };
	struct x12_records_options ro = { .level = 4, .alloc = &a };
	struct x12_records *rs;
	enum x12_status st;
	size_t clean_len, nclean;
	char *clean;
	static const char *cstart[MAX_UNITS], *gstart[MAX_UNITS];
	static size_t clen[MAX_UNITS], glen[MAX_UNITS];
	unsigned long total;

	harness_context("%s: the clean run", name);
	a.ctx = &f;
	rs = x12_records_new(s, &ro);
	if (!CHECK(rs != NULL))
		return;
	clean = recdump_run(rs, data, len, 0, &clean_len, &st);
	CHECK(st == X12_DONE);
	x12_records_free(rs);
	CHECK_INT_EQ(f.live, 0);
	total = f.calls;
	CHECK(total > 0);
	nclean = units(clean, cstart, clen, MAX_UNITS);

	for (unsigned long n = 1; n <= total + 1; n++) {
		size_t glen_all, ngot;
		char *got;

		harness_context("%s: allocation %lu of %lu fails", name, n, total);
		f = (struct failing){ .fail_at = n };
		runs++;
		rs = x12_records_new(s, &ro);
		if (!rs) {
			CHECK_INT_EQ(f.live, 0); /* nothing left behind by a failed constructor */
			continue;
		}
		got = recdump_run(rs, data, len, 0, &glen_all, &st);
		if (st == X12_ERROR) {
			const char *end = strstr(got, "END fatal=1 X12-114");

			nomem_ends++;
			CHECK(end != NULL);
			CHECK(x12_records_error(rs)->code == X12_E_NOMEM);
		} else {
			/* the failing allocation was never reached: the same run as the clean one */
			CHECK(st == X12_DONE);
			CHECK(n > total || strcmp(got, clean) == 0);
		}
		/* what was handed out is complete: each record equals the clean run's */
		ngot = units(got, gstart, glen, MAX_UNITS);
		CHECK(ngot <= nclean);
		for (size_t i = 0; i < ngot && i < nclean; i++)
			if (!CHECK(glen[i] == clen[i] && memcmp(gstart[i], cstart[i], glen[i]) == 0))
				break;
		x12_records_free(rs);
		CHECK_INT_EQ(f.live, 0);
		free(got);
	}
	free(clean);
}

/* An 837P claim with nlines service lines, or an 835 payment with as many. */
static char *
synthetic(bool remit, unsigned nlines)
{
	struct tbuf b = { 0 };
	char line[256];
	unsigned segs = 0;

	tbuf_puts(&b, "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250101*1200*^*00501*000000001*0*T*:~");
	if (!remit) {
		tbuf_puts(&b, "GS*HC*SENDER*RECEIVER*20250101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~"
			      "BHT*0019*00*B1*20250101*1200*CH~NM1*41*2*SUBMITTER*****46*S1~PER*IC*CONTACT*TE*5555550100~"
			      "NM1*40*2*RECEIVER*****46*R1~HL*1**20*1~NM1*85*2*BILLING*****XX*1999990017~N3*1 BILLING ST~"
			      "N4*BILLTOWN*OH*432150001~REF*EI*991234567~HL*2*1*22*0~SBR*P*18*GRP******CI~NM1*IL*1*SUB*ONE****MI*M1~"
			      "NM1*PR*2*PAYER*****PI*99001~");
		snprintf(line, sizeof line, "CLM*C1*%u***11:B:1*Y*A*Y*Y~HI*ABK:C50911~", nlines * 10);
		tbuf_puts(&b, line);
		segs = 17;
		for (unsigned i = 1; i <= nlines; i++) {
			snprintf(line, sizeof line, "LX*%u~SV1*HC:96413*10*UN*1***1~DTP*472*D8*20250101~REF*6R*L%u~", i, i);
			tbuf_puts(&b, line);
			segs += 4;
		}
	} else {
		tbuf_puts(&b, "GS*HP*SENDER*RECEIVER*20250101*1200*1*X*005010X221A1~ST*835*0001~");
		snprintf(line, sizeof line, "BPR*I*%u*C*CHK************20250417~", nlines * 8);
		tbuf_puts(&b, line);
		tbuf_puts(&b, "TRN*1*CHK1*1990000002~N1*PR*PAYER~N3*PO BOX 1~N4*TOWN*OH*43215~PER*BL*EDI*TE*5555550199~"
			      "N1*PE*PROVIDER*XX*1999990017~LX*1~");
		snprintf(line, sizeof line, "CLP*C1*1*%u*%u**MB*PCN1*11*1~NM1*QC*1*PAT*TWO****MI*M1~", nlines * 10, nlines * 8);
		tbuf_puts(&b, line);
		segs = 12;
		for (unsigned i = 1; i <= nlines; i++) {
			snprintf(line, sizeof line, "SVC*HC:96413*10*8**1~CAS*CO*45*2~REF*6R*L%u~", i);
			tbuf_puts(&b, line);
			segs += 3;
		}
	}
	snprintf(line, sizeof line, "SE*%u*0001~GE*1*1~IEA*1*000000001~", segs);
	tbuf_puts(&b, line);
	return b.p;
}

static void
check_gzip_input(const char *dir)
{
	struct x12_alloc a = { f_malloc, f_realloc, f_free, NULL };
	struct failing f = { 0 };
	char path[4096];
	unsigned long total;

	/* a gzip copy of a sample */
	snprintf(path, sizeof path, "/tmp/remedi-test-alloc-%ld.gz", (long)getpid());
	{
		char cmd[8300];

		snprintf(cmd, sizeof cmd, "gzip -c '%s/oncology-837p.x12' > '%s'", dir, path);
		if (!CHECK(system(cmd) == 0))
			return;
	}
	a.ctx = &f;
	harness_context("x12_input_open on gzip: the clean run");
	{
		struct x12_input *in;
		struct x12_error e;
		const char *buf;
		size_t len;
		bool final;

		if (!CHECK(x12_input_open(path, &a, &in, &e) == X12_OK))
			return;
		while (x12_input_read(in, &buf, &len, &final, &e) == X12_OK)
			;
		x12_input_close(in);
	}
	total = f.calls;
	CHECK_INT_EQ(f.live, 0);
	CHECK(total >= 3); /* the input, its buffers, and zlib's state */
	for (unsigned long n = 1; n <= total; n++) {
		struct x12_input *in = NULL;
		struct x12_error e;

		harness_context("x12_input_open on gzip: allocation %lu of %lu fails", n, total);
		f = (struct failing){ .fail_at = n };
		CHECK(x12_input_open(path, &a, &in, &e) == X12_ERROR);
		CHECK(in == NULL && e.code == X12_E_NOMEM);
		CHECK_INT_EQ(f.live, 0);
	}
	remove(path);
}

int
main(int argc, char **argv)
{
	char err[512];
	struct x12_schemas *s;
	struct x12_error e;
	DIR *d;
	struct dirent *de;

	if (argc != 2) {
		fprintf(stderr, "usage: test-alloc SAMPLES_DIR\n");
		return 2;
	}
	s = tu_schemas_load(NULL, err, sizeof err);
	/* compiled now with malloc, so that the runs only see the stream's own allocations */
	if (!s || x12_schemas_prepare(s, &e) != X12_OK) {
		fprintf(stderr, "%s\n", s ? e.msg : err);
		return 99;
	}
	d = opendir(argv[1]);
	if (!d) {
		perror(argv[1]);
		return 99;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name), len;
		char path[4096], *data;

		if (l < 5 || strcmp(de->d_name + l - 4, ".x12") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", argv[1], de->d_name);
		if (!CHECK(dump_read_file(path, &data, &len) == 0))
			continue;
		check_input(s, de->d_name, data, len);
		free(data);
	}
	closedir(d);
	for (int remit = 0; remit <= 1; remit++) {
		char *text = synthetic(remit, 50);

		check_input(s, remit ? "835 payment with 50 lines" : "837P claim with 50 lines", text, strlen(text));
		free(text);
	}
	check_gzip_input(argv[1]);
	x12_schemas_free(s);
	printf("%lu runs, %lu ended with X12-114\n", runs, nomem_ends);
	harness_context("the runs reached the decoders' line tables");
	CHECK(nomem_ends > 0);
	return harness_exit();
}
