/* fuzz_layout.c: page clean-up (precis_layout_new), as 'precis clean'
 * sees it: blocks in order inside the text, a reason exactly for the
 * dropped ones, metadata fields inside the text. */
#include <string.h>

#include "fuzz.h"

static void check_layout(const precis_doc *doc, const precis_layout *layout)
{
    size_t len = precis_doc_length(doc);
    size_t i, n = precis_layout_block_count(layout), last_end = 0;
    int field;
    const char *iso = precis_layout_date_iso(layout);

    for (i = 0; i < n; i++) {
        precis_span span = precis_layout_block_span(layout, i);
        const char *reason = precis_layout_block_reason(layout, i);

        fuzz_check_span(span, len);
        FUZZ_CHECK(span.start >= last_end);
        last_end = span.end;
        FUZZ_CHECK(precis_layout_block_is_body(layout, i) == (reason == NULL));
        FUZZ_CHECK(precis_doc_locate(doc, span.start).line >= 1);
    }
    for (field = PRECIS_FIELD_TITLE; field <= PRECIS_FIELD_DATELINE;
         field++) {
        precis_span span;

        if (precis_layout_field(layout, (precis_field)field, &span))
            fuzz_check_span(span, len);
    }
    if (iso)
        FUZZ_CHECK(strlen(iso) >= 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const precis_lang *lang = fuzz_lang();
    precis_doc *doc = fuzz_doc(data, size);
    precis_layout *layout = NULL;

    if (lang && doc && precis_layout_new(doc, lang, &layout) == PRECIS_OK)
        check_layout(doc, layout);
    precis_layout_free(layout);
    precis_doc_free(doc);
    return 0;
}
