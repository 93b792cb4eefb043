/* SPDX-License-Identifier: MIT */
/* What every fuzz target shares: the library set up once, and the report
 * of a broken invariant (fuzz.h). */
#include <stdio.h>
#include <stdlib.h>

#include "anq.h"
#include "fuzz.h"

_Noreturn void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    anq_init();
    return 0;
}
