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

#include "../buf.h"
#include "../date.h"
#include "../html.h"
#include "../scan.h"
#include "../text.h"
#include "formats.h"

static int detect(const char *src, size_t len)
{
    /* The layout's own classes; the legacy eZ pages (same host, same
     * wording) have none of them, the FICHE pages neither. */
    if (!anq__find_bytes(src, len, "tdstyleh1") && !anq__find_bytes(src, len, "tdstyleh3"))
        return 0;
    if (!anq__find_bytes(src, len, "contenutexte") && !anq__find_bytes(src, len, "contenu\"") &&
        !anq__find_bytes(src, len, "contenu'"))
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
        while (i < len && s[i] != '>') {
            char ch = s[i];
            if (ch == '<')
                break;  /* an unterminated tag: let the parser cope */
            if (ch == '"' || ch == '\'') {
                if (last != '=') {
                    i++;  /* a stray quote */
                    continue;
                }
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
                continue;
            }
            if (ch == '=' && last == '=') {
                i++;  /* "==" */
                continue;
            }
            *o++ = ch;
            if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
                last = ch;
            i++;
        }
        if (i < len && s[i] == '>') {
            *o++ = '>';
            i++;
        }
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

/* ---- text helpers --------------------------------------------------------- */

static int is_texte(const anq_node *n)
{
    return anq__node_is(n, "div") && anq__node_has_class(n, "contenutexte");
}

/* Text of n's subtree without the question/answer texts, folded. */
static const char *meta_text(anq_buf *b, const anq_node *n, size_t *len)
{
    anq__buf_clear(b);
    if (n && anq__node_type(n) != ANQ_NODE_ELEMENT) {
        anq__node_text(n, b);
    } else if (n) {
        for (const anq_node *c = anq__node_first(n); c; ) {
            int t = anq__node_type(c);
            if (t == ANQ_NODE_TEXT || t == ANQ_NODE_CDATA) {
                anq__buf_adds(b, anq__node_content(c));
            } else if (t == ANQ_NODE_ELEMENT && anq__node_is(c, "br")) {
                anq__buf_addc(b, ' ');
            } else if (t == ANQ_NODE_ELEMENT && !is_texte(c) && !anq__node_is(c, "script") &&
                       !anq__node_is(c, "style") && anq__node_first(c)) {
                c = anq__node_first(c);
                continue;
            }
            c = anq__node_walk_skip(n, c);
        }
    }
    if (b->oom || !b->data || b->len == 0) {
        *len = 0;
        return "";
    }
    *len = anq__fold_label(b->data, b->len);
    b->len = *len;
    return b->data;
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

static void read_header(tbl *st, anq_node *root)
{
    anq_rec *r = st->r;
    size_t len;
    anq_node *h1 = anq__find(root, "td", NULL, "tdstyleh1");
    if (h1) {
        const char *s = meta_text(&st->tmp, h1, &len);
        long v = anq__parse_uint(s, len, 1, NULL);
        if (v > 0 && v < 100)
            r->q.legislature = (int)v;
    }
    /* "Question N° : <b>N</b>": the first such text outside the texts */
    for (anq_node *n = anq__node_first(root); n;) {
        if (is_texte(n)) {
            n = anq__node_walk_skip(root, n);
            continue;
        }
        if (anq__node_type(n) == ANQ_NODE_TEXT) {
            const char *c = anq__node_content(n);
            const char *q = strstr(c, "Question N");
            if (q) {
                anq_node *p = anq__node_parent(n);
                const char *s = meta_text(&st->tmp, p, &len);
                const char *qq = anq__find_bytes(s, len, "Question N");
                if (qq) {
                    size_t off = (size_t)(qq - s) + 10;
                    long v = anq__parse_uint(s + off, len - off, 1, NULL);
                    if (v > 0)
                        r->q.number = (int)v;
                }
                break;
            }
        }
        n = anq__node_walk(root, n);
    }
    /* td.tdstyleh3: "de <b>M. Prénom Nom</b> ( Groupe - Département )" and the type label */
    for (anq_node *td = anq__find(root, "td", NULL, "tdstyleh3"); td;
         td = anq__find_next(root, td, "td", NULL, "tdstyleh3")) {
        const char *s = meta_text(&st->tmp, td, &len);
        if (anq__starts_nocase(s, len, "de ") && !r->q.author.name) {
            anq_node *b = anq__find(td, "b", NULL, NULL);
            anq_buf nb = ANQ_BUF_INIT;
            size_t nl = 0;
            const char *name = b ? meta_text(&nb, b, &nl) : NULL;
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
                continue;
            }
            r->q.type = anq__type_parse(s, len);
        }
    }
}

/* ---- labelled values: "Label &gt; <span class="contenu">value</span>" ---- */

enum { L_NONE, L_MINI, L_MINA, L_RUB, L_TANA, L_ANA, L_RET };

/* The label that ends the text run before a value: the last one printed. */
static int label_kind(const char *s, size_t len)
{
    static const struct { const char *word; int kind; } labels[] = {
        {"Ministère interrogé", L_MINI}, {"Ministère attributaire", L_MINA},
        {"Rubrique", L_RUB}, {"Tête d'analyse", L_TANA}, {"Tête d’analyse", L_TANA},
        {"Tete d'analyse", L_TANA}, {"Analyse", L_ANA}, {"retirée", L_RET},
    };
    const char *best = NULL;
    int kind = L_NONE;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        const char *p = find_last(s, len, labels[i].word);
        if (p && (!best || p > best)) {
            best = p;
            kind = labels[i].kind;
        }
    }
    return kind;
}

static void read_values(tbl *st, anq_node *root)
{
    anq_rec *r = st->r;
    anq_buf run = ANQ_BUF_INIT;   /* the text since the last value */
    for (anq_node *n = anq__node_first(root); n;) {
        if (is_texte(n) || anq__node_is(n, "script") || anq__node_is(n, "style")) {
            n = anq__node_walk_skip(root, n);
            continue;
        }
        int t = anq__node_type(n);
        if (t == ANQ_NODE_TEXT) {
            anq__buf_adds(&run, anq__node_content(n));
        } else if (t == ANQ_NODE_ELEMENT && anq__node_is(n, "span") &&
                   anq__node_has_class(n, "contenu")) {
            size_t ll = run.len ? anq__fold_label(run.data, run.len) : 0;
            int kind = label_kind(ll ? run.data : "", ll);
            anq__buf_clear(&run);
            size_t vl;
            const char *v = meta_text(&st->tmp, n, &vl);
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
            n = anq__node_walk_skip(root, n);
            continue;
        }
        n = anq__node_walk(root, n);
    }
    if (run.oom)
        r->oom = 1;
    anq__buf_free(&run);
}

/* ---- the date block ------------------------------------------------------- */

enum { D_QUESTION, D_ANSWER, D_ATTRIB, D_RENEW, D_SIGNAL, D_ERR_Q, D_ERR_A, D_RETIRED };

static const struct { const char *label; int kind; } date_labels[] = {
    {"Question publiée au JO le", D_QUESTION},
    {"Réponse publiée au JO le", D_ANSWER},
    {"Date de changement d", D_ATTRIB},
    {"Date de renouvellement", D_RENEW},
    {"Date de signalement", D_SIGNAL},
    {"Erratum de la question", D_ERR_Q},
    {"Erratum de la réponse", D_ERR_A},
    {"Question retirée le", D_RETIRED},
};

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

/* The element holding "Question publiée au JO le": past inline parents, up
 * to the enclosing cell when there is one near. */
static anq_node *date_block(anq_node *root)
{
    for (anq_node *n = anq__node_first(root); n;) {
        if (is_texte(n)) {
            n = anq__node_walk_skip(root, n);
            continue;
        }
        if (anq__node_type(n) == ANQ_NODE_TEXT && strstr(anq__node_content(n), "publiée au")) {
            anq_node *x = anq__node_parent(n);
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
            anq_node *up = x;
            for (int k = 0; k < 3 && up && up != root; k++, up = anq__node_parent(up))
                if (anq__node_is(up, "td"))
                    return up;
            return x;
        }
        n = anq__node_walk(root, n);
    }
    return NULL;
}

static void read_dates(tbl *st, anq_node *root)
{
    anq_rec *r = st->r;
    anq_node *blk = date_block(root);
    if (!blk) {
        anq__rec_warn_missing(r, "submitted.date");
        return;
    }
    size_t len;
    const char *s = meta_text(&st->tmp, blk, &len);
    mark marks[MAX_MARKS];
    size_t nm = 0;
    for (size_t i = 0; i < sizeof date_labels / sizeof date_labels[0]; i++) {
        const char *p = s;
        size_t ln = strlen(date_labels[i].label);
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

/* ---- texts ------------------------------------------------------------- */

static void read_texts(tbl *st, anq_node *root)
{
    anq_rec *r = st->r;
    int html = st->ctx->want_html;
    int which = 0;   /* 1 after "Texte de la question", 2 after "… réponse" */
    int done_q = 0, done_a = 0;
    size_t len;
    for (anq_node *n = anq__node_first(root); n;) {
        if (anq__node_is(n, "h2")) {
            const char *s = meta_text(&st->tmp, n, &len);
            if (anq__find_nocase(s, len, "Texte de la question"))
                which = 1;
            else if (anq__find_nocase(s, len, "Texte de la r"))
                which = 2;
            else
                which = 0;
            n = anq__node_walk_skip(root, n);
            continue;
        }
        if (is_texte(n)) {
            if (which == 1 && !done_q) {
                anq__text_render_nodes(r, anq__node_first(n), NULL, NULL, NULL, &r->q.question,
                                       html ? &r->q.question_html : NULL);
                done_q = 1;
            } else if (which == 2 && !done_a) {
                anq__text_render_nodes(r, anq__node_first(n), NULL, NULL, NULL, &r->q.answer,
                                       html ? &r->q.answer_html : NULL);
                done_a = 1;
            }
            which = 0;
            n = anq__node_walk_skip(root, n);
            continue;
        }
        n = anq__node_walk(root, n);
    }
}

/* ---- the region ------------------------------------------------------------ */

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
    const char *last = NULL, *p = lt;
    while ((p = anq__find_bytes(p, len - (size_t)(p - src), "contenutexte")) != NULL) {
        last = p;
        p += 12;
    }
    if (!last)
        return;
    int depth = 1;   /* the block's own <div>, before the marker */
    for (const char *q = last; q < src + len; q++) {
        if (*q != '<')
            continue;
        size_t rest = (size_t)(src + len - q);
        if (anq__starts_nocase(q, rest, "<div")) {
            depth++;
        } else if (anq__starts_nocase(q, rest, "</div")) {
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
        read_header(&st, root);
        read_values(&st, root);
        read_dates(&st, root);
        read_texts(&st, root);
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

    if (st.tmp.oom)
        r->oom = 1;
    anq__buf_free(&st.tmp);
    anq__doc_free(doc);
    return ANQ_OK;
}

const anq_extractor anq__fmt_an_table = {ANQ_FORMAT_AN_TABLE, detect, extract};
