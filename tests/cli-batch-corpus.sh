#!/bin/sh
# cli-batch-corpus.sh REMEDI DIR - over every file under DIR at once, -j 1,
# -j 2 and -j 3 give the same exit status and byte-identical stdout and
# stderr for validate (text, json, level 1) and parse (json, text, xml), and
# check (text, json, csv, sarif).  Exit status: 0 pass, 1 fail, 77 (skipped)
# when DIR does not exist.
set -u

remedi=${1:?usage: cli-batch-corpus.sh REMEDI DIR}
dir=${2:?usage: cli-batch-corpus.sh REMEDI DIR}

if [ ! -d "$dir" ]; then
	echo "SKIP: $dir does not exist"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/remedi-batchc.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

fail=0
runs=0
same() {
	what=$1
	shift
	"$remedi" "$@" -j 1 "$dir" > "$tmp/j1.out" 2> "$tmp/j1.err"
	r1=$?
	[ "$r1" -ge 3 ] && { echo "FAIL $what: exit status $r1"; fail=$((fail + 1)); }
	for j in 2 3; do
		"$remedi" "$@" -j $j "$dir" > "$tmp/jn.out" 2> "$tmp/jn.err"
		rn=$?
		runs=$((runs + 1))
		if [ "$r1" != "$rn" ] || ! cmp -s "$tmp/j1.out" "$tmp/jn.out" || ! cmp -s "$tmp/j1.err" "$tmp/jn.err"; then
			echo "FAIL $what: -j 1 (exit $r1) and -j $j (exit $rn) differ"
			diff "$tmp/j1.out" "$tmp/jn.out" | head -n 5
			diff "$tmp/j1.err" "$tmp/jn.err" | head -n 5
			fail=$((fail + 1))
		fi
	done
}

same "validate text" validate
same "validate json" validate --format json --max-errors 0
same "validate level 1" validate --level 1
same "parse json" parse
same "parse text" parse --format text
same "parse xml" parse --format xml
for f in text json csv sarif; do
	same "check $f" check --format $f
done

# the directory is the sorted list of its regular files
find "$dir" -type f | LC_ALL=C sort > "$tmp/list"
"$remedi" validate --files-from "$tmp/list" > "$tmp/a.out" 2> "$tmp/a.err"
ra=$?
"$remedi" validate "$dir" > "$tmp/b.out" 2> "$tmp/b.err"
rb=$?
if [ "$ra" != "$rb" ] || ! cmp -s "$tmp/a.out" "$tmp/b.out" || ! cmp -s "$tmp/a.err" "$tmp/b.err"; then
	echo "FAIL the directory and its sorted find(1) list differ"
	fail=$((fail + 1))
fi

if [ "$fail" -ne 0 ]; then
	echo "$fail of $runs comparisons failed"
	exit 1
fi
echo "corpus batch: $runs comparisons of -j 1 with -j 2 and -j 3 passed"
exit 0
