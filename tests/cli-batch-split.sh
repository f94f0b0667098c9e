#!/bin/sh
# cli-batch-split.sh REMEDI SAMPLES GEN837 [DIR] - one file cut at ST
# boundaries across the -j workers (docs/batch.md, "One large file"):
#
#   - every sample (and, with DIR, every file under it), alone, cut before
#     every ST (REMEDI_SPLIT_MIN=1 REMEDI_SPLIT_PART=1): -j 1, -j 2 and -j 3
#     give the same exit status, byte-identical stdout and stderr and the same
#     --summary line (timings aside) for validate, parse and check
#   - generated files with hundreds of sets, three interchanges and errors in
#     several sets (balancing, SE01, a duplicate ST02 in another part, GE01,
#     IEA02, codes, NPIs past --max-errors), a fatal error in a middle part, a
#     truncated file, a segment outside any set (no cut after it), gzip; cut
#     at every ST and every 200 KB
#   - the default limits: a file under 8 MiB is not split; a file over it is
#
# Exit status: 0 pass, 1 fail.
set -u

remedi=${1:?usage: cli-batch-split.sh REMEDI SAMPLES GEN837 [DIR]}
samples=${2:?usage: cli-batch-split.sh REMEDI SAMPLES GEN837 [DIR]}
gen=${3:?usage: cli-batch-split.sh REMEDI SAMPLES GEN837 [DIR]}
dir=${4:-}

if [ -n "$dir" ] && [ ! -d "$dir" ]; then
	echo "SKIP: $dir does not exist"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/remedi-split.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

fail=0
runs=0
failed() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

timeless() {
	sed 's/"seconds":[0-9.]*,"bytes_per_s":[0-9]*,//' "$1"
}

# same FILE JOBS COMMAND...: -j 1 against each of JOBS
same() {
	file=$1
	jobs=$2
	shift 2
	"$remedi" "$@" -j 1 --summary "$tmp/s1" "$file" > "$tmp/o1" 2> "$tmp/e1"
	r1=$?
	timeless "$tmp/s1" > "$tmp/t1"
	for j in $jobs; do
		"$remedi" "$@" -j "$j" --summary "$tmp/sn" "$file" > "$tmp/on" 2> "$tmp/en"
		rn=$?
		runs=$((runs + 1))
		timeless "$tmp/sn" > "$tmp/tn"
		if [ "$r1" != "$rn" ] || ! cmp -s "$tmp/o1" "$tmp/on" || ! cmp -s "$tmp/e1" "$tmp/en" ||
		   ! cmp -s "$tmp/t1" "$tmp/tn"; then
			failed "$* on $file: -j 1 (exit $r1) and -j $j (exit $rn) differ"
			diff "$tmp/o1" "$tmp/on" | head -n 4
			diff "$tmp/e1" "$tmp/en" | head -n 4
			diff "$tmp/t1" "$tmp/tn" | head -n 2
		fi
	done
}

# every command and format that splits
all() {
	same "$1" "$2" validate
	same "$1" "$2" validate --format json
	same "$1" "$2" validate --max-errors 3
	same "$1" "$2" validate --level 1
	same "$1" "$2" parse
	same "$1" "$2" parse --format text --max-errors 2
	same "$1" "$2" check
	same "$1" "$2" check --format json
	same "$1" "$2" check --format csv
}

export REMEDI_SPLIT_MIN=1 REMEDI_SPLIT_PART=1
if [ -n "$dir" ]; then
	# the corpus: fewer formats, every file
	find "$dir" -type f | LC_ALL=C sort > "$tmp/list"
	while IFS= read -r f; do
		same "$f" 2 validate --format json --max-errors 0
		same "$f" 2 parse
		same "$f" 2 check --format json
	done < "$tmp/list"
	[ "$fail" -ne 0 ] && { echo "$fail of $runs comparisons failed"; exit 1; }
	echo "corpus split: $runs comparisons of -j 1 with -j 2 passed"
	exit 0
fi

find "$samples" -name '*.x12' | LC_ALL=C sort > "$tmp/list"
while IFS= read -r f; do
	same "$f" 2 validate
	same "$f" 2 parse
	same "$f" 2 check --format json
done < "$tmp/list"

# hundreds of sets, three interchanges, errors in several of them
g=$tmp/g.x12
"$gen" --claims 1500 --sets 300 --interchanges 3 --seed 5 > "$g"
sed -e 's/^CLM\*RMD0000000002\*11285.7\*/CLM*RMD0000000002*11285.8*/' \
    -e 's/^SE\*\([0-9]*\)\*0007~/SE*1\1*0007~/' \
    -e 's/^ST\*837\*0050\*/ST*837*0003*/' \
    -e 's/^ST\*837\*0120\*/ST*837*0119*/' \
    -e '0,/^GE\*100\*/s/^GE\*100\*/GE*99*/' \
    -e '0,/^IEA\*1\*000000002/s/^IEA\*1\*000000002/IEA*1*000000009/' \
    -e '2000,2600s/\*11:B:1\*/*99:B:1*/' \
    -e '30000,40000s/\*XX\*\([0-9]*\)5~/*XX*\16~/' "$g" > "$tmp/errors.x12"
cmp -s "$g" "$tmp/errors.x12" && failed "the errors were not injected"
# a segment over the 64 KiB limit in the middle: fatal there, the parts after it dropped
awk 'NR == 30000 { printf "NTE*ADD*"; for (i = 0; i < 70000; i++) printf "A"; print "~"; next } { print }' "$g" \
	> "$tmp/fatal.x12"
head -c 1000000 "$g" > "$tmp/truncated.x12"
# a segment outside any set: the splitter stops cutting there, the rest is one part
awk '/^SE\*/ && ++n == 40 { print; print "REF*EA*STRAY~"; next } { print }' "$g" > "$tmp/stray.x12"
gzip -c "$tmp/errors.x12" > "$tmp/errors.x12.gz"
gzip -c "$tmp/fatal.x12" > "$tmp/fatal.x12.gz"
for part in 1 200000; do
	export REMEDI_SPLIT_PART=$part
	for f in "$g" "$tmp/errors.x12" "$tmp/fatal.x12" "$tmp/truncated.x12" "$tmp/stray.x12" \
		 "$tmp/errors.x12.gz" "$tmp/fatal.x12.gz"; do
		all "$f" "2 3"
	done
done
"$remedi" validate -q --format json "$tmp/errors.x12" > "$tmp/o1"
for code in X12-701 X12-403 X12-406 X12-303 X12-212 X12-908; do
	grep -q "\"code\":\"$code\"" "$tmp/o1" || failed "errors.x12: no $code"
done

# the default limits: 8 MiB and more is split, less is not (the summary of a split run is the same)
unset REMEDI_SPLIT_MIN REMEDI_SPLIT_PART
"$gen" --size 9M --sets 40 --seed 2 > "$tmp/nine.x12"
same "$tmp/nine.x12" 2 validate
same "$tmp/nine.x12" 2 parse

if [ "$fail" -ne 0 ]; then
	echo "$fail of $runs comparisons failed"
	exit 1
fi
echo "split: $runs comparisons of -j 1 with -j 2 and -j 3 passed"
exit 0
