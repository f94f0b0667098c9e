/*
 * test-rules.c - every oncology rule against a claim that must fire it and
 * a near miss that must not, read like the catalogue
 * (research/oncology-edits.md): rule id, scenario, expected finding.
 *
 * Each case is one synthetic claim: the 837P (or 837I) envelope and
 * hierarchy of the samples, SBR09, CLM05, the HI codes and the service
 * lines.  Lines are separated by '|'; each gets its LX and, unless it has
 * one (or says "!nodate"), a DTP*472 with the case's date of service.
 * CLM02 is the sum of the line charges unless the case overrides it.  The
 * claim goes through the record stream and the engine with the built-in
 * pack and seeds plus the hand-made PTP, MUE and crosswalk fixtures.
 *
 *   test-rules FIXTURE_DIR [PACK_DIR]
 */
#include "edits.h"
#include "harness.h"
#include "records.h"
#include "testutil.h"
#include "txset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct tcase {
	const char *rule;
	const char *scenario;
	bool fires;
	const char *sev;        /* expected severity when it fires, NULL: any */
	char kind;              /* 'P' (default) or 'I' */
	const char *sbr09;      /* default MB */
	const char *clm05;      /* default 11:B:1 (P) / 13:A:1 (I) */
	const char *claim_extra;/* segments right after CLM */
	const char *hi;         /* default HI*ABK:Z5111*ABF:C50911~ */
	const char *lines;
	const char *dos;        /* default 20251015 */
	const char *charge;     /* CLM02, default the sum */
};

#define FIRE(id, scen) .rule = id, .scenario = scen, .fires = true
#define MISS(id, scen) .rule = id, .scenario = scen, .fires = false

static const struct tcase cases[] = {
	/* ---- ONC-ADMIN */
	{ FIRE("ONC-ADMIN-001", "96413 and 96374 in one encounter, no XS/XE"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96374*150*UN*1***2~" },
	{ MISS("ONC-ADMIN-001", "96413 with its push add-on 96375"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96375*150*UN*1***2~" },
	{ MISS("ONC-ADMIN-001", "S18: 96413 and 96365-XS (second IV site documented)"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96365:XS*400*UN*1***2~" },
	{ FIRE("ONC-ADMIN-002", "96415 after 96365, no chemotherapy initial code"), .sev = "error",
	  .lines = "SV1*HC:96365*400*UN*1***1~|SV1*HC:96415*200*UN*1***1~" },
	{ MISS("ONC-ADMIN-002", "96415 after 96413"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96415*200*UN*1***1~" },
	{ FIRE("ONC-ADMIN-003", "96367 alone"), .sev = "error", .lines = "SV1*HC:96367*180*UN*1***2~" },
	{ MISS("ONC-ADMIN-003", "96367 after 96413"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96367*180*UN*1***2~" },
	{ FIRE("ONC-ADMIN-004", "96360 beside 96413"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96360*160*UN*1***2~" },
	{ FIRE("ONC-ADMIN-004", "S03 837I: 96365 beside 96413 (TOB 131)"), .kind = 'I',
	  .lines = "SV2*0260*HC:96365*400*UN*1~|SV2*0335*HC:96413*1800*UN*1~|SV2*0636*HC:J9267*300*UN*300~" },
	{ MISS("ONC-ADMIN-004", "96361 beside 96413"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96361*160*UN*1***2~" },
	{ FIRE("ONC-ADMIN-005", "96413 with 3 units"), .sev = "error", .lines = "SV1*HC:96413*2700*UN*3***1~" },
	{ FIRE("ONC-ADMIN-005", "96368 twice in one encounter"),
	  .lines = "SV1*HC:96365*400*UN*1***1~|SV1*HC:96368*240*UN*2***1~" },
	{ MISS("ONC-ADMIN-005", "96413 x1 and 96415 x2"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96415*400*UN*2***1~" },
	{ FIRE("ONC-ADMIN-006", "96417 x2 with two drugs"), .sev = "warning",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96417*600*UN*2***1~|SV1*HC:J9045:JZ*100*UN*9***1~"
		   "|SV1*HC:J9267*100*UN*300***1~" },
	{ MISS("ONC-ADMIN-006", "96417 x1 with two drugs"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96417*300*UN*1***1~|SV1*HC:J9045:JZ*100*UN*9***1~"
		   "|SV1*HC:J9267*100*UN*300***1~" },
	{ FIRE("ONC-ADMIN-007", "S17: 96413 with fosaprepitant and palonosetron only"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J1453*150*UN*150***1~|SV1*HC:J2469*100*UN*10***1~" },
	{ FIRE("ONC-ADMIN-007", "96413 with no drug line at all"), .sev = "warning",
	  .lines = "SV1*HC:96413*900*UN*1***1~" },
	{ MISS("ONC-ADMIN-007", "96413 with pembrolizumab"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~" },
	{ FIRE("ONC-ADMIN-008", "pembrolizumab with 96365"), .sev = "warning",
	  .lines = "SV1*HC:96365*400*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~" },
	{ MISS("ONC-ADMIN-008", "pembrolizumab with 96413"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~" },
	{ FIRE("ONC-ADMIN-009", "S10: leuprolide with 96372"), .sev = "warning", .hi = "HI*ABK:C61~",
	  .lines = "SV1*HC:96372*30*UN*1***1~|SV1*HC:J9217*300*UN*3***1~" },
	{ FIRE("ONC-ADMIN-009", "96401 with IV-only pembrolizumab"), .sev = "error",
	  .lines = "SV1*HC:96401*60*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~" },
	{ MISS("ONC-ADMIN-009", "S10: leuprolide with 96402"), .hi = "HI*ABK:C61~",
	  .lines = "SV1*HC:96402*60*UN*1***1~|SV1*HC:J9217*300*UN*3***1~" },
	{ FIRE("ONC-ADMIN-010", "S07: port flush 96523 with 96413"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96523*60*UN*1***1~" },
	{ FIRE("ONC-ADMIN-010", "S07: port draw 36591 with 96413"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:36591*40*UN*1***1~" },
	{ MISS("ONC-ADMIN-010", "S07: port flush alone"), .hi = "HI*ABK:Z452*ABF:C50911~",
	  .lines = "SV1*HC:96523*60*UN*1***1~" },
	{ MISS("ONC-ADMIN-010", "port draw with a laboratory test"),
	  .lines = "SV1*HC:36591*40*UN*1***1~|SV1*HC:85025*20*UN*1***1~" },
	{ FIRE("ONC-ADMIN-011", "G0498 and 96416 the same day"), .sev = "error",
	  .lines = "SV1*HC:G0498*700*UN*1***1~|SV1*HC:96416*300*UN*1***1~" },
	{ MISS("ONC-ADMIN-011", "G0498 with fluorouracil by pump"),
	  .lines = "SV1*HC:G0498*700*UN*1***1~|SV1*HC:J9190*50*UN*5***1~" },
	{ MISS("ONC-ADMIN-011", "G0498 and 96416 for a commercial payer (Medicare-only rule)"), .sbr09 = "CI",
	  .lines = "SV1*HC:G0498*700*UN*1***1~|SV1*HC:96416*300*UN*1***1~" },
	{ FIRE("ONC-ADMIN-012", "S15: 99211-25 with 96413"), .sev = "error",
	  .lines = "SV1*HC:99211:25*30*UN*1***2~|SV1*HC:96413*900*UN*1***1~" },
	{ MISS("ONC-ADMIN-012", "99214-25 with 96413"),
	  .lines = "SV1*HC:99214:25*180*UN*1***2~|SV1*HC:96413*900*UN*1***1~" },
	{ FIRE("ONC-ADMIN-013", "S12: 96413 in place of service 22"), .sev = "error", .clm05 = "22:B:1",
	  .lines = "SV1*HC:96413*900*UN*1***1~" },
	{ MISS("ONC-ADMIN-013", "96413 in the office (POS 11)"), .lines = "SV1*HC:96413*900*UN*1***1~" },

	/* ---- ONC-CLM */
	{ FIRE("ONC-CLM-001", "96413 twice on one date (MUE 1, MAI 2 in the fixture)"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96413:XE*900*UN*1***1~" },
	{ FIRE("ONC-CLM-001", "carboplatin 95 units over an MUE of 90 (MAI 3: warning)"), .sev = "warning",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9045:JZ*100*UN*95***1~" },
	{ MISS("ONC-CLM-001", "96413 once"), .lines = "SV1*HC:96413*900*UN*1***1~" },
	{ FIRE("ONC-CLM-002", "CLM02 1200 with lines of 900 and 350"), .sev = "error", .charge = "1200",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96415*350*UN*1***1~" },
	{ MISS("ONC-CLM-002", "CLM02 1250 with lines of 900 and 350"), .charge = "1250",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96415*350*UN*1***1~" },
	{ FIRE("ONC-CLM-003", "837P line without DTP*472"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~!nodate" },
	{ FIRE("ONC-CLM-003", "837I line date after the statement period"), .kind = 'I',
	  .claim_extra = "DTP*434*RD8*20250301-20250331~", .dos = "20250402",
	  .lines = "SV2*0335*HC:96413*1800*UN*1~" },
	{ MISS("ONC-CLM-003", "837I line date inside the statement period"), .kind = 'I',
	  .claim_extra = "DTP*434*RD8*20250301-20250331~", .dos = "20250304",
	  .lines = "SV2*0335*HC:96413*1800*UN*1~" },
	{ FIRE("ONC-CLM-004", "pembrolizumab in minutes (MJ)"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*MJ*200***1~" },
	{ MISS("ONC-CLM-004", "pembrolizumab in units"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~" },
	{ FIRE("ONC-CLM-005", "drug on 20251015, its administration on 20251016"), .sev = "warning",
	  .lines = "SV1*HC:96413*900*UN*1***1~DTP*472*D8*20251016~|SV1*HC:J9271:JZ*11900*UN*200***1~" },
	{ MISS("ONC-CLM-005", "drug and administration the same day"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~" },

	/* ---- ONC-DRUG */
	{ FIRE("ONC-DRUG-001", "S11: Medicaid pembrolizumab without NDC"), .sev = "error", .sbr09 = "MC",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271*11900*UN*200***1~" },
	{ FIRE("ONC-DRUG-001", "commercial pembrolizumab without NDC"), .sev = "warning", .sbr09 = "CI",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271*11900*UN*200***1~" },
	{ MISS("ONC-DRUG-001", "Medicaid pembrolizumab with LIN and CTP"), .sbr09 = "MC",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271*11900*UN*200***1~LIN**N4*99999000101~CTP****2*UN~" },
	{ FIRE("ONC-DRUG-002", "S11 variant: NDC 0006-3026-02 with hyphens"), .sev = "error", .sbr09 = "MC",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271*11900*UN*200***1~LIN**N4*0006-3026-02~CTP****2*UN~" },
	{ FIRE("ONC-DRUG-002", "CTP quantity 0"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~LIN**N4*99999000101~CTP****0*UN~" },
	{ FIRE("ONC-DRUG-002", "LIN without CTP (reported once, not also as X12-801)"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~LIN**N4*99999000101~" },
	{ MISS("ONC-DRUG-002", "11-digit NDC, 2 UN"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~LIN**N4*99999000101~CTP****2*UN~" },
	{ FIRE("ONC-DRUG-003", "S04: bevacizumab-awwb NDC billed as J9035"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9035:JZ*3000*UN*40***1~LIN**N4*99999000201~CTP****4*UN~" },
	{ MISS("ONC-DRUG-003", "bevacizumab-awwb NDC billed as Q5107"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:Q5107:JZ*3000*UN*40***1~LIN**N4*99999000201~CTP****4*UN~" },
	{ FIRE("ONC-DRUG-004", "S04: biosimilar NDC under the reference code J9035"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9035:JZ*3000*UN*40***1~LIN**N4*99999000201~CTP****4*UN~" },
	{ FIRE("ONC-DRUG-004", "trastuzumab-anns NDC billed as J9355"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9355:JZ*3000*UN*15***1~LIN**N4*99999000501~CTP****1*UN~" },
	{ MISS("ONC-DRUG-004", "reference bevacizumab NDC billed as J9035"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9035:JZ*3000*UN*40***1~LIN**N4*99999000301~CTP****4*UN~" },
	{ FIRE("ONC-DRUG-005", "pembrolizumab units reported as vials (2 for 200 mg)"), .sev = "warning",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*2***1~LIN**N4*99999000101~CTP****2*UN~" },
	{ MISS("ONC-DRUG-005", "pembrolizumab 200 units from 2 x 100 mg vials"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~LIN**N4*99999000101~CTP****2*UN~" },
	{ MISS("ONC-DRUG-005", "S06: trastuzumab 42 + JW 3 from three 150 mg vials"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9355*3000*UN*42***1~LIN**N4*99999000401~CTP****3*UN~"
		   "|SV1*HC:J9355:JW*300*UN*3***1~LIN**N4*99999000401~CTP****3*UN~" },
	{ FIRE("ONC-DRUG-006", "rituximab J9312 x6 (the 100 mg basis of J9310)"), .sev = "warning", .dos = "20240110",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9312:JZ*600*UN*6***1~" },
	{ MISS("ONC-DRUG-006", "rituximab J9312 x60 (600 mg)"), .dos = "20240110",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9312:JZ*6000*UN*60***1~" },
	{ FIRE("ONC-DRUG-007", "carboplatin 8.6 units"), .sev = "warning",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9045:JZ*100*UN*8.6***1~" },
	{ FIRE("ONC-DRUG-007", "carboplatin 0 units"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9045:JZ*100*UN*0***1~" },
	{ MISS("ONC-DRUG-007", "carboplatin 9 units"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9045:JZ*100*UN*9***1~" },
	{ FIRE("ONC-DRUG-008", "J9999 without description or NDC"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9999*500*UN*1***1~" },
	{ FIRE("ONC-DRUG-008", "J9999 for an NDC that has the specific code J9271"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9999:JZ::::TESTDRUG 100 MG IV*500*UN*1***1~"
		   "LIN**N4*99999000101~CTP****1*UN~" },
	{ MISS("ONC-DRUG-008", "J9999 with description and NDC"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9999:JZ::::NEWDRUG 100 MG IV*500*UN*1***1~"
		   "LIN**N4*99999009901~CTP****1*UN~" },
	{ FIRE("ONC-DRUG-009", "S12: Medicare drug line in POS 22 (error for Medicare)"), .sev = "error",
	  .lines = "SV1*HC:J9271:JZ*11900*UN*200*22**1~" },
	{ FIRE("ONC-DRUG-009", "commercial drug line in POS 22 (warning)"), .sev = "warning", .sbr09 = "CI",
	  .lines = "SV1*HC:J9271:JZ*11900*UN*200*22**1~" },
	{ MISS("ONC-DRUG-009", "drug line in POS 11"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200*11**1~" },
	{ FIRE("ONC-DRUG-010", "pegfilgrastim alone"), .sev = "warning", .lines = "SV1*HC:J2506*4000*UN*12***1~" },
	{ MISS("ONC-DRUG-010", "pegfilgrastim with 96372"),
	  .lines = "SV1*HC:96372*30*UN*1***1~|SV1*HC:J2506*4000*UN*12***1~" },
	{ FIRE("ONC-DRUG-011", "S09: darbepoetin without EA"), .sev = "error", .hi = "HI*ABK:D6481*ABF:C187~",
	  .lines = "SV1*HC:96372*30*UN*1***1~|SV1*HC:J0881*900*UN*200***1:2~MEA*TR*R1*9.2~" },
	{ FIRE("ONC-DRUG-011", "S09: darbepoetin EA without MEA"), .hi = "HI*ABK:D6481*ABF:C187~",
	  .lines = "SV1*HC:96372*30*UN*1***1~|SV1*HC:J0881:EA*900*UN*200***1:2~" },
	{ FIRE("ONC-DRUG-011", "darbepoetin with EA and EC"), .hi = "HI*ABK:D6481*ABF:C187~",
	  .lines = "SV1*HC:96372*30*UN*1***1~|SV1*HC:J0881:EA:EC*900*UN*200***1:2~MEA*TR*R1*9.2~" },
	{ MISS("ONC-DRUG-011", "S09: darbepoetin EA with MEA*TR*R1*9.2"), .hi = "HI*ABK:D6481*ABF:C187~",
	  .lines = "SV1*HC:96372*30*UN*1***1~|SV1*HC:J0881:EA*900*UN*200***1:2~MEA*TR*R1*9.2~" },
	{ MISS("ONC-DRUG-011", "darbepoetin without EA for a commercial payer (Medicare rule)"), .sbr09 = "CI",
	  .hi = "HI*ABK:D6481*ABF:C187~",
	  .lines = "SV1*HC:96372*30*UN*1***1~|SV1*HC:J0881*900*UN*200***1:2~MEA*TR*R1*9.2~" },

	/* ---- ONC-DX */
	{ FIRE("ONC-DX-001", "neoplasm first, Z51.12 second"), .sev = "warning", .hi = "HI*ABK:C3411*ABF:Z5112~",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~" },
	{ FIRE("ONC-DX-001", "837I: HI*ABK is the neoplasm"), .kind = 'I', .hi = "HI*ABK:C3411~HI*ABF:Z5112~",
	  .lines = "SV2*0335*HC:96413*1800*UN*1~|SV2*0636*HC:J9271:JZ*19000*UN*200~" },
	{ MISS("ONC-DX-001", "Z51.12 first"), .hi = "HI*ABK:Z5112*ABF:C3411~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9271:JZ*11900*UN*200***1:2~" },
	{ FIRE("ONC-DX-002", "S14 variant: Z51.11 only"), .sev = "error", .hi = "HI*ABK:Z5111~",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9267*300*UN*300***1~" },
	{ MISS("ONC-DX-002", "Z51.11 with C50.911"), .hi = "HI*ABK:Z5111*ABF:C50911~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9267*300*UN*300***1:2~" },
	{ FIRE("ONC-DX-003", "Z51.11 for rheumatoid arthritis"), .sev = "error", .hi = "HI*ABK:Z5111*ABF:M0579~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9312:JZ*6000*UN*60***1:2~" },
	{ MISS("ONC-DX-003", "rheumatoid arthritis without Z51.11"), .hi = "HI*ABK:M0579~",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9312:JZ*6000*UN*60***1~" },
	{ FIRE("ONC-DX-004", "S14: adjuvant chemotherapy coded with Z85.3"), .sev = "error", .hi = "HI*ABK:Z5111*ABF:Z853~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9267*300*UN*300***1:2~" },
	{ MISS("ONC-DX-004", "adjuvant chemotherapy with the active C50.411"), .hi = "HI*ABK:Z5111*ABF:C50411~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9267*300*UN*300***1:2~" },
	{ FIRE("ONC-DX-005", "pembrolizumab pointing only to R11.2"), .sev = "error",
	  .hi = "HI*ABK:Z5112*ABF:C3411*ABF:R112~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9271:JZ*11900*UN*200***3~" },
	{ MISS("ONC-DX-005", "pembrolizumab pointing to Z51.12 and C34.11"), .hi = "HI*ABK:Z5112*ABF:C3411*ABF:R112~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9271:JZ*11900*UN*200***1:2~" },
	{ FIRE("ONC-DX-006", "pointer 3 with two diagnoses"), .sev = "error", .hi = "HI*ABK:Z5111*ABF:C187~",
	  .lines = "SV1*HC:96413*900*UN*1***1:3~" },
	{ FIRE("ONC-DX-006", "pointer 1 repeated"), .hi = "HI*ABK:Z5111*ABF:C187~", .lines = "SV1*HC:96413*900*UN*1***1:1~" },
	{ FIRE("ONC-DX-006", "no pointer"), .hi = "HI*ABK:Z5111*ABF:C187~", .lines = "SV1*HC:96413*900*UN*1~" },
	{ MISS("ONC-DX-006", "pointers 1 and 2 with two diagnoses"), .hi = "HI*ABK:Z5111*ABF:C187~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~" },
	{ FIRE("ONC-DX-007", "header code C50.91 (not billable) in FY2026"), .sev = "error", .hi = "HI*ABK:Z5111*ABF:C5091~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~" },
	{ MISS("ONC-DX-007", "C50.911 in FY2026"), .hi = "HI*ABK:Z5111*ABF:C50911~", .lines = "SV1*HC:96413*900*UN*1***1:2~" },
	{ MISS("ONC-DX-007", "C50.91 on a date the seed table does not cover (not judged)"), .dos = "20240110",
	  .hi = "HI*ABK:Z5111*ABF:C5091~", .lines = "SV1*HC:96413*900*UN*1***1:2~" },
	{ FIRE("ONC-DX-008", "metastatic C78.7 without a primary"), .sev = "warning", .hi = "HI*ABK:Z5111*ABF:C787~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~" },
	{ MISS("ONC-DX-008", "metastatic C78.7 with primary C18.9"), .hi = "HI*ABK:Z5111*ABF:C787*ABF:C189~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~" },
	{ FIRE("ONC-DX-010", "S08 variant: 96361 pointing only to Z51.11, no nephrotoxic drug"), .sev = "warning",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:96361*160*UN*1***1~|SV1*HC:J9267*300*UN*300***1:2~" },
	{ MISS("ONC-DX-010", "S08: 96361 pointing to E86.0"), .hi = "HI*ABK:Z5111*ABF:C50911*ABF:E860~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:96361*160*UN*1***3~|SV1*HC:J9267*300*UN*300***1:2~" },
	{ MISS("ONC-DX-010", "S08: cisplatin on the claim"),
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:96361*160*UN*1***1~|SV1*HC:J9060*300*UN*10***1:2~" },
	{ FIRE("ONC-DX-011", "S09: EA pointing only to D50.9"), .sev = "warning", .hi = "HI*ABK:D509*ABF:C187~",
	  .lines = "SV1*HC:96372*30*UN*1***1~|SV1*HC:J0881:EA*900*UN*200***1~MEA*TR*R1*9.2~" },
	{ FIRE("ONC-DX-011", "S09: EA with hemoglobin 11.3"), .hi = "HI*ABK:D6481*ABF:C187~",
	  .lines = "SV1*HC:96372*30*UN*1***1~|SV1*HC:J0881:EA*900*UN*200***1:2~MEA*TR*R1*11.3~" },
	{ MISS("ONC-DX-011", "S09: EA, D64.81, hemoglobin 9.2"), .hi = "HI*ABK:D6481*ABF:C187~",
	  .lines = "SV1*HC:96372*30*UN*1***1~|SV1*HC:J0881:EA*900*UN*200***1:2~MEA*TR*R1*9.2~" },

	/* ---- ONC-MOD */
	{ FIRE("ONC-MOD-001", "S01: pembrolizumab for Medicare without JZ/JW"), .sev = "error", .hi = "HI*ABK:Z5112*ABF:C3411~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9271*11900*UN*200***1:2~LIN**N4*99999000101~CTP****2*UN~" },
	{ MISS("ONC-MOD-001", "S02: pembrolizumab with JZ"), .hi = "HI*ABK:Z5112*ABF:C3411~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9271:JZ*11900*UN*200***1:2~LIN**N4*99999000101~CTP****2*UN~" },
	{ MISS("ONC-MOD-001", "pembrolizumab without JZ for a commercial payer"), .sbr09 = "CI",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9271*11900*UN*200***1:2~" },
	{ MISS("ONC-MOD-001", "pembrolizumab without JZ before 2023-07-01"), .dos = "20230601",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9271*11900*UN*200***1:2~" },
	{ FIRE("ONC-MOD-002", "S06 variant: J9355-JW-JZ"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9355:JW:JZ*3000*UN*45***1~" },
	{ MISS("ONC-MOD-002", "S06: J9355 and J9355-JW on separate lines"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9355*3000*UN*42***1~|SV1*HC:J9355:JW*300*UN*3***1~" },
	{ FIRE("ONC-MOD-003", "S06 variant: JW line only"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9355:JW*300*UN*3***1~" },
	{ MISS("ONC-MOD-003", "S06: JW line with its administered line"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9355*3000*UN*42***1~|SV1*HC:J9355:JW*300*UN*3***1~" },
	{ FIRE("ONC-MOD-004", "S06 variant: J9355-JZ x42 from three 150 mg vials (45 units opened)"), .sev = "warning",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9355:JZ*3000*UN*42***1~LIN**N4*99999000401~CTP****3*UN~" },
	{ MISS("ONC-MOD-004", "J9355-JZ x45 from three 150 mg vials"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9355:JZ*3000*UN*45***1~LIN**N4*99999000401~CTP****3*UN~" },
	{ FIRE("ONC-MOD-005", "96413-JZ"), .sev = "error", .lines = "SV1*HC:96413:JZ*900*UN*1***1~" },
	{ MISS("ONC-MOD-005", "JZ on the drug line"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~" },
	{ FIRE("ONC-MOD-006", "JW line with half a unit"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9355*3000*UN*42***1~|SV1*HC:J9355:JW*30*UN*0.5***1~" },
	{ FIRE("ONC-MOD-006", "pemetrexed 10 + JW 1 from one 100 mg vial (11 > 10 labelled)"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9305*1000*UN*10***1~LIN**N4*99999000601~CTP****1*UN~"
		   "|SV1*HC:J9305:JW*100*UN*1***1~" },
	{ MISS("ONC-MOD-006", "pemetrexed 95 mg billed 10 units JZ from one 100 mg vial"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9305:JZ*1000*UN*10***1~LIN**N4*99999000601~CTP****1*UN~" },
	{ FIRE("ONC-MOD-007", "S13: 837I JG on 2025-03-04"), .sev = "error", .kind = 'I', .dos = "20250304",
	  .lines = "SV2*0335*HC:96413*1800*UN*1~|SV2*0636*HC:J9271:JZ:JG*14000*UN*200~" },
	{ FIRE("ONC-MOD-007", "JG and TB on one line in 2024"), .dos = "20240304",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ:JG:TB*14000*UN*200***1~" },
	{ FIRE("ONC-MOD-007", "TB on the administration line"), .lines = "SV1*HC:96413:TB*900*UN*1***1~" },
	{ MISS("ONC-MOD-007", "S13: 837I TB on 2025-03-04"), .kind = 'I', .dos = "20250304",
	  .lines = "SV2*0335*HC:96413*1800*UN*1~|SV2*0636*HC:J9271:JZ:TB*14000*UN*200~" },
	{ FIRE("ONC-MOD-008", "S15: 99214 without 25 with 96413"), .sev = "error",
	  .lines = "SV1*HC:99214*180*UN*1***2~|SV1*HC:96413*900*UN*1***1~" },
	{ MISS("ONC-MOD-008", "99214-25 with 96413"), .lines = "SV1*HC:99214:25*180*UN*1***2~|SV1*HC:96413*900*UN*1***1~" },
	{ FIRE("ONC-MOD-009", "S15: 99214-25 pointing only to Z51.11"), .sev = "warning", .hi = "HI*ABK:Z5111*ABF:C187~",
	  .lines = "SV1*HC:99214:25*180*UN*1***1~|SV1*HC:96413*900*UN*1***1:2~" },
	{ MISS("ONC-MOD-009", "S02: 99214-25 pointing to C18.7 and R11.2"), .hi = "HI*ABK:Z5111*ABF:C187*ABF:R112~",
	  .lines = "SV1*HC:99214:25*180*UN*1***2:3~|SV1*HC:96413*900*UN*1***1:2~" },
	{ FIRE("ONC-MOD-010", "PTP 96413/96374 indicator 1 (fixture), 96374 without a modifier"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96374*150*UN*1***1~" },
	{ MISS("ONC-MOD-010", "96374-XS (separate IV site documented)"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96374:XS*150*UN*1***1~" },
	{ FIRE("ONC-MOD-011", "96413-25"), .sev = "error", .lines = "SV1*HC:96413:25*900*UN*1***1~" },
	{ FIRE("ONC-MOD-011", "96372-EA"), .lines = "SV1*HC:96372:EA*30*UN*1***1~|SV1*HC:J2506*4000*UN*12***1~" },
	{ FIRE("ONC-MOD-011", "XS on a drug line"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ:XS*11900*UN*200***1~" },
	{ MISS("ONC-MOD-011", "25 on the E/M, EA on the ESA"), .hi = "HI*ABK:D6481*ABF:C187~",
	  .lines = "SV1*HC:99213:25*100*UN*1***1~|SV1*HC:96372*30*UN*1***1~|SV1*HC:J0881:EA*900*UN*200***1:2~MEA*TR*R1*9.2~" },

	/* ---- ONC-NCCI */
	{ FIRE("ONC-NCCI-001", "S07: 96413 with 36591 (fixture indicator 0)"), .sev = "error",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:36591*40*UN*1***1~" },
	{ MISS("ONC-NCCI-001", "96413 alone"), .lines = "SV1*HC:96413*900*UN*1***1~" },
	{ MISS("ONC-NCCI-001", "96365 with 36000: the fixture's edit was deleted 2015-12-31"),
	  .lines = "SV1*HC:96365*400*UN*1***1~|SV1*HC:36000*40*UN*1***1~" },
	{ FIRE("ONC-NCCI-002", "96365 with IV start 36000 (no PTP edit in force)"), .sev = "warning",
	  .lines = "SV1*HC:96365*400*UN*1***1~|SV1*HC:36000*40*UN*1***1~" },
	{ MISS("ONC-NCCI-002", "96413 with 36000: reported once, as the PTP edit (NCCI-001)"),
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:36000*40*UN*1***1~" },
	{ MISS("ONC-NCCI-002", "96365 alone"), .lines = "SV1*HC:96365*400*UN*1***1~" },
	{ FIRE("ONC-NCCI-003", "96413 with 96361 x4 and no 96415"), .sev = "warning", .hi = "HI*ABK:Z5111*ABF:C50911*ABF:E860~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:96361*600*UN*4***3~" },
	{ MISS("ONC-NCCI-003", "96413, 96415, 96361 once each"), .hi = "HI*ABK:Z5111*ABF:C50911*ABF:E860~",
	  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:96415*200*UN*1***1:2~|SV1*HC:96361*160*UN*1***3~" },

	/* ---- ONC-VALID */
	{ FIRE("ONC-VALID-001", "S05: J9310 on 2019-03-15 (terminated 2018-12-31)"), .sev = "error", .dos = "20190315",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9310*3000*UN*7***1~" },
	{ MISS("ONC-VALID-001", "J9312 on 2019-03-15"), .dos = "20190315",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9312*3000*UN*70***1~" },
	{ FIRE("ONC-VALID-002", "90765 in 2025 (renumbered to 96365 in 2009)"), .sev = "error",
	  .lines = "SV1*HC:90765*400*UN*1***1~" },
	{ MISS("ONC-VALID-002", "96365 in 2025"), .lines = "SV1*HC:96365*400*UN*1***1~" },
	{ FIRE("ONC-VALID-003", "JZ on 2022-11-15 (valid from 2023-01-01)"), .sev = "error", .dos = "20221115",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~" },
	{ FIRE("ONC-VALID-003", "ZA on 2019-01-10 (terminated 2018-03-31)"), .dos = "20190110",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:ZA*11900*UN*200***1~" },
	{ MISS("ONC-VALID-003", "JZ on 2023-08-01"), .dos = "20230801",
	  .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:J9271:JZ*11900*UN*200***1~" },
};

/* ------------------------------------------------------------------ building a claim */

#define HDR_P                                                                                          \
	"ISA*00*          *00*          *ZZ*TESTSUB01      *ZZ*TESTMAC01      *250306*1030*^*00501*000000101*0*T*:~" \
	"GS*HC*TESTSUB01*TESTMAC01*20250306*1030*101*X*005010X222A1~ST*837*0001*005010X222A1~"           \
	"BHT*0019*00*TESTBATCH0001*20250306*1030*CH~NM1*41*2*TEST ONCOLOGY ASSOCIATES*****46*TESTSUB01~" \
	"PER*IC*TEST BILLING OFFICE*TE*5555550100~NM1*40*2*TEST MEDICARE MAC*****46*TESTMAC01~HL*1**20*1~" \
	"PRV*BI*PXC*207RX0202X~NM1*85*2*TEST ONCOLOGY ASSOCIATES*****XX*1999990017~N3*100 TEST AVENUE~"  \
	"N4*TESTVILLE*OH*432150001~REF*EI*991234567~HL*2*1*22*0~"
#define HDR_I                                                                                          \
	"ISA*00*          *00*          *ZZ*TESTHOSP01     *ZZ*TESTMAC01      *250311*0915*^*00501*000000102*0*T*:~" \
	"GS*HC*TESTHOSP01*TESTMAC01*20250311*0915*102*X*005010X223A2~ST*837*0001*005010X223A2~"          \
	"BHT*0019*00*TESTBATCH0002*20250311*0915*CH~NM1*41*2*TEST COMMUNITY HOSPITAL*****46*TESTHOSP01~" \
	"PER*IC*TEST PATIENT ACCOUNTS*TE*5555550150~NM1*40*2*TEST MEDICARE MAC*****46*TESTMAC01~HL*1**20*1~" \
	"PRV*BI*PXC*282N00000X~NM1*85*2*TEST COMMUNITY HOSPITAL*****XX*1999990033~N3*500 TEST BOULEVARD~" \
	"N4*TESTVILLE*OH*432150002~REF*EI*991234568~HL*2*1*22*0~"
#define SUBSCRIBER                                                                                     \
	"NM1*IL*1*TESTPATIENT*ALPHA****MI*XTEST0001~N3*1 TEST STREET~N4*TESTVILLE*OH*43215~DMG*D8*19500101*F~" \
	"NM1*PR*2*TEST PAYER*****PI*99001~"

/* Cents of element n of a segment's text "SV1*a*b*..." (SV1: 2, SV2: 3). */
static long long
charge_of(const char *seg, unsigned n)
{
	const char *p = seg;
	long long whole = 0, frac = 0;
	int fd = 0;

	for (unsigned i = 0; i < n && p; i++) {
		p = strchr(p, '*');
		if (p)
			p++;
	}
	if (!p)
		return 0;
	for (; *p >= '0' && *p <= '9'; p++)
		whole = whole * 10 + (*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && fd < 2; p++, fd++)
			frac = frac * 10 + (*p - '0');
	while (fd++ < 2)
		frac *= 10;
	return whole * 100 + frac;
}

/* The LX loops of lines ('|'-separated service line segments) into body, each dated dos unless it
 * has its own DTP*472 or says !nodate; returns the sum of their charges in cents (CLM02). */
static long long
put_lines(struct tbuf *body, const char *lines, char kind, const char *dos)
{
	char buf[512];
	long long total = 0;
	unsigned lx = 0;

	while (*lines) {
		const char *bar = strchr(lines, '|');
		size_t len = bar ? (size_t)(bar - lines) : strlen(lines);
		char part[1024];
		const char *first_end;
		bool nodate;

		snprintf(part, sizeof part, "%.*s", (int)len, lines);
		nodate = strstr(part, "!nodate") != NULL;
		if (nodate)
			*strstr(part, "!nodate") = '\0';
		snprintf(buf, sizeof buf, "LX*%u~", ++lx);
		tbuf_puts(body, buf);
		total += charge_of(part, kind == 'P' ? 2 : 3);
		first_end = strchr(part, '~');
		tbuf_add(body, part, (size_t)(first_end - part + 1));
		if (!nodate && !strstr(part, "DTP*472")) {
			snprintf(buf, sizeof buf, "DTP*472*D8*%s~", dos);
			tbuf_puts(body, buf);
		}
		tbuf_puts(body, first_end + 1);
		lines += len + (bar ? 1 : 0);
	}
	return total;
}

static struct tbuf
build(const struct tcase *tc)
{
	struct tbuf b = { 0 }, body = { 0 };
	char buf[512];
	char kind = tc->kind ? tc->kind : 'P';
	const char *dos = tc->dos ? tc->dos : "20251015";
	const char *lines = tc->lines;
	long long total;
	unsigned nseg = 0;

	total = put_lines(&body, lines, kind, dos);
	tbuf_puts(&b, kind == 'P' ? HDR_P : HDR_I);
	snprintf(buf, sizeof buf, "SBR*P*18*******%s~", tc->sbr09 ? tc->sbr09 : "MB");
	tbuf_puts(&b, buf);
	tbuf_puts(&b, SUBSCRIBER);
	if (tc->charge)
		snprintf(buf, sizeof buf, "CLM*TESTCLM0001*%s***%s*Y*A*Y*Y~", tc->charge,
			 tc->clm05 ? tc->clm05 : kind == 'P' ? "11:B:1" : "13:A:1");
	else
		snprintf(buf, sizeof buf, "CLM*TESTCLM0001*%lld.%02lld***%s*Y*A*Y*Y~", total / 100, total % 100,
			 tc->clm05 ? tc->clm05 : kind == 'P' ? "11:B:1" : "13:A:1");
	tbuf_puts(&b, buf);
	if (tc->claim_extra)
		tbuf_puts(&b, tc->claim_extra);
	else if (kind == 'I')
		tbuf_puts(&b, "DTP*434*RD8*20190101-20301231~");
	if (kind == 'I')
		tbuf_puts(&b, "CL1*3*1*01~");
	tbuf_puts(&b, tc->hi ? tc->hi : "HI*ABK:Z5111*ABF:C50911~");
	tbuf_add(&b, body.p, body.len);
	tbuf_free(&body);
	for (size_t i = 0; i < b.len; i++)
		nseg += b.p[i] == '~';
	snprintf(buf, sizeof buf, "SE*%u*0001~GE*1*%s~IEA*1*%s~", nseg - 2 + 1, kind == 'P' ? "101" : "102",
		 kind == 'P' ? "000000101" : "000000102");
	tbuf_puts(&b, buf);
	return b;
}

/* ------------------------------------------------------------------ running */

static const char *pack_file(const char *text);

struct hits {
	char rules[64][16];
	char sev[64][8];
	unsigned n, claims;
	bool x12_701, x12_801;
};

static void
collect(struct edits *e, struct hits *h)
{
	static const char *const sevs[] = { "error", "warning", "info" };
	struct edits_finding f;

	while (edits_next(e, &f))
		if (h->n < 64) {
			snprintf(h->rules[h->n], 16, "%s", f.rule_id);
			snprintf(h->sev[h->n], 8, "%s", sevs[f.severity]);
			h->n++;
		}
}

static void
run_case(struct x12_records *rs, struct edits *e, const struct tcase *tc, struct hits *h)
{
	struct tbuf in = build(tc);
	struct x12_record rec;
	enum x12_status st;

	memset(h, 0, sizeof *h);
	x12_records_reset(rs);
	x12_records_feed(rs, in.p, in.len, true);
	while ((st = x12_records_next(rs, &rec)) == X12_EVENT) {
		if (rec.type == X12_REC_DIAG) {
			h->x12_701 |= rec.diag->code == X12_E_BAL_CLM;
			h->x12_801 |= rec.diag->code == X12_E_LIN_WITHOUT_CTP;
		}
		if (rec.type != X12_REC_CLAIM)
			continue;
		h->claims++;
		edits_claim(e, rec.claim);
		collect(e, h);
	}
	edits_flush(e);
	collect(e, h);
	tbuf_free(&in);
}

static void
check_cases(struct x12_records *rs, struct edits *e)
{
	unsigned covered_fire[128] = { 0 }, covered_miss[128] = { 0 }, nrules;
	const struct edits_rule_info *reg = edits_rules(&nrules);

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct tcase *tc = &cases[i];
		struct hits h;
		bool hit = false, sev_ok = tc->sev == NULL;
		int r = edits_rule_index(tc->rule);

		harness_context("%s %s: %s", tc->rule, tc->fires ? "fires" : "near miss", tc->scenario);
		CHECK(r >= 0);
		run_case(rs, e, tc, &h);
		CHECK_INT_EQ(h.claims, 1);
		for (unsigned k = 0; k < h.n; k++)
			if (strcmp(h.rules[k], tc->rule) == 0) {
				hit = true;
				sev_ok |= tc->sev && strcmp(h.sev[k], tc->sev) == 0;
			}
		if (tc->fires) {
			CHECK(hit);
			CHECK(sev_ok);
		} else {
			CHECK(!hit);
		}
		if (!CHECK(hit == tc->fires) || !sev_ok || getenv("REMEDI_TEST_DUMP")) {
			fprintf(stderr, "%s %s: %s\n", tc->rule, tc->fires ? "fires" : "near miss", tc->scenario);
			fprintf(stderr, "    findings:");
			for (unsigned k = 0; k < h.n; k++)
				fprintf(stderr, " %s(%s)", h.rules[k], h.sev[k]);
			fprintf(stderr, "\n");
		}
		if (r >= 0 && r < 128)
			(tc->fires ? covered_fire : covered_miss)[r]++;
	}
	/* every rule of the registry has a claim that fires it and a near miss */
	for (unsigned r = 0; r < nrules && r < 128; r++) {
		harness_context("coverage of %s", reg[r].id);
		CHECK(covered_fire[r] > 0);
		CHECK(covered_miss[r] > 0);
	}
}

/* CLM02 and LIN-without-CTP are reported once: the stream still raises them, the engine names them. */
static void
check_supersedes(struct x12_records *rs, struct edits *e)
{
	static const struct tcase clm = { .rule = "ONC-CLM-002", .scenario = "CLM02 off", .charge = "1",
					  .lines = "SV1*HC:96413*900*UN*1***1~" };
	struct hits h;
	struct edits_error err;
	struct edits_pack *p;
	struct edits *e2;
	struct edits_tables *t;

	harness_context("SNIP results the catalogue names");
	run_case(rs, e, &clm, &h);
	CHECK(h.x12_701);
	CHECK(edits_supersedes(e, X12_E_BAL_CLM) == edits_rule_index("ONC-CLM-002"));
	CHECK(edits_supersedes(e, X12_E_LIN_WITHOUT_CTP) == edits_rule_index("ONC-DRUG-002"));
	CHECK(edits_supersedes(e, X12_E_SE_COUNT) == -1);
	/* a pack that runs ONC-CLM-002 for Medicare only: a commercial claim keeps X12-701 */
	harness_context("SNIP result kept when its rule does not run for the claim's payer");
	p = edits_pack_load(pack_file("<rulepack name=\"m\" version=\"1\">\n"
				      "<profile context=\"medicare-b\"><match sbr09=\"MB\"/></profile>\n"
				      "<rule id=\"ONC-CLM-002\" contexts=\"medicare-b\"/>\n</rulepack>\n"),
			    &err);
	remove(pack_file(""));
	t = edits_tables_new(&err);
	CHECK(p && t);
	if (!p || !t) {
		edits_pack_free(p);
		edits_tables_free(t);
		return;
	}
	e2 = edits_new(t, p);
	{
		struct tcase ci = clm;

		ci.sbr09 = "CI";
		run_case(rs, e2, &ci, &h);
		CHECK(edits_supersedes(e2, X12_E_BAL_CLM) == -1);
		ci.sbr09 = "MB";
		run_case(rs, e2, &ci, &h);
		CHECK(edits_supersedes(e2, X12_E_BAL_CLM) == edits_rule_index("ONC-CLM-002"));
	}
	edits_free(e2);
	edits_tables_free(t);
	edits_pack_free(p);
}

static void
check_tables(const char *dir)
{
	struct edits_tables *t = edits_tables_new(NULL);
	struct edits_error err;
	char path[1024], bad[1024];
	FILE *f;

	harness_context("official-layout loaders reject a malformed row with file:line and keep nothing");
	CHECK(t != NULL);
	if (!t)
		return;
	snprintf(bad, sizeof bad, "%s/bad-ptp.txt", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	f = fopen(bad, "w");
	CHECK(f != NULL);
	if (f) {
		fputs("Column 1\tColumn 2\t*\tEffective Date\tDeletion Date\tModifier\tRationale\n"
		      "96413\t36591\t\t20150101\t*\t0\tok\n96413\t96523\t\t2015XX01\t*\t0\tbad date\n", f);
		fclose(f);
		CHECK(!edits_tables_load(t, EDITS_TABLE_PTP, bad, &err));
		CHECK_INT_EQ(err.line, 3);
		CHECK_STR_EQ(err.file, bad);
		remove(bad);
	}
	snprintf(path, sizeof path, "%s/mue-practitioner-synthetic.csv", dir);
	CHECK(edits_tables_load(t, EDITS_TABLE_MUE, path, &err));
	CHECK(!edits_tables_load(t, EDITS_TABLE_CROSSWALK, path, &err)); /* an MUE file is not a crosswalk */
	CHECK(!edits_tables_load(t, EDITS_TABLE_MUE, "/nonexistent/mue.csv", &err));
	edits_tables_free(t);
}

/* Writes text to a temporary pack file; returns its path (static buffer). */
static const char *
pack_file(const char *text)
{
	static char path[1024];
	FILE *f;

	snprintf(path, sizeof path, "%s/remedi-test-pack-%ld.xml", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (long)getpid());
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

static void
check_packs(void)
{
	static const struct {
		const char *what, *text;
		unsigned long line;
		const char *msg;
	} broken[] = {
		{ "not well-formed", "<rulepack name=\"x\" version=\"1\">\n<rule id=\"ONC-MOD-001\">\n</rulepack>\n", 3,
		  "not well-formed" },
		{ "unknown attribute value", "<rulepack name=\"x\" version=\"1\">\n\n<rule id=\"ONC-MOD-001\" severity=\"fatal\"/>\n</rulepack>\n",
		  3, "not a valid rule pack" },
		{ "unknown rule id", "<rulepack name=\"x\" version=\"1\">\n<rule id=\"ONC-MOD-099\"/>\n</rulepack>\n", 2,
		  "unknown rule id" },
		{ "a DOCTYPE", "<!DOCTYPE rulepack>\n<rulepack name=\"x\" version=\"1\"/>\n", 1, "DOCTYPE" },
		{ "an external entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE rulepack [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
		  "<rulepack name=\"&x;\" version=\"1\"/>\n", 3, "" },
		{ "a match without sbr09 or payer-id", "<rulepack name=\"x\" version=\"1\">\n<profile context=\"medicaid\">\n<match/>\n</profile>\n</rulepack>\n",
		  3, "needs sbr09" },
	};
	struct edits_error err;
	struct edits_pack *p;
	enum x12_severity sev;
	struct c837_claim c;
	int r01 = edits_rule_index("ONC-MOD-001"), r07 = edits_rule_index("ONC-DRUG-007");

	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		const char *path = pack_file(broken[i].text);

		harness_context("broken rule pack: %s", broken[i].what);
		memset(&err, 0, sizeof err);
		p = edits_pack_load(path, &err);
		CHECK(p == NULL);
		edits_pack_free(p);
		CHECK_STR_EQ(err.file, path);
		CHECK_INT_EQ(err.line, broken[i].line);
		CHECK(strstr(err.msg, broken[i].msg) != NULL);
		remove(path);
	}
	harness_context("rule pack: disable, override, payer profile by payer id");
	p = edits_pack_load(pack_file("<rulepack name=\"clinic\" version=\"2\">\n"
				      "<profile context=\"medicare-advantage\"><match sbr09=\"CI\" payer-id=\"77001\"/></profile>\n"
				      "<rule id=\"ONC-DRUG-007\" enabled=\"false\"/>\n"
				      "<rule id=\"ONC-MOD-001\" severity=\"warning\"/>\n</rulepack>\n"),
			    &err);
	remove(pack_file(""));
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_STR_EQ(edits_pack_name(p), "clinic");
	CHECK(!edits_pack_rule(p, (unsigned)r07, 0, &sev));
	CHECK(edits_pack_rule(p, (unsigned)r01, EDITS_PAYER_MEDICARE_ADV, &sev));
	CHECK_INT_EQ(sev, X12_SEV_WARNING);
	CHECK(!edits_pack_rule(p, (unsigned)r01, EDITS_PAYER_COMMERCIAL, &sev));
	memset(&c, 0, sizeof c);
	strcpy(c.filing_indicator, "CI");
	strcpy(c.payer.id, "77001");
	CHECK_INT_EQ(edits_pack_payer(p, &c), EDITS_PAYER_MEDICARE_ADV);
	strcpy(c.payer.id, "77002");
	CHECK_INT_EQ(edits_pack_payer(p, &c), EDITS_PAYER_COMMERCIAL);
	edits_pack_free(p);
	harness_context("default pack: SBR09 profiles");
	p = edits_pack_load(NULL, &err);
	CHECK(p != NULL);
	if (!p)
		return;
	strcpy(c.payer.id, "");
	strcpy(c.filing_indicator, "MB");
	CHECK_INT_EQ(edits_pack_payer(p, &c), EDITS_PAYER_MEDICARE_B);
	strcpy(c.filing_indicator, "16");
	CHECK_INT_EQ(edits_pack_payer(p, &c), EDITS_PAYER_MEDICARE_ADV);
	strcpy(c.filing_indicator, "MC");
	CHECK_INT_EQ(edits_pack_payer(p, &c), EDITS_PAYER_MEDICAID);
	strcpy(c.filing_indicator, "BL");
	CHECK_INT_EQ(edits_pack_payer(p, &c), EDITS_PAYER_COMMERCIAL);
	edits_pack_free(p);
}

/* ------------------------------------------------------------------ encounters across claims */

/*
 * One encounter split over claims (research/oncology-edits.md section 5:
 * patient + billing provider + line date of service).  Each claim of a case
 * is "PATIENT FREQ DOS LINES": PATIENT 1 or 2 (a subscriber loop of its own
 * when it changes), FREQ the CLM05-3 frequency, DOS the lines' date, LINES
 * as in cases[] (SV1 segments separated by '|').
 */
struct mclaim {
	char patient;
	char freq;
	const char *dos;
	const char *lines;
};

struct mcase {
	const char *scenario;
	const char *rule;
	struct mclaim claims[10];
	const char *expect;     /* the claims (by number, 1-based) the rule fires on, in order, e.g. "2" or "" */
};

static const struct mcase mcases[] = {
	{ "add-on 96415 on the second claim of the encounter, its primary 96413 on the first", "ONC-ADMIN-002",
	  { { '1', '1', "20251015", "SV1*HC:96413*900*UN*1***1~" }, { '1', '1', "20251015", "SV1*HC:96415*200*UN*1***1~" } },
	  "" },
	{ "add-on 96415 on the first claim, its primary on the next (the engine waits for the group)", "ONC-ADMIN-002",
	  { { '1', '1', "20251015", "SV1*HC:96415*200*UN*1***1~" }, { '1', '1', "20251015", "SV1*HC:96413*900*UN*1***1~" } },
	  "" },
	{ "near miss: the primary is another patient's", "ONC-ADMIN-002",
	  { { '1', '1', "20251015", "SV1*HC:96413*900*UN*1***1~" }, { '2', '1', "20251015", "SV1*HC:96415*200*UN*1***1~" } },
	  "2" },
	{ "near miss: the primary is on another date of service", "ONC-ADMIN-002",
	  { { '1', '1', "20251015", "SV1*HC:96413*900*UN*1***1~" }, { '1', '1', "20251016", "SV1*HC:96415*200*UN*1***1~" } },
	  "2" },
	{ "near miss: a replacement claim (CLM05-3 7) stands alone", "ONC-ADMIN-002",
	  { { '1', '1', "20251015", "SV1*HC:96413*900*UN*1***1~" }, { '1', '7', "20251015", "SV1*HC:96415*200*UN*1***1~" } },
	  "2" },
	{ "two initial codes in one encounter over two claims: reported once, on the second", "ONC-ADMIN-001",
	  { { '1', '1', "20251015", "SV1*HC:96413*900*UN*1***1~" }, { '1', '1', "20251015", "SV1*HC:96365*400*UN*1***2~" } },
	  "2" },
	{ "near miss: the second initial code is another patient's", "ONC-ADMIN-001",
	  { { '1', '1', "20251015", "SV1*HC:96413*900*UN*1***1~" }, { '2', '1', "20251015", "SV1*HC:96365*400*UN*1***2~" } },
	  "" },
	{ "the drug on one claim, its administration on the next", "ONC-DRUG-010",
	  { { '1', '1', "20251015", "SV1*HC:J9271:JZ*11900*UN*200***1~LIN**N4*99999000101~CTP****2*UN~" },
	    { '1', '1', "20251015", "SV1*HC:96413*900*UN*1***1~" } },
	  "" },
	{ "near miss: the administration is another patient's", "ONC-DRUG-010",
	  { { '1', '1', "20251015", "SV1*HC:J9271:JZ*11900*UN*200***1~LIN**N4*99999000101~CTP****2*UN~" },
	    { '2', '1', "20251015", "SV1*HC:96413*900*UN*1***1~" } },
	  "1" },
	{ "a group holds 8 claims: the ninth starts a new one", "ONC-ADMIN-002",
	  { { '1', '1', "20251015", "SV1*HC:96413*900*UN*1***1~" },
	    { '1', '1', "20251015", "SV1*HC:96415*200*UN*1***1~" }, { '1', '1', "20251015", "SV1*HC:96415*200*UN*1***1~" },
	    { '1', '1', "20251015", "SV1*HC:96415*200*UN*1***1~" }, { '1', '1', "20251015", "SV1*HC:96415*200*UN*1***1~" },
	    { '1', '1', "20251015", "SV1*HC:96415*200*UN*1***1~" }, { '1', '1', "20251015", "SV1*HC:96415*200*UN*1***1~" },
	    { '1', '1', "20251015", "SV1*HC:96415*200*UN*1***1~" }, { '1', '1', "20251015", "SV1*HC:96415*200*UN*1***1~" } },
	  "9" },
};

static struct tbuf
build_multi(const struct mcase *mc)
{
	struct tbuf b = { 0 };
	char buf[512], last = 0;
	unsigned hl = 2, nseg = 0;

	tbuf_puts(&b, HDR_P);
	b.len -= strlen("HL*2*1*22*0~"); /* each patient opens its own subscriber loop */
	for (unsigned i = 0; i < 10 && mc->claims[i].lines; i++) {
		const struct mclaim *m = &mc->claims[i];
		const char *lines = m->lines;
		long long total = 0;
		struct tbuf body = { 0 };

		if (m->patient != last) {
			snprintf(buf, sizeof buf,
				 "HL*%u*1*22*0~SBR*P*18*******MB~NM1*IL*1*TESTPATIENT*%s****MI*XTEST000%c~"
				 "N3*1 TEST STREET~N4*TESTVILLE*OH*43215~DMG*D8*19500101*F~NM1*PR*2*TEST PAYER*****PI*99001~",
				 hl++, m->patient == '1' ? "ALPHA" : "BRAVO", m->patient);
			tbuf_puts(&b, buf);
			last = m->patient;
		}
		total = put_lines(&body, lines, 'P', m->dos);
		snprintf(buf, sizeof buf, "CLM*TESTCLM%04u*%lld.%02lld***11:B:%c*Y*A*Y*Y~%sHI*ABK:Z5111*ABF:C50911~", i + 1,
			 total / 100, total % 100, m->freq, m->freq == '7' ? "REF*F8*TESTORIG0001~" : "");
		tbuf_puts(&b, buf);
		tbuf_add(&b, body.p, body.len);
		tbuf_free(&body);
	}
	for (size_t i = 0; i < b.len; i++)
		nseg += b.p[i] == '~';
	snprintf(buf, sizeof buf, "SE*%u*0001~GE*1*101~IEA*1*000000101~", nseg - 2 + 1);
	tbuf_puts(&b, buf);
	return b;
}

static void
check_encounters(struct x12_records *rs, struct edits *e)
{
	for (size_t i = 0; i < sizeof mcases / sizeof mcases[0]; i++) {
		const struct mcase *mc = &mcases[i];
		struct tbuf in = build_multi(mc);
		struct x12_record rec;
		char got[64] = "";
		size_t o = 0;
		unsigned nclaims = 0;
		uint64_t first_seq = edits_done(e) + 1;
		bool order_ok = true;
		uint64_t last_seq = 0;
		struct edits_finding f;

		harness_context("encounter across claims: %s (%s)", mc->scenario, mc->rule);
		x12_records_reset(rs);
		x12_records_feed(rs, in.p, in.len, true);
		while (x12_records_next(rs, &rec) == X12_EVENT) {
			bool last = false;

			if (rec.type == X12_REC_CLAIM) {
				nclaims++;
				edits_claim(e, rec.claim);
			} else if (rec.type == X12_REC_TXN_END) {
				edits_flush(e);
				last = true;
			} else {
				continue;
			}
			while (edits_next(e, &f)) {
				/* findings come claim by claim in file order and name their own claim */
				order_ok &= f.claim_seq >= last_seq && f.claim_seq <= edits_done(e);
				last_seq = f.claim_seq;
				if (strcmp(f.rule_id, mc->rule) == 0 && o + 4 < sizeof got)
					o += (size_t)snprintf(got + o, sizeof got - o, "%s%lu", o ? "," : "",
							      strtoul(f.claim + strlen("TESTCLM"), NULL, 10));
				/* the ordinal is the claim's: TESTCLMnnnn is the nnnn-th claim of the file */
				order_ok &= f.claim_seq - first_seq + 1 == strtoul(f.claim + strlen("TESTCLM"), NULL, 10);
			}
			if (last)
				CHECK(edits_done(e) == first_seq + nclaims - 1);
		}
		CHECK(order_ok);
		CHECK_STR_EQ(got, mc->expect);
		tbuf_free(&in);
	}
}

/* The importer seam: tables replaced from rows, as `remedi codes import` will hand them over. */
static void
check_seam(struct x12_records *rs)
{
	static const struct edits_ptp_row ptp[] = { { "96413", "96523", 20150101, 0, 0 } };
	static const struct edits_ptp_row bad_ptp[] = { { "96413", "96523", 20150101, 0, 0 }, { "9641", "96523", 20150101, 0, 0 } };
	static const struct edits_hcpcs_row hcpcs[] = { { "J9271", false, 20160101, 20200101, 0 }, { "JZ", true, 20230101, 0, 0 } };
	static const struct edits_hcpcs_row dup[] = { { "J9271", false, 20160101, 0, 0 }, { "J9271", false, 20170101, 0, 0 } };
	static const struct edits_mue_row mue[] = { { "J9271", 100000, 1, 0, 0 } };
	static const struct edits_ndc_row ndc[] = { { "99999000101", "J9299", 100000, 0, 0 } };
	static const char *const icd[] = { "Z5111", "C50911" };
	static const struct tcase flush = { .rule = "ONC-NCCI-001", .scenario = "96413 with 96523",
					    .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96523*60*UN*1***1~" };
	static const struct tcase pembro = { .rule = "-", .scenario = "pembrolizumab 2025 with NDC",
					     .hi = "HI*ABK:Z5111*ABF:C3411~",
					     .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9271:JZ*11900*UN*200***1:2~"
						      "LIN**N4*99999000101~CTP****2*UN~" };
	struct edits_error err;
	struct edits_tables *t = edits_tables_new(&err);
	struct edits_pack *p = edits_pack_load(NULL, &err);
	struct edits *e;
	struct hits h;
	bool found[5] = { false };

	harness_context("importer seam: tables from rows");
	CHECK(t && p);
	if (!t || !p)
		goto out;
	CHECK(!edits_tables_set_ptp(t, bad_ptp, 2, &err));
	CHECK_INT_EQ(err.line, 2);
	CHECK(!edits_tables_set_hcpcs(t, dup, 2, &err));
	CHECK_INT_EQ(err.line, 2);
	CHECK(edits_tables_set_ptp(t, ptp, 1, &err));
	CHECK(edits_tables_set_hcpcs(t, hcpcs, 2, &err));
	CHECK(edits_tables_set_mue(t, mue, 1, &err));
	CHECK(edits_tables_set_crosswalk(t, ndc, 1, &err));
	CHECK(edits_tables_set_icd10cm(t, icd, 2, 20251001, 20260930, &err));
	e = edits_new(t, p);
	CHECK(e != NULL);
	if (!e)
		goto out;
	run_case(rs, e, &flush, &h);
	for (unsigned k = 0; k < h.n; k++)
		found[0] |= strcmp(h.rules[k], "ONC-NCCI-001") == 0;
	CHECK(found[0]); /* the imported PTP pair, indicator 0 */
	run_case(rs, e, &pembro, &h);
	for (unsigned k = 0; k < h.n; k++) {
		found[1] |= strcmp(h.rules[k], "ONC-VALID-001") == 0; /* J9271 terminated 2020 in the import */
		found[2] |= strcmp(h.rules[k], "ONC-CLM-001") == 0;   /* 200 units over the imported MUE 100 */
		found[3] |= strcmp(h.rules[k], "ONC-DRUG-003") == 0;  /* the imported crosswalk maps it to J9299 */
		found[4] |= strcmp(h.rules[k], "ONC-DX-007") == 0;    /* C34.11 absent from the imported code set */
	}
	CHECK(found[1]);
	CHECK(found[2]);
	CHECK(found[3]);
	CHECK(found[4]);
	edits_free(e);
out:
	edits_pack_free(p);
	edits_tables_free(t);
}

/* Versions side by side: each dated row answers only on the dates of its version. */
static bool
fires(struct x12_records *rs, struct edits *e, const struct tcase *tc, const char *rule)
{
	struct hits h;

	run_case(rs, e, tc, &h);
	for (unsigned k = 0; k < h.n; k++)
		if (strcmp(h.rules[k], rule) == 0)
			return true;
	return false;
}

static void
check_dated_seam(struct x12_records *rs)
{
	/* MUE 100 units until 2025-09-30, 300 from 2025-10-01 */
	static const struct edits_mue_row mue[] = { { "J9271", 100000, 1, 20250101, 20250930 },
						    { "J9271", 300000, 1, 20251001, 0 } };
	static const struct edits_mue_row bad_mue[] = { { "J9271", 100000, 1, 20251001, 20250930 } };
	/* the pair in force in Q4 2025 only; two quarters of one edit that touch merge into one row */
	static const struct edits_ptp_row ptp[] = { { "96413", "96523", 20251001, 20251231, 0 },
						    { "96413", "36591", 20150101, 20250930, 0 },
						    { "96413", "36591", 20251001, 0, 0 } };
	/* FY2025 knows C34.11, FY2026 does not */
	static const struct edits_icd_row icd[] = { { "Z5111", true, 20241001, 20250930 },
						    { "C3411", true, 20241001, 20250930 },
						    { "C34", false, 20241001, 20250930 },
						    { "Z5111", true, 20251001, 20260930 } };
	static const int32_t fy[] = { 20241001, 20250930, 20251001, 20260930 };
	struct tcase mue_case = { .rule = "-", .scenario = "J9271 x200",
				  .hi = "HI*ABK:Z5111*ABF:C3411~",
				  .lines = "SV1*HC:96413*900*UN*1***1:2~|SV1*HC:J9271:JZ*11900*UN*200***1:2~" };
	struct tcase flush = { .rule = "-", .scenario = "96413 with 96523 and 36591",
			       .lines = "SV1*HC:96413*900*UN*1***1~|SV1*HC:96523*60*UN*1***1~|SV1*HC:36591*30*UN*1***1~" };
	struct edits_error err;
	struct edits_tables *t = edits_tables_new(&err);
	struct edits_pack *p = edits_pack_load(NULL, &err);
	struct edits_table_counts n;
	struct edits *e = NULL;

	harness_context("importer seam: dated versions side by side");
	CHECK(t && p);
	if (!t || !p)
		goto out;
	CHECK(!edits_tables_set_mue(t, bad_mue, 1, &err));
	CHECK_INT_EQ(err.line, 1);
	CHECK(edits_tables_set_mue(t, mue, 2, &err));
	CHECK(edits_tables_set_ptp(t, ptp, 3, &err));
	edits_tables_counts(t, &n);
	CHECK_INT_EQ(n.ptp, 2); /* 96413/36591's two versions are one row */
	CHECK(edits_tables_set_icd10cm_sets(t, icd, 4, fy, 2, &err));
	CHECK(!edits_tables_set_icd10cm_sets(t, icd, 4, (const int32_t[]){ 20251001, 20250930 }, 1, &err));
	e = edits_new(t, p);
	CHECK(e != NULL);
	if (!e)
		goto out;
	mue_case.dos = "20250915";
	CHECK(fires(rs, e, &mue_case, "ONC-CLM-001"));   /* 200 > 100 */
	CHECK(!fires(rs, e, &mue_case, "ONC-DX-007"));   /* C34.11 billable in FY2025 */
	mue_case.dos = "20251015";
	CHECK(!fires(rs, e, &mue_case, "ONC-CLM-001"));  /* 200 <= 300 */
	CHECK(fires(rs, e, &mue_case, "ONC-DX-007"));    /* not in FY2026 */
	mue_case.dos = "20231015";
	CHECK(!fires(rs, e, &mue_case, "ONC-DX-007"));   /* no code set for FY2024: not judged */
	flush.dos = "20251015";
	CHECK(fires(rs, e, &flush, "ONC-NCCI-001"));
	flush.dos = "20260115";
	{
		struct hits h;
		unsigned ncci = 0;

		run_case(rs, e, &flush, &h);
		for (unsigned k = 0; k < h.n; k++)
			ncci += strcmp(h.rules[k], "ONC-NCCI-001") == 0;
		CHECK_INT_EQ(ncci, 1); /* 36591 still (the merged row), 96523 no more */
	}
out:
	edits_free(e);
	edits_pack_free(p);
	edits_tables_free(t);
}

int
main(int argc, char **argv)
{
	struct x12_schemas *schemas;
	struct x12_records *rs;
	struct edits_tables *t;
	struct edits_pack *p;
	struct edits *e;
	struct edits_error err;
	char path[1024], msg[256];

	if (argc < 2) {
		fprintf(stderr, "usage: test-rules FIXTURE_DIR\n");
		return 2;
	}
	schemas = tu_schemas_load(NULL, msg, sizeof msg);
	if (!schemas) {
		fprintf(stderr, "schemas: %s\n", msg);
		return 1;
	}
	rs = x12_records_new(schemas, NULL);
	t = edits_tables_new(&err);
	p = edits_pack_load(NULL, &err);
	if (!rs || !t || !p) {
		fprintf(stderr, "setup: %s:%lu: %s\n", err.file, err.line, err.msg);
		return 1;
	}
	snprintf(path, sizeof path, "%s/ptp-practitioner-synthetic.txt", argv[1]);
	CHECK(edits_tables_load(t, EDITS_TABLE_PTP, path, &err));
	snprintf(path, sizeof path, "%s/mue-practitioner-synthetic.csv", argv[1]);
	CHECK(edits_tables_load(t, EDITS_TABLE_MUE, path, &err));
	snprintf(path, sizeof path, "%s/crosswalk-synthetic.csv", argv[1]);
	CHECK(edits_tables_load(t, EDITS_TABLE_CROSSWALK, path, &err));
	e = edits_new(t, p);
	CHECK(e != NULL);
	if (e) {
		check_cases(rs, e);
		check_supersedes(rs, e);
		check_encounters(rs, e);
	}
	check_tables(argv[1]);
	check_packs();
	check_seam(rs);
	check_dated_seam(rs);
	edits_free(e);
	edits_pack_free(p);
	edits_tables_free(t);
	x12_records_free(rs);
	x12_schemas_free(schemas);
	return harness_exit();
}
