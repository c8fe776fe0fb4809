/* spanvec.h: a growable array of precis_span. */
#ifndef PRECIS_SPANVEC_H
#define PRECIS_SPANVEC_H

#include <stddef.h>

#include "precis.h"

typedef struct px_spanvec {
    precis_span *items; /* OWNED: px_free, or px_spanvec_clear */
    size_t count;
    size_t cap;
} px_spanvec;

/* Appends; returns 0 or PRECIS_ENOMEM. */
int px_spanvec_push(px_spanvec *vec, size_t start, size_t end);
/* Frees the items and empties the vector. */
void px_spanvec_clear(px_spanvec *vec);

#endif
