/* SPDX-License-Identifier: MIT */
/* Allocation failure: fail the Nth allocation, for every N, while parsing a
 * few representative fixture pages, and check that each parse gives
 * ANQ_ERR_NOMEM or the very record (same JSON) the page gives normally,
 * leaks nothing and does not crash.
 *
 * Two seams:
 * - anq's own allocations (lib/alloc.h, anq__alloc_fail_after: every
 *   allocation from the Nth on fails);
 * - libxml2's, through an allocator installed with xmlMemSetup() before
 *   libxml2 is initialised (this test only): the Nth libxml2 allocation
 *   fails, the others succeed. Pages make none (anq's own HTML and XML
 *   builders read them, test_pages_without_libxml2 checks it); the
 *   open-data reader's push parser makes them, on a bulk document.
 *
 * Leaks are counted exactly: the test program is linked with
 * -Wl,--wrap=malloc,calloc,realloc,free, so every block the library
 * allocates is counted by the __wrap_ functions below; libxml2's blocks are
 * counted by the xmlMemSetup allocator. After each parse (and free of the
 * record) both counts must be back where they were. */
#define _GNU_SOURCE /* dladdr1 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <elf.h>
#include <execinfo.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

#include "alloc.h"
#include "anq.h"
#include "buf.h"
#include "fixtures.h"
#include "html.h"

/* ---- anq's blocks, through the linker's --wrap ------------------------ */

void *__real_malloc(size_t n);
void *__real_calloc(size_t c, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t c, size_t n);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static long anq_live;

void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);
    if (p)
        anq_live++;
    return p;
}

void *__wrap_calloc(size_t c, size_t n)
{
    void *p = __real_calloc(c, n);
    if (p)
        anq_live++;
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q = __real_realloc(p, n);
    if (q && !p)
        anq_live++;
    return q;
}

void __wrap_free(void *p)
{
    if (p)
        anq_live--;
    __real_free(p);
}

/* ---- libxml2's blocks, through xmlMemSetup ---------------------------- */

/* Each libxml2 block carries a header linking it into the list of live
 * blocks, with the serial number of its allocation: what is still live
 * after a parse, and was allocated during it, is a leak. */
typedef struct xml_block {
    struct xml_block *prev, *next;
    long serial;
    long pad; /* keeps the payload 16-byte aligned */
} xml_block;

static xml_block xml_list = {&xml_list, &xml_list, -1, 0};
static long xml_serial;        /* allocations made so far */
static long xml_count;         /* allocations attempted since xml_arm() */
static long xml_fail_at = -1;  /* the allocation that fails (-1: none) */
static long xml_failed;        /* failures injected since xml_arm() */
static long xml_spared;        /* failures not injected (libxml2 would crash) */
static char xml_fail_where[160]; /* libxml2 functions on the stack of the failure */

static void xml_arm(long n)
{
    xml_count = 0;
    xml_failed = 0;
    xml_spared = 0;
    xml_fail_where[0] = '\0';
    xml_fail_at = n;
}

/* The exported function of a shared library that contains `pc`, or NULL
 * (static functions have no name here; their callers do). */
static const char *function_at(void *pc, const char **file)
{
    Dl_info info;
    const ElfW(Sym) *sym = NULL;
    if (!dladdr1(pc, &info, (void **)&sym, RTLD_DL_SYMENT) || !info.dli_sname || !sym)
        return NULL;
    *file = info.dli_fname;
    uintptr_t off = (uintptr_t)pc - (uintptr_t)info.dli_saddr;
    return off < sym->st_size ? info.dli_sname : NULL;
}

/* Note in xml_fail_where the exported libxml2 functions on the stack
 * ("xmlBufGrow<xmlParserInputBufferGrow<..."). */
static void note_stack(void)
{
    void *frames[24];
    int n = backtrace(frames, 24);
    size_t used = 0;
    xml_fail_where[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *file = NULL;
        const char *name = function_at(frames[i], &file);
        if (!name || !file || !strstr(file, "libxml2"))
            continue;
        int w = snprintf(xml_fail_where + used, sizeof xml_fail_where - used, "%s%s",
                         used ? "<" : "", name);
        if (w < 0 || (size_t)w >= sizeof xml_fail_where - used)
            break;
        used += (size_t)w;
    }
}

/* libxml2 2.9.14 dereferences a NULL-based input pointer when the
 * allocation growing the parser's input buffer fails (xmlBufGrow under
 * xmlParserInputGrow, once per parse, near the end of the input): those
 * allocations are not failed (fuzz/README.md, "libxml2 under allocation
 * failure"). */
static int libxml2_would_crash(void)
{
    if (strstr(xml_fail_where, "xmlParserInputGrow") != NULL)
        return 1;
    /* Same parser, same version: an allocation made by the element-stack
     * code that htmlParseDocument calls directly (no other exported
     * function on the stack) is followed by a NULL dereference inside
     * htmlParseDocument on some pages (seen on an an_dyn fixture, failure
     * 260 of its parse). Not failed either. */
    return strcmp(xml_fail_where, "htmlParseDocument") == 0;
}

static int xml_should_fail(void)
{
    long k = xml_count++;
    if (xml_fail_at < 0 || k != xml_fail_at)
        return 0;
    note_stack();
    if (libxml2_would_crash()) {
        xml_spared++;
        return 0;
    }
    xml_failed++;
    return 1;
}

static void xml_link(xml_block *b)
{
    b->next = xml_list.next;
    b->prev = &xml_list;
    xml_list.next->prev = b;
    xml_list.next = b;
}

static void xml_unlink(xml_block *b)
{
    b->prev->next = b->next;
    b->next->prev = b->prev;
}

static void *xml_malloc(size_t n)
{
    if (xml_should_fail() || n > SIZE_MAX - sizeof(xml_block))
        return NULL;
    xml_block *b = __real_malloc(sizeof *b + n);
    if (!b)
        return NULL;
    b->serial = xml_serial++;
    xml_link(b);
    return b + 1;
}

static void *xml_realloc(void *p, size_t n)
{
    if (!p)
        return xml_malloc(n);
    if (xml_should_fail() || n > SIZE_MAX - sizeof(xml_block))
        return NULL;
    xml_block *b = (xml_block *)p - 1;
    xml_unlink(b);
    xml_block *nb = __real_realloc(b, sizeof *b + n);
    if (!nb) {
        xml_link(b);
        return NULL;
    }
    xml_link(nb);
    return nb + 1;
}

static void xml_free(void *p)
{
    if (!p)
        return;
    xml_block *b = (xml_block *)p - 1;
    xml_unlink(b);
    __real_free(b);
}

static char *xml_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xml_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* libxml2 blocks allocated since `serial` and still live. The thread's
 * last-error record (strings libxml2 keeps between calls) is cleared first
 * so that it does not count. With `release`, they are freed. */
static long xml_leaked_since(long serial, int release)
{
    xmlResetLastError();
    long n = 0;
    for (xml_block *b = xml_list.next, *next; b != &xml_list; b = next) {
        next = b->next;
        if (b->serial >= serial) {
            n++;
            if (release) {
                xml_unlink(b);
                __real_free(b);
            }
        }
    }
    return n;
}

/* ---- pages ------------------------------------------------------------ */

static fx_set pages;

/* A few representative pages: the first page of each layout folder of
 * tests/golden/, every encoding case (enc-*), and the examples. */
static int keep_page(const fx_page *p, const char *prev_path)
{
    const char *base = strrchr(p->path, '/') + 1;
    if (strncmp(base, "enc-", 4) == 0 || strstr(p->path, "/examples/"))
        return 1;
    if (!prev_path)
        return 1;
    /* the first page of its folder */
    size_t dir = (size_t)(base - p->path);
    size_t prev_dir = (size_t)(strrchr(prev_path, '/') + 1 - prev_path);
    return dir != prev_dir || strncmp(p->path, prev_path, dir) != 0;
}

static int group_setup(void **state)
{
    (void)state;
    fx_set all;
    fx_load_fixtures(&all);
    pages.pages = calloc(all.count, sizeof *pages.pages);
    assert_non_null(pages.pages);
    pages.count = 0;
    for (size_t i = 0; i < all.count; i++)
        if (keep_page(&all.pages[i], i ? all.pages[i - 1].path : NULL))
            pages.pages[pages.count++] = all.pages[i];
    for (size_t i = 0; i < all.count; i++) {
        size_t k = 0;
        while (k < pages.count && pages.pages[k].path != all.pages[i].path)
            k++;
        if (k == pages.count) {
            free(all.pages[i].path);
            free(all.pages[i].data);
        }
    }
    free(all.pages);
    assert_true(pages.count >= 1);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    fx_free(&pages);
    return 0;
}

/* The record's JSON, or NULL with *code. No failure is armed here. */
static char *reference(const fx_page *p, unsigned flags, int *code)
{
    anq_error err;
    anq_question *q = anq_parse(p->data, p->len, flags, &err);
    *code = err.code;
    if (!q)
        return NULL;
    char *json = anq_question_to_json(q, ANQ_JSON_DEFAULT);
    assert_non_null(json);
    anq_question_free(q);
    return json;
}

/* libxml2 2.9.14 loses a block on some of its own allocation-failure paths
 * (fuzz/README.md, "libxml2 under allocation failure"): when the failing
 * allocation is made under one of these functions, up to
 * LIBXML2_OWN_LEAK_MAX blocks are put down to libxml2. Everywhere else,
 * and wherever libxml2's allocations all succeed, the count must be 0. */
#define LIBXML2_OWN_LEAK_MAX 2
static const char *const libxml2_leaky[] = {
    "htmlNewParserCtxt", /* its SAX handler, when a later table fails */
    "xmlNewDocNodeEatName", /* the element name it was to eat */
    "xmlNewNsPropEatName",  /* the attribute name it was to eat */
    NULL,
};
static long libxml2_own_leaks;

static int leak_is_libxml2s(void)
{
    for (size_t i = 0; libxml2_leaky[i]; i++)
        if (strstr(xml_fail_where, libxml2_leaky[i]))
            return 1;
    return 0;
}

/* One parse under an armed failure (anq's or libxml2's). Returns 1 when
 * the outcome is NOMEM, or the reference record / error. Checks leaks. */
static int parse_once(const fx_page *p, unsigned flags, const char *ref, int ref_code,
                      int xml_failure, long fail_no, int *got_code)
{
    long live0 = anq_live;
    xmlResetLastError();
    long serial0 = xml_serial;
    anq_error err;
    anq_question *q = anq_parse(p->data, p->len, flags, &err);
    anq__alloc_fail_after(-1);
    xml_fail_at = -1;
    *got_code = err.code;
    int same;
    if (q) {
        char *json = anq_question_to_json(q, ANQ_JSON_DEFAULT);
        assert_non_null(json);
        same = ref && strcmp(json, ref) == 0;
        anq_free(json);
        anq_question_free(q);
    } else {
        same = err.code == ANQ_ERR_NOMEM || (!ref && err.code == ref_code);
    }
    if (anq_live != live0)
        fail_msg("%s: %ld block(s) of anq leaked (failure at %ld)", p->path,
                 anq_live - live0, fail_no);
    long leaked = xml_leaked_since(serial0, 1);
    if (leaked && (!xml_failure || !xml_failed || !leak_is_libxml2s() ||
                   leaked > LIBXML2_OWN_LEAK_MAX))
        fail_msg("%s: %ld libxml2 block(s) leaked (%s failure at %ld, under %s)", p->path,
                 leaked, xml_failure ? "libxml2" : "anq", fail_no,
                 xml_failure ? xml_fail_where : "anq");
    libxml2_own_leaks += leaked;
    return same;
}

static void test_anq_allocations(void **state)
{
    (void)state;
    long positions = 0, nomem = 0;
    for (size_t i = 0; i < pages.count; i++) {
        const fx_page *p = &pages.pages[i];
        for (unsigned flags = 0; flags <= ANQ_PARSE_NO_HTML; flags += ANQ_PARSE_NO_HTML) {
            int ref_code;
            char *ref = reference(p, flags, &ref_code);
            anq__alloc_fail_after(-1);
            anq_question *q = anq_parse(p->data, p->len, flags, NULL);
            long total = anq__alloc_count();
            anq_question_free(q);
            assert_true(total > 0);
            for (long n = 0; n <= total; n++) {
                anq__alloc_fail_after(n);
                int code;
                if (!parse_once(p, flags, ref, ref_code, 0, n, &code))
                    fail_msg("%s, flags %u: anq allocation %ld of %ld failed: code %d, "
                             "neither NOMEM nor the normal result",
                             p->path, flags, n, total, code);
                /* every allocation succeeds from `total` on: the normal result */
                if (n == total)
                    assert_int_equal(code, ref_code);
                positions++;
                nomem += code == ANQ_ERR_NOMEM;
            }
            anq_free(ref);
        }
    }
    print_message("# anq allocation failures: %ld positions on %zu pages (%ld NOMEM)\n",
                  positions, pages.count, nomem);
}

/* After a failed append the buffer's text and length agree: extractors pass
 * (anq__buf_cstr(b), b->len) to searches, and a length left from before the
 * failure made them read past the "" that anq__buf_cstr() returns. */
static void test_buf_after_failure(void **state)
{
    (void)state;
    anq_buf b = ANQ_BUF_INIT;
    anq__buf_adds(&b, "Question N\xc2\xb0 321 au Minist\xc3\xa8re");
    assert_int_equal(b.len, strlen(anq__buf_cstr(&b)));
    assert_true(b.len > 0);
    anq__alloc_fail_after(0);
    char big[200];
    memset(big, 'x', sizeof big);
    anq__buf_add(&b, big, sizeof big); /* needs to grow: fails */
    anq__alloc_fail_after(-1);
    assert_true(b.oom);
    assert_int_equal(b.len, strlen(anq__buf_cstr(&b)));
    assert_int_equal(b.len, 0);
    /* sticky: later appends do nothing, and still agree */
    anq__buf_adds(&b, "abc");
    anq__buf_addc(&b, 'd');
    assert_int_equal(b.len, 0);
    assert_string_equal(anq__buf_cstr(&b), "");
    anq__buf_clear(&b);
    assert_int_equal(b.len, strlen(anq__buf_cstr(&b)));
    anq__buf_free(&b);
}

static void test_json_allocations(void **state)
{
    (void)state;
    size_t records = 0;
    for (size_t i = 0; i < pages.count; i++) {
        const fx_page *p = &pages.pages[i];
        anq_question *q = anq_parse(p->data, p->len, 0, NULL);
        if (!q)
            continue;
        records++;
        for (unsigned jf = 0; jf <= ANQ_JSON_PRETTY; jf++) {
            char *ref = anq_question_to_json(q, jf);
            assert_non_null(ref);
            anq__alloc_fail_after(-1);
            anq_free(anq_question_to_json(q, jf));
            long total = anq__alloc_count();
            for (long n = 0; n <= total; n++) {
                long live0 = anq_live;
                anq__alloc_fail_after(n);
                char *json = anq_question_to_json(q, jf);
                anq__alloc_fail_after(-1);
                if (json)
                    assert_string_equal(json, ref);
                else
                    assert_true(n < total);
                anq_free(json);
                assert_int_equal(anq_live, live0);
            }
            anq_free(ref);
        }
        /* anq_json_quote */
        size_t qlen = p->len < 300 ? p->len : 300;
        char *qref = anq_json_quote(p->data, qlen);
        assert_non_null(qref);
        for (long n = 0; n <= 2; n++) {
            long live0 = anq_live;
            anq__alloc_fail_after(n);
            char *s = anq_json_quote(p->data, qlen);
            anq__alloc_fail_after(-1);
            if (s)
                assert_string_equal(s, qref);
            anq_free(s);
            assert_int_equal(anq_live, live0);
        }
        anq_free(qref);
        anq_question_free(q);
    }
    assert_true(records >= 1);
}

/* Pages are parsed by anq's own builders (lib/htmlparse.c, lib/xmlparse.c):
 * not one libxml2 allocation for any page. */
static void test_pages_without_libxml2(void **state)
{
    (void)state;
    for (size_t i = 0; i < pages.count; i++) {
        const fx_page *p = &pages.pages[i];
        xml_arm(-1);
        anq_question *q = anq_parse(p->data, p->len, 0, NULL);
        anq_question_free(q);
        if (xml_count != 0)
            fail_msg("%s: %ld libxml2 allocation(s)", p->path, xml_count);
    }
}

/* The open-data reader is what still runs libxml2 (its push parser): a bulk
 * file of three questions read with each libxml2 allocation failing in
 * turn. Every question returned is the normal one, every error is
 * ANQ_ERR_NOMEM, the reader ends, and nothing leaks. */
#define OOM_Q(uid, num) \
    "<question><uid>" uid "</uid><identifiant><numero>" num "</numero>" \
    "<legislature>14</legislature></identifiant><type>QE</type>" \
    "<textesQuestion><texteQuestion><infoJO><dateJO>2015-08-25</dateJO></infoJO>" \
    "<texte>Texte &amp; suite.</texte></texteQuestion></textesQuestion></question>\n"
static const char bulk_doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<questionsEcrites>\n"
    OOM_Q("QANR5L14QE1", "1") OOM_Q("QANR5L14QE2", "2") OOM_Q("QANR5L14QE3", "3")
    "</questionsEcrites>\n";

/* Reads the whole bulk document; the JSON of each record at its index
 * (1..3) goes to json[]; returns the number of events, codes in codes[]. */
static int read_bulk(char *json[4], int codes[16])
{
    anq_error err;
    int n = 0;
    anq_reader *r = anq_reader_open_memory(bulk_doc, sizeof bulk_doc - 1, 0, &err);
    if (!r) {
        codes[n++] = -err.code;
        return n;
    }
    for (int guard = 0; guard < 16; guard++) {
        anq_question *q = NULL;
        int rc = anq_reader_next(r, &q, &err);
        codes[n++] = rc;
        if (rc == 1) {
            size_t ix = anq_reader_index(r);
            char *j = anq_question_to_json(q, ANQ_JSON_DEFAULT);
            anq_question_free(q);
            if (ix >= 1 && ix <= 3 && !json[ix])
                json[ix] = j;
            else
                anq_free(j);
        } else if (rc == 0 || n == 16) {
            break;
        }
    }
    anq_reader_close(r);
    return n;
}

static void test_reader_libxml2_allocations(void **state)
{
    (void)state;
    char *ref[4] = {0};
    int codes[16];
    xml_arm(-1);
    long serial0 = xml_serial;
    int n = read_bulk(ref, codes);
    long total = xml_count;
    assert_int_equal(n, 4);
    assert_true(ref[1] && ref[2] && ref[3]);
    assert_int_equal(xml_leaked_since(serial0, 1), 0);
    assert_true(total > 0);
    long injected = 0, nomem = 0;
    for (long k = 0; k <= total; k++) {
        long live0 = anq_live;
        serial0 = xml_serial;
        char *got[4] = {0};
        xml_arm(k);
        n = read_bulk(got, codes);
        long failed = xml_failed;
        xml_fail_at = -1;
        injected += failed;
        for (int i = 0; i < n; i++) {
            if (codes[i] < 0 && codes[i] != -ANQ_ERR_NOMEM)
                fail_msg("reader, libxml2 allocation %ld of %ld failed (under %s): error %d",
                         k, total, xml_fail_where, -codes[i]);
            nomem += codes[i] == -ANQ_ERR_NOMEM;
        }
        if (!failed)
            assert_int_equal(n, 4);
        for (int i = 1; i <= 3; i++) {
            if (got[i] && strcmp(got[i], ref[i]) != 0)
                fail_msg("reader, libxml2 allocation %ld failed: question %d differs", k, i);
            anq_free(got[i]);
        }
        if (anq_live != live0)
            fail_msg("reader: %ld block(s) of anq leaked (libxml2 failure at %ld)",
                     anq_live - live0, k);
        long leaked = xml_leaked_since(serial0, 1);
        if (leaked && (!failed || !leak_is_libxml2s() || leaked > LIBXML2_OWN_LEAK_MAX))
            fail_msg("reader: %ld libxml2 block(s) leaked (failure at %ld, under %s)", leaked,
                     k, xml_fail_where);
    }
    for (int i = 1; i <= 3; i++)
        anq_free(ref[i]);
    print_message("# reader under libxml2 allocation failures: %ld positions, %ld injected, "
                  "%ld NOMEM reported\n", total + 1, injected, nomem);
    assert_true(injected > 0);
    assert_true(nomem > 0);
}

/* The XML parser (lib/xmlparse.c, for the XML layouts), on its own: a
 * document in the shape of the Assemblée's XML export, written for this
 * test. It makes no libxml2 allocation; under each failure of anq's own
 * allocations: ANQ_ERR_NOMEM, or a tree whose text is the normal one, and
 * nothing leaked. */
static const char xml_doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<QUESTION TYPE=\"QE\"><LEGISLATURE>14</LEGISLATURE>"
    "<DEPOT NUMERO=\"47351\"><DATE_JO>07/01/2014</DATE_JO><PAGE_JO>18</PAGE_JO></DEPOT>"
    "<AUTEUR><CIVILITE>M.</CIVILITE><NOM>Martin</NOM><PRENOM>Jean</PRENOM></AUTEUR>"
    "<INDEXATION_AN RUBRIQUE=\"d\xc3\xa9" "fense\"><TETE_ANALYSE>\xc3\xa9quipements</TETE_ANALYSE>"
    "<ANALYSE><ANA>mat\xc3\xa9riels</ANA><ANA>bilan</ANA></ANALYSE></INDEXATION_AN>"
    "<DEPOT><TEXTE_DEPOT><![CDATA[<p>M. Jean Martin interroge le ministre.</p>]]></TEXTE_DEPOT></DEPOT>"
    "<REPONSE><TEXTE_REPONSE><![CDATA[<p>R\xc3\xa9ponse &amp; tableau</p>]]></TEXTE_REPONSE>"
    "<DATE_JO_REPONSE>13/05/2014</DATE_JO_REPONSE></REPONSE></QUESTION>\n";

static char *tree_text(anq_doc *d)
{
    anq_buf b = ANQ_BUF_INIT;
    anq__node_text(anq__doc_root(d), &b);
    anq_node *root = anq__doc_root(d);
    for (anq_node *n = root; n; n = anq__node_walk(root, n))
        if (anq__node_type(n) == ANQ_NODE_ELEMENT) {
            anq__buf_adds(&b, "|");
            anq__buf_adds(&b, anq__node_name(n));
        }
    assert_false(b.oom);
    return b.data;
}

static void test_xml_parser_allocations(void **state)
{
    (void)state;
    anq_doc *d = NULL;
    xml_arm(-1);
    anq__alloc_fail_after(-1);
    assert_int_equal(anq__doc_parse(xml_doc, sizeof xml_doc - 1, 1, &d), ANQ_OK);
    long total = anq__alloc_count();
    assert_int_equal(xml_count, 0);
    char *ref = tree_text(d);
    anq__doc_free(d);
    assert_true(total > 0);
    long nomem = 0, same = 0;
    for (long n = 0; n <= total; n++) {
        long live0 = anq_live;
        anq__alloc_fail_after(n);
        int rc = anq__doc_parse(xml_doc, sizeof xml_doc - 1, 1, &d);
        anq__alloc_fail_after(-1);
        if (rc == ANQ_OK) {
            char *t = tree_text(d);
            if (strcmp(t, ref) != 0)
                fail_msg("XML, anq allocation %ld of %ld failed: a different tree", n, total);
            anq__free(t);
            anq__doc_free(d);
            same++;
        } else {
            if (rc != ANQ_ERR_NOMEM)
                fail_msg("XML, anq allocation %ld of %ld failed: code %d", n, total, rc);
            assert_null(d);
            nomem++;
        }
        /* every allocation succeeds from `total` on */
        if (n == total)
            assert_int_equal(rc, ANQ_OK);
        assert_int_equal(anq_live, live0);
    }
    print_message("# XML: %ld allocations: %ld NOMEM, %ld normal tree\n", total, nomem, same);
    anq__free(ref);
}

/* A finished record gives back its blocks' unused room; should the C
 * library move a block while shrinking it, every field follows. The seam
 * makes each shrink a move: every page must give the same JSON (a field
 * left in a freed block reads garbage, and ASan reports the read) and no
 * block may leak. test_record.c checks pointer by pointer that the fields
 * moved. */
static void test_record_moved(void **state)
{
    (void)state;
    size_t with_question = 0;
    for (size_t i = 0; i < pages.count; i++) {
        const fx_page *p = &pages.pages[i];
        long before = anq_live;
        int ref_code;
        char *ref = reference(p, ANQ_PARSE_DEFAULT, &ref_code);
        anq__alloc_set_moving(1);
        anq_error err;
        anq_question *q = anq_parse(p->data, p->len, ANQ_PARSE_DEFAULT, &err);
        anq__alloc_set_moving(0);
        assert_int_equal(err.code, ref_code);
        if (!q) {
            assert_null(ref);
            continue;
        }
        char *json = anq_question_to_json(q, ANQ_JSON_DEFAULT);
        assert_non_null(json);
        if (strcmp(json, ref) != 0)
            fail_msg("%s: the record differs once its blocks moved", p->path);
        with_question += q->question != NULL;
        anq_free(json);
        anq_question_free(q);
        anq_free(ref);
        assert_int_equal(anq_live, before);
    }
    assert_true(with_question > 0);
}

int main(void)
{
    /* Before libxml2 initialises (anq_init() calls xmlInitParser()). */
    if (xmlMemSetup(xml_free, xml_malloc, xml_realloc, xml_strdup) != 0) {
        fprintf(stderr, "xmlMemSetup failed\n");
        return 1;
    }
    anq_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_after_failure),
        cmocka_unit_test(test_anq_allocations),
        cmocka_unit_test(test_json_allocations),
        cmocka_unit_test(test_pages_without_libxml2),
        cmocka_unit_test(test_reader_libxml2_allocations),
        cmocka_unit_test(test_xml_parser_allocations),
        cmocka_unit_test(test_record_moved),
    };
    return cmocka_run_group_tests_name("oom", tests, group_setup, group_teardown);
}
