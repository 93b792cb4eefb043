/* SPDX-License-Identifier: MIT */
#include "record.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "alloc.h"

#define CHUNK_HDR ANQ_CHUNK_HDR
#define CHUNK_MIN 4096u
#define CHUNK_BIG 1024u /* a request bigger than this gets a block of its own */

anq_rec *anq__rec_new(void)
{
    anq_rec *r = anq__calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->q.size = sizeof(anq_question);
    return r;
}

void anq__rec_free(anq_rec *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->owned_count; i++)
        anq__free(r->owned[i]);
    anq__free(r->owned);
    anq_chunk *c = r->chunks;
    while (c) {
        anq_chunk *next = c->next;
        anq__free(c);
        c = next;
    }
    anq__free(r);
}

void *anq__rec_alloc(anq_rec *r, size_t n)
{
    if (r->oom)
        return NULL;
    n = (n + 7u) & ~(size_t)7u;
    if (n == 0)
        n = 8;
    anq_chunk *c = r->chunks;
    if (!c || c->cap - c->used < n) {
        /* a big request (a text) gets a block of its own size, behind the
         * current chunk, whose free space stays usable; small ones a new
         * chunk, twice the last one (up to 1 MB) */
        int own = c && n > CHUNK_BIG;
        size_t cap = n;
        if (!own) {
            cap = CHUNK_MIN;
            if (c && c->cap < (1u << 20) && c->cap * 2 > cap)
                cap = c->cap * 2;
            if (cap < n)
                cap = n;
        }
        if (cap > SIZE_MAX - CHUNK_HDR) {
            r->oom = 1;
            return NULL;
        }
        anq_chunk *nc = anq__malloc(CHUNK_HDR + cap);
        if (!nc) {
            r->oom = 1;
            return NULL;
        }
        nc->cap = cap;
        nc->used = 0;
        if (own) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            r->chunks = nc;
        }
        c = nc;
    }
    void *p = (char *)c + CHUNK_HDR + c->used;
    c->used += n;
    return p;
}

/* Block p (from anq__malloc) cut down to n bytes: realloc, which gives
 * the rest back in place, or under the test seam of lib/alloc.h a move.
 * NULL when that cannot be had, p then left as it was. */
static void *shrink_block(void *p, size_t n)
{
    if (!anq__alloc_moving())
        return anq__realloc(p, n);
    void *q = anq__malloc(n);
    if (q) {
        memcpy(q, p, n);
        anq__free(p);
    }
    return q;
}

const char *anq__rec_take(anq_rec *r, anq_buf *b, size_t off, size_t len)
{
    if (r->oom || b->oom || !b->data || off + len > b->len) {
        if (b->oom || !b->data)
            r->oom = 1;
        anq__buf_free(b);
        return NULL;
    }
    if (len <= CHUNK_BIG) {
        /* short: a copy in the arena costs less than a block of its own */
        const char *c = anq__rec_strndup(r, b->data + off, len);
        anq__buf_free(b);
        return c;
    }
    if (r->owned_count == r->owned_cap) {
        size_t cap = r->owned_cap ? r->owned_cap * 2 : 4;
        void **o = anq__realloc(r->owned, cap * sizeof *o);
        if (!o) {
            r->oom = 1;
            anq__buf_free(b);
            return NULL;
        }
        r->owned = o;
        r->owned_cap = cap;
    }
    char *p = b->data;
    size_t cap = b->cap;
    b->data = NULL;
    b->len = b->cap = 0;
    if (off)
        memmove(p, p + off, len);
    p[len] = '\0';
    if (cap - (len + 1) >= ANQ_REC_SHRINK_MIN) {
        char *q = shrink_block(p, len + 1);
        if (q)
            p = q;
    }
    r->owned[r->owned_count++] = p;
    return p;
}

const char *anq__rec_strndup(anq_rec *r, const char *s, size_t len)
{
    if (len > SIZE_MAX - 1) {
        r->oom = 1;
        return NULL;
    }
    char *p = anq__rec_alloc(r, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

static const unsigned char ws_byte[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1, ['\v'] = 1,
};

static int is_ws(unsigned char c)
{
    return ws_byte[c];
}

size_t anq__fold_ws(const char *s, size_t len, char *dst)
{
    size_t i = 0, o = 0;
    int space = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (is_ws(c)) {
            space = 1;
            i++;
            continue;
        }
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0 && o == 0) {
            i += 2; /* leading U+00A0 */
            continue;
        }
        if (space && o > 0)
            dst[o++] = ' ';
        space = 0;
        /* the whole run up to the next blank in one copy */
        size_t j = i + 1;
        while (j < len && !ws_byte[(unsigned char)s[j]])
            j++;
        memcpy(dst + o, s + i, j - i);
        o += j - i;
        i = j;
    }
    /* trailing U+00A0 (possibly several, with spaces between them folded) */
    for (;;) {
        if (o >= 2 && (unsigned char)dst[o - 2] == 0xC2 && (unsigned char)dst[o - 1] == 0xA0)
            o -= 2;
        else if (o >= 1 && dst[o - 1] == ' ')
            o--;
        else
            break;
    }
    dst[o] = '\0';
    return o;
}

const char *anq__rec_clean(anq_rec *r, const char *s, size_t len)
{
    if (!s)
        return NULL;
    if (len > SIZE_MAX - 1) {
        r->oom = 1;
        return NULL;
    }
    char *p = anq__rec_alloc(r, len + 1);
    if (!p)
        return NULL;
    size_t n = anq__fold_ws(s, len, p);
    if (n == 0)
        return NULL;
    return p;
}

int anq__rec_set(anq_rec *r, const char **field, const char *s, size_t len)
{
    if (*field)
        return 0;
    return anq__rec_replace(r, field, s, len);
}

int anq__rec_replace(anq_rec *r, const char **field, const char *s, size_t len)
{
    const char *v = anq__rec_clean(r, s, len);
    if (!v)
        return 0;
    *field = v;
    return 1;
}

/* Grow an arena array of `elem`-sized items to hold one more. */
static void *grow(anq_rec *r, const void *old, size_t count, size_t *cap, size_t elem)
{
    if (count < *cap)
        return (void *)(uintptr_t)old;
    size_t ncap = *cap ? *cap * 2 : 4;
    if (ncap > SIZE_MAX / elem) {
        r->oom = 1;
        return NULL;
    }
    void *p = anq__rec_alloc(r, ncap * elem);
    if (!p)
        return NULL;
    if (count)
        memcpy(p, old, count * elem);
    *cap = ncap;
    return p;
}

void anq__rec_add_attribution(anq_rec *r, const char *ministry, size_t len,
                              const anq_date *date)
{
    const char *m = anq__rec_clean(r, ministry, len);
    if (!m && !(date && date->year))
        return;
    anq_attribution *a = grow(r, r->q.attributions, r->q.attributions_count,
                              &r->attributions_cap, sizeof *a);
    if (!a)
        return;
    a[r->q.attributions_count].ministry = m;
    if (date)
        a[r->q.attributions_count].date = *date;
    else
        memset(&a[r->q.attributions_count].date, 0, sizeof(anq_date));
    r->q.attributions = a;
    r->q.attributions_count++;
}

void anq__rec_add_analysis(anq_rec *r, const char *s, size_t len)
{
    const char *v = anq__rec_clean(r, s, len);
    if (!v)
        return;
    const char **a = grow(r, (const void *)r->q.analyses, r->q.analyses_count,
                          &r->analyses_cap, sizeof(char *));
    if (!a)
        return;
    a[r->q.analyses_count++] = v;
    r->q.analyses = a;
}

void anq__rec_add_analyses_split(anq_rec *r, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        int cut = 0;
        size_t skip = 0;
        if (i == len) {
            cut = 1;
        } else if (s[i] == ';') {
            cut = 1;
            skip = 1;
        } else if (s[i] == '.' && (i + 1 == len || is_ws((unsigned char)s[i + 1]))) {
            cut = 1;
            skip = 1;
        }
        if (!cut)
            continue;
        size_t end = i;
        anq__rec_add_analysis(r, s + start, end - start);
        start = i + skip;
        if (i == len)
            break;
    }
}

void anq__rec_add_event(anq_rec *r, int kind, const anq_date *date, int jo_page)
{
    anq_event *e = grow(r, r->q.events, r->q.events_count, &r->events_cap, sizeof *e);
    if (!e)
        return;
    anq_event *n = &e[r->q.events_count];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    if (date)
        n->date = *date;
    n->jo_page = jo_page;
    r->q.events = e;
    r->q.events_count++;
    /* keep them oldest first (stable insertion sort; lists are short) */
    for (size_t i = r->q.events_count - 1; i > 0; i--) {
        anq_event *a = &e[i - 1], *b = &e[i];
        long ka = a->date.year * 10000L + a->date.month * 100L + a->date.day;
        long kb = b->date.year * 10000L + b->date.month * 100L + b->date.day;
        if (ka <= kb)
            break;
        anq_event t = *a;
        *a = *b;
        *b = t;
    }
}

void anq__rec_warn(anq_rec *r, const char *w)
{
    for (size_t i = 0; i < r->q.warnings_count; i++)
        if (strcmp(r->q.warnings[i], w) == 0)
            return;
    const char *v = anq__rec_strndup(r, w, strlen(w));
    if (!v)
        return;
    const char **a = grow(r, (const void *)r->q.warnings, r->q.warnings_count,
                          &r->warnings_cap, sizeof(char *));
    if (!a)
        return;
    a[r->q.warnings_count++] = v;
    r->q.warnings = a;
}

void anq__rec_warn_missing(anq_rec *r, const char *name)
{
    char tmp[96];
    size_t n = strlen(name);
    if (n > sizeof tmp - 15)
        n = sizeof tmp - 15;
    memcpy(tmp, "field_missing:", 14);
    memcpy(tmp + 14, name, n);
    tmp[14 + n] = '\0';
    anq__rec_warn(r, tmp);
}

void anq__rec_set_author_name(anq_rec *r, const char *s, size_t len)
{
    static const struct { const char *word; const char *civ; } civs[] = {
        {"Monsieur ", "M."}, {"Madame ", "Mme"}, {"Mademoiselle ", "Mlle"},
        {"Mme. ", "Mme"}, {"Mme ", "Mme"}, {"Mlle ", "Mlle"}, {"M. ", "M."},
        {"M.\xc2\xa0", "M."}, {"Mme\xc2\xa0", "Mme"},
    };
    while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    for (size_t i = 0; i < sizeof civs / sizeof civs[0]; i++) {
        size_t n = strlen(civs[i].word);
        if (len > n && memcmp(s, civs[i].word, n) == 0) {
            if (!r->q.author.civility)
                r->q.author.civility = civs[i].civ;
            s += n;
            len -= n;
            break;
        }
    }
    anq__rec_replace(r, &r->q.author.name, s, len);
}

void anq__rec_split_name(anq_rec *r)
{
    anq_author *a = &r->q.author;
    if (!a->name || a->first_name || a->last_name)
        return;
    const char *sp = strchr(a->name, ' ');
    if (!sp || strchr(sp + 1, ' '))
        return;
    a->first_name = anq__rec_strndup(r, a->name, (size_t)(sp - a->name));
    a->last_name = anq__rec_strndup(r, sp + 1, strlen(sp + 1));
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is not one
 * (overlongs, surrogates and code points above U+10FFFF are not). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (n < need + 1 || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k <= need; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return need + 1;
}

/* The safety net of output.md's promise: a string that is not valid UTF-8
 * (a path that handed libxml2's bytes through unchecked) is replaced by a
 * copy whose invalid bytes are U+FFFD. Returns 1 when it repaired. */
static int ensure_utf8(anq_rec *r, const char **field)
{
    const unsigned char *s = (const unsigned char *)*field;
    if (!s)
        return 0;
    size_t n = strlen(*field), bad = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            /* ASCII runs go sixteen (SSE2) or eight bytes at a time */
#if defined(__SSE2__)
            while (i + 16 <= n) {
                __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
                unsigned m = (unsigned)_mm_movemask_epi8(v);
                if (m) {
                    i += (size_t)__builtin_ctz(m);
                    break;
                }
                i += 16;
            }
            if (i < n && s[i] >= 0x80)
                continue;
#endif
            uint64_t w;
            if (i + 8 <= n && (memcpy(&w, s + i, 8), !(w & UINT64_C(0x8080808080808080))))
                i += 8;
            else
                i++;
            continue;
        }
        /* the common two-byte letters (é, à, ç…) inline */
        if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        size_t l = utf8_seq(s + i, n - i);
        if (!l) {
            bad++;
            i++;
        } else {
            i += l;
        }
    }
    if (!bad)
        return 0;
    char *o = anq__rec_alloc(r, n + 2 * bad + 1);
    if (!o)
        return 0;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        size_t l = utf8_seq(s + i, n - i);
        if (!l) {
            memcpy(o + w, "\xef\xbf\xbd", 3);
            w += 3;
            i++;
        } else {
            memcpy(o + w, s + i, l);
            w += l;
            i += l;
        }
    }
    o[w] = '\0';
    *field = o;
    return 1;
}

/* The string fields of the record, in a list the finishing passes walk
 * (the strings inside arrays are walked beside it). */
#define STRING_FIELDS 22
static void string_fields(anq_question *q, const char **fields[STRING_FIELDS])
{
    anq_author *a = &q->author;
    const char **f[STRING_FIELDS] = {
        &q->uid, &q->url, &a->name, &a->first_name, &a->last_name, &a->civility,
        &a->an_id, &a->group, &a->group_abbrev, &a->department, &a->region,
        &q->ministry_asked, &q->ministry_answering, &q->rubrique, &q->tete_analyse,
        &q->title, &q->closure.code, &q->closure.reason, &q->question, &q->answer,
        &q->question_html, &q->answer_html,
    };
    memcpy(fields, f, sizeof f);
}

static void ensure_all_utf8(anq_rec *r)
{
    anq_question *q = &r->q;
    const char **fields[STRING_FIELDS];
    string_fields(q, fields);
    int repaired = 0;
    for (size_t i = 0; i < STRING_FIELDS; i++)
        repaired |= ensure_utf8(r, fields[i]);
    for (size_t i = 0; i < q->attributions_count; i++)
        repaired |= ensure_utf8(r, (const char **)(uintptr_t)&q->attributions[i].ministry);
    for (size_t i = 0; i < q->analyses_count; i++)
        repaired |= ensure_utf8(r, (const char **)(uintptr_t)&q->analyses[i]);
    if (repaired)
        anq__rec_warn(r, "encoding_repaired");
}

/* ---- the finished record keeps only what it holds ---- */

/* A chunk that moved: its old data [from, to] (its end included), now at
 * dst. */
typedef struct {
    uintptr_t from, to;
    char *dst;
} moved_chunk;

/* Where p lies after chunk m moved: inside its old data, the same place in
 * the new; elsewhere (NULL, another chunk, a block of its own, a string
 * literal) unchanged. Old addresses are only compared as integers, never
 * read. */
static const void *moved(const moved_chunk *m, const void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (p && a >= m->from && a <= m->to)
        return m->dst + (a - m->from);
    return p;
}

#define MOVE(m, lv) ((lv) = (void *)(uintptr_t)moved(m, (lv)))

/* Point every field that pointed into the chunk that moved into its new
 * place: the string fields, each array, then the strings an array holds,
 * read where the array is now. */
static void follow(anq_question *q, const moved_chunk *m)
{
    const char **fields[STRING_FIELDS];
    string_fields(q, fields);
    for (size_t k = 0; k < STRING_FIELDS; k++)
        MOVE(m, *fields[k]);
    MOVE(m, q->attributions);
    for (size_t k = 0; k < q->attributions_count; k++) {
        anq_attribution *at = (anq_attribution *)(uintptr_t)&q->attributions[k];
        MOVE(m, at->ministry);
    }
    MOVE(m, q->analyses);
    for (size_t k = 0; k < q->analyses_count; k++) {
        const char **v = (const char **)(uintptr_t)&q->analyses[k];
        MOVE(m, *v);
    }
    MOVE(m, q->events);
    MOVE(m, q->warnings);
    for (size_t k = 0; k < q->warnings_count; k++) {
        const char **v = (const char **)(uintptr_t)&q->warnings[k];
        MOVE(m, *v);
    }
}

/* Give back each chunk's unused tail (realloc to what it holds: in place
 * with the C libraries anq meets, so the record's peak does not grow);
 * should a chunk move, every field follows it at once. A chunk that
 * cannot be shrunk stays as it was. */
static void shrink_chunks(anq_rec *r)
{
    for (anq_chunk **pp = &r->chunks; *pp; pp = &(*pp)->next) {
        anq_chunk *c = *pp;
        if (c->cap - c->used < ANQ_REC_SHRINK_MIN)
            continue;
        moved_chunk m;
        m.from = (uintptr_t)c + CHUNK_HDR;
        m.to = m.from + c->used;
        size_t used = c->used;
        anq_chunk *nc = shrink_block(c, CHUNK_HDR + used);
        if (!nc)
            continue;
        nc->cap = used;
        *pp = nc;
        if (nc != c) {
            m.dst = (char *)nc + CHUNK_HDR;
            follow(&r->q, &m);
        }
    }
}

void anq__rec_finish(anq_rec *r)
{
    anq_question *q = &r->q;
    ensure_all_utf8(r);
    q->size = sizeof(anq_question);
    if (!q->uid && q->legislature > 0 && q->number > 0 && anq_type_name(q->type)) {
        char tmp[64];
        size_t n = 0;
        const char *t = anq_type_name(q->type);
        memcpy(tmp, "QANR5L", 6);
        n = 6;
        char num[16];
        int k = 0;
        long v = q->legislature;
        do { num[k++] = (char)('0' + v % 10); v /= 10; } while (v && k < 15);
        while (k) tmp[n++] = num[--k];
        size_t tl = strlen(t);
        memcpy(tmp + n, t, tl);
        n += tl;
        v = q->number;
        do { num[k++] = (char)('0' + v % 10); v /= 10; } while (v && k < 15);
        while (k) tmp[n++] = num[--k];
        q->uid = anq__rec_strndup(r, tmp, n);
    }
    if (!r->oom)
        shrink_chunks(r);
}
