#!/bin/sh
# golden.sh - the remittance loop on the samples, compared with golden files:
# submit -> remit -> reports, checkpointed after each 835 so the interim states
# (split claim pending, reversal without its correction) are part of the
# contract too.  Scenarios: samples/remit/README.md (remit.md section 7).
#
#   golden.sh REMEDI SAMPLES GOLDEN_DIR [--update]
#
# --update rewrites the golden files from this run (review the diff).
set -u
REMEDI=$1 SAMPLES=$2 GOLDEN=$3 UPDATE=${4:-}
# commands run from the samples folder: the binary by absolute path
REMEDI=$(cd "$(dirname "$REMEDI")" && pwd)/$(basename "$REMEDI")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-golden.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0

# Runs a command from the samples directory (relative names in the output), the
# load time of "already stored" lines replaced so the output is stable.
run() {
	(cd "$SAMPLES" && "$REMEDI" "$@" 2>&1; echo "exit $?") | sed 's/(loaded [^)]*)/(loaded TIME)/'
}

check() {
	name=$1
	if [ "$UPDATE" = "--update" ]; then
		cp "$TMP/$name" "$GOLDEN/$name"
	elif ! diff -u "$GOLDEN/$name" "$TMP/$name"; then
		echo "golden: $name differs (run with --update after review)" >&2
		fail=1
	fi
}

db=$TMP/scen.db
export REMEDI_DB=$db
AS_OF="--as-of 20250415"
{
	run codes import fee-schedule remit/fee-schedule.csv
	run submit --date 20250106 remit/claims-837p.x12
	run submit --date 20250120 remit/resubmit-837p.x12
	run remit remit/era-01.x12
} >"$TMP/load-1.out"
check load-1.out
run report aging --format json $AS_OF >"$TMP/aging-1.jsonl"; check aging-1.jsonl
{
	run remit remit/era-01-resent.x12
	run remit remit/era-02.x12
} >"$TMP/load-2.out"
check load-2.out
run report aging --format json $AS_OF >"$TMP/aging-2.jsonl"; check aging-2.jsonl
{
	run remit remit/era-03.x12 remit/era-medicare.x12 remit/era-medigap.x12
	run remit remit/era-unbalanced.x12
	run remit remit/era-01.x12
	run submit remit/claims-837p.x12
} >"$TMP/load-3.out"
check load-3.out
for kind in denials underpayments unmatched aging summary; do
	run report $kind $AS_OF >"$TMP/$kind.txt"; check $kind.txt
	run report $kind --format json $AS_OF >"$TMP/$kind.jsonl"; check $kind.jsonl
done
run report denials --format csv >"$TMP/denials.csv"; check denials.csv
run report underpayments --format json --tolerance 15 >"$TMP/underpayments-tol15.jsonl"; check underpayments-tol15.jsonl

# PLB references and a crossover (era-plb-crossover.x12 after era-01): WO by CLP07,
# FB by CLM01, WO by CLM01 + date of service linked; near misses left unlinked: CT
# (capitation names no claim), a date outside the claim, a reference naming two
# claims; ONC1018 forwarded (CLP02 19, NM1*TT) with its PR held for SEC01, no longer aging
db=$TMP/plb.db
export REMEDI_DB=$db
{
	run codes import fee-schedule remit/fee-schedule.csv
	run submit --date 20250106 remit/claims-837p.x12
	run remit remit/era-01.x12
	run remit remit/era-plb-crossover.x12
} >"$TMP/plb-load.out"
check plb-load.out
run report plb $AS_OF >"$TMP/plb.txt"; check plb.txt
run report plb --format json $AS_OF >"$TMP/plb.jsonl"; check plb.jsonl
run report summary --format json $AS_OF >"$TMP/plb-summary.jsonl"; check plb-summary.jsonl
run report aging --format json $AS_OF >"$TMP/plb-aging.jsonl"; check plb-aging.jsonl
run report underpayments --format json $AS_OF >"$TMP/plb-underpayments.jsonl"; check plb-underpayments.jsonl

# the samples of the top folder: Medicare 837P + 837I and the 835 answering the 837P
db=$TMP/onc.db
export REMEDI_DB=$db
{
	run codes import fee-schedule remit/fee-schedule.csv
	run submit --date 20250306 oncology-837p.x12 oncology-837i.x12
	run remit oncology-835.x12
} >"$TMP/onc-load.out"
check onc-load.out
for kind in denials underpayments aging summary; do
	run report $kind --format json --as-of 20250501 >"$TMP/onc-$kind.jsonl"; check onc-$kind.jsonl
done
exit $fail
