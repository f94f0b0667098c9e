/*
 * gen837.c - a deterministic generator of large synthetic oncology 837P
 * (005010X222A1) files, for the benchmark and for stress tests.
 *
 * What it writes (one functional group per interchange; the transaction sets
 * are spread evenly over the interchanges and the claims over the sets):
 *
 *   ISA GS
 *     ST BHT NM1*41 PER NM1*40                    header, 1000A, 1000B
 *       HL*20 PRV NM1*85 N3 N4 REF*EI             2000A / 2010AA billing provider
 *         HL*22 SBR NM1*IL N3 N4 DMG NM1*PR       2000B / 2010BA / 2010BB (subscriber = patient)
 *         CLM [REF*G1] HI NM1*82 PRV              2300 claim, 2310B rendering provider
 *           LX SV1 DTP*472 REF*6R [LIN CTP]       2400 service line, 2410 drug (NDC)
 *     SE
 *   GE IEA
 *
 * A claim is one infusion-clinic visit: chemotherapy/biologic administration
 * (96413, 96415, 96417, 96367, 96375, 96401, 96372), the drugs given (J-codes
 * with units, NDC and quantity; single-dose vials carry JZ, or JW on a second
 * line for the discarded amount) and ICD-10-CM codes that fit the regimen.
 * CLM02 is the exact sum of the SV102 line charges, all money in int64 cents.
 * Envelope counts and control numbers are exact: SE01, SE02 = ST02, GE01,
 * GE02 = GS06, IEA01, IEA02 = ISA13, a 106-byte ISA (ISA11 '^', ISA16 ':').
 *
 * Everything random comes from one xorshift64* stream seeded from --seed:
 * the same arguments give the same bytes.  Names, member ids, NPIs, EINs and
 * addresses are invented and look it (no PHI); NPIs carry a valid check
 * digit.  HCPCS/CPT and ICD-10-CM code values are real; the NDCs are
 * well-formed 11-digit placeholders, not checked against a crosswalk.
 *
 * Speed: segments are assembled with memcpy and hand-written integer
 * formatting into a 1 MiB buffer written with fwrite (no printf per field).
 * --wrap is applied to each buffer as it is written; an ISA always starts a
 * line and is never broken in its first three bytes or just before its
 * terminator, where a line break would change the delimiters it declares.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUT_CAP (1u << 20)
#define SEG_MAX 1024u      /* longest segment written, with margin */
#define MAX_LINES 24       /* service lines per claim (the guide allows 50) */
#define MAX_DX 6
#define N_BILLING 12
#define N_RENDERING 40
#define PILOT_CLAIMS 2000u /* claims sampled to turn --size into a claim count */

/* ---------------------------------------------------------------- output */

struct out {
	char *buf;
	size_t len;
	char *wbuf;        /* wrapped copy of buf (--wrap) */
	FILE *f;           /* NULL: count bytes only */
	unsigned wrap;     /* columns, 0 = no wrapping */
	unsigned col;      /* column of the next byte in the wrapped output */
	bool newline;      /* LF after each segment terminator */
	bool isa_first;    /* buf starts with an ISA */
	bool failed;
	uint64_t written;  /* bytes of output so far (after wrapping) */
	uint32_t segs;     /* segments since the last ST */
};

/* Copies n bytes of s to *dst, breaking lines at o->wrap columns. */
static void
wrap_copy(struct out *o, char **dst, const char *s, size_t n)
{
	char *d = *dst;

	while (n > 0) {
		size_t room, k;
		const char *nl;

		if (o->col == o->wrap) {
			if (*s != '\n')
				*d++ = '\n';
			o->col = 0;
		}
		room = o->wrap - o->col;
		k = n < room ? n : room;
		nl = o->newline ? memchr(s, '\n', k) : NULL;
		if (nl) {
			k = (size_t)(nl - s) + 1;
			memcpy(d, s, k);
			o->col = 0;
		} else {
			memcpy(d, s, k);
			o->col += (unsigned)k;
		}
		d += k;
		s += k;
		n -= k;
	}
	*dst = d;
}

/*
 * The ISA at the start of buf: on a line of its own start, and a break never
 * right before byte 106 (a line end there would read as the terminator).
 */
static void
wrap_isa(struct out *o, char **dst)
{
	char *d = *dst;

	if (o->col != 0)
		*d++ = '\n';
	o->col = 0;
	for (size_t i = 0; i < 106; i++) {
		if (o->col == o->wrap || (i == 104 && o->col + 1 == o->wrap)) {
			*d++ = '\n';
			o->col = 0;
		}
		*d++ = o->buf[i];
		o->col++;
	}
	*dst = d;
}

static void
out_flush(struct out *o)
{
	const char *p = o->buf;
	size_t n = o->len;

	if (o->wrap && n > 0) {
		char *d = o->wbuf;
		size_t start = 0;

		if (o->isa_first) {
			wrap_isa(o, &d);
			start = 106;
		}
		wrap_copy(o, &d, o->buf + start, n - start);
		p = o->wbuf;
		n = (size_t)(d - o->wbuf);
	}
	if (o->f && n > 0 && fwrite(p, 1, n, o->f) != n)
		o->failed = true;
	o->written += n;
	o->len = 0;
	o->isa_first = false;
}

static inline void
out_room(struct out *o)
{
	if (OUT_CAP - o->len < SEG_MAX)
		out_flush(o);
}

static inline void
put(struct out *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* lit must be a string literal ("" lit refuses anything else) */
#define PUT(o, lit) put((o), "" lit, sizeof(lit) - 1)

static inline void
put_s(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static inline void
put_c(struct out *o, char c)
{
	o->buf[o->len++] = c;
}

/* v in decimal, at least width digits (zero-padded). */
static inline void
put_u_pad(struct out *o, uint64_t v, unsigned width)
{
	char tmp[24];
	unsigned n = 0;

	do {
		tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		tmp[sizeof tmp - 1 - n++] = '0';
	put(o, tmp + sizeof tmp - n, n);
}

static inline void
put_u(struct out *o, uint64_t v)
{
	put_u_pad(o, v, 1);
}

/* A scaled integer (v / 10^scale) as X12 decimal: no trailing fraction zeros. */
static void
put_dec(struct out *o, uint64_t v, unsigned scale)
{
	uint64_t div = 1;
	uint64_t frac;

	for (unsigned i = 0; i < scale; i++)
		div *= 10;
	put_u(o, v / div);
	frac = v % div;
	if (frac == 0)
		return;
	while (frac % 10 == 0) {
		frac /= 10;
		div /= 10;
		scale--;
	}
	put_c(o, '.');
	put_u_pad(o, frac, scale);
}

static inline void
seg_end(struct out *o)
{
	put_c(o, '~');
	if (o->newline)
		put_c(o, '\n');
	o->segs++;
}

/* ---------------------------------------------------------------- randomness */

static uint64_t
splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline uint64_t
rnd(uint64_t *x)
{
	/* xorshift64* */
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717ull;
}

/* Uniform in [0, n) (n < 2^32), without division. */
static inline uint32_t
rnd_below(uint64_t *x, uint32_t n)
{
	return (uint32_t)(((rnd(x) >> 32) * n) >> 32);
}

static inline uint32_t
rnd_range(uint64_t *x, uint32_t lo, uint32_t hi)
{
	return lo + rnd_below(x, hi - lo + 1);
}

/* True with probability pct %. */
static inline bool
chance(uint64_t *x, uint32_t pct)
{
	return rnd_below(x, 100) < pct;
}

/* ---------------------------------------------------------------- reference data */

enum route {
	ROUTE_CHEMO_IV,  /* 96413 first, 96417 each further drug, 96415 extra hours */
	ROUTE_SUBQ_HORM, /* 96401 */
	ROUTE_SUBQ_INJ,  /* 96372 */
	ROUTE_PUSH,      /* 96375 */
	ROUTE_SEQ_INF,   /* 96367 */
};

struct drug {
	const char *hcpcs;
	const char *ndc;         /* 11 digits, 5-4-2 */
	uint32_t units_lo, units_hi, units_step; /* HCPCS billing units of one dose */
	uint32_t pkg_units;      /* billing units in one vial or syringe */
	uint32_t pkg_ml_x10;     /* mL in one package, tenths; 0: quantity in packages (UN) */
	bool single_dose;        /* JZ, or JW for the discarded rest */
	bool immuno;             /* Z51.12 rather than Z51.11 */
	enum route route;
	uint32_t extra_hours;    /* 96415 units, up to */
	uint64_t cents_per_unit;
};

enum {
	D_PEMBRO, D_NIVO, D_BEV, D_PERTUZ, D_TRASTUZ, D_CARBO, D_PACLI, D_RITUX,
	D_DARA, D_DENOS, D_PEGF, D_DEXA, D_ONDAN,
};

static const struct drug drugs[] = {
	[D_PEMBRO]  = { "J9271", "00006302602", 200, 400, 200, 100, 40, true, true, ROUTE_CHEMO_IV, 0, 5830 },
	[D_NIVO]    = { "J9299", "00003377212", 240, 480, 240, 240, 240, true, true, ROUTE_CHEMO_IV, 0, 3120 },
	[D_BEV]     = { "J9035", "50242006001", 25, 165, 1, 10, 40, true, false, ROUTE_CHEMO_IV, 1, 8150 },
	[D_PERTUZ]  = { "J9306", "50242014501", 420, 840, 420, 420, 140, true, false, ROUTE_CHEMO_IV, 0, 1460 },
	[D_TRASTUZ] = { "J9355", "50242013401", 30, 70, 1, 15, 72, true, false, ROUTE_CHEMO_IV, 1, 11250 },
	[D_CARBO]   = { "J9045", "00703424901", 6, 18, 1, 9, 450, false, false, ROUTE_CHEMO_IV, 0, 1275 },
	[D_PACLI]   = { "J9267", "45963061301", 120, 385, 1, 300, 500, false, false, ROUTE_CHEMO_IV, 2, 35 },
	[D_RITUX]   = { "J9312", "50242005121", 60, 83, 1, 10, 100, true, false, ROUTE_CHEMO_IV, 3, 10400 },
	[D_DARA]    = { "J9145", "57894050220", 80, 160, 1, 40, 200, true, true, ROUTE_CHEMO_IV, 3, 6290 },
	[D_DENOS]   = { "J0897", "55513073001", 120, 120, 1, 120, 0, true, false, ROUTE_SUBQ_HORM, 0, 2420 },
	[D_PEGF]    = { "J2505", "55513019001", 1, 1, 1, 1, 0, true, false, ROUTE_SUBQ_INJ, 0, 620000 },
	[D_DEXA]    = { "J1100", "63323016501", 8, 20, 4, 4, 10, false, false, ROUTE_SEQ_INF, 0, 45 },
	[D_ONDAN]   = { "J2405", "00409475503", 8, 16, 8, 2, 10, false, false, ROUTE_PUSH, 0, 95 },
};

struct admin_code {
	const char *cpt;
	uint64_t cents;
};

enum { A_96413, A_96415, A_96417, A_96367, A_96375, A_96401, A_96372 };

static const struct admin_code admins[] = {
	[A_96413] = { "96413", 42000 },
	[A_96415] = { "96415", 9550 },
	[A_96417] = { "96417", 19825 },
	[A_96367] = { "96367", 8800 },
	[A_96375] = { "96375", 7240 },
	[A_96401] = { "96401", 15500 },
	[A_96372] = { "96372", 5525 },
};

/* A visit type: diagnoses (the first is principal) and drugs. */
struct regimen {
	const char *dx;          /* principal diagnosis */
	const char *dx2;         /* a further one always present, or NULL */
	char sex;                /* 'F', 'M' or 0 = either */
	signed char drug[4];     /* -1 ends */
	bool last_optional;      /* the last drug on about half the visits */
	bool premeds;            /* ondansetron push and dexamethasone infusion */
	uint32_t weight;
};

static const struct regimen regimens[] = {
	{ "C50911", NULL, 'F', { D_PERTUZ, D_TRASTUZ, D_PACLI, -1 }, true, true, 16 },
	{ "C3490", NULL, 0, { D_PEMBRO, D_CARBO, D_PACLI, -1 }, false, true, 14 },
	{ "C3490", NULL, 0, { D_PEMBRO, -1, -1, -1 }, false, false, 10 },
	{ "C3490", NULL, 0, { D_NIVO, -1, -1, -1 }, false, false, 6 },
	{ "C189", NULL, 0, { D_BEV, -1, -1, -1 }, false, true, 12 },
	{ "C61", "C7951", 'M', { D_DENOS, -1, -1, -1 }, false, false, 8 },
	{ "C9000", NULL, 0, { D_DARA, D_DENOS, -1, -1 }, true, true, 8 },
	{ "C8330", NULL, 0, { D_RITUX, -1, -1, -1 }, false, true, 8 },
	{ "C50911", "D701", 'F', { D_PEGF, -1, -1, -1 }, false, false, 6 },
	{ "C3490", "D701", 0, { D_PEGF, -1, -1, -1 }, false, false, 4 },
};

static const char *const last_names[] = {
	"SAMPLE", "EXAMPLE", "TESTCASE", "DEMO", "SYNTHETIC", "PLACEHOLDER",
	"FICTIONAL", "MOCKUP", "DUMMY", "SPECIMEN", "FIXTURE", "PROTOTYPE",
};
static const char *const first_names[] = {
	"ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL",
	"INDIA", "JULIET", "KILO", "LIMA", "MIKE", "NOVEMBER", "OSCAR", "PAPA",
	"QUEBEC", "ROMEO", "SIERRA", "TANGO", "UNIFORM", "VICTOR", "WHISKEY", "YANKEE",
};
static const char *const streets[] = {
	"TEST STREET", "SAMPLE AVENUE", "EXAMPLE ROAD", "PLACEHOLDER LANE", "DEMO BOULEVARD",
	"FIXTURE COURT", "SYNTHETIC WAY", "MOCK DRIVE",
};
static const char *const cities[] = {
	"ANYTOWN", "SAMPLEVILLE", "TESTBURG", "DEMOCITY", "EXAMPLEPORT", "FIXTUREFIELD",
};
static const char *const states[] = { "CA", "TX", "NY", "FL", "OH", "WA", "IL", "GA" };

struct payer {
	const char *name;
	const char *id;
	const char *sbr09;
};

static const struct payer payers[] = {
	{ "SYNTHETIC MEDICARE CONTRACTOR", "SYNMCR0001", "MB" },
	{ "PLACEHOLDER HEALTH PLAN", "SYNPLN0002", "CI" },
	{ "EXAMPLE MUTUAL INSURANCE", "SYNMUT0003", "CI" },
	{ "DEMO STATE MEDICAID", "SYNMCD0004", "MC" },
	{ "FICTIONAL BLUE PLAN", "SYNBLU0005", "BL" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Days per month of 2025 (service dates fall in 2025). */
static const unsigned char mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

#define ENV_DATE8 "20250602"
#define ENV_DATE6 "250602"
#define ENV_TIME "1200"

struct provider {
	char name[48];
	char npi[11];
	char ein[10];
	char street[40];
	const char *city;
	const char *state;
	char zip[10];
	const char *taxonomy;
};

/* ---------------------------------------------------------------- generator */

struct gen {
	struct out o;
	uint64_t x;               /* PRNG state */
	uint64_t claim_seq;       /* claims written so far */
	uint32_t hl;              /* last HL id in this set */
	uint32_t hl_parent;       /* current 2000A */
	uint32_t left_in_block;   /* claims until the next billing provider */
	struct provider billing[N_BILLING];
	struct provider rendering[N_RENDERING];
};

static void
digits(uint64_t *x, char *dst, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		dst[i] = (char)('0' + rnd_below(x, 10));
	dst[n] = '\0';
}

/* A 10-digit NPI with a valid check digit (Luhn over the prefix 80840). */
static void
make_npi(uint64_t *x, char *npi)
{
	unsigned sum = 24; /* the doubled/added digits of 80840 */

	npi[0] = '1';
	for (unsigned i = 1; i < 9; i++)
		npi[i] = (char)('0' + rnd_below(x, 10));
	for (unsigned i = 0; i < 9; i++) {
		unsigned d = (unsigned)(npi[i] - '0');

		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	npi[9] = (char)('0' + (10 - sum % 10) % 10);
	npi[10] = '\0';
}

static void
make_provider(struct gen *g, struct provider *p, unsigned i, bool org)
{
	static const char *const taxonomies[] = { "207RX0202X", "207RH0003X", "207RG0300X" };

	if (org)
		snprintf(p->name, sizeof p->name, "SYNTHETIC ONCOLOGY ASSOCIATES %02u", i + 1);
	else
		snprintf(p->name, sizeof p->name, "%s", last_names[rnd_below(&g->x, COUNT(last_names))]);
	make_npi(&g->x, p->npi);
	p->ein[0] = '9';
	p->ein[1] = '9';
	digits(&g->x, p->ein + 2, 7);
	snprintf(p->street, sizeof p->street, "%u EXAMPLE MEDICAL PARKWAY", 100 + 10 * i);
	p->city = cities[rnd_below(&g->x, COUNT(cities))];
	p->state = states[rnd_below(&g->x, COUNT(states))];
	digits(&g->x, p->zip, 9);
	p->zip[0] = '9';
	p->taxonomy = taxonomies[rnd_below(&g->x, COUNT(taxonomies))];
}

static void
gen_init(struct gen *g, uint64_t seed)
{
	uint64_t s = seed;

	g->x = splitmix64(&s) | 1;
	g->claim_seq = 0;
	for (unsigned i = 0; i < N_BILLING; i++)
		make_provider(g, &g->billing[i], i, true);
	for (unsigned i = 0; i < N_RENDERING; i++)
		make_provider(g, &g->rendering[i], i, false);
}

static void
write_isa(struct gen *g, uint32_t icn)
{
	struct out *o = &g->o;

	out_flush(o); /* the ISA starts a buffer: see wrap_isa() */
	o->isa_first = true;
	PUT(o, "ISA*00*          *00*          *ZZ*REMEDISYNSUB   *ZZ*REMEDISYNRCV   *"
	       ENV_DATE6 "*" ENV_TIME "*^*00501*");
	put_u_pad(o, icn, 9);
	PUT(o, "*0*T*:~");
	if (o->newline)
		put_c(o, '\n');
	PUT(o, "GS*HC*REMEDISYNSUB*REMEDISYNRCV*" ENV_DATE8 "*" ENV_TIME "*");
	put_u(o, icn);
	PUT(o, "*X*005010X222A1");
	seg_end(o);
}

static void
write_trailer(struct gen *g, uint32_t icn, uint32_t sets)
{
	struct out *o = &g->o;

	out_room(o);
	PUT(o, "GE*");
	put_u(o, sets);
	put_c(o, '*');
	put_u(o, icn);
	seg_end(o);
	PUT(o, "IEA*1*");
	put_u_pad(o, icn, 9);
	seg_end(o);
}

static void
write_st(struct gen *g, uint32_t st02, uint64_t set_no)
{
	struct out *o = &g->o;

	out_room(o);
	o->segs = 0;
	PUT(o, "ST*837*");
	put_u_pad(o, st02, 4);
	PUT(o, "*005010X222A1");
	seg_end(o);
	PUT(o, "BHT*0019*00*RMDBATCH");
	put_u_pad(o, set_no, 6);
	PUT(o, "*" ENV_DATE8 "*" ENV_TIME "*CH");
	seg_end(o);
	PUT(o, "NM1*41*2*REMEDI SYNTHETIC BILLING SERVICE*****46*REMEDISYNSUB");
	seg_end(o);
	PUT(o, "PER*IC*EDI DESK*TE*5555550100*EM*EDI@EXAMPLE.INVALID");
	seg_end(o);
	PUT(o, "NM1*40*2*SYNTHETIC CLEARINGHOUSE*****46*REMEDISYNRCV");
	seg_end(o);
	g->hl = 0;
	g->left_in_block = 0;
}

static void
write_se(struct gen *g, uint32_t st02)
{
	struct out *o = &g->o;

	out_room(o);
	PUT(o, "SE*");
	put_u(o, o->segs + 1);
	put_c(o, '*');
	put_u_pad(o, st02, 4);
	seg_end(o);
}

static void
write_billing(struct gen *g)
{
	struct out *o = &g->o;
	const struct provider *p = &g->billing[rnd_below(&g->x, N_BILLING)];

	out_room(o);
	g->hl_parent = ++g->hl;
	PUT(o, "HL*");
	put_u(o, g->hl);
	PUT(o, "**20*1");
	seg_end(o);
	PUT(o, "PRV*BI*PXC*");
	put_s(o, p->taxonomy);
	seg_end(o);
	PUT(o, "NM1*85*2*");
	put_s(o, p->name);
	PUT(o, "*****XX*");
	put(o, p->npi, 10);
	seg_end(o);
	PUT(o, "N3*");
	put_s(o, p->street);
	seg_end(o);
	PUT(o, "N4*");
	put_s(o, p->city);
	put_c(o, '*');
	put_s(o, p->state);
	put_c(o, '*');
	put(o, p->zip, 9);
	seg_end(o);
	PUT(o, "REF*EI*");
	put(o, p->ein, 9);
	seg_end(o);
}

struct line {
	const char *code;
	const char *mod;         /* NULL: none */
	uint64_t cents;
	uint32_t units;
	const struct drug *drug; /* 2410 when set */
	uint32_t qty_x10;        /* CTP04 (tenths) */
};

static void
add_admin(struct line *l, unsigned *n, unsigned which, uint32_t units)
{
	if (*n >= MAX_LINES || units == 0)
		return;
	l[*n] = (struct line){ admins[which].cpt, NULL, admins[which].cents * units, units, NULL, 0 };
	(*n)++;
}

static uint32_t
pkg_qty_x10(const struct drug *d, uint32_t units)
{
	if (d->pkg_ml_x10)
		return units * d->pkg_ml_x10 / d->pkg_units;
	return (units + d->pkg_units - 1) / d->pkg_units * 10;
}

/* Drug lines for one dose: JZ when nothing is discarded, else a JW line for the rest. */
static void
add_drug(struct gen *g, struct line *l, unsigned *n, const struct drug *d)
{
	uint32_t steps = (d->units_hi - d->units_lo) / d->units_step;
	uint32_t units = d->units_lo + d->units_step * rnd_below(&g->x, steps + 1);
	uint32_t pkgs = (units + d->pkg_units - 1) / d->pkg_units;
	uint32_t waste = pkgs * d->pkg_units - units;

	if (*n + 2 > MAX_LINES)
		return;
	l[*n] = (struct line){ d->hcpcs, NULL, d->cents_per_unit * units, units, d, pkg_qty_x10(d, units) };
	if (!d->single_dose) {
		(*n)++;
		return;
	}
	if (waste == 0) {
		l[(*n)++].mod = "JZ";
		return;
	}
	(*n)++;
	l[*n] = (struct line){ d->hcpcs, "JW", d->cents_per_unit * waste, waste, d, pkg_qty_x10(d, waste) };
	(*n)++;
}

static const struct regimen *
pick_regimen(struct gen *g)
{
	uint32_t total = 0, r;

	for (size_t i = 0; i < COUNT(regimens); i++)
		total += regimens[i].weight;
	r = rnd_below(&g->x, total);
	for (size_t i = 0; i < COUNT(regimens); i++) {
		if (r < regimens[i].weight)
			return &regimens[i];
		r -= regimens[i].weight;
	}
	return &regimens[0];
}

static void
put_date(struct out *o, unsigned year, unsigned month, unsigned day)
{
	put_u(o, year);
	put_u_pad(o, month, 2);
	put_u_pad(o, day, 2);
}

static void
write_claim(struct gen *g)
{
	struct out *o = &g->o;
	const struct regimen *rg = pick_regimen(g);
	const struct payer *py = &payers[rnd_below(&g->x, COUNT(payers))];
	const struct provider *doc = &g->rendering[rnd_below(&g->x, N_RENDERING)];
	struct line lines[MAX_LINES];
	const char *dx[MAX_DX];
	unsigned nl = 0, ndx = 0, ndrugs = 0, month, day, doy;
	bool chemo = false, immuno = false;
	uint64_t total = 0, seq = ++g->claim_seq;
	char sex;

	/* which drugs: the regimen, the last one on about half the visits */
	const struct drug *given[4];
	for (unsigned i = 0; i < 4 && rg->drug[i] >= 0; i++)
		given[ndrugs++] = &drugs[rg->drug[i]];
	if (rg->last_optional && ndrugs > 1 && chance(&g->x, 50))
		ndrugs--;

	/* administration codes first, then the drugs */
	for (unsigned i = 0; i < ndrugs; i++) {
		const struct drug *d = given[i];

		switch (d->route) {
		case ROUTE_CHEMO_IV:
			add_admin(lines, &nl, chemo ? A_96417 : A_96413, 1);
			if (!chemo)
				add_admin(lines, &nl, A_96415, rnd_below(&g->x, d->extra_hours + 1));
			chemo = true;
			immuno = immuno || d->immuno;
			break;
		case ROUTE_SUBQ_HORM:
			add_admin(lines, &nl, A_96401, 1);
			break;
		case ROUTE_SUBQ_INJ:
			add_admin(lines, &nl, A_96372, 1);
			break;
		case ROUTE_PUSH:
			add_admin(lines, &nl, A_96375, 1);
			break;
		case ROUTE_SEQ_INF:
			add_admin(lines, &nl, A_96367, 1);
			break;
		}
	}
	if (rg->premeds && chemo) {
		add_admin(lines, &nl, A_96375, 1);
		add_admin(lines, &nl, A_96367, 1);
	}
	for (unsigned i = 0; i < ndrugs; i++)
		add_drug(g, lines, &nl, given[i]);
	if (rg->premeds && chemo) {
		add_drug(g, lines, &nl, &drugs[D_ONDAN]);
		add_drug(g, lines, &nl, &drugs[D_DEXA]);
	}
	for (unsigned i = 0; i < nl; i++)
		total += lines[i].cents;

	dx[ndx++] = rg->dx;
	if (chemo)
		dx[ndx++] = immuno && !chance(&g->x, 30) ? "Z5112" : "Z5111";
	if (rg->dx2)
		dx[ndx++] = rg->dx2;
	if (chance(&g->x, 15))
		dx[ndx++] = "D630";

	sex = rg->sex ? rg->sex : (chance(&g->x, 50) ? 'F' : 'M');
	doy = rnd_below(&g->x, 150);
	for (month = 0; doy >= mdays[month]; month++)
		doy -= mdays[month];
	day = doy + 1;
	month++;

	/* 2000B subscriber, 2010BA, 2010BB */
	if (g->left_in_block == 0) {
		write_billing(g);
		g->left_in_block = rnd_range(&g->x, 50, 400);
	}
	g->left_in_block--;
	out_room(o);
	PUT(o, "HL*");
	put_u(o, ++g->hl);
	put_c(o, '*');
	put_u(o, g->hl_parent);
	PUT(o, "*22*0");
	seg_end(o);
	PUT(o, "SBR*P*18*");
	if (py->sbr09[0] != 'M') {
		PUT(o, "GRP");
		put_u_pad(o, rnd_below(&g->x, 100000), 5);
	}
	PUT(o, "******");
	put_s(o, py->sbr09);
	seg_end(o);
	PUT(o, "NM1*IL*1*");
	put_s(o, last_names[rnd_below(&g->x, COUNT(last_names))]);
	put_c(o, '*');
	put_s(o, first_names[rnd_below(&g->x, COUNT(first_names))]);
	PUT(o, "****MI*SYN");
	put_u_pad(o, rnd_below(&g->x, 1000000000u), 9);
	seg_end(o);
	PUT(o, "N3*");
	put_u(o, rnd_range(&g->x, 1, 9999));
	put_c(o, ' ');
	put_s(o, streets[rnd_below(&g->x, COUNT(streets))]);
	seg_end(o);
	PUT(o, "N4*");
	put_s(o, cities[rnd_below(&g->x, COUNT(cities))]);
	put_c(o, '*');
	put_s(o, states[rnd_below(&g->x, COUNT(states))]);
	PUT(o, "*9");
	put_u_pad(o, rnd_below(&g->x, 10000), 4);
	seg_end(o);
	PUT(o, "DMG*D8*");
	{
		/* one draw per statement: argument evaluation order is unspecified */
		unsigned y = rnd_range(&g->x, 1935, 1975);
		unsigned m = rnd_range(&g->x, 1, 12);

		put_date(o, y, m, rnd_range(&g->x, 1, 28));
	}
	put_c(o, '*');
	put_c(o, sex);
	seg_end(o);
	PUT(o, "NM1*PR*2*");
	put_s(o, py->name);
	PUT(o, "*****PI*");
	put_s(o, py->id);
	seg_end(o);

	/* 2300 claim */
	out_room(o);
	PUT(o, "CLM*RMD");
	put_u_pad(o, seq, 10);
	put_c(o, '*');
	put_dec(o, total, 2);
	PUT(o, "***11:B:1*Y*A*Y*Y");
	seg_end(o);
	if (chance(&g->x, 35)) {
		PUT(o, "REF*G1*PA");
		put_u_pad(o, rnd_below(&g->x, 100000000u), 8);
		seg_end(o);
	}
	PUT(o, "HI");
	for (unsigned i = 0; i < ndx; i++) {
		if (i == 0)
			PUT(o, "*ABK:");
		else
			PUT(o, "*ABF:");
		put_s(o, dx[i]);
	}
	seg_end(o);
	PUT(o, "NM1*82*1*");
	put_s(o, doc->name);
	PUT(o, "*PROVIDER****XX*");
	put(o, doc->npi, 10);
	seg_end(o);
	PUT(o, "PRV*PE*PXC*");
	put_s(o, doc->taxonomy);
	seg_end(o);

	/* 2400 service lines, 2410 drug identification */
	for (unsigned i = 0; i < nl; i++) {
		const struct line *l = &lines[i];

		out_room(o);
		PUT(o, "LX*");
		put_u(o, i + 1);
		seg_end(o);
		PUT(o, "SV1*HC:");
		put_s(o, l->code);
		if (l->mod) {
			put_c(o, ':');
			put_s(o, l->mod);
		}
		put_c(o, '*');
		put_dec(o, l->cents, 2);
		PUT(o, "*UN*");
		put_u(o, l->units);
		PUT(o, "***");
		put_c(o, '1');
		if (ndx > 1)
			PUT(o, ":2");
		seg_end(o);
		PUT(o, "DTP*472*D8*");
		put_date(o, 2025, month, day);
		seg_end(o);
		PUT(o, "REF*6R*RMD");
		put_u_pad(o, seq, 10);
		put_c(o, 'L');
		put_u_pad(o, i + 1, 2);
		seg_end(o);
		if (l->drug) {
			PUT(o, "LIN**N4*");
			put_s(o, l->drug->ndc);
			seg_end(o);
			PUT(o, "CTP****");
			put_dec(o, l->qty_x10, 1);
			if (l->drug->pkg_ml_x10)
				PUT(o, "*ML");
			else
				PUT(o, "*UN");
			seg_end(o);
		}
	}
}

/* ---------------------------------------------------------------- driver */

struct options {
	uint64_t claims;         /* 0: from size */
	uint64_t size;
	uint32_t sets;
	uint32_t interchanges;
	unsigned wrap;
	uint64_t seed;
	bool newline;
};

static void
generate(struct gen *g, const struct options *opt)
{
	uint64_t set_no = 0, claims_left = opt->claims;
	uint32_t sets_left = opt->sets;

	for (uint32_t ic = 1; ic <= opt->interchanges; ic++) {
		uint32_t isets = sets_left / (opt->interchanges - ic + 1);

		write_isa(g, ic);
		for (uint32_t s = 1; s <= isets; s++) {
			uint64_t n = claims_left / sets_left;

			write_st(g, s, ++set_no);
			for (uint64_t c = 0; c < n; c++)
				write_claim(g);
			write_se(g, s);
			claims_left -= n;
			sets_left--;
		}
		write_trailer(g, ic, isets);
	}
	out_flush(&g->o);
}

/* Bytes per claim, from a sample run that writes nothing. */
static uint64_t
claims_for_size(const struct options *opt, char *buf, char *wbuf)
{
	struct gen *g = calloc(1, sizeof *g);
	uint64_t bytes, n;

	if (!g)
		return 0;
	g->o = (struct out){ .buf = buf, .wbuf = wbuf, .wrap = opt->wrap, .newline = opt->newline };
	gen_init(g, opt->seed);
	write_st(g, 1, 1);
	for (unsigned i = 0; i < PILOT_CLAIMS; i++)
		write_claim(g);
	out_flush(&g->o);
	bytes = g->o.written;
	free(g);
	n = opt->size / (bytes / PILOT_CLAIMS + 1);
	return n ? n : 1;
}

/* "123", "100M", "1G" (powers of 1000) or "64MiB" (powers of 1024). */
static bool
parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return false;
	if (*end) {
		bool bin = strcmp(end + 1, "iB") == 0 || strcmp(end + 1, "i") == 0;
		uint64_t k = bin ? 1024 : 1000;

		if (end[1] && !bin && strcmp(end + 1, "B") != 0)
			return false;
		switch (end[0]) {
		case 'k': case 'K': mul = k; break;
		case 'm': case 'M': mul = k * k; break;
		case 'g': case 'G': mul = k * k * k; break;
		default: return false;
		}
	}
	if (v > UINT64_MAX / mul)
		return false;
	*out = v * mul;
	return true;
}

static bool
parse_u32(const char *s, uint32_t *out, uint32_t lo)
{
	uint64_t v;

	if (!parse_size(s, &v) || v < lo || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: remedi-gen837 (--claims N | --size BYTES) [options] > FILE\n"
		"\n"
		"Writes a synthetic oncology 837P (005010X222A1) file to standard output.\n"
		"The same arguments always give the same bytes.\n"
		"\n"
		"  --claims N         number of claims\n"
		"  --size BYTES       approximate output size instead (100M, 1G = powers of\n"
		"                     1000; 64MiB = powers of 1024)\n"
		"  --sets K           ST/SE transaction sets, claims spread evenly (default 1)\n"
		"  --interchanges I   ISA/IEA interchanges, sets spread evenly (default 1)\n"
		"  --wrap COLS        break lines every COLS columns, inside segments too\n"
		"                     (COLS >= 8)\n"
		"  --seed S           PRNG seed (default 1)\n"
		"  --newline          line feed after each segment terminator (default)\n"
		"  --no-newline       the whole file on one line (unless --wrap)\n"
		"  -h, --help         this text\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "claims", required_argument, NULL, 'c' },
		{ "size", required_argument, NULL, 's' },
		{ "sets", required_argument, NULL, 'k' },
		{ "interchanges", required_argument, NULL, 'i' },
		{ "wrap", required_argument, NULL, 'w' },
		{ "seed", required_argument, NULL, 'r' },
		{ "newline", no_argument, NULL, 'n' },
		{ "no-newline", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct options opt = { .sets = 1, .interchanges = 1, .seed = 1, .newline = true };
	struct gen *g = NULL;
	char *buf = NULL, *wbuf = NULL;
	uint32_t wrap = 0;
	int c, status = 1;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		bool ok = true;

		switch (c) {
		case 'c': ok = parse_size(optarg, &opt.claims) && opt.claims > 0; break;
		case 's': ok = parse_size(optarg, &opt.size) && opt.size > 0; break;
		case 'k': ok = parse_u32(optarg, &opt.sets, 1); break;
		case 'i': ok = parse_u32(optarg, &opt.interchanges, 1) && opt.interchanges <= 999999999u; break;
		case 'w': ok = parse_u32(optarg, &wrap, 8) && wrap <= 1000000u; break;
		case 'r': ok = parse_size(optarg, &opt.seed); break;
		case 'n': opt.newline = true; break;
		case 'N': opt.newline = false; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 3;
		}
		if (!ok) {
			const char *name = "?";

			for (const struct option *lo = longopts; lo->name; lo++)
				if (lo->val == c)
					name = lo->name;
			fprintf(stderr, "remedi-gen837: bad value '%s' for --%s\n", optarg, name);
			return 3;
		}
	}
	opt.wrap = wrap;
	if (optind < argc || (opt.claims == 0) == (opt.size == 0)) {
		fprintf(stderr, "remedi-gen837: give exactly one of --claims N or --size BYTES\n");
		usage(stderr);
		return 3;
	}
	if (opt.sets < opt.interchanges)
		opt.sets = opt.interchanges; /* every interchange holds at least one set */

	buf = malloc(OUT_CAP);
	wbuf = malloc(OUT_CAP + OUT_CAP / 8 * 2 + 256);
	g = calloc(1, sizeof *g);
	if (!buf || !wbuf || !g) {
		fprintf(stderr, "remedi-gen837: out of memory\n");
		goto out;
	}
	if (opt.size) {
		opt.claims = claims_for_size(&opt, buf, wbuf);
		if (opt.claims < opt.sets)
			opt.claims = opt.sets;
	}
	if (opt.claims < opt.sets) {
		fprintf(stderr, "remedi-gen837: %" PRIu64 " claims cannot fill %" PRIu32 " transaction sets\n",
			opt.claims, opt.sets);
		status = 3;
		goto out;
	}

	g->o = (struct out){ .buf = buf, .wbuf = wbuf, .f = stdout, .wrap = opt.wrap,
			     .newline = opt.newline };
	gen_init(g, opt.seed);
	generate(g, &opt);
	if (g->o.failed || fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "remedi-gen837: write error: %s\n", strerror(errno));
		goto out;
	}
	status = 0;
out:
	free(g);
	free(wbuf);
	free(buf);
	return status;
}
