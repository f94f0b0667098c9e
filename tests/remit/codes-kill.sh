#!/bin/sh
# codes-kill.sh - `remedi codes import` killed (SIGKILL) at several points
# through a large synthetic PTP file leaves the store exactly as it was
# before the file (every row of every table compared), and the next import
# of the file succeeds.
#
#   codes-kill.sh REMEDI GENCODES DBDUMP [PAIRS]
set -u
REMEDI=$1 GENCODES=$2 DBDUMP=$3 N=${4:-300000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/remedi-codes-kill.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
db=$TMP/store.db
fail=0

ms() { date +%s%N | cut -c1-13; }

"$GENCODES" ptp "$N" "$TMP/ptp-2026q1.txt" || exit 99
printf '"HCPCS/CPT Code","Practitioner Services MUE Values","MUE Adjudication Indicator","MUE Rationale"\n"96413","1","2 Date of Service Edit: Policy","x"\n' >"$TMP/mue.csv"
"$REMEDI" codes import mue --db "$db" "$TMP/mue.csv" >/dev/null || { echo "the first import failed"; exit 1; }
"$DBDUMP" "$db" >"$TMP/before" || exit 1
cp "$db" "$TMP/pristine.db"

cp "$db" "$TMP/timing.db"
t0=$(ms)
"$REMEDI" codes import ptp --db "$TMP/timing.db" "$TMP/ptp-2026q1.txt" >/dev/null || { echo "timing import failed"; exit 1; }
t1=$(ms)
dur=$((t1 - t0))
[ $dur -gt 0 ] || dur=1
echo "a whole import of $N pairs: ${dur} ms"

killed=0 points=6
for k in $(seq 1 $points); do
	delay=$((dur * k / (points + 1)))
	"$REMEDI" codes import ptp --db "$db" "$TMP/ptp-2026q1.txt" >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -KILL $pid 2>/dev/null
	wait $pid
	rc=$?
	if [ $rc -eq 137 ]; then
		"$DBDUMP" "$db" >"$TMP/after" || { echo "FAIL: the store does not open after a kill at ${delay} ms"; fail=1; break; }
		if cmp -s "$TMP/before" "$TMP/after"; then
			killed=$((killed + 1))
			echo "killed at ${delay} ms: the store is as before"
		elif [ "$(grep -c '^[0-9]*|[0-9A-Z]\{5\}|[0-9A-Z]\{5\}|' "$TMP/after")" = "$N" ]; then
			echo "killed at ${delay} ms, after the commit: the whole file is there"
			rm -f "$db" "$db-wal" "$db-shm"
			cp "$TMP/pristine.db" "$db"
		else
			echo "FAIL: killed at ${delay} ms, the store holds part of the file:"
			diff "$TMP/before" "$TMP/after" | head -10
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
	echo "FAIL: only $killed of $points imports were killed midway (the machine is too fast for $N pairs?)"
	fail=1
fi
out=$("$REMEDI" codes import ptp --db "$db" "$TMP/ptp-2026q1.txt"); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: the import after the kills failed (exit $rc)"; fail=1; }
case $out in *"$N rows stored"*) ;; *) echo "FAIL: the import after the kills did not store $N rows"; fail=1 ;; esac
exit $fail
