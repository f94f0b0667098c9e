#!/bin/sh
# read.sh - remedi parse reads acknowledgments: one JSON record per TA1, per
# acknowledged set (999 AK2) and group (AK9), per 277 claim, with the status
# and the error codes.  First what remedi itself writes (always), then the
# corpus's own 999, 277CA and TA1 files (skipped when the corpus is absent).
#
#   read.sh REMEDI SAMPLES INPUTS CORPUS
set -u
REMEDI=$1 SAMPLES=$2 INPUTS=$3 CORPUS=$4
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-ackread.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0

has() { # file description fixed-string
	grep -qF -- "$3" "$1" || { echo "FAIL $2: no $3 in" >&2; cat "$1" >&2; fail=1; }
}
lines() { # file description pattern count
	n=$(grep -c -- "$3" "$1")
	[ "$n" = "$4" ] || { echo "FAIL $2: $n lines with $3, wanted $4" >&2; cat "$1" >&2; fail=1; }
}

# our own 999 for a faulty 837P: the rejected set, its error, the claim it names
"$REMEDI" ack --timestamp 202612031200 "$INPUTS/bad-element.x12" >"$TMP/bad.999" 2>/dev/null
"$REMEDI" parse "$TMP/bad.999" >"$TMP/bad.json" || { echo "FAIL parse of our own 999" >&2; fail=1; }
lines "$TMP/bad.json" "own 999" '"type":"set_ack"' 1
lines "$TMP/bad.json" "own 999" '"type":"group_ack"' 1
has "$TMP/bad.json" "own 999" '"set_type":"837","transaction":"0001"},"status":"R","rejected":true,"codes":["I5","5"]'
has "$TMP/bad.json" "own 999" '{"segment_id":"CLM","position":19,"loop":"2300","segment_code":"8","element":"2","data_element":"782","element_code":"6","claim_id":"TESTCLM0001"}'
has "$TMP/bad.json" "own 999" '"status":"R","rejected":true,"codes":[],"sets_included":1,"sets_received":1,"sets_accepted":0}'
# --no-phi leaves out the bad value (IK404) a foreign 999 may carry
"$REMEDI" ack --timestamp 202612031200 "$INPUTS/bad-code.x12" >"$TMP/code.999" 2>/dev/null
"$REMEDI" parse "$TMP/code.999" | grep -qF '"bad_value":"Q"' || { echo "FAIL IK404 not read" >&2; fail=1; }
"$REMEDI" parse --no-phi "$TMP/code.999" | grep -qF 'bad_value' && { echo "FAIL --no-phi kept IK404" >&2; fail=1; }
# an accepted sample, and a TA1 asked for by ISA14
"$REMEDI" ack --timestamp 202612031200 "$INPUTS/ta1-requested.x12" >"$TMP/ok.999"
"$REMEDI" parse "$TMP/ok.999" >"$TMP/ok.json"
has "$TMP/ok.json" "TA1" '"type":"interchange_ack","ack_type":"TA1"'
has "$TMP/ok.json" "TA1" '"acknowledged":{"interchange":"000000101","date":"2025-03-06","time":"1030"},"status":"A","rejected":false,"codes":["000"]'
has "$TMP/ok.json" "accepted set" '"status":"A","rejected":false,"codes":[],"errors":[],"errors_total":0'
# chunked through stdin, text format
"$REMEDI" parse --format text - <"$TMP/bad.999" >"$TMP/bad.txt"
has "$TMP/bad.txt" "text" '999 set 837 0001 (group HC 101)  R  REJECTED  codes I5,5'
has "$TMP/bad.txt" "text" '  error CLM at 19 loop 2300 segment code 8 element 2 (782) code 6 claim TESTCLM0001'

# our own 277CA for the same faulty 837P: one claim_ack per claim, the unbalanced one with its STC reasons
"$REMEDI" ack --type 277ca --timestamp 202612031200 "$INPUTS/unbalanced-claim.x12" >"$TMP/u.277" 2>/dev/null
"$REMEDI" parse "$TMP/u.277" >"$TMP/u.json" || { echo "FAIL parse of our own 277CA" >&2; fail=1; }
lines "$TMP/u.json" "own 277CA" '"type":"claim_ack"' 3
lines "$TMP/u.json" "own 277CA" '"rejected":true' 3
has "$TMP/u.json" "own 277CA" '"claim_id":"TESTCLM0001","payer_id":"99001","billing_provider_id":"1999990017","statuses":[{"category":"A7","code":"21","entity":"85"},{"category":"A8","code":"400","entity":"85"}]'
"$REMEDI" ack --type 277ca --timestamp 202612031200 "$SAMPLES/oncology-837p.x12" | "$REMEDI" parse - >"$TMP/ok277.json"
lines "$TMP/ok277.json" "own 277CA, clean" '"status":"A2","rejected":false' 3

if [ -d "$CORPUS/other" ]; then
	"$REMEDI" parse "$CORPUS/other/staedi__simple999.edi" >"$TMP/s.json" 2>"$TMP/s.err" ||
		{ echo "FAIL staedi 999 does not parse cleanly" >&2; cat "$TMP/s.err" >&2; fail=1; }
	lines "$TMP/s.json" "staedi" '"type":"set_ack"' 3
	lines "$TMP/s.json" "staedi" '"rejected":true' 2
	has "$TMP/s.json" "staedi" '"errors":[{"segment_id":"CLM","position":22,"segment_code":"8","element":"2","data_element":"782","element_code":"1","claim_id":"123456789"}]'
	has "$TMP/s.json" "staedi" '"errors":[{"segment_id":"REF","position":57,"segment_code":"3","claim_id":"987654321"}]'
	has "$TMP/s.json" "staedi" '"status":"P","rejected":false,"codes":[],"sets_included":3,"sets_received":3,"sets_accepted":1}'

	"$REMEDI" parse "$CORPUS/other/imsweb__x12_277CA_rejected.txt" >"$TMP/r.json"
	lines "$TMP/r.json" "277CA rejected" '"type":"claim_ack"' 1
	has "$TMP/r.json" "277CA rejected" '"status":"A7","rejected":true,"claim_id":"3920394930203","payer_claim_number":"1107000000001120"'
	has "$TMP/r.json" "277CA rejected" '"statuses":[{"category":"A7","code":"562","entity":"85"}],"status_date":"2011-03-11","action":"WQ","charge":"199.14","service_from":"2009-03-11"'
	"$REMEDI" parse "$CORPUS/other/imsweb__x12_277CA_accepted.txt" >"$TMP/a.json"
	lines "$TMP/a.json" "277CA accepted" '"type":"claim_ack"' 1
	lines "$TMP/a.json" "277CA accepted" '"rejected":false' 1

	"$REMEDI" parse "$CORPUS/bad/oopfactory__TechnicalAcknowledgment_SampleFromJeffN825.txt" >"$TMP/t.json" 2>/dev/null
	has "$TMP/t.json" "TA1 exotic delimiters" '"acknowledged":{"interchange":"900000001","date":"2010-06-24","time":"1430"},"status":"R","rejected":true,"codes":["006"]'

	# every corpus acknowledgment gives at least one record and never a usage or internal error
	for f in "$CORPUS"/other/*999* "$CORPUS"/other/*277* "$CORPUS"/bad/*999* "$CORPUS"/bad/*277*; do
		[ -f "$f" ] || continue
		case $f in *.997) continue ;; esac
		"$REMEDI" parse "$f" >"$TMP/any.json" 2>/dev/null
		rc=$?
		[ $rc -le 2 ] || { echo "FAIL parse $f: exit $rc" >&2; fail=1; }
		grep -q '_ack"' "$TMP/any.json" || { echo "FAIL parse $f: no acknowledgment record" >&2; fail=1; }
	done
fi
exit $fail
