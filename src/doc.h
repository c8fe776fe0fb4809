/* doc.h: the private layout of precis_doc (see precis.h). */
#ifndef PRECIS_DOC_H
#define PRECIS_DOC_H

#include <stddef.h>

#include "precis.h"

struct precis_doc {
    char *text;         /* OWNED, NUL-terminated, valid UTF-8 */
    size_t len;
    size_t *line_starts; /* OWNED: offset of each line's first byte */
    size_t lines;
};

#endif
