/* test_token.c: token kinds, folded text and byte offsets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "precis.h"
#include "token.h"
#include "support.h"

#define MAX_TOKENS 64

typedef struct tok {
    int kind;
    char folded[512];
    size_t start, end;
} tok;

typedef struct toks {
    tok items[MAX_TOKENS];
    size_t count;
    size_t stop_at; /* return 5 at this token count; 0: never */
} toks;

static int collect(void *ctx, int kind, const char *folded, size_t len,
                   size_t start, size_t end)
{
    toks *t = ctx;
    assert_true(len < sizeof t->items[0].folded);
    assert_int_equal(folded[len], '\0');
    if (t->count < MAX_TOKENS) {
        tok *k = &t->items[t->count];
        k->kind = kind;
        memcpy(k->folded, folded, len);
        k->folded[len] = '\0';
        k->start = start;
        k->end = end;
    }
    t->count++;
    return t->stop_at && t->count == t->stop_at ? 5 : 0;
}

static toks *run(const char *text)
{
    toks *t = calloc(1, sizeof *t);
    assert_non_null(t);
    assert_int_equal(precis_tokenize(text, strlen(text), collect, t), 0);
    return t;
}

/* Checks token i: kind, folded text, and that the offsets slice the
 * original text to `original`. */
static void expect(const char *text, const toks *t, size_t i, int kind,
                   const char *folded, const char *original)
{
    assert_true(i < t->count);
    const tok *k = &t->items[i];
    assert_int_equal(k->kind, kind);
    assert_string_equal(k->folded, folded);
    assert_int_equal(k->end - k->start, strlen(original));
    assert_memory_equal(text + k->start, original, strlen(original));
}

static void test_words_and_offsets(void **state)
{
    (void)state;
    const char *text = "  The Cat, sat.";
    toks *t = run(text);
    assert_int_equal(t->count, 3);
    expect(text, t, 0, PRECIS_TOKEN_WORD, "the", "The");
    assert_int_equal(t->items[0].start, 2);
    assert_int_equal(t->items[0].end, 5);
    expect(text, t, 1, PRECIS_TOKEN_WORD, "cat", "Cat");
    expect(text, t, 2, PRECIS_TOKEN_WORD, "sat", "sat");
    assert_int_equal(t->items[2].start, 11);
    free(t);
}

static void test_apostrophes(void **state)
{
    (void)state;
    const char *text = "Putin\xE2\x80\x99s aides don't 'quote' O'Neill's "
                       "dogs' \xE2\x80\x98hi\xE2\x80\x99 1990's";
    toks *t = run(text);
    assert_int_equal(t->count, 8);
    expect(text, t, 0, PRECIS_TOKEN_WORD, "putin's", "Putin\xE2\x80\x99s");
    expect(text, t, 1, PRECIS_TOKEN_WORD, "aides", "aides");
    expect(text, t, 2, PRECIS_TOKEN_WORD, "don't", "don't");
    /* Quote marks around a word are not part of it. */
    expect(text, t, 3, PRECIS_TOKEN_WORD, "quote", "quote");
    expect(text, t, 4, PRECIS_TOKEN_WORD, "o'neill's", "O'Neill's");
    expect(text, t, 5, PRECIS_TOKEN_WORD, "dogs", "dogs");
    expect(text, t, 6, PRECIS_TOKEN_WORD, "hi", "hi");
    expect(text, t, 7, PRECIS_TOKEN_NUMBER, "1990's", "1990's");
    free(t);
}

static void test_hyphens(void **state)
{
    (void)state;
    const char *text = "Nagorno-Karabakh covid-19 well--known -lead trail- "
                       "Jean\xE2\x80\x90Paul a \xE2\x80\x94 b";
    toks *t = run(text);
    assert_int_equal(t->count, 9);
    expect(text, t, 0, PRECIS_TOKEN_WORD, "nagorno-karabakh",
           "Nagorno-Karabakh");
    expect(text, t, 1, PRECIS_TOKEN_WORD, "covid-19", "covid-19");
    /* A double hyphen is a dash: two words. */
    expect(text, t, 2, PRECIS_TOKEN_WORD, "well", "well");
    expect(text, t, 3, PRECIS_TOKEN_WORD, "known", "known");
    expect(text, t, 4, PRECIS_TOKEN_WORD, "lead", "lead");
    expect(text, t, 5, PRECIS_TOKEN_WORD, "trail", "trail");
    /* U+2010 HYPHEN joins and folds to '-'. */
    expect(text, t, 6, PRECIS_TOKEN_WORD, "jean-paul", "Jean\xE2\x80\x90Paul");
    expect(text, t, 7, PRECIS_TOKEN_WORD, "a", "a");
    expect(text, t, 8, PRECIS_TOKEN_WORD, "b", "b");
    free(t);
}

static void test_numbers(void **state)
{
    (void)state;
    const char *text = "$10.9bn 2.5% 10,000 1990s 3rd 3.14. 2,5, 24-hour G7 "
                       "\xC2\xA3" "1.2m";
    toks *t = run(text);
    assert_int_equal(t->count, 10);
    expect(text, t, 0, PRECIS_TOKEN_NUMBER, "10.9bn", "10.9bn");
    assert_int_equal(t->items[0].start, 1); /* "$" is not part of it */
    expect(text, t, 1, PRECIS_TOKEN_NUMBER, "2.5", "2.5");
    expect(text, t, 2, PRECIS_TOKEN_NUMBER, "10,000", "10,000");
    expect(text, t, 3, PRECIS_TOKEN_NUMBER, "1990s", "1990s");
    expect(text, t, 4, PRECIS_TOKEN_NUMBER, "3rd", "3rd");
    /* A final period or comma is punctuation. */
    expect(text, t, 5, PRECIS_TOKEN_NUMBER, "3.14", "3.14");
    expect(text, t, 6, PRECIS_TOKEN_NUMBER, "2,5", "2,5");
    expect(text, t, 7, PRECIS_TOKEN_NUMBER, "24-hour", "24-hour");
    expect(text, t, 8, PRECIS_TOKEN_WORD, "g7", "G7");
    expect(text, t, 9, PRECIS_TOKEN_NUMBER, "1.2m", "1.2m");
    free(t);
}

static void test_folding(void **state)
{
    (void)state;
    /* Ärger, ДОМ (Russian), ΑΘΗΝΑ (Greek), ՀԱՅ (Armenian), İstanbul */
    const char *text = "\xC3\x84rger \xD0\x94\xD0\x9E\xD0\x9C "
                       "\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91 "
                       "\xD5\x80\xD4\xB1\xD5\x85 "
                       "\xC4\xB0stanbul";
    toks *t = run(text);
    assert_int_equal(t->count, 5);
    expect(text, t, 0, PRECIS_TOKEN_WORD, "\xC3\xA4rger", "\xC3\x84rger");
    expect(text, t, 1, PRECIS_TOKEN_WORD, "\xD0\xB4\xD0\xBE\xD0\xBC",
           "\xD0\x94\xD0\x9E\xD0\x9C");
    expect(text, t, 2, PRECIS_TOKEN_WORD,
           "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1",
           "\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91");
    expect(text, t, 3, PRECIS_TOKEN_WORD, "\xD5\xB0\xD5\xA1\xD5\xB5",
           "\xD5\x80\xD4\xB1\xD5\x85");
    expect(text, t, 4, PRECIS_TOKEN_WORD, "istanbul", "\xC4\xB0stanbul");
    free(t);
}

static void test_separators(void **state)
{
    (void)state;
    /* No-break space, em dash, curly quotes and CJK punctuation all
     * separate; combining accents stay inside the word. */
    const char *text = "one\xC2\xA0two\xE2\x80\x94three \xE2\x80\x9C"
                       "four\xE2\x80\x9D cafe\xCC\x81";
    toks *t = run(text);
    assert_int_equal(t->count, 5);
    expect(text, t, 1, PRECIS_TOKEN_WORD, "two", "two");
    expect(text, t, 2, PRECIS_TOKEN_WORD, "three", "three");
    expect(text, t, 3, PRECIS_TOKEN_WORD, "four", "four");
    expect(text, t, 4, PRECIS_TOKEN_WORD, "cafe\xCC\x81", "cafe\xCC\x81");
    free(t);
}

static void test_range_and_stop(void **state)
{
    (void)state;
    const char *text = "alpha beta gamma delta";
    toks t;
    memset(&t, 0, sizeof t);
    /* px_tokenize reports absolute offsets within a range. */
    assert_int_equal(px_tokenize(text, 6, 16, collect, &t), 0);
    assert_int_equal(t.count, 2);
    assert_int_equal(t.items[0].start, 6);
    assert_string_equal(t.items[1].folded, "gamma");
    assert_int_equal(t.items[1].end, 16);

    memset(&t, 0, sizeof t);
    t.stop_at = 2;
    assert_int_equal(precis_tokenize(text, strlen(text), collect, &t), 5);
    assert_int_equal(t.count, 2);

    assert_int_equal(precis_tokenize(NULL, 0, collect, &t), 0);
    assert_int_equal(precis_tokenize(NULL, 4, collect, &t), PRECIS_EINVAL);
    assert_int_equal(precis_tokenize(text, 4, NULL, NULL), PRECIS_EINVAL);
}

static int count_only(void *ctx, int kind, const char *folded, size_t len,
                      size_t start, size_t end)
{
    (void)kind;
    (void)folded;
    (void)start;
    (void)end;
    *(size_t *)ctx += len;
    return 0;
}

static int tokenize_long(void *ctx)
{
    const char *text = ctx;
    size_t total = 0;
    return precis_tokenize(text, strlen(text), count_only, &total);
}

static void test_long_token(void **state)
{
    (void)state;
    /* A token longer than the stack buffer moves to the heap; when that
     * allocation fails, PRECIS_ENOMEM comes back. */
    size_t n = 100000;
    char *text = test_repeat("ABCDEFGHIJKLMNOPQRSTUVWXYZ", n);
    size_t total = 0;
    assert_int_equal(precis_tokenize(text, n, count_only, &total), 0);
    assert_int_equal(total, n);

    /* At least one failure, and far fewer than 20 allocations. */
    assert_true(test_mem_sweep(tokenize_long, text, 20, 0) >= 1);
    free(text);
}

/* px_token_next finds the tokens px_tokenize reports, and says which are
 * all ASCII. */
typedef struct next_check {
    const char *text;
    size_t at, end, count;
    size_t fast; /* tokens px_token_ascii took (check_ascii) */
} next_check;

static int check_next(void *ctx, int kind, const char *folded,
                      size_t folded_len, size_t start, size_t end)
{
    next_check *c = ctx;
    int k, ascii;
    size_t stop;
    size_t s = px_token_next(c->text, c->at, c->end, &k, &stop, &ascii);
    assert_int_equal(s, start);
    assert_int_equal(stop, end);
    assert_int_equal(k, kind);
    int want = 1;
    for (size_t i = start; i < end; i++)
        want &= (unsigned char)c->text[i] < 0x80;
    assert_int_equal(ascii, want);
    (void)folded;
    (void)folded_len;
    c->at = stop;
    c->count++;
    return 0;
}

static void test_next_matches_tokenize(void **state)
{
    (void)state;
    static const char text[] =
        "Putin's O\xE2\x80\x99Neill 2.5bn 10,000 1990's covid-19 -x- "
        "Nagorno\xE2\x80\x91Karabakh \xC3\x89t\xC3\xA9 3rd, 4.5. end'";
    next_check c = {text, 0, sizeof text - 1, 0, 0};
    assert_int_equal(px_tokenize(text, 0, c.end, check_next, &c), 0);
    assert_int_equal(c.count, 12);
    int k, ascii;
    size_t stop;
    assert_int_equal(px_token_next(text, c.at, c.end, &k, &stop, &ascii),
                     c.end);
}

/* The inline ASCII path (px_token_skip, px_token_ascii) against
 * px_tokenize, on random text of ASCII letters, digits, joiners and
 * marks mixed with characters that may or may not continue a token. The
 * range read often ends before the text does: bytes past its end must
 * not count. Each token is then checked against px_token_next too. */
static int check_ascii(void *ctx, int kind, const char *folded,
                       size_t folded_len, size_t start, size_t end)
{
    next_check *c = ctx;
    assert_true(px_token_skip(c->text, c->at, c->end) <= start);
    char fold[256];
    size_t stop, joins;
    int k = px_token_ascii(c->text, start, c->end, 0, fold, &stop, &joins);
    if (k) {
        assert_int_equal(k, kind);
        assert_int_equal(stop, end);
        assert_int_equal(stop - start, folded_len);
        assert_memory_equal(fold, folded, folded_len);
        size_t want = 0;
        for (size_t i = 0; i < folded_len; i++)
            want += strchr("'-.,", folded[i]) != NULL;
        assert_int_equal(joins, want);
        c->fast++;
    }
    /* The same answer without folding, and without testing the bound
     * where the byte at the end stops a run by itself. */
    assert_int_equal(px_token_ascii(c->text, start, c->end, 0, NULL, &stop,
                                    &joins),
                     k);
    if (!px_ascii_folded[(unsigned char)c->text[c->end]]) {
        size_t stop2 = 0;
        assert_int_equal(px_token_ascii(c->text, start, c->end, 1, NULL,
                                        &stop2, &joins),
                         k);
        if (k)
            assert_int_equal(stop2, stop);
    }
    return check_next(ctx, kind, folded, folded_len, start, end);
}

static void test_ascii_path_matches_tokenize(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "Z", "q", "s", "S", "0", "9", "5", "'", "-", ".", ",", " ",
        "!", "(", "@", "[", "`", "{", "_",
        "\xC3\xA9",         /* e acute: a letter */
        "\xE2\x80\x99",     /* right single quotation mark: an apostrophe */
        "\xE2\x80\x90",     /* hyphen */
        "\xE2\x80\x9D",     /* right double quotation mark */
        "\xC2\xA0",         /* no-break space */
        "\xD9\xA3",         /* Arabic-Indic digit three */
        "\xE2\x84\xAA",     /* Kelvin sign: a letter */
        "\xE2\x80\x94",     /* em dash */
    };
    size_t npieces = sizeof pieces / sizeof pieces[0];
    unsigned seed = 12345;
    char text[200];
    size_t fast = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        size_t want = 1 + (seed >> 8) % 40;
        while (len + 4 < sizeof text && want-- > 0) {
            seed = seed * 1103515245u + 12345u;
            /* Mostly letters and digits, as text is. */
            size_t pick = (seed >> 16) % (npieces + 8);
            const char *p = pick < npieces ? pieces[pick]
                                           : pieces[(seed >> 4) % 8];
            memcpy(text + len, p, strlen(p));
            len += strlen(p);
        }
        text[len] = '\0';
        /* The range ends at a character boundary, at or before the end
         * of the text: at a piece boundary, found by retokenising. */
        size_t end = len;
        if (round % 2) {
            size_t cut = (seed >> 3) % (len + 1);
            while (cut < len && ((unsigned char)text[cut] & 0xC0) == 0x80)
                cut++;
            end = cut;
        }
        next_check c = {text, 0, end, 0, 0};
        assert_int_equal(px_tokenize(text, 0, end, check_ascii, &c), 0);
        int kind, ascii;
        size_t stop;
        assert_int_equal(px_token_next(text, c.at, end, &kind, &stop, &ascii),
                         end);
        fast += c.fast;
    }
    /* Most tokens took the fast path; the test saw it. */
    assert_true(fast > 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_offsets),
        cmocka_unit_test(test_apostrophes),
        cmocka_unit_test(test_hyphens),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_folding),
        cmocka_unit_test(test_separators),
        cmocka_unit_test(test_range_and_stop),
        cmocka_unit_test(test_long_token),
        cmocka_unit_test(test_next_matches_tokenize),
        cmocka_unit_test(test_ascii_path_matches_tokenize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
