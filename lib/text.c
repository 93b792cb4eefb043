/* SPDX-License-Identifier: MIT */
#include "text.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

#include "anq.h"
#include "scan.h"

/* Pending separators, weakest first: the strongest one asked for between
 * two pieces of text wins; nothing is emitted at the start or the end. */
enum { SEP_NONE, SEP_SPACE, SEP_TAB, SEP_LINE, SEP_PARA };

typedef struct render {
    anq_buf text;
    anq_buf html;
    int want_html;
    int sep;
    int cells;      /* cells seen in the current table row */
    int in_cell;    /* depth of td/th */
    anq_skip_fn skip;
    void *ud;
} render;

static int name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return 1;
    return 0;
}

static const char *const block_tags[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
    "blockquote", "center", "section", "article", "header", "footer", "pre",
    "address", "dl", "dt", "dd", "hr", "fieldset", "nav", "aside", "figure",
    "main", "caption", NULL};

/* Left out entirely, subtree included. */
static const char *const dropped_tags[] = {
    "script", "style", "noscript", "head", "title", "template", "iframe",
    "object", "embed", "form", "input", "button", "select", "textarea",
    "link", "meta", "img", "svg", "math", "frame", "frameset", "applet", NULL};

/* Kept in the sanitised HTML. */
static const char *const kept_tags[] = {
    "p", "br", "b", "strong", "i", "em", "u", "s", "sup", "sub", "span", "a",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "col",
    "colgroup", "ul", "ol", "li", "div", "center", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "pre", "hr", "small", "big", "dl", "dt", "dd",
    "abbr", "cite", "q", "code", NULL};

static const char *const void_tags[] = {"br", "hr", "col", NULL};

static const char *const kept_attrs[] = {
    "href", "name", "colspan", "rowspan", "align", "valign", "border",
    "width", "cellpadding", "cellspacing", "title", NULL};

void anq__html_escape(anq_buf *b, const char *s, size_t len, int attr)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        default: break;
        }
        if (!rep)
            continue;
        anq__buf_add(b, s + start, i - start);
        anq__buf_adds(b, rep);
        start = i + 1;
    }
    anq__buf_add(b, s + start, len - start);
}

static void want_sep(render *rd, int sep)
{
    if (sep > rd->sep)
        rd->sep = sep;
}

static int is_ws_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void put_text(render *rd, const char *s, size_t len)
{
    /* The text grows by at most len bytes plus one separator of 2: inside
     * this call separators come from whitespace runs (one space for at
     * least one byte); only the pending one from before may be "\n\n". */
    if (!anq__buf_reserve(&rd->text, len + 2))
        return;
    char *o = rd->text.data + rd->text.len;
    const char *p = s, *end = s + len;
    while (p < end) {
        if (is_ws_byte((unsigned char)*p)) {
            want_sep(rd, SEP_SPACE);
            p++;
            continue;
        }
        if (o != rd->text.data) {
            switch (rd->sep) {
            case SEP_SPACE: *o++ = ' '; break;
            case SEP_TAB: *o++ = '\t'; break;
            case SEP_LINE: *o++ = '\n'; break;
            case SEP_PARA: *o++ = '\n'; *o++ = '\n'; break;
            default: break;
            }
        }
        rd->sep = SEP_NONE;
        while (p < end && !is_ws_byte((unsigned char)*p))
            *o++ = *p++;
    }
    rd->text.len = (size_t)(o - rd->text.data);
    rd->text.data[rd->text.len] = '\0';
}

static int safe_href(const char *v, size_t len)
{
    size_t i = 0;
    while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r'))
        i++;
    char scheme[12];
    size_t k = 0;
    for (; i < len && v[i] != ':' && k < sizeof scheme - 1; i++, k++) {
        char c = v[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        scheme[k] = c;
    }
    scheme[k] = '\0';
    if (i >= len || v[i] != ':')
        return 1;
    return strcmp(scheme, "javascript") != 0 && strcmp(scheme, "vbscript") != 0 &&
           strcmp(scheme, "data") != 0;
}

/* One attribute as the renderer sees it (value already decoded). */
typedef struct rattr {
    const char *name;
    const char *value;
    size_t value_len;
} rattr;

static void html_open(render *rd, const char *name, const rattr *attrs, size_t nattrs)
{
    anq__buf_addc(&rd->html, '<');
    anq__buf_adds(&rd->html, name);
    for (size_t i = 0; i < nattrs; i++) {
        const char *an = attrs[i].name;
        if (!name_in(an, kept_attrs))
            continue;
        if (strcmp(an, "href") == 0 && !safe_href(attrs[i].value, attrs[i].value_len))
            continue;
        anq__buf_addc(&rd->html, ' ');
        anq__buf_adds(&rd->html, an);
        anq__buf_add(&rd->html, "=\"", 2);
        anq__html_escape(&rd->html, attrs[i].value, attrs[i].value_len, 1);
        anq__buf_addc(&rd->html, '"');
    }
    anq__buf_adds(&rd->html, name_in(name, void_tags) ? "/>" : ">");
}

/* An element starts; returns 0 when its subtree is to be left out (then no
 * end event follows). */
static int ev_start(render *rd, const char *name, const rattr *attrs, size_t nattrs)
{
    if (name_in(name, dropped_tags))
        return 0;
    if (strcmp(name, "br") == 0) {
        want_sep(rd, rd->sep >= SEP_LINE ? SEP_PARA : SEP_LINE);
    } else if (strcmp(name, "tr") == 0) {
        want_sep(rd, SEP_LINE);
        rd->cells = 0;
    } else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
        if (rd->cells++ > 0)
            want_sep(rd, SEP_TAB);
        rd->in_cell++;
    } else if (strcmp(name, "li") == 0) {
        want_sep(rd, SEP_LINE);
    } else if (name_in(name, block_tags)) {
        want_sep(rd, rd->in_cell ? SEP_SPACE : SEP_PARA);
    }
    if (rd->want_html && name_in(name, kept_tags))
        html_open(rd, name, attrs, nattrs);
    return 1;
}

static void ev_end(render *rd, const char *name)
{
    if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
        if (rd->in_cell > 0)
            rd->in_cell--;
    } else if (strcmp(name, "tr") == 0 || strcmp(name, "li") == 0) {
        want_sep(rd, SEP_LINE);
    } else if (name_in(name, block_tags)) {
        want_sep(rd, rd->in_cell ? SEP_SPACE : SEP_PARA);
        if (strcmp(name, "table") == 0)
            rd->cells = 0;
    }
    if (rd->want_html && name_in(name, kept_tags) && !name_in(name, void_tags)) {
        anq__buf_add(&rd->html, "</", 2);
        anq__buf_adds(&rd->html, name);
        anq__buf_addc(&rd->html, '>');
    }
}

static void ev_text(render *rd, const char *s, size_t len)
{
    put_text(rd, s, len);
    if (rd->want_html)
        anq__html_escape(&rd->html, s, len, 0);
}

/* ---- the node path: a tree of lib/tree.h ---- */

#define MAX_NODE_ATTRS 16

static int node_start(render *rd, const anq_node *n)
{
    if (rd->skip && rd->skip(n, rd->ud))
        return 0;
    rattr attrs[MAX_NODE_ATTRS];
    size_t na = 0;
    for (anq_attr *a = anq__attr_first(n); a && na < MAX_NODE_ATTRS; a = anq__attr_next(a)) {
        const char *an = anq__attr_name(a);
        if (!name_in(an, kept_attrs))
            continue;
        attrs[na].name = an;
        attrs[na].value = anq__attr_value(a);
        attrs[na].value_len = strlen(attrs[na].value);
        na++;
    }
    return ev_start(rd, anq__node_name(n), attrs, na);
}

static void render_subtree(render *rd, const anq_node *top)
{
    const anq_node *n = top;
    for (;;) {
        int descend = 0;
        int t = anq__node_type(n);
        if (t == ANQ_NODE_ELEMENT) {
            if (node_start(rd, n)) {
                if (anq__node_first(n))
                    descend = 1;
                else
                    ev_end(rd, anq__node_name(n));
            }
        } else if (t == ANQ_NODE_TEXT || t == ANQ_NODE_CDATA) {
            ev_text(rd, n->content, n->content_len);
        }
        if (descend) {
            n = anq__node_first(n);
            continue;
        }
        /* move on: next sibling, or up, ending each finished element */
        while (n != top && !anq__node_next_any(n)) {
            n = anq__node_parent(n);
            if (!n)
                return;
            ev_end(rd, anq__node_name(n));
        }
        if (n == top)
            return;
        n = anq__node_next_any(n);
    }
}

static void finish(anq_rec *r, render *rd, const char **text, const char **html)
{
    if (rd->text.oom || rd->html.oom) {
        r->oom = 1;
    } else if (rd->text.len > 0) {
        *text = anq__rec_strndup(r, rd->text.data, rd->text.len);
        if (html) {
            size_t hl = rd->html.len;
            const char *h = anq__trim(rd->html.data ? rd->html.data : "", &hl);
            *html = anq__rec_strndup(r, h, hl);
        }
    }
    anq__buf_free(&rd->text);
    anq__buf_free(&rd->html);
}

void anq__text_render_nodes(anq_rec *r, const anq_node *first, const anq_node *stop,
                            anq_skip_fn skip, void *ud, const char **text,
                            const char **html)
{
    render rd;
    memset(&rd, 0, sizeof rd);
    rd.want_html = html != NULL;
    rd.skip = skip;
    rd.ud = ud;
    *text = NULL;
    if (html)
        *html = NULL;
    for (const anq_node *s = first; s && s != stop; s = anq__node_next_any(s))
        render_subtree(&rd, s);
    finish(r, &rd, text, html);
}

/* ---- the fragment path: our own tokenizer, no tree ----
 *
 * Question and answer fragments are read straight from the bytes: tags are
 * tokenized, entities decoded, and a small stack of open elements keeps the
 * events balanced (and the sanitised HTML well-formed) with the HTML rules
 * that matter for text: a block start closes an open <p>, <li>, <tr>,
 * <td>/<th>, <dt>/<dd> close their open siblings, end tags close everything
 * opened after their start tag, stray end tags are ignored ("</br>" is a
 * line break, as in browsers), script and style are raw text. */

#define MAX_DEPTH 256
#define MAX_TAG_ATTRS 32
#define NAME_MAX_LEN 32

typedef struct open_el {
    char name[NAME_MAX_LEN];
    int live;        /* ev_start was accepted: an ev_end is owed */
} open_el;

typedef struct frag {
    render *rd;
    open_el *stack;  /* grows as elements nest, up to MAX_DEPTH */
    int cap;
    int depth;
    int dropped;     /* > 0: inside a left-out subtree, at this stack depth */
    anq_buf tmp;     /* decoded text / attribute values */
    anq_buf names;   /* attribute names of the current tag */
} frag;

static const char *const implicit_void[] = {
    "br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr",
    "param", "source", "track", "embed", "frame", "basefont", "isindex", NULL};

/* Elements whose start closes an open <p> (HTML's rule). */
static const char *const closes_p[] = {
    "p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "center", "pre", "form", "hr", "address", "fieldset",
    "section", "article", "header", "footer", "nav", "aside", "figure", "main",
    "menu", "dir", "listing", "xmp", "noscript", NULL};

static const char *const ignored_tags[] = {"html", "body", NULL};

/* Room for one more open element; 0 at MAX_DEPTH or out of memory. */
static int frag_grow(frag *f)
{
    if (f->depth < f->cap)
        return 1;
    if (f->cap >= MAX_DEPTH)
        return 0;
    int ncap = f->cap ? f->cap * 2 : 16;
    if (ncap > MAX_DEPTH)
        ncap = MAX_DEPTH;
    open_el *n = anq__realloc(f->stack, (size_t)ncap * sizeof *n);
    if (!n)
        return 0;
    f->stack = n;
    f->cap = ncap;
    return 1;
}

static void frag_pop(frag *f)
{
    open_el *e = &f->stack[--f->depth];
    if (f->dropped && f->depth < f->dropped)
        f->dropped = 0;
    else if (e->live && !f->dropped)
        ev_end(f->rd, e->name);
}

/* Close open elements down to and including index i. */
static void frag_close_to(frag *f, int i)
{
    while (f->depth > i)
        frag_pop(f);
}

static int frag_find(const frag *f, const char *name, const char *const *stop_at)
{
    for (int i = f->depth - 1; i >= 0; i--) {
        if (strcmp(f->stack[i].name, name) == 0)
            return i;
        if (stop_at && name_in(f->stack[i].name, stop_at))
            return -1;
    }
    return -1;
}

static const char *const scope_table[] = {"table", "td", "th", "caption", NULL};
static const char *const scope_list[] = {"ul", "ol", "table", NULL};
static const char *const scope_row[] = {"table", NULL};
static const char *const scope_dl[] = {"dl", "table", NULL};

static void put_utf8(anq_buf *b, unsigned long cp)
{
    char u[4];
    if (cp < 0x80) {
        anq__buf_addc(b, (char)cp);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        anq__buf_add(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        anq__buf_add(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        anq__buf_add(b, u, 4);
    }
}

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Append s[0..len) to b with character and entity references decoded.
 * References without ';' stay literal for names (as libxml2 does); numeric
 * ones are decoded; invalid code points are dropped. */
static void decode_refs(anq_buf *b, const char *s, size_t len)
{
    size_t i = 0, start = 0;
    while (i < len) {
        const char *amp = memchr(s + i, '&', len - i);
        if (!amp)
            break;
        i = (size_t)(amp - s);
        size_t j = i + 1;
        if (j < len && s[j] == '#') {
            unsigned long v = 0;
            int hex = j + 1 < len && (s[j + 1] == 'x' || s[j + 1] == 'X');
            size_t k = j + 1 + (size_t)hex, d0 = k;
            while (k < len && (hex ? (is_alnum(s[k]) && ((s[k] >= '0' && s[k] <= '9') ||
                                     ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f')))
                                   : (s[k] >= '0' && s[k] <= '9'))) {
                unsigned dv = (unsigned)(s[k] <= '9' ? s[k] - '0' : (s[k] | 0x20) - 'a' + 10);
                if (v < 0x110000)
                    v = v * (hex ? 16u : 10u) + dv;
                k++;
            }
            if (k == d0) {
                i++;
                continue;
            }
            anq__buf_add(b, s + start, i - start);
            if (k < len && s[k] == ';')
                k++;
            if (v != 0 && v < 0x110000 && !(v >= 0xD800 && v <= 0xDFFF) &&
                !(v < 0x20 && v != 9 && v != 10 && v != 13) && v != 0xFFFE && v != 0xFFFF)
                put_utf8(b, v);
            i = start = k;
            continue;
        }
        size_t k = j;
        while (k < len && is_alnum(s[k]) && k - j < 32)
            k++;
        if (k > j && k < len && s[k] == ';') {
            unsigned long cp = anq__html_entity(s + j, k - j);
            if (cp) {
                anq__buf_add(b, s + start, i - start);
                put_utf8(b, cp);
                i = start = k + 1;
                continue;
            }
        }
        i++;
    }
    anq__buf_add(b, s + start, len - start);
}

static void frag_text(frag *f, const char *s, size_t len)
{
    if (f->dropped || len == 0)
        return;
    if (!memchr(s, '&', len)) {
        ev_text(f->rd, s, len);
        return;
    }
    anq__buf_clear(&f->tmp);
    decode_refs(&f->tmp, s, len);
    ev_text(f->rd, anq__buf_cstr(&f->tmp), f->tmp.len);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Start tag `name`; attributes in attrs. Returns ANQ_OK or ANQ_ERR_TOO_DEEP. */
static int frag_start(frag *f, const char *name, const rattr *attrs, size_t na, int self_closing)
{
    if (name_in(name, ignored_tags))
        return ANQ_OK;
    if (!f->dropped) {
        int i;
        if (name_in(name, closes_p) && (i = frag_find(f, "p", scope_table)) >= 0)
            frag_close_to(f, i);
        if (strcmp(name, "li") == 0 && (i = frag_find(f, "li", scope_list)) >= 0)
            frag_close_to(f, i);
        if ((strcmp(name, "dt") == 0 || strcmp(name, "dd") == 0)) {
            int a = frag_find(f, "dt", scope_dl), b = frag_find(f, "dd", scope_dl);
            i = a > b ? a : b;
            if (i >= 0)
                frag_close_to(f, i);
        }
        if (strcmp(name, "tr") == 0 && (i = frag_find(f, "tr", scope_row)) >= 0)
            frag_close_to(f, i);
        if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
            int a = frag_find(f, "td", scope_row), b = frag_find(f, "th", scope_row);
            i = a > b ? a : b;
            if (i >= 0)
                frag_close_to(f, i);
        }
    }
    int is_void = name_in(name, implicit_void);
    if (f->dropped) {
        if (is_void || self_closing)
            return ANQ_OK;
    } else {
        int live = ev_start(f->rd, name, attrs, na);
        if (is_void || (self_closing && live)) {
            if (live && !is_void)
                ev_end(f->rd, name);
            else if (live)
                ev_end(f->rd, name);
            return ANQ_OK;
        }
        if (!live) {
            if (is_void || self_closing)
                return ANQ_OK;
            if (!frag_grow(f))
                return f->depth >= MAX_DEPTH ? ANQ_ERR_TOO_DEEP : ANQ_ERR_NOMEM;
            open_el *e = &f->stack[f->depth++];
            snprintf(e->name, sizeof e->name, "%s", name);
            e->live = 0;
            f->dropped = f->depth;
            return ANQ_OK;
        }
    }
    if (!frag_grow(f))
        return f->depth >= MAX_DEPTH ? ANQ_ERR_TOO_DEEP : ANQ_ERR_NOMEM;
    open_el *e = &f->stack[f->depth++];
    snprintf(e->name, sizeof e->name, "%s", name);
    e->live = !f->dropped;
    return ANQ_OK;
}

static void frag_end(frag *f, const char *name)
{
    if (strcmp(name, "br") == 0) {
        /* "</br>" is a line break, as in browsers */
        if (!f->dropped && ev_start(f->rd, "br", NULL, 0))
            ev_end(f->rd, "br");
        return;
    }
    int i = frag_find(f, name, NULL);
    if (i < 0)
        return; /* stray end tag */
    frag_close_to(f, i);
}

/* Read a tag name at s[i..len) into out (lower-cased, cut); returns the end. */
static size_t read_name(const char *s, size_t i, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    while (i < len && !is_space(s[i]) && s[i] != '>' && s[i] != '/' &&
           !(s[i] == '=' && o > 0)) {
        char c = s[i++];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (o + 1 < cap)
            out[o++] = c;
    }
    out[o] = '\0';
    return i;
}

/* Parse the tag starting at s[i] == '<'. Returns the index after it, or 0
 * when it is not a tag (the '<' is then text). */
static size_t frag_tag(frag *f, const char *s, size_t i, size_t len, int *rc)
{
    size_t j = i + 1;
    if (j >= len)
        return 0;
    if (s[j] == '!') {
        if (j + 2 < len && s[j + 1] == '-' && s[j + 2] == '-') {
            const char *e = anq__find_bytes(s + j + 3, len - j - 3, "-->");
            return e ? (size_t)(e - s) + 3 : len;
        }
        const char *e = memchr(s + j, '>', len - j);
        return e ? (size_t)(e - s) + 1 : len;
    }
    if (s[j] == '?') {
        const char *e = memchr(s + j, '>', len - j);
        return e ? (size_t)(e - s) + 1 : len;
    }
    int end = 0;
    if (s[j] == '/') {
        end = 1;
        j++;
    }
    if (j >= len || !((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
        return end ? (j < len && s[j] == '>' ? j + 1 : 0) : 0;
    char name[NAME_MAX_LEN];
    j = read_name(s, j, len, name, sizeof name);
    rattr attrs[MAX_TAG_ATTRS];
    size_t na = 0;
    int self_closing = 0;
    anq__buf_clear(&f->tmp);
    anq__buf_clear(&f->names);
    /* value offsets into tmp, name offsets into names (buffers may move) */
    size_t voff[MAX_TAG_ATTRS], vlen[MAX_TAG_ATTRS], noff[MAX_TAG_ATTRS];
    while (j < len && s[j] != '>') {
        if (is_space(s[j]) || (s[j] == '/' && !(j + 1 < len && s[j + 1] == '>'))) {
            j++;
            continue;
        }
        if (s[j] == '/') {
            self_closing = 1;
            j++;
            continue;
        }
        char an[NAME_MAX_LEN];
        size_t a0 = j;
        j = read_name(s, j, len, an, sizeof an);
        if (j == a0)
            j++; /* a lone '=' */
        while (j < len && is_space(s[j]))
            j++;
        const char *v = "";
        size_t vl = 0;
        if (j < len && s[j] == '=') {
            j++;
            while (j < len && is_space(s[j]))
                j++;
            if (j < len && (s[j] == '"' || s[j] == '\'')) {
                char q = s[j++];
                const char *e = memchr(s + j, q, len - j);
                size_t ve = e ? (size_t)(e - s) : len;
                v = s + j;
                vl = ve - j;
                j = e ? ve + 1 : len;
            } else {
                size_t v0 = j;
                while (j < len && !is_space(s[j]) && s[j] != '>')
                    j++;
                v = s + v0;
                vl = j - v0;
                /* the Assemblée's tables print rowspan=2" : a value that
                 * lost its opening quote keeps no closing one either */
                if (vl > 1 && (v[vl - 1] == '"' || v[vl - 1] == '\''))
                    vl--;
            }
        }
        if (end || !an[0] || na >= MAX_TAG_ATTRS || !name_in(an, kept_attrs))
            continue;
        int dup = 0;
        for (size_t k = 0; k < na; k++)
            if (strcmp(anq__buf_cstr(&f->names) + noff[k], an) == 0)
                dup = 1; /* the first of a repeated attribute counts */
        if (dup)
            continue;
        noff[na] = f->names.len;
        anq__buf_add(&f->names, an, strlen(an) + 1);
        voff[na] = f->tmp.len;
        decode_refs(&f->tmp, v, vl);
        vlen[na] = f->tmp.len - voff[na];
        na++;
    }
    size_t after = j < len ? j + 1 : len;
    if (f->tmp.oom || f->names.oom)
        return after;
    for (size_t k = 0; k < na; k++) {
        attrs[k].name = f->names.data + noff[k];
        attrs[k].value = f->tmp.data ? f->tmp.data + voff[k] : "";
        attrs[k].value_len = vlen[k];
    }
    if (end) {
        frag_end(f, name);
        return after;
    }
    *rc = frag_start(f, name, attrs, na, self_closing);
    if (*rc == ANQ_OK && (strcmp(name, "script") == 0 || strcmp(name, "style") == 0 ||
                          strcmp(name, "textarea") == 0 || strcmp(name, "title") == 0)) {
        /* raw text up to the matching end tag */
        char close[NAME_MAX_LEN + 4];
        snprintf(close, sizeof close, "</%s", name);
        const char *e = anq__find_nocase(s + after, len - after, close);
        size_t stop = e ? (size_t)(e - s) : len;
        if (!f->dropped)
            frag_text(f, s + after, stop - after);
        return stop;
    }
    return after;
}

static int render_bytes(render *rd, const char *s, size_t len)
{
    frag *f = anq__calloc(1, sizeof *f);
    if (!f)
        return ANQ_ERR_NOMEM;
    f->rd = rd;
    int rc = ANQ_OK;
    size_t i = 0, text0 = 0;
    while (i < len && rc == ANQ_OK) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            break;
        size_t at = (size_t)(lt - s);
        frag_text(f, s + text0, at - text0);
        text0 = at;
        size_t next = frag_tag(f, s, at, len, &rc);
        if (next == 0) {
            i = at + 1; /* a lone '<' is text, read with what follows */
            continue;
        }
        i = text0 = next;
    }
    if (rc == ANQ_OK) {
        frag_text(f, s + text0, len - text0);
        frag_close_to(f, 0);
    }
    if (f->tmp.oom || f->names.oom)
        rc = ANQ_ERR_NOMEM;
    anq__buf_free(&f->tmp);
    anq__buf_free(&f->names);
    anq__free(f->stack);
    anq__free(f);
    return rc;
}

int anq__text_render_fragment(anq_rec *r, const char *s, size_t len,
                              anq_skip_fn skip, void *ud, const char **text,
                              const char **html)
{
    *text = NULL;
    if (html)
        *html = NULL;
    if (skip) {
        /* a node callback needs the tree */
        anq_doc *d = NULL;
        int rc = anq__doc_parse_fragment(s, len, &d);
        if (rc == ANQ_ERR_EMPTY)
            return ANQ_OK;
        if (rc != ANQ_OK)
            return rc;
        anq_node *body = anq__doc_body(d);
        if (body)
            anq__text_render_nodes(r, anq__node_first(body), NULL, skip, ud, text, html);
        anq__doc_free(d);
        return ANQ_OK;
    }
    render rd;
    memset(&rd, 0, sizeof rd);
    rd.want_html = html != NULL;
    int rc = render_bytes(&rd, s, len);
    if (rc != ANQ_OK) {
        anq__buf_free(&rd.text);
        anq__buf_free(&rd.html);
        return rc;
    }
    finish(r, &rd, text, html);
    return ANQ_OK;
}
