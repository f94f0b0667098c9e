#!/bin/sh
# cli-streams.sh REMEDI DIR - the CLI reads a file, a pipe and gzip alike.
#
# For every file under DIR (LICENSES/ excepted), `remedi segments --positions`
# must print the same (exit status, the segments on stdout, and the reader's
# diagnostics on stderr with the file name replaced) for
#
#     remedi CMD FILE          (read(2) of a file, 256 KiB chunks)
#     remedi CMD - < FILE      (standard input, the same)
#     gzip -c FILE | remedi CMD -   (inflated output, pipe-sized reads)
#
# and never exit with 3 or more.  Exit status: 0 pass, 1 fail, 77 (skipped)
# when DIR does not exist or holds no file.
set -u

remedi=${1:?usage: cli-streams.sh REMEDI DIR}
dir=${2:?usage: cli-streams.sh REMEDI DIR}

if [ ! -d "$dir" ]; then
	echo "SKIP: $dir does not exist"
	exit 77
fi
command -v gzip > /dev/null 2>&1 || { echo "SKIP: no gzip"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/remedi-streams.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

find "$dir" -type f ! -path '*/LICENSES/*' ! -name '.*' | LC_ALL=C sort > "$tmp/list"
if [ ! -s "$tmp/list" ]; then
	echo "SKIP: no file under $dir"
	exit 77
fi

files=0 fail=0

failed() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# Replaces a leading "NAME:" by "FILE:" on every line of stdin.
rename() {
	awk -v p="$1:" 'index($0, p) == 1 { $0 = "FILE:" substr($0, length(p) + 1) } { print }'
}

# one FILE CMD ARGS...: the three ways of reading agree
one() {
	f=$1
	shift
	"$remedi" "$@" "$f" > "$tmp/a.out" 2> "$tmp/a.err"
	ra=$?
	"$remedi" "$@" - < "$f" > "$tmp/b.out" 2> "$tmp/b.err"
	rb=$?
	gzip -c "$f" | "$remedi" "$@" - > "$tmp/c.out" 2> "$tmp/c.err"
	rc=$?
	for r in "$ra" "$rb" "$rc"; do
		if [ "$r" -ge 3 ]; then
			failed "$f: remedi $* exit status $r"
			sed 's/^/    /' "$tmp/a.err" "$tmp/b.err" "$tmp/c.err" | head -n 20
			return
		fi
	done
	if [ "$ra" -ne "$rb" ] || [ "$ra" -ne "$rc" ]; then
		failed "$f: remedi $*: exit $ra (file), $rb (stdin), $rc (gzip pipe)"
		return
	fi
	rename "$f" < "$tmp/a.out" > "$tmp/a.norm"
	for k in b c; do
		rename - < "$tmp/$k.out" > "$tmp/$k.norm"
		if ! cmp -s "$tmp/a.norm" "$tmp/$k.norm"; then
			failed "$f: remedi $*: stdout differs ($( [ $k = b ] && echo stdin || echo gzip pipe) vs file):"
			diff "$tmp/a.norm" "$tmp/$k.norm" | head -n 6 | sed 's/^/    /'
			return
		fi
	done
	rename "$f" < "$tmp/a.err" > "$tmp/a.enorm"
	for k in b c; do
		rename - < "$tmp/$k.err" > "$tmp/$k.enorm"
		if ! cmp -s "$tmp/a.enorm" "$tmp/$k.enorm"; then
			failed "$f: remedi $*: stderr differs ($( [ $k = b ] && echo stdin || echo gzip pipe) vs file):"
			diff "$tmp/a.enorm" "$tmp/$k.enorm" | head -n 6 | sed 's/^/    /'
			return
		fi
	done
}

while IFS= read -r f; do
	files=$((files + 1))
	one "$f" segments --positions
done < "$tmp/list"

echo "cli-streams: $files files under $dir, each read 3 ways by remedi segments; $fail failed"
[ "$fail" -eq 0 ]
