/* SPDX-License-Identifier: MIT */
/* The only room that talks to libxml2: parse a region of UTF-8 markup into a
 * tree and walk it. Nodes are opaque to the rest of the library. */
#ifndef ANQ_HTML_H
#define ANQ_HTML_H

#include <stddef.h>

#include "buf.h"

typedef struct anq_doc anq_doc;
typedef struct _xmlNode anq_node;
typedef struct _xmlAttr anq_attr;

enum anq_node_type {
    ANQ_NODE_ELEMENT = 1,
    ANQ_NODE_TEXT = 3,
    ANQ_NODE_CDATA = 4,
    ANQ_NODE_COMMENT = 8,
    ANQ_NODE_OTHER = 99
};

/* Parse valid UTF-8 markup. `xml` selects the XML parser (XML view, open
 * data) instead of the HTML one. Returns ANQ_OK and *out, or ANQ_ERR_NOMEM,
 * ANQ_ERR_TOO_DEEP, ANQ_ERR_TOO_LARGE, ANQ_ERR_PARSE, ANQ_ERR_EMPTY. libxml2's
 * thread-local error handlers are swapped for a silent sink during the call
 * and restored before it returns. */
int anq__doc_parse(const char *utf8, size_t len, int xml, anq_doc **out);
/* Parse an HTML fragment (the inside of a <body>). */
int anq__doc_parse_fragment(const char *utf8, size_t len, anq_doc **out);
void anq__doc_free(anq_doc *d);
anq_node *anq__doc_root(anq_doc *d);
/* For a fragment: the <body> element holding it (or the root). */
anq_node *anq__doc_body(anq_doc *d);

int anq__node_type(const anq_node *n);
/* Lower-cased for HTML; as written for XML (local name, no prefix). */
const char *anq__node_name(const anq_node *n);
/* ASCII case-insensitive tag name test. */
int anq__node_is(const anq_node *n, const char *name);
/* Text of a text, CDATA or comment node (not of an element); "" otherwise. */
const char *anq__node_content(const anq_node *n);
unsigned anq__node_line(const anq_node *n);

anq_node *anq__node_parent(const anq_node *n);
/* Any kind of child / sibling. */
anq_node *anq__node_first(const anq_node *n);
anq_node *anq__node_next_any(const anq_node *n);
/* Element children / siblings only. */
anq_node *anq__node_child(const anq_node *n);
anq_node *anq__node_next(const anq_node *n);
/* First element child named `name` (case-insensitive). */
anq_node *anq__node_child_named(const anq_node *n, const char *name);
/* Next element sibling named `name`. */
anq_node *anq__node_next_named(const anq_node *n, const char *name);

/* Attribute value, or NULL. Points into the tree: valid while the document
 * lives; do not free. */
const char *anq__node_attr(const anq_node *n, const char *name);
int anq__node_has_class(const anq_node *n, const char *cls);
anq_attr *anq__attr_first(const anq_node *n);
anq_attr *anq__attr_next(const anq_attr *a);
const char *anq__attr_name(const anq_attr *a);
const char *anq__attr_value(const anq_attr *a);

/* Document-order walk of the subtree under `root` (root excluded): the node
 * after `n`, or NULL at the end of the subtree. */
anq_node *anq__node_walk(const anq_node *root, const anq_node *n);
/* Same, but does not go into n's children. */
anq_node *anq__node_walk_skip(const anq_node *root, const anq_node *n);

/* First descendant element of `root` (document order) with the given tag
 * (NULL = any), and, when not NULL, the given id / class. */
anq_node *anq__find(const anq_node *root, const char *tag, const char *id,
                    const char *cls);
/* Next such element after `from` inside root. */
anq_node *anq__find_next(const anq_node *root, const anq_node *from,
                         const char *tag, const char *id, const char *cls);

/* Append the raw text of the subtree (text and CDATA nodes, script/style
 * excluded) to b. */
void anq__node_text(const anq_node *n, anq_buf *b);

/* The code point of the HTML 4 named character reference name[0..len)
 * ("eacute" gives 0xE9; case matters), or 0 when there is none. */
unsigned long anq__html_entity(const char *name, size_t len);

/* Initialise libxml2's parser (idempotent, thread-safe). */
void anq__html_init(void);

#endif
