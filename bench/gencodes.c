/*
 * gencodes.c - synthetic code-set files of realistic size in the official
 * layouts (research/oncology-edits.md section 2), for the benchmark of
 * `remedi codes import` and `remedi check --db`.  Invented codes and dates;
 * deterministic for a given size.
 *
 *   remedi-gencodes ptp N FILE     NCCI PTP, tab-delimited: notice, wrapped
 *                                  header, N pairs sorted by column 1 and 2
 *                                  (24 column-2 codes per column-1 code),
 *                                  mixed effective/deletion dates and indicators
 *   remedi-gencodes hcpcs N FILE   HCPCS ANWEB fixed width, N codes (293-byte
 *                                  records, a continuation record every 4th)
 *   remedi-gencodes icd10cm N FILE ICD-10-CM order file, N codes (one header
 *                                  code, flag 0, for every 10)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9e3779b97f4a7c15ull;

static uint32_t
next_rand(void)
{
	/* xorshift64*: deterministic, no libc rand() differences between systems */
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 0x2545f4914f6cdd1dull) >> 32);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static const char *const rationale[] = {
	"CPT Manual or CMS manual coding instruction",
	"Mutually exclusive procedures",
	"Misuse of Column Two code with Column One code",
	"Standards of medical/surgical practice",
};

static int
gen_ptp(FILE *f, unsigned long n)
{
	const unsigned per = 24;
	unsigned long col1s = (n + per - 1) / per, written = 0;

	fprintf(f, "Synthetic benchmark file in the layout of the CMS NCCI practitioner PTP edits."
		   " Invented pairs, not CMS data.\n"
		   "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier\t"
		   "PTP Edit Rationale\n"
		   "\t\t\t\t*=no data\t0=not allowed\t\n"
		   "\t\t\t\t\t1=allowed\t\n"
		   "\t\t\t\t\t9=not applicable\t\n");
	for (unsigned long i = 0; i < col1s && written < n; i++) {
		uint32_t c1 = (uint32_t)(10000 + i * 89990 / (col1s ? col1s : 1)), c2[24];
		unsigned k = 0;

		while (k < per) {
			uint32_t v = 10000 + next_rand() % 89990;
			unsigned j;

			for (j = 0; j < k && c2[j] != v; j++)
				;
			if (j == k && v != c1)
				c2[k++] = v;
		}
		qsort(c2, per, sizeof c2[0], cmp_u32);
		for (unsigned j = 0; j < per && written < n; j++, written++) {
			uint32_t r = next_rand();
			int year = 1996 + (int)(r % 30);
			char del[16] = "*";

			if (r % 7 == 0)
				snprintf(del, sizeof del, "%d%02u%02u", year + 1 + (int)(r >> 8) % 3, 1 + (r >> 12) % 12,
					 1 + (r >> 16) % 28);
			if (fprintf(f, "%05u\t%05u\t%s\t%d%02u01\t%s\t%c\t%s\n", c1, c2[j], year == 1996 ? "*" : "", year,
				    1 + (r >> 4) % 12, del, "019"[(r >> 20) % 3], rationale[(r >> 24) % 4]) < 0)
				return 1;
		}
	}
	return 0;
}

static int
gen_hcpcs(FILE *f, unsigned long n)
{
	static const char letters[] = "ABCEGHJKLMPQRSTV";

	fprintf(f, "Synthetic benchmark file in the HCPCS ANWEB record layout. Invented codes, not CMS data.\n");
	for (unsigned long i = 0; i < n; i++) {
		char rec[300], code[24];
		uint32_t r = next_rand();
		int add = 1990 + (int)(r % 35);

		unsigned long per = (n + 15) / 16;

		snprintf(code, sizeof code, "%c%04lu", letters[i / per], i % per % 10000);
		memset(rec, ' ', sizeof rec);
		for (int part = 0; part < ((i % 4 == 0) ? 2 : 1); part++) {
			int len = snprintf(rec, sizeof rec, "%-5s%05d%c%-80s", code, 100 + part * 10, part ? '4' : '3',
					   "synthetic long description of a made-up supply or drug code");

			memset(rec + len, ' ', sizeof rec - (size_t)len);
			if (!part) {
				char dates[32];

				snprintf(dates, sizeof dates, "%d0101%d0101", add, add);
				memcpy(rec + 268, dates, 16);
				if (r % 5 == 0) {
					snprintf(dates, sizeof dates, "%d1231", add + 1 + (int)(r >> 8) % 5);
					memcpy(rec + 284, dates, 8);
				}
			}
			rec[292] = 'N';
			rec[293] = '\0';
			if (fprintf(f, "%s\n", rec) < 0)
				return 1;
		}
	}
	return 0;
}

static int
gen_icd(FILE *f, unsigned long n)
{
	unsigned long per = (n + 25) / 26;

	for (unsigned long i = 0; i < n; i++) {
		char code[24];
		int header = i % 10 == 0;

		/* a letter and 6 digits: unique while a letter holds under a million codes */
		snprintf(code, sizeof code, "%c%06lu", 'A' + (int)(i / per), i % per % 1000000);
		if (fprintf(f, "%05lu %-7s %d %-60s %s\n", (i + 1) % 100000, code, !header,
			    "synthetic short description", "synthetic long description") < 0)
			return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned long n;
	char *end;
	FILE *f;
	int rc;

	if (argc != 4 || (n = strtoul(argv[2], &end, 10)) == 0 || *end) {
		fprintf(stderr, "usage: remedi-gencodes ptp|hcpcs|icd10cm N FILE\n");
		return 2;
	}
	if (!(f = fopen(argv[3], "w"))) {
		perror(argv[3]);
		return 1;
	}
	if (strcmp(argv[1], "ptp") == 0)
		rc = gen_ptp(f, n);
	else if (strcmp(argv[1], "hcpcs") == 0)
		rc = gen_hcpcs(f, n);
	else if (strcmp(argv[1], "icd10cm") == 0)
		rc = gen_icd(f, n);
	else {
		fprintf(stderr, "remedi-gencodes: unknown kind '%s'\n", argv[1]);
		rc = 2;
	}
	if (fclose(f) != 0 && !rc) {
		perror(argv[3]);
		rc = 1;
	}
	return rc;
}
