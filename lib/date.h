/* SPDX-License-Identifier: MIT */
/* Dates: every form the pages print, to a calendar date. */
#ifndef ANQ_DATE_H
#define ANQ_DATE_H

#include <stddef.h>

#include "anq.h"

/* True when y-m-d is a real calendar date (1800 <= y <= 2200). */
int anq__date_valid(int y, int m, int d);

/* Parse one date at the start of s[0..len) (leading spaces, tabs, newlines
 * and U+00A0 skipped). Accepted: "20/02/2024", "2/3/2024", "2024-02-20"
 * (optionally followed by a time or zone, "2024-02-20T10:00:00+01:00"),
 * "20 février 2024", "1er mars 2024", "mardi 12 décembre 2023" (weekday
 * ignored), month names in any case, with or without accents
 * ("fevrier", "aout", "decembre"), U+00A0 or several spaces between words.
 * Returns the number of bytes consumed (> 0) and fills *out, or 0 (out
 * zeroed) when no valid date starts there. */
size_t anq__date_parse(const char *s, size_t len, anq_date *out);

/* Find the first valid date anywhere in s[0..len) ("… parue dans le journal
 * officiel le 26 octobre 2022"). Returns 1 and fills *out, else 0. When
 * `end` is not NULL it receives the offset just past the date. */
int anq__date_find(const char *s, size_t len, anq_date *out, size_t *end);

/* Write "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). Returns 10, or
 * 0 (and an empty string) when d is absent (all zero). */
int anq__date_format(const anq_date *d, char *buf);

#endif
