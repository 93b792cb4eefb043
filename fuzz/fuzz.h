/* SPDX-License-Identifier: MIT */
/* The libFuzzer entry points of anq's fuzz targets, shared by the targets
 * and by replay.c (which stands in for libFuzzer in ordinary builds). */
#ifndef ANQ_FUZZ_H
#define ANQ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Abort with a message on stderr when `cond` is false: a broken invariant is
 * a finding, like a crash. */
#define FUZZ_CHECK(cond)                                                      \
    do {                                                                      \
        if (!(cond))                                                          \
            fuzz_fail(__FILE__, __LINE__, #cond);                             \
    } while (0)

_Noreturn void fuzz_fail(const char *file, int line, const char *what);

#endif
