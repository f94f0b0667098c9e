/*
 * remit.h - what the billing office asks of the store: which claim and line
 * a payment answers (matching), what each line's answer amounts to
 * (classification), what it should have been (expected amounts) and the
 * report rows.  No SQL here: everything goes through store.h.
 *
 * Adjustment codes: CARC numbers with short labels the project wrote
 * itself (the official descriptions are X12's), a kind (cost share,
 * contractual, denial, pending, informational, duplicate), a category and
 * a default action.  Unknown CARCs count as denials of category "other".
 */
#ifndef REMEDI_REMIT_H
#define REMEDI_REMIT_H

#include "store.h"

#include <stdio.h>

/* ---- codes */

enum remit_adj_kind {
	REMIT_ADJ_COST_SHARE,   /* PR-1/2/3...: deductible, coinsurance, copay */
	REMIT_ADJ_CONTRACTUAL,  /* CO-45, CO-253 ...: not a denial */
	REMIT_ADJ_DENIAL,
	REMIT_ADJ_PENDING,      /* OA-133 ... */
	REMIT_ADJ_INFO,         /* OA-23 prior payer impact */
	REMIT_ADJ_DUPLICATE,    /* OA-18 */
};

struct remit_carc {
	const char *code;
	const char *label;      /* our own short label */
	const char *category;   /* authorization, medical_necessity, coding, bundling, units, eligibility ... */
	enum remit_adj_kind kind;
	const char *action;     /* appeal, corrected_claim, retro_auth, bill_patient, rebill_payer, send_records, write_off, wait */
	bool appealable;
};

/* The entry for a CARC; never NULL (an unknown code gets a generic denial entry with its label "unlisted"). */
const struct remit_carc *remit_carc(const char *code);
/* The kind of an adjustment: the group decides for PR (cost share unless a denial CARC) and CO/OA/PI by CARC. */
enum remit_adj_kind remit_adj_kind(const char *group, const char *carc);
/* Our label for a RARC, or NULL when we have none. */
const char *remit_rarc_label(const char *code);
/* The code tables are in strcmp order (a self-check for the tests). */
bool remit_codes_sorted(void);

/* CLP02 2, 3, 20, 21: processed as secondary or tertiary (another payer than the claim's). */
bool remit_clp02_secondary(const char *clp02);

/* CLP02 19, 20, 21: processed and forwarded to another payer (a crossover). */
bool remit_clp02_forwarded(const char *clp02);

/* PLB03-1 reasons: our own short labels; the kind says what a claim-linked amount does to the claim. */
enum remit_plb_kind {
	REMIT_PLB_RECOVERY,     /* WO, FB, 72, OB ...: money taken back (+) or handed back (-) on a claim */
	REMIT_PLB_INTEREST,     /* L6: interest paid with the claim, not payment on its charges */
	REMIT_PLB_OTHER,        /* penalties, withholding, capitation ...: listed, never netted */
};
struct remit_plb_reason {
	const char *code;
	const char *label;
	enum remit_plb_kind kind;
	bool claim_ref;         /* PLB03-2 may name a claim (we try to link it) */
};
/* The entry for a PLB reason; never NULL (unknown: "unlisted", other, no claim reference). */
const struct remit_plb_reason *remit_plb_reason(const char *code);
const char *remit_plb_kind_name(enum remit_plb_kind k);

/* Sorted, colon-separated modifier set (order ignored): "JZ:25" -> "25:JZ". */
void remit_mods_key(const char *mods, char out[16]);

/* ---- matching */

struct remit_matcher;

struct remit_matcher *remit_matcher_new(struct store *st);
void remit_matcher_free(struct remit_matcher *m);
/*
 * Finds the claim and lines payment p answers.  *out (and the line table it
 * points to) is valid until the next call.  Claim level, first unique hit
 * wins: exact (CLP01 = CLM01, same payer, overlapping dates, charge),
 * payer claim number (CLP07 known), normalised CLP01 with one candidate,
 * else none (the unmatched queue).  Line level: REF*6R, else the code key
 * (SVC06 else SVC01, modifier set, date, units, charge), then relaxations
 * with lower confidence; ties in line order, flagged ambiguous.
 */
enum store_status remit_match(struct remit_matcher *m, const struct r835_payment *p, struct store_match *out);
/*
 * The claim a PLB adjustment b of remittance r names in PLB03-2, for the
 * reasons that carry a claim reference: each token of the reference (the
 * whole, then split at spaces, '#', ',', ';', '/') is tried as a CLP07 of
 * this payer (method "clp07"), as a CLM01 the payer paid or was sent
 * ("clm01"), and as a CLM01 followed by a service date within the claim
 * ("clm01_date": <account><CCYYMMDD>).  A CLP07 wins; a CLM01 naming
 * another claim than the CLP07 leaves it unlinked ("conflict").
 */
enum store_status remit_match_plb(struct remit_matcher *m, const struct r835_remittance *r, const struct r835_plb *b,
				  struct store_plb_link *out);
/*
 * The PLB rows a store of schema version 3 or older holds (stored before
 * links existed, link "none") linked now, as remit_match_plb would have,
 * against the claims and payments the store holds; one transaction.
 * *linked counts those that found their claim.
 */
enum store_status remit_relink_plb(struct remit_matcher *m, unsigned *linked);

/* ---- classification */

enum remit_status {
	REMIT_NO_RESPONSE = 0,  /* nothing came back yet */
	REMIT_NOT_RETURNED,     /* the claim was answered (split) but not this line yet */
	REMIT_PENDED,
	REMIT_REVERSED,         /* the latest event reversed the payment; no correction yet */
	REMIT_DUPLICATE,
	REMIT_DENIED,
	REMIT_PATIENT_RESP,     /* zero pay, all patient responsibility (deductible): not a denial */
	REMIT_PARTIAL,          /* paid, with a denied part */
	REMIT_PAID,             /* paid, reduced only by contract and cost share */
	REMIT_INFO,             /* predetermination / forwarded: no payment expected from this payer */
	REMIT_REJECTED,         /* no remittance; its latest 999 or 277CA rejected it (fix and resend) */
	REMIT_STATUS_COUNT
};

const char *remit_status_name(enum remit_status s);
/* Whether a claim in status s still waits for its final answer (aging). */
bool remit_status_open(enum remit_status s);

#define REMIT_MAX_ADJ 24

struct remit_adj_sum {
	char group[3];
	char carc[6];
	int64_t amount;             /* net over all events */
	int64_t quantity;
	bool claim_level;           /* a claim-level CAS applied to this line */
};

struct remit_line_state {
	const struct store_line *line;
	enum remit_status status;
	unsigned events;            /* line payments matched to it */
	int64_t paid;               /* net SVC03, all payers */
	int64_t patient_resp;       /* net PR */
	int64_t denied;             /* net denial-kind adjustments */
	int64_t own_paid, own_pr, own_sequestration, own_units; /* the claim's payer, primary processing only */
	bool own_events;
	bool ambiguous;
	char method[16];
	int confidence;
	char remarks[64];
	int32_t remit_date;         /* BPR16 of the latest remittance that answered it, 0 none */
	struct remit_adj_sum adj[REMIT_MAX_ADJ];
	unsigned nadj;
};

struct remit_claim_state {
	enum remit_status status;
	int64_t paid, patient_resp, denied, interest;
	unsigned events;
	int32_t remit_date;         /* BPR16 of the latest remittance for the claim, 0 none */
	struct remit_line_state *lines;
	unsigned nlines;
	/* PLB adjustments linked to the claim (net; positive = taken back) */
	int64_t plb_recovered, plb_interest, plb_other;
	int64_t paid_after_plb;     /* paid - plb_recovered: what the claim holds through the 835s */
	/* crossover: the latest own-payer event forwarded the claim (CLP02 19-21 or NM1*TT) */
	bool forwarded;
	bool crossover_answered;    /* a payer processing as secondary/tertiary answered since */
	char crossover[81];         /* NM1*TT NM109, else NM103, else "" */
	int64_t pr_held;            /* the forwarding payer's PR, held for the crossover payer (not billable yet) */
};

struct remit_classifier;

struct remit_classifier *remit_classifier_new(void);
void remit_classifier_free(struct remit_classifier *c);
/* Classifies the claim of h; *out is valid until the next call. NULL out of memory. */
const struct remit_claim_state *remit_classify(struct remit_classifier *c, const struct store_history *h);

/* ---- reports */

enum remit_report_kind {
	REMIT_REPORT_DENIALS,
	REMIT_REPORT_UNDERPAYMENTS,
	REMIT_REPORT_UNMATCHED,
	REMIT_REPORT_AGING,
	REMIT_REPORT_SUMMARY,
	REMIT_REPORT_REJECTIONS,
	REMIT_REPORT_PLB,
};

enum remit_field_type {
	REMIT_F_STR,     /* s; NULL writes null */
	REMIT_F_INT,
	REMIT_F_CENTS,   /* i in cents: an integer in JSON/CSV, dollars in text */
	REMIT_F_BOOL,
};

struct remit_field {
	const char *name;
	enum remit_field_type type;
	const char *s;
	int64_t i;
	int width;       /* text column width, 0 = not shown in text */
};

struct remit_row {
	const struct remit_field *f;
	unsigned n;
};

/* Totals: labelled figures, then grouped sections (by payer, by CARC, by procedure ...). */
struct remit_group {
	char key[112];
	uint64_t count;
	int64_t cents;
};

struct remit_section {
	const char *title;
	struct remit_group *g;
	unsigned n, cap;
	bool by_key;     /* kept in key order (weeks), not by cents */
};

#define REMIT_MAX_FIGURES 32
#define REMIT_MAX_SECTIONS 8

struct remit_figure {
	const char *label;
	int64_t value;
	bool cents;
};

struct remit_totals {
	struct remit_figure fig[REMIT_MAX_FIGURES];
	unsigned nfig;
	struct remit_section sec[REMIT_MAX_SECTIONS];
	unsigned nsec;
};

/* Which date --from/--to compare. */
enum remit_date_basis {
	REMIT_DATES_SERVICE,  /* the line's date of service (else the claim's); a claim's first date of service */
	REMIT_DATES_REMIT,    /* BPR16 of the latest remittance that answered the line / the claim */
};

/*
 * Filters: a row (a line, a claim, an unmatched payment) counts in rows and
 * totals only when it passes all of them.  Line reports (denials,
 * underpayments, the summary's line counts and weeks) test each line;
 * claim reports (aging, the summary's claim counts) test the claim;
 * unmatched payments have no submitted claim and are tested on their
 * payer and their remittance date whatever the basis.  A date filter
 * leaves out what has no such date (a claim nothing answered yet has no
 * remittance date).  The summary's store-wide figures (files,
 * remittances, BPR02, PLB) are not filtered.
 */
struct remit_report_options {
	int64_t tolerance;   /* cents; underpaid when short by more */
	int32_t as_of;       /* CCYYMMDD: aging reference date */
	const char *payer;   /* payer id (else name) as the reports show it; NULL every payer */
	int32_t from, to;    /* CCYYMMDD, inclusive; 0 open */
	enum remit_date_basis dates;
};

/* Whether the options filter anything (payer or dates). */
bool remit_report_filtered(const struct remit_report_options *o);
/* The Monday on or before CCYYMMDD d, as CCYYMMDD. */
int32_t remit_week_start(int32_t d);

/* Called for each row that needs action; the row lives until fn returns. */
typedef bool (*remit_row_fn)(void *ctx, const struct remit_row *row);

/*
 * Runs report kind over the store: fn (may be NULL) gets every row, *t the
 * totals (free with remit_totals_free).  The summary has no rows.
 */
enum store_status remit_report(struct store *st, enum remit_report_kind kind, const struct remit_report_options *o,
			       remit_row_fn fn, void *ctx, struct remit_totals *t);
void remit_totals_free(struct remit_totals *t);

/* Days from CCYYMMDD a to b (b - a). */
int64_t remit_days_between(int32_t a, int32_t b);

#endif
