/*
 * store.h - the claim store: what was sent (837 claims and lines), what came
 * back (835 transaction sets, claim payments as immutable events, line
 * payments, adjustments, remarks, PLB; 999 and 277CA acknowledgments) and the
 * fee schedules, behind one small
 * interface.  All SQL lives in store.c; matching and reports (remit/) see only
 * these functions, so a server backend can follow by implementing them again.
 *
 * Writing: one file is one transaction.
 *
 *   store_begin_file(st, &info)          opens the transaction
 *   store_add_claim / store_add_remit / store_add_payment / store_end_remit / store_add_fee
 *   store_commit(st, &identity)          all of it, or STORE_DUPLICATE and nothing
 *   store_rollback(st)                   nothing (also what a crash amounts to)
 *
 * Identity of a file: SHA-256 of its decoded bytes plus its first ISA13 and
 * GS06.  A file whose identity is already stored is rolled back at commit and
 * reported as STORE_DUPLICATE: loading a file twice changes nothing.
 *
 * Reading: look-ups for the matcher (candidates by CLM01, by normalised
 * CLM01, by payer claim number; the lines of a claim), the history of a claim
 * for the reports (every event, in load order), the unmatched queue, the
 * fee schedule and the totals.  Every pointer a read hands out points into
 * buffers the store owns; it is valid until the next call on the store.
 *
 * Errors: STORE_ERROR with the message in store_errmsg() (SQLite's text and
 * what the store was doing; never claim content).  A busy or locked database
 * is waited for (busy timeout), not failed.
 *
 * Threads: one store handle per thread.
 */
#ifndef REMEDI_STORE_H
#define REMEDI_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "claim837.h"
#include "remit835.h"

enum store_status {
	STORE_OK = 0,
	STORE_DUPLICATE,   /* the file (or remittance) is already stored */
	STORE_NEWER,       /* the database was written by a newer remedi */
	STORE_ERROR,
};

/* The schema version this binary writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 4

struct store;

/*
 * Opens (creating with mode 0600 when missing) the SQLite file at path, in
 * WAL mode, and applies the migrations it lacks.  *out is set even on error
 * (NULL only when out of memory) so store_errmsg() can say why; close it.
 */
enum store_status store_open(const char *path, struct store **out);
void store_close(struct store *st);
const char *store_errmsg(const struct store *st);
/* The database's schema version before this open migrated it (0 = new). */
int store_found_version(const struct store *st);

/* ---- writing */

enum store_file_kind {
	STORE_FILE_SUBMIT = 1,   /* an 837 recorded as sent */
	STORE_FILE_REMIT,        /* an 835 */
	STORE_FILE_FEES,         /* a fee schedule CSV */
	STORE_FILE_CODES,        /* an official code-set file (store_begin_codes) */
	STORE_FILE_ACK,          /* a 999 or 277CA answering submitted 837s */
};

struct store_file_info {
	enum store_file_kind kind;
	const char *path;         /* as given on the command line */
	int32_t date;             /* submission date (CCYYMMDD) of the claims; load date otherwise */
};

struct store_identity {
	char sha256[65];
	char isa13[10];           /* first ISA13 ("" for CSV) */
	char gs06[10];
};

enum store_status store_begin_file(struct store *st, const struct store_file_info *info);
enum store_status store_add_claim(struct store *st, const struct c837_claim *c);

/*
 * A transaction set of an 835, at its REMIT_BEGIN.  *duplicate_of is set to
 * the set already stored with the same remittance identity (TRN02, payer,
 * BPR16, BPR02, payee), 0 when it is new; the payments of a duplicate set
 * are not stored (store_add_payment ignores them until the next set).
 */
enum store_status store_add_remit(struct store *st, const struct r835_remittance *r, int64_t *duplicate_of);

struct store_line_match {
	int64_t line_id;          /* claim_line id, 0 when unmatched */
	const char *method;       /* "6r", "code", "code_no_mods", ... "none" */
	int confidence;           /* 0-100 */
	bool ambiguous;
};

struct store_match {
	int64_t claim_id;         /* 0: the unmatched queue */
	const char *method;       /* "exact", "payer_claim", "normalised", "none" */
	int confidence;
	const struct store_line_match *lines; /* one per payment line (p->nlines), may be NULL when claim_id is 0 */
};

enum store_status store_add_payment(struct store *st, const struct r835_payment *p, const struct store_match *m);

/* The set's totals, PLB and balance at its REMIT_END: imbalance = BPR02 - (sum CLP04 - sum PLB). */
enum store_status store_end_remit(struct store *st, const struct r835_remittance *r, unsigned errors);

/*
 * The claim (and claim payment) a PLB adjustment names in its PLB03-2
 * reference, as remit_match_plb() found it: claim_id 0 when none (the
 * payment may still be known, a payment of the unmatched queue).  method:
 * "clp07", "clm01", "clm01_date", "none", "conflict", "not_claim".
 */
struct store_plb_link {
	int64_t claim_id;
	int64_t payment_id;
	const char *method;       /* static string */
};
/* store_end_remit, each r->plb[i] stored with links[i] (links NULL: none linked). */
enum store_status store_end_remit_linked(struct store *st, const struct r835_remittance *r, unsigned errors,
					 const struct store_plb_link *links);

struct store_fee {
	char payer[81];
	char code[49];
	char modifiers[16];       /* sorted, colon-separated; "" = any */
	int32_t from, to;
	int64_t allowed;          /* cents per unit */
};

enum store_status store_add_fee(struct store *st, const struct store_fee *f);

/* ---- code sets (remedi codes import) */

/* The kinds, named as `remedi codes import` names them. */
enum store_code_kind {
	STORE_CODES_HCPCS = 1,   /* "hcpcs" */
	STORE_CODES_ICD10CM,     /* "icd10cm" */
	STORE_CODES_PTP,         /* "ptp" */
	STORE_CODES_MUE,         /* "mue" */
	STORE_CODES_ASP,         /* "asp": payment limits, also the Medicare Part B drug fee schedule */
	STORE_CODES_NDC,         /* "ndc-hcpcs" */
	STORE_CODES_COUNT
};
/* "hcpcs" ...; NULL for a kind out of range.  Lifetime: static. */
const char *store_code_kind_name(enum store_code_kind k);

/*
 * One row of a code file; which fields mean what depends on the kind:
 *
 *   hcpcs    code, flag = modifier, added / effective / ended = ADD, ACT EFF, TERM DT
 *   icd10cm  code, flag = billable
 *   ptp      code = column 1, code2 = column 2, effective, ended = deletion date, flag = modifier indicator
 *   mue      code, value = units (thousandths), flag = MAI
 *   asp      code, value = payment limit (thousandths of a dollar per unit), code2 = dosage
 *   ndc-hcpcs code = HCPCS, code2 = the 11-digit NDC, value = BILLUNITS (thousandths)
 *
 * Dates CCYYMMDD, 0 none.  Read back, the strings point into the store and
 * live until the callback returns.
 */
struct store_code_row {
	const char *code;
	const char *code2;
	int32_t added, effective, ended;
	unsigned flag;
	int64_t value;
};

/* What a code file states about itself, set before the commit. */
struct store_code_meta {
	const char *layout;       /* "HCPCS ANWEB fixed width" ... */
	int32_t from, to;         /* the period it is in force (0: since always / until the next version) */
	uint64_t rows;
};

/* Opens the transaction of one code file of kind k (then store_add_code, store_end_codes, store_commit). */
enum store_status store_begin_codes(struct store *st, enum store_code_kind k, const char *path);
enum store_status store_add_code(struct store *st, const struct store_code_row *r);
enum store_status store_end_codes(struct store *st, const struct store_code_meta *m);

/*
 * Acknowledgments.  A 999 set verdict applies to every claim of the 837 set
 * it names (GS06 + ST02 of the latest submitted file holding them); errors
 * naming a claim (CTX*CLM01) give that claim its own reason and segment.
 * *claims is how many claims it reached; a set answering no stored claim is
 * kept with none.
 */
struct store_ack_error {
	const char *clm01;
	const char *reason;       /* e.g. "IK304 8, IK403 6" */
	const char *segment;      /* e.g. "CLM at 19 in 2300, element 2 (782)" */
};
struct store_set_ack {
	const char *gs06, *st02;  /* AK102, AK202 */
	const char *status;       /* IK501 */
	bool rejected;
	const char *reason;       /* IK502.. */
	const struct store_ack_error *errors;
	unsigned nerrors;
};
enum store_status store_add_set_ack(struct store *st, const struct store_set_ack *a, unsigned *claims);
/* One claim's acknowledgment (277CA); match: find it by CLM01 (latest submission). *claim_id 0 when none. */
struct store_claim_ack {
	const char *kind;         /* "277", "999" */
	const char *clm01;
	const char *status;       /* STC01-1 category */
	bool rejected;
	const char *reason;       /* "A7:562:85" ... */
	const char *segment;
	const char *gs06, *st02;  /* may be NULL */
	const char *payer_claim;  /* REF*1K, may be NULL */
	int32_t date;             /* STC02; 0: the load date */
};
enum store_status store_add_claim_ack(struct store *st, const struct store_claim_ack *a, bool match,
				      int64_t *claim_id);
/*
 * Commits the file under its identity.  STORE_DUPLICATE (and a rollback)
 * when that identity is stored already; *loaded_at then names when.
 */
enum store_status store_commit(struct store *st, const struct store_identity *id, char loaded_at[32]);
void store_rollback(struct store *st);

/* ---- reading */

struct store_claim {
	int64_t id;
	char clm01[39];
	char payer_id[81];
	char payer_name[61];
	int64_t charge;
	int32_t from, to;         /* service dates (lines, else statement), 0 when unknown */
	int32_t submitted;        /* CCYYMMDD */
	char frequency[2];
	unsigned payments;        /* claim payments matched to it so far */
	char filing[3];           /* SBR09 claim filing indicator (MB: Medicare Part B) */
};

struct store_line {
	int64_t id;
	uint32_t lx;
	char code[49];
	char mods[16];            /* as sent, colon-separated */
	int64_t units;            /* thousandths */
	int64_t charge;
	int32_t from, to;
	char control[31];         /* REF*6R */
};

/* Submitted claims whose CLM01 is clm01, latest first (date, then id), at most 64. *out points into the store. */
enum store_status store_claims_by_id(struct store *st, const char *clm01, const struct store_claim **out, unsigned *n);
/*
 * Submitted claims whose normalised CLM01 (upper case, letters and digits
 * only, no leading zeros) equals that of id, or (prefix) starts with it;
 * ordered and cut as store_claims_by_id.
 */
enum store_status store_claims_by_norm(struct store *st, const char *id, bool prefix,
				       const struct store_claim **out, unsigned *n);
/* The claim a payment with payer claim number clp07 from this payer was matched to; 0 none. */
enum store_status store_claim_by_payer_claim(struct store *st, const char *payer_id, const char *payer_name,
					     const char *clp07, int64_t *claim_id);
/*
 * The latest claim payment from this payer carrying clp07 (this file's
 * included): *payment_id 0 when none; *claim_id the claim it was matched to, 0 unmatched.
 */
enum store_status store_payment_by_clp07(struct store *st, const char *payer_id, const char *payer_name,
					 const char *clp07, int64_t *payment_id, int64_t *claim_id);
/* The latest claim payment from this payer matched to claim_id; *payment_id 0 when none. */
enum store_status store_claim_payment_from(struct store *st, int64_t claim_id, const char *payer_id,
					   const char *payer_name, int64_t *payment_id);
/* Whether claim_id already has a payment event carrying clp07. */
enum store_status store_claim_has_clp07(struct store *st, int64_t claim_id, const char *clp07, bool *yes);
enum store_status store_claim_lines(struct store *st, int64_t claim_id, const struct store_line **out, unsigned *n);

struct store_adj_row {
	int64_t line_payment;     /* 0: claim level */
	char group[3];
	char carc[6];
	int64_t amount;
	int64_t quantity;
};

struct store_line_payment {
	int64_t id;
	int64_t line_id;          /* claim_line, 0 unmatched */
	char code[49];            /* adjudicated (SVC01-2) */
	char orig_code[49];       /* SVC06-2 when given */
	char mods[16];
	int64_t charge, paid, units;
	int64_t allowed;
	bool has_allowed;
	char control[31];
	char method[16];
	int confidence;
	bool ambiguous;
	char remarks[64];         /* LQ codes, comma-separated */
};

struct store_payment {
	int64_t id;
	int64_t txn_id;
	char clp01[39];
	char clp02[3];
	char clp07[51];
	char payer_id[81];
	char payer_name[61];
	int64_t charge, paid, patient_resp, interest;
	int32_t payment_date;     /* BPR16 */
	char method[16];
	int confidence;
	char remarks[64];         /* MOA/MIA codes, comma-separated */
	char crossover_name[61];  /* NM1*TT: the crossover carrier the claim was forwarded to ("" none) */
	char crossover_id[81];
	unsigned first_line, nlines;   /* into history.line_payments */
	unsigned first_adj, nadj;      /* into history.adjs (claim and line level, by line_payment) */
};

/* The latest acknowledgment of a claim. */
struct store_ack_row {
	char kind[4];             /* "999", "277" */
	char status[4];
	bool rejected;
	char reason[128];
	char segment[128];
	int32_t date;
	char file[256];
	char payer_claim[51];
};
/* One provider-level adjustment (PLB) with the claim its reference names, if any. */
struct store_plb_row {
	int64_t id;
	char trn[51];             /* of its remittance */
	int32_t payment_date;     /* BPR16 */
	char payer_id[81];
	char payer_name[61];
	char provider[81];        /* PLB01 */
	char reason[3];           /* PLB03-1 */
	char reference[51];       /* PLB03-2 */
	int64_t amount;           /* cents; positive reduces the payment */
	int64_t claim_id;         /* 0: not linked */
	char clm01[39];           /* of the linked claim */
	char clp07[51];           /* of the linked claim payment */
	char link[16];            /* store_plb_link.method */
};

/* Everything known about one submitted claim, in load order. */
struct store_history {
	struct store_claim claim;
	struct store_ack_row ack;     /* when has_ack */
	bool has_ack;
	const struct store_line *lines;
	unsigned nlines;
	const struct store_payment *payments;
	unsigned npayments;
	const struct store_line_payment *line_payments;
	unsigned nline_payments;
	const struct store_adj_row *adjs;
	unsigned nadjs;
	const struct store_plb_row *plbs;   /* the PLB adjustments linked to the claim, in load order */
	unsigned nplbs;
};

/* Calls fn for every submitted claim (latest submission of each CLM01 and payer last), in CLM01 order. */
typedef bool (*store_history_fn)(void *ctx, const struct store_history *h);
enum store_status store_each_claim(struct store *st, store_history_fn fn, void *ctx);

/* Calls fn for every submitted claim whose latest acknowledgment rejected it, in CLM01 order. */
enum store_status store_each_rejected(struct store *st, store_history_fn fn, void *ctx);
/* Calls fn for every claim payment in the unmatched queue (history with claim.id 0 and one payment). */
enum store_status store_each_unmatched(struct store *st, store_history_fn fn, void *ctx);

/* Calls fn for every PLB adjustment (only those linked to no claim when unlinked_only), in load order. */
typedef bool (*store_plb_fn)(void *ctx, const struct store_plb_row *b);
enum store_status store_each_plb(struct store *st, bool unlinked_only, store_plb_fn fn, void *ctx);
/* Sets the link of the PLB rows ids[i] to links[i], all in one transaction (or none of them). */
enum store_status store_relink_plb(struct store *st, const int64_t *ids, const struct store_plb_link *links,
				   unsigned n);

/*
 * The allowed amount per unit for payer + code on date: a row naming exactly
 * these (sorted) modifiers wins over a row with none.  *found false when no
 * row applies.
 */
enum store_status store_fee_lookup(struct store *st, const char *payer, const char *code, const char *mods,
				   int32_t date, int64_t *allowed, bool *found);

/*
 * A stored code file (a version of its kind).  in_from..in_to: when it is
 * in force: from its from until its to, or until the day before the next
 * version of its kind starts (0: open); superseded when a later import
 * starts the same day, so it is never in force.
 */
struct store_code_file {
	int64_t id;
	enum store_code_kind kind;
	char path[256];
	char sha256[65];
	char loaded_at[32];
	char layout[40];
	int32_t from, to;
	int32_t in_from, in_to;
	bool superseded;
	uint64_t rows;
};
typedef bool (*store_code_file_fn)(void *ctx, const struct store_code_file *f);
/* Every code file, by kind, then start date, then import order. */
enum store_status store_each_code_file(struct store *st, store_code_file_fn fn, void *ctx);
typedef bool (*store_code_row_fn)(void *ctx, const struct store_code_row *r);
/* The rows of one code file, in file order. */
enum store_status store_each_code_row(struct store *st, const struct store_code_file *f, store_code_row_fn fn,
				      void *ctx);
/* The ASP payment limit (thousandths of a dollar per unit) of code in force on date; *found false when none. */
enum store_status store_asp_lookup(struct store *st, const char *code, int32_t date, int64_t *limit, bool *found);

struct store_totals {
	uint64_t submit_files, claims, lines;
	uint64_t remit_files, remits, duplicate_remits, unbalanced_remits, payments, unmatched_payments;
	int64_t bpr_total, clp_paid_total, plb_total, interest_total;
	uint64_t fee_rows;
	uint64_t ack_files, acks, rejected_acks, unmatched_acks;
};

enum store_status store_totals(struct store *st, struct store_totals *t);

/* One unbalanced transaction set, for the summary. */
struct store_unbalanced {
	char trn[51];
	char st02[10];
	int64_t bpr02, claims_paid, plb_total, imbalance;
};
typedef bool (*store_unbalanced_fn)(void *ctx, const struct store_unbalanced *u);
enum store_status store_each_unbalanced(struct store *st, store_unbalanced_fn fn, void *ctx);

#endif
