/* SPDX-License-Identifier: MIT */
/* A growable byte buffer with a sticky out-of-memory flag: writers never
 * check each append, they check `oom` once at the end. Once `oom` is set the
 * buffer is empty (len 0, anq__buf_cstr() gives ""), so that a string and
 * its length taken from it always agree. */
#ifndef ANQ_BUF_H
#define ANQ_BUF_H

#include <stddef.h>

typedef struct anq_buf {
    char *data;   /* NUL-terminated when len > 0 or after anq__buf_cstr() */
    size_t len;
    size_t cap;
    int oom;
} anq_buf;

#define ANQ_BUF_INIT {NULL, 0, 0, 0}

int anq__buf_reserve(anq_buf *b, size_t extra);
void anq__buf_add(anq_buf *b, const char *s, size_t n);
void anq__buf_adds(anq_buf *b, const char *s);
void anq__buf_addc(anq_buf *b, char c);
/* Append the decimal form of v. */
void anq__buf_addi(anq_buf *b, long long v);
/* Always a valid NUL-terminated string ("" when empty or on OOM). */
const char *anq__buf_cstr(anq_buf *b);
void anq__buf_clear(anq_buf *b);
void anq__buf_free(anq_buf *b);

#endif
