/*
 * main.c - `remedi <command>`: dispatch, --help, --version.
 */
#include "config.h"
#include "commands.h"
#include "common.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "check", cmd_check, "scrub 837 claims: SNIP 1-4 and the oncology rules, grouped by claim" },
	{ "rules", cmd_rules, "list the oncology rules in force (after the rule pack)" },
	{ "segments", cmd_segments, "print every segment in a normalised form (* : ^ ~)" },
	{ "validate", cmd_validate, "check syntax, envelopes and the implementation guide (SNIP 1-3, 4 basics)" },
	{ "parse", cmd_parse, "decode 837 claims and 835 payments to JSON Lines or an XML loop tree" },
	{ "errors", cmd_errors, "list the diagnostic codes and the TA1/999 codes they map to" },
	{ "submit", cmd_submit, "record the claims of 837 files as sent, in the claim store (--db)" },
	{ "remit", cmd_remit, "import 835 files into the claim store and match them to the claims sent" },
	{ "report", cmd_report, "denials, underpayments, unmatched, aging, summary, rejections; the HTML dashboard" },
	{ "codes", cmd_codes, "import official code sets and fee schedules into the store; list what is loaded" },
	{ "ack", cmd_ack, "write the TA1 or 999 acknowledging each interchange of X12 files" },
	{ "acks", cmd_acks, "record 999 and 277CA acknowledgments of submitted claims in the store" },
};

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: remedi <command> [options] FILE...\n"
		"\n"
		"remedi reads X12 837/835 files (plain or gzip, FILE '-' is standard input).\n"
		"\n"
		"commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\n"
		"options:\n"
		"  -h, --help     this text; 'remedi COMMAND --help' for a command\n"
		"  --version      print the version\n"
		"\n"
		"exit status: 0 clean, 1 errors found, 2 input unreadable or not X12,\n"
		"3 usage error, 4 internal error or the output could not be written.\n");
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("remedi %s\n", REMEDI_VERSION);
		printf("gzip inflate: %s\n", REMEDI_HAVE_ISAL ? "ISA-L (zlib with REMEDI_INFLATE=zlib)" : "zlib");
		return EXIT_CLEAN;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "remedi: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
