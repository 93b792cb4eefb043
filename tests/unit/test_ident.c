/* SPDX-License-Identifier: MIT */
/* Question identifiers: every written form read and written, and the
 * malformed ones rejected with a code and the field involved. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "alloc.h"
#include "anq.h"

/* Parse NUL-terminated @s, expecting success and the three values. */
static void parses_to(const char *s, int32_t leg, int32_t type, int32_t num)
{
    anq_id id = {-1, -1, -1};
    anq_error err;
    int rc = anq_id_parse(s, strlen(s), &id, &err);
    if (rc != ANQ_OK)
        fail_msg("'%s' was rejected: %s (%s)", s, err.message, err.field);
    assert_int_equal(err.code, ANQ_OK);
    assert_string_equal(err.field, "");
    assert_int_equal(id.legislature, leg);
    assert_int_equal(id.type, type);
    assert_int_equal(id.number, num);
}

/* Parse NUL-terminated @s, expecting failure with @code and @field, and
 * the output left as it was. */
static void rejects(const char *s, int code, const char *field)
{
    anq_id id = {-7, -7, -7};
    anq_error err;
    int rc = anq_id_parse(s, strlen(s), &id, &err);
    if (rc != code)
        fail_msg("'%s': got %s, expected %s (%s)", s, anq_status_name(rc),
                 anq_status_name(code), err.message);
    assert_int_equal(err.code, code);
    assert_string_equal(err.field, field);
    assert_true(strlen(err.message) > 0);
    assert_int_equal(id.legislature, -7);
    assert_int_equal(id.type, -7);
    assert_int_equal(id.number, -7);
}

/* Format @id as @kind with @flags, expecting @want. */
static void formats_as(anq_id id, int kind, unsigned flags, const char *want)
{
    anq_error err;
    char *s = anq_id_format(&id, kind, flags, &err);
    if (!s)
        fail_msg("%s of L%d %d %d failed: %s", anq_id_kind_name(kind), (int)id.legislature,
                 (int)id.type, (int)id.number, err.message);
    assert_int_equal(err.code, ANQ_OK);
    assert_string_equal(s, want);
    anq_free(s);
}

static void format_fails(anq_id id, int kind, unsigned flags, int code, const char *field)
{
    anq_error err;
    char *s = anq_id_format(&id, kind, flags, &err);
    assert_null(s);
    assert_int_equal(err.code, code);
    assert_string_equal(err.field, field);
    assert_true(strlen(err.message) > 0);
}

static void test_parse_uid(void **state)
{
    (void)state;
    parses_to("QANR5L16QE15463", 16, ANQ_TYPE_QE, 15463);
    parses_to("QANR5L16QOSD350", 16, ANQ_TYPE_QOSD, 350);
    parses_to("QANR5L11QG450", 11, ANQ_TYPE_QG, 450);
    parses_to("QANR5L7QE80900", 7, ANQ_TYPE_QE, 80900);
    parses_to("QANR5L14QE104137", 14, ANQ_TYPE_QE, 104137);
    parses_to("QANR5L17QE9999999", 17, ANQ_TYPE_QE, 9999999);
    /* blanks around it, as from a shell or a file line */
    parses_to("  QANR5L16QE15463\n", 16, ANQ_TYPE_QE, 15463);
    parses_to("\tQANR5L16QE15463\r\n", 16, ANQ_TYPE_QE, 15463);
}

static void test_parse_legacy(void **state)
{
    (void)state;
    parses_to("https://questions.assemblee-nationale.fr/q16/16-15463QE.htm", 16, ANQ_TYPE_QE, 15463);
    parses_to("http://questions.assemblee-nationale.fr/q15/15-45012QE.htm", 15, ANQ_TYPE_QE, 45012);
    parses_to("questions.assemblee-nationale.fr/q13/13-77033QE.htm", 13, ANQ_TYPE_QE, 77033);
    parses_to("https://questions.assemblee-nationale.fr/q14/14-450QOSD.htm", 14, ANQ_TYPE_QOSD, 450);
    parses_to("https://questions.assemblee-nationale.fr/q14/14-200QG.htm", 14, ANQ_TYPE_QG, 200);
    /* a one-digit legislature, with and without its zero */
    parses_to("https://questions.assemblee-nationale.fr/q07/07-80900QE.htm", 7, ANQ_TYPE_QE, 80900);
    parses_to("https://questions.assemblee-nationale.fr/q9/9-1234QE.htm", 9, ANQ_TYPE_QE, 1234);
    /* scheme and host in any case; query and fragment ignored */
    parses_to("HTTPS://Questions.Assemblee-Nationale.FR/q16/16-15463QE.htm", 16, ANQ_TYPE_QE, 15463);
    parses_to("https://questions.assemblee-nationale.fr/q16/16-15463QE.htm?x=1#top", 16, ANQ_TYPE_QE, 15463);
    parses_to("https://questions.assemblee-nationale.fr/q16/16-15463QE.htm#reponse", 16, ANQ_TYPE_QE, 15463);
}

static void test_parse_xml_view(void **state)
{
    (void)state;
    parses_to("https://questions.assemblee-nationale.fr/q16/16-15463QE.htm/vue/xml", 16, ANQ_TYPE_QE, 15463);
    parses_to("http://questions.assemblee-nationale.fr/q14/14-47351QE.htm/vue/xml", 14, ANQ_TYPE_QE, 47351);
}

static void test_parse_dyn(void **state)
{
    (void)state;
    parses_to("https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE15463", 16, ANQ_TYPE_QE, 15463);
    parses_to("https://questions.assemblee-nationale.fr/dyn/16/questions/QANR5L16QOSD350", 16, ANQ_TYPE_QOSD, 350);
    parses_to("https://assemblee-nationale.fr/dyn/17/questions/QANR5L17QG12", 17, ANQ_TYPE_QG, 12);
    parses_to("https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE200.pdf", 16, ANQ_TYPE_QE, 200);
    parses_to("www.assemblee-nationale.fr/dyn/13/questions/QANR5L13QE1", 13, ANQ_TYPE_QE, 1);
}

static void test_parse_nosdeputes(void **state)
{
    (void)state;
    parses_to("https://www.nosdeputes.fr/16/question/QE/15463", 16, ANQ_TYPE_QE, 15463);
    parses_to("https://nosdeputes.fr/16/question/QE/10342", 16, ANQ_TYPE_QE, 10342);
    parses_to("http://2007-2012.nosdeputes.fr/question/QE/77033", 13, ANQ_TYPE_QE, 77033);
    parses_to("https://2012-2017.nosdeputes.fr/14/question/QE/47351", 14, ANQ_TYPE_QE, 47351);
    parses_to("https://2017-2022.nosdeputes.fr/15/question/QE/45012", 15, ANQ_TYPE_QE, 45012);
    parses_to("2017-2022.nosdeputes.fr/15/question/QE/45012", 15, ANQ_TYPE_QE, 45012);
}

static void test_parse_rejects(void **state)
{
    (void)state;
    rejects("", ANQ_ERR_EMPTY, "");
    rejects(" \t\r\n", ANQ_ERR_EMPTY, "");
    rejects("hello", ANQ_ERR_BAD_ID, "");
    /* the uid's letters are upper case */
    rejects("qanr5l16qe15463", ANQ_ERR_BAD_ID, "");
    rejects("QANR5L16qe15463", ANQ_ERR_BAD_ID, "type");
    /* types this library does not read */
    rejects("QANR5L16QM123", ANQ_ERR_BAD_ID, "type");
    rejects("QANR5L11QST123", ANQ_ERR_BAD_ID, "type");
    rejects("QANR5L16Q123", ANQ_ERR_BAD_ID, "type");
    rejects("https://questions.assemblee-nationale.fr/q16/16-15463QM.htm", ANQ_ERR_BAD_ID, "type");
    /* digits: missing, zero, too many, leading zero */
    rejects("QANR5L16QE", ANQ_ERR_BAD_ID, "number");
    rejects("QANR5LQE15463", ANQ_ERR_BAD_ID, "legislature");
    rejects("QANR5L16QE0", ANQ_ERR_BAD_ID, "number");
    rejects("QANR5L0QE15", ANQ_ERR_BAD_ID, "legislature");
    rejects("QANR5L16QE015463", ANQ_ERR_BAD_ID, "number");
    rejects("QANR5L016QE15463", ANQ_ERR_BAD_ID, "legislature");
    rejects("QANR5L116QE15463", ANQ_ERR_BAD_ID, "legislature");
    rejects("QANR5L16QE12345678", ANQ_ERR_BAD_ID, "number");
    /* anything after it */
    rejects("QANR5L16QE15463x", ANQ_ERR_BAD_ID, "path");
    rejects("QANR5L16QE15463 QANR5L16QE1", ANQ_ERR_BAD_ID, "path");
    rejects("QANR5L16QE15463.htm", ANQ_ERR_BAD_ID, "path");
    /* legacy: legislatures that differ, other endings */
    rejects("https://questions.assemblee-nationale.fr/q16/15-15463QE.htm", ANQ_ERR_BAD_ID, "legislature");
    rejects("https://questions.assemblee-nationale.fr/q16/16-15463QE.html", ANQ_ERR_BAD_ID, "path");
    rejects("https://questions.assemblee-nationale.fr/q16/16-15463QE", ANQ_ERR_BAD_ID, "path");
    rejects("https://questions.assemblee-nationale.fr/q16/16-15463QE.htm/vue/pdf", ANQ_ERR_BAD_ID, "path");
    rejects("https://questions.assemblee-nationale.fr/q16/16_15463QE.htm", ANQ_ERR_BAD_ID, "path");
    rejects("https://questions.assemblee-nationale.fr/q00/00-1QE.htm", ANQ_ERR_BAD_ID, "legislature");
    rejects("https://questions.assemblee-nationale.fr/", ANQ_ERR_BAD_ID, "path");
    rejects("https://questions.assemblee-nationale.fr", ANQ_ERR_BAD_ID, "path");
    /* the legacy path is not served by www. */
    rejects("https://www.assemblee-nationale.fr/q16/16-15463QE.htm", ANQ_ERR_BAD_ID, "path");
    /* dyn: the folder and the uid disagree, or no uid */
    rejects("https://www.assemblee-nationale.fr/dyn/15/questions/QANR5L16QE15463", ANQ_ERR_BAD_ID, "legislature");
    rejects("https://www.assemblee-nationale.fr/dyn/16/questions/16QE15463", ANQ_ERR_BAD_ID, "path");
    rejects("https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE15463/", ANQ_ERR_BAD_ID, "path");
    /* NosDéputés: only QE; archive hosts fix the legislature */
    rejects("https://www.nosdeputes.fr/16/question/QG/15463", ANQ_ERR_BAD_ID, "type");
    rejects("https://www.nosdeputes.fr/12/question/QE/15463", ANQ_ERR_BAD_ID, "legislature");
    rejects("https://2012-2017.nosdeputes.fr/15/question/QE/45012", ANQ_ERR_BAD_ID, "legislature");
    rejects("https://2017-2022.nosdeputes.fr/16/question/QE/45012", ANQ_ERR_BAD_ID, "legislature");
    rejects("https://2007-2012.nosdeputes.fr/13/question/QE/77033", ANQ_ERR_BAD_ID, "path");
    rejects("https://www.nosdeputes.fr/question/QE/15463", ANQ_ERR_BAD_ID, "legislature");
    rejects("https://www.nosdeputes.fr/16/question/QE/15463/preview", ANQ_ERR_BAD_ID, "path");
    rejects("https://www.nosdeputes.fr/16/questions/QE/15463", ANQ_ERR_BAD_ID, "path");
    /* other hosts, other schemes */
    rejects("https://example.org/q16/16-15463QE.htm", ANQ_ERR_BAD_ID, "host");
    rejects("https://www.nosdeputes.fr.example.org/16/question/QE/15463", ANQ_ERR_BAD_ID, "host");
    rejects("ftp://questions.assemblee-nationale.fr/q16/16-15463QE.htm", ANQ_ERR_BAD_ID, "");
    rejects("example.org/q16/16-15463QE.htm", ANQ_ERR_BAD_ID, "");
}

static void test_parse_arguments(void **state)
{
    (void)state;
    anq_id id = {1, 2, 3};
    anq_error err;
    assert_int_equal(anq_id_parse(NULL, 5, &id, &err), ANQ_ERR_INVALID_ARG);
    assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    assert_int_equal(anq_id_parse("QANR5L16QE1", 11, NULL, &err), ANQ_ERR_INVALID_ARG);
    assert_int_equal(anq_id_parse(NULL, 0, &id, &err), ANQ_ERR_EMPTY);
    assert_int_equal(id.legislature, 1);
    /* err may be NULL */
    assert_int_equal(anq_id_parse("QANR5L16QE15463", 15, &id, NULL), ANQ_OK);
    assert_int_equal(id.number, 15463);
    assert_int_equal(anq_id_parse("QANR5L16", 8, &id, NULL), ANQ_ERR_BAD_ID);
    /* only len bytes are read: no NUL needed, and the rest is not looked at */
    const char longer[] = "QANR5L16QE15463999";
    assert_int_equal(anq_id_parse(longer, 15, &id, &err), ANQ_OK);
    assert_int_equal(id.number, 15463);
    const char unterminated[4] = {'Q', 'A', 'N', 'R'};
    assert_int_equal(anq_id_parse(unterminated, sizeof unterminated, &id, &err), ANQ_ERR_BAD_ID);
    /* a NUL inside is not the end */
    assert_int_equal(anq_id_parse("QANR5L16QE15463\0x", 17, &id, &err), ANQ_ERR_BAD_ID);
    /* err is cleared on success */
    memset(&err, 0x55, sizeof err);
    assert_int_equal(anq_id_parse("QANR5L16QE15463", 15, &id, &err), ANQ_OK);
    assert_int_equal(err.code, ANQ_OK);
    assert_string_equal(err.message, "");
}

static void test_format(void **state)
{
    (void)state;
    anq_id qe = {16, ANQ_TYPE_QE, 15463};
    formats_as(qe, ANQ_ID_UID, 0, "QANR5L16QE15463");
    formats_as(qe, ANQ_ID_LEGACY_URL, 0, "https://questions.assemblee-nationale.fr/q16/16-15463QE.htm");
    formats_as(qe, ANQ_ID_XML_VIEW_URL, 0, "https://questions.assemblee-nationale.fr/q16/16-15463QE.htm/vue/xml");
    formats_as(qe, ANQ_ID_DYN_URL, 0, "https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE15463");
    formats_as(qe, ANQ_ID_NOSDEPUTES_URL, 0, "https://www.nosdeputes.fr/16/question/QE/15463");

    anq_id qosd = {14, ANQ_TYPE_QOSD, 450};
    formats_as(qosd, ANQ_ID_UID, 0, "QANR5L14QOSD450");
    formats_as(qosd, ANQ_ID_LEGACY_URL, 0, "https://questions.assemblee-nationale.fr/q14/14-450QOSD.htm");
    formats_as(qosd, ANQ_ID_DYN_URL, 0, "https://www.assemblee-nationale.fr/dyn/14/questions/QANR5L14QOSD450");
    anq_id qg = {11, ANQ_TYPE_QG, 450};
    formats_as(qg, ANQ_ID_UID, 0, "QANR5L11QG450");
    formats_as(qg, ANQ_ID_XML_VIEW_URL, 0, "https://questions.assemblee-nationale.fr/q11/11-450QG.htm/vue/xml");
    anq_id old = {7, ANQ_TYPE_QE, 80900};
    formats_as(old, ANQ_ID_LEGACY_URL, 0, "https://questions.assemblee-nationale.fr/q7/7-80900QE.htm");
}

static void test_format_flags(void **state)
{
    (void)state;
    anq_id qe = {16, ANQ_TYPE_QE, 15463};
    formats_as(qe, ANQ_ID_LEGACY_URL, ANQ_ID_FORMAT_HTTP, "http://questions.assemblee-nationale.fr/q16/16-15463QE.htm");
    formats_as(qe, ANQ_ID_DYN_URL, ANQ_ID_FORMAT_QUESTIONS_HOST,
               "https://questions.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE15463");
    formats_as(qe, ANQ_ID_DYN_URL, ANQ_ID_FORMAT_QUESTIONS_HOST | ANQ_ID_FORMAT_HTTP,
               "http://questions.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE15463");
    formats_as(qe, ANQ_ID_NOSDEPUTES_URL, ANQ_ID_FORMAT_HTTP, "http://www.nosdeputes.fr/16/question/QE/15463");
    /* the uid has no scheme or host: the flags change nothing */
    formats_as(qe, ANQ_ID_UID, ANQ_ID_FORMAT_ALL_FLAGS, "QANR5L16QE15463");
    format_fails(qe, ANQ_ID_UID, 1u << 2, ANQ_ERR_INVALID_ARG, "flags");
    format_fails(qe, ANQ_ID_UID, 0x80000000u, ANQ_ERR_INVALID_ARG, "flags");
}

static void test_format_nosdeputes_hosts(void **state)
{
    (void)state;
    anq_id l13 = {13, ANQ_TYPE_QE, 77033};
    formats_as(l13, ANQ_ID_NOSDEPUTES_URL, 0, "https://2007-2012.nosdeputes.fr/question/QE/77033");
    anq_id l14 = {14, ANQ_TYPE_QE, 47351};
    formats_as(l14, ANQ_ID_NOSDEPUTES_URL, 0, "https://2012-2017.nosdeputes.fr/14/question/QE/47351");
    anq_id l15 = {15, ANQ_TYPE_QE, 45012};
    formats_as(l15, ANQ_ID_NOSDEPUTES_URL, 0, "https://2017-2022.nosdeputes.fr/15/question/QE/45012");
    anq_id l17 = {17, ANQ_TYPE_QE, 9340};
    formats_as(l17, ANQ_ID_NOSDEPUTES_URL, 0, "https://www.nosdeputes.fr/17/question/QE/9340");
    /* only QE, only from the 13th legislature */
    anq_id qg = {16, ANQ_TYPE_QG, 12};
    format_fails(qg, ANQ_ID_NOSDEPUTES_URL, 0, ANQ_ERR_BAD_ID, "type");
    anq_id qosd = {16, ANQ_TYPE_QOSD, 350};
    format_fails(qosd, ANQ_ID_NOSDEPUTES_URL, 0, ANQ_ERR_BAD_ID, "type");
    anq_id l12 = {12, ANQ_TYPE_QE, 1};
    format_fails(l12, ANQ_ID_NOSDEPUTES_URL, 0, ANQ_ERR_BAD_ID, "legislature");
    /* the other forms still name them */
    formats_as(qg, ANQ_ID_UID, 0, "QANR5L16QG12");
    formats_as(l12, ANQ_ID_UID, 0, "QANR5L12QE1");
}

static void test_format_rejects(void **state)
{
    (void)state;
    anq_id ok = {16, ANQ_TYPE_QE, 15463};
    anq_error err;
    assert_null(anq_id_format(NULL, ANQ_ID_UID, 0, &err));
    assert_int_equal(err.code, ANQ_ERR_INVALID_ARG);
    format_fails(ok, 0, 0, ANQ_ERR_INVALID_ARG, "kind");
    format_fails(ok, ANQ_ID_KIND_COUNT, 0, ANQ_ERR_INVALID_ARG, "kind");
    format_fails(ok, -1, 0, ANQ_ERR_INVALID_ARG, "kind");
    anq_id bad_leg = {0, ANQ_TYPE_QE, 1};
    format_fails(bad_leg, ANQ_ID_UID, 0, ANQ_ERR_BAD_ID, "legislature");
    anq_id big_leg = {100, ANQ_TYPE_QE, 1};
    format_fails(big_leg, ANQ_ID_UID, 0, ANQ_ERR_BAD_ID, "legislature");
    anq_id bad_type = {16, ANQ_TYPE_UNKNOWN, 1};
    format_fails(bad_type, ANQ_ID_LEGACY_URL, 0, ANQ_ERR_BAD_ID, "type");
    anq_id type4 = {16, 4, 1};
    format_fails(type4, ANQ_ID_DYN_URL, 0, ANQ_ERR_BAD_ID, "type");
    anq_id zero = {16, ANQ_TYPE_QE, 0};
    format_fails(zero, ANQ_ID_UID, 0, ANQ_ERR_BAD_ID, "number");
    anq_id negative = {16, ANQ_TYPE_QE, -5};
    format_fails(negative, ANQ_ID_UID, 0, ANQ_ERR_BAD_ID, "number");
    anq_id huge = {16, ANQ_TYPE_QE, 10000000};
    format_fails(huge, ANQ_ID_UID, 0, ANQ_ERR_BAD_ID, "number");
    /* err may be NULL; it is cleared on success */
    assert_null(anq_id_format(&zero, ANQ_ID_UID, 0, NULL));
    memset(&err, 0x55, sizeof err);
    char *s = anq_id_format(&ok, ANQ_ID_UID, 0, &err);
    assert_non_null(s);
    assert_int_equal(err.code, ANQ_OK);
    assert_string_equal(err.field, "");
    anq_free(s);
}

static void test_format_nomem(void **state)
{
    (void)state;
    anq_id ok = {16, ANQ_TYPE_QE, 15463};
    anq_error err;
    anq__alloc_fail_after(0);
    char *s = anq_id_format(&ok, ANQ_ID_DYN_URL, 0, &err);
    anq__alloc_fail_after(-1);
    assert_null(s);
    assert_int_equal(err.code, ANQ_ERR_NOMEM);
    /* parsing allocates nothing */
    anq_id id;
    anq__alloc_fail_after(0);
    int rc = anq_id_parse("https://www.nosdeputes.fr/16/question/QE/15463", 46, &id, &err);
    anq__alloc_fail_after(-1);
    assert_int_equal(rc, ANQ_OK);
    assert_int_equal(id.number, 15463);
}

/* Every form written by anq_id_format() reads back to the same id. */
static void test_round_trip(void **state)
{
    (void)state;
    const anq_id ids[] = {
        {16, ANQ_TYPE_QE, 15463}, {14, ANQ_TYPE_QOSD, 1453}, {11, ANQ_TYPE_QG, 450},
        {13, ANQ_TYPE_QE, 77033}, {14, ANQ_TYPE_QE, 104137}, {15, ANQ_TYPE_QE, 45012},
        {7, ANQ_TYPE_QE, 80900}, {99, ANQ_TYPE_QG, 9999999}, {1, ANQ_TYPE_QOSD, 1},
    };
    const unsigned flag_sets[] = {0, ANQ_ID_FORMAT_HTTP, ANQ_ID_FORMAT_QUESTIONS_HOST};
    int checked = 0;
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        for (int kind = 1; kind < ANQ_ID_KIND_COUNT; kind++) {
            for (size_t f = 0; f < sizeof flag_sets / sizeof flag_sets[0]; f++) {
                char *s = anq_id_format(&ids[i], kind, flag_sets[f], NULL);
                int nd_ok = ids[i].type == ANQ_TYPE_QE && ids[i].legislature >= 13;
                if (kind == ANQ_ID_NOSDEPUTES_URL && !nd_ok) {
                    assert_null(s);
                    continue;
                }
                assert_non_null(s);
                anq_id back = {0, 0, 0};
                anq_error err;
                if (anq_id_parse(s, strlen(s), &back, &err) != ANQ_OK)
                    fail_msg("'%s' does not read back: %s", s, err.message);
                assert_memory_equal(&back, &ids[i], sizeof back);
                anq_free(s);
                checked++;
            }
        }
    }
    /* 9 ids x 5 kinds x 3 flag sets, less NosDéputés for the 5 that are not QE from L13 */
    assert_int_equal(checked, 9 * 5 * 3 - 5 * 3);
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(anq_id_kind_name(ANQ_ID_UID), "uid");
    assert_string_equal(anq_id_kind_name(ANQ_ID_LEGACY_URL), "legacy");
    assert_string_equal(anq_id_kind_name(ANQ_ID_XML_VIEW_URL), "xml_view");
    assert_string_equal(anq_id_kind_name(ANQ_ID_DYN_URL), "dyn");
    assert_string_equal(anq_id_kind_name(ANQ_ID_NOSDEPUTES_URL), "nosdeputes");
    assert_string_equal(anq_id_kind_name(0), "unknown");
    assert_string_equal(anq_id_kind_name(ANQ_ID_KIND_COUNT), "unknown");
    assert_string_equal(anq_id_kind_name(-3), "unknown");
    for (int k = 1; k < ANQ_ID_KIND_COUNT; k++)
        assert_int_equal(anq_id_kind_from_name(anq_id_kind_name(k)), k);
    assert_int_equal(anq_id_kind_from_name("unknown"), 0);
    assert_int_equal(anq_id_kind_from_name("DYN"), 0);
    assert_int_equal(anq_id_kind_from_name(""), 0);
    assert_int_equal(anq_id_kind_from_name(NULL), 0);
    assert_string_equal(anq_status_name(ANQ_ERR_BAD_ID), "bad_id");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_uid),
        cmocka_unit_test(test_parse_legacy),
        cmocka_unit_test(test_parse_xml_view),
        cmocka_unit_test(test_parse_dyn),
        cmocka_unit_test(test_parse_nosdeputes),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_arguments),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_flags),
        cmocka_unit_test(test_format_nosdeputes_hosts),
        cmocka_unit_test(test_format_rejects),
        cmocka_unit_test(test_format_nomem),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests_name("ident", tests, NULL, NULL);
}
