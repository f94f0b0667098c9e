/*
 * internal.h - what the engine, the tables and the rule families share.
 * Not installed; only edits/ and its tests include it.
 */
#ifndef REMEDI_EDITS_INTERNAL_H
#define REMEDI_EDITS_INTERNAL_H

#include "edits.h"

#include <stdarg.h>
#include <stddef.h>

/*
 * The registry, one row per rule, in id order: enum constant, id, family,
 * severity, payer contexts, title, fix, reference, tables.  registry.c turns
 * it into the static table; the rule files name rules by the enum constant.
 */
#define MCR (EDITS_PAYER_MEDICARE_B | EDITS_PAYER_MEDICARE_ADV)
#define ALL EDITS_PAYER_ALL

enum ed_rule {
#define R(sym, ...) sym,
#include "rules.def"
#undef R
	R__COUNT
};

/* Class bits of a code (seeds/classes.tsv and the HCPCS drug ranges). */
enum {
	C_INITIAL = 1u << 0,
	C_CHEMO = 1u << 1,
	C_NONCHEMO = 1u << 2,
	C_ADMIN = 1u << 3,       /* DRUG_ADMIN_ALL */
	C_ADDON = 1u << 4,
	C_HYDRATION = 1u << 5,
	C_PUSH = 1u << 6,
	C_SCIM_H = 1u << 7,      /* 96402 */
	C_SCIM_N = 1u << 8,      /* 96401 */
	C_INJ = 1u << 9,         /* 96372 */
	C_EM = 1u << 10,
	C_EM_MIN = 1u << 11,     /* 99211 */
	C_PORT_FLUSH = 1u << 12,
	C_PORT_DRAW = 1u << 13,
	C_INCLUDED = 1u << 14,
	C_PUMP = 1u << 15,       /* G0498 */
	C_PUMP_CPT = 1u << 16,   /* 96416 */
	C_DRUG = 1u << 17,       /* a drug HCPCS */
	C_ANTINEO = 1u << 18,
	C_SUPPORTIVE = 1u << 19,
	C_HORM_SCIM = 1u << 20,
	C_NONHORM_SCIM = 1u << 21,
	C_IV_ONLY = 1u << 22,
	C_SDC = 1u << 23,
	C_ESA = 1u << 24,
	C_BIOSIMILAR = 1u << 25,
	C_REFERENCE = 1u << 26,
	C_NEPHROTOXIC = 1u << 27,
	C_NOC = 1u << 28,
	C_PUMP_DRUG = 1u << 29,
};

/* Modifier bits of a line. */
enum {
	M_JW = 1u << 0, M_JZ = 1u << 1, M_JG = 1u << 2, M_TB = 1u << 3,
	M_EA = 1u << 4, M_EB = 1u << 5, M_EC = 1u << 6,
	M_25 = 1u << 7, M_59 = 1u << 8, M_XE = 1u << 9, M_XP = 1u << 10, M_XS = 1u << 11, M_XU = 1u << 12,
	M_ANATOMIC = 1u << 13,   /* other NCCI-associated modifiers (E1-E4, FA-F9, TA-T9, LT, RT, 24, 57 ...) */
};
#define M_DISTINCT (M_59 | M_XE | M_XP | M_XS | M_XU)
#define M_ESA (M_EA | M_EB | M_EC)

/* Diagnosis bits (from the code's family; no table needed). */
enum {
	D_NEOPLASM = 1u << 0,    /* C00-D49 */
	D_ACTIVE = 1u << 1,      /* C00-C96, D00-D09, D37-D49 */
	D_Z5111 = 1u << 2,
	D_Z5112 = 1u << 3,
	D_HISTORY = 1u << 4,     /* Z85.- */
	D_HYDRATION = 1u << 5,   /* E86, E87, R11, A08, A09, N17, D64.81 */
	D_D6481 = 1u << 6,
	D_ESA_EXCLUDED = 1u << 7,/* D50-D53, D55-D59, D62, C92 */
	D_METASTATIC = 1u << 8,  /* C77-C79 */
	D_PRIMARY = 1u << 9,     /* C00-C76, C80-C96 */
};
#define D_Z511X (D_Z5111 | D_Z5112)

/* ------------------------------------------------------------------ embedded files */

/* Files built into the binary by schemas/embed.c: the seed tables and the rule packs. */
struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};
extern const struct embedded_file remedi_embedded_seeds[];
extern const size_t remedi_embedded_seeds_count;
extern const struct embedded_file remedi_embedded_packs[];
extern const size_t remedi_embedded_packs_count;

/* The file of that base name in list, NULL when none.  Lifetime: static. */
const struct embedded_file *ed_embedded(const struct embedded_file *list, size_t n, const char *name);

/* Fills err (when not NULL): file (NULL: ""), line (0: none) and the message. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void ed_set_error(struct edits_error *err, const char *file, unsigned long line, const char *fmt, ...);

/* ------------------------------------------------------------------ tables */

/* A code or modifier packed into an integer key (up to 8 bytes, upper case as billed). */
static inline uint64_t
ed_key(const char *s)
{
	uint64_t k = 0;

	for (unsigned i = 0; i < 8 && s[i]; i++)
		k |= (uint64_t)(unsigned char)s[i] << (56 - 8 * i);
	return k;
}

struct ed_code {
	uint64_t key;
	uint32_t cls;
	int32_t add, term;       /* HCPCS ADD DT and TERM DT (0: none) */
	int32_t least_units;     /* DRUG-006: below it the units look like the old basis (0: no rule) */
	uint64_t predecessor;    /* DRUG-006: the replaced code */
	bool hcpcs;              /* listed in the HCPCS table (dates known) */
	bool modifier;
};

struct ed_addon {
	uint64_t key;
	uint64_t primary[6];
	unsigned n;
};

/* 20 bytes a pair: a 2M-pair practitioner file is 40 MB in memory. */
struct ed_ptp {
	uint32_t col1, col2;     /* ed_code36() of the codes */
	int32_t eff, del;        /* del 0: in force */
	uint8_t modifier;        /* 0 never, 1 with an NCCI-associated modifier, 9 not applicable */
};

/* A 5-character procedure code (packed by ed_key) in base 36; UINT32_MAX for anything else. */
static inline uint32_t
ed_code36(uint64_t key)
{
	uint32_t v = 0;

	if ((key & 0xffffffu) != 0)
		return UINT32_MAX; /* longer than 5 characters */
	for (int i = 0; i < 5; i++) {
		unsigned c = (unsigned)(key >> (56 - 8 * i)) & 0xffu;

		if (c >= '0' && c <= '9')
			v = v * 36 + (c - '0');
		else if (c >= 'A' && c <= 'Z')
			v = v * 36 + (c - 'A' + 10);
		else
			return UINT32_MAX;
	}
	return v;
}

/* Rows of the dated tables sort by key; a key may have several rows with disjoint from..to (0: open). */
struct ed_mue {
	uint64_t key;
	int64_t units;           /* thousandths */
	int32_t from, to;
	uint8_t mai;             /* 1 line, 2 DOS policy, 3 DOS clinical */
};

struct ed_xwalk {
	uint64_t ndc;            /* 11 digits as a number */
	uint64_t hcpcs;
	int64_t billunits;       /* HCPCS units per NDC item, thousandths */
	int32_t from, to;
};

struct ed_icd {
	uint64_t key;
	int32_t from, to;        /* the code set it belongs to */
};

struct edits_tables {
	struct ed_code *codes;
	size_t ncodes;
	struct ed_icd *icd;      /* billable ICD-10-CM codes, sorted by key */
	size_t nicd;
	int32_t *icd_periods;    /* from, to of each code set loaded (pairs) */
	size_t nicd_periods;
	char icd_covers[26][4];
	unsigned nicd_covers;
	struct ed_addon *addons;
	size_t naddons;
	struct ed_ptp *ptp;
	size_t nptp;
	struct ed_ptp *ptp_new;  /* edits_tables_ptp_add() rows waiting for the commit */
	size_t nptp_new, capptp_new;
	struct ed_mue *mue;
	size_t nmue;
	struct ed_xwalk *xwalk;
	size_t nxwalk;
};

/* Lookups: NULL when the table does not list the key. */
const struct ed_code *ed_code_find(const struct edits_tables *t, uint64_t key);
const struct ed_addon *ed_addon_find(const struct edits_tables *t, uint64_t key);
/* The row in force on dos (0: any). */
const struct ed_mue *ed_mue_find(const struct edits_tables *t, uint64_t key, int32_t dos);
const struct ed_xwalk *ed_xwalk_find(const struct edits_tables *t, uint64_t ndc, int32_t dos);
/* The PTP edit (col1, col2) in force on dos, NULL when none. */
const struct ed_ptp *ed_ptp_find(const struct edits_tables *t, uint64_t col1, uint64_t col2, int32_t dos);
/* ICD-10-CM: 1 billable, 0 not billable on dos, -1 unknown (outside the table's families or dates). */
int ed_icd_billable(const struct edits_tables *t, const char *code, int32_t dos);
/* Classes of a code: the table's, plus the drug ranges for codes the table does not list. */
uint32_t ed_code_classes(const struct ed_code *row, const char *code);

/* Field helpers of the file readers (codefiles.c), shared with the seeds. */
struct x12_str ed_trim(struct x12_str v);
/* CCYYMMDD, or blank (0); false for anything else. */
bool ed_date_or_blank(struct x12_str v, int32_t *out);
/* "00006-3026-02" / "00006302602" -> 6302602; -1 unless 11 digits. */
int64_t ed_ndc_number(struct x12_str v);

/* ------------------------------------------------------------------ one claim and its encounters */

struct ed_line {
	const struct c837_line *ln;
	const struct c837_claim *claim; /* the claim the line belongs to */
	const struct ed_code *row;  /* NULL when the code is not in the tables */
	uint64_t key;
	uint32_t cls;
	uint32_t mods;
	uint32_t dx;                /* D_* bits of the diagnoses it points to (837I: all) */
	uint32_t dxptr;             /* bit i: points to claim diagnosis i */
	int32_t dos;
	unsigned enc;
	int64_t ndc;                /* 11-digit NDC as a number, -1 when absent or malformed */
};

struct ed_encounter {
	int32_t dos;
	unsigned first, n;          /* indices into the sorted order ed_ctx.order */
	uint32_t cls;               /* union of its lines' classes */
};

/*
 * The rules run on one claim at a time (x->c, x->lines).  Its encounters
 * (x->enc) are those of its group: the consecutive claims of one patient,
 * billing provider and payer (engine.c), so an encounter may hold lines of
 * the group's other claims (x->all outside x->lines).  A rule reads them as
 * context; a finding on such a line is dropped (ed_emit), and reported when
 * the rules run on that line's own claim, which sees the same encounters.
 */

struct ed_ctx {
	struct edits *e;
	const struct c837_claim *c;
	const struct edits_tables *t;
	struct ed_line *lines;      /* one per line of the claim (a slice of all) */
	unsigned nlines;
	struct ed_line *all;        /* every line of the claim's group, claim by claim in file order */
	unsigned nall;
	unsigned *order;            /* indices into all sorted by date of service (stable: file order) */
	struct ed_encounter *enc;
	unsigned nenc;
	uint32_t dx_all;            /* D_* bits of every claim diagnosis */
	const uint32_t *dx_bits;    /* D_* bits of each claim diagnosis */
	unsigned payer;             /* enum edits_payer bit of the claim */
	bool facility_13x;          /* 837I type of bill 13x (hospital outpatient) */
	const uint8_t *on;          /* rule enabled for this claim */
};

static inline bool
ed_on(const struct ed_ctx *x, enum ed_rule r)
{
	return x->on[r] != 0;
}

/* The line at position k of encounter en. */
static inline struct ed_line *
ed_enc_line(const struct ed_ctx *x, const struct ed_encounter *en, unsigned k)
{
	return &x->all[x->order[en->first + k]];
}

/* Whether line l is one of the claim's own (not a line of another claim of its group). */
static inline bool
ed_own(const struct ed_ctx *x, const struct ed_line *l)
{
	return l >= x->lines && l < x->lines + x->nlines;
}

/* Effective place of service of an 837P line: SV105, else CLM05-1 of its claim. */
const char *ed_place(const struct ed_ctx *x, const struct ed_line *l);

/*
 * Reports a finding of rule r on line l (NULL: claim level) citing pos
 * (NULL: the line's SV1/SV2, else the CLM).  sev < 0: the rule's severity
 * in the pack; otherwise a rule with two severities passes the one that
 * applies (the pack's override still wins).
 */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
void ed_emit(struct ed_ctx *x, enum ed_rule r, const struct ed_line *l, const struct x12_pos *pos,
	     const char *fmt, ...);
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
void ed_emit_sev(struct ed_ctx *x, enum ed_rule r, int sev, const struct ed_line *l, const struct x12_pos *pos,
		 const char *fmt, ...);

/* Whole units of a line (units are thousandths). */
static inline int64_t
ed_units(const struct ed_line *l)
{
	return l->ln->units;
}

static inline bool
ed_is(const struct ed_line *l, const char *code)
{
	return l->key == ed_key(code);
}

/* First line of the encounter with this code whose modifiers include none of without, or NULL. */
static inline struct ed_line *
ed_enc_code(const struct ed_ctx *x, const struct ed_encounter *en, uint64_t key, uint32_t without)
{
	for (unsigned k = 0; k < en->n; k++) {
		struct ed_line *l = ed_enc_line(x, en, k);

		if (l->key == key && !(l->mods & without))
			return l;
	}
	return NULL;
}

/* Sum of units (thousandths) of one code in an encounter, lines with a modifier of without left out. */
static inline int64_t
ed_enc_units(const struct ed_ctx *x, const struct ed_encounter *en, uint64_t key, uint32_t without)
{
	int64_t u = 0;

	for (unsigned k = 0; k < en->n; k++) {
		struct ed_line *l = ed_enc_line(x, en, k);

		if (l->key == key && !(l->mods & without))
			u += l->ln->units;
	}
	return u;
}

/* The numeric value of a 5-digit CPT code, 0 for anything else. */
static inline long
ed_cpt(const struct ed_line *l)
{
	const char *s = l->ln->code;
	long v = 0;

	for (int i = 0; i < 5; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return s[5] ? 0 : v;
}

/* Days since 1970-01-01 of a CCYYMMDD date (civil calendar). */
static inline long
ed_days(int32_t d)
{
	long y = d / 10000, m = (d / 100) % 100, dd = d % 100;

	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/*
 * HCPCS units (thousandths) the line's vials hold: CTP04 in UN times the
 * crosswalk's BILLUNITS for its NDC; -1 when unknown (no NDC, another unit,
 * or the NDC maps to another code).
 */
int64_t ed_vial_units(const struct ed_ctx *x, const struct ed_line *l);

/* The rule families, one file each; each runs its enabled rules on the claim. */
void ed_rules_admin(struct ed_ctx *x);
void ed_rules_drug(struct ed_ctx *x);
void ed_rules_mod(struct ed_ctx *x);
void ed_rules_dx(struct ed_ctx *x);
void ed_rules_ncci(struct ed_ctx *x);
void ed_rules_valid(struct ed_ctx *x);
void ed_rules_clm(struct ed_ctx *x);

/*
 * The state of rule r in pack p for payer context ctx (0: any context):
 * whether it runs, and in *sev the pack's severity for it (-1: none given).
 */
bool ed_pack_state(const struct edits_pack *p, unsigned r, unsigned ctx, int *sev);

#endif
