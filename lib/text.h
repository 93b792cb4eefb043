/* SPDX-License-Identifier: MIT */
/* Text: an HTML fragment to plain text (output.md's rules) and to sanitised,
 * well-formed HTML. */
#ifndef ANQ_TEXT_H
#define ANQ_TEXT_H

#include <stddef.h>

#include "html.h"
#include "record.h"

/* Return non-zero to leave a node (and its subtree) out of the rendering. */
typedef int (*anq_skip_fn)(const anq_node *n, void *ud);

/* Render the sibling range [first, stop) (stop NULL: to the last sibling).
 * *text receives the plain text, *html (when html is not NULL) the
 * sanitised HTML; both NULL when the range holds no text. Strings live in
 * the record's arena. */
void anq__text_render_nodes(anq_rec *r, const anq_node *first, const anq_node *stop,
                            anq_skip_fn skip, void *ud, const char **text,
                            const char **html);

/* Parse the HTML fragment s[0..len) and render it like anq__text_render_nodes.
 * Returns ANQ_OK or the parse error (ANQ_ERR_NOMEM, ANQ_ERR_TOO_DEEP, …). */
int anq__text_render_fragment(anq_rec *r, const char *s, size_t len,
                              anq_skip_fn skip, void *ud, const char **text,
                              const char **html);

/* Append s to b with HTML escaping (&, <, > and, when attr, "). */
void anq__html_escape(anq_buf *b, const char *s, size_t len, int attr);

#endif
