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

static size_t fail_at, calls;
static long live;

static void *t_malloc(void *ctx, size_t size)
{
    (void)ctx;
    if (++calls == fail_at)
        return NULL;
    void *p = malloc(size);
    if (p)
        live++;
    return p;
}

static void *t_realloc(void *ctx, void *ptr, size_t size)
{
    if (!ptr)
        return t_malloc(ctx, size);
    if (++calls == fail_at)
        return NULL;
    return realloc(ptr, size);
}

static void t_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (ptr)
        live--;
    free(ptr);
}

static const precis_allocator failing = {t_malloc, t_realloc, t_free, NULL};

/* Reads tests/data/<name> whole; the caller frees. */
static char *read_data(const char *name, size_t *len)
{
    const char *dir = getenv("PRECIS_TEST_DATA");
    assert_non_null(dir);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

static int has(const px_stopwords *set, const char *word)
{
    return px_stopwords_has(set, word, strlen(word));
}

static void test_shapes(void **state)
{
    (void)state;
    size_t len;
    char *text = read_data("stopwords/shapes.txt", &len);
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

static void test_allocation_failures(void **state)
{
    (void)state;
    size_t len;
    const char *text = px_stopwords_builtin("english", &len);
    int failures = 0;
    for (size_t k = 1;; k++) {
        precis_allocator_set(&failing);
        fail_at = k;
        calls = 0;
        live = 0;
        px_stopwords *set = (px_stopwords *)&set;
        int rc = px_stopwords_parse(text, len, &set);
        if (rc)
            assert_null(set);
        size_t count = px_stopwords_count(rc ? NULL : set);
        px_stopwords_free(rc ? NULL : set);
        int injected = calls >= k;
        precis_allocator_set(NULL);
        assert_int_equal(live, 0);
        if (!injected) {
            assert_int_equal(rc, PRECIS_OK);
            assert_true(count >= 300);
            break;
        }
        assert_int_equal(rc, PRECIS_ENOMEM);
        failures++;
    }
    assert_true(failures > 5);
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
