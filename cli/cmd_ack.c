/*
 * cmd_ack.c - `remedi ack`: the TA1 or 999 answering each input interchange
 * (acks/ builds them; this file reads the options, the files and writes).
 */
#include "commands.h"
#include "common.h"
#include "ack.h"
#include "edits.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ack_cli {
	FILE *out;
	struct ack_writer *aw;
	bool failed;   /* the writer stopped: out of memory or a write error */
};

static bool
write_out(void *ctx, const char *buf, size_t len)
{
	struct ack_cli *c = ctx;

	return fwrite(buf, 1, len, c->out) == len;
}

static bool
on_record(void *ctx, const struct x12_record *rec)
{
	struct ack_cli *c = ctx;

	if (!ack_writer_record(c->aw, rec)) {
		c->failed = true;
		return false;
	}
	return true;
}

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi ack [options] FILE...\n"
		"\n"
		"Writes the acknowledgment of each interchange of each FILE (plain or gzip,\n"
		"'-' = stdin): a 999 (005010X231A1) per functional group, with a TA1 when the\n"
		"input's ISA14 asks for one or its envelope has an error, or a TA1 alone, or\n"
		"a 277CA (005010X214) per 837 transaction set: one STC per claim, accepted\n"
		"(A2:20) or rejected (A3/A6/A7/A8) from its SNIP 1-4 errors and the errors\n"
		"of the oncology edits.\n"
		"Sender and receiver are those of the input, swapped.  See docs/acks.md.\n"
		"\n"
		"  --type TYPE           999 (default), ta1 or 277ca\n"
		"  --edits on|off        277ca: let the oncology edits' errors reject a claim\n"
		"                        (default on: the default rule pack and seed tables)\n"
		"  -o, --output FILE     write there instead of standard output\n"
		"  --control-number N    ISA13 and GS06 of the first acknowledgment (default 1),\n"
		"                        one more for each further interchange\n"
		"  --timestamp STAMP     date and time written, CCYYMMDDHHMM in UTC (default:\n"
		"                        $SOURCE_DATE_EPOCH if set, else now)\n"
		"  --level N             SNIP level checked, 1-4 (default 4)\n"
		"  --schema-dir DIR      transaction-set definitions (also $REMEDI_SCHEMA_DIR)\n"
		"  -h, --help            this text\n"
		"\n"
		"exit status: 0 everything accepted, 1 something rejected or accepted with\n"
		"errors (the acknowledgment says what; it is written all the same), 2 a file\n"
		"is unreadable or not X12 (nothing to acknowledge), 3 usage, 4 internal error.\n");
}

static bool
parse_timestamp(const char *s, struct ack_options *o)
{
	int y, mo, d, h, mi;

	if (strlen(s) != 12 || strspn(s, "0123456789") != 12)
		return false;
	if (sscanf(s, "%4d%2d%2d%2d%2d", &y, &mo, &d, &h, &mi) != 5)
		return false;
	(void)y, (void)mo, (void)d;
	{
		int32_t date;
		char ymd[9];

		memcpy(ymd, s, 8);
		ymd[8] = '\0';
		if (!x12_parse_date8((struct x12_str){ ymd, 8 }, &date) || h > 23 || mi > 59)
			return false;
	}
	memcpy(o->date8, s, 8);
	o->date8[8] = '\0';
	memcpy(o->time4, s + 8, 4);
	o->time4[4] = '\0';
	return true;
}

static bool
set_time(time_t t, struct ack_options *o)
{
	struct tm tm;
	char buf[16];

	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 1000)
		return false;
	strftime(buf, sizeof buf, "%Y%m%d%H%M", &tm);
	return parse_timestamp(buf, o);
}

int
cmd_ack(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "control-number", required_argument, NULL, 'c' },
		{ "timestamp", required_argument, NULL, 'T' },
		{ "level", required_argument, NULL, 'L' },
		{ "schema-dir", required_argument, NULL, 'S' },
		{ "edits", required_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ack_options ao = { .type = ACK_999, .control = 1 };
	const char *out_path = NULL, *schema_dir = NULL, *stamp = NULL;
	unsigned long level = 4, control = 1;
	struct x12_schemas *schemas = NULL;
	struct x12_records *rs;
	struct ack_cli c = { 0 };
	struct ack_stats st;
	bool any_fatal = false, use_edits = true;
	struct edits_tables *tables = NULL;
	struct edits_pack *pack = NULL;
	struct edits *edits = NULL;
	int opt, status = EXIT_CLEAN;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 't':
			if (strcmp(optarg, "999") == 0) {
				ao.type = ACK_999;
			} else if (strcmp(optarg, "ta1") == 0 || strcmp(optarg, "TA1") == 0) {
				ao.type = ACK_TA1;
			} else if (strcmp(optarg, "277ca") == 0 || strcmp(optarg, "277CA") == 0) {
				ao.type = ACK_277CA;
			} else {
				fprintf(stderr, "remedi ack: --type takes 999, ta1 or 277ca, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'c':
			if (!cli_parse_count(optarg, &control) || control < 1 || control > 999999999ul) {
				fprintf(stderr, "remedi ack: --control-number takes 1 to 999999999, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'T':
			stamp = optarg;
			break;
		case 'L':
			if (!cli_parse_count(optarg, &level) || level < 1 || level > 4) {
				fprintf(stderr, "remedi ack: --level takes 1, 2, 3 or 4, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			schema_dir = optarg;
			break;
		case 'E':
			if (strcmp(optarg, "on") != 0 && strcmp(optarg, "off") != 0) {
				fprintf(stderr, "remedi ack: --edits takes on or off, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			use_edits = strcmp(optarg, "on") == 0;
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
		fprintf(stderr, "remedi ack: no FILE given ('-' reads standard input)\n");
		return EXIT_USAGE;
	}
	ao.control = (uint32_t)control;
	ao.envelope_only = level == 1;
	if (stamp) {
		if (!parse_timestamp(stamp, &ao)) {
			fprintf(stderr, "remedi ack: --timestamp takes CCYYMMDDHHMM (UTC), not '%s'\n", stamp);
			return EXIT_USAGE;
		}
	} else if (getenv("SOURCE_DATE_EPOCH") && *getenv("SOURCE_DATE_EPOCH")) {
		const char *e = getenv("SOURCE_DATE_EPOCH");
		char *end;
		long long v;

		errno = 0;
		v = strtoll(e, &end, 10);
		if (errno || *end || v < 0 || !set_time((time_t)v, &ao)) {
			fprintf(stderr, "remedi ack: SOURCE_DATE_EPOCH is not a number of seconds: '%s'\n", e);
			return EXIT_USAGE;
		}
	} else if (!set_time(time(NULL), &ao)) {
		fprintf(stderr, "remedi ack: the clock is out of range\n");
		return EXIT_INTERNAL;
	}
	if (level > 1 && !(schemas = cli_load_schemas("remedi ack", schema_dir, &status)))
		return status;
	if (ao.type == ACK_277CA && use_edits) {
		struct edits_error err;

		/* the default rule pack and the seed tables, as `remedi check` runs them by default */
		if (!(pack = edits_pack_load(NULL, &err)) || !(tables = edits_tables_new(&err)) ||
		    !(edits = edits_new(tables, pack))) {
			fprintf(stderr, "remedi ack: the oncology edits cannot start: %s\n", err.msg);
			edits_tables_free(tables);
			edits_pack_free(pack);
			x12_schemas_free(schemas);
			return EXIT_INTERNAL;
		}
		ao.edits = edits;
	}
	{
		struct x12_records_options ro = { .level = (unsigned)level, .decode = true, .events = true };

		rs = x12_records_new(schemas, &ro);
	}
	c.out = stdout;
	if (out_path && strcmp(out_path, "-") != 0 && !(c.out = fopen(out_path, "w"))) {
		fprintf(stderr, "remedi ack: cannot write %s: %s\n", out_path, strerror(errno));
		x12_records_free(rs);
		x12_schemas_free(schemas);
		return EXIT_INTERNAL;
	}
	c.aw = ack_writer_new(&ao, write_out, &c);
	if (!rs || !c.aw) {
		fprintf(stderr, "remedi ack: out of memory\n");
		status = EXIT_INTERNAL;
		goto out;
	}
	for (int i = optind; i < argc && !c.failed; i++) {
		struct cli_file_result res;
		struct ack_stats before;

		ack_writer_stats(c.aw, &before);
		cli_records_file(rs, argv[i], on_record, &c, &res);
		if (c.failed)
			break;
		if (res.fatal && res.fatal_err.code == X12_E_IO) {
			/* unreadable: the stream saw no END; close what it opened */
			struct x12_record end = { .type = X12_REC_END };
			struct x12_end_info info = { .fatal = true, .error = res.fatal_err };

			end.end = &info;
			on_record(&c, &end);
		}
		if (res.fatal) {
			cli_print_fatal(stderr, argv[i], &res);
			any_fatal = true;
		}
		ack_writer_stats(c.aw, &st);
		if (st.unanswered > before.unanswered)
			fprintf(stderr, "%s: no interchange to acknowledge\n", argv[i]);
	}
	if (c.failed) {
		fprintf(stderr, "remedi ack: %s\n", ferror(c.out) ? "write error" : "out of memory");
		status = EXIT_INTERNAL;
		goto out;
	}
	ack_writer_stats(c.aw, &st);
	if (any_fatal)
		status = EXIT_BAD_INPUT;
	else if (st.rejected_sets || st.ta1_rejected || st.sets > st.accepted_sets || st.rejected_claims)
		status = EXIT_FINDINGS;
out:
	ack_writer_free(c.aw);
	edits_free(edits);
	edits_tables_free(tables);
	edits_pack_free(pack);
	x12_records_free(rs);
	x12_schemas_free(schemas);
	if (c.out != stdout) {
		if (fclose(c.out) != 0 && status != EXIT_INTERNAL) {
			fprintf(stderr, "remedi ack: cannot write %s\n", out_path);
			status = EXIT_INTERNAL;
		}
	} else if (fflush(stdout) != 0) {
		status = EXIT_INTERNAL;
	}
	return status;
}
