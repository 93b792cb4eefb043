/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE 1 /* memmem */
#include "scan.h"

#include <string.h>

#include "anq.h"

/* How common a byte is in the pages anq reads, on a log scale (about
 * log2 of its frequency per 100 000 bytes, measured over the layouts' pages;
 * 0: rare or never seen): the searches below anchor on the rarest byte of
 * the needle. */
static const unsigned char commonness[256] = {
    [' '] = 14,
    ['e'] = 13,
    ['<'] = 12, ['>'] = 12, ['a'] = 12, ['i'] = 12, ['l'] = 12, ['n'] = 12, ['r'] = 12,
    ['s'] = 12, ['t'] = 12,
    ['\n'] = 11, ['"'] = 11, ['/'] = 11, ['c'] = 11, ['d'] = 11, ['o'] = 11, ['p'] = 11,
    ['u'] = 11,
    ['-'] = 10, ['='] = 10, ['D'] = 10, ['E'] = 10, ['O'] = 10, ['R'] = 10, ['T'] = 10,
    ['b'] = 10, ['f'] = 10, ['g'] = 10, ['h'] = 10, ['m'] = 10, ['v'] = 10,
    ['.'] = 9, ['0'] = 9, ['1'] = 9, ['2'] = 9, [':'] = 9, ['A'] = 9, ['I'] = 9, ['L'] = 9,
    ['M'] = 9, ['N'] = 9, ['P'] = 9, ['_'] = 9, ['x'] = 9, ['y'] = 9, [0xA9] = 9, [0xC3] = 9,
    ['\''] = 8, ['3'] = 8, [';'] = 8, ['B'] = 8, ['C'] = 8, ['G'] = 8, ['J'] = 8, ['Q'] = 8,
    ['S'] = 8, ['U'] = 8, ['q'] = 8, ['w'] = 8,
    ['&'] = 7, ['('] = 7, [')'] = 7, [','] = 7, ['4'] = 7, ['5'] = 7, ['6'] = 7, ['7'] = 7,
    ['8'] = 7, ['9'] = 7, ['j'] = 7, [0xA8] = 7,
    ['!'] = 6, ['F'] = 6, ['H'] = 6, ['V'] = 6, ['Y'] = 6, ['['] = 6, ['k'] = 6, [0xA0] = 6,
    [0xC2] = 6,
    ['%'] = 5, ['?'] = 5, ['X'] = 5, [']'] = 5, ['z'] = 5, [0xB0] = 5, [0xE9] = 5,
    ['\t'] = 4, ['#'] = 4, ['W'] = 4, ['{'] = 4, ['|'] = 4, ['}'] = 4, [0xAA] = 4, [0xE8] = 4,
    ['+'] = 3, [0x80] = 3, [0x89] = 3, [0xAB] = 3, [0xB4] = 3, [0xBB] = 3, [0xE2] = 3,
    ['$'] = 2, [0x83] = 2, [0x99] = 2, [0xA2] = 2, [0xA7] = 2, [0xEA] = 2,
    ['*'] = 1, ['K'] = 1, ['Z'] = 1, [0x82] = 1, [0x84] = 1, [0x92] = 1, [0x94] = 1, [0x9C] = 1,
    [0xAC] = 1, [0xAE] = 1, [0xF4] = 1,
};

const char *anq__find_bytes(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return hay;
    if (n > len)
        return NULL;
    if (n < 3)
        return memmem(hay, len, needle, n);
    /* memchr (vectorised) for the needle's rarest byte, then a compare;
     * when candidates come too thick (a hostile page), memmem's linear
     * two-way search takes over for the rest */
    size_t k = 0;
    for (size_t i = 1; i < n; i++)
        if (commonness[(unsigned char)needle[i]] < commonness[(unsigned char)needle[k]])
            k = i;
    /* and the next rarest, checked before the compare */
    size_t k2 = k == 0 ? 1 : 0;
    for (size_t i = 0; i < n; i++)
        if (i != k && commonness[(unsigned char)needle[i]] < commonness[(unsigned char)needle[k2]])
            k2 = i;
    char c = needle[k], c2 = needle[k2];
    size_t pos = 0, misses = 0;
    while (pos + n <= len) {
        const char *p = memchr(hay + pos + k, c, len - n + 1 - pos);
        if (!p)
            return NULL;
        size_t at = (size_t)(p - hay) - k;
        if (hay[at + k2] == c2 && memcmp(hay + at, needle, n) == 0)
            return hay + at;
        pos = at + 1;
        if (++misses > 64 && misses * 32 > pos)
            return memmem(hay + pos, len - pos, needle, n);
    }
    return NULL;
}

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

int anq__starts_nocase(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (n > len)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != lower((unsigned char)prefix[i]))
            return 0;
    return 1;
}

/* Case-insensitive search, linear on any input: the needle's rarest byte
 * (in either case) anchors the candidates, as in anq__find_bytes; when they
 * come too thick, a plain scan comparing at each position takes over. */
static const char *nocase_scan(const char *hay, size_t len, const char *needle, size_t n)
{
    unsigned char f = lower((unsigned char)needle[0]);
    for (size_t i = 0; i + n <= len; i++)
        if (lower((unsigned char)hay[i]) == f && anq__starts_nocase(hay + i, n, needle))
            return hay + i;
    return NULL;
}

const char *anq__find_nocase(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return hay;
    if (n > len)
        return NULL;
    /* the rarest byte: a letter counts with its other case */
    size_t k = 0;
    unsigned long best = (unsigned long)-1;
    for (size_t i = 0; i < n; i++) {
        /* frequencies add up: back from the log scale */
        unsigned char c = lower((unsigned char)needle[i]);
        unsigned long w = 1UL << commonness[c];
        if (c >= 'a' && c <= 'z')
            w += 1UL << commonness[c - 32];
        if (w < best) {
            best = w;
            k = i;
        }
    }
    unsigned char lo_c = lower((unsigned char)needle[k]);
    unsigned char up_c = (lo_c >= 'a' && lo_c <= 'z') ? (unsigned char)(lo_c - 32) : lo_c;
    /* candidates for the anchor byte lie in hay[k .. len - n + k] */
    const char *base = hay + k, *stop = hay + len - n + k + 1;
    const char *lo = memchr(base, lo_c, (size_t)(stop - base));
    const char *up = up_c != lo_c ? memchr(base, up_c, (size_t)(stop - base)) : NULL;
    size_t misses = 0;
    while (lo || up) {
        const char *p = (lo && (!up || lo < up)) ? lo : up;
        const char *at = p - k;
        if (anq__starts_nocase(at, n, needle))
            return at;
        if (++misses > 64 && misses * 32 > (size_t)(p - hay)) {
            const char *r = nocase_scan(at + 1, len - (size_t)(at + 1 - hay), needle, n);
            return r;
        }
        if (p == lo)
            lo = p + 1 < stop ? memchr(p + 1, lo_c, (size_t)(stop - p - 1)) : NULL;
        else
            up = p + 1 < stop ? memchr(p + 1, up_c, (size_t)(stop - p - 1)) : NULL;
    }
    return NULL;
}

long anq__parse_uint(const char *s, size_t len, int skip, size_t *end)
{
    size_t i = 0;
    while (i < len && !(s[i] >= '0' && s[i] <= '9')) {
        if (!skip) {
            if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
                i++;
                continue;
            }
            if ((unsigned char)s[i] == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
                i += 2;
                continue;
            }
            return -1;
        }
        i++;
    }
    if (i >= len)
        return -1;
    long v = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        if (v < 214748364L)
            v = v * 10 + (s[i] - '0');
        else
            v = 2147483647L;
        i++;
    }
    if (end)
        *end = i;
    return v;
}

int anq__type_parse(const char *s, size_t len)
{
    s = anq__trim(s, &len);
    if (len == 4 && anq__starts_nocase(s, len, "QOSD"))
        return ANQ_TYPE_QOSD;
    if (len == 2 && anq__starts_nocase(s, len, "QE"))
        return ANQ_TYPE_QE;
    if (len == 2 && anq__starts_nocase(s, len, "QG"))
        return ANQ_TYPE_QG;
    if (anq__find_nocase(s, len, "crite"))
        return ANQ_TYPE_QE;
    if (anq__find_nocase(s, len, "gouvernement"))
        return ANQ_TYPE_QG;
    if (anq__find_nocase(s, len, "orale"))
        return ANQ_TYPE_QOSD;
    return ANQ_TYPE_UNKNOWN;
}

int anq__uid_parse(const char *s, size_t len, int *legislature, int *type, int *number)
{
    if (len < 10 || !anq__starts_nocase(s, len, "QANR5L"))
        return 0;
    size_t i = 6, e = 0;
    long leg = anq__parse_uint(s + i, len - i, 0, &e);
    if (leg <= 0 || e == 0)
        return 0;
    i += e;
    int t;
    if (anq__starts_nocase(s + i, len - i, "QOSD")) {
        t = ANQ_TYPE_QOSD;
        i += 4;
    } else if (anq__starts_nocase(s + i, len - i, "QE")) {
        t = ANQ_TYPE_QE;
        i += 2;
    } else if (anq__starts_nocase(s + i, len - i, "QG")) {
        t = ANQ_TYPE_QG;
        i += 2;
    } else {
        return 0;
    }
    if (i >= len || s[i] < '0' || s[i] > '9')
        return 0;
    long num = anq__parse_uint(s + i, len - i, 0, NULL);
    if (num <= 0)
        return 0;
    *legislature = (int)leg;
    *type = t;
    *number = (int)num;
    return 1;
}

const char *anq__trim(const char *s, size_t *len)
{
    size_t n = *len;
    for (;;) {
        if (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
            s++;
            n--;
        } else if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
            s += 2;
            n -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    *len = n;
    return s;
}

size_t anq__fold_label(char *s, size_t len)
{
    size_t o = 0;
    int sp = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            sp = 1;
            continue;
        }
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            sp = 1;
            i++;
            continue;
        }
        if (sp && o)
            s[o++] = ' ';
        sp = 0;
        s[o++] = (char)c;
    }
    s[o] = '\0';
    return o;
}

const char *anq__xml_root_start(const char *src, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const char *p = memchr(src + i, '<', len - i);
        if (!p)
            return NULL;
        i = (size_t)(p - src);
        if (i + 1 >= len)
            return NULL;
        char c = src[i + 1];
        if (c == '?' || c == '!') {
            const char *e;
            if (c == '!' && i + 3 < len && src[i + 2] == '-' && src[i + 3] == '-')
                e = anq__find_bytes(src + i + 4, len - i - 4, "-->");
            else
                e = memchr(src + i + 2, '>', len - i - 2);
            if (!e)
                return NULL;
            i = (size_t)(e - src) + 1;
            continue;
        }
        return p;
    }
    return NULL;
}

/* Where the hidden region that starts at p (a comment, a script or a style
 * element) ends, or NULL when p starts none. */
static const char *hidden_end(const char *p, const char *end)
{
    size_t rest = (size_t)(end - p);
    /* most tags are neither: one look at the byte after '<' tells */
    if (rest < 2 || (p[1] != '!' && (p[1] | 0x20) != 's'))
        return NULL;
    if (rest >= 4 && memcmp(p, "<!--", 4) == 0) {
        const char *e = anq__find_bytes(p + 4, rest - 4, "-->");
        return e ? e + 3 : end;
    }
    if (anq__starts_nocase(p, rest, "<script") || anq__starts_nocase(p, rest, "<style")) {
        int script = (p[1] | 0x20) == 's' && (p[2] | 0x20) == 'c';
        size_t nl = script ? 7 : 6;
        if (rest > nl && (p[nl] == '>' || p[nl] == ' ' || p[nl] == '\t' || p[nl] == '\n' ||
                          p[nl] == '\r' || p[nl] == '/')) {
            const char *e = anq__find_nocase(p + nl, rest - nl, script ? "</script" : "</style");
            return e ? e : end;
        }
    }
    return NULL;
}

const char *anq__find_markup(const char *hay, size_t len, const char *needle)
{
    const char *end = hay + len;
    const char *scan = hay; /* everything before scan is classified */
    const char *from = hay;
    for (;;) {
        const char *c = anq__find_bytes(from, (size_t)(end - from), needle);
        if (!c)
            return NULL;
        /* walk the '<'s between scan and c, skipping hidden regions */
        int hidden = 0;
        while (scan < c) {
            const char *lt = memchr(scan, '<', (size_t)(c - scan));
            if (!lt) {
                scan = c;
                break;
            }
            const char *he = hidden_end(lt, end);
            if (!he) {
                scan = lt + 1;
                continue;
            }
            if (he > c) {
                hidden = 1;
                scan = he;
                break;
            }
            scan = he;
        }
        if (!hidden && scan <= c)
            return c;
        from = hidden ? scan : c + 1;
        if (from >= end)
            return NULL;
    }
}
