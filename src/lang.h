/* lang.h: private layouts of precis_lang and precis_analyzer. */
#ifndef PRECIS_LANG_H
#define PRECIS_LANG_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"
#include "stem.h"
#include "strmap.h"
#include "stopwords.h"

struct precis_lang {
    const char *algorithm;   /* BORROWED: static, from px_stem_resolve */
    px_stopwords *stopwords; /* OWNED; may be NULL (no list) */
};

/* What the analyzer knows of one folded word, from its word cache. */
typedef struct px_word {
    const char *stem;  /* BORROWED from the stemmer; NULL for a stopword */
    size_t stem_len;
    /* Scratch for the article being built: its term id for this word,
     * valid while `mark` equals that article's mark. */
    uint32_t term;
    uint32_t mark;
    unsigned char state; /* PX_WORD_* */
} px_word;

#define PX_WORD_UNKNOWN 0 /* added, then stemming failed (ENOMEM) */
#define PX_WORD_STOP 1
#define PX_WORD_TERM 2

struct precis_analyzer {
    const precis_lang *lang; /* BORROWED */
    px_stemmer *stemmer;     /* OWNED */
    /* The word cache, shared by every document this analyzer reads: each
     * distinct folded word once, with its stopword flag and stem, so one
     * lookup per token answers both. It grows with the vocabulary of the
     * text read (as the stem cache does): a few dozen bytes per distinct
     * word, some megabytes for a large news corpus. */
    px_strmap *words;        /* OWNED; id indexes `info` */
    px_word *info;           /* OWNED */
    size_t info_cap;
    uint32_t mark;           /* the last article mark handed out */
};

/* The cache entry of a folded word, looked up or added (stopword check and
 * stemming on first sight). *out is BORROWED until the next call. Returns
 * 0 or PRECIS_ENOMEM. */
int px_analyzer_word(precis_analyzer *analyzer, const char *folded,
                     size_t len, px_word **out);

/* A fresh mark for an article about to be built: no cache entry carries
 * it yet, so every px_word.term is stale until the article sets it. */
uint32_t px_analyzer_mark(precis_analyzer *analyzer);

#endif
