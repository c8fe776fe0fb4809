/* article.h: private layout of precis_article: body sentences, each with
 * its term ids (into the article's own vocabulary of stems). */
#ifndef PRECIS_ARTICLE_H
#define PRECIS_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"
#include "strmap.h"

typedef struct px_sentence {
    precis_span span;
    size_t block;        /* index of its layout block */
    size_t first_term;   /* into article->terms */
    size_t term_count;   /* content terms (stopwords removed) */
    size_t words;        /* all word and number tokens */
    unsigned flags;      /* PX_SENT_* */
} px_sentence;

/* Shape flags the scorer uses to penalize a sentence. */
#define PX_SENT_QUESTION 1u   /* ends with '?' */
#define PX_SENT_FRAGMENT 2u   /* no verb-like shape: no final punctuation, or too short */
#define PX_SENT_DANGLING 4u   /* opens with a word that needs an earlier sentence ("But", "He", "This") */
#define PX_SENT_QUOTE 8u      /* mostly a direct quote */
#define PX_SENT_GLUED 16u     /* holds a caption or heading run into the next sentence */

struct precis_article {
    const precis_doc *doc;    /* BORROWED */
    precis_layout *layout;    /* OWNED */
    px_sentence *sentences;   /* OWNED */
    size_t sentence_count;
    uint32_t *terms;          /* OWNED: term ids, sentence by sentence */
    size_t term_count;
    px_strmap *vocab;         /* OWNED: stems; id -> stem (frozen once
                               * built: px_strmap_freeze) */
    uint32_t *stems;          /* OWNED: each term's stem id in the analyzer
                               * that built the article (kept by packing,
                               * checked before use), or NULL (no stems) */
    uint64_t analyzer;        /* that analyzer's serial (px_serial_next) */
    /* 1 when the article was built here by that analyzer, so its stem ids
     * are the analyzer's as they stand, one per vocabulary stem; 0 when
     * they were read back from bytes (precis_article_unpack), unchecked. */
    int stems_trusted;
    uint32_t *title_terms;    /* OWNED: distinct term ids of the title */
    size_t title_term_count;
};

#endif
