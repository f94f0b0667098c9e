#!/bin/sh
# corpus-check.sh REMEDI CORPUS_DIR - `remedi check` over every 837 of the
# public corpus (../shared/corpus/MANIFEST.tsv): a file the manifest calls
# valid (or valid-with-warning) must be read to its end (exit 0 or 1, never
# 2-4), every finding line must be JSON with a rule id and a severity, and
# no output may hold a patient's name or member id from the file.
# Exit 77 (skipped) without the corpus.
set -u
remedi=${1:?usage: corpus-check.sh REMEDI CORPUS_DIR}
corpus=${2:?usage: corpus-check.sh REMEDI CORPUS_DIR}
[ -f "$corpus/MANIFEST.tsv" ] || { echo "no corpus at $corpus: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
while IFS='	' read -r file _ _ _ _ set _ _ _ expected _; do
	case $set in 837P|837I) ;; *) continue ;; esac
	case $expected in valid|valid-with-warning) ;; *) continue ;; esac
	"$remedi" check --format json "$corpus/$file" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	n=$((n + 1))
	if [ $rc -gt 1 ]; then
		echo "FAIL: $file: exit $rc: $(head -c 300 "$tmp/err")" >&2
		fail=1
		continue
	fi
	if grep -v '^{"file":.*"rule":"[A-Z0-9-]*","severity":"\(error\|warning\|info\)",.*}$' "$tmp/out" | grep -q .; then
		echo "FAIL: $file: a finding line is not the JSON shape" >&2
		fail=1
	fi
	# member ids (NM1*IL ... MI*id) of the file must not show up in the findings
	for id in $(tr '~\n' '\n\n' <"$corpus/$file" | sed -n 's/^NM1\*IL\*.*\*MI\*\([^*~]*\).*/\1/p'); do
		[ ${#id} -ge 4 ] && grep -qF "$id" "$tmp/out" && { echo "FAIL: $file: member id in the findings" >&2; fail=1; }
	done
done <"$corpus/MANIFEST.tsv"
echo "checked $n corpus files"
[ $n -gt 0 ] || { echo "no 837 rows in the manifest: skipped"; exit 77; }
exit $fail
