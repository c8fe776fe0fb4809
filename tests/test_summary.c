/* test_summary.c: articles, scoring, selection and summaries, on small
 * made-up articles in tests/data/summary/ and on hand-built articles. */
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
#include "lang.h"
#include "precis.h"
#include "score.h"
#include "select.h"
#include "support.h"

typedef struct fixture {
    char *bytes;
    size_t len;
    test_article t;
} fixture;

static void open_text(fixture *fx, const char *bytes, size_t len)
{
    assert_int_equal(test_article_open(&fx->t, bytes, len), PRECIS_OK);
}

static void open_file(fixture *fx, const char *name)
{
    memset(fx, 0, sizeof *fx);
    char path[256];
    snprintf(path, sizeof path, "summary/%s", name);
    fx->bytes = test_read_data(path, &fx->len);
    open_text(fx, fx->bytes, fx->len);
}

static void close_fixture(fixture *fx)
{
    test_article_close(&fx->t);
    free(fx->bytes);
}

static precis_summary *summarize(const fixture *fx, size_t n, size_t words,
                                 double ratio)
{
    precis_summary_options o;
    precis_summary_options_init(&o);
    o.sentences = n;
    o.words = words;
    o.ratio = ratio;
    precis_summary *s = NULL;
    assert_int_equal(precis_summary_new(fx->t.article, NULL, &o, &s), PRECIS_OK);
    assert_non_null(s);
    return s;
}

static size_t summary_words(const fixture *fx, const precis_summary *s)
{
    size_t words = 0;
    for (size_t i = 0; i < precis_summary_count(s); i++)
        words += precis_article_sentence_words(fx->t.article,
                                               precis_summary_index(s, i));
    return words;
}

static int span_has(const fixture *fx, precis_span span, const char *needle)
{
    size_t n = strlen(needle);
    const char *text = precis_doc_text(fx->t.doc);
    for (size_t i = span.start; i + n <= span.end; i++) {
        if (memcmp(text + i, needle, n) == 0)
            return 1;
    }
    return 0;
}

static void test_options_default(void **state)
{
    (void)state;
    precis_summary_options o;
    o.sentences = 99;
    o.words = 7;
    o.ratio = 0.5;
    precis_summary_options_init(&o);
    assert_int_equal(o.sentences, 3);
    assert_int_equal(o.words, 0);
    assert_true(o.ratio == 0.0);
}

/* Every chosen sentence is a sentence of the article, inside a body block,
 * and the title never appears as a summary sentence. */
static void test_body_sentences_only(void **state)
{
    (void)state;
    fixture fx;
    open_file(&fx, "harbour.txt");
    size_t n = precis_article_sentence_count(fx.t.article);
    assert_true(n >= 8);
    precis_summary *s = summarize(&fx, 3, 0, 0);
    assert_int_equal(precis_summary_count(s), 3);
    const precis_layout *layout = precis_article_layout(fx.t.article);
    for (size_t i = 0; i < precis_summary_count(s); i++) {
        precis_span span = precis_summary_sentence(s, i);
        size_t idx = precis_summary_index(s, i);
        precis_span same = precis_article_sentence(fx.t.article, idx);
        assert_int_equal(span.start, same.start);
        assert_int_equal(span.end, same.end);
        size_t b = fx.t.article->sentences[idx].block;
        assert_true(precis_layout_block_is_body(layout, b));
        precis_span block = precis_layout_block_span(layout, b);
        assert_true(span.start >= block.start && span.end <= block.end);
        assert_false(span_has(&fx, span, "Harbour town votes"));
    }
    precis_summary_free(s);
    close_fixture(&fx);
}

static void test_sentence_limit(void **state)
{
    (void)state;
    fixture fx;
    open_file(&fx, "harbour.txt");
    for (size_t n = 1; n <= 5; n++) {
        precis_summary *s = summarize(&fx, n, 0, 0);
        assert_int_equal(precis_summary_count(s), n);
        precis_summary_free(s);
    }
    close_fixture(&fx);
}

static void test_word_limit(void **state)
{
    (void)state;
    fixture fx;
    open_file(&fx, "harbour.txt");
    precis_summary *s = summarize(&fx, 0, 60, 0);
    assert_true(precis_summary_count(s) >= 1);
    assert_true(summary_words(&fx, s) <= 60);
    precis_summary_free(s);
    /* The tightest limit wins: 10 sentences allowed, 40 words. */
    s = summarize(&fx, 10, 40, 0);
    assert_true(summary_words(&fx, s) <= 40);
    assert_true(precis_summary_count(s) < 10);
    precis_summary_free(s);
    /* A budget below every sentence still gives the best one. */
    s = summarize(&fx, 3, 2, 0);
    assert_int_equal(precis_summary_count(s), 1);
    precis_summary_free(s);
    close_fixture(&fx);
}

static void test_ratio_limit(void **state)
{
    (void)state;
    fixture fx;
    open_file(&fx, "harbour.txt");
    size_t total = 0;
    for (size_t i = 0; i < precis_article_sentence_count(fx.t.article); i++)
        total += precis_article_sentence_words(fx.t.article, i);
    precis_summary *s = summarize(&fx, 0, 0, 0.25);
    assert_true(precis_summary_count(s) >= 1);
    assert_true(summary_words(&fx, s) * 4 <= total + 4);
    precis_summary_free(s);
    /* A ratio of 1 with no other limit keeps every distinct sentence. */
    s = summarize(&fx, 0, 0, 1.0);
    assert_true(precis_summary_count(s) >= precis_article_sentence_count(fx.t.article) - 1);
    precis_summary_free(s);
    precis_summary_options o;
    precis_summary_options_init(&o);
    o.ratio = -0.5;
    precis_summary *bad = NULL;
    assert_int_equal(precis_summary_new(fx.t.article, NULL, &o, &bad),
                     PRECIS_EINVAL);
    assert_null(bad);
    close_fixture(&fx);
}

static void test_document_order(void **state)
{
    (void)state;
    fixture fx;
    open_file(&fx, "harbour.txt");
    precis_summary *s = summarize(&fx, 6, 0, 0);
    assert_int_equal(precis_summary_count(s), 6);
    for (size_t i = 1; i < precis_summary_count(s); i++) {
        assert_true(precis_summary_index(s, i - 1) < precis_summary_index(s, i));
        assert_true(precis_summary_sentence(s, i - 1).end <=
                    precis_summary_sentence(s, i).start);
    }
    precis_summary_free(s);
    close_fixture(&fx);
}

/* harbour.txt repeats its lead sentence word for word further down: the
 * summary keeps one copy only, even when it asks for every sentence. */
static void test_redundancy_dropped(void **state)
{
    (void)state;
    fixture fx;
    open_file(&fx, "harbour.txt");
    size_t n = precis_article_sentence_count(fx.t.article);
    precis_summary *s = summarize(&fx, n, 0, 0);
    size_t copies = 0;
    for (size_t i = 0; i < precis_summary_count(s); i++)
        copies += span_has(&fx, precis_summary_sentence(s, i),
                           "voted on Tuesday to rebuild");
    assert_int_equal(copies, 1);
    assert_int_equal(precis_summary_count(s), n - 1);
    precis_summary_free(s);
    close_fixture(&fx);
}

/* The question and the dangling "But ..." sentence are penalized: neither
 * is in a three-sentence summary. */
static void test_shape_penalties(void **state)
{
    (void)state;
    fixture fx;
    open_file(&fx, "harbour.txt");
    int questions = 0, dangling = 0;
    for (size_t i = 0; i < fx.t.article->sentence_count; i++) {
        questions += (fx.t.article->sentences[i].flags & PX_SENT_QUESTION) != 0;
        dangling += (fx.t.article->sentences[i].flags & PX_SENT_DANGLING) != 0;
    }
    assert_int_equal(questions, 1);
    assert_true(dangling >= 1);
    precis_summary *s = summarize(&fx, 3, 0, 0);
    for (size_t i = 0; i < precis_summary_count(s); i++) {
        precis_span span = precis_summary_sentence(s, i);
        assert_false(span_has(&fx, span, "Did anyone"));
        assert_false(span_has(&fx, span, "But residents"));
    }
    /* News leads: the first body sentence is chosen. */
    assert_int_equal(precis_summary_index(s, 0), 0);
    precis_summary_free(s);
    close_fixture(&fx);
}

static void test_empty_article(void **state)
{
    (void)state;
    const char *names[] = {"empty.txt", "blank.txt"};
    for (size_t k = 0; k < 2; k++) {
        fixture fx;
        open_file(&fx, names[k]);
        assert_int_equal(precis_article_sentence_count(fx.t.article), 0);
        precis_summary *s = summarize(&fx, 3, 0, 0);
        assert_int_equal(precis_summary_count(s), 0);
        precis_span none = precis_summary_sentence(s, 0);
        assert_int_equal(none.start, 0);
        assert_int_equal(none.end, 0);
        precis_summary_free(s);
        close_fixture(&fx);
    }
}

static void test_single_sentence(void **state)
{
    (void)state;
    fixture fx;
    open_file(&fx, "single.txt");
    assert_int_equal(precis_article_sentence_count(fx.t.article), 1);
    precis_summary *s = summarize(&fx, 3, 0, 0);
    assert_int_equal(precis_summary_count(s), 1);
    precis_span span = precis_summary_sentence(s, 0);
    assert_int_equal(span.start, 0);
    assert_int_equal(span.end, fx.len - 1); /* without the line break */
    assert_true(precis_summary_score(s, 0) > 0.0);
    precis_summary_free(s);
    close_fixture(&fx);
}

static void test_no_punctuation(void **state)
{
    (void)state;
    fixture fx;
    open_file(&fx, "nopunct.txt");
    size_t n = precis_article_sentence_count(fx.t.article);
    assert_true(n >= 1);
    precis_summary *s = summarize(&fx, 3, 0, 0);
    assert_true(precis_summary_count(s) >= 1);
    for (size_t i = 0; i < precis_summary_count(s); i++) {
        precis_span span = precis_summary_sentence(s, i);
        assert_true(span.start < span.end && span.end <= fx.len);
    }
    assert_true(fx.t.article->sentences[0].flags & PX_SENT_FRAGMENT);
    precis_summary_free(s);
    close_fixture(&fx);
}

/* An allocator that counts the bytes live, each block with its size in
 * a header, to check the library's own count of what it holds. */
typedef union byte_header {
    size_t size;
    max_align_t align;
} byte_header;

static size_t live_bytes;

static void *bytes_malloc(void *ctx, size_t size)
{
    (void)ctx;
    byte_header *h = malloc(sizeof *h + size);
    if (!h)
        return NULL;
    h->size = size;
    live_bytes += size;
    return h + 1;
}

static void bytes_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (!ptr)
        return;
    byte_header *h = (byte_header *)ptr - 1;
    live_bytes -= h->size;
    free(h);
}

static void *bytes_realloc(void *ctx, void *ptr, size_t size)
{
    if (!ptr)
        return bytes_malloc(ctx, size);
    byte_header *h = (byte_header *)ptr - 1;
    size_t old = h->size;
    byte_header *n = realloc(h, sizeof *n + size);
    if (!n)
        return NULL;
    n->size = size;
    live_bytes = live_bytes - old + size;
    return n + 1;
}

/* precis_doc_memory and precis_article_memory are the bytes a document
 * and its article hold from the allocator, to the byte; a built article
 * holds its arrays shrunk to fit, so little more than its text. */
static void test_memory(void **state)
{
    (void)state;
    assert_int_equal(precis_doc_memory(NULL), 0);
    assert_int_equal(precis_article_memory(NULL), 0);
    size_t len;
    char *bytes = test_read_data("summary/harbour.txt", &len);
    const precis_allocator counting = {bytes_malloc, bytes_realloc,
                                       bytes_free, NULL};
    precis_allocator_set(&counting);
    precis_lang *lang;
    precis_analyzer *an;
    assert_int_equal(precis_lang_new("english", NULL, 0, &lang), PRECIS_OK);
    assert_int_equal(precis_analyzer_new(lang, &an), PRECIS_OK);
    precis_doc *warm_doc, *doc;
    precis_article *warm, *article;
    /* The first article fills the analyzer's caches; the second adds
     * nothing to them, so what it adds is its own. */
    assert_int_equal(precis_doc_new(bytes, len, 0, &warm_doc, NULL), 0);
    assert_int_equal(precis_article_new(an, warm_doc, &warm), PRECIS_OK);
    size_t before = live_bytes;
    assert_int_equal(precis_doc_new(bytes, len, 0, &doc, NULL), 0);
    assert_int_equal(precis_article_new(an, doc, &article), PRECIS_OK);
    size_t held = live_bytes - before;
    assert_int_equal(held,
                     precis_doc_memory(doc) + precis_article_memory(article));
    assert_true(precis_doc_memory(doc) > len);
    /* About 2.5 times the text (a 1.2 KB page); before the arrays were
     * shrunk, the vocabulary's table and per-id array alone took 4 KiB. */
    assert_true(precis_article_memory(article) < 3 * len);
    assert_true(precis_article_memory(article) >
                article->term_count * sizeof *article->terms +
                    article->sentence_count * sizeof *article->sentences);
    /* The shrunk article is whole: its terms are ids of its vocabulary. */
    for (size_t i = 0; i < article->term_count; i++)
        assert_true(article->terms[i] < px_strmap_size(article->vocab));
    precis_article_free(article);
    precis_doc_free(doc);
    assert_int_equal(live_bytes, before);
    precis_article_free(warm);
    precis_doc_free(warm_doc);
    precis_analyzer_free(an);
    precis_lang_free(lang);
    precis_allocator_set(NULL);
    assert_int_equal(live_bytes, 0);
    free(bytes);
}

/* A photo caption with no final mark, run into the next sentence, becomes
 * a sentence of its own at the space before the sentence's opener; where
 * no rule holds, the span stays whole. The cut points are searched eight
 * bytes at a time, so the texts put them at several offsets. */
static void test_caption_glue(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *second; /* the sentence after the cut; NULL: no cut */
    } cases[] = {
        {"Husband and wife at home with a colleague The cost of divorce can "
         "wreck a family for years.\n",
         "The cost of divorce can wreck a family for years."},
        {"A manager waves at fans on Friday Kilmarnock will confirm the "
         "signing of the striker soon.\n",
         "Kilmarnock will confirm the signing of the striker soon."},
        {"xx The manager waves at fans on Friday Kilmarnock will confirm the "
         "signing of the striker soon.\n",
         "Kilmarnock will confirm the signing of the striker soon."},
        /* "Sunday Times" continues the day name; too few words before. */
        {"Columnists wrote in the Sunday Times that the plan had failed "
         "badly.\n",
         NULL},
        {"Seen here The cost of divorce can wreck a family for years.\n",
         NULL},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        fixture fx;
        memset(&fx, 0, sizeof fx);
        open_text(&fx, cases[c].text, strlen(cases[c].text));
        size_t n = precis_article_sentence_count(fx.t.article);
        if (!cases[c].second) {
            assert_int_equal(n, 1);
        } else {
            assert_int_equal(n, 2);
            precis_span span = precis_article_sentence(fx.t.article, 1);
            const char *text = precis_doc_text(fx.t.doc);
            assert_int_equal(span.end - span.start, strlen(cases[c].second));
            assert_memory_equal(text + span.start, cases[c].second,
                                span.end - span.start);
        }
        close_fixture(&fx);
    }
}

/* 600 sentences over 8 distinct content words: libstemmer runs once per
 * distinct word, the rest comes from the cache. */
static void test_stem_cache_used(void **state)
{
    (void)state;
    const char *line = "Runners were running quickly; the runner runs and "
                       "ran again. ";
    size_t line_len = strlen(line);
    size_t reps = 600;
    char *text = test_repeat(line, line_len * reps);
    fixture fx;
    memset(&fx, 0, sizeof fx);
    fx.bytes = text;
    open_text(&fx, text, line_len * reps);
    size_t terms = fx.t.article->term_count;
    assert_true(terms >= reps * 5);
    size_t misses = px_stemmer_misses(fx.t.analyzer->stemmer);
    assert_true(misses >= 1);
    assert_true(misses <= 12);
    /* runners/runner and runs/running share stems in the vocabulary. */
    assert_true(px_strmap_size(fx.t.article->vocab) <= 8);
    close_fixture(&fx);
}

/* Selection on a hand-built article: scores decide, the sentence budget
 * holds, and an exact repeat is skipped. */
static void test_select_handmade(void **state)
{
    (void)state;
    px_strmap *vocab;
    assert_int_equal(px_strmap_new(&vocab), 0);
    uint32_t id;
    for (int i = 0; i < 6; i++) {
        char key[2] = {(char)('a' + i), 0};
        assert_int_equal(px_strmap_intern(vocab, key, 1, &id, NULL), 0);
    }
    uint32_t terms[] = {0, 1, 2, /* s0 */ 0, 1, 2, /* s1 repeats s0 */
                        3, 4, /* s2 */ 5, 5, /* s3 */};
    px_sentence sents[4] = {
        {{0, 10}, 0, 0, 3, 10, 0},
        {{11, 20}, 0, 3, 3, 10, 0},
        {{21, 30}, 0, 6, 2, 10, 0},
        {{31, 40}, 0, 8, 2, 10, 0},
    };
    precis_article a;
    memset(&a, 0, sizeof a);
    a.sentences = sents;
    a.sentence_count = 4;
    a.terms = terms;
    a.term_count = 10;
    a.vocab = vocab;
    double scores[4] = {0.5, 0.9, 0.1, 0.7};
    size_t chosen[4], count;
    precis_summary_options o;
    precis_summary_options_init(&o);
    assert_int_equal(px_select_sentences(&a, scores, &o, chosen, &count), 0);
    assert_int_equal(count, 3);
    /* s1 (best), s3, then s0 is a repeat of s1, so s2. */
    assert_int_equal(chosen[0], 1);
    assert_int_equal(chosen[1], 2);
    assert_int_equal(chosen[2], 3);
    o.sentences = 0;
    o.words = 25;
    assert_int_equal(px_select_sentences(&a, scores, &o, chosen, &count), 0);
    assert_int_equal(count, 2);
    assert_int_equal(chosen[0], 1);
    assert_int_equal(chosen[1], 3);

    /* Scoring: with identical terms, the fragment scores below the full
     * sentence, and the earlier sentence above the later one. */
    sents[0].flags = PX_SENT_FRAGMENT;
    double sc[4];
    assert_int_equal(px_score_sentences(&a, NULL, sc), 0);
    assert_true(sc[0] < sc[1]);
    sents[0].flags = 0;
    assert_int_equal(px_score_sentences(&a, NULL, sc), 0);
    assert_true(sc[0] > sc[1]);
    px_strmap_free(vocab);
}

/* The order selection takes candidates in: by score, best first, the
 * earlier sentence first among equal scores, as a full sort gives it. */
typedef struct by_rank {
    double score;
    size_t index;
} by_rank;

static int rank_order(const void *pa, const void *pb)
{
    const by_rank *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

static int index_order(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return (a > b) - (a < b);
}

/* Greedy selection as select.c describes it, over a sorted copy: the
 * reference the heap it uses must agree with. */
static size_t reference_select(const px_sentence *sents, const double *scores,
                               size_t n, size_t max_sentences, size_t budget,
                               size_t *chosen)
{
    by_rank order[64];
    for (size_t i = 0; i < n; i++) {
        order[i].score = scores[i];
        order[i].index = i;
    }
    qsort(order, n, sizeof *order, rank_order);
    size_t count = 0, used = 0;
    for (size_t r = 0; r < n && count < max_sentences; r++) {
        size_t words = sents[order[r].index].words;
        if (words > budget - used)
            continue;
        chosen[count++] = order[r].index;
        used += words;
    }
    if (count == 0 && max_sentences > 0)
        chosen[count++] = order[0].index;
    qsort(chosen, count, sizeof *chosen, index_order);
    return count;
}

static void test_select_order_random(void **state)
{
    (void)state;
    px_strmap *vocab;
    assert_int_equal(px_strmap_new(&vocab), PRECIS_OK);
    uint32_t no_terms[1] = {0};
    px_sentence sents[64];
    double scores[64];
    size_t chosen[64], expect[64], count;
    srand(12345);
    for (int round = 0; round < 2000; round++) {
        size_t n = 1 + (size_t)rand() % 64;
        for (size_t i = 0; i < n; i++) {
            memset(&sents[i], 0, sizeof sents[i]);
            sents[i].words = 1 + (size_t)rand() % 30;
            /* Few distinct scores, so that ties are common. */
            scores[i] = (double)(rand() % 6) * 0.25;
        }
        precis_article a;
        memset(&a, 0, sizeof a);
        a.sentences = sents;
        a.sentence_count = n;
        a.terms = no_terms;
        a.vocab = vocab;
        precis_summary_options o;
        precis_summary_options_init(&o);
        o.sentences = (size_t)rand() % (n + 1); /* 0: no limit */
        o.words = rand() % 3 ? (size_t)rand() % 200 : 0;
        size_t max = o.sentences ? o.sentences : n;
        size_t budget = o.words ? o.words : (size_t)-1;
        size_t want = reference_select(sents, scores, n, max, budget, expect);
        assert_int_equal(px_select_sentences_limited(&a, scores, &o, 1.0,
                                                     chosen, &count),
                         PRECIS_OK);
        assert_int_equal(count, want);
        assert_memory_equal(chosen, expect, count * sizeof *chosen);
    }
    px_strmap_free(vocab);
}

/* What the tokenizer makes of one sentence: its word and number tokens,
 * and the stems of its words that are no stopwords, in order. */
typedef struct sentence_words {
    precis_analyzer *an;
    size_t words;
    const char *stems[400];
    size_t lens[400];
    size_t terms;
} sentence_words;

static int collect_word(void *ctx, int kind, const char *folded,
                        size_t folded_len, size_t start, size_t end)
{
    sentence_words *sw = ctx;
    (void)start;
    (void)end;
    if (kind != PRECIS_TOKEN_WORD && kind != PRECIS_TOKEN_NUMBER)
        return 0;
    sw->words++;
    if (kind != PRECIS_TOKEN_WORD)
        return 0;
    px_word *w;
    assert_int_equal(px_analyzer_word(sw->an, folded, folded_len, &w),
                     PRECIS_OK);
    if (w->state == PX_WORD_STOP)
        return 0;
    assert_true(sw->terms < 400);
    sw->stems[sw->terms] = w->stem;
    sw->lens[sw->terms++] = w->stem_len;
    return 0;
}

/* The terms of each sentence, read from the layout's record of the page's
 * tokens, are those of tokenizing the sentence anew: sentences of one
 * word to a hundred, with numbers and stopwords, so that the search for
 * a sentence's last token takes short and long strides. */
static void test_sentence_terms_from_record(void **state)
{
    (void)state;
    static const char *const words[] = {
        "the",  "council", "voted", "and", "residents", "said", "2015",
        "it",   "was",     "a",     "new", "budget",    "of",   "roads",
        "42",   "schools", "they",  "will", "open",     "later"};
    char text[40000];
    size_t len = 0;
    uint32_t seed = 12345;
    for (int para = 0; para < 12; para++) {
        for (int sent = 0; sent < 6; sent++) {
            seed = seed * 1103515245u + 12345u;
            size_t n = 1 + (seed >> 8) % (sent % 2 ? 12 : 110);
            for (size_t k = 0; k < n; k++) {
                seed = seed * 1103515245u + 12345u;
                const char *w = words[(seed >> 8) % 20];
                size_t wl = strlen(w);
                assert_true(len + wl + 4 < sizeof text);
                memcpy(text + len, w, wl);
                if (k == 0 && w[0] >= 'a')
                    text[len] = (char)(w[0] - 32);
                len += wl;
                text[len++] = k + 1 < n ? ' ' : '.';
            }
            text[len++] = ' ';
        }
        text[len - 1] = '\n';
        text[len++] = '\n';
    }
    test_article t;
    assert_int_equal(test_article_open(&t, text, len), PRECIS_OK);
    const precis_article *a = t.article;
    assert_true(a->sentence_count > 20);
    for (size_t i = 0; i < a->sentence_count; i++) {
        const px_sentence *s = &a->sentences[i];
        sentence_words sw;
        memset(&sw, 0, sizeof sw);
        sw.an = t.analyzer;
        assert_int_equal(precis_tokenize(text + s->span.start,
                                         s->span.end - s->span.start,
                                         collect_word, &sw),
                         PRECIS_OK);
        assert_int_equal(s->words, sw.words);
        assert_int_equal(s->term_count, sw.terms);
        for (size_t k = 0; k < sw.terms; k++) {
            size_t kl;
            const char *key =
                px_strmap_key(a->vocab, a->terms[s->first_term + k], &kl);
            assert_int_equal(kl, sw.lens[k]);
            assert_memory_equal(key, sw.stems[k], kl);
        }
    }
    test_article_close(&t);
}

/* The two ways to a summary agree to the bit: the same sentences, the
 * same scores. */
static void assert_same_summary(precis_analyzer *an, const precis_article *a,
                                const precis_idf *idf)
{
    precis_summary_options o;
    precis_summary_options_init(&o);
    o.ratio = 0.5;
    precis_summary *x, *y;
    assert_int_equal(precis_summary_new(a, idf, &o, &x), PRECIS_OK);
    assert_int_equal(precis_summary_new_cached(an, a, idf, &o, &y), PRECIS_OK);
    size_t n = precis_summary_count(x);
    assert_int_equal(precis_summary_count(y), n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(precis_summary_index(x, i), precis_summary_index(y, i));
        double sx = precis_summary_score(x, i), sy = precis_summary_score(y, i);
        assert_memory_equal(&sx, &sy, sizeof sx);
    }
    precis_summary_free(x);
    precis_summary_free(y);
}

/* px_idf_article_weights gives px_idf_weights' answers, from the cache
 * or not; returns how many of the article's stems the analyzer holds
 * weights of `idf` for. */
static size_t check_weights(const precis_idf *idf, const precis_article *a,
                            precis_analyzer *an)
{
    size_t n = px_strmap_size(a->vocab);
    double *want = calloc(n + 1, sizeof *want);
    double *got = calloc(n + 1, sizeof *got);
    assert_non_null(want);
    assert_non_null(got);
    px_idf_weights(idf, a->vocab, want);
    px_idf_article_weights(idf, a, an, got);
    assert_memory_equal(got, want, n * sizeof *got);
    size_t cached = 0;
    for (size_t t = 0; an && a->stems && a->analyzer == an->serial && t < n;
         t++)
        cached += an->stem_weight[a->stems[t]].model == idf->serial;
    free(want);
    free(got);
    return cached;
}

static void test_cached_weights(void **state)
{
    (void)state;
    static const char *const names[] = {"harbour.txt", "single.txt",
                                        "nopunct.txt"};
    enum { N = sizeof names / sizeof names[0] };
    char *bytes[N];
    precis_doc *docs[N];
    precis_article *arts[N];
    precis_lang *lang;
    precis_analyzer *an, *other;
    precis_idf *idf;
    assert_int_equal(precis_lang_new("english", NULL, 0, &lang), PRECIS_OK);
    assert_int_equal(precis_analyzer_new(lang, &an), PRECIS_OK);
    assert_int_equal(precis_analyzer_new(lang, &other), PRECIS_OK);
    assert_int_equal(precis_idf_new("english", &idf), PRECIS_OK);
    for (size_t i = 0; i < N; i++) {
        char path[64];
        size_t len;
        snprintf(path, sizeof path, "summary/%s", names[i]);
        bytes[i] = test_read_data(path, &len);
        assert_int_equal(precis_doc_new(bytes[i], len, 0, &docs[i], NULL),
                         PRECIS_OK);
        assert_int_equal(precis_article_new(an, docs[i], &arts[i]), PRECIS_OK);
        assert_int_equal(precis_idf_add(idf, arts[i]), PRECIS_OK);
    }
    const precis_article *a = arts[0];
    size_t stems = px_strmap_size(a->vocab);
    assert_true(stems > 10);
    assert_non_null(a->stems);

    /* The first summary fills the cache, the second reads it. */
    assert_int_equal(check_weights(idf, a, an), stems);
    assert_same_summary(an, a, idf);
    assert_same_summary(an, a, idf);
    /* A model that changes is a new model: its weights are looked up
     * again (the article's own df now counts twice). */
    uint64_t serial = idf->serial;
    assert_int_equal(precis_idf_add(idf, a), PRECIS_OK);
    assert_true(idf->serial != serial);
    assert_same_summary(an, a, idf);
    precis_idf *merged;
    assert_int_equal(precis_idf_new("english", &merged), PRECIS_OK);
    assert_int_equal(precis_idf_merge(merged, idf), PRECIS_OK);
    assert_int_equal(check_weights(merged, a, an), stems);
    assert_int_equal(precis_idf_merge(merged, idf), PRECIS_OK);
    assert_int_equal(check_weights(merged, a, an), stems);
    /* A saved model read back in place is another model too. */
    char *saved;
    size_t saved_len;
    precis_idf *view;
    assert_int_equal(precis_idf_save(idf, &saved, &saved_len), PRECIS_OK);
    assert_int_equal(precis_idf_view(saved, saved_len, &view), PRECIS_OK);
    assert_same_summary(an, a, view);
    assert_int_equal(check_weights(view, a, an), stems);
    for (size_t i = 1; i < N; i++)
        assert_same_summary(an, arts[i], view);

    /* Another analyzer's stem ids mean nothing here: no cache. */
    assert_same_summary(other, a, view);
    assert_int_equal(check_weights(view, a, other), 0);
    assert_int_equal(check_weights(view, a, NULL), 0);
    /* An unpacked article keeps its stem ids and their analyzer, so it
     * reads the same cache; ids damaged in its bytes are never used. */
    char *packed;
    size_t packed_len;
    precis_doc *udoc;
    precis_article *unpacked;
    assert_int_equal(precis_article_pack(a, &packed, &packed_len), PRECIS_OK);
    assert_int_equal(precis_article_unpack(packed, packed_len, &udoc,
                                           &unpacked),
                     PRECIS_OK);
    assert_non_null(unpacked->stems);
    assert_same_summary(an, unpacked, view);
    assert_int_equal(check_weights(view, unpacked, an), stems);
    unpacked->stems[stems - 1] = (uint32_t)px_strmap_size(an->stems);
    double *want = calloc(stems, sizeof *want);
    double *got = calloc(stems, sizeof *got);
    assert_non_null(want);
    assert_non_null(got);
    px_idf_weights(view, unpacked->vocab, want);
    px_idf_article_weights(view, unpacked, an, got);
    assert_memory_equal(got, want, stems * sizeof *got);
    free(want);
    free(got);
    /* Without a model there is nothing to cache. */
    assert_same_summary(an, a, NULL);

    precis_article_free(unpacked);
    precis_doc_free(udoc);
    precis_free(packed);
    precis_idf_free(view);
    precis_free(saved);
    precis_idf_free(merged);
    for (size_t i = 0; i < N; i++) {
        precis_article_free(arts[i]);
        precis_doc_free(docs[i]);
        free(bytes[i]);
    }
    precis_idf_free(idf);
    precis_analyzer_free(other);
    precis_analyzer_free(an);
    precis_lang_free(lang);
}

typedef struct cached_ctx {
    precis_analyzer *an;
    const precis_article *article;
    const precis_idf *idf;
} cached_ctx;

static int summarize_cached(void *arg)
{
    cached_ctx *c = arg;
    precis_summary *s = NULL;
    int rc = precis_summary_new_cached(c->an, c->article, c->idf, NULL, &s);
    precis_summary_free(s);
    return rc;
}

/* A failed allocation while summarizing through the cache is
 * PRECIS_ENOMEM and leaks nothing; the cache stays right. */
static void test_cached_allocation_failures(void **state)
{
    (void)state;
    fixture fx;
    open_file(&fx, "harbour.txt");
    precis_idf *idf;
    assert_int_equal(precis_idf_new("english", &idf), PRECIS_OK);
    assert_int_equal(precis_idf_add(idf, fx.t.article), PRECIS_OK);
    cached_ctx c = {fx.t.analyzer, fx.t.article, idf};
    assert_true(test_mem_sweep(summarize_cached, &c, SIZE_MAX, 0) > 0);
    assert_same_summary(fx.t.analyzer, fx.t.article, idf);
    precis_idf_free(idf);
    close_fixture(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_default),
        cmocka_unit_test(test_body_sentences_only),
        cmocka_unit_test(test_sentence_limit),
        cmocka_unit_test(test_word_limit),
        cmocka_unit_test(test_ratio_limit),
        cmocka_unit_test(test_document_order),
        cmocka_unit_test(test_redundancy_dropped),
        cmocka_unit_test(test_shape_penalties),
        cmocka_unit_test(test_empty_article),
        cmocka_unit_test(test_single_sentence),
        cmocka_unit_test(test_no_punctuation),
        cmocka_unit_test(test_caption_glue),
        cmocka_unit_test(test_stem_cache_used),
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_select_handmade),
        cmocka_unit_test(test_select_order_random),
        cmocka_unit_test(test_cached_weights),
        cmocka_unit_test(test_cached_allocation_failures),
        cmocka_unit_test(test_sentence_terms_from_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
