/* SPDX-License-Identifier: MIT */
/* anq's own XML parser (see xmlparse.h). One forward pass over the bytes;
 * the open elements are the tree's own parent chain, so nothing recurses
 * on the input's depth. Text is handed to the tree at most twice per node:
 * a run of the input that needs no change goes in at once (the common
 * case: a node whole; the tree is asked to copy it, no scratch buffer);
 * anything else (pieces around references, CR LF, a dropped '<') is
 * gathered in a scratch buffer and added once, after that first run when
 * there was one. Every step is linear: attribute duplicates are left
 * to the tree (capped), namespace bindings and DTD entities are looked up
 * among at most XP_MAX_NS / XP_MAX_ENTS entries.
 *
 * Where the comments say "libxml2 ...", they describe what the library's
 * previous XML parser (libxml2 2.9 in recovery mode, whose tree was copied)
 * did with the same bytes: the records are meant to stay the same. */
#include "xmlparse.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "anq.h"
#include "buf.h"
#include "input.h"

/* The scans of names, text, indentation and attribute values take 16 bytes
 * a step with SSE2 (x86-64 has it always); the plain loops after them give
 * the same result alone, and finish what is left. always_inline: the name
 * scan, in the tag readers. */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define XP_SSE2 1
#endif

#if defined(__GNUC__) || defined(__clang__)
#define XP_INLINE static inline __attribute__((always_inline))
#else
#define XP_INLINE static inline
#endif

#define XP_MAX_NS 64    /* namespace bindings in scope (more are not bound) */
#define XP_MAX_ENTS 64  /* general entities of the DTD that are noted */

typedef struct ns_bind {
    const char *p;
    size_t n;
    size_t depth; /* of the element declaring it */
} ns_bind;

typedef struct ent_decl {
    const char *name, *val;
    size_t n, vn;
} ent_decl;

typedef struct raw_attr {
    const char *q;     /* qualified name, in the input */
    size_t qn;
    const char *colon; /* its first ':', or NULL */
    const char *v;     /* the value when it is v[0..len) of the input, */
    size_t off, len;   /* else vals.data[off..off + len) (decoded) */
} raw_attr;

typedef struct xp {
    const char *p, *end;
    unsigned line;
    int rc;
    anq_doc *d;
    anq_node *cur;   /* the open element (NULL before the root) */
    size_t depth;    /* open elements */
    int halt;        /* rc is set, or the root element is closed */
    int external;    /* the DTD has an external subset or parameter entities */

    size_t nns, nents;

    /* the text or CDATA node being gathered */
    int pend;              /* 0, ANQ_NODE_TEXT or ANQ_NODE_CDATA */
    unsigned pend_line;
    const char *pend_src;  /* not NULL: the node is pend_src[0..pend_n) of the input */
    size_t pend_n;
    anq_buf txt;           /* else: the node's text */
    size_t pend_base;      /* bytes of the text node it will be added to */

    /* the start tag being read */
    anq_buf vals;
    raw_attr *atts;
    size_t natts, catts;

    /* the tables, last: only their first nns / nents / depth + 1 entries
     * are ever read, the parse does not clear them */
    ns_bind ns[XP_MAX_NS];
    ent_decl ents[XP_MAX_ENTS];
    /* nlen[k]: the length of the name of the open element at depth k */
    size_t nlen[ANQ_XML_MAX_DEPTH + 2];
} xp;

/* ------------------------------------------------------------------ */
/* Characters                                                            */

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* XML 1.0 (fifth edition) name characters, as libxml2 checks them. */
static int name_start_cp(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
           (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
           (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
           (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
           (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0xEFFFF);
}

static int name_cp(uint32_t c)
{
    return name_start_cp(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
           (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

/* A valid UTF-8 sequence at p: its length and *cp; 0 when there is none. */
static size_t utf8_get(const char *p, const char *end, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t rest = (size_t)(end - p);
    if (rest == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n;
    uint32_t c, min;
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        n = 2;
        c = u[0] & 0x1Fu;
        min = 0x80;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        n = 3;
        c = u[0] & 0x0Fu;
        min = 0x800;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        n = 4;
        c = u[0] & 0x07u;
        min = 0x10000;
    } else {
        return 0;
    }
    if (rest < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}


/* Name bytes: 1 = may start a name (ASCII), 2 = may follow, but ':' (which
 * the scan handles apart, noting where the prefix ends). Bytes outside
 * ASCII are neither: the scan reads them as UTF-8. */
static const unsigned char name_tab[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0, 0, 0, 0, 0,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 3,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
};

#ifdef XP_SSE2
/* The bits of the bytes of v that are not ASCII letters, digits, '_', '-'
 * or '.' (name_tab's 2). */
static inline unsigned not_name_bits(__m128i v)
{
    __m128i l = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8('a' - 1)),
                                  _mm_cmplt_epi8(l, _mm_set1_epi8('z' + 1)));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                  _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    __m128i punct = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')),
                                              _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))));
    __m128i ok = _mm_or_si128(_mm_or_si128(alpha, digit), punct);
    return (unsigned)_mm_movemask_epi8(ok) ^ 0xFFFFu;
}
#endif

/* The first byte at or after q that name_tab does not mark 2. */
static inline const char *skip_name_bytes(const char *q, const char *end)
{
#ifdef XP_SSE2
    while (end - q >= 16) {
        __m128i v;
        memcpy(&v, q, 16);
        unsigned bits = not_name_bits(v);
        if (bits)
            return q + __builtin_ctz(bits);
        q += 16;
    }
#endif
    while (q < end && (name_tab[(unsigned char)*q] & 2))
        q++;
    return q;
}

/* The end of the XML Name at p (p itself when there is none); *colon: its
 * first ':' (NULL when it has none). */
XP_INLINE const char *scan_qname(const char *p, const char *end, const char **colon)
{
    const char *q = p;
    *colon = NULL;
    if (q < end && (unsigned char)*q < 0x80) {
        unsigned char c = (unsigned char)*q;
        if (!(name_tab[c] & 1))
            return q;
        if (c == ':')
            *colon = q;
        q++;
    }
    for (;;) {
        q = skip_name_bytes(q, end);
        if (q >= end)
            return q;
        unsigned char c = (unsigned char)*q;
        if (c == ':') {
            if (!*colon)
                *colon = q;
            q++;
            continue;
        }
        if (c < 0x80)
            return q;
        uint32_t cp;
        size_t n = utf8_get(q, end, &cp);
        if (n == 0 || !(q == p ? name_start_cp(cp) : name_cp(cp)))
            return q;
        q += n;
    }
}

static const char *scan_name(const char *p, const char *end)
{
    const char *colon;
    return scan_qname(p, end, &colon);
}

/* a[0..n) and b[0..n) hold the same bytes (n > 0). */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16) {
        uint64_t a0, b0, a1, b1;
        memcpy(&a0, a, 8);
        memcpy(&b0, b, 8);
        memcpy(&a1, a + n - 8, 8);
        memcpy(&b1, b + n - 8, 8);
        return a0 == b0 && a1 == b1;
    }
    if (n >= 4 && n < 8) {
        uint32_t a0, b0, a1, b1;
        memcpy(&a0, a, 4);
        memcpy(&b0, b, 4);
        memcpy(&a1, a + n - 4, 4);
        memcpy(&b1, b + n - 4, 4);
        return a0 == b0 && a1 == b1;
    }
    if (n < 4) {
        for (size_t i = 0; i < n; i++)
            if (a[i] != b[i])
                return 0;
        return 1;
    }
    return memcmp(a, b, n) == 0;
}

/* The length of the prefix of the qualified name q[0..n), whose first ':'
 * is at c (NULL: none), or 0 when libxml2 saw no prefix in it ("a:b" has
 * one; ":a", "a:", "a::b", "a:1" have none). */
static size_t prefix_len(const char *q, size_t n, const char *c)
{
    if (!c || c == q || (size_t)(c - q) + 1 >= n)
        return 0;
    const char *l = c + 1;
    unsigned char l0 = (unsigned char)*l;
    if (l0 < 0x80) /* name_start_cp(), in name_tab */
        return (name_tab[l0] & 1) && l0 != ':' ? (size_t)(c - q) : 0;
    uint32_t cp;
    size_t k = utf8_get(l, q + n, &cp);
    if (k == 0 || cp == ':' || !name_start_cp(cp))
        return 0;
    return (size_t)(c - q);
}

/* Skip white space, counting lines. */
static const char *skip_blanks(xp *x, const char *p)
{
    while (p < x->end && is_blank((unsigned char)*p)) {
        if (*p == '\n')
            x->line++;
        p++;
    }
    return p;
}

static void count_lines(xp *x, const char *a, const char *b)
{
    while (a < b) {
        const char *n = memchr(a, '\n', (size_t)(b - a));
        if (!n)
            return;
        x->line++;
        a = n + 1;
    }
}

/* The first occurrence of the 2- or 3-byte string pat in [p, end). */
static const char *find(const char *p, const char *end, const char *pat, size_t n)
{
    while ((size_t)(end - p) >= n) {
        const char *c = memchr(p, pat[0], (size_t)(end - p) - (n - 1));
        if (!c)
            return NULL;
        if (memcmp(c, pat, n) == 0)
            return c;
        p = c + 1;
    }
    return NULL;
}

static int starts(const char *p, const char *end, const char *s, size_t n)
{
    return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/* ------------------------------------------------------------------ */
/* Building                                                              */

static void fail(xp *x, int rc)
{
    if (!x->rc)
        x->rc = rc;
    x->halt = 1;
}

/* Hand the gathered text or CDATA node to the tree. */
static void flush_pend(xp *x)
{
    const char *s;
    size_t n;
    if (x->pend_src) {
        s = x->pend_src;
        n = x->pend_n;
    } else {
        if (x->txt.oom) {
            fail(x, ANQ_ERR_NOMEM);
            return;
        }
        s = x->txt.data ? x->txt.data : "";
        n = x->txt.len;
    }
    if (x->cur && anq__doc_add_text(x->d, x->cur, x->pend, s, n, x->pend_line) != 0)
        fail(x, ANQ_ERR_NOMEM);
    x->pend = 0;
    x->pend_src = NULL;
    x->pend_n = 0;
    anq__buf_clear(&x->txt);
}

static inline void flush(xp *x)
{
    if (x->pend)
        flush_pend(x);
}

/* The text node the open element ends with, or NULL. */
static anq_node *last_text(const xp *x)
{
    anq_node *l = x->cur ? x->cur->last : NULL;
    return l && l->type == ANQ_NODE_TEXT ? l : NULL;
}

/* Add s[0..n) to the text (or CDATA) node being gathered; `src`: s lies in
 * the input and stays valid. A text node that follows one added by
 * text_node() goes into it: the size limit counts both. */
static void pend_add(xp *x, int type, const char *s, size_t n, int src, unsigned line)
{
    if (x->pend != type) {
        flush(x);
        x->pend = type;
        x->pend_line = line;
        anq_node *t = type == ANQ_NODE_TEXT ? last_text(x) : NULL;
        x->pend_base = t ? t->content_len : 0;
        if (src) {
            x->pend_src = s;
            x->pend_n = n;
            goto check;
        }
    } else if (x->pend_src) {
        if (src && s == x->pend_src + x->pend_n) {
            x->pend_n += n;
            goto check;
        }
        anq__buf_add(&x->txt, x->pend_src, x->pend_n);
        x->pend_src = NULL;
        x->pend_n = 0;
    }
    anq__buf_add(&x->txt, s, n);
check:
    if ((x->pend_src ? x->pend_n : x->txt.len) > ANQ_XML_MAX_TEXT - x->pend_base)
        fail(x, ANQ_ERR_TOO_LARGE);
}

/* A text node s[0..n) of the input added at once: when nothing is gathered
 * and the open element does not end with text. What may follow it in the
 * same node (a reference, more text after a dropped '<') is gathered by
 * pend_add() and added once; so no node is built up piece by piece. */
static void text_node(xp *x, const char *s, size_t n, unsigned line)
{
    if (n > ANQ_XML_MAX_TEXT) {
        fail(x, ANQ_ERR_TOO_LARGE);
        return;
    }
    if (anq__doc_add_text(x->d, x->cur, ANQ_NODE_TEXT, s, n, line) != 0)
        fail(x, ANQ_ERR_NOMEM);
}

/* The last piece of a text run, s[0..n) of the input. */
static inline void text_piece(xp *x, const char *s, size_t n, unsigned line)
{
    if (x->pend == ANQ_NODE_CDATA)
        flush_pend(x);
    if (!x->pend && !last_text(x))
        text_node(x, s, n, line);
    else
        pend_add(x, ANQ_NODE_TEXT, s, n, 1, line);
}

/* A comment or an OTHER node (processing instruction, entity reference)
 * under the open element. `norm`: turn CR LF and CR into LF. */
static void add_leaf(xp *x, int type, const char *s, size_t n, int norm, unsigned line)
{
    flush(x);
    if (!x->cur || x->rc)
        return;
    if (norm && memchr(s, '\r', n)) {
        anq__buf_clear(&x->txt);
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '\r') {
                anq__buf_addc(&x->txt, '\n');
                if (i + 1 < n && s[i + 1] == '\n')
                    i++;
            } else {
                anq__buf_addc(&x->txt, s[i]);
            }
        }
        if (x->txt.oom) {
            fail(x, ANQ_ERR_NOMEM);
            return;
        }
        s = anq__buf_cstr(&x->txt);
        n = x->txt.len;
    }
    if (anq__doc_add_text(x->d, x->cur, type, s, n, line) != 0)
        fail(x, ANQ_ERR_NOMEM);
    anq__buf_clear(&x->txt);
}

/* ------------------------------------------------------------------ */
/* References                                                            */

static int is_xml_char(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A character reference at p ("&#"): where it ends, and *cp, 0 when it
 * gives nothing. As libxml2: "&#x" (lower-case x) starts a hexadecimal one;
 * digits are read up to ';'; a character that is no digit ends it without
 * being consumed and gives nothing; code points that are not XML
 * characters give nothing. */
static const char *char_ref(const char *p, const char *end, uint32_t *cp)
{
    uint32_t val = 0;
    int ok = 1;
    int hex = p + 2 < end && p[2] == 'x';
    p += hex ? 3 : 2;
    for (;; p++) {
        if (p >= end) {
            ok = 0;
            break;
        }
        if (*p == ';')
            break;
        int dv = hex ? hex_digit(*p) : (*p >= '0' && *p <= '9' ? *p - '0' : -1);
        if (dv < 0) {
            ok = 0;
            break;
        }
        val = val * (hex ? 16u : 10u) + (uint32_t)dv;
        if (val > 0x110000)
            val = 0x110000;
    }
    if (ok)
        p++; /* the ';' */
    *cp = ok && val < 0x110000 && is_xml_char(val) ? val : 0;
    return p;
}

static const char *predefined(const char *n, size_t len)
{
    switch (len) {
    case 2:
        if (memcmp(n, "lt", 2) == 0)
            return "<";
        if (memcmp(n, "gt", 2) == 0)
            return ">";
        break;
    case 3:
        if (memcmp(n, "amp", 3) == 0)
            return "&";
        break;
    case 4:
        if (memcmp(n, "apos", 4) == 0)
            return "'";
        if (memcmp(n, "quot", 4) == 0)
            return "\"";
        break;
    default:
        break;
    }
    return NULL;
}

static const ent_decl *find_entity(const xp *x, const char *n, size_t len)
{
    for (size_t i = 0; i < x->nents; i++)
        if (x->ents[i].n == len && memcmp(x->ents[i].name, n, len) == 0)
            return &x->ents[i];
    return NULL;
}

enum ref_kind { REF_NONE, REF_CHAR, REF_DECLARED, REF_UNKNOWN };

/* The reference at p ('&'): where its reading ends, what it is, and for
 * REF_CHAR its UTF-8 bytes in out[0..*n). libxml2: '&' without a name is
 * dropped, "&name" without ';' is dropped, an entity that the DTD does not
 * declare is dropped (REF_UNKNOWN: kept as a reference only when the DTD
 * has parts it did not read). */
static const char *reference(const xp *x, const char *p, int *kind, char out[4], size_t *n,
                             const ent_decl **ent)
{
    const char *end = x->end;
    *kind = REF_NONE;
    *ent = NULL;
    if (p + 1 < end && p[1] == '#') {
        uint32_t cp;
        const char *q = char_ref(p, end, &cp);
        if (cp) {
            *kind = REF_CHAR;
            *n = anq__utf8_put(out, cp);
        }
        return q;
    }
    const char *nm = p + 1;
    const char *ne = scan_name(nm, end);
    if (ne == nm)
        return nm;
    if (ne >= end || *ne != ';')
        return ne;
    size_t len = (size_t)(ne - nm);
    const char *pre = predefined(nm, len);
    if (pre) {
        *kind = REF_CHAR;
        out[0] = pre[0];
        *n = 1;
    } else if ((*ent = find_entity(x, nm, len)) != NULL) {
        *kind = REF_DECLARED;
    } else if (x->external) {
        *kind = REF_UNKNOWN;
    }
    return ne + 1;
}

/* ------------------------------------------------------------------ */
/* Content                                                               */

/* Bytes that stop the text loops: bit 1 in libxml2's fast (ASCII) path
 * ('<', '&', LF, CR, ']', bytes outside ASCII, control characters but TAB),
 * bit 2 in its other path ('<', '&', LF, CR). */
static const unsigned char stop_table[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 3, 1, 1, 3, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* The first byte at or after p that stop_table marks 1 (or end). */
static inline const char *text_stop1(const char *p, const char *end)
{
#ifdef XP_SSE2
    while (end - p >= 16) {
        __m128i v;
        memcpy(&v, p, 16);
        /* signed: below 0x20 are the controls and the bytes outside ASCII */
        __m128i m = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                                     _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
        m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
        m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
        m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(']')));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return p + __builtin_ctz(bits);
        p += 16;
    }
#endif
    while (p < end && !(stop_table[(unsigned char)*p] & 1))
        p++;
    return p;
}

/* The first byte at or after p that stop_table marks 2 (or end). */
static inline const char *text_stop2(const char *p, const char *end)
{
#ifdef XP_SSE2
    while (end - p >= 16) {
        __m128i v;
        memcpy(&v, p, 16);
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                         _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return p + __builtin_ctz(bits);
        p += 16;
    }
#endif
    while (p < end && !(stop_table[(unsigned char)*p] & 2))
        p++;
    return p;
}

/* The first byte at or after p that is no space or TAB (or end). */
static inline const char *skip_indent(const char *p, const char *end)
{
#ifdef XP_SSE2
    while (end - p >= 16) {
        __m128i v;
        memcpy(&v, p, 16);
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
        unsigned bits = (unsigned)_mm_movemask_epi8(m) ^ 0xFFFFu;
        if (bits)
            return p + __builtin_ctz(bits);
        p += 16;
    }
#endif
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* Text from x->p to the next '<' or '&' or the end. Two libxml2 paths are
 * reproduced: on its ASCII path, "]]>" makes it drop the text read since
 * the start of the run (or since the last CR LF) and one ']'; once a byte
 * outside ASCII (or a lone CR) is met, the run is read to its end and
 * "]]>" stays. */
static void text_run(xp *x)
{
    const char *p = x->p, *end = x->end;
    const char *seg = p;
    unsigned seg_line = x->line;
    if (*p == '\n') {
        /* the common run: a line end and the indentation of a tag */
        const char *q = skip_indent(p + 1, end);
        if (q < end && *q == '<') {
            x->line++;
            x->p = q;
            text_piece(x, p, (size_t)(q - p), seg_line);
            return;
        }
    }
    for (;;) {
        p = text_stop1(p, end);
        if (p >= end)
            goto done;
        unsigned char c = (unsigned char)*p;
        if (c == '\n') {
            x->line++;
            p++;
        } else if (c == '<' || c == '&') {
            goto done;
        } else if (c == ']') {
            if (end - p >= 3 && p[1] == ']' && p[2] == '>') {
                seg = ++p;
                seg_line = x->line;
            } else {
                p++;
            }
        } else if (c == '\r' && p + 1 < end && p[1] == '\n') {
            if (p > seg)
                pend_add(x, ANQ_NODE_TEXT, seg, (size_t)(p - seg), 1, seg_line);
            seg = ++p;
            seg_line = x->line;
        } else {
            break;
        }
    }
    /* the other path, to the end of the run */
    for (;;) {
        p = text_stop2(p, end);
        if (p >= end)
            break;
        unsigned char c = (unsigned char)*p;
        if (c == '\n') {
            x->line++;
            p++;
            continue;
        }
        if (c != '\r')
            break;
        if (p > seg)
            pend_add(x, ANQ_NODE_TEXT, seg, (size_t)(p - seg), 1, seg_line);
        if (p + 1 < end && p[1] == '\n') {
            seg = ++p;
        } else {
            pend_add(x, ANQ_NODE_TEXT, "\n", 1, 0, x->line);
            seg = ++p;
        }
        seg_line = x->line;
    }
done:
    x->p = p;
    if (p > seg)
        text_piece(x, seg, (size_t)(p - seg), seg_line);
}

static void content_ref(xp *x)
{
    int kind;
    char u[4];
    size_t n = 0;
    const ent_decl *e;
    unsigned line = x->line;
    const char *q = reference(x, x->p, &kind, u, &n, &e);
    x->p = q;
    if (kind == REF_CHAR)
        pend_add(x, ANQ_NODE_TEXT, u, n, 0, line);
    else if (kind == REF_DECLARED)
        add_leaf(x, ANQ_NODE_OTHER, e->val, e->vn, 0, line);
    else if (kind == REF_UNKNOWN)
        add_leaf(x, ANQ_NODE_OTHER, "", 0, 0, line);
}

/* A comment at x->p ("<!--"). libxml2 looks for "-->" two ways: on its
 * ASCII path a "--" not followed by '>' is skipped whole (so "--->" does
 * not end the comment there); past a byte outside ASCII or a lone CR, the
 * first "-->" ends it. Unfinished: dropped. */
static void comment(xp *x)
{
    const char *s = x->p + 4, *end = x->end, *p = s, *e = NULL;
    unsigned line = x->line;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c == '-') {
            if (p + 1 < end && p[1] == '-') {
                if (p + 2 < end && p[2] == '>') {
                    e = p;
                    break;
                }
                p += 2;
            } else {
                p++;
            }
        } else if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' &&
                                 !(c == '\r' && p + 1 < end && p[1] == '\n'))) {
            e = find(p, end, "-->", 3);
            break;
        } else {
            p++;
        }
    }
    if (!e) {
        count_lines(x, x->p, end);
        x->p = end;
        return;
    }
    count_lines(x, x->p, e);
    x->p = e + 3;
    add_leaf(x, ANQ_NODE_COMMENT, s, (size_t)(e - s), 1, line);
}

/* A CDATA section at x->p ("<![CDATA["); unfinished: dropped. */
static void cdata(xp *x)
{
    const char *s = x->p + 9;
    unsigned line = x->line;
    const char *e = find(s, x->end, "]]>", 3);
    if (!e) {
        count_lines(x, x->p, x->end);
        x->p = x->end;
        return;
    }
    count_lines(x, x->p, e);
    x->p = e + 3;
    if (!memchr(s, '\r', (size_t)(e - s))) {
        pend_add(x, ANQ_NODE_CDATA, s, (size_t)(e - s), 1, line);
        return;
    }
    /* CR LF and CR become LF */
    const char *seg = s;
    for (const char *p = s; p < e; p++) {
        if (*p != '\r')
            continue;
        if (p > seg)
            pend_add(x, ANQ_NODE_CDATA, seg, (size_t)(p - seg), 1, line);
        if (p + 1 < e && p[1] == '\n') {
            seg = p + 1;
        } else {
            pend_add(x, ANQ_NODE_CDATA, "\n", 1, 0, line);
            seg = p + 1;
        }
    }
    /* also for an empty rest: an empty section is a node */
    pend_add(x, ANQ_NODE_CDATA, seg, (size_t)(e - seg), 1, line);
}

/* A processing instruction at x->p ("<?"). Without a target name the "<?"
 * is dropped and what follows is text; unfinished: dropped. Its node has
 * the data as content. */
static void pi(xp *x)
{
    const char *end = x->end;
    unsigned line = x->line;
    const char *t = x->p + 2;
    const char *te = scan_name(t, end);
    if (te == t) {
        x->p = t;
        return;
    }
    if (starts(te, end, "?>", 2)) {
        x->p = te + 2;
        add_leaf(x, ANQ_NODE_OTHER, "", 0, 0, line);
        return;
    }
    const char *dstart = skip_blanks(x, te);
    const char *e = find(dstart, end, "?>", 2);
    if (!e) {
        count_lines(x, dstart, end);
        x->p = end;
        return;
    }
    count_lines(x, dstart, e);
    x->p = e + 2;
    add_leaf(x, ANQ_NODE_OTHER, dstart, (size_t)(e - dstart), 1, line);
}

/* ------------------------------------------------------------------ */
/* Tags                                                                  */

static const ns_bind *ns_find(const xp *x, const char *p, size_t n)
{
    for (size_t i = x->nns; i-- > 0;)
        if (x->ns[i].n == n && memcmp(x->ns[i].p, p, n) == 0)
            return &x->ns[i];
    return NULL;
}

/* The name a qualified name gets in the tree: the local name when its
 * prefix is bound ("xml" always is), else the whole name (libxml2). colon:
 * its first ':' (NULL: none). */
static void tree_name_pfx(const xp *x, const char *q, size_t qn, const char *colon,
                          const char **name, size_t *n)
{
    size_t pl = prefix_len(q, qn, colon);
    if (pl && ((pl == 3 && q[0] == 'x' && q[1] == 'm' && q[2] == 'l') || ns_find(x, q, pl))) {
        *name = q + pl + 1;
        *n = qn - pl - 1;
    } else {
        *name = q;
        *n = qn;
    }
}

static inline void tree_name(const xp *x, const char *q, size_t qn, const char *colon,
                             const char **name, size_t *n)
{
    if (colon) {
        tree_name_pfx(x, q, qn, colon, name, n);
    } else {
        *name = q;
        *n = qn;
    }
}

static void ns_pop(xp *x)
{
    while (x->nns && x->ns[x->nns - 1].depth > x->depth)
        x->nns--;
}

/* Append a decoded piece of an attribute value. */
static void val_add(xp *x, const char *s, size_t n, int stopped)
{
    if (!stopped)
        anq__buf_add(&x->vals, s, n);
}

/* Bytes that stop the scan of an attribute value: both quotes, '<', '&',
 * TAB, LF, CR. */
static const unsigned char val_stop[256] = {
    ['"'] = 1, ['\''] = 1, ['<'] = 1, ['&'] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
};

/* The first byte at or after p that val_stop marks (or end). */
static inline const char *val_scan(const char *p, const char *end)
{
#ifdef XP_SSE2
    while (end - p >= 16) {
        __m128i v;
        memcpy(&v, p, 16);
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('\'')));
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')),
                                         _mm_cmpeq_epi8(v, _mm_set1_epi8('&'))));
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                                         _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
        m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return p + __builtin_ctz(bits);
        p += 16;
    }
#endif
    while (p < end && !val_stop[(unsigned char)*p])
        p++;
    return p;
}

/* An attribute value at p (its opening quote), into a->v (a run of the
 * input, the common case) or a->off in x->vals, and a->len. libxml2: the
 * value ends at the matching quote, or (not consumed) at a '<' or the end
 * of the input, and keeps what it read; TAB, LF, CR and CR LF become one
 * space; after a reference to a DTD entity nothing more is kept (the copy
 * of libxml2's tree kept the text before it). */
static const char *attr_value(xp *x, const char *p, raw_attr *a)
{
    const char *end = x->end;
    char quote = *p++;
    const char *seg = p;
    for (;;) {
        p = val_scan(p, end);
        if (p < end && *p != quote && (*p == '"' || *p == '\''))
            p++;
        else
            break;
    }
    if (p < end && *p == quote) {
        a->v = seg;
        a->len = (size_t)(p - seg);
        return p + 1;
    }
    /* something to decode, or no end: the bytes before p are plain */
    a->v = NULL;
    a->off = x->vals.len;
    int stopped = 0;
    while (p < end) {
        char c = *p;
        if (c == quote) {
            val_add(x, seg, (size_t)(p - seg), stopped);
            a->len = x->vals.len - a->off;
            return p + 1;
        }
        if (c == '<')
            break;
        if (c == '&') {
            val_add(x, seg, (size_t)(p - seg), stopped);
            int kind;
            char u[4];
            size_t n = 0;
            const ent_decl *e;
            p = reference(x, p, &kind, u, &n, &e);
            if (kind == REF_CHAR)
                val_add(x, u, n, stopped);
            else if (kind == REF_DECLARED)
                stopped = 1;
            seg = p;
            continue;
        }
        if (c == '\n' || c == '\t' || c == '\r') {
            val_add(x, seg, (size_t)(p - seg), stopped);
            val_add(x, " ", 1, stopped);
            if (c == '\r' && p + 1 < end && p[1] == '\n')
                p++;
            if (*p == '\n')
                x->line++;
            seg = ++p;
            continue;
        }
        p++;
    }
    val_add(x, seg, (size_t)(p - seg), stopped);
    a->len = x->vals.len - a->off;
    return p;
}

static int is_byte_char(unsigned char c)
{
    return c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
}

/* Room for one more attribute in x->atts: the new slot, or NULL. */
static raw_attr *new_attr(xp *x)
{
    if (x->natts == x->catts) {
        size_t cap = x->catts ? x->catts * 2 : 16;
        raw_attr *na = anq__realloc(x->atts, cap * sizeof *na);
        if (!na)
            return NULL;
        x->atts = na;
        x->catts = cap;
    }
    return &x->atts[x->natts];
}

/* Skip white space at p (counting lines): the common case, no white space
 * or one space, inline. */
static inline const char *blanks(xp *x, const char *p)
{
    if (p < x->end && *p == ' ')
        p++;
    if (p < x->end && is_blank((unsigned char)*p))
        p = skip_blanks(x, p);
    return p;
}

/* The attribute value of a, as read. */
static const char *attr_val(xp *x, const raw_attr *a)
{
    return a->v ? a->v : anq__buf_cstr(&x->vals) + a->off;
}

/* "xmlns" or "xmlns:…" */
static int is_xmlns(const raw_attr *a)
{
    if (a->qn < 5 || memcmp(a->q, "xmlns", 5) != 0)
        return 0;
    return a->qn == 5 || (a->qn > 6 && a->colon == a->q + 5);
}

/* The start tag at x->p ('<' followed by no '/', '?', "!--", "![CDATA[").
 * libxml2: without a name the '<' is dropped (for the root: no document);
 * attributes are read while they are well formed; then "/>" gives an empty
 * element, '>' an open one, anything else an element closed at once, the
 * parse going on at that point. */
static void start_tag(xp *x)
{
    const char *end = x->end;
    unsigned line = x->line;
    if (x->depth > ANQ_XML_MAX_DEPTH) {
        fail(x, ANQ_ERR_TOO_DEEP);
        return;
    }
    const char *q = x->p + 1;
    const char *colon;
    const char *ne = scan_qname(q, end, &colon);
    if (ne == q) {
        x->p = q;
        if (!x->cur)
            fail(x, ANQ_ERR_PARSE);
        return;
    }
    const char *qname = q;
    size_t qn = (size_t)(ne - q);
    const char *name;
    size_t nn;
    anq_node *el;
    if (ne < end && *ne == '>') {
        /* the common tag, no attribute: what the general path below does */
        flush(x);
        if (x->rc)
            return;
        tree_name(x, qname, qn, colon, &name, &nn);
        el = anq__doc_add_element(x->d, x->cur, name, nn, 0, line);
        if (!el) {
            fail(x, ANQ_ERR_NOMEM);
            return;
        }
        x->p = ne + 1;
        x->cur = el;
        x->depth++;
        x->nlen[x->depth] = nn;
        return;
    }
    q = blanks(x, ne);
    x->natts = 0;
    if (x->vals.len)
        anq__buf_clear(&x->vals);
    int any_xmlns = 0;
    while (q < end && *q != '>' && !(*q == '/' && q + 1 < end && q[1] == '>') &&
           is_byte_char((unsigned char)*q)) {
        const char *an = q;
        const char *acolon;
        const char *ane = scan_qname(q, end, &acolon);
        if (ane > an) {
            q = blanks(x, ane);
            if (q < end && *q == '=') {
                q = blanks(x, q + 1);
                if (q < end && (*q == '"' || *q == '\'')) {
                    raw_attr *a = new_attr(x);
                    if (!a) {
                        fail(x, ANQ_ERR_NOMEM);
                        return;
                    }
                    a->q = an;
                    a->qn = (size_t)(ane - an);
                    a->colon = acolon;
                    q = attr_value(x, q, a);
                    x->natts++;
                    any_xmlns |= is_xmlns(a);
                }
            }
        }
        if (q >= end || *q == '>' || (*q == '/' && q + 1 < end && q[1] == '>'))
            break;
        const char *b = skip_blanks(x, q);
        if (b == q)
            break;
        q = b;
    }
    if (x->vals.oom) {
        fail(x, ANQ_ERR_NOMEM);
        return;
    }
    flush(x);
    if (x->rc)
        return;

    /* namespace declarations first: they apply to the element's own names */
    size_t depth = x->depth + 1;
    for (size_t i = 0; any_xmlns && i < x->natts; i++) {
        const raw_attr *a = &x->atts[i];
        if (a->colon == a->q + 5 && a->qn > 6 && memcmp(a->q, "xmlns", 5) == 0 &&
            a->len > 0 && x->nns < XP_MAX_NS) {
            const char *pfx = a->q + 6;
            size_t pn = a->qn - 6;
            const ns_bind *b = ns_find(x, pfx, pn);
            if (b && b->depth == depth)
                continue; /* declared twice on one element: the first counts */
            x->ns[x->nns].p = pfx;
            x->ns[x->nns].n = pn;
            x->ns[x->nns].depth = depth;
            x->nns++;
        }
    }
    tree_name(x, qname, qn, colon, &name, &nn);
    el = anq__doc_add_element(x->d, x->cur, name, nn, 0, line);
    if (!el) {
        fail(x, ANQ_ERR_NOMEM);
        return;
    }
    for (size_t i = 0; i < x->natts; i++) {
        const raw_attr *a = &x->atts[i];
        if (any_xmlns && is_xmlns(a))
            continue;
        const char *an;
        size_t ann;
        tree_name(x, a->q, a->qn, a->colon, &an, &ann);
        if (anq__doc_add_attr(x->d, el, an, ann, 0, attr_val(x, a), a->len) != 0) {
            fail(x, ANQ_ERR_NOMEM);
            return;
        }
    }
    if (q < end && *q == '>') {
        x->p = q + 1;
        x->cur = el;
        x->depth = depth;
        x->nlen[depth] = nn;
        return;
    }
    if (q + 1 < end && q[0] == '/' && q[1] == '>')
        q += 2;
    /* empty, or closed at once */
    x->p = q;
    ns_pop(x);
    if (!x->cur)
        x->halt = 1;
}

/* An end tag at x->p ("</"): it closes the open element, whatever name it
 * carries (libxml2); its name, blanks and '>' are consumed when there. The
 * common case, "</" the open element's name '>', is checked first (that
 * name is an XML Name: a scan would stop at the '>' as well). */
static void end_tag(xp *x)
{
    const char *p = x->p + 2, *end = x->end;
    size_t n = x->nlen[x->depth];
    const char *q;
    if ((size_t)(end - p) > n && p[n] == '>' && same_bytes(p, x->cur->name, n)) {
        q = p + n + 1;
    } else {
        q = scan_name(p, end);
        q = skip_blanks(x, q);
        if (q < end && *q == '>')
            q++;
    }
    x->p = q;
    flush(x);
    x->cur = x->cur->parent;
    x->depth--;
    if (x->nns)
        ns_pop(x);
    if (x->depth == 0)
        x->halt = 1;
}

static void content(xp *x)
{
    const char *end = x->end;
    while (!x->halt && x->p < end) {
        const char *p = x->p;
        if (*p == '<') {
            char c = p + 1 < end ? p[1] : '\0';
            if (c == '/')
                end_tag(x);
            else if (c == '?')
                pi(x);
            else if (c == '!' && starts(p, end, "<![CDATA[", 9))
                cdata(x);
            else if (c == '!' && starts(p, end, "<!--", 4))
                comment(x);
            else
                start_tag(x);
        } else if (*p == '&') {
            content_ref(x);
        } else {
            text_run(x);
        }
    }
    flush(x);
}

/* ------------------------------------------------------------------ */
/* Prolog                                                                */

static const char *skip_quoted(xp *x, const char *p)
{
    if (p >= x->end || (*p != '"' && *p != '\''))
        return p;
    const char *e = memchr(p + 1, *p, (size_t)(x->end - p - 1));
    if (!e)
        e = x->end - 1;
    count_lines(x, p, e + 1);
    return e + 1;
}

/* One markup declaration at p ("<!"): noted when it declares a general
 * entity with a literal value; skipped to its '>' (quotes respected). */
static const char *markup_decl(xp *x, const char *p)
{
    const char *end = x->end;
    const char *q = p + 2;
    if (starts(q, end, "ENTITY", 6) && q + 6 < end && is_blank((unsigned char)q[6])) {
        const char *n = skip_blanks(x, q + 6);
        const char *ne = scan_name(n, end);
        if (ne > n) {
            const char *v = skip_blanks(x, ne);
            if (v < end && (*v == '"' || *v == '\'')) {
                const char *ve = memchr(v + 1, *v, (size_t)(end - v - 1));
                if (ve && x->nents < XP_MAX_ENTS &&
                    !find_entity(x, n, (size_t)(ne - n))) {
                    ent_decl *e = &x->ents[x->nents++];
                    e->name = n;
                    e->n = (size_t)(ne - n);
                    e->val = v + 1;
                    e->vn = (size_t)(ve - v - 1);
                }
            } else if (v < end && (starts(v, end, "SYSTEM", 6) || starts(v, end, "PUBLIC", 6)) &&
                       x->nents < XP_MAX_ENTS && !find_entity(x, n, (size_t)(ne - n))) {
                ent_decl *e = &x->ents[x->nents++];
                e->name = n;
                e->n = (size_t)(ne - n);
                e->val = "";
                e->vn = 0;
            }
            q = v;
        }
    }
    while (q < end && *q != '>') {
        if (*q == '"' || *q == '\'') {
            q = skip_quoted(x, q);
            continue;
        }
        if (*q == '\n')
            x->line++;
        q++;
    }
    return q < end ? q + 1 : end;
}

/* The internal subset, from after its '['; returns where its reading
 * stopped (after the ']' when it ends well). */
static const char *internal_subset(xp *x, const char *p)
{
    const char *end = x->end;
    for (;;) {
        p = skip_blanks(x, p);
        if (p >= end)
            return p;
        if (*p == ']')
            return p + 1;
        if (starts(p, end, "<!--", 4) || starts(p, end, "<?", 2)) {
            int com = p[1] == '!';
            const char *e = com ? find(p + 4, end, "-->", 3) : find(p + 2, end, "?>", 2);
            const char *to = e ? e + (com ? 3 : 2) : end;
            count_lines(x, p, to);
            p = to;
        } else if (starts(p, end, "<!", 2)) {
            p = markup_decl(x, p);
        } else if (*p == '%') {
            const char *ne = scan_name(p + 1, end);
            if (ne == p + 1 || ne >= end || *ne != ';')
                return p;
            x->external = 1; /* a parameter entity: parts of the DTD not read */
            p = ne + 1;
        } else {
            return p;
        }
    }
}

static void doctype(xp *x)
{
    const char *end = x->end;
    const char *p = skip_blanks(x, x->p + 9);
    p = scan_name(p, end);
    p = skip_blanks(x, p);
    if (starts(p, end, "SYSTEM", 6)) {
        x->external = 1;
        p = skip_quoted(x, skip_blanks(x, p + 6));
    } else if (starts(p, end, "PUBLIC", 6)) {
        x->external = 1;
        p = skip_quoted(x, skip_blanks(x, p + 6));
        p = skip_quoted(x, skip_blanks(x, p));
    }
    p = skip_blanks(x, p);
    if (p < end && *p == '[')
        p = internal_subset(x, p + 1);
    p = skip_blanks(x, p);
    if (p < end && *p == '>')
        p++;
    x->p = p;
}

/* Up to the root's '<': ANQ_OK, or ANQ_ERR_EMPTY when there is none. */
static int prolog(xp *x)
{
    const char *end = x->end;
    int seen_doctype = 0;
    if (starts(x->p, end, "\xef\xbb\xbf", 3))
        x->p += 3;
    for (;;) {
        const char *p = skip_blanks(x, x->p);
        x->p = p;
        if (p >= end)
            return ANQ_ERR_EMPTY;
        if (starts(p, end, "<?", 2) && scan_name(p + 2, end) == p + 2) {
            return ANQ_ERR_EMPTY; /* libxml2: no target, no root */
        } else if (starts(p, end, "<?", 2) || starts(p, end, "<!--", 4)) {
            int com = p[1] == '!';
            const char *e = com ? find(p + 4, end, "-->", 3) : find(p + 2, end, "?>", 2);
            if (!e)
                return ANQ_ERR_EMPTY;
            count_lines(x, p, e);
            x->p = e + (com ? 3 : 2);
        } else if (!seen_doctype && starts(p, end, "<!DOCTYPE", 9)) {
            seen_doctype = 1;
            doctype(x);
        } else {
            return *p == '<' ? ANQ_OK : ANQ_ERR_EMPTY;
        }
    }
}

/* ------------------------------------------------------------------ */

int anq__xml_parse(const char *s, size_t len, anq_doc **out)
{
    *out = NULL;
    xp x;
    memset(&x, 0, offsetof(xp, ns));
    x.p = s;
    x.end = s + len;
    x.line = 1;
    x.d = anq__doc_new(1);
    if (!x.d)
        return ANQ_ERR_NOMEM;
    int rc = prolog(&x);
    if (rc == ANQ_OK) {
        start_tag(&x);
        if (!x.rc && x.cur)
            content(&x);
        rc = x.rc;
        if (rc == ANQ_OK && (x.txt.oom || x.vals.oom))
            rc = ANQ_ERR_NOMEM;
        if (rc == ANQ_OK && !anq__doc_root(x.d))
            rc = ANQ_ERR_PARSE;
    }
    anq__buf_free(&x.txt);
    anq__buf_free(&x.vals);
    anq__free(x.atts);
    if (rc != ANQ_OK) {
        anq__doc_free(x.d);
        return rc;
    }
    *out = x.d;
    return ANQ_OK;
}
