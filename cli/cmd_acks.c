/*
 * cmd_acks.c - `remedi acks FILE...`: records the 999 and 277CA files that
 * answer submitted 837s in the claim store, so a claim a clearinghouse or
 * payer turned away shows as rejected (report aging, report rejections)
 * instead of waiting.  One store transaction per file; a file stored before
 * changes nothing.
 *
 *   999 AK2/IK5   every claim of the 837 set it names (AK102 + AK202), with
 *                 the IK3/IK4 that name a claim (CTX*CLM01) as its reason
 *   277 claim     the claim whose CLM01 is its TRN02 (latest submission)
 *   TA1           nothing is recorded (an interchange verdict names no set)
 */
#include "commands.h"
#include "db.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define MAX_SET_ERRORS ACKR_MAX_ERRORS

struct acks_ctx {
	struct cli_load *ld;
	unsigned long sets, set_claims, claims, accepted, rejected, unanswered, ta1, other;
	/* the reasons and segments of one set's errors, built for the store */
	char reason[MAX_SET_ERRORS][64];
	char segment[MAX_SET_ERRORS][96];
	struct store_ack_error errs[MAX_SET_ERRORS];
};

/* "IK5 R (I5,5)": the set verdict and its codes. */
static void
codes_text(char *buf, size_t size, const struct ackr_record *a)
{
	size_t n = (size_t)snprintf(buf, size, "IK5 %s", a->status[0] ? a->status : "-");

	for (unsigned i = 0; i < a->ncodes && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "," : " (", a->codes[i]);
	if (a->ncodes && n < size)
		snprintf(buf + n, size - n, ")");
}

static bool
on_set(struct acks_ctx *c, const struct ackr_record *a)
{
	struct store_set_ack s = { .gs06 = a->ref_gs06, .st02 = a->ref_st02, .status = a->status,
				   .rejected = a->rejected, .errors = c->errs };
	char reason[64];
	unsigned claims;

	codes_text(reason, sizeof reason, a);
	s.reason = reason;
	for (unsigned i = 0; i < a->nerrors && s.nerrors < MAX_SET_ERRORS; i++) {
		const struct ackr_error *e = &a->errors[i];
		unsigned k = s.nerrors;

		if (!e->claim_id[0])
			continue;
		if (e->element[0])
			snprintf(c->reason[k], sizeof c->reason[k], "IK304 %s, IK403 %s", e->seg_code[0] ? e->seg_code : "-",
				 e->el_code[0] ? e->el_code : "-");
		else
			snprintf(c->reason[k], sizeof c->reason[k], "IK304 %s", e->seg_code[0] ? e->seg_code : "-");
		snprintf(c->segment[k], sizeof c->segment[k], "%s at %u%s%s%s%s%s%s%s", e->seg_id, (unsigned)e->seg_pos,
			 e->loop_id[0] ? " in " : "", e->loop_id, e->element[0] ? ", element " : "", e->element,
			 e->de[0] ? " (" : "", e->de, e->de[0] ? ")" : "");
		c->errs[k] = (struct store_ack_error){ e->claim_id, c->reason[k], c->segment[k] };
		s.nerrors++;
	}
	if (store_add_set_ack(c->ld->st, &s, &claims) != STORE_OK)
		return false;
	c->sets++;
	c->set_claims += claims;
	if (!claims)
		c->unanswered++;
	if (a->rejected)
		c->rejected += claims ? claims : 1;
	else
		c->accepted += claims;
	return true;
}

static bool
on_claim(struct acks_ctx *c, const struct ackr_record *a)
{
	char reason[128] = "", segment[128] = "";
	size_t n = 0;
	struct store_claim_ack s = { .kind = "277", .clm01 = a->claim_id, .status = a->status, .rejected = a->rejected,
				     .reason = reason, .segment = segment, .st02 = NULL, .payer_claim = a->payer_claim_id,
				     .date = a->status_date };
	int64_t claim_id;

	for (unsigned i = 0; i < a->nstc && n < sizeof reason; i++)
		n += (size_t)snprintf(reason + n, sizeof reason - n, "%s%s:%s:%s", i ? " " : "", a->stc[i].category,
				      a->stc[i].code, a->stc[i].entity);
	/* a claim accepted with a rejected line: the line is the segment it points to */
	n = 0;
	for (unsigned i = 0; i < a->nlines && n < sizeof segment; i++)
		if (a->lines[i].rejected)
			n += (size_t)snprintf(segment + n, sizeof segment - n, "%sSVC %s %s", n ? "; " : "",
					      a->lines[i].code, a->lines[i].nstatus ? a->lines[i].status[0].category : "");
	if (store_add_claim_ack(c->ld->st, &s, true, &claim_id) != STORE_OK)
		return false;
	c->claims++;
	if (!claim_id)
		c->unanswered++;
	if (a->rejected)
		c->rejected++;
	else
		c->accepted++;
	return true;
}

static bool
on_record(void *ctx, const struct x12_record *rec)
{
	struct acks_ctx *c = ctx;

	switch (rec->type) {
	case X12_REC_DIAG:
		cli_load_diag(c->ld, rec->diag);
		return true;
	case X12_REC_ACK:
		switch (rec->ack->kind) {
		case ACKR_SET:
			return on_set(c, rec->ack);
		case ACKR_CLAIM:
			return on_claim(c, rec->ack);
		case ACKR_TA1:
			c->ta1++;
			return true;
		case ACKR_GROUP:
			return true;
		}
		return true;
	case X12_REC_CLAIM:
	case X12_REC_PAYMENT:
		c->other++;
		return true;
	default:
		return true;
	}
}

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi acks [options] FILE...\n"
		"\n"
		"Records each 999 and 277CA FILE (plain or gzip, '-' = stdin) in the claim\n"
		"store: a 999 set verdict applies to every claim of the 837 set it names\n"
		"(AK102 group and AK202 set control numbers, latest submitted file), its errors\n"
		"that name a claim (CTX*CLM01) give that claim its reason and segment; a 277CA\n"
		"claim status applies to the claim whose CLM01 its TRN02 carries.  A claim whose\n"
		"latest acknowledgment rejects it shows as rejected in `remedi report aging` and\n"
		"`remedi report rejections`.  Each file is one transaction; a file stored before\n"
		"changes nothing and says so.  TA1 verdicts are read but not recorded.\n"
		"\n"
		"  --db PATH         the store (default $REMEDI_DB, else remedi.db here)\n"
		"  --max-errors N    print at most N errors per file (default 20, 0 = all)\n"
		"  --schema-dir DIR  transaction-set definitions (also $REMEDI_SCHEMA_DIR)\n"
		"  -h, --help        this text\n"
		"\n"
		"exit status: 0 recorded (or recorded before), nothing rejected; 1 a claim or\n"
		"set was rejected, or a file has errors (recorded all the same); 2 a file is\n"
		"unreadable or not X12; 3 usage; 4 database error.\n");
}

int
cmd_acks(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "schema-dir", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *schema_dir = NULL;
	unsigned long max_errors = 20;
	struct cli_job job;
	bool stop = false;
	int opt, status = EXIT_CLEAN;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			db = optarg;
			break;
		case 'm':
			if (!cli_parse_count(optarg, &max_errors)) {
				fprintf(stderr, "remedi acks: --max-errors takes a number, not '%s'\n", optarg);
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
	if (optind >= argc) {
		fprintf(stderr, "remedi acks: no FILE given ('-' reads standard input)\n");
		return EXIT_USAGE;
	}
	if (!cli_job_open(&job, "remedi acks", schema_dir, db, &status))
		return status;
	for (int i = optind; i < argc && !stop; i++) {
		struct cli_load ld = { .path = argv[i], .max_errors = max_errors };
		struct acks_ctx c = { .ld = &ld };
		struct store_file_info info = { STORE_FILE_ACK, argv[i], cli_today() };

		ld.fn = on_record;
		ld.ctx = &c;
		if (!cli_job_load(&job, &ld, &info, &status, &stop))
			continue;
		printf("%s: recorded %lu 999 set verdict%s (%lu claim%s) and %lu 277 claim status%s: "
		       "%lu accepted, %lu rejected",
		       argv[i], c.sets, c.sets == 1 ? "" : "s", c.set_claims, c.set_claims == 1 ? "" : "s", c.claims,
		       c.claims == 1 ? "" : "es", c.accepted, c.rejected);
		if (c.unanswered)
			printf("; %lu answer%s no submitted claim (not recorded by remedi submit)", c.unanswered,
			       c.unanswered == 1 ? "s" : "");
		if (c.ta1)
			printf("; %lu TA1 read, not recorded", c.ta1);
		if (c.other)
			printf("; %lu claim%s or payment%s ignored (not an acknowledgment)", c.other,
			       c.other == 1 ? "" : "s", c.other == 1 ? "" : "s");
		if (!c.sets && !c.claims && !c.ta1)
			printf("; no 999 or 277 in it");
		printf("\n");
		if ((c.rejected || ld.errors) && status == EXIT_CLEAN)
			status = EXIT_FINDINGS;
	}
	cli_job_close(&job);
	if (fflush(stdout) != 0)
		return EXIT_INTERNAL;
	return status;
}
