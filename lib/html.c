/* SPDX-License-Identifier: MIT */
#include "html.h"
#include "html_guard.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>

#include "alloc.h"
#include "anq.h"

struct anq_doc {
    xmlDocPtr doc;
    int xml;
};

#define HTML_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
                      HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NODEFDTD)
#define XML_OPTIONS (XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
                     XML_PARSE_NONET | XML_PARSE_COMPACT)

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

static int classify(xmlParserCtxtPtr ctxt, xmlDocPtr doc, const sink_state *st)
{
    if (st->nomem)
        return ANQ_ERR_NOMEM;
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    if (e && e->code == XML_ERR_INTERNAL_ERROR && e->message &&
        strstr(e->message, "depth"))
        return ANQ_ERR_TOO_DEEP;
    if (e && e->code == XML_ERR_NO_MEMORY) {
        if (e->message && strstr(e->message, "huge"))
            return ANQ_ERR_TOO_LARGE;
        return ANQ_ERR_NOMEM;
    }
    if (e && e->code == XML_ERR_DOCUMENT_EMPTY && (!doc || !xmlDocGetRootElement(doc)))
        return ANQ_ERR_EMPTY;
    if (!doc || !xmlDocGetRootElement(doc))
        return ANQ_ERR_PARSE;
    return ANQ_OK;
}

/* Browsers read "</br>" as a line break; libxml2 drops it. Rewrite it in
 * place as "<br/>" (same length). */
static void fix_end_br(char *s, size_t len)
{
    for (size_t i = 0; i + 4 < len; i++) {
        if (s[i] != '<' || s[i + 1] != '/' || (s[i + 2] | 0x20) != 'b' ||
            (s[i + 3] | 0x20) != 'r')
            continue;
        size_t j = i + 4;
        while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
            j++;
        if (j < len && s[j] == '>') {
            s[i + 1] = s[i + 2];
            s[i + 2] = s[i + 3];
            s[i + 3] = '/';
        }
    }
}

static int has_end_br(const char *s, size_t len)
{
    for (const char *p = s; (p = memchr(p, '<', len - (size_t)(p - s))) != NULL; p++)
        if ((size_t)(p - s) + 3 < len && p[1] == '/' && (p[2] | 0x20) == 'b' && (p[3] | 0x20) == 'r')
            return 1;
    return 0;
}

static int doc_parse(const char *utf8, size_t len, int xml, anq_doc **out);

int anq__doc_parse(const char *utf8, size_t len, int xml, anq_doc **out)
{
    *out = NULL;
    if (xml || !has_end_br(utf8, len))
        return doc_parse(utf8, len, xml, out);
    char *tmp = anq__malloc(len + 1);
    if (!tmp)
        return ANQ_ERR_NOMEM;
    memcpy(tmp, utf8, len);
    tmp[len] = '\0';
    fix_end_br(tmp, len);
    int rc = doc_parse(tmp, len, xml, out);
    anq__free(tmp);
    return rc;
}

/* htmlCtxtReadMemory() without its two costs we do not need: the copy of
 * the bytes (they outlive the parse) and the table of id attributes (we
 * never look elements up by id through libxml2). The steps are the ones
 * htmlCtxtReadMemory takes, with a static input buffer and XML_SKIP_IDS. */
static xmlDocPtr html_read(const char *utf8, size_t len, sink_state *st, int *rc)
{
    xmlDocPtr doc = NULL;
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        *rc = ANQ_ERR_NOMEM;
        return NULL;
    }
    xmlParserInputBufferPtr buf =
        xmlParserInputBufferCreateStatic(utf8, (int)len, XML_CHAR_ENCODING_NONE);
    xmlParserInputPtr in = buf ? xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE) : NULL;
    xmlCharEncodingHandlerPtr utf8_handler = xmlFindCharEncodingHandler("UTF-8");
    if (!in || !utf8_handler) {
        if (buf && !in)
            xmlFreeParserInputBuffer(buf);
        htmlFreeParserCtxt(ctxt);
        *rc = ANQ_ERR_NOMEM;
        return NULL;
    }
    /* inputPush frees the stream itself when it fails */
    if (inputPush(ctxt, in) < 0) {
        htmlFreeParserCtxt(ctxt);
        *rc = ANQ_ERR_NOMEM;
        return NULL;
    }
    htmlCtxtUseOptions(ctxt, HTML_OPTIONS);
    ctxt->loadsubset |= XML_SKIP_IDS;
    if (xmlSwitchToEncoding(ctxt, utf8_handler) < 0 || st->nomem) {
        htmlFreeParserCtxt(ctxt);
        *rc = ANQ_ERR_NOMEM;
        return NULL;
    }
    st->ctxt = ctxt;
    htmlParseDocument(ctxt);
    st->ctxt = NULL;
    doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    *rc = classify(ctxt, doc, st);
    htmlFreeParserCtxt(ctxt);
    return doc;
}

static int doc_parse(const char *utf8, size_t len, int xml, anq_doc **out)
{
    *out = NULL;
    if (len > (size_t)INT_MAX)
        return ANQ_ERR_TOO_LARGE;
    anq_doc *d = anq__calloc(1, sizeof *d);
    if (!d)
        return ANQ_ERR_NOMEM;
    d->xml = xml;
    anq_xml_guard guard;
    anq__xml_guard_enter(&guard, NULL);
    sink_state *st = &guard.st;
    int rc;
    xmlDocPtr doc = NULL;
    if (xml) {
        xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
        if (!ctxt) {
            rc = ANQ_ERR_NOMEM;
            goto out;
        }
        st->ctxt = ctxt;
        doc = xmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8", XML_OPTIONS);
        st->ctxt = NULL;
        rc = classify(ctxt, doc, st);
        xmlFreeParserCtxt(ctxt);
    } else {
        doc = html_read(utf8, len, st, &rc);
    }
out:
    anq__xml_guard_leave(&guard);
    if (rc != ANQ_OK) {
        if (doc)
            xmlFreeDoc(doc);
        anq__free(d);
        return rc;
    }
    d->doc = doc;
    *out = d;
    return ANQ_OK;
}

int anq__doc_parse_fragment(const char *utf8, size_t len, anq_doc **out)
{
    static const char pre[] = "<html><body>";
    static const char post[] = "</body></html>";
    *out = NULL;
    if (len > (size_t)INT_MAX - 64)
        return ANQ_ERR_TOO_LARGE;
    char *tmp = anq__malloc(len + sizeof pre + sizeof post);
    if (!tmp)
        return ANQ_ERR_NOMEM;
    memcpy(tmp, pre, sizeof pre - 1);
    memcpy(tmp + sizeof pre - 1, utf8, len);
    memcpy(tmp + sizeof pre - 1 + len, post, sizeof post);
    fix_end_br(tmp + sizeof pre - 1, len);
    int rc = doc_parse(tmp, len + sizeof pre - 1 + sizeof post - 1, 0, out);
    anq__free(tmp);
    return rc;
}

void anq__doc_free(anq_doc *d)
{
    if (!d)
        return;
    if (d->doc)
        xmlFreeDoc(d->doc);
    anq__free(d);
}

anq_node *anq__doc_root(anq_doc *d)
{
    return d && d->doc ? xmlDocGetRootElement(d->doc) : NULL;
}

anq_node *anq__doc_body(anq_doc *d)
{
    anq_node *root = anq__doc_root(d);
    anq_node *b = anq__find(root, "body", NULL, NULL);
    return b ? b : root;
}

int anq__node_type(const anq_node *n)
{
    switch (n->type) {
    case XML_ELEMENT_NODE: return ANQ_NODE_ELEMENT;
    case XML_TEXT_NODE: return ANQ_NODE_TEXT;
    case XML_CDATA_SECTION_NODE: return ANQ_NODE_CDATA;
    case XML_COMMENT_NODE: return ANQ_NODE_COMMENT;
    default: return ANQ_NODE_OTHER;
    }
}

const char *anq__node_name(const anq_node *n)
{
    return n && n->name ? (const char *)n->name : "";
}

static int ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y)
            return x - y;
        if (!x)
            return 0;
    }
}

int anq__node_is(const anq_node *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           ascii_casecmp((const char *)n->name, name) == 0;
}

const char *anq__node_content(const anq_node *n)
{
    if (!n || n->type == XML_ELEMENT_NODE || !n->content)
        return "";
    return (const char *)n->content;
}

unsigned anq__node_line(const anq_node *n)
{
    return n ? n->line : 0;
}

anq_node *anq__node_parent(const anq_node *n)
{
    if (!n || !n->parent || n->parent->type != XML_ELEMENT_NODE)
        return NULL;
    return n->parent;
}

anq_node *anq__node_first(const anq_node *n)
{
    return n ? n->children : NULL;
}

anq_node *anq__node_next_any(const anq_node *n)
{
    return n ? n->next : NULL;
}

anq_node *anq__node_child(const anq_node *n)
{
    if (!n)
        return NULL;
    for (anq_node *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

anq_node *anq__node_next(const anq_node *n)
{
    if (!n)
        return NULL;
    for (anq_node *c = n->next; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

anq_node *anq__node_child_named(const anq_node *n, const char *name)
{
    for (anq_node *c = anq__node_child(n); c; c = anq__node_next(c))
        if (anq__node_is(c, name))
            return c;
    return NULL;
}

anq_node *anq__node_next_named(const anq_node *n, const char *name)
{
    for (anq_node *c = anq__node_next(n); c; c = anq__node_next(c))
        if (anq__node_is(c, name))
            return c;
    return NULL;
}

static const char *attr_text(const xmlAttr *a)
{
    if (!a || !a->children)
        return "";
    const xmlNode *t = a->children;
    if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
        return (const char *)t->content;
    return "";
}

const char *anq__node_attr(const anq_node *n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && ascii_casecmp((const char *)a->name, name) == 0)
            return attr_text(a);
    return NULL;
}

int anq__node_has_class(const anq_node *n, const char *cls)
{
    const char *v = anq__node_attr(n, "class");
    if (!v)
        return 0;
    size_t cl = strlen(cls);
    const char *p = v;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            p++;
        if ((size_t)(p - s) == cl && memcmp(s, cls, cl) == 0)
            return 1;
    }
    return 0;
}

anq_attr *anq__attr_first(const anq_node *n)
{
    return n && n->type == XML_ELEMENT_NODE ? n->properties : NULL;
}

anq_attr *anq__attr_next(const anq_attr *a)
{
    return a ? a->next : NULL;
}

const char *anq__attr_name(const anq_attr *a)
{
    return a && a->name ? (const char *)a->name : "";
}

const char *anq__attr_value(const anq_attr *a)
{
    return attr_text(a);
}

anq_node *anq__node_walk_skip(const anq_node *root, const anq_node *n)
{
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

anq_node *anq__node_walk(const anq_node *root, const anq_node *n)
{
    if (n->type == XML_ELEMENT_NODE && n->children)
        return n->children;
    return anq__node_walk_skip(root, n);
}

static int matches(const anq_node *n, const char *tag, const char *id, const char *cls)
{
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (tag && !anq__node_is(n, tag))
        return 0;
    if (id) {
        const char *v = anq__node_attr(n, "id");
        if (!v || strcmp(v, id) != 0)
            return 0;
    }
    if (cls && !anq__node_has_class(n, cls))
        return 0;
    return 1;
}

anq_node *anq__find_next(const anq_node *root, const anq_node *from,
                         const char *tag, const char *id, const char *cls)
{
    if (!root)
        return NULL;
    const anq_node *n = from ? anq__node_walk(root, from) : root->children;
    for (; n; n = anq__node_walk(root, n))
        if (matches(n, tag, id, cls))
            return (anq_node *)(uintptr_t)n;
    return NULL;
}

anq_node *anq__find(const anq_node *root, const char *tag, const char *id,
                    const char *cls)
{
    return anq__find_next(root, NULL, tag, id, cls);
}

void anq__node_text(const anq_node *n, anq_buf *b)
{
    if (!n)
        return;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            anq__buf_adds(b, (const char *)n->content);
        return;
    }
    for (const anq_node *c = n->children; c; ) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                anq__buf_adds(b, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE && c->children &&
                   !anq__node_is(c, "script") && !anq__node_is(c, "style")) {
            c = c->children;
            continue;
        }
        c = anq__node_walk_skip(n, c);
    }
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
