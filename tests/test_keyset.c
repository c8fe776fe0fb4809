/* test_keyset.c: a perfect-hash set holds every word it was built from,
 * each in a slot of its own, and no other word; builds fail cleanly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "keyset.h"
#include "support.h"

static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* A word of 1 to PX_KEYSET_MAX letters from a small alphabet, so that
 * words share prefixes and lengths as the sets' words do. */
static size_t random_word(uint64_t *state, char *w)
{
    static const char alphabet[] = "aehinorst.-";
    size_t n = 1 + next_random(state) % PX_KEYSET_MAX;
    for (size_t k = 0; k < n; k++)
        w[k] = alphabet[next_random(state) % (sizeof alphabet - 1)];
    return n;
}

/* The key of word[0..len), read from a buffer whose bytes after the word
 * are not zero: they must not count. */
static void key_of(const char *word, size_t len, uint64_t key[2])
{
    char padded[32];
    memset(padded, 'x', sizeof padded);
    memcpy(padded, word, len);
    px_keyset_key(padded, len, key);
}

typedef struct words {
    char (*w)[16];
    size_t *len;
    size_t count;
} words;

static int in_words(const words *ws, const char *w, size_t n)
{
    for (size_t i = 0; i < ws->count; i++)
        if (ws->len[i] == n && memcmp(ws->w[i], w, n) == 0)
            return 1;
    return 0;
}

/* n distinct random words. */
static words make_words(uint64_t *rng, size_t n)
{
    words ws = {malloc((n + 1) * 16), malloc((n + 1) * sizeof(size_t)), 0};
    assert_non_null(ws.w);
    assert_non_null(ws.len);
    while (ws.count < n) {
        char w[16];
        size_t len = random_word(rng, w);
        if (in_words(&ws, w, len))
            continue;
        memcpy(ws.w[ws.count], w, len);
        ws.len[ws.count++] = len;
    }
    return ws;
}

static void build_from(px_keyset *set, const words *ws)
{
    uint64_t(*keys)[2] = malloc((ws->count + 1) * sizeof *keys);
    assert_non_null(keys);
    for (size_t i = 0; i < ws->count; i++)
        key_of(ws->w[i], ws->len[i], keys[i]);
    memset(set, 0, sizeof *set);
    assert_int_equal(px_keyset_build(set, (const uint64_t(*)[2])keys,
                                     ws->count),
                     0);
    free(keys);
}

static int set_says(const px_keyset *set, const char *w, size_t n)
{
    uint64_t key[2];
    key_of(w, n, key);
    return px_keyset_has(set, key);
}

/* For sets of every size from none to thousands of words: each word is
 * found, in a slot of its own (as many slots are taken as there are
 * words); its prefixes, the word with a byte changed, and random words
 * are found exactly when they are words of the set. */
static void test_random_sets(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 2, 5, 17, 100, 635, 1000, 5000};
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        words ws = make_words(&rng, sizes[z]);
        px_keyset set;
        build_from(&set, &ws);
        size_t slots = px_keyset_slots(&set);
        assert_true(slots >= ws.count && slots >= 16);
        assert_int_equal(slots & (slots - 1), 0);
        unsigned char *seen = calloc(slots, 1);
        assert_non_null(seen);
        for (size_t i = 0; i < ws.count; i++) {
            const char *w = ws.w[i];
            size_t n = ws.len[i];
            assert_true(set_says(&set, w, n));
            uint64_t key[2];
            key_of(w, n, key);
            size_t slot = px_keyset_slot(&set, key);
            assert_true(slot < slots);
            assert_int_equal(seen[slot], 0);
            seen[slot] = 1;
            for (size_t k = 1; k < n; k++)
                assert_int_equal(set_says(&set, w, k), in_words(&ws, w, k));
            char other[16];
            memcpy(other, w, n);
            other[n - 1] = other[n - 1] == 'z' ? 'y' : 'z';
            assert_false(set_says(&set, other, n));
        }
        size_t taken = 0;
        for (size_t k = 0; k < slots; k++)
            taken += (set.keys[2 * k] | set.keys[2 * k + 1]) != 0;
        assert_int_equal(taken, ws.count);
        for (size_t r = 0; r < 2000; r++) {
            char w[16];
            size_t n = random_word(&rng, w);
            assert_int_equal(set_says(&set, w, n), in_words(&ws, w, n));
        }
        free(seen);
        px_keyset_free(&set);
        assert_null(set.keys);
        assert_int_equal(px_keyset_slots(&set), 0);
        free(ws.w);
        free(ws.len);
    }
}

/* "u.k" and "nominee" hash alike in every bit a bucket and a home slot
 * take under the first seed, which no displacement can part: the build
 * moves on to another seed, and both are found. */
static void test_seed_parts_twins(void **state)
{
    (void)state;
    words ws = {malloc(2 * 16), malloc(2 * sizeof(size_t)), 2};
    assert_non_null(ws.w);
    assert_non_null(ws.len);
    memcpy(ws.w[0], "u.k", 3);
    ws.len[0] = 3;
    memcpy(ws.w[1], "nominee", 7);
    ws.len[1] = 7;
    uint64_t a[2], b[2];
    key_of("u.k", 3, a);
    key_of("nominee", 7, b);
    uint64_t x = px_keyset_hash(a, 0) ^ px_keyset_hash(b, 0);
    assert_int_equal(x >> 41 & ((1u << 20) - 1), 0);
    px_keyset set;
    build_from(&set, &ws);
    assert_true(set.seed != 0);
    assert_true(set_says(&set, "u.k", 3));
    assert_true(set_says(&set, "nominee", 7));
    assert_false(set_says(&set, "u.s", 3));
    px_keyset_free(&set);
    free(ws.w);
    free(ws.len);
}

/* Every allocation of a build may fail: the build then says so, leaves
 * nothing allocated, and a later build succeeds. */
static int build_some(void *ctx)
{
    const words *ws = ctx;
    uint64_t(*keys)[2] = malloc((ws->count + 1) * sizeof *keys);
    assert_non_null(keys);
    for (size_t i = 0; i < ws->count; i++)
        key_of(ws->w[i], ws->len[i], keys[i]);
    px_keyset set;
    memset(&set, 0, sizeof set);
    int rc = px_keyset_build(&set, (const uint64_t(*)[2])keys, ws->count);
    if (rc == 0)
        assert_true(set_says(&set, ws->w[0], ws->len[0]));
    px_keyset_free(&set);
    free(keys);
    return rc;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    uint64_t rng = 42;
    words ws = make_words(&rng, 300);
    assert_true(test_mem_sweep(build_some, &ws, 100, 0) >= 5);
    free(ws.w);
    free(ws.len);
}

/* Freeing a set never built, or freed already, does nothing. */
static void test_free_empty(void **state)
{
    (void)state;
    px_keyset set;
    memset(&set, 0, sizeof set);
    px_keyset_free(&set);
    px_keyset_free(&set);
    assert_int_equal(px_keyset_slots(&set), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_sets),
        cmocka_unit_test(test_seed_parts_twins),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_free_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
