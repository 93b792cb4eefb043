/* SPDX-License-Identifier: MIT */
/* Fuzz target for anq_parse() and anq_question_to_json().
 *
 * Input: one flag byte, then the page.
 *   bits 0-2  format: 0 = detect, 1..7 = force that ::anq_format
 *   bit 3     ANQ_PARSE_NO_HTML
 *   bit 4     ANQ_JSON_PRETTY for the JSON of the record
 *   bit 5     allocation failure: the next byte N is taken off the page, and
 *             the parse (then the JSON) is first run with every allocation
 *             of anq from the Nth on failing (lib/alloc.h); it must give
 *             ANQ_ERR_NOMEM or exactly the normal result (same error code,
 *             or same JSON)
 *   bit 6     moving blocks: the parse is run once more with the seam of
 *             lib/alloc.h that makes a block the library shrinks move (as
 *             realloc may); its record must give exactly the same JSON
 *   bit 7     unused (kept so that old corpus files stay meaningful)
 *
 * Beyond "no crash, no leak, no sanitizer report", each run checks the
 * promises of include/anq.h on what comes back:
 *   - NULL comes with an error code in 1..ANQ_STATUS_COUNT-1 and a message;
 *     a record comes with err.code == ANQ_OK;
 *   - a forced layout gives a record of that layout, never another one; a
 *     layout this build does not read gives INVALID_ARG (or EMPTY);
 *   - every string of the record is valid UTF-8; arrays are non-NULL when
 *     their count is not zero; dates are absent (0-0-0) or real dates;
 *     number > 0; enums within their published ranges;
 *   - the JSON (plain and pretty) exists and is valid UTF-8 without NUL;
 *   - a detected record is reproduced byte for byte when its layout is then
 *     forced (same extractor, same input: same answer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "anq.h"
#include "date.h"
#include "fuzz.h"
#include "input.h"

static void check_str(const char *s)
{
    if (s)
        FUZZ_CHECK(anq__utf8_valid(s, strlen(s)));
}

static void check_date(const anq_date *d)
{
    if (d->year == 0 && d->month == 0 && d->day == 0)
        return;
    FUZZ_CHECK(anq__date_valid(d->year, d->month, d->day));
}

static void check_record(const anq_question *q)
{
    FUZZ_CHECK(q->size == sizeof(anq_question));
    FUZZ_CHECK(q->format > 0 && q->format < ANQ_FORMAT_COUNT);
    FUZZ_CHECK(q->type >= ANQ_TYPE_UNKNOWN && q->type <= ANQ_TYPE_QG);
    FUZZ_CHECK(q->status >= ANQ_STATUS_UNKNOWN && q->status <= ANQ_STATUS_LAPSED);
    FUZZ_CHECK(q->number > 0);
    check_str(q->uid);
    check_str(q->url);
    check_str(q->author.name);
    check_str(q->author.first_name);
    check_str(q->author.last_name);
    check_str(q->author.civility);
    check_str(q->author.an_id);
    check_str(q->author.group);
    check_str(q->author.group_abbrev);
    check_str(q->author.department);
    check_str(q->author.region);
    check_str(q->ministry_asked);
    check_str(q->ministry_answering);
    check_str(q->rubrique);
    check_str(q->tete_analyse);
    check_str(q->title);
    check_str(q->closure.code);
    check_str(q->closure.reason);
    check_str(q->question);
    check_str(q->answer);
    check_str(q->question_html);
    check_str(q->answer_html);
    check_date(&q->submitted.date);
    check_date(&q->answered.date);
    check_date(&q->sitting_date);
    check_date(&q->closure.date);
    FUZZ_CHECK(q->attributions || q->attributions_count == 0);
    for (size_t i = 0; i < q->attributions_count; i++) {
        check_str(q->attributions[i].ministry);
        check_date(&q->attributions[i].date);
    }
    FUZZ_CHECK(q->analyses || q->analyses_count == 0);
    for (size_t i = 0; i < q->analyses_count; i++) {
        FUZZ_CHECK(q->analyses[i] != NULL);
        check_str(q->analyses[i]);
    }
    FUZZ_CHECK(q->events || q->events_count == 0);
    for (size_t i = 0; i < q->events_count; i++) {
        FUZZ_CHECK(q->events[i].kind >= ANQ_EVENT_ATTRIBUTION_CHANGE &&
                   q->events[i].kind <= ANQ_EVENT_ERRATUM_ANSWER);
        check_date(&q->events[i].date);
    }
    FUZZ_CHECK(q->warnings || q->warnings_count == 0);
    for (size_t i = 0; i < q->warnings_count; i++) {
        FUZZ_CHECK(q->warnings[i] != NULL);
        check_str(q->warnings[i]);
    }
}

/* The JSON of q; checked, returned for comparison (caller frees). */
static char *json_of(const anq_question *q, unsigned jflags)
{
    char *json = anq_question_to_json(q, jflags);
    FUZZ_CHECK(json != NULL);
    size_t n = strlen(json);
    FUZZ_CHECK(n >= 2 && json[0] == '{' && json[n - 1] == '}');
    FUZZ_CHECK(anq__utf8_valid(json, n));
    return json;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned sel = data[0];
    int format = (int)(sel & 7u);
    unsigned flags = ANQ_PARSE_FORMAT(format);
    if (sel & 8u)
        flags |= ANQ_PARSE_NO_HTML;
    unsigned jflags = (sel & 16u) ? ANQ_JSON_PRETTY : ANQ_JSON_DEFAULT;
    const char *page = (const char *)data + 1;
    size_t len = size - 1;
    long fail_at = -1;
    if (sel & 32u) {
        if (len < 1)
            return 0;
        fail_at = (unsigned char)page[0];
        page++;
        len--;
    }

    anq_error err;
    anq_question *failed = NULL;
    int failed_code = ANQ_OK;
    if (fail_at >= 0) {
        anq__alloc_fail_after(fail_at);
        failed = anq_parse(page, len, flags, &err);
        anq__alloc_fail_after(-1);
        failed_code = err.code;
        FUZZ_CHECK((failed != NULL) == (failed_code == ANQ_OK));
    }
    anq_question *q = anq_parse(page, len, flags, &err);
    if (fail_at >= 0 && !failed)
        FUZZ_CHECK(failed_code == ANQ_ERR_NOMEM || failed_code == err.code);
    if (fail_at >= 0 && failed) {
        /* no failure happened after all, or it did not matter: the same */
        FUZZ_CHECK(q != NULL);
        char *a = json_of(failed, jflags), *b = json_of(q, jflags);
        FUZZ_CHECK(strcmp(a, b) == 0);
        anq_free(a);
        anq_free(b);
        anq_question_free(failed);
    }
    if (fail_at >= 0 && q) {
        /* the JSON under the same failure: NULL or the same text */
        char *b = json_of(q, jflags);
        anq__alloc_fail_after(fail_at);
        char *a = anq_question_to_json(q, jflags);
        anq__alloc_fail_after(-1);
        FUZZ_CHECK(a == NULL || strcmp(a, b) == 0);
        anq_free(a);
        anq_free(b);
    }
    if (!q) {
        FUZZ_CHECK(err.code > ANQ_OK && err.code < ANQ_STATUS_COUNT);
        FUZZ_CHECK(err.message[0] != '\0');
        FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        FUZZ_CHECK(memchr(err.field, '\0', sizeof err.field) != NULL);
        if (format != 0 && !anq_format_supported(format))
            FUZZ_CHECK(err.code == ANQ_ERR_INVALID_ARG || err.code == ANQ_ERR_EMPTY);
        return 0;
    }
    FUZZ_CHECK(err.code == ANQ_OK);
    if (format != 0)
        FUZZ_CHECK(q->format == format);
    check_record(q);
    char *json = json_of(q, jflags);
    char *other = json_of(q, jflags ^ ANQ_JSON_PRETTY);
    anq_free(other);

    if (sel & 64u) {
        anq__alloc_set_moving(1);
        anq_question *m = anq_parse(page, len, flags, &err);
        anq__alloc_set_moving(0);
        FUZZ_CHECK(m != NULL);
        check_record(m);
        char *json_m = json_of(m, jflags);
        FUZZ_CHECK(strcmp(json, json_m) == 0);
        anq_free(json_m);
        anq_question_free(m);
    }

    if (format == 0) {
        unsigned forced = flags | ANQ_PARSE_FORMAT(q->format);
        anq_question *again = anq_parse(page, len, forced, &err);
        FUZZ_CHECK(again != NULL);
        char *json2 = json_of(again, jflags);
        FUZZ_CHECK(strcmp(json, json2) == 0);
        anq_free(json2);
        anq_question_free(again);
    }
    anq_free(json);
    anq_question_free(q);
    return 0;
}
