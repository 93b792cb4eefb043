/* SPDX-License-Identifier: MIT */
/* The legacy site's `…/NN-NNNNNQE.htm/vue/xml` export (formats.md B4): an
 * upper-case XML tree, `QUESTION@TYPE` at the root, question and answer
 * bodies as HTML in CDATA sections. */
#include <string.h>

#include "../buf.h"
#include "../date.h"
#include "../html.h"
#include "../scan.h"
#include "../text.h"
#include "formats.h"

static int is_root_question(const char *p, size_t n)
{
    static const char tag[] = "<QUESTION";
    if (n < sizeof tag || memcmp(p, tag, sizeof tag - 1) != 0)
        return 0;
    char c = p[sizeof tag - 1];
    return c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '\r' || c == '/';
}

static int detect(const char *src, size_t len)
{
    /* the root element only: markers inside other text do not count */
    size_t head = len < 4096 ? len : 4096;
    const char *r = anq__xml_root_start(src, head);
    if (!r || !is_root_question(r, head - (size_t)(r - src)))
        return 0;
    size_t rest = len - (size_t)(r - src);
    if (anq__find_bytes(r, rest, "<LEGISLATURE") || anq__find_bytes(r, rest, "<DEPOT"))
        return 95;
    return 60;
}

/* ------------------------------------------------------------------ */

typedef struct xv {
    anq_ctx *ctx;
    anq_rec *r;
    anq_buf tmp;
} xv;

/* The element's text, whitespace-trimmed, in x->tmp (valid until the next
 * call), or, when n holds one text or CDATA node and nothing else (most
 * elements), that node's content itself, without a copy. *len receives its
 * length. */
static const char *text_of(xv *x, const anq_node *n, size_t *len)
{
    const anq_node *t = n ? n->first : NULL;
    if (t && !t->next && (t->type == ANQ_NODE_TEXT || t->type == ANQ_NODE_CDATA) &&
        n->type == ANQ_NODE_ELEMENT) {
        size_t l = t->content_len;
        const char *s = anq__trim(t->content, &l);
        *len = l;
        return s;
    }
    anq__buf_clear(&x->tmp);
    if (n)
        anq__node_text(n, &x->tmp);
    size_t l = x->tmp.len;
    const char *s = anq__trim(anq__buf_cstr(&x->tmp), &l);
    *len = l;
    return s;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* c is the element `name` (compared as anq__node_is() does: ASCII
 * case-insensitively), its first byte checked first. The walks follow the
 * tree's links themselves (lib/tree.h): they are the extractor's hot path. */
static int is_el(const anq_node *c, const char *name)
{
    if (c->type != ANQ_NODE_ELEMENT || (c->name[0] | 0x20) != (name[0] | 0x20))
        return 0;
    const char *a = c->name;
    for (;; a++, name++) {
        if (lower(*a) != lower(*name))
            return 0;
        if (!*a)
            return 1;
    }
}

/* As anq__node_child_named() and anq__node_next_named(). */
static anq_node *child_named(const anq_node *n, const char *name)
{
    if (!n)
        return NULL;
    for (anq_node *c = n->first; c; c = c->next)
        if (is_el(c, name))
            return c;
    return NULL;
}

static anq_node *next_named(const anq_node *n, const char *name)
{
    for (anq_node *c = n->next; c; c = c->next)
        if (is_el(c, name))
            return c;
    return NULL;
}

static const char *child_text(xv *x, const anq_node *n, const char *name, size_t *len)
{
    return text_of(x, child_named(n, name), len);
}

static void set_child(xv *x, const anq_node *n, const char *name, const char **field)
{
    size_t l;
    const char *s = child_text(x, n, name, &l);
    if (l)
        anq__rec_set(x->r, field, s, l);
}

static int child_date(xv *x, const anq_node *n, const char *name, anq_date *d)
{
    size_t l;
    const char *s = child_text(x, n, name, &l);
    memset(d, 0, sizeof *d);
    return l && anq__date_parse(s, l, d) > 0;
}

static int child_int(xv *x, const anq_node *n, const char *name)
{
    size_t l;
    const char *s = child_text(x, n, name, &l);
    long v = l ? anq__parse_uint(s, l, 0, NULL) : -1;
    return v > 0 ? (int)v : 0;
}

static int attr_int(const anq_node *n, const char *name)
{
    const char *v = anq__node_attr(n, name);
    long i = v ? anq__parse_uint(v, strlen(v), 0, NULL) : -1;
    return i > 0 ? (int)i : 0;
}

/* A ministry: its ABREGE short name as printed (output.md), else its
 * DEVELOPPE. Returns the text in x->tmp. */
static const char *ministry_of(xv *x, const anq_node *n, size_t *len)
{
    const char *s = child_text(x, n, "ABREGE", len);
    if (*len)
        return s;
    return child_text(x, n, "DEVELOPPE", len);
}

/* An HTML body held as CDATA (or escaped text) inside element n. */
static void render_body(xv *x, const anq_node *n, const char **text, const char **html)
{
    *text = NULL;
    if (html)
        *html = NULL;
    if (!n)
        return;
    anq_rec *r = x->r;
    if (anq__node_child(n)) {
        /* markup as real child elements: render the tree itself */
        anq__text_render_nodes(r, anq__node_first(n), NULL, NULL, NULL, text, html);
        return;
    }
    size_t l;
    const char *s = text_of(x, n, &l);
    if (!l)
        return;
    /* the text room reads the chain's "</br>" and rowspan=2" as meant */
    int rc = anq__text_render_fragment(r, s, l, NULL, NULL, text, html);
    if (rc == ANQ_ERR_NOMEM)
        r->oom = 1;
}

static void read_depot(xv *x, const anq_node *n)
{
    anq_rec *r = x->r;
    if (!r->q.number) {
        int num = attr_int(n, "NUMERO");
        if (num)
            r->q.number = num;
    }
    anq_date d;
    if (!r->q.submitted.date.year && child_date(x, n, "DATE_JO", &d)) {
        r->q.submitted.date = d;
        int p = child_int(x, n, "PAGE_JO");
        if (p)
            r->q.submitted.jo_page = p;
    }
    anq_node *t = child_named(n, "TEXTE_DEPOT");
    if (t && !r->q.question)
        render_body(x, t, &r->q.question,
                    x->ctx->want_html ? &r->q.question_html : NULL);
}

static void read_author(xv *x, const anq_node *n)
{
    anq_rec *r = x->r;
    anq_author *a = &r->q.author;
    size_t l;
    const char *s = child_text(x, n, "ID_ACTEUR", &l);
    if (l) {
        anq_buf id = ANQ_BUF_INIT;
        if (!anq__starts_nocase(s, l, "PA"))
            anq__buf_add(&id, "PA", 2);
        anq__buf_add(&id, s, l);
        if (id.oom)
            r->oom = 1;
        else
            anq__rec_set(r, &a->an_id, id.data, id.len);
        anq__buf_free(&id);
    }
    s = child_text(x, n, "CIVILITE", &l);
    if (l) {
        if (anq__starts_nocase(s, l, "Mme") || anq__starts_nocase(s, l, "Madame"))
            a->civility = "Mme";
        else if (anq__starts_nocase(s, l, "Mlle") || anq__starts_nocase(s, l, "Mademoiselle"))
            a->civility = "Mlle";
        else if ((l <= 2 && (s[0] == 'M' || s[0] == 'm')) || anq__starts_nocase(s, l, "Monsieur"))
            a->civility = "M.";
        else
            anq__rec_set(r, &a->civility, s, l);
    }
    set_child(x, n, "PRENOM", &a->first_name);
    set_child(x, n, "NOM", &a->last_name);
    anq_buf name = ANQ_BUF_INIT;
    if (a->first_name)
        anq__buf_adds(&name, a->first_name);
    if (a->first_name && a->last_name)
        anq__buf_addc(&name, ' ');
    if (a->last_name)
        anq__buf_adds(&name, a->last_name);
    if (name.oom)
        r->oom = 1;
    else if (name.len)
        anq__rec_set_author_name(r, name.data, name.len);
    anq__buf_free(&name);
}

static void read_indexation(xv *x, const anq_node *n)
{
    anq_rec *r = x->r;
    const char *rub = anq__node_attr(n, "RUBRIQUE");
    if (rub)
        anq__rec_set(r, &r->q.rubrique, rub, strlen(rub));
    else
        set_child(x, n, "RUBRIQUE", &r->q.rubrique);
    size_t l;
    const char *s = child_text(x, n, "TETE_ANALYSE", &l);
    if (l && !anq__starts_nocase(s, l, "aucune t"))
        anq__rec_set(r, &r->q.tete_analyse, s, l);
    for (anq_node *an = child_named(n, "ANALYSE"); an;
         an = next_named(an, "ANALYSE")) {
        anq_node *ana = child_named(an, "ANA");
        if (!ana) {
            /* the items as one text: split them on their separators */
            s = text_of(x, an, &l);
            if (l)
                anq__rec_add_analyses_split(r, s, l);
            continue;
        }
        for (; ana; ana = next_named(ana, "ANA")) {
            s = text_of(x, ana, &l);
            if (l)
                anq__rec_add_analysis(r, s, l);
        }
    }
}

static void read_attributions(xv *x, const anq_node *mina)
{
    anq_rec *r = x->r;
    size_t count = 0;
    for (anq_node *o = child_named(mina, "ORDRE"); o;
         o = next_named(o, "ORDRE")) {
        anq_date d;
        child_date(x, o, "DATE_JO", &d);
        int page = child_int(x, o, "PAGE_JO");
        size_t l;
        const char *m = ministry_of(x, o, &l);
        if (!l && !d.year)
            continue;
        anq__rec_add_attribution(r, m, l, d.year ? &d : NULL);
        if (l)
            anq__rec_replace(r, &r->q.ministry_answering, m, l);
        /* every attribution after the first is a change of attribution */
        if (count++ > 0 && d.year)
            anq__rec_add_event(r, ANQ_EVENT_ATTRIBUTION_CHANGE, &d, page);
    }
}

/* ERRATUM_QUESTION, ERRATUM_REPONSE, SIGNALEMENT: an event when dated. */
static void read_dated_event(xv *x, const anq_node *n, int kind, const char *fallback)
{
    anq_date d;
    if (!child_date(x, n, "DATE_JO", &d) && !(fallback && child_date(x, n, fallback, &d)))
        return;
    anq__rec_add_event(x->r, kind, &d, child_int(x, n, "PAGE_JO"));
}

static void read_renewals(xv *x, const anq_node *n)
{
    anq_node *o = child_named(n, "ORDRE");
    if (!o) {
        read_dated_event(x, n, ANQ_EVENT_RENEWAL, "DATE_RENOUVELLEMENT");
        return;
    }
    for (; o; o = next_named(o, "ORDRE")) {
        anq_date d;
        if (!child_date(x, o, "DATE_RENOUVELLEMENT", &d) && !child_date(x, o, "DATE_JO", &d))
            continue;
        anq__rec_add_event(x->r, ANQ_EVENT_RENEWAL, &d, child_int(x, o, "PAGE_JO"));
    }
}

typedef struct closure_info {
    int present;
    int is_answer;
    int is_lapse;
    anq_date date;
} closure_info;

static void read_closure(xv *x, const anq_node *n, closure_info *ci)
{
    anq_rec *r = x->r;
    size_t cl, ll;
    const char *code = child_text(x, n, "ABREGE", &cl);
    if (cl) {
        anq__rec_set(r, &r->q.closure.code, code, cl);
        ci->present = 1;
        if (anq__starts_nocase(code, cl, "REP"))
            ci->is_answer = 1;
        if (cl == 2 && anq__starts_nocase(code, cl, "FL"))
            ci->is_lapse = 1;
    }
    const char *lib = child_text(x, n, "LIBELLE", &ll);
    if (ll) {
        anq__rec_set(r, &r->q.closure.reason, lib, ll);
        ci->present = 1;
        if (anq__starts_nocase(lib, ll, "Réponse"))
            ci->is_answer = 1;
        if (anq__find_nocase(lib, ll, "fin de législature"))
            ci->is_lapse = 1;
    }
    if (child_date(x, n, "DATE_JO", &ci->date))
        ci->present = 1;
}

static void read_answer(xv *x, const anq_node *n)
{
    anq_rec *r = x->r;
    anq_node *t = child_named(n, "TEXTE_REPONSE");
    if (t && !r->q.answer)
        render_body(x, t, &r->q.answer, x->ctx->want_html ? &r->q.answer_html : NULL);
    anq_date d;
    if (!r->q.answered.date.year && child_date(x, n, "DATE_JO_REPONSE", &d)) {
        r->q.answered.date = d;
        int p = child_int(x, n, "PAGE_JO_REPONSE");
        if (p)
            r->q.answered.jo_page = p;
    }
}

/* The name a is lit (a first byte that differs settles most). */
static int same(const char *a, const char *lit)
{
    return a[0] == lit[0] && strcmp(a, lit) == 0;
}

static int extract(anq_ctx *ctx)
{
    anq_rec *r = ctx->rec;
    const char *start = anq__xml_root_start(ctx->src, ctx->len);
    if (!start || !is_root_question(start, ctx->len - (size_t)(start - ctx->src)))
        return anq__fail(ctx, ANQ_ERR_NOT_A_QUESTION, NULL, "no QUESTION element");
    size_t region = ctx->len - (size_t)(start - ctx->src);

    anq_doc *doc = NULL;
    int rc = anq__doc_parse(start, region, 1, &doc);
    if (rc != ANQ_OK)
        return anq__fail(ctx, rc, NULL, NULL);
    anq_node *root = anq__doc_root(doc);
    if (!root || strcmp(anq__node_name(root), "QUESTION") != 0) {
        anq__doc_free(doc);
        return anq__fail(ctx, ANQ_ERR_NOT_A_QUESTION, NULL, "no QUESTION element");
    }

    xv x;
    x.ctx = ctx;
    x.r = r;
    memset(&x.tmp, 0, sizeof x.tmp);
    closure_info ci;
    memset(&ci, 0, sizeof ci);

    const char *type = anq__node_attr(root, "TYPE");
    if (type)
        r->q.type = anq__type_parse(type, strlen(type));

    for (anq_node *n = anq__node_child(root); n; n = anq__node_next(n)) {
        const char *name = anq__node_name(n);
        if (same(name, "LEGISLATURE")) {
            size_t l;
            const char *s = text_of(&x, n, &l);
            long v = l ? anq__parse_uint(s, l, 0, NULL) : -1;
            if (v > 0 && !r->q.legislature)
                r->q.legislature = (int)v;
        } else if (same(name, "DEPOT")) {
            read_depot(&x, n);
        } else if (same(name, "AUTEUR")) {
            read_author(&x, n);
        } else if (same(name, "GROUPE")) {
            const char *sigle = anq__node_attr(n, "SIGLE");
            if (sigle)
                anq__rec_set(r, &r->q.author.group_abbrev, sigle, strlen(sigle));
            set_child(&x, n, "LIBELLE", &r->q.author.group);
        } else if (same(name, "CIRCONSCRIPTION")) {
            int c = attr_int(n, "NUMERO_CIRCONSCRIPTION");
            if (c)
                r->q.author.constituency = c;
            set_child(&x, n, "DEPARTEMENT", &r->q.author.department);
            set_child(&x, n, "REGION", &r->q.author.region);
        } else if (same(name, "INDEXATION_AN")) {
            read_indexation(&x, n);
        } else if (same(name, "MINI")) {
            size_t l;
            const char *m = ministry_of(&x, n, &l);
            if (l)
                anq__rec_set(r, &r->q.ministry_asked, m, l);
        } else if (same(name, "MINA")) {
            read_attributions(&x, n);
        } else if (same(name, "ERRATUM_QUESTION")) {
            read_dated_event(&x, n, ANQ_EVENT_ERRATUM_QUESTION, NULL);
        } else if (same(name, "ERRATUM_REPONSE")) {
            read_dated_event(&x, n, ANQ_EVENT_ERRATUM_ANSWER, NULL);
        } else if (same(name, "SIGNALEMENT")) {
            read_dated_event(&x, n, ANQ_EVENT_SIGNALEMENT, "DATE_DEPOT_SIGNAL");
        } else if (same(name, "RENOUVELLEMENT")) {
            read_renewals(&x, n);
        } else if (same(name, "CLOTURE")) {
            read_closure(&x, n, &ci);
        } else if (same(name, "REPONSE")) {
            read_answer(&x, n);
        }
    }

    /* status and closure (output.md); a partial download may lack the answer */
    /* anywhere; a whole export has it in its last bytes, looked at first */
    size_t last = region < 128 ? region : 128;
    int complete = anq__find_bytes(start + region - last, last, "</QUESTION>") != NULL ||
                   anq__find_bytes(start, region, "</QUESTION>") != NULL;
    int answered = r->q.answer != NULL || r->q.answered.date.year != 0;
    if (answered) {
        r->q.status = ANQ_STATUS_ANSWERED;
        if (!r->q.answered.date.year) {
            if (ci.is_answer && ci.date.year)
                r->q.answered.date = ci.date;
            else
                anq__rec_warn_missing(r, "answered.date");
        }
        r->q.closure.date = r->q.answered.date.year ? r->q.answered.date : ci.date;
    } else if (ci.present && ci.is_answer) {
        /* closed by an answer whose text the export does not carry */
        r->q.status = ANQ_STATUS_ANSWERED;
        r->q.answered.date = ci.date;
        r->q.closure.date = ci.date;
        anq__rec_warn_missing(r, "answer");
    } else if (ci.present) {
        r->q.status = ci.is_lapse ? ANQ_STATUS_LAPSED : ANQ_STATUS_WITHDRAWN;
        r->q.closure.date = ci.date;
    } else if (!complete) {
        r->q.status = ANQ_STATUS_UNKNOWN;
    } else {
        r->q.status = ANQ_STATUS_OPEN;
    }
    if (!complete)
        anq__rec_warn(r, "input_truncated");

    if (!r->q.legislature)
        anq__rec_warn_missing(r, "legislature");
    if (!r->q.type)
        anq__rec_warn_missing(r, "type");
    if (!r->q.submitted.date.year)
        anq__rec_warn_missing(r, "submitted.date");
    if (!r->q.author.name)
        anq__rec_warn_missing(r, "author.name");
    if (!r->q.ministry_asked)
        anq__rec_warn_missing(r, "ministry_asked");
    if (!r->q.question && r->q.type != ANQ_TYPE_QG)
        anq__rec_warn_missing(r, "question");

    if (x.tmp.oom)
        r->oom = 1;
    anq__buf_free(&x.tmp);
    anq__doc_free(doc);
    return ANQ_OK;
}

const anq_extractor anq__fmt_an_xml_view = {ANQ_FORMAT_AN_XML_VIEW, detect, extract};
