/* keyset.h: fixed sets of short words (1 to PX_KEYSET_MAX bytes), each
 * in a slot of its own, placed with a perfect hash ("hash and
 * displace"): a word's hash picks a bucket and a home slot, and the
 * bucket's displacement, chosen when the set is built so that no two
 * words share a slot, moves the home slot to the word's own. A lookup is
 * then a hash, the load of a displacement and one slot's compare, with
 * no branch on the answer: the probing of an open-addressing table
 * branched on every slot it compared, and running text, of which a set
 * of common words holds about half, made those branches guess wrong
 * about as often as right. A caller may keep what goes with each word in
 * an array of its own, indexed by the word's slot.
 *
 * A set is built once, then only read: threads may share it. */
#ifndef PRECIS_KEYSET_H
#define PRECIS_KEYSET_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The longest word a set holds: its key is 16 bytes, the last its
 * length. */
#define PX_KEYSET_MAX 15

/* Bits of the hash that pick a bucket. */
#define PX_KEYSET_BUCKET_BITS 12

typedef struct px_keyset {
    uint64_t *keys;      /* OWNED: 2 words a slot, both 0 when free */
    uint32_t *disp;      /* OWNED: per bucket, its displacement */
    size_t mask;         /* slots - 1 (a power of two) */
    size_t bucket_mask;  /* buckets - 1 (a power of two) */
    /* 64 less PX_KEYSET_BUCKET_BITS and the bits of a slot number: the
     * home slot is the hash's bits just below the bucket's. */
    unsigned home_shift;
    /* Mixed into every key's hash: two keys whose hashes agree in the
     * bits a bucket and a home slot take cannot be placed apart, and
     * another seed tells them apart. */
    uint64_t seed;
} px_keyset;

/* The first `len` (at most 16) of the 16 bytes at word, the rest zero,
 * as two 64-bit words in memory order: one load and a mask where copying
 * only the word's bytes takes a branch on its length. All 16 bytes must
 * be readable. */
static inline void px_key16(const char *word, size_t len, uint64_t key[2])
{
    static const unsigned char keep[32] = {
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    uint64_t mask[2];
    memcpy(key, word, 16);
    memcpy(mask, keep + 16 - len, 16);
    key[0] &= mask[0];
    key[1] &= mask[1];
}

/* A set's key of a word of 1 to PX_KEYSET_MAX bytes at word (16 bytes
 * readable from it): px_key16 of it, with len in its last byte. Two
 * words have the same key only when they are the same. */
static inline void px_keyset_key(const char *word, size_t len,
                                 uint64_t key[2])
{
    px_key16(word, len, key);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    key[1] |= (uint64_t)len;
#else
    key[1] |= (uint64_t)len << 56;
#endif
}

/* The hash of a key under a set's seed. Multiplicative (odd constants
 * from the golden ratio and a common 64-bit mixer): the top bits of the
 * product depend on every key bit. Its top PX_KEYSET_BUCKET_BITS pick
 * the bucket, the bits below them the home slot (so that two keys of one
 * bucket have home slots as unrelated as any two keys). */
static inline uint64_t px_keyset_hash(const uint64_t key[2], uint64_t seed)
{
    return (((key[0] ^ seed) * 0x9e3779b97f4a7c15ull) ^ key[1]) *
           0xff51afd7ed558ccdull;
}

/* The slot where key is, if the set holds it. */
static inline size_t px_keyset_slot(const px_keyset *set,
                                    const uint64_t key[2])
{
    uint64_t h = px_keyset_hash(key, set->seed);
    size_t bucket = (size_t)(h >> (64 - PX_KEYSET_BUCKET_BITS)) &
                    set->bucket_mask;
    return ((size_t)(h >> set->home_shift) ^ set->disp[bucket]) &
           set->mask;
}

/* 1 when slot `slot` holds key, else 0. */
static inline int px_keyset_holds(const px_keyset *set, size_t slot,
                                  const uint64_t key[2])
{
    const uint64_t *s = set->keys + 2 * slot;
    /* Both words' differences in one test, with no branch: an
     * instruction fewer than two tests joined by &. */
    return ((s[0] ^ key[0]) | (s[1] ^ key[1])) == 0;
}

/* 1 when the set holds key (px_keyset_key), else 0. */
static inline int px_keyset_has(const px_keyset *set, const uint64_t key[2])
{
    return px_keyset_holds(set, px_keyset_slot(set, key), key);
}

/* Builds *set (a zeroed px_keyset, or one px_keyset_free has cleared)
 * from count distinct keys (px_keyset_key). Tables of twice as many
 * slots as keys and more, each with a few seeds, are tried until every
 * key has a slot of its own. Returns 0; 1 when no size tried placed them all (never seen: only
 * keys chosen to defeat the hash could), the set then empty; or
 * PRECIS_ENOMEM. Either way the set is to be freed with px_keyset_free. */
int px_keyset_build(px_keyset *set, const uint64_t (*keys)[2], size_t count);

/* The number of slots (0 for an empty set). */
size_t px_keyset_slots(const px_keyset *set);

/* Frees the set's arrays and clears it. */
void px_keyset_free(px_keyset *set);

#endif
