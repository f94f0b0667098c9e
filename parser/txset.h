/*
 * txset.h - transaction-set definitions (implementation guides): loading
 * them, and what a consumer may read of them.
 *
 * The XML in schemas/ is parsed with libxml2 (no network, no external
 * entities), checked against schemas/txset.xsd and compiled into compact
 * tables the loop walker runs on (their layout: txset_internal.h, not
 * installed).  The definitions shipped in schemas/ are embedded in the
 * binary already compiled (at build time, by the same code); a directory
 * given by the caller (--schema-dir, REMEDI_SCHEMA_DIR) replaces them and is
 * parsed, checked and compiled when loaded.
 *
 * Threads: load on one thread (libxml2 reports parse errors through a
 * process-wide handler while it runs).  A loaded struct x12_schemas is
 * read-only and may be shared by walkers on several threads.
 */
#ifndef REMEDI_TXSET_H
#define REMEDI_TXSET_H

#include "x12.h"

struct x12_schemas;
struct x12_txset;   /* one compiled definition */
struct txs_loop;    /* a loop of it */
struct txs_segment; /* a segment definition */

/*
 * Loads every *.xml definition: from dir when it is not NULL (each checked
 * and compiled now), else the built-in tables (compiled at build time).
 * X12_OK and *out; or X12_ERROR and *err (X12_E_DEFINITIONS with
 * "file:line: message", or X12_E_NOMEM).
 */
enum x12_status x12_schemas_load(const char *dir, struct x12_schemas **out, struct x12_error *err);
/* Kept for callers written when built-in definitions compiled on first use: now always X12_OK. */
enum x12_status x12_schemas_prepare(struct x12_schemas *s, struct x12_error *err);
void x12_schemas_free(struct x12_schemas *s);

/*
 * The definition for a transaction set: ST01 plus the guide id from ST03,
 * else GS08.  NULL when none matches.  Lifetime: that of s.
 */
const struct x12_txset *x12_schemas_find(struct x12_schemas *s, struct x12_str st01, struct x12_str guide);
size_t x12_schemas_count(const struct x12_schemas *s);
/* Definition i; NULL past the end. */
const struct x12_txset *x12_schemas_get(struct x12_schemas *s, size_t i);
/* Definition i's id ("837P"), ST01 and guide; NULL past the end. */
const char *x12_schemas_info(const struct x12_schemas *s, size_t i, const char **st01, const char **guide);
/* Kept for older callers: always "" (no definition compiles after load).  Lifetime: that of s. */
const char *x12_schemas_error(const struct x12_schemas *s);

/* What a consumer reads of a definition and its loops.  Lifetime: that of the schemas. */
const char *x12_txset_id(const struct x12_txset *ts);     /* "837P", "837I", "835" */
const char *x12_txset_guide(const struct x12_txset *ts);  /* "005010X222A1" */
const char *x12_loop_id(const struct txs_loop *l);        /* TR3 loop id, "2300" */
const char *x12_loop_name(const struct txs_loop *l);      /* "Claim Information" */

#endif
