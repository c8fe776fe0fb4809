/* keyset.c: building a perfect-hash set of short words (keyset.h). */
#include "keyset.h"

#include "alloc.h"
#include "precis.h"

/* What a build works with: per key, its bucket and home slot; per
 * bucket, its keys' count, where its keys start in `order`, and the
 * buckets in the order they are placed; per slot, whether it is taken. */
typedef struct build {
    const uint64_t (*keys)[2];
    size_t count;
    size_t *bucket, *home, *order;   /* per key */
    size_t *sizes, *starts, *buckets; /* per bucket */
    unsigned char *used;             /* per slot */
} build;

/* Bits of a slot number, to start with: slots at least a quarter more
 * than the keys, so that the buckets placed last still find free slots
 * (a displacement can only send a bucket's keys to as many places as
 * there are slots), and at least 16. A set is read at random, once for
 * each word of a text: the fewer slots, the more of them stay in the
 * first-level cache. */
static unsigned first_slot_bits(size_t count)
{
    unsigned bits = 4;
    while (((size_t)1 << bits) < count + count / 4)
        bits++;
    return bits;
}

/* Tries to place every key in a slot of its own with a table of 2^bits
 * slots and 2^bucket_bits buckets: the buckets with most keys first, each
 * with the first displacement under which all its keys land on free
 * slots. Returns 1 and fills the table on success, 0 when some bucket
 * found no displacement (or two of its keys share a home slot, which no
 * displacement separates). */
static int try_place(px_keyset *set, build *b, unsigned bits,
                     unsigned bucket_bits, uint64_t seed)
{
    size_t slots = (size_t)1 << bits, mask = slots - 1;
    size_t nb = (size_t)1 << bucket_bits;
    unsigned home_shift = 64 - PX_KEYSET_BUCKET_BITS - bits;
    memset(b->sizes, 0, nb * sizeof *b->sizes);
    for (size_t k = 0; k < b->count; k++) {
        uint64_t h = px_keyset_hash(b->keys[k], seed);
        b->bucket[k] = (size_t)(h >> (64 - PX_KEYSET_BUCKET_BITS)) & (nb - 1);
        b->home[k] = (size_t)(h >> home_shift) & mask;
        b->sizes[b->bucket[k]]++;
    }
    /* The keys grouped by bucket (a counting sort). */
    size_t at = 0;
    for (size_t i = 0; i < nb; i++) {
        b->starts[i] = at;
        at += b->sizes[i];
    }
    for (size_t k = 0; k < b->count; k++)
        b->order[b->starts[b->bucket[k]]++] = k;
    for (size_t i = 0; i < nb; i++)
        b->starts[i] -= b->sizes[i];
    /* The buckets by falling size (a counting sort again: sizes are
     * below the key count). */
    size_t most = 0;
    for (size_t i = 0; i < nb; i++)
        if (b->sizes[i] > most)
            most = b->sizes[i];
    size_t placed = 0;
    for (size_t size = most; size > 0; size--)
        for (size_t i = 0; i < nb; i++)
            if (b->sizes[i] == size)
                b->buckets[placed++] = i;
    memset(b->used, 0, slots);
    memset(set->disp, 0, nb * sizeof *set->disp);
    for (size_t p = 0; p < placed; p++) {
        size_t i = b->buckets[p];
        const size_t *keys = b->order + b->starts[i];
        size_t n = b->sizes[i];
        for (size_t x = 0; x < n; x++)
            for (size_t y = x + 1; y < n; y++)
                if (b->home[keys[x]] == b->home[keys[y]])
                    return 0;
        size_t d = 0;
        for (; d < slots; d++) {
            size_t x = 0;
            while (x < n && !b->used[b->home[keys[x]] ^ d])
                x++;
            if (x == n)
                break;
        }
        if (d == slots)
            return 0;
        set->disp[i] = (uint32_t)d;
        for (size_t x = 0; x < n; x++)
            b->used[b->home[keys[x]] ^ d] = 1;
    }
    set->mask = mask;
    set->bucket_mask = nb - 1;
    set->home_shift = home_shift;
    set->seed = seed;
    memset(set->keys, 0, slots * sizeof *set->keys * 2);
    for (size_t k = 0; k < b->count; k++) {
        uint64_t *slot =
            set->keys + 2 * ((b->home[k] ^ set->disp[b->bucket[k]]) & mask);
        slot[0] = b->keys[k][0];
        slot[1] = b->keys[k][1];
    }
    return 1;
}

static void build_free(build *b)
{
    px_free(b->bucket);
    px_free(b->home);
    px_free(b->order);
    px_free(b->sizes);
    px_free(b->starts);
    px_free(b->buckets);
    px_free(b->used);
}

/* Table sizes tried, each twice the one before; per size, seeds (0
 * first), and per seed, bucket counts: a quarter of the slots (about
 * two keys a bucket, which almost always does), then an eighth and a
 * half; never more buckets than PX_KEYSET_BUCKET_BITS can number. Home
 * slots come from the hash's bits below the bucket's, so a slot number
 * has at most 64 less those bits. */
#define SIZES_TRIED 6
#define SEEDS_TRIED 8
static const unsigned bucket_less[] = {2, 3, 1};

/* Reallocates *p to n items of `size` bytes. Returns 0 or PRECIS_ENOMEM
 * (then *p is untouched). */
static int resize(void **p, size_t n, size_t size)
{
    void *q = px_realloc(*p, n * size);
    if (!q)
        return PRECIS_ENOMEM;
    *p = q;
    return 0;
}

/* Room for a table of 2^bits slots, its buckets and the scratch that
 * goes with them. Returns 0 or PRECIS_ENOMEM. */
static int size_table(px_keyset *set, build *b, unsigned bits)
{
    size_t slots = (size_t)1 << bits, nb = slots / 2;
    if (resize((void **)&set->keys, slots, 2 * sizeof *set->keys) ||
        resize((void **)&set->disp, nb, sizeof *set->disp) ||
        resize((void **)&b->used, slots, 1) ||
        resize((void **)&b->sizes, nb, sizeof *b->sizes) ||
        resize((void **)&b->starts, nb, sizeof *b->starts) ||
        resize((void **)&b->buckets, nb, sizeof *b->buckets))
        return PRECIS_ENOMEM;
    return 0;
}

int px_keyset_build(px_keyset *set, const uint64_t (*keys)[2], size_t count)
{
    size_t n = count ? count : 1;
    build b;
    memset(&b, 0, sizeof b);
    b.keys = keys;
    b.count = count;
    b.bucket = px_malloc(n * sizeof *b.bucket);
    b.home = px_malloc(n * sizeof *b.home);
    b.order = px_malloc(n * sizeof *b.order);
    if (!b.bucket || !b.home || !b.order) {
        build_free(&b);
        return PRECIS_ENOMEM;
    }
    int rc = 1;
    unsigned first = first_slot_bits(count);
    for (unsigned bits = first; rc == 1 && bits < first + SIZES_TRIED &&
                                bits <= 64 - PX_KEYSET_BUCKET_BITS;
         bits++) {
        if (size_table(set, &b, bits) != 0) {
            rc = PRECIS_ENOMEM;
            break;
        }
        for (unsigned s = 0; rc == 1 && s < SEEDS_TRIED; s++) {
            uint64_t seed = s * 0xc2b2ae3d27d4eb4full;
            for (size_t k = 0;
                 k < sizeof bucket_less / sizeof bucket_less[0]; k++) {
                unsigned bucket_bits = bits - bucket_less[k];
                if (bucket_bits > PX_KEYSET_BUCKET_BITS)
                    bucket_bits = PX_KEYSET_BUCKET_BITS;
                if (try_place(set, &b, bits, bucket_bits, seed)) {
                    rc = 0;
                    break;
                }
            }
        }
    }
    build_free(&b);
    if (rc)
        px_keyset_free(set);
    return rc;
}

size_t px_keyset_slots(const px_keyset *set)
{
    return set->keys ? set->mask + 1 : 0;
}

void px_keyset_free(px_keyset *set)
{
    px_free(set->keys);
    px_free(set->disp);
    memset(set, 0, sizeof *set);
}
