/* SPDX-License-Identifier: MIT */
/* anq: print the record of each question page as one JSON line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <anq.h>

static void usage(FILE *f)
{
    fputs("usage: anq [--pretty] [--format=auto|NAME] FILE...\n"
          "Print the record of each Assemblée nationale question page as one JSON\n"
          "object per line. FILE '-' reads standard input.\n"
          "\n"
          "  --pretty          indent the JSON\n"
          "  --format=NAME     read every input as layout NAME instead of detecting it:\n"
          "                    nosdeputes, an_fiche, an_table, an_legacy, an_xml_view,\n"
          "                    an_dyn, an_opendata (auto: detect, the default)\n"
          "  --list-formats    print the layouts this build reads, one per line\n"
          "  --no-html         leave question_html and answer_html out (faster)\n"
          "  -h, --help        this help\n"
          "  -V, --version     the library's version\n"
          "\n"
          "With several inputs each object starts with \"file\". An input that\n"
          "fails prints {\"file\": …, \"error\": {\"code\": …, \"message\": …}} and the\n"
          "others are still read.\n"
          "Exit status: 0 all inputs parsed, 1 some input failed, 2 usage error.\n",
          f);
}

static char *read_stream(FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
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

static void print_file_key(const char *name, int pretty)
{
    char *q = anq_json_quote(name, strlen(name));
    if (pretty)
        printf("{\n  \"file\": %s,", q ? q : "null");
    else
        printf("{\"file\":%s,", q ? q : "null");
    anq_free(q);
}

static void print_error(const char *name, int with_file, const char *code,
                        const char *field, const char *message)
{
    char *qm = anq_json_quote(message, strlen(message));
    char *qn = with_file ? anq_json_quote(name, strlen(name)) : NULL;
    printf("{");
    if (qn)
        printf("\"file\":%s,", qn);
    printf("\"error\":{\"code\":\"%s\"", code);
    if (field && *field) {
        char *qf = anq_json_quote(field, strlen(field));
        printf(",\"field\":%s", qf ? qf : "null");
        anq_free(qf);
    }
    printf(",\"message\":%s}}\n", qm ? qm : "null");
    anq_free(qm);
    anq_free(qn);
}

int main(int argc, char **argv)
{
    int pretty = 0, format = 0, no_html = 0;
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
    int nfiles = argc - first_file;
    if (nfiles <= 0) {
        usage(stderr);
        return 2;
    }
    int with_file = nfiles > 1;
    int failures = 0;
    unsigned flags = ANQ_PARSE_FORMAT(format) | (no_html ? ANQ_PARSE_NO_HTML : 0);
    for (int i = first_file; i < argc; i++) {
        const char *name = argv[i];
        size_t len = 0;
        char *data;
        if (strcmp(name, "-") == 0) {
            data = read_stream(stdin, &len);
        } else {
            FILE *f = fopen(name, "rb");
            if (!f) {
                print_error(name, with_file, "io", NULL, strerror(errno));
                failures++;
                continue;
            }
            data = read_stream(f, &len);
            fclose(f);
        }
        if (!data) {
            print_error(name, with_file, "io", NULL, "cannot read the input");
            failures++;
            continue;
        }
        anq_error err;
        anq_question *q = anq_parse(data, len, flags, &err);
        free(data);
        if (!q) {
            print_error(name, with_file, anq_status_name(err.code), err.field, err.message);
            failures++;
            continue;
        }
        char *json = anq_question_to_json(q, pretty ? ANQ_JSON_PRETTY : 0);
        anq_question_free(q);
        if (!json) {
            print_error(name, with_file, "nomem", NULL, "out of memory");
            failures++;
            continue;
        }
        if (with_file) {
            print_file_key(name, pretty);
            fputs(json + 1, stdout); /* the record's members after its '{' */
        } else {
            fputs(json, stdout);
        }
        fputc('\n', stdout);
        anq_free(json);
    }
    if (fflush(stdout) != 0)
        return 1;
    return failures ? 1 : 0;
}
