/* test_alloc.c: every allocation point of the pipeline reports
 * PRECIS_ENOMEM and leaks nothing. A counting allocator fails its k-th
 * allocation, for k = 1, 2, ... until the whole pipeline
 * doc -> lang -> analyzer -> article -> idf -> summary succeeds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "precis.h"
#include "support.h"

static const char article_text[] =
    "Harbour town votes to rebuild sea wall\n"
    "\n"
    "By Ana Field\n"
    "\n"
    "PORT ELLERY (AP) - The council voted on Tuesday to rebuild the sea "
    "wall, three months after a storm flooded two hundred homes.\n"
    "\n"
    "The new wall will be two metres higher and will cost about $4.5m, "
    "said Mr. Quint, the council leader. \xE2\x80\x9CIt is the most "
    "important decision we have taken,\xE2\x80\x9D he said.\n"
    "\n"
    "Engineers had warned that the old wall, built in 1952, could not hold "
    "back a surge. Work starts in the spring and lasts eighteen months.\n"
    "\n"
    "Shopkeepers asked for help with lost trade while the harbour road is "
    "closed; the council agreed to review business rates.\n";

typedef struct pipeline {
    test_article a;
    precis_idf *idf;
    precis_summary *summary;
    char *saved;
    precis_idf *loaded;
} pipeline;

/* Runs every stage; returns the first error. Whatever was made is left in
 * p for the caller to free. */
static int run(pipeline *p)
{
    int rc = test_article_open(&p->a, article_text, sizeof article_text - 1);
    if (!rc)
        rc = precis_idf_new("english", &p->idf);
    if (!rc)
        rc = precis_idf_add(p->idf, p->a.article);
    size_t len = 0;
    if (!rc)
        rc = precis_idf_save(p->idf, &p->saved, &len);
    if (!rc)
        rc = precis_idf_load(p->saved, len, &p->loaded);
    precis_summary_options o;
    precis_summary_options_init(&o);
    if (!rc)
        rc = precis_summary_new(p->a.article, p->loaded, &o, &p->summary);
    return rc;
}

static void release(pipeline *p)
{
    precis_summary_free(p->summary);
    precis_free(p->saved);
    precis_idf_free(p->loaded);
    precis_idf_free(p->idf);
    test_article_close(&p->a);
    memset(p, 0, sizeof *p);
}

/* One sweep attempt: the whole pipeline, released again. */
static int run_and_release(void *ctx)
{
    (void)ctx;
    pipeline p;
    memset(&p, 0, sizeof p);
    int rc = run(&p);
    /* Nothing half-built is handed out on failure. */
    if (rc != PRECIS_OK)
        assert_true(p.summary == NULL);
    release(&p);
    return rc;
}

static void test_every_allocation_fails_cleanly(void **state)
{
    (void)state;
    /* 100000 is far above what this article needs; reaching it means the
     * pipeline never finished. Success only once the failure point is
     * past the last call: a stage that swallowed a failed allocation
     * would succeed early, and the sweep reports that. */
    size_t points = test_mem_sweep(run_and_release, NULL, 100000, 0);
    print_message("%zu allocation points failed cleanly\n", points);
    /* The pipeline really allocates: dozens of failure points were tried. */
    assert_true(points > 18);
}

static void test_summary_is_right_after_success(void **state)
{
    (void)state;
    test_mem_install();
    pipeline p;
    memset(&p, 0, sizeof p);
    assert_int_equal(run(&p), PRECIS_OK);
    assert_true(test_mem.live > 0);
    assert_true(precis_summary_count(p.summary) >= 1);
    assert_true(precis_summary_count(p.summary) <= 3);
    release(&p);
    test_mem_remove();
    assert_int_equal(test_mem.live, 0);
}

static void test_helpers(void **state)
{
    (void)state;
    test_mem_install();
    char *s = px_strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    px_free(s);
    assert_null(px_calloc(SIZE_MAX / 2, 4)); /* overflow is refused */
    int *items = NULL;
    size_t cap = 0;
    void *v = items;
    assert_int_equal(px_grow(&v, &cap, 100, sizeof *items), 0);
    assert_true(cap >= 100);
    test_mem_fail_at(1);
    assert_int_equal(px_grow(&v, &cap, 1000, sizeof *items), PRECIS_ENOMEM);
    assert_true(cap >= 100 && cap < 1000); /* untouched on failure */
    /* Shrinking keeps the items, and at least one; NULL stays NULL. */
    for (int i = 0; i < 100; i++)
        ((int *)v)[i] = i;
    assert_int_equal(px_shrink(&v, 10, sizeof *items), 0);
    assert_int_equal(((int *)v)[9], 9);
    test_mem_fail_at(1);
    assert_int_equal(px_shrink(&v, 5, sizeof *items), PRECIS_ENOMEM);
    assert_int_equal(((int *)v)[9], 9); /* untouched on failure */
    test_mem_fail_at(0);
    assert_int_equal(px_shrink(&v, 0, sizeof *items), 0);
    assert_non_null(v);
    assert_int_equal(((int *)v)[0], 0);
    void *none = NULL;
    assert_int_equal(px_shrink(&none, 0, sizeof *items), 0);
    assert_null(none);
    px_free(v);
    px_free(NULL);
    test_mem_remove();
    assert_int_equal(test_mem.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_summary_is_right_after_success),
        cmocka_unit_test(test_every_allocation_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
