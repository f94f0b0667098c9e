/*
 * report_out.h - what consumes a report: one run of remit_report() hands
 * every row, as it comes, then the totals to a writer.  The text, CSV and
 * JSON writers (cmd_report.c) and the HTML page (html_out.c) are writers
 * of the same run, so the numbers on the page are the numbers of the JSON:
 *
 *   store -> remit_report (rows, then totals) -> writer -> FILE
 *
 * Nothing flows back: a writer never queries the store.
 */
#ifndef REMEDI_REPORT_OUT_H
#define REMEDI_REPORT_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "remit.h"

struct report_writer {
	void *ctx;
	/* A row of report kind; the row and its strings live until the call returns.  False stops the run. */
	bool (*row)(void *ctx, enum remit_report_kind kind, const struct remit_row *row);
	/* The totals of kind, after its last row; the writer owns *t from here (remit_totals_free). */
	bool (*totals)(void *ctx, enum remit_report_kind kind, struct remit_totals *t);
};

/* "$1,234.56", "-$5.00" into buf; returns buf. */
const char *report_dollars(char *buf, size_t size, int64_t cents);
/* A label as a JSON key: lower case letters and digits, runs of anything else as one '_'. */
void report_slug(const char *label, char *out, size_t size);
/* The report's name on the command line ("denials" ...). */
const char *report_kind_name(enum remit_report_kind kind);

#endif
