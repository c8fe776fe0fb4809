/* score.h: sentence scoring: TF-IDF centrality plus position, title
 * overlap, length and shape features. */
#ifndef PRECIS_SCORE_H
#define PRECIS_SCORE_H

#include "article.h"

/* The scoring weights (private: the library always uses
 * px_default_weights; bench/ablation.c changes them to measure what each
 * feature adds). score.c says where each default came from. */
typedef struct px_weights {
    double centrality;     /* multiplies the cosine to the centroid, [0, 1] */
    double title;          /* multiplies the title overlap in [0, 1] */
    double forward;        /* multiplies the cosine to the sentences after */
    double position;       /* bonus of the first sentence */
    double position_decay; /* sentence i gets position / (1 + i / decay) */
    size_t short_words;    /* fewer words than this: length penalty (0: none) */
    size_t long_words;     /* more words than this: length penalty (0: none) */
    double fragment;       /* factors for the shape flags (1: no effect) */
    double question;
    double quote;
    double dangling;
    double glued;
    double redundancy;     /* select: cosine limit to chosen ones (>= 1: off) */
} px_weights;

extern const px_weights px_default_weights;

/* Fills scores[0..article->sentence_count) with each sentence's score,
 * using the default weights. `idf` may be NULL: the article's sentences
 * then act as documents. Returns 0 or PRECIS_ENOMEM. */
int px_score_sentences(const precis_article *article, const precis_idf *idf,
                       double *scores);

/* The same with the given weights. */
int px_score_sentences_weighted(const precis_article *article,
                                const precis_idf *idf, const px_weights *w,
                                double *scores);

/* px_score_sentences with the model's weights read through the stem
 * weights `analyzer` keeps (px_idf_article_weights); analyzer may be
 * NULL. The same scores. */
int px_score_sentences_cached(const precis_article *article,
                              const precis_idf *idf,
                              precis_analyzer *analyzer, double *scores);

#endif
