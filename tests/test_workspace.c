/* test_workspace.c: layouts and quotes made in a workspace, one document
 * after another (the corpus, a page far larger than the buffers a
 * workspace keeps, small pages after it), are those made without one;
 * allocation failures, with a fresh workspace and with one grown by
 * earlier pages, return PRECIS_ENOMEM, leak nothing and leave the
 * workspace fit for the next page. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "support.h"

#define LQ "\xE2\x80\x9C"
#define RQ "\xE2\x80\x9D"

/* A paragraph of news with quotes, repeated into a page of some
 * megabytes: its tokens alone take more than a workspace keeps. */
static const char big_unit[] =
    "Russian President Vladimir Putin met Armenian Prime Minister Nikol "
    "Pashinyan in Sochi on Monday.\n\n"
    LQ "We have done a lot of work together," RQ " Putin said. "
    LQ "The talks were constructive," RQ " he added.\n\n"
    "The spokeswoman said the leaders would meet again.\n\n";

#define MAX_DOCS 16

typedef struct docs {
    precis_doc *doc[MAX_DOCS];
    size_t count;
} docs;

static void add_doc(docs *d, const char *text, size_t len)
{
    assert_true(d->count < MAX_DOCS);
    assert_int_equal(precis_doc_new(text, len, PRECIS_DOC_REPAIR,
                                    &d->doc[d->count], NULL),
                     PRECIS_OK);
    d->count++;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The corpus's files in name order, a big page, then the first of them
 * again and a short page. */
static void open_docs(docs *d)
{
    memset(d, 0, sizeof *d);
    const char *dir = getenv("PRECIS_CORPUS");
    assert_non_null(dir);
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    char *names[MAX_DOCS];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".txt") == 0 &&
            n < MAX_DOCS - 3) {
            names[n] = malloc(strlen(dir) + len + 2);
            assert_non_null(names[n]);
            sprintf(names[n], "%s/%s", dir, e->d_name);
            n++;
        }
    }
    closedir(dp);
    assert_true(n >= 2);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        char *text = test_read_file(names[i], &len);
        add_doc(d, text, len);
        free(text);
    }
    size_t big_len = (size_t)2 << 20;
    char *big = test_repeat(big_unit, big_len);
    add_doc(d, big, big_len);
    free(big);
    size_t len;
    char *first = test_read_file(names[0], &len);
    add_doc(d, first, len);
    free(first);
    static const char small[] = "Short\n\n" LQ "Yes," RQ " she said.\n";
    add_doc(d, small, sizeof small - 1);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
}

static void close_docs(docs *d)
{
    for (size_t i = 0; i < d->count; i++)
        precis_doc_free(d->doc[i]);
    memset(d, 0, sizeof *d);
}

static void same_span(precis_span a, precis_span b)
{
    assert_int_equal(a.start, b.start);
    assert_int_equal(a.end, b.end);
}

static void same_layout(const precis_layout *a, const precis_layout *b)
{
    assert_int_equal(precis_layout_block_count(a),
                     precis_layout_block_count(b));
    for (size_t i = 0; i < precis_layout_block_count(a); i++) {
        same_span(precis_layout_block_span(a, i),
                  precis_layout_block_span(b, i));
        assert_int_equal(precis_layout_block_is_body(a, i),
                         precis_layout_block_is_body(b, i));
        assert_ptr_equal(precis_layout_block_reason(a, i),
                         precis_layout_block_reason(b, i));
    }
    for (int f = PRECIS_FIELD_TITLE; f <= PRECIS_FIELD_DATELINE; f++) {
        precis_span x = {0, 0}, y = {0, 0};
        assert_int_equal(precis_layout_field(a, (precis_field)f, &x),
                         precis_layout_field(b, (precis_field)f, &y));
        same_span(x, y);
    }
    const char *da = precis_layout_date_iso(a), *db = precis_layout_date_iso(b);
    assert_true((da == NULL) == (db == NULL));
    if (da)
        assert_string_equal(da, db);
}

static void same_quotes(const precis_quotes *a, const precis_quotes *b)
{
    assert_int_equal(precis_quotes_count(a), precis_quotes_count(b));
    for (size_t i = 0; i < precis_quotes_count(a); i++) {
        same_span(precis_quotes_span(a, i), precis_quotes_span(b, i));
        const char *x = precis_quotes_speaker(a, i);
        const char *y = precis_quotes_speaker(b, i);
        assert_true((x == NULL) == (y == NULL));
        if (x)
            assert_string_equal(x, y);
        precis_span m = {0, 0}, n = {0, 0};
        assert_int_equal(precis_quotes_mention(a, i, &m),
                         precis_quotes_mention(b, i, &n));
        same_span(m, n);
        assert_int_equal(precis_quotes_cue(a, i, &m),
                         precis_quotes_cue(b, i, &n));
        same_span(m, n);
        assert_string_equal(precis_quotes_sieve(a, i),
                            precis_quotes_sieve(b, i));
        assert_int_equal(precis_quotes_flags(a, i), precis_quotes_flags(b, i));
    }
}

/* What one page gives without a workspace. */
typedef struct expected {
    precis_layout *layout;
    precis_quotes *quotes;
} expected;

static void expect(expected *e, const precis_doc *doc, const precis_lang *en)
{
    assert_int_equal(precis_layout_new(doc, en, &e->layout), PRECIS_OK);
    assert_int_equal(precis_quotes_from_layout(e->layout, NULL, &e->quotes),
                     PRECIS_OK);
}

static void expected_free(expected *e)
{
    precis_quotes_free(e->quotes);
    precis_layout_free(e->layout);
}

/* Layout and quotes of doc in ws, checked against e. Returns the first
 * error (then nothing is left allocated for the page). */
static int in_workspace(precis_workspace *ws, const precis_doc *doc,
                        const precis_lang *en, const expected *e)
{
    precis_layout *layout = NULL;
    precis_quotes *quotes = NULL;
    int rc = precis_layout_new_in(ws, doc, en, &layout);
    if (rc == PRECIS_OK)
        rc = precis_quotes_from_layout_in(ws, layout, NULL, &quotes);
    if (rc == PRECIS_OK && e) {
        same_layout(layout, e->layout);
        same_quotes(quotes, e->quotes);
    }
    precis_quotes_free(quotes);
    precis_layout_free(layout);
    return rc;
}

static void test_same_as_without(void **state)
{
    (void)state;
    docs d;
    open_docs(&d);
    precis_lang *en;
    assert_int_equal(precis_lang_new("english", NULL, 0, &en), PRECIS_OK);
    precis_workspace *ws;
    assert_int_equal(precis_workspace_new(&ws), PRECIS_OK);
    size_t quoted = 0;
    /* Twice over, so that every page also meets buffers grown by all. */
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < d.count; i++) {
            expected e;
            expect(&e, d.doc[i], en);
            quoted += precis_quotes_count(e.quotes) > 0;
            assert_int_equal(in_workspace(ws, d.doc[i], en, &e), PRECIS_OK);
            expected_free(&e);
        }
    }
    assert_true(quoted >= 2 * 4);
    /* NULL works as no workspace. */
    expected e;
    expect(&e, d.doc[0], en);
    assert_int_equal(in_workspace(NULL, d.doc[0], en, &e), PRECIS_OK);
    expected_free(&e);
    precis_workspace_free(ws);
    precis_lang_free(en);
    close_docs(&d);
}

static void test_arguments(void **state)
{
    (void)state;
    assert_int_equal(precis_workspace_new(NULL), PRECIS_EINVAL);
    precis_workspace_free(NULL);
    precis_layout *layout = (precis_layout *)&layout;
    assert_int_equal(precis_layout_new_in(NULL, NULL, NULL, &layout),
                     PRECIS_EINVAL);
    assert_null(layout);
    precis_quotes *quotes = (precis_quotes *)&quotes;
    assert_int_equal(precis_quotes_from_layout_in(NULL, NULL, NULL, &quotes),
                     PRECIS_EINVAL);
    assert_null(quotes);
}

/* A fresh workspace through two pages, every allocation failing in
 * turn: PRECIS_ENOMEM, and nothing left once the workspace is freed. */
typedef struct sweep_ctx {
    const docs *d;
    const precis_lang *en;
} sweep_ctx;

static int two_pages(void *p)
{
    const sweep_ctx *c = p;
    precis_workspace *ws;
    int rc = precis_workspace_new(&ws);
    if (rc)
        return rc;
    for (size_t i = 0; i < 2 && rc == PRECIS_OK; i++)
        rc = in_workspace(ws, c->d->doc[i], c->en, NULL);
    precis_workspace_free(ws);
    return rc;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    docs d;
    open_docs(&d);
    precis_lang *en;
    assert_int_equal(precis_lang_new("english", NULL, 0, &en), PRECIS_OK);
    sweep_ctx c = {&d, en};
    /* The lexicons and patterns are made once, before the sweep. */
    assert_int_equal(two_pages(&c), PRECIS_OK);
    assert_true(test_mem_sweep(two_pages, &c, 100000, 0) > 20);
    precis_lang_free(en);
    close_docs(&d);
}

/* A workspace grown by the big page, then a failure at each allocation
 * of a page in turn: PRECIS_ENOMEM, and the same page right after in
 * the same workspace comes out as it does without one. */
static void test_failure_keeps_workspace_fit(void **state)
{
    (void)state;
    docs d;
    open_docs(&d);
    precis_lang *en;
    assert_int_equal(precis_lang_new("english", NULL, 0, &en), PRECIS_OK);
    const precis_doc *page = d.doc[0];
    expected e;
    expect(&e, page, en);
    test_mem_install();
    precis_workspace *ws;
    assert_int_equal(precis_workspace_new(&ws), PRECIS_OK);
    for (size_t i = 0; i < d.count; i++)
        assert_int_equal(in_workspace(ws, d.doc[i], en, NULL), PRECIS_OK);
    size_t failures = 0;
    for (size_t k = 1;; k++) {
        test_mem_fail_at(k);
        int rc = in_workspace(ws, page, en, NULL);
        int failed = test_mem.failed;
        test_mem_fail_at(0);
        if (!failed) {
            assert_int_equal(rc, PRECIS_OK);
            break;
        }
        assert_int_equal(rc, PRECIS_ENOMEM);
        failures++;
        assert_int_equal(in_workspace(ws, page, en, &e), PRECIS_OK);
    }
    assert_true(failures > 5);
    precis_workspace_free(ws);
    test_mem_remove();
    assert_int_equal(test_mem.live, 0);
    expected_free(&e);
    precis_lang_free(en);
    close_docs(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_without),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_failure_keeps_workspace_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
