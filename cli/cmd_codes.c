/*
 * cmd_codes.c - `remedi codes import KIND FILE... --db DB` and `remedi codes
 * status --db DB`: official code-set files and fee schedules into the store,
 * one transaction per file, a file loaded before changing nothing; what is
 * loaded, per kind, beside the seeds built into the binary.
 *
 *   hcpcs ... ndc-hcpcs  the official layouts, read row by row by the edits'
 *                  own readers (edits_file_read, edits/codefiles.c), each
 *                  file a dated version of its kind (codes.h: the period
 *                  from --from/--to, the file's preamble, or its name)
 *   fee-schedule   CSV, header payer,code,modifiers,from,to,allowed: payer id as
 *                  the 837 sends it (2010BB NM109); HCPCS/CPT code; modifiers
 *                  colon-separated, empty = any (a row naming the line's
 *                  modifiers wins); dates CCYYMMDD; allowed per unit in dollars
 */
#include "codes.h"
#include "commands.h"
#include "db.h"
#include "remit.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

struct import_ctx {
	const char *prog;
	const char *path;
	struct store *st;
	struct sha256 hash;
	unsigned long rows;
};

/* Returns 0, or an exit status after printing why (with the line number). */
typedef int (*importer_fn)(struct import_ctx *c, FILE *f);

static int
bad_line(struct import_ctx *c, unsigned long line, const char *what)
{
	fprintf(stderr, "%s: %s:%lu: %s\n", c->prog, c->path, line, what);
	return EXIT_BAD_INPUT;
}

/* Splits a CSV line (no quoting: the fee schedule has no field that needs it) into at most max fields. */
static unsigned
split_csv(char *line, char **field, unsigned max)
{
	unsigned n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	for (;;) {
		char *comma = strchr(line, ',');

		if (n == max)
			return max + 1;
		field[n++] = line;
		if (!comma)
			return n;
		*comma = '\0';
		line = comma + 1;
	}
}

static bool
valid_mods(const char *s)
{
	while (*s) {
		size_t k = strcspn(s, ":");

		if (k != 2)
			return false;
		s += k;
		if (*s == ':' && !*++s)
			return false;
	}
	return true;
}

static int
import_fee_schedule(struct import_ctx *c, FILE *f)
{
	static const char *const header[] = { "payer", "code", "modifiers", "from", "to", "allowed" };
	char line[1024], *fld[7], msg[160];
	unsigned long no = 0;

	while (fgets(line, sizeof line, f)) {
		struct store_fee fee;
		struct x12_str v;
		unsigned n;

		no++;
		sha256_update(&c->hash, line, strlen(line));
		if (!strchr(line, '\n') && !feof(f))
			return bad_line(c, no, "line longer than 1023 bytes");
		if (strchr(line, '"'))
			return bad_line(c, no, "quoted fields are not supported");
		n = split_csv(line, fld, 6);
		if (no == 1) {
			if (n != 6)
				return bad_line(c, no, "header must be payer,code,modifiers,from,to,allowed");
			for (unsigned i = 0; i < 6; i++)
				if (strcmp(fld[i], header[i]) != 0)
					return bad_line(c, no, "header must be payer,code,modifiers,from,to,allowed");
			continue;
		}
		if (n == 1 && !fld[0][0])
			continue; /* blank line */
		if (n != 6) {
			snprintf(msg, sizeof msg, "%u fields, the header has 6", n > 6 ? 7 : n);
			return bad_line(c, no, msg);
		}
		memset(&fee, 0, sizeof fee);
		if (!fld[0][0] || strlen(fld[0]) >= sizeof fee.payer)
			return bad_line(c, no, "payer: empty or longer than 80 characters");
		if (!fld[1][0] || strlen(fld[1]) >= sizeof fee.code)
			return bad_line(c, no, "code: empty or longer than 48 characters");
		if (!valid_mods(fld[2]) || strlen(fld[2]) > 11)
			return bad_line(c, no, "modifiers: up to four two-character codes separated by ':'");
		if (!cli_parse_date(fld[3], &fee.from) || !cli_parse_date(fld[4], &fee.to) || fee.from > fee.to)
			return bad_line(c, no, "from/to: CCYYMMDD dates, from not after to");
		v = (struct x12_str){ fld[5], strlen(fld[5]) };
		if (!x12_parse_money(v, &fee.allowed) || fee.allowed < 0)
			return bad_line(c, no, "allowed: dollars per unit like 123.45");
		snprintf(fee.payer, sizeof fee.payer, "%s", fld[0]);
		snprintf(fee.code, sizeof fee.code, "%s", fld[1]);
		remit_mods_key(fld[2], fee.modifiers);
		if (store_add_fee(c->st, &fee) != STORE_OK) {
			fprintf(stderr, "%s: %s\n", c->prog, store_errmsg(c->st));
			return EXIT_INTERNAL;
		}
		c->rows++;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: %s: read error: %s\n", c->prog, c->path, strerror(errno));
		return EXIT_BAD_INPUT;
	}
	if (no == 0)
		return bad_line(c, 1, "empty file: header payer,code,modifiers,from,to,allowed expected");
	return EXIT_CLEAN;
}

/* ------------------------------------------------------------------ official layouts */

struct code_ctx {
	struct import_ctx *c;
	enum store_code_kind kind;
	bool store_failed;
};

static void
on_bytes(void *ctx, const char *buf, size_t len)
{
	sha256_update(&((struct code_ctx *)ctx)->c->hash, buf, len);
}

static bool
on_code_row(void *ctx, const struct edits_file_row *row)
{
	struct code_ctx *x = ctx;
	struct store_code_row r = { .code = "", .code2 = "" };

	switch (x->kind) {
	case STORE_CODES_HCPCS:
		r = (struct store_code_row){ row->u.hcpcs.code, "", row->u.hcpcs.added, row->u.hcpcs.effective,
					     row->u.hcpcs.terminated, row->u.hcpcs.modifier, 0 };
		break;
	case STORE_CODES_ICD10CM:
		r = (struct store_code_row){ row->u.icd.code, "", 0, 0, 0, row->u.icd.billable, 0 };
		break;
	case STORE_CODES_PTP:
		r = (struct store_code_row){ row->u.ptp.col1, row->u.ptp.col2, 0, row->u.ptp.effective, row->u.ptp.deleted,
					     row->u.ptp.modifier, 0 };
		break;
	case STORE_CODES_MUE:
		r = (struct store_code_row){ row->u.mue.code, "", 0, 0, 0, row->u.mue.mai, row->u.mue.units };
		break;
	case STORE_CODES_ASP:
		r = (struct store_code_row){ row->u.asp.code, row->u.asp.dosage, 0, 0, 0, 0, row->u.asp.limit };
		break;
	case STORE_CODES_NDC:
		r = (struct store_code_row){ row->u.ndc.hcpcs, row->u.ndc.ndc11, 0, 0, 0, 0, row->u.ndc.billunits };
		break;
	default:
		return false;
	}
	if (store_add_code(x->c->st, &r) != STORE_OK) {
		x->store_failed = true;
		return false;
	}
	x->c->rows++;
	return true;
}

static void
print_date(FILE *f, int32_t d)
{
	fprintf(f, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100), (int)(d % 100));
}

static const struct {
	const char *kind;
	enum store_code_kind codes;  /* 0: fee-schedule */
	enum edits_file_kind layout;
	const char *what;
} kinds[] = {
	{ "hcpcs", STORE_CODES_HCPCS, EDITS_FILE_HCPCS,
	  "HCPCS Level II codes and modifiers with ADD/EFF/TERM dates (ANWEB fixed width, CSV or TSV)" },
	{ "icd10cm", STORE_CODES_ICD10CM, EDITS_FILE_ICD10CM,
	  "ICD-10-CM code set of a fiscal year (order file, codes file or TSV)" },
	{ "ptp", STORE_CODES_PTP, EDITS_FILE_PTP, "NCCI procedure-to-procedure edits (tab-delimited)" },
	{ "mue", STORE_CODES_MUE, EDITS_FILE_MUE, "NCCI medically unlikely edits (CSV)" },
	{ "asp", STORE_CODES_ASP, EDITS_FILE_ASP,
	  "ASP payment limits (CSV; the Medicare Part B drug fee schedule of the reports)" },
	{ "ndc-hcpcs", STORE_CODES_NDC, EDITS_FILE_CROSSWALK, "ASP NDC-HCPCS crosswalk (CSV, header found by name)" },
	{ "fee-schedule", 0, 0, "allowed amounts per unit (CSV payer,code,modifiers,from,to,allowed)" },
};

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi codes import KIND FILE... [--db PATH] [--from CCYYMMDD] [--to CCYYMMDD]\n"
		"       remedi codes status [--db PATH]\n"
		"\n"
		"import loads official code-set files and fee schedules into the claim store,\n"
		"each FILE (plain or gzip, '-' = stdin) in one transaction: a malformed row is\n"
		"an error naming FILE:LINE and nothing of that file is kept; a file loaded\n"
		"before changes nothing and says so.  Each code-set file is a version of its\n"
		"kind, in force from its start until its end or until the next version of\n"
		"the kind starts; `remedi check --db` picks by each line's date of service.\n"
		"status lists what is loaded, per kind, and the seed tables built in.\n"
		"\n"
		"kinds:\n");
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		fprintf(f, "  %-14s %s\n", kinds[i].kind, kinds[i].what);
	fprintf(f,
		"\n"
		"  --db PATH        the store (default $REMEDI_DB, else remedi.db here)\n"
		"  --from CCYYMMDD  the first day the files are in force; default: what the\n"
		"                   file says (ASP preamble), else its name (2026q1, fy2026,\n"
		"                   january-2026, icd10cm_order_2026), else since always\n"
		"  --to CCYYMMDD    the last day; default: the file's, else until the next\n"
		"                   version of the kind starts\n"
		"  -h, --help       this text\n"
		"\n"
		"exit status: 0 loaded (or loaded before), 2 a file is unreadable or\n"
		"malformed (with its line), 3 usage, 4 database error.\n");
}

/* Loads one code-set file as a version of its kind; an exit status. */
static int
import_codes(struct import_ctx *c, size_t k, int32_t opt_from, int32_t opt_to)
{
	struct code_ctx x = { .c = c, .kind = kinds[k].codes };
	struct store_identity id = { .isa13 = "", .gs06 = "" };
	struct edits_file_meta meta;
	struct edits_error err;
	struct store_code_meta m;
	char loaded_at[32];
	int32_t from = 0, to = 0;
	enum store_status rc;

	if (store_begin_codes(c->st, kinds[k].codes, c->path) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", c->prog, store_errmsg(c->st));
		return EXIT_INTERNAL;
	}
	sha256_init(&c->hash);
	c->rows = 0;
	if (!edits_file_read(kinds[k].layout, c->path, on_code_row, on_bytes, &x, &meta, &err)) {
		store_rollback(c->st);
		if (x.store_failed) {
			fprintf(stderr, "%s: %s: %s; nothing of this file was stored\n", c->prog, c->path, store_errmsg(c->st));
			return EXIT_INTERNAL;
		}
		if (err.line)
			fprintf(stderr, "%s: %s:%lu: %s\n", c->prog, err.file, err.line, err.msg);
		else
			fprintf(stderr, "%s: %s: %s\n", c->prog, err.file, err.msg);
		fprintf(stderr, "%s: %s: nothing of this file was stored\n", c->prog, c->path);
		return EXIT_BAD_INPUT;
	}
	if (meta.from) {
		from = meta.from;
		to = meta.to;
	} else {
		cli_codes_period_from_name(kinds[k].codes, c->path, &from, &to);
	}
	if (opt_from)
		from = opt_from, to = opt_to ? opt_to : (to && to < opt_from ? 0 : to);
	if (opt_to)
		to = opt_to;
	if (to && from > to) {
		store_rollback(c->st);
		fprintf(stderr, "%s: %s: in force from %d to %d: the end is before the start; nothing was stored\n",
			c->prog, c->path, (int)from, (int)to);
		return EXIT_USAGE;
	}
	if (kinds[k].codes == STORE_CODES_ICD10CM && !from) {
		store_rollback(c->st);
		fprintf(stderr,
			"%s: %s: an ICD-10-CM code set is dated by its fiscal year; the name says none (fy2026,\n"
			"  icd10cm_order_2026): give --from and --to; nothing of this file was stored\n",
			c->prog, c->path);
		return EXIT_USAGE;
	}
	m = (struct store_code_meta){ meta.layout, from, to, c->rows };
	if (store_end_codes(c->st, &m) != STORE_OK) {
		fprintf(stderr, "%s: %s: %s; nothing of this file was stored\n", c->prog, c->path, store_errmsg(c->st));
		store_rollback(c->st);
		return EXIT_INTERNAL;
	}
	sha256_final_hex(&c->hash, id.sha256);
	rc = store_commit(c->st, &id, loaded_at);
	if (rc == STORE_DUPLICATE) {
		printf("%s: already stored (loaded %s): nothing changed\n", c->path, loaded_at);
		return EXIT_CLEAN;
	}
	if (rc != STORE_OK) {
		fprintf(stderr, "%s: %s: %s; nothing of this file was stored\n", c->prog, c->path, store_errmsg(c->st));
		return EXIT_INTERNAL;
	}
	printf("%s: %s: %lu row%s stored (%s), in force ", c->path, kinds[k].kind, c->rows, c->rows == 1 ? "" : "s",
	       meta.layout);
	if (from) {
		printf("from ");
		print_date(stdout, from);
	} else {
		printf("since always");
	}
	if (to) {
		printf(" to ");
		print_date(stdout, to);
	} else {
		printf(" until the next %s version", kinds[k].kind);
	}
	printf("\n");
	return EXIT_CLEAN;
}

static int
import_fees(struct import_ctx *c)
{
	struct store_identity id = { .isa13 = "", .gs06 = "" };
	struct store_file_info info = { STORE_FILE_FEES, c->path, cli_today() };
	char loaded_at[32];
	enum store_status rc;
	int status;
	FILE *f;

	if (!(f = strcmp(c->path, "-") == 0 ? stdin : fopen(c->path, "r"))) {
		fprintf(stderr, "%s: %s: %s\n", c->prog, c->path, strerror(errno));
		return EXIT_BAD_INPUT;
	}
	if (store_begin_file(c->st, &info) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", c->prog, store_errmsg(c->st));
		status = EXIT_INTERNAL;
		goto out;
	}
	sha256_init(&c->hash);
	c->rows = 0;
	if ((status = import_fee_schedule(c, f)) != EXIT_CLEAN) {
		store_rollback(c->st);
		fprintf(stderr, "%s: %s: nothing of this file was stored\n", c->prog, c->path);
		goto out;
	}
	sha256_final_hex(&c->hash, id.sha256);
	rc = store_commit(c->st, &id, loaded_at);
	if (rc == STORE_DUPLICATE)
		printf("%s: already stored (loaded %s): nothing changed\n", c->path, loaded_at);
	else if (rc == STORE_OK)
		printf("%s: fee-schedule: %lu row%s stored\n", c->path, c->rows, c->rows == 1 ? "" : "s");
	else {
		fprintf(stderr, "%s: %s\n", c->prog, store_errmsg(c->st));
		status = EXIT_INTERNAL;
	}
out:
	if (f != stdin)
		fclose(f);
	return status;
}

/* ------------------------------------------------------------------ status */

struct status_ctx {
	unsigned shown;
};

static bool
on_status_file(void *ctx, const struct store_code_file *f)
{
	struct status_ctx *s = ctx;

	if (!s->shown++)
		printf("%-10s %9s  %-23s  %-20s  %s\n", "kind", "rows", "in force", "imported", "source");
	printf("%-10s %9llu  ", store_code_kind_name(f->kind), (unsigned long long)f->rows);
	if (f->superseded) {
		printf("%-23s", "superseded");
	} else {
		if (f->in_from)
			print_date(stdout, f->in_from);
		else
			printf("%-10s", "always");
		printf(" - ");
		if (f->in_to)
			print_date(stdout, f->in_to);
		else
			printf("%-10s", "open");
	}
	printf("  %-20s  %s (%s, sha256 %.12s)\n", f->loaded_at, f->path, f->layout, f->sha256);
	return true;
}

static int
codes_status(const char *db)
{
	struct edits_table_counts n;
	struct status_ctx s = { 0 };
	struct store_totals tot;
	struct edits_error err;
	struct edits_tables *t;
	struct store *st;
	int status = EXIT_CLEAN;

	if (!(st = cli_open_store("remedi codes", cli_db_path(db), true, &status)))
		return status;
	printf("code sets in %s:\n", cli_db_path(db));
	if (store_each_code_file(st, on_status_file, &s) != STORE_OK || store_totals(st, &tot) != STORE_OK) {
		fprintf(stderr, "remedi codes: %s\n", store_errmsg(st));
		store_close(st);
		return EXIT_INTERNAL;
	}
	if (!s.shown)
		printf("  none imported (remedi codes import KIND FILE)\n");
	printf("fee schedule rows: %llu\n", (unsigned long long)tot.fee_rows);
	store_close(st);
	if (!(t = edits_tables_new(&err))) {
		fprintf(stderr, "remedi codes: seed table %s:%lu: %s\n", err.file, err.line, err.msg);
		return EXIT_INTERNAL;
	}
	edits_tables_counts(t, &n);
	edits_tables_free(t);
	printf("built-in seeds (used where no version is imported):\n"
	       "  hcpcs      %zu codes and modifiers with ADD/TERM dates (CMS 2020 subset and later dated facts)\n"
	       "  icd10cm    %zu billable codes, ",
	       n.hcpcs, n.icd);
	print_date(stdout, n.icd_from);
	printf(" - ");
	print_date(stdout, n.icd_to);
	printf(" (neoplasm chapter and oncology-related families)\n"
	       "  classes    %zu codes with drug or administration classes; %zu add-on codes with their primaries\n"
	       "  ptp, mue, ndc-hcpcs, asp: none built in (licensed or large: import them)\n",
	       n.classed, n.addons);
	return EXIT_CLEAN;
}

int
cmd_codes(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	struct import_ctx c = { .prog = "remedi codes" };
	int32_t from = 0, to = 0;
	size_t k;
	int opt, status = EXIT_CLEAN;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			db = optarg;
			break;
		case 'f':
		case 't':
			if (!cli_parse_date(optarg, opt == 'f' ? &from : &to)) {
				fprintf(stderr, "remedi codes: --%s takes CCYYMMDD, not '%s'\n", opt == 'f' ? "from" : "to",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			help(stdout);
			return EXIT_CLEAN;
		default:
			help(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc && strcmp(argv[optind], "status") == 0) {
		if (argc - optind != 1) {
			help(stderr);
			return EXIT_USAGE;
		}
		status = codes_status(db);
		return fflush(stdout) != 0 ? EXIT_INTERNAL : status;
	}
	if (argc - optind < 3 || strcmp(argv[optind], "import") != 0) {
		help(stderr);
		return EXIT_USAGE;
	}
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		if (strcmp(argv[optind + 1], kinds[k].kind) == 0)
			break;
	if (k == sizeof kinds / sizeof kinds[0]) {
		fprintf(stderr, "remedi codes: unknown kind '%s' ('remedi codes --help' lists them)\n", argv[optind + 1]);
		return EXIT_USAGE;
	}
	if (from && to && from > to) {
		fprintf(stderr, "remedi codes: --from is after --to\n");
		return EXIT_USAGE;
	}
	if (!kinds[k].codes && (from || to)) {
		fprintf(stderr, "remedi codes: --from/--to date code sets; a fee schedule dates each row\n");
		return EXIT_USAGE;
	}
	if (!(c.st = cli_open_store("remedi codes", cli_db_path(db), false, &status)))
		return status;
	for (int i = optind + 2; i < argc; i++) {
		int rc;

		c.path = argv[i];
		rc = kinds[k].codes ? import_codes(&c, k, from, to) : import_fees(&c);
		if (rc == EXIT_INTERNAL || (rc != EXIT_CLEAN && status != EXIT_INTERNAL))
			status = rc;
		if (rc == EXIT_INTERNAL)
			break;
	}
	store_close(c.st);
	if (fflush(stdout) != 0)
		return EXIT_INTERNAL;
	return status;
}
