/*
 * test-decode-chunks.c - the record stream hands out the same records
 * (claims, payments, remittances, diagnostics, set and interchange ends,
 * every field and mark; see tests/recdump.c) whatever the split of the
 * input: each file is fed to x12_records_feed from an in-memory copy, whole
 * and at chunk sizes 1, 2, 3, 7, 105, 106, 107 (around the ISA's 106 bytes)
 * and 4096.
 *
 *   test-decode-chunks samples DIR   every DIR/ *.x12, then synthetic checks
 *   test-decode-chunks corpus DIR    every 5010 837P/837I/835 row of
 *                                    DIR/MANIFEST.tsv (exit 77 without it)
 *
 * The stream is made once per file and reset between runs, so state that
 * survives a reset shows up as a difference too.
 */
#include "harness.h"
#include "recdump.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const size_t chunk_sizes[] = { 0 /* whole */, 1, 2, 3, 7, 105, 106, 107, 4096 };

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = fread(buf + *len, 1, cap - *len, f);
		if (n == 0)
			break;
		*len += n;
	}
	fclose(f);
	return buf;
}

static unsigned long files_checked;

static void
check_file(struct x12_schemas *s, const char *path, const char *name)
{
	struct x12_records *rs = x12_records_new(s, NULL);
	size_t len, wlen = 0;
	char *data = read_all(path, &len), *whole = NULL;

	harness_context("%s", name);
	if (!CHECK(data != NULL) || !CHECK(rs != NULL)) {
		free(data);
		x12_records_free(rs);
		return;
	}
	files_checked++;
	for (size_t i = 0; i < sizeof chunk_sizes / sizeof chunk_sizes[0]; i++) {
		size_t olen;
		enum x12_status st;
		char *out = recdump_run(rs, data, len, chunk_sizes[i], &olen, &st);

		if (i == 0) {
			whole = out;
			wlen = olen;
			CHECK(st == X12_DONE || st == X12_ERROR);
			/* exactly one END record, last */
			{
				const char *end = strstr(whole, "END fatal=");

				CHECK(end && !strstr(end + 1, "END fatal=") && strchr(end, '\n')[1] == '\0');
			}
			continue;
		}
		harness_context("%s at chunk size %zu", name, chunk_sizes[i]);
		if (!CHECK(olen == wlen && memcmp(out, whole, wlen) == 0)) {
			size_t k = 0, line = 1;

			while (k < olen && k < wlen && out[k] == whole[k])
				line += out[k++] == '\n';
			fprintf(stderr, "    differs from the whole-input output at line %zu (byte %zu)\n", line, k);
		}
		free(out);
	}
	free(whole);
	x12_records_free(rs);
	free(data);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
run_samples(struct x12_schemas *s, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *names[256];
	size_t n = 0;

	if (!d) {
		perror(dir);
		exit(99);
	}
	while ((de = readdir(d)) && n < 256) {
		size_t l = strlen(de->d_name);

		if (l > 4 && strcmp(de->d_name + l - 4, ".x12") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof names[0], cmp_str);
	harness_context("samples in %s", dir);
	CHECK(n > 0);
	for (size_t i = 0; i < n; i++) {
		char path[4096];

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		check_file(s, path, names[i]);
		free(names[i]);
	}
}

/* Rows: file, source_repo, source_path, commit, license, transaction, version, ... */
static int
run_corpus(struct x12_schemas *s, const char *dir)
{
	char path[4096], line[8192];
	FILE *m;

	snprintf(path, sizeof path, "%s/MANIFEST.tsv", dir);
	m = fopen(path, "r");
	if (!m) {
		printf("SKIP: %s not found (the shared corpus is optional)\n", path);
		return 77;
	}
	while (fgets(line, sizeof line, m)) {
		char *field[8] = { 0 }, *p = line;
		size_t nf = 0;

		while (nf < 8 && p) {
			field[nf++] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (nf < 8 || strcmp(field[0], "file") == 0)
			continue;
		if (strcmp(field[5], "837P") != 0 && strcmp(field[5], "837I") != 0 && strcmp(field[5], "835") != 0)
			continue;
		if (strncmp(field[6], "005010", 6) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, field[0]);
		check_file(s, path, field[0]);
	}
	fclose(m);
	harness_context("corpus in %s", dir);
	CHECK(files_checked > 20);
	return 0;
}

/* The first record of type t in a whole-input run of text, dumped; NULL when none. */
static const struct x12_record *
first_record(struct x12_records *rs, const char *text, enum x12_record_type t, unsigned *ndiag_code,
	     enum x12_code code)
{
	static struct x12_record keep;
	const struct x12_record *found = NULL;
	struct x12_record rec;

	x12_records_reset(rs);
	x12_records_feed(rs, text, strlen(text), true);
	*ndiag_code = 0;
	while (x12_records_next(rs, &rec) == X12_EVENT) {
		if (rec.type == X12_REC_DIAG && rec.diag->code == code)
			(*ndiag_code)++;
		if (rec.type == t && !found) {
			keep = rec;
			found = &keep;
			break; /* its views live until the next call */
		}
	}
	return found;
}

static const char isa_gs_837[] =
	"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250101*1200*^*00501*000000001*0*T*:~"
	"GS*HC*SENDER*RECEIVER*20250101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~"
	"BHT*0019*00*B1*20250101*1200*CH~NM1*41*2*SUBMITTER*****46*S1~PER*IC*CONTACT*TE*5555550100~"
	"NM1*40*2*RECEIVER*****46*R1~HL*1**20*1~NM1*85*2*BILLING*****XX*1999990017~N3*1 BILLING ST~"
	"N4*BILLTOWN*OH*432150001~REF*EI*991234567~HL*2*1*22*0~SBR*P*18*GRP******CI~NM1*IL*1*SUB*ONE****MI*M1~"
	"NM1*PR*2*PAYER*****PI*99001~";

/*
 * A claim's and a payment's "errors" count the diagnostics inside them,
 * SNIP 3/4 findings on the whole record included (701, 702, 703), which
 * come before the record; and they mark the set rejected.
 */
static void
check_errors_field(struct x12_schemas *s)
{
	char text[4096];
	struct x12_records *rs = x12_records_new(s, NULL);
	const struct x12_record *r;
	unsigned n;

	if (!CHECK(rs != NULL))
		return;
	harness_context("errors field: 837P claim whose CLM02 does not balance (701)");
	snprintf(text, sizeof text, "%s%s", isa_gs_837,
		 "CLM*C1*101***11:B:1*Y*A*Y*Y~HI*ABK:C50911~LX*1~SV1*HC:99213*100*UN*1***1~"
		 "DTP*472*D8*20250101~SE*20*0001~GE*1*1~IEA*1*000000001~");
	r = first_record(rs, text, X12_REC_CLAIM, &n, X12_E_BAL_CLM);
	CHECK(r && r->claim->errors == 1 && n == 1);
	/* every mark a rule may cite */
	CHECK(r && r->claim->pos.segment == 17 && strcmp(r->claim->pos.seg_id, "CLM") == 0 &&
	      strcmp(r->claim->pos.loop_id, "2300") == 0);
	CHECK(r && r->claim->ndx == 1 && r->claim->dx[0].pos.segment == 18 && r->claim->dx[0].pos.element == 1 &&
	      r->claim->dx[0].pos.component == 2);
	CHECK(r && r->claim->nlines == 1 && r->claim->lines[0].pos.segment == 20 &&
	      r->claim->lines[0].date_pos.segment == 21 && strcmp(r->claim->lines[0].date_pos.loop_id, "2400") == 0);
	CHECK(r && r->claim->billing.pos.segment == 9 && r->claim->payer.pos.segment == 16);
	r = first_record(rs, text, X12_REC_TXN_END, &n, X12_E_BAL_CLM);
	CHECK(r && r->txn->rejected && r->txn->errors == 1 && r->txn->claims == 1 && r->txn->closed);

	harness_context("errors field: 835 payment whose line does not balance (702, 703)");
	r = first_record(rs,
			 "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250101*1200*^*00501*000000001*0*T*:~"
			 "GS*HP*SENDER*RECEIVER*20250101*1200*1*X*005010X221A1~ST*835*0001~"
			 "BPR*I*100*C*CHK************20250417~TRN*1*CHK1*1990000002~N1*PR*PAYER~N3*PO BOX 1~N4*TOWN*OH*43215~"
			 "PER*BL*EDI*TE*5555550199~N1*PE*PROVIDER*XX*1999990017~LX*1~CLP*C1*1*150*100**MB*PCN1*11*1~"
			 "NM1*QC*1*PAT*TWO****MI*M1~SVC*HC:99213*150*100**1~CAS*CO*45*40~SE*14*0001~GE*1*1~IEA*1*000000001~",
			 X12_REC_PAYMENT, &n, X12_E_BAL_LINE);
	CHECK(r && r->payment->errors == 2 && n == 1);
	CHECK(r && r->payment->nlines == 1 && r->payment->lines[0].nadj == 1 &&
	      r->payment->lines[0].adj[0].pos.element == 2 && strcmp(r->payment->lines[0].adj[0].pos.seg_id, "CAS") == 0);

	harness_context("a set whose SE count is wrong is rejected (the SE diagnostic comes after the SE)");
	snprintf(text, sizeof text, "%s%s", isa_gs_837,
		 "CLM*C1*100***11:B:1*Y*A*Y*Y~HI*ABK:C50911~LX*1~SV1*HC:99213*100*UN*1***1~"
		 "DTP*472*D8*20250101~SE*19*0001~GE*1*1~IEA*1*000000001~");
	r = first_record(rs, text, X12_REC_TXN_END, &n, X12_E_SE_COUNT);
	CHECK(r && n == 1 && r->txn->rejected && r->txn->errors == 1);
	/* near miss: the same set with the right count */
	snprintf(text, sizeof text, "%s%s", isa_gs_837,
		 "CLM*C1*100***11:B:1*Y*A*Y*Y~HI*ABK:C50911~LX*1~SV1*HC:99213*100*UN*1***1~"
		 "DTP*472*D8*20250101~SE*20*0001~GE*1*1~IEA*1*000000001~");
	r = first_record(rs, text, X12_REC_TXN_END, &n, X12_E_SE_COUNT);
	CHECK(r && n == 0 && !r->txn->rejected && r->txn->errors == 0 && strcmp(r->txn->st02, "0001") == 0 &&
	      strcmp(r->txn->guide, "005010X222A1") == 0);
	r = first_record(rs, text, X12_REC_INTERCHANGE_END, &n, X12_E_SE_COUNT);
	CHECK(r && r->interchange->closed && r->interchange->sets == 1 && r->interchange->rejected_sets == 0 &&
	      strcmp(r->interchange->isa13, "000000001") == 0);
	x12_records_free(rs);
}

int
main(int argc, char **argv)
{
	struct x12_error err;
	struct x12_schemas *s;
	int rc = 0;

	if (argc != 3 || (strcmp(argv[1], "samples") != 0 && strcmp(argv[1], "corpus") != 0)) {
		fprintf(stderr, "usage: test-decode-chunks samples|corpus DIR\n");
		return 2;
	}
	if (x12_schemas_load(NULL, &s, &err) != X12_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return 99;
	}
	if (strcmp(argv[1], "samples") == 0) {
		run_samples(s, argv[2]);
		check_errors_field(s);
	} else {
		rc = run_corpus(s, argv[2]);
	}
	x12_schemas_free(s);
	if (rc == 77)
		return rc;
	printf("%lu files at %zu chunkings\n", files_checked, sizeof chunk_sizes / sizeof chunk_sizes[0]);
	return harness_exit();
}
