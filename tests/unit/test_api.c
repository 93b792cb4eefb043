/* SPDX-License-Identifier: MIT */
/* The public API's contract: arguments, errors, flags, free, strings. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "anq.h"

/* A minimal NosDéputés question page (written for this test). */
static const char page[] =
    "<html><head><title>Jean Martin : Question N° 321 - NosDéputés.fr</title></head><body>"
    "<div class=\"question\" id=\"question321\">"
    "<div class=\"info_depute\"><div class=\"depute_droite\"><div>"
    "<h1><a href=\"/jean-martin\">Jean Martin</a> <br/>Question N° 321 au Ministère des armées</h1>"
    "</div></div></div>"
    "<div class=\"source\"><a href=\"http://questions.assemblee-nationale.fr/q16/16-321QE.htm\">source</a></div>"
    "<div id=\"question\"><h2>Question soumise le 3 mai 2023</h2><p>Texte de test.</p></div>"
    "<div id=\"reponse\"><h2>Réponse</h2><p>Cette question n'a pas encore de réponse.</p></div>"
    "</div></body></html>";

static void test_null_data(void **state)
{
    (void)state;
    anq_error err;
    memset(&err, 0x55, sizeof err);
    assert_null(anq_parse(NULL, 10, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    assert_true(strlen(err.message) > 0);
    /* NULL with length 0 is simply empty input */
    assert_null(anq_parse(NULL, 0, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_EMPTY);
}

static void test_empty_and_blank(void **state)
{
    (void)state;
    anq_error err;
    assert_null(anq_parse("", 0, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_EMPTY);
    assert_null(anq_parse(" \n\t\r ", 5, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_EMPTY);
    assert_null(anq_parse("x", 1, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_NOT_A_QUESTION);
}

static void test_oversize(void **state)
{
    (void)state;
    anq_error err;
    /* the length is checked before the bytes are read */
    assert_null(anq_parse(page, ANQ_MAX_INPUT + 1, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_TOO_LARGE);
    assert_true(ANQ_MAX_INPUT < (size_t)2147483647);
}

static void test_unknown_flags(void **state)
{
    (void)state;
    anq_error err;
    assert_null(anq_parse(page, sizeof page - 1, 1u << 30, &err));
    assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    assert_null(anq_parse(page, sizeof page - 1, ANQ_PARSE_FORMAT(200), &err));
    assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    anq_question *q = anq_parse(page, sizeof page - 1, 0, NULL);
    assert_non_null(q);
    assert_null(anq_question_to_json(q, 1u << 7));
    anq_question_free(q);
}

static void test_err_null_and_cleared(void **state)
{
    (void)state;
    assert_null(anq_parse("", 0, 0, NULL));
    anq_error err;
    memset(&err, 0x7f, sizeof err);
    anq_question *q = anq_parse(page, sizeof page - 1, 0, &err);
    assert_non_null(q);
    assert_int_equal(err.code, ANQ_OK);
    assert_string_equal(err.message, "");
    assert_string_equal(err.field, "");
    anq_question_free(q);
}

static void test_free_null(void **state)
{
    (void)state;
    anq_question_free(NULL);
    anq_free(NULL);
}

static void test_strerror_total(void **state)
{
    (void)state;
    for (int c = -5; c < ANQ_STATUS_COUNT + 5; c++) {
        const char *s = anq_strerror(c);
        assert_non_null(s);
        assert_true(strlen(s) > 0);
        assert_non_null(anq_status_name(c));
    }
    assert_string_equal(anq_strerror(9999), "unknown error");
    assert_string_equal(anq_strerror(ANQ_ERR_EMPTY), "empty input");
    assert_string_equal(anq_status_name(ANQ_ERR_NOT_A_QUESTION), "not_a_question");
    /* every code has its own message */
    for (int a = 0; a < ANQ_STATUS_COUNT; a++)
        for (int b = a + 1; b < ANQ_STATUS_COUNT; b++)
            assert_string_not_equal(anq_strerror(a), anq_strerror(b));
}

static void test_version_and_names(void **state)
{
    (void)state;
    assert_string_equal(anq_version(), ANQ_VERSION_STRING);
    assert_string_equal(anq_format_name(ANQ_FORMAT_AN_FICHE), "an_fiche");
    assert_string_equal(anq_format_name(-1), "unknown");
    assert_int_equal(anq_format_from_name("an_dyn"), ANQ_FORMAT_AN_DYN);
    assert_int_equal(anq_format_from_name("auto"), 0);
    assert_int_equal(anq_format_from_name(NULL), 0);
    for (int f = 1; f < ANQ_FORMAT_COUNT; f++)
        assert_int_equal(anq_format_from_name(anq_format_name(f)), f);
    assert_string_equal(anq_type_name(ANQ_TYPE_QOSD), "QOSD");
    assert_null(anq_type_name(0));
    assert_string_equal(anq_status_kind_name(ANQ_STATUS_LAPSED), "lapsed");
    assert_string_equal(anq_event_kind_name(ANQ_EVENT_RENEWAL), "renewal");
    assert_true(anq_format_supported(ANQ_FORMAT_NOSDEPUTES));
    assert_false(anq_format_supported(0));
}

static void test_record_basics(void **state)
{
    (void)state;
    anq_question *q = anq_parse(page, sizeof page - 1, 0, NULL);
    assert_non_null(q);
    assert_int_equal(q->size, sizeof(anq_question));
    assert_true(ANQ_HAS_FIELD(q, warnings_count));
    assert_int_equal(q->format, ANQ_FORMAT_NOSDEPUTES);
    assert_int_equal(q->number, 321);
    assert_int_equal(q->legislature, 16);
    assert_int_equal(q->type, ANQ_TYPE_QE);
    assert_string_equal(q->uid, "QANR5L16QE321");
    assert_string_equal(q->author.name, "Jean Martin");
    assert_int_equal(q->submitted.date.year, 2023);
    assert_int_equal(q->submitted.date.month, 5);
    assert_int_equal(q->submitted.date.day, 3);
    assert_int_equal(q->status, ANQ_STATUS_OPEN);
    assert_null(q->answer);
    assert_string_equal(q->question, "Texte de test.");
    anq_question_free(q);
}

static void test_forced_format(void **state)
{
    (void)state;
    anq_error err;
    anq_question *q = anq_parse(page, sizeof page - 1, ANQ_PARSE_FORMAT(ANQ_FORMAT_NOSDEPUTES), &err);
    assert_non_null(q);
    anq_question_free(q);
    for (int f = 2; f < ANQ_FORMAT_COUNT; f++) {
        q = anq_parse(page, sizeof page - 1, ANQ_PARSE_FORMAT(f), &err);
        assert_null(q);
        if (anq_format_supported(f))
            assert_int_equal(err.code, ANQ_ERR_FORMAT_MISMATCH);
        else
            assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    }
}

static void test_no_number(void **state)
{
    (void)state;
    static const char nonum[] =
        "<html><body><p>NosDéputés.fr</p><div class=\"question\" id=\"questionX\">"
        "<h1><a>Jean Martin</a></h1></div></body></html>";
    anq_error err;
    assert_null(anq_parse(nonum, sizeof nonum - 1, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_NO_NUMBER);
    assert_string_equal(err.field, "number");
}

static void test_not_a_question(void **state)
{
    (void)state;
    static const char *const pages[] = {
        "<html><head><title>The page cannot be found</title></head><body>The page cannot be found</body></html>",
        "<html><head><title>503 Service Unavailable</title></head><body><h1>Error 503 Service Unavailable</h1></body></html>",
        "<html><body><h1>Résultats de la recherche</h1><ul><li>Question 1</li><li>Question 2</li></ul></body></html>",
        "<?xml version=\"1.0\"?><rss><channel><title>x</title></channel></rss>",
        "\x89PNG\r\n\x1a\n\x00\x00binary",
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        anq_error err;
        size_t len = i == 4 ? 16 : strlen(pages[i]);
        assert_null(anq_parse(pages[i], len, 0, &err));
        assert_int_equal(err.code, ANQ_ERR_NOT_A_QUESTION);
    }
    anq_error err;
    assert_null(anq_parse(pages[0], strlen(pages[0]), 0, &err));
    assert_non_null(strstr(err.message, "error page"));
}

static void test_no_html_flag(void **state)
{
    (void)state;
    anq_question *q = anq_parse(page, sizeof page - 1, ANQ_PARSE_NO_HTML, NULL);
    assert_non_null(q);
    assert_non_null(q->question);
    assert_null(q->question_html);
    anq_question_free(q);
    q = anq_parse(page, sizeof page - 1, 0, NULL);
    assert_string_equal(q->question_html, "<p>Texte de test.</p>");
    anq_question_free(q);
}

static void test_json_roundtrip_keys(void **state)
{
    (void)state;
    anq_question *q = anq_parse(page, sizeof page - 1, 0, NULL);
    char *j = anq_question_to_json(q, 0);
    assert_non_null(j);
    assert_true(strncmp(j, "{\"format\":\"nosdeputes\",\"uid\":\"QANR5L16QE321\",\"legislature\":16,", 61) == 0);
    assert_non_null(strstr(j, "\"answered\":null"));
    assert_null(strchr(j, '\n'));
    char *p = anq_question_to_json(q, ANQ_JSON_PRETTY);
    assert_non_null(strstr(p, "\n  \"uid\": \"QANR5L16QE321\",\n"));
    anq_free(j);
    anq_free(p);
    assert_null(anq_question_to_json(NULL, 0));
    anq_question_free(q);
    char *s = anq_json_quote("a\"b\\c\n\x01", 7);
    assert_string_equal(s, "\"a\\\"b\\\\c\\n\\u0001\"");
    anq_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_data),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_oversize),
        cmocka_unit_test(test_unknown_flags),
        cmocka_unit_test(test_err_null_and_cleared),
        cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_strerror_total),
        cmocka_unit_test(test_version_and_names),
        cmocka_unit_test(test_record_basics),
        cmocka_unit_test(test_forced_format),
        cmocka_unit_test(test_no_number),
        cmocka_unit_test(test_not_a_question),
        cmocka_unit_test(test_no_html_flag),
        cmocka_unit_test(test_json_roundtrip_keys),
    };
    return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
