/* strmap.c: string interning with open addressing.
 *
 * Keys live back to back in one growing byte arena (each NUL-terminated),
 * so interning a key costs one copy and no per-key allocation. Each slot of
 * the table holds id + 1 (0 marks an empty slot) next to 32 bits of the
 * key's hash: a probe compares hashes without touching the per-key arrays,
 * so a lookup usually reads one slot, one entry and the key bytes, and
 * growing the table never reads a key. The table stays at most half full,
 * so probe sequences are short. */
#include "strmap.h"

#include <string.h>

#include "alloc.h"
#include "precis.h"
#include "prefetch.h"
#include "swar.h"

typedef struct key_entry {
    size_t offset; /* into the arena */
    uint32_t len;
} key_entry;

struct px_strmap {
    char *arena;        /* keys, each followed by NUL */
    size_t arena_len;
    size_t arena_cap;
    key_entry *keys;    /* per id */
    size_t count;
    size_t id_cap;
    uint64_t *slots;    /* (hash32 << 32) | (id + 1), or 0 */
    size_t slot_mask;   /* slot count - 1 (a power of two) */
};

uint64_t px_hash(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037ull; /* FNV-1a 64 offset basis */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull; /* FNV-1a 64 prime */
    }
    return h;
}

/* The table's own hash. FNV-1a (px_hash, kept for callers that store or
 * compare it) takes one multiply per byte, a chain of dependent multiplies
 * that made hashing the largest cost of a lookup; this one takes 8 bytes
 * per multiply. Keys are read with memcpy (no alignment or aliasing
 * assumptions); the final mix is MurmurHash3's fmix64, so every input bit
 * reaches the low bits that pick a slot. Nothing outside this file sees
 * it: ids follow insertion order whatever the hash. */
static inline uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static inline uint64_t table_hash(const char *s, size_t len)
{
    /* Odd 64-bit constants from the golden ratio and from xxHash's
     * primes: any odd multiplier is a bijection, these spread bits well. */
    uint64_t h = 0x9e3779b97f4a7c15ull ^ ((uint64_t)len * 0xc2b2ae3d27d4eb4full);
    const unsigned char *u = (const unsigned char *)s;
    uint64_t v;
    if (len < 8) {
        /* Most words. 4 to 7 bytes: two overlapping 4-byte loads cover
         * them; 1 to 3 bytes: the first, middle and last byte do. With
         * the length mixed in, distinct keys give distinct words. */
        uint32_t a, b;
        if (len >= 4) {
            memcpy(&a, u, 4);
            memcpy(&b, u + len - 4, 4);
            v = ((uint64_t)a << 32) | b;
        } else if (len > 0) {
            v = ((uint64_t)u[0] << 16) | ((uint64_t)u[len / 2] << 8) |
                u[len - 1];
        } else {
            v = 0;
        }
        return mix64(h ^ v);
    }
    size_t n = len;
    while (n > 8) {
        memcpy(&v, u, 8);
        h = (h ^ v) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 32;
        u += 8;
        n -= 8;
    }
    /* The last 8 bytes of the key (overlapping the previous block when
     * the length is not a multiple of 8; the length is already mixed in,
     * so keys still differ). */
    memcpy(&v, s + len - 8, 8);
    return mix64((h ^ v) * 0x9e3779b97f4a7c15ull);
}

/* The 32 bits of hash a slot keeps. Ids are 32-bit, so a table never has
 * more than 2^32 slots and these bits are enough to find a key's home slot
 * at any size. */
static inline uint32_t hash32(uint64_t h)
{
    return (uint32_t)(h ^ (h >> 32));
}

static uint64_t make_slot(uint32_t h32, uint32_t id)
{
    return ((uint64_t)h32 << 32) | ((uint64_t)id + 1);
}

/* A new table's first slots (a power of two): room for 128 keys at most
 * half full, the distinct words of a short article, so that most maps
 * never rehash. */
#define SLOTS_MIN 256

int px_strmap_new(px_strmap **out)
{
    px_strmap *map = px_calloc(1, sizeof *map);
    if (!map)
        return PRECIS_ENOMEM;
    map->slots = px_calloc(SLOTS_MIN, sizeof *map->slots);
    if (!map->slots) {
        px_free(map);
        return PRECIS_ENOMEM;
    }
    map->slot_mask = SLOTS_MIN - 1;
    *out = map;
    return PRECIS_OK;
}

void px_strmap_free(px_strmap *map)
{
    if (!map)
        return;
    px_free(map->arena);
    px_free(map->keys);
    px_free(map->slots);
    px_free(map);
}

/* memcmp for the short keys that most lookups compare (words): a loop
 * here costs less than the call. memcmp needs valid pointers even for
 * zero bytes; key may be NULL when len is 0. */
static inline int keys_equal(const char *a, const char *b, size_t len)
{
    if (len > 16)
        return memcmp(a, b, len) == 0;
    if (len >= 8) { /* two 8-byte words, overlapping when len < 16 */
        uint64_t x, y, z, t;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        memcpy(&z, a + len - 8, 8);
        memcpy(&t, b + len - 8, 8);
        return x == y && z == t;
    }
    if (len >= 4) { /* the same with 4-byte words */
        uint32_t x, y, z, t;
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        memcpy(&z, a + len - 4, 4);
        memcpy(&t, b + len - 4, 4);
        return x == y && z == t;
    }
    for (size_t i = 0; i < len; i++) {
        if (a[i] != b[i])
            return 0;
    }
    return 1;
}

/* Looks key up by its hash; returns 1 and *id, or 0 and in *free_slot the
 * empty slot where it would go. */
static inline int probe(const px_strmap *map, const char *key,
                        size_t len, uint32_t h32, uint32_t *id,
                        size_t *free_slot)
{
    for (size_t i = h32 & map->slot_mask;; i = (i + 1) & map->slot_mask) {
        uint64_t slot = map->slots[i];
        if (slot == 0) {
            if (free_slot)
                *free_slot = i;
            return 0;
        }
        if ((uint32_t)(slot >> 32) != h32)
            continue;
        uint32_t cand = (uint32_t)slot - 1;
        const key_entry *e = &map->keys[cand];
        if (e->len == len && keys_equal(map->arena + e->offset, key, len)) {
            if (id)
                *id = cand;
            return 1;
        }
    }
}

/* px_strmap_find on a frozen map (no table): a scan of the keys. */
static int find_frozen(const px_strmap *map, const char *key, size_t len,
                       uint32_t *id)
{
    for (size_t i = 0; i < map->count; i++) {
        const key_entry *e = &map->keys[i];
        if (e->len == len && (len == 0 || memcmp(map->arena + e->offset,
                                                 key, len) == 0)) {
            if (id)
                *id = (uint32_t)i;
            return 1;
        }
    }
    return 0;
}

int px_strmap_find(const px_strmap *map, const char *key, size_t len,
                   uint32_t *id)
{
    if (!map->slots)
        return find_frozen(map, key, len, id);
    return probe(map, key, len, hash32(table_hash(key, len)), id, NULL);
}

/* Each key of a batch costs a chain of dependent memory reads (its slot,
 * the candidate's entry, the candidate's bytes); on a table larger than
 * the caches each read misses. Walking the whole batch one step at a
 * time, with a prefetch for the next step, keeps the misses of different
 * keys in flight together. */
#define BATCH_MAX 16


/* The candidate id of the first slot that could hold a key of hash h32:
 * the id in its home slot when the hashes agree, else UINT32_MAX. */
static uint32_t home_candidate(const px_strmap *map, uint32_t h32)
{
    uint64_t slot = map->slots[h32 & map->slot_mask];
    if (slot == 0 || (uint32_t)(slot >> 32) != h32)
        return UINT32_MAX;
    return (uint32_t)slot - 1;
}

void px_strmap_find_batch(const px_strmap *map, const char *const *keys,
                          const size_t *lens, size_t n, uint32_t *ids)
{
    for (size_t done = 0; done < n; done += BATCH_MAX) {
        size_t m = n - done < BATCH_MAX ? n - done : BATCH_MAX;
        uint32_t h[BATCH_MAX];
        for (size_t k = 0; k < m; k++) {
            h[k] = hash32(table_hash(keys[done + k], lens[done + k]));
            px_prefetch(&map->slots[h[k] & map->slot_mask]);
        }
        for (size_t k = 0; k < m; k++) {
            uint32_t c = home_candidate(map, h[k]);
            if (c != UINT32_MAX)
                px_prefetch(&map->keys[c]);
        }
        for (size_t k = 0; k < m; k++) {
            uint32_t c = home_candidate(map, h[k]);
            if (c != UINT32_MAX)
                px_prefetch(map->arena + map->keys[c].offset);
        }
        for (size_t k = 0; k < m; k++) {
            uint32_t id;
            ids[done + k] = probe(map, keys[done + k], lens[done + k], h[k],
                                  &id, NULL)
                                ? id
                                : UINT32_MAX;
        }
    }
}

/* Moves the slots into a table of slot_count slots (a power of two
 * larger than the current one). */
static int rehash_to(px_strmap *map, size_t slot_count)
{
    uint64_t *slots = px_calloc(slot_count, sizeof *slots);
    if (!slots)
        return PRECIS_ENOMEM;
    size_t mask = slot_count - 1;
    for (size_t j = 0; j <= map->slot_mask; j++) {
        uint64_t slot = map->slots[j];
        if (slot == 0)
            continue;
        size_t i = (uint32_t)(slot >> 32) & mask;
        while (slots[i])
            i = (i + 1) & mask;
        slots[i] = slot;
    }
    px_free(map->slots);
    map->slots = slots;
    map->slot_mask = mask;
    return PRECIS_OK;
}

static int rehash(px_strmap *map)
{
    return rehash_to(map, (map->slot_mask + 1) * 2);
}

#define IDS_MIN 128
#define ARENA_MIN 1024

int px_strmap_reserve(px_strmap *map, size_t keys, size_t key_bytes)
{
    if (keys > UINT32_MAX - 1 || key_bytes > SIZE_MAX - keys)
        return PRECIS_ENOMEM;
    size_t want = map->count + keys;
    /* At most half full, as intern keeps it. */
    size_t slot_count = map->slot_mask + 1;
    while (slot_count / 2 < want)
        slot_count *= 2;
    if (slot_count > map->slot_mask + 1 && rehash_to(map, slot_count))
        return PRECIS_ENOMEM;
    if (want > map->id_cap) {
        key_entry *k = px_realloc(map->keys, want * sizeof *k);
        if (!k)
            return PRECIS_ENOMEM;
        map->keys = k;
        map->id_cap = want;
    }
    /* Each key is followed by its NUL. */
    size_t bytes = map->arena_len + key_bytes + keys;
    if (bytes > map->arena_cap) {
        char *a = px_realloc(map->arena, bytes);
        if (!a)
            return PRECIS_ENOMEM;
        map->arena = a;
        map->arena_cap = bytes;
    }
    return PRECIS_OK;
}

static int grow_ids(px_strmap *map)
{
    void *keys = map->keys;
    size_t need = map->count + 1 < IDS_MIN ? IDS_MIN : map->count + 1;
    if (px_grow(&keys, &map->id_cap, need, sizeof *map->keys))
        return PRECIS_ENOMEM;
    map->keys = keys;
    return PRECIS_OK;
}

/* memcpy for the short keys most maps hold (words, stems): two
 * overlapping fixed-size copies, which compile to moves, cost less than
 * the call. As in keys_equal, nothing outside key[0..len) is read; key
 * may be NULL when len is 0. */
static inline void copy_key(char *to, const char *key, size_t len)
{
    if (len > 16) {
        memcpy(to, key, len);
    } else if (len >= 8) {
        uint64_t x, y;
        memcpy(&x, key, 8);
        memcpy(&y, key + len - 8, 8);
        memcpy(to, &x, 8);
        memcpy(to + len - 8, &y, 8);
    } else if (len >= 4) {
        uint32_t x, y;
        memcpy(&x, key, 4);
        memcpy(&y, key + len - 4, 4);
        memcpy(to, &x, 4);
        memcpy(to + len - 4, &y, 4);
    } else {
        for (size_t i = 0; i < len; i++)
            to[i] = key[i];
    }
}

uint32_t px_strmap_hash(const char *key, size_t len)
{
    return hash32(table_hash(key, len));
}

void px_strmap_prefetch(const px_strmap *map, uint32_t hash)
{
    px_prefetch(&map->slots[hash & map->slot_mask]);
}

int px_strmap_intern(px_strmap *map, const char *key, size_t len,
                     uint32_t *id, int *added)
{
    return px_strmap_intern_hashed(map, key, len, px_strmap_hash(key, len),
                                   id, added);
}

int px_strmap_intern_hashed(px_strmap *map, const char *key, size_t len,
                            uint32_t h32, uint32_t *id, int *added)
{
    if (added)
        *added = 0;
    size_t at;
    if (probe(map, key, len, h32, id, &at))
        return PRECIS_OK;
    if (len > UINT32_MAX - 1 || map->count >= UINT32_MAX - 1)
        return PRECIS_EINVAL;
    /* Every step that can fail comes before the first change, so a failed
     * intern leaves the map as it was (a larger table or array is still a
     * valid one). */
    if ((map->count + 1) * 2 > map->slot_mask + 1) {
        if (rehash(map))
            return PRECIS_ENOMEM;
        probe(map, key, len, h32, NULL, &at);
    }
    /* The capacity checks are inline so that the common case (room left)
     * makes no call; a new map's first arrays hold 128 keys and 1 KiB of
     * keys, which skips the first few doublings of a typical map. */
    if (map->count + 1 > map->id_cap && grow_ids(map))
        return PRECIS_ENOMEM;
    size_t arena_need = map->arena_len + len + 1;
    if (arena_need > map->arena_cap) {
        void *arena = map->arena;
        if (px_grow(&arena, &map->arena_cap,
                    arena_need < ARENA_MIN ? ARENA_MIN : arena_need, 1))
            return PRECIS_ENOMEM;
        map->arena = arena;
    }

    uint32_t new_id = (uint32_t)map->count;
    copy_key(map->arena + map->arena_len, key, len);
    map->arena[map->arena_len + len] = '\0';
    map->keys[new_id].offset = map->arena_len;
    map->keys[new_id].len = (uint32_t)len;
    map->arena_len += len + 1;
    map->count++;
    map->slots[at] = make_slot(h32, new_id);
    if (id)
        *id = new_id;
    if (added)
        *added = 1;
    return PRECIS_OK;
}

#define PUSH_AHEAD 32

int px_strmap_push_ids(px_strmap *map, const px_strmap *from,
                       const uint32_t *ids, size_t n)
{
    /* The ids lead all over a large table (an analyzer's stems): the
     * entries, then the keys, are asked for PUSH_AHEAD ids ahead, so
     * that their misses overlap instead of coming one after another. */
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + PUSH_AHEAD < n)
            px_prefetch(&from->keys[ids[i + PUSH_AHEAD]]);
        bytes += from->keys[ids[i]].len; /* each within from's arena */
    }
    if (n > UINT32_MAX - 1 - map->count)
        return PRECIS_EINVAL;
    /* The arrays grow to the exact size, so that px_strmap_freeze then
     * has nothing to give back. */
    size_t count = map->count + n, arena_len = map->arena_len + bytes + n;
    if (count > map->id_cap) {
        key_entry *keys = px_realloc(map->keys, count * sizeof *keys);
        if (!keys)
            return PRECIS_ENOMEM;
        map->keys = keys;
        map->id_cap = count;
    }
    if (arena_len > map->arena_cap) {
        char *arena = px_realloc(map->arena, arena_len);
        if (!arena)
            return PRECIS_ENOMEM;
        map->arena = arena;
        map->arena_cap = arena_len;
    }
    /* The table would not know the keys: it goes, and lookups scan the
     * keys from now on, as in a frozen map. */
    px_free(map->slots);
    map->slots = NULL;
    map->slot_mask = 0;
    /* An empty map pushed nothing may have no arena, and NULL + 0 is
     * undefined. */
    if (n == 0)
        return PRECIS_OK;
    /* The map's fields are kept in locals: stores through a char pointer
     * may alias them, so the loop would read them all back after every
     * key. */
    char *to = map->arena + map->arena_len;
    key_entry *entry = map->keys + map->count;
    size_t offset = map->arena_len;
    for (size_t i = 0; i < n; i++) {
        if (i + PUSH_AHEAD < n)
            px_prefetch(from->arena + from->keys[ids[i + PUSH_AHEAD]].offset);
        key_entry e = from->keys[ids[i]];
        copy_key(to, from->arena + e.offset, e.len);
        to[e.len] = '\0';
        entry->offset = offset;
        entry->len = e.len;
        entry++;
        offset += (size_t)e.len + 1;
        to += (size_t)e.len + 1;
    }
    map->arena_len = offset;
    map->count = count;
    return PRECIS_OK;
}

const char *px_strmap_key(const px_strmap *map, uint32_t id, size_t *len)
{
    if (len)
        *len = map->keys[id].len;
    return map->arena + map->keys[id].offset;
}

size_t px_strmap_size(const px_strmap *map)
{
    return map->count;
}

int px_strmap_freeze(px_strmap *map)
{
    void *arena = map->arena, *keys = map->keys;
    if (map->count == 0) { /* nothing to keep, however much was reserved */
        px_free(arena);
        px_free(keys);
        arena = keys = NULL;
        map->arena_len = map->arena_cap = map->id_cap = 0;
    }
    /* Both shrinks come before the table goes, so a failure leaves a
     * working map. */
    if (px_shrink(&arena, map->arena_len, 1))
        return PRECIS_ENOMEM;
    map->arena = arena;
    if (arena)
        map->arena_cap = map->arena_len ? map->arena_len : 1;
    if (px_shrink(&keys, map->count, sizeof *map->keys))
        return PRECIS_ENOMEM;
    map->keys = keys;
    if (keys)
        map->id_cap = map->count ? map->count : 1;
    px_free(map->slots);
    map->slots = NULL;
    map->slot_mask = 0;
    return PRECIS_OK;
}

int px_strmap_new_frozen(size_t keys, size_t key_bytes, px_strmap **out)
{
    *out = NULL;
    if (keys > UINT32_MAX - 1 || key_bytes > SIZE_MAX - keys)
        return PRECIS_ENOMEM;
    px_strmap *map = px_calloc(1, sizeof *map);
    if (!map)
        return PRECIS_ENOMEM;
    if (keys) {
        map->keys = px_malloc(keys * sizeof *map->keys);
        map->arena = px_malloc(key_bytes + keys);
        if (!map->keys || !map->arena) {
            px_strmap_free(map);
            return PRECIS_ENOMEM;
        }
        map->id_cap = keys;
        map->arena_cap = key_bytes + keys;
    }
    *out = map;
    return PRECIS_OK;
}

int px_strmap_append(px_strmap *map, const char *key, size_t len)
{
    if (map->count >= map->id_cap || len >= map->arena_cap - map->arena_len)
        return PRECIS_EINVAL;
    if (len)
        memcpy(map->arena + map->arena_len, key, len);
    map->arena[map->arena_len + len] = '\0';
    map->keys[map->count].offset = map->arena_len;
    map->keys[map->count].len = (uint32_t)len;
    map->arena_len += len + 1;
    map->count++;
    return PRECIS_OK;
}

const char *px_strmap_keys(const px_strmap *map, size_t *bytes)
{
    *bytes = map->arena_len;
    return map->arena_len ? map->arena : NULL;
}

/* Notes the key that ends at the NUL at `at` as the next of map's keys,
 * its room known; 0 when there is no room for it or it is too long. */
static inline int take_key(px_strmap *map, size_t keys, size_t *start,
                           size_t at)
{
    if (map->count == keys || at - *start > UINT32_MAX)
        return 0;
    map->keys[map->count].offset = *start;
    map->keys[map->count].len = (uint32_t)(at - *start);
    map->count++;
    *start = at + 1;
    return 1;
}

/* Splits the copied keys of a map made by px_strmap_new_keys at their
 * NULs, eight bytes a step: stems are short, so most steps hold one. */
static int split_keys(px_strmap *map, size_t keys)
{
    const char *a = map->arena;
    size_t n = map->arena_len, start = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        for (uint64_t z = px_swar_eq(px_swar_load(a + i), 0); z; z &= z - 1) {
            if (!take_key(map, keys, &start, i + px_swar_first(z)))
                return PRECIS_EINVAL;
        }
    }
    for (; i < n; i++) {
        if (a[i] == '\0' && !take_key(map, keys, &start, i))
            return PRECIS_EINVAL;
    }
    return map->count == keys && start == n ? PRECIS_OK : PRECIS_EINVAL;
}

int px_strmap_new_keys(const char *bytes, size_t len, size_t keys,
                       px_strmap **out)
{
    *out = NULL;
    /* Each key takes at least its NUL; none leaves no bytes to copy. */
    if (keys > len || (keys == 0 && len != 0))
        return PRECIS_EINVAL;
    px_strmap *map;
    int rc = px_strmap_new_frozen(keys, len - keys, &map);
    if (rc)
        return rc;
    if (len) {
        memcpy(map->arena, bytes, len);
        map->arena_len = len;
        rc = split_keys(map, keys);
    }
    if (rc) {
        px_strmap_free(map);
        return rc;
    }
    *out = map;
    return PRECIS_OK;
}

size_t px_strmap_memory(const px_strmap *map)
{
    size_t slots = map->slots ? map->slot_mask + 1 : 0;
    return sizeof *map + map->arena_cap + map->id_cap * sizeof *map->keys +
           slots * sizeof *map->slots;
}
