/*
 * edits.h - the oncology claim edits: rules over one 837 claim and its
 * encounters, dated code tables, rule packs, findings.
 *
 *   struct edits_tables *t = edits_tables_new(&err);          seeds built into the binary
 *   edits_tables_load(t, EDITS_TABLE_PTP, "ptp.txt", &err);    optional official-layout files
 *   struct edits_pack *p = edits_pack_load(NULL, &err);        NULL: the embedded default pack
 *   struct edits *e = edits_new(t, p);
 *   for each X12_REC_CLAIM of the record stream (records.h):
 *           edits_claim(e, rec.claim);
 *           while (edits_next(e, &f))                          findings by value
 *                   report(&f);                                f.claim_seq says of which claim
 *   at each X12_REC_TXN_END (and at the end):
 *           edits_flush(e); while (edits_next(e, &f)) report(&f);
 *
 * Findings are value structs: they never point into the claim, so they may
 * be kept after the record stream moves on.  The engine allocates at
 * construction and grows its tables to the largest group of claims seen;
 * nothing is allocated per claim or per finding after that.
 *
 * Encounter: same patient, same billing provider, same line date of service
 * (research/oncology-edits.md section 5).  The lines of one encounter may
 * be split over several claims (an 837P claim holds at most 50 lines, and
 * practices bill the drug and its administration apart), so the engine
 * groups consecutive claims of one transaction set with the same billing
 * provider, patient, payer and payer responsibility (original claims only:
 * a replacement or void, CLM05-3 7 or 8, stands alone), at most
 * EDITS_GROUP_CLAIMS claims and C837_MAX_LINES lines.  It holds a copy of
 * each claim of the open group and runs the rules when the group closes:
 * at the first claim of another group, at edits_flush(), or when a limit is
 * reached.  Each claim's findings cite that claim and its own lines; the
 * encounters they are judged in span the group.  So edits_claim() reports
 * the findings of the claims before it (often none yet), in claim order,
 * and a consumer keeps what it prints about a claim until edits_done()
 * reaches that claim's ordinal.
 *
 * Threads: tables and packs are immutable once loaded and may be shared by
 * engines on several threads; an engine is used by one thread at a time.
 */
#ifndef REMEDI_EDITS_H
#define REMEDI_EDITS_H

#include <stdbool.h>
#include <stdint.h>

#include "claim837.h"
#include "x12.h"

/* Payer contexts a rule applies to (chosen from SBR09 and the pack's payer profiles). */
enum edits_payer {
	EDITS_PAYER_MEDICARE_B = 1u << 0,  /* SBR09 MB (and MA Part A) */
	EDITS_PAYER_MEDICARE_ADV = 1u << 1, /* SBR09 16 (Medicare Advantage HMO) or a configured payer id */
	EDITS_PAYER_MEDICAID = 1u << 2,     /* SBR09 MC */
	EDITS_PAYER_COMMERCIAL = 1u << 3,   /* everything else (CI, BL, HM ...) */
	EDITS_PAYER_ALL = 0xfu,
};

/* One rule of the registry (edits/registry.c).  Lifetime: static. */
struct edits_rule_info {
	const char *id;             /* catalogue id, e.g. "ONC-ADMIN-001"; never reused */
	const char *family;         /* ADMIN, DRUG, MOD, DX, NCCI, VALID, CLM */
	enum x12_severity severity; /* default; a pack may override it */
	unsigned payers;            /* enum edits_payer bits where it runs by default */
	const char *title;
	const char *fix;
	const char *reference;      /* source document and section */
	const char *tables;         /* the code tables it needs, "" when none */
};

/* The registry, in id order; *n entries. */
const struct edits_rule_info *edits_rules(unsigned *n);
/* Index of a rule id in the registry, or -1. */
int edits_rule_index(const char *id);

/* One finding: a rule hit on a claim or one of its lines.  Holds no PHI. */
struct edits_finding {
	unsigned rule;              /* index into edits_rules() */
	char rule_id[16];
	enum x12_severity severity; /* after the pack's override */
	char claim[39];             /* CLM01 */
	uint32_t line;              /* LX, 0 for a claim-level finding */
	char control[31];           /* REF*6R of the line, "" when none */
	char procedure[49];         /* procedure code of the line, "" for a claim-level finding */
	struct x12_pos pos;         /* the segment cited (CLM, HI, SV1/SV2, LIN, CTP, MEA, DTP) */
	char msg[192];              /* codes, units and dates only */
	uint64_t claim_seq;         /* the claim's ordinal among those given to edits_claim() (1-based) */
};

/* ------------------------------------------------------------------ code tables */

struct edits_tables;

struct edits_error {
	char file[128];             /* "" for the embedded seeds */
	unsigned long line;         /* 0 when not about one line */
	char msg[192];
};

/*
 * The seed tables built into the binary (edits/seeds/): HCPCS codes and
 * modifiers with add/effective/termination dates, ICD-10-CM billable codes
 * of their fiscal year, drug and administration classes, add-on to primary,
 * changed billing units.  NULL on failure (err says why).
 */
struct edits_tables *edits_tables_new(struct edits_error *err);
void edits_tables_free(struct edits_tables *t);

/*
 * Official-layout files that replace a table (read by edits_file_read()).
 * PTP: NCCI procedure-to-procedure, tab-delimited (oncology-edits.md 2.3).
 * MUE: CSV with the "HCPCS/CPT Code" header (2.4).
 * CROSSWALK: the ASP NDC-HCPCS crosswalk CSV, header found by name (2.6).
 * A malformed row is an error naming file:line and nothing of the file is
 * kept.  path may be "-" (stdin) and the file may be gzip.
 */
enum edits_table_kind {
	EDITS_TABLE_PTP = 1,
	EDITS_TABLE_MUE,
	EDITS_TABLE_CROSSWALK,
};
bool edits_tables_load(struct edits_tables *t, enum edits_table_kind kind, const char *path,
		       struct edits_error *err);

/*
 * The same tables from rows (the seam for the store: `remedi codes import`
 * loads the official files into SQLite and `remedi check --db` hands their
 * rows here once, before the engines start).  Codes are as billed: upper
 * case, no dots; dates CCYYMMDD (0: none); units in thousandths.  Rows are
 * copied.  Each call replaces its table, all or nothing; a bad row is an
 * error naming its index in err->line (1-based) and leaves the table as it
 * was.  from/to (where a row has them) date the row: it is in force on a
 * date of service from..to (0: open on that side), so several versions of a
 * table (quarters, fiscal years) live side by side.
 */
struct edits_ptp_row {
	const char *col1, *col2;
	int32_t effective, deleted;
	unsigned modifier;          /* 0, 1 or 9 */
};
struct edits_mue_row {
	const char *code;
	int64_t units;
	unsigned mai;               /* 1, 2 or 3 */
	int32_t from, to;
};
struct edits_ndc_row {
	const char *ndc11;          /* 11 digits, no hyphens */
	const char *hcpcs;
	int64_t billunits;
	int32_t from, to;
};
struct edits_hcpcs_row {
	const char *code;           /* a code, or a 2-character modifier */
	bool modifier;
	int32_t added, terminated;
	int32_t effective;          /* ACT EFF DT (kept by the store; the edits judge by added/terminated) */
};
struct edits_icd_row {
	const char *code;
	bool billable;              /* order file flag 1; a header (0) is never billed */
	int32_t from, to;           /* the fiscal year (or other period) of the set it comes from */
};
bool edits_tables_set_ptp(struct edits_tables *t, const struct edits_ptp_row *rows, size_t n,
			  struct edits_error *err);
/*
 * The streaming form of edits_tables_set_ptp for a table too large to hold
 * as rows (2M pairs): add rows one by one (checked and packed into 20 bytes
 * at once), then commit, which replaces the table; or abort.  Rows of one
 * pair and modifier whose dates touch are merged, so quarterly versions of
 * one edit cost one row.
 */
bool edits_tables_ptp_add(struct edits_tables *t, const struct edits_ptp_row *row, struct edits_error *err);
bool edits_tables_ptp_commit(struct edits_tables *t, struct edits_error *err);
void edits_tables_ptp_abort(struct edits_tables *t);
bool edits_tables_set_mue(struct edits_tables *t, const struct edits_mue_row *rows, size_t n,
			  struct edits_error *err);
bool edits_tables_set_crosswalk(struct edits_tables *t, const struct edits_ndc_row *rows, size_t n,
				struct edits_error *err);
/*
 * HCPCS codes and modifiers with their dates: the whole file replaces the
 * seed's dates (a code the rows do not list is then not judged by date);
 * the seed's classes stay.
 */
bool edits_tables_set_hcpcs(struct edits_tables *t, const struct edits_hcpcs_row *rows, size_t n,
			    struct edits_error *err);
/*
 * ICD-10-CM billable codes in force from..to (one fiscal year's order file,
 * billable flag 1).  The imported set is complete: any code absent from it
 * is not billable on those dates.
 */
bool edits_tables_set_icd10cm(struct edits_tables *t, const char *const *codes, size_t n, int32_t from, int32_t to,
			      struct edits_error *err);
/*
 * Several code sets side by side: rows dated by their set (billable rows
 * only count), and the periods the sets cover (nperiods pairs from, to in
 * periods[]).  A date of service outside every period is not judged.
 */
bool edits_tables_set_icd10cm_sets(struct edits_tables *t, const struct edits_icd_row *rows, size_t n,
				   const int32_t *periods, size_t nperiods, struct edits_error *err);

/* What a table set holds (for `remedi codes status`). */
struct edits_table_counts {
	size_t hcpcs;               /* HCPCS codes and modifiers with dates */
	size_t classed;             /* codes with drug or administration classes */
	size_t icd;                 /* billable ICD-10-CM rows */
	int32_t icd_from, icd_to;   /* the span of the ICD-10-CM code sets (0: none) */
	size_t addons, ptp, mue, xwalk;
};
void edits_tables_counts(const struct edits_tables *t, struct edits_table_counts *out);

/* ------------------------------------------------------------------ official files, row by row */

/* The layouts of oncology-edits.md section 2 (codefiles.c opens with them). */
enum edits_file_kind {
	EDITS_FILE_HCPCS = 1,       /* ANWEB fixed width, or CSV/TSV with its column names */
	EDITS_FILE_ICD10CM,         /* order file, codes file, or TSV with a code column */
	EDITS_FILE_PTP,             /* NCCI PTP, practitioner or hospital */
	EDITS_FILE_MUE,
	EDITS_FILE_ASP,             /* ASP payment limit file */
	EDITS_FILE_CROSSWALK,       /* ASP NDC-HCPCS crosswalk */
};

struct edits_asp_row {
	const char *code;
	int64_t limit;              /* payment limit per HCPCS unit, thousandths of a dollar */
	const char *dosage;         /* "HCPCS Code Dosage", "" when absent */
};

/* One row of a file.  Its strings live until fn returns. */
struct edits_file_row {
	unsigned long line;         /* 1-based line of the file */
	union {
		struct edits_hcpcs_row hcpcs;
		struct edits_icd_row icd;   /* from/to 0: the file does not say */
		struct edits_ptp_row ptp;
		struct edits_mue_row mue;   /* from/to 0 */
		struct edits_asp_row asp;
		struct edits_ndc_row ndc;   /* from/to 0 */
	} u;
};

struct edits_file_meta {
	char layout[40];            /* e.g. "HCPCS ANWEB fixed width" */
	int32_t from, to;           /* the period the file states (ASP preamble), 0 when it does not */
	unsigned long rows;
};

/* false stops the reading: edits_file_read then returns false and leaves err as it was. */
typedef bool (*edits_row_fn)(void *ctx, const struct edits_file_row *row);
/* Every decoded byte of the file, in order (for a content hash); may be NULL. */
typedef void (*edits_bytes_fn)(void *ctx, const char *buf, size_t len);

/*
 * Reads path ("-" = stdin, plain or gzip) in the layout of kind and hands
 * each row to fn.  False on a malformed row (err names file:line), a file
 * of another layout, or an I/O error; rows handed out before are the
 * caller's to drop.
 */
bool edits_file_read(enum edits_file_kind kind, const char *path, edits_row_fn fn, edits_bytes_fn bytes, void *ctx,
		     struct edits_file_meta *meta, struct edits_error *err);

/* ------------------------------------------------------------------ rule packs */

struct edits_pack;

/*
 * A rule pack (XML under schemas/rules/, validated against rulepack.xsd with
 * libxml2, no network, no entities): rules enabled or disabled, severity
 * overrides, payer profiles chosen by SBR09 and payer id.  path NULL: the
 * default pack embedded in the binary.  NULL on failure, err names file:line.
 */
struct edits_pack *edits_pack_load(const char *path, struct edits_error *err);
void edits_pack_free(struct edits_pack *p);
/* The pack's name attribute.  Lifetime: the pack's. */
const char *edits_pack_name(const struct edits_pack *p);
/*
 * The state of rule i in the pack: whether it runs for payer context ctx
 * (0: in any context) and its severity.
 */
bool edits_pack_rule(const struct edits_pack *p, unsigned i, unsigned ctx, enum x12_severity *sev);
/* Payer context of a claim under the pack's profiles (SBR09, payer id). */
unsigned edits_pack_payer(const struct edits_pack *p, const struct c837_claim *c);

/* ------------------------------------------------------------------ the engine */

struct edits;

/* tables and pack are borrowed and must outlive the engine.  NULL when out of memory. */
struct edits *edits_new(const struct edits_tables *t, const struct edits_pack *p);
void edits_free(struct edits *e);
/* The most claims one encounter group holds (see the top of this file). */
#define EDITS_GROUP_CLAIMS 8

/*
 * Gives the engine the next claim (its ordinal is one more than the last's).
 * The claim joins the open group, or closes it: then the rules run on the
 * group's claims and their findings wait for edits_next().  Call
 * edits_next() until false after each edits_claim() and edits_flush().
 * Returns the claim's ordinal (the claim_seq of its findings).
 */
uint64_t edits_claim(struct edits *e, const struct c837_claim *c);
/* Closes the open group (at the end of a transaction set, file or run): its findings wait for edits_next(). */
void edits_flush(struct edits *e);
/* Copies the next finding into *out, claim by claim in claim order; false when there is none left. */
bool edits_next(struct edits *e, struct edits_finding *out);
/*
 * The ordinal of the last claim whose findings are all out: every finding
 * of claims 1..edits_done() has been or is being returned by edits_next().
 * Equal to the number of claims given right after edits_flush().
 */
uint64_t edits_done(const struct edits *e);
/*
 * The rule that reports a record-stream diagnostic of the last claim under
 * its catalogue id (X12-701 CLM02 balance is ONC-CLM-002, X12-801 LIN
 * without CTP is ONC-DRUG-002), when that rule runs on the last claim given
 * to edits_claim(); -1 otherwise.  A consumer drops such a diagnostic of
 * that claim, so the finding is reported once.
 */
int edits_supersedes(const struct edits *e, enum x12_code code);
/*
 * True once memory ran out: a finding could not be kept, or a claim could
 * be neither held nor judged.  The findings since are incomplete; a
 * consumer must not report the run as clean.
 */
bool edits_oom(const struct edits *e);

#endif
