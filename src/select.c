/* select.c: greedy choice of the best sentences within a budget.
 *
 * Candidates are taken by descending score. A candidate is skipped when it
 * does not fit the word budget or when it repeats a sentence already
 * chosen (term cosine above the redundancy limit). The chosen indices are
 * returned in document order, so the summary reads like the article. */
#include "select.h"

#include <math.h>
#include <stdlib.h>

#include "alloc.h"
#include "score.h"

/* The redundancy limit (px_default_weights.redundancy, set in score.c):
 * two sentences whose term-count vectors have a cosine above 0.6 share
 * most of their content words: in the news-human dev articles such pairs
 * are mostly a photo caption and the body sentence it restates. Measured
 * (ROUGE-1 F1, news-human dev @3 / bbc dev @3 / bbc dev @7): limit 0.4
 * gave 41.5 / 47.9 / 66.4 (different sentences about the same people get
 * dropped), 0.5 gave 41.4 / 48.2 / 67.7, 0.6 gave 41.6 / 48.2 / 68.1,
 * 0.7 gave 41.3 / 48.3 / 68.1, and no limit 41.2 / 48.3 / 68.2. */

/* A candidate is compared with at most this many chosen sentences (the
 * best ones, chosen first). Redundancy matters in short summaries; the
 * cap keeps long ratio budgets linear in the article. */
#define REDUNDANCY_WINDOW 64

typedef struct ranked {
    double score;
    size_t index;
} ranked;

static int by_score(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->score > b->score)
        return -1;
    if (a->score < b->score)
        return 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* The candidates are taken from a binary heap of `ranked`, best at the
 * root, rather than from a sorted array: a summary takes a few sentences
 * of an article of dozens, and a heap is made in linear time, then pays
 * only for the candidates taken. By by_score, a total order (the index
 * breaks ties), they come out in the order a sort would give. */

/* Moves heap[i] down to its place among its descendants in heap[0..n). */
static void sift_down(ranked *heap, size_t n, size_t i)
{
    ranked item = heap[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && by_score(&heap[child + 1], &heap[child]) < 0)
            child++;
        if (by_score(&heap[child], &item) >= 0)
            break;
        heap[i] = heap[child];
        i = child;
    }
    heap[i] = item;
}

static void make_heap(ranked *heap, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(heap, n, i);
}

/* Takes the best of heap[0..*n) out and returns it. */
static ranked pop_best(ranked *heap, size_t *n)
{
    ranked best = heap[0];
    heap[0] = heap[--*n];
    if (*n > 1)
        sift_down(heap, *n, 0);
    return best;
}

static int by_index(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return (a > b) - (a < b);
}

/* The word budget: the tighter of -w and -r; SIZE_MAX when neither. */
static size_t word_budget(const precis_article *a,
                          const precis_summary_options *o)
{
    size_t budget = o->words ? o->words : (size_t)-1;
    if (o->ratio > 0.0) {
        size_t total = 0;
        for (size_t i = 0; i < a->sentence_count; i++)
            total += a->sentences[i].words;
        double r = o->ratio < 1.0 ? o->ratio : 1.0;
        size_t by_ratio = (size_t)ceil(r * (double)total);
        if (by_ratio < budget)
            budget = by_ratio;
    }
    return budget;
}

/* Cosine between the term-count vectors of sentences x and y; `count`
 * holds x's counts on entry and is left unchanged. */
static double cosine(const precis_article *a, const uint32_t *count,
                     double x_norm, size_t y, uint32_t *scratch)
{
    const px_sentence *sy = &a->sentences[y];
    const uint32_t *ids = a->terms + sy->first_term;
    double dot = 0.0, y_norm = 0.0;
    for (size_t k = 0; k < sy->term_count; k++) {
        uint32_t t = ids[k];
        dot += count[t];
        scratch[t]++;
    }
    for (size_t k = 0; k < sy->term_count; k++) {
        uint32_t t = ids[k];
        if (scratch[t]) {
            y_norm += (double)scratch[t] * scratch[t];
            scratch[t] = 0;
        }
    }
    if (x_norm <= 0.0 || y_norm <= 0.0)
        return 0.0;
    return dot / (x_norm * sqrt(y_norm));
}

/* Loads sentence x's term counts into count and returns their norm. */
static double load_counts(const precis_article *a, size_t x, uint32_t *count)
{
    const px_sentence *sx = &a->sentences[x];
    const uint32_t *ids = a->terms + sx->first_term;
    for (size_t k = 0; k < sx->term_count; k++)
        count[ids[k]]++;
    /* Summing each occurrence's final count adds c once per occurrence,
     * that is c * c per distinct term: the squared norm. */
    double norm = 0.0;
    for (size_t k = 0; k < sx->term_count; k++)
        norm += count[ids[k]];
    return sqrt(norm);
}

static void clear_counts(const precis_article *a, size_t x, uint32_t *count)
{
    const px_sentence *sx = &a->sentences[x];
    for (size_t k = 0; k < sx->term_count; k++)
        count[a->terms[sx->first_term + k]] = 0;
}

static int redundant(const precis_article *a, size_t cand,
                     const size_t *chosen, size_t count, double limit,
                     uint32_t *counts, uint32_t *scratch)
{
    double norm = load_counts(a, cand, counts);
    int hit = 0;
    size_t n = count < REDUNDANCY_WINDOW ? count : REDUNDANCY_WINDOW;
    for (size_t j = 0; j < n && !hit; j++)
        hit = cosine(a, counts, norm, chosen[j], scratch) > limit;
    clear_counts(a, cand, counts);
    return hit;
}

int px_select_sentences(const precis_article *article, const double *scores,
                        const precis_summary_options *options,
                        size_t *chosen, size_t *count)
{
    return px_select_sentences_limited(article, scores, options,
                                       px_default_weights.redundancy, chosen,
                                       count);
}

int px_select_sentences_limited(const precis_article *article,
                                const double *scores,
                                const precis_summary_options *options,
                                double redundancy, size_t *chosen,
                                size_t *count)
{
    const precis_article *a = article;
    *count = 0;
    size_t n = a->sentence_count;
    if (n == 0)
        return PRECIS_OK;
    size_t max_sentences = options->sentences ? options->sentences : n;
    size_t budget = word_budget(a, options);

    size_t terms = px_strmap_size(a->vocab);
    ranked *order = px_malloc(n * sizeof *order);
    uint32_t *counts = px_calloc(terms ? terms : 1, sizeof *counts);
    uint32_t *scratch = px_calloc(terms ? terms : 1, sizeof *scratch);
    if (!order || !counts || !scratch) {
        px_free(order);
        px_free(counts);
        px_free(scratch);
        return PRECIS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        order[i].score = scores[i];
        order[i].index = i;
    }
    make_heap(order, n);
    size_t best = order[0].index;

    size_t used = 0;
    for (size_t left = n; left > 0 && *count < max_sentences;) {
        size_t i = pop_best(order, &left).index;
        size_t words = a->sentences[i].words;
        if (words > budget - used)
            continue;
        if (redundant(a, i, chosen, *count, redundancy, counts, scratch))
            continue;
        chosen[(*count)++] = i;
        used += words;
    }
    /* A budget smaller than every sentence would give an empty summary of
     * a non-empty article; the best sentence is more useful than nothing,
     * so it is kept even when it overshoots. */
    if (*count == 0 && max_sentences > 0)
        chosen[(*count)++] = best;
    qsort(chosen, *count, sizeof *chosen, by_index);
    px_free(order);
    px_free(counts);
    px_free(scratch);
    return PRECIS_OK;
}
