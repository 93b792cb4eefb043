/* SPDX-License-Identifier: MIT */
/* NosDéputés.fr question pages (formats.md A): symfony templates around the
 * Assemblée's question and answer HTML. */
#include <string.h>

#include "../buf.h"
#include "../date.h"
#include "../html.h"
#include "../scan.h"
#include "../text.h"
#include "formats.h"

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define ND_SSE2 1
#endif

static int detect(const char *src, size_t len)
{
    if (!anq__find_bytes(src, len, "id=\"question"))
        return 0;
    if (!anq__find_bytes(src, len, "class=\"question\""))
        return 0;
    if (anq__find_bytes(src, len, "NosDéputés") || anq__find_bytes(src, len, "nosdeputes"))
        return 90;
    return 0;
}

/* "…/q16/16-15463QE.htm" (or relative "q13/13-…") → legislature, number, type. */
static int parse_an_url(const char *u, int *leg, int *num, int *type)
{
    size_t len = strlen(u);
    for (size_t i = 0; i < len; i++) {
        if (u[i] != 'q' || (i > 0 && u[i - 1] != '/'))
            continue;
        size_t p = i + 1, e = 0;
        long l = anq__parse_uint(u + p, len - p, 0, &e);
        if (l <= 0 || p + e >= len || u[p + e] != '/')
            continue;
        p += e + 1;
        long l2 = anq__parse_uint(u + p, len - p, 0, &e);
        if (l2 != l || p + e >= len || u[p + e] != '-')
            continue;
        p += e + 1;
        long n = anq__parse_uint(u + p, len - p, 0, &e);
        if (n <= 0)
            continue;
        p += e;
        size_t tl = 0;
        while (p + tl < len && u[p + tl] >= 'A' && u[p + tl] <= 'Z')
            tl++;
        int t = anq__type_parse(u + p, tl);
        if (!t)
            continue;
        *leg = (int)l;
        *num = (int)n;
        *type = t;
        return 1;
    }
    return 0;
}

/* Legislature from a NosDéputés URL "/16/question/QE/15463" in the page. */
static int legislature_from_routes(const char *src, size_t len)
{
    const char *p = src;
    while ((p = anq__find_bytes(p, len - (size_t)(p - src), "/question/QE/")) != NULL) {
        const char *b = p;
        while (b > src && b[-1] >= '0' && b[-1] <= '9')
            b--;
        if (b < p && b > src && b[-1] == '/') {
            size_t e = 0;
            long v = anq__parse_uint(b, (size_t)(p - b), 0, &e);
            if (v > 0 && v < 100)
                return (int)v;
        }
        p += 13;
    }
    return 0;
}

/* ---- dates -------------------------------------------------------------- */

/* ---- the question block in the page ------------------------------------- */

/* The first '<' in [p, end - 1) whose next byte is x, is y, or is z in
 * either case (z a lower-case letter), or NULL. */
static const char *next_lt(const char *p, const char *end, char x, char y, char z)
{
    if (end - p < 2)
        return NULL;
    const char *last = end - 1; /* a '<' there has no next byte */
#ifdef ND_SSE2
    /* the '<'s 32 bytes at a time; their next bytes (up to p[32]) lie
     * before end */
    const __m128i lt = _mm_set1_epi8('<');
    while (last - p >= 32) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(a, lt)) |
                     (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, lt)) << 16;
        while (m) {
            unsigned k = (unsigned)__builtin_ctz(m);
            char c = p[k + 1];
            if (c == x || c == y || (c | 0x20) == z)
                return p + k;
            m &= m - 1;
        }
        p += 32;
    }
#endif
    for (; p < last; p++)
        if (*p == '<' && (p[1] == x || p[1] == y || (p[1] | 0x20) == z))
            return p;
    return NULL;
}

/* s[0..n) equals the lower-case word w (n bytes), ASCII case aside. */
static int same_nocase(const char *s, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)w[i])
            return 0;
    }
    return 1;
}

/* The first "</name" (ASCII case aside; name lower-case, nl bytes) in
 * [p, end), or NULL: anq__find_nocase's answer. */
static const char *find_end_tag(const char *p, const char *end, const char *name, size_t nl)
{
    for (;;) {
        const char *q = next_lt(p, end, '/', '/', '/');
        if (!q)
            return NULL;
        if ((size_t)(end - q) >= nl + 2 && q[1] == '/' && same_nocase(q + 2, name, nl))
            return q;
        p = q + 1;
    }
}

/* Where the comment, script or style element opened by the '<' at p ends,
 * or NULL when p opens none: the rules of anq__find_markup (a comment just
 * past its "-->", an element at its end tag, the page's end when either is
 * missing). */
static const char *hidden_end(const char *p, const char *end)
{
    size_t rest = (size_t)(end - p);
    if (rest >= 4 && memcmp(p, "<!--", 4) == 0) {
        const char *e = anq__find_bytes(p + 4, rest - 4, "-->");
        return e ? e + 3 : end;
    }
    size_t nl;
    if (rest >= 7 && same_nocase(p + 1, "script", 6))
        nl = 7;
    else if (rest >= 6 && same_nocase(p + 1, "style", 5))
        nl = 6;
    else
        return NULL;
    if (rest <= nl)
        return NULL;
    char c = p[nl];
    if (c != '>' && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '/')
        return NULL;
    const char *e = nl == 7 ? find_end_tag(p + nl, end, "script", 6)
                            : find_end_tag(p + nl, end, "style", 5);
    return e ? e : end;
}

/* anq__find_markup(hay, len, needle) for a needle that starts a tag ("<div
 * …"): its first occurrence outside comments, scripts and styles. One pass
 * over the '<'s: those that may be the needle are compared, those that may
 * open a comment, a script or a style are checked and their content
 * passed over. */
static const char *find_in_markup(const char *hay, size_t len, const char *needle)
{
    const char *end = hay + len;
    size_t n = strlen(needle);
    const char y = needle[1];
    const char *p = hay;
    if (len < 2)
        return NULL;
    const char *last = end - 1; /* a '<' there has no next byte */
    while (p < last) {
        const char *q = NULL;
#ifdef ND_SSE2
        const __m128i lt = _mm_set1_epi8('<');
        while (!q && last - p >= 32) {
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
            unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(a, lt)) |
                         (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, lt)) << 16;
            while (m) {
                unsigned k = (unsigned)__builtin_ctz(m);
                char c = p[k + 1];
                if (c == y || c == '!' || (c | 0x20) == 's') {
                    q = p + k;
                    break;
                }
                m &= m - 1;
            }
            if (!q)
                p += 32;
        }
#endif
        if (!q) {
            q = next_lt(p, end, '!', y, 's');
            if (!q)
                return NULL;
        }
        if (q[1] == y && (size_t)(end - q) >= n && memcmp(q, needle, n) == 0)
            return q;
        const char *he = hidden_end(q, end);
        p = he ? he : q + 1;
    }
    return NULL;
}

/* Leave out the alert box, and the 2009 template's "Soumise le …" line. */
static int skip_alert(const anq_node *n, void *ud)
{
    anq_buf *tmp = ud;
    if (anq__node_has_class(n, "alerte"))
        return 1;
    if (!anq__node_is(n, "p"))
        return 0;
    anq__buf_clear(tmp);
    anq__node_text(n, tmp);
    size_t len = tmp->len;
    const char *t = anq__trim(anq__buf_cstr(tmp), &len);
    anq_date d;
    return anq__starts_nocase(t, len, "Soumise le") &&
           anq__date_find(t, len, &d, NULL) && len < 40;
}

static const char placeholder[] = "Cette question n'a pas encore de réponse";

/* The block's heading and the nodes after it. */
static anq_node *heading(anq_node *block, const char *tag)
{
    anq_node *h = anq__node_child_named(block, tag);
    return h;
}

static void read_question(anq_ctx *ctx, anq_node *qdiv, anq_buf *tmp)
{
    anq_rec *r = ctx->rec;
    anq_node *h2 = heading(qdiv, "h2");
    anq_date d;
    anq__buf_clear(tmp);
    if (h2)
        anq__node_text(h2, tmp);
    if (!(tmp->len && anq__date_find(tmp->data, tmp->len, &d, NULL))) {
        /* 2009 template: <p>Soumise le …</p> */
        anq__buf_clear(tmp);
        anq__node_text(qdiv, tmp);
        const char *s = anq__find_nocase(anq__buf_cstr(tmp), tmp->len, "soumise le");
        if (!(s && anq__date_find(s, tmp->len - (size_t)(s - tmp->data), &d, NULL)))
            memset(&d, 0, sizeof d);
    }
    if (d.year)
        r->q.submitted.date = d;
    else
        anq__rec_warn_missing(r, "submitted.date");
    const anq_node *first = h2 ? anq__node_next_any(h2) : anq__node_first(qdiv);
    anq__text_render_nodes(r, first, NULL, skip_alert, tmp, &r->q.question,
                           ctx->want_html ? &r->q.question_html : NULL);
}

static void read_answer(anq_ctx *ctx, anq_node *rdiv, anq_buf *tmp)
{
    anq_rec *r = ctx->rec;
    anq_node *h2 = heading(rdiv, "h2");
    anq_node *h3 = heading(rdiv, "h3");
    anq_date d;
    if (!h2 && h3) {
        /* "Retirée le 21 juin 2022 (fin de mandat)" */
        anq__buf_clear(tmp);
        anq__node_text(h3, tmp);
        const char *t = anq__buf_cstr(tmp);
        if (anq__find_nocase(t, tmp->len, "retir")) {
            size_t end = 0;
            r->q.status = ANQ_STATUS_WITHDRAWN;
            if (anq__date_find(t, tmp->len, &d, &end))
                r->q.closure.date = d;
            const char *open = strchr(t + end, '(');
            const char *close = open ? strrchr(open, ')') : NULL;
            if (open && close && close > open)
                anq__rec_set(r, &r->q.closure.reason, open + 1, (size_t)(close - open - 1));
        }
        return;
    }
    if (!h2) {
        r->q.status = ANQ_STATUS_UNKNOWN;
        return;
    }
    anq__buf_clear(tmp);
    anq__node_text(h2, tmp);
    const char *t = anq__buf_cstr(tmp);
    int has_date = anq__date_find(t, tmp->len, &d, NULL);
    if (anq__find_nocase(t, tmp->len, "venir")) {
        /* "Réponse à venir le D": announced, not answered */
        r->q.status = ANQ_STATUS_OPEN;
        if (has_date)
            r->q.closure.date = d;
        return;
    }
    const char *text = NULL, *html = NULL;
    anq__text_render_nodes(r, anq__node_next_any(h2), NULL, NULL, NULL, &text,
                           ctx->want_html ? &html : NULL);
    if (text && anq__find_bytes(text, strlen(text), placeholder) && strlen(text) < sizeof placeholder + 8)
        text = html = NULL;
    if (!text && !has_date) {
        r->q.status = ANQ_STATUS_OPEN;
        return;
    }
    r->q.status = ANQ_STATUS_ANSWERED;
    r->q.answer = text;
    r->q.answer_html = html;
    if (has_date) {
        r->q.answered.date = d;
        r->q.closure.date = d;
    } else {
        anq__rec_warn_missing(r, "answered.date");
    }
}

/* The group in a photo's title, "{nom} -- (Groupe parlementaire : [app. ]SIGLE)":
 * its start and length, or NULL. */
static const char *photo_group(const anq_node *img, size_t *gl)
{
    const char *title = anq__node_attr(img, "title");
    if (!title)
        return NULL;
    const char *g = strstr(title, "Groupe parlementaire");
    if (!g)
        return NULL;
    g = strchr(g, ':');
    if (!g)
        return NULL;
    g++;
    while (*g == ' ')
        g++;
    if (strncmp(g, "app. ", 5) == 0)
        g += 5;
    const char *e = strchr(g, ')');
    *gl = e ? (size_t)(e - g) : strlen(g);
    return g;
}

/* What extract reads under the question div, found in one walk of it in
 * document order (the div itself left out): each the first such element,
 * the one anq__find would give. */
typedef struct nd_parts {
    anq_node *source; /* div.source */
    anq_node *h1;
    anq_node *qb;     /* div#question */
    anq_node *rb;     /* div#reponse */
    const char *group; /* of the first photo whose title has one */
    size_t group_len;
} nd_parts;

static void find_parts(anq_node *qdiv, nd_parts *pt)
{
    memset(pt, 0, sizeof *pt);
    int left = 5; /* parts not found yet */
    for (anq_node *n = qdiv->first; n && left;) {
        if (n->type == ANQ_NODE_ELEMENT) {
            switch (n->name[0] | 0x20) {
            case 'd':
                if (anq__node_is(n, "div")) {
                    const char *id = anq__node_attr(n, "id");
                    if (id && !pt->qb && strcmp(id, "question") == 0) {
                        pt->qb = n;
                        left--;
                    }
                    if (id && !pt->rb && strcmp(id, "reponse") == 0) {
                        pt->rb = n;
                        left--;
                    }
                    if (!pt->source && anq__node_has_class(n, "source")) {
                        pt->source = n;
                        left--;
                    }
                }
                break;
            case 'h':
                if (!pt->h1 && anq__node_is(n, "h1")) {
                    pt->h1 = n;
                    left--;
                }
                break;
            case 'i':
                if (!pt->group && anq__node_is(n, "img")) {
                    pt->group = photo_group(n, &pt->group_len);
                    if (pt->group)
                        left--;
                }
                break;
            default:
                break;
            }
            if (n->first) {
                n = n->first;
                continue;
            }
        }
        while (n != qdiv && !n->next)
            n = n->parent;
        n = n == qdiv ? NULL : n->next;
    }
}

static void read_deputy(anq_ctx *ctx, const nd_parts *pt, anq_buf *tmp)
{
    anq_rec *r = ctx->rec;
    anq_node *h1 = pt->h1;
    if (h1) {
        anq_node *a = anq__node_child_named(h1, "a");
        if (a) {
            anq__buf_clear(tmp);
            anq__node_text(a, tmp);
            anq__rec_set_author_name(r, anq__buf_cstr(tmp), tmp->len);
        }
        /* "… Question N° 15463 au {ministère}[ (retirée)]" */
        anq__buf_clear(tmp);
        anq__node_text(h1, tmp);
        const char *t = anq__buf_cstr(tmp);
        const char *qn = anq__find_bytes(t, tmp->len, "Question N");
        const char *au = qn ? anq__find_bytes(qn, tmp->len - (size_t)(qn - t), " au ") : NULL;
        if (au) {
            const char *m = au + 4;
            size_t ml = tmp->len - (size_t)(m - t);
            m = anq__trim(m, &ml);
            static const char suffix[] = "(retirée)";
            if (ml >= sizeof suffix - 1 &&
                memcmp(m + ml - (sizeof suffix - 1), suffix, sizeof suffix - 1) == 0)
                ml -= sizeof suffix - 1;
            if (anq__rec_set(r, &r->q.ministry_answering, m, ml))
                anq__rec_add_attribution(r, r->q.ministry_answering,
                                         strlen(r->q.ministry_answering), NULL);
        }
    }
    if (!r->q.author.name)
        anq__rec_warn_missing(r, "author.name");
    anq__rec_split_name(r);
    /* group: only in the photo's title */
    if (pt->group)
        anq__rec_set(r, &r->q.author.group_abbrev, pt->group, pt->group_len);
}

static int extract(anq_ctx *ctx)
{
    anq_rec *r = ctx->rec;
    /* Hand libxml2 only the question block, not the site's chrome. */
    const char *start = find_in_markup(ctx->src, ctx->len, "<div class=\"question\"");
    if (!start)
        return anq__fail(ctx, ANQ_ERR_NOT_A_QUESTION, NULL, "no question block");
    size_t rest = ctx->len - (size_t)(start - ctx->src);
    const char *stop = find_in_markup(start, rest, "<div class=\"commentaires\"");
    size_t region = stop ? (size_t)(stop - start) : rest;

    anq_doc *doc = NULL;
    int rc = anq__doc_parse_fragment(start, region, &doc);
    if (rc != ANQ_OK)
        return anq__fail(ctx, rc, NULL, NULL);
    anq_buf tmp = ANQ_BUF_INIT;
    anq_node *body = anq__doc_body(doc);
    anq_node *qdiv = anq__find(body, "div", NULL, "question");

    r->q.type = ANQ_TYPE_QE;
    if (qdiv) {
        const char *id = anq__node_attr(qdiv, "id");
        if (id && strncmp(id, "question", 8) == 0) {
            long v = anq__parse_uint(id + 8, strlen(id + 8), 0, NULL);
            if (v > 0)
                r->q.number = (int)v;
        }
        nd_parts pt;
        find_parts(qdiv, &pt);
        anq_node *src = pt.source;
        anq_node *a = src ? anq__node_child_named(src, "a") : NULL;
        const char *href = a ? anq__node_attr(a, "href") : NULL;
        if (href) {
            anq__rec_set(r, &r->q.url, href, strlen(href));
            int leg = 0, num = 0, type = 0;
            if (parse_an_url(href, &leg, &num, &type)) {
                r->q.legislature = leg;
                if (!r->q.number)
                    r->q.number = num;
                r->q.type = type;
            }
        }
        read_deputy(ctx, &pt, &tmp);
        anq_node *qb = pt.qb;
        if (qb)
            read_question(ctx, qb, &tmp);
        else
            anq__rec_warn_missing(r, "question");
        anq_node *rb = pt.rb;
        if (rb)
            read_answer(ctx, rb, &tmp);
        else
            anq__rec_warn_missing(r, "answer");
    }
    if (!r->q.legislature)
        r->q.legislature = legislature_from_routes(ctx->src, ctx->len);
    if (!r->q.legislature)
        anq__rec_warn_missing(r, "legislature");
    if (tmp.oom)
        r->oom = 1;
    anq__buf_free(&tmp);
    anq__doc_free(doc);
    if (!qdiv)
        return anq__fail(ctx, ANQ_ERR_NOT_A_QUESTION, NULL, "no question block");
    return ANQ_OK;
}

const anq_extractor anq__fmt_nosdeputes = {ANQ_FORMAT_NOSDEPUTES, detect, extract};
