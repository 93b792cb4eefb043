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

static void read_deputy(anq_ctx *ctx, anq_node *qdiv, anq_buf *tmp)
{
    anq_rec *r = ctx->rec;
    anq_node *h1 = anq__find(qdiv, "h1", NULL, NULL);
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
    /* group: only in the photo's title, "{nom} -- (Groupe parlementaire : [app. ]SIGLE)" */
    for (anq_node *img = anq__find(qdiv, "img", NULL, NULL); img;
         img = anq__find_next(qdiv, img, "img", NULL, NULL)) {
        const char *title = anq__node_attr(img, "title");
        if (!title)
            continue;
        const char *g = strstr(title, "Groupe parlementaire");
        if (!g)
            continue;
        g = strchr(g, ':');
        if (!g)
            continue;
        g++;
        while (*g == ' ')
            g++;
        if (strncmp(g, "app. ", 5) == 0)
            g += 5;
        const char *e = strchr(g, ')');
        size_t gl = e ? (size_t)(e - g) : strlen(g);
        anq__rec_set(r, &r->q.author.group_abbrev, g, gl);
        break;
    }
}

static int extract(anq_ctx *ctx)
{
    anq_rec *r = ctx->rec;
    /* Hand libxml2 only the question block, not the site's chrome. */
    const char *start = anq__find_markup(ctx->src, ctx->len, "<div class=\"question\"");
    if (!start)
        return anq__fail(ctx, ANQ_ERR_NOT_A_QUESTION, NULL, "no question block");
    size_t rest = ctx->len - (size_t)(start - ctx->src);
    const char *stop = anq__find_markup(start, rest, "<div class=\"commentaires\"");
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
        anq_node *src = anq__find(qdiv, "div", NULL, "source");
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
        read_deputy(ctx, qdiv, &tmp);
        anq_node *qb = anq__find(qdiv, "div", "question", NULL);
        if (qb)
            read_question(ctx, qb, &tmp);
        else
            anq__rec_warn_missing(r, "question");
        anq_node *rb = anq__find(qdiv, "div", "reponse", NULL);
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
