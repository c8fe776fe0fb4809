/* brief.h: private layout of precis_brief: one brief of a set of articles,
 * its key sentences ranked across the set, and its quotes merged by
 * speaker across documents. */
#ifndef PRECIS_BRIEF_H
#define PRECIS_BRIEF_H

#include <stddef.h>

#include "precis.h"

/* Two sentences of the set whose stem-count vectors have a cosine above
 * this tell the same fact; the lower-scored one is dropped. Measured on
 * corpus/ over every pair of sentences of two documents: restatements of
 * one fact by two outlets scored 0.905, 0.819, 0.750, 0.667, 0.555 (the
 * Kremlin meeting, 003/004), 0.519 (the Sochi talks, 000/001), 0.507 and
 * 0.485; the closest pairs about different facts scored 0.499 (the Sochi
 * talks against the Kremlin meeting, 001/004), 0.472 and 0.463, and all
 * others stayed under 0.40. 0.5 drops all but the last restatement and no
 * distinct fact. A paraphrase that shares few words (003's and 004's
 * leads, 0.27) is beyond a word measure. Higher than select.c's 0.6 would
 * keep the Sochi and Kremlin restatements; lower would merge events. */
#define PX_BRIEF_DUPLICATE 0.5

/* Each candidate is compared with at most this many taken sentences (the
 * best ones), so that a huge -n stays linear, as in select.c. */
#define PX_BRIEF_WINDOW 64

/* Key sentences when the options ask for the default: the three of a
 * single article's summary, five for a set (a few more facts than one
 * article has, still one screen). */
#define PX_BRIEF_SENTENCES_ONE 3
#define PX_BRIEF_SENTENCES_SET 5

typedef struct px_brief_sentence {
    size_t doc;   /* index of its article in the set */
    size_t index; /* among that article's sentences */
    precis_span span;
    double score;
} px_brief_sentence;

typedef struct px_brief_source {
    size_t doc;
    precis_span span;
} px_brief_source;

typedef struct px_brief_quote {
    size_t first_source; /* into sources */
    size_t source_count;
} px_brief_quote;

typedef struct px_brief_speaker {
    char *name;          /* OWNED; NULL for the unattributed quotes */
    size_t first_quote;  /* into quotes */
    size_t quote_count;
} px_brief_speaker;

struct precis_brief {
    px_brief_sentence *sentences; /* OWNED */
    size_t sentence_count;
    px_brief_speaker *speakers;   /* OWNED, most quoted first */
    size_t speaker_count;
    px_brief_quote *quotes;       /* OWNED, speaker by speaker */
    size_t quote_count;
    px_brief_source *sources;     /* OWNED, quote by quote */
    size_t source_count;
    const char *date_first;       /* BORROWED from an article's layout */
    const char *date_last;
};

#endif
