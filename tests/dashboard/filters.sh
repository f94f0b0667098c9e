#!/bin/sh
# filters.sh - --payer, --from/--to and --dates on the JSON reports of the
# scenario store: what each filter keeps (docs/dashboard.md, "Filters").
# The dates of the store: every line served 2025-01-02 (claims sent
# 2025-01-06 and -20); the first remittance paid 2025-01-15 (every denial,
# the unmatched payment), later ones from 2025-01-20 on; one claim
# (ONC1018) never answered.  Payers: PYR01, and MCR01 with two claims paid in full.
#
#   filters.sh REMEDI SAMPLES
set -u
REMEDI=$1 SAMPLES=$2
REMEDI=$(cd "$(dirname "$REMEDI")" && pwd)/$(basename "$REMEDI")
. "$(dirname "$0")/stores.sh"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-filters.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0
scen_store "$TMP/scen.db" || { echo "FAIL: loading the scenario store"; exit 1; }

# rows KIND WANT ARGS...: the JSON report KIND has WANT rows
rows() {
	kind=$1 want=$2
	shift 2
	got=$("$REMEDI" report "$kind" --format json --as-of 20250415 --db "$TMP/scen.db" "$@" | wc -l | tr -d ' ')
	[ "$got" = "$want" ] || { echo "FAIL: report $kind $*: $got rows, want $want"; fail=1; }
}
# summary ARGS... -- PATTERN: the summary JSON has PATTERN
summary_has() {
	pat=$1
	shift
	"$REMEDI" report summary --format json --db "$TMP/scen.db" "$@" >"$TMP/s.json"
	grep -q -- "$pat" "$TMP/s.json" || { echo "FAIL: report summary $*: no $pat in"; cat "$TMP/s.json"; fail=1; }
}

for k in denials:8 underpayments:5 aging:1 unmatched:1; do rows "${k%:*}" "${k#*:}"; done
for k in denials:8 underpayments:5 aging:1 unmatched:1; do rows "${k%:*}" "${k#*:}" --payer PYR01; done
for k in denials underpayments aging unmatched; do rows $k 0 --payer MCR01; rows $k 0 --payer NOSUCH; done
# dates of service: all on 2025-01-02
for k in denials:8 underpayments:5 aging:1; do rows "${k%:*}" "${k#*:}" --from 20250102 --to 20250102; done
for k in denials underpayments aging; do rows $k 0 --from 20250103; done
# ... but unmatched payments go by their remittance date (2025-01-15) whatever --dates says
rows unmatched 1 --from 20250103
rows unmatched 0 --to 20250114
# remittance dates: the denials came on 2025-01-15; later remittances answered 2 of the underpaid lines;
# claims nothing answered have no remittance date
rows denials 8 --dates remit --from 20250113 --to 20250119
rows denials 0 --dates remit --from 20250120
rows underpayments 3 --dates remit --to 20250119
rows underpayments 2 --dates remit --from 20250120
rows aging 0 --dates remit --from 20250101
rows unmatched 1 --dates remit --from 20250115 --to 20250115
# the summary: weeks only of what the filter keeps; store-wide figures unchanged
summary_has '"lines_answered_by_remittance_week_charges":\[{"key":"2025-01-20"' --dates remit --from 20250120
summary_has '"lines_answered_by_remittance_week_charges":\[\]' --payer NOSUCH
summary_has '"claims_by_status_charges":\[\]' --payer NOSUCH
summary_has '"claims_by_status_charges":\[{"key":"paid","count":2,"cents":1560000}\],' --payer MCR01
summary_has '"claims_submitted":22,' --payer NOSUCH
summary_has '"denied_cents":0,' --from 20250103
[ $fail = 0 ] && echo ok
exit $fail
