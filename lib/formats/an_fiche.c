/* SPDX-License-Identifier: MIT */
/* The Assemblée's legacy "FICHE QUESTION" pages (formats.md B1): every field
 * sits in a pseudo-tag (<NUM>, <AUT>, <DPQ>, <QUEST>, …) scattered through an
 * HTML-3 table that libxml2 rebuilds out of visual order. The scalar fields
 * are therefore read with one byte-level pass over `<TAG>…</TAG>` pairs (any
 * case: derived copies are lower-cased); only the question and answer
 * fragments go through libxml2, to be rendered as text and sanitised HTML. */
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "../buf.h"
#include "../date.h"
#include "../scan.h"
#include "../text.h"
#include "formats.h"

/* In alphabetical order: name_at looks a name up among those of its first
 * letter (tag_first). */
enum {
    T_ANA, T_AUT, T_CIV, T_CODRET, T_COMPREP, T_CRET, T_DCA, T_DEPT, T_DERQ,
    T_DERR, T_DPQ, T_DPR, T_DRAPS, T_DRET, T_DSIGN, T_GROUPE, T_GRP, T_LEG,
    T_MINA, T_MINI, T_NAT, T_NLEG, T_NUM, T_PGERQ, T_PGERREP, T_PGQ, T_PGREP,
    T_QUEST, T_REG, T_REP, T_REPONSE, T_RET, T_RUB, T_TANA, T_COUNT
};

#define MAX_TAG 7 /* no name is longer */

/* Lower-case names, in the order of the enum, padded with NULs so that a
 * name compares as MAX_TAG + 1 bytes. */
static const char tag_names[T_COUNT][MAX_TAG + 1] = {
    "ana", "aut", "civ", "codret", "comprep", "cret", "dca", "dept", "derq",
    "derr", "dpq", "dpr", "draps", "dret", "dsign", "groupe", "grp", "leg",
    "mina", "mini", "nat", "nleg", "num", "pgerq", "pgerrep", "pgq", "pgrep",
    "quest", "reg", "rep", "reponse", "ret", "rub", "tana",
};

/* Their lengths. */
static const unsigned char tag_len[T_COUNT] = {
    3, 3, 3, 6, 7, 4, 3, 4, 4, 4, 3, 3, 5, 4, 5, 6, 3, 3, 4, 4, 3, 4, 3, 5, 7,
    3, 5, 5, 3, 3, 7, 3, 3, 4,
};

/* From name_mask + 8 - n: n bytes of 0xFF, then zeros (n <= 8). */
static const unsigned char name_mask[16] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* w: 8 bytes of the page, bit 5 set on each (which lower-cases the letters,
 * and only letters then equal a name's bytes). Whether they start with the
 * name of tag t. */
static inline int word_has_name(uint64_t w, int t)
{
    uint64_t name, mask;
    memcpy(&name, tag_names[t], 8);
    memcpy(&mask, name_mask + 8 - tag_len[t], 8);
    return (w & mask) == name;
}

#define BIT5 UINT64_C(0x2020202020202020)

/* The names starting with letter k ('a' + k) are tag_first[k] up to
 * tag_first[k + 1]. */
static const unsigned char tag_first[27] = {
    0, 2, 2, 6, 15, 15, 15, 17, 17, 17, 17, 17, 18, 20,
    23, 23, 27, 28, 33, 33, 34, 34, 34, 34, 34, 34, 34,
};

/* For each first letter, the second letters of our names (bit c - 'a'):
 * most markup ("<td", "<tr", "<b>", "<span") fails on these two letters. */
#define L2(c) (1ul << ((c) - 'a'))
static const unsigned long tag_second[26] = {
    ['a' - 'a'] = L2('n') | L2('u'),
    ['c' - 'a'] = L2('i') | L2('o') | L2('r'),
    ['d' - 'a'] = L2('c') | L2('e') | L2('p') | L2('r') | L2('s'),
    ['g' - 'a'] = L2('r'),
    ['l' - 'a'] = L2('e'),
    ['m' - 'a'] = L2('i'),
    ['n' - 'a'] = L2('a') | L2('l') | L2('u'),
    ['p' - 'a'] = L2('g'),
    ['q' - 'a'] = L2('u'),
    ['r' - 'a'] = L2('e') | L2('u'),
    ['t' - 'a'] = L2('a'),
};
#undef L2

/* c0 c1: the two bytes after "<" or "</". Whether a name of ours may start
 * with them (any case). */
static inline int may_start_name(char c0, char c1)
{
    unsigned a = (unsigned char)(c0 | 0x20) - (unsigned)'a';
    if (a >= 26)
        return 0;
    unsigned b = (unsigned char)(c1 | 0x20) - (unsigned)'a';
    return b < 26 && ((tag_second[a] >> b) & 1);
}

/* The next '<' in [p, end), or NULL. The gaps between tags are short on
 * these pages: 16 bytes at a time inline beat a library call per tag. */
static inline const char *next_lt(const char *p, const char *end)
{
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i lt = _mm_set1_epi8('<');
    while (end - p >= 16) {
        __m128i v;
        memcpy(&v, p, 16);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lt));
        if (m)
            return p + __builtin_ctz(m);
        p += 16;
    }
#endif
    return memchr(p, '<', (size_t)(end - p));
}

/* The next '<' in [p, end) followed by an ASCII letter: where a start tag
 * may begin (end tags, comments and stray '<' are passed over). NULL when
 * there is none. */
static inline const char *next_start(const char *p, const char *end)
{
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i lt = _mm_set1_epi8('<'), bit5 = _mm_set1_epi8(0x20);
    /* (c | 0x20) + 0x1F is below -102 as a signed byte for letters only */
    const __m128i shift = _mm_set1_epi8(0x80 - 'a'), limit = _mm_set1_epi8(-128 + 26);
    while (end - p >= 17) {
        __m128i v, w;
        memcpy(&v, p, 16);
        memcpy(&w, p + 1, 16);
        __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(w, bit5), shift), limit);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(v, lt), letter));
        if (m)
            return p + __builtin_ctz(m);
        p += 16;
    }
#endif
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if (end - p >= 2 && (unsigned char)((p[1] | 0x20) - 'a') < 26)
            return p;
        p++;
    }
    return NULL;
}

typedef struct span {
    const char *s;   /* content, between the start and the end tag */
    size_t len;
    int found;
    int markup;      /* a '<' may occur in the content */
} span;

/* At s, just after "<" or "</" and where may_start_name holds for its two
 * bytes: one of our names, then '>' (any case). Returns its index and sets
 * *len to the length of the name, or -1. */
static int name_at(const char *s, const char *end, size_t *len)
{
    int k = (s[0] | 0x20) - 'a';
    if (end - s >= 8) {
        /* "name>" lies within these 8 bytes */
        uint64_t w;
        memcpy(&w, s, 8);
        w |= BIT5;
        for (int t = tag_first[k]; t < tag_first[k + 1]; t++) {
            if (s[tag_len[t]] == '>' && word_has_name(w, t)) {
                *len = tag_len[t];
                return t;
            }
        }
        return -1;
    }
    /* near the end of the page: letter by letter. A name of more than
     * MAX_TAG letters, or one running into the end, is none of ours: stop
     * reading at lim letters (at least 2 here) */
    size_t lim = (size_t)(end - s);
    if (lim > MAX_TAG + 1)
        lim = MAX_TAG + 1;
    char lc[MAX_TAG + 1] = {0}; /* the name in lower case, NUL-padded */
    lc[0] = (char)(s[0] | 0x20);
    lc[1] = (char)(s[1] | 0x20);
    size_t n = 2;
    for (;;) {
        if (n == lim)
            return -1;
        /* ASCII letters, and only they, land in a-z when bit 5 is set */
        unsigned char c = (unsigned char)(s[n] | 0x20);
        if (c < 'a' || c > 'z')
            break;
        lc[n++] = (char)c;
    }
    if (s[n] != '>')
        return -1;
    for (int t = tag_first[k]; t < tag_first[k + 1]; t++) {
        if (memcmp(lc, tag_names[t], sizeof lc) == 0) {
            *len = n;
            return t;
        }
    }
    return -1;
}

/* At p (a '<'): the pseudo-tag "<name>" of our set or, when `close_too`,
 * "</name>" as well (no attributes, any case). Returns its index and sets
 * *whole to the length of the whole tag, or -1. */
static int tag_at(const char *p, const char *end, int close_too, size_t *whole)
{
    size_t i = 1, n = 0;
    if (close_too && p + 1 < end && p[1] == '/')
        i = 2;
    if (end - (p + i) < 2 || !may_start_name(p[i], p[i + 1]))
        return -1;
    int t = name_at(p + i, end, &n);
    if (t >= 0)
        *whole = i + n + 1;
    return t;
}

/* At q (a '<'): "</name>" for the name of tag t, any case. The usual end
 * of a field, checked before the whole set. Returns the length of the end
 * tag, or 0. */
static size_t own_end_tag(const char *q, const char *end, int t)
{
    size_t n = tag_len[t];
    if ((size_t)(end - q) < n + 3 || q[1] != '/' || q[n + 2] != '>')
        return 0;
    const char *s = q + 2;
    if (end - s >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        return word_has_name(w | BIT5, t) ? n + 3 : 0;
    }
    for (size_t k = 0; k < n; k++)
        if ((s[k] | 0x20) != tag_names[t][k])
            return 0;
    return n + 3;
}

/* Where an unclosed <QUEST>/<REP> stops: the next pseudo-text marker. */
static const char *text_fallback_end(const char *s, const char *end, int tag)
{
    static const char *const stops_quest[] = {"<rep>", "<comprep>", "</textes>", NULL};
    static const char *const stops_rep[] = {"<comprep>", "</textes>", NULL};
    const char *const *stops = tag == T_QUEST ? stops_quest : stops_rep;
    const char *best = end;
    for (size_t i = 0; stops[i]; i++) {
        const char *f = anq__find_nocase(s, (size_t)(best - s), stops[i]);
        if (f && f < best)
            best = f;
    }
    return best;
}

/* One pass over the page: the first occurrence of each pseudo-tag. The
 * question and answer bodies are skipped, so that a marker quoted in their
 * text cannot be taken for a field. */
static void scan_tags(const char *src, size_t len, span *tags)
{
    const char *p = src, *end = src + len;
    int nfound = 0;
    memset(tags, 0, sizeof(span) * T_COUNT);
    while (p < end && nfound < T_COUNT) {
        p = next_start(p, end);
        /* the shortest of ours, "<abc>", no longer fits after end - 5 */
        if (!p || end - p < 5)
            break;
        /* most markup, end tags included, stops here */
        if (!may_start_name(p[1], p[2])) {
            p++;
            continue;
        }
        size_t tl = 0;
        int t = name_at(p + 1, end, &tl);
        if (t < 0) {
            p++;
            continue;
        }
        tl += 2; /* "<name>" */
        if (tags[t].found) {
            /* first occurrence wins; later ones are not searched again, so
             * that a page full of unclosed markers stays linear */
            p += tl;
            continue;
        }
        const char *v = p + tl, *ve = NULL, *next = NULL;
        int markup = 1;
        if (t == T_QUEST || t == T_REP) {
            char close[16] = "</";
            strcat(close, tag_names[t]);
            strcat(close, ">");
            const char *c = anq__find_nocase(v, (size_t)(end - v), close);
            if (c) {
                ve = c;
                next = c + strlen(close);
            } else {
                ve = next = text_fallback_end(v, end, t);
            }
        } else {
            /* up to "</name>"; an unclosed one stops at the next pseudo-tag.
             * No start tag of ours lies before that stop, so the pass goes
             * on from there. */
            const char *q = v;
            size_t cl = 0;
            markup = 0;
            while (q < end && (q = next_lt(q, end)) != NULL) {
                if ((cl = own_end_tag(q, end, t)) != 0 || tag_at(q, end, 1, &cl) >= 0)
                    break;
                markup = 1;
                q++;
            }
            ve = next = q ? q : end;
            /* an end tag holds no other '<' and starts none of ours */
            if (q && q < end && q[1] == '/')
                next = q + cl;
        }
        tags[t].s = v;
        tags[t].len = (size_t)(ve - v);
        tags[t].found = 1;
        tags[t].markup = markup;
        nfound++;
        p = next;
    }
}

/* A scalar field's value as clean text in the record's arena (markup
 * removed, entities decoded, whitespace folded), or NULL when empty. */
static const char *scalar(anq_rec *r, const span *sp)
{
    if (!sp->found || sp->len == 0)
        return NULL;
    if (!sp->markup && !memchr(sp->s, '&', sp->len))
        return anq__rec_clean(r, sp->s, sp->len);
    const char *text = NULL;
    int rc = anq__text_render_fragment(r, sp->s, sp->len, NULL, NULL, &text, NULL);
    if (rc == ANQ_ERR_NOMEM)
        r->oom = 1;
    if (rc != ANQ_OK || !text)
        return NULL;
    return anq__rec_clean(r, text, strlen(text));
}

static int span_date(const span *sp, anq_date *d)
{
    memset(d, 0, sizeof *d);
    if (!sp->found || sp->len == 0)
        return 0;
    size_t n = anq__date_parse(sp->s, sp->len, d);
    return n > 0;
}

static int span_uint(const span *sp)
{
    if (!sp->found || sp->len == 0)
        return 0;
    size_t e = 0;
    long v = anq__parse_uint(sp->s, sp->len, 0, &e);
    return v > 0 ? (int)v : 0;
}

/* --- author ------------------------------------------------------------ */

/* Lower-case ASCII and strip the accents of Latin-1 letters (UTF-8 C3 xx),
 * so that "Dosière" matches the accent-less "Dosiere" of old texts. */
static void fold_for_match(const char *s, size_t len, anq_buf *b)
{
    /* base letters for U+00C0..U+00FF, '\0' = keep the bytes as they are */
    static const char base[64] =
        "aaaaaaaceeeeiiii" "dnooooo\0ouuuuy\0s"
        "aaaaaaaceeeeiiii" "dnooooo\0ouuuuy\0y";
    /* the result is never longer than s: room for all of it at once */
    if (len == 0 || !anq__buf_reserve(b, len))
        return;
    char *o = b->data + b->len;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC3 && i + 1 < len) {
            unsigned char c2 = (unsigned char)s[i + 1];
            if (c2 >= 0x80 && c2 <= 0xBF && base[c2 - 0x80]) {
                *o++ = base[c2 - 0x80];
                i++;
                continue;
            }
        }
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        *o++ = (char)c;
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

/* Write "words[k..n) words[0..k)" (first name, then surname) into b. */
static void turn_round(anq_buf *b, const char *const *w, const size_t *wl, size_t n, size_t k)
{
    anq__buf_clear(b);
    for (size_t i = k; i < n + k; i++) {
        size_t j = i % n;
        if (b->len)
            anq__buf_addc(b, ' ');
        anq__buf_add(b, w[j], wl[j]);
    }
}

/* AUT prints "Nom Prénom". Two words: turned round, split known. More: the
 * surname/first-name boundary is looked up in the texts ("M. Jacques Le
 * Nay …"); when they do not settle it, the last word is taken as the first
 * name (first names are single, hyphenated words on these pages) and the
 * guess is recorded. */
static void set_author(anq_rec *r, const char *aut, const char *const *texts, size_t ntexts)
{
    enum { MAXW = 12 };
    const char *w[MAXW];
    size_t wl[MAXW], n = 0;
    for (const char *p = aut; *p && n < MAXW;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *q = p;
        while (*q && *q != ' ')
            q++;
        w[n] = p;
        wl[n] = (size_t)(q - p);
        n++;
        p = q;
    }
    if (n < 2 || n >= MAXW) {
        r->q.author.name = aut;
        if (n >= MAXW)
            anq__rec_warn(r, "name_order_guessed");
        return;
    }
    anq_buf cand = ANQ_BUF_INIT, hay = ANQ_BUF_INIT, needle = ANQ_BUF_INIT;
    size_t k = n - 1;
    int known = n == 2;
    if (!known) {
        size_t hit = 0, hits = 0;
        for (size_t t = 0; t < ntexts; t++)
            if (texts[t])
                fold_for_match(texts[t], strlen(texts[t]), &hay);
        for (size_t s = 1; s < n && hay.len; s++) {
            turn_round(&cand, w, wl, n, s);
            anq__buf_clear(&needle);
            fold_for_match(cand.data, cand.len, &needle);
            if (needle.len && anq__find_bytes(hay.data, hay.len, anq__buf_cstr(&needle))) {
                hit = s;
                hits++;
            }
        }
        if (hits == 1) {
            k = hit;
            known = 1;
        }
    }
    turn_round(&cand, w, wl, n, k);
    if (cand.oom || hay.oom || needle.oom)
        r->oom = 1;
    else
        anq__rec_replace(r, &r->q.author.name, cand.data, cand.len);
    if (!known)
        anq__rec_warn(r, "name_order_guessed");
    else if (n == 2)
        anq__rec_split_name(r);
    anq__buf_free(&cand);
    anq__buf_free(&hay);
    anq__buf_free(&needle);
}

static const char *civility(const char *civ)
{
    if (!civ)
        return NULL;
    if (strcmp(civ, "M.") == 0 || strcmp(civ, "M") == 0 || strcmp(civ, "Monsieur") == 0)
        return "M.";
    if (strcmp(civ, "Mme") == 0 || strcmp(civ, "Mme.") == 0 || strcmp(civ, "Madame") == 0)
        return "Mme";
    if (strcmp(civ, "Mlle") == 0 || strcmp(civ, "Mademoiselle") == 0)
        return "Mlle";
    return civ;
}

/* --- question and answer bodies ---------------------------------------- */

/* The L11 bodies are wrapped in a stray "<html>…</html>": drop the wrapper. */
static const char *unwrap_html(const char *s, size_t *len)
{
    size_t n = *len;
    s = anq__trim(s, &n);
    if (anq__starts_nocase(s, n, "<html") && n > 5 && (s[5] == '>' || s[5] == ' ')) {
        const char *gt = memchr(s, '>', n);
        if (gt) {
            n -= (size_t)(gt + 1 - s);
            s = gt + 1;
            s = anq__trim(s, &n);
            static const char close[] = "</html>";
            if (n >= sizeof close - 1 &&
                anq__starts_nocase(s + n - (sizeof close - 1), sizeof close - 1, close))
                n -= sizeof close - 1;
        }
    }
    *len = n;
    return s;
}

static int render_body(anq_ctx *ctx, const span *sp, const char **text, const char **html)
{
    *text = NULL;
    *html = NULL;
    if (!sp->found || sp->len == 0)
        return ANQ_OK;
    size_t n = sp->len;
    const char *s = unwrap_html(sp->s, &n);
    if (n == 0)
        return ANQ_OK;
    return anq__text_render_fragment(ctx->rec, s, n, NULL, NULL, text,
                                     ctx->want_html ? html : NULL);
}

/* a, then sep, then b (either may be NULL), in the record's arena. */
static const char *join(anq_rec *r, const char *a, const char *b, const char *sep)
{
    if (!a)
        return b;
    if (!b)
        return a;
    size_t la = strlen(a), lb = strlen(b), ls = strlen(sep);
    char *p = anq__rec_alloc(r, la + ls + lb + 1);
    if (!p)
        return a;
    memcpy(p, a, la);
    memcpy(p + la, sep, ls);
    memcpy(p + la + ls, b, lb + 1);
    return p;
}

/* --- detection and extraction ------------------------------------------ */

static int detect(const char *src, size_t len)
{
    int title = anq__find_nocase(src, len, "<title>FICHE QUESTION") != NULL;
    int num = anq__find_nocase(src, len, "<num>") != NULL;
    if (!title && !num)
        return 0;
    if (title && num)
        return 95;
    int nat = anq__find_nocase(src, len, "<nat>") != NULL;
    int aut = anq__find_nocase(src, len, "<aut>") != NULL;
    int quest = anq__find_nocase(src, len, "<quest>") != NULL;
    if (num && nat && (aut || quest))
        return 80;
    if (title && (nat || aut || quest))
        return 60;
    return 0;
}

static int is_placeholder_tana(const char *s)
{
    static const char *const ph[] = {"aucune tête d'analyse", "aucune tete d'analyse", NULL};
    for (size_t i = 0; ph[i]; i++)
        if (strlen(s) == strlen(ph[i]) && anq__starts_nocase(s, strlen(s), ph[i]))
            return 1;
    return 0;
}

static int extract(anq_ctx *ctx)
{
    anq_rec *r = ctx->rec;
    span tags[T_COUNT];
    scan_tags(ctx->src, ctx->len, tags);

    /* identity */
    r->q.number = span_uint(&tags[T_NUM]);
    r->q.legislature = span_uint(&tags[T_NLEG]);
    if (!r->q.legislature && tags[T_LEG].found) {
        size_t e = 0;
        long v = anq__parse_uint(tags[T_LEG].s, tags[T_LEG].len, 1, &e);
        if (v > 0 && v < 100)
            r->q.legislature = (int)v;
    }
    if (r->q.legislature <= 0 || r->q.legislature >= 100)
        r->q.legislature = 0;
    if (!r->q.legislature)
        anq__rec_warn_missing(r, "legislature");
    if (tags[T_NAT].found)
        r->q.type = anq__type_parse(tags[T_NAT].s, tags[T_NAT].len);
    if (!r->q.type)
        anq__rec_warn_missing(r, "type");

    /* texts first: the author's name order may be checked against them */
    int rc = render_body(ctx, &tags[T_QUEST], &r->q.question, &r->q.question_html);
    if (rc == ANQ_OK)
        rc = render_body(ctx, &tags[T_REP], &r->q.answer, &r->q.answer_html);
    if (rc != ANQ_OK)
        return anq__fail(ctx, rc, NULL, NULL);
    const char *comp = NULL, *comp_html = NULL;
    rc = render_body(ctx, &tags[T_COMPREP], &comp, &comp_html);
    if (rc != ANQ_OK)
        return anq__fail(ctx, rc, NULL, NULL);
    if (comp) {
        /* the answer's complement (always empty in the samples) follows it */
        r->q.answer = join(r, r->q.answer, comp, "\n\n");
        if (ctx->want_html)
            r->q.answer_html = join(r, r->q.answer_html, comp_html, "\n");
    }

    /* author */
    r->q.author.civility = civility(scalar(r, &tags[T_CIV]));
    const char *aut = scalar(r, &tags[T_AUT]);
    if (aut) {
        const char *texts[2] = {r->q.question, r->q.answer};
        set_author(r, aut, texts, 2);
    } else {
        anq__rec_warn_missing(r, "author.name");
    }
    r->q.author.group = scalar(r, &tags[T_GROUPE]);
    r->q.author.group_abbrev = scalar(r, &tags[T_GRP]);
    r->q.author.department = scalar(r, &tags[T_DEPT]);
    r->q.author.region = scalar(r, &tags[T_REG]);

    /* ministries and index */
    r->q.ministry_asked = scalar(r, &tags[T_MINI]);
    r->q.ministry_answering = scalar(r, &tags[T_MINA]);
    anq_date dca;
    int has_dca = span_date(&tags[T_DCA], &dca);
    if (r->q.ministry_answering)
        anq__rec_add_attribution(r, r->q.ministry_answering, strlen(r->q.ministry_answering),
                                 has_dca ? &dca : NULL);
    r->q.rubrique = scalar(r, &tags[T_RUB]);
    const char *tana = scalar(r, &tags[T_TANA]);
    if (tana && !is_placeholder_tana(tana))
        r->q.tete_analyse = tana;
    const char *ana = scalar(r, &tags[T_ANA]);
    if (ana)
        anq__rec_add_analyses_split(r, ana, strlen(ana));

    /* publications */
    anq_date d;
    if (span_date(&tags[T_DPQ], &d))
        r->q.submitted.date = d;
    else
        anq__rec_warn_missing(r, "submitted.date");
    r->q.submitted.jo_page = span_uint(&tags[T_PGQ]);
    anq_date dpr;
    int has_dpr = span_date(&tags[T_DPR], &dpr);

    /* events; DRAPS (a "rappel"?) has no verified meaning: not read */
    if (span_date(&tags[T_DERQ], &d))
        anq__rec_add_event(r, ANQ_EVENT_ERRATUM_QUESTION, &d, span_uint(&tags[T_PGERQ]));
    if (span_date(&tags[T_DERR], &d))
        anq__rec_add_event(r, ANQ_EVENT_ERRATUM_ANSWER, &d, span_uint(&tags[T_PGERREP]));
    if (span_date(&tags[T_DSIGN], &d))
        anq__rec_add_event(r, ANQ_EVENT_SIGNALEMENT, &d, 0);
    if (has_dca)
        anq__rec_add_event(r, ANQ_EVENT_ATTRIBUTION_CHANGE, &dca, 0);

    /* status and closure */
    const char *code = scalar(r, &tags[T_CODRET]);
    const char *ret = scalar(r, &tags[T_RET]);
    const char *cret = scalar(r, &tags[T_CRET]);
    const char *reponse = scalar(r, &tags[T_REPONSE]);
    anq_date dret;
    int has_dret = span_date(&tags[T_DRET], &dret);
    int code_rep = code && strcmp(code, "REP_PUB") == 0;
    int code_au = code && strcmp(code, "AU") == 0;
    int code_fl = code && strcmp(code, "FL") == 0;
    int answered = has_dpr || r->q.answer != NULL;
    int withdrawn = ret || cret || has_dret || code_au;

    if (answered || (!withdrawn && !code_fl &&
                     (code_rep || (reponse && strcmp(reponse, "O") == 0)))) {
        r->q.status = ANQ_STATUS_ANSWERED;
        if (has_dpr) {
            r->q.answered.date = dpr;
            r->q.closure.date = dpr;
        } else {
            anq__rec_warn_missing(r, "answered.date");
        }
        r->q.answered.jo_page = span_uint(&tags[T_PGREP]);
        r->q.closure.code = code;
    } else if (withdrawn) {
        r->q.status = ANQ_STATUS_WITHDRAWN;
        r->q.closure.code = code;
        r->q.closure.reason = cret;
        if (has_dret)
            r->q.closure.date = dret;
    } else if (code_fl) {
        r->q.status = ANQ_STATUS_LAPSED;
        r->q.closure.code = code;
    } else if (code) {
        /* closed, but by a code this library does not know */
        r->q.status = ANQ_STATUS_UNKNOWN;
        r->q.closure.code = code;
    } else {
        r->q.status = ANQ_STATUS_OPEN;
    }
    return ANQ_OK;
}

const anq_extractor anq__fmt_an_fiche = {ANQ_FORMAT_AN_FICHE, detect, extract};
