/* fuzz.h: what the fuzz targets share. Each target is one file defining
 * LLVMFuzzerTestOneInput; it links either with libFuzzer (-Dfuzzing=true)
 * or with replay.c, which runs it over a seed folder as a plain test. A
 * broken invariant aborts, so that both the fuzzer and the test see it. */
#ifndef PRECIS_FUZZ_H
#define PRECIS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* English, made on first use and kept for the process: building a
 * language per input would only slow the fuzzer down. NULL when it could
 * not be made (out of memory). */
const precis_lang *fuzz_lang(void);

/* A document of data[0..size): checked as it is first (the reported bad
 * byte must be the first invalid one), then with invalid sequences
 * repaired. OWNED (precis_doc_free), or NULL when out of memory. */
precis_doc *fuzz_doc(const uint8_t *data, size_t size);

/* The input as a document and as an article (English), with the
 * analyzer made for it (one per input: its cache grows with the
 * vocabulary). fuzz_article_new returns 0 when all three were made;
 * otherwise what was made (doc at least, unless out of memory) is kept.
 * Either way fuzz_article_free frees it. */
typedef struct fuzz_article {
    precis_doc *doc;
    precis_analyzer *analyzer;
    precis_article *article;
} fuzz_article;

int fuzz_article_new(const uint8_t *data, size_t size, fuzz_article *fa);
void fuzz_article_free(fuzz_article *fa);

/* Aborts with a message naming the broken condition. */
#define FUZZ_CHECK(cond) \
    ((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))
void fuzz_fail(const char *what, const char *file, int line);

/* Checks that `span` is a well-formed range of a text of `len` bytes. */
void fuzz_check_span(precis_span span, size_t len);

#endif
