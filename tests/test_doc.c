/* test_doc.c: documents: copy or adoption of the bytes, validation
 * errors with their location, repair, line lookup, and allocation
 * failure. */
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
#include "support.h"

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

/* Lines far shorter than the table's first guess (one per 64 bytes):
 * the table grows, and every start is where the text puts it. */
static void test_many_short_lines(void **state)
{
    (void)state;
    char text[3000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = i % 3 == 2 ? '\n' : 'a';
    precis_doc *doc = NULL;
    assert_int_equal(precis_doc_new(text, sizeof text, 0, &doc, NULL), 0);
    assert_int_equal(doc->lines, sizeof text / 3 + 1);
    for (size_t k = 0; k < doc->lines; k++)
        assert_int_equal(doc->line_starts[k], 3 * k);
    precis_location loc = precis_doc_locate(doc, 3 * 700 + 1);
    assert_int_equal(loc.line, 701);
    assert_int_equal(loc.column, 2);
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

/* bytes[0..len) in a block of the library's allocator, one byte more
 * (not a NUL: the document makes it one). */
static char *block_of(const char *bytes, size_t len)
{
    char *b = px_malloc(len + 1);
    if (b) {
        memcpy(b, bytes, len);
        b[len] = 'x';
    }
    return b;
}

static void test_adopt(void **state)
{
    (void)state;
    static const char text[] = "Title\r\n\r\nBody line.\nLast";
    size_t len = sizeof text - 1;
    char *b = block_of(text, len);
    precis_doc *doc = NULL;
    assert_non_null(b);
    assert_int_equal(precis_doc_adopt(b, len, 0, &doc, NULL), PRECIS_OK);
    /* The block itself is the text, NUL-terminated. */
    assert_ptr_equal(precis_doc_text(doc), b);
    assert_int_equal(precis_doc_length(doc), len);
    assert_memory_equal(precis_doc_text(doc), text, len + 1);
    assert_int_equal(doc->lines, 4);
    assert_int_equal(precis_doc_locate(doc, 9).line, 3);
    precis_doc_free(doc); /* frees the block (a leak checker sees) */

    /* Invalid UTF-8: an error, and the block is still the caller's. */
    static const char bad[] = "one\ntwo\nab \xFF rest\n";
    precis_location where = {0, 0, 0};
    b = block_of(bad, sizeof bad - 1);
    assert_non_null(b);
    doc = (precis_doc *)&doc;
    assert_int_equal(precis_doc_adopt(b, sizeof bad - 1, 0, &doc, &where),
                     PRECIS_EUTF8);
    assert_null(doc);
    assert_int_equal(where.offset, 11);
    assert_int_equal(where.line, 3);
    assert_memory_equal(b, bad, sizeof bad - 1);
    px_free(b);

    /* Repaired: the document holds a copy and has freed the block. */
    b = block_of("caf\xE9\nok", 7);
    assert_non_null(b);
    assert_int_equal(precis_doc_adopt(b, 7, PRECIS_DOC_REPAIR, &doc, NULL),
                     PRECIS_OK);
    assert_string_equal(precis_doc_text(doc), "caf\xEF\xBF\xBD\nok");
    precis_doc_free(doc);

    /* An empty text still needs its block, for the NUL. */
    b = block_of("", 0);
    assert_non_null(b);
    assert_int_equal(precis_doc_adopt(b, 0, 0, &doc, NULL), PRECIS_OK);
    assert_int_equal(precis_doc_length(doc), 0);
    assert_string_equal(precis_doc_text(doc), "");
    precis_doc_free(doc);
    assert_int_equal(precis_doc_adopt(NULL, 0, 0, &doc, NULL), PRECIS_EINVAL);
    b = block_of("abc", 3);
    assert_non_null(b);
    assert_int_equal(precis_doc_adopt(b, 3, 0, NULL, NULL), PRECIS_EINVAL);
    px_free(b);
}

typedef struct doc_case {
    const char *text;
    size_t len;
    unsigned flags;
} doc_case;

static int make_doc(void *ctx)
{
    const doc_case *dc = ctx;
    precis_doc *doc = NULL;
    int rc = precis_doc_new(dc->text, dc->len, dc->flags, &doc, NULL);
    precis_doc_free(doc);
    return rc;
}

/* An adopted block is the document's when it is made and the caller's
 * when it is not: every failure leaves one owner (the sweep counts the
 * blocks left). */
static int adopt_doc(void *ctx)
{
    const doc_case *dc = ctx;
    precis_doc *doc = NULL;
    char *b = block_of(dc->text, dc->len);
    if (!b)
        return PRECIS_ENOMEM;
    int rc = precis_doc_adopt(b, dc->len, dc->flags, &doc, NULL);
    if (rc == PRECIS_OK)
        precis_doc_free(doc);
    else
        px_free(b);
    return rc;
}

static void test_enomem(void **state)
{
    (void)state;
    static const char text[] = "line one\nline \xFF two\n";
    const doc_case cases[] = {
        {"fine\ntext\n", 10, 0},
        {text, sizeof text - 1, 1},
    };
    /* Lenient: a repair whose shrink fails keeps the larger buffer and
     * succeeds. Twenty attempts are far more than a document needs. */
    for (size_t i = 0; i < 2; i++) {
        test_mem_sweep(make_doc, (void *)&cases[i], 20, 1);
        test_mem_sweep(adopt_doc, (void *)&cases[i], 20, 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_and_lines),
        cmocka_unit_test(test_many_short_lines),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_repair),
        cmocka_unit_test(test_adopt),
        cmocka_unit_test(test_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
