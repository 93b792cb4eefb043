/* SPDX-License-Identifier: MIT */
/* Helpers shared by the robustness tests (test_hostile, test_oom,
 * test_threads): reading the fixture pages of the source tree and checking
 * what anq_parse() gives back. Assertions are cmocka's. */
#ifndef ANQ_TEST_FIXTURES_H
#define ANQ_TEST_FIXTURES_H

#include <stddef.h>

#include "anq.h"

typedef struct fx_page {
    char *path;  /* malloc'd */
    char *data;  /* malloc'd, NUL-terminated */
    size_t len;
} fx_page;

typedef struct fx_set {
    fx_page *pages;
    size_t count;
} fx_set;

/* Read a whole file; NULL when it cannot be read. The buffer is
 * NUL-terminated (not counted in *len); free it with free(). */
char *fx_read(const char *path, size_t *len);

/* Add every page (*.html, *.htm, *.xml) of folder `dir` to `set`; with
 * `recurse`, of its sub-folders too (sorted by path). A missing folder adds
 * nothing. Returns the number of pages added. */
size_t fx_add_dir(fx_set *set, const char *dir, int recurse);

/* The project's own fixture pages: tests/golden/<layout>/ and
 * the .html pages of examples/ under the source root the build passed in
 * ANQ_SOURCE_ROOT. Fails the test when there are none. */
void fx_load_fixtures(fx_set *set);
void fx_free(fx_set *set);

/* The codes anq_parse() may fail with (include/anq.h). */
int fx_parse_error_code(int code);

/* Check the promises of include/anq.h on a record: valid UTF-8 in every
 * string, counts with non-NULL arrays, absent or real dates, a number, the
 * JSON (plain and pretty) valid UTF-8. */
void fx_check_record(const anq_question *q);

/* Parse and accept either a record (checked with fx_check_record) or a
 * clean error (a documented code and a message). Returns the record's JSON
 * (free with anq_free) or NULL for an error, with *code set. */
char *fx_parse_outcome(const char *data, size_t len, unsigned flags, int *code);

/* The record's JSON; fails the test when anq_question_to_json fails. */
char *fx_json(const anq_question *q);

#endif
