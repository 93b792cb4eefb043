/* SPDX-License-Identifier: MIT */
/* Fuzz target for the text room's own tokenizer: any bytes as a question or
 * answer fragment (made valid UTF-8 first, as anq_parse does), rendered to
 * plain text and sanitised HTML. Checked (text.h, output.md):
 *   - the plain text and the HTML are valid UTF-8 with no NUL;
 *   - the plain text has no leading or trailing whitespace, no tab or
 *     newline next to a space, and no three newlines in a row;
 *   - the HTML is balanced: every element opened is closed, in order
 *     (void elements are written "<x/>"), and it holds no "<script",
 *     "<style", "<iframe", "<form", " on…=" attribute, nor an href that a
 *     browser reads as javascript:, vbscript: or data: (tabs and newlines
 *     dropped, as its URL parser does);
 *   - rendering without HTML gives the same plain text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "anq.h"
#include "fuzz.h"
#include "input.h"
#include "record.h"
#include "text.h"

static void check_text(const char *t)
{
    size_t n = strlen(t);
    FUZZ_CHECK(anq__utf8_valid(t, n));
    FUZZ_CHECK(n > 0);
    FUZZ_CHECK(t[0] != ' ' && t[0] != '\n' && t[0] != '\t');
    FUZZ_CHECK(t[n - 1] != ' ' && t[n - 1] != '\n' && t[n - 1] != '\t');
    FUZZ_CHECK(strstr(t, "\n\n\n") == NULL);
    FUZZ_CHECK(strstr(t, " \n") == NULL && strstr(t, "\n ") == NULL);
    FUZZ_CHECK(strstr(t, "  ") == NULL);
}

static int ci_contains(const char *h, const char *needle)
{
    size_t nl = strlen(needle);
    for (const char *p = h; *p; p++) {
        size_t i = 0;
        while (i < nl && p[i] && (p[i] | 0x20) == needle[i])
            i++;
        if (i == nl)
            return 1;
    }
    return 0;
}

/* The link [v, end) as a browser reads its scheme (leading controls and
 * spaces dropped, every tab and newline dropped, any case) does not run
 * script. Text that merely says "javascript:" is fine. */
static void check_href(const char *v, const char *end)
{
    char seen[16];
    size_t k = 0;
    while (v < end && (unsigned char)*v <= 0x20)
        v++;
    for (; v < end && k < sizeof seen - 1; v++) {
        if (*v == '\t' || *v == '\n' || *v == '\r')
            continue;
        seen[k++] = (char)(*v >= 'A' && *v <= 'Z' ? *v + 32 : *v);
    }
    seen[k] = '\0';
    FUZZ_CHECK(strncmp(seen, "javascript:", 11) != 0 && strncmp(seen, "vbscript:", 9) != 0 &&
               strncmp(seen, "data:", 5) != 0);
}

/* Tags in the HTML balance like a stack. */
static void check_html(const char *h)
{
    FUZZ_CHECK(anq__utf8_valid(h, strlen(h)));
    FUZZ_CHECK(!ci_contains(h, "<script") && !ci_contains(h, "<style") &&
               !ci_contains(h, "<iframe") && !ci_contains(h, "<form"));
    char stack[64][16];
    int depth = 0;
    for (const char *p = h; (p = strchr(p, '<')) != NULL; p++) {
        int end = p[1] == '/';
        const char *q = p + 1 + end;
        char name[16];
        size_t k = 0;
        while (*q && *q != '>' && *q != ' ' && *q != '/' && k < sizeof name - 1)
            name[k++] = *q++;
        name[k] = '\0';
        FUZZ_CHECK(k > 0); /* text '<' is always escaped */
        /* attributes: ` name="value"`, the value escaped (no raw quote or
         * '<' inside), no event handler */
        while (*q == ' ') {
            q++;
            FUZZ_CHECK(!((q[0] | 0x20) == 'o' && (q[1] | 0x20) == 'n'));
            const char *eq = strchr(q, '=');
            FUZZ_CHECK(eq != NULL && eq[1] == '"');
            const char *close = strchr(eq + 2, '"');
            FUZZ_CHECK(close != NULL);
            for (const char *v = eq + 2; v < close; v++)
                FUZZ_CHECK(*v != '<' && *v != '>');
            if (eq - q == 4 && memcmp(q, "href", 4) == 0)
                check_href(eq + 2, close);
            q = close + 1;
        }
        const char *gt = q[0] == '/' ? q + 1 : q;
        FUZZ_CHECK(*gt == '>');
        p = gt;
        if (gt[-1] == '/' && !end)
            continue; /* void element */
        if (end) {
            FUZZ_CHECK(depth > 0);
            depth--;
            FUZZ_CHECK(strcmp(stack[depth < 64 ? depth : 63], name) == 0 || depth >= 64);
        } else {
            if (depth < 64)
                snprintf(stack[depth], sizeof stack[depth], "%s", name);
            depth++;
        }
    }
    FUZZ_CHECK(depth == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *u = NULL;
    size_t ulen = 0;
    unsigned warn = 0;
    if (anq__input_to_utf8((const char *)data, size, &u, &ulen, &warn) != 0)
        return 0;
    anq_rec *r = anq__rec_new();
    if (!r) {
        anq__free(u);
        return 0;
    }
    const char *text = NULL, *html = NULL, *text2 = NULL;
    int rc = anq__text_render_fragment(r, u, ulen, NULL, NULL, &text, &html);
    int rc2 = anq__text_render_fragment(r, u, ulen, NULL, NULL, &text2, NULL);
    FUZZ_CHECK(rc == rc2);
    if (rc == ANQ_OK && !r->oom) {
        FUZZ_CHECK((text == NULL) == (html == NULL));
        FUZZ_CHECK((text == NULL) == (text2 == NULL));
        if (text) {
            check_text(text);
            check_html(html);
            FUZZ_CHECK(strcmp(text, text2) == 0);
        }
    } else {
        FUZZ_CHECK(rc == ANQ_ERR_TOO_DEEP || rc == ANQ_ERR_NOMEM || r->oom);
    }
    anq__rec_free(r);
    anq__free(u);
    return 0;
}
