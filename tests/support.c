/* support.c: helpers shared by the unit tests (see support.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "support.h"

test_mem_state test_mem;

/* Counts the call; the fail_at-th returns NULL instead of allocating. */
static int refuse(void)
{
    if (++test_mem.calls != test_mem.fail_at)
        return 0;
    test_mem.failed = 1;
    return 1;
}

static void *mem_malloc(void *ctx, size_t size)
{
    (void)ctx;
    if (refuse())
        return NULL;
    void *p = malloc(size);
    if (p)
        test_mem.live++;
    return p;
}

static void *mem_realloc(void *ctx, void *ptr, size_t size)
{
    if (!ptr)
        return mem_malloc(ctx, size);
    if (refuse())
        return NULL;
    return realloc(ptr, size);
}

static void mem_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (ptr)
        test_mem.live--;
    free(ptr);
}

static const precis_allocator counting = {mem_malloc, mem_realloc, mem_free,
                                          NULL};

void test_mem_install(void)
{
    memset(&test_mem, 0, sizeof test_mem);
    test_mem.installed = 1;
    precis_allocator_set(&counting);
}

void test_mem_remove(void)
{
    precis_allocator_set(NULL);
    test_mem.installed = 0;
}

void test_mem_fail_at(size_t k)
{
    test_mem.fail_at = k;
    test_mem.calls = 0;
    test_mem.failed = 0;
}

size_t test_mem_sweep(test_attempt_fn attempt, void *ctx, size_t limit,
                      int lenient)
{
    int keep = test_mem.installed;
    long base = keep ? test_mem.live : 0;
    size_t failures = 0;
    for (size_t k = 1; k < limit; k++) {
        if (!keep)
            test_mem_install();
        test_mem_fail_at(k);
        int rc = attempt(ctx);
        int failed = test_mem.failed;
        test_mem_fail_at(0);
        if (!keep)
            test_mem_remove();
        if (test_mem.live != base)
            fail_msg("allocation %zu failed: %ld blocks leaked", k,
                     test_mem.live - base);
        if (!failed || (lenient && rc == PRECIS_OK)) {
            if (rc != PRECIS_OK)
                fail_msg("attempt %zu: no allocation failed, but got %d", k,
                         rc);
            return failures;
        }
        if (rc != PRECIS_ENOMEM)
            fail_msg("allocation %zu failed: got %d, not PRECIS_ENOMEM", k,
                     rc);
        failures++;
    }
    fail_msg("still failing after %zu allocation points", limit - 1);
    return failures;
}

int test_article_open(test_article *a, const char *text, size_t len)
{
    memset(a, 0, sizeof *a);
    int rc = precis_doc_new(text, len, 0, &a->doc, NULL);
    if (!rc)
        rc = precis_lang_new("english", NULL, 0, &a->lang);
    if (!rc)
        rc = precis_analyzer_new(a->lang, &a->analyzer);
    if (!rc)
        rc = precis_article_new(a->analyzer, a->doc, &a->article);
    return rc;
}

void test_article_close(test_article *a)
{
    precis_article_free(a->article);
    precis_analyzer_free(a->analyzer);
    precis_lang_free(a->lang);
    precis_doc_free(a->doc);
    memset(a, 0, sizeof *a);
}

void test_data_path(char *path, size_t cap, const char *name)
{
    const char *dir = getenv("PRECIS_TEST_DATA");
    if (!dir)
        fail_msg("PRECIS_TEST_DATA is not set");
    int n = snprintf(path, cap, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= cap)
        fail_msg("test data path too long: %s/%s", dir, name);
}

char *test_read_data(const char *name, size_t *len)
{
    char path[1024];
    test_data_path(path, sizeof path, name);
    return test_read_file(path, len);
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    assert_non_null(buf);
    /* Read in doubling chunks: a pipe or a growing file has no size. */
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            cap *= 2;
            char *more = realloc(buf, cap);
            assert_non_null(more);
            buf = more;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad)
        fail_msg("cannot read %s", path);
    buf[n] = '\0';
    *len = n;
    return buf;
}

char *test_repeat(const char *unit, size_t len)
{
    size_t u = strlen(unit);
    assert_true(u > 0);
    char *buf = malloc(len + 1);
    assert_non_null(buf);
    for (size_t k = 0; k < len; k += u)
        memcpy(buf + k, unit, len - k < u ? len - k : u);
    buf[len] = '\0';
    return buf;
}
