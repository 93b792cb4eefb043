/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/input.c. Every expected output below is written by
 * hand from the byte values (UTF-8 of the code points involved). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "alloc.h"
#include "anq.h"
#include "input.h"

#define R ANQ_INPUT_REPAIRED
#define G ANQ_INPUT_GUESSED

/* U+FFFD */
#define FFFD "\xef\xbf\xbd"

/* Convert in[0..in_len) and compare with want[0..want_len) and the warning
 * bits. */
static void check_conv(const char *in, size_t in_len, const char *want,
                       size_t want_len, unsigned want_warn)
{
    char *out = NULL;
    size_t out_len = 12345;
    unsigned warn = 0;

    assert_int_equal(anq__input_to_utf8(in, in_len, &out, &out_len, &warn), 0);
    assert_non_null(out);
    assert_int_equal(out_len, want_len);
    if (want_len)
        assert_memory_equal(out, want, want_len);
    assert_int_equal(out[out_len], '\0');
    assert_int_equal(warn, want_warn);
    assert_true(anq__utf8_valid(out, out_len));
    anq__free(out);
}

/* Both arguments are string literals (they may hold NUL bytes). */
#define CONV(in, want, warn) \
    check_conv((in), sizeof(in) - 1, (want), sizeof(want) - 1, (warn))

static void check_sniff(const char *in, size_t in_len, enum anq_encoding want,
                        size_t want_bom, int want_guessed)
{
    size_t bom = 99;
    int guessed = 99;

    assert_int_equal(anq__input_sniff(in, in_len, &bom, &guessed), want);
    assert_int_equal(bom, want_bom);
    assert_int_equal(guessed, want_guessed);
}

#define SNIFF(in, enc, bom, guessed) \
    check_sniff((in), sizeof(in) - 1, (enc), (bom), (guessed))

/* ------------------------------------------------------------------ */

static void test_ascii(void **state)
{
    (void)state;
    CONV("<html><body><p>Question n\x7f 42</p>\r\n\t</body></html>\n",
         "<html><body><p>Question n\x7f 42</p>\r\n\t</body></html>\n", 0);
    SNIFF("<p>plain</p>", ANQ_ENC_UTF8, 0, 0);
}

static void test_utf8_valid(void **state)
{
    (void)state;
    /* été ’ œ 😀 « » with a NBSP: all valid, nothing to fix. */
    CONV("<p>\xc3\xa9t\xc3\xa9 \xe2\x80\x99 \xc5\x93 \xf0\x9f\x98\x80 "
         "\xc2\xab\xc2\xa0x\xc2\xa0\xc2\xbb</p>",
         "<p>\xc3\xa9t\xc3\xa9 \xe2\x80\x99 \xc5\x93 \xf0\x9f\x98\x80 "
         "\xc2\xab\xc2\xa0x\xc2\xa0\xc2\xbb</p>", 0);
    /* "été…" : é (byte E9) followed by … (byte 85) then a space is not a
     * double encoding. */
    CONV("\xc3\xa9t\xc3\xa9\xe2\x80\xa6 fin", "\xc3\xa9t\xc3\xa9\xe2\x80\xa6 fin", 0);
    SNIFF("\xc3\xa9t\xc3\xa9", ANQ_ENC_UTF8, 0, 0);
}

static void test_utf8_bom(void **state)
{
    (void)state;
    CONV("\xef\xbb\xbf<p>caf\xc3\xa9</p>", "<p>caf\xc3\xa9</p>", 0);
    CONV("\xef\xbb\xbf", "", 0);
    /* A BOM wins over a declaration. */
    CONV("\xef\xbb\xbf<meta charset=\"windows-1252\">\xc3\xa9\xe9",
         "<meta charset=\"windows-1252\">\xc3\xa9" FFFD, R);
    SNIFF("\xef\xbb\xbf<p>x</p>", ANQ_ENC_UTF8, 3, 0);
}

static void test_utf16(void **state)
{
    (void)state;
    /* "<é😀>" : U+1F600 is D83D DE00. */
    CONV("\xff\xfe<\x00\xe9\x00\x3d\xd8\x00\xde>\x00",
         "<\xc3\xa9\xf0\x9f\x98\x80>", 0);
    CONV("\xfe\xff\x00<\x00\xe9\xd8\x3d\xde\x00\x00>",
         "<\xc3\xa9\xf0\x9f\x98\x80>", 0);
    /* "’" U+2019 and "€" U+20AC */
    CONV("\xff\xfe\x19\x20\xac\x20", "\xe2\x80\x99\xe2\x82\xac", 0);
    /* lone high surrogate, lone low surrogate */
    CONV("\xff\xfe" "a\x00\x00\xd8" "b\x00", "a" FFFD "b", R);
    CONV("\xff\xfe" "a\x00\x00\xdc" "b\x00", "a" FFFD "b", R);
    /* high surrogate at the very end */
    CONV("\xfe\xff\x00" "a\xd8\x00", "a" FFFD, R);
    /* odd trailing byte */
    CONV("\xff\xfe" "a\x00" "b", "a" FFFD, R);
    /* NUL and U+FFFE in UTF-16 */
    CONV("\xff\xfe\x00\x00" "a\x00\xfe\xff", FFFD "a" FFFD, R);
    /* a genuine U+FFFD is kept without a warning */
    CONV("\xff\xfe\xfd\xff", FFFD, 0);
    CONV("\xff\xfe", "", 0);
    /* double-encoded text inside UTF-16 is repaired too: "Ã©" */
    CONV("\xff\xfe\xc3\x00\xa9\x00", "\xc3\xa9", R);
    SNIFF("\xff\xfe<\x00", ANQ_ENC_UTF16LE, 2, 0);
    SNIFF("\xfe\xff\x00<", ANQ_ENC_UTF16BE, 2, 0);
}

static void test_meta_after_utf8_title(void **state)
{
    (void)state;
    /* The declaration follows non-ASCII bytes; because of it the stray
     * \xe9 is an invalid UTF-8 byte, not a windows-1252 é. */
    CONV("<html><head><title>\xc3\x89t\xc3\xa9</title>"
         "<meta charset=\"utf-8\"/></head><body>\xc3\xa0 \xe9</body></html>",
         "<html><head><title>\xc3\x89t\xc3\xa9</title>"
         "<meta charset=\"utf-8\"/></head><body>\xc3\xa0 " FFFD "</body></html>",
         R);
    SNIFF("<title>\xc3\x89t\xc3\xa9</title><meta charset=\"utf-8\"/>\xe9",
          ANQ_ENC_UTF8, 0, 0);
    /* Same page, all valid. */
    CONV("<title>\xc3\x89t\xc3\xa9</title><meta charset=\"utf-8\"/><p>\xc3\xa0</p>",
         "<title>\xc3\x89t\xc3\xa9</title><meta charset=\"utf-8\"/><p>\xc3\xa0</p>",
         0);
}

static void test_undeclared_cp1252(void **state)
{
    (void)state;
    CONV("\xe9t\xe9 \x92 \x9c", "\xc3\xa9t\xc3\xa9 \xe2\x80\x99 \xc5\x93", G);
    /* Every windows-1252 special and the Latin-1 half. */
    CONV("<p>\x80\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8e</p>",
         "<p>\xe2\x82\xac\xe2\x80\x9a\xc6\x92\xe2\x80\x9e\xe2\x80\xa6"
         "\xe2\x80\xa0\xe2\x80\xa1\xcb\x86\xe2\x80\xb0\xc5\xa0\xe2\x80\xb9"
         "\xc5\x92\xc5\xbd</p>", G);
    CONV("<p>\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9e\x9f</p>",
         "<p>\xe2\x80\x98\xe2\x80\x99\xe2\x80\x9c\xe2\x80\x9d\xe2\x80\xa2"
         "\xe2\x80\x93\xe2\x80\x94\xcb\x9c\xe2\x84\xa2\xc5\xa1\xe2\x80\xba"
         "\xc5\x93\xc5\xbe\xc5\xb8</p>", G);
    CONV("\xa0\xab\xbb\xc0\xc9\xe0\xe7\xff",
         "\xc2\xa0\xc2\xab\xc2\xbb\xc3\x80\xc3\x89\xc3\xa0\xc3\xa7\xc3\xbf", G);
    /* The five undefined bytes. */
    CONV("\x81\x8d\x8f\x90\x9d", FFFD FFFD FFFD FFFD FFFD, G | R);
    SNIFF("\xe9t\xe9", ANQ_ENC_WINDOWS_1252, 0, 1);
}

static void test_http_equiv_cp1252(void **state)
{
    (void)state;
    /* Attributes in the other order, upper case, single quotes. */
    CONV("<html><head><META CONTENT='text/html; charset=windows-1252' "
         "HTTP-EQUIV='Content-Type'><title>x</title></head>"
         "<body>caf\xe9 \x80</body></html>",
         "<html><head><META CONTENT='text/html; charset=windows-1252' "
         "HTTP-EQUIV='Content-Type'><title>x</title></head>"
         "<body>caf\xc3\xa9 \xe2\x82\xac</body></html>", 0);
    SNIFF("<meta http-equiv=\"Content-Type\" content=\"text/html; "
          "charset=windows-1252\">\xe9",
          ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("<meta http-equiv=Content-Type content=\"text/html;charset=ISO-8859-1\">\xe9",
          ANQ_ENC_WINDOWS_1252, 0, 0);
    /* content= without http-equiv is not a declaration. */
    SNIFF("<meta content=\"text/html; charset=windows-1252\"><p>\xe9",
          ANQ_ENC_WINDOWS_1252, 0, 1);
    SNIFF("<meta content=\"text/html; charset=utf-8\"><p>\xe9",
          ANQ_ENC_WINDOWS_1252, 0, 1);
}

static void test_iso_8859_1_label(void **state)
{
    (void)state;
    /* Like browsers, iso-8859-1 is read as windows-1252: 0x92 is ’. */
    CONV("<meta charset=\"ISO-8859-1\"><p>l\x92\xe9t\xe9</p>",
         "<meta charset=\"ISO-8859-1\"><p>l\xe2\x80\x99\xc3\xa9t\xc3\xa9</p>", 0);
    /* undefined byte in a declared page: repaired, not guessed */
    CONV("<meta charset=windows-1252>a\x81" "b", "<meta charset=windows-1252>a" FFFD "b", R);
}

static void test_xml_declaration(void **state)
{
    (void)state;
    CONV("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<q>\xe0 \xab\xa0x</q>",
         "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
         "<q>\xc3\xa0 \xc2\xab\xc2\xa0x</q>", 0);
    SNIFF("<?xml version='1.0' encoding='windows-1252'?><q>\xe9</q>",
          ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("\n<?xml version=\"1.0\" encoding=\"UTF-8\"?><q>\xe9</q>",
          ANQ_ENC_UTF8, 0, 0);
    /* encoding= outside the XML declaration is nothing. */
    SNIFF("<q encoding=\"utf-8\">\xe9</q>", ANQ_ENC_WINDOWS_1252, 0, 1);
}

static void test_comment_ignored(void **state)
{
    (void)state;
    /* The commented-out declaration is skipped; the real one says UTF-8. */
    CONV("<!-- <meta charset=\"windows-1252\"> --><meta charset=\"utf-8\"><p>\xe9</p>",
         "<!-- <meta charset=\"windows-1252\"> --><meta charset=\"utf-8\"><p>" FFFD
         "</p>", R);
    /* Only a commented-out declaration: guessed. */
    CONV("<!-- <meta charset=\"utf-8\"> --><p>\xe9</p>",
         "<!-- <meta charset=\"utf-8\"> --><p>\xc3\xa9</p>", G);
    /* "<!-->" is a whole comment. */
    SNIFF("<!--><meta charset=utf-8>\xe9", ANQ_ENC_UTF8, 0, 0);
    /* Unterminated comment hides the rest. */
    SNIFF("<!-- <meta charset=utf-8>\xe9", ANQ_ENC_WINDOWS_1252, 0, 1);
}

static void test_sniff_labels(void **state)
{
    (void)state;
    SNIFF("<meta charset=\"utf8\">\xe9", ANQ_ENC_UTF8, 0, 0);
    SNIFF("<meta charset=\" UTF-8 \">\xe9", ANQ_ENC_UTF8, 0, 0);
    SNIFF("<meta charset=utf-8/>\xe9", ANQ_ENC_UTF8, 0, 0);
    SNIFF("<meta charset='utf-8'>\xe9", ANQ_ENC_UTF8, 0, 0);
    SNIFF("<meta charset=\"windows-1252\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("<meta charset=\"CP1252\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("<meta charset=\"x-cp1252\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("<meta charset=\"iso8859-1\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("<meta charset=\"iso-8859-15\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("<meta charset=\"Latin1\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("<meta charset=\"latin-1\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("<meta charset=\"l1\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("<meta charset=\"US-ASCII\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("<meta charset=\"ascii\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 0);
    /* unknown label: guess */
    SNIFF("<meta charset=\"koi8-r\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 1);
    SNIFF("<meta charset=\"koi8-r\">\xc3\xa9", ANQ_ENC_UTF8, 0, 0);
    /* the first declaration wins */
    SNIFF("<meta charset=windows-1252><meta charset=utf-8>\xe9",
          ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("<meta charset=utf-8><meta charset=windows-1252>\xe9",
          ANQ_ENC_UTF8, 0, 0);
    /* nothing after </head> counts */
    SNIFF("<head></head><meta charset=utf-8>\xe9", ANQ_ENC_WINDOWS_1252, 0, 1);
    SNIFF("<HEAD></HEAD ><meta charset=utf-8>\xe9", ANQ_ENC_WINDOWS_1252, 0, 1);
    /* <metadata> is not <meta>; a declaration inside an attribute value is
     * not one */
    SNIFF("<metadata charset=utf-8>\xe9", ANQ_ENC_WINDOWS_1252, 0, 1);
    SNIFF("<a title=\"<meta charset=utf-8>\">\xe9", ANQ_ENC_WINDOWS_1252, 0, 1);
    /* a '>' inside another tag's attribute value does not end the tag */
    SNIFF("<a title=\"x>y\" href=\"z\"><meta charset=utf-8>\xe9",
          ANQ_ENC_UTF8, 0, 0);
    /* a declaration after non-ASCII bytes */
    SNIFF("<title>\xe9</title><meta charset=\"windows-1252\">",
          ANQ_ENC_WINDOWS_1252, 0, 0);
    SNIFF("", ANQ_ENC_UTF8, 0, 0);
}

static void test_prescan_window(void **state)
{
    /* A declaration past the first 64 KiB is not seen. */
    static const char tail[] = "<meta charset=utf-8>\xe9";
    size_t pad = 64 * 1024, n = pad + sizeof tail - 1;
    char *buf = anq__malloc(n);
    size_t bom;
    int guessed;

    (void)state;
    assert_non_null(buf);
    memset(buf, ' ', pad);
    memcpy(buf + pad, tail, sizeof tail - 1);
    assert_int_equal(anq__input_sniff(buf, n, &bom, &guessed),
                     ANQ_ENC_WINDOWS_1252);
    assert_int_equal(guessed, 1);
    /* ... but it is seen just inside the window. */
    memmove(buf + 100, tail, sizeof tail - 1);
    assert_int_equal(anq__input_sniff(buf, n, &bom, &guessed), ANQ_ENC_UTF8);
    assert_int_equal(guessed, 0);
    anq__free(buf);
}

static void test_pages_lie(void **state)
{
    (void)state;
    /* Declared latin-1, but valid UTF-8 with multi-byte sequences. */
    CONV("<meta charset=\"iso-8859-1\"><p>\xc3\xa9t\xc3\xa9</p>",
         "<meta charset=\"iso-8859-1\"><p>\xc3\xa9t\xc3\xa9</p>", 0);
    SNIFF("<meta charset=\"iso-8859-1\"><p>\xc3\xa9t\xc3\xa9</p>",
          ANQ_ENC_UTF8, 0, 0);
    /* Declared windows-1252, pure ASCII. */
    CONV("<meta charset=windows-1252><p>x</p>",
         "<meta charset=windows-1252><p>x</p>", 0);
    /* Declared windows-1252, a mix: read as windows-1252, then the UTF-8
     * part (now "Ã©") is undone as double encoding. */
    CONV("<meta charset=windows-1252>\xc3\xa9 \xe9",
         "<meta charset=windows-1252>\xc3\xa9 \xc3\xa9", R);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    CONV("<meta charset=utf-8><p>a\xff" "b\x80" "c\xfe\xf5" "d</p>",
         "<meta charset=utf-8><p>a" FFFD "b" FFFD "c" FFFD FFFD "d</p>", R);
    /* one U+FFFD per maximal invalid subpart: E2 82 is the start of a
     * 3-byte sequence cut by "A" */
    CONV("<meta charset=utf-8>\xe2\x82" "A\xf0\x9f\x98" "B",
         "<meta charset=utf-8>" FFFD "A" FFFD "B", R);
    /* above U+10FFFF */
    CONV("<meta charset=utf-8>\xf4\x90\x80\x80",
         "<meta charset=utf-8>" FFFD FFFD FFFD FFFD, R);
}

static void test_truncated(void **state)
{
    (void)state;
    CONV("<meta charset=utf-8>caf\xc3", "<meta charset=utf-8>caf" FFFD, R);
    CONV("<meta charset=utf-8>x\xe2\x80", "<meta charset=utf-8>x" FFFD, R);
    CONV("<meta charset=utf-8>x\xf0\x9f\x98", "<meta charset=utf-8>x" FFFD, R);
    assert_false(anq__utf8_valid("caf\xc3", 4));
}

static void test_overlong_surrogate(void **state)
{
    (void)state;
    /* C0 can never start a sequence, AF is a lone continuation byte. */
    CONV("<meta charset=utf-8>/\xc0\xaf/", "<meta charset=utf-8>/" FFFD FFFD "/", R);
    /* ED A0 is never valid (surrogates): three bytes, three U+FFFD. */
    CONV("<meta charset=utf-8>x\xed\xa0\x80y", "<meta charset=utf-8>x" FFFD FFFD FFFD "y", R);
    /* E0 80 AF: overlong '/' */
    CONV("<meta charset=utf-8>\xe0\x80\xaf", "<meta charset=utf-8>" FFFD FFFD FFFD, R);
    assert_false(anq__utf8_valid("\xc0\xaf", 2));
    assert_false(anq__utf8_valid("\xed\xa0\x80", 3));
}

static void test_controls(void **state)
{
    (void)state;
    /* NUL, \x01, \x1f replaced; TAB, LF, CR kept. */
    CONV("a\0b\x01" "c\td\ne\rf\x1f", "a" FFFD "b" FFFD "c\td\ne\rf" FFFD, R);
    /* in a long ASCII run (word-at-a-time scanning) */
    CONV("0123456789abcdef0123456789abcdef\x02" "0123456789abcdef",
         "0123456789abcdef0123456789abcdef" FFFD "0123456789abcdef", R);
    /* in windows-1252 */
    CONV("\xe9\0", "\xc3\xa9" FFFD, G | R);
    /* with valid multi-byte text around */
    CONV("\xc3\xa9\x0b\xc3\xa9", "\xc3\xa9" FFFD "\xc3\xa9", R);
    /* noncharacters U+FFFE, U+FFFF */
    CONV("a\xef\xbf\xbe" "b\xef\xbf\xbf", "a" FFFD "b" FFFD, R);
    /* a genuine U+FFFD stays, silently */
    CONV("a" FFFD "b", "a" FFFD "b", 0);
}

/* One byte that is not plain text at every offset of a 48-byte run of
 * printable ASCII, TAB, LF and CR: the run is scanned many bytes at a time,
 * so the offset decides which lane of a block meets the byte. Only that
 * byte is replaced (a control byte) or kept (a valid "é"); TAB, LF and CR
 * are never touched. */
static void test_every_offset(void **state)
{
    (void)state;
    static const char run[] = "ab\tcd efgh\r\nijkl<p class=\"x\">mnop\tqrst\nuvwxyz012";
    const size_t n = sizeof run - 1;
    assert_int_equal(n, 48);
    static const struct { const char *ins, *want; unsigned warn; } cases[] = {
        {"\x01", FFFD, ANQ_INPUT_REPAIRED},
        {"\x1f", FFFD, ANQ_INPUT_REPAIRED},
        {"\x0b", FFFD, ANQ_INPUT_REPAIRED},
        {"\xc3\xa9", "\xc3\xa9", 0},
        {"\xef\xbf\xbe", FFFD, ANQ_INPUT_REPAIRED},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (size_t at = 0; at <= n; at++) {
            char in[64], want[64];
            size_t il = strlen(cases[c].ins), wl = strlen(cases[c].want);
            memcpy(in, run, at);
            memcpy(in + at, cases[c].ins, il);
            memcpy(in + at + il, run + at, n - at);
            memcpy(want, run, at);
            memcpy(want + at, cases[c].want, wl);
            memcpy(want + at + wl, run + at, n - at);
            check_conv(in, n + il, want, n + wl, cases[c].warn);
        }
    }
}

static void test_mojibake(void **state)
{
    (void)state;
    /* "Ã©tÃ©" -> "été" */
    CONV("\xc3\x83\xc2\xa9t\xc3\x83\xc2\xa9", "\xc3\xa9t\xc3\xa9", R);
    /* "lâ€™Ã‰tat" -> "l’État" */
    CONV("l\xc3\xa2\xe2\x82\xac\xe2\x84\xa2\xc3\x83\xe2\x80\xb0tat",
         "l\xe2\x80\x99\xc3\x89tat", R);
    /* "Å“uvre" -> "œuvre" */
    CONV("\xc3\x85\xe2\x80\x9cuvre", "\xc5\x93uvre", R);
    /* Latin-1 reading: "Ã" + U+0089 -> "É" */
    CONV("\xc3\x83\xc2\x89", "\xc3\x89", R);
    /* "Â" + NBSP -> NBSP */
    CONV("a\xc3\x82\xc2\xa0" "b", "a\xc2\xa0" "b", R);
    /* "â€" + U+009D (Latin-1) -> "”" */
    CONV("\xc3\xa2\xe2\x82\xac\xc2\x9d", "\xe2\x80\x9d", R);
    /* 4 bytes: "ðŸ˜€" -> U+1F600 */
    CONV("\xc3\xb0\xc5\xb8\xcb\x9c\xe2\x82\xac", "\xf0\x9f\x98\x80", R);
    /* decoded once only: "ÃƒÂ©" (triple) becomes "Ã©" */
    CONV("\xc3\x83\xc6\x92\xc3\x82\xc2\xa9", "\xc3\x83\xc2\xa9", R);
    /* in a longer text, after a fix elsewhere */
    CONV("x\x01 d\xc3\x83\xc2\xa9j\xc3\x83\xc2\xa0 vu",
         "x" FFFD " d\xc3\xa9j\xc3\xa0 vu", R);
}

static void test_mojibake_untouched(void **state)
{
    (void)state;
    /* a legitimate "Ã" followed by a space, by ASCII, at the end */
    CONV("\xc3\x83 la", "\xc3\x83 la", 0);
    CONV("\xc3\x83" "a", "\xc3\x83" "a", 0);
    CONV("x\xc3\x83", "x\xc3\x83", 0);
    /* "Ã" then "Ã©": only the second pair is a double encoding */
    CONV("\xc3\x83\xc3\x83\xc2\xa9", "\xc3\x83\xc3\xa9", R);
    /* "À€": C0 is not a lead byte */
    CONV("\xc3\x80\xe2\x82\xac", "\xc3\x80\xe2\x82\xac", 0);
    /* "à€€": E0 80 80 would be overlong */
    CONV("\xc3\xa0\xe2\x82\xac\xe2\x82\xac", "\xc3\xa0\xe2\x82\xac\xe2\x82\xac", 0);
    /* "í ": ED A0 80 would be a surrogate */
    CONV("\xc3\xad\xc2\xa0\xe2\x82\xac", "\xc3\xad\xc2\xa0\xe2\x82\xac", 0);
    /* "ï¿¾": EF BF BE would be U+FFFE */
    CONV("\xc3\xaf\xc2\xbf\xc2\xbe", "\xc3\xaf\xc2\xbf\xc2\xbe", 0);
    /* "â€" then a space: incomplete */
    CONV("\xc3\xa2\xe2\x82\xac x", "\xc3\xa2\xe2\x82\xac x", 0);
    /* French text: "é" + U+00A0 + "»" is not the double encoding of U+983B */
    CONV("proximit\xc3\xa9\xc2\xa0\xc2\xbb", "proximit\xc3\xa9\xc2\xa0\xc2\xbb", 0);
    /* "ÉTÉ" + U+00A0 + ":" is not U+0260 */
    CONV("\xc3\x89T\xc3\x89\xc2\xa0:", "\xc3\x89T\xc3\x89\xc2\xa0:", 0);
    /* "à" + U+00A0 + "«" is not U+0827 */
    CONV("\xc3\xa0\xc2\xa0\xc2\xab", "\xc3\xa0\xc2\xa0\xc2\xab", 0);
    /* "ô" + "°" is not a lead of a 4-byte sequence */
    CONV("\xc3\xb4\xc2\xb0\xc2\xb0\xc2\xb0", "\xc3\xb4\xc2\xb0\xc2\xb0\xc2\xb0", 0);
    /* "õ" (F5) is not a lead byte */
    CONV("\xc3\xb5\xc2\x80\xc2\x80\xc2\x80", "\xc3\xb5\xc2\x80\xc2\x80\xc2\x80", 0);
}

static void test_empty(void **state)
{
    char *out = NULL;
    size_t out_len = 7;
    unsigned warn = 0;

    (void)state;
    CONV("", "", 0);
    assert_int_equal(anq__input_to_utf8(NULL, 0, &out, &out_len, &warn), 0);
    assert_non_null(out);
    assert_int_equal(out_len, 0);
    assert_int_equal(out[0], '\0');
    assert_int_equal(warn, 0);
    anq__free(out);
}

static void test_warn_is_ored(void **state)
{
    char *out = NULL;
    size_t out_len = 0;
    unsigned warn = 0x100;

    (void)state;
    assert_int_equal(anq__input_to_utf8("\xe9", 1, &out, &out_len, &warn), 0);
    assert_int_equal(warn, 0x100 | G);
    assert_int_equal(out_len, 2);
    assert_memory_equal(out, "\xc3\xa9", 3);
    anq__free(out);
}

struct valid_case {
    const char *s;
    size_t len;
    int valid;
};

#define VC(lit, v) {(lit), sizeof(lit) - 1, (v)}

static void test_utf8_valid_table(void **state)
{
    static const struct valid_case cases[] = {
        VC("", 1),
        VC("abc", 1),
        VC("a\0b", 1), /* NUL is valid UTF-8 */
        VC("\x7f", 1),
        VC("\xc2\x80", 1),
        VC("\xc3\xa9", 1),
        VC("\xdf\xbf", 1),
        VC("\xe0\xa0\x80", 1),
        VC("\xe2\x80\x99", 1),
        VC("\xed\x9f\xbf", 1),     /* U+D7FF */
        VC("\xee\x80\x80", 1),     /* U+E000 */
        VC("\xef\xbf\xbf", 1),     /* U+FFFF is valid UTF-8 */
        VC("\xf0\x90\x80\x80", 1), /* U+10000 */
        VC("\xf4\x8f\xbf\xbf", 1), /* U+10FFFF */
        VC("0123456789abcdef\xc3\xa9" "0123456789", 1),
        VC("\x80", 0),
        VC("\xbf", 0),
        VC("\xc0\x80", 0),
        VC("\xc1\xbf", 0),
        VC("\xc2", 0),
        VC("\xc2\x41", 0),
        VC("\xe0\x9f\xbf", 0),     /* overlong */
        VC("\xed\xa0\x80", 0),     /* U+D800 */
        VC("\xed\xbf\xbf", 0),     /* U+DFFF */
        VC("\xe2\x80", 0),
        VC("\xf0\x8f\xbf\xbf", 0), /* overlong */
        VC("\xf4\x90\x80\x80", 0), /* U+110000 */
        VC("\xf5\x80\x80\x80", 0),
        VC("\xff", 0),
        VC("\xfe", 0),
        VC("0123456789abcdef0123456789abcdef\xe9", 0),
    };
    size_t k;

    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        if (anq__utf8_valid(cases[k].s, cases[k].len) != cases[k].valid)
            fail_msg("case %zu", k);
    }
}

static void test_large(void **state)
{
    /* 1 MiB of French-looking text with a double encoding at the end. */
    static const char unit[] = "l'\xc3\xa9t\xc3\xa9 \xe2\x80\x99 ok\n";
    size_t ulen = sizeof unit - 1, reps = (1u << 20) / ulen, k;
    size_t n = reps * ulen + 4;
    char *buf = anq__malloc(n), *out = NULL;
    size_t out_len = 0;
    unsigned warn = 0;

    (void)state;
    assert_non_null(buf);
    for (k = 0; k < reps; k++)
        memcpy(buf + k * ulen, unit, ulen);
    memcpy(buf + reps * ulen, "\xc3\x83\xc2\xa9", 4);
    assert_int_equal(anq__input_to_utf8(buf, n, &out, &out_len, &warn), 0);
    assert_int_equal(warn, R);
    assert_int_equal(out_len, n - 2);
    assert_memory_equal(out, buf, reps * ulen);
    assert_memory_equal(out + reps * ulen, "\xc3\xa9", 3);
    anq__free(out);
    anq__free(buf);
}

/* Fail the n-th allocation for n = 0, 1, ... until the conversion
 * succeeds; each failure must return ANQ_ERR_NOMEM with *out NULL (leaks
 * are caught by the sanitizer / valgrind). */
static void check_alloc_failures(const char *in, size_t in_len,
                                 const char *want, size_t want_len)
{
    long n;

    for (n = 0; n < 8; n++) {
        char *out = (char *)&n; /* not NULL */
        size_t out_len = 0;
        unsigned warn = 0;
        int rc;

        anq__alloc_fail_after(n);
        rc = anq__input_to_utf8(in, in_len, &out, &out_len, &warn);
        anq__alloc_fail_after(-1);
        if (rc == ANQ_ERR_NOMEM) {
            assert_null(out);
            continue;
        }
        assert_int_equal(rc, 0);
        assert_int_equal(out_len, want_len);
        assert_memory_equal(out, want, want_len + 1);
        anq__free(out);
        /* the module makes a single allocation */
        assert_int_equal(n, 1);
        return;
    }
    fail_msg("never succeeded");
}

#define ALLOC(in, want) \
    check_alloc_failures((in), sizeof(in) - 1, (want), sizeof(want) - 1)

static void test_alloc_failure(void **state)
{
    (void)state;
    ALLOC("", "");
    ALLOC("plain", "plain");
    ALLOC("\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9");
    ALLOC("<meta charset=utf-8>a\xff", "<meta charset=utf-8>a" FFFD);
    ALLOC("\xe9t\xe9", "\xc3\xa9t\xc3\xa9");
    ALLOC("\xc3\x83\xc2\xa9", "\xc3\xa9");
    ALLOC("\xff\xfe" "a\x00", "a");
    ALLOC("\xfe\xff\x00" "a", "a");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_meta_after_utf8_title),
        cmocka_unit_test(test_undeclared_cp1252),
        cmocka_unit_test(test_http_equiv_cp1252),
        cmocka_unit_test(test_iso_8859_1_label),
        cmocka_unit_test(test_xml_declaration),
        cmocka_unit_test(test_comment_ignored),
        cmocka_unit_test(test_sniff_labels),
        cmocka_unit_test(test_prescan_window),
        cmocka_unit_test(test_pages_lie),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_overlong_surrogate),
        cmocka_unit_test(test_controls),
        cmocka_unit_test(test_every_offset),
        cmocka_unit_test(test_mojibake),
        cmocka_unit_test(test_mojibake_untouched),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_warn_is_ored),
        cmocka_unit_test(test_utf8_valid_table),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_alloc_failure),
    };

    return cmocka_run_group_tests_name("input", tests, NULL, NULL);
}
