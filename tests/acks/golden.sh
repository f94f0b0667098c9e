#!/bin/sh
# golden.sh - the acknowledgments remedi writes, compared with golden files:
# the samples and one faulty 837P per SNIP family (input/*.x12, made from
# samples/oncology-837p.x12: envelope, missing segment, bad element, bad code,
# bad date, balancing, syntax notes), as 999, TA1 and 277CA (the 277CA also for
# samples/edits, with and without --edits), and some corpus/bad files when the
# shared corpus is present.  Each written 999 must also pass `remedi validate`.
#
#   golden.sh REMEDI SAMPLES INPUTS GOLDEN_DIR CORPUS [--update]
#
# --update rewrites the golden files from this run (review the diff).
set -u
REMEDI=$1 SAMPLES=$2 INPUTS=$3 GOLDEN=$4 CORPUS=$5 UPDATE=${6:-}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-ack.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0

check() {
	gold=$1
	if [ "$UPDATE" = "--update" ]; then
		cp "$TMP/$gold" "$GOLDEN/$gold"
	elif ! diff -u "$GOLDEN/$gold" "$TMP/$gold"; then
		echo "golden: $gold differs (run with --update after review)" >&2
		fail=1
	fi
}

# one input: its 999 and TA1 with the exit status, and the 999 validated
one() {
	src=$1 name=$2
	for type in 999 ta1 277ca; do
		"$REMEDI" ack --type $type --timestamp 202612031200 --control-number 7 "$src" >"$TMP/$name.$type" 2>"$TMP/err"
		echo "exit $?" >>"$TMP/$name.$type"
		check "$name.$type"
	done
	for type in 999 277ca; do
		"$REMEDI" ack --type $type --timestamp 202612031200 "$src" >"$TMP/ack" 2>/dev/null
		if [ -s "$TMP/ack" ] && ! "$REMEDI" validate "$TMP/ack" >"$TMP/val"; then
			echo "the $type written for $name does not validate:" >&2
			cat "$TMP/val" >&2
			fail=1
		fi
	done
}

for f in "$SAMPLES"/*.x12; do
	one "$f" "sample-$(basename "$f" .x12)"
done
# the oncology edits' errors reject claims in a 277CA (and --edits off lets them through)
for f in "$SAMPLES"/edits/*.x12; do
	one "$f" "edits-$(basename "$f" .x12)"
	"$REMEDI" ack --type 277ca --edits off --timestamp 202612031200 --control-number 7 "$f" >"$TMP/edits-off-$(basename "$f" .x12).277ca" 2>&1
	echo "exit $?" >>"$TMP/edits-off-$(basename "$f" .x12).277ca"
	check "edits-off-$(basename "$f" .x12).277ca"
done
for f in "$INPUTS"/*.x12; do
	one "$f" "$(basename "$f" .x12)"
done
if [ -d "$CORPUS/bad" ]; then
	for n in imsweb__x12_bad_valid_code.txt imsweb__x12_missing_elements.txt \
		imsweb__x12_segments_out_of_order.txt imsweb__x12_multiple_isa.txt \
		ediengine__ControlNumbersMismatch.edi ediengine__WrongGroupsAndTranCount.edi; do
		[ -f "$CORPUS/bad/$n" ] && one "$CORPUS/bad/$n" "corpus-${n%.*}"
	done
fi
exit $fail
