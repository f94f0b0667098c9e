#!/bin/sh
# codes-cli.sh REMEDI SOURCE_ROOT - `remedi codes import|status` and `remedi
# check --db|--record` end to end on hand-made fixtures in the official
# layouts (written here; not CMS data):
#   - every kind imports (plain and gzip), status lists it with its period
#   - the same file again (also gzipped) changes nothing and says so
#   - a wrong layout and a bad row: exit 2, FILE:LINE, nothing of the file kept
#   - versions: the one in force on each line's date of service is used
#     (PTP cut to its quarter, a same-day re-import supersedes, ICD-10-CM by
#     fiscal year)
#   - check --db finds a PTP pair only the imported table has; without --db
#     the findings are those of the seeds
#   - check --record records the claims as sent (the report shows them)
#   - the ASP file prices Medicare Part B drug lines in report underpayments
set -u
remedi=${1:?usage: codes-cli.sh REMEDI SOURCE_ROOT}
src=${2:?usage: codes-cli.sh REMEDI SOURCE_ROOT}
case $remedi in /*) ;; *) remedi=$(pwd)/$remedi ;; esac
case $src in /*) ;; *) src=$(pwd)/$src ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/remedi-codes.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# expect STATUS PATTERN CMD...: exit status STATUS and PATTERN in stdout+stderr
expect() {
	want=$1 pat=$2
	shift 2
	"$remedi" "$@" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -ne "$want" ]; then
		bad "remedi $*: exit $rc, want $want"; cat "$tmp/out" >&2
	elif ! grep -q -- "$pat" "$tmp/out"; then
		bad "remedi $*: no '$pat' in:"; cat "$tmp/out" >&2
	fi
}
# rows KIND DB: the row count status shows for KIND ("" when none)
rows() { "$remedi" codes status --db "$2" | awk -v k="$1" '/^built-in/ { exit } $1 == k { print $2 }' | tr '\n' ' ' | sed 's/ $//'; }
# has CLAIM RULE JSON: whether the findings name RULE on CLAIM
has() { grep "\"rule\":\"$2\"" "$3" | grep -q "\"claim\":\"$1\""; }

cd "$tmp" || exit 1
P837=$src/samples/edits/scenarios-837p.x12

# ---- fixtures in the official layouts
tab=$(printf '\t')
ptp_head() {
	printf 'Hand-made fixture in the CMS NCCI practitioner PTP layout (not CMS data)\n'
	printf 'Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier\tPTP Edit Rationale\n'
	printf '\t\t\t\t*=no data\t0=not allowed\t\n'
}
{ ptp_head; printf '96413\t96523\t\t20150101\t*\t0\tMisuse of Column Two code with Column One code\n'
  printf '96413\t36591\t\t20150101\t*\t0\tMisuse of Column Two code with Column One code\n'; } >ptp-2025q4.txt
{ ptp_head; printf '96413\t36591\t\t20150101\t*\t0\tMisuse of Column Two code with Column One code\n'; } >ptp-2026q1.txt
{ ptp_head; printf '96413\t36591\t\t20150101\t*\t0\tok\n96413\t96523\t\t2015XX01\t*\t0\tbad date\n'; } >ptp-bad.txt
cat >mue.csv <<'EOF'
"Hand-made fixture in the CMS practitioner MUE layout (values invented)"
"HCPCS/CPT Code","Practitioner Services MUE Values","MUE Adjudication Indicator","MUE Rationale"
"96413","1","2 Date of Service Edit: Policy","Code Descriptor / CPT Instruction"
"J9045","90","3 Date of Service Edit: Clinical","Prescribing Information"
EOF
cat >xwalk-2025q4.csv <<'EOF'
"Hand-made fixture in the ASP NDC-HCPCS crosswalk layout (labeler 99999 is invented)"
"_2025_CODE","Short Description","LABELER NAME","NDC2","Drug Name","HCPCS Dosage","PKG SIZE","PKG QTY","BILLUNITS","BILLUNITSPKG"
"J9271","Inj pembrolizumab","TEST LABELER","99999-0001-01","TESTDRUG-P","1 MG","4","1","100","100"
EOF
cat >asp-2025q1.csv <<'EOF'
"Payment Allowance Limits for Medicare Part B Drugs (hand-made fixture, values invented)"
"Effective January 1, 2025 through March 31, 2025"
""
"HCPCS Code","Short Description","HCPCS Code Dosage","Payment Limit","Co-insurance Percentage","Notes"
"J9271","Inj pembrolizumab","1 MG","56.123","20",""
"J9355","Inj trastuzumab excl biosimi","10 MG","75.000","20",""
EOF
cat >asp-2025q2.csv <<'EOF'
"Payment Allowance Limits for Medicare Part B Drugs (hand-made fixture, values invented)"
"Effective April 1, 2025 through June 30, 2025"
"HCPCS Code","Short Description","HCPCS Code Dosage","Payment Limit","Co-insurance Percentage","Notes"
"J9271","Inj pembrolizumab","1 MG","99.000","20",""
EOF
printf '"HCPCS Code","Short Description","HCPCS Code Dosage","Payment Limit"\n"J9271","x","1 MG","56.1234"\n' >asp-bad.csv
# HCPCS ANWEB fixed width: HCPC 1-5, SEQNUM 6-10, RECID 11, long description 12-91,
# ADD DT 269-276, ACT EFF DT 277-284, TERM DT 285-292, ACTION CD 293
anweb() { # CODE RECID ADD EFF TERM
	awk -v c="$1" -v r="$2" -v a="$3" -v e="$4" -v t="$5" 'BEGIN {
		line = sprintf("%-5s%05d%s%-80s", c, 100, r, "hand-made fixture row")
		while (length(line) < 268) line = line " "
		printf "%s%-8s%-8s%-8sN\n", line, a, e, t }'
}
{ printf 'Disclaimer: hand-made fixture in the ANWEB record layout, not CMS data.\n'
  anweb J9271 3 20160101 20160101 ''
  anweb J9271 4 '' '' ''
  anweb J9310 3 20060101 20060101 20181231
  anweb JZ 7 20230101 20230101 ''; } >HCPC2025_JAN_ANWEB.txt
{ anweb J9271 3 20160101 20160101 ''; anweb J9310 3 20060101 2006 '' | cut -c1-280; } >hcpcs-short.txt
# ICD-10-CM order file: order 1-5, code 7-13, billable flag 15, short description 17-76
icd_order() { awk '{ printf "%05d %-7s %s %-60s %s\n", NR, $1, $2, "fixture", "fixture" }'; }
printf 'C34\t0\nZ5111\t1\nZ5112\t1\nC50911\t1\nZ452\t1\n' | tr '\t' ' ' | icd_order >icd10cm_order_2026.txt
printf 'Z5111 1\nZ5112 7\n' | icd_order >icd10cm_order_2027.txt
{ cat icd10cm_order_2026.txt; printf 'C3411 1\n' | icd_order | sed 's/^00001/00006/'; } >icd10cm-undated.txt

# ---- imports: every kind, the status, duplicates
db=$tmp/c.db
expect 0 "ptp: 2 rows stored (NCCI PTP tab-delimited), in force from 2025-10-01" codes import ptp ptp-2025q4.txt --db "$db"
expect 0 "mue: 2 rows stored" codes import mue mue.csv --db "$db"
gzip -c xwalk-2025q4.csv >xwalk-2025q4.csv.gz
expect 0 "ndc-hcpcs: 1 row stored" codes import ndc-hcpcs xwalk-2025q4.csv.gz --db "$db"
expect 0 "already stored (loaded .*): nothing changed" codes import ndc-hcpcs xwalk-2025q4.csv --db "$db"
expect 0 "hcpcs: 3 rows stored (HCPCS ANWEB fixed width), in force from 2025-01-01" \
	codes import hcpcs HCPC2025_JAN_ANWEB.txt --db "$db"
expect 0 "icd10cm: 5 rows stored (ICD-10-CM order file), in force from 2025-10-01 to 2026-09-30" \
	codes import icd10cm icd10cm_order_2026.txt --db "$db"
expect 0 "asp: 2 rows stored (ASP payment limit CSV), in force from 2025-01-01 to 2025-03-31" \
	codes import asp asp-2025q1.csv asp-2025q2.csv --db "$db"
expect 0 "already stored" codes import ptp ptp-2025q4.txt --db "$db"
"$remedi" codes import mue - --db "$db" <mue.csv >out 2>&1
grep -q "already stored" out || { cat out >&2; bad "mue from stdin: the same content is not recognised as stored"; }
"$remedi" codes status --db "$db" >status.txt || bad "codes status: exit $?"
for k in ptp mue ndc-hcpcs hcpcs icd10cm asp; do
	grep -q "^$k " status.txt || bad "codes status lists no $k"
done
grep -q '^asp  *2  2025-01-01 - 2025-03-31 .*asp-2025q1.csv' status.txt || bad "status: the ASP Q1 version and its period"
grep -q '^asp  *1  2025-04-01 - 2025-06-30 .*asp-2025q2.csv' status.txt || bad "status: the ASP Q2 version"
grep -q 'built-in seeds' status.txt || bad "status shows no seeds"
[ "$(rows ptp "$db")" = 2 ] || bad "ptp imported twice: $(rows ptp "$db")"

# ---- near misses: wrong layout, bad rows, nothing kept
expect 2 "mue.csv: no PTP rows" codes import ptp mue.csv --db "$db"
expect 2 "ptp-2025q4.txt: no \"HCPCS/CPT Code\" header" codes import mue ptp-2025q4.txt --db "$db"
expect 2 "ptp-bad.txt:5: PTP row" codes import ptp ptp-bad.txt --db "$db"
expect 2 "nothing of this file was stored" codes import ptp ptp-bad.txt --db "$db"
expect 2 "asp-bad.csv:2: ASP row" codes import asp asp-bad.csv --db "$db"
expect 2 "hcpcs-short.txt:2: HCPCS ANWEB record is" codes import hcpcs hcpcs-short.txt --db "$db"
expect 2 "icd10cm_order_2027.txt:2: order file row" codes import icd10cm icd10cm_order_2027.txt --db "$db"
expect 2 "mue.csv: no HCPCS records" codes import hcpcs mue.csv --db "$db"
printf 'HCPC,RECID,LONG DESCRIPTION\nJ9271,3,x\n' >h.csv
expect 2 "h.csv:1: HCPCS header needs ADD DT" codes import hcpcs h.csv --db "$db"
expect 3 "dated by its fiscal year" codes import icd10cm icd10cm-undated.txt --db "$db"
expect 3 "--from takes CCYYMMDD" codes import ptp ptp-2025q4.txt --from 2025 --db "$db"
expect 3 "unknown kind" codes import cpt mue.csv --db "$db"
expect 0 "in force from 2024-10-01 to 2025-09-30" codes import icd10cm icd10cm-undated.txt \
	--from 20241001 --to 20250930 --db "$db"
[ "$(rows ptp "$db")" = 2 ] || bad "a bad PTP file left rows: $(rows ptp "$db")"
[ "$(rows asp "$db")" = "2 1" ] || bad "a bad ASP file left rows: $(rows asp "$db")"
[ "$(rows hcpcs "$db")" = 3 ] || bad "a bad HCPCS file left rows: $(rows hcpcs "$db")"

# ---- check --db: the imported PTP pair 96413/96523 (not in the seeds), DOS 2025-10-15
"$remedi" check --format json "$P837" >seeds.json
"$remedi" check --db "$db" --format json "$P837" >db.json
has S07-FLUSH-CHEMO ONC-NCCI-001 seeds.json && bad "the seeds have no PTP table: NCCI-001 without --db"
has S07-FLUSH-CHEMO ONC-NCCI-001 db.json || bad "check --db: the imported 96413/96523 pair did not fire ONC-NCCI-001"
has S07-DRAW-CHEMO ONC-NCCI-001 db.json || bad "check --db: 96413/36591 did not fire"
expect 4 "no database at" check --db "$tmp/none.db" "$P837"

# versions: the Q4 2025 file has the pair, the Q1 2026 file does not; DOS 2025-10-15 is Q4
v=$tmp/v.db
"$remedi" codes import ptp ptp-2026q1.txt ptp-2025q4.txt --db "$v" >/dev/null
"$remedi" check --db "$v" --format json "$P837" >v.json
has S07-FLUSH-CHEMO ONC-NCCI-001 v.json || bad "the PTP version in force on the DOS (2025q4) was not used"
w=$tmp/w.db
cp ptp-2025q4.txt ptp-a-2026q1.txt
cp ptp-2026q1.txt ptp-b-2025q4.txt
"$remedi" codes import ptp ptp-a-2026q1.txt ptp-b-2025q4.txt --db "$w" >/dev/null
"$remedi" check --db "$w" --format json "$P837" >w.json
has S07-FLUSH-CHEMO ONC-NCCI-001 w.json && bad "a PTP pair of the 2026q1 version fired on a 2025-10-15 line"
has S07-DRAW-CHEMO ONC-NCCI-001 w.json || bad "the 2025q4 version's pair did not fire"
# the same quarter imported again (a corrected file): the later import wins
{ cat ptp-2025q4.txt; printf '96413\t36000\t\t20150101\t*\t0\tcorrection\n'; } >ptp-fix.txt
"$remedi" codes import ptp ptp-fix.txt --from 20251001 --db "$w" >/dev/null
"$remedi" codes status --db "$w" | grep -q '^ptp .*superseded.*ptp-b-2025q4.txt' || bad "status: the replaced version is not superseded"
"$remedi" check --db "$w" --format json "$P837" >w2.json
has S07-FLUSH-CHEMO ONC-NCCI-001 w2.json || bad "the corrected 2025q4 file (imported later) was not used"

# ICD-10-CM by fiscal year: FY2026 lacks C34.11 (ONC-DX-007 on a 2025-10-15 line); FY2025 only: not judged
i=$tmp/i.db
"$remedi" codes import icd10cm icd10cm_order_2026.txt --db "$i" >/dev/null
"$remedi" check --db "$i" --format json "$P837" >i.json
grep -q '"rule":"ONC-DX-007".*C3411' i.json || bad "FY2026 set without C34.11: no ONC-DX-007"
j=$tmp/j.db
"$remedi" codes import icd10cm icd10cm-undated.txt --from 20241001 --to 20250930 --db "$j" >/dev/null
"$remedi" check --db "$j" --format json "$P837" >j.json
grep '"rule":"ONC-DX-007"' j.json | grep -q '20251015\|C3411' && bad "a FY2025 code set judged 2025-10-15 lines"

# ---- check --record: recorded as sent, once; the report sees the claims
r=$tmp/r.db
"$remedi" check --record --db "$r" --date 20251020 --format json "$P837" >rec.json 2>rec.err
[ $? -eq 1 ] || bad "check --record: exit status of check (1: findings) expected"
cmp -s rec.json seeds.json || { diff rec.json seeds.json | head -5 >&2; bad "check --record changed the findings"; }
grep -q "recorded 41 claims (99 lines) as sent on 2025-10-20" rec.err || { cat rec.err >&2; bad "check --record: no recording line"; }
"$remedi" check --record --db "$r" -q "$P837" >/dev/null 2>rec2.err
grep -q "already stored" rec2.err || bad "check --record twice: not reported as already stored"
"$remedi" report summary --db "$r" --format json >sum.json
grep -q '"claims_submitted":41,' sum.json || { cat sum.json >&2; bad "report summary does not show the 41 recorded claims"; }
"$remedi" report aging --db "$r" --as-of 20251120 --format json >aging.json
[ "$(grep -c '"submitted":"2025-10-20"' aging.json)" -eq 41 ] || bad "aging: not 41 claims sent 2025-10-20"

# ---- ASP prices Medicare Part B drug lines (samples/oncology-837p: SBR09 MB, J9271 x200 on 2025-03-05,
# received 86.24 + 22.00 + 1.76 = 110.00 a unit... 11000.00 in all; ASP 56.123 x 200 = 11224.60)
a=$tmp/a.db
"$remedi" submit --db "$a" --date 20250310 "$src/samples/oncology-837p.x12" >/dev/null
"$remedi" remit --db "$a" "$src/samples/oncology-835.x12" >/dev/null
"$remedi" report underpayments --db "$a" --format json >u0.json
grep -q '"procedure":"J9271"' u0.json && bad "underpayment on J9271 without a fee schedule or ASP file"
"$remedi" codes import asp asp-2025q1.csv asp-2025q2.csv --db "$a" >/dev/null
"$remedi" report underpayments --db "$a" --format json >u1.json
grep '"procedure":"J9271"' u1.json | grep -q '"expected_cents":1122460,.*"shortfall_cents":22460,.*"basis":"asp","allowed_per_unit_mills":56123' ||
	{ cat u1.json >&2; bad "ASP Q1 limit: J9271 expected 11224.60, short 224.60"; }
grep -q '"procedure":"J9355"' u1.json && bad "J9355 paid at its ASP limit reported as underpaid"

exit $fail
