#!/bin/sh
# check-gen.sh GEN REMEDI X12SPLIT - quick self-check of the 837P generator:
# several output shapes, each deterministic, each clean under
# `remedi validate --fail-on warning` (plain and gzip on stdin), CLM02 equal to
# the sum of its SV102, and x12split counting as many segments as remedi
# (unwrapped shapes).
set -eu
GEN=$1 REMEDI=$2 SPLIT=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

i=0
for args in "--claims 300" \
	    "--claims 500 --sets 7 --interchanges 3 --seed 7" \
	    "--claims 200 --wrap 80" \
	    "--claims 250 --wrap 105 --no-newline --sets 3 --interchanges 2" \
	    "--claims 120 --wrap 8 --sets 5 --interchanges 5" \
	    "--claims 100 --no-newline --sets 2" \
	    "--size 200K --sets 4 --seed 42"; do
	i=$((i + 1))
	f=$T/g$i.x12
	# shellcheck disable=SC2086
	"$GEN" $args >"$f" || fail "gen $args"
	# shellcheck disable=SC2086
	"$GEN" $args | cmp -s - "$f" || fail "gen $args is not deterministic"
	out=$("$REMEDI" validate --fail-on warning "$f") || fail "validate ($args): $out"
	case $out in
	*": OK: 0 errors, 0 warnings;"*) ;;
	*) fail "validate ($args): $out" ;;
	esac
	if command -v gzip >/dev/null 2>&1; then
		gzip -c "$f" | "$REMEDI" validate -q --fail-on warning - || fail "validate gzip ($args)"
	fi
	# x12split reads the terminator at byte 106: plain (unwrapped) input only
	case $args in
	*--wrap*) ;;
	*)
		segs=$(printf '%s\n' "$out" | sed -n 's/.* \([0-9][0-9]*\) segments$/\1/p')
		[ "$("$SPLIT" "$f")" = "$segs" ] || fail "x12split and remedi disagree on $args"
		;;
	esac
done

# CLM02 = sum of SV102 (in cents) for every claim
"$REMEDI" segments "$T/g2.x12" | awk -F'*' '
	function cents(v,   p) {
		p = index(v, ".")
		if (p == 0) return v * 100
		return substr(v, 1, p - 1) * 100 + substr(substr(v, p + 1) "00", 1, 2)
	}
	function check() { if (clm != "" && want != got) { print "claim " clm ": CLM02 " want " != " got; bad = 1 } }
	$1 == "CLM" { check(); clm = $2; want = cents($3); got = 0 }
	$1 == "SV1" { got += cents($3) }
	$1 == "SE"  { check(); clm = "" }
	END { exit bad }' || fail "CLM02 is not the sum of the line charges"

# --size lands near its target
sz=$(wc -c <"$T/g7.x12")
if [ "$sz" -lt 180000 ] || [ "$sz" -gt 220000 ]; then
	fail "--size 200K gave $sz bytes"
fi
echo "ok: $i generator shapes validate clean"
