/* SPDX-License-Identifier: MIT */
/**
 * @file anq.h
 * @brief anq: Assemblée nationale question pages into a typed record.
 *
 * anq reads the bytes of one page describing a French Assemblée nationale
 * question (a NosDéputés.fr question page, one of the Assemblée's legacy
 * layouts, its `/vue/xml` export, the current `/dyn/` site or one open-data
 * XML question) and returns a read-only ::anq_question record.
 *
 * Ownership: every pointer reachable from a record is owned by the record and
 * stays valid until anq_question_free(); callers never free any of it.
 *
 * Threads: the library keeps no mutable global state. Any number of threads
 * may call anq_parse() at the same time on different inputs; a record may be
 * read from several threads at once. Call anq_init() once (from any thread)
 * before starting threads if the process did not already initialise libxml2.
 *
 * Encoding: every string in a record is valid, NUL-terminated UTF-8,
 * whatever the input's encoding.
 *
 * Side effects: the library never prints, never exits, and leaves libxml2's
 * global settings and error handlers as it found them.
 *
 * @code
 * anq_error err;
 * anq_question *q = anq_parse(buf, len, 0, &err);
 * if (!q) { fprintf(stderr, "%s\n", err.message); return 1; }
 * printf("%s %d\n", q->uid, q->number);
 * anq_question_free(q);
 * @endcode
 */
#ifndef ANQ_H
#define ANQ_H

#include <stddef.h>
#include <stdint.h>

#include "anq_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(ANQ_BUILDING)
#    define ANQ_API __declspec(dllexport)
#  else
#    define ANQ_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define ANQ_API __attribute__((visibility("default")))
#else
#  define ANQ_API
#endif

#if defined(__GNUC__)
#  define ANQ_WARN_UNUSED __attribute__((warn_unused_result))
#else
#  define ANQ_WARN_UNUSED
#endif

/**
 * Status codes. Values are stable and only ever appended.
 * @since 0.1.0
 */
enum anq_status {
    ANQ_OK = 0,                 /**< success */
    ANQ_ERR_NOMEM = 1,          /**< an allocation failed */
    ANQ_ERR_INVALID_ARG = 2,    /**< NULL data with a non-zero length, unknown flag bits */
    ANQ_ERR_TOO_LARGE = 3,      /**< input longer than ANQ_MAX_INPUT, or a text node over libxml2's cap */
    ANQ_ERR_TOO_DEEP = 4,       /**< elements nested deeper than the parser accepts */
    ANQ_ERR_EMPTY = 5,          /**< zero-length or blank input */
    ANQ_ERR_PARSE = 6,          /**< the markup could not be read at all */
    ANQ_ERR_NOT_A_QUESTION = 7, /**< not a question page (error page, listing, other HTML) */
    ANQ_ERR_NO_NUMBER = 8,      /**< a question page whose number cannot be found */
    ANQ_ERR_FORMAT_MISMATCH = 9,/**< the page is not in the layout forced by the flags */
    ANQ_ERR_ENCODING = 10,      /**< the bytes cannot be turned into text */
    ANQ_ERR_IO = 11,            /**< a file could not be read (reader API) */
    ANQ_ERR_BAD_ID = 12         /**< not a question identifier or URL, or an
                                     identifier that the requested form cannot
                                     name (anq_id_parse(), anq_id_format()) */
};
/** One more than the highest status code. */
#define ANQ_STATUS_COUNT 13

/**
 * Input size cap in bytes (64 MiB). Longer inputs fail with ANQ_ERR_TOO_LARGE.
 * @since 0.1.0
 */
#define ANQ_MAX_INPUT ((size_t)64 * 1024 * 1024)

/**
 * Page layouts (the JSON `format`). Values are stable.
 * @since 0.1.0
 */
enum anq_format {
    ANQ_FORMAT_UNKNOWN = 0,
    ANQ_FORMAT_NOSDEPUTES = 1,  /**< "nosdeputes" */
    ANQ_FORMAT_AN_FICHE = 2,    /**< "an_fiche" */
    ANQ_FORMAT_AN_TABLE = 3,    /**< "an_table" */
    ANQ_FORMAT_AN_LEGACY = 4,   /**< "an_legacy" */
    ANQ_FORMAT_AN_XML_VIEW = 5, /**< "an_xml_view" */
    ANQ_FORMAT_AN_DYN = 6,      /**< "an_dyn" */
    ANQ_FORMAT_AN_OPENDATA = 7  /**< "an_opendata" */
};
#define ANQ_FORMAT_COUNT 8

/** Question types. @since 0.1.0 */
enum anq_type {
    ANQ_TYPE_UNKNOWN = 0,
    ANQ_TYPE_QE = 1,    /**< question écrite */
    ANQ_TYPE_QOSD = 2,  /**< question orale sans débat */
    ANQ_TYPE_QG = 3     /**< question au Gouvernement */
};

/** Question status (output.md). @since 0.1.0 */
enum anq_status_kind {
    ANQ_STATUS_UNKNOWN = 0,
    ANQ_STATUS_ANSWERED = 1,
    ANQ_STATUS_OPEN = 2,
    ANQ_STATUS_WITHDRAWN = 3,
    ANQ_STATUS_LAPSED = 4
};

/** Procedural event kinds. @since 0.1.0 */
enum anq_event_kind {
    ANQ_EVENT_ATTRIBUTION_CHANGE = 1,
    ANQ_EVENT_SIGNALEMENT = 2,
    ANQ_EVENT_RENEWAL = 3,
    ANQ_EVENT_ERRATUM_QUESTION = 4,
    ANQ_EVENT_ERRATUM_ANSWER = 5
};

/**
 * Parse flags. Unknown bits make anq_parse() fail with ANQ_ERR_INVALID_ARG.
 * The low byte ANQ_PARSE_FORMAT_MASK may hold an ::anq_format value to force
 * a layout instead of detecting it (0 = detect).
 * @since 0.1.0
 */
#define ANQ_PARSE_DEFAULT 0u
#define ANQ_PARSE_FORMAT_MASK 0xffu
#define ANQ_PARSE_FORMAT(f) ((unsigned)(f) & ANQ_PARSE_FORMAT_MASK)
/** Skip building question_html / answer_html (faster). */
#define ANQ_PARSE_NO_HTML (1u << 8)
/** Every flag bit this version knows. */
#define ANQ_PARSE_ALL_FLAGS (ANQ_PARSE_FORMAT_MASK | ANQ_PARSE_NO_HTML)

/** JSON flags for anq_question_to_json(). */
#define ANQ_JSON_DEFAULT 0u
#define ANQ_JSON_PRETTY (1u << 0) /**< indent with two spaces, one key per line */
#define ANQ_JSON_ALL_FLAGS ANQ_JSON_PRETTY

/** A calendar date; all three are 0 when absent. */
typedef struct anq_date {
    int32_t year;
    int32_t month;
    int32_t day;
} anq_date;

/** A JO publication: date and page (page 0 = not given). */
typedef struct anq_jo {
    anq_date date;
    int32_t jo_page;
} anq_jo;

/** The question's author. Every string may be NULL. */
typedef struct anq_author {
    const char *name;         /**< "First Last", civility removed */
    const char *first_name;
    const char *last_name;
    const char *civility;     /**< "M." or "Mme" */
    const char *an_id;        /**< "PA793508" */
    const char *group;        /**< full group name as printed */
    const char *group_abbrev; /**< "LR", "SOC" */
    const char *department;
    const char *region;
    int32_t constituency;     /**< 0 = not given */
} anq_author;

/** One attribution to a ministry. */
typedef struct anq_attribution {
    const char *ministry;
    anq_date date;            /**< zero when not printed */
} anq_attribution;

/** One dated procedural event. */
typedef struct anq_event {
    int32_t kind;             /**< enum anq_event_kind */
    anq_date date;
    int32_t jo_page;          /**< 0 = not given */
} anq_event;

/** How the question was closed. All absent (NULL / zero) = not closed. */
typedef struct anq_closure {
    const char *code;         /**< "REP_PUB", "AU", "FL", ... */
    const char *reason;       /**< as printed */
    anq_date date;
} anq_closure;

/**
 * The record. Read-only, allocated by anq_parse(), freed by
 * anq_question_free(). Fields are only ever appended: a program built
 * against a newer header checks `q->size` before reading a field that an
 * older library may not have (see ANQ_HAS_FIELD).
 * @since 0.1.0
 */
typedef struct anq_question {
    size_t size;              /**< sizeof(anq_question) of the library that built it */
    int32_t format;           /**< enum anq_format */
    int32_t type;             /**< enum anq_type */
    int32_t legislature;
    int32_t number;
    const char *uid;          /**< "QANR5L16QE15463" */
    const char *url;
    anq_author author;
    const char *ministry_asked;
    const char *ministry_answering;
    const anq_attribution *attributions;
    size_t attributions_count;
    const char *rubrique;
    const char *tete_analyse;
    const char *const *analyses;
    size_t analyses_count;
    const char *title;
    anq_jo submitted;
    anq_jo answered;          /**< date zero and page 0 = not answered */
    anq_date sitting_date;
    int32_t status;           /**< enum anq_status_kind */
    anq_closure closure;
    const anq_event *events;
    size_t events_count;
    const char *question;     /**< plain text */
    const char *answer;       /**< plain text */
    /** Sanitised HTML: well-formed, a fixed list of elements and attributes
     * kept (tables included); no script, style, frame or form, no event
     * attribute, no href whose scheme a browser would run (javascript:,
     * vbscript:, data:, read as a browser reads it). */
    const char *question_html;
    const char *answer_html;  /**< the same for the answer */
    const char *const *warnings;
    size_t warnings_count;
} anq_question;

/** True when record @p q carries @p field (a member of anq_question). */
#define ANQ_HAS_FIELD(q, field) \
    ((q)->size >= offsetof(anq_question, field) + sizeof((q)->field))

/**
 * Error details, filled by the library on failure. Fixed layout.
 * @since 0.1.0
 */
typedef struct anq_error {
    int32_t code;             /**< enum anq_status */
    uint32_t line;            /**< input line involved, 0 if none (a hint) */
    char field[48];           /**< output field involved ("number"), or "" */
    char message[160];        /**< an English sentence */
    uint32_t index;           /**< streaming reader (anq_reader_next()): the
                                   position of the question involved in its
                                   file, the first `question` element being 1;
                                   0 when the error concerns no one question */
    uint32_t reserved;
    uint64_t offset;          /**< streaming reader: byte offset in the input
                                   where the problem lies (the question's
                                   start tag, or the point where libxml2
                                   stopped), 0 when unknown */
} anq_error;

/**
 * Initialise the library (and libxml2's parser, once). Idempotent and
 * thread-safe; anq_parse() calls it itself. Call it from the main thread
 * before starting threads if the process does not initialise libxml2.
 * @return ANQ_OK.
 * @since 0.1.0
 */
ANQ_API int anq_init(void);

/**
 * Parse one question page.
 *
 * @param data   the page's bytes, in any encoding; need not be NUL-terminated.
 * @param len    number of bytes; at most ANQ_MAX_INPUT.
 * @param flags  ANQ_PARSE_* bits; the low byte may force a layout (::anq_format).
 * @param err    filled with the failure (or ANQ_OK); may be NULL.
 * @return a new record owned by the caller, to release with
 *         anq_question_free(); it keeps on the heap only what it holds
 *         (its strings and arrays, the struct itself: the room left over
 *         when the parse ends is given back), and nothing of @p data.
 *         NULL on failure with @p err set:
 *         ANQ_ERR_INVALID_ARG, ANQ_ERR_EMPTY, ANQ_ERR_TOO_LARGE,
 *         ANQ_ERR_TOO_DEEP, ANQ_ERR_NOMEM, ANQ_ERR_PARSE,
 *         ANQ_ERR_NOT_A_QUESTION, ANQ_ERR_NO_NUMBER, ANQ_ERR_FORMAT_MISMATCH.
 *         Missing optional fields are not errors; they are listed in
 *         `warnings` as "field_missing:NAME".
 * Thread-safety: reentrant; may run concurrently on different inputs.
 * @since 0.1.0
 */
ANQ_API ANQ_WARN_UNUSED anq_question *anq_parse(const char *data, size_t len,
                                                unsigned flags, anq_error *err);

/**
 * Free a record and everything it holds. NULL is a no-op.
 * Thread-safety: the record must not be in use by another thread.
 * @since 0.1.0
 */
ANQ_API void anq_question_free(anq_question *q);

/**
 * The record as one JSON object, keys and order as output.md.
 * @param q      a record from anq_parse().
 * @param flags  ANQ_JSON_* bits (ANQ_JSON_PRETTY).
 * @return a NUL-terminated UTF-8 string owned by the caller, freed with
 *         anq_free(); NULL if @p q is NULL, a flag is unknown, or memory ran out.
 * Thread-safety: reentrant; @p q is only read.
 * @since 0.1.0
 */
ANQ_API ANQ_WARN_UNUSED char *anq_question_to_json(const anq_question *q,
                                                   unsigned flags);

/**
 * @p s[0..len) as a JSON string literal, quotes included, for callers that
 * build JSON around records (the `anq` command's "file" and error objects).
 * @return a NUL-terminated string freed with anq_free(); NULL when @p s is
 *         NULL or memory ran out. Thread-safe. @since 0.1.0
 */
ANQ_API ANQ_WARN_UNUSED char *anq_json_quote(const char *s, size_t len);

/**
 * Free memory returned by the library other than records (JSON strings).
 * NULL is a no-op. @since 0.1.0
 */
ANQ_API void anq_free(void *p);

/**
 * A static English description of a status code. Never NULL; unknown codes
 * give "unknown error". Thread-safe. @since 0.1.0
 */
ANQ_API const char *anq_strerror(int code);

/**
 * The symbolic name of a status code ("ANQ_ERR_EMPTY" gives "empty"),
 * as printed in the `anq` command's error objects. Never NULL. @since 0.1.0
 */
ANQ_API const char *anq_status_name(int code);

/**
 * The library's runtime version, "MAJOR.MINOR.PATCH" (compare with
 * ANQ_VERSION_STRING). Never NULL; static. @since 0.1.0
 */
ANQ_API const char *anq_version(void);

/**
 * Name of a layout as in the JSON `format` ("an_fiche"), or "unknown".
 * Never NULL; static. @since 0.1.0
 */
ANQ_API const char *anq_format_name(int format);

/**
 * Layout value for a name ("an_fiche" gives ANQ_FORMAT_AN_FICHE);
 * "auto" and unknown names give ANQ_FORMAT_UNKNOWN (0). NULL-safe.
 * @since 0.1.0
 */
ANQ_API int anq_format_from_name(const char *name);

/**
 * True when this build of the library reads layout @p format.
 * Thread-safe. @since 0.1.0
 */
ANQ_API int anq_format_supported(int format);

/** "QE", "QOSD", "QG" or NULL for unknown. @since 0.1.0 */
ANQ_API const char *anq_type_name(int type);

/** "answered", "open", "withdrawn", "lapsed" or "unknown". @since 0.1.0 */
ANQ_API const char *anq_status_kind_name(int status);

/** "attribution_change", "signalement", "renewal", "erratum_question",
 *  "erratum_answer", or "unknown". @since 0.1.0 */
ANQ_API const char *anq_event_kind_name(int kind);

/* ------------------------------------------------------------------------ */
/* Open data: the streaming reader                                           */
/* ------------------------------------------------------------------------ */

/**
 * A streaming reader of the Assemblée's open-data question XML: a bulk file
 * whose root (`questionsEcrites`, `questionsGouvernement`, … or any other
 * element) holds many `question` elements, with or without the namespace
 * `http://schemas.assemblee-nationale.fr/referentiel`, or a file holding one
 * question. Each `question` element that is not inside another one becomes
 * one record, built by the same rules as anq_parse() builds an
 * `an_opendata` page.
 *
 * Memory: bounded by the largest question, whatever the file's size. The
 * input is handed to libxml2's push parser 64 KiB at a time; each question's
 * tree is freed once its record is built; nothing outside the questions is
 * kept. A question longer than ANQ_MAX_INPUT bytes fails with
 * ANQ_ERR_TOO_LARGE and ends the stream.
 *
 * Parser: libxml2 with XML_PARSE_NONET, no entity expansion, no DTD loading,
 * no XML_PARSE_HUGE (depth 256, text nodes of 10 MB at most). The encoding is
 * the one the file declares (UTF-8 for the Assemblée's files); libxml2
 * converts the others itself. Unlike anq_parse(), the reader does not repair
 * invalid bytes: invalid UTF-8 ends the stream with ANQ_ERR_ENCODING.
 *
 * Errors: see anq_reader_next(). A question that is not well-formed XML
 * inside (a mismatched end tag, a stray `&`), or that is not a question
 * record (no number), is reported with its position and the reader goes on
 * with the next one. An error that breaks the XML stream itself (bytes that
 * are not XML, invalid UTF-8, markup between questions that closes the root,
 * nesting over 256 levels, a read error) is reported once and ends the
 * stream. An input that ends inside a question gives that question's record
 * with the warning `input_truncated` (as anq_parse() does for a cut
 * download), then, for a bulk file, the error ANQ_ERR_PARSE saying that the
 * root element was not closed.
 *
 * Threads: a reader belongs to the thread that calls it; different readers
 * may run at the same time in different threads. The reader never prints;
 * libxml2's thread-local error handlers are swapped for a silent sink during
 * each call and restored before it returns.
 *
 * @code
 * anq_error err;
 * anq_reader *r = anq_reader_open_file("Questions_ecrites_XIV.xml", 0, &err);
 * if (!r) { fprintf(stderr, "%s\n", err.message); return 1; }
 * anq_question *q;
 * int rc;
 * while ((rc = anq_reader_next(r, &q, &err)) != 0) {
 *     if (rc < 0) {   // this question, or the rest of the stream, failed
 *         fprintf(stderr, "question %u (line %u): %s\n", err.index, err.line, err.message);
 *         continue;   // the next call goes on, or returns 0 at the end
 *     }
 *     printf("%s %s\n", q->uid, anq_status_kind_name(q->status));
 *     anq_question_free(q);
 * }
 * anq_reader_close(r);
 * @endcode
 * @since 0.1.0
 */
typedef struct anq_reader anq_reader;

/**
 * A source of bytes for anq_reader_open_io(): copy up to @p cap bytes into
 * @p buf and set @p *got to their number (0 at the end of the input).
 * Return 0, or any other value for a read error (the reader then reports
 * ANQ_ERR_IO and ends the stream). Called only from within
 * anq_reader_next(), on the caller's thread.
 * @since 0.1.0
 */
typedef int (*anq_read_fn)(void *ctx, char *buf, size_t cap, size_t *got);

/**
 * Open a reader on the file at @p path (read 64 KiB at a time; the file is
 * never loaded whole).
 *
 * @param path   a file name; opened at once, read by anq_reader_next().
 * @param flags  ANQ_PARSE_NO_HTML; the format byte (ANQ_PARSE_FORMAT_MASK)
 *               may be 0 or ANQ_FORMAT_AN_OPENDATA. Other bits fail with
 *               ANQ_ERR_INVALID_ARG.
 * @param err    filled with the failure (or ANQ_OK); may be NULL.
 * @return a new reader owned by the caller, to release with
 *         anq_reader_close(); NULL on failure with @p err set:
 *         ANQ_ERR_INVALID_ARG (@p path NULL, bad flags), ANQ_ERR_IO (the
 *         file cannot be opened, or is a folder; the message says why),
 *         ANQ_ERR_NOMEM. The content is not read yet: an empty or non-XML
 *         file is reported by the first anq_reader_next().
 * Thread-safety: reentrant.
 * @since 0.1.0
 */
ANQ_API ANQ_WARN_UNUSED anq_reader *anq_reader_open_file(const char *path, unsigned flags,
                                                         anq_error *err);

/**
 * Open a reader on @p len bytes at @p data. The bytes are not copied: they
 * must stay valid and unchanged until anq_reader_close(). @p len may exceed
 * ANQ_MAX_INPUT (the cap applies to each question).
 *
 * @param data   the bytes; may be NULL when @p len is 0.
 * @param len    number of bytes.
 * @param flags  as for anq_reader_open_file().
 * @param err    filled with the failure (or ANQ_OK); may be NULL.
 * @return a new reader, or NULL with @p err set: ANQ_ERR_INVALID_ARG
 *         (@p data NULL with a non-zero @p len, bad flags), ANQ_ERR_NOMEM.
 * Thread-safety: reentrant.
 * @since 0.1.0
 */
ANQ_API ANQ_WARN_UNUSED anq_reader *anq_reader_open_memory(const char *data, size_t len,
                                                           unsigned flags, anq_error *err);

/**
 * Open a reader on bytes supplied by @p read (a pipe, a socket, a
 * decompressor, standard input after a peek).
 *
 * @param read   the source, called with @p ctx by anq_reader_next().
 * @param ctx    passed to @p read; the reader never frees it.
 * @param flags  as for anq_reader_open_file().
 * @param err    filled with the failure (or ANQ_OK); may be NULL.
 * @return a new reader, or NULL with @p err set: ANQ_ERR_INVALID_ARG
 *         (@p read NULL, bad flags), ANQ_ERR_NOMEM.
 *         anq_reader_input_size() is 0 (unknown) for such a reader.
 * Thread-safety: reentrant.
 * @since 0.1.0
 */
ANQ_API ANQ_WARN_UNUSED anq_reader *anq_reader_open_io(anq_read_fn read, void *ctx,
                                                       unsigned flags, anq_error *err);

/**
 * Read the next question.
 *
 * @param r    a reader.
 * @param out  receives a new record owned by the caller (free it with
 *             anq_question_free(); records are independent of each other
 *             and of the reader) when 1 is returned, else NULL.
 * @param err  filled with the failure, or cleared (ANQ_OK); may be NULL.
 * @return 1: a question, in @p *out. 0: the end of the input (every later
 *         call returns 0 too). Negative: an error, the opposite of the code
 *         in @p err->code, with the position in @p err: `index` (the
 *         question's position in the file, first = 1; 0 when the error is
 *         not about one question), `line` (the input line; the question's
 *         start tag for a question that is not a record, the line where
 *         libxml2 saw the problem for XML errors) and `offset` (the byte
 *         offset, 0 when unknown: input in an encoding other than UTF-8).
 *         Call again to go on: after a question's own error the next call
 *         reads the next question; after an error that ends the stream it
 *         returns 0. The codes:
 *         - for one question: ANQ_ERR_PARSE (not well-formed inside; the
 *           message is libxml2's), ANQ_ERR_NO_NUMBER (a question without
 *           number), ANQ_ERR_NOMEM;
 *         - ending the stream: ANQ_ERR_EMPTY (empty or blank input),
 *           ANQ_ERR_PARSE (not XML, an XML error outside the questions, or
 *           the input ends before the root element's end tag),
 *           ANQ_ERR_NOT_A_QUESTION (well-formed XML without any `question`
 *           element), ANQ_ERR_ENCODING (invalid bytes for the encoding),
 *           ANQ_ERR_TOO_DEEP, ANQ_ERR_TOO_LARGE (a question over
 *           ANQ_MAX_INPUT bytes, a text node over libxml2's cap), ANQ_ERR_IO
 *           (a read failed), ANQ_ERR_NOMEM (inside libxml2).
 *         ANQ_ERR_INVALID_ARG when @p r or @p out is NULL.
 * Thread-safety: one call at a time per reader.
 * @since 0.1.0
 */
ANQ_API ANQ_WARN_UNUSED int anq_reader_next(anq_reader *r, anq_question **out,
                                            anq_error *err);

/**
 * Bytes of input handed to the parser so far (for a progress display; at
 * most 64 KiB ahead of the last question returned). 0 for NULL.
 * @since 0.1.0
 */
ANQ_API uint64_t anq_reader_bytes_read(const anq_reader *r);

/**
 * The input's total size in bytes when known (a regular file's size at
 * open, the memory length), else 0 (a pipe, anq_reader_open_io()). 0 for
 * NULL. @since 0.1.0
 */
ANQ_API uint64_t anq_reader_input_size(const anq_reader *r);

/**
 * The position in the file (first = 1) of the question last returned or
 * reported by anq_reader_next(); 0 before the first and for NULL. After a
 * record, it is the index to print beside it.
 * @since 0.1.0
 */
ANQ_API size_t anq_reader_index(const anq_reader *r);

/**
 * Close the reader: free its parser and buffers, and close the file it
 * opened. Records already returned stay valid. NULL is a no-op.
 * @since 0.1.0
 */
ANQ_API void anq_reader_close(anq_reader *r);

/* ------------------------------------------------------------------------ */
/* Question identifiers                                                      */
/* ------------------------------------------------------------------------ */

/**
 * A question's identity: legislature, type and number, as in the record
 * (`legislature`, `type`, `number`). The same number exists for several
 * types in one legislature, so all three are needed. Plain value type,
 * allocated by the caller; its layout is fixed.
 * @since 0.1.0
 */
typedef struct anq_id {
    int32_t legislature;      /**< 1 to 99 */
    int32_t type;             /**< enum anq_type: QE, QOSD or QG */
    int32_t number;           /**< 1 to 9 999 999 */
} anq_id;

/**
 * The written forms of an identifier, for anq_id_format(). Values are
 * stable and only ever appended. anq_id_parse() reads all of them.
 * @since 0.1.0
 */
enum anq_id_kind {
    /** "uid": `QANR5L16QE15463` (the open-data uid, the record's `uid`). */
    ANQ_ID_UID = 1,
    /** "legacy": `https://questions.assemblee-nationale.fr/q16/16-15463QE.htm`. */
    ANQ_ID_LEGACY_URL = 2,
    /** "xml_view": the legacy URL followed by `/vue/xml`. */
    ANQ_ID_XML_VIEW_URL = 3,
    /** "dyn": `https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE15463`. */
    ANQ_ID_DYN_URL = 4,
    /** "nosdeputes": `https://www.nosdeputes.fr/16/question/QE/15463`; written
     *  questions (QE) of legislature 13 onwards only. Legislature 13 is
     *  `https://2007-2012.nosdeputes.fr/question/QE/N` (no legislature
     *  segment), 14 is `https://2012-2017.nosdeputes.fr/14/question/QE/N`,
     *  15 is `https://2017-2022.nosdeputes.fr/15/question/QE/N`, 16 and
     *  later `https://www.nosdeputes.fr/{leg}/question/QE/N`. */
    ANQ_ID_NOSDEPUTES_URL = 5
};
/** One more than the highest ::anq_id_kind. */
#define ANQ_ID_KIND_COUNT 6

/** Flags for anq_id_format(). Unknown bits fail with ANQ_ERR_INVALID_ARG.
 *  @since 0.1.0 */
#define ANQ_ID_FORMAT_DEFAULT 0u
/** `http://` instead of `https://` (the form of older source links). */
#define ANQ_ID_FORMAT_HTTP (1u << 0)
/** ANQ_ID_DYN_URL on host `questions.assemblee-nationale.fr` instead of
 *  `www.assemblee-nationale.fr`; other kinds ignore it. */
#define ANQ_ID_FORMAT_QUESTIONS_HOST (1u << 1)
/** Every anq_id_format() flag this version knows. */
#define ANQ_ID_FORMAT_ALL_FLAGS (ANQ_ID_FORMAT_HTTP | ANQ_ID_FORMAT_QUESTIONS_HOST)

/**
 * Read a question identifier written in any of the ::anq_id_kind forms.
 *
 * Accepted, after leading and trailing ASCII blanks (space, tab, CR, LF)
 * are dropped:
 * - the uid `QANR5L{leg}{TYPE}{n}`;
 * - `[http[s]://]questions.assemblee-nationale.fr/q{leg}/{leg}-{n}{TYPE}.htm`,
 *   optionally followed by `/vue/xml` (a one-digit legislature may be
 *   written `q07/07-`);
 * - `[http[s]://]{www.|questions.}assemblee-nationale.fr/dyn/{leg}/questions/{uid}`,
 *   optionally followed by `.pdf`;
 * - `[http[s]://]{www.}nosdeputes.fr/{leg}/question/QE/{n}` (legislature 13
 *   or later), `2007-2012.nosdeputes.fr/question/QE/{n}` (legislature 13),
 *   `2012-2017.nosdeputes.fr/14/question/QE/{n}`,
 *   `2017-2022.nosdeputes.fr/15/question/QE/{n}`.
 *
 * A URL may end with a `?query` or `#fragment`, which is ignored. Host names
 * and the scheme are read without regard to case; every other part is
 * case-sensitive (`QE`, not `qe`). {TYPE} is QE, QOSD or QG: other types
 * seen in the wild (QM, QST) are rejected, since no page of theirs is read
 * by this library. Legislatures have one or two digits, numbers one to
 * seven, without leading zeros. Where a form states the legislature twice
 * (`q16/16-`, `/dyn/16/questions/QANR5L16…`, an archive host and its
 * segment) both must agree.
 *
 * @param s    the text, in UTF-8 or ASCII; need not be NUL-terminated.
 * @param len  number of bytes of @p s.
 * @param out  receives the identifier on success; left untouched on failure.
 * @param err  filled with the failure (or ANQ_OK), with `field` naming the
 *             part involved ("legislature", "type", "number", "host",
 *             "path", or "" when the text is no identifier at all); may be
 *             NULL.
 * @return ANQ_OK; ANQ_ERR_INVALID_ARG when @p out is NULL or @p s is NULL
 *         with a non-zero @p len; ANQ_ERR_EMPTY for empty or blank text;
 *         ANQ_ERR_BAD_ID for anything else that is not one of the forms.
 * Ownership: nothing is allocated. Thread-safety: reentrant.
 * @since 0.1.0
 */
ANQ_API int anq_id_parse(const char *s, size_t len, anq_id *out, anq_error *err);

/**
 * Write identifier @p id in form @p kind.
 *
 * @param id     the identifier: legislature 1–99, type QE, QOSD or QG,
 *               number 1–9 999 999.
 * @param kind   an ::anq_id_kind.
 * @param flags  ANQ_ID_FORMAT_* bits.
 * @param err    filled with the failure (or ANQ_OK); may be NULL.
 * @return a new NUL-terminated ASCII string owned by the caller, freed with
 *         anq_free(); NULL on failure with @p err set: ANQ_ERR_INVALID_ARG
 *         (@p id NULL, unknown @p kind or flag bits), ANQ_ERR_BAD_ID (a
 *         value out of range, or a form that cannot name this question:
 *         ANQ_ID_NOSDEPUTES_URL for a type other than QE (field "type") or a
 *         legislature before the 13th (field "legislature")),
 *         ANQ_ERR_NOMEM.
 * Thread-safety: reentrant; @p id is only read.
 * @since 0.1.0
 */
ANQ_API ANQ_WARN_UNUSED char *anq_id_format(const anq_id *id, int kind,
                                            unsigned flags, anq_error *err);

/**
 * The name of an ::anq_id_kind: "uid", "legacy", "xml_view", "dyn",
 * "nosdeputes"; "unknown" for other values. Never NULL; static.
 * Thread-safe. @since 0.1.0
 */
ANQ_API const char *anq_id_kind_name(int kind);

/**
 * The ::anq_id_kind named @p name (as anq_id_kind_name() spells it), or 0
 * for an unknown name or NULL. Thread-safe. @since 0.1.0
 */
ANQ_API int anq_id_kind_from_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* ANQ_H */
