/*
 * test-store.c - the store and the remit tables without the CLI: SHA-256
 * (FIPS 180-4 examples, any split), a new database (mode 0600, schema
 * version), a newer one refused, one transaction per file (rollback leaves
 * nothing, the same identity twice changes nothing), fee look-ups (dates,
 * modifiers: an exact set wins over "any"), and the code tables.
 */
#include "harness.h"
#include "remit.h"
#include "sha256.h"
#include "store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/remedi-test-store-XXXXXX";

static void
hash_of(const char *data, size_t len, size_t step, char hex[65])
{
	struct sha256 s;

	sha256_init(&s);
	for (size_t i = 0; i < len; i += step)
		sha256_update(&s, data + i, len - i < step ? len - i : step);
	sha256_final_hex(&s, hex);
}

static void
test_sha256(void)
{
	char hex[65];
	char *million = malloc(1000000);
	static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	harness_context("sha256");
	hash_of("", 0, 1, hex);
	CHECK_STR_EQ(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hash_of("abc", 3, 2, hex);
	CHECK_STR_EQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	for (size_t step = 1; step < 70; step += 13) {
		hash_of(two_blocks, sizeof two_blocks - 1, step, hex);
		CHECK_STR_EQ(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	}
	memset(million, 'a', 1000000);
	hash_of(million, 1000000, 4093, hex);
	CHECK_STR_EQ(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

static void
path_in(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

static void
test_open(void)
{
	char path[256];
	struct store *st;
	struct stat sb;
	sqlite3 *db;

	harness_context("open: new database, reopen, newer schema refused");
	path_in(path, sizeof path, "new.db");
	CHECK_INT_EQ(store_open(path, &st), STORE_OK);
	CHECK_INT_EQ(store_found_version(st), 0);
	store_close(st);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	CHECK_INT_EQ(store_open(path, &st), STORE_OK);
	CHECK_INT_EQ(store_found_version(st), STORE_SCHEMA_VERSION);
	store_close(st);
	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	CHECK_INT_EQ(store_open(path, &st), STORE_NEWER);
	CHECK(strstr(store_errmsg(st), "newer") != NULL);
	store_close(st);
	harness_context("open: a path that cannot be created");
	CHECK_INT_EQ(store_open("/nonexistent-dir/x.db", &st), STORE_ERROR);
	CHECK(strstr(store_errmsg(st), "cannot create") != NULL);
	store_close(st);
}

static void
fee(struct store *st, const char *payer, const char *code, const char *mods, int32_t from, int32_t to, int64_t cents)
{
	struct store_fee f = { .from = from, .to = to, .allowed = cents };

	snprintf(f.payer, sizeof f.payer, "%s", payer);
	snprintf(f.code, sizeof f.code, "%s", code);
	snprintf(f.modifiers, sizeof f.modifiers, "%s", mods);
	CHECK_INT_EQ(store_add_fee(st, &f), STORE_OK);
}

static int64_t
lookup(struct store *st, const char *code, const char *mods, int32_t date)
{
	int64_t allowed;
	bool found;

	CHECK_INT_EQ(store_fee_lookup(st, "PYR", code, mods, date, &allowed, &found), STORE_OK);
	return found ? allowed : -1;
}

static void
test_transactions_and_fees(void)
{
	struct store_file_info info = { STORE_FILE_FEES, "fees.csv", 20250101 };
	struct store_identity id = { .sha256 = "aa" };
	struct store_totals t;
	char path[256], at[32];
	struct store *st;

	path_in(path, sizeof path, "fees.db");
	CHECK_INT_EQ(store_open(path, &st), STORE_OK);
	harness_context("rollback stores nothing");
	CHECK_INT_EQ(store_begin_file(st, &info), STORE_OK);
	fee(st, "PYR", "96413", "", 20250101, 20251231, 25000);
	store_rollback(st);
	CHECK_INT_EQ(store_totals(st, &t), STORE_OK);
	CHECK_INT_EQ(t.fee_rows, 0);
	harness_context("commit, then the same identity again");
	CHECK_INT_EQ(store_begin_file(st, &info), STORE_OK);
	fee(st, "PYR", "96413", "", 20250101, 20251231, 25000);
	fee(st, "PYR", "96413", "", 20260101, 20261231, 26000);
	fee(st, "PYR", "J9271", "", 20250101, 20251231, 5000);
	fee(st, "PYR", "J9271", "JW:JZ", 20250101, 20251231, 5500);
	CHECK_INT_EQ(store_commit(st, &id, at), STORE_OK);
	CHECK_INT_EQ(store_begin_file(st, &info), STORE_OK);
	fee(st, "PYR", "96413", "", 20250101, 20251231, 1);
	CHECK_INT_EQ(store_commit(st, &id, at), STORE_DUPLICATE);
	CHECK(at[0] == '2');
	CHECK_INT_EQ(store_totals(st, &t), STORE_OK);
	CHECK_INT_EQ(t.fee_rows, 4);
	harness_context("fee look-ups");
	CHECK_INT_EQ(lookup(st, "96413", "", 20250615), 25000);
	CHECK_INT_EQ(lookup(st, "96413", "25", 20260615), 26000); /* a row with no modifiers applies to any */
	CHECK_INT_EQ(lookup(st, "96413", "", 20240615), -1);      /* before the schedule */
	CHECK_INT_EQ(lookup(st, "J9271", "JW:JZ", 20250615), 5500); /* the exact set wins */
	CHECK_INT_EQ(lookup(st, "J9271", "JZ", 20250615), 5000);
	CHECK_INT_EQ(lookup(st, "99999", "", 20250615), -1);
	store_close(st);
}

static void
test_codes(void)
{
	char key[16];

	harness_context("code tables and helpers");
	CHECK(remit_codes_sorted());
	CHECK_INT_EQ(remit_adj_kind("CO", "45"), REMIT_ADJ_CONTRACTUAL);
	CHECK_INT_EQ(remit_adj_kind("CO", "253"), REMIT_ADJ_CONTRACTUAL);
	CHECK_INT_EQ(remit_adj_kind("PR", "1"), REMIT_ADJ_COST_SHARE);
	CHECK_INT_EQ(remit_adj_kind("PR", "204"), REMIT_ADJ_DENIAL);
	CHECK_INT_EQ(remit_adj_kind("CO", "2"), REMIT_ADJ_DENIAL);
	CHECK_INT_EQ(remit_adj_kind("CO", "197"), REMIT_ADJ_DENIAL);
	CHECK_INT_EQ(remit_adj_kind("OA", "23"), REMIT_ADJ_INFO);
	CHECK_INT_EQ(remit_adj_kind("OA", "18"), REMIT_ADJ_DUPLICATE);
	CHECK_INT_EQ(remit_adj_kind("OA", "133"), REMIT_ADJ_PENDING);
	CHECK_INT_EQ(remit_adj_kind("CO", "Z99"), REMIT_ADJ_DENIAL);
	CHECK_STR_EQ(remit_carc("Z99")->label, "unlisted code");
	CHECK(remit_carc("197")->appealable);
	CHECK(!remit_carc("97")->appealable);
	CHECK_STR_EQ(remit_rarc_label("MA15"), "claim split by payer");
	CHECK(remit_rarc_label("X1") == NULL);
	remit_mods_key("JZ:25", key);
	CHECK_STR_EQ(key, "25:JZ");
	remit_mods_key("", key);
	CHECK_STR_EQ(key, "");
	remit_mods_key("XS:59:25:JW", key);
	CHECK_STR_EQ(key, "25:59:JW:XS");
	CHECK_INT_EQ(remit_days_between(20250306, 20250501), 56);
	CHECK_INT_EQ(remit_days_between(20241231, 20250101), 1);
	CHECK_INT_EQ(remit_days_between(20240228, 20240301), 2);
}

int
main(void)
{
	char cmd[300];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	test_sha256();
	test_open();
	test_transactions_and_fees();
	test_codes();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return harness_exit();
}
