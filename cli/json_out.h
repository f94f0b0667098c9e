/*
 * json_out.h - JSON Lines writers for decoded claims, payments and acknowledgments.
 */
#ifndef REMEDI_JSON_OUT_H
#define REMEDI_JSON_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "ackread.h"
#include "claim837.h"
#include "common.h"
#include "remit835.h"

struct json_ctx {
	const char *path;
	bool no_phi;   /* leave out names, birth dates, member ids, patient zip codes */
};

void json_money(FILE *f, int64_t cents);
void json_claim(FILE *f, const struct json_ctx *ctx, const struct c837_claim *c);
void json_payment(FILE *f, const struct json_ctx *ctx, const struct r835_payment *p);
void json_remittance(FILE *f, const struct json_ctx *ctx, const struct r835_remittance *r);
/* A TA1, a 999 set or group verdict, a 277 claim status: fields in docs/parse-json.md. */
void json_ack(FILE *f, const struct json_ctx *ctx, const struct ackr_record *a);

#endif
