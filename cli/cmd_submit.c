/*
 * cmd_submit.c - `remedi submit FILE...`: records the claims of 837 files as
 * sent, one store transaction per file; a file loaded before changes nothing.
 */
#include "batch.h"
#include "commands.h"
#include "db.h"

#include <getopt.h>
#include <string.h>

struct sub_ctx {
	struct cli_load *ld;
	struct cli_sent sent;
};

static bool
on_record(void *ctx, const struct x12_record *rec)
{
	struct sub_ctx *c = ctx;

	if (rec->type == X12_REC_DIAG) {
		cli_load_diag(c->ld, rec->diag);
		return true;
	}
	return cli_record_sent(c->ld->st, &c->sent, rec);
}

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi submit [options] FILE...\n"
		"\n"
		"Records the claims of each 837 FILE (plain or gzip, '-' = stdin) in the claim\n"
		"store as sent, so `remedi remit` can match the 835s that answer them.  Each\n"
		"file is one transaction: all of it is stored or nothing.  A file stored before\n"
		"(same content and envelope control numbers) changes nothing and says so.\n"
		"\n"
		"  --db PATH         the store (default $REMEDI_DB, else remedi.db here)\n"
		"  --date CCYYMMDD   the day the claims were sent (default today, UTC)\n"
		"  --max-errors N    print at most N errors per file (default 20, 0 = all)\n"
		"  --schema-dir DIR  transaction-set definitions (also $REMEDI_SCHEMA_DIR)\n"
		"  -h, --help        this text\n"
		"\n"
		CLI_BATCH_HELP_LIST
		"The files go into the store one after the other, each in its own transaction.\n"
		"\n"
		"exit status: 0 stored (or already stored), 1 some claims have errors (stored\n"
		"all the same), 2 a file is unreadable or not X12, 3 usage, 4 database error.\n");
}

int
cmd_submit(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "date", required_argument, NULL, 'D' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "schema-dir", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		CLI_BATCH_LIST_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *schema_dir = NULL;
	unsigned long max_errors = 20;
	int32_t date = cli_today();
	struct cli_job job;
	bool stop = false;
	struct cli_batch b;
	int opt, status = EXIT_CLEAN;

	cli_batch_init(&b, "remedi submit");
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
		case 'D':
			if (!cli_parse_date(optarg, &date)) {
				fprintf(stderr, "remedi submit: --date takes CCYYMMDD, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'm':
			if (!cli_parse_count(optarg, &max_errors)) {
				fprintf(stderr, "remedi submit: --max-errors takes a number, not '%s'\n", optarg);
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
	    !cli_job_open(&job, "remedi submit", schema_dir, db, &status)) {
		cli_batch_free(&b);
		return status;
	}
	for (size_t i = 0; i < b.nfiles && !stop; i++) {
		const char *path = b.files[i].path;
		struct cli_load ld = { .path = path, .max_errors = max_errors };
		struct sub_ctx c = { .ld = &ld };
		struct store_file_info info = { STORE_FILE_SUBMIT, path, date };

		ld.fn = on_record;
		ld.ctx = &c;
		if (!cli_job_load(&job, &ld, &info, &status, &stop))
			continue;
		cli_print_sent(stdout, path, &c.sent, date);
		if ((c.sent.rejected_claims || ld.errors) && status == EXIT_CLEAN)
			status = EXIT_FINDINGS;
	}
	cli_job_close(&job);
	cli_batch_free(&b);
	if (fflush(stdout) != 0)
		return EXIT_INTERNAL;
	return status;
}
