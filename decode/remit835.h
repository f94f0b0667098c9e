/*
 * remit835.h - the 835 model, as the record stream (records.h) hands it out:
 * the transaction's payment header (X12_REC_REMIT_BEGIN), one claim payment
 * at a time with its service lines (X12_REC_PAYMENT), and the totals with the
 * provider-level adjustments (X12_REC_REMIT_END).  The balancing checks of
 * shared/research/remit.md section 2 (SNIP 3) come as diagnostics before the
 * record they are about.
 *
 * Money is int64 cents, quantities int64 thousandths, dates CCYYMMDD ints.
 * Marks (struct x12_pos) on BPR, CLP, SVC, each CAS triplet (element of its
 * reason code), REF and PLB.  Lifetime: until the next call on the stream.
 */
#ifndef REMEDI_REMIT835_H
#define REMEDI_REMIT835_H

#include "x12.h"

#define R835_MAX_LINES 999
#define R835_MAX_ADJ 30      /* CAS triplets kept per claim or line */
#define R835_MAX_REMARKS 10  /* LQ / MOA / MIA remark codes per line or claim */
#define R835_MAX_PLB 60      /* PLB adjustments per transaction */
#define R835_MAX_REFS 10     /* REF (and QTY) kept per claim or line */

struct r835_ref {
	char qual[4];
	char value[51];
	struct x12_pos pos;
};

struct r835_qty {
	char qual[3];
	int64_t quantity;    /* thousandths */
};

struct r835_adj {
	char group[3];       /* CO, PR, OA, PI */
	char reason[6];      /* CARC */
	int64_t amount;      /* cents; positive reduces the payment */
	int64_t quantity;    /* thousandths */
	struct x12_pos pos;  /* of the CAS, element of this reason code */
};

struct r835_line {
	struct x12_pos pos;           /* of SVC */
	char qual[3];                  /* SVC01-1 */
	char code[49];
	char mod[4][3];
	unsigned nmod;
	int64_t charge;                /* SVC02 */
	int64_t paid;                  /* SVC03 */
	char revenue[5];               /* SVC04 */
	int64_t units;                 /* SVC05 (default 1 when absent) */
	bool units_given;
	char orig_qual[3];             /* SVC06: the procedure as submitted when it differs */
	char orig_code[49];
	char orig_mod[4][3];           /* SVC06-3..6 */
	unsigned norig_mod;
	int64_t orig_units;            /* SVC07 */
	int32_t date_from, date_to;    /* DTM*472, or 150/151 */
	char control[31];              /* REF*6R: the 837 line item control number */
	int64_t allowed;               /* AMT*B6, when given */
	bool has_allowed;
	struct r835_adj adj[R835_MAX_ADJ];
	unsigned nadj;
	char remarks[R835_MAX_REMARKS][8]; /* LQ*HE */
	unsigned nremarks;
	struct r835_ref refs[R835_MAX_REFS]; /* 2110 REF other than 6R (LU, 0K, APC, G1 ...) */
	unsigned nrefs;
};

struct r835_payment {
	/* context */
	char isa13[10], gs06[10], st02[10];
	char trn[51];                  /* TRN02: check or EFT trace number */
	char payer_name[61];
	char payer_id[81];             /* N104 of N1*PR, or REF*2U */
	char payee_name[61];
	char payee_id[81];             /* N104 of N1*PE (NPI or TIN) */
	int32_t payment_date;          /* BPR16 */

	/* CLP */
	struct x12_pos pos;
	char claim_id[39];             /* CLP01: the 837 CLM01 */
	char status[3];                /* CLP02 */
	int64_t charge;                /* CLP03 */
	int64_t paid;                  /* CLP04 */
	int64_t patient_resp;          /* CLP05 */
	bool has_patient_resp;
	char filing_indicator[3];      /* CLP06 */
	char payer_claim_id[51];       /* CLP07 */
	char facility[3];              /* CLP08 */
	char frequency[2];             /* CLP09 */
	int32_t stmt_from, stmt_to;    /* DTM*232 / 233 */
	int32_t received;              /* DTM*050 */
	char member_id[81];            /* NM1*QC/IL NM109 (PHI: never in diagnostics) */
	char rendering_npi[81];        /* NM1*82 NM109 */
	char crossover_name[61];       /* NM1*TT NM103: the crossover carrier the claim was forwarded to */
	char crossover_id[81];         /* NM1*TT NM109 */
	int64_t interest;              /* AMT*I */
	struct r835_adj adj[R835_MAX_ADJ]; /* claim-level CAS */
	unsigned nadj;
	char remarks[R835_MAX_REMARKS][8]; /* MOA / MIA remark codes */
	unsigned nremarks;
	struct r835_ref refs[R835_MAX_REFS]; /* 2100 REF: 1L group, EA record, F8 original reference ... */
	unsigned nrefs;
	struct r835_qty quantities[R835_MAX_REFS]; /* 2100 QTY: CA covered days, ZK ... */
	unsigned nquantities;
	struct r835_line *lines;
	unsigned nlines, lines_cap, dropped_lines;
	unsigned errors;               /* validator errors inside this CLP */
};

struct r835_plb {
	char provider[81];
	int32_t period_end;
	char reason[3];                /* PLB03-1 ... */
	char ref[51];                  /* PLB03-2 */
	int64_t amount;
	struct x12_pos pos;            /* of the PLB, element of the reason */
};

/* One 835 transaction set, known when its SE arrives. */
struct r835_remittance {
	char isa13[10], gs06[10], st02[10];
	struct x12_pos pos;           /* of BPR */
	char handling[3];              /* BPR01 */
	int64_t total_paid;            /* BPR02 */
	char credit_debit[2];          /* BPR03 */
	char method[4];                /* BPR04: ACH, CHK, NON ... */
	int32_t payment_date;          /* BPR16 */
	char trn[51];
	char payer_name[61], payer_id[81], payee_name[61], payee_id[81];
	int64_t claims_paid;           /* sum of CLP04 */
	unsigned nclaims;
	struct r835_plb plb[R835_MAX_PLB];
	unsigned nplb;
	int64_t plb_total;             /* all PLB amounts, including those not kept */
	struct x12_pos plb_pos;       /* of the first PLB */
};

/* Sum of the adjustment amounts of group (NULL = all). */
int64_t r835_adj_total(const struct r835_adj *adj, unsigned n, const char *group);

#endif
