/*
 * fuzz-edits.c - fuzz target: any bytes through the record stream and every
 * claim through the oncology edits, with the built-in pack and seeds and the
 * synthetic PTP, MUE and crosswalk tables (their path in
 * $REMEDI_EDITS_TABLES, else samples/edits/tables from the working
 * directory).  Every finding must carry a registered rule id, a severity, the
 * claim's CLM01 and a NUL-terminated message; nothing may crash or leak.
 * Replayed over the fuzz corpus, the samples and the public corpus by
 * fuzz-main.c in every `meson test` (suite fuzz-regress).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edits.h"
#include "records.h"
#include "testutil.h"
#include "txset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
load(struct edits_tables *t, enum edits_table_kind kind, const char *dir, const char *name)
{
	char path[1024];
	struct edits_error err;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!edits_tables_load(t, kind, path, &err)) {
		fprintf(stderr, "fuzz-edits: %s:%lu: %s\n", err.file, err.line, err.msg);
		abort();
	}
}

/* The CLM01 of the last claims given, by ordinal: a finding must name its own claim. */
static char ids[16][39];
static uint64_t nclaims, last_seq;

static void
drain(struct edits *e, unsigned nrules)
{
	struct edits_finding f;

	while (edits_next(e, &f)) {
		if (f.rule >= nrules || f.severity > X12_SEV_INFO || !memchr(f.msg, '\0', sizeof f.msg) ||
		    edits_rule_index(f.rule_id) != (int)f.rule || f.claim_seq < last_seq || f.claim_seq > nclaims ||
		    nclaims - f.claim_seq >= 16 || strcmp(f.claim, ids[f.claim_seq % 16]) != 0 || f.claim_seq > edits_done(e)) {
			fprintf(stderr, "fuzz-edits: malformed finding (rule %u)\n", f.rule);
			abort();
		}
		last_seq = f.claim_seq;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct x12_schemas *schemas;
	static struct x12_records *rs;
	static struct edits_tables *t;
	static struct edits_pack *p;
	static struct edits *e;
	struct x12_record rec;
	unsigned nrules;

	edits_rules(&nrules);
	if (!e) {
		const char *dir = getenv("REMEDI_EDITS_TABLES") ? getenv("REMEDI_EDITS_TABLES") : "samples/edits/tables";
		struct edits_error err;
		char msg[512];

		schemas = tu_schemas_load(NULL, msg, sizeof msg);
		rs = schemas ? x12_records_new(schemas, NULL) : NULL;
		t = edits_tables_new(&err);
		p = edits_pack_load(NULL, &err);
		if (!rs || !t || !p) {
			fprintf(stderr, "fuzz-edits: cannot start\n");
			abort();
		}
		load(t, EDITS_TABLE_PTP, dir, "ptp-practitioner-synthetic.txt");
		load(t, EDITS_TABLE_MUE, dir, "mue-practitioner-synthetic.csv");
		load(t, EDITS_TABLE_CROSSWALK, dir, "crosswalk-synthetic.csv");
		if (!(e = edits_new(t, p)))
			abort();
	}
	x12_records_reset(rs);
	x12_records_feed(rs, (const char *)data, size, true);
	while (x12_records_next(rs, &rec) == X12_EVENT) {
		if (rec.type != X12_REC_CLAIM)
			continue;
		nclaims++;
		memcpy(ids[nclaims % 16], rec.claim->id, sizeof ids[0]);
		edits_claim(e, rec.claim);
		drain(e, nrules);
	}
	edits_flush(e);
	drain(e, nrules);
	if (edits_done(e) != nclaims) {
		fprintf(stderr, "fuzz-edits: %llu claims given, %llu done after the flush\n",
			(unsigned long long)nclaims, (unsigned long long)edits_done(e));
		abort();
	}
	return 0;
}
