/* fuzz_unpack.c: precis_article_unpack over damaged bytes. The input is
 * read as a page; its article is packed, and the packed bytes must unpack
 * into an article that packs to them again. Then the bytes are cut short
 * (always refused) and changed at a few places the input picks: whatever
 * unpack accepts must be an article the rest of the library can read
 * without a read out of bounds (its sentences, a summary, a brief), and
 * must pack and unpack again to itself. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* An accepted article: spans inside its text, a summary, a brief, and a
 * second round trip that gives the same bytes. */
static void check_article(const precis_article *article)
{
    size_t i, len = precis_doc_length(precis_article_doc(article));
    precis_summary_options options;
    precis_summary *summary = NULL;
    const precis_article *set[2] = {article, article};
    precis_brief *brief = NULL;
    char *bytes = NULL, *again = NULL;
    size_t n, again_n;
    precis_doc *doc = NULL;
    precis_article *copy = NULL;

    for (i = 0; i < precis_article_sentence_count(article); i++)
        fuzz_check_span(precis_article_sentence(article, i), len);
    precis_summary_options_init(&options);
    if (precis_summary_new(article, NULL, &options, &summary) == PRECIS_OK)
        for (i = 0; i < precis_summary_count(summary); i++)
            fuzz_check_span(precis_summary_sentence(summary, i), len);
    precis_summary_free(summary);
    if (precis_brief_new(set, 2, NULL, NULL, NULL, &brief) == PRECIS_OK)
        for (i = 0; i < precis_brief_sentence_count(brief); i++)
            fuzz_check_span(precis_brief_sentence(brief, i), len);
    precis_brief_free(brief);
    if (precis_article_pack(article, &bytes, &n) != PRECIS_OK)
        return;
    if (precis_article_unpack(bytes, n, &doc, &copy) == PRECIS_OK &&
        precis_article_pack(copy, &again, &again_n) == PRECIS_OK)
        FUZZ_CHECK(again_n == n && memcmp(again, bytes, n) == 0);
    precis_free(again);
    precis_article_free(copy);
    precis_doc_free(doc);
    precis_free(bytes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_article fa;
    char *bytes = NULL;
    size_t n, k, seed = 0;
    precis_doc *doc = NULL;
    precis_article *article = NULL;
    int rc;

    if (fuzz_article_new(data, size, &fa) != 0 ||
        precis_article_pack(fa.article, &bytes, &n) != PRECIS_OK) {
        fuzz_article_free(&fa);
        return 0;
    }
    rc = precis_article_unpack(bytes, n, &doc, &article);
    FUZZ_CHECK(rc == PRECIS_OK || rc == PRECIS_ENOMEM);
    if (rc == PRECIS_OK) {
        FUZZ_CHECK(precis_article_sentence_count(article) ==
                   precis_article_sentence_count(fa.article));
        check_article(article);
    }
    precis_article_free(article);
    precis_doc_free(doc);

    /* Cut short: refused. */
    for (k = 0; k < size; k++)
        seed = seed * 31 + data[k];
    rc = precis_article_unpack(bytes, seed % n, &doc, &article);
    FUZZ_CHECK(rc == PRECIS_EFORMAT && !article && !doc);

    /* A few bytes changed where the input's hash says. */
    for (k = 0; k < 4; k++) {
        size_t at = (seed >> (8 * k)) % n;

        bytes[at] = (char)(bytes[at] ^ (uint8_t)(seed >> (k + 3) | 1));
        rc = precis_article_unpack(bytes, n, &doc, &article);
        FUZZ_CHECK(rc == PRECIS_OK || rc == PRECIS_EFORMAT ||
                   rc == PRECIS_ENOMEM);
        if (rc == PRECIS_OK)
            check_article(article);
        precis_article_free(article);
        precis_doc_free(doc);
    }
    precis_free(bytes);
    fuzz_article_free(&fa);
    return 0;
}
