/*
 * test-envelope.c - SNIP level 1 through the reader: every envelope code of
 * x12.h on a claim that must fire it (code, segment ordinal, ST ordinal,
 * segment id, element) and, for most, a near miss that must not; then the
 * code registry (x12_code_info) and its agreement with docs/errors.md.
 *
 *   test-envelope [docs/errors.md]
 *
 * Each case is one interchange written with * : ^ ~ and the exact list of
 * diagnostics it must give, in stream order, as run_diags() prints them:
 * "X12-403 seg 7 st 5 SE01" = code, pos.segment, pos.st_segment (when not
 * 0), pos.seg_id with pos.element.  Every case is also read at chunk sizes
 * 1..7 and must give the same events.
 */
#include "harness.h"
#include "testutil.h"
#include "x12.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct x12_delims std_delims = { '*', ':', '^', '~' };

/* Every code of x12.h. */
static const enum x12_code all_codes[] = {
	X12_E_NOT_X12, X12_E_UTF16, X12_E_BINARY, X12_E_ISA_LAYOUT, X12_E_ISA_DELIMS,
	X12_E_SEGMENT_TOO_LONG, X12_E_TOO_MANY_ELEMENTS, X12_E_TRUNCATED, X12_E_AFTER_IEA,
	X12_E_NO_ISA_GS, X12_E_BAD_SEGMENT_ID, X12_E_IO, X12_E_NO_FINAL_TERMINATOR,
	X12_E_ISA_AUTH_QUAL, X12_E_ISA_SEC_QUAL, X12_E_ISA_ID_QUAL, X12_E_ISA_ID, X12_E_ISA_DATE,
	X12_E_ISA_TIME, X12_E_ISA_VERSION, X12_E_ISA_CONTROL, X12_E_ISA_ACK_REQ, X12_E_ISA_USAGE,
	X12_E_IEA_COUNT, X12_E_IEA_CONTROL, X12_E_IEA_MISSING, X12_E_ISA_DUPLICATE, X12_E_NESTING,
	X12_E_OUTSIDE_ST, X12_E_ISA_REPETITION, X12_E_ISA_AUTH,
	X12_E_GS_ELEMENTS, X12_E_GS_CONTROL, X12_E_GE_COUNT, X12_E_GE_CONTROL, X12_E_GE_MISSING,
	X12_E_GS_DUPLICATE, X12_E_GS_DATE, X12_E_GS_TIME,
	X12_E_ST_ID, X12_E_ST_CONTROL, X12_E_SE_COUNT, X12_E_SE_CONTROL, X12_E_SE_MISSING,
	X12_E_ST_DUPLICATE, X12_E_VERSION_MISMATCH, X12_E_ST_EMPTY,
	X12_E_GS_KIND, X12_E_TRAILING, X12_E_TRAILING_STRICT,
};

/* Codes the header marks "(warning)". */
static bool
is_warning_code(enum x12_code c)
{
	return c == X12_E_NO_FINAL_TERMINATOR || c == X12_E_ISA_DUPLICATE || c == X12_E_ISA_REPETITION ||
	       c == X12_E_ISA_AUTH || c == X12_E_VERSION_MISMATCH || c == X12_E_TRAILING;
}

/* Codes seen in the diagnostics of the cases below (all must be registered). */
static bool seen[1000];

struct env_case {
	const char *name;
	const char *isa;      /* ISA elements to overwrite (same width): "12=00401;11=U", or NULL */
	const char *body;     /* everything after the ISA */
	const char *expect;   /* run_diags() of the run */
};

#define B_TAIL T_SE T_GE T_IEA
#define B_VALID T_GS T_ST T_BODY B_TAIL
#define ST2 "ST*837*0002*005010X222A1~"
#define BHT "BHT*0019*00*0123*20240101*1200*CH~"
#define ISA_2                                                                \
	"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       " \
	"*240102*1300*^*00501*000000002*0*T*:~"
#define GS_2 "GS*HC*SENDER*RECEIVER*20240101*1200*2*X*005010X222A1~"

static const struct env_case cases[] = {
	{ "valid interchange", NULL, B_VALID, "" },
	{ "valid, two groups, two sets each", NULL,
	  T_GS T_ST BHT "SE*3*0001~" ST2 BHT "SE*3*0002~GE*2*1~" GS_2 T_ST BHT "SE*3*0001~" ST2 BHT
	  "SE*3*0002~GE*2*2~IEA*2*000000001~", "" },
	{ "valid, no functional group", NULL, "IEA*0*000000001~", "" },

	/* IEA */
	{ "IEA01 counts 2 groups, there is 1", NULL, T_GS T_ST T_BODY T_SE T_GE "IEA*2*000000001~",
	  "X12-211 seg 9 IEA01" },
	{ "IEA01 not a number", NULL, T_GS T_ST T_BODY T_SE T_GE "IEA*X*000000001~", "X12-211 seg 9 IEA01" },
	{ "near miss: IEA01 with a leading zero", NULL, T_GS T_ST T_BODY T_SE T_GE "IEA*01*000000001~", "" },
	{ "IEA02 differs from ISA13", NULL, T_GS T_ST T_BODY T_SE T_GE "IEA*1*000000002~",
	  "X12-212 seg 9 IEA02" },
	{ "IEA02 without the leading zeros of ISA13", NULL, T_GS T_ST T_BODY T_SE T_GE "IEA*1*1~",
	  "X12-212 seg 9 IEA02" },
	{ "IEA01 and IEA02 both wrong", NULL, T_GS T_ST T_BODY T_SE T_GE "IEA*0*000000009~",
	  "X12-211 seg 9 IEA01; X12-212 seg 9 IEA02" },

	/* GE */
	{ "GE01 counts 2 sets, there is 1", NULL, T_GS T_ST T_BODY T_SE "GE*2*1~" T_IEA, "X12-303 seg 8 GE01" },
	{ "GE02 differs from GS06", NULL, T_GS T_ST T_BODY T_SE "GE*1*2~" T_IEA, "X12-304 seg 8 GE02" },
	{ "near miss: GS06 and GE02 both 0001", NULL,
	  "GS*HC*SENDER*RECEIVER*20240101*1200*0001*X*005010X222A1~" T_ST T_BODY T_SE "GE*1*0001~" T_IEA, "" },
	{ "GE02 0001 for GS06 1", NULL, T_GS T_ST T_BODY T_SE "GE*1*0001~" T_IEA, "X12-304 seg 8 GE02" },

	/* SE */
	{ "SE01 counts 6 segments, there are 5", NULL, T_GS T_ST T_BODY "SE*6*0001~" T_GE T_IEA,
	  "X12-403 seg 7 st 5 SE01" },
	{ "SE01 counts 4 segments (without SE)", NULL, T_GS T_ST T_BODY "SE*4*0001~" T_GE T_IEA,
	  "X12-403 seg 7 st 5 SE01" },
	{ "SE01 missing", NULL, T_GS T_ST T_BODY "SE**0001~" T_GE T_IEA, "X12-403 seg 7 st 5 SE01" },
	{ "SE02 differs from ST02", NULL, T_GS T_ST T_BODY "SE*5*0002~" T_GE T_IEA, "X12-404 seg 7 st 5 SE02" },
	{ "SE02 missing", NULL, T_GS T_ST T_BODY "SE*5~" T_GE T_IEA, "X12-404 seg 7 st 5 SE02" },

	/* missing trailers at the end of input */
	{ "input ends after the ST body", NULL, T_GS T_ST T_BODY,
	  "X12-405 seg 3 ST; X12-305 seg 2 GS; X12-213 seg 1 ISA" },
	{ "input ends after SE", NULL, T_GS T_ST T_BODY T_SE, "X12-305 seg 2 GS; X12-213 seg 1 ISA" },
	{ "input ends after GE", NULL, T_GS T_ST T_BODY T_SE T_GE, "X12-213 seg 1 ISA" },
	{ "input ends after the ISA", NULL, "", "X12-213 seg 1 ISA" },

	/* missing trailers shown by the next header */
	{ "ST before the SE of the previous set", NULL,
	  T_GS T_ST BHT ST2 BHT "SE*3*0002~GE*2*1~" T_IEA, "X12-405 seg 3 ST" },
	{ "GS before the GE of the previous group", NULL,
	  T_GS T_ST BHT "SE*3*0001~" GS_2 T_ST BHT "SE*3*0001~GE*1*2~IEA*2*000000001~",
	  "X12-305 seg 2 GS; X12-215 seg 6 GS" },
	{ "GS before the SE and GE of the previous group", NULL,
	  T_GS T_ST BHT GS_2 T_ST BHT "SE*3*0001~GE*1*2~IEA*2*000000001~",
	  "X12-405 seg 3 ST; X12-305 seg 2 GS; X12-215 seg 5 GS" },
	{ "two interchanges", NULL, B_VALID ISA_2 T_GS T_ST T_BODY T_SE T_GE "IEA*1*000000002~", "" },
	{ "ISA before the IEA of the previous interchange", NULL,
	  T_GS T_ST T_BODY T_SE T_GE ISA_2 T_GS T_ST T_BODY T_SE T_GE "IEA*1*000000002~", "X12-213 seg 1 ISA" },
	{ "ISA before the GE and IEA of the previous interchange", NULL,
	  T_GS T_ST T_BODY T_SE ISA_2 T_GS T_ST T_BODY T_SE T_GE "IEA*1*000000002~",
	  "X12-305 seg 2 GS; X12-213 seg 1 ISA" },
	{ "ISA before the SE, GE and IEA of the previous interchange", NULL,
	  T_GS T_ST T_BODY ISA_2 T_GS T_ST T_BODY T_SE T_GE "IEA*1*000000002~",
	  "X12-405 seg 3 ST; X12-305 seg 2 GS; X12-213 seg 1 ISA" },

	/* nesting */
	{ "SE without ST", NULL, T_GS T_ST T_BODY T_SE "SE*2*0001~" T_GE T_IEA, "X12-215 seg 8 SE" },
	{ "GE without GS", NULL, T_GS T_ST T_BODY T_SE T_GE "GE*1*1~" T_IEA, "X12-215 seg 9 GE" },
	{ "ST..SE with no GS", NULL, "ST*837*0001~" BHT "SE*3*0001~IEA*0*000000001~", "X12-215 seg 2 st 1 ST" },
	{ "ST..SE with no GS, then a group", NULL, "ST*837*0001~" BHT "SE*3*0001~" B_VALID,
	  "X12-215 seg 2 st 1 ST" },
	{ "TA1 between ISA and GS", NULL, "TA1*000000009*240101*1200*A*000~" B_VALID, "" },
	{ "an interchange with a TA1 only", NULL, "TA1*000000009*240101*1200*A*000~IEA*0*000000001~", "" },
	{ "TA1 inside a group", NULL, T_GS "TA1*000000009*240101*1200*A*000~" T_ST T_BODY B_TAIL,
	  "X12-216 seg 3 TA1" },
	{ "segments outside ST..SE: reported once per run", NULL,
	  T_GS "NTE*A~NTE*B~" T_ST BHT "SE*3*0001~NTE*C~" T_GE T_IEA,
	  "X12-216 seg 3 NTE; X12-216 seg 8 NTE" },
	{ "a segment between ISA and GS", NULL, "NTE*A~" B_VALID, "X12-216 seg 2 NTE" },
	{ "a segment between GE and IEA", NULL, T_GS T_ST T_BODY T_SE T_GE "NTE*A~" T_IEA, "X12-216 seg 9 NTE" },
	{ "segments outside ST..SE in two interchanges", NULL,
	  T_GS "NTE*A~GE*0*1~" T_IEA ISA_2 T_GS "NTE*B~GE*0*1~IEA*1*000000002~",
	  "X12-216 seg 3 NTE; X12-216 seg 8 NTE" },
	{ "segments outside ST..SE in two groups", NULL,
	  T_GS "NTE*A~GE*0*1~" GS_2 "NTE*B~GE*0*2~IEA*2*000000001~", "X12-216 seg 3 NTE; X12-216 seg 6 NTE" },

	/* duplicates */
	{ "GS06 repeated within the interchange", NULL,
	  T_GS T_ST BHT "SE*3*0001~GE*1*1~" T_GS T_ST BHT "SE*3*0001~GE*1*1~IEA*2*000000001~",
	  "X12-306 seg 7 GS06" },
	{ "near miss: the same GS06 in two interchanges", NULL,
	  B_VALID ISA_2 T_GS T_ST T_BODY T_SE T_GE "IEA*1*000000002~", "" },
	{ "ST02 repeated within the group", NULL,
	  T_GS T_ST BHT "SE*3*0001~" T_ST BHT "SE*3*0001~GE*2*1~" T_IEA, "X12-406 seg 6 st 1 ST02" },
	{ "near miss: the same ST02 in two groups", NULL,
	  T_GS T_ST BHT "SE*3*0001~GE*1*1~" GS_2 T_ST BHT "SE*3*0001~GE*1*2~IEA*2*000000001~", "" },
	{ "ISA13 repeated in one input", NULL, B_VALID T_ISA B_VALID, "X12-214 seg 10 ISA13" },

	/* ISA values */
	{ "ISA01 not digits", "1=0A", B_VALID, "X12-201 seg 1 ISA01" },
	{ "ISA02 not blank with ISA01 00", "2=SECRET    ", B_VALID, "X12-218 seg 1 ISA02" },
	{ "near miss: ISA02 with ISA01 03", "1=03", B_VALID, "" },
	{ "ISA03 not 00 or 01", "3=02", B_VALID, "X12-202 seg 1 ISA03" },
	{ "ISA04 not blank with ISA03 00", "4=PASSWORD  ", B_VALID, "X12-218 seg 1 ISA04" },
	{ "ISA05 blank", "5=  ", B_VALID, "X12-203 seg 1 ISA05" },
	{ "ISA06 blank", "6=               ", B_VALID, "X12-204 seg 1 ISA06" },
	{ "ISA07 half blank", "7=Z ", B_VALID, "X12-203 seg 1 ISA07" },
	{ "ISA08 blank", "8=               ", B_VALID, "X12-204 seg 1 ISA08" },
	{ "ISA09 month 13", "9=241301", B_VALID, "X12-205 seg 1 ISA09" },
	{ "ISA09 30 February", "9=240230", B_VALID, "X12-205 seg 1 ISA09" },
	{ "ISA09 29 February of 2023", "9=230229", B_VALID, "X12-205 seg 1 ISA09" },
	{ "ISA09 zeros", "9=000000", B_VALID, "X12-205 seg 1 ISA09" },
	{ "near miss: ISA09 29 February of 2024", "9=240229", B_VALID, "" },
	{ "ISA10 hour 24", "10=2400", B_VALID, "X12-206 seg 1 ISA10" },
	{ "ISA10 minute 60", "10=1260", B_VALID, "X12-206 seg 1 ISA10" },
	{ "ISA10 not digits", "10=12:0", B_VALID, "X12-206 seg 1 ISA10" },
	{ "near miss: ISA10 2359", "10=2359", B_VALID, "" },
	{ "ISA11 U in version 00501", "11=U", B_VALID, "X12-217 seg 1 ISA11" },
	{ "near miss: ISA11 U in version 00401", "12=00401;11=U", B_VALID, "" },
	{ "ISA12 not digits", "12=0050A", B_VALID, "X12-207 seg 1 ISA12" },
	{ "ISA13 not digits", "13=00000000A", T_GS T_ST T_BODY T_SE T_GE "IEA*1*00000000A~",
	  "X12-208 seg 1 ISA13" },
	{ "ISA14 not 0 or 1", "14=2", B_VALID, "X12-209 seg 1 ISA14" },
	{ "near miss: ISA14 1", "14=1", B_VALID, "" },
	{ "ISA15 not P, T or I", "15=X", B_VALID, "X12-210 seg 1 ISA15" },
	{ "near miss: ISA15 P", "15=P", B_VALID, "" },

	/* GS values */
	{ "GS01 one letter", NULL, "GS*H*SENDER*RECEIVER*20240101*1200*1*X*005010X222A1~" T_ST T_BODY B_TAIL,
	  "X12-301 seg 2 GS01" },
	{ "GS02 one character", NULL, "GS*HC*S*RECEIVER*20240101*1200*1*X*005010X222A1~" T_ST T_BODY B_TAIL,
	  "X12-301 seg 2 GS02" },
	{ "GS07 not X", NULL, "GS*HC*SENDER*RECEIVER*20240101*1200*1*Y*005010X222A1~" T_ST T_BODY B_TAIL,
	  "X12-301 seg 2 GS07" },
	{ "GS08 missing", NULL, "GS*HC*SENDER*RECEIVER*20240101*1200*1*X~" T_ST T_BODY B_TAIL,
	  "X12-301 seg 2 GS08" },
	{ "GS04 30 February", NULL, "GS*HC*SENDER*RECEIVER*20240230*1200*1*X*005010X222A1~" T_ST T_BODY B_TAIL,
	  "X12-307 seg 2 GS04" },
	{ "GS04 29 February of 2100", NULL,
	  "GS*HC*SENDER*RECEIVER*21000229*1200*1*X*005010X222A1~" T_ST T_BODY B_TAIL, "X12-307 seg 2 GS04" },
	{ "GS04 six digits", NULL, "GS*HC*SENDER*RECEIVER*240101*1200*1*X*005010X222A1~" T_ST T_BODY B_TAIL,
	  "X12-307 seg 2 GS04" },
	{ "near miss: GS04 29 February of 2000", NULL,
	  "GS*HC*SENDER*RECEIVER*20000229*1200*1*X*005010X222A1~" T_ST T_BODY B_TAIL, "" },
	{ "GS05 hour 24", NULL, "GS*HC*SENDER*RECEIVER*20240101*2400*1*X*005010X222A1~" T_ST T_BODY B_TAIL,
	  "X12-308 seg 2 GS05" },
	{ "GS05 seconds 97", NULL, "GS*HC*SENDER*RECEIVER*20240101*102497*1*X*005010X222A1~" T_ST T_BODY B_TAIL,
	  "X12-308 seg 2 GS05" },
	{ "GS05 five digits", NULL, "GS*HC*SENDER*RECEIVER*20240101*12001*1*X*005010X222A1~" T_ST T_BODY B_TAIL,
	  "X12-308 seg 2 GS05" },
	{ "near miss: GS05 HHMMSSdd", NULL,
	  "GS*HC*SENDER*RECEIVER*20240101*23595999*1*X*005010X222A1~" T_ST T_BODY B_TAIL, "" },
	{ "GS06 not digits", NULL, "GS*HC*SENDER*RECEIVER*20240101*1200*A1*X*005010X222A1~" T_ST T_BODY T_SE
	  "GE*1*A1~" T_IEA, "X12-302 seg 2 GS06" },
	{ "GS06 missing", NULL, "GS*HC*SENDER*RECEIVER*20240101*1200**X*005010X222A1~" T_ST T_BODY T_SE
	  "GE*1~" T_IEA, "X12-302 seg 2 GS06" },
	{ "near miss: GS06 of 9 digits", NULL,
	  "GS*HC*SENDER*RECEIVER*20240101*1200*123456789*X*005010X222A1~" T_ST T_BODY T_SE "GE*1*123456789~" T_IEA,
	  "" },

	/* GS01 against the sets inside (X12-309, at each ST that does not belong) */
	{ "an 835 inside GS*HC", NULL, T_GS "ST*835*0001~BPR*I*0*C*NON~SE*3*0001~" T_GE T_IEA,
	  "X12-309 seg 3 st 1 ST01" },
	{ "a 277 inside GS*HC", NULL, T_GS "ST*277*0001~BHT*0010*08*1*20240101*1200*TH~SE*3*0001~" T_GE T_IEA,
	  "X12-309 seg 3 st 1 ST01" },
	{ "an 837 inside GS*HP", NULL, "GS*HP*SENDER*RECEIVER*20240101*1200*1*X*005010X222A1~" T_ST T_BODY B_TAIL,
	  "X12-309 seg 3 st 1 ST01" },
	{ "the second of two sets in the wrong group", NULL,
	  T_GS T_ST BHT "SE*3*0001~ST*999*0002~AK1*HC*1~SE*3*0002~GE*2*1~" T_IEA, "X12-309 seg 6 st 1 ST01" },
	{ "near miss: an 835 inside GS*HP", NULL,
	  "GS*HP*SENDER*RECEIVER*20240101*1200*1*X*005010X221A1~ST*835*0001~BPR*I*0*C*NON~SE*3*0001~" T_GE T_IEA, "" },
	{ "near miss: a 999 inside GS*FA", NULL,
	  "GS*FA*SENDER*RECEIVER*20240101*1200*1*X*005010X231A1~ST*999*0001~AK1*HC*1~SE*3*0001~" T_GE T_IEA, "" },
	{ "near miss: a set remedi has no GS01 for (850) is not checked", NULL,
	  T_GS "ST*850*0001~BEG*00*SA*1~SE*3*0001~" T_GE T_IEA, "" },

	/* X12.6: nothing empty is sent at the end of a segment, element or composite */
	{ "a segment ending with an element separator", NULL, T_GS T_ST BHT "N3*A*~SE*4*0001~" T_GE T_IEA,
	  "X12-905 seg 5 st 3 N302" },
	{ "an element ending with a component separator", NULL, T_GS T_ST BHT "SV1*HC:99213:*1~SE*4*0001~" T_GE T_IEA,
	  "X12-905 seg 5 st 3 SV101" },
	{ "an element ending with a repetition separator", NULL, T_GS T_ST BHT "N3*A^*B~SE*4*0001~" T_GE T_IEA,
	  "X12-905 seg 5 st 3 N301" },
	{ "an envelope segment ending with a separator", NULL, T_GS T_ST T_BODY "SE*5*0001*~" T_GE T_IEA,
	  "X12-219 seg 7 st 5 SE03; X12-905 seg 7 st 5 SE03" },
	{ "near miss: empty elements, components and repetitions inside", NULL,
	  T_GS T_ST BHT "SV1*HC::X**1*A^B~SE*4*0001~" T_GE T_IEA, "" },
	{ "near miss: the ISA ends with ISA16, its component separator", NULL, B_VALID, "" },

	/* ST values */
	{ "ST01 two characters", NULL, T_GS "ST*83*0001*005010X222A1~" T_BODY B_TAIL, "X12-401 seg 3 st 1 ST01" },
	{ "ST02 three characters", NULL, T_GS "ST*837*123*005010X222A1~" T_BODY "SE*5*123~" T_GE T_IEA,
	  "X12-402 seg 3 st 1 ST02" },
	{ "ST02 of 10 characters, SE02 the same", NULL, T_GS "ST*837*1234567890~" BHT "SE*3*1234567890~" T_GE T_IEA,
	  "X12-402 seg 3 st 1 ST02" },
	{ "ST02 with a trailing space, SE02 without (pyx12__ele.txt)", NULL,
	  T_GS "ST*837*300145997 ~" BHT "SE*3*300145997~" T_GE T_IEA, "X12-402 seg 3 st 1 ST02; X12-404 seg 5 st 3 SE02" },
	{ "GS06 of 10 digits, GE02 the same", NULL,
	  "GS*HC*SENDER*RECEIVER*20240101*1200*1234567890*X*005010X222A1~" T_ST T_BODY T_SE "GE*1*1234567890~" T_IEA,
	  "X12-302 seg 2 GS06" },
	{ "GS06 of 11 digits, GE02 its first 9", NULL,
	  "GS*HC*SENDER*RECEIVER*20240101*1200*12345678901*X*005010X222A1~" T_ST T_BODY T_SE "GE*1*123456789~" T_IEA,
	  "X12-302 seg 2 GS06; X12-304 seg 8 GE02" },
	{ "near miss: ST02 of 9 characters", NULL,
	  T_GS "ST*837*123456789*005010X222A1~" T_BODY "SE*5*123456789~" T_GE T_IEA, "" },
	{ "ST03 differs from GS08", NULL, T_GS "ST*837*0001*005010X223A2~" T_BODY B_TAIL,
	  "X12-407 seg 3 st 1 ST03" },
	{ "near miss: no ST03", NULL, T_GS "ST*837*0001~" T_BODY B_TAIL, "" },
	{ "ST immediately followed by SE", NULL, T_GS T_ST "SE*2*0001~" T_GE T_IEA, "X12-408 seg 4 st 2 SE" },
	{ "near miss: one segment between ST and SE", NULL, T_GS T_ST BHT "SE*3*0001~" T_GE T_IEA, "" },

	/* segment ids */
	{ "segment id with a lower-case letter", NULL, T_GS T_ST T_BODY "Nd4*1~SE*6*0001~" T_GE T_IEA,
	  "X12-111 seg 7 st 5" }, /* not an id: not echoed (it may be part of a name) */
	{ "segment id of four characters", NULL, T_GS T_ST T_BODY "NM31*1~SE*6*0001~" T_GE T_IEA,
	  "X12-111 seg 7 st 5" },
	{ "segment id starting with a digit", NULL, T_GS T_ST T_BODY "4N*1~SE*6*0001~" T_GE T_IEA,
	  "X12-111 seg 7 st 5" },
	{ "empty segment (two terminators)", NULL, T_GS T_ST T_BODY "~SE*6*0001~" T_GE T_IEA,
	  "X12-111 seg 7 st 5" },
	{ "segment with an empty id", NULL, T_GS T_ST T_BODY "*IC*X~SE*6*0001~" T_GE T_IEA,
	  "X12-111 seg 7 st 5" },
	{ "near miss: ids of 2-3 letters and digits", NULL,
	  T_GS T_ST BHT "N3*A~N4*B~K3*C~SE*6*0001~" T_GE T_IEA, "" },
	/* an ST outside any GS leaves no group open behind it */
	{ "ST with no GS and no SE, then IEA", NULL, "ST*837*0001~" BHT "IEA*0*000000001~",
	  "X12-215 seg 2 st 1 ST; X12-405 seg 2 ST" },
	{ "ST with no GS and no SE, then the end of input", NULL, "ST*837*0001~" BHT,
	  "X12-215 seg 2 st 1 ST; X12-405 seg 2 ST; X12-213 seg 1 ISA" },
	{ "two ST with no GS, the first without SE", NULL, "ST*837*0001~" BHT "ST*837*0002~" BHT
	  "SE*3*0002~IEA*0*000000001~", "X12-215 seg 2 st 1 ST; X12-405 seg 2 ST; X12-215 seg 4 st 1 ST" },
	{ "GE after an ST with no GS and no SE", NULL, "ST*837*0001~" BHT "GE*1*1~IEA*0*000000001~",
	  "X12-215 seg 2 st 1 ST; X12-405 seg 2 ST; X12-215 seg 4 GE" },
};

static struct tbuf
case_input(const struct env_case *c)
{
	struct tbuf logical = { 0 }, in;

	tbuf_puts(&logical, T_ISA);
	for (const char *e = c->isa; e && *e;) {
		unsigned el = (unsigned)atoi(e);
		const char *v = strchr(e, '=') + 1;
		size_t n = strcspn(v, ";");

		memcpy(logical.p + t_isa_at[el], v, n);
		e = v + n + (v[n] == ';');
	}
	tbuf_puts(&logical, c->body);
	in = x12_render(logical.p, std_delims, "");
	tbuf_free(&logical);
	return in;
}

static void
run_case(const char *name, const char *data, size_t len, const char *expect, struct run *r)
{
	char *mismatch = chunk_mismatch(data, len, NULL), *got;

	harness_context("%s", name);
	if (!CHECK(mismatch == NULL))
		fprintf(stderr, "    %s\n", mismatch);
	free(mismatch);
	run_reader(r, data, len, NULL);
	CHECK_INT_EQ(r->end, X12_DONE);
	got = run_diags(r);
	CHECK_STR_EQ(got, expect);
	free(got);
	for (size_t i = 0; i < r->ndiag; i++) {
		const struct x12_error *e = &r->diag[i];

		if (e->code > 0 && e->code < 1000)
			seen[e->code] = true;
		/* a diagnostic after a segment points at it or at an earlier header */
		CHECK(e->pos.segment <= r->stats.segments);
		CHECK(e->msg[0] != '\0');
		CHECK(!x12_code_info(e->code)->fatal);
	}
}

static void
test_cases(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct env_case *c = &cases[i];
		struct tbuf in;
		struct run r;

		in = case_input(c);
		run_case(c->name, in.p, in.len, c->expect, &r);
		run_free(&r);
		tbuf_free(&in);
	}
}

/* Positions beyond the summary: offsets, ST ordinals, warnings. */
static void
test_positions(void)
{
	struct tbuf in;
	struct run r;

	/* SE01: the diagnostic sits at the SE segment */
	in = x12_render(T_ISA T_GS T_ST T_BODY "SE*6*0001~" T_GE T_IEA, std_delims, "\r\n");
	run_case("SE01 position, CRLF layout", in.p, in.len, "X12-403 seg 7 st 5 SE01", &r);
	if (r.ndiag == 1 && r.nseg >= 7) {
		CHECK_INT_EQ(r.diag[0].pos.offset, r.seg[6].offset);
		CHECK_INT_EQ(r.seg[6].st_segment, 5);
		CHECK_STR_EQ(r.diag[0].pos.seg_id, "SE");
		CHECK_INT_EQ(r.diag[0].pos.element, 1);
		CHECK_INT_EQ(r.diag[0].pos.component, 0);
		CHECK_INT_EQ(r.diag[0].pos.repetition, 0);
		CHECK_INT_EQ(x12_code_info(r.diag[0].code)->severity, X12_SEV_ERROR);
	}
	/* st_segment of every segment: ST = 1 ... SE = 5, 0 outside */
	for (size_t i = 0; i < r.nseg; i++)
		CHECK_INT_EQ(r.seg[i].st_segment, i >= 2 && i <= 6 ? i - 1 : 0);
	run_free(&r);
	tbuf_free(&in);

	/* a missing trailer is reported at its header, after the last segment */
	in = x12_render(T_ISA T_GS T_ST T_BODY, std_delims, "\n");
	run_case("missing trailers point at their headers", in.p, in.len,
		 "X12-405 seg 3 ST; X12-305 seg 2 GS; X12-213 seg 1 ISA", &r);
	if (r.ndiag == 3 && r.nseg >= 3) {
		CHECK_INT_EQ(r.diag[0].pos.offset, r.seg[2].offset);
		CHECK_INT_EQ(r.diag[1].pos.offset, r.seg[1].offset);
		CHECK_INT_EQ(r.diag[2].pos.offset, 0);
		CHECK_INT_EQ(r.diag[0].pos.element, 0);
	}
	run_free(&r);
	tbuf_free(&in);

	/* trailing separators: component and repetition named, a warning unless strict */
	in = x12_render(T_ISA T_GS T_ST BHT "SV1*HC:99213:*1^2^*X*~SE*4*0001~" T_GE T_IEA, std_delims, "");
	run_case("trailing separators: positions", in.p, in.len,
		 "X12-905 seg 5 st 3 SV101; X12-905 seg 5 st 3 SV102; X12-905 seg 5 st 3 SV104", &r);
	if (CHECK_INT_EQ(r.ndiag, 3)) {
		CHECK_INT_EQ(r.diag[0].pos.component, 3);
		CHECK_INT_EQ(r.diag[1].pos.repetition, 3);
		CHECK_INT_EQ(r.diag[2].pos.element, 4);
		CHECK_INT_EQ(r.diag[2].pos.offset, r.seg[4].offset);
		CHECK_INT_EQ(x12_code_info(r.diag[0].code)->severity, X12_SEV_WARNING);
	}
	run_free(&r);
	{
		struct x12_limits strict = { .strict = true };

		harness_context("trailing separators under x12_limits.strict");
		run_reader(&r, in.p, in.len, &strict);
		{
			char *got = run_diags(&r);

			CHECK_STR_EQ(got, "X12-906 seg 5 st 3 SV101; X12-906 seg 5 st 3 SV102; X12-906 seg 5 st 3 SV104");
			free(got);
		}
		if (r.ndiag)
			CHECK_INT_EQ(x12_code_info(r.diag[0].code)->severity, X12_SEV_ERROR);
		for (size_t i = 0; i < r.ndiag; i++)
			seen[r.diag[i].code] = true;
		run_free(&r);
	}
	tbuf_free(&in);

	/* warnings are warnings */
	in = x12_render(T_ISA T_GS "ST*837*0001*005010X223A2~" T_BODY T_SE T_GE T_IEA, std_delims, "");
	run_case("ST03/GS08 mismatch is a warning", in.p, in.len, "X12-407 seg 3 st 1 ST03", &r);
	if (r.ndiag == 1)
		CHECK_INT_EQ(x12_code_info(r.diag[0].code)->severity, X12_SEV_WARNING);
	run_free(&r);
	tbuf_free(&in);

	/* the outside-ST diagnostic names the segment's own id and no ST ordinal */
	in = x12_render(T_ISA T_GS "NTE*A~" T_ST T_BODY T_SE T_GE T_IEA, std_delims, "");
	run_case("outside ST position", in.p, in.len, "X12-216 seg 3 NTE", &r);
	if (r.ndiag == 1) {
		CHECK_INT_EQ(r.diag[0].pos.st_segment, 0);
		CHECK_INT_EQ(r.diag[0].pos.offset, 106 + 53);
	}
	run_free(&r);
	tbuf_free(&in);

	/* diagnostics come right after the segment they concern, in stream order */
	in = x12_render(T_ISA T_GS T_ST T_BODY "SE*6*0002~GE*2*1~" T_IEA, std_delims, "");
	run_case("diagnostics in stream order", in.p, in.len,
		 "X12-403 seg 7 st 5 SE01; X12-404 seg 7 st 5 SE02; X12-303 seg 8 GE01", &r);
	run_free(&r);
	tbuf_free(&in);
}

static void
test_registry(void)
{
	for (size_t i = 0; i < sizeof all_codes / sizeof all_codes[0]; i++) {
		enum x12_code c = all_codes[i];
		const struct x12_code_info *ci = x12_code_info(c);
		char label[16];

		harness_context("registry entry of code %d", (int)c);
		CHECK_INT_EQ(ci->code, c);
		CHECK(ci->slug && ci->slug[0]);
		CHECK(ci->summary && ci->summary[0]);
		CHECK(ci->ack_code != NULL);
		if (ci->ack != X12_ACK_NONE)
			CHECK(ci->ack_code && ci->ack_code[0]);
		else
			CHECK(ci->ack_code && !ci->ack_code[0]);
		CHECK_INT_EQ(ci->severity, is_warning_code(c) ? X12_SEV_WARNING : X12_SEV_ERROR);
		/* the 100s stop reading, except a bad id and the final-terminator warning */
		CHECK_INT_EQ(ci->fatal, c < 200 && c != X12_E_BAD_SEGMENT_ID && c != X12_E_NO_FINAL_TERMINATOR);
		snprintf(label, sizeof label, "X12-%03d", (int)c);
		CHECK_STR_EQ(x12_code_label(c), label);
		for (size_t k = 0; k < i; k++) {
			CHECK(all_codes[k] != c);
			CHECK(strcmp(x12_code_info(all_codes[k])->slug, ci->slug) != 0);
		}
	}
	harness_context("registry: unknown codes");
	CHECK_INT_EQ(x12_code_info((enum x12_code)999)->code, X12_E_NONE);
	CHECK_STR_EQ(x12_code_info((enum x12_code)999)->slug, "unknown");
	CHECK_STR_EQ(x12_code_info(X12_E_NONE)->slug, "unknown");

	harness_context("every code the cases raised is registered");
	for (int c = 1; c < 1000; c++)
		if (seen[c])
			CHECK(strcmp(x12_code_info((enum x12_code)c)->slug, "unknown") != 0);
	/* and every non-fatal envelope code was raised by some case */
	for (size_t i = 0; i < sizeof all_codes / sizeof all_codes[0]; i++) {
		enum x12_code c = all_codes[i];

		if (c >= 200 || c == X12_E_BAD_SEGMENT_ID) {
			harness_context("code %d is raised by a case", (int)c);
			CHECK(seen[c]);
		}
	}
}

/* The ack column of docs/errors.md, e.g. "TA105=022", as level + code. */
static bool
parse_ack(const char *s, enum x12_ack_level *level, char *code, size_t codelen)
{
	static const struct {
		const char *prefix;
		enum x12_ack_level level;
	} map[] = {
		{ "TA105=", X12_ACK_TA1 }, { "AK905=", X12_ACK_AK9 }, { "IK502=", X12_ACK_IK5 },
		{ "IK304=", X12_ACK_IK3 }, { "IK403=", X12_ACK_IK4 },
	};

	if (strcmp(s, "-") == 0) {
		*level = X12_ACK_NONE;
		code[0] = '\0';
		return true;
	}
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		size_t n = strlen(map[i].prefix);

		if (strncmp(s, map[i].prefix, n) == 0) {
			*level = map[i].level;
			snprintf(code, codelen, "%s", s + n);
			return true;
		}
	}
	return false;
}

/* Trims a table cell in place. */
static char *
cell(char *s)
{
	char *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		*--e = '\0';
	return s;
}

/*
 * docs/errors.md and the registry agree: every code has one row with the
 * same slug, fatality, warning marker and acknowledgment code.
 */
static void
test_docs(const char *path)
{
	bool documented[1000] = { false };
	char line[1024];
	FILE *f = fopen(path, "r");

	harness_context("docs/errors.md (%s)", path);
	if (!CHECK(f != NULL))
		return;
	while (fgets(line, sizeof line, f)) {
		char *col[6] = { 0 }, *p = line;
		enum x12_ack_level level = X12_ACK_NONE;
		char ack[16];
		const struct x12_code_info *ci;
		int code;
		unsigned n = 0;

		if (strncmp(line, "| X12-", 6) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		while (n < 6 && (p = strchr(p, '|')) != NULL) {
			*p++ = '\0';
			col[n++] = p;
		}
		if (!CHECK(n == 6))
			continue;
		for (unsigned k = 0; k < 5; k++)
			col[k] = cell(col[k]);
		code = atoi(col[0] + 4);
		ci = x12_code_info((enum x12_code)code);
		harness_context("docs/errors.md row %s", col[0]);
		if (!CHECK(code > 0 && code < 1000 && !documented[code]))
			continue;
		documented[code] = true;
		CHECK_INT_EQ(ci->code, code);
		CHECK_STR_EQ(col[1], ci->slug);
		CHECK_INT_EQ(strncmp(col[2], "yes", 3) == 0, ci->fatal);
		CHECK_INT_EQ(strstr(col[2], "warning") != NULL, ci->severity == X12_SEV_WARNING);
		if (!CHECK(parse_ack(col[3], &level, ack, sizeof ack)))
			continue;
		CHECK_INT_EQ(level, ci->ack);
		CHECK_STR_EQ(ack, ci->ack_code);
	}
	fclose(f);
	{
		size_t n;
		const struct x12_code_info *list = x12_code_list(&n);

		for (size_t i = 0; i < n; i++) {
			harness_context("code %d has a row in docs/errors.md", (int)list[i].code);
			CHECK(documented[list[i].code]);
		}
	}
}

int
main(int argc, char **argv)
{
	test_cases();
	test_positions();
	test_registry();
	if (argc > 1)
		test_docs(argv[1]);
	else
		printf("docs/errors.md not given: registry/docs agreement not checked\n");
	return harness_exit();
}
