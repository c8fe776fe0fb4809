/* brief.c: one brief of a set of articles.
 *
 * Sentences: every body sentence of every article is scored with the
 * set's own document frequencies (each article one document), so a word
 * all outlets use weighs little and the story's own names weigh much.
 * The sentences are then taken best first across the whole set, skipping
 * any whose stem counts are too close (PX_BRIEF_DUPLICATE) to one already
 * taken: that is how the same fact told by two outlets appears once. Stems
 * are compared through one set-wide table, since each article numbers its
 * own stems. A brief of one article is that article's summary.
 *
 * Quotes: each article's quotes are found with one shared speaker set, so
 * "Putin" in one outlet and "Vladimir Putin" in another are one speaker.
 * Quotes are merged by (canonical speaker, words of the quote, case-folded
 * and joined by one space), so one quote with other marks or spacing in
 * another outlet is one entry with both sources. Speakers with the most
 * distinct quotes come first; unattributed quotes come last.
 *
 * Everything is linear in the size of the set, except sorting the
 * sentences by score and the speakers by count. */
#include "brief.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "article.h"
#include "score.h"
#include "select.h"
#include "strmap.h"

void precis_brief_options_init(precis_brief_options *options)
{
    if (options)
        options->sentences = 0;
}

/* ---- dates -------------------------------------------------------------- */

/* ISO 8601 strings of one form compare as text; a date without a time
 * sorts before the same date with one. */
static void brief_dates(precis_brief *b, const precis_article *const *articles,
                        size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const char *d = precis_layout_date_iso(articles[i]->layout);
        if (!d)
            continue;
        if (!b->date_first || strcmp(d, b->date_first) < 0)
            b->date_first = d;
        if (!b->date_last || strcmp(d, b->date_last) > 0)
            b->date_last = d;
    }
}

/* ---- sentences ---------------------------------------------------------- */

/* A growable array of set-wide stem ids. */
typedef struct idvec {
    uint32_t *items;
    size_t count, cap;
} idvec;

static int idvec_push(idvec *v, uint32_t id)
{
    if (px_grow((void **)&v->items, &v->cap, v->count + 1, sizeof *v->items))
        return PRECIS_ENOMEM;
    v->items[v->count++] = id;
    return PRECIS_OK;
}

typedef struct sentence_pass {
    const precis_article *const *articles;
    size_t count;
    px_strmap *stems;  /* set-wide stem table */
    uint32_t **gid;    /* gid[a][article id] = set-wide id */
    idvec chosen;      /* the taken sentences' sorted stem ids */
    size_t *chosen_end; /* end of each taken sentence's ids in chosen */
    idvec cand;        /* the candidate's sorted stem ids */
} sentence_pass;

static int by_id(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

static int by_score(const void *x, const void *y)
{
    const px_brief_sentence *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->doc != b->doc)
        return a->doc < b->doc ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static int map_stems(sentence_pass *p)
{
    int rc = px_strmap_new(&p->stems);
    if (rc)
        return rc;
    p->gid = px_calloc(p->count, sizeof *p->gid);
    if (!p->gid)
        return PRECIS_ENOMEM;
    for (size_t a = 0; a < p->count; a++) {
        const px_strmap *vocab = p->articles[a]->vocab;
        size_t n = px_strmap_size(vocab);
        p->gid[a] = px_malloc((n ? n : 1) * sizeof **p->gid);
        if (!p->gid[a])
            return PRECIS_ENOMEM;
        for (size_t t = 0; t < n; t++) {
            size_t len;
            const char *stem = px_strmap_key(vocab, (uint32_t)t, &len);
            if (px_strmap_intern(p->stems, stem, len, &p->gid[a][t], NULL))
                return PRECIS_ENOMEM;
        }
    }
    return PRECIS_OK;
}

/* Loads sentence s's set-wide stem ids, sorted, into p->cand. */
static int load_candidate(sentence_pass *p, const px_brief_sentence *s)
{
    const precis_article *a = p->articles[s->doc];
    const px_sentence *ps = &a->sentences[s->index];
    p->cand.count = 0;
    for (size_t k = 0; k < ps->term_count; k++)
        if (idvec_push(&p->cand, p->gid[s->doc][a->terms[ps->first_term + k]]))
            return PRECIS_ENOMEM;
    if (p->cand.count > 1) /* items is NULL until the first push */
        qsort(p->cand.items, p->cand.count, sizeof *p->cand.items, by_id);
    return PRECIS_OK;
}

/* Cosine between the count vectors of two sorted id lists. */
static double cosine(const uint32_t *x, size_t nx, const uint32_t *y,
                     size_t ny)
{
    double dot = 0.0, xx = 0.0, yy = 0.0;
    size_t i = 0, j = 0;
    while (i < nx || j < ny) {
        uint32_t id = i < nx && (j >= ny || x[i] <= y[j]) ? x[i] : y[j];
        double cx = 0.0, cy = 0.0;
        for (; i < nx && x[i] == id; i++)
            cx++;
        for (; j < ny && y[j] == id; j++)
            cy++;
        dot += cx * cy;
        xx += cx * cx;
        yy += cy * cy;
    }
    if (xx <= 0.0 || yy <= 0.0)
        return 0.0;
    return dot / sqrt(xx * yy);
}

static int duplicate(const sentence_pass *p, size_t taken)
{
    size_t start = 0, n = taken < PX_BRIEF_WINDOW ? taken : PX_BRIEF_WINDOW;
    for (size_t k = 0; k < n; k++) {
        size_t end = p->chosen_end[k];
        /* An empty one repeats nothing (and items may still be NULL). */
        if (end > start &&
            cosine(p->chosen.items + start, end - start, p->cand.items,
                   p->cand.count) > PX_BRIEF_DUPLICATE)
            return 1;
        start = end;
    }
    return 0;
}

/* Takes the best sentences of all candidates (sorted best first) that
 * repeat none taken before, moving them to the front of cand. */
static int take_across(sentence_pass *p, px_brief_sentence *cand,
                       size_t total, size_t budget, size_t *taken)
{
    *taken = 0;
    p->chosen_end = px_malloc((budget ? budget : 1) * sizeof *p->chosen_end);
    if (!p->chosen_end)
        return PRECIS_ENOMEM;
    for (size_t i = 0; i < total && *taken < budget; i++) {
        if (load_candidate(p, &cand[i]))
            return PRECIS_ENOMEM;
        if (duplicate(p, *taken))
            continue;
        for (size_t k = 0; k < p->cand.count; k++)
            if (idvec_push(&p->chosen, p->cand.items[k]))
                return PRECIS_ENOMEM;
        p->chosen_end[*taken] = p->chosen.count;
        cand[(*taken)++] = cand[i];
    }
    return PRECIS_OK;
}

static void sentence_pass_clear(sentence_pass *p)
{
    for (size_t a = 0; p->gid && a < p->count; a++)
        px_free(p->gid[a]);
    px_free(p->gid);
    px_strmap_free(p->stems);
    px_free(p->chosen.items);
    px_free(p->chosen_end);
    px_free(p->cand.items);
}

/* Scores every sentence of every article into one candidate array. */
static int score_all(const precis_article *const *articles, size_t count,
                     const precis_idf *model, px_brief_sentence **out,
                     size_t *total)
{
    size_t n = 0, most = 1;
    for (size_t a = 0; a < count; a++) {
        n += articles[a]->sentence_count;
        if (articles[a]->sentence_count > most)
            most = articles[a]->sentence_count;
    }
    px_brief_sentence *cand = px_calloc(n ? n : 1, sizeof *cand);
    double *scores = px_malloc(most * sizeof *scores);
    int rc = cand && scores ? PRECIS_OK : PRECIS_ENOMEM;
    size_t k = 0;
    for (size_t a = 0; rc == PRECIS_OK && a < count; a++) {
        const precis_article *art = articles[a];
        rc = px_score_sentences(art, model, scores);
        for (size_t i = 0; rc == PRECIS_OK && i < art->sentence_count; i++) {
            cand[k].doc = a;
            cand[k].index = i;
            cand[k].span = art->sentences[i].span;
            cand[k].score = scores[i];
            k++;
        }
    }
    px_free(scores);
    if (rc) {
        px_free(cand);
        return rc;
    }
    *out = cand;
    *total = n;
    return PRECIS_OK;
}

/* Hands the first n candidates to the brief when rc is PRECIS_OK, else
 * frees them; returns rc. */
static int keep_sentences(precis_brief *b, px_brief_sentence *cand, size_t n,
                          int rc)
{
    if (rc) {
        px_free(cand);
        return rc;
    }
    b->sentences = cand;
    b->sentence_count = n;
    return PRECIS_OK;
}

/* One article: exactly its summary of `budget` sentences, in document
 * order. */
static int brief_one(precis_brief *b, const precis_article *article,
                     const precis_idf *idf, size_t budget)
{
    px_brief_sentence *cand;
    size_t total, n = 0;
    int rc = score_all(&article, 1, idf, &cand, &total);
    if (rc)
        return rc;
    size_t *chosen = px_malloc((total ? total : 1) * sizeof *chosen);
    double *scores = px_malloc((total ? total : 1) * sizeof *scores);
    precis_summary_options o;
    precis_summary_options_init(&o);
    o.sentences = budget;
    rc = chosen && scores ? PRECIS_OK : PRECIS_ENOMEM;
    for (size_t i = 0; rc == PRECIS_OK && i < total; i++)
        scores[i] = cand[i].score;
    if (rc == PRECIS_OK)
        rc = px_select_sentences(article, scores, &o, chosen, &n);
    for (size_t i = 0; rc == PRECIS_OK && i < n; i++)
        cand[i] = cand[chosen[i]]; /* chosen is increasing: i <= chosen[i] */
    px_free(chosen);
    px_free(scores);
    return keep_sentences(b, cand, n, rc);
}

static int brief_sentences(precis_brief *b,
                           const precis_article *const *articles,
                           size_t count, const precis_idf *idf, size_t budget)
{
    if (count == 1)
        return brief_one(b, articles[0], idf, budget);
    precis_idf *own = NULL;
    const precis_idf *model = idf;
    int rc = PRECIS_OK;
    if (!model) {
        /* The set is its own model. The language name only labels a
         * model that is saved or merged; this one never is. */
        rc = precis_idf_new("english", &own);
        for (size_t a = 0; rc == PRECIS_OK && a < count; a++)
            rc = precis_idf_add(own, articles[a]);
        model = own;
    }
    px_brief_sentence *cand = NULL;
    size_t total = 0, taken = 0;
    if (rc == PRECIS_OK)
        rc = score_all(articles, count, model, &cand, &total);
    precis_idf_free(own);
    if (rc)
        return rc;
    qsort(cand, total, sizeof *cand, by_score);
    sentence_pass p;
    memset(&p, 0, sizeof p);
    p.articles = articles;
    p.count = count;
    rc = map_stems(&p);
    if (rc == PRECIS_OK)
        rc = take_across(&p, cand, total, budget, &taken);
    sentence_pass_clear(&p);
    return keep_sentences(b, cand, taken, rc);
}

/* ---- quotes ------------------------------------------------------------- */

/* One quote as found in one document. */
typedef struct found {
    size_t doc;
    precis_span span;
    uint32_t quote; /* merged quote id */
} found;

typedef struct quote_pass {
    precis_speakers *set;
    precis_quotes **quotes; /* one per article */
    size_t count;
    found *found;
    size_t found_count, found_cap;
    px_strmap *speakers; /* canonical name ("" for none) -> speaker id */
    px_strmap *keys;     /* speaker id + words -> quote id */
    uint32_t *quote_speaker; /* quote id -> speaker id */
    size_t quote_cap;
    char *key;           /* scratch: the key being built */
    size_t key_len, key_cap;
} quote_pass;

static int key_append(quote_pass *p, const char *s, size_t len)
{
    if (px_grow((void **)&p->key, &p->key_cap, p->key_len + len + 1, 1))
        return PRECIS_ENOMEM;
    memcpy(p->key + p->key_len, s, len);
    p->key_len += len;
    return PRECIS_OK;
}

static int key_word(void *ctx, int kind, const char *folded, size_t len,
                    size_t start, size_t end)
{
    quote_pass *p = ctx;
    (void)kind;
    (void)start;
    (void)end;
    if (key_append(p, folded, len) || key_append(p, " ", 1))
        return PRECIS_ENOMEM;
    return 0;
}

/* The speaker's final name: a later document may have renamed it. */
static const char *canonical(const quote_pass *p, const char *name)
{
    if (!name)
        return "";
    const char *c = precis_speakers_lookup(p->set, name, strlen(name));
    return c ? c : name;
}

static int add_found(quote_pass *p, const precis_doc *doc, size_t d,
                     const precis_quotes *q, size_t i)
{
    const char *name = canonical(p, precis_quotes_speaker(q, i));
    precis_span s = precis_quotes_span(q, i);
    uint32_t sid, qid;
    int added;
    if (px_strmap_intern(p->speakers, name, strlen(name), &sid, NULL))
        return PRECIS_ENOMEM;
    p->key_len = 0;
    if (key_append(p, (const char *)&sid, sizeof sid))
        return PRECIS_ENOMEM;
    int rc = precis_tokenize(precis_doc_text(doc) + s.start, s.end - s.start,
                             key_word, p);
    if (rc)
        return rc;
    if (px_strmap_intern(p->keys, p->key, p->key_len, &qid, &added))
        return PRECIS_ENOMEM;
    if (added) {
        if (px_grow((void **)&p->quote_speaker, &p->quote_cap,
                    (size_t)qid + 1, sizeof *p->quote_speaker))
            return PRECIS_ENOMEM;
        p->quote_speaker[qid] = sid;
    }
    if (px_grow((void **)&p->found, &p->found_cap, p->found_count + 1,
                sizeof *p->found))
        return PRECIS_ENOMEM;
    found *f = &p->found[p->found_count++];
    f->doc = d;
    f->span = s;
    f->quote = qid;
    return PRECIS_OK;
}

typedef struct speaker_rank {
    uint32_t id;
    const char *name; /* "" for none */
    size_t quotes;
} speaker_rank;

static int by_quotes(const void *x, const void *y)
{
    const speaker_rank *a = x, *b = y;
    if (!*a->name != !*b->name)
        return *a->name ? -1 : 1;
    if (a->quotes != b->quotes)
        return a->quotes > b->quotes ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* Orders the speakers and lays quotes and sources out speaker by speaker,
 * quote by quote, each in order of first appearance. */
static int lay_out(precis_brief *b, quote_pass *p)
{
    size_t ns = px_strmap_size(p->speakers), nq = px_strmap_size(p->keys);
    speaker_rank *rank = px_calloc(ns ? ns : 1, sizeof *rank);
    size_t *pos = px_calloc(ns + nq + 1, sizeof *pos);
    b->speakers = px_calloc(ns ? ns : 1, sizeof *b->speakers);
    b->quotes = px_calloc(nq ? nq : 1, sizeof *b->quotes);
    b->sources = px_calloc(p->found_count ? p->found_count : 1,
                           sizeof *b->sources);
    int rc = rank && pos && b->speakers && b->quotes && b->sources
                 ? PRECIS_OK : PRECIS_ENOMEM;
    for (size_t s = 0; rc == PRECIS_OK && s < ns; s++) {
        rank[s].id = (uint32_t)s;
        rank[s].name = px_strmap_key(p->speakers, (uint32_t)s, NULL);
    }
    for (size_t q = 0; rc == PRECIS_OK && q < nq; q++)
        rank[p->quote_speaker[q]].quotes++;
    if (rc == PRECIS_OK)
        qsort(rank, ns, sizeof *rank, by_quotes);
    /* pos[0..ns): each speaker's first quote slot; pos[ns..): each
     * quote's slot. */
    size_t next = 0;
    for (size_t r = 0; rc == PRECIS_OK && r < ns; r++) {
        px_brief_speaker *sp = &b->speakers[r];
        if (*rank[r].name) {
            sp->name = px_strndup(rank[r].name, strlen(rank[r].name));
            if (!sp->name)
                rc = PRECIS_ENOMEM;
        }
        b->speaker_count = r + 1;
        sp->first_quote = next;
        sp->quote_count = rank[r].quotes;
        pos[rank[r].id] = next;
        next += rank[r].quotes;
    }
    for (size_t q = 0; rc == PRECIS_OK && q < nq; q++)
        pos[ns + q] = pos[p->quote_speaker[q]]++;
    for (size_t f = 0; rc == PRECIS_OK && f < p->found_count; f++)
        b->quotes[pos[ns + p->found[f].quote]].source_count++;
    next = 0;
    for (size_t q = 0; rc == PRECIS_OK && q < nq; q++) {
        b->quotes[q].first_source = next;
        next += b->quotes[q].source_count;
        b->quotes[q].source_count = 0;
    }
    for (size_t f = 0; rc == PRECIS_OK && f < p->found_count; f++) {
        px_brief_quote *q = &b->quotes[pos[ns + p->found[f].quote]];
        px_brief_source *src = &b->sources[q->first_source + q->source_count++];
        src->doc = p->found[f].doc;
        src->span = p->found[f].span;
    }
    if (rc == PRECIS_OK) {
        b->quote_count = nq;
        b->source_count = p->found_count;
    }
    px_free(rank);
    px_free(pos);
    return rc;
}

static int brief_quotes(precis_brief *b, const precis_article *const *articles,
                        size_t count, precis_speakers *set)
{
    quote_pass p;
    precis_speakers *own = NULL;
    memset(&p, 0, sizeof p);
    int rc = PRECIS_OK;
    if (!set)
        rc = precis_speakers_new(&own);
    p.set = set ? set : own;
    p.count = count;
    if (rc == PRECIS_OK) {
        p.quotes = px_calloc(count ? count : 1, sizeof *p.quotes);
        if (!p.quotes || px_strmap_new(&p.speakers) || px_strmap_new(&p.keys))
            rc = PRECIS_ENOMEM;
    }
    for (size_t a = 0; rc == PRECIS_OK && a < count; a++)
        rc = precis_quotes_new(articles[a], p.set, &p.quotes[a]);
    /* Names are looked up once every document is in. */
    for (size_t a = 0; rc == PRECIS_OK && a < count; a++)
        for (size_t i = 0; rc == PRECIS_OK &&
                           i < precis_quotes_count(p.quotes[a]); i++)
            rc = add_found(&p, articles[a]->doc, a, p.quotes[a], i);
    if (rc == PRECIS_OK)
        rc = lay_out(b, &p);
    for (size_t a = 0; p.quotes && a < count; a++)
        precis_quotes_free(p.quotes[a]);
    px_free(p.quotes);
    px_free(p.found);
    px_strmap_free(p.speakers);
    px_strmap_free(p.keys);
    px_free(p.quote_speaker);
    px_free(p.key);
    precis_speakers_free(own);
    return rc;
}

/* ---- the brief ---------------------------------------------------------- */

int precis_brief_new(const precis_article *const *articles, size_t count,
                     const precis_idf *idf, precis_speakers *set,
                     const precis_brief_options *options, precis_brief **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (count && !articles)
        return PRECIS_EINVAL;
    for (size_t a = 0; a < count; a++)
        if (!articles[a])
            return PRECIS_EINVAL;
    size_t budget = options ? options->sentences : 0;
    if (!budget)
        budget = count == 1 ? PX_BRIEF_SENTENCES_ONE : PX_BRIEF_SENTENCES_SET;
    precis_brief *b = px_calloc(1, sizeof *b);
    if (!b)
        return PRECIS_ENOMEM;
    brief_dates(b, articles, count);
    int rc = brief_sentences(b, articles, count, idf, budget);
    if (rc == PRECIS_OK)
        rc = brief_quotes(b, articles, count, set);
    if (rc) {
        precis_brief_free(b);
        return rc;
    }
    *out = b;
    return PRECIS_OK;
}

void precis_brief_free(precis_brief *brief)
{
    if (!brief)
        return;
    for (size_t s = 0; brief->speakers && s < brief->speaker_count; s++)
        px_free(brief->speakers[s].name);
    px_free(brief->speakers);
    px_free(brief->sentences);
    px_free(brief->quotes);
    px_free(brief->sources);
    px_free(brief);
}

size_t precis_brief_sentence_count(const precis_brief *brief)
{
    return brief ? brief->sentence_count : 0;
}

static const px_brief_sentence *sentence_at(const precis_brief *b, size_t i)
{
    return b && i < b->sentence_count ? &b->sentences[i] : NULL;
}

precis_span precis_brief_sentence(const precis_brief *brief, size_t i)
{
    const px_brief_sentence *s = sentence_at(brief, i);
    precis_span none = {0, 0};
    return s ? s->span : none;
}

size_t precis_brief_sentence_doc(const precis_brief *brief, size_t i)
{
    const px_brief_sentence *s = sentence_at(brief, i);
    return s ? s->doc : 0;
}

double precis_brief_sentence_score(const precis_brief *brief, size_t i)
{
    const px_brief_sentence *s = sentence_at(brief, i);
    return s ? s->score : 0.0;
}

int precis_brief_dates(const precis_brief *brief, const char **first,
                       const char **last)
{
    if (!brief || !brief->date_first)
        return 0;
    if (first)
        *first = brief->date_first;
    if (last)
        *last = brief->date_last;
    return 1;
}

size_t precis_brief_speaker_count(const precis_brief *brief)
{
    return brief ? brief->speaker_count : 0;
}

const char *precis_brief_speaker(const precis_brief *brief, size_t s)
{
    return brief && s < brief->speaker_count ? brief->speakers[s].name : NULL;
}

static const px_brief_quote *quote_at(const precis_brief *b, size_t s,
                                      size_t q)
{
    if (!b || s >= b->speaker_count || q >= b->speakers[s].quote_count)
        return NULL;
    return &b->quotes[b->speakers[s].first_quote + q];
}

size_t precis_brief_quote_count(const precis_brief *brief, size_t s)
{
    return brief && s < brief->speaker_count ? brief->speakers[s].quote_count
                                             : 0;
}

size_t precis_brief_source_count(const precis_brief *brief, size_t s,
                                 size_t q)
{
    const px_brief_quote *quote = quote_at(brief, s, q);
    return quote ? quote->source_count : 0;
}

precis_span precis_brief_source(const precis_brief *brief, size_t s,
                                size_t q, size_t k, size_t *doc)
{
    const px_brief_quote *quote = quote_at(brief, s, q);
    precis_span none = {0, 0};
    if (!quote || k >= quote->source_count)
        return none;
    const px_brief_source *src = &brief->sources[quote->first_source + k];
    if (doc)
        *doc = src->doc;
    return src->span;
}
