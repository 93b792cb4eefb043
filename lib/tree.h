/* SPDX-License-Identifier: MIT */
/* The tree room: anq's own small document tree. Every extractor that reads a
 * tree reads this one, whoever built it: the XML reader of lib/xmlparse.c,
 * the HTML tree builder of lib/htmlparse.c, or lib/html.c copying a libxml2
 * tree (the open-data reader's questions). One arena per document: building
 * is a bump of a pointer, freeing is one call.
 *
 * Shape, whoever builds it: a document has one root element; an HTML
 * document's root is <html> with a <body> (anq__doc_body()); element names
 * are lower-cased for HTML and kept as written (local name, prefix dropped)
 * for XML, and compared ASCII case-insensitively; adjacent text is one text node; attribute values and text are
 * decoded UTF-8 (entities and character references resolved), NUL-terminated. */
#ifndef ANQ_TREE_H
#define ANQ_TREE_H

#include <stddef.h>

#include "buf.h"

typedef struct anq_doc anq_doc;
typedef struct anq_node anq_node;
typedef struct anq_attr anq_attr;

enum anq_node_type {
    ANQ_NODE_ELEMENT = 1,
    ANQ_NODE_TEXT = 3,
    ANQ_NODE_CDATA = 4,
    ANQ_NODE_COMMENT = 8,
    ANQ_NODE_OTHER = 99
};

struct anq_attr {
    const char *name;
    const char *value;
    anq_attr *next;
};

struct anq_node {
    int type;             /* enum anq_node_type */
    unsigned line;        /* 1-based line of its start in the parsed bytes; 0 unknown */
    const char *name;     /* elements; "" for other nodes */
    const char *content;  /* text, CDATA, comment; "" for elements */
    size_t content_len;
    anq_attr *attrs;
    anq_node *parent, *first, *last, *prev, *next;
    anq_attr *attrs_last; /* the builder's: where the next attribute goes */
    unsigned nattrs;      /* the builder's: attributes so far */
};

/* ---- building (for the parsers) ---- */

/* A new empty document; NULL when out of memory. xml: an XML document
 * (names kept as written; anq__doc_body() is the root). */
anq_doc *anq__doc_new(int xml);
void anq__doc_free(anq_doc *d);
int anq__doc_is_xml(const anq_doc *d);
/* Arena copy of s[0..len) with a NUL; NULL when out of memory. */
char *anq__doc_strndup(anq_doc *d, const char *s, size_t len);
/* Same, lower-cased (ASCII) when lower. */
char *anq__doc_copy(anq_doc *d, const char *s, size_t len, int lower);
/* New element `name` appended as the last child of `parent` (NULL: it becomes
 * the root; a document has one). The name is copied (lower-cased when
 * lower). NULL when out of memory. */
anq_node *anq__doc_add_element(anq_doc *d, anq_node *parent, const char *name,
                               size_t name_len, int lower, unsigned line);
/* Same with a name that is not copied: a string that outlives the document
 * (a static one). */
anq_node *anq__doc_add_element_static(anq_doc *d, anq_node *parent, const char *name,
                                      unsigned line);
/* Attribute appended to element n (name copied, lower-cased when lower;
 * value copied as given: already decoded). A repeated name is ignored (the
 * first one counts) while the element has fewer than ANQ_ATTR_CHECK_MAX
 * attributes; past that it is not looked for (linear time on hostile
 * input; anq__node_attr() still finds the first). Returns 0, or -1 when out
 * of memory. */
#define ANQ_ATTR_CHECK_MAX 64
int anq__doc_add_attr(anq_doc *d, anq_node *n, const char *name, size_t name_len,
                      int lower, const char *value, size_t value_len);
/* Text / CDATA / comment appended as the last child of parent. Text that
 * follows a text node is added to that node. Returns 0, or -1 when out of
 * memory. */
int anq__doc_add_text(anq_doc *d, anq_node *parent, int type, const char *s,
                      size_t len, unsigned line);
/* Make `n` (already built, with children) a child of parent too: used to
 * move a node (unlinks it from where it was first). */
void anq__node_move(anq_node *n, anq_node *parent);

/* ---- reading (for the extractors) ---- */

anq_node *anq__doc_root(anq_doc *d);
/* An HTML document's <body> (the root when there is none); for XML the root. */
anq_node *anq__doc_body(anq_doc *d);

int anq__node_type(const anq_node *n);
const char *anq__node_name(const anq_node *n);
/* Element with this tag name (ASCII case-insensitive). */
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
/* First element child named `name` (anq__node_is). */
anq_node *anq__node_child_named(const anq_node *n, const char *name);
/* Next element sibling named `name`. */
anq_node *anq__node_next_named(const anq_node *n, const char *name);

/* Attribute value, or NULL (name compared ASCII case-insensitively).
 * Points into the document: valid while it lives. */
const char *anq__node_attr(const anq_node *n, const char *name);
/* Whitespace-separated class list of n holds cls. */
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

#endif
