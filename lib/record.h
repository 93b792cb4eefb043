/* SPDX-License-Identifier: MIT */
/* The record: an arena that owns every byte of a question, and the builders
 * the extractors use to set fields. Builders never fail loudly: on an
 * allocation failure they set `oom` and become no-ops; anq_parse() turns
 * that into ANQ_ERR_NOMEM. */
#ifndef ANQ_RECORD_H
#define ANQ_RECORD_H

#include <stddef.h>

#include "anq.h"
#include "buf.h"

typedef struct anq_chunk anq_chunk;

/* One block of the record's arena (the tests walk them). Finishing gives
 * back the unused room of each that has ANQ_REC_SHRINK_MIN bytes or more. */
#define ANQ_REC_SHRINK_MIN 64
/* where a chunk's data starts: after its header, 16-byte aligned */
#define ANQ_CHUNK_HDR ((sizeof(anq_chunk) + 15u) & ~(size_t)15u)
struct anq_chunk {
    anq_chunk *next;
    size_t used;
    size_t cap;
    /* data follows, max_align_t aligned */
};

typedef struct anq_rec {
    anq_question q;          /* must stay first: the public pointer is &rec->q */
    anq_chunk *chunks;
    void **owned;            /* blocks taken from buffers (anq__rec_take) */
    size_t owned_count, owned_cap;
    int oom;
    size_t attributions_cap, analyses_cap, events_cap, warnings_cap;
} anq_rec;

anq_rec *anq__rec_new(void);
void anq__rec_free(anq_rec *r);

/* Arena allocation (8-byte aligned); NULL and r->oom on failure. */
void *anq__rec_alloc(anq_rec *r, size_t n);
/* Copy s[0..len) as a NUL-terminated string. */
const char *anq__rec_strndup(anq_rec *r, const char *s, size_t len);
/* Take b->data[off .. off + len) (within b->len) into the record: a long
 * string stays in b's own block, shrunk to size, which the record frees
 * (no copy); a short one is copied into the arena. b is left empty either
 * way. Returns the string, or NULL with r->oom set. */
const char *anq__rec_take(anq_rec *r, anq_buf *b, size_t off, size_t len);
/* Copy with whitespace folded (anq__fold_ws); NULL when nothing is left. */
const char *anq__rec_clean(anq_rec *r, const char *s, size_t len);

/* Set *field to the cleaned copy of s[0..len) when it is not empty and the
 * field is not already set (first writer wins). Returns 1 when set. */
int anq__rec_set(anq_rec *r, const char **field, const char *s, size_t len);
/* Same, overwriting any previous value. */
int anq__rec_replace(anq_rec *r, const char **field, const char *s, size_t len);

void anq__rec_add_attribution(anq_rec *r, const char *ministry, size_t len,
                              const anq_date *date);
void anq__rec_add_analysis(anq_rec *r, const char *s, size_t len);
/* Split s on ';' and on ". " (a full stop followed by a space or the end)
 * and add each trimmed, non-empty item as an analysis. */
void anq__rec_add_analyses_split(anq_rec *r, const char *s, size_t len);
void anq__rec_add_event(anq_rec *r, int kind, const anq_date *date, int jo_page);
/* Add a warning (a copy of the NUL-terminated string), once. */
void anq__rec_warn(anq_rec *r, const char *w);
/* Add "field_missing:NAME". */
void anq__rec_warn_missing(anq_rec *r, const char *name);

/* Set author.name from a printed name, removing a leading civility ("M.",
 * "Mme", "Mlle", "Monsieur", "Madame"), which goes to author.civility when
 * that is not set yet. */
void anq__rec_set_author_name(anq_rec *r, const char *s, size_t len);

/* Split author.name into first/last when it has exactly two words. */
void anq__rec_split_name(anq_rec *r);
/* Fill derived fields (uid, size) before handing the record out. */
void anq__rec_finish(anq_rec *r);

/* Whitespace folding shared by every field: runs of ASCII whitespace become
 * one space, leading and trailing ASCII whitespace and U+00A0 are removed;
 * inner U+00A0 is kept. Appends to the buffer dst (capacity >= len + 1) and
 * returns the new length. */
size_t anq__fold_ws(const char *s, size_t len, char *dst);

#endif
