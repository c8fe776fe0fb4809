/* lang.c: languages (a Snowball algorithm and a stopword set, immutable)
 * and analyzers (a cached stemmer and a word cache, for one thread). */
#include "lang.h"

#include <string.h>

#include "alloc.h"
#include "idf.h"
#include "layout.h"

/* The stopword list that goes with an algorithm. "porter" is the original
 * English stemmer, so it shares the English list. */
static const char *builtin_list(const char *algorithm, size_t *len)
{
    if (strcmp(algorithm, "porter") == 0)
        algorithm = "english";
    return px_stopwords_builtin(algorithm, len);
}

/* Builds the short-word set from the parsed list (see PX_KEYSET_MAX). */
static int build_stop_table(precis_lang *lang)
{
    size_t n = px_stopwords_count(lang->stopwords);
    uint64_t(*keys)[2] = px_malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return PRECIS_ENOMEM;
    size_t count = 0;
    for (size_t w = 0; w < n; w++) {
        size_t len;
        const char *word = px_stopwords_word(lang->stopwords, w, &len);
        if (len == 0 || len > PX_KEYSET_MAX) {
            lang->stop_other = 1;
            continue;
        }
        unsigned char k[16] = {0};
        memcpy(k, word, len);
        px_keyset_key((const char *)k, len, keys[count++]);
    }
    int rc = px_keyset_build(&lang->stop, (const uint64_t(*)[2])keys, count);
    px_free(keys);
    if (rc == 1) {
        lang->stop_unplaced = 1;
        rc = PRECIS_OK;
    }
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
    px_keyset_free(&lang->stop);
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
    px_page_scratch_free(&analyzer->page);
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
