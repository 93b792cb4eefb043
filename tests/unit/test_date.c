/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/date.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "date.h"

/* One case: the input, the date it must give ("YYYY-MM-DD", NULL when it
 * must be rejected) and, for accepted inputs, the text left after the date
 * (a suffix of the input; "" when the whole input is consumed). */
struct date_case {
    const char *in;
    const char *want;
    const char *rest;
};

/* Cases for anq__date_parse(). */
static const struct date_case parse_cases[] = {
    /* every month, long form, with and without accents, capitals */
    {"20 janvier 2024", "2024-01-20", ""},
    {"20 JANVIER 2024", "2024-01-20", ""},
    {"20 Janvier 2024", "2024-01-20", ""},
    {"20 f\xc3\xa9vrier 2024", "2024-02-20", ""},
    {"20 fevrier 2024", "2024-02-20", ""},
    {"20 F\xc3\x89VRIER 2024", "2024-02-20", ""},
    {"20 FEVRIER 2024", "2024-02-20", ""},
    {"20 F\xc3\xa9vrier 2024", "2024-02-20", ""},
    {"15 mars 2024", "2024-03-15", ""},
    {"15 MARS 2024", "2024-03-15", ""},
    {"3 avril 2023", "2023-04-03", ""},
    {"3 AVRIL 2023", "2023-04-03", ""},
    {"8 mai 2022", "2022-05-08", ""},
    {"8 MAI 2022", "2022-05-08", ""},
    {"9 juin 2021", "2021-06-09", ""},
    {"9 JUIN 2021", "2021-06-09", ""},
    {"14 juillet 2020", "2020-07-14", ""},
    {"14 JUILLET 2020", "2020-07-14", ""},
    {"15 ao\xc3\xbbt 2019", "2019-08-15", ""},
    {"15 aout 2019", "2019-08-15", ""},
    {"15 AO\xc3\x9bT 2019", "2019-08-15", ""},
    {"15 AOUT 2019", "2019-08-15", ""},
    {"30 septembre 2018", "2018-09-30", ""},
    {"30 SEPTEMBRE 2018", "2018-09-30", ""},
    {"31 octobre 2017", "2017-10-31", ""},
    {"31 OCTOBRE 2017", "2017-10-31", ""},
    {"30 novembre 2016", "2016-11-30", ""},
    {"30 NOVEMBRE 2016", "2016-11-30", ""},
    {"25 d\xc3\xa9" "cembre 2015", "2015-12-25", ""},
    {"25 decembre 2015", "2015-12-25", ""},
    {"25 D\xc3\x89" "CEMBRE 2015", "2015-12-25", ""},
    {"25 DECEMBRE 2015", "2015-12-25", ""},
    {"25 d\xc3\xa8" "cembre 2015", "2015-12-25", ""},   /* è for é */
    {"25 D\xc3\x88" "CEMBRE 2015", "2015-12-25", ""},   /* È for É */
    {"25 de\xcc\x81" "cembre 2015", "2015-12-25", ""},  /* e + U+0301 */

    /* abbreviations, with and without the dot */
    {"5 janv. 2024", "2024-01-05", ""},
    {"5 janv 2024", "2024-01-05", ""},
    {"5 f\xc3\xa9vr. 2024", "2024-02-05", ""},
    {"5 fevr 2024", "2024-02-05", ""},
    {"5 f\xc3\xa9v. 2024", "2024-02-05", ""},
    {"5 F\xc3\x89V. 2024", "2024-02-05", ""},
    {"5 fev 2024", "2024-02-05", ""},
    {"5 avr. 2024", "2024-04-05", ""},
    {"5 avr 2024", "2024-04-05", ""},
    {"5 juil. 2024", "2024-07-05", ""},
    {"5 juil 2024", "2024-07-05", ""},
    {"5 sept. 2024", "2024-09-05", ""},
    {"5 sept 2024", "2024-09-05", ""},
    {"5 oct. 2024", "2024-10-05", ""},
    {"5 oct 2024", "2024-10-05", ""},
    {"5 nov. 2024", "2024-11-05", ""},
    {"5 nov 2024", "2024-11-05", ""},
    {"5 d\xc3\xa9" "c. 2024", "2024-12-05", ""},
    {"5 dec 2024", "2024-12-05", ""},
    {"5 D\xc3\x89" "C. 2024", "2024-12-05", ""},
    {"5 f\xc3\xa9vr.2024", "2024-02-05", ""},         /* dot, no blank */
    {"5 mars. 2024", NULL, NULL},                      /* not an abbreviation */
    {"5 janvi 2024", NULL, NULL},

    /* 1er */
    {"1er mars 2024", "2024-03-01", ""},
    {"1ER MARS 2024", "2024-03-01", ""},
    {"1 mars 2024", "2024-03-01", ""},
    {"01 mars 2024", "2024-03-01", ""},
    {"1er\xc2\xa0juillet\xc2\xa0" "2024", "2024-07-01", ""},
    {"2er mars 2024", NULL, NULL},
    {"1ers mars 2024", NULL, NULL},

    /* weekdays */
    {"mardi 12 d\xc3\xa9" "cembre 2023", "2023-12-12", ""},
    {"Lundi 1er janvier 2024", "2024-01-01", ""},
    {"MERCREDI 3 JANVIER 2024", "2024-01-03", ""},
    {"jeudi 4 janvier 2024", "2024-01-04", ""},
    {"vendredi 5 janvier 2024", "2024-01-05", ""},
    {"samedi 6 janvier 2024", "2024-01-06", ""},
    {"dimanche 7 janvier 2024", "2024-01-07", ""},
    {"jeudi, 4 janvier 2024", "2024-01-04", ""},
    {"mardi\xc2\xa0" "12\xc2\xa0" "d\xc3\xa9" "cembre\xc2\xa0" "2023", "2023-12-12", ""},
    {"mardi", NULL, NULL},
    {"mardi prochain", NULL, NULL},
    {"mardi12 d\xc3\xa9" "cembre 2023", NULL, NULL},
    {"dimanches 7 janvier 2024", NULL, NULL},

    /* blanks */
    {"20\xc2\xa0" "f\xc3\xa9vrier\xc2\xa0" "2024", "2024-02-20", ""},
    {"20\xe2\x80\xaf" "f\xc3\xa9vrier\xe2\x80\xaf" "2024", "2024-02-20", ""},
    {"20   f\xc3\xa9vrier \t 2024", "2024-02-20", ""},
    {"20\nf\xc3\xa9vrier\n2024", "2024-02-20", ""},
    {" \t\n\xc2\xa0 20 f\xc3\xa9vrier 2024", "2024-02-20", ""},
    {"  20/02/2024", "2024-02-20", ""},
    {"20f\xc3\xa9vrier 2024", NULL, NULL},
    {"20 f\xc3\xa9vrier2024", NULL, NULL},

    /* numeric */
    {"20/02/2024", "2024-02-20", ""},
    {"2/3/2024", "2024-03-02", ""},
    {"02/03/2024", "2024-03-02", ""},
    {"20.02.2024", "2024-02-20", ""},
    {"20-02-2024", "2024-02-20", ""},
    {"2-3-2024", "2024-03-02", ""},
    {"2.3.2024", "2024-03-02", ""},
    {"2024-02-20", "2024-02-20", ""},
    {"2024/02/20", "2024-02-20", ""},
    {"2024-2-5", "2024-02-05", ""},
    {"20/02/24", NULL, NULL},
    {"20/02/20245", NULL, NULL},
    {"123/02/2024", NULL, NULL},
    {"20/02-2024", NULL, NULL},
    {"2024-02/20", NULL, NULL},
    {"2024.02.20", NULL, NULL},
    {"2024-02-201", NULL, NULL},
    {"20 / 02 / 2024", NULL, NULL},
    {"24-02-20", NULL, NULL},

    /* ISO with time or zone */
    {"2024-02-20T10:00:00", "2024-02-20", ""},
    {"2024-02-20T10:00:00+01:00", "2024-02-20", ""},
    {"2024-02-20T10:00:00Z", "2024-02-20", ""},
    {"2024-02-20T10:00:00.123Z", "2024-02-20", ""},
    {"2024-02-20T10:00", "2024-02-20", ""},
    {"2024-02-20+01:00", "2024-02-20", ""},
    {"2024-02-20-05:00", "2024-02-20", ""},
    {"2024-02-20+0100", "2024-02-20", ""},
    {"2024-02-20Z", "2024-02-20", ""},
    {"2024-02-20 00:00:00", "2024-02-20", ""},
    {"2024-02-20 00:00:00+02:00", "2024-02-20", ""},
    {"20/02/2024 00:00:00", "2024-02-20", ""},

    /* consumed length: only the date (and its time) is taken */
    {"20/02/2024 suite", "2024-02-20", " suite"},
    {"2024-02-20T", "2024-02-20", "T"},
    {"2024-02-20T25:00", "2024-02-20", "T25:00"},
    {"2024-02-20 99:00", "2024-02-20", " 99:00"},
    {"2024-02-20 page 3", "2024-02-20", " page 3"},
    {"2024-02-20<", "2024-02-20", "<"},
    {"20 f\xc3\xa9vrier 2024, page 3501", "2024-02-20", ", page 3501"},
    {"5 d\xc3\xa9" "c. 2024 x", "2024-12-05", " x"},
    {"1er mars 2024.", "2024-03-01", "."},
    {"mardi 12 d\xc3\xa9" "cembre 2023 10:00", "2023-12-12", " 10:00"},

    /* calendar */
    {"30 f\xc3\xa9vrier 2024", NULL, NULL},
    {"29 f\xc3\xa9vrier 2023", NULL, NULL},
    {"29 f\xc3\xa9vrier 2024", "2024-02-29", ""},
    {"31/02/2024", NULL, NULL},
    {"31/04/2024", NULL, NULL},
    {"30/04/2024", "2024-04-30", ""},
    {"2023-02-29", NULL, NULL},
    {"2024-02-29", "2024-02-29", ""},
    {"29/02/2000", "2000-02-29", ""},
    {"29/02/1900", NULL, NULL},
    {"13/13/2024", NULL, NULL},
    {"2024-13-01", NULL, NULL},
    {"2024-00-10", NULL, NULL},
    {"00/01/2024", NULL, NULL},
    {"32 janvier 2024", NULL, NULL},
    {"0 janvier 2024", NULL, NULL},
    {"1799-12-31", NULL, NULL},
    {"1800-01-01", "1800-01-01", ""},
    {"2200-12-31", "2200-12-31", ""},
    {"2201-01-01", NULL, NULL},

    /* garbage */
    {"", NULL, NULL},
    {"   ", NULL, NULL},
    {"\xc2\xa0", NULL, NULL},
    {"garbage", NULL, NULL},
    {"page 3501", NULL, NULL},
    {"3501", NULL, NULL},
    {"20 foo 2024", NULL, NULL},
    {"20 mars", NULL, NULL},
    {"20 mars ", NULL, NULL},
    {"mars 2024", NULL, NULL},
    {"le 20 mars 2024", NULL, NULL},
    {"20 septembreeeeeeee 2024", NULL, NULL},
    {"\xc3\xa9t\xc3\xa9", NULL, NULL},
    {"20/", NULL, NULL},
    {"20/02", NULL, NULL},
    {"2024-", NULL, NULL},
};

/* Cases for anq__date_find(); rest is the text after *end. */
static const struct date_case find_cases[] = {
    {"La question a \xc3\xa9t\xc3\xa9 pos\xc3\xa9" "e au Gouvernement en "
     "s\xc3\xa9" "ance, parue dans le journal officiel le 26 octobre 2022",
     "2022-10-26", ""},
    {"page 3501", NULL, NULL},
    {"12345/06/2024", NULL, NULL},
    {"x2024-02-20", NULL, NULL},
    {"ref12 mars 2024", NULL, NULL},
    {"JO du 20/02/2024 page 1234", "2024-02-20", " page 1234"},
    {"R\xc3\xa9ponse publi\xc3\xa9" "e le mardi 12 d\xc3\xa9" "cembre 2023 p. 1",
     "2023-12-12", " p. 1"},
    {"question 31/02/2024 puis 01/03/2024", "2024-03-01", ""},
    {"du 1er mars 2024 au 2 mars 2024", "2024-03-01", " au 2 mars 2024"},
    {"2024-02-20", "2024-02-20", ""},
    {"<date>2024-02-20+01:00</date>", "2024-02-20", "</date>"},
    {"JO\xc2\xa0" "20\xc2\xa0" "f\xc3\xa9vrier\xc2\xa0" "2024", "2024-02-20", ""},
    {"page 3501, 20 f\xc3\xa9vrier 2024", "2024-02-20", ""},
    {"n\xc2\xb0" "12345 du 3/4/2024", "2024-04-03", ""},
    {"", NULL, NULL},
    {"aucune date ici", NULL, NULL},
    {"30 f\xc3\xa9vrier 2024", NULL, NULL},
    /* every weekday, in any case, after words that share their first
     * letters (madame, sans, dit, vers, les, jeune) */
    {"Madame la ministre, sans d\xc3\xa9lai, Lundi 4 mars 2024", "2024-03-04", ""},
    {"vers le MERCREDI 6 mars 2024", "2024-03-06", ""},
    {"dit jeudi 7 mars 2024 x", "2024-03-07", " x"},
    {"les jeunes, vendredi, 8 mars 2024", "2024-03-08", ""},
    {"samedi 9 mars 2024", "2024-03-09", ""},
    {"Dimanche 10 mars 2024", "2024-03-10", ""},
    {"mardis 12 mars 2024", "2024-03-12", ""},
};

/* "YYYY-MM-DD" of d, written here independently of anq__date_format. */
static void to_text(const anq_date *d, char buf[16])
{
    int v, k;

    v = (int)d->year;
    for (k = 3; k >= 0; k--) {
        buf[k] = (char)('0' + v % 10);
        v /= 10;
    }
    buf[4] = '-';
    buf[5] = (char)('0' + d->month / 10);
    buf[6] = (char)('0' + d->month % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d->day / 10);
    buf[9] = (char)('0' + d->day % 10);
    buf[10] = '\0';
}

static void assert_zero(const anq_date *d)
{
    assert_int_equal(d->year, 0);
    assert_int_equal(d->month, 0);
    assert_int_equal(d->day, 0);
}

/* Bytes the date takes in c->in, from its rest. */
static size_t want_consumed(const struct date_case *c)
{
    size_t n = strlen(c->in), r = strlen(c->rest);

    assert_true(r < n);
    assert_string_equal(c->in + (n - r), c->rest);
    return n - r;
}

static void test_parse_table(void **state)
{
    size_t k;

    (void)state;
    for (k = 0; k < sizeof parse_cases / sizeof parse_cases[0]; k++) {
        const struct date_case *c = &parse_cases[k];
        anq_date d = {7, 7, 7};
        char got[16];
        size_t n;

        n = anq__date_parse(c->in, strlen(c->in), &d);
        to_text(&d, got);
        if (!c->want ? n != 0 : strcmp(got, c->want) != 0)
            print_message("parse case %zu \"%s\": %zu bytes, %s\n", k,
                          c->in, n, got);
        if (!c->want) {
            assert_int_equal(n, 0);
            assert_zero(&d);
            continue;
        }
        assert_int_equal(n, want_consumed(c));
        assert_string_equal(got, c->want);
    }
}

static void test_find_table(void **state)
{
    size_t k;

    (void)state;
    for (k = 0; k < sizeof find_cases / sizeof find_cases[0]; k++) {
        const struct date_case *c = &find_cases[k];
        anq_date d = {7, 7, 7};
        size_t end = 99;
        char got[16];
        int found;

        found = anq__date_find(c->in, strlen(c->in), &d, &end);
        to_text(&d, got);
        if (!c->want ? found != 0 : strcmp(got, c->want) != 0)
            print_message("find case %zu \"%s\": %d, %s\n", k, c->in,
                          found, got);
        if (!c->want) {
            assert_int_equal(found, 0);
            assert_zero(&d);
            continue;
        }
        assert_int_equal(found, 1);
        assert_int_equal(end, want_consumed(c));
        assert_string_equal(got, c->want);

        /* end is optional */
        memset(&d, 0, sizeof d);
        assert_int_equal(anq__date_find(c->in, strlen(c->in), &d, NULL), 1);
        to_text(&d, got);
        assert_string_equal(got, c->want);
    }
}

/* The length bounds the input: nothing past it is read or used. */
static void test_length_bound(void **state)
{
    anq_date d;
    size_t end;

    (void)state;
    /* "20/02/202" has a 3-digit year */
    assert_int_equal(anq__date_parse("20/02/2024", 9, &d), 0);
    assert_zero(&d);
    /* the time is cut off: only the date is consumed */
    assert_int_equal(anq__date_parse("2024-02-20T10:00:00", 10, &d), 10);
    assert_int_equal(d.year, 2024);
    assert_int_equal(d.month, 2);
    assert_int_equal(d.day, 20);
    assert_int_equal(anq__date_parse("2024-02-20T10:0", 15, &d), 10);
    /* the NBSP is cut in half: "20" then a lone 0xC2 */
    assert_int_equal(anq__date_parse("20\xc2\xa0mars 2024", 3, &d), 0);
    /* a bounded buffer that is not NUL-terminated */
    {
        const char buf[10] = {'1', ' ', 'm', 'a', 'i', ' ', '2', '0', '2', '4'};

        assert_int_equal(anq__date_parse(buf, sizeof buf, &d), 10);
        assert_int_equal(d.year, 2024);
        assert_int_equal(d.month, 5);
        assert_int_equal(d.day, 1);
        assert_int_equal(anq__date_find(buf, sizeof buf, &d, &end), 1);
        assert_int_equal(end, 10);
    }
    /* "le 26 octobre 20" once cut */
    assert_int_equal(anq__date_find("le 26 octobre 2022", 16, &d, &end), 0);
    assert_int_equal(end, 0);
    assert_zero(&d);
    /* zero length and NULL */
    assert_int_equal(anq__date_parse("20/02/2024", 0, &d), 0);
    assert_int_equal(anq__date_parse(NULL, 0, &d), 0);
    assert_int_equal(anq__date_find(NULL, 0, &d, &end), 0);
}

static void test_valid(void **state)
{
    (void)state;
    assert_true(anq__date_valid(2024, 2, 29));
    assert_false(anq__date_valid(2023, 2, 29));
    assert_true(anq__date_valid(2000, 2, 29));
    assert_false(anq__date_valid(1900, 2, 29));
    assert_false(anq__date_valid(2100, 2, 29));
    assert_true(anq__date_valid(2023, 2, 28));
    assert_true(anq__date_valid(2024, 1, 31));
    assert_false(anq__date_valid(2024, 4, 31));
    assert_false(anq__date_valid(2024, 6, 31));
    assert_false(anq__date_valid(2024, 9, 31));
    assert_false(anq__date_valid(2024, 11, 31));
    assert_true(anq__date_valid(2024, 12, 31));
    assert_false(anq__date_valid(2024, 12, 32));
    assert_false(anq__date_valid(2024, 0, 1));
    assert_false(anq__date_valid(2024, 13, 1));
    assert_false(anq__date_valid(2024, 1, 0));
    assert_false(anq__date_valid(2024, -1, 1));
    assert_true(anq__date_valid(1800, 1, 1));
    assert_false(anq__date_valid(1799, 12, 31));
    assert_true(anq__date_valid(2200, 12, 31));
    assert_false(anq__date_valid(2201, 1, 1));
    assert_false(anq__date_valid(0, 0, 0));
}

static void test_format(void **state)
{
    char buf[16];
    anq_date absent = {0, 0, 0};
    anq_date d1 = {2024, 2, 20};
    anq_date d2 = {1800, 1, 1};
    anq_date d3 = {2022, 10, 26};

    (void)state;
    memset(buf, 'x', sizeof buf);
    assert_int_equal(anq__date_format(&absent, buf), 0);
    assert_string_equal(buf, "");

    memset(buf, 'x', sizeof buf);
    assert_int_equal(anq__date_format(&d1, buf), 10);
    assert_string_equal(buf, "2024-02-20");

    assert_int_equal(anq__date_format(&d2, buf), 10);
    assert_string_equal(buf, "1800-01-01");

    assert_int_equal(anq__date_format(&d3, buf), 10);
    assert_string_equal(buf, "2022-10-26");

    /* exactly 11 bytes is enough */
    {
        char small[11];

        assert_int_equal(anq__date_format(&d3, small), 10);
        assert_memory_equal(small, "2022-10-26", 11);
    }

    /* parse then format */
    {
        anq_date d;

        assert_int_equal(anq__date_parse("1er ao\xc3\xbbt 2019", 14, &d), 14);
        assert_int_equal(anq__date_format(&d, buf), 10);
        assert_string_equal(buf, "2019-08-01");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_find_table),
        cmocka_unit_test(test_length_bound),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_format),
    };

    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
