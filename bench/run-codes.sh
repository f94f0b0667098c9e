#!/bin/sh
# run-codes.sh BUILD_DIR - the code-set benchmark: full-size synthetic tables
# (bench/gencodes.c: PTP 2,000,000 pairs, HCPCS 8,000 codes, ICD-10-CM 74,000
# codes, in the official layouts) imported into a fresh store, then `remedi
# check` on a synthetic 837P with the seeds only and with --db (the imported
# tables), under /usr/bin/time (Debian package `time`).
#
#   sh bench/run-codes.sh build                   837P of 100 MB
#   CODES_837_SIZE=10M PTP_PAIRS=500000 sh bench/run-codes.sh build
#
# Prints wall and CPU seconds, rows per second and the peak RSS of each step.
# One run per step: the machine is shared, run it when it is quiet.
set -eu
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/out
REMEDI=$BUILD/cli/remedi
GEN=$BUILD/bench/remedi-gencodes
PAIRS=${PTP_PAIRS:-2000000}
SIZE=${CODES_837_SIZE:-100M}
mkdir -p "$OUT"
for exe in "$REMEDI" "$GEN" "$BUILD/bench/remedi-gen837"; do
	[ -x "$exe" ] || { echo "run-codes: $exe is missing: meson compile -C $BUILD" >&2; exit 1; }
done

# step LABEL ROWS CMD...: one timed line (ROWS 0: no rate)
step() {
	label=$1 n=$2
	shift 2
	rc=0
	/usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/err" || rc=$?
	[ $rc -le 1 ] || { echo "run-codes: $label failed (exit $rc):" >&2; cat "$OUT/err" >&2; exit 1; }
	# the last line: /usr/bin/time puts "Command exited with non-zero status 1" first
	read -r wall user sys rss <<EOF2
$(tail -n 1 "$OUT/time")
EOF2
	awk -v l="$label" -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
		rate = n > 0 ? sprintf("%9.0f rows/s", n / (w > 0 ? w : 0.01)) : sprintf("%14s", "")
		printf "%-34s %6.2f s wall %6.2f s CPU %s  peak RSS %6.1f MiB\n", l, w, u + s, rate, r / 1024 }'
}

"$GEN" ptp "$PAIRS" "$OUT/ptp-$PAIRS.txt"
"$GEN" hcpcs 8000 "$OUT/HCPC2026_JAN_ANWEB-synthetic.txt"
"$GEN" icd10cm 74000 "$OUT/icd10cm_order_2026-synthetic.txt"
[ -f "$OUT/837p-codes-$SIZE.x12" ] || "$BUILD/bench/remedi-gen837" --size "$SIZE" >"$OUT/837p-codes-$SIZE.x12"
ls -l "$OUT/ptp-$PAIRS.txt" "$OUT/837p-codes-$SIZE.x12" | awk '{ printf "%-60s %12d bytes\n", $9, $5 }'

db=$OUT/codes.db
rm -f "$db" "$db-wal" "$db-shm"
step "codes import ptp ($PAIRS pairs)" "$PAIRS" "$REMEDI" codes import ptp --db "$db" --from 20260101 "$OUT/ptp-$PAIRS.txt"
step "codes import ptp (the same again)" 0 "$REMEDI" codes import ptp --db "$db" --from 20260101 "$OUT/ptp-$PAIRS.txt"
step "codes import hcpcs (8000 codes)" 8000 "$REMEDI" codes import hcpcs --db "$db" "$OUT/HCPC2026_JAN_ANWEB-synthetic.txt"
step "codes import icd10cm (74000 codes)" 74000 "$REMEDI" codes import icd10cm --db "$db" "$OUT/icd10cm_order_2026-synthetic.txt"
ls -l "$db" | awk '{ printf "store: %d bytes\n", $5 }'
step "check -q (seeds only)" 0 "$REMEDI" check -q "$OUT/837p-codes-$SIZE.x12"
step "check -q --ptp FILE" 0 "$REMEDI" check -q --ptp "$OUT/ptp-$PAIRS.txt" "$OUT/837p-codes-$SIZE.x12"
step "check -q --db (PTP+HCPCS+ICD)" 0 "$REMEDI" check -q --db "$db" "$OUT/837p-codes-$SIZE.x12"
