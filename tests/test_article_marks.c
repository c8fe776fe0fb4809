/* test_article_marks.c: the sentence flags read from quote marks and
 * colons (PX_SENT_QUOTE, PX_SENT_GLUED), which one scan over those bytes
 * gathers: hand-made cases for each rule, and the quoted share of random
 * sentences against a byte-at-a-time count. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "article.h"
#include "precis.h"
#include "support.h"

/* The flags of the only sentence of text. */
static unsigned only_flags(const char *text)
{
    test_article t;
    assert_int_equal(test_article_open(&t, text, strlen(text)), PRECIS_OK);
    assert_int_equal(t.article->sentence_count, 1);
    unsigned flags = t.article->sentences[0].flags;
    test_article_close(&t);
    return flags;
}

static void test_quoted_share(void **state)
{
    (void)state;
    /* Mostly inside straight or curly double quotes. */
    assert_true(only_flags("He said \"this is a long quoted part of the "
                           "sentence\" today.\n") & PX_SENT_QUOTE);
    assert_true(only_flags("He said \xE2\x80\x9Cthis is a long quoted part "
                           "of the sentence\xE2\x80\x9D today.\n") &
                PX_SENT_QUOTE);
    /* Dashes (E2 lead bytes that are no quote mark) count as quoted text. */
    assert_true(only_flags("He said \xE2\x80\x9Cone \xE2\x80\x94 two "
                           "\xE2\x80\x94 three \xE2\x80\x94 four\xE2\x80\x9D "
                           "ok.\n") &
                PX_SENT_QUOTE);
    /* A short quoted word, and none at all. */
    assert_false(only_flags("The \"a\" and the rest of this sentence is long "
                            "enough here.\n") &
                 PX_SENT_QUOTE);
    assert_false(only_flags("The rest of this sentence has no mark at all "
                            "in it.\n") &
                 (PX_SENT_QUOTE | PX_SENT_GLUED));
    /* Opening with a quote mark is enough. */
    assert_true(only_flags("\"We won,\" he said after the long match on "
                           "the grass.\n") &
                PX_SENT_QUOTE);
}

static void test_glued_quote_and_label(void **state)
{
    (void)state;
    assert_true(only_flags("Locke was named manager on Friday \"The club "
                           "will confirm the deal soon\" fans said.\n") &
                PX_SENT_GLUED);
    assert_true(only_flags("Locke was named manager on Friday \xE2\x80\x98"
                           "The club will confirm the deal soon\xE2\x80\x99 "
                           "fans said.\n") &
                PX_SENT_GLUED);
    /* After punctuation, or a short quoted name: not glued. */
    assert_false(only_flags("Locke was named manager, \"The club will "
                            "confirm the deal soon\" fans said.\n") &
                 PX_SENT_GLUED);
    assert_false(only_flags("Locke joined the club from Hull 'The Tigers' "
                            "and was named manager.\n") &
                 PX_SENT_GLUED);
    /* A caption label: up to three words and a colon before a capital. */
    assert_true(only_flags("Bad memories: The reason he left was clear to "
                           "all of them.\n") &
                PX_SENT_GLUED);
    assert_false(only_flags("He told reporters at length: The reason he "
                            "left was clear to all.\n") &
                 PX_SENT_GLUED);
    /* A colon as the last bytes of the sentence decides nothing. */
    assert_false(only_flags("Bad memories are the reason he left the club "
                            "at last:\n") &
                 PX_SENT_GLUED);
}

/* Bytes of text[start, end) between double quote marks, a byte at a
 * time: '"' toggles, U+201C opens, U+201D closes. */
static size_t quoted_simple(const char *text, size_t start, size_t end)
{
    size_t inside = 0;
    int open = 0;
    for (size_t i = start; i < end; i++) {
        const unsigned char *u = (const unsigned char *)text + i;
        if (u[0] == '"') {
            open = !open;
        } else if (u[0] == 0xE2 && i + 2 < end && u[1] == 0x80 &&
                   (u[2] == 0x9C || u[2] == 0x9D)) {
            open = u[2] == 0x9C;
            i += 2;
        } else if (open) {
            inside++;
        }
    }
    return inside;
}

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* Sentences of words, quote marks, dashes and colons at random: the
 * QUOTE flag of each is what the byte-at-a-time count gives. */
static void test_quoted_share_of_random_text(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "word ", "Name ", "said ", "\"", "\" ", "\xE2\x80\x9C",
        "\xE2\x80\x9D ", "\xE2\x80\x94 ", "\xE2\x80\x99s ", "it's ", ": ",
        "'quoted' ", "x ", "long-word ", "A "};
    uint32_t seed = 99;
    char text[600];
    for (int round = 0; round < 400; round++) {
        size_t len = 0;
        size_t n = 3 + next_random(&seed) % 30;
        memcpy(text, "Then ", 5);
        len = 5;
        for (size_t k = 0; k < n; k++) {
            const char *p =
                pieces[next_random(&seed) % (sizeof pieces / sizeof *pieces)];
            memcpy(text + len, p, strlen(p));
            len += strlen(p);
        }
        memcpy(text + len, "end.\n", 5);
        len += 5;
        test_article t;
        assert_int_equal(test_article_open(&t, text, len), PRECIS_OK);
        const char *doc = precis_doc_text(t.doc);
        for (size_t i = 0; i < t.article->sentence_count; i++) {
            precis_span s = t.article->sentences[i].span;
            unsigned char first = (unsigned char)doc[s.start];
            int opens = first == '"' || first == '\'' || first == 0xE2;
            if (opens)
                continue; /* opening_quote_at decides, not the share */
            int want = quoted_simple(doc, s.start, s.end) * 2 >
                       s.end - s.start;
            assert_int_equal((t.article->sentences[i].flags &
                              PX_SENT_QUOTE) != 0,
                             want);
        }
        test_article_close(&t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoted_share),
        cmocka_unit_test(test_glued_quote_and_label),
        cmocka_unit_test(test_quoted_share_of_random_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
