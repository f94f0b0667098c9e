/*
 * pipeline.h - walker events -> decoders (837 claims, 835 payments) and the
 * checks that run on whole claims (SNIP 3, SNIP 4 basics).  What the
 * commands share: validate counts the diagnostics, parse prints the records.
 */
#ifndef REMEDI_PIPELINE_H
#define REMEDI_PIPELINE_H

#include "claim837.h"
#include "common.h"
#include "remit835.h"

struct pipe_sink {
	void (*diag)(void *ctx, const struct x12_error *e);
	void (*claim)(void *ctx, const struct c837_claim *c);
	void (*payment)(void *ctx, const struct r835_payment *p);
	void (*remittance)(void *ctx, const struct r835_remittance *r);
	/* every walker event, before the decoders see it (optional) */
	void (*event)(void *ctx, const struct x12_walk_event *ev);
	void *ctx;
	/* SNIP level: 2 = no decoding checks, 3 = balancing, 4 = + situational (0 = all) */
	unsigned level;
};

struct pipeline {
	struct c837_decoder *c837;
	struct r835_decoder *r835;
	struct pipe_sink sink;
	unsigned long claims, payments, remittances;
	unsigned long sets, rejected_sets;
};

bool pipeline_init(struct pipeline *p, const struct pipe_sink *sink);
void pipeline_reset(struct pipeline *p);
void pipeline_fini(struct pipeline *p);
/* A cli_walk_fn: ctx is the struct pipeline. */
bool pipeline_event(void *ctx, const struct x12_walk_event *ev);

#endif
