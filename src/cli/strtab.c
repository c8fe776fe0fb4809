/* strtab.c: a table of distinct strings, each with a dense id (0, 1, 2...
 * in order of first sight), for commands that keep many strings of which
 * few are distinct: a quote reported by many files, a speaker's name.
 *
 * Strings are copied into chunks that never move, so a string stays where
 * it is for the table's life; the index is open addressing,
 * kept at most half full. Which slot a string lands in decides nothing
 * but speed: ids follow first sight. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Strings are stored in chunks of this size (longer ones alone). */
#define CHUNK_BYTES 65536u

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
    free(t->lens);
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

/* Doubles the index (or makes its first 64 slots) and reinserts. */
static void grow_index(cli_strtab *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 64, i, k;
    uint32_t *slots = cli_xmalloc(n * sizeof *slots);

    for (i = 0; i < n; i++)
        slots[i] = UINT32_MAX;
    for (k = 0; k < t->count; k++) {
        i = (size_t)hash_bytes(t->strs[k], t->lens[k]) & (n - 1);
        while (slots[i] != UINT32_MAX)
            i = (i + 1) & (n - 1);
        slots[i] = (uint32_t)k;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
}

uint32_t cli_strtab_intern(cli_strtab *t, const char *s, size_t len)
{
    size_t i;

    if ((t->count + 1) * 2 > t->nslots)
        grow_index(t);
    i = (size_t)hash_bytes(s, len) & (t->nslots - 1);
    while (t->slots[i] != UINT32_MAX) {
        uint32_t k = t->slots[i];

        if (t->lens[k] == len && memcmp(t->strs[k], s, len) == 0)
            return k;
        i = (i + 1) & (t->nslots - 1);
    }
    if (t->count == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->strs = cli_xrealloc(t->strs, t->cap * sizeof *t->strs);
        t->lens = cli_xrealloc(t->lens, t->cap * sizeof *t->lens);
    }
    t->strs[t->count] = store(t, s, len);
    t->lens[t->count] = len;
    t->slots[i] = (uint32_t)t->count;
    return (uint32_t)t->count++;
}

const char *cli_strtab_get(const cli_strtab *t, uint32_t id)
{
    return id < t->count ? t->strs[id] : NULL;
}
