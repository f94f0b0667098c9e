# stores.sh - sourced by the dashboard tests: the sample stores.
#
#   scen_store DB     the reconciliation scenarios of samples/remit (as tests/remit/golden.sh
#                     loads them: two 837s, every 835, the unbalanced one and a re-load)
#   onc_store DB      the top-level samples: Medicare 837P + 837I and the 835 answering the 837P
#
# Needs REMEDI (absolute path) and SAMPLES; commands run from SAMPLES so file names are relative.
scen_store() {
	(
		cd "$SAMPLES" || exit 99
		export REMEDI_DB="$1"
		"$REMEDI" codes import fee-schedule remit/fee-schedule.csv &&
		"$REMEDI" submit --date 20250106 remit/claims-837p.x12 &&
		"$REMEDI" submit --date 20250120 remit/resubmit-837p.x12 &&
		"$REMEDI" remit remit/era-01.x12 remit/era-01-resent.x12 remit/era-02.x12 remit/era-03.x12 \
			remit/era-medicare.x12 remit/era-medigap.x12
		"$REMEDI" remit remit/era-unbalanced.x12   # flagged: exit 1 by design
		[ $? -le 1 ]
	) >/dev/null 2>&1
}

onc_store() {
	(
		cd "$SAMPLES" || exit 99
		export REMEDI_DB="$1"
		"$REMEDI" codes import fee-schedule remit/fee-schedule.csv &&
		"$REMEDI" submit --date 20250306 oncology-837p.x12 oncology-837i.x12 &&
		"$REMEDI" remit oncology-835.x12
	) >/dev/null 2>&1
}

# The pages every dashboard test looks at, as "NAME STORE ARGS..." lines.
PAGES='scen-dashboard scen dashboard --as-of 20250415
scen-dashboard-pyr01-jan scen dashboard --as-of 20250415 --payer PYR01 --from 20250101 --to 20250131 --dates remit
scen-dashboard-service-feb scen dashboard --as-of 20250415 --from 20250201 --to 20250228
scen-dashboard-nobody scen dashboard --as-of 20250415 --payer NOSUCHPAYER
scen-denials scen denials --format html --as-of 20250415
scen-underpayments scen underpayments --format html --as-of 20250415
scen-aging scen aging --format html --as-of 20250415
scen-unmatched scen unmatched --format html --as-of 20250415
scen-summary scen summary --format html --as-of 20250415
onc-dashboard onc dashboard --as-of 20250501'
