/* fuzz_summarize.c: the whole pipeline, document -> article -> summary,
 * with and without a model of the article's own terms, under budgets the
 * input's size picks; then a brief of the article twice over (the path of
 * a set of articles). Chosen sentences are the article's, in order. */
#include "fuzz.h"

static void check_summary(const precis_article *article,
                          const precis_summary *summary)
{
    size_t i, n = precis_summary_count(summary);
    size_t sentences = precis_article_sentence_count(article);
    size_t len = precis_doc_length(precis_article_doc(article));

    FUZZ_CHECK(n <= sentences);
    for (i = 0; i < n; i++) {
        size_t index = precis_summary_index(summary, i);
        precis_span span = precis_summary_sentence(summary, i);
        precis_span own = precis_article_sentence(article, index);

        FUZZ_CHECK(index < sentences);
        FUZZ_CHECK(i == 0 || index > precis_summary_index(summary, i - 1));
        fuzz_check_span(span, len);
        FUZZ_CHECK(span.start == own.start && span.end == own.end);
    }
}

static void summarize(const precis_article *article, const precis_idf *idf,
                      size_t size)
{
    precis_summary_options options;
    precis_summary *summary = NULL;

    precis_summary_options_init(&options);
    options.sentences = size % 5;
    options.words = (size / 5) % 7 * 10;
    options.ratio = (size / 35) % 2 ? 0.3 : 0.0;
    if (precis_summary_new(article, idf, &options, &summary) == PRECIS_OK)
        check_summary(article, summary);
    precis_summary_free(summary);
}

static void brief(const precis_article *article)
{
    const precis_article *set[2] = {article, article};
    precis_brief *b = NULL;
    size_t i;

    if (precis_brief_new(set, 2, NULL, NULL, NULL, &b) != PRECIS_OK)
        return;
    for (i = 0; i < precis_brief_sentence_count(b); i++) {
        fuzz_check_span(precis_brief_sentence(b, i),
                        precis_doc_length(precis_article_doc(article)));
        FUZZ_CHECK(precis_brief_sentence_doc(b, i) < 2);
    }
    precis_brief_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_article fa;
    precis_idf *idf = NULL;

    if (fuzz_article_new(data, size, &fa) == 0) {
        summarize(fa.article, NULL, size);
        if (precis_idf_new(precis_lang_name(fuzz_lang()), &idf) ==
                PRECIS_OK &&
            precis_idf_add(idf, fa.article) == PRECIS_OK)
            summarize(fa.article, idf, size);
        brief(fa.article);
    }
    precis_idf_free(idf);
    fuzz_article_free(&fa);
    return 0;
}
