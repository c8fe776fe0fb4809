/* stem.h: the only user of libstemmer. A stemmer with a cache: each
 * distinct word is stemmed once, then served from a hash table. One per
 * thread. */
#ifndef PRECIS_STEM_H
#define PRECIS_STEM_H

#include <stddef.h>

typedef struct px_stemmer px_stemmer;

/* Resolves a Snowball algorithm name or code ("english", "en", "eng") to
 * the canonical algorithm name. BORROWED: static; NULL when unknown. */
const char *px_stem_resolve(const char *name);

/* OWNED: px_stemmer_free. Returns 0, PRECIS_ELANG or PRECIS_ENOMEM. */
int px_stemmer_new(const char *algorithm, px_stemmer **out);
void px_stemmer_free(px_stemmer *stemmer);

/* Stems a lower-cased UTF-8 word. *stem is BORROWED from the stemmer
 * (valid until it is freed) and NUL-terminated. Returns 0 or ENOMEM. */
int px_stemmer_stem(px_stemmer *stemmer, const char *word, size_t len,
                    const char **stem, size_t *stem_len);

/* Calls to libstemmer so far (cache misses), for tests. */
size_t px_stemmer_misses(const px_stemmer *stemmer);

/* The NULL-terminated list of algorithm names. */
const char **px_stem_list(void);

#endif
