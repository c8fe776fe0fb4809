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

typedef struct counting {
    size_t calls;    /* allocations attempted (malloc, and realloc) */
    size_t fail_at;  /* 1-based call that fails; 0: never */
    long live;       /* blocks currently allocated */
} counting;

static void *count_malloc(void *ctx, size_t size)
{
    counting *c = ctx;
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(size);
    if (p)
        c->live++;
    return p;
}

static void *count_realloc(void *ctx, void *ptr, size_t size)
{
    counting *c = ctx;
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        c->live++;
    return p;
}

static void count_free(void *ctx, void *ptr)
{
    counting *c = ctx;
    if (ptr)
        c->live--;
    free(ptr);
}

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
    precis_doc *doc;
    precis_lang *lang;
    precis_analyzer *analyzer;
    precis_article *article;
    precis_idf *idf;
    precis_summary *summary;
    char *saved;
    precis_idf *loaded;
} pipeline;

/* Runs every stage; returns the first error. Whatever was made is left in
 * p for the caller to free. */
static int run(pipeline *p)
{
    int rc = precis_doc_new(article_text, sizeof article_text - 1, 0, &p->doc,
                            NULL);
    if (!rc)
        rc = precis_lang_new("english", NULL, 0, &p->lang);
    if (!rc)
        rc = precis_analyzer_new(p->lang, &p->analyzer);
    if (!rc)
        rc = precis_article_new(p->analyzer, p->doc, &p->article);
    if (!rc)
        rc = precis_idf_new("english", &p->idf);
    if (!rc)
        rc = precis_idf_add(p->idf, p->article);
    size_t len = 0;
    if (!rc)
        rc = precis_idf_save(p->idf, &p->saved, &len);
    if (!rc)
        rc = precis_idf_load(p->saved, len, &p->loaded);
    precis_summary_options o;
    precis_summary_options_init(&o);
    if (!rc)
        rc = precis_summary_new(p->article, p->loaded, &o, &p->summary);
    return rc;
}

static void release(pipeline *p)
{
    precis_summary_free(p->summary);
    precis_free(p->saved);
    precis_idf_free(p->loaded);
    precis_idf_free(p->idf);
    precis_article_free(p->article);
    precis_analyzer_free(p->analyzer);
    precis_lang_free(p->lang);
    precis_doc_free(p->doc);
    memset(p, 0, sizeof *p);
}

static void test_every_allocation_fails_cleanly(void **state)
{
    (void)state;
    counting c;
    precis_allocator a = {count_malloc, count_realloc, count_free, &c};
    size_t k;
    int rc = PRECIS_ENOMEM;
    /* 100000 is far above what this article needs; reaching it means the
     * pipeline never finished. */
    for (k = 1; k < 100000 && rc != PRECIS_OK; k++) {
        memset(&c, 0, sizeof c);
        c.fail_at = k;
        precis_allocator_set(&a);
        pipeline p;
        memset(&p, 0, sizeof p);
        rc = run(&p);
        if (rc != PRECIS_OK) {
            if (rc != PRECIS_ENOMEM)
                fail_msg("allocation %zu failed: got %d, not ENOMEM", k, rc);
            /* Nothing half-built is handed out on failure. */
            assert_true(p.summary == NULL);
        }
        release(&p);
        precis_allocator_set(NULL);
        if (c.live != 0)
            fail_msg("allocation %zu failed: %ld blocks leaked", k, c.live);
        /* Success only once the failure point is past the last call: a
         * stage that swallowed a failed allocation would succeed early. */
        if (rc == PRECIS_OK && c.calls >= k)
            fail_msg("allocation %zu failed but the pipeline succeeded", k);
    }
    assert_int_equal(rc, PRECIS_OK);
    print_message("%zu allocation points failed cleanly\n", k - 2);
    /* The pipeline really allocates: dozens of failure points were tried. */
    assert_true(k > 20);
}

static void test_summary_is_right_after_success(void **state)
{
    (void)state;
    counting c;
    memset(&c, 0, sizeof c);
    precis_allocator a = {count_malloc, count_realloc, count_free, &c};
    precis_allocator_set(&a);
    pipeline p;
    memset(&p, 0, sizeof p);
    assert_int_equal(run(&p), PRECIS_OK);
    assert_true(c.live > 0);
    assert_true(precis_summary_count(p.summary) >= 1);
    assert_true(precis_summary_count(p.summary) <= 3);
    release(&p);
    precis_allocator_set(NULL);
    assert_int_equal(c.live, 0);
}

static void test_helpers(void **state)
{
    (void)state;
    counting c;
    memset(&c, 0, sizeof c);
    precis_allocator a = {count_malloc, count_realloc, count_free, &c};
    precis_allocator_set(&a);
    char *s = px_strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    px_free(s);
    assert_null(px_calloc(SIZE_MAX / 2, 4)); /* overflow is refused */
    int *items = NULL;
    size_t cap = 0;
    void *v = items;
    assert_int_equal(px_grow(&v, &cap, 100, sizeof *items), 0);
    assert_true(cap >= 100);
    c.fail_at = c.calls + 1;
    assert_int_equal(px_grow(&v, &cap, 1000, sizeof *items), PRECIS_ENOMEM);
    assert_true(cap >= 100 && cap < 1000); /* untouched on failure */
    px_free(v);
    px_free(NULL);
    precis_allocator_set(NULL);
    assert_int_equal(c.live, 0);
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
