/* spanvec.c: a growable array of precis_span. */
#include "spanvec.h"

#include "alloc.h"

int px_spanvec_push(px_spanvec *vec, size_t start, size_t end)
{
    if (vec->count == vec->cap) { /* full: only then a call to px_grow */
        void *items = vec->items;
        if (px_grow(&items, &vec->cap, vec->count + 1, sizeof(precis_span)))
            return PRECIS_ENOMEM;
        vec->items = items;
    }
    vec->items[vec->count].start = start;
    vec->items[vec->count].end = end;
    vec->count++;
    return 0;
}

void px_spanvec_clear(px_spanvec *vec)
{
    px_free(vec->items);
    vec->items = NULL;
    vec->count = vec->cap = 0;
}
