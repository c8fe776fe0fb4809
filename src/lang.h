/* lang.h: private layouts of precis_lang and precis_analyzer. */
#ifndef PRECIS_LANG_H
#define PRECIS_LANG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "keyset.h"
#include "precis.h"
#include "stem.h"
#include "strmap.h"
#include "stopwords.h"
#include "token.h"

/* Stopwords of 1 to PX_KEYSET_MAX bytes also sit in a perfect-hash set
 * (keyset.h), built once by precis_lang_new: running text is about half
 * stopwords, and a lookup there takes no branch on the answer. */
struct precis_lang {
    const char *algorithm;   /* BORROWED: static, from px_stem_resolve */
    px_stopwords *stopwords; /* OWNED; may be NULL (no list) */
    px_keyset stop;          /* OWNED: the short words of the list */
    /* No size tried gave every word a slot of its own (never seen; only
     * a list built to defeat the hash could): the set answers instead. */
    int stop_unplaced;
    int stop_other;          /* the list has words the table has not */
};

/* 1 when the list holds key (px_keyset_key). */
static inline int px_stop_has(const precis_lang *lang, const uint64_t key[2])
{
    if (lang->stop_unplaced) {
        unsigned char b[16];
        memcpy(b, key, 16);
        return px_stopwords_has(lang->stopwords, (const char *)b, b[15]);
    }
    return px_keyset_has(&lang->stop, key);
}

/* precis_lang_is_stopword for a non-NULL lang, through the table when it
 * can answer. */
static inline int px_lang_stopword(const precis_lang *lang, const char *word,
                                   size_t len)
{
    if (!lang->stopwords)
        return 0;
    if (len == 0 || len > PX_KEYSET_MAX)
        return lang->stop_other &&
               px_stopwords_has(lang->stopwords, word, len);
    unsigned char b[16] = {0};
    uint64_t key[2];
    memcpy(b, word, len);
    px_keyset_key((const char *)b, len, key);
    return px_stop_has(lang, key);
}

/* Buffers a layout (and the article around it) borrows while it reads a
 * page with an analyzer, and hands back: they grow to the size pages need
 * once per analyzer instead of once per page (a dozen reallocations of a
 * page's arrays cost more than reading its words). Each holds nothing
 * between two pages; only the capacities carry over. */
typedef struct px_page_scratch {
    void *lines;            /* the layout's lines */
    size_t lines_cap;
    char *norm;             /* one line's normalised text */
    size_t norm_cap;
    char *folds;            /* one line's folded words */
    size_t folds_cap;
    const char **words;     /* per word of one line */
    size_t *word_lens;
    uint32_t *word_ids;
    size_t *word_toks;      /* per word the hot cache missed: its token */
    uint64_t *word_keys;    /* two per word */
    size_t words_cap;
    uint64_t *bits;         /* one line's classification */
    size_t bits_cap;
    px_tokvec tokens;       /* the page's tokens */
} px_page_scratch;

/* What the analyzer knows of one folded word, from its word cache. */
typedef struct px_word {
    const char *stem;  /* BORROWED from the stemmer; NULL for a stopword */
    size_t stem_len;
    unsigned char state; /* PX_WORD_* */
    /* Whether the word, opening a sentence, points back at an earlier
     * one (article.c decides, once per word): PX_OPENER_*. */
    unsigned char opener;
} px_word;

/* What the term pass reads of a word of the cache (indexed as its
 * px_word): its stem and, as scratch for the article being built, its
 * term id there, valid while `mark` equals that article's mark. A
 * stopword's mark is PX_MARK_STOP for good, which no article is given.
 * The pass meets every token of a page, and the word table misses the
 * caches: these 12 bytes are all it reads of a word. */
typedef struct px_word_term {
    uint32_t term;
    uint32_t mark;
    uint32_t stem_id; /* in the analyzer's `stems`, for a PX_WORD_TERM */
} px_word_term;

#define PX_MARK_STOP UINT32_MAX

#define PX_OPENER_UNKNOWN 0
#define PX_OPENER_PLAIN 1
#define PX_OPENER_DANGLING 2

/* What the analyzer knows of one distinct stem: many words share one
 * ("says", "said", "saying"), and an article's vocabulary is of stems.
 * Read for a word the article meets first, from a table as large as the
 * vocabulary read: kept to 8 bytes, so that more of it stays in the
 * caches. */
typedef struct px_stem_info {
    uint32_t term;   /* the article's term id, valid while mark matches */
    uint32_t mark;
} px_stem_info;

/* A stem's weight in a model, looked up once per model rather than once
 * per article (px_idf_article_weights): the lookups of every distinct
 * stem of every article in a model of a million terms were a tenth of
 * the work of a summary. */
typedef struct px_stem_weight {
    uint64_t model;  /* the serial of the model `weight` came from; 0: none */
    double weight;
} px_stem_weight;

#define PX_WORD_UNKNOWN 0 /* added, then stemming failed (ENOMEM) */
#define PX_WORD_STOP 1
#define PX_WORD_TERM 2

/* A direct-mapped cache in front of the word cache, for the words of up
 * to PX_HOT_MAX bytes: an entry holds the word's bytes packed into two
 * 64-bit words (see hot_key in lang.c), its length (0 in an empty entry,
 * which so matches nothing) and its word cache id. News words follow
 * Zipf's law: a few thousand of them are most tokens, and their entries
 * stay in the processor's caches where the word cache of a large corpus
 * (megabytes) does not. Over 50 MB of BBC and PolNeAR news (8.1 million
 * words) 4,096 entries answered 77% of lookups, 16,384 89%, and 65,536
 * 96%. While each word's entry was read as soon as the word was found,
 * 16,384 (384 KiB, within a core's 512 KiB second-level cache) were the
 * fastest; now that a line's entries are asked for before any is read
 * (count_words_analyzed), the misses of the larger tables overlap, and
 * 32,768 (768 KiB) take the least CPU. */
#define PX_HOT_MAX 16
#define PX_HOT_BITS 15
#define PX_HOT_SLOTS ((size_t)1 << PX_HOT_BITS)

typedef struct px_hot_word {
    uint64_t key[2];   /* px_key16 of the word */
    uint32_t id;
    uint16_t len;
    uint16_t stop;     /* the entry's state is PX_WORD_STOP */
} px_hot_word;

struct precis_analyzer {
    const precis_lang *lang; /* BORROWED */
    /* px_serial_next, once: an article records it with its stem ids, so
     * that they are only read back in this analyzer's stem_info. */
    uint64_t serial;
    px_stemmer *stemmer;     /* OWNED */
    /* The word cache, shared by every document this analyzer reads: each
     * distinct folded word once, with its stopword flag and stem, so one
     * lookup per token answers both. It grows with the vocabulary of the
     * text read (as the stem cache does): a few dozen bytes per distinct
     * word, some megabytes for a large news corpus. */
    px_strmap *words;        /* OWNED; id indexes `info` */
    px_word *info;           /* OWNED */
    px_word_term *word_terms; /* OWNED: indexed as info, same capacity */
    size_t info_cap;
    uint32_t mark;           /* the last article mark handed out */
    px_strmap *stems;        /* OWNED: distinct stems; id indexes stem_info */
    px_stem_info *stem_info; /* OWNED */
    size_t stem_cap;
    px_stem_weight *stem_weight; /* OWNED: indexed as stem_info */
    size_t weight_cap;
    px_page_scratch page;    /* OWNED buffers */
    px_hot_word *hot;        /* OWNED: PX_HOT_SLOTS entries */
};

/* The cache entry of a folded word, looked up or added (stopword check and
 * stemming on first sight). *out is BORROWED until the next call. Returns
 * 0 or PRECIS_ENOMEM. */
int px_analyzer_word(precis_analyzer *analyzer, const char *folded,
                     size_t len, px_word **out);

/* The same, giving the entry's id instead: px_analyzer_info(analyzer, id)
 * is the entry, and ids stay valid for the analyzer's life. */
int px_analyzer_word_id(precis_analyzer *analyzer, const char *folded,
                        size_t len, uint32_t *id);

/* px_analyzer_word_id for n words at once (ids[i] for folded[i], lens[i]
 * bytes), with the cache lookups batched (px_strmap_find_batch): the
 * cache of a large vocabulary is larger than the processor's caches. For
 * the words px_analyzer_hot did not answer: they are not looked for in
 * the hot cache again, but enter it. Each folded[i] has 16 bytes
 * readable from its start, whatever its length. */
int px_analyzer_words(precis_analyzer *analyzer, const char *const *folded,
                      const size_t *lens, size_t n, uint32_t *ids);

/* The slot of the hot cache for key (px_key16) of a word of len bytes.
 * Multiplicative hashing (odd constants from the golden ratio and a
 * common 64-bit mixer): the top bits of the product depend on every key
 * bit. */
static inline size_t px_hot_slot(const uint64_t key[2], size_t len)
{
    uint64_t h = (key[0] ^ (key[1] * 0x9e3779b97f4a7c15ull) ^ len) *
                 0xff51afd7ed558ccdull;
    return (size_t)(h >> (64 - PX_HOT_BITS));
}

/* Entry h when it holds key (px_key16 of a word of len bytes), else NULL.
 * With the length compared too, two words have equal keys only when
 * their bytes are equal. */
static inline const px_hot_word *px_hot_find(const px_hot_word *h,
                                             const uint64_t key[2],
                                             size_t len)
{
    return h->len == len && h->key[0] == key[0] && h->key[1] == key[1] ? h
                                                                       : NULL;
}

/* The hot cache's entry for the folded word of len bytes (16 of them
 * readable from its start, whatever len is), or NULL when it has none.
 * The layout does the same in two steps, so that a line's entries are
 * asked for before any is compared (count_words_analyzed). */
static inline const px_hot_word *px_analyzer_hot(const precis_analyzer *an,
                                                 const char *word,
                                                 size_t len)
{
    if (len - 1 >= PX_HOT_MAX) /* empty (wrapping) or too long */
        return NULL;
    uint64_t key[2];
    px_key16(word, len, key);
    return px_hot_find(&an->hot[px_hot_slot(key, len)], key, len);
}

static inline px_word *px_analyzer_info(precis_analyzer *analyzer,
                                        uint32_t id)
{
    return &analyzer->info[id];
}

static inline px_word_term *px_analyzer_word_term(precis_analyzer *analyzer,
                                                  uint32_t id)
{
    return &analyzer->word_terms[id];
}

/* The folded word of entry id (`len` bytes, NUL-terminated). BORROWED
 * until the next word is added. */
static inline const char *px_analyzer_folded(const precis_analyzer *analyzer,
                                             uint32_t id, size_t *len)
{
    return px_strmap_key(analyzer->words, id, len);
}

/* A fresh mark for an article about to be built: no cache entry carries
 * it yet, so every px_word_term.term is stale until the article sets it.
 * Never PX_MARK_STOP. */
uint32_t px_analyzer_mark(precis_analyzer *analyzer);

#endif
