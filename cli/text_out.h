/*
 * text_out.h - the text writer of `remedi parse --format text`.
 */
#ifndef REMEDI_TEXT_OUT_H
#define REMEDI_TEXT_OUT_H

#include <stdio.h>

#include "ackread.h"
#include "claim837.h"
#include "remit835.h"

/* One line per claim and service line; control bytes in values as \xHH. */
void text_claim(FILE *f, const struct c837_claim *c);
void text_payment(FILE *f, const struct r835_payment *p);
void text_remittance(FILE *f, const struct r835_remittance *r);
void text_ack(FILE *f, const struct ackr_record *a);

#endif
