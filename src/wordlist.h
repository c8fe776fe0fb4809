/* wordlist.h: fixed word lists with their lengths.
 *
 * The modules keep short lists of words (sentence starters, dangling
 * openers) that are compared with text of a known length; each entry
 * carries its length so that no lookup runs strlen. */
#ifndef PRECIS_WORDLIST_H
#define PRECIS_WORDLIST_H

#include <stddef.h>

typedef struct px_listed_word {
    const char *word;
    size_t len;
} px_listed_word;

/* An entry of a list: a string literal and its length. */
#define PX_LISTED(word) {word, sizeof(word) - 1}

#endif
