#!/bin/sh
# run.sh BUILD_DIR - the remedi throughput benchmark (`make bench`).
#
# For each size (MB, decimal; default "100 1000", override with BENCH_SIZES="10"):
#   1. generates bench/out/837p-<S>MB.x12 with remedi-gen837 and a gzip copy,
#      only when missing or when the generator binary or its arguments changed,
#      and checks both with `remedi validate --fail-on warning`;
#   2. warms the page cache, then runs each tool 3 times pinned to one core
#      (taskset; one gzip row on both cores, for the inflate thread) and prints
#      the best wall time as MB/s of *uncompressed* input, with the peak RSS
#      from /usr/bin/time (Debian package `time`).
#   BENCH_BEFORE=path/to/an/older/remedi adds its rows to the same run.
#   3. batch mode: the file 4 times (2 times from 1000 MB up) at -j 1 and -j 2,
#      not pinned, MB/s of the whole batch, and the speed-up; then the file
#      alone at -j 1 and -j 2 (cut at ST boundaries), validate and parse json.
#
# Wall time is taken with `date +%s%N` around the run, less the cost of
# starting an empty command the same way (measured once, best of 5), because
# /usr/bin/time's %e has only 10 ms resolution.
set -eu

BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/out
SIZES=${BENCH_SIZES:-100 1000}
RUNS=3
TIME=/usr/bin/time

die() { echo "bench: $*" >&2; exit 1; }

case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
GEN=$BUILD/bench/remedi-gen837
SPLIT=$BUILD/bench/x12split
REMEDI=$BUILD/cli/remedi
for exe in "$GEN" "$SPLIT" "$REMEDI"; do
	[ -x "$exe" ] || die "$exe is missing: run 'meson compile -C ${1:-build}' first"
done
[ -x "$TIME" ] || die "$TIME is missing: install the Debian package 'time'"
command -v gzip >/dev/null 2>&1 || die "gzip is missing"
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

# one core: the second one when there is one (the first takes most interrupts)
PIN=
if command -v taskset >/dev/null 2>&1; then
	if [ "$(nproc)" -gt 1 ] && taskset -c 1 true 2>/dev/null; then
		PIN="taskset -c 1"
	elif taskset -c 0 true 2>/dev/null; then
		PIN="taskset -c 0"
	fi
fi

case $(date +%N) in
[0-9]*) HAVE_NS=1 ;;
*) HAVE_NS=0 ;;
esac

# run_one CMD... : sets NS (wall nanoseconds), KB (peak RSS) and RC
run_one() {
	t0=$(date +%s%N)
	RC=0
	$PIN "$TIME" -f '%e %M' -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" || RC=$?
	t1=$(date +%s%N)
	# shellcheck disable=SC2046 # "%e %M": split on purpose
	set -- $(tail -n 1 "$TMP/time")
	if [ "$HAVE_NS" = 1 ]; then
		NS=$((t1 - t0))
	else
		NS=$(awk -v e="$1" 'BEGIN { printf "%.0f", e * 1e9 }')
	fi
	KB=$2
}

# best CMD... : best of $RUNS; sets BEST_NS, MAX_KB, FAILED
best() {
	BEST_NS='' MAX_KB=0 FAILED=
	i=0
	while [ $i -lt $RUNS ]; do
		run_one "$@"
		if [ "$RC" != 0 ]; then FAILED="FAILED: exit $RC"; ANY_FAIL=1; fi
		if [ -z "$BEST_NS" ] || [ "$NS" -lt "$BEST_NS" ]; then BEST_NS=$NS; fi
		if [ "$KB" -gt "$MAX_KB" ]; then MAX_KB=$KB; fi
		i=$((i + 1))
	done
	BEST_NS=$((BEST_NS - OVERHEAD_NS))
	[ "$BEST_NS" -gt 100000 ] || BEST_NS=100000
}

# ---------------------------------------------------------------- machine

echo "== machine"
echo "cpu:      $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
echo "nproc:    $(nproc)"
echo "memory:   $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)"
echo "kernel:   $(uname -sr)"
echo "compiler: $(${CC:-cc} --version 2>/dev/null | head -n 1)"
echo "remedi:   $("$REMEDI" --version 2>/dev/null | head -n 1 || true)" \
     "$(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || true)"
echo "pinning:  ${PIN:-none (taskset not available)}"
OVERHEAD_NS=0
ANY_FAIL=0
RUNS=5
best true
RUNS=3
OVERHEAD_NS=$BEST_NS
[ "$OVERHEAD_NS" -gt 100000 ] || OVERHEAD_NS=0
echo "start-up: $(awk -v n="$OVERHEAD_NS" 'BEGIN { printf "%.1f ms", n / 1e6 }') per run (subtracted)"

# ---------------------------------------------------------------- data

GEN_SUM=$(cksum <"$GEN" | cut -d ' ' -f 1)

# prepare S: sets FILE, BYTES, GZ_BYTES
prepare() {
	s=$1
	sets=$((s / 5))
	[ $sets -ge 1 ] || sets=1
	ics=$((s / 500))
	[ $ics -ge 1 ] || ics=1
	args="--size ${s}M --sets $sets --interchanges $ics --seed 1"
	FILE=$OUT/837p-${s}MB.x12
	key="gen=$GEN_SUM $args"
	if [ -f "$FILE" ] && [ -f "$FILE.gz" ] && [ -f "$FILE.stamp" ] &&
	   [ "$(sed -n 1p "$FILE.stamp")" = "$key" ] &&
	   [ "$(sed -n 2p "$FILE.stamp")" = "$(wc -c <"$FILE")" ]; then
		echo "using cached $FILE ($args)"
	else
		rm -f "$FILE" "$FILE.gz" "$FILE.stamp"
		echo "generating $FILE ($args)"
		t0=$(date +%s%N)
		# shellcheck disable=SC2086
		"$GEN" $args >"$FILE.tmp"
		t1=$(date +%s%N)
		mv "$FILE.tmp" "$FILE"
		if [ "$HAVE_NS" = 1 ]; then
			awk -v b="$(wc -c <"$FILE")" -v ns=$((t1 - t0)) \
			    'BEGIN { printf "  generator: %.0f MB/s (writing to the file system)\n", b / 1e6 / (ns / 1e9) }'
		fi
		gzip -c -6 "$FILE" >"$FILE.gz.tmp"
		mv "$FILE.gz.tmp" "$FILE.gz"
		v=$("$REMEDI" validate --fail-on warning "$FILE" "$FILE.gz") ||
			die "generated file does not validate clean: $v"
		printf '%s\n' "$v" | sed 's/^/  /'
		printf '%s\n%s\n' "$key" "$(wc -c <"$FILE")" >"$FILE.stamp"
	fi
	BYTES=$(wc -c <"$FILE")
	GZ_BYTES=$(wc -c <"$FILE.gz")
}

# ---------------------------------------------------------------- timing

row() { printf '%-36s %9s %10s %11s  %s\n' "$@"; }

# measure LABEL CMD... : one table row
measure() {
	label=$1
	shift
	best "$@"
	mbs=$(awk -v b="$BYTES" -v ns="$BEST_NS" 'BEGIN { printf "%.0f", b / 1e6 / (ns / 1e9) }')
	row "$label" "$(awk -v ns="$BEST_NS" 'BEGIN { printf "%.3f", ns / 1e9 }')" "$mbs" \
	    "$(awk -v k="$MAX_KB" 'BEGIN { printf "%.1f", k / 1024 }')" "$FAILED"
	LAST_MBS=$mbs
	LAST_KB=$MAX_KB
}

verdict() { # name value op limit
	if awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { exit !(op == ">=" ? v >= l : v < l) }'; then
		echo "  $1: $2 $3 $4  met"
	else
		echo "  $1: $2 $3 $4  NOT MET"
	fi
}

for s in $SIZES; do
	echo
	echo "== $s MB"
	prepare "$s"
	cat "$FILE" "$FILE.gz" >/dev/null # warm the page cache
	echo "input: $FILE, $BYTES bytes; gzip -6 copy $GZ_BYTES bytes"
	echo "best of $RUNS, one core, warm cache; MB/s = uncompressed bytes / 10^6 / s"
	echo
	row "tool" "time (s)" "MB/s" "RSS (MiB)" ""
	row "------------------------------------" "---------" "----------" "-----------" ""
	measure "cat FILE >/dev/null" cat "$FILE"
	measure "wc -l FILE" wc -l "$FILE"
	measure "x12split FILE (memchr baseline)" "$SPLIT" "$FILE"
	measure "remedi validate --level 1 FILE" "$REMEDI" validate -q --level 1 "$FILE"
	v_plain=$LAST_MBS rss_max=$LAST_KB
	measure "remedi validate --level 1 FILE.gz" "$REMEDI" validate -q --level 1 "$FILE.gz"
	v_gz=$LAST_MBS
	if [ "$LAST_KB" -gt "$rss_max" ]; then rss_max=$LAST_KB; fi
	measure "remedi validate FILE (SNIP 1-4)" "$REMEDI" validate -q "$FILE"
	v_full=$LAST_MBS
	if [ "$LAST_KB" -gt "$rss_max" ]; then rss_max=$LAST_KB; fi
	measure "remedi validate FILE.gz (SNIP 1-4)" "$REMEDI" validate -q "$FILE.gz"
	v_full_gz=$LAST_MBS
	if [ "$LAST_KB" -gt "$rss_max" ]; then rss_max=$LAST_KB; fi
	measure "  the same, zlib inflate" env REMEDI_INFLATE=zlib "$REMEDI" validate -q "$FILE.gz"
	measure "  the same, --level 1, zlib inflate" env REMEDI_INFLATE=zlib "$REMEDI" validate -q --level 1 "$FILE.gz"
	# the inflate thread on the other core: not pinned
	PIN_SAVED=$PIN PIN=
	measure "  validate FILE.gz, both cores" "$REMEDI" validate -q "$FILE.gz"
	PIN=$PIN_SAVED
	if "$REMEDI" check --help >/dev/null 2>&1; then
		# the generated claims carry findings (Z51.11 second-listed, 96401 with supportive
		# drugs only): exit 1 is the expected answer here, 2 and up a failure
		measure "remedi check FILE (SNIP 1-4 + edits)" sh -c '"$0" check "$1"; [ $? -le 1 ]' "$REMEDI" "$FILE"
		v_check=$LAST_MBS
		if [ "$LAST_KB" -gt "$rss_max" ]; then rss_max=$LAST_KB; fi
	fi
	measure "remedi parse --format json >/dev/null" "$REMEDI" parse -q --format json "$FILE"
	if [ "$LAST_KB" -gt "$rss_max" ]; then rss_max=$LAST_KB; fi
	measure "zcat FILE.gz >/dev/null" zcat "$FILE.gz"
	if command -v igzip >/dev/null 2>&1; then
		measure "igzip -dc FILE.gz >/dev/null" igzip -dc "$FILE.gz"
	fi
	if [ -n "${BENCH_BEFORE:-}" ]; then
		# an older build beside this one, in the same run (BENCH_BEFORE=path/to/remedi)
		measure "before: validate --level 1 FILE" "$BENCH_BEFORE" validate -q --level 1 "$FILE"
		measure "before: validate FILE (SNIP 1-4)" "$BENCH_BEFORE" validate -q "$FILE"
		measure "before: validate FILE.gz (SNIP 1-4)" "$BENCH_BEFORE" validate -q "$FILE.gz"
		measure "before: parse --format json" "$BENCH_BEFORE" parse -q --format json "$FILE"
	fi
	measure "remedi segments FILE >/dev/null" "$REMEDI" segments "$FILE"
	if [ "$LAST_KB" -gt "$rss_max" ]; then rss_max=$LAST_KB; fi
	# batch mode: the same file N times, one core against both (not pinned);
	# MB/s of the whole batch
	copies=4
	[ "$s" -lt 1000 ] || copies=2
	batch=
	for i in $(seq "$copies"); do batch="$batch $FILE"; done
	BYTES_SAVED=$BYTES PIN_SAVED=$PIN
	BYTES=$((BYTES * copies)) PIN=
	# shellcheck disable=SC2086
	measure "validate -j 1, ${copies} x FILE" "$REMEDI" validate -q -j 1 $batch
	b_j1=$LAST_MBS
	# shellcheck disable=SC2086
	measure "validate -j 2, ${copies} x FILE" "$REMEDI" validate -q -j 2 $batch
	b_j2=$LAST_MBS rss_j2=$LAST_KB
	# shellcheck disable=SC2086
	measure "parse json -j 2, ${copies} x FILE" "$REMEDI" parse -q -j 2 $batch
	if [ "$LAST_KB" -gt "$rss_j2" ]; then rss_j2=$LAST_KB; fi
	BYTES=$BYTES_SAVED
	# one file cut at ST boundaries (docs/batch.md): -j 1 against -j 2, not pinned
	measure "validate -j 1, one FILE" "$REMEDI" validate -q -j 1 "$FILE"
	s_j1=$LAST_MBS
	measure "validate -j 2, one FILE (split)" "$REMEDI" validate -q -j 2 "$FILE"
	s_j2=$LAST_MBS
	if [ "$LAST_KB" -gt "$rss_j2" ]; then rss_j2=$LAST_KB; fi
	measure "parse json -j 1, one FILE" "$REMEDI" parse -q -j 1 "$FILE"
	p_j1=$LAST_MBS
	measure "parse json -j 2, one FILE (split)" "$REMEDI" parse -q -j 2 "$FILE"
	p_j2=$LAST_MBS
	if [ "$LAST_KB" -gt "$rss_j2" ]; then rss_j2=$LAST_KB; fi
	measure "validate -j 2, one FILE.gz (split)" "$REMEDI" validate -q -j 2 "$FILE.gz"
	if [ "$LAST_KB" -gt "$rss_j2" ]; then rss_j2=$LAST_KB; fi
	PIN=$PIN_SAVED
	echo
	# shellcheck disable=SC2086
	best "$GEN" $args
	awk -v b="$BYTES" -v ns="$BEST_NS" \
	    'BEGIN { printf "generator: remedi-gen837 %s >/dev/null: %.0f MB/s\n", ARGV[1], b / 1e6 / (ns / 1e9) }' \
	    "$args"
	echo "targets ($s MB):"
	verdict "validate --level 1 plain, MB/s (target; goal 2000)" "$v_plain" ">=" 1000
	verdict "validate --level 1 gzip, MB/s" "$v_gz" ">=" 150
	verdict "validate SNIP 1-4 plain, MB/s (target; goal 500)" "$v_full" ">=" 200
	if [ -n "${v_check:-}" ]; then
		verdict "check plain, MB/s (target; goal 500)" "$v_check" ">=" 200
		verdict "check time / validate time (edits add at most 15%)" \
			"$(awk -v a="$v_full" -v b="$v_check" 'BEGIN { printf "%.2f", a / b }')" "<" 1.15
	fi
	verdict "validate SNIP 1-4 gzip time / plain time" \
		"$(awk -v a="$v_full" -v b="$v_full_gz" 'BEGIN { printf "%.2f", a / b }')" "<" 1.2
	verdict "remedi peak RSS, MiB" "$(awk -v k="$rss_max" 'BEGIN { printf "%.1f", k / 1024 }')" "<" 16
	verdict "batch: -j 2 speed-up over -j 1 (files side by side)" \
		"$(awk -v a="$b_j1" -v b="$b_j2" 'BEGIN { printf "%.2f", b / a }')" ">=" 1.7
	verdict "split: validate -j 2 speed-up over -j 1 (one file)" \
		"$(awk -v a="$s_j1" -v b="$s_j2" 'BEGIN { printf "%.2f", b / a }')" ">=" 1.7
	verdict "split: parse json -j 2 speed-up over -j 1 (one file)" \
		"$(awk -v a="$p_j1" -v b="$p_j2" 'BEGIN { printf "%.2f", b / a }')" ">=" 1.7
	verdict "batch and split: peak RSS at -j 2, MiB" "$(awk -v k="$rss_j2" 'BEGIN { printf "%.1f", k / 1024 }')" "<" 32
done
if [ "$ANY_FAIL" != 0 ]; then
	die "a timed command failed (see the rows marked FAILED)"
fi
