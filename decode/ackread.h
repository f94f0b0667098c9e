/*
 * ackread.h - acknowledgments as the record stream (records.h) hands them
 * out, one X12_REC_ACK record at a time:
 *
 *   ACKR_TA1    a TA1 segment (interchange acknowledgment), outside any group
 *   ACKR_SET    a 999 AK2 loop: one acknowledged transaction set, with its
 *               IK3/IK4 errors and the IK5 verdict (handed out at its IK5)
 *   ACKR_GROUP  a 999 AK9: the verdict on the acknowledged functional group
 *   ACKR_CLAIM  a 277CA (005010X214) 2000D patient loop: one claim's TRN and
 *               STC statuses, with its 2220D service lines
 *
 * The decoder reads segments by id, so a 999 or 277CA is decoded even when
 * no definition for it is loaded; SNIP 2 checks come from the walker as for
 * any set.  Lifetime: until the next call on the stream.
 */
#ifndef REMEDI_ACKREAD_H
#define REMEDI_ACKREAD_H

#include "x12.h"

#include <stdbool.h>

#define ACKR_MAX_CODES 5     /* TA105; IK502-IK506; AK905-AK909 */
#define ACKR_MAX_ERRORS 50   /* IK3/IK4 kept per acknowledged set (all are counted) */
#define ACKR_MAX_STATUS 3    /* STC01, STC10, STC11 */
#define ACKR_MAX_LINES 50    /* 2220D service lines kept per claim */

enum ackr_kind {
	ACKR_TA1 = 1,
	ACKR_SET,
	ACKR_GROUP,
	ACKR_CLAIM,
};

/* One IK3 (segment) with at most one of its IK4 (element); a second IK4 repeats the IK3 part. */
struct ackr_error {
	char seg_id[4];        /* IK301 */
	uint32_t seg_pos;      /* IK302: position in the acknowledged set, ST = 1 */
	char loop_id[8];       /* IK303 */
	char seg_code[4];      /* IK304 */
	char element[16];      /* IK401 as written: "2", "2:1", "4:1:2"; "" without an IK4 */
	char de[6];            /* IK402 data element reference number */
	char el_code[4];       /* IK403 */
	char bad_value[100];   /* IK404 */
	char claim_id[39];     /* CTX*CLM01:<id> of this IK3 */
	struct x12_pos pos;    /* of the IK3 (or IK4) in the acknowledgment */
};

/* A claim status composite (STC01, STC10, STC11). */
struct ackr_status {
	char category[4];      /* A1, A2, A3 ... (code list 507) */
	char code[6];          /* claim status code (508) */
	char entity[4];        /* entity identifier code (98) */
};

struct ackr_line {
	char qual[3], code[49];        /* SVC01 */
	int64_t charge;                /* SVC02, cents */
	char control[51];              /* REF*FJ line item control number */
	int32_t date;                  /* DTP*472, CCYYMMDD, 0 unknown */
	struct ackr_status status[ACKR_MAX_STATUS];
	unsigned nstatus;
	bool rejected;
};

struct ackr_record {
	enum ackr_kind kind;
	char st01[4];            /* "999", "277"; "" for a TA1 */
	char isa13[10], gs06[10], st02[10]; /* envelope of the acknowledgment itself */
	struct x12_pos pos;      /* TA1, AK2, AK9 or the 2000D HL */

	/* what is acknowledged */
	char ref_isa13[10];      /* TA101 */
	int32_t ref_date;        /* TA102 (CCYYMMDD, the century guessed as 20) */
	char ref_time[5];        /* TA103 */
	char ref_gs01[3];        /* AK101 */
	char ref_gs06[10];       /* AK102 */
	char ref_version[16];    /* AK103, or AK203 for a set */
	char ref_st01[4];        /* AK201 */
	char ref_st02[10];       /* AK202 */

	/*
	 * The verdict: TA104 (A, E, R); IK501 / AK901 (A, E, M, P, R, W, X);
	 * for a 277CA claim the first STC category (A1, A3 ...).
	 */
	char status[4];
	bool rejected;           /* TA104 R; IK501/AK901 R, M, W, X; STC category A3, A4, A6, A7, A8 */
	char codes[ACKR_MAX_CODES][4];   /* TA105; IK502..; AK905.. */
	unsigned ncodes;
	uint32_t sets_included, sets_received, sets_accepted; /* AK902-AK904 */

	struct ackr_error *errors;       /* ACKR_SET */
	unsigned nerrors;
	uint32_t errors_total;           /* IK3 and IK4 seen, kept or not */

	/* ACKR_CLAIM */
	char claim_id[39];               /* TRN02 of the 2200D */
	char payer_claim_id[51];         /* REF*1K */
	char clearinghouse_id[51];       /* REF*D9 */
	char payer_id[81];               /* 2100A NM109 */
	char provider_npi[81];           /* 2100C NM109 */
	struct ackr_status stc[ACKR_MAX_STATUS];
	unsigned nstc;
	int32_t status_date;             /* STC02 */
	char action[3];                  /* STC03 */
	int64_t charge;                  /* STC04, cents */
	bool has_charge;
	int32_t service_from, service_to;/* DTP*472 of the claim */
	struct ackr_line *lines;
	unsigned nlines;
	unsigned dropped_lines;
};

/* True for a 277CA status category that means the claim was not taken in. */
bool ackr_category_rejects(const char *category);

#endif
