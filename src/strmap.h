/* strmap.h: a string interning hash table. Keys are byte strings (copied
 * into the table); each distinct key gets a dense id 0, 1, 2... in order of
 * first insertion, so callers keep per-key values in parallel arrays.
 * Used by stopwords, the stem cache, articles' vocabularies and IDF models. */
#ifndef PRECIS_STRMAP_H
#define PRECIS_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct px_strmap px_strmap;

/* OWNED: px_strmap_free. Returns 0 or PRECIS_ENOMEM. */
int px_strmap_new(px_strmap **out);
void px_strmap_free(px_strmap *map);

/* Finds key[0..len) or adds it. *id receives its id; *added (may be NULL)
 * is set to 1 when the key was new. Returns 0 or PRECIS_ENOMEM. */
int px_strmap_intern(px_strmap *map, const char *key, size_t len,
                     uint32_t *id, int *added);

/* Makes room for `keys` keys in all of `key_bytes` bytes (their lengths
 * added up), so that interning that many grows nothing: a table loaded
 * from a file of known size is built without rehashing or moving keys.
 * Returns 0 or PRECIS_ENOMEM (the map is unchanged, and still valid). */
int px_strmap_reserve(px_strmap *map, size_t keys, size_t key_bytes);

/* The map's own hash of a key, for callers that look many keys up at
 * once: px_strmap_prefetch asks for the key's slot ahead of time (a table
 * larger than the caches costs a memory access per lookup otherwise, and
 * several can be under way together), px_strmap_intern_hashed then
 * interns it without hashing again. `hash` must be px_strmap_hash of the
 * key. */
uint32_t px_strmap_hash(const char *key, size_t len);
void px_strmap_prefetch(const px_strmap *map, uint32_t hash);
int px_strmap_intern_hashed(px_strmap *map, const char *key, size_t len,
                            uint32_t hash, uint32_t *id, int *added);

/* Looks n keys up at once: ids[i] is the id of keys[i] (lens[i] bytes),
 * or UINT32_MAX when it is absent. The same answers as n calls of
 * px_strmap_find, several times faster on a table larger than the caches
 * (see BATCH_MAX in strmap.c). */
void px_strmap_find_batch(const px_strmap *map, const char *const *keys,
                          const size_t *lens, size_t n, uint32_t *ids);

/* 1 and *id when key is present, else 0. */
int px_strmap_find(const px_strmap *map, const char *key, size_t len,
                   uint32_t *id);

/* Adds the keys of `from` with ids ids[0..n) as the next ids, in that
 * order, without looking them up, for a caller that already knows them
 * apart (an article's vocabulary, made from its stems' ids in the
 * analyzer's table of stems): nothing is hashed, and room is made for all
 * at once, to the exact size. The map's table goes, so that afterwards
 * it is read as a frozen map is (see px_strmap_freeze) and takes no
 * px_strmap_intern. Returns 0, PRECIS_ENOMEM (the map is then unchanged,
 * or only larger) or PRECIS_EINVAL (more keys than 32-bit ids). */
int px_strmap_push_ids(px_strmap *map, const px_strmap *from,
                       const uint32_t *ids, size_t n);

/* The key of an id, NUL-terminated; *len (may be NULL) gets its length.
 * BORROWED from map, and only until the next px_strmap_intern that adds a
 * key: the keys share one arena, which may move when it grows. */
const char *px_strmap_key(const px_strmap *map, uint32_t id, size_t *len);

size_t px_strmap_size(const px_strmap *map);

/* Ends interning: the key arena and the per-id array shrink to fit and
 * the hash table is freed, so a map that is only read by id (an
 * article's vocabulary once built) holds its keys and little else.
 * Afterwards only px_strmap_key, px_strmap_size, px_strmap_memory,
 * px_strmap_free and px_strmap_find (a scan of the keys then: for checks,
 * not for hot loops) may be called. Returns 0 or PRECIS_ENOMEM (the map is
 * then not frozen, and still valid). */
int px_strmap_freeze(px_strmap *map);

/* A frozen map made key by key from keys known to be distinct (say, a
 * frozen map's keys written out and read back): room for `keys` keys of
 * `key_bytes` bytes in all, and no hash table, so nothing is hashed.
 * px_strmap_append adds the next key (id 0, 1, 2...) without looking it
 * up; PRECIS_EINVAL when it exceeds the room asked for. Both return 0 or
 * PRECIS_ENOMEM; *out is OWNED: px_strmap_free. */
int px_strmap_new_frozen(size_t keys, size_t key_bytes, px_strmap **out);
int px_strmap_append(px_strmap *map, const char *key, size_t len);

/* All the keys at once, in id order, each followed by a NUL: *bytes gets
 * their length in all (key lengths + one per key). BORROWED as
 * px_strmap_key; NULL when *bytes is 0. */
const char *px_strmap_keys(const px_strmap *map, size_t *bytes);

/* A frozen map (as px_strmap_new_frozen) of the keys in bytes[0..len),
 * laid out as px_strmap_keys gives them: one copy of the bytes, nothing
 * hashed. They must be exactly `keys` keys, the last byte a NUL; a key
 * holding a NUL byte of its own does not come back. Returns 0,
 * PRECIS_EINVAL when the bytes hold some other number of keys, or
 * PRECIS_ENOMEM; *out is OWNED: px_strmap_free (NULL on failure). */
int px_strmap_new_keys(const char *bytes, size_t len, size_t keys,
                       px_strmap **out);

/* The bytes the map holds from the allocator: table, per-id array, key
 * arena and the map itself, by their capacities. */
size_t px_strmap_memory(const px_strmap *map);

/* 64-bit FNV-1a; exposed so that callers hashing the same bytes agree. */
uint64_t px_hash(const char *s, size_t len);

#endif
