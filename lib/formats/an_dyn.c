/* SPDX-License-Identifier: MIT */
/* The Assemblée's current site, /dyn/{leg}/questions/QANR5L… (formats.md C):
 * one "an-bloc _style-question" block holding a header (title, legislature,
 * links to the JO issues), a main column (the question, then the answer)
 * and a "Données clés" sidebar (author, type, rubrique, ministries, dates).
 *
 * Only answered L16 pages (QE, QG, QOSD) were available. The open and the
 * withdrawn states are read from what the layout's own labels imply:
 * GUESS (no real page): an open question has no "Réponse …" block and no
 * "Réponse publiée le" date; a withdrawn one prints "Question retirée le D
 * (motif)" in a label of the main column or in the sidebar's dates. */
#include <string.h>

#include "../buf.h"
#include "../date.h"
#include "../html.h"
#include "../scan.h"
#include "../text.h"
#include "formats.h"

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define DYN_SSE2 1
#endif

/* The <meta … property="og:url" …> tag: its bounds in src, or 0. Only a
 * real meta tag counts (the word may appear in comments or scripts). */
static int find_og_meta(const char *src, size_t len, const char **tag, size_t *tag_len)
{
    const char *p = src;
    while ((p = anq__find_bytes(p, len - (size_t)(p - src), "og:url")) != NULL) {
        const char *lt = p;
        while (lt > src && *lt != '<' && *lt != '>' && p - lt < 1024)
            lt--;
        size_t rest = len - (size_t)(p - src);
        const char *gt = memchr(p, '>', rest < 2048 ? rest : 2048);
        if (*lt == '<' && gt && anq__starts_nocase(lt, (size_t)(gt - lt), "<meta") &&
            (p[-1] == '"' || p[-1] == '\'' || p[-1] == '=')) {
            *tag = lt;
            *tag_len = (size_t)(gt - lt) + 1;
            return 1;
        }
        p += 6;
    }
    return 0;
}

static int detect(const char *src, size_t len)
{
    /* The question block's own style and its uid; the site's chrome alone
     * (menus, footer, "/dyn/" links on legacy pages) is not enough. */
    if (!anq__find_bytes(src, len, "_style-question"))
        return 0;
    int uid = anq__find_bytes(src, len, "data-id=\"QANR5L") != NULL ||
              anq__find_bytes(src, len, "data-id='QANR5L") != NULL;
    const char *tag = NULL;
    size_t tl = 0;
    if (!uid && find_og_meta(src, len, &tag, &tl))
        uid = anq__find_bytes(tag, tl, "/questions/QANR5L") != NULL;
    if (!uid)
        return 0;
    if (anq__find_bytes(src, len, "blocMinistereAttributaire") ||
        anq__find_bytes(src, len, "blocMinistereInterroge"))
        return 95;
    return 80;
}

/* ---- small text helpers ------------------------------------------------ */

/* Length of the run of spaces that starts s[0..len). */
static size_t space_run(const char *s, size_t len)
{
    size_t i = 0;
#ifdef DYN_SSE2
    const __m128i blank = _mm_set1_epi8(' ');
    while (len - i >= 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
                         _mm_loadu_si128((const __m128i *)(const void *)(s + i)), blank)) ^
                     0xFFFFu;
        if (m)
            return i + (unsigned)__builtin_ctz(m);
        i += 16;
    }
#endif
    while (i < len && s[i] == ' ')
        i++;
    return i;
}

/* anq__fold_label(s, len): runs of plain bytes copied in a tight loop,
 * runs of spaces passed sixteen at a time. */
static size_t fold(char *s, size_t len)
{
    size_t o = 0, i = 0;
    int sp = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c > ' ' && c != 0xC2) {
            if (sp && o)
                s[o++] = ' ';
            sp = 0;
            do {
                s[o++] = (char)c;
                i++;
            } while (i < len && (c = (unsigned char)s[i]) > ' ' && c != 0xC2);
            continue;
        }
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            sp = 1;
            i++;
            i += space_run(s + i, len - i);
            continue;
        }
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            sp = 1;
            i += 2;
            continue;
        }
        if (sp && o)
            s[o++] = ' ';
        sp = 0;
        s[o++] = (char)c;
        i++;
    }
    s[o] = '\0';
    return o;
}

/* Append the folded form of t[0..tl) to b, *sp carrying "blanks seen, no
 * space written yet" from one text node to the next (anq__fold_label over
 * the nodes' concatenation). Returns -1 when t ends in 0xC2 (which may pair
 * with the next node's first byte): the caller then folds the whole. */
static int fold_chunk(anq_buf *b, const char *t, size_t tl, int *sp)
{
    if (tl == 0)
        return 0;
    if ((unsigned char)t[tl - 1] == 0xC2)
        return -1;
    /* room for a space, the bytes, and a last block written whole */
    if (!anq__buf_reserve(b, tl + 17))
        return 0;
    char *out = b->data;
    size_t o = b->len, i = 0;
    int blank = *sp;
    while (i < tl) {
#ifdef DYN_SSE2
        if (tl - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
            __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(' ')), v);
            __m128i c2 = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2));
            unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(low, c2));
            unsigned k = m ? (unsigned)__builtin_ctz(m) : 16;
            if (k) {
                /* k plain bytes; the block lands whole, the rest of it is
                 * overwritten or past the end */
                if (blank && o)
                    out[o++] = ' ';
                blank = 0;
                _mm_storeu_si128((__m128i *)(void *)(out + o), v);
                o += k;
                i += k;
                continue;
            }
        }
#endif
        unsigned char c = (unsigned char)t[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            blank = 1;
            i++;
            i += space_run(t + i, tl - i);
            continue;
        }
        if (c == 0xC2 && i + 1 < tl && (unsigned char)t[i + 1] == 0xA0) {
            blank = 1;
            i += 2;
            continue;
        }
        if (blank && o)
            out[o++] = ' ';
        blank = 0;
        out[o++] = (char)c;
        i++;
    }
    b->len = o;
    out[o] = '\0';
    *sp = blank;
    return 0;
}

/* The folded text of n's text nodes (anq__node_text's, script and style
 * left out) appended to b; -1 when fold_chunk says so. */
static int fold_nodes(anq_buf *b, const anq_node *n)
{
    int sp = 0;
    if (n->type == ANQ_NODE_TEXT || n->type == ANQ_NODE_CDATA)
        return fold_chunk(b, n->content, n->content_len, &sp);
    for (const anq_node *c = n->first; c;) {
        if (c->type == ANQ_NODE_TEXT || c->type == ANQ_NODE_CDATA) {
            if (fold_chunk(b, c->content, c->content_len, &sp) != 0)
                return -1;
        } else if (c->type == ANQ_NODE_ELEMENT && c->first && !anq__node_is(c, "script") &&
                   !anq__node_is(c, "style")) {
            c = c->first;
            continue;
        }
        c = anq__node_walk_skip(n, c);
    }
    return 0;
}

/* The folded text of a node in b; returns it (never NULL) and its length. */
static const char *folded_text(anq_buf *b, const anq_node *n, size_t *len)
{
    anq__buf_clear(b);
    if (n && fold_nodes(b, n) != 0) {
        /* the text whole, then folded */
        anq__buf_clear(b);
        anq__node_text(n, b);
        if (!b->oom && b->data && b->len)
            b->len = fold(b->data, b->len);
    }
    if (b->oom || !b->data || b->len == 0) {
        *len = 0;
        return "";
    }
    *len = b->len;
    return b->data;
}

#define LABEL_MAX 24 /* the longest label a sidebar line is told by, in bytes */

/* The first min(LABEL_MAX, all) bytes of the folded text of n (what
 * folded_text would give) into out (LABEL_MAX + 1 bytes), read straight
 * from the text nodes. Returns their count, or -1 when the text must be
 * folded whole (a text node ending in a byte that may pair with the next
 * one's). */
static long label_of(const anq_node *n, char *out)
{
    size_t o = 0;
    int sp = 0;
    for (const anq_node *c = n->first; c;) {
        if (c->type == ANQ_NODE_TEXT || c->type == ANQ_NODE_CDATA) {
            const unsigned char *t = (const unsigned char *)c->content;
            size_t tl = c->content_len;
            for (size_t i = 0; i < tl; i++) {
                unsigned char ch = t[i];
                if (ch == ' ' || (ch >= '\t' && ch <= '\r')) {
                    sp = 1;
                    i += space_run((const char *)t + i + 1, tl - i - 1);
                    continue;
                }
                if (ch == 0xC2 && i + 1 < tl && t[i + 1] == 0xA0) {
                    sp = 1;
                    i++;
                    continue;
                }
                if (ch == 0xC2 && i + 1 == tl)
                    return -1;
                if (sp && o) {
                    out[o++] = ' ';
                    if (o == LABEL_MAX)
                        break;
                }
                sp = 0;
                out[o++] = (char)ch;
                if (o == LABEL_MAX)
                    break;
            }
            if (o == LABEL_MAX)
                break;
        } else if (c->type == ANQ_NODE_ELEMENT && c->first && !anq__node_is(c, "script") &&
                   !anq__node_is(c, "style")) {
            c = c->first;
            continue;
        }
        c = anq__node_walk_skip(n, c);
    }
    out[o] = '\0';
    return (long)o;
}

/* "…, page 3501" after offset `from` of s: the page number, or 0. */
static int page_after(const char *s, size_t len, size_t from)
{
    if (from > len)
        return 0;
    const char *p = anq__find_nocase(s + from, len - from, "page");
    if (!p)
        return 0;
    size_t off = (size_t)(p - s) + 4;
    size_t end = 0;
    long v = anq__parse_uint(s + off, len - off, 0, &end);
    return v > 0 ? (int)v : 0;
}

/* The date that follows `label` in s (folded text), or 0. */
static int date_after(const char *s, size_t len, const char *label, anq_date *d, size_t *end)
{
    const char *p = anq__find_nocase(s, len, label);
    if (!p)
        return 0;
    size_t off = (size_t)(p - s) + strlen(label);
    size_t e = 0;
    if (!anq__date_find(s + off, len - off, d, &e))
        return 0;
    if (end)
        *end = off + e;
    return 1;
}

/* ---- extraction state --------------------------------------------------- */

typedef struct dyn {
    anq_ctx *ctx;
    anq_rec *r;
    anq_buf tmp;
    anq_date q_date, a_date, qg_date, seance_date, ret_date;
    int q_page, a_page;
    int withdrawn;
    const char *ret_reason;   /* points into the record */
    int has_answer_block;
    const char *slot_q, *slot_q_html;   /* rendered main-column texts */
    const char *slot_a, *slot_a_html;
} dyn;

static void set_date_once(anq_date *dst, const anq_date *src)
{
    if (!dst->year && src->year)
        *dst = *src;
}

/* "Question retirée le D (motif)" (GUESS, no real page): date and reason. */
static void read_withdrawal(dyn *st, const char *s, size_t len)
{
    const char *p = anq__find_nocase(s, len, "retirée");
    if (!p)
        return;
    size_t off = (size_t)(p - s);
    anq_date d;
    size_t end = 0;
    st->withdrawn = 1;
    if (anq__date_find(s + off, len - off, &d, &end)) {
        set_date_once(&st->ret_date, &d);
        off += end;
    }
    const char *open = memchr(s + off, '(', len - off);
    if (open && !st->ret_reason) {
        const char *close = NULL;
        for (const char *c = s + len; c > open; c--)
            if (c[-1] == ')') {
                close = c - 1;
                break;
            }
        if (close && close > open + 1)
            st->ret_reason = anq__rec_clean(st->r, open + 1, (size_t)(close - open - 1));
    }
}

/* The author's printed line: "Mme Marie-Pierre Rixain (Ile-de-France - Renaissance)". */
static void read_author_line(dyn *st, const char *s, size_t len)
{
    anq_rec *r = st->r;
    const char *open = memchr(s, '(', len);
    size_t nl = open ? (size_t)(open - s) : len;
    anq__rec_set_author_name(r, s, nl);
    if (!open)
        return;
    const char *in = open + 1;
    const char *stop = s + len;
    for (const char *c = s + len; c > in; c--)
        if (c[-1] == ')') {
            stop = c - 1;
            break;
        }
    size_t il = (size_t)(stop - in);
    /* "(Région - Groupe)": a region has no " - " (it may have hyphens,
     * "Bourgogne-Franche-Comté"), a group may ("… - NUPES"): the first
     * " - " splits them. */
    const char *dash = anq__find_bytes(in, il, " - ");
    if (!dash) {
        /* one part only: region or group cannot be told apart */
        return;
    }
    anq__rec_set(r, &r->q.author.region, in, (size_t)(dash - in));
    anq__rec_set(r, &r->q.author.group, dash + 3, il - (size_t)(dash + 3 - in));
}

/* ---- page parts --------------------------------------------------------- */

static int inside(const anq_node *n, const anq_node *anc)
{
    for (; n && anc; n = anq__node_parent(n))
        if (n == anc)
            return 1;
    return 0;
}

/* The elements the readers go through, found in one walk of the block in
 * document order (the block itself left out), each with what it is. */
enum {
    E_A = 1,         /* a */
    E_SPAN_H4 = 2,   /* span.h4 */
    E_SPAN_H6 = 4,   /* span.h6 */
    E_DIV_SIZE3 = 8, /* div.size-3: the main column */
    E_DIV_SIZE1 = 16, /* div.size-1: the sidebar */
    E_DIV_PA = 32,   /* div._pa-small: a block of the main column */
    E_P_H6 = 64      /* p.h6: a line of the sidebar */
};

typedef struct entry {
    anq_node *n;
    unsigned what;
} entry;

#define LIST_LOCAL 48 /* entries kept in place; more go to a buffer */

typedef struct entry_list {
    entry local[LIST_LOCAL];
    size_t n;     /* entries added */
    anq_buf more; /* entries past LIST_LOCAL */
} entry_list;

static void list_add(entry_list *l, anq_node *n, unsigned what)
{
    entry e = {n, what};
    if (l->n < LIST_LOCAL)
        l->local[l->n] = e;
    else
        anq__buf_add(&l->more, (const char *)&e, sizeof e);
    l->n++;
}

/* The entries that can be read (none of the buffer's after out of memory:
 * the record then fails with ANQ_ERR_NOMEM). */
static size_t entry_count(const entry_list *l)
{
    if (l->n <= LIST_LOCAL)
        return l->n;
    return LIST_LOCAL + l->more.len / sizeof(entry);
}

/* The i-th entry of l (i < entry_count(l)). */
static entry entry_at(const entry_list *l, size_t i)
{
    if (i < LIST_LOCAL)
        return l->local[i];
    entry e;
    memcpy(&e, l->more.data + (i - LIST_LOCAL) * sizeof e, sizeof e);
    return e;
}

/* Name n equals w (lower-case ASCII letters), ASCII case aside (as
 * anq__node_is compares): c | 0x20 is a lower-case letter only for that
 * letter in either case. */
static int name_is(const char *n, const char *w)
{
    for (; *w; n++, w++)
        if ((*n | 0x20) != *w)
            return 0;
    return *n == '\0';
}

/* c ends a class name: NUL or a separator of anq__node_has_class. */
static int class_stop(char c)
{
    unsigned char u = (unsigned char)c;
    return u <= ' ' && ((1ULL << u) & ((1ULL << 0) | (1ULL << ' ') | (1ULL << '\t') |
                                       (1ULL << '\n') | (1ULL << '\r')));
}

/* The classes of the list v (split as anq__node_has_class splits it) among
 * h4, h6, size-3, size-1, _pa-small, as E_ bits for an element with tag
 * `tag` (1 span, 2 div, 3 p). */
static unsigned class_bits(const char *v, int tag)
{
    unsigned bits = 0;
    const char *p = v;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        const char *w = p;
        while (!class_stop(*p))
            p++;
        size_t wl = (size_t)(p - w);
        if (wl == 2 && w[0] == 'h' && (w[1] == '4' || w[1] == '6')) {
            if (tag == 1)
                bits |= w[1] == '4' ? E_SPAN_H4 : E_SPAN_H6;
            else if (tag == 3 && w[1] == '6')
                bits |= E_P_H6;
        } else if (tag == 2 && wl == 6 && memcmp(w, "size-", 5) == 0 &&
                   (w[5] == '3' || w[5] == '1')) {
            bits |= w[5] == '3' ? E_DIV_SIZE3 : E_DIV_SIZE1;
        } else if (tag == 2 && wl == 9 && memcmp(w, "_pa-small", 9) == 0) {
            bits |= E_DIV_PA;
        }
    }
    return bits;
}

/* The value of n's first attribute named "class" (ASCII case aside), or
 * NULL: anq__node_attr(n, "class"). */
static const char *class_attr(const anq_node *n)
{
    for (const anq_attr *a = n->attrs; a; a = a->next)
        if ((a->name[0] | 0x20) == 'c' && name_is(a->name, "class"))
            return a->value;
    return NULL;
}

/* Walk the block once; its entries go to list. */
static void walk_block(anq_node *bloc, entry_list *list)
{
    for (anq_node *n = bloc->first; n;) {
        if (n->type == ANQ_NODE_ELEMENT) {
            unsigned what = 0;
            int tag = 0;
            switch (n->name[0]) {
            case 'a':
            case 'A':
                if (name_is(n->name, "a"))
                    what = E_A;
                break;
            case 's':
            case 'S':
                tag = name_is(n->name, "span") ? 1 : 0;
                break;
            case 'd':
            case 'D':
                tag = name_is(n->name, "div") ? 2 : 0;
                break;
            case 'p':
            case 'P':
                tag = name_is(n->name, "p") ? 3 : 0;
                break;
            default:
                break;
            }
            if (tag) {
                const char *v = class_attr(n);
                if (v)
                    what = class_bits(v, tag);
            }
            if (what)
                list_add(list, n, what);
            if (n->first) {
                n = n->first;
                continue;
            }
        }
        while (n != bloc && !n->next)
            n = n->parent;
        n = n == bloc ? NULL : n->next;
    }
}

/* The first entry that is `what`, or NULL. */
static anq_node *first_of(const entry_list *list, unsigned what)
{
    size_t k = entry_count(list);
    for (size_t i = 0; i < k; i++) {
        entry e = entry_at(list, i);
        if (e.what & what)
            return e.n;
    }
    return NULL;
}

/* n lies under anc (n itself left out). */
static int below(const anq_node *n, const anq_node *anc)
{
    for (n = n->parent; n; n = n->parent)
        if (n == anc)
            return 1;
    return 0;
}

/* Header: everything of the block outside the two columns. */
static void read_header(dyn *st, const entry_list *list, const anq_node *c1, const anq_node *c2)
{
    anq_rec *r = st->r;
    size_t len;
    size_t k = entry_count(list);
    /* title: span.h4 > span._regular; the h4 label gives type and number */
    anq_node *h4 = first_of(list, E_SPAN_H4);
    if (h4) {
        anq_node *t = anq__find(h4, "span", NULL, "_regular");
        if (t) {
            anq__buf_clear(&st->tmp);
            anq__node_text(t, &st->tmp);
            anq__rec_set(r, &r->q.title, anq__buf_cstr(&st->tmp), st->tmp.len);
        }
        const char *s = folded_text(&st->tmp, h4, &len);
        if (!r->q.type)
            r->q.type = anq__type_parse(s, len);
        const char *n = anq__find_nocase(s, len, "n°");
        if (n && !r->q.number) {
            size_t off = (size_t)(n - s) + 3;
            long v = anq__parse_uint(s + off, len - off, 0, NULL);
            if (v > 0)
                r->q.number = (int)v;
        }
    }
    /* "16ème Législature" */
    if (!r->q.legislature) {
        for (size_t i = 0; i < k; i++) {
            entry e = entry_at(list, i);
            if (!(e.what & E_SPAN_H6))
                continue;
            const char *s = folded_text(&st->tmp, e.n, &len);
            if (!anq__find_nocase(s, len, "gislature"))
                continue;
            long v = anq__parse_uint(s, len, 0, NULL);
            if (v > 0 && v < 100)
                r->q.legislature = (int)v;
            break;
        }
    }
    /* "Publication de la question au Journal Officiel du D, page N" */
    for (size_t i = 0; i < k; i++) {
        entry e = entry_at(list, i);
        anq_node *a = e.n;
        if (!(e.what & E_A) || inside(a, c1) || inside(a, c2))
            continue;
        const char *s = folded_text(&st->tmp, a, &len);
        if (!anq__starts_nocase(s, len, "Publication de la"))
            continue;
        int answer = anq__find_nocase(s, len, "réponse") != NULL;
        int question = !answer && anq__find_nocase(s, len, "question") != NULL;
        anq_date d;
        size_t end = 0;
        if (!(answer || question) || !anq__date_find(s, len, &d, &end))
            continue;
        int page = page_after(s, len, end);
        if (question) {
            set_date_once(&st->q_date, &d);
            if (!st->q_page)
                st->q_page = page;
        } else {
            set_date_once(&st->a_date, &d);
            if (!st->a_page)
                st->a_page = page;
        }
    }
}

/* The main column: blocks of a label paragraph ("Question de :",
 * "Réponse publiée le D", …) followed by the text. */
static void read_main(dyn *st, const entry_list *list, anq_node *col, int all)
{
    anq_rec *r = st->r;
    size_t len;
    int html = st->ctx->want_html;
    size_t k = entry_count(list);
    for (size_t i = 0; i < k; i++) {
        entry e = entry_at(list, i);
        anq_node *div = e.n;
        if (!(e.what & E_DIV_PA) || (!all && !below(div, col)))
            continue;
        anq_node *label = anq__node_child(div);
        if (!label || !anq__node_is(label, "p") || anq__node_has_class(label, "_pa-small"))
            continue;
        const char *s = folded_text(&st->tmp, label, &len);
        if (anq__starts_nocase(s, len, "Question de")) {
            /* the printed author, kept as a fallback for the sidebar's */
            anq_node *sp = anq__find(label, "span", NULL, "_regular");
            if (sp && !r->q.author.name) {
                anq_buf b = ANQ_BUF_INIT;
                size_t bl;
                const char *t = folded_text(&b, sp, &bl);
                read_author_line(st, t, bl);
                if (b.oom)
                    r->oom = 1;
                anq__buf_free(&b);
            }
            /* QG: ", posée en séance, et publiée le D" (a JO date) */
            anq_date d;
            if (anq__find_nocase(s, len, "en séance") && date_after(s, len, "publiée le", &d, NULL))
                set_date_once(&st->qg_date, &d);
            if (!st->slot_q)
                anq__text_render_nodes(r, anq__node_next_any(label), NULL, NULL, NULL,
                                       &st->slot_q, html ? &st->slot_q_html : NULL);
        } else if (anq__find_nocase(s, len, "retirée")) {
            read_withdrawal(st, s, len);
        } else if (anq__starts_nocase(s, len, "Réponse")) {
            /* "Réponse publiée le D" | "Réponse en séance, et publiée le D" */
            st->has_answer_block = 1;
            anq_date d;
            if (anq__date_find(s, len, &d, NULL))
                set_date_once(&st->a_date, &d);
            if (!st->slot_a)
                anq__text_render_nodes(r, anq__node_next_any(label), NULL, NULL, NULL,
                                       &st->slot_a, html ? &st->slot_a_html : NULL);
        }
    }
}

/* The value of a sidebar line: its first span._regular. */
static anq_node *value_span(anq_node *p)
{
    for (anq_node *c = anq__node_child(p); c; c = anq__node_next(c))
        if (anq__node_is(c, "span") && anq__node_has_class(c, "_regular"))
            return c;
    return anq__find(p, "span", NULL, "_regular");
}

static void set_from_span(dyn *st, anq_node *p, const char **field)
{
    anq_node *v = value_span(p);
    if (!v)
        return;
    anq__buf_clear(&st->tmp);
    anq__node_text(v, &st->tmp);
    anq__rec_set(st->r, field, anq__buf_cstr(&st->tmp), st->tmp.len);
}

static void read_sidebar(dyn *st, const entry_list *list, anq_node *col, int all)
{
    anq_rec *r = st->r;
    size_t len;
    size_t k = entry_count(list);
    for (size_t i = 0; i < k; i++) {
        entry e = entry_at(list, i);
        anq_node *p = e.n;
        if (!(e.what & E_P_H6) || (!all && !below(p, col)))
            continue;
        const char *id = anq__node_attr(p, "id");
        /* the line's label: its folded text's first bytes are enough */
        char label[LABEL_MAX + 1];
        long ll = label_of(p, label);
        const char *s = label;
        len = (size_t)ll;
        if (ll < 0)
            s = folded_text(&st->tmp, p, &len);
        if (id && strcmp(id, "blocMinistereInterroge") == 0) {
            set_from_span(st, p, &r->q.ministry_asked);
        } else if (id && strcmp(id, "blocMinistereAttributaire") == 0) {
            set_from_span(st, p, &r->q.ministry_answering);
        } else if (anq__starts_nocase(s, len, "Ministère interrogé")) {
            set_from_span(st, p, &r->q.ministry_asked);
        } else if (anq__starts_nocase(s, len, "Ministère répondant") ||
                   anq__starts_nocase(s, len, "Ministère attributaire")) {
            set_from_span(st, p, &r->q.ministry_answering);
        } else if (anq__starts_nocase(s, len, "Rubrique")) {
            set_from_span(st, p, &r->q.rubrique);
        } else if (anq__starts_nocase(s, len, "Type de question")) {
            if (!r->q.type) {
                anq_node *v = value_span(p);
                size_t vl;
                const char *t = folded_text(&st->tmp, v, &vl);
                r->q.type = anq__type_parse(t, vl);
            }
        } else if (anq__starts_nocase(s, len, "Auteur")) {
            anq_node *a = anq__find(p, "a", NULL, NULL);
            anq_node *v = a ? a : value_span(p);
            if (a) {
                const char *pa = anq__node_attr(a, "data-document-id");
                const char *href = anq__node_attr(a, "href");
                const char *h = href ? strstr(href, "/deputes/PA") : NULL;
                if (pa && *pa)
                    anq__rec_set(r, &r->q.author.an_id, pa, strlen(pa));
                else if (h)
                    anq__rec_set(r, &r->q.author.an_id, h + 9, strcspn(h + 9, "/?#\""));
            }
            if (v) {
                size_t vl;
                const char *t = folded_text(&st->tmp, v, &vl);
                if (vl) {
                    /* the sidebar's link wins over the main column's line */
                    r->q.author.name = NULL;
                    r->q.author.region = NULL;
                    r->q.author.group = NULL;
                    r->q.author.civility = NULL;
                    read_author_line(st, t, vl);
                }
            }
        } else if (anq__starts_nocase(s, len, "Date de la séance")) {
            /* "… parue dans le journal officiel le D": a JO date */
            anq_date d;
            s = folded_text(&st->tmp, p, &len);
            if (anq__date_find(s, len, &d, NULL))
                set_date_once(&st->seance_date, &d);
        } else if (anq__starts_nocase(s, len, "Dates")) {
            for (anq_node *c = anq__node_child(p); c; c = anq__node_next(c)) {
                if (!anq__node_is(c, "span"))
                    continue;
                size_t cl;
                const char *t = folded_text(&st->tmp, c, &cl);
                anq_date d;
                if (anq__find_nocase(t, cl, "retirée")) {
                    read_withdrawal(st, t, cl);
                } else if (anq__starts_nocase(t, cl, "Question publiée")) {
                    if (date_after(t, cl, "publiée", &d, NULL))
                        set_date_once(&st->q_date, &d);
                } else if (anq__starts_nocase(t, cl, "Réponse")) {
                    if (date_after(t, cl, "publiée", &d, NULL))
                        set_date_once(&st->a_date, &d);
                }
            }
        }
    }
}

static int tag_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int tag_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == ':' || c == '.' || c == '-';
}

/* The "content" attribute of the <meta …> tag t[0..tl) when the tag is
 * plainly written (names, '=', quoted printable ASCII values without
 * references, blanks between): returns 1 and *v, *vl (*v NULL when it has
 * none) as the tree built from the tag would give them; 0 for any other
 * tag, which is then built. */
static int plain_meta_content(const char *t, size_t tl, const char **v, size_t *vl)
{
    size_t i = 5; /* "<meta" */
    int attrs = 0;
    *v = NULL;
    *vl = 0;
    if (tl < 7 || t[tl - 1] != '>' || !tag_blank(t[i]))
        return 0;
    for (;;) {
        while (i < tl && tag_blank(t[i]))
            i++;
        if (i == tl - 1 || (i == tl - 2 && t[i] == '/'))
            return 1; /* '>' or "/>" */
        if (i >= tl || ++attrs > 16)
            return 0;
        size_t n0 = i;
        char c = t[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
              c == '.'))
            return 0;
        while (i < tl && tag_name_char(t[i]))
            i++;
        size_t nl = i - n0;
        if (nl > 64)
            return 0;
        while (i < tl && tag_blank(t[i]))
            i++;
        if (i >= tl || t[i] != '=')
            return 0;
        i++;
        while (i < tl && tag_blank(t[i]))
            i++;
        if (i >= tl || (t[i] != '"' && t[i] != '\''))
            return 0;
        char q = t[i++];
        size_t v0 = i;
        while (i < tl && t[i] != q) {
            if (t[i] < 0x20 || t[i] > 0x7E || t[i] == '&')
                return 0;
            i++;
        }
        if (i + 1 >= tl || !(tag_blank(t[i + 1]) || t[i + 1] == '>' || t[i + 1] == '/'))
            return 0;
        if (!*v && nl == 7 && anq__starts_nocase(t + n0, nl, "content")) {
            *v = t + v0;
            *vl = i - v0;
        }
        i++;
    }
}

/* og:url from the page's head: the <meta> tag that carries it. */
static void read_og_url(dyn *st, const char *head, size_t len)
{
    const char *tag = NULL;
    size_t tl = 0;
    if (!find_og_meta(head, len, &tag, &tl))
        return;
    char val[512];
    const char *c = NULL;
    const char *pv;
    size_t pvl;
    anq_doc *doc = NULL;
    if (plain_meta_content(tag, tl, &pv, &pvl) && pvl < sizeof val) {
        if (pv) {
            memcpy(val, pv, pvl);
            val[pvl] = '\0';
            c = val;
        }
    } else {
        int rc = anq__doc_parse_fragment(tag, tl, &doc);
        if (rc != ANQ_OK) {
            if (rc == ANQ_ERR_NOMEM)
                st->r->oom = 1; /* out of memory is never a missing field */
            return;
        }
        anq_node *m = anq__find(anq__doc_root(doc), "meta", NULL, NULL);
        c = m ? anq__node_attr(m, "content") : NULL;
    }
    if (c) {
        anq_rec *r = st->r;
        anq__rec_set(r, &r->q.url, c, strlen(c));
        const char *u = strstr(c, "QANR5L");
        int leg = 0, type = 0, num = 0;
        if (u && !r->q.number && anq__uid_parse(u, strlen(u), &leg, &type, &num)) {
            r->q.legislature = leg;
            r->q.type = type;
            r->q.number = num;
        }
    }
    anq__doc_free(doc);
}

/* The question block in the page: from the tag holding "_style-question"
 * to its actions bar (or the end of main). */
static int locate(const char *src, size_t len, size_t *start, size_t *end)
{
    const char *m = anq__find_bytes(src, len, "_style-question");
    if (!m)
        return 0;
    const char *lt = m;
    while (lt > src && *lt != '<' && m - lt < 4096)
        lt--;
    if (*lt != '<')
        lt = m;
    size_t rest = len - (size_t)(m - src);
    const char *stop = anq__find_bytes(m, rest, "bloc-actions");
    if (!stop)
        stop = anq__find_bytes(m, rest, "</main");
    if (stop) {
        while (stop > m && *stop != '<')
            stop--;
    } else {
        stop = src + len;
    }
    *start = (size_t)(lt - src);
    *end = (size_t)(stop - src);
    return 1;
}

static int extract(anq_ctx *ctx)
{
    anq_rec *r = ctx->rec;
    size_t start = 0, end = 0;
    if (!locate(ctx->src, ctx->len, &start, &end))
        return anq__fail(ctx, ANQ_ERR_NOT_A_QUESTION, NULL, "no question block");

    dyn st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.r = r;

    /* the block is built straight from the page's bytes, no copy */
    anq_doc *doc = NULL;
    int rc = anq__doc_parse_fragment(ctx->src + start, end - start, &doc);
    if (rc != ANQ_OK)
        return anq__fail(ctx, rc, NULL, NULL);
    anq_node *body = anq__doc_body(doc);
    anq_node *bloc = anq__find(body, "div", NULL, "_style-question");
    if (!bloc)
        bloc = body;

    /* identity: data-id "QANR5L16QE200 / Bloc de style « question »" */
    const char *id = anq__node_attr(bloc, "data-id");
    int leg = 0, type = 0, num = 0;
    if (id && anq__uid_parse(id, strcspn(id, " /"), &leg, &type, &num)) {
        r->q.legislature = leg;
        r->q.type = type;
        r->q.number = num;
    }
    read_og_url(&st, ctx->src, start);

    entry_list list;
    list.n = 0;
    list.more = (anq_buf)ANQ_BUF_INIT;
    walk_block(bloc, &list);
    anq_node *main_col = first_of(&list, E_DIV_SIZE3);
    anq_node *side_col = first_of(&list, E_DIV_SIZE1);
    read_header(&st, &list, main_col, side_col);
    read_main(&st, &list, main_col, !main_col);
    read_sidebar(&st, &list, side_col, !side_col);
    if (list.more.oom)
        r->oom = 1;
    anq__buf_free(&list.more);

    /* texts: a QG's transcript sits in the question slot and is the answer */
    if (r->q.type == ANQ_TYPE_QG && !st.has_answer_block) {
        r->q.answer = st.slot_q;
        r->q.answer_html = st.slot_q_html;
        if (r->q.answer) {
            anq_date d = st.qg_date;
            set_date_once(&d, &st.seance_date);
            set_date_once(&st.a_date, &d);
        }
    } else {
        r->q.question = st.slot_q;
        r->q.question_html = st.slot_q_html;
        r->q.answer = st.slot_a;
        r->q.answer_html = st.slot_a_html;
    }
    set_date_once(&st.q_date, &st.qg_date);
    set_date_once(&st.q_date, &st.seance_date);

    r->q.submitted.date = st.q_date;
    r->q.submitted.jo_page = st.q_date.year ? st.q_page : 0;
    if (!st.q_date.year)
        anq__rec_warn_missing(r, "submitted.date");

    if (st.withdrawn) {
        r->q.status = ANQ_STATUS_WITHDRAWN;
        r->q.closure.date = st.ret_date;
        r->q.closure.reason = st.ret_reason;
        if (!st.ret_date.year)
            anq__rec_warn_missing(r, "closure.date");
    } else if (r->q.answer || st.a_date.year) {
        r->q.status = ANQ_STATUS_ANSWERED;
        if (st.a_date.year) {
            r->q.answered.date = st.a_date;
            r->q.answered.jo_page = st.a_page;
            r->q.closure.date = st.a_date;
        } else {
            anq__rec_warn_missing(r, "answered.date");
        }
        if (!r->q.answer)
            anq__rec_warn_missing(r, "answer");
    } else {
        r->q.status = ANQ_STATUS_OPEN;
    }

    if (r->q.ministry_answering)
        anq__rec_add_attribution(r, r->q.ministry_answering, strlen(r->q.ministry_answering), NULL);
    anq__rec_split_name(r);
    if (!r->q.author.name)
        anq__rec_warn_missing(r, "author.name");
    else if (!r->q.author.group && !r->q.author.region)
        anq__rec_warn_missing(r, "author.group");
    if (!r->q.author.an_id)
        anq__rec_warn_missing(r, "author.an_id");
    if (!r->q.ministry_asked)
        anq__rec_warn_missing(r, "ministry_asked");
    if (!r->q.ministry_answering)
        anq__rec_warn_missing(r, "ministry_answering");
    if (!r->q.rubrique)
        anq__rec_warn_missing(r, "rubrique");
    if (!r->q.title)
        anq__rec_warn_missing(r, "title");
    if (!r->q.legislature)
        anq__rec_warn_missing(r, "legislature");
    if (!r->q.type)
        anq__rec_warn_missing(r, "type");
    if (!r->q.question && r->q.type != ANQ_TYPE_QG)
        anq__rec_warn_missing(r, "question");

    if (st.tmp.oom)
        r->oom = 1;
    anq__buf_free(&st.tmp);
    anq__doc_free(doc);
    return ANQ_OK;
}

const anq_extractor anq__fmt_an_dyn = {ANQ_FORMAT_AN_DYN, detect, extract};
