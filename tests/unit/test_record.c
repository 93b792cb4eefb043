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

/* Every kind of field a record holds, and one that is a string literal.
 * The small ones fill the first chunk nearly, a medium string then opens a
 * second chunk: both have room to give back; the two long texts have
 * blocks of their own, with none. */
#define TEXT_LEN 5000
#define MEDIUM_LEN 999
static anq_rec *full_record(char *q_text, char *a_text, char *medium)
{
    anq_rec *r = anq__rec_new();
    assert_non_null(r);
    r->q.legislature = 16;
    r->q.type = ANQ_TYPE_QE;
    r->q.number = 42;
    anq__rec_set(r, &r->q.url, "https://example.org/q/42", 24);
    anq__rec_set_author_name(r, "M. Jean Dupont", 14);
    r->q.author.civility = "M."; /* not the record's: stays where it is */
    anq__rec_set(r, &r->q.author.group, "Groupe", 6);
    anq__rec_set(r, &r->q.ministry_asked, "Intérieur", 10);
    anq_date d = {2024, 3, 5};
    anq__rec_add_attribution(r, "Justice", 7, &d);
    anq__rec_add_attribution(r, "Armées", 7, NULL);
    anq__rec_add_analyses_split(r, "eau; air. feu", 13);
    anq__rec_add_event(r, ANQ_EVENT_RENEWAL, &d, 12);
    anq__rec_warn(r, "field_missing:title");
    memset(q_text, 'q', TEXT_LEN);
    q_text[TEXT_LEN] = '\0';
    memset(a_text, 'r', TEXT_LEN);
    a_text[TEXT_LEN] = '\0';
    r->q.question = anq__rec_strndup(r, q_text, TEXT_LEN);
    r->q.answer = anq__rec_strndup(r, a_text, TEXT_LEN);
    anq__rec_warn(r, "b");
    anq__rec_warn(r, "a");
    /* fill the first chunk to within 700 bytes of its end */
    const anq_chunk *first = r->chunks;
    while (first->cap - first->used > 700)
        anq__rec_add_analysis(r, "analyse", 7);
    assert_true(r->chunks == first);
    memset(medium, 'm', MEDIUM_LEN);
    medium[MEDIUM_LEN] = '\0';
    anq__rec_set(r, &r->q.title, medium, MEDIUM_LEN);
    assert_true(r->chunks != first);
    anq__rec_add_analysis(r, "fin", 3);
    assert_false(r->oom);
    return r;
}

static void check_full_record(const anq_rec *r, const char *q_text, const char *a_text,
                              const char *medium)
{
    const anq_question *q = &r->q;
    assert_string_equal(q->url, "https://example.org/q/42");
    assert_string_equal(q->author.name, "Jean Dupont");
    assert_string_equal(q->author.civility, "M.");
    assert_string_equal(q->author.group, "Groupe");
    assert_string_equal(q->ministry_asked, "Intérieur");
    assert_int_equal(q->attributions_count, 2);
    assert_string_equal(q->attributions[0].ministry, "Justice");
    assert_int_equal(q->attributions[0].date.day, 5);
    assert_string_equal(q->attributions[1].ministry, "Armées");
    assert_true(q->analyses_count > 4);
    assert_string_equal(q->analyses[0], "eau");
    assert_string_equal(q->analyses[2], "feu");
    assert_string_equal(q->analyses[3], "analyse");
    assert_string_equal(q->analyses[q->analyses_count - 1], "fin");
    assert_int_equal(q->events_count, 1);
    assert_int_equal(q->events[0].jo_page, 12);
    assert_int_equal(q->warnings_count, 3);
    assert_string_equal(q->warnings[0], "field_missing:title");
    assert_string_equal(q->warnings[2], "a");
    assert_string_equal(q->question, q_text);
    assert_string_equal(q->answer, a_text);
    assert_string_equal(q->title, medium);
    assert_string_equal(q->uid, "QANR5L16QE42");
}

/* The chunk holding p, or NULL (addresses compared as integers). */
static const anq_chunk *chunk_of(const anq_rec *r, const void *p)
{
    uintptr_t a = (uintptr_t)p;
    for (const anq_chunk *c = r->chunks; c; c = c->next) {
        uintptr_t from = (uintptr_t)c + ANQ_CHUNK_HDR;
        if (a >= from && a < from + c->cap)
            return c;
    }
    return NULL;
}

static int gives_back(const anq_chunk *c)
{
    return c && c->cap - c->used >= ANQ_REC_SHRINK_MIN;
}

/* Finishing gives back each chunk's unused room: what the record keeps is
 * what it holds. */
static void test_finish_shrinks(void **state)
{
    (void)state;
    static char q_text[TEXT_LEN + 1], a_text[TEXT_LEN + 1], medium[MEDIUM_LEN + 1];
    anq_rec *r = full_record(q_text, a_text, medium);
    size_t with_room = 0;
    for (const anq_chunk *c = r->chunks; c; c = c->next)
        with_room += gives_back(c);
    assert_int_equal(with_room, 2);
    anq__rec_finish(r);
    check_full_record(r, q_text, a_text, medium);
    for (const anq_chunk *c = r->chunks; c; c = c->next)
        assert_int_equal(c->cap, c->used);
    anq__rec_free(r);
}

/* When the chunks move as they shrink (the seam of lib/alloc.h makes every
 * shrink a move), every field follows: arrays, the strings they hold, the
 * string fields, in either chunk; what lies in a block with no room to
 * give back, or is not the record's, stays where it is. (Under ASan, a
 * field left in a freed chunk is reported.) */
#define TRACKED(q) {(q)->url, (q)->author.group, (q)->attributions, \
    (q)->attributions[1].ministry, (q)->analyses, (q)->analyses[3], \
    (q)->analyses[(q)->analyses_count - 1], (q)->events, (q)->warnings, (q)->warnings[0], \
    (q)->warnings[2], (q)->title, (q)->question, (q)->answer, (q)->author.civility}
static void test_finish_moves(void **state)
{
    (void)state;
    static char q_text[TEXT_LEN + 1], a_text[TEXT_LEN + 1], medium[MEDIUM_LEN + 1];
    anq_rec *r = full_record(q_text, a_text, medium);
    const anq_question *q = &r->q;
    const void *before[] = TRACKED(q);
    enum { N = sizeof before / sizeof before[0] };
    int should_move[N];
    const anq_chunk *seen[2] = {NULL, NULL};
    size_t moving = 0, staying = 0;
    for (size_t i = 0; i < N; i++) {
        const anq_chunk *c = chunk_of(r, before[i]);
        should_move[i] = gives_back(c);
        moving += should_move[i];
        staying += !should_move[i];
        if (should_move[i] && c != seen[0])
            seen[seen[0] != NULL] = c;
    }
    /* both kinds of pointer, and fields in both chunks that move */
    assert_true(moving >= 8 && staying >= 3);
    assert_non_null(seen[1]);
    assert_true(seen[0] != seen[1]);

    anq__alloc_set_moving(1);
    anq__rec_finish(r);
    anq__alloc_set_moving(0);
    const void *after[] = TRACKED(q);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(after[i] != before[i], should_move[i]);
    check_full_record(r, q_text, a_text, medium);
    anq__rec_free(r);
}

/* A rendered text becomes the record's: a long one in the buffer's own
 * block (shrunk, or moved under the seam), a short one as a copy; the
 * buffer is left empty either way and the record frees what it took. */
static void test_take(void **state)
{
    (void)state;
    for (int moving = 0; moving < 2; moving++) {
        anq_rec *r = anq__rec_new();
        assert_non_null(r);
        anq_buf b = ANQ_BUF_INIT;
        anq__buf_adds(&b, "  ");
        for (int i = 0; i < 400; i++)
            anq__buf_adds(&b, "mot ");
        anq__buf_adds(&b, "fin  ");
        assert_true(anq__buf_reserve(&b, 8000)); /* room to give back */
        anq__alloc_set_moving(moving);
        const char *t = anq__rec_take(r, &b, 2, b.len - 4);
        anq__alloc_set_moving(0);
        assert_non_null(t);
        assert_int_equal(strlen(t), 400 * 4 + 3);
        assert_memory_equal(t, "mot mot ", 8);
        assert_string_equal(t + 400 * 4, "fin");
        assert_null(b.data);
        assert_int_equal(b.len, 0);
        assert_int_equal(r->owned_count, 1);

        anq__buf_adds(&b, " court ");
        const char *c = anq__rec_take(r, &b, 1, 5);
        assert_string_equal(c, "court");
        assert_null(b.data);
        assert_int_equal(r->owned_count, 1); /* copied into the arena */

        /* a buffer that ran out of memory: the record too */
        b.oom = 1;
        assert_null(anq__rec_take(r, &b, 0, 0));
        assert_true(r->oom);
        assert_string_equal(t + 400 * 4, "fin");
        anq__rec_free(r);
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
        cmocka_unit_test(test_finish_shrinks),
        cmocka_unit_test(test_finish_moves),
        cmocka_unit_test(test_take),
    };
    return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
