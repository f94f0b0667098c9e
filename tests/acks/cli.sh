#!/bin/sh
# cli.sh - remedi ack as a command: options, reproducibility, exit statuses.
#
#   cli.sh REMEDI SAMPLES
set -u
REMEDI=$1 SAMPLES=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-ackcli.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0
P=$SAMPLES/oncology-837p.x12

expect() { # expected-exit description command...
	want=$1 what=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ $got != "$want" ]; then
		echo "FAIL $what: exit $got, wanted $want" >&2
		cat "$TMP/err" >&2
		fail=1
	fi
}

expect 3 "unknown type" "$REMEDI" ack --type 998 "$P"
expect 3 "bad timestamp" "$REMEDI" ack --timestamp 20261303 "$P"
expect 3 "timestamp Feb 30" "$REMEDI" ack --timestamp 202602301200 "$P"
expect 3 "control number 0" "$REMEDI" ack --control-number 0 "$P"
expect 3 "no file" "$REMEDI" ack
expect 0 "help" "$REMEDI" ack --help
printf 'hello, not X12\n' >"$TMP/junk.txt"
expect 2 "not X12" "$REMEDI" ack "$TMP/junk.txt"
[ -s "$TMP/out" ] && { echo "FAIL not X12: something was written" >&2; fail=1; }
expect 2 "missing file" "$REMEDI" ack "$TMP/none.x12"

# SOURCE_DATE_EPOCH: 1796385600 = 2026-12-04 12:00 UTC, twice the same bytes
SOURCE_DATE_EPOCH=1796385600 "$REMEDI" ack "$P" >"$TMP/a1"
SOURCE_DATE_EPOCH=1796385600 "$REMEDI" ack "$P" >"$TMP/a2"
cmp -s "$TMP/a1" "$TMP/a2" || { echo "FAIL SOURCE_DATE_EPOCH output differs between runs" >&2; fail=1; }
grep -q '^ISA\*.*\*261204\*1200\*^' "$TMP/a1" || { echo "FAIL ISA09/ISA10 not from SOURCE_DATE_EPOCH" >&2; fail=1; }
grep -q '^GS\*FA\*TESTMAC01\*TESTSUB01\*20261204\*1200\*1\*X\*005010X231A1~' "$TMP/a1" ||
	{ echo "FAIL GS not swapped or dated" >&2; fail=1; }
# --timestamp wins over SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH=1796385600 "$REMEDI" ack --timestamp 203001020304 "$P" >"$TMP/a3"
grep -q '^ISA\*.*\*300102\*0304\*^' "$TMP/a3" || { echo "FAIL --timestamp not used" >&2; fail=1; }

# control numbers: N for the first interchange, N+1 for the next (two files)
"$REMEDI" ack --timestamp 202612031200 --control-number 41 -o "$TMP/two.999" "$P" "$SAMPLES/oncology-835.x12"
[ "$(grep -c '^ISA\*' "$TMP/two.999")" = 2 ] || { echo "FAIL -o: not two interchanges" >&2; fail=1; }
grep -q '^IEA\*1\*000000041~' "$TMP/two.999" && grep -q '^IEA\*1\*000000042~' "$TMP/two.999" &&
	grep -q '^GS\*FA\*.*\*42\*X\*005010X231A1~' "$TMP/two.999" ||
	{ echo "FAIL control numbers 41, 42" >&2; fail=1; }
"$REMEDI" validate -q "$TMP/two.999" >/dev/null || { echo "FAIL two interchanges do not validate" >&2; fail=1; }

# the same through standard input, and gzip
"$REMEDI" ack --timestamp 202612031200 - <"$P" >"$TMP/stdin.999"
"$REMEDI" ack --timestamp 202612031200 "$P" >"$TMP/file.999"
cmp -s "$TMP/stdin.999" "$TMP/file.999" || { echo "FAIL stdin differs from file" >&2; fail=1; }
gzip -c "$P" >"$TMP/p.x12.gz"
"$REMEDI" ack --timestamp 202612031200 "$TMP/p.x12.gz" >"$TMP/gz.999"
cmp -s "$TMP/gz.999" "$TMP/file.999" || { echo "FAIL gzip input differs" >&2; fail=1; }

# a truncated interchange: TA1 rejected (023), exit 2, what was read acknowledged
head -c 2000 "$P" >"$TMP/cut.x12"
expect 2 "truncated" "$REMEDI" ack --timestamp 202612031200 "$TMP/cut.x12"
grep -q '^TA1\*000000101\*250306\*1030\*R\*023~' "$TMP/out" || { echo "FAIL truncated: no TA1 R 023" >&2; cat "$TMP/out" >&2; fail=1; }
# a set remedi has no definition for is not taken in: IK5 R 1, unless only the envelope is checked
sed -e 's/^GS\*HC\*/GS*HS*/' -e 's/~GS\*HC\*/~GS*HS*/' -e 's/ST\*837\*0001\*005010X222A1/ST*270*0001*005010X279A1/' -e 's/\*005010X222A1~/*005010X279A1~/' "$P" >"$TMP/270.x12"
expect 1 "unknown set" "$REMEDI" ack --timestamp 202612031200 "$TMP/270.x12"
grep -q "^AK1\*HS\*" "$TMP/out" && grep -q '^AK2\*270\*0001\*005010X279A1~' "$TMP/out" && grep -q '^IK5\*R\*1~' "$TMP/out" ||
	{ echo "FAIL unknown set: not IK5 R 1" >&2; cat "$TMP/out" >&2; fail=1; }
expect 0 "unknown set, --level 1" "$REMEDI" ack --level 1 --timestamp 202612031200 "$TMP/270.x12"
grep -q '^IK5\*A~' "$TMP/out" || { echo "FAIL --level 1: the envelope alone accepts" >&2; cat "$TMP/out" >&2; fail=1; }
# 277CA: per claim an STC; the edits' errors reject, --edits off lets them through
E=$SAMPLES/edits/scenarios-837p.x12
expect 3 "--edits maybe" "$REMEDI" ack --type 277ca --edits maybe "$E"
expect 0 "277ca of a clean 837P" "$REMEDI" ack --type 277ca --timestamp 202612031200 "$P"
grep -q '^GS\*HN\*TESTMAC01\*TESTSUB01\*20261203\*1200\*1\*X\*005010X214~' "$TMP/out" &&
	grep -q '^ST\*277\*0001\*005010X214~' "$TMP/out" && grep -q '^BHT\*0085\*08\*' "$TMP/out" &&
	grep -q '^TRN\*2\*TESTCLM0001~' "$TMP/out" && grep -q '^STC\*A2:20\*20261203\*WQ\*' "$TMP/out" ||
	{ echo "FAIL 277ca envelope, TRN or STC" >&2; fail=1; }
grep -q 'DMG\|19500101' "$TMP/out" && { echo "FAIL 277ca carries a birth date" >&2; fail=1; }
expect 1 "277ca with edits" "$REMEDI" ack --type 277ca --timestamp 202612031200 "$E"
on=$(grep -c '^STC\*A[3678]' "$TMP/out")
expect 0 "277ca with --edits off" "$REMEDI" ack --type 277ca --edits off --timestamp 202612031200 "$E"
off=$(grep -c '^STC\*A[3678]' "$TMP/out")
[ "$on" -gt "$off" ] || { echo "FAIL --edits off rejects as many claims ($off) as the edits ($on)" >&2; fail=1; }
"$REMEDI" validate -q "$TMP/out" >/dev/null || { echo "FAIL 277ca --edits off does not validate" >&2; fail=1; }
expect 0 "277ca of an 835: nothing to answer" "$REMEDI" ack --type 277ca "$SAMPLES/oncology-835.x12"
[ -s "$TMP/out" ] && { echo "FAIL 277ca of an 835 wrote something" >&2; fail=1; }
exit $fail
