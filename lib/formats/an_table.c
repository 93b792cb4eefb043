/* SPDX-License-Identifier: MIT */
/* The legacy site's table layout of about 2009-2015 (formats.md B2):
 * td.tdstyleh1 (legislature), "Question N° : <b>N</b>", td.tdstyleh3 (author
 * and type label), labelled span.contenu values ("Ministère interrogé > …"),
 * a date block of "Label : D [page : N]" lines and the texts in
 * div.contenutexte after "<h2> Texte de la question</h2>" /
 * "<h2> Texte de la réponse</h2>".
 *
 * NO REAL PAGE OF THIS LAYOUT WAS AVAILABLE: everything here follows the
 * description that formats.md reconstructs from peer scrapers' selectors
 * and regexes, and the fixtures under tests/golden/an_table were written from
 * it. GUESSES: the element that holds the date block (any; the lines are
 * found by their labels), a QG's transcript in the answer text, and the
 * "Question retirée le" line read either from the date block or from a
 * labelled span.contenu. */
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../buf.h"
#include "../date.h"
#include "../html.h"
#include "../scan.h"
#include "../text.h"
#include "formats.h"

/* Some occurrence of stem (sl bytes, a word that cannot overlap itself) in
 * src[0..len) followed by one of the bytes of `next` or by `tail`. */
static int has_stem(const char *src, size_t len, const char *stem, size_t sl, const char *next,
                    const char *tail, size_t tl)
{
    const char *p = src, *end = src + len;
    while ((p = anq__find_bytes(p, (size_t)(end - p), stem)) != NULL) {
        const char *a = p + sl;
        size_t rest = (size_t)(end - a);
        if (rest && *a && strchr(next, *a))
            return 1;
        if (rest >= tl && memcmp(a, tail, tl) == 0)
            return 1;
        p = a;
    }
    return 0;
}

static int detect(const char *src, size_t len)
{
    /* The layout's own classes; the legacy eZ pages (same host, same
     * wording) have none of them, the FICHE pages neither. "contenutexte",
     * "contenu\"" or "contenu'" are looked for in one scan, as "contenu" and
     * what follows it (the first is often the page's div#contenu). */
    if (!anq__find_bytes(src, len, "tdstyleh1") && !anq__find_bytes(src, len, "tdstyleh3"))
        return 0;
    if (!has_stem(src, len, "contenu", 7, "\"'", "texte", 5))
        return 0;
    if (!anq__find_bytes(src, len, "Question N"))
        return 0;
    return 90;
}

/* ---- repairs ------------------------------------------------------------ */

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The bytes that end a run of plain bytes inside a tag. */
static const unsigned char tag_stop[256] = {
    ['>'] = 1, ['<'] = 1, ['"'] = 1, ['\''] = 1, ['='] = 1,
};

static int is_blank4(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copy s[0..len) into b, repairing the layout's known breakages (formats.md
 * B2): "<//td>" bogus end tags, "==" in attributes, and attribute values
 * followed by a stray quote ("x='a'\"", "x=\"a\"'", "rowspan=2\""): inside a
 * tag, a quote that does not open a value (no '=' before it) is dropped. */
static void repair(anq_buf *b, const char *s, size_t len)
{
    /* repairs only drop bytes: the copy is never longer than the source */
    if (!anq__buf_reserve(b, len))
        return;
    char *o = b->data + b->len;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c != '<' || i + 1 >= len ||
            !(is_alpha((unsigned char)s[i + 1]) || s[i + 1] == '/')) {
            const char *lt = memchr(s + i + 1, '<', len - i - 1);
            size_t j = lt ? (size_t)(lt - s) : len;
            memcpy(o, s + i, j - i);
            o += j - i;
            i = j;
            continue;
        }
        /* a tag */
        *o++ = '<';
        i++;
        if (s[i] == '/') {
            *o++ = '/';
            while (i < len && s[i] == '/')
                i++;
        }
        char last = '<';  /* last significant byte written outside quotes */
        while (i < len) {
            /* the plain bytes up to the next '>', '<', quote or '=': copied;
             * the last of them that is not a blank becomes `last` */
            char *run = o;
#if defined(__SSE2__)
            /* sixteen bytes at a time: stored whole (the copy stays behind
             * the source, so o + 16 is inside the room reserved), kept up
             * to the first byte that ends the run */
            while (len - i >= 16) {
                __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
                __m128i hit = _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))),
                    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\''))),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('='))));
                unsigned m = (unsigned)_mm_movemask_epi8(hit);
                _mm_storeu_si128((__m128i *)(void *)o, v);
                if (m) {
                    unsigned k = (unsigned)__builtin_ctz(m);
                    o += k;
                    i += k;
                    break;
                }
                o += 16;
                i += 16;
            }
#endif
            while (i < len && !tag_stop[(unsigned char)s[i]])
                *o++ = s[i++];
            for (char *q = o; q > run; q--)
                if (!is_blank4(q[-1])) {
                    last = q[-1];
                    break;
                }
            if (i >= len)
                break;
            char ch = s[i];
            if (ch == '>' || ch == '<')
                break;  /* the end, or an unterminated tag: let the parser cope */
            if (ch == '=') {
                if (last != '=')  /* else "==": dropped */
                    *o++ = '=';
                last = '=';
                i++;
                continue;
            }
            /* a quote */
            if (last != '=') {
                i++;  /* a stray quote */
                continue;
            }
#if defined(__SSE2__)
            /* a value closed within the next sixteen bytes: copied by one
             * store (o + 17 <= the room's end, as i + 17 <= len) */
            if (len - i >= 17) {
                __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
                unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(ch)));
                if (m) {
                    unsigned k = (unsigned)__builtin_ctz(m);
                    o[0] = ch;
                    _mm_storeu_si128((__m128i *)(void *)(o + 1), v);
                    o += k + 2;
                    i += k + 2;
                    last = ch;
                    continue;
                }
            }
#endif
            const char *close = memchr(s + i + 1, ch, len - i - 1);
            if (!close || close - (s + i) > 4096) {
                *o++ = ch;
                i++;
                last = ch;
                continue;
            }
            size_t n = (size_t)(close - (s + i)) + 1;
            memcpy(o, s + i, n);
            o += n;
            i += n;
            last = ch;
        }
        if (i < len && s[i] == '>') {
            *o++ = '>';
            i++;
        }
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

/* ---- node tests ------------------------------------------------------------ */

/* anq__node_has_class(n, cls) for an element, cl = strlen(cls): the first
 * attribute named "class" (any case) holds the word cls. */
/* The bytes that end a word of a class list. */
static const unsigned char word_end[256] = {
    [0] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
};

/* The value of n's first attribute named "class" (any case), or NULL. */
static const char *class_of(const anq_node *n)
{
    for (const anq_attr *at = n->attrs; at; at = at->next) {
        const char *a = at->name;
        if ((a[0] | 0x20) == 'c' && (a[1] | 0x20) == 'l' && (a[2] | 0x20) == 'a' &&
            (a[3] | 0x20) == 's' && (a[4] | 0x20) == 's' && a[5] == '\0')
            return at->value;
    }
    return NULL;
}

static int class_has(const anq_node *n, const char *cls, size_t cl)
{
    const char *v = class_of(n);
    if (!v)
        return 0;
    const char *p = v;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        const char *w = p;
        while (!word_end[(unsigned char)*p])
            p++;
        if ((size_t)(p - w) == cl && w[0] == cls[0] && memcmp(w, cls, cl) == 0)
            return 1;
    }
    return 0;
}

/* For a td: bit 1 when its class list holds "tdstyleh1", bit 2 for
 * "tdstyleh3" (class_has() for both in one look). */
static int td_style(const anq_node *n)
{
    const char *v = class_of(n);
    if (!v)
        return 0;
    int got = 0;
    const char *p = v;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        const char *w = p;
        while (!word_end[(unsigned char)*p])
            p++;
        if (p - w == 9 && memcmp(w, "tdstyleh", 8) == 0) {
            if (w[8] == '1')
                got |= 1;
            else if (w[8] == '3')
                got |= 2;
        }
    }
    return got;
}

/* The elements the walks look for, told apart by their name: the tree
 * builder lower-cases HTML element names (lib/tree.h), so this is what
 * anq__node_is() would say, without the calls. */
enum { E_OTHER, E_TD, E_DIV, E_H2, E_SPAN, E_SCRIPT, E_STYLE, E_BR };

static int el_kind(const anq_node *n)
{
    const char *a = n->name;
    switch (a[0]) {
    case 't': return a[1] == 'd' && !a[2] ? E_TD : E_OTHER;
    case 'd': return a[1] == 'i' && a[2] == 'v' && !a[3] ? E_DIV : E_OTHER;
    case 'h': return a[1] == '2' && !a[2] ? E_H2 : E_OTHER;
    case 'b': return a[1] == 'r' && !a[2] ? E_BR : E_OTHER;
    case 's':
        if (a[1] == 'p')
            return a[2] == 'a' && a[3] == 'n' && !a[4] ? E_SPAN : E_OTHER;
        if (a[1] == 'c')
            return strcmp(a + 2, "ript") == 0 ? E_SCRIPT : E_OTHER;
        if (a[1] == 't')
            return strcmp(a + 2, "yle") == 0 ? E_STYLE : E_OTHER;
        return E_OTHER;
    default:
        return E_OTHER;
    }
}

/* The node after n in the document-order walk of root's subtree (root
 * excluded), into n's children when down is set; each of the marks that
 * the walk leaves (n, or an ancestor it climbs past) is cleared. */
static const anq_node *walk_next(const anq_node *root, const anq_node *n, int down,
                                 const anq_node **m1, const anq_node **m2)
{
    if (down && n->type == ANQ_NODE_ELEMENT && n->first)
        return n->first;
    for (;;) {
        if (n == *m1)
            *m1 = NULL;
        if (n == *m2)
            *m2 = NULL;
        if (n->next)
            return n->next;
        n = n->parent;
        if (!n || n == root)
            return NULL;
    }
}

/* ---- text helpers --------------------------------------------------------- */

/* The bytes anq__fold_label() looks at: the blanks and U+00A0's first byte. */
static const unsigned char fold_stop[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1, ['\v'] = 1, [0xC2] = 1,
};

/* anq__fold_label() of r[0..n) written to d (room for n + 1 bytes, not r):
 * runs of blanks and U+00A0 become one space, none at either end. Returns
 * the length; d is NUL-terminated. */
static size_t fold_to(char *d, const char *r, size_t n)
{
    size_t o = 0, i = 0;
    int sp = 0;
    while (i < n) {
        unsigned char c = (unsigned char)r[i];
        if (fold_stop[c]) {
            if (c != 0xC2) {
                sp = 1;
                i++;
                continue;
            }
            if (i + 1 < n && (unsigned char)r[i + 1] == 0xA0) {
                sp = 1;
                i += 2;
                continue;
            }
        }
        if (sp && o)
            d[o++] = ' ';
        sp = 0;
        d[o++] = (char)c;
        i++;
#if defined(__SSE2__)
        /* sixteen bytes at a time, up to the first blank or 0xC2; a single
         * space between two other bytes goes through as it is (folding
         * keeps it). The store stays inside d's room: o <= i and
         * i + 16 <= n. */
        int stopped = 0;
        while (n - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(r + i));
            __m128i t = _mm_sub_epi8(v, _mm_set1_epi8(0x09)); /* TAB..CR: 0..4 */
            __m128i ctl = _mm_cmpeq_epi8(_mm_max_epu8(t, _mm_set1_epi8(4)), _mm_set1_epi8(4));
            __m128i spc = _mm_cmpeq_epi8(v, _mm_set1_epi8(' '));
            __m128i c2 = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2));
            unsigned sm = (unsigned)_mm_movemask_epi8(spc);
            unsigned stop = (unsigned)_mm_movemask_epi8(_mm_or_si128(ctl, c2)) | sm;
            unsigned single = sm & ~(stop >> 1) & 0x7FFFu;
            unsigned e = stop & ~single;
            _mm_storeu_si128((__m128i *)(void *)(d + o), v);
            if (e) {
                unsigned k = (unsigned)__builtin_ctz(e);
                o += k;
                i += k;
                stopped = 1;
                break;
            }
            o += 16;
            i += 16;
        }
        if (stopped)
            continue;
#endif
        while (i < n && !fold_stop[(unsigned char)r[i]])
            d[o++] = r[i++];
    }
    d[o] = '\0';
    return o;
}

/* anq__buf_add(b, t, n), without the calls when there is room. */
static void append(anq_buf *b, const char *t, size_t n)
{
    if (b->oom || n >= b->cap - b->len || !b->data) {
        anq__buf_add(b, t, n);
        return;
    }
    char *d = b->data + b->len;
    if (n <= 8) {
        for (size_t k = 0; k < n; k++)
            d[k] = t[k];
    } else {
        memcpy(d, t, n);
    }
    d[n] = '\0';
    b->len += n;
}

/* Text of n's subtree without the question/answer texts, folded into b
 * (raw: room for the text as it is, when it comes from several nodes). */
static const char *meta_text(anq_buf *raw, anq_buf *b, const anq_node *n, size_t *len)
{
    const char *src = NULL;
    size_t sn = 0;
    anq__buf_clear(b);
    *len = 0;
    if (!n)
        return "";
    if (n->type != ANQ_NODE_ELEMENT) {
        if (n->type == ANQ_NODE_TEXT || n->type == ANQ_NODE_CDATA) {
            src = n->content;
            sn = n->content_len;
        }
    } else if (n->first && n->first == n->last &&
               (n->first->type == ANQ_NODE_TEXT || n->first->type == ANQ_NODE_CDATA)) {
        /* one text: read where it is */
        src = n->first->content;
        sn = n->first->content_len;
    } else {
        anq__buf_clear(raw);
        for (const anq_node *c = n->first; c;) {
            int t = c->type;
            if (t == ANQ_NODE_TEXT || t == ANQ_NODE_CDATA) {
                append(raw, c->content, c->content_len);
            } else if (t == ANQ_NODE_ELEMENT) {
                int k = el_kind(c);
                if (k == E_BR) {
                    anq__buf_addc(raw, ' ');
                } else if (c->first && k != E_SCRIPT && k != E_STYLE &&
                           !(k == E_DIV && class_has(c, "contenutexte", 12))) {
                    c = c->first;
                    continue;
                }
            }
            /* the next node, not below c, inside n */
            while (c != n && !c->next)
                c = c->parent;
            c = c == n ? NULL : c->next;
        }
        if (raw->oom)
            return "";
        src = raw->data;
        sn = raw->len;
    }
    if (sn == 0 || !anq__buf_reserve(b, sn))
        return "";
    *len = fold_to(b->data, src, sn);
    b->len = *len;
    return b->data;
}

/* s[0..len) holds needle[0..nl), ASCII case-insensitive
 * (anq__find_nocase() != NULL). */
static int has_nocase(const char *s, size_t len, const char *needle, size_t nl)
{
    if (nl > len)
        return 0;
    unsigned char f = (unsigned char)needle[0];
    if (f >= 'A' && f <= 'Z')
        f = (unsigned char)(f + 32);
    for (size_t i = 0; i + nl <= len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c == f && anq__starts_nocase(s + i, nl, needle))
            return 1;
    }
    return 0;
}

/* The last occurrence of needle in s[0..len), or NULL. */
static const char *find_last(const char *s, size_t len, const char *needle)
{
    const char *last = NULL, *p = s;
    size_t n = strlen(needle);
    while ((p = anq__find_bytes(p, len - (size_t)(p - s), needle)) != NULL) {
        last = p;
        p += n;
        if ((size_t)(p - s) >= len)
            break;
    }
    return last;
}

/* "… ( reason )" after offset `from`: the reason, cleaned, or NULL. */
static const char *paren_reason(anq_rec *r, const char *s, size_t len)
{
    const char *open = memchr(s, '(', len);
    if (!open)
        return NULL;
    const char *close = NULL;
    for (const char *c = s + len; c > open; c--)
        if (c[-1] == ')') {
            close = c - 1;
            break;
        }
    if (!close || close <= open + 1)
        return NULL;
    return anq__rec_clean(r, open + 1, (size_t)(close - open - 1));
}

/* ---- extraction state --------------------------------------------------- */

typedef struct tbl {
    anq_ctx *ctx;
    anq_rec *r;
    anq_buf tmp;
    anq_buf raw;   /* meta_text()'s */
    int withdrawn;
    anq_date ret_date;
    const char *ret_reason;
    anq_date attr_date;   /* last change of attribution */
} tbl;

static void withdrawal(tbl *st, const char *s, size_t len)
{
    anq_date d;
    size_t end = 0;
    st->withdrawn = 1;
    if (anq__date_find(s, len, &d, &end)) {
        if (!st->ret_date.year)
            st->ret_date = d;
    } else {
        end = 0;
    }
    if (!st->ret_reason)
        st->ret_reason = paren_reason(st->r, s + end, len - end);
}

/* ---- the header ---------------------------------------------------------- */

/* td.tdstyleh1: the legislature. */
static void read_legislature(tbl *st, const anq_node *h1)
{
    size_t len;
    const char *s = meta_text(&st->raw, &st->tmp, h1, &len);
    long v = anq__parse_uint(s, len, 1, NULL);
    if (v > 0 && v < 100)
        st->r->q.legislature = (int)v;
}

/* Text node n holds w[0..wl) (w[0] not NUL; text nodes hold no NUL). */
static int text_has(const anq_node *n, const char *w, size_t wl)
{
    if (n->content_len < wl)
        return 0;
    const char *p = n->content, *last = n->content + n->content_len - wl;
    while (p <= last && (p = memchr(p, w[0], (size_t)(last - p) + 1)) != NULL) {
        if (memcmp(p, w, wl) == 0)
            return 1;
        p++;
    }
    return 0;
}

/* "Question N° : <b>N</b>": n is the first text outside the texts that
 * holds "Question N". */
static void read_number(tbl *st, const anq_node *n)
{
    size_t len;
    const char *s = meta_text(&st->raw, &st->tmp, n->parent, &len);
    const char *qq = anq__find_bytes(s, len, "Question N");
    if (qq) {
        size_t off = (size_t)(qq - s) + 10;
        long v = anq__parse_uint(s + off, len - off, 1, NULL);
        if (v > 0)
            st->r->q.number = (int)v;
    }
}

/* A td.tdstyleh3: "de <b>M. Prénom Nom</b> ( Groupe - Département )" or
 * the type label. */
static void read_h3(tbl *st, const anq_node *td)
{
    anq_rec *r = st->r;
    size_t len;
    const char *s = meta_text(&st->raw, &st->tmp, td, &len);
    if (anq__starts_nocase(s, len, "de ") && !r->q.author.name) {
        anq_node *b = anq__find(td, "b", NULL, NULL);
        anq_buf nb = ANQ_BUF_INIT;
        size_t nl = 0;
        const char *name = b ? meta_text(&st->raw, &nb, b, &nl) : NULL;
        const char *after = s + 3;
        if (name && nl) {
            anq__rec_set_author_name(r, name, nl);
            const char *at = anq__find_bytes(s, len, name);
            if (at)
                after = at + nl;
        } else {
            /* no <b>: the name runs to the parenthesis */
            const char *open = memchr(s, '(', len);
            anq__rec_set_author_name(r, s + 3, (size_t)((open ? open : s + len) - (s + 3)));
        }
        if (nb.oom)
            r->oom = 1;
        anq__buf_free(&nb);
        size_t rest = len - (size_t)(after - s);
        const char *open = memchr(after, '(', rest);
        if (open) {
            const char *in = open + 1;
            const char *stop = s + len;
            for (const char *c = s + len; c > in; c--)
                if (c[-1] == ')') {
                    stop = c - 1;
                    break;
                }
            size_t il = (size_t)(stop - in);
            /* a département has no " - ", a group may: the last one splits */
            const char *dash = find_last(in, il, " - ");
            if (dash) {
                anq__rec_set(r, &r->q.author.group, in, (size_t)(dash - in));
                anq__rec_set(r, &r->q.author.department, dash + 3,
                             il - (size_t)(dash + 3 - in));
            }
        }
    } else if (anq__starts_nocase(s, len, "Question") && !r->q.type) {
        if (anq__find_nocase(s, len, "retir")) {
            withdrawal(st, s, len);
            return;
        }
        r->q.type = anq__type_parse(s, len);
    }
}

/* The header in one walk of the whole tree: the first td.tdstyleh1, the
 * first text outside the texts holding "Question N", every td.tdstyleh3 in
 * page order; and the first text outside the texts holding "publiée au"
 * (the date block's, returned). Each is read when met: what they set does
 * not depend on one another's order, but for the td.tdstyleh3, met in page
 * order. */
static const anq_node *read_header(tbl *st, const anq_node *root)
{
    const anq_node *texte = NULL;   /* the text block being walked through */
    const anq_node *none = NULL;
    const anq_node *dates = NULL;
    int h1 = 0, num = 0;
    for (const anq_node *n = root->first; n;) {
        if (n->type == ANQ_NODE_ELEMENT) {
            int k = el_kind(n);
            if (k == E_TD) {
                int style = td_style(n);
                if (!h1 && (style & 1)) {
                    h1 = 1;
                    read_legislature(st, n);
                }
                if (style & 2)
                    read_h3(st, n);
            } else if (!texte && k == E_DIV && class_has(n, "contenutexte", 12)) {
                texte = n;
            }
        } else if (n->type == ANQ_NODE_TEXT && !texte) {
            if (!num && text_has(n, "Question N", 10)) {
                num = 1;
                read_number(st, n);
            }
            if (!dates && text_has(n, "publiée au", 11))
                dates = n;
        }
        n = walk_next(root, n, 1, &texte, &none);
    }
    return dates;
}

/* ---- labelled values: "Label &gt; <span class="contenu">value</span>" ---- */

enum { L_NONE, L_MINI, L_MINA, L_RUB, L_TANA, L_ANA, L_RET };

/* How many bytes from s[i] anq__fold_label() folds as blanks. */
static size_t blank_run(const char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len) {
        unsigned char c = (unsigned char)s[j];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            j++;
        else if (c == 0xC2 && j + 1 < len && (unsigned char)s[j + 1] == 0xA0)
            j += 2;
        else
            break;
    }
    return j - i;
}

/* The label "w1 w2" (or "w1" when w2 is NULL) starts at s[p] of the run as
 * its folded text would show it: the space is a run of blanks. No word
 * holds a blank or the byte 0xC2, and each starts and ends with a letter
 * or a letter's last byte, so positions and matches agree with the folded
 * text's. */
static int label_at(const char *s, size_t len, size_t p, const char *w1, size_t l1,
                    const char *w2, size_t l2)
{
    if (len - p < l1 || memcmp(s + p, w1, l1) != 0)
        return 0;
    if (!w2)
        return 1;
    p += l1;
    size_t b = blank_run(s, len, p);
    if (!b)
        return 0;
    p += b;
    return len - p >= l2 && memcmp(s + p, w2, l2) == 0;
}

#define W(s) s, sizeof s - 1

/* The label that ends the text run before a value: the last one printed
 * ("Ministère interrogé", "Ministère attributaire", "Rubrique",
 * "Tête d'analyse" (also with ’ or without the accent), "Analyse",
 * "retirée"), found in the run's folded text, read here from the run as it
 * is: the first label start met going back from its end. */
static int label_kind(const char *s, size_t len)
{
    for (size_t p = len; p-- > 0;) {
        switch (s[p]) {
        case 'M':
            if (label_at(s, len, p, W("Ministère"), W("interrogé")))
                return L_MINI;
            if (label_at(s, len, p, W("Ministère"), W("attributaire")))
                return L_MINA;
            break;
        case 'R':
            if (label_at(s, len, p, W("Rubrique"), NULL, 0))
                return L_RUB;
            break;
        case 'T':
            if (label_at(s, len, p, W("Tête"), W("d'analyse")) ||
                label_at(s, len, p, W("Tête"), W("d’analyse")) ||
                label_at(s, len, p, W("Tete"), W("d'analyse")))
                return L_TANA;
            break;
        case 'A':
            if (label_at(s, len, p, W("Analyse"), NULL, 0))
                return L_ANA;
            break;
        case 'r':
            if (label_at(s, len, p, W("retirée"), NULL, 0))
                return L_RET;
            break;
        default:
            break;
        }
    }
    return L_NONE;
}

/* The text met since the last value: its newest text nodes, and the older
 * ones' text copied in buf when they were too many. */
#define RUN_NODES 32
typedef struct run {
    anq_buf buf;
    const anq_node *nodes[RUN_NODES];
    size_t n;
} run;

static void run_flush(run *rn)
{
    for (size_t k = 0; k < rn->n; k++)
        append(&rn->buf, rn->nodes[k]->content, rn->nodes[k]->content_len);
    rn->n = 0;
}

static void run_add(run *rn, const anq_node *t)
{
    if (rn->n == RUN_NODES)
        run_flush(rn);
    rn->nodes[rn->n++] = t;
}

/* label_kind() of the run's text; a label that starts in the last text
 * node lies in it whole and is the last one, so that node alone is read
 * first. */
static int run_label(run *rn)
{
    if (rn->n) {
        const anq_node *t = rn->nodes[rn->n - 1];
        int kind = label_kind(t->content, t->content_len);
        if (kind != L_NONE)
            return kind;
        run_flush(rn);
    }
    return label_kind(rn->buf.data, rn->buf.len);
}

/* A span.contenu: its value, of the kind the run before it names. */
static void read_value(tbl *st, run *rn, const anq_node *n)
{
    anq_rec *r = st->r;
    int kind = run_label(rn);
    anq__buf_clear(&rn->buf);
    rn->n = 0;
    size_t vl;
    const char *v = meta_text(&st->raw, &st->tmp, n, &vl);
    switch (kind) {
    case L_MINI: anq__rec_set(r, &r->q.ministry_asked, v, vl); break;
    case L_MINA: anq__rec_set(r, &r->q.ministry_answering, v, vl); break;
    case L_RUB: anq__rec_set(r, &r->q.rubrique, v, vl); break;
    case L_TANA:
        if (!anq__find_nocase(v, vl, "aucune t"))
            anq__rec_set(r, &r->q.tete_analyse, v, vl);
        break;
    case L_ANA:
        if (!r->q.analyses_count)
            anq__rec_add_analyses_split(r, v, vl);
        break;
    case L_RET: withdrawal(st, v, vl); break;
    default: break;
    }
}

/* An h2: which text the next div.contenutexte holds. */
static int text_heading(tbl *st, const anq_node *h2)
{
    size_t len;
    const char *s = meta_text(&st->raw, &st->tmp, h2, &len);
    if (has_nocase(s, len, "texte de la question", 20))
        return 1;
    if (has_nocase(s, len, "texte de la r", 13))
        return 2;
    return 0;
}

/* The labelled values and the texts, in one walk.
 * Values: the walk skips the texts, script, style and each span.contenu's
 * inside; the text met (the run) names the next span.contenu's value.
 * Texts: the walk skips each h2's and each text's inside; "<h2> Texte de la
 * question</h2>" / "… réponse" say which of the question and the answer
 * the next div.contenutexte holds (the first of each counts). */
static void read_values_texts(tbl *st, const anq_node *root)
{
    anq_rec *r = st->r;
    int html = st->ctx->want_html;
    run rn;   /* the text since the last value */
    rn.buf = (anq_buf)ANQ_BUF_INIT;
    rn.n = 0;
    const anq_node *vskip = NULL; /* the subtree the values' walk skips */
    const anq_node *tskip = NULL; /* the h2 the texts' walk skips */
    int which = 0;   /* 1 after "Texte de la question", 2 after "… réponse" */
    int done_q = 0, done_a = 0;
    for (const anq_node *n = root->first; n;) {
        int down = 1;
        if (n->type == ANQ_NODE_ELEMENT) {
            int k = el_kind(n);
            if (k == E_DIV && class_has(n, "contenutexte", 12)) {
                if (!tskip) {
                    if (which == 1 && !done_q) {
                        anq__text_render_nodes(r, n->first, NULL, NULL, NULL, &r->q.question,
                                               html ? &r->q.question_html : NULL);
                        done_q = 1;
                    } else if (which == 2 && !done_a) {
                        anq__text_render_nodes(r, n->first, NULL, NULL, NULL, &r->q.answer,
                                               html ? &r->q.answer_html : NULL);
                        done_a = 1;
                    }
                    which = 0;
                }
                down = 0;
            } else {
                if (!tskip && k == E_H2) {
                    which = text_heading(st, n);
                    tskip = n;
                }
                if (!vskip) {
                    if (k == E_SCRIPT || k == E_STYLE) {
                        vskip = n;
                    } else if (k == E_SPAN && class_has(n, "contenu", 7)) {
                        read_value(st, &rn, n);
                        vskip = n;
                    }
                }
                if (vskip && tskip)
                    down = 0;
            }
        } else if (n->type == ANQ_NODE_TEXT && !vskip) {
            run_add(&rn, n);
        }
        n = walk_next(root, n, down, &vskip, &tskip);
    }
    if (rn.buf.oom)
        r->oom = 1;
    anq__buf_free(&rn.buf);
}

/* ---- the date block ------------------------------------------------------- */

enum { D_QUESTION, D_ANSWER, D_ATTRIB, D_RENEW, D_SIGNAL, D_ERR_Q, D_ERR_A, D_RETIRED };

#define DL(s, k) {s, sizeof s - 1, k}
static const struct { const char *label; size_t len; int kind; } date_labels[] = {
    DL("Question publiée au JO le", D_QUESTION),
    DL("Réponse publiée au JO le", D_ANSWER),
    DL("Date de changement d", D_ATTRIB),
    DL("Date de renouvellement", D_RENEW),
    DL("Date de signalement", D_SIGNAL),
    DL("Erratum de la question", D_ERR_Q),
    DL("Erratum de la réponse", D_ERR_A),
    DL("Question retirée le", D_RETIRED),
};
#define N_DATE_LABELS (sizeof date_labels / sizeof date_labels[0])

#define MAX_MARKS 32

typedef struct mark {
    size_t at, after;
    int kind;
} mark;

/* "D page : N": the date and the page of a line. */
static int line_date(const char *s, size_t len, anq_date *d, int *page)
{
    size_t end = 0;
    *page = 0;
    if (!anq__date_find(s, len, d, &end))
        return 0;
    const char *p = anq__find_nocase(s + end, len - end, "page");
    if (p) {
        size_t off = (size_t)(p - s) + 4;
        long v = anq__parse_uint(s + off, len - off, 1, NULL);
        if (v > 0)
            *page = (int)v;
    }
    return 1;
}

/* The element holding the date block's first text t ("Question publiée au
 * JO le"): past inline parents, up to the enclosing cell when there is one
 * near. */
static const anq_node *date_block(const anq_node *root, const anq_node *t)
{
    const anq_node *x = t->parent;
    static const char *const inl[] = {"b", "i", "u", "em", "strong", "span", "font",
                                      "a", "small", "big", "sup", "sub", "nobr", NULL};
    for (;;) {
        int inline_el = 0;
        for (size_t k = 0; inl[k]; k++)
            if (anq__node_is(x, inl[k]))
                inline_el = 1;
        if (!inline_el || !anq__node_parent(x) || x == root)
            break;
        x = anq__node_parent(x);
    }
    const anq_node *up = x;
    for (int k = 0; k < 3 && up && up != root; k++, up = anq__node_parent(up))
        if (anq__node_is(up, "td"))
            return up;
    return x;
}

/* Every date label in s[0..len), in page order, in marks[]: their count,
 * or MAX_MARKS + 1 when there are more than MAX_MARKS. No label overlaps
 * itself and no two start alike, so these are all the occurrences of each,
 * one label per place. */
static size_t scan_marks(const char *s, size_t len, mark *marks)
{
    size_t nm = 0;
    for (size_t p = 0; p < len; p++) {
        char c = s[p];
        if (c != 'Q' && c != 'R' && c != 'D' && c != 'E')
            continue;
        for (size_t i = 0; i < N_DATE_LABELS; i++) {
            size_t ln = date_labels[i].len;
            if (date_labels[i].label[0] != c || len - p < ln ||
                memcmp(s + p, date_labels[i].label, ln) != 0)
                continue;
            if (nm == MAX_MARKS)
                return MAX_MARKS + 1;
            marks[nm].at = p;
            marks[nm].after = p + ln;
            marks[nm].kind = date_labels[i].kind;
            nm++;
            break;
        }
    }
    return nm;
}

/* More than MAX_MARKS labels: the first MAX_MARKS taken label by label, in
 * the table's order, then put in page order. */
static size_t many_marks(const char *s, size_t len, mark *marks)
{
    size_t nm = 0;
    for (size_t i = 0; i < N_DATE_LABELS; i++) {
        const char *p = s;
        size_t ln = date_labels[i].len;
        while (nm < MAX_MARKS &&
               (p = anq__find_bytes(p, len - (size_t)(p - s), date_labels[i].label)) != NULL) {
            marks[nm].at = (size_t)(p - s);
            marks[nm].after = marks[nm].at + ln;
            marks[nm].kind = date_labels[i].kind;
            nm++;
            p += ln;
            if ((size_t)(p - s) >= len)
                break;
        }
    }
    /* in page order */
    for (size_t i = 1; i < nm; i++)
        for (size_t j = i; j > 0 && marks[j - 1].at > marks[j].at; j--) {
            mark t = marks[j - 1];
            marks[j - 1] = marks[j];
            marks[j] = t;
        }
    return nm;
}

/* The date block, from its first text t (NULL: none was found). */
static void read_dates(tbl *st, const anq_node *root, const anq_node *t)
{
    anq_rec *r = st->r;
    if (!t) {
        anq__rec_warn_missing(r, "submitted.date");
        return;
    }
    const anq_node *blk = date_block(root, t);
    size_t len;
    const char *s = meta_text(&st->raw, &st->tmp, blk, &len);
    mark marks[MAX_MARKS];
    size_t nm = scan_marks(s, len, marks);
    if (nm > MAX_MARKS)
        nm = many_marks(s, len, marks);
    for (size_t i = 0; i < nm; i++) {
        size_t from = marks[i].after;
        size_t to = i + 1 < nm ? marks[i + 1].at : len;
        if (to < from)
            continue;
        const char *seg = s + from;
        size_t sl = to - from;
        anq_date d;
        int page = 0;
        int ok = line_date(seg, sl, &d, &page);
        switch (marks[i].kind) {
        case D_QUESTION:
            if (ok && !r->q.submitted.date.year) {
                r->q.submitted.date = d;
                r->q.submitted.jo_page = page;
            }
            break;
        case D_ANSWER:
            if (ok && !r->q.answered.date.year) {
                r->q.answered.date = d;
                r->q.answered.jo_page = page;
            }
            break;
        case D_ATTRIB:
            if (ok) {
                anq__rec_add_event(r, ANQ_EVENT_ATTRIBUTION_CHANGE, &d, 0);
                long k = d.year * 10000L + d.month * 100L + d.day;
                long o = st->attr_date.year * 10000L + st->attr_date.month * 100L + st->attr_date.day;
                if (k > o)
                    st->attr_date = d;
            }
            break;
        case D_RENEW:
            if (ok)
                anq__rec_add_event(r, ANQ_EVENT_RENEWAL, &d, 0);
            break;
        case D_SIGNAL:
            if (ok)
                anq__rec_add_event(r, ANQ_EVENT_SIGNALEMENT, &d, 0);
            break;
        case D_ERR_Q:
            if (ok)
                anq__rec_add_event(r, ANQ_EVENT_ERRATUM_QUESTION, &d, page);
            break;
        case D_ERR_A:
            if (ok)
                anq__rec_add_event(r, ANQ_EVENT_ERRATUM_ANSWER, &d, page);
            break;
        case D_RETIRED:
            withdrawal(st, seg, sl);
            break;
        default:
            break;
        }
    }
    if (!r->q.submitted.date.year)
        anq__rec_warn_missing(r, "submitted.date");
}

/* ---- the region ------------------------------------------------------------ */

/* The last "contenutexte" in [from, end), or NULL: looked for from the end,
 * by its 'x' (the word cannot overlap itself, so this is the last one a
 * search from `from` would meet). */
static const char *last_texte(const char *from, const char *end)
{
    if (end - from < 12)
        return NULL;
    /* the 'x' (index 9) of a whole word lies in [lo, p) */
    const char *lo = from + 9, *p = end - 2;
#if defined(__SSE2__)
    const __m128i vx = _mm_set1_epi8('x');
    while (p - lo >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p - 16));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vx));
        while (m) {
            unsigned k = 31u - (unsigned)__builtin_clz(m);
            const char *q = p - 16 + k - 9;
            if (memcmp(q, "contenutexte", 12) == 0)
                return q;
            m &= ~(1u << k);
        }
        p -= 16;
    }
#endif
    while (p > lo) {
        p--;
        if (*p == 'x' && memcmp(p - 9, "contenutexte", 12) == 0)
            return p - 9;
    }
    return NULL;
}

/* From the table holding td.tdstyleh1 (or the first marker) to the end of
 * the last div.contenutexte (or the end of the page). */
static void locate(const char *src, size_t len, size_t *start, size_t *end)
{
    const char *m = anq__find_bytes(src, len, "tdstyleh1");
    if (!m)
        m = anq__find_bytes(src, len, "tdstyleh3");
    if (!m)
        m = src;
    const char *lt = m;
    /* back to the "<table" that holds it, within reach */
    const char *t = NULL;
    for (const char *p = m; p > src && m - p < 4096; p--)
        if (p[-1] == '<' && anq__starts_nocase(p, (size_t)(src + len - p), "table")) {
            t = p - 1;
            break;
        }
    if (t) {
        lt = t;
    } else {
        while (lt > src && *lt != '<' && m - lt < 4096)
            lt--;
    }
    *start = (size_t)(lt - src);
    *end = len;
    /* the last text block, closed by a balanced </div> */
    const char *last = last_texte(lt, src + len);
    if (!last)
        return;
    int depth = 1;   /* the block's own <div>, before the marker */
    for (const char *q = last; (q = memchr(q, '<', (size_t)(src + len - q))) != NULL; q++) {
        size_t rest = (size_t)(src + len - q);
        /* anq__starts_nocase() of "<div" and "</div" (x | 0x20 is the
         * letter's lower case only for the letter's two cases) */
        if (rest >= 4 && (q[1] | 0x20) == 'd' && (q[2] | 0x20) == 'i' && (q[3] | 0x20) == 'v') {
            depth++;
        } else if (rest >= 5 && q[1] == '/' && (q[2] | 0x20) == 'd' && (q[3] | 0x20) == 'i' &&
                   (q[4] | 0x20) == 'v') {
            if (--depth == 0) {
                const char *gt = memchr(q, '>', rest);
                *end = gt ? (size_t)(gt - src) + 1 : len;
                return;
            }
        }
    }
    /* a page cut short: keep the rest */
}

static int extract(anq_ctx *ctx)
{
    anq_rec *r = ctx->rec;
    size_t start = 0, end = 0;
    locate(ctx->src, ctx->len, &start, &end);

    anq_buf region = ANQ_BUF_INIT;
    repair(&region, ctx->src + start, end - start);
    if (region.oom) {
        anq__buf_free(&region);
        return anq__fail(ctx, ANQ_ERR_NOMEM, NULL, NULL);
    }
    anq_doc *doc = NULL;
    int rc = anq__doc_parse_fragment(anq__buf_cstr(&region), region.len, &doc);
    anq__buf_free(&region);
    if (rc != ANQ_OK)
        return anq__fail(ctx, rc, NULL, NULL);
    anq_node *root = anq__doc_body(doc);

    tbl st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.r = r;

    if (root) {
        /* the header's parts, the values, the dates: in this order, as each
         * may note a withdrawal and the first date and reason count */
        const anq_node *dates = read_header(&st, root);
        read_values_texts(&st, root);
        read_dates(&st, root, dates);
    }

    if (st.withdrawn) {
        r->q.status = ANQ_STATUS_WITHDRAWN;
        r->q.closure.date = st.ret_date;
        r->q.closure.reason = st.ret_reason;
        if (!st.ret_date.year)
            anq__rec_warn_missing(r, "closure.date");
    } else if (r->q.answer || r->q.answered.date.year) {
        r->q.status = ANQ_STATUS_ANSWERED;
        if (r->q.answered.date.year)
            r->q.closure.date = r->q.answered.date;
        else
            anq__rec_warn_missing(r, "answered.date");
        if (!r->q.answer)
            anq__rec_warn_missing(r, "answer");
    } else {
        r->q.status = ANQ_STATUS_OPEN;
    }

    if (r->q.ministry_answering)
        anq__rec_add_attribution(r, r->q.ministry_answering, strlen(r->q.ministry_answering),
                                 st.attr_date.year ? &st.attr_date : NULL);
    anq__rec_split_name(r);
    if (!r->q.author.name)
        anq__rec_warn_missing(r, "author.name");
    else if (!r->q.author.group)
        anq__rec_warn_missing(r, "author.group");
    if (!r->q.legislature)
        anq__rec_warn_missing(r, "legislature");
    if (!r->q.type)
        anq__rec_warn_missing(r, "type");
    if (!r->q.ministry_asked)
        anq__rec_warn_missing(r, "ministry_asked");
    if (!r->q.ministry_answering)
        anq__rec_warn_missing(r, "ministry_answering");
    if (!r->q.rubrique)
        anq__rec_warn_missing(r, "rubrique");
    if (!r->q.question && r->q.type != ANQ_TYPE_QG)
        anq__rec_warn_missing(r, "question");

    if (st.tmp.oom || st.raw.oom)
        r->oom = 1;
    anq__buf_free(&st.tmp);
    anq__buf_free(&st.raw);
    anq__doc_free(doc);
    return ANQ_OK;
}

const anq_extractor anq__fmt_an_table = {ANQ_FORMAT_AN_TABLE, detect, extract};
