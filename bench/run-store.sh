#!/bin/sh
# run-store.sh BUILD_DIR - the claim-store benchmark: submit an N-claim 837P,
# then import and match the 835 that answers every claim (bench/genpair.c),
# into a fresh store on the same file system as bench/out.
#
#   sh bench/run-store.sh build                  N = 100000
#   STORE_SIZES="100000 300000" sh bench/run-store.sh build
#
# Prints wall and CPU seconds, claims per second (wall) and the peak RSS of
# each step (/usr/bin/time, Debian package `time`).  One run per size: the
# machine is shared, run it when it is quiet.
set -eu
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/out
mkdir -p "$OUT"
for n in ${STORE_SIZES:-100000}; do
	"$BUILD/bench/remedi-genpair" "$n" "$OUT/pair-$n.837" "$OUT/pair-$n.835"
	db=$OUT/store-$n.db
	rm -f "$db" "$db-wal" "$db-shm"
	for step in submit:837 remit:835; do
		cmd=${step%%:*} ext=${step#*:}
		/usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$BUILD/cli/remedi" "$cmd" --db "$db" "$OUT/pair-$n.$ext" >/dev/null
		read -r wall user sys rss <"$OUT/time"
		awk -v n="$n" -v c="$cmd" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
			printf "%-7s %8d claims: %6.2f s wall, %6.2f s CPU, %7.0f claims/s (wall), %7.0f claims/s (CPU), peak RSS %d KiB\n",
				c, n, w, u + s, n / (w > 0 ? w : 0.01), n / (u + s > 0 ? u + s : 0.01), r }'
	done
	ls -l "$db" | awk '{ printf "store: %d bytes\n", $5 }'
	rm -f "$db" "$db-wal" "$db-shm" "$OUT/pair-$n.837" "$OUT/pair-$n.835"
done
