/* test_swar_find.c: the wide scans of swar.h (px_find_any4, px_find_pair,
 * px_find_letters, px_find_high) give, on the portable path and on the SSE2 one, the
 * offset a byte at a time would give: on random text, on text where the
 * bytes sought are rare, at every alignment and length, and with bytes
 * >= 0x80 around. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "swar.h"

#define TEXT_MAX 80

/* A small deterministic generator, so that a failure repeats. */
static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* Bytes drawn mostly from the ones the scans look for and their
 * neighbours, so that matches, near misses and high bytes all occur. */
static unsigned char random_byte(uint32_t *state)
{
    static const unsigned char pool[] = {
        ' ', 'a', 'z', 'A', 'Z', '@', '[', '\n', '.', '?', '!', '"', '\'',
        0xE2, 0x80, 0x9C, 0xC3, 0xFF, 0x00, 0x7F, 0x0A, 0x2D, 0x2F};
    uint32_t r = next_random(state);
    if (r % 4 == 0)
        return (unsigned char)(r >> 8);
    return pool[(r >> 8) % sizeof pool];
}

/* n random bytes; with `sparse`, most of them a plain 'x', so that the
 * bytes sought are rare, as in real text. */
static void random_text(char *text, size_t n, int sparse, uint32_t *state)
{
    for (size_t k = 0; k < n; k++)
        text[k] = sparse && next_random(state) % 12 ? 'x'
                                                    : (char)random_byte(state);
}

/* The reference: a byte at a time. */
static size_t find_any4_simple(const char *t, size_t i, size_t end,
                               const unsigned char set[4], int high)
{
    while (i < end && !px_find_is_any4((unsigned char)t[i], set[0], set[1],
                                       set[2], set[3], high))
        i++;
    return i;
}

static size_t find_pair_simple(const char *t, size_t from, size_t limit,
                               unsigned char c, unsigned char lo,
                               unsigned char hi)
{
    for (size_t i = from; i < limit; i++)
        if ((unsigned char)t[i] == c && (unsigned char)t[i + 1] >= lo &&
            (unsigned char)t[i + 1] <= hi)
            return i;
    return limit;
}

static size_t find_letters_simple(const char *t, size_t from, size_t limit,
                                  unsigned char a, unsigned char b)
{
    for (size_t i = from; i < limit; i++) {
        unsigned char x = (unsigned char)t[i], y = (unsigned char)t[i + 1];
        if ((x == a || x == a - 32) && (y == b || y == b - 32))
            return i;
    }
    return limit;
}

/* Every path of px_find_any4 over t[i, end). */
static void check_any4(const char *t, size_t i, size_t end,
                       const unsigned char set[4], int high)
{
    size_t want = find_any4_simple(t, i, end, set, high);
    assert_int_equal(px_find_any4_swar(t, i, end, set[0], set[1], set[2],
                                       set[3], high),
                     want);
#if defined(__SSE2__) && defined(__GNUC__)
    assert_int_equal(px_find_any4_sse2(t, i, end, set[0], set[1], set[2],
                                       set[3], high),
                     want);
#endif
    assert_int_equal(
        px_find_any4(t, i, end, set[0], set[1], set[2], set[3], high), want);
}

static void check_pair(const char *t, size_t from, size_t limit,
                       unsigned char c, unsigned char lo, unsigned char hi)
{
    size_t want = find_pair_simple(t, from, limit, c, lo, hi);
    assert_int_equal(px_find_pair_swar(t, from, limit, c, lo, hi), want);
#if defined(__SSE2__) && defined(__GNUC__)
    assert_int_equal(px_find_pair_sse2(t, from, limit, c, lo, hi), want);
#endif
    assert_int_equal(px_find_pair(t, from, limit, c, lo, hi), want);
}

static void check_letters(const char *t, size_t from, size_t limit,
                          unsigned char a, unsigned char b)
{
    size_t want = find_letters_simple(t, from, limit, a, b);
    assert_int_equal(px_find_letters_swar(t, from, limit, a, b), want);
#if defined(__SSE2__) && defined(__GNUC__)
    assert_int_equal(px_find_letters_sse2(t, from, limit, a, b), want);
#endif
    assert_int_equal(px_find_letters(t, from, limit, a, b), want);
}

/* The sets the library scans for, and one of four equal bytes. */
static const unsigned char sets[][4] = {
    {'\n', '.', '?', '!'},
    {'"', 0xE2, 0xE2, 0xE2},
    {'"', '\'', 0xE2, 0xE2},
    {' ', ' ', ' ', ' '},
    {0x00, 0xFF, 0x80, 0x7F},
};
#define SETS (sizeof sets / sizeof sets[0])

static void test_any4_matches_the_simple_scan(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    char text[TEXT_MAX + 1];
    for (int round = 0; round < 20000; round++) {
        size_t len = next_random(&seed) % TEXT_MAX;
        random_text(text, len, round % 2, &seed);
        size_t i = len ? next_random(&seed) % (len + 1) : 0;
        for (size_t s = 0; s < SETS; s++) {
            check_any4(text, i, len, sets[s], 0);
            check_any4(text, i, len, sets[s], 1);
        }
    }
}

static void test_any4_finds_every_position(void **state)
{
    (void)state;
    char text[TEXT_MAX];
    for (size_t len = 0; len <= TEXT_MAX; len++) {
        for (size_t at = 0; at <= len; at++) {
            memset(text, 'x', sizeof text);
            if (at < len)
                text[at] = '.';
            for (size_t i = 0; i <= len; i++)
                check_any4(text, i, len, sets[0], 0);
            if (at < len)
                text[at] = (char)0xC3; /* found only as a high byte */
            check_any4(text, 0, len, sets[0], 1);
            check_any4(text, 0, len, sets[0], 0);
        }
    }
}

static void test_pair_matches_the_simple_scan(void **state)
{
    (void)state;
    uint32_t seed = 777;
    char text[TEXT_MAX + 1];
    for (int round = 0; round < 20000; round++) {
        size_t len = next_random(&seed) % TEXT_MAX;
        random_text(text, len + 1, round % 2, &seed);
        size_t from = len ? next_random(&seed) % (len + 1) : 0;
        check_pair(text, from, len, ' ', 'A', 'Z');
        check_pair(text, from, len, '.', 'a', 'z');
        check_pair(text, from, len, 'x', 0x00, 0x7F);
        check_pair(text, from, len, '"', '@', '@');
    }
}

static void test_pair_finds_every_position(void **state)
{
    (void)state;
    char text[TEXT_MAX + 1];
    for (size_t limit = 0; limit <= TEXT_MAX; limit++) {
        for (size_t at = 0; at < limit; at++) {
            memset(text, ' ', sizeof text);
            text[at + 1] = 'Q';
            for (size_t from = 0; from <= limit; from++)
                check_pair(text, from, limit, ' ', 'A', 'Z');
            text[at + 1] = '['; /* just past the range */
            check_pair(text, 0, limit, ' ', 'A', 'Z');
            text[at + 1] = (char)0xC1; /* 'A' with the high bit */
            check_pair(text, 0, limit, ' ', 'A', 'Z');
        }
    }
}

/* Letters in both cases, and the bytes that differ from them in bit 5
 * alone but are no letters (G and g are 0x47 and 0x67; 0x07 and 0xC7,
 * 0xE7 differ from them in other bits), at random and at every
 * position. */
static void test_letters_match_the_simple_scan(void **state)
{
    (void)state;
    static const unsigned char pool[] = {'g', 'G', 'h', 'H', 'x', ' ',
                                         0x07, 0x08, 0xC7, 0xE7, 0xE8, '@'};
    uint32_t seed = 99;
    char text[TEXT_MAX + 1];
    for (int round = 0; round < 20000; round++) {
        size_t len = next_random(&seed) % TEXT_MAX;
        for (size_t k = 0; k <= len; k++)
            text[k] = round % 2 && next_random(&seed) % 8
                          ? 'x'
                          : (char)pool[next_random(&seed) % sizeof pool];
        size_t from = len ? next_random(&seed) % (len + 1) : 0;
        check_letters(text, from, len, 'g', 'h');
    }
    for (size_t limit = 0; limit <= TEXT_MAX; limit++) {
        for (size_t at = 0; at < limit; at++) {
            memset(text, 'x', sizeof text);
            text[at] = 'G';
            text[at + 1] = 'h';
            for (size_t from = 0; from <= limit; from++)
                check_letters(text, from, limit, 'g', 'h');
            text[at + 1] = (char)0xE8; /* 'h' with the high bit */
            check_letters(text, 0, limit, 'g', 'h');
        }
    }
}

/* px_find_high against the byte-at-a-time scan, on texts long enough for
 * the 64- and 32-byte steps, with a high byte at every position. */
static void test_high_matches_the_simple_scan(void **state)
{
    (void)state;
    static const unsigned char none[4] = {0x80, 0x80, 0x80, 0x80};
    uint32_t seed = 4242;
    char text[200];
    for (size_t len = 0; len <= sizeof text; len++) {
        for (size_t at = 0; at <= len; at++) {
            memset(text, 'a', sizeof text);
            if (at < len)
                text[at] = (char)(0x80 | next_random(&seed));
            for (size_t i = 0; i <= len && i <= at + 1; i++) {
                size_t want = find_any4_simple(text, i, len, none, 1);
                assert_int_equal(px_find_high_swar(text, i, len), want);
#if defined(__SSE2__) && defined(__GNUC__)
                assert_int_equal(px_find_high_sse2(text, i, len), want);
#endif
                assert_int_equal(px_find_high(text, i, len), want);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_any4_matches_the_simple_scan),
        cmocka_unit_test(test_any4_finds_every_position),
        cmocka_unit_test(test_pair_matches_the_simple_scan),
        cmocka_unit_test(test_pair_finds_every_position),
        cmocka_unit_test(test_letters_match_the_simple_scan),
        cmocka_unit_test(test_high_matches_the_simple_scan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
