/*
 * common.h - what the subcommands share: running a file through the reader,
 * printing diagnostics, exit statuses.
 */
#ifndef REMEDI_CLI_COMMON_H
#define REMEDI_CLI_COMMON_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "records.h"
#include "x12.h"

/* Exit statuses (DESIGN.md): a contract with scripts. */
enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_BAD_INPUT = 2,
	EXIT_USAGE = 3,
	EXIT_INTERNAL = 4,         /* also: the output could not be written (cli_output_*) */
};

/* ---------------------------------------------------------------- diagnostics */

/*
 * Every command that prints diagnostics does it through one struct
 * cli_diags: counted per file, printed up to --max-errors per file (the
 * rest counted and announced at the end of the file), buffered, and flushed
 * at the end of each file and before exit.
 *
 *   struct cli_diags d;
 *   cli_diags_init(&d, "remedi check", stderr, CLI_FORMAT_TEXT);
 *   ... option loop:  case 'm': if (!cli_diags_max_option(&d, optarg)) return EXIT_USAGE;
 *   per file:         cli_diags_begin(&d, path);
 *                     cli_diags_add(&d, e);     for each diagnostic / finding position
 *                     cli_diags_end(&d);        "PATH: N more problems not shown (--max-errors)" + flush
 *   before exit:      cli_diags_flush(&d);
 *
 * When out is stderr, cli_diags_init() gives stderr a buffer (it is
 * unbuffered by default: one write call per piece of every line), so a
 * flood of diagnostics costs what the text costs.
 */
#define CLI_MAX_ERRORS_DEFAULT 100ul
#define CLI_MAX_ERRORS_HELP \
	"  --max-errors N    print at most N problems per file, then a count of the\n" \
	"                    rest (default 100, 0 = all)\n"

enum cli_diag_format { CLI_FORMAT_TEXT, CLI_FORMAT_JSON };

struct cli_diags {
	const char *prog;          /* "remedi validate": names the command in messages */
	FILE *out;
	FILE *err;                 /* notes that are not the output (stderr; a spool under -j) */
	enum cli_diag_format format;
	unsigned long max;         /* per file; 0 = no limit */
	bool quiet;                /* count, print nothing */
	const char *path;          /* the current file */
	unsigned long errors, warnings;  /* of the current file (info is neither) */
	unsigned long shown, left_out;   /* of the current file */
	unsigned long total_errors, total_warnings; /* of every file so far */
	/* called after each diagnostic shown (a part of a split file marks where its lines end) */
	void (*shown_hook)(void *ctx);
	void *hook_ctx;
};

void cli_diags_init(struct cli_diags *d, const char *prog, FILE *out, enum cli_diag_format format);
/* Parses the --max-errors value (a number, 0 = all); prints the usage error and returns false on junk. */
bool cli_diags_max_option(struct cli_diags *d, const char *arg);
void cli_diags_begin(struct cli_diags *d, const char *path);
/* Counts e and prints it while under the cap; false for info (neither counted nor shown). */
bool cli_diags_add(struct cli_diags *d, const struct x12_error *e);
/* End of the file: the count of what was left out (on stderr for JSON), then a flush. */
void cli_diags_end(struct cli_diags *d);
void cli_diags_flush(struct cli_diags *d);
/* A split file: adds the counts of a part's d to acc; then, before cli_diags_end(), the --max-errors cap over them. */
void cli_diags_merge(struct cli_diags *acc, const struct cli_diags *part);
void cli_diags_cap(struct cli_diags *acc);

/* ---------------------------------------------------------------- output errors */

/*
 * A command that writes to stdout checks it after each file and at exit;
 * the first failure is named once on stderr ("remedi validate: write error:
 * No space left on device") and the command exits EXIT_INTERNAL.  Readers
 * can stop early: cli_output_ok() is a cheap test to call per record.
 */
/* False once f has failed (the error is remembered, with errno, for cli_output_finish). */
bool cli_output_ok(FILE *f);
/* Flushes f; on failure prints "PROG: write error: REASON" (once per process) and returns false. */
bool cli_output_check(const char *prog, FILE *f);
/* At exit: cli_output_check(prog, stdout) and the status to return (EXIT_INTERNAL on failure). */
int cli_output_finish(const char *prog, int status);

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

/* Sees every chunk of decoded bytes before the stream does (a content hash). */
typedef void (*cli_bytes_fn)(void *ctx, const char *buf, size_t len);
/* cli_records_file, handing each chunk to tap first. */
void cli_records_file_tap(struct x12_records *rs, const char *path, cli_record_fn fn, void *ctx, cli_bytes_fn tap,
			  void *tap_ctx, struct cli_file_result *res);

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
/* The length of s's start that a JSON string holds as it is (no escape needed). */
size_t cli_json_plain(const char *s);
/* Prints the fatal error of a result to f. */
void cli_print_fatal(FILE *f, const char *path, const struct cli_file_result *res);

/* Counts e in errors or warnings; false for info (neither counted nor shown). */
bool cli_tally(const struct x12_error *e, unsigned long *errors, unsigned long *warnings);

/*
 * The bytes of the file being read, for the batch's progress line: the
 * input pump of a thread that uses a meter stores its counts in it after each
 * chunk (another thread may read them) and calls tick (when set) on its own
 * thread.  Without a meter the pump shows its own per-file progress line at a
 * terminal.
 */
struct cli_meter {
	_Atomic uint64_t bytes;    /* decoded */
	_Atomic uint64_t raw;      /* read from the file (compressed for gzip) */
	void (*tick)(struct cli_meter *m);
	void *ctx;
};
/* The calling thread's pump reports to m from now on (NULL: no meter). */
void cli_meter_use(struct cli_meter *m);

struct timespec;
/* Seconds since t (CLOCK_MONOTONIC). */
double cli_seconds_since(const struct timespec *t);

/* Shared option parsing helpers. */
bool cli_wants_help(int argc, char **argv);
/* Parses a positive integer option value; false on junk. */
bool cli_parse_count(const char *s, unsigned long *out);

#endif
