/* test_lang.c: the analyzer's word cache: one lookup gives the stopword
 * flag and the stem, words are stemmed once across documents, articles
 * built one after another keep their own term ids, and an allocation
 * failure anywhere leaves the cache usable. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "lang.h"
#include "precis.h"
#include "stem.h"
#include "strmap.h"
#include "support.h"

static void open_english(precis_lang **lang, precis_analyzer **an)
{
    assert_int_equal(precis_lang_new("english", NULL, 0, lang), PRECIS_OK);
    assert_int_equal(precis_analyzer_new(*lang, an), PRECIS_OK);
}

static void test_word(void **state)
{
    (void)state;
    precis_lang *lang;
    precis_analyzer *an;
    open_english(&lang, &an);
    px_word *w;

    /* A stopword is answered without the stemmer. */
    assert_int_equal(px_analyzer_word(an, "the", 3, &w), PRECIS_OK);
    assert_int_equal(w->state, PX_WORD_STOP);
    assert_null(w->stem);
    assert_int_equal(px_stemmer_misses(an->stemmer), 0);

    assert_int_equal(px_analyzer_word(an, "running", 7, &w), PRECIS_OK);
    assert_int_equal(w->state, PX_WORD_TERM);
    assert_int_equal(w->stem_len, 3);
    assert_memory_equal(w->stem, "run", 3);
    const char *first = w->stem;
    assert_int_equal(px_stemmer_misses(an->stemmer), 1);

    /* Seen again: the same entry, no second stemming; only len bytes are
     * the word. */
    assert_int_equal(px_analyzer_word(an, "runningmate", 7, &w), PRECIS_OK);
    assert_ptr_equal(w->stem, first);
    assert_int_equal(px_stemmer_misses(an->stemmer), 1);
    assert_int_equal(px_analyzer_word(an, "runs", 4, &w), PRECIS_OK);
    assert_int_equal(w->state, PX_WORD_TERM);
    assert_int_equal(px_stemmer_misses(an->stemmer), 2);
    assert_int_equal(px_strmap_size(an->words), 3);

    /* Marks are fresh each time. */
    uint32_t m1 = px_analyzer_mark(an), m2 = px_analyzer_mark(an);
    assert_int_not_equal(m1, 0);
    assert_int_not_equal(m1, m2);

    /* A stopword's term scratch says so for good; when the marks wrap, a
     * term word's is cleared and the stopword's stays, and no article is
     * given the stopword mark. */
    uint32_t the, runs;
    assert_int_equal(px_analyzer_word_id(an, "the", 3, &the), PRECIS_OK);
    assert_int_equal(px_analyzer_word_id(an, "runs", 4, &runs), PRECIS_OK);
    assert_int_equal(px_analyzer_word_term(an, the)->mark, PX_MARK_STOP);
    assert_int_not_equal(px_analyzer_word_term(an, runs)->mark,
                         PX_MARK_STOP);
    an->mark = PX_MARK_STOP - 2;
    px_analyzer_word_term(an, runs)->mark = PX_MARK_STOP - 2;
    assert_int_equal(px_analyzer_mark(an), PX_MARK_STOP - 1);
    uint32_t wrapped = px_analyzer_mark(an);
    assert_int_equal(wrapped, 1);
    assert_int_equal(px_analyzer_word_term(an, runs)->mark, 0);
    assert_int_equal(px_analyzer_word_term(an, the)->mark, PX_MARK_STOP);

    /* Articles built after the wrap still drop stopwords and count terms. */
    precis_doc *doc;
    precis_article *a;
    assert_int_equal(precis_doc_new("Runs and runs. The run.", 23, 0, &doc,
                                    NULL),
                     PRECIS_OK);
    assert_int_equal(precis_article_new(an, doc, &a), PRECIS_OK);
    assert_int_equal(px_strmap_size(a->vocab), 1);
    assert_int_equal(a->term_count, 3);
    precis_article_free(a);
    precis_doc_free(doc);

    precis_analyzer_free(an);
    precis_lang_free(lang);
}

static precis_article *article_of(precis_analyzer *an, const char *text,
                                  precis_doc **doc)
{
    precis_article *a;
    assert_int_equal(precis_doc_new(text, strlen(text), 0, doc, NULL),
                     PRECIS_OK);
    assert_int_equal(precis_article_new(an, *doc, &a), PRECIS_OK);
    return a;
}

static void assert_vocab(const precis_article *a, const char *const *stems,
                         size_t n)
{
    assert_int_equal(px_strmap_size(a->vocab), n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(px_strmap_key(a->vocab, (uint32_t)i, NULL),
                            stems[i]);
}

/* Two articles from one analyzer: the second stems nothing it has seen,
 * and its term ids are its own (dense from 0 in its own order), not the
 * ids the words had in the first. */
static void test_articles_share_cache(void **state)
{
    (void)state;
    precis_lang *lang;
    precis_analyzer *an;
    open_english(&lang, &an);
    precis_doc *d1, *d2;
    precis_article *a1 = article_of(
        an, "The officials were running the elections in the city.\n", &d1);
    static const char *const v1[] = {"offici", "run", "elect", "citi"};
    assert_vocab(a1, v1, 4);
    size_t misses = px_stemmer_misses(an->stemmer);
    assert_int_equal(misses, 4);

    precis_article *a2 =
        article_of(an, "The city elections ran late for the officials.\n", &d2);
    static const char *const v2[] = {"citi", "elect", "ran", "late",
                                     "offici"};
    assert_vocab(a2, v2, 5);
    /* Only "ran" and "late" were new to the analyzer. */
    assert_int_equal(px_stemmer_misses(an->stemmer), misses + 2);
    assert_int_equal(a2->term_count, 5);
    for (size_t i = 0; i < a2->term_count; i++)
        assert_int_equal(a2->terms[i], i);
    /* The first article is untouched by the second. */
    assert_vocab(a1, v1, 4);
    assert_int_equal(a1->terms[0], 0);

    precis_article_free(a2);
    precis_doc_free(d2);
    precis_article_free(a1);
    precis_doc_free(d1);
    precis_analyzer_free(an);
    precis_lang_free(lang);
}

static const char voters[] =
    "Voters queued early in the capital on Sunday.\n\n"
    "Officials said turnout was higher than in the last elections.\n";
static const char turnout[] =
    "Turnout in the capital was higher than officials expected.\n\n"
    "Voters queued for the elections from early on Sunday.\n";

/* The stems of `voters`, in order, as a fresh analyzer finds them: the
 * body first, then the first line, which the layout takes for the
 * title. */
static const char *const voters_vocab[] = {
    "offici", "said", "turnout", "higher", "last", "elect",
    "voter", "queu", "earli", "capit", "sunday"};

static void assert_voters_vocab(const precis_article *a)
{
    assert_vocab(a, voters_vocab, sizeof voters_vocab / sizeof voters_vocab[0]);
}

static void assert_voters_terms(const precis_article *a)
{
    uint32_t id;
    assert_true(px_strmap_find(a->vocab, "voter", 5, &id));
    assert_true(px_strmap_find(a->vocab, "elect", 5, &id));
    assert_true(px_strmap_find(a->vocab, "turnout", 7, &id));
    assert_false(px_strmap_find(a->vocab, "the", 3, &id));
    assert_false(px_strmap_find(a->vocab, "was", 3, &id));
}

/* A fresh analyzer builds two articles that share most words, so the
 * second runs on a warm cache: every allocation point of both, cold and
 * warm, fails in turn, with ENOMEM and nothing leaked. */
static int two_articles(void *ctx)
{
    (void)ctx;
    precis_lang *lang = NULL;
    precis_analyzer *an = NULL;
    precis_doc *d1 = NULL, *d2 = NULL;
    precis_article *a1 = NULL, *a2 = NULL;
    int rc = precis_lang_new("english", NULL, 0, &lang);
    if (!rc)
        rc = precis_analyzer_new(lang, &an);
    if (!rc)
        rc = precis_doc_new(voters, sizeof voters - 1, 0, &d1, NULL);
    if (!rc)
        rc = precis_doc_new(turnout, sizeof turnout - 1, 0, &d2, NULL);
    if (!rc)
        rc = precis_article_new(an, d1, &a1);
    if (!rc)
        assert_voters_vocab(a1);
    if (!rc)
        rc = precis_article_new(an, d2, &a2);
    if (!rc) {
        assert_voters_terms(a1);
        assert_voters_terms(a2);
    }
    precis_article_free(a2);
    precis_article_free(a1);
    precis_doc_free(d2);
    precis_doc_free(d1);
    precis_analyzer_free(an);
    precis_lang_free(lang);
    return rc;
}

/* The short-word table and the set behind it answer alike: words of 15
 * bytes and less from the table, longer ones from the set; near misses
 * (a prefix, another word of the same length) are not stopwords. */
static void test_stopword_table(void **state)
{
    (void)state;
    static const char list[] =
        "a\nab\nabc\nfifteen-letters\nsixteen-letters!\n\xC3\xA9t\xC3\xA9\n"
        "w0\nw1\nw2\nw3\nw4\nw5\nw6\nw7\nw8\nw9\nx0\nx1\nx2\nx3\n";
    precis_lang *lang;
    assert_int_equal(precis_lang_new("english", list, sizeof list - 1, &lang),
                     PRECIS_OK);
    static const char *const yes[] = {"a",  "ab", "abc", "fifteen-letters",
                                      "sixteen-letters!", "\xC3\xA9t\xC3\xA9",
                                      "w9", "x3"};
    static const char *const no[] = {"b",  "abcd", "fifteen-letterz",
                                     "sixteen-letters?", "\xC3\xA9t", "w",
                                     "x4", "the"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(precis_lang_is_stopword(lang, yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(precis_lang_is_stopword(lang, no[i], strlen(no[i])));
    assert_false(precis_lang_is_stopword(lang, "", 0));
    precis_lang_free(lang);
}

/* A small generator of test words, the same on every run. */
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* A random word of 1 to 18 bytes over a small alphabet, so that words
 * share prefixes and lengths as stopwords do; written to w (room for 19
 * and a NUL), returns its length. */
static size_t random_word(uint64_t *state, char *w)
{
    static const char alphabet[] = "aehinorst0-";
    size_t n = 1 + next_random(state) % 18;
    for (size_t k = 0; k < n; k++)
        w[k] = alphabet[next_random(state) % (sizeof alphabet - 1)];
    w[n] = '\0';
    return n;
}

/* The byte-at-a-time answer: the word is one of the list's words. */
static int in_list(const px_stopwords *set, const char *word, size_t len)
{
    for (size_t i = 0; i < px_stopwords_count(set); i++) {
        size_t n;
        const char *s = px_stopwords_word(set, i, &n);
        if (n == len && memcmp(s, word, len) == 0)
            return 1;
    }
    return 0;
}

/* 16 bytes readable from a word's start, as the layout's folded copy
 * has: the word, then bytes that must not count. */
static int table_says(const precis_lang *lang, const char *word, size_t len)
{
    char padded[32];
    memset(padded, 'x', sizeof padded);
    memcpy(padded, word, len);
    uint64_t key[2];
    px_keyset_key(padded, len, key);
    return px_stop_has(lang, key);
}

/* The perfect-hash table of short stopwords answers as a scan of the
 * list does, for lists of every size from none to thousands of words:
 * each list word (found in a slot of its own), its prefixes and
 * neighbours, and random words. The set behind the table answers alike
 * when the table is set aside (as when no table could be built). */
static void test_stopword_table_random(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 2, 5, 17, 100, 411, 1000, 5000};
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        size_t n = sizes[z];
        char *list = malloc(n * 20 + 1);
        assert_non_null(list);
        size_t at = 0;
        char word[24];
        for (size_t i = 0; i < n; i++) {
            size_t len = random_word(&rng, word);
            memcpy(list + at, word, len);
            at += len;
            list[at++] = '\n';
        }
        precis_lang *lang;
        assert_int_equal(precis_lang_new("english", list, at, &lang),
                         PRECIS_OK);
        assert_non_null(lang->stop.keys);
        assert_false(lang->stop_unplaced);
        const px_stopwords *set = lang->stopwords;
        size_t found = 0;
        for (size_t i = 0; i < px_stopwords_count(set); i++) {
            size_t len;
            const char *s = px_stopwords_word(set, i, &len);
            if (len > PX_KEYSET_MAX)
                continue;
            assert_true(table_says(lang, s, len));
            found++;
            /* Its prefixes and the word with one byte changed. */
            for (size_t k = 1; k < len; k++)
                assert_int_equal(table_says(lang, s, k), in_list(set, s, k));
            memcpy(word, s, len);
            word[len - 1] = word[len - 1] == 'z' ? 'y' : 'z';
            assert_int_equal(table_says(lang, word, len),
                             in_list(set, word, len));
        }
        /* Every short word has a slot of its own: as many slots are
         * taken as there are short words. */
        size_t taken = 0;
        for (size_t k = 0; k < px_keyset_slots(&lang->stop); k++)
            taken += (lang->stop.keys[2 * k] | lang->stop.keys[2 * k + 1]) != 0;
        assert_int_equal(taken, found);
        for (size_t r = 0; r < 2000; r++) {
            size_t len = random_word(&rng, word);
            int want = in_list(set, word, len);
            assert_int_equal(precis_lang_is_stopword(lang, word, len), want);
            if (len <= PX_KEYSET_MAX)
                assert_int_equal(table_says(lang, word, len), want);
        }
        lang->stop_unplaced = 1;
        for (size_t r = 0; r < 500; r++) {
            size_t len = random_word(&rng, word);
            if (len <= PX_KEYSET_MAX)
                assert_int_equal(table_says(lang, word, len),
                                 in_list(set, word, len));
        }
        precis_lang_free(lang);
        free(list);
    }
}

/* A list with no word of table size leaves the table empty: nothing is
 * a stopword but the long words. */
static void test_stopword_table_long_only(void **state)
{
    (void)state;
    static const char list[] = "sixteen-letters!\nseventeen-letters\n";
    precis_lang *lang;
    assert_int_equal(precis_lang_new("english", list, sizeof list - 1, &lang),
                     PRECIS_OK);
    assert_true(precis_lang_is_stopword(lang, "sixteen-letters!", 16));
    assert_false(precis_lang_is_stopword(lang, "sixteen-letters", 15));
    assert_false(precis_lang_is_stopword(lang, "a", 1));
    assert_false(table_says(lang, "the", 3));
    precis_lang_free(lang);
}

/* Building the table fails cleanly at every allocation. */
static int lang_with_list(void *ctx)
{
    (void)ctx;
    static const char list[] = "a\nab\nabc\nthe\nof\nsixteen-letters!\n";
    precis_lang *lang;
    int rc = precis_lang_new("english", list, sizeof list - 1, &lang);
    if (rc == PRECIS_OK)
        precis_lang_free(lang);
    return rc;
}

static void test_stopword_table_allocation(void **state)
{
    (void)state;
    assert_true(test_mem_sweep(lang_with_list, NULL, 1000, 0) > 3);
}

static void test_allocation_failures(void **state)
{
    (void)state;
    assert_true(test_mem_sweep(two_articles, NULL, SIZE_MAX, 0) > 10);
}

/* A cold analyzer, kept across a failed build (the k-th allocation
 * failing, for every k): a build with memory to spare then gives the
 * right terms, so entries a failure left unfinished are completed, not
 * trusted; at the end nothing is left allocated. */
static void test_cache_after_failure(void **state)
{
    (void)state;
    precis_doc *doc;
    test_mem_install();
    assert_int_equal(precis_doc_new(voters, sizeof voters - 1, 0, &doc, NULL),
                     PRECIS_OK);
    size_t failures = 0;
    for (size_t k = 1;; k++) {
        precis_lang *lang;
        precis_analyzer *an;
        precis_article *a = NULL;
        open_english(&lang, &an);
        test_mem_fail_at(k);
        int rc = precis_article_new(an, doc, &a);
        int failed = test_mem.failed;
        test_mem_fail_at(0);
        if (failed) {
            assert_int_equal(rc, PRECIS_ENOMEM);
            assert_null(a);
            failures++;
            assert_int_equal(precis_article_new(an, doc, &a), PRECIS_OK);
        }
        assert_int_equal(rc == PRECIS_OK, !failed);
        assert_voters_vocab(a);
        precis_article_free(a);
        precis_analyzer_free(an);
        precis_lang_free(lang);
        if (!failed)
            break;
    }
    assert_true(failures > 3);
    precis_doc_free(doc);
    test_mem_remove();
    assert_int_equal(test_mem.live, 0);
}

/* Words of a line go through the hot cache: px_analyzer_hot misses a
 * word until px_analyzer_words has looked it up, then answers with the
 * same entry and its stopword flag; it reads 16 bytes of a word but keys
 * only its own, and leaves empty and long words to the word cache. */
static void test_hot_cache(void **state)
{
    (void)state;
    precis_lang *lang;
    precis_analyzer *an;
    open_english(&lang, &an);
    /* The words back to back, as a line's folded copy holds them, with
     * the slack the loads need after the last. */
    static const char line[] = "thethemrunningabcdefghijklmnopqx\0\0\0\0\0"
                               "\0\0\0\0\0\0\0\0\0\0\0";
    const char *words[] = {line, line + 3, line + 3, line + 7, line + 14,
                           line + 14, line + 14};
    const size_t lens[] = {3, 4, 3, 7, 16, 17, 0};
    enum { N = sizeof lens / sizeof lens[0] };
    for (size_t k = 0; k < N; k++)
        assert_null(px_analyzer_hot(an, words[k], lens[k]));
    uint32_t ids[N];
    assert_int_equal(px_analyzer_words(an, words, lens, N, ids), PRECIS_OK);
    for (size_t k = 0; k < N; k++) {
        uint32_t id;
        assert_int_equal(px_analyzer_word_id(an, words[k], lens[k], &id),
                         PRECIS_OK);
        assert_int_equal(ids[k], id);
        const px_hot_word *h = px_analyzer_hot(an, words[k], lens[k]);
        if (lens[k] == 0 || lens[k] > PX_HOT_MAX) {
            assert_null(h);
            continue;
        }
        assert_non_null(h);
        assert_int_equal(h->id, id);
        assert_int_equal(h->stop,
                         px_analyzer_info(an, id)->state == PX_WORD_STOP);
    }
    /* "the" at line + 3 is "the" of "them": the bytes after a word do not
     * make another key. */
    assert_int_equal(ids[0], ids[2]);
    assert_int_not_equal(ids[1], ids[2]);
    assert_int_not_equal(ids[4], ids[5]);
    precis_analyzer_free(an);
    precis_lang_free(lang);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word),
        cmocka_unit_test(test_hot_cache),
        cmocka_unit_test(test_stopword_table),
        cmocka_unit_test(test_stopword_table_random),
        cmocka_unit_test(test_stopword_table_long_only),
        cmocka_unit_test(test_stopword_table_allocation),
        cmocka_unit_test(test_articles_share_cache),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_cache_after_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
