#!/bin/sh
# corpus-ig.sh REMEDI CORPUS_DIR - the implementation-guide checks (SNIP 2-4)
# against the public corpus (../shared/corpus), driven by its MANIFEST.tsv.
# Rows whose transaction column says "expected output" are not inputs.
#
#  (a) every 5010 837P/837I/835 file marked valid or valid-with-warning passes
#      `remedi validate` without an error, except the files listed in
#      ALLOWED below: each with the exact codes its genuine defects give and
#      the reason (each checked by reading the file).  A listed code that is
#      no longer reported fails too, so the list cannot go stale.
#  (b) every 837/835 file of a 4010 guide (version column 004010...) outside
#      bad/ gets X12-501 "not supported" once per transaction set, and no
#      other error: exit 1.
#  (c) for every 837/835 file without a fatal error whose transaction sets
#      are all supported, `remedi parse --format json` writes one claim
#      record per CLM segment and one payment record per CLP segment
#      (counted here with tr/awk, splitting the file on its own terminator,
#      ISA byte 106, and element separator, ISA byte 4).
#  (d) bad/ files whose fault is beyond the envelope (SNIP 2+) are reported
#      with the codes in FAULTS below; each line quotes the manifest's
#      expected column, so the two cannot drift apart.
#  No run may write to stderr (a sanitizer report would land there) or exit
#  with 3 or more.
#
# A FAULTS line may end in "|xfail BUG-ID" for a known bug (explained in a comment beside it):
# a mismatch is reported as XFAIL and does not fail; a match is XPASS and
# fails, so that the mark is removed.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no corpus).
set -u

remedi=${1:?usage: corpus-ig.sh REMEDI CORPUS_DIR}
corpus=${2:?usage: corpus-ig.sh REMEDI CORPUS_DIR}
manifest=$corpus/MANIFEST.tsv
case $remedi in
/*) ;;
*) remedi=$(pwd)/$remedi ;;
esac

if [ ! -f "$manifest" ]; then
	echo "SKIP: $manifest not found (the shared corpus is optional)"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/remedi-corpus-ig.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# file | error codes its genuine defects give | the defects
# X12-907 and X12-908 (issue 12): most public 5010 examples are the TR3's own
# examples or written after them, with made-up provider data. Their NPIs
# fail the NPI check digit (Luhn over 80840 + the first nine digits, the CMS
# NPI standard) and their 2010AA/2310C ZIPs have 5 digits where the TR3 note
# on N403 wants the nine-digit ZIP+4 (X12 RFI 1533 quotes 2010AA
# "N4*Kansas City*MO*64108" as not compliant). A payer front end rejects
# both, so the files are wrong and the checks stay; each file's values are
# listed (provider data, not PHI).
cat > "$tmp/allowed" <<'EOF'
837p/lfh__demo.ambulance.example5.837|X12-612 X12-908|CLM*051068*766.50***41::1: CLM05-2 (facility code qualifier, B in 5010) is empty; NPI 2366554859 (fictitious example NPIs: wrong check digit)
837p/lfh__demo.cob.example3.A.837|X12-506 X12-907 X12-908|the 2320 other subscriber (SBR*S, OI, NM1*IL = 2330A) has no NM1*PR: required loop 2330B (other payer) missing; N403 ZIP of 2010AA and 2310C is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 1581234567, 1999996666 (fictitious example NPIs: wrong check digit)
837p/lfh__demo.cob.example4.837|X12-503 X12-907 X12-908|AMT*F2*15.00 in 2320: F2 (patient responsibility) is a 4010 qualifier; the 5010 2320 AMT takes D, A8, EAF; N403 ZIP of 2010AA is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 0100000009, 9090909090 (fictitious example NPIs: wrong check digit)
837p/oopfactory__Example1_2_And_3_Combined.txt|X12-503 X12-611 X12-907 X12-908|SBR*P*******CI in 2000B puts CI in SBR08 (not used in 5010; the filing indicator is SBR09); DMG in 2320 (a 4010 segment there); N403 ZIP of 2010AA and 2310C is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 1581234567, 1999996666, 5812345679, 9876543210 (fictitious example NPIs: wrong check digit)
837p/oopfactory__MedicaidExample.txt|X12-505 X12-601 X12-606 X12-608 X12-701 X12-908|masked extract: BHT01 9999, CLM05 99>X>9, SV101-1 XX (606); BHT05 9999 (608); no HI in any claim (505); SV1 ends at SV104, no SV107 pointer (601); CLM02 99.99 but lines 99.99 + 9.99 (701); NPI 9999999999 (fictitious example NPIs: wrong check digit)
837i/lfh__institutional-claim.837i|X12-606 X12-611 X12-907 X12-908|CLM*756048Q*89.93***14:A:1*Y*A*Y*Y carries CLM06 (not used in the 5010 837I); DTP*434*D8*19960911 (statement dates are RD8); N403 ZIP of 2010AA is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 9876540809 (fictitious example NPIs: wrong check digit)
837i/lfh__two-claims-single-provider.837i|X12-611 X12-907 X12-908|CLM06 (Y) on both claims: not used in the 5010 837I; N403 ZIP of 2010AA is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 1234567890, 9999999999 (fictitious example NPIs: wrong check digit)
837i/oopfactory__Spec_3.1.2_TwoClaimsForTheSameProvider.txt|X12-611 X12-907 X12-908|CLM06 (Y) on both claims: not used in the 5010 837I; N403 ZIP of 2010AA is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 1234567890, 9999999999 (fictitious example NPIs: wrong check digit)
835/lfh__managed-care.835|X12-505 X12-607 X12-908|BPR16 20002316 (month 23); no PER*BL in 1000A (required in 5010); NPI 5544667733 (fictitious example NPIs: wrong check digit)
835/lfh__medicare-part-a.835|X12-505 X12-611|no PER*BL in 1000A; TS309 and TS311 amounts (4010 positions, not used in 5010)
835/lfh__tertiary-payment.835|X12-505 X12-601 X12-603 X12-612 X12-702|BPR*I*187.50*C*CHK***********20050412 puts the date in BPR15, BPR16 empty (601); no PER*BL (505); SVC*HC*24599.00*1766.50*187.50**1: the SVC01 composite's ':' became '*', so SVC01-2 is missing (612), the amounts shift one place (SVC06 "1": 603, 612) and the line does not balance (702)
835/oopfactory__835_WithMultipleInterchanges.txt|X12-606 X12-702 X12-703 X12-704 X12-908|masked extract: SVC01-1 XX (606); masked amounts (999.99, 99.99) break line, claim and BPR02 balancing; NPI 9999999999 (fictitious example NPIs: wrong check digit)
837p/lfh__demo.autoaccident.837|X12-907 X12-908|N403 ZIP of 2010AA and 2310C is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 1235767887, 1253695747, 2366552595 (fictitious example NPIs: wrong check digit)
837p/lfh__demo.cob.example3.B.837|X12-907 X12-908|N403 ZIP of 2010AA and 2310C is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 1581234567, 1999996666 (fictitious example NPIs: wrong check digit)
837p/lfh__demo.cob.example3.C.837|X12-907 X12-908|N403 ZIP of 2010AA and 2310C is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 1581234567, 1999996666 (fictitious example NPIs: wrong check digit)
837p/lfh__demo.example2.837|X12-907 X12-908|N403 ZIP of 2010AA and 2310C is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 5812345679, 9876543210 (fictitious example NPIs: wrong check digit)
837p/lfh__demo.example7.837|X12-907 X12-908|N403 ZIP of 2010AA is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 5555511111, 9992233334 (fictitious example NPIs: wrong check digit)
837p/lfh__demo.example8.837|X12-907 X12-908|N403 ZIP of 2010AA is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 1111155555 (fictitious example NPIs: wrong check digit)
837p/oopfactory__ST1309-XX.txt|X12-908|NPI 9999999999 (fictitious example NPIs: wrong check digit)
837p/staedi__sample837-original.edi|X12-908|NPI 123456789, 12345679030 (fictitious example NPIs: wrong check digit or not 10 digits)
837i/vscode-edi__complete.edi|X12-907 X12-908|N403 ZIP of 2010AA is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); NPI 1234567890, 9999999999 (fictitious example NPIs: wrong check digit)
835/tigershark__5010-835-example-2.txt|X12-908|NPI 1123456789 (fictitious example NPIs: wrong check digit)
835/tigershark__5010-835-example-3.txt|X12-908|NPI 1234567898, 1234567899 (fictitious example NPIs: wrong check digit)
837p/lfh__demo.drug.example10.1.837|X12-907|N403 ZIP of 2010AA is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address)
837p/lfh__demo.drug.example10.2.837|X12-907 X12-912|N403 ZIP of 2010AA is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); 2010AA REF*EI is written with its hyphen (TR3 note on REF02: the EIN is nine digits, no hyphen)
837p/lfh__demo.drug.example10.3.837|X12-907 X12-912|N403 ZIP of 2010AA is 5 digits (TR3 note: the full nine-digit ZIP for a U.S. billing provider / service facility address); 2010AA REF*EI is written with its hyphen (TR3 note on REF02: the EIN is nine digits, no hyphen)
EOF

# file | phrase quoted from the manifest's expected column | required diagnostics [| xfail BUG-ID]
# A required diagnostic is CODE[/SEGMENT-ID[/LOOP[/PHRASE]]]: "-" matches
# anything, "~" in PHRASE stands for a space; an empty LOOP is written "".
# Component separator mismatches: every composite named in the manifest
# gets the mismatch message; an HI written with '>' does not match the HI
# key (HI01-1) and is reported as a segment that is not expected (503,
# naming the qualifier it read), then as missing (505).
MM='component~separator~mismatch'
cat > "$tmp/faults" <<EOF
bad/lfh__cob-contractural-adjustment.835|SVC01 "HC>55669"|X12-606/SVC/2110/$MM
bad/lfh__demo.cob.2ndary.example4.837|CLM05 "11>B>1", HI01 "BK>7215", SV101 "HC>98940"|X12-606/CLM/2300/$MM X12-503/HI/2300/starting~'BK>' X12-606/SV1/2400/$MM
bad/lfh__demo.example11.837|SV107 "1>2"|X12-606/CLM/2300/$MM X12-503/HI/2300/starting~'BK>' X12-606/SV1/2400/SV101~(Composite X12-606/SV1/2400/SV107~(Composite
bad/lfh__demo.example12.837|CLM05 "23>B>1", HI01 "BK>9951", SV101 "HC>99284"|X12-606/CLM/2300/$MM X12-503/HI/2300/starting~'BK>' X12-606/SV1/2400/$MM
bad/lfh__demo.example6.837|CLM05 "11>B>1", HI01 "BK>7215", SV101 "HC>98940"|X12-606/CLM/2300/$MM X12-503/HI/2300/starting~'BK>' X12-606/SV1/2400/$MM
bad/lfh__demo.example9.837|SV101 "HC>00142>QK>QS>P1"|X12-606/CLM/2300/$MM X12-606/SV1/2400/$MM
bad/lfh__out-of-network-repriced-claim.837i|CLM05 "13>A>1", HI01 "BK>53081", SV202 "HC>82270"|X12-606/CLM/2300/$MM X12-503/HI/2300/starting~'BK>' X12-606/SV2/2400/$MM
bad/lfh__ppo-repriced-claim.837i|CLM05 "13>A>1", HI "BK>38181"/"BH>11>D8>20050706"|X12-606/CLM/2300/$MM X12-503/HI/2300/starting~'BK>' X12-503/HI/2300/starting~'BH>'
bad/lfh__secondary-payment.835|SVC01 "HC>12345>26", "HC>66543>26"|X12-606/SVC/2110/$MM
bad/imsweb__x12_segment_errors.txt|"N3 in loop 2010AA is required but not found", "HI in loop 2300 is required but not found", "REF in loop 2010AA appears too many times"|X12-505/N3/2010AA X12-505/HI/2300 X12-507/REF/2010AA
bad/imsweb__x12_loop_errors3_missing_loops.txt|"2010AA is required but not found in 2000A iteration #1"|X12-506/NM1/2000A/2010AA
bad/imsweb__x12_segments_out_of_order.txt|"Segment N4 in loop 2010AA is not in the correct position.", "Segment N3 in loop 2010AB is not in the correct position."|X12-504/N4/2010AA X12-504/N3/2010AB
bad/imsweb__x12_bad_valid_code.txt|NM1*117 (invalid entity code) in 2010AA|X12-503/NM1/2000A/NM101~'117' X12-506/NM1/2000A/2010AA
bad/imsweb__x12_missing_elements.txt|"NM1 in loop 1000B is missing a required element at 2", "CLM in loop 2300 is missing a required composite element at 5"|X12-601/NM1/1000B/NM102 X12-601/CLM/2300/CLM05
bad/imsweb__x12_loop_errors1_exceeds_max_1_parent.txt|"2010AA appears too many times"|X12-508/NM1/2010AA
bad/imsweb__x12_missing_required_loop_in_one_repeat.txt|"2010BA is required but not found in 2000B iteration #1"|X12-506/NM1/2000B/2010BA
bad/imsweb__x12_bad_segment_identifier.txt|"Unable to find a matching segment format in loop 2010AA/2000B/1000A", "PER in loop 1000A is required but not found"|X12-502/-/1000A X12-502/-/2010AA X12-502/-/2000B X12-505/PER/1000A
bad/oopfactory__MissingEntityCode.txt|NM1 with empty NM101 entity identifier|X12-503/NM1/2310A/NM101~''
bad/staedi__837-header-ref-only.edi|1000A/1000B/2000A missing|X12-506/NM1/""/1000A X12-506/NM1/""/1000B X12-506/HL/""/2000A X12-503/REF/""
bad/staedi__sample837-small.edi|both transaction sets lack required loops (1000B, 2000B, 2300...)|X12-506/NM1/""/1000B X12-506/HL/2000A/2000B
bad/staedi__sample837-HL-nested.edi|no implementation guide id|X12-501/ST
bad/oopfactory__835_5010_Example1.txt|GS08="5010" (not a valid version id)|X12-501/ST
bad/pyx12__bad_2010AA_bug.txt|mandatory loop 2000A/2010AA billing provider missing|X12-501/ST/""/004010X098A1
bad/pyx12__bad_elements.txt|element errors|X12-501/ST/""/004010X098A1
bad/pyx12__bad_header_looping.txt|835: DTM*405 date 11111111 invalid|X12-501/ST/""/004010X091A1
bad/pyx12__blank1.txt|element values of blanks|X12-501/ST/""/004010X096A1
bad/pyx12__loop_counting.txt|2400 service-line loop repeats more than the 4010 maximum|X12-501/ST/""/004010X098A1
bad/pyx12__mult_isa.txt|each transaction set is a stub missing mandatory segments|X12-501/ST/""/004010X091A1 X12-501/ST/""/004010X098A1
bad/pyx12__per_repeat.txt|PER in 1000A repeated 3 times|X12-501/ST/""/004010X098A1
bad/pyx12__trailing_terms.txt|the 4010 837I-required CLM18 is empty|X12-501/ST/""/004010X096A1
bad/oopfactory__TechnicalAcknowledgment_SampleFromJeffN825.txt|TA1 carries an extra 6th element|X12-219/TA1
EOF
# Notes on FAULTS:
#  - the pyx12 4010 files and the GS08 "5010"/"005010" files: remedi reads
#    the 5010 guides only, so the answer to their guide-level faults is
#    X12-501 for the whole transaction set (what (b) checks for the valid
#    4010 files).
#  - imsweb__x12_segments_out_of_order: the two late segments are X12-504
#    only (missing segments are reported when their loop closes).
#  - TA1 with a 6th element: X12-219 (envelope segment with extra elements).

fail=0 pass=0 xfails=0 na=0 nb=0 nc=0 nd=0

failed() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# validate FILE: $tmp/v.json (JSON Lines), $tmp/v.codes (error codes, one per
# line), $rc; each file is run once, later calls take the cached result
mkdir "$tmp/cache" || exit 1
validate() {
	key=$tmp/cache/$(printf '%s' "$1" | tr '/' '_')
	if [ -f "$key.rc" ]; then
		cp "$key.json" "$tmp/v.json"
		cp "$key.err" "$tmp/v.err"
		rc=$(cat "$key.rc")
	else
		(cd "$corpus" && "$remedi" validate --format json --max-errors 0 "$1") > "$tmp/v.json" 2> "$tmp/v.err"
		rc=$?
		cp "$tmp/v.json" "$key.json"
		cp "$tmp/v.err" "$key.err"
		echo "$rc" > "$key.rc"
	fi
	grep '"severity":"error"' "$tmp/v.json" | sed 's/.*"code":"\(X12-[0-9]*\)".*/\1/' > "$tmp/v.codes"
	if [ -s "$tmp/v.err" ]; then
		failed "$1: remedi validate wrote to stderr (crash or sanitizer report?):"
		head -n 10 "$tmp/v.err" | sed 's/^/    /'
		return 1
	fi
	if [ "$rc" -ge 3 ]; then
		failed "$1: remedi validate exit status $rc"
		return 1
	fi
	return 0
}

# count_segs FILE: "CLM CLP ST" counts, splitting on the file's own delimiters
count_segs() {
	skip=1
	[ "$(head -c 3 "$1" | od -An -tx1 | tr -d ' \n')" = "efbbbf" ] && skip=4
	tail -c +$skip "$1" | head -c 106 | od -An -to1 -v | tr ' ' '\n' | grep -v '^$' > "$tmp/isa.oct"
	sep_o=$(sed -n 4p "$tmp/isa.oct")
	term_o=$(sed -n 106p "$tmp/isa.oct")
	if [ -z "$sep_o" ] || [ -z "$term_o" ]; then
		echo "- - -"
		return
	fi
	# shellcheck disable=SC2059 # the octal escape is the format on purpose
	sep=$(printf "\\$sep_o")
	LC_ALL=C tr "\\$term_o" '\n' < "$1" | SEP="$sep" LC_ALL=C awk '
	{
		sub(/^[ \t\r\n]+/, "")
		i = index($0, ENVIRON["SEP"])
		id = i ? substr($0, 1, i - 1) : $0
		n[id]++
	}
	END { printf "%d %d %d\n", n["CLM"], n["CLP"], n["ST"] }'
}

# has SPEC: does $tmp/v.json hold a diagnostic matching CODE[/SEG[/LOOP[/PHRASE]]]?
has() {
	SPEC=$1 awk '
	BEGIN {
		n = split(ENVIRON["SPEC"], p, "/")
		code = p[1]; seg = n >= 2 ? p[2] : "-"; loop = n >= 3 ? p[3] : "-"; phrase = n >= 4 ? p[4] : ""
		for (i = 5; i <= n; i++) phrase = phrase "/" p[i]
		gsub(/~/, " ", phrase)
		if (loop == "\"\"") loop = ""
		found = 0
	}
	index($0, "\"code\":\"" code "\"") &&
	(seg == "-" || index($0, "\"segment_id\":\"" seg "\"")) &&
	(loop == "-" || index($0, "\"loop\":\"" loop "\"")) &&
	(phrase == "" || index($0, phrase)) { found = 1 }
	END { exit found ? 0 : 1 }' "$tmp/v.json"
}

tab=$(printf '\t')
awk -F'\t' 'NR > 1 && $6 !~ /expected output/ { print $1 "\t" $6 "\t" $7 "\t" $10 }' "$manifest" > "$tmp/rows"

# ---- (a) valid 5010 files
while IFS="$tab" read -r file txn version expected; do
	case $txn in 837P|837I|835) ;; *) continue ;; esac
	case $version in 005010*) ;; *) continue ;; esac
	case $expected in valid*) ;; *) continue ;; esac
	na=$((na + 1))
	validate "$file" || continue
	allowed=$(awk -F'|' -v f="$file" '$1 == f { print $2 }' "$tmp/allowed")
	got=$(sort -u "$tmp/v.codes" | tr '\n' ' ' | sed 's/ $//')
	# shellcheck disable=SC2086 # one code per word
	want=$(printf '%s\n' $allowed | sort -u | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
		echo "ok (a) $file${got:+: $got (documented defects)}"
	elif [ -z "$allowed" ]; then
		failed "(a) $file is marked $expected but remedi reports errors:"
		grep '"severity":"error"' "$tmp/v.json" | head -n 10 | sed 's/.*"code":"\([^"]*\)".*"message":"\([^"]*\)".*"segment":\([0-9]*\).*/    \1 \2 (segment \3)/'
	else
		failed "(a) $file: reported {$got}, documented {$want}"
		grep '"severity":"error"' "$tmp/v.json" | head -n 10 | sed 's/.*"code":"\([^"]*\)".*"message":"\([^"]*\)".*"segment":\([0-9]*\).*/    \1 \2 (segment \3)/'
	fi
done < "$tmp/rows"
# every ALLOWED line names a row of (a)
while IFS='|' read -r file _; do
	if ! awk -F'\t' -v f="$file" '
		$1 == f && ($2 == "837P" || $2 == "837I" || $2 == "835") && $3 ~ /^005010/ && $4 ~ /^valid/ { found = 1 }
		END { exit !found }' "$tmp/rows"; then
		failed "(a) ALLOWED names $file, which is not a valid 5010 837/835 row of the manifest"
	fi
done < "$tmp/allowed"

# ---- (b) 4010 files: X12-501 per transaction set, nothing worse
while IFS="$tab" read -r file txn version expected; do
	case $txn in 837*|835) ;; *) continue ;; esac
	case $version in 004010*) ;; *) continue ;; esac
	case $file in bad/*) continue ;; esac
	nb=$((nb + 1))
	validate "$file" || continue
	others=$(grep -v '^X12-501$' "$tmp/v.codes" | sort -u | tr '\n' ' ')
	n501=$(grep -c '^X12-501$' "$tmp/v.codes")
	# shellcheck disable=SC2046 # three counts
	set -- $(count_segs "$corpus/$file")
	nst=${3:-0}
	if [ "$rc" -ne 1 ] || [ -n "$others" ] || [ "$n501" -ne "$nst" ] || [ "$nst" -eq 0 ]; then
		failed "(b) $file ($version): exit $rc, $n501 X12-501 for $nst transaction sets${others:+, other errors: $others}"
	elif ! grep -q '"code":"X12-501".*not supported; remedi reads.*005010X222A1' "$tmp/v.json"; then
		failed "(b) $file: the X12-501 message does not name the supported guides"
	else
		pass=$((pass + 1))
		echo "ok (b) $file: X12-501 x $n501"
	fi
done < "$tmp/rows"

# ---- (c) one record per CLM / CLP
while IFS="$tab" read -r file txn version expected; do
	case $txn in *837*|*835*) ;; *) continue ;; esac
	validate "$file" || continue
	grep -q '"fatal":true' "$tmp/v.json" && continue
	grep -q '"code":"X12-501"' "$tmp/v.json" && continue
	nc=$((nc + 1))
	(cd "$corpus" && "$remedi" parse --format json -q "$file") > "$tmp/p.json" 2> "$tmp/p.err"
	prc=$?
	if [ -s "$tmp/p.err" ] || [ "$prc" -ge 2 ]; then
		failed "(c) $file: remedi parse exits $prc or writes to stderr with -q:"
		head -n 5 "$tmp/p.err" | sed 's/^/    /'
		continue
	fi
	claims=$(grep -c '^{"type":"claim",' "$tmp/p.json")
	payments=$(grep -c '^{"type":"payment",' "$tmp/p.json")
	# shellcheck disable=SC2046 # three counts
	set -- $(count_segs "$corpus/$file")
	if [ "$claims" = "$1" ] && [ "$payments" = "$2" ]; then
		pass=$((pass + 1))
		echo "ok (c) $file: $claims claims, $payments payments"
	else
		failed "(c) $file: $claims claim and $payments payment records for $1 CLM and $2 CLP segments"
	fi
done < "$tmp/rows"

# ---- (d) SNIP 2+ faults of bad/ files
awk -F'|' -v rows="$tmp/rows" '
BEGIN {
	FS = "|"
	while ((getline line < rows) > 0) {
		split(line, r, "\t")
		expected[r[1]] = r[4]
	}
}
{
	if (!($1 in expected)) { print "ERROR\t" $1 " is not a row of the manifest"; next }
	if (index(expected[$1], $2) == 0) {
		print "ERROR\tthe manifest no longer says \"" $2 "\" for " $1 " (it says: " expected[$1] ")"
		next
	}
	print "bad\t" $1 "\t" $3 "\t" (NF >= 4 ? $4 : "")
}' "$tmp/faults" > "$tmp/work"

while IFS="$tab" read -r kind file specs xf; do
	if [ "$kind" = ERROR ]; then
		failed "(d) $file"
		continue
	fi
	nd=$((nd + 1))
	validate "$file" || continue
	missing=
	for spec in $specs; do
		has "$spec" || missing="$missing $spec"
	done
	# a component separator mismatch is never read silently: every decoded
	# claim or payment with lines (where the composites are) counts errors
	silent=
	if [ -z "$missing" ] && ! grep -q '"fatal":true' "$tmp/v.json"; then
		(cd "$corpus" && "$remedi" parse --format json -q "$file") 2> /dev/null |
			grep -E '^\{"type":"(claim|payment)",.*"lines":\[\{' | grep -c '"errors":0}$' > "$tmp/silent"
		silent=$(cat "$tmp/silent")
		[ "$silent" -eq 0 ] && silent=
		case $file in bad/lfh__*) ;; *) silent= ;; esac
	fi
	if [ -z "$missing" ] && [ -z "$silent" ]; then
		if [ -n "$xf" ]; then
			failed "(d) $file: XPASS ($xf): the bug seems fixed, drop the mark in tests/ig/corpus-ig.sh"
			continue
		fi
		pass=$((pass + 1))
		echo "ok (d) $file"
		continue
	fi
	msg="(d) $file:${missing:+ missing$missing}${silent:+ $silent records with \"errors\":0 (a silent misread)}"
	if [ -n "$xf" ]; then
		echo "XFAIL $msg ($xf)"
		xfails=$((xfails + 1))
		continue
	fi
	failed "$msg; reported:"
	sed 's/.*"code":"\([^"]*\)".*"message":"\([^"]*\)".*"segment_id":"\([^"]*\)".*"loop":"\([^"]*\)".*/    \1 \3 [\4] \2/' "$tmp/v.json" |
		head -n 12
done < "$tmp/work"

if [ "$na" -eq 0 ] || [ "$nb" -eq 0 ] || [ "$nc" -eq 0 ] || [ "$nd" -eq 0 ]; then
	failed "a part checked no file: (a) $na, (b) $nb, (c) $nc, (d) $nd"
fi
echo "corpus-ig: (a) $na valid 5010 files, (b) $nb 4010 files, (c) $nc files counted, (d) $nd bad files; $pass passed, $xfails known bugs (XFAIL), $fail failed"
[ "$fail" -eq 0 ]
