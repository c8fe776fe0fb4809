/* idf.h: private layout of precis_idf, and the weighting formula. */
#ifndef PRECIS_IDF_H
#define PRECIS_IDF_H

#include <stdint.h>

#include "idf_format.h"
#include "precis.h"
#include "strmap.h"

/* Built form: stems and df (view unused). A view: stems NULL, and view
 * over the saved bytes, which are `bytes` when the model owns them
 * (precis_idf_load) and the caller's otherwise (precis_idf_view). */
struct precis_idf {
    char *lang;      /* OWNED */
    px_strmap *stems; /* OWNED; NULL for a view */
    uint64_t *df;    /* OWNED, df[id] for each stem id */
    size_t df_cap;
    uint64_t documents;
    size_t unused; /* stems with df 0 (left by an add that failed) */
    uint32_t *ids; /* OWNED scratch: an added article's stem ids */
    size_t ids_cap;
    /* The model's id of each stem id of one analyzer (the one whose
     * serial is stem_map_analyzer), UINT32_MAX for a stem not met yet:
     * counting an article of that analyzer then finds a stem seen before
     * by its id, not by hashing and comparing its bytes. Ids in the built
     * form never change, so an entry stays right once made. */
    uint32_t *stem_map; /* OWNED */
    size_t stem_map_len; /* entries set, UINT32_MAX or an id */
    size_t stem_map_cap;
    uint64_t stem_map_analyzer; /* 0: none yet */
    px_idf_view view;
    unsigned char *bytes; /* OWNED, or NULL */
    /* px_serial_next at its making and at each change: weights cached
     * under it (px_idf_article_weights) are this model's as it is now. */
    uint64_t serial;
};

/* A number no call returned before, in any thread (1, 2, 3...): names
 * a model as it is and an analyzer for good, so that a cache checks what
 * an address, which a later object may reuse, cannot tell. */
uint64_t px_serial_next(void);

/* Smoothed inverse document frequency: log((N + 1) / (df + 1)) + 1.
 * Never negative; an unseen stem gets the highest weight. */
double px_idf_weight(uint64_t documents, uint64_t df);

/* The weight of every key of `stems` (a vocabulary of stems, such as an
 * article's) in the model: weights[id] for each id, as px_idf_weight of
 * precis_idf_frequency, with the lookups batched (px_strmap_find_batch). */
void px_idf_weights(const precis_idf *idf, const px_strmap *stems,
                    double *weights);

/* px_idf_weights of an article's vocabulary, through the weights that
 * `analyzer` (may be NULL) keeps per stem: when the article was made by
 * it, each stem is looked up in the model once per analyzer and model,
 * not once per article. The same weights either way; the analyzer's
 * cache is written, so it must be the calling thread's. */
void px_idf_article_weights(const precis_idf *idf,
                            const precis_article *article,
                            precis_analyzer *analyzer, double *weights);

#endif
