/*
 * remedi.h - libremedi, the whole public API in one include:
 *
 *   x12.h       values, positions, errors and their registry, the tokenizer
 *               and the reader (SNIP 1)
 *   txset.h     transaction-set definitions: load, prepare, look up
 *   walker.h    the loop walker (SNIP 2): loop and segment events
 *   input.h     byte sources: a file or stdin, plain or gzip
 *   claim837.h  the 837 claim model
 *   remit835.h  the 835 payment and remittance model
 *   records.h   the record stream: bytes in, claims, payments, diagnostics
 *               and set/interchange/file ends out
 *
 * Build against it with `pkg-config --cflags --libs remedi` and
 * #include <remedi/remedi.h>.  examples/claims.c is a complete program.
 */
#ifndef REMEDI_H
#define REMEDI_H

#include "input.h"
#include "records.h"

#define REMEDI_VERSION_MAJOR 0
#define REMEDI_VERSION_MINOR 1

#endif
