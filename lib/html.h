/* SPDX-License-Identifier: MIT */
/* The markup room: parse a region of UTF-8 markup into anq's own tree
 * (lib/tree.h), which is what the extractors read: HTML with anq's tree
 * builder (lib/htmlparse.h: libxml2 2.9.14's tree without libxml2), XML with
 * anq's XML parser (lib/xmlparse.h). libxml2 is only used here for its HTML
 * entity table and by the open-data reader (html_guard.h: its error sink,
 * and the copy of its subtrees into anq's tree). */
#ifndef ANQ_HTML_H
#define ANQ_HTML_H

#include <stddef.h>

#include "buf.h"
#include "tree.h"

/* Parse valid UTF-8 markup. `xml` selects the XML parser (XML view, open
 * data) instead of the HTML one. Returns ANQ_OK and *out, or ANQ_ERR_NOMEM,
 * ANQ_ERR_TOO_DEEP, ANQ_ERR_TOO_LARGE, ANQ_ERR_PARSE, ANQ_ERR_EMPTY. No
 * libxml2 state is touched. */
int anq__doc_parse(const char *utf8, size_t len, int xml, anq_doc **out);
/* Parse an HTML fragment (the inside of a <body>). */
int anq__doc_parse_fragment(const char *utf8, size_t len, anq_doc **out);
/* The code point of the HTML 4 named character reference name[0..len)
 * ("eacute" gives 0xE9; case matters), or 0 when there is none. */
unsigned long anq__html_entity(const char *name, size_t len);

/* Initialise libxml2's parser (idempotent, thread-safe). */
void anq__html_init(void);

#endif
