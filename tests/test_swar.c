/* test_swar.c: the eight-bytes-at-once tests mark exactly the bytes that
 * pass, in every position, with every neighbour. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "swar.h"

/* Byte values placed around the byte under test: each edge of the ranges
 * tested and the values whose carries would cross into a neighbour. */
static const unsigned char neighbours[] = {0x00, 0x1F, 0x20, 0x21, 0x40,
                                           0x41, 0x5A, 0x5B, 0x7F, 0x80,
                                           0xC3, 0xFF};
#define NEIGHBOURS (sizeof neighbours / sizeof neighbours[0])

/* Eight bytes: `b` at position `at`, neighbour n elsewhere. */
static uint64_t word_with(unsigned char b, unsigned at, unsigned char n)
{
    unsigned char bytes[8];
    memset(bytes, n, sizeof bytes);
    bytes[at] = b;
    return px_swar_load(bytes);
}

static int marked(uint64_t m, unsigned at)
{
    return (int)((m >> (8 * at + 7)) & 1);
}

static void test_eq_marks_exactly_the_equal_bytes(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 256; c += 17) {
        for (unsigned b = 0; b < 256; b++) {
            for (unsigned at = 0; at < 8; at++) {
                for (size_t n = 0; n < NEIGHBOURS; n++) {
                    uint64_t m = px_swar_eq(word_with((unsigned char)b, at,
                                                      neighbours[n]),
                                            (unsigned char)c);
                    assert_int_equal(marked(m, at), b == c);
                    for (unsigned o = 0; o < 8; o++)
                        if (o != at)
                            assert_int_equal(marked(m, o), neighbours[n] == c);
                    /* Only high bits are ever set. */
                    assert_int_equal(m & ~PX_SWAR_HIGHS, 0);
                }
            }
        }
    }
}

static void test_in_marks_exactly_the_bytes_in_range(void **state)
{
    (void)state;
    static const unsigned char ranges[][2] = {
        {'A', 'Z'}, {'a', 'z'}, {'0', '9'}, {0x00, 0x7F}, {0x20, 0x20},
        {0x00, 0x00}, {0x7F, 0x7F}};
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        unsigned char lo = ranges[r][0], hi = ranges[r][1];
        for (unsigned b = 0; b < 256; b++) {
            for (unsigned at = 0; at < 8; at++) {
                for (size_t n = 0; n < NEIGHBOURS; n++) {
                    unsigned char nb = neighbours[n];
                    uint64_t m =
                        px_swar_in(word_with((unsigned char)b, at, nb), lo, hi);
                    assert_int_equal(marked(m, at), b >= lo && b <= hi);
                    for (unsigned o = 0; o < 8; o++)
                        if (o != at)
                            assert_int_equal(marked(m, o),
                                             nb >= lo && nb <= hi);
                    assert_int_equal(m & ~PX_SWAR_HIGHS, 0);
                }
            }
        }
    }
}

static void test_first_is_the_lowest_text_position(void **state)
{
    (void)state;
    const char text[] = "ab cD eF";
    uint64_t m = px_swar_in(px_swar_load(text), 'A', 'Z');
    assert_int_equal(px_swar_first(m), 4); /* 'D', not 'F' at 7 */
    m = px_swar_eq(px_swar_load(text), ' ');
    assert_int_equal(px_swar_first(m), 2);
    for (unsigned at = 0; at < 8; at++)
        assert_int_equal(px_swar_first(px_swar_eq(word_with('x', at, 'y'),
                                                  'x')),
                         at);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eq_marks_exactly_the_equal_bytes),
        cmocka_unit_test(test_in_marks_exactly_the_bytes_in_range),
        cmocka_unit_test(test_first_is_the_lowest_text_position),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
