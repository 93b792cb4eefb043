/* SPDX-License-Identifier: MIT */
/* Benchmark of the streaming reader: every question of each bulk file given,
 * read with anq_reader_next() and turned into JSON as the `anq` command
 * does. Prints questions/s, MB/s, the peak heap of the run (every
 * allocation of the process is counted, libxml2's included: this program
 * provides malloc and friends) and the process's peak RSS. Files are read in
 * the order given: give the small one first, and a peak that does not grow
 * with the big one shows memory independent of the file's size. */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libxml/parser.h>

#include <anq.h>

#include "heap.h"


static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    unsigned flags = 0;
    int argi = 1;
    for (; argi < argc && strncmp(argv[argi], "--", 2) == 0; argi++) {
        if (strcmp(argv[argi], "--no-html") == 0)
            flags |= ANQ_PARSE_NO_HTML;
    }
    if (argi >= argc) {
        fprintf(stderr, "usage: anq-reader-bench [--no-html] BULK_FILE...\n");
        return 2;
    }
    anq_init();
    printf("anq %s, libxml2 %s, streaming reader%s\n", anq_version(), xmlParserVersion,
           flags & ANQ_PARSE_NO_HTML ? " (--no-html)" : "");
    printf("%-28s %9s %7s %9s %8s %8s %12s %12s %12s\n", "file", "questions", "errors",
           "MB", "seconds", "q/s", "MB/s", "peak_heap", "peak_rss_KiB");
    int status = 0;
    for (; argi < argc; argi++) {
        const char *path = argv[argi];
        anq_error err;
        size_t base = heap_now;
        heap_peak = heap_now;
        double t0 = now_s();
        anq_reader *r = anq_reader_open_file(path, flags, &err);
        if (!r) {
            fprintf(stderr, "%s: %s\n", path, err.message);
            status = 1;
            continue;
        }
        size_t questions = 0, errors = 0, json_bytes = 0;
        anq_question *q;
        int rc;
        while ((rc = anq_reader_next(r, &q, &err)) != 0) {
            if (rc < 0) {
                errors++;
                continue;
            }
            char *json = anq_question_to_json(q, 0);
            if (json)
                json_bytes += strlen(json);
            anq_free(json);
            anq_question_free(q);
            questions++;
        }
        double mb = (double)anq_reader_bytes_read(r) / 1e6;
        anq_reader_close(r);
        double dt = now_s() - t0;
        const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        printf("%-28s %9zu %7zu %9.1f %8.2f %8.0f %12.1f %12zu %12ld\n", name, questions, errors,
               mb, dt, (double)questions / dt, mb / dt, heap_peak - base, peak_rss_kib());
        if (json_bytes == 0)
            status = 1;
    }
    printf("peak_heap: the most bytes allocated at once during the file's run (malloc_usable_size);\n"
           "peak_rss_KiB: the process's resident high-water mark so far (getrusage)\n");
    return status;
}
