/* idf.c: document-frequency models of stems.
 *
 * A model has one of two forms. A built one (precis_idf_new, and any
 * model once counted into) keeps its stems in a px_strmap with a df per
 * stem id. A read one (precis_idf_view, precis_idf_load) is a view over
 * the saved bytes of format version 2 (idf_format.c): nothing is rebuilt,
 * lookups probe the file's own index, so a model of a million terms is
 * ready as soon as its bytes are checked. Counting into a view first
 * copies its terms into the built form.
 *
 * Counting and merging first intern every stem they will touch and only
 * then add, so a failed allocation leaves the counts as they were; a stem
 * interned by a failed call keeps df 0, and a stem with df 0 is treated
 * everywhere as absent (not counted, not saved).
 *
 * Version 1 files, which older versions wrote, are still read (into the
 * built form):
 *   "PRECISIDF\0"              10 bytes of magic
 *   u32 version                1
 *   u32 flags                  none defined; any bit set is a newer format
 *   u32 length, bytes          the language name
 *   u64 documents
 *   u64 terms
 *   terms x (u32 length, bytes, u64 df), sorted bytewise, distinct, df >= 1
 *   u64 FNV-1a 64 (px_hash) of every byte before it
 * all integers little-endian. */
#include "idf.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "article.h"
#include "lang.h"
#include "prefetch.h"
#include "stem.h"
#include "utf8.h"

double px_idf_weight(uint64_t documents, uint64_t df)
{
    /* A df above N can only come from inconsistent inputs; clamping keeps
     * the promise that the weight is never below 1. */
    if (df > documents)
        df = documents;
    return log(((double)documents + 1.0) / ((double)df + 1.0)) + 1.0;
}

static pthread_mutex_t serial_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t serial_last;

uint64_t px_serial_next(void)
{
    /* Taken once per analyzer and once per change of a model (an article
     * counted, a model merged): rare enough for a lock. */
    pthread_mutex_lock(&serial_lock);
    uint64_t serial = ++serial_last;
    pthread_mutex_unlock(&serial_lock);
    return serial;
}

/* A model with a language and nothing else: the caller gives it a form. */
static int idf_alloc(const char *lang, size_t lang_len, precis_idf **out)
{
    precis_idf *idf = px_calloc(1, sizeof *idf);
    if (!idf)
        return PRECIS_ENOMEM;
    idf->lang = px_strndup(lang, lang_len);
    if (!idf->lang) {
        px_free(idf);
        return PRECIS_ENOMEM;
    }
    idf->serial = px_serial_next();
    *out = idf;
    return PRECIS_OK;
}

/* A model in the built form, with no stems. */
static int idf_alloc_built(const char *lang, size_t lang_len,
                           precis_idf **out)
{
    int rc = idf_alloc(lang, lang_len, out);
    if (rc == PRECIS_OK && px_strmap_new(&(*out)->stems)) {
        precis_idf_free(*out);
        *out = NULL;
        rc = PRECIS_ENOMEM;
    }
    return rc;
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
    return idf_alloc_built(name, strlen(name), out);
}

void precis_idf_free(precis_idf *idf)
{
    if (!idf)
        return;
    px_free(idf->lang);
    px_strmap_free(idf->stems);
    px_free(idf->df);
    px_free(idf->ids);
    px_free(idf->stem_map);
    px_free(idf->bytes);
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

/* ---- reading a model of either form ---- */

/* The terms of a model by raw number, 0 <= i < raw_count: for the built
 * form every stem id, including those with df 0 (which the callers skip),
 * for a view every term. */
static size_t raw_count(const precis_idf *idf)
{
    return idf->stems ? px_strmap_size(idf->stems) : idf->view.terms;
}

static const char *raw_term(const precis_idf *idf, size_t i, size_t *len,
                            uint64_t *df)
{
    if (!idf->stems) {
        *df = px_idf_view_df(&idf->view, i);
        return px_idf_view_key(&idf->view, i, len);
    }
    *df = idf->df[i];
    return px_strmap_key(idf->stems, (uint32_t)i, len);
}

/* Terms are interned LOAD_BATCH at a time: each batch's table slots are
 * asked for first and the terms then interned, so that the slots of a
 * large model (larger than the caches, and read in an order that has
 * nothing to do with the table's) arrive from memory together instead of
 * one after another. */
#define LOAD_BATCH 32

/* Interns terms[0..n) and adds their counts; the model has room
 * reserved for them. */
static int intern_batch(precis_idf *idf, const px_idf_term *terms, size_t n)
{
    uint32_t hash[LOAD_BATCH];
    for (size_t k = 0; k < n; k++) {
        hash[k] = px_strmap_hash(terms[k].key, terms[k].len);
        px_strmap_prefetch(idf->stems, hash[k]);
    }
    for (size_t k = 0; k < n; k++) {
        uint32_t id;
        int rc = intern_stem_hashed(idf, terms[k].key, terms[k].len, hash[k],
                                    &id);
        if (rc)
            return rc;
        add_count_id(idf, id, terms[k].df);
    }
    return PRECIS_OK;
}

/* Sizes a built model for `count` more terms of at most `key_bytes`
 * bytes in all, so that adding them allocates nothing more: the table,
 * the keys and the counts each take one allocation, not a series of
 * doublings. */
static int reserve_terms(precis_idf *idf, size_t count, size_t key_bytes)
{
    if (px_strmap_reserve(idf->stems, count, key_bytes))
        return PRECIS_ENOMEM;
    void *df = idf->df;
    if (px_grow(&df, &idf->df_cap, px_strmap_size(idf->stems) + count,
                sizeof *idf->df))
        return PRECIS_ENOMEM;
    idf->df = df;
    return PRECIS_OK;
}

/* Turns a view into the built form, so it can be counted into; a no-op
 * for a built model. On failure the model is as it was. */
static int make_built(precis_idf *idf)
{
    if (idf->stems)
        return PRECIS_OK;
    precis_idf built = {0};
    const px_idf_view *v = &idf->view;
    int rc = px_strmap_new(&built.stems) ? PRECIS_ENOMEM : PRECIS_OK;
    if (rc == PRECIS_OK)
        rc = reserve_terms(&built, v->terms, v->key_bytes);
    px_idf_term batch[LOAD_BATCH];
    for (size_t i = 0; rc == PRECIS_OK && i < v->terms;) {
        size_t n = v->terms - i < LOAD_BATCH ? v->terms - i : LOAD_BATCH;
        for (size_t k = 0; k < n; k++, i++)
            batch[k].key = raw_term(idf, i, &batch[k].len, &batch[k].df);
        rc = intern_batch(&built, batch, n);
    }
    if (rc) {
        px_strmap_free(built.stems);
        px_free(built.df);
        return rc;
    }
    idf->stems = built.stems;
    idf->df = built.df;
    idf->df_cap = built.df_cap;
    idf->unused = built.unused;
    px_free(idf->bytes);
    idf->bytes = NULL;
    memset(&idf->view, 0, sizeof idf->view);
    return PRECIS_OK;
}

/* ---- counting ---- */

/* Stems are looked up STEM_CHUNK at a time (px_strmap_find_batch,
 * px_idf_view_find_batch): a large model's table is larger than the
 * caches. */
#define STEM_CHUNK 64

/* Reads the keys of `stems` from id `from` on, at most STEM_CHUNK of
 * them, into keys[k] and lens[k] (key from + k). Returns how many. */
static size_t stem_chunk(const px_strmap *stems, size_t from,
                         const char **keys, size_t *lens)
{
    size_t n = px_strmap_size(stems) - from;
    size_t m = n < STEM_CHUNK ? n : STEM_CHUNK;
    for (size_t k = 0; k < m; k++)
        keys[k] = px_strmap_key(stems, (uint32_t)(from + k), &lens[k]);
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
        m = stem_chunk(stems, done, keys, lens);
        px_strmap_find_batch(idf->stems, keys, lens, m, ids + done);
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

/* Whether the model's stem map serves an article: it does for one built
 * by the analyzer the map belongs to, or by a newer one, which takes the
 * map over (the older is most likely gone); an older analyzer's articles,
 * and articles read back from bytes, take the string path. So the map is
 * emptied at most once per analyzer, however articles alternate. */
static int stem_map_serves(precis_idf *idf, const precis_article *article)
{
    if (!article->stems || !article->stems_trusted || !article->analyzer ||
        article->analyzer < idf->stem_map_analyzer)
        return 0;
    if (article->analyzer > idf->stem_map_analyzer) {
        idf->stem_map_len = 0;
        idf->stem_map_analyzer = article->analyzer;
    }
    return 1;
}

/* Makes the stem map cover every stem id of the article's n stems. */
static int stem_map_cover(precis_idf *idf, const uint32_t *stems, size_t n)
{
    uint32_t top = 0;
    for (size_t t = 0; t < n; t++)
        top = stems[t] > top ? stems[t] : top;
    size_t need = (size_t)top + 1;
    if (need <= idf->stem_map_len)
        return PRECIS_OK;
    void *map = idf->stem_map;
    if (px_grow(&map, &idf->stem_map_cap, need, sizeof *idf->stem_map))
        return PRECIS_ENOMEM;
    idf->stem_map = map;
    memset(idf->stem_map + idf->stem_map_len, 0xFF,
           (need - idf->stem_map_len) * sizeof *idf->stem_map);
    idf->stem_map_len = need;
    return PRECIS_OK;
}

/* Looks up (or interns) the m stems the map lacked, keys[k] being the
 * article's term at[k] whose stem id is stem[k], and notes their ids in
 * ids and in the map. */
static int stem_map_fill(precis_idf *idf, const char *const *keys,
                         const size_t *lens, const uint32_t *at,
                         const uint32_t *stem, size_t m, uint32_t *ids)
{
    uint32_t found[STEM_CHUNK];
    px_strmap_find_batch(idf->stems, keys, lens, m, found);
    for (size_t k = 0; k < m; k++) {
        if (found[k] == UINT32_MAX) {
            int rc = intern_stem(idf, keys[k], lens[k], &found[k]);
            if (rc)
                return rc;
        }
        /* An interned stem keeps its id even when a later one fails: the
         * entry stays right. */
        ids[at[k]] = found[k];
        idf->stem_map[stem[k]] = found[k];
    }
    return PRECIS_OK;
}

#define MAP_AHEAD 16

/* lookup_stems for an article the stem map serves: a stem met before
 * costs a read of the map. */
static int map_stems(precis_idf *idf, const precis_article *article,
                     uint32_t *ids)
{
    const px_strmap *vocab = article->vocab;
    const uint32_t *stems = article->stems;
    size_t n = px_strmap_size(vocab), m = 0;
    int rc = stem_map_cover(idf, stems, n);
    if (rc)
        return rc;
    const char *keys[STEM_CHUNK];
    size_t lens[STEM_CHUNK];
    uint32_t at[STEM_CHUNK], stem[STEM_CHUNK];
    for (size_t t = 0; t < n; t++) {
        if (t + MAP_AHEAD < n)
            px_prefetch(&idf->stem_map[stems[t + MAP_AHEAD]]);
        uint32_t id = idf->stem_map[stems[t]];
        ids[t] = id;
        if (id != UINT32_MAX) {
            /* The counts lie all over a large model: asked for now,
             * they are at hand when counted (precis_idf_add). */
            px_prefetch(&idf->df[id]);
            continue;
        }
        keys[m] = px_strmap_key(vocab, (uint32_t)t, &lens[m]);
        at[m] = (uint32_t)t;
        stem[m] = stems[t];
        if (++m == STEM_CHUNK) {
            rc = stem_map_fill(idf, keys, lens, at, stem, m, ids);
            if (rc)
                return rc;
            m = 0;
        }
    }
    return m ? stem_map_fill(idf, keys, lens, at, stem, m, ids) : PRECIS_OK;
}

int precis_idf_add(precis_idf *idf, const precis_article *article)
{
    if (!idf || !article)
        return PRECIS_EINVAL;
    idf->serial = px_serial_next(); /* weights cached so far are stale */
    int rc = make_built(idf);
    if (rc)
        return rc;
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
    if (n)
        rc = stem_map_serves(idf, article) ? map_stems(idf, article, idf->ids)
                                           : lookup_stems(idf, vocab, idf->ids);
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
    into->serial = px_serial_next(); /* weights cached so far are stale */
    /* When into == from, this makes both built, before from is read. */
    int rc = make_built(into);
    if (rc)
        return rc;
    size_t n = raw_count(from), len;
    uint64_t df;
    /* When into == from nothing new is interned, so the keys read from
     * `from` stay where they are. */
    for (size_t i = 0; i < n; i++) {
        const char *stem = raw_term(from, i, &len, &df);
        if (df != 0 && (rc = intern_stem(into, stem, len, NULL)) != 0)
            return rc;
    }
    for (size_t i = 0; i < n; i++) {
        const char *stem = raw_term(from, i, &len, &df);
        if (df != 0)
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
    return raw_count(idf) - idf->unused;
}

/* precis_idf_term of a built model (or of an i out of range). Kept out
 * of line, so that the view's path needs no registers saved. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int term_built(const precis_idf *idf, size_t i, const char **stem,
                      size_t *len, uint64_t *df)
{
    if (!idf || i >= raw_count(idf) - idf->unused)
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

int precis_idf_term(const precis_idf *idf, size_t i, const char **stem,
                    size_t *len, uint64_t *df)
{
    /* A view here, in a few instructions: a pass over a model of a
     * million terms makes a million calls. */
    if (!idf || idf->stems || i >= idf->view.terms)
        return term_built(idf, i, stem, len, df);
    if (stem || len) {
        size_t key_len;
        const char *key = px_idf_view_key(&idf->view, i, &key_len);
        if (stem)
            *stem = key;
        if (len)
            *len = key_len;
    }
    if (df)
        *df = px_idf_view_df(&idf->view, i);
    return PRECIS_OK;
}

uint64_t precis_idf_frequency(const precis_idf *idf, const char *stem,
                              size_t len)
{
    if (!idf || (!stem && len))
        return 0;
    if (!idf->stems) {
        size_t t = px_idf_view_find(&idf->view, stem ? stem : "", len);
        return t == SIZE_MAX ? 0 : px_idf_view_df(&idf->view, t);
    }
    uint32_t id;
    if (!px_strmap_find(idf->stems, stem, len, &id))
        return 0;
    return idf->df[id];
}

/* The weights of keys[0..m) (m <= STEM_CHUNK), their lookups batched. */
static void chunk_weights(const precis_idf *idf, const char *const *keys,
                          const size_t *lens, size_t m, double *weights)
{
    if (!idf->stems) {
        size_t terms[STEM_CHUNK];
        px_idf_view_find_batch(&idf->view, keys, lens, m, terms);
        for (size_t k = 0; k < m; k++)
            weights[k] = px_idf_weight(
                idf->documents, terms[k] == SIZE_MAX
                                    ? 0
                                    : px_idf_view_df(&idf->view, terms[k]));
        return;
    }
    uint32_t ids[STEM_CHUNK];
    px_strmap_find_batch(idf->stems, keys, lens, m, ids);
    for (size_t k = 0; k < m; k++)
        weights[k] = px_idf_weight(
            idf->documents, ids[k] == UINT32_MAX ? 0 : idf->df[ids[k]]);
}

void px_idf_weights(const precis_idf *idf, const px_strmap *stems,
                    double *weights)
{
    const char *keys[STEM_CHUNK];
    size_t lens[STEM_CHUNK];
    size_t n = px_strmap_size(stems), m;
    for (size_t done = 0; done < n; done += m) {
        m = stem_chunk(stems, done, keys, lens);
        chunk_weights(idf, keys, lens, m, weights + done);
    }
}

/* Looks up the m stems gathered by px_idf_article_weights (terms at[k],
 * stem ids stem[k]) and keeps their weights in the analyzer too. */
static void fill_weights(const precis_idf *idf, precis_analyzer *an,
                         const char *const *keys, const size_t *lens,
                         const uint32_t *at, const uint32_t *stem, size_t m,
                         double *weights)
{
    double got[STEM_CHUNK];
    chunk_weights(idf, keys, lens, m, got);
    for (size_t k = 0; k < m; k++) {
        px_stem_weight *sw = &an->stem_weight[stem[k]];
        sw->weight = got[k];
        sw->model = idf->serial;
        weights[at[k]] = got[k];
    }
}

#define WEIGHT_AHEAD 16

/* 1 when each of the n stem ids is below `known`. */
static int stems_known(const uint32_t *ids, size_t n, size_t known)
{
    uint32_t bad = 0;
    for (size_t t = 0; t < n; t++)
        bad |= ids[t] >= known;
    return !bad;
}

void px_idf_article_weights(const precis_idf *idf,
                            const precis_article *article,
                            precis_analyzer *analyzer, double *weights)
{
    const px_strmap *vocab = article->vocab;
    size_t n = px_strmap_size(vocab), m = 0;
    /* Stem ids mean something only in the analyzer that gave them, and
     * an unpacked article's were read from bytes: each is checked against
     * the analyzer's table before any is used. */
    if (!analyzer || !article->stems || article->analyzer != analyzer->serial ||
        !stems_known(article->stems, n, px_strmap_size(analyzer->stems))) {
        px_idf_weights(idf, vocab, weights);
        return;
    }
    const char *keys[STEM_CHUNK];
    size_t lens[STEM_CHUNK];
    uint32_t at[STEM_CHUNK], stem[STEM_CHUNK];
    for (size_t t = 0; t < n; t++) {
        /* The entries lie all over the analyzer's table: asked for ahead,
         * their cache misses overlap. */
        if (t + WEIGHT_AHEAD < n)
            px_prefetch(&analyzer->stem_weight[article->stems[t + WEIGHT_AHEAD]]);
        const px_stem_weight *sw = &analyzer->stem_weight[article->stems[t]];
        if (sw->model == idf->serial) {
            weights[t] = sw->weight;
            continue;
        }
        keys[m] = px_strmap_key(vocab, (uint32_t)t, &lens[m]);
        at[m] = (uint32_t)t;
        stem[m] = article->stems[t];
        if (++m == STEM_CHUNK) {
            fill_weights(idf, analyzer, keys, lens, at, stem, m, weights);
            m = 0;
        }
    }
    if (m)
        fill_weights(idf, analyzer, keys, lens, at, stem, m, weights);
}

const char *precis_idf_lang(const precis_idf *idf)
{
    return idf ? idf->lang : NULL;
}

/* ---- saving ---- */

int precis_idf_save(const precis_idf *idf, char **bytes, size_t *len)
{
    if (!idf || !bytes || !len)
        return PRECIS_EINVAL;
    *bytes = NULL;
    *len = 0;
    size_t n = raw_count(idf), count = 0;
    px_idf_term *terms = px_calloc(n ? n : 1, sizeof *terms);
    if (!terms)
        return PRECIS_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        px_idf_term *t = &terms[count];
        t->key = raw_term(idf, i, &t->len, &t->df);
        count += t->df != 0;
    }
    /* A view's terms are sorted already, and qsort of sorted input is
     * quick; a built model's are in the order they were first seen. */
    qsort(terms, count, sizeof *terms, px_idf_term_compare);
    int rc = px_idf_write(idf->lang, idf->documents, terms, count, bytes, len);
    px_free(terms);
    return rc;
}

/* ---- reading version 1 ---- */

/* A bounds-checked reader: every get fails once the bytes run out. */
typedef struct reader {
    const unsigned char *p;
    size_t left;
} reader;

static int get_u32(reader *r, uint32_t *v)
{
    if (r->left < 4)
        return 0;
    *v = px_le32(r->p);
    r->p += 4;
    r->left -= 4;
    return 1;
}

static int get_u64(reader *r, uint64_t *v)
{
    if (r->left < 8)
        return 0;
    *v = px_le64(r->p);
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

/* Reads one version 1 term, checked against the one before it. */
static int read_term_v1(reader *r, uint64_t documents, const px_idf_term *prev,
                        px_idf_term *t)
{
    if (!get_bytes(r, &t->key, &t->len) || !get_u64(r, &t->df))
        return 0;
    if (t->df == 0 || t->df > documents)
        return 0;
    if (px_utf8_validate(t->key, t->len) != t->len)
        return 0;
    /* Strictly increasing: sorted, and no stem twice. */
    return !prev || px_idf_term_compare(prev, t) < 0;
}

/* Reads the terms into idf; EFORMAT on any inconsistency. */
static int read_terms_v1(reader *r, uint64_t count, precis_idf *idf)
{
    px_idf_term batch[LOAD_BATCH], prev;
    for (uint64_t i = 0; i < count;) {
        size_t n = count - i < LOAD_BATCH ? (size_t)(count - i) : LOAD_BATCH;
        for (size_t k = 0; k < n; k++, i++) {
            if (!read_term_v1(r, idf->documents, i ? &prev : NULL, &batch[k]))
                return PRECIS_EFORMAT;
            prev = batch[k];
        }
        int rc = intern_batch(idf, batch, n);
        if (rc)
            return rc;
    }
    return PRECIS_OK;
}

/* The body of a version 1 file, whose magic and version were read. */
static int load_v1(const char *bytes, size_t len, precis_idf **out)
{
    reader r = {(const unsigned char *)bytes + PX_IDF_MAGIC_LEN + 4,
                len - PX_IDF_MAGIC_LEN - 4};
    if (r.left < 8)
        return PRECIS_EFORMAT;
    if (px_le64((const unsigned char *)bytes + len - 8) !=
        px_hash(bytes, len - 8))
        return PRECIS_EFORMAT;
    r.left -= 8; /* the checksum is not part of the body */
    uint32_t flags;
    if (!get_u32(&r, &flags))
        return PRECIS_EFORMAT;
    if (flags != 0)
        return PRECIS_EVERSION;
    const char *lang;
    size_t lang_len;
    uint64_t documents, count;
    if (!get_bytes(&r, &lang, &lang_len) ||
        !px_idf_valid_lang(lang, lang_len) || !get_u64(&r, &documents) ||
        !get_u64(&r, &count))
        return PRECIS_EFORMAT;
    /* Each term takes at least 12 bytes: checked before any allocation
     * sized by the count. */
    if (count > r.left / 12)
        return PRECIS_EFORMAT;
    precis_idf *idf;
    int rc = idf_alloc_built(lang, lang_len, &idf);
    if (rc)
        return rc;
    idf->documents = documents;
    rc = reserve_terms(idf, (size_t)count, r.left - 12 * (size_t)count);
    if (rc == PRECIS_OK)
        rc = read_terms_v1(&r, count, idf);
    if (rc == PRECIS_OK && r.left != 0)
        rc = PRECIS_EFORMAT; /* bytes between the terms and the checksum */
    if (rc) {
        precis_idf_free(idf);
        return rc;
    }
    *out = idf;
    return PRECIS_OK;
}

/* ---- reading ---- */

/* A version this reader knows, read in the wrong byte order: a file
 * written big-endian by something else, which is malformed (the format is
 * little-endian everywhere), not a newer format. */
static int byte_swapped_version(uint32_t version)
{
    uint32_t swapped = (version >> 24) | ((version >> 8) & 0xFF00u) |
                       ((version << 8) & 0xFF0000u) | (version << 24);
    return swapped >= 1 && swapped <= PX_IDF_VERSION;
}

/* Checks the magic and reads the version, which is judged before anything
 * after it: a newer writer may lay out the rest differently, checksum
 * included. */
static int read_version(const void *bytes, size_t len, uint32_t *version)
{
    if (len < PX_IDF_MAGIC_LEN + 4 ||
        memcmp(bytes, px_idf_magic, PX_IDF_MAGIC_LEN) != 0)
        return PRECIS_EFORMAT;
    *version = px_le32((const unsigned char *)bytes + PX_IDF_MAGIC_LEN);
    if (*version == 0)
        return PRECIS_EFORMAT;
    if (*version > PX_IDF_VERSION)
        return byte_swapped_version(*version) ? PRECIS_EFORMAT
                                              : PRECIS_EVERSION;
    return PRECIS_OK;
}

/* A view over bytes[0..len), which the model owns when `owned`. */
static int open_view(const unsigned char *bytes, size_t len, int owned,
                     precis_idf **out)
{
    px_idf_view view;
    int rc = px_idf_view_open(bytes, len, &view);
    if (rc)
        return rc;
    precis_idf *idf;
    rc = idf_alloc(view.lang, strlen(view.lang), &idf);
    if (rc)
        return rc;
    idf->view = view;
    idf->documents = view.documents;
    if (owned)
        idf->bytes = (unsigned char *)bytes;
    *out = idf;
    return PRECIS_OK;
}

/* What precis_idf_view and precis_idf_load share: the arguments, the
 * magic and the version, and a version 1 file, which both read whole.
 * Returns 1 when the caller is to read version 2 itself, else the status
 * of what was done. */
static int read_start(const void *bytes, size_t len, precis_idf **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!bytes && len)
        return PRECIS_EINVAL;
    uint32_t version;
    int rc = read_version(bytes, len, &version);
    if (rc)
        return rc;
    return version == 1 ? load_v1(bytes, len, out) : 1;
}

int precis_idf_view(const void *bytes, size_t len, precis_idf **out)
{
    int rc = read_start(bytes, len, out);
    return rc == 1 ? open_view(bytes, len, 0, out) : rc;
}

int precis_idf_load(const char *bytes, size_t len, precis_idf **out)
{
    int rc = read_start(bytes, len, out);
    if (rc != 1)
        return rc;
    unsigned char *copy = px_malloc(len);
    if (!copy)
        return PRECIS_ENOMEM;
    memcpy(copy, bytes, len);
    precis_idf *idf;
    rc = open_view(copy, len, 1, &idf);
    if (rc) {
        px_free(copy);
        return rc;
    }
    /* What a copy costs anyway buys the full check: what loads is exactly
     * what saving it gives back. */
    rc = px_idf_view_canonical(&idf->view);
    if (rc) {
        precis_idf_free(idf);
        return rc;
    }
    *out = idf;
    return PRECIS_OK;
}
