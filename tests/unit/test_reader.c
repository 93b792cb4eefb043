/* SPDX-License-Identifier: MIT */
/* The streaming reader (anq_reader_*): a generated bulk file checked
 * against the generator's rules, errors with their position, every kind of
 * input, the argument contract and allocation failures.
 *
 *   test_reader BULK_FILE SOURCE_DIR
 *
 * BULK_FILE is written at build time by tests/gen_bulk.py with --namespace,
 * --malformed 777, --no-number 1500 and 2000 questions; the rules below are
 * the ones its docstring states. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "anq.h"

static const char *bulk_path;
static const char *source_dir;

enum { BULK_N = 2000, BULK_MALFORMED = 777, BULK_NO_NUMBER = 1500 };

/* ------------------------------------------------------------------ */
/* The generator's rules (tests/gen_bulk.py)                             */

static const char *const ministries[] = {
    "Intérieur", "Économie", "Santé", "Agriculture", "Éducation nationale",
    "Transports", "Logement", "Justice", "Armées", "Culture",
};

static int rule_type(size_t i)
{
    switch (i % 4) {
    case 1:
    case 2: return ANQ_TYPE_QE;
    case 3: return ANQ_TYPE_QG;
    default: return ANQ_TYPE_QOSD;
    }
}

static int rule_status(size_t i)
{
    if (rule_type(i) == ANQ_TYPE_QG)
        return ANQ_STATUS_ANSWERED;
    switch ((i / 4) % 4) {
    case 1: return ANQ_STATUS_OPEN;
    case 2: return ANQ_STATUS_WITHDRAWN;
    default: return ANQ_STATUS_ANSWERED;
    }
}

static size_t count_events(const anq_question *q, int kind)
{
    size_t n = 0;
    for (size_t k = 0; k < q->events_count; k++)
        n += q->events[k].kind == kind;
    return n;
}

static void check_date(anq_date d, int y, int m, int day)
{
    assert_int_equal(d.year, y);
    assert_int_equal(d.month, m);
    assert_int_equal(d.day, day);
}

/* Question i of the generated file, as its rules say. */
static void check_rule(const anq_question *q, size_t i)
{
    char want[64];
    int t = rule_type(i);
    snprintf(want, sizeof want, "QANR5L14%s%zu", anq_type_name(t), i);
    assert_string_equal(q->uid, want);
    assert_int_equal(q->format, ANQ_FORMAT_AN_OPENDATA);
    assert_int_equal(q->type, t);
    assert_int_equal(q->number, (int)i);
    assert_int_equal(q->legislature, 14);
    snprintf(want, sizeof want, "PA%zu", 700000 + i % 577);
    assert_string_equal(q->author.an_id, want);
    assert_null(q->author.name);
    snprintf(want, sizeof want, "G%zu", i % 7);
    assert_string_equal(q->author.group_abbrev, want);
    assert_string_equal(q->ministry_asked, ministries[i % 10]);
    assert_int_equal(q->attributions_count, 1 + i % 3);
    assert_string_equal(q->ministry_answering, ministries[(i + i % 3) % 10]);
    assert_int_equal(count_events(q, ANQ_EVENT_ATTRIBUTION_CHANGE), i % 3);

    int y = 2013 + (int)(i % 4), m = 1 + (int)(i % 12), d = 1 + (int)(i % 28);
    int st = rule_status(i);
    assert_int_equal(q->status, st);
    if (t == ANQ_TYPE_QG) {
        /* the question is the transcript's first speech, published with it */
        check_date(q->submitted.date, y + 1, m, d);
        assert_null(q->question);
        assert_non_null(q->answer);
        assert_true(strncmp(q->answer, "M. le président.", strlen("M. le président.")) == 0);
        assert_int_equal(q->events_count, i % 3);
    } else {
        check_date(q->submitted.date, y, m, d);
        assert_int_equal(q->submitted.jo_page, 1000 + (int)(i % 9000));
        assert_non_null(q->question);
        assert_int_equal(count_events(q, ANQ_EVENT_RENEWAL), i % 7 == 0);
        assert_int_equal(count_events(q, ANQ_EVENT_ERRATUM_QUESTION), i % 13 == 0);
    }
    if (st == ANQ_STATUS_ANSWERED) {
        check_date(q->answered.date, y + 1, m, d);
        assert_string_equal(q->closure.code, "REP_PUB");
        assert_non_null(q->answer);
        int table = t != ANQ_TYPE_QG && i % 11 == 0;
        assert_int_equal(strchr(q->answer, '\t') != NULL, table);
        if (table)
            assert_non_null(strstr(q->answer_html, "<table"));
    } else {
        assert_int_equal(q->answered.date.year, 0);
        assert_null(q->answer);
    }
    if (st == ANQ_STATUS_WITHDRAWN) {
        assert_string_equal(q->closure.code, "RET");
        check_date(q->closure.date, y, 12, 30);
    }
    if (st == ANQ_STATUS_OPEN)
        assert_null(q->closure.code);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                               */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* One event of a stream: a record's uid, or an error. */
typedef struct event {
    int rc;
    char uid[40];
    anq_error err;
    size_t index;
} event;

/* Read a whole stream; returns the number of events (at most cap). */
static size_t drain(anq_reader *r, event *ev, size_t cap)
{
    size_t n = 0;
    for (size_t guard = 0; guard < 100000; guard++) {
        anq_question *q = (anq_question *)1;
        anq_error err;
        int rc = anq_reader_next(r, &q, &err);
        if (rc == 0) {
            assert_null(q);
            assert_int_equal(err.code, ANQ_OK);
            /* the end stays the end */
            assert_int_equal(anq_reader_next(r, &q, &err), 0);
            return n;
        }
        assert_true(n < cap);
        ev[n].rc = rc;
        ev[n].err = err;
        ev[n].index = anq_reader_index(r);
        ev[n].uid[0] = '\0';
        if (rc > 0) {
            assert_int_equal(rc, 1);
            assert_non_null(q);
            assert_int_equal(err.code, ANQ_OK);
            snprintf(ev[n].uid, sizeof ev[n].uid, "%s", q->uid);
            anq_question_free(q);
        } else {
            assert_null(q);
            assert_int_equal(rc, -err.code);
            assert_true(strlen(err.message) > 0);
        }
        n++;
    }
    fail_msg("the reader did not end");
    return n;
}

/* A small bulk file: three questions, the middle one given by the caller. */
#define Q(uid, num) \
    "<question><uid>" uid "</uid><identifiant><numero>" num "</numero>" \
    "<legislature>14</legislature></identifiant><type>QE</type>" \
    "<textesQuestion><texteQuestion><infoJO><dateJO>2015-08-25</dateJO></infoJO>" \
    "<texte>Texte.</texte></texteQuestion></textesQuestion></question>\n"
#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<questionsEcrites>\n"
#define TAIL "</questionsEcrites>\n"

/* ------------------------------------------------------------------ */
/* The generated file                                                    */

static void test_bulk_file(void **state)
{
    (void)state;
    size_t len;
    char *data = slurp(bulk_path, &len);
    anq_error err;
    anq_reader *r = anq_reader_open_file(bulk_path, 0, &err);
    assert_non_null(r);
    assert_int_equal(err.code, ANQ_OK);
    assert_int_equal(anq_reader_input_size(r), len);
    assert_int_equal(anq_reader_index(r), 0);
    size_t records = 0, errors = 0, expect = 1;
    uint64_t last_bytes = 0;
    anq_question *q;
    int rc;
    while ((rc = anq_reader_next(r, &q, &err)) != 0) {
        uint64_t b = anq_reader_bytes_read(r);
        assert_true(b >= last_bytes && b <= len);
        last_bytes = b;
        if (rc < 0) {
            errors++;
            assert_int_equal(err.index, expect);
            assert_int_equal(anq_reader_index(r), expect);
            assert_true(err.line > 0);
            assert_true(err.offset > 0 && err.offset < len);
            if (expect == BULK_MALFORMED) {
                assert_int_equal(err.code, ANQ_ERR_PARSE);
                /* libxml2's message names the mismatched tags */
                assert_non_null(strstr(err.message, "ANALYSE"));
            } else {
                assert_int_equal(expect, BULK_NO_NUMBER);
                assert_int_equal(err.code, ANQ_ERR_NO_NUMBER);
                assert_string_equal(err.field, "number");
                /* the position is the question's start tag */
                assert_memory_equal(data + err.offset, "<question", 9);
                size_t line = 1;
                for (size_t k = 0; k < err.offset; k++)
                    line += data[k] == '\n';
                assert_int_equal(err.line, line);
            }
            expect++;
            continue;
        }
        assert_int_equal(anq_reader_index(r), expect);
        check_rule(q, expect);
        anq_question_free(q);
        records++;
        expect++;
    }
    assert_int_equal(records, BULK_N - 2);
    assert_int_equal(errors, 2);
    assert_int_equal(anq_reader_bytes_read(r), len);
    anq_reader_close(r);
    free(data);
}

/* The same file from memory and through a callback that gives 1 to 7 bytes
 * at a time: the same records, byte for byte. */
typedef struct trickle {
    const char *p;
    size_t len, pos, step;
    size_t fail_at; /* 0 = never */
} trickle;

static int trickle_read(void *ctx, char *buf, size_t cap, size_t *got)
{
    trickle *t = ctx;
    if (t->fail_at && t->pos >= t->fail_at)
        return -1;
    size_t n = 1 + t->step++ % 7;
    if (n > cap)
        n = cap;
    if (n > t->len - t->pos)
        n = t->len - t->pos;
    memcpy(buf, t->p + t->pos, n);
    t->pos += n;
    *got = n;
    return 0;
}

static void test_memory_and_io_agree(void **state)
{
    (void)state;
    size_t len;
    char *data = slurp(bulk_path, &len);
    /* the first 120 questions are enough, and keep the byte-wise run short */
    const char *cut = data;
    for (int k = 0; k < 121; k++)
        cut = strstr(cut + 1, "<question ");
    assert_non_null(cut);
    size_t part = (size_t)(cut - data);
    char *small = malloc(part + sizeof TAIL);
    memcpy(small, data, part);
    memcpy(small + part, TAIL, sizeof TAIL);
    size_t small_len = part + sizeof TAIL - 1;

    anq_reader *a = anq_reader_open_memory(small, small_len, 0, NULL);
    trickle t = {small, small_len, 0, 0, 0};
    anq_reader *b = anq_reader_open_io(trickle_read, &t, 0, NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(anq_reader_input_size(a), small_len);
    assert_int_equal(anq_reader_input_size(b), 0);
    size_t n = 0;
    for (;;) {
        anq_question *qa, *qb;
        int ra = anq_reader_next(a, &qa, NULL);
        int rb = anq_reader_next(b, &qb, NULL);
        assert_int_equal(ra, rb);
        if (ra == 0)
            break;
        assert_int_equal(ra, 1);
        char *ja = anq_question_to_json(qa, 0);
        char *jb = anq_question_to_json(qb, 0);
        assert_string_equal(ja, jb);
        check_rule(qa, ++n);
        anq_free(ja);
        anq_free(jb);
        anq_question_free(qa);
        anq_question_free(qb);
    }
    assert_int_equal(n, 120);
    anq_reader_close(a);
    anq_reader_close(b);

    /* a read error ends the stream with ANQ_ERR_IO */
    trickle bad = {small, small_len, 0, 0, small_len / 2};
    b = anq_reader_open_io(trickle_read, &bad, 0, NULL);
    event ev[200];
    size_t k = drain(b, ev, 200);
    assert_true(k > 1);
    assert_true(k < 121);
    assert_int_equal(ev[k - 1].rc, -ANQ_ERR_IO);
    for (size_t j = 0; j + 1 < k; j++)
        assert_int_equal(ev[j].rc, 1);
    anq_reader_close(b);
    free(small);
    free(data);
}

/* ------------------------------------------------------------------ */
/* Single-question files, the fixture bulk file                           */

static void test_single_question_files(void **state)
{
    (void)state;
    static const char *const names[] = {
        "qe_answered.xml", "qe_open.xml", "qe_table.xml", "qg_transcript.xml",
        "qosd_answered.xml", "l14_no_namespace.xml", "truncated.xml",
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/golden/an_opendata/%s", source_dir, names[k]);
        size_t len;
        char *data = slurp(path, &len);
        anq_question *want = anq_parse(data, len, 0, NULL);
        assert_non_null(want);
        char *jw = anq_question_to_json(want, 0);
        for (int from_file = 0; from_file < 2; from_file++) {
            anq_reader *r = from_file ? anq_reader_open_file(path, 0, NULL)
                                      : anq_reader_open_memory(data, len, 0, NULL);
            assert_non_null(r);
            anq_question *q;
            anq_error err;
            assert_int_equal(anq_reader_next(r, &q, &err), 1);
            assert_int_equal(anq_reader_index(r), 1);
            char *jq = anq_question_to_json(q, 0);
            /* the same record as anq_parse() gives */
            assert_string_equal(jq, jw);
            anq_free(jq);
            anq_question_free(q);
            assert_int_equal(anq_reader_next(r, &q, &err), 0);
            anq_reader_close(r);
        }
        anq_free(jw);
        anq_question_free(want);
        free(data);
    }
}

static void test_fixture_bulk(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/opendata/bulk_l14.xml", source_dir);
    size_t len;
    char *data = slurp(path, &len);
    /* anq_parse() refuses a file of many questions... */
    anq_error err;
    assert_null(anq_parse(data, len, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_NOT_A_QUESTION);
    /* ...the reader reads them: QE 88210 and 88211 (no namespace, xsi:nil
     * without its declaration) */
    anq_reader *r = anq_reader_open_file(path, ANQ_PARSE_NO_HTML, &err);
    assert_non_null(r);
    anq_question *q;
    assert_int_equal(anq_reader_next(r, &q, &err), 1);
    assert_string_equal(q->uid, "QANR5L14QE88210");
    assert_int_equal(q->status, ANQ_STATUS_OPEN);
    assert_string_equal(q->rubrique, "logement");
    assert_null(q->tete_analyse);
    assert_int_equal(q->analyses_count, 1);
    assert_string_equal(q->analyses[0], "accession à la propriété");
    assert_string_equal(q->author.group, "Les Républicains");
    check_date(q->submitted.date, 2015, 8, 25);
    assert_int_equal(q->submitted.jo_page, 6420);
    assert_null(q->question_html); /* ANQ_PARSE_NO_HTML */
    assert_non_null(q->question);
    anq_question_free(q);
    assert_int_equal(anq_reader_next(r, &q, &err), 1);
    assert_string_equal(q->uid, "QANR5L14QE88211");
    assert_int_equal(anq_reader_index(r), 2);
    /* a record outlives its reader */
    anq_reader_close(r);
    assert_int_equal(q->number, 88211);
    assert_string_equal(q->ministry_asked, "Logement et habitat durable");
    anq_question_free(q);
    free(data);
}

/* ------------------------------------------------------------------ */
/* Errors inside the stream                                               */

static void test_malformed_middle(void **state)
{
    (void)state;
    static const char doc[] = HEAD Q("QANR5L14QE1", "1")
        "<question><uid>QANR5L14QE2</uidd><identifiant><numero>2</numero></identifiant></question>\n"
        Q("QANR5L14QE3", "3") TAIL;
    anq_reader *r = anq_reader_open_memory(doc, sizeof doc - 1, 0, NULL);
    event ev[8];
    size_t n = drain(r, ev, 8);
    anq_reader_close(r);
    assert_int_equal(n, 3);
    assert_string_equal(ev[0].uid, "QANR5L14QE1");
    assert_int_equal(ev[1].rc, -ANQ_ERR_PARSE);
    assert_int_equal(ev[1].err.index, 2);
    assert_int_equal(ev[1].index, 2);
    assert_int_equal(ev[1].err.line, 4); /* the line of the bad end tag */
    assert_non_null(strstr(ev[1].err.message, "uidd"));
    assert_string_equal(ev[2].uid, "QANR5L14QE3");
    assert_int_equal(ev[2].index, 3);
}

static void test_no_number_middle(void **state)
{
    (void)state;
    static const char doc[] = HEAD Q("QANR5L14QE1", "1")
        "<question><type>QE</type></question>\n" Q("QANR5L14QE3", "3") TAIL;
    anq_reader *r = anq_reader_open_memory(doc, sizeof doc - 1, 0, NULL);
    event ev[8];
    size_t n = drain(r, ev, 8);
    anq_reader_close(r);
    assert_int_equal(n, 3);
    assert_int_equal(ev[1].rc, -ANQ_ERR_NO_NUMBER);
    assert_int_equal(ev[1].err.index, 2);
    assert_int_equal(ev[1].err.line, 4);
    const char *start = strstr(doc, "<question><type>");
    assert_int_equal(ev[1].err.offset, (uint64_t)(start - doc));
    assert_string_equal(ev[2].uid, "QANR5L14QE3");
}

/* Errors that break the XML stream end it: nothing after them. */
static void test_stream_breaking_errors(void **state)
{
    (void)state;
    /* invalid UTF-8 in question 2: question 3 never comes */
    static const char bad_utf8[] = HEAD Q("QANR5L14QE1", "1")
        "<question><uid>QANR5L14QE2</uid><type>Q\xff\xfe</type></question>\n"
        Q("QANR5L14QE3", "3") TAIL;
    anq_reader *r = anq_reader_open_memory(bad_utf8, sizeof bad_utf8 - 1, 0, NULL);
    event ev[8];
    size_t n = drain(r, ev, 8);
    anq_reader_close(r);
    assert_int_equal(n, 2);
    assert_string_equal(ev[0].uid, "QANR5L14QE1");
    assert_int_equal(ev[1].rc, -ANQ_ERR_ENCODING);
    assert_int_equal(ev[1].err.index, 2);

    /* an end tag between questions closes the root */
    static const char junk[] = HEAD Q("QANR5L14QE1", "1") "</bogus>\n"
        Q("QANR5L14QE3", "3") TAIL;
    r = anq_reader_open_memory(junk, sizeof junk - 1, 0, NULL);
    n = drain(r, ev, 8);
    anq_reader_close(r);
    assert_int_equal(n, 2);
    assert_string_equal(ev[0].uid, "QANR5L14QE1");
    assert_int_equal(ev[1].rc, -ANQ_ERR_PARSE);
    assert_int_equal(ev[1].err.index, 0);
    assert_int_equal(ev[1].err.line, 4);

    /* nesting deeper than 256 */
    char deep[4096];
    size_t k = 0;
    k += (size_t)sprintf(deep + k, "<questionsEcrites><question>");
    for (int d = 0; d < 300; d++)
        k += (size_t)sprintf(deep + k, "<a>");
    r = anq_reader_open_memory(deep, k, 0, NULL);
    n = drain(r, ev, 8);
    anq_reader_close(r);
    assert_int_equal(n, 1);
    assert_int_equal(ev[0].rc, -ANQ_ERR_TOO_DEEP);
    assert_int_equal(ev[0].err.index, 1);
}

static void test_truncated(void **state)
{
    (void)state;
    static const char doc[] = HEAD Q("QANR5L14QE1", "1") Q("QANR5L14QE2", "2");
    /* cut inside question 2, after its number */
    const char *cut = strstr(strstr(doc, "QANR5L14QE2"), "<type>");
    size_t len = (size_t)(cut - doc);
    anq_reader *r = anq_reader_open_memory(doc, len, 0, NULL);
    anq_question *q;
    anq_error err;
    assert_int_equal(anq_reader_next(r, &q, &err), 1);
    assert_string_equal(q->uid, "QANR5L14QE1");
    for (size_t k = 0; k < q->warnings_count; k++)
        assert_string_not_equal(q->warnings[k], "input_truncated");
    anq_question_free(q);
    /* what was read of question 2, with the warning anq_parse() gives */
    assert_int_equal(anq_reader_next(r, &q, &err), 1);
    assert_string_equal(q->uid, "QANR5L14QE2");
    int warned = 0;
    for (size_t k = 0; k < q->warnings_count; k++)
        warned |= strcmp(q->warnings[k], "input_truncated") == 0;
    assert_true(warned);
    assert_int_equal(q->status, ANQ_STATUS_UNKNOWN);
    anq_question_free(q);
    /* then the root that was never closed */
    assert_int_equal(anq_reader_next(r, &q, &err), -ANQ_ERR_PARSE);
    assert_int_equal(err.index, 0);
    assert_non_null(strstr(err.message, "questionsEcrites"));
    assert_int_equal(anq_reader_next(r, &q, &err), 0);
    anq_reader_close(r);

    /* cut between two questions: every record, then the error */
    cut = strstr(doc, "<question><uid>QANR5L14QE2");
    r = anq_reader_open_memory(doc, (size_t)(cut - doc), 0, NULL);
    event ev[8];
    size_t n = drain(r, ev, 8);
    anq_reader_close(r);
    assert_int_equal(n, 2);
    assert_string_equal(ev[0].uid, "QANR5L14QE1");
    assert_int_equal(ev[1].rc, -ANQ_ERR_PARSE);
}

static void test_not_questions(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int code;
    } cases[] = {
        {"", ANQ_ERR_EMPTY},
        {" \n\t \r\n", ANQ_ERR_EMPTY},
        {"Ceci n'est pas du XML.", ANQ_ERR_PARSE},
        {"x", ANQ_ERR_PARSE},
        {"{\"question\": []}", ANQ_ERR_PARSE},
        {"<?xml version=\"1.0\"?><root><a>1</a><b/></root>", ANQ_ERR_NOT_A_QUESTION},
        {"<html><body><p>Questions</p></body></html>", ANQ_ERR_NOT_A_QUESTION},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        anq_reader *r = anq_reader_open_memory(cases[k].in, strlen(cases[k].in), 0, NULL);
        assert_non_null(r);
        event ev[4];
        size_t n = drain(r, ev, 4);
        anq_reader_close(r);
        assert_int_equal(n, 1);
        assert_int_equal(ev[0].rc, -cases[k].code);
        assert_int_equal(ev[0].err.index, 0);
    }
    /* NULL with length 0 is an empty input too */
    anq_reader *r = anq_reader_open_memory(NULL, 0, 0, NULL);
    assert_non_null(r);
    anq_question *q;
    assert_int_equal(anq_reader_next(r, &q, NULL), -ANQ_ERR_EMPTY);
    assert_int_equal(anq_reader_next(r, &q, NULL), 0);
    anq_reader_close(r);
}

/* ------------------------------------------------------------------ */
/* Arguments                                                             */

static int never_read(void *ctx, char *buf, size_t cap, size_t *got)
{
    (void)ctx;
    (void)buf;
    (void)cap;
    *got = 0;
    return 0;
}

static void test_arguments(void **state)
{
    (void)state;
    anq_error err;
    memset(&err, 0x55, sizeof err);
    assert_null(anq_reader_open_file(NULL, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    assert_null(anq_reader_open_memory(NULL, 3, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    assert_null(anq_reader_open_io(NULL, NULL, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    assert_null(anq_reader_open_memory("<a/>", 4, 1u << 30, &err));
    assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    assert_null(anq_reader_open_memory("<a/>", 4, ANQ_PARSE_FORMAT(ANQ_FORMAT_AN_DYN), &err));
    assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    assert_string_equal(err.field, "format");
    assert_null(anq_reader_open_file("/nonexistent/anq/x.xml", 0, &err));
    assert_int_equal(err.code, ANQ_ERR_IO);
    assert_null(anq_reader_open_file(source_dir, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_IO);
    assert_null(anq_reader_open_file("/nonexistent/anq/x.xml", 0, NULL));

    anq_reader *r = anq_reader_open_io(never_read, NULL,
                                       ANQ_PARSE_FORMAT(ANQ_FORMAT_AN_OPENDATA) | ANQ_PARSE_NO_HTML,
                                       &err);
    assert_non_null(r);
    assert_int_equal(err.code, ANQ_OK);
    anq_question *q = (anq_question *)1;
    assert_int_equal(anq_reader_next(NULL, &q, &err), -ANQ_ERR_INVALID_ARG);
    assert_null(q);
    assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    assert_int_equal(anq_reader_next(r, NULL, &err), -ANQ_ERR_INVALID_ARG);
    assert_int_equal(anq_reader_next(r, &q, NULL), -ANQ_ERR_EMPTY);
    anq_reader_close(r);

    anq_reader_close(NULL);
    assert_int_equal(anq_reader_bytes_read(NULL), 0);
    assert_int_equal(anq_reader_input_size(NULL), 0);
    assert_int_equal(anq_reader_index(NULL), 0);
}

/* ------------------------------------------------------------------ */
/* Allocation failures                                                   */

static void test_alloc_failures(void **state)
{
    (void)state;
    static const char doc[] = HEAD Q("QANR5L14QE1", "1") Q("QANR5L14QE2", "2")
        Q("QANR5L14QE3", "3") TAIL;
    int failures = 0, complete = 0;
    for (long n = 0; n < 100000 && !complete; n++) {
        anq__alloc_fail_after(n);
        anq_error err;
        anq_reader *r = anq_reader_open_memory(doc, sizeof doc - 1, 0, &err);
        if (!r) {
            anq__alloc_fail_after(-1);
            assert_int_equal(err.code, ANQ_ERR_NOMEM);
            failures++;
            continue;
        }
        size_t got = 0;
        int nomem = 0, rc;
        anq_question *q;
        for (int guard = 0; (rc = anq_reader_next(r, &q, &err)) != 0; guard++) {
            assert_true(guard < 20);
            if (rc > 0) {
                got++;
                anq_question_free(q);
            } else {
                /* nothing but memory can fail here */
                assert_int_equal(rc, -ANQ_ERR_NOMEM);
                nomem = 1;
            }
        }
        anq__alloc_fail_after(-1);
        anq_reader_close(r);
        if (nomem)
            failures++;
        else
            complete = got == 3;
    }
    anq__alloc_fail_after(-1);
    assert_true(complete);
    assert_true(failures > 3);
}

/* Readers in several threads at once, each on its own file handle. */
typedef struct tally {
    size_t records, parse_errors, no_number, other;
    size_t uid_ok;
} tally;

static void *read_all(void *arg)
{
    tally *t = arg;
    anq_reader *r = anq_reader_open_file(bulk_path, ANQ_PARSE_NO_HTML, NULL);
    if (!r)
        return NULL;
    anq_question *q;
    anq_error err;
    int rc;
    while ((rc = anq_reader_next(r, &q, &err)) != 0) {
        if (rc > 0) {
            char want[64];
            size_t i = anq_reader_index(r);
            snprintf(want, sizeof want, "QANR5L14%s%zu", anq_type_name(rule_type(i)), i);
            t->records++;
            t->uid_ok += strcmp(q->uid, want) == 0;
            anq_question_free(q);
        } else if (err.code == ANQ_ERR_PARSE && err.index == BULK_MALFORMED) {
            t->parse_errors++;
        } else if (err.code == ANQ_ERR_NO_NUMBER && err.index == BULK_NO_NUMBER) {
            t->no_number++;
        } else {
            t->other++;
        }
    }
    anq_reader_close(r);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    enum { THREADS = 3 };
    pthread_t tid[THREADS];
    tally t[THREADS];
    memset(t, 0, sizeof t);
    anq_init();
    for (int k = 0; k < THREADS; k++)
        assert_int_equal(pthread_create(&tid[k], NULL, read_all, &t[k]), 0);
    for (int k = 0; k < THREADS; k++) {
        pthread_join(tid[k], NULL);
        assert_int_equal(t[k].records, BULK_N - 2);
        assert_int_equal(t[k].uid_ok, BULK_N - 2);
        assert_int_equal(t[k].parse_errors, 1);
        assert_int_equal(t[k].no_number, 1);
        assert_int_equal(t[k].other, 0);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_reader BULK_FILE SOURCE_DIR\n");
        return 2;
    }
    bulk_path = argv[1];
    source_dir = argv[2];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bulk_file),
        cmocka_unit_test(test_memory_and_io_agree),
        cmocka_unit_test(test_single_question_files),
        cmocka_unit_test(test_fixture_bulk),
        cmocka_unit_test(test_malformed_middle),
        cmocka_unit_test(test_no_number_middle),
        cmocka_unit_test(test_stream_breaking_errors),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_not_questions),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests_name("reader", tests, NULL, NULL);
}
