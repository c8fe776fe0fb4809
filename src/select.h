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

#endif
