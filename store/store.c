/*
 * store.c - the claim store on SQLite (see store.h for the contract).
 *
 * Migrations, applied in order inside one transaction each; PRAGMA
 * user_version names the last one applied.  Never edit a released
 * migration: add the next one.
 *
 *   1  submit_file, claim, claim_line                  what was sent
 *      remit_file, remit_txn (BPR/TRN/payer/payee, totals, balance),
 *      claim_payment (CLP, one immutable event per CLP, with its match),
 *      line_payment (SVC, with its match), adjustment (CAS, claim and
 *      line level), remark (MOA/MIA and LQ), plb         what came back
 *      fee_file, fee_schedule                            what was expected
 *   2  code_file (kind, identity, layout, the period it states, rows),
 *      code_hcpcs, code_icd10cm, code_ptp, code_mue, code_asp, code_ndc
 *                                                        the official code sets
 *   3  ack_file, claim_ack                               999 / 277CA answers
 *   4  plb.claim_id, plb.payment_id, plb.link            the claim a PLB reference names
 *      claim_payment.crossover_name, crossover_id        NM1*TT, the crossover carrier
 *      (PLB rows stored before 4: linked when remedi first opens the
 *      store after the migration, remit_relink_plb)
 *
 * A code file's version is in force from its date_from (0: since always)
 * until its date_to, or until the next version of its kind starts (the
 * day before), whichever comes first; the same start imported twice: the
 * later import wins.
 *
 * A database whose user_version is above STORE_SCHEMA_VERSION was written by
 * a newer remedi and is refused.  Connections run in WAL mode with a busy
 * timeout; each file is one BEGIN IMMEDIATE .. COMMIT, so a process killed
 * midway leaves the database as it was before the file.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 30000
/* The claim look-ups answer at most this many submissions, the latest. */
#define CLAIMS_MAX 64

/* The migrations: each step belongs to a version; a version's steps run in one transaction. */
static const struct {
	int version;
	const char *sql;
} migrations[] = {
	{ 1, "CREATE TABLE submit_file(id INTEGER PRIMARY KEY, sha256 TEXT, isa13 TEXT, gs06 TEXT, path TEXT"
	     ", loaded_at TEXT NOT NULL, claims INTEGER NOT NULL DEFAULT 0)" },
	{ 1, "CREATE UNIQUE INDEX submit_file_identity ON submit_file(sha256, isa13, gs06)" },
	{ 1, "CREATE TABLE claim(id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL REFERENCES submit_file(id)"
	     ", clm01 TEXT NOT NULL, norm_id TEXT NOT NULL, kind TEXT, isa13 TEXT, gs06 TEXT, st02 TEXT, "
	     "payer_id TEXT NOT NULL, payer_name TEXT NOT NULL, billing_npi TEXT, filing TEXT, "
	     "charge_cents INTEGER NOT NULL, frequency TEXT, original_ref TEXT, date_from INTEGER NOT NULL, "
	     "date_to INTEGER NOT NULL, submitted INTEGER NOT NULL)" },
	{ 1, "CREATE INDEX claim_clm01 ON claim(clm01)" },
	{ 1, "CREATE INDEX claim_norm ON claim(norm_id)" },
	{ 1, "CREATE TABLE claim_line(id INTEGER PRIMARY KEY, claim_id INTEGER NOT NULL REFERENCES claim(id)"
	     ", lx INTEGER NOT NULL, qual TEXT, code TEXT NOT NULL, mods TEXT NOT NULL, revenue TEXT, "
	     "units_milli INTEGER NOT NULL, charge_cents INTEGER NOT NULL, date_from INTEGER NOT NULL, "
	     "date_to INTEGER NOT NULL, control TEXT NOT NULL)" },
	{ 1, "CREATE INDEX claim_line_claim ON claim_line(claim_id)" },
	{ 1, "CREATE TABLE remit_file(id INTEGER PRIMARY KEY, sha256 TEXT, isa13 TEXT, gs06 TEXT, path TEXT, "
	     "loaded_at TEXT NOT NULL)" },
	{ 1, "CREATE UNIQUE INDEX remit_file_identity ON remit_file(sha256, isa13, gs06)" },
	{ 1, "CREATE TABLE remit_txn(id INTEGER PRIMARY KEY, "
	     "file_id INTEGER NOT NULL REFERENCES remit_file(id), isa13 TEXT, gs06 TEXT, st02 TEXT, "
	     "bpr01 TEXT, bpr02_cents INTEGER NOT NULL, bpr03 TEXT, bpr04 TEXT, bpr16 INTEGER, "
	     "trn02 TEXT NOT NULL, payer_id TEXT NOT NULL, payer_name TEXT NOT NULL, payee_id TEXT NOT NULL, "
	     "payee_name TEXT, duplicate_of INTEGER REFERENCES remit_txn(id), claims INTEGER, "
	     "claims_paid_cents INTEGER, plb_total_cents INTEGER, imbalance_cents INTEGER, errors INTEGER, "
	     "balanced INTEGER)" },
	{ 1, "CREATE INDEX remit_txn_identity ON remit_txn(trn02, bpr16, bpr02_cents)" },
	{ 1, "CREATE TABLE claim_payment(id INTEGER PRIMARY KEY, "
	     "txn_id INTEGER NOT NULL REFERENCES remit_txn(id), seq INTEGER NOT NULL, clp01 TEXT NOT NULL, "
	     "clp02 TEXT NOT NULL, charge_cents INTEGER NOT NULL, paid_cents INTEGER NOT NULL, "
	     "patient_resp_cents INTEGER NOT NULL, filing TEXT, clp07 TEXT NOT NULL, facility TEXT, "
	     "frequency TEXT, stmt_from INTEGER, stmt_to INTEGER, received INTEGER, "
	     "interest_cents INTEGER NOT NULL, rendering_npi TEXT, payer_id TEXT NOT NULL, "
	     "payer_name TEXT NOT NULL, claim_id INTEGER REFERENCES claim(id), match_method TEXT NOT NULL, "
	     "confidence INTEGER NOT NULL, errors INTEGER NOT NULL)" },
	{ 1, "CREATE INDEX claim_payment_claim ON claim_payment(claim_id)" },
	{ 1, "CREATE INDEX claim_payment_clp07 ON claim_payment(clp07)" },
	{ 1, "CREATE TABLE line_payment(id INTEGER PRIMARY KEY, "
	     "payment_id INTEGER NOT NULL REFERENCES claim_payment(id), seq INTEGER NOT NULL, qual TEXT, "
	     "code TEXT NOT NULL, mods TEXT NOT NULL, orig_code TEXT NOT NULL, charge_cents INTEGER NOT NULL"
	     ", paid_cents INTEGER NOT NULL, revenue TEXT, units_milli INTEGER NOT NULL, "
	     "orig_units_milli INTEGER, date_from INTEGER, date_to INTEGER, control TEXT NOT NULL, "
	     "allowed_cents INTEGER, claim_line_id INTEGER REFERENCES claim_line(id), "
	     "match_method TEXT NOT NULL, confidence INTEGER NOT NULL, ambiguous INTEGER NOT NULL)" },
	{ 1, "CREATE INDEX line_payment_payment ON line_payment(payment_id)" },
	{ 1, "CREATE TABLE adjustment(id INTEGER PRIMARY KEY, "
	     "payment_id INTEGER NOT NULL REFERENCES claim_payment(id), "
	     "line_payment_id INTEGER REFERENCES line_payment(id), grp TEXT NOT NULL, carc TEXT NOT NULL, "
	     "amount_cents INTEGER NOT NULL, quantity_milli INTEGER NOT NULL)" },
	{ 1, "CREATE INDEX adjustment_payment ON adjustment(payment_id)" },
	{ 1, "CREATE TABLE remark(id INTEGER PRIMARY KEY, "
	     "payment_id INTEGER NOT NULL REFERENCES claim_payment(id), "
	     "line_payment_id INTEGER REFERENCES line_payment(id), source TEXT NOT NULL, code TEXT NOT NULL)" },
	{ 1, "CREATE INDEX remark_payment ON remark(payment_id)" },
	{ 1, "CREATE TABLE plb(id INTEGER PRIMARY KEY, txn_id INTEGER NOT NULL REFERENCES remit_txn(id), "
	     "provider TEXT, period_end INTEGER, reason TEXT NOT NULL, reference TEXT, "
	     "amount_cents INTEGER NOT NULL)" },
	{ 1, "CREATE TABLE fee_file(id INTEGER PRIMARY KEY, sha256 TEXT, isa13 TEXT, gs06 TEXT, path TEXT, "
	     "loaded_at TEXT NOT NULL)" },
	{ 1, "CREATE UNIQUE INDEX fee_file_identity ON fee_file(sha256, isa13, gs06)" },
	{ 1, "CREATE TABLE fee_schedule(id INTEGER PRIMARY KEY, "
	     "file_id INTEGER NOT NULL REFERENCES fee_file(id), payer TEXT NOT NULL, code TEXT NOT NULL, "
	     "modifiers TEXT NOT NULL, date_from INTEGER NOT NULL, date_to INTEGER NOT NULL, "
	     "allowed_cents INTEGER NOT NULL)" },
	{ 1, "CREATE INDEX fee_schedule_key ON fee_schedule(payer, code)" },
	{ 2, "CREATE TABLE code_file(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, sha256 TEXT, isa13 TEXT, gs06 TEXT, "
	     "path TEXT, loaded_at TEXT NOT NULL, layout TEXT NOT NULL DEFAULT '', date_from INTEGER NOT NULL DEFAULT 0, "
	     "date_to INTEGER NOT NULL DEFAULT 0, rows INTEGER NOT NULL DEFAULT 0)" },
	{ 2, "CREATE UNIQUE INDEX code_file_identity ON code_file(kind, sha256, isa13, gs06)" },
	{ 2, "CREATE TABLE code_hcpcs(file_id INTEGER NOT NULL REFERENCES code_file(id), code TEXT NOT NULL, "
	     "modifier INTEGER NOT NULL, added INTEGER NOT NULL, effective INTEGER NOT NULL, terminated INTEGER NOT NULL)" },
	{ 2, "CREATE TABLE code_icd10cm(file_id INTEGER NOT NULL REFERENCES code_file(id), code TEXT NOT NULL, "
	     "billable INTEGER NOT NULL)" },
	{ 2, "CREATE TABLE code_ptp(file_id INTEGER NOT NULL REFERENCES code_file(id), col1 TEXT NOT NULL, "
	     "col2 TEXT NOT NULL, effective INTEGER NOT NULL, deleted INTEGER NOT NULL, modifier INTEGER NOT NULL)" },
	{ 2, "CREATE TABLE code_mue(file_id INTEGER NOT NULL REFERENCES code_file(id), code TEXT NOT NULL, "
	     "units_milli INTEGER NOT NULL, mai INTEGER NOT NULL)" },
	{ 2, "CREATE TABLE code_asp(file_id INTEGER NOT NULL REFERENCES code_file(id), code TEXT NOT NULL, "
	     "limit_mills INTEGER NOT NULL, dosage TEXT NOT NULL)" },
	{ 2, "CREATE INDEX code_asp_code ON code_asp(code, file_id)" },
	{ 2, "CREATE TABLE code_ndc(file_id INTEGER NOT NULL REFERENCES code_file(id), ndc11 TEXT NOT NULL, "
	     "hcpcs TEXT NOT NULL, billunits_milli INTEGER NOT NULL)" },
	/* 3: acknowledgments (999, 277CA) of submitted claims */
	{ 3, "CREATE TABLE ack_file(id INTEGER PRIMARY KEY, sha256 TEXT, isa13 TEXT, gs06 TEXT, path TEXT, "
	     "loaded_at TEXT NOT NULL)" },
	{ 3, "CREATE UNIQUE INDEX ack_file_identity ON ack_file(sha256, isa13, gs06)" },
	{ 3, "CREATE TABLE claim_ack(id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL REFERENCES ack_file(id), "
	     "kind TEXT NOT NULL, clm01 TEXT NOT NULL, claim_id INTEGER REFERENCES claim(id), "
	     "status TEXT NOT NULL, rejected INTEGER NOT NULL, reason TEXT NOT NULL, segment TEXT NOT NULL, "
	     "ref_gs06 TEXT, ref_st02 TEXT, payer_claim TEXT, acked INTEGER)" },
	{ 3, "CREATE INDEX claim_ack_claim ON claim_ack(claim_id)" },
	/* 4: PLB references linked to the claim (payment) they name; crossover carriers (NM1*TT) */
	{ 4, "ALTER TABLE plb ADD COLUMN claim_id INTEGER REFERENCES claim(id)" },
	{ 4, "ALTER TABLE plb ADD COLUMN payment_id INTEGER REFERENCES claim_payment(id)" },
	{ 4, "ALTER TABLE plb ADD COLUMN link TEXT NOT NULL DEFAULT 'none'" },
	{ 4, "CREATE INDEX plb_claim ON plb(claim_id)" },
	{ 4, "ALTER TABLE claim_payment ADD COLUMN crossover_name TEXT NOT NULL DEFAULT ''" },
	{ 4, "ALTER TABLE claim_payment ADD COLUMN crossover_id TEXT NOT NULL DEFAULT ''" },
};

/* Prepared statements, compiled on first use and kept. */
enum stmt {
	S_FILE_SUBMIT, S_FILE_REMIT, S_FILE_FEES, S_FILE_CODES, S_FILE_ACK,
	S_FIND_SUBMIT, S_FIND_REMIT, S_FIND_FEES, S_FIND_CODES, S_FIND_ACK,
	S_SET_SUBMIT, S_SET_REMIT, S_SET_FEES, S_SET_CODES, S_SET_ACK,
	S_CODE_META, S_CODE_ADD_FIRST,
	S_CODE_HCPCS = S_CODE_ADD_FIRST, S_CODE_ICD, S_CODE_PTP, S_CODE_MUE, S_CODE_ASP, S_CODE_NDC,
	S_CODE_FILES, S_ROWS_HCPCS, S_ROWS_ICD, S_ROWS_PTP, S_ROWS_MUE, S_ROWS_ASP, S_ROWS_NDC, S_ASP_LOOKUP,
	S_ACK_SET, S_ACK_SET_ERR, S_ACK_CLAIM, S_H_ACK, S_EACH_REJECTED,
	S_CLAIM, S_LINE,
	S_TXN, S_TXN_DUP, S_TXN_END, S_PLB,
	S_PAYMENT, S_LINE_PAYMENT, S_ADJ, S_REMARK,
	S_FEE, S_FEE_LOOKUP,
	S_BY_ID, S_BY_NORM, S_BY_PREFIX, S_BY_CLP07, S_HAS_CLP07, S_LINES, S_PAY_BY_CLP07, S_PAY_FROM,
	S_H_PLB, S_EACH_PLB, S_PLB_RELINK,
	S_EACH_CLAIM, S_CLAIM_ROW, S_H_PAY, S_H_LP, S_H_ADJ,
	S_EACH_UNMATCHED, S_U_PAY, S_U_LP, S_U_ADJ,
	S_TOTALS, S_UNBALANCED,
	S_COUNT
};

#define CLAIM_COLS "c.id, c.clm01, c.payer_id, c.payer_name, c.charge_cents, c.date_from, c.date_to, c.submitted," \
	" c.frequency, (SELECT count(*) FROM claim_payment p WHERE p.claim_id = c.id), c.filing"
#define PAY_COLS "p.id, p.txn_id, p.clp01, p.clp02, p.clp07, p.payer_id, p.payer_name, p.charge_cents, p.paid_cents," \
	" p.patient_resp_cents, p.interest_cents, t.bpr16, p.match_method, p.confidence," \
	" (SELECT group_concat(code, ',') FROM remark r WHERE r.payment_id = p.id AND r.line_payment_id IS NULL)," \
	" p.crossover_name, p.crossover_id" \
	" FROM claim_payment p JOIN remit_txn t ON t.id = p.txn_id"
#define LP_COLS "lp.id, lp.payment_id, coalesce(lp.claim_line_id, 0), lp.code, lp.orig_code, lp.mods, lp.charge_cents," \
	" lp.paid_cents, lp.units_milli, lp.allowed_cents, lp.control, lp.match_method, lp.confidence, lp.ambiguous," \
	" (SELECT group_concat(code, ',') FROM remark r WHERE r.line_payment_id = lp.id)" \
	" FROM line_payment lp JOIN claim_payment p ON p.id = lp.payment_id"
#define PLB_COLS "b.id, t.trn02, t.bpr16, t.payer_id, t.payer_name, coalesce(b.provider, ''), b.reason," \
	" coalesce(b.reference, ''), b.amount_cents, coalesce(b.claim_id, 0), coalesce(c.clm01, '')," \
	" coalesce(p.clp07, ''), b.link FROM plb b JOIN remit_txn t ON t.id = b.txn_id" \
	" LEFT JOIN claim c ON c.id = b.claim_id LEFT JOIN claim_payment p ON p.id = b.payment_id"
#define ADJ_COLS "a.payment_id, coalesce(a.line_payment_id, 0), a.grp, a.carc, a.amount_cents, a.quantity_milli" \
	" FROM adjustment a JOIN claim_payment p ON p.id = a.payment_id"

static const char *const sql[S_COUNT] = {
	[S_FILE_SUBMIT] = "INSERT INTO submit_file(path, loaded_at) VALUES (?1, ?2)",
	[S_FILE_REMIT] = "INSERT INTO remit_file(path, loaded_at) VALUES (?1, ?2)",
	[S_FILE_FEES] = "INSERT INTO fee_file(path, loaded_at) VALUES (?1, ?2)",
	[S_FILE_ACK] = "INSERT INTO ack_file(path, loaded_at) VALUES (?1, ?2)",
	[S_FIND_ACK] = "SELECT loaded_at FROM ack_file WHERE sha256 = ?1 AND isa13 = ?2 AND gs06 = ?3",
	[S_SET_ACK] = "UPDATE ack_file SET sha256 = ?2, isa13 = ?3, gs06 = ?4 WHERE id = ?1",
	/* a 999 answers a whole 837 set: every claim of the latest submitted file holding that GS06 and ST02 */
	[S_ACK_SET] = "INSERT INTO claim_ack(file_id, kind, clm01, claim_id, status, rejected, reason, segment,"
		      " ref_gs06, ref_st02, acked)"
		      " SELECT ?1, '999', c.clm01, c.id, ?2, ?3, ?4, '', ?5, ?6, ?7 FROM claim c"
		      " WHERE c.gs06 = ?5 AND c.st02 = ?6"
		      " AND c.file_id = (SELECT max(file_id) FROM claim WHERE gs06 = ?5 AND st02 = ?6) ORDER BY c.id",
	[S_ACK_SET_ERR] = "UPDATE claim_ack SET reason = ?3, segment = ?4 WHERE file_id = ?1 AND clm01 = ?2"
			  " AND ref_gs06 = ?5 AND ref_st02 = ?6 AND segment = ''",
	[S_ACK_CLAIM] = "INSERT INTO claim_ack(file_id, kind, clm01, claim_id, status, rejected, reason, segment,"
			" ref_gs06, ref_st02, payer_claim, acked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[S_H_ACK] = "SELECT a.kind, a.status, a.rejected, a.reason, a.segment, coalesce(a.acked, 0), f.path,"
		    " coalesce(a.payer_claim, '') FROM claim_ack a JOIN ack_file f ON f.id = a.file_id"
		    " WHERE a.claim_id = ?1 ORDER BY a.id DESC LIMIT 1",
	[S_FIND_SUBMIT] = "SELECT loaded_at FROM submit_file WHERE sha256 = ?1 AND isa13 = ?2 AND gs06 = ?3",
	[S_FIND_REMIT] = "SELECT loaded_at FROM remit_file WHERE sha256 = ?1 AND isa13 = ?2 AND gs06 = ?3",
	[S_FIND_FEES] = "SELECT loaded_at FROM fee_file WHERE sha256 = ?1 AND isa13 = ?2 AND gs06 = ?3",
	[S_FILE_CODES] = "INSERT INTO code_file(path, loaded_at, kind) VALUES (?1, ?2, ?3)",
	[S_FIND_CODES] = "SELECT loaded_at FROM code_file WHERE sha256 = ?1 AND isa13 = ?2 AND gs06 = ?3"
			 " AND kind = (SELECT kind FROM code_file WHERE id = ?4)",
	[S_SET_CODES] = "UPDATE code_file SET sha256 = ?2, isa13 = ?3, gs06 = ?4 WHERE id = ?1",
	[S_CODE_META] = "UPDATE code_file SET layout = ?2, date_from = ?3, date_to = ?4, rows = ?5 WHERE id = ?1",
	[S_CODE_HCPCS] = "INSERT INTO code_hcpcs(file_id, code, modifier, added, effective, terminated)"
			 " VALUES (?1, ?2, ?6, ?3, ?4, ?5)",
	[S_CODE_ICD] = "INSERT INTO code_icd10cm(file_id, code, billable) VALUES (?1, ?2, ?6)",
	[S_CODE_PTP] = "INSERT INTO code_ptp(file_id, col1, col2, effective, deleted, modifier)"
		       " VALUES (?1, ?2, ?7, ?4, ?5, ?6)",
	[S_CODE_MUE] = "INSERT INTO code_mue(file_id, code, units_milli, mai) VALUES (?1, ?2, ?8, ?6)",
	[S_CODE_ASP] = "INSERT INTO code_asp(file_id, code, limit_mills, dosage) VALUES (?1, ?2, ?8, ?7)",
	[S_CODE_NDC] = "INSERT INTO code_ndc(file_id, ndc11, hcpcs, billunits_milli) VALUES (?1, ?7, ?2, ?8)",
	[S_CODE_FILES] = "SELECT id, kind, path, sha256, loaded_at, layout, date_from, date_to, rows FROM code_file"
			 " WHERE sha256 IS NOT NULL ORDER BY kind, date_from, id",
	[S_ROWS_HCPCS] = "SELECT code, '', added, effective, terminated, modifier, 0 FROM code_hcpcs WHERE file_id = ?1",
	[S_ROWS_ICD] = "SELECT code, '', 0, 0, 0, billable, 0 FROM code_icd10cm WHERE file_id = ?1",
	[S_ROWS_PTP] = "SELECT col1, col2, 0, effective, deleted, modifier, 0 FROM code_ptp WHERE file_id = ?1",
	[S_ROWS_MUE] = "SELECT code, '', 0, 0, 0, mai, units_milli FROM code_mue WHERE file_id = ?1",
	[S_ROWS_ASP] = "SELECT code, dosage, 0, 0, 0, 0, limit_mills FROM code_asp WHERE file_id = ?1",
	[S_ROWS_NDC] = "SELECT hcpcs, ndc11, 0, 0, 0, 0, billunits_milli FROM code_ndc WHERE file_id = ?1",
	/* the ASP version in force on ?2: the latest started on or before it, unless it ended before */
	[S_ASP_LOOKUP] = "SELECT a.limit_mills FROM code_asp a JOIN code_file f ON f.id = a.file_id"
			 " WHERE a.code = ?1 AND f.id = (SELECT v.id FROM code_file v WHERE v.kind = 'asp'"
			 " AND v.sha256 IS NOT NULL AND v.date_from <= ?2 ORDER BY v.date_from DESC, v.id DESC LIMIT 1)"
			 " AND (f.date_to = 0 OR f.date_to >= ?2) LIMIT 1",
	[S_SET_SUBMIT] = "UPDATE submit_file SET sha256 = ?2, isa13 = ?3, gs06 = ?4,"
			 " claims = (SELECT count(*) FROM claim WHERE file_id = ?1) WHERE id = ?1",
	[S_SET_REMIT] = "UPDATE remit_file SET sha256 = ?2, isa13 = ?3, gs06 = ?4 WHERE id = ?1",
	[S_SET_FEES] = "UPDATE fee_file SET sha256 = ?2, isa13 = ?3, gs06 = ?4 WHERE id = ?1",
	[S_CLAIM] = "INSERT INTO claim(file_id, clm01, norm_id, kind, isa13, gs06, st02, payer_id, payer_name,"
		    " billing_npi, filing, charge_cents, frequency, original_ref, date_from, date_to, submitted)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
	[S_LINE] = "INSERT INTO claim_line(claim_id, lx, qual, code, mods, revenue, units_milli, charge_cents,"
		   " date_from, date_to, control) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[S_TXN] = "INSERT INTO remit_txn(file_id, isa13, gs06, st02, bpr01, bpr02_cents, bpr03, bpr04, bpr16, trn02,"
		  " payer_id, payer_name, payee_id, payee_name, duplicate_of)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
	[S_TXN_DUP] = "SELECT id FROM remit_txn WHERE trn02 = ?1 AND bpr16 = ?2 AND bpr02_cents = ?3"
		      " AND payer_id = ?4 AND payer_name = ?5 AND payee_id = ?6 AND duplicate_of IS NULL"
		      " AND trn02 <> '' ORDER BY id LIMIT 1",
	[S_TXN_END] = "UPDATE remit_txn SET claims = ?2, claims_paid_cents = ?3, plb_total_cents = ?4,"
		      " imbalance_cents = ?5, errors = ?6, balanced = ?7 WHERE id = ?1",
	[S_PLB] = "INSERT INTO plb(txn_id, provider, period_end, reason, reference, amount_cents, claim_id,"
		  " payment_id, link) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[S_PAYMENT] = "INSERT INTO claim_payment(txn_id, seq, clp01, clp02, charge_cents, paid_cents, patient_resp_cents,"
		      " filing, clp07, facility, frequency, stmt_from, stmt_to, received, interest_cents, rendering_npi,"
		      " payer_id, payer_name, claim_id, match_method, confidence, errors, crossover_name, crossover_id)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
		      " ?20, ?21, ?22, ?23, ?24)",
	[S_LINE_PAYMENT] = "INSERT INTO line_payment(payment_id, seq, qual, code, mods, orig_code, charge_cents,"
			   " paid_cents, revenue, units_milli, orig_units_milli, date_from, date_to, control,"
			   " allowed_cents, claim_line_id, match_method, confidence, ambiguous)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
	[S_ADJ] = "INSERT INTO adjustment(payment_id, line_payment_id, grp, carc, amount_cents, quantity_milli)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_REMARK] = "INSERT INTO remark(payment_id, line_payment_id, source, code) VALUES (?1, ?2, ?3, ?4)",
	[S_FEE] = "INSERT INTO fee_schedule(file_id, payer, code, modifiers, date_from, date_to, allowed_cents)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_FEE_LOOKUP] = "SELECT allowed_cents FROM fee_schedule WHERE payer = ?1 AND code = ?2"
			 " AND date_from <= ?4 AND date_to >= ?4 AND (modifiers = ?3 OR modifiers = '')"
			 " ORDER BY modifiers = '', date_from DESC, id DESC LIMIT 1",
	/*
	 * The claim look-ups of the matcher, once per claim payment: no ORDER BY,
	 * claims_query sorts (latest first) and keeps CLAIMS_MAX.  An ORDER BY here
	 * made SQLite open a temporary B-tree on every call (two pages zeroed
	 * twice, a table created and dropped): 16% of the import's instructions.
	 */
	[S_BY_ID] = "SELECT " CLAIM_COLS " FROM claim c WHERE c.clm01 = ?1",
	[S_BY_NORM] = "SELECT " CLAIM_COLS " FROM claim c WHERE c.norm_id = ?1",
	[S_BY_PREFIX] = "SELECT " CLAIM_COLS " FROM claim c WHERE c.norm_id >= ?1 AND c.norm_id < ?1 || '~'",
	[S_BY_CLP07] = "SELECT claim_id FROM claim_payment WHERE clp07 = ?1 AND payer_id = ?2 AND payer_name = ?3"
		       " AND claim_id IS NOT NULL ORDER BY id DESC LIMIT 1",
	[S_PAY_BY_CLP07] = "SELECT id, coalesce(claim_id, 0) FROM claim_payment WHERE clp07 = ?1 AND payer_id = ?2"
			   " AND payer_name = ?3 ORDER BY id DESC LIMIT 1",
	[S_PAY_FROM] = "SELECT id FROM claim_payment WHERE claim_id = ?1 AND payer_id = ?2 AND payer_name = ?3"
		       " ORDER BY id DESC LIMIT 1",
	[S_H_PLB] = "SELECT " PLB_COLS " WHERE b.claim_id = ?1 ORDER BY b.id",
	[S_EACH_PLB] = "SELECT " PLB_COLS " WHERE ?1 = 0 OR b.claim_id IS NULL ORDER BY b.id",
	[S_PLB_RELINK] = "UPDATE plb SET claim_id = ?2, payment_id = ?3, link = ?4 WHERE id = ?1",
	[S_HAS_CLP07] = "SELECT 1 FROM claim_payment WHERE claim_id = ?1 AND clp07 = ?2 LIMIT 1",
	/* no ORDER BY (a temporary B-tree per call): lines_query sorts by lx, id */
	[S_LINES] = "SELECT id, lx, code, mods, units_milli, charge_cents, date_from, date_to, control"
		    " FROM claim_line WHERE claim_id = ?1",
	[S_EACH_CLAIM] = "SELECT id FROM claim ORDER BY clm01, id",
	/* claims whose latest acknowledgment rejects them and that nothing paid or denied since */
	[S_EACH_REJECTED] = "SELECT c.id FROM claim c WHERE (SELECT a.rejected FROM claim_ack a WHERE a.claim_id = c.id"
			    " ORDER BY a.id DESC LIMIT 1) = 1 ORDER BY c.clm01, c.id",
	[S_CLAIM_ROW] = "SELECT " CLAIM_COLS " FROM claim c WHERE c.id = ?1",
	[S_H_PAY] = "SELECT " PAY_COLS " WHERE p.claim_id = ?1 ORDER BY p.id",
	[S_H_LP] = "SELECT " LP_COLS " WHERE p.claim_id = ?1 ORDER BY lp.payment_id, lp.seq",
	[S_H_ADJ] = "SELECT " ADJ_COLS " WHERE p.claim_id = ?1 ORDER BY a.payment_id, a.id",
	[S_EACH_UNMATCHED] = "SELECT id FROM claim_payment WHERE claim_id IS NULL ORDER BY id",
	[S_U_PAY] = "SELECT " PAY_COLS " WHERE p.id = ?1",
	[S_U_LP] = "SELECT " LP_COLS " WHERE p.id = ?1 ORDER BY lp.seq",
	[S_U_ADJ] = "SELECT " ADJ_COLS " WHERE p.id = ?1 ORDER BY a.id",
	[S_TOTALS] = "SELECT (SELECT count(*) FROM submit_file), (SELECT count(*) FROM claim),"
		     " (SELECT count(*) FROM claim_line), (SELECT count(*) FROM remit_file),"
		     " (SELECT count(*) FROM remit_txn), (SELECT count(*) FROM remit_txn WHERE duplicate_of IS NOT NULL),"
		     " (SELECT count(*) FROM remit_txn WHERE duplicate_of IS NULL AND balanced = 0),"
		     " (SELECT count(*) FROM claim_payment), (SELECT count(*) FROM claim_payment WHERE claim_id IS NULL),"
		     " (SELECT coalesce(sum(bpr02_cents), 0) FROM remit_txn WHERE duplicate_of IS NULL),"
		     " (SELECT coalesce(sum(paid_cents), 0) FROM claim_payment),"
		     " (SELECT coalesce(sum(amount_cents), 0) FROM plb),"
		     " (SELECT coalesce(sum(interest_cents), 0) FROM claim_payment),"
		     " (SELECT count(*) FROM fee_schedule),"
		     " (SELECT count(*) FROM ack_file), (SELECT count(*) FROM claim_ack),"
		     " (SELECT count(*) FROM claim_ack WHERE rejected = 1),"
		     " (SELECT count(*) FROM claim_ack WHERE claim_id IS NULL)",
	[S_UNBALANCED] = "SELECT trn02, st02, bpr02_cents, claims_paid_cents, plb_total_cents, imbalance_cents"
			 " FROM remit_txn WHERE duplicate_of IS NULL AND balanced = 0 ORDER BY id",
};

struct buf {
	void *ptr;
	size_t n, cap, size;
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[S_COUNT];
	char msg[512];
	int found_version;
	bool in_txn;
	enum store_file_kind kind;
	enum store_code_kind code_kind;
	int32_t date;
	int64_t file_id;
	int64_t txn_id;
	bool txn_duplicate;
	unsigned payment_seq;
	/* read buffers (store.h: valid until the next call) */
	struct buf claims, lines, hlines, payments, lps, adjs, plbs;
};

static enum store_status
fail(struct store *st, const char *what)
{
	snprintf(st->msg, sizeof st->msg, "database: %s: %s", what, st->db ? sqlite3_errmsg(st->db) : "not open");
	return STORE_ERROR;
}

const char *
store_errmsg(const struct store *st)
{
	return st ? st->msg : "out of memory";
}

int
store_found_version(const struct store *st)
{
	return st->found_version;
}

static sqlite3_stmt *
prep(struct store *st, enum stmt s)
{
	if (!st->stmt[s] && sqlite3_prepare_v3(st->db, sql[s], -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[s], NULL) != SQLITE_OK) {
		fail(st, "preparing a statement");
		return NULL;
	}
	sqlite3_reset(st->stmt[s]);
	sqlite3_clear_bindings(st->stmt[s]);
	return st->stmt[s];
}

/*
 * Binds text without a copy (SQLITE_STATIC): every statement here is stepped
 * and reset in the function that binds it, while the bound string lives, and
 * prep() clears the bindings before the statement is used again.  A copy
 * (SQLITE_TRANSIENT) was a malloc and a free per bound string, 7% of the
 * instructions of an import.
 */
static void
btext(sqlite3_stmt *q, int i, const char *s)
{
	sqlite3_bind_text(q, i, s ? s : "", -1, SQLITE_STATIC);
}

static void
bint(sqlite3_stmt *q, int i, int64_t v)
{
	sqlite3_bind_int64(q, i, v);
}

/* Binds an id, NULL for 0. */
static void
bid(sqlite3_stmt *q, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(q, i, v);
	else
		sqlite3_bind_null(q, i);
}

static enum store_status
run(struct store *st, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail(st, what);
	return STORE_OK;
}

/*
 * Steps a query that answers one row or none: *row says which; with a row
 * the caller reads its columns, then resets q.  Without one q is reset here.
 */
static enum store_status
step_one(struct store *st, sqlite3_stmt *q, const char *what, bool *row)
{
	int rc = sqlite3_step(q);

	*row = rc == SQLITE_ROW;
	if (*row)
		return STORE_OK;
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? STORE_OK : fail(st, what);
}

/* A query that answers one integer or nothing: *out (0 when none) and *found. */
static enum store_status
one_int64(struct store *st, sqlite3_stmt *q, const char *what, int64_t *out, bool *found)
{
	*out = 0;
	if (step_one(st, q, what, found) != STORE_OK)
		return STORE_ERROR;
	if (*found) {
		*out = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	return STORE_OK;
}

/* Copies column i as text into dst, cut to size - 1 bytes (at a NUL it holds, as "%s" would). */
static void
col_text(sqlite3_stmt *q, int i, char *dst, size_t size)
{
	const unsigned char *s = sqlite3_column_text(q, i);
	size_t n = s ? (size_t)sqlite3_column_bytes(q, i) : 0;
	const void *nul;

	if (n >= size)
		n = size - 1;
	if (n && (nul = memchr(s, '\0', n)))
		n = (size_t)((const unsigned char *)nul - s);
	memcpy(dst, s ? (const char *)s : "", n);
	dst[n] = '\0';
}

static void *
buf_slot(struct buf *b, size_t size)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		void *p = realloc(b->ptr, cap * size);

		if (!p)
			return NULL;
		b->ptr = p;
		b->cap = cap;
	}
	b->size = size;
	return (char *)b->ptr + b->n++ * size;
}

static enum store_status
exec(struct store *st, const char *s, const char *what)
{
	char *err = NULL;

	if (sqlite3_exec(st->db, s, NULL, NULL, &err) != SQLITE_OK) {
		snprintf(st->msg, sizeof st->msg, "database: %s: %s", what, err ? err : sqlite3_errmsg(st->db));
		sqlite3_free(err);
		return STORE_ERROR;
	}
	return STORE_OK;
}

static enum store_status
migrate(struct store *st)
{
	const size_t nsteps = sizeof migrations / sizeof migrations[0];
	const int latest = migrations[nsteps - 1].version;
	sqlite3_stmt *q;
	int version;

	if (exec(st, "BEGIN IMMEDIATE", "starting the migration") != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK) {
		exec(st, "ROLLBACK", "rollback");
		return fail(st, "reading the schema version");
	}
	version = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
	sqlite3_finalize(q);
	st->found_version = version;
	if (version > latest) {
		exec(st, "ROLLBACK", "rollback");
		snprintf(st->msg, sizeof st->msg,
			 "database: schema version %d is newer than this remedi knows (%d): use a newer remedi", version,
			 latest);
		return STORE_NEWER;
	}
	for (size_t i = 0; i < nsteps; i++) {
		char pragma[64];

		if (migrations[i].version <= version)
			continue;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", migrations[i].version);
		if (exec(st, migrations[i].sql, "applying a migration") != STORE_OK ||
		    exec(st, pragma, "recording the schema version") != STORE_OK) {
			exec(st, "ROLLBACK", "rollback");
			return STORE_ERROR;
		}
	}
	return exec(st, "COMMIT", "committing the migration");
}

enum store_status
store_open(const char *path, struct store **out)
{
	struct store *st = calloc(1, sizeof *st);
	enum store_status rc;
	int fd;

	*out = st;
	if (!st)
		return STORE_ERROR;
	/* no allocation statistics: they take a global mutex on every malloc (before the first open only) */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* create it 0600 ourselves: claims are PHI; SQLite gives -wal/-shm the same mode */
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	else if (errno != EEXIST) {
		snprintf(st->msg, sizeof st->msg, "database %s: cannot create: %s", path, strerror(errno));
		return STORE_ERROR;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return fail(st, "opening");
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);
	if (exec(st, "PRAGMA journal_mode = WAL", "setting WAL mode") != STORE_OK ||
	    exec(st, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
			 " PRAGMA temp_store = MEMORY", "setting pragmas") != STORE_OK)
		return STORE_ERROR;
	if ((rc = migrate(st)) != STORE_OK)
		return rc;
	return STORE_OK;
}

void
store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_txn)
		store_rollback(st);
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->claims.ptr);
	free(st->lines.ptr);
	free(st->hlines.ptr);
	free(st->payments.ptr);
	free(st->lps.ptr);
	free(st->adjs.ptr);
	free(st->plbs.ptr);
	free(st);
}

/* ---- writing */

static void
now_text(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

enum store_status
store_begin_file(struct store *st, const struct store_file_info *info)
{
	static const enum stmt ins[] = { [STORE_FILE_SUBMIT] = S_FILE_SUBMIT, [STORE_FILE_REMIT] = S_FILE_REMIT,
					 [STORE_FILE_FEES] = S_FILE_FEES, [STORE_FILE_CODES] = S_FILE_CODES,
					 [STORE_FILE_ACK] = S_FILE_ACK };
	char now[32];
	sqlite3_stmt *q;

	if (st->in_txn) {
		snprintf(st->msg, sizeof st->msg, "database: a file is already being loaded");
		return STORE_ERROR;
	}
	if (exec(st, "BEGIN IMMEDIATE", "starting the import") != STORE_OK)
		return STORE_ERROR;
	st->in_txn = true;
	st->kind = info->kind;
	st->date = info->date;
	st->txn_id = 0;
	st->txn_duplicate = false;
	st->payment_seq = 0;
	now_text(now);
	if (!(q = prep(st, ins[info->kind])))
		return STORE_ERROR;
	btext(q, 1, info->path);
	btext(q, 2, now);
	if (info->kind == STORE_FILE_CODES)
		btext(q, 3, store_code_kind_name(st->code_kind));
	if (run(st, q, "recording the file") != STORE_OK)
		return STORE_ERROR;
	st->file_id = sqlite3_last_insert_rowid(st->db);
	return STORE_OK;
}

/* Upper case, letters and digits only, leading zeros dropped: how payers mangle CLM01. */
static void
norm_id(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++) {
		char ch = *s;

		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
			continue;
		if (n == 0 && ch == '0')
			continue;
		out[n++] = ch;
	}
	out[n] = '\0';
}

static void
join_mods(const char mod[][3], unsigned n, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < n && len + 4 < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s", i ? ":" : "", mod[i]);
}

enum store_status
store_add_claim(struct store *st, const struct c837_claim *c)
{
	char norm[40], mods[16];
	int32_t from = 0, to = 0;
	sqlite3_stmt *q;
	int64_t claim_id;

	for (unsigned i = 0; i < c->nlines; i++) {
		const struct c837_line *l = &c->lines[i];

		if (l->date_from && (!from || l->date_from < from))
			from = l->date_from;
		if (l->date_to && l->date_to > to)
			to = l->date_to;
	}
	for (unsigned i = 0; !from && i < c->ndates; i++)
		if (strcmp(c->dates[i].qual, "434") == 0 || strcmp(c->dates[i].qual, "472") == 0)
			from = c->dates[i].from, to = c->dates[i].to;
	norm_id(c->id, norm, sizeof norm);
	if (!(q = prep(st, S_CLAIM)))
		return STORE_ERROR;
	bint(q, 1, st->file_id);
	btext(q, 2, c->id);
	btext(q, 3, norm);
	sqlite3_bind_text(q, 4, &c->kind, 1, SQLITE_STATIC);
	btext(q, 5, c->isa13);
	btext(q, 6, c->gs06);
	btext(q, 7, c->st02);
	btext(q, 8, c->payer.id);
	btext(q, 9, c->payer.last);
	btext(q, 10, c->billing.id);
	btext(q, 11, c->filing_indicator);
	bint(q, 12, c->charge);
	btext(q, 13, c->frequency);
	btext(q, 14, c->original_ref);
	bint(q, 15, from);
	bint(q, 16, to);
	bint(q, 17, st->date);
	if (run(st, q, "storing a claim") != STORE_OK)
		return STORE_ERROR;
	claim_id = sqlite3_last_insert_rowid(st->db);
	for (unsigned i = 0; i < c->nlines; i++) {
		const struct c837_line *l = &c->lines[i];

		if (!(q = prep(st, S_LINE)))
			return STORE_ERROR;
		join_mods(l->mod, l->nmod, mods, sizeof mods);
		bint(q, 1, claim_id);
		bint(q, 2, l->lx);
		btext(q, 3, l->qual);
		btext(q, 4, l->code);
		btext(q, 5, mods);
		btext(q, 6, l->revenue);
		bint(q, 7, l->units);
		bint(q, 8, l->charge);
		bint(q, 9, l->date_from ? l->date_from : from);
		bint(q, 10, l->date_to ? l->date_to : to);
		btext(q, 11, l->control);
		if (run(st, q, "storing a claim line") != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

enum store_status
store_add_remit(struct store *st, const struct r835_remittance *r, int64_t *duplicate_of)
{
	sqlite3_stmt *q;

	*duplicate_of = 0;
	if (!(q = prep(st, S_TXN_DUP)))
		return STORE_ERROR;
	btext(q, 1, r->trn);
	bint(q, 2, r->payment_date);
	bint(q, 3, r->total_paid);
	btext(q, 4, r->payer_id);
	btext(q, 5, r->payer_name);
	btext(q, 6, r->payee_id);
	if (sqlite3_step(q) == SQLITE_ROW)
		*duplicate_of = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (!(q = prep(st, S_TXN)))
		return STORE_ERROR;
	bint(q, 1, st->file_id);
	btext(q, 2, r->isa13);
	btext(q, 3, r->gs06);
	btext(q, 4, r->st02);
	btext(q, 5, r->handling);
	bint(q, 6, r->total_paid);
	btext(q, 7, r->credit_debit);
	btext(q, 8, r->method);
	bint(q, 9, r->payment_date);
	btext(q, 10, r->trn);
	btext(q, 11, r->payer_id);
	btext(q, 12, r->payer_name);
	btext(q, 13, r->payee_id);
	btext(q, 14, r->payee_name);
	bid(q, 15, *duplicate_of);
	if (run(st, q, "storing a remittance") != STORE_OK)
		return STORE_ERROR;
	st->txn_id = sqlite3_last_insert_rowid(st->db);
	st->txn_duplicate = *duplicate_of != 0;
	st->payment_seq = 0;
	return STORE_OK;
}

static enum store_status
add_adjs(struct store *st, int64_t payment_id, int64_t lp_id, const struct r835_adj *adj, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		sqlite3_stmt *q = prep(st, S_ADJ);

		if (!q)
			return STORE_ERROR;
		bint(q, 1, payment_id);
		bid(q, 2, lp_id);
		btext(q, 3, adj[i].group);
		btext(q, 4, adj[i].reason);
		bint(q, 5, adj[i].amount);
		bint(q, 6, adj[i].quantity);
		if (run(st, q, "storing an adjustment") != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

static enum store_status
add_remarks(struct store *st, int64_t payment_id, int64_t lp_id, const char *source, const char (*codes)[8],
	    unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		sqlite3_stmt *q = prep(st, S_REMARK);

		if (!q)
			return STORE_ERROR;
		bint(q, 1, payment_id);
		bid(q, 2, lp_id);
		btext(q, 3, source);
		btext(q, 4, codes[i]);
		if (run(st, q, "storing a remark") != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

enum store_status
store_add_payment(struct store *st, const struct r835_payment *p, const struct store_match *m)
{
	sqlite3_stmt *q;
	int64_t pid;
	char mods[16];

	if (st->txn_duplicate)
		return STORE_OK;
	if (!st->txn_id) {
		snprintf(st->msg, sizeof st->msg, "database: a payment outside a remittance");
		return STORE_ERROR;
	}
	if (!(q = prep(st, S_PAYMENT)))
		return STORE_ERROR;
	bint(q, 1, st->txn_id);
	bint(q, 2, ++st->payment_seq);
	btext(q, 3, p->claim_id);
	btext(q, 4, p->status);
	bint(q, 5, p->charge);
	bint(q, 6, p->paid);
	bint(q, 7, p->patient_resp);
	btext(q, 8, p->filing_indicator);
	btext(q, 9, p->payer_claim_id);
	btext(q, 10, p->facility);
	btext(q, 11, p->frequency);
	bint(q, 12, p->stmt_from);
	bint(q, 13, p->stmt_to);
	bint(q, 14, p->received);
	bint(q, 15, p->interest);
	btext(q, 16, p->rendering_npi);
	btext(q, 17, p->payer_id);
	btext(q, 18, p->payer_name);
	bid(q, 19, m->claim_id);
	btext(q, 20, m->method);
	bint(q, 21, m->confidence);
	bint(q, 22, p->errors);
	btext(q, 23, p->crossover_name);
	btext(q, 24, p->crossover_id);
	if (run(st, q, "storing a claim payment") != STORE_OK)
		return STORE_ERROR;
	pid = sqlite3_last_insert_rowid(st->db);
	if (add_adjs(st, pid, 0, p->adj, p->nadj) != STORE_OK ||
	    add_remarks(st, pid, 0, "MOA", p->remarks, p->nremarks) != STORE_OK)
		return STORE_ERROR;
	for (unsigned i = 0; i < p->nlines; i++) {
		const struct r835_line *l = &p->lines[i];
		const struct store_line_match *lm = m->lines ? &m->lines[i] : NULL;
		int64_t lpid;

		if (!(q = prep(st, S_LINE_PAYMENT)))
			return STORE_ERROR;
		join_mods(l->mod, l->nmod, mods, sizeof mods);
		bint(q, 1, pid);
		bint(q, 2, i + 1);
		btext(q, 3, l->qual);
		btext(q, 4, l->code);
		btext(q, 5, mods);
		btext(q, 6, l->orig_code);
		bint(q, 7, l->charge);
		bint(q, 8, l->paid);
		btext(q, 9, l->revenue);
		bint(q, 10, l->units);
		bint(q, 11, l->orig_units);
		bint(q, 12, l->date_from ? l->date_from : p->stmt_from);
		bint(q, 13, l->date_to ? l->date_to : p->stmt_to);
		btext(q, 14, l->control);
		if (l->has_allowed)
			bint(q, 15, l->allowed);
		else
			sqlite3_bind_null(q, 15);
		bid(q, 16, lm ? lm->line_id : 0);
		btext(q, 17, lm ? lm->method : "none");
		bint(q, 18, lm ? lm->confidence : 0);
		bint(q, 19, lm && lm->ambiguous);
		if (run(st, q, "storing a line payment") != STORE_OK)
			return STORE_ERROR;
		lpid = sqlite3_last_insert_rowid(st->db);
		if (add_adjs(st, pid, lpid, l->adj, l->nadj) != STORE_OK ||
		    add_remarks(st, pid, lpid, "LQ", l->remarks, l->nremarks) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

enum store_status
store_end_remit(struct store *st, const struct r835_remittance *r, unsigned errors)
{
	return store_end_remit_linked(st, r, errors, NULL);
}

enum store_status
store_end_remit_linked(struct store *st, const struct r835_remittance *r, unsigned errors,
		       const struct store_plb_link *links)
{
	int64_t imbalance = r->total_paid - (r->claims_paid - r->plb_total);
	sqlite3_stmt *q;

	if (!st->txn_id)
		return STORE_OK;
	if (!(q = prep(st, S_TXN_END)))
		return STORE_ERROR;
	bint(q, 1, st->txn_id);
	bint(q, 2, r->nclaims);
	bint(q, 3, r->claims_paid);
	bint(q, 4, r->plb_total);
	bint(q, 5, imbalance);
	bint(q, 6, errors);
	bint(q, 7, imbalance == 0 && errors == 0);
	if (run(st, q, "storing remittance totals") != STORE_OK)
		return STORE_ERROR;
	if (!st->txn_duplicate)
		for (unsigned i = 0; i < r->nplb; i++) {
			const struct r835_plb *b = &r->plb[i];

			if (!(q = prep(st, S_PLB)))
				return STORE_ERROR;
			bint(q, 1, st->txn_id);
			btext(q, 2, b->provider);
			bint(q, 3, b->period_end);
			btext(q, 4, b->reason);
			btext(q, 5, b->ref);
			bint(q, 6, b->amount);
			bid(q, 7, links ? links[i].claim_id : 0);
			bid(q, 8, links ? links[i].payment_id : 0);
			btext(q, 9, links && links[i].method ? links[i].method : "none");
			if (run(st, q, "storing a provider adjustment") != STORE_OK)
				return STORE_ERROR;
		}
	st->txn_id = 0;
	st->txn_duplicate = false;
	return STORE_OK;
}

enum store_status
store_add_fee(struct store *st, const struct store_fee *f)
{
	sqlite3_stmt *q = prep(st, S_FEE);

	if (!q)
		return STORE_ERROR;
	bint(q, 1, st->file_id);
	btext(q, 2, f->payer);
	btext(q, 3, f->code);
	btext(q, 4, f->modifiers);
	bint(q, 5, f->from);
	bint(q, 6, f->to);
	bint(q, 7, f->allowed);
	return run(st, q, "storing a fee schedule row");
}

enum store_status
store_add_set_ack(struct store *st, const struct store_set_ack *a, unsigned *claims)
{
	sqlite3_stmt *q = prep(st, S_ACK_SET);

	*claims = 0;
	if (!q)
		return STORE_ERROR;
	bint(q, 1, st->file_id);
	btext(q, 2, a->status);
	bint(q, 3, a->rejected);
	btext(q, 4, a->reason);
	btext(q, 5, a->gs06);
	btext(q, 6, a->st02);
	bint(q, 7, st->date);
	if (run(st, q, "storing a 999 acknowledgment") != STORE_OK)
		return STORE_ERROR;
	*claims = (unsigned)sqlite3_changes(st->db);
	if (*claims == 0) {
		/* a set remedi never saw sent: kept, answering no claim */
		struct store_claim_ack none = { .kind = "999", .clm01 = "", .status = a->status, .rejected = a->rejected,
						.reason = a->reason, .segment = "", .gs06 = a->gs06, .st02 = a->st02 };
		int64_t claim_id;

		return store_add_claim_ack(st, &none, false, &claim_id);
	}
	for (unsigned i = 0; i < a->nerrors; i++) {
		if (!(q = prep(st, S_ACK_SET_ERR)))
			return STORE_ERROR;
		bint(q, 1, st->file_id);
		btext(q, 2, a->errors[i].clm01);
		btext(q, 3, a->errors[i].reason);
		btext(q, 4, a->errors[i].segment);
		btext(q, 5, a->gs06);
		btext(q, 6, a->st02);
		if (run(st, q, "storing a 999 error") != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

enum store_status
store_add_claim_ack(struct store *st, const struct store_claim_ack *a, bool match, int64_t *claim_id)
{
	sqlite3_stmt *q;

	*claim_id = 0;
	if (match && a->clm01[0]) {
		const struct store_claim *c;
		unsigned n;

		if (store_claims_by_id(st, a->clm01, &c, &n) != STORE_OK)
			return STORE_ERROR;
		if (n)
			*claim_id = c[0].id; /* the latest submission of that CLM01 */
	}
	if (!(q = prep(st, S_ACK_CLAIM)))
		return STORE_ERROR;
	bint(q, 1, st->file_id);
	btext(q, 2, a->kind);
	btext(q, 3, a->clm01);
	if (*claim_id)
		bint(q, 4, *claim_id);
	btext(q, 5, a->status);
	bint(q, 6, a->rejected);
	btext(q, 7, a->reason);
	btext(q, 8, a->segment);
	btext(q, 9, a->gs06 ? a->gs06 : "");
	btext(q, 10, a->st02 ? a->st02 : "");
	btext(q, 11, a->payer_claim ? a->payer_claim : "");
	bint(q, 12, a->date ? a->date : st->date);
	return run(st, q, "storing a claim acknowledgment");
}

enum store_status
store_commit(struct store *st, const struct store_identity *id, char loaded_at[32])
{
	static const enum stmt find[] = { [STORE_FILE_SUBMIT] = S_FIND_SUBMIT, [STORE_FILE_REMIT] = S_FIND_REMIT,
					  [STORE_FILE_FEES] = S_FIND_FEES, [STORE_FILE_CODES] = S_FIND_CODES,
					  [STORE_FILE_ACK] = S_FIND_ACK };
	static const enum stmt set[] = { [STORE_FILE_SUBMIT] = S_SET_SUBMIT, [STORE_FILE_REMIT] = S_SET_REMIT,
					 [STORE_FILE_FEES] = S_SET_FEES, [STORE_FILE_CODES] = S_SET_CODES,
					 [STORE_FILE_ACK] = S_SET_ACK };
	sqlite3_stmt *q;

	if (!st->in_txn) {
		snprintf(st->msg, sizeof st->msg, "database: commit without a file");
		return STORE_ERROR;
	}
	if (!(q = prep(st, find[st->kind])))
		goto error;
	btext(q, 1, id->sha256);
	btext(q, 2, id->isa13);
	btext(q, 3, id->gs06);
	if (st->kind == STORE_FILE_CODES)
		bint(q, 4, st->file_id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		col_text(q, 0, loaded_at, 32);
		sqlite3_reset(q);
		store_rollback(st);
		return STORE_DUPLICATE;
	}
	sqlite3_reset(q);
	if (!(q = prep(st, set[st->kind])))
		goto error;
	bint(q, 1, st->file_id);
	btext(q, 2, id->sha256);
	btext(q, 3, id->isa13);
	btext(q, 4, id->gs06);
	if (run(st, q, "recording the file identity") != STORE_OK)
		goto error;
	if (exec(st, "COMMIT", "committing the import") != STORE_OK)
		goto error;
	st->in_txn = false;
	return STORE_OK;
error:
	store_rollback(st);
	return STORE_ERROR;
}

void
store_rollback(struct store *st)
{
	if (!st->in_txn)
		return;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_txn = false;
}

/* ---- code sets */

const char *
store_code_kind_name(enum store_code_kind k)
{
	static const char *const names[] = { [STORE_CODES_HCPCS] = "hcpcs", [STORE_CODES_ICD10CM] = "icd10cm",
					     [STORE_CODES_PTP] = "ptp", [STORE_CODES_MUE] = "mue",
					     [STORE_CODES_ASP] = "asp", [STORE_CODES_NDC] = "ndc-hcpcs" };

	return k >= STORE_CODES_HCPCS && k < STORE_CODES_COUNT ? names[k] : NULL;
}

enum store_status
store_begin_codes(struct store *st, enum store_code_kind k, const char *path)
{
	if (!store_code_kind_name(k)) {
		snprintf(st->msg, sizeof st->msg, "database: unknown code-set kind");
		return STORE_ERROR;
	}
	st->code_kind = k;
	return store_begin_file(st, &(struct store_file_info){ STORE_FILE_CODES, path, 0 });
}

enum store_status
store_add_code(struct store *st, const struct store_code_row *r)
{
	sqlite3_stmt *q = prep(st, (enum stmt)(S_CODE_ADD_FIRST + (st->code_kind - STORE_CODES_HCPCS)));

	if (!q)
		return STORE_ERROR;
	bint(q, 1, st->file_id);
	btext(q, 2, r->code);
	bint(q, 3, r->added);
	bint(q, 4, r->effective);
	bint(q, 5, r->ended);
	bint(q, 6, r->flag);
	btext(q, 7, r->code2);
	bint(q, 8, r->value);
	return run(st, q, "storing a code-set row");
}

enum store_status
store_end_codes(struct store *st, const struct store_code_meta *m)
{
	sqlite3_stmt *q = prep(st, S_CODE_META);

	if (!q)
		return STORE_ERROR;
	bint(q, 1, st->file_id);
	btext(q, 2, m->layout);
	bint(q, 3, m->from);
	bint(q, 4, m->to);
	bint(q, 5, (int64_t)m->rows);
	return run(st, q, "recording the code file's period");
}

/* ---- reading */

static void
claim_row(sqlite3_stmt *q, struct store_claim *c)
{
	c->id = sqlite3_column_int64(q, 0);
	col_text(q, 1, c->clm01, sizeof c->clm01);
	col_text(q, 2, c->payer_id, sizeof c->payer_id);
	col_text(q, 3, c->payer_name, sizeof c->payer_name);
	c->charge = sqlite3_column_int64(q, 4);
	c->from = sqlite3_column_int(q, 5);
	c->to = sqlite3_column_int(q, 6);
	c->submitted = sqlite3_column_int(q, 7);
	col_text(q, 8, c->frequency, sizeof c->frequency);
	c->payments = (unsigned)sqlite3_column_int(q, 9);
	col_text(q, 10, c->filing, sizeof c->filing);
}

/* Latest first: the later submission date, then the later id. */
static int
claim_cmp(const void *a, const void *b)
{
	const struct store_claim *x = a, *y = b;

	if (x->submitted != y->submitted)
		return x->submitted > y->submitted ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

static enum store_status
claims_query(struct store *st, sqlite3_stmt *q, const struct store_claim **out, unsigned *n)
{
	int rc;

	st->claims.n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_claim *c = buf_slot(&st->claims, sizeof *c);

		if (!c) {
			sqlite3_reset(q);
			snprintf(st->msg, sizeof st->msg, "out of memory");
			return STORE_ERROR;
		}
		claim_row(q, c);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(st, "looking up claims");
	if (st->claims.n > 1)
		qsort(st->claims.ptr, st->claims.n, sizeof(struct store_claim), claim_cmp);
	if (st->claims.n > CLAIMS_MAX)
		st->claims.n = CLAIMS_MAX;
	*out = st->claims.ptr;
	*n = (unsigned)st->claims.n;
	return STORE_OK;
}

enum store_status
store_claims_by_id(struct store *st, const char *clm01, const struct store_claim **out, unsigned *n)
{
	sqlite3_stmt *q = prep(st, S_BY_ID);

	if (!q)
		return STORE_ERROR;
	btext(q, 1, clm01);
	return claims_query(st, q, out, n);
}

enum store_status
store_claims_by_norm(struct store *st, const char *id, bool prefix, const struct store_claim **out, unsigned *n)
{
	sqlite3_stmt *q = prep(st, prefix ? S_BY_PREFIX : S_BY_NORM);
	char norm[40];

	if (!q)
		return STORE_ERROR;
	norm_id(id, norm, sizeof norm);
	btext(q, 1, norm);
	return claims_query(st, q, out, n);
}

enum store_status
store_claim_by_payer_claim(struct store *st, const char *payer_id, const char *payer_name, const char *clp07,
			   int64_t *claim_id)
{
	sqlite3_stmt *q = prep(st, S_BY_CLP07);
	bool row;

	if (!q)
		return STORE_ERROR;
	btext(q, 1, clp07);
	btext(q, 2, payer_id);
	btext(q, 3, payer_name);
	*claim_id = 0;
	if (step_one(st, q, "looking up a payer claim number", &row) != STORE_OK)
		return STORE_ERROR;
	if (row) {
		*claim_id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	return STORE_OK;
}

enum store_status
store_claim_has_clp07(struct store *st, int64_t claim_id, const char *clp07, bool *yes)
{
	sqlite3_stmt *q = prep(st, S_HAS_CLP07);

	if (!q)
		return STORE_ERROR;
	bint(q, 1, claim_id);
	btext(q, 2, clp07);
	if (step_one(st, q, "looking up a payer claim number", yes) != STORE_OK)
		return STORE_ERROR;
	if (*yes)
		sqlite3_reset(q);
	return STORE_OK;
}

/* In line order: LX, then id. */
static int
line_cmp(const void *a, const void *b)
{
	const struct store_line *x = a, *y = b;

	if (x->lx != y->lx)
		return x->lx < y->lx ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static enum store_status
lines_query(struct store *st, struct buf *b, int64_t claim_id)
{
	sqlite3_stmt *q = prep(st, S_LINES);
	int rc;

	if (!q)
		return STORE_ERROR;
	b->n = 0;
	bint(q, 1, claim_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_line *l = buf_slot(b, sizeof *l);

		if (!l) {
			sqlite3_reset(q);
			snprintf(st->msg, sizeof st->msg, "out of memory");
			return STORE_ERROR;
		}
		l->id = sqlite3_column_int64(q, 0);
		l->lx = (uint32_t)sqlite3_column_int(q, 1);
		col_text(q, 2, l->code, sizeof l->code);
		col_text(q, 3, l->mods, sizeof l->mods);
		l->units = sqlite3_column_int64(q, 4);
		l->charge = sqlite3_column_int64(q, 5);
		l->from = sqlite3_column_int(q, 6);
		l->to = sqlite3_column_int(q, 7);
		col_text(q, 8, l->control, sizeof l->control);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(st, "reading claim lines");
	if (b->n > 1)
		qsort(b->ptr, b->n, sizeof(struct store_line), line_cmp);
	return STORE_OK;
}

enum store_status
store_claim_lines(struct store *st, int64_t claim_id, const struct store_line **out, unsigned *n)
{
	if (lines_query(st, &st->lines, claim_id) != STORE_OK)
		return STORE_ERROR;
	*out = st->lines.ptr;
	*n = (unsigned)st->lines.n;
	return STORE_OK;
}

/* Counts row index (a line payment, or an adjustment) into the range of payment pid. */
static void
attach(struct store_payment *ps, size_t n, int64_t pid, unsigned index, bool line)
{
	for (size_t i = 0; i < n; i++) {
		unsigned *first = line ? &ps[i].first_line : &ps[i].first_adj;
		unsigned *count = line ? &ps[i].nlines : &ps[i].nadj;

		if (ps[i].id != pid)
			continue;
		if (!*count)
			*first = index;
		(*count)++;
		return;
	}
}

/* The payments, line payments and adjustments selected by key into the history buffers. */
static enum store_status
history_query(struct store *st, enum stmt spay, enum stmt slp, enum stmt sadj, int64_t key, struct store_history *h)
{
	sqlite3_stmt *q;
	int rc;

	st->payments.n = st->lps.n = st->adjs.n = 0;
	if (!(q = prep(st, spay)))
		return STORE_ERROR;
	bint(q, 1, key);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_payment *p = buf_slot(&st->payments, sizeof *p);

		if (!p)
			goto nomem;
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(q, 0);
		p->txn_id = sqlite3_column_int64(q, 1);
		col_text(q, 2, p->clp01, sizeof p->clp01);
		col_text(q, 3, p->clp02, sizeof p->clp02);
		col_text(q, 4, p->clp07, sizeof p->clp07);
		col_text(q, 5, p->payer_id, sizeof p->payer_id);
		col_text(q, 6, p->payer_name, sizeof p->payer_name);
		p->charge = sqlite3_column_int64(q, 7);
		p->paid = sqlite3_column_int64(q, 8);
		p->patient_resp = sqlite3_column_int64(q, 9);
		p->interest = sqlite3_column_int64(q, 10);
		p->payment_date = sqlite3_column_int(q, 11);
		col_text(q, 12, p->method, sizeof p->method);
		p->confidence = sqlite3_column_int(q, 13);
		col_text(q, 14, p->remarks, sizeof p->remarks);
		col_text(q, 15, p->crossover_name, sizeof p->crossover_name);
		col_text(q, 16, p->crossover_id, sizeof p->crossover_id);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(st, "reading claim payments");
	if (!(q = prep(st, slp)))
		return STORE_ERROR;
	bint(q, 1, key);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_line_payment *l = buf_slot(&st->lps, sizeof *l);
		int64_t pid = sqlite3_column_int64(q, 1);

		if (!l)
			goto nomem;
		l->id = sqlite3_column_int64(q, 0);
		l->line_id = sqlite3_column_int64(q, 2);
		col_text(q, 3, l->code, sizeof l->code);
		col_text(q, 4, l->orig_code, sizeof l->orig_code);
		col_text(q, 5, l->mods, sizeof l->mods);
		l->charge = sqlite3_column_int64(q, 6);
		l->paid = sqlite3_column_int64(q, 7);
		l->units = sqlite3_column_int64(q, 8);
		l->has_allowed = sqlite3_column_type(q, 9) != SQLITE_NULL;
		l->allowed = sqlite3_column_int64(q, 9);
		col_text(q, 10, l->control, sizeof l->control);
		col_text(q, 11, l->method, sizeof l->method);
		l->confidence = sqlite3_column_int(q, 12);
		l->ambiguous = sqlite3_column_int(q, 13) != 0;
		col_text(q, 14, l->remarks, sizeof l->remarks);
		attach(st->payments.ptr, st->payments.n, pid, (unsigned)st->lps.n - 1, true);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(st, "reading line payments");
	if (!(q = prep(st, sadj)))
		return STORE_ERROR;
	bint(q, 1, key);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_adj_row *a = buf_slot(&st->adjs, sizeof *a);
		int64_t pid = sqlite3_column_int64(q, 0);

		if (!a)
			goto nomem;
		a->line_payment = sqlite3_column_int64(q, 1);
		col_text(q, 2, a->group, sizeof a->group);
		col_text(q, 3, a->carc, sizeof a->carc);
		a->amount = sqlite3_column_int64(q, 4);
		a->quantity = sqlite3_column_int64(q, 5);
		attach(st->payments.ptr, st->payments.n, pid, (unsigned)st->adjs.n - 1, false);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(st, "reading adjustments");
	h->payments = st->payments.ptr;
	h->npayments = (unsigned)st->payments.n;
	h->line_payments = st->lps.ptr;
	h->nline_payments = (unsigned)st->lps.n;
	h->adjs = st->adjs.ptr;
	h->nadjs = (unsigned)st->adjs.n;
	return STORE_OK;
nomem:
	sqlite3_reset(q);
	snprintf(st->msg, sizeof st->msg, "out of memory");
	return STORE_ERROR;
}

static void
plb_row(sqlite3_stmt *q, struct store_plb_row *b)
{
	b->id = sqlite3_column_int64(q, 0);
	col_text(q, 1, b->trn, sizeof b->trn);
	b->payment_date = sqlite3_column_int(q, 2);
	col_text(q, 3, b->payer_id, sizeof b->payer_id);
	col_text(q, 4, b->payer_name, sizeof b->payer_name);
	col_text(q, 5, b->provider, sizeof b->provider);
	col_text(q, 6, b->reason, sizeof b->reason);
	col_text(q, 7, b->reference, sizeof b->reference);
	b->amount = sqlite3_column_int64(q, 8);
	b->claim_id = sqlite3_column_int64(q, 9);
	col_text(q, 10, b->clm01, sizeof b->clm01);
	col_text(q, 11, b->clp07, sizeof b->clp07);
	col_text(q, 12, b->link, sizeof b->link);
}

/* The PLB adjustments linked to claim id, into h->plbs. */
static enum store_status
plb_query(struct store *st, int64_t id, struct store_history *h)
{
	sqlite3_stmt *q = prep(st, S_H_PLB);
	int rc;

	if (!q)
		return STORE_ERROR;
	st->plbs.n = 0;
	bint(q, 1, id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_plb_row *b = buf_slot(&st->plbs, sizeof *b);

		if (!b) {
			sqlite3_reset(q);
			snprintf(st->msg, sizeof st->msg, "out of memory");
			return STORE_ERROR;
		}
		plb_row(q, b);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(st, "reading provider adjustments");
	h->plbs = st->plbs.ptr;
	h->nplbs = (unsigned)st->plbs.n;
	return STORE_OK;
}

enum store_status
store_each_plb(struct store *st, bool unlinked_only, store_plb_fn fn, void *ctx)
{
	sqlite3_stmt *q = prep(st, S_EACH_PLB);
	int rc;

	if (!q)
		return STORE_ERROR;
	bint(q, 1, unlinked_only);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_plb_row b;

		plb_row(q, &b);
		if (!fn(ctx, &b))
			break;
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : fail(st, "reading provider adjustments");
}

enum store_status
store_relink_plb(struct store *st, const int64_t *ids, const struct store_plb_link *links, unsigned n)
{
	if (exec(st, "BEGIN IMMEDIATE", "starting to link provider adjustments") != STORE_OK)
		return STORE_ERROR;
	for (unsigned i = 0; i < n; i++) {
		sqlite3_stmt *q = prep(st, S_PLB_RELINK);

		if (!q)
			goto fail;
		bint(q, 1, ids[i]);
		bid(q, 2, links[i].claim_id);
		bid(q, 3, links[i].payment_id);
		btext(q, 4, links[i].method ? links[i].method : "none");
		if (run(st, q, "linking a provider adjustment") != STORE_OK)
			goto fail;
	}
	return exec(st, "COMMIT", "committing the provider adjustment links");
fail:
	exec(st, "ROLLBACK", "rollback");
	return STORE_ERROR;
}

enum store_status
store_payment_by_clp07(struct store *st, const char *payer_id, const char *payer_name, const char *clp07,
		       int64_t *payment_id, int64_t *claim_id)
{
	sqlite3_stmt *q = prep(st, S_PAY_BY_CLP07);
	bool row;

	*payment_id = *claim_id = 0;
	if (!q)
		return STORE_ERROR;
	btext(q, 1, clp07);
	btext(q, 2, payer_id);
	btext(q, 3, payer_name);
	if (step_one(st, q, "looking up a payer claim number", &row) != STORE_OK)
		return STORE_ERROR;
	if (row) {
		*payment_id = sqlite3_column_int64(q, 0);
		*claim_id = sqlite3_column_int64(q, 1);
		sqlite3_reset(q);
	}
	return STORE_OK;
}

enum store_status
store_claim_payment_from(struct store *st, int64_t claim_id, const char *payer_id, const char *payer_name,
			 int64_t *payment_id)
{
	sqlite3_stmt *q = prep(st, S_PAY_FROM);
	bool found;

	if (!q)
		return STORE_ERROR;
	bint(q, 1, claim_id);
	btext(q, 2, payer_id);
	btext(q, 3, payer_name);
	return one_int64(st, q, "looking up a claim's payments", payment_id, &found);
}

/* The latest acknowledgment of claim id, into h->ack (h->has_ack false when none). */
static enum store_status
ack_query(struct store *st, int64_t id, struct store_history *h)
{
	sqlite3_stmt *q = prep(st, S_H_ACK);
	struct store_ack_row *a = &h->ack;
	int rc;

	if (!q)
		return STORE_ERROR;
	bint(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		h->has_ack = true;
		col_text(q, 0, a->kind, sizeof a->kind);
		col_text(q, 1, a->status, sizeof a->status);
		a->rejected = sqlite3_column_int(q, 2) != 0;
		col_text(q, 3, a->reason, sizeof a->reason);
		col_text(q, 4, a->segment, sizeof a->segment);
		a->date = (int32_t)sqlite3_column_int(q, 5);
		col_text(q, 6, a->file, sizeof a->file);
		col_text(q, 7, a->payer_claim, sizeof a->payer_claim);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : fail(st, "reading an acknowledgment");
}

/* Runs fn over the ids an iteration statement yields; the statement is used by this loop only. */
static enum store_status
each_id(struct store *st, enum stmt s, bool claims, store_history_fn fn, void *ctx)
{
	sqlite3_stmt *it = prep(st, s);
	enum store_status ret = STORE_OK;
	int rc;

	if (!it)
		return STORE_ERROR;
	while ((rc = sqlite3_step(it)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(it, 0);
		struct store_history h;

		memset(&h, 0, sizeof h);
		if (claims) {
			sqlite3_stmt *q = prep(st, S_CLAIM_ROW);

			if (!q) {
				ret = STORE_ERROR;
				break;
			}
			bint(q, 1, id);
			if (sqlite3_step(q) == SQLITE_ROW)
				claim_row(q, &h.claim);
			sqlite3_reset(q);
			if (lines_query(st, &st->hlines, id) != STORE_OK) {
				ret = STORE_ERROR;
				break;
			}
			h.lines = st->hlines.ptr;
			h.nlines = (unsigned)st->hlines.n;
			if (ack_query(st, id, &h) != STORE_OK || plb_query(st, id, &h) != STORE_OK) {
				ret = STORE_ERROR;
				break;
			}
			ret = history_query(st, S_H_PAY, S_H_LP, S_H_ADJ, id, &h);
		} else {
			ret = history_query(st, S_U_PAY, S_U_LP, S_U_ADJ, id, &h);
		}
		if (ret != STORE_OK || !fn(ctx, &h))
			break;
	}
	if (ret == STORE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = fail(st, "reading the store");
	sqlite3_reset(it);
	return ret;
}

enum store_status
store_each_claim(struct store *st, store_history_fn fn, void *ctx)
{
	return each_id(st, S_EACH_CLAIM, true, fn, ctx);
}

enum store_status
store_each_rejected(struct store *st, store_history_fn fn, void *ctx)
{
	return each_id(st, S_EACH_REJECTED, true, fn, ctx);
}

enum store_status
store_each_unmatched(struct store *st, store_history_fn fn, void *ctx)
{
	return each_id(st, S_EACH_UNMATCHED, false, fn, ctx);
}

enum store_status
store_fee_lookup(struct store *st, const char *payer, const char *code, const char *mods, int32_t date,
		 int64_t *allowed, bool *found)
{
	sqlite3_stmt *q = prep(st, S_FEE_LOOKUP);

	if (!q)
		return STORE_ERROR;
	btext(q, 1, payer);
	btext(q, 2, code);
	btext(q, 3, mods);
	bint(q, 4, date);
	return one_int64(st, q, "looking up the fee schedule", allowed, found);
}

/* The day before d (CCYYMMDD). */
static int32_t
prev_day(int32_t d)
{
	static const int mdays[] = { 31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = d / 10000, m = d / 100 % 100, dd = d % 100;

	if (dd > 1)
		return d - 1;
	if (m == 1)
		return (y - 1) * 10000 + 1231;
	dd = mdays[m - 1];
	if (m == 3 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		dd = 29;
	return y * 10000 + (m - 1) * 100 + dd;
}

static void
code_file_row(sqlite3_stmt *q, struct store_code_file *f)
{
	char kind[16];

	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(q, 0);
	col_text(q, 1, kind, sizeof kind);
	for (int k = STORE_CODES_HCPCS; k < STORE_CODES_COUNT; k++)
		if (strcmp(kind, store_code_kind_name((enum store_code_kind)k)) == 0)
			f->kind = (enum store_code_kind)k;
	col_text(q, 2, f->path, sizeof f->path);
	col_text(q, 3, f->sha256, sizeof f->sha256);
	col_text(q, 4, f->loaded_at, sizeof f->loaded_at);
	col_text(q, 5, f->layout, sizeof f->layout);
	f->from = sqlite3_column_int(q, 6);
	f->to = sqlite3_column_int(q, 7);
	f->rows = (uint64_t)sqlite3_column_int64(q, 8);
	f->in_from = f->from;
	f->in_to = f->to;
}

enum store_status
store_each_code_file(struct store *st, store_code_file_fn fn, void *ctx)
{
	sqlite3_stmt *q = prep(st, S_CODE_FILES);
	struct store_code_file cur, next;
	bool have = false;
	int rc;

	if (!q)
		return STORE_ERROR;
	/* one row of look-ahead: a version ends where the next of its kind starts */
	for (;;) {
		bool more = (rc = sqlite3_step(q)) == SQLITE_ROW;

		if (more)
			code_file_row(q, &next);
		if (have) {
			if (more && next.kind == cur.kind) {
				if (next.from <= cur.from)
					cur.superseded = true;
				else if (!cur.in_to || cur.in_to >= next.from)
					cur.in_to = prev_day(next.from);
			}
			if (!fn(ctx, &cur))
				break;
		}
		if (!more)
			break;
		cur = next;
		have = true;
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : fail(st, "reading the code files");
}

enum store_status
store_each_code_row(struct store *st, const struct store_code_file *f, store_code_row_fn fn, void *ctx)
{
	sqlite3_stmt *q;
	int rc;

	if (!store_code_kind_name(f->kind)) {
		snprintf(st->msg, sizeof st->msg, "database: unknown code-set kind");
		return STORE_ERROR;
	}
	if (!(q = prep(st, (enum stmt)(S_ROWS_HCPCS + (f->kind - STORE_CODES_HCPCS)))))
		return STORE_ERROR;
	bint(q, 1, f->id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_code_row r;

		r.code = (const char *)sqlite3_column_text(q, 0);
		r.code2 = (const char *)sqlite3_column_text(q, 1);
		r.added = sqlite3_column_int(q, 2);
		r.effective = sqlite3_column_int(q, 3);
		r.ended = sqlite3_column_int(q, 4);
		r.flag = (unsigned)sqlite3_column_int(q, 5);
		r.value = sqlite3_column_int64(q, 6);
		if (!r.code)
			r.code = "";
		if (!r.code2)
			r.code2 = "";
		if (!fn(ctx, &r))
			break;
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : fail(st, "reading code-set rows");
}

enum store_status
store_asp_lookup(struct store *st, const char *code, int32_t date, int64_t *limit, bool *found)
{
	sqlite3_stmt *q = prep(st, S_ASP_LOOKUP);

	if (!q)
		return STORE_ERROR;
	btext(q, 1, code);
	bint(q, 2, date);
	return one_int64(st, q, "looking up the ASP payment limit", limit, found);
}

enum store_status
store_totals(struct store *st, struct store_totals *t)
{
	sqlite3_stmt *q = prep(st, S_TOTALS);

	if (!q)
		return STORE_ERROR;
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_reset(q);
		return fail(st, "reading the totals");
	}
	t->submit_files = (uint64_t)sqlite3_column_int64(q, 0);
	t->claims = (uint64_t)sqlite3_column_int64(q, 1);
	t->lines = (uint64_t)sqlite3_column_int64(q, 2);
	t->remit_files = (uint64_t)sqlite3_column_int64(q, 3);
	t->remits = (uint64_t)sqlite3_column_int64(q, 4);
	t->duplicate_remits = (uint64_t)sqlite3_column_int64(q, 5);
	t->unbalanced_remits = (uint64_t)sqlite3_column_int64(q, 6);
	t->payments = (uint64_t)sqlite3_column_int64(q, 7);
	t->unmatched_payments = (uint64_t)sqlite3_column_int64(q, 8);
	t->bpr_total = sqlite3_column_int64(q, 9);
	t->clp_paid_total = sqlite3_column_int64(q, 10);
	t->plb_total = sqlite3_column_int64(q, 11);
	t->interest_total = sqlite3_column_int64(q, 12);
	t->fee_rows = (uint64_t)sqlite3_column_int64(q, 13);
	t->ack_files = (uint64_t)sqlite3_column_int64(q, 14);
	t->acks = (uint64_t)sqlite3_column_int64(q, 15);
	t->rejected_acks = (uint64_t)sqlite3_column_int64(q, 16);
	t->unmatched_acks = (uint64_t)sqlite3_column_int64(q, 17);
	sqlite3_reset(q);
	return STORE_OK;
}

enum store_status
store_each_unbalanced(struct store *st, store_unbalanced_fn fn, void *ctx)
{
	sqlite3_stmt *q = prep(st, S_UNBALANCED);
	int rc;

	if (!q)
		return STORE_ERROR;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_unbalanced u;

		col_text(q, 0, u.trn, sizeof u.trn);
		col_text(q, 1, u.st02, sizeof u.st02);
		u.bpr02 = sqlite3_column_int64(q, 2);
		u.claims_paid = sqlite3_column_int64(q, 3);
		u.plb_total = sqlite3_column_int64(q, 4);
		u.imbalance = sqlite3_column_int64(q, 5);
		if (!fn(ctx, &u))
			break;
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : fail(st, "reading remittances");
}
