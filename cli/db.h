/*
 * db.h - what the store commands (submit, remit, report, codes) share: which
 * database (--db, $REMEDI_DB, remedi.db), opening it, and loading one file
 * as one store transaction under its identity (content hash + first ISA13
 * and GS06).
 */
#ifndef REMEDI_CLI_DB_H
#define REMEDI_CLI_DB_H

#include "common.h"
#include "sha256.h"
#include "store.h"

/* opt, else $REMEDI_DB, else "remedi.db" in the working directory. */
const char *cli_db_path(const char *opt);
/*
 * Opens the store; must_exist refuses to create one (reports).  NULL with
 * *status set (and the reason on stderr) on failure.
 */
struct store *cli_open_store(const char *prog, const char *path, bool must_exist, int *status);

/* Today (UTC) as CCYYMMDD. */
int32_t cli_today(void);
/* CCYYMMDD text to a date; false when it is not one. */
bool cli_parse_date(const char *s, int32_t *out);

/* One X12 file loaded into the store. */
struct cli_load {
	const char *prog;
	const char *path;
	struct store *st;
	struct store_identity id;
	struct sha256 hash;
	cli_record_fn fn;          /* the command's records; its ctx is ctx */
	void *ctx;
	unsigned long errors, printed, max_errors;
	bool failed;               /* a store error: stop */
	struct cli_file_result res; /* of the last cli_load_file: res.fatal when it was not X12 */
};

/*
 * Runs path through rs into the store inside one transaction: begin, the
 * command's records, commit.  Returns STORE_OK, STORE_DUPLICATE (nothing
 * changed) or STORE_ERROR (rolled back, message printed); *bad_input when
 * the file could not be read or is not X12 (rolled back too).
 */
enum store_status cli_load_file(struct cli_load *ld, struct x12_records *rs, const struct store_file_info *info,
				bool *bad_input, char loaded_at[32]);

/* What submit and remit open once for all their files. */
struct cli_job {
	const char *prog;
	FILE *out;                 /* where "already stored" goes; NULL: stdout */
	struct x12_schemas *schemas;
	struct x12_records *rs;
	struct store *st;
};

/* Loads the definitions, makes the record stream, opens the store; false with *status set. */
bool cli_job_open(struct cli_job *j, const char *prog, const char *schema_dir, const char *db, int *status);
void cli_job_close(struct cli_job *j);
/*
 * Loads one file (cli_load_file) and says what became of it when it was not
 * stored: already stored, or rolled back (*status raised to 2, or to 4 with
 * *stop set for a database error).  True when the file was stored.
 */
bool cli_job_load(struct cli_job *j, struct cli_load *ld, const struct store_file_info *info, int *status,
		  bool *stop);

/* What recording 837 claims as sent counted in one file (remedi submit, remedi check --record). */
struct cli_sent {
	unsigned long claims, lines, rejected_claims, remits;
};
/*
 * The recording step, inside cli_load_file: a claim record is stored as
 * sent and counted; an 835 remittance is counted (and not stored); other
 * records are left to the command.  False on a store error.
 */
bool cli_record_sent(struct store *st, struct cli_sent *s, const struct x12_record *rec);
/* "PATH: recorded N claims (M lines) as sent on CCYY-MM-DD[; K with errors][; R 835 ... ignored]" */
void cli_print_sent(FILE *f, const char *path, const struct cli_sent *s, int32_t date);

/* Counts and prints (to stderr, at most max_errors) an error-severity diagnostic; warnings are counted only. */
void cli_load_diag(struct cli_load *ld, const struct x12_error *e);

#endif
