#!/bin/sh
# numbers.sh - every number on each sample page (stores.sh: PAGES) equals
# the JSON and text reports run with the same options (numbers.js).
#
#   numbers.sh REMEDI SAMPLES
set -u
REMEDI=$1 SAMPLES=$2
REMEDI=$(cd "$(dirname "$REMEDI")" && pwd)/$(basename "$REMEDI")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/stores.sh"
command -v node >/dev/null 2>&1 || { echo "node not found (make deps installs nodejs): skipped"; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-dash-numbers.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT

scen_store "$TMP/scen.db" || { echo "FAIL: loading the scenario store"; exit 1; }
onc_store "$TMP/onc.db" || { echo "FAIL: loading the oncology samples"; exit 1; }
echo "$PAGES" | while read -r name store kind args; do
	opts=$(echo "$args" | sed 's/--format html//')
	mkdir -p "$TMP/$name"
	# shellcheck disable=SC2086
	"$REMEDI" report $kind $args --db "$TMP/$store.db" -o "$TMP/$name.html" || { echo "FAIL: $name: page"; echo x >>"$TMP/failed"; continue; }
	for k in denials underpayments aging unmatched summary; do
		# shellcheck disable=SC2086
		"$REMEDI" report $k $opts --format json --db "$TMP/$store.db" >"$TMP/$name/$k.jsonl" &&
		"$REMEDI" report $k $opts --db "$TMP/$store.db" >"$TMP/$name/$k.txt" || { echo "FAIL: $name: $k"; echo x >>"$TMP/failed"; }
	done
	node "$HERE/numbers.js" "$TMP/$name.html" "$TMP/$name" "$kind" || echo x >>"$TMP/failed"
done
[ ! -e "$TMP/failed" ]
