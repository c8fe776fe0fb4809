/* lang.h: private layouts of precis_lang and precis_analyzer. */
#ifndef PRECIS_LANG_H
#define PRECIS_LANG_H

#include "precis.h"
#include "stem.h"
#include "stopwords.h"

struct precis_lang {
    const char *algorithm;   /* BORROWED: static, from px_stem_resolve */
    px_stopwords *stopwords; /* OWNED; may be NULL (no list) */
};

struct precis_analyzer {
    const precis_lang *lang; /* BORROWED */
    px_stemmer *stemmer;     /* OWNED */
};

#endif
