/*
 * envelope.c - SNIP level 1: interchange, functional group and transaction
 * set envelopes.
 *
 *   input       = interchange+
 *   interchange = ISA group* IEA          IEA01 = #groups, IEA02 = ISA13
 *   group       = GS transaction* GE      GE01 = #sets,    GE02 = GS06
 *   transaction = ST segment+ SE          SE01 = #segments ST..SE, SE02 = ST02
 *
 * Every segment passes through x12_envelope_segment() once.  Errors are
 * queued (bounded) and handed out by the reader after the segment they
 * concern.  A missing trailer is reported when the next header or the end of
 * input shows it, and the open levels are closed so checking goes on.
 *
 * Duplicate control numbers are found with small fixed hash sets: memory is
 * bounded whatever the input; past the set size the check stops silently.
 */
#include "x12_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum env_level {
	L_OUT,  /* between interchanges */
	L_ISA,  /* inside ISA, outside GS */
	L_GS,   /* inside GS, outside ST */
	L_ST,   /* inside ST */
};

#define QUEUE 32        /* diagnostics one segment can raise, with margin */
#define SET_SLOTS 4096  /* control numbers remembered per scope */

struct ctl_set {
	uint32_t used;
	uint64_t slot[SET_SLOTS];
};

struct x12_envelope {
	enum env_level level;

	char isa13[16];
	char isa12[6];
	uint64_t isa_off, isa_ord;
	uint32_t groups;

	char gs01[4];
	char gs06[16];
	char gs08[16];
	uint64_t gs_off, gs_ord;
	uint32_t sets;

	char st01[4];
	char st02[16];
	char st03[16];
	uint64_t st_off, st_ord;
	uint32_t st_count;
	bool st_in_group;      /* the open ST had a GS around it */
	bool outside_reported;

	struct x12_reader_stats stats;

	struct ctl_set isa_seen, gs_seen, st_seen;

	struct x12_error queue[QUEUE];
	unsigned q_head, q_len;
	bool strict;           /* trailing separators are errors (X12-906), not warnings (X12-905) */
	struct x12_alloc alloc;
};

struct x12_envelope *
x12_envelope_new(const struct x12_alloc *alloc)
{
	struct x12_alloc a;
	struct x12_envelope *env;

	x12_alloc_init(&a, alloc);
	env = x12_mem_alloc(&a, sizeof *env);
	if (env) {
		env->alloc = a;
		x12_envelope_reset(env);
	}
	return env;
}

void
x12_envelope_free(struct x12_envelope *env)
{
	if (env)
		x12_mem_free(&env->alloc, env);
}

void
x12_envelope_reset(struct x12_envelope *env)
{
	struct x12_alloc a = env->alloc;
	bool strict = env->strict;

	memset(env, 0, sizeof *env);
	env->alloc = a;
	env->strict = strict;
}

void
x12_envelope_set_strict(struct x12_envelope *env, bool strict)
{
	env->strict = strict;
}

void
x12_envelope_stats(const struct x12_envelope *env, struct x12_reader_stats *out)
{
	*out = env->stats;
}

size_t
x12_envelope_size(void)
{
	return sizeof(struct x12_envelope);
}

void
x12_envelope_copy(struct x12_envelope *dst, const struct x12_envelope *src)
{
	struct x12_alloc a = dst->alloc;
	bool strict = dst->strict;

	memcpy(dst, src, sizeof *dst);
	dst->alloc = a;
	dst->strict = strict;
	dst->q_head = dst->q_len = 0;
}

bool
x12_envelope_skip(struct x12_envelope *env, uint64_t n)
{
	if (n && env->level != L_ST)
		return false;
	env->stats.segments += n;
	env->st_count += (uint32_t)n;
	return true;
}

bool
x12_envelope_in_group(const struct x12_envelope *env)
{
	return env->level == L_GS;
}

bool
x12_envelope_pop(struct x12_envelope *env, struct x12_error *out)
{
	if (env->q_len == 0)
		return false;
	*out = env->queue[env->q_head];
	env->q_head = (env->q_head + 1) % QUEUE;
	env->q_len--;
	return true;
}

/* 1: A-Z, 2: 0-9 */
static const unsigned char id_class[256] = {
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2,
	['9'] = 2, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
	['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};

static bool
valid_id(struct x12_str id)
{
	const unsigned char *p = (const unsigned char *)id.ptr;

	if (id.len == 2)
		return id_class[p[0]] == 1 && id_class[p[1]];
	return id.len == 3 && id_class[p[0]] == 1 && id_class[p[1]] && id_class[p[2]];
}

/* Returns the queued diagnostic (to add a component or repetition), NULL when dropped. */
static struct x12_error *
report(struct x12_envelope *env, enum x12_code code, const struct x12_segment *seg,
       unsigned element, const char *fmt, ...) X12_PRINTF(5, 6);

static struct x12_error *
report(struct x12_envelope *env, enum x12_code code, const struct x12_segment *seg,
       unsigned element, const char *fmt, ...)
{
	struct x12_error *e;
	va_list ap;

	/* one segment raises a handful at most; the last slot says if more were lost */
	if (env->q_len == QUEUE)
		return NULL;
	e = &env->queue[(env->q_head + env->q_len++) % QUEUE];
	memset(e, 0, sizeof *e);
	if (env->q_len == QUEUE) {
		code = X12_E_DIAGS_DROPPED;
		fmt = "more envelope diagnostics for this segment than are kept";
	}
	e->code = code;
	if (seg) {
		struct x12_str id = x12_seg_id(seg);

		e->pos.offset = seg->offset;
		e->pos.segment = seg->ordinal;
		e->pos.st_segment = seg->st_segment;
		if (valid_id(id))
			memcpy(e->pos.seg_id, id.ptr, id.len); /* anything else may be a fragment of a value */
	}
	e->pos.element = (uint16_t)element;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code == X12_E_DIAGS_DROPPED ? NULL : e;
}

/* Reports at a remembered header position (a trailer that never came). */
static void
report_at(struct x12_envelope *env, enum x12_code code, uint64_t offset, uint64_t ordinal,
	  const char *id, const char *msg)
{
	struct x12_segment at = { 0 };
	uint32_t el[2] = { 0, 0 };

	at.data = id;
	at.len = strlen(id);
	at.elem = el;
	el[1] = (uint32_t)at.len + 1;
	at.offset = offset;
	at.ordinal = ordinal;
	report(env, code, &at, 0, "%s", msg);
}

/* Copies a short value for messages and comparisons (control numbers only). */
static void
copy_val(char *dst, size_t size, struct x12_str v)
{
	size_t n = v.len < size - 1 ? v.len : size - 1;

	memcpy(dst, v.ptr, n);
	dst[n] = '\0';
}

static uint64_t
hash_str(struct x12_str v)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < v.len; i++)
		h = (h ^ (unsigned char)v.ptr[i]) * 1099511628211ull;
	return h | 1; /* 0 marks an empty slot */
}

/* Adds v; true when it was already there. */
static bool
set_seen(struct ctl_set *s, struct x12_str v)
{
	uint64_t h = hash_str(v);
	size_t i = (size_t)(h % SET_SLOTS);

	if (s->used >= SET_SLOTS / 2)
		return false;
	while (s->slot[i]) {
		if (s->slot[i] == h)
			return true;
		i = (i + 1) % SET_SLOTS;
	}
	s->slot[i] = h;
	s->used++;
	return false;
}

static void
set_clear(struct ctl_set *s)
{
	if (s->used) {
		memset(s->slot, 0, sizeof s->slot);
		s->used = 0;
	}
}

static bool
is_one_of(struct x12_str v, const char *const *list)
{
	for (; *list; list++)
		if (x12_str_eq(v, *list))
			return true;
	return false;
}

static bool
is_blank_str(struct x12_str v)
{
	for (size_t i = 0; i < v.len; i++)
		if (v.ptr[i] != ' ')
			return false;
	return true;
}

/* Parses a non-negative count; -1 when it is not digits. */
static long long
count_of(struct x12_str v)
{
	long long n = 0;

	if (!x12_is_digits(v) || v.len > 12)
		return -1;
	for (size_t i = 0; i < v.len; i++)
		n = n * 10 + (v.ptr[i] - '0');
	return n;
}

/* Control numbers compare as numbers when both are digits (IEA02 "3438" = ISA13 "000003438" is
 * still an error: X12 control numbers are compared as written, leading zeros included). */
static bool
same_ctl(struct x12_str v, const char *s)
{
	return x12_str_eq(v, s);
}

static void
close_st(struct x12_envelope *env)
{
	report_at(env, X12_E_SE_MISSING, env->st_off, env->st_ord, "ST",
		  "transaction set has no SE trailer");
	env->level = env->st_in_group ? L_GS : L_ISA;
}

static void
close_gs(struct x12_envelope *env)
{
	if (env->level == L_ST)
		close_st(env);
	if (env->level != L_GS)
		return; /* the ST stood outside any group */
	report_at(env, X12_E_GE_MISSING, env->gs_off, env->gs_ord, "GS",
		  "functional group has no GE trailer");
	env->level = L_ISA;
}

static void
close_isa(struct x12_envelope *env)
{
	if (env->level >= L_GS)
		close_gs(env);
	if (env->level == L_OUT)
		return;
	report_at(env, X12_E_IEA_MISSING, env->isa_off, env->isa_ord, "ISA",
		  "interchange has no IEA trailer");
	env->level = L_OUT;
}

static void
check_isa(struct x12_envelope *env, const struct x12_segment *seg)
{
	/* the general X12 code lists; the HIPAA guides narrow them (SNIP 2) */
	static const char *const sec_q[] = { "00", "01", NULL };
	struct x12_str v;

	if (env->level != L_OUT)
		close_isa(env);
	env->level = L_ISA;
	env->outside_reported = false;
	env->isa_off = seg->offset;
	env->isa_ord = seg->ordinal;
	env->groups = 0;
	env->stats.interchanges++;
	set_clear(&env->gs_seen);

	v = x12_seg_element(seg, 1);
	if (v.len != 2 || !x12_is_digits(v))
		report(env, X12_E_ISA_AUTH_QUAL, seg, 1, "ISA01 authorization qualifier must be a 2-digit code");
	else if (x12_str_eq(x12_seg_element(seg, 1), "00") && !is_blank_str(x12_seg_element(seg, 2)))
		report(env, X12_E_ISA_AUTH, seg, 2, "ISA02 should be blank when ISA01 is 00");
	if (!is_one_of(x12_seg_element(seg, 3), sec_q))
		report(env, X12_E_ISA_SEC_QUAL, seg, 3, "ISA03 security qualifier must be 00 or 01");
	else if (x12_str_eq(x12_seg_element(seg, 3), "00") && !is_blank_str(x12_seg_element(seg, 4)))
		report(env, X12_E_ISA_AUTH, seg, 4, "ISA04 should be blank when ISA03 is 00");
	for (unsigned e = 5; e <= 7; e += 2) {
		v = x12_seg_element(seg, e);
		if (v.len != 2 || v.ptr[0] == ' ' || v.ptr[1] == ' ')
			report(env, X12_E_ISA_ID_QUAL, seg, e, "ISA%02u interchange id qualifier is blank", e);
		if (is_blank_str(x12_seg_element(seg, e + 1)))
			report(env, X12_E_ISA_ID, seg, e + 1, "ISA%02u interchange id is blank", e + 1);
	}
	if (!x12_is_date6(x12_seg_element(seg, 9)))
		report(env, X12_E_ISA_DATE, seg, 9, "ISA09 is not a valid YYMMDD date");
	v = x12_seg_element(seg, 10);
	if (v.len != 4 || !x12_is_time(v))
		report(env, X12_E_ISA_TIME, seg, 10, "ISA10 is not a valid HHMM time");
	v = x12_seg_element(seg, 12);
	copy_val(env->isa12, sizeof env->isa12, v);
	if (v.len != 5 || !x12_is_digits(v))
		report(env, X12_E_ISA_VERSION, seg, 12, "ISA12 control version must be 5 digits");
	else if (strcmp(env->isa12, "00501") >= 0 && seg->delims.repetition == '\0')
		report(env, X12_E_ISA_REPETITION, seg, 11,
		       "ISA11 must be a repetition separator in version %s, not a letter or digit", env->isa12);
	v = x12_seg_element(seg, 13);
	copy_val(env->isa13, sizeof env->isa13, v);
	if (v.len != 9 || !x12_is_digits(v))
		report(env, X12_E_ISA_CONTROL, seg, 13, "ISA13 control number must be 9 digits");
	else if (set_seen(&env->isa_seen, v))
		report(env, X12_E_ISA_DUPLICATE, seg, 13, "ISA13 %s repeats an earlier interchange", env->isa13);
	v = x12_seg_element(seg, 14);
	if (!x12_str_eq(v, "0") && !x12_str_eq(v, "1"))
		report(env, X12_E_ISA_ACK_REQ, seg, 14, "ISA14 acknowledgment requested must be 0 or 1");
	v = x12_seg_element(seg, 15);
	if (!x12_str_eq(v, "P") && !x12_str_eq(v, "T") && !x12_str_eq(v, "I"))
		report(env, X12_E_ISA_USAGE, seg, 15, "ISA15 usage indicator must be P, T or I");
}

static void
check_iea(struct x12_envelope *env, const struct x12_segment *seg)
{
	struct x12_str v;
	long long n;

	if (env->level == L_OUT) {
		report(env, X12_E_NESTING, seg, 0, "IEA without an open interchange");
		return;
	}
	if (env->level >= L_GS)
		close_gs(env);
	v = x12_seg_element(seg, 1);
	n = count_of(v);
	if (n != (long long)env->groups)
		report(env, X12_E_IEA_COUNT, seg, 1, "IEA01 says %.*s functional groups, the interchange has %u",
		       (int)(v.len > 12 ? 12 : v.len), v.ptr, env->groups);
	v = x12_seg_element(seg, 2);
	if (!same_ctl(v, env->isa13))
		report(env, X12_E_IEA_CONTROL, seg, 2, "IEA02 %.*s does not match ISA13 %s",
		       (int)(v.len > 12 ? 12 : v.len), v.ptr, env->isa13);
	env->level = L_OUT;
}

static void
check_gs(struct x12_envelope *env, const struct x12_segment *seg)
{
	struct x12_str v;

	if (env->level >= L_GS) {
		bool group_open = env->level == L_GS || env->st_in_group;

		close_gs(env);
		if (group_open)
			report(env, X12_E_NESTING, seg, 0, "GS inside an open functional group");
	}
	env->level = L_GS;
	env->outside_reported = false;
	env->gs_off = seg->offset;
	env->gs_ord = seg->ordinal;
	env->groups++;
	env->sets = 0;
	env->stats.groups++;
	set_clear(&env->st_seen);

	v = x12_seg_element(seg, 1);
	copy_val(env->gs01, sizeof env->gs01, v);
	if (v.len != 2)
		report(env, X12_E_GS_ELEMENTS, seg, 1, "GS01 functional identifier code must be 2 letters");
	for (unsigned e = 2; e <= 3; e++) {
		v = x12_seg_element(seg, e);
		if (v.len < 2 || v.len > 15)
			report(env, X12_E_GS_ELEMENTS, seg, e, "GS%02u application code must be 2-15 characters", e);
	}
	if (!x12_is_date8(x12_seg_element(seg, 4)))
		report(env, X12_E_GS_DATE, seg, 4, "GS04 is not a valid CCYYMMDD date");
	if (!x12_is_time(x12_seg_element(seg, 5)))
		report(env, X12_E_GS_TIME, seg, 5, "GS05 is not a valid HHMM[SS[d]] time");
	v = x12_seg_element(seg, 6);
	copy_val(env->gs06, sizeof env->gs06, v);
	if (v.len > 9 || !x12_is_digits(v))
		report(env, X12_E_GS_CONTROL, seg, 6, "GS06 group control number must be 1-9 digits");
	else if (set_seen(&env->gs_seen, v))
		report(env, X12_E_GS_DUPLICATE, seg, 6, "GS06 %s repeats an earlier group of this interchange",
		       env->gs06);
	v = x12_seg_element(seg, 7);
	if (!x12_str_eq(v, "X") && !x12_str_eq(v, "T"))
		report(env, X12_E_GS_ELEMENTS, seg, 7, "GS07 responsible agency code must be X");
	v = x12_seg_element(seg, 8);
	copy_val(env->gs08, sizeof env->gs08, v);
	if (v.len == 0 || v.len > 12)
		report(env, X12_E_GS_ELEMENTS, seg, 8, "GS08 version/release/industry identifier is missing");
}

static void
check_ge(struct x12_envelope *env, const struct x12_segment *seg)
{
	struct x12_str v;

	if (env->level == L_ST)
		close_st(env);
	if (env->level != L_GS) {
		report(env, X12_E_NESTING, seg, 0, "GE without an open functional group");
		return;
	}
	v = x12_seg_element(seg, 1);
	if (count_of(v) != (long long)env->sets)
		report(env, X12_E_GE_COUNT, seg, 1, "GE01 says %.*s transaction sets, the group has %u",
		       (int)(v.len > 12 ? 12 : v.len), v.ptr, env->sets);
	v = x12_seg_element(seg, 2);
	if (!same_ctl(v, env->gs06))
		report(env, X12_E_GE_CONTROL, seg, 2, "GE02 %.*s does not match GS06 %s",
		       (int)(v.len > 12 ? 12 : v.len), v.ptr, env->gs06);
	env->level = L_ISA;
}

/*
 * GS01 names the kind of transaction set its group holds (X12.6 3.5,
 * DE 479): one table row per set remedi meets in health care; a set not
 * listed is not checked.
 */
static void
check_group_kind(struct x12_envelope *env, const struct x12_segment *seg)
{
	static const struct {
		char st01[4], gs01[3];
	} kinds[] = {
		{ "270", "HS" }, { "271", "HB" }, { "276", "HR" }, { "277", "HN" }, { "278", "HI" },
		{ "820", "RA" }, { "834", "BE" }, { "835", "HP" }, { "837", "HC" }, { "997", "FA" },
		{ "999", "FA" },
	};

	if (strlen(env->gs01) != 2)
		return; /* X12-301 said so */
	for (size_t i = 0; i < X12_ARRAY_SIZE(kinds); i++) {
		if (strcmp(env->st01, kinds[i].st01) != 0)
			continue;
		if (strcmp(env->gs01, kinds[i].gs01) != 0)
			report(env, X12_E_GS_KIND, seg, 1,
			       "transaction set %s belongs in a group with GS01 %s, but its GS (segment %llu) has GS01 '%s'",
			       env->st01, kinds[i].gs01, (unsigned long long)env->gs_ord, env->gs01);
		return;
	}
}

static void
check_st(struct x12_envelope *env, struct x12_segment *seg)
{
	struct x12_str v;

	if (env->level == L_ST)
		close_st(env);
	seg->st_segment = 1;
	env->st_in_group = env->level == L_GS;
	if (!env->st_in_group)
		report(env, X12_E_NESTING, seg, 0, "ST outside a functional group (no GS)");
	else
		env->sets++;
	env->level = L_ST;
	env->st_off = seg->offset;
	env->st_ord = seg->ordinal;
	env->st_count = 1;
	env->outside_reported = false;
	env->stats.transactions++;
	seg->st_segment = 1;

	v = x12_seg_element(seg, 1);
	copy_val(env->st01, sizeof env->st01, v);
	if (v.len != 3)
		report(env, X12_E_ST_ID, seg, 1, "ST01 transaction set identifier must be 3 characters");
	else if (env->st_in_group)
		check_group_kind(env, seg);
	v = x12_seg_element(seg, 2);
	copy_val(env->st02, sizeof env->st02, v);
	if (v.len < 4 || v.len > 9)
		report(env, X12_E_ST_CONTROL, seg, 2, "ST02 control number must be 4-9 characters");
	else if (set_seen(&env->st_seen, v))
		report(env, X12_E_ST_DUPLICATE, seg, 2, "ST02 %s repeats an earlier transaction set of this group",
		       env->st02);
	v = x12_seg_element(seg, 3);
	copy_val(env->st03, sizeof env->st03, v);
	if (v.len && env->gs08[0] && !x12_str_eq(v, env->gs08))
		report(env, X12_E_VERSION_MISMATCH, seg, 3, "ST03 %s differs from GS08 %s", env->st03, env->gs08);
}

static void
check_se(struct x12_envelope *env, struct x12_segment *seg)
{
	struct x12_str v;

	if (env->level != L_ST) {
		report(env, X12_E_NESTING, seg, 0, "SE without an open transaction set (no ST)");
		return;
	}
	seg->st_segment = ++env->st_count;
	if (env->st_count == 2)
		report(env, X12_E_ST_EMPTY, seg, 0, "transaction set %s has no segments between ST and SE",
		       env->st02);
	v = x12_seg_element(seg, 1);
	if (count_of(v) != (long long)env->st_count)
		report(env, X12_E_SE_COUNT, seg, 1, "SE01 says %.*s segments, the transaction set has %u",
		       (int)(v.len > 12 ? 12 : v.len), v.ptr, env->st_count);
	v = x12_seg_element(seg, 2);
	if (!same_ctl(v, env->st02))
		report(env, X12_E_SE_CONTROL, seg, 2, "SE02 %.*s does not match ST02 %s",
		       (int)(v.len > 12 ? 12 : v.len), v.ptr, env->st02);
	env->level = env->st_in_group ? L_GS : L_ISA;
	env->outside_reported = false;
}

/*
 * The first byte outside the character sets of a segment (the tokenizer
 * counted them): its offset, element, component and repetition; never the
 * value itself.
 */
static void
check_chars(struct x12_envelope *env, const struct x12_segment *seg)
{
	static const char *const c0[] = {
		"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS",  "TAB", "LF",  "VT",  "FF",  "CR",  "SO",  "SI",
		"DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US",
	};
	uint32_t at = seg->bad_index;
	unsigned char c = (unsigned char)seg->data[at];
	unsigned el = 0, comp = 1, rep = 1;
	char id[4] = "", what[32];
	struct x12_str idv = x12_seg_id(seg);
	struct x12_error *e;

	while (el < seg->nelem && seg->elem[el + 1] <= at)
		el++;
	for (uint32_t i = seg->elem[el]; i < at; i++) {
		if (seg->data[i] == seg->delims.component) {
			comp++;
		} else if (seg->delims.repetition && seg->data[i] == seg->delims.repetition) {
			rep++;
			comp = 1;
		}
	}
	if (valid_id(idv))
		memcpy(id, idv.ptr, idv.len);
	if (c < 0x20)
		snprintf(what, sizeof what, "control character %s", c0[c]);
	else if (c == 0x7F)
		snprintf(what, sizeof what, "control character DEL");
	else if (c == 0xFF)
		snprintf(what, sizeof what, "byte 0xFF");
	else
		snprintf(what, sizeof what, "C1 control character");
	if (seg->bad_chars > 1)
		report(env, X12_E_EL_CONTROL_CHAR, seg, el,
		       "%s%02u holds a %s (0x%02X) at offset %llu, outside the X12 character sets; %u such bytes in this segment",
		       id[0] ? id : "element ", el, what, c, (unsigned long long)seg->bad_offset, (unsigned)seg->bad_chars);
	else
		report(env, X12_E_EL_CONTROL_CHAR, seg, el,
		       "%s%02u holds a %s (0x%02X) at offset %llu, outside the X12 character sets",
		       id[0] ? id : "element ", el, what, c, (unsigned long long)seg->bad_offset);
	if (env->q_len == 0)
		return;
	e = &env->queue[(env->q_head + env->q_len - 1) % QUEUE];
	if (e->code != X12_E_EL_CONTROL_CHAR)
		return;
	e->pos.offset = seg->bad_offset;
	e->pos.component = (uint16_t)(x12_str_count(x12_seg_element(seg, el), seg->delims.component) > 1 ||
						  comp > 1 ? comp : 0);
	e->pos.repetition = (uint16_t)(rep > 1 ? rep : 0);
}

/* Envelope segments have a fixed number of elements (ISA: its fixed layout). */
static void
check_count(struct x12_envelope *env, const struct x12_segment *seg, unsigned max, const char *id)
{
	if (seg->nelem > max)
		report(env, X12_E_ENV_ELEMENTS, seg, max + 1, "%s has %u elements, X12 defines %u", id,
		       (unsigned)seg->nelem, max);
}

static void
check_segment(struct x12_envelope *env, struct x12_segment *seg)
{
	struct x12_str id = x12_seg_id(seg);
	const char *p = id.ptr;

	env->stats.segments++;
	seg->st_segment = 0;
	if (seg->unterminated)
		report(env, X12_E_NO_FINAL_TERMINATOR, seg, 0,
		       "the last segment has no terminator '%c'", seg->delims.segment);
	if (id.len == 2) {
		if (p[0] == 'S' && p[1] == 'T')
			{ check_st(env, seg); check_count(env, seg, 3, "ST"); return; }
		if (p[0] == 'S' && p[1] == 'E')
			{ check_se(env, seg); check_count(env, seg, 2, "SE"); return; }
		if (p[0] == 'G' && p[1] == 'S')
			{ check_gs(env, seg); check_count(env, seg, 8, "GS"); return; }
		if (p[0] == 'G' && p[1] == 'E')
			{ check_ge(env, seg); check_count(env, seg, 2, "GE"); return; }
	} else if (id.len == 3 && p[0] == 'I') {
		if (p[1] == 'S' && p[2] == 'A')
			{ check_isa(env, seg); return; }
		if (p[1] == 'E' && p[2] == 'A')
			{ check_iea(env, seg); check_count(env, seg, 2, "IEA"); return; }
	}
	if (env->level == L_ST) {
		seg->st_segment = ++env->st_count;
	} else if (env->level == L_ISA && id.len == 3 && memcmp(p, "TA1", 3) == 0) {
		/* an interchange acknowledgment sits between ISA and the groups */
		check_count(env, seg, 5, "TA1");
	} else if (!env->outside_reported) {
		env->outside_reported = true;
		report(env, X12_E_OUTSIDE_ST, seg, 0, "segment outside a transaction set (not between ST and SE)");
	}
	if (!valid_id(id))
		report(env, X12_E_BAD_SEGMENT_ID, seg, 0,
		       "segment id is not 2-3 upper-case letters or digits (wrong delimiter or stray text?)");
}

/*
 * X12.6 (3.6, "omission of data elements"): empty elements, components and
 * repetitions at the end of a segment, composite or repeated element are
 * not transmitted, so a separator is never the last character of any of
 * them.  A warning (many payers accept it), an error when strict.
 */
/* Does any element end with a component or repetition separator, or the segment with an element one? */
static inline bool
has_trailing(const struct x12_segment *seg)
{
	const char *p = seg->data;
	char cs = seg->delims.component, rs = seg->delims.repetition ? seg->delims.repetition : cs;

	if (p[seg->len - 1] == seg->delims.element)
		return true;
	if (seg->no_trailing)
		return false;
	for (uint32_t i = 2; i <= seg->nelem + 1; i++) {
		char c = p[seg->elem[i] - 2]; /* the last byte of element i - 1, or its separator when empty */

		if ((c == cs || c == rs) && seg->elem[i] - 1 > seg->elem[i - 1])
			return true;
	}
	return false;
}

static void
check_trailing(struct x12_envelope *env, const struct x12_segment *seg)
{
	const struct x12_delims *d = &seg->delims;
	enum x12_code code = env->strict ? X12_E_TRAILING_STRICT : X12_E_TRAILING;
	char id[4] = "";
	struct x12_str sid = x12_seg_id(seg);

	if (seg->nelem == 0 || !has_trailing(seg))
		return;
	if (sid.len <= 3)
		memcpy(id, sid.ptr, sid.len);
	for (uint32_t i = 1; i <= seg->nelem; i++) {
		uint32_t from = seg->elem[i], end = seg->elem[i + 1] - 1;
		struct x12_str v = { seg->data + from, end - from };
		struct x12_error *e;
		char c;

		if (end == from)
			continue;
		c = seg->data[end - 1];
		if (c == d->component) {
			struct x12_str last = v;

			if (d->repetition)
				last = x12_str_part(v, d->repetition, x12_str_count(v, d->repetition));
			e = report(env, code, seg, i,
				   "%s%02u ends with a component separator '%c': empty trailing components are not sent (X12.6)",
				   id, (unsigned)i, c);
			if (e)
				e->pos.component = (uint16_t)x12_str_count(last, d->component);
		} else if (d->repetition && c == d->repetition) {
			e = report(env, code, seg, i,
				   "%s%02u ends with a repetition separator '%c': empty trailing repetitions are not sent (X12.6)",
				   id, (unsigned)i, c);
			if (e)
				e->pos.repetition = (uint16_t)x12_str_count(v, d->repetition);
		}
	}
	if (seg->data[seg->len - 1] == d->element)
		report(env, code, seg, seg->nelem,
		       "%s ends with an element separator '%c': empty trailing elements are not sent (X12.6)", id,
		       d->element);
}

void
x12_envelope_segment(struct x12_envelope *env, struct x12_segment *seg)
{
	struct x12_str id = x12_seg_id(seg);

	check_segment(env, seg);
	if (seg->bad_chars)
		check_chars(env, seg); /* after the checks that set its ST ordinal */
	if (!(id.len == 3 && memcmp(id.ptr, "ISA", 3) == 0)) /* the ISA is fixed-width and ends with ISA16 */
		check_trailing(env, seg);
}

void
x12_envelope_finish(struct x12_envelope *env)
{
	if (env->level != L_OUT)
		close_isa(env);
}
