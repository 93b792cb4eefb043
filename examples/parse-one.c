/* SPDX-License-Identifier: MIT */
/* The short example from README.md: parse one page, print a few fields. */
#include <stdio.h>
#include <stdlib.h>

#include <anq.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: parse-one FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static char buf[1 << 22];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);

    anq_error err;
    anq_question *q = anq_parse(buf, len, ANQ_PARSE_DEFAULT, &err);
    if (!q) {
        fprintf(stderr, "%s: %s\n", argv[1], err.message);
        return 1;
    }
    printf("%s by %s (%s), status %s\n", q->uid,
           q->author.name ? q->author.name : "?",
           anq_format_name(q->format), anq_status_kind_name(q->status));
    if (q->answered.date.year)
        printf("answered on %04d-%02d-%02d\n", (int)q->answered.date.year,
               (int)q->answered.date.month, (int)q->answered.date.day);
    anq_question_free(q);
    return 0;
}
