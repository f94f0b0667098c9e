/*
 * codes.c - CARC and RARC: code numbers with short labels written for
 * remedi (the official descriptions are X12's and CMS's; import the licensed
 * list to see them), the kind of each adjustment and the default action.
 * Facts from shared/research/remit.md section 5 (group codes, categories,
 * appealability by category).  Tables sorted by code (strcmp) for bsearch;
 * tests/remit/test-remit.c checks the order.
 */
#include "remit.h"

#include <stdlib.h>
#include <string.h>

static const struct remit_carc carcs[] = {
	{ "1", "deductible", "cost_share", REMIT_ADJ_COST_SHARE, "bill_patient", false },
	{ "107", "related service not billed", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "109", "wrong payer", "cob", REMIT_ADJ_DENIAL, "rebill_payer", false },
	{ "11", "diagnosis does not support code", "medical_necessity", REMIT_ADJ_DENIAL, "appeal", true },
	{ "110", "billing date before service", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "114", "not FDA approved", "coverage", REMIT_ADJ_DENIAL, "appeal", true },
	{ "119", "benefit maximum reached", "benefit_limit", REMIT_ADJ_DENIAL, "bill_patient", false },
	{ "129", "prior processing information wrong", "cob", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "131", "negotiated discount", "contractual", REMIT_ADJ_CONTRACTUAL, "write_off", false },
	{ "133", "pended for review", "pending", REMIT_ADJ_PENDING, "wait", false },
	{ "137", "regulatory fee or tax", "contractual", REMIT_ADJ_CONTRACTUAL, "write_off", false },
	{ "140", "patient and insured ids do not match", "eligibility", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "144", "incentive adjustment", "contractual", REMIT_ADJ_CONTRACTUAL, "write_off", false },
	{ "146", "diagnosis invalid for service date", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "147", "provider contract rate", "contractual", REMIT_ADJ_DENIAL, "appeal", true },
	{ "15", "authorization number missing or wrong", "authorization", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "150", "service level not supported", "medical_necessity", REMIT_ADJ_DENIAL, "appeal", true },
	{ "151", "units or frequency not supported", "units", REMIT_ADJ_DENIAL, "appeal", true },
	{ "153", "dosage not supported", "units", REMIT_ADJ_DENIAL, "appeal", true },
	{ "16", "claim data missing or wrong", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "167", "diagnosis not covered", "medical_necessity", REMIT_ADJ_DENIAL, "appeal", true },
	{ "170", "not paid to this provider type", "provider", REMIT_ADJ_DENIAL, "appeal", true },
	{ "171", "not paid in this facility type", "provider", REMIT_ADJ_DENIAL, "appeal", true },
	{ "18", "duplicate", "duplicate", REMIT_ADJ_DUPLICATE, "wait", false },
	{ "181", "code invalid on service date", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "182", "modifier invalid on service date", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "183", "referring provider not eligible", "provider", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "184", "prescriber not eligible", "provider", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "185", "rendering provider not eligible", "provider", REMIT_ADJ_DENIAL, "appeal", true },
	{ "188", "only paid per FDA labelling", "coverage", REMIT_ADJ_DENIAL, "appeal", true },
	{ "189", "unlisted code billed, specific code exists", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "197", "no authorization", "authorization", REMIT_ADJ_DENIAL, "retro_auth", true },
	{ "198", "authorization exceeded", "authorization", REMIT_ADJ_DENIAL, "retro_auth", true },
	{ "199", "revenue code and procedure mismatch", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "2", "coinsurance", "cost_share", REMIT_ADJ_COST_SHARE, "bill_patient", false },
	{ "204", "not covered by plan", "coverage", REMIT_ADJ_DENIAL, "bill_patient", true },
	{ "206", "NPI missing", "provider", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "207", "NPI invalid", "provider", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "208", "NPI does not match", "provider", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "209", "bill the next payer", "cob", REMIT_ADJ_INFO, "rebill_payer", false },
	{ "22", "other payer is primary", "cob", REMIT_ADJ_DENIAL, "rebill_payer", false },
	{ "226", "records requested, not received", "documentation", REMIT_ADJ_DENIAL, "send_records", true },
	{ "227", "patient information not received", "documentation", REMIT_ADJ_DENIAL, "send_records", false },
	{ "23", "prior payer paid part", "cob", REMIT_ADJ_INFO, "wait", false },
	{ "234", "procedure not paid separately", "bundling", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "236", "code pair not allowed together", "bundling", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "237", "regulatory penalty", "contractual", REMIT_ADJ_CONTRACTUAL, "write_off", false },
	{ "24", "capitated", "contractual", REMIT_ADJ_CONTRACTUAL, "write_off", false },
	{ "242", "out of network", "network", REMIT_ADJ_DENIAL, "appeal", true },
	{ "243", "no referral", "authorization", REMIT_ADJ_DENIAL, "retro_auth", true },
	{ "252", "attachment required", "documentation", REMIT_ADJ_DENIAL, "send_records", true },
	{ "253", "sequestration", "contractual", REMIT_ADJ_CONTRACTUAL, "write_off", false },
	{ "256", "not paid under this contract", "contractual", REMIT_ADJ_DENIAL, "appeal", true },
	{ "257", "pending: information needed", "pending", REMIT_ADJ_PENDING, "wait", false },
	{ "26", "before coverage", "eligibility", REMIT_ADJ_DENIAL, "rebill_payer", false },
	{ "27", "after coverage ended", "eligibility", REMIT_ADJ_DENIAL, "rebill_payer", false },
	{ "272", "coverage or program guideline", "coverage", REMIT_ADJ_DENIAL, "appeal", true },
	{ "273", "coverage limit exceeded", "benefit_limit", REMIT_ADJ_DENIAL, "appeal", true },
	{ "284", "authorization does not cover this service", "authorization", REMIT_ADJ_DENIAL, "retro_auth", true },
	{ "288", "no referral on file", "authorization", REMIT_ADJ_DENIAL, "retro_auth", true },
	{ "29", "filed too late", "timely_filing", REMIT_ADJ_DENIAL, "appeal", true },
	{ "296", "authorization not for this provider", "authorization", REMIT_ADJ_DENIAL, "retro_auth", true },
	{ "3", "copay", "cost_share", REMIT_ADJ_COST_SHARE, "bill_patient", false },
	{ "31", "patient not a member", "eligibility", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "35", "lifetime benefit reached", "benefit_limit", REMIT_ADJ_DENIAL, "bill_patient", false },
	{ "39", "authorization refused", "authorization", REMIT_ADJ_DENIAL, "appeal", true },
	{ "4", "modifier wrong or missing", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "45", "above contracted rate", "contractual", REMIT_ADJ_CONTRACTUAL, "write_off", false },
	{ "5", "code invalid for place of service", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "50", "not medically necessary", "medical_necessity", REMIT_ADJ_DENIAL, "appeal", true },
	{ "55", "experimental", "medical_necessity", REMIT_ADJ_DENIAL, "appeal", true },
	{ "56", "effectiveness not proven", "medical_necessity", REMIT_ADJ_DENIAL, "appeal", true },
	{ "58", "wrong place of service", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "59", "multiple procedure rule", "contractual", REMIT_ADJ_CONTRACTUAL, "write_off", false },
	{ "6", "code invalid for patient age", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "7", "code invalid for patient sex", "coding", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "8", "code invalid for provider type", "provider", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "94", "bundling offset", "contractual", REMIT_ADJ_CONTRACTUAL, "write_off", false },
	{ "96", "not covered", "coverage", REMIT_ADJ_DENIAL, "appeal", true },
	{ "97", "bundled into another service", "bundling", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "A1", "denied, see remarks", "other", REMIT_ADJ_DENIAL, "appeal", true },
	{ "B13", "paid already on another claim", "duplicate", REMIT_ADJ_DUPLICATE, "wait", false },
	{ "B15", "qualifying service not billed", "bundling", REMIT_ADJ_DENIAL, "corrected_claim", false },
	{ "B20", "service paid to another provider", "coding", REMIT_ADJ_DENIAL, "appeal", true },
	{ "B4", "late filing reduction", "contractual", REMIT_ADJ_CONTRACTUAL, "write_off", false },
	{ "B7", "provider not certified for service", "provider", REMIT_ADJ_DENIAL, "appeal", true },
	{ "B9", "patient in hospice", "eligibility", REMIT_ADJ_DENIAL, "rebill_payer", false },
};

static const struct remit_carc unlisted = { "", "unlisted code", "other", REMIT_ADJ_DENIAL, "appeal", true };

static const struct {
	const char *code;
	const char *label;
} rarcs[] = {
	{ "M119", "NDC missing or invalid" },
	{ "M123", "drug name missing" },
	{ "M127", "records missing" },
	{ "M144", "pre-/post-operative care bundled" },
	{ "M15", "bundled components" },
	{ "M20", "HCPCS missing or invalid" },
	{ "M51", "procedure code missing or invalid" },
	{ "M76", "diagnosis missing or invalid" },
	{ "M80", "not paid with another service that day" },
	{ "M86", "paid once per period" },
	{ "MA01", "appeal rights apply" },
	{ "MA04", "primary payer data missing" },
	{ "MA13", "patient billing rules apply" },
	{ "MA130", "unprocessable: send a new claim" },
	{ "MA15", "claim split by payer" },
	{ "MA18", "forwarded to supplemental payer" },
	{ "N115", "local coverage determination" },
	{ "N130", "plan benefit limit" },
	{ "N19", "bundled with primary procedure" },
	{ "N20", "not paid with this procedure" },
	{ "N211", "no appeal rights" },
	{ "N22", "procedure code changed" },
	{ "N290", "rendering provider missing" },
	{ "N30", "patient not eligible" },
	{ "N350", "drug description missing" },
	{ "N362", "units exceed the limit" },
	{ "N386", "national coverage determination" },
	{ "N4", "prior payer data missing" },
	{ "N432", "recovery audit adjustment" },
	{ "N522", "duplicate of paid claim" },
	{ "N525", "bundled into a paid service" },
	{ "N54", "authorization mismatch" },
	{ "N56", "procedure not supported by diagnosis" },
	{ "N640", "exceeds frequency limit" },
	{ "N657", "code to use instead" },
	{ "N689", "reversal: retroactive rate change" },
	{ "N690", "reversal: appeal" },
	{ "N692", "reversal: rate corrected" },
	{ "N693", "reversal: provider cancellation" },
	{ "N694", "reversal: provider resubmission" },
	{ "N696", "reversal: other coverage recovery" },
	{ "N704", "not appealable, send corrected claim" },
	{ "N721", "not covered for this location" },
	{ "N789", "not covered by plan policy" },
	{ "N807", "payment adjustment program" },
	{ "N811", "other coverage exists" },
	{ "N822", "drug waste modifier missing" },
	{ "N823", "drug waste modifier wrong" },
	{ "N846", "NDC not for this code" },
	{ "N847", "NDC units missing" },
	{ "N848", "NDC quantity wrong" },
	{ "N95", "provider type not eligible" },
};

static int
cmp_carc(const void *key, const void *e)
{
	return strcmp(key, ((const struct remit_carc *)e)->code);
}

static int
cmp_rarc(const void *key, const void *e)
{
	return strcmp(key, *(const char *const *)e);
}

const struct remit_carc *
remit_carc(const char *code)
{
	const struct remit_carc *c = bsearch(code, carcs, sizeof carcs / sizeof carcs[0], sizeof carcs[0], cmp_carc);

	return c ? c : &unlisted;
}

enum remit_adj_kind
remit_adj_kind(const char *group, const char *carc)
{
	const struct remit_carc *c = remit_carc(carc);

	/* PR with a non-cost-share CARC (PR-204, PR-50 with an ABN) is a denial the patient may owe */
	if (strcmp(group, "PR") == 0)
		return c->kind == REMIT_ADJ_COST_SHARE ? REMIT_ADJ_COST_SHARE :
		       c->kind == REMIT_ADJ_DENIAL ? REMIT_ADJ_DENIAL : REMIT_ADJ_COST_SHARE;
	/* a cost-share CARC under CO/OA/PI is a provider-liable reduction, not patient money */
	if (c->kind == REMIT_ADJ_COST_SHARE)
		return REMIT_ADJ_DENIAL;
	return c->kind;
}

const char *
remit_rarc_label(const char *code)
{
	const void *r = bsearch(code, rarcs, sizeof rarcs / sizeof rarcs[0], sizeof rarcs[0], cmp_rarc);

	return r ? ((const char *const *)r)[1] : NULL;
}

static bool plb_sorted(void);

bool
remit_codes_sorted(void)
{
	if (!plb_sorted())
		return false;
	for (size_t i = 1; i < sizeof carcs / sizeof carcs[0]; i++)
		if (strcmp(carcs[i - 1].code, carcs[i].code) >= 0)
			return false;
	for (size_t i = 1; i < sizeof rarcs / sizeof rarcs[0]; i++)
		if (strcmp(rarcs[i - 1].code, rarcs[i].code) >= 0)
			return false;
	return true;
}

bool
remit_clp02_secondary(const char *clp02)
{
	return !strcmp(clp02, "2") || !strcmp(clp02, "3") || !strcmp(clp02, "20") || !strcmp(clp02, "21");
}

void
remit_mods_key(const char *mods, char out[16])
{
	char m[4][3];
	unsigned n = 0;
	size_t len = 0;

	while (*mods && n < 4) {
		size_t k = strcspn(mods, ":");

		if (k && k < 3) {
			memcpy(m[n], mods, k);
			m[n++][k] = '\0';
		}
		mods += k;
		if (*mods == ':')
			mods++;
	}
	/* insertion sort of at most four */
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && strcmp(m[j - 1], m[j]) > 0; j--) {
			char t[3];

			memcpy(t, m[j], 3);
			memcpy(m[j], m[j - 1], 3);
			memcpy(m[j - 1], t, 3);
		}
	out[0] = '\0';
	for (unsigned i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, 16 - len, "%s%s", i ? ":" : "", m[i]);
}

bool
remit_clp02_forwarded(const char *clp02)
{
	return !strcmp(clp02, "19") || !strcmp(clp02, "20") || !strcmp(clp02, "21");
}

/*
 * PLB03-1 (element 426), sorted; which may name a claim follows
 * shared/codesets/plb_adjustment_reason_codes.csv ("usually"/"varies"),
 * plus L6 (payers put the claim's CLP07 there for per-claim interest).
 * Recovery kinds net against the claim's payments (remit.md 2.5: WO +
 * taken back now, WO - recorded but not taken, FB - carried forward).
 */
static const struct remit_plb_reason plb_reasons[] = {
	{ "50", "late charge penalty", REMIT_PLB_OTHER, true },
	{ "51", "interest charged to provider", REMIT_PLB_OTHER, true },
	{ "72", "refund acknowledged", REMIT_PLB_RECOVERY, true },
	{ "90", "early payment discount", REMIT_PLB_OTHER, false },
	{ "AH", "origination fee", REMIT_PLB_OTHER, false },
	{ "AM", "applied to borrower account", REMIT_PLB_OTHER, false },
	{ "AP", "benefit acceleration", REMIT_PLB_OTHER, false },
	{ "B2", "rebate", REMIT_PLB_RECOVERY, true },
	{ "B3", "recovery allowance", REMIT_PLB_RECOVERY, true },
	{ "BD", "bad debt", REMIT_PLB_OTHER, false },
	{ "BN", "bonus", REMIT_PLB_OTHER, false },
	{ "C5", "temporary allowance", REMIT_PLB_OTHER, false },
	{ "CR", "capitation interest", REMIT_PLB_OTHER, false },
	{ "CS", "adjustment", REMIT_PLB_OTHER, true },
	{ "CT", "capitation", REMIT_PLB_OTHER, false },
	{ "CV", "capital passthrough", REMIT_PLB_OTHER, false },
	{ "CW", "CRNA passthrough", REMIT_PLB_OTHER, false },
	{ "DM", "direct medical education passthrough", REMIT_PLB_OTHER, false },
	{ "E3", "withholding", REMIT_PLB_OTHER, true },
	{ "FB", "balance forwarded", REMIT_PLB_RECOVERY, true },
	{ "FC", "fund allocation", REMIT_PLB_OTHER, false },
	{ "GO", "graduate medical education passthrough", REMIT_PLB_OTHER, false },
	{ "HM", "clotting factor supplement", REMIT_PLB_OTHER, false },
	{ "IP", "incentive premium", REMIT_PLB_OTHER, false },
	{ "IR", "IRS withholding", REMIT_PLB_OTHER, false },
	{ "IS", "interim settlement", REMIT_PLB_OTHER, false },
	{ "J1", "not reimbursable", REMIT_PLB_OTHER, true },
	{ "L3", "penalty", REMIT_PLB_OTHER, true },
	{ "L6", "interest", REMIT_PLB_INTEREST, true },
	{ "LE", "tax levy", REMIT_PLB_OTHER, false },
	{ "LS", "lump sum", REMIT_PLB_OTHER, false },
	{ "OA", "organ acquisition passthrough", REMIT_PLB_OTHER, false },
	{ "OB", "affiliated provider offset", REMIT_PLB_RECOVERY, true },
	{ "PI", "periodic interim payment", REMIT_PLB_OTHER, false },
	{ "PL", "final payment", REMIT_PLB_OTHER, false },
	{ "RA", "retroactive adjustment", REMIT_PLB_OTHER, true },
	{ "RE", "return on equity", REMIT_PLB_OTHER, false },
	{ "SL", "student loan repayment", REMIT_PLB_OTHER, false },
	{ "TL", "third party liability recovery", REMIT_PLB_RECOVERY, true },
	{ "WO", "overpayment recovery", REMIT_PLB_RECOVERY, true },
	{ "WU", "unspecified recovery", REMIT_PLB_RECOVERY, true },
};

static int
cmp_plb(const void *key, const void *e)
{
	return strcmp(key, ((const struct remit_plb_reason *)e)->code);
}

const struct remit_plb_reason *
remit_plb_reason(const char *code)
{
	static const struct remit_plb_reason plb_unlisted = { "", "unlisted", REMIT_PLB_OTHER, false };
	const struct remit_plb_reason *r =
		bsearch(code, plb_reasons, sizeof plb_reasons / sizeof plb_reasons[0], sizeof plb_reasons[0], cmp_plb);

	return r ? r : &plb_unlisted;
}

const char *
remit_plb_kind_name(enum remit_plb_kind k)
{
	return k == REMIT_PLB_RECOVERY ? "recovery" : k == REMIT_PLB_INTEREST ? "interest" : "other";
}

static bool
plb_sorted(void)
{
	for (size_t i = 1; i < sizeof plb_reasons / sizeof plb_reasons[0]; i++)
		if (strcmp(plb_reasons[i - 1].code, plb_reasons[i].code) >= 0)
			return false;
	return true;
}
