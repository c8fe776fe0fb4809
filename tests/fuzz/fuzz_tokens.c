/* fuzz_tokens.c: the tokenizer (precis_tokenize) and the stemmer behind
 * an analyzer: every token inside the text and in order, its folded form
 * UTF-8, and every folded word stemmed and looked up as a stopword. */
#include "fuzz.h"

typedef struct token_state {
    size_t len;
    size_t last_end;
    precis_analyzer *analyzer;
    const precis_lang *lang;
} token_state;

static int on_token(void *ctx, int kind, const char *folded,
                    size_t folded_len, size_t start, size_t end)
{
    token_state *st = ctx;
    precis_span span = {start, end};
    const char *stem;
    size_t stem_len;

    fuzz_check_span(span, st->len);
    FUZZ_CHECK(start < end && start >= st->last_end);
    FUZZ_CHECK(kind == PRECIS_TOKEN_WORD || kind == PRECIS_TOKEN_NUMBER);
    FUZZ_CHECK(folded_len > 0);
    FUZZ_CHECK(precis_utf8_check(folded, folded_len) == folded_len);
    st->last_end = end;
    (void)precis_lang_is_stopword(st->lang, folded, folded_len);
    if (precis_analyzer_stem(st->analyzer, folded, folded_len, &stem,
                             &stem_len) == PRECIS_OK)
        FUZZ_CHECK(stem[stem_len] == '\0');
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const precis_lang *lang = fuzz_lang();
    precis_doc *doc = fuzz_doc(data, size);
    token_state st = {0, 0, NULL, lang};

    /* One analyzer per input: its cache grows with the vocabulary. */
    if (lang && doc && precis_analyzer_new(lang, &st.analyzer) == PRECIS_OK) {
        st.len = precis_doc_length(doc);
        FUZZ_CHECK(precis_tokenize(precis_doc_text(doc), st.len, on_token,
                                   &st) >= PRECIS_ENOMEM);
    }
    precis_analyzer_free(st.analyzer);
    precis_doc_free(doc);
    return 0;
}
