/* test_para_scan.c: px_para_classify (para_scan.h), on the portable path
 * and on the SSE2 one, gives the bitmaps and the lower-case copy a byte
 * at a time would give, reading no byte past the paragraph; and the bit
 * scans over them (the end of a run of letters and digits, a lower-case
 * letter in a range) answer as walks over the bytes do. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "para_scan.h"

#define PARA_MAX_LEN 200
#define BLOCKS_MAX ((PARA_MAX_LEN + PX_PARA_BLOCK - 1) / PX_PARA_BLOCK)

typedef void (*block_fn)(const char *, char *, px_para_block *);

/* A small deterministic generator, so that a failure repeats. */
static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* Bytes of text (letters, digits, joiners, white space, quote marks,
 * UTF-8 lead and continuation bytes, the edges of each class: '@' '['
 * '`' '{' '/' ':' \b \x0E '!' '#' '&' '('), or with `any` every byte
 * value alike. */
static unsigned char random_byte(uint32_t *state, int any)
{
    static const unsigned char pool[] = {
        'a', 'z', 'A', 'Z', 'm', 'Q', '0', '9', '5', ' ', '\'', '"', '-',
        '.', ',', '@', '[', '`', '{', '/', ':', '\t', '\n', '\r', '\v',
        '\f', '\b', 0x0E, '!', '#', '&', '(', 0xC3, 0xA9, 0xE2, 0x80, 0x99,
        0x7F, 0xFF, 0x00};
    uint32_t r = next_random(state);
    if (any)
        return (unsigned char)r;
    return pool[r % sizeof pool];
}

static int is_ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* The reference: a byte at a time. */
static void classify_simple(const unsigned char *src, size_t n, char *dst,
                            px_para_block *blocks)
{
    memset(blocks, 0, px_para_blocks(n) * sizeof *blocks);
    for (size_t k = 0; k < n; k++) {
        unsigned char c = src[k];
        int upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
        int alnum = is_ascii_alnum(c);
        int skip = c == ' ' || c == '\t' || c == '\n' || c == '\v' ||
                   c == '\f' || c == '\r' || c == '"' || c == '\'';
        dst[k] = (char)(upper ? c + 32 : c);
        uint64_t bit = (uint64_t)1 << (k % 64);
        px_para_block *b = &blocks[k / 64];
        if (alnum)
            b->alnum |= bit;
        if (lower)
            b->lower |= bit;
        if (!skip)
            b->solid |= bit;
    }
}

/* One paragraph through `block`, checked against the reference. The
 * paragraph sits at the very end of its own allocation, so that a read
 * past it is caught by the sanitizers. */
static void check_para(const unsigned char *para, size_t n, block_fn block)
{
    char *src = malloc(n ? n : 1);
    assert_non_null(src);
    memcpy(src, para, n);
    char want[PARA_MAX_LEN], got[BLOCKS_MAX * PX_PARA_BLOCK];
    px_para_block want_b[BLOCKS_MAX], got_b[BLOCKS_MAX];
    classify_simple(para, n, want, want_b);
    memset(got, 0x55, sizeof got);
    px_para_classify_with(src, n, got, got_b, block);
    assert_memory_equal(got, want, n);
    /* The copy is zero past the paragraph, to the end of its block. */
    for (size_t k = n; k < px_para_blocks(n) * PX_PARA_BLOCK; k++)
        assert_int_equal(got[k], 0);
    for (size_t b = 0; b < px_para_blocks(n); b++) {
        assert_true(got_b[b].alnum == want_b[b].alnum);
        assert_true(got_b[b].lower == want_b[b].lower);
        assert_true(got_b[b].solid == want_b[b].solid);
    }
    free(src);
}

static void check_all(const unsigned char *para, size_t n)
{
    check_para(para, n, px_para_block_swar);
#if defined(__SSE2__) && defined(__GNUC__)
    check_para(para, n, px_para_block_sse2);
#endif
}

static void test_every_length(void **state)
{
    (void)state;
    uint32_t seed = 11;
    unsigned char para[PARA_MAX_LEN];
    for (int round = 0; round < 40; round++) {
        for (size_t n = 0; n <= PARA_MAX_LEN; n++) {
            for (size_t k = 0; k < n; k++)
                para[k] = random_byte(&seed, round % 2);
            check_all(para, n);
        }
    }
}

/* Every byte value at every position of a block, and as the last byte
 * of a paragraph. */
static void test_every_byte(void **state)
{
    (void)state;
    unsigned char para[PARA_MAX_LEN];
    for (unsigned v = 0; v < 256; v++) {
        for (size_t at = 0; at < 2 * PX_PARA_BLOCK; at += 5) {
            memset(para, 'x', sizeof para);
            para[at] = (unsigned char)v;
            check_all(para, 2 * PX_PARA_BLOCK);
            check_all(para, at + 1);
        }
    }
}

/* The same answer from both paths, compared directly. */
static void test_paths_agree(void **state)
{
    (void)state;
#if defined(__SSE2__) && defined(__GNUC__)
    uint32_t seed = 5;
    char src[4 * PX_PARA_BLOCK];
    char a[4 * PX_PARA_BLOCK], b[4 * PX_PARA_BLOCK];
    px_para_block ab[4], bb[4];
    for (int round = 0; round < 2000; round++) {
        size_t n = next_random(&seed) % sizeof src;
        for (size_t k = 0; k < n; k++)
            src[k] = (char)random_byte(&seed, round % 3 == 0);
        px_para_classify_with(src, n, a, ab, px_para_block_swar);
        px_para_classify_with(src, n, b, bb, px_para_block_sse2);
        assert_memory_equal(a, b, n);
        for (size_t w = 0; w < px_para_blocks(n); w++) {
            assert_true(ab[w].alnum == bb[w].alnum);
            assert_true(ab[w].lower == bb[w].lower);
            assert_true(ab[w].solid == bb[w].solid);
        }
    }
#else
    skip();
#endif
}

/* The scans, against walks over the bytes, from every offset of random
 * paragraphs of every length (runs across block edges included). */
static void test_scans(void **state)
{
    (void)state;
    uint32_t seed = 23;
    unsigned char para[PARA_MAX_LEN];
    char copy[BLOCKS_MAX * PX_PARA_BLOCK];
    px_para_block blocks[BLOCKS_MAX];
    for (int round = 0; round < 30; round++) {
        for (size_t n = 0; n <= PARA_MAX_LEN; n++) {
            /* Long runs of letters now and then, to cross blocks. */
            int letters = round % 3 == 2;
            for (size_t k = 0; k < n; k++)
                para[k] = letters && next_random(&seed) % 40
                              ? (unsigned char)('a' + k % 26)
                              : random_byte(&seed, round % 2);
            px_para_classify((const char *)para, n, copy, blocks);
            size_t nb = px_para_blocks(n);
            for (size_t r = 0; r < n; r++) {
                size_t end = r;
                while (end < n && is_ascii_alnum(para[end]))
                    end++;
                assert_int_equal(px_para_run_end(blocks, nb, r), end);
                for (size_t e = r; e <= n; e += 1 + e % 13) {
                    int lower = 0;
                    for (size_t k = r; k < e; k++)
                        lower |= para[k] >= 'a' && para[k] <= 'z';
                    assert_int_equal(px_para_any_lower(blocks, r, e), lower);
                }
            }
        }
    }
}

/* A run of letters to the very end of a paragraph that fills its blocks
 * ends there; a scan from past the blocks finds no run at all. */
static void test_run_to_block_end(void **state)
{
    (void)state;
    char para[2 * PX_PARA_BLOCK];
    char copy[2 * PX_PARA_BLOCK];
    px_para_block blocks[2];
    memset(para, 'k', sizeof para);
    px_para_classify(para, sizeof para, copy, blocks);
    assert_int_equal(px_para_run_end(blocks, 2, 0), 2 * PX_PARA_BLOCK);
    assert_int_equal(px_para_run_end(blocks, 2, 70), 2 * PX_PARA_BLOCK);
    assert_int_equal(px_para_run_end(blocks, 2, 2 * PX_PARA_BLOCK),
                     2 * PX_PARA_BLOCK);
    assert_true(px_para_any_lower(blocks, 0, 2 * PX_PARA_BLOCK));
    assert_false(px_para_any_lower(blocks, 5, 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_length),
        cmocka_unit_test(test_every_byte),
        cmocka_unit_test(test_paths_agree),
        cmocka_unit_test(test_scans),
        cmocka_unit_test(test_run_to_block_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
