/* test_rouge.c: ROUGE-1/2/L on small texts whose figures are worked out
 * by hand in the comments, the ROUGE-1.5.5 Porter stemmer on known words,
 * word limits, exception lists, stopwords, averages, and allocation
 * failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "porter.h"
#include "precis.h"
#include "rouge.h"
#include "support.h"

#define EPS 1e-9

static void assert_prf(const precis_rouge_scores *sc, int m, double r,
                       double p, double f)
{
    assert_float_equal(sc->recall[m], r, EPS);
    assert_float_equal(sc->precision[m], p, EPS);
    assert_float_equal(sc->f[m], f, EPS);
}

/* Scores one system summary against one or two references. */
static void score(precis_rouge *rouge, const char *ref1, const char *ref2,
                  const char *sys, precis_rouge_scores *sc)
{
    const char *refs[2] = {ref1, ref2};
    size_t lens[2] = {strlen(ref1), ref2 ? strlen(ref2) : 0};

    assert_int_equal(precis_rouge_add(rouge, refs, lens, ref2 ? 2 : 1, sys,
                                      sys ? strlen(sys) : 0, sc),
                     PRECIS_OK);
}

static void test_porter(void **state)
{
    static const char *const cases[][2] = {
        {"caresses", "caress"},   {"ponies", "poni"},
        {"ties", "ti"},           {"feed", "feed"},
        {"agreed", "agre"},       {"motoring", "motor"},
        {"conflated", "conflat"}, {"hopping", "hop"},
        {"falling", "fall"},      {"hissing", "hiss"},
        {"filing", "file"},       {"happy", "happi"},
        {"sky", "sky"},           {"relational", "relat"},
        {"conditional", "condit"}, {"rational", "ration"},
        {"digitizer", "digit"},   {"vietnamization", "vietnam"},
        {"hopefulness", "hope"},  {"sensibiliti", "sensibl"},
        {"triplicate", "triplic"}, {"electrical", "electr"},
        {"revival", "reviv"},     {"airliner", "airlin"},
        {"adjustable", "adjust"}, {"replacement", "replac"},
        {"adjustment", "adjust"}, {"dependent", "depend"},
        {"adoption", "adopt"},    {"homologous", "homolog"},
        {"bowdlerize", "bowdler"}, {"cease", "ceas"},
        {"controll", "control"},  {"roll", "roll"},
        /* ROUGE's variant: "bli" -> "ble", "logi" -> "log" */
        {"possibly", "possibl"},  {"archaeology", "archaeolog"},
        /* a word-initial y is a consonant; later ones follow the rule */
        {"yelling", "yell"},      {"youth", "youth"},
        {"syzygy", "syzygi"},     {"1990s", "1990"},
        {"abilities", "abil"},    {"generously", "gener"},
        {"at", "at"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        size_t len = strlen(cases[i][0]);

        memcpy(buf, cases[i][0], len + 1);
        len = px_porter_stem(buf, len);
        buf[len] = '\0';
        assert_string_equal(buf, cases[i][1]);
    }
}

static void test_one_reference(void **state)
{
    precis_rouge *rouge;
    precis_rouge_scores sc;

    (void)state;
    assert_int_equal(precis_rouge_new(0, 0, 0.5, &rouge), PRECIS_OK);
    /* ref: the cat sat on the mat; sys: the cat lay on a mat. Unigrams:
     * the (once, clipped), cat, on, mat = 4 of 6 both ways. Bigrams: only
     * "the cat" of 5. LCS: the cat on mat = 4. Case and punctuation do not
     * count. */
    score(rouge, "The cat sat on the mat.\n", NULL, "the cat, lay on a MAT\n",
          &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 0.66667, 0.66667, 0.66667);
    assert_prf(&sc, PRECIS_ROUGE_2, 0.2, 0.2, 0.2);
    assert_prf(&sc, PRECIS_ROUGE_L, 0.66667, 0.66667, 0.66667);
    precis_rouge_free(rouge);
}

static void test_union_lcs(void **state)
{
    precis_rouge *rouge;
    precis_rouge_scores sc;

    (void)state;
    assert_int_equal(precis_rouge_new(0, 0, 0.5, &rouge), PRECIS_OK);
    /* Lin's example: the LCS of the reference sentence with the first
     * system sentence is w1 w2, with the second w1 w3 w5; their union
     * w1 w2 w3 w5 gives 4 of 5 reference and of 10 system tokens:
     * R 0.8, P 0.4, F 0.53333. Bigrams cross the line end (w8 w1): 1 of 4
     * and of 9, F from the rounded 0.25 and 0.11111 is 0.15385. */
    score(rouge, "w1 w2 w3 w4 w5\n", NULL, "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5\n",
          &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 0.8, 0.4, 0.53333);
    assert_prf(&sc, PRECIS_ROUGE_2, 0.25, 0.11111, 0.15385);
    assert_prf(&sc, PRECIS_ROUGE_L, 0.8, 0.4, 0.53333);
    precis_rouge_free(rouge);
}

static void test_lcs_clipped(void **state)
{
    precis_rouge *rouge;
    precis_rouge_scores sc;

    (void)state;
    assert_int_equal(precis_rouge_new(0, 0, 0.5, &rouge), PRECIS_OK);
    /* "a b" is on the LCS with each system sentence, but the system has
     * one "a" and one "b" in all: the union marks both reference
     * sentences' tokens, and budgets let only 2 of the 4 count. */
    score(rouge, "a b\na b\n", NULL, "a x\nb y\n", &sc);
    assert_prf(&sc, PRECIS_ROUGE_L, 0.5, 0.5, 0.5);
    assert_prf(&sc, PRECIS_ROUGE_1, 0.5, 0.5, 0.5);
    precis_rouge_free(rouge);
}

static void test_two_references(void **state)
{
    precis_rouge *rouge;
    precis_rouge_scores sc, avg;

    (void)state;
    assert_int_equal(precis_rouge_new(0, 0, 0.5, &rouge), PRECIS_OK);
    /* Hits and totals add over references, the system counted once per
     * reference: unigrams (2 + 1) / (3 + 3) and 3 / (2 * 2); bigrams
     * 1 / (2 + 2) and 1 / (2 * 1). */
    score(rouge, "the cat sat\n", "a cat sat\n", "the cat\n", &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 0.5, 0.75, 0.6);
    assert_prf(&sc, PRECIS_ROUGE_2, 0.25, 0.5, 0.33333);
    assert_prf(&sc, PRECIS_ROUGE_L, 0.5, 0.75, 0.6);
    /* A missing summary scores zero, and averages are plain means. */
    score(rouge, "the cat sat\n", NULL, NULL, &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 0, 0, 0);
    assert_int_equal(precis_rouge_documents(rouge), 2);
    precis_rouge_average(rouge, &avg);
    assert_prf(&avg, PRECIS_ROUGE_1, 0.25, 0.375, 0.3);
    precis_rouge_free(rouge);
}

static void test_stemming(void **state)
{
    static const char exc[] = "went go\nbetter good\n\nalone\n";
    static const char later[] = "better  well\n";
    precis_rouge *rouge;
    precis_rouge_scores sc;

    (void)state;
    /* runners -> runner, running -> run, home stays; "were" is kept: 2 of
     * 5 and of 4. */
    assert_int_equal(precis_rouge_new(PRECIS_ROUGE_STEM, 0, 0.5, &rouge),
                     PRECIS_OK);
    score(rouge, "The runners were running home.\n", NULL,
          "A runner ran home\n", &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 0.4, 0.5, 0.44444);
    /* "went" is not "go" to the Porter stemmer: 2 of 3 ... */
    score(rouge, "They went home\n", NULL, "they go home\n", &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 0.66667, 0.66667, 0.66667);
    /* ... but it is with the exception list: 3 of 3. */
    assert_int_equal(precis_rouge_add_exceptions(rouge, exc, strlen(exc)),
                     PRECIS_OK);
    score(rouge, "They went home\n", NULL, "they go home\n", &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 1, 1, 1);
    /* A later entry replaces an earlier one. */
    assert_int_equal(precis_rouge_add_exceptions(rouge, later, strlen(later)),
                     PRECIS_OK);
    score(rouge, "well\n", NULL, "better\n", &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 1, 1, 1);
    /* Tokens of 3 bytes or fewer are never stemmed: "cats" is, "bus" not. */
    score(rouge, "cat buses\n", NULL, "cats bus\n", &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 0.5, 0.5, 0.5);
    precis_rouge_free(rouge);
}

static void test_stopwords(void **state)
{
    static const char words[] = "the\non\n";
    precis_rouge *rouge;
    precis_rouge_scores sc;

    (void)state;
    assert_int_equal(precis_rouge_new(PRECIS_ROUGE_STOPWORDS, 0, 0.5, &rouge),
                     PRECIS_OK);
    assert_int_equal(precis_rouge_add_stopwords(rouge, words, strlen(words)),
                     PRECIS_OK);
    /* ref: cat sat mat; sys: cat lay a mat: 2 of 3 and of 4. */
    score(rouge, "The cat sat on the mat.\n", NULL, "the cat lay on a mat\n",
          &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 0.66667, 0.5, 0.57143);
    precis_rouge_free(rouge);
}

static void test_word_limit(void **state)
{
    precis_rouge *rouge;
    precis_rouge_scores sc;

    (void)state;
    assert_int_equal(px_rouge_line_words("a b", 3), 2);
    assert_int_equal(px_rouge_line_words(" a b ", 5), 3);
    assert_int_equal(px_rouge_line_words(" \t", 2), 0);
    assert_int_equal(precis_rouge_new(0, 3, 0.5, &rouge), PRECIS_OK);
    /* The reference keeps "one two three". The system's first line counts
     * three words (the leading blank is an empty word), so only "one two"
     * is kept: 2 of 3 reference tokens, all of the system's. */
    score(rouge, "one two three\nfour five six\n", NULL,
          " one two\nthree four five six\n", &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 0.66667, 1, 0.8);
    assert_prf(&sc, PRECIS_ROUGE_2, 0.5, 1, 0.66667);
    precis_rouge_free(rouge);
}

static void test_alpha_and_rounding(void **state)
{
    precis_rouge *rouge;
    precis_rouge_scores sc;

    (void)state;
    assert_float_equal(px_rouge_round5(2.0 / 3.0), 0.66667, EPS);
    assert_float_equal(px_rouge_round5(0.125), 0.125, EPS);
    /* alpha 1 makes F = P*R / R, the precision. */
    assert_int_equal(precis_rouge_new(0, 0, 1.0, &rouge), PRECIS_OK);
    score(rouge, "a b c d\n", NULL, "a b\n", &sc);
    assert_prf(&sc, PRECIS_ROUGE_1, 0.5, 1, 1);
    precis_rouge_free(rouge);
}

static void test_arguments(void **state)
{
    precis_rouge *rouge = NULL;
    const char *refs[1] = {"a"};
    size_t lens[1] = {1};
    precis_rouge_scores sc;

    (void)state;
    assert_int_equal(precis_rouge_new(0, 0, 1.5, &rouge), PRECIS_EINVAL);
    assert_null(rouge);
    assert_int_equal(precis_rouge_new(0, 0, 0.5, NULL), PRECIS_EINVAL);
    assert_int_equal(precis_rouge_new(0, 0, 0.5, &rouge), PRECIS_OK);
    assert_int_equal(precis_rouge_add(rouge, refs, lens, 0, "a", 1, &sc),
                     PRECIS_EINVAL);
    assert_int_equal(precis_rouge_add(rouge, refs, lens, 1, NULL, 1, &sc),
                     PRECIS_EINVAL);
    assert_int_equal(precis_rouge_add(NULL, refs, lens, 1, "a", 1, &sc),
                     PRECIS_EINVAL);
    assert_int_equal(precis_rouge_add_exceptions(rouge, NULL, 3),
                     PRECIS_EINVAL);
    assert_int_equal(precis_rouge_documents(rouge), 0);
    precis_rouge_average(rouge, &sc);
    assert_prf(&sc, PRECIS_ROUGE_L, 0, 0, 0);
    precis_rouge_free(rouge);
    precis_rouge_free(NULL);
    assert_int_equal(precis_rouge_documents(NULL), 0);
}

static int attempt(void *ctx)
{
    static const char exc[] = "ran run\nmice mouse\n";
    static const char stop[] = "the\n";
    const char *refs[2] = {"The mice ran home.\nThen they slept\n",
                           "the mouse runs home\n"};
    size_t lens[2] = {strlen(refs[0]), strlen(refs[1])};
    static const char sys[] = "mice running home\nthey slept then\n";
    precis_rouge *rouge = NULL;
    int err;

    (void)ctx;
    err = precis_rouge_new(PRECIS_ROUGE_STEM | PRECIS_ROUGE_STOPWORDS, 0, 0.5,
                           &rouge);
    if (err == PRECIS_OK)
        err = precis_rouge_add_exceptions(rouge, exc, strlen(exc));
    if (err == PRECIS_OK)
        err = precis_rouge_add_stopwords(rouge, stop, strlen(stop));
    if (err == PRECIS_OK)
        err = precis_rouge_add(rouge, refs, lens, 2, sys, strlen(sys), NULL);
    if (err == PRECIS_OK && precis_rouge_documents(rouge) != 1)
        err = PRECIS_EINVAL;
    precis_rouge_free(rouge);
    return err;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    assert_true(test_mem_sweep(attempt, NULL, 10000, 0) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_porter),
        cmocka_unit_test(test_one_reference),
        cmocka_unit_test(test_union_lcs),
        cmocka_unit_test(test_lcs_clipped),
        cmocka_unit_test(test_two_references),
        cmocka_unit_test(test_stemming),
        cmocka_unit_test(test_stopwords),
        cmocka_unit_test(test_word_limit),
        cmocka_unit_test(test_alpha_and_rounding),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
