#!/bin/sh
# golden.sh [--update] MODE REMEDI SOURCE_ROOT [CORPUS_DIR] - `remedi parse`
# and `remedi validate` output against the golden files in tests/ig/golden/.
#
# MODE samples: for every samples/NAME.x12
#   remedi parse --format json NAME.x12         = golden/NAME.json (byte for byte)
#   remedi validate --format json NAME.x12      = golden/NAME.validate.json
#                                                 (empty for a clean file)
#   remedi parse --format xml NAME.x12          validates against
#                                                 schemas/x12tree.xsd (xmllint)
#   remedi parse --format json --no-phi         holds no patient name, member id
#                                                 or birth date of the sample
#   (run from samples/, so the "file" fields read NAME.x12)
#
# MODE corpus: for every 5010 837P/837I/835 row of CORPUS_DIR/MANIFEST.tsv
#   marked valid or valid-with-warning, one summary line per JSON record
#   (file, record type, claim id, charge, paid or line total, number of
#   lines, errors) = golden/corpus.tsv.  Only the summary is kept: corpus
#   data is not copied into the repository.  Exit 77 without the corpus.
#
# --update (or REMEDI_GOLDEN_UPDATE=1) rewrites the golden files instead of
# comparing; read the diff (git diff tests/ig/golden) before committing it.
#
# Exit status: 0 pass, 1 fail, 77 skipped.
set -u

update=${REMEDI_GOLDEN_UPDATE:-0}
if [ "${1:-}" = "--update" ]; then
	update=1
	shift
fi
mode=${1:?usage: golden.sh [--update] samples|corpus REMEDI SOURCE_ROOT [CORPUS_DIR]}
remedi=${2:?usage: golden.sh [--update] samples|corpus REMEDI SOURCE_ROOT [CORPUS_DIR]}
src=${3:?usage: golden.sh [--update] samples|corpus REMEDI SOURCE_ROOT [CORPUS_DIR]}
corpus=${4:-$src/../shared/corpus}

case $remedi in
/*) ;;
*) remedi=$(pwd)/$remedi ;;
esac
src=$(cd "$src" && pwd) || exit 1
[ -d "$corpus" ] && corpus=$(cd "$corpus" && pwd)
golden=$src/tests/ig/golden
tmp=$(mktemp -d "${TMPDIR:-/tmp}/remedi-golden.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

fail=0 pass=0 updated=0

failed() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# compare GOT GOLDEN-FILE WHAT: equal, or rewritten under --update
compare() {
	if [ "$update" = 1 ]; then
		if ! cmp -s "$1" "$2"; then
			cp "$1" "$2" || { failed "cannot write $2"; return; }
			echo "updated $2"
			updated=$((updated + 1))
		fi
		pass=$((pass + 1))
		return
	fi
	if [ ! -f "$2" ]; then
		failed "$3: no golden file $2 (run golden.sh --update)"
		return
	fi
	if cmp -s "$1" "$2"; then
		pass=$((pass + 1))
		echo "ok $3"
	else
		failed "$3 differs from $2 (run golden.sh --update to accept):"
		# one JSON field per line, so that the diff shows the field
		tr ',' '\n' < "$2" > "$tmp/diff.want"
		tr ',' '\n' < "$1" > "$tmp/diff.got"
		diff -u "$tmp/diff.want" "$tmp/diff.got" | sed '1,2d' | head -n 40 | sed 's/^/    /'
	fi
}

samples() {
	xsd=$src/schemas/x12tree.xsd
	cd "$src/samples" || { failed "no $src/samples"; return; }
	n=0
	for f in *.x12; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		name=${f%.x12}

		"$remedi" parse --format json "$f" > "$tmp/$name.json" 2> "$tmp/$name.json.err"
		rc=$?
		if [ "$rc" -gt 1 ]; then
			failed "$f: remedi parse --format json exits $rc:"
			sed 's/^/    /' "$tmp/$name.json.err" | head -n 10
		fi
		compare "$tmp/$name.json" "$golden/$name.json" "$f: parse --format json"

		"$remedi" validate --format json "$f" > "$tmp/$name.validate.json" 2> "$tmp/$name.validate.err"
		vrc=$?
		if [ "$vrc" -gt 1 ] || [ -s "$tmp/$name.validate.err" ]; then
			failed "$f: remedi validate --format json exits $vrc or writes to stderr:"
			sed 's/^/    /' "$tmp/$name.validate.err" | head -n 10
		fi
		compare "$tmp/$name.validate.json" "$golden/$name.validate.json" "$f: validate --format json"
		# parse and validate agree: stderr of parse has a line per problem,
		# and the exit status says whether there are errors
		if [ -s "$tmp/$name.validate.json" ] || [ -s "$tmp/$name.json.err" ]; then
			if [ "$(wc -l < "$tmp/$name.validate.json")" -ne "$(wc -l < "$tmp/$name.json.err")" ]; then
				failed "$f: validate reports $(wc -l < "$tmp/$name.validate.json") problems, parse $(wc -l < "$tmp/$name.json.err")"
			fi
		elif [ "$rc" -ne 0 ] || [ "$vrc" -ne 0 ]; then
			failed "$f: clean, but parse exits $rc and validate $vrc"
		fi

		# the JSON Lines: one object per line, each with a known type
		bad=$(grep -E -c -v '^\{"type":"(claim|payment|remittance)",.*\}$' "$tmp/$name.json")
		[ "$bad" -eq 0 ] || failed "$f: $bad lines of the JSON output are not claim/payment/remittance objects"

		# no patient data with --no-phi (the samples' patients are TESTPATIENT, XTEST000n)
		"$remedi" parse --format json --no-phi "$f" > "$tmp/$name.nophi" 2> /dev/null
		if grep -E -q 'TESTPATIENT|XTEST0|"birth_date"|"member_id"|"last_name"' "$tmp/$name.nophi"; then
			failed "$f: parse --no-phi still writes patient data:"
			grep -E -o 'TESTPATIENT[^"]*|XTEST0[^"]*|"birth_date"|"member_id"|"last_name"' "$tmp/$name.nophi" |
				sort -u | head -n 5 | sed 's/^/    /'
		else
			pass=$((pass + 1))
		fi

		# the XML tree validates against schemas/x12tree.xsd
		if command -v xmllint > /dev/null 2>&1; then
			"$remedi" parse --format xml "$f" > "$tmp/$name.xml" 2> /dev/null
			if xmllint --noout --nonet --schema "$xsd" "$tmp/$name.xml" > "$tmp/$name.xmllint" 2>&1; then
				pass=$((pass + 1))
				echo "ok $f: parse --format xml validates against x12tree.xsd"
			else
				failed "$f: parse --format xml does not validate against x12tree.xsd:"
				head -n 10 "$tmp/$name.xmllint" | sed 's/^/    /'
			fi
			# every segment of the file is in the tree
			segs=$(grep -c '<segment id=' "$tmp/$name.xml")
			want=$(tr -d '\n' < "$f" | tr '~' '\n' | grep -c .)
			[ "$segs" -eq "$want" ] || failed "$f: the XML tree has $segs segments, the file $want"
		else
			failed "xmllint not found (libxml2-utils; make deps installs it)"
		fi
	done
	[ "$n" -gt 0 ] || failed "no samples/*.x12"
	# golden files whose sample is gone
	for g in "$golden"/*.json; do
		[ -f "$g" ] || continue
		base=${g##*/}
		base=${base%.json}
		base=${base%.validate}
		[ -f "$src/samples/$base.x12" ] || failed "$g: no samples/$base.x12 (stale golden file)"
	done
}

# One summary line per JSON record, from `remedi parse --format json` lines
# (the writer puts the record's own fields before any nested object, so the
# first "id"/"claim_id"/"charge"/"paid" of a line is the record's).
summarise() {
	awk -v file="$1" '
	function str(key,    i, s) {
		i = index($0, "\"" key "\":\"")
		if (i == 0) return "-"
		s = substr($0, i + length(key) + 4)
		return substr(s, 1, index(s, "\"") - 1)
	}
	function num(key,    i, s) {
		i = index($0, "\"" key "\":")
		if (i == 0) return "-"
		s = substr($0, i + length(key) + 3)
		match(s, /^[0-9]+/)
		return RSTART ? substr(s, 1, RLENGTH) : "-"
	}
	{
		t = str("type")
		if (t == "claim") {
			lines = gsub(/\{"lx":/, "&")
			print file "\tclaim\t" str("id") "\t" str("charge") "\t" str("line_total") "\t" lines "\t" num("errors")
		} else if (t == "payment") {
			lines = gsub(/\{"offset":/, "&")
			print file "\tpayment\t" str("claim_id") "\t" str("charge") "\t" str("paid") "\t" lines "\t" num("errors")
		} else if (t == "remittance") {
			print file "\tremittance\t" str("trace_number") "\t" str("total_paid") "\t" str("claims_paid") "\t" num("claims") "\t-"
		} else {
			print file "\tUNKNOWN\t" substr($0, 1, 40)
		}
	}'
}

corpus() {
	manifest=$corpus/MANIFEST.tsv
	if [ ! -f "$manifest" ]; then
		echo "SKIP: $manifest not found (the shared corpus is optional)"
		exit 77
	fi
	awk -F'\t' 'NR > 1 && ($6 == "837P" || $6 == "837I" || $6 == "835") && $7 ~ /^005010/ && $10 ~ /^valid/ { print $1 }' \
		"$manifest" > "$tmp/files"
	{
		printf '# remedi parse --format json over the 5010 837P/837I/835 files of ../shared/corpus marked valid\n'
		printf '# or valid-with-warning in MANIFEST.tsv: one line per record (tests/ig/golden.sh corpus).\n'
		printf '# file\ttype\tid (CLM01 / CLP01 / TRN02)\tcharge (CLM02 / CLP03 / BPR02)\tline total / CLP04 / sum CLP04\tlines (claims)\terrors\n'
	} > "$tmp/corpus.tsv"
	n=0
	while read -r f; do
		n=$((n + 1))
		(cd "$corpus" && "$remedi" parse --format json -q "$f") > "$tmp/one.json" 2> "$tmp/one.err"
		rc=$?
		if [ "$rc" -gt 1 ] || [ -s "$tmp/one.err" ]; then
			failed "$f: remedi parse exits $rc or writes to stderr with -q:"
			sed 's/^/    /' "$tmp/one.err" | head -n 5
		fi
		if [ ! -s "$tmp/one.json" ]; then
			failed "$f: no records"
		fi
		summarise "$f" < "$tmp/one.json" >> "$tmp/corpus.tsv"
	done < "$tmp/files"
	[ "$n" -gt 0 ] || failed "no 5010 837/835 rows in $manifest"
	compare "$tmp/corpus.tsv" "$golden/corpus.tsv" "corpus summary of $n files"
}

case $mode in
samples) samples ;;
corpus) corpus ;;
all)
	samples
	corpus ;;
*)
	echo "golden.sh: MODE is samples, corpus or all, not '$mode'" >&2
	exit 2 ;;
esac

[ "$update" = 1 ] && echo "golden $mode: $updated files rewritten"
echo "golden $mode: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
