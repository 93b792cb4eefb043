/* SPDX-License-Identifier: MIT */
/* The streaming reader of the open-data XML (formats.md D): libxml2's push
 * parser is fed 64 KiB at a time; SAX hooks around libxml2's own tree
 * builder keep only the `question` elements (and the bare elements above
 * them), and hand each finished question to the an_opendata extractor.
 * This room and html.c are the only ones that talk to libxml2. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "alloc.h"
#include "anq.h"
#include "formats/an_opendata.h"
#include "html_guard.h"
#include "record.h"

#define CHUNK ((size_t)64 * 1024)
#define MSG_MAX 160

/* One finished question waiting for anq_reader_next(), or its error. */
typedef struct pending {
    xmlNodePtr node;    /* unlinked question tree; NULL for an error */
    uint32_t index;
    uint32_t line;
    uint64_t offset;
    int code;           /* ANQ_OK, or the question's error */
    int truncated;      /* the input ended inside it */
    char *msg;          /* the error's message (anq__malloc), or NULL */
} pending;

struct anq_reader {
    xmlParserCtxtPtr ctxt;
    unsigned flags;

    /* input */
    const char *mem;
    size_t mem_len, mem_pos;
    FILE *file;
    anq_read_fn read;
    void *read_ctx;
    char *buf;
    uint64_t bytes_read, input_size;
    int nonblank;       /* a byte other than blanks was seen */
    int input_done;     /* the end was handed to libxml2 */

    /* where the parser is */
    size_t depth;       /* open elements (1 = inside the root) */
    size_t q_depth;     /* depth of the open question, 0 = none */
    xmlNodePtr q_node;
    uint64_t q_start;   /* bytes_read when it started (size cap) */
    uint32_t q_line;
    uint64_t q_offset;
    int q_code;         /* its first XML error, or ANQ_OK */
    uint32_t q_err_line;
    uint64_t q_err_offset;
    char q_msg[MSG_MAX];
    int root_seen, root_done, root_is_question;
    char root_name[64];
    int terminating;
    size_t count;       /* questions started */
    size_t last_index;  /* last returned or reported */

    /* an error that ends the stream */
    int broken;
    int fatal_code;
    uint32_t fatal_index, fatal_line;
    uint64_t fatal_offset;
    char fatal_msg[MSG_MAX];
    int fatal_reported;
    char first_msg[MSG_MAX]; /* libxml2's first error, for "not XML" */

    pending *queue;
    size_t qhead, qlen, qcap;
    int oom;
};


/* ------------------------------------------------------------------ */
/* Errors                                                                */

static void set_err(anq_error *err, int code, uint32_t index, uint32_t line, uint64_t offset,
                    const char *field, const char *msg)
{
    memset(err, 0, sizeof *err);
    err->code = code;
    err->index = index;
    err->line = line;
    err->offset = offset;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    snprintf(err->message, sizeof err->message, "%s", msg && *msg ? msg : anq_strerror(code));
}

static uint32_t clamp32(size_t v)
{
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* libxml2's message without its trailing newline and spaces. */
static void copy_msg(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
    size_t n = strlen(dst);
    while (n && (dst[n - 1] == '\n' || dst[n - 1] == ' ' || dst[n - 1] == '\r'))
        dst[--n] = '\0';
}

/* The error that ends the stream (the first one wins). */
static void fail_stream(anq_reader *r, int code, uint32_t index, uint32_t line, uint64_t offset,
                        const char *msg)
{
    if (r->broken)
        return;
    r->broken = 1;
    r->fatal_code = code;
    r->fatal_index = index;
    r->fatal_line = line;
    r->fatal_offset = offset;
    copy_msg(r->fatal_msg, sizeof r->fatal_msg, msg ? msg : anq_strerror(code));
}

/* The parser's byte offset in the input, when it is cheap and exact: UTF-8
 * input without a converter. 0 otherwise. */
static uint64_t parser_offset(xmlParserCtxtPtr c, int even_if_costly)
{
    if (!c->input || !c->input->buf)
        return 0;
    if (c->input->buf->encoder && !even_if_costly)
        return 0;
    long v = xmlByteConsumed(c);
    return v > 0 ? (uint64_t)v : 0;
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr c = ctx;
    anq_reader *r = c ? c->_private : NULL;
    /* libxml2's tree builder reports memory (and the text node cap) at
     * level "error": the parser has stopped */
    if (!r || !e || r->broken || (e->level < XML_ERR_FATAL && e->code != XML_ERR_NO_MEMORY))
        return;
    char msg[MSG_MAX];
    copy_msg(msg, sizeof msg, e->message);
    if (!r->first_msg[0])
        snprintf(r->first_msg, sizeof r->first_msg, "%s", msg);
    uint32_t line = e->line > 0 ? (uint32_t)e->line : 0;
    uint32_t qi = r->q_depth ? clamp32(r->count) : 0;
    if (e->code == XML_ERR_NO_MEMORY) {
        int huge = e->message && strstr(e->message, "huge");
        fail_stream(r, huge ? ANQ_ERR_TOO_LARGE : ANQ_ERR_NOMEM, qi, line,
                    parser_offset(c, 1), huge ? msg : NULL);
        return;
    }
    if (e->code == XML_ERR_INTERNAL_ERROR && e->message && strstr(e->message, "depth")) {
        fail_stream(r, ANQ_ERR_TOO_DEEP, qi, line, parser_offset(c, 1), msg);
        return;
    }
    if (e->code == XML_ERR_INVALID_ENCODING || e->code == XML_ERR_UNSUPPORTED_ENCODING ||
        (e->message && strstr(e->message, "not proper UTF-8"))) {
        /* libxml2 2.9 would go on reading the rest as Latin-1: stop here */
        fail_stream(r, ANQ_ERR_ENCODING, qi, line, parser_offset(c, 1), msg);
        return;
    }
    if (r->terminating)
        return; /* the end of the input: told from the state afterwards */
    if (!r->root_seen) {
        fail_stream(r, ANQ_ERR_PARSE, 0, line, parser_offset(c, 1), msg);
        return;
    }
    if (r->q_depth) {
        if (r->q_code == ANQ_OK) {
            r->q_code = ANQ_ERR_PARSE;
            r->q_err_line = line;
            r->q_err_offset = parser_offset(c, 1);
            snprintf(r->q_msg, sizeof r->q_msg, "%s", msg);
        }
        return;
    }
    /* outside the questions: the structure of the stream is lost */
    fail_stream(r, ANQ_ERR_PARSE, 0, line, parser_offset(c, 1), msg);
}

/* ------------------------------------------------------------------ */
/* The queue                                                             */

static int push(anq_reader *r, const pending *p)
{
    if (r->qlen == r->qcap) {
        size_t cap = r->qcap ? r->qcap * 2 : 16;
        pending *nq = anq__malloc(cap * sizeof *nq);
        if (!nq)
            return -1;
        for (size_t i = 0; i < r->qlen; i++)
            nq[i] = r->queue[(r->qhead + i) % r->qcap];
        anq__free(r->queue);
        r->queue = nq;
        r->qcap = cap;
        r->qhead = 0;
    }
    r->queue[(r->qhead + r->qlen) % r->qcap] = *p;
    r->qlen++;
    return 0;
}

static void pending_free(pending *p)
{
    if (p->node)
        xmlFreeNode(p->node);
    anq__free(p->msg);
    p->node = NULL;
    p->msg = NULL;
}

/* Queue the open question (finished, or cut by the end of the input). */
static void queue_question(anq_reader *r, int truncated)
{
    pending p;
    memset(&p, 0, sizeof p);
    p.index = clamp32(r->count);
    p.truncated = truncated;
    p.code = r->q_code;
    if (p.code != ANQ_OK) {
        p.line = r->q_err_line;
        p.offset = r->q_err_offset;
        size_t n = strlen(r->q_msg);
        p.msg = anq__malloc(n + 1);
        if (p.msg)
            memcpy(p.msg, r->q_msg, n + 1);
    } else {
        p.line = r->q_line;
        p.offset = r->q_offset;
    }
    xmlNodePtr q = r->q_node;
    if (q)
        xmlUnlinkNode(q);
    if (p.code == ANQ_OK)
        p.node = q;
    else if (q)
        xmlFreeNode(q);
    r->q_node = NULL;
    r->q_depth = 0;
    if ((p.code != ANQ_OK && !p.msg) || push(r, &p) != 0) {
        r->oom = 1;
        pending_free(&p);
    }
}

/* ------------------------------------------------------------------ */
/* SAX hooks                                                             */

static anq_reader *reader_of(void *ctx)
{
    xmlParserCtxtPtr c = ctx;
    anq_reader *r = c->_private;
    return r->broken || r->oom ? NULL : r;
}

static void too_large_check(anq_reader *r)
{
    if (r->q_depth && r->bytes_read - r->q_start > (uint64_t)ANQ_MAX_INPUT + CHUNK)
        fail_stream(r, ANQ_ERR_TOO_LARGE, clamp32(r->count), r->q_line, r->q_offset,
                    "a question is larger than ANQ_MAX_INPUT (64 MiB)");
}

/* Line and offset of the start tag that the parser has just read: its '<'
 * is the last one before the parser's position. */
static void start_tag_position(xmlParserCtxtPtr c, uint32_t *line, uint64_t *offset)
{
    int l = c->input ? c->input->line : 0;
    uint64_t off = parser_offset(c, 0);
    if (c->input && c->input->cur && c->input->base) {
        const xmlChar *p = c->input->cur;
        while (p > c->input->base && *p != '<')
            p--;
        if (*p == '<') {
            for (const xmlChar *s = p; s < c->input->cur; s++)
                if (*s == '\n')
                    l--;
            if (off)
                off -= (uint64_t)(c->input->cur - p);
        }
    }
    *line = l > 0 ? (uint32_t)l : 0;
    *offset = off;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr c = ctx;
    anq_reader *r = reader_of(ctx);
    if (!r)
        return;
    r->depth++;
    int is_question = strcmp((const char *)localname, "question") == 0;
    if (r->depth == 1) {
        r->root_seen = 1;
        r->root_is_question = is_question;
        snprintf(r->root_name, sizeof r->root_name, "%s", (const char *)localname);
    }
    int starts = 0;
    if (is_question) {
        if (!r->q_depth) {
            starts = 1;
        } else if (r->q_code == ANQ_OK) {
            /* the open question's end tag is missing */
            r->q_code = ANQ_ERR_PARSE;
            start_tag_position(c, &r->q_err_line, &r->q_err_offset);
            snprintf(r->q_msg, sizeof r->q_msg,
                     "a question element inside question %zu (its end tag is missing?)",
                     r->count);
        }
    }
    if (starts) {
        r->count++;
        r->q_depth = r->depth;
        r->q_start = r->bytes_read;
        r->q_code = ANQ_OK;
        r->q_msg[0] = '\0';
        start_tag_position(c, &r->q_line, &r->q_offset);
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, URI, nb_namespaces, namespaces,
                          nb_attributes, nb_defaulted, attributes);
    if (starts)
        r->q_node = c->node;
    too_large_check(r);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *URI)
{
    xmlParserCtxtPtr c = ctx;
    anq_reader *r = reader_of(ctx);
    if (!r)
        return;
    xmlNodePtr cur = c->node;
    size_t d = r->depth;
    xmlSAX2EndElementNs(ctx, localname, prefix, URI);
    if (r->depth)
        r->depth--;
    if (d == 1) {
        r->root_done = 1;
        if (r->q_depth == 1)
            queue_question(r, 0);
        return;
    }
    if (r->q_depth == d) {
        if (r->q_code != ANQ_OK)
            /* libxml2 2.9 drops every entity reference (even &lt;) once the
             * document is not well-formed: the damage stays in this question */
            c->wellFormed = 1;
        queue_question(r, 0);
    } else if (!r->q_depth && cur) {
        /* an element around or between the questions: not kept */
        xmlUnlinkNode(cur);
        xmlFreeNode(cur);
    }
}

/* Text, CDATA, comments, entity references: only inside a question. */
static void on_characters(void *ctx, const xmlChar *ch, int len)
{
    anq_reader *r = reader_of(ctx);
    if (!r || !r->q_depth)
        return;
    xmlSAX2Characters(ctx, ch, len);
    too_large_check(r);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
    anq_reader *r = reader_of(ctx);
    if (!r || !r->q_depth)
        return;
    xmlSAX2CDataBlock(ctx, ch, len);
    too_large_check(r);
}

static void on_comment(void *ctx, const xmlChar *value)
{
    anq_reader *r = reader_of(ctx);
    if (r && r->q_depth)
        xmlSAX2Comment(ctx, value);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    anq_reader *r = reader_of(ctx);
    if (r && r->q_depth)
        xmlSAX2ProcessingInstruction(ctx, target, data);
}

static void on_reference(void *ctx, const xmlChar *name)
{
    anq_reader *r = reader_of(ctx);
    if (r && r->q_depth)
        xmlSAX2Reference(ctx, name);
}

/* ------------------------------------------------------------------ */
/* Opening and closing                                                   */

#define READER_OPTIONS (XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
                        XML_PARSE_NONET | XML_PARSE_COMPACT)

static anq_reader *reader_new(unsigned flags, anq_error *err)
{
    if (flags & ~(ANQ_PARSE_ALL_FLAGS)) {
        set_err(err, ANQ_ERR_INVALID_ARG, 0, 0, 0, NULL, "unknown flag bits");
        return NULL;
    }
    int f = (int)ANQ_PARSE_FORMAT(flags);
    if (f != 0 && f != ANQ_FORMAT_AN_OPENDATA) {
        set_err(err, ANQ_ERR_INVALID_ARG, 0, 0, 0, "format",
                "the reader reads the an_opendata format only");
        return NULL;
    }
    anq_init();
    anq_reader *r = anq__calloc(1, sizeof *r);
    if (!r) {
        set_err(err, ANQ_ERR_NOMEM, 0, 0, 0, NULL, NULL);
        return NULL;
    }
    r->flags = flags;

    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    xmlSAXVersion(&sax, 2);
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_characters;
    sax.ignorableWhitespace = on_characters;
    sax.cdataBlock = on_cdata;
    sax.comment = on_comment;
    sax.processingInstruction = on_pi;
    sax.reference = on_reference;
    sax.serror = on_error;
    sax.warning = NULL;
    sax.error = NULL;
    sax.fatalError = NULL;

    anq_xml_guard guard;
    anq__xml_guard_enter(&guard, NULL);
    r->ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL);
    if (r->ctxt) {
        r->ctxt->_private = r;
        xmlCtxtUseOptions(r->ctxt, READER_OPTIONS);
    }
    anq__xml_guard_leave(&guard);
    if (!r->ctxt) {
        anq__free(r);
        set_err(err, ANQ_ERR_NOMEM, 0, 0, 0, NULL, NULL);
        return NULL;
    }
    return r;
}

anq_reader *anq_reader_open_memory(const char *data, size_t len, unsigned flags, anq_error *err)
{
    anq_error local;
    if (!err)
        err = &local;
    memset(err, 0, sizeof *err);
    if (!data && len) {
        set_err(err, ANQ_ERR_INVALID_ARG, 0, 0, 0, NULL, "data is NULL but len is not 0");
        return NULL;
    }
    anq_reader *r = reader_new(flags, err);
    if (!r)
        return NULL;
    r->mem = data ? data : "";
    r->mem_len = len;
    r->input_size = len;
    return r;
}

anq_reader *anq_reader_open_io(anq_read_fn read, void *ctx, unsigned flags, anq_error *err)
{
    anq_error local;
    if (!err)
        err = &local;
    memset(err, 0, sizeof *err);
    if (!read) {
        set_err(err, ANQ_ERR_INVALID_ARG, 0, 0, 0, NULL, "read is NULL");
        return NULL;
    }
    anq_reader *r = reader_new(flags, err);
    if (!r)
        return NULL;
    r->buf = anq__malloc(CHUNK);
    if (!r->buf) {
        anq_reader_close(r);
        set_err(err, ANQ_ERR_NOMEM, 0, 0, 0, NULL, NULL);
        return NULL;
    }
    r->read = read;
    r->read_ctx = ctx;
    return r;
}

static int file_read(void *ctx, char *buf, size_t cap, size_t *got)
{
    FILE *f = ctx;
    *got = fread(buf, 1, cap, f);
    return *got == 0 && ferror(f) ? -1 : 0;
}

anq_reader *anq_reader_open_file(const char *path, unsigned flags, anq_error *err)
{
    anq_error local;
    if (!err)
        err = &local;
    memset(err, 0, sizeof *err);
    if (!path) {
        set_err(err, ANQ_ERR_INVALID_ARG, 0, 0, 0, NULL, "path is NULL");
        return NULL;
    }
    if (flags & ~(ANQ_PARSE_ALL_FLAGS)) {
        set_err(err, ANQ_ERR_INVALID_ARG, 0, 0, 0, NULL, "unknown flag bits");
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_err(err, ANQ_ERR_IO, 0, 0, 0, NULL, strerror(errno));
        return NULL;
    }
    struct stat st;
    uint64_t size = 0;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fclose(f);
            set_err(err, ANQ_ERR_IO, 0, 0, 0, NULL, "is a folder");
            return NULL;
        }
        if (S_ISREG(st.st_mode) && st.st_size > 0)
            size = (uint64_t)st.st_size;
    }
    anq_reader *r = anq_reader_open_io(file_read, f, flags, err);
    if (!r) {
        fclose(f);
        return NULL;
    }
    r->file = f;
    r->input_size = size;
    return r;
}

void anq_reader_close(anq_reader *r)
{
    if (!r)
        return;
    anq_xml_guard guard;
    anq__xml_guard_enter(&guard, NULL);
    for (size_t i = 0; i < r->qlen; i++)
        pending_free(&r->queue[(r->qhead + i) % r->qcap]);
    anq__free(r->queue);
    if (r->ctxt) {
        if (r->ctxt->myDoc)
            xmlFreeDoc(r->ctxt->myDoc);
        r->ctxt->myDoc = NULL;
        xmlFreeParserCtxt(r->ctxt);
    }
    anq__xml_guard_leave(&guard);
    if (r->file)
        fclose(r->file);
    anq__free(r->buf);
    anq__free(r);
}

uint64_t anq_reader_bytes_read(const anq_reader *r)
{
    return r ? r->bytes_read : 0;
}

uint64_t anq_reader_input_size(const anq_reader *r)
{
    return r ? r->input_size : 0;
}

size_t anq_reader_index(const anq_reader *r)
{
    return r ? r->last_index : 0;
}

/* ------------------------------------------------------------------ */
/* Reading                                                               */

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Once the end of the input was handed to libxml2: what it means. */
static void at_end(anq_reader *r)
{
    if (r->broken)
        return;
    if (!r->nonblank) {
        fail_stream(r, ANQ_ERR_EMPTY, 0, 0, 0, NULL);
        return;
    }
    if (!r->root_seen) {
        char msg[MSG_MAX + 16];
        snprintf(msg, sizeof msg, "not XML: %s", r->first_msg[0] ? r->first_msg : "no element");
        fail_stream(r, ANQ_ERR_PARSE, 0, 0, 0, msg);
        return;
    }
    xmlParserCtxtPtr c = r->ctxt;
    uint32_t line = c->input && c->input->line > 0 ? (uint32_t)c->input->line : 0;
    if (r->q_depth) {
        /* cut inside a question: what was read of it, with a warning */
        queue_question(r, 1);
    }
    if (!r->root_done) {
        if (!r->root_is_question) {
            char msg[MSG_MAX];
            snprintf(msg, sizeof msg, "the input ends before the end of element %s",
                     r->root_name);
            fail_stream(r, ANQ_ERR_PARSE, 0, line, r->bytes_read, msg);
        }
        return;
    }
    if (r->count == 0)
        fail_stream(r, ANQ_ERR_NOT_A_QUESTION, 0, 0, 0,
                    "no question element in the input");
}

/* Hand the next chunk of input to libxml2. */
static void feed(anq_reader *r)
{
    const char *p = NULL;
    size_t n = 0;
    if (r->mem) {
        n = r->mem_len - r->mem_pos;
        if (n > CHUNK)
            n = CHUNK;
        p = r->mem + r->mem_pos;
        r->mem_pos += n;
    } else {
        if (r->read(r->read_ctx, r->buf, CHUNK, &n) != 0) {
            fail_stream(r, ANQ_ERR_IO, r->q_depth ? clamp32(r->count) : 0, 0, r->bytes_read,
                        r->file ? "the file could not be read" : "the input could not be read");
            return;
        }
        if (n > CHUNK)
            n = CHUNK;
        p = r->buf;
    }
    if (n == 0) {
        r->terminating = 1;
        xmlParseChunk(r->ctxt, NULL, 0, 1);
        r->input_done = 1;
        at_end(r);
        return;
    }
    for (size_t i = 0; i < n && !r->nonblank; i++)
        if (!blank(p[i]) && p[i] != 0)
            r->nonblank = 1;
    r->bytes_read += n;
    xmlParseChunk(r->ctxt, p, (int)n, 0);
    if (!r->broken && r->ctxt->instate == XML_PARSER_EOF) {
        /* libxml2 stopped by itself */
        fail_stream(r, ANQ_ERR_PARSE, r->q_depth ? clamp32(r->count) : 0,
                    r->ctxt->input && r->ctxt->input->line > 0 ? (uint32_t)r->ctxt->input->line : 0,
                    0, r->first_msg[0] ? r->first_msg : "the XML parser stopped");
    }
}

static int build(anq_reader *r, pending *p, anq_question **out, anq_error *err)
{
    anq_rec *rec = anq__rec_new();
    if (!rec) {
        set_err(err, ANQ_ERR_NOMEM, p->index, p->line, p->offset, NULL, NULL);
        return ANQ_ERR_NOMEM;
    }
    anq_ctx ctx;
    ctx.src = "";
    ctx.len = 0;
    ctx.rec = rec;
    ctx.flags = r->flags;
    ctx.want_html = !(r->flags & ANQ_PARSE_NO_HTML);
    ctx.err = err;
    /* the extractor reads anq's own tree: a copy of the question's */
    anq_doc *doc = NULL;
    int rc = anq__doc_copy_xml_node(p->node, 1, &doc);
    if (rc == ANQ_OK)
        rc = anq__opendata_extract_node(&ctx, anq__doc_root(doc));
    else
        rc = anq__fail(&ctx, rc, NULL, NULL);
    anq__doc_free(doc);
    if (rc == ANQ_OK && rec->oom)
        rc = ANQ_ERR_NOMEM;
    if (rc == ANQ_OK && rec->q.number <= 0)
        rc = anq__fail(&ctx, ANQ_ERR_NO_NUMBER, "number", "the question number was not found");
    if (rc == ANQ_OK && p->truncated) {
        anq__rec_warn(rec, "input_truncated");
        if (rec->q.status == ANQ_STATUS_OPEN)
            rec->q.status = ANQ_STATUS_UNKNOWN;
    }
    if (rc == ANQ_OK) {
        anq__rec_finish(rec);
        if (rec->oom)
            rc = ANQ_ERR_NOMEM;
    }
    if (rc != ANQ_OK) {
        char field[sizeof err->field], msg[sizeof err->message];
        snprintf(field, sizeof field, "%s", err->code == rc ? err->field : "");
        snprintf(msg, sizeof msg, "%s", err->code == rc ? err->message : "");
        set_err(err, rc, p->index, p->line, p->offset, field, msg);
        anq__rec_free(rec);
        return rc;
    }
    *out = &rec->q;
    return ANQ_OK;
}

int anq_reader_next(anq_reader *r, anq_question **out, anq_error *err)
{
    anq_error local;
    if (!err)
        err = &local;
    memset(err, 0, sizeof *err);
    if (out)
        *out = NULL;
    if (!r || !out) {
        set_err(err, ANQ_ERR_INVALID_ARG, 0, 0, 0, NULL,
                !r ? "the reader is NULL" : "out is NULL");
        return -ANQ_ERR_INVALID_ARG;
    }
    anq_xml_guard guard;
    anq__xml_guard_enter(&guard, NULL);
    while (r->qlen == 0 && !r->broken && !r->input_done) {
        feed(r);
        if (r->oom)
            fail_stream(r, ANQ_ERR_NOMEM, 0, 0, r->bytes_read, NULL);
    }
    int rc;
    if (r->qlen) {
        pending p = r->queue[r->qhead];
        r->qhead = (r->qhead + 1) % r->qcap;
        r->qlen--;
        r->last_index = p.index;
        if (p.code != ANQ_OK) {
            set_err(err, p.code, p.index, p.line, p.offset, NULL, p.msg);
            rc = -p.code;
        } else {
            rc = build(r, &p, out, err);
            rc = rc == ANQ_OK ? 1 : -rc;
        }
        pending_free(&p);
    } else if (r->broken && !r->fatal_reported) {
        r->fatal_reported = 1;
        if (r->fatal_index)
            r->last_index = r->fatal_index;
        set_err(err, r->fatal_code, r->fatal_index, r->fatal_line, r->fatal_offset, NULL,
                r->fatal_msg);
        rc = -r->fatal_code;
    } else {
        rc = 0;
    }
    anq__xml_guard_leave(&guard);
    return rc;
}
