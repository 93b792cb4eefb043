/* SPDX-License-Identifier: MIT */
/* anq's HTML tree builder (lib/htmlparse.c) against libxml2 2.9.14, node for
 * node: type, name, attributes in order with their values, text, structure.
 * libxml2 is called the way the html room called it before the builder
 * replaced it (same options, "</br>" rewritten, a fragment wrapped in
 * <html><body>); the tree compared is the document's root element, the one
 * the extractors walk.
 *
 * Inputs: hand-written tricky markup (as a fragment and as a page); every
 * fixture page of the source tree and, when it is there, every HTML page of
 * the shared corpus, as a whole page and as the regions the extractors cut
 * (caught on their way to anq__doc_parse_fragment: the program is linked
 * with -Wl,--wrap=anq__doc_parse_fragment); every truncation of those
 * regions; random tag soup.
 *
 * Then the hostile shapes: deep nesting, a 10 MB attribute, a million
 * references, a text node over the cap, a tag with 100 000 attributes...: a
 * tree or a clean error, in linear time (the sizes make a quadratic path
 * time out). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "alloc.h"
#include "anq.h"
#include "fixtures.h"
#include "html.h"
#include "htmlparse.h"
#include "input.h"
#include "tree.h"

#ifndef ANQ_CORPUS_DIR
#define ANQ_CORPUS_DIR ""
#endif

/* ---- libxml2's tree -------------------------------------------------- */

#define LX_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
                    HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NODEFDTD)

static void quiet_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void quiet_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

static void lx_fix_end_br(char *s, size_t len)
{
    for (size_t i = 0; i + 4 < len; i++) {
        if (s[i] != '<' || s[i + 1] != '/' || (s[i + 2] | 0x20) != 'b' || (s[i + 3] | 0x20) != 'r')
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

/* libxml2's document for s[0..len) and the anq code its outcome meant */
static xmlDocPtr lx_parse(const char *s, size_t len, int fragment, int *rc)
{
    static const char pre[] = "<html><body>", post[] = "</body></html>";
    char *b = malloc(len + sizeof pre + sizeof post);
    assert_non_null(b);
    size_t n = 0;
    if (fragment) {
        memcpy(b, pre, sizeof pre - 1);
        n = sizeof pre - 1;
    }
    if (len)
        memcpy(b + n, s, len);
    lx_fix_end_br(b + n, len);
    n += len;
    if (fragment) {
        memcpy(b + n, post, sizeof post - 1);
        n += sizeof post - 1;
    }
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    assert_non_null(ctxt);
    xmlDocPtr doc = htmlCtxtReadMemory(ctxt, b, (int)n, NULL, "UTF-8", LX_OPTIONS);
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    *rc = ANQ_OK;
    if (e && e->code == XML_ERR_INTERNAL_ERROR && e->message && strstr(e->message, "depth"))
        *rc = ANQ_ERR_TOO_DEEP;
    else if (e && e->code == XML_ERR_NO_MEMORY && e->message && strstr(e->message, "huge"))
        *rc = ANQ_ERR_TOO_LARGE;
    else if (!doc || !xmlDocGetRootElement(doc))
        *rc = e && e->code == XML_ERR_DOCUMENT_EMPTY ? ANQ_ERR_EMPTY : ANQ_ERR_PARSE;
    htmlFreeParserCtxt(ctxt);
    free(b);
    return doc;
}

/* ---- the comparison -------------------------------------------------- */

static char where[4096]; /* the first difference */

static int lx_type(const xmlNode *n)
{
    switch (n->type) {
    case XML_ELEMENT_NODE: return ANQ_NODE_ELEMENT;
    case XML_TEXT_NODE: return ANQ_NODE_TEXT;
    case XML_CDATA_SECTION_NODE: return ANQ_NODE_CDATA;
    case XML_COMMENT_NODE: return ANQ_NODE_COMMENT;
    default: return ANQ_NODE_OTHER;
    }
}

static const char *lx_attr_value(const xmlAttr *a)
{
    const xmlNode *t = a->children;
    return t && t->content ? (const char *)t->content : "";
}

static void put_path(const xmlNode *x, const char *what)
{
    char p[2048] = "";
    for (const xmlNode *n = x; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        char seg[2048];
        snprintf(seg, sizeof seg, "/%s%s", (const char *)n->name, p);
        snprintf(p, sizeof p, "%s", seg);
    }
    snprintf(where, sizeof where, "%s: %s", p, what);
}

static void put_text(char *out, size_t cap, const char *s)
{
    size_t n = strlen(s), o = 0;
    for (size_t i = 0; i < n && o + 8 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i == 60) {
            o += (size_t)snprintf(out + o, cap - o, "...(%zu bytes)", n);
            break;
        }
        if (c == '\n' || c == '\r' || c == '\t' || c < 0x20)
            o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
        else
            out[o++] = (char)c;
    }
    out[o] = '\0';
}

/* Same node (and subtree)? 0 or 1, with `where` telling the first
 * difference. One walk of both trees in step, no recursion. */
static int same_tree(const xmlNode *xroot, const anq_node *aroot)
{
    const xmlNode *x = xroot;
    const anq_node *a = aroot;
    char t1[200], t2[200], msg[600];
    for (;;) {
        if (!x || !a) {
            put_path(x ? x : NULL, x ? "missing in anq's tree" : "extra node in anq's tree");
            if (a) {
                put_text(t1, sizeof t1, a->type == ANQ_NODE_ELEMENT ? a->name : a->content);
                snprintf(msg, sizeof msg, "extra node in anq's tree: type %d \"%s\"", a->type, t1);
                snprintf(where + strlen(where), sizeof where - strlen(where), " (%s)", msg);
            }
            return 0;
        }
        if (lx_type(x) != a->type) {
            put_text(t1, sizeof t1, x->content ? (const char *)x->content : (const char *)x->name);
            put_text(t2, sizeof t2, a->type == ANQ_NODE_ELEMENT ? a->name : a->content);
            snprintf(msg, sizeof msg, "libxml2 type %d \"%s\", anq type %d \"%s\"", lx_type(x),
                     t1, a->type, t2);
            put_path(x->parent, msg);
            return 0;
        }
        if (a->type == ANQ_NODE_ELEMENT) {
            if (strcmp((const char *)x->name, a->name) != 0) {
                snprintf(msg, sizeof msg, "libxml2 <%s>, anq <%s>", (const char *)x->name, a->name);
                put_path(x->parent, msg);
                return 0;
            }
            const xmlAttr *xa = x->properties;
            const anq_attr *aa = a->attrs;
            for (; xa || aa; xa = xa ? xa->next : NULL, aa = aa ? aa->next : NULL) {
                if (!xa || !aa || strcmp((const char *)xa->name, aa->name) != 0 ||
                    strcmp(lx_attr_value(xa), aa->value) != 0) {
                    put_text(t1, sizeof t1, xa ? lx_attr_value(xa) : "");
                    put_text(t2, sizeof t2, aa ? aa->value : "");
                    snprintf(msg, sizeof msg, "attribute: libxml2 %s=\"%s\", anq %s=\"%s\"",
                             xa ? (const char *)xa->name : "(none)", t1,
                             aa ? aa->name : "(none)", t2);
                    put_path(x, msg);
                    return 0;
                }
            }
            if (x->children || a->first) {
                if (!x->children || !a->first) {
                    put_path(x, x->children ? "children missing in anq's tree"
                                            : "extra children in anq's tree");
                    return 0;
                }
                x = x->children;
                a = a->first;
                continue;
            }
        } else {
            const char *xc = x->content ? (const char *)x->content : "";
            if (strcmp(xc, a->content) != 0 || strlen(a->content) != a->content_len) {
                put_text(t1, sizeof t1, xc);
                put_text(t2, sizeof t2, a->content);
                snprintf(msg, sizeof msg, "text: libxml2 \"%s\", anq \"%s\"", t1, t2);
                put_path(x->parent, msg);
                return 0;
            }
        }
        /* next in document order, both sides */
        while (x != xroot && !x->next) {
            if (a->next) {
                put_path(x->parent, "extra sibling in anq's tree");
                return 0;
            }
            x = x->parent;
            a = a->parent;
        }
        if (x == xroot)
            return 1;
        if (!a->next) {
            put_path(x->parent, "sibling missing in anq's tree");
            return 0;
        }
        x = x->next;
        a = a->next;
    }
}

/* Compare the two builders on s[0..len); 1 when they agree. The first
 * differences are printed with `label`. */
static size_t reported;

static int compare(const char *s, size_t len, int fragment, const char *label)
{
    int lrc;
    xmlDocPtr doc = lx_parse(s, len, fragment, &lrc);
    anq_doc *d = NULL;
    int arc = anq__html_build(s, len, fragment, &d);
    int ok;
    if (lrc != ANQ_OK || arc != ANQ_OK) {
        ok = lrc == arc;
        if (!ok)
            snprintf(where, sizeof where, "libxml2 gives code %d, anq %d", lrc, arc);
    } else {
        ok = same_tree(xmlDocGetRootElement(doc), anq__doc_root(d));
    }
    if (!ok && reported++ < 20)
        print_message("# %s (%s): %s\n", label, fragment ? "fragment" : "page", where);
    anq__doc_free(d);
    if (doc)
        xmlFreeDoc(doc);
    return ok;
}

/* ---- the regions the extractors cut ----------------------------------- */

typedef struct {
    char *s;
    size_t len;
} region;

static region *regions;
static size_t nregions, cap_regions;
static int catching;

int __real_anq__doc_parse_fragment(const char *utf8, size_t len, anq_doc **out);
int __wrap_anq__doc_parse_fragment(const char *utf8, size_t len, anq_doc **out);

int __wrap_anq__doc_parse_fragment(const char *utf8, size_t len, anq_doc **out)
{
    if (catching) {
        if (nregions == cap_regions) {
            cap_regions = cap_regions ? 2 * cap_regions : 64;
            regions = realloc(regions, cap_regions * sizeof *regions);
            assert_non_null(regions);
        }
        region *r = &regions[nregions++];
        r->s = malloc(len + 1);
        assert_non_null(r->s);
        memcpy(r->s, utf8, len);
        r->len = len;
    }
    return __real_anq__doc_parse_fragment(utf8, len, out);
}

static void regions_free(void)
{
    for (size_t i = 0; i < nregions; i++)
        free(regions[i].s);
    free(regions);
    regions = NULL;
    nregions = cap_regions = 0;
}

static int is_html(const char *path)
{
    size_t n = strlen(path);
    return (n > 5 && strcmp(path + n - 5, ".html") == 0) ||
           (n > 4 && strcmp(path + n - 4, ".htm") == 0);
}

/* Every HTML page of the set as a page (in the UTF-8 anq parses) and as
 * its regions; returns the number of regions. Differences fail the test. */
static size_t check_pages(fx_set *set)
{
    size_t bad = 0, pages = 0, total = 0;
    for (size_t i = 0; i < set->count; i++) {
        fx_page *p = &set->pages[i];
        if (!is_html(p->path))
            continue;
        pages++;
        const char *view;
        size_t vlen;
        char *owned = NULL;
        unsigned warn = 0;
        assert_int_equal(anq__input_view(p->data, p->len, &view, &vlen, &owned, &warn), 0);
        if (!compare(view, vlen, 0, p->path))
            bad++;
        anq__free(owned);

        catching = 1;
        anq_question *q = anq_parse(p->data, p->len, ANQ_PARSE_DEFAULT, NULL);
        catching = 0;
        anq_question_free(q);
        for (size_t k = 0; k < nregions; k++) {
            char label[4096];
            snprintf(label, sizeof label, "%s, region %zu", p->path, k);
            if (!compare(regions[k].s, regions[k].len, 1, label))
                bad++;
        }
        total += nregions;
        regions_free();
    }
    print_message("# %zu pages, %zu regions, %zu differences\n", pages, total, bad);
    assert_int_equal(bad, 0);
    return total;
}

static void test_fixtures(void **state)
{
    (void)state;
    fx_set set = {NULL, 0};
    fx_load_fixtures(&set);
    /* nosdeputes, an_dyn, an_legacy and an_table cut regions */
    assert_true(check_pages(&set) >= 4);
    fx_free(&set);
}

static void test_corpus(void **state)
{
    (void)state;
    struct stat st;
    if (ANQ_CORPUS_DIR[0] == '\0' || stat(ANQ_CORPUS_DIR, &st) != 0) {
        print_message("# no corpus at \"%s\": skipped\n", ANQ_CORPUS_DIR);
        skip();
    }
    fx_set set = {NULL, 0};
    fx_add_dir(&set, ANQ_CORPUS_DIR, 1);
    check_pages(&set);
    fx_free(&set);
}

/* ---- hand-written markup ---------------------------------------------- */

static const char *const tricky[] = {
    /* implied elements, paragraphs */
    "abc", "a</p>b", "<html>< 3", "<html>  <div>", "<html>  &amp;", "<html> x",
    "<html><head></head>  x</html>", "<title>t</title>x", "<html><title>t</title><p>x",
    "<html><head></head><title>t</title><script>s</script><p>x",
    "<meta charset=utf-8>t", "<head><body>x", "<html><head><meta a=b></head><meta c=d><body>",
    "<html><frameset><frame></frameset>", "<html><noframes>x", "<body/>&#65;x",
    /* start tags closing open elements */
    "<p>a<div>b</div>", "<p>a<p>b<li>c<li>d", "<dl><dt>a<dd>b<dt>c</dl>",
    "<table><td>x<tr><td>y</table>z", "<ul><li>a<ul><li>b</ul>c</ul>d",
    "<table><tr><td>a<td>b<tr><td>c</table>", "<select><option>a<option>b<optgroup><option>c</select>",
    "<form><form>x</form>", "<li>a<div>b<li>c", "<dd>a<dt>b<dd>c", "<p>x<table>y</table>",
    "<td>x</td><th>y", "<tr>x<tr>y", "<thead><tr><tbody><tr><tfoot>", "<caption>x<tr>y",
    "<colgroup><col><col></colgroup>", "<a href=\"x\">a<a href=\"y\">b</a>", "<h1>a<h2>b</h1>c",
    "<h1>a<p>b</h1>c", "<em>a<p>b</em>c", "<center><b>x<center>y", "<pre>a<li>b",
    "<option>a<p>b", "<i>a<td>b", "<font><td>x", "<b><p>x</b>y</p>z",
    "<blockquote>a<p>b</blockquote>c", "<address>a<p>b</address>",
    "<fieldset><legend>a<legend>b</fieldset>", "<dir><li>a</dir><menu><li>b</menu>",
    "<listing>a<p>b</listing><xmp>c<p>d</xmp>", "<p>a<head>b", "<a.b>x<a.c>y",
    /* end tags */
    "<div>a</p>b</div>", "<span>a</p>b</span>", "<div><p>a</div>b", "<p><b>a</p>c",
    "<div><table><tr><td><div>x</td>y</div>", "<b><i>x</b>y</i>z",
    "<div><div><div></div></div></div></div></div>x", "<p>one<p>two</p></p>three",
    "<table><tr><td><table><tr><td>x</table>y</td></tr></table>", "<x-y><div>a</x-y>b",
    "<div>x</div></body>after<b>y</b>", "<div>x</div></html>after",
    "<div>x</div></html>after<!DOCTYPE html>more<p>x", "<!DOCTYPE html><div>x</div></html>after",
    "<table><tr><td>x</body>y", "<html><body></body></html></html></body>x",
    "</ a>1</3>2</>3</div x=1>4</b", "<b>x</div", "<b>x</div  y",
    /* stray html, head, body */
    "<div>x<body class=z>y</body>z</div>w", "<body class=x>a", "<div><span><body/>x",
    "<div><span><html/>x", "<html><html lang=en><body><body id=b>x</body></body></html></html>y",
    "<head><title>a</title></head>x<body>y", "<div>a<head><title>t</title></head>b</div>",
    "<html lang=fr><head><title>x</title></head><body class=a><p>x</p></body></html>",
    /* void and self-closed elements */
    "<div/>x<br/>y<span/>z", "<br/>x", "<p/>x", "<a b/>x", "<div/x>a", "<div / >a",
    "<img src=a alt=\"b\"><img src=c />", "<br>a<hr>b<wbr>c<source src=x>d",
    "<p>a<br/>b<br />c<br>d", "<svg><path d=\"M0\"/></svg>x",
    /* "</br>" */
    "<p>a</br>b</BR >c</br/>d</brx>e<!-- </br> --><a title=\"</br>\">", "x</br",
    /* attributes */
    "<a href=x/>t", "a\r\nb\rc<a t=\"x\r\ny\" u=v\rw>q</a>", "<a b=c\"d e>",
    "<a b = \"x\" c=>", "<a b=\"x\"c=\"y\">", "<a \"x\" y>", "<a =x y>", "<a b='x>zz",
    "<a b=\"x&amp;y&amp z&#65;&#0;q\">", "<a b=\"&#x;&#;&# &#65x &#x110000;&#xD800;&#99999999999999;z\">",
    "<a B=1 b=2 C>", "<a data-x=1 @click=y :foo=z _a=1 .b=2 -c=3>",
    "<input type=checkbox checked>x<option SELECTED>y<td nowrap=nowrap>",
    "<div class=\"a\" class=\"b\" CLASS=\"c\">x</div>", "<div\nclass\n=\n\"a\"\n>x</div>",
    "<div\tclass=a\tid=b>x</div>", "<a href=\"?a=1&b=2&amp;c=3&lt=4&lt;&copy2\">x</a>",
    "<a title=\"a&#10;b&#13;c&#9;d\">x</a>",
    /* names */
    "<_x>a<:y>b</_x><.z>", "<a.b>x</a.b><h1:x>y</h1:x><div-x>z</div-x>", "<\xc3\xa9>x",
    "<h1:x>a<o:p>b</o:p>c</h1:x>d<xml:lang>e</xml:lang><a:>f</a:><a:b:c>g</a:b:c><:q>h</:q><a:1>i</a:1>",
    "<p class=MsoNormal>a<o:p></o:p></p><p>b<o:p>&nbsp;</o:p></p>", "<DIV ID=X>a</Div>",
    /* references */
    " &amp; <div>  &#32;</div>", "&#x;1&#;2&# &#65x &#x110000;3&#xD800;4&#99999999999999;z&#xFFFE;&#1;&#9;",
    "&nbsp;&NBSP;&amp&lt;&gt;&quot;&apos;&euro;&hellip;&Eacute;&eacute&#x1F600;&#128512;",
    "&#x41;&#X41;&#65;&#0065;&#x00041;&#x;&#;&#a;", "a&b&c=d&;&#", "<div>&lt;script&gt;</div>",
    "x&", "&#", "&#x", "&amp",
    /* comments, processing instructions, DOCTYPE */
    "<!-->a<!--->b<!-- a -- b -->c<!x>d<!DOCTYPE html>e<?php echo 1; ?>f<?xml x?>",
    "<!-- unterminated <b>x</b>", "<!--a--!>b-->c", "<!--", "x<!-", "<!---->y<!--->z",
    "a <!-- c --> <div>", "<?>a<? x>b<?x y", "<?x>a<?x y", "<?x\ty>b<?x\xc3\xa9 z>c<?1 z>d",
    "<!--x-->", "<!--c--><html><body></body></html><p>after",
    "<html><head><title>t</title></head><body><p>x</p></body></html><!--c--><p>after",
    "<html><body><p>a</p><!-- c --></body><!-- d --></html><!-- e -->",
    "<!DOCTYPE html foo bar>x", "<!doctype html PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://x\">x",
    "<!DOCTYPE html PUBLIC \"abc>x", "<!DOCTYPE html SYSTEM 'a'>x", "<!DOCTYPEhtml>x",
    /* raw text */
    "<script>a</b>c</script>d", "<script>a</scriptx>b</script>", "<script>a</ script>b</script>c",
    "<SCRIPT>x</SCRIPT >y", "<script><noscript>x</script>y", "<script></script>y",
    "<style>p{}</style><style>", "<p>x<script>y</script>z", "<script>a</scr", "<style><body>x",
    "<script>if (a<b && c>d) x = '</div>';</script>", "<title>a<b>c</b></title><textarea><i>x</i></textarea>",
    /* blanks */
    "<div> <div>x</div> </div> <p> a </p> <ul> <li> x </li> <li>y</li> </ul> ",
    "<table> <tr> <td> x </td> </tr> </table>",
    "<span> </span><div> </div><div><b>x</b> </div><div><div></div> <!--c--> </div>",
    "<p>trailing </p>   ", "   ", "", "\xef\xbb\xbf<p>x", "<html>\n<head>\n<title>t</title>\n</head>\n<body>\n<p>x</p>\n</body>\n</html>\n",
    "< a>b <3 a < b a<", "</x>", "<", "</", "<!", "<?", "&", "<a", "<a b", "<a b=", "<a b=\"",
};

static void test_tricky(void **state)
{
    (void)state;
    size_t bad = 0;
    for (size_t i = 0; i < sizeof tricky / sizeof tricky[0]; i++) {
        const char *s = tricky[i];
        char label[64];
        snprintf(label, sizeof label, "tricky[%zu]", i);
        bad += !compare(s, strlen(s), 1, label);
        bad += !compare(s, strlen(s), 0, label);
    }
    assert_int_equal(bad, 0);
}

/* a growable byte string */
typedef struct {
    char *p;
    size_t len, cap;
} bytes;

static void b_add(bytes *b, const char *s, size_t n)
{
    if (b->cap - b->len < n + 1) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->len < n + 1)
            cap *= 2;
        b->p = realloc(b->p, cap);
        assert_non_null(b->p);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void b_adds(bytes *b, const char *s)
{
    b_add(b, s, strlen(s));
}

static void b_repeat(bytes *b, const char *s, size_t times)
{
    for (size_t i = 0; i < times; i++)
        b_adds(b, s);
}

static void test_long_shapes(void **state)
{
    (void)state;
    static const struct {
        const char *pre, *rep, *mid, *post;
        size_t times;
    } shapes[] = {
        /* blanks in <html>: up to 999 bytes they are layout */
        {"<html>", " ", "", "<div>x", 999},
        {"<html>", " ", "", "<div>x", 1000},
        {"<html>", " ", "", "<div>x", 2500},
        /* names over 100 bytes are cut */
        {"<", "a", " b=1>x</", "", 150},
        {"<div ", "c", "=1>x", "", 130},
        {"<p>", "abc &amp; def ", "", "</p>", 5000},
        {"<script>", "x<y && a</b; ", "", "</script>t", 5000},
        /* the depth limit */
        {"", "<div>", "x", "", 255},
        {"", "<div>", "x", "", 256},
        {"", "<div>", "<p><span>x", "", 254},
        {"", "<div>", "<p><div>x", "", 254},
        {"", "<div>", "<body>x", "", 255},
        {"", "<b>", "", "", 300},
        {"", "<p>", "x", "", 300},
        {"", "<li>", "x", "", 300},
        {"<div ", "a=1 ", "", ">x", 300},
        {"<div ", "a=1 b=2 ", "", ">x", 100},
        /* past the tree's own check of repeated names */
        {"<div a0=0 a1=1 a2=2 a3=3 a4=4 a5=5 a6=6 a7=7 a8=8 a9=9 b0 b1 b2 b3 b4 b5 b6 b7 b8 b9 "
         "c0 c1 c2 c3 c4 c5 c6 c7 c8 c9 d0 d1 d2 d3 d4 d5 d6 d7 d8 d9 e0 e1 e2 e3 e4 e5 e6 e7 "
         "e8 e9 f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 g0 g1 g2 g3 g4 g5 g6 g7 g8 g9 ", "a5=x B3=y ",
         "", ">x<p a=1 a=2 a=3>", 300},
    };
    size_t bad = 0;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        bytes b = {NULL, 0, 0};
        b_adds(&b, shapes[i].pre);
        b_repeat(&b, shapes[i].rep, shapes[i].times);
        b_adds(&b, shapes[i].mid);
        b_adds(&b, shapes[i].post);
        char label[64];
        snprintf(label, sizeof label, "long shape %zu", i);
        bad += !compare(b.p, b.len, 1, label);
        bad += !compare(b.p, b.len, 0, label);
        free(b.p);
    }
    assert_int_equal(bad, 0);
}

/* ---- every tag name ---------------------------------------------------- */

/* Every name the builder knows (and names close to them) in the places
 * where what a tag is shows: in <head>, <p>, a table cell, a list, a
 * script, opened twice, empty, with attributes; as written and in upper
 * case. */
static void test_every_tag(void **state)
{
    (void)state;
    static const char *const names[] = {
        "a", "abbr", "acronym", "address", "area", "b", "base", "basefont", "bdo", "big",
        "blockquote", "body", "br", "caption", "center", "cite", "code", "col", "colgroup",
        "dd", "dfn", "dir", "div", "dl", "dt", "em", "fieldset", "font", "form", "frame",
        "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "html", "i", "iframe",
        "img", "input", "isindex", "kbd", "legend", "li", "link", "listing", "map", "menu",
        "meta", "noframes", "noscript", "ol", "optgroup", "option", "p", "param", "pre", "q",
        "s", "samp", "script", "small", "span", "strike", "strong", "style", "sub", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "tt", "u", "ul", "var",
        "xmp",
        /* not known */
        "blockquo", "blockquotx", "blockquotes", "h7", "h", "tbodyx", "x", "o:td", "td.x",
        "p.q", "li-", "_p", "basefon", "noscripts", "colgroups", "textarea", "select",
    };
    static const char *const shapes[] = {
        "<head><%s>a</%s>b",
        "<%s>a<p>b</%s>c",
        "<p>a<%s>b</%s>c<%s>d",
        "<table><tr><td>a<%s>b</td>c</%s>d<td>e",
        "<ul><li>a<%s>b<li>c</%s>d",
        "<dl><dt>a<%s>b<dd>c</%s>",
        "<script>a<%s>b</script>c</%s>",
        "<%s>a<%s>b</%s>c</%s>d",
        "<div><%s/>a<%s id=x CLASS=y checked>b</%s >c</div>",
        "x<%s>y<title>z</title><%s>w",
    };
    size_t bad = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        for (int upper = 0; upper < 2; upper++) {
            char name[32];
            size_t n = strlen(names[i]);
            for (size_t k = 0; k <= n; k++) {
                char c = names[i][k];
                name[k] = (char)(upper && c >= 'a' && c <= 'z' ? c - 32 : c);
            }
            for (size_t j = 0; j < sizeof shapes / sizeof shapes[0]; j++) {
                /* the shape with the name for each %s */
                char s[512];
                size_t len = 0;
                for (const char *p = shapes[j]; *p; p++) {
                    if (p[0] == '%' && p[1] == 's') {
                        memcpy(s + len, name, n);
                        len += n;
                        p++;
                    } else {
                        s[len++] = *p;
                    }
                }
                char label[96];
                snprintf(label, sizeof label, "tag %s, shape %zu", name, j);
                bad += !compare(s, len, 1, label);
                bad += !compare(s, len, 0, label);
            }
        }
    }
    assert_int_equal(bad, 0);
}

/* ---- random tag soup --------------------------------------------------- */

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

#define PICK(a) (a)[rnd(sizeof(a) / sizeof((a)[0]))]

static void soup_attr(bytes *b)
{
    static const char *const names[] = {"class", "id", "href", "CLASS", "data-x", "checked",
                                        "title", "b", ":q", "@x", "a.b"};
    static const char *const parts[] = {"a", " ", "&amp;", "&#0;", "&x", ">", "\"", "'",
                                        "\xc3\xa9", "/", "&lt;", "&#233;"};
    static const char *const quotes[] = {"\"", "'", "", "\""};
    b_adds(b, PICK(names));
    if (rnd(5) == 0)
        return;
    b_adds(b, rnd(2) ? "" : " ");
    b_adds(b, "=");
    b_adds(b, rnd(2) ? "" : " ");
    const char *q = PICK(quotes);
    b_adds(b, q);
    for (unsigned k = rnd(5); k > 0; k--) {
        const char *p = PICK(parts);
        if ((q[0] && strchr(p, q[0])) || (!q[0] && strpbrk(p, " >\"'")))
            continue;
        b_adds(b, p);
    }
    b_adds(b, q);
}

static void soup(bytes *b)
{
    static const char *const tags[] = {
        "a", "abbr", "b", "big", "body", "br", "caption", "center", "col", "colgroup", "dd",
        "div", "dl", "dt", "em", "fieldset", "font", "form", "frameset", "h1", "h2", "head",
        "hr", "html", "i", "img", "input", "legend", "li", "link", "meta", "noscript", "ol",
        "optgroup", "option", "p", "pre", "s", "script", "select", "small", "span", "strike",
        "style", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr",
        "tt", "u", "ul", "x-y", "section", "o:p", "nav", "listing", "xmp", "iframe", "object",
        "param", "frame", "noframes", "base", "address", "menu", "dir", "label",
    };
    static const char *const atoms[] = {
        "x", " ", "  ", "\n", "\r\n", "\t", "\xc3\xa9", "&amp;", "&amp", "&eacute;", "&foo;",
        "&#65;", "&#x42", "&#0;", "&", "<", ">", "</br>", "</ br>", "<!-- c -->", "<!--x",
        "-->", "<?pi x?>", "<!DOCTYPE html>", "\"", "'", "=", "/", "</", "<!", "&nbsp;",
        "&lt;b&gt;", "&#x1F600;", "&#128;",
    };
    for (unsigned n = 1 + rnd(40); n > 0; n--) {
        unsigned r = rnd(100);
        const char *t = PICK(tags);
        if (r < 35) {
            b_adds(b, "<");
            if (rnd(2)) {
                b_adds(b, t);
            } else {
                for (const char *c = t; *c; c++) {
                    char u = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
                    b_add(b, &u, 1);
                }
            }
            for (unsigned k = rnd(4); k > 0; k--) {
                b_adds(b, " ");
                soup_attr(b);
            }
            static const char *const ends[] = {">", ">", ">", "/>", " />"};
            b_adds(b, PICK(ends));
        } else if (r < 60) {
            static const char *const tails[] = {">", ">", " >", " x>"};
            b_adds(b, "</");
            b_adds(b, t);
            b_adds(b, PICK(tails));
        } else {
            b_adds(b, PICK(atoms));
        }
    }
}

static void test_random(void **state)
{
    (void)state;
    size_t bad = 0;
    for (int i = 0; i < 3000; i++) {
        bytes b = {NULL, 0, 0};
        soup(&b);
        char label[64];
        snprintf(label, sizeof label, "soup %d", i);
        bad += !compare(b.p ? b.p : "", b.len, 1, label);
        bad += !compare(b.p ? b.p : "", b.len, 0, label);
        free(b.p);
    }
    assert_int_equal(bad, 0);
}

/* ---- truncations ------------------------------------------------------- */

/* Every truncation of every region the fixtures' extractors cut: a tree or
 * a clean error; at every fifth character boundary, libxml2's tree. */
static void test_truncations(void **state)
{
    (void)state;
    fx_set set = {NULL, 0};
    fx_load_fixtures(&set);
    size_t bad = 0, compared = 0;
    for (size_t i = 0; i < set.count; i++) {
        if (!is_html(set.pages[i].path))
            continue;
        catching = 1;
        anq_question_free(anq_parse(set.pages[i].data, set.pages[i].len, 0, NULL));
        catching = 0;
        for (size_t k = 0; k < nregions; k++) {
            const char *s = regions[k].s;
            for (size_t n = 0, step = 0; n <= regions[k].len; n++) {
                anq_doc *d = NULL;
                int rc = anq__html_build(s, n, 1, &d);
                assert_true(rc == ANQ_OK || rc == ANQ_ERR_TOO_DEEP);
                assert_true(rc != ANQ_OK || (d && anq__doc_body(d)));
                anq__doc_free(d);
                /* libxml2 reads a cut UTF-8 sequence differently: whole
                 * characters only */
                if (n < regions[k].len && ((unsigned char)s[n] & 0xC0) == 0x80)
                    continue;
                if (step++ % 5 == 0) {
                    char label[4096];
                    snprintf(label, sizeof label, "%s, region %zu cut at %zu", set.pages[i].path,
                             k, n);
                    bad += !compare(s, n, 1, label);
                    compared++;
                }
            }
        }
        regions_free();
    }
    print_message("# %zu truncations compared, %zu differences\n", compared, bad);
    assert_int_equal(bad, 0);
    fx_free(&set);
}

/* ---- hostile shapes ---------------------------------------------------- */

static int build(const bytes *b, int fragment, anq_doc **d)
{
    *d = NULL;
    return anq__html_build(b->p, b->len, fragment, d);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    static const char *const opens[] = {"<div>", "<span>", "<b>", "<table><tr><td>",
                                        "<ul><li>", "<x-y>", "<o:p>", "<script>"};
    for (size_t s = 0; s < sizeof opens / sizeof opens[0]; s++) {
        for (int fragment = 0; fragment < 2; fragment++) {
            bytes b = {NULL, 0, 0};
            b_repeat(&b, opens[s], 100000);
            b_adds(&b, "x");
            anq_doc *d;
            int rc = build(&b, fragment, &d);
            if (s == sizeof opens / sizeof opens[0] - 1) {
                /* script content is text: one element */
                assert_int_equal(rc, ANQ_OK);
                anq_node *sc = anq__find(anq__doc_root(d), "script", NULL, NULL);
                assert_non_null(sc);
                /* all of it, and the wrapper's "</body></html>" */
                assert_int_equal(anq__node_first(sc)->content_len, b.len - 8 + (fragment ? 14 : 0));
            } else {
                assert_int_equal(rc, ANQ_ERR_TOO_DEEP);
                assert_null(d);
            }
            anq__doc_free(d);
            free(b.p);
        }
    }
    /* elements that close each other never nest */
    static const char *const flat[] = {"<p>", "<li>", "<td>", "<tr>", "<option>", "<a>",
                                       "<form>"};
    for (size_t s = 0; s < sizeof flat / sizeof flat[0]; s++) {
        bytes b = {NULL, 0, 0};
        b_repeat(&b, flat[s], 100000);
        anq_doc *d;
        assert_int_equal(build(&b, 1, &d), ANQ_OK);
        size_t n = 0;
        for (anq_node *c = anq__node_first(anq__doc_body(d)); c; c = c->next)
            n++;
        assert_int_equal(n, 100000);
        anq__doc_free(d);
        free(b.p);
    }
    /* a million end tags of nothing open, and of the body */
    bytes b = {NULL, 0, 0};
    b_repeat(&b, "</div></body></html><div>", 300000);
    anq_doc *d;
    assert_int_equal(build(&b, 1, &d), ANQ_OK);
    anq__doc_free(d);
    free(b.p);
}

/* Every depth from 1 to 300, through the sizes where the stack of open
 * elements grows (32, 64, 128, 256) and the limit: the same tree or error
 * as libxml2's. */
static void test_depths(void **state)
{
    (void)state;
    static const char *const opens[] = {"<div>", "<span>", "<b id=x>", "<ul><li>"};
    size_t bad = 0;
    for (size_t s = 0; s < sizeof opens / sizeof opens[0]; s++) {
        for (int depth = 1; depth <= 300; depth++) {
            bytes b = {NULL, 0, 0};
            b_repeat(&b, opens[s], (size_t)depth);
            b_adds(&b, "x");
            char label[64];
            snprintf(label, sizeof label, "%s x %d", opens[s], depth);
            bad += !compare(b.p, b.len, 1, label);
            bad += !compare(b.p, b.len, 0, label);
            free(b.p);
        }
    }
    assert_int_equal(bad, 0);
}

static void test_attribute_10mb(void **state)
{
    (void)state;
    static const char *const units[] = {"Groupe parlementaire : ", "a&amp;b&#233;c&eacute;d&"};
    for (size_t u = 0; u < 2; u++) {
        bytes b = {NULL, 0, 0};
        b_adds(&b, "<div id=\"q\" data-x=\"");
        size_t times = 10 * 1000 * 1000 / strlen(units[u]);
        b_repeat(&b, units[u], times);
        b_adds(&b, "\" class=\"c\">x</div>");
        anq_doc *d;
        assert_int_equal(build(&b, 1, &d), ANQ_OK);
        anq_node *div = anq__find(anq__doc_root(d), "div", "q", "c");
        assert_non_null(div);
        const char *v = anq__node_attr(div, "data-x");
        assert_non_null(v);
        assert_int_equal(strlen(v), u == 0 ? times * strlen(units[0]) : times * 10);
        anq__doc_free(d);
        free(b.p);
    }
    /* unquoted, and unterminated */
    bytes b = {NULL, 0, 0};
    b_adds(&b, "<div a=");
    b_repeat(&b, "x&amp;", 2000000);
    b_adds(&b, "><div b=\"");
    b_repeat(&b, "<p>", 2000000);
    anq_doc *d;
    assert_int_equal(build(&b, 1, &d), ANQ_OK);
    anq__doc_free(d);
    free(b.p);
}

static size_t count_of(const char *hay, size_t hl, const char *needle)
{
    size_t n = 0, nl = strlen(needle);
    for (size_t i = 0; i + nl <= hl;) {
        if (memcmp(hay + i, needle, nl) == 0) {
            n++;
            i += nl;
        } else {
            i++;
        }
    }
    return n;
}

static void test_million_references(void **state)
{
    (void)state;
    static const struct {
        const char *ref, *text;
    } refs[] = {
        {"&#339;", "\xc5\x93"}, {"&amp;", "&"}, {"&eacute;", "\xc3\xa9"},
        {"&#x2019;", "\xe2\x80\x99"}, {"&amp", "&amp"}, {"&foo;", "&foo;"}, {"&#0;", ""},
    };
    for (size_t r = 0; r < sizeof refs / sizeof refs[0]; r++) {
        for (int in_html = 0; in_html < 2; in_html++) {
            bytes b = {NULL, 0, 0};
            b_adds(&b, in_html ? "<html>" : "<p>");
            b_repeat(&b, refs[r].ref, 1000000);
            anq_doc *d;
            assert_int_equal(build(&b, 0, &d), ANQ_OK);
            anq_node *p = anq__find(anq__doc_root(d), "p", NULL, NULL);
            anq_node *t = p ? anq__node_first(p) : NULL;
            if (refs[r].text[0]) {
                assert_non_null(t);
                assert_int_equal(t->type, ANQ_NODE_TEXT);
                assert_int_equal(t->content_len, 1000000 * strlen(refs[r].text));
                assert_int_equal(count_of(t->content, t->content_len, refs[r].text), 1000000);
                assert_null(t->next);
            } else {
                assert_null(t);
            }
            anq__doc_free(d);
            free(b.p);
        }
    }
}

static void test_text_cap(void **state)
{
    (void)state;
    /* a text node over 10 000 000 bytes is TOO_LARGE; at the cap it is
     * a tree */
    for (int over = 0; over < 2; over++) {
        bytes b = {NULL, 0, 0};
        b_adds(&b, "<p>");
        b_repeat(&b, "0123456789", 1000000);
        if (over)
            b_adds(&b, "!");
        b_adds(&b, "</p>");
        anq_doc *d;
        int rc = build(&b, 1, &d);
        assert_int_equal(rc, over ? ANQ_ERR_TOO_LARGE : ANQ_OK);
        anq__doc_free(d);
        free(b.p);
    }
    /* the cap is per node: text split by elements is not one node */
    bytes b = {NULL, 0, 0};
    b_repeat(&b, "0123456789<br>", 200000);
    anq_doc *d;
    assert_int_equal(build(&b, 1, &d), ANQ_OK);
    anq__doc_free(d);
    free(b.p);
}

static void test_many_attributes(void **state)
{
    (void)state;
    bytes b = {NULL, 0, 0};
    b_adds(&b, "<div");
    for (int i = 0; i < 100000; i++) {
        char a[32];
        snprintf(a, sizeof a, " a%d=%d", i % 50000, i);
        b_adds(&b, a);
    }
    b_adds(&b, ">x");
    anq_doc *d;
    assert_int_equal(build(&b, 1, &d), ANQ_OK);
    anq_node *div = anq__find(anq__doc_root(d), "div", NULL, NULL);
    assert_non_null(div);
    assert_string_equal(anq__node_attr(div, "a49999"), "49999");
    anq__doc_free(d);
    free(b.p);
}

static void test_many_small_things(void **state)
{
    (void)state;
    static const char *const units[] = {
        "<!-- c -->", "<?x y?>", "<script>a</scriptx>", "</x>", "<", "</", "&", "&#",
        "<body>", "<html><head>", "<a b c d e f>", "<!DOCTYPE x>", "\r\n", "<br/>",
        "<table><tr><td>x</table>", "<p>x", "<o:p>y</o:p>",
    };
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        for (int fragment = 0; fragment < 2; fragment++) {
            bytes b = {NULL, 0, 0};
            b_repeat(&b, units[u], 1000000 / strlen(units[u]) + 1);
            anq_doc *d;
            int rc = build(&b, fragment, &d);
            /* a page of nothing but comments, end tags... has no element */
            if (fragment)
                assert_int_equal(rc, ANQ_OK);
            else
                assert_true(rc == ANQ_OK || rc == ANQ_ERR_PARSE || rc == ANQ_ERR_EMPTY);
            anq__doc_free(d);
            free(b.p);
        }
    }
    /* unterminated comment, processing instruction, script, DOCTYPE */
    static const char *const opens[] = {"<!--", "<?x", "<script>", "<!DOCTYPE x PUBLIC \""};
    for (size_t u = 0; u < sizeof opens / sizeof opens[0]; u++) {
        bytes b = {NULL, 0, 0};
        b_adds(&b, "<p>x</p>");
        b_adds(&b, opens[u]);
        b_repeat(&b, "<p>-- -<", 500000);
        anq_doc *d;
        assert_int_equal(build(&b, 1, &d), ANQ_OK);
        anq__doc_free(d);
        free(b.p);
    }
}

int main(int argc, char **argv)
{
    /* a test name (or a pattern) as argument runs only that test */
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, quiet_generic);
    xmlSetStructuredErrorFunc(NULL, quiet_structured);
    anq_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tricky),
        cmocka_unit_test(test_long_shapes),
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_every_tag),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_truncations),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_depths),
        cmocka_unit_test(test_attribute_10mb),
        cmocka_unit_test(test_million_references),
        cmocka_unit_test(test_text_cap),
        cmocka_unit_test(test_many_attributes),
        cmocka_unit_test(test_many_small_things),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
