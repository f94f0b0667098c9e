/*
 * html_out.h - the HTML writer of `remedi report`: one self-contained page
 * (inline CSS and SVG, one small sort script allowed by its hash in a
 * Content-Security-Policy that forbids everything else), written from the
 * rows and totals of remit_report() runs (report_out.h).
 *
 *   struct html_page *p = html_page_new(&info);
 *   w = html_page_writer(p);          run each report into w
 *   html_page_write(p, out);          the page, after the last run
 *   html_page_free(p);
 *
 * The dashboard takes the denials, underpayments, aging, unmatched and
 * summary runs and lays them out for a billing manager; a single report
 * (--format html) shows its figures, its groups as charts and its rows.
 * Every string from the store is HTML-escaped; claims appear by CLM01 only
 * (the reports carry no patient names, birth dates or member ids).
 */
#ifndef REMEDI_HTML_OUT_H
#define REMEDI_HTML_OUT_H

#include <stdio.h>

#include "report_out.h"

struct html_page_info {
	bool dashboard;                          /* else the one report of kind */
	enum remit_report_kind kind;
	const char *db;                          /* the store's path (its file name is shown) */
	const struct remit_report_options *o;    /* filters and as-of, shown in the header; borrowed */
};

/* NULL when out of memory.  info (and what it points to) must outlive the page. */
struct html_page *html_page_new(const struct html_page_info *info);
/* The writer that collects runs into p (totals, and the rows the page shows). */
struct report_writer html_page_writer(struct html_page *p);
/* Writes the page; false when f fails (the caller reports it) or memory ran out. */
bool html_page_write(struct html_page *p, FILE *f);
void html_page_free(struct html_page *p);

#endif
