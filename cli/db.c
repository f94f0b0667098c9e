/*
 * db.c - the database and the one-transaction file load shared by the
 * store commands.
 */
#include "db.h"
#include "remit.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

const char *
cli_db_path(const char *opt)
{
	const char *env = getenv("REMEDI_DB");

	if (opt)
		return opt;
	return env && *env ? env : "remedi.db";
}

/*
 * A store from before schema version 4 holds PLB adjustments that were never
 * linked to the claims they name; link them now, once, so that the reports
 * do not call those claims unknown.
 */
static bool
relink_plb(const char *prog, const char *path, struct store *st)
{
	struct remit_matcher *m = remit_matcher_new(st);
	unsigned linked = 0;
	bool ok = m && remit_relink_plb(m, &linked) == STORE_OK;

	if (!ok)
		fprintf(stderr, "%s: %s: linking the provider adjustments of schema version %d: %s\n", prog, path,
			store_found_version(st), m ? store_errmsg(st) : "out of memory");
	remit_matcher_free(m);
	if (!ok)
		return false;
	fprintf(stderr, "%s: %s: upgraded from schema version %d to %d; %u provider adjustment%s linked to %s claim\n",
		prog, path, store_found_version(st), STORE_SCHEMA_VERSION, linked, linked == 1 ? "" : "s",
		linked == 1 ? "its" : "their");
	return true;
}

struct store *
cli_open_store(const char *prog, const char *path, bool must_exist, int *status)
{
	struct store *st;
	struct stat sb;
	enum store_status rc;

	if (must_exist && stat(path, &sb) != 0) {
		fprintf(stderr, "%s: no database at %s (remedi submit and remedi remit create it; --db names another)\n",
			prog, path);
		*status = EXIT_INTERNAL;
		return NULL;
	}
	if ((rc = store_open(path, &st)) != STORE_OK) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, store_errmsg(st));
		store_close(st);
		*status = EXIT_INTERNAL;
		return NULL;
	}
	if (store_found_version(st) >= 1 && store_found_version(st) < 4 && !relink_plb(prog, path, st)) {
		store_close(st);
		*status = EXIT_INTERNAL;
		return NULL;
	}
	return st;
}

int32_t
cli_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

bool
cli_parse_date(const char *s, int32_t *out)
{
	struct x12_str v = { s, strlen(s) };

	return x12_parse_date8(v, out);
}

void
cli_load_diag(struct cli_load *ld, const struct x12_error *e)
{
	unsigned long warnings = 0;

	if (!cli_tally(e, &ld->errors, &warnings) || warnings)
		return;
	if (!ld->max_errors || ld->printed++ < ld->max_errors)
		cli_print_diag(stderr, ld->path, e);
}

static void
on_bytes(void *ctx, const char *buf, size_t len)
{
	sha256_update(&((struct cli_load *)ctx)->hash, buf, len);
}

static bool
on_record(void *ctx, const struct x12_record *rec)
{
	struct cli_load *ld = ctx;

	if (rec->type == X12_REC_TXN_BEGIN && !ld->id.isa13[0] && !ld->id.gs06[0]) {
		snprintf(ld->id.isa13, sizeof ld->id.isa13, "%s", rec->txn->isa13);
		snprintf(ld->id.gs06, sizeof ld->id.gs06, "%s", rec->txn->gs06);
	}
	if (!ld->fn(ld->ctx, rec)) {
		ld->failed = true;
		return false;
	}
	return true;
}

enum store_status
cli_load_file(struct cli_load *ld, struct x12_records *rs, const struct store_file_info *info, bool *bad_input,
	      char loaded_at[32])
{
	struct cli_file_result *res = &ld->res;
	enum store_status rc;

	*bad_input = false;
	memset(&ld->id, 0, sizeof ld->id);
	sha256_init(&ld->hash);
	ld->failed = false;
	if (store_begin_file(ld->st, info) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", ld->prog, store_errmsg(ld->st));
		return STORE_ERROR;
	}
	cli_records_file_tap(rs, ld->path, on_record, ld, on_bytes, ld, res);
	if (ld->failed) {
		fprintf(stderr, "%s: %s: %s; nothing of this file was stored\n", ld->prog, ld->path,
			store_errmsg(ld->st));
		store_rollback(ld->st);
		return STORE_ERROR;
	}
	if (res->fatal) {
		cli_print_fatal(stderr, ld->path, res);
		fprintf(stderr, "%s: %s: nothing of this file was stored\n", ld->prog, ld->path);
		store_rollback(ld->st);
		*bad_input = true;
		return STORE_ERROR;
	}
	sha256_final_hex(&ld->hash, ld->id.sha256);
	rc = store_commit(ld->st, &ld->id, loaded_at);
	if (rc == STORE_ERROR)
		fprintf(stderr, "%s: %s: %s; nothing of this file was stored\n", ld->prog, ld->path,
			store_errmsg(ld->st));
	return rc;
}

bool
cli_record_sent(struct store *st, struct cli_sent *s, const struct x12_record *rec)
{
	if (rec->type == X12_REC_REMIT_BEGIN) {
		s->remits++;
		return true;
	}
	if (rec->type != X12_REC_CLAIM)
		return true;
	if (store_add_claim(st, rec->claim) != STORE_OK)
		return false;
	s->claims++;
	s->lines += rec->claim->nlines;
	if (rec->claim->errors)
		s->rejected_claims++;
	return true;
}

void
cli_print_sent(FILE *f, const char *path, const struct cli_sent *s, int32_t date)
{
	fprintf(f, "%s: recorded %lu claim%s (%lu line%s) as sent on %04d-%02d-%02d", path, s->claims,
		s->claims == 1 ? "" : "s", s->lines, s->lines == 1 ? "" : "s", (int)(date / 10000),
		(int)(date / 100 % 100), (int)(date % 100));
	if (s->rejected_claims)
		fprintf(f, "; %lu with errors", s->rejected_claims);
	if (s->remits)
		fprintf(f, "; %lu 835 remittance%s ignored (use remedi remit)", s->remits, s->remits == 1 ? "" : "s");
	fprintf(f, "\n");
}

bool
cli_job_open(struct cli_job *j, const char *prog, const char *schema_dir, const char *db, int *status)
{
	memset(j, 0, sizeof *j);
	j->prog = prog;
	if (!(j->schemas = cli_load_schemas(prog, schema_dir, status)))
		return false;
	if (!(j->rs = x12_records_new(j->schemas, NULL))) {
		fprintf(stderr, "%s: out of memory\n", prog);
		*status = EXIT_INTERNAL;
		cli_job_close(j);
		return false;
	}
	if (!(j->st = cli_open_store(prog, cli_db_path(db), false, status))) {
		cli_job_close(j);
		return false;
	}
	return true;
}

void
cli_job_close(struct cli_job *j)
{
	store_close(j->st);
	x12_records_free(j->rs);
	x12_schemas_free(j->schemas);
	memset(j, 0, sizeof *j);
}

bool
cli_job_load(struct cli_job *j, struct cli_load *ld, const struct store_file_info *info, int *status, bool *stop)
{
	char loaded_at[32];
	bool bad;
	enum store_status rc;

	ld->prog = j->prog;
	ld->st = j->st;
	rc = cli_load_file(ld, j->rs, info, &bad, loaded_at);
	if (rc == STORE_OK)
		return true;
	if (rc == STORE_DUPLICATE) {
		fprintf(j->out ? j->out : stdout, "%s: already stored (loaded %s): nothing changed\n", ld->path, loaded_at);
	} else if (bad) {
		if (*status != EXIT_INTERNAL)
			*status = EXIT_BAD_INPUT;
	} else {
		*status = EXIT_INTERNAL;
		*stop = true;
	}
	return false;
}
