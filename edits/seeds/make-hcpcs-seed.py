#!/usr/bin/env python3
"""Rebuild edits/seeds/hcpcs.tsv from the public-domain CMS HCPCS oncology
subset (../shared/codesets/hcpcs_2020_oncology_subset.tsv, provenance in
PROVENANCE_oncology-edits.md) plus the dated facts of the catalogue
(research/oncology-edits.md F8, F11, F12, DRUG-006) that the 2020 file
predates.  Keeps only facts: code, kind, dates, billing unit.  Run by hand:
  python3 edits/seeds/make-hcpcs-seed.py ../shared/codesets/hcpcs_2020_oncology_subset.tsv > edits/seeds/hcpcs.tsv
"""
import csv, re, sys

UNIT = re.compile(r'(?:per |up to )?([0-9][0-9,.]*)\s*(mg|gram|microgram|mcg|units|unit|iu|ml|cc|millicurie|microcurie|million units)\b')

def dose(desc):
    m = None
    for m in UNIT.finditer(desc.lower()):
        pass
    if not m:
        return ''
    return m.group(1).replace(',', '') + ' ' + m.group(2)

rows = []
with open(sys.argv[1], newline='') as f:
    for r in csv.DictReader(f, delimiter='\t'):
        rows.append([r['hcpc'], 'm' if r['kind'] == 'modifier' else 'c', r['add_dt'], r['act_eff_dt'],
                     r['term_dt'], dose(r['long']) if r['kind'] == 'code' else ''])
# facts after the 2020 vintage (catalogue F8, F12, DRUG-006): later file rows replace these
later = {
    'JZ': ['JZ', 'm', '20230101', '20230101', '', ''],
    'J2506': ['J2506', 'c', '20220101', '20220101', '', '0.5 mg'],
}
for r in rows:
    if r[0] == 'JG':
        r[4] = '20241231'
known = {r[0] for r in rows}
rows += [v for k, v in later.items() if k not in known]
rows.sort(key=lambda r: (r[0], r[2]))
print('# HCPCS Level II seed (CMS, public domain): code, kind (c code / m modifier), add date,')
print('# action effective date, termination date (CCYYMMDD, blank = none), billing unit.')
print('# Built by make-hcpcs-seed.py from the CMS 2020 annual file subset plus later dated facts')
print('# (JZ added 2023-01-01, JG terminated 2024-12-31, J2506 added 2022-01-01).')
for r in rows:
    print('\t'.join(r))
