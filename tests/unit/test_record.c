/* SPDX-License-Identifier: MIT */
/* The record's arena and builders. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "alloc.h"
#include "anq.h"
#include "record.h"

static void test_fold(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } c[] = {
        {"  a  b\n\tc ", "a b c"},
        {"\xc2\xa0 x\xc2\xa0y \xc2\xa0", "x\xc2\xa0y"},
        {"", ""},
        {" \n ", ""},
        /* runs of several words, every kind of blank, no-break spaces
         * inside runs kept, leading and trailing ones dropped */
        {"Question\fécrite\v\r\nn\xc2\xa0" "42  ", "Question écrite n\xc2\xa0" "42"},
        {"\xc2\xa0\xc2\xa0" "abc def\xc2\xa0 \xc2\xa0", "abc def"},
        {"a\xc2", "a\xc2"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        size_t n = anq__fold_ws(c[i].in, strlen(c[i].in), buf);
        assert_string_equal(buf, c[i].out);
        assert_int_equal(n, strlen(c[i].out));
    }
}

static void test_set_first_wins(void **state)
{
    (void)state;
    anq_rec *r = anq__rec_new();
    const char *f = NULL;
    assert_int_equal(anq__rec_set(r, &f, "   ", 3), 0);
    assert_null(f);
    assert_int_equal(anq__rec_set(r, &f, " un ", 4), 1);
    assert_int_equal(anq__rec_set(r, &f, "deux", 4), 0);
    assert_string_equal(f, "un");
    assert_int_equal(anq__rec_replace(r, &f, "deux", 4), 1);
    assert_string_equal(f, "deux");
    anq__rec_free(r);
}

static void test_arena_many(void **state)
{
    (void)state;
    anq_rec *r = anq__rec_new();
    char big[20000];
    memset(big, 'x', sizeof big);
    const char *p = anq__rec_strndup(r, big, sizeof big);
    for (int i = 0; i < 5000; i++)
        anq__rec_add_analysis(r, "item", 4);
    assert_int_equal(r->q.analyses_count, 5000);
    assert_string_equal(r->q.analyses[4999], "item");
    assert_int_equal(strlen(p), sizeof big);
    assert_false(r->oom);
    anq__rec_free(r);
}

static void test_analyses_split(void **state)
{
    (void)state;
    anq_rec *r = anq__rec_new();
    anq__rec_add_analyses_split(r, "Enseignants; mutations", 22);
    anq__rec_add_analyses_split(r, " épandage. réglementation. ", 29);
    assert_int_equal(r->q.analyses_count, 4);
    assert_string_equal(r->q.analyses[0], "Enseignants");
    assert_string_equal(r->q.analyses[1], "mutations");
    assert_string_equal(r->q.analyses[2], "épandage");
    assert_string_equal(r->q.analyses[3], "réglementation");
    anq__rec_free(r);
}

static void test_author_name(void **state)
{
    (void)state;
    static const struct { const char *in, *name, *civ, *first, *last; } c[] = {
        {"M. Hubert Brigand", "Hubert Brigand", "M.", "Hubert", "Brigand"},
        {"Mme Marie-Pierre Rixain", "Marie-Pierre Rixain", "Mme", "Marie-Pierre", "Rixain"},
        {" Jean de La Fontaine ", "Jean de La Fontaine", NULL, NULL, NULL},
        {"Madame Anne Dupont", "Anne Dupont", "Mme", "Anne", "Dupont"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        anq_rec *r = anq__rec_new();
        anq__rec_set_author_name(r, c[i].in, strlen(c[i].in));
        anq__rec_split_name(r);
        assert_string_equal(r->q.author.name, c[i].name);
        if (c[i].civ) assert_string_equal(r->q.author.civility, c[i].civ);
        else assert_null(r->q.author.civility);
        if (c[i].first) {
            assert_string_equal(r->q.author.first_name, c[i].first);
            assert_string_equal(r->q.author.last_name, c[i].last);
        } else {
            assert_null(r->q.author.first_name);
            assert_null(r->q.author.last_name);
        }
        anq__rec_free(r);
    }
}

static void test_events_sorted_and_warnings(void **state)
{
    (void)state;
    anq_rec *r = anq__rec_new();
    anq_date d1 = {2020, 5, 1}, d2 = {2019, 1, 2}, d3 = {2020, 1, 1};
    anq__rec_add_event(r, ANQ_EVENT_RENEWAL, &d1, 0);
    anq__rec_add_event(r, ANQ_EVENT_SIGNALEMENT, &d2, 12);
    anq__rec_add_event(r, ANQ_EVENT_ERRATUM_ANSWER, &d3, 0);
    assert_int_equal(r->q.events_count, 3);
    assert_int_equal(r->q.events[0].kind, ANQ_EVENT_SIGNALEMENT);
    assert_int_equal(r->q.events[0].jo_page, 12);
    assert_int_equal(r->q.events[1].kind, ANQ_EVENT_ERRATUM_ANSWER);
    assert_int_equal(r->q.events[2].kind, ANQ_EVENT_RENEWAL);
    anq__rec_warn(r, "encoding_repaired");
    anq__rec_warn(r, "encoding_repaired");
    anq__rec_warn_missing(r, "answered.date");
    assert_int_equal(r->q.warnings_count, 2);
    assert_string_equal(r->q.warnings[1], "field_missing:answered.date");
    anq__rec_free(r);
}

static void test_uid(void **state)
{
    (void)state;
    anq_rec *r = anq__rec_new();
    r->q.legislature = 16;
    r->q.type = ANQ_TYPE_QOSD;
    r->q.number = 350;
    anq__rec_finish(r);
    assert_string_equal(r->q.uid, "QANR5L16QOSD350");
    anq__rec_free(r);
}

static void test_finish_repairs_utf8(void **state)
{
    (void)state;
    anq_rec *r = anq__rec_new();
    r->q.legislature = 16;
    r->q.type = ANQ_TYPE_QE;
    r->q.number = 7;
    /* bytes that are not UTF-8: a lone continuation, a truncated sequence */
    r->q.question = anq__rec_strndup(r, "a\x80" "b\xc3", 4);
    r->q.answer = anq__rec_strndup(r, "d\xc3\xa9j\xc3\xa0", 7);
    anq__rec_finish(r);
    assert_string_equal(r->q.question, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
    assert_string_equal(r->q.answer, "d\xc3\xa9j\xc3\xa0");
    assert_int_equal(r->q.warnings_count, 1);
    assert_string_equal(r->q.warnings[0], "encoding_repaired");
    anq__rec_free(r);
}

/* A stray byte at every offset of a 40-byte ASCII run (scanned many bytes
 * at a time): exactly that byte becomes U+FFFD; a valid "é" stays. */
static void test_finish_repairs_every_offset(void **state)
{
    (void)state;
    static const char run[] = "Question ecrite de M. Dupont au ministre";
    const size_t n = sizeof run - 1;
    for (int valid = 0; valid < 2; valid++) {
        const char *ins = valid ? "\xc3\xa9" : "\xff";
        const char *rep = valid ? "\xc3\xa9" : "\xef\xbf\xbd";
        for (size_t at = 0; at <= n; at++) {
            char in[64], want[64];
            size_t il = strlen(ins), rl = strlen(rep);
            memcpy(in, run, at);
            memcpy(in + at, ins, il);
            memcpy(in + at + il, run + at, n - at + 1);
            memcpy(want, run, at);
            memcpy(want + at, rep, rl);
            memcpy(want + at + rl, run + at, n - at + 1);
            anq_rec *r = anq__rec_new();
            assert_non_null(r);
            r->q.legislature = 16;
            r->q.type = ANQ_TYPE_QE;
            r->q.number = 7;
            r->q.question = anq__rec_strndup(r, in, n + il);
            anq__rec_finish(r);
            assert_string_equal(r->q.question, want);
            assert_int_equal(r->q.warnings_count, valid ? 0 : 1);
            anq__rec_free(r);
        }
    }
}

static void test_oom_is_sticky(void **state)
{
    (void)state;
    for (long n = 0; n < 6; n++) {
        anq__alloc_fail_after(n);
        anq_rec *r = anq__rec_new();
        if (!r)
            continue;
        const char *f = NULL;
        anq__rec_set(r, &f, "valeur", 6);
        for (int i = 0; i < 100; i++)
            anq__rec_add_analysis(r, "item", 4);
        anq__rec_warn(r, "w");
        assert_true(r->oom || (f && r->q.analyses_count == 100));
        anq__rec_free(r);
    }
    anq__alloc_fail_after(-1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_set_first_wins),
        cmocka_unit_test(test_arena_many),
        cmocka_unit_test(test_analyses_split),
        cmocka_unit_test(test_author_name),
        cmocka_unit_test(test_events_sorted_and_warnings),
        cmocka_unit_test(test_uid),
        cmocka_unit_test(test_finish_repairs_utf8),
        cmocka_unit_test(test_finish_repairs_every_offset),
        cmocka_unit_test(test_oom_is_sticky),
    };
    return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
