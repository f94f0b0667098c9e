/*
 * cmd_errors.c - `remedi errors`: the registry of diagnostic codes, with the
 * acknowledgment segment and code each one maps to.
 */
#include "commands.h"
#include "common.h"

#include <string.h>

static const char *const ack_names[] = {
	[X12_ACK_NONE] = "-", [X12_ACK_TA1] = "TA105", [X12_ACK_AK9] = "AK905",
	[X12_ACK_IK5] = "IK502", [X12_ACK_IK3] = "IK304", [X12_ACK_IK4] = "IK403",
};

static const char *const sev_names[] = {
	[X12_SEV_ERROR] = "error", [X12_SEV_WARNING] = "warning", [X12_SEV_INFO] = "info",
};

int
cmd_errors(int argc, char **argv)
{
	const struct x12_code_info *list;
	size_t n;

	if (cli_wants_help(argc, argv)) {
		printf("usage: remedi errors\n\n"
		       "Lists every diagnostic code remedi can report: code, name, severity,\n"
		       "whether it stops reading the input, the acknowledgment element that\n"
		       "carries it (TA105, AK905, IK502, IK304, IK403) with its value, and a summary.\n");
		return EXIT_CLEAN;
	}
	if (argc > 1) {
		fprintf(stderr, "remedi errors: takes no arguments\n");
		return EXIT_USAGE;
	}
	list = x12_code_list(&n);
	printf("%-8s %-24s %-8s %-6s %-10s %s\n", "code", "name", "severity", "fatal", "ack", "summary");
	for (size_t i = 0; i < n; i++) {
		char ack[24];

		if (list[i].ack == X12_ACK_NONE)
			snprintf(ack, sizeof ack, "-");
		else
			snprintf(ack, sizeof ack, "%s=%s", ack_names[list[i].ack], list[i].ack_code);
		printf("%-8s %-24s %-8s %-6s %-10s %s\n", x12_code_label(list[i].code), list[i].slug,
		       sev_names[list[i].severity], list[i].fatal ? "yes" : "no", ack, list[i].summary);
	}
	return EXIT_CLEAN;
}
