/* SPDX-License-Identifier: MIT */
/* anq's HTML tree builder: UTF-8 bytes straight into an anq_doc (lib/tree.h),
 * without libxml2, giving the tree libxml2 2.9.14's HTML parser gives with
 * the html room's options (recover, no implied DTD, blanks kept): the same
 * elements, attributes, text, comments and nesting, so that the extractors
 * read the same thing whichever parser built the tree.
 *
 * What it reproduces, all observed on libxml2's own output:
 * - implied <html>, <head> (for title, meta, link, base, script, style at the
 *   start) and <body>; a <p> around text found directly in <html> or <head>;
 * - a start tag closing the open elements it cannot sit in (<p> by block
 *   starts, <li> by <li>, <td>/<th> by <td>/<th>/<tr>, <option> by
 *   <option>...), one pair table;
 * - an end tag closing the elements above its own, unless one of them ranks
 *   higher (div < td, th < tr < thead, tbody, tfoot < table < head, body <
 *   html); end tags of elements not open are dropped;
 * - void elements, "<x/>" closing x, script and style content read raw (one
 *   CDATA node, up to "</script" / "</style"), stray <html>/<head>/<body>
 *   tags dropped with as many of their end tags;
 * - references: the HTML 4 names of anq__html_entity() followed by ';',
 *   numeric references with or without ';' (nothing for a code point XML
 *   forbids; in an attribute value, the value stops there); anything else
 *   is kept as written;
 * - text and attribute values kept byte for byte otherwise (CR included),
 *   names lower-cased, the first of duplicate attributes, names cut at 100
 *   bytes, an element name's "prefix:" dropped from the node name;
 * - "</br>" read as "<br/>" (as the html room does before libxml2).
 * The input is the library's UTF-8 (input.c has already replaced NUL and
 * the C0 controls other than TAB, LF and CR); the bytes after a NUL are
 * ignored.
 *
 * Limits, as libxml2's: an element started while 257 are open fails
 * with ANQ_ERR_TOO_DEEP; a text node over 10 000 000 bytes with
 * ANQ_ERR_TOO_LARGE. Time is linear in the input; nothing recurses on its
 * depth. */
#ifndef ANQ_HTMLPARSE_H
#define ANQ_HTMLPARSE_H

#include <stddef.h>

#include "tree.h"

/* Build the tree of utf8[0..len). fragment: the bytes are the inside of a
 * <body> (parsed as "<html><body>" + bytes + "</body></html>"); otherwise a
 * whole page. Returns ANQ_OK and *out (free with anq__doc_free()), or
 * ANQ_ERR_NOMEM, ANQ_ERR_TOO_DEEP, ANQ_ERR_TOO_LARGE, and for a whole page
 * ANQ_ERR_EMPTY (nothing but blanks) or ANQ_ERR_PARSE (no element at all). */
int anq__html_build(const char *utf8, size_t len, int fragment, anq_doc **out);

#endif
