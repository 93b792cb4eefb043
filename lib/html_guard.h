/* SPDX-License-Identifier: MIT */
/* The html room's guard around libxml2 calls, shared with the open-data
 * reader (the only other room that calls libxml2): while a guard is
 * entered, libxml2's thread-local error handlers are a silent sink that
 * notes allocation failures, and on leaving, the caller's handlers and the
 * thread's last libxml2 error are put back as they were. */
#ifndef ANQ_HTML_GUARD_H
#define ANQ_HTML_GUARD_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "tree.h"

/* libxml2 sends context-less messages to thread-local handlers; swap them
 * for a sink during our calls and put the caller's back afterwards. */
typedef struct saved_handlers {
    xmlStructuredErrorFunc serror;
    void *sctx;
    xmlGenericErrorFunc gerror;
    void *gctx;
} saved_handlers;

/* What the sink saw during one call. libxml2 raises some allocation
 * failures without the parser context (input buffers, the tree, the
 * dictionary): xmlCtxtGetLastError() never sees those, and the parse may go
 * on and return a truncated document or none at all; the sink does see
 * them. */
typedef struct sink_state {
    int nomem;
    xmlParserCtxtPtr ctxt; /* the parse in progress, or NULL */
} sink_state;

/* The thread's last libxml2 error belongs to the caller (it may be reading
 * it after a parse of its own): keep a copy and put it back after our
 * parse, whose errors would otherwise replace it. */
typedef struct saved_error {
    int had;
    xmlError err;
} saved_error;

typedef struct anq_xml_guard {
    saved_handlers handlers;
    saved_error err;
    sink_state st;          /* st.nomem: an allocation failure was reported */
} anq_xml_guard;

/* Enter before calling libxml2, leave after; never nested on one thread.
 * `ctxt` (may be NULL) is a parse that the sink may stop after an
 * allocation failure (see html.c). */
void anq__xml_guard_enter(anq_xml_guard *g, xmlParserCtxtPtr ctxt);
void anq__xml_guard_leave(anq_xml_guard *g);

/* Copy the libxml2 element `top` and its subtree into a new anq_doc whose
 * root it becomes (`xml`: an XML document, see anq__doc_new()): element
 * names as libxml2 has them (the local name, no prefix), attributes with
 * their text, text / CDATA / comment nodes with their content, other nodes
 * (processing instructions, entity references) as ANQ_NODE_OTHER leaves,
 * libxml2's line numbers. Makes no libxml2 call. Returns ANQ_OK and *out,
 * ANQ_ERR_NOMEM, or ANQ_ERR_PARSE when top is not an element. */
int anq__doc_copy_xml_node(const xmlNode *top, int xml, anq_doc **out);

#endif
