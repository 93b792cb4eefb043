/* SPDX-License-Identifier: MIT */
/* Question identifiers: the open-data uid and the URLs of the sites that show
 * a question, read by anq_id_parse() and written by anq_id_format(). */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "anq.h"

#define LEG_DIGITS 2
#define NUM_DIGITS 7
#define UID_PREFIX "QANR5L"
/* The first legislature NosDéputés.fr covers, and its archive hosts. */
#define ND_FIRST_LEG 13

static const char *const kind_names[ANQ_ID_KIND_COUNT] = {
    "unknown", "uid", "legacy", "xml_view", "dyn", "nosdeputes",
};

typedef struct cursor {
    const char *p;
    const char *end;
} cursor;

static int fail(anq_error *err, int code, const char *field, const char *msg)
{
    if (err) {
        err->code = code;
        snprintf(err->field, sizeof err->field, "%s", field ? field : "");
        snprintf(err->message, sizeof err->message, "%s", msg ? msg : anq_strerror(code));
    }
    return code;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Consume @lit when the text continues with it (exactly). */
static int eat(cursor *c, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
        return 0;
    c->p += n;
    return 1;
}

/* Consume @lit (lower case) when the text continues with it in any case. */
static int eat_nocase(cursor *c, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(c->end - c->p) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(c->p[i]) != lit[i])
            return 0;
    c->p += n;
    return 1;
}

/* A positive decimal number of at most @max_digits digits, without a leading
 * zero; with @zero_pad a two-digit "0N" is also taken (legacy folders). */
static int read_number(cursor *c, int max_digits, int zero_pad, const char *field,
                       int32_t *out, anq_error *err)
{
    char msg[96];
    const char *start = c->p;
    int32_t v = 0;
    while (c->p < c->end && is_digit(*c->p)) {
        if (c->p - start >= max_digits) {
            snprintf(msg, sizeof msg, "the %s has more than %d digits", field, max_digits);
            return fail(err, ANQ_ERR_BAD_ID, field, msg);
        }
        v = v * 10 + (*c->p - '0');
        c->p++;
    }
    size_t n = (size_t)(c->p - start);
    if (n == 0) {
        snprintf(msg, sizeof msg, "digits (the %s) were expected", field);
        return fail(err, ANQ_ERR_BAD_ID, field, msg);
    }
    if (v == 0) {
        snprintf(msg, sizeof msg, "the %s is 0", field);
        return fail(err, ANQ_ERR_BAD_ID, field, msg);
    }
    if (n > 1 && start[0] == '0' && !(zero_pad && n == 2)) {
        snprintf(msg, sizeof msg, "the %s is written with a leading zero", field);
        return fail(err, ANQ_ERR_BAD_ID, field, msg);
    }
    *out = v;
    return ANQ_OK;
}

/* A question type: the whole run of capital letters must be QE, QOSD or QG. */
static int read_type(cursor *c, int32_t *out, anq_error *err)
{
    static const int32_t known[] = {ANQ_TYPE_QE, ANQ_TYPE_QOSD, ANQ_TYPE_QG};
    const char *start = c->p;
    while (c->p < c->end && is_upper(*c->p))
        c->p++;
    size_t n = (size_t)(c->p - start);
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        const char *name = anq_type_name(known[i]);
        if (strlen(name) == n && memcmp(name, start, n) == 0) {
            *out = known[i];
            return ANQ_OK;
        }
    }
    if (n == 0)
        return fail(err, ANQ_ERR_BAD_ID, "type", "a question type (QE, QOSD or QG) was expected");
    char msg[96];
    snprintf(msg, sizeof msg, "question type %.*s is not one this library reads (QE, QOSD or QG)",
             n > 8 ? 8 : (int)n, start);
    return fail(err, ANQ_ERR_BAD_ID, "type", msg);
}

static int expect(cursor *c, const char *lit, const char *form, anq_error *err)
{
    if (eat(c, lit))
        return ANQ_OK;
    char msg[160];
    snprintf(msg, sizeof msg, "expected %s", form);
    return fail(err, ANQ_ERR_BAD_ID, "path", msg);
}

static int expect_end(const cursor *c, anq_error *err)
{
    if (c->p == c->end)
        return ANQ_OK;
    return fail(err, ANQ_ERR_BAD_ID, "path", "unexpected text after the identifier");
}

static int same_leg(int32_t a, int32_t b, anq_error *err)
{
    if (a == b)
        return ANQ_OK;
    char msg[128];
    snprintf(msg, sizeof msg, "the identifier states two legislatures, %d and %d", (int)a, (int)b);
    return fail(err, ANQ_ERR_BAD_ID, "legislature", msg);
}

/* QANR5L{leg}{TYPE}{n}; the cursor stops after the number. */
static int parse_uid(cursor *c, anq_id *id, anq_error *err)
{
    int rc;
    if (!eat(c, UID_PREFIX))
        return fail(err, ANQ_ERR_BAD_ID, "path", "expected a uid starting with QANR5L");
    if ((rc = read_number(c, LEG_DIGITS, 0, "legislature", &id->legislature, err)) != ANQ_OK)
        return rc;
    if ((rc = read_type(c, &id->type, err)) != ANQ_OK)
        return rc;
    return read_number(c, NUM_DIGITS, 0, "number", &id->number, err);
}

/* /q{leg}/{leg}-{n}{TYPE}.htm[/vue/xml] */
static int parse_legacy_path(cursor *c, anq_id *id, anq_error *err)
{
    static const char form[] = "/q{leg}/{leg}-{number}{type}.htm on this host";
    int32_t leg2 = 0;
    int rc;
    if ((rc = expect(c, "/q", form, err)) != ANQ_OK)
        return rc;
    if ((rc = read_number(c, LEG_DIGITS, 1, "legislature", &id->legislature, err)) != ANQ_OK)
        return rc;
    if ((rc = expect(c, "/", form, err)) != ANQ_OK)
        return rc;
    if ((rc = read_number(c, LEG_DIGITS, 1, "legislature", &leg2, err)) != ANQ_OK)
        return rc;
    if ((rc = same_leg(id->legislature, leg2, err)) != ANQ_OK)
        return rc;
    if ((rc = expect(c, "-", form, err)) != ANQ_OK)
        return rc;
    if ((rc = read_number(c, NUM_DIGITS, 0, "number", &id->number, err)) != ANQ_OK)
        return rc;
    if ((rc = read_type(c, &id->type, err)) != ANQ_OK)
        return rc;
    if ((rc = expect(c, ".htm", form, err)) != ANQ_OK)
        return rc;
    eat(c, "/vue/xml");
    return expect_end(c, err);
}

/* /dyn/{leg}/questions/{uid}[.pdf] */
static int parse_dyn_path(cursor *c, anq_id *id, anq_error *err)
{
    static const char form[] = "/dyn/{leg}/questions/QANR5L{leg}{type}{number} on this host";
    int32_t leg = 0;
    int rc;
    if ((rc = expect(c, "/dyn/", form, err)) != ANQ_OK)
        return rc;
    if ((rc = read_number(c, LEG_DIGITS, 0, "legislature", &leg, err)) != ANQ_OK)
        return rc;
    if ((rc = expect(c, "/questions/", form, err)) != ANQ_OK)
        return rc;
    if ((rc = parse_uid(c, id, err)) != ANQ_OK)
        return rc;
    if ((rc = same_leg(leg, id->legislature, err)) != ANQ_OK)
        return rc;
    eat(c, ".pdf");
    return expect_end(c, err);
}

/* [/{leg}]/question/QE/{n}. @fixed_leg is the archive host's legislature,
 * or 0 on www.nosdeputes.fr; @with_segment says whether the host's route
 * has the legislature segment. */
static int parse_nd_path(cursor *c, int32_t fixed_leg, int with_segment, anq_id *id,
                         anq_error *err)
{
    const char *form = with_segment ? "/{leg}/question/QE/{number} on this host"
                                    : "/question/QE/{number} on this host";
    int rc;
    if (with_segment) {
        if ((rc = expect(c, "/", form, err)) != ANQ_OK)
            return rc;
        if ((rc = read_number(c, LEG_DIGITS, 0, "legislature", &id->legislature, err)) != ANQ_OK)
            return rc;
        if (fixed_leg && (rc = same_leg(fixed_leg, id->legislature, err)) != ANQ_OK)
            return rc;
        if (id->legislature < ND_FIRST_LEG)
            return fail(err, ANQ_ERR_BAD_ID, "legislature",
                        "NosDéputés.fr has no question before the 13th legislature");
    } else {
        id->legislature = fixed_leg;
    }
    if ((rc = expect(c, "/question/", form, err)) != ANQ_OK)
        return rc;
    if ((rc = read_type(c, &id->type, err)) != ANQ_OK)
        return rc;
    if (id->type != ANQ_TYPE_QE)
        return fail(err, ANQ_ERR_BAD_ID, "type",
                    "NosDéputés.fr only has written questions (QE)");
    if ((rc = expect(c, "/", form, err)) != ANQ_OK)
        return rc;
    if ((rc = read_number(c, NUM_DIGITS, 0, "number", &id->number, err)) != ANQ_OK)
        return rc;
    return expect_end(c, err);
}

enum host {
    HOST_NONE,
    HOST_AN_QUESTIONS,
    HOST_AN,
    HOST_ND,
    HOST_ND_2007,
    HOST_ND_2012,
    HOST_ND_2017
};

static const struct {
    const char *name; /* lower case */
    enum host host;
} hosts[] = {
    {"questions.assemblee-nationale.fr", HOST_AN_QUESTIONS},
    {"www.assemblee-nationale.fr", HOST_AN},
    {"assemblee-nationale.fr", HOST_AN},
    {"www.nosdeputes.fr", HOST_ND},
    {"nosdeputes.fr", HOST_ND},
    {"2007-2012.nosdeputes.fr", HOST_ND_2007},
    {"2012-2017.nosdeputes.fr", HOST_ND_2012},
    {"2017-2022.nosdeputes.fr", HOST_ND_2017},
};

static int parse_url(cursor *c, anq_id *id, anq_error *err)
{
    int has_scheme = eat_nocase(c, "https://") || eat_nocase(c, "http://");
    /* the query and the fragment say nothing about the question */
    for (const char *q = c->p; q < c->end; q++) {
        if (*q == '?' || *q == '#') {
            c->end = q;
            break;
        }
    }
    const char *h = c->p;
    while (c->p < c->end && *c->p != '/')
        c->p++;
    size_t hlen = (size_t)(c->p - h);
    enum host host = HOST_NONE;
    for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
        cursor hc = {h, h + hlen};
        if (strlen(hosts[i].name) == hlen && eat_nocase(&hc, hosts[i].name)) {
            host = hosts[i].host;
            break;
        }
    }
    switch (host) {
    case HOST_AN_QUESTIONS:
        if ((size_t)(c->end - c->p) >= 5 && memcmp(c->p, "/dyn/", 5) == 0)
            return parse_dyn_path(c, id, err);
        return parse_legacy_path(c, id, err);
    case HOST_AN:
        return parse_dyn_path(c, id, err);
    case HOST_ND:
        return parse_nd_path(c, 0, 1, id, err);
    case HOST_ND_2007:
        return parse_nd_path(c, 13, 0, id, err);
    case HOST_ND_2012:
        return parse_nd_path(c, 14, 1, id, err);
    case HOST_ND_2017:
        return parse_nd_path(c, 15, 1, id, err);
    case HOST_NONE:
        break;
    }
    if (has_scheme)
        return fail(err, ANQ_ERR_BAD_ID, "host",
                    "not a host that shows Assemblée nationale questions");
    return fail(err, ANQ_ERR_BAD_ID, "",
                "not a question uid (QANR5L...) or a question URL");
}

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

int anq_id_parse(const char *s, size_t len, anq_id *out, anq_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    if (!out)
        return fail(err, ANQ_ERR_INVALID_ARG, NULL, "out is NULL");
    if (!s && len)
        return fail(err, ANQ_ERR_INVALID_ARG, NULL, "s is NULL but len is not 0");
    cursor c = {s, s + len};
    while (c.p < c.end && is_blank(*c.p))
        c.p++;
    while (c.end > c.p && is_blank(c.end[-1]))
        c.end--;
    if (c.p == c.end)
        return fail(err, ANQ_ERR_EMPTY, NULL, "the identifier is empty");

    anq_id id = {0, 0, 0};
    int rc;
    if ((size_t)(c.end - c.p) >= strlen(UID_PREFIX) &&
        memcmp(c.p, UID_PREFIX, strlen(UID_PREFIX)) == 0) {
        rc = parse_uid(&c, &id, err);
        if (rc == ANQ_OK)
            rc = expect_end(&c, err);
    } else {
        rc = parse_url(&c, &id, err);
    }
    if (rc == ANQ_OK)
        *out = id;
    return rc;
}

static int check_id(const anq_id *id, anq_error *err)
{
    if (id->legislature < 1 || id->legislature > 99)
        return fail(err, ANQ_ERR_BAD_ID, "legislature", "the legislature is not within 1 to 99");
    if (!anq_type_name(id->type))
        return fail(err, ANQ_ERR_BAD_ID, "type", "the type is not QE, QOSD or QG");
    if (id->number < 1 || id->number > 9999999)
        return fail(err, ANQ_ERR_BAD_ID, "number", "the number is not within 1 to 9999999");
    return ANQ_OK;
}

char *anq_id_format(const anq_id *id, int kind, unsigned flags, anq_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    if (!id) {
        fail(err, ANQ_ERR_INVALID_ARG, NULL, "id is NULL");
        return NULL;
    }
    if (kind <= 0 || kind >= ANQ_ID_KIND_COUNT) {
        fail(err, ANQ_ERR_INVALID_ARG, "kind", "unknown identifier kind");
        return NULL;
    }
    if (flags & ~ANQ_ID_FORMAT_ALL_FLAGS) {
        fail(err, ANQ_ERR_INVALID_ARG, "flags", "unknown flag bits");
        return NULL;
    }
    if (check_id(id, err) != ANQ_OK)
        return NULL;

    const char *scheme = (flags & ANQ_ID_FORMAT_HTTP) ? "http" : "https";
    const char *type = anq_type_name(id->type);
    int leg = (int)id->legislature, num = (int)id->number;
    char buf[128];
    int n = 0;
    switch (kind) {
    case ANQ_ID_UID:
        n = snprintf(buf, sizeof buf, UID_PREFIX "%d%s%d", leg, type, num);
        break;
    case ANQ_ID_LEGACY_URL:
    case ANQ_ID_XML_VIEW_URL:
        n = snprintf(buf, sizeof buf, "%s://questions.assemblee-nationale.fr/q%d/%d-%d%s.htm%s",
                     scheme, leg, leg, num, type, kind == ANQ_ID_XML_VIEW_URL ? "/vue/xml" : "");
        break;
    case ANQ_ID_DYN_URL:
        n = snprintf(buf, sizeof buf, "%s://%s.assemblee-nationale.fr/dyn/%d/questions/" UID_PREFIX "%d%s%d",
                     scheme, (flags & ANQ_ID_FORMAT_QUESTIONS_HOST) ? "questions" : "www",
                     leg, leg, type, num);
        break;
    case ANQ_ID_NOSDEPUTES_URL:
        if (id->type != ANQ_TYPE_QE) {
            fail(err, ANQ_ERR_BAD_ID, "type", "NosDéputés.fr only has written questions (QE)");
            return NULL;
        }
        if (leg < ND_FIRST_LEG) {
            fail(err, ANQ_ERR_BAD_ID, "legislature",
                 "NosDéputés.fr has no question before the 13th legislature");
            return NULL;
        }
        if (leg == 13)
            n = snprintf(buf, sizeof buf, "%s://2007-2012.nosdeputes.fr/question/QE/%d", scheme, num);
        else if (leg == 14)
            n = snprintf(buf, sizeof buf, "%s://2012-2017.nosdeputes.fr/14/question/QE/%d", scheme, num);
        else if (leg == 15)
            n = snprintf(buf, sizeof buf, "%s://2017-2022.nosdeputes.fr/15/question/QE/%d", scheme, num);
        else
            n = snprintf(buf, sizeof buf, "%s://www.nosdeputes.fr/%d/question/QE/%d", scheme, leg, num);
        break;
    default:
        break;
    }
    if (n <= 0 || (size_t)n >= sizeof buf) {
        fail(err, ANQ_ERR_INVALID_ARG, "kind", "unknown identifier kind");
        return NULL;
    }
    char *out = anq__malloc((size_t)n + 1);
    if (!out) {
        fail(err, ANQ_ERR_NOMEM, NULL, NULL);
        return NULL;
    }
    memcpy(out, buf, (size_t)n + 1);
    return out;
}

const char *anq_id_kind_name(int kind)
{
    if (kind <= 0 || kind >= ANQ_ID_KIND_COUNT)
        return "unknown";
    return kind_names[kind];
}

int anq_id_kind_from_name(const char *name)
{
    if (!name)
        return 0;
    for (int i = 1; i < ANQ_ID_KIND_COUNT; i++)
        if (strcmp(name, kind_names[i]) == 0)
            return i;
    return 0;
}
