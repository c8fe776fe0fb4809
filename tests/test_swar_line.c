/* test_swar_line.c: px_line_classify (swar.h), on the portable path and
 * on the SSE2 one, gives the bitmaps and the folded copy a byte at a time
 * would give: on random bytes, on text-like bytes, at every length up to
 * a few blocks, and reading no byte past the line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "swar.h"

#define LINE_MAX_LEN 200
#define BLOCKS_MAX ((LINE_MAX_LEN + PX_LINE_BLOCK - 1) / PX_LINE_BLOCK)

/* A small deterministic generator, so that a failure repeats. */
static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* Bytes of text (letters, digits, joiners, UTF-8 lead and continuation
 * bytes, the class edges '@' '[' '`' '{' '/' ':'), or with `any` every
 * byte value alike. */
static unsigned char random_byte(uint32_t *state, int any)
{
    static const unsigned char pool[] = {
        'a', 'z', 'A', 'Z', 'm', 'Q', '0', '9', '5', ' ', '\'', '-', '.',
        ',', '@', '[', '`', '{', '/', ':', 0xC3, 0xA9, 0xE2, 0x80, 0x99,
        0x7F, 0xFF, 0x00, '\n'};
    uint32_t r = next_random(state);
    if (any)
        return (unsigned char)r;
    return pool[r % sizeof pool];
}

/* The reference: a byte at a time. */
static void classify_simple(const unsigned char *src, size_t n, char *dst,
                            uint64_t *alnum, uint64_t *high)
{
    memset(alnum, 0, px_line_words(n) * sizeof *alnum);
    memset(high, 0, px_line_words(n) * sizeof *high);
    for (size_t k = 0; k < n; k++) {
        unsigned char c = src[k];
        int upper = c >= 'A' && c <= 'Z';
        int an = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        dst[k] = (char)(upper ? c + 32 : c);
        alnum[k / 64] |= (uint64_t)an << (k % 64);
        high[k / 64] |= (uint64_t)(c >= 0x80) << (k % 64);
    }
}

/* One line through `block`, checked against the reference. The line sits
 * at the very end of its own allocation, so that a read past it is
 * caught by the sanitizers. */
static void check_line(const unsigned char *line, size_t n,
                       void (*block)(const char *, char *, uint64_t *,
                                     uint64_t *))
{
    char *src = malloc(n ? n : 1);
    assert_non_null(src);
    memcpy(src, line, n);
    char want[LINE_MAX_LEN], got[BLOCKS_MAX * PX_LINE_BLOCK];
    uint64_t want_a[BLOCKS_MAX], want_h[BLOCKS_MAX];
    uint64_t got_a[BLOCKS_MAX], got_h[BLOCKS_MAX];
    classify_simple(line, n, want, want_a, want_h);
    px_line_classify_with(src, n, got, got_a, got_h, block);
    assert_memory_equal(got, want, n);
    for (size_t b = 0; b < px_line_words(n); b++) {
        assert_true(got_a[b] == want_a[b]);
        assert_true(got_h[b] == want_h[b]);
    }
    free(src);
}

static void check_all(const unsigned char *line, size_t n)
{
    check_line(line, n, px_line_block_swar);
#if defined(__SSE2__) && defined(__GNUC__)
    check_line(line, n, px_line_block_sse2);
#endif
}

static void test_every_length(void **state)
{
    (void)state;
    uint32_t seed = 7;
    unsigned char line[LINE_MAX_LEN];
    for (int round = 0; round < 40; round++) {
        for (size_t n = 0; n <= LINE_MAX_LEN; n++) {
            for (size_t k = 0; k < n; k++)
                line[k] = random_byte(&seed, round % 2);
            check_all(line, n);
        }
    }
}

/* Every byte value at every position of a block. */
static void test_every_byte(void **state)
{
    (void)state;
    unsigned char line[LINE_MAX_LEN];
    for (unsigned v = 0; v < 256; v++) {
        for (size_t at = 0; at < 2 * PX_LINE_BLOCK; at += 7) {
            memset(line, 'x', sizeof line);
            line[at] = (unsigned char)v;
            check_all(line, 2 * PX_LINE_BLOCK);
            check_all(line, at + 1);
        }
    }
}

/* The same answer from both paths, compared directly. */
static void test_paths_agree(void **state)
{
    (void)state;
#if defined(__SSE2__) && defined(__GNUC__)
    uint32_t seed = 99;
    char src[4 * PX_LINE_BLOCK];
    char a[4 * PX_LINE_BLOCK], b[4 * PX_LINE_BLOCK];
    uint64_t aa[4], ah[4], ba[4], bh[4];
    for (int round = 0; round < 2000; round++) {
        size_t n = next_random(&seed) % sizeof src;
        for (size_t k = 0; k < n; k++)
            src[k] = (char)random_byte(&seed, round % 3 == 0);
        px_line_classify_with(src, n, a, aa, ah, px_line_block_swar);
        px_line_classify_with(src, n, b, ba, bh, px_line_block_sse2);
        assert_memory_equal(a, b, n);
        for (size_t w = 0; w < px_line_words(n); w++) {
            assert_true(aa[w] == ba[w]);
            assert_true(ah[w] == bh[w]);
        }
    }
#else
    skip();
#endif
}

/* The bit gather packs the marked bytes in text order. */
static void test_bits(void **state)
{
    (void)state;
    for (unsigned m = 0; m < 256; m++) {
        uint64_t x = 0;
        for (unsigned k = 0; k < 8; k++)
            if (m >> k & 1)
                x |= (uint64_t)0x80 << (8 * k);
        assert_int_equal(px_swar_bits(x), m);
    }
    for (unsigned k = 0; k < 64; k++)
        assert_int_equal(px_ctz64((uint64_t)1 << k | (uint64_t)1 << 63), k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_length),
        cmocka_unit_test(test_every_byte),
        cmocka_unit_test(test_paths_agree),
        cmocka_unit_test(test_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
