/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixtures.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"
#include "input.h"

#ifndef ANQ_SOURCE_ROOT
#error "the build must define ANQ_SOURCE_ROOT"
#endif

char *fx_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (cap - n < 2) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int is_page(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".html") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".htm") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".xml") == 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t fx_add_dir(fx_set *set, const char *dir, int recurse)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            names = realloc(names, cap * sizeof *names);
            assert_non_null(names);
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        assert_non_null(names[n]);
        snprintf(names[n], len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    size_t added = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        const char *base = strrchr(names[i], '/') + 1;
        if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (recurse)
                added += fx_add_dir(set, names[i], 1);
        } else if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode) && is_page(base)) {
            fx_page p;
            p.data = fx_read(names[i], &p.len);
            assert_non_null(p.data);
            p.path = names[i];
            names[i] = NULL;
            set->pages = realloc(set->pages, (set->count + 1) * sizeof *set->pages);
            assert_non_null(set->pages);
            set->pages[set->count++] = p;
            added++;
        }
        free(names[i]);
    }
    free(names);
    return added;
}

void fx_load_fixtures(fx_set *set)
{
    set->pages = NULL;
    set->count = 0;
    fx_add_dir(set, ANQ_SOURCE_ROOT "/tests/golden", 1);
    fx_add_dir(set, ANQ_SOURCE_ROOT "/examples", 0);
    if (set->count == 0)
        fail_msg("no fixture page under %s", ANQ_SOURCE_ROOT);
}

void fx_free(fx_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->pages[i].path);
        free(set->pages[i].data);
    }
    free(set->pages);
    set->pages = NULL;
    set->count = 0;
}

int fx_parse_error_code(int code)
{
    switch (code) {
    case ANQ_ERR_NOMEM:
    case ANQ_ERR_INVALID_ARG:
    case ANQ_ERR_TOO_LARGE:
    case ANQ_ERR_TOO_DEEP:
    case ANQ_ERR_EMPTY:
    case ANQ_ERR_PARSE:
    case ANQ_ERR_NOT_A_QUESTION:
    case ANQ_ERR_NO_NUMBER:
    case ANQ_ERR_FORMAT_MISMATCH:
    case ANQ_ERR_ENCODING:
        return 1;
    default:
        return 0;
    }
}

static void check_str(const char *what, const char *s)
{
    if (s && !anq__utf8_valid(s, strlen(s)))
        fail_msg("%s is not valid UTF-8", what);
}

static void check_date(const char *what, const anq_date *d)
{
    if (d->year == 0 && d->month == 0 && d->day == 0)
        return;
    if (!anq__date_valid(d->year, d->month, d->day))
        fail_msg("%s is not a date: %d-%d-%d", what, d->year, d->month, d->day);
}

char *fx_json(const anq_question *q)
{
    char *json = anq_question_to_json(q, ANQ_JSON_DEFAULT);
    assert_non_null(json);
    size_t n = strlen(json);
    assert_true(n >= 2 && json[0] == '{' && json[n - 1] == '}');
    assert_true(anq__utf8_valid(json, n));
    return json;
}

void fx_check_record(const anq_question *q)
{
    assert_int_equal(q->size, sizeof(anq_question));
    assert_in_range(q->format, 1, ANQ_FORMAT_COUNT - 1);
    assert_in_range(q->type, ANQ_TYPE_UNKNOWN, ANQ_TYPE_QG);
    assert_in_range(q->status, ANQ_STATUS_UNKNOWN, ANQ_STATUS_LAPSED);
    assert_true(q->number > 0);
    const struct { const char *name; const char *s; } strs[] = {
        {"uid", q->uid}, {"url", q->url}, {"author.name", q->author.name},
        {"author.first_name", q->author.first_name},
        {"author.last_name", q->author.last_name},
        {"author.civility", q->author.civility}, {"author.an_id", q->author.an_id},
        {"author.group", q->author.group}, {"author.group_abbrev", q->author.group_abbrev},
        {"author.department", q->author.department}, {"author.region", q->author.region},
        {"ministry_asked", q->ministry_asked}, {"ministry_answering", q->ministry_answering},
        {"rubrique", q->rubrique}, {"tete_analyse", q->tete_analyse}, {"title", q->title},
        {"closure.code", q->closure.code}, {"closure.reason", q->closure.reason},
        {"question", q->question}, {"answer", q->answer},
        {"question_html", q->question_html}, {"answer_html", q->answer_html},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        check_str(strs[i].name, strs[i].s);
    check_date("submitted.date", &q->submitted.date);
    check_date("answered.date", &q->answered.date);
    check_date("sitting_date", &q->sitting_date);
    check_date("closure.date", &q->closure.date);
    assert_true(q->attributions || q->attributions_count == 0);
    for (size_t i = 0; i < q->attributions_count; i++) {
        check_str("attributions[].ministry", q->attributions[i].ministry);
        check_date("attributions[].date", &q->attributions[i].date);
    }
    assert_true(q->analyses || q->analyses_count == 0);
    for (size_t i = 0; i < q->analyses_count; i++) {
        assert_non_null(q->analyses[i]);
        check_str("analyses[]", q->analyses[i]);
    }
    assert_true(q->events || q->events_count == 0);
    for (size_t i = 0; i < q->events_count; i++) {
        assert_in_range(q->events[i].kind, ANQ_EVENT_ATTRIBUTION_CHANGE,
                        ANQ_EVENT_ERRATUM_ANSWER);
        check_date("events[].date", &q->events[i].date);
    }
    assert_true(q->warnings || q->warnings_count == 0);
    for (size_t i = 0; i < q->warnings_count; i++) {
        assert_non_null(q->warnings[i]);
        check_str("warnings[]", q->warnings[i]);
    }
    char *pretty = anq_question_to_json(q, ANQ_JSON_PRETTY);
    assert_non_null(pretty);
    assert_true(anq__utf8_valid(pretty, strlen(pretty)));
    anq_free(pretty);
}

char *fx_parse_outcome(const char *data, size_t len, unsigned flags, int *code)
{
    anq_error err;
    memset(&err, 0x5a, sizeof err);
    anq_question *q = anq_parse(data, len, flags, &err);
    *code = err.code;
    if (!q) {
        if (!fx_parse_error_code(err.code))
            fail_msg("anq_parse failed with code %d, not one anq_parse documents",
                     (int)err.code);
        assert_non_null(memchr(err.message, '\0', sizeof err.message));
        assert_non_null(memchr(err.field, '\0', sizeof err.field));
        assert_true(err.message[0] != '\0');
        return NULL;
    }
    assert_int_equal(err.code, ANQ_OK);
    fx_check_record(q);
    char *json = fx_json(q);
    anq_question_free(q);
    return json;
}
