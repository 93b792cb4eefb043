/* SPDX-License-Identifier: MIT */
/* Benchmark: anq_parse over a list of files or folders, per layout, beside a
 * bare libxml2 DOM parse of the same bytes. Prints pages/s, MB/s, median and
 * p99 µs per page, the peak heap of one parse and the most a record keeps
 * once parsed (every allocation in the process is counted: this program
 * provides malloc and friends). */
#define _GNU_SOURCE
#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <anq.h>

#include "heap.h"


/* ---- inputs ---- */
typedef struct page {
    char *path;
    char *data;
    size_t len;
    int format;
} page;

static page *pages;
static size_t npages, cap;

static void add_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n <= 0) {
        fclose(f);
        return;
    }
    char *d = bench_raw_malloc((size_t)n);
    if (fread(d, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        bench_raw_free(d);
        return;
    }
    fclose(f);
    if (npages == cap) {
        cap = cap ? cap * 2 : 64;
        pages = bench_raw_realloc(pages, cap * sizeof *pages);
    }
    pages[npages].path = strdup(path);
    pages[npages].data = d;
    pages[npages].len = (size_t)n;
    pages[npages].format = 0;
    npages++;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        size_t l = strlen(path);
        if ((l > 5 && strcmp(path + l - 5, ".html") == 0) ||
            (l > 4 && strcmp(path + l - 4, ".xml") == 0) ||
            (l > 4 && strcmp(path + l - 4, ".htm") == 0))
            add_file(path);
        return;
    }
    DIR *d = opendir(path);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0, c = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == c) {
            c = c ? c * 2 : 32;
            names = realloc(names, c * sizeof *names);
        }
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(l);
        snprintf(names[n], l, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        add_path(names[i]);
        free(names[i]);
    }
    free(names);
}

/* ---- timing ---- */
static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct stats {
    double median, p99, total_us;
    size_t bytes, peak;
    size_t record_max; /* the most a record of the layout keeps on the heap */
    size_t n;
    double worst_ratio; /* max over pages of (peak heap - record) / page size */
} stats;

/* Per-page best-of-rounds times; the median and p99 are over pages. */
static stats run(const int *idx, size_t n, int rounds, int mode)
{
    stats s;
    memset(&s, 0, sizeof s);
    double *t = bench_raw_malloc((n ? n : 1) * sizeof *t);
    for (size_t k = 0; k < n; k++) {
        const page *p = &pages[idx[k]];
        double best = 1e18;
        for (int r = 0; r < rounds; r++) {
            size_t base = heap_now;
            heap_peak = heap_now;
            double t0 = now_us();
            size_t record = 0;
            if (mode == 0) {
                anq_question *q = anq_parse(p->data, p->len, ANQ_PARSE_DEFAULT, NULL);
                record = heap_now - base; /* what the record itself holds */
                if (record > s.record_max)
                    s.record_max = record;
                anq_question_free(q);
            } else {
                htmlDocPtr doc = htmlReadMemory(p->data, (int)p->len, NULL, NULL,
                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
                xmlFreeDoc(doc);
            }
            double dt = now_us() - t0;
            if (heap_peak - base > s.peak)
                s.peak = heap_peak - base;
            double ratio = (double)(heap_peak - base - record) / (double)p->len;
            if (ratio > s.worst_ratio)
                s.worst_ratio = ratio;
            if (dt < best)
                best = dt;
        }
        t[k] = best;
        s.total_us += best;
        s.bytes += p->len;
    }
    qsort(t, n, sizeof *t, cmp_double);
    s.n = n;
    if (n) {
        s.median = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
        size_t i99 = (size_t)((double)(n - 1) * 0.99 + 0.5);
        s.p99 = t[i99];
    }
    bench_raw_free(t);
    return s;
}

static size_t max_page(const int *idx, size_t n)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (pages[idx[k]].len > m)
            m = pages[idx[k]].len;
    return m;
}

int main(int argc, char **argv)
{
    int rounds = 20;
    int argi = 1;
    const char *peer = NULL;
    int once = 0, list = 0;
    for (; argi < argc && strncmp(argv[argi], "--", 2) == 0; argi++) {
        if (strcmp(argv[argi], "--once") == 0)
            once = 1;
        else if (strcmp(argv[argi], "--list") == 0)
            list = 1;
        if (strncmp(argv[argi], "--rounds=", 9) == 0)
            rounds = atoi(argv[argi] + 9);
        else if (strncmp(argv[argi], "--peer=", 7) == 0)
            peer = argv[argi] + 7;
    }
    if (argi >= argc) {
        fprintf(stderr, "usage: anq-bench [--rounds=N] [--peer=PYTHON_SCRIPT] FILE_OR_FOLDER...\n"
                        "       anq-bench --once FILE_OR_FOLDER...  (one anq_parse per page, "
                        "for instruction counts)\n"
                        "       anq-bench --list FILE_OR_FOLDER...  (the layout of each page)\n");
        return 2;
    }
    for (; argi < argc; argi++)
        add_path(argv[argi]);
    anq_init();
    if (once) {
        /* nothing but one parse per page: run under
         * valgrind --tool=callgrind --toggle-collect=anq_parse (bench/instr.py) */
        for (size_t i = 0; i < npages; i++)
            anq_question_free(anq_parse(pages[i].data, pages[i].len, 0, NULL));
        return 0;
    }
    for (size_t i = 0; i < npages; i++) {
        anq_question *q = anq_parse(pages[i].data, pages[i].len, 0, NULL);
        pages[i].format = q ? q->format : 0;
        anq_question_free(q);
    }
    if (list) {
        for (size_t i = 0; i < npages; i++)
            printf("%s\t%zu\t%s\n", pages[i].format ? anq_format_name(pages[i].format)
                                                     : "(rejected)",
                   pages[i].len, pages[i].path);
        return 0;
    }
    printf("anq %s, libxml2 %s, %d rounds per page (best kept)\n", anq_version(),
           xmlParserVersion, rounds);
    printf("%-12s %5s %9s %8s %9s %9s %10s %10s %10s %9s %9s %7s\n", "format", "pages",
           "pages/s", "MB/s", "med_us", "p99_us", "peak_heap", "max_record", "max_page", "dom_med",
           "dom_peak", "ratio");
    stats legacy;
    memset(&legacy, 0, sizeof legacy);
    double mbs[ANQ_FORMAT_COUNT] = {0};
    double legacy_dom = 0;
    for (int f = 0; f < ANQ_FORMAT_COUNT; f++) {
        int *idx = bench_raw_malloc((npages ? npages : 1) * sizeof *idx);
        size_t n = 0;
        for (size_t i = 0; i < npages; i++)
            if (pages[i].format == f)
                idx[n++] = (int)i;
        if (n) {
            stats a = run(idx, n, rounds, 0);
            stats d = run(idx, n, rounds, 1);
            printf("%-12s %5zu %9.0f %8.1f %9.1f %9.1f %10zu %10zu %10zu %9.1f %9zu %7.2f\n",
                   f ? anq_format_name(f) : "(rejected)", n, (double)n / (a.total_us / 1e6),
                   (double)a.bytes / a.total_us, a.median, a.p99, a.peak, a.record_max,
                   max_page(idx, n),
                   d.median, d.peak, d.median / (a.median > 0 ? a.median : 1));
            mbs[f] = (double)a.bytes / a.total_us;
            if (f == ANQ_FORMAT_AN_LEGACY) {
                legacy = a;
                legacy_dom = d.median;
            }
        }
        bench_raw_free(idx);
    }
    printf("ratio = bare libxml2 DOM median / anq median (higher is better for anq)\n");
    if (mbs[ANQ_FORMAT_AN_LEGACY] > 0) {
        /* the target: no layout slower per MB than the legacy one */
        printf("MB/s against an_legacy (target >= 1.00):");
        for (int f = 1; f < ANQ_FORMAT_COUNT; f++)
            if (mbs[f] > 0 && f != ANQ_FORMAT_AN_LEGACY)
                printf(" %s %.2f", anq_format_name(f), mbs[f] / mbs[ANQ_FORMAT_AN_LEGACY]);
        printf("\n");
    }
    if (peer && legacy.n) {
        /* the Python lxml scraper of the same fields, on the same pages */
        size_t cmdcap = 256;
        for (size_t i = 0; i < npages; i++)
            if (pages[i].format == ANQ_FORMAT_AN_LEGACY)
                cmdcap += strlen(pages[i].path) + 3;
        char *cmd = bench_raw_malloc(cmdcap + strlen(peer));
        int o = snprintf(cmd, cmdcap, "/usr/bin/python3 '%s' %d", peer, rounds);
        for (size_t i = 0; i < npages; i++)
            if (pages[i].format == ANQ_FORMAT_AN_LEGACY)
                o += snprintf(cmd + o, cmdcap - (size_t)o, " '%s'", pages[i].path);
        FILE *pp = popen(cmd, "r");
        double peer_med = 0;
        if (pp) {
            if (fscanf(pp, "median_us %lf", &peer_med) != 1)
                peer_med = 0;
            pclose(pp);
        }
        bench_raw_free(cmd);
        printf("\nan_legacy, %zu pages, median per page: anq %.1f us, bare libxml2 DOM %.1f us, "
               "Python lxml scraper %.1f us\n", legacy.n, legacy.median, legacy_dom, peer_med);
        printf("anq is %.1fx faster than the lxml scraper (target > 15) and %.1fx faster than a bare "
               "DOM parse (target >= 4); peak heap %zu bytes, average page %zu bytes\n",
               peer_med / legacy.median, legacy_dom / legacy.median, legacy.peak,
               legacy.bytes / legacy.n);
        printf("worst page: peak heap beyond the record = %.2f x the page's size (target <= 1)\n",
               legacy.worst_ratio);
    }
    return 0;
}
