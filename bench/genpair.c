/*
 * genpair.c - a matching pair of synthetic files for the store: an 837P of
 * N claims and the 835 that answers every one of them, for the claim-store
 * benchmark (import + match, bench/run-store.sh) and the kill test
 * (tests/remit/kill.sh).
 *
 *   remedi-genpair N OUT.837 OUT.835 [--seed S]
 *
 * Each claim K00000001.. has two lines (96413 and J9045 x units), REF*6R on
 * both, one payer (GENPAYER, id GENPAY01).  The 835 pays each claim with a
 * contractual CO-45 and coinsurance PR-2 per line, so every identity of the
 * 835 balances (line, claim, BPR02 = sum CLP04).  Names and ids are invented.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 88172645463325252ull;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
money(char *buf, size_t size, int64_t cents)
{
	if (cents % 100)
		snprintf(buf, size, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
	else
		snprintf(buf, size, "%lld", (long long)(cents / 100));
}

struct claim {
	unsigned units;
	int64_t c1, c2, paid1, paid2, pr1, pr2;
};

static void
claim_of(unsigned k, struct claim *c)
{
	(void)k;
	c->units = 1 + (unsigned)(next() % 20);
	c->c1 = 30000;
	c->c2 = (int64_t)c->units * 2500;
	c->pr1 = 5000;
	c->paid1 = 20000;
	c->pr2 = (int64_t)c->units * 400;
	c->paid2 = (int64_t)c->units * 1600;
}

int
main(int argc, char **argv)
{
	FILE *f837, *f835;
	unsigned long n;
	uint64_t seed = 1;
	int64_t total = 0;
	unsigned long segs;
	char a[32], b[32], d[32], e[32];

	if (argc != 4 && !(argc == 6 && strcmp(argv[4], "--seed") == 0)) {
		fprintf(stderr, "usage: remedi-genpair N OUT.837 OUT.835 [--seed S]\n");
		return 3;
	}
	n = strtoul(argv[1], NULL, 10);
	if (argc == 6)
		seed = strtoull(argv[5], NULL, 10);
	if (n == 0 || n > 99999999) {
		fprintf(stderr, "remedi-genpair: N must be 1..99999999\n");
		return 3;
	}
	if (!(f837 = fopen(argv[2], "w")) || !(f835 = fopen(argv[3], "w"))) {
		perror("remedi-genpair");
		return 2;
	}
	/* the 835 needs BPR02 before its claims: one pass for the total */
	rng = 88172645463325252ull ^ seed;
	for (unsigned long k = 1; k <= n; k++) {
		struct claim c;

		claim_of((unsigned)k, &c);
		total += c.paid1 + c.paid2;
	}

	fputs("ISA*00*          *00*          *ZZ*GENSUB01       *ZZ*GENRCV01       *250106*1030*^*00501*000000501*0*T*:~\n"
	      "GS*HC*GENSUB01*GENRCV01*20250106*1030*501*X*005010X222A1~\n"
	      "ST*837*0001*005010X222A1~\nBHT*0019*00*GENBATCH*20250106*1030*CH~\n"
	      "NM1*41*2*GEN ONCOLOGY*****46*GENSUB01~\nPER*IC*GEN BILLING*TE*5555550100~\n"
	      "NM1*40*2*GEN CLEARINGHOUSE*****46*GENRCV01~\nHL*1**20*1~\nPRV*BI*PXC*207RX0202X~\n"
	      "NM1*85*2*GEN ONCOLOGY*****XX*1999990017~\nN3*1 GEN AVENUE~\nN4*TESTVILLE*OH*432150001~\n"
	      "REF*EI*991234567~\n", f837);
	segs = 12;
	fputs("ISA*00*          *00*          *ZZ*GENPAY01       *ZZ*GENSUB01       *250120*1030*^*00501*000000502*0*T*:~\n"
	      "GS*HP*GENPAY01*GENSUB01*20250120*1030*502*X*005010X221A1~\nST*835*0001~\n", f835);
	money(a, sizeof a, total);
	fprintf(f835, "BPR*I*%s*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*021000021*DA*987654321*20250120~\n", a);
	fputs("TRN*1*GENEFT0001*1512345678~\nDTM*405*20250120~\nN1*PR*GENPAYER~\nN3*PO BOX 1~\n"
	      "N4*TESTVILLE*OH*43215~\nREF*2U*GENPAY01~\nPER*BL*GEN EDI*TE*5555550199~\n"
	      "N1*PE*GEN ONCOLOGY*XX*1999990017~\nN3*1 GEN AVENUE~\nN4*TESTVILLE*OH*432150001~\n"
	      "REF*TJ*991234567~\nLX*1~\n", f835);
	unsigned long segs835 = 14;

	rng = 88172645463325252ull ^ seed;
	for (unsigned long k = 1; k <= n; k++) {
		struct claim c;
		char id[16];

		claim_of((unsigned)k, &c);
		snprintf(id, sizeof id, "K%08lu", k);
		money(a, sizeof a, c.c1 + c.c2);
		money(b, sizeof b, c.c2);
		fprintf(f837,
			"HL*%lu*1*22*0~\nSBR*P*18*******CI~\nNM1*IL*1*GENPATIENT*P%lu****MI*XGEN%lu~\n"
			"N3*1 TEST STREET~\nN4*TESTVILLE*OH*43215~\nDMG*D8*19600101*F~\n"
			"NM1*PR*2*GENPAYER*****PI*GENPAY01~\nCLM*%s*%s***11:B:1*Y*A*Y*Y~\nHI*ABK:C50911*ABF:Z5111~\n"
			"LX*1~\nSV1*HC:96413*300*UN*1***1~\nDTP*472*D8*20250102~\nREF*6R*%s-1~\n"
			"LX*2~\nSV1*HC:J9045*%s*UN*%u***1~\nDTP*472*D8*20250102~\nREF*6R*%s-2~\n",
			k + 1, k, k, id, a, id, b, c.units, id);
		segs += 17;
		money(d, sizeof d, c.paid1 + c.paid2);
		money(e, sizeof e, c.pr1 + c.pr2);
		fprintf(f835, "CLP*%s*1*%s*%s*%s*12*GEN%08lu*11*1~\nNM1*QC*1*GENPATIENT*P%lu****MI*XGEN%lu~\n", id, a, d,
			e, k, k, k);
		fprintf(f835, "SVC*HC:96413*300*200**1~\nDTM*472*20250102~\nCAS*CO*45*50~\nCAS*PR*2*50~\nREF*6R*%s-1~\n", id);
		money(a, sizeof a, c.paid2);
		money(d, sizeof d, c.c2 - c.paid2 - c.pr2);
		money(e, sizeof e, c.pr2);
		fprintf(f835, "SVC*HC:J9045*%s*%s**%u~\nDTM*472*20250102~\nCAS*CO*45*%s~\nCAS*PR*2*%s~\nREF*6R*%s-2~\n", b, a,
			c.units, d, e, id);
		segs835 += 12;
	}
	fprintf(f837, "SE*%lu*0001~\nGE*1*501~\nIEA*1*000000501~\n", segs);
	fprintf(f835, "SE*%lu*0001~\nGE*1*502~\nIEA*1*000000502~\n", segs835 + 1);
	if (fclose(f837) != 0 || fclose(f835) != 0) {
		perror("remedi-genpair");
		return 2;
	}
	return 0;
}
