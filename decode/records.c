/*
 * records.c - the record stream (see records.h): walker events (or, at SNIP
 * level 1, reader events) through the 837 and 835 decoders into a queue of
 * records, handed out one per next().
 *
 * One walker event at a time: it is turned into the records it completes
 * (its pass-through event, diagnostics, a claim or payment, ends of sets and
 * interchanges), and the next walker event is pulled only when that queue is
 * empty, so every view in it stays valid until the caller has seen it.
 *
 * The end of a transaction set is held back until the next event that is
 * not a diagnostic: the envelope reports SE01/SE02 mismatches after the SE,
 * and they belong to the set's verdict.  Interchange ends likewise wait for
 * the IEA's own diagnostics.
 */
#include "records.h"
#include "decode.h"
#include "split.h"

#include <string.h>

/* Records one event can make: its pass-through, the decoders' diagnostics, what they completed, two held ends. */
#define RQ (8 + 2 * DEC_MAX_DIAGS)

struct held {
	bool on;
	struct x12_walk_event ev;  /* the walker's TXN_END (for opts.events) */
};

struct x12_records {
	struct x12_alloc alloc;
	unsigned level;
	bool decode, events;
	struct x12_schemas *schemas;
	struct x12_walker *walker;   /* level 2-4 */
	struct x12_reader *reader;   /* level 1 */
	struct c837_decoder *c837;
	struct r835_decoder *r835;
	struct ackr_decoder *ack;
	enum dec_set { DEC_SET_NONE, DEC_SET_837, DEC_SET_835, DEC_SET_ACK } active; /* the decoder of the open set */

	/* the event being turned into records */
	struct x12_walk_event ev;
	struct x12_event rev;        /* level 1: the reader's event */

	/* the queue: records refer to ev, the decoders' state, or the copies below */
	struct x12_record q[RQ];
	unsigned qhead, qlen;
	struct x12_error diag_copy[4]; /* diagnostics of the walker event (one) and synthetic ones */
	unsigned ndiag_copy;

	/* per set and per interchange */
	struct x12_txn_info txn;     /* the open (or held) set */
	bool in_txn;
	struct held txn_end;         /* a TXN_END waiting for the SE's diagnostics */
	struct x12_txn_info txn_out; /* what the TXN_END record shows */
	struct x12_interchange_info ic;
	bool in_ic;
	bool ic_end_held;
	struct x12_interchange_info ic_out;
	char gs08[16];

	struct x12_end_info end;
	enum x12_status final;       /* X12_DONE or X12_ERROR once END is queued */
	bool finished;
	struct x12_error err;
};

static void
rs_free_parts(struct x12_records *rs)
{
	x12_walker_free(rs->walker);
	x12_reader_free(rs->reader);
	c837_decoder_free(rs->c837);
	r835_decoder_free(rs->r835);
	ackr_decoder_free(rs->ack);
}

struct x12_records *
x12_records_new(struct x12_schemas *schemas, const struct x12_records_options *opts)
{
	static const struct x12_records_options defaults = { .level = 4 };
	struct x12_alloc a;
	struct x12_records *rs;

	if (!opts)
		opts = &defaults;
	x12_alloc_init(&a, opts->alloc);
	rs = x12_mem_calloc(&a, 1, sizeof *rs);
	if (!rs)
		return NULL;
	rs->alloc = a;
	rs->level = opts->level == 0 || opts->level > 4 ? 4 : opts->level;
	if (!schemas)
		rs->level = 1;
	rs->decode = opts->decode || rs->level >= 3;
	rs->events = opts->events;
	rs->schemas = schemas;
	if (rs->level >= 2)
		rs->walker = x12_walker_new(&opts->limits, schemas, &a);
	else
		rs->reader = x12_reader_new(&opts->limits, &a);
	if (rs->decode && rs->level >= 2) {
		rs->c837 = c837_decoder_new(&a);
		rs->r835 = r835_decoder_new(&a);
		rs->ack = ackr_decoder_new(&a);
	}
	if ((!rs->walker && !rs->reader) || (rs->decode && rs->level >= 2 && (!rs->c837 || !rs->r835 || !rs->ack))) {
		rs_free_parts(rs);
		x12_mem_free(&a, rs);
		return NULL;
	}
	x12_records_reset(rs);
	return rs;
}

void
x12_records_free(struct x12_records *rs)
{
	if (!rs)
		return;
	rs_free_parts(rs);
	x12_mem_free(&rs->alloc, rs);
}

void
x12_records_reset(struct x12_records *rs)
{
	if (rs->walker)
		x12_walker_reset(rs->walker);
	if (rs->reader)
		x12_reader_reset(rs->reader);
	if (rs->c837)
		c837_decoder_reset(rs->c837);
	if (rs->r835)
		r835_decoder_reset(rs->r835);
	if (rs->ack)
		ackr_decoder_reset(rs->ack);
	rs->active = DEC_SET_NONE;
	rs->qhead = rs->qlen = 0;
	rs->ndiag_copy = 0;
	memset(&rs->txn, 0, sizeof rs->txn);
	rs->in_txn = false;
	rs->txn_end.on = false;
	memset(&rs->ic, 0, sizeof rs->ic);
	rs->in_ic = false;
	rs->ic_end_held = false;
	rs->gs08[0] = '\0';
	memset(&rs->end, 0, sizeof rs->end);
	rs->final = X12_OK;
	rs->finished = false;
	memset(&rs->err, 0, sizeof rs->err);
}

void
x12_records_feed(struct x12_records *rs, const char *buf, size_t len, bool is_final)
{
	if (rs->walker)
		x12_walker_feed(rs->walker, buf, len, is_final);
	else
		x12_reader_feed(rs->reader, buf, len, is_final);
}

void
x12_records_progress(const struct x12_records *rs, struct x12_end_info *out)
{
	*out = rs->end;
	if (rs->walker)
		x12_walker_stats(rs->walker, &out->stats);
	else
		x12_reader_stats(rs->reader, &out->stats);
}

static struct x12_reader *
rs_reader(struct x12_records *rs)
{
	return rs->walker ? x12_walker_reader(rs->walker) : rs->reader;
}

/* Feeds bytes that must be read without a record kept, up to X12_NEED_INPUT. */
static bool
replay(struct x12_records *rs, const char *buf, size_t len, uint64_t offset, uint64_t ordinal, uint32_t interchange)
{
	struct x12_record rec;
	enum x12_status st;

	x12_reader_seek(rs_reader(rs), offset, ordinal, interchange);
	x12_records_feed(rs, buf, len, false);
	while ((st = x12_records_next(rs, &rec)) == X12_EVENT)
		;
	return st == X12_NEED_INPUT;
}

enum x12_status
x12_records_resume(struct x12_records *rs, const struct x12_split_state *cut)
{
	x12_records_reset(rs);
	if (!replay(rs, cut->isa, cut->isa_len, cut->isa_offset, cut->isa_ordinal, cut->interchange - 1) ||
	    !replay(rs, cut->gs, cut->gs_len, cut->gs_offset, cut->gs_ordinal, cut->interchange))
		return X12_ERROR;
	x12_reader_restore(rs_reader(rs), cut);
	x12_reader_seek(rs_reader(rs), cut->offset, cut->ordinal, cut->interchange);
	rs->txn.ordinal = cut->sets_before;
	rs->ic.ordinal = cut->interchange;
	rs->ic.groups = cut->ic_groups;
	rs->ic.sets = cut->ic_sets;
	rs->ic.rejected_sets = 0;
	memset(&rs->end, 0, sizeof rs->end);
	return X12_OK;
}

const struct x12_error *
x12_records_error(const struct x12_records *rs)
{
	return &rs->err;
}

/* ---------------------------------------------------------------- the queue */

static struct x12_record *
push(struct x12_records *rs, enum x12_record_type type)
{
	struct x12_record *r;

	/* RQ covers the most one event makes; never reached */
	if (rs->qlen == RQ)
		return NULL;
	r = &rs->q[(rs->qhead + rs->qlen++) % RQ];
	memset(r, 0, sizeof *r);
	r->type = type;
	return r;
}

/* A diagnostic of the set (or of no set), counted in the verdict; filtered by level. */
static void
push_diag(struct x12_records *rs, const struct x12_error *e, bool count)
{
	const struct x12_code_info *ci = x12_code_info(e->code);
	struct x12_record *r;

	if (ci->snip > rs->level)
		return;
	if (count) {
		if (ci->severity == X12_SEV_ERROR)
			rs->txn.errors++;
		else if (ci->severity == X12_SEV_WARNING)
			rs->txn.warnings++;
	}
	r = push(rs, X12_REC_DIAG);
	if (r)
		r->diag = e;
}

static void
push_event(struct x12_records *rs, const struct x12_walk_event *ev)
{
	struct x12_record *r;

	if (!rs->events)
		return;
	r = push(rs, X12_REC_EVENT);
	if (r)
		r->event = ev;
}

/* ---------------------------------------------------------------- sets and interchanges */

static void
copy_str(char *dst, size_t size, struct x12_str v)
{
	x12_str_copy(dst, size, v);
}

static void
txn_begin(struct x12_records *rs, const struct x12_walk_event *ev, const struct x12_segment *st)
{
	struct x12_txn_info *t = &rs->txn;
	uint32_t ordinal = t->ordinal + 1;
	struct x12_record *r;

	memset(t, 0, sizeof *t);
	t->ordinal = ordinal;
	t->interchange = rs->ic.ordinal;
	memcpy(t->isa13, rs->ic.isa13, sizeof t->isa13);
	t->known = ev && ev->ts;
	if (st) {
		copy_str(t->st01, sizeof t->st01, x12_seg_element(st, 1));
		copy_str(t->st02, sizeof t->st02, x12_seg_element(st, 2));
		copy_str(t->guide, sizeof t->guide, x12_seg_element(st, 3));
		t->pos.offset = st->offset;
		t->pos.segment = st->ordinal;
		t->pos.st_segment = 1;
		memcpy(t->pos.seg_id, "ST", 3);
	}
	if (!t->guide[0])
		memcpy(t->guide, rs->gs08, sizeof t->guide);
	rs->in_txn = true;
	rs->ic.sets++;
	rs->end.sets++;
	r = push(rs, X12_REC_TXN_BEGIN);
	if (r)
		r->txn = t;
}

/* The set's end is known; its record waits for the diagnostics about its SE. */
static void
txn_hold(struct x12_records *rs, const struct x12_walk_event *ev, bool closed, bool walker_rejected)
{
	rs->txn.closed = closed;
	if (walker_rejected && rs->txn.errors == 0)
		rs->txn.errors = 1; /* the walker saw an error this stream filtered out: never lose the verdict */
	rs->txn_end.on = true;
	if (ev)
		rs->txn_end.ev = *ev;
	else
		rs->txn_end.ev = (struct x12_walk_event){ .type = X12_WALK_TXN_END };
	rs->in_txn = false;
}

static void
txn_release(struct x12_records *rs)
{
	struct x12_record *r;

	if (!rs->txn_end.on)
		return;
	rs->txn_end.on = false;
	rs->txn_out = rs->txn;
	rs->txn_out.rejected = rs->txn.errors > 0 || !rs->txn.closed;
	if (rs->txn_out.rejected) {
		rs->ic.rejected_sets++;
		rs->end.rejected_sets++;
	}
	push_event(rs, &rs->txn_end.ev);
	r = push(rs, X12_REC_TXN_END);
	if (r)
		r->txn = &rs->txn_out;
}

static void
ic_release(struct x12_records *rs)
{
	struct x12_record *r;

	if (!rs->ic_end_held)
		return;
	rs->ic_end_held = false;
	rs->ic_out = rs->ic;
	r = push(rs, X12_REC_INTERCHANGE_END);
	if (r)
		r->interchange = &rs->ic_out;
}

static void
ic_hold(struct x12_records *rs, bool closed)
{
	rs->ic.closed = closed;
	rs->ic_end_held = true;
	rs->in_ic = false;
}

/* Envelope segments: interchange bookkeeping (sets come from the walker). */
static void
on_envelope(struct x12_records *rs, const struct x12_segment *s)
{
	struct x12_str id = x12_seg_id(s);

	if (id.len < 2 || (id.ptr[0] != 'I' && id.ptr[0] != 'G'))
		return;
	if (x12_str_eq(id, "ISA")) {
		uint32_t ordinal = rs->ic.ordinal + 1;

		if (rs->in_ic)
			ic_hold(rs, false);
		ic_release(rs);
		memset(&rs->ic, 0, sizeof rs->ic);
		rs->ic.ordinal = ordinal;
		copy_str(rs->ic.isa13, sizeof rs->ic.isa13, x12_seg_element(s, 13));
		rs->in_ic = true;
	} else if (x12_str_eq(id, "GS")) {
		rs->ic.groups++;
		copy_str(rs->gs08, sizeof rs->gs08, x12_seg_element(s, 8));
	} else if (x12_str_eq(id, "IEA") && rs->in_ic) {
		ic_hold(rs, true);
	}
}

/* ---------------------------------------------------------------- decoders */

static void
run_decoder(struct x12_records *rs, const struct dec_result *res)
{
	struct x12_record *r;

	for (unsigned i = 0; i < res->ndiags; i++)
		push_diag(rs, &res->diags[i], true);
	switch (res->ready) {
	case DEC_NONE:
		return;
	case DEC_CLAIM:
		rs->txn.claims++;
		rs->end.claims++;
		r = push(rs, X12_REC_CLAIM);
		if (r)
			r->claim = res->claim;
		return;
	case DEC_PAYMENT:
		rs->txn.payments++;
		rs->end.payments++;
		r = push(rs, X12_REC_PAYMENT);
		if (r)
			r->payment = res->payment;
		return;
	case DEC_REMIT_BEGIN:
	case DEC_REMIT_END:
		if (res->ready == DEC_REMIT_END)
			rs->end.remittances++;
		r = push(rs, res->ready == DEC_REMIT_BEGIN ? X12_REC_REMIT_BEGIN : X12_REC_REMIT_END);
		if (r)
			r->remit = res->remit;
		return;
	case DEC_ACK:
		r = push(rs, X12_REC_ACK);
		if (r)
			r->ack = res->ack;
		return;
	}
}

static enum x12_status
dec_event(struct x12_records *rs, enum dec_set which, const struct x12_walk_event *ev, struct dec_result *res)
{
	switch (which) {
	case DEC_SET_837:
		return c837_decoder_event(rs->c837, ev, res);
	case DEC_SET_835:
		return r835_decoder_event(rs->r835, ev, res);
	case DEC_SET_ACK:
		return ackr_decoder_event(rs->ack, ev, res);
	case DEC_SET_NONE:
		break;
	}
	res->ready = DEC_NONE;
	res->ndiags = 0;
	return X12_OK;
}

/* The decoder of a set, from its ST (the definition, when there is none). */
static enum dec_set
set_decoder(const struct x12_walk_event *ev)
{
	struct x12_str st01;

	if (ev->ts)
		st01 = (struct x12_str){ ev->ts->st01, strlen(ev->ts->st01) };
	else if (ev->seg)
		st01 = x12_seg_element(ev->seg, 1);
	else
		return DEC_SET_NONE;
	if (x12_str_eq(st01, "837"))
		return ev->ts ? DEC_SET_837 : DEC_SET_NONE; /* claims and payments need their definition */
	if (x12_str_eq(st01, "835"))
		return ev->ts ? DEC_SET_835 : DEC_SET_NONE;
	if (x12_str_eq(st01, "999") || x12_str_eq(st01, "277"))
		return DEC_SET_ACK;
	return DEC_SET_NONE;
}

/* The event through one decoder, then again with no event until nothing more is complete. */
static enum x12_status
decode_one(struct x12_records *rs, enum dec_set which, const struct x12_walk_event *ev)
{
	struct dec_result res;

	do {
		enum x12_status st = dec_event(rs, which, ev, &res);

		if (st != X12_OK)
			return st;
		run_decoder(rs, &res);
		ev = NULL;
	} while (res.ready != DEC_NONE);
	return X12_OK;
}

/*
 * Inside a set only the decoder of its kind sees the events; outside sets
 * (ISA, GS, their diagnostics) both do, for the envelope ids they keep.
 */
static enum x12_status
decode(struct x12_records *rs, const struct x12_walk_event *ev)
{
	if (!rs->c837)
		return X12_OK;
	if (ev->type == X12_WALK_TXN_BEGIN)
		rs->active = set_decoder(ev);
	if (rs->active != DEC_SET_NONE) {
		enum x12_status st = decode_one(rs, rs->active, ev);

		if (ev->type == X12_WALK_TXN_END)
			rs->active = DEC_SET_NONE;
		return st;
	}
	if (rs->in_txn && ev->type != X12_WALK_TXN_BEGIN)
		return X12_OK; /* a set neither decoder reads */
	if (decode_one(rs, DEC_SET_837, ev) != X12_OK || decode_one(rs, DEC_SET_835, ev) != X12_OK ||
	    decode_one(rs, DEC_SET_ACK, ev) != X12_OK)
		return X12_ERROR;
	return X12_OK;
}

/* ---------------------------------------------------------------- events */

static void
finish(struct x12_records *rs, const struct x12_error *fatal)
{
	struct x12_record *r;

	if (rs->in_txn)
		txn_hold(rs, NULL, false, false);
	txn_release(rs);
	if (rs->in_ic)
		ic_hold(rs, false);
	ic_release(rs);
	if (fatal) {
		rs->end.fatal = true;
		rs->end.error = *fatal;
		rs->err = *fatal;
	}
	x12_records_progress(rs, &rs->end);
	r = push(rs, X12_REC_END);
	if (r)
		r->end = &rs->end;
	rs->final = fatal ? X12_ERROR : X12_DONE;
	rs->finished = true;
}

static void
fail_nomem(struct x12_records *rs, const struct x12_segment *s)
{
	struct x12_error e;

	x12_error_set(&e, X12_E_NOMEM, s ? s->offset : 0, s ? s->ordinal : 0, s ? s->st_segment : 0, NULL, NULL, 0,
		      "out of memory while decoding: the input was not read to its end");
	/* what was completed before is kept; the record being decoded is lost, never handed out cut */
	rs->qlen = 0;
	finish(rs, &e);
}

/*
 * The common case, kept short: a segment or loop event inside a set, no
 * pass-through, nothing held back.
 */
static bool
segment_fast(struct x12_records *rs, const struct x12_walk_event *ev)
{
	const struct x12_segment *s = ev->seg;
	struct dec_result res;
	enum x12_status st;

	if (rs->events || !rs->in_txn || rs->txn_end.on || rs->ic_end_held)
		return false;
	if (ev->type == X12_WALK_SEGMENT) {
		if (!s)
			return false;
		if (s->len >= 2 && s->data[0] == 'S' && s->data[1] == 'E' &&
		    (s->len == 2 || s->data[2] == s->delims.element))
			rs->txn.closed = true;
	}
	if (rs->active == DEC_SET_NONE)
		return true;
	st = rs->active == DEC_SET_837 ? c837_decoder_event(rs->c837, ev, &res) : dec_event(rs, rs->active, ev, &res);
	if (st != X12_OK) {
		fail_nomem(rs, s);
		return true;
	}
	if (res.ready != DEC_NONE || res.ndiags) {
		run_decoder(rs, &res);
		if (res.ready != DEC_NONE && decode_one(rs, rs->active, NULL) != X12_OK)
			fail_nomem(rs, s);
	}
	return true;
}

/* One walker-shaped event into records. */
static void
on_event(struct x12_records *rs, const struct x12_walk_event *ev)
{
	if ((ev->type == X12_WALK_SEGMENT || ev->type == X12_WALK_LOOP_ENTER || ev->type == X12_WALK_LOOP_LEAVE) &&
	    rs->c837 && segment_fast(rs, ev))
		return;
	if (ev->type == X12_WALK_DIAG) {
		bool ours = rs->in_txn;

		if (!ours && rs->txn_end.on) {
			enum x12_ack_level ack = x12_code_info(ev->diag.code)->ack;

			ours = ack == X12_ACK_IK5 || ack == X12_ACK_IK3 || ack == X12_ACK_IK4;
		}
		push_diag(rs, &ev->diag, ours);
		if (decode(rs, ev) != X12_OK)
			fail_nomem(rs, NULL);
		return;
	}
	/* anything else closes the window of the held ends */
	txn_release(rs);
	ic_release(rs);
	if (ev->type == X12_WALK_TXN_BEGIN) {
		push_event(rs, ev);
		txn_begin(rs, ev, ev->seg);
	} else if (ev->type == X12_WALK_TXN_END) {
		/* the walker's own TXN_END: passed through when released */
		if (decode(rs, ev) != X12_OK) {
			fail_nomem(rs, NULL);
			return;
		}
		txn_hold(rs, ev, rs->txn.closed, ev->rejected);
		return;
	} else {
		if (ev->type == X12_WALK_SEGMENT && ev->seg) {
			const struct x12_segment *s = ev->seg;

			if (rs->in_txn && x12_seg_is(s, "SE"))
				rs->txn.closed = true;
			else if (!rs->in_txn)
				on_envelope(rs, s);
		}
		push_event(rs, ev);
	}
	if (decode(rs, ev) != X12_OK)
		fail_nomem(rs, ev->seg);
}

/* ---------------------------------------------------------------- level 1: the reader alone */

static enum x12_status
reader_step(struct x12_records *rs, enum x12_status st)
{
	struct x12_walk_event *ev = &rs->ev;

	if (st != X12_EVENT)
		return st;
	ev->ts = NULL;
	ev->def = NULL;
	ev->loop = NULL;
	ev->rejected = false;
	if (rs->rev.type == X12_EV_DIAG) {
		ev->type = X12_WALK_DIAG;
		ev->seg = NULL;
		ev->diag = rs->rev.diag;
		on_event(rs, ev);
		return X12_EVENT;
	}
	const struct x12_segment *s = &rs->rev.seg;
	struct x12_str id = x12_seg_id(s);

	ev->type = X12_WALK_SEGMENT;
	ev->seg = s;
	if (rs->in_txn && (x12_str_eq(id, "GE") || x12_str_eq(id, "IEA") || x12_str_eq(id, "GS") ||
			   x12_str_eq(id, "ISA") || x12_str_eq(id, "ST")))
		txn_hold(rs, NULL, false, false);
	if (x12_str_eq(id, "ST")) {
		txn_release(rs);
		ic_release(rs);
		txn_begin(rs, NULL, s);
	}
	on_event(rs, ev);
	if (rs->in_txn && x12_str_eq(id, "SE")) {
		rs->txn.closed = true;
		txn_hold(rs, NULL, true, false);
	}
	return X12_EVENT;
}

/* Could s be ST, SE, GS, GE, ISA or IEA?  (A cheap test; false means surely not.) */
static inline bool
maybe_envelope(const struct x12_segment *s)
{
	char a, b;

	if (s->len < 2)
		return true;
	a = s->data[0];
	b = s->data[1];
	return (a == 'S' || a == 'G' || a == 'I') && (b == 'T' || b == 'E' || b == 'S');
}

/*
 * Level 1: pulls reader events until one makes a record.  Data segments
 * inside a set, with nothing held and no pass-through wanted, need nothing
 * at all: the loop skips them at once.
 */
static enum x12_status
reader_run(struct x12_records *rs)
{
	for (;;) {
		bool idle = rs->in_txn && !rs->events && !rs->txn_end.on && !rs->ic_end_held;
		enum x12_status st;

		while ((st = x12_reader_next(rs->reader, &rs->rev)) == X12_EVENT && idle &&
		       rs->rev.type == X12_EV_SEGMENT && !maybe_envelope(&rs->rev.seg))
			;
		st = reader_step(rs, st);
		if (st != X12_EVENT || rs->qlen || rs->finished)
			return st;
	}
}

/* ---------------------------------------------------------------- next */

enum x12_status
x12_records_next(struct x12_records *rs, struct x12_record *rec)
{
	for (;;) {
		enum x12_status st;

		if (rs->qlen) {
			*rec = rs->q[rs->qhead];
			rs->qhead = (rs->qhead + 1) % RQ;
			rs->qlen--;
			return X12_EVENT;
		}
		if (rs->finished)
			return rs->final;
		if (rs->walker) {
			st = x12_walker_next(rs->walker, &rs->ev);
			if (st == X12_EVENT) {
				on_event(rs, &rs->ev);
				continue;
			}
		} else {
			st = reader_run(rs);
			if (st == X12_EVENT)
				continue;
		}
		if (st == X12_NEED_INPUT)
			return st;
		if (st == X12_DONE) {
			finish(rs, NULL);
			continue;
		}
		finish(rs, rs->walker ? x12_walker_error(rs->walker) : x12_reader_error(rs->reader));
	}
}
