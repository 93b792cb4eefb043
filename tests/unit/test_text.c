/* SPDX-License-Identifier: MIT */
/* Text rules of output.md: HTML fragment to plain text and sanitised HTML. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "anq.h"
#include "record.h"
#include "text.h"

struct text_case {
    const char *html;
    const char *text;   /* NULL: no text */
};

static const struct text_case cases[] = {
    /* paragraphs separated by one blank line */
    {"<p>Un.</p><p>Deux.</p>", "Un.\n\nDeux."},
    /* <br> is a line break; two are a paragraph */
    {"Ligne 1<br>Ligne 2", "Ligne 1\nLigne 2"},
    {"A<br/><br/>B", "A\n\nB"},
    /* </br> is a line break, as in browsers */
    {"A</br>B", "A\nB"},
    /* entities decoded, runs of spaces folded, U+00A0 kept */
    {"<p>  l&#8217;&Eacute;tat   et&nbsp;: &#339;uvre &amp; co  </p>", "l\xe2\x80\x99\xc3\x89tat et\xc2\xa0: \xc5\x93uvre & co"},
    {"a\n\n   b\t\tc", "a b c"},
    /* tables: a row per line, cells separated by a TAB, its own paragraph */
    {"Avant :<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>Après",
     "Avant :\n\nA\tB\n1\t2\n\nAprès"},
    /* a paragraph inside a cell stays in the cell */
    {"<table><tr><td><p>x</p></td><td><p>y</p></td></tr></table>", "x\ty"},
    /* scripts, styles, forms and comments never leak */
    {"<p>Texte</p><script>alert(1)</script><style>p{}</style><!-- DEBTAB --><form><button>Être alerté(e) de la réponse</button></form>",
     "Texte"},
    /* QG transcripts start with a stray </p> */
    {"</p><p align=\"CENTER\"> TITRE </p><br><strong>M. le président. </strong>La parole est à M. X.",
     "TITRE\n\nM. le président. La parole est à M. X."},
    /* inline elements do not break words */
    {"<b>in</b>line <i>text</i>e", "inline texte"},
    /* lists */
    {"<ul><li>un</li><li>deux</li></ul>", "un\ndeux"},
    /* nothing but markup: no text */
    {"<p> </p><br>", NULL},
    {"", NULL},
};

static void test_plain_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        anq_rec *r = anq__rec_new();
        const char *text = NULL, *html = NULL;
        int rc = anq__text_render_fragment(r, cases[i].html, strlen(cases[i].html), NULL,
                                           NULL, &text, &html);
        assert_int_equal(rc, ANQ_OK);
        if (cases[i].text) {
            if (!text || strcmp(text, cases[i].text) != 0)
                fail_msg("case %zu: %s\n  expected [%s]\n  got      [%s]", i, cases[i].html,
                         cases[i].text, text ? text : "(null)");
        } else {
            assert_null(text);
            assert_null(html);
        }
        anq__rec_free(r);
    }
}

static void test_sanitised_html(void **state)
{
    (void)state;
    static const char in[] =
        "<p onclick=\"x()\" class=\"c\">Un <a href=\"javascript:alert(1)\">lien</a> "
        "<a href=\"https://www.assemblee-nationale.fr/\" target=\"_blank\">AN</a></p>"
        "<script>bad()</script><iframe src=\"x\"></iframe>"
        "<table border=\"1\"><tr><td rowspan=2\">a &lt; b</td></tr></table><img src=x onerror=y>"
        "<custom>garde le texte</custom>";
    anq_rec *r = anq__rec_new();
    const char *text = NULL, *html = NULL;
    assert_int_equal(anq__text_render_fragment(r, in, strlen(in), NULL, NULL, &text, &html), ANQ_OK);
    assert_non_null(html);
    assert_null(strstr(html, "onclick"));
    assert_null(strstr(html, "javascript"));
    assert_null(strstr(html, "script"));
    assert_null(strstr(html, "iframe"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "target"));
    assert_null(strstr(html, "class"));
    assert_non_null(strstr(html, "<a href=\"https://www.assemblee-nationale.fr/\">AN</a>"));
    assert_non_null(strstr(html, "<table border=\"1\">"));
    assert_non_null(strstr(html, "a &lt; b"));
    assert_non_null(strstr(html, "garde le texte"));
    assert_null(strstr(html, "<custom"));
    /* well-formed: as many <p> opened as closed */
    assert_non_null(strstr(html, "<p>Un <a>lien</a> "));
    anq__rec_free(r);
}

/* A browser's URL parser drops leading controls and spaces and every tab,
 * line feed and carriage return: the links of the first group would run
 * script, so the sanitised HTML keeps their text and drops their href; the
 * look-alikes of the second group are kept. */
static void test_href_schemes(void **state)
{
    (void)state;
    static const char refused[] = "<p>Voir <a>le lien</a>.</p>";
    static const struct {
        const char *href, *html; /* html NULL: `refused` */
    } hrefs[] = {
        {"javascript:alert(1)", NULL},
        {"JavaScript:alert(1)", NULL},
        {"java\tscript:alert(1)", NULL},
        {"java&#9;script:alert(1)", NULL},
        {"java&#x0A;script:alert(1)", NULL},
        {"jav&#13;ascript:alert(1)", NULL},
        {"j\ta\tv\ta\ts\tc\tr\ti\tp\tt:alert(1)", NULL},
        {"  \n javascript:alert(1)", NULL},
        {"\x01javascript:alert(1)", NULL},
        {"&#1;javascript:alert(1)", NULL},
        {"vb\nscript:msgbox(1)", NULL},
        {"da&#9;ta:text/html,<b>x</b>", NULL},
        {"https://www.assemblee-nationale.fr/q16/16-1QE.htm",
         "<p>Voir <a href=\"https://www.assemblee-nationale.fr/q16/16-1QE.htm\">le lien</a>.</p>"},
        {"/javascript:x", "<p>Voir <a href=\"/javascript:x\">le lien</a>.</p>"},
        {"javascripts:x", "<p>Voir <a href=\"javascripts:x\">le lien</a>.</p>"},
        {"notes.html#javascript:", "<p>Voir <a href=\"notes.html#javascript:\">le lien</a>.</p>"},
        /* a reference that decodes to nothing leaves an empty value */
        {"&#0;", "<p>Voir <a href=\"\">le lien</a>.</p>"},
    };
    for (size_t i = 0; i < sizeof hrefs / sizeof hrefs[0]; i++) {
        char in[200];
        snprintf(in, sizeof in, "<p>Voir <a href=\"%s\">le lien</a>.</p>", hrefs[i].href);
        const char *want = hrefs[i].html ? hrefs[i].html : refused;
        anq_rec *r = anq__rec_new();
        const char *text = NULL, *html = NULL;
        assert_int_equal(anq__text_render_fragment(r, in, strlen(in), NULL, NULL, &text, &html),
                         ANQ_OK);
        assert_non_null(html);
        if (strcmp(html, want) != 0)
            fail_msg("href %zu [%s]\n  expected %s\n  got      %s", i, hrefs[i].href, want, html);
        assert_string_equal(text, "Voir le lien.");
        anq__rec_free(r);
    }
}

static int skip_b(const anq_node *n, void *ud)
{
    (void)ud;
    return anq__node_is(n, "b");
}

static void test_skip_callback(void **state)
{
    (void)state;
    static const char in[] = "<p>garder <b>jeter</b> aussi</p>";
    anq_rec *r = anq__rec_new();
    const char *text = NULL;
    assert_int_equal(anq__text_render_fragment(r, in, strlen(in), skip_b, NULL, &text, NULL), ANQ_OK);
    assert_string_equal(text, "garder aussi");
    anq__rec_free(r);
}

static void test_escape(void **state)
{
    (void)state;
    anq_buf b = ANQ_BUF_INIT;
    anq__html_escape(&b, "<a & \"b\">", 9, 1);
    assert_string_equal(anq__buf_cstr(&b), "&lt;a &amp; &quot;b&quot;&gt;");
    anq__buf_clear(&b);
    anq__html_escape(&b, "\"q\"", 3, 0);
    assert_string_equal(anq__buf_cstr(&b), "\"q\"");
    anq__buf_free(&b);
}

/* Texts longer than a block of 16 bytes: whitespace folded and bytes
 * escaped the same way in the blocks and around them. */
static void test_long_text(void **state)
{
    (void)state;
    static const char in[] =
        "  Une r\xc3\xa9ponse assez longue pour passer par les blocs de seize octets,\n"
        "    avec des retraits\t\tet des  doubles  espaces, &amp; des <b>gras</b> &lt;entre&gt; "
        "deux.\r\n\r\n   Fin.   ";
    anq_rec *r = anq__rec_new();
    const char *text = NULL, *html = NULL;
    assert_int_equal(anq__text_render_fragment(r, in, strlen(in), NULL, NULL, &text, &html), ANQ_OK);
    assert_string_equal(text, "Une r\xc3\xa9ponse assez longue pour passer par les blocs de seize "
                              "octets, avec des retraits et des doubles espaces, & des gras "
                              "<entre> deux. Fin.");
    assert_string_equal(html, "Une r\xc3\xa9ponse assez longue pour passer par les blocs de seize "
                              "octets,\n    avec des retraits\t\tet des  doubles  espaces, &amp; "
                              "des <b>gras</b> &lt;entre&gt; deux.\r\n\r\n   Fin.");
    anq__rec_free(r);
}

/* A kept attribute with a long value is escaped whole; the first 16 open
 * elements and the deeper ones close alike. */
static void test_long_value_and_depth(void **state)
{
    (void)state;
    char in[2048], want[4096];
    strcpy(in, "<table border=\"1\"><tr><td title='");
    strcpy(want, "<table border=\"1\"><tr><td title=\"");
    for (int i = 0; i < 30; i++) {
        strcat(in, "a&amp;b \"q\" <c> ");
        strcat(want, "a&amp;b &quot;q&quot; &lt;c&gt; ");
    }
    strcat(in, "' width=50%>x</td></tr></table>");
    strcat(want, "\" width=\"50%\">x</td></tr></table>");
    anq_rec *r = anq__rec_new();
    const char *text = NULL, *html = NULL;
    assert_int_equal(anq__text_render_fragment(r, in, strlen(in), NULL, NULL, &text, &html), ANQ_OK);
    assert_string_equal(text, "x");
    assert_string_equal(html, want);
    anq__rec_free(r);

    in[0] = want[0] = '\0';
    for (int i = 0; i < 40; i++) {
        strcat(in, "<span>");
        strcat(want, "<span>");
    }
    strcat(in, "profond<p>bloc</p>");
    strcat(want, "profond<p>bloc</p>");
    for (int i = 0; i < 40; i++) {
        strcat(in, "</span>");
        strcat(want, "</span>");
    }
    strcat(in, "suite");
    strcat(want, "suite");
    r = anq__rec_new();
    assert_int_equal(anq__text_render_fragment(r, in, strlen(in), NULL, NULL, &text, &html), ANQ_OK);
    assert_string_equal(text, "profond\n\nbloc\n\nsuite");
    assert_string_equal(html, want);
    anq__rec_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_sanitised_html),
        cmocka_unit_test(test_href_schemes),
        cmocka_unit_test(test_skip_callback),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_long_text),
        cmocka_unit_test(test_long_value_and_depth),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
