/* token.h: the tokenizer (precis_tokenize is its public face). */
#ifndef PRECIS_TOKEN_H
#define PRECIS_TOKEN_H

#include <stddef.h>

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

#endif
