/*
 * errors.c - the registry of diagnostic codes.
 *
 * Each code maps to the acknowledgment that reports it, so a TA1 or a 999
 * can be built from the code alone: TA105 interchange note codes, AK905
 * functional group codes, IK502 transaction set codes (X12 005010 ack sets).
 * GS content errors go to TA1 024 ("invalid interchange content, e.g. an
 * invalid GS segment"): 005010's AK905 has no code for a bad GS date or time.
 * Codes are never renumbered or reused; a retired code keeps its row.
 */
#include "x12.h"
#include "x12_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* snip: the SNIP level whose checks raise the code (0: not a check, always reported) */
#define E(code, slug, snip, sev, fatal, ack, ackc, summary) \
	{ code, slug, X12_SEV_##sev, fatal, X12_ACK_##ack, ackc, summary, snip }

static const struct x12_code_info registry[] = {
	E(X12_E_NOT_X12, "not-x12", 1, ERROR, true, NONE, "", "input is not an X12 interchange"),
	E(X12_E_UTF16, "utf16-input", 1, ERROR, true, NONE, "", "UTF-16/32 text; X12 is single-byte"),
	E(X12_E_BINARY, "binary-input", 1, ERROR, true, NONE, "", "binary data, not X12 text"),
	E(X12_E_ISA_LAYOUT, "isa-not-fixed-width", 1, ERROR, true, TA1, "022", "ISA is not 106 fixed-width bytes"),
	E(X12_E_ISA_DELIMS, "isa-bad-delimiters", 1, ERROR, true, TA1, "026", "ISA delimiters are not distinct, usable characters"),
	E(X12_E_SEGMENT_TOO_LONG, "segment-too-long", 1, ERROR, true, TA1, "024", "segment exceeds the length limit"),
	E(X12_E_TOO_MANY_ELEMENTS, "too-many-elements", 1, ERROR, true, TA1, "024", "segment exceeds the element limit"),
	E(X12_E_TRUNCATED, "truncated", 1, ERROR, true, TA1, "023", "input ends inside a segment or the ISA"),
	E(X12_E_AFTER_IEA, "data-after-iea", 1, ERROR, true, TA1, "022", "data after IEA that is not an ISA"),
	E(X12_E_NO_ISA_GS, "no-isa", 1, ERROR, true, NONE, "", "input starts with GS or ST: no ISA envelope"),
	E(X12_E_BAD_SEGMENT_ID, "bad-segment-id", 1, ERROR, false, IK3, "1", "segment id is not 2-3 upper-case letters or digits"),
	E(X12_E_IO, "io", 0, ERROR, true, NONE, "", "the input could not be read or inflated"),
	E(X12_E_NOMEM, "out-of-memory", 0, ERROR, true, NONE, "", "an allocation failed: the input was not read to its end"),
	E(X12_E_DEFINITIONS, "definitions", 0, ERROR, true, NONE, "", "transaction-set definitions could not be loaded or compiled"),
	E(X12_E_NO_FINAL_TERMINATOR, "no-final-terminator", 1, WARNING, false, NONE, "", "the last segment (IEA) has no terminator"),

	E(X12_E_ISA_AUTH_QUAL, "isa01-auth-qualifier", 1, ERROR, false, TA1, "010", "ISA01 authorization qualifier not a 2-digit code"),
	E(X12_E_ISA_SEC_QUAL, "isa03-security-qualifier", 1, ERROR, false, TA1, "012", "ISA03 security qualifier not 00 or 01"),
	E(X12_E_ISA_ID_QUAL, "isa-id-qualifier", 1, ERROR, false, TA1, "005", "ISA05/ISA07 interchange id qualifier blank"),
	E(X12_E_ISA_ID, "isa-id", 1, ERROR, false, TA1, "006", "ISA06/ISA08 interchange id blank"),
	E(X12_E_ISA_DATE, "isa09-date", 1, ERROR, false, TA1, "014", "ISA09 is not a valid YYMMDD date"),
	E(X12_E_ISA_TIME, "isa10-time", 1, ERROR, false, TA1, "015", "ISA10 is not a valid HHMM time"),
	E(X12_E_ISA_VERSION, "isa12-version", 1, ERROR, false, TA1, "017", "ISA12 version is not a 5-digit control version"),
	E(X12_E_ISA_CONTROL, "isa13-control", 1, ERROR, false, TA1, "018", "ISA13 is not 9 digits"),
	E(X12_E_ISA_ACK_REQ, "isa14-ack-requested", 1, ERROR, false, TA1, "019", "ISA14 not 0 or 1"),
	E(X12_E_ISA_USAGE, "isa15-usage", 1, ERROR, false, TA1, "020", "ISA15 usage indicator not P, T or I"),
	E(X12_E_IEA_COUNT, "iea01-group-count", 1, ERROR, false, TA1, "021", "IEA01 differs from the number of GS"),
	E(X12_E_IEA_CONTROL, "iea02-control", 1, ERROR, false, TA1, "001", "IEA02 differs from ISA13"),
	E(X12_E_IEA_MISSING, "iea-missing", 1, ERROR, false, TA1, "023", "interchange has no IEA"),
	E(X12_E_ISA_DUPLICATE, "isa13-duplicate", 1, WARNING, false, TA1, "025", "ISA13 repeats an earlier interchange"),
	E(X12_E_NESTING, "envelope-nesting", 1, ERROR, false, TA1, "022", "envelope segment out of place"),
	E(X12_E_OUTSIDE_ST, "outside-transaction", 1, ERROR, false, TA1, "024", "data segment outside ST..SE"),
	E(X12_E_ISA_REPETITION, "isa11-repetition", 1, WARNING, false, TA1, "026", "ISA11 must be a repetition separator from 00501 on"),
	E(X12_E_ENV_ELEMENTS, "envelope-extra-elements", 1, ERROR, false, TA1, "024", "envelope segment has more elements than X12 defines"),
	E(X12_E_ISA_AUTH, "isa02-isa04-blank", 1, WARNING, false, TA1, "011", "ISA02/ISA04 not blank although qualifier is 00"),

	E(X12_E_GS_ELEMENTS, "gs-elements", 1, ERROR, false, TA1, "024", "GS element missing or malformed"),
	E(X12_E_GS_CONTROL, "gs06-control", 1, ERROR, false, AK9, "6", "GS06 is not 1-9 digits"),
	E(X12_E_GE_COUNT, "ge01-count", 1, ERROR, false, AK9, "5", "GE01 differs from the number of ST"),
	E(X12_E_GE_CONTROL, "ge02-control", 1, ERROR, false, AK9, "4", "GE02 differs from GS06"),
	E(X12_E_GE_MISSING, "ge-missing", 1, ERROR, false, AK9, "3", "functional group has no GE"),
	E(X12_E_GS_DUPLICATE, "gs06-duplicate", 1, ERROR, false, AK9, "19", "GS06 repeats within the interchange"),
	E(X12_E_GS_DATE, "gs04-date", 1, ERROR, false, TA1, "024", "GS04 is not a valid CCYYMMDD date"),
	E(X12_E_GS_TIME, "gs05-time", 1, ERROR, false, TA1, "024", "GS05 is not a valid HHMM[SS[d]] time"),
	E(X12_E_GS_KIND, "gs01-set-mismatch", 1, ERROR, false, IK5, "6", "GS01 is not the functional identifier of the transaction set (HC 837, HP 835 ...)"),

	E(X12_E_ST_ID, "st01-id", 1, ERROR, false, IK5, "6", "ST01 transaction set id missing or invalid"),
	E(X12_E_ST_CONTROL, "st02-control", 1, ERROR, false, IK5, "7", "ST02 control number missing or invalid"),
	E(X12_E_SE_COUNT, "se01-count", 1, ERROR, false, IK5, "4", "SE01 differs from the segments in ST..SE"),
	E(X12_E_SE_CONTROL, "se02-control", 1, ERROR, false, IK5, "3", "SE02 differs from ST02"),
	E(X12_E_SE_MISSING, "se-missing", 1, ERROR, false, IK5, "2", "transaction set has no SE"),
	E(X12_E_ST_DUPLICATE, "st02-duplicate", 1, ERROR, false, IK5, "23", "ST02 repeats within the group"),
	E(X12_E_VERSION_MISMATCH, "st03-gs08-mismatch", 1, WARNING, false, NONE, "", "ST03 and GS08 name different guides"),
	E(X12_E_ST_EMPTY, "st-empty", 1, ERROR, false, IK3, "3", "transaction set has no segments between ST and SE"),

	E(X12_E_UNSUPPORTED, "unsupported-version", 2, ERROR, false, IK5, "1", "no definition for this transaction set version (remedi reads 005010)"),
	E(X12_E_SEG_UNKNOWN, "segment-not-in-set", 2, ERROR, false, IK3, "6", "segment not in the defined transaction set"),
	E(X12_E_SEG_UNEXPECTED, "segment-unexpected", 2, ERROR, false, IK3, "2", "segment not expected at this place"),
	E(X12_E_SEG_ORDER, "segment-out-of-order", 2, ERROR, false, IK3, "7", "segment not in proper sequence"),
	E(X12_E_SEG_MISSING, "segment-missing", 2, ERROR, false, IK3, "3", "mandatory segment missing"),
	E(X12_E_LOOP_MISSING, "loop-missing", 2, ERROR, false, IK3, "3", "mandatory loop missing"),
	E(X12_E_SEG_MAX_USE, "segment-max-use", 2, ERROR, false, IK3, "5", "segment exceeds its maximum use"),
	E(X12_E_LOOP_MAX, "loop-max-repeat", 2, ERROR, false, IK3, "4", "loop occurs over its maximum times"),
	E(X12_E_SEG_NOT_USED, "segment-not-used", 2, ERROR, false, IK3, "I4", "implementation \"not used\" segment present"),
	E(X12_E_DIAGS_DROPPED, "diagnostics-dropped", 2, WARNING, false, NONE, "", "more diagnostics than could be kept for one segment"),
	E(X12_E_NOT_CHECKED, "set-not-checked", 2, INFO, false, NONE, "", "transaction set has no definition: envelope checks only"),

	E(X12_E_EL_MISSING, "element-missing", 2, ERROR, false, IK4, "1", "mandatory data element missing"),
	E(X12_E_EL_TOO_MANY, "too-many-elements-defined", 2, ERROR, false, IK4, "3", "too many data elements"),
	E(X12_E_EL_TOO_SHORT, "element-too-short", 2, ERROR, false, IK4, "4", "data element too short"),
	E(X12_E_EL_TOO_LONG, "element-too-long", 2, ERROR, false, IK4, "5", "data element too long"),
	E(X12_E_EL_BAD_CHAR, "element-bad-character", 2, ERROR, false, IK4, "6", "invalid character in data element"),
	E(X12_E_EL_BAD_CODE, "element-bad-code", 2, ERROR, false, IK4, "7", "invalid code value"),
	E(X12_E_EL_BAD_DATE, "element-bad-date", 2, ERROR, false, IK4, "8", "invalid date"),
	E(X12_E_EL_BAD_TIME, "element-bad-time", 2, ERROR, false, IK4, "9", "invalid time"),
	E(X12_E_EL_TOO_MANY_REPS, "too-many-repetitions", 2, ERROR, false, IK4, "12", "too many repetitions"),
	E(X12_E_EL_TOO_MANY_COMPS, "too-many-components", 2, ERROR, false, IK4, "13", "too many components"),
	E(X12_E_EL_NOT_USED, "element-not-used", 2, ERROR, false, IK4, "I10", "implementation \"not used\" data element present"),
	E(X12_E_COMP_MISSING, "component-missing", 2, ERROR, false, IK4, "1", "mandatory component of a composite missing"),
	E(X12_E_EL_CONTROL_CHAR, "element-control-character", 1, ERROR, false, IK4, "6", "byte outside the X12 character sets (control character, DEL, 0xFF) in a data element"),

	E(X12_E_BAL_CLM, "claim-charge-unbalanced", 3, ERROR, false, IK4, "I12", "CLM02 differs from the sum of the line charges"),
	E(X12_E_BAL_LINE, "remit-line-unbalanced", 3, ERROR, false, IK4, "I12", "SVC02 minus line adjustments differs from SVC03"),
	E(X12_E_BAL_CLAIM, "remit-claim-unbalanced", 3, ERROR, false, IK4, "I12", "CLP03 minus all adjustments differs from CLP04"),
	E(X12_E_BAL_TRANSACTION, "remit-payment-unbalanced", 3, ERROR, false, IK4, "I12", "BPR02 differs from claims paid minus PLB"),
	E(X12_E_BAL_PATIENT, "remit-patient-resp", 3, WARNING, false, NONE, "", "CLP05 differs from the PR adjustments"),
	E(X12_E_LIN_WITHOUT_CTP, "lin-without-ctp", 4, ERROR, false, IK3, "I6", "drug identification (LIN) without quantity (CTP)"),
	E(X12_E_F8_REQUIRED, "ref-f8-required", 4, ERROR, false, IK3, "I6", "replacement or void claim without REF*F8"),

	E(X12_E_HL_SEQUENCE, "hl-sequence", 2, ERROR, false, IK4, "I12", "HL01 does not start at 1 and rise by one in the transaction set"),
	E(X12_E_HL_DUPLICATE, "hl-duplicate", 2, ERROR, false, IK4, "I12", "HL01 is used twice in the transaction set"),
	E(X12_E_HL_PARENT, "hl-parent-unknown", 2, ERROR, false, IK4, "I12", "HL02 names no earlier HL of the transaction set"),
	E(X12_E_LX_SEQUENCE, "lx-sequence", 2, ERROR, false, IK4, "I12", "837 LX01 does not start at 1 and rise by one in the claim"),
	E(X12_E_TRAILING, "trailing-separator", 1, WARNING, false, NONE, "", "segment, element or composite ends with a separator"),
	E(X12_E_TRAILING_STRICT, "trailing-separator-strict", 1, ERROR, false, IK3, "8", "segment, element or composite ends with a separator (strict)"),
	E(X12_E_ZIP9, "zip-not-nine-digits", 2, ERROR, false, IK4, "I12", "billing provider or service facility ZIP code is not nine digits"),
	E(X12_E_NPI, "npi-check-digit", 2, ERROR, false, IK4, "I12", "NPI is not 10 digits with a valid check digit"),
	E(X12_E_HL_CHILD_CODE, "hl-child-code", 2, ERROR, false, IK4, "I12", "HL04 says the HL has subordinate HLs and none follows, or says none and one follows"),
	E(X12_E_HL_LEVEL, "hl-parent-level", 2, ERROR, false, IK4, "I12", "837 HL03 is not a level its parent HL can hold (22 under 20, 23 under 22)"),
	E(X12_E_HL_ORDER, "hl-parent-closed", 2, ERROR, false, IK4, "I12", "HL02 names an HL whose hierarchy a later HL has closed (HLs are ordered top-down, left-right)"),
	E(X12_E_EIN, "ein-not-nine-digits", 2, ERROR, false, IK4, "I12", "billing provider tax id (2010AA REF*EI) is not nine digits"),
	E(X12_E_SYN_PAIRED, "syntax-paired", 2, ERROR, false, IK4, "2", "syntax note P: an element of a pair (or set) present without the others"),
	E(X12_E_SYN_REQUIRED, "syntax-required", 2, ERROR, false, IK4, "2", "syntax note R: none of the elements of which at least one is required"),
	E(X12_E_SYN_EXCLUSION, "syntax-exclusion", 2, ERROR, false, IK4, "10", "syntax note E: more than one of mutually exclusive elements present"),
	E(X12_E_SYN_CONDITIONAL, "syntax-conditional", 2, ERROR, false, IK4, "2", "syntax note C: an element present without the elements it requires"),
	E(X12_E_SYN_LIST, "syntax-list-conditional", 2, ERROR, false, IK4, "2", "syntax note L: an element present without any of the elements it needs one of"),
};

static const struct x12_code_info unknown = {
	X12_E_NONE, "unknown", X12_SEV_ERROR, true, X12_ACK_NONE, "", "unknown code", 0,
};

const struct x12_code_info *
x12_code_info(enum x12_code code)
{
	for (size_t i = 0; i < X12_ARRAY_SIZE(registry); i++)
		if (registry[i].code == code)
			return &registry[i];
	return &unknown;
}

const struct x12_code_info *
x12_code_list(size_t *n)
{
	*n = X12_ARRAY_SIZE(registry);
	return registry;
}

const char *
x12_code_label(enum x12_code code)
{
	static _Thread_local char buf[16];

	snprintf(buf, sizeof buf, "X12-%03d", (int)code);
	return buf;
}

void
x12_error_vset(struct x12_error *e, enum x12_code code, uint64_t offset, uint64_t segment, uint32_t st_segment,
	       const char *seg_id, const char *loop, unsigned element, const char *fmt, va_list ap)
{
	memset(e, 0, sizeof *e);
	e->code = code;
	e->pos.offset = offset;
	e->pos.segment = segment;
	e->pos.st_segment = st_segment;
	e->pos.element = (uint16_t)element;
	if (seg_id)
		snprintf(e->pos.seg_id, sizeof e->pos.seg_id, "%s", seg_id);
	if (loop)
		snprintf(e->pos.loop_id, sizeof e->pos.loop_id, "%s", loop);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

void
x12_error_set(struct x12_error *e, enum x12_code code, uint64_t offset, uint64_t segment, uint32_t st_segment,
	      const char *seg_id, const char *loop, unsigned element, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	x12_error_vset(e, code, offset, segment, st_segment, seg_id, loop, element, fmt, ap);
	va_end(ap);
}
