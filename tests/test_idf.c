/* test_idf.c: document-frequency models: counting, merging, the saved
 * format (round trip, byte equality, rejection of damaged or foreign
 * buffers) and allocation failure at every point. Articles are built by
 * hand: a model reads nothing but an article's vocabulary. */
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
#include "precis.h"
#include "strmap.h"

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
    assert_memory_equal(bytes + 10, "\1\0\0\0", 4); /* version 1, LE */
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
    precis_idf *idf = model_of(0, NDOCS);
    char *bytes;
    size_t len;
    save(idf, &bytes, &len);
    precis_idf_free(idf);
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
        free(cut);
    }
    for (size_t i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            bytes[i] ^= (char)(1 << bit);
            precis_idf *out;
            int rc = precis_idf_load(bytes, len, &out);
            bytes[i] ^= (char)(1 << bit);
            int version_field = i >= 10 && i < 14;
            if (rc == PRECIS_OK ||
                (!version_field && rc != PRECIS_EFORMAT))
                fail_msg("byte %zu bit %d: %d", i, bit, rc);
        }
    }
    /* Trailing bytes after the checksum are damage too. */
    char *longer = malloc(len + 1);
    assert_non_null(longer);
    memcpy(longer, bytes, len);
    longer[len] = 0;
    precis_idf *out;
    assert_int_equal(precis_idf_load(longer, len + 1, &out), PRECIS_EFORMAT);
    free(longer);
    assert_int_equal(precis_idf_load("GIF89a", 6, &out), PRECIS_EFORMAT);
    assert_int_equal(precis_idf_load(NULL, 0, &out), PRECIS_EFORMAT);
    assert_int_equal(precis_idf_load(bytes, len, NULL), PRECIS_EINVAL);
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

static int finish_and_load(buf *b)
{
    put_le(b, px_hash((const char *)b->data, b->len), 8);
    precis_idf *idf = NULL;
    int rc = precis_idf_load((const char *)b->data, b->len, &idf);
    if (rc == PRECIS_OK) {
        /* What loads must save back to the very same bytes. */
        char *again;
        size_t len;
        save(idf, &again, &len);
        assert_int_equal(len, b->len);
        assert_memory_equal(again, b->data, len);
        precis_free(again);
    }
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
    header(&b, 2, 0, "english", 3, 0);
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

/* Random damage behind a valid checksum reaches the parser itself: it
 * must reject or accept without reading out of bounds, and whatever it
 * accepts must be canonical (saving it gives the same bytes back). */
static void test_mutations(void **state)
{
    (void)state;
    precis_idf *idf = model_of(0, NDOCS);
    char *good;
    size_t len;
    save(idf, &good, &len);
    precis_idf_free(idf);
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
        uint64_t sum = px_hash((const char *)m, n - 8);
        for (int i = 0; i < 8; i++)
            m[n - 8 + (size_t)i] = (unsigned char)(sum >> (8 * i));
        precis_idf *out = NULL;
        int rc = precis_idf_load((const char *)m, n, &out);
        if (rc == PRECIS_OK) {
            char *again;
            size_t again_len;
            save(out, &again, &again_len);
            assert_int_equal(again_len, n);
            assert_memory_equal(again, m, n);
            precis_free(again);
            accepted++;
        } else {
            assert_true(rc == PRECIS_EFORMAT || rc == PRECIS_EVERSION);
            assert_null(out);
            rejected++;
        }
        precis_idf_free(out);
        free(m);
    }
    /* Both outcomes happen (a changed df or stem byte can stay valid). */
    assert_true(accepted > 0 && rejected > 0);
    precis_free(good);
}

/* A model saved by this version, kept as a file: later versions of the
 * library must keep reading it. */
static void test_golden_file(void **state)
{
    (void)state;
    const char *dir = getenv("PRECIS_TEST_DATA");
    assert_non_null(dir);
    char path[1024];
    snprintf(path, sizeof path, "%s/idf/five-docs-v1.idf", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char data[4096];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    precis_idf *loaded;
    assert_int_equal(precis_idf_load(data, len, &loaded), PRECIS_OK);
    assert_int_equal(precis_idf_documents(loaded), NDOCS);
    assert_int_equal(df(loaded, "border"), 2);
    precis_idf *built = model_of(0, NDOCS);
    char *bytes;
    size_t n;
    save(built, &bytes, &n);
    assert_int_equal(n, len);
    assert_memory_equal(bytes, data, len);
    precis_free(bytes);
    precis_idf_free(built);
    precis_idf_free(loaded);
}

/* Runs op on fresh objects with the k-th allocation failing, for every k:
 * a failure is PRECIS_ENOMEM, leaves the target model as it was, and
 * nothing leaks. */
enum op { OP_ADD, OP_MERGE, OP_SAVE, OP_LOAD };

static void sweep(enum op op)
{
    int failures = 0;
    for (size_t k = 1;; k++) {
        precis_allocator_set(&failing);
        fail_at = 0;
        calls = 0;
        live = 0;
        precis_idf *target = model_of(0, 2);
        precis_idf *other = model_of(1, NDOCS);
        char *before, *other_bytes, *out_bytes = NULL;
        size_t before_len, other_len, out_len;
        save(target, &before, &before_len);
        save(other, &other_bytes, &other_len);
        precis_article a;
        assert_int_equal(make_article(docs[2], &a), PRECIS_OK);
        precis_idf *loaded = NULL;

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
        }
        precis_free(out_bytes);
        precis_idf_free(loaded);
        px_strmap_free(a.vocab);
        precis_free(before);
        precis_free(other_bytes);
        precis_idf_free(target);
        precis_idf_free(other);
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
        cmocka_unit_test(test_golden_file),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
