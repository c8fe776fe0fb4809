/* test_stopwords.c: parsing lists (comments, blanks, white space, BOM,
 * case folding, apostrophes), bad UTF-8, the built-in English list, and
 * allocation failure at every point. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "stopwords.h"
#include "support.h"

static int has(const px_stopwords *set, const char *word)
{
    return px_stopwords_has(set, word, strlen(word));
}

static void test_shapes(void **state)
{
    (void)state;
    size_t len;
    char *text = test_read_data("stopwords/shapes.txt", &len);
    px_stopwords *set;
    assert_int_equal(px_stopwords_parse(text, len, &set), PRECIS_OK);
    /* the, of, and, don't, été, и, last-without-newline */
    assert_int_equal(px_stopwords_count(set), 7);
    assert_true(has(set, "the"));        /* "  The  ", then "the" again */
    assert_true(has(set, "of"));         /* "OF\t\r" */
    assert_true(has(set, "and"));        /* "and # trailing comment" */
    assert_true(has(set, "don't"));      /* "Don’t": folded apostrophe */
    assert_true(has(set, "\xc3\xa9t\xc3\xa9")); /* "ÉTÉ" -> "été" */
    assert_true(has(set, "\xd0\xb8"));   /* Cyrillic И -> и */
    assert_true(has(set, "last-without-newline"));
    assert_false(has(set, "The"));       /* lookups take folded words */
    assert_false(has(set, "don\xe2\x80\x99t"));
    assert_false(has(set, "a"));         /* from "# a list ..." comment */
    assert_false(has(set, ""));
    assert_false(has(set, "and # trailing comment"));
    px_stopwords_free(set);
    free(text);
}

static void test_empty_and_null(void **state)
{
    (void)state;
    px_stopwords *set;
    assert_int_equal(px_stopwords_parse("", 0, &set), PRECIS_OK);
    assert_int_equal(px_stopwords_count(set), 0);
    assert_false(has(set, "the"));
    px_stopwords_free(set);
    assert_int_equal(px_stopwords_parse(NULL, 0, &set), PRECIS_OK);
    px_stopwords_free(set);
    assert_int_equal(px_stopwords_parse("\n\n# only comments\n  \n", 20, &set),
                     PRECIS_OK);
    assert_int_equal(px_stopwords_count(set), 0);
    px_stopwords_free(set);
    assert_false(px_stopwords_has(NULL, "the", 3));
    assert_int_equal(px_stopwords_count(NULL), 0);
    px_stopwords_free(NULL);
    assert_int_equal(px_stopwords_parse(NULL, 3, &set), PRECIS_EINVAL);
}

static void test_bad_utf8(void **state)
{
    (void)state;
    px_stopwords *set = (px_stopwords *)&set;
    const char bad[] = "the\nw\xff\nof\n";
    assert_int_equal(px_stopwords_parse(bad, sizeof bad - 1, &set),
                     PRECIS_EUTF8);
    assert_null(set);
    /* A truncated sequence at the very end, and an overlong '/'. */
    assert_int_equal(px_stopwords_parse("ab\xd0", 3, &set), PRECIS_EUTF8);
    assert_int_equal(px_stopwords_parse("\xc0\xaf", 2, &set), PRECIS_EUTF8);
}

static void test_builtin_english(void **state)
{
    (void)state;
    size_t len = 0;
    const char *text = px_stopwords_builtin("english", &len);
    assert_non_null(text);
    assert_true(len > 1000);
    assert_null(px_stopwords_builtin("klingon", NULL));
    px_stopwords *set;
    assert_int_equal(px_stopwords_parse(text, len, &set), PRECIS_OK);
    size_t n = px_stopwords_count(set);
    assert_true(n >= 300 && n <= 450);
    const char *in[] = {"the", "a", "of", "and", "he", "she", "they", "it's",
                        "don't", "dont", "won't", "he's", "would", "been",
                        "which", "however", "mr", NULL};
    for (size_t i = 0; in[i]; i++) {
        if (!has(set, in[i]))
            fail_msg("'%s' should be a stopword", in[i]);
    }
    /* Speech verbs matter for quotes, news facts are not filler, and "us"
     * is also the folded "US". */
    const char *out[] = {"said", "says", "told", "according", "president",
                         "police", "two", "monday", "year", "war", "us",
                         NULL};
    for (size_t i = 0; out[i]; i++) {
        if (has(set, out[i]))
            fail_msg("'%s' should not be a stopword", out[i]);
    }
    px_stopwords_free(set);
}

/* Parses the built-in English list; ctx gets the word count. */
static int parse_builtin(void *ctx)
{
    size_t len;
    const char *text = px_stopwords_builtin("english", &len);
    px_stopwords *set = (px_stopwords *)&set;
    int rc = px_stopwords_parse(text, len, &set);
    if (rc)
        assert_null(set);
    *(size_t *)ctx = px_stopwords_count(rc ? NULL : set);
    px_stopwords_free(rc ? NULL : set);
    return rc;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    size_t count = 0;
    assert_true(test_mem_sweep(parse_builtin, &count, SIZE_MAX, 0) > 5);
    assert_true(count >= 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_empty_and_null),
        cmocka_unit_test(test_bad_utf8),
        cmocka_unit_test(test_builtin_english),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
