/* fuzz_common.c: the helpers of fuzz.h. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

void fuzz_fail(const char *what, const char *file, int line)
{
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    abort();
}

const precis_lang *fuzz_lang(void)
{
    static precis_lang *lang;

    if (!lang && precis_lang_new("english", NULL, 0, &lang) != PRECIS_OK)
        lang = NULL;
    return lang;
}

precis_doc *fuzz_doc(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    precis_doc *doc = NULL;
    precis_location where;
    size_t bad = precis_utf8_check(bytes, size);
    int err = precis_doc_new(bytes, size, 0, &doc, &where);

    if (err == PRECIS_EUTF8) {
        FUZZ_CHECK(bad < size);
        FUZZ_CHECK(where.offset == bad);
        FUZZ_CHECK(where.line >= 1 && where.column >= 1);
    } else if (err == PRECIS_OK) {
        FUZZ_CHECK(bad == size);
        FUZZ_CHECK(precis_doc_length(doc) == size);
        return doc;
    }
    if (precis_doc_new(bytes, size, PRECIS_DOC_REPAIR, &doc, NULL) !=
        PRECIS_OK)
        return NULL;
    FUZZ_CHECK(precis_utf8_check(precis_doc_text(doc),
                                 precis_doc_length(doc)) ==
               precis_doc_length(doc));
    return doc;
}

int fuzz_article_new(const uint8_t *data, size_t size, fuzz_article *fa)
{
    const precis_lang *lang = fuzz_lang();

    fa->doc = fuzz_doc(data, size);
    fa->analyzer = NULL;
    fa->article = NULL;
    if (!lang || !fa->doc ||
        precis_analyzer_new(lang, &fa->analyzer) != PRECIS_OK ||
        precis_article_new(fa->analyzer, fa->doc, &fa->article) != PRECIS_OK)
        return -1;
    return 0;
}

void fuzz_article_free(fuzz_article *fa)
{
    precis_article_free(fa->article);
    precis_analyzer_free(fa->analyzer);
    precis_doc_free(fa->doc);
}

void fuzz_check_span(precis_span span, size_t len)
{
    FUZZ_CHECK(span.start <= span.end);
    FUZZ_CHECK(span.end <= len);
}
