/* layout.h: the private layout of precis_layout (see precis.h): the
 * document's blocks in order, each body or dropped with a static reason,
 * and the metadata fields found on the page. */
#ifndef PRECIS_LAYOUT_H
#define PRECIS_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "lang.h"
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

/* Frees the buffers of p (an analyzer's or a workspace's) and clears
 * it. */
void px_page_scratch_free(px_page_scratch *p);

/* Shrinks the block array to fit, for a layout that is kept. Returns 0 or
 * PRECIS_ENOMEM (the layout is unchanged). */
int px_layout_compact(precis_layout *layout);

/* The bytes the layout holds from the allocator, exact after
 * px_layout_compact (before it, the blocks' spare room is not counted). */
size_t px_layout_memory(const precis_layout *layout);

/* A block's reason as a number and back, for the article's packed form:
 * 0 for a body block (NULL), 1, 2... for the static reasons, UINT32_MAX
 * for a pointer that is none of them. px_layout_reason_of gives 1 and
 * *reason for a number in range, else 0. */
uint32_t px_layout_reason_id(const char *reason);
int px_layout_reason_of(uint32_t id, const char **reason);

#endif
