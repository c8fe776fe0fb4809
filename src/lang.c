/* lang.c: languages (a Snowball algorithm and a stopword set, immutable)
 * and analyzers (a cached stemmer for one thread). */
#include "lang.h"

#include <string.h>

#include "alloc.h"

/* The stopword list that goes with an algorithm. "porter" is the original
 * English stemmer, so it shares the English list. */
static const char *builtin_list(const char *algorithm, size_t *len)
{
    if (strcmp(algorithm, "porter") == 0)
        algorithm = "english";
    return px_stopwords_builtin(algorithm, len);
}

int precis_lang_new(const char *name, const char *stopwords,
                    size_t stopwords_len, precis_lang **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!name)
        return PRECIS_EINVAL;
    const char *algorithm = px_stem_resolve(name);
    if (!algorithm)
        return PRECIS_ELANG;
    const char *list = stopwords;
    size_t list_len = stopwords_len;
    if (!list)
        list = builtin_list(algorithm, &list_len);
    precis_lang *lang = px_calloc(1, sizeof *lang);
    if (!lang)
        return PRECIS_ENOMEM;
    lang->algorithm = algorithm;
    if (list) {
        int rc = px_stopwords_parse(list, list_len, &lang->stopwords);
        if (rc) {
            px_free(lang);
            return rc;
        }
    }
    *out = lang;
    return PRECIS_OK;
}

void precis_lang_free(precis_lang *lang)
{
    if (!lang)
        return;
    px_stopwords_free(lang->stopwords);
    px_free(lang);
}

const char *precis_lang_name(const precis_lang *lang)
{
    return lang ? lang->algorithm : NULL;
}

int precis_lang_is_stopword(const precis_lang *lang, const char *word,
                            size_t len)
{
    if (!lang)
        return 0;
    return px_stopwords_has(lang->stopwords, word, len);
}

int precis_analyzer_new(const precis_lang *lang, precis_analyzer **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!lang)
        return PRECIS_EINVAL;
    precis_analyzer *an = px_calloc(1, sizeof *an);
    if (!an)
        return PRECIS_ENOMEM;
    int rc = px_stemmer_new(lang->algorithm, &an->stemmer);
    if (rc) {
        px_free(an);
        return rc;
    }
    an->lang = lang;
    *out = an;
    return PRECIS_OK;
}

void precis_analyzer_free(precis_analyzer *analyzer)
{
    if (!analyzer)
        return;
    px_stemmer_free(analyzer->stemmer);
    px_free(analyzer);
}

int precis_analyzer_stem(precis_analyzer *analyzer, const char *word,
                         size_t len, const char **stem, size_t *stem_len)
{
    if (!analyzer)
        return PRECIS_EINVAL;
    return px_stemmer_stem(analyzer->stemmer, word, len, stem, stem_len);
}
