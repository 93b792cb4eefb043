/* SPDX-License-Identifier: MIT */
/* Byte scanning over UTF-8 text: searching, numbers, labels. Used by
 * detection and by extractors that read markers without a tree. */
#ifndef ANQ_SCAN_H
#define ANQ_SCAN_H

#include <stddef.h>

/* First occurrence of needle in hay[0..len), or NULL. */
const char *anq__find_bytes(const char *hay, size_t len, const char *needle);
/* Same, ASCII case-insensitive. */
const char *anq__find_nocase(const char *hay, size_t len, const char *needle);
/* True when s[0..len) starts with prefix, ASCII case-insensitive. */
int anq__starts_nocase(const char *s, size_t len, const char *prefix);

/* Parse the first run of decimal digits at or after s (skipping non-digits
 * when `skip` is set, else only spaces/U+00A0); returns the value (capped at
 * 2^31-1) and sets *end past the digits, or -1 when there is none. */
long anq__parse_uint(const char *s, size_t len, int skip, size_t *end);

/* Question type from a label or code: "QE", "QOSD", "QG", "Question écrite",
 * "Question orale sans débat", "Question orale", "Question au
 * gouvernement" (any case). Returns an enum anq_type (0 when unknown). */
int anq__type_parse(const char *s, size_t len);

/* Parse a uid "QANR5L16QE15463" at s; returns 1 and fills the three values. */
int anq__uid_parse(const char *s, size_t len, int *legislature, int *type, int *number);

/* Trim ASCII whitespace and U+00A0 from both ends of s[0..*len); returns
 * the new start and updates *len. */
const char *anq__trim(const char *s, size_t *len);

/* Fold whitespace in place for matching labels: runs of ASCII blanks and
 * U+00A0 become one space, none at either end; NUL-terminates s (which
 * has room for len + 1 bytes) and returns the new length. Unlike
 * anq__fold_ws (record values), U+00A0 is folded too. */
size_t anq__fold_label(char *s, size_t len);

/* Where an XML document's root element starts: the first '<' that opens an
 * element (not a declaration, processing instruction or comment) in
 * src[0..len), or NULL. */
const char *anq__xml_root_start(const char *src, size_t len);

/* Like anq__find_bytes, but only an occurrence in the page's markup
 * counts: not one inside a comment, a <script> or a <style> element.
 * Linear in len. */
const char *anq__find_markup(const char *hay, size_t len, const char *needle);

#endif
