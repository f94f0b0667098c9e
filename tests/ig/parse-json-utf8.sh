#!/bin/sh
# parse-json-utf8.sh REMEDI - `remedi parse --format json` writes valid UTF-8
# JSON (RFC 8259) when a name holds a Latin-1 byte (X12 is single-byte): the
# byte is escaped as \u00XX, never copied through.  Near miss: a plain ASCII
# name comes out as it is.
set -eu
REMEDI=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

claim() { # NAME -> an 837P interchange with that billing provider name
	printf '%s' "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250101*1200*^*00501*000000001*0*T*:~"
	printf '%s' "GS*HC*SENDER*RECEIVER*20250101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~"
	printf '%s' "BHT*0019*00*B1*20250101*1200*CH~NM1*41*2*SUBMITTER*****46*S1~PER*IC*CONTACT*TE*5555550100~"
	printf '%s' "NM1*40*2*RECEIVER*****46*R1~HL*1**20*1~NM1*85*2*$1*****XX*1999990017~"
	printf '%s' "N3*1 BILLING ST~N4*BILLTOWN*OH*432150001~REF*EI*991234567~HL*2*1*22*0~SBR*P*18*GRP******CI~"
	printf '%s' "NM1*IL*1*SUB*ONE****MI*M1~NM1*PR*2*PAYER*****PI*99001~CLM*C1*100***11:B:1*Y*A*Y*Y~HI*ABK:C50911~LX*1~"
	printf '%s' "SV1*HC:99213*100*UN*1***1~DTP*472*D8*20250101~SE*20*0001~GE*1*1~IEA*1*000000001~"
}

fail=0
claim "$(printf 'CLINIQUE SAINT-\311TIENNE')" >"$TMP/latin1.x12"
"$REMEDI" parse --format json "$TMP/latin1.x12" >"$TMP/latin1.json"
grep -q '"type":"claim"' "$TMP/latin1.json" || { echo "FAIL: no claim record"; fail=1; }
iconv -f UTF-8 -t UTF-8 "$TMP/latin1.json" >/dev/null 2>&1 || { echo "FAIL: output is not valid UTF-8"; fail=1; }
grep -q 'SAINT-\\u00c9TIENNE' "$TMP/latin1.json" || { echo "FAIL: 0xC9 is not written as \\u00c9"; fail=1; }

claim "CLINIQUE SAINT ETIENNE" >"$TMP/ascii.x12"
"$REMEDI" parse --format json "$TMP/ascii.x12" >"$TMP/ascii.json"
grep -q '"CLINIQUE SAINT ETIENNE"' "$TMP/ascii.json" || { echo "FAIL: an ASCII name is altered"; fail=1; }
[ $fail = 0 ] && echo "ok: Latin-1 escaped, ASCII kept"
exit $fail
