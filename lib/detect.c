/* SPDX-License-Identifier: MIT */
/* Which layout is this page? Each extractor judges by its layout's own
 * markers; the most confident one wins. */
#include <stdio.h>
#include <string.h>

#include "formats/formats.h"
#include "scan.h"

/* In the order of how often users meet them; detection stops at the first
 * layout that is sure of itself (score >= ANQ_SURE), so the common pages
 * are recognised with one or two scans. */
#define ANQ_SURE 90
static const anq_extractor *const extractors[] = {
#ifdef ANQ_HAVE_AN_LEGACY
    &anq__fmt_an_legacy,
#endif
#ifdef ANQ_HAVE_AN_DYN
    &anq__fmt_an_dyn,
#endif
#ifdef ANQ_HAVE_NOSDEPUTES
    &anq__fmt_nosdeputes,
#endif
#ifdef ANQ_HAVE_AN_XML_VIEW
    &anq__fmt_an_xml_view,
#endif
#ifdef ANQ_HAVE_AN_OPENDATA
    &anq__fmt_an_opendata,
#endif
#ifdef ANQ_HAVE_AN_FICHE
    &anq__fmt_an_fiche,
#endif
#ifdef ANQ_HAVE_AN_TABLE
    &anq__fmt_an_table,
#endif
    NULL
};

int anq__fail(anq_ctx *ctx, int code, const char *field, const char *msg)
{
    anq_error *e = ctx->err;
    e->code = code;
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    snprintf(e->message, sizeof e->message, "%s", msg ? msg : anq_strerror(code));
    return code;
}

const anq_extractor *anq__extractor(int format)
{
    for (size_t i = 0; extractors[i]; i++)
        if (extractors[i]->format == format)
            return extractors[i];
    return NULL;
}

int anq_format_supported(int format)
{
    return anq__extractor(format) != NULL;
}

/* A page that opens like an XML document ("<?xml", or a root element
 * "<q…"/"<Q…" after blanks): its layouts, which judge by the root element
 * alone, are asked first, before any HTML layout scans the whole page. The
 * order only changes the cost: a sure XML layout is one whose root element
 * no HTML layout has. */
static int looks_xml(const char *src, size_t len)
{
    size_t i = 0;
    while (i < len && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r'))
        i++;
    if (len - i < 2 || src[i] != '<')
        return 0;
    return src[i + 1] == '?' || src[i + 1] == 'q' || src[i + 1] == 'Q';
}

static int is_xml_layout(const anq_extractor *ex)
{
    return ex->format == ANQ_FORMAT_AN_XML_VIEW || ex->format == ANQ_FORMAT_AN_OPENDATA;
}

const anq_extractor *anq__detect(const char *src, size_t len)
{
    const anq_extractor *best = NULL;
    int best_score = 0;
    int xml = looks_xml(src, len);
    /* pass 0: the XML layouts when the page looks like XML; pass 1: the rest */
    for (int pass = xml ? 0 : 1; pass < 2; pass++) {
        for (size_t i = 0; extractors[i]; i++) {
            if (xml && is_xml_layout(extractors[i]) != (pass == 0))
                continue;
            int s = extractors[i]->detect(src, len);
            if (s > best_score) {
                best_score = s;
                best = extractors[i];
            }
            if (s >= ANQ_SURE)
                return best;
        }
    }
    return best;
}

int anq__is_error_page(const char *src, size_t len)
{
    /* Error pages are short; only look at the start of the page. */
    size_t n = len < 8192 ? len : 8192;
    static const char *const markers[] = {
        "The page cannot be found", "Error 503", "Service Unavailable",
        "<title>50", "<title>40", "Aucun résultat ne correspond",
        "Internal Server Error", "Bad Gateway", "Gateway Time-out",
        "Page non trouvée", "404 Not Found", NULL};
    for (size_t i = 0; markers[i]; i++)
        if (anq__find_nocase(src, n, markers[i]))
            return 1;
    return 0;
}
