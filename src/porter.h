/* porter.h: the Porter stemmer in the variant ROUGE-1.5.5 uses for its -m
 * option, so that precis's ROUGE figures equal the reference scorer's.
 * It differs from Snowball's English stemmer (stem.h), which the
 * summarizer uses: this one follows Porter's 1980 rules with the common
 * departures "bli" -> "ble" and "logi" -> "log" in step 2, and tries
 * "-ment" and "-ent" once more after the other step-4 suffixes. */
#ifndef PRECIS_PORTER_H
#define PRECIS_PORTER_H

#include <stddef.h>

/* Stems word[0..len) in place and returns the stem's length (never more
 * than len). The word must be lower-case ASCII letters and digits, as
 * ROUGE's tokens are; words shorter than 3 bytes are left as they are.
 * Allocates nothing and cannot fail. */
size_t px_porter_stem(char *word, size_t len);

#endif
