/* SPDX-License-Identifier: MIT */
/* anq: print the record of each question page as one JSON line; walk
 * folders, parse in several threads, stream the questions of open-data bulk
 * files, print question URLs. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <anq.h>

#define MAX_JOBS 256

static void usage(FILE *f)
{
    fputs("usage: anq [OPTION]... FILE|DIR...\n"
          "       anq --url-for=KIND ID...\n"
          "Print the record of each Assemblée nationale question page as one JSON\n"
          "object per line. FILE '-' reads standard input.\n"
          "\n"
          "  --pretty          indent the JSON\n"
          "  --format=NAME     read every input as layout NAME instead of detecting it:\n"
          "                    nosdeputes, an_fiche, an_table, an_legacy, an_xml_view,\n"
          "                    an_dyn, an_opendata (auto: detect, the default)\n"
          "  --list-formats    print the layouts this build reads, one per line\n"
          "  --no-html         leave question_html and answer_html out (faster)\n"
          "  -r, --recursive   read every .html, .htm and .xml file under each folder\n"
          "                    given, sorted by path (hidden names are skipped)\n"
          "  -j, --jobs=N      parse in N threads (0: one per processor; default 1);\n"
          "                    the output keeps the order of the inputs\n"
          "  --summary         at the end, print on stderr the counts per format,\n"
          "                    status and error code\n"
          "  -q, --quiet       no progress bar (it is drawn on stderr only when stderr\n"
          "                    is a terminal: for several inputs, and while a bulk\n"
          "                    open-data file of 1 MiB or more is read)\n"
          "  --no-progress     the same as --quiet\n"
          "  --url-for=KIND    print each ID (a uid or a question URL of any site;\n"
          "                    '-' reads one per line from standard input) as KIND:\n"
          "                    uid, legacy, xml_view, dyn, nosdeputes, or all\n"
          "                    (one 'KIND<TAB>URL' line per form that names it)\n"
          "  -h, --help        this help\n"
          "  -V, --version     the library's version\n"
          "\n"
          "With several inputs, or a folder, each object starts with \"file\". An input\n"
          "that fails prints {\"file\": …, \"error\": {\"code\": …, \"message\": …}} and\n"
          "the others are still read.\n"
          "\n"
          "An open-data bulk file (root questionsEcrites, questionsGouvernement, …)\n"
          "is streamed: one line per question, with \"index\" (its position in the\n"
          "file, from 1) after \"file\"; a question that fails gives an error object\n"
          "with its index, \"line\" and \"offset\", and the next ones are still read.\n"
          "\n"
          "Exit status:\n"
          "  0  every input was parsed (every ID converted)\n"
          "  1  at least one input failed (an error object was printed; an ID was\n"
          "     rejected), or the output could not be written\n"
          "  2  usage error (unknown option, bad value, no input)\n",
          f);
}

/* ---------------------------------------------------------------- inputs */

/* Read @f to its end after the @plen bytes at @prefix already read from it. */
static char *read_stream(FILE *f, const char *prefix, size_t plen, size_t *len)
{
    size_t cap = 65536, n = plen;
    while (cap < plen)
        cap *= 2;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    if (plen)
        memcpy(buf, prefix, plen);
    for (;;) {
        if (n == cap) {
            if (cap > ANQ_MAX_INPUT) {
                /* the library rejects it anyway; keep one byte over the cap */
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* One input: a path (or "-"), and for a folder that gave no page the
 * message of its error object. */
typedef struct item {
    char *name;
    const char *error;
} item;

typedef struct item_list {
    item *v;
    size_t n, cap;
} item_list;

static int add_item(item_list *l, const char *name, size_t name_len, const char *error)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        item *nv = realloc(l->v, cap * sizeof *nv);
        if (!nv)
            return -1;
        l->v = nv;
        l->cap = cap;
    }
    char *copy = malloc(name_len + 1);
    if (!copy)
        return -1;
    memcpy(copy, name, name_len);
    copy[name_len] = '\0';
    l->v[l->n].name = copy;
    l->v[l->n].error = error;
    l->n++;
    return 0;
}

static int has_page_suffix(const char *name)
{
    static const char *const suffixes[] = {".html", ".htm", ".xml"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = strlen(suffixes[i]);
        if (n > k) {
            const char *tail = name + n - k;
            size_t j = 0;
            while (j < k && (tail[j] | 0x20) == (suffixes[i][j] | 0x20))
                j++;
            if (j == k)
                return 1;
        }
    }
    return 0;
}

static int cmp_items(const void *a, const void *b)
{
    return strcmp(((const item *)a)->name, ((const item *)b)->name);
}

/* Append every page file under @dir to @l (unsorted). Folders that cannot be
 * read become items carrying the error. Symbolic links to folders are not
 * followed (no loops); links to files are. */
static int walk(item_list *l, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return add_item(l, dir, strlen(dir), strerror(errno));
    size_t dlen = strlen(dir);
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t nlen = strlen(e->d_name);
        char *path = malloc(dlen + nlen + 2);
        if (!path) {
            rc = -1;
            break;
        }
        memcpy(path, dir, dlen);
        size_t p = dlen;
        if (p == 0 || path[p - 1] != '/')
            path[p++] = '/';
        memcpy(path + p, e->d_name, nlen + 1);
        struct stat st, lst;
        if (stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                if (lstat(path, &lst) == 0 && !S_ISLNK(lst.st_mode))
                    rc = walk(l, path);
            } else if (S_ISREG(st.st_mode) && has_page_suffix(e->d_name)) {
                rc = add_item(l, path, strlen(path), NULL);
            }
        }
        free(path);
    }
    closedir(d);
    return rc;
}

/* --------------------------------------------------------------- results */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

/* A JSON string literal for @s, or null when memory ran out. */
static void sb_quoted(sbuf *b, const char *s)
{
    char *q = anq_json_quote(s, strlen(s));
    sb_puts(b, q ? q : "null");
    anq_free(q);
}

typedef struct result {
    sbuf out;      /* the line(s) to print */
    int ok;        /* parsed */
    int format;    /* when ok */
    int status;    /* when ok */
    int code;      /* the error code when not ok */
    int done;
    int bulk;      /* an open-data bulk file: streamed when its turn comes */
    char *peek;    /* standard input: the bytes read to tell */
    size_t peek_len;
} result;

typedef struct options {
    int pretty;
    int with_file;
    unsigned flags;
    int stream;    /* bulk open-data files are streamed (layout auto or an_opendata) */
} options;

/* ------------------------------------------------------ bulk open data */

#define HEAD_BYTES 4096

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.' || c == ':';
}

/* True when the first bytes of an input open an XML document whose root is
 * `questions` or `questionsX…` (questionsEcrites, questionsGouvernement…),
 * with or without a prefix: an open-data file holding many questions. */
static int is_bulk(const char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        i = 3;
    for (;;) {
        while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
            i++;
        if (i + 1 >= n || p[i] != '<')
            return 0;
        if (p[i + 1] == '?' || p[i + 1] == '!') {
            /* declaration, processing instruction, comment, DOCTYPE */
            const char *end = NULL;
            if (i + 3 < n && p[i + 1] == '!' && p[i + 2] == '-' && p[i + 3] == '-') {
                for (size_t k = i + 4; k + 2 < n; k++)
                    if (p[k] == '-' && p[k + 1] == '-' && p[k + 2] == '>') {
                        end = p + k + 2;
                        break;
                    }
            } else {
                end = memchr(p + i, '>', n - i);
            }
            if (!end)
                return 0;
            i = (size_t)(end - p) + 1;
            continue;
        }
        size_t s = i + 1, e = s;
        while (e < n && name_char(p[e]))
            e++;
        const char *colon = memchr(p + s, ':', e - s);
        if (colon)
            s = (size_t)(colon - p) + 1;
        size_t len = e - s;
        if (len < 9 || memcmp(p + s, "questions", 9) != 0)
            return 0;
        return len == 9 || (p[s + 9] >= 'A' && p[s + 9] <= 'Z');
    }
}

/* Standard input after a peek: the peeked bytes first. */
typedef struct peeked {
    const char *p;
    size_t len, pos;
} peeked;

static int read_peeked(void *ctx, char *buf, size_t cap, size_t *got)
{
    peeked *pk = ctx;
    if (pk->pos < pk->len) {
        size_t n = pk->len - pk->pos < cap ? pk->len - pk->pos : cap;
        memcpy(buf, pk->p + pk->pos, n);
        pk->pos += n;
        *got = n;
        return 0;
    }
    *got = fread(buf, 1, cap, stdin);
    return *got == 0 && ferror(stdin) ? -1 : 0;
}

static void put_error(result *r, const char *name, const options *o, int code,
                      const char *field, const char *message)
{
    sbuf *b = &r->out;
    r->ok = 0;
    r->code = code;
    sb_puts(b, "{");
    if (o->with_file) {
        sb_puts(b, "\"file\":");
        sb_quoted(b, name);
        sb_puts(b, ",");
    }
    sb_puts(b, "\"error\":{\"code\":\"");
    sb_puts(b, anq_status_name(code));
    sb_puts(b, "\"");
    if (field && *field) {
        sb_puts(b, ",\"field\":");
        sb_quoted(b, field);
    }
    sb_puts(b, ",\"message\":");
    sb_quoted(b, message);
    sb_puts(b, "}}\n");
}

static void process(const item *it, const options *o, result *r)
{
    const char *name = it->name;
    if (it->error) {
        put_error(r, name, o, ANQ_ERR_IO, NULL, it->error);
        return;
    }
    size_t len = 0;
    char *data;
    char head[HEAD_BYTES];
    size_t hn = 0;
    if (strcmp(name, "-") == 0) {
        while (hn < sizeof head) {
            size_t got = fread(head + hn, 1, sizeof head - hn, stdin);
            if (got == 0)
                break;
            hn += got;
        }
        if (o->stream && !ferror(stdin) && is_bulk(head, hn)) {
            r->bulk = 1;
            r->peek = malloc(hn);
            if (!r->peek) {
                r->bulk = 0;
                put_error(r, name, o, ANQ_ERR_NOMEM, NULL, "out of memory");
                return;
            }
            memcpy(r->peek, head, hn);
            r->peek_len = hn;
            return;
        }
        data = ferror(stdin) ? NULL : read_stream(stdin, head, hn, &len);
    } else {
        FILE *f = fopen(name, "rb");
        if (!f) {
            put_error(r, name, o, ANQ_ERR_IO, NULL, strerror(errno));
            return;
        }
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(f);
            put_error(r, name, o, ANQ_ERR_IO, NULL,
                      "is a folder (-r reads the pages in it)");
            return;
        }
        hn = fread(head, 1, sizeof head, f);
        if (o->stream && !ferror(f) && is_bulk(head, hn)) {
            fclose(f);
            r->bulk = 1;
            return;
        }
        data = ferror(f) ? NULL : read_stream(f, head, hn, &len);
        fclose(f);
    }
    if (!data) {
        put_error(r, name, o, ANQ_ERR_IO, NULL, "cannot read the input");
        return;
    }
    anq_error err;
    anq_question *q = anq_parse(data, len, o->flags, &err);
    free(data);
    if (!q) {
        put_error(r, name, o, err.code, err.field, err.message);
        return;
    }
    char *json = anq_question_to_json(q, o->pretty ? ANQ_JSON_PRETTY : 0);
    r->format = q->format;
    r->status = q->status;
    anq_question_free(q);
    if (!json) {
        put_error(r, name, o, ANQ_ERR_NOMEM, NULL, "out of memory");
        return;
    }
    r->ok = 1;
    sbuf *b = &r->out;
    if (o->with_file) {
        sb_puts(b, o->pretty ? "{\n  \"file\": " : "{\"file\":");
        sb_quoted(b, name);
        sb_puts(b, ",");
        sb_puts(b, json + 1); /* the record's members after its '{' */
    } else {
        sb_puts(b, json);
    }
    sb_puts(b, "\n");
    anq_free(json);
    if (b->oom) {
        free(b->p);
        memset(b, 0, sizeof *b);
        put_error(r, name, o, ANQ_ERR_NOMEM, NULL, "out of memory");
    }
}

/* ---------------------------------------------------- progress, summary */

typedef struct tally {
    size_t total, done, failed;
    size_t parsed;          /* records printed (a bulk file counts its questions) */
    int tty;                /* stderr is a terminal and the bar is wanted */
    size_t formats[ANQ_FORMAT_COUNT];
    size_t statuses[8];
    size_t codes[ANQ_STATUS_COUNT + 1]; /* last: unknown codes */
    double start, last_draw;
    int progress;
    int write_failed;
} tally;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void draw_progress(tally *t, int final)
{
    double t_now = now();
    if (!final && t_now - t->last_draw < 0.1)
        return;
    t->last_draw = t_now;
    double elapsed = t_now - t->start;
    double rate = elapsed > 0 ? (double)t->done / elapsed : 0.0;
    enum { WIDTH = 30 };
    char bar[WIDTH + 1];
    size_t filled = t->total ? t->done * WIDTH / t->total : WIDTH;
    for (size_t i = 0; i < WIDTH; i++)
        bar[i] = i < filled ? '#' : '-';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu  %.1f pages/s  %zu error%s%s", bar, t->done, t->total,
            rate, t->failed, t->failed == 1 ? "" : "s", final ? "\n" : "");
    fflush(stderr);
}

/* The bar of one bulk file: bytes read of the total, questions per second. */
static void draw_bulk(tally *t, anq_reader *rd, double start, size_t questions, size_t errors,
                      int final)
{
    double t_now = now();
    if (!final && t_now - t->last_draw < 0.1)
        return;
    t->last_draw = t_now;
    double elapsed = t_now - start;
    double rate = elapsed > 0 ? (double)questions / elapsed : 0.0;
    uint64_t got = anq_reader_bytes_read(rd), total = anq_reader_input_size(rd);
    if (total) {
        enum { WIDTH = 30 };
        char bar[WIDTH + 1];
        uint64_t filled = got >= total ? WIDTH : got * WIDTH / total;
        for (size_t i = 0; i < WIDTH; i++)
            bar[i] = i < filled ? '#' : '-';
        bar[WIDTH] = '\0';
        fprintf(stderr, "\r[%s] %.1f/%.1f MB", bar, (double)got / 1e6, (double)total / 1e6);
    } else {
        fprintf(stderr, "\r%.1f MB", (double)got / 1e6);
    }
    fprintf(stderr, "  %.1f questions/s  %zu error%s%s", rate, errors, errors == 1 ? "" : "s",
            final ? "\n" : "");
    fflush(stderr);
}

static void count_ok(tally *t, int format, int status)
{
    t->parsed++;
    if (format >= 0 && format < ANQ_FORMAT_COUNT)
        t->formats[format]++;
    if (status >= 0 && status < 8)
        t->statuses[status]++;
}

static void count_failed(tally *t, int code)
{
    t->failed++;
    t->codes[code >= 0 && code < ANQ_STATUS_COUNT ? code : ANQ_STATUS_COUNT]++;
}

static void emit(tally *t, sbuf *b)
{
    if (b->p && fwrite(b->p, 1, b->len, stdout) != b->len)
        t->write_failed = 1;
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* Stream every question of a bulk file to stdout, in order. */
static void stream_bulk(const item *it, const options *o, result *res, tally *t)
{
    const char *name = it->name;
    anq_error err;
    peeked pk = {res->peek, res->peek_len, 0};
    anq_reader *rd = strcmp(name, "-") == 0 ? anq_reader_open_io(read_peeked, &pk, o->flags, &err)
                                            : anq_reader_open_file(name, o->flags, &err);
    if (!rd) {
        result e;
        memset(&e, 0, sizeof e);
        put_error(&e, name, o, err.code, err.field, err.message);
        emit(t, &e.out);
        count_failed(t, err.code);
        return;
    }
    uint64_t size = anq_reader_input_size(rd);
    int bar = t->tty && (size == 0 || size >= (uint64_t)1 << 20);
    int drawn = 0;
    double start = now();
    size_t questions = 0, errors = 0;
    anq_question *q;
    int rc;
    sbuf b;
    memset(&b, 0, sizeof b);
    char num[64];
    while ((rc = anq_reader_next(rd, &q, &err)) != 0) {
        b.len = 0;
        sb_puts(&b, o->pretty ? "{\n" : "{");
        if (o->with_file) {
            sb_puts(&b, o->pretty ? "  \"file\": " : "\"file\":");
            sb_quoted(&b, name);
            sb_puts(&b, o->pretty ? ",\n" : ",");
        }
        size_t index = rc > 0 ? anq_reader_index(rd) : err.index;
        if (index) {
            snprintf(num, sizeof num, o->pretty ? "  \"index\": %zu,\n" : "\"index\":%zu,", index);
            sb_puts(&b, num);
        }
        if (rc > 0) {
            char *json = anq_question_to_json(q, o->pretty ? ANQ_JSON_PRETTY : 0);
            int format = q->format, status = q->status;
            anq_question_free(q);
            if (json) {
                /* the record's members after its '{' (pretty: after "{\n") */
                sb_puts(&b, json + (o->pretty ? 2 : 1));
                anq_free(json);
                count_ok(t, format, status);
                questions++;
            } else {
                sb_puts(&b, o->pretty ? "  \"error\": {\"code\": \"nomem\", \"message\": \"out of memory\"}\n}"
                                      : "\"error\":{\"code\":\"nomem\",\"message\":\"out of memory\"}}");
                count_failed(t, ANQ_ERR_NOMEM);
                errors++;
            }
        } else {
            sb_puts(&b, o->pretty ? "  \"error\": {\"code\": \"" : "\"error\":{\"code\":\"");
            sb_puts(&b, anq_status_name(err.code));
            sb_puts(&b, "\"");
            if (err.field[0]) {
                sb_puts(&b, o->pretty ? ", \"field\": " : ",\"field\":");
                sb_quoted(&b, err.field);
            }
            sb_puts(&b, o->pretty ? ", \"message\": " : ",\"message\":");
            sb_quoted(&b, err.message);
            if (err.line) {
                snprintf(num, sizeof num, o->pretty ? ", \"line\": %u" : ",\"line\":%u", err.line);
                sb_puts(&b, num);
            }
            if (err.offset) {
                snprintf(num, sizeof num, o->pretty ? ", \"offset\": %llu" : ",\"offset\":%llu",
                         (unsigned long long)err.offset);
                sb_puts(&b, num);
            }
            sb_puts(&b, o->pretty ? "}\n}" : "}}");
            count_failed(t, err.code);
            errors++;
        }
        sb_puts(&b, "\n");
        if (b.oom || fwrite(b.p, 1, b.len, stdout) != b.len)
            t->write_failed = 1;
        if (bar) {
            draw_bulk(t, rd, start, questions, errors, 0);
            drawn = 1;
        }
        if (t->write_failed)
            break;
    }
    if (drawn)
        draw_bulk(t, rd, start, questions, errors, 1);
    free(b.p);
    anq_reader_close(rd);
}

static void record(tally *t, const item *it, const options *o, result *r)
{
    if (r->bulk) {
        stream_bulk(it, o, r, t);
        free(r->peek);
        r->peek = NULL;
        t->done++;
        if (t->progress)
            draw_progress(t, t->done == t->total);
        return;
    }
    emit(t, &r->out);
    t->done++;
    if (r->ok)
        count_ok(t, r->format, r->status);
    else
        count_failed(t, r->code);
    if (t->progress)
        draw_progress(t, t->done == t->total);
}

static void print_summary(const tally *t)
{
    double elapsed = now() - t->start;
    fprintf(stderr, "summary: inputs %zu, parsed %zu, failed %zu (%.2f s, %.1f pages/s)\n",
            t->total, t->parsed, t->failed, elapsed,
            elapsed > 0 ? (double)(t->parsed + t->failed) / elapsed : 0.0);
    for (int f = 0; f < ANQ_FORMAT_COUNT; f++)
        if (t->formats[f])
            fprintf(stderr, "format %s: %zu\n", anq_format_name(f), t->formats[f]);
    for (int s = 0; s < 8; s++)
        if (t->statuses[s])
            fprintf(stderr, "status %s: %zu\n", anq_status_kind_name(s), t->statuses[s]);
    for (int c = 0; c <= ANQ_STATUS_COUNT; c++)
        if (t->codes[c])
            fprintf(stderr, "error %s: %zu\n", anq_status_name(c), t->codes[c]);
}

/* --------------------------------------------------------------- threads */

typedef struct pool {
    const item *items;
    result *results;
    size_t n;
    size_t next;    /* next item to take */
    size_t printed; /* items written so far */
    size_t window;  /* how far ahead of the writer the workers may go */
    const options *o;
    pthread_mutex_t mu;
    pthread_cond_t done_cv;
    pthread_cond_t space_cv;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->next < p->n && p->next >= p->printed + p->window)
            pthread_cond_wait(&p->space_cv, &p->mu);
        if (p->next >= p->n) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);

        result r;
        memset(&r, 0, sizeof r);
        process(&p->items[i], p->o, &r);

        pthread_mutex_lock(&p->mu);
        r.done = 1;
        p->results[i] = r;
        pthread_cond_broadcast(&p->done_cv);
        pthread_mutex_unlock(&p->mu);
    }
}

/* Parse every item in @jobs threads, writing results in input order. */
static int run_threads(const item_list *l, const options *o, int jobs, tally *t)
{
    pool p;
    memset(&p, 0, sizeof p);
    p.items = l->v;
    p.n = l->n;
    p.window = (size_t)jobs * 16;
    p.o = o;
    p.results = calloc(l->n, sizeof *p.results);
    if (!p.results)
        return -1;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.done_cv, NULL);
    pthread_cond_init(&p.space_cv, NULL);
    pthread_t tids[MAX_JOBS];
    int started = 0;
    for (int i = 0; i < jobs; i++) {
        if (pthread_create(&tids[i], NULL, worker, &p) != 0)
            break;
        started++;
    }
    if (started == 0) {
        /* no thread at all: do the work here */
        worker(&p);
    }
    for (size_t i = 0; i < l->n; i++) {
        pthread_mutex_lock(&p.mu);
        while (!p.results[i].done)
            pthread_cond_wait(&p.done_cv, &p.mu);
        pthread_mutex_unlock(&p.mu);
        record(t, &p.items[i], o, &p.results[i]);
        pthread_mutex_lock(&p.mu);
        p.printed = i + 1;
        pthread_cond_broadcast(&p.space_cv);
        pthread_mutex_unlock(&p.mu);
    }
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    pthread_cond_destroy(&p.space_cv);
    pthread_cond_destroy(&p.done_cv);
    pthread_mutex_destroy(&p.mu);
    free(p.results);
    return 0;
}

/* --------------------------------------------------------------- url-for */

static int url_for_one(const char *text, size_t len, int kind)
{
    anq_id id;
    anq_error err;
    if (anq_id_parse(text, len, &id, &err) != ANQ_OK) {
        fprintf(stderr, "anq: '%.*s': %s\n", (int)(len > 200 ? 200 : len), text, err.message);
        return 1;
    }
    if (kind != 0) {
        char *s = anq_id_format(&id, kind, 0, &err);
        if (!s) {
            fprintf(stderr, "anq: '%.*s': %s\n", (int)(len > 200 ? 200 : len), text, err.message);
            return 1;
        }
        printf("%s\n", s);
        anq_free(s);
        return 0;
    }
    for (int k = 1; k < ANQ_ID_KIND_COUNT; k++) {
        char *s = anq_id_format(&id, k, 0, NULL);
        if (s)
            printf("%s\t%s\n", anq_id_kind_name(k), s);
        anq_free(s);
    }
    return 0;
}

static int url_for(int kind, char **ids, int n)
{
    int failures = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(ids[i], "-") != 0) {
            failures += url_for_one(ids[i], strlen(ids[i]), kind);
            continue;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t got;
        while ((got = getline(&line, &cap, stdin)) != -1) {
            size_t k = 0;
            while (k < (size_t)got && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r' ||
                                       line[k] == '\n'))
                k++;
            if (k == (size_t)got)
                continue; /* blank lines are skipped */
            failures += url_for_one(line, (size_t)got, kind);
        }
        free(line);
    }
    if (fflush(stdout) != 0)
        return 1;
    return failures ? 1 : 0;
}

/* ------------------------------------------------------------------ main */

static int parse_jobs(const char *s, int *jobs)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > MAX_JOBS) {
        fprintf(stderr, "anq: --jobs takes a number from 0 to %d, not '%s'\n", MAX_JOBS, s);
        return -1;
    }
    if (v == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        v = cpus < 1 ? 1 : cpus > MAX_JOBS ? MAX_JOBS : cpus;
    }
    *jobs = (int)v;
    return 0;
}

int main(int argc, char **argv)
{
    int pretty = 0, format = 0, no_html = 0, recursive = 0, jobs = 1, summary = 0;
    int progress = 1, url_kind = -1;
    int first_file = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            first_file = i + 1;
            break;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            first_file = i;
            break;
        }
        if (strcmp(a, "--pretty") == 0) {
            pretty = 1;
        } else if (strcmp(a, "--no-html") == 0) {
            no_html = 1;
        } else if (strcmp(a, "-r") == 0 || strcmp(a, "--recursive") == 0) {
            recursive = 1;
        } else if (strcmp(a, "--summary") == 0) {
            summary = 1;
        } else if (strcmp(a, "--no-progress") == 0 || strcmp(a, "-q") == 0 ||
                   strcmp(a, "--quiet") == 0) {
            progress = 0;
        } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "anq: %s needs a number\n", a);
                return 2;
            }
            if (parse_jobs(argv[++i], &jobs) != 0)
                return 2;
        } else if (strncmp(a, "--jobs=", 7) == 0 || (strncmp(a, "-j", 2) == 0 && a[2])) {
            if (parse_jobs(a[1] == 'j' ? a + 2 : a + 7, &jobs) != 0)
                return 2;
        } else if (strncmp(a, "--url-for=", 10) == 0) {
            const char *k = a + 10;
            url_kind = strcmp(k, "all") == 0 ? 0 : anq_id_kind_from_name(k);
            if (url_kind < 0 || (url_kind == 0 && strcmp(k, "all") != 0)) {
                fprintf(stderr, "anq: unknown identifier kind '%s' (uid, legacy, xml_view, "
                                "dyn, nosdeputes, all)\n", k);
                return 2;
            }
        } else if (strncmp(a, "--format=", 9) == 0) {
            const char *name = a + 9;
            if (strcmp(name, "auto") == 0) {
                format = 0;
            } else {
                format = anq_format_from_name(name);
                if (!format) {
                    fprintf(stderr, "anq: unknown format '%s'\n", name);
                    return 2;
                }
            }
        } else if (strcmp(a, "--list-formats") == 0) {
            for (int f = 1; anq_format_name(f)[0] != 'u'; f++)
                if (anq_format_supported(f))
                    printf("%s\n", anq_format_name(f));
            return 0;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("anq %s\n", anq_version());
            return 0;
        } else {
            fprintf(stderr, "anq: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    int nargs = argc - first_file;
    if (nargs <= 0) {
        usage(stderr);
        return 2;
    }
    if (url_kind >= 0)
        return url_for(url_kind, argv + first_file, nargs);

    /* The inputs: files as given, folders expanded when -r is on. */
    item_list items = {NULL, 0, 0};
    int any_folder = 0;
    for (int i = first_file; i < argc; i++) {
        const char *name = argv[i];
        struct stat st;
        int rc;
        if (recursive && strcmp(name, "-") != 0 && stat(name, &st) == 0 && S_ISDIR(st.st_mode)) {
            any_folder = 1;
            size_t before = items.n;
            rc = walk(&items, name);
            if (rc == 0 && items.n == before)
                rc = add_item(&items, name, strlen(name),
                              "no .html, .htm or .xml file under this folder");
            else if (rc == 0)
                qsort(items.v + before, items.n - before, sizeof *items.v, cmp_items);
        } else {
            rc = add_item(&items, name, strlen(name), NULL);
        }
        if (rc != 0) {
            fprintf(stderr, "anq: out of memory\n");
            return 1;
        }
    }

    options o;
    o.pretty = pretty;
    o.with_file = nargs > 1 || any_folder;
    o.flags = ANQ_PARSE_FORMAT(format) | (no_html ? ANQ_PARSE_NO_HTML : 0);
    o.stream = format == 0 || format == ANQ_FORMAT_AN_OPENDATA;

    tally t;
    memset(&t, 0, sizeof t);
    t.total = items.n;
    t.start = now();
    t.tty = progress && isatty(STDERR_FILENO);
    t.progress = t.tty && items.n > 1;

    anq_init();
    if (jobs > (int)items.n)
        jobs = (int)items.n;
    int rc = 0;
    if (jobs > 1) {
        rc = run_threads(&items, &o, jobs, &t);
    } else {
        for (size_t i = 0; i < items.n; i++) {
            result r;
            memset(&r, 0, sizeof r);
            process(&items.v[i], &o, &r);
            record(&t, &items.v[i], &o, &r);
        }
    }
    if (rc != 0)
        fprintf(stderr, "anq: out of memory\n");
    if (summary)
        print_summary(&t);
    for (size_t i = 0; i < items.n; i++)
        free(items.v[i].name);
    free(items.v);
    if (fflush(stdout) != 0 || t.write_failed || rc != 0)
        return 1;
    return t.failed ? 1 : 0;
}
