#!/bin/sh
# kill.sh - an import killed (SIGKILL) at many points through a large 835
# leaves the store exactly as it was before the file (every row of every
# table compared), and the next import of the file succeeds.
#
#   kill.sh REMEDI GENPAIR DBDUMP [CLAIMS]
set -u
REMEDI=$1 GENPAIR=$2 DBDUMP=$3 N=${4:-20000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-kill.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
db=$TMP/store.db
fail=0

ms() { date +%s%N | cut -c1-13; }

"$GENPAIR" "$N" "$TMP/big.837" "$TMP/big.835" || exit 99
"$REMEDI" submit --db "$db" --date 20250106 "$TMP/big.837" >/dev/null || { echo "submit failed"; exit 1; }
"$DBDUMP" "$db" >"$TMP/before" || exit 1
cp "$db" "$TMP/pristine.db"   # closed cleanly: no -wal left beside it

# A complete import: every payment and its four adjustments are there.
complete() {
	[ "$(grep -c "|GEN[0-9]*|" "$1")" = "$N" ] && [ "$(grep -c "|[CP][OR]|[0-9]*|[0-9]*|0\$" "$1")" = "$((4 * N))" ]
}

# how long a whole import takes here (on a copy), to spread the kills over it
cp "$db" "$TMP/timing.db"
t0=$(ms)
"$REMEDI" remit --db "$TMP/timing.db" "$TMP/big.835" >/dev/null || { echo "timing import failed"; exit 1; }
t1=$(ms)
dur=$((t1 - t0))
[ $dur -gt 0 ] || dur=1
echo "a whole import of $N claims: ${dur} ms"

killed=0 points=10
for k in $(seq 1 $points); do
	delay=$((dur * k / (points + 1)))
	"$REMEDI" remit --db "$db" "$TMP/big.835" >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -KILL $pid 2>/dev/null
	wait $pid
	rc=$?
	if [ $rc -eq 137 ]; then
		killed=$((killed + 1))
		"$DBDUMP" "$db" >"$TMP/after" || { echo "FAIL: the store does not open after a kill at ${delay} ms"; fail=1; break; }
		if cmp -s "$TMP/before" "$TMP/after"; then
			echo "killed at ${delay} ms: the store is as before"
		elif complete "$TMP/after"; then
			# killed after its COMMIT: all of the file, which is allowed; start again from before
			echo "killed at ${delay} ms, after the commit: the whole file is there"
			rm -f "$db" "$db-wal" "$db-shm"
			cp "$TMP/pristine.db" "$db"
			killed=$((killed - 1))
		else
			echo "FAIL: killed at ${delay} ms, the store holds part of the file:"
			diff "$TMP/before" "$TMP/after" | head -20
			fail=1
			break
		fi
	else
		echo "the import finished (exit $rc) before the kill at ${delay} ms"
		rm -f "$db" "$db-wal" "$db-shm"
		cp "$TMP/pristine.db" "$db"
	fi
done
if [ $killed -lt $((points / 2)) ]; then
	echo "FAIL: only $killed of $points imports were killed midway (the machine is too fast for $N claims?)"
	fail=1
fi
out=$("$REMEDI" remit --db "$db" "$TMP/big.835") ; rc=$?
echo "$out"
if [ $rc -ne 0 ]; then
	case $out in *"already stored"*) ;; *) echo "FAIL: the import after the kills failed (exit $rc)"; fail=1 ;; esac
fi
"$DBDUMP" "$db" >"$TMP/final"
cmp -s "$TMP/before" "$TMP/final" && { echo "FAIL: the final import stored nothing"; fail=1; }
complete "$TMP/final" || { echo "FAIL: the final store does not hold the $N payments"; fail=1; }
exit $fail
