/* test_brief.c: briefs of one article and of a set, on made-up articles:
 * the same fact told twice across documents is kept once, the same quote
 * from two documents is one quote with both sources, speakers come most
 * quoted first, the date range spans the set, and allocation failures
 * propagate. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "support.h"

/* Two outlets on one event: the lead sentence is told twice in nearly the
 * same words, the mayor's first quote is reported by both (with other
 * marks around it), and each has facts of its own. */
static const char article_a[] =
    "Harbour council approves new ferry line\n"
    "\n"
    "March 3, 2022\n"
    "\n"
    "The harbour council of Port Elwyn approved a new ferry line to the "
    "northern islands on Tuesday after a long debate.\n"
    "\n"
    "The line will carry passengers and freight twice a day from the old "
    "stone pier, the council said.\n"
    "\n"
    "\"This ferry will bring the islands closer to the mainland than ever "
    "before,\" said mayor Maria Lopez.\n"
    "\n"
    "Lopez added that tickets would cost less than the bus fare. \"Nobody "
    "should pay more to cross the water than to cross the town,\" she said.\n"
    "\n"
    "Fishermen worry that the larger boats will crowd the narrow harbour "
    "mouth during the summer season.\n";

static const char article_b[] =
    "Port Elwyn to open ferry service to islands\n"
    "\n"
    "March 1, 2022\n"
    "\n"
    "The Port Elwyn harbour council approved a new ferry line to the "
    "northern islands on Tuesday after a long debate.\n"
    "\n"
    "The service is expected to start in the spring, once the pier has "
    "been repaired by a local building firm.\n"
    "\n"
    "Mayor Maria Lopez welcomed the vote. \xE2\x80\x9CThis ferry will bring "
    "the islands closer to the mainland   than ever before,\xE2\x80\x9D Lopez "
    "said.\n"
    "\n"
    "Harbour master Tom Reyes was more cautious. \"We will need more pilots "
    "before the first boat sails,\" Reyes said.\n";

/* No date line. */
static const char article_c[] =
    "Island school reopens\n"
    "\n"
    "The island school reopened its doors after the winter storms closed it "
    "for three weeks.\n"
    "\n"
    "Teachers had moved lessons to the village hall while the roof was "
    "mended.\n";

typedef struct set {
    test_article a[3];
    const precis_article *articles[3];
    size_t count;
} set;

static void open_set(set *s, size_t count)
{
    static const char *const texts[] = {article_a, article_b, article_c};
    memset(s, 0, sizeof *s);
    s->count = count;
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(test_article_open(&s->a[i], texts[i],
                                           strlen(texts[i])),
                         PRECIS_OK);
        s->articles[i] = s->a[i].article;
    }
}

static void close_set(set *s)
{
    for (size_t i = 0; i < s->count; i++)
        test_article_close(&s->a[i]);
}

static precis_brief *make_brief(const set *s, size_t sentences)
{
    precis_brief_options o;
    precis_brief_options_init(&o);
    o.sentences = sentences;
    precis_brief *b = NULL;
    assert_int_equal(precis_brief_new(s->articles, s->count, NULL, NULL, &o,
                                      &b),
                     PRECIS_OK);
    assert_non_null(b);
    return b;
}

/* Nonzero when text[span] contains `needle`. */
static int span_has(const set *s, size_t doc, precis_span span,
                    const char *needle)
{
    const char *text = precis_doc_text(s->a[doc].doc);
    size_t n = strlen(needle);
    for (size_t i = span.start; i + n <= span.end; i++)
        if (memcmp(text + i, needle, n) == 0)
            return 1;
    return 0;
}

static size_t sentences_with(const set *s, const precis_brief *b,
                             const char *needle)
{
    size_t hits = 0;
    for (size_t i = 0; i < precis_brief_sentence_count(b); i++)
        hits += (size_t)span_has(s, precis_brief_sentence_doc(b, i),
                                 precis_brief_sentence(b, i), needle);
    return hits;
}

static void test_null_and_empty(void **state)
{
    (void)state;
    precis_brief *b = NULL;
    precis_brief_free(NULL);
    precis_brief_options_init(NULL);
    assert_int_equal(precis_brief_new(NULL, 0, NULL, NULL, NULL, NULL),
                     PRECIS_EINVAL);
    assert_int_equal(precis_brief_new(NULL, 1, NULL, NULL, NULL, &b),
                     PRECIS_EINVAL);
    assert_null(b);
    const precis_article *none[1] = {NULL};
    assert_int_equal(precis_brief_new(none, 1, NULL, NULL, NULL, &b),
                     PRECIS_EINVAL);
    assert_int_equal(precis_brief_new(NULL, 0, NULL, NULL, NULL, &b),
                     PRECIS_OK);
    assert_int_equal(precis_brief_sentence_count(b), 0);
    assert_int_equal(precis_brief_speaker_count(b), 0);
    assert_int_equal(precis_brief_dates(b, NULL, NULL), 0);
    precis_brief_free(b);
    /* Accessors of NULL or out of range are empty, not crashes. */
    assert_int_equal(precis_brief_sentence_count(NULL), 0);
    assert_null(precis_brief_speaker(NULL, 0));
    assert_int_equal(precis_brief_quote_count(NULL, 0), 0);
    assert_int_equal(precis_brief_source_count(NULL, 0, 0), 0);
    precis_span none_span = precis_brief_source(NULL, 0, 0, 0, NULL);
    assert_int_equal(none_span.end, 0);
}

/* The lead both outlets tell is in the brief once; the facts only one of
 * them has are there too, so the other outlet was not dropped whole. */
static void test_cross_document_dedupe(void **state)
{
    (void)state;
    set s;
    open_set(&s, 2);
    precis_brief *b = make_brief(&s, 20);
    assert_int_equal(sentences_with(&s, b, "approved a new ferry line"), 1);
    assert_int_equal(sentences_with(&s, b, "expected to start in the spring"),
                     1);
    assert_int_equal(sentences_with(&s, b, "Fishermen worry"), 1);
    /* The sentence quoting the mayor is told twice as well. */
    assert_int_equal(sentences_with(&s, b, "than ever before"), 1);
    /* Every other sentence of the two is kept: only the repeats went. */
    size_t total = 0;
    for (size_t i = 0; i < s.count; i++)
        total += precis_article_sentence_count(s.articles[i]);
    assert_int_equal(precis_brief_sentence_count(b), total - 2);
    /* Ranked best first across the set. */
    for (size_t i = 1; i < precis_brief_sentence_count(b); i++)
        assert_true(precis_brief_sentence_score(b, i - 1) >=
                    precis_brief_sentence_score(b, i));
    precis_brief_free(b);
    close_set(&s);
}

/* The default budget: 5 sentences for a set, 3 for one article, and the
 * brief of one article is its summary. */
static void test_budgets_and_one_article(void **state)
{
    (void)state;
    set s;
    open_set(&s, 3);
    precis_brief *b = make_brief(&s, 0);
    assert_int_equal(precis_brief_sentence_count(b), 5);
    precis_brief_free(b);
    close_set(&s);

    open_set(&s, 1);
    b = make_brief(&s, 0);
    precis_summary *sum = NULL;
    assert_int_equal(precis_summary_new(s.articles[0], NULL, NULL, &sum),
                     PRECIS_OK);
    assert_int_equal(precis_brief_sentence_count(b), 3);
    assert_int_equal(precis_summary_count(sum), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(precis_brief_sentence(b, i).start,
                         precis_summary_sentence(sum, i).start);
        assert_int_equal(precis_brief_sentence_doc(b, i), 0);
    }
    precis_summary_free(sum);
    precis_brief_free(b);
    close_set(&s);
}

/* One quote, two outlets, other marks and spacing: one entry, both
 * sources, each slicing its own document. */
static void test_quote_merge(void **state)
{
    (void)state;
    set s;
    open_set(&s, 2);
    precis_brief *b = make_brief(&s, 0);
    assert_string_equal(precis_brief_speaker(b, 0), "Maria Lopez");
    assert_int_equal(precis_brief_quote_count(b, 0), 2);
    assert_int_equal(precis_brief_source_count(b, 0, 0), 2);
    for (size_t k = 0; k < 2; k++) {
        size_t doc = 99;
        precis_span span = precis_brief_source(b, 0, 0, k, &doc);
        assert_int_equal(doc, k);
        assert_true(span_has(&s, doc, span, "This ferry will bring"));
        assert_true(span_has(&s, doc, span, "ever before"));
    }
    assert_int_equal(precis_brief_source_count(b, 0, 1), 1);
    assert_true(span_has(&s, 0, precis_brief_source(b, 0, 1, 0, NULL),
                         "Nobody should pay more"));
    /* Out of range. */
    assert_int_equal(precis_brief_source_count(b, 0, 2), 0);
    assert_int_equal(precis_brief_quote_count(b, 9), 0);
    precis_brief_free(b);
    close_set(&s);
}

/* Two distinct quotes before one, whatever the order of the documents. */
static void test_speaker_order(void **state)
{
    (void)state;
    set s;
    open_set(&s, 2);
    const precis_article *swapped[2] = {s.articles[1], s.articles[0]};
    precis_brief *b = NULL;
    assert_int_equal(precis_brief_new(swapped, 2, NULL, NULL, NULL, &b),
                     PRECIS_OK);
    assert_int_equal(precis_brief_speaker_count(b), 2);
    assert_string_equal(precis_brief_speaker(b, 0), "Maria Lopez");
    assert_string_equal(precis_brief_speaker(b, 1), "Tom Reyes");
    assert_int_equal(precis_brief_quote_count(b, 0), 2);
    assert_int_equal(precis_brief_quote_count(b, 1), 1);
    /* Sources in document order: the first document is now b's text. */
    size_t doc = 9;
    precis_brief_source(b, 0, 0, 0, &doc);
    assert_int_equal(doc, 0);
    precis_brief_free(b);
    close_set(&s);
}

/* A shared speaker set is used and learns the set's people. */
static void test_shared_speakers(void **state)
{
    (void)state;
    set s;
    open_set(&s, 2);
    precis_speakers *people = NULL;
    assert_int_equal(precis_speakers_new(&people), PRECIS_OK);
    precis_brief *b = NULL;
    assert_int_equal(precis_brief_new(s.articles, 2, NULL, people, NULL, &b),
                     PRECIS_OK);
    assert_non_null(precis_speakers_lookup(people, "Lopez", 5));
    assert_string_equal(precis_brief_speaker(b, 0), "Maria Lopez");
    precis_brief_free(b);
    precis_speakers_free(people);
    close_set(&s);
}

static void test_date_range(void **state)
{
    (void)state;
    set s;
    open_set(&s, 3);
    precis_brief *b = make_brief(&s, 0);
    const char *first = NULL, *last = NULL;
    assert_int_equal(precis_brief_dates(b, &first, &last), 1);
    assert_string_equal(first, "2022-03-01");
    assert_string_equal(last, "2022-03-03");
    precis_brief_free(b);
    close_set(&s);

    /* No document with a date: no range. */
    test_article c;
    assert_int_equal(test_article_open(&c, article_c, strlen(article_c)),
                     PRECIS_OK);
    const precis_article *one[1] = {c.article};
    assert_int_equal(precis_brief_new(one, 1, NULL, NULL, NULL, &b),
                     PRECIS_OK);
    first = "untouched";
    assert_int_equal(precis_brief_dates(b, &first, NULL), 0);
    assert_string_equal(first, "untouched");
    precis_brief_free(b);
    test_article_close(&c);
}

static int attempt_brief(void *ctx)
{
    const set *s = ctx;
    precis_brief *b = NULL;
    int rc = precis_brief_new(s->articles, s->count, NULL, NULL, NULL, &b);
    if (rc == PRECIS_OK)
        assert_int_equal(precis_brief_speaker_count(b), 2);
    else
        assert_null(b);
    precis_brief_free(b);
    return rc;
}

static void test_alloc_failures(void **state)
{
    (void)state;
    set s;
    open_set(&s, 3);
    size_t failures = test_mem_sweep(attempt_brief, &s, 100000, 0);
    assert_true(failures > 20);
    close_set(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_and_empty),
        cmocka_unit_test(test_cross_document_dedupe),
        cmocka_unit_test(test_budgets_and_one_article),
        cmocka_unit_test(test_quote_merge),
        cmocka_unit_test(test_speaker_order),
        cmocka_unit_test(test_shared_speakers),
        cmocka_unit_test(test_date_range),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
