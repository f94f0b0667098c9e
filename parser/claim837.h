/*
 * claim837.h - the 837 claim model (professional and institutional) and its
 * decoder over walker events.
 *
 * One claim (loop 2300) at a time, with the context it inherits: billing
 * provider (2000A), subscriber and payer (2000B), patient (2000C).  The claim
 * is complete when its 2300 loop closes; it stays valid until the next event
 * is given to the decoder.  Memory: the decoder keeps one claim whose line
 * table grows to the largest claim seen (bounded by C837_MAX_LINES).
 *
 * Money is int64 cents; quantities are int64 thousandths; dates CCYYMMDD ints.
 * Strings are NUL-terminated copies, cut at the field size (the validator
 * reports values longer than the guide allows).
 */
#ifndef REMEDI_CLAIM837_H
#define REMEDI_CLAIM837_H

#include "walker.h"

#define C837_MAX_LINES 999
#define C837_MAX_DX 24
#define C837_MAX_REFS 16
#define C837_MAX_DATES 16
#define C837_MAX_CODES 64  /* HI codes other than diagnoses: procedures, occurrences, values, conditions */

struct c837_pos {
	uint64_t offset;    /* byte offset of the segment */
	uint64_t segment;   /* ordinal in the file */
	uint32_t st_segment;
};

struct c837_ref {
	char qual[4];
	char value[51];
};

struct c837_date {
	char qual[4];
	int32_t from, to;
};

struct c837_code {
	char qual[4];       /* HI qualifier: ABK/BK principal, ABF/BF other, BBR procedure ... */
	char code[31];
	int32_t date;       /* HI0x-4 when a date goes with the code (procedures, occurrences) */
	int64_t amount;     /* value codes (BE): HI0x-5 in cents */
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
};

struct c837_line {
	uint32_t lx;
	struct c837_pos pos;        /* of SV1/SV2 */
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
	int64_t noncovered;         /* SV207 (837I) */
	int32_t date_from, date_to; /* DTP*472 */
	char control[31];           /* REF*6R line item control number */
	char ndc_qual[3];           /* LIN02: N4 */
	char ndc[49];               /* LIN03 */
	int64_t ndc_qty;            /* CTP04, thousandths */
	char ndc_unit[3];           /* CTP05-1: UN, ML, GR, F2, ME */
	char rx_number[51];         /* REF*XZ */
	char rendering_npi[81];     /* 2420A NM109 */
	bool has_lin, has_ctp;
	struct c837_pos lin_pos;    /* of the 2410 LIN */
};

struct c837_claim {
	/* where it came from */
	char guide[16];             /* ST03 / GS08 */
	char kind;                  /* 'P' or 'I' */
	char isa13[10];
	char gs06[10];
	char st02[10];
	struct c837_pos pos;        /* of CLM */
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
	unsigned dropped_lines;     /* past C837_MAX_LINES */
};

struct c837_decoder;

struct c837_decoder *c837_decoder_new(void);
void c837_decoder_free(struct c837_decoder *d);
void c837_decoder_reset(struct c837_decoder *d);

/*
 * Feeds one walker event.  Returns the completed claim when this event closed
 * a 2300 loop, else NULL.  Lifetime: until the next call.  Events outside an
 * 837 transaction set are ignored.
 */
const struct c837_claim *c837_decoder_event(struct c837_decoder *d, const struct x12_walk_event *ev);

/*
 * Lite mode keeps only what c837_check() needs (claim id, charge, frequency,
 * REF*F8, line charges and positions, LIN/CTP presence): validation without
 * output runs faster.  The other fields stay empty.
 */
void c837_decoder_set_lite(struct c837_decoder *d, bool lite);

/*
 * SNIP 3 and the SNIP 4 rules that need no code tables: CLM02 = sum of line
 * charges, a 2410 LIN has its CTP, REF*F8 on replacement/void claims.
 * Writes at most max diagnostics to out; returns how many.  The decoder runs
 * it on every claim it completes (c837_decoder_diag()).
 */
unsigned c837_check(const struct c837_claim *c, struct x12_error *out, unsigned max);

/*
 * Takes the next SNIP 3/4 diagnostic of the claim just completed (they are
 * counted in its errors); false when none.
 */
bool c837_decoder_diag(struct c837_decoder *d, struct x12_error *out);

/* Sum of line charges, cents. */
int64_t c837_line_total(const struct c837_claim *c);

#endif
