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

/* Where the CPU has SHA instructions they hash; the portable code must agree on every length. */
static void
test_sha256_paths(void)
{
	unsigned char *buf = malloc(70000);
	char fast[65], slow[65];
	uint32_t x = 2463534242u;

	harness_context("sha256: SHA instructions and portable code");
	for (size_t i = 0; i < 70000; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
	for (size_t len = 0; len < 70000; len = len * 3 + 1) {
		for (size_t step = 1; step < 300; step = step * 5 + 2) {
			sha256_use_portable(false);
			hash_of((const char *)buf, len, step, fast);
			sha256_use_portable(true);
			hash_of((const char *)buf, len, step, slow);
			CHECK_STR_EQ(fast, slow);
		}
	}
	sha256_use_portable(true);
	hash_of("abc", 3, 3, slow);
	CHECK_STR_EQ(slow, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_use_portable(false);
	free(buf);
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
	/* PLB reasons: which name a claim and what a linked amount does; near misses CT and an unknown code */
	CHECK_INT_EQ(remit_plb_reason("WO")->kind, REMIT_PLB_RECOVERY);
	CHECK(remit_plb_reason("WO")->claim_ref);
	CHECK_INT_EQ(remit_plb_reason("FB")->kind, REMIT_PLB_RECOVERY);
	CHECK_INT_EQ(remit_plb_reason("L6")->kind, REMIT_PLB_INTEREST);
	CHECK(remit_plb_reason("L6")->claim_ref);
	CHECK_INT_EQ(remit_plb_reason("CT")->kind, REMIT_PLB_OTHER);
	CHECK(!remit_plb_reason("CT")->claim_ref);
	CHECK(!remit_plb_reason("ZZ")->claim_ref);
	CHECK_STR_EQ(remit_plb_reason("ZZ")->label, "unlisted");
	CHECK(remit_clp02_forwarded("19") && remit_clp02_forwarded("21"));
	CHECK(!remit_clp02_forwarded("1") && !remit_clp02_forwarded("22"));
	remit_mods_key("JZ:25", key);
	CHECK_STR_EQ(key, "25:JZ");
	remit_mods_key("", key);
	CHECK_STR_EQ(key, "");
	remit_mods_key("XS:59:25:JW", key);
	CHECK_STR_EQ(key, "25:59:JW:XS");
	CHECK_INT_EQ(remit_days_between(20250306, 20250501), 56);
	CHECK_INT_EQ(remit_days_between(20241231, 20250101), 1);
	CHECK_INT_EQ(remit_days_between(20240228, 20240301), 2);
	/* remittance weeks start on Monday, across months, years and leap days */
	CHECK_INT_EQ(remit_week_start(20250115), 20250113);
	CHECK_INT_EQ(remit_week_start(20250113), 20250113);
	CHECK_INT_EQ(remit_week_start(20250119), 20250113);
	CHECK_INT_EQ(remit_week_start(20250120), 20250120);
	CHECK_INT_EQ(remit_week_start(20250101), 20241230);
	CHECK_INT_EQ(remit_week_start(20240301), 20240226);
	CHECK_INT_EQ(remit_week_start(20000301), 20000228);
	CHECK_INT_EQ(remit_week_start(19700101), 19691229);
}

/* ---- matching, on claims and payments built here */

static void
mk_claim(struct c837_claim *c, struct c837_line *lines, const char *id, const char *payer, int64_t charge)
{
	memset(c, 0, sizeof *c);
	snprintf(c->id, sizeof c->id, "%s", id);
	snprintf(c->payer.id, sizeof c->payer.id, "%s", payer);
	snprintf(c->payer.last, sizeof c->payer.last, "PAYER %s", payer);
	snprintf(c->frequency, sizeof c->frequency, "1");
	c->kind = 'P';
	c->charge = charge;
	c->lines = lines;
}

static void
mk_line(struct c837_line *l, uint32_t lx, const char *code, const char *mod1, const char *mod2, int64_t units,
	int64_t charge, const char *control)
{
	memset(l, 0, sizeof *l);
	l->lx = lx;
	snprintf(l->code, sizeof l->code, "%s", code);
	if (mod1)
		snprintf(l->mod[l->nmod++], 3, "%s", mod1);
	if (mod2)
		snprintf(l->mod[l->nmod++], 3, "%s", mod2);
	l->units = units * 1000;
	l->charge = charge;
	l->date_from = l->date_to = 20250102;
	snprintf(l->control, sizeof l->control, "%s", control ? control : "");
}

static void
mk_pay(struct r835_payment *p, struct r835_line *lines, const char *clp01, const char *payer, int64_t charge,
       const char *clp07)
{
	memset(p, 0, sizeof *p);
	snprintf(p->claim_id, sizeof p->claim_id, "%s", clp01);
	snprintf(p->payer_id, sizeof p->payer_id, "%s", payer);
	snprintf(p->status, sizeof p->status, "1");
	snprintf(p->payer_claim_id, sizeof p->payer_claim_id, "%s", clp07);
	p->charge = charge;
	p->lines = lines;
}

static void
mk_svc(struct r835_line *l, const char *code, const char *mod1, int64_t units, int64_t charge, const char *control)
{
	memset(l, 0, sizeof *l);
	snprintf(l->code, sizeof l->code, "%s", code);
	if (mod1)
		snprintf(l->mod[l->nmod++], 3, "%s", mod1);
	l->units = units * 1000;
	l->charge = charge;
	l->date_from = l->date_to = 20250102;
	snprintf(l->control, sizeof l->control, "%s", control ? control : "");
}

static struct remit_matcher *mt;

/* Matches p; returns the method, with the claim's CLM01 in *clm01 ("" unmatched). */
static const char *
match(struct store *st, const struct r835_payment *p, struct store_match *m)
{
	CHECK_INT_EQ(remit_match(mt, p, m), STORE_OK);
	(void)st;
	return m->method;
}

static void
test_matching(void)
{
	struct store_file_info info = { STORE_FILE_SUBMIT, "t.837", 20250106 };
	struct store_identity id = { .sha256 = "bb" };
	struct c837_claim c;
	struct c837_line cl[4];
	struct r835_payment p;
	struct r835_line pl[4];
	struct store_match m;
	char path[256], at[32];
	struct store *st;
	int64_t a, b, trunc, dup1, dup2;
	const struct store_line *lines;
	unsigned n;

	path_in(path, sizeof path, "match.db");
	CHECK_INT_EQ(store_open(path, &st), STORE_OK);
	CHECK_INT_EQ(store_begin_file(st, &info), STORE_OK);
	mk_line(&cl[0], 1, "96413", NULL, NULL, 1, 30000, "A-1");
	mk_line(&cl[1], 2, "99214", "25", NULL, 1, 25000, NULL);
	mk_line(&cl[2], 3, "J9271", "JZ", "JW", 200, 1200000, NULL);
	mk_claim(&c, cl, "A0001", "P1", 1255000);
	c.nlines = 3;
	CHECK_INT_EQ(store_add_claim(st, &c), STORE_OK);
	mk_claim(&c, cl, "0000B77", "P1", 30000);
	c.nlines = 1;
	CHECK_INT_EQ(store_add_claim(st, &c), STORE_OK);
	/* 22 characters: a payer that keeps 20 sends a prefix */
	mk_claim(&c, cl, "LONGCLAIMNUMBER1234567", "P1", 30000);
	CHECK_INT_EQ(store_add_claim(st, &c), STORE_OK);
	/* the same CLM01 sent twice */
	mk_claim(&c, cl, "D0001", "P1", 30000);
	CHECK_INT_EQ(store_add_claim(st, &c), STORE_OK);
	CHECK_INT_EQ(store_add_claim(st, &c), STORE_OK);
	CHECK_INT_EQ(store_commit(st, &id, at), STORE_OK);
	CHECK(mt = remit_matcher_new(st));

	harness_context("claim tiers");
	mk_pay(&p, pl, "A0001", "P1", 1255000, "X1");
	CHECK_STR_EQ(match(st, &p, &m), "exact");
	CHECK_INT_EQ(m.confidence, 100);
	a = m.claim_id;
	CHECK(a != 0);
	mk_pay(&p, pl, "A0001", "P2", 1255000, "X1");     /* another payer */
	CHECK_STR_EQ(match(st, &p, &m), "none");
	mk_pay(&p, pl, "A0001", "P1", 1000, "X1");        /* another charge */
	CHECK_STR_EQ(match(st, &p, &m), "none");
	mk_pay(&p, pl, "A0001", "P1", -1255000, "X1");    /* a reversal: |CLP03| */
	CHECK_STR_EQ(match(st, &p, &m), "exact");
	mk_pay(&p, pl, "A0001", "P1", 1255000, "X1");
	p.stmt_from = p.stmt_to = 20240101;               /* dates that do not overlap */
	CHECK_STR_EQ(match(st, &p, &m), "none");
	mk_pay(&p, pl, "a-0001", "P1", 1255000, "X1");    /* case and punctuation */
	CHECK_STR_EQ(match(st, &p, &m), "normalised");
	CHECK_INT_EQ(m.claim_id, a);
	mk_pay(&p, pl, "B77", "P1", 30000, "X2");         /* leading zeros dropped */
	CHECK_STR_EQ(match(st, &p, &m), "normalised");
	b = m.claim_id;
	CHECK(b != 0 && b != a);
	mk_pay(&p, pl, "LONGCLAIMNUMBER12345", "P1", 30000, "X3"); /* cut at 20 */
	CHECK_STR_EQ(match(st, &p, &m), "normalised");
	trunc = m.claim_id;
	CHECK(trunc != 0 && trunc != b);
	mk_pay(&p, pl, "LONGCLAIMNUMBER123", "P1", 30000, "X3"); /* 18: not a truncation length */
	CHECK_STR_EQ(match(st, &p, &m), "none");
	mk_pay(&p, pl, "D0001", "P1", 30000, "X4");       /* two submissions, neither answered: the latest */
	CHECK_STR_EQ(match(st, &p, &m), "exact");
	CHECK_INT_EQ(m.confidence, 80);
	dup2 = m.claim_id;

	harness_context("payer claim number tier, after a stored payment");
	CHECK_INT_EQ(store_begin_file(st, &(struct store_file_info){ STORE_FILE_REMIT, "t.835", 20250120 }), STORE_OK);
	{
		struct r835_remittance r;
		int64_t dup;

		memset(&r, 0, sizeof r);
		snprintf(r.trn, sizeof r.trn, "T1");
		snprintf(r.payer_id, sizeof r.payer_id, "P1");
		CHECK_INT_EQ(store_add_remit(st, &r, &dup), STORE_OK);
		CHECK_INT_EQ(dup, 0);
		mk_pay(&p, pl, "D0001", "P1", 30000, "X4");
		m = (struct store_match){ .claim_id = dup2, .method = "exact", .confidence = 80 };
		CHECK_INT_EQ(store_add_payment(st, &p, &m), STORE_OK);
		/* a later answer naming X4 (a reversal) goes to the same submission */
		mk_pay(&p, pl, "D0001", "P1", -30000, "X4");
		CHECK_STR_EQ(match(st, &p, &m), "exact");
		CHECK_INT_EQ(m.claim_id, dup2);
		CHECK_INT_EQ(m.confidence, 95);
		/* a new answer (another CLP07) goes to the submission not yet answered */
		mk_pay(&p, pl, "D0001", "P1", 30000, "X5");
		CHECK_STR_EQ(match(st, &p, &m), "exact");
		dup1 = m.claim_id;
		CHECK(dup1 != dup2 && dup1 != 0);
		/* CLP01 mangled beyond recognition, CLP07 known */
		mk_pay(&p, pl, "ZZZ", "P1", 30000, "X4");
		CHECK_STR_EQ(match(st, &p, &m), "payer_claim");
		CHECK_INT_EQ(m.claim_id, dup2);
		CHECK_INT_EQ(store_end_remit(st, &r, 0), STORE_OK);
	}
	store_rollback(st);

	harness_context("line tiers");
	CHECK_INT_EQ(store_claim_lines(st, a, &lines, &n), STORE_OK);
	CHECK_INT_EQ(n, 3);
	mk_pay(&p, pl, "A0001", "P1", 1255000, "X1");
	mk_svc(&pl[0], "96413", NULL, 1, 30000, "A-1");          /* by 6R */
	mk_svc(&pl[1], "9921425", NULL, 1, 25000, NULL);          /* glued modifier */
	mk_svc(&pl[2], "J9271", "JW", 200, 1200000, NULL);        /* JZ dropped, JW kept: modifiers relaxed */
	mk_svc(&pl[3], "96375", NULL, 1, 0, NULL);                /* payer-added, zero charge, unknown code */
	p.nlines = 4;
	CHECK_STR_EQ(match(st, &p, &m), "exact");
	CHECK_STR_EQ(m.lines[0].method, "6r");
	CHECK_INT_EQ(m.lines[0].line_id, lines[0].id);
	CHECK_STR_EQ(m.lines[1].method, "code_split");
	CHECK_INT_EQ(m.lines[1].line_id, lines[1].id);
	CHECK_STR_EQ(m.lines[2].method, "code_no_mods");
	CHECK_INT_EQ(m.lines[2].line_id, lines[2].id);
	CHECK_STR_EQ(m.lines[3].method, "payer_added");
	CHECK_INT_EQ(m.lines[3].line_id, 0);
	/* modifiers in another order, units paid differently but SVC07 the submitted ones */
	mk_svc(&pl[0], "J9271", "JW", 150, 1200000, NULL);
	snprintf(pl[0].mod[pl[0].nmod++], 3, "JZ");
	pl[0].orig_units = 200000;
	mk_svc(&pl[1], "99213", NULL, 1, 25000, NULL);            /* recoded, SVC06 the submitted 99214-25 */
	snprintf(pl[1].orig_code, sizeof pl[1].orig_code, "99214");
	snprintf(pl[1].orig_mod[pl[1].norig_mod++], 3, "25");
	mk_svc(&pl[2], "96413", NULL, 2, 30000, NULL);            /* units differ: relaxed */
	p.nlines = 3;
	CHECK_STR_EQ(match(st, &p, &m), "exact");
	CHECK_STR_EQ(m.lines[0].method, "code");
	CHECK_INT_EQ(m.lines[0].line_id, lines[2].id);
	CHECK_STR_EQ(m.lines[1].method, "code");
	CHECK_INT_EQ(m.lines[1].line_id, lines[1].id);
	CHECK_STR_EQ(m.lines[2].method, "code_no_units");
	CHECK_INT_EQ(m.lines[2].line_id, lines[0].id);
	CHECK(!m.lines[0].ambiguous && !m.lines[1].ambiguous);
	remit_matcher_free(mt);
	store_close(st);
}

/*
 * The claim look-ups sort in C (store.c): latest submission first (date, then
 * id), at most 64; a claim's lines by LX, then id.  Submissions dated out of
 * order, more than 64 of one CLM01, and lines stored out of LX order.
 */
static void
test_lookup_order(void)
{
	struct store_identity id = { .sha256 = "cc" };
	struct c837_claim c;
	struct c837_line cl[3];
	const struct store_claim *found;
	const struct store_line *lines;
	char path[256], at[32];
	struct store *st;
	unsigned n;
	int64_t first_id = 0;

	harness_context("look-ups: latest submission first, at most 64; lines in LX order");
	path_in(path, sizeof path, "order.db");
	CHECK_INT_EQ(store_open(path, &st), STORE_OK);
	/* 70 submissions of E1: dates 20250110, 20250101, 20250110, 20250101, ... */
	for (int i = 0; i < 70; i++) {
		struct store_file_info info = { STORE_FILE_SUBMIT, "o.837", i % 2 ? 20250101 : 20250110 };

		snprintf(id.sha256, sizeof id.sha256, "o%d", i);
		CHECK_INT_EQ(store_begin_file(st, &info), STORE_OK);
		mk_line(&cl[0], 3, "J9271", NULL, NULL, 1, 100, NULL);
		mk_line(&cl[1], 1, "96413", NULL, NULL, 1, 200, NULL);
		mk_line(&cl[2], 2, "96375", NULL, NULL, 1, 300, NULL);
		mk_claim(&c, cl, "E1", "P1", 600);
		c.nlines = 3;
		CHECK_INT_EQ(store_add_claim(st, &c), STORE_OK);
		CHECK_INT_EQ(store_commit(st, &id, at), STORE_OK);
	}
	CHECK_INT_EQ(store_claims_by_id(st, "E1", &found, &n), STORE_OK);
	CHECK_INT_EQ(n, 64);
	for (unsigned i = 0; i < n; i++) {
		CHECK_INT_EQ(found[i].submitted, i < 35 ? 20250110 : 20250101);
		if (i && found[i].submitted == found[i - 1].submitted)
			CHECK(found[i].id < found[i - 1].id);
	}
	/* the 20250110 ones are the even files: ids 69 .. 1 step 2 (claim ids start at 1) */
	CHECK_INT_EQ(found[0].id, 69);
	CHECK_INT_EQ(found[34].id, 1);
	CHECK_INT_EQ(found[35].id, 70);
	CHECK_INT_EQ(store_claims_by_norm(st, "e-1", false, &found, &n), STORE_OK);
	CHECK_INT_EQ(n, 64);
	CHECK_INT_EQ(found[0].id, 69);
	first_id = found[0].id;
	CHECK_INT_EQ(store_claim_lines(st, first_id, &lines, &n), STORE_OK);
	CHECK_INT_EQ(n, 3);
	CHECK_INT_EQ(lines[0].lx, 1);
	CHECK_STR_EQ(lines[0].code, "96413");
	CHECK_INT_EQ(lines[1].lx, 2);
	CHECK_INT_EQ(lines[2].lx, 3);
	CHECK(lines[2].id < lines[0].id);
	store_close(st);
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
	test_sha256_paths();
	test_open();
	test_transactions_and_fees();
	test_codes();
	test_matching();
	test_lookup_order();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return harness_exit();
}
