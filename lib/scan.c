/* SPDX-License-Identifier: MIT */
#include "scan.h"

#include <string.h>

#include "anq.h"

const char *anq__find_bytes(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return hay;
    if (n > len)
        return NULL;
    const char *end = hay + len - n + 1;
    const char *p = hay;
    while (p < end) {
        p = memchr(p, needle[0], (size_t)(end - p));
        if (!p)
            return NULL;
        if (memcmp(p, needle, n) == 0)
            return p;
        p++;
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

const char *anq__find_nocase(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return hay;
    if (n > len)
        return NULL;
    unsigned char f = lower((unsigned char)needle[0]);
    unsigned char F = (f >= 'a' && f <= 'z') ? (unsigned char)(f - 32) : f;
    for (size_t i = 0; i + n <= len; i++) {
        unsigned char c = (unsigned char)hay[i];
        if ((c == f || c == F) && anq__starts_nocase(hay + i, len - i, needle))
            return hay + i;
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

/* added for an_legacy */
size_t anq__end_br_fix(char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i + 4 < len; i++) {
        if (s[i] != '<' || s[i + 1] != '/' || !anq__starts_nocase(s + i + 2, len - i - 2, "br"))
            continue;
        size_t j = i + 4;
        while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
            j++;
        if (j >= len || s[j] != '>')
            continue;
        s[i + 1] = s[i + 2];
        s[i + 2] = s[i + 3];
        s[i + 3] = '/';
        n++;
        i = j;
    }
    return n;
}
