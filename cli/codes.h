/*
 * codes.h - the code sets between the store and the edits: the stored
 * versions of each kind handed to the edits tables (remedi check --db), and
 * the period a code-set file's name states (remedi codes import).
 */
#ifndef REMEDI_CLI_CODES_H
#define REMEDI_CLI_CODES_H

#include "edits.h"
#include "store.h"

/* What cli_codes_apply() put into the tables, per store kind: versions and rows. */
struct cli_codes_applied {
	unsigned versions[STORE_CODES_COUNT];
	uint64_t rows[STORE_CODES_COUNT];
};

/*
 * Replaces the tables of t that the store holds versions of (HCPCS,
 * ICD-10-CM, PTP, MUE, NDC-HCPCS) with every version, each row dated by
 * the period its version is in force, so a line's date of service picks
 * the version: PTP rows are cut to the period and consecutive versions of
 * one edit merged; MUE, crosswalk and ICD-10-CM rows carry the period;
 * HCPCS rows carry their own ADD/TERM dates, the latest version listing a
 * code wins.  A kind with no version keeps the seed (or nothing).  False
 * with the reason on stderr (prog: ...).
 */
bool cli_codes_apply(const char *prog, struct store *st, struct edits_tables *t, struct cli_codes_applied *out);

/*
 * The period a file name states, for kind: a quarter ("2026q1", "2026-q1",
 * "2026_Q1": from its first day), a fiscal year ("fy2026", and for
 * ICD-10-CM "_2026": 2025-10-01 to 2026-09-30), a month and year
 * ("january-2026", "HCPC2026_JAN": from its first day), a bare year for
 * HCPCS ("hcpcs_2020": from January 1).  False when it states none.
 */
bool cli_codes_period_from_name(enum store_code_kind kind, const char *path, int32_t *from, int32_t *to);

#endif
