/* SPDX-License-Identifier: MIT */
/* Heap accounting for the benchmarks: bench/heap.c provides malloc, calloc,
 * realloc and free for the whole process (libanq's and libxml2's
 * allocations included) and counts the bytes in use. Only for the
 * benchmark programs, which are single-threaded. */
#ifndef ANQ_BENCH_HEAP_H
#define ANQ_BENCH_HEAP_H

#include <stddef.h>

extern size_t heap_now;  /* bytes in use now */
extern size_t heap_peak; /* highest heap_now since the last reset */

/* Allocation without accounting (the benchmark's own buffers). */
void *bench_raw_malloc(size_t n);
void *bench_raw_realloc(void *p, size_t n);
void bench_raw_free(void *p);

#endif
