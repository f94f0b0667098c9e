#!/bin/sh
# corpus.sh REMEDI CORPUS_DIR - remedi validate against the public corpus
# (../shared/corpus), driven by its MANIFEST.tsv.
#
#  * every data row outside bad/ (rows whose transaction column says
#    "expected output" are not inputs) must pass
#    `remedi validate -q --fail-on error` as far as envelope and syntax go:
#    no X12-1nn..4nn error line (warnings are fine), and exit 0 unless
#    SNIP 2+ errors (X12-5nn and up) are reported - those are listed as
#    NOTE lines, for the issues that check them;
#  * every bad/ row must have a line in the table below, and the table line
#    quotes the manifest's `expected` column, so the two cannot drift apart.
#    An envelope or syntax fault must be rejected with the codes listed and
#    the exit status given (1 findings, 2 not readable as X12); a fault
#    beyond envelope checks ("later": SNIP 2+, component-separator
#    mismatches) must at least not crash: exit 0, 1 or 2;
#  * no run may write to stderr (a sanitizer report would land there) or
#    exit with 3 or more;
#  * four files with unusual layouts read right: their `remedi segments`
#    output equals a normalisation made independently here with tr/sed.
#
# A table line may end in "|xfail BUG-ID" for a known parser bug (say what
# it is next to the line): a mismatch is reported as XFAIL and does not
# fail; a match is XPASS and fails, so that the mark is removed.  None today.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no corpus).
set -u

remedi=${1:?usage: corpus.sh REMEDI CORPUS_DIR}
corpus=${2:?usage: corpus.sh REMEDI CORPUS_DIR}
manifest=$corpus/MANIFEST.tsv

if [ ! -f "$manifest" ]; then
	echo "SKIP: $manifest not found (the shared corpus is optional)"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/remedi-corpus.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# file | phrase quoted from the manifest's expected column | codes | exit status [| xfail BUG-ID]
# codes "later": the stated fault is checked by later issues (SNIP 2+).
cat > "$tmp/table" <<'EOF'
bad/edi835parser-affect__exhaustive_sample.txt|ST..SE only|X12-110|2
bad/edi835parser-affect__nevada_medicaid.txt|ISA fields not space-padded (72 bytes)|X12-104|2
bad/edi835parser__blue_cross_nc_sample.txt|starts at ST, no ISA/GS/GE/IEA|X12-110|2
bad/ediengine__ControlNumbersMismatch.edi|SE02 != ST02, GE02 != GS06, IEA02 != ISA13|X12-404 X12-304 X12-212|1
bad/ediengine__NonEdi.edi|not X12 at all|X12-101|2
bad/ediengine__WrongGroupsAndTranCount.edi|GE01=2 for 1 transaction, IEA01=2 for 1 group, IEA02 (3438) != ISA13 (000003438)|X12-303 X12-211 X12-212|1
bad/imsweb__x12_277_x212.txt|IEA02 (842928883) != ISA13 (000000001)|X12-212|1
bad/imsweb__x12_999_accepted.txt|IEA02 (000000001) != ISA13 (000000286); GS time 102497 invalid|X12-212 X12-308|1
bad/imsweb__x12_bad_first_line.txt|ISA02 is 9 chars so ISA is 105 bytes|X12-104|2
bad/imsweb__x12_bad_segment_identifier.txt|segment ids missing/garbled|X12-111 X12-403|1
bad/imsweb__x12_bad_valid_code.txt|SE01 is a fixed placeholder (25)|X12-403|1
bad/imsweb__x12_complex.txt|two ST in one GS but GE01=1; SE01 placeholders wrong|X12-303 X12-403|1
bad/imsweb__x12_loop_errors1_exceeds_max_1_parent.txt|SE01 is a fixed placeholder (25)|X12-403|1
bad/imsweb__x12_loop_errors3_missing_loops.txt|SE01 is a fixed placeholder (25)|X12-403|1
bad/imsweb__x12_many_claims.txt|SE01=25|X12-403|1
bad/imsweb__x12_missing_elements.txt|SE01 is a fixed placeholder (25)|X12-403|1
bad/imsweb__x12_missing_required_loop_in_one_repeat.txt|SE01 is a fixed placeholder (25)|X12-403|1
bad/imsweb__x12_multiple_isa.txt|two interchanges; SE01 placeholders wrong|X12-403|1
bad/imsweb__x12_multiple_transactions.txt|every SE01=25 is wrong|X12-403|1
bad/imsweb__x12_no_isa_line.txt|file starts with GS (no ISA)|X12-110|2
bad/imsweb__x12_segment_errors.txt|SE01 is a fixed placeholder (25)|X12-403|1
bad/imsweb__x12_segments_out_of_order.txt|SE01 is a fixed placeholder (25)|X12-403|1
bad/imsweb__x12_valid.txt|SE01=25 but 34 segments|X12-403|1
bad/imsweb__x12_valid_different_separators.txt|SE01=25 but 34 segments|X12-403|1
bad/imsweb__x223-test.txt|SE01=25 but 48 segments|X12-403|1
bad/lfh__cob-contractural-adjustment.835|component-separator mismatch|later|any
bad/lfh__demo.cob.2ndary.example4.837|component-separator mismatch|later|any
bad/lfh__demo.example11.837|component-separator mismatch|later|any
bad/lfh__demo.example12.837|component-separator mismatch|later|any
bad/lfh__demo.example6.837|component-separator mismatch|later|any
bad/lfh__demo.example9.837|component-separator mismatch|later|any
bad/lfh__out-of-network-repriced-claim.837i|component-separator mismatch|later|any
bad/lfh__ppo-repriced-claim.837i|component-separator mismatch|later|any
bad/lfh__secondary-payment.835|component-separator mismatch|later|any
bad/oopfactory__835_5010_Example1.txt|last claim segment is truncated to "CLP*090909*22"|later|any
bad/oopfactory__FromBogeyone.txt|truncated - ends after an HL segment (no SE/GE/IEA)|X12-405 X12-305 X12-213|1
bad/oopfactory__InstitutionalClaim5010.txt|SE01=43 but 78 segments; GS08=005010X222 vs ST03=005010X223|X12-403 X12-407|1
bad/oopfactory__MissingEntityCode.txt|NM1 with empty NM101 entity identifier|later|any
bad/oopfactory__Spec_3.1.1.txt|ISA16 component separator "^" equals ISA11 repetition separator "^"|X12-105|2
bad/oopfactory__TechnicalAcknowledgment_SampleFromJeffN825.txt|TA1 carries an extra 6th element|later|any
bad/oopfactory__UnicodeExample.txt|file is UTF-16LE encoded|X12-102|2
bad/pbx12__example835One.txt|ISA13 has 10 digits (ISA not 106 bytes)|X12-104|2
bad/pbx12__example835SpecialCharsOne.txt|as pbx12__example835One.txt|X12-104|2
bad/pyx12__bad_2010AA_bug.txt|mandatory loop 2000A/2010AA billing provider missing|later|any
bad/pyx12__bad_elements.txt|SE01=30 but 29 segments|X12-403|1
bad/pyx12__bad_header_looping.txt|SE01=39 but 72 segments|X12-403|1
bad/pyx12__blank1.txt|element values of blanks|later|any
bad/pyx12__ele.txt|ISA10 time 3339 invalid (TA1*...*R*015), GS02/GS03/ST02 values carry trailing spaces|X12-206 X12-402|1
bad/pyx12__explicit_missing.txt|file truncated right after ST (no SE/GE/IEA)|X12-405 X12-305 X12-213|1
bad/pyx12__fail_no_IEA.txt|IEA missing, SE01=0 on an empty transaction|X12-213 X12-403 X12-408|1
bad/pyx12__loop_counting.txt|2400 service-line loop repeats more than the 4010 maximum|later|any
bad/pyx12__mult_isa.txt|envelope is VALID|later|any
bad/pyx12__per_repeat.txt|PER in 1000A repeated 3 times|later|any
bad/pyx12__simple1.txt|ST immediately followed by SE|X12-408|1
bad/pyx12__trailer_errors.txt|SE01 wrong, SE02 != ST02, GE02 != GS06, IEA01=5 for 1 group, IEA02 != ISA13|X12-403 X12-304 X12-211 X12-212|1
bad/pyx12__trailing_terms.txt|CLM carries 8 empty trailing elements|later|any
bad/staedi__837-header-ref-only.edi|transaction contains only BHT + REF*BB|later|any
bad/staedi__invalid999.edi|SE01=16 but 18 segments|X12-403|1
bad/staedi__sample837-HL-nested.edi|empty HL segments|later|any
bad/staedi__sample837-small.edi|both transaction sets lack required loops|later|any
bad/staedi__ts214_ellipses_segterm.edi|segment terminator is the 3-byte UTF-8 character|X12-105|2
bad/tigershark__835-example.txt|every later segment id begins with "~"|X12-111|1
bad/tigershark__837-example.txt|ISA is 79 bytes, not 106|X12-104|2
bad/tigershark__837I-Patient-Subscriber.txt|ISA not space-padded (82 bytes)|X12-104|2
bad/tigershark__X12-0.08_sample_835.txt|GS has only 2 elements, SE01=1|X12-301 X12-403|1
bad/vscode-edi__X223-837I-two-claims-for-the-same-provider.edi|a stray STC segment after IEA|X12-109|2
bad/vscode-edi__bad-header.edi|ISA06/ISA08 are 14 chars (ISA not fixed-width)|X12-104|2
bad/vscode-edi__odd-separator.edi|truncated - file ends inside loop 2010AC (no LX/SE/GE/IEA)|X12-405 X12-305 X12-213|1
bad/zentist__5010-837-institutional-example.txt|two GS groups but IEA01=1; both GS06=101 (duplicate group control number); SE01=42 but 43 segments|X12-211 X12-306 X12-403|1
bad/zx12__837i_example.x12|GS08=005010X222A1 vs ST03=005010X223A2; SE01=104 but 150 segments; GE02 != GS06; IEA02 != ISA13|X12-407 X12-403 X12-304 X12-212|1
EOF
# Notes on the table:
#  - pyx12__trailer_errors.txt: the manifest also says "SE02 != ST02", but
#    both ST/SE pairs of the file carry the same control number
#    (300207436, 300207437), so X12-404 is not expected.
#  - pyx12__ele.txt: pyx12's 997 (AK5*R*3*7) also reports SE02 != ST02
#    ("300145997" vs "300145997 "); remedi misses it (known bug
#    long-control-numbers), so X12-404 is not listed here.
#  - the imsweb 837 samples whose stated fault is a loop/element error
#    (SNIP 2+) all carry the SE01 placeholder 25 the manifest notes, so
#    their envelope expectation is X12-403.

# The work list: manifest rows joined with the table, or ERROR lines.
awk -F'\t' -v table="$tmp/table" '
BEGIN {
	while ((getline line < table) > 0) {
		n = split(line, f, "|")
		if (n < 4) { print "ERROR\ttable line without 4 fields: " line; continue }
		phrase[f[1]] = f[2]; codes[f[1]] = f[3]; status[f[1]] = f[4]
		xfail[f[1]] = n >= 5 ? f[5] : ""
		used[f[1]] = 0
	}
	close(table)
}
NR == 1 { next }
$6 ~ /expected output/ { next }
$1 ~ /^bad\// {
	if (!($1 in codes)) { print "ERROR\tno expectation for " $1 " (manifest: " $10 ")"; next }
	used[$1] = 1
	if (index($10, phrase[$1]) == 0) {
		print "ERROR\tthe manifest no longer says \"" phrase[$1] "\" for " $1 " (it says: " $10 ")"
		next
	}
	print (codes[$1] == "later" ? "later" : "bad") "\t" $1 "\t" codes[$1] "\t" status[$1] "\t" xfail[$1]
	next
}
{ print "good\t" $1 }
END {
	for (name in used)
		if (!used[name])
			print "ERROR\ttable line for " name " has no bad/ row in the manifest"
}' "$manifest" > "$tmp/work" || { echo "FAIL: reading $manifest"; exit 1; }

fail=0 pass=0 xfails=0 good=0 bad=0 later=0 snip2=0
tab=$(printf '\t')

failed() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# run FILE: remedi validate -q --fail-on error; sets $rc, output in $tmp/out, $tmp/err
run() {
	"$remedi" validate -q --fail-on error --max-errors 0 "$corpus/$1" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ -s "$tmp/err" ]; then
		failed "$1: wrote to stderr (crash or sanitizer report?):"
		head -n 20 "$tmp/err" | sed 's/^/    /'
		return 1
	fi
	if [ "$rc" -ge 3 ]; then
		failed "$1: exit status $rc (crash or internal error)"
		return 1
	fi
	return 0
}

while IFS="$tab" read -r kind file codes want xf; do
	case $kind in
	ERROR)
		failed "$file"
		continue ;;
	good)
		good=$((good + 1))
		run "$file" || continue
		# envelope and syntax (X12-1nn..4nn) errors; warnings are fine
		errs=$(grep '\[X12-[1-4][0-9][0-9]\]' "$tmp/out" | grep -v '\] warning: ')
		# SNIP 2+ (X12-5nn and up) is not what this manifest row promises
		later_errs=$(grep '\[X12-[5-9][0-9][0-9]\]' "$tmp/out" | grep -v '\] warning: ' | wc -l)
		if [ -n "$errs" ] || { [ "$rc" -ne 0 ] && [ "$later_errs" -eq 0 ]; }; then
			failed "$file: a valid file is rejected (exit $rc):"
			sed 's/^/    /' "$tmp/out" | head -n 10
			continue
		fi
		if [ "$later_errs" -gt 0 ]; then
			snip2=$((snip2 + 1))
			echo "NOTE $file: $later_errs SNIP 2+ errors (not checked here), first:"
			grep '\[X12-[5-9][0-9][0-9]\]' "$tmp/out" | grep -v '\] warning: ' | head -n 1 | sed 's/^/    /'
		fi ;;
	later)
		later=$((later + 1))
		run "$file" || continue ;;
	bad)
		bad=$((bad + 1))
		run "$file" || continue
		missing=
		for c in $codes; do
			grep -q "\\[$c\\]" "$tmp/out" || missing="$missing $c"
		done
		if [ "$rc" -eq "$want" ] && [ -z "$missing" ]; then
			if [ -n "$xf" ]; then
				failed "$file: XPASS ($xf): the bug seems fixed, drop the mark in tests/corpus.sh"
				continue
			fi
		else
			msg="$file: expected$(printf ' %s' $codes) with exit $want; got exit $rc${missing:+, missing$missing}"
			if [ -n "$xf" ]; then
				echo "XFAIL $msg ($xf)"
				xfails=$((xfails + 1))
				continue
			fi
			failed "$msg:"
			sed 's/^/    /' "$tmp/out" | head -n 10
			continue
		fi ;;
	esac
	pass=$((pass + 1))
done < "$tmp/work"

# ---- files with unusual layouts: `remedi segments` against tr/sed
# normalisations (delimiters to * : ^ ~, one segment per line).

# check_layout NAME FILE EXPECTED-FILE LINE...: same segments, and the given lines present
check_layout() {
	name=$1 file=$2 want=$3
	shift 3
	if [ ! -f "$corpus/$file" ]; then
		failed "$file ($name): missing from the corpus"
		return
	fi
	"$remedi" segments "$corpus/$file" > "$tmp/seg" 2> "$tmp/seg.err"
	n_want=$(wc -l < "$want")
	n_got=$(wc -l < "$tmp/seg")
	if [ "$n_got" -ne "$n_want" ]; then
		failed "$file ($name): $n_got segments, expected $n_want"
		return
	fi
	if ! cmp -s "$want" "$tmp/seg"; then
		failed "$file ($name): segments differ from the independent normalisation:"
		diff "$want" "$tmp/seg" | head -n 10 | sed 's/^/    /'
		return
	fi
	for line in "$@"; do
		if ! grep -qxF "$line" "$tmp/seg"; then
			failed "$file ($name): no segment line '$line'"
			return
		fi
	done
	pass=$((pass + 1))
	echo "ok $file ($name): $n_got segments"
}

# hard-wrapped at 80 columns, breaks inside segments and inside the ISA; component >
f=other/staedi__ts210_80char.edi
tr -d '\r\n' < "$corpus/$f" | tr '>' ':' | tr '~' '\n' | sed 's/$/~/' > "$tmp/want1"
check_layout "wrapped at 80 columns" "$f" "$tmp/want1" \
	'ISA*00*          *00*          *ZZ*DDDD           *ZZ*XXXXXX         *200918*0224*U*00401*000026003*0*P*:~' \
	'N9*PO*721295~' 'N4*WILKESBORO*NC*286977576*US~' 'IEA*1*000026003~'

# element ~, component ^, terminator _ (LF after it); ISA11 U
f=bad/imsweb__x12_valid_different_separators.txt
tr -d '\r\n' < "$corpus/$f" | tr '~^_' '*:\n' | sed 's/$/~/' > "$tmp/want2"
check_layout "element ~ terminator _" "$f" "$tmp/want2" \
	'GS*HC*SENDER CODE*RECEIVER CODE*19991231*0802*1*X*005010X222A1~' \
	'CLM*A37YH556*500***11:B:1*Y*A*Y*I*P~' 'SV1*HC:478331:25*12.25*UN*1*11**1:2:3**Y~'
# ... and it is the same interchange as imsweb__x12_valid.txt, written with * : ~
if "$remedi" segments "$corpus/bad/imsweb__x12_valid.txt" 2> /dev/null | cmp -s - "$tmp/seg"; then
	pass=$((pass + 1))
else
	failed "$f: segments differ from those of bad/imsweb__x12_valid.txt"
fi

# UTF-8 BOM, LF as the terminator, indentation
f=837p/oopfactory__ST1309-XX.txt
tail -c +4 "$corpus/$f" | sed 's/^ *//' | grep -v '^$' | sed 's/$/~/' > "$tmp/want3"
check_layout "BOM, LF terminator, indentation" "$f" "$tmp/want3" \
	'ISA*00*          *00*          *30*999999999      *ZZ*2ZZZZZ2        *130315*0304*^*00501*000003774*1*P*:~' \
	'BHT*0019*00*000003774;440;1309*20130315*030410*CH~' 'SV1*HC:99204*250*UN*1*11**1~'

# 0x1D terminator followed by CRLF, indentation
f=other/oopfactory__Example1_IG_0x1D.txt
tr -d '\r\n' < "$corpus/$f" | tr '\035' '\n' | sed 's/^ *//' | sed 's/$/~/' > "$tmp/want4"
check_layout "0x1D terminator" "$f" "$tmp/want4" \
	'GS*HS*901234572000*908887732000*20070816*1615*31*X*005010X279~' \
	'NM1*IL*1*SMITH*ROBERT****MI*11122333301~' 'IEA*1*000000031~'

if [ "$good" -eq 0 ] || [ "$bad" -eq 0 ]; then
	failed "no manifest rows were checked ($good valid, $bad bad)"
fi
echo "corpus: $good valid files ($snip2 with SNIP 2+ errors, not checked here), $bad bad files with envelope/syntax expectations, $later bad files for later checks (SNIP 2+); $pass passed, $xfails known bugs (XFAIL), $fail failed"
[ "$fail" -eq 0 ]
