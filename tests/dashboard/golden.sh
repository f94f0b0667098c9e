#!/bin/sh
# golden.sh - the HTML pages of the sample stores (stores.sh: PAGES),
# compared byte for byte with the golden files in GOLDEN_DIR.
#
#   golden.sh REMEDI SAMPLES GOLDEN_DIR [--update]
#
# --update (or REMEDI_UPDATE_GOLDEN=1) rewrites the golden files from this
# run: review the diff, and look at the pages in a browser.
set -u
REMEDI=$1 SAMPLES=$2 GOLDEN=$3 UPDATE=${4:-}
[ "${REMEDI_UPDATE_GOLDEN:-}" = 1 ] && UPDATE=--update
REMEDI=$(cd "$(dirname "$REMEDI")" && pwd)/$(basename "$REMEDI")
. "$(dirname "$0")/stores.sh"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-dash-golden.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0

scen_store "$TMP/scen.db" || { echo "FAIL: loading the scenario store"; exit 1; }
onc_store "$TMP/onc.db" || { echo "FAIL: loading the oncology samples"; exit 1; }
echo "$PAGES" | while read -r name store args; do
	# shellcheck disable=SC2086
	if ! "$REMEDI" report $args --db "$TMP/$store.db" -o "$TMP/$name.html"; then
		echo "FAIL: remedi report $args: exit status $?"
		echo fail >>"$TMP/failed"
		continue
	fi
	if [ "$UPDATE" = "--update" ]; then
		cp "$TMP/$name.html" "$GOLDEN/$name.html"
	elif ! diff -u "$GOLDEN/$name.html" "$TMP/$name.html"; then
		echo "golden: $name.html differs (run with --update after review)"
		echo fail >>"$TMP/failed"
	fi
done
[ -e "$TMP/failed" ] && fail=1
# stdout is the same page as -o
"$REMEDI" report dashboard --as-of 20250415 --db "$TMP/scen.db" >"$TMP/stdout.html" || fail=1
cmp -s "$TMP/stdout.html" "$TMP/scen-dashboard.html" || { echo "FAIL: the page on stdout differs from -o"; fail=1; }
[ $fail = 0 ] && echo "ok: $(echo "$PAGES" | wc -l | tr -d ' ') pages as golden"
exit $fail
