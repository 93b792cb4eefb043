/* SPDX-License-Identifier: MIT */
/* Input: sniff the encoding of a page and turn it into valid UTF-8.
 *
 * Decisions (see input.h for the contract):
 *
 * - Encoding: a BOM wins. Otherwise the first recognised declaration
 *   (<?xml … encoding=…?> at the start, <meta charset>, <meta http-equiv=
 *   "Content-Type" content="…; charset=…">) in the first 64 KiB, stopping at
 *   </head>, outside comments. A declaration whose label is not recognised
 *   is skipped and the scan goes on, as browsers do; when nothing
 *   recognised is found the input is UTF-8 if it is entirely valid UTF-8,
 *   else windows-1252 ("guessed").
 * - Pages lie: a page declared windows-1252 (or one of its aliases) whose
 *   bytes are nevertheless entirely valid UTF-8 and contain at least one
 *   multi-byte sequence is read as UTF-8: text in windows-1252 almost never
 *   happens to form valid multi-byte UTF-8 sequences, while UTF-8 pages
 *   with a stale latin-1 declaration are common. (A valid page with no
 *   multi-byte sequence is pure ASCII, which reads the same either way.)
 *   anq__input_sniff() already reports UTF-8 for such pages so that it
 *   always names the encoding anq__input_to_utf8() will use.
 * - Invalid UTF-8: one U+FFFD per maximal invalid subpart (the Unicode /
 *   WHATWG recommended practice): "\xe2\x82" then "A" gives U+FFFD A,
 *   "\xc0\xaf" gives two U+FFFD (C0 can start nothing), "\xed\xa0\x80"
 *   gives three (ED A0 is never valid).
 * - On every path NUL, C0 controls other than TAB/LF/CR, U+FFFE and U+FFFF
 *   become U+FFFD; DEL and C1 controls are kept (XML 1.0 allows them).
 * - Mojibake ("Ã©" for "é") is undone once, after conversion, in place.
 *
 * Passes: the common case (valid UTF-8 needing no fix) is one validation
 * pass plus one memcpy and a single allocation. Otherwise: a counting pass,
 * one allocation of the exact size, a writing pass and the mojibake pass
 * (which only ever shrinks the text). Everything is linear. */
#include "input.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "anq.h"
#include "scan.h"

/* How far the declaration prescan looks. */
#define PRESCAN_MAX ((size_t)64 * 1024)

/* Marker for an invalid UTF-8 sequence (not a code point). */
#define BAD_CP ((uint32_t)0x110000)

#define REPLACEMENT ((uint32_t)0xFFFD)

/* windows-1252 bytes 0x80..0x9F; 0 = undefined in windows-1252. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80 */
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x0000, 0x017D, 0x0000, /* 88 */
    0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90 */
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x017E, 0x0178  /* 98 */
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

/* A C0 control byte that must be replaced (everything below 0x20 but TAB,
 * LF and CR). */
static int bad_c0(unsigned c)
{
    return c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D;
}

/* "Plain" bytes pass through every converter unchanged: printable ASCII
 * (0x20..0x7F), TAB, LF and CR. */
static int plain_byte(unsigned c)
{
    return (c >= 0x20 && c < 0x80) || c == 0x09 || c == 0x0A || c == 0x0D;
}

#if defined(__SSE2__)
/* Index of the first byte at or after i in s[0..n) that is not plain:
 * sixteen bytes at a time (a signed compare below 0x20 catches the control
 * bytes and every byte >= 0x80 at once), then byte by byte. */
static size_t skip_plain(const unsigned char *s, size_t i, size_t n)
{
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i tab = _mm_set1_epi8(0x09), lf = _mm_set1_epi8(0x0A),
                  cr = _mm_set1_epi8(0x0D);
    while (n - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i low = _mm_cmplt_epi8(v, space);
        __m128i ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, lf)),
                                  _mm_cmpeq_epi8(v, cr));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(ok, low));
        if (m)
            return i + (size_t)__builtin_ctz(m);
        i += 16;
    }
    while (i < n && plain_byte(s[i]))
        i++;
    return i;
}
#else
/* True when all 8 bytes at p lie in 0x20..0x7F (printable ASCII or DEL):
 * no high bit, and adding 0x60 to each byte (no carry can happen then)
 * sets every high bit exactly when each byte is >= 0x20. */
static int plain8(const unsigned char *p)
{
    const uint64_t hi = UINT64_C(0x8080808080808080);
    const uint64_t add = UINT64_C(0x6060606060606060);
    uint64_t w;

    memcpy(&w, p, sizeof w);
    return (w & hi) == 0 && ((w + add) & hi) == hi;
}

/* Index of the first byte at or after i in s[0..n) that is not plain:
 * eight bytes at a time, then byte by byte. */
static size_t skip_plain(const unsigned char *s, size_t i, size_t n)
{
    for (;;) {
        while (n - i >= 8 && plain8(s + i))
            i += 8;
        if (i >= n || !plain_byte(s[i]))
            return i;
        i++;
    }
}
#endif

/* Decode one UTF-8 sequence at p (n >= 1 bytes available, p[0] >= 0x80).
 * Returns the number of bytes it covers and sets *cp to the code point;
 * for an invalid sequence *cp is BAD_CP and the return value is the length
 * of the maximal invalid subpart (at least 1). */
static size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    unsigned lo = 0x80, hi = 0xBF;
    size_t need, k;
    uint32_t v;

    if (c < 0xC2) {
        *cp = BAD_CP;
        return 1;
    } else if (c < 0xE0) {
        need = 1;
        v = c & 0x1Fu;
    } else if (c < 0xF0) {
        need = 2;
        v = c & 0x0Fu;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c < 0xF5) {
        need = 3;
        v = c & 0x07u;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        *cp = BAD_CP;
        return 1;
    }
    for (k = 1; k <= need; k++) {
        unsigned b;
        if (k >= n) {
            *cp = BAD_CP;
            return k;
        }
        b = p[k];
        if (b < lo || b > hi) {
            *cp = BAD_CP;
            return k;
        }
        lo = 0x80;
        hi = 0xBF;
        v = (v << 6) | (b & 0x3Fu);
    }
    *cp = v;
    return need + 1;
}

/* utf8_decode() with the frequent valid 2-byte case inline. */
static inline size_t utf8_next(const unsigned char *p, size_t n, uint32_t *cp)
{
    if (p[0] >= 0xC2 && p[0] < 0xE0 && n >= 2 && (p[1] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3Fu);
        return 2;
    }
    return utf8_decode(p, n, cp);
}

size_t anq__utf8_put(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Write code point cp (a valid scalar value) at out + o when out is not
 * NULL; returns o plus its UTF-8 length. */
static size_t put_cp(unsigned char *out, size_t o, uint32_t cp)
{
    if (out)
        return o + anq__utf8_put((char *)out + o, cp);
    return o + (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
}

/* Copy the verbatim span s[from..to) to out + o (when out is not NULL);
 * returns the new output length. */
static size_t put_span(unsigned char *out, size_t o, const unsigned char *s,
                       size_t from, size_t to)
{
    if (out && to > from)
        memcpy(out + o, s + from, to - from);
    return o + (to - from);
}

/* ------------------------------------------------------------------ */
/* Mojibake                                                             */

/* The windows-1252 byte 0x80..0x9F whose character is cp, or -1. */
static int cp1252_special_byte(uint32_t cp)
{
    int i;

    for (i = 0; i < 32; i++)
        if (cp1252_high[i] != 0 && cp1252_high[i] == cp)
            return 0x80 + i;
    return -1;
}

/* When the character at q[0..n) "maps back" to a UTF-8 continuation byte
 * (0x80..0xBF) — it is U+0080..U+00BF (Latin-1 identity, C1 controls
 * included) or a windows-1252 special of 0x80..0x9F — return that byte and
 * set *clen to the character's length; else return -1. Only exact valid
 * encodings are recognised, so this is safe on unvalidated bytes too. */
static int back_byte(const unsigned char *q, size_t n, size_t *clen)
{
    if (n >= 2 && (q[1] & 0xC0) == 0x80) {
        if (q[0] == 0xC2) { /* U+0080..U+00BF */
            *clen = 2;
            return q[1];
        }
        if (q[0] == 0xC5 || q[0] == 0xC6 || q[0] == 0xCB) {
            uint32_t cp = ((uint32_t)(q[0] & 0x1F) << 6) | (q[1] & 0x3Fu);
            *clen = 2;
            return cp1252_special_byte(cp);
        }
    }
    if (n >= 3 && q[0] == 0xE2 && (q[1] & 0xC0) == 0x80 &&
        (q[2] & 0xC0) == 0x80) {
        uint32_t cp = 0x2000u | ((uint32_t)(q[1] & 0x3F) << 6) | (q[2] & 0x3Fu);
        *clen = 3;
        return cp1252_special_byte(cp);
    }
    return -1;
}

/* Double-encoded UTF-8 at p[0..n): p starts with a character U+00C2..U+00F4
 * (bytes C3 82..C3 B4), i.e. whose windows-1252/Latin-1 byte is a UTF-8
 * lead byte C2..F4, followed by the 1..3 characters mapping back to the
 * continuation bytes that complete a valid, non-overlong sequence (not a
 * surrogate, not above U+10FFFF, not U+FFFE/U+FFFF). Returns the number of
 * bytes matched and puts the decoded sequence in dec[0..*dlen), or 0. */
static size_t moji_match(const unsigned char *p, size_t n, unsigned char *dec,
                         size_t *dlen)
{
    unsigned char b[4];
    unsigned lead, lo = 0x80, hi = 0xBF;
    size_t need, k, i = 2;

    if (n < 4 || p[0] != 0xC3 || p[1] < 0x82 || p[1] > 0xB4)
        return 0;
    lead = p[1] + 0x40u;
    if (lead < 0xE0) {
        need = 1;
    } else if (lead < 0xF0) {
        need = 2;
        if (lead == 0xE0)
            lo = 0xA0;
        else if (lead == 0xED)
            hi = 0x9F;
    } else {
        need = 3;
        if (lead == 0xF0)
            lo = 0x90;
        else if (lead == 0xF4)
            hi = 0x8F;
    }
    /* French text is full of characters whose Latin-1 byte is a UTF-8
     * lead (é è ê à ô É Ê Î …) and that may be followed by U+00A0, « or ».
     * Real double encodings of French text come from few leads: C2 (Â: «,
     * », U+00A0, °), C3 (Ã: accented letters), C4/C5 (Ä Å: œ, Œ, Latin
     * Extended-A), E2 (â: ’ – — … € “ ” •, whose first continuation byte is
     * 80..9F, printed as a windows-1252 special) and 4-byte emoji whose first
     * continuation byte is below A0. Anything else is left as printed:
     * "proximité\u00a0»" must stay as it is. */
    if (need == 1 && lead > 0xC5)
        return 0;
    if (need == 2 && lead != 0xE2)
        return 0;
    b[0] = (unsigned char)lead;
    for (k = 1; k <= need; k++) {
        size_t clen = 0;
        int v = back_byte(p + i, n - i, &clen);
        if (v < 0 || (unsigned)v < lo || (unsigned)v > hi)
            return 0;
        if (k == 1 && need >= 2 && v >= 0xA0)
            return 0;
        b[k] = (unsigned char)v;
        i += clen;
        lo = 0x80;
        hi = 0xBF;
    }
    if (need == 2 && lead == 0xEF && b[1] == 0xBF && b[2] >= 0xBE)
        return 0; /* would give U+FFFE / U+FFFF */
    if (dec) {
        memcpy(dec, b, need + 1);
        *dlen = need + 1;
    }
    return i;
}

/* Cheap test done before moji_match(): p starts with U+00C2..U+00F4 and
 * the next byte can start a character that maps back to a continuation
 * byte (C2 for U+0080..U+00BF, C5 C6 CB E2 for the windows-1252
 * specials). */
static int moji_maybe(const unsigned char *p, size_t n)
{
    unsigned b;

    if (n < 4 || p[0] != 0xC3 || p[1] < 0x82 || p[1] > 0xB4)
        return 0;
    b = p[2];
    return b == 0xC2 || b == 0xE2 || b == 0xC5 || b == 0xC6 || b == 0xCB;
}

/* Undo mojibake in the valid UTF-8 text s[start..n), in place (the text
 * only shrinks). Returns the new length of s. Linear: memchr for the C3
 * byte that starts every candidate, bounded look-ahead, one memmove per
 * untouched span. */
static size_t moji_fix(unsigned char *s, size_t start, size_t n, unsigned *warn)
{
    size_t i = start, r = start, w = start;

    while (i < n) {
        const unsigned char *p = memchr(s + i, 0xC3, n - i);
        unsigned char dec[4];
        size_t dlen = 0, m;

        if (!p)
            break;
        i = (size_t)(p - s);
        m = moji_maybe(s + i, n - i) ? moji_match(s + i, n - i, dec, &dlen) : 0;
        if (m == 0) {
            i += 2; /* C3 and its continuation byte */
            continue;
        }
        if (w != r)
            memmove(s + w, s + r, i - r);
        w += i - r;
        memcpy(s + w, dec, dlen);
        w += dlen;
        i += m;
        r = i;
        *warn |= ANQ_INPUT_REPAIRED;
    }
    if (w != r)
        memmove(s + w, s + r, n - r);
    return w + (n - r);
}

/* ------------------------------------------------------------------ */
/* Validation scan                                                      */

struct scan {
    size_t fix;    /* offset of the first byte needing a change (n = none) */
    int valid;     /* no invalid UTF-8 before the scan stopped */
    int multibyte; /* a valid multi-byte sequence was seen */
};

/* Scan s[0..n) as UTF-8. Stops at the first invalid sequence. When `full`
 * is 0 it also stops at the first place needing a fix (a replaced control,
 * U+FFFE/U+FFFF or a mojibake sequence); when 1 it goes on validating to
 * the end. */
static void utf8_scan(const unsigned char *s, size_t n, int full,
                      struct scan *r)
{
    size_t i = 0, fix = n;
    int multi = 0;

    while (i < n) {
        unsigned c;
        uint32_t cp;
        size_t k;

        i = skip_plain(s, i, n);
        if (i >= n)
            break;
        c = s[i];
        if (c < 0x80) {
            if (bad_c0(c) && fix == n) {
                fix = i;
                if (!full)
                    break;
            }
            i++;
            continue;
        }
        k = utf8_next(s + i, n - i, &cp);
        if (cp == BAD_CP) {
            if (fix > i)
                fix = i;
            r->fix = fix;
            r->valid = 0;
            r->multibyte = multi;
            return;
        }
        multi = 1;
        if (fix == n) {
            if (cp == 0xFFFE || cp == 0xFFFF ||
                (cp >= 0xC2 && cp <= 0xF4 && moji_maybe(s + i, n - i) &&
                 moji_match(s + i, n - i, NULL, NULL)))
                fix = i;
            if (fix != n && !full)
                break;
        }
        i += k;
    }
    r->fix = fix;
    r->valid = 1;
    r->multibyte = multi;
}

int anq__utf8_valid(const char *s, size_t len)
{
    struct scan r;

    if (!s)
        return len == 0;
    utf8_scan((const unsigned char *)s, len, 1, &r);
    return r.valid;
}

/* ------------------------------------------------------------------ */
/* Converters: with out == NULL they only count the output bytes.       */

/* UTF-8 with repairs. */
static size_t conv_utf8(const unsigned char *s, size_t n, unsigned char *out,
                        unsigned *warn)
{
    size_t i = 0, run = 0, o = 0;

    while (i < n) {
        unsigned c;
        uint32_t cp;
        size_t k;

        i = skip_plain(s, i, n);
        if (i >= n)
            break;
        c = s[i];
        if (c < 0x80) {
            if (bad_c0(c)) {
                o = put_span(out, o, s, run, i);
                o = put_cp(out, o, REPLACEMENT);
                run = ++i;
                *warn |= ANQ_INPUT_REPAIRED;
            } else {
                i++;
            }
            continue;
        }
        k = utf8_next(s + i, n - i, &cp);
        if (cp == BAD_CP || cp == 0xFFFE || cp == 0xFFFF) {
            o = put_span(out, o, s, run, i);
            o = put_cp(out, o, REPLACEMENT);
            i += k;
            run = i;
            *warn |= ANQ_INPUT_REPAIRED;
            continue;
        }
        i += k;
    }
    return put_span(out, o, s, run, n);
}

/* windows-1252 (Latin-1 with the 0x80..0x9F specials). The code point of
 * a non-ASCII byte, U+FFFD for the five undefined ones. */
static uint32_t cp1252_cp(unsigned c)
{
    uint32_t cp;

    if (c >= 0xA0)
        return c;
    cp = cp1252_high[c - 0x80];
    return cp ? cp : REPLACEMENT;
}

/* Output length of s[0..n) read as windows-1252. */
static size_t count_cp1252(const unsigned char *s, size_t n)
{
    size_t i = 0, total = n;

    while (i < n) {
        unsigned c;

        i = skip_plain(s, i, n);
        if (i >= n)
            break;
        c = s[i++];
        if (c >= 0x80)
            total += put_cp(NULL, 0, cp1252_cp(c)) - 1;
        else if (bad_c0(c))
            total += 2;
    }
    return total;
}

/* Write s[0..n) read as windows-1252 to out (sized by count_cp1252()). */
static void write_cp1252(const unsigned char *s, size_t n, unsigned char *out,
                         unsigned *warn)
{
    size_t i = 0, o = 0;

    while (i < n) {
        unsigned c;
        uint32_t cp;

        size_t j = skip_plain(s, i, n);

        if (j > i) {
            memcpy(out + o, s + i, j - i);
            o += j - i;
            i = j;
            if (i >= n)
                break;
        }
        c = s[i++];
        if (c < 0x80 && !bad_c0(c)) {
            out[o++] = (unsigned char)c;
            continue;
        }
        cp = c < 0x80 ? REPLACEMENT : cp1252_cp(c);
        if (cp == REPLACEMENT)
            *warn |= ANQ_INPUT_REPAIRED;
        o = put_cp(out, o, cp);
    }
}

/* UTF-16 (big-endian when `big`). */
static size_t conv_utf16(const unsigned char *s, size_t n, int big,
                         unsigned char *out, unsigned *warn)
{
    size_t i = 0, o = 0;

    while (i + 1 < n) {
        uint32_t u = big ? ((uint32_t)s[i] << 8 | s[i + 1])
                         : ((uint32_t)s[i + 1] << 8 | s[i]);
        uint32_t cp = u;
        int bad = 0;

        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF) {
            bad = 1;
            if (i + 1 < n) {
                uint32_t u2 = big ? ((uint32_t)s[i] << 8 | s[i + 1])
                                  : ((uint32_t)s[i + 1] << 8 | s[i]);
                if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
                    cp = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
                    i += 2;
                    bad = 0;
                }
            }
        } else if ((u >= 0xDC00 && u <= 0xDFFF) || bad_c0(u) || u == 0xFFFE ||
                   u == 0xFFFF) {
            bad = 1;
        }
        if (bad) {
            cp = REPLACEMENT;
            *warn |= ANQ_INPUT_REPAIRED;
        }
        o = put_cp(out, o, cp);
    }
    if (i < n) { /* odd trailing byte */
        *warn |= ANQ_INPUT_REPAIRED;
        o = put_cp(out, o, REPLACEMENT);
    }
    return o;
}

/* ------------------------------------------------------------------ */
/* Declaration prescan                                                  */

static int is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static unsigned to_lower(unsigned c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32u : c;
}

static int is_alpha(unsigned c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Case-insensitive: does s[0..n) start with the lowercase word w? */
static int starts_ci(const unsigned char *s, size_t n, const char *w)
{
    size_t k;

    for (k = 0; w[k]; k++)
        if (k >= n || to_lower(s[k]) != (unsigned char)w[k])
            return 0;
    return 1;
}

/* Case-insensitive: is s[0..n) exactly the lowercase word w? */
static int eq_ci(const unsigned char *s, size_t n, const char *w)
{
    return strlen(w) == n && starts_ci(s, n, w);
}

/* Known labels. Those of the brief, plus a few common spellings browsers
 * also accept. */
struct label {
    const char *name;
    enum anq_encoding enc;
};

static const struct label labels[] = {
    {"utf-8", ANQ_ENC_UTF8},
    {"utf8", ANQ_ENC_UTF8},
    {"unicode-1-1-utf-8", ANQ_ENC_UTF8},
    {"windows-1252", ANQ_ENC_WINDOWS_1252},
    {"cp1252", ANQ_ENC_WINDOWS_1252},
    {"x-cp1252", ANQ_ENC_WINDOWS_1252},
    {"iso-8859-1", ANQ_ENC_WINDOWS_1252},
    {"iso8859-1", ANQ_ENC_WINDOWS_1252},
    {"iso_8859-1", ANQ_ENC_WINDOWS_1252},
    {"iso88591", ANQ_ENC_WINDOWS_1252},
    {"iso-8859-15", ANQ_ENC_WINDOWS_1252},
    {"iso8859-15", ANQ_ENC_WINDOWS_1252},
    {"iso_8859-15", ANQ_ENC_WINDOWS_1252},
    {"latin1", ANQ_ENC_WINDOWS_1252},
    {"latin-1", ANQ_ENC_WINDOWS_1252},
    {"l1", ANQ_ENC_WINDOWS_1252},
    {"us-ascii", ANQ_ENC_WINDOWS_1252},
    {"ascii", ANQ_ENC_WINDOWS_1252},
};

/* Map a label (trimmed of spaces, and of a trailing "/" left by an
 * unquoted `charset=utf-8/>`) to an encoding; returns 0 when unknown. */
static int label_lookup(const unsigned char *s, size_t n, enum anq_encoding *enc)
{
    size_t k;

    while (n > 0 && is_space(s[0])) {
        s++;
        n--;
    }
    while (n > 0 && (is_space(s[n - 1]) || s[n - 1] == '/'))
        n--;
    for (k = 0; k < sizeof labels / sizeof labels[0]; k++) {
        if (eq_ci(s, n, labels[k].name)) {
            *enc = labels[k].enc;
            return 1;
        }
    }
    return 0;
}

struct attr {
    const unsigned char *name;
    size_t name_len;
    const unsigned char *val;
    size_t val_len;
};

/* Read the next attribute of a tag in s[*pos..end). Returns 1 with *a
 * filled, 0 at the '>' closing the tag (*pos just past it), -1 when the
 * window ends first. */
static int next_attr(const unsigned char *s, size_t end, size_t *pos,
                     struct attr *a)
{
    size_t i = *pos, start;

    while (i < end && (is_space(s[i]) || s[i] == '/'))
        i++;
    if (i >= end)
        return -1;
    if (s[i] == '>') {
        *pos = i + 1;
        return 0;
    }
    start = i;
    do
        i++;
    while (i < end && !is_space(s[i]) && s[i] != '=' && s[i] != '>' &&
           s[i] != '/');
    a->name = s + start;
    a->name_len = i - start;
    a->val = s + i;
    a->val_len = 0;
    while (i < end && is_space(s[i]))
        i++;
    if (i < end && s[i] == '=') {
        i++;
        while (i < end && is_space(s[i]))
            i++;
        if (i >= end)
            return -1;
        if (s[i] == '"' || s[i] == '\'') {
            const unsigned char *q = memchr(s + i + 1, s[i], end - i - 1);
            if (!q)
                return -1;
            a->val = s + i + 1;
            a->val_len = (size_t)(q - (s + i + 1));
            i = (size_t)(q - s) + 1;
        } else {
            start = i;
            while (i < end && !is_space(s[i]) && s[i] != '>')
                i++;
            a->val = s + start;
            a->val_len = i - start;
        }
    }
    *pos = i;
    return 1;
}

/* The charset in a Content-Type value ("text/html; charset=X"). Returns 1
 * and the label's span, or 0. */
static int content_charset(const unsigned char *s, size_t n,
                           const unsigned char **lab, size_t *lab_len)
{
    size_t i = 0;

    while (i + 7 <= n) {
        size_t j, start;

        if (!starts_ci(s + i, n - i, "charset")) {
            i++;
            continue;
        }
        j = i + 7;
        while (j < n && is_space(s[j]))
            j++;
        if (j >= n || s[j] != '=') {
            i = j;
            continue;
        }
        j++;
        while (j < n && is_space(s[j]))
            j++;
        if (j >= n)
            return 0;
        if (s[j] == '"' || s[j] == '\'') {
            const unsigned char *q = memchr(s + j + 1, s[j], n - j - 1);
            if (!q)
                return 0;
            *lab = s + j + 1;
            *lab_len = (size_t)(q - (s + j + 1));
            return 1;
        }
        start = j;
        while (j < n && !is_space(s[j]) && s[j] != ';')
            j++;
        *lab = s + start;
        *lab_len = j - start;
        return 1;
    }
    return 0;
}

/* Examine the attributes of a <meta> tag starting at s[*pos]. Returns 1
 * with *enc set when it declares a recognised encoding, 0 otherwise, -1
 * when the window ends inside the tag. *pos ends past the tag. */
static int meta_decl(const unsigned char *s, size_t end, size_t *pos,
                     enum anq_encoding *enc)
{
    const unsigned char *charset = NULL, *content = NULL;
    size_t charset_len = 0, content_len = 0;
    int seen_http_equiv = 0, pragma = 0, seen_charset = 0, seen_content = 0;
    struct attr a;
    int rc;

    while ((rc = next_attr(s, end, pos, &a)) == 1) {
        /* Like browsers, only the first occurrence of a name counts. */
        if (eq_ci(a.name, a.name_len, "charset")) {
            if (!seen_charset) {
                seen_charset = 1;
                charset = a.val;
                charset_len = a.val_len;
            }
        } else if (eq_ci(a.name, a.name_len, "http-equiv")) {
            if (!seen_http_equiv) {
                seen_http_equiv = 1;
                pragma = eq_ci(a.val, a.val_len, "content-type");
            }
        } else if (eq_ci(a.name, a.name_len, "content")) {
            if (!seen_content) {
                seen_content = 1;
                content = a.val;
                content_len = a.val_len;
            }
        }
    }
    if (rc < 0)
        return -1;
    if (seen_charset)
        return label_lookup(charset, charset_len, enc);
    if (pragma && seen_content) {
        const unsigned char *lab;
        size_t lab_len;
        if (content_charset(content, content_len, &lab, &lab_len))
            return label_lookup(lab, lab_len, enc);
    }
    return 0;
}

/* Skip the attributes of any other tag; returns 0, or -1 at the window's
 * end. */
static int skip_tag(const unsigned char *s, size_t end, size_t *pos)
{
    struct attr a;
    int rc;

    while ((rc = next_attr(s, end, pos, &a)) == 1)
        ;
    return rc;
}

/* Look for an encoding declaration in s[0..n). Returns 1 with *enc set
 * when a recognised one is found. */
static int prescan(const unsigned char *s, size_t n, enum anq_encoding *enc)
{
    size_t end = n < PRESCAN_MAX ? n : PRESCAN_MAX;
    size_t i = 0;

    /* <?xml … encoding="X"?> at the very start (leading whitespace
     * tolerated). */
    while (i < end && is_space(s[i]))
        i++;
    if (starts_ci(s + i, end - i, "<?xml") && i + 5 < end &&
        is_space(s[i + 5])) {
        struct attr a;
        int rc;
        size_t pos = i + 5;

        while ((rc = next_attr(s, end, &pos, &a)) == 1) {
            if (eq_ci(a.name, a.name_len, "encoding") &&
                label_lookup(a.val, a.val_len, enc))
                return 1;
        }
        if (rc < 0)
            return 0;
        i = pos;
    }

    /* Only a <meta> can declare anything from here on: without one the
     * walk below cannot find a declaration (it would only skip tags). */
    if (!anq__find_nocase((const char *)s + i, end - i, "<meta"))
        return 0;
    while (i < end) {
        const unsigned char *p = memchr(s + i, '<', end - i);
        size_t rest;

        if (!p)
            break;
        i = (size_t)(p - s);
        rest = end - i;
        if (starts_ci(s + i, rest, "<!--")) {
            /* The dashes of "-->" may overlap those of "<!--" ("<!-->"),
             * so the '>' is looked for from i + 4 on. */
            size_t j = i + 4;
            int closed = 0;
            while (j < end) {
                const unsigned char *q = memchr(s + j, '>', end - j);
                if (!q)
                    break;
                j = (size_t)(q - s);
                if (s[j - 1] == '-' && s[j - 2] == '-') {
                    closed = 1;
                    break;
                }
                j++;
            }
            if (!closed)
                return 0; /* unterminated comment: nothing more to see */
            i = j + 1;
        } else if (starts_ci(s + i, rest, "<meta") && rest > 5 &&
                   (is_space(s[i + 5]) || s[i + 5] == '/')) {
            size_t pos = i + 5;
            int rc = meta_decl(s, end, &pos, enc);
            if (rc != 0)
                return rc > 0;
            i = pos;
        } else if (starts_ci(s + i, rest, "</head") &&
                   (rest == 6 || is_space(s[i + 6]) || s[i + 6] == '>')) {
            break;
        } else if ((rest > 1 && is_alpha(s[i + 1])) ||
                   (rest > 2 && s[i + 1] == '/' && is_alpha(s[i + 2]))) {
            size_t pos = i + 1;
            while (pos < end && !is_space(s[pos]) && s[pos] != '>')
                pos++;
            if (skip_tag(s, end, &pos) < 0)
                return 0;
            i = pos;
        } else if (rest > 1 && (s[i + 1] == '!' || s[i + 1] == '/' ||
                                s[i + 1] == '?')) {
            const unsigned char *q = memchr(s + i, '>', rest);
            if (!q)
                return 0;
            i = (size_t)(q - s) + 1;
        } else {
            i++;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Sniffing                                                             */

struct sniff {
    enum anq_encoding enc;
    size_t bom;
    int guessed;
    struct scan sc;  /* scan of the bytes after a UTF-8 BOM or of the whole
                        input; unused for UTF-16 */
};

static void sniff(const unsigned char *s, size_t n, struct sniff *r)
{
    enum anq_encoding decl = ANQ_ENC_UTF8;
    int declared;

    r->bom = 0;
    r->guessed = 0;
    r->sc.fix = 0;
    r->sc.valid = 1;
    r->sc.multibyte = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        r->enc = ANQ_ENC_UTF8;
        r->bom = 3;
        utf8_scan(s + 3, n - 3, 0, &r->sc);
        return;
    }
    if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        r->enc = ANQ_ENC_UTF16LE;
        r->bom = 2;
        return;
    }
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        r->enc = ANQ_ENC_UTF16BE;
        r->bom = 2;
        return;
    }
    declared = prescan(s, n, &decl);
    /* Declared UTF-8 needs no validity verdict, only where fixing starts;
     * otherwise validate everything. */
    utf8_scan(s, n, !(declared && decl == ANQ_ENC_UTF8), &r->sc);
    if (declared && decl == ANQ_ENC_UTF8) {
        r->enc = ANQ_ENC_UTF8;
    } else if (declared) {
        /* Declared windows-1252 but valid UTF-8 with a multi-byte sequence:
         * the declaration lies (see the top of this file). */
        r->enc = (r->sc.valid && r->sc.multibyte) ? ANQ_ENC_UTF8
                                                  : ANQ_ENC_WINDOWS_1252;
    } else if (r->sc.valid) {
        r->enc = ANQ_ENC_UTF8;
    } else {
        r->enc = ANQ_ENC_WINDOWS_1252;
        r->guessed = 1;
    }
}

enum anq_encoding anq__input_sniff(const char *data, size_t len,
                                   size_t *bom_len, int *guessed)
{
    struct sniff r;

    if (!data)
        len = 0;
    sniff((const unsigned char *)data, len, &r);
    if (bom_len)
        *bom_len = r.bom;
    if (guessed)
        *guessed = r.guessed;
    return r.enc;
}

/* ------------------------------------------------------------------ */
/* Conversion                                                           */

/* The conversion of s[0..len) once sniffed (r: NULL to sniff here). */
static int to_utf8(const char *data, size_t len, const struct sniff *sniffed, char **out,
                   size_t *out_len, unsigned *warn)
{
    const unsigned char *s = (const unsigned char *)data;
    struct sniff r;
    unsigned w = 0;
    unsigned char *buf;
    size_t n, total, start = 0;

    if (!out)
        return ANQ_ERR_INVALID_ARG;
    *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!data && len)
        return ANQ_ERR_INVALID_ARG;
    if (!data)
        s = (const unsigned char *)"";
    /* Output is at most 3 bytes per input byte (plus the NUL). */
    if (len > (SIZE_MAX - 1) / 3)
        return ANQ_ERR_NOMEM;

    if (sniffed)
        r = *sniffed;
    else
        sniff(s, len, &r);
    s += r.bom;
    n = len - r.bom;

    switch (r.enc) {
    case ANQ_ENC_UTF8:
        start = r.sc.fix;
        if (start == n) { /* the common case: nothing to fix */
            buf = anq__malloc(n + 1);
            if (!buf)
                return ANQ_ERR_NOMEM;
            memcpy(buf, s, n);
            total = n;
            goto done;
        }
        total = start + conv_utf8(s + start, n - start, NULL, &w);
        buf = anq__malloc(total + 1);
        if (!buf)
            return ANQ_ERR_NOMEM;
        memcpy(buf, s, start);
        conv_utf8(s + start, n - start, buf + start, &w);
        break;
    case ANQ_ENC_WINDOWS_1252:
        total = count_cp1252(s, n);
        buf = anq__malloc(total + 1);
        if (!buf)
            return ANQ_ERR_NOMEM;
        write_cp1252(s, n, buf, &w);
        if (r.guessed)
            w |= ANQ_INPUT_GUESSED; /* guessed means invalid UTF-8, so
                                       there were non-ASCII bytes */
        break;
    case ANQ_ENC_UTF16LE:
    case ANQ_ENC_UTF16BE:
    default:
        total = conv_utf16(s, n, r.enc == ANQ_ENC_UTF16BE, NULL, &w);
        buf = anq__malloc(total + 1);
        if (!buf)
            return ANQ_ERR_NOMEM;
        conv_utf16(s, n, r.enc == ANQ_ENC_UTF16BE, buf, &w);
        break;
    }
    /* The prefix before `start` was checked free of mojibake by the scan. */
    total = moji_fix(buf, start, total, &w);

done:
    buf[total] = '\0';
    *out = (char *)buf;
    if (out_len)
        *out_len = total;
    if (warn)
        *warn |= w;
    return 0;
}

int anq__input_to_utf8(const char *data, size_t len, char **out,
                       size_t *out_len, unsigned *warn)
{
    return to_utf8(data, len, NULL, out, out_len, warn);
}

int anq__input_view(const char *data, size_t len, const char **view,
                    size_t *view_len, char **owned, unsigned *warn)
{
    *owned = NULL;
    *view = NULL;
    *view_len = 0;
    if (!data && len)
        return ANQ_ERR_INVALID_ARG;
    struct sniff r, *sniffed = NULL;
    if (data && len) {
        sniff((const unsigned char *)data, len, &r);
        if (r.enc == ANQ_ENC_UTF8 && r.sc.fix == len - r.bom) {
            /* valid UTF-8 with nothing to fix: read the caller's bytes */
            *view = data + r.bom;
            *view_len = len - r.bom;
            return 0;
        }
        sniffed = &r;
    }
    size_t n = 0;
    int rc = to_utf8(data, len, sniffed, owned, &n, warn);
    if (rc != 0)
        return rc;
    *view = *owned;
    *view_len = n;
    return 0;
}
