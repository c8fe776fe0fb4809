/* pack.c: an article and its document as one string of bytes, and back
 * (precis_article_pack, precis_article_unpack).
 *
 * The form is this build's own, in the host's byte order; it is meant to
 * be set aside and read back by the same program (a temporary file
 * between two passes), not kept. Everything is checked on the way back all
 * the same, so bytes that were damaged give PRECIS_EFORMAT, never an
 * article that reads out of bounds. In order:
 *
 *   magic "pxa2"
 *   u64 text length, the text
 *   u64 blocks, then per block: u64 start, u64 end, u32 reason (0: body)
 *   per field (PX_FIELD_COUNT): u8 present, u64 start, u64 end
 *   u8 date present, the 32 bytes of date_iso
 *   u64 sentences, then per sentence: u64 start, end, block, words,
 *       u32 terms, u32 flags (first_term follows from the counts)
 *   u64 terms, then u32 each
 *   u64 stems, u64 their bytes, then the stems, each followed by a NUL
 *       (px_strmap_keys: copied whole, both ways)
 *   u64 title terms, then u32 each
 *   u64 the serial of the analyzer that made the article (0: none), then
 *       when not 0 the stems' ids in that analyzer, a u32 per stem
 *
 * Spans lie inside the text, sentences follow one another, blocks too,
 * and term ids are below the number of stems: what the scorer and the
 * selection take for granted. */
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "article.h"
#include "doc.h"
#include "layout.h"
#include "precis.h"
#include "strmap.h"

static const char magic[4] = {'p', 'x', 'a', '2'};

/* ---- writing ---- */

typedef struct writer {
    char *p; /* NULL: only count */
    size_t len;
} writer;

static void put(writer *w, const void *bytes, size_t n)
{
    if (w->p && n)
        memcpy(w->p + w->len, bytes, n);
    w->len += n;
}

static void put_u64(writer *w, uint64_t v)
{
    put(w, &v, sizeof v);
}

static void put_u32(writer *w, uint32_t v)
{
    put(w, &v, sizeof v);
}

static void put_u8(writer *w, unsigned char v)
{
    put(w, &v, 1);
}

/* Writes the article to w (or only counts its bytes when w->p is NULL).
 * Returns 0, or PRECIS_EINVAL for an article this form cannot hold. */
static int write_article(writer *w, const precis_article *a)
{
    const precis_doc *doc = a->doc;
    const precis_layout *lay = a->layout;
    put(w, magic, sizeof magic);
    put_u64(w, doc->len);
    put(w, doc->text, doc->len);
    put_u64(w, lay->block_count);
    for (size_t i = 0; i < lay->block_count; i++) {
        uint32_t reason = px_layout_reason_id(lay->blocks[i].reason);
        if (reason == UINT32_MAX)
            return PRECIS_EINVAL;
        put_u64(w, lay->blocks[i].span.start);
        put_u64(w, lay->blocks[i].span.end);
        put_u32(w, reason);
    }
    for (size_t f = 0; f < PX_FIELD_COUNT; f++) {
        put_u8(w, lay->has_field[f] != 0);
        put_u64(w, lay->fields[f].start);
        put_u64(w, lay->fields[f].end);
    }
    put_u8(w, lay->has_date_iso != 0);
    put(w, lay->date_iso, sizeof lay->date_iso);
    put_u64(w, a->sentence_count);
    for (size_t i = 0; i < a->sentence_count; i++) {
        const px_sentence *s = &a->sentences[i];
        if (s->term_count > UINT32_MAX)
            return PRECIS_EINVAL;
        put_u64(w, s->span.start);
        put_u64(w, s->span.end);
        put_u64(w, s->block);
        put_u64(w, s->words);
        put_u32(w, (uint32_t)s->term_count);
        put_u32(w, s->flags);
    }
    put_u64(w, a->term_count);
    put(w, a->terms, a->term_count * sizeof *a->terms);
    size_t stems = px_strmap_size(a->vocab), stem_bytes;
    const char *stem_keys = px_strmap_keys(a->vocab, &stem_bytes);
    put_u64(w, stems);
    put_u64(w, stem_bytes);
    put(w, stem_keys, stem_bytes);
    put_u64(w, a->title_term_count);
    put(w, a->title_terms, a->title_term_count * sizeof *a->title_terms);
    /* The stem ids let a summary in the same process take each stem's
     * model weight from that analyzer's cache (precis_summary_new_cached)
     * rather than look it up again. */
    uint64_t analyzer = a->stems ? a->analyzer : 0;
    put_u64(w, analyzer);
    if (analyzer)
        put(w, a->stems, stems * sizeof *a->stems);
    return PRECIS_OK;
}

int precis_article_pack(const precis_article *article, char **bytes,
                        size_t *len)
{
    if (!bytes || !len)
        return PRECIS_EINVAL;
    *bytes = NULL;
    *len = 0;
    if (!article)
        return PRECIS_EINVAL;
    writer w = {NULL, 0};
    int rc = write_article(&w, article);
    if (rc)
        return rc;
    w.p = px_malloc(w.len);
    if (!w.p)
        return PRECIS_ENOMEM;
    size_t want = w.len;
    w.len = 0;
    write_article(&w, article);
    *bytes = w.p;
    *len = want;
    return PRECIS_OK;
}

/* ---- reading ---- */

typedef struct reader {
    const unsigned char *p;
    size_t left;
    int bad; /* a read ran past the end */
} reader;

static const void *take(reader *r, size_t n)
{
    if (r->bad || n > r->left) {
        r->bad = 1;
        return NULL;
    }
    const void *at = r->p;
    r->p += n;
    r->left -= n;
    return at;
}

/* The next n bytes into *v (zeros past the end). */
static void get(reader *r, void *v, size_t n)
{
    const void *at = take(r, n);
    if (at)
        memcpy(v, at, n);
    else
        memset(v, 0, n);
}

static uint64_t get_u64(reader *r)
{
    uint64_t v;
    get(r, &v, sizeof v);
    return v;
}

static uint32_t get_u32(reader *r)
{
    uint32_t v;
    get(r, &v, sizeof v);
    return v;
}

static unsigned char get_u8(reader *r)
{
    unsigned char v;
    get(r, &v, 1);
    return v;
}

/* A count of items of `size` bytes each that the rest of the bytes can
 * hold (so a damaged count never asks for a huge allocation), else bad. */
static size_t get_count(reader *r, size_t size)
{
    uint64_t n = get_u64(r);
    if (r->bad || n > r->left / size) {
        r->bad = 1;
        return 0;
    }
    return (size_t)n;
}

/* A count of records of `record` bytes each, and an array of that many
 * items of `size` bytes (none for 0). 0, PRECIS_EFORMAT or
 * PRECIS_ENOMEM. */
static int get_array(reader *r, size_t record, size_t size, void **items,
                     size_t *n)
{
    *n = get_count(r, record);
    if (r->bad)
        return PRECIS_EFORMAT;
    if (*n) {
        *items = px_malloc(*n * size); /* n * size <= the bytes left */
        if (!*items)
            return PRECIS_ENOMEM;
    }
    return PRECIS_OK;
}

/* A span inside text[0..len). */
static int get_span(reader *r, size_t len, precis_span *s)
{
    uint64_t start = get_u64(r), end = get_u64(r);
    s->start = (size_t)start;
    s->end = (size_t)end;
    return !r->bad && start <= end && end <= len;
}

static int read_layout(reader *r, const precis_doc *doc, precis_layout *lay)
{
    size_t n;
    void *blocks = NULL;
    int rc = get_array(r, 2 * sizeof(uint64_t) + sizeof(uint32_t),
                       sizeof *lay->blocks, &blocks, &n);
    lay->blocks = blocks;
    if (rc)
        return rc;
    size_t prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        px_block *b = &lay->blocks[i];
        if (!get_span(r, doc->len, &b->span) || b->span.start < prev_end ||
            !px_layout_reason_of(get_u32(r), &b->reason) || r->bad)
            return PRECIS_EFORMAT;
        prev_end = b->span.end;
        lay->block_count++;
    }
    for (size_t f = 0; f < PX_FIELD_COUNT; f++) {
        lay->has_field[f] = get_u8(r) != 0;
        if (!get_span(r, doc->len, &lay->fields[f]))
            return PRECIS_EFORMAT;
    }
    lay->has_date_iso = get_u8(r) != 0;
    const char *date = take(r, sizeof lay->date_iso);
    if (!date || !memchr(date, '\0', sizeof lay->date_iso))
        return PRECIS_EFORMAT;
    memcpy(lay->date_iso, date, sizeof lay->date_iso);
    return PRECIS_OK;
}

/* Sentences, in order, each inside the text and naming a block; their
 * terms follow one another from the first. */
static int read_sentences(reader *r, precis_article *a, size_t *terms)
{
    size_t n;
    void *sentences = NULL;
    int rc = get_array(r, 4 * sizeof(uint64_t) + 2 * sizeof(uint32_t),
                       sizeof *a->sentences, &sentences, &n);
    a->sentences = sentences;
    if (rc)
        return rc;
    size_t prev_end = 0, blocks = a->layout->block_count;
    *terms = 0;
    for (size_t i = 0; i < n; i++) {
        px_sentence *s = &a->sentences[i];
        if (!get_span(r, a->doc->len, &s->span) ||
            s->span.start < prev_end)
            return PRECIS_EFORMAT;
        uint64_t block = get_u64(r), words = get_u64(r);
        s->term_count = get_u32(r);
        s->flags = get_u32(r);
        if (r->bad || block >= blocks || words > a->doc->len ||
            s->term_count > SIZE_MAX - *terms)
            return PRECIS_EFORMAT;
        s->block = (size_t)block;
        s->words = (size_t)words;
        s->first_term = *terms;
        *terms += s->term_count;
        prev_end = s->span.end;
        a->sentence_count++;
    }
    return PRECIS_OK;
}

/* n term ids, each below `stems`, into a new array of at least one. */
static int read_ids(reader *r, size_t n, size_t stems, uint32_t **out)
{
    const unsigned char *at = take(r, n * sizeof **out);
    if (!at)
        return PRECIS_EFORMAT;
    uint32_t *ids = px_malloc((n ? n : 1) * sizeof *ids);
    if (!ids)
        return PRECIS_ENOMEM;
    *out = ids;
    if (n)
        memcpy(ids, at, n * sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        if (ids[i] >= stems)
            return PRECIS_EFORMAT;
    }
    return PRECIS_OK;
}

/* The stems, in id order, into a frozen vocabulary made at its size. */
static int read_vocab(reader *r, px_strmap **out)
{
    size_t n = get_count(r, 1), bytes = get_count(r, 1);
    const char *keys = take(r, bytes);
    if (r->bad)
        return PRECIS_EFORMAT;
    int rc = px_strmap_new_keys(keys, bytes, n, out);
    return rc == PRECIS_EINVAL ? PRECIS_EFORMAT : rc;
}

static int read_article(reader *r, precis_article *a)
{
    int rc = read_layout(r, a->doc, a->layout);
    size_t terms = 0;
    if (!rc)
        rc = read_sentences(r, a, &terms);
    if (rc)
        return rc;
    a->term_count = get_count(r, sizeof(uint32_t));
    if (r->bad || a->term_count != terms)
        return PRECIS_EFORMAT;
    const unsigned char *term_bytes = take(r, terms * sizeof(uint32_t));
    if (!term_bytes)
        return PRECIS_EFORMAT;
    rc = read_vocab(r, &a->vocab);
    if (rc)
        return rc;
    size_t stems = px_strmap_size(a->vocab);
    /* The terms are checked against the stems, which come after them. */
    reader again = {term_bytes, terms * sizeof(uint32_t), 0};
    rc = read_ids(&again, terms, stems, &a->terms);
    if (rc)
        return rc;
    size_t title = get_count(r, sizeof(uint32_t));
    if (r->bad)
        return PRECIS_EFORMAT;
    if (title) {
        rc = read_ids(r, title, stems, &a->title_terms);
        if (rc)
            return rc;
        a->title_term_count = title;
    }
    /* Stem ids are only checked against their analyzer when a summary
     * uses them (px_idf_article_weights): that analyzer is not known
     * here. */
    a->analyzer = get_u64(r);
    if (r->bad)
        return PRECIS_EFORMAT;
    if (a->analyzer) {
        rc = read_ids(r, stems, UINT32_MAX, &a->stems);
        if (rc)
            return rc;
    }
    return r->left == 0 ? PRECIS_OK : PRECIS_EFORMAT;
}

int precis_article_unpack(const char *bytes, size_t len, precis_doc **doc,
                          precis_article **article)
{
    if (!doc || !article)
        return PRECIS_EINVAL;
    *doc = NULL;
    *article = NULL;
    if (!bytes && len)
        return PRECIS_EINVAL;
    reader r = {(const unsigned char *)bytes, len, 0};
    const void *m = take(&r, sizeof magic);
    if (!m || memcmp(m, magic, sizeof magic) != 0)
        return PRECIS_EFORMAT;
    size_t text_len = get_count(&r, 1);
    const char *text = take(&r, text_len);
    if (!text)
        return PRECIS_EFORMAT;
    precis_doc *d = NULL;
    int rc = precis_doc_new(text, text_len, 0, &d, NULL);
    if (rc)
        return rc == PRECIS_EUTF8 ? PRECIS_EFORMAT : rc;
    precis_article *a = px_calloc(1, sizeof *a);
    if (a) {
        a->doc = d;
        a->layout = px_calloc(1, sizeof *a->layout);
    }
    if (!a || !a->layout) {
        rc = PRECIS_ENOMEM;
    } else {
        a->layout->doc = d;
        rc = read_article(&r, a);
    }
    if (rc) {
        precis_article_free(a);
        precis_doc_free(d);
        return rc;
    }
    *doc = d;
    *article = a;
    return PRECIS_OK;
}
