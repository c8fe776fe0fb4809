/*
 * precis.h: the public API of libprecis.
 *
 * precis turns news articles into short extractive summaries. The data flow
 * is, top to bottom in this header:
 *
 *   bytes -> precis_doc      (validated UTF-8, the library's own copy)
 *         -> precis_layout   (blocks of lines: body or boilerplate, with a
 *                             reason; title, byline, date, dateline)
 *         -> precis_article  (body sentences, tokens, stemmed terms)
 *         -> precis_idf      (document frequencies, optional, mergeable)
 *         -> precis_summary  (the chosen sentences, in document order)
 *
 * Conventions, valid for every function below:
 * - Functions that can fail return int: PRECIS_OK (0) or a negative
 *   PRECIS_E* code; precis_strerror() names it. "Not found" is a result,
 *   never an error.
 * - Results are byte offsets into the document's own text
 *   (precis_doc_text()); nothing is copied per sentence or token.
 * - OWNED: the caller frees it with the function named. BORROWED: valid
 *   until the named owner is freed.
 * - Every *_free(NULL) is a no-op.
 * - The library never prints, exits or aborts.
 * - Threads: precis_lang, precis_idf, precis_doc, precis_layout,
 *   precis_article, precis_summary and precis_brief are immutable once made
 *   and may be read from any thread. A precis_analyzer (stemmer and its
 *   cache) belongs to one thread at a time.
 */
#ifndef PRECIS_H
#define PRECIS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PRECIS_STATIC)
#define PRECIS_API
#elif defined(_WIN32)
#ifdef PRECIS_BUILDING
#define PRECIS_API __declspec(dllexport)
#else
#define PRECIS_API __declspec(dllimport)
#endif
#else
#define PRECIS_API __attribute__((visibility("default")))
#endif

/* ------------------------------------------------------------------------
 * Version and errors
 * ------------------------------------------------------------------------ */

#define PRECIS_VERSION_STRING "0.1.0"

/* The library's version, e.g. "0.1.0". BORROWED: static. */
PRECIS_API const char *precis_version(void);

enum {
    PRECIS_OK = 0,
    PRECIS_ENOMEM = -1,  /* an allocation failed */
    PRECIS_EINVAL = -2,  /* a NULL or out-of-range argument */
    PRECIS_EUTF8 = -3,   /* the input is not valid UTF-8 */
    PRECIS_ELANG = -4,   /* no Snowball stemmer for that language */
    PRECIS_EIO = -5,     /* reading or writing a file failed */
    PRECIS_EFORMAT = -6, /* a model or data file is malformed */
    PRECIS_EVERSION = -7 /* a model file from an unknown format version */
};

/* A sentence naming the error code, e.g. "out of memory". Unknown codes
 * give "unknown error". BORROWED: static. */
PRECIS_API const char *precis_strerror(int err);

/* A half-open byte range [start, end) into a document's text. */
typedef struct precis_span {
    size_t start;
    size_t end;
} precis_span;

/* Where something is in a text: byte offset, and 1-based line and column
 * (the column counts bytes, as compilers do). */
typedef struct precis_location {
    size_t offset;
    size_t line;
    size_t column;
} precis_location;

/* ------------------------------------------------------------------------
 * Memory
 * ------------------------------------------------------------------------ */

/* The functions the library allocates with. `ctx` is passed back to each.
 * realloc(ctx, NULL, n) must behave as malloc. */
typedef struct precis_allocator {
    void *(*malloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} precis_allocator;

/* Replaces the library-wide allocator; NULL restores malloc/realloc/free.
 * Call it while no precis object exists: objects are freed with the
 * allocator that is current when they are freed. Not thread-safe. */
PRECIS_API void precis_allocator_set(const precis_allocator *allocator);

/* ------------------------------------------------------------------------
 * Languages: stemming algorithm and stopwords (immutable, shareable)
 * ------------------------------------------------------------------------ */

typedef struct precis_lang precis_lang;

/* Makes a language. `name` is any Snowball algorithm name or code that
 * libstemmer knows ("english", "en", "russian", "porter"...). The built-in
 * stopword list for that language is used when `stopwords` is NULL; when
 * there is none, no word is a stopword. `stopwords`/`stopwords_len` give
 * a list instead: one word per line, '#' starts a comment, UTF-8.
 * Returns PRECIS_ELANG for an unknown name, PRECIS_EUTF8 for a list that is
 * not UTF-8, PRECIS_EINVAL when `name` or `out` is NULL.
 * *out is OWNED: free with precis_lang_free(). */
PRECIS_API int precis_lang_new(const char *name, const char *stopwords,
                               size_t stopwords_len, precis_lang **out);
PRECIS_API void precis_lang_free(precis_lang *lang);

/* The Snowball algorithm name this language resolved to, e.g. "english".
 * BORROWED from lang. */
PRECIS_API const char *precis_lang_name(const precis_lang *lang);

/* Nonzero when the case-folded word (UTF-8, `len` bytes) is a stopword. */
PRECIS_API int precis_lang_is_stopword(const precis_lang *lang,
                                       const char *word, size_t len);

/* The NULL-terminated list of Snowball algorithm names. BORROWED: static. */
PRECIS_API const char **precis_lang_list(void);

/* ------------------------------------------------------------------------
 * Analyzers: one per thread (stemmer plus its cache)
 * ------------------------------------------------------------------------ */

typedef struct precis_analyzer precis_analyzer;

/* Makes an analyzer for `lang`, which must outlive it. Each word is stemmed
 * once per analyzer; later occurrences come from the cache, which holds
 * every distinct word the analyzer has read (with its stopword flag and
 * stem) and so grows with the vocabulary of the text, not its length.
 * One analyzer per thread. *out is OWNED: free with precis_analyzer_free(). */
PRECIS_API int precis_analyzer_new(const precis_lang *lang,
                                   precis_analyzer **out);
PRECIS_API void precis_analyzer_free(precis_analyzer *analyzer);

/* Stems one case-folded word (`len` bytes of UTF-8). *stem is BORROWED
 * from the analyzer (valid until it is freed) and NUL-terminated. */
PRECIS_API int precis_analyzer_stem(precis_analyzer *analyzer,
                                    const char *word, size_t len,
                                    const char **stem, size_t *stem_len);

/* ------------------------------------------------------------------------
 * Documents: validated UTF-8 text
 * ------------------------------------------------------------------------ */

typedef struct precis_doc precis_doc;

/* Flags for precis_doc_new(). */
#define PRECIS_DOC_REPAIR 1u /* replace invalid sequences with U+FFFD */

/* Copies `len` bytes into a new document after checking that they are
 * UTF-8. On invalid input returns PRECIS_EUTF8 and, when `where` is not
 * NULL, stores the location of the first bad byte there. With
 * PRECIS_DOC_REPAIR each invalid sequence becomes U+FFFD instead (offsets
 * then refer to the repaired text). A BOM and CRLF line ends are kept in
 * the text (so offsets slice the original file) and handled by the layout.
 * `bytes` may be NULL when len is 0.
 * *out is OWNED: free with precis_doc_free(). */
PRECIS_API int precis_doc_new(const char *bytes, size_t len, unsigned flags,
                              precis_doc **out, precis_location *where);
/* As precis_doc_new, but the document takes `bytes` over instead of
 * copying them: a block of at least len + 1 bytes (byte len becomes a
 * NUL), allocated as precis frees (with malloc, unless
 * precis_allocator_set says otherwise). On PRECIS_OK the block is the
 * document's (with PRECIS_DOC_REPAIR and invalid input the document
 * holds a repaired copy and has freed it); on any error it is still the
 * caller's, unchanged but for byte len. For a caller that reads a file
 * into memory only to make a document of it. */
PRECIS_API int precis_doc_adopt(char *bytes, size_t len, unsigned flags,
                                precis_doc **out, precis_location *where);
PRECIS_API void precis_doc_free(precis_doc *doc);

/* The document's text, NUL-terminated. BORROWED from doc. */
PRECIS_API const char *precis_doc_text(const precis_doc *doc);
PRECIS_API size_t precis_doc_length(const precis_doc *doc);

/* The bytes the document holds from the allocator (its text, a table of
 * line starts, itself), for callers that budget how many they keep.
 * 0 for NULL. */
PRECIS_API size_t precis_doc_memory(const precis_doc *doc);

/* Line and column of a byte offset (clamped to the length). */
PRECIS_API precis_location precis_doc_locate(const precis_doc *doc,
                                             size_t offset);

/* The first byte that is not valid UTF-8 in `bytes`, or `len` when all of
 * it is valid. Useful to report errors without making a document. */
PRECIS_API size_t precis_utf8_check(const char *bytes, size_t len);

/* ------------------------------------------------------------------------
 * Text primitives: sentences and tokens of any UTF-8 text
 * ------------------------------------------------------------------------ */

/* Called for each sentence; return nonzero to stop early (that value is
 * returned by the splitter). */
typedef int (*precis_sentence_cb)(void *ctx, precis_span sentence);

/* Splits text[0..len) into sentences (news-aware: abbreviations, initials,
 * numbers, quotes, ellipses). Spans exclude surrounding white space. A
 * blank line always ends a sentence. A single line break ends one after a
 * line without final punctuation (a heading) when the next line starts
 * with a capital; in hard-wrapped text it is a space.
 * Returns PRECIS_OK, a negative error, or the callback's nonzero value. */
PRECIS_API int precis_sentences_split(const char *text, size_t len,
                                      precis_sentence_cb cb, void *ctx);

/* Token kinds. */
#define PRECIS_TOKEN_WORD 1
#define PRECIS_TOKEN_NUMBER 2

/* Called for each token: `folded` is the case-folded token (BORROWED until
 * the callback returns), `start`/`end` its bytes in the original text.
 * Return nonzero to stop. */
typedef int (*precis_token_cb)(void *ctx, int kind, const char *folded,
                               size_t folded_len, size_t start, size_t end);

/* Reports every word and number of text[0..len) with its byte offsets.
 * Words keep internal apostrophes and hyphens ("putin's" with the
 * apostrophe folded to ', "nagorno-karabakh"). Returns PRECIS_OK, a
 * negative error, or the callback's nonzero value. */
PRECIS_API int precis_tokenize(const char *text, size_t len,
                               precis_token_cb cb, void *ctx);

/* ------------------------------------------------------------------------
 * Workspaces: one thread's buffers, kept from one document to the next
 * ------------------------------------------------------------------------ */

typedef struct precis_workspace precis_workspace;

/* The buffers that laying out a page and finding its quotes work in,
 * for a thread that reads many documents: passed to
 * precis_layout_new_in() and precis_quotes_from_layout_in(), they grow to
 * the size pages need once, instead of being allocated and freed for
 * every page (over 15,000 news pages, the quotes took 2% less time). A
 * workspace holds no document between calls, only room (a buffer that
 * grew past 4 MiB for one page is given back after it); results never
 * point into it. Use it from one thread at a time, like an analyzer.
 * *out is OWNED: free with precis_workspace_free(). */
PRECIS_API int precis_workspace_new(precis_workspace **out);
PRECIS_API void precis_workspace_free(precis_workspace *ws);

/* ------------------------------------------------------------------------
 * Layout: what is article and what is page furniture
 * ------------------------------------------------------------------------ */

typedef struct precis_layout precis_layout;

/* Divides `doc` into blocks (runs of lines) and decides for each whether it
 * is article body or boilerplate; finds title, byline, date and dateline.
 * `doc` and `lang` must outlive the layout.
 * *out is OWNED: free with precis_layout_free(). */
PRECIS_API int precis_layout_new(const precis_doc *doc,
                                 const precis_lang *lang,
                                 precis_layout **out);
/* precis_layout_new, working in `ws`'s buffers (NULL: buffers of its
 * own). The layout is the same. */
PRECIS_API int precis_layout_new_in(precis_workspace *ws,
                                    const precis_doc *doc,
                                    const precis_lang *lang,
                                    precis_layout **out);
PRECIS_API void precis_layout_free(precis_layout *layout);

/* Number of blocks, in document order. */
PRECIS_API size_t precis_layout_block_count(const precis_layout *layout);
/* Bytes of block i (without the trailing line break). */
PRECIS_API precis_span precis_layout_block_span(const precis_layout *layout,
                                                size_t i);
/* Nonzero when block i is article body. */
PRECIS_API int precis_layout_block_is_body(const precis_layout *layout,
                                           size_t i);
/* Why block i was dropped ("navigation menu", "list", "caption"...), NULL
 * for a body block. BORROWED: static. */
PRECIS_API const char *precis_layout_block_reason(const precis_layout *layout,
                                                  size_t i);

/* Metadata fields for precis_layout_field(). */
typedef enum precis_field {
    PRECIS_FIELD_TITLE = 0,
    PRECIS_FIELD_BYLINE = 1,   /* the author's name, without "By" */
    PRECIS_FIELD_DATE = 2,     /* the date as written */
    PRECIS_FIELD_DATELINE = 3  /* "MOSCOW (AP) –", "Baku, Aug 20 (IANS):" */
} precis_field;

/* Stores the bytes of `field` in *span and returns 1, or returns 0 when the
 * text has none. */
PRECIS_API int precis_layout_field(const precis_layout *layout,
                                   precis_field field, precis_span *span);

/* The date in ISO 8601 ("2021-11-26", "2021-01-11T14:24"), or NULL when
 * there is no date or it cannot be read. BORROWED from layout. */
PRECIS_API const char *precis_layout_date_iso(const precis_layout *layout);

/* ------------------------------------------------------------------------
 * Articles: body sentences with their terms
 * ------------------------------------------------------------------------ */

typedef struct precis_article precis_article;

/* Lays out `doc`, splits its body into sentences and stems their words
 * with `analyzer`. `doc` must outlive the article; the analyzer need not.
 * *out is OWNED: free with precis_article_free(). */
PRECIS_API int precis_article_new(precis_analyzer *analyzer,
                                  const precis_doc *doc,
                                  precis_article **out);
PRECIS_API void precis_article_free(precis_article *article);

/* The bytes the article holds from the allocator: layout, sentences,
 * terms and vocabulary, each array shrunk to fit once built; not its
 * document (precis_doc_memory) nor the allocator's own overhead. For
 * callers that budget how many articles they keep. 0 for NULL. */
PRECIS_API size_t precis_article_memory(const precis_article *article);

/* The article and its document as one string of bytes, so that a program
 * can set them aside (say in a temporary file between two passes over a
 * folder) and make them again with precis_article_unpack() without
 * analysing the text again. The bytes are this build's own form, in the
 * host's byte order: for the same program to read back, not a file
 * format to keep or exchange. *bytes is OWNED: free with precis_free().
 * PRECIS_EINVAL for NULL arguments, PRECIS_ENOMEM. */
PRECIS_API int precis_article_pack(const precis_article *article,
                                   char **bytes, size_t *len);

/* Makes again the document and article that precis_article_pack() wrote:
 * equal to them in everything the API shows (the same sentences, terms,
 * layout and summaries). The bytes are checked as they are read: damaged
 * or foreign ones give PRECIS_EFORMAT. *doc and *article are OWNED (free
 * the article first, then the document); both are NULL on error.
 * PRECIS_EINVAL for a NULL doc or article, or NULL bytes with len > 0
 * (NULL bytes with len 0 are simply too short: PRECIS_EFORMAT);
 * PRECIS_ENOMEM. */
PRECIS_API int precis_article_unpack(const char *bytes, size_t len,
                                     precis_doc **doc,
                                     precis_article **article);

/* The layout the article was built on. BORROWED from article. */
PRECIS_API const precis_layout *
precis_article_layout(const precis_article *article);
/* The document. BORROWED (the caller's). */
PRECIS_API const precis_doc *precis_article_doc(const precis_article *article);

/* Body sentences, in document order. */
PRECIS_API size_t precis_article_sentence_count(const precis_article *article);
PRECIS_API precis_span
precis_article_sentence(const precis_article *article, size_t i);
/* Words (PRECIS_TOKEN_WORD and _NUMBER tokens) in sentence i. */
PRECIS_API size_t precis_article_sentence_words(const precis_article *article,
                                                size_t i);

/* ------------------------------------------------------------------------
 * IDF models: document frequencies of stems (mergeable, portable)
 * ------------------------------------------------------------------------ */

typedef struct precis_idf precis_idf;

/* Makes an empty model for stems of `lang_name` (recorded in the model and
 * checked when it is used). *out is OWNED: free with precis_idf_free(). */
PRECIS_API int precis_idf_new(const char *lang_name, precis_idf **out);
PRECIS_API void precis_idf_free(precis_idf *idf);

/* Counts one document: each distinct stem of the article once. A model
 * made by precis_idf_view() is first copied into the model's own memory
 * (as precis_idf_load() of version 1 does; its cost once, and
 * PRECIS_ENOMEM leaves the model as it was); it then no longer reads the
 * viewed bytes, which must still outlive it. */
PRECIS_API int precis_idf_add(precis_idf *idf, const precis_article *article);

/* Adds every count of `from` into `into` (same language, else
 * PRECIS_EINVAL). Merging shard models gives the model of their union.
 * `from` may be a view; `into` is copied first when it is one, as for
 * precis_idf_add(). */
PRECIS_API int precis_idf_merge(precis_idf *into, const precis_idf *from);

/* Number of documents counted and of distinct stems. */
PRECIS_API uint64_t precis_idf_documents(const precis_idf *idf);
PRECIS_API size_t precis_idf_terms(const precis_idf *idf);
/* Documents that contain `stem`; 0 when it is unknown. */
PRECIS_API uint64_t precis_idf_frequency(const precis_idf *idf,
                                         const char *stem, size_t len);
/* Term i of the model, i < precis_idf_terms(), in insertion order (the
 * order stems were first counted, or read by precis_idf_load() or
 * precis_idf_view(), which give a saved model's sorted order back). *stem
 * (NUL-terminated, *len bytes) is BORROWED from idf until it is freed or
 * a stem is added to it (precis_idf_add, precis_idf_merge). Any of stem, len, df may be
 * NULL. Returns PRECIS_OK, or PRECIS_EINVAL for a NULL idf or i out of
 * range (the outputs are then untouched). */
PRECIS_API int precis_idf_term(const precis_idf *idf, size_t i,
                               const char **stem, size_t *len, uint64_t *df);
/* The model's language. BORROWED from idf. */
PRECIS_API const char *precis_idf_lang(const precis_idf *idf);

/* Serializes the model (versioned, little-endian, terms sorted so equal
 * models give equal bytes; format version 2, which precis_idf_view() reads
 * in place). *bytes is OWNED: free with precis_free(). PRECIS_EINVAL for
 * a NULL argument, or a model beyond the format (4 GiB of stems). A view
 * of bytes that precis_idf_load() refuses may save to bytes it refuses
 * too. */
PRECIS_API int precis_idf_save(const precis_idf *idf, char **bytes,
                               size_t *len);
/* Reads a model made by precis_idf_save() (any format version this
 * library knows, the current one 2 and the older 1), copying what it
 * needs: `bytes` may be freed at once. A truncated, damaged or foreign
 * buffer (one written big-endian included), or one that is not exactly
 * what saving the model gives, is PRECIS_EFORMAT; a newer format
 * PRECIS_EVERSION; NULL out, or NULL bytes with len > 0, PRECIS_EINVAL.
 * *out is OWNED: free with precis_idf_free(). */
PRECIS_API int precis_idf_load(const char *bytes, size_t len,
                               precis_idf **out);
/* Reads a model in place, for a file mapped into memory: nothing is
 * copied or rebuilt, so a model of a million terms is ready in about the
 * time it takes to read its bytes once. Format version 2 (what
 * precis_idf_save() writes) is checked in one pass: sizes against len,
 * the checksum, and every index slot, count and key offset, so that no
 * lookup can read outside the bytes however they were made. The order of
 * the terms, their UTF-8 and the placement of the index are not checked
 * (precis_idf_load() checks them): damage the checksum misses can give
 * wrong answers, never a crash. A version 1 buffer is read as
 * precis_idf_load() would. Errors as for precis_idf_load(). `bytes` is
 * BORROWED: it must stay valid and unchanged until the model is freed,
 * and may have any alignment. *out is OWNED: free with precis_idf_free().
 * Every function taking a const precis_idf works on it; precis_idf_add()
 * and precis_idf_merge() into it copy it first. */
PRECIS_API int precis_idf_view(const void *bytes, size_t len,
                               precis_idf **out);

/* Frees memory the library returned as OWNED raw bytes. */
PRECIS_API void precis_free(void *ptr);

/* ------------------------------------------------------------------------
 * Summaries
 * ------------------------------------------------------------------------ */

/* How long a summary may be. When more than one limit is set, the
 * tightest wins. Fill with precis_summary_options_init(). */
typedef struct precis_summary_options {
    size_t sentences; /* at most this many sentences; 0: no limit */
    size_t words;     /* at most this many words; 0: no limit */
    double ratio;     /* at most this share of the body's words; 0: none */
} precis_summary_options;

/* Defaults: 3 sentences, no word or ratio limit. */
PRECIS_API void precis_summary_options_init(precis_summary_options *options);

typedef struct precis_summary precis_summary;

/* Scores every body sentence of `article` and picks the best within the
 * options' budget, skipping any too similar to one already picked, in
 * document order. `idf` may be NULL: the article's own sentences then
 * serve as the documents. A summary of an article with no body sentence
 * is empty, not an error. The article must outlive the summary.
 * *out is OWNED: free with precis_summary_free(). */
PRECIS_API int precis_summary_new(const precis_article *article,
                                  const precis_idf *idf,
                                  const precis_summary_options *options,
                                  precis_summary **out);
/* precis_summary_new for a program that summarizes many articles with
 * one model: `analyzer` (may be NULL) keeps the model's weight of each
 * stem it has met, so that a stem is looked up in the model once rather
 * than once per article (with a large model, a good part of a summary's
 * cost). The same summary as precis_summary_new; only articles this
 * analyzer made use the cache, including ones packed and unpacked again
 * in the same process while it lives (others are looked up as before).
 * The analyzer is written to: the thread that owns it calls. */
PRECIS_API int precis_summary_new_cached(precis_analyzer *analyzer,
                                         const precis_article *article,
                                         const precis_idf *idf,
                                         const precis_summary_options *options,
                                         precis_summary **out);
PRECIS_API void precis_summary_free(precis_summary *summary);

/* Chosen sentences, in document order. */
PRECIS_API size_t precis_summary_count(const precis_summary *summary);
PRECIS_API precis_span precis_summary_sentence(const precis_summary *summary,
                                               size_t i);
/* The sentence's score (higher is more central; comparable within one
 * article). */
PRECIS_API double precis_summary_score(const precis_summary *summary,
                                       size_t i);
/* The index of chosen sentence i among the article's sentences. */
PRECIS_API size_t precis_summary_index(const precis_summary *summary,
                                       size_t i);

/* ------------------------------------------------------------------------
 * Quotes and speakers
 * ------------------------------------------------------------------------ */

/* A set of known people (and organisations) shared by several documents,
 * so that "Putin", "Mr Putin" and "Russian President Vladimir Putin" in
 * different articles become one speaker, "Vladimir Putin". Mutable while
 * documents are added; not thread-safe.
 * *out is OWNED: free with precis_speakers_free(). */
typedef struct precis_speakers precis_speakers;

PRECIS_API int precis_speakers_new(precis_speakers **out);
PRECIS_API void precis_speakers_free(precis_speakers *set);

/* Adds aliases from `tsv` (`len` bytes of UTF-8): one person per line, the
 * canonical name first, then its aliases, tab-separated; '#' starts a
 * comment line, blank lines are skipped. Aliases match case-insensitively.
 * Returns PRECIS_EUTF8 for text that is not UTF-8. */
PRECIS_API int precis_speakers_add_aliases(precis_speakers *set,
                                           const char *tsv, size_t len);

/* Number of distinct speakers the set knows. */
PRECIS_API size_t precis_speakers_count(const precis_speakers *set);
/* The canonical name of speaker i. BORROWED from set (until it is freed
 * or changed). */
PRECIS_API const char *precis_speakers_name(const precis_speakers *set,
                                            size_t i);
/* The canonical name that `name` (any alias, case-insensitive, `len`
 * bytes) stands for, or NULL when the set does not know it. BORROWED from
 * set (until it is freed or changed). */
PRECIS_API const char *precis_speakers_lookup(const precis_speakers *set,
                                              const char *name, size_t len);

typedef struct precis_quotes precis_quotes;

/* Quote flags (precis_quotes_flags). */
#define PRECIS_QUOTE_UNCLOSED 1u        /* no closing mark in its paragraph */
#define PRECIS_QUOTE_MULTI_PARAGRAPH 2u /* runs on over paragraphs */
#define PRECIS_QUOTE_NESTED 4u          /* holds a quote inside it */
#define PRECIS_QUOTE_PARTIAL 8u         /* a fragment inside a sentence */
#define PRECIS_QUOTE_HEADLINE 16u       /* found in the title */

/* Finds the direct quotes of `article` (its body blocks and its title;
 * dropped boilerplate is ignored) and attributes each to a speaker. Not
 * reported: titles of shows and books in quote marks, and scare quotes (up
 * to three words that nobody in the text is said to have said). When `set`
 * is not NULL, speakers are resolved through it and the document's people
 * are added to it, so that later documents share their names (a name a
 * later document spells out in full may rename a speaker: look names up
 * again with precis_speakers_lookup() once all documents are in).
 * The article (and its document) must outlive the quotes.
 * *out is OWNED: free with precis_quotes_free(). */
PRECIS_API int precis_quotes_new(const precis_article *article,
                                 precis_speakers *set, precis_quotes **out);
/* The same from a layout alone: no sentences or stems are needed, so this
 * is the cheaper call when only quotes are wanted. The layout (and its
 * document) must outlive the quotes. *out is OWNED: precis_quotes_free(). */
PRECIS_API int precis_quotes_from_layout(const precis_layout *layout,
                                         precis_speakers *set,
                                         precis_quotes **out);
/* precis_quotes_from_layout, working in `ws`'s buffers (NULL: buffers of
 * its own). The quotes are the same. */
PRECIS_API int precis_quotes_from_layout_in(precis_workspace *ws,
                                            const precis_layout *layout,
                                            precis_speakers *set,
                                            precis_quotes **out);
PRECIS_API void precis_quotes_free(precis_quotes *quotes);

/* Resolves the speakers of `quotes`, made without a set, through `set`:
 * the same names, and the same changes to the set, as making them with
 * `set` in the first place. So documents can be read and attributed on
 * several threads, and only this step run in document order on one.
 * Returns PRECIS_OK, PRECIS_EINVAL when an argument is NULL, or
 * PRECIS_ENOMEM (quotes not yet resolved keep their document's names). */
PRECIS_API int precis_quotes_resolve(precis_quotes *quotes,
                                     precis_speakers *set);

/* Top-level quotes, in document order. */
PRECIS_API size_t precis_quotes_count(const precis_quotes *quotes);
/* Bytes of quote i's content, without its marks (a multi-paragraph quote
 * spans the paragraph breaks and inner opening marks). */
PRECIS_API precis_span precis_quotes_span(const precis_quotes *quotes,
                                          size_t i);
/* The canonical name of quote i's speaker, or NULL when precis abstains.
 * BORROWED from quotes. */
PRECIS_API const char *precis_quotes_speaker(const precis_quotes *quotes,
                                             size_t i);
/* Stores the bytes of the words that named the speaker for quote i ("he",
 * "the Armenian prime minister", "Putin") and returns 1, or returns 0. */
PRECIS_API int precis_quotes_mention(const precis_quotes *quotes, size_t i,
                                     precis_span *span);
/* Stores the bytes of the speech verb ("said", "according") and returns 1,
 * or returns 0. */
PRECIS_API int precis_quotes_cue(const precis_quotes *quotes, size_t i,
                                 precis_span *span);
/* The rule that found the mention: "trailing" (""...," Putin said"),
 * "leading" ("Putin said: "...""), "colon" (a name or a "said:" ending
 * the sentence or paragraph before), "according", "dash" (""..." - Name"),
 * "headline" ("Putin: ..."), "paragraph" (another quote of the paragraph),
 * "continuation" (the paragraph before), or "none". BORROWED: static. */
PRECIS_API const char *precis_quotes_sieve(const precis_quotes *quotes,
                                           size_t i);
/* PRECIS_QUOTE_* flags of quote i. */
PRECIS_API unsigned precis_quotes_flags(const precis_quotes *quotes,
                                        size_t i);

/* ------------------------------------------------------------------------
 * Briefs: one brief of one article or of a set
 * ------------------------------------------------------------------------ */

/* Fill with precis_brief_options_init(). */
typedef struct precis_brief_options {
    size_t sentences; /* key sentences; 0: 3 for one article, 5 for a set */
} precis_brief_options;

/* Defaults: sentences 0 (3 for one article, 5 for a set). A NULL options
 * is a no-op. */
PRECIS_API void precis_brief_options_init(precis_brief_options *options);

typedef struct precis_brief precis_brief;

/* Makes one brief of articles[0..count): key sentences and quotes by
 * speaker, documents named by their index in `articles`.
 * - One article: its summary (as precis_summary_new with `idf`), in
 *   document order.
 * - Several: every sentence of the set scored with `idf`, or when it is
 *   NULL with the set's own document frequencies (each article one
 *   document); then taken best first across the set, skipping a sentence
 *   too similar to one taken (stem-count cosine above 0.5: the same fact
 *   told by another outlet). In rank order, best first.
 * Quotes are found in every article with `set` (NULL: a set of the
 * brief's own), so that one person is one speaker across the articles;
 * the same quote (same speaker, same case-folded words) in several
 * articles is one quote with every source. Speakers with the most
 * distinct quotes come first (ties by name), the unattributed quotes
 * last; each speaker's quotes, and each quote's sources, in order of
 * first appearance. The date range is that of the layouts' ISO dates.
 * Returns PRECIS_EINVAL when `out` is NULL, or `articles` or one of its
 * entries is NULL while count > 0; count 0 gives an empty brief. The
 * articles must outlive the brief. *out is OWNED: precis_brief_free(). */
PRECIS_API int precis_brief_new(const precis_article *const *articles,
                                size_t count, const precis_idf *idf,
                                precis_speakers *set,
                                const precis_brief_options *options,
                                precis_brief **out);
PRECIS_API void precis_brief_free(precis_brief *brief);

/* Key sentences (out-of-range i: an empty span, doc 0, score 0): their
 * bytes in their article's document, the article's index, the score
 * (comparable across the set). */
PRECIS_API size_t precis_brief_sentence_count(const precis_brief *brief);
PRECIS_API precis_span precis_brief_sentence(const precis_brief *brief,
                                             size_t i);
PRECIS_API size_t precis_brief_sentence_doc(const precis_brief *brief,
                                            size_t i);
PRECIS_API double precis_brief_sentence_score(const precis_brief *brief,
                                              size_t i);

/* The earliest and latest ISO 8601 date of the articles (see
 * precis_layout_date_iso) and 1, or 0 when none has a readable date.
 * Either pointer may be NULL. BORROWED from the articles. */
PRECIS_API int precis_brief_dates(const precis_brief *brief,
                                  const char **first, const char **last);

/* Speakers, most quoted first. The name is the canonical one, or NULL for
 * the unattributed quotes (always last). BORROWED from brief. */
PRECIS_API size_t precis_brief_speaker_count(const precis_brief *brief);
PRECIS_API const char *precis_brief_speaker(const precis_brief *brief,
                                            size_t s);
/* Distinct quotes of speaker s, and the sources of its quote q. */
PRECIS_API size_t precis_brief_quote_count(const precis_brief *brief,
                                           size_t s);
PRECIS_API size_t precis_brief_source_count(const precis_brief *brief,
                                            size_t s, size_t q);
/* Source k of quote q of speaker s: the quote's bytes (without marks) in
 * the document of article *doc (doc may be NULL). Out of range: an empty
 * span, *doc untouched. */
PRECIS_API precis_span precis_brief_source(const precis_brief *brief,
                                           size_t s, size_t q, size_t k,
                                           size_t *doc);

/* ------------------------------------------------------------------------
 * Evaluation: ROUGE-1, ROUGE-2 and ROUGE-L as ROUGE-1.5.5 computes them
 * ------------------------------------------------------------------------
 *
 * Summaries are "SPL" text: one sentence per line, empty lines ignored,
 * bytes taken as they are (any encoding). Each line is lower-cased (ASCII
 * only) and its tokens are the runs of [a-z0-9]. ROUGE-N counts n-grams
 * over the whole summary; ROUGE-L is the summary-level union LCS of each
 * reference sentence with all system sentences, clipped by unigram counts.
 * With several references, hits and totals are summed over them (ROUGE-1.5.5
 * "-f A"). Per document, recall and precision are rounded to 5 decimals,
 * and F is computed from the rounded values and rounded too; averages are
 * plain means over the documents added. A precis_rouge belongs to one
 * thread at a time. */

typedef struct precis_rouge precis_rouge;

/* Indexes of the three measures in precis_rouge_scores. */
enum { PRECIS_ROUGE_1 = 0, PRECIS_ROUGE_2 = 1, PRECIS_ROUGE_L = 2 };

/* Scores in 0..1, indexed by PRECIS_ROUGE_1, _2 and _L. */
typedef struct precis_rouge_scores {
    double recall[3];
    double precision[3];
    double f[3];
} precis_rouge_scores;

/* precis_rouge_new flags. */
#define PRECIS_ROUGE_STEM 1u      /* -m: stem tokens longer than 3 bytes */
#define PRECIS_ROUGE_STOPWORDS 2u /* -s: drop stopwords (before stemming) */

/* A scorer. `word_limit` > 0 keeps only the first that many
 * whitespace-separated words of every summary, system and reference (-l;
 * counted on the raw line, a line starting with white space counting one
 * empty word more, and the last sentence cut where the limit falls); 0
 * keeps all. `alpha` weighs F = P*R / ((1-alpha)*P + alpha*R), 0.5 for the
 * usual F1. Stemming looks a token up in the exception lists added with
 * precis_rouge_add_exceptions() first, then applies ROUGE-1.5.5's Porter
 * stemmer. Returns PRECIS_EINVAL when out is NULL or alpha is outside
 * 0..1, else PRECIS_OK or PRECIS_ENOMEM. *out is OWNED: precis_rouge_free. */
PRECIS_API int precis_rouge_new(unsigned flags, size_t word_limit,
                                double alpha, precis_rouge **out);
PRECIS_API void precis_rouge_free(precis_rouge *rouge);

/* Adds the entries of one WordNet exception list (text[0..len), in the
 * layout of ROUGE-1.5.5's data/WordNet-2.0-Exceptions/adj.exc and its
 * siblings: one entry a line, the form and then its base form, separated
 * by white space). A
 * later entry for the same form replaces the earlier one; add adj, adv,
 * noun and verb in that order to get ROUGE-1.5.5's table. Lines with fewer
 * than two fields are skipped. PRECIS_EINVAL for NULL rouge or text (with
 * len > 0), else PRECIS_OK or PRECIS_ENOMEM. */
PRECIS_API int precis_rouge_add_exceptions(precis_rouge *rouge,
                                           const char *text, size_t len);

/* Adds stopwords for PRECIS_ROUGE_STOPWORDS: one word a line, exactly as
 * written (ROUGE-1.5.5's smart_common_words.txt). Errors as above. */
PRECIS_API int precis_rouge_add_stopwords(precis_rouge *rouge,
                                          const char *text, size_t len);

/* Scores one document: `nrefs` (>= 1) references refs[i][0..ref_lens[i])
 * against the system summary sys[0..sys_len) (NULL with 0 bytes: an empty
 * summary, which scores zero), adds the scores to the running averages and
 * stores them in *scores when it is not NULL. Returns PRECIS_EINVAL for a
 * NULL rouge, refs or ref_lens, nrefs == 0 or NULL text of nonzero
 * length, else PRECIS_OK or PRECIS_ENOMEM (then nothing is added).
 * Cost: ROUGE-N is linear in the text; ROUGE-L, as in ROUGE-1.5.5, takes
 * time in the sum over reference and system sentence pairs of the product
 * of their token counts, and one bit per such product of scratch memory. */
PRECIS_API int precis_rouge_add(precis_rouge *rouge, const char *const *refs,
                                const size_t *ref_lens, size_t nrefs,
                                const char *sys, size_t sys_len,
                                precis_rouge_scores *scores);

/* Documents added so far (0 for NULL). */
PRECIS_API size_t precis_rouge_documents(const precis_rouge *rouge);

/* Stores the mean scores of the documents added so far in *scores (all
 * zero when there are none or rouge is NULL). */
PRECIS_API void precis_rouge_average(const precis_rouge *rouge,
                                     precis_rouge_scores *scores);

#ifdef __cplusplus
}
#endif

#endif /* PRECIS_H */
