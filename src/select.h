/* select.h: picking sentences within a budget, without near-duplicates. */
#ifndef PRECIS_SELECT_H
#define PRECIS_SELECT_H

#include <stddef.h>

#include "article.h"

/* Greedy choice by score within the options' budget; a candidate whose
 * term cosine with an already chosen sentence exceeds the redundancy limit
 * is skipped. Writes the chosen sentence indices, in document order, to
 * chosen (room for sentence_count) and their number to *count.
 * Returns 0 or PRECIS_ENOMEM. */
int px_select_sentences(const precis_article *article, const double *scores,
                        const precis_summary_options *options,
                        size_t *chosen, size_t *count);

/* The same with the given redundancy limit instead of the default one
 * (px_default_weights.redundancy); a limit of 1 or more keeps every
 * candidate. */
int px_select_sentences_limited(const precis_article *article,
                                const double *scores,
                                const precis_summary_options *options,
                                double redundancy, size_t *chosen,
                                size_t *count);

#endif
