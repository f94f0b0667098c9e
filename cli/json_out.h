/*
 * json_out.h - JSON Lines writers for decoded claims and payments.
 */
#ifndef REMEDI_JSON_OUT_H
#define REMEDI_JSON_OUT_H

#include <stdbool.h>
#include <stdio.h>

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

#endif
