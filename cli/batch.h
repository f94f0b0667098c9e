/*
 * batch.h - many inputs in one run: the input list (files, directories,
 * --files-from), the per-file summary (--summary), the progress line and the
 * worker threads of -j.
 *
 * A command hands the batch three functions: make a worker (its own record
 * stream: streams are one per thread, the schemas are shared once prepared),
 * run one file on a worker, free the worker.  run() writes the file's output
 * to out and its diagnostics to err and never touches stdout or stderr
 * itself: at -j 1 out and err are stdout and stderr, at -j N they are the
 * file's spools, which the main thread copies to stdout and stderr in input
 * order when the file is done.  So every stream gets the bytes it gets at
 * -j 1, in the same order (what interleaves between the two streams, when
 * both go to one terminal, may differ, as it does with stdio buffering).
 *
 * Threads: the batch, its list and its summary file belong to the thread that
 * calls cli_batch_run(); run() is called on worker threads at -j N, with its
 * own worker and its own out/err.
 */
#ifndef REMEDI_CLI_BATCH_H
#define REMEDI_CLI_BATCH_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common.h"
#include "records.h"

/* Option values of the batch options, above every short option character. */
enum {
	CLI_OPT_FILES_FROM = 0x100,
	CLI_OPT_SUMMARY,
	CLI_OPT_PROGRESS,
	CLI_OPT_NO_PROGRESS,
};

/* The list options alone (submit, remit: one store, the files in turn), short option "0". */
#define CLI_BATCH_LIST_OPTIONS \
	{ "files-from", required_argument, NULL, CLI_OPT_FILES_FROM }, \
	{ "null", no_argument, NULL, '0' }
/* The getopt_long entries (and "j:0" in the short options) of every batch command. */
#define CLI_BATCH_LONG_OPTIONS \
	CLI_BATCH_LIST_OPTIONS, \
	{ "summary", required_argument, NULL, CLI_OPT_SUMMARY }, \
	{ "progress", no_argument, NULL, CLI_OPT_PROGRESS }, \
	{ "no-progress", no_argument, NULL, CLI_OPT_NO_PROGRESS }, \
	{ "jobs", required_argument, NULL, 'j' }
#define CLI_BATCH_SHORT_OPTIONS "j:0"

#define CLI_BATCH_HELP_LIST \
	"FILE may be a directory: every regular file under it, sorted by path\n" \
	"(byte order); symbolic links found inside a directory are not followed.\n" \
	"  --files-from LIST read more FILEs from LIST, one a line ('-' = stdin)\n" \
	"  -0, --null        the --files-from list is NUL-separated\n"
#define CLI_BATCH_HELP_FILES \
	CLI_BATCH_HELP_LIST \
	"  --summary FILE    write one JSON object per input file to FILE (JSON Lines,\n" \
	"                    fields in docs/batch.md)\n" \
	"  --progress, --no-progress\n" \
	"                    a progress line on stderr for the whole run (default: when\n" \
	"                    stderr is a terminal)\n"
#define CLI_BATCH_HELP_JOBS \
	"  -j, --jobs N      run N files side by side, a file of 8 MiB or more in parts\n" \
	"                    cut at ST boundaries (default: the number of cores;\n" \
	"                    output is identical to -j 1 and in input order)\n"

/* What one file came to: the fields of its --summary object. */
struct cli_file_summary {
	uint64_t size;                 /* bytes of the file (compressed for gzip) */
	uint64_t bytes;                /* decoded bytes */
	uint64_t interchanges, groups;
	uint64_t sets_accepted, sets_rejected;
	uint64_t claims, payments;
	unsigned long errors, warnings;
	int status;                    /* the file's exit status (DESIGN.md) */
	double seconds;                /* filled by the batch */
};

struct cli_part;

struct cli_batch_ops {
	/* A worker's state; NULL when out of memory. */
	void *(*worker_new)(void *cmd);
	void (*worker_free)(void *worker);
	/*
	 * Runs path on worker: output to out, diagnostics to err, counts in *s
	 * (zeroed before the call).  Returns false when the run should stop
	 * (its output failed): the batch starts no further file.
	 */
	bool (*run)(void *cmd, void *worker, const char *path, FILE *out, FILE *err, struct cli_file_summary *s);
	/*
	 * Optional (NULL: the command's files are never split): one large
	 * file cut at ST boundaries, its parts run side by side (docs/batch.md).
	 * run_part() reads one part with cli_records_part() into its state
	 * (part_size bytes, zeroed), its output to out and err; merge() folds
	 * the parts' states in input order into acc (zeroed, then the first
	 * part's); finish() writes what ends the file (the fatal error, the
	 * --max-errors note, the summary line) from acc, as run() does at the
	 * end of a file, and fills *s.  run_part() runs on worker threads,
	 * merge() and finish() on the thread of cli_batch_run().
	 */
	size_t part_size;
	bool (*run_part)(void *cmd, void *worker, struct cli_part *p, FILE *out, FILE *err, void *state);
	void (*merge)(void *cmd, void *acc, const void *state);
	bool (*finish)(void *cmd, const char *path, void *acc, FILE *out, FILE *err, struct cli_file_summary *s);
};

/* The input path of a part. */
const char *cli_part_path(const struct cli_part *p);
/*
 * Feeds part p through rs (resumed at its cut), calling fn for the records
 * that belong to the part, as cli_records_file() does for a file; res->bytes
 * are the part's bytes.
 */
void cli_records_part(struct x12_records *rs, struct cli_part *p, cli_record_fn fn, void *ctx,
		      struct cli_file_result *res);
/*
 * The diagnostics d prints in this part are cut, when the parts are written
 * out, at --max-errors for the whole file: d's output stream must hold only
 * those lines while the part runs.
 */
void cli_part_diags(struct cli_part *p, struct cli_diags *d);
/* After cli_records_part() without an END record: x12_records_progress() of the part alone. */
void cli_part_progress(struct x12_records *rs, const struct cli_part *p, struct x12_end_info *out);
/* For merge(): adds the counters of a part's END (or progress) to acc; the envelope stats are the part's. */
void cli_end_merge(struct x12_end_info *acc, const struct x12_end_info *part);

struct cli_batch_file {
	char *path;                    /* owned by the batch */
	uint64_t size;                 /* st_size of a regular file, else 0 */
};

struct cli_batch {
	const char *prog;              /* "remedi validate" */
	struct cli_batch_file *files;
	size_t nfiles, capfiles;
	const char *files_from;
	bool nul;
	const char *summary_path;
	int progress;                  /* -1 when stderr is a terminal, 0 off, 1 on */
	unsigned long jobs;            /* 0: the default */
	bool max_one_job;              /* the command's output is one document (parse --format xml) */
	bool split;                    /* a large file may be cut at ST boundaries (ops have run_part) */
};

void cli_batch_init(struct cli_batch *b, const char *prog);
void cli_batch_free(struct cli_batch *b);

/*
 * Handles opt if it is a batch option: returns 1 (handled), 0 (not one of
 * them) or -1 (usage error, printed).
 */
int cli_batch_option(struct cli_batch *b, int opt, const char *arg);

/*
 * Builds the list from argv[first..argc) and --files-from.  Returns
 * EXIT_CLEAN, or EXIT_USAGE (no input, '-' twice) or EXIT_INTERNAL (out of
 * memory) after printing why.  A directory that cannot be read stays in the
 * list as itself, so that its run reports it with its path.
 */
int cli_batch_collect(struct cli_batch *b, int argc, char **argv, int first);

/*
 * The worker of a command whose worker is a record stream alone: its cmd
 * struct begins with a struct cli_batch_stream.
 */
struct cli_batch_stream {
	struct x12_schemas *schemas;   /* NULL at level 1 */
	struct x12_records_options options;
};
void *cli_batch_stream_new(void *cmd);
void cli_batch_stream_free(void *worker);

/*
 * Before cli_batch_run() with more than one worker: compiles every definition
 * of schemas (NULL: none), which the workers then share read-only.  Returns
 * EXIT_CLEAN or, after printing why, EXIT_INTERNAL.
 */
int cli_batch_prepare(const struct cli_batch *b, struct x12_schemas *schemas);

/* The number of workers cli_batch_run() will use. */
unsigned cli_batch_jobs(const struct cli_batch *b);

/*
 * Runs every file and returns the worst exit status of them (or
 * EXIT_INTERNAL when the summary or the output could not be written).
 */
int cli_batch_run(struct cli_batch *b, const struct cli_batch_ops *ops, void *cmd);

#endif
