/*
 * cmd_remit.c - `remedi remit FILE...`: imports 835 files into the claim
 * store, matching every claim payment to the claim and lines it answers
 * (remit/match.c).  One store transaction per file.  A remittance that does
 * not balance is imported as it is and flagged; a remittance already stored
 * (same TRN02, payer, BPR16, BPR02, payee) is recorded as a duplicate and
 * its payments are not posted again; a file stored before changes nothing.
 */
#include "batch.h"
#include "commands.h"
#include "db.h"
#include "remit.h"

#include <getopt.h>
#include <string.h>

struct rem_ctx {
	struct cli_load *ld;
	struct remit_matcher *matcher;
	bool in_remit, duplicate;
	struct r835_remittance end;   /* copied at REMIT_END, stored at TXN_END with the set's verdict */
	bool have_end;
	unsigned long remits, duplicates, unbalanced, payments, matched, unmatched, ambiguous;
	unsigned long by_method[4];
	unsigned long claims;         /* 837 claims seen: not this command's */
	unsigned long plb_linked, plb_unlinked; /* PLB adjustments whose reference names a claim (or not) */
};

static const char *const methods[] = { "exact", "payer_claim", "normalised", "none" };

static void
money(char *buf, size_t size, int64_t cents)
{
	x12_money_str(buf, size, cents);
}

static bool
on_txn_end(struct rem_ctx *c, const struct x12_txn_info *txn)
{
	const struct r835_remittance *r = &c->end;
	struct store_plb_link links[R835_MAX_PLB];
	int64_t imbalance;
	char a[32], b[32], d[32];

	if (!c->in_remit)
		return true;
	c->in_remit = false;
	if (!c->have_end)
		return true;
	for (unsigned i = 0; i < r->nplb && !c->duplicate; i++) {
		if (remit_match_plb(c->matcher, r, &r->plb[i], &links[i]) != STORE_OK)
			return false;
		if (remit_plb_reason(r->plb[i].reason)->claim_ref && r->plb[i].ref[0]) {
			if (links[i].claim_id)
				c->plb_linked++;
			else
				c->plb_unlinked++;
		}
	}
	if (store_end_remit_linked(c->ld->st, r, txn->errors, c->duplicate ? NULL : links) != STORE_OK)
		return false;
	imbalance = r->total_paid - (r->claims_paid - r->plb_total);
	if (imbalance || txn->errors) {
		c->unbalanced++;
		money(a, sizeof a, r->total_paid);
		money(b, sizeof b, r->claims_paid);
		money(d, sizeof d, r->plb_total);
		printf("%s: remittance TRN %s (ST %s) flagged: ", c->ld->path, r->trn, txn->st02);
		if (imbalance) {
			char e[32];

			money(e, sizeof e, imbalance);
			printf("BPR02 %s is not claims %s minus PLB %s (off by %s)", a, b, d, e);
		}
		if (txn->errors)
			printf("%s%u error%s in the set", imbalance ? "; " : "", txn->errors, txn->errors == 1 ? "" : "s");
		printf("; imported as sent\n");
	}
	return true;
}

static bool
on_record(void *ctx, const struct x12_record *rec)
{
	struct rem_ctx *c = ctx;
	struct store_match m;
	int64_t dup;

	switch (rec->type) {
	case X12_REC_DIAG:
		cli_load_diag(c->ld, rec->diag);
		break;
	case X12_REC_REMIT_BEGIN:
		if (store_add_remit(c->ld->st, rec->remit, &dup) != STORE_OK)
			return false;
		c->in_remit = true;
		c->have_end = false;
		c->duplicate = dup != 0;
		c->remits++;
		if (dup)
			c->duplicates++;
		break;
	case X12_REC_PAYMENT:
		if (c->duplicate)
			break;
		if (remit_match(c->matcher, rec->payment, &m) != STORE_OK ||
		    store_add_payment(c->ld->st, rec->payment, &m) != STORE_OK)
			return false;
		c->payments++;
		for (unsigned k = 0; k < 4; k++)
			if (strcmp(m.method, methods[k]) == 0)
				c->by_method[k]++;
		if (m.claim_id)
			c->matched++;
		else
			c->unmatched++;
		for (unsigned i = 0; m.lines && i < rec->payment->nlines; i++)
			c->ambiguous += m.lines[i].ambiguous;
		break;
	case X12_REC_REMIT_END:
		c->end = *rec->remit;
		c->have_end = true;
		break;
	case X12_REC_TXN_END:
		return on_txn_end(c, rec->txn);
	case X12_REC_CLAIM:
		c->claims++;
		break;
	default:
		break;
	}
	return true;
}

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi remit [options] FILE...\n"
		"\n"
		"Imports each 835 FILE (plain or gzip, '-' = stdin) into the claim store and\n"
		"matches every claim payment (CLP) to the submitted claim it answers, and every\n"
		"service line (SVC) to its claim line.  Each file is one transaction: all of it\n"
		"is stored or nothing.  A file stored before changes nothing and says so; a\n"
		"remittance sent again in another file is recorded as a duplicate, not posted.\n"
		"A remittance that does not balance is imported as sent and flagged.\n"
		"Payments that match no claim wait in the unmatched queue (remedi report unmatched).\n"
		"\n"
		"  --db PATH         the store (default $REMEDI_DB, else remedi.db here)\n"
		"  --max-errors N    print at most N errors per file (default 20, 0 = all)\n"
		"  --schema-dir DIR  transaction-set definitions (also $REMEDI_SCHEMA_DIR)\n"
		"  -h, --help        this text\n"
		"\n"
		CLI_BATCH_HELP_LIST
		"The files go into the store one after the other, each in its own transaction.\n"
		"\n"
		"exit status: 0 imported (or already imported), 1 a remittance is flagged\n"
		"(unbalanced or with errors; imported all the same), 2 a file is unreadable or\n"
		"not X12, 3 usage, 4 database error.\n");
}

int
cmd_remit(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "schema-dir", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		CLI_BATCH_LIST_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *schema_dir = NULL;
	unsigned long max_errors = 20;
	struct remit_matcher *matcher;
	struct cli_job job;
	bool stop = false;
	struct cli_batch b;
	int opt, status = EXIT_CLEAN;

	cli_batch_init(&b, "remedi remit");
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h0", opts, NULL)) != -1) {
		switch (opt) {
		case CLI_OPT_FILES_FROM:
		case '0':
			cli_batch_option(&b, opt, optarg);
			break;
		case 'd':
			db = optarg;
			break;
		case 'm':
			if (!cli_parse_count(optarg, &max_errors)) {
				fprintf(stderr, "remedi remit: --max-errors takes a number, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			schema_dir = optarg;
			break;
		case 'h':
			help(stdout);
			return EXIT_CLEAN;
		default:
			help(stderr);
			return EXIT_USAGE;
		}
	}
	if ((status = cli_batch_collect(&b, argc, argv, optind)) != EXIT_CLEAN ||
	    !cli_job_open(&job, "remedi remit", schema_dir, db, &status)) {
		cli_batch_free(&b);
		return status;
	}
	if (!(matcher = remit_matcher_new(job.st))) {
		fprintf(stderr, "remedi remit: out of memory\n");
		cli_job_close(&job);
		cli_batch_free(&b);
		return EXIT_INTERNAL;
	}
	for (size_t i = 0; i < b.nfiles && !stop; i++) {
		const char *path = b.files[i].path;
		struct cli_load ld = { .path = path, .max_errors = max_errors };
		struct rem_ctx c = { .ld = &ld, .matcher = matcher };
		struct store_file_info info = { STORE_FILE_REMIT, path, cli_today() };

		ld.fn = on_record;
		ld.ctx = &c;
		if (!cli_job_load(&job, &ld, &info, &status, &stop))
			continue;
		printf("%s: imported %lu remittance%s", path, c.remits, c.remits == 1 ? "" : "s");
		if (c.duplicates)
			printf(" (%lu sent before: not posted again)", c.duplicates);
		printf(", %lu claim payment%s: %lu matched", c.payments, c.payments == 1 ? "" : "s", c.matched);
		if (c.matched)
			printf(" (%lu exact, %lu by payer claim number, %lu normalised)", c.by_method[0], c.by_method[1],
			       c.by_method[2]);
		printf(", %lu unmatched", c.unmatched);
		if (c.ambiguous)
			printf(", %lu line%s matched ambiguously", c.ambiguous, c.ambiguous == 1 ? "" : "s");
		if (c.plb_linked || c.plb_unlinked)
			printf("; PLB references: %lu linked to claims, %lu naming none stored", c.plb_linked, c.plb_unlinked);
		if (c.unbalanced)
			printf("; %lu flagged", c.unbalanced);
		if (c.claims)
			printf("; %lu 837 claim%s ignored (use remedi submit)", c.claims, c.claims == 1 ? "" : "s");
		printf("\n");
		if ((c.unbalanced || ld.errors) && status == EXIT_CLEAN)
			status = EXIT_FINDINGS;
	}
	remit_matcher_free(matcher);
	cli_job_close(&job);
	cli_batch_free(&b);
	if (fflush(stdout) != 0)
		return EXIT_INTERNAL;
	return status;
}
