/* SPDX-License-Identifier: MIT */
#include "buf.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

/* Out of memory: drop the content too, so that len and anq__buf_cstr()
 * ("") keep agreeing; callers pass (anq__buf_cstr(b), b->len) along. */
static int buf_fail(anq_buf *b)
{
    b->oom = 1;
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
    return 0;
}

int anq__buf_reserve(anq_buf *b, size_t extra)
{
    if (b->oom)
        return 0;
    if (extra > (size_t)-1 / 2 - b->len - 1)
        return buf_fail(b);
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = anq__realloc(b->data, cap);
    if (!p)
        return buf_fail(b);
    b->data = p;
    b->cap = cap;
    return 1;
}

void anq__buf_add(anq_buf *b, const char *s, size_t n)
{
    if (n == 0 || !anq__buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void anq__buf_adds(anq_buf *b, const char *s)
{
    anq__buf_add(b, s, strlen(s));
}

void anq__buf_addc(anq_buf *b, char c)
{
    if (!anq__buf_reserve(b, 1))
        return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void anq__buf_addi(anq_buf *b, long long v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", v);
    if (n > 0)
        anq__buf_add(b, tmp, (size_t)n);
}

const char *anq__buf_cstr(anq_buf *b)
{
    if (b->oom || !b->data)
        return "";
    return b->data;
}

void anq__buf_clear(anq_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void anq__buf_free(anq_buf *b)
{
    anq__free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
