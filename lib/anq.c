/* SPDX-License-Identifier: MIT */
/* The public entry points: arguments, input, detection, extraction, and the
 * record handed to the caller. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "anq.h"
#include "formats/formats.h"
#include "html.h"
#include "input.h"
#include "record.h"

static const char *const status_messages[ANQ_STATUS_COUNT] = {
    "success",
    "out of memory",
    "invalid argument",
    "input too large",
    "elements nested too deeply",
    "empty input",
    "the markup could not be parsed",
    "not a question page",
    "question number not found",
    "the page is not in the requested layout",
    "the input's encoding cannot be read",
    "the file could not be read",
    "not a question identifier or URL",
};

static const char *const status_names[ANQ_STATUS_COUNT] = {
    "ok", "nomem", "invalid_arg", "too_large", "too_deep", "empty", "parse",
    "not_a_question", "no_number", "format_mismatch", "encoding", "io",
    "bad_id",
};

static const char *const format_names[ANQ_FORMAT_COUNT] = {
    "unknown", "nosdeputes", "an_fiche", "an_table", "an_legacy",
    "an_xml_view", "an_dyn", "an_opendata",
};

const char *anq_strerror(int code)
{
    if (code < 0 || code >= ANQ_STATUS_COUNT)
        return "unknown error";
    return status_messages[code];
}

const char *anq_status_name(int code)
{
    if (code < 0 || code >= ANQ_STATUS_COUNT)
        return "unknown";
    return status_names[code];
}

const char *anq_version(void)
{
    return ANQ_VERSION_STRING;
}

const char *anq_format_name(int format)
{
    if (format < 0 || format >= ANQ_FORMAT_COUNT)
        return "unknown";
    return format_names[format];
}

int anq_format_from_name(const char *name)
{
    if (!name)
        return ANQ_FORMAT_UNKNOWN;
    for (int i = 1; i < ANQ_FORMAT_COUNT; i++)
        if (strcmp(name, format_names[i]) == 0)
            return i;
    return ANQ_FORMAT_UNKNOWN;
}

const char *anq_type_name(int type)
{
    switch (type) {
    case ANQ_TYPE_QE: return "QE";
    case ANQ_TYPE_QOSD: return "QOSD";
    case ANQ_TYPE_QG: return "QG";
    default: return NULL;
    }
}

const char *anq_status_kind_name(int status)
{
    switch (status) {
    case ANQ_STATUS_ANSWERED: return "answered";
    case ANQ_STATUS_OPEN: return "open";
    case ANQ_STATUS_WITHDRAWN: return "withdrawn";
    case ANQ_STATUS_LAPSED: return "lapsed";
    default: return "unknown";
    }
}

const char *anq_event_kind_name(int kind)
{
    switch (kind) {
    case ANQ_EVENT_ATTRIBUTION_CHANGE: return "attribution_change";
    case ANQ_EVENT_SIGNALEMENT: return "signalement";
    case ANQ_EVENT_RENEWAL: return "renewal";
    case ANQ_EVENT_ERRATUM_QUESTION: return "erratum_question";
    case ANQ_EVENT_ERRATUM_ANSWER: return "erratum_answer";
    default: return "unknown";
    }
}

int anq_init(void)
{
    anq__html_init();
    return ANQ_OK;
}

void anq_free(void *p)
{
    anq__free(p);
}

void anq_question_free(anq_question *q)
{
    anq__rec_free((anq_rec *)q);
}

static void set_error(anq_error *err, int code, const char *field, const char *msg)
{
    err->code = code;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    snprintf(err->message, sizeof err->message, "%s", msg ? msg : anq_strerror(code));
}

static int is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0)
            return 0;
    }
    return 1;
}

anq_question *anq_parse(const char *data, size_t len, unsigned flags, anq_error *err)
{
    anq_error local;
    if (!err)
        err = &local;
    memset(err, 0, sizeof *err);

    if (!data && len) {
        set_error(err, ANQ_ERR_INVALID_ARG, NULL, "data is NULL but len is not 0");
        return NULL;
    }
    if (flags & ~ANQ_PARSE_ALL_FLAGS) {
        set_error(err, ANQ_ERR_INVALID_ARG, NULL, "unknown flag bits");
        return NULL;
    }
    int forced = (int)ANQ_PARSE_FORMAT(flags);
    if (forced >= ANQ_FORMAT_COUNT) {
        set_error(err, ANQ_ERR_INVALID_ARG, "format", "unknown format in flags");
        return NULL;
    }
    if (len == 0 || is_blank(data, len)) {
        set_error(err, ANQ_ERR_EMPTY, NULL, NULL);
        return NULL;
    }
    if (len > ANQ_MAX_INPUT) {
        set_error(err, ANQ_ERR_TOO_LARGE, NULL, "input is larger than ANQ_MAX_INPUT (64 MiB)");
        return NULL;
    }
    anq_init();

    char *utf8 = NULL;       /* owned conversion, or NULL when reading data itself */
    const char *src = NULL;
    size_t ulen = 0;
    unsigned warn = 0;
    if (anq__input_view(data, len, &src, &ulen, &utf8, &warn) != 0) {
        set_error(err, ANQ_ERR_NOMEM, NULL, NULL);
        return NULL;
    }

    anq_rec *rec = NULL;
    const anq_extractor *ex;
    if (forced) {
        ex = anq__extractor(forced);
        if (!ex) {
            set_error(err, ANQ_ERR_INVALID_ARG, "format",
                      "this build has no extractor for the requested format");
            goto fail;
        }
        if (ex->detect(src, ulen) == 0) {
            set_error(err, ANQ_ERR_FORMAT_MISMATCH, "format",
                      "the page does not have the markers of the requested layout");
            goto fail;
        }
    } else {
        ex = anq__detect(src, ulen);
        if (!ex) {
            set_error(err, ANQ_ERR_NOT_A_QUESTION, NULL,
                      anq__is_error_page(src, ulen)
                          ? "the page is an error page, not a question page"
                          : "no known question layout was recognised");
            goto fail;
        }
    }

    rec = anq__rec_new();
    if (!rec) {
        set_error(err, ANQ_ERR_NOMEM, NULL, NULL);
        goto fail;
    }
    rec->q.format = ex->format;
    if (warn & ANQ_INPUT_REPAIRED)
        anq__rec_warn(rec, "encoding_repaired");
    if (warn & ANQ_INPUT_GUESSED)
        anq__rec_warn(rec, "encoding_guessed");

    anq_ctx ctx;
    ctx.src = src;
    ctx.len = ulen;
    ctx.rec = rec;
    ctx.flags = flags;
    ctx.want_html = !(flags & ANQ_PARSE_NO_HTML);
    ctx.err = err;
    int rc = ex->extract(&ctx);
    if (rc == ANQ_OK && rec->oom)
        rc = ANQ_ERR_NOMEM;
    if (rc == ANQ_OK && rec->q.number <= 0)
        rc = anq__fail(&ctx, ANQ_ERR_NO_NUMBER, "number", "the question number was not found");
    if (rc != ANQ_OK) {
        if (err->code != rc)
            set_error(err, rc, NULL, NULL);
        goto fail;
    }
    anq__rec_finish(rec);
    if (rec->oom) {
        set_error(err, ANQ_ERR_NOMEM, NULL, NULL);
        goto fail;
    }
    anq__free(utf8);
    memset(err, 0, sizeof *err);
    return &rec->q;

fail:
    anq__rec_free(rec);
    anq__free(utf8);
    return NULL;
}
