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

/* The 32 bits of hash a slot keeps. FNV-1a's low bits depend only on the
 * low bits of each input byte, so folding the high half in spreads keys
 * that differ only in the high bits of a byte across the table. Ids are
 * 32-bit, so a table never has more than 2^32 slots and these bits are
 * enough to find a key's home slot at any size. */
static uint32_t hash32(uint64_t h)
{
    return (uint32_t)(h ^ (h >> 32));
}

static uint64_t make_slot(uint32_t h32, uint32_t id)
{
    return ((uint64_t)h32 << 32) | ((uint64_t)id + 1);
}

int px_strmap_new(px_strmap **out)
{
    px_strmap *map = px_calloc(1, sizeof *map);
    if (!map)
        return PRECIS_ENOMEM;
    map->slots = px_calloc(64, sizeof *map->slots);
    if (!map->slots) {
        px_free(map);
        return PRECIS_ENOMEM;
    }
    map->slot_mask = 63;
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

/* Looks key up by its hash; returns 1 and *id, or 0 and in *free_slot the
 * empty slot where it would go. */
static int probe(const px_strmap *map, const char *key, size_t len,
                 uint32_t h32, uint32_t *id, size_t *free_slot)
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
        /* memcmp needs valid pointers even for zero bytes; key may be NULL
         * when len is 0. */
        if (e->len == len &&
            (len == 0 || memcmp(map->arena + e->offset, key, len) == 0)) {
            if (id)
                *id = cand;
            return 1;
        }
    }
}

int px_strmap_find(const px_strmap *map, const char *key, size_t len,
                   uint32_t *id)
{
    return probe(map, key, len, hash32(px_hash(key, len)), id, NULL);
}

static int rehash(px_strmap *map)
{
    size_t slot_count = (map->slot_mask + 1) * 2;
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

static int grow_ids(px_strmap *map)
{
    void *keys = map->keys;
    if (px_grow(&keys, &map->id_cap, map->count + 1, sizeof *map->keys))
        return PRECIS_ENOMEM;
    map->keys = keys;
    return PRECIS_OK;
}

int px_strmap_intern(px_strmap *map, const char *key, size_t len,
                     uint32_t *id, int *added)
{
    if (added)
        *added = 0;
    uint32_t h32 = hash32(px_hash(key, len));
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
    if (grow_ids(map))
        return PRECIS_ENOMEM;
    void *arena = map->arena;
    if (px_grow(&arena, &map->arena_cap, map->arena_len + len + 1, 1))
        return PRECIS_ENOMEM;
    map->arena = arena;

    uint32_t new_id = (uint32_t)map->count;
    if (len)
        memcpy(map->arena + map->arena_len, key, len);
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
