/*
 * test-ack-chunks.c - the acknowledgments do not depend on how the input is
 * split: every sample and every faulty input, fed at chunk sizes 1..7 and
 * 4096, gives byte-identical 999, TA1 and 277CA output.  Also: a write that fails
 * stops the writer, and a hand-made set lands its codes where the TR3 wants
 * them (IK4 position, IK403, the bad code, the claim's CTX).
 *
 *   test-ack-chunks SAMPLES_DIR INPUTS_DIR
 */
#include "harness.h"
#include "testutil.h"
#include "ack.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
to_tbuf(void *ctx, const char *buf, size_t len)
{
	tbuf_add(ctx, buf, len);
	return true;
}

static bool
refuse(void *ctx, const char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
	return false;
}

/* The acknowledgment of data fed in chunks of `chunk` bytes. */
static struct tbuf
ack_of(struct x12_schemas *s, enum ack_type type, const char *data, size_t len, size_t chunk)
{
	struct ack_options o = { .type = type, .control = 3, .date8 = "20261203", .time4 = "1200" };
	struct x12_records_options ro = { .decode = true, .events = true };
	struct x12_records *rs = x12_records_new(s, &ro);
	struct tbuf out = { 0 };
	struct ack_writer *aw = ack_writer_new(&o, to_tbuf, &out);
	struct x12_record rec;
	size_t at = 0;
	enum x12_status st;

	tbuf_add(&out, "", 0);
	if (!rs || !aw)
		abort();
	do {
		size_t n = len - at < chunk ? len - at : chunk;

		x12_records_feed(rs, data + at, n, at + n == len);
		at += n;
		while ((st = x12_records_next(rs, &rec)) == X12_EVENT)
			CHECK(ack_writer_record(aw, &rec));
	} while (st == X12_NEED_INPUT && at < len);
	ack_writer_free(aw);
	x12_records_free(rs);
	return out;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct tbuf b = { 0 };
	char buf[8192];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		tbuf_add(&b, buf, n);
	fclose(f);
	*len = b.len;
	return b.p;
}

static void
chunks_of_dir(struct x12_schemas *s, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned files = 0;

	CHECK(d != NULL);
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t nl = strlen(de->d_name), len;
		char path[4096];
		char *data;

		if (nl < 4 || strcmp(de->d_name + nl - 4, ".x12") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		data = slurp(path, &len);
		CHECK(data != NULL);
		if (!data)
			continue;
		files++;
		for (int t = ACK_999; t <= ACK_277CA; t++) {
			struct tbuf ref = ack_of(s, (enum ack_type)t, data, len, 4096);

			harness_context("%s type %d", de->d_name, t);
			/* a 277CA answers 837 claims only: nothing for an 835 or a rejected interchange */
			CHECK(ref.len > 0 || t == ACK_277CA);
			for (size_t c = 1; c <= 7; c++) {
				struct tbuf got = ack_of(s, (enum ack_type)t, data, len, c);

				harness_mem_eq(got.p, got.len, ref.p, ref.len, __FILE__, __LINE__, "chunked", "whole");
				tbuf_free(&got);
			}
			tbuf_free(&ref);
		}
		free(data);
	}
	closedir(d);
	harness_context("%s", dir);
	CHECK(files > 0);
}

/* A bad SBR01 and an unbalanced claim, in a hand-made 837P (ST is position 1,
 * so SBR is the 12th segment and CLM the 15th; N403 is a 5-digit ZIP). */
static void
placement(struct x12_schemas *s)
{
	const char *in =
		T_ISA "GS*HC*SENDER*RECEIVER*20240101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~"
		"BHT*0019*00*0123*20240101*1200*CH~NM1*41*2*SUBMITTER*****46*S1~PER*IC*OFFICE*TE*5555550100~"
		"NM1*40*2*PAYER*****46*P1~HL*1**20*1~NM1*85*2*BILLING*****XX*1999990017~N3*1 ST~"
		"N4*TOWN*OH*43215~REF*EI*991234567~HL*2*1*22*0~SBR*Q*18*******MB~NM1*IL*1*DOE*J****MI*M1~"
		"NM1*PR*2*PAYER*****PI*P1~CLM*CLAIMA*100***11:B:1*Y*A*Y*Y~HI*ABK:C50911~LX*1~"
		"SV1*HC:96413*90*UN*1***1~DTP*472*D8*20240101~SE*20*0001~GE*1*1~IEA*1*000000001~";
	struct tbuf a = ack_of(s, ACK_999, in, strlen(in), 4096);

	harness_context("placement");
	CHECK(strstr(a.p, "IK3*SBR*12*2000*8~\nIK4*1*1138*7*Q~\n") != NULL);
	CHECK(strstr(a.p, "IK3*CLM*15*2300*8~\nCTX*CLM01:CLAIMA~\nIK4*2*782*I12~\n") != NULL ||
	      strstr(a.p, "IK3*CLM*15*2300*8~\nCTX*CLM01:CLAIMA~\nIK4*2**I12~\n") != NULL);
	CHECK(strstr(a.p, "IK5*R*5*I5~\n") != NULL || strstr(a.p, "IK5*R*I5*5~\n") != NULL);
	CHECK(strstr(a.p, "AK9*R*1*1*0~\n") != NULL);
	/* no patient data: the member id and names never appear */
	CHECK(strstr(a.p, "DOE") == NULL && strstr(a.p, "M1~") == NULL);
	if (harness_state()->failures)
		fprintf(stderr, "%s", a.p);
	tbuf_free(&a);
}

static void
write_failure(struct x12_schemas *s)
{
	struct ack_options o = { .type = ACK_999, .date8 = "20261203", .time4 = "1200" };
	struct x12_records *rs = x12_records_new(s, &(struct x12_records_options){ .events = true });
	struct ack_writer *aw = ack_writer_new(&o, refuse, NULL);
	struct x12_record rec;
	bool ok = true;

	harness_context("write failure");
	x12_records_feed(rs, T_VALID, strlen(T_VALID), true);
	while (x12_records_next(rs, &rec) == X12_EVENT)
		ok = ack_writer_record(aw, &rec) && ok;
	CHECK(!ok);
	CHECK(!ack_writer_record(aw, &rec));
	ack_writer_free(aw);
	x12_records_free(rs);
}

int
main(int argc, char **argv)
{
	struct x12_schemas *s;
	struct x12_error err;

	if (argc != 3) {
		fprintf(stderr, "usage: test-ack-chunks SAMPLES_DIR INPUTS_DIR\n");
		return 2;
	}
	if (x12_schemas_load(NULL, &s, &err) != X12_OK) {
		fprintf(stderr, "schemas: %s\n", err.msg);
		return 1;
	}
	chunks_of_dir(s, argv[1]);
	chunks_of_dir(s, argv[2]);
	placement(s);
	write_failure(s);
	x12_schemas_free(s);
	return harness_exit();
}
