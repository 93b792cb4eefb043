/* SPDX-License-Identifier: MIT */
/* anq's own XML parser (lib/xmlparse.c): what it builds for each construct,
 * how it reads malformed and cut documents, its limits, and the golden XML
 * pages read into the very tree libxml2 gave before (it was the library's
 * XML parser, whose tree was copied into anq's).
 *
 *   test_xmlparse SOURCE_DIR */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "anq.h"
#include "buf.h"
#include "html_guard.h"
#include "scan.h"
#include "tree.h"
#include "xmlparse.h"

static const char *source_dir;

/* ------------------------------------------------------------------ */
/* A tree as one string                                                  */

static void esc(anq_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            anq__buf_adds(b, "\\n");
        else if (s[i] == '\r')
            anq__buf_adds(b, "\\r");
        else if (s[i] == '\t')
            anq__buf_adds(b, "\\t");
        else
            anq__buf_addc(b, s[i]);
    }
}

/* <name a="v">...</name>, T"text", C"cdata", #"comment", ?"other";
 * with `lines`, each element's line after its name ("<a@3>"). */
static void dump_into(anq_buf *b, const anq_node *root, int lines)
{
    const anq_node *n = root;
    for (;;) {
        int t = anq__node_type(n);
        if (t == ANQ_NODE_ELEMENT) {
            anq__buf_addc(b, '<');
            anq__buf_adds(b, anq__node_name(n));
            if (lines) {
                anq__buf_addc(b, '@');
                anq__buf_addi(b, anq__node_line(n));
            }
            for (anq_attr *a = anq__attr_first(n); a; a = anq__attr_next(a)) {
                anq__buf_addc(b, ' ');
                anq__buf_adds(b, anq__attr_name(a));
                anq__buf_adds(b, "=\"");
                esc(b, anq__attr_value(a), strlen(anq__attr_value(a)));
                anq__buf_addc(b, '"');
            }
            anq__buf_addc(b, '>');
            if (anq__node_first(n)) {
                n = anq__node_first(n);
                continue;
            }
            anq__buf_adds(b, "</>");
        } else {
            anq__buf_addc(b, t == ANQ_NODE_TEXT ? 'T' : t == ANQ_NODE_CDATA ? 'C'
                             : t == ANQ_NODE_COMMENT ? '#' : '?');
            anq__buf_addc(b, '"');
            esc(b, n->content, n->content_len);
            anq__buf_addc(b, '"');
        }
        while (n != root && !anq__node_next_any(n)) {
            n = anq__node_parent(n);
            anq__buf_adds(b, "</>");
        }
        if (n == root)
            break;
        n = anq__node_next_any(n);
    }
}

static char *dump_doc(anq_doc *d, int lines)
{
    anq_buf b = ANQ_BUF_INIT;
    dump_into(&b, anq__doc_root(d), lines);
    assert_false(b.oom);
    return b.data;
}

/* The dump of s parsed, or "" with *rc the error. */
static char *parse_dump(const char *s, size_t len, int *rc, int lines)
{
    anq_doc *d = NULL;
    *rc = anq__xml_parse(s, len, &d);
    if (*rc != ANQ_OK) {
        assert_null(d);
        return strdup("");
    }
    assert_non_null(d);
    char *r = dump_doc(d, lines);
    anq__doc_free(d);
    return r;
}

static void check(const char *xml, const char *want)
{
    int rc;
    char *got = parse_dump(xml, strlen(xml), &rc, 0);
    assert_int_equal(rc, ANQ_OK);
    assert_string_equal(got, want);
    free(got);
}

static void check_rc(const char *xml, int want)
{
    int rc;
    free(parse_dump(xml, strlen(xml), &rc, 0));
    assert_int_equal(rc, want);
}

/* ------------------------------------------------------------------ */
/* Constructs                                                            */

static void test_entities(void **state)
{
    (void)state;
    check("<a>&lt;&gt;&amp;&apos;&quot;</a>", "<a>T\"<>&'\"\"</>");
    check("<a>&#65;&#x42;&#x10FFFF;&#233;&#x0041;</a>",
          "<a>T\"AB\xf4\x8f\xbf\xbf\xc3\xa9" "A\"</>");
    /* not XML characters, or out of range: nothing */
    check("<a>1&#0;2&#1;3&#xD800;4&#xFFFE;5&#x110000;6&#99999999999;7</a>",
          "<a>T\"1234567\"</>");
    /* "&#X" is no hexadecimal reference; a non-digit ends a reference
     * without being consumed */
    check("<a>&#X41;|&#a;|&#x;|&#12a;</a>", "<a>T\"X41;|a;||a;\"</>");
    /* undeclared entity, no ';', no name: dropped */
    check("<a>x&foo;y&amp z&w & v</a>", "<a>T\"xy z  v\"</>");
    /* one text node across references */
    anq_doc *d = NULL;
    assert_int_equal(anq__xml_parse("<a>x&amp;y&#65;z</a>", 20, &d), ANQ_OK);
    anq_node *t = anq__node_first(anq__doc_root(d));
    assert_non_null(t);
    assert_null(anq__node_next_any(t));
    assert_string_equal(anq__node_content(t), "x&yAz");
    assert_int_equal(t->content_len, 5);
    anq__doc_free(d);
    /* in attributes */
    check("<a b=\"&lt;&#38;&amp;x&#9;y&quot;\"/>", "<a b=\"<&&x\\ty\"\"></>");
}

static void test_cdata(void **state)
{
    (void)state;
    check("<a><![CDATA[<p>x &amp; y</p>]]></a>", "<a>C\"<p>x &amp; y</p>\"</>");
    /* adjacent sections are one node; an empty one is a node */
    check("<a><![CDATA[x]]><![CDATA[]]><![CDATA[y]]></a>", "<a>C\"xy\"</>");
    check("<a><![CDATA[]]></a>", "<a>C\"\"</>");
    check("<a>t<![CDATA[c]]>u<![CDATA[]]]]><![CDATA[>]]></a>",
          "<a>T\"t\"C\"c\"T\"u\"C\"]]>\"</>");
    anq_doc *d = NULL;
    const char *x = "<a>t<![CDATA[<c>]]>u</a>";
    assert_int_equal(anq__xml_parse(x, strlen(x), &d), ANQ_OK);
    anq_node *c = anq__node_next_any(anq__node_first(anq__doc_root(d)));
    assert_int_equal(anq__node_type(c), ANQ_NODE_CDATA);
    anq_buf b = ANQ_BUF_INIT;
    anq__node_text(anq__doc_root(d), &b);
    assert_string_equal(anq__buf_cstr(&b), "t<c>u");
    anq__buf_free(&b);
    anq__doc_free(d);
}

static void test_comments_and_pis(void **state)
{
    (void)state;
    check("<a>x<!-- c -- d -->y<?pi  some data ?>z<?empty?><!----></a>",
          "<a>T\"x\"#\" c -- d \"T\"y\"?\"some data \"T\"z\"?\"\"#\"\"</>");
    /* libxml2's ASCII path: "--" not followed by '>' is skipped whole */
    check("<a><!-- a --->b-->c</a>", "<a>#\" a --->b\"T\"c\"</>");
    /* past a byte outside ASCII, the first "-->" ends the comment */
    check("<a><!-- \xc3\xa9 --->b-->c</a>", "<a>#\" \xc3\xa9 -\"T\"b-->c\"</>");
    /* no target: "<?" dropped, the rest is text */
    check("<a>x<? y?>z</a>", "<a>T\"x y?>z\"</>");
    /* comments and PIs outside the root are not in the tree */
    check("<?xml version=\"1.0\"?><!-- c --><?p d?><a>x</a><!-- e --><?q?>", "<a>T\"x\"</>");
}

static void test_doctype(void **state)
{
    (void)state;
    const char *x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<!DOCTYPE q [\n <!ENTITY e \"expanded?\">\n"
                    " <!ATTLIST q d CDATA \"def\">\n <!-- ] > -->\n <?p ]>?>\n]>\n"
                    "<q>a&e;b<r c=\"1&e;2\"/></q>";
    /* the entity is a leaf of its own, never expanded; no default
     * attribute; an attribute keeps what precedes the reference */
    check(x, "<q>T\"a\"?\"expanded?\"T\"b\"<r c=\"1\"></></>");
    anq_doc *d = NULL;
    assert_int_equal(anq__xml_parse(x, strlen(x), &d), ANQ_OK);
    anq_buf b = ANQ_BUF_INIT;
    anq__node_text(anq__doc_root(d), &b);
    assert_string_equal(anq__buf_cstr(&b), "ab");
    anq__buf_free(&b);
    anq__doc_free(d);
    /* an external subset may declare anything: a reference stays */
    check("<!DOCTYPE q SYSTEM \"q.dtd\"><q>a&u;b&amp;</q>", "<q>T\"a\"?\"\"T\"b&\"</>");
    check("<!DOCTYPE q PUBLIC \"-//x//y\" \"q.dtd\" [<!ENTITY e 'v'>]><q>&e;</q>",
          "<q>?\"v\"</>");
    /* without a DTD an unknown entity gives nothing */
    check("<q>a&e;b</q>", "<q>T\"ab\"</>");
}

static void test_prefixes(void **state)
{
    (void)state;
    /* bound prefixes are dropped (xml always is bound), unbound ones kept,
     * namespace declarations are no attributes, a declaration applies to
     * its own element and below */
    check("<p:q xmlns:p=\"urn:p\" xmlns=\"urn:d\" xmlns:r=\"urn:r\" p:a=\"1\" r:b=\"2\" "
          "u:c=\"3\" xml:lang=\"fr\" plain=\"4\"><r:x/><u:y/><p:z xmlns:p=\"urn:p2\"/></p:q>",
          "<q a=\"1\" b=\"2\" u:c=\"3\" lang=\"fr\" plain=\"4\"><x></><u:y></><z></></>");
    check("<a><b xmlns:p=\"u\"/><p:c/></a>", "<a><b></><p:c></></>");
    /* an empty namespace name binds nothing */
    check("<a xmlns:p=\"\"><p:b/></a>", "<a><p:b></></>");
    /* not prefixes */
    check("<a:b:c xmlns:a=\"u\"><:d/><e:/></a:b:c>", "<b:c><:d></><e:></></>");
}

static void test_attributes(void **state)
{
    (void)state;
    check("<a s='say \"hi\"' d=\"it's\" t=\"a\tb\nc\r\nd  e\rf\" r=\"x&#10;y&#13;z\"/>",
          "<a s=\"say \"hi\"\" d=\"it's\" t=\"a b c d  e f\" r=\"x\\ny\\rz\"></>");
    check("<a b = \"1\"\n c='2'>x</a>", "<a b=\"1\" c=\"2\">T\"x\"</>");
    /* a repeated name: the first counts */
    check("<a b=\"1\" b=\"2\" c=\"3\"/>", "<a b=\"1\" c=\"3\"></>");
    /* no value: the attribute is left out and the tag goes on */
    check("<a b c=\"1\">x</a>", "<a></>");
    check("<a b>x</a>", "<a>T\"x\"</>");
    /* unquoted value: the element ends there, the rest is its parent's */
    check("<r><a b=1>x</a>y</r>", "<r><a></>T\"1>x\"</>");
    check("<r><a b=\"1\"c=\"2\">x</r>", "<r><a b=\"1\"></>T\"c=\"2\">x\"</>");
    /* '<' in a value ends it, and the element; the '<' starts a tag */
    check("<r><a b=\"x<y\"/>z</r>", "<r><a b=\"x\"></><y></>T\"\"/>z\"</>");
}

static char *libxml2_dump(const char *s, size_t len);

/* check(), and the tree (with line numbers) is the one libxml2 gave (see
 * test_golden_pages_as_libxml2). */
static void check_lx(const char *xml, const char *want)
{
    check(xml, want);
    int rc;
    char *got = parse_dump(xml, strlen(xml), &rc, 1);
    char *lx = libxml2_dump(xml, strlen(xml));
    assert_string_equal(got, lx);
    free(got);
    free(lx);
}

/* The parser's short paths (end tag matching the open element, text run
 * added whole, plain attribute values, 16-byte scans) read as the general
 * ones do. */
static void test_short_paths(void **state)
{
    (void)state;
    /* end tags: names of 1 to 3, 4 to 7, 8 to 16 and more bytes; another
     * name, a prefix, blanks: the open element is closed all the same */
    check_lx("<a><bcd><efgh><ijklmnopq><rstuvwxyzABCDEFGH><IJKLMNOPQRSTUVWXYZ_0123.4-5>x"
          "</IJKLMNOPQRSTUVWXYZ_0123.4-5></rstuvwxyzABCDEFGH></ijklmnopq></efgh></bcd></a>",
          "<a><bcd><efgh><ijklmnopq><rstuvwxyzABCDEFGH><IJKLMNOPQRSTUVWXYZ_0123.4-5>T\"x\""
          "</></></></></></>");
    check_lx("<a><bbbbbbbbbb>x</bbbbbbbbbX>y</a>", "<a><bbbbbbbbbb>T\"x\"</>T\"y\"</>");
    check_lx("<a><bbbbbbbbbb>x</bbbbbbbbbb >y</bbbbbbbbbbb>z</a>",
          "<a><bbbbbbbbbb>T\"x\"</>T\"y\"</>");
    check_lx("<p:a xmlns:p=\"u\"><p:bcdefghij>x</p:bcdefghij>y</p:a>",
          "<a><bcdefghij>T\"x\"</>T\"y\"</>");
    check_lx("<a><b>x</b", "<a><b>T\"x\"</></>");
    check_lx("<a><bcdef>x</bcdef", "<a><bcdef>T\"x\"</></>");
    /* names across 16 bytes, with ':' and bytes outside ASCII */
    check_lx("<a><b-c.d_e:f-g.h_i-j.k_l-m.n_o-p.q>x</b-c.d_e:f-g.h_i-j.k_l-m.n_o-p.q></a>",
          "<a><b-c.d_e:f-g.h_i-j.k_l-m.n_o-p.q>T\"x\"</></>");
    check_lx("<a><abcdefghijklmnop\xc3\xa9qrstuvwxyz0123456789>x</a>",
          "<a><abcdefghijklmnop\xc3\xa9qrstuvwxyz0123456789>T\"x\"</></>");
    check_lx("<a><abcdefghijklmnop@q>x</a>", "<a><abcdefghijklmnop></>T\"@q>x\"</>");
    /* line ends and indentation, short and long; then text */
    check_lx("<a>\n  <b/>\n\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t<c/>\n                    x\n<d/>\n</a>",
          "<a>T\"\\n  \"<b></>T\"\\n\\t\\t\\t\\t\\t\\t\\t\\t\\t\\t\\t\\t\\t\\t\\t\\t\\t\\t\"<c></>"
          "T\"\\n                    x\\n\"<d></>T\"\\n\"</>");
    /* long text runs: plain, with bytes outside ASCII, with references */
    check_lx("<a>0123456789abcdefghijklmnopqrstuvwxyz&amp;0123456789abcdefghij</a>",
          "<a>T\"0123456789abcdefghijklmnopqrstuvwxyz&0123456789abcdefghij\"</>");
    check_lx("<a>\xc3\xa9t\xc3\xa9 0123456789abcdefghijklmnopqrstuvwxyz\r\n0123456789abcdef"
          "ghij]]>klm</a>",
          "<a>T\"\xc3\xa9t\xc3\xa9 0123456789abcdefghijklmnopqrstuvwxyz\\n0123456789abcdef"
          "ghij]]>klm\"</>");
    check_lx("<a>0123456789abcdefghijklmnopqrstuvwxyz]]>0123456789</a>",
          "<a>T\"]>0123456789\"</>");
    /* a text node, then what adds to it: one node */
    check_lx("<a>x<![CDATA[c]]>yyyyyyyyyyyyyyyyyyyy&#65;z< w</a>",
          "<a>T\"x\"C\"c\"T\"yyyyyyyyyyyyyyyyyyyyAz w\"</>");
    /* attribute values: plain ones across 16 bytes, the other quote, then
     * something to decode after plain bytes */
    check_lx("<a b=\"0123456789abcdefghij 'q'\" c='0123456789abcdefghij \"q\"' "
          "d=\"0123456789abcdefghij&amp;x\ty\" e=\"0123456789abcdefghij",
          "<a b=\"0123456789abcdefghij 'q'\" c=\"0123456789abcdefghij \"q\"\" "
          "d=\"0123456789abcdefghij&x y\" e=\"0123456789abcdefghij\"></>");
    check_lx("<a b=\"0123456789abcdefghij<c/>x</a>",
          "<a b=\"0123456789abcdefghij\"></>");
}

static void test_line_numbers(void **state)
{
    (void)state;
    const char *x = "<?xml version=\"1.0\"?>\n<a>\n  <b\n    c=\"1\">t</b>\n<!-- x\n -->\r\n"
                    "<d/>text\nmore<![CDATA[\n]]><e/></a>";
    anq_doc *d = NULL;
    assert_int_equal(anq__xml_parse(x, strlen(x), &d), ANQ_OK);
    anq_node *a = anq__doc_root(d);
    assert_int_equal(anq__node_line(a), 2);
    anq_node *b = anq__node_child_named(a, "b");
    assert_int_equal(anq__node_line(b), 3);
    assert_int_equal(anq__node_line(anq__node_first(b)), 4);
    anq_node *c = anq__node_next_any(b);
    assert_int_equal(anq__node_type(c), ANQ_NODE_TEXT);
    assert_int_equal(anq__node_line(c), 4);
    c = anq__node_next_any(c);
    assert_int_equal(anq__node_type(c), ANQ_NODE_COMMENT);
    assert_int_equal(anq__node_line(c), 5);
    anq_node *dd = anq__node_child_named(a, "d");
    assert_int_equal(anq__node_line(dd), 7);
    anq_node *t = anq__node_next_any(dd);
    assert_int_equal(anq__node_line(t), 7);
    assert_string_equal(anq__node_content(t), "text\nmore");
    assert_int_equal(anq__node_line(anq__node_child_named(a, "e")), 9);
    anq__doc_free(d);
    /* CR LF and CR are LF in text, comments, CDATA and PIs */
    check("<a>t\r\nu\rv<!--c\r\nd\re--><?p d\r\ne\rf?><![CDATA[g\r\nh\ri]]></a>",
          "<a>T\"t\\nu\\nv\"#\"c\\nd\\ne\"?\"d\\ne\\nf\"C\"g\\nh\\ni\"</>");
}

static void test_malformed(void **state)
{
    (void)state;
    /* an end tag closes the open element whatever its name; what follows
     * the root is ignored */
    check("<a><b>x</a>y</b>z", "<a><b>T\"x\"</>T\"y\"</>");
    check("<a>x</a>tail<b/>", "<a>T\"x\"</>");
    check("<a>x</b>y</a>", "<a>T\"x\"</>");
    check("<a><b>x</bb >y</a>", "<a><b>T\"x\"</>T\"y\"</>");
    /* unclosed: everything read is kept */
    check("<a><b>x", "<a><b>T\"x\"</></>");
    check("<a><b c=\"1\" d=\"2", "<a><b c=\"1\" d=\"2\"></></>");
    /* a '<' that starts nothing is dropped */
    check("<a>1 < 2 <!x></a>", "<a>T\"1  2 !x>\"</>");
    /* libxml2's ASCII path drops the text before "]]>" and one ']' */
    check("<a>ab]]>c</a>", "<a>T\"]>c\"</>");
    check("<a>\xc3\xa9]]>c</a>", "<a>T\"\xc3\xa9]]>c\"</>");
    /* no root element */
    check_rc("", ANQ_ERR_EMPTY);
    check_rc(" \n\t", ANQ_ERR_EMPTY);
    check_rc("text<a/>", ANQ_ERR_EMPTY);
    check_rc("<?xml version=\"1.0\"?>", ANQ_ERR_EMPTY);
    check_rc("<!-- c --> <?p x?>", ANQ_ERR_EMPTY);
    check_rc("<!-- c", ANQ_ERR_EMPTY);
    check_rc("<", ANQ_ERR_PARSE);
    check_rc("<1>x</1>", ANQ_ERR_PARSE);
    check_rc("< a>x</a>", ANQ_ERR_PARSE);
    check("<a", "<a></>");
}

static char *nested(size_t n, int closed)
{
    char *s = malloc(n * 7 + 16);
    assert_non_null(s);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(s + o, "<e>", 3);
        o += 3;
    }
    s[o++] = 'x';
    for (size_t i = 0; closed && i < n; i++) {
        memcpy(s + o, "</e>", 4);
        o += 4;
    }
    s[o] = '\0';
    return s;
}

static void test_depth_limit(void **state)
{
    (void)state;
    /* 257 open elements are read (libxml2's limit: a start tag fails once
     * more than 256 are open) */
    char *s = nested(ANQ_XML_MAX_DEPTH + 1, 1);
    anq_doc *d = NULL;
    assert_int_equal(anq__xml_parse(s, strlen(s), &d), ANQ_OK);
    size_t depth = 0;
    for (anq_node *n = anq__doc_root(d); n; n = anq__node_child(n))
        depth++;
    assert_int_equal(depth, ANQ_XML_MAX_DEPTH + 1);
    anq__doc_free(d);
    free(s);
    s = nested(ANQ_XML_MAX_DEPTH + 2, 0);
    check_rc(s, ANQ_ERR_TOO_DEEP);
    free(s);
    /* 100 000 levels: an error, no recursion */
    s = nested(100000, 1);
    check_rc(s, ANQ_ERR_TOO_DEEP);
    free(s);
}

static void test_text_cap(void **state)
{
    (void)state;
    size_t n = ANQ_XML_MAX_TEXT;
    char *s = malloc(n + 32);
    assert_non_null(s);
    memcpy(s, "<a>", 3);
    memset(s + 3, 'x', n);
    memcpy(s + 3 + n, "</a>", 5);
    anq_doc *d = NULL;
    assert_int_equal(anq__xml_parse(s, n + 7, &d), ANQ_OK);
    assert_int_equal(anq__node_first(anq__doc_root(d))->content_len, n);
    anq__doc_free(d);
    /* one byte more, whole or through references */
    memcpy(s + 3 + n, "y</a>", 6);
    assert_int_equal(anq__xml_parse(s, n + 8, &d), ANQ_ERR_TOO_LARGE);
    memcpy(s + 3 + n, "&amp;</a>", 10);
    assert_int_equal(anq__xml_parse(s, n + 12, &d), ANQ_ERR_TOO_LARGE);
    assert_null(d);
    /* through a '<' that starts nothing, or after a CR LF */
    memcpy(s + 3 + n, "< y</a>", 8);
    assert_int_equal(anq__xml_parse(s, n + 10, &d), ANQ_ERR_TOO_LARGE);
    assert_null(d);
    memcpy(s + 3 + n - 1, "\r\n</a>", 7);
    assert_int_equal(anq__xml_parse(s, n + 8, &d), ANQ_OK);
    assert_int_equal(anq__node_first(anq__doc_root(d))->content_len, n);
    anq__doc_free(d);
    memcpy(s + 3 + n - 1, "\r\nz</a>", 8);
    assert_int_equal(anq__xml_parse(s, n + 9, &d), ANQ_ERR_TOO_LARGE);
    assert_null(d);
    free(s);
}

/* ------------------------------------------------------------------ */
/* Cut documents                                                         */

static const char small_doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- a small question -->\n"
    "<q:QUESTION xmlns:q=\"urn:q\" TYPE=\"QE\" q:n='7'>\n"
    "  <NUMERO>321</NUMERO><TEXTE>R\xc3\xa9ponse &amp; suite&#x2019;s</TEXTE>\n"
    "  <?pi data?><HTML><![CDATA[<p>un</p>]]><![CDATA[<p>deux</p>]]></HTML>\n"
    "  <VIDE/><!-- fin --></q:QUESTION>\n";

static size_t count_elements(anq_doc *d)
{
    size_t n = 0;
    anq_node *root = anq__doc_root(d);
    for (anq_node *x = root; x; x = anq__node_walk(root, x))
        n += anq__node_type(x) == ANQ_NODE_ELEMENT;
    return n;
}

static void test_every_truncation(void **state)
{
    (void)state;
    size_t len = sizeof small_doc - 1;
    const char *root_lt = strstr(small_doc, "<q:");
    size_t root_at = (size_t)(root_lt - small_doc);
    anq_doc *full = NULL;
    assert_int_equal(anq__xml_parse(small_doc, len, &full), ANQ_OK);
    anq_buf full_text = ANQ_BUF_INIT;
    anq__node_text(anq__doc_root(full), &full_text);
    assert_string_equal(anq__buf_cstr(&full_text),
                        "\n  321R\xc3\xa9ponse & suite\xe2\x80\x99s\n  <p>un</p><p>deux</p>\n  ");
    size_t full_elements = count_elements(full);
    assert_int_equal(full_elements, 5);
    anq__doc_free(full);

    size_t prev_elements = 0, prev_text = 0;
    for (size_t k = 0; k <= len; k++) {
        if (k < len && ((unsigned char)small_doc[k] & 0xC0) == 0x80)
            continue; /* the input is valid UTF-8 */
        char *cut = malloc(k + 1);
        assert_non_null(cut);
        memcpy(cut, small_doc, k);
        anq_doc *d = NULL;
        int rc = anq__xml_parse(cut, k, &d);
        if (k <= root_at) {
            /* no root yet; a '<' that starts no comment (yet) is read as
             * the root's, which has no name: PARSE (libxml2) */
            int lt = (k >= 1 && memcmp(cut + k - 1, "<", 1) == 0) ||
                     (k >= 2 && memcmp(cut + k - 2, "<!", 2) == 0) ||
                     (k >= 3 && memcmp(cut + k - 3, "<!-", 3) == 0);
            assert_int_equal(rc, lt ? ANQ_ERR_PARSE : ANQ_ERR_EMPTY);
        } else if (k == root_at + 1) {
            assert_int_equal(rc, ANQ_ERR_PARSE);
        } else {
            assert_int_equal(rc, ANQ_OK);
            anq_node *root = anq__doc_root(d);
            /* the root's name as far as it was read ("q:QUES" when the
             * cut leaves its prefix unbound) */
            const char *name = anq__node_name(root);
            assert_true(strcmp(name, "QUESTION") == 0 ||
                        strncmp("q:QUESTION", name, strlen(name)) == 0);
            /* what is read grows with the cut, and is the beginning of the
             * whole document's text; but for a cut "<![CDA" or "<!-", whose
             * '<' starts nothing, and "<VIDE/", whose tag does not end
             * (libxml2): the rest is text */
            anq_buf t = ANQ_BUF_INIT;
            anq__node_text(root, &t);
            const char *ts = anq__buf_cstr(&t);
            size_t m = 0;
            while (m < t.len && m < full_text.len && ts[m] == full_text.data[m])
                m++;
            if (m < t.len) {
                size_t rest = t.len - m;
                assert_true((rest <= 8 && memcmp(ts + m, "![CDATA[", rest) == 0) ||
                            (rest <= 3 && memcmp(ts + m, "!--", rest) == 0) ||
                            (rest == 1 && ts[m] == '/'));
            }
            assert_true(m >= prev_text);
            size_t el = count_elements(d);
            assert_true(el >= prev_elements && el <= full_elements);
            prev_text = m;
            prev_elements = el;
            anq__buf_free(&t);
            anq__doc_free(d);
        }
        free(cut);
    }
    assert_int_equal(prev_elements, full_elements);
    assert_int_equal(prev_text, full_text.len);
    anq__buf_free(&full_text);
}

/* ------------------------------------------------------------------ */
/* The golden pages: the tree libxml2 gave                               */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    d[n] = '\0';
    *len = (size_t)n;
    return d;
}

/* libxml2's tree for s, as html.c read XML before (recovery mode), copied
 * into anq's tree. */
static char *libxml2_dump(const char *s, size_t len)
{
    xmlDocPtr doc = xmlReadMemory(s, (int)len, NULL, "UTF-8",
                                  XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                      XML_PARSE_NONET | XML_PARSE_COMPACT);
    assert_non_null(doc);
    anq_doc *d = NULL;
    assert_int_equal(anq__doc_copy_xml_node(xmlDocGetRootElement(doc), 1, &d), ANQ_OK);
    xmlFreeDoc(doc);
    char *r = dump_doc(d, 1);
    anq__doc_free(d);
    return r;
}

static void test_golden_pages_as_libxml2(void **state)
{
    (void)state;
    static const char *const dirs[] = {"tests/golden/an_opendata", "tests/golden/an_xml_view"};
    size_t pages = 0;
    for (size_t i = 0; i < 2; i++) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/%s", source_dir, dirs[i]);
        DIR *dp = opendir(dir);
        assert_non_null(dp);
        struct dirent *e;
        while ((e = readdir(dp)) != NULL) {
            size_t nl = strlen(e->d_name);
            if (nl < 5 || strcmp(e->d_name + nl - 4, ".xml") != 0)
                continue;
            char path[2048];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            size_t len;
            char *s = slurp(path, &len);
            /* the whole file, and the region the extractors hand over */
            for (int region = 0; region < 2; region++) {
                const char *p = region ? anq__xml_root_start(s, len) : s;
                assert_non_null(p);
                size_t n = len - (size_t)(p - s);
                char *want = libxml2_dump(p, n);
                int rc;
                char *got = parse_dump(p, n, &rc, 1);
                assert_int_equal(rc, ANQ_OK);
                if (strcmp(got, want) != 0)
                    fail_msg("%s: not libxml2's tree\nlibxml2: %s\nanq:     %s", path, want,
                             got);
                free(want);
                free(got);
            }
            free(s);
            pages++;
        }
        closedir(dp);
    }
    assert_true(pages >= 10);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_xmlparse SOURCE_DIR\n");
        return 2;
    }
    source_dir = argv[1];
    anq_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entities),
        cmocka_unit_test(test_cdata),
        cmocka_unit_test(test_comments_and_pis),
        cmocka_unit_test(test_doctype),
        cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_attributes),
        cmocka_unit_test(test_short_paths),
        cmocka_unit_test(test_line_numbers),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_text_cap),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_golden_pages_as_libxml2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
