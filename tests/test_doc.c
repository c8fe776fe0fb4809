/* test_doc.c: documents: copy, validation errors with their location,
 * repair, line lookup, and allocation failure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "doc.h"
#include "precis.h"

static void test_copy_and_lines(void **state)
{
    (void)state;
    /* BOM and CRLF stay in the text. */
    static const char text[] = "\xEF\xBB\xBFTitle\r\n\r\nBody line.\nLast";
    precis_doc *doc = NULL;
    assert_int_equal(precis_doc_new(text, sizeof text - 1, 0, &doc, NULL), 0);
    assert_non_null(doc);
    assert_int_equal(precis_doc_length(doc), sizeof text - 1);
    assert_memory_equal(precis_doc_text(doc), text, sizeof text - 1);
    assert_int_equal(precis_doc_text(doc)[sizeof text - 1], '\0');
    assert_true(precis_doc_text(doc) != text);
    assert_int_equal(doc->lines, 4);

    precis_location loc = precis_doc_locate(doc, 0);
    assert_int_equal(loc.line, 1);
    assert_int_equal(loc.column, 1);
    loc = precis_doc_locate(doc, 8); /* the '\r' of line 1 */
    assert_int_equal(loc.line, 1);
    assert_int_equal(loc.column, 9);
    loc = precis_doc_locate(doc, 10); /* line 2 starts at its '\r' */
    assert_int_equal(loc.line, 2);
    assert_int_equal(loc.column, 1);
    loc = precis_doc_locate(doc, 12); /* 'B' */
    assert_int_equal(loc.line, 3);
    assert_int_equal(loc.column, 1);
    loc = precis_doc_locate(doc, 23); /* 'L' */
    assert_int_equal(loc.line, 4);
    assert_int_equal(loc.column, 1);
    /* Offsets past the end are clamped. */
    loc = precis_doc_locate(doc, 1000);
    assert_int_equal(loc.offset, sizeof text - 1);
    assert_int_equal(loc.line, 4);
    assert_int_equal(loc.column, 5);
    precis_doc_free(doc);
}

static void test_empty(void **state)
{
    (void)state;
    precis_doc *doc = NULL;
    assert_int_equal(precis_doc_new(NULL, 0, 0, &doc, NULL), 0);
    assert_int_equal(precis_doc_length(doc), 0);
    assert_string_equal(precis_doc_text(doc), "");
    precis_location loc = precis_doc_locate(doc, 5);
    assert_int_equal(loc.offset, 0);
    assert_int_equal(loc.line, 1);
    assert_int_equal(loc.column, 1);
    precis_doc_free(doc);
    precis_doc_free(NULL);

    assert_int_equal(precis_doc_new(NULL, 3, 0, &doc, NULL), PRECIS_EINVAL);
    assert_int_equal(precis_doc_new("abc", 3, 0, NULL, NULL), PRECIS_EINVAL);
    assert_null(precis_doc_text(NULL));
    assert_int_equal(precis_doc_length(NULL), 0);
}

static void test_invalid(void **state)
{
    (void)state;
    /* The bad byte 0xFF is on line 3, column 4. */
    static const char text[] = "one\ntwo\nab \xFF rest\n";
    precis_doc *doc = (precis_doc *)&doc; /* must be reset to NULL */
    precis_location where = {0, 0, 0};
    assert_int_equal(precis_doc_new(text, sizeof text - 1, 0, &doc, &where),
                     PRECIS_EUTF8);
    assert_null(doc);
    assert_int_equal(where.offset, 11);
    assert_int_equal(where.line, 3);
    assert_int_equal(where.column, 4);
    /* `where` may be NULL. */
    assert_int_equal(precis_doc_new(text, sizeof text - 1, 0, &doc, NULL),
                     PRECIS_EUTF8);

    /* A truncated sequence at the very start. */
    assert_int_equal(precis_doc_new("\xE2\x80", 2, 0, &doc, &where),
                     PRECIS_EUTF8);
    assert_int_equal(where.offset, 0);
    assert_int_equal(where.line, 1);
    assert_int_equal(where.column, 1);
}

static void test_repair(void **state)
{
    (void)state;
    static const char text[] = "caf\xE9\nok";
    precis_doc *doc = NULL;
    assert_int_equal(precis_doc_new(text, sizeof text - 1, PRECIS_DOC_REPAIR,
                                    &doc, NULL),
                     0);
    assert_string_equal(precis_doc_text(doc), "caf\xEF\xBF\xBD\nok");
    assert_int_equal(precis_doc_length(doc), 9);
    precis_location loc = precis_doc_locate(doc, 7);
    assert_int_equal(loc.line, 2);
    assert_int_equal(loc.column, 1);
    precis_doc_free(doc);
}

typedef struct counting {
    size_t calls, fail_at;
    long live;
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

static void test_enomem(void **state)
{
    (void)state;
    static const char text[] = "line one\nline \xFF two\n";
    int succeeded = 0;

    for (unsigned flags = 0; flags < 2; flags++) {
        for (size_t k = 1; k < 20 && !succeeded; k++) {
            counting c = {0, k, 0};
            precis_allocator a = {count_malloc, count_realloc, count_free,
                                  &c};
            precis_doc *doc = NULL;
            const char *in = flags ? text : "fine\ntext\n";
            size_t len = flags ? sizeof text - 1 : 10;
            precis_allocator_set(&a);
            int rc = precis_doc_new(in, len, flags, &doc, NULL);
            precis_doc_free(doc);
            precis_allocator_set(NULL);
            assert_true(rc == 0 || rc == PRECIS_ENOMEM);
            assert_int_equal(c.live, 0);
            if (rc == 0)
                succeeded = 1;
        }
        assert_true(succeeded);
        succeeded = 0;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_and_lines),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_repair),
        cmocka_unit_test(test_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
