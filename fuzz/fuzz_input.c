/* SPDX-License-Identifier: MIT */
/* Fuzz target for the input room (encoding sniffing and conversion to
 * UTF-8) and the date helpers, on their own.
 *
 * The whole input goes through anq__input_to_utf8() and anq__input_sniff();
 * the raw bytes and the converted text both go through anq__date_parse()
 * and anq__date_find(). Checked (input.h, date.h):
 *   - the converted text is valid UTF-8, NUL-terminated at out_len, with no
 *     NUL and no C0 control other than TAB, LF, CR inside; only the
 *     documented warning bits are set, GUESSED whenever the sniffer guessed;
 *   - an input that is valid UTF-8 without BOM, NUL, C0 controls or
 *     mojibake is returned byte for byte;
 *   - a parsed or found date is a real calendar date; anq__date_parse
 *     consumes at most the bytes given and finds nothing in an empty span;
 *     anq__date_find's end offset lies inside the input, and the text cut
 *     at that offset still holds a date;
 *   - anq__date_format of any date found gives "YYYY-MM-DD" which parses
 *     back to the same date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "anq.h"
#include "date.h"
#include "fuzz.h"
#include "input.h"

static int same_date(const anq_date *a, const anq_date *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day;
}

static void check_format_roundtrip(const anq_date *d)
{
    char buf[16];
    anq_date back;
    FUZZ_CHECK(anq__date_format(d, buf) == 10);
    FUZZ_CHECK(strlen(buf) == 10);
    FUZZ_CHECK(anq__date_parse(buf, 10, &back) == 10);
    FUZZ_CHECK(same_date(d, &back));
}

static void dates(const char *s, size_t len)
{
    anq_date d;
    size_t n = anq__date_parse(s, len, &d);
    FUZZ_CHECK(n <= len);
    if (n > 0) {
        FUZZ_CHECK(anq__date_valid(d.year, d.month, d.day));
        check_format_roundtrip(&d);
    } else {
        FUZZ_CHECK(d.year == 0 && d.month == 0 && d.day == 0);
    }

    size_t end = 0;
    anq_date f;
    if (anq__date_find(s, len, &f, &end)) {
        FUZZ_CHECK(end > 0 && end <= len);
        FUZZ_CHECK(anq__date_valid(f.year, f.month, f.day));
        check_format_roundtrip(&f);
        /* the same date is found again in the text up to its end */
        anq_date g;
        size_t end2 = 0;
        FUZZ_CHECK(anq__date_find(s, end, &g, &end2));
        FUZZ_CHECK(end2 <= end);
    }
    FUZZ_CHECK(anq__date_parse(s, 0, &d) == 0);
}

/* Valid UTF-8 with nothing the converter must change. */
static int clean_utf8(const char *s, size_t len)
{
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        return 0;
    if (len >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0))
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return 0;
        if (c == 0xC3)
            return 0; /* may start mojibake; leave those to the repair rule */
        if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
            (unsigned char)s[i + 2] >= 0xBE)
            return 0; /* U+FFFE, U+FFFF */
    }
    return anq__utf8_valid(s, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char *out = NULL;
    size_t out_len = 0;
    unsigned warn = 0;

    size_t bom = 99;
    int guessed = -1;
    enum anq_encoding enc = anq__input_sniff(s, size, &bom, &guessed);
    FUZZ_CHECK(enc == ANQ_ENC_UTF8 || enc == ANQ_ENC_WINDOWS_1252 ||
               enc == ANQ_ENC_UTF16LE || enc == ANQ_ENC_UTF16BE);
    FUZZ_CHECK(bom == 0 || bom == 2 || bom == 3);
    FUZZ_CHECK(bom <= size);
    FUZZ_CHECK(guessed == 0 || guessed == 1);

    int rc = anq__input_to_utf8(s, size, &out, &out_len, &warn);
    if (rc != 0) {
        FUZZ_CHECK(rc == ANQ_ERR_NOMEM);
        FUZZ_CHECK(out == NULL);
        return 0;
    }
    FUZZ_CHECK(out != NULL);
    FUZZ_CHECK(out[out_len] == '\0');
    FUZZ_CHECK(strlen(out) == out_len);
    FUZZ_CHECK(anq__utf8_valid(out, out_len));
    for (size_t i = 0; i < out_len; i++) {
        unsigned char c = (unsigned char)out[i];
        FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n' || c == '\r');
    }
    FUZZ_CHECK((warn & ~(unsigned)(ANQ_INPUT_REPAIRED | ANQ_INPUT_GUESSED)) == 0);
    if (guessed)
        FUZZ_CHECK(warn & ANQ_INPUT_GUESSED);
    if (clean_utf8(s, size)) {
        FUZZ_CHECK(out_len == size);
        FUZZ_CHECK(memcmp(out, s, size) == 0);
        FUZZ_CHECK(warn == 0);
    }

    dates(s, size);
    dates(out, out_len);
    anq__free(out);
    return 0;
}
