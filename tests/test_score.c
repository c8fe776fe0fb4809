/* test_score.c: captions run into sentences are split off, and the
 * scoring weights (px_weights) change scores the way they say. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "article.h"
#include "precis.h"
#include "score.h"
#include "select.h"
#include "support.h"

static void open_text(test_article *t, const char *text)
{
    assert_int_equal(test_article_open(t, text, strlen(text)), PRECIS_OK);
}

/* Sentence i of t's article, as text, must equal want. */
static void assert_sentence(const test_article *t, size_t i, const char *want)
{
    precis_span s = precis_article_sentence(t->article, i);
    const char *text = precis_doc_text(t->doc);
    assert_int_equal(s.end - s.start, strlen(want));
    assert_memory_equal(text + s.start, want, strlen(want));
}

static void test_caption_before_the(void **state)
{
    (void)state;
    test_article t;
    open_text(&t, "Savers who never divorced retire richer than a colleague "
                  "The cost of divorce can wreck retirement many years "
                  "later, a study says. Advisers agree with the finding.\n");
    assert_int_equal(t.article->sentence_count, 3);
    assert_sentence(&t, 0,
                    "Savers who never divorced retire richer than a colleague");
    assert_true(t.article->sentences[0].flags & PX_SENT_FRAGMENT);
    assert_sentence(&t, 1, "The cost of divorce can wreck retirement many "
                           "years later, a study says.");
    assert_false(t.article->sentences[1].flags & PX_SENT_FRAGMENT);
    test_article_close(&t);
}

static void test_caption_before_day(void **state)
{
    (void)state;
    test_article t;
    open_text(&t, "Locke will be named the new manager on Friday Kilmarnock "
                  "will confirm the deal at a news conference. Fans read "
                  "about it in the Fall of an Empire: The Story of a Club "
                  "book on Sunday.\n");
    assert_int_equal(t.article->sentence_count, 3);
    assert_sentence(&t, 0, "Locke will be named the new manager on Friday");
    assert_sentence(&t, 1, "Kilmarnock will confirm the deal at a news "
                           "conference.");
    assert_sentence(&t, 2, "Fans read about it in the Fall of an Empire: The "
                           "Story of a Club book on Sunday.");
    test_article_close(&t);
}

static void test_no_caption_in_prose(void **state)
{
    (void)state;
    test_article t;
    /* Capitals that continue the phrase: a grade, a newspaper named after
     * its day, a name after a verb, "The" after punctuation. */
    open_text(&t, "Pupils who got a grade A result in maths read the Sunday "
                  "Times on the train; The Times said the board replaced "
                  "Allan Johnston with a new chairman last year.\n");
    assert_int_equal(t.article->sentence_count, 1);
    test_article_close(&t);
}

/* Index of the highest score. */
static size_t best(const double *scores, size_t n)
{
    size_t b = 0;
    for (size_t i = 1; i < n; i++)
        if (scores[i] > scores[b])
            b = i;
    return b;
}

static const char weighted_text[] =
    "Storm in the hills\n\n"
    "A storm closed two schools in the valley on Monday morning.\n\n"
    "Officials said the river flooded the valley roads and the valley "
    "schools, and the river is still rising in the valley tonight.\n\n"
    "The river rose by two metres along the valley roads overnight.\n";

static void test_weights(void **state)
{
    (void)state;
    test_article t;
    open_text(&t, weighted_text);
    size_t n = t.article->sentence_count;
    assert_int_equal(n, 3);
    double def[3], same[3], w0[3];
    assert_int_equal(px_score_sentences(t.article, NULL, def), PRECIS_OK);
    assert_int_equal(px_score_sentences_weighted(t.article, NULL,
                                                 &px_default_weights, same),
                     PRECIS_OK);
    assert_memory_equal(def, same, sizeof def);
    /* The position bonus puts the lead first; without it the sentence
     * closest to the whole article (the river and valley one) wins. */
    assert_int_equal(best(def, n), 0);
    px_weights w = px_default_weights;
    w.position = 0.0;
    w.title = 0.0;
    assert_int_equal(px_score_sentences_weighted(t.article, NULL, &w, w0),
                     PRECIS_OK);
    assert_int_equal(best(w0, n), 1);
    /* Forward centrality: the last sentence has nothing after it. */
    w = px_default_weights;
    w.centrality = 0.0;
    w.position = 0.0;
    w.title = 0.0;
    w.forward = 1.0;
    assert_int_equal(px_score_sentences_weighted(t.article, NULL, &w, w0),
                     PRECIS_OK);
    assert_true(w0[0] > 0.0 && w0[1] > 0.0);
    assert_true(fabs(w0[2]) < 1e-9);
    test_article_close(&t);
}

static void test_redundancy_limit(void **state)
{
    (void)state;
    test_article t;
    open_text(&t, "Bridge news\n\n"
                  "The council approved the new bridge over the river today.\n\n"
                  "The council approved the new bridge over the river today, "
                  "officials said.\n\n"
                  "Work on the road starts in the spring and lasts a year.\n");
    double scores[3] = {3.0, 2.0, 1.0};
    size_t chosen[3], count = 0;
    precis_summary_options o;
    precis_summary_options_init(&o);
    o.sentences = 2;
    assert_int_equal(px_select_sentences_limited(t.article, scores, &o, 0.6,
                                                 chosen, &count),
                     PRECIS_OK);
    assert_int_equal(count, 2);
    assert_int_equal(chosen[1], 2); /* the near-copy was skipped */
    assert_int_equal(px_select_sentences_limited(t.article, scores, &o, 1.0,
                                                 chosen, &count),
                     PRECIS_OK);
    assert_int_equal(chosen[1], 1); /* no limit: taken by score */
    test_article_close(&t);
}

static int score_attempt(void *ctx)
{
    const test_article *t = ctx;
    px_weights w = px_default_weights;
    w.forward = 0.5;
    double scores[3];
    return px_score_sentences_weighted(t->article, NULL, &w, scores);
}

static void test_score_enomem(void **state)
{
    (void)state;
    test_article t;
    open_text(&t, weighted_text);
    test_mem_sweep(score_attempt, &t, 100, 0);
    test_article_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caption_before_the),
        cmocka_unit_test(test_caption_before_day),
        cmocka_unit_test(test_no_caption_in_prose),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_redundancy_limit),
        cmocka_unit_test(test_score_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
