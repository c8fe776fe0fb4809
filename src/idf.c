/* idf.c: document-frequency models of stems.
 *
 * A model counts, for each stem, the documents it occurs in. Counting and
 * merging first intern every stem they will touch and only then add, so a
 * failed allocation leaves the counts as they were; a stem interned by a
 * failed call keeps df 0, and a stem with df 0 is treated everywhere as
 * absent (not counted, not saved).
 *
 * Saved form (all integers little-endian):
 *   "PRECISIDF\0"              10 bytes of magic
 *   u32 version                FORMAT_VERSION
 *   u32 flags                  none defined; any bit set is a newer format
 *   u32 length, bytes          the language name
 *   u64 documents
 *   u64 terms
 *   terms x (u32 length, bytes, u64 df), sorted bytewise, distinct, df >= 1
 *   u64 FNV-1a 64 of every byte before it
 * Sorting makes equal models give equal bytes whatever order documents
 * were added or shards merged in. */
#include "idf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "article.h"
#include "stem.h"
#include "utf8.h"

#define FORMAT_VERSION 1u
static const char magic[10] = "PRECISIDF"; /* the tenth byte is the NUL */

/* Language names are Snowball algorithm names; 64 bytes is far more than
 * the longest, and bounds what a damaged file can make us accept. */
#define MAX_LANG_LEN 64u

double px_idf_weight(uint64_t documents, uint64_t df)
{
    /* A df above N can only come from inconsistent inputs; clamping keeps
     * the promise that the weight is never below 1. */
    if (df > documents)
        df = documents;
    return log(((double)documents + 1.0) / ((double)df + 1.0)) + 1.0;
}

static int idf_alloc(const char *lang, size_t lang_len, precis_idf **out)
{
    precis_idf *idf = px_calloc(1, sizeof *idf);
    if (!idf)
        return PRECIS_ENOMEM;
    idf->lang = px_strndup(lang, lang_len);
    if (!idf->lang || px_strmap_new(&idf->stems)) {
        precis_idf_free(idf);
        return PRECIS_ENOMEM;
    }
    *out = idf;
    return PRECIS_OK;
}

int precis_idf_new(const char *lang_name, precis_idf **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!lang_name)
        return PRECIS_EINVAL;
    /* Store the canonical name, so that models made with "en" and with
     * "english" can be merged. */
    const char *name = px_stem_resolve(lang_name);
    if (!name)
        return PRECIS_ELANG;
    return idf_alloc(name, strlen(name), out);
}

void precis_idf_free(precis_idf *idf)
{
    if (!idf)
        return;
    px_free(idf->lang);
    px_strmap_free(idf->stems);
    px_free(idf->df);
    px_free(idf->ids);
    px_free(idf);
}

/* Interns stem (whose px_strmap_hash is `hash`) in the model, with df 0
 * when new; *out (may be NULL) receives its id. */
static int intern_stem_hashed(precis_idf *idf, const char *stem, size_t len,
                              uint32_t hash, uint32_t *out)
{
    void *df = idf->df;
    size_t need = px_strmap_size(idf->stems) + 1;
    if (px_grow(&df, &idf->df_cap, need, sizeof *idf->df))
        return PRECIS_ENOMEM;
    idf->df = df;
    uint32_t id;
    int added;
    int rc = px_strmap_intern_hashed(idf->stems, stem, len, hash, &id,
                                     &added);
    if (rc)
        return rc;
    if (added) {
        idf->df[id] = 0;
        idf->unused++;
    }
    if (out)
        *out = id;
    return PRECIS_OK;
}

static int intern_stem(precis_idf *idf, const char *stem, size_t len,
                       uint32_t *out)
{
    return intern_stem_hashed(idf, stem, len, px_strmap_hash(stem, len), out);
}

/* Adds n to df of a stem already interned. Counts saturate rather than
 * wrap: 2^64 documents is not a real corpus, but a crafted model is. */
static void add_count_id(precis_idf *idf, uint32_t id, uint64_t n)
{
    if (idf->df[id] == 0 && n > 0)
        idf->unused--;
    idf->df[id] = idf->df[id] > UINT64_MAX - n ? UINT64_MAX : idf->df[id] + n;
}

static void add_count(precis_idf *idf, const char *stem, size_t len,
                      uint64_t n)
{
    uint32_t id;
    if (px_strmap_find(idf->stems, stem, len, &id))
        add_count_id(idf, id, n);
}

/* Stems are looked up STEM_CHUNK at a time (px_strmap_find_batch): a
 * large model's table is larger than the caches. */
#define STEM_CHUNK 64

/* Looks up the keys of `stems` from id `from` on, at most STEM_CHUNK of
 * them: keys[k] and lens[k] are key from + k, ids[k] its id in the model
 * (UINT32_MAX when absent). Returns how many. */
static size_t find_stem_chunk(const precis_idf *idf, const px_strmap *stems,
                              size_t from, const char **keys, size_t *lens,
                              uint32_t *ids)
{
    size_t n = px_strmap_size(stems) - from;
    size_t m = n < STEM_CHUNK ? n : STEM_CHUNK;
    for (size_t k = 0; k < m; k++)
        keys[k] = px_strmap_key(stems, (uint32_t)(from + k), &lens[k]);
    px_strmap_find_batch(idf->stems, keys, lens, m, ids);
    return m;
}

/* The model's id of every stem of `stems` (ids[id] for each of its ids),
 * interning those it lacks (few, once a model has seen some documents). */
static int lookup_stems(precis_idf *idf, const px_strmap *stems,
                        uint32_t *ids)
{
    const char *keys[STEM_CHUNK];
    size_t lens[STEM_CHUNK];
    size_t n = px_strmap_size(stems), m;
    for (size_t done = 0; done < n; done += m) {
        m = find_stem_chunk(idf, stems, done, keys, lens, ids + done);
        for (size_t k = 0; k < m; k++) {
            if (ids[done + k] != UINT32_MAX)
                continue;
            int rc = intern_stem(idf, keys[k], lens[k], &ids[done + k]);
            if (rc)
                return rc;
        }
    }
    return PRECIS_OK;
}

int precis_idf_add(precis_idf *idf, const precis_article *article)
{
    if (!idf || !article)
        return PRECIS_EINVAL;
    const px_strmap *vocab = article->vocab;
    size_t n = vocab ? px_strmap_size(vocab) : 0;
    /* Every stem is interned before any is counted, so a failure leaves
     * the counts as they were; the ids are noted on the way so counting
     * needs no second lookup. */
    if (n > idf->ids_cap) {
        void *ids = idf->ids;
        if (px_grow(&ids, &idf->ids_cap, n, sizeof *idf->ids))
            return PRECIS_ENOMEM;
        idf->ids = ids;
    }
    int rc = n ? lookup_stems(idf, vocab, idf->ids) : PRECIS_OK;
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        add_count_id(idf, idf->ids[i], 1);
    if (idf->documents < UINT64_MAX)
        idf->documents++;
    return PRECIS_OK;
}

int precis_idf_merge(precis_idf *into, const precis_idf *from)
{
    if (!into || !from)
        return PRECIS_EINVAL;
    if (strcmp(into->lang, from->lang) != 0)
        return PRECIS_EINVAL;
    size_t n = px_strmap_size(from->stems);
    /* When into == from nothing new is interned, so the keys read from
     * `from` stay where they are. */
    for (uint32_t i = 0; i < n; i++) {
        if (from->df[i] == 0)
            continue;
        size_t len;
        const char *stem = px_strmap_key(from->stems, i, &len);
        int rc = intern_stem(into, stem, len, NULL);
        if (rc)
            return rc;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint64_t df = from->df[i];
        if (df == 0)
            continue;
        size_t len;
        const char *stem = px_strmap_key(from->stems, i, &len);
        add_count(into, stem, len, df);
    }
    uint64_t docs = from->documents;
    into->documents = into->documents > UINT64_MAX - docs
                          ? UINT64_MAX
                          : into->documents + docs;
    return PRECIS_OK;
}

uint64_t precis_idf_documents(const precis_idf *idf)
{
    return idf ? idf->documents : 0;
}

size_t precis_idf_terms(const precis_idf *idf)
{
    if (!idf)
        return 0;
    return px_strmap_size(idf->stems) - idf->unused;
}

int precis_idf_term(const precis_idf *idf, size_t i, const char **stem,
                    size_t *len, uint64_t *df)
{
    if (!idf || i >= precis_idf_terms(idf))
        return PRECIS_EINVAL;
    size_t id = i;
    if (idf->unused) {
        /* Only after an add or merge that failed part way (ENOMEM): the
         * stems it interned with no count are skipped, at the cost of a
         * scan. A model that was never short of memory has none. */
        size_t n = px_strmap_size(idf->stems), seen = 0;
        for (id = 0; id < n; id++) {
            if (idf->df[id] != 0 && seen++ == i)
                break;
        }
    }
    const char *key = px_strmap_key(idf->stems, (uint32_t)id, len);
    if (stem)
        *stem = key;
    if (df)
        *df = idf->df[id];
    return PRECIS_OK;
}

uint64_t precis_idf_frequency(const precis_idf *idf, const char *stem,
                              size_t len)
{
    if (!idf || (!stem && len))
        return 0;
    uint32_t id;
    if (!px_strmap_find(idf->stems, stem, len, &id))
        return 0;
    return idf->df[id];
}

void px_idf_weights(const precis_idf *idf, const px_strmap *stems,
                    double *weights)
{
    const char *keys[STEM_CHUNK];
    size_t lens[STEM_CHUNK];
    uint32_t ids[STEM_CHUNK];
    size_t n = px_strmap_size(stems), m;
    for (size_t done = 0; done < n; done += m) {
        m = find_stem_chunk(idf, stems, done, keys, lens, ids);
        for (size_t k = 0; k < m; k++)
            weights[done + k] = px_idf_weight(
                idf->documents, ids[k] == UINT32_MAX ? 0 : idf->df[ids[k]]);
    }
}

const char *precis_idf_lang(const precis_idf *idf)
{
    return idf ? idf->lang : NULL;
}

/* ---- saving ---- */

typedef struct term_ref {
    const char *key;
    size_t len;
    uint64_t df;
} term_ref;

static int compare_terms(const void *a, const void *b)
{
    const term_ref *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->key, y->key, n) : 0;
    if (c)
        return c;
    return (x->len > y->len) - (x->len < y->len);
}

static unsigned char *put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        *p++ = (unsigned char)(v >> (8 * i));
    return p;
}

static unsigned char *put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        *p++ = (unsigned char)(v >> (8 * i));
    return p;
}

static unsigned char *put_bytes(unsigned char *p, const char *s, size_t len)
{
    p = put_u32(p, (uint32_t)len);
    if (len)
        memcpy(p, s, len);
    return p + len;
}

int precis_idf_save(const precis_idf *idf, char **bytes, size_t *len)
{
    if (!idf || !bytes || !len)
        return PRECIS_EINVAL;
    *bytes = NULL;
    *len = 0;
    size_t n = px_strmap_size(idf->stems);
    term_ref *terms = px_calloc(n ? n : 1, sizeof *terms);
    if (!terms)
        return PRECIS_ENOMEM;
    size_t lang_len = strlen(idf->lang);
    size_t size = sizeof magic + 4 + 4 + 4 + lang_len + 8 + 8 + 8;
    size_t count = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (idf->df[i] == 0)
            continue;
        term_ref *t = &terms[count++];
        t->key = px_strmap_key(idf->stems, i, &t->len);
        t->df = idf->df[i];
        size += 4 + t->len + 8;
    }
    qsort(terms, count, sizeof *terms, compare_terms);
    unsigned char *buf = px_malloc(size);
    if (!buf) {
        px_free(terms);
        return PRECIS_ENOMEM;
    }
    unsigned char *p = buf;
    memcpy(p, magic, sizeof magic);
    p += sizeof magic;
    p = put_u32(p, FORMAT_VERSION);
    p = put_u32(p, 0);
    p = put_bytes(p, idf->lang, lang_len);
    p = put_u64(p, idf->documents);
    p = put_u64(p, count);
    for (size_t i = 0; i < count; i++) {
        p = put_bytes(p, terms[i].key, terms[i].len);
        p = put_u64(p, terms[i].df);
    }
    p = put_u64(p, px_hash((const char *)buf, (size_t)(p - buf)));
    px_free(terms);
    *bytes = (char *)buf;
    *len = size;
    return PRECIS_OK;
}

/* ---- loading ---- */

/* A bounds-checked reader: every get fails once the bytes run out. */
typedef struct reader {
    const unsigned char *p;
    size_t left;
} reader;

static int get_u32(reader *r, uint32_t *v)
{
    if (r->left < 4)
        return 0;
    *v = 0;
    for (int i = 0; i < 4; i++)
        *v |= (uint32_t)r->p[i] << (8 * i);
    r->p += 4;
    r->left -= 4;
    return 1;
}

static int get_u64(reader *r, uint64_t *v)
{
    if (r->left < 8)
        return 0;
    *v = 0;
    for (int i = 0; i < 8; i++)
        *v |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    r->left -= 8;
    return 1;
}

/* A u32 length and that many bytes, checked against what is left. */
static int get_bytes(reader *r, const char **s, size_t *len)
{
    uint32_t n;
    if (!get_u32(r, &n) || n > r->left)
        return 0;
    *s = (const char *)r->p;
    *len = n;
    r->p += n;
    r->left -= n;
    return 1;
}

static int valid_lang(const char *s, size_t len)
{
    if (len == 0 || len > MAX_LANG_LEN)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

/* Sizes the model for `count` terms of at most `key_bytes` bytes in all,
 * so that reading them allocates nothing more: the table, the keys and
 * the counts each take one allocation, not a series of doublings. */
static int reserve_terms(precis_idf *idf, size_t count, size_t key_bytes)
{
    if (px_strmap_reserve(idf->stems, count, key_bytes))
        return PRECIS_ENOMEM;
    void *df = idf->df;
    if (px_grow(&df, &idf->df_cap, count, sizeof *idf->df))
        return PRECIS_ENOMEM;
    idf->df = df;
    return PRECIS_OK;
}

/* Terms are read in batches of this many: each batch is parsed and
 * checked first, asking for the table slot of every term on the way, and
 * then interned, so that the slots of a large model (which is larger than
 * the caches, and read in an order that has nothing to do with the
 * table's) arrive from memory together instead of one after another. */
#define LOAD_BATCH 32

typedef struct loaded_term {
    const char *key;
    size_t len;
    uint64_t df;
    uint32_t hash;
} loaded_term;

/* Reads the terms into idf; EFORMAT on any inconsistency. */
static int read_terms(reader *r, uint64_t count, precis_idf *idf)
{
    loaded_term batch[LOAD_BATCH];
    const char *prev = NULL;
    size_t prev_len = 0;
    for (uint64_t i = 0; i < count;) {
        size_t n = count - i < LOAD_BATCH ? (size_t)(count - i) : LOAD_BATCH;
        for (size_t k = 0; k < n; k++, i++) {
            loaded_term *t = &batch[k];
            if (!get_bytes(r, &t->key, &t->len) || !get_u64(r, &t->df))
                return PRECIS_EFORMAT;
            if (t->df == 0 || t->df > idf->documents)
                return PRECIS_EFORMAT;
            if (px_utf8_validate(t->key, t->len) != t->len)
                return PRECIS_EFORMAT;
            /* Strictly increasing: sorted, and no stem twice. */
            term_ref a = {prev, prev_len, 0}, b = {t->key, t->len, 0};
            if (i > 0 && compare_terms(&a, &b) >= 0)
                return PRECIS_EFORMAT;
            prev = t->key;
            prev_len = t->len;
            t->hash = px_strmap_hash(t->key, t->len);
            px_strmap_prefetch(idf->stems, t->hash);
        }
        for (size_t k = 0; k < n; k++) {
            uint32_t id;
            int rc = intern_stem_hashed(idf, batch[k].key, batch[k].len,
                                        batch[k].hash, &id);
            if (rc)
                return rc;
            add_count_id(idf, id, batch[k].df);
        }
    }
    return PRECIS_OK;
}

/* A version this reader knows, read in the wrong byte order: a file
 * written big-endian by something else, which is malformed (the format is
 * little-endian everywhere), not a newer format. */
static int byte_swapped_version(uint32_t version)
{
    uint32_t swapped = (version >> 24) | ((version >> 8) & 0xFF00u) |
                       ((version << 8) & 0xFF0000u) | (version << 24);
    return swapped >= 1 && swapped <= FORMAT_VERSION;
}

int precis_idf_load(const char *bytes, size_t len, precis_idf **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!bytes && len)
        return PRECIS_EINVAL;
    reader r = {(const unsigned char *)bytes, len};
    uint32_t version, flags;
    if (len < sizeof magic || memcmp(bytes, magic, sizeof magic) != 0)
        return PRECIS_EFORMAT;
    r.p += sizeof magic;
    r.left -= sizeof magic;
    if (!get_u32(&r, &version) || version == 0)
        return PRECIS_EFORMAT;
    /* A newer writer may lay out the rest differently, checksum included,
     * so the version is judged before anything after it. */
    if (version > FORMAT_VERSION)
        return byte_swapped_version(version) ? PRECIS_EFORMAT
                                             : PRECIS_EVERSION;
    if (r.left < 8)
        return PRECIS_EFORMAT;
    uint64_t sum = 0;
    for (int i = 0; i < 8; i++)
        sum |= (uint64_t)(unsigned char)bytes[len - 8 + (size_t)i] << (8 * i);
    if (sum != px_hash(bytes, len - 8))
        return PRECIS_EFORMAT;
    r.left -= 8; /* the checksum is not part of the body */
    if (!get_u32(&r, &flags))
        return PRECIS_EFORMAT;
    /* Flags are for features a later writer may add; version 1 defines
     * none, so a set bit means a model this reader does not understand. */
    if (flags != 0)
        return PRECIS_EVERSION;
    const char *lang;
    size_t lang_len;
    uint64_t documents, count;
    if (!get_bytes(&r, &lang, &lang_len) || !valid_lang(lang, lang_len) ||
        !get_u64(&r, &documents) || !get_u64(&r, &count))
        return PRECIS_EFORMAT;
    /* Each term takes at least 12 bytes: checked before any allocation
     * sized by the count. */
    if (count > r.left / 12)
        return PRECIS_EFORMAT;
    precis_idf *idf;
    int rc = idf_alloc(lang, lang_len, &idf);
    if (rc)
        return rc;
    idf->documents = documents;
    rc = reserve_terms(idf, (size_t)count, r.left - 12 * (size_t)count);
    if (rc == PRECIS_OK)
        rc = read_terms(&r, count, idf);
    if (rc == PRECIS_OK && r.left != 0)
        rc = PRECIS_EFORMAT; /* bytes between the terms and the checksum */
    if (rc) {
        precis_idf_free(idf);
        return rc;
    }
    *out = idf;
    return PRECIS_OK;
}
