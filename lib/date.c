/* SPDX-License-Identifier: MIT */
/* Dates: every form the pages print, to a calendar date.
 *
 * Accepted shapes (see date.h):
 *   [weekday[,]] D[er] <month name> YYYY     "mardi 12 décembre 2023"
 *   D/M/YYYY, D.M.YYYY, D-M-YYYY             "20/02/2024", "2/3/2024"
 *   YYYY-MM-DD, YYYY/MM/DD                   "2024-02-20"
 * A numeric date may be followed by a time and/or a zone, which are
 * consumed: "T10:00:00", " 00:00:00", "+01:00", "Z".
 * Everything here works on bytes of UTF-8 text, with no allocation and no
 * state outside the call. */
#include "date.h"

#include <string.h>

/* ---- bytes ------------------------------------------------------------ */

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_ascii_alnum(unsigned char c)
{
    return is_digit(c) || is_ascii_letter(c);
}

static unsigned char byte_at(const char *s, size_t i)
{
    return (unsigned char)s[i];
}

/* Length of the blank at s[i] (ASCII space, tab, CR, LF, FF, VT, U+00A0
 * or U+202F), or 0. */
static size_t blank_len(const char *s, size_t len, size_t i)
{
    unsigned char c;

    if (i >= len)
        return 0;
    c = byte_at(s, i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (c == 0xC2 && i + 1 < len && byte_at(s, i + 1) == 0xA0)
        return 2;
    if (c == 0xE2 && i + 2 < len && byte_at(s, i + 1) == 0x80 &&
        byte_at(s, i + 2) == 0xAF)
        return 3;
    return 0;
}

/* Index just past the blanks starting at s[i]. */
static size_t skip_blanks(const char *s, size_t len, size_t i)
{
    size_t n;

    while ((n = blank_len(s, len, i)) > 0)
        i += n;
    return i;
}

/* Read the run of digits at s[i]. *count receives its length and *value its
 * value (saturated, only meaningful for short runs). Returns the index just
 * past the run. */
static size_t read_digits(const char *s, size_t len, size_t i, int *value,
                          size_t *count)
{
    int v = 0;
    size_t n = 0;

    while (i < len && is_digit(byte_at(s, i))) {
        if (v < 100000)
            v = v * 10 + (byte_at(s, i) - '0');
        n++;
        i++;
    }
    *value = v;
    *count = n;
    return i;
}

/* Exactly two digits at s[i], not followed by a third. Returns the index
 * past them or 0. */
static size_t read_two_digits(const char *s, size_t len, size_t i, int *value)
{
    size_t n;
    size_t j = read_digits(s, len, i, value, &n);

    return n == 2 ? j : 0;
}

/* ---- words ------------------------------------------------------------ */

/* The folded letter at s[i]: ASCII letters lowercased, the accented Latin-1
 * letters French month and weekday names may carry (either case) reduced
 * to their base letter. *adv receives the bytes used. Combining diacritics
 * (U+0300..U+036F) fold to 0 ("skip me"). Returns 1 for a letter or a
 * combining mark, 0 otherwise. */
static int fold_letter(const char *s, size_t len, size_t i, char *out,
                       size_t *adv)
{
    unsigned char c = byte_at(s, i);
    unsigned char c2;

    if (is_ascii_letter(c)) {
        *out = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        *adv = 1;
        return 1;
    }
    if (i + 1 >= len)
        return 0;
    c2 = byte_at(s, i + 1);
    if ((c == 0xCC && c2 >= 0x80 && c2 <= 0xBF) ||
        (c == 0xCD && c2 >= 0x80 && c2 <= 0xAF)) {
        *out = 0;
        *adv = 2;
        return 1;
    }
    if (c != 0xC3 || c2 < 0x80 || c2 > 0xBF)
        return 0;
    /* Fold case: 0xA0..0xBE are the lower-case twins of 0x80..0x9E. */
    if (c2 >= 0xA0)
        c2 = (unsigned char)(c2 - 0x20);
    switch (c2) {
    case 0x80: case 0x81: case 0x82: case 0x84: /* À Á Â Ä */
        *out = 'a';
        break;
    case 0x87: /* Ç */
        *out = 'c';
        break;
    case 0x88: case 0x89: case 0x8A: case 0x8B: /* È É Ê Ë */
        *out = 'e';
        break;
    case 0x8E: case 0x8F: /* Î Ï */
        *out = 'i';
        break;
    case 0x94: case 0x96: /* Ô Ö */
        *out = 'o';
        break;
    case 0x99: case 0x9A: case 0x9B: case 0x9C: /* Ù Ú Û Ü */
        *out = 'u';
        break;
    default:
        return 0;
    }
    *adv = 2;
    return 1;
}

#define WORD_MAX 12

/* Read the word at s[i] folded into buf (NUL-terminated). Returns the index
 * just past it; *wlen receives its folded length, or WORD_MAX + 1 when it is
 * too long to be a month or weekday name. */
static size_t read_word(const char *s, size_t len, size_t i,
                        char buf[WORD_MAX + 1], size_t *wlen)
{
    size_t n = 0;
    int too_long = 0;
    char c;
    size_t adv;

    while (i < len && fold_letter(s, len, i, &c, &adv)) {
        i += adv;
        if (c == 0)
            continue;
        if (n < WORD_MAX)
            buf[n++] = c;
        else
            too_long = 1;
    }
    buf[n] = '\0';
    *wlen = too_long ? WORD_MAX + 1 : n;
    return i;
}

struct month_name {
    const char *name;
    int month;
    int abbrev; /* may be followed by a '.' */
};

static const struct month_name month_names[] = {
    {"janvier", 1, 0},   {"janv", 1, 1},
    {"fevrier", 2, 0},   {"fevr", 2, 1},  {"fev", 2, 1},
    {"mars", 3, 0},
    {"avril", 4, 0},     {"avr", 4, 1},
    {"mai", 5, 0},
    {"juin", 6, 0},
    {"juillet", 7, 0},   {"juil", 7, 1},
    {"aout", 8, 0},
    {"septembre", 9, 0}, {"sept", 9, 1},
    {"octobre", 10, 0},  {"oct", 10, 1},
    {"novembre", 11, 0}, {"nov", 11, 1},
    {"decembre", 12, 0}, {"dec", 12, 1},
};

static const char *const weekday_names[] = {
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
};

/* ---- calendar --------------------------------------------------------- */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int anq__date_valid(int y, int m, int d)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    int max;

    if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1)
        return 0;
    max = days[m - 1];
    if (m == 2 && is_leap(y))
        max = 29;
    return d <= max;
}

/* ---- time and zone ---------------------------------------------------- */

/* "HH:MM", "HH:MM:SS" or "HH:MM:SS.fff" at s[i]. Returns the index past it
 * or 0. */
static size_t parse_clock(const char *s, size_t len, size_t i)
{
    int h, m, sec;
    size_t j, k;

    j = read_two_digits(s, len, i, &h);
    if (!j || h > 24 || j >= len || s[j] != ':')
        return 0;
    j = read_two_digits(s, len, j + 1, &m);
    if (!j || m > 59)
        return 0;
    if (j < len && s[j] == ':') {
        k = read_two_digits(s, len, j + 1, &sec);
        if (!k || sec > 60)
            return j;
        j = k;
        if (j + 1 < len && (s[j] == '.' || s[j] == ',') &&
            is_digit(byte_at(s, j + 1))) {
            j++;
            while (j < len && is_digit(byte_at(s, j)))
                j++;
        }
    }
    return j;
}

/* "Z", "+HH:MM", "-HH:MM", "+HHMM" or "-HHMM" at s[i]. Returns the index
 * past it or 0. */
static size_t parse_zone(const char *s, size_t len, size_t i)
{
    int h, m, v;
    size_t j, n;

    if (i >= len)
        return 0;
    if (s[i] == 'Z') {
        if (i + 1 < len && is_ascii_alnum(byte_at(s, i + 1)))
            return 0;
        return i + 1;
    }
    if (s[i] != '+' && s[i] != '-')
        return 0;
    j = read_digits(s, len, i + 1, &v, &n);
    if (n == 4) {
        h = v / 100;
        m = v % 100;
    } else if (n == 2 && j < len && s[j] == ':') {
        h = v;
        j = read_two_digits(s, len, j + 1, &m);
        if (!j)
            return 0;
    } else {
        return 0;
    }
    if (h > 14 || m > 59)
        return 0;
    return j;
}

/* Optional time and zone after a numeric date ending at s[i]; returns the
 * index past whatever was recognised (i when nothing was). */
static size_t skip_time(const char *s, size_t len, size_t i)
{
    size_t j, k;

    if (i < len && (s[i] == 'T' || s[i] == ' ')) {
        k = i + 1;
        if (s[i] == ' ')
            while (k < len && s[k] == ' ')
                k++;
        j = parse_clock(s, len, k);
        if (j)
            i = j;
    }
    j = parse_zone(s, len, i);
    return j ? j : i;
}

/* ---- forms ------------------------------------------------------------ */

static void set_date(anq_date *out, int y, int m, int d)
{
    if (out) {
        out->year = (int32_t)y;
        out->month = (int32_t)m;
        out->day = (int32_t)d;
    }
}

/* A numeric date at s[i] (a digit). Returns the index past it (time and
 * zone included) or 0. */
static size_t parse_numeric(const char *s, size_t len, size_t i, anq_date *out)
{
    int a, b, c;
    size_t na, nb, nc, j;
    char sep;

    j = read_digits(s, len, i, &a, &na);
    if (j >= len)
        return 0;
    sep = s[j];
    if (na == 4 && (sep == '-' || sep == '/')) {
        /* YYYY-MM-DD */
        j = read_digits(s, len, j + 1, &b, &nb);
        if (nb < 1 || nb > 2 || j >= len || s[j] != sep)
            return 0;
        j = read_digits(s, len, j + 1, &c, &nc);
        if (nc < 1 || nc > 2 || !anq__date_valid(a, b, c))
            return 0;
        set_date(out, a, b, c);
        return skip_time(s, len, j);
    }
    if ((na == 1 || na == 2) && (sep == '/' || sep == '.' || sep == '-')) {
        /* DD/MM/YYYY */
        j = read_digits(s, len, j + 1, &b, &nb);
        if (nb < 1 || nb > 2 || j >= len || s[j] != sep)
            return 0;
        j = read_digits(s, len, j + 1, &c, &nc);
        if (nc != 4 || !anq__date_valid(c, b, a))
            return 0;
        set_date(out, c, b, a);
        return skip_time(s, len, j);
    }
    return 0;
}

/* The month name at s[i]; returns the index past it (and its dot, for an
 * abbreviation) and sets *month, or returns 0. *dot is set when a dot was
 * consumed. */
static size_t parse_month(const char *s, size_t len, size_t i, int *month,
                          int *dot)
{
    char word[WORD_MAX + 1];
    size_t wlen, k;
    size_t j = read_word(s, len, i, word, &wlen);

    *dot = 0;
    if (wlen == 0 || wlen > WORD_MAX)
        return 0;
    for (k = 0; k < sizeof month_names / sizeof month_names[0]; k++) {
        if (strcmp(word, month_names[k].name) != 0)
            continue;
        *month = month_names[k].month;
        if (month_names[k].abbrev && j < len && s[j] == '.') {
            j++;
            *dot = 1;
        }
        return j;
    }
    return 0;
}

/* "20 février 2024", "1er mars 2024" at s[i] (a digit). Returns the index
 * past the year or 0. */
static size_t parse_long(const char *s, size_t len, size_t i, anq_date *out)
{
    int d, m, y, dot;
    size_t n, j, k;

    j = read_digits(s, len, i, &d, &n);
    if (n < 1 || n > 2)
        return 0;
    if (d == 1 && n == 1 && j + 1 < len && (s[j] == 'e' || s[j] == 'E') &&
        (s[j + 1] == 'r' || s[j + 1] == 'R') &&
        !(j + 2 < len && is_ascii_alnum(byte_at(s, j + 2))))
        j += 2;
    k = skip_blanks(s, len, j);
    if (k == j)
        return 0;
    j = parse_month(s, len, k, &m, &dot);
    if (!j)
        return 0;
    k = skip_blanks(s, len, j);
    if (k == j && !dot)
        return 0;
    j = read_digits(s, len, k, &y, &n);
    if (n != 4 || !anq__date_valid(y, m, d))
        return 0;
    set_date(out, y, m, d);
    return j;
}

/* Any date starting with a digit at s[i]. */
static size_t parse_from_digit(const char *s, size_t len, size_t i,
                               anq_date *out)
{
    size_t j = parse_numeric(s, len, i, out);

    return j ? j : parse_long(s, len, i, out);
}

/* A weekday name at s[i] followed by an optional comma and blanks, then a
 * date. */
static size_t parse_weekday(const char *s, size_t len, size_t i, anq_date *out)
{
    char word[WORD_MAX + 1];
    size_t wlen, k, j;
    int found = 0;

    j = read_word(s, len, i, word, &wlen);
    if (wlen == 0 || wlen > WORD_MAX)
        return 0;
    for (k = 0; k < sizeof weekday_names / sizeof weekday_names[0]; k++)
        if (strcmp(word, weekday_names[k]) == 0)
            found = 1;
    if (!found)
        return 0;
    if (j < len && s[j] == ',')
        j++;
    k = skip_blanks(s, len, j);
    if (k == j || k >= len || !is_digit(byte_at(s, k)))
        return 0;
    return parse_from_digit(s, len, k, out);
}

/* A date starting exactly at s[i] (no blanks skipped). */
static size_t parse_at(const char *s, size_t len, size_t i, anq_date *out)
{
    if (i >= len)
        return 0;
    if (is_digit(byte_at(s, i)))
        return parse_from_digit(s, len, i, out);
    if (is_ascii_letter(byte_at(s, i)))
        return parse_weekday(s, len, i, out);
    return 0;
}

/* ---- API -------------------------------------------------------------- */

size_t anq__date_parse(const char *s, size_t len, anq_date *out)
{
    size_t i, j;

    set_date(out, 0, 0, 0);
    if (!s)
        return 0;
    i = skip_blanks(s, len, 0);
    j = parse_at(s, len, i, out);
    if (!j) {
        set_date(out, 0, 0, 0);
        return 0;
    }
    return j;
}

/* Can a date start at the word s[i] (an ASCII letter or digit)? A digit
 * may; a letter only when the word may be a weekday name (lundi … dimanche,
 * accents and case aside): its first two letters say no to most words. A
 * byte past ASCII after the first letter leaves the answer to the parser. */
static int may_open_date(const char *s, size_t len, size_t i)
{
    unsigned char c = byte_at(s, i), c2;

    if (is_digit(c))
        return 1;
    if (i + 1 >= len)
        return 0;
    c = (unsigned char)(c | 0x20);
    c2 = byte_at(s, i + 1);
    if (c2 >= 0x80)
        return 1;
    c2 = (unsigned char)(c2 | 0x20);
    switch (c) {
    case 'l':
        return c2 == 'u';
    case 'm':
        return c2 == 'a' || c2 == 'e';
    case 'j':
    case 'v':
        return c2 == 'e';
    case 's':
        return c2 == 'a';
    case 'd':
        return c2 == 'i';
    default:
        return 0;
    }
}

int anq__date_find(const char *s, size_t len, anq_date *out, size_t *end)
{
    size_t i = 0, j;

    set_date(out, 0, 0, 0);
    if (end)
        *end = 0;
    if (!s)
        return 0;
    while (i < len) {
        if (!is_ascii_alnum(byte_at(s, i))) {
            i++;
            continue;
        }
        /* a word start: parsed only when a date may open there */
        if (may_open_date(s, len, i)) {
            j = parse_at(s, len, i, out);
            if (j) {
                if (end)
                    *end = j;
                return 1;
            }
        }
        for (i++; i < len && is_ascii_alnum(byte_at(s, i)); i++)
            ;
    }
    set_date(out, 0, 0, 0);
    return 0;
}

/* Write the `width` low decimal digits of v (v >= 0) at buf. */
static void put_digits(char *buf, int v, int width)
{
    int k;

    for (k = width - 1; k >= 0; k--) {
        buf[k] = (char)('0' + v % 10);
        v /= 10;
    }
}

int anq__date_format(const anq_date *d, char *buf)
{
    if (!buf)
        return 0;
    buf[0] = '\0';
    if (!d || !anq__date_valid(d->year, d->month, d->day))
        return 0;
    put_digits(buf, d->year, 4);
    buf[4] = '-';
    put_digits(buf + 5, d->month, 2);
    buf[7] = '-';
    put_digits(buf + 8, d->day, 2);
    buf[10] = '\0';
    return 10;
}
