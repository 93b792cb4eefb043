/* SPDX-License-Identifier: MIT */
/* Worst case per megabyte: time and peak memory of anq_parse() (plus the
 * JSON of the record) on hostile page shapes of growing size, to show that
 * both grow linearly with the input. Each case runs in a child process so
 * that its peak resident memory (getrusage of the child) is its own.
 *
 *   bench_hostile [SIZE_MB...]        default sizes: 1 2 4 8 16
 *
 * One line per shape and size: result, best time of 3 runs, time per MB,
 * peak RSS and peak RSS per input MB; then, per shape, the ratio of the
 * time per MB at the largest size giving the same result as the smallest
 * (a record, or the same error) to that at the smallest: about 1 when
 * linear, while a quadratic path doubles it with every doubling of the size.
 * Registered with meson's benchmark(): `meson test -C build --benchmark`. */
#define _DEFAULT_SOURCE /* wait4 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "anq.h"

#define MB ((size_t)1000 * 1000)

/* A NosDéputés question page around `body`, which is repeated to fill
 * `size` bytes. */
static const char head[] =
    "<html><head><meta charset=\"utf-8\"><title>NosD\xc3\xa9put\xc3\xa9s.fr</title></head><body>"
    "<div class=\"question\" id=\"question321\"><div class=\"info_depute\"><div class=\"depute_droite\"><div>"
    "<h1><a href=\"/jean-martin\">Jean Martin</a> <br/>Question N\xc2\xb0 321 au Minist\xc3\xa8re des arm\xc3\xa9" "es</h1>"
    "</div></div></div><div class=\"source\"><a href=\"http://questions.assemblee-nationale.fr/q16/16-321QE.htm\">source</a></div>"
    "<div id=\"question\"><h2>Question soumise le 3 mai 2023</h2><p>";
static const char tail[] =
    "</p></div><div id=\"reponse\"><h2>R\xc3\xa9ponse \xc3\xa9mise le 4 mai 2023</h2><p>Oui.</p></div></div></body></html>";

typedef struct shape {
    const char *name;
    const char *unit;   /* repeated */
    const char *prefix; /* before the page (NULL: none) */
} shape;

static const shape shapes[] = {
    {"text node", "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", NULL},
    {"one word", "a", NULL},
    {"inline elements", "<b>x</b><i>y</i> ", NULL},
    {"paragraphs", "</p><p>Un paragraphe.", NULL},
    {"table cells", "<table><tr><td>1</td><td>2</td></tr></table>", NULL},
    {"br and </br>", "ligne<br></br>", NULL},
    {"entities", "&#339;&eacute;&nbsp;&amp;", NULL},
    {"attributes", "<span class=\"a b c\" id=\"x\" title=\"Groupe parlementaire : X\">s</span>", NULL},
    {"nesting", "<div><span>", NULL},
    {"invalid UTF-8", "\xff\xfe\xc3\x28 ", NULL},
    {"mojibake", "\xc3\x83\xc2\xa9t\xc3\x83\xc2\xa9 ", NULL},
    {"NUL and controls", "a\x01" "b\x02", NULL},
    {"markers", "<div class=\"question\" id=\"question9\">nosdeputes /16/question/QE/ ", NULL},
    {"dates", "le 12 mars 2023, 01/02/2003 et 2024-02-20 ", NULL},
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *build(const shape *s, size_t size, size_t *len)
{
    size_t hl = sizeof head - 1, tl = sizeof tail - 1, ul = strlen(s->unit);
    size_t body = size > hl + tl ? size - hl - tl : ul;
    size_t reps = body / ul;
    char *p = malloc(hl + reps * ul + tl + 1);
    if (!p)
        return NULL;
    memcpy(p, head, hl);
    for (size_t i = 0; i < reps; i++)
        memcpy(p + hl + i * ul, s->unit, ul);
    memcpy(p + hl + reps * ul, tail, tl + 1);
    *len = hl + reps * ul + tl;
    return p;
}

typedef struct result {
    double seconds; /* best of the runs */
    int code;       /* ANQ_OK or the error */
} result;

/* In the child: build, parse 3 times, report the best time. */
static void child(const shape *s, size_t size, int fd)
{
    result r = {1e9, -1};
    size_t len;
    char *page = build(s, size, &len);
    if (page) {
        for (int run = 0; run < 3; run++) {
            anq_error err;
            double t0 = now();
            anq_question *q = anq_parse(page, len, 0, &err);
            char *json = q ? anq_question_to_json(q, 0) : NULL;
            anq_free(json);
            anq_question_free(q);
            double t = now() - t0;
            if (t < r.seconds)
                r.seconds = t;
            r.code = err.code;
        }
        free(page);
    }
    if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
        _exit(2);
    _exit(0);
}

static int run_case(const shape *s, size_t size, result *r, long *rss_kb)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fds[0]);
        child(s, size, fds[1]);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], r, sizeof *r);
    close(fds[0]);
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || n != (ssize_t)sizeof *r ||
        !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    *rss_kb = ru.ru_maxrss;
    return 0;
}

int main(int argc, char **argv)
{
    size_t sizes[16];
    int nsizes = 0;
    for (int i = 1; i < argc && nsizes < 16; i++) {
        long v = strtol(argv[i], NULL, 10);
        if (v > 0 && v <= 60)
            sizes[nsizes++] = (size_t)v;
    }
    if (nsizes == 0) {
        static const size_t def[] = {1, 2, 4, 8, 16};
        for (nsizes = 0; nsizes < 5; nsizes++)
            sizes[nsizes] = def[nsizes];
    }
    anq_init();
    printf("| shape | MB | result | best of 3 (s) | s per MB | peak RSS (MB) | RSS per input MB |\n");
    printf("|---|---:|---|---:|---:|---:|---:|\n");
    int failures = 0;
    double ratios[sizeof shapes / sizeof shapes[0]];
    size_t ratio_mb[sizeof shapes / sizeof shapes[0]];
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        double first = 0, last = 0;
        int first_code = -1;
        ratio_mb[k] = 0;
        for (int i = 0; i < nsizes; i++) {
            result r;
            long rss;
            if (run_case(&shapes[k], sizes[i] * MB, &r, &rss) != 0) {
                printf("| %s | %zu | child failed | | | | |\n", shapes[k].name, sizes[i]);
                failures++;
                continue;
            }
            double per_mb = r.seconds / (double)sizes[i];
            if (i == 0) {
                first = per_mb;
                first_code = r.code;
            }
            if (r.code == first_code) {
                last = per_mb;
                ratio_mb[k] = sizes[i];
            }
            printf("| %s | %zu | %s | %.3f | %.3f | %.0f | %.1f |\n", shapes[k].name, sizes[i],
                   r.code == ANQ_OK ? "record" : anq_status_name(r.code), r.seconds, per_mb,
                   (double)rss / 1024.0, (double)rss / 1024.0 / (double)sizes[i]);
        }
        ratios[k] = first > 0 ? last / first : 0;
    }
    printf("\n| shape | largest size with the result at %zu MB | s per MB there / at %zu MB |\n"
           "|---|---:|---:|\n", sizes[0], sizes[0]);
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++)
        printf("| %s | %zu MB | %.2f |\n", shapes[k].name, ratio_mb[k], ratios[k]);
    return failures ? 1 : 0;
}
