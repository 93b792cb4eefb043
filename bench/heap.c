/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "heap.h"

#include <malloc.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

size_t heap_now, heap_peak;

static void count_in(void *p)
{
    if (!p)
        return;
    heap_now += malloc_usable_size(p);
    if (heap_now > heap_peak)
        heap_peak = heap_now;
}

void *malloc(size_t n)
{
    void *p = __libc_malloc(n);
    count_in(p);
    return p;
}

void *calloc(size_t a, size_t b)
{
    void *p = __libc_calloc(a, b);
    count_in(p);
    return p;
}

void *realloc(void *old, size_t n)
{
    size_t before = old ? malloc_usable_size(old) : 0;
    void *p = __libc_realloc(old, n);
    if (p) {
        heap_now -= before;
        count_in(p);
    }
    return p;
}

void free(void *p)
{
    if (!p)
        return;
    heap_now -= malloc_usable_size(p);
    __libc_free(p);
}

void *bench_raw_malloc(size_t n)
{
    return __libc_malloc(n);
}

void *bench_raw_realloc(void *p, size_t n)
{
    return __libc_realloc(p, n);
}

void bench_raw_free(void *p)
{
    __libc_free(p);
}
