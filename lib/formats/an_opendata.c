/* SPDX-License-Identifier: MIT */
/* One question of the Assemblée's open-data XML (formats.md D): a
 * `question` element in the namespace
 * http://schemas.assemblee-nationale.fr/referentiel (L15-L17 files), or
 * without namespace (L14). Bodies are HTML, as CDATA or escaped text. Any
 * element may be `xsi:nil`, which means absent; every list may hold one
 * element or several. */
#include "an_opendata.h"

#include <string.h>

#include "../buf.h"
#include "../date.h"
#include "../scan.h"
#include "../text.h"

#define OD_NS "http://schemas.assemblee-nationale.fr/referentiel"

/* ------------------------------------------------------------------ */
/* Detection (byte scans on the root start tag only)                    */

static int name_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.' || c == ':';
}

/* The root's qualified name at p ("<ns:question …"): *qlen bytes at the
 * returned pointer; the local name (after any prefix) in *local and *llen. */
static const char *root_name(const char *p, size_t n, size_t *qlen, const char **local,
                             size_t *llen)
{
    size_t i = 1;
    while (i < n && name_byte(p[i]))
        i++;
    *qlen = i - 1;
    const char *q = p + 1;
    const char *colon = memchr(q, ':', *qlen);
    *local = colon ? colon + 1 : q;
    *llen = *qlen - (size_t)(*local - q);
    return q;
}

static int name_eq(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    return len == n && memcmp(s, lit, n) == 0;
}

enum { ROOT_NONE, ROOT_QUESTION, ROOT_BULK };

/* What the document's root is. For a question, *score is the detection
 * confidence. */
static int root_kind(const char *src, size_t len, int *score)
{
    size_t head = len < 65536 ? len : 65536;
    const char *r = anq__xml_root_start(src, head < 4096 ? head : 4096);
    *score = 0;
    if (!r)
        return ROOT_NONE;
    size_t avail = head - (size_t)(r - src);
    size_t qlen, llen;
    const char *local;
    root_name(r, avail, &qlen, &local, &llen);
    const char *gt = memchr(r, '>', avail);
    size_t tag_len = gt ? (size_t)(gt - r) : avail;
    if (name_eq(local, llen, "question")) {
        if (anq__find_bytes(r, tag_len, OD_NS)) {
            *score = 95;
            return ROOT_QUESTION;
        }
        /* no namespace (L14): its own uid and identifiant */
        if (anq__find_bytes(r, avail, "<uid>QANR5L") && anq__find_bytes(r, avail, "<identifiant")) {
            *score = 80;
            return ROOT_QUESTION;
        }
        return ROOT_NONE;
    }
    /* bulk files: questionsEcrites (L14), and their kin */
    if (llen > 9 && memcmp(local, "questions", 9) == 0 && local[9] >= 'A' && local[9] <= 'Z' &&
        anq__find_bytes(r, avail, "<uid>QANR5L")) {
        *score = 70;
        return ROOT_BULK;
    }
    return ROOT_NONE;
}

static int detect(const char *src, size_t len)
{
    int score;
    root_kind(src, len, &score);
    return score;
}

/* ------------------------------------------------------------------ */
/* Tree helpers                                                          */

/* The question's children that the blocks read, found in one walk. */
enum {
    Q_UID,
    Q_IDENTIFIANT,
    Q_TYPE,
    Q_INDEXATION,
    Q_AUTEUR,
    Q_MININT,
    Q_MINATTRIBS,
    Q_TEXTES_QUESTION,
    Q_TEXTES_REPONSE,
    Q_CLOTURE,
    Q_SIGNALEMENT,
    Q_RENOUVELLEMENTS,
    Q_KIDS
};

static const char *const q_kid_names[Q_KIDS] = {
    "uid",
    "identifiant",
    "type",
    "indexationAN",
    "auteur",
    "minInt",
    "minAttribs",
    "textesQuestion",
    "textesReponse",
    "cloture",
    "signalement",
    "renouvellements",
};

typedef struct od {
    anq_ctx *ctx;
    anq_rec *r;
    anq_buf tmp;
    anq_node *qk[Q_KIDS]; /* kid(question, q_kid_names[i]) */
} od;

/* xsi:nil="true" */
static int is_nil(const anq_node *n)
{
    if (!n->attrs)
        return 0; /* most elements: no attribute to look through */
    const char *v = anq__node_attr(n, "nil");
    return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

/* c, any node, is the element `name`, not nil. Names compare exactly
 * (local names: the schema mixes cases, `ANALYSE` beside `analyses`); the
 * first byte first, most siblings differ there. The walks below follow the
 * tree's links themselves (lib/tree.h): they are the extractor's hot path. */
static int is_kid(const anq_node *c, const char *name)
{
    return c->type == ANQ_NODE_ELEMENT && c->name[0] == name[0] &&
           strcmp(c->name, name) == 0 && !is_nil(c);
}

/* Child element `name`, ignoring nil ones. */
static anq_node *kid(const anq_node *n, const char *name)
{
    if (!n)
        return NULL;
    for (anq_node *c = n->first; c; c = c->next)
        if (is_kid(c, name))
            return c;
    return NULL;
}

/* The next sibling named like `name`, ignoring nil ones. */
static anq_node *next_kid(anq_node *c, const char *name)
{
    for (c = c->next; c; c = c->next)
        if (is_kid(c, name))
            return c;
    return NULL;
}

/* o->qk: the question q's first child of each name of q_kid_names, not nil
 * (what kid() finds), in one walk of its children. */
static void index_question(od *o, const anq_node *q)
{
    for (size_t i = 0; i < Q_KIDS; i++)
        o->qk[i] = NULL;
    for (anq_node *c = q->first; c; c = c->next) {
        if (c->type != ANQ_NODE_ELEMENT)
            continue;
        for (size_t i = 0; i < Q_KIDS; i++) {
            if (q_kid_names[i][0] == c->name[0] && strcmp(q_kid_names[i], c->name) == 0) {
                if (!o->qk[i] && !is_nil(c))
                    o->qk[i] = c;
                break;
            }
        }
    }
}

/* Trimmed text of n: in o->tmp (valid until the next call), or, when n
 * holds one text or CDATA node and nothing else (most elements), that
 * node's content itself, without a copy. */
static const char *text_of(od *o, const anq_node *n, size_t *len)
{
    const anq_node *t = n ? n->first : NULL;
    if (t && !t->next && (t->type == ANQ_NODE_TEXT || t->type == ANQ_NODE_CDATA) &&
        n->type == ANQ_NODE_ELEMENT && !is_nil(n)) {
        size_t l = t->content_len;
        const char *s = anq__trim(t->content, &l);
        *len = l;
        return s;
    }
    anq__buf_clear(&o->tmp);
    if (n && !is_nil(n))
        anq__node_text(n, &o->tmp);
    size_t l = o->tmp.len;
    const char *s = anq__trim(anq__buf_cstr(&o->tmp), &l);
    *len = l;
    return s;
}

static const char *kid_text(od *o, const anq_node *n, const char *name, size_t *len)
{
    return text_of(o, kid(n, name), len);
}

static void set_kid(od *o, const anq_node *n, const char *name, const char **field)
{
    size_t l;
    const char *s = kid_text(o, n, name, &l);
    if (l)
        anq__rec_set(o->r, field, s, l);
}

static int kid_int(od *o, const anq_node *n, const char *name)
{
    size_t l;
    const char *s = kid_text(o, n, name, &l);
    long v = l ? anq__parse_uint(s, l, 0, NULL) : -1;
    return v > 0 ? (int)v : 0;
}

static int kid_date(od *o, const anq_node *n, const char *name, anq_date *d)
{
    size_t l;
    const char *s = kid_text(o, n, name, &l);
    memset(d, 0, sizeof *d);
    return l && anq__date_parse(s, l, d) > 0;
}

/* A JO reference: infoJO's dateJO and pageJO. Returns 1 when dated. */
static int info_jo(od *o, const anq_node *n, anq_jo *jo)
{
    memset(jo, 0, sizeof *jo);
    anq_node *info = kid(n, "infoJO");
    if (!info)
        return 0;
    if (!kid_date(o, info, "dateJO", &jo->date))
        return 0;
    jo->jo_page = kid_int(o, info, "pageJO");
    return 1;
}

/* A ministry (minInt, minAttrib/denomination): its short name `abrege`
 * as printed (output.md), else `developpe`. Text in o->tmp. */
static const char *ministry_of(od *o, const anq_node *n, size_t *len)
{
    const char *s = kid_text(o, n, "abrege", len);
    if (*len)
        return s;
    return kid_text(o, n, "developpe", len);
}

/* An HTML body: CDATA, escaped text, or (rarely) real child elements. */
static void render_body(od *o, const anq_node *n, const char **text, const char **html)
{
    *text = NULL;
    if (html)
        *html = NULL;
    if (!n || is_nil(n))
        return;
    anq_rec *r = o->r;
    if (anq__node_child(n)) {
        anq__text_render_nodes(r, anq__node_first(n), NULL, NULL, NULL, text, html);
        return;
    }
    size_t l;
    const char *s = text_of(o, n, &l);
    if (!l)
        return;
    if (anq__text_render_fragment(r, s, l, NULL, NULL, text, html) == ANQ_ERR_NOMEM)
        r->oom = 1;
}

/* Append a second body to *dst (text or HTML), separated as paragraphs. */
static void append_body(anq_rec *r, const char **dst, const char *add, const char *sep)
{
    if (!add)
        return;
    if (!*dst) {
        *dst = add;
        return;
    }
    if (strcmp(*dst, add) == 0)
        return;
    size_t a = strlen(*dst), b = strlen(add), s = strlen(sep);
    char *p = anq__rec_alloc(r, a + s + b + 1);
    if (!p)
        return;
    memcpy(p, *dst, a);
    memcpy(p + a, sep, s);
    memcpy(p + a + s, add, b + 1);
    *dst = p;
}

/* ------------------------------------------------------------------ */
/* Blocks                                                                */

static void read_identity(od *o, const anq_node *q)
{
    anq_rec *r = o->r;
    size_t l;
    int leg = 0, type = 0, num = 0;
    const char *s = text_of(o, o->qk[Q_UID], &l);
    int have_uid = l && anq__uid_parse(s, l, &leg, &type, &num);

    anq_node *id = o->qk[Q_IDENTIFIANT];
    int v = kid_int(o, id, "numero");
    r->q.number = v ? v : (have_uid ? num : 0);
    v = kid_int(o, id, "legislature");
    r->q.legislature = v ? v : (have_uid ? leg : 0);

    s = text_of(o, o->qk[Q_TYPE], &l);
    int t = l ? anq__type_parse(s, l) : 0;
    if (!t) {
        const char *xt = anq__node_attr(q, "type"); /* xsi:type */
        if (xt)
            t = anq__type_parse(xt, strlen(xt));
    }
    if (!t && have_uid)
        t = type;
    r->q.type = t;
}

static void read_indexation(od *o)
{
    anq_rec *r = o->r;
    anq_node *ix = o->qk[Q_INDEXATION];
    if (!ix)
        return;
    set_kid(o, ix, "rubrique", &r->q.rubrique);
    size_t l;
    const char *s = kid_text(o, ix, "teteAnalyse", &l);
    if (l && !anq__starts_nocase(s, l, "aucune t"))
        anq__rec_set(r, &r->q.tete_analyse, s, l);
    /* L16+: analyses/analyse is the free title */
    for (anq_node *as = kid(ix, "analyses"); as && !r->q.title; as = next_kid(as, "analyses")) {
        for (anq_node *a = kid(as, "analyse"); a && !r->q.title; a = next_kid(a, "analyse")) {
            s = text_of(o, a, &l);
            if (l)
                anq__rec_set(r, &r->q.title, s, l);
        }
    }
    /* L14/L15: ANALYSE/ANA are index items */
    for (anq_node *an = kid(ix, "ANALYSE"); an; an = next_kid(an, "ANALYSE")) {
        anq_node *ana = kid(an, "ANA");
        if (!ana) {
            s = text_of(o, an, &l);
            if (l)
                anq__rec_add_analyses_split(r, s, l);
            continue;
        }
        for (; ana; ana = next_kid(ana, "ANA")) {
            s = text_of(o, ana, &l);
            if (l)
                anq__rec_add_analysis(r, s, l);
        }
    }
}

static void read_author(od *o)
{
    anq_rec *r = o->r;
    anq_node *au = o->qk[Q_AUTEUR];
    if (!au)
        return;
    /* the file names no one: only the actor id (author.name stays null) */
    set_kid(o, kid(au, "identite"), "acteurRef", &r->q.author.an_id);
    anq_node *g = kid(au, "groupe");
    set_kid(o, g, "abrege", &r->q.author.group_abbrev);
    set_kid(o, g, "developpe", &r->q.author.group);
}

static void read_ministries(od *o)
{
    anq_rec *r = o->r;
    size_t l;
    anq_node *mi = o->qk[Q_MININT];
    if (mi) {
        const char *m = ministry_of(o, mi, &l);
        if (l)
            anq__rec_set(r, &r->q.ministry_asked, m, l);
    }
    size_t count = 0;
    for (anq_node *ms = o->qk[Q_MINATTRIBS]; ms; ms = next_kid(ms, "minAttribs")) {
        for (anq_node *a = kid(ms, "minAttrib"); a; a = next_kid(a, "minAttrib")) {
            anq_jo jo;
            info_jo(o, a, &jo);
            anq_node *den = kid(a, "denomination");
            const char *m = ministry_of(o, den ? den : a, &l);
            if (!l && !jo.date.year)
                continue;
            anq__rec_add_attribution(r, m, l, jo.date.year ? &jo.date : NULL);
            if (l)
                anq__rec_replace(r, &r->q.ministry_answering, m, l);
            if (count++ > 0 && jo.date.year)
                anq__rec_add_event(r, ANQ_EVENT_ATTRIBUTION_CHANGE, &jo.date, jo.jo_page);
        }
    }
}

/* An `erratum` of a question or answer text: an event dated by the
 * erratum's own JO reference when it has one, else by its text's. */
static void read_erratum(od *o, const anq_node *entry, const anq_jo *entry_jo, int kind)
{
    anq_node *e = kid(entry, "erratum");
    if (!e)
        return;
    anq_jo jo;
    if (!info_jo(o, e, &jo)) {
        if (kid_date(o, e, "dateJO", &jo.date)) {
            jo.jo_page = kid_int(o, e, "pageJO");
        } else {
            size_t l;
            text_of(o, e, &l);
            if (!l && !anq__node_child(e))
                return; /* an empty erratum element */
            jo = *entry_jo;
        }
    }
    if (jo.date.year)
        anq__rec_add_event(o->r, kind, &jo.date, jo.jo_page);
}

static void read_question_texts(od *o)
{
    anq_rec *r = o->r;
    anq_node *first = NULL;
    anq_jo first_jo;
    memset(&first_jo, 0, sizeof first_jo);
    for (anq_node *ts = o->qk[Q_TEXTES_QUESTION]; ts; ts = next_kid(ts, "textesQuestion")) {
        for (anq_node *t = kid(ts, "texteQuestion"); t; t = next_kid(t, "texteQuestion")) {
            anq_jo jo;
            info_jo(o, t, &jo);
            read_erratum(o, t, &jo, ANQ_EVENT_ERRATUM_QUESTION);
            /* the question: the first text not published as an erratum */
            if (!first || (kid(first, "erratum") && !kid(t, "erratum"))) {
                first = t;
                first_jo = jo;
            }
        }
    }
    if (!first)
        return;
    r->q.submitted = first_jo;
    render_body(o, kid(first, "texte"), &r->q.question,
                o->ctx->want_html ? &r->q.question_html : NULL);
}

/* Returns 1 when the file holds an answer. */
static int read_answer_texts(od *o)
{
    anq_rec *r = o->r;
    int any = 0;
    for (anq_node *ts = o->qk[Q_TEXTES_REPONSE]; ts; ts = next_kid(ts, "textesReponse")) {
        for (anq_node *t = kid(ts, "texteReponse"); t; t = next_kid(t, "texteReponse")) {
            anq_jo jo;
            info_jo(o, t, &jo);
            read_erratum(o, t, &jo, ANQ_EVENT_ERRATUM_ANSWER);
            const char *text = NULL, *html = NULL;
            render_body(o, kid(t, "texte"), &text, o->ctx->want_html ? &html : NULL);
            if (!text && !jo.date.year)
                continue;
            if (!any)
                r->q.answered = jo;
            any = 1;
            /* several answers: all their texts, in order */
            append_body(r, &r->q.answer, text, "\n\n");
            append_body(r, &r->q.answer_html, html, "\n");
        }
    }
    return any;
}

typedef struct closure_info {
    int present;
    int is_answer;
    int is_lapse;
    anq_date date;
} closure_info;

static void read_closure(od *o, closure_info *ci)
{
    anq_rec *r = o->r;
    anq_node *c = o->qk[Q_CLOTURE];
    if (!c)
        return;
    size_t l;
    const char *s = kid_text(o, c, "codeCloture", &l);
    if (l) {
        anq__rec_set(r, &r->q.closure.code, s, l);
        ci->present = 1;
        if (anq__starts_nocase(s, l, "REP"))
            ci->is_answer = 1;
        if (l == 2 && anq__starts_nocase(s, l, "FL"))
            ci->is_lapse = 1;
    }
    s = kid_text(o, c, "libelleCloture", &l);
    if (l) {
        anq__rec_set(r, &r->q.closure.reason, s, l);
        ci->present = 1;
        if (anq__starts_nocase(s, l, "Réponse"))
            ci->is_answer = 1;
        if (anq__find_nocase(s, l, "fin de législature"))
            ci->is_lapse = 1;
    }
    anq_jo jo;
    if (kid_date(o, c, "dateCloture", &ci->date)) {
        ci->present = 1;
    } else if (info_jo(o, c, &jo)) {
        ci->date = jo.date;
        ci->present = 1;
    }
}

static void read_signalement(od *o)
{
    for (anq_node *s = o->qk[Q_SIGNALEMENT]; s; s = next_kid(s, "signalement")) {
        anq_jo jo;
        if (!info_jo(o, s, &jo) && !kid_date(o, s, "dateDepotSignal", &jo.date))
            continue;
        anq__rec_add_event(o->r, ANQ_EVENT_SIGNALEMENT, &jo.date, jo.jo_page);
    }
}

/* One renewal: its JO reference, else a dateRenouvellement / dateJO. */
static void add_renewal(od *o, const anq_node *n)
{
    anq_jo jo;
    if (!info_jo(o, n, &jo) && !kid_date(o, n, "dateRenouvellement", &jo.date) &&
        !kid_date(o, n, "dateJO", &jo.date))
        return;
    anq__rec_add_event(o->r, ANQ_EVENT_RENEWAL, &jo.date, jo.jo_page);
}

static void read_renewals(od *o)
{
    for (anq_node *rs = o->qk[Q_RENOUVELLEMENTS]; rs; rs = next_kid(rs, "renouvellements")) {
        int items = 0;
        for (anq_node *c = anq__node_child(rs); c; c = anq__node_next(c)) {
            const char *nm = anq__node_name(c);
            if (is_nil(c) || strcmp(nm, "infoJO") == 0 || strncmp(nm, "date", 4) == 0)
                continue;
            add_renewal(o, c);
            items = 1;
        }
        if (!items)
            add_renewal(o, rs); /* one renewal without a wrapper */
    }
}

/* ------------------------------------------------------------------ */

int anq__opendata_extract_node(anq_ctx *ctx, anq_node *q)
{
    anq_rec *r = ctx->rec;
    if (!q || strcmp(anq__node_name(q), "question") != 0)
        return anq__fail(ctx, ANQ_ERR_NOT_A_QUESTION, NULL, "no question element");
    od o;
    o.ctx = ctx;
    o.r = r;
    memset(&o.tmp, 0, sizeof o.tmp);
    index_question(&o, q);
    closure_info ci;
    memset(&ci, 0, sizeof ci);

    r->q.format = ANQ_FORMAT_AN_OPENDATA;
    read_identity(&o, q);
    read_indexation(&o);
    read_author(&o);
    read_ministries(&o);
    read_question_texts(&o);
    int answered = read_answer_texts(&o);
    if (r->q.type == ANQ_TYPE_QG && !r->q.submitted.date.year && !r->q.question)
        /* a QG's question is the transcript's first speech: published with it */
        r->q.submitted.date = r->q.answered.date;
    read_closure(&o, &ci);
    read_signalement(&o);
    read_renewals(&o);

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
        /* closed by an answer the file does not carry */
        r->q.status = ANQ_STATUS_ANSWERED;
        r->q.answered.date = ci.date;
        r->q.closure.date = ci.date;
        anq__rec_warn_missing(r, "answer");
    } else if (ci.present) {
        r->q.status = ci.is_lapse ? ANQ_STATUS_LAPSED : ANQ_STATUS_WITHDRAWN;
        r->q.closure.date = ci.date;
    } else {
        r->q.status = ANQ_STATUS_OPEN;
    }

    if (!r->q.legislature)
        anq__rec_warn_missing(r, "legislature");
    if (!r->q.type)
        anq__rec_warn_missing(r, "type");
    if (!r->q.author.an_id)
        anq__rec_warn_missing(r, "author.an_id");
    if (!r->q.ministry_asked)
        anq__rec_warn_missing(r, "ministry_asked");
    if (r->q.type != ANQ_TYPE_QG) {
        /* a QG has no question text: it is the transcript's first speech */
        if (!r->q.submitted.date.year)
            anq__rec_warn_missing(r, "submitted.date");
        if (!r->q.question)
            anq__rec_warn_missing(r, "question");
    }

    if (o.tmp.oom)
        r->oom = 1;
    anq__buf_free(&o.tmp);
    return ANQ_OK;
}

static int extract(anq_ctx *ctx)
{
    int score;
    int kind = root_kind(ctx->src, ctx->len, &score);
    if (kind == ROOT_BULK)
        return anq__fail(ctx, ANQ_ERR_NOT_A_QUESTION, NULL,
                         "an open-data file holding many questions: read it with a "
                         "streaming reader, one question at a time");
    const char *start = anq__xml_root_start(ctx->src, ctx->len);
    if (kind != ROOT_QUESTION || !start)
        return anq__fail(ctx, ANQ_ERR_NOT_A_QUESTION, NULL, "no open-data question element");
    size_t region = ctx->len - (size_t)(start - ctx->src);

    anq_doc *doc = NULL;
    int rc = anq__doc_parse(start, region, 1, &doc);
    if (rc != ANQ_OK)
        return anq__fail(ctx, rc, NULL, NULL);
    rc = anq__opendata_extract_node(ctx, anq__doc_root(doc));
    anq__doc_free(doc);
    if (rc != ANQ_OK)
        return rc;

    /* a partial download: the missing part may hold the answer */
    size_t qlen, llen;
    const char *local;
    const char *qname = root_name(start, region, &qlen, &local, &llen);
    char end_tag[72];
    int complete = 0;
    if (qlen > 0 && qlen + 4 <= sizeof end_tag) {
        end_tag[0] = '<';
        end_tag[1] = '/';
        memcpy(end_tag + 2, qname, qlen);
        end_tag[qlen + 2] = '>';
        end_tag[qlen + 3] = '\0';
        /* in the last 4 KiB; a whole file has it in its last bytes */
        size_t tail = region < 4096 ? region : 4096;
        size_t last = region < 128 ? region : 128;
        complete = anq__find_bytes(start + region - last, last, end_tag) != NULL ||
                   anq__find_bytes(start + region - tail, tail, end_tag) != NULL;
    }
    if (!complete) {
        anq_rec *r = ctx->rec;
        anq__rec_warn(r, "input_truncated");
        if (r->q.status == ANQ_STATUS_OPEN)
            r->q.status = ANQ_STATUS_UNKNOWN;
    }
    return ANQ_OK;
}

const anq_extractor anq__fmt_an_opendata = {ANQ_FORMAT_AN_OPENDATA, detect, extract};
