#!/bin/sh
# cli-batch.sh REMEDI SAMPLES GEN837 - batch mode of the CLI (issue 10):
#
#   - a directory: every regular file under it, nested directories too,
#     sorted by path bytes; symbolic links inside are not followed; an
#     unreadable file is reported with its path, counted, and the batch goes on
#   - --files-from LIST, '-' (stdin) and -0 (NUL-separated, a name with a newline)
#   - --summary: the fields of every object, their values for known files, the
#     exit status of the run = the worst of the files'
#   - -j 1, -j 2 and -j 3 give byte-identical stdout and stderr, in input order,
#     for a batch with bad and missing files in the middle and outputs larger
#     than a worker's in-memory spool (validate, parse, check in every format)
#   - --progress goes to stderr only; --no-progress and a pipe show none
#
# Exit status: 0 pass, 1 fail.
set -u

remedi=${1:?usage: cli-batch.sh REMEDI SAMPLES GEN837}
samples=${2:?usage: cli-batch.sh REMEDI SAMPLES GEN837}
gen=${3:?usage: cli-batch.sh REMEDI SAMPLES GEN837}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/remedi-batch.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
chmod 755 "$tmp"

fail=0
failed() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# expect WHAT WANT GOT
expect() {
	[ "$2" = "$3" ] || failed "$1: expected '$2', got '$3'"
}

p837=$samples/oncology-837p.x12
p835=$samples/oncology-835.x12
bad=$samples/remit/era-unbalanced.x12   # valid X12 with one balancing error: exit 1

# ---------------------------------------------------------------- a directory
d=$tmp/tree
mkdir -p "$d/a" "$d/b/deep" "$tmp/outside"
cp "$p837" "$d/b.x12"
cp "$p835" "$d/a/c.x12"
cp "$p837" "$d/a.x12"
cp "$bad" "$d/b/deep/z.x12"
printf 'not x12\n' > "$d/B-notes.txt"   # upper case sorts before lower case
cp "$p837" "$tmp/outside/out.x12"
ln -s "$tmp/outside/out.x12" "$d/link-file.x12"
ln -s "$tmp/outside" "$d/link-dir"
ln -s "$d/a" "$d/link-inside"
mkfifo "$d/fifo" 2>/dev/null || true

"$remedi" validate -q --format json --summary "$tmp/s.json" "$d" > /dev/null 2> "$tmp/err"
expect "directory: exit status (a not-X12 file: 2)" 2 $?
sed 's/^{"path":"\([^"]*\)".*/\1/' "$tmp/s.json" > "$tmp/paths"
printf '%s\n' "$d/B-notes.txt" "$d/a.x12" "$d/a/c.x12" "$d/b.x12" "$d/b/deep/z.x12" > "$tmp/want"
cmp -s "$tmp/want" "$tmp/paths" || { failed "directory: files or order"; diff "$tmp/want" "$tmp/paths"; }

# the files named on the command line are followed as given, directories expanded in place
"$remedi" validate -q --summary "$tmp/s2.json" "$d/link-file.x12" "$d/a" "$p837" > /dev/null 2>&1
sed 's/^{"path":"\([^"]*\)".*/\1/' "$tmp/s2.json" > "$tmp/paths"
printf '%s\n' "$d/link-file.x12" "$d/a/c.x12" "$p837" > "$tmp/want"
cmp -s "$tmp/want" "$tmp/paths" || { failed "operands: files or order"; diff "$tmp/want" "$tmp/paths"; }

# an unreadable file in the tree: reported with its path, counted, the batch goes on
u=$tmp/unreadable
mkdir -p "$u/sub"
cp "$p837" "$u/1.x12"
cp "$p837" "$u/sub/2.x12"
cp "$p837" "$u/3.x12"
chmod 000 "$u/sub/2.x12"
mkdir -m 777 "$tmp/w"
run_as=
if [ "$(id -u)" = 0 ]; then
	# root reads every file: run as nobody
	if command -v setpriv > /dev/null 2>&1; then
		run_as="setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		run_as=skip
	fi
fi
if [ "$run_as" = skip ]; then
	echo "note: running as root without setpriv: the unreadable-file case is not checked"
else
	$run_as "$remedi" validate --summary "$tmp/w/u.json" "$u" > "$tmp/w/u.out" 2> "$tmp/w/u.err"
	expect "unreadable: exit status" 2 $?
	grep -q "^$u/sub/2.x12:0: \[X12-1..\] .*ermission denied" "$tmp/w/u.out" ||
		{ failed "unreadable: no diagnostic naming the file"; cat "$tmp/w/u.out"; }
	grep -q "^$u/3.x12: OK" "$tmp/w/u.out" || failed "unreadable: the batch did not go on"
	expect "unreadable: summary lines" 3 "$(wc -l < "$tmp/w/u.json")"
	grep -q "\"path\":\"$u/sub/2.x12\".*\"exit_status\":2}" "$tmp/w/u.json" ||
		failed "unreadable: not counted in the summary"
fi

# a directory that does not exist: an input like a missing file
"$remedi" validate "$tmp/no-such-dir" "$p837" > "$tmp/out" 2>&1
expect "missing operand: exit status" 2 $?
grep -q "^$tmp/no-such-dir:0: \[X12-" "$tmp/out" || failed "missing operand: not reported"
grep -q "^$p837: OK" "$tmp/out" || failed "missing operand: the batch did not go on"

# a directory holding no file is a usage error
mkdir "$tmp/empty"
"$remedi" validate "$tmp/empty" > /dev/null 2> "$tmp/err"
expect "empty directory: exit status" 3 $?

# ---------------------------------------------------------------- --files-from
printf '%s\n' "$p835" "" "$p837" | "$remedi" validate -q --summary "$tmp/s.json" --files-from - > /dev/null
expect "--files-from -: exit status" 0 $?
sed 's/^{"path":"\([^"]*\)".*/\1/' "$tmp/s.json" > "$tmp/paths"
printf '%s\n' "$p835" "$p837" > "$tmp/want"
cmp -s "$tmp/want" "$tmp/paths" || { failed "--files-from -: files or order"; diff "$tmp/want" "$tmp/paths"; }

nl_name="$tmp/new
line.x12"
cp "$p837" "$nl_name"
printf '%s\0%s\0' "$nl_name" "$p835" > "$tmp/list0"
"$remedi" parse -0 --files-from "$tmp/list0" --summary "$tmp/s.json" > "$tmp/out0"
expect "-0: exit status" 0 $?
expect "-0: files" 2 "$(wc -l < "$tmp/s.json")"
grep -q '"path":".*/new\\u000aline.x12"' "$tmp/s.json" || failed "-0: the name with a newline"
"$remedi" parse "$nl_name" "$p835" > "$tmp/want0"
cmp -s "$tmp/want0" "$tmp/out0" || failed "-0: output differs from the same files as operands"

# the list is read after the operands; '-' twice is a usage error
printf '%s\n' "$p835" > "$tmp/list"
"$remedi" validate -q --summary "$tmp/s.json" "$p837" --files-from "$tmp/list" > /dev/null
sed 's/^{"path":"\([^"]*\)".*/\1/' "$tmp/s.json" > "$tmp/paths"
printf '%s\n' "$p837" "$p835" > "$tmp/want"
cmp -s "$tmp/want" "$tmp/paths" || failed "operands then --files-from"
echo - | "$remedi" validate --files-from - - > /dev/null 2>&1
expect "--files-from - with -: exit status" 3 $?
"$remedi" validate --files-from "$tmp/no-such-list" > /dev/null 2>&1
expect "missing --files-from list: exit status" 2 $?

# ---------------------------------------------------------------- --summary
"$remedi" validate -q --summary "$tmp/s.json" "$p837" "$p835" > /dev/null
expect "summary: clean run" 0 $?
keys='^{"path":"[^"]*","size":[0-9]*,"bytes":[0-9]*,"seconds":[0-9.]*,"bytes_per_s":[0-9]*,"interchanges":[0-9]*,"groups":[0-9]*,"sets_accepted":[0-9]*,"sets_rejected":[0-9]*,"claims":[0-9]*,"payments":[0-9]*,"errors":[0-9]*,"warnings":[0-9]*,"exit_status":[0-9]*}$'
expect "summary: every line has the fields" 2 "$(grep -c "$keys" "$tmp/s.json")"
size=$(wc -c < "$p837" | tr -d ' ')
grep -q "^{\"path\":\"$p837\",\"size\":$size,\"bytes\":$size,.*\"interchanges\":1,\"groups\":1,\"sets_accepted\":1,\"sets_rejected\":0,\"claims\":3,\"payments\":0,\"errors\":0,\"warnings\":0,\"exit_status\":0}" "$tmp/s.json" ||
	{ failed "summary: 837P values"; cat "$tmp/s.json"; }
grep -q "^{\"path\":\"$p835\",.*\"claims\":0,\"payments\":3,.*\"exit_status\":0}" "$tmp/s.json" ||
	failed "summary: 835 values"

# the worst of the files: 0 < 1 < 2
for j in 1 2; do
	"$remedi" validate -j $j -q --summary "$tmp/s.json" "$p837" "$bad" "$p835" > /dev/null
	expect "worst of clean and findings (-j $j)" 1 $?
	grep -q "\"path\":\"$bad\",.*\"sets_accepted\":0,\"sets_rejected\":1,.*\"errors\":1,.*\"exit_status\":1}" "$tmp/s.json" ||
		failed "summary: the rejected set (-j $j)"
	"$remedi" validate -j $j -q --summary "$tmp/s.json" "$bad" "$tmp/no-such-file" "$p837" > /dev/null
	expect "worst of findings and unreadable (-j $j)" 2 $?
	expect "summary: the unreadable file counted (-j $j)" 1 "$(grep -c '"exit_status":2}' "$tmp/s.json")"
	"$remedi" check -j $j -q --summary "$tmp/s.json" "$p837" > /dev/null
	expect "check --summary lines (-j $j)" 1 "$(grep -c "$keys" "$tmp/s.json")"
done
"$remedi" validate --summary "$tmp/no-such-dir/s.json" "$p837" > /dev/null 2>&1
expect "summary file that cannot be written: exit status" 4 $?

# ---------------------------------------------------------------- -j: the same bytes, in input order
# a batch with a bad file, a missing file and a not-X12 file in the middle, and
# generated files whose output is larger than a worker's 256 KiB spool
"$gen" --claims 900 --sets 7 --interchanges 2 --seed 3 > "$tmp/big1.x12"
"$gen" --claims 600 --sets 5 --seed 4 > "$tmp/big2.x12"
# errors in several sets: claim charges that no longer balance
sed 's/^CLM\*\([^*]*\)\*\([0-9]*\)/CLM*\1*9\2/' "$tmp/big2.x12" > "$tmp/bad2.x12"
set -- "$p837" "$tmp/big1.x12" "$bad" "$tmp/no-such-file" "$tmp/bad2.x12" "$d/B-notes.txt" "$p835" \
	"$tmp/big2.x12" "$samples"
same() {
	what=$1
	shift
	"$remedi" "$@" -j 1 > "$tmp/j1.out" 2> "$tmp/j1.err"
	r1=$?
	for j in 2 3; do
		"$remedi" "$@" -j $j > "$tmp/jn.out" 2> "$tmp/jn.err"
		rn=$?
		[ "$r1" = "$rn" ] || failed "$what: exit status -j 1 $r1, -j $j $rn"
		cmp -s "$tmp/j1.out" "$tmp/jn.out" || failed "$what: stdout of -j 1 and -j $j differ"
		cmp -s "$tmp/j1.err" "$tmp/jn.err" || failed "$what: stderr of -j 1 and -j $j differ"
	done
}
same "validate text" validate "$@"
same "validate json" validate --format json --max-errors 0 "$@"
same "validate level 1" validate --level 1 "$@"
same "parse json" parse "$@"
same "parse text" parse --format text "$@"
same "parse xml" parse --format xml "$@"
for f in text json csv sarif; do
	same "check $f" check --format $f "$@"
done
# the files, their errors and the summary lines come in input order
"$remedi" validate -j 3 --format json --max-errors 0 "$p837" "$tmp/big1.x12" "$bad" "$tmp/no-such-file" \
	"$tmp/bad2.x12" "$d/B-notes.txt" "$p835" "$tmp/big2.x12" > "$tmp/out" 2> /dev/null
sed 's/^{"file":"\([^"]*\)".*/\1/' "$tmp/out" | uniq > "$tmp/order"
printf '%s\n' "$bad" "$tmp/no-such-file" "$tmp/bad2.x12" "$d/B-notes.txt" > "$tmp/want"
cmp -s "$tmp/want" "$tmp/order" || { failed "-j 3: files with errors out of order"; diff "$tmp/want" "$tmp/order"; }
[ "$(grep -c '"code":"X12-701"' "$tmp/out")" -ge 5 ] || failed "-j 3: the unbalanced claims of bad2.x12"
awk -F'"offset":' '/bad2.x12/ { split($2, a, ","); if (a[1] + 0 < last) bad = 1; last = a[1] + 0 } END { exit bad }' \
	"$tmp/out" || failed "-j 3: offsets of one file out of order"
"$remedi" validate -j 2 -q --summary "$tmp/s1.json" "$@" > /dev/null 2>&1
"$remedi" validate -j 1 -q --summary "$tmp/s2.json" "$@" > /dev/null 2>&1
sed 's/"seconds":[0-9.]*,"bytes_per_s":[0-9]*,//' "$tmp/s1.json" > "$tmp/a"
sed 's/"seconds":[0-9.]*,"bytes_per_s":[0-9]*,//' "$tmp/s2.json" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || failed "summary: -j 1 and -j 2 differ (beyond the timings)"

# a write error under -j is named once, exit status 4
if [ -w /dev/full ]; then
	"$remedi" parse -j 2 "$@" > /dev/full 2> "$tmp/err"
	expect "-j 2 to a full disk: exit status" 4 $?
	expect "-j 2 to a full disk: messages" 1 "$(grep -c 'write error' "$tmp/err")"
fi

# ---------------------------------------------------------------- progress
"$remedi" validate --no-progress "$p837" "$p835" > "$tmp/a" 2> "$tmp/a.err"
REMEDI_PROGRESS_INTERVAL=0 "$remedi" validate -j 1 --progress "$p837" "$tmp/big1.x12" "$p835" \
	> "$tmp/b" 2> "$tmp/b.err"
"$remedi" validate "$p837" "$tmp/big1.x12" "$p835" > "$tmp/c" 2> "$tmp/c.err"
cmp -s "$tmp/b" "$tmp/c" || failed "--progress: stdout changed"
grep -q 'remedi validate: [0-9]*/3 files, [0-9]* MB, [0-9]* MB/s' "$tmp/b.err" || failed "--progress: no progress line"
[ -s "$tmp/c.err" ] && failed "a pipe: a progress line without --progress"
REMEDI_PROGRESS_INTERVAL=0 "$remedi" validate -j 2 --progress "$p837" "$tmp/big1.x12" "$p835" \
	> "$tmp/b" 2> /dev/null
cmp -s "$tmp/b" "$tmp/c" || failed "--progress -j 2: stdout changed"
REMEDI_PROGRESS_INTERVAL=0 "$remedi" validate --progress --no-progress "$tmp/big1.x12" > /dev/null 2> "$tmp/b.err"
[ -s "$tmp/b.err" ] && failed "--no-progress: a progress line"

# ---------------------------------------------------------------- usage
"$remedi" validate -j 0 "$p837" > /dev/null 2>&1
expect "-j 0: exit status" 3 $?
"$remedi" validate -j x "$p837" > /dev/null 2>&1
expect "-j x: exit status" 3 $?
"$remedi" parse --format segments --summary "$tmp/s.json" "$p837" > /dev/null 2>&1
expect "parse --format segments --summary: exit status" 3 $?
"$remedi" parse --format segments "$d/a" > "$tmp/a"
"$remedi" parse --format segments "$d/a/c.x12" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || failed "parse --format segments: a directory"

if [ "$fail" -ne 0 ]; then
	echo "$fail check(s) failed"
	exit 1
fi
echo "batch: all checks passed"
exit 0
