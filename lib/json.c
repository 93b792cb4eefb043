/* SPDX-License-Identifier: MIT */
/* The record as JSON: keys and order of output.md. */
#include <string.h>

#include "alloc.h"
#include "anq.h"
#include "buf.h"
#include "date.h"

typedef struct jw {
    anq_buf b;
    int pretty;
    int depth;
    int first;      /* no member written yet at this depth */
} jw;

static void indent(jw *w)
{
    if (!w->pretty)
        return;
    anq__buf_addc(&w->b, '\n');
    for (int i = 0; i < w->depth; i++)
        anq__buf_add(&w->b, "  ", 2);
}

static void sep(jw *w)
{
    if (!w->first)
        anq__buf_addc(&w->b, ',');
    w->first = 0;
    indent(w);
}

static void str_raw_n(anq_buf *b, const char *s, size_t len);

static void str_raw(jw *w, const char *s)
{
    str_raw_n(&w->b, s, strlen(s));
}

char *anq_json_quote(const char *s, size_t len)
{
    if (!s)
        return NULL;
    anq_buf b = ANQ_BUF_INIT;
    str_raw_n(&b, s, len);
    if (b.oom) {
        anq__buf_free(&b);
        return NULL;
    }
    return b.data;
}

static void str_raw_n(anq_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    anq__buf_addc(b, '"');
    size_t start = 0, i = 0;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        anq__buf_add(b, s + start, i - start);
        switch (c) {
        case '"': anq__buf_add(b, "\\\"", 2); break;
        case '\\': anq__buf_add(b, "\\\\", 2); break;
        case '\n': anq__buf_add(b, "\\n", 2); break;
        case '\t': anq__buf_add(b, "\\t", 2); break;
        case '\r': anq__buf_add(b, "\\r", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            anq__buf_add(b, u, 6);
        }
        }
        start = i + 1;
    }
    anq__buf_add(b, s + start, i - start);
    anq__buf_addc(b, '"');
}

static void key(jw *w, const char *k)
{
    sep(w);
    str_raw(w, k);
    anq__buf_add(&w->b, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
}

static void open_c(jw *w, char c)
{
    anq__buf_addc(&w->b, c);
    w->depth++;
    w->first = 1;
}

static void close_c(jw *w, char c)
{
    w->depth--;
    if (!w->first)
        indent(w);
    w->first = 0;
    anq__buf_addc(&w->b, c);
}

static void v_str(jw *w, const char *s)
{
    if (s)
        str_raw(w, s);
    else
        anq__buf_add(&w->b, "null", 4);
}

static void v_int(jw *w, long long v, int present)
{
    if (present)
        anq__buf_addi(&w->b, v);
    else
        anq__buf_add(&w->b, "null", 4);
}

static void v_date(jw *w, const anq_date *d)
{
    char tmp[16];
    if (d->year && anq__date_format(d, tmp))
        str_raw(w, tmp);
    else
        anq__buf_add(&w->b, "null", 4);
}

static void kv_str(jw *w, const char *k, const char *v) { key(w, k); v_str(w, v); }

static void kv_jo(jw *w, const char *k, const anq_jo *jo, int nullable)
{
    key(w, k);
    if (nullable && !jo->date.year && !jo->jo_page) {
        anq__buf_add(&w->b, "null", 4);
        return;
    }
    open_c(w, '{');
    key(w, "date");
    v_date(w, &jo->date);
    key(w, "jo_page");
    v_int(w, jo->jo_page, jo->jo_page > 0);
    close_c(w, '}');
}

char *anq_question_to_json(const anq_question *q, unsigned flags)
{
    if (!q || (flags & ~ANQ_JSON_ALL_FLAGS))
        return NULL;
    jw w;
    memset(&w, 0, sizeof w);
    w.pretty = (flags & ANQ_JSON_PRETTY) != 0;
    w.first = 1;
    open_c(&w, '{');
    kv_str(&w, "format", anq_format_name(q->format));
    kv_str(&w, "uid", q->uid);
    key(&w, "legislature");
    v_int(&w, q->legislature, q->legislature > 0);
    kv_str(&w, "type", anq_type_name(q->type));
    key(&w, "number");
    v_int(&w, q->number, q->number > 0);
    kv_str(&w, "url", q->url);

    key(&w, "author");
    open_c(&w, '{');
    kv_str(&w, "name", q->author.name);
    kv_str(&w, "first_name", q->author.first_name);
    kv_str(&w, "last_name", q->author.last_name);
    kv_str(&w, "civility", q->author.civility);
    kv_str(&w, "an_id", q->author.an_id);
    kv_str(&w, "group", q->author.group);
    kv_str(&w, "group_abbrev", q->author.group_abbrev);
    kv_str(&w, "department", q->author.department);
    kv_str(&w, "region", q->author.region);
    key(&w, "constituency");
    v_int(&w, q->author.constituency, q->author.constituency > 0);
    close_c(&w, '}');

    kv_str(&w, "ministry_asked", q->ministry_asked);
    kv_str(&w, "ministry_answering", q->ministry_answering);
    key(&w, "attributions");
    open_c(&w, '[');
    for (size_t i = 0; i < q->attributions_count; i++) {
        sep(&w);
        open_c(&w, '{');
        kv_str(&w, "ministry", q->attributions[i].ministry);
        key(&w, "date");
        v_date(&w, &q->attributions[i].date);
        close_c(&w, '}');
    }
    close_c(&w, ']');
    kv_str(&w, "rubrique", q->rubrique);
    kv_str(&w, "tete_analyse", q->tete_analyse);
    key(&w, "analyses");
    open_c(&w, '[');
    for (size_t i = 0; i < q->analyses_count; i++) {
        sep(&w);
        v_str(&w, q->analyses[i]);
    }
    close_c(&w, ']');
    kv_str(&w, "title", q->title);
    kv_jo(&w, "submitted", &q->submitted, 0);
    kv_jo(&w, "answered", &q->answered, 1);
    key(&w, "sitting_date");
    v_date(&w, &q->sitting_date);
    kv_str(&w, "status", anq_status_kind_name(q->status));
    key(&w, "closure");
    if (!q->closure.code && !q->closure.reason && !q->closure.date.year) {
        anq__buf_add(&w.b, "null", 4);
    } else {
        open_c(&w, '{');
        kv_str(&w, "code", q->closure.code);
        kv_str(&w, "reason", q->closure.reason);
        key(&w, "date");
        v_date(&w, &q->closure.date);
        close_c(&w, '}');
    }
    key(&w, "events");
    open_c(&w, '[');
    for (size_t i = 0; i < q->events_count; i++) {
        sep(&w);
        open_c(&w, '{');
        kv_str(&w, "kind", anq_event_kind_name(q->events[i].kind));
        key(&w, "date");
        v_date(&w, &q->events[i].date);
        key(&w, "jo_page");
        v_int(&w, q->events[i].jo_page, q->events[i].jo_page > 0);
        close_c(&w, '}');
    }
    close_c(&w, ']');
    kv_str(&w, "question", q->question);
    kv_str(&w, "answer", q->answer);
    kv_str(&w, "question_html", q->question_html);
    kv_str(&w, "answer_html", q->answer_html);
    key(&w, "warnings");
    open_c(&w, '[');
    for (size_t i = 0; i < q->warnings_count; i++) {
        sep(&w);
        v_str(&w, q->warnings[i]);
    }
    close_c(&w, ']');
    close_c(&w, '}');
    if (w.b.oom) {
        anq__buf_free(&w.b);
        return NULL;
    }
    return w.b.data;
}
