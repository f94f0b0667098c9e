#!/bin/sh
# cli-hostile.sh REMEDI SAMPLES [BUDGET] - hostile input and output through
# the command line (issue 13), each case with its near miss:
#
#   control bytes   a NUL, ESC or 0xFF in an element is X12-613 with its
#                   offset and element (exit 1), at --level 1 too; segments
#                   and XML keep the exact bytes, text escapes them; UTF-8 and
#                   Latin-1 names and the extended set pass (exit 0)
#   quoting         a name shifted into NM101 or cut by a terminator is never
#                   echoed; a short code still is
#   write errors    stdout on /dev/full or closed: every command names the
#                   failure on stderr and exits 4
#   floods          a million empty transaction sets through validate, parse
#                   and segments, each within BUDGET seconds (default 10),
#                   --max-errors caps what is printed and counts the rest
#   truncation      a set open when the input stops is rejected and not closed
#
# Inputs are made here from SAMPLES/oncology-837p.x12 in a temporary
# directory.  Exit status: 0 pass, 1 fail.
set -u

remedi=${1:?usage: cli-hostile.sh REMEDI SAMPLES [BUDGET]}
samples=${2:?usage: cli-hostile.sh REMEDI SAMPLES [BUDGET]}
budget=${3:-10}
src=$samples/oncology-837p.x12

tmp=$(mktemp -d "${TMPDIR:-/tmp}/remedi-hostile.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

fail=0 pass=0

failed() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

ok() {
	pass=$((pass + 1))
}

# expect_rc WANT GOT WHAT
expect_rc() {
	if [ "$2" = "$1" ]; then ok; else failed "$3: exit status $2, wanted $1"; fi
}

# has FILE TEXT WHAT / hasnt FILE TEXT WHAT (fixed strings)
has() {
	if grep -F -q -e "$2" "$1"; then ok; else failed "$3: no '$2' in:"; sed 's/^/    /' "$1" | head -n 8; fi
}
hasnt() {
	if grep -F -q -e "$2" "$1"; then failed "$3: '$2' in:"; grep -F -e "$2" "$1" | sed 's/^/    /' | head -n 4; else ok; fi
}

# splice OUT OFFSET BYTES...: the sample with printf-escaped BYTES inserted at OFFSET
splice() {
	out=$1 at=$2
	shift 2
	head -c "$at" "$src" > "$out"
	printf "$@" >> "$out"
	tail -c +"$((at + 1))" "$src" >> "$out"
}

# replace OUT FROM TO: the sample with the fixed string FROM replaced (sed, once)
replace() {
	sed "s/$2/$3/" "$src" > "$1"
}

now() {
	date +%s.%N 2> /dev/null | sed 's/N$/0/'
}

# within START WHAT: the time since START is within the budget
within() {
	t=$(awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
	if awk -v t="$t" -v b="$budget" 'BEGIN { exit !(t <= b) }'; then
		echo "ok $2: ${t}s (budget ${budget}s)"
		ok
	else
		failed "$2 took ${t}s, budget ${budget}s"
	fi
}

clm=$(grep -b -o 'CLM\*TESTCLM0001' "$src" | head -n 1 | cut -d: -f1)
at=$((clm + 4))

# ---- control bytes: CLM01 = TEST<NUL>TESTCLM0001
splice "$tmp/nul.x12" "$at" 'TEST\000'
for level in 1 4; do
	"$remedi" validate --level "$level" "$tmp/nul.x12" > "$tmp/out" 2> "$tmp/err"
	expect_rc 1 $? "NUL in CLM01, validate --level $level"
	has "$tmp/out" "nul.x12:$((at + 4)): [X12-613] CLM01 holds a control character NUL (0x00) at offset $((at + 4))" \
		"NUL in CLM01, validate --level $level"
done
"$remedi" validate --format json "$tmp/nul.x12" > "$tmp/out"
has "$tmp/out" '"code":"X12-613","name":"element-control-character"' "NUL in CLM01, validate --format json"
has "$tmp/out" '"segment_id":"CLM","element":1,' "NUL in CLM01, validate --format json"

"$remedi" parse "$tmp/nul.x12" > "$tmp/out" 2> "$tmp/err"
expect_rc 1 $? "NUL in CLM01, parse"
has "$tmp/err" "[X12-613] CLM01" "NUL in CLM01, parse (stderr)"
# the claim id is a C string cut at the NUL: the claim says it has an error
head -n 1 "$tmp/out" > "$tmp/claim1"
has "$tmp/claim1" '"id":"TEST",' "NUL in CLM01, parse: the claim"
hasnt "$tmp/claim1" '"errors":0' "NUL in CLM01, parse: the claim is flagged"

"$remedi" parse --format xml "$tmp/nul.x12" > "$tmp/out" 2> /dev/null
has "$tmp/out" '<element pos="1" hex="5445535400544553544' "NUL in CLM01, parse --format xml: the exact bytes"
if command -v xmllint > /dev/null 2>&1 && [ -f "$samples/../schemas/x12tree.xsd" ]; then
	if xmllint --noout --schema "$samples/../schemas/x12tree.xsd" "$tmp/out" 2> "$tmp/xerr"; then ok; else
		failed "NUL in CLM01, parse --format xml: not valid against x12tree.xsd"; head -n 5 "$tmp/xerr"
	fi
fi

# segments: byte for byte (the sample is written with * : ^ ~ and a line end after each)
"$remedi" segments "$tmp/nul.x12" > "$tmp/out" 2> "$tmp/err"
expect_rc 0 $? "NUL in CLM01, segments"
if cmp -s "$tmp/out" "$tmp/nul.x12"; then ok; else failed "NUL in CLM01, segments: output differs from the input bytes"; fi
has "$tmp/err" "[X12-613] CLM01" "NUL in CLM01, segments (stderr)"

# ESC: text output escapes it, nothing reaches a terminal raw
splice "$tmp/esc.x12" "$at" 'TEST\033[31m'
"$remedi" parse --format text "$tmp/esc.x12" > "$tmp/out" 2> "$tmp/err"
expect_rc 1 $? "ESC in CLM01, parse --format text"
has "$tmp/out" 'claim TEST\x1B[31mTESTCLM0001 ' "ESC in CLM01, parse --format text"
if LC_ALL=C tr -d '\033' < "$tmp/out" | cmp -s - "$tmp/out" && LC_ALL=C tr -d '\033' < "$tmp/err" | cmp -s - "$tmp/err"; then ok; else
	failed "ESC in CLM01: a raw ESC in the text output or on stderr"
fi
"$remedi" parse "$tmp/esc.x12" > "$tmp/out" 2> /dev/null
has "$tmp/out" '"id":"TEST\u001b[31mTESTCLM0001"' "ESC in CLM01, parse: JSON escapes it"

splice "$tmp/ff.x12" "$at" 'TEST\377'
"$remedi" validate -q "$tmp/ff.x12" > "$tmp/out"
expect_rc 1 $? "0xFF in CLM01"
has "$tmp/out" "byte 0xFF (0xFF) at offset $((at + 4))" "0xFF in CLM01"

# near misses: a UTF-8 name, a Latin-1 name, the extended character set
replace "$tmp/utf8.x12" 'NM1\*IL\*1\*TESTPATIENT\*ALPHA' 'NM1*IL*1*TESTPATI\xc3\x89NT*\xc3\x84LPHA'
replace "$tmp/latin1.x12" 'NM1\*IL\*1\*TESTPATIENT\*ALPHA' 'NM1*IL*1*TESTPATI\xc9NT*\xc4LPHA'
replace "$tmp/ext.x12" 'NM1\*IL\*1\*TESTPATIENT\*ALPHA' "NM1*IL*1*O'Brien-Smith (jr.)*al@pha#1"
for f in utf8 latin1 ext; do
	"$remedi" validate "$tmp/$f.x12" > "$tmp/out"
	expect_rc 0 $? "near miss: $f name"
	has "$tmp/out" ": OK: 0 errors" "near miss: $f name"
done
"$remedi" parse "$tmp/utf8.x12" > "$tmp/out"
has "$tmp/out" "$(printf '"last_name":"TESTPATI\303\211NT","first_name":"\303\204LPHA"')" "near miss: UTF-8 name, parse keeps it"

# ---- quoting: a name in NM101, a terminator in a name; a short code is still quoted
replace "$tmp/shift.x12" 'NM1\*IL\*1\*TESTPATIENT\*ALPHA' 'NM1*SECRETNAME*1*TESTPATIENT*ALPHA'
replace "$tmp/cut.x12" 'NM1\*IL\*1\*TESTPATIENT\*ALPHA' 'NM1*IL*1*TESTPATIENT~LEE*ALPHA'
replace "$tmp/code.x12" 'REF\*EI\*991234567' 'REF*EI*991234567~REF*XX*1'
for f in shift cut; do
	for fmt in text json; do
		"$remedi" validate --format "$fmt" "$tmp/$f.x12" > "$tmp/out" 2>&1
		expect_rc 1 $? "$f, validate --format $fmt"
		hasnt "$tmp/out" SECRETNAME "$f, validate --format $fmt"
		hasnt "$tmp/out" LEE "$f, validate --format $fmt"
	done
	"$remedi" parse -q "$tmp/$f.x12" > /dev/null 2> "$tmp/err"
	"$remedi" parse "$tmp/$f.x12" 2>&1 > /dev/null | grep -F -e SECRETNAME -e LEE > "$tmp/leak"
	if [ -s "$tmp/leak" ]; then failed "$f: parse stderr quotes the name"; else ok; fi
done
"$remedi" validate "$tmp/shift.x12" > "$tmp/out"
has "$tmp/out" "NM101 holds 10 characters, not a qualifier this loop (2000B) takes" "name in NM101"
"$remedi" validate "$tmp/cut.x12" > "$tmp/out"
has "$tmp/out" "[X12-502] a segment whose 3-character id no supported transaction set defines" "terminator in a name"
"$remedi" validate "$tmp/code.x12" > "$tmp/out"
has "$tmp/out" "REF01 'XX' is not a qualifier this loop (2010AA) takes" "near miss: a short code is quoted"

# ---- write errors (on a file with problems, so that every command writes)
for cmd in "validate" "validate --format json" "validate --level 1" "parse" "parse --format text" \
	"parse --format xml" "parse --format segments" "segments"; do
	prog="remedi ${cmd%% *}"
	if [ -w /dev/full ]; then
		$remedi $cmd "$tmp/code.x12" > /dev/full 2> "$tmp/err"
		expect_rc 4 $? "$cmd > /dev/full"
		has "$tmp/err" "$prog: write error: No space left on device" "$cmd > /dev/full"
	fi
	$remedi $cmd "$tmp/code.x12" >&- 2> "$tmp/err"
	expect_rc 4 $? "$cmd, stdout closed"
	has "$tmp/err" "$prog: write error: Bad file descriptor" "$cmd, stdout closed"
done
# near miss: a pipe that takes everything
"$remedi" parse --format xml "$src" | cat > /dev/null
expect_rc 0 $? "near miss: parse --format xml into a pipe"

# ---- floods: a million empty transaction sets (5 problems each)
awk 'BEGIN {
	printf "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*T*:~\n"
	printf "GS*HC*SENDER*RECEIVER*20240101*1200*1*X*005010X222A1~\n"
	for (i = 1; i <= 1000000; i++)
		printf "ST*837*%09d*005010X222A1~\nSE*2*%09d~\n", i, i
	printf "GE*1000000*1~\nIEA*1*000000001~\n"
}' > "$tmp/flood.x12"
head -n 3002 "$tmp/flood.x12" > "$tmp/small.x12"
printf 'GE*1500*1~\nIEA*1*000000001~\n' >> "$tmp/small.x12"
start=$(now)
"$remedi" validate "$tmp/flood.x12" > "$tmp/out" 2> "$tmp/err"
rc=$?
within "$start" "flood: validate"
expect_rc 1 "$rc" "flood: validate"
has "$tmp/out" "flood.x12: 4999900 more problems not shown (--max-errors 100)" "flood: validate"
has "$tmp/out" "1000000 transaction sets (1000000 rejected)" "flood: validate"
"$remedi" validate --format json --max-errors 5 "$tmp/small.x12" > "$tmp/out" 2> "$tmp/err"
lines=$(wc -l < "$tmp/out")
if [ "$lines" -eq 5 ]; then ok; else failed "validate --format json --max-errors 5: $lines lines on stdout"; fi
has "$tmp/err" "small.x12: 7495 more problems not shown (--max-errors 5)" "validate --format json --max-errors 5"
start=$(now)
"$remedi" parse "$tmp/flood.x12" > "$tmp/out" 2> "$tmp/err"
rc=$?
within "$start" "flood: parse"
expect_rc 1 "$rc" "flood: parse"
lines=$(wc -l < "$tmp/err")
if [ "$lines" -eq 101 ]; then ok; else failed "flood: parse printed $lines lines on stderr, wanted 100 and a count"; fi
has "$tmp/err" "flood.x12: 4999900 more problems not shown (--max-errors 100)" "flood: parse"
start=$(now)
"$remedi" segments --max-errors 7 "$tmp/flood.x12" > /dev/null 2> "$tmp/err"
within "$start" "flood: segments"
lines=$(wc -l < "$tmp/err")
if [ "$lines" -eq 8 ]; then ok; else failed "flood: segments --max-errors 7 printed $lines lines on stderr"; fi
has "$tmp/err" "flood.x12: 999993 more problems not shown (--max-errors 7)" "flood: segments"

# --max-errors 0 shows everything; junk is a usage error; per file, in file order
"$remedi" parse --max-errors 0 "$tmp/small.x12" > /dev/null 2> "$tmp/err"
lines=$(grep -c 'small.x12:[0-9]*: \[X12-' "$tmp/err")
if [ "$lines" -eq 7500 ]; then ok; else failed "parse --max-errors 0: $lines problems shown, wanted 7500"; fi
for cmd in validate parse segments; do
	"$remedi" $cmd --max-errors many "$src" > /dev/null 2> "$tmp/err"
	expect_rc 3 $? "$cmd --max-errors many"
	has "$tmp/err" "remedi $cmd: --max-errors takes a number" "$cmd --max-errors many"
done
cp "$tmp/small.x12" "$tmp/second.x12"
"$remedi" parse --max-errors 2 "$tmp/small.x12" "$tmp/second.x12" > /dev/null 2> "$tmp/err"
sed 's/:.*//' "$tmp/err" | uniq > "$tmp/order"
printf '%s\n' "$tmp/small.x12" "$tmp/second.x12" > "$tmp/want"
if cmp -s "$tmp/order" "$tmp/want" && [ "$(wc -l < "$tmp/err")" -eq 6 ]; then ok; else
	failed "parse --max-errors 2 of two files: stderr is not two per file with their counts, in order"
	sed 's/^/    /' "$tmp/err"
fi

# ---- truncation: the open set is rejected and not closed (a gzip cut short, a plain file cut)
if command -v gzip > /dev/null 2>&1; then
	gzip -c "$src" | head -c 500 > "$tmp/cut.gz"
	"$remedi" validate "$tmp/cut.gz" > "$tmp/out"
	expect_rc 2 $? "gzip cut short"
	has "$tmp/out" "[X12-112]" "gzip cut short"
	has "$tmp/out" "1 transaction set (1 rejected, 1 not closed)" "gzip cut short"
fi
head -c 2000 "$src" > "$tmp/cut.x12"
"$remedi" validate "$tmp/cut.x12" > "$tmp/out"
expect_rc 2 $? "file cut"
has "$tmp/out" "[X12-108]" "file cut"
has "$tmp/out" "1 transaction set (1 rejected, 1 not closed)" "file cut"
"$remedi" validate "$src" > "$tmp/out"
has "$tmp/out" "1 transaction set (0 rejected), 3 claims" "near miss: the whole file"

echo "cli-hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
