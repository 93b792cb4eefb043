/* SPDX-License-Identifier: MIT */
/* Built against anq as a subproject: parse a page given on the command line
 * and print its uid and current-site URL. */
#include <stdio.h>
#include <stdlib.h>

#include <anq.h>

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return 1;
    static char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    anq_error err;
    anq_question *q = anq_parse(buf, len, ANQ_PARSE_DEFAULT, &err);
    if (!q) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    anq_id id = {q->legislature, q->type, q->number};
    char *url = anq_id_format(&id, ANQ_ID_DYN_URL, 0, &err);
    printf("%s %s\n", q->uid, url ? url : err.message);
    anq_free(url);
    anq_question_free(q);
    return 0;
}
