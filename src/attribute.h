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

/* Attributes quotes[0..nq) (sorted, from px_quotes_find over the same
 * paragraphs) writing out[0..nq); fills `ents` with the document's people.
 * Linear in the text. Returns 0 or PRECIS_ENOMEM. */
int px_attribute(const char *text, const px_para *paras, size_t npara,
                 const px_quote *quotes, size_t nq, px_entities *ents,
                 px_attribution *out);

#endif
