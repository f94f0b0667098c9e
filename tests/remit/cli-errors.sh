#!/bin/sh
# cli-errors.sh - the store commands on bad input: a clear message, the exit
# status of DESIGN.md, and nothing stored.
#
#   cli-errors.sh REMEDI SAMPLES
set -u
REMEDI=$1 SAMPLES=$2
REMEDI=$(cd "$(dirname "$REMEDI")" && pwd)/$(basename "$REMEDI")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-cli-errors.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0
db=$TMP/s.db

# expect STATUS PATTERN CMD...: exit status STATUS and PATTERN on stdout or stderr
expect() {
	want=$1 pat=$2
	shift 2
	"$REMEDI" "$@" >"$TMP/out" 2>&1
	rc=$?
	if [ $rc -ne "$want" ]; then
		echo "FAIL: remedi $*: exit $rc, want $want"; cat "$TMP/out"; fail=1
	elif ! grep -q -- "$pat" "$TMP/out"; then
		echo "FAIL: remedi $*: no '$pat' in:"; cat "$TMP/out"; fail=1
	fi
}

expect 0 "recorded 3 claims" submit --db "$db" --date 20250306 "$SAMPLES/oncology-837p.x12"
"$REMEDI" report summary --db "$db" --format json >"$TMP/before"

# not X12, unreadable, truncated: exit 2, nothing stored
printf 'hello, this is not X12\n' >"$TMP/junk.x12"
expect 2 "nothing of this file was stored" submit --db "$db" "$TMP/junk.x12"
expect 2 "nothing of this file was stored" remit --db "$db" "$TMP/junk.x12"
expect 2 "No such file" remit --db "$db" "$TMP/missing.x12"
head -c 2000 "$SAMPLES/oncology-835.x12" >"$TMP/cut.x12"
"$REMEDI" remit --db "$db" "$TMP/cut.x12" >"$TMP/out" 2>&1
rc=$?
[ $rc -eq 1 ] || [ $rc -eq 2 ] || { echo "FAIL: a truncated 835: exit $rc"; cat "$TMP/out"; fail=1; }
"$REMEDI" report summary --db "$db" --format json >"$TMP/after-bad"
# a truncated 835 may be stored (flagged); the junk and missing files may not
grep -q '"835_files":[01],' "$TMP/after-bad" || { echo "FAIL: bad inputs were stored"; cat "$TMP/after-bad"; fail=1; }

# fee schedules: header, fields, each error with its line; nothing stored
printf 'payer,code,mods,from,to,allowed\n' >"$TMP/h.csv"
expect 2 "h.csv:1: header must be" codes import fee-schedule "$TMP/h.csv" --db "$db"
printf 'payer,code,modifiers,from,to,allowed\nP1,96413,,20250101,20251231,250.00\nP1,96413,,2025-01-01,20251231,250\n' >"$TMP/d.csv"
expect 2 "d.csv:3: from/to" codes import fee-schedule "$TMP/d.csv" --db "$db"
printf 'payer,code,modifiers,from,to,allowed\nP1,96413,JZX,20250101,20251231,250\n' >"$TMP/m.csv"
expect 2 "m.csv:2: modifiers" codes import fee-schedule "$TMP/m.csv" --db "$db"
printf 'payer,code,modifiers,from,to,allowed\nP1,96413,,20250101,20251231,12.345\n' >"$TMP/a.csv"
expect 2 "a.csv:2: allowed" codes import fee-schedule "$TMP/a.csv" --db "$db"
printf 'payer,code,modifiers,from,to,allowed\nP1,96413,,20250101\n' >"$TMP/n.csv"
expect 2 "n.csv:2: 4 fields" codes import fee-schedule "$TMP/n.csv" --db "$db"
: >"$TMP/e.csv"
expect 2 "empty file" codes import fee-schedule "$TMP/e.csv" --db "$db"
expect 3 "unknown kind" codes import icd9 "$TMP/e.csv" --db "$db"
"$REMEDI" report underpayments --db "$db" >"$TMP/after-csv"
grep -q "lines checked against a fee schedule  *0$" "$TMP/after-csv" || { echo "FAIL: a bad fee schedule was stored"; cat "$TMP/after-csv"; fail=1; }

# usage
expect 3 "name one KIND" report --db "$db"
expect 3 "unknown report" report refunds --db "$db"
expect 3 "--format takes" report denials --db "$db" --format xml
expect 3 "--tolerance takes" report underpayments --db "$db" --tolerance abc
expect 3 "--as-of takes" report aging --db "$db" --as-of 2025
expect 3 "--date takes" submit --db "$db" --date tomorrow "$SAMPLES/oncology-837p.x12"
expect 3 "no FILE" remit --db "$db"
# no database: reports do not create one
expect 4 "no database at" report denials --db "$TMP/none.db"
[ ! -e "$TMP/none.db" ] || { echo "FAIL: report created a database"; fail=1; }
# a database from a newer remedi is refused, and left alone
if command -v python3 >/dev/null 2>&1; then
	cp "$db" "$TMP/newer.db"
	python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 99'); c.commit()" "$TMP/newer.db"
	expect 4 "newer than this remedi" remit --db "$TMP/newer.db" "$SAMPLES/oncology-835.x12"
	expect 4 "newer than this remedi" report summary --db "$TMP/newer.db"
fi
# $REMEDI_DB names the store when --db is not given
"$REMEDI" report summary --db "$db" --format json >"$TMP/before"
(cd "$TMP" && REMEDI_DB="$db" "$REMEDI" report summary --format json) >"$TMP/env" 2>&1
cmp -s "$TMP/env" "$TMP/before" || { echo "FAIL: \$REMEDI_DB: another store was read"; fail=1; }
# the identity is the content: the same file through stdin or gzip is stored already
expect 0 "already stored" submit --db "$db" - <"$SAMPLES/oncology-837p.x12"
gzip -c -n "$SAMPLES/oncology-837p.x12" >"$TMP/p.x12.gz"
expect 0 "already stored" submit --db "$db" "$TMP/p.x12.gz"
# a locked database is waited for, not failed: another writer holds it for a second
if command -v python3 >/dev/null 2>&1; then
	python3 -c "
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('BEGIN IMMEDIATE'); open(sys.argv[2], 'w').close(); time.sleep(1.5); c.execute('COMMIT')
" "$db" "$TMP/locked" &
	lock=$!
	while [ ! -e "$TMP/locked" ]; do sleep 0.05; done
	expect 0 "imported 1 remittance" remit --db "$db" "$SAMPLES/oncology-835.x12"
	wait $lock
fi
# the store holds no patient names or member ids in any report
for k in denials underpayments unmatched aging summary; do
	"$REMEDI" report $k --db "$db" --format json
done >"$TMP/all"
if grep -q "TESTPATIENT\|XTEST" "$TMP/all"; then echo "FAIL: a report names a patient"; fail=1; fi
exit $fail
