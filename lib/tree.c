/* SPDX-License-Identifier: MIT */
#include "tree.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"

/* The arena: blocks chained newest first; big requests get a block of
 * their own. Allocations go one after the other in the current block: a
 * node, attribute or other structure at an offset that is a multiple of
 * sizeof(max_align_t), a string anywhere. */
typedef struct block {
    struct block *prev;
    size_t cap;
    max_align_t data[];
} block;

#define BLOCK_MIN 8192
#define ALIGN sizeof(max_align_t)

struct anq_doc {
    char *base;        /* the current block's data... */
    size_t used, cap;  /* ...how much of it is taken, its size */
    block *blocks;
    size_t total;      /* the data of every block so far */
    anq_node *root;
    int xml;
};

static block *new_block(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(block))
        return NULL;
    block *nb = anq__malloc(sizeof(block) + cap);
    if (nb) {
        nb->cap = cap;
        nb->prev = NULL;
    }
    return nb;
}

/* n bytes (n > 0) that do not fit in the current block */
static void *arena_grow(anq_doc *d, size_t n)
{
    block *b = d->blocks;
    if (b && n > BLOCK_MIN / 2) {
        /* an outsized request gets a block of its own, behind the current
         * one, which goes on being filled */
        block *nb = new_block(n);
        if (!nb)
            return NULL;
        d->total += n;
        nb->prev = b->prev;
        b->prev = nb;
        return (char *)nb->data;
    }
    /* each new block is half the size of all the tree's blocks so far
     * (8 KB at least, 256 KB at most): at most about a third of the room
     * stays unused at the end, where blocks doubling in size could leave
     * half */
    size_t cap = d->total / 2;
    if (cap < BLOCK_MIN)
        cap = BLOCK_MIN;
    if (cap > 256 * 1024)
        cap = 256 * 1024;
    if (cap < n)
        cap = n;
    block *nb = new_block(cap);
    if (!nb)
        return NULL;
    d->total += cap;
    nb->prev = b;
    d->blocks = nb;
    d->base = (char *)nb->data;
    d->used = n;
    d->cap = cap;
    return d->base;
}

/* n bytes for a string (no alignment) */
static inline void *arena_bytes(anq_doc *d, size_t n)
{
    if (d->cap - d->used >= n) {
        char *p = d->base + d->used;
        d->used += n;
        return p;
    }
    return arena_grow(d, n);
}

/* n bytes for a structure (aligned as malloc's); NULL when out of memory */
static inline void *arena_alloc(anq_doc *d, size_t n)
{
    size_t at = (d->used + ALIGN - 1) & ~(ALIGN - 1);
    if (at <= d->cap && d->cap - at >= n) {
        d->used = at + n;
        return d->base + at;
    }
    return arena_grow(d, n);
}

/* Grow the last allocation, whose bytes [p, p + old) end where the free
 * room starts, to n bytes in place when there is room: 1, else 0. Text
 * appended piece by piece to one node then costs no copy. */
static int arena_extend(anq_doc *d, const char *p, size_t old, size_t n)
{
    if (!d->base || p + old != d->base + d->used || n - old > d->cap - d->used)
        return 0;
    d->used += n - old;
    return 1;
}

anq_doc *anq__doc_new(int xml)
{
    anq_doc *d = anq__calloc(1, sizeof *d);
    if (d)
        d->xml = xml;
    return d;
}

void anq__doc_free(anq_doc *d)
{
    if (!d)
        return;
    block *b = d->blocks;
    while (b) {
        block *p = b->prev;
        anq__free(b);
        b = p;
    }
    anq__free(d);
}

int anq__doc_is_xml(const anq_doc *d)
{
    return d && d->xml;
}

/* s[0..len) to p (short copies without a call: two that overlap) */
static inline void put_bytes(char *p, const char *s, size_t len)
{
    if (len >= 8 && len <= 16) {
        memcpy(p, s, 8);
        memcpy(p + len - 8, s + len - 8, 8);
    } else if (len >= 4 && len < 8) {
        memcpy(p, s, 4);
        memcpy(p + len - 4, s + len - 4, 4);
    } else if (len > 16) {
        memcpy(p, s, len);
    } else {
        for (size_t i = 0; i < len; i++)
            p[i] = s[i];
    }
}

/* s[0..len) to p, lower-cased when lower, and a NUL */
static void put(char *p, const char *s, size_t len, int lower)
{
    if (lower) {
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            p[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
    } else {
        put_bytes(p, s, len);
    }
    p[len] = '\0';
}

char *anq__doc_copy(anq_doc *d, const char *s, size_t len, int lower)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = arena_bytes(d, len + 1);
    if (p)
        put(p, s, len, lower);
    return p;
}

char *anq__doc_strndup(anq_doc *d, const char *s, size_t len)
{
    return anq__doc_copy(d, s, len, 0);
}

static void append(anq_node *parent, anq_node *n)
{
    n->parent = parent;
    n->next = NULL;
    n->prev = parent->last;
    if (parent->last)
        parent->last->next = n;
    else
        parent->first = n;
    parent->last = n;
}

static anq_node *element(anq_doc *d, anq_node *n, anq_node *parent, const char *name,
                         unsigned line)
{
    n->type = ANQ_NODE_ELEMENT;
    n->line = line;
    n->name = name;
    n->content = "";
    n->content_len = 0;
    n->attrs = NULL;
    n->first = n->last = NULL;
    n->attrs_last = NULL;
    n->nattrs = 0;
    if (parent) {
        append(parent, n);
    } else {
        n->parent = n->prev = n->next = NULL;
        if (!d->root)
            d->root = n;
    }
    return n;
}

anq_node *anq__doc_add_element(anq_doc *d, anq_node *parent, const char *name,
                               size_t name_len, int lower, unsigned line)
{
    if (name_len > SIZE_MAX - sizeof(anq_node) - 1)
        return NULL;
    anq_node *n = arena_alloc(d, sizeof *n + name_len + 1);
    if (!n)
        return NULL;
    char *nm = (char *)(n + 1);
    put(nm, name, name_len, lower);
    return element(d, n, parent, nm, line);
}

anq_node *anq__doc_add_element_static(anq_doc *d, anq_node *parent, const char *name,
                                      unsigned line)
{
    anq_node *n = arena_alloc(d, sizeof *n);
    if (!n)
        return NULL;
    return element(d, n, parent, name, line);
}

static int ascii_caseeq(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x == y) {
            if (!x)
                return 1;
            continue;
        }
        if ((x ^ y) != 0x20)
            return 0;
        x |= 0x20;
        if (x < 'a' || x > 'z')
            return 0;
    }
}

static int name_eq(const char *a, const char *b, size_t blen, int lower)
{
    for (size_t i = 0; i < blen; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (!x)
            return 0;
        if (lower && y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return 0;
    }
    return a[blen] == '\0';
}

int anq__doc_add_attr(anq_doc *d, anq_node *n, const char *name, size_t name_len,
                      int lower, const char *value, size_t value_len)
{
    if (n->nattrs < ANQ_ATTR_CHECK_MAX)
        for (anq_attr *a = n->attrs; a; a = a->next)
            if (name_eq(a->name, name, name_len, lower))
                return 0;
    if (name_len > SIZE_MAX / 2 - sizeof(anq_attr) - 1 ||
        value_len > SIZE_MAX / 2 - 1)
        return -1;
    anq_attr *a = arena_alloc(d, sizeof *a + name_len + 1 + value_len + 1);
    if (!a)
        return -1;
    char *nm = (char *)(a + 1), *v = nm + name_len + 1;
    put(nm, name, name_len, lower);
    put(v, value, value_len, 0);
    a->name = nm;
    a->value = v;
    a->next = NULL;
    if (n->attrs_last)
        n->attrs_last->next = a;
    else
        n->attrs = a;
    n->attrs_last = a;
    n->nattrs++;
    return 0;
}

int anq__doc_add_text(anq_doc *d, anq_node *parent, int type, const char *s,
                      size_t len, unsigned line)
{
    if (!parent)
        return 0;
    anq_node *prev = parent->last;
    if (type == ANQ_NODE_TEXT && prev && prev->type == ANQ_NODE_TEXT) {
        if (len == 0)
            return 0;
        if (prev->content_len > SIZE_MAX - len - 1)
            return -1;
        size_t old = prev->content_len;
        if (arena_extend(d, prev->content, old + 1, old + len + 1)) {
            char *c = (char *)(uintptr_t)prev->content;
            memcpy(c + old, s, len);
            c[old + len] = '\0';
            prev->content_len += len;
            return 0;
        }
        char *c = arena_bytes(d, old + len + 1);
        if (!c)
            return -1;
        memcpy(c, prev->content, old);
        memcpy(c + old, s, len);
        c[old + len] = '\0';
        prev->content = c;
        prev->content_len += len;
        return 0;
    }
    if (len > SIZE_MAX - sizeof(anq_node) - 1)
        return -1;
    anq_node *n = arena_alloc(d, sizeof *n + len + 1);
    if (!n)
        return -1;
    char *c = (char *)(n + 1);
    put(c, s, len, 0);
    n->type = type;
    n->line = line;
    n->name = "";
    n->content = c;
    n->content_len = len;
    n->attrs = NULL;
    n->first = n->last = NULL;
    n->attrs_last = NULL;
    n->nattrs = 0;
    append(parent, n);
    return 0;
}

void anq__node_move(anq_node *n, anq_node *parent)
{
    anq_node *old = n->parent;
    if (old) {
        if (n->prev)
            n->prev->next = n->next;
        else
            old->first = n->next;
        if (n->next)
            n->next->prev = n->prev;
        else
            old->last = n->prev;
    }
    append(parent, n);
}

/* ---- reading ---- */

anq_node *anq__doc_root(anq_doc *d)
{
    return d ? d->root : NULL;
}

anq_node *anq__doc_body(anq_doc *d)
{
    anq_node *root = anq__doc_root(d);
    anq_node *b = anq__find(root, "body", NULL, NULL);
    return b ? b : root;
}

int anq__node_type(const anq_node *n)
{
    return n ? n->type : ANQ_NODE_OTHER;
}

const char *anq__node_name(const anq_node *n)
{
    return n && n->name ? n->name : "";
}

int anq__node_is(const anq_node *n, const char *name)
{
    return n && n->type == ANQ_NODE_ELEMENT && ascii_caseeq(n->name, name);
}

const char *anq__node_content(const anq_node *n)
{
    if (!n || n->type == ANQ_NODE_ELEMENT || !n->content)
        return "";
    return n->content;
}

unsigned anq__node_line(const anq_node *n)
{
    return n ? n->line : 0;
}

anq_node *anq__node_parent(const anq_node *n)
{
    return n ? n->parent : NULL;
}

anq_node *anq__node_first(const anq_node *n)
{
    return n ? n->first : NULL;
}

anq_node *anq__node_next_any(const anq_node *n)
{
    return n ? n->next : NULL;
}

anq_node *anq__node_child(const anq_node *n)
{
    if (!n)
        return NULL;
    for (anq_node *c = n->first; c; c = c->next)
        if (c->type == ANQ_NODE_ELEMENT)
            return c;
    return NULL;
}

anq_node *anq__node_next(const anq_node *n)
{
    if (!n)
        return NULL;
    for (anq_node *c = n->next; c; c = c->next)
        if (c->type == ANQ_NODE_ELEMENT)
            return c;
    return NULL;
}

anq_node *anq__node_child_named(const anq_node *n, const char *name)
{
    for (anq_node *c = anq__node_child(n); c; c = anq__node_next(c))
        if (anq__node_is(c, name))
            return c;
    return NULL;
}

anq_node *anq__node_next_named(const anq_node *n, const char *name)
{
    for (anq_node *c = anq__node_next(n); c; c = anq__node_next(c))
        if (anq__node_is(c, name))
            return c;
    return NULL;
}

const char *anq__node_attr(const anq_node *n, const char *name)
{
    if (!n || n->type != ANQ_NODE_ELEMENT)
        return NULL;
    unsigned char c0 = (unsigned char)(name[0] | 0x20);
    for (const anq_attr *a = n->attrs; a; a = a->next)
        if ((unsigned char)(a->name[0] | 0x20) == c0 && ascii_caseeq(a->name, name))
            return a->value;
    return NULL;
}

/* the bytes that end a class name: NUL, space, tab, newline, return */
static const unsigned char class_end[256] = {
    [0] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
};

int anq__node_has_class(const anq_node *n, const char *cls)
{
    const char *v = anq__node_attr(n, "class");
    if (!v)
        return 0;
    size_t cl = strlen(cls);
    const char *p = v;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        const char *s = p;
        while (!class_end[(unsigned char)*p])
            p++;
        if ((size_t)(p - s) == cl && memcmp(s, cls, cl) == 0)
            return 1;
    }
    return 0;
}

anq_attr *anq__attr_first(const anq_node *n)
{
    return n && n->type == ANQ_NODE_ELEMENT ? n->attrs : NULL;
}

anq_attr *anq__attr_next(const anq_attr *a)
{
    return a ? a->next : NULL;
}

const char *anq__attr_name(const anq_attr *a)
{
    return a && a->name ? a->name : "";
}

const char *anq__attr_value(const anq_attr *a)
{
    return a && a->value ? a->value : "";
}

anq_node *anq__node_walk_skip(const anq_node *root, const anq_node *n)
{
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

anq_node *anq__node_walk(const anq_node *root, const anq_node *n)
{
    if (n->type == ANQ_NODE_ELEMENT && n->first)
        return n->first;
    return anq__node_walk_skip(root, n);
}

static int matches(const anq_node *n, const char *tag, const char *id, const char *cls)
{
    if (n->type != ANQ_NODE_ELEMENT)
        return 0;
    if (tag && !ascii_caseeq(n->name, tag))
        return 0;
    if (id) {
        const char *v = anq__node_attr(n, "id");
        if (!v || strcmp(v, id) != 0)
            return 0;
    }
    if (cls && !anq__node_has_class(n, cls))
        return 0;
    return 1;
}

anq_node *anq__find_next(const anq_node *root, const anq_node *from,
                         const char *tag, const char *id, const char *cls)
{
    if (!root)
        return NULL;
    const anq_node *n = from ? anq__node_walk(root, from) : root->first;
    for (; n; n = anq__node_walk(root, n))
        if (matches(n, tag, id, cls))
            return (anq_node *)(uintptr_t)n;
    return NULL;
}

anq_node *anq__find(const anq_node *root, const char *tag, const char *id,
                    const char *cls)
{
    return anq__find_next(root, NULL, tag, id, cls);
}

void anq__node_text(const anq_node *n, anq_buf *b)
{
    if (!n)
        return;
    if (n->type == ANQ_NODE_TEXT || n->type == ANQ_NODE_CDATA) {
        anq__buf_add(b, n->content, n->content_len);
        return;
    }
    for (const anq_node *c = n->first; c;) {
        if (c->type == ANQ_NODE_TEXT || c->type == ANQ_NODE_CDATA) {
            anq__buf_add(b, c->content, c->content_len);
        } else if (c->type == ANQ_NODE_ELEMENT && c->first && !anq__node_is(c, "script") &&
                   !anq__node_is(c, "style")) {
            c = c->first;
            continue;
        }
        c = anq__node_walk_skip(n, c);
    }
}
