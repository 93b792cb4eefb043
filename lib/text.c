/* SPDX-License-Identifier: MIT */
#include "text.h"

#include <string.h>

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

static void put_text(render *rd, const char *s)
{
    for (const char *p = s; *p; ) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            want_sep(rd, SEP_SPACE);
            p++;
            continue;
        }
        const char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\f')
            q++;
        if (rd->text.len > 0) {
            switch (rd->sep) {
            case SEP_SPACE: anq__buf_addc(&rd->text, ' '); break;
            case SEP_TAB: anq__buf_addc(&rd->text, '\t'); break;
            case SEP_LINE: anq__buf_addc(&rd->text, '\n'); break;
            case SEP_PARA: anq__buf_add(&rd->text, "\n\n", 2); break;
            default: break;
            }
        }
        rd->sep = SEP_NONE;
        anq__buf_add(&rd->text, p, (size_t)(q - p));
        p = q;
    }
}

static int safe_href(const char *v)
{
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
        v++;
    char scheme[12];
    size_t i = 0;
    for (; v[i] && v[i] != ':' && i < sizeof scheme - 1; i++) {
        char c = v[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        scheme[i] = c;
    }
    scheme[i] = '\0';
    if (v[i] != ':')
        return 1;
    return strcmp(scheme, "javascript") != 0 && strcmp(scheme, "vbscript") != 0 &&
           strcmp(scheme, "data") != 0;
}

static void html_open(render *rd, const anq_node *n, const char *name)
{
    anq__buf_addc(&rd->html, '<');
    anq__buf_adds(&rd->html, name);
    for (anq_attr *a = anq__attr_first(n); a; a = anq__attr_next(a)) {
        const char *an = anq__attr_name(a);
        if (!name_in(an, kept_attrs))
            continue;
        const char *v = anq__attr_value(a);
        if (strcmp(an, "href") == 0 && !safe_href(v))
            continue;
        anq__buf_addc(&rd->html, ' ');
        anq__buf_adds(&rd->html, an);
        anq__buf_add(&rd->html, "=\"", 2);
        anq__html_escape(&rd->html, v, strlen(v), 1);
        anq__buf_addc(&rd->html, '"');
    }
    anq__buf_adds(&rd->html, name_in(name, void_tags) ? "/>" : ">");
}

/* Entering an element; returns 0 when its subtree is to be skipped. */
static int enter(render *rd, const anq_node *n)
{
    const char *name = anq__node_name(n);
    if (name_in(name, dropped_tags))
        return 0;
    if (rd->skip && rd->skip(n, rd->ud))
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
        html_open(rd, n, name);
    return 1;
}

static void leave(render *rd, const anq_node *n)
{
    const char *name = anq__node_name(n);
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

static void leaf(render *rd, const anq_node *n)
{
    int t = anq__node_type(n);
    if (t == ANQ_NODE_TEXT || t == ANQ_NODE_CDATA) {
        const char *s = anq__node_content(n);
        put_text(rd, s);
        if (rd->want_html)
            anq__html_escape(&rd->html, s, strlen(s), 0);
    }
}

static void render_subtree(render *rd, const anq_node *top)
{
    const anq_node *n = top;
    for (;;) {
        int descend = 0;
        if (anq__node_type(n) == ANQ_NODE_ELEMENT) {
            if (enter(rd, n)) {
                if (anq__node_first(n))
                    descend = 1;
                else
                    leave(rd, n);
            }
        } else {
            leaf(rd, n);
        }
        if (descend) {
            n = anq__node_first(n);
            continue;
        }
        /* move on: next sibling, or up, leaving each finished element */
        while (n != top && !anq__node_next_any(n)) {
            n = anq__node_parent(n);
            if (!n)
                return;
            leave(rd, n);
        }
        if (n == top)
            return;
        n = anq__node_next_any(n);
    }
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
    if (rd.text.oom || rd.html.oom) {
        r->oom = 1;
    } else if (rd.text.len > 0) {
        *text = anq__rec_strndup(r, rd.text.data, rd.text.len);
        if (html) {
            size_t hl = rd.html.len;
            const char *h = anq__trim(rd.html.data ? rd.html.data : "", &hl);
            *html = anq__rec_strndup(r, h, hl);
        }
    }
    anq__buf_free(&rd.text);
    anq__buf_free(&rd.html);
}

int anq__text_render_fragment(anq_rec *r, const char *s, size_t len,
                              anq_skip_fn skip, void *ud, const char **text,
                              const char **html)
{
    *text = NULL;
    if (html)
        *html = NULL;
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

/* added for an_xml_view */
static int is_blank_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int anq__html_repair(const char *s, size_t len, anq_buf *out)
{
    size_t i = 0, start = 0;
    int changed = 0;
    int in_tag = 0;  /* inside a start tag */
    char quote = 0;  /* inside a quoted attribute value */
    while (i < len) {
        char c = s[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            i++;
            continue;
        }
        if (!in_tag) {
            if (c != '<') {
                i++;
                continue;
            }
            if (i + 1 < len && is_alpha_byte(s[i + 1])) {
                in_tag = 1;
                i++;
                continue;
            }
            /* "</br>" end tag */
            if (i + 3 < len && s[i + 1] == '/' && (s[i + 2] == 'b' || s[i + 2] == 'B') &&
                (s[i + 3] == 'r' || s[i + 3] == 'R')) {
                size_t k = i + 4;
                while (k < len && is_blank_byte(s[k]))
                    k++;
                if (k < len && s[k] == '>') {
                    anq__buf_add(out, s + start, i - start);
                    anq__buf_add(out, "<br>", 4);
                    i = start = k + 1;
                    changed = 1;
                    continue;
                }
            }
            i++;
            continue;
        }
        if (c == '>') {
            in_tag = 0;
        } else if (c == '"' || c == '\'') {
            /* a quoted value starts right after '=' (blanks allowed) */
            size_t k = i;
            while (k > 0 && is_blank_byte(s[k - 1]))
                k--;
            if (k > 0 && s[k - 1] == '=')
                quote = c;
        } else if (c == '=') {
            /* attr=2" : a value missing its opening quote */
            size_t k = i + 1;
            while (k < len && s[k] >= '0' && s[k] <= '9')
                k++;
            if (k > i + 1 && k + 1 < len && s[k] == '"' &&
                (is_blank_byte(s[k + 1]) || s[k + 1] == '>' || s[k + 1] == '/')) {
                anq__buf_add(out, s + start, i + 1 - start);
                anq__buf_addc(out, '"');
                anq__buf_add(out, s + i + 1, k + 1 - (i + 1));
                i = start = k + 1;
                changed = 1;
                continue;
            }
        }
        i++;
    }
    if (changed)
        anq__buf_add(out, s + start, len - start);
    return changed;
}
