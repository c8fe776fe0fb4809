/* test_stem.c: language names, Snowball stems (English, Porter, Russian),
 * the cache, the public language and analyzer API, and allocation failure
 * at every point. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "precis.h"
#include "stem.h"
#include "support.h"

static void test_resolve(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"english", "english"}, {"en", "english"},  {"eng", "english"},
        {"English", "english"}, {"EN", "english"},  {"porter", "porter"},
        {"ru", "russian"},      {"rus", "russian"}, {"russian", "russian"},
        {"de", "german"},       {"deu", "german"},  {"ger", "german"},
        {"hy", "armenian"},     {"nb", "norwegian"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = px_stem_resolve(cases[i][0]);
        if (!got || strcmp(got, cases[i][1]) != 0)
            fail_msg("%s resolved to %s, not %s", cases[i][0],
                     got ? got : "NULL", cases[i][1]);
    }
    /* The result is the library's own static string: same pointer. */
    assert_ptr_equal(px_stem_resolve("en"), px_stem_resolve("english"));
    assert_null(px_stem_resolve("klingon"));
    assert_null(px_stem_resolve(""));
    assert_null(px_stem_resolve(NULL));
    assert_null(px_stem_resolve("e"));
    assert_null(px_stem_resolve("englishenglishenglishenglishenglish"));
}

static void test_lists(void **state)
{
    (void)state;
    const char **names = precis_lang_list();
    assert_non_null(names);
    int english = 0, russian = 0;
    size_t n = 0;
    for (; names[n]; n++) {
        english |= strcmp(names[n], "english") == 0;
        russian |= strcmp(names[n], "russian") == 0;
        /* Every listed name resolves to itself. */
        assert_ptr_equal(px_stem_resolve(names[n]), names[n]);
    }
    assert_true(english && russian);
    assert_true(n >= 15);
    assert_ptr_equal(px_stem_list(), names);
}

/* Checks each "word<TAB>stem" line of tests/data/stem/<file>. */
static void check_table(const char *algorithm, const char *file)
{
    char name[256], path[1024];
    snprintf(name, sizeof name, "stem/%s", file);
    test_data_path(path, sizeof path, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    px_stemmer *st;
    assert_int_equal(px_stemmer_new(algorithm, &st), PRECIS_OK);
    char line[256];
    int checked = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *stem;
        size_t stem_len;
        assert_int_equal(px_stemmer_stem(st, line, strlen(line), &stem,
                                         &stem_len), PRECIS_OK);
        if (stem_len != strlen(tab + 1) || strcmp(stem, tab + 1) != 0)
            fail_msg("%s: %s -> %s, expected %s", algorithm, line, stem,
                     tab + 1);
        checked++;
    }
    fclose(f);
    px_stemmer_free(st);
    assert_true(checked >= 4);
}

static void test_english(void **state)
{
    (void)state;
    check_table("english", "english.tsv");
}

static void test_russian(void **state)
{
    (void)state;
    check_table("russian", "russian.tsv");
}

/* Porter (1980) and Porter2 differ: "generously" is "gener" in the old
 * algorithm and "generous" in English, which shows the name was honoured. */
static void test_porter_differs(void **state)
{
    (void)state;
    px_stemmer *porter, *english;
    assert_int_equal(px_stemmer_new("porter", &porter), PRECIS_OK);
    assert_int_equal(px_stemmer_new("en", &english), PRECIS_OK);
    const char *a, *b;
    assert_int_equal(px_stemmer_stem(porter, "generously", 10, &a, NULL), 0);
    assert_int_equal(px_stemmer_stem(english, "generously", 10, &b, NULL), 0);
    assert_string_equal(a, "gener");
    assert_string_equal(b, "generous");
    px_stemmer_free(porter);
    px_stemmer_free(english);
}

static void test_cache(void **state)
{
    (void)state;
    px_stemmer *st;
    assert_int_equal(px_stemmer_new("english", &st), PRECIS_OK);
    assert_int_equal(px_stemmer_misses(st), 0);
    const char *first, *again;
    size_t len;
    assert_int_equal(px_stemmer_stem(st, "running", 7, &first, &len), 0);
    assert_int_equal(px_stemmer_misses(st), 1);
    assert_int_equal(len, 3);
    assert_int_equal(px_stemmer_stem(st, "running", 7, &again, &len), 0);
    assert_int_equal(px_stemmer_misses(st), 1);
    assert_ptr_equal(first, again);
    /* Only len bytes are the word. */
    assert_int_equal(px_stemmer_stem(st, "runningmate", 7, &again, NULL), 0);
    assert_int_equal(px_stemmer_misses(st), 1);
    assert_int_equal(px_stemmer_stem(st, "runs", 4, &again, &len), 0);
    assert_int_equal(px_stemmer_misses(st), 2);
    assert_string_equal(again, "run");
    assert_ptr_not_equal(first, again);

    /* Many more words: stems handed out earlier stay valid and unchanged
     * (libstemmer reuses its buffer; the cache's storage must not move). */
    char word[32];
    for (unsigned i = 0; i < 50000; i++) {
        int n = snprintf(word, sizeof word, "walking%u", i);
        const char *s;
        assert_int_equal(px_stemmer_stem(st, word, (size_t)n, &s, NULL), 0);
    }
    assert_int_equal(px_stemmer_misses(st), 50002);
    assert_string_equal(first, "run");
    assert_string_equal(again, "run");
    assert_int_equal(px_stemmer_stem(st, "running", 7, &again, NULL), 0);
    assert_ptr_equal(first, again);
    assert_int_equal(px_stemmer_misses(st), 50002);

    /* An empty word and a word longer than a storage chunk. */
    assert_int_equal(px_stemmer_stem(st, "", 0, &again, &len), 0);
    assert_int_equal(len, 0);
    size_t big = 100000;
    char *long_word = malloc(big);
    assert_non_null(long_word);
    memset(long_word, 'a', big);
    assert_int_equal(px_stemmer_stem(st, long_word, big, &again, &len), 0);
    assert_int_equal(len, big);
    assert_int_equal(again[big], '\0');
    free(long_word);
    assert_string_equal(first, "run");
    px_stemmer_free(st);
    px_stemmer_free(NULL);
    assert_int_equal(px_stemmer_misses(NULL), 0);
}

static void test_unknown_language(void **state)
{
    (void)state;
    px_stemmer *st = (px_stemmer *)&st;
    assert_int_equal(px_stemmer_new("klingon", &st), PRECIS_ELANG);
    assert_null(st);
    precis_lang *lang = (precis_lang *)&lang;
    assert_int_equal(precis_lang_new("klingon", NULL, 0, &lang), PRECIS_ELANG);
    assert_null(lang);
    assert_int_equal(precis_lang_new(NULL, NULL, 0, &lang), PRECIS_EINVAL);
    assert_int_equal(precis_lang_new("en", NULL, 0, NULL), PRECIS_EINVAL);
}

static void test_public_api(void **state)
{
    (void)state;
    precis_lang *lang;
    assert_int_equal(precis_lang_new("EN", NULL, 0, &lang), PRECIS_OK);
    assert_string_equal(precis_lang_name(lang), "english");
    assert_true(precis_lang_is_stopword(lang, "the", 3));
    assert_true(precis_lang_is_stopword(lang, "don't", 5));
    assert_false(precis_lang_is_stopword(lang, "said", 4));
    assert_false(precis_lang_is_stopword(lang, "putin", 5));

    precis_analyzer *an;
    assert_int_equal(precis_analyzer_new(lang, &an), PRECIS_OK);
    const char *stem;
    size_t len;
    assert_int_equal(precis_analyzer_stem(an, "negotiations", 12, &stem, &len),
                     PRECIS_OK);
    assert_string_equal(stem, "negoti");
    assert_int_equal(len, 6);
    assert_int_equal(precis_analyzer_stem(NULL, "a", 1, &stem, &len),
                     PRECIS_EINVAL);
    precis_analyzer_free(an);
    precis_analyzer_free(NULL);
    precis_lang_free(lang);
    precis_lang_free(NULL);
    assert_null(precis_lang_name(NULL));
    assert_false(precis_lang_is_stopword(NULL, "the", 3));

    /* Porter shares the English list; Russian has none built in. */
    assert_int_equal(precis_lang_new("porter", NULL, 0, &lang), PRECIS_OK);
    assert_true(precis_lang_is_stopword(lang, "the", 3));
    precis_lang_free(lang);
    assert_int_equal(precis_lang_new("ru", NULL, 0, &lang), PRECIS_OK);
    assert_string_equal(precis_lang_name(lang), "russian");
    assert_false(precis_lang_is_stopword(lang, "the", 3));
    assert_int_equal(precis_analyzer_new(lang, &an), PRECIS_OK);
    assert_int_equal(precis_analyzer_stem(
                         an, "\xd0\xba\xd0\xbd\xd0\xb8\xd0\xb3\xd0\xb8", 10,
                         &stem, &len), PRECIS_OK);
    assert_string_equal(stem, "\xd0\xba\xd0\xbd\xd0\xb8\xd0\xb3"); /* книг */
    precis_analyzer_free(an);
    precis_lang_free(lang);

    /* A caller's list replaces the built-in one, folded on the way in. */
    const char list[] = "# mine\nFoo\n\xd0\x98\n";
    assert_int_equal(precis_lang_new("english", list, sizeof list - 1, &lang),
                     PRECIS_OK);
    assert_true(precis_lang_is_stopword(lang, "foo", 3));
    assert_true(precis_lang_is_stopword(lang, "\xd0\xb8", 2));
    assert_false(precis_lang_is_stopword(lang, "the", 3));
    precis_lang_free(lang);
    /* An empty list: nothing is a stopword. */
    assert_int_equal(precis_lang_new("english", "", 0, &lang), PRECIS_OK);
    assert_false(precis_lang_is_stopword(lang, "the", 3));
    precis_lang_free(lang);
    lang = (precis_lang *)&lang;
    assert_int_equal(precis_lang_new("english", "a\xfe\n", 3, &lang),
                     PRECIS_EUTF8);
    assert_null(lang);
}

/* Makes a language and an analyzer and stems a few words. Whatever
 * failed, a retry with memory available works: the cache keeps working
 * after a failed insertion. */
static int stem_words(void *ctx)
{
    (void)ctx;
    static const char *const words[] = {"running", "runs", "generously",
                                        "running", "elections", "news"};
    precis_lang *lang = NULL;
    precis_analyzer *an = NULL;
    int rc = precis_lang_new("english", NULL, 0, &lang);
    if (rc == PRECIS_OK)
        rc = precis_analyzer_new(lang, &an);
    for (size_t w = 0; rc == PRECIS_OK && w < 6; w++) {
        const char *stem;
        rc = precis_analyzer_stem(an, words[w], strlen(words[w]), &stem,
                                  NULL);
    }
    if (an) {
        test_mem.fail_at = 0; /* keeps test_mem.failed for the sweep */
        const char *stem;
        assert_int_equal(precis_analyzer_stem(an, "generously", 10, &stem,
                                              NULL), PRECIS_OK);
        assert_string_equal(stem, "generous");
    }
    precis_analyzer_free(an);
    precis_lang_free(lang);
    return rc;
}

/* Every allocation may fail, and then the error is PRECIS_ENOMEM and
 * nothing leaks. */
static void test_allocation_failures(void **state)
{
    (void)state;
    assert_true(test_mem_sweep(stem_words, NULL, SIZE_MAX, 0) > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_russian),
        cmocka_unit_test(test_porter_differs),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_unknown_language),
        cmocka_unit_test(test_public_api),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
