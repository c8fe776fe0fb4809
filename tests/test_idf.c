/* test_idf.c: document-frequency models: counting, merging, the saved
 * format (round trip, byte equality, rejection of damaged or foreign
 * buffers, version 1 files still read), models read in place
 * (precis_idf_view: the same answers as loaded ones, crafted files with a
 * right checksum rejected or at least harmless) and allocation failure at
 * every point. Articles are built by hand: a model reads nothing but an
 * article's vocabulary. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "idf.h"
#include "idf_format.h"
#include "precis.h"
#include "strmap.h"
#include "support.h"

static size_t fail_at, calls;
static long live;

static void *t_malloc(void *ctx, size_t size)
{
    (void)ctx;
    if (++calls == fail_at)
        return NULL;
    void *p = malloc(size);
    if (p)
        live++;
    return p;
}

static void *t_realloc(void *ctx, void *ptr, size_t size)
{
    if (!ptr)
        return t_malloc(ctx, size);
    if (++calls == fail_at)
        return NULL;
    return realloc(ptr, size);
}

static void t_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (ptr)
        live--;
    free(ptr);
}

static const precis_allocator failing = {t_malloc, t_realloc, t_free, NULL};

/* Five small documents, as their distinct stems (a repeated stem in one
 * line checks that a document counts a stem once: the vocabulary holds it
 * once). */
static const char *const docs[] = {
    "putin talk ukrain border troop",
    "armenia azerbaijan border talk peac",
    "elect vote armenia parliament vote",
    "\xd0\xba\xd0\xbd\xd0\xb8\xd0\xb3 putin",
    "",
};
#define NDOCS (sizeof docs / sizeof docs[0])

/* An article with only a vocabulary, which is all precis_idf_add reads. */
static int make_article(const char *words, precis_article *a)
{
    memset(a, 0, sizeof *a);
    int rc = px_strmap_new(&a->vocab);
    const char *p = words;
    while (rc == PRECIS_OK && *p) {
        size_t n = strcspn(p, " ");
        if (n)
            rc = px_strmap_intern(a->vocab, p, n, NULL, NULL);
        p += n;
        p += *p == ' ';
    }
    return rc;
}

static void add_doc(precis_idf *idf, size_t i)
{
    precis_article a;
    assert_int_equal(make_article(docs[i], &a), PRECIS_OK);
    assert_int_equal(precis_idf_add(idf, &a), PRECIS_OK);
    px_strmap_free(a.vocab);
}

/* Every stem of docs, in the order an analyzer "A" met them: its stem
 * ids are the indexes here. An analyzer "B" numbers them otherwise
 * (b_id), sparsely, so that its ids and A's mean different stems. */
enum numbering { BY_A, BY_B, WRONG };
static const char *const analyzer_stems[] = {
    "putin", "talk", "ukrain", "border", "troop", "armenia", "azerbaijan",
    "peac", "elect", "vote", "parliament", "\xd0\xba\xd0\xbd\xd0\xb8\xd0\xb3",
};
#define NSTEMS (sizeof analyzer_stems / sizeof analyzer_stems[0])

static uint32_t b_id(uint32_t a_id)
{
    return (uint32_t)(NSTEMS - 1 - a_id) * 7 + 3;
}

/* The article of docs[i] as an analyzer with serial `analyzer` would
 * build it: its vocabulary, and each stem's id there (A's ids, B's, or
 * WRONG ones: A's of the next stem), trusted or not. Free with
 * free_mapped. */
static int make_mapped(size_t i, uint64_t analyzer, enum numbering b,
                       int trusted, precis_article *a)
{
    int rc = make_article(docs[i], a);
    size_t n = px_strmap_size(a->vocab);
    a->stems = malloc((n ? n : 1) * sizeof *a->stems);
    if (rc || !a->stems)
        return rc ? rc : PRECIS_ENOMEM;
    for (size_t t = 0; t < n; t++) {
        size_t len;
        const char *key = px_strmap_key(a->vocab, (uint32_t)t, &len);
        uint32_t id = 0;
        while (id < NSTEMS && (strlen(analyzer_stems[id]) != len ||
                               memcmp(analyzer_stems[id], key, len) != 0))
            id++;
        assert_true(id < NSTEMS);
        a->stems[t] = b == BY_B  ? b_id(id)
                      : b == BY_A ? id
                                  : (uint32_t)((id + 1) % NSTEMS);
    }
    a->analyzer = analyzer;
    a->stems_trusted = trusted;
    return PRECIS_OK;
}

static void free_mapped(precis_article *a)
{
    px_strmap_free(a->vocab);
    free(a->stems);
}

static void add_mapped(precis_idf *idf, size_t i, uint64_t analyzer,
                       enum numbering b, int trusted)
{
    precis_article a;
    assert_int_equal(make_mapped(i, analyzer, b, trusted, &a), PRECIS_OK);
    assert_int_equal(precis_idf_add(idf, &a), PRECIS_OK);
    free_mapped(&a);
}

/* A model of docs[first..last). */
static precis_idf *model_of(size_t first, size_t last)
{
    precis_idf *idf;
    assert_int_equal(precis_idf_new("english", &idf), PRECIS_OK);
    for (size_t i = first; i < last; i++)
        add_doc(idf, i);
    return idf;
}

static uint64_t df(const precis_idf *idf, const char *stem)
{
    return precis_idf_frequency(idf, stem, strlen(stem));
}

static void save(const precis_idf *idf, char **bytes, size_t *len)
{
    assert_int_equal(precis_idf_save(idf, bytes, len), PRECIS_OK);
}

/* The saved bytes of the model of docs[first..last). OWNED:
 * precis_free. */
static char *saved_model(size_t first, size_t last, size_t *len)
{
    precis_idf *idf = model_of(first, last);
    char *bytes;
    save(idf, &bytes, len);
    precis_idf_free(idf);
    return bytes;
}

static void assert_same_bytes(const precis_idf *a, const precis_idf *b)
{
    char *x, *y;
    size_t xn, yn;
    save(a, &x, &xn);
    save(b, &y, &yn);
    assert_int_equal(xn, yn);
    assert_memory_equal(x, y, xn);
    precis_free(x);
    precis_free(y);
}

/* a and b hold the same terms in the same order, and answer alike. */
static void assert_same_model(const precis_idf *a, const precis_idf *b)
{
    assert_string_equal(precis_idf_lang(a), precis_idf_lang(b));
    assert_int_equal(precis_idf_documents(a), precis_idf_documents(b));
    size_t n = precis_idf_terms(a);
    assert_int_equal(precis_idf_terms(b), n);
    for (size_t i = 0; i < n; i++) {
        const char *x, *y;
        size_t xn, yn;
        uint64_t xf, yf;
        assert_int_equal(precis_idf_term(a, i, &x, &xn, &xf), PRECIS_OK);
        assert_int_equal(precis_idf_term(b, i, &y, &yn, &yf), PRECIS_OK);
        assert_int_equal(xn, yn);
        assert_memory_equal(x, y, xn);
        assert_int_equal(x[xn], '\0');
        assert_int_equal(y[yn], '\0');
        assert_int_equal(xf, yf);
        assert_int_equal(precis_idf_frequency(a, x, xn), xf);
        assert_int_equal(precis_idf_frequency(b, x, xn), xf);
    }
    assert_int_equal(precis_idf_term(b, n, NULL, NULL, NULL), PRECIS_EINVAL);
}

static void test_new(void **state)
{
    (void)state;
    precis_idf *idf = (precis_idf *)&idf;
    assert_int_equal(precis_idf_new("en", &idf), PRECIS_OK);
    assert_string_equal(precis_idf_lang(idf), "english");
    assert_int_equal(precis_idf_documents(idf), 0);
    assert_int_equal(precis_idf_terms(idf), 0);
    assert_int_equal(df(idf, "putin"), 0);
    precis_idf_free(idf);
    precis_idf_free(NULL);
    idf = (precis_idf *)&idf;
    assert_int_equal(precis_idf_new("klingon", &idf), PRECIS_ELANG);
    assert_null(idf);
    assert_int_equal(precis_idf_new(NULL, &idf), PRECIS_EINVAL);
    assert_int_equal(precis_idf_new("en", NULL), PRECIS_EINVAL);
    assert_null(precis_idf_lang(NULL));
    assert_int_equal(precis_idf_documents(NULL), 0);
    assert_int_equal(precis_idf_terms(NULL), 0);
}

static void test_counts(void **state)
{
    (void)state;
    precis_idf *idf = model_of(0, NDOCS);
    assert_int_equal(precis_idf_documents(idf), NDOCS);
    assert_int_equal(df(idf, "putin"), 2);
    assert_int_equal(df(idf, "border"), 2);
    assert_int_equal(df(idf, "vote"), 1); /* twice in one document */
    assert_int_equal(df(idf, "armenia"), 2);
    assert_int_equal(df(idf, "\xd0\xba\xd0\xbd\xd0\xb8\xd0\xb3"), 1);
    assert_int_equal(df(idf, "putin "), 0);
    assert_int_equal(df(idf, "puti"), 0);
    assert_int_equal(df(idf, "absent"), 0);
    /* putin talk ukrain border troop armenia azerbaijan peac elect vote
     * parliament книг */
    assert_int_equal(precis_idf_terms(idf), 12);
    assert_int_equal(precis_idf_add(NULL, NULL), PRECIS_EINVAL);
    assert_int_equal(precis_idf_add(idf, NULL), PRECIS_EINVAL);
    precis_idf_free(idf);
}

/* precis_idf_term lists the stems in the order they were first counted,
 * each with its frequency; a loaded model lists them in its saved (sorted)
 * order. */
static void test_term(void **state)
{
    (void)state;
    static const char *const order[] = {
        "putin", "talk", "ukrain", "border", "troop", "armenia", "azerbaijan",
        "peac", "elect", "vote", "parliament",
        "\xd0\xba\xd0\xbd\xd0\xb8\xd0\xb3"};
    static const uint64_t counts[] = {2, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1};
    precis_idf *idf = model_of(0, NDOCS);
    size_t n = precis_idf_terms(idf);
    assert_int_equal(n, sizeof order / sizeof order[0]);
    for (size_t i = 0; i < n; i++) {
        const char *stem = NULL;
        size_t len = 0;
        uint64_t f = 0;
        assert_int_equal(precis_idf_term(idf, i, &stem, &len, &f), PRECIS_OK);
        assert_int_equal(len, strlen(order[i]));
        assert_memory_equal(stem, order[i], len);
        assert_int_equal(stem[len], '\0');
        assert_int_equal(f, counts[i]);
    }
    assert_int_equal(precis_idf_term(idf, 0, NULL, NULL, NULL), PRECIS_OK);
    const char *stem = "untouched";
    uint64_t f = 7;
    assert_int_equal(precis_idf_term(idf, n, &stem, NULL, &f), PRECIS_EINVAL);
    assert_string_equal(stem, "untouched");
    assert_int_equal(f, 7);
    assert_int_equal(precis_idf_term(NULL, 0, &stem, NULL, &f), PRECIS_EINVAL);

    char *bytes;
    size_t len;
    save(idf, &bytes, &len);
    precis_idf *loaded;
    assert_int_equal(precis_idf_load(bytes, len, &loaded), PRECIS_OK);
    assert_int_equal(precis_idf_terms(loaded), n);
    const char *prev = "";
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(precis_idf_term(loaded, i, &stem, NULL, &f),
                         PRECIS_OK);
        assert_true(strcmp(prev, stem) < 0);
        assert_int_equal(f, df(idf, stem));
        prev = stem;
    }
    precis_free(bytes);
    precis_idf_free(loaded);
    precis_idf_free(idf);
}

static void test_weight(void **state)
{
    (void)state;
    double unseen = px_idf_weight(10, 0);
    double some = px_idf_weight(10, 5);
    double all = px_idf_weight(10, 10);
    assert_true(unseen > some);
    assert_true(some > all);
    assert_true(all == 1.0);
    /* df above N is clamped: never below 1. */
    assert_true(px_idf_weight(3, 50) == 1.0);
    assert_true(px_idf_weight(0, 0) == 1.0);
}

static void test_round_trip(void **state)
{
    (void)state;
    precis_idf *idf = model_of(0, NDOCS);
    char *bytes;
    size_t len;
    save(idf, &bytes, &len);
    assert_memory_equal(bytes, "PRECISIDF\0", 10);
    assert_memory_equal(bytes + 10, "\2\0\0\0", 4); /* version 2, LE */
    precis_idf *back;
    assert_int_equal(precis_idf_load(bytes, len, &back), PRECIS_OK);
    assert_string_equal(precis_idf_lang(back), "english");
    assert_int_equal(precis_idf_documents(back), NDOCS);
    assert_int_equal(precis_idf_terms(back), 12);
    assert_int_equal(df(back, "putin"), 2);
    assert_int_equal(df(back, "vote"), 1);
    assert_same_bytes(idf, back);
    precis_free(bytes);
    precis_idf_free(back);
    precis_idf_free(idf);

    /* An empty model too. */
    assert_int_equal(precis_idf_new("russian", &idf), PRECIS_OK);
    save(idf, &bytes, &len);
    assert_int_equal(precis_idf_load(bytes, len, &back), PRECIS_OK);
    assert_string_equal(precis_idf_lang(back), "russian");
    assert_int_equal(precis_idf_terms(back), 0);
    assert_same_bytes(idf, back);
    precis_free(bytes);
    precis_idf_free(back);
    precis_idf_free(idf);
}

/* The order documents come in does not change the bytes. */
static void test_order_independent(void **state)
{
    (void)state;
    precis_idf *forward = model_of(0, NDOCS);
    precis_idf *backward;
    assert_int_equal(precis_idf_new("english", &backward), PRECIS_OK);
    for (size_t i = NDOCS; i-- > 0;)
        add_doc(backward, i);
    assert_same_bytes(forward, backward);
    precis_idf_free(forward);
    precis_idf_free(backward);
}

/* Shards built apart and merged equal one build over all documents. */
static void test_merge_equals_union(void **state)
{
    (void)state;
    precis_idf *all = model_of(0, NDOCS);
    precis_idf *a = model_of(0, 2);
    precis_idf *b = model_of(2, 4);
    precis_idf *c = model_of(4, NDOCS);
    precis_idf *merged;
    assert_int_equal(precis_idf_new("en", &merged), PRECIS_OK);
    assert_int_equal(precis_idf_merge(merged, c), PRECIS_OK);
    assert_int_equal(precis_idf_merge(merged, a), PRECIS_OK);
    assert_int_equal(precis_idf_merge(merged, b), PRECIS_OK);
    assert_same_bytes(all, merged);
    assert_int_equal(precis_idf_documents(merged), NDOCS);

    /* Merging loaded shards is the same. */
    char *bytes;
    size_t len;
    save(b, &bytes, &len);
    precis_idf *b2;
    assert_int_equal(precis_idf_load(bytes, len, &b2), PRECIS_OK);
    precis_free(bytes);
    assert_int_equal(precis_idf_merge(a, b2), PRECIS_OK);
    assert_int_equal(precis_idf_merge(a, c), PRECIS_OK);
    assert_same_bytes(all, a);

    /* A model merged into itself doubles. */
    assert_int_equal(precis_idf_merge(b2, b2), PRECIS_OK);
    assert_int_equal(precis_idf_documents(b2), 4);
    assert_int_equal(df(b2, "vote"), 2);
    assert_int_equal(df(b2, "armenia"), 2);

    precis_idf *ru;
    assert_int_equal(precis_idf_new("ru", &ru), PRECIS_OK);
    assert_int_equal(precis_idf_merge(all, ru), PRECIS_EINVAL);
    assert_int_equal(precis_idf_merge(NULL, ru), PRECIS_EINVAL);
    assert_int_equal(precis_idf_merge(ru, NULL), PRECIS_EINVAL);
    precis_idf_free(ru);
    precis_idf_free(b2);
    precis_idf_free(merged);
    precis_idf_free(all);
    precis_idf_free(a);
    precis_idf_free(b);
    precis_idf_free(c);
}

/* Every prefix of a good model is rejected, and so is every one-bit
 * change anywhere in it. */
static void test_damaged(void **state)
{
    (void)state;
    size_t len;
    char *bytes = saved_model(0, NDOCS, &len);
    for (size_t n = 0; n < len; n++) {
        /* A copy of exactly n bytes, so that a sanitizer sees any read
         * beyond them. */
        char *cut = malloc(n ? n : 1);
        assert_non_null(cut);
        memcpy(cut, bytes, n);
        precis_idf *out = (precis_idf *)&out;
        int rc = precis_idf_load(cut, n, &out);
        if (rc != PRECIS_EFORMAT)
            fail_msg("prefix of %zu bytes: %d", n, rc);
        assert_null(out);
        out = (precis_idf *)&out;
        rc = precis_idf_view(cut, n, &out);
        if (rc != PRECIS_EFORMAT)
            fail_msg("view of a prefix of %zu bytes: %d", n, rc);
        assert_null(out);
        free(cut);
    }
    for (size_t i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            bytes[i] ^= (char)(1 << bit);
            precis_idf *out;
            int rc = precis_idf_load(bytes, len, &out);
            int view_rc = precis_idf_view(bytes, len, &out);
            bytes[i] ^= (char)(1 << bit);
            int version_field = i >= 10 && i < 14;
            if (rc == PRECIS_OK ||
                (!version_field && rc != PRECIS_EFORMAT))
                fail_msg("byte %zu bit %d: %d", i, bit, rc);
            if (view_rc != rc)
                fail_msg("view, byte %zu bit %d: %d", i, bit, view_rc);
        }
    }
    /* Trailing bytes after the checksum are damage too. */
    char *longer = malloc(len + 1);
    assert_non_null(longer);
    memcpy(longer, bytes, len);
    longer[len] = 0;
    precis_idf *out;
    assert_int_equal(precis_idf_load(longer, len + 1, &out), PRECIS_EFORMAT);
    assert_int_equal(precis_idf_view(longer, len + 1, &out), PRECIS_EFORMAT);
    free(longer);
    assert_int_equal(precis_idf_load("GIF89a", 6, &out), PRECIS_EFORMAT);
    assert_int_equal(precis_idf_load(NULL, 0, &out), PRECIS_EFORMAT);
    assert_int_equal(precis_idf_load(bytes, len, NULL), PRECIS_EINVAL);
    assert_int_equal(precis_idf_view("GIF89a", 6, &out), PRECIS_EFORMAT);
    assert_int_equal(precis_idf_view(NULL, 0, &out), PRECIS_EFORMAT);
    assert_int_equal(precis_idf_view(NULL, 1, &out), PRECIS_EINVAL);
    assert_int_equal(precis_idf_view(bytes, len, NULL), PRECIS_EINVAL);
    precis_free(bytes);
}

/* ---- hand-made buffers with valid checksums ---- */

typedef struct buf {
    unsigned char data[512];
    size_t len;
} buf;

static void put(buf *b, const void *p, size_t n)
{
    assert_true(b->len + n <= sizeof b->data);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_le(buf *b, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        unsigned char c = (unsigned char)(v >> (8 * i));
        put(b, &c, 1);
    }
}

static void put_str(buf *b, const char *s)
{
    put_le(b, strlen(s), 4);
    put(b, s, strlen(s));
}

static void header(buf *b, uint32_t version, uint32_t flags, const char *lang,
                   uint64_t documents, uint64_t terms)
{
    b->len = 0;
    put(b, "PRECISIDF\0", 10);
    put_le(b, version, 4);
    put_le(b, flags, 4);
    put_str(b, lang);
    put_le(b, documents, 8);
    put_le(b, terms, 8);
}

static void term(buf *b, const char *stem, uint64_t df_)
{
    put_str(b, stem);
    put_le(b, df_, 8);
}

/* Version 1 buffers are checked by FNV-1a 64 (px_hash). What loads
 * answers as a view of the same bytes does, and saves (in version 2) to
 * bytes that load back to the same model. */
static int finish_and_load(buf *b)
{
    put_le(b, px_hash((const char *)b->data, b->len), 8);
    precis_idf *idf = NULL, *view = NULL;
    int rc = precis_idf_load((const char *)b->data, b->len, &idf);
    assert_int_equal(precis_idf_view(b->data, b->len, &view), rc);
    if (rc == PRECIS_OK) {
        assert_same_model(idf, view);
        char *again;
        size_t len;
        save(idf, &again, &len);
        precis_idf *back;
        assert_int_equal(precis_idf_load(again, len, &back), PRECIS_OK);
        assert_same_model(idf, back);
        assert_same_bytes(idf, back);
        precis_idf_free(back);
        precis_free(again);
    }
    precis_idf_free(view);
    precis_idf_free(idf);
    return rc;
}

static void test_crafted(void **state)
{
    (void)state;
    buf b;
    header(&b, 1, 0, "english", 3, 2);
    term(&b, "alpha", 1);
    term(&b, "beta", 3);
    assert_int_equal(finish_and_load(&b), PRECIS_OK);

    /* A later format version, whatever follows. */
    header(&b, 3, 0, "english", 3, 0);
    assert_int_equal(finish_and_load(&b), PRECIS_EVERSION);
    b.len = 14;
    b.data[10] = 7;
    precis_idf *out;
    assert_int_equal(precis_idf_load((const char *)b.data, 14, &out),
                     PRECIS_EVERSION);
    header(&b, 0, 0, "english", 3, 0);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);
    /* Version 1 written big-endian: malformed, not a newer format. */
    header(&b, 0x01000000u, 0, "english", 3, 0);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);
    /* A flag this version does not define. */
    header(&b, 1, 4, "english", 3, 0);
    assert_int_equal(finish_and_load(&b), PRECIS_EVERSION);

    /* Unsorted, duplicate, zero and impossible counts. */
    header(&b, 1, 0, "english", 3, 2);
    term(&b, "beta", 1);
    term(&b, "alpha", 1);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);
    header(&b, 1, 0, "english", 3, 2);
    term(&b, "alpha", 1);
    term(&b, "alpha", 1);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);
    header(&b, 1, 0, "english", 3, 1);
    term(&b, "alpha", 0);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);
    header(&b, 1, 0, "english", 3, 1);
    term(&b, "alpha", 4);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);

    /* Counts and lengths that point past the end. */
    header(&b, 1, 0, "english", 3, UINT64_MAX);
    term(&b, "alpha", 1);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);
    header(&b, 1, 0, "english", 3, 2);
    term(&b, "alpha", 1);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);
    header(&b, 1, 0, "english", 3, 1);
    put_le(&b, 0xFFFFFFF0u, 4);
    put(&b, "alpha", 5);
    put_le(&b, 1, 8);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);
    /* Fewer terms declared than present. */
    header(&b, 1, 0, "english", 3, 1);
    term(&b, "alpha", 1);
    term(&b, "beta", 1);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);

    /* Language names and stems that are not text. */
    header(&b, 1, 0, "", 3, 0);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);
    header(&b, 1, 0, "eng\nlish", 3, 0);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);
    header(&b, 1, 0, "english", 3, 1);
    term(&b, "al\xffpha", 1);
    assert_int_equal(finish_and_load(&b), PRECIS_EFORMAT);

    /* A language this libstemmer may not know still loads: models are
     * portable between builds. */
    header(&b, 1, 0, "esperanto", 1, 1);
    term(&b, "", 1);
    assert_int_equal(finish_and_load(&b), PRECIS_OK);
}

/* Every read of a view that px_idf_view_open accepted, whatever its
 * bytes: under a sanitizer, a read out of bounds fails the test. */
static void use_view(const precis_idf *view)
{
    size_t n = precis_idf_terms(view);
    for (size_t i = 0; i < n; i++) {
        const char *stem;
        size_t len;
        uint64_t f;
        assert_int_equal(precis_idf_term(view, i, &stem, &len, &f), PRECIS_OK);
        assert_true(f >= 1 && f <= precis_idf_documents(view));
        (void)precis_idf_frequency(view, stem, len);
    }
    assert_int_equal(df(view, "putin"), precis_idf_frequency(view, "putin", 5));
    (void)df(view, "absent");
    (void)df(view, "");
    char *bytes;
    size_t len;
    if (precis_idf_save(view, &bytes, &len) == PRECIS_OK)
        precis_free(bytes);
}

/* Random damage behind a valid checksum reaches the parser itself: it
 * must reject or accept without reading out of bounds, and whatever it
 * accepts must be canonical (saving it gives the same bytes back). */
static void test_mutations(void **state)
{
    (void)state;
    size_t len;
    char *good = saved_model(0, NDOCS, &len);
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    int accepted = 0, rejected = 0;
    for (int round = 0; round < 20000; round++) {
        unsigned char *m = malloc(len);
        assert_non_null(m);
        memcpy(m, good, len);
        size_t n = len;
        /* xorshift64: reproducible damage without any global state. */
        int edits = 1 + round % 3;
        for (int e = 0; e < edits; e++) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            size_t at = 14 + (size_t)(seed % (len - 22));
            m[at] = (unsigned char)(seed >> 40);
            if (round % 7 == 0)
                n = at + 8; /* cut short too */
        }
        px_put_le64(m + n - 8, px_idf_checksum(m, n - 8));
        precis_idf *out = NULL, *view = NULL;
        int rc = precis_idf_load((const char *)m, n, &out);
        int view_rc = precis_idf_view(m, n, &view);
        if (rc == PRECIS_OK) {
            char *again;
            size_t again_len;
            save(out, &again, &again_len);
            assert_int_equal(again_len, n);
            assert_memory_equal(again, m, n);
            precis_free(again);
            /* What loads, views alike. */
            assert_int_equal(view_rc, PRECIS_OK);
            assert_same_model(out, view);
            accepted++;
        } else {
            assert_true(rc == PRECIS_EFORMAT || rc == PRECIS_EVERSION);
            assert_null(out);
            rejected++;
        }
        if (view_rc == PRECIS_OK)
            use_view(view);
        else
            assert_true(view_rc == PRECIS_EFORMAT ||
                        view_rc == PRECIS_EVERSION);
        precis_idf_free(view);
        precis_idf_free(out);
        free(m);
    }
    /* Both outcomes happen (a changed df or stem byte can stay valid). */
    assert_true(accepted > 0 && rejected > 0);
    precis_free(good);
}

/* ---- models read in place ---- */

/* A model of `count` made-up stems of 1 to 12 bytes over six documents:
 * stem i is in document d when d + 1 divides i + 1, so counts differ. */
static precis_idf *big_model(size_t count)
{
    precis_idf *idf;
    assert_int_equal(precis_idf_new("english", &idf), PRECIS_OK);
    for (size_t d = 0; d < 6; d++) {
        precis_article a;
        memset(&a, 0, sizeof a);
        assert_int_equal(px_strmap_new(&a.vocab), PRECIS_OK);
        for (size_t i = 0; i < count; i++) {
            if ((i + 1) % (d + 1) != 0)
                continue;
            char stem[32];
            int n = snprintf(stem, sizeof stem, "%.*s%zx", (int)(i % 9),
                             "abcdefghi", i);
            assert_int_equal(
                px_strmap_intern(a.vocab, stem, (size_t)n, NULL, NULL),
                PRECIS_OK);
        }
        assert_int_equal(precis_idf_add(idf, &a), PRECIS_OK);
        px_strmap_free(a.vocab);
    }
    return idf;
}

/* A view answers as the loaded model and as the model it was saved from,
 * for every term, for absent stems, and in the batched weights scoring
 * uses; saving a view gives its bytes back. Big enough for every section
 * to take several of the checking pass's pieces. */
static void test_view_equals_load(void **state)
{
    (void)state;
    precis_idf *built = big_model(20000);
    char *bytes;
    size_t len;
    save(built, &bytes, &len);
    assert_true(len > 4 * 16384);
    precis_idf *loaded, *view;
    assert_int_equal(precis_idf_load(bytes, len, &loaded), PRECIS_OK);
    assert_int_equal(precis_idf_view(bytes, len, &view), PRECIS_OK);
    assert_same_model(loaded, view);
    assert_int_equal(precis_idf_terms(view), precis_idf_terms(built));
    assert_true(precis_idf_terms(view) > 19000); /* a few stems coincide */
    assert_int_equal(precis_idf_documents(view), 6);
    px_strmap *stems;
    assert_int_equal(px_strmap_new(&stems), PRECIS_OK);
    for (size_t i = 0; i < precis_idf_terms(built); i++) {
        const char *stem;
        size_t n;
        uint64_t f;
        assert_int_equal(precis_idf_term(built, i, &stem, &n, &f), PRECIS_OK);
        assert_int_equal(precis_idf_frequency(view, stem, n), f);
        if (i % 3 == 0)
            assert_int_equal(px_strmap_intern(stems, stem, n, NULL, NULL),
                             PRECIS_OK);
    }
    static const char *const absent[] = {"", "absent", "abcdefghi",
                                         "abcdefghi0000000000000"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(df(view, absent[i]), 0);
        assert_int_equal(px_strmap_intern(stems, absent[i], strlen(absent[i]),
                                          NULL, NULL),
                         PRECIS_OK);
    }
    assert_int_equal(precis_idf_frequency(view, NULL, 0), 0);
    assert_int_equal(precis_idf_frequency(view, NULL, 3), 0);
    size_t m = px_strmap_size(stems);
    double *w_built = malloc(m * sizeof *w_built);
    double *w_view = malloc(m * sizeof *w_view);
    assert_non_null(w_built);
    assert_non_null(w_view);
    px_idf_weights(built, stems, w_built);
    px_idf_weights(view, stems, w_view);
    assert_memory_equal(w_built, w_view, m * sizeof *w_built);
    assert_true(w_view[m - 1] > w_view[0]); /* absent weighs most */
    free(w_built);
    free(w_view);
    px_strmap_free(stems);
    /* Saving a view gives its own bytes back. */
    assert_same_bytes(built, view);
    precis_idf_free(view);
    precis_idf_free(loaded);
    precis_free(bytes);
    precis_idf_free(built);
}

/* A view can be counted into: it becomes the model it was saved from,
 * counted into. Merging from a view is as merging from its model. */
static void test_view_counts_into(void **state)
{
    (void)state;
    precis_idf *a = model_of(0, 3), *b = model_of(3, NDOCS);
    precis_idf *all = model_of(0, NDOCS);
    char *a_bytes, *b_bytes;
    size_t a_len, b_len;
    save(a, &a_bytes, &a_len);
    save(b, &b_bytes, &b_len);
    precis_idf *va, *vb;

    assert_int_equal(precis_idf_view(a_bytes, a_len, &va), PRECIS_OK);
    for (size_t i = 3; i < NDOCS; i++)
        add_doc(va, i);
    assert_same_bytes(all, va);
    assert_int_equal(df(va, "putin"), 2);
    precis_idf_free(va);

    assert_int_equal(precis_idf_view(a_bytes, a_len, &va), PRECIS_OK);
    assert_int_equal(precis_idf_view(b_bytes, b_len, &vb), PRECIS_OK);
    assert_int_equal(precis_idf_merge(va, vb), PRECIS_OK);
    assert_same_bytes(all, va);
    precis_idf_free(va);

    /* Into a built model, from a view. */
    precis_idf *merged = model_of(0, 3);
    assert_int_equal(precis_idf_merge(merged, vb), PRECIS_OK);
    assert_same_bytes(all, merged);
    precis_idf_free(merged);

    /* A view merged into itself doubles. */
    assert_int_equal(precis_idf_merge(vb, vb), PRECIS_OK);
    assert_int_equal(precis_idf_documents(vb), 2 * (NDOCS - 3));
    assert_int_equal(df(vb, "putin"), 2);
    precis_idf_free(vb);

    precis_idf *ru;
    assert_int_equal(precis_idf_new("ru", &ru), PRECIS_OK);
    assert_int_equal(precis_idf_view(a_bytes, a_len, &va), PRECIS_OK);
    assert_int_equal(precis_idf_merge(va, ru), PRECIS_EINVAL);
    assert_int_equal(precis_idf_merge(ru, va), PRECIS_EINVAL);
    precis_idf_free(va);
    precis_idf_free(ru);
    precis_free(a_bytes);
    precis_free(b_bytes);
    precis_idf_free(a);
    precis_idf_free(b);
    precis_idf_free(all);
}

/* Articles counted through the stem ids of the analyzers that built them
 * give the model that counting their stems' bytes gives: whichever
 * analyzer's articles come, in any order, with merges and a view
 * between, and when an article's ids are not to be trusted. */
static void test_stem_ids(void **state)
{
    (void)state;
    uint64_t a = px_serial_next(), b = px_serial_next();
    precis_idf *ref = model_of(0, NDOCS), *idf;
    assert_int_equal(precis_idf_new("english", &idf), PRECIS_OK);
    add_mapped(idf, 0, a, BY_A, 1);
    add_mapped(idf, 1, a, BY_A, 1);
    /* Ids read back from bytes are not trusted: wrong ones under A's
     * serial would count other stems if they were. */
    add_mapped(idf, 2, a, WRONG, 0);
    add_mapped(idf, 3, b, BY_B, 1); /* B takes over */
    add_mapped(idf, 4, a, BY_A, 1); /* A now counts by bytes */
    assert_same_model(ref, idf);

    /* A second round, with a merge between, and A's articles after B's. */
    for (size_t i = 0; i < NDOCS; i++)
        add_doc(ref, i);
    precis_idf *part = model_of(0, 2);
    assert_int_equal(precis_idf_merge(ref, part), PRECIS_OK);
    add_mapped(idf, 0, b, BY_B, 1);
    add_mapped(idf, 1, a, BY_A, 1);
    add_mapped(idf, 2, b, BY_B, 1);
    assert_int_equal(precis_idf_merge(idf, part), PRECIS_OK);
    add_mapped(idf, 3, b, BY_B, 1);
    add_mapped(idf, 4, b, BY_B, 1);
    assert_same_model(ref, idf);
    assert_same_bytes(ref, idf);

    /* A newer analyzer counting into a model read in place. */
    char *bytes;
    size_t len;
    save(idf, &bytes, &len);
    precis_idf *view;
    assert_int_equal(precis_idf_view(bytes, len, &view), PRECIS_OK);
    uint64_t c = px_serial_next();
    for (size_t i = 0; i < NDOCS; i++) {
        add_doc(ref, i);
        add_mapped(view, i, c, BY_A, 1);
        add_mapped(idf, i, c, BY_A, 1);
    }
    assert_same_bytes(ref, view);
    assert_same_model(ref, idf);

    precis_free(bytes);
    precis_idf_free(view);
    precis_idf_free(part);
    precis_idf_free(ref);
    precis_idf_free(idf);
}

/* Where the sections of a saved version 2 model start (idf_format.c). */
typedef struct layout {
    size_t terms, slots, key_bytes;
    size_t df_width; /* 4 while the documents fit in 32 bits, else 8 */
    size_t slots_at, dfs_at, offsets_at, keys_at;
} layout;

static layout layout_of(const unsigned char *b)
{
    layout l;
    l.terms = (size_t)px_le64(b + 96);
    l.slots = (size_t)px_le64(b + 104);
    l.key_bytes = (size_t)px_le64(b + 112);
    l.slots_at = 120;
    l.df_width = px_le64(b + 88) <= UINT32_MAX ? 4 : 8;
    l.dfs_at = l.slots_at + 4 * l.slots;
    l.offsets_at = l.dfs_at + l.df_width * l.terms;
    l.keys_at = l.offsets_at + 4 * l.terms;
    return l;
}

/* Sets the df of term i in a saved model laid out as l. */
static void put_df(unsigned char *b, const layout *l, size_t i, uint64_t df_)
{
    unsigned char *at = b + l->dfs_at + l->df_width * i;
    if (l->df_width == 4)
        px_put_le32(at, (uint32_t)df_);
    else
        px_put_le64(at, df_);
}

static uint64_t get_df(const unsigned char *b, const layout *l, size_t i)
{
    const unsigned char *at = b + l->dfs_at + l->df_width * i;
    return l->df_width == 4 ? px_le32(at) : px_le64(at);
}

/* Seals the bytes with a right checksum, then reads them both ways:
 * returns the view's status, after checking that a load says no more
 * than the view (a load also checks the canonical form) and that what a
 * view accepts can be read all over. */
static int seal_and_view(unsigned char *b, size_t len)
{
    px_put_le64(b + len - 8, px_idf_checksum(b, len - 8));
    precis_idf *view = NULL, *loaded = NULL;
    int rc = precis_idf_view(b, len, &view);
    int load_rc = precis_idf_load((const char *)b, len, &loaded);
    if (rc != PRECIS_OK)
        assert_int_equal(load_rc, rc);
    else
        use_view(view);
    precis_idf_free(loaded);
    precis_idf_free(view);
    return rc;
}

/* Crafted version 2 files with right checksums: every structural lie that
 * could send a lookup out of the bytes, or into an endless probe, is
 * refused by the view itself; lies that cannot (terms out of order, an
 * index in the wrong places) are refused by a load and harmless in a
 * view. */
static void test_view_crafted(void **state)
{
    (void)state;
    size_t len;
    char *good = saved_model(0, NDOCS, &len);
    unsigned char *b = malloc(len);
    assert_non_null(b);
    layout l = layout_of((const unsigned char *)good);
    assert_int_equal(l.terms, 12);
    assert_int_equal(l.slots, 32);

#define RESET() memcpy(b, good, len)
    RESET();
    assert_int_equal(seal_and_view(b, len), PRECIS_OK);
    /* A slot naming a term past the last. */
    RESET();
    for (size_t j = 0; j < l.slots; j++)
        if (px_le32(b + l.slots_at + 4 * j) == 0) {
            px_put_le32(b + l.slots_at + 4 * j, 13);
            break;
        }
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    /* Every slot taken (a probe for an absent stem would never end). */
    RESET();
    for (size_t j = 0; j < l.slots; j++)
        px_put_le32(b + l.slots_at + 4 * j, 1);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    /* A term twice in the index, another missing. */
    RESET();
    for (size_t j = 0; j < l.slots; j++)
        if (px_le32(b + l.slots_at + 4 * j) == 2)
            px_put_le32(b + l.slots_at + 4 * j, 1);
    assert_int_equal(seal_and_view(b, len), PRECIS_OK); /* harmless */
    /* A key offset past the key section, and one going backwards. */
    RESET();
    px_put_le32(b + l.offsets_at + 4 * 11, (uint32_t)l.key_bytes + 5);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    px_put_le32(b + l.offsets_at + 4 * 11, 0xFFFFFFFFu);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    px_put_le32(b + l.offsets_at + 4 * 5, px_le32(b + l.offsets_at + 4 * 3));
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    px_put_le32(b + l.offsets_at, 1);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    /* A key not ended by a NUL, and the last byte of the section. */
    RESET();
    b[l.keys_at + px_le32(b + l.offsets_at + 4 * 4) - 1] = 'x';
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    b[l.keys_at + l.key_bytes - 1] = 'x';
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    /* Counts of 0, and above the documents. */
    RESET();
    put_df(b, &l, 7, 0);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    put_df(b, &l, 7, NDOCS + 1);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    /* Sizes that do not add up to the length, or lie about the table. */
    RESET();
    px_put_le64(b + 96, 13);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    px_put_le64(b + 104, 16);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    px_put_le64(b + 112, l.key_bytes + 8);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    px_put_le64(b + 96, UINT64_MAX);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    /* The language: empty, too long, not a name, garbage after it. */
    RESET();
    px_put_le32(b + 18, 0);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    px_put_le32(b + 18, 65);
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    b[22] = 'E';
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    b[22 + 7 + 3] = 'x';
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    RESET();
    b[87] = 1;
    assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    /* A flag this version does not define; a later version. */
    RESET();
    px_put_le32(b + 14, 1);
    assert_int_equal(seal_and_view(b, len), PRECIS_EVERSION);
    RESET();
    px_put_le32(b + 10, 3);
    assert_int_equal(seal_and_view(b, len), PRECIS_EVERSION);
    /* Two terms' counts swapped: valid, and a load keeps it. Two keys
     * swapped: out of order, which only a load sees. */
    RESET();
    uint64_t d3 = get_df(b, &l, 3), d4 = get_df(b, &l, 4);
    put_df(b, &l, 3, d4);
    put_df(b, &l, 4, d3);
    assert_int_equal(seal_and_view(b, len), PRECIS_OK);
    RESET();
    b[l.keys_at] = 'z';
    assert_int_equal(seal_and_view(b, len), PRECIS_OK);
    precis_idf *loaded;
    assert_int_equal(precis_idf_load((const char *)b, len, &loaded),
                     PRECIS_EFORMAT);
    /* Invalid UTF-8 in a key: only a load sees it. */
    RESET();
    b[l.keys_at + px_le32(b + l.offsets_at + 4 * 11)] = (unsigned char)0xFF;
    assert_int_equal(seal_and_view(b, len), PRECIS_OK);
    assert_int_equal(precis_idf_load((const char *)b, len, &loaded),
                     PRECIS_EFORMAT);
    /* Garbage in the padding before the checksum. */
    RESET();
    if (l.keys_at + l.key_bytes < len - 8) {
        b[len - 9] = 1;
        assert_int_equal(seal_and_view(b, len), PRECIS_EFORMAT);
    }
#undef RESET
    free(b);
    precis_free(good);
}

/* A run of more than 128 taken slots would make a probe long; the view
 * refuses one however it was made, and a run of 128 is allowed. */
static void test_view_long_run(void **state)
{
    (void)state;
    precis_idf *idf = big_model(200);
    char *good;
    size_t len;
    save(idf, &good, &len);
    precis_idf_free(idf);
    layout l = layout_of((const unsigned char *)good);
    assert_int_equal(l.terms, 200);
    assert_int_equal(l.slots, 512);
    unsigned char *b = malloc(len);
    assert_non_null(b);
    for (size_t run = 128; run <= 129; run++) {
        memcpy(b, good, len);
        /* Terms 1..run in slots 500.. (wrapping to the start), the rest
         * one slot apart after them. */
        memset(b + l.slots_at, 0, 4 * l.slots);
        size_t j = 500;
        for (size_t t = 0; t < l.terms; t++) {
            px_put_le32(b + l.slots_at + 4 * j, (uint32_t)(t + 1));
            j = (j + (t + 1 < run ? 1 : 2)) % l.slots;
        }
        assert_int_equal(seal_and_view(b, len),
                         run <= 128 ? PRECIS_OK : PRECIS_EFORMAT);
    }
    free(b);
    precis_free(good);
}

/* Counts past 32 bits (a model of more than 4 billion documents) take 8
 * bytes each, and read back alike, in place or loaded. */
static void test_wide_counts(void **state)
{
    (void)state;
    buf b;
    header(&b, 1, 0, "english", (uint64_t)1 << 33, 3);
    term(&b, "alpha", 1);
    term(&b, "beta", ((uint64_t)1 << 32) + 5);
    term(&b, "gamma", (uint64_t)1 << 33);
    put_le(&b, px_hash((const char *)b.data, b.len), 8);
    precis_idf *v1, *view, *loaded;
    assert_int_equal(precis_idf_load((const char *)b.data, b.len, &v1),
                     PRECIS_OK);
    char *bytes;
    size_t len;
    save(v1, &bytes, &len);
    layout l = layout_of((const unsigned char *)bytes);
    assert_int_equal(l.df_width, 8);
    assert_int_equal(get_df((const unsigned char *)bytes, &l, 1),
                     ((uint64_t)1 << 32) + 5);
    assert_int_equal(precis_idf_view(bytes, len, &view), PRECIS_OK);
    assert_int_equal(precis_idf_load(bytes, len, &loaded), PRECIS_OK);
    assert_same_model(v1, view);
    assert_same_model(v1, loaded);
    assert_int_equal(df(view, "gamma"), (uint64_t)1 << 33);
    precis_idf_free(loaded);
    precis_idf_free(view);
    /* A count past the documents is refused at 8 bytes too. */
    put_df((unsigned char *)bytes, &l, 2, ((uint64_t)1 << 33) + 1);
    assert_int_equal(seal_and_view((unsigned char *)bytes, len),
                     PRECIS_EFORMAT);
    precis_free(bytes);
    precis_idf_free(v1);
}

/* Models saved by earlier versions and by this one, kept as files: later
 * versions of the library must keep reading them, and saving must keep
 * giving the current file's bytes. */
static void test_golden_file(void **state)
{
    (void)state;
    precis_idf *built = model_of(0, NDOCS);
    char *bytes;
    size_t n;
    save(built, &bytes, &n);
    static const char *const files[] = {"idf/five-docs-v1.idf",
                                        "idf/five-docs-v2.idf"};
    for (size_t f = 0; f < 2; f++) {
        size_t len;
        char *data = test_read_data(files[f], &len);
        precis_idf *loaded, *view;
        assert_int_equal(precis_idf_load(data, len, &loaded), PRECIS_OK);
        assert_int_equal(precis_idf_view(data, len, &view), PRECIS_OK);
        assert_int_equal(precis_idf_documents(loaded), NDOCS);
        assert_int_equal(df(loaded, "border"), 2);
        assert_same_model(loaded, view);
        for (size_t i = 0; i < precis_idf_terms(built); i++) {
            const char *stem;
            size_t stem_len;
            uint64_t count;
            assert_int_equal(
                precis_idf_term(built, i, &stem, &stem_len, &count),
                PRECIS_OK);
            assert_int_equal(precis_idf_frequency(view, stem, stem_len),
                             count);
        }
        assert_same_bytes(built, loaded);
        assert_same_bytes(built, view);
        if (f == 1) {
            assert_int_equal(n, len);
            assert_memory_equal(bytes, data, len);
        }
        precis_idf_free(view);
        precis_idf_free(loaded);
        free(data);
    }
    precis_free(bytes);
    precis_idf_free(built);
}

/* A version 1 buffer made here, byte by byte, from a model's terms: it
 * loads, and views, as the model it was made from. */
static void test_v1_by_hand(void **state)
{
    (void)state;
    precis_idf *built = model_of(0, NDOCS);
    char *bytes;
    size_t len;
    save(built, &bytes, &len);
    precis_idf *sorted; /* the built model's terms in saved order */
    assert_int_equal(precis_idf_load(bytes, len, &sorted), PRECIS_OK);
    buf b;
    header(&b, 1, 0, "english", NDOCS, precis_idf_terms(sorted));
    for (size_t i = 0; i < precis_idf_terms(sorted); i++) {
        const char *stem;
        uint64_t count;
        assert_int_equal(precis_idf_term(sorted, i, &stem, NULL, &count),
                         PRECIS_OK);
        term(&b, stem, count);
    }
    put_le(&b, px_hash((const char *)b.data, b.len), 8);
    precis_idf *v1, *view;
    assert_int_equal(precis_idf_load((const char *)b.data, b.len, &v1),
                     PRECIS_OK);
    assert_int_equal(precis_idf_view(b.data, b.len, &view), PRECIS_OK);
    assert_same_model(sorted, v1);
    assert_same_model(sorted, view);
    assert_same_bytes(built, v1);
    precis_idf_free(view);
    precis_idf_free(v1);
    precis_idf_free(sorted);
    precis_free(bytes);
    precis_idf_free(built);
}

/* Runs op on fresh objects with the k-th allocation failing, for every k:
 * a failure is PRECIS_ENOMEM, leaves the target model as it was, and
 * nothing leaks. */
enum op {
    OP_ADD,
    OP_MERGE,
    OP_SAVE,
    OP_LOAD,
    OP_VIEW,
    OP_ADD_VIEW,
    OP_ADD_IDS
};

static void sweep(enum op op)
{
    int failures = 0;
    uint64_t analyzer = px_serial_next();
    for (size_t k = 1;; k++) {
        precis_allocator_set(&failing);
        fail_at = 0;
        calls = 0;
        live = 0;
        precis_idf *target = model_of(0, 2);
        precis_idf *other = model_of(1, NDOCS);
        if (op == OP_ADD_IDS) {
            /* Some of the stems in the model's map, not all: the add
             * below finds some by id, interns others and grows the map. */
            add_mapped(target, 0, analyzer, BY_A, 1);
        }
        char *before, *other_bytes, *out_bytes = NULL;
        size_t before_len, other_len, out_len;
        save(target, &before, &before_len);
        save(other, &other_bytes, &other_len);
        precis_article a;
        if (op == OP_ADD_IDS)
            assert_int_equal(make_mapped(2, analyzer, BY_A, 1, &a),
                             PRECIS_OK);
        else
            assert_int_equal(make_article(docs[2], &a), PRECIS_OK);
        precis_idf *loaded = NULL;
        if (op == OP_ADD_VIEW) {
            /* The target read in place: counting into it copies it. */
            precis_idf_free(target);
            assert_int_equal(precis_idf_view(before, before_len, &target),
                             PRECIS_OK);
        }

        size_t start = calls;
        fail_at = start + k;
        int rc = PRECIS_OK;
        switch (op) {
        case OP_ADD:
            rc = precis_idf_add(target, &a);
            break;
        case OP_MERGE:
            rc = precis_idf_merge(target, other);
            break;
        case OP_SAVE:
            rc = precis_idf_save(target, &out_bytes, &out_len);
            break;
        case OP_LOAD:
            rc = precis_idf_load(other_bytes, other_len, &loaded);
            break;
        case OP_VIEW:
            rc = precis_idf_view(other_bytes, other_len, &loaded);
            break;
        case OP_ADD_VIEW:
        case OP_ADD_IDS:
            rc = precis_idf_add(target, &a);
            break;
        }
        int injected = calls >= fail_at;
        fail_at = 0;
        if (rc != PRECIS_OK) {
            assert_int_equal(rc, PRECIS_ENOMEM);
            assert_null(loaded);
            char *after;
            size_t after_len;
            save(target, &after, &after_len);
            assert_int_equal(after_len, before_len);
            assert_memory_equal(after, before, before_len);
            assert_int_equal(precis_idf_terms(target), 8);
            /* A failed add may leave stems with no count behind: the
             * listing skips them. */
            for (size_t i = 0; i < 8; i++) {
                uint64_t f = 0;
                assert_int_equal(precis_idf_term(target, i, NULL, NULL, &f),
                                 PRECIS_OK);
                assert_true(f > 0);
            }
            assert_int_equal(precis_idf_term(target, 8, NULL, NULL, NULL),
                             PRECIS_EINVAL);
            precis_free(after);
            if (op == OP_ADD_IDS) {
                /* What the failed add left in the map is still right. */
                assert_int_equal(precis_idf_add(target, &a), PRECIS_OK);
                precis_idf *ref = model_of(0, 2);
                add_doc(ref, 0);
                add_doc(ref, 2);
                assert_same_model(ref, target);
                precis_idf_free(ref);
            }
        }
        precis_free(out_bytes);
        precis_idf_free(loaded);
        free_mapped(&a);
        precis_idf_free(target);
        precis_idf_free(other);
        precis_free(before);
        precis_free(other_bytes);
        precis_allocator_set(NULL);
        assert_int_equal(live, 0);
        if (!injected) {
            assert_int_equal(rc, PRECIS_OK);
            break;
        }
        assert_int_not_equal(rc, PRECIS_OK);
        failures++;
    }
    assert_true(failures >= 1);
}

static void test_allocation_failures(void **state)
{
    (void)state;
    sweep(OP_ADD);
    sweep(OP_MERGE);
    sweep(OP_SAVE);
    sweep(OP_LOAD);
    sweep(OP_VIEW);
    sweep(OP_ADD_VIEW);
    sweep(OP_ADD_IDS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_term),
        cmocka_unit_test(test_weight),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_order_independent),
        cmocka_unit_test(test_merge_equals_union),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_crafted),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_view_equals_load),
        cmocka_unit_test(test_view_counts_into),
        cmocka_unit_test(test_stem_ids),
        cmocka_unit_test(test_view_crafted),
        cmocka_unit_test(test_view_long_run),
        cmocka_unit_test(test_wide_counts),
        cmocka_unit_test(test_golden_file),
        cmocka_unit_test(test_v1_by_hand),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
