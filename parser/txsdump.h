/*
 * txsdump.h - a compiled definition written as C source (txsdump.c), for
 * the build tool that makes the built-in tables and for the tests.
 */
#ifndef REMEDI_TXSDUMP_H
#define REMEDI_TXSDUMP_H

#include <stdio.h>

#include "txset_internal.h"

/*
 * Writes ts as static const tables named PREFIX_loops, PREFIX_segs ... and
 * a `static const struct x12_txset PREFIX`.
 */
void txs_dump_c(FILE *f, const struct x12_txset *ts, const char *prefix);

#endif
