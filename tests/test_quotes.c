/* test_quotes.c: precis_quotes_resolve: quotes made without a set and
 * resolved later give the names, and leave the set, exactly as quotes
 * made with the set do; errors and allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "precis.h"
#include "support.h"

#define LQ "\xE2\x80\x9C"
#define RQ "\xE2\x80\x9D"

/* The second text names Putin in full only after the first said
 * "Putin": the set renames him, so the order of resolving matters. */
static const char *const texts[] = {
    "Talks in Moscow\n\n"
    "Putin met the delegation on Monday.\n\n"
    LQ "We have done a lot of work together," RQ " Putin said.\n",
    "Putin hails progress\n\n"
    "Russian President Vladimir Putin spoke after the meeting.\n\n"
    LQ "The work goes on and on," RQ " Putin said.\n\n"
    LQ "We will meet again," RQ " said Sergei Lavrov.\n",
};
#define NTEXTS (sizeof texts / sizeof texts[0])

static void open_all(test_article *a)
{
    for (size_t i = 0; i < NTEXTS; i++)
        assert_int_equal(test_article_open(&a[i], texts[i], strlen(texts[i])),
                         PRECIS_OK);
}

static void close_all(test_article *a)
{
    for (size_t i = 0; i < NTEXTS; i++)
        test_article_close(&a[i]);
}

static void same_names(const precis_quotes *x, const precis_quotes *y)
{
    assert_int_equal(precis_quotes_count(x), precis_quotes_count(y));
    for (size_t i = 0; i < precis_quotes_count(x); i++) {
        const char *a = precis_quotes_speaker(x, i);
        const char *b = precis_quotes_speaker(y, i);
        assert_true((a == NULL) == (b == NULL));
        if (a)
            assert_string_equal(a, b);
    }
}

static void test_resolve_later(void **state)
{
    (void)state;
    test_article a[NTEXTS];
    precis_speakers *direct, *later;
    precis_quotes *qd[NTEXTS], *ql[NTEXTS];
    open_all(a);
    assert_int_equal(precis_speakers_new(&direct), PRECIS_OK);
    assert_int_equal(precis_speakers_new(&later), PRECIS_OK);
    /* All documents first, as worker threads would; then the set, in
     * document order. */
    for (size_t i = 0; i < NTEXTS; i++)
        assert_int_equal(precis_quotes_new(a[i].article, NULL, &ql[i]),
                         PRECIS_OK);
    for (size_t i = 0; i < NTEXTS; i++) {
        assert_int_equal(precis_quotes_new(a[i].article, direct, &qd[i]),
                         PRECIS_OK);
        assert_int_equal(precis_quotes_resolve(ql[i], later), PRECIS_OK);
        same_names(qd[i], ql[i]);
    }
    assert_true(precis_quotes_count(qd[1]) >= 2);
    assert_int_equal(precis_speakers_count(direct),
                     precis_speakers_count(later));
    for (size_t i = 0; i < precis_speakers_count(direct); i++)
        assert_string_equal(precis_speakers_name(direct, i),
                            precis_speakers_name(later, i));
    assert_string_equal(precis_speakers_lookup(later, "putin", 5),
                        "Vladimir Putin");
    for (size_t i = 0; i < NTEXTS; i++) {
        precis_quotes_free(qd[i]);
        precis_quotes_free(ql[i]);
    }
    precis_speakers_free(direct);
    precis_speakers_free(later);
    close_all(a);
}

static void test_resolve_arguments(void **state)
{
    (void)state;
    test_article a;
    precis_speakers *set;
    precis_quotes *q;
    assert_int_equal(test_article_open(&a, texts[0], strlen(texts[0])),
                     PRECIS_OK);
    assert_int_equal(precis_speakers_new(&set), PRECIS_OK);
    assert_int_equal(precis_quotes_new(a.article, NULL, &q), PRECIS_OK);
    assert_int_equal(precis_quotes_resolve(NULL, set), PRECIS_EINVAL);
    assert_int_equal(precis_quotes_resolve(q, NULL), PRECIS_EINVAL);
    precis_quotes_free(q);
    precis_speakers_free(set);
    test_article_close(&a);
}

/* Quotes made from an article built before the sweep, resolved through
 * a new set while allocations fail one by one. */
static int resolve_attempt(void *ctx)
{
    const precis_article *article = ctx;
    precis_speakers *set = NULL;
    precis_quotes *q = NULL;
    int rc = precis_speakers_new(&set);
    if (rc == PRECIS_OK)
        rc = precis_quotes_new(article, NULL, &q);
    if (rc == PRECIS_OK)
        rc = precis_quotes_resolve(q, set);
    if (rc == PRECIS_OK)
        assert_string_equal(precis_quotes_speaker(q, 0), "Vladimir Putin");
    precis_quotes_free(q);
    precis_speakers_free(set);
    return rc;
}

static void test_resolve_allocation_failures(void **state)
{
    (void)state;
    test_article a;
    assert_int_equal(test_article_open(&a, texts[1], strlen(texts[1])),
                     PRECIS_OK);
    assert_true(test_mem_sweep(resolve_attempt, a.article, SIZE_MAX, 0) > 3);
    test_article_close(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve_later),
        cmocka_unit_test(test_resolve_arguments),
        cmocka_unit_test(test_resolve_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
