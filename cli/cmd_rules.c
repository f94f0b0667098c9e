/*
 * cmd_rules.c - `remedi rules`: the rules in force after the rule pack and
 * its payer profiles, with id, severity, title and reference.
 */
#include "commands.h"
#include "common.h"
#include "edits.h"

#include <getopt.h>
#include <string.h>

static const char *const sev_name[] = { "error", "warning", "info" };

static const struct {
	unsigned bit;
	const char *name;
} contexts[] = {
	{ EDITS_PAYER_MEDICARE_B, "medicare-b" },
	{ EDITS_PAYER_MEDICARE_ADV, "medicare-advantage" },
	{ EDITS_PAYER_MEDICAID, "medicaid" },
	{ EDITS_PAYER_COMMERCIAL, "commercial" },
};

static void
help(FILE *f)
{
	fprintf(f,
		"usage: remedi rules [--format text|json] [--rules FILE] [--payer CONTEXT]\n"
		"\n"
		"Lists the oncology rules in force: id, severity, payer contexts, title and\n"
		"reference (json: one object per line, with the fix and the tables it needs).\n"
		"\n"
		"  --rules FILE      a rule pack replacing the built-in one\n"
		"  --payer CONTEXT   only the rules that run for medicare-b, medicare-advantage,\n"
		"                    medicaid or commercial claims, at that context's severity\n"
		"  -h, --help        this text\n");
}

int
cmd_rules(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "rules", required_argument, NULL, 'r' },
		{ "payer", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rules = NULL;
	bool json = false;
	unsigned ctx = 0, n;
	int opt;
	struct edits_error err;
	struct edits_pack *pack;
	const struct edits_rule_info *reg = edits_rules(&n);

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'F':
			if (strcmp(optarg, "json") && strcmp(optarg, "text")) {
				fprintf(stderr, "remedi rules: --format takes text or json, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			json = strcmp(optarg, "json") == 0;
			break;
		case 'r':
			rules = optarg;
			break;
		case 'p':
			for (size_t i = 0; i < sizeof contexts / sizeof contexts[0]; i++)
				if (strcmp(optarg, contexts[i].name) == 0)
					ctx = contexts[i].bit;
			if (!ctx) {
				fprintf(stderr, "remedi rules: --payer takes medicare-b, medicare-advantage, medicaid or commercial\n");
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
	if (optind < argc) {
		fprintf(stderr, "remedi rules: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (!(pack = edits_pack_load(rules, &err))) {
		fprintf(stderr, "remedi rules: %s:%lu: %s\n", err.file, err.line, err.msg);
		return rules ? EXIT_USAGE : EXIT_INTERNAL;
	}
	for (unsigned i = 0; i < n; i++) {
		enum x12_severity sev;
		char ctxs[80] = "";
		size_t o = 0;

		if (!edits_pack_rule(pack, i, ctx, &sev))
			continue;
		for (size_t k = 0; k < sizeof contexts / sizeof contexts[0]; k++) {
			enum x12_severity s;

			if (edits_pack_rule(pack, i, contexts[k].bit, &s))
				o += (size_t)snprintf(ctxs + o, sizeof ctxs - o, "%s%s", o ? " " : "", contexts[k].name);
		}
		if (json) {
			fputs("{\"rule\":", stdout);
			cli_json_str(stdout, reg[i].id);
			printf(",\"family\":\"%s\",\"severity\":\"%s\",\"payers\":", reg[i].family, sev_name[sev]);
			cli_json_str(stdout, ctxs);
			fputs(",\"title\":", stdout);
			cli_json_str(stdout, reg[i].title);
			fputs(",\"fix\":", stdout);
			cli_json_str(stdout, reg[i].fix);
			fputs(",\"reference\":", stdout);
			cli_json_str(stdout, reg[i].reference);
			fputs(",\"tables\":", stdout);
			cli_json_str(stdout, reg[i].tables);
			fputs("}\n", stdout);
		} else {
			printf("%-14s %-8s %-40s %s\n%14s %8s source: %s\n", reg[i].id, sev_name[sev], ctxs, reg[i].title, "", "",
			       reg[i].reference);
		}
	}
	edits_pack_free(pack);
	return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_INTERNAL;
}
