/* score.h: sentence scoring: TF-IDF centrality plus position, title
 * overlap, length and shape features. */
#ifndef PRECIS_SCORE_H
#define PRECIS_SCORE_H

#include "article.h"

/* Fills scores[0..article->sentence_count) with each sentence's score.
 * `idf` may be NULL: the article's sentences then act as documents.
 * Returns 0 or PRECIS_ENOMEM. */
int px_score_sentences(const precis_article *article, const precis_idf *idf,
                       double *scores);

#endif
