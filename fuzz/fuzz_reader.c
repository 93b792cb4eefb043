/* SPDX-License-Identifier: MIT */
/* Fuzz target for the open-data streaming reader: the input is read through
 * anq_reader_open_io() in chunks whose sizes come from the first input
 * byte (1 to 256 bytes, or 64 KiB), every question is turned into JSON, and
 * the reader is read to its end. Checked (anq.h):
 *   - anq_reader_next() returns 1 with a record, 0 with none, or a negative
 *     code with none, the code being the opposite of err.code;
 *   - after 0, every later call returns 0 again;
 *   - every record's strings are valid UTF-8 and it has a number;
 *   - the loop ends: at most one error or record per input byte, plus a few. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anq.h"
#include "fuzz.h"
#include "input.h"

typedef struct src {
    const uint8_t *p;
    size_t left;
    size_t chunk;
} src;

static int read_chunk(void *ctx, char *buf, size_t cap, size_t *got)
{
    src *s = ctx;
    size_t n = s->chunk < cap ? s->chunk : cap;
    if (n > s->left)
        n = s->left;
    memcpy(buf, s->p, n);
    s->p += n;
    s->left -= n;
    *got = n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    src s = {data + 1, size - 1, data[0] == 255 ? 65536 : (size_t)data[0] + 1};
    anq_error err;
    anq_reader *r = anq_reader_open_io(read_chunk, &s, data[0] & 1 ? ANQ_PARSE_NO_HTML : 0, &err);
    if (!r) {
        FUZZ_CHECK(err.code == ANQ_ERR_NOMEM);
        return 0;
    }
    size_t steps = 0, limit = size + 16;
    for (;;) {
        anq_question *q = (anq_question *)1;
        int rc = anq_reader_next(r, &q, &err);
        FUZZ_CHECK(++steps <= limit);
        if (rc == 0) {
            FUZZ_CHECK(q == NULL);
            anq_question *q2 = (anq_question *)1;
            FUZZ_CHECK(anq_reader_next(r, &q2, &err) == 0 && q2 == NULL);
            break;
        }
        if (rc < 0) {
            FUZZ_CHECK(q == NULL);
            FUZZ_CHECK(-rc == err.code && err.code > 0);
            continue;
        }
        FUZZ_CHECK(rc == 1 && q != NULL);
        FUZZ_CHECK(q->number > 0);
        char *json = anq_question_to_json(q, 0);
        FUZZ_CHECK(json != NULL);
        FUZZ_CHECK(anq__utf8_valid(json, strlen(json)));
        anq_free(json);
        anq_question_free(q);
    }
    anq_reader_close(r);
    return 0;
}
