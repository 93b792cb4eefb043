/* SPDX-License-Identifier: MIT */
/* The extractor interface: one implementation per page layout, each in its
 * own file, listed once in detect.c. Extractors never include each other. */
#ifndef ANQ_FORMATS_H
#define ANQ_FORMATS_H

#include <stddef.h>

#include "anq.h"
#include "record.h"

typedef struct anq_ctx {
    const char *src;   /* the page as valid UTF-8; NOT NUL-terminated: use len */
    size_t len;
    anq_rec *rec;      /* the record being built */
    unsigned flags;    /* the caller's ANQ_PARSE_* flags */
    int want_html;     /* build question_html / answer_html */
    anq_error *err;    /* never NULL */
} anq_ctx;

typedef struct anq_extractor {
    int format;        /* enum anq_format */
    /* How sure the layout's own markers make us that src is this layout:
     * 0 = not this layout; 1..100. Cheap byte scans only. */
    int (*detect)(const char *src, size_t len);
    /* Fill ctx->rec. Returns ANQ_OK or an error code set with anq__fail(). */
    int (*extract)(anq_ctx *ctx);
} anq_extractor;

/* Record an error in ctx->err and return `code`. */
int anq__fail(anq_ctx *ctx, int code, const char *field, const char *msg);

/* The extractor for a format, or NULL when this build has none. */
const anq_extractor *anq__extractor(int format);
/* The best extractor for src, or NULL when no layout recognises it. */
const anq_extractor *anq__detect(const char *src, size_t len);
/* True when src is one of the Assemblée's (or a proxy's) error pages. */
int anq__is_error_page(const char *src, size_t len);

extern const anq_extractor anq__fmt_nosdeputes;
extern const anq_extractor anq__fmt_an_fiche;
extern const anq_extractor anq__fmt_an_table;
extern const anq_extractor anq__fmt_an_legacy;
extern const anq_extractor anq__fmt_an_xml_view;
extern const anq_extractor anq__fmt_an_dyn;
extern const anq_extractor anq__fmt_an_opendata;

#endif
