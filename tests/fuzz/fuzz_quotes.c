/* fuzz_quotes.c: quote finding and attribution, both from a layout and
 * from an article, with a speaker set that also reads the input as an
 * alias list: quotes, mentions and cues inside the text, a speaker's name
 * known to the set. */
#include <string.h>

#include "fuzz.h"

static void check_quotes(const precis_doc *doc, const precis_quotes *quotes,
                         const precis_speakers *set)
{
    size_t len = precis_doc_length(doc);
    size_t i, n = precis_quotes_count(quotes);

    for (i = 0; i < n; i++) {
        precis_span span;
        const char *speaker = precis_quotes_speaker(quotes, i);

        fuzz_check_span(precis_quotes_span(quotes, i), len);
        if (precis_quotes_mention(quotes, i, &span))
            fuzz_check_span(span, len);
        if (precis_quotes_cue(quotes, i, &span))
            fuzz_check_span(span, len);
        FUZZ_CHECK(precis_quotes_sieve(quotes, i) != NULL);
        (void)precis_quotes_flags(quotes, i);
        if (speaker)
            FUZZ_CHECK(precis_utf8_check(speaker, strlen(speaker)) ==
                       strlen(speaker));
    }
    for (i = 0; i < precis_speakers_count(set); i++)
        FUZZ_CHECK(precis_speakers_name(set, i) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const precis_lang *lang = fuzz_lang();
    fuzz_article fa;
    precis_speakers *set = NULL;
    precis_layout *layout = NULL;
    precis_quotes *quotes = NULL;

    (void)fuzz_article_new(data, size, &fa);
    if (!lang || !fa.doc || precis_speakers_new(&set) != PRECIS_OK)
        goto done;
    /* The same bytes as an alias list: any text must be read or refused. */
    (void)precis_speakers_add_aliases(set, (const char *)data, size);
    if (precis_layout_new(fa.doc, lang, &layout) == PRECIS_OK &&
        precis_quotes_from_layout(layout, set, &quotes) == PRECIS_OK)
        check_quotes(fa.doc, quotes, set);
    precis_quotes_free(quotes);
    quotes = NULL;
    if (fa.article &&
        precis_quotes_new(fa.article, NULL, &quotes) == PRECIS_OK)
        check_quotes(fa.doc, quotes, set);
done:
    precis_quotes_free(quotes);
    precis_layout_free(layout);
    precis_speakers_free(set);
    fuzz_article_free(&fa);
    return 0;
}
