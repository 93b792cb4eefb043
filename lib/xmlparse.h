/* SPDX-License-Identifier: MIT */
/* The XML room: anq's own small non-validating XML parser, for the XML
 * layouts (the legacy site's /vue/xml export, one open-data question file).
 * It builds the tree of lib/tree.h straight from the UTF-8 bytes, in one
 * pass, without recursion and without libxml2.
 *
 * What it reads: the XML declaration, comments and processing instructions
 * of the prolog (skipped), a DOCTYPE with its internal subset (skipped; the
 * general entities declared there are noted, never expanded), then the root
 * element: elements (namespace prefixes dropped when bound, as libxml2
 * showed them), attributes (both quotes, white space normalised as XML says,
 * namespace declarations left out), text, CDATA sections (ANQ_NODE_CDATA;
 * adjacent sections are one node), comments, processing instructions and
 * references to DTD entities (ANQ_NODE_OTHER leaves), the 5 predefined
 * entities and numeric character references (an invalid one gives nothing).
 * Line ends are normalised (CR LF and CR give LF). Line numbers: the line of
 * each node's first byte. What follows the root element is ignored.
 *
 * Malformed input is read the way libxml2's recovery mode read it (the
 * library's XML parser before this one, with XML_PARSE_RECOVER): a cut
 * document keeps everything before the cut (open elements are closed, an
 * unfinished comment, CDATA section, processing instruction or reference is
 * dropped); an end tag closes the open element whatever its name; a start
 * tag that does not end properly gives an element with the attributes read
 * so far, closed at once, and the parse goes on after what it could read;
 * a '<' or '&' that starts nothing is dropped. */
#ifndef ANQ_XMLPARSE_H
#define ANQ_XMLPARSE_H

#include <stddef.h>

#include "tree.h"

/* Open elements beyond which a start tag fails with ANQ_ERR_TOO_DEEP
 * (libxml2's limit without XML_PARSE_HUGE). */
#define ANQ_XML_MAX_DEPTH 256
/* Bytes beyond which a text or CDATA node fails with ANQ_ERR_TOO_LARGE. */
#define ANQ_XML_MAX_TEXT 10000000u

/* Parse s[0..len). Returns ANQ_OK and *out (an XML anq_doc, its root the
 * root element), or: ANQ_ERR_EMPTY (no root element: blank input, only a
 * prolog, text before any element), ANQ_ERR_PARSE (the root's start tag
 * cannot be read), ANQ_ERR_TOO_DEEP, ANQ_ERR_TOO_LARGE, ANQ_ERR_NOMEM. */
int anq__xml_parse(const char *s, size_t len, anq_doc **out);

#endif
