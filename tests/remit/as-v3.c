/*
 * as-v3.c - turns a store into the shape remedi's schema version 3 gave it,
 * rows kept: what a billing office's database looks like when it upgrades
 * from the release before migration 4.  The migration test (migrate.sh) then
 * opens it with this remedi.
 *
 *   remedi-as-v3 DB
 *
 * Version 3's plb and claim_payment tables are written out here as they were
 * released (store/store.c, migration 1): the fixture must not follow later
 * migrations.  Migration 4 added plb.claim_id, plb.payment_id, plb.link, the
 * index plb_claim and claim_payment.crossover_name, crossover_id.
 */
#include <sqlite3.h>
#include <stdio.h>

static const char *const steps[] = {
	"PRAGMA foreign_keys = OFF",
	"BEGIN",
	"DROP INDEX plb_claim",
	"CREATE TABLE plb_v3(id INTEGER PRIMARY KEY, txn_id INTEGER NOT NULL REFERENCES remit_txn(id), "
	"provider TEXT, period_end INTEGER, reason TEXT NOT NULL, reference TEXT, amount_cents INTEGER NOT NULL)",
	"INSERT INTO plb_v3 SELECT id, txn_id, provider, period_end, reason, reference, amount_cents FROM plb",
	"DROP TABLE plb",
	"ALTER TABLE plb_v3 RENAME TO plb",
	"CREATE TABLE claim_payment_v3(id INTEGER PRIMARY KEY, "
	"txn_id INTEGER NOT NULL REFERENCES remit_txn(id), seq INTEGER NOT NULL, clp01 TEXT NOT NULL, "
	"clp02 TEXT NOT NULL, charge_cents INTEGER NOT NULL, paid_cents INTEGER NOT NULL, "
	"patient_resp_cents INTEGER NOT NULL, filing TEXT, clp07 TEXT NOT NULL, facility TEXT, "
	"frequency TEXT, stmt_from INTEGER, stmt_to INTEGER, received INTEGER, "
	"interest_cents INTEGER NOT NULL, rendering_npi TEXT, payer_id TEXT NOT NULL, "
	"payer_name TEXT NOT NULL, claim_id INTEGER REFERENCES claim(id), match_method TEXT NOT NULL, "
	"confidence INTEGER NOT NULL, errors INTEGER NOT NULL)",
	"INSERT INTO claim_payment_v3 SELECT id, txn_id, seq, clp01, clp02, charge_cents, paid_cents, "
	"patient_resp_cents, filing, clp07, facility, frequency, stmt_from, stmt_to, received, interest_cents, "
	"rendering_npi, payer_id, payer_name, claim_id, match_method, confidence, errors FROM claim_payment",
	"DROP TABLE claim_payment",
	"ALTER TABLE claim_payment_v3 RENAME TO claim_payment",
	"CREATE INDEX claim_payment_claim ON claim_payment(claim_id)",
	"CREATE INDEX claim_payment_clp07 ON claim_payment(clp07)",
	"PRAGMA user_version = 3",
	"COMMIT",
};

int
main(int argc, char **argv)
{
	sqlite3 *db;
	char *err = NULL;

	if (argc != 2) {
		fprintf(stderr, "usage: remedi-as-v3 DB\n");
		return 3;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "remedi-as-v3: %s: %s\n", argv[1], sqlite3_errmsg(db));
		sqlite3_close(db);
		return 4;
	}
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (sqlite3_exec(db, steps[i], NULL, NULL, &err) != SQLITE_OK) {
			fprintf(stderr, "remedi-as-v3: %s: %s: %s\n", argv[1], steps[i], err ? err : "?");
			sqlite3_free(err);
			sqlite3_close(db);
			return 4;
		}
	}
	return sqlite3_close(db) == SQLITE_OK ? 0 : 4;
}
