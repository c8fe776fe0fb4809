/* attribute.h: the attribution sieves. Given a document's paragraphs and
 * its quotes, finds for each quote the words that name its speaker (the
 * mention) and the speech verb (the cue), then resolves the mention to an
 * entity: a name through the document's people, a pronoun to the most
 * recent compatible speaker, a role nominal ("the Armenian prime
 * minister") through the roles the article gave its people earlier. */
#ifndef PRECIS_ATTRIBUTE_H
#define PRECIS_ATTRIBUTE_H

#include <stddef.h>

#include "precis.h"
#include "quote.h"
#include "speaker.h"

typedef struct px_attribution {
    long entity;          /* into the entities, or -1 (abstain) */
    precis_span mention;  /* valid when has_mention */
    precis_span cue;      /* valid when has_cue */
    int has_mention;
    int has_cue;
    const char *sieve;    /* BORROWED: static; "none" when nothing fired */
} px_attribution;

/* The attribution's working buffers, kept from one document to the
 * next by a workspace (see precis_workspace_new): the document's tokens,
 * its paragraphs' copies and classification, and the lists and events
 * the passes over the tokens make. Each holds nothing between two
 * documents; only the room carries over. All zero: no room yet. */
typedef struct px_attr_scratch {
    void *tokens;
    size_t tokens_cap;
    char *text;
    size_t text_cap;
    void *blocks;
    size_t blocks_cap;
    void *index;      /* the paragraphs' and quotes' first tokens */
    size_t index_cap; /* bytes */
    void *lists;      /* the tokens the passes look at */
    size_t lists_cap; /* bytes */
    void *roles, *persons, *speakers, *subjects;
    size_t roles_cap, persons_cap, speakers_cap, subjects_cap;
} px_attr_scratch;

/* Frees the buffers of s and clears it. */
void px_attr_scratch_free(px_attr_scratch *s);

/* Attributes quotes[0..nq) (sorted, from px_quotes_find over the same
 * paragraphs) writing out[0..nq); fills `ents` with the document's people.
 * Works in `scratch`'s buffers, growing them as needed, when it is not
 * NULL; else in buffers of its own, freed before it returns. Linear in
 * the text. Returns 0 or PRECIS_ENOMEM. */
int px_attribute(const char *text, const px_para *paras, size_t npara,
                 const px_quote *quotes, size_t nq, px_entities *ents,
                 px_attr_scratch *scratch, px_attribution *out);

#endif
