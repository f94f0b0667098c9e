/*
 * pipeline.c - see pipeline.h.
 */
#include "pipeline.h"

#include <string.h>

bool
pipeline_init(struct pipeline *p, const struct pipe_sink *sink)
{
	memset(p, 0, sizeof *p);
	p->sink = *sink;
	p->c837 = c837_decoder_new();
	p->r835 = r835_decoder_new();
	if (!p->c837 || !p->r835) {
		pipeline_fini(p);
		return false;
	}
	/* nobody reads the claims: decode only what the checks need */
	c837_decoder_set_lite(p->c837, !sink->claim);
	return true;
}

void
pipeline_reset(struct pipeline *p)
{
	c837_decoder_reset(p->c837);
	r835_decoder_reset(p->r835);
	p->claims = p->payments = p->remittances = 0;
	p->sets = p->rejected_sets = 0;
}

void
pipeline_fini(struct pipeline *p)
{
	c837_decoder_free(p->c837);
	r835_decoder_free(p->r835);
	p->c837 = NULL;
	p->r835 = NULL;
}

static void
drain_835(struct pipeline *p)
{
	struct x12_error e;

	while (r835_decoder_diag(p->r835, &e))
		if (p->sink.diag && (p->sink.level == 0 || p->sink.level >= 3))
			p->sink.diag(p->sink.ctx, &e);
}

bool
pipeline_event(void *ctx, const struct x12_walk_event *ev)
{
	struct pipeline *p = ctx;
	const struct c837_claim *claim;
	enum r835_ready ready;

	if (p->sink.event)
		p->sink.event(p->sink.ctx, ev);
	if (ev->type == X12_WALK_DIAG && p->sink.diag)
		p->sink.diag(p->sink.ctx, &ev->diag);
	if (ev->type == X12_WALK_TXN_BEGIN)
		p->sets++;
	if (ev->type == X12_WALK_TXN_END && ev->rejected)
		p->rejected_sets++;

	if (p->sink.level == 2 && !p->sink.claim && !p->sink.payment && !p->sink.remittance)
		return true; /* nothing needs the decoders */
	claim = c837_decoder_event(p->c837, ev);
	if (claim) {
		struct x12_error e;

		while (c837_decoder_diag(p->c837, &e)) {
			/* 7xx are SNIP 3, 8xx SNIP 4 */
			if (p->sink.level && ((e.code >= 800 && p->sink.level < 4) || p->sink.level < 3))
				continue;
			if (p->sink.diag)
				p->sink.diag(p->sink.ctx, &e);
		}
		p->claims++;
		if (p->sink.claim)
			p->sink.claim(p->sink.ctx, claim);
	}
	ready = r835_decoder_event(p->r835, ev);
	if (ready == R835_PAYMENT) {
		drain_835(p);
		p->payments++;
		if (p->sink.payment)
			p->sink.payment(p->sink.ctx, r835_decoder_payment(p->r835));
	} else if (ready == R835_REMITTANCE) {
		drain_835(p);
		p->remittances++;
		if (p->sink.remittance)
			p->sink.remittance(p->sink.ctx, r835_decoder_remittance(p->r835));
	}
	return true;
}
