/* lang.c: languages (a Snowball algorithm and a stopword set, immutable)
 * and analyzers (a cached stemmer and a word cache, for one thread). */
#include "lang.h"

#include <string.h>

#include "alloc.h"
#include "idf.h"

/* The stopword list that goes with an algorithm. "porter" is the original
 * English stemmer, so it shares the English list. */
static const char *builtin_list(const char *algorithm, size_t *len)
{
    if (strcmp(algorithm, "porter") == 0)
        algorithm = "english";
    return px_stopwords_builtin(algorithm, len);
}

/* The keys of the short stopwords (see PX_STOP_SHORT), gathered for
 * the table. */
typedef struct stop_build {
    uint64_t (*keys)[2];
    size_t count;
    /* Scratch of one attempt, per key: its bucket and home slot; per
     * bucket: its keys' count, then where its keys start in `order`. */
    size_t *bucket, *home, *order, *sizes, *starts, *buckets;
    unsigned char *used; /* per slot */
} stop_build;

/* Bits of a slot number: slots are at least twice the keys, so that
 * the buckets placed last still find free slots (a displacement can
 * only send a bucket's keys to as many places as there are slots), and
 * at least 16. */
static unsigned stop_slot_bits(size_t count)
{
    unsigned bits = 4;
    while (((size_t)1 << bits) < 2 * count)
        bits++;
    return bits;
}

/* Tries to place every key in a slot of its own with a table of 2^bits
 * slots and 2^bucket_bits buckets: the buckets with most keys first, each
 * with the first displacement under which all its keys land on free
 * slots. Returns 1 and fills the table on success, 0 when some bucket
 * found no displacement (or two of its keys share a home slot, which no
 * displacement separates). */
static int try_place(precis_lang *lang, stop_build *b, unsigned bits,
                     unsigned bucket_bits)
{
    size_t slots = (size_t)1 << bits, mask = slots - 1;
    size_t nb = (size_t)1 << bucket_bits;
    unsigned home_shift = 64 - PX_STOP_BUCKET_BITS - bits;
    memset(b->sizes, 0, nb * sizeof *b->sizes);
    for (size_t k = 0; k < b->count; k++) {
        uint64_t h = px_stop_hash(b->keys[k]);
        b->bucket[k] = (size_t)(h >> (64 - PX_STOP_BUCKET_BITS)) & (nb - 1);
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
    memset(lang->stop_disp, 0, nb * sizeof *lang->stop_disp);
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
        lang->stop_disp[i] = (uint32_t)d;
        for (size_t x = 0; x < n; x++)
            b->used[b->home[keys[x]] ^ d] = 1;
    }
    lang->stop_mask = mask;
    lang->stop_bucket_mask = nb - 1;
    lang->stop_home_shift = home_shift;
    memset(lang->stop_keys, 0, slots * sizeof *lang->stop_keys * 2);
    for (size_t k = 0; k < b->count; k++) {
        uint64_t *slot = lang->stop_keys +
                         2 * ((b->home[k] ^ lang->stop_disp[b->bucket[k]]) &
                              mask);
        slot[0] = b->keys[k][0];
        slot[1] = b->keys[k][1];
    }
    return 1;
}

static void stop_build_free(stop_build *b)
{
    px_free(b->keys);
    px_free(b->bucket);
    px_free(b->home);
    px_free(b->order);
    px_free(b->sizes);
    px_free(b->starts);
    px_free(b->buckets);
    px_free(b->used);
}

/* Table sizes tried, each twice the one before, and bucket counts per
 * size: a quarter of the slots (about two keys a bucket, which almost
 * always does), then an eighth and a half; never more buckets than
 * PX_STOP_BUCKET_BITS can number. Home slots come from the hash's bits
 * below the bucket's, so a slot number has at most 64 less those bits. */
#define STOP_SIZES 6
static const unsigned stop_bucket_less[] = {2, 3, 1};

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
static int size_table(precis_lang *lang, stop_build *b, unsigned bits)
{
    size_t slots = (size_t)1 << bits, nb = slots / 2;
    if (resize((void **)&lang->stop_keys, slots,
               2 * sizeof *lang->stop_keys) ||
        resize((void **)&lang->stop_disp, nb, sizeof *lang->stop_disp) ||
        resize((void **)&b->used, slots, 1) ||
        resize((void **)&b->sizes, nb, sizeof *b->sizes) ||
        resize((void **)&b->starts, nb, sizeof *b->starts) ||
        resize((void **)&b->buckets, nb, sizeof *b->buckets))
        return PRECIS_ENOMEM;
    return 0;
}

/* Builds the short-word table from the parsed list (see PX_STOP_SHORT). */
static int build_stop_table(precis_lang *lang)
{
    size_t n = px_stopwords_count(lang->stopwords);
    size_t keys = n ? n : 1;
    stop_build b;
    memset(&b, 0, sizeof b);
    b.keys = px_malloc(keys * sizeof *b.keys);
    b.bucket = px_malloc(keys * sizeof *b.bucket);
    b.home = px_malloc(keys * sizeof *b.home);
    b.order = px_malloc(keys * sizeof *b.order);
    if (!b.keys || !b.bucket || !b.home || !b.order) {
        stop_build_free(&b);
        return PRECIS_ENOMEM;
    }
    for (size_t w = 0; w < n; w++) {
        size_t len;
        const char *word = px_stopwords_word(lang->stopwords, w, &len);
        if (len == 0 || len > PX_STOP_SHORT) {
            lang->stop_other = 1;
            continue;
        }
        unsigned char k[16] = {0};
        memcpy(k, word, len);
        px_stop_key((const char *)k, len, b.keys[b.count++]);
    }
    int rc = PRECIS_OK;
    lang->stop_unplaced = 1;
    unsigned first = stop_slot_bits(b.count);
    for (unsigned bits = first; lang->stop_unplaced &&
                                bits < first + STOP_SIZES &&
                                bits <= 64 - PX_STOP_BUCKET_BITS;
         bits++) {
        rc = size_table(lang, &b, bits);
        if (rc)
            break;
        for (size_t k = 0; k < sizeof stop_bucket_less /
                                   sizeof stop_bucket_less[0];
             k++) {
            unsigned bucket_bits = bits - stop_bucket_less[k];
            if (bucket_bits > PX_STOP_BUCKET_BITS)
                bucket_bits = PX_STOP_BUCKET_BITS;
            if (try_place(lang, &b, bits, bucket_bits)) {
                lang->stop_unplaced = 0;
                break;
            }
        }
    }
    stop_build_free(&b);
    return rc;
}

int precis_lang_new(const char *name, const char *stopwords,
                    size_t stopwords_len, precis_lang **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!name)
        return PRECIS_EINVAL;
    const char *algorithm = px_stem_resolve(name);
    if (!algorithm)
        return PRECIS_ELANG;
    const char *list = stopwords;
    size_t list_len = stopwords_len;
    if (!list)
        list = builtin_list(algorithm, &list_len);
    precis_lang *lang = px_calloc(1, sizeof *lang);
    if (!lang)
        return PRECIS_ENOMEM;
    lang->algorithm = algorithm;
    if (list) {
        int rc = px_stopwords_parse(list, list_len, &lang->stopwords);
        if (!rc)
            rc = build_stop_table(lang);
        if (rc) {
            precis_lang_free(lang);
            return rc;
        }
    }
    *out = lang;
    return PRECIS_OK;
}

void precis_lang_free(precis_lang *lang)
{
    if (!lang)
        return;
    px_stopwords_free(lang->stopwords);
    px_free(lang->stop_keys);
    px_free(lang->stop_disp);
    px_free(lang);
}

const char *precis_lang_name(const precis_lang *lang)
{
    return lang ? lang->algorithm : NULL;
}

int precis_lang_is_stopword(const precis_lang *lang, const char *word,
                            size_t len)
{
    if (!lang || (!word && len))
        return 0;
    return px_lang_stopword(lang, word, len);
}

int precis_analyzer_new(const precis_lang *lang, precis_analyzer **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!lang)
        return PRECIS_EINVAL;
    precis_analyzer *an = px_calloc(1, sizeof *an);
    if (!an)
        return PRECIS_ENOMEM;
    int rc = px_stemmer_new(lang->algorithm, &an->stemmer);
    if (!rc)
        rc = px_strmap_new(&an->words);
    if (!rc)
        rc = px_strmap_new(&an->stems);
    if (!rc) {
        an->hot = px_calloc(PX_HOT_SLOTS, sizeof *an->hot);
        if (!an->hot)
            rc = PRECIS_ENOMEM;
    }
    if (rc) {
        px_stemmer_free(an->stemmer);
        px_strmap_free(an->words);
        px_strmap_free(an->stems);
        px_free(an);
        return rc;
    }
    an->lang = lang;
    an->serial = px_serial_next();
    *out = an;
    return PRECIS_OK;
}

void precis_analyzer_free(precis_analyzer *analyzer)
{
    if (!analyzer)
        return;
    px_stemmer_free(analyzer->stemmer);
    px_strmap_free(analyzer->words);
    px_free(analyzer->info);
    px_free(analyzer->word_terms);
    px_free(analyzer->hot);
    px_strmap_free(analyzer->stems);
    px_free(analyzer->stem_info);
    px_free(analyzer->stem_weight);
    px_page_scratch *p = &analyzer->page;
    px_free(p->lines);
    px_free(p->norm);
    px_free(p->folds);
    px_free((void *)p->words);
    px_free(p->word_lens);
    px_free(p->word_ids);
    px_free(p->word_toks);
    px_free(p->word_keys);
    px_free(p->bits);
    px_free(p->tokens.items);
    px_free(analyzer);
}

int precis_analyzer_stem(precis_analyzer *analyzer, const char *word,
                         size_t len, const char **stem, size_t *stem_len)
{
    if (!analyzer)
        return PRECIS_EINVAL;
    return px_stemmer_stem(analyzer->stemmer, word, len, stem, stem_len);
}

int px_analyzer_word(precis_analyzer *an, const char *folded, size_t len,
                     px_word **out)
{
    uint32_t id;
    int rc = px_analyzer_word_id(an, folded, len, &id);
    if (!rc)
        *out = &an->info[id];
    return rc;
}

/* Words a batch sends to the word cache at once. */
#define MISS_CHUNK 64

int px_analyzer_words(precis_analyzer *an, const char *const *folded,
                      const size_t *lens, size_t n, uint32_t *ids)
{
    /* The words are looked up in the word cache together
     * (px_strmap_find_batch), and known ones (most of any text once the
     * cache is warm) enter the hot cache. New words (and any left unknown
     * by a failed stemming) go the single-word way, which adds and stems
     * them. */
    for (size_t c = 0; c < n; c += MISS_CHUNK) {
        size_t m = n - c < MISS_CHUNK ? n - c : MISS_CHUNK;
        px_strmap_find_batch(an->words, folded + c, lens + c, m, ids + c);
        for (size_t k = c; k < c + m; k++) {
            uint32_t id = ids[k];
            if (id == UINT32_MAX || an->info[id].state == PX_WORD_UNKNOWN) {
                int rc = px_analyzer_word_id(an, folded[k], lens[k], &id);
                if (rc)
                    return rc;
                ids[k] = id;
            }
            if (lens[k] - 1 < PX_HOT_MAX) {
                uint64_t key[2];
                px_key16(folded[k], lens[k], key);
                px_hot_word *h = &an->hot[px_hot_slot(key, lens[k])];
                h->key[0] = key[0];
                h->key[1] = key[1];
                h->id = id;
                h->len = (uint16_t)lens[k];
                h->stop = an->info[id].state == PX_WORD_STOP;
            }
        }
    }
    return PRECIS_OK;
}

/* Sets wt->stem_id to the id of w's stem in the analyzer's stems, adding
 * it. Returns 0 or PRECIS_ENOMEM (the word then stays unknown). */
static int intern_stem(precis_analyzer *an, const px_word *w,
                       px_word_term *wt)
{
    size_t need = px_strmap_size(an->stems) + 1;
    if (need > an->stem_cap) {
        void *items = an->stem_info;
        if (px_grow(&items, &an->stem_cap, need, sizeof *an->stem_info))
            return PRECIS_ENOMEM;
        an->stem_info = items;
    }
    if (need > an->weight_cap) {
        void *items = an->stem_weight;
        if (px_grow(&items, &an->weight_cap, need, sizeof *an->stem_weight))
            return PRECIS_ENOMEM;
        an->stem_weight = items;
    }
    uint32_t id;
    int added;
    int rc = px_strmap_intern(an->stems, w->stem, w->stem_len, &id, &added);
    if (rc)
        return rc;
    if (added) {
        an->stem_info[id].term = 0;
        an->stem_info[id].mark = 0; /* marks handed out start at 1 */
        an->stem_weight[id].model = 0; /* serials start at 1 */
        an->stem_weight[id].weight = 0.0;
    }
    wt->stem_id = id;
    return PRECIS_OK;
}

int px_analyzer_word_id(precis_analyzer *an, const char *folded, size_t len,
                        uint32_t *out)
{
    /* Room for a new entry first, so that one probe both finds a known
     * word and adds a new one. */
    size_t need = px_strmap_size(an->words) + 1;
    if (need > an->info_cap) {
        /* Both arrays grow to one capacity: the first to grow keeps its
         * new size (a failure on the second leaves it larger than the
         * capacity says, which is harmless). */
        size_t cap = an->info_cap;
        void *items = an->info;
        if (px_grow(&items, &cap, need, sizeof *an->info))
            return PRECIS_ENOMEM;
        an->info = items;
        cap = an->info_cap;
        items = an->word_terms;
        if (px_grow(&items, &cap, need, sizeof *an->word_terms))
            return PRECIS_ENOMEM;
        an->word_terms = items;
        an->info_cap = cap;
    }
    uint32_t id;
    int added;
    int rc = px_strmap_intern(an->words, folded, len, &id, &added);
    if (rc)
        return rc;
    px_word *w = &an->info[id];
    px_word_term *wt = &an->word_terms[id];
    if (added) {
        w->stem = NULL;
        w->stem_len = 0;
        wt->term = 0;
        wt->mark = 0; /* marks handed out start at 1 */
        w->state = PX_WORD_UNKNOWN;
        w->opener = PX_OPENER_UNKNOWN;
    }
    if (w->state == PX_WORD_UNKNOWN) {
        /* New, or left unknown when stemming it ran out of memory. */
        if (precis_lang_is_stopword(an->lang, folded, len)) {
            w->state = PX_WORD_STOP;
            wt->mark = PX_MARK_STOP;
        } else {
            rc = px_stemmer_stem(an->stemmer, folded, len, &w->stem,
                                 &w->stem_len);
            if (!rc)
                rc = intern_stem(an, w, wt);
            if (rc)
                return rc;
            w->state = PX_WORD_TERM;
        }
    }
    *out = id;
    return PRECIS_OK;
}

uint32_t px_analyzer_mark(precis_analyzer *an)
{
    if (an->mark >= PX_MARK_STOP - 1) {
        /* After 4 billion articles the marks wrap: clear the old ones so
         * no entry can look current by accident (a stopword's stays). */
        size_t n = px_strmap_size(an->words);
        for (size_t i = 0; i < n; i++)
            if (an->word_terms[i].mark != PX_MARK_STOP)
                an->word_terms[i].mark = 0;
        n = px_strmap_size(an->stems);
        for (size_t i = 0; i < n; i++)
            an->stem_info[i].mark = 0;
        an->mark = 0;
    }
    return ++an->mark;
}
