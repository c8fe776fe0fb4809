/* token.h: the tokenizer (precis_tokenize is its public face). */
#ifndef PRECIS_TOKEN_H
#define PRECIS_TOKEN_H

#include <stddef.h>

#include "precis.h"

/* Tokenizes text[start..end) reporting absolute offsets into text.
 * Same contract as precis_tokenize. */
int px_tokenize(const char *text, size_t start, size_t end,
                precis_token_cb cb, void *ctx);

#endif
