/* strtab.c: a table of distinct strings, each with a dense id (0, 1, 2...
 * in order of first sight), for commands that keep many strings of which
 * few are distinct: a quote reported by many files, a speaker's name.
 *
 * Strings are copied into chunks that never move, so a string stays where
 * it is for the table's life; the index is open addressing, kept at most
 * half full. A slot holds the high half of its string's hash with the
 * id: its top bits are the home slot, so the index grows without reading
 * a string again, and the rest turns away nearly every other string met
 * on the way without a look at its length or bytes, which a large corpus
 * has long out of cache. Which slot a string lands in decides nothing
 * but speed: ids follow first sight. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Strings are stored in chunks of this size (longer ones alone). */
#define CHUNK_BYTES 65536u

struct cli_strtab_str {
    char *s; /* NUL-terminated */
    size_t len;
};

/* A free slot. Ids stay below UINT32_MAX, so no used slot is this. */
#define FREE_SLOT UINT64_MAX

typedef struct strtab_chunk {
    struct strtab_chunk *next;
    size_t used, cap;
    char data[];
} strtab_chunk;

/* Eight bytes a multiply (quotes are long strings; a byte a multiply, as
 * FNV-1a takes, showed in profiles), then a final mix so that the low
 * bits that pick a slot depend on every byte. */
static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ len;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t v;

        memcpy(&v, s + i, 8);
        h = (h ^ v) * 0xff51afd7ed558ccdull;
        h ^= h >> 29;
    }
    for (; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

void cli_strtab_init(cli_strtab *t)
{
    memset(t, 0, sizeof *t);
}

void cli_strtab_free(cli_strtab *t)
{
    strtab_chunk *c = t->chunks;

    while (c) {
        strtab_chunk *next = c->next;

        free(c);
        c = next;
    }
    free(t->strs);
    free(t->slots);
    cli_strtab_init(t);
}

/* A copy of s[0..len) and a NUL that never moves. */
static char *store(cli_strtab *t, const char *s, size_t len)
{
    strtab_chunk *c = t->chunks;
    char *p;

    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > CHUNK_BYTES ? len + 1 : CHUNK_BYTES;

        c = cli_xmalloc(sizeof *c + cap);
        c->next = t->chunks;
        c->used = 0;
        c->cap = cap;
        t->chunks = c;
    }
    p = c->data + c->used;
    memcpy(p, s, len);
    p[len] = '\0';
    c->used += len + 1;
    return p;
}

/* The slot a string whose hash has high half `tag` starts from, in an
 * index of 1 << bits slots (past 2^32 slots, every few of them). */
static size_t home_slot(uint32_t tag, unsigned bits)
{
    return bits <= 32 ? (size_t)(tag >> (32 - bits))
                      : (size_t)tag << (bits - 32);
}

/* Doubles the index (or makes its first 64 slots) and reinserts: each
 * slot's tag tells its new home. */
static void grow_index(cli_strtab *t)
{
    unsigned bits = t->nslots ? t->slot_bits + 1 : 6;
    size_t n = (size_t)1 << bits, i, k;
    uint64_t *slots = cli_xmalloc(n * sizeof *slots);

    for (i = 0; i < n; i++)
        slots[i] = FREE_SLOT;
    for (k = 0; k < t->nslots; k++) {
        uint64_t v = t->slots[k];

        if (v == FREE_SLOT)
            continue;
        i = home_slot((uint32_t)(v >> 32), bits);
        while (slots[i] != FREE_SLOT)
            i = (i + 1) & (n - 1);
        slots[i] = v;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    t->slot_bits = bits;
}

uint64_t cli_strtab_hash(const char *s, size_t len)
{
    return hash_bytes(s, len);
}

void cli_strtab_prefetch(const cli_strtab *t, uint64_t hash)
{
#if defined(__GNUC__)
    if (t->nslots)
        __builtin_prefetch(&t->slots[home_slot((uint32_t)(hash >> 32),
                                               t->slot_bits)]);
#else
    (void)t;
    (void)hash;
#endif
}

uint32_t cli_strtab_intern(cli_strtab *t, const char *s, size_t len)
{
    return cli_strtab_intern_hashed(t, s, len, hash_bytes(s, len));
}

uint32_t cli_strtab_intern_hashed(cli_strtab *t, const char *s, size_t len,
                                  uint64_t hash)
{
    size_t i;
    uint64_t v;
    uint32_t tag = (uint32_t)(hash >> 32);

    if ((t->count + 1) * 2 > t->nslots)
        grow_index(t);
    i = home_slot(tag, t->slot_bits);
    while ((v = t->slots[i]) != FREE_SLOT) {
        uint32_t k = (uint32_t)v;

        if ((uint32_t)(v >> 32) == tag && t->strs[k].len == len &&
            memcmp(t->strs[k].s, s, len) == 0)
            return k;
        i = (i + 1) & (t->nslots - 1);
    }
    if (t->count == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->strs = cli_xrealloc(t->strs, t->cap * sizeof *t->strs);
    }
    t->strs[t->count].s = store(t, s, len);
    t->strs[t->count].len = len;
    t->slots[i] = (uint64_t)tag << 32 | t->count;
    return (uint32_t)t->count++;
}

const char *cli_strtab_get(const cli_strtab *t, uint32_t id)
{
    return id < t->count ? t->strs[id].s : NULL;
}
