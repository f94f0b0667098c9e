/*
 * rules_valid.c - ONC-VALID: codes and modifiers in force on the date of
 * service (research/oncology-edits.md 1.6), from the dated seed tables:
 * HCPCS Level II codes and modifiers (ADD DT / TERM DT) and the CPT code
 * numbers whose dates the project keeps.  A code the tables do not list is
 * not judged.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

static bool
in_force(const struct ed_code *row, int32_t dos)
{
	return !(row->add && dos < row->add) && !(row->term && dos > row->term);
}

static void
code(struct ed_ctx *x, struct ed_line *l)
{
	const struct ed_code *row = l->row;
	enum ed_rule r;

	if (!row || !row->hcpcs || row->modifier || !l->dos || in_force(row, l->dos))
		return;
	r = l->ln->code[0] >= '0' && l->ln->code[0] <= '9' ? R_VALID_002 : R_VALID_001;
	if (!ed_on(x, r))
		return;
	if (row->term && l->dos > row->term)
		ed_emit(x, r, l, NULL, "%s was terminated on %d; the service date is %d", l->ln->code, row->term, l->dos);
	else
		ed_emit(x, r, l, NULL, "%s is effective from %d; the service date is %d", l->ln->code, row->add, l->dos);
}

static void
modifiers(struct ed_ctx *x, struct ed_line *l)
{
	for (unsigned i = 0; i < 4; i++) {
		const char *m = l->ln->mod[i];
		const struct ed_code *row;

		if (!m[0] || !(row = ed_code_find(x->t, ed_key(m))) || !row->modifier || in_force(row, l->dos))
			continue;
		if (row->term && l->dos > row->term)
			ed_emit(x, R_VALID_003, l, NULL, "modifier %s was terminated on %d; the service date is %d", m, row->term,
				l->dos);
		else
			ed_emit(x, R_VALID_003, l, NULL, "modifier %s is valid from %d; the service date is %d", m, row->add,
				l->dos);
	}
}

void
ed_rules_valid(struct ed_ctx *x)
{
	bool mods = ed_on(x, R_VALID_003);

	for (unsigned i = 0; i < x->nlines; i++) {
		struct ed_line *l = &x->lines[i];

		code(x, l);
		if (mods && l->ln->nmod && l->dos)
			modifiers(x, l);
	}
}
