/*
 * xml_out.h - the XML loop-tree writer of `remedi parse --format xml`.
 */
#ifndef REMEDI_XML_OUT_H
#define REMEDI_XML_OUT_H

#include <stdbool.h>

#include <libxml/xmlwriter.h>

#include "walker.h"

/* Writer state; xw is the caller's (started document), failed says a write failed. */
struct xml_tree {
	xmlTextWriterPtr xw;
	bool in_interchange, in_group, in_txn;
	bool failed;
};

/* One walker event (segments, loops, set begin/end) into the tree. */
void xml_tree_event(struct xml_tree *c, const struct x12_walk_event *ev);
/* Closes whatever interchange, group and set is open (end of a file). */
void xml_tree_close_interchange(struct xml_tree *c);

#endif
