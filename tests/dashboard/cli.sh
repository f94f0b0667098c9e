#!/bin/sh
# cli.sh - remedi report dashboard / --format html on bad input and hostile
# content: clear messages and the exit statuses of DESIGN.md (3 usage, 4
# database or output), no page left behind when it could not be written
# whole, every string from the store HTML-escaped, no patient data.
#
#   cli.sh REMEDI SAMPLES
set -u
REMEDI=$1 SAMPLES=$2
REMEDI=$(cd "$(dirname "$REMEDI")" && pwd)/$(basename "$REMEDI")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-dash-cli.XXXXXX") || exit 99
trap 'chmod -R u+w "$TMP"; rm -rf "$TMP"' EXIT
fail=0

# expect STATUS PATTERN CMD...: exit status STATUS and PATTERN on stdout or stderr
expect() {
	want=$1 pat=$2
	shift 2
	"$REMEDI" "$@" >"$TMP/out" 2>&1
	rc=$?
	if [ $rc -ne "$want" ]; then
		echo "FAIL: remedi $*: exit $rc, want $want"; head -5 "$TMP/out"; fail=1
	elif [ -n "$pat" ] && ! grep -q -- "$pat" "$TMP/out"; then
		echo "FAIL: remedi $*: no '$pat' in:"; head -5 "$TMP/out"; fail=1
	fi
}

db=$TMP/s.db
expect 4 "no database at $TMP/missing.db" report dashboard --db "$TMP/missing.db" -o "$TMP/x.html"
[ -e "$TMP/x.html" ] && { echo "FAIL: a page was written without a database"; fail=1; }

# a store with a claim whose CLM01 and payer id carry markup (X12 allows < > & ' " in AN elements)
sed -e 's/CLM\*TESTCLM0001\*/CLM*X<b>\&'"'"'"1*/' -e 's/\(NM1\*PR\*2\*[^*]*\*\*\*\*\*PI\*\)99001/\1<i>\&99/' \
	"$SAMPLES/oncology-837p.x12" >"$TMP/hostile.x12"
grep -q 'CLM\*X<b>' "$TMP/hostile.x12" || { echo "FAIL: the hostile claim was not made"; fail=1; }
"$REMEDI" submit --db "$db" --date 20250306 "$TMP/hostile.x12" >"$TMP/out" 2>&1 || { echo "FAIL: submit:"; cat "$TMP/out"; fail=1; }
"$REMEDI" submit --db "$db" --date 20250306 "$SAMPLES/oncology-837i.x12" >/dev/null 2>&1

expect 0 "" report dashboard --db "$db" --as-of 20250601 -o "$TMP/page.html"
grep -q 'X&lt;b&gt;&amp;&#39;&quot;1' "$TMP/page.html" || { echo "FAIL: the CLM01 is not on the page, escaped"; fail=1; }
grep -q '&lt;i&gt;&amp;99' "$TMP/page.html" || { echo "FAIL: the payer id is not on the page, escaped"; fail=1; }
if grep -q 'X<b>' "$TMP/page.html" || grep -q '<i>&99' "$TMP/page.html"; then
	echo "FAIL: markup from the store reached the page unescaped"; fail=1
fi
[ "$(grep -c '<script' "$TMP/page.html")" = 1 ] || { echo "FAIL: the page has more than its one script"; fail=1; }
# nothing of the patients: names, birth dates, member ids of the 837s (NM1*IL / NM1*QC, DMG)
for f in "$SAMPLES/oncology-837p.x12" "$SAMPLES/oncology-837i.x12"; do
	tr '~' '\n' <"$f" | awk -F'*' '$1=="NM1" && ($2=="IL" || $2=="QC") { print $4; print $5; print $10 } $1=="DMG" { print $3; print substr($3,1,4) "-" substr($3,5,2) "-" substr($3,7,2) }' |
	while read -r v; do
		[ ${#v} -ge 3 ] || continue
		if grep -q -- "$v" "$TMP/page.html"; then echo "FAIL: patient data '$v' on the page"; echo x >>"$TMP/phi"; fi
	done
done
[ -e "$TMP/phi" ] && fail=1
# no outside reference of any kind
if grep -Eqi '(src|href)="(https?:|//)|@import|url\(' "$TMP/page.html"; then
	echo "FAIL: the page refers to something outside itself"; grep -Eoi '(src|href)="[^"]*"|@import|url\([^)]*\)' "$TMP/page.html" | head; fail=1
fi
grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';" "$TMP/page.html" ||
	{ echo "FAIL: no strict CSP"; fail=1; }

# usage
expect 3 "dashboard is an HTML page" report dashboard --db "$db" --format json
expect 3 "takes text, csv, json or html" report denials --db "$db" --format pdf
expect 3 "dates takes service or remit" report dashboard --db "$db" --dates paid
expect 3 "from takes CCYYMMDD" report dashboard --db "$db" --from 2025-01-01
expect 3 "is after --to" report dashboard --db "$db" --from 20250301 --to 20250201
expect 3 "unknown report" report dashbored --db "$db"

# output that cannot be written: exit 4, a message naming it, nothing left behind
mkdir "$TMP/ro" && chmod a-w "$TMP/ro"
if [ "$(id -u)" != 0 ]; then
	expect 4 "cannot write $TMP/ro/page.html" report dashboard --db "$db" -o "$TMP/ro/page.html"
fi
expect 4 "cannot write $TMP/nodir/page.html" report dashboard --db "$db" -o "$TMP/nodir/page.html"
if [ -c /dev/full ]; then
	expect 4 "write error" report dashboard --db "$db" -o /dev/full
	expect 4 "write error" report denials --format html --db "$db" -o /dev/full
	# a failed report removes a file it wrote, never a device it wrote to
	[ -c /dev/full ] || { echo "FAIL: -o /dev/full removed the device"; fail=1; }
	"$REMEDI" report dashboard --db "$db" >/dev/full 2>"$TMP/err"; rc=$?
	[ $rc = 4 ] && grep -q "write error" "$TMP/err" || { echo "FAIL: stdout full: exit $rc"; cat "$TMP/err"; fail=1; }
fi

# a file that cannot grow past 40 KiB (ulimit -f in 512-byte blocks, SIGXFSZ ignored: write
# fails with EFBIG; SQLite's 32 KiB shared-memory file still fits); the scenario dashboard is larger
. "$(dirname "$0")/stores.sh"
scen_store "$TMP/scen.db" || { echo "FAIL: loading the scenario store"; fail=1; }
(ulimit -f 80; trap '' XFSZ; exec "$REMEDI" report dashboard --db "$TMP/scen.db" -o "$TMP/big.html") >"$TMP/out" 2>&1
rc=$?
if [ $rc != 4 ] || ! grep -q "write error: $TMP/big.html" "$TMP/out"; then
	echo "FAIL: a dashboard into a file that cannot grow: exit $rc"; cat "$TMP/out"; fail=1
fi
[ -e "$TMP/big.html" ] && { echo "FAIL: a partial page was left behind"; fail=1; }
(ulimit -f 80; trap '' XFSZ; exec "$REMEDI" report dashboard --db "$TMP/scen.db") >"$TMP/big.html" 2>"$TMP/err"
rc=$?
[ $rc = 4 ] && grep -q "write error" "$TMP/err" || { echo "FAIL: stdout that cannot grow: exit $rc"; cat "$TMP/err"; fail=1; }

# --format html on every report, to stdout and to a file
for k in denials underpayments unmatched aging summary; do
	"$REMEDI" report $k --format html --db "$db" >"$TMP/$k.html" 2>"$TMP/err" || { echo "FAIL: $k html: $(cat "$TMP/err")"; fail=1; }
	grep -q '</html>' "$TMP/$k.html" || { echo "FAIL: $k html is not a whole page"; fail=1; }
done
[ $fail = 0 ] && echo "ok"
exit $fail
