/* idf_format.c: the saved form of IDF models, made to be used in place.
 *
 * Version 2, every integer little-endian:
 *
 *   offset  size
 *        0    10  "PRECISIDF\0"
 *       10     4  u32 version, 2
 *       14     4  u32 flags; none defined, any bit set is a newer format
 *       18     4  u32 L, the language name's length, 1..64
 *       22    64  the language name, zero bytes after its L
 *       86     2  zero
 *       88     8  u64 documents
 *       96     8  u64 n, the number of terms
 *      104     8  u64 S, the number of index slots
 *      112     8  u64 K, the bytes of the key section
 *      120   4 S  index: S x u32, term number + 1, or 0 for an empty slot
 *            W n  n x df, each 1..documents: u32 (W = 4) when documents
 *                 is below 2^32, else u64 (W = 8)
 *            4 n  n x u32 offset of the term's key in the key section
 *              K  keys: every term's bytes, each followed by a NUL
 *            0-7  zero bytes, to a multiple of 8
 *              8  u64 px_idf_checksum of every byte before it
 *
 * Terms are in bytewise order of their keys (distinct, df >= 1). The
 * index is open addressing with linear probing from slot
 * px_idf_key_hash(key) mod S, the terms inserted in order. Both hashes
 * defined below, the index's and the checksum's, are part of the format.
 * S is the smallest power of two of at least 2
 * and 2 n (so at most half the slots are taken) in which no run of taken
 * slots is longer than MAX_RUN, which bounds every lookup even in a
 * crafted file. All of it is a function of the counts alone: equal models
 * give equal bytes, whatever order documents were added or shards merged
 * in.
 *
 * A model is read in place: px_idf_view_open checks the sizes against the
 * length, the checksum, and then every slot, df and offset in one pass,
 * which is all a lookup relies on. */
#include "idf_format.h"

#include <string.h>

#include "alloc.h"
#include "precis.h"
#include "prefetch.h"
#include "utf8.h"

const char px_idf_magic[PX_IDF_MAGIC_LEN] = "PRECISIDF"; /* and its NUL */

#define HEADER_SIZE 120u
#define LANG_AT 18u
#define DOCUMENTS_AT 88u
#define TERMS_AT 96u
#define SLOTS_AT 104u
#define KEY_BYTES_AT 112u

/* The longest run of taken index slots a model may have. At most half the
 * slots taken, runs of 50 are already rare in a table of millions; a
 * writer that meets a longer one doubles the slots. */
#define MAX_RUN 128u

/* ---- byte order ---- */

/* The last 1..7 bytes of something, as the low bytes of a word. */
static uint64_t le_tail(const unsigned char *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* ---- hashes ---- */

/* Odd constants with well mixed bits (the first is 2^64 / phi). */
#define K1 0x9E3779B97F4A7C15ull
#define K2 0xD6E8FEB86659FD93ull
#define K3 0xA0761D6478BD642Full

static uint64_t rotl64(uint64_t v, unsigned r)
{
    return (v << r) | (v >> (64 - r));
}

/* Spreads every input bit over the whole word. */
static uint64_t finish(uint64_t h)
{
    h ^= h >> 32;
    h *= K2;
    h ^= h >> 29;
    h *= K3;
    h ^= h >> 32;
    return h;
}

uint64_t px_idf_key_hash(const char *key, size_t len)
{
    const unsigned char *p = (const unsigned char *)key;
    uint64_t h = K3 ^ ((uint64_t)len * K1);
    for (; len >= 8; p += 8, len -= 8) {
        h = (h ^ px_le64(p)) * K1;
        h ^= h >> 32;
    }
    if (len) {
        h = (h ^ le_tail(p, len)) * K1;
        h ^= h >> 32;
    }
    return finish(h);
}

/* One 8-byte word into one lane: one multiply, the rotation bringing the
 * high bits it makes back to the low ones. Each step is a bijection of
 * the lane and of the word, so a change to one word always changes the
 * result. Four lanes are independent, so their multiplies overlap:
 * several GB/s, against one byte per multiply for a byte-at-a-time
 * hash. */
static uint64_t lane(uint64_t acc, uint64_t word)
{
    return rotl64(acc ^ word, 29) * K1;
}

/* The checksum as a stream: the same value whatever pieces the bytes
 * come in, so that a model can be checked piece by piece, each piece
 * looked at while it is in the cache. */
typedef struct sum_state {
    uint64_t a[4];
    unsigned char held[32]; /* the start of a block not yet complete */
    size_t held_len;
    uint64_t total;
} sum_state;

static void sum_init(sum_state *st)
{
    st->a[0] = K1;
    st->a[1] = K2;
    st->a[2] = K3;
    st->a[3] = 0;
    st->held_len = 0;
    st->total = 0;
}

/* Whole 32-byte blocks, one word into each lane. */
static void sum_blocks(sum_state *st, const unsigned char *p, size_t blocks)
{
    uint64_t a0 = st->a[0], a1 = st->a[1], a2 = st->a[2], a3 = st->a[3];
    for (; blocks > 0; blocks--, p += 32) {
        a0 = lane(a0, px_le64(p));
        a1 = lane(a1, px_le64(p + 8));
        a2 = lane(a2, px_le64(p + 16));
        a3 = lane(a3, px_le64(p + 24));
    }
    st->a[0] = a0;
    st->a[1] = a1;
    st->a[2] = a2;
    st->a[3] = a3;
}

static void sum_update(sum_state *st, const unsigned char *p, size_t n)
{
    st->total += n;
    if (st->held_len) {
        size_t take = 32 - st->held_len < n ? 32 - st->held_len : n;
        memcpy(st->held + st->held_len, p, take);
        st->held_len += take;
        p += take;
        n -= take;
        if (st->held_len < 32)
            return;
        sum_blocks(st, st->held, 1);
        st->held_len = 0;
    }
    sum_blocks(st, p, n / 32);
    if (n % 32) {
        memcpy(st->held, p + n - n % 32, n % 32);
        st->held_len = n % 32;
    }
}

static uint64_t sum_final(sum_state *st)
{
    if (st->held_len) {
        /* The last 1..31 bytes, padded with zeros to a block. */
        memset(st->held + st->held_len, 0, 32 - st->held_len);
        sum_blocks(st, st->held, 1);
    }
    uint64_t h = rotl64(st->a[0], 1) + rotl64(st->a[1], 7) +
                 rotl64(st->a[2], 12) + rotl64(st->a[3], 18);
    return finish(h ^ st->total * K3);
}

uint64_t px_idf_checksum(const void *bytes, size_t len)
{
    sum_state st;
    sum_init(&st);
    sum_update(&st, bytes, len);
    return sum_final(&st);
}

int px_idf_valid_lang(const char *s, size_t len)
{
    if (len == 0 || len > PX_IDF_MAX_LANG)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

/* ---- the index ---- */

/* The bytes a df takes in a model of that many documents (every df is at
 * most documents): most models have small counts, and half the bytes
 * are half the pages to map and the bytes to check. */
static size_t df_width(uint64_t documents)
{
    return documents <= UINT32_MAX ? 4 : 8;
}

/* The bytes before the checksum are padded to a multiple of 8 (the
 * header and the index take a multiple of 8). */
static size_t padding(size_t terms, size_t width, size_t key_bytes)
{
    return (8 - ((width + 4) * (terms % 8) + key_bytes % 8) % 8) % 8;
}

static size_t smallest_slots(size_t terms)
{
    size_t s = 2;
    while (s / 2 < terms)
        s *= 2;
    return s;
}

/* The longest run of taken slots, counting a run that wraps around the
 * end as one. `taken` is 0 for an empty slot. */
static size_t longest_run(const uint32_t *taken, size_t s)
{
    size_t lead = 0;
    while (lead < s && taken[lead])
        lead++;
    if (lead == s)
        return s;
    size_t best = lead, run = 0;
    for (size_t j = lead; j < s; j++) {
        run = taken[j] ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return run + lead > best ? run + lead : best;
}


/* Terms are placed this many at a time: hashed, their home slots asked
 * for, then placed, so that the slot misses of a large table overlap. */
#define PLACE_BATCH 32

/* Fills slots[0..s) (zeroed by the caller) with the terms in order. */
static void place_terms(const px_idf_term *terms, size_t count,
                        uint32_t *slots, size_t s)
{
    size_t home[PLACE_BATCH];
    for (size_t done = 0; done < count;) {
        size_t m = count - done < PLACE_BATCH ? count - done : PLACE_BATCH;
        for (size_t k = 0; k < m; k++) {
            const px_idf_term *t = &terms[done + k];
            home[k] = (size_t)px_idf_key_hash(t->key, t->len) & (s - 1);
            px_prefetch(&slots[home[k]]);
        }
        for (size_t k = 0; k < m; k++) {
            size_t j = home[k];
            while (slots[j])
                j = (j + 1) & (s - 1);
            slots[j] = (uint32_t)(done + k + 1);
        }
        done += m;
    }
}

/* The index of the terms, as the format defines it. *out OWNED: px_free;
 * *slot_count gets S. */
static int build_index(const px_idf_term *terms, size_t count,
                       uint32_t **out, size_t *slot_count)
{
    for (size_t s = smallest_slots(count);; s *= 2) {
        if (s > SIZE_MAX / 8)
            return PRECIS_ENOMEM;
        uint32_t *slots = px_calloc(s, sizeof *slots);
        if (!slots)
            return PRECIS_ENOMEM;
        place_terms(terms, count, slots, s);
        if (longest_run(slots, s) <= MAX_RUN) {
            *out = slots;
            *slot_count = s;
            return PRECIS_OK;
        }
        px_free(slots);
    }
}

int px_idf_term_compare(const void *a, const void *b)
{
    const px_idf_term *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->key, y->key, n) : 0;
    if (c)
        return c;
    return (x->len > y->len) - (x->len < y->len);
}

/* ---- writing ---- */

int px_idf_write(const char *lang, uint64_t documents,
                 const px_idf_term *terms, size_t count, char **out,
                 size_t *out_len)
{
    size_t lang_len = strlen(lang);
    uint64_t key_bytes = 0;
    for (size_t i = 0; i < count; i++)
        key_bytes += (uint64_t)terms[i].len + 1;
    /* Offsets are 32-bit, and so are the slots' term numbers. */
    if (lang_len == 0 || lang_len > PX_IDF_MAX_LANG ||
        key_bytes > (uint64_t)UINT32_MAX + 1 || count >= UINT32_MAX)
        return PRECIS_EINVAL;
    uint32_t *index;
    size_t s;
    int rc = build_index(terms, count, &index, &s);
    if (rc)
        return rc;
    size_t k = (size_t)key_bytes, w = df_width(documents);
    size_t size = HEADER_SIZE + 4 * s + (w + 4) * count + k +
                  padding(count, w, k) + 8;
    unsigned char *buf = px_calloc(1, size);
    if (!buf) {
        px_free(index);
        return PRECIS_ENOMEM;
    }
    memcpy(buf, px_idf_magic, PX_IDF_MAGIC_LEN);
    px_put_le32(buf + 10, PX_IDF_VERSION);
    px_put_le32(buf + LANG_AT, (uint32_t)lang_len);
    memcpy(buf + LANG_AT + 4, lang, lang_len);
    px_put_le64(buf + DOCUMENTS_AT, documents);
    px_put_le64(buf + TERMS_AT, count);
    px_put_le64(buf + SLOTS_AT, s);
    px_put_le64(buf + KEY_BYTES_AT, key_bytes);
    unsigned char *p = buf + HEADER_SIZE;
    for (size_t j = 0; j < s; j++, p += 4)
        px_put_le32(p, index[j]);
    px_free(index);
    for (size_t i = 0; i < count; i++, p += w) {
        if (w == 4)
            px_put_le32(p, (uint32_t)terms[i].df);
        else
            px_put_le64(p, terms[i].df);
    }
    uint32_t offset = 0;
    for (size_t i = 0; i < count; i++, p += 4) {
        px_put_le32(p, offset);
        offset += (uint32_t)terms[i].len + 1;
    }
    for (size_t i = 0; i < count; i++) {
        if (terms[i].len)
            memcpy(p, terms[i].key, terms[i].len);
        p += terms[i].len + 1; /* the NUL is already there */
    }
    px_put_le64(buf + size - 8, px_idf_checksum(buf, size - 8));
    *out = (char *)buf;
    *out_len = size;
    return PRECIS_OK;
}

/* ---- reading in place ---- */

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

/* The length of the run of taken slots through slot j (taken), at most
 * MAX_RUN + 1: enough to tell whether it is too long. */
static size_t run_through(const px_idf_view *v, size_t j)
{
    size_t run = 1, mask = v->slot_mask;
    for (size_t i = (j - 1) & mask; run <= MAX_RUN && px_le32(v->slots + 4 * i);
         i = (i - 1) & mask)
        run++;
    for (size_t i = (j + 1) & mask; run <= MAX_RUN && px_le32(v->slots + 4 * i);
         i = (i + 1) & mask)
        run++;
    return run;
}

/* Slots are checked a block at a time (S is a power of two of at least
 * 2, so a block is all of S or divides it). */
#define SLOT_BLOCK 64u

/* The bytes are hashed and checked PIECE at a time (a multiple of the
 * slot block, and of 8), each piece checked while it is in the cache:
 * one pass over memory instead of one for the checksum and one per
 * check. */
#define PIECE 16384u

/* What the pass over a model has found so far. */
typedef struct check_state {
    const px_idf_view *v;
    sum_state sum;
    size_t taken;     /* slots taken */
    uint64_t bad;     /* nonzero once anything is wrong */
    uint32_t prev;    /* the last key offset seen */
} check_state;

/* Slots [first, first + count), whole blocks: every slot names a term or
 * nothing, and no run of taken slots is longer than MAX_RUN, so that a
 * probe always meets an empty slot within MAX_RUN + 1 steps. A run that
 * long fills at least one whole block, so only around full blocks are
 * runs measured; the rest is a plain pass, which compilers vectorize. */
static void check_slots(check_state *c, size_t first, size_t count)
{
    const px_idf_view *v = c->v;
    size_t s = v->slot_mask + 1;
    size_t block = s < SLOT_BLOCK ? s : SLOT_BLOCK;
    uint32_t terms = (uint32_t)v->terms, over = 0;
    for (size_t b = first; b < first + count; b += block) {
        /* 32-bit counts and flags, so that the vector lanes hold 4 slots
         * each. */
        uint32_t in_block = 0;
        for (size_t j = b; j < b + block; j++) {
            uint32_t t = px_le32(v->slots + 4 * j);
            over |= (uint32_t)(t > terms);
            in_block += (uint32_t)(t != 0);
        }
        c->taken += in_block;
        if (in_block == block && run_through(v, b) > MAX_RUN)
            c->bad = 1;
    }
    c->bad |= over;
}

/* Each df is 1..documents: df - 1 below documents, in one unsigned
 * comparison (df 0 wraps round to the largest value). */
static void check_dfs(check_state *c, size_t first, size_t count)
{
    const unsigned char *d = c->v->dfs;
    if (c->v->df_width == 4) {
        uint32_t bad = 0, documents = (uint32_t)c->v->documents;
        for (size_t i = first; i < first + count; i++)
            bad |= (uint32_t)(px_le32(d + 4 * i) - 1 >= documents);
        c->bad |= bad;
        return;
    }
    uint64_t bad = 0, documents = c->v->documents;
    for (size_t i = first; i < first + count; i++)
        bad |= (uint64_t)(px_le64(d + 8 * i) - 1 >= documents);
    c->bad |= bad;
}

/* Key offsets strictly increase from 0, the last below K, and the byte
 * before each (and the last of the section) is a NUL: every key lies in
 * the key section and ends in a NUL. The order and bounds of a piece are
 * checked first, in a pass compilers vectorize, and only then its key
 * ends read. */
static void check_offsets(check_state *c, size_t first, size_t count)
{
    const unsigned char *o = c->v->offsets;
    const unsigned char *keys = (const unsigned char *)c->v->keys;
    size_t k = c->v->key_bytes, last = first + count - 1;
    uint64_t bad = first == 0 ? px_le32(o) != 0
                              : px_le32(o + 4 * first) <= c->prev;
    for (size_t i = first + 1; i <= last; i++)
        bad |= (uint64_t)(px_le32(o + 4 * i) <= px_le32(o + 4 * (i - 1)));
    /* Increasing, so the piece's last offset bounds them all. */
    c->prev = px_le32(o + 4 * last);
    bad |= (uint64_t)(c->prev >= k);
    if (bad) {
        c->bad = 1;
        return;
    }
    unsigned char nul = last + 1 == c->v->terms ? keys[k - 1] : 0;
    for (size_t i = first == 0 ? 1 : first; i <= last; i++)
        nul |= keys[px_le32(o + 4 * i) - 1];
    c->bad |= nul;
}

typedef void (*check_fn)(check_state *c, size_t first, size_t count);

/* Hashes a section of `count` items of `size` bytes at p, checking each
 * piece with `check` (may be NULL) after hashing it. */
static void pass_section(check_state *c, const unsigned char *p, size_t count,
                         size_t size, check_fn check)
{
    size_t per = PIECE / size;
    for (size_t first = 0; first < count; first += per) {
        size_t m = count - first < per ? count - first : per;
        sum_update(&c->sum, p + first * size, m * size);
        if (check && !c->bad)
            check(c, first, m);
    }
}

/* The header's own fields: language, zeros, slot count. */
static int header_ok(const unsigned char *bytes, uint64_t n, uint64_t s)
{
    uint32_t lang_len = px_le32(bytes + LANG_AT);
    const char *lang = (const char *)bytes + LANG_AT + 4;
    if (!px_idf_valid_lang(lang, lang_len) ||
        !all_zero(bytes + LANG_AT + 4 + lang_len,
                  DOCUMENTS_AT - (LANG_AT + 4 + lang_len)))
        return 0;
    /* A power of two, at least 2, at most half full. */
    return s >= 2 && (s & (s - 1)) == 0 && n <= s / 2;
}

/* Hashes and checks the sections of a model whose header is good; 1 when
 * the structure is good, and *sum the checksum. */
static int hash_and_check(const unsigned char *bytes, size_t len,
                          const px_idf_view *v, uint64_t *sum)
{
    check_state c;
    memset(&c, 0, sizeof c);
    c.v = v;
    sum_init(&c.sum);
    sum_update(&c.sum, bytes, HEADER_SIZE);
    pass_section(&c, v->slots, v->slot_mask + 1, 4, check_slots);
    c.bad |= (uint64_t)(c.taken != v->terms);
    pass_section(&c, v->dfs, v->terms, v->df_width, check_dfs);
    pass_section(&c, v->offsets, v->terms, 4, check_offsets);
    if (v->terms == 0)
        c.bad |= v->key_bytes != 0;
    const unsigned char *keys = (const unsigned char *)v->keys;
    sum_update(&c.sum, keys, v->key_bytes);
    const unsigned char *rest = keys + v->key_bytes;
    size_t pad = (size_t)(bytes + len - 8 - rest);
    sum_update(&c.sum, rest, pad);
    *sum = sum_final(&c.sum);
    return !c.bad && all_zero(rest, pad);
}

int px_idf_view_open(const unsigned char *bytes, size_t len,
                     px_idf_view *view)
{
    if (len < HEADER_SIZE + 8)
        return PRECIS_EFORMAT;
    uint64_t documents = px_le64(bytes + DOCUMENTS_AT);
    uint64_t n = px_le64(bytes + TERMS_AT);
    uint64_t s = px_le64(bytes + SLOTS_AT);
    uint64_t k = px_le64(bytes + KEY_BYTES_AT);
    size_t w = df_width(documents);
    /* Each bounded by the length first, so the sum below cannot wrap. */
    int sized = s <= len / 4 && n <= len / (w + 4) && k <= len &&
                HEADER_SIZE + 4 * s + (w + 4) * n + k +
                        padding((size_t)n, w, (size_t)k) + 8 ==
                    len;
    int good = sized && header_ok(bytes, n, s);
    uint64_t sum;
    if (good) {
        memset(view, 0, sizeof *view);
        memcpy(view->lang, bytes + LANG_AT + 4, px_le32(bytes + LANG_AT));
        view->documents = documents;
        view->terms = (size_t)n;
        view->slot_mask = (size_t)s - 1;
        view->df_width = (unsigned)w;
        view->slots = bytes + HEADER_SIZE;
        view->dfs = view->slots + 4 * s;
        view->offsets = view->dfs + w * n;
        view->keys = (const char *)view->offsets + 4 * n;
        view->key_bytes = (size_t)k;
        good = hash_and_check(bytes, len, view, &sum);
    } else {
        sum = px_idf_checksum(bytes, len - 8);
    }
    /* The checksum is judged first, the flags next: a later writer's
     * flag may well change what the rest looks like. */
    if (px_le64(bytes + len - 8) != sum)
        return PRECIS_EFORMAT;
    /* Flags are for features a later writer may add; this version defines
     * none, so a set bit means a model this reader does not understand. */
    if (px_le32(bytes + 14) != 0)
        return PRECIS_EVERSION;
    return good ? PRECIS_OK : PRECIS_EFORMAT;
}

/* Probes from slot j; px_idf_view_open made sure an empty slot comes. */
static size_t probe(const px_idf_view *v, const char *key, size_t len,
                    size_t j)
{
    for (;; j = (j + 1) & v->slot_mask) {
        uint32_t t = px_le32(v->slots + 4 * j);
        if (t == 0)
            return SIZE_MAX;
        size_t n;
        const char *k = px_idf_view_key(v, t - 1, &n);
        if (n == len && (len == 0 || memcmp(k, key, len) == 0))
            return t - 1;
    }
}

size_t px_idf_view_find(const px_idf_view *view, const char *key, size_t len)
{
    return probe(view, key, len,
                 (size_t)px_idf_key_hash(key, len) & view->slot_mask);
}

/* Lookups under way together (see px_idf_view_find_batch). */
#define FIND_BATCH 16

void px_idf_view_find_batch(const px_idf_view *view, const char *const *keys,
                            const size_t *lens, size_t n, size_t *terms)
{
    size_t home[FIND_BATCH];
    for (size_t done = 0; done < n;) {
        size_t m = n - done < FIND_BATCH ? n - done : FIND_BATCH;
        /* Each step of the m lookups in turn, asking ahead for what the
         * next step reads: the slot, then the term's offset and df, then
         * its key. */
        for (size_t k = 0; k < m; k++) {
            home[k] = (size_t)px_idf_key_hash(keys[done + k], lens[done + k]) &
                      view->slot_mask;
            px_prefetch(view->slots + 4 * home[k]);
        }
        for (size_t k = 0; k < m; k++) {
            uint32_t t = px_le32(view->slots + 4 * home[k]);
            if (t) {
                px_prefetch(view->offsets + 4 * (t - 1));
                px_prefetch(view->dfs + view->df_width * (t - 1));
            }
        }
        for (size_t k = 0; k < m; k++) {
            uint32_t t = px_le32(view->slots + 4 * home[k]);
            if (t)
                px_prefetch(view->keys + px_le32(view->offsets + 4 * (t - 1)));
        }
        for (size_t k = 0; k < m; k++)
            terms[done + k] =
                probe(view, keys[done + k], lens[done + k], home[k]);
        done += m;
    }
}

/* ---- canonical form ---- */

int px_idf_view_canonical(const px_idf_view *view)
{
    size_t n = view->terms;
    px_idf_term *terms = px_malloc((n ? n : 1) * sizeof *terms);
    if (!terms)
        return PRECIS_ENOMEM;
    int rc = PRECIS_OK;
    for (size_t i = 0; i < n && rc == PRECIS_OK; i++) {
        px_idf_term *t = &terms[i];
        t->key = px_idf_view_key(view, i, &t->len);
        t->df = px_idf_view_df(view, i);
        if (px_utf8_validate(t->key, t->len) != t->len ||
            (i > 0 && px_idf_term_compare(t - 1, t) >= 0))
            rc = PRECIS_EFORMAT;
    }
    uint32_t *index = NULL;
    size_t s = 0;
    if (rc == PRECIS_OK)
        rc = build_index(terms, n, &index, &s);
    if (rc == PRECIS_OK && s != view->slot_mask + 1)
        rc = PRECIS_EFORMAT;
    for (size_t j = 0; rc == PRECIS_OK && j < s; j++)
        if (px_le32(view->slots + 4 * j) != index[j])
            rc = PRECIS_EFORMAT;
    px_free(index);
    px_free(terms);
    return rc;
}
