/* layout.h: the private layout of precis_layout (see precis.h): the
 * document's blocks in order, each body or dropped with a static reason,
 * and the metadata fields found on the page. */
#ifndef PRECIS_LAYOUT_H
#define PRECIS_LAYOUT_H

#include <stddef.h>

#include "precis.h"
#include "token.h"

/* One block: consecutive lines of one paragraph with the same verdict. */
typedef struct px_block {
    precis_span span;   /* trimmed of white space at both ends */
    const char *reason; /* BORROWED: static; NULL for a body block */
} px_block;

/* Number of precis_field values. */
#define PX_FIELD_COUNT 4

struct precis_layout {
    const precis_doc *doc;   /* BORROWED */
    px_block *blocks;        /* OWNED */
    size_t block_count;
    precis_span fields[PX_FIELD_COUNT];
    unsigned char has_field[PX_FIELD_COUNT];
    char date_iso[32];       /* "YYYY-MM-DDTHH:MM", NUL-terminated */
    int has_date_iso;
};

/* precis_layout_new, reading each word of the page through `analyzer`
 * (its word cache decides stopwords, as the language's list does, so the
 * layout is the same) and appending every token, in text order, to
 * `tokens`. The analyzer must be for the same language as the layout. */
int px_layout_new_analyzed(const precis_doc *doc, precis_analyzer *analyzer,
                           px_tokvec *tokens, precis_layout **out);

#endif
