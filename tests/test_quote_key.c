/* test_quote_key.c: a quote's key (src/cli/quote_key.c, built into this
 * test as it is into the tool), eight bytes a step where the machine
 * allows, against a byte-at-a-time model: random texts of the bytes at
 * the edges of every class, at every length up to a few blocks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../src/cli/quote_key.c"

void *cli_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size);
    assert_non_null(p);
    return p;
}

/* The key as it is defined, one byte at a time. */
static size_t model_key(const char *s, size_t n, char *k)
{
    size_t o = 0;
    int gap = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i], kc = 0;
        if ((c >= 'a' && c <= 'z') || c >= 0x80 || (c >= '0' && c <= '9'))
            kc = c;
        else if (c >= 'A' && c <= 'Z')
            kc = (unsigned char)(c + 32);
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] >= 0x98 &&
            (unsigned char)s[i + 2] <= 0x9F) {
            i += 2;
            kc = 0;
        }
        if (!kc) {
            gap = o > 0;
            continue;
        }
        if (gap)
            k[o++] = ' ';
        gap = 0;
        k[o++] = (char)kc;
    }
    k[o] = '\0';
    return o;
}

/* Bytes at the edges of the classes, and ones that would carry. */
static const unsigned char pool[] = {
    'a', 'b', 'm', 'y', 'z', '0', '5', '9', 'A', 'Z', '`', '{', '/',
    ':', '@', '[', ' ', '.', ',', '\'', '"', 0x00, 0x7F, 0x80, 0x98,
    0x9D, 0x9F, 0xA0, 0xC3, 0xE2, 0xFF, 'e', 'e', 'e', 't', 'o', 'n'};

static void test_key_matches_model(void **state)
{
    (void)state;
    char text[200], want[256];
    char *buf = NULL;
    size_t cap = 0;
    unsigned seed = 12345;
    for (size_t n = 0; n <= 64; n++) {
        for (unsigned round = 0; round < 400; round++) {
            for (size_t i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                unsigned r = seed >> 16;
                /* Mostly long runs of letters, now and then a curly
                 * mark, else any byte of the pool. */
                if (r % 7 == 0 && i + 3 <= n) {
                    text[i++] = (char)0xE2;
                    text[i++] = (char)0x80;
                    text[i] = (char)(0x97 + (r >> 3) % 10);
                } else if (r % 3 == 0) {
                    text[i] = (char)pool[(r >> 4) % sizeof pool];
                } else {
                    text[i] = (char)('a' + (r >> 4) % 26);
                }
            }
            /* The key is read from an offset that is no multiple of
             * eight too. */
            for (size_t at = 0; at < 2; at++) {
                if (at > n)
                    break;
                size_t m = model_key(text + at, n - at, want);
                size_t got = cli_quote_key(text + at, n - at, &buf, &cap);
                assert_int_equal(got, m);
                assert_memory_equal(buf, want, m + 1);
            }
        }
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_matches_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
