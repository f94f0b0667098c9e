/*
 * claim837.h - the 837 claim model (professional and institutional), as the
 * record stream (records.h) hands it out in X12_REC_CLAIM records.
 *
 * One claim (loop 2300) at a time, with the context it inherits: billing
 * provider (2000A), subscriber and payer (2000B), patient (2000C).  The claim
 * is complete when its 2300 loop closes; it and its line table are valid
 * until the next call on the stream.
 *
 * Marks: every item a rule or a 999 may cite carries the position of its
 * segment (struct x12_pos: offset, segment ordinal, ST ordinal, segment id,
 * element, loop id): CLM, each HI code (element and component of the code),
 * DTP, REF, NM1 of each party, SV1/SV2, line DTP and REF*6R, LIN and CTP.
 * A mark whose segment ordinal is 0 means "not in the claim".
 *
 * Money is int64 cents; quantities are int64 thousandths; dates CCYYMMDD ints.
 * Strings are NUL-terminated copies, cut at the field size (the validator
 * reports values longer than the guide allows).
 */
#ifndef REMEDI_CLAIM837_H
#define REMEDI_CLAIM837_H

#include "x12.h"

#define C837_MAX_LINES 999
#define C837_MAX_DX 24
#define C837_MAX_REFS 16
#define C837_MAX_DATES 16
#define C837_MAX_CODES 64  /* HI codes other than diagnoses: procedures, occurrences, values, conditions */

struct c837_ref {
	char qual[4];
	char value[51];
	struct x12_pos pos;         /* of the REF */
};

struct c837_date {
	char qual[4];
	int32_t from, to;
	struct x12_pos pos;         /* of the DTP (element 3) */
};

struct c837_code {
	char qual[4];       /* HI qualifier: ABK/BK principal, ABF/BF other, BBR procedure ... */
	char code[31];
	int32_t date;       /* HI0x-4 when a date goes with the code (procedures, occurrences) */
	int64_t amount;     /* value codes (BE): HI0x-5 in cents */
	struct x12_pos pos; /* of the HI, element HI0x, component 2 (the code) */
};

struct c837_party {
	char entity[4];     /* NM101 */
	char last[61];      /* organisation or last name (PHI for people: never in diagnostics) */
	char first[36];
	char id_qual[3];    /* NM108 */
	char id[81];        /* NM109: NPI, member id, payer id */
	char tin[16];       /* REF*EI / REF*SY */
	char taxonomy[51];  /* PRV03 */
	char state[3];      /* N402 */
	char zip[16];
	int32_t birth_date; /* DMG02 */
	char gender[2];
	struct x12_pos pos; /* of the NM1; segment 0 when the party is absent */
};

struct c837_line {
	uint32_t lx;
	struct x12_pos lx_pos;      /* of LX */
	struct x12_pos pos;         /* of SV1/SV2 */
	char revenue[5];            /* SV201 (837I) */
	char qual[3];               /* SV101-1 / SV202-1: HC, ER, IV, WK ... */
	char code[49];
	char mod[4][3];
	unsigned nmod;
	char desc[81];
	int64_t charge;             /* cents */
	char unit_basis[3];         /* MJ, UN, DA */
	int64_t units;              /* thousandths */
	char place[3];              /* SV105 */
	uint8_t dx_ptr[4];          /* SV107 (1-based pointers into the claim's diagnoses), 0 = none */
	unsigned ndx_ptr;
	unsigned bad_dx_ptr;        /* SV107 components that were 0 or not a number */
	int64_t noncovered;         /* SV207 (837I) */
	int32_t date_from, date_to; /* DTP*472 */
	struct x12_pos date_pos;
	char control[31];           /* REF*6R line item control number */
	struct x12_pos control_pos;
	char ndc_qual[3];           /* LIN02: N4 */
	char ndc[49];               /* LIN03 */
	int64_t ndc_qty;            /* CTP04, thousandths */
	char ndc_unit[3];           /* CTP05-1: UN, ML, GR, F2, ME */
	char rx_number[51];         /* REF*XZ */
	char rendering_npi[81];     /* 2420A NM109 */
	char mea_test[3];           /* first 2400 MEA*TR: MEA02 R1 hemoglobin, R2 hematocrit ... */
	int64_t mea_value;          /* its MEA03, thousandths */
	struct x12_pos mea_pos;     /* of that MEA (element 3) */
	bool has_lin, has_ctp;
	struct x12_pos lin_pos;     /* of the 2410 LIN (element 3, the NDC) */
	struct x12_pos ctp_pos;     /* of its CTP (element 4, the quantity) */
};

struct c837_claim {
	/* where it came from */
	char guide[16];             /* ST03 / GS08 */
	char kind;                  /* 'P' or 'I' */
	char isa13[10];
	char gs06[10];
	char st02[10];
	struct x12_pos pos;         /* of CLM */
	unsigned errors;            /* errors the validator reported inside this claim (2300 and its lines) */

	/* CLM */
	char id[39];                /* CLM01 patient control number */
	int64_t charge;             /* CLM02 */
	char facility[3];           /* CLM05-1: place of service (P) / facility type (I) */
	char facility_qual[2];      /* CLM05-2: B, A */
	char frequency[2];          /* CLM05-3 */
	char provider_sig[2];       /* CLM06 */
	char assignment[2];         /* CLM07 */
	char benefits[2];           /* CLM08 */
	char release[2];            /* CLM09 */
	char original_ref[51];      /* REF*F8 payer claim control number (replacement/void) */
	char prior_auth[51];        /* REF*G1 */
	char referral[51];          /* REF*9F */
	char medical_record[51];    /* REF*EA */

	/* context */
	struct c837_party billing;  /* 2010AA */
	struct c837_party pay_to;   /* 2010AB, entity empty when absent */
	struct c837_party subscriber; /* 2010BA */
	struct c837_party payer;    /* 2010BB */
	struct c837_party patient;  /* 2010CA, entity empty when the subscriber is the patient */
	struct c837_party rendering;/* 2310B (P) / 2310D (I) */
	struct c837_party attending;/* 2310A (I) */
	struct c837_party referring;/* 2310A (P) / 2310F (I) */
	struct c837_party facility_party; /* 2310C (P) / 2310E (I) */
	char payer_resp[2];         /* SBR01: P, S, T ... */
	char relationship[3];       /* SBR02 (18 = self) / PAT01 */
	char group_number[51];      /* SBR03 */
	char filing_indicator[3];   /* SBR09: MB, MA, MC, CI, BL ... */

	struct c837_code dx[C837_MAX_DX];
	unsigned ndx;               /* principal first, in file order */
	struct c837_code codes[C837_MAX_CODES];
	unsigned ncodes;
	struct c837_date dates[C837_MAX_DATES];
	unsigned ndates;
	struct c837_ref refs[C837_MAX_REFS];
	unsigned nrefs;

	struct c837_line *lines;
	unsigned nlines;
	unsigned lines_cap;
	unsigned dropped_lines;     /* past C837_MAX_LINES (the walker reports the loop's repeat limit) */
};

/* Sum of line charges, cents. */
int64_t c837_line_total(const struct c837_claim *c);

#endif
