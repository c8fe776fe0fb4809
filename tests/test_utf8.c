/* test_utf8.c: validation of every class of ill-formed input, repair,
 * decoding and encoding, and the character properties. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "precis.h"
#include "utf8.h"
#include "support.h"

typedef struct bad_case {
    const char *bytes;
    size_t len;
    size_t first_bad;   /* expected px_utf8_validate result */
    const char *repaired;
} bad_case;

#define S(lit) lit, sizeof(lit) - 1

static const bad_case bad_cases[] = {
    /* Stray continuation byte. */
    {S("ab\x80" "cd"), 2, "ab\xEF\xBF\xBD" "cd"},
    /* Overlong forms: C0/C1 leads, E0 80..9F, F0 80..8F. */
    {S("a\xC0\xAF"), 1, "a\xEF\xBF\xBD\xEF\xBF\xBD"},
    {S("\xC1\xBF"), 0, "\xEF\xBF\xBD\xEF\xBF\xBD"},
    {S("x\xE0\x80\xAF"), 1, "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    {S("\xF0\x8F\xBF\xBF"),
     0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    /* Surrogates U+D800 and U+DFFF. */
    {S("\xED\xA0\x80"), 0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    {S("ok \xED\xBF\xBF"), 3, "ok \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    /* Above U+10FFFF: F4 90.., and F5..FF leads. */
    {S("\xF4\x90\x80\x80"),
     0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    {S("\xF5" "a"), 0, "\xEF\xBF\xBD" "a"},
    {S("\xFF"), 0, "\xEF\xBF\xBD"},
    /* Truncated sequences: one U+FFFD for the maximal subpart. */
    {S("abc\xE2\x80"), 3, "abc\xEF\xBF\xBD"},
    {S("\xE2\x80" "x"), 0, "\xEF\xBF\xBD" "x"},
    {S("\xF0\x9F\x98"), 0, "\xEF\xBF\xBD"},
    {S("\xC3"), 0, "\xEF\xBF\xBD"},
    /* An error after eight ASCII bytes (the fast path's word). */
    {S("12345678\xC3(9"), 8, "12345678\xEF\xBF\xBD(9"},
};

static void test_validate_bad(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const bad_case *c = &bad_cases[k];
        assert_int_equal(px_utf8_validate(c->bytes, c->len), c->first_bad);
        assert_int_equal(precis_utf8_check(c->bytes, c->len), c->first_bad);
    }
}

/* Each bad case behind every amount of ASCII (and behind a valid two-byte
 * sequence), then followed by ASCII: the scans that skip 32 and 8 bytes
 * at a time must stop at the same byte a byte-at-a-time scan would. */
static void test_validate_bad_at_every_offset(void **state)
{
    (void)state;
    char buf[160];
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const bad_case *c = &bad_cases[k];
        for (size_t pad = 0; pad <= 80; pad++) {
            for (int lead = 0; lead < 2; lead++) {
                memset(buf, 'a', sizeof buf);
                if (lead && pad >= 2)
                    memcpy(buf + pad - 2, "\xC3\xA9", 2);
                memcpy(buf + pad, c->bytes, c->len);
                for (size_t tail = 0; tail <= 40; tail += 13) {
                    size_t len = pad + c->len + tail;
                    assert_int_equal(px_utf8_validate(buf, len),
                                     pad + c->first_bad);
                }
            }
        }
    }
}

/* Valid text of every length, with its multi-byte characters at every
 * position: nothing is reported. */
static void test_validate_good_at_every_offset(void **state)
{
    (void)state;
    char buf[120];
    static const char *const chars[] = {"\xC3\xA9", "\xE2\x80\x9C",
                                        "\xF0\x9F\x98\x80"};
    for (size_t c = 0; c < 3; c++) {
        size_t n = strlen(chars[c]);
        for (size_t at = 0; at + n <= 100; at++) {
            memset(buf, 'x', sizeof buf);
            memcpy(buf + at, chars[c], n);
            for (size_t len = at + n; len <= 100; len += 7)
                assert_int_equal(px_utf8_validate(buf, len), len);
            /* Cut inside the character: the character is the bad byte. */
            assert_int_equal(px_utf8_validate(buf, at + n - 1), at);
        }
    }
}

static void test_validate_good(void **state)
{
    (void)state;
    /* Boundaries of each length: U+0000, U+007F, U+0080, U+07FF, U+0800,
     * U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF. */
    static const char good[] =
        "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80"
        "\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF plain ASCII text";
    assert_int_equal(px_utf8_validate(good, sizeof good - 1), sizeof good - 1);
    assert_int_equal(px_utf8_validate("", 0), 0);
    /* An embedded NUL is valid UTF-8. */
    assert_int_equal(px_utf8_validate("a\0b", 3), 3);
}

static void test_repair(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const bad_case *c = &bad_cases[k];
        char *out = NULL;
        size_t out_len = 0;
        assert_int_equal(px_utf8_repair(c->bytes, c->len, &out, &out_len), 0);
        assert_int_equal(out_len, strlen(c->repaired));
        assert_memory_equal(out, c->repaired, out_len);
        assert_int_equal(out[out_len], '\0');
        assert_int_equal(px_utf8_validate(out, out_len), out_len);
        px_free(out);
    }
}

static void test_decode_encode(void **state)
{
    (void)state;
    static const uint32_t cps[] = {0x41, 0x7F, 0x80, 0xE9, 0x7FF, 0x800,
                                   0x2019, 0xFFFD, 0xFFFF, 0x10000,
                                   0x1F600, 0x10FFFF};
    static const size_t lens[] = {1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4};
    for (size_t k = 0; k < sizeof cps / sizeof cps[0]; k++) {
        char buf[4];
        uint32_t back = 0;
        size_t n = px_utf8_encode(cps[k], buf);
        assert_int_equal(n, lens[k]);
        assert_int_equal(px_utf8_validate(buf, n), n);
        assert_int_equal(px_utf8_decode(buf, n, &back), n);
        assert_int_equal(back, cps[k]);
        /* Stepping back from the end finds the same length. */
        char two[5] = {'x'};
        memcpy(two + 1, buf, n);
        assert_int_equal(px_utf8_prev_len(two, n + 1), n);
    }
    /* Surrogates and out-of-range values encode as U+FFFD. */
    char buf[4];
    assert_int_equal(px_utf8_encode(0xD800, buf), 3);
    assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
    /* Decoding a bad byte never reads past it. */
    uint32_t cp;
    assert_int_equal(px_utf8_decode("\xC3", 1, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
}

static void test_fold(void **state)
{
    (void)state;
    static const uint32_t pairs[][2] = {
        {'A', 'a'},       {'z', 'z'},       {'1', '1'},
        {0xC4, 0xE4},     /* Latin-1: A-umlaut */
        {0xDE, 0xFE},     /* thorn */
        {0xD7, 0xD7},     /* multiplication sign is no letter */
        {0x0100, 0x0101}, /* Latin Extended-A, even pairs */
        {0x0139, 0x013A}, /* odd pairs */
        {0x0178, 0xFF},   /* Y-diaeresis */
        {0x0130, 'i'},    /* I with dot */
        {0x0181, 0x0253}, /* Latin Extended-B */
        {0x01C4, 0x01C6}, {0x01C5, 0x01C6}, {0x0200, 0x0201},
        {0x0391, 0x03B1}, /* Greek */
        {0x03A3, 0x03C3}, {0x03C2, 0x03C3}, {0x0386, 0x03AC},
        {0x0410, 0x0430}, /* Cyrillic */
        {0x0401, 0x0451}, {0x0462, 0x0463}, {0x04C1, 0x04C2},
        {0x0531, 0x0561}, /* Armenian */
        {0x1E9E, 0xDF},   /* capital sharp s */
        {0x1EA0, 0x1EA1}, {0xFF21, 0xFF41}, {0x4E2D, 0x4E2D},
    };
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        assert_int_equal(px_unicode_fold(pairs[k][0]), pairs[k][1]);
        assert_int_equal(px_unicode_is_upper(pairs[k][0]),
                         pairs[k][0] != pairs[k][1]);
    }
    /* Lower-case letters are their own fold. */
    assert_int_equal(px_unicode_fold(0x0101), 0x0101);
    assert_int_equal(px_unicode_fold(0x0430), 0x0430);
    assert_int_equal(px_unicode_fold(0x0561), 0x0561);
}

static void test_properties(void **state)
{
    (void)state;
    static const uint32_t letters[] = {'a', 'Z', 0xAA, 0xE9, 0x0151, 0x0259,
                                       0x0301, 0x03C9, 0x0416, 0x0561,
                                       0x05D0, 0x0628, 0x0915, 0x0E01,
                                       0x1E9E, 0x3042, 0x4E2D, 0xAC00,
                                       0x20000};
    static const uint32_t not_letters[] = {'0', ' ', '.', '\'', 0xA0, 0xD7,
                                           0xF7, 0x2019, 0x2014, 0x20AC,
                                           0x037E, 0x0660, 0x3002, 0xFFFD};
    for (size_t k = 0; k < sizeof letters / sizeof letters[0]; k++)
        assert_true(px_unicode_is_letter(letters[k]));
    for (size_t k = 0; k < sizeof not_letters / sizeof not_letters[0]; k++)
        assert_false(px_unicode_is_letter(not_letters[k]));

    assert_true(px_unicode_is_digit('7'));
    assert_true(px_unicode_is_digit(0x0663)); /* Arabic-Indic three */
    assert_true(px_unicode_is_digit(0x096F)); /* Devanagari nine */
    assert_true(px_unicode_is_digit(0xFF10));
    assert_false(px_unicode_is_digit('a'));
    assert_false(px_unicode_is_digit(0xB2)); /* superscript two */
    assert_true(px_unicode_is_digit(0x0660)); /* the first of its ranges */
    assert_false(px_unicode_is_digit(0x065F));

    /* The edges of the ranges answered before the search. */
    assert_true(px_unicode_is_letter(0xC0));
    assert_true(px_unicode_is_letter(0xD6));
    assert_true(px_unicode_is_letter(0xD8));
    assert_true(px_unicode_is_letter(0xF6));
    assert_true(px_unicode_is_letter(0xF8));
    assert_true(px_unicode_is_letter(0x02C1));
    assert_false(px_unicode_is_letter(0x02C2));
    assert_false(px_unicode_is_letter(0xBF));
    assert_true(px_unicode_is_letter(0x1FFC));
    for (uint32_t cp = 0x1FFD; cp <= 0x2070; cp++)
        assert_false(px_unicode_is_letter(cp));
    assert_true(px_unicode_is_letter(0x2071));

    static const uint32_t spaces[] = {' ', '\t', '\n', '\r', 0x85, 0xA0,
                                      0x1680, 0x2000, 0x2009, 0x200A,
                                      0x2028, 0x202F, 0x205F, 0x3000};
    for (size_t k = 0; k < sizeof spaces / sizeof spaces[0]; k++)
        assert_true(px_unicode_is_space(spaces[k]));
    assert_false(px_unicode_is_space('x'));
    assert_false(px_unicode_is_space(0x200B)); /* zero width: not a space */
    assert_false(px_unicode_is_space(0x2019));
}

static void test_repair_enomem(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;

    test_mem_install();
    test_mem_fail_at(1);
    assert_int_equal(px_utf8_repair("a\xFF", 2, &out, &len), PRECIS_ENOMEM);
    /* A failed shrink keeps the larger buffer: still a success. */
    test_mem_fail_at(2);
    assert_int_equal(px_utf8_repair("a\xFF", 2, &out, &len), 0);
    assert_int_equal(len, 4);
    assert_memory_equal(out, "a\xEF\xBF\xBD", 4);
    px_free(out);
    test_mem_remove();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_bad),
        cmocka_unit_test(test_validate_good),
        cmocka_unit_test(test_validate_bad_at_every_offset),
        cmocka_unit_test(test_validate_good_at_every_offset),
        cmocka_unit_test(test_repair),
        cmocka_unit_test(test_decode_encode),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_repair_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
