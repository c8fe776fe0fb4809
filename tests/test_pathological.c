/* test_pathological.c: inputs built to make a careless splitter, layout or
 * scorer go quadratic or fall over. Each goes through the whole pipeline;
 * the assertions check the shape of the output, and the test timeout
 * (tests/meson.build) guards that time stays linear. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "support.h"

#define MEGABYTE (1024u * 1024u)

/* Whole copies of `unit` until the text holds at least `size` bytes. */
static char *repeat(const char *unit, size_t size, size_t *len)
{
    size_t n = strlen(unit);
    *len = (size + n - 1) / n * n;
    return test_repeat(unit, *len);
}

typedef struct result {
    size_t sentences;      /* body sentences of the article */
    size_t summary;        /* sentences in the summary */
    size_t longest;        /* longest summary sentence, bytes */
} result;

/* doc -> article -> summary with default options; checks that every
 * summary span is a sentence of the article inside the text, in document
 * order. */
static result pipeline(const char *text, size_t len)
{
    test_article t;
    precis_summary *summary = NULL;
    assert_int_equal(test_article_open(&t, text, len), PRECIS_OK);
    const precis_article *article = t.article;
    assert_int_equal(precis_summary_new(article, NULL, NULL, &summary),
                     PRECIS_OK);
    result r = {precis_article_sentence_count(article),
                precis_summary_count(summary), 0};
    assert_true(r.summary <= 3);
    if (r.sentences > 0)
        assert_true(r.summary >= 1);
    size_t prev_end = 0;
    for (size_t i = 0; i < r.summary; i++) {
        precis_span s = precis_summary_sentence(summary, i);
        size_t idx = precis_summary_index(summary, i);
        precis_span same = precis_article_sentence(article, idx);
        assert_int_equal(s.start, same.start);
        assert_int_equal(s.end, same.end);
        assert_true(s.start < s.end && s.end <= len);
        assert_true(s.start >= prev_end);
        prev_end = s.end;
        if (s.end - s.start > r.longest)
            r.longest = s.end - s.start;
    }
    precis_summary_free(summary);
    test_article_close(&t);
    return r;
}

/* One sentence of a megabyte: words, commas, no full stop. */
static void test_megabyte_sentence(void **state)
{
    (void)state;
    size_t len;
    char *text = repeat("the river carries grain, timber and salt ", MEGABYTE,
                        &len);
    result r = pipeline(text, len);
    assert_true(r.sentences >= 1);
    assert_true(r.summary >= 1);
    free(text);
}

/* 100,000 opening quote marks that never close. */
static void test_unmatched_quotes(void **state)
{
    (void)state;
    const char *unit = "\xE2\x80\x9CThe port reopened today. ";
    size_t len = strlen(unit) * 100000;
    char *text = test_repeat(unit, len);
    result r = pipeline(text, len);
    assert_true(r.sentences >= 1);
    /* Every sentence says the same thing: redundancy removal keeps one. */
    assert_int_equal(r.summary, 1);
    free(text);

    /* Straight quotes, alternately unbalanced per paragraph. */
    text = repeat("\"He said it would \"rain\" \"again.\n\n", MEGABYTE / 4,
                  &len);
    r = pipeline(text, len);
    assert_true(r.summary <= 3);
    free(text);
}

/* A megabyte of nothing but abbreviations and initials. */
static void test_only_abbreviations(void **state)
{
    (void)state;
    size_t len;
    char *text = repeat("Mr. Dr. U.S. Gen. Sen. a.m. p.m. e.g. i.e. No. vs. "
                        "Inc. Corp. Jr. St. J. R. R. ",
                        MEGABYTE, &len);
    result r = pipeline(text, len);
    assert_true(r.summary <= 3);
    free(text);
}

/* Two million paragraphs of one short sentence each. */
static void test_millions_of_paragraphs(void **state)
{
    (void)state;
    size_t len;
    char *text = repeat("Ships sail.\n\n", 2000000u * 13u, &len);
    result r = pipeline(text, len);
    assert_true(r.summary <= 3);
    if (r.summary)
        assert_true(r.longest <= strlen("Ships sail."));
    free(text);
}

/* A megabyte of one line break after another, and of punctuation only. */
static void test_no_words(void **state)
{
    (void)state;
    size_t len;
    char *text = repeat("\n", MEGABYTE, &len);
    result r = pipeline(text, len);
    assert_int_equal(r.sentences, 0);
    assert_int_equal(r.summary, 0);
    free(text);
    text = repeat("... !!! ??? --- ", MEGABYTE, &len);
    r = pipeline(text, len);
    assert_int_equal(r.sentences, 0);
    assert_int_equal(r.summary, 0);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_megabyte_sentence),
        cmocka_unit_test(test_unmatched_quotes),
        cmocka_unit_test(test_only_abbreviations),
        cmocka_unit_test(test_millions_of_paragraphs),
        cmocka_unit_test(test_no_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
