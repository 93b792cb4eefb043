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

/* Every tag the renderer and the tokenizer know, by first letter (the
 * frequent ones first in each letter), with what they do with it. One
 * lookup per tag instead of a scan of name lists. */
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

/* KEY_LEN bytes, NUL-padded: a name as a lookup key, compared as two
 * 64-bit words. Every tag and kept attribute name is shorter. */
#define KEY_LEN 16

typedef struct taginfo {
    char name[KEY_LEN];
    unsigned char len;
    unsigned flags;
} taginfo;

#define T(n, f) {n, (unsigned char)(sizeof n - 1), f}

static const taginfo tags[] = {
    T("a", TF_KEEP),
    T("abbr", TF_KEEP),
    T("address", TF_BLOCK | TF_CLOSES_P),
    T("applet", TF_DROP),
    T("area", TF_VOID),
    T("article", TF_BLOCK | TF_CLOSES_P),
    T("aside", TF_BLOCK | TF_CLOSES_P),
    T("br", TF_KEEP | TF_VOID_OUT | TF_VOID | K_BR),
    T("b", TF_KEEP),
    T("body", TF_IGNORE),
    T("blockquote", TF_BLOCK | TF_KEEP | TF_CLOSES_P),
    T("big", TF_KEEP),
    T("base", TF_VOID),
    T("basefont", TF_VOID),
    T("button", TF_DROP),
    T("caption", TF_BLOCK | TF_KEEP | TS_TABLE),
    T("center", TF_BLOCK | TF_KEEP | TF_CLOSES_P),
    T("cite", TF_KEEP),
    T("code", TF_KEEP),
    T("col", TF_KEEP | TF_VOID_OUT | TF_VOID),
    T("colgroup", TF_KEEP),
    T("div", TF_BLOCK | TF_KEEP | TF_CLOSES_P),
    T("dd", TF_BLOCK | TF_KEEP | K_DD),
    T("dl", TF_BLOCK | TF_KEEP | TF_CLOSES_P | TS_DL),
    T("dt", TF_BLOCK | TF_KEEP | K_DT),
    T("dir", TF_CLOSES_P),
    T("em", TF_KEEP),
    T("embed", TF_DROP | TF_VOID),
    T("fieldset", TF_BLOCK | TF_CLOSES_P),
    T("figure", TF_BLOCK | TF_CLOSES_P),
    T("footer", TF_BLOCK | TF_CLOSES_P),
    T("form", TF_DROP | TF_CLOSES_P),
    T("frame", TF_DROP | TF_VOID),
    T("frameset", TF_DROP),
    T("hr", TF_BLOCK | TF_KEEP | TF_VOID_OUT | TF_VOID | TF_CLOSES_P),
    T("h1", TF_BLOCK | TF_KEEP | TF_CLOSES_P),
    T("h2", TF_BLOCK | TF_KEEP | TF_CLOSES_P),
    T("h3", TF_BLOCK | TF_KEEP | TF_CLOSES_P),
    T("h4", TF_BLOCK | TF_KEEP | TF_CLOSES_P),
    T("h5", TF_BLOCK | TF_KEEP | TF_CLOSES_P),
    T("h6", TF_BLOCK | TF_KEEP | TF_CLOSES_P),
    T("html", TF_IGNORE),
    T("head", TF_DROP),
    T("header", TF_BLOCK | TF_CLOSES_P),
    T("i", TF_KEEP),
    T("img", TF_DROP | TF_VOID),
    T("iframe", TF_DROP),
    T("input", TF_DROP | TF_VOID),
    T("isindex", TF_VOID),
    T("li", TF_KEEP | K_LI),
    T("link", TF_DROP | TF_VOID),
    T("listing", TF_CLOSES_P),
    T("main", TF_BLOCK | TF_CLOSES_P),
    T("math", TF_DROP),
    T("menu", TF_CLOSES_P),
    T("meta", TF_DROP | TF_VOID),
    T("nav", TF_BLOCK | TF_CLOSES_P),
    T("noscript", TF_DROP | TF_CLOSES_P),
    T("object", TF_DROP),
    T("ol", TF_BLOCK | TF_KEEP | TF_CLOSES_P | TS_LIST),
    T("p", TF_BLOCK | TF_KEEP | TF_CLOSES_P | K_P),
    T("pre", TF_BLOCK | TF_KEEP | TF_CLOSES_P),
    T("param", TF_VOID),
    T("q", TF_KEEP),
    T("span", TF_KEEP),
    T("strong", TF_KEEP),
    T("sup", TF_KEEP),
    T("sub", TF_KEEP),
    T("s", TF_KEEP),
    T("small", TF_KEEP),
    T("script", TF_DROP | TF_RAW),
    T("style", TF_DROP | TF_RAW),
    T("section", TF_BLOCK | TF_CLOSES_P),
    T("select", TF_DROP),
    T("source", TF_VOID),
    T("svg", TF_DROP),
    T("td", TF_KEEP | TS_TABLE | K_TD),
    T("tr", TF_KEEP | K_TR),
    T("th", TF_KEEP | TS_TABLE | K_TH),
    T("table", TF_BLOCK | TF_KEEP | TF_CLOSES_P | TS_TABLE | TS_LIST | TS_ROW | TS_DL | K_TABLE),
    T("tbody", TF_KEEP),
    T("thead", TF_KEEP),
    T("tfoot", TF_KEEP),
    T("title", TF_DROP | TF_RAW),
    T("template", TF_DROP),
    T("textarea", TF_DROP | TF_RAW),
    T("track", TF_VOID),
    T("ul", TF_BLOCK | TF_KEEP | TF_CLOSES_P | TS_LIST),
    T("u", TF_KEEP),
    T("wbr", TF_VOID),
    T("xmp", TF_CLOSES_P),
};

/* Attributes kept in the sanitised HTML, sorted. */
enum { A_HREF = 5 };
static const taginfo kept_attrs[] = {
    T("align", 0), T("border", 0), T("cellpadding", 0), T("cellspacing", 0),
    T("colspan", 0), T("href", 0), T("name", 0), T("rowspan", 0), T("title", 0),
    T("valign", 0), T("width", 0)};

#undef T

/* tags[] index by first letter: the names starting with letter L are
 * tags[tag_from[L - 'a']] up to tags[tag_from[L - 'a' + 1]]. */
static const unsigned char tag_from[27] = {
    0, 7, 15, 21, 26, 28, 34, 34, 44, 49, 49, 49, 52, 56,
    58, 60, 63, 64, 64, 76, 87, 89, 89, 90, 91, 91, 91};

/* The same for kept_attrs[]. */
static const unsigned char attr_from[27] = {
    0, 1, 2, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6,
    7, 7, 7, 7, 8, 8, 9, 9, 10, 11, 11, 11, 11};

static inline int key_eq(const char *a, const char *b)
{
    uint64_t a0, a1, b0, b1;
    memcpy(&a0, a, 8);
    memcpy(&b0, b, 8);
    memcpy(&a1, a + 8, 8);
    memcpy(&b1, b + 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

/* The entry of the name in key (KEY_LEN bytes, NUL-padded) in tab, whose
 * names starting with letter L are tab[from[L - 'a']..from[L - 'a' + 1]),
 * or NULL. */
static inline const taginfo *key_find(const taginfo *tab, const unsigned char *from, const char *key)
{
    unsigned c = (unsigned)(unsigned char)key[0] - 'a';
    if (c >= 26)
        return NULL;
    for (unsigned i = from[c]; i < from[c + 1]; i++)
        if (key_eq(tab[i].name, key))
            return &tab[i];
    return NULL;
}

/* A node's name (tag or attribute, compared as written) as a key; 0 when
 * it is too long to be in the tables. */
static int cstr_key(const char *s, char *key)
{
    memset(key, 0, KEY_LEN);
    for (size_t k = 0; k < KEY_LEN; k++) {
        if (!s[k])
            return 1;
        key[k] = s[k];
    }
    return 0;
}

static const taginfo *node_tag(const anq_node *n)
{
    char key[KEY_LEN];
    if (!n->name || !cstr_key(n->name, key))
        return NULL;
    return key_find(tags, tag_from, key);
}

/* Byte classes: whitespace of the text rules, what HTML escapes, and what
 * ends a name in a tag. */
enum { C_WS = 1, C_ESC = 2, C_QUOT = 4, C_NAME_END = 8 };
static const unsigned char byte_class[256] = {
    ['\t'] = C_WS | C_NAME_END, ['\n'] = C_WS | C_NAME_END, ['\r'] = C_WS | C_NAME_END,
    ['\f'] = C_WS | C_NAME_END, [' '] = C_WS | C_NAME_END,
    ['&'] = C_ESC, ['<'] = C_ESC, ['>'] = C_ESC | C_NAME_END, ['"'] = C_QUOT,
    ['/'] = C_NAME_END, ['='] = C_NAME_END,
};

#if defined(__SSE2__) && defined(__GNUC__)
#define TEXT_SSE2 1
#include <emmintrin.h>

static __m128i load16(const unsigned char *p)
{
    __m128i v;
    memcpy(&v, p, sizeof v);
    return v;
}

static unsigned mask_eq(__m128i v, char c)
{
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
}
#endif

/* Room for n more bytes and a NUL in b: where they go, or NULL when out of
 * memory. */
static char *buf_room(anq_buf *b, size_t n)
{
    if (!b->oom && b->cap - b->len > n)
        return b->data + b->len;
    if (!anq__buf_reserve(b, n))
        return NULL;
    return b->data + b->len;
}

void anq__html_escape(anq_buf *b, const char *s, size_t len, int attr)
{
    if (len == 0)
        return;
    /* invariant: room from o to lim for what is left of the input, as it
     * is; each escaped byte reserves again for its replacement */
    char *o = buf_room(b, len);
    if (!o)
        return;
    char *lim = b->data + b->cap - 1;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    unsigned mask = C_ESC | (attr ? C_QUOT : 0);
    for (;;) {
#ifdef TEXT_SSE2
        /* sixteen bytes at a time, stored as they are; up to the first
         * one that needs escaping */
        /* v | 2 is '>' for '<' and '>' only; v | 4 is '&' for '&' and '"'
         * only (so '&' alone when '"' needs no escaping) */
        const __m128i or_amp = _mm_set1_epi8(attr ? 4 : 0);
        while (end - p >= 16) {
            __m128i v = load16(p);
            __m128i hit = _mm_or_si128(
                _mm_cmpeq_epi8(_mm_or_si128(v, or_amp), _mm_set1_epi8('&')),
                _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(2)), _mm_set1_epi8('>')));
            unsigned m = (unsigned)_mm_movemask_epi8(hit);
            memcpy(o, &v, sizeof v);
            if (!m) {
                p += 16;
                o += 16;
                continue;
            }
            unsigned k = (unsigned)__builtin_ctz(m);
            p += k;
            o += k;
            break;
        }
#endif
        while (p < end && !(byte_class[*p] & mask))
            *o++ = (char)*p++;
        if (p >= end)
            break;
        /* the replacement (up to 6 bytes) and the rest of the input */
        size_t need = (size_t)(end - p) + 5;
        if ((size_t)(lim - o) < need) {
            b->len = (size_t)(o - b->data);
            if (!anq__buf_reserve(b, need))
                return;
            o = b->data + b->len;
            lim = b->data + b->cap - 1;
        }
        switch (*p++) {
        case '&': memcpy(o, "&amp;", 5); o += 5; break;
        case '<': memcpy(o, "&lt;", 4); o += 4; break;
        case '>': memcpy(o, "&gt;", 4); o += 4; break;
        default: memcpy(o, "&quot;", 6); o += 6; break;
        }
    }
    b->len = (size_t)(o - b->data);
    *o = '\0';
}

static void want_sep(render *rd, int sep)
{
    if (sep > rd->sep)
        rd->sep = sep;
}

#ifdef TEXT_SSE2
/* The bytes of v that HTML escapes outside attributes ('&', '<', '>'):
 * v | 2 is '>' for '<' and '>' only. */
static __m128i esc_hits(__m128i v)
{
    return _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
                        _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(2)), _mm_set1_epi8('>')));
}
#endif

/* Append s[0..len) to the text with whitespace folded. Returns 0 when s
 * holds no byte that HTML escapes (non-zero may be said of any s). */
static int put_text(render *rd, const char *s, size_t len)
{
    /* The text grows by at most len bytes plus one separator of 2: inside
     * this call separators come from whitespace runs (one space for at
     * least one byte); only the pending one from before may be "\n\n".
     * So the output stays at most 2 bytes ahead of the input, and a store
     * of 16 bytes while 16 input bytes are left stays inside the room. */
    anq_buf *b = &rd->text;
    char *o = buf_room(b, len + 2);
    if (!o)
        return 1;
    char *base = b->data;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    int sep = rd->sep;
    unsigned cls = 0; /* the classes of the bytes copied one by one */
#ifdef TEXT_SSE2
    __m128i esc = _mm_setzero_si128(); /* and of those copied 16 at a time */
#endif
    while (p < end) {
        if (byte_class[*p] & C_WS) {
            if (sep < SEP_SPACE)
                sep = SEP_SPACE;
            p++;
            while (p < end && (byte_class[*p] & C_WS))
                p++;
            continue;
        }
        if (o != base) {
            switch (sep) {
            case SEP_SPACE: *o++ = ' '; break;
            case SEP_TAB: *o++ = '\t'; break;
            case SEP_LINE: *o++ = '\n'; break;
            case SEP_PARA: *o++ = '\n'; *o++ = '\n'; break;
            default: break;
            }
        }
        sep = SEP_NONE;
        cls |= byte_class[*p];
        *o++ = (char)*p++;
        /* Inside a word: the bytes up to the next whitespace that is not a
         * lone space between two words are written as they are. */
#ifdef TEXT_SSE2
        while (end - p >= 16) {
            __m128i v = load16(p);
            unsigned sp = mask_eq(v, ' ');
            /* bytes up to ' ': whitespace and control bytes */
            unsigned lo = (unsigned)_mm_movemask_epi8(
                _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(' ')), v));
            /* where the bytes stop being copied as they are: whitespace
             * other than a space, a space before whitespace, a space in
             * the last byte (what follows it is not known); control bytes
             * too, although they are copied (the loop below does it) */
            unsigned bad = (lo & ~sp) | (sp & (lo >> 1)) | (sp & 0x8000u);
            memcpy(o, &v, sizeof v);
            esc = _mm_or_si128(esc, esc_hits(v));
            if (!bad) {
                p += 16;
                o += 16;
                continue;
            }
            unsigned k = (unsigned)__builtin_ctz(bad);
            p += k;
            o += k;
            break;
        }
#endif
        while (p < end && !(byte_class[*p] & C_WS)) {
            cls |= byte_class[*p];
            *o++ = (char)*p++;
        }
    }
    rd->sep = sep;
    b->len = (size_t)(o - base);
    *o = '\0';
#ifdef TEXT_SSE2
    if (_mm_movemask_epi8(esc))
        return 1;
#endif
    return (cls & C_ESC) != 0;
}

/* False when a browser would run the link: its scheme is javascript:,
 * vbscript: or data:. A browser's URL parser drops the leading C0 controls
 * and spaces and every tab, line feed and carriage return anywhere
 * ("java\tscript:" is javascript:), so the scheme is read the same way. */
static int safe_href(const char *v, size_t len)
{
    size_t i = 0;
    while (i < len && (unsigned char)v[i] <= 0x20)
        i++;
    char scheme[12];
    size_t k = 0;
    for (; i < len && v[i] != ':'; i++) {
        char c = v[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (k == sizeof scheme - 1)
            return 1; /* longer than the refused schemes */
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        scheme[k++] = c;
    }
    scheme[k] = '\0';
    if (i >= len)
        return 1;
    return strcmp(scheme, "javascript") != 0 && strcmp(scheme, "vbscript") != 0 &&
           strcmp(scheme, "data") != 0;
}

/* A kept attribute as the renderer sees it (value already decoded). */
typedef struct rattr {
    const taginfo *a;  /* its kept_attrs[] entry */
    const char *value;
    size_t value_len;
} rattr;

/* Attribute values up to this long are escaped in line, in a room taken
 * for their longest escaped form. */
#define SHORT_VALUE 256

static void html_open(render *rd, const taginfo *t, const rattr *attrs, size_t nattrs)
{
    anq_buf *b = &rd->html;
    /* each room below also holds the "/>" and NUL that end the tag */
    char *o = buf_room(b, 1 + KEY_LEN + 2);
    if (!o)
        return;
    o[0] = '<';
    memcpy(o + 1, t->name, KEY_LEN);
    o += 1 + t->len;
    for (size_t i = 0; i < nattrs; i++) {
        const taginfo *a = attrs[i].a;
        const unsigned char *v = (const unsigned char *)attrs[i].value;
        size_t vl = attrs[i].value_len;
        if (a == &kept_attrs[A_HREF] && !safe_href(attrs[i].value, vl))
            continue;
        b->len = (size_t)(o - b->data);
        if (vl <= SHORT_VALUE) {
            o = buf_room(b, 1 + KEY_LEN + 2 + 6 * vl + 1 + 2);
            if (!o)
                return;
        } else {
            o = buf_room(b, 1 + KEY_LEN + 2);
            if (!o)
                return;
        }
        o[0] = ' ';
        memcpy(o + 1, a->name, KEY_LEN);
        o += 1 + a->len;
        *o++ = '=';
        *o++ = '"';
        if (vl <= SHORT_VALUE) {
            for (size_t k = 0; k < vl; k++) {
                unsigned char c = v[k];
                if (!(byte_class[c] & (C_ESC | C_QUOT))) {
                    *o++ = (char)c;
                    continue;
                }
                switch (c) {
                case '&': memcpy(o, "&amp;", 5); o += 5; break;
                case '<': memcpy(o, "&lt;", 4); o += 4; break;
                case '>': memcpy(o, "&gt;", 4); o += 4; break;
                default: memcpy(o, "&quot;", 6); o += 6; break;
                }
            }
        } else {
            b->len = (size_t)(o - b->data);
            anq__html_escape(b, attrs[i].value, vl, 1);
            o = buf_room(b, 1 + 2);
            if (!o)
                return;
        }
        *o++ = '"';
    }
    if (t->flags & TF_VOID_OUT)
        *o++ = '/';
    *o++ = '>';
    *o = '\0';
    b->len = (size_t)(o - b->data);
}

static void html_close(render *rd, const taginfo *t)
{
    anq_buf *b = &rd->html;
    char *o = buf_room(b, 2 + KEY_LEN);
    if (!o)
        return;
    o[0] = '<';
    o[1] = '/';
    memcpy(o + 2, t->name, KEY_LEN);
    o[2 + t->len] = '>';
    o[3 + t->len] = '\0';
    b->len += 3 + (size_t)t->len;
}

/* An element starts (flags fl of its entry, 0 for a tag not in the table:
 * kept as text only); returns 0 when its subtree is to be left out (then
 * no end event follows). The start tag itself is written by the caller
 * (html_open) when the element is kept in the HTML. */
static int ev_start(render *rd, unsigned fl)
{
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
    return 1;
}

static void ev_end(render *rd, const taginfo *t)
{
    unsigned fl = t ? t->flags : 0;
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
    if (rd->want_html && (fl & TF_KEEP) && !(fl & TF_VOID_OUT))
        html_close(rd, t);
}

static void ev_text(render *rd, const char *s, size_t len)
{
    int esc = put_text(rd, s, len);
    if (!rd->want_html || len == 0)
        return;
    if (esc) {
        anq__html_escape(&rd->html, s, len, 0);
        return;
    }
    char *o = buf_room(&rd->html, len);
    if (!o)
        return;
    memcpy(o, s, len);
    o[len] = '\0';
    rd->html.len += len;
}

/* ---- the node path: a tree of lib/tree.h ---- */

#define MAX_NODE_ATTRS 16

/* An element starts: returns 0 when its subtree is left out; *tp gets its
 * entry. */
static int node_start(render *rd, const anq_node *n, const taginfo **tp)
{
    if (rd->skip && rd->skip(n, rd->ud))
        return 0;
    const taginfo *t = node_tag(n);
    *tp = t;
    unsigned fl = t ? t->flags : 0;
    if (!ev_start(rd, fl))
        return 0;
    if (rd->want_html && (fl & TF_KEEP)) {
        rattr attrs[MAX_NODE_ATTRS];
        size_t na = 0;
        for (const anq_attr *a = n->attrs; a && na < MAX_NODE_ATTRS; a = a->next) {
            char key[KEY_LEN];
            const taginfo *k;
            if (!cstr_key(a->name ? a->name : "", key) ||
                !(k = key_find(kept_attrs, attr_from, key)))
                continue;
            attrs[na].a = k;
            attrs[na].value = a->value ? a->value : "";
            attrs[na].value_len = strlen(attrs[na].value);
            na++;
        }
        html_open(rd, t, attrs, na);
    }
    return 1;
}

/* Entries of the open elements kept for their end, this many levels deep
 * (deeper ones are looked up again). */
#define NODE_STACK 64

static void render_subtree(render *rd, const anq_node *top)
{
    const taginfo *open[NODE_STACK];
    size_t depth = 0;
    const anq_node *n = top;
    for (;;) {
        int descend = 0;
        int type = n->type;
        if (type == ANQ_NODE_ELEMENT) {
            const taginfo *t;
            if (node_start(rd, n, &t)) {
                if (n->first) {
                    if (depth < NODE_STACK)
                        open[depth] = t;
                    depth++;
                    descend = 1;
                } else {
                    ev_end(rd, t);
                }
            }
        } else if (type == ANQ_NODE_TEXT || type == ANQ_NODE_CDATA) {
            ev_text(rd, n->content, n->content_len);
        }
        if (descend) {
            n = n->first;
            continue;
        }
        /* move on: next sibling, or up, ending each finished element */
        while (n != top && !n->next) {
            n = n->parent;
            if (!n)
                return;
            /* (depth is never 0 here: n's parents up to top were entered) */
            if (depth > 0 && --depth < NODE_STACK)
                ev_end(rd, open[depth]);
            else
                ev_end(rd, node_tag(n));
        }
        if (n == top)
            return;
        n = n->next;
    }
}

/* An empty buffer with room for n bytes (out of memory: the sticky flag). */
static void reserve_empty(anq_buf *b, size_t n)
{
    if (anq__buf_reserve(b, n))
        b->data[0] = '\0';
}

/* Room in both buffers of a node range's rendering to start with: most
 * texts fit, and a first allocation costs the same at any of these sizes. */
#define NODES_FIRST_ROOM 2048

static void finish(anq_rec *r, render *rd, const char **text, const char **html)
{
    if (rd->text.oom || rd->html.oom) {
        r->oom = 1;
    } else if (rd->text.len > 0) {
        /* long texts stay in their buffers, short ones are copied
         * (anq__rec_take) */
        *text = anq__rec_take(r, &rd->text, 0, rd->text.len);
        if (html && !rd->html.data) {
            *html = anq__rec_strndup(r, "", 0);
        } else if (html) {
            size_t hl = rd->html.len;
            const char *h = anq__trim(rd->html.data, &hl);
            *html = anq__rec_take(r, &rd->html, (size_t)(h - rd->html.data), hl);
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
    if (!first || first == stop)
        return;
    reserve_empty(&rd.text, NODES_FIRST_ROOM);
    if (html)
        reserve_empty(&rd.html, NODES_FIRST_ROOM);
    for (const anq_node *s = first; s && s != stop; s = s->next)
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
#define NAME_MAX_LEN 32
#define N_KEPT (sizeof kept_attrs / sizeof kept_attrs[0])

typedef struct open_el {
    const taginfo *t; /* its entry, NULL for a tag not in the table */
    unsigned flags;   /* t's flags, 0 without one */
    int live;         /* ev_start was accepted: an ev_end is owed */
    size_t name_len;
    char name[NAME_MAX_LEN]; /* without an entry: the name */
} open_el;

/* Open elements held in the frag itself before the stack goes to the heap. */
#define FIRST_DEPTH 16

typedef struct frag {
    render *rd;
    open_el *stack;  /* first, here; grows as elements nest, up to MAX_DEPTH */
    open_el first[FIRST_DEPTH];
    int cap;
    int depth;
    int dropped;     /* > 0: inside a left-out subtree, at this stack depth */
    anq_buf tmp;     /* decoded text / attribute values */
} frag;

/* Room for one more open element; 0 at MAX_DEPTH or out of memory. */
static int frag_grow(frag *f)
{
    if (f->depth < f->cap)
        return 1;
    if (f->cap >= MAX_DEPTH)
        return 0;
    int ncap = f->cap * 2;
    if (ncap > MAX_DEPTH)
        ncap = MAX_DEPTH;
    open_el *n;
    if (f->stack == f->first) {
        n = anq__malloc((size_t)ncap * sizeof *n);
        if (!n)
            return 0;
        memcpy(n, f->first, sizeof f->first);
    } else {
        n = anq__realloc(f->stack, (size_t)ncap * sizeof *n);
        if (!n)
            return 0;
    }
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
        ev_end(f->rd, e->t);
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
        unsigned fl = f->stack[i].flags;
        if (fl & kinds)
            return i;
        if (fl & scope)
            return -1;
    }
    return -1;
}

/* Index of the innermost open element of this tag (t, or the name when the
 * tag is not in the table), or -1. */
static int frag_find(const frag *f, const char *name, size_t nl, const taginfo *t)
{
    for (int i = f->depth - 1; i >= 0; i--) {
        const open_el *e = &f->stack[i];
        if (t ? e->t == t
              : (!e->t && e->name_len == nl && memcmp(e->name, name, nl) == 0))
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
    return (byte_class[(unsigned char)c] & C_WS) != 0;
}

/* A name read at s[0..n) in a tag, as the tokenizer compares it:
 * lower-cased, cut at a NUL byte and to NAME_MAX_LEN - 1 bytes. Written
 * to key (NAME_MAX_LEN bytes; NUL-padded up to KEY_LEN, then
 * NUL-terminated); returns its length. */
static inline size_t tag_key(const char *s, size_t n, char *key)
{
    memset(key, 0, KEY_LEN);
    if (n > NAME_MAX_LEN - 1)
        n = NAME_MAX_LEN - 1;
    size_t k = 0;
    for (; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (!c)
            break;
        key[k] = (char)((unsigned)(c - 'A') < 26u ? c + 32 : c);
    }
    key[k] = '\0';
    return k;
}

static open_el *frag_push(frag *f, const char *name, size_t nl, const taginfo *t, int *rc)
{
    if (!frag_grow(f)) {
        *rc = f->depth >= MAX_DEPTH ? ANQ_ERR_TOO_DEEP : ANQ_ERR_NOMEM;
        return NULL;
    }
    open_el *e = &f->stack[f->depth++];
    e->t = t;
    e->flags = t ? t->flags : 0;
    if (!t) {
        memcpy(e->name, name, nl);
        e->name_len = nl;
    }
    return e;
}

/* Start tag `name` (entry t); attributes in attrs (only read when the tag
 * is written to the HTML). Returns ANQ_OK or ANQ_ERR_TOO_DEEP /
 * ANQ_ERR_NOMEM. */
static int frag_start(frag *f, const char *name, size_t nl, const taginfo *t,
                      const rattr *attrs, size_t na, int self_closing)
{
    unsigned fl = t ? t->flags : 0;
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
        int live = ev_start(f->rd, fl);
        if (live && f->rd->want_html && (fl & TF_KEEP))
            html_open(f->rd, t, attrs, na);
        if (is_void || (self_closing && live)) {
            if (live)
                ev_end(f->rd, t);
            return ANQ_OK;
        }
        if (!live) {
            if (self_closing)
                return ANQ_OK;
            open_el *e = frag_push(f, name, nl, t, &rc);
            if (!e)
                return rc;
            e->live = 0;
            f->dropped = f->depth;
            return ANQ_OK;
        }
    }
    open_el *e = frag_push(f, name, nl, t, &rc);
    if (!e)
        return rc;
    e->live = !f->dropped;
    return ANQ_OK;
}

static void frag_end(frag *f, const char *name, size_t nl, const taginfo *t)
{
    if (t && (t->flags & K_BR)) {
        /* "</br>" is a line break, as in browsers */
        if (!f->dropped && ev_start(f->rd, t->flags)) {
            if (f->rd->want_html)
                html_open(f->rd, t, NULL, 0);
            ev_end(f->rd, t);
        }
        return;
    }
    int i = frag_find(f, name, nl, t);
    if (i < 0)
        return; /* stray end tag */
    frag_close_to(f, i);
}

/* The end of a name in a tag starting at s[i] (never empty: its first byte
 * is taken even when it is '='). */
static size_t name_end(const char *s, size_t i, size_t len)
{
    i++;
    while (i < len && !(byte_class[(unsigned char)s[i]] & C_NAME_END))
        i++;
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
    size_t n0 = j;
    j = name_end(s, j, len);
    char name[NAME_MAX_LEN];
    size_t nl = tag_key(s + n0, j - n0, name);
    const taginfo *t = key_find(tags, tag_from, name);
    unsigned fl = t ? t->flags : 0;
    /* the attributes only matter for a start tag written to the HTML */
    int want_attrs = !end && f->rd->want_html && (fl & TF_KEEP) && !f->dropped;
    rattr attrs[N_KEPT];
    size_t voff[N_KEPT]; /* decoded values: offsets into tmp (it may move) */
    unsigned seen = 0;
    size_t na = 0;
    int self_closing = 0;
    if (want_attrs)
        anq__buf_clear(&f->tmp);
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
        size_t a0 = j;
        j = name_end(s, j, len);
        size_t a1 = j;
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
        if (!want_attrs)
            continue;
        char an[NAME_MAX_LEN];
        tag_key(s + a0, a1 - a0, an);
        const taginfo *a = key_find(kept_attrs, attr_from, an);
        if (!a)
            continue;
        unsigned bit = 1u << (unsigned)(a - kept_attrs);
        if (seen & bit)
            continue; /* the first of a repeated attribute counts */
        seen |= bit;
        attrs[na].a = a;
        if (vl && memchr(v, '&', vl)) {
            voff[na] = f->tmp.len;
            decode_refs(&f->tmp, v, vl);
            attrs[na].value = NULL;
            attrs[na].value_len = f->tmp.len - voff[na];
        } else {
            attrs[na].value = v;
            attrs[na].value_len = vl;
        }
        na++;
    }
    size_t after = j < len ? j + 1 : len;
    if (f->tmp.oom)
        return after;
    for (size_t k = 0; k < na; k++)
        if (!attrs[k].value) /* no data yet when every reference decoded to nothing */
            attrs[k].value = f->tmp.data ? f->tmp.data + voff[k] : "";
    if (end) {
        frag_end(f, name, nl, t);
        return after;
    }
    *rc = frag_start(f, name, nl, t, attrs, na, self_closing);
    if (*rc == ANQ_OK && (fl & TF_RAW)) {
        /* raw text up to the matching end tag */
        char close[2 + KEY_LEN];
        close[0] = '<';
        close[1] = '/';
        memcpy(close + 2, t->name, KEY_LEN);
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
    frag fr;
    frag *f = &fr;
    f->rd = rd;
    f->stack = f->first;
    f->cap = FIRST_DEPTH;
    f->depth = 0;
    f->dropped = 0;
    memset(&f->tmp, 0, sizeof f->tmp);
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
    if (f->tmp.oom)
        rc = ANQ_ERR_NOMEM;
    anq__buf_free(&f->tmp);
    if (f->stack != f->first)
        anq__free(f->stack);
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
    /* Room for about the fragment's size up front: the text and the
     * sanitised HTML are seldom longer, and growing them step by step
     * costs a copy each time. */
    if (len > 0) {
        reserve_empty(&rd.text, len);
        if (html)
            reserve_empty(&rd.html, len);
    }
    int rc = render_bytes(&rd, s, len);
    if (rc != ANQ_OK) {
        anq__buf_free(&rd.text);
        anq__buf_free(&rd.html);
        return rc;
    }
    finish(r, &rd, text, html);
    return ANQ_OK;
}
