#!/bin/sh
# check-cli.sh [--update] REMEDI SOURCE_ROOT - `remedi check` end to end on
# the scenario samples (samples/edits/, with the synthetic PTP, MUE and
# crosswalk tables of samples/edits/tables/):
#   - JSON Lines = tests/edits/golden/scenarios.json, byte for byte (--update
#     or REMEDI_GOLDEN_UPDATE=1 rewrites it; read the diff before committing)
#   - per claim, the errors and warnings are exactly samples/edits/expected.tsv
#   - text, CSV and SARIF carry the same findings; SARIF is SARIF 2.1.0 JSON
#   - stdin and gzip give the same findings as the file
#   - exit statuses: 0 clean, 1 findings at --fail-on, 2 unreadable, 3 usage
#     or a broken rule pack (named file:line)
#   - a SNIP result the catalogue names is reported once, under its id
#   - no patient name, member id or birth date in any output
set -u
update=${REMEDI_GOLDEN_UPDATE:-0}
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
remedi=${1:?usage: check-cli.sh [--update] REMEDI SOURCE_ROOT}
src=${2:?usage: check-cli.sh [--update] REMEDI SOURCE_ROOT}
case $remedi in /*) ;; *) remedi=$(pwd)/$remedi ;; esac
case $src in /*) ;; *) src=$(pwd)/$src ;; esac
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

cd "$src/samples/edits" || exit 1
T="--ptp tables/ptp-practitioner-synthetic.txt --mue tables/mue-practitioner-synthetic.csv --crosswalk tables/crosswalk-synthetic.csv"
files="scenarios-837i.x12 scenarios-837p.x12"
golden=$src/tests/edits/golden/scenarios.json

# shellcheck disable=SC2086
"$remedi" check $T --format json $files >"$tmp/out.json"
[ $? -eq 1 ] || bad "check on the scenarios should exit 1 (errors found)"
if [ "$update" = 1 ]; then
	cp "$tmp/out.json" "$golden" && echo "updated $golden"
elif ! cmp -s "$tmp/out.json" "$golden"; then
	bad "JSON findings differ from $golden (REMEDI_GOLDEN_UPDATE=1 to rewrite):"
	diff "$golden" "$tmp/out.json" | head -20 >&2
fi

# shellcheck disable=SC2086
"$remedi" check $T --format csv $files >"$tmp/out.csv"
"$remedi" check $T $files >"$tmp/out.txt"
"$remedi" check $T --format sarif $files >"$tmp/out.sarif"
cat scenarios-837p.x12 | "$remedi" check $T --format json - >"$tmp/stdin.json"
gzip -c scenarios-837p.x12 >"$tmp/p.x12.gz"
"$remedi" check $T --format json "$tmp/p.x12.gz" >"$tmp/gz.json"
"$remedi" check $T --format json scenarios-837p.x12 >"$tmp/p.json"

python3 - "$tmp" expected.tsv <<'PY' || fail=1
import collections, csv, json, sys
tmp, expected = sys.argv[1], sys.argv[2]
ok = True
def bad(m):
    global ok
    ok = False
    print("FAIL:", m, file=sys.stderr)
rows = [json.loads(l) for l in open(tmp + "/out.json")]
need = {"rule", "severity", "claim", "line", "segment", "offset", "message", "fix"}
for r in rows:
    if not need <= set(r):
        bad("JSON line lacks %s" % (need - set(r)))
        break
got = collections.defaultdict(set)
for r in rows:
    if r["severity"] != "info":
        got[r["claim"]].add(r["rule"])
for line in open(expected):
    if line.startswith("#"):
        continue
    cid, scen, exp = line.rstrip("\n").split("\t")
    if set(exp.split()) != got.get(cid, set()):
        bad("%s (%s): expected %s, got %s" % (cid, scen, sorted(set(exp.split())), sorted(got.get(cid, set()))))
csv_rows = list(csv.DictReader(open(tmp + "/out.csv")))
if len(csv_rows) != len(rows) or [c["rule"] for c in csv_rows] != [r["rule"] for r in rows]:
    bad("CSV rows differ from the JSON lines")
for c, r in zip(csv_rows, rows):
    if c["claim"] != (r["claim"] or "") or c["line"] != ("" if r["line"] is None else str(r["line"])) or c["offset"] != str(r["offset"]):
        bad("CSV row differs: %s" % c)
        break
sarif = json.load(open(tmp + "/out.sarif"))
if sarif.get("version") != "2.1.0" or len(sarif["runs"]) != 1:
    bad("SARIF version/runs")
run = sarif["runs"][0]
res = run["results"]
ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
if len(res) != len(rows) or [x["ruleId"] for x in res] != [r["rule"] for r in rows]:
    bad("SARIF results differ from the JSON lines")
for x in res:
    reg = x["locations"][0]["physicalLocation"]["region"]
    if x["ruleId"] not in ids or x["level"] not in ("error", "warning", "note") or "startLine" not in reg:
        bad("SARIF result incomplete: %s" % x)
        break
text = open(tmp + "/out.txt").read()
for r in rows:
    if r["claim"] and ("claim %s " % r["claim"]) not in text:
        bad("text report has no group for claim %s" % r["claim"])
        break
if text.count(" fix: ") != sum(1 for r in rows if r["fix"]):
    bad("text report: one fix line per finding with a fix")
strip = lambda f: [(d["rule"], d["claim"], d["line"], d["offset"]) for d in map(json.loads, open(tmp + f))]
if strip("/stdin.json") != strip("/p.json") or strip("/gz.json") != strip("/p.json"):
    bad("stdin or gzip findings differ from the file's")
for f in ("/out.json", "/out.csv", "/out.txt", "/out.sarif"):
    s = open(tmp + f).read()
    for phi in ("TESTPATIENT", "ECHO", "XTEST", "19600101"):
        if phi in s:
            bad("%s holds patient data (%s)" % (f, phi))
sys.exit(0 if ok else 1)
PY

# exit statuses
"$remedi" check "$src/samples/oncology-837p.x12" >/dev/null; rc=$?
[ $rc -eq 0 ] || bad "a clean file should exit 0, not $rc"
# shellcheck disable=SC2086
"$remedi" check $T --fail-on error scenarios-837i.x12 >/dev/null; rc=$?
[ $rc -eq 1 ] || bad "--fail-on error with errors should exit 1, not $rc"
"$remedi" check /nonexistent/file.x12 >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || bad "an unreadable file should exit 2, not $rc"
"$remedi" check --format yaml scenarios-837i.x12 >/dev/null 2>&1; rc=$?
[ $rc -eq 3 ] || bad "a bad option should exit 3, not $rc"
printf '<rulepack name="x" version="1">\n<rule id="ONC-MOD-001" severity="fatal"/>\n</rulepack>\n' >"$tmp/bad.xml"
"$remedi" check --rules "$tmp/bad.xml" scenarios-837i.x12 >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] || bad "a broken rule pack should exit 3, not $rc"
grep -q "bad.xml:2:" "$tmp/err" || bad "a broken rule pack is named file:line: $(cat "$tmp/err")"
printf '96413\t36591\t\t2015XX01\t*\t0\tx\n' >"$tmp/bad-ptp.txt"
"$remedi" check --ptp "$tmp/bad-ptp.txt" scenarios-837i.x12 >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] && grep -q "bad-ptp.txt:1:" "$tmp/err" || bad "a malformed PTP row is an error with file:line"
# a pack that turns the clean-file warning off and an error into info
printf '<rulepack name="quiet" version="1">\n<rule id="ONC-MOD-007" severity="info"/>\n<rule id="ONC-VALID-003" enabled="false"/>\n</rulepack>\n' >"$tmp/quiet.xml"
"$remedi" check --rules "$tmp/quiet.xml" --format json scenarios-837i.x12 >"$tmp/q.json"; rc=$?
[ $rc -eq 1 ] || bad "S03 errors remain with the quiet pack: exit 1, not $rc"
grep -q '"rule":"ONC-VALID-003"' "$tmp/q.json" && bad "a disabled rule still reports"
grep -q '"rule":"ONC-MOD-007","severity":"info"' "$tmp/q.json" || bad "a severity override is not applied"

# CLM02 vs the line charges: once, as ONC-CLM-002
sed 's/^CLM\*S02-CLEAN\*[0-9.]*/CLM*S02-CLEAN*1/' scenarios-837p.x12 >"$tmp/clm.x12"
"$remedi" check --format json "$tmp/clm.x12" >"$tmp/clm.json"
[ "$(grep -c '"rule":"ONC-CLM-002"' "$tmp/clm.json")" = 1 ] || bad "CLM02 imbalance should be one ONC-CLM-002"
grep -q '"rule":"X12-701"' "$tmp/clm.json" && bad "CLM02 imbalance reported twice (X12-701 too)"
"$remedi" validate --format json "$tmp/clm.x12" | grep -q '"code":"X12-701"' || bad "validate still reports X12-701"

# remedi rules
[ "$("$remedi" rules --format json | wc -l)" -ge 45 ] || bad "remedi rules lists fewer than 45 rules"
"$remedi" rules --payer commercial | grep -q "ONC-MOD-001" && bad "ONC-MOD-001 (Medicare) listed for commercial"
"$remedi" rules --payer medicaid --format json | grep -q '"rule":"ONC-DRUG-001","family":"DRUG","severity":"error"' || bad "ONC-DRUG-001 is an error for Medicaid"
# docs/rules.md lists every registry rule with its default severity
"$remedi" rules --format json | sed 's/^{"rule":"\([^"]*\)","family":"[^"]*","severity":"\([^"]*\)".*/\1 \2/' |
while read -r id sev; do
	grep -q "^| $id | $sev |" "$src/docs/rules.md" || { echo "FAIL: docs/rules.md has no row '| $id | $sev |'" >&2; exit 1; }
done || fail=1
exit $fail
