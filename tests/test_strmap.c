/* test_strmap.c: string interning: ids, growth, odd keys, and allocation
 * failure at every point. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "strmap.h"
#include "support.h"

static void test_intern_and_find(void **state)
{
    (void)state;
    px_strmap *map;
    assert_int_equal(px_strmap_new(&map), PRECIS_OK);
    uint32_t a, b, again;
    int added;
    assert_int_equal(px_strmap_intern(map, "alpha", 5, &a, &added), PRECIS_OK);
    assert_int_equal(added, 1);
    assert_int_equal(px_strmap_intern(map, "beta", 4, &b, &added), PRECIS_OK);
    assert_int_equal(added, 1);
    assert_int_equal(a, 0);
    assert_int_equal(b, 1);
    assert_int_equal(px_strmap_intern(map, "alpha", 5, &again, &added), PRECIS_OK);
    assert_int_equal(added, 0);
    assert_int_equal(again, a);
    assert_int_equal(px_strmap_size(map), 2);

    uint32_t id = 99;
    assert_true(px_strmap_find(map, "beta", 4, &id));
    assert_int_equal(id, b);
    /* A prefix and an extension are other keys. */
    assert_false(px_strmap_find(map, "alph", 4, NULL));
    assert_false(px_strmap_find(map, "alphas", 6, NULL));
    /* Only len bytes count, not what follows them. */
    assert_true(px_strmap_find(map, "betamax", 4, NULL));

    size_t len;
    const char *key = px_strmap_key(map, a, &len);
    assert_int_equal(len, 5);
    assert_string_equal(key, "alpha");
    px_strmap_free(map);
    px_strmap_free(NULL);
}

static void test_odd_keys(void **state)
{
    (void)state;
    px_strmap *map;
    assert_int_equal(px_strmap_new(&map), PRECIS_OK);
    uint32_t empty, nul1, nul2;
    assert_int_equal(px_strmap_intern(map, "", 0, &empty, NULL), PRECIS_OK);
    assert_int_equal(px_strmap_intern(map, "a\0b", 3, &nul1, NULL), PRECIS_OK);
    assert_int_equal(px_strmap_intern(map, "a\0c", 3, &nul2, NULL), PRECIS_OK);
    assert_int_not_equal(nul1, nul2);
    assert_int_equal(px_strmap_size(map), 3);
    uint32_t id;
    assert_true(px_strmap_find(map, "", 0, &id));
    assert_int_equal(id, empty);
    assert_true(px_strmap_find(map, "a\0c", 3, &id));
    assert_int_equal(id, nul2);
    /* "a" alone is not "a\0b" even though both read as "a" in C. */
    assert_false(px_strmap_find(map, "a", 1, NULL));
    size_t len;
    const char *key = px_strmap_key(map, nul1, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(key, "a\0b", 4); /* NUL-terminated after the bytes */
    /* UTF-8 keys are bytes like any other. */
    assert_int_equal(px_strmap_intern(map, "\xd0\xba\xd0\xbd", 4, &id, NULL),
                     PRECIS_OK);
    assert_true(px_strmap_find(map, "\xd0\xba\xd0\xbd", 4, NULL));
    px_strmap_free(map);
}

/* Enough keys to rehash many times: every id must stay put and every key
 * must still be found with its own id. */
static void test_many_keys(void **state)
{
    (void)state;
    enum { N = 200000 };
    px_strmap *map;
    assert_int_equal(px_strmap_new(&map), PRECIS_OK);
    char buf[32];
    for (uint32_t i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof buf, "key-%u", (unsigned)i);
        uint32_t id;
        int added;
        assert_int_equal(px_strmap_intern(map, buf, (size_t)n, &id, &added),
                         PRECIS_OK);
        assert_int_equal(added, 1);
        assert_int_equal(id, i);
    }
    assert_int_equal(px_strmap_size(map), N);
    for (uint32_t i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof buf, "key-%u", (unsigned)i);
        uint32_t id;
        assert_true(px_strmap_find(map, buf, (size_t)n, &id));
        assert_int_equal(id, i);
        size_t len;
        const char *key = px_strmap_key(map, i, &len);
        assert_int_equal(len, (size_t)n);
        assert_memory_equal(key, buf, (size_t)n + 1);
    }
    assert_false(px_strmap_find(map, "key-200000", 10, NULL));
    px_strmap_free(map);
}

/* Keys that differ only in the high bits of their bytes must not pile up
 * in one probe chain of a small table (a slow map, not a wrong one, but
 * the lookups must still be exact). */
static void test_similar_keys(void **state)
{
    (void)state;
    px_strmap *map;
    assert_int_equal(px_strmap_new(&map), PRECIS_OK);
    for (unsigned c = 1; c < 256; c++) {
        char k[2] = {(char)c, (char)(c ^ 0x40)};
        uint32_t id;
        assert_int_equal(px_strmap_intern(map, k, 2, &id, NULL), PRECIS_OK);
        assert_int_equal(id, c - 1);
    }
    for (unsigned c = 1; c < 256; c++) {
        char k[2] = {(char)c, (char)(c ^ 0x40)};
        uint32_t id;
        assert_true(px_strmap_find(map, k, 2, &id));
        assert_int_equal(id, c - 1);
    }
    px_strmap_free(map);
}

/* Interns 300 keys; whatever was interned before a failure stays findable
 * under its id. */
static int intern_many(void *ctx)
{
    (void)ctx;
    px_strmap *map = NULL;
    int rc = px_strmap_new(&map);
    size_t interned = 0;
    char buf[32];
    for (uint32_t i = 0; rc == PRECIS_OK && i < 300; i++) {
        int n = snprintf(buf, sizeof buf, "w%u", (unsigned)i);
        rc = px_strmap_intern(map, buf, (size_t)n, NULL, NULL);
        if (rc == PRECIS_OK)
            interned++;
    }
    if (map) {
        assert_int_equal(px_strmap_size(map), interned);
        for (uint32_t i = 0; i < interned; i++) {
            int n = snprintf(buf, sizeof buf, "w%u", (unsigned)i);
            uint32_t id;
            assert_true(px_strmap_find(map, buf, (size_t)n, &id));
            assert_int_equal(id, i);
        }
    }
    px_strmap_free(map);
    return rc;
}

/* Every allocation may fail: the call reports PRECIS_ENOMEM, the map stays
 * usable and consistent, and freeing it releases everything. */
static void test_allocation_failures(void **state)
{
    (void)state;
    assert_true(test_mem_sweep(intern_many, NULL, SIZE_MAX, 0) > 5);
}

/* A reserved map takes that many keys without moving them or rehashing
 * (a key pointer stays valid), and gives the ids plain interning gives. */
static void test_reserve(void **state)
{
    (void)state;
    px_strmap *map;
    char buf[32];
    assert_int_equal(px_strmap_new(&map), PRECIS_OK);
    assert_int_equal(px_strmap_intern(map, "first", 5, NULL, NULL), PRECIS_OK);
    /* "k0".."k9999": 2 + up to 4 digits each, 48890 bytes in all. */
    assert_int_equal(px_strmap_reserve(map, 10000, 48890), PRECIS_OK);
    const char *first = px_strmap_key(map, 0, NULL);
    for (uint32_t i = 0; i < 10000; i++) {
        int n = snprintf(buf, sizeof buf, "k%u", (unsigned)i);
        uint32_t id;
        int added;
        assert_int_equal(px_strmap_intern_hashed(
                             map, buf, (size_t)n,
                             px_strmap_hash(buf, (size_t)n), &id, &added),
                         PRECIS_OK);
        assert_true(added);
        assert_int_equal(id, i + 1);
    }
    assert_ptr_equal(px_strmap_key(map, 0, NULL), first);
    assert_string_equal(px_strmap_key(map, 10000, NULL), "k9999");
    px_strmap_free(map);
}

/* A batch of lookups answers as single finds do, absent keys included,
 * across more keys than one batch step holds. */
static void test_find_batch(void **state)
{
    (void)state;
    px_strmap *map;
    char store[100][16];
    const char *keys[100];
    size_t lens[100];
    uint32_t ids[100];
    assert_int_equal(px_strmap_new(&map), PRECIS_OK);
    for (int i = 0; i < 100; i++) {
        lens[i] = (size_t)snprintf(store[i], sizeof store[i], "%s%d",
                                   i % 3 ? "word" : "absent", i);
        keys[i] = store[i];
        if (i % 3)
            assert_int_equal(px_strmap_intern(map, keys[i], lens[i], NULL,
                                              NULL),
                             PRECIS_OK);
    }
    px_strmap_find_batch(map, keys, lens, 100, ids);
    for (int i = 0; i < 100; i++) {
        uint32_t id;
        if (px_strmap_find(map, keys[i], lens[i], &id))
            assert_int_equal(ids[i], id);
        else
            assert_int_equal(ids[i], UINT32_MAX);
        assert_int_equal(ids[i] == UINT32_MAX, i % 3 == 0);
    }
    px_strmap_free(map);
}

/* Reserving fails cleanly: the map is left as it was. */
static int reserve_then_intern(void *ctx)
{
    (void)ctx;
    px_strmap *map = NULL;
    int rc = px_strmap_new(&map);
    if (rc == PRECIS_OK)
        rc = px_strmap_intern(map, "a", 1, NULL, NULL);
    if (rc == PRECIS_OK) {
        rc = px_strmap_reserve(map, 5000, 20000);
        uint32_t id;
        assert_true(px_strmap_find(map, "a", 1, &id));
        assert_int_equal(id, 0);
    }
    px_strmap_free(map);
    return rc;
}

static void test_reserve_failures(void **state)
{
    (void)state;
    assert_true(test_mem_sweep(reserve_then_intern, NULL, SIZE_MAX, 0) > 3);
}

static void test_hash(void **state)
{
    (void)state;
    /* FNV-1a 64 reference values: the empty string is the offset basis. */
    assert_true(px_hash("", 0) == 0xcbf29ce484222325ull);
    assert_true(px_hash("a", 1) == 0xaf63dc4c8601ec8cull);
    assert_true(px_hash("foobar", 6) == 0x85944171f73967e8ull);
}

/* A frozen map keeps every key under its id, answers px_strmap_find by
 * a scan, and holds far less: its table is gone and its arrays fit. */
static int intern_and_freeze(void *ctx)
{
    (void)ctx;
    px_strmap *map = NULL;
    char buf[16];
    int rc = px_strmap_new(&map);
    for (unsigned i = 0; rc == PRECIS_OK && i < 300; i++) {
        int n = snprintf(buf, sizeof buf, "k%u", i);
        rc = px_strmap_intern(map, buf, (size_t)n, NULL, NULL);
    }
    size_t before = rc == PRECIS_OK ? px_strmap_memory(map) : 0;
    if (rc == PRECIS_OK)
        rc = px_strmap_freeze(map);
    if (map) {
        /* Frozen or not (a failed freeze leaves a working map), every key
         * is still there under its id. */
        size_t n = px_strmap_size(map);
        for (uint32_t i = 0; i < n; i++) {
            int len = snprintf(buf, sizeof buf, "k%u", (unsigned)i);
            size_t got;
            assert_string_equal(px_strmap_key(map, i, &got), buf);
            assert_int_equal(got, (size_t)len);
            uint32_t id = UINT32_MAX;
            assert_true(px_strmap_find(map, buf, (size_t)len, &id));
            assert_int_equal(id, i);
        }
        assert_false(px_strmap_find(map, "k300", 4, NULL));
    }
    if (rc == PRECIS_OK) {
        assert_int_equal(px_strmap_size(map), 300);
        /* 300 keys of 2 to 4 bytes: the table alone held 8 KiB. */
        assert_true(px_strmap_memory(map) < before / 2);
        assert_true(px_strmap_memory(map) < 300 * 24);
    }
    px_strmap_free(map);
    return rc;
}

static void test_freeze(void **state)
{
    (void)state;
    assert_int_equal(intern_and_freeze(NULL), PRECIS_OK);
    assert_true(test_mem_sweep(intern_and_freeze, NULL, SIZE_MAX, 0) > 5);

    /* The same keys appended to a map made frozen: the same map, as
     * small, and no room past what was asked for. */
    px_strmap *frozen, *made;
    char buf[16];
    size_t bytes = 0;
    assert_int_equal(px_strmap_new(&frozen), PRECIS_OK);
    for (unsigned i = 0; i < 300; i++) {
        int n = snprintf(buf, sizeof buf, "k%u", i);
        assert_int_equal(px_strmap_intern(frozen, buf, (size_t)n, NULL, NULL),
                         PRECIS_OK);
        bytes += (size_t)n;
    }
    assert_int_equal(px_strmap_freeze(frozen), PRECIS_OK);
    assert_int_equal(px_strmap_new_frozen(300, bytes, &made), PRECIS_OK);
    for (uint32_t i = 0; i < 300; i++) {
        size_t len;
        const char *key = px_strmap_key(frozen, i, &len);
        assert_int_equal(px_strmap_append(made, key, len), PRECIS_OK);
    }
    assert_int_equal(px_strmap_append(made, "k", 1), PRECIS_EINVAL);
    assert_int_equal(px_strmap_size(made), 300);
    assert_int_equal(px_strmap_memory(made), px_strmap_memory(frozen));
    for (uint32_t i = 0; i < 300; i++)
        assert_string_equal(px_strmap_key(made, i, NULL),
                            px_strmap_key(frozen, i, NULL));
    uint32_t id;
    assert_true(px_strmap_find(made, "k299", 4, &id));
    assert_int_equal(id, 299);
    px_strmap_free(made);
    px_strmap_free(frozen);
    /* Room for 2 keys of 3 bytes: the second may not take more. */
    assert_int_equal(px_strmap_new_frozen(2, 3, &made), PRECIS_OK);
    assert_int_equal(px_strmap_append(made, "ab", 2), PRECIS_OK);
    assert_int_equal(px_strmap_append(made, "cd", 2), PRECIS_EINVAL);
    assert_int_equal(px_strmap_append(made, "c", 1), PRECIS_OK);
    px_strmap_free(made);

    /* An empty map freezes too. */
    px_strmap *map;
    assert_int_equal(px_strmap_new(&map), PRECIS_OK);
    assert_int_equal(px_strmap_freeze(map), PRECIS_OK);
    assert_int_equal(px_strmap_size(map), 0);
    assert_false(px_strmap_find(map, "", 0, NULL));
    px_strmap_free(map);
}

/* A map's keys copied whole (px_strmap_keys) make the same map again
 * (px_strmap_new_keys), whatever the key lengths and however they fall
 * across eight-byte steps; bytes that hold another number of keys, or do
 * not end in a NUL, are refused. */
static void test_keys_whole(void **state)
{
    (void)state;
    px_strmap *map, *made;
    char buf[64];
    assert_int_equal(px_strmap_new(&map), PRECIS_OK);
    for (unsigned i = 0; i < 200; i++) {
        size_t n = (i * 7) % 23; /* 0 to 22 bytes, the empty key once */
        memset(buf, 'a' + (int)(i % 26), n);
        int m = snprintf(buf + n, sizeof buf - n, "%u", i);
        assert_int_equal(px_strmap_intern(map, buf, n + (size_t)m, NULL, NULL),
                         PRECIS_OK);
    }
    assert_int_equal(px_strmap_intern(map, "", 0, NULL, NULL), PRECIS_OK);
    size_t keys = px_strmap_size(map), bytes;
    const char *all = px_strmap_keys(map, &bytes);
    assert_int_equal(px_strmap_new_keys(all, bytes, keys, &made), PRECIS_OK);
    assert_int_equal(px_strmap_size(made), keys);
    for (uint32_t i = 0; i < keys; i++) {
        size_t x, y;
        const char *a = px_strmap_key(map, i, &x);
        const char *b = px_strmap_key(made, i, &y);
        assert_int_equal(x, y);
        assert_memory_equal(a, b, x + 1);
    }
    px_strmap_free(made);
    /* Every cut refused (the keys before it are not a whole count). */
    for (size_t cut = 0; cut < bytes; cut++) {
        made = (px_strmap *)1;
        assert_int_equal(px_strmap_new_keys(all, cut, keys, &made),
                         PRECIS_EINVAL);
        assert_null(made);
    }
    assert_int_equal(px_strmap_new_keys(all, bytes, keys - 1, &made),
                     PRECIS_EINVAL);
    assert_int_equal(px_strmap_new_keys(all, bytes, keys + 1, &made),
                     PRECIS_EINVAL);
    assert_int_equal(px_strmap_new_keys("ab\0cd", 5, 1, &made), PRECIS_EINVAL);
    assert_int_equal(px_strmap_new_keys("ab", 2, 0, &made), PRECIS_EINVAL);
    /* A key with a NUL of its own reads back as two. */
    assert_int_equal(px_strmap_new_keys("a\0b", 4, 1, &made), PRECIS_EINVAL);
    assert_int_equal(px_strmap_new_keys("a\0b", 4, 2, &made), PRECIS_OK);
    px_strmap_free(made);
    px_strmap_free(map);

    /* No keys: no bytes. */
    assert_int_equal(px_strmap_new(&map), PRECIS_OK);
    assert_null(px_strmap_keys(map, &bytes));
    assert_int_equal(bytes, 0);
    assert_int_equal(px_strmap_new_keys(NULL, 0, 0, &made), PRECIS_OK);
    assert_int_equal(px_strmap_size(made), 0);
    px_strmap_free(made);
    px_strmap_free(map);
}

/* Keys of every length from 0 to 40 (the short-key copies have a case
 * for each range). */
static size_t some_key(unsigned i, char *buf)
{
    size_t len = i % 41;
    for (size_t k = 0; k < len; k++)
        buf[k] = (char)('a' + (i * 7 + k * 3) % 26);
    return len;
}

/* The source: one key of each length, all distinct. */
#define SOURCE_KEYS 41
#define PUSHED 41

/* Ids into the source: every other key, backwards, then the first
 * twenty again (px_strmap_push_ids does not look). */
static uint32_t pushed_id(uint32_t k)
{
    return k < 21 ? 2 * (20 - k) : k - 21;
}

/* Keys pushed by id come back under their new ids byte for byte,
 * whatever their length; lookups still work (as in a frozen map), and
 * freezing afterwards changes nothing. */
static int push_and_freeze(void *ctx)
{
    (void)ctx;
    px_strmap *from = NULL, *map = NULL;
    uint32_t ids[PUSHED];
    char buf[48];
    int rc = px_strmap_new(&from);
    for (unsigned i = 0; rc == PRECIS_OK && i < SOURCE_KEYS; i++) {
        size_t len = some_key(i, buf);
        rc = px_strmap_intern(from, buf, len, NULL, NULL);
    }
    for (uint32_t k = 0; k < PUSHED; k++)
        ids[k] = pushed_id(k);
    if (rc == PRECIS_OK)
        rc = px_strmap_new(&map);
    if (rc == PRECIS_OK)
        rc = px_strmap_push_ids(map, from, ids, 10);
    if (rc == PRECIS_OK)
        rc = px_strmap_push_ids(map, from, ids + 10, PUSHED - 10);
    if (rc == PRECIS_OK) {
        assert_int_equal(px_strmap_size(map), PUSHED);
        for (uint32_t k = 0; k < PUSHED; k++) {
            size_t len = some_key(ids[k], buf), got;
            const char *key = px_strmap_key(map, k, &got);
            assert_int_equal(got, len);
            assert_memory_equal(key, buf, len);
            assert_int_equal(key[len], '\0');
        }
        uint32_t id = UINT32_MAX;
        size_t len = some_key(ids[5], buf);
        assert_true(px_strmap_find(map, buf, len, &id));
        assert_int_equal(id, 5);
        size_t before = px_strmap_memory(map);
        rc = px_strmap_freeze(map);
        assert_int_equal(px_strmap_memory(map), before);
    }
    px_strmap_free(map);
    px_strmap_free(from);
    return rc;
}

static void test_push_ids(void **state)
{
    (void)state;
    assert_int_equal(push_and_freeze(NULL), PRECIS_OK);
    assert_true(test_mem_sweep(push_and_freeze, NULL, SIZE_MAX, 0) > 3);

    /* Nothing pushed: an empty map, as small as an empty frozen one. */
    px_strmap *from, *map;
    assert_int_equal(px_strmap_new(&from), PRECIS_OK);
    assert_int_equal(px_strmap_new(&map), PRECIS_OK);
    assert_int_equal(px_strmap_push_ids(map, from, NULL, 0), PRECIS_OK);
    assert_int_equal(px_strmap_size(map), 0);
    assert_false(px_strmap_find(map, "", 0, NULL));
    assert_int_equal(px_strmap_freeze(from), PRECIS_OK);
    assert_int_equal(px_strmap_memory(map), px_strmap_memory(from));
    px_strmap_free(map);
    px_strmap_free(from);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intern_and_find),
        cmocka_unit_test(test_odd_keys),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_similar_keys),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_find_batch),
        cmocka_unit_test(test_reserve_failures),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_freeze),
        cmocka_unit_test(test_keys_whole),
        cmocka_unit_test(test_push_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
