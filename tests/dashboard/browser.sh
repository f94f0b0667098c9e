#!/bin/sh
# browser.sh - the dashboard in a real browser: headless Chromium loads the
# scenario dashboard from disk with the network off (browser.js) and must
# see no console message, no request, sortable tables and SVG charts of
# non-zero size.  The screenshot (and an A4 PDF print) stay in OUTDIR for a
# person to look at.  Then the same page with its script changed and an
# outside image added must fail: the check can fail.
#
#   browser.sh REMEDI SAMPLES OUTDIR
#
# Exit 77 (skipped) only when no Chromium is installed (make deps installs it).
set -u
REMEDI=$1 SAMPLES=$2 OUT=$3
REMEDI=$(cd "$(dirname "$REMEDI")" && pwd)/$(basename "$REMEDI")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/stores.sh"
CHROMIUM=${REMEDI_CHROMIUM:-}
if [ -z "$CHROMIUM" ]; then
	for c in chromium chromium-browser google-chrome; do
		if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$(command -v "$c"); break; fi
	done
fi
[ -n "$CHROMIUM" ] || { echo "no chromium installed (make deps installs it): skipped"; exit 77; }
command -v node >/dev/null 2>&1 || { echo "FAIL: chromium is here but node is not (make deps installs nodejs)"; exit 1; }
mkdir -p "$OUT" || exit 99
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-dash-browser.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0

scen_store "$TMP/scen.db" || { echo "FAIL: loading the scenario store"; exit 1; }
"$REMEDI" report dashboard --as-of 20250415 --db "$TMP/scen.db" -o "$OUT/dashboard.html" || exit 1
node "$HERE/browser.js" "$CHROMIUM" "$OUT/dashboard.html" "$OUT/dashboard.png" 8 || fail=1
[ -s "$OUT/dashboard.png" ] || { echo "FAIL: no screenshot"; fail=1; }

# the same page, tampered: the script no longer matches its hash, and an image from outside
sed -e 's/(function () {/(function () { var tampered = 1;/' \
    -e 's|</main>|<img src="http://192.0.2.1/pixel.png" alt=""></main>|' "$OUT/dashboard.html" >"$TMP/tampered.html"
if node "$HERE/browser.js" "$CHROMIUM" "$TMP/tampered.html" "$TMP/tampered.png" 8 >"$TMP/tampered.out" 2>&1; then
	echo "FAIL: a page whose script breaks its CSP hash and that loads an outside image passed:"
	cat "$TMP/tampered.out"
	fail=1
elif ! grep -q "does not sort" "$TMP/tampered.out" || ! grep -q "Content Security Policy\|request: http://192.0.2.1" "$TMP/tampered.out"; then
	echo "FAIL: the tampered page failed, but not for the script and the image:"
	cat "$TMP/tampered.out"
	fail=1
else
	echo "ok: the tampered page fails ($(grep -c FAIL "$TMP/tampered.out") problems)"
fi
[ $fail = 0 ] && echo "screenshot: $OUT/dashboard.png (print: $OUT/dashboard.pdf)"
exit $fail
