#!/bin/sh
# browser.sh - the report pages in a real browser: headless Chromium loads
# every sample page (stores.sh: PAGES) from disk with the network off
# (browser.js) and must see no console message, no request, sortable tables,
# SVG charts of non-zero size (at least as many as the page should have) and
# a print no wider than A4.  The screenshots (NAME.png, NAME-print.png) and
# the A4 prints (NAME.pdf) stay in OUTDIR for a person to look at:
# scen-dashboard.png first.  Then the dashboard with its script changed and
# an outside image added must fail: the check can fail.
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
onc_store "$TMP/onc.db" || { echo "FAIL: loading the oncology samples"; exit 1; }
# the charts each page must have at least (the stores are fixed), and whether a table must sort
min_charts() {
	case $1 in
	scen-dashboard) echo 10 ;; scen-dashboard-pyr01-jan) echo 9 ;; onc-dashboard) echo 8 ;;
	scen-denials) echo 3 ;; scen-underpayments) echo 2 ;; scen-aging) echo 2 ;; scen-summary) echo 1 ;;
	scen-unmatched) echo 1:nosort ;;   # one payment: nothing to sort
	*) echo 0:nosort ;;
	esac
}
list=$(echo "$PAGES" | while read -r name store args; do
	# shellcheck disable=SC2086
	"$REMEDI" report $args --db "$TMP/$store.db" -o "$OUT/$name.html" || echo "FAIL: remedi report $args" >&2
	echo "$OUT/$name.html:$(min_charts "$name")"
done)
# shellcheck disable=SC2086
node "$HERE/browser.js" "$CHROMIUM" "$OUT" $list || fail=1
[ -s "$OUT/scen-dashboard.png" ] || { echo "FAIL: no screenshot"; fail=1; }

# the same page, tampered: the script no longer matches its hash, and an image from outside
sed -e 's/(function () {/(function () { var tampered = 1;/' \
    -e 's|</main>|<img src="http://192.0.2.1/pixel.png" alt=""></main>|' "$OUT/scen-dashboard.html" >"$TMP/tampered.html"
if node "$HERE/browser.js" "$CHROMIUM" "$TMP" "$TMP/tampered.html:10" >"$TMP/tampered.out" 2>&1; then
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
[ $fail = 0 ] && echo "screenshot: $OUT/scen-dashboard.png (printed: scen-dashboard-print.png, scen-dashboard.pdf)"
exit $fail
