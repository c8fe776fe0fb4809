/* test_pathological.c: inputs built to make a careless splitter, layout or
 * scorer go quadratic or fall over. The first go through the whole
 * pipeline; then each stage (sentences, tokens and stems, layout, quotes,
 * IDF models, speaker lists) gets its own. The assertions check the shape
 * of the output, and the test timeout (tests/meson.build) guards that
 * time stays linear. The command line's JSON Lines reader has its own in
 * tests/cli_badinput.sh. */
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

/* ------------------------------------------------------------------------
 * Stage by stage: each stage's own entry point on the inputs built to make
 * it go quadratic. The outputs must be well formed; the time limit does
 * the rest.
 * ------------------------------------------------------------------------ */

/* Spans reported one after another, each inside the text and after the
 * one before. */
typedef struct spans {
    size_t count, prev_end, len;
    int bad;
} spans;

static void spans_add(spans *sp, size_t start, size_t end)
{
    if (start > end || end > sp->len || start < sp->prev_end)
        sp->bad = 1;
    sp->prev_end = end;
    sp->count++;
}

static int on_sentence(void *ctx, precis_span s)
{
    spans_add(ctx, s.start, s.end);
    return 0;
}

static int on_token(void *ctx, int kind, const char *folded,
                    size_t folded_len, size_t start, size_t end)
{
    (void)kind;
    spans *sp = ctx;
    if (!folded || folded_len == 0)
        sp->bad = 1;
    spans_add(sp, start, end);
    return 0;
}

/* How many sentences the splitter finds in `unit` repeated to `size`
 * bytes; fails the test on a malformed span. */
static size_t split_repeated(const char *unit, size_t size)
{
    size_t len;
    char *text = repeat(unit, size, &len);
    spans sp = {0, 0, len, 0};
    assert_int_equal(precis_sentences_split(text, len, on_sentence, &sp),
                     PRECIS_OK);
    assert_false(sp.bad);
    free(text);
    return sp.count;
}

static void test_sentence_stage(void **state)
{
    (void)state;
    /* Runs of abbreviations and initials: each is looked back at. */
    split_repeated("Mr. ", MEGABYTE);
    split_repeated("U.S. ", MEGABYTE);
    split_repeated("J. R. R. ", MEGABYTE);
    /* Sentences without spaces, and full stops with nothing between. */
    split_repeated("Word.Another.", MEGABYTE);
    split_repeated(".", MEGABYTE);
    split_repeated("1.2.3.4.", MEGABYTE);
    split_repeated("?!\xE2\x80\xA6", MEGABYTE);
    /* Full stops inside quote marks, opened and never closed. */
    split_repeated("\xE2\x80\x9CGo.\" ", MEGABYTE);
    split_repeated("\xE2\x80\x9C", MEGABYTE);
    /* A megabyte with no break at all, and one of line breaks. */
    assert_int_equal(split_repeated("x", MEGABYTE), 1);
    assert_int_equal(split_repeated("\n", MEGABYTE), 0);
    /* A million tiny sentences, each found. */
    assert_int_equal(split_repeated("Ships sail. ", 1000000u * 12u),
                     1000000u);
}

/* Tokens of `unit` repeated to `size` bytes; at least one. */
static void tokenize_repeated(const char *unit, size_t size)
{
    size_t len;
    char *text = repeat(unit, size, &len);
    spans sp = {0, 0, len, 0};
    assert_int_equal(precis_tokenize(text, len, on_token, &sp), PRECIS_OK);
    assert_false(sp.bad);
    assert_true(sp.count >= 1);
    free(text);
}

static void test_token_stage(void **state)
{
    (void)state;
    /* Words that go on and on: one of letters, chains of hyphens and
     * apostrophes a tokenizer may look ahead through. */
    tokenize_repeated("x", MEGABYTE);
    tokenize_repeated("a-", MEGABYTE);
    tokenize_repeated("rock'n'", MEGABYTE);
    tokenize_repeated("it\xE2\x80\x99s-", MEGABYTE);
    tokenize_repeated("1,000.5", MEGABYTE);
    tokenize_repeated("\xC3\x89t\xC3\xA9 ", MEGABYTE);

    /* Stemming a word of 100 KB, twice (the second from the cache). */
    precis_lang *lang;
    precis_analyzer *an;
    assert_int_equal(precis_lang_new("english", NULL, 0, &lang), PRECIS_OK);
    assert_int_equal(precis_analyzer_new(lang, &an), PRECIS_OK);
    size_t len;
    char *word = repeat("abcdefghij", 100000, &len);
    for (int i = 0; i < 2; i++) {
        const char *stem;
        size_t stem_len;
        assert_int_equal(precis_analyzer_stem(an, word, len, &stem, &stem_len),
                         PRECIS_OK);
        assert_true(stem_len >= 1 && stem_len <= len);
    }
    free(word);
    precis_analyzer_free(an);
    precis_lang_free(lang);
}

/* The layout of `unit` repeated to `size` bytes: made, blocks in order. */
static void layout_repeated(const char *unit, size_t size)
{
    size_t len;
    char *text = repeat(unit, size, &len);
    precis_doc *doc;
    precis_lang *lang;
    precis_layout *layout;
    assert_int_equal(precis_doc_new(text, len, 0, &doc, NULL), PRECIS_OK);
    assert_int_equal(precis_lang_new("english", NULL, 0, &lang), PRECIS_OK);
    assert_int_equal(precis_layout_new(doc, lang, &layout), PRECIS_OK);
    spans sp = {0, 0, len, 0};
    for (size_t i = 0; i < precis_layout_block_count(layout); i++) {
        precis_span b = precis_layout_block_span(layout, i);
        spans_add(&sp, b.start, b.end);
    }
    assert_false(sp.bad);
    precis_layout_free(layout);
    precis_lang_free(lang);
    precis_doc_free(doc);
    free(text);
}

static void test_layout_stage(void **state)
{
    (void)state;
    /* One line of 8 MB without a sentence end: the page-furniture
     * patterns give up on it (PCRE2's match limit) and it is not
     * furniture; it was once "out of memory". */
    layout_repeated("x", 8 * MEGABYTE);
    layout_repeated("Word.Another.", 2 * MEGABYTE);
    /* A million lines of one letter; 300,000 repeats of one line of
     * furniture (repeated lines are counted); bylines and dates by the
     * hundred thousand. */
    layout_repeated("a\n", 2 * MEGABYTE);
    layout_repeated("Related posts\n", 14 * 300000u);
    layout_repeated("By John Smith\n", 14 * 100000u);
    layout_repeated("November 26, 2021\n", 18 * 100000u);
    layout_repeated("\xE2\x80\xA2 Home\n\n", 10 * 100000u);
}

/* Quotes of `unit` repeated to `size` bytes: found from the layout, at
 * most one per opening mark, in order, inside the text. */
static size_t quotes_repeated(const char *prefix, const char *unit,
                              size_t size)
{
    size_t n = strlen(prefix), ulen = strlen(unit);
    size_t copies = (size + ulen - 1) / ulen, len = n + copies * ulen;
    char *text = malloc(len + 1);
    assert_non_null(text);
    memcpy(text, prefix, n);
    for (size_t i = 0; i < copies; i++)
        memcpy(text + n + i * ulen, unit, ulen);
    text[len] = '\0';
    test_article t;
    precis_quotes *quotes;
    assert_int_equal(test_article_open(&t, text, len), PRECIS_OK);
    assert_int_equal(precis_quotes_from_layout(
                         precis_article_layout(t.article), NULL, &quotes),
                     PRECIS_OK);
    size_t count = precis_quotes_count(quotes);
    spans sp = {0, 0, len, 0};
    for (size_t i = 0; i < count; i++) {
        precis_span q = precis_quotes_span(quotes, i);
        spans_add(&sp, q.start, q.end);
    }
    assert_false(sp.bad);
    precis_quotes_free(quotes);
    test_article_close(&t);
    free(text);
    return count;
}

static void test_quote_stage(void **state)
{
    (void)state;
    const char *head = "The port\n\n";
    /* A million quote marks of each kind in one paragraph. */
    quotes_repeated(head, "\"", 1000000);
    quotes_repeated(head, "\xE2\x80\x9C", 3000000);
    quotes_repeated(head, "'", 1000000);
    /* Quotes inside quotes, 100,000 deep, never closed. */
    quotes_repeated("The port\n\nShe said ",
                    "\xE2\x80\x9C" "he said \xE2\x80\x98they said ",
                    100000u * 29u);
    /* A hundred thousand quotes of one paragraph, none attributed: each
     * looks for a speaker among the others. */
    assert_true(quotes_repeated(head, "\"The ships sail at dawn.\" ",
                                100000u * 26u) >= 1);
    /* One quote running on over 200,000 paragraphs. */
    quotes_repeated("The port\n\nPutin said:\n\n",
                    "\xE2\x80\x9CThe ships sail today.\n\n", 200000u * 26u);
    /* A hundred thousand attributed quotes, each by a new name. */
    quotes_repeated(head, "\"We sail,\" said Anna Berg. ", 100000u * 28u);
}

/* The word for i in letters only (a stem of its own). */
static void letter_word(size_t i, char *out)
{
    for (int k = 0; k < 5; k++) {
        out[k] = (char)('a' + i % 26);
        i /= 26;
    }
    out[5] = ' ';
}

static void test_idf_stage(void **state)
{
    (void)state;
    /* A document of 200,000 distinct words: counted, saved, loaded and
     * merged, each in time linear in the terms. */
    size_t words = 200000, len = words * 6;
    char *text = malloc(len + 1);
    assert_non_null(text);
    for (size_t i = 0; i < words; i++)
        letter_word(i * 7919u % (26u * 26u * 26u * 26u * 26u), text + i * 6);
    text[len] = '\0';
    test_article t;
    precis_idf *idf, *loaded;
    assert_int_equal(test_article_open(&t, text, len), PRECIS_OK);
    assert_int_equal(precis_idf_new("english", &idf), PRECIS_OK);
    assert_int_equal(precis_idf_add(idf, t.article), PRECIS_OK);
    size_t terms = precis_idf_terms(idf);
    assert_true(terms > words / 2);
    char *bytes;
    size_t nbytes;
    assert_int_equal(precis_idf_save(idf, &bytes, &nbytes), PRECIS_OK);
    assert_int_equal(precis_idf_load(bytes, nbytes, &loaded), PRECIS_OK);
    assert_int_equal(precis_idf_terms(loaded), terms);
    assert_int_equal(precis_idf_merge(loaded, idf), PRECIS_OK);
    assert_int_equal(precis_idf_documents(loaded), 2);
    precis_free(bytes);
    precis_idf_free(loaded);
    precis_idf_free(idf);
    test_article_close(&t);
    free(text);
}

static void test_speakers_stage(void **state)
{
    (void)state;
    /* 100,000 people a line each, then one person with 100,000 aliases
     * on one line. */
    size_t people = 100000;
    char *tsv = malloc(people * 22 + 32);
    assert_non_null(tsv);
    size_t n = 0;
    for (size_t i = 0; i < people; i++) {
        memcpy(tsv + n, "Anna ", 5);
        letter_word(i, tsv + n + 5);
        tsv[n + 5] = (char)(tsv[n + 5] - 'a' + 'A');
        memcpy(tsv + n + 10, "\tMs ", 4);
        letter_word(i, tsv + n + 14);
        tsv[n + 19] = '\n';
        n += 20;
    }
    precis_speakers *set;
    assert_int_equal(precis_speakers_new(&set), PRECIS_OK);
    assert_int_equal(precis_speakers_add_aliases(set, tsv, n), PRECIS_OK);
    assert_int_equal(precis_speakers_count(set), people);
    n = 0;
    memcpy(tsv, "Vladimir Putin", 14);
    n = 14;
    for (size_t i = 0; i < people; i++) {
        tsv[n++] = '\t';
        letter_word(i, tsv + n);
        n += 5;
    }
    assert_int_equal(precis_speakers_add_aliases(set, tsv, n), PRECIS_OK);
    assert_non_null(precis_speakers_lookup(set, "Vladimir Putin", 14));
    precis_speakers_free(set);
    free(tsv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_megabyte_sentence),
        cmocka_unit_test(test_unmatched_quotes),
        cmocka_unit_test(test_only_abbreviations),
        cmocka_unit_test(test_millions_of_paragraphs),
        cmocka_unit_test(test_no_words),
        cmocka_unit_test(test_sentence_stage),
        cmocka_unit_test(test_token_stage),
        cmocka_unit_test(test_layout_stage),
        cmocka_unit_test(test_quote_stage),
        cmocka_unit_test(test_idf_stage),
        cmocka_unit_test(test_speakers_stage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
