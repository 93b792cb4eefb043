/* SPDX-License-Identifier: MIT */
#include "html.h"
#include "html_guard.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>

#include "alloc.h"
#include "anq.h"
#include "htmlparse.h"
#include "xmlparse.h"


static void sink_structured(void *ctx, xmlErrorPtr e)
{
    sink_state *st = ctx;
    /* "huge text node" is reported with the out-of-memory code too; it is
     * a limit, classified from the context's last error */
    if (st && e && e->code == XML_ERR_NO_MEMORY &&
        !(e->message && strstr(e->message, "huge"))) {
        st->nomem = 1;
#if LIBXML_VERSION < 21100
        /* libxml2 2.9.14's HTML parser can loop forever once one of its
         * allocations has failed: its loops wait for the input to run out
         * (tests/unit/test_oom.c found dozens of such points per page).
         * The result is thrown away anyway: make the input run out. Not
         * xmlStopParser(): it frees the input buffer, which the function
         * raising the error may still be using. Only once the document
         * exists: before that the input is still being set up. Versions
         * from 2.11 on reworked allocation-failure handling throughout
         * and deprecate these fields, hence the version test. */
        xmlParserCtxtPtr c = st->ctxt;
        if (c && c->myDoc && c->input && c->input->cur && c->input->end &&
            c->input->end > c->input->cur) {
            c->instate = XML_PARSER_EOF;
            c->disableSAX = 1;
            c->input->cur = c->input->end;
        }
#endif
    }
}

static void sink_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void handlers_swap(saved_handlers *s, sink_state *st)
{
    s->serror = xmlStructuredError;
    s->sctx = xmlStructuredErrorContext;
    s->gerror = xmlGenericError;
    s->gctx = xmlGenericErrorContext;
    xmlStructuredError = sink_structured;
    xmlStructuredErrorContext = st;
    xmlGenericError = sink_generic;
    xmlGenericErrorContext = NULL;
}

static void handlers_restore(const saved_handlers *s)
{
    xmlStructuredError = s->serror;
    xmlStructuredErrorContext = s->sctx;
    xmlGenericError = s->gerror;
    xmlGenericErrorContext = s->gctx;
}

static void last_error_save(saved_error *s)
{
    xmlErrorPtr last = xmlGetLastError();
    memset(&s->err, 0, sizeof s->err);
    s->had = last != NULL;
    if (s->had)
        xmlCopyError(last, &s->err);
}

static void last_error_restore(saved_error *s)
{
    xmlErrorPtr last = xmlGetLastError();
    if (!s->had) {
        if (last)
            xmlResetLastError();
        return;
    }
    if (last)
        xmlCopyError(&s->err, last);
    xmlResetError(&s->err);
}

/* Pages are parsed by anq's own builders, libxml2 is not involved: HTML by
 * lib/htmlparse.c (libxml2 2.9.14's tree, tests/unit/test_htmlparse.c
 * compares them node for node), XML by lib/xmlparse.c. libxml2 stays for
 * the open-data reader's push parser (its subtrees are copied below) and
 * for the HTML entity table. */
int anq__doc_parse(const char *utf8, size_t len, int xml, anq_doc **out)
{
    *out = NULL;
    if (xml)
        return anq__xml_parse(utf8, len, out);
    return anq__html_build(utf8, len, 0, out);
}

int anq__doc_parse_fragment(const char *utf8, size_t len, anq_doc **out)
{
    return anq__html_build(utf8, len, 1, out);
}

unsigned long anq__html_entity(const char *name, size_t len)
{
    char tmp[40];
    if (len == 0 || len >= sizeof tmp)
        return 0;
    memcpy(tmp, name, len);
    tmp[len] = '\0';
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)tmp);
    return e ? e->value : 0;
}

void anq__xml_guard_enter(anq_xml_guard *g, xmlParserCtxtPtr ctxt)
{
    memset(&g->st, 0, sizeof g->st);
    g->st.ctxt = ctxt;
    /* swapped first, so that whatever libxml2 reports while copying the
     * caller's last error (an allocation failure) goes to the sink too */
    handlers_swap(&g->handlers, &g->st);
    last_error_save(&g->err);
}

void anq__xml_guard_leave(anq_xml_guard *g)
{
    last_error_restore(&g->err);
    handlers_restore(&g->handlers);
}

void anq__html_init(void)
{
    xmlInitParser();
}

/* The text of an attribute as the tree shows it: its first child when that
 * is text (libxml2 gives one text child; an entity reference of a DTD would
 * make more, and only the text before it counts, as it always did). */
static const char *attr_text(const xmlAttr *a)
{
    const xmlNode *t = a->children;
    if (t && (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
        return (const char *)t->content;
    return "";
}

/* One libxml2 node appended under parent (NULL: n is the root). *made is
 * the copy of an element, NULL for other nodes. */
static int copy_one(anq_doc *d, anq_node *parent, const xmlNode *n, anq_node **made)
{
    *made = NULL;
    const char *c = (const char *)n->content;
    switch (n->type) {
    case XML_ELEMENT_NODE: {
        const char *name = n->name ? (const char *)n->name : "";
        anq_node *e = anq__doc_add_element(d, parent, name, strlen(name), 0, n->line);
        if (!e)
            return -1;
        for (const xmlAttr *a = n->properties; a; a = a->next) {
            const char *an = a->name ? (const char *)a->name : "";
            const char *v = attr_text(a);
            if (anq__doc_add_attr(d, e, an, strlen(an), 0, v, strlen(v)) != 0)
                return -1;
        }
        *made = e;
        return 0;
    }
    case XML_TEXT_NODE:
        return anq__doc_add_text(d, parent, ANQ_NODE_TEXT, c ? c : "", c ? strlen(c) : 0,
                                 n->line);
    case XML_CDATA_SECTION_NODE:
        return anq__doc_add_text(d, parent, ANQ_NODE_CDATA, c ? c : "", c ? strlen(c) : 0,
                                 n->line);
    case XML_COMMENT_NODE:
        return anq__doc_add_text(d, parent, ANQ_NODE_COMMENT, c ? c : "", c ? strlen(c) : 0,
                                 n->line);
    default:
        /* processing instructions, entity references: leaves that keep
         * the texts around them apart, as they did */
        return anq__doc_add_text(d, parent, ANQ_NODE_OTHER, c ? c : "", c ? strlen(c) : 0,
                                 n->line);
    }
}

int anq__doc_copy_xml_node(const xmlNode *top, int xml, anq_doc **out)
{
    *out = NULL;
    if (!top || top->type != XML_ELEMENT_NODE)
        return ANQ_ERR_PARSE;
    anq_doc *d = anq__doc_new(xml);
    if (!d)
        return ANQ_ERR_NOMEM;
    /* one walk in document order, no recursion: `dst` is the copy of n's
     * parent (NULL for top) */
    const xmlNode *n = top;
    anq_node *dst = NULL;
    for (;;) {
        anq_node *made;
        if (copy_one(d, dst, n, &made) != 0) {
            anq__doc_free(d);
            return ANQ_ERR_NOMEM;
        }
        if (made && n->children) {
            dst = made;
            n = n->children;
            continue;
        }
        while (n != top && !n->next) {
            n = n->parent;
            dst = anq__node_parent(dst);
        }
        if (n == top)
            break;
        n = n->next;
    }
    *out = d;
    return ANQ_OK;
}
