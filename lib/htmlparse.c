/* SPDX-License-Identifier: MIT */
#include "htmlparse.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define USE_SSE2 1
#endif

#include "alloc.h"
#include "anq.h"
#include "buf.h"
#include "input.h"
#include "html.h"
#include "tree.h"

/* ---- the elements the rules name ---- */

enum {
    T_NONE, /* any other name */
    T_A, T_ABBR, T_ACRONYM, T_ADDRESS, T_AREA, T_B, T_BASE, T_BASEFONT,
    T_BDO, T_BIG, T_BLOCKQUOTE, T_BODY, T_BR, T_CAPTION, T_CENTER, T_CITE,
    T_CODE, T_COL, T_COLGROUP, T_DD, T_DFN, T_DIR, T_DIV, T_DL,
    T_DT, T_EM, T_FIELDSET, T_FONT, T_FORM, T_FRAME, T_FRAMESET, T_H1,
    T_H2, T_H3, T_H4, T_H5, T_H6, T_HEAD, T_HR, T_HTML,
    T_I, T_IFRAME, T_IMG, T_INPUT, T_ISINDEX, T_KBD, T_LEGEND, T_LI,
    T_LINK, T_LISTING, T_MAP, T_MENU, T_META, T_NOFRAMES, T_NOSCRIPT, T_OL,
    T_OPTGROUP, T_OPTION, T_P, T_PARAM, T_PRE, T_Q, T_S, T_SAMP,
    T_SCRIPT, T_SMALL, T_SPAN, T_STRIKE, T_STRONG, T_STYLE, T_SUB, T_SUP,
    T_TABLE, T_TBODY, T_TD, T_TFOOT, T_TH, T_THEAD, T_TITLE, T_TR,
    T_TT, T_U, T_UL, T_VAR, T_XMP,
    T_COUNT
};

#define VOID 1     /* no content, no end tag */
#define RAW 2      /* content read as raw text up to its end tag */
#define HEADISH 4  /* implies a <head> when met before anything else */
#define FRAMEISH 8 /* implies no <body> */

/* The start tags that close an open element, per open element: <p> is
 * closed by <div>, <table>, <li>...; <li> by <li>; <td> by <td>, <th>,
 * <tr>... (libxml2 2.9.14's table, read from its output pair by pair). */
#define CB_A(X) X(T_A) | X(T_FIELDSET) | X(T_TABLE) | X(T_TD) | X(T_TH)
#define CB_ADDRESS(X) X(T_DD) | X(T_DL) | X(T_DT) | X(T_FORM) | X(T_LI) | X(T_UL)
#define CB_B(X) X(T_CENTER) | X(T_P) | X(T_TD) | X(T_TH)
#define CB_P_ONLY(X) X(T_P)
#define CB_CAPTION(X) X(T_COL) | X(T_COLGROUP) | X(T_TBODY) | X(T_TFOOT) | X(T_THEAD) | \
    X(T_TR)
#define CB_COLGROUP(X) X(T_COLGROUP) | X(T_TBODY) | X(T_TFOOT) | X(T_THEAD) | X(T_TR)
#define CB_DD(X) X(T_DT)
#define CB_DIR(X) X(T_DD) | X(T_DL) | X(T_DT) | X(T_FORM) | X(T_UL)
#define CB_DL(X) X(T_FORM) | X(T_LI)
#define CB_DT(X) X(T_DD) | X(T_DL)
#define CB_FONT(X) X(T_CENTER) | X(T_TD) | X(T_TH)
#define CB_FORM(X) X(T_FORM)
#define CB_HN(X) X(T_FIELDSET) | X(T_FORM) | X(T_LI) | X(T_P) | X(T_TABLE)
#define CB_HEAD(X) X(T_A) | X(T_ABBR) | X(T_ACRONYM) | X(T_ADDRESS) | X(T_B) | X(T_BDO) | \
    X(T_BIG) | X(T_BLOCKQUOTE) | X(T_BODY) | X(T_BR) | X(T_CENTER) | X(T_CITE) | X(T_CODE) | \
    X(T_DD) | X(T_DFN) | X(T_DIR) | X(T_DIV) | X(T_DL) | X(T_DT) | X(T_EM) | X(T_FIELDSET) | \
    X(T_FONT) | X(T_FORM) | X(T_FRAMESET) | X(T_H1) | X(T_H2) | X(T_H3) | X(T_H4) | X(T_H5) | \
    X(T_H6) | X(T_HR) | X(T_I) | X(T_IFRAME) | X(T_IMG) | X(T_KBD) | X(T_LI) | X(T_LISTING) | \
    X(T_MAP) | X(T_MENU) | X(T_OL) | X(T_P) | X(T_PRE) | X(T_Q) | X(T_S) | X(T_SAMP) | \
    X(T_SMALL) | X(T_SPAN) | X(T_STRIKE) | X(T_STRONG) | X(T_SUB) | X(T_SUP) | X(T_TABLE) | \
    X(T_TT) | X(T_U) | X(T_UL) | X(T_VAR) | X(T_XMP)
#define CB_I(X) X(T_CENTER) | X(T_P) | X(T_TD) | X(T_TH)
#define CB_LEGEND(X) X(T_FIELDSET)
#define CB_LI(X) X(T_LI)
#define CB_PRE(X) X(T_DD) | X(T_DL) | X(T_DT) | X(T_FIELDSET) | X(T_FORM) | X(T_LI) | \
    X(T_TABLE) | X(T_UL)
#define CB_MENU(X) X(T_DD) | X(T_DL) | X(T_DT) | X(T_FORM) | X(T_UL)
#define CB_OL(X) X(T_FORM) | X(T_UL)
#define CB_OPTION(X) X(T_OPTGROUP) | X(T_OPTION)
#define CB_P(X) X(T_ADDRESS) | X(T_BLOCKQUOTE) | X(T_BODY) | X(T_CAPTION) | X(T_CENTER) | \
    X(T_COL) | X(T_COLGROUP) | X(T_DD) | X(T_DIR) | X(T_DIV) | X(T_DL) | X(T_DT) | \
    X(T_FIELDSET) | X(T_FORM) | X(T_FRAMESET) | X(T_H1) | X(T_H2) | X(T_H3) | X(T_H4) | \
    X(T_H5) | X(T_H6) | X(T_HEAD) | X(T_HR) | X(T_LI) | X(T_LISTING) | X(T_MENU) | X(T_OL) | \
    X(T_P) | X(T_PRE) | X(T_TABLE) | X(T_TBODY) | X(T_TD) | X(T_TFOOT) | X(T_TH) | X(T_TITLE) | \
    X(T_TR) | X(T_UL) | X(T_XMP)
#define CB_SCRIPT(X) X(T_NOSCRIPT)
#define CB_CELL_INLINE(X) X(T_TD) | X(T_TH)
#define CB_STYLE(X) X(T_BODY) | X(T_FRAMESET)
#define CB_TBODY(X) X(T_TBODY) | X(T_TFOOT)
#define CB_CELL(X) X(T_TBODY) | X(T_TD) | X(T_TFOOT) | X(T_TH) | X(T_TR)
#define CB_TFOOT(X) X(T_TBODY)
#define CB_TITLE(X) X(T_BODY) | X(T_FRAMESET)
#define CB_TR(X) X(T_TBODY) | X(T_TFOOT) | X(T_TR)
#define CB_U(X) X(T_P) | X(T_TD) | X(T_TH)
#define CB_UL(X) X(T_ADDRESS) | X(T_FORM) | X(T_MENU) | X(T_OL) | X(T_PRE)

#define CB_NONE(X) 0

/* the bit of tag t in the first / second word of a set of tags */
#define LO(t) ((t) < 64 ? UINT64_C(1) << ((t) % 64) : 0)
#define HI(t) ((t) >= 64 ? UINT64_C(1) << ((t) % 64) : 0)

typedef struct {
    char name[11];      /* NUL-padded: its first 8 bytes are read as a word */
    unsigned char len;
    unsigned char flags;
    unsigned char prio; /* an end tag does not close past an element ranked higher */
    uint64_t closed_by[2]; /* the set of start tags that close it */
} tag_info;

/* sorted by name: the index is the T_ value */
#define TAG(n, flags, prio, cb) {n, sizeof n - 1, flags, prio, {cb(LO), cb(HI)}}
static const tag_info tags[T_COUNT] = {
    TAG("", 0, 100, CB_NONE),
    TAG("a", 0, 100, CB_A),
    TAG("abbr", 0, 100, CB_NONE),
    TAG("acronym", 0, 100, CB_NONE),
    TAG("address", 0, 100, CB_ADDRESS),
    TAG("area", VOID, 100, CB_NONE),
    TAG("b", 0, 100, CB_B),
    TAG("base", VOID | HEADISH, 100, CB_NONE),
    TAG("basefont", VOID, 100, CB_NONE),
    TAG("bdo", 0, 100, CB_NONE),
    TAG("big", 0, 100, CB_P_ONLY),
    TAG("blockquote", 0, 100, CB_NONE),
    TAG("body", 0, 200, CB_NONE),
    TAG("br", VOID, 100, CB_NONE),
    TAG("caption", 0, 100, CB_CAPTION),
    TAG("center", 0, 100, CB_NONE),
    TAG("cite", 0, 100, CB_NONE),
    TAG("code", 0, 100, CB_NONE),
    TAG("col", VOID, 100, CB_NONE),
    TAG("colgroup", 0, 100, CB_COLGROUP),
    TAG("dd", 0, 100, CB_DD),
    TAG("dfn", 0, 100, CB_NONE),
    TAG("dir", 0, 100, CB_DIR),
    TAG("div", 0, 150, CB_NONE),
    TAG("dl", 0, 100, CB_DL),
    TAG("dt", 0, 100, CB_DT),
    TAG("em", 0, 100, CB_NONE),
    TAG("fieldset", 0, 100, CB_NONE),
    TAG("font", 0, 100, CB_FONT),
    TAG("form", 0, 100, CB_FORM),
    TAG("frame", VOID | FRAMEISH, 100, CB_NONE),
    TAG("frameset", FRAMEISH, 100, CB_NONE),
    TAG("h1", 0, 100, CB_HN),
    TAG("h2", 0, 100, CB_HN),
    TAG("h3", 0, 100, CB_HN),
    TAG("h4", 0, 100, CB_HN),
    TAG("h5", 0, 100, CB_HN),
    TAG("h6", 0, 100, CB_HN),
    TAG("head", 0, 200, CB_HEAD),
    TAG("hr", VOID, 100, CB_NONE),
    TAG("html", 0, 220, CB_NONE),
    TAG("i", 0, 100, CB_I),
    TAG("iframe", 0, 100, CB_NONE),
    TAG("img", VOID, 100, CB_NONE),
    TAG("input", VOID, 100, CB_NONE),
    TAG("isindex", VOID, 100, CB_NONE),
    TAG("kbd", 0, 100, CB_NONE),
    TAG("legend", 0, 100, CB_LEGEND),
    TAG("li", 0, 100, CB_LI),
    TAG("link", VOID | HEADISH, 100, CB_NONE),
    TAG("listing", 0, 100, CB_PRE),
    TAG("map", 0, 100, CB_NONE),
    TAG("menu", 0, 100, CB_MENU),
    TAG("meta", VOID | HEADISH, 100, CB_NONE),
    TAG("noframes", FRAMEISH, 100, CB_NONE),
    TAG("noscript", 0, 100, CB_NONE),
    TAG("ol", 0, 100, CB_OL),
    TAG("optgroup", 0, 100, CB_NONE),
    TAG("option", 0, 100, CB_OPTION),
    TAG("p", 0, 100, CB_P),
    TAG("param", VOID, 100, CB_NONE),
    TAG("pre", 0, 100, CB_PRE),
    TAG("q", 0, 100, CB_NONE),
    TAG("s", 0, 100, CB_P_ONLY),
    TAG("samp", 0, 100, CB_NONE),
    TAG("script", RAW | HEADISH, 100, CB_SCRIPT),
    TAG("small", 0, 100, CB_P_ONLY),
    TAG("span", 0, 100, CB_CELL_INLINE),
    TAG("strike", 0, 100, CB_P_ONLY),
    TAG("strong", 0, 100, CB_NONE),
    TAG("style", RAW | HEADISH, 100, CB_STYLE),
    TAG("sub", 0, 100, CB_NONE),
    TAG("sup", 0, 100, CB_NONE),
    TAG("table", 0, 190, CB_NONE),
    TAG("tbody", 0, 180, CB_TBODY),
    TAG("td", 0, 160, CB_CELL),
    TAG("tfoot", 0, 180, CB_TFOOT),
    TAG("th", 0, 160, CB_CELL),
    TAG("thead", 0, 180, CB_TBODY),
    TAG("title", HEADISH, 100, CB_TITLE),
    TAG("tr", 0, 170, CB_TR),
    TAG("tt", 0, 100, CB_P_ONLY),
    TAG("u", 0, 100, CB_U),
    TAG("ul", 0, 100, CB_UL),
    TAG("var", 0, 100, CB_NONE),
    TAG("xmp", 0, 100, CB_PRE),
};
#undef TAG

/* the first 8 bytes of a tag's name as a word (NUL-padded) */
static uint64_t tag_word(int t)
{
    uint64_t w;
    memcpy(&w, tags[t].name, sizeof w);
    return w;
}

/* w with its first byte in memory as its low byte */
static uint64_t little_end(uint64_t w)
{
    static const union {
        uint16_t u;
        unsigned char c[2];
    } one = {1};
    if (one.c[0])
        return w;
    uint64_t r = 0;
    for (int i = 0; i < 8; i++, w >>= 8)
        r = (r << 8) | (w & 0xFF);
    return r;
}

/* The tag names by hash: slot (little_end(word) * TAG_HASH) >> 56 of the
 * word of each name (its first 8 bytes, NUL-padded) holds its T_ value, the
 * other slots T_NONE. TAG_HASH is a multiplier that gives each name a slot
 * of its own. */
#define TAG_HASH UINT64_C(0x319abad25979a07b)
static const unsigned char tag_slot[256] = {
    T_NONE, T_FRAMESET, T_NONE, T_NONE, T_NONE, T_NONE, T_ISINDEX, T_NONE, T_DIR, T_NONE, T_NONE,
    T_NONE, T_NONE, T_NONE, T_HR, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_LEGEND,
    T_COL, T_NONE, T_NONE, T_NONE, T_NONE, T_AREA, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE,
    T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_SPAN, T_HEAD, T_LISTING, T_NONE, T_NONE, T_NONE,
    T_TBODY, T_STRONG, T_NONE, T_H5, T_OPTION, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE,
    T_ABBR, T_NONE, T_NONE, T_OPTGROUP, T_NONE, T_NONE, T_CODE, T_INPUT, T_STRIKE, T_CAPTION,
    T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_CENTER, T_S, T_NONE, T_CITE, T_ACRONYM,
    T_NONE, T_DFN, T_NONE, T_PRE, T_FIELDSET, T_FRAME, T_PARAM, T_NONE, T_NONE, T_NONE, T_TH,
    T_NONE, T_I, T_NOSCRIPT, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_H2, T_BLOCKQUOTE, T_TR,
    T_NONE, T_LI, T_IMG, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE,
    T_NONE, T_BDO, T_SMALL, T_FONT, T_NONE, T_EM, T_NONE, T_COLGROUP, T_NONE, T_NONE, T_NONE,
    T_NONE, T_BODY, T_MAP, T_SAMP, T_DT, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_SUB,
    T_META, T_NONE, T_BASE, T_NONE, T_NONE, T_NONE, T_NONE, T_HTML, T_NONE, T_NONE, T_NONE,
    T_NONE, T_NONE, T_NONE, T_MENU, T_H4, T_LINK, T_TT, T_NONE, T_NONE, T_NONE, T_NONE,
    T_BASEFONT, T_FORM, T_NONE, T_BIG, T_NONE, T_NONE, T_NONE, T_TITLE, T_NONE, T_NONE, T_NONE,
    T_NONE, T_DL, T_NONE, T_NONE, T_TABLE, T_U, T_NONE, T_NONE, T_NONE, T_VAR, T_NONE, T_NONE,
    T_THEAD, T_P, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_SUP, T_NONE, T_STYLE,
    T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_H1, T_NOFRAMES, T_NONE, T_NONE, T_OL,
    T_NONE, T_H6, T_A, T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_DD, T_NONE, T_NONE, T_NONE,
    T_NONE, T_NONE, T_NONE, T_NONE, T_SCRIPT, T_NONE, T_NONE, T_NONE, T_NONE, T_XMP, T_NONE,
    T_NONE, T_TFOOT, T_NONE, T_NONE, T_BR, T_Q, T_NONE, T_NONE, T_NONE, T_ADDRESS, T_NONE, T_TD,
    T_NONE, T_NONE, T_NONE, T_NONE, T_NONE, T_KBD, T_UL, T_NONE, T_DIV, T_NONE, T_NONE, T_NONE,
    T_NONE, T_IFRAME, T_H3, T_NONE, T_NONE, T_B, T_NONE, T_NONE,
};

/* T_ value of the name s[0..len) (bytes of a name: letters in any case,
 * digits, ':', '.', '_', '-'), T_NONE for the others. e: the end of the
 * bytes that may be read. */
static inline int tag_id(const char *s, size_t len, const char *e)
{
    if (len - 1 >= 10)
        return T_NONE;
    /* a name byte | 0x20 is its lower-case letter, or a byte no tag name
     * holds ('_' | 0x20 is DEL), or itself */
    size_t m = len < 8 ? len : 8;
    uint64_t w;
    if (e - s >= 8) {
        static const unsigned char keep[16] = {255, 255, 255, 255, 255, 255, 255, 255};
        static const unsigned char lower[8] = {32, 32, 32, 32, 32, 32, 32, 32};
        uint64_t k, c;
        memcpy(&w, s, sizeof w);
        memcpy(&k, keep + 8 - m, sizeof k);
        memcpy(&c, lower, sizeof c);
        w = (w | c) & k;
    } else {
        unsigned char b[8] = {0};
        for (size_t i = 0; i < m; i++)
            b[i] = (unsigned char)(s[i] | 0x20);
        memcpy(&w, b, sizeof w);
    }
    int t = tag_slot[(little_end(w) * TAG_HASH) >> 56];
    if (tags[t].len != len || tag_word(t) != w)
        return T_NONE;
    for (size_t i = 8; i < len; i++)
        if (tags[t].name[i] != (s[i] | 0x20))
            return T_NONE;
    return t;
}

/* does a start tag `by` close the open element `open`? */
static int closes(int open, int by)
{
    return (int)((tags[open].closed_by[by >> 6] >> (by & 63)) & 1);
}

/* is an open element closed by some start tag? */
static int closable(int open)
{
    return (tags[open].closed_by[0] | tags[open].closed_by[1]) != 0;
}

/* ---- limits ---- */

#define MAX_OPEN 257          /* a start tag met with this many open elements fails */
#define OPEN_INLINE 32        /* open elements held in the parser itself; deeper pages
                                 grow a heap copy, up to MAX_OPEN + 4 */
#define NAME_MAX_LEN 100      /* longer names are cut; the rest is read as what follows */
#define TEXT_MAX 10000000u    /* longest text node */
#define CHUNK 1000            /* blanks as long as this are text, not layout */

/* ---- the parser ---- */

typedef struct {
    anq_node *node;
    const char *name; /* the name as read (lower-cased, prefix kept) */
    size_t len;
    int tag;
} open_el;

typedef struct {
    const char *p, *end;
    anq_doc *d;
    int rc;
    open_el *st;        /* the open elements: `inline_st`, or a heap copy */
    size_t st_cap;
    size_t n;
    int stage;          /* 1 once a <head> was opened, 2 once a <body> was */
    size_t skipped;     /* <html>/<head>/<body> start tags dropped */
    int doc_first_other; /* the document's first child is not its root */
    /* text not yet added: to pend_to, as a span of the input or in pend */
    anq_node *pend_to;
    int pend_type;
    unsigned pend_line;
    const char *span;
    size_t span_len;
    int in_buf;
    anq_buf pend;
    anq_buf val;        /* attribute values with references */
    const char *nl;     /* line counting: the first newline not counted (or end) */
    unsigned line;
    /* attribute names of set_el, once it has too many for the tree to
     * look for a repeated one */
    anq_node *set_el;
    const char **set;
    size_t set_cap, set_count;
    open_el inline_st[OPEN_INLINE];
} parser;

/* byte classes: NAME_CHAR [A-Za-z0-9:._-], BLANK [ \t\n\r], ALPHA [A-Za-z],
 * UPPER [A-Z], COLON [:], DOT [.] */
#define NAME_CHAR 1
#define BLANK 2
#define ALPHA 4
#define UPPER 8
#define COLON 16
#define DOT 32
static const unsigned char cls[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 2, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 33, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 17, 0, 0, 0, 0, 0,
    0, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13,
    13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 0, 0, 0, 0, 1,
    0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
    5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0,
};

/* the lower-case of a byte (ASCII letters) */
static char lower_c(char c)
{
    return (char)(c | (cls[(unsigned char)c] & UPPER) << 2);
}

static int is_alpha(unsigned char c)
{
    return cls[c] & ALPHA;
}

static int is_digit(unsigned char c)
{
    return (unsigned char)(c - '0') < 10;
}

static int is_blank(unsigned char c)
{
    return cls[c] & BLANK;
}

static void skip_blanks(parser *ps)
{
    while (ps->p < ps->end && is_blank((unsigned char)*ps->p))
        ps->p++;
}

#ifdef USE_SSE2
static __m128i load16(const char *p)
{
    __m128i v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* the bytes of v equal to c, one bit each */
static unsigned match16(__m128i v, char c)
{
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
}
#endif

/* the line of at (or of the furthest place asked for before): the next
 * newline is looked for once, not at every node */
static unsigned line_at(parser *ps, const char *at)
{
    while (ps->nl < at) {
        ps->line++;
        const char *q = memchr(ps->nl + 1, '\n', (size_t)(ps->end - ps->nl - 1));
        ps->nl = q ? q : ps->end;
    }
    return ps->line;
}

/* the first '<' or '&' in [p, e), or e */
static const char *find_markup(const char *p, const char *e)
{
#ifdef USE_SSE2
    if (e - p >= 16) {
        /* most text is short: one look at its first 16 bytes */
        __m128i v = load16(p);
        unsigned m = match16(v, '<') | match16(v, '&');
        if (m)
            return p + __builtin_ctz(m);
        p += 16;
    }
#endif
    const char *q = memchr(p, '<', (size_t)(e - p));
    if (!q)
        q = e;
    const char *amp = memchr(p, '&', (size_t)(q - p));
    return amp ? amp : q;
}

static void fail(parser *ps, int rc)
{
    if (ps->rc == ANQ_OK)
        ps->rc = rc;
    ps->p = ps->end;
}

/* The length of the element or attribute name at p:
 * [A-Za-z_:.][A-Za-z0-9_:.-]*, at most NAME_MAX_LEN bytes; 0 when there is
 * none. *k: the byte classes of its bytes, or-ed (UPPER: it is not
 * lower-case). */
static inline size_t scan_name(const char *p, const char *e, unsigned *k)
{
    *k = 0;
    if (p >= e)
        return 0;
    unsigned char c = (unsigned char)*p;
    if (!is_alpha(c) && c != '_' && c != ':' && c != '.')
        return 0;
    const char *s = p, *stop = e - p > NAME_MAX_LEN ? p + NAME_MAX_LEN : e;
    unsigned acc = 0, m;
#ifdef __GNUC__
    if (stop - p >= 8) {
        /* the lower-case letters it starts with, 8 bytes at a time: the
         * high bit of each byte that is one (a carry out of a byte comes
         * only from a byte past the first that is not) */
        const uint64_t ones = UINT64_C(0x0101010101010101), high = ones << 7;
        uint64_t w;
        memcpy(&w, p, sizeof w);
        w = little_end(w);
        uint64_t az = (w + 0x1F * ones) & ~(w + 0x05 * ones) & ~w & high;
        int i = az == high ? 8 : __builtin_ctzll(~az & high) >> 3;
        if (i) {
            p += i;
            acc = NAME_CHAR | ALPHA;
        }
    }
#endif
    while (p < stop && ((m = cls[(unsigned char)*p]) & NAME_CHAR)) {
        acc |= m;
        p++;
    }
    *k = acc;
    return (size_t)(p - s);
}

/* a[0..n) (lower-case) is s[0..n) lower-cased */
static int eq_lower(const char *a, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != lower_c(s[i]))
            return 0;
    return 1;
}

/* ---- text ---- */

static void flush_pending(parser *ps)
{
    anq_node *to = ps->pend_to;
    ps->pend_to = NULL;
    const char *s = ps->span;
    size_t n = ps->span_len;
    if (ps->in_buf) {
        if (ps->pend.oom) {
            fail(ps, ANQ_ERR_NOMEM);
            return;
        }
        s = ps->pend.data;
        n = ps->pend.len;
        ps->in_buf = 0;
    }
    ps->span_len = 0;
    if (n == 0)
        return;
    anq_node *last = to->last;
    if (ps->pend_type == ANQ_NODE_TEXT) {
        size_t before = last && last->type == ANQ_NODE_TEXT ? last->content_len : 0;
        if (n > TEXT_MAX - before) {
            fail(ps, ANQ_ERR_TOO_LARGE);
            return;
        }
    } else if (last && last->type == ANQ_NODE_CDATA) {
        /* raw text around a dropped end tag ("</scriptx>"): one node */
        anq_buf b = ANQ_BUF_INIT;
        anq__buf_add(&b, last->content, last->content_len);
        anq__buf_add(&b, s, n);
        char *c = b.oom ? NULL : anq__doc_strndup(ps->d, b.data, b.len);
        if (c) {
            last->content = c;
            last->content_len = b.len;
        }
        anq__buf_free(&b);
        if (!c)
            fail(ps, ANQ_ERR_NOMEM);
        return;
    }
    if (anq__doc_add_text(ps->d, to, ps->pend_type, s, n, ps->pend_line) != 0)
        fail(ps, ANQ_ERR_NOMEM);
}

/* the text not yet added, added */
static inline void flush(parser *ps)
{
    if (ps->pend_to)
        flush_pending(ps);
}

/* Text for `to`: kept as a span of the input while the pieces follow each
 * other there, copied once they do not. */
static inline void add_text(parser *ps, anq_node *to, int type, const char *s, size_t n,
                            const char *at)
{
    if (ps->pend_to != to || ps->pend_type != type) {
        flush(ps);
        ps->pend_to = to;
        ps->pend_type = type;
        ps->pend_line = line_at(ps, at);
    }
    if (ps->in_buf) {
        anq__buf_add(&ps->pend, s, n);
    } else if (ps->span_len == 0) {
        ps->span = s;
        ps->span_len = n;
    } else if (s == ps->span + ps->span_len) {
        ps->span_len += n;
    } else {
        anq__buf_clear(&ps->pend);
        anq__buf_add(&ps->pend, ps->span, ps->span_len);
        anq__buf_add(&ps->pend, s, n);
        ps->in_buf = 1;
    }
}

/* ---- the open elements ---- */

static open_el *top(parser *ps)
{
    return ps->n ? &ps->st[ps->n - 1] : NULL;
}

/* A new element named name[0..len) (k: scan_name's classes; tag: its T_
 * value), appended where libxml2 puts it: to the current element; with
 * none open, it is the root, or a child of the root (a second <html> after
 * "</html>"), or out of the tree when the document's first child is a
 * comment or a DOCTYPE. The node's name is lower-case. */
static inline anq_node *new_element(parser *ps, const char *name, size_t len, unsigned k,
                                    int tag, const char *at)
{
    flush(ps);
    if (ps->rc != ANQ_OK)
        return NULL;
    anq_node *parent = ps->n ? ps->st[ps->n - 1].node : NULL;
    if (!parent && !ps->doc_first_other)
        parent = anq__doc_root(ps->d);
    unsigned line = line_at(ps, at);
    anq_node *el;
    if (tag != T_NONE) {
        el = anq__doc_add_element_static(ps->d, parent, tags[tag].name, line);
    } else {
        /* "prefix:local" names the node "local" */
        const char *local = name;
        size_t ll = len;
        if ((k & COLON) && name[0] != ':') {
            const char *c = memchr(name, ':', len);
            if (c && c + 1 < name + len) {
                local = c + 1;
                ll = len - (size_t)(local - name);
            }
        }
        el = anq__doc_add_element(ps->d, parent, local, ll, (k & UPPER) != 0, line);
    }
    if (!el)
        fail(ps, ANQ_ERR_NOMEM);
    return el;
}

/* a <head> or <body> opened, if only for its start tag */
static void seen(parser *ps, int tag)
{
    if (tag == T_HEAD && ps->stage < 1)
        ps->stage = 1;
    if (tag == T_BODY)
        ps->stage = 2;
}

/* Room for one more open element: the stack doubles, from the parser's
 * own OPEN_INLINE to MAX_OPEN + 4 at most (then ANQ_ERR_TOO_DEEP). */
static int grow_stack(parser *ps)
{
    if (ps->st_cap >= MAX_OPEN + 4) {
        fail(ps, ANQ_ERR_TOO_DEEP);
        return 0;
    }
    size_t cap = ps->st_cap * 2;
    if (cap > MAX_OPEN + 4)
        cap = MAX_OPEN + 4;
    open_el *st = anq__malloc(cap * sizeof *st);
    if (!st) {
        fail(ps, ANQ_ERR_NOMEM);
        return 0;
    }
    memcpy(st, ps->st, ps->n * sizeof *st);
    if (ps->st != ps->inline_st)
        anq__free(ps->st);
    ps->st = st;
    ps->st_cap = cap;
    return 1;
}

static inline void push(parser *ps, anq_node *el, const char *name, size_t len, unsigned k,
                        int tag)
{
    if (ps->n >= ps->st_cap && !grow_stack(ps))
        return;
    if (tag != T_NONE) {
        name = tags[tag].name;
    } else if (strlen(el->name) != len) {
        /* the node was named after the local part: keep the whole name */
        name = anq__doc_copy(ps->d, name, len, (k & UPPER) != 0);
        if (!name) {
            fail(ps, ANQ_ERR_NOMEM);
            return;
        }
    } else {
        name = el->name;
    }
    open_el *o = &ps->st[ps->n++];
    o->node = el;
    o->name = name;
    o->len = len;
    o->tag = tag;
    seen(ps, tag);
}

static void open_implied(parser *ps, int tag, const char *at)
{
    const char *name = tags[tag].name;
    anq_node *el = new_element(ps, name, tags[tag].len, 0, tag, at);
    if (el)
        push(ps, el, name, tags[tag].len, 0, tag);
}

/* close the current element while a start tag `tag` closes it */
static void auto_close(parser *ps, int tag)
{
    while (ps->n && closes(ps->st[ps->n - 1].tag, tag))
        ps->n--;
}

/* the elements a start tag implies: <html>; <head> or <body> */
static void implied(parser *ps, int tag, const char *at)
{
    if (tag == T_HTML)
        return;
    if (ps->n == 0)
        open_implied(ps, T_HTML, at);
    if (tag == T_BODY || tag == T_HEAD || ps->rc != ANQ_OK)
        return;
    if (ps->n <= 1 && (tags[tag].flags & HEADISH)) {
        if (ps->stage >= 1)
            return;
        open_implied(ps, T_HEAD, at);
    } else if (!(tags[tag].flags & FRAMEISH)) {
        if (ps->stage >= 2)
            return;
        for (size_t i = 0; i < ps->n; i++)
            if (ps->st[i].tag == T_BODY || ps->st[i].tag == T_HEAD)
                return;
        open_implied(ps, T_BODY, at);
    }
}

/* Text or a reference with nothing open, or directly in <html> or <head>,
 * goes into a new <p>. */
static void paragraph(parser *ps, const char *at)
{
    open_el *t = top(ps);
    if (t && t->tag != T_HTML && t->tag != T_HEAD)
        return;
    auto_close(ps, T_P);
    implied(ps, T_P, at);
    if (ps->rc == ANQ_OK)
        open_implied(ps, T_P, at);
}

/* ---- references ---- */

/* "&#..." at *pp: the code point (0 when XML forbids it); *pp moves past
 * it */
static unsigned long char_ref(const char **pp, const char *e)
{
    const char *p = *pp + 2;
    unsigned long v = 0;
    if (p < e && (*p == 'x' || *p == 'X')) {
        p++;
        for (; p < e && *p != ';'; p++) {
            unsigned char c = (unsigned char)*p;
            unsigned d;
            if (is_digit(c))
                d = (unsigned)(c - '0');
            else if ((unsigned char)((c | 0x20) - 'a') < 6)
                d = (unsigned)((c | 0x20) - 'a' + 10);
            else
                break;
            if (v < 0x110000)
                v = v * 16 + d;
        }
    } else {
        for (; p < e && *p != ';'; p++) {
            unsigned char c = (unsigned char)*p;
            if (!is_digit(c))
                break;
            if (v < 0x110000)
                v = v * 10 + (unsigned)(c - '0');
        }
    }
    if (p < e && *p == ';')
        p++;
    *pp = p;
    if (v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
        (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF))
        return v;
    return 0;
}

/* "&name;" at *pp with an HTML 4 name: its code point, *pp past it; 0 (*pp
 * unmoved) for anything else, which is then kept as written */
static unsigned long entity_ref(const char **pp, const char *e)
{
    const char *s = *pp + 1, *q = s;
    if (q >= e || !(is_alpha((unsigned char)*q) || *q == '_' || *q == ':'))
        return 0;
    while (q < e && (is_alpha((unsigned char)*q) || is_digit((unsigned char)*q) || *q == '_' ||
                     *q == ':' || *q == '.' || *q == '-'))
        q++;
    if (q >= e || *q != ';')
        return 0;
    unsigned long cp = anq__html_entity(s, (size_t)(q - s));
    if (cp)
        *pp = q + 1;
    return cp;
}


static void reference(parser *ps)
{
    const char *at = ps->p;
    unsigned long cp;
    if (at + 1 < ps->end && at[1] == '#') {
        cp = char_ref(&ps->p, ps->end);
        if (!cp)
            return;
    } else {
        cp = entity_ref(&ps->p, ps->end);
        if (!cp)
            ps->p++; /* the '&' as text; what follows is read as text */
    }
    paragraph(ps, at);
    if (ps->rc != ANQ_OK)
        return;
    anq_node *to = top(ps)->node;
    if (!cp) {
        add_text(ps, to, ANQ_NODE_TEXT, at, 1, at);
        return;
    }
    /* the decoded character is not in the input: the text is copied */
    if (ps->pend_to != to || ps->pend_type != ANQ_NODE_TEXT) {
        flush(ps);
        ps->pend_to = to;
        ps->pend_type = ANQ_NODE_TEXT;
        ps->pend_line = line_at(ps, at);
    }
    if (!ps->in_buf) {
        anq__buf_clear(&ps->pend);
        anq__buf_add(&ps->pend, ps->span, ps->span_len);
        ps->span_len = 0;
        ps->in_buf = 1;
    }
    char u[4];
    anq__buf_add(&ps->pend, u, anq__utf8_put(u, cp));
}

/* ---- markup ---- */

/* text up to the next '<' or '&' */
static void char_data(parser *ps)
{
    const char *s = ps->p, *e = ps->end;
    const char *q = find_markup(s, e);
    ps->p = q;
    size_t n = (size_t)(q - s);
    open_el *t = top(ps);
    if (!t || t->tag == T_HTML || t->tag == T_HEAD) {
        /* blanks before markup are layout there; anything else is a
         * paragraph (long runs of blanks too: libxml2 looks at them by
         * pieces) */
        int blank = n < CHUNK && (q == e || *q == '<');
        for (size_t i = 0; blank && i < n; i++)
            blank = is_blank((unsigned char)s[i]);
        if (!blank)
            paragraph(ps, s);
        else if (!t)
            return;
        if (ps->rc != ANQ_OK)
            return;
        t = top(ps);
    }
    add_text(ps, t->node, ANQ_NODE_TEXT, s, n, s);
}

/* a comment, processing instruction or DOCTYPE: in the current element,
 * or at document level (not in anq's tree) with nothing open */
static void add_other(parser *ps, int type, const char *s, size_t n, const char *at)
{
    open_el *t = top(ps);
    if (!t) {
        if (!anq__doc_root(ps->d))
            ps->doc_first_other = 1;
        return;
    }
    flush(ps);
    if (ps->rc == ANQ_OK && anq__doc_add_text(ps->d, t->node, type, s, n, line_at(ps, at)) != 0)
        fail(ps, ANQ_ERR_NOMEM);
}

/* "<!--" at p: up to the first "-->" or "--!>"; unterminated, the rest of
 * the input goes with it */
static void comment(parser *ps)
{
    const char *at = ps->p, *s = at + 4, *e = ps->end, *q = s;
    while ((q = memchr(q, '-', (size_t)(e - q))) != NULL) {
        if (q + 2 < e && q[1] == '-') {
            if (q[2] == '>') {
                ps->p = q + 3;
                add_other(ps, ANQ_NODE_COMMENT, s, (size_t)(q - s), at);
                return;
            }
            if (q + 3 < e && q[2] == '!' && q[3] == '>') {
                ps->p = q + 4;
                add_other(ps, ANQ_NODE_COMMENT, s, (size_t)(q - s), at);
                return;
            }
        }
        q++;
    }
    ps->p = e;
}

static int is_xml_name_start(unsigned char c)
{
    return is_alpha(c) || c == '_' || c == ':' || c >= 0x80;
}

static int is_xml_name_char(unsigned char c)
{
    return is_xml_name_start(c) || is_digit(c) || c == '.' || c == '-';
}

/* "<?" at p: "<?target data>"; no target: only "<?" goes; unterminated:
 * the rest of the input goes with it */
static void proc_instr(parser *ps)
{
    const char *at = ps->p, *e = ps->end, *p = at + 2;
    ps->p = p;
    if (p >= e || !is_xml_name_start((unsigned char)*p))
        return;
    while (p < e && is_xml_name_char((unsigned char)*p))
        p++;
    if (p < e && *p == '>') {
        ps->p = p + 1;
        add_other(ps, ANQ_NODE_OTHER, "", 0, at);
        return;
    }
    while (p < e && is_blank((unsigned char)*p))
        p++;
    const char *gt = memchr(p, '>', (size_t)(e - p));
    if (!gt) {
        ps->p = e;
        return;
    }
    ps->p = gt + 1;
    add_other(ps, ANQ_NODE_OTHER, p, (size_t)(gt - p), at);
}

static int starts_nocase(const char *p, const char *e, const char *upper)
{
    size_t n = strlen(upper);
    if ((size_t)(e - p) < n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 32);
        if (c != (unsigned char)upper[i])
            return 0;
    }
    return 1;
}

/* a quoted literal of a DOCTYPE; unterminated: the rest of the input */
static void literal(parser *ps)
{
    if (ps->p >= ps->end || (*ps->p != '"' && *ps->p != '\''))
        return;
    const char *q = memchr(ps->p + 1, *ps->p, (size_t)(ps->end - ps->p - 1));
    ps->p = q ? q + 1 : ps->end;
}

/* "<!DOCTYPE" at p. A DOCTYPE becomes the document's first child. */
static void doctype(parser *ps)
{
    ps->p += 9;
    skip_blanks(ps);
    while (ps->p < ps->end && is_xml_name_char((unsigned char)*ps->p))
        ps->p++;
    skip_blanks(ps);
    if (starts_nocase(ps->p, ps->end, "SYSTEM")) {
        ps->p += 6;
        skip_blanks(ps);
        literal(ps);
    } else if (starts_nocase(ps->p, ps->end, "PUBLIC")) {
        ps->p += 6;
        skip_blanks(ps);
        literal(ps);
        skip_blanks(ps);
        literal(ps);
    }
    skip_blanks(ps);
    const char *gt = memchr(ps->p, '>', (size_t)(ps->end - ps->p));
    ps->p = gt ? gt + 1 : ps->end;
    ps->doc_first_other = 1;
}

/* An attribute value at p (after '='), decoded; *v points into the input
 * or into ps->val. */
static void att_value(parser *ps, const char **v, size_t *vl)
{
    const char *p = ps->p, *e = ps->end, *s;
    char quote = 0;
    if (p < e && (*p == '"' || *p == '\'')) {
        quote = *p;
        p++;
    }
    s = p;
    /* the value's end, and whether it holds a reference */
    const char *amp = NULL;
    if (quote) {
        const char *q = NULL;
#ifdef USE_SSE2
        if (e - p >= 16) {
            /* most values are short: one look at their first 16 bytes */
            __m128i x = load16(p);
            unsigned mq = match16(x, quote), ma = match16(x, '&');
            if (mq) {
                q = p + __builtin_ctz(mq);
                ma &= (1u << __builtin_ctz(mq)) - 1;
                amp = ma ? p + __builtin_ctz(ma) : NULL;
            }
        }
#endif
        if (!q) {
            q = memchr(p, quote, (size_t)(e - p));
            p = q ? q : e;
            amp = memchr(s, '&', (size_t)(p - s));
        } else {
            p = q;
        }
    } else {
        while (p < e && *p != '>' && !is_blank((unsigned char)*p)) {
            if (*p == '&' && !amp)
                amp = p;
            p++;
        }
    }
    const char *stop = p;
    ps->p = (quote && p < e) ? p + 1 : p;
    if (!amp) {
        *v = s;
        *vl = (size_t)(stop - s);
        return;
    }
    anq_buf *b = &ps->val;
    anq__buf_clear(b);
    anq__buf_add(b, s, (size_t)(amp - s));
    int cut = 0; /* a forbidden code point ends the value */
    for (p = amp; p < stop;) {
        if (*p != '&') {
            const char *n = memchr(p, '&', (size_t)(stop - p));
            if (!n)
                n = stop;
            if (!cut)
                anq__buf_add(b, p, (size_t)(n - p));
            p = n;
            continue;
        }
        const char *at = p;
        unsigned long cp;
        if (p + 1 < stop && p[1] == '#') {
            cp = char_ref(&p, stop);
            if (!cp)
                cut = 1;
        } else {
            cp = entity_ref(&p, stop);
            if (!cp)
                p = at + 1;
        }
        if (!cut) {
            char u[4];
            if (cp)
                anq__buf_add(b, u, anq__utf8_put(u, cp));
            else
                anq__buf_addc(b, '&');
        }
    }
    *v = anq__buf_cstr(b);
    *vl = b->len;
}

/* the attributes libxml2 gives their own name as value when written
 * without one */
static const char *boolean_attr(const char *n, size_t len)
{
    static const char *const names[] = {
        "checked", "compact", "declare", "defer", "disabled", "ismap", "multiple",
        "nohref", "noresize", "noshade", "nowrap", "readonly", "selected",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == len && eq_lower(names[i], n, len))
            return names[i];
    return NULL;
}

/* ---- repeated attributes ---- */

/* The tree drops a repeated attribute name only while an element has fewer
 * than ANQ_ATTR_CHECK_MAX attributes; past that, a hash set of the names
 * does it here (libxml2 keeps the first of a name, however many there are). */
static size_t name_hash(const char *s, size_t n)
{
    size_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static const char **set_find(parser *ps, const char *name, size_t len)
{
    size_t mask = ps->set_cap - 1;
    for (size_t i = name_hash(name, len) & mask;; i = (i + 1) & mask) {
        const char *o = ps->set[i];
        if (!o || (strncmp(o, name, len) == 0 && o[len] == '\0'))
            return &ps->set[i];
    }
}

/* add a name (an arena string) to the set; -1 when out of memory */
static int set_add(parser *ps, const char *name)
{
    if (2 * (ps->set_count + 1) > ps->set_cap) {
        size_t cap = ps->set_cap ? 2 * ps->set_cap : 256;
        const char **old = ps->set;
        size_t old_cap = ps->set_cap;
        ps->set = anq__calloc(cap, sizeof *ps->set);
        if (!ps->set) {
            ps->set = old;
            return -1;
        }
        ps->set_cap = cap;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i])
                *set_find(ps, old[i], strlen(old[i])) = old[i];
        anq__free(old);
    }
    const char **slot = set_find(ps, name, strlen(name));
    if (!*slot) {
        *slot = name;
        ps->set_count++;
    }
    return 0;
}

/* Attribute name[0..nl) (k: scan_name's classes), lower-cased, =
 * v[0..vl) on el, unless el has one by that name */
static int add_attr(parser *ps, anq_node *el, const char *an, size_t nl, unsigned k,
                    const char *v, size_t vl)
{
    if (el->nattrs < ANQ_ATTR_CHECK_MAX)
        return anq__doc_add_attr(ps->d, el, an, nl, (k & UPPER) != 0, v, vl);
    char name[NAME_MAX_LEN];
    for (size_t i = 0; i < nl; i++)
        name[i] = lower_c(an[i]);
    if (ps->set_el != el) {
        if (ps->set)
            memset(ps->set, 0, ps->set_cap * sizeof *ps->set);
        ps->set_count = 0;
        ps->set_el = NULL;
        for (const anq_attr *a = el->attrs; a; a = a->next)
            if (set_add(ps, a->name) != 0)
                return -1;
        ps->set_el = el;
    }
    if (*set_find(ps, name, nl))
        return 0;
    if (anq__doc_add_attr(ps->d, el, name, nl, 0, v, vl) != 0)
        return -1;
    return set_add(ps, el->attrs_last->name);
}

/* "<" and a letter at p, the name after it nl bytes long (k: scan_name's
 * classes; tag: its T_ value) */
static void start_tag(parser *ps, size_t nl, unsigned k, int tag)
{
    const char *at = ps->p, *name = at + 1;
    ps->p = name + nl;
    auto_close(ps, tag);
    implied(ps, tag, at);
    if (ps->rc != ANQ_OK)
        return;
    int drop = 0;
    if (tag == T_HTML && ps->n > 0) {
        drop = 1;
        ps->skipped++;
    } else if (tag == T_HEAD && ps->n != 1) {
        drop = 1;
        ps->skipped++;
    } else if (tag == T_BODY) {
        for (size_t i = 0; i < ps->n; i++)
            if (ps->st[i].tag == T_BODY) {
                drop = 1;
                ps->skipped++;
            }
    }
    if (!drop && ps->n >= MAX_OPEN) {
        /* even a void element is one level for a moment */
        fail(ps, ANQ_ERR_TOO_DEEP);
        return;
    }
    anq_node *el = drop ? NULL : new_element(ps, name, nl, k, tag, at);
    if (ps->rc != ANQ_OK)
        return;
    if (!drop)
        seen(ps, tag);

    /* attributes */
    const char *e = ps->end;
    skip_blanks(ps);
    while (ps->p < e && *ps->p != '>' && !(*ps->p == '/' && ps->p + 1 < e && ps->p[1] == '>')) {
        const char *an = ps->p;
        unsigned ak;
        size_t al = scan_name(an, e, &ak);
        if (al) {
            ps->p += al;
            skip_blanks(ps);
            const char *v = "";
            size_t vl = 0;
            if (ps->p < e && *ps->p == '=') {
                ps->p++;
                skip_blanks(ps);
                att_value(ps, &v, &vl);
            } else {
                const char *b = boolean_attr(an, al);
                if (b) {
                    v = b;
                    vl = al;
                }
            }
            if (el && (ps->val.oom || add_attr(ps, el, an, al, ak, v, vl) != 0)) {
                fail(ps, ANQ_ERR_NOMEM);
                return;
            }
        } else {
            /* not a name: dropped up to a blank or the tag's end */
            while (ps->p < e && !is_blank((unsigned char)*ps->p) && *ps->p != '>' &&
                   !(*ps->p == '/' && ps->p + 1 < e && ps->p[1] == '>'))
                ps->p++;
        }
        skip_blanks(ps);
    }

    if (ps->p < e && *ps->p == '/') {
        /* "<x/>" is an empty x; a dropped tag written so closes the
         * current element */
        ps->p += 2;
        if (drop && ps->n)
            ps->n--;
        return;
    }
    if (ps->p >= e) {
        if (drop && ps->n)
            ps->n--;
        return;
    }
    ps->p++; /* '>' */
    if (drop || (tags[tag].flags & VOID))
        return;
    push(ps, el, name, nl, k, tag);
}

static int same_name(const open_el *o, const char *name, size_t len, int tag)
{
    if (tag != T_NONE || o->tag != T_NONE)
        return tag == o->tag;
    return o->len == len && eq_lower(o->name, name, len);
}

/* "</" at p */
static void end_tag(parser *ps)
{
    ps->p += 2;
    const char *name = ps->p;
    unsigned k;
    size_t nl = scan_name(name, ps->end, &k);
    if (nl == 0)
        return; /* "</" dropped, what follows is text */
    ps->p += nl;
    skip_blanks(ps);
    if (ps->p < ps->end && *ps->p == '>') {
        ps->p++;
    } else {
        const char *gt = memchr(ps->p, '>', (size_t)(ps->end - ps->p));
        ps->p = gt ? gt + 1 : ps->end;
    }
    int tag;
    const open_el *o = top(ps);
    if (o && o->len == nl && eq_lower(o->name, name, nl)) {
        /* the current element's name (its T_ value is that of the name) */
        tag = o->tag;
        if (!ps->skipped || (tag != T_HTML && tag != T_BODY && tag != T_HEAD)) {
            ps->n--;
            return;
        }
    } else {
        tag = tag_id(name, nl, ps->end);
    }
    if (ps->skipped && (tag == T_HTML || tag == T_BODY || tag == T_HEAD)) {
        ps->skipped--;
        return;
    }
    size_t i = ps->n;
    while (i > 0 && !same_name(&ps->st[i - 1], name, nl, tag))
        i--;
    if (i == 0)
        return;
    unsigned prio = tags[tag].prio;
    for (size_t j = ps->n; j > i; j--)
        if (tags[ps->st[j - 1].tag].prio > prio)
            return;
    ps->n = i - 1;
}

/* script or style content: up to "</" and the element's name */
static void raw_text(parser *ps)
{
    open_el *t = top(ps);
    const char *s = ps->p, *e = ps->end, *q = s;
    while ((q = memchr(q, '<', (size_t)(e - q))) != NULL) {
        if (q + 1 < e && q[1] == '/' && (size_t)(e - q - 2) >= t->len) {
            size_t i = 0;
            while (i < t->len && (char)(q[2 + i] | 0x20) == t->name[i])
                i++;
            if (i == t->len)
                break;
        }
        q++;
    }
    if (!q)
        q = e;
    if (q > s)
        add_text(ps, t->node, ANQ_NODE_CDATA, s, (size_t)(q - s), s);
    ps->p = q;
}

static void content(parser *ps)
{
    const char *e = ps->end;
    while (ps->p < e && ps->rc == ANQ_OK) {
        const char *p = ps->p;
        char c1 = p + 1 < e ? p[1] : '\0';
        if (*p == '<' && c1 == '/') {
            end_tag(ps);
            continue;
        }
        if (*p == '<' && (is_alpha((unsigned char)c1) || c1 == '_' || c1 == ':')) {
            unsigned k;
            size_t nl = scan_name(p + 1, e, &k);
            int tag = tag_id(p + 1, nl, e);
            /* a start tag first closes what it cannot sit in (by the name
             * up to a '.') */
            open_el *t = top(ps);
            if (t && closable(t->tag)) {
                int pre = tag;
                if (k & DOT)
                    pre = tag_id(p + 1, (size_t)((const char *)memchr(p + 1, '.', nl) - (p + 1)),
                                 e);
                auto_close(ps, pre);
                t = top(ps);
            }
            if (t && (tags[t->tag].flags & RAW)) {
                raw_text(ps);
            } else if (is_alpha((unsigned char)c1)) {
                start_tag(ps, nl, k, tag);
            } else {
                ps->p++;
                if (t)
                    add_text(ps, t->node, ANQ_NODE_TEXT, p, 1, p);
            }
            continue;
        }
        open_el *t = top(ps);
        if (t && (tags[t->tag].flags & RAW)) {
            raw_text(ps);
            continue;
        }
        if (*p == '<' && c1 == '!' && starts_nocase(p + 2, e, "DOCTYPE")) {
            doctype(ps);
            p = ps->p;
            if (p >= e)
                break;
            c1 = p + 1 < e ? p[1] : '\0';
        }
        if (*p == '<' && c1 == '!' && p + 3 < e && p[2] == '-' && p[3] == '-') {
            comment(ps);
        } else if (*p == '<' && c1 == '?') {
            proc_instr(ps);
        } else if (*p == '<' && is_alpha((unsigned char)c1)) {
            /* after a DOCTYPE */
            unsigned k;
            size_t nl = scan_name(p + 1, e, &k);
            start_tag(ps, nl, k, tag_id(p + 1, nl, e));
        } else if (*p == '<') {
            ps->p++;
            if (t)
                add_text(ps, t->node, ANQ_NODE_TEXT, p, 1, p);
        } else if (*p == '&') {
            reference(ps);
        } else {
            char_data(ps);
        }
    }
}

/* ---- "</br>" ---- */

/* "</br>" (blanks allowed before '>') is read as "<br/>", as the html room
 * did before handing bytes to libxml2: the same bytes rewritten in place */
static int is_end_br(const char *p, const char *e)
{
    return e - p > 3 && p[1] == '/' && (p[2] | 0x20) == 'b' && (p[3] | 0x20) == 'r';
}

/* the first "</br" (any case) in [p, e), or NULL */
static const char *find_end_br(const char *p, const char *e)
{
#ifdef USE_SSE2
    /* "</" looked for 32 bytes at a time */
    const __m128i lt = _mm_set1_epi8('<'), sl = _mm_set1_epi8('/');
    for (; e - p >= 33; p += 32) {
        __m128i x0 = _mm_and_si128(_mm_cmpeq_epi8(load16(p), lt),
                                   _mm_cmpeq_epi8(load16(p + 1), sl));
        __m128i x1 = _mm_and_si128(_mm_cmpeq_epi8(load16(p + 16), lt),
                                   _mm_cmpeq_epi8(load16(p + 17), sl));
        if (!_mm_movemask_epi8(_mm_or_si128(x0, x1)))
            continue;
        unsigned m = (unsigned)_mm_movemask_epi8(x0) | (unsigned)_mm_movemask_epi8(x1) << 16;
        for (; m; m &= m - 1) {
            const char *q = p + __builtin_ctz(m);
            if (is_end_br(q, e))
                return q;
        }
    }
#endif
    for (; (p = memchr(p, '<', (size_t)(e - p))) != NULL; p++)
        if (is_end_br(p, e))
            return p;
    return NULL;
}

static int has_end_br(const char *s, size_t len)
{
    return find_end_br(s, s + len) != NULL;
}

static void fix_end_br(char *s, size_t len)
{
    char *e = s + len;
    for (char *p = s; (p = (char *)(uintptr_t)find_end_br(p, e)) != NULL; p++) {
        const char *q = p + 4;
        while (q < e && is_blank((unsigned char)*q))
            q++;
        if (q < e && *q == '>') {
            p[1] = p[2];
            p[2] = p[3];
            p[3] = '/';
        }
    }
}

/* ---- the document ---- */

static int build(parser *ps, const char *s, size_t len)
{
    const char *nul = memchr(s, '\0', len);
    ps->p = s;
    ps->end = nul ? nul : s + len;
    ps->line = 1;
    ps->nl = memchr(s, '\n', (size_t)(ps->end - s));
    if (!ps->nl)
        ps->nl = ps->end;
    if (ps->end - ps->p >= 3 && memcmp(ps->p, "\xEF\xBB\xBF", 3) == 0)
        ps->p += 3; /* a byte order mark */
    skip_blanks(ps);
    if (ps->p >= ps->end)
        return ANQ_ERR_EMPTY;
    /* comments, processing instructions and a DOCTYPE before the page */
    for (int round = 0; round < 2 && ps->rc == ANQ_OK; round++) {
        for (;;) {
            const char *p = ps->p, *e = ps->end;
            if (e - p >= 4 && memcmp(p, "<!--", 4) == 0)
                comment(ps);
            else if (e - p >= 2 && memcmp(p, "<?", 2) == 0)
                proc_instr(ps);
            else
                break;
            skip_blanks(ps);
        }
        if (round == 0 && ps->end - ps->p >= 2 && ps->p[0] == '<' && ps->p[1] == '!' &&
            starts_nocase(ps->p + 2, ps->end, "DOCTYPE"))
            doctype(ps);
        skip_blanks(ps);
    }
    content(ps);
    if (ps->rc == ANQ_OK)
        flush(ps);
    if (ps->rc == ANQ_OK && !anq__doc_root(ps->d))
        ps->rc = ANQ_ERR_PARSE;
    return ps->rc;
}

int anq__html_build(const char *utf8, size_t len, int fragment, anq_doc **out)
{
    static const char pre[] = "<html><body>";
    static const char post[] = "</body></html>";
    *out = NULL;
    if (len > (size_t)INT_MAX - 64)
        return ANQ_ERR_TOO_LARGE;
    if (!fragment && len == 0)
        return ANQ_ERR_EMPTY;
    char *tmp = NULL;
    const char *src = utf8;
    size_t n = len;
    if (fragment) {
        n = sizeof pre - 1 + len + sizeof post - 1;
        tmp = anq__malloc(n);
        if (!tmp)
            return ANQ_ERR_NOMEM;
        memcpy(tmp, pre, sizeof pre - 1);
        if (len)
            memcpy(tmp + sizeof pre - 1, utf8, len);
        memcpy(tmp + sizeof pre - 1 + len, post, sizeof post - 1);
        fix_end_br(tmp + sizeof pre - 1, len);
        src = tmp;
    } else if (has_end_br(utf8, len)) {
        tmp = anq__malloc(len);
        if (!tmp)
            return ANQ_ERR_NOMEM;
        memcpy(tmp, utf8, len);
        fix_end_br(tmp, len);
        src = tmp;
    }
    /* not calloc: the stack of open elements need not be cleared */
    parser *ps = anq__malloc(sizeof *ps);
    anq_doc *d = NULL;
    int rc = ANQ_ERR_NOMEM;
    if (ps) {
        memset(ps, 0, offsetof(parser, inline_st));
        ps->st = ps->inline_st;
        ps->st_cap = OPEN_INLINE;
        d = anq__doc_new(0);
    }
    if (d) {
        ps->d = d;
        rc = build(ps, src, n);
    }
    if (ps) {
        anq__buf_free(&ps->pend);
        anq__buf_free(&ps->val);
        anq__free(ps->set);
        if (ps->st != ps->inline_st)
            anq__free(ps->st);
        anq__free(ps);
    }
    anq__free(tmp);
    if (rc != ANQ_OK) {
        anq__doc_free(d);
        return rc;
    }
    *out = d;
    return ANQ_OK;
}
