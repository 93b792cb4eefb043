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

/* The folded text of a node in b; returns it (never NULL) and its length. */
static const char *folded_text(anq_buf *b, const anq_node *n, size_t *len)
{
    anq__buf_clear(b);
    if (n)
        anq__node_text(n, b);
    if (b->oom || !b->data || b->len == 0) {
        *len = 0;
        return "";
    }
    *len = anq__fold_label(b->data, b->len);
    b->len = *len;
    return b->data;
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

/* Header: everything of the block outside the two columns. */
static void read_header(dyn *st, anq_node *bloc, const anq_node *c1, const anq_node *c2)
{
    anq_rec *r = st->r;
    size_t len;
    /* title: span.h4 > span._regular; the h4 label gives type and number */
    anq_node *h4 = anq__find(bloc, "span", NULL, "h4");
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
        for (anq_node *sp = anq__find(bloc, "span", NULL, "h6"); sp;
             sp = anq__find_next(bloc, sp, "span", NULL, "h6")) {
            const char *s = folded_text(&st->tmp, sp, &len);
            if (!anq__find_nocase(s, len, "gislature"))
                continue;
            long v = anq__parse_uint(s, len, 0, NULL);
            if (v > 0 && v < 100)
                r->q.legislature = (int)v;
            break;
        }
    }
    /* "Publication de la question au Journal Officiel du D, page N" */
    for (anq_node *a = anq__find(bloc, "a", NULL, NULL); a; a = anq__find_next(bloc, a, "a", NULL, NULL)) {
        if (inside(a, c1) || inside(a, c2))
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
static void read_main(dyn *st, anq_node *col)
{
    anq_rec *r = st->r;
    size_t len;
    int html = st->ctx->want_html;
    for (anq_node *div = anq__find(col, "div", NULL, "_pa-small"); div;
         div = anq__find_next(col, div, "div", NULL, "_pa-small")) {
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

static void read_sidebar(dyn *st, anq_node *col)
{
    anq_rec *r = st->r;
    size_t len;
    for (anq_node *p = anq__find(col, "p", NULL, "h6"); p; p = anq__find_next(col, p, "p", NULL, "h6")) {
        const char *id = anq__node_attr(p, "id");
        const char *s = folded_text(&st->tmp, p, &len);
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

/* og:url from the page's head: the <meta> tag that carries it. */
static void read_og_url(dyn *st, const char *head, size_t len)
{
    const char *tag = NULL;
    size_t tl = 0;
    if (!find_og_meta(head, len, &tag, &tl))
        return;
    anq_doc *doc = NULL;
    int rc = anq__doc_parse_fragment(tag, tl, &doc);
    if (rc != ANQ_OK) {
        if (rc == ANQ_ERR_NOMEM)
            st->r->oom = 1; /* out of memory is never a missing field */
        return;
    }
    anq_node *m = anq__find(anq__doc_root(doc), "meta", NULL, NULL);
    const char *c = m ? anq__node_attr(m, "content") : NULL;
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

    anq_node *main_col = anq__find(bloc, "div", NULL, "size-3");
    anq_node *side_col = anq__find(bloc, "div", NULL, "size-1");
    read_header(&st, bloc, main_col, side_col);
    read_main(&st, main_col ? main_col : bloc);
    read_sidebar(&st, side_col ? side_col : bloc);

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
