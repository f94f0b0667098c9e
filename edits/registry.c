/*
 * registry.c - the rule registry (rows in rules.def): id, family, default
 * severity and payer contexts, title, fix, reference, tables.  Ids are never
 * renumbered or reused; docs/rules.md lists every row (a test checks it).
 */
#include "internal.h"

#include <string.h>

static const struct edits_rule_info registry[] = {
#define R(sym, id, fam, sev, payers, title, fix, ref, tables) \
	{ id, fam, X12_SEV_##sev, payers, title, fix, ref, tables },
#include "rules.def"
#undef R
};

_Static_assert(sizeof registry / sizeof registry[0] == R__COUNT, "one registry row per rule");

const struct edits_rule_info *
edits_rules(unsigned *n)
{
	*n = R__COUNT;
	return registry;
}

int
edits_rule_index(const char *id)
{
	for (unsigned i = 0; i < R__COUNT; i++)
		if (strcmp(registry[i].id, id) == 0)
			return (int)i;
	return -1;
}
