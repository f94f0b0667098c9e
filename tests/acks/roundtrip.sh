#!/bin/sh
# roundtrip.sh - what remedi writes, remedi validates: a 999, a TA1 and a 277CA for every
# sample and every file of the shared corpus (skipped when absent), each of
# which must pass `remedi validate` with no error; ack itself must never exit
# 3 or 4 (usage, internal error) on any input, however bad.
#
#   roundtrip.sh REMEDI SAMPLES CORPUS
set -u
REMEDI=$1 SAMPLES=$2 CORPUS=$3
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-ackrt.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fail=0 n=0 written=0

try() {
	f=$1
	for type in 999 ta1 277ca; do
		"$REMEDI" ack --type $type --timestamp 202612031200 "$f" >"$TMP/ack" 2>"$TMP/err"
		rc=$?
		n=$((n + 1))
		if [ $rc -ge 3 ]; then
			echo "ack --type $type exit $rc on $f:" >&2
			cat "$TMP/err" >&2
			fail=1
			continue
		fi
		[ -s "$TMP/ack" ] || continue
		written=$((written + 1))
		if ! "$REMEDI" validate -q "$TMP/ack" >"$TMP/val" 2>&1; then
			echo "the $type written for $f does not validate:" >&2
			head -5 "$TMP/val" >&2
			fail=1
		fi
	done
}

for f in "$SAMPLES"/*.x12 "$SAMPLES"/edits/*.x12; do
	try "$f"
done
if [ -d "$CORPUS" ]; then
	for f in "$CORPUS"/*/*; do
		case $f in *.md | *.tsv | */LICENSES*) continue ;; esac
		[ -f "$f" ] && try "$f"
	done
fi
echo "$n acknowledgments asked, $written written, all valid: $([ $fail = 0 ] && echo yes || echo no)"
exit $fail
