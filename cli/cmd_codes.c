/*
 * cmd_codes.c - `remedi codes import KIND FILE --db DB`: code-set and price
 * files into the store, one transaction per file, a file loaded before
 * changing nothing.  Kinds are rows of the table below (one importer each).
 *
 *   fee-schedule   CSV, header payer,code,modifiers,from,to,allowed: payer id as
 *                  the 837 sends it (2010BB NM109); HCPCS/CPT code; modifiers
 *                  colon-separated, empty = any (a row naming the line's
 *                  modifiers wins); dates CCYYMMDD; allowed per unit in dollars
 */
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

static const struct {
	const char *kind;
	importer_fn import;
	const char *what;
} kinds[] = {
	{ "fee-schedule", import_fee_schedule, "allowed amounts per unit (CSV payer,code,modifiers,from,to,allowed)" },
};

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi codes import KIND FILE [--db PATH]\n"
		"\n"
		"Loads a code-set or price file into the claim store, in one transaction;\n"
		"a file loaded before changes nothing.\n"
		"\n"
		"kinds:\n");
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		fprintf(f, "  %-14s %s\n", kinds[i].kind, kinds[i].what);
	fprintf(f,
		"\n"
		"  --db PATH   the store (default $REMEDI_DB, else remedi.db here)\n"
		"  -h, --help  this text\n"
		"\n"
		"exit status: 0 loaded (or loaded before), 2 the file is unreadable or\n"
		"malformed (with its line), 3 usage, 4 database error.\n");
}

int
cmd_codes(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	struct import_ctx c = { .prog = "remedi codes" };
	struct store_identity id = { .isa13 = "", .gs06 = "" };
	struct store_file_info info;
	char loaded_at[32];
	size_t k;
	FILE *f;
	int opt, status = EXIT_CLEAN;
	enum store_status rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			db = optarg;
			break;
		case 'h':
			help(stdout);
			return EXIT_CLEAN;
		default:
			help(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 3 || strcmp(argv[optind], "import") != 0) {
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
	c.path = argv[optind + 2];
	if (!(f = strcmp(c.path, "-") == 0 ? stdin : fopen(c.path, "r"))) {
		fprintf(stderr, "remedi codes: %s: %s\n", c.path, strerror(errno));
		return EXIT_BAD_INPUT;
	}
	if (!(c.st = cli_open_store("remedi codes", cli_db_path(db), false, &status)))
		goto out;
	info = (struct store_file_info){ STORE_FILE_FEES, c.path, cli_today() };
	if (store_begin_file(c.st, &info) != STORE_OK) {
		fprintf(stderr, "remedi codes: %s\n", store_errmsg(c.st));
		status = EXIT_INTERNAL;
		goto out;
	}
	sha256_init(&c.hash);
	if ((status = kinds[k].import(&c, f)) != EXIT_CLEAN) {
		store_rollback(c.st);
		fprintf(stderr, "remedi codes: %s: nothing of this file was stored\n", c.path);
		goto out;
	}
	sha256_final_hex(&c.hash, id.sha256);
	rc = store_commit(c.st, &id, loaded_at);
	if (rc == STORE_DUPLICATE)
		printf("%s: already stored (loaded %s): nothing changed\n", c.path, loaded_at);
	else if (rc == STORE_OK)
		printf("%s: %s: %lu row%s stored\n", c.path, kinds[k].kind, c.rows, c.rows == 1 ? "" : "s");
	else {
		fprintf(stderr, "remedi codes: %s\n", store_errmsg(c.st));
		status = EXIT_INTERNAL;
	}
out:
	store_close(c.st);
	if (f != stdin)
		fclose(f);
	if (fflush(stdout) != 0)
		return EXIT_INTERNAL;
	return status;
}
