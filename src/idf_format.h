/* idf_format.h: the saved form of IDF models, version 2 (layout at the
 * top of idf_format.c): writing it, checking it, and reading it in place.
 * Everything here works on bytes; struct precis_idf is idf.c's. */
#ifndef PRECIS_IDF_FORMAT_H
#define PRECIS_IDF_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Version 2 is what precis_idf_save writes; version 1 (idf.c) is still
 * read. */
#define PX_IDF_VERSION 2u
#define PX_IDF_MAGIC_LEN 10u
extern const char px_idf_magic[PX_IDF_MAGIC_LEN];

/* Language names are Snowball algorithm names; 64 bytes is far more than
 * the longest, and bounds what a damaged file can make us accept. */
#define PX_IDF_MAX_LANG 64u

/* Little-endian integers at any address, whatever the host's order:
 * memcpy of a fixed size compiles to one load, the test of the host's
 * order to a constant, and the swap to nothing on a little-endian host.
 * Inline, because a model is read a few integers at a time. */
static inline int px_host_little_endian(void)
{
    const uint16_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    return first == 1;
}

static inline uint32_t px_bswap32(uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) |
           (v << 24);
}

static inline uint64_t px_bswap64(uint64_t v)
{
    return ((uint64_t)px_bswap32((uint32_t)v) << 32) |
           px_bswap32((uint32_t)(v >> 32));
}

static inline uint32_t px_le32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return px_host_little_endian() ? v : px_bswap32(v);
}

static inline uint64_t px_le64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return px_host_little_endian() ? v : px_bswap64(v);
}

static inline void px_put_le32(unsigned char *p, uint32_t v)
{
    if (!px_host_little_endian())
        v = px_bswap32(v);
    memcpy(p, &v, 4);
}

static inline void px_put_le64(unsigned char *p, uint64_t v)
{
    if (!px_host_little_endian())
        v = px_bswap64(v);
    memcpy(p, &v, 8);
}

/* The hash the index is built with; part of the format. */
uint64_t px_idf_key_hash(const char *key, size_t len);

/* The checksum in the last 8 bytes of a version 2 file, of every byte
 * before them; part of the format. Runs at several GB/s. */
uint64_t px_idf_checksum(const void *bytes, size_t len);

/* A language name as models store it: 1 to PX_IDF_MAX_LANG bytes of
 * a-z, 0-9 and '_'. */
int px_idf_valid_lang(const char *s, size_t len);

/* A checked version 2 model, read in place. Every pointer is BORROWED from
 * the bytes px_idf_view_open was given. */
typedef struct px_idf_view {
    char lang[PX_IDF_MAX_LANG + 1];
    uint64_t documents;
    size_t terms;
    size_t slot_mask;             /* slots - 1 */
    const unsigned char *slots;   /* u32 each: term + 1, or 0 */
    unsigned df_width;            /* 4 or 8 */
    const unsigned char *dfs;     /* df_width bytes each */
    const unsigned char *offsets; /* u32 each, into keys */
    const char *keys;             /* each key followed by a NUL */
    size_t key_bytes;
} px_idf_view;

/* Checks bytes[0..len) as a version 2 model and fills *view: every size
 * against len, the checksum, then every slot, count and key offset, so
 * that no lookup can leave the bytes even when a crafted file has a right
 * checksum. Returns PRECIS_OK, PRECIS_EFORMAT (truncated, damaged,
 * foreign) or PRECIS_EVERSION (a newer version, or an unknown flag). The
 * magic and version must already be known to be right. */
int px_idf_view_open(const unsigned char *bytes, size_t len,
                     px_idf_view *view);

/* Beyond px_idf_view_open: the keys are valid UTF-8, strictly increasing
 * bytewise, and the index is exactly the one px_idf_write builds, so the
 * bytes are what saving the model gives. Returns PRECIS_OK,
 * PRECIS_EFORMAT or PRECIS_ENOMEM. */
int px_idf_view_canonical(const px_idf_view *view);

/* Term i (< view->terms): its key (NUL-terminated), length and df. */
static inline const char *px_idf_view_key(const px_idf_view *view, size_t i,
                                          size_t *len)
{
    size_t at = px_le32(view->offsets + 4 * i);
    size_t next = i + 1 < view->terms ? px_le32(view->offsets + 4 * (i + 1))
                                      : view->key_bytes;
    *len = next - at - 1;
    return view->keys + at;
}

static inline uint64_t px_idf_view_df(const px_idf_view *view, size_t i)
{
    return view->df_width == 4 ? px_le32(view->dfs + 4 * i)
                               : px_le64(view->dfs + 8 * i);
}

/* The term number of key, or SIZE_MAX when absent. */
size_t px_idf_view_find(const px_idf_view *view, const char *key,
                        size_t len);

/* Looks n keys up at once: terms[k] is the term number of keys[k], or
 * SIZE_MAX; the memory reads of the n lookups overlap. */
void px_idf_view_find_batch(const px_idf_view *view, const char *const *keys,
                            const size_t *lens, size_t n, size_t *terms);

/* One term to write: sorted bytewise and distinct, df >= 1. */
typedef struct px_idf_term {
    const char *key;
    size_t len;
    uint64_t df;
} px_idf_term;

/* Bytewise order of keys, shorter first on a tie (qsort comparator on
 * px_idf_term). */
int px_idf_term_compare(const void *a, const void *b);

/* Writes the version 2 form of a model of `count` sorted terms.
 * *out is OWNED: px_free. Returns PRECIS_OK, PRECIS_ENOMEM, or
 * PRECIS_EINVAL for a model too large for the format (more than 2^32
 * bytes of keys). */
int px_idf_write(const char *lang, uint64_t documents,
                 const px_idf_term *terms, size_t count, char **out,
                 size_t *out_len);

#endif
