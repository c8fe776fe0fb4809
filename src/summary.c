/* summary.c: precis_summary, the chosen sentences of one article. */
#include <stdlib.h>

#include "alloc.h"
#include "article.h"
#include "precis.h"
#include "score.h"
#include "select.h"

struct precis_summary {
    const precis_article *article; /* BORROWED */
    size_t count;
    size_t *index;  /* OWNED: chosen sentence indices, document order */
    double *score;  /* OWNED: their scores */
};

void precis_summary_options_init(precis_summary_options *options)
{
    if (!options)
        return;
    /* Three sentences: the length of news highlights and of the Lead-3
     * baseline that extractive news summaries are compared with. */
    options->sentences = 3;
    options->words = 0;
    options->ratio = 0.0;
}

static int build(precis_summary *s, precis_analyzer *analyzer,
                 const precis_idf *idf, const precis_summary_options *options)
{
    size_t n = s->article->sentence_count;
    if (n == 0)
        return PRECIS_OK;
    double *scores = px_malloc(n * sizeof *scores);
    size_t *chosen = px_malloc(n * sizeof *chosen);
    if (!scores || !chosen) {
        px_free(scores);
        px_free(chosen);
        return PRECIS_ENOMEM;
    }
    int rc = px_score_sentences_cached(s->article, idf, analyzer, scores);
    if (!rc)
        rc = px_select_sentences(s->article, scores, options, chosen,
                                 &s->count);
    if (!rc && s->count) {
        s->score = px_malloc(s->count * sizeof *s->score);
        if (!s->score)
            rc = PRECIS_ENOMEM;
    }
    if (!rc) {
        for (size_t i = 0; i < s->count; i++)
            s->score[i] = scores[chosen[i]];
        s->index = chosen;
        chosen = NULL;
    } else {
        s->count = 0;
    }
    px_free(scores);
    px_free(chosen);
    return rc;
}

int precis_summary_new(const precis_article *article, const precis_idf *idf,
                       const precis_summary_options *options,
                       precis_summary **out)
{
    return precis_summary_new_cached(NULL, article, idf, options, out);
}

int precis_summary_new_cached(precis_analyzer *analyzer,
                              const precis_article *article,
                              const precis_idf *idf,
                              const precis_summary_options *options,
                              precis_summary **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!article)
        return PRECIS_EINVAL;
    precis_summary_options defaults;
    if (!options) {
        precis_summary_options_init(&defaults);
        options = &defaults;
    }
    if (options->ratio < 0.0 || options->ratio != options->ratio)
        return PRECIS_EINVAL;
    precis_summary *s = px_calloc(1, sizeof *s);
    if (!s)
        return PRECIS_ENOMEM;
    s->article = article;
    int rc = build(s, analyzer, idf, options);
    if (rc) {
        precis_summary_free(s);
        return rc;
    }
    *out = s;
    return PRECIS_OK;
}

void precis_summary_free(precis_summary *summary)
{
    if (!summary)
        return;
    px_free(summary->index);
    px_free(summary->score);
    px_free(summary);
}

size_t precis_summary_count(const precis_summary *summary)
{
    return summary ? summary->count : 0;
}

precis_span precis_summary_sentence(const precis_summary *summary, size_t i)
{
    precis_span none = {0, 0};
    if (!summary || i >= summary->count)
        return none;
    return summary->article->sentences[summary->index[i]].span;
}

double precis_summary_score(const precis_summary *summary, size_t i)
{
    if (!summary || i >= summary->count)
        return 0.0;
    return summary->score[i];
}

size_t precis_summary_index(const precis_summary *summary, size_t i)
{
    if (!summary || i >= summary->count)
        return 0;
    return summary->index[i];
}
