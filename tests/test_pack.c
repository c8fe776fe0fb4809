/* test_pack.c: an article packed into bytes and unpacked again is the
 * same article (same sentences, terms, stems, layout and summary, and it
 * packs to the same bytes); damaged bytes are refused, not read out of
 * bounds; allocation failure at every point is clean. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "layout.h"
#include "precis.h"
#include "strmap.h"
#include "support.h"

/* The pages the tests pack: a made-up article and a scraped one with a
 * title, byline, date and dropped blocks. */
static const char *const pages[] = {"summary/harbour.txt",
                                    "summary/single.txt",
                                    "summary/blank.txt"};
#define PAGES (sizeof pages / sizeof pages[0])

static void assert_same_layout(const precis_layout *x, const precis_layout *y)
{
    assert_int_equal(x->block_count, y->block_count);
    for (size_t i = 0; i < x->block_count; i++) {
        assert_int_equal(x->blocks[i].span.start, y->blocks[i].span.start);
        assert_int_equal(x->blocks[i].span.end, y->blocks[i].span.end);
        assert_ptr_equal(x->blocks[i].reason, y->blocks[i].reason);
    }
    for (size_t f = 0; f < PX_FIELD_COUNT; f++) {
        assert_int_equal(x->has_field[f], y->has_field[f]);
        assert_int_equal(x->fields[f].start, y->fields[f].start);
        assert_int_equal(x->fields[f].end, y->fields[f].end);
    }
    assert_int_equal(x->has_date_iso, y->has_date_iso);
    assert_string_equal(x->date_iso, y->date_iso);
}

static void assert_same_article(const precis_article *x,
                                const precis_article *y)
{
    assert_string_equal(precis_doc_text(x->doc), precis_doc_text(y->doc));
    assert_same_layout(x->layout, y->layout);
    assert_int_equal(x->sentence_count, y->sentence_count);
    for (size_t i = 0; i < x->sentence_count; i++) {
        const px_sentence *s = &x->sentences[i], *t = &y->sentences[i];
        assert_int_equal(s->span.start, t->span.start);
        assert_int_equal(s->span.end, t->span.end);
        assert_int_equal(s->block, t->block);
        assert_int_equal(s->first_term, t->first_term);
        assert_int_equal(s->term_count, t->term_count);
        assert_int_equal(s->words, t->words);
        assert_int_equal(s->flags, t->flags);
    }
    assert_int_equal(x->term_count, y->term_count);
    assert_memory_equal(x->terms, y->terms, x->term_count * sizeof *x->terms);
    assert_int_equal(px_strmap_size(x->vocab), px_strmap_size(y->vocab));
    for (uint32_t i = 0; i < px_strmap_size(x->vocab); i++)
        assert_string_equal(px_strmap_key(x->vocab, i, NULL),
                            px_strmap_key(y->vocab, i, NULL));
    assert_int_equal(x->title_term_count, y->title_term_count);
    if (x->title_term_count)
        assert_memory_equal(x->title_terms, y->title_terms,
                            x->title_term_count * sizeof *x->title_terms);
    /* The stem ids come back with the serial of the analyzer that gave
     * them, so a summary in the same process can still use its cache. */
    if (x->stems) {
        assert_non_null(y->stems);
        assert_true(x->analyzer == y->analyzer);
        assert_memory_equal(x->stems, y->stems,
                            px_strmap_size(x->vocab) * sizeof *x->stems);
        /* ...but read from bytes, they are not counted on unchecked
         * (precis_idf_add reads them only from an article built here). */
        assert_true(x->stems_trusted);
        assert_false(y->stems_trusted);
    } else {
        assert_null(y->stems);
    }
    assert_int_equal(precis_article_memory(x), precis_article_memory(y));
}

static void assert_same_summary(const precis_article *x,
                                const precis_article *y)
{
    precis_summary_options o;
    precis_summary_options_init(&o);
    precis_summary *s, *t;
    assert_int_equal(precis_summary_new(x, NULL, &o, &s), PRECIS_OK);
    assert_int_equal(precis_summary_new(y, NULL, &o, &t), PRECIS_OK);
    assert_int_equal(precis_summary_count(s), precis_summary_count(t));
    for (size_t i = 0; i < precis_summary_count(s); i++) {
        precis_span a = precis_summary_sentence(s, i);
        precis_span b = precis_summary_sentence(t, i);
        assert_int_equal(a.start, b.start);
        assert_int_equal(a.end, b.end);
        assert_true(precis_summary_score(s, i) == precis_summary_score(t, i));
    }
    precis_summary_free(s);
    precis_summary_free(t);
}

/* A page, its article, and the article packed. */
typedef struct fixture {
    char *text;
    test_article t;
    char *bytes;
    size_t len;
} fixture;

static void open_fixture(fixture *fx, const char *name)
{
    size_t text_len;
    fx->text = test_read_data(name, &text_len);
    assert_int_equal(test_article_open(&fx->t, fx->text, text_len),
                     PRECIS_OK);
    assert_int_equal(precis_article_pack(fx->t.article, &fx->bytes, &fx->len),
                     PRECIS_OK);
    assert_true(fx->len > text_len);
}

static void close_fixture(fixture *fx)
{
    precis_free(fx->bytes);
    test_article_close(&fx->t);
    free(fx->text);
}

static void test_round_trip(void **state)
{
    (void)state;
    for (size_t p = 0; p < PAGES; p++) {
        fixture fx;
        char *again;
        size_t again_len;
        open_fixture(&fx, pages[p]);
        precis_doc *doc;
        precis_article *article;
        assert_int_equal(precis_article_unpack(fx.bytes, fx.len, &doc,
                                               &article),
                         PRECIS_OK);
        assert_ptr_equal(precis_article_doc(article), doc);
        assert_same_article(fx.t.article, article);
        assert_same_summary(fx.t.article, article);
        /* Packed again, the same bytes. */
        assert_int_equal(precis_article_pack(article, &again, &again_len),
                         PRECIS_OK);
        assert_int_equal(again_len, fx.len);
        assert_memory_equal(again, fx.bytes, fx.len);
        precis_free(again);
        precis_article_free(article);
        precis_doc_free(doc);
        close_fixture(&fx);
    }
}

static void test_arguments(void **state)
{
    (void)state;
    char *bytes = (char *)"x";
    size_t len = 1;
    precis_doc *doc = (precis_doc *)&len;
    precis_article *article = (precis_article *)&len;
    assert_int_equal(precis_article_pack(NULL, &bytes, &len), PRECIS_EINVAL);
    assert_null(bytes);
    assert_int_equal(len, 0);
    assert_int_equal(precis_article_unpack(NULL, 0, &doc, &article),
                     PRECIS_EFORMAT);
    assert_null(doc);
    assert_null(article);
    assert_int_equal(precis_article_unpack(NULL, 3, &doc, &article),
                     PRECIS_EINVAL);
    assert_int_equal(precis_article_unpack("pxa1", 4, NULL, &article),
                     PRECIS_EINVAL);
    assert_int_equal(precis_article_unpack("pxa2", 4, &doc, &article),
                     PRECIS_EFORMAT);
}

/* Every cut of the bytes short of the whole, and every byte changed, is
 * refused or read into a whole article; none leaves memory behind (and,
 * under the sanitizers, none reads out of bounds). */
static void test_damage(void **state)
{
    (void)state;
    fixture fx;
    open_fixture(&fx, pages[0]);
    char *bytes = fx.bytes;
    size_t len = fx.len;
    test_mem_install();
    precis_doc *doc;
    precis_article *article;
    for (size_t cut = 0; cut < len; cut++) {
        char *copy = malloc(cut ? cut : 1);
        assert_non_null(copy);
        memcpy(copy, bytes, cut);
        assert_int_equal(precis_article_unpack(copy, cut, &doc, &article),
                         PRECIS_EFORMAT);
        assert_null(article);
        free(copy);
    }
    size_t accepted = 0;
    for (size_t at = 0; at < len; at++) {
        static const unsigned char flips[] = {0x01, 0x80, 0xff};
        for (size_t f = 0; f < sizeof flips; f++) {
            bytes[at] = (char)(bytes[at] ^ flips[f]);
            int rc = precis_article_unpack(bytes, len, &doc, &article);
            assert_true(rc == PRECIS_OK || rc == PRECIS_EFORMAT);
            if (rc == PRECIS_OK) {
                /* Whatever was accepted can be summarized. */
                precis_summary_options o;
                precis_summary_options_init(&o);
                precis_summary *s;
                assert_int_equal(precis_summary_new(article, NULL, &o, &s),
                                 PRECIS_OK);
                precis_summary_free(s);
                accepted++;
            }
            precis_article_free(article);
            precis_doc_free(doc);
            bytes[at] = (char)(bytes[at] ^ flips[f]);
        }
    }
    /* Changed text or flags are still an article; changed counts or
     * offsets mostly are not. */
    assert_true(accepted > 0);
    assert_true(accepted < 3 * len);
    test_mem_remove();
    assert_int_equal(test_mem.live, 0);
    close_fixture(&fx);
}

static int unpack_attempt(void *ctx)
{
    const fixture *fx = ctx;
    precis_doc *doc;
    precis_article *article;
    int rc = precis_article_unpack(fx->bytes, fx->len, &doc, &article);
    if (rc == PRECIS_OK)
        assert_true(precis_article_sentence_count(article) > 0);
    else
        assert_null(doc);
    precis_article_free(article);
    precis_doc_free(doc);
    return rc;
}

static int pack_attempt(void *ctx)
{
    const precis_article *a = ctx;
    char *bytes;
    size_t len;
    int rc = precis_article_pack(a, &bytes, &len);
    precis_free(bytes);
    return rc;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    fixture fx;
    open_fixture(&fx, pages[0]);
    assert_true(test_mem_sweep(unpack_attempt, &fx, 1000, 0) > 5);
    assert_int_equal(test_mem_sweep(pack_attempt, fx.t.article, 10, 0), 1);
    close_fixture(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_damage),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
