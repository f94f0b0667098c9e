#!/bin/sh
# store.sh - remedi acks records 999 and 277CA answers of submitted claims:
# a rejected claim shows as rejected (not waiting) in report aging and in
# report rejections with its reason and segment; loading the same file twice
# changes nothing; a later remittance answers the claim for good.
#
#   store.sh REMEDI SAMPLES INPUTS
set -u
REMEDI=$1 SAMPLES=$2 INPUTS=$3
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-ackstore.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0 DB=$TMP/s.db

expect() { # exit description command...
	want=$1 what=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	[ $got = "$want" ] || { echo "FAIL $what: exit $got, wanted $want" >&2; cat "$TMP/out" "$TMP/err" >&2; fail=1; }
}
has() { # file description fixed-string
	grep -qF -- "$3" "$1" || { echo "FAIL $2: no $3 in" >&2; cat "$1" >&2; fail=1; }
}
hasnt() {
	grep -qF -- "$3" "$1" && { echo "FAIL $2: $3 should not be in" >&2; cat "$1" >&2; fail=1; }
	return 0
}

expect 0 "submit" "$REMEDI" submit --db "$DB" "$SAMPLES/oncology-837p.x12"
# the sample's 837P with an unbalanced claim: its 999 rejects the set (GS06 101, ST02 0001)
"$REMEDI" ack --timestamp 202612031200 "$INPUTS/unbalanced-claim.x12" >"$TMP/r.999" 2>/dev/null
expect 1 "acks: a rejection" "$REMEDI" acks --db "$DB" "$TMP/r.999"
has "$TMP/out" "acks" "recorded 1 999 set verdict (3 claims) and 0 277 claim statuses: 0 accepted, 3 rejected"
expect 0 "acks twice" "$REMEDI" acks --db "$DB" "$TMP/r.999"
has "$TMP/out" "acks twice" "already stored"

expect 0 "rejections" "$REMEDI" report rejections --db "$DB" --format json --as-of 20261210
[ "$(grep -c '"claim":' "$TMP/out")" = 3 ] || { echo "FAIL rejections: not 3 rows" >&2; cat "$TMP/out" >&2; fail=1; }
has "$TMP/out" "rejections" '"claim":"TESTCLM0001","payer":"99001"'
has "$TMP/out" "rejections" '"ack":"999","status":"R","reason":"IK304 8, IK403 I12","segment":"CLM at 19 in 2300, element 2 (782)"'
has "$TMP/out" "rejections" '"claim":"TESTCLM0002","payer":"99001","submitted":"'
has "$TMP/out" "rejections" '"reason":"IK5 R (I5,5)","segment":""'
expect 0 "aging" "$REMEDI" report aging --db "$DB" --format json --as-of 20261210
[ "$(grep -c '"status":"rejected"' "$TMP/out")" = 3 ] || { echo "FAIL aging: not 3 rejected" >&2; cat "$TMP/out" >&2; fail=1; }
hasnt "$TMP/out" "aging" '"status":"no_response"'

# a 277CA: TESTCLM0002 accepted, TESTCLM0003 rejected (A7:562:85), one claim nobody sent
cat >"$TMP/ca.277" <<'X'
ISA*00*          *00*          *ZZ*TESTMAC01      *ZZ*TESTSUB01      *261204*0900*^*00501*000000901*0*T*:~
GS*HN*TESTMAC01*TESTSUB01*20261204*0900*901*X*005010X214~
ST*277*0001*005010X214~
BHT*0085*08*B1*20261204*0900*TH~
HL*1**20*1~NM1*PR*2*MEDICARE*****PI*99001~TRN*1*B1~DTP*050*D8*20261204~DTP*009*D8*20261204~
HL*2*1*21*1~NM1*41*2*SUBMITTER*****46*TESTSUB01~TRN*2*B1~STC*A1:20*20261204*WQ*18405~QTY*90*2~QTY*AA*1~AMT*YU*14455~AMT*YY*3950~
HL*3*2*19*1~NM1*85*2*ONCOLOGY*****XX*1999990017~
HL*4*3*PT~NM1*QC*1*DOE*J~TRN*2*TESTCLM0002~STC*A2:20*20261204*WQ*14455~DTP*472*D8*20261201~
HL*5*3*PT~NM1*QC*1*ROE*R~TRN*2*TESTCLM0003~STC*A7:562:85*20261204*U*3950~DTP*472*D8*20261201~
HL*6*3*PT~NM1*QC*1*POE*P~TRN*2*NOSUCHCLAIM~STC*A3:21*20261204*U*10~
SE*23*0001~GE*1*901~IEA*1*000000901~
X
expect 1 "acks 277" "$REMEDI" acks --db "$DB" "$TMP/ca.277"
has "$TMP/out" "acks 277" "3 277 claim statuses: 1 accepted, 2 rejected; 1 answers no submitted claim"
expect 0 "rejections after 277" "$REMEDI" report rejections --db "$DB" --format json --as-of 20261210
hasnt "$TMP/out" "accepted by 277" '"claim":"TESTCLM0002"'
has "$TMP/out" "277 rejection" '"claim":"TESTCLM0003","payer":"99001","submitted":"'
has "$TMP/out" "277 rejection" '"ack":"277","status":"A7","reason":"A7:562:85","segment":"","acknowledged":"2026-12-04"'
hasnt "$TMP/out" "unsent claim" 'NOSUCHCLAIM'
expect 0 "aging after 277" "$REMEDI" report aging --db "$DB" --format json --as-of 20261210
has "$TMP/out" "aging 277 accepted" '"claim":"TESTCLM0002"'
has "$TMP/out" "aging 277 accepted" '"status":"no_response"'

# the 835 answers all three: nothing is left rejected, none waits
expect 0 "remit" "$REMEDI" remit --db "$DB" "$SAMPLES/oncology-835.x12"
expect 0 "rejections after 835" "$REMEDI" report rejections --db "$DB" --format json
[ -s "$TMP/out" ] && { echo "FAIL rejections after the 835:" >&2; cat "$TMP/out" >&2; fail=1; }
expect 0 "summary counts acknowledgments" "$REMEDI" report summary --db "$DB"
expect 2 "acks: not X12" "$REMEDI" acks --db "$DB" "$INPUTS/../cli.sh"
expect 3 "acks: no file" "$REMEDI" acks --db "$DB"
exit $fail
