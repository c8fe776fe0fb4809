/* fuzz_sentences.c: the sentence splitter (precis_sentences_split) over
 * any UTF-8 text: sentences in order, not overlapping, not empty, without
 * surrounding ASCII white space. */
#include "fuzz.h"

typedef struct split_state {
    const char *text;
    size_t len;
    size_t last_end;
} split_state;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int on_sentence(void *ctx, precis_span span)
{
    split_state *st = ctx;

    fuzz_check_span(span, st->len);
    FUZZ_CHECK(span.start < span.end);
    FUZZ_CHECK(span.start >= st->last_end);
    FUZZ_CHECK(!is_space(st->text[span.start]));
    FUZZ_CHECK(!is_space(st->text[span.end - 1]));
    st->last_end = span.end;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    precis_doc *doc = fuzz_doc(data, size);
    split_state st;

    if (!doc)
        return 0;
    st.text = precis_doc_text(doc);
    st.len = precis_doc_length(doc);
    st.last_end = 0;
    FUZZ_CHECK(precis_sentences_split(st.text, st.len, on_sentence, &st) >=
               PRECIS_ENOMEM);
    precis_doc_free(doc);
    return 0;
}
