/* SPDX-License-Identifier: MIT */
/* Threads and shared state.
 *
 * - Every fixture page, every page of the shared corpus when it is there
 *   (ANQ_CORPUS_DIR, given by the build), and a few hostile inputs are
 *   parsed once on the main thread; then 8 threads parse all of them at
 *   once, round after round, each in its own order, and every JSON (or
 *   error code) must be byte-identical to the single-threaded one.
 * - A caller's libxml2 error handlers (structured and generic, with their
 *   contexts), its last error, and the parser defaults it set are the same
 *   after anq_parse(), and its handlers were never called by anq's parses.
 * - Nothing is written to standard output or standard error: file
 *   descriptors 1 and 2 point to temporary files during parses of normal
 *   and hostile inputs, and the files stay empty.
 *
 * ANQ_THREAD_ROUNDS (environment) changes the number of rounds (default
 * 12), for slow builds (ThreadSanitizer, valgrind). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "anq.h"
#include "fixtures.h"

#ifndef ANQ_CORPUS_DIR
#define ANQ_CORPUS_DIR ""
#endif

#define THREADS 8

/* ---- inputs -------------------------------------------------------------- */

typedef struct input {
    const char *name;
    const char *data;
    size_t len;
    unsigned flags;
    char *expected; /* JSON, or "error:<code>" */
} input;

static fx_set pages;
static input *inputs;
static size_t ninputs;
static char *hostile[8];
static size_t hostile_len[8];
static size_t nhostile;

/* The outcome of one parse as a string: the JSON, or "error:<code>". */
static char *outcome(const char *data, size_t len, unsigned flags)
{
    anq_error err;
    anq_question *q = anq_parse(data, len, flags, &err);
    if (!q) {
        char *s = malloc(32);
        if (s)
            snprintf(s, 32, "error:%d", (int)err.code);
        return s;
    }
    char *json = anq_question_to_json(q, ANQ_JSON_DEFAULT);
    anq_question_free(q);
    if (!json)
        return NULL;
    char *s = strdup(json);
    anq_free(json);
    return s;
}

static char *repeat(const char *head, const char *unit, size_t times, const char *tail,
                    size_t *len)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * times + tl + 1);
    assert_non_null(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < times; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + ul * times, tail, tl + 1);
    *len = hl + ul * times + tl;
    return s;
}

static void add_hostile(char *s, size_t len)
{
    hostile[nhostile] = s;
    hostile_len[nhostile] = len;
    nhostile++;
}

static int group_setup(void **state)
{
    (void)state;
    anq_init(); /* from the main thread, before any other thread */
    fx_load_fixtures(&pages);
    size_t fixtures = pages.count;
    size_t corpus = ANQ_CORPUS_DIR[0] ? fx_add_dir(&pages, ANQ_CORPUS_DIR, 1) : 0;
    print_message("# %zu fixture pages, %zu corpus pages (%s)\n", fixtures, corpus,
                  corpus ? ANQ_CORPUS_DIR : "corpus absent");

    /* hostile inputs: they take the error paths, concurrently too */
    static const char page_head[] =
        "<html><head><title>NosD\xc3\xa9put\xc3\xa9s.fr</title></head><body>"
        "<div class=\"question\" id=\"question42\"><div id=\"question\"><h2>Question soumise le 2 mai 2023</h2><p>";
    static const char page_tail[] = "</p></div></div></body></html>";
    size_t len;
    char *s = repeat(page_head, "<div>", 5000, page_tail, &len); /* TOO_DEEP */
    add_hostile(s, len);
    s = repeat(page_head, "&#339;\xff\xc3(", 20000, page_tail, &len); /* repaired */
    add_hostile(s, len);
    s = repeat(page_head, "<b>x</b>#", 3000, page_tail, &len); /* NULs */
    for (char *p = strchr(s, '#'); p; p = strchr(p + 1, '#'))
        *p = '\0';
    add_hostile(s, len);
    s = repeat("<html><body><h1>Error 503 Service Unavailable</h1>", "<p>x</p>", 10,
               "</body></html>", &len); /* NOT_A_QUESTION */
    add_hostile(s, len);

    ninputs = (pages.count + nhostile) * 2;
    inputs = calloc(ninputs, sizeof *inputs);
    assert_non_null(inputs);
    size_t k = 0;
    for (int nohtml = 0; nohtml < 2; nohtml++) {
        for (size_t i = 0; i < pages.count; i++, k++) {
            inputs[k].name = pages.pages[i].path;
            inputs[k].data = pages.pages[i].data;
            inputs[k].len = pages.pages[i].len;
            inputs[k].flags = nohtml ? ANQ_PARSE_NO_HTML : 0;
        }
        for (size_t i = 0; i < nhostile; i++, k++) {
            inputs[k].name = "hostile";
            inputs[k].data = hostile[i];
            inputs[k].len = hostile_len[i];
            inputs[k].flags = nohtml ? ANQ_PARSE_NO_HTML : 0;
        }
    }
    /* single-threaded references */
    for (size_t i = 0; i < ninputs; i++) {
        inputs[i].expected = outcome(inputs[i].data, inputs[i].len, inputs[i].flags);
        assert_non_null(inputs[i].expected);
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < ninputs; i++)
        free(inputs[i].expected);
    free(inputs);
    for (size_t i = 0; i < nhostile; i++)
        free(hostile[i]);
    fx_free(&pages);
    return 0;
}

/* ---- many threads ---------------------------------------------------------- */

typedef struct worker {
    pthread_t tid;
    unsigned id;
    unsigned rounds;
    size_t parses;
    size_t mismatches;
    const char *first_bad; /* name of the first input that differed */
} worker;

static pthread_barrier_t start_line;

static void *work(void *arg)
{
    worker *w = arg;
    pthread_barrier_wait(&start_line);
    for (unsigned r = 0; r < w->rounds; r++) {
        /* a different order per thread and per round */
        size_t step = 1 + (w->id * 2 + r) % (ninputs > 1 ? ninputs - 1 : 1);
        while (ninputs > 1 && (ninputs % step == 0 || step % ninputs == 0))
            step++;
        size_t at = (w->id * 7 + r * 3) % ninputs;
        for (size_t n = 0; n < ninputs; n++, at = (at + step) % ninputs) {
            char *got = outcome(inputs[at].data, inputs[at].len, inputs[at].flags);
            w->parses++;
            if (!got || strcmp(got, inputs[at].expected) != 0) {
                if (!w->mismatches)
                    w->first_bad = inputs[at].name;
                w->mismatches++;
            }
            free(got);
        }
    }
    return NULL;
}

static unsigned rounds(void)
{
    const char *e = getenv("ANQ_THREAD_ROUNDS");
    long v = e ? strtol(e, NULL, 10) : 12;
    return v > 0 ? (unsigned)v : 12;
}

static void test_parallel_identical(void **state)
{
    (void)state;
    worker w[THREADS];
    assert_int_equal(pthread_barrier_init(&start_line, NULL, THREADS), 0);
    for (unsigned i = 0; i < THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].id = i;
        w[i].rounds = rounds();
        assert_int_equal(pthread_create(&w[i].tid, NULL, work, &w[i]), 0);
    }
    size_t parses = 0, bad = 0;
    for (unsigned i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(w[i].tid, NULL), 0);
        parses += w[i].parses;
        bad += w[i].mismatches;
        if (w[i].mismatches)
            print_message("# thread %u: %zu result(s) differ, first on %s\n", i,
                          w[i].mismatches, w[i].first_bad);
    }
    pthread_barrier_destroy(&start_line);
    print_message("# %zu parses on %d threads, %zu inputs\n", parses, THREADS, ninputs);
    assert_int_equal(parses, (size_t)THREADS * rounds() * ninputs);
    assert_int_equal(bad, 0);
}

/* ---- the caller's libxml2 state ---------------------------------------------- */

static int caller_serror_calls, caller_gerror_calls;
static int serror_ctx_marker, gerror_ctx_marker;

static void caller_serror(void *ctx, xmlErrorPtr e)
{
    (void)e;
    if (ctx == &serror_ctx_marker)
        caller_serror_calls++;
}

static void caller_gerror(void *ctx, const char *msg, ...)
{
    (void)msg;
    if (ctx == &gerror_ctx_marker)
        caller_gerror_calls++;
}

/* Inputs that make libxml2 complain in every way anq lets it: HTML5 tags,
 * bad nesting, depth, undefined entities, NULs, encodings, XML. */
static const char *const noisy[] = {
    "<html><head><meta charset=\"shift_jis\"><title>x</title></head><body><main><section>"
    "<article><div class=\"question\" id=\"question7\">NosD\xc3\xa9put\xc3\xa9s &bogus; &#xD800;"
    "</p></td></article></main></body></html>",
    "<?xml version=\"1.0\" encoding=\"EUC-JP\"?><QUESTION TYPE=\"QE\"><LEGISLATURE>14<"
    "/LEGISLATURE><a><b></a></QUESTION>",
    "\xff\xfe<\0h\0t\0m\0l\0>\0",
    "<html><body><div class=\"question\" id=\"question9\"><div id=\"question\">"
    "<p>nosdeputes <x:y z:w=\"1\">\xe9\xe8 </div></div>",
};

static void parse_noisy_and_fixtures(void)
{
    for (size_t i = 0; i < sizeof noisy / sizeof noisy[0]; i++) {
        size_t len = i == 2 ? 14 : strlen(noisy[i]);
        for (int f = 0; f < ANQ_FORMAT_COUNT; f++)
            anq_question_free(anq_parse(noisy[i], len, ANQ_PARSE_FORMAT(f), NULL));
    }
    for (size_t i = 0; i < ninputs; i++)
        anq_question_free(anq_parse(inputs[i].data, inputs[i].len, inputs[i].flags, NULL));
}

static void test_caller_libxml2_state_kept(void **state)
{
    (void)state;
    /* the caller's handlers and settings (values other than libxml2's
     * defaults, so that a reset would show) */
    xmlSetStructuredErrorFunc(&serror_ctx_marker, caller_serror);
    xmlSetGenericErrorFunc(&gerror_ctx_marker, caller_gerror);
    int old_blanks = xmlKeepBlanksDefault(0);
    int old_lines = xmlLineNumbersDefault(1);
    int old_warnings = xmlGetWarningsDefaultValue;
    xmlGetWarningsDefaultValue = 0;
    int old_pedantic = xmlPedanticParserDefault(1);
    int old_subst = xmlSubstituteEntitiesDefault(1);
    unsigned old_depth = xmlParserMaxDepth;

    /* the caller's own last error, from its own parse */
    xmlDocPtr own = xmlReadMemory("<a><b></a>", 10, "caller.xml", NULL, 0);
    xmlFreeDoc(own);
    assert_true(caller_serror_calls >= 1); /* the handler works */
    caller_serror_calls = 0;
    xmlErrorPtr last = xmlGetLastError();
    assert_non_null(last);
    int last_code = last->code;
    assert_true(last_code != 0);
    char *last_file = last->file ? strdup(last->file) : NULL;

    parse_noisy_and_fixtures();

    /* handlers, contexts, settings: as the caller left them */
    assert_ptr_equal(xmlStructuredError, caller_serror);
    assert_ptr_equal(xmlStructuredErrorContext, &serror_ctx_marker);
    assert_ptr_equal(xmlGenericError, caller_gerror);
    assert_ptr_equal(xmlGenericErrorContext, &gerror_ctx_marker);
    assert_int_equal(caller_serror_calls, 0);
    assert_int_equal(caller_gerror_calls, 0);
    assert_int_equal(xmlKeepBlanksDefault(old_blanks), 0);
    assert_int_equal(xmlLineNumbersDefault(old_lines), 1);
    assert_int_equal(xmlGetWarningsDefaultValue, 0);
    xmlGetWarningsDefaultValue = old_warnings;
    assert_int_equal(xmlPedanticParserDefault(old_pedantic), 1);
    assert_int_equal(xmlSubstituteEntitiesDefault(old_subst), 1);
    assert_int_equal(xmlParserMaxDepth, old_depth);
    /* the caller's last error is still its own */
    last = xmlGetLastError();
    assert_non_null(last);
    assert_int_equal(last->code, last_code);
    if (last_file)
        assert_string_equal(last->file, last_file);
    free(last_file);

    /* and the same while other threads parse */
    worker w[2];
    assert_int_equal(pthread_barrier_init(&start_line, NULL, 2), 0);
    for (unsigned i = 0; i < 2; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].id = i;
        w[i].rounds = 1;
        assert_int_equal(pthread_create(&w[i].tid, NULL, work, &w[i]), 0);
    }
    parse_noisy_and_fixtures();
    for (unsigned i = 0; i < 2; i++) {
        assert_int_equal(pthread_join(w[i].tid, NULL), 0);
        assert_int_equal(w[i].mismatches, 0);
    }
    pthread_barrier_destroy(&start_line);
    assert_ptr_equal(xmlStructuredError, caller_serror);
    assert_ptr_equal(xmlGenericError, caller_gerror);
    assert_int_equal(caller_serror_calls, 0);
    assert_int_equal(caller_gerror_calls, 0);

    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    xmlResetLastError();
}

/* ---- standard output and error --------------------------------------------- */

typedef struct capture {
    char path[2][64];
    int fd[2], saved[2];
} capture;

/* Point fds 1 and 2 at empty temporary files. No cmocka call may happen
 * until capture_end(): it would print into them. */
static void capture_begin(capture *c)
{
    fflush(NULL);
    for (int i = 0; i < 2; i++) {
        snprintf(c->path[i], sizeof c->path[i], "/tmp/anq-test-threads-%d-%ld", i,
                 (long)getpid());
        c->fd[i] = open(c->path[i], O_RDWR | O_CREAT | O_TRUNC, 0600);
        c->saved[i] = dup(1 + i);
    }
    for (int i = 0; i < 2; i++)
        if (c->fd[i] >= 0 && c->saved[i] >= 0)
            dup2(c->fd[i], 1 + i);
}

/* Restore fds 1 and 2; sizes[i] = bytes written to fd i + 1. */
static void capture_end(capture *c, off_t sizes[2], int show)
{
    fflush(NULL);
    for (int i = 0; i < 2; i++) {
        assert_true(c->fd[i] >= 0);
        assert_true(c->saved[i] >= 0);
        dup2(c->saved[i], 1 + i);
        close(c->saved[i]);
    }
    for (int i = 0; i < 2; i++) {
        struct stat st;
        assert_int_equal(fstat(c->fd[i], &st), 0);
        sizes[i] = st.st_size;
        if (st.st_size && show) {
            char buf[200];
            ssize_t n = pread(c->fd[i], buf, sizeof buf - 1, 0);
            buf[n > 0 ? n : 0] = '\0';
            print_message("# fd %d received: %s\n", 1 + i, buf);
        }
        close(c->fd[i]);
        unlink(c->path[i]);
    }
}

static void test_nothing_printed(void **state)
{
    (void)state;
    /* libxml2's default handlers print to stderr: leave them in place, as
     * a caller that never touched them would */
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    capture c;
    off_t sizes[2];

    /* the capture works: libxml2 on its own prints its complaints */
    capture_begin(&c);
    xmlFreeDoc(xmlReadMemory("<a><b></a>", 10, "control.xml", NULL, 0));
    capture_end(&c, sizes, 0);
    assert_true(sizes[1] > 0);

    capture_begin(&c);
    parse_noisy_and_fixtures();
    /* hostile shapes (test_hostile's, smaller) */
    size_t len;
    char *deep = repeat("<html><body><div class=\"question\" id=\"question5\">nosdeputes<div id=\"question\">",
                        "<div>", 3000, "</div></div></body></html>", &len);
    for (int f = 0; f < ANQ_FORMAT_COUNT; f++)
        anq_question_free(anq_parse(deep, len, ANQ_PARSE_FORMAT(f), NULL));
    free(deep);
    char *big = repeat("<html><body><div class=\"question\" id=\"question5\">nosdeputes<div id=\"question\"><p>",
                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ", 220000,
                       "</p></div></div></body></html>", &len);
    anq_question_free(anq_parse(big, len, 0, NULL));
    free(big);
    for (size_t i = 0; i < ninputs; i++)
        free(outcome(inputs[i].data, inputs[i].len, inputs[i].flags));
    capture_end(&c, sizes, 1);
    assert_int_equal(sizes[0], 0);
    assert_int_equal(sizes[1], 0);
    xmlResetLastError();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parallel_identical),
        cmocka_unit_test(test_caller_libxml2_state_kept),
        cmocka_unit_test(test_nothing_printed),
    };
    return cmocka_run_group_tests_name("threads", tests, group_setup, group_teardown);
}
