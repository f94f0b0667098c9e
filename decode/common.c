/*
 * common.c - what both decoders share (see decode.h).
 */
#include "decode.h"

#include <stdio.h>
#include <string.h>

void
dec_diag(struct dec_base *b, enum x12_code code, const struct x12_pos *m, unsigned element, const char *fmt, ...)
{
	struct x12_error *e;
	va_list ap;

	if (b->ndiags == DEC_MAX_DIAGS)
		return;
	e = &b->diags[b->ndiags++];
	if (b->ndiags == DEC_MAX_DIAGS) {
		x12_error_set(e, X12_E_DIAGS_DROPPED, m->offset, m->segment, m->st_segment, m->seg_id, m->loop_id, 0,
			      "more than %u balancing and situational diagnostics for one claim: the rest are not shown",
			      DEC_MAX_DIAGS - 1);
		return;
	}
	if (b->errors && x12_code_info(code)->severity == X12_SEV_ERROR)
		(*b->errors)++;
	va_start(ap, fmt);
	x12_error_vset(e, code, m->offset, m->segment, m->st_segment, m->seg_id, m->loop_id, element, fmt, ap);
	va_end(ap);
}

bool
dec_envelope(struct dec_base *b, const struct x12_walk_event *ev)
{
	const struct x12_segment *s = ev->seg;

	if (ev->type == X12_WALK_DIAG) {
		if (b->errors && x12_code_info(ev->diag.code)->severity == X12_SEV_ERROR)
			(*b->errors)++;
		return false;
	}
	if (ev->type != X12_WALK_SEGMENT || !s)
		return false;
	if (!b->in_set) {
		if (x12_seg_is(s, "ISA"))
			DEC_CPY(b->isa13, x12_seg_element(s, 13));
		else if (x12_seg_is(s, "GS"))
			DEC_CPY(b->gs06, x12_seg_element(s, 6));
		return false;
	}
	if (x12_seg_is(s, "ST")) {
		DEC_CPY(b->st02, x12_seg_element(s, 2));
		return false;
	}
	return ev->def && ev->loop;
}

void
dec_procedure(struct x12_str v, char sep, char qual[3], char code[49], char mod[4][3], unsigned *nmod, char *desc,
	      size_t desc_size)
{
	struct x12_str part[7] = { { 0 } };

	x12_str_split(v, sep, part, 7);
	dec_copy(qual, 3, part[0]);
	dec_copy(code, 49, part[1]);
	*nmod = 0;
	for (unsigned m = 0; m < 4; m++) {
		dec_copy(mod[m], 3, part[2 + m]);
		if (mod[m][0])
			*nmod = m + 1;
	}
	if (desc)
		dec_copy(desc, desc_size, part[6]);
}

enum x12_status
dec_table_add(struct dec_base *b, void **table, unsigned *n, unsigned *cap, size_t size, unsigned max, void **out)
{
	return x12_table_add(&b->alloc, table, n, cap, size, max, out) == X12_TABLE_NOMEM ? X12_ERROR : X12_OK;
}
