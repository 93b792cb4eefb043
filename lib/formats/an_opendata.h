/* SPDX-License-Identifier: MIT */
/* One question of the Assemblée's open-data XML (formats.md D), read from
 * its `question` element. Private to the library: the single-question
 * extractor (an_opendata.c) uses it, and a streaming reader of the bulk
 * files (`questionsEcrites` holding many `question`) can call it once per
 * question node it builds. */
#ifndef ANQ_FORMATS_AN_OPENDATA_H
#define ANQ_FORMATS_AN_OPENDATA_H

#include "../html.h"
#include "formats.h"

/* Fill ctx->rec from the `question` element `question` (any namespace;
 * element names are compared by local name). Uses ctx->rec and
 * ctx->want_html only (not ctx->src). Sets format to ANQ_FORMAT_AN_OPENDATA.
 * Returns ANQ_OK (missing optional fields become warnings) or an error set
 * with anq__fail(): ANQ_ERR_NOT_A_QUESTION when the node is not a
 * `question` element. A record whose number stays 0 is the caller's
 * ANQ_ERR_NO_NUMBER to report, as anq_parse() does. */
int anq__opendata_extract_node(anq_ctx *ctx, anq_node *question);

#endif
