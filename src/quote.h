/* quote.h: direct quote spans. Quote marks of every style are paired by
 * looking ahead for the closing mark that fits, paragraph by paragraph,
 * with the news conventions for unclosed and multi-paragraph quotes. */
#ifndef PRECIS_QUOTE_H
#define PRECIS_QUOTE_H

#include <stddef.h>

#include "precis.h"

/* A paragraph to search: a body block or the title. */
typedef struct px_para {
    precis_span span;
    unsigned headline; /* 1 for the title: never continues a quote */
    unsigned soft;     /* 1 when only a line break (not a blank line)
                        * separates it from the paragraph before: a quote
                        * open there simply goes on */
} px_para;

/* One top-level quote. */
typedef struct px_quote {
    precis_span content; /* without the marks */
    size_t open;         /* offset of the opening mark */
    size_t close;        /* offset of the closing mark (content.end when
                          * unclosed) */
    size_t para;         /* index of the paragraph it opens in */
    size_t last_para;    /* index of the paragraph it ends in */
    unsigned flags;      /* PRECIS_QUOTE_* */
} px_quote;

typedef struct px_quotevec {
    px_quote *items; /* OWNED: px_free */
    size_t count;
    size_t cap;
} px_quotevec;

/* Finds the top-level quotes of text in paras[0..n) (in document order)
 * and appends them to out. Linear in the paragraphs' length.
 * Returns 0 or PRECIS_ENOMEM. */
int px_quotes_find(const char *text, const px_para *paras, size_t n,
                   px_quotevec *out);

/* Length of the quote mark at text[i] (of `end`), or 0 when there is none. */
size_t px_quote_mark_len(const char *text, size_t i, size_t end);

#endif
