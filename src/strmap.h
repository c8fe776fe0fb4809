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

/* 1 and *id when key is present, else 0. */
int px_strmap_find(const px_strmap *map, const char *key, size_t len,
                   uint32_t *id);

/* The key of an id, NUL-terminated; *len (may be NULL) gets its length.
 * BORROWED from map, and only until the next px_strmap_intern that adds a
 * key: the keys share one arena, which may move when it grows. */
const char *px_strmap_key(const px_strmap *map, uint32_t id, size_t *len);

size_t px_strmap_size(const px_strmap *map);

/* 64-bit FNV-1a; exposed so that callers hashing the same bytes agree. */
uint64_t px_hash(const char *s, size_t len);

#endif
