/*
 * common.h - what the subcommands share: running a file through the reader,
 * printing diagnostics, exit statuses.
 */
#ifndef REMEDI_CLI_COMMON_H
#define REMEDI_CLI_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include "records.h"
#include "x12.h"

/* Exit statuses (DESIGN.md): a contract with scripts. */
enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_BAD_INPUT = 2,
	EXIT_USAGE = 3,
	EXIT_INTERNAL = 4,
};

/*
 * Called for every reader event of a file.  Return false to stop reading.
 * The event's views live until the callback returns.
 */
typedef bool (*cli_event_fn)(void *ctx, const struct x12_event *ev);

struct cli_file_result {
	bool fatal;                /* the input could not be read, is not X12, or memory ran out */
	struct x12_error fatal_err;
	struct x12_reader_stats stats; /* cli_run_file / cli_check_file */
	uint64_t bytes;            /* decoded bytes */
};

/* Feeds a whole file (path or "-") through r, calling fn for each event. */
void cli_run_file(struct x12_reader *r, const char *path, cli_event_fn fn, void *ctx,
		  struct cli_file_result *res);

/* The same, handing fn only the diagnostics (no segment events). */
void cli_check_file(struct x12_reader *r, const char *path, cli_event_fn fn, void *ctx,
		    struct cli_file_result *res);

/* Called for every record of a file; return false to stop reading. */
typedef bool (*cli_record_fn)(void *ctx, const struct x12_record *rec);

/*
 * Feeds a whole file through the record stream (reset first), calling fn for
 * each record.  An unreadable input sets res->fatal with X12_E_IO and the
 * stream sees no END record; a fatal error of the stream itself comes as its
 * END record and in res.
 */
void cli_records_file(struct x12_records *rs, const char *path, cli_record_fn fn, void *ctx,
		      struct cli_file_result *res);

/*
 * Loads the transaction-set definitions: dir (--schema-dir), else
 * $REMEDI_SCHEMA_DIR, else the embedded ones.  On failure prints why and
 * sets *status.
 */
struct x12_schemas *cli_load_schemas(const char *prog, const char *dir, int *status);

/* "file:offset: [X12-nnn] message (segment N, ID) [ELEMENT, ST segment K, loop L]" */
void cli_print_diag(FILE *f, const char *path, const struct x12_error *e);
/* The same as one JSON object on a line (fields in docs/parse-json.md). */
void cli_print_diag_json(FILE *f, const char *path, const struct x12_error *e);
/* A JSON string literal. */
void cli_json_str(FILE *f, const char *s);
/* Prints the fatal error of a result to f. */
void cli_print_fatal(FILE *f, const char *path, const struct cli_file_result *res);

/* Counts e in errors or warnings; false for info (neither counted nor shown). */
bool cli_tally(const struct x12_error *e, unsigned long *errors, unsigned long *warnings);

/* Shared option parsing helpers. */
bool cli_wants_help(int argc, char **argv);
/* Parses a positive integer option value; false on junk. */
bool cli_parse_count(const char *s, unsigned long *out);

#endif
