/* SPDX-License-Identifier: MIT */
/* Input: sniff the encoding of a page and turn it into valid UTF-8. */
#ifndef ANQ_INPUT_H
#define ANQ_INPUT_H

#include <stddef.h>

/* Warning bits reported by anq__input_to_utf8(). */
#define ANQ_INPUT_REPAIRED 1u /* invalid bytes, NULs or mojibake were fixed */
#define ANQ_INPUT_GUESSED 2u  /* no declaration: the encoding was guessed (windows-1252) */

/* Encodings the sniffer can decide on. */
enum anq_encoding {
    ANQ_ENC_UTF8 = 0,
    ANQ_ENC_WINDOWS_1252 = 1,
    ANQ_ENC_UTF16LE = 2,
    ANQ_ENC_UTF16BE = 3
};

/* Decide the encoding of data[0..len): BOM first; then a declaration
 * anywhere in the first 64 KiB before </head> (or the first 64 KiB when there is no
 * </head>): <meta charset=X>, <meta http-equiv="Content-Type" content="…;
 * charset=X">, or <?xml … encoding="X"?>; labels utf-8/utf8 give UTF-8,
 * windows-1252, cp1252, iso-8859-1, iso-8859-15, latin1, latin-1,
 * us-ascii, ascii give windows-1252 (as browsers do); an unknown label or
 * no declaration: UTF-8 when the whole input is valid UTF-8, else
 * windows-1252 with *guessed set to 1. *bom_len receives the BOM length
 * to skip (0, 2 or 3). */
enum anq_encoding anq__input_sniff(const char *data, size_t len,
                                   size_t *bom_len, int *guessed);

/* Write code point cp (a Unicode scalar value, at most U+10FFFF) as UTF-8
 * at out (room for 4 bytes); returns the number of bytes written. The one
 * encoder of the library. */
size_t anq__utf8_put(char *out, unsigned long cp);

/* True when s[0..len) is valid UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). */
int anq__utf8_valid(const char *s, size_t len);

/* Convert a whole page to UTF-8 that is valid, has no NUL and no C0 control
 * other than TAB, LF and CR (each such byte and each invalid sequence
 * becomes U+FFFD), with double-encoded UTF-8 ("Ã©" for "é") decoded once.
 * On success returns 0 and sets *out to a NUL-terminated buffer from
 * anq__malloc (the caller frees it with anq__free) of *out_len bytes, and ORs
 * ANQ_INPUT_* bits into *warn. Returns ANQ_ERR_NOMEM (1) when an allocation
 * fails, with *out NULL. */
int anq__input_to_utf8(const char *data, size_t len, char **out,
                       size_t *out_len, unsigned *warn);

/* Like anq__input_to_utf8, without a copy when the bytes are already valid
 * UTF-8 with nothing to fix: then *view points into data (after a BOM) and
 * *owned is NULL. Otherwise *owned is the converted buffer (free it with
 * anq__free) and *view == *owned. The view is NOT NUL-terminated: read it
 * with *view_len. Returns 0, ANQ_ERR_NOMEM (1) or ANQ_ERR_INVALID_ARG (2). */
int anq__input_view(const char *data, size_t len, const char **view,
                    size_t *view_len, char **owned, unsigned *warn);

#endif
