/* article.c: from a document to body sentences with stemmed terms.
 *
 * After the layout, one pass over the body: each body block is split into
 * sentences (a photo caption run into a sentence is split off as a
 * fragment of its own, see caption_glue), each sentence is tokenized, and each word is looked up in the
 * analyzer's word cache, which says at once whether it is a stopword and
 * what its stem is (stemming a word the analyzer never saw). The entry also
 * holds the word's term id in the article being built, stamped with the
 * article's mark: the first time the article meets the word its stem
 * gets a term id (its stem id in the analyzer noted in article->stems),
 * later it costs that one lookup; the vocabulary of stems is made from
 * those ids once the text is read. Term ids go into one growing array
 * (amortized doubling), so no allocation happens per token. Shape flags
 * (PX_SENT_*) are set on the way for the scorer. */
#include "article.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "lang.h"
#include "layout.h"
#include "prefetch.h"
#include "sentence.h"
#include "spanvec.h"
#include "swar.h"
#include "token.h"
#include "wordlist.h"

/* What the token callback needs while one sentence is tokenized. */
typedef struct term_pass {
    precis_article *article;
    precis_analyzer *analyzer;
    size_t terms_cap;
    size_t stems;     /* the article's stems so far: its next term id */
    size_t stems_cap; /* of article->stems */
    uint32_t mark;    /* this article's mark in the word cache */
    const px_tokvec *tokens; /* the page's tokens, as the layout read them */
    size_t next_token; /* in tokens: the first after the last span read */
    size_t words;     /* word and number tokens of the current sentence */
    int dangling;     /* the first word needs an earlier sentence */
    int err;
} term_pass;

/* Opening words that point back at an earlier sentence: a summary that
 * starts with "But he said..." reads as a fragment once its antecedent is
 * not chosen. The list is the usual set of pronouns, demonstratives and
 * connectives that need a left context in English news prose. */
#define D(w) PX_LISTED(w)
static const px_listed_word dangling_words[] = {
    D("but"), D("and"), D("or"), D("so"), D("yet"), D("also"),
    D("however"), D("meanwhile"), D("then"), D("still"), D("instead"),
    D("moreover"), D("furthermore"), D("nevertheless"),
    D("he"), D("she"), D("it"), D("they"), D("them"), D("his"), D("her"),
    D("its"), D("their"),
    D("this"), D("that"), D("these"), D("those"), D("there"), D("here"),
    D("such"),
    D("both"), D("another"), D("other"), D("others"), D("later"),
    D("earlier")};
#undef D

static int is_dangling_word(const char *word, size_t len)
{
    /* Tried once per sentence: the first byte and the length rule out
     * most entries before any comparison. */
    if (len == 0)
        return 0;
    for (size_t i = 0; i < sizeof dangling_words / sizeof dangling_words[0];
         i++) {
        if (dangling_words[i].word[0] == word[0] &&
            dangling_words[i].len == len &&
            memcmp(dangling_words[i].word, word, len) == 0)
            return 1;
    }
    return 0;
}

static int push_term(term_pass *pass, uint32_t id)
{
    precis_article *a = pass->article;
    if (a->term_count < pass->terms_cap) { /* room: no call to px_grow */
        a->terms[a->term_count++] = id;
        return PRECIS_OK;
    }
    void *terms = a->terms;
    if (px_grow(&terms, &pass->terms_cap, a->term_count + 1, sizeof *a->terms))
        return PRECIS_ENOMEM;
    a->terms = terms;
    a->terms[a->term_count++] = id;
    return PRECIS_OK;
}

#define NO_TERM UINT32_MAX

/* Adds stem `stem_id` of the analyzer, new to the article, as its next
 * term: the id goes to article->stems, through which the vocabulary is
 * made once the text is read (make_vocab) and the scorer finds the
 * stem's weight in the analyzer. */
static int add_stem(term_pass *pass, uint32_t stem_id, uint32_t *term)
{
    precis_article *a = pass->article;
    size_t n = pass->stems;
    if (n >= pass->stems_cap) {
        /* A page has no more stems than tokens: room for that many at
         * once (as for the terms) spares the doublings, and compact
         * gives back what is left over. */
        size_t need = n + 1;
        if (pass->tokens && pass->tokens->count > need)
            need = pass->tokens->count;
        void *stems = a->stems;
        if (px_grow(&stems, &pass->stems_cap, need, sizeof *a->stems))
            return PRECIS_ENOMEM;
        a->stems = stems;
        a->analyzer = pass->analyzer->serial;
        a->stems_trusted = 1;
    }
    a->stems[n] = stem_id;
    pass->stems = n + 1;
    *term = (uint32_t)n;
    return PRECIS_OK;
}

/* The article's vocabulary: the keys of its stems, in term id order, in
 * one go. The analyzer told the stems apart as they came, so none is
 * looked up or hashed, and the vocabulary is made at its size. */
static int make_vocab(term_pass *pass)
{
    precis_article *a = pass->article;
    return px_strmap_push_ids(a->vocab, pass->analyzer->stems, a->stems,
                              pass->stems);
}

/* Stamps the analyzer's entry of term word `word`, which the article
 * meets for the first time, with its term id there: its stem's entry in
 * the analyzer says whether another word of the same stem came first,
 * and only a stem new to the article is added (add_stem). */
static inline int meet_word(term_pass *pass, uint32_t word)
{
    precis_analyzer *an = pass->analyzer;
    px_word_term *wt = px_analyzer_word_term(an, word);
    px_stem_info *si = &an->stem_info[wt->stem_id];
    if (si->mark != pass->mark) {
        uint32_t term;
        int rc = add_stem(pass, wt->stem_id, &term);
        if (rc)
            return rc;
        si->term = term;
        si->mark = pass->mark;
    }
    wt->term = si->term;
    wt->mark = pass->mark;
    return PRECIS_OK;
}

/* The term id of the analyzer's word `word` (NO_TERM for a stopword).
 * The word's px_word_term holds its term in the article being built,
 * stamped with the article's mark: after the first meeting (meet_word),
 * a word costs this inline check. */
static inline int term_of_word(term_pass *pass, uint32_t word, uint32_t *id)
{
    const px_word_term *wt = px_analyzer_word_term(pass->analyzer, word);
    if (wt->mark == PX_MARK_STOP) {
        *id = NO_TERM;
        return PRECIS_OK;
    }
    if (wt->mark != pass->mark) {
        int rc = meet_word(pass, word);
        if (rc)
            return rc;
    }
    *id = wt->term;
    return PRECIS_OK;
}

/* The term id of a folded word (NO_TERM for a stopword). One lookup in
 * the analyzer's word cache replaces three (stopword set, stem cache, the
 * article's own table of words). */
static int intern_word(term_pass *pass, const char *folded, size_t len,
                       uint32_t *id)
{
    uint32_t word;
    int rc = px_analyzer_word_id(pass->analyzer, folded, len, &word);
    if (rc)
        return rc;
    return term_of_word(pass, word, id);
}

static int on_token(void *ctx, int kind, const char *folded,
                    size_t folded_len, size_t start, size_t end)
{
    term_pass *pass = ctx;
    if (kind != PRECIS_TOKEN_WORD && kind != PRECIS_TOKEN_NUMBER)
        return 0;
    (void)start;
    (void)end;
    if (pass->words == 0)
        pass->dangling = is_dangling_word(folded, folded_len);
    pass->words++;
    /* Numbers count as words for length budgets but carry no topic: "2015"
     * or "3" in two sentences says little about what they share. */
    if (kind != PRECIS_TOKEN_WORD)
        return 0;
    uint32_t id;
    int rc = intern_word(pass, folded, folded_len, &id);
    if (!rc && id != NO_TERM)
        rc = push_term(pass, id);
    if (rc) {
        pass->err = rc;
        return 1;
    }
    return 0;
}

/* Where a recorded token ends; SIZE_MAX (past any span, so that the
 * span is tokenized again) for one too long for the record. */
static size_t token_end(const px_token *t)
{
    return t->len == PX_TOKEN_LONG ? SIZE_MAX : t->start + t->len;
}

/* The first recorded token in [lo, hi) that starts at or after `at`
 * (hi when none does), all before lo starting before it, by bisection. */
static size_t bisect_tokens(const px_tokvec *v, size_t lo, size_t hi,
                            size_t at)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->items[mid].start < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first recorded token that starts at or after `at`. Spans are read
 * in text order, one after the other, so the search starts where the
 * last span ended and steps forward over the few tokens between two
 * spans; a span before that point (the title, read last) is found by
 * bisection. Either way the steps forward add up to the page's tokens. */
static size_t first_token_from(const px_tokvec *v, size_t from, size_t at)
{
    if (from <= v->count && (from == 0 || v->items[from - 1].start < at)) {
        while (from < v->count && v->items[from].start < at)
            from++;
        return from;
    }
    return bisect_tokens(v, 0, v->count, at);
}

/* The first recorded token from `from` on that starts at or after `at`,
 * all before `from` starting before it. A sentence spans a score of
 * tokens: strides that double, then bisection, find its last one in
 * about a dozen probes rather than one step a token. */
static size_t tokens_before(const px_tokvec *v, size_t from, size_t at)
{
    size_t lo = from, hi = from, stride = 1;
    while (hi < v->count && v->items[hi].start < at) {
        lo = hi + 1;
        hi = lo + stride;
        stride *= 2;
        if (hi > v->count)
            hi = v->count;
    }
    return bisect_tokens(v, lo, hi, at);
}

/* Whether the sentence opening with the analyzer's word `word` needs an
 * earlier one: asked once per distinct word, then read from its entry. */
static int opens_dangling(term_pass *pass, uint32_t word)
{
    px_word *w = px_analyzer_info(pass->analyzer, word);
    if (w->opener == PX_OPENER_UNKNOWN) {
        size_t len;
        const char *folded = px_analyzer_folded(pass->analyzer, word, &len);
        w->opener = is_dangling_word(folded, len) ? PX_OPENER_DANGLING
                                                  : PX_OPENER_PLAIN;
    }
    return w->opener == PX_OPENER_DANGLING;
}

/* How many tokens ahead terms_from_tokens asks for a word's entry. */
#define WORD_AHEAD 12

/* The terms of text[start..end) from the layout's record of the page's
 * tokens, as on_token would make them from tokenizing the span. Tokens
 * never cross a line, and each line was tokenized whole, so the span's
 * tokens are the recorded ones that lie inside it unless a recorded token
 * straddles one of its ends (a span that starts or stops inside a word):
 * then 1 is returned and nothing is done, and the caller tokenizes. */
static int terms_from_tokens(term_pass *pass, size_t start, size_t end)
{
    const px_tokvec *v = pass->tokens;
    if (!v)
        return 1;
    size_t i = first_token_from(v, pass->next_token, start);
    if (i > 0 && token_end(&v->items[i - 1]) > start)
        return 1;
    size_t j = tokens_before(v, i, end);
    if (j > i && token_end(&v->items[j - 1]) > end)
        return 1;
    pass->next_token = j;
    if (j == i)
        return 0;
    pass->words = j - i;
    if (v->items[i].word != PX_TOKEN_NUMBER)
        pass->dangling = opens_dangling(pass, v->items[i].word);
    /* term_of_word and push_term inline, with what they read kept in
     * locals: a store to the term array could otherwise alias the pass
     * and the article, and the loop would load them all again for each
     * token. The state goes back to the article only around push_term
     * (a full array); meet_word changes no word entry's place. */
    precis_article *a = pass->article;
    precis_analyzer *an = pass->analyzer;
    const uint32_t mark = pass->mark;
    uint32_t *terms = a->terms;
    size_t count = a->term_count, cap = pass->terms_cap;
    const px_token *ahead_end = v->items + v->count;
    for (const px_token *tk = v->items + i, *stop = v->items + j; tk < stop;
         tk++) {
        /* The word table misses the caches: its entries are asked for
         * some tokens ahead (of this sentence or the next, which the
         * next call reads), so that the misses overlap. */
        if (tk + WORD_AHEAD < ahead_end &&
            tk[WORD_AHEAD].word != PX_TOKEN_NUMBER)
            px_prefetch(px_analyzer_word_term(an, tk[WORD_AHEAD].word));
        uint32_t word = tk->word;
        if (word == PX_TOKEN_NUMBER)
            continue;
        const px_word_term *wt = px_analyzer_word_term(an, word);
        if (wt->mark == PX_MARK_STOP)
            continue;
        int rc = wt->mark == mark ? PRECIS_OK : meet_word(pass, word);
        if (!rc && count < cap) {
            terms[count++] = wt->term;
            continue;
        }
        a->term_count = count;
        if (!rc)
            rc = push_term(pass, wt->term);
        if (rc)
            return rc;
        terms = a->terms;
        count = a->term_count;
        cap = pass->terms_cap;
    }
    a->term_count = count;
    return PRECIS_OK;
}

/* Tokenizes text[start..end) into the article's term array. Returns 0 or
 * a negative error. */
static int tokenize_into(term_pass *pass, const char *text, size_t start,
                         size_t end)
{
    pass->words = 0;
    pass->dangling = 0;
    pass->err = 0;
    size_t before = pass->article->term_count;
    int rc = terms_from_tokens(pass, start, end);
    if (rc <= 0)
        return rc;
    pass->article->term_count = before;
    rc = px_tokenize(text, start, end, on_token, pass);
    if (pass->err)
        return pass->err;
    return rc < 0 ? rc : 0;
}

static int is_space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Length of a closing quote or bracket ending just before text[end]
 * (ASCII quotes, brackets, or U+2019 / U+201D), else 0. */
static size_t closer_before(const char *text, size_t start, size_t end)
{
    if (end > start) {
        char c = text[end - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']')
            return 1;
    }
    if (end >= start + 3 && (unsigned char)text[end - 3] == 0xE2 &&
        (unsigned char)text[end - 2] == 0x80 &&
        ((unsigned char)text[end - 1] == 0x99 ||
         (unsigned char)text[end - 1] == 0x9D))
        return 3;
    return 0;
}

/* The sentence's last meaningful byte, after stepping back over closing
 * quotes and brackets ("...peace.”" ends in '.'); 0 when there is none. */
static char final_mark(const char *text, size_t start, size_t end)
{
    for (int steps = 0; steps < 4 && end > start; steps++) {
        size_t n = closer_before(text, start, end);
        if (!n)
            break;
        end -= n;
    }
    if (end <= start)
        return 0;
    if (end >= start + 3 && (unsigned char)text[end - 3] == 0xE2 &&
        (unsigned char)text[end - 2] == 0x80 &&
        (unsigned char)text[end - 1] == 0xA6)
        return '.'; /* U+2026 HORIZONTAL ELLIPSIS */
    return text[end - 1];
}

/* Length of an opening quote mark starting the sentence at text[i] (",
 * ', U+2018, U+201C), or 0. */
static size_t opening_quote_at(const char *text, size_t i, size_t end)
{
    if (text[i] == '"')
        return 1;
    /* British papers open quotes with a straight single quote; at the
     * start of a sentence it cannot be an elision ('em, '90s are rare
     * sentence openers in news). */
    if (text[i] == '\'' && i + 1 < end &&
        ((text[i + 1] >= 'A' && text[i + 1] <= 'Z') ||
         (unsigned char)text[i + 1] >= 0x80))
        return 1;
    if (i + 3 <= end && (unsigned char)text[i] == 0xE2 &&
        (unsigned char)text[i + 1] == 0x80 &&
        ((unsigned char)text[i + 2] == 0x9C ||
         (unsigned char)text[i + 2] == 0x98))
        return 3;
    return 0;
}

static int is_ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* Length of a closing quote mark at text[i] (", ', U+2019, U+201D) that
 * is not an apostrophe inside a word ("I’d"), else 0. */
static size_t closing_quote_at(const char *text, size_t i, size_t end)
{
    size_t n = 0;
    if (text[i] == '"' || text[i] == '\'')
        n = 1;
    else if (i + 3 <= end && (unsigned char)text[i] == 0xE2 &&
             (unsigned char)text[i + 1] == 0x80 &&
             ((unsigned char)text[i + 2] == 0x99 ||
              (unsigned char)text[i + 2] == 0x9D))
        n = 3;
    if (n && i + n < end && is_ascii_alnum(text[i + n]))
        return 0;
    return n;
}

/* Nonzero when a quotation of at least GLUED_QUOTE_WORDS words (or one
 * that never closes) opens at text[i]. Short quoted runs are names and
 * scare quotes ('Doggie', 'The Royal Matchmaker'); the scan stops after
 * GLUED_QUOTE_SCAN bytes, so the check stays linear. */
#define GLUED_QUOTE_WORDS 4
#define GLUED_QUOTE_SCAN 200
static int long_quote_at(const char *text, size_t i, size_t end)
{
    size_t spaces = 0;
    size_t stop = end - i > GLUED_QUOTE_SCAN ? i + GLUED_QUOTE_SCAN : end;
    for (size_t j = i; j < stop; j++) {
        if (text[j] == ' ' && ++spaces >= GLUED_QUOTE_WORDS)
            return 1;
        if (closing_quote_at(text, j, end))
            return 0;
    }
    return stop == end; /* never closed within the sentence */
}

/* Nonzero when a quotation opens right after a word with no punctuation
 * before it, at text[j] (one of '"', '\'' or 0xE2) of the sentence
 * text[start, end): "...manager on Friday ‘I’d be over the moon...". In
 * prose a quote that starts a new clause follows "said:" or "said,";
 * without the mark, the words before it are a photo caption or heading
 * that had no final period and was run into the next sentence (frequent
 * in scraped Daily Mail pages, see news-human). */
static int glued_quote_at(const char *text, size_t start, size_t j,
                          size_t end)
{
    /* A space after a letter or digit, then the opening quote. */
    if (j < start + 2 || j + 1 >= end || text[j - 1] != ' ' ||
        !is_ascii_alnum(text[j - 2]))
        return 0;
    size_t q = opening_quote_at(text, j, end);
    return q && j + q < end && text[j + q] >= 'A' && text[j + q] <= 'Z' &&
           long_quote_at(text, j + q, end);
}

/* What sentence_flags needs from a sentence's quote marks ('"', '\'',
 * and 0xE2, the lead byte of U+2018..201D) and colons: nothing else of
 * it is read, so one scan jumps from one such byte to the next and
 * gathers all three facts. */
#define MARK_BYTES '"', '\'', 0xE2, ':'

typedef struct mark_facts {
    size_t quoted;   /* bytes between double quote marks */
    int glued_quote; /* a quotation glued to a bare word (glued_quote_at) */
    int colon;       /* a colon with two bytes after it */
} mark_facts;

/* The facts of text[start, end), whose first mark byte is at `from`.
 * Double quotes: straight ones toggle, curly ones (U+201C / U+201D, E2 80
 * 9C / 9D) open and close; the bytes between count in one step. Linear
 * in the sentence. */
static mark_facts scan_marks(const char *text, size_t start, size_t from,
                             size_t end)
{
    mark_facts f = {0, 0, 0};
    int open = 0;
    size_t i = from; /* the first byte not yet counted as quoted or not */
    size_t j = from;
    while ((j = px_find_any4(text, j, end, MARK_BYTES, 0)) < end) {
        unsigned char c = (unsigned char)text[j];
        if (c == ':') {
            f.colon |= j + 2 < end;
            j++;
            continue;
        }
        if (!f.glued_quote)
            f.glued_quote = glued_quote_at(text, start, j, end);
        if (c == '\'') {
            j++;
            continue;
        }
        if (open)
            f.quoted += j - i;
        if (c == '"') {
            open = !open;
            j++;
        } else if (j + 2 < end && (unsigned char)text[j + 1] == 0x80 &&
                   ((unsigned char)text[j + 2] == 0x9C ||
                    (unsigned char)text[j + 2] == 0x9D)) {
            open = (unsigned char)text[j + 2] == 0x9C;
            j += 3;
        } else {
            if (open) /* an E2 that is no quote mark counts as text */
                f.quoted++;
            j++;
        }
        i = j;
    }
    if (open)
        f.quoted += end - i;
    return f;
}

/* Nonzero when the sentence opens with a caption label: one to three
 * words, a colon, then a capital letter ("Bad memories: The reason...",
 * "Critical: A guard..."). That is how picture captions begin on
 * tabloid pages; a reporter's sentence that introduces speech has a quote
 * mark after the colon ("He said: 'We..."), which does not count. */
#define LABEL_MAX_WORDS 3
static int has_caption_label(const char *text, size_t start, size_t end)
{
    size_t spaces = 0;
    if (start >= end || text[start] < 'A' || text[start] > 'Z')
        return 0;
    for (size_t i = start; i + 2 < end; i++) {
        char c = text[i];
        if (c == ' ' && ++spaces >= LABEL_MAX_WORDS)
            return 0;
        if (c == ':')
            return text[i + 1] == ' ' && text[i + 2] >= 'A' &&
                   text[i + 2] <= 'Z';
        if (c == '.' || c == ',' || c == ';' || c == '"' || c == '\'')
            return 0;
    }
    return 0;
}

/* Fewer words than this and a sentence is a fragment: news sentences that
 * carry a fact have a subject, a verb and an object plus modifiers; the
 * 5-word floor catches "Photo: Reuters", "Read more", headings and
 * captions, which rarely reach it. */
#define FRAGMENT_MIN_WORDS 5

static unsigned sentence_flags(const term_pass *pass, const char *text,
                               precis_span s, size_t words)
{
    unsigned flags = 0;
    char mark = final_mark(text, s.start, s.end);
    if (mark == '?')
        flags |= PX_SENT_QUESTION;
    if ((mark != '.' && mark != '!' && mark != '?') ||
        words < FRAGMENT_MIN_WORDS)
        flags |= PX_SENT_FRAGMENT;
    if (words > 0 && pass->dangling)
        flags |= PX_SENT_DANGLING;
    size_t from = px_find_any4(text, s.start, s.end, MARK_BYTES, 0);
    if (from == s.end) /* no quote mark, no colon: no flag below holds */
        return flags;
    mark_facts f = scan_marks(text, s.start, from, s.end);
    if (f.glued_quote || (f.colon && has_caption_label(text, s.start, s.end)))
        flags |= PX_SENT_GLUED;
    /* A sentence that opens with a quote mark, or is mostly inside quote
     * marks, is someone's voice rather than the reporter's account of the
     * event; more than half of its bytes is "mostly". */
    size_t len = s.end - s.start;
    if (opening_quote_at(text, s.start, s.end) ||
        (len && f.quoted * 2 > len))
        flags |= PX_SENT_QUOTE;
    return flags;
}

/* When the block's first sentence starts with the dateline ("MOSCOW (AP)
 * –"), the sentence starts after it: the dateline is metadata, not part of
 * what a summary should quote. */
static precis_span trim_dateline(const precis_article *a, precis_span s,
                                 int have_dateline, precis_span dateline)
{
    if (!have_dateline || dateline.start != s.start || dateline.end <= s.start ||
        dateline.end >= s.end)
        return s;
    size_t start = dateline.end;
    const char *text = precis_doc_text(a->doc);
    while (start < s.end && is_space_byte(text[start]))
        start++;
    if (start < s.end)
        s.start = start;
    return s;
}

/* Words after which a capital "A" is a label, not a sentence start that
 * a caption ran into ("grade A students", "plan A"). */
static const char *const label_a_words[] = {
    "grade", "type", "plan", "vitamin", "hepatitis", "category", "class",
    "group", "section", "exhibit", "point", "from", "and", "or", "league",
    "division", "row", "block", "gate", "size", "level", "the", NULL};

/* Each is a capital and ends in 'y': caption_glue tests that first, so
 * that the list is walked only after such words. */
static const char *const day_names[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", NULL};

/* Capitalized words that continue a day name ("Sunday Times", "Friday
 * Night Lights") rather than start a new sentence. */
static const char *const day_followers[] = {
    "Times", "Night", "Telegraph", "Mirror", "Express", "Post", "Morning",
    "Afternoon", "Evening", "Kitchen", "Mail", "People", "Herald", "Sun",
    "Star", "Independent", "League", "Service", "School", "Club", "Market",
    "Session", "Edition", "Best", "Live", "Show", "Brunch", "Lunch", NULL};

static int in_list(const char *const *list, const char *w, size_t len)
{
    for (size_t i = 0; list[i]; i++) {
        if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
            return 1;
    }
    return 0;
}

static int is_lower_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '%';
}

static int is_upper_byte(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* Length of the word starting at text[i]: ASCII letters only. */
static size_t letters_at(const char *text, size_t i, size_t end)
{
    size_t j = i;
    while (j < end && ((text[j] >= 'a' && text[j] <= 'z') ||
                       is_upper_byte(text[j])))
        j++;
    return j - i;
}

/* Nonzero when text[next, end) opens like a sentence a caption ran into:
 * "The", "A" or "An" before a lower-case word (after a bare word those
 * capitals start a new sentence; in prose they follow punctuation). The
 * previous word is text[prev, next - 1). */
static int opens_after_glue(const char *text, size_t prev, size_t next,
                            size_t end)
{
    size_t n = letters_at(text, next, end);
    size_t k = next + n + 1;
    if (k >= end || text[next + n] != ' ' || text[k] < 'a' || text[k] > 'z')
        return 0;
    if (n == 3 && memcmp(text + next, "The", 3) == 0)
        return 1;
    if (n == 2 && memcmp(text + next, "An", 2) == 0)
        return 1;
    return n == 1 && text[next] == 'A' &&
           !in_list(label_a_words, text + prev, next - 1 - prev);
}

/* Where a photo caption without a final period runs into the next
 * sentence inside text[start, end), seen at the space before the next
 * sentence: after a lower-case word, a sentence opener (opens_after_glue)
 * as in "...higher than a colleague The cost of divorce can wreck..."; or,
 * after a day name, a capitalized word that does not continue it ("...manager
 * on Friday Kilmarnock will confirm..."). In news-human dev the first
 * rule found 37 places, all caption ends. (A caption label after a bare
 * word, "...season Short and sweet: Julia...", was tried too: it also
 * split titles such as "Fall of an Empire: The Story" and gained
 * nothing.) Both sides must hold at least
 * GLUE_MIN_WORDS words. Returns the space's offset, or end when there is
 * none. Linear in the span (each rule looks at a bounded window). */
#define GLUE_MIN_WORDS 3

/* The first i in [from, limit) with a space at text[i] and a capital A-Z
 * at text[i + 1], or limit; text[limit] must be readable. */
static size_t space_before_capital(const char *text, size_t from,
                                   size_t limit)
{
    return px_find_pair(text, from, limit, ' ', 'A', 'Z');
}

static size_t caption_glue(const char *text, size_t start, size_t end)
{
    /* A rule fires at a space before a capital with GLUE_MIN_WORDS - 1
     * spaces before it and 4 bytes after it: found by a scan that skips
     * eight or sixteen bytes at a time, as such spaces are a small share
     * of them. */
    if (end - start <= 4)
        return end;
    size_t limit = end - 4, from = start;
    for (int seen = 0; seen < GLUE_MIN_WORDS - 1; seen++) {
        size_t sp = px_find_any4(text, from, limit, ' ', ' ', ' ', ' ', 0);
        if (sp == limit)
            return end;
        from = sp + 1;
    }
    for (size_t i; (i = space_before_capital(text, from, limit)) < limit;
         from = i + 1) {
        /* Both rules need a lower-case byte before the space, and the
         * first one "The", "A" or "An" after it: most capitals fail
         * these tests and cost no walk back over the word. */
        char last = text[i - 1];
        if (!is_lower_byte(last) ||
            (last != 'y' && text[i + 1] != 'T' && text[i + 1] != 'A'))
            continue;
        /* The word before it starts after the space before that, at
         * the latest the one at `floor`. */
        size_t prev = i;
        while (text[prev - 1] != ' ')
            prev--;
        int glue = 0;
        if (is_lower_byte(text[prev]))
            glue = opens_after_glue(text, prev, i + 1, end);
        else if (last == 'y' && is_upper_byte(text[prev]) &&
                 in_list(day_names, text + prev, i - prev))
            glue = !in_list(day_followers, text + i + 1,
                            letters_at(text, i + 1, end));
        if (!glue)
            continue;
        size_t after = 0;
        for (size_t j = i + 1; j < end && after < GLUE_MIN_WORDS; j++)
            after += text[j] == ' ';
        if (after >= GLUE_MIN_WORDS)
            return i;
    }
    return end;
}

static int push_sentence(precis_article *a, size_t *cap, const px_sentence *s)
{
    if (a->sentence_count == *cap) { /* full: only then a call to px_grow */
        void *items = a->sentences;
        if (px_grow(&items, cap, a->sentence_count + 1, sizeof *a->sentences))
            return PRECIS_ENOMEM;
        a->sentences = items;
    }
    a->sentences[a->sentence_count++] = *s;
    return PRECIS_OK;
}

static int add_block(precis_article *a, term_pass *pass, px_spanvec *spans,
                     size_t *sent_cap, size_t block, int have_dateline,
                     precis_span dateline)
{
    const char *text = precis_doc_text(a->doc);
    precis_span b = precis_layout_block_span(a->layout, block);
    spans->count = 0;
    int rc = px_sentences_split(text, b.start, b.end, spans);
    if (rc)
        return rc;
    for (size_t i = 0; i < spans->count; i++) {
        precis_span whole = spans->items[i];
        if (i == 0)
            whole = trim_dateline(a, whole, have_dateline, dateline);
        /* A caption run into a sentence becomes a sentence of its own
         * (a fragment, with no final mark), so the sentence after it can
         * be chosen without it. */
        size_t from = whole.start;
        while (from < whole.end) {
            size_t cut = caption_glue(text, from, whole.end);
            precis_span span = {from, cut};
            from = cut < whole.end ? cut + 1 : cut;
            px_sentence s;
            s.span = span;
            s.block = block;
            s.first_term = a->term_count;
            rc = tokenize_into(pass, text, span.start, span.end);
            if (rc)
                return rc;
            /* A span with no word at all ("***", "--") is not a sentence. */
            if (pass->words == 0)
                continue;
            s.term_count = a->term_count - s.first_term;
            s.words = pass->words;
            s.flags = sentence_flags(pass, text, span, pass->words);
            rc = push_sentence(a, sent_cap, &s);
            if (rc)
                return rc;
        }
    }
    return PRECIS_OK;
}

/* The title's distinct term ids. Title terms are interned in the same
 * vocabulary as the body, so a title word the body never uses still has
 * an id (and simply matches nothing). */
static int add_title(precis_article *a, term_pass *pass)
{
    precis_span title;
    if (!precis_layout_field(a->layout, PRECIS_FIELD_TITLE, &title))
        return PRECIS_OK;
    size_t before = a->term_count;
    int rc = tokenize_into(pass, precis_doc_text(a->doc), title.start,
                           title.end);
    if (rc)
        return rc;
    size_t n = a->term_count - before;
    if (n == 0)
        return PRECIS_OK;
    a->title_terms = px_malloc(n * sizeof *a->title_terms);
    if (!a->title_terms)
        return PRECIS_ENOMEM;
    /* Titles are a dozen words: a quadratic dedupe over them is cheaper
     * than a set, and bounded by the title, not the text. Titles longer
     * than that are rare and the layout caps them at one line. */
    for (size_t i = before; i < a->term_count; i++) {
        uint32_t id = a->terms[i];
        size_t j = 0;
        while (j < a->title_term_count && a->title_terms[j] != id)
            j++;
        if (j == a->title_term_count)
            a->title_terms[a->title_term_count++] = id;
    }
    a->term_count = before; /* the title's ids are not body terms */
    return PRECIS_OK;
}

/* Gives back the room the finished article does not use: its arrays
 * shrink to fit (the term array was sized for every token of the page)
 * and the vocabulary, read by id from now on, drops its hash table. An
 * article held for long (a brief holds every one of its set) then costs
 * about half as much: 3.4 times its text rather than 6.2 on the BBC dev
 * split, with its document. */
static int compact(precis_article *a)
{
    void *sentences = a->sentences, *terms = a->terms,
         *title = a->title_terms;
    if (px_shrink(&sentences, a->sentence_count, sizeof *a->sentences))
        return PRECIS_ENOMEM;
    a->sentences = sentences;
    if (px_shrink(&terms, a->term_count, sizeof *a->terms))
        return PRECIS_ENOMEM;
    a->terms = terms;
    if (px_shrink(&title, a->title_term_count, sizeof *a->title_terms))
        return PRECIS_ENOMEM;
    a->title_terms = title;
    void *stems = a->stems;
    if (px_shrink(&stems, px_strmap_size(a->vocab), sizeof *a->stems))
        return PRECIS_ENOMEM;
    a->stems = stems;
    if (px_layout_compact(a->layout))
        return PRECIS_ENOMEM;
    return px_strmap_freeze(a->vocab);
}

static int build(precis_article *a, precis_analyzer *analyzer,
                 px_tokvec *tokens)
{
    int rc = px_layout_new_analyzed(a->doc, analyzer, tokens, &a->layout);
    if (rc)
        return rc;
    rc = px_strmap_new(&a->vocab);
    if (rc)
        return rc;
    term_pass pass;
    memset(&pass, 0, sizeof pass);
    pass.article = a;
    pass.analyzer = analyzer;
    pass.tokens = tokens;
    pass.mark = px_analyzer_mark(analyzer);
    /* Room for a term from the start: a->terms is then never NULL, and
     * a->terms + first_term is defined for a text without one. A body
     * has at most as many terms as the page has tokens (the title's are
     * counted in the same array, then dropped), so room for that many
     * spares the array's doublings. */
    void *terms = NULL;
    rc = px_grow(&terms, &pass.terms_cap, tokens->count + 1, sizeof *a->terms);
    a->terms = terms;
    if (rc)
        return rc;

    precis_span dateline = {0, 0};
    int have_dateline =
        precis_layout_field(a->layout, PRECIS_FIELD_DATELINE, &dateline);
    px_spanvec spans = {NULL, 0, 0};
    size_t sent_cap = 0;
    size_t blocks = precis_layout_block_count(a->layout);
    for (size_t b = 0; b < blocks && !rc; b++) {
        if (precis_layout_block_is_body(a->layout, b))
            rc = add_block(a, &pass, &spans, &sent_cap, b, have_dateline,
                           dateline);
    }
    px_spanvec_clear(&spans);
    if (!rc)
        rc = add_title(a, &pass);
    if (!rc)
        rc = make_vocab(&pass);
    if (!rc)
        rc = compact(a);
    return rc;
}

/* Tokens of a page of 2 MB or so (a token every six bytes), 16 MB of
 * record: a larger record is freed after its page, so that an analyzer
 * that read one huge page does not hold its memory for the rest. */
#define TOKENS_KEPT ((size_t)1 << 20)

int precis_article_new(precis_analyzer *analyzer, const precis_doc *doc,
                       precis_article **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!analyzer || !doc)
        return PRECIS_EINVAL;
    precis_article *a = px_calloc(1, sizeof *a);
    if (!a)
        return PRECIS_ENOMEM;
    a->doc = doc;
    /* The page's token record is the analyzer's buffer, reused from page
     * to page; one grown for a very large page is not kept. */
    px_tokvec *tokens = &analyzer->page.tokens;
    tokens->count = 0;
    int rc = build(a, analyzer, tokens);
    tokens->count = 0;
    if (tokens->cap > TOKENS_KEPT) {
        px_free(tokens->items);
        tokens->items = NULL;
        tokens->cap = 0;
    }
    if (rc) {
        precis_article_free(a);
        return rc;
    }
    *out = a;
    return PRECIS_OK;
}

void precis_article_free(precis_article *article)
{
    if (!article)
        return;
    precis_layout_free(article->layout);
    px_free(article->sentences);
    px_free(article->terms);
    px_strmap_free(article->vocab);
    px_free(article->stems);
    px_free(article->title_terms);
    px_free(article);
}

/* The bytes of an array of n items as px_shrink leaves it. */
static size_t array_bytes(const void *items, size_t n, size_t size)
{
    return items ? (n ? n : 1) * size : 0;
}

size_t precis_article_memory(const precis_article *article)
{
    if (!article)
        return 0;
    const precis_article *a = article;
    return sizeof *a + px_layout_memory(a->layout) +
           array_bytes(a->sentences, a->sentence_count,
                       sizeof *a->sentences) +
           array_bytes(a->terms, a->term_count, sizeof *a->terms) +
           array_bytes(a->title_terms, a->title_term_count,
                       sizeof *a->title_terms) +
           array_bytes(a->stems, px_strmap_size(a->vocab),
                       sizeof *a->stems) +
           px_strmap_memory(a->vocab);
}

const precis_layout *precis_article_layout(const precis_article *article)
{
    return article ? article->layout : NULL;
}

const precis_doc *precis_article_doc(const precis_article *article)
{
    return article ? article->doc : NULL;
}

size_t precis_article_sentence_count(const precis_article *article)
{
    return article ? article->sentence_count : 0;
}

precis_span precis_article_sentence(const precis_article *article, size_t i)
{
    precis_span none = {0, 0};
    if (!article || i >= article->sentence_count)
        return none;
    return article->sentences[i].span;
}

size_t precis_article_sentence_words(const precis_article *article, size_t i)
{
    if (!article || i >= article->sentence_count)
        return 0;
    return article->sentences[i].words;
}
