/* stopwords.h: stopword sets, parsed from "one word per line, # comments"
 * lists; the lists in stopwords/ are compiled into the library. */
#ifndef PRECIS_STOPWORDS_H
#define PRECIS_STOPWORDS_H

#include <stddef.h>

typedef struct px_stopwords px_stopwords;

/* Parses a list (UTF-8; words are case-folded on the way in).
 * OWNED: px_stopwords_free. Returns 0, PRECIS_ENOMEM or PRECIS_EUTF8. */
int px_stopwords_parse(const char *text, size_t len, px_stopwords **out);
void px_stopwords_free(px_stopwords *set);

/* Nonzero when the (already folded) word is in the set. NULL set: 0. */
int px_stopwords_has(const px_stopwords *set, const char *word, size_t len);
size_t px_stopwords_count(const px_stopwords *set);
/* Word i (0 <= i < px_stopwords_count) and its length in *len. BORROWED
 * from the set. */
const char *px_stopwords_word(const px_stopwords *set, size_t i,
                              size_t *len);

/* The built-in list for a Snowball algorithm name ("english"), or NULL.
 * BORROWED: static. */
const char *px_stopwords_builtin(const char *lang, size_t *len);

#endif
