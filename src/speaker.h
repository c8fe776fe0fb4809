/* speaker.h: the words that name speakers and the people they name.
 * - Lexicons (compiled in from src/lexicon/): speech verbs and role nouns.
 * - An entity table per document: each person or organisation once, under
 *   a canonical name ("Vladimir Putin"), found by its last name ("putin").
 * - precis_speakers: canonical names and aliases shared across documents. */
#ifndef PRECIS_SPEAKER_H
#define PRECIS_SPEAKER_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"
#include "strmap.h"

/* Role tags (src/lexicon/roles.txt). */
#define PX_ROLE_HEAD 1u    /* head of state or government */
#define PX_ROLE_TITLE 2u   /* written before a name: Mr, Sen. */
#define PX_ROLE_MALE 4u
#define PX_ROLE_FEMALE 8u
#define PX_ROLE_GROUP 16u  /* a body or several people */
#define PX_ROLE_GENERIC 32u /* stands for any head role ("leader") */
#define PX_ROLE_DOC 64u     /* a text that speaks: "the report said" */

/* Longest role phrase, in words ("deputy prime minister"). */
#define PX_ROLE_MAX_WORDS 3

/* Nonzero when the folded word is a speech verb form. */
int px_lex_is_speech_verb(const char *folded, size_t len);

/* The role index (>= 0) of a folded phrase (words joined by one space),
 * with its PX_ROLE_* tags in *tags, or -1. */
int px_lex_role(const char *folded, size_t len, unsigned *tags);

/* Calls cb for each speech verb (roles = 0) or each role (roles = 1): the
 * folded word or phrase, its index and tags. For callers that build their
 * own combined tables. */
void px_lex_each(int roles,
                 void (*cb)(const char *s, size_t len, int index,
                            unsigned tags, void *ctx),
                 void *ctx);

/* Genders. */
#define PX_GENDER_UNKNOWN 0
#define PX_GENDER_MALE 1
#define PX_GENDER_FEMALE 2

/* A document's entities. */
typedef struct px_entity {
    const char *name;  /* BORROWED from the text px_entities_add was given:
                        * canonical name, name_len bytes */
    size_t name_len;
    size_t name_words; /* words in it */
    int gender;        /* PX_GENDER_* */
    int person;        /* 1: a person, 0: unknown, -1: an organisation */
    uint32_t last;     /* id of its folded last word in `lasts` */
} px_entity;

typedef struct px_entities {
    px_strmap *keys;   /* OWNED: folded name -> entity id */
    px_entity *items;  /* OWNED */
    size_t count;
    size_t cap;
    px_strmap *lasts;  /* OWNED: folded last word -> id */
    uint32_t *last_first; /* OWNED: last word id -> first entity with it */
    size_t lasts_cap;
} px_entities;

/* Returns 0 or PRECIS_ENOMEM. px_entities_clear frees everything. */
int px_entities_init(px_entities *e);
void px_entities_clear(px_entities *e);

/* Finds or adds the entity named key[0..key_len) (the folded name: "hillary
 * clinton", or a lone "clinton"), whose folded last word is last[0..
 * last_len). `name` (name_len bytes, name_words words) becomes its
 * canonical name when it has none yet, or has a single word and this one
 * more (up to four); it is not copied, and must outlive the entities (a
 * document's names are spans of its text). *id receives the entity.
 * Returns 0 or PRECIS_ENOMEM. */
int px_entities_add(px_entities *e, const char *key, size_t key_len,
                    const char *last, size_t last_len, const char *name,
                    size_t name_len, size_t name_words, uint32_t *id);

/* The entity with that folded name, or -1. */
long px_entities_find(const px_entities *e, const char *key, size_t len);

/* The first entity whose last word is last[0..len) (folded), or -1;
 * *last_id (may be NULL) receives the word's id, or UINT32_MAX. */
long px_entities_find_last(const px_entities *e, const char *last,
                           size_t len, uint32_t *last_id);

/* Folds s[0..len) (case folding, ’ to ') into out (cap bytes, NUL
 * terminated); returns the folded length, or 0 when it does not fit. */
size_t px_fold(const char *s, size_t len, char *out, size_t cap);

/* Registers a document's canonical name in the set (name and last word as
 * aliases, unless taken) and returns the set's canonical name for it.
 * *canon is BORROWED from the set (NULL when name is empty).
 * Returns 0 or PRECIS_ENOMEM. */
int px_speakers_resolve(precis_speakers *set, const char *name, size_t len,
                        int learn, const char **canon);

#endif
