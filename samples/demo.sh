#!/bin/sh
# samples/demo.sh - the `make demo` walk-through: check the synthetic oncology
# samples with remedi and show what a claim file looks like inside.
#
#   BUILD=build sh samples/demo.sh      (from the repository root; make demo does this)
#
# Steps: make a gzip copy of the 837P under $BUILD/samples/ (generated, never
# committed), run `remedi validate --fail-on warning` on every samples/*.x12
# file and on that copy, run `remedi check` (the oncology edits) on the clean
# samples and on the scenario claims of samples/edits/, print the first 15
# segments of the 837P, then decode the 837P claims and the 835 payments with
# `remedi parse` (JSON Lines), then the claim store loop: submit the 837s,
# import the 835 (twice: the second load changes nothing), and the denial,
# underpayment, aging and summary reports; the 999 for a faulty 837P
# and its 277CA (remedi ack), read back (parse) and recorded (remedi acks), and the
# rejections report; then the denial dashboard (one HTML file) of that store
# and of the reconciliation scenarios of samples/remit, under $BUILD/samples/,
# their paths printed at the end.
# Exit status: 0 every file validates with no error and no warning, 1 one does
# not, 2 the demo cannot run at all (no binary, no gzip).

set -u

BUILD=${BUILD:-build}

# Work from the repository root whatever the caller's directory.
cd "$(dirname "$0")/.." || exit 2

REMEDI="$BUILD/cli/remedi"
GZ_DIR="$BUILD/samples"
GZ_COPY="$GZ_DIR/oncology-837p.x12.gz"

die() {
	echo "demo: $*" >&2
	exit 2
}

[ -x "$REMEDI" ] || die "$REMEDI not found: build first with 'make build' (or 'meson compile -C $BUILD')"
command -v gzip >/dev/null 2>&1 || die "gzip is not installed"

echo "remedi demo: synthetic oncology claims (837P, 837I) and a remittance (835)."
echo "All names, member ids and provider numbers in these files are made up."
echo

echo "== make a gzip copy of the 837P: $GZ_COPY"
mkdir -p "$GZ_DIR" || die "cannot create $GZ_DIR"
gzip -c -n samples/oncology-837p.x12 >"$GZ_COPY" || die "gzip failed writing $GZ_COPY"
echo

checked=0
failed=""
for f in samples/*.x12 "$GZ_COPY"; do
	echo "== remedi validate $f"
	if "$REMEDI" validate --fail-on warning "$f"; then
		:
	else
		failed="$failed $f"
	fi
	checked=$((checked + 1))
	echo
done

# The claim scrubber: the oncology edits on the clean samples (nothing to fix)
# and on the scenario claims of samples/edits/ (each scenario and its clean
# variant; samples/edits/expected.tsv says what each claim must show).
echo "== remedi check samples/oncology-837p.x12 samples/oncology-837i.x12 (clean claims)"
if ! "$REMEDI" check samples/oncology-837p.x12 samples/oncology-837i.x12; then
	failed="$failed check:clean-samples"
fi
echo
TABLES="--ptp samples/edits/tables/ptp-practitioner-synthetic.txt --mue samples/edits/tables/mue-practitioner-synthetic.csv --crosswalk samples/edits/tables/crosswalk-synthetic.csv"
echo "== remedi check $TABLES samples/edits/scenarios-837p.x12 samples/edits/scenarios-837i.x12"
echo "   (what a coder acts on: each claim with its findings, the line, the rule and the fix;"
echo "    the PTP, MUE and crosswalk tables here are small synthetic files in the CMS layouts)"
# shellcheck disable=SC2086
"$REMEDI" check $TABLES samples/edits/scenarios-837p.x12 samples/edits/scenarios-837i.x12
rc=$?
# findings are the point here (exit 1); anything else means the check could not run
[ $rc -le 1 ] || failed="$failed check:scenarios(exit $rc)"
echo

SEGS="$GZ_DIR/oncology-837p.segments"
echo "== remedi segments samples/oncology-837p.x12 (first 15 segments)"
if "$REMEDI" segments samples/oncology-837p.x12 >"$SEGS"; then
	head -n 15 "$SEGS"
	echo "... ($(wc -l <"$SEGS" | tr -d ' ') segments in all; the full list is in $SEGS)"
else
	failed="$failed segments:samples/oncology-837p.x12"
fi
echo

# What remedi decodes: claims and service lines, payments and adjustments
# (for people here; `remedi parse` without --format gives JSON Lines).
for f in samples/oncology-837p.x12 samples/oncology-835.x12; do
	echo "== remedi parse --format text $f"
	if ! "$REMEDI" parse --format text "$f"; then
		failed="$failed parse:$f"
	fi
	echo
done

# ---- acknowledgments: what a clearinghouse sends back (remedi ack), and
# remedi reading it (remedi parse).  samples/acks/ holds an 837P whose first
# claim does not balance (CLM02 27000.00, lines 27235.00): its 999 rejects the
# set and names the claim and the element.
FAULTY=samples/acks/oncology-837p-unbalanced.x12
ACK999="$GZ_DIR/oncology-837p-unbalanced.999"
echo "== remedi ack $FAULTY (the 999, reproducible with --timestamp)"
"$REMEDI" ack --timestamp 202503061200 -o "$ACK999" "$FAULTY"
rc=$?
# a rejection is the point here (exit 1); anything else means ack could not run
[ $rc -eq 1 ] || failed="$failed ack:$FAULTY(exit $rc)"
cat "$ACK999"
echo
echo "== remedi validate $ACK999 (what remedi writes, remedi validates)"
"$REMEDI" validate "$ACK999" || failed="$failed validate:$ACK999"
echo
echo "== remedi parse --format text $ACK999"
"$REMEDI" parse --format text "$ACK999" || failed="$failed parse:$ACK999"
echo
ACK277="$GZ_DIR/oncology-837p-unbalanced.277"
echo "== remedi ack --type 277ca $FAULTY (per claim: accepted A1/A2, or rejected A3/A6/A7/A8 and why)"
"$REMEDI" ack --type 277ca --timestamp 202503061200 -o "$ACK277" "$FAULTY"
rc=$?
[ $rc -eq 1 ] || failed="$failed ack-277ca:$FAULTY(exit $rc)"
grep -E '^(TRN\*2|STC)' "$ACK277"
"$REMEDI" validate -q "$ACK277" || failed="$failed validate:$ACK277"
echo "== remedi parse --format text $ACK277"
"$REMEDI" parse --format text "$ACK277" || failed="$failed parse:$ACK277"
echo

# ---- the claim store: submit -> remit -> reports (remedi submit/remit/report).
# A fresh store under $BUILD/samples each run; the 837P and 837I are recorded
# as sent on 2025-03-06, the 835 answers the 837P, the fee schedule says what
# each line should have paid; aging counts to 2025-05-01.
DB="$GZ_DIR/demo.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
store_step() {
	echo "== remedi $*"
	if ! "$REMEDI" "$@" --db "$DB"; then
		failed="$failed $1"
	fi
	echo
}
store_step codes import fee-schedule samples/remit/fee-schedule.csv
store_step codes import ptp samples/edits/tables/ptp-practitioner-synthetic.txt
store_step codes import mue samples/edits/tables/mue-practitioner-synthetic.csv
store_step codes import ndc-hcpcs samples/edits/tables/crosswalk-synthetic.csv
store_step codes status
store_step submit --date 20250306 samples/oncology-837p.x12 samples/oncology-837i.x12
store_step remit samples/oncology-835.x12
store_step remit samples/oncology-835.x12
store_step report denials
store_step report underpayments
store_step report aging --as-of 20250501
store_step report summary
# the faulty 837P sent too, and its 999 recorded: its claims are rejected, not waiting
echo "== remedi submit --date 20250306 $FAULTY --db $DB (exit 1: a claim with an error, recorded all the same)"
"$REMEDI" submit --date 20250306 "$FAULTY" --db "$DB"
[ $? -eq 1 ] || failed="$failed submit:$FAULTY"
echo
echo "== remedi acks $ACK999 $ACK277 --db $DB"
"$REMEDI" acks "$ACK999" "$ACK277" --db "$DB"
[ $? -eq 1 ] || failed="$failed acks"
echo
store_step report rejections --as-of 20250501
DASH="$GZ_DIR/dashboard.html"
store_step report dashboard --as-of 20250501 -o "$DASH"
# the reconciliation scenarios (samples/remit/README.md): more denials, weeks and payers to look at
SCEN_DB="$GZ_DIR/scenarios.db"
SCEN_DASH="$GZ_DIR/dashboard-scenarios.html"
rm -f "$SCEN_DB" "$SCEN_DB-wal" "$SCEN_DB-shm"
echo "== the reconciliation scenarios of samples/remit into $SCEN_DB, and their dashboard"
if "$REMEDI" codes import fee-schedule samples/remit/fee-schedule.csv --db "$SCEN_DB" >/dev/null &&
   "$REMEDI" submit --date 20250106 samples/remit/claims-837p.x12 --db "$SCEN_DB" >/dev/null &&
   "$REMEDI" submit --date 20250120 samples/remit/resubmit-837p.x12 --db "$SCEN_DB" >/dev/null &&
   "$REMEDI" remit samples/remit/era-01.x12 samples/remit/era-02.x12 samples/remit/era-03.x12 \
	samples/remit/era-medicare.x12 samples/remit/era-medigap.x12 --db "$SCEN_DB" >/dev/null &&
   "$REMEDI" report dashboard --as-of 20250415 --db "$SCEN_DB" -o "$SCEN_DASH"; then
	echo "   written"
else
	failed="$failed dashboard:scenarios"
fi
echo
# ---- end of the claim store block

if [ -n "$failed" ]; then
	echo "DEMO FAILED: these did not pass:$failed" >&2
	echo "Each problem is listed above under its '==' heading, with the byte offset and segment." >&2
	exit 1
fi
echo "Demo finished: all $checked files are valid X12 (0 errors, 0 warnings); the scenario claims show their edits."
echo "Denial dashboard (open it in a browser; it loads nothing from anywhere):"
echo "  $(cd "$(dirname "$DASH")" && pwd)/$(basename "$DASH")              the sample loop above"
echo "  $(cd "$(dirname "$SCEN_DASH")" && pwd)/$(basename "$SCEN_DASH")    the reconciliation scenarios"
exit 0
