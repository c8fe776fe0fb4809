/* strmap.c: string interning with open addressing.
 *
 * Keys live back to back in one growing byte arena (each NUL-terminated),
 * so interning a key costs one copy and no per-key allocation. The slot
 * table holds id + 1 (0 marks an empty slot) and stays at most half full,
 * so a probe sequence is short. Hashes are kept per id to rehash without
 * touching the keys. */
#include "strmap.h"

#include <string.h>

#include "alloc.h"
#include "precis.h"

struct px_strmap {
    char *arena;        /* keys, each followed by NUL */
    size_t arena_len;
    size_t arena_cap;
    size_t *key_offset; /* per id */
    uint32_t *key_len;  /* per id */
    uint64_t *key_hash; /* per id */
    size_t count;
    size_t id_cap;
    uint32_t *slots;    /* id + 1, or 0 */
    size_t slot_mask;   /* slot count - 1 (a power of two) */
};

uint64_t px_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a offset basis */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull; /* FNV prime */
    }
    return h;
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
    px_free(map->key_offset);
    px_free(map->key_len);
    px_free(map->key_hash);
    px_free(map->slots);
    px_free(map);
}

static int key_equals(const px_strmap *map, uint32_t id, const char *key,
                      size_t len)
{
    return map->key_len[id] == len &&
           memcmp(map->arena + map->key_offset[id], key, len) == 0;
}

int px_strmap_find(const px_strmap *map, const char *key, size_t len,
                   uint32_t *id)
{
    uint64_t h = px_hash(key, len);
    for (size_t i = (size_t)h & map->slot_mask;; i = (i + 1) & map->slot_mask) {
        uint32_t slot = map->slots[i];
        if (slot == 0)
            return 0;
        if (map->key_hash[slot - 1] == h && key_equals(map, slot - 1, key, len)) {
            if (id)
                *id = slot - 1;
            return 1;
        }
    }
}

static int rehash(px_strmap *map)
{
    size_t slot_count = (map->slot_mask + 1) * 2;
    uint32_t *slots = px_calloc(slot_count, sizeof *slots);
    if (!slots)
        return PRECIS_ENOMEM;
    size_t mask = slot_count - 1;
    for (size_t id = 0; id < map->count; id++) {
        size_t i = (size_t)map->key_hash[id] & mask;
        while (slots[i])
            i = (i + 1) & mask;
        slots[i] = (uint32_t)id + 1;
    }
    px_free(map->slots);
    map->slots = slots;
    map->slot_mask = mask;
    return PRECIS_OK;
}

static int grow_ids(px_strmap *map)
{
    if (map->count < map->id_cap)
        return PRECIS_OK;
    size_t cap = map->id_cap ? map->id_cap * 2 : 32;
    size_t *offsets = px_realloc(map->key_offset, cap * sizeof *offsets);
    if (!offsets)
        return PRECIS_ENOMEM;
    map->key_offset = offsets;
    uint32_t *lens = px_realloc(map->key_len, cap * sizeof *lens);
    if (!lens)
        return PRECIS_ENOMEM;
    map->key_len = lens;
    uint64_t *hashes = px_realloc(map->key_hash, cap * sizeof *hashes);
    if (!hashes)
        return PRECIS_ENOMEM;
    map->key_hash = hashes;
    map->id_cap = cap;
    return PRECIS_OK;
}

int px_strmap_intern(px_strmap *map, const char *key, size_t len,
                     uint32_t *id, int *added)
{
    if (added)
        *added = 0;
    if (px_strmap_find(map, key, len, id))
        return PRECIS_OK;
    if (len > UINT32_MAX - 1 || map->count >= UINT32_MAX - 1)
        return PRECIS_EINVAL;
    if ((map->count + 1) * 2 > map->slot_mask + 1 && rehash(map))
        return PRECIS_ENOMEM;
    if (grow_ids(map))
        return PRECIS_ENOMEM;
    void *arena = map->arena;
    if (px_grow(&arena, &map->arena_cap, map->arena_len + len + 1, 1))
        return PRECIS_ENOMEM;
    map->arena = arena;

    uint32_t new_id = (uint32_t)map->count;
    memcpy(map->arena + map->arena_len, key, len);
    map->arena[map->arena_len + len] = '\0';
    map->key_offset[new_id] = map->arena_len;
    map->key_len[new_id] = (uint32_t)len;
    map->key_hash[new_id] = px_hash(key, len);
    map->arena_len += len + 1;
    map->count++;

    size_t i = (size_t)map->key_hash[new_id] & map->slot_mask;
    while (map->slots[i])
        i = (i + 1) & map->slot_mask;
    map->slots[i] = new_id + 1;
    if (id)
        *id = new_id;
    if (added)
        *added = 1;
    return PRECIS_OK;
}

const char *px_strmap_key(const px_strmap *map, uint32_t id, size_t *len)
{
    if (len)
        *len = map->key_len[id];
    return map->arena + map->key_offset[id];
}

size_t px_strmap_size(const px_strmap *map)
{
    return map->count;
}
