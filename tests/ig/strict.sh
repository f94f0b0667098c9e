#!/bin/sh
# strict.sh REMEDI - `--strict` of validate and parse: a segment ending with
# an element separator (X12.6: empty trailing elements are not sent) is the
# warning X12-905 by default (exit 0) and the error X12-906 with --strict
# (exit 1), with its position.  Near miss: the same file without the
# trailing '*' is clean either way.
set -u
REMEDI=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

claim() { # LX segment -> an 837P interchange
	printf '%s' "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250101*1200*^*00501*000000001*0*T*:~"
	printf '%s' "GS*HC*SENDER*RECEIVER*20250101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~"
	printf '%s' "BHT*0019*00*B1*20250101*1200*CH~NM1*41*2*SUBMITTER*****46*S1~PER*IC*CONTACT*TE*5555550100~"
	printf '%s' "NM1*40*2*RECEIVER*****46*R1~HL*1**20*1~NM1*85*2*BILLING*****XX*1999990017~"
	printf '%s' "N3*1 BILLING ST~N4*BILLTOWN*OH*432150001~REF*EI*991234567~HL*2*1*22*0~SBR*P*18*GRP******CI~"
	printf '%s' "NM1*IL*1*SUB*ONE****MI*M1~NM1*PR*2*PAYER*****PI*99001~CLM*C1*100***11:B:1*Y*A*Y*Y~HI*ABK:C50911~$1~"
	printf '%s' "SV1*HC:99213*100*UN*1***1~DTP*472*D8*20250101~SE*20*0001~GE*1*1~IEA*1*000000001~"
}

fail=0
expect() { # WHAT WANT_RC WANT_TEXT CMD...
	what=$1 want=$2 text=$3
	shift 3
	"$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" = "$want" ] || { echo "FAIL: $what: exit $rc, want $want"; cat "$TMP/out" "$TMP/err"; fail=1; }
	if [ -n "$text" ]; then
		grep -q -- "$text" "$TMP/out" "$TMP/err" || { echo "FAIL: $what: no '$text'"; cat "$TMP/out" "$TMP/err"; fail=1; }
	elif grep -q "X12-90[56]" "$TMP/out" "$TMP/err"; then
		echo "FAIL: $what: a trailing-separator diagnostic on a clean file"; fail=1
	fi
}

claim "LX*1*" >"$TMP/trailing.x12"
claim "LX*1" >"$TMP/clean.x12"
expect "validate, default" 0 "\[X12-905\] warning: LX ends with an element separator" "$REMEDI" validate "$TMP/trailing.x12"
expect "validate, position" 0 "segment 19, LX) \[LX02, ST segment 17\]" "$REMEDI" validate "$TMP/trailing.x12"
expect "validate --strict" 1 "\[X12-906\] LX ends" "$REMEDI" validate --strict "$TMP/trailing.x12"
expect "parse --strict" 1 "X12-906" "$REMEDI" parse --strict "$TMP/trailing.x12"
expect "parse, default" 0 "X12-905" "$REMEDI" parse "$TMP/trailing.x12"
expect "near miss: validate --strict, no trailing separator" 0 "" "$REMEDI" validate --strict "$TMP/clean.x12"
exit $fail
