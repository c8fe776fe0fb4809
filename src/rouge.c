/* rouge.c: ROUGE-1, ROUGE-2 and ROUGE-L of one document at a time, with
 * the tokenization, stemming, word limit, multi-reference sums and
 * rounding of ROUGE-1.5.5 (what is computed is described in precis.h).
 *
 * Each document is scored on its own: the tokens of its references and
 * system summary are interned into one vocabulary, so that counts are
 * arrays indexed by token id, and bigrams are interned the same way. */
#include "rouge.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "porter.h"
#include "precis.h"
#include "strmap.h"

/* Tokens no longer than this are never stemmed (ROUGE-1.5.5's rule). */
#define STEM_MIN_LEN 4

struct precis_rouge {
    unsigned flags;
    size_t word_limit;
    double alpha;
    px_strmap *exceptions;  /* irregular forms; the id indexes exc_value */
    precis_span *exc_value; /* base form of each, in exc_arena */
    size_t exc_value_cap;
    char *exc_arena;
    size_t exc_arena_len, exc_arena_cap;
    px_strmap *stopwords;
    double sums[3][3]; /* [measure][recall, precision, f] */
    size_t documents;
};

/* One summary as token ids, with the token index where each sentence
 * starts and the ids of its bigrams (which cross sentence ends). */
typedef struct summary {
    uint32_t *tokens;
    size_t ntokens, tokens_cap;
    size_t *starts;
    size_t nsentences, starts_cap;
    uint32_t *bigrams; /* ntokens - 1 of them */
} summary;

/* What scoring one document needs; freed as a whole. */
typedef struct work {
    const precis_rouge *rouge;
    px_strmap *vocab;
    px_strmap *pairs;
    char *word; /* the token being built */
    size_t word_cap;
    summary *summaries; /* the references, then the system summary */
    size_t nsummaries;
    uint32_t *sys_count, *seen, *budget, *ref_count;
    unsigned char *up; /* LCS traceback: one bit per cell, 1 = "up" */
    size_t up_cap;
    uint32_t *rows; /* two LCS rows */
    size_t rows_cap;
    unsigned char *marks;
    size_t marks_cap;
} work;

/* ---- the scorer and its data --------------------------------------------- */

int precis_rouge_new(unsigned flags, size_t word_limit, double alpha,
                     precis_rouge **out)
{
    precis_rouge *rouge;
    int err;

    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!(alpha >= 0.0 && alpha <= 1.0))
        return PRECIS_EINVAL;
    rouge = px_calloc(1, sizeof *rouge);
    if (!rouge)
        return PRECIS_ENOMEM;
    rouge->flags = flags;
    rouge->word_limit = word_limit;
    rouge->alpha = alpha;
    err = px_strmap_new(&rouge->exceptions);
    if (err == PRECIS_OK)
        err = px_strmap_new(&rouge->stopwords);
    if (err != PRECIS_OK) {
        precis_rouge_free(rouge);
        return err;
    }
    *out = rouge;
    return PRECIS_OK;
}

void precis_rouge_free(precis_rouge *rouge)
{
    if (!rouge)
        return;
    px_strmap_free(rouge->exceptions);
    px_strmap_free(rouge->stopwords);
    px_free(rouge->exc_value);
    px_free(rouge->exc_arena);
    px_free(rouge);
}

/* White space as Python's str.split() sees it in Latin-1 text, which is
 * how the reference scorer reads the exception lists. */
static int is_field_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f) ||
           c == 0x85 || c == 0xa0;
}

/* The next field of line[*pos..len), or 0 when there is none. */
static int next_field(const char *line, size_t len, size_t *pos,
                      precis_span *field)
{
    size_t i = *pos;

    while (i < len && is_field_space((unsigned char)line[i]))
        i++;
    if (i == len)
        return 0;
    field->start = i;
    while (i < len && !is_field_space((unsigned char)line[i]))
        i++;
    field->end = i;
    *pos = i;
    return 1;
}

static int add_exception(precis_rouge *rouge, const char *form, size_t form_len,
                         const char *base, size_t base_len)
{
    uint32_t id;
    int err;

    if (px_grow((void **)&rouge->exc_arena, &rouge->exc_arena_cap,
                rouge->exc_arena_len + base_len, 1) != 0)
        return PRECIS_ENOMEM;
    if (px_grow((void **)&rouge->exc_value, &rouge->exc_value_cap,
                px_strmap_size(rouge->exceptions) + 1,
                sizeof *rouge->exc_value) != 0)
        return PRECIS_ENOMEM;
    err = px_strmap_intern(rouge->exceptions, form, form_len, &id, NULL);
    if (err != PRECIS_OK)
        return err;
    memcpy(rouge->exc_arena + rouge->exc_arena_len, base, base_len);
    rouge->exc_value[id].start = rouge->exc_arena_len;
    rouge->exc_value[id].end = rouge->exc_arena_len + base_len;
    rouge->exc_arena_len += base_len;
    return PRECIS_OK;
}

/* Calls `add` on each line of text[0..len) (without its '\n'), stopping
 * at the first error. */
static int each_line(precis_rouge *rouge, const char *text, size_t len,
                     int (*add)(precis_rouge *, const char *, size_t))
{
    size_t pos = 0;

    if (!rouge || (!text && len))
        return PRECIS_EINVAL;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        int err = add(rouge, text + pos, end - pos);

        if (err != PRECIS_OK)
            return err;
        pos = end + 1;
    }
    return PRECIS_OK;
}

/* An exception line: the form and its base form; others are skipped. */
static int add_exception_line(precis_rouge *rouge, const char *line,
                              size_t len)
{
    precis_span form, base;
    size_t at = 0;

    if (!next_field(line, len, &at, &form) ||
        !next_field(line, len, &at, &base))
        return PRECIS_OK;
    return add_exception(rouge, line + form.start, form.end - form.start,
                         line + base.start, base.end - base.start);
}

static int add_stopword_line(precis_rouge *rouge, const char *line,
                             size_t len)
{
    uint32_t id;

    if (len == 0)
        return PRECIS_OK;
    return px_strmap_intern(rouge->stopwords, line, len, &id, NULL);
}

int precis_rouge_add_exceptions(precis_rouge *rouge, const char *text,
                                size_t len)
{
    return each_line(rouge, text, len, add_exception_line);
}

int precis_rouge_add_stopwords(precis_rouge *rouge, const char *text,
                               size_t len)
{
    return each_line(rouge, text, len, add_stopword_line);
}

size_t precis_rouge_documents(const precis_rouge *rouge)
{
    return rouge ? rouge->documents : 0;
}

void precis_rouge_average(const precis_rouge *rouge,
                          precis_rouge_scores *scores)
{
    int m;

    if (!scores)
        return;
    memset(scores, 0, sizeof *scores);
    if (!rouge || rouge->documents == 0)
        return;
    for (m = 0; m < 3; m++) {
        scores->recall[m] = rouge->sums[m][0] / (double)rouge->documents;
        scores->precision[m] = rouge->sums[m][1] / (double)rouge->documents;
        scores->f[m] = rouge->sums[m][2] / (double)rouge->documents;
    }
}

/* ---- text to tokens ------------------------------------------------------ */

/* The white space Perl's split and ROUGE's -l count words between. */
static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

size_t px_rouge_line_words(const char *line, size_t len)
{
    size_t runs = 0, i;

    for (i = 0; i < len; i++)
        if (!is_blank(line[i]) && (i == 0 || is_blank(line[i - 1])))
            runs++;
    if (runs == 0)
        return 0;
    return runs + (is_blank(line[0]) ? 1 : 0);
}

/* Where line[0..len) ends when only its first `keep` (>= 1) words, as
 * counted by px_rouge_line_words, are kept. */
static size_t cut_after_words(const char *line, size_t len, size_t keep)
{
    size_t i;

    if (is_blank(line[0])) {
        if (keep == 1)
            return 0; /* only the leading empty word */
        keep--;
    }
    for (i = 0; i < len; i++)
        if (!is_blank(line[i]) && (i + 1 == len || is_blank(line[i + 1])) &&
            --keep == 0)
            return i + 1;
    return len;
}

static int is_token_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* Stopwords out, stems in, then the token's id is appended. */
static int add_token(work *w, summary *s, size_t len)
{
    const precis_rouge *rouge = w->rouge;
    const char *form = w->word;
    uint32_t id;
    int err;

    if ((rouge->flags & PRECIS_ROUGE_STOPWORDS) &&
        px_strmap_find(rouge->stopwords, w->word, len, &id))
        return PRECIS_OK;
    if ((rouge->flags & PRECIS_ROUGE_STEM) && len >= STEM_MIN_LEN) {
        if (px_strmap_find(rouge->exceptions, w->word, len, &id)) {
            precis_span base = rouge->exc_value[id];

            form = rouge->exc_arena + base.start;
            len = base.end - base.start;
        } else {
            len = px_porter_stem(w->word, len);
        }
    }
    err = px_strmap_intern(w->vocab, form, len, &id, NULL);
    if (err != PRECIS_OK)
        return err;
    if (px_grow((void **)&s->tokens, &s->tokens_cap, s->ntokens + 1,
                sizeof *s->tokens) != 0)
        return PRECIS_ENOMEM;
    s->tokens[s->ntokens++] = id;
    return PRECIS_OK;
}

/* Adds the sentence line[0..len) to s: its tokens are the runs of
 * [A-Za-z0-9], lower-cased. */
static int add_sentence(work *w, summary *s, const char *line, size_t len)
{
    size_t i = 0;

    if (px_grow((void **)&s->starts, &s->starts_cap, s->nsentences + 1,
                sizeof *s->starts) != 0)
        return PRECIS_ENOMEM;
    s->starts[s->nsentences++] = s->ntokens;
    while (i < len) {
        size_t start, n;
        int err;

        while (i < len && !is_token_byte(line[i]))
            i++;
        if (i == len)
            break;
        start = i;
        while (i < len && is_token_byte(line[i]))
            i++;
        n = i - start;
        if (px_grow((void **)&w->word, &w->word_cap, n, 1) != 0)
            return PRECIS_ENOMEM;
        for (size_t k = 0; k < n; k++) {
            char c = line[start + k];
            w->word[k] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        }
        err = add_token(w, s, n);
        if (err != PRECIS_OK)
            return err;
    }
    return PRECIS_OK;
}

/* Reads text[0..len) into s: one sentence a non-empty line, up to the word
 * limit. */
static int read_summary(work *w, summary *s, const char *text, size_t len)
{
    size_t pos = 0, used = 0, limit = w->rouge->word_limit;

    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos;
        size_t line_len = end - pos;
        int last = 0, err;

        if (line_len > 0) {
            if (limit) {
                size_t words = px_rouge_line_words(line, line_len);

                if (used + words < limit) {
                    used += words;
                } else {
                    line_len = cut_after_words(line, line_len, limit - used);
                    last = 1;
                }
            }
            err = add_sentence(w, s, line, line_len);
            if (err != PRECIS_OK || last)
                return err;
        }
        pos = end + 1;
    }
    return PRECIS_OK;
}

/* Interns the bigrams of s (as the 8 bytes of their two token ids). */
static int read_bigrams(work *w, summary *s)
{
    size_t i;

    if (s->ntokens < 2)
        return PRECIS_OK;
    s->bigrams = px_malloc((s->ntokens - 1) * sizeof *s->bigrams);
    if (!s->bigrams)
        return PRECIS_ENOMEM;
    for (i = 0; i + 1 < s->ntokens; i++) {
        char key[2 * sizeof(uint32_t)];
        int err;

        memcpy(key, &s->tokens[i], sizeof(uint32_t));
        memcpy(key + sizeof(uint32_t), &s->tokens[i + 1], sizeof(uint32_t));
        err = px_strmap_intern(w->pairs, key, sizeof key, &s->bigrams[i],
                               NULL);
        if (err != PRECIS_OK)
            return err;
    }
    return PRECIS_OK;
}

/* ---- scores -------------------------------------------------------------- */

double px_rouge_round5(double x)
{
    char buf[64];

    snprintf(buf, sizeof buf, "%.5f", x);
    return strtod(buf, NULL);
}

static void set_prf(precis_rouge_scores *sc, int m, size_t hits,
                    size_t ref_total, size_t sys_total, double alpha)
{
    double r = ref_total ? px_rouge_round5((double)hits / (double)ref_total)
                         : 0.0;
    double p = sys_total ? px_rouge_round5((double)hits / (double)sys_total)
                         : 0.0;
    double den = (1 - alpha) * p + alpha * r;

    sc->recall[m] = r;
    sc->precision[m] = p;
    sc->f[m] = den > 0 ? px_rouge_round5(p * r / den) : 0.0;
}

/* The clipped overlap of ref's and sys's ids (sum over ids of the smaller
 * count); sys_count holds sys's counts, seen is all zero and stays so. */
static size_t overlap(const uint32_t *ref, size_t n, const uint32_t *sys_count,
                      uint32_t *seen)
{
    size_t hits = 0, i;

    for (i = 0; i < n; i++)
        if (++seen[ref[i]] <= sys_count[ref[i]])
            hits++;
    for (i = 0; i < n; i++)
        seen[ref[i]] = 0;
    return hits;
}

/* ROUGE-N over ids (tokens for N = 1, bigrams for N = 2). */
static void score_ngrams(work *w, int m, size_t order, precis_rouge_scores *sc)
{
    const summary *sys = &w->summaries[w->nsummaries - 1];
    size_t nrefs = w->nsummaries - 1, hits = 0, ref_total = 0, sys_total = 0;
    size_t sys_n = sys->ntokens >= order ? sys->ntokens - order + 1 : 0;
    const uint32_t *sys_ids = order == 1 ? sys->tokens : sys->bigrams;
    size_t i;

    for (i = 0; i < sys_n; i++)
        w->sys_count[sys_ids[i]]++;
    for (i = 0; i < nrefs; i++) {
        const summary *ref = &w->summaries[i];
        size_t n = ref->ntokens >= order ? ref->ntokens - order + 1 : 0;

        hits += overlap(order == 1 ? ref->tokens : ref->bigrams, n,
                        w->sys_count, w->seen);
        ref_total += n;
        sys_total += sys_n;
    }
    for (i = 0; i < sys_n; i++)
        w->sys_count[sys_ids[i]] = 0;
    set_prf(sc, m, hits, ref_total, sys_total, w->rouge->alpha);
}

/* Marks the positions of ref[0..m) that lie on one LCS with cand[0..n):
 * the one the usual traceback finds, taking the diagonal on a match, else
 * "up" when that is no worse than "left" (ROUGE-1.5.5's choice, which
 * decides which tokens count when there are several LCSs). */
static int lcs_marks(work *w, const uint32_t *ref, size_t m,
                     const uint32_t *cand, size_t n, unsigned char *marks)
{
    uint32_t *prev, *cur;
    size_t i, j, cells;

    if (m == 0 || n == 0)
        return PRECIS_OK;
    if (m > SIZE_MAX / n || m * n > SIZE_MAX - 7)
        return PRECIS_ENOMEM;
    cells = m * n;
    if (px_grow((void **)&w->up, &w->up_cap, (cells + 7) / 8, 1) != 0 ||
        px_grow((void **)&w->rows, &w->rows_cap, 2 * (n + 1),
                sizeof *w->rows) != 0)
        return PRECIS_ENOMEM;
    prev = w->rows;
    cur = w->rows + n + 1;
    memset(prev, 0, (n + 1) * sizeof *prev);
    for (i = 0; i < m; i++) {
        uint32_t *tmp;

        cur[0] = 0;
        for (j = 0; j < n; j++) {
            size_t cell = i * n + j;
            unsigned char bit = (unsigned char)(1u << (cell % 8));

            if (ref[i] == cand[j]) {
                cur[j + 1] = prev[j] + 1;
                continue;
            }
            if (prev[j + 1] >= cur[j]) {
                cur[j + 1] = prev[j + 1];
                w->up[cell / 8] |= bit;
            } else {
                cur[j + 1] = cur[j];
                w->up[cell / 8] &= (unsigned char)~bit;
            }
        }
        tmp = prev;
        prev = cur;
        cur = tmp;
    }
    i = m;
    j = n;
    while (i && j) {
        size_t cell = (i - 1) * n + (j - 1);

        if (ref[i - 1] == cand[j - 1]) {
            i--;
            j--;
            marks[i] = 1;
        } else if (w->up[cell / 8] & (1u << (cell % 8))) {
            i--;
        } else {
            j--;
        }
    }
    return PRECIS_OK;
}

static size_t sentence_end(const summary *s, size_t k)
{
    return k + 1 < s->nsentences ? s->starts[k + 1] : s->ntokens;
}

/* Union-LCS hits of one reference: marked tokens count while both the
 * reference's and the system's unigram budgets last. */
static int lcs_hits(work *w, const summary *ref, const summary *sys,
                    size_t *hits)
{
    size_t a, b, i;

    for (i = 0; i < ref->ntokens; i++)
        w->ref_count[ref->tokens[i]]++;
    for (i = 0; i < sys->ntokens; i++)
        w->budget[sys->tokens[i]] = w->sys_count[sys->tokens[i]];
    for (a = 0; a < ref->nsentences; a++) {
        const uint32_t *rs = ref->tokens + ref->starts[a];
        size_t rn = sentence_end(ref, a) - ref->starts[a];

        if (rn == 0)
            continue;
        memset(w->marks, 0, rn);
        for (b = 0; b < sys->nsentences; b++) {
            int err = lcs_marks(w, rs, rn, sys->tokens + sys->starts[b],
                                sentence_end(sys, b) - sys->starts[b],
                                w->marks);
            if (err != PRECIS_OK)
                return err;
        }
        for (i = 0; i < rn; i++) {
            uint32_t t = rs[i];

            if (w->marks[i] && w->ref_count[t] > 0 && w->budget[t] > 0) {
                (*hits)++;
                w->ref_count[t]--;
                w->budget[t]--;
            }
        }
    }
    for (i = 0; i < ref->ntokens; i++)
        w->ref_count[ref->tokens[i]] = 0;
    return PRECIS_OK;
}

static int score_lcs(work *w, precis_rouge_scores *sc)
{
    const summary *sys = &w->summaries[w->nsummaries - 1];
    size_t nrefs = w->nsummaries - 1, hits = 0, ref_total = 0, sys_total = 0;
    size_t i, longest = 0;

    for (i = 0; i < nrefs; i++) {
        const summary *ref = &w->summaries[i];

        for (size_t k = 0; k < ref->nsentences; k++) {
            size_t n = sentence_end(ref, k) - ref->starts[k];
            if (n > longest)
                longest = n;
        }
    }
    if (px_grow((void **)&w->marks, &w->marks_cap, longest + 1, 1) != 0)
        return PRECIS_ENOMEM;
    for (i = 0; i < sys->ntokens; i++)
        w->sys_count[sys->tokens[i]]++;
    for (i = 0; i < nrefs; i++) {
        int err = lcs_hits(w, &w->summaries[i], sys, &hits);

        if (err != PRECIS_OK)
            return err;
        ref_total += w->summaries[i].ntokens;
        sys_total += sys->ntokens;
    }
    set_prf(sc, PRECIS_ROUGE_L, hits, ref_total, sys_total, w->rouge->alpha);
    return PRECIS_OK;
}

/* ---- one document -------------------------------------------------------- */

static void work_free(work *w)
{
    size_t i;

    for (i = 0; i < w->nsummaries; i++) {
        px_free(w->summaries[i].tokens);
        px_free(w->summaries[i].starts);
        px_free(w->summaries[i].bigrams);
    }
    px_free(w->summaries);
    px_strmap_free(w->vocab);
    px_strmap_free(w->pairs);
    px_free(w->word);
    px_free(w->sys_count);
    px_free(w->seen);
    px_free(w->budget);
    px_free(w->ref_count);
    px_free(w->up);
    px_free(w->rows);
    px_free(w->marks);
}

/* Reads the summaries and makes the count arrays, sized for the larger of
 * the two vocabularies (tokens and bigrams). */
static int work_read(work *w, const char *const *refs, const size_t *ref_lens,
                     size_t nrefs, const char *sys, size_t sys_len)
{
    size_t i, ids;
    int err;

    w->summaries = px_calloc(nrefs + 1, sizeof *w->summaries);
    if (!w->summaries)
        return PRECIS_ENOMEM;
    w->nsummaries = nrefs + 1;
    err = px_strmap_new(&w->vocab);
    if (err == PRECIS_OK)
        err = px_strmap_new(&w->pairs);
    for (i = 0; err == PRECIS_OK && i <= nrefs; i++) {
        if (i < nrefs)
            err = read_summary(w, &w->summaries[i], refs[i], ref_lens[i]);
        else
            err = read_summary(w, &w->summaries[i], sys, sys_len);
        if (err == PRECIS_OK)
            err = read_bigrams(w, &w->summaries[i]);
    }
    if (err != PRECIS_OK)
        return err;
    ids = px_strmap_size(w->vocab);
    if (px_strmap_size(w->pairs) > ids)
        ids = px_strmap_size(w->pairs);
    ids++; /* never a zero-byte allocation */
    w->sys_count = px_calloc(ids, sizeof *w->sys_count);
    w->seen = px_calloc(ids, sizeof *w->seen);
    w->budget = px_calloc(ids, sizeof *w->budget);
    w->ref_count = px_calloc(ids, sizeof *w->ref_count);
    if (!w->sys_count || !w->seen || !w->budget || !w->ref_count)
        return PRECIS_ENOMEM;
    return PRECIS_OK;
}

int precis_rouge_add(precis_rouge *rouge, const char *const *refs,
                     const size_t *ref_lens, size_t nrefs, const char *sys,
                     size_t sys_len, precis_rouge_scores *scores)
{
    precis_rouge_scores sc;
    work w;
    size_t i;
    int err, m;

    if (!rouge || !refs || !ref_lens || nrefs == 0 || (!sys && sys_len))
        return PRECIS_EINVAL;
    for (i = 0; i < nrefs; i++)
        if (!refs[i] && ref_lens[i])
            return PRECIS_EINVAL;
    memset(&w, 0, sizeof w);
    memset(&sc, 0, sizeof sc);
    w.rouge = rouge;
    err = work_read(&w, refs, ref_lens, nrefs, sys, sys_len);
    if (err == PRECIS_OK) {
        score_ngrams(&w, PRECIS_ROUGE_1, 1, &sc);
        score_ngrams(&w, PRECIS_ROUGE_2, 2, &sc);
        err = score_lcs(&w, &sc);
    }
    work_free(&w);
    if (err != PRECIS_OK)
        return err;
    for (m = 0; m < 3; m++) {
        rouge->sums[m][0] += sc.recall[m];
        rouge->sums[m][1] += sc.precision[m];
        rouge->sums[m][2] += sc.f[m];
    }
    rouge->documents++;
    if (scores)
        *scores = sc;
    return PRECIS_OK;
}
