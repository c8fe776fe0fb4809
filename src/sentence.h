/* sentence.h: the news-aware sentence splitter (precis_sentences_split is
 * its public face). */
#ifndef PRECIS_SENTENCE_H
#define PRECIS_SENTENCE_H

#include <stddef.h>

#include "precis.h"
#include "spanvec.h"

/* Splits text[start..end) and appends each sentence's span (absolute
 * offsets into text, trimmed of white space) to out. A blank line always
 * ends a sentence; a single line break ends one when the line before has
 * no sentence-final punctuation and looks like a heading (see sentence.c).
 * Linear in end - start. Returns 0 or PRECIS_ENOMEM. */
int px_sentences_split(const char *text, size_t start, size_t end,
                       px_spanvec *out);

#endif
