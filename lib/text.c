/* SPDX-License-Identifier: MIT */
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

#include "anq.h"
#include "input.h"
#include "scan.h"

/* Pending separators, weakest first: the strongest one asked for between
 * two pieces of text wins; nothing is emitted at the start or the end. */
enum { SEP_NONE, SEP_SPACE, SEP_TAB, SEP_LINE, SEP_PARA };

typedef struct render {
    anq_buf text;
    anq_buf html;
    int want_html;
    int sep;
    int cells;      /* cells seen in the current table row */
    int in_cell;    /* depth of td/th */
    anq_skip_fn skip;
    void *ud;
} render;

/* Every tag the renderer and the tokenizer know, sorted by name, with what
 * they do with it. One lookup per tag instead of a scan of name lists. */
enum {
    TF_BLOCK = 1 << 0,     /* a paragraph break around it (a space in a cell) */
    TF_DROP = 1 << 1,      /* left out, subtree included */
    TF_KEEP = 1 << 2,      /* kept in the sanitised HTML */
    TF_VOID_OUT = 1 << 3,  /* written as <x/> in the sanitised HTML */
    TF_VOID = 1 << 4,      /* never has content (HTML's void elements) */
    TF_CLOSES_P = 1 << 5,  /* its start closes an open <p> */
    TF_IGNORE = 1 << 6,    /* <html>, <body>: not an element of a fragment */
    TF_RAW = 1 << 7,       /* raw text up to its end tag */
    TS_TABLE = 1 << 8,     /* scope limits of the implied closes */
    TS_LIST = 1 << 9,
    TS_ROW = 1 << 10,
    TS_DL = 1 << 11,
    K_BR = 1 << 12,        /* the tags with rules of their own */
    K_TR = 1 << 13,
    K_TD = 1 << 14,
    K_TH = 1 << 15,
    K_LI = 1 << 16,
    K_DT = 1 << 17,
    K_DD = 1 << 18,
    K_P = 1 << 19,
    K_TABLE = 1 << 20,
};

typedef struct taginfo {
    const char *name;
    unsigned flags;
} taginfo;

static const taginfo tags[] = {
    {"a", TF_KEEP},
    {"abbr", TF_KEEP},
    {"address", TF_BLOCK | TF_CLOSES_P},
    {"applet", TF_DROP},
    {"area", TF_VOID},
    {"article", TF_BLOCK | TF_CLOSES_P},
    {"aside", TF_BLOCK | TF_CLOSES_P},
    {"b", TF_KEEP},
    {"base", TF_VOID},
    {"basefont", TF_VOID},
    {"big", TF_KEEP},
    {"blockquote", TF_BLOCK | TF_KEEP | TF_CLOSES_P},
    {"body", TF_IGNORE},
    {"br", TF_KEEP | TF_VOID_OUT | TF_VOID | K_BR},
    {"button", TF_DROP},
    {"caption", TF_BLOCK | TF_KEEP | TS_TABLE},
    {"center", TF_BLOCK | TF_KEEP | TF_CLOSES_P},
    {"cite", TF_KEEP},
    {"code", TF_KEEP},
    {"col", TF_KEEP | TF_VOID_OUT | TF_VOID},
    {"colgroup", TF_KEEP},
    {"dd", TF_BLOCK | TF_KEEP | K_DD},
    {"dir", TF_CLOSES_P},
    {"div", TF_BLOCK | TF_KEEP | TF_CLOSES_P},
    {"dl", TF_BLOCK | TF_KEEP | TF_CLOSES_P | TS_DL},
    {"dt", TF_BLOCK | TF_KEEP | K_DT},
    {"em", TF_KEEP},
    {"embed", TF_DROP | TF_VOID},
    {"fieldset", TF_BLOCK | TF_CLOSES_P},
    {"figure", TF_BLOCK | TF_CLOSES_P},
    {"footer", TF_BLOCK | TF_CLOSES_P},
    {"form", TF_DROP | TF_CLOSES_P},
    {"frame", TF_DROP | TF_VOID},
    {"frameset", TF_DROP},
    {"h1", TF_BLOCK | TF_KEEP | TF_CLOSES_P},
    {"h2", TF_BLOCK | TF_KEEP | TF_CLOSES_P},
    {"h3", TF_BLOCK | TF_KEEP | TF_CLOSES_P},
    {"h4", TF_BLOCK | TF_KEEP | TF_CLOSES_P},
    {"h5", TF_BLOCK | TF_KEEP | TF_CLOSES_P},
    {"h6", TF_BLOCK | TF_KEEP | TF_CLOSES_P},
    {"head", TF_DROP},
    {"header", TF_BLOCK | TF_CLOSES_P},
    {"hr", TF_BLOCK | TF_KEEP | TF_VOID_OUT | TF_VOID | TF_CLOSES_P},
    {"html", TF_IGNORE},
    {"i", TF_KEEP},
    {"iframe", TF_DROP},
    {"img", TF_DROP | TF_VOID},
    {"input", TF_DROP | TF_VOID},
    {"isindex", TF_VOID},
    {"li", TF_KEEP | K_LI},
    {"link", TF_DROP | TF_VOID},
    {"listing", TF_CLOSES_P},
    {"main", TF_BLOCK | TF_CLOSES_P},
    {"math", TF_DROP},
    {"menu", TF_CLOSES_P},
    {"meta", TF_DROP | TF_VOID},
    {"nav", TF_BLOCK | TF_CLOSES_P},
    {"noscript", TF_DROP | TF_CLOSES_P},
    {"object", TF_DROP},
    {"ol", TF_BLOCK | TF_KEEP | TF_CLOSES_P | TS_LIST},
    {"p", TF_BLOCK | TF_KEEP | TF_CLOSES_P | K_P},
    {"param", TF_VOID},
    {"pre", TF_BLOCK | TF_KEEP | TF_CLOSES_P},
    {"q", TF_KEEP},
    {"s", TF_KEEP},
    {"script", TF_DROP | TF_RAW},
    {"section", TF_BLOCK | TF_CLOSES_P},
    {"select", TF_DROP},
    {"small", TF_KEEP},
    {"source", TF_VOID},
    {"span", TF_KEEP},
    {"strong", TF_KEEP},
    {"style", TF_DROP | TF_RAW},
    {"sub", TF_KEEP},
    {"sup", TF_KEEP},
    {"svg", TF_DROP},
    {"table", TF_BLOCK | TF_KEEP | TF_CLOSES_P | TS_TABLE | TS_LIST | TS_ROW | TS_DL | K_TABLE},
    {"tbody", TF_KEEP},
    {"td", TF_KEEP | TS_TABLE | K_TD},
    {"template", TF_DROP},
    {"textarea", TF_DROP | TF_RAW},
    {"tfoot", TF_KEEP},
    {"th", TF_KEEP | TS_TABLE | K_TH},
    {"thead", TF_KEEP},
    {"title", TF_DROP | TF_RAW},
    {"tr", TF_KEEP | K_TR},
    {"track", TF_VOID},
    {"u", TF_KEEP},
    {"ul", TF_BLOCK | TF_KEEP | TF_CLOSES_P | TS_LIST},
    {"wbr", TF_VOID},
    {"xmp", TF_CLOSES_P},
};

/* Attributes kept in the sanitised HTML, sorted. */
static const taginfo kept_attrs[] = {
    {"align", 0}, {"border", 0}, {"cellpadding", 0}, {"cellspacing", 0},
    {"colspan", 0}, {"href", 0}, {"name", 0}, {"rowspan", 0}, {"title", 0},
    {"valign", 0}, {"width", 0}};

/* tags[] index by first letter: the names starting with letter L are
 * tags[tag_from[L - 'a']] up to tags[tag_from[L - 'a' + 1]]. */
static const unsigned char tag_from[27] = {
    0, 7, 15, 21, 26, 28, 34, 34, 44, 49, 49, 49, 52, 56,
    58, 60, 63, 64, 64, 76, 87, 89, 89, 90, 91, 91, 91};

/* The entry of a lower-case name in tab[lo..hi), or NULL. */
static const taginfo *lookup(const taginfo *tab, size_t lo, size_t hi, const char *name)
{
    for (size_t i = lo; i < hi; i++)
        if (tab[i].name[0] == name[0] && strcmp(tab[i].name, name) == 0)
            return &tab[i];
    return NULL;
}

static const taginfo *tag_lookup(const char *name)
{
    unsigned char c = (unsigned char)name[0];
    if (c < 'a' || c > 'z')
        return NULL;
    return lookup(tags, tag_from[c - 'a'], tag_from[c - 'a' + 1], name);
}

static int attr_kept(const char *name)
{
    return lookup(kept_attrs, 0, sizeof kept_attrs / sizeof kept_attrs[0], name) != NULL;
}

static unsigned tag_flags(const taginfo *t)
{
    return t ? t->flags : 0;
}

/* Byte classes: whitespace of the text rules, and what HTML escapes. */
enum { C_WS = 1, C_ESC = 2, C_QUOT = 4 };
static const unsigned char byte_class[256] = {
    ['\t'] = C_WS, ['\n'] = C_WS, ['\r'] = C_WS, ['\f'] = C_WS, [' '] = C_WS,
    ['&'] = C_ESC, ['<'] = C_ESC, ['>'] = C_ESC, ['"'] = C_QUOT,
};

/* Some byte of w is c (the classic zero-byte test on w ^ c…c). */
static int has_byte(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (UINT64_C(0x0101010101010101) * c);
    return ((x - UINT64_C(0x0101010101010101)) & ~x & UINT64_C(0x8080808080808080)) != 0;
}

void anq__html_escape(anq_buf *b, const char *s, size_t len, int attr)
{
    unsigned mask = C_ESC | (attr ? C_QUOT : 0);
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        /* eight bytes at a time while none of them needs escaping */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (has_byte(w, '&') || has_byte(w, '<') || has_byte(w, '>') ||
                (attr && has_byte(w, '"')))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (!(byte_class[(unsigned char)s[i]] & mask))
            continue;
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        default: rep = "&quot;"; break;
        }
        anq__buf_add(b, s + start, i - start);
        anq__buf_adds(b, rep);
        start = i + 1;
    }
    anq__buf_add(b, s + start, len - start);
}

static void want_sep(render *rd, int sep)
{
    if (sep > rd->sep)
        rd->sep = sep;
}

static int is_ws_byte(unsigned char c)
{
    return byte_class[c] & C_WS;
}

static void put_text(render *rd, const char *s, size_t len)
{
    /* The text grows by at most len bytes plus one separator of 2: inside
     * this call separators come from whitespace runs (one space for at
     * least one byte); only the pending one from before may be "\n\n". */
    if (!anq__buf_reserve(&rd->text, len + 2))
        return;
    char *o = rd->text.data + rd->text.len;
    const char *p = s, *end = s + len;
    while (p < end) {
        if (is_ws_byte((unsigned char)*p)) {
            want_sep(rd, SEP_SPACE);
            p++;
            continue;
        }
        if (o != rd->text.data) {
            switch (rd->sep) {
            case SEP_SPACE: *o++ = ' '; break;
            case SEP_TAB: *o++ = '\t'; break;
            case SEP_LINE: *o++ = '\n'; break;
            case SEP_PARA: *o++ = '\n'; *o++ = '\n'; break;
            default: break;
            }
        }
        rd->sep = SEP_NONE;
        const char *run = p;
        while (p < end && !is_ws_byte((unsigned char)*p))
            p++;
        memcpy(o, run, (size_t)(p - run));
        o += p - run;
    }
    rd->text.len = (size_t)(o - rd->text.data);
    rd->text.data[rd->text.len] = '\0';
}

static int safe_href(const char *v, size_t len)
{
    size_t i = 0;
    while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r'))
        i++;
    char scheme[12];
    size_t k = 0;
    for (; i < len && v[i] != ':' && k < sizeof scheme - 1; i++, k++) {
        char c = v[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        scheme[k] = c;
    }
    scheme[k] = '\0';
    if (i >= len || v[i] != ':')
        return 1;
    return strcmp(scheme, "javascript") != 0 && strcmp(scheme, "vbscript") != 0 &&
           strcmp(scheme, "data") != 0;
}

/* One attribute as the renderer sees it (value already decoded). */
typedef struct rattr {
    const char *name;
    const char *value;
    size_t value_len;
} rattr;

static void html_open(render *rd, const char *name, unsigned fl, const rattr *attrs,
                      size_t nattrs)
{
    anq__buf_addc(&rd->html, '<');
    anq__buf_adds(&rd->html, name);
    for (size_t i = 0; i < nattrs; i++) {
        const char *an = attrs[i].name;
        if (!attr_kept(an))
            continue;
        if (strcmp(an, "href") == 0 && !safe_href(attrs[i].value, attrs[i].value_len))
            continue;
        anq__buf_addc(&rd->html, ' ');
        anq__buf_adds(&rd->html, an);
        anq__buf_add(&rd->html, "=\"", 2);
        anq__html_escape(&rd->html, attrs[i].value, attrs[i].value_len, 1);
        anq__buf_addc(&rd->html, '"');
    }
    anq__buf_adds(&rd->html, (fl & TF_VOID_OUT) ? "/>" : ">");
}

/* An element starts; returns 0 when its subtree is to be left out (then no
 * end event follows). t is the tag's entry (NULL for a tag not in the
 * table: kept as text only). */
static int ev_start(render *rd, const char *name, const taginfo *t, const rattr *attrs,
                    size_t nattrs)
{
    unsigned fl = tag_flags(t);
    if (fl & TF_DROP)
        return 0;
    if (fl & K_BR) {
        want_sep(rd, rd->sep >= SEP_LINE ? SEP_PARA : SEP_LINE);
    } else if (fl & K_TR) {
        want_sep(rd, SEP_LINE);
        rd->cells = 0;
    } else if (fl & (K_TD | K_TH)) {
        if (rd->cells++ > 0)
            want_sep(rd, SEP_TAB);
        rd->in_cell++;
    } else if (fl & K_LI) {
        want_sep(rd, SEP_LINE);
    } else if (fl & TF_BLOCK) {
        want_sep(rd, rd->in_cell ? SEP_SPACE : SEP_PARA);
    }
    if (rd->want_html && (fl & TF_KEEP))
        html_open(rd, name, fl, attrs, nattrs);
    return 1;
}

static void ev_end(render *rd, const char *name, const taginfo *t)
{
    unsigned fl = tag_flags(t);
    if (fl & (K_TD | K_TH)) {
        if (rd->in_cell > 0)
            rd->in_cell--;
    } else if (fl & (K_TR | K_LI)) {
        want_sep(rd, SEP_LINE);
    } else if (fl & TF_BLOCK) {
        want_sep(rd, rd->in_cell ? SEP_SPACE : SEP_PARA);
        if (fl & K_TABLE)
            rd->cells = 0;
    }
    if (rd->want_html && (fl & TF_KEEP) && !(fl & TF_VOID_OUT)) {
        anq__buf_add(&rd->html, "</", 2);
        anq__buf_adds(&rd->html, name);
        anq__buf_addc(&rd->html, '>');
    }
}

static void ev_text(render *rd, const char *s, size_t len)
{
    put_text(rd, s, len);
    if (rd->want_html)
        anq__html_escape(&rd->html, s, len, 0);
}

/* ---- the node path: a tree of lib/tree.h ---- */

#define MAX_NODE_ATTRS 16

static int node_start(render *rd, const anq_node *n)
{
    if (rd->skip && rd->skip(n, rd->ud))
        return 0;
    rattr attrs[MAX_NODE_ATTRS];
    size_t na = 0;
    for (anq_attr *a = anq__attr_first(n); a && na < MAX_NODE_ATTRS; a = anq__attr_next(a)) {
        const char *an = anq__attr_name(a);
        if (!attr_kept(an))
            continue;
        attrs[na].name = an;
        attrs[na].value = anq__attr_value(a);
        attrs[na].value_len = strlen(attrs[na].value);
        na++;
    }
    const char *name = anq__node_name(n);
    return ev_start(rd, name, tag_lookup(name), attrs, na);
}

static void node_end(render *rd, const anq_node *n)
{
    const char *name = anq__node_name(n);
    ev_end(rd, name, tag_lookup(name));
}

static void render_subtree(render *rd, const anq_node *top)
{
    const anq_node *n = top;
    for (;;) {
        int descend = 0;
        int t = anq__node_type(n);
        if (t == ANQ_NODE_ELEMENT) {
            if (node_start(rd, n)) {
                if (anq__node_first(n))
                    descend = 1;
                else
                    node_end(rd, n);
            }
        } else if (t == ANQ_NODE_TEXT || t == ANQ_NODE_CDATA) {
            ev_text(rd, n->content, n->content_len);
        }
        if (descend) {
            n = anq__node_first(n);
            continue;
        }
        /* move on: next sibling, or up, ending each finished element */
        while (n != top && !anq__node_next_any(n)) {
            n = anq__node_parent(n);
            if (!n)
                return;
            node_end(rd, n);
        }
        if (n == top)
            return;
        n = anq__node_next_any(n);
    }
}

static void finish(anq_rec *r, render *rd, const char **text, const char **html)
{
    if (rd->text.oom || rd->html.oom) {
        r->oom = 1;
    } else if (rd->text.len > 0) {
        *text = anq__rec_strndup(r, rd->text.data, rd->text.len);
        if (html) {
            size_t hl = rd->html.len;
            const char *h = anq__trim(rd->html.data ? rd->html.data : "", &hl);
            *html = anq__rec_strndup(r, h, hl);
        }
    }
    anq__buf_free(&rd->text);
    anq__buf_free(&rd->html);
}

void anq__text_render_nodes(anq_rec *r, const anq_node *first, const anq_node *stop,
                            anq_skip_fn skip, void *ud, const char **text,
                            const char **html)
{
    render rd;
    memset(&rd, 0, sizeof rd);
    rd.want_html = html != NULL;
    rd.skip = skip;
    rd.ud = ud;
    *text = NULL;
    if (html)
        *html = NULL;
    for (const anq_node *s = first; s && s != stop; s = anq__node_next_any(s))
        render_subtree(&rd, s);
    finish(r, &rd, text, html);
}

/* ---- the fragment path: our own tokenizer, no tree ----
 *
 * Question and answer fragments are read straight from the bytes: tags are
 * tokenized, entities decoded, and a small stack of open elements keeps the
 * events balanced (and the sanitised HTML well-formed) with the HTML rules
 * that matter for text: a block start closes an open <p>, <li>, <tr>,
 * <td>/<th>, <dt>/<dd> close their open siblings, end tags close everything
 * opened after their start tag, stray end tags are ignored ("</br>" is a
 * line break, as in browsers), script and style are raw text. */

#define MAX_DEPTH 256
#define MAX_TAG_ATTRS 32
#define NAME_MAX_LEN 32

typedef struct open_el {
    char name[NAME_MAX_LEN];
    const taginfo *t; /* its entry, NULL for a tag not in the table */
    int live;        /* ev_start was accepted: an ev_end is owed */
} open_el;

typedef struct frag {
    render *rd;
    open_el *stack;  /* grows as elements nest, up to MAX_DEPTH */
    int cap;
    int depth;
    int dropped;     /* > 0: inside a left-out subtree, at this stack depth */
    anq_buf tmp;     /* decoded text / attribute values */
    anq_buf names;   /* attribute names of the current tag */
} frag;

/* Room for one more open element; 0 at MAX_DEPTH or out of memory. */
static int frag_grow(frag *f)
{
    if (f->depth < f->cap)
        return 1;
    if (f->cap >= MAX_DEPTH)
        return 0;
    int ncap = f->cap ? f->cap * 2 : 16;
    if (ncap > MAX_DEPTH)
        ncap = MAX_DEPTH;
    open_el *n = anq__realloc(f->stack, (size_t)ncap * sizeof *n);
    if (!n)
        return 0;
    f->stack = n;
    f->cap = ncap;
    return 1;
}

static void frag_pop(frag *f)
{
    open_el *e = &f->stack[--f->depth];
    if (f->dropped && f->depth < f->dropped)
        f->dropped = 0;
    else if (e->live && !f->dropped)
        ev_end(f->rd, e->name, e->t);
}

/* Close open elements down to and including index i. */
static void frag_close_to(frag *f, int i)
{
    while (f->depth > i)
        frag_pop(f);
}

/* Index of the innermost open element with one of the `kinds` flags, or -1
 * when an element with one of the `scope` flags comes first. */
static int frag_find_kind(const frag *f, unsigned kinds, unsigned scope)
{
    for (int i = f->depth - 1; i >= 0; i--) {
        unsigned fl = tag_flags(f->stack[i].t);
        if (fl & kinds)
            return i;
        if (fl & scope)
            return -1;
    }
    return -1;
}

/* Index of the innermost open element of this tag (t, or the name when the
 * tag is not in the table), or -1. */
static int frag_find(const frag *f, const char *name, const taginfo *t)
{
    for (int i = f->depth - 1; i >= 0; i--) {
        if (t ? f->stack[i].t == t : (!f->stack[i].t && strcmp(f->stack[i].name, name) == 0))
            return i;
    }
    return -1;
}

static void put_utf8(anq_buf *b, unsigned long cp)
{
    char u[4];
    anq__buf_add(b, u, anq__utf8_put(u, cp));
}

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Append s[0..len) to b with character and entity references decoded.
 * References without ';' stay literal for names (as libxml2 does); numeric
 * ones are decoded; invalid code points are dropped. */
static void decode_refs(anq_buf *b, const char *s, size_t len)
{
    size_t i = 0, start = 0;
    while (i < len) {
        const char *amp = memchr(s + i, '&', len - i);
        if (!amp)
            break;
        i = (size_t)(amp - s);
        size_t j = i + 1;
        if (j < len && s[j] == '#') {
            unsigned long v = 0;
            int hex = j + 1 < len && (s[j + 1] == 'x' || s[j + 1] == 'X');
            size_t k = j + 1 + (size_t)hex, d0 = k;
            while (k < len && (hex ? (is_alnum(s[k]) && ((s[k] >= '0' && s[k] <= '9') ||
                                     ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f')))
                                   : (s[k] >= '0' && s[k] <= '9'))) {
                unsigned dv = (unsigned)(s[k] <= '9' ? s[k] - '0' : (s[k] | 0x20) - 'a' + 10);
                if (v < 0x110000)
                    v = v * (hex ? 16u : 10u) + dv;
                k++;
            }
            if (k == d0) {
                i++;
                continue;
            }
            anq__buf_add(b, s + start, i - start);
            if (k < len && s[k] == ';')
                k++;
            if (v != 0 && v < 0x110000 && !(v >= 0xD800 && v <= 0xDFFF) &&
                !(v < 0x20 && v != 9 && v != 10 && v != 13) && v != 0xFFFE && v != 0xFFFF)
                put_utf8(b, v);
            i = start = k;
            continue;
        }
        size_t k = j;
        while (k < len && is_alnum(s[k]) && k - j < 32)
            k++;
        if (k > j && k < len && s[k] == ';') {
            unsigned long cp = anq__html_entity(s + j, k - j);
            if (cp) {
                anq__buf_add(b, s + start, i - start);
                put_utf8(b, cp);
                i = start = k + 1;
                continue;
            }
        }
        i++;
    }
    anq__buf_add(b, s + start, len - start);
}

static void frag_text(frag *f, const char *s, size_t len)
{
    if (f->dropped || len == 0)
        return;
    if (!memchr(s, '&', len)) {
        ev_text(f->rd, s, len);
        return;
    }
    anq__buf_clear(&f->tmp);
    decode_refs(&f->tmp, s, len);
    ev_text(f->rd, anq__buf_cstr(&f->tmp), f->tmp.len);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static open_el *frag_push(frag *f, const char *name, const taginfo *t, int *rc)
{
    if (!frag_grow(f)) {
        *rc = f->depth >= MAX_DEPTH ? ANQ_ERR_TOO_DEEP : ANQ_ERR_NOMEM;
        return NULL;
    }
    open_el *e = &f->stack[f->depth++];
    size_t nl = strlen(name);
    if (nl >= sizeof e->name)
        nl = sizeof e->name - 1;
    memcpy(e->name, name, nl);
    e->name[nl] = '\0';
    e->t = t;
    return e;
}

/* Start tag `name` (entry t); attributes in attrs. Returns ANQ_OK or
 * ANQ_ERR_TOO_DEEP / ANQ_ERR_NOMEM. */
static int frag_start(frag *f, const char *name, const taginfo *t, const rattr *attrs,
                      size_t na, int self_closing)
{
    unsigned fl = tag_flags(t);
    if (fl & TF_IGNORE)
        return ANQ_OK;
    if (!f->dropped) {
        int i = -1;
        if ((fl & TF_CLOSES_P) && (i = frag_find_kind(f, K_P, TS_TABLE)) >= 0)
            frag_close_to(f, i);
        if ((fl & K_LI) && (i = frag_find_kind(f, K_LI, TS_LIST)) >= 0)
            frag_close_to(f, i);
        if ((fl & (K_DT | K_DD)) && (i = frag_find_kind(f, K_DT | K_DD, TS_DL)) >= 0)
            frag_close_to(f, i);
        if ((fl & K_TR) && (i = frag_find_kind(f, K_TR, TS_ROW)) >= 0)
            frag_close_to(f, i);
        if ((fl & (K_TD | K_TH)) && (i = frag_find_kind(f, K_TD | K_TH, TS_ROW)) >= 0)
            frag_close_to(f, i);
    }
    int is_void = (fl & TF_VOID) != 0;
    int rc = ANQ_OK;
    if (f->dropped) {
        if (is_void || self_closing)
            return ANQ_OK;
    } else {
        int live = ev_start(f->rd, name, t, attrs, na);
        if (is_void || (self_closing && live)) {
            if (live)
                ev_end(f->rd, name, t);
            return ANQ_OK;
        }
        if (!live) {
            if (self_closing)
                return ANQ_OK;
            open_el *e = frag_push(f, name, t, &rc);
            if (!e)
                return rc;
            e->live = 0;
            f->dropped = f->depth;
            return ANQ_OK;
        }
    }
    open_el *e = frag_push(f, name, t, &rc);
    if (!e)
        return rc;
    e->live = !f->dropped;
    return ANQ_OK;
}

static void frag_end(frag *f, const char *name, const taginfo *t)
{
    if (tag_flags(t) & K_BR) {
        /* "</br>" is a line break, as in browsers */
        if (!f->dropped && ev_start(f->rd, "br", t, NULL, 0))
            ev_end(f->rd, "br", t);
        return;
    }
    int i = frag_find(f, name, t);
    if (i < 0)
        return; /* stray end tag */
    frag_close_to(f, i);
}

/* Read a tag name at s[i..len) into out (lower-cased, cut); returns the end. */
static size_t read_name(const char *s, size_t i, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    while (i < len && !is_space(s[i]) && s[i] != '>' && s[i] != '/' &&
           !(s[i] == '=' && o > 0)) {
        char c = s[i++];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (o + 1 < cap)
            out[o++] = c;
    }
    out[o] = '\0';
    return i;
}

/* Parse the tag starting at s[i] == '<'. Returns the index after it, or 0
 * when it is not a tag (the '<' is then text). */
static size_t frag_tag(frag *f, const char *s, size_t i, size_t len, int *rc)
{
    size_t j = i + 1;
    if (j >= len)
        return 0;
    if (s[j] == '!') {
        if (j + 2 < len && s[j + 1] == '-' && s[j + 2] == '-') {
            const char *e = anq__find_bytes(s + j + 3, len - j - 3, "-->");
            return e ? (size_t)(e - s) + 3 : len;
        }
        const char *e = memchr(s + j, '>', len - j);
        return e ? (size_t)(e - s) + 1 : len;
    }
    if (s[j] == '?') {
        const char *e = memchr(s + j, '>', len - j);
        return e ? (size_t)(e - s) + 1 : len;
    }
    int end = 0;
    if (s[j] == '/') {
        end = 1;
        j++;
    }
    if (j >= len || !((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
        return end ? (j < len && s[j] == '>' ? j + 1 : 0) : 0;
    char name[NAME_MAX_LEN];
    j = read_name(s, j, len, name, sizeof name);
    rattr attrs[MAX_TAG_ATTRS];
    size_t na = 0;
    int self_closing = 0;
    anq__buf_clear(&f->tmp);
    anq__buf_clear(&f->names);
    /* value offsets into tmp, name offsets into names (buffers may move) */
    size_t voff[MAX_TAG_ATTRS], vlen[MAX_TAG_ATTRS], noff[MAX_TAG_ATTRS];
    while (j < len && s[j] != '>') {
        if (is_space(s[j]) || (s[j] == '/' && !(j + 1 < len && s[j + 1] == '>'))) {
            j++;
            continue;
        }
        if (s[j] == '/') {
            self_closing = 1;
            j++;
            continue;
        }
        char an[NAME_MAX_LEN];
        size_t a0 = j;
        j = read_name(s, j, len, an, sizeof an);
        if (j == a0)
            j++; /* a lone '=' */
        while (j < len && is_space(s[j]))
            j++;
        const char *v = "";
        size_t vl = 0;
        if (j < len && s[j] == '=') {
            j++;
            while (j < len && is_space(s[j]))
                j++;
            if (j < len && (s[j] == '"' || s[j] == '\'')) {
                char q = s[j++];
                const char *e = memchr(s + j, q, len - j);
                size_t ve = e ? (size_t)(e - s) : len;
                v = s + j;
                vl = ve - j;
                j = e ? ve + 1 : len;
            } else {
                size_t v0 = j;
                while (j < len && !is_space(s[j]) && s[j] != '>')
                    j++;
                v = s + v0;
                vl = j - v0;
                /* the Assemblée's tables print rowspan=2" : a value that
                 * lost its opening quote keeps no closing one either */
                if (vl > 1 && (v[vl - 1] == '"' || v[vl - 1] == '\''))
                    vl--;
            }
        }
        if (end || !an[0] || na >= MAX_TAG_ATTRS || !attr_kept(an))
            continue;
        int dup = 0;
        for (size_t k = 0; k < na; k++)
            if (strcmp(anq__buf_cstr(&f->names) + noff[k], an) == 0)
                dup = 1; /* the first of a repeated attribute counts */
        if (dup)
            continue;
        noff[na] = f->names.len;
        anq__buf_add(&f->names, an, strlen(an) + 1);
        voff[na] = f->tmp.len;
        decode_refs(&f->tmp, v, vl);
        vlen[na] = f->tmp.len - voff[na];
        na++;
    }
    size_t after = j < len ? j + 1 : len;
    if (f->tmp.oom || f->names.oom)
        return after;
    for (size_t k = 0; k < na; k++) {
        attrs[k].name = f->names.data + noff[k];
        attrs[k].value = f->tmp.data ? f->tmp.data + voff[k] : "";
        attrs[k].value_len = vlen[k];
    }
    const taginfo *t = tag_lookup(name);
    if (end) {
        frag_end(f, name, t);
        return after;
    }
    *rc = frag_start(f, name, t, attrs, na, self_closing);
    if (*rc == ANQ_OK && (tag_flags(t) & TF_RAW)) {
        /* raw text up to the matching end tag */
        char close[NAME_MAX_LEN + 4];
        snprintf(close, sizeof close, "</%s", name);
        const char *e = anq__find_nocase(s + after, len - after, close);
        size_t stop = e ? (size_t)(e - s) : len;
        if (!f->dropped)
            frag_text(f, s + after, stop - after);
        return stop;
    }
    return after;
}

static int render_bytes(render *rd, const char *s, size_t len)
{
    frag *f = anq__calloc(1, sizeof *f);
    if (!f)
        return ANQ_ERR_NOMEM;
    f->rd = rd;
    int rc = ANQ_OK;
    size_t i = 0, text0 = 0;
    while (i < len && rc == ANQ_OK) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            break;
        size_t at = (size_t)(lt - s);
        frag_text(f, s + text0, at - text0);
        text0 = at;
        size_t next = frag_tag(f, s, at, len, &rc);
        if (next == 0) {
            i = at + 1; /* a lone '<' is text, read with what follows */
            continue;
        }
        i = text0 = next;
    }
    if (rc == ANQ_OK) {
        frag_text(f, s + text0, len - text0);
        frag_close_to(f, 0);
    }
    if (f->tmp.oom || f->names.oom)
        rc = ANQ_ERR_NOMEM;
    anq__buf_free(&f->tmp);
    anq__buf_free(&f->names);
    anq__free(f->stack);
    anq__free(f);
    return rc;
}

int anq__text_render_fragment(anq_rec *r, const char *s, size_t len,
                              anq_skip_fn skip, void *ud, const char **text,
                              const char **html)
{
    *text = NULL;
    if (html)
        *html = NULL;
    if (skip) {
        /* a node callback needs the tree */
        anq_doc *d = NULL;
        int rc = anq__doc_parse_fragment(s, len, &d);
        if (rc == ANQ_ERR_EMPTY)
            return ANQ_OK;
        if (rc != ANQ_OK)
            return rc;
        anq_node *body = anq__doc_body(d);
        if (body)
            anq__text_render_nodes(r, anq__node_first(body), NULL, skip, ud, text, html);
        anq__doc_free(d);
        return ANQ_OK;
    }
    render rd;
    memset(&rd, 0, sizeof rd);
    rd.want_html = html != NULL;
    int rc = render_bytes(&rd, s, len);
    if (rc != ANQ_OK) {
        anq__buf_free(&rd.text);
        anq__buf_free(&rd.html);
        return rc;
    }
    finish(r, &rd, text, html);
    return ANQ_OK;
}
