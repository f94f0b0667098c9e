#!/bin/sh
# migrate.sh - a store written by the release before migration 4 (schema
# version 3) opens with this remedi: it is migrated in place, keeps every
# row, answers every report as a store built by this remedi does, and takes
# new files.
#
#   migrate.sh REMEDI SAMPLES DBDUMP AS_V3
set -u
REMEDI=$1 SAMPLES=$2 DBDUMP=$3 AS_V3=$4
for v in REMEDI DBDUMP AS_V3; do
	eval "case \$$v in /*) ;; *) $v=\$(pwd)/\$$v ;; esac"
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-migrate.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0
. "$(dirname "$0")/../dashboard/stores.sh"

# version 4 built here; its copy turned into version 3 with the same rows
scen_store "$TMP/v4.db" || { echo "FAIL: loading the scenario store"; exit 1; }
cp "$TMP/v4.db" "$TMP/old.db"
"$AS_V3" "$TMP/old.db" || exit 1
"$DBDUMP" "$TMP/old.db" >"$TMP/old.dump" || exit 1
head -1 "$TMP/old.dump" | grep -qx 'user_version 3' || { echo "FAIL: the fixture is not version 3"; exit 1; }
if grep -q crossover "$TMP/old.dump"; then echo "FAIL: the fixture has version 4 columns"; exit 1; fi

reports() { # DB OUT: every report as JSON; what they say on stderr in OUT.err
	for k in summary denials aging unmatched underpayments rejections plb; do
		echo "== $k"
		"$REMEDI" report "$k" --db "$1" --format json --as-of 20250415 || echo "exit $?"
	done >"$2" 2>"$2.err"
}

# the first command on the old store migrates it and answers like the new one
reports "$TMP/v4.db" "$TMP/v4.reports"
reports "$TMP/old.db" "$TMP/old.reports"
if ! cmp -s "$TMP/v4.reports" "$TMP/old.reports"; then
	echo "FAIL: reports from the migrated store differ:"; diff "$TMP/v4.reports" "$TMP/old.reports" | head -20; fail=1
fi
# said once, on the first open: PLB rows of version 3 linked to the claims they name
grep -q "upgraded from schema version 3 to 4; [1-9][0-9]* provider adjustments* linked" "$TMP/old.reports.err" &&
	[ "$(wc -l <"$TMP/old.reports.err")" = 1 ] && [ ! -s "$TMP/v4.reports.err" ] ||
	{ echo "FAIL: what the upgrade said:"; cat "$TMP/old.reports.err"; fail=1; }
"$DBDUMP" "$TMP/old.db" >"$TMP/new.dump" || exit 1
head -1 "$TMP/new.dump" | grep -qx 'user_version 4' || { echo "FAIL: not migrated: $(head -1 "$TMP/new.dump")"; fail=1; }
# every row kept (and the PLB rows linked as this remedi links them at import)
"$DBDUMP" "$TMP/v4.db" >"$TMP/v4.dump"
for t in claim submit_file claim_line remit_file remit_txn line_payment adjustment remark fee_schedule plb; do
	a=$(sed -n "/^table $t\$/,/^table /p" "$TMP/v4.dump" | md5sum)
	b=$(sed -n "/^table $t\$/,/^table /p" "$TMP/new.dump" | md5sum)
	[ "$a" = "$b" ] || { echo "FAIL: table $t changed in the migration"; fail=1; }
done
n4=$(sed -n '/^table claim_payment$/,/^table /p' "$TMP/v4.dump" | wc -l)
n3=$(sed -n '/^table claim_payment$/,/^table /p' "$TMP/new.dump" | wc -l)
[ "$n4" = "$n3" ] && [ "$n4" -gt 2 ] || { echo "FAIL: claim payments: $n3 rows after the migration, $n4 before"; fail=1; }

# it takes new files like the new store does: the PLB and crossover remittance on both
for db in v4 old; do
	(cd "$SAMPLES" && "$REMEDI" remit --db "$TMP/$db.db" remit/era-plb-crossover.x12) >"$TMP/$db.load" 2>&1
	echo "exit $?" >>"$TMP/$db.load"
done
sed "s|$TMP/v4.db|DB|g" "$TMP/v4.load" >"$TMP/v4.load.n"
sed "s|$TMP/old.db|DB|g" "$TMP/old.load" >"$TMP/old.load.n"
cmp -s "$TMP/v4.load.n" "$TMP/old.load.n" || { echo "FAIL: loading a remittance into the migrated store:"; diff "$TMP/v4.load.n" "$TMP/old.load.n"; fail=1; }
grep -q '^exit 0$' "$TMP/old.load" || { echo "FAIL: the remittance did not load"; cat "$TMP/old.load"; fail=1; }
reports "$TMP/v4.db" "$TMP/v4.reports2"
reports "$TMP/old.db" "$TMP/old.reports2"
cmp -s "$TMP/v4.reports2" "$TMP/old.reports2" || { echo "FAIL: reports differ after a new remittance:"; diff "$TMP/v4.reports2" "$TMP/old.reports2" | head -20; fail=1; }
cmp -s "$TMP/v4.reports" "$TMP/v4.reports2" && { echo "FAIL: the new remittance changed no report (test proves nothing)"; fail=1; }

[ $fail = 0 ] && echo "ok: a version 3 store migrated to 4, rows and reports kept, new files taken"
exit $fail
