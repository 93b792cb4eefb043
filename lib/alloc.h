/* SPDX-License-Identifier: MIT */
/* The one allocation seam of the library: every byte anq allocates goes
 * through these four functions, so tests can count and fail allocations. */
#ifndef ANQ_ALLOC_H
#define ANQ_ALLOC_H

#include <stddef.h>

void *anq__malloc(size_t n);
void *anq__calloc(size_t count, size_t size);
void *anq__realloc(void *p, size_t n);
void anq__free(void *p);

/* Test seam (thread-local, only meant for tests): after `n` more successful
 * allocations every allocation fails; n < 0 disables the failure point.
 * anq__alloc_count() returns the allocations made since the last call to
 * anq__alloc_fail_after(). */
void anq__alloc_fail_after(long n);
long anq__alloc_count(void);

/* Test seam (thread-local): when on, code that shrinks a block it owns
 * moves it instead (a new block, a copy, the old one freed), as a C
 * library's realloc may; anq__alloc_moving() says whether it is on. */
void anq__alloc_set_moving(int on);
int anq__alloc_moving(void);

#endif
