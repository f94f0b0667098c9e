#!/bin/sh
# corpus-remit.sh - every 835 of the shared corpus (MANIFEST.tsv, folder 835/)
# imports into a fresh store: exit 0 (balanced) or 1 (flagged), never a crash
# or a database error; a file whose manifest states an imbalance is flagged
# with the amount it is off by (or, for a 4010 file, named as unsupported),
# and a file stated valid shows no imbalance; a second import changes nothing.
#
#   corpus-remit.sh REMEDI CORPUS_DIR
set -u
REMEDI=$1 CORPUS=$2
[ -f "$CORPUS/MANIFEST.tsv" ] || { echo "no corpus at $CORPUS: skipped"; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-corpus-remit.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0 n=0
tab=$(printf '\t')
while IFS="$tab" read -r file _repo _path _commit _lic txn _ver _delim _size expected _notes; do
	case $file in 835/*) ;; *) continue ;; esac
	[ "$txn" = 835 ] || continue
	n=$((n + 1))
	db=$TMP/$n.db
	"$REMEDI" remit --db "$db" --max-errors 0 "$CORPUS/$file" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "FAIL $file: exit $rc"; cat "$TMP/err"; fail=1; continue
	fi
	case $expected in
	*balanc*)
		if ! grep -q "off by" "$TMP/out" && ! grep -q "X12-501" "$TMP/err"; then
			echo "FAIL $file: the manifest states an imbalance, the import did not flag it"; fail=1
		fi ;;
	*)
		if grep -q "off by" "$TMP/out"; then
			echo "FAIL $file: stated valid, flagged as unbalanced:"; grep "off by" "$TMP/out"; fail=1
		fi ;;
	esac
	"$REMEDI" report summary --db "$db" --format json >"$TMP/sum1" || { echo "FAIL $file: report"; fail=1; }
	"$REMEDI" remit --db "$db" "$CORPUS/$file" >"$TMP/out2" 2>/dev/null
	if ! grep -q "already stored" "$TMP/out2" && ! grep -q "X12-501" "$TMP/err"; then
		echo "FAIL $file: the second import did not say it was stored before"; fail=1
	fi
	"$REMEDI" report summary --db "$db" --format json >"$TMP/sum2"
	cmp -s "$TMP/sum1" "$TMP/sum2" || { echo "FAIL $file: the second import changed the store"; fail=1; }
	echo "ok $file: $(tail -n 1 "$TMP/out" | sed "s|^$CORPUS/||")"
done <"$CORPUS/MANIFEST.tsv"
[ $n -gt 0 ] || { echo "no 835 in the manifest"; exit 1; }
exit $fail
