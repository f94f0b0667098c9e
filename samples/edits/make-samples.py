#!/usr/bin/env python3
"""Writes the synthetic oncology scenario files of samples/edits/ (research
oncology-edits.md section 4, S01-S18 with clean variants) and expected.tsv,
the findings each claim must produce (errors and warnings; the golden test
checks it).  All names, ids and NDCs are made up (labeler 99999 does not
exist; the matching rows are in tables/crosswalk-synthetic.csv).

    python3 samples/edits/make-samples.py      (from the repository root)
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def ndc(n):
    return "99999%04d01" % n


def L(proc, charge, units, ptr="1", ndc_no=None, vials=None, extra="", pos="", dos=None):
    """One 837P service line."""
    return dict(proc=proc, charge=charge, units=units, ptr=ptr, ndc=ndc_no, vials=vials, extra=extra,
                pos=pos, dos=dos)


def I(rev, proc, charge, units, ndc_no=None, vials=None, dos=None):
    """One 837I service line."""
    return dict(rev=rev, proc=proc, charge=charge, units=units, ndc=ndc_no, vials=vials, extra="", dos=dos)


def C(cid, scenario, expect, lines, hi="Z5111,C50911", sbr09="MB", pos="11", dos="20251015", same_patient=False):
    """One claim; same_patient: under the previous claim's subscriber loop (one patient, two claims)."""
    return dict(id=cid, scenario=scenario, expect=expect, lines=lines, hi=hi, sbr09=sbr09, pos=pos, dos=dos,
                same_patient=same_patient)


PEMBRO = L("J9271:JZ", 11900, 200, "1:2", 1, 2)
P = [
    C("S01-JZ-MISSING", "S01 pembrolizumab 200 mg, NSCLC, office, Medicare: no JZ/JW", "ONC-MOD-001",
      [L("96413", 900, 1, "1:2"), L("J9271", 11900, 200, "1:2", 1, 2)], hi="Z5112,C3411"),
    C("S02-CLEAN", "S02 the same with JZ and a same-day E/M for a new cough", "",
      [L("99214:25", 180, 1, "2:3"), L("96413", 900, 1, "1:2"), PEMBRO], hi="Z5112,C3411,R059"),
    C("S04-BIOSIM-AS-REF", "S04 bevacizumab-awwb NDC billed as J9035 x40", "ONC-DRUG-003 ONC-DRUG-004",
      [L("96413", 900, 1, "1:2"), L("J9035:JZ", 3000, 40, "1:2", 2, 4)], hi="Z5111,C187"),
    C("S04-CLEAN", "S04 clean: the same NDC billed as Q5107", "",
      [L("96413", 900, 1, "1:2"), L("Q5107:JZ", 3000, 40, "1:2", 2, 4)], hi="Z5111,C187"),
    C("S05-TERMINATED", "S05 rituximab on 2019-03-15 billed J9310 x7 (terminated 2018-12-31)", "ONC-VALID-001",
      [L("96413", 900, 1, "1:2"), L("J9310", 3000, 7, "1:2", 20, 7)], hi="Z5111,C8330", dos="20190315"),
    C("S05-CLEAN", "S05 clean: J9312 x70", "",
      [L("96413", 900, 1, "1:2"), L("J9312", 3000, 70, "1:2", 19, 7)], hi="Z5111,C8330", dos="20190315"),
    C("S06-CLEAN", "S06 trastuzumab 420 mg from three 150 mg vials: J9355 x42 + J9355-JW x3", "",
      [L("96413", 900, 1, "1:2"), L("J9355", 3000, 42, "1:2", 4, 3), L("J9355:JW", 300, 3, "1:2", 4, 3)]),
    C("S06-JW-ONLY", "S06 variant: the JW line only", "ONC-MOD-003",
      [L("96413", 900, 1, "1:2"), L("J9355:JW", 300, 3, "1:2", 4, 3)]),
    C("S06-JZ-SHORT", "S06 variant: J9355-JZ x42 with CTP 3 UN (45 units opened)", "ONC-DRUG-005 ONC-MOD-004",
      [L("96413", 900, 1, "1:2"), L("J9355:JZ", 3000, 42, "1:2", 4, 3)]),
    C("S06-JW-JZ", "S06 variant: J9355-JW-JZ x45", "ONC-MOD-002",
      [L("96413", 900, 1, "1:2"), L("J9355:JW:JZ", 3300, 45, "1:2", 4, 3)]),
    C("S07-CLEAN", "S07 port flush visit: 96523 only", "", [L("96523", 60, 1, "1:2")], hi="Z452,C50911"),
    C("S07-FLUSH-CHEMO", "S07 variant: 96523 with 96413 the same day", "ONC-ADMIN-010",
      [L("96413", 900, 1, "1:2"), PEMBRO, L("96523", 60, 1, "1:2")], hi="Z5112,C50911"),
    C("S07-DRAW-CHEMO", "S07 variant: 36591 with 96413 (PTP indicator 0 in the synthetic table)",
      "ONC-ADMIN-010 ONC-NCCI-001", [L("96413", 900, 1, "1:2"), PEMBRO, L("36591", 40, 1, "1:2")],
      hi="Z5112,C50911"),
    C("S08-CLEAN", "S08 cisplatin and etoposide with pre-hydration 96361 x2 for E86.0", "",
      [L("96413", 900, 1, "1:2"), L("96417", 300, 1, "1:2"), L("96361", 320, 2, "3"),
       L("J9060:JZ", 300, 10, "1:2", 11, 1), L("J9181:JZ", 200, 10, "1:2", 12, 1)], hi="Z5111,C3411,E860"),
    C("S08-96360", "S08 variant: 96360 instead of 96361", "ONC-ADMIN-001 ONC-ADMIN-004",
      [L("96413", 900, 1, "1:2"), L("96417", 300, 1, "1:2"), L("96360", 320, 1, "3"),
       L("J9060:JZ", 300, 10, "1:2", 11, 1), L("J9181:JZ", 200, 10, "1:2", 12, 1)], hi="Z5111,C3411,E860"),
    C("S08-NO-INDICATION", "S08 variant: 96361 pointing only to Z51.11, no cisplatin", "ONC-DX-010",
      [L("96413", 900, 1, "1:2"), L("96417", 300, 1, "1:2"), L("96361", 320, 2, "1"),
       L("J9045:JZ", 300, 9, "1:2", 7, 1), L("J9181:JZ", 200, 10, "1:2", 12, 1)], hi="Z5111,C3411"),
    C("S09-CLEAN", "S09 darbepoetin for chemotherapy-induced anemia, Hgb 9.2", "",
      [L("96372", 30, 1, "1:2"), L("J0881:EA:JZ", 900, 200, "1:2", 13, 1, "MEA*TR*R1*9.2~")], hi="D6481,C187"),
    C("S09-NO-EA", "S09 variant: no EA", "ONC-DRUG-011",
      [L("96372", 30, 1, "1:2"), L("J0881:JZ", 900, 200, "1:2", 13, 1, "MEA*TR*R1*9.2~")], hi="D6481,C187"),
    C("S09-NO-MEA", "S09 variant: no hemoglobin (MEA)", "ONC-DRUG-011",
      [L("96372", 30, 1, "1:2"), L("J0881:EA:JZ", 900, 200, "1:2", 13, 1)], hi="D6481,C187"),
    C("S09-HGB-11", "S09 variant: hemoglobin 11.3", "ONC-DX-011",
      [L("96372", 30, 1, "1:2"), L("J0881:EA:JZ", 900, 200, "1:2", 13, 1, "MEA*TR*R1*11.3~")], hi="D6481,C187"),
    C("S09-IRON-ANEMIA", "S09 variant: EA pointing only to D50.9", "ONC-DX-011",
      [L("96372", 30, 1, "1"), L("J0881:EA:JZ", 900, 200, "1", 13, 1, "MEA*TR*R1*9.2~")], hi="D509,C187"),
    C("S10-CLEAN", "S10 leuprolide depot for prostate cancer: 96402 + J9217 x1", "",
      [L("96402", 60, 1), L("J9217", 300, 1, "1", 14, 1)], hi="C61"),
    C("S10-96372", "S10 variant: 96372 instead of 96402", "ONC-ADMIN-009",
      [L("96372", 30, 1), L("J9217", 300, 1, "1", 14, 1)], hi="C61"),
    C("S10-96401", "S10 variant: 96401 instead of 96402", "ONC-ADMIN-009",
      [L("96401", 60, 1), L("J9217", 300, 1, "1", 14, 1)], hi="C61"),
    C("S11-NO-NDC", "S11 Medicaid pembrolizumab without LIN/CTP", "ONC-DRUG-001",
      [L("96413", 900, 1, "1:2"), L("J9271", 11900, 200, "1:2")], hi="Z5112,C3411", sbr09="MC"),
    C("S11-BAD-NDC", "S11 variant: LIN**N4*0006-3026-02 (hyphens, 10 digits)", "ONC-DRUG-002",
      [L("96413", 900, 1, "1:2"), L("J9271", 11900, 200, "1:2", extra="LIN**N4*0006-3026-02~CTP****2*UN~")],
      hi="Z5112,C3411", sbr09="MC"),
    C("S12-POS22", "S12 oncologist billing POS 22: 96413 + J9271-JZ + 99214-25", "ONC-ADMIN-013 ONC-DRUG-009",
      [L("99214:25", 180, 1, "2:3"), L("96413", 900, 1, "1:2"), PEMBRO], hi="Z5112,C3411,R059", pos="22"),
    C("S14-HISTORY", "S14 adjuvant chemotherapy coded with history Z85.3", "ONC-DX-004",
      [L("96413", 900, 1, "1:2"), L("J9267:JZ", 300, 300, "1:2", 10, 1)], hi="Z5111,Z853"),
    C("S14-NO-NEOPLASM", "S14 variant: Z51.11 only", "ONC-DX-002",
      [L("96413", 900, 1, "1"), L("J9267:JZ", 300, 300, "1", 10, 1)], hi="Z5111"),
    C("S15-99211", "S15 99211 with 96413", "ONC-ADMIN-012",
      [L("99211:25", 30, 1, "2"), L("96413", 900, 1, "1:2"), PEMBRO], hi="Z5112,C3411"),
    C("S15-NO-25", "S15 99214 without 25 with 96413", "ONC-MOD-008",
      [L("99214", 180, 1, "2"), L("96413", 900, 1, "1:2"), PEMBRO], hi="Z5112,C3411"),
    C("S15-25-Z51", "S15 99214-25 pointing only to Z51.12", "ONC-MOD-009",
      [L("99214:25", 180, 1, "1"), L("96413", 900, 1, "1:2"), PEMBRO], hi="Z5112,C3411"),
    C("S16-J2505", "S16 pegfilgrastim next day, DOS 2023-05-10, J2505 x1 (the 2020 seed does not terminate J2505)", "",
      [L("96372", 30, 1, "1:2"), L("J2505:JZ", 4000, 1, "1:2", 15, 1)], hi="D701,C50911", dos="20230510"),
    C("S16-J2506-UNITS", "S16 variant: J2506 x1 (6 mg is 12 units of 0.5 mg)", "ONC-DRUG-005 ONC-DRUG-006 ONC-MOD-004",
      [L("96372", 30, 1, "1:2"), L("J2506:JZ", 4000, 1, "1:2", 16, 1)], hi="D701,C50911", dos="20230510"),
    C("S16-BIOSIM-NDC", "S16 variant: a biosimilar (Q5111) NDC under J2506", "ONC-DRUG-003 ONC-DRUG-004",
      [L("96372", 30, 1, "1:2"), L("J2506:JZ", 4000, 12, "1:2", 17, 1)], hi="D701,C50911", dos="20230510"),
    C("S17-ANTIEMETIC-ONLY", "S17 antiemetic-only visit coded as chemotherapy", "ONC-ADMIN-007",
      [L("96413", 900, 1, "1:2"), L("J1453", 150, 150, "1:2", 18, 1), L("J2469", 100, 10, "1:2", 9, 1)]),
    C("S18-CLEAN", "S18 second initial for a separate IV site: 96365-XS documented", "",
      [L("96413", 900, 1, "1:2"), L("96365:XS", 400, 1, "1:2"), PEMBRO], hi="Z5112,C3411"),
    C("S18-NO-XS", "S18 variant: 96365 without XS", "ONC-ADMIN-001 ONC-ADMIN-004",
      [L("96413", 900, 1, "1:2"), L("96365", 400, 1, "1:2"), PEMBRO], hi="Z5112,C3411"),
    # one encounter billed on two claims of one patient (the rules see the encounter whole)
    C("ENC-SPLIT-1", "encounter on two claims, first: 96413 + pembrolizumab", "",
      [L("96413", 900, 1, "1:2"), PEMBRO], hi="Z5112,C3411"),
    C("ENC-SPLIT-2", "encounter on two claims, second (same patient and date): 96415 with its primary on the first", "",
      [L("96415", 200, 1, "1:2")], hi="Z5112,C3411", same_patient=True),
    C("ENC-APART", "variant: the 96415 claim alone for another patient", "ONC-ADMIN-002 ONC-ADMIN-007",
      [L("96415", 200, 1, "1:2")], hi="Z5112,C3411"),
]

INST = [
    C("S03-HIERARCHY", "S03 carboplatin + paclitaxel with premeds, infusion centre (TOB 131): 96365 + 96413 + 96415 + 96417",
      "ONC-ADMIN-001 ONC-ADMIN-004",
      [I("0260", "96365", 400, 1), I("0335", "96413", 1800, 1), I("0335", "96415", 400, 1), I("0335", "96417", 600, 1),
       I("0636", "J1100", 20, 10, 8, 1), I("0636", "J2469", 200, 10, 9, 1), I("0636", "J9267:JZ", 900, 300, 10, 1),
       I("0636", "J9045:JZ", 500, 9, 7, 1)], hi="Z5111,C3411"),
    C("S03-CLEAN", "S03 clean: 96413 first, dexamethasone on 96367, palonosetron on 96375",
      "",
      [I("0335", "96413", 1800, 1), I("0335", "96415", 400, 1), I("0335", "96417", 600, 1), I("0260", "96367", 300, 1),
       I("0260", "96375", 200, 1), I("0636", "J1100", 20, 10, 8, 1), I("0636", "J2469", 200, 10, 9, 1),
       I("0636", "J9267:JZ", 900, 300, 10, 1), I("0636", "J9045:JZ", 500, 9, 7, 1)], hi="Z5111,C3411"),
    C("S13-JG-2025", "S13 340B hospital, DOS 2025-03-04: J9271-JZ-JG", "ONC-MOD-007 ONC-VALID-003",
      [I("0335", "96413", 1800, 1), I("0636", "J9271:JZ:JG", 14000, 200, 1, 2)], hi="Z5112,C3411", dos="20250304"),
    C("S13-CLEAN", "S13 clean: J9271-JZ-TB", "",
      [I("0335", "96413", 1800, 1), I("0636", "J9271:JZ:TB", 14000, 200, 1, 2)], hi="Z5112,C3411", dos="20250304"),
]

HEAD_P = ("ISA*00*          *00*          *ZZ*TESTSUB01      *ZZ*TESTMAC01      *251016*1030*^*00501*000000201*0*T*:~"
          "GS*HC*TESTSUB01*TESTMAC01*20251016*1030*201*X*005010X222A1~")
HEAD_I = ("ISA*00*          *00*          *ZZ*TESTHOSP01     *ZZ*TESTMAC01      *251016*0915*^*00501*000000202*0*T*:~"
          "GS*HC*TESTHOSP01*TESTMAC01*20251016*0915*202*X*005010X223A2~")


def money(cents):
    return "%d" % (cents // 100) if cents % 100 == 0 else "%d.%02d" % (cents // 100, cents % 100)


def hi_seg(codes, kind):
    parts = codes.split(",")
    if kind == "P":
        return "HI*" + "*".join(("ABK:" if i == 0 else "ABF:") + c for i, c in enumerate(parts)) + "~"
    return "HI*ABK:" + parts[0] + "~" + ("HI*" + "*".join("ABF:" + c for c in parts[1:]) + "~" if parts[1:] else "")


def write(name, kind, claims):
    st = ["ST*837*0001*%s~" % ("005010X222A1" if kind == "P" else "005010X223A2"),
          "BHT*0019*00*TESTEDITS%s*20251016*1030*CH~" % kind]
    if kind == "P":
        st += ["NM1*41*2*TEST ONCOLOGY ASSOCIATES*****46*TESTSUB01~", "PER*IC*TEST BILLING OFFICE*TE*5555550100~",
               "NM1*40*2*TEST MEDICARE MAC*****46*TESTMAC01~", "HL*1**20*1~", "PRV*BI*PXC*207RX0202X~",
               "NM1*85*2*TEST ONCOLOGY ASSOCIATES*****XX*1999990017~", "N3*100 TEST AVENUE SUITE 200~",
               "N4*TESTVILLE*OH*432150001~", "REF*EI*991234567~"]
    else:
        st += ["NM1*41*2*TEST COMMUNITY HOSPITAL*****46*TESTHOSP01~", "PER*IC*TEST PATIENT ACCOUNTS*TE*5555550150~",
               "NM1*40*2*TEST MEDICARE MAC*****46*TESTMAC01~", "HL*1**20*1~", "PRV*BI*PXC*282N00000X~",
               "NM1*85*2*TEST COMMUNITY HOSPITAL*****XX*1999990033~", "N3*500 TEST BOULEVARD~",
               "N4*TESTVILLE*OH*432150002~", "REF*EI*991234568~"]
    hl = 1
    for n, c in enumerate(claims):
        if not c["same_patient"]:
            hl += 1
            st += ["HL*%d*1*22*0~" % hl, "SBR*P*18*******%s~" % c["sbr09"],
                   "NM1*IL*1*TESTPATIENT*ECHO****MI*XTEST%04d~" % (n + 10), "N3*1 TEST STREET~", "N4*TESTVILLE*OH*43215~",
                   "DMG*D8*19600101*F~", "NM1*PR*2*TEST PAYER*****PI*99001~"]
        total = sum(l["charge"] * 100 for l in c["lines"])
        if kind == "P":
            st.append("CLM*%s*%s***%s:B:1*Y*A*Y*Y~" % (c["id"], money(total), c["pos"]))
            st.append(hi_seg(c["hi"], "P"))
            st.append("NM1*82*1*TESTDOCTOR*ONE****XX*1999990025~")
            st.append("PRV*PE*PXC*207RX0202X~")
        else:
            dates = [l["dos"] or c["dos"] for l in c["lines"]]
            st.append("CLM*%s*%s***13:A:1**A*Y*Y~" % (c["id"], money(total)))
            st.append("DTP*434*RD8*%s-%s~" % (min(dates), max(dates)))
            st.append("CL1*3*1*01~")
            st.append(hi_seg(c["hi"], "I"))
            st.append("NM1*71*1*TESTDOCTOR*TWO****XX*1999990041~")
            st.append("PRV*AT*PXC*207RX0202X~")
        for k, l in enumerate(c["lines"]):
            st.append("LX*%d~" % (k + 1))
            if kind == "P":
                st.append("SV1*HC:%s*%s*UN*%d*%s**%s~" % (l["proc"], money(l["charge"] * 100), l["units"], l["pos"], l["ptr"]))
            else:
                st.append("SV2*%s*HC:%s*%s*UN*%d~" % (l["rev"], l["proc"], money(l["charge"] * 100), l["units"]))
            st.append("DTP*472*D8*%s~" % (l["dos"] or c["dos"]))
            if l["extra"].startswith("MEA"):
                st.append(l["extra"])
            st.append("REF*6R*%s-%02d~" % (c["id"][:24], k + 1))
            if l["ndc"]:
                st.append("LIN**N4*%s~" % ndc(l["ndc"]))
                st.append("CTP****%d*UN~" % l["vials"])
            elif l["extra"].startswith("LIN"):
                st.append(l["extra"])
    st.append("SE*%d*0001~" % (sum(x.count("~") for x in st) + 1))
    text = (HEAD_P if kind == "P" else HEAD_I) + "".join(st) + "GE*1*%s~IEA*1*%s~" % (
        "201" if kind == "P" else "202", "000000201" if kind == "P" else "000000202")
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text.replace("~", "~\n"))


write("scenarios-837p.x12", "P", P)
write("scenarios-837i.x12", "I", INST)
with open(os.path.join(HERE, "expected.tsv"), "w") as f:
    f.write("# claim\tscenario\texpected findings (errors and warnings; blank = clean)\n")
    for c in INST + P:
        f.write("%s\t%s\t%s\n" % (c["id"], c["scenario"], c["expect"]))
