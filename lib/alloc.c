/* SPDX-License-Identifier: MIT */
#include "alloc.h"

#include <stdlib.h>

static _Thread_local long fail_after = -1;
static _Thread_local long alloc_count;
static _Thread_local int moving;

void anq__alloc_fail_after(long n)
{
    fail_after = n;
    alloc_count = 0;
}

long anq__alloc_count(void)
{
    return alloc_count;
}

void anq__alloc_set_moving(int on)
{
    moving = on;
}

int anq__alloc_moving(void)
{
    return moving;
}

static int should_fail(void)
{
    if (fail_after < 0)
        return 0;
    if (alloc_count >= fail_after)
        return 1;
    alloc_count++;
    return 0;
}

void *anq__malloc(size_t n)
{
    if (should_fail())
        return NULL;
    if (fail_after < 0)
        alloc_count++;
    return malloc(n ? n : 1);
}

void *anq__calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    if (fail_after < 0)
        alloc_count++;
    return calloc(count ? count : 1, size ? size : 1);
}

void *anq__realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    if (fail_after < 0)
        alloc_count++;
    return realloc(p, n ? n : 1);
}

void anq__free(void *p)
{
    free(p);
}
