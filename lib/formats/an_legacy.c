/* SPDX-License-Identifier: MIT */
/* The Assemblée's legacy question page of 2015-2024 (formats.md B3, the
 * "eZ Publish" layout with `question_*` classes): a header block of labelled
 * divs, then the question and answer HTML. Three small regions of the page
 * go to libxml2: the header block (legislature to publication lines), the
 * question's div and the answer's div; the rest is site chrome. */
#include <string.h>

#include "../alloc.h"
#include "../buf.h"
#include "../date.h"
#include "../html.h"
#include "../scan.h"
#include "../text.h"
#include "formats.h"

/* ---- detection ---------------------------------------------------------- */

static int detect(const char *src, size_t len)
{
    /* class="question_legislature" and id="question_col10": one walk over
     * the occurrences of their common part instead of two searches */
    int leg = 0, col10 = 0;
    const char *p = src, *end = src + len;
    while (!(leg && col10) && (p = anq__find_bytes(p, (size_t)(end - p), "question_")) != NULL) {
        size_t before = (size_t)(p - src), after = (size_t)(end - p) - 9;
        if (!leg && before >= 7 && after >= 12 && memcmp(p - 7, "class=\"", 7) == 0 &&
            memcmp(p + 9, "legislature\"", 12) == 0)
            leg = 1;
        if (!col10 && before >= 4 && after >= 6 && memcmp(p - 4, "id=\"", 4) == 0 &&
            memcmp(p + 9, "col10\"", 6) == 0)
            col10 = 1;
        p += 9;
    }
    if (!leg && !col10)
        return 0;
    static const char *const more[] = {
        "id=\"question_col80\"", "class=\"question_publish_date\"",
        "class=\"analyse_header\"", "class=\"reponse_contenu\"",
    };
    int n = leg + col10;
    /* four markers make it sure: the rest need not be looked for */
    for (size_t i = 0; i < sizeof more / sizeof more[0] && n < 4; i++)
        n += anq__find_bytes(src, len, more[i]) != NULL;
    if (n < 2)
        return 0;
    return n >= 4 ? 95 : 60 + 10 * n;
}

/* ---- byte helpers -------------------------------------------------------- */

/* The '<' that opens the tag containing p (searching back at most 256 bytes),
 * or p itself. */
static const char *tag_open(const char *base, const char *p)
{
    const char *lim = p - base > 256 ? p - 256 : base;
    for (const char *q = p; q > lim; q--)
        if (q[-1] == '<')
            return q - 1;
    return p;
}

/* Just past the '>' that closes the tag containing p, or NULL. */
static const char *tag_end(const char *p, const char *end)
{
    const char *g = memchr(p, '>', (size_t)(end - p));
    return g ? g + 1 : NULL;
}

static const char *find_in(const char *from, const char *end, const char *needle)
{
    if (!from || from >= end)
        return NULL;
    return anq__find_bytes(from, (size_t)(end - from), needle);
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ---- small text helpers -------------------------------------------------- */

static const char *node_text(const anq_node *n, anq_buf *b)
{
    anq__buf_clear(b);
    anq__node_text(n, b);
    return anq__buf_cstr(b);
}

/* Text of n's children after `after` (NULL: all of them). */
static const char *text_after(const anq_node *parent, const anq_node *after, anq_buf *b)
{
    anq__buf_clear(b);
    for (const anq_node *c = after ? anq__node_next_any(after) : anq__node_first(parent); c;
         c = anq__node_next_any(c))
        anq__node_text(c, b);
    return anq__buf_cstr(b);
}

/* A labelled cell: "<span>Label > </span> value", the span either a child of
 * `cell` or of its <p>. Fills label and value; the label is "" when there is
 * no label span and no short "Label >" prefix. */
static void read_labelled(const anq_node *cell, anq_buf *label, anq_buf *value)
{
    const anq_node *box = anq__node_child_named(cell, "p");
    if (!box)
        box = cell;
    const anq_node *first = anq__node_child(box);
    anq__buf_clear(label);
    if (first && anq__node_is(first, "span")) {
        const char *l = node_text(first, label);
        if (memchr(l, '>', label->len) || anq__node_has_class(first, "question_big_content")) {
            text_after(box, first, value);
            return;
        }
    }
    anq__buf_clear(label);
    const char *t = text_after(box, NULL, value);
    /* "Label > value" written as plain text */
    const char *gt = memchr(t, '>', value->len < 64 ? value->len : 64);
    if (gt) {
        size_t ll = (size_t)(gt - t);
        int digits = 0;
        for (size_t i = 0; i < ll; i++)
            digits |= t[i] >= '0' && t[i] <= '9';
        if (!digits) {
            anq__buf_add(label, t, ll + 1);
            size_t rest = value->len - ll - 1;
            memmove(value->data, gt + 1, rest);
            value->len = rest;
            value->data[rest] = '\0';
        }
    }
    anq__buf_cstr(label);
}

/* s[0..len) trimmed starts with `word` (ASCII case-insensitive). */
static int label_starts(const char *s, size_t len, const char *word)
{
    s = anq__trim(s, &len);
    return anq__starts_nocase(s, len, word);
}

/* ---- header block -------------------------------------------------------- */

static void read_number_type(anq_rec *r, const anq_node *body, anq_buf *t)
{
    for (const anq_node *n = anq__find(body, NULL, "question_col10", NULL); n;
         n = anq__find_next(body, n, NULL, "question_col10", NULL)) {
        const char *s = node_text(n, t);
        int ty = anq__type_parse(s, t->len);
        if (ty && !r->q.type)
            r->q.type = ty;
        if (!r->q.number && !ty) {
            long v = anq__parse_uint(s, t->len, 1, NULL);
            if (v > 0)
                r->q.number = (int)v;
        }
    }
}

static void read_author(anq_rec *r, const anq_node *body, anq_buf *t)
{
    anq_node *col = anq__find(body, NULL, "question_col80", NULL);
    if (!col)
        return;
    anq_node *a = anq__find(col, "a", NULL, NULL);
    /* the element holding the name: the <span> around the link, or the link */
    const anq_node *holder = NULL;
    if (a) {
        holder = a;
        for (const anq_node *p = anq__node_parent(a); p && p != col; p = anq__node_parent(p))
            holder = p;
        const char *name = node_text(a, t);
        anq__rec_set_author_name(r, name, t->len);
        if (!r->q.author.name) {
            /* title="Lien vers la fiche de M. Prénom Nom" */
            const char *title = anq__node_attr(a, "title");
            const char *de = title ? strstr(title, " de ") : NULL;
            if (de)
                anq__rec_set_author_name(r, de + 4, strlen(de + 4));
        }
        const char *href = anq__node_attr(a, "href");
        const char *omc = href ? strstr(href, "OMC_") : NULL;
        if (omc) {
            omc += 4;
            size_t n = 0;
            while ((omc[n] >= 'A' && omc[n] <= 'Z') || (omc[n] >= '0' && omc[n] <= '9'))
                n++;
            if (n > 2)
                anq__rec_set(r, &r->q.author.an_id, omc, n);
        }
    } else {
        /* no link: the name's own span (the département's has no class) */
        for (anq_node *c = anq__node_child(col); c && !holder; c = anq__node_next(c))
            if (anq__node_is(c, "span") && anq__node_has_class(c, "question_big_content"))
                holder = c;
        if (holder) {
            const char *name = node_text(holder, t);
            anq__rec_set_author_name(r, name, t->len);
        }
    }
    /* the département: the last <span> child that is not the name's */
    const anq_node *dept = NULL;
    for (const anq_node *c = anq__node_child(col); c; c = anq__node_next(c))
        if (c != holder && anq__node_is(c, "span"))
            dept = c;
    /* the text between the name and the département: " (Groupe - " */
    anq__buf_clear(t);
    const anq_node *c = holder ? anq__node_next_any(holder) : anq__node_first(col);
    for (; c && c != dept; c = anq__node_next_any(c))
        anq__node_text(c, t);
    const char *g = anq__buf_cstr(t);
    if (!holder) {
        /* no name element: " de M. Prénom Nom (Groupe - " */
        const char *open = strchr(g, '(');
        const char *s = g;
        size_t l = open ? (size_t)(open - g) : t->len;
        s = anq__trim(s, &l);
        if (l >= 2 && anq__starts_nocase(s, l, "de") && (l == 2 || is_space((unsigned char)s[2]))) {
            s += 2;
            l -= 2;
        }
        anq__rec_set_author_name(r, s, l);
    }
    const char *open = strchr(g, '(');
    if (open) {
        size_t l = t->len - (size_t)(open + 1 - g);
        const char *s = anq__trim(open + 1, &l);
        if (dept) {
            /* the " - " before the département's span */
            if (l && s[l - 1] == '-')
                l--;
        } else if (l && s[l - 1] == ')') {
            l--;
        }
        s = anq__trim(s, &l);
        anq__rec_set(r, &r->q.author.group, s, l);
    }
    if (dept) {
        const char *d = node_text(dept, t);
        anq__rec_set(r, &r->q.author.department, d, t->len);
    }
}

static void read_ministries(anq_rec *r, const anq_node *body, anq_buf *label, anq_buf *value)
{
    int i = 0;
    for (const anq_node *n = anq__find(body, NULL, NULL, "question_col50"); n;
         n = anq__find_next(body, n, NULL, NULL, "question_col50"), i++) {
        read_labelled(n, label, value);
        const char *l = label->data ? label->data : "";
        const char **field = NULL;
        if (anq__find_nocase(l, label->len, "interrog"))
            field = &r->q.ministry_asked;
        else if (anq__find_nocase(l, label->len, "attributaire") ||
                 anq__find_nocase(l, label->len, "pondant"))
            field = &r->q.ministry_answering;
        else if (label->len == 0)
            field = i == 0 ? &r->q.ministry_asked : &r->q.ministry_answering;
        if (field)
            anq__rec_set(r, field, anq__buf_cstr(value), value->len);
    }
}

static void read_analysis(anq_rec *r, const anq_node *body, anq_buf *label, anq_buf *value)
{
    int i = 0;
    for (const anq_node *n = anq__find(body, NULL, NULL, "question_col33"); n;
         n = anq__find_next(body, n, NULL, NULL, "question_col33"), i++) {
        read_labelled(n, label, value);
        const char *l = anq__buf_cstr(label);
        const char *v = anq__buf_cstr(value);
        enum { NONE, RUB, TETE, ANA, TITRE } kind = NONE;
        if (label_starts(l, label->len, "rubrique"))
            kind = RUB;
        else if (label_starts(l, label->len, "titre"))
            kind = TITRE;
        else if (label_starts(l, label->len, "analyse"))
            kind = ANA;
        else if (anq__find_nocase(l, label->len, "analyse"))
            kind = TETE;
        else if (label->len == 0)
            kind = anq__node_has_class(n, "middle33") ? TETE
                 : anq__node_has_class(n, "last33")   ? ANA
                 : i == 0                             ? RUB
                                                      : NONE;
        switch (kind) {
        case RUB:
            anq__rec_set(r, &r->q.rubrique, v, value->len);
            break;
        case TITRE:
            anq__rec_set(r, &r->q.title, v, value->len);
            break;
        case ANA:
            if (r->q.analyses_count == 0)
                anq__rec_add_analyses_split(r, v, value->len);
            break;
        case TETE: {
            size_t vl = value->len;
            const char *s = anq__trim(v, &vl);
            /* "aucune tête d'analyse" is a placeholder, not a value */
            if (!(anq__starts_nocase(s, vl, "aucune") && anq__find_nocase(s, vl, "analyse")))
                anq__rec_set(r, &r->q.tete_analyse, s, vl);
            break;
        }
        default:
            break;
        }
    }
}

/* "… page : N" after `from` in s[0..len): N, or 0. */
static int page_after(const char *s, size_t len, size_t from)
{
    if (from > len)
        return 0;
    const char *p = anq__find_nocase(s + from, len - from, "page");
    if (!p)
        return 0;
    size_t i = (size_t)(p - s) + 4;
    while (i < len && (is_space((unsigned char)s[i]) || s[i] == ':'))
        i++;
    if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
        i += 2;
    while (i < len && (is_space((unsigned char)s[i]) || s[i] == ':'))
        i++;
    long v = anq__parse_uint(s + i, len - i, 0, NULL);
    return v > 0 ? (int)v : 0;
}

typedef struct lines_info {
    int answer_line;        /* a "Réponse publiée" line was seen */
    int withdrawn;          /* a "Question retirée" line was seen */
    anq_date withdrawn_date;
    const char *withdrawn_reason;
    anq_date attribution_date;
} lines_info;

static void read_line(anq_rec *r, const char *s, size_t len, lines_info *li)
{
    s = anq__trim(s, &len);
    if (len == 0)
        return;
    anq_date d;
    size_t dend = 0;
    int has_date = anq__date_find(s, len, &d, &dend);
    if (!has_date)
        memset(&d, 0, sizeof d);
    /* the label is what comes before the date */
    size_t ll = has_date ? dend : len;
    if (anq__find_nocase(s, ll, "erratum")) {
        int kind = anq__find_nocase(s, ll, "ponse") ? ANQ_EVENT_ERRATUM_ANSWER
                                                    : ANQ_EVENT_ERRATUM_QUESTION;
        if (has_date)
            anq__rec_add_event(r, kind, &d, page_after(s, len, dend));
    } else if (anq__find_nocase(s, ll, "changement") && anq__find_nocase(s, ll, "attribution")) {
        if (has_date) {
            anq__rec_add_event(r, ANQ_EVENT_ATTRIBUTION_CHANGE, &d, 0);
            long k = d.year * 10000L + d.month * 100L + d.day;
            const anq_date *o = &li->attribution_date;
            if (k > o->year * 10000L + o->month * 100L + o->day)
                li->attribution_date = d;
        }
    } else if (anq__find_nocase(s, ll, "signal")) {
        if (has_date)
            anq__rec_add_event(r, ANQ_EVENT_SIGNALEMENT, &d, page_after(s, len, dend));
    } else if (anq__find_nocase(s, ll, "renouvel")) {
        if (has_date)
            anq__rec_add_event(r, ANQ_EVENT_RENEWAL, &d, page_after(s, len, dend));
    } else if (anq__find_nocase(s, ll, "retir")) {
        li->withdrawn = 1;
        li->withdrawn_date = d;
        const char *rest = s + dend;
        size_t rl = len - dend;
        const char *open = memchr(rest, '(', rl);
        if (open) {
            const char *close = NULL;
            for (const char *q = s + len; q > open + 1; q--)
                if (q[-1] == ')') {
                    close = q - 1;
                    break;
                }
            size_t n = close ? (size_t)(close - open - 1) : (size_t)(s + len - open - 1);
            li->withdrawn_reason = anq__rec_clean(r, open + 1, n);
        }
    } else if (anq__find_nocase(s, ll, "ponse") && anq__find_nocase(s, ll, "publi")) {
        li->answer_line = 1;
        if (has_date && !r->q.answered.date.year) {
            r->q.answered.date = d;
            r->q.answered.jo_page = page_after(s, len, dend);
        }
    } else if (anq__find_nocase(s, ll, "question") && anq__find_nocase(s, ll, "publi")) {
        if (has_date && !r->q.submitted.date.year) {
            r->q.submitted.date = d;
            r->q.submitted.jo_page = page_after(s, len, dend);
        }
    }
}

static void read_dates(anq_rec *r, const anq_node *block, lines_info *li, anq_buf *t)
{
    int lines = 0;
    for (const anq_node *c = anq__node_child(block); c; c = anq__node_next(c)) {
        if (!anq__node_is(c, "div") && !anq__node_is(c, "p"))
            continue;
        node_text(c, t);
        read_line(r, t->data ? t->data : "", t->len, li);
        lines++;
    }
    if (!lines) {
        /* no line elements: the whole block as one line */
        node_text(block, t);
        read_line(r, t->data ? t->data : "", t->len, li);
    }
}

/* ---- fallback identity from the PDF form ------------------------------- */

/* ".../questions/detail/16/qe/13641/(vue)/pdf": the page's own question, used
 * only for what the header does not give. */
static void identity_from_pdf_form(anq_rec *r, const char *src, size_t len)
{
    const char *p = anq__find_bytes(src, len, "/questions/detail/");
    if (!p)
        return;
    p += 18;
    size_t rest = len - (size_t)(p - src), e = 0;
    long leg = anq__parse_uint(p, rest, 0, &e);
    if (leg <= 0 || leg > 99 || e >= rest || p[e] != '/')
        return;
    p += e + 1;
    rest -= e + 1;
    size_t tl = 0;
    while (tl < rest && tl < 8 && p[tl] != '/')
        tl++;
    int type = tl < rest ? anq__type_parse(p, tl) : 0;
    if (!type)
        return;
    p += tl + 1;
    rest -= tl + 1;
    long num = anq__parse_uint(p, rest, 0, &e);
    if (num <= 0 || e >= rest || p[e] != '/')
        return;
    if (!r->q.legislature)
        r->q.legislature = (int)leg;
    if (!r->q.type)
        r->q.type = type;
    if (!r->q.number)
        r->q.number = (int)num;
}

/* ---- texts ----------------------------------------------------------------- */

/* A block starts with its heading "<h3>Texte de la question</h3>" (or
 * "réponse"): leave it out of the text. */
static const char *skip_heading(const char *s, size_t *len)
{
    size_t n = *len;
    const char *p = anq__trim(s, &n);
    if (!anq__starts_nocase(p, n, "<h3"))
        return s;
    const char *gt = memchr(p, '>', n);
    if (!gt)
        return s;
    size_t rest = n - (size_t)(gt + 1 - p);
    const char *t = anq__trim(gt + 1, &rest);
    if (!anq__starts_nocase(t, rest, "texte de la"))
        return s;
    const char *close = anq__find_nocase(t, rest, "</h3>");
    if (!close)
        return s;
    close += 5;
    *len -= (size_t)(close - s);
    return close;
}

static int render(anq_ctx *ctx, const char *s, size_t len, const char **text, const char **html)
{
    /* the text room reads "</br>" as a line break (output.md) and leaves
     * forms (the alert form) out */
    s = skip_heading(s, &len);
    int rc = anq__text_render_fragment(ctx->rec, s, len, NULL, NULL, text,
                                       ctx->want_html ? html : NULL);
    if (rc == ANQ_ERR_NOMEM)
        ctx->rec->oom = 1;
    return rc;
}

/* ---- extract --------------------------------------------------------------- */

static int extract(anq_ctx *ctx)
{
    anq_rec *r = ctx->rec;
    const char *src = ctx->src, *end = ctx->src + ctx->len;

    /* the header block: from the legislature (or the first header marker) to
     * the question/answer section */
    const char *hs = anq__find_bytes(src, ctx->len, "class=\"question_legislature\"");
    if (!hs)
        hs = anq__find_bytes(src, ctx->len, "class=\"question_header\"");
    if (!hs)
        hs = anq__find_bytes(src, ctx->len, "id=\"question_col10\"");
    if (!hs)
        return anq__fail(ctx, ANQ_ERR_NOT_A_QUESTION, NULL, "no question header");
    hs = tag_open(src, hs);
    const char *qa = find_in(hs, end, "class=\"question_answer\"");
    const char *he = qa ? tag_open(hs, qa) : NULL;
    if (!he) {
        he = find_in(hs, end, "class=\"reponse_contenu\"");
        he = he ? tag_open(hs, he) : end;
    }

    anq_buf t = ANQ_BUF_INIT, label = ANQ_BUF_INIT;
    anq_doc *doc = NULL;
    int rc = anq__doc_parse_fragment(hs, (size_t)(he - hs), &doc);
    if (rc != ANQ_OK && rc != ANQ_ERR_EMPTY)
        return anq__fail(ctx, rc, NULL, NULL);
    anq_node *body = doc ? anq__doc_body(doc) : NULL;

    lines_info li;
    memset(&li, 0, sizeof li);
    if (body) {
        anq_node *h = anq__find(body, NULL, NULL, "question_legislature");
        if (h) {
            node_text(h, &t);
            long v = anq__parse_uint(anq__buf_cstr(&t), t.len, 1, NULL);
            if (v > 0 && v < 100)
                r->q.legislature = (int)v;
        }
        read_number_type(r, body, &t);
        read_author(r, body, &t);
        read_ministries(r, body, &label, &t);
        read_analysis(r, body, &label, &t);
        anq_node *dates = anq__find(body, NULL, NULL, "question_publish_date");
        if (dates)
            read_dates(r, dates, &li, &t);
    }
    anq__doc_free(doc);
    doc = NULL;
    if (!r->q.legislature || !r->q.type || !r->q.number)
        identity_from_pdf_form(r, src, ctx->len);

    /* the question: inside <div class="question"> up to the answer's div */
    const char *qs = find_in(qa ? qa : hs, end, "class=\"question\"");
    if (qs)
        qs = tag_end(qs, end);
    if (qs) {
        const char *qe = find_in(qs, end, "class=\"answer\"");
        if (!qe)
            qe = find_in(qs, end, "class=\"reponse_contenu\"");
        if (!qe)
            qe = find_in(qs, end, "</section>");
        qe = qe ? tag_open(qs, qe) : end;
        rc = render(ctx, qs, (size_t)(qe - qs), &r->q.question, &r->q.question_html);
        if (rc != ANQ_OK && rc != ANQ_ERR_NOMEM)
            anq__rec_warn(r, "question_unreadable");
    }

    /* the answer: inside <div class="reponse_contenu"> up to the section's end */
    int have_answer_block = 0, alert = 0;
    const char *as = find_in(qs ? qs : hs, end, "class=\"reponse_contenu\"");
    if (as)
        as = tag_end(as, end);
    if (as) {
        have_answer_block = 1;
        const char *ae = find_in(as, end, "</section>");
        if (!ae)
            ae = end;
        alert = find_in(as, ae, "alertNotification") != NULL;
        if (!(alert && !li.answer_line)) {
            rc = render(ctx, as, (size_t)(ae - as), &r->q.answer, &r->q.answer_html);
            if (rc != ANQ_OK && rc != ANQ_ERR_NOMEM)
                anq__rec_warn(r, "answer_unreadable");
        }
    }

    /* attributions: the one ministère attributaire, dated by a change */
    if (r->q.ministry_answering || li.attribution_date.year)
        anq__rec_add_attribution(r, r->q.ministry_answering,
                                 r->q.ministry_answering ? strlen(r->q.ministry_answering) : 0,
                                 &li.attribution_date);

    /* status and closure */
    if (li.answer_line || r->q.answer) {
        r->q.status = ANQ_STATUS_ANSWERED;
        if (r->q.answered.date.year)
            r->q.closure.date = r->q.answered.date;
        else
            anq__rec_warn_missing(r, "answered.date");
    } else if (li.withdrawn) {
        r->q.status = ANQ_STATUS_WITHDRAWN;
        r->q.closure.date = li.withdrawn_date;
        r->q.closure.reason = li.withdrawn_reason;
        if (!li.withdrawn_date.year)
            anq__rec_warn_missing(r, "closure.date");
    } else if (have_answer_block) {
        /* the answer block is there and empty (or holds the alert form) */
        r->q.status = ANQ_STATUS_OPEN;
    } else {
        r->q.status = ANQ_STATUS_UNKNOWN;
    }

    anq__rec_split_name(r);
    if (!r->q.legislature)
        anq__rec_warn_missing(r, "legislature");
    if (!r->q.type)
        anq__rec_warn_missing(r, "type");
    if (!r->q.author.name)
        anq__rec_warn_missing(r, "author.name");
    if (!r->q.submitted.date.year)
        anq__rec_warn_missing(r, "submitted.date");
    if (!r->q.ministry_answering)
        anq__rec_warn_missing(r, "ministry_answering");
    if (!r->q.question && r->q.type != ANQ_TYPE_QG)
        anq__rec_warn_missing(r, "question");
    if (t.oom || label.oom)
        r->oom = 1;
    anq__buf_free(&t);
    anq__buf_free(&label);
    return ANQ_OK;
}

const anq_extractor anq__fmt_an_legacy = {ANQ_FORMAT_AN_LEGACY, detect, extract};
