/* SPDX-License-Identifier: MIT */
/* Fuzz target for the tree room and its two builders: byte 0 bit 0 chooses
 * anq's own XML parser (lib/xmlparse.c, through anq__doc_parse) or the HTML
 * fragment path (anq__doc_parse_fragment); the rest, made valid UTF-8 first
 * as anq_parse does, is the document. Checked (tree.h, xmlparse.h):
 *   - the result is ANQ_OK with a tree, or one of the documented errors
 *     without one;
 *   - every link of the tree agrees with the others (parent, first/last
 *     child, previous/next sibling), walked without recursion;
 *   - names, attributes and contents are valid UTF-8 without NUL, and
 *     content_len is the content's length; elements have a name, other
 *     nodes none; no two text nodes are adjacent;
 *   - an HTML tree's root is <html> with a <body>; names are lower-case;
 *   - the tree has at most two nodes per input byte (plus the implied ones)
 *     and no more than the documented depth;
 *   - parsing again gives the same tree (compared as a dump). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "anq.h"
#include "buf.h"
#include "fuzz.h"
#include "html.h"
#include "input.h"
#include "tree.h"

static void check_str(const char *s)
{
    FUZZ_CHECK(s != NULL);
    FUZZ_CHECK(anq__utf8_valid(s, strlen(s)));
}

static int has_upper(const char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            return 1;
    return 0;
}

/* Checks the tree and appends a dump of it to out. */
static void check_tree(anq_doc *d, int xml, size_t in_len, anq_buf *out)
{
    anq_node *root = anq__doc_root(d);
    FUZZ_CHECK(root != NULL);
    FUZZ_CHECK(root->parent == NULL && root->prev == NULL && root->next == NULL);
    if (!xml) {
        FUZZ_CHECK(strcmp(root->name, "html") == 0);
        FUZZ_CHECK(anq__node_is(anq__doc_body(d), "body"));
    }
    size_t nodes = 0, depth = 0;
    const anq_node *n = root;
    while (n) {
        nodes++;
        FUZZ_CHECK(nodes <= 2 * in_len + 8);
        check_str(n->name);
        check_str(n->content);
        if (n->type == ANQ_NODE_ELEMENT) {
            FUZZ_CHECK(n->name[0] != '\0');
            FUZZ_CHECK(n->content_len == 0);
            if (!xml)
                FUZZ_CHECK(!has_upper(n->name));
            anq__buf_addc(out, '<');
            anq__buf_adds(out, n->name);
            for (const anq_attr *a = n->attrs; a; a = a->next) {
                check_str(a->name);
                check_str(a->value);
                FUZZ_CHECK(a->name[0] != '\0');
                anq__buf_addc(out, ' ');
                anq__buf_adds(out, a->name);
                anq__buf_addc(out, '=');
                anq__buf_adds(out, a->value);
            }
            anq__buf_addc(out, '>');
        } else {
            FUZZ_CHECK(n->name[0] == '\0');
            FUZZ_CHECK(n->first == NULL && n->attrs == NULL);
            FUZZ_CHECK(strlen(n->content) == n->content_len);
            FUZZ_CHECK(n->type == ANQ_NODE_TEXT || n->type == ANQ_NODE_CDATA ||
                       n->type == ANQ_NODE_COMMENT || n->type == ANQ_NODE_OTHER);
            if (n->type == ANQ_NODE_TEXT && n->prev)
                FUZZ_CHECK(n->prev->type != ANQ_NODE_TEXT);
            anq__buf_addc(out, (char)('0' + n->type % 10));
            anq__buf_add(out, n->content, n->content_len);
            anq__buf_addc(out, '\n');
        }
        /* the links around n */
        FUZZ_CHECK((n->first == NULL) == (n->last == NULL));
        if (n->first) {
            FUZZ_CHECK(n->first->prev == NULL && n->last->next == NULL);
            FUZZ_CHECK(n->first->parent == n && n->last->parent == n);
        }
        if (n->next)
            FUZZ_CHECK(n->next->prev == n && n->next->parent == n->parent);
        if (n->prev)
            FUZZ_CHECK(n->prev->next == n && n->prev->parent == n->parent);
        if (n->parent && !n->next)
            FUZZ_CHECK(n->parent->last == n);
        /* next node in document order, without recursion */
        if (n->first) {
            depth++;
            FUZZ_CHECK(depth <= 300);
            n = n->first;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            if (n) {
                depth--;
                anq__buf_add(out, "</>", 3);
            }
        }
        if (n)
            n = n->next;
    }
    anq_buf text = ANQ_BUF_INIT;
    anq__node_text(root, &text);
    if (!text.oom)
        FUZZ_CHECK(anq__utf8_valid(anq__buf_cstr(&text), text.len));
    anq__buf_free(&text);
}

static int parse(const char *s, size_t n, int xml, anq_doc **d)
{
    return xml ? anq__doc_parse(s, n, 1, d) : anq__doc_parse_fragment(s, n, d);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    int xml = !(data[0] & 1);
    char *u = NULL;
    size_t ul = 0;
    if (anq__input_to_utf8((const char *)data + 1, size - 1, &u, &ul, NULL) != 0)
        return 0;
    anq_doc *d = NULL;
    int rc = parse(u, ul, xml, &d);
    if (rc != ANQ_OK) {
        FUZZ_CHECK(d == NULL);
        FUZZ_CHECK(rc == ANQ_ERR_EMPTY || rc == ANQ_ERR_PARSE || rc == ANQ_ERR_TOO_DEEP ||
                   rc == ANQ_ERR_TOO_LARGE || rc == ANQ_ERR_NOMEM);
    } else {
        anq_buf a = ANQ_BUF_INIT, b = ANQ_BUF_INIT;
        check_tree(d, xml, ul, &a);
        anq__doc_free(d);
        d = NULL;
        FUZZ_CHECK(parse(u, ul, xml, &d) == ANQ_OK);
        check_tree(d, xml, ul, &b);
        if (!a.oom && !b.oom)
            FUZZ_CHECK(a.len == b.len && memcmp(anq__buf_cstr(&a), anq__buf_cstr(&b), a.len) == 0);
        anq__buf_free(&a);
        anq__buf_free(&b);
        anq__doc_free(d);
    }
    anq__free(u);
    return 0;
}
