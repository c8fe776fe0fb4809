/* token.h: the tokenizer (precis_tokenize is its public face). */
#ifndef PRECIS_TOKEN_H
#define PRECIS_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* Tokenizes text[start..end) reporting absolute offsets into text.
 * Same contract as precis_tokenize. */
int px_tokenize(const char *text, size_t start, size_t end,
                precis_token_cb cb, void *ctx);

/* The next token of text[i..end), for callers that need no folded text:
 * returns its start (end when there is none) and sets *kind
 * (PRECIS_TOKEN_*), *stop (its end) and *ascii (1 when every byte of it
 * is ASCII, so that its folded text is its bytes in lower case). The same
 * tokens as px_tokenize. */
size_t px_token_next(const char *text, size_t i, size_t end, int *kind,
                     size_t *stop, int *ascii);

/* A token kept for a later pass: its bytes in the text and the cache
 * entry of its folded word in the analyzer that read it (px_analyzer_info),
 * or PX_TOKEN_NUMBER for a number. The layout records every token of a
 * page this way, so that the article takes its sentences' words from the
 * record instead of reading the text again. */
typedef struct px_token {
    size_t start;
    uint32_t len;  /* PX_TOKEN_LONG when it does not fit */
    uint32_t word;
} px_token;

#define PX_TOKEN_NUMBER UINT32_MAX
#define PX_TOKEN_LONG UINT32_MAX

typedef struct px_tokvec {
    px_token *items;
    size_t count, cap;
} px_tokvec;

#endif
