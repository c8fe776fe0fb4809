/* stem.c: the Snowball stemmer behind a cache; the only file that includes
 * <libstemmer.h>.
 *
 * libstemmer's result is valid only until its next call, so every stem is
 * copied once into the stemmer's own storage. That storage is a list of
 * fixed chunks that are never reallocated: a stem handed out stays where it
 * is until the stemmer is freed, however many words come later. The word
 * -> stem map is a px_strmap of words plus a parallel array of stem
 * pointers, so a cache hit is one hash lookup and no allocation. */
#include "stem.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <libstemmer.h>

#include "alloc.h"
#include "precis.h"
#include "strmap.h"

/* 64 KiB holds several thousand typical stems, so a news article needs
 * one or two chunks and a large corpus allocates rarely. */
#define CHUNK_SIZE 65536u

typedef struct stem_chunk {
    struct stem_chunk *next;
    size_t used;
    size_t cap;
    char data[];
} stem_chunk;

struct px_stemmer {
    struct sb_stemmer *sb;
    px_strmap *words;     /* cached words; id indexes the arrays below */
    const char **stem;    /* per word id: its stem, in a chunk */
    size_t *stem_len;
    size_t stem_cap;
    stem_chunk *chunks;   /* head is the chunk being filled */
    size_t misses;
};

/* ISO 639-1 and 639-2 (bibliographic and terminology) codes of the
 * languages Snowball has stemmers for. libstemmer accepts most of these
 * itself, but it reports only canonical names, and callers need the
 * canonical name to pick a stopword list and to label IDF models. */
static const struct {
    const char *code;
    const char *name;
} codes[] = {
    {"ar", "arabic"},     {"ara", "arabic"},
    {"hy", "armenian"},   {"arm", "armenian"},   {"hye", "armenian"},
    {"eu", "basque"},     {"baq", "basque"},     {"eus", "basque"},
    {"ca", "catalan"},    {"cat", "catalan"},
    {"da", "danish"},     {"dan", "danish"},
    {"nl", "dutch"},      {"dut", "dutch"},      {"nld", "dutch"},
    {"en", "english"},    {"eng", "english"},
    {"fi", "finnish"},    {"fin", "finnish"},
    {"fr", "french"},     {"fre", "french"},     {"fra", "french"},
    {"de", "german"},     {"ger", "german"},     {"deu", "german"},
    {"el", "greek"},      {"gre", "greek"},      {"ell", "greek"},
    {"hi", "hindi"},      {"hin", "hindi"},
    {"hu", "hungarian"},  {"hun", "hungarian"},
    {"id", "indonesian"}, {"ind", "indonesian"},
    {"ga", "irish"},      {"gle", "irish"},
    {"it", "italian"},    {"ita", "italian"},
    {"lt", "lithuanian"}, {"lit", "lithuanian"},
    {"ne", "nepali"},     {"nep", "nepali"},
    /* Snowball's Norwegian stemmer is written for Bokmål. */
    {"no", "norwegian"},  {"nor", "norwegian"},
    {"nb", "norwegian"},  {"nob", "norwegian"},
    {"pt", "portuguese"}, {"por", "portuguese"},
    {"ro", "romanian"},   {"rum", "romanian"},   {"ron", "romanian"},
    {"ru", "russian"},    {"rus", "russian"},
    {"sr", "serbian"},    {"srp", "serbian"},
    {"es", "spanish"},    {"spa", "spanish"},
    {"sv", "swedish"},    {"swe", "swedish"},
    {"ta", "tamil"},      {"tam", "tamil"},
    {"tr", "turkish"},    {"tur", "turkish"},
    {"yi", "yiddish"},    {"yid", "yiddish"},
};

const char **px_stem_list(void)
{
    return sb_stemmer_list();
}

const char **precis_lang_list(void)
{
    return sb_stemmer_list();
}

/* The entry of libstemmer's own (static) list equal to name, or NULL. */
static const char *listed(const char *name)
{
    for (const char **l = sb_stemmer_list(); *l; l++) {
        if (strcmp(*l, name) == 0)
            return *l;
    }
    return NULL;
}

const char *px_stem_resolve(const char *name)
{
    if (!name)
        return NULL;
    /* Names are ASCII and short ("portuguese" is the longest); case is
     * ignored so that "English" and "EN" work from a command line. */
    char lower[32];
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof lower)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        lower[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    lower[n] = '\0';
    const char *found = listed(lower);
    if (found)
        return found;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if (strcmp(codes[i].code, lower) == 0)
            return listed(codes[i].name);
    }
    return NULL;
}

int px_stemmer_new(const char *algorithm, px_stemmer **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    const char *name = px_stem_resolve(algorithm);
    if (!name)
        return PRECIS_ELANG;
    px_stemmer *st = px_calloc(1, sizeof *st);
    if (!st)
        return PRECIS_ENOMEM;
    if (px_strmap_new(&st->words)) {
        px_free(st);
        return PRECIS_ENOMEM;
    }
    /* The name is one libstemmer listed, so NULL here can only mean that
     * its allocation failed. */
    st->sb = sb_stemmer_new(name, "UTF_8");
    if (!st->sb) {
        px_stemmer_free(st);
        return PRECIS_ENOMEM;
    }
    *out = st;
    return PRECIS_OK;
}

void px_stemmer_free(px_stemmer *stemmer)
{
    if (!stemmer)
        return;
    sb_stemmer_delete(stemmer->sb);
    px_strmap_free(stemmer->words);
    px_free(stemmer->stem);
    px_free(stemmer->stem_len);
    stem_chunk *c = stemmer->chunks;
    while (c) {
        stem_chunk *next = c->next;
        px_free(c);
        c = next;
    }
    px_free(stemmer);
}

/* Copies s[0..len) and a NUL into the chunk list; the copy never moves. */
static const char *store(px_stemmer *st, const unsigned char *s, size_t len)
{
    stem_chunk *c = st->chunks;
    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > CHUNK_SIZE ? len + 1 : CHUNK_SIZE;
        c = px_malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = st->chunks;
        c->used = 0;
        c->cap = cap;
        st->chunks = c;
    }
    char *dst = c->data + c->used;
    if (len)
        memcpy(dst, s, len);
    dst[len] = '\0';
    c->used += len + 1;
    return dst;
}

/* Makes room in the per-word arrays for `need` words. */
static int reserve(px_stemmer *st, size_t need)
{
    if (need <= st->stem_cap)
        return PRECIS_OK;
    size_t cap = st->stem_cap ? st->stem_cap * 2 : 256;
    while (cap < need)
        cap *= 2;
    const char **stems = px_realloc((void *)st->stem, cap * sizeof *stems);
    if (!stems)
        return PRECIS_ENOMEM;
    st->stem = stems;
    size_t *lens = px_realloc(st->stem_len, cap * sizeof *lens);
    if (!lens)
        return PRECIS_ENOMEM;
    st->stem_len = lens;
    st->stem_cap = cap;
    return PRECIS_OK;
}

int px_stemmer_stem(px_stemmer *stemmer, const char *word, size_t len,
                    const char **stem, size_t *stem_len)
{
    if (!stemmer || !stem || (!word && len))
        return PRECIS_EINVAL;
    if (!word)
        word = "";
    uint32_t id;
    if (px_strmap_find(stemmer->words, word, len, &id)) {
        *stem = stemmer->stem[id];
        if (stem_len)
            *stem_len = stemmer->stem_len[id];
        return PRECIS_OK;
    }
    if (len > INT_MAX)
        return PRECIS_EINVAL;
    /* Room for the new entry first, so that a failure leaves no word in
     * the cache without its stem. */
    if (reserve(stemmer, px_strmap_size(stemmer->words) + 1))
        return PRECIS_ENOMEM;
    const sb_symbol *out = sb_stemmer_stem(
        stemmer->sb, (const sb_symbol *)word, (int)len);
    if (!out)
        return PRECIS_ENOMEM;
    stemmer->misses++;
    int out_len = sb_stemmer_length(stemmer->sb);
    if (out_len < 0)
        return PRECIS_ENOMEM;
    const char *copy = store(stemmer, out, (size_t)out_len);
    if (!copy)
        return PRECIS_ENOMEM;
    int rc = px_strmap_intern(stemmer->words, word, len, &id, NULL);
    if (rc)
        return rc;
    stemmer->stem[id] = copy;
    stemmer->stem_len[id] = (size_t)out_len;
    *stem = copy;
    if (stem_len)
        *stem_len = (size_t)out_len;
    return PRECIS_OK;
}

size_t px_stemmer_misses(const px_stemmer *stemmer)
{
    return stemmer ? stemmer->misses : 0;
}
