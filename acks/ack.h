/*
 * ack.h - acknowledgments built from the record stream: TA1 (interchange)
 * and 999 (005010X231A1, one per functional group), and the 277CA
 * (005010X214, one STC per 837 claim; see ca_status.def).
 *
 *   struct ack_writer *aw = ack_writer_new(&opts, write_fn, ctx);
 *   for each input: for each record of a stream opened with .events = true
 *           ack_writer_record(aw, &rec);          in stream order, END included
 *   ack_writer_free(aw);
 *
 * One acknowledgment interchange is written per input interchange, when it
 * closes (its INTERCHANGE_END, or the END of a stream that stops inside it),
 * because a TA1 found at the IEA goes before the first GS.  Memory: the
 * acknowledgment of one interchange and the diagnostics of one transaction
 * set (at most ACK_MAX_SET_DIAGS kept; the verdict counts every one).
 *
 * What maps where is the registry's business (x12_code_info()->ack and
 * ack_code); this module only places the codes: TA1 -> TA105, AK9 -> AK905,
 * IK5 -> IK502, IK3 -> IK304, IK4 -> IK403.  No patient data is written: the
 * bad value (IK404) only for a code of the guide's own code list.
 *
 * Threads: one writer per thread; it borrows nothing from the stream past
 * the call.
 */
#ifndef REMEDI_ACK_H
#define REMEDI_ACK_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "records.h"

#define ACK_MAX_SET_DIAGS 1000

enum ack_type {
	ACK_999 = 0, /* 999 per group, plus a TA1 when ISA14 = 1 or the interchange has a TA1 error */
	ACK_TA1,     /* a TA1 alone */
	ACK_277CA,   /* 277CA (005010X214) per 837 transaction set: one STC per claim */
};

struct edits;

struct ack_options {
	enum ack_type type;
	uint32_t control;  /* ISA13 / GS06 of the first acknowledgment (0: 1), +1 per interchange */
	char date8[9];     /* CCYYMMDD of ISA09 (its last 6) and GS04 */
	char time4[5];     /* HHMM of ISA10 and GS05 */
	/*
	 * The stream was read at SNIP level 1 (no definitions): a set remedi has
	 * no definition for is then not answered IK5 R 1 (not supported).
	 */
	bool envelope_only;
	struct edits *edits; /* 277CA: the oncology edits whose errors reject a claim; NULL: none.  Borrowed. */
};

/* Receives the bytes of each finished acknowledgment interchange; false: write failed. */
typedef bool (*ack_write_fn)(void *ctx, const char *buf, size_t len);

struct ack_writer;

/* opts is copied; ctx borrowed.  NULL when out of memory. */
struct ack_writer *ack_writer_new(const struct ack_options *opts, ack_write_fn write, void *ctx);
void ack_writer_free(struct ack_writer *aw);

/*
 * Hands the writer the next record of the stream.  False when memory ran
 * out or write() failed; the writer is then done.
 */
bool ack_writer_record(struct ack_writer *aw, const struct x12_record *rec);

struct ack_stats {
	uint32_t interchanges;   /* acknowledgment interchanges written */
	uint32_t sets, accepted_sets, rejected_sets;
	uint32_t ta1_rejected;   /* interchanges answered TA104 = R */
	uint32_t unanswered;     /* inputs that ended before any ISA: nothing to acknowledge */
	uint32_t claims, rejected_claims; /* 277CA */
};
void ack_writer_stats(const struct ack_writer *aw, struct ack_stats *out);

#endif
