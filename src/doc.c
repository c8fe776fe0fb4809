/* doc.c: documents, the validated and owned copy of an input's bytes. */
#include "doc.h"

#include <string.h>

#include "alloc.h"
#include "utf8.h"

/* Room for a line start every LINE_GUESS bytes to begin with: lines of
 * news text are paragraphs, longer than that, so the table seldom grows
 * and one pass over the text fills it; what is left over is given back. */
#define LINE_GUESS 64

static int build_lines(precis_doc *doc)
{
    void *starts = NULL;
    size_t cap = 0, k = 0;
    const char *s = doc->text, *p = s, *end = s + doc->len;

    if (px_grow(&starts, &cap, doc->len / LINE_GUESS + 1,
                sizeof *doc->line_starts))
        return PRECIS_ENOMEM;
    doc->line_starts = starts;
    doc->line_starts[k++] = 0;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        p++;
        if (k == cap) {
            if (px_grow(&starts, &cap, k + 1, sizeof *doc->line_starts))
                return PRECIS_ENOMEM;
            doc->line_starts = starts;
        }
        doc->line_starts[k++] = (size_t)(p - s);
    }
    doc->lines = k;
    if (px_shrink(&starts, k, sizeof *doc->line_starts))
        return PRECIS_ENOMEM;
    doc->line_starts = starts;
    return PRECIS_OK;
}

/* Line and column of `offset` in s, by counting: used for the error
 * report, before any line table exists. */
static precis_location locate_by_scan(const char *s, size_t offset)
{
    precis_location loc = {offset, 1, 1};
    size_t line_start = 0;
    const char *p = s, *end = s + offset;

    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        loc.line++;
        p++;
        line_start = (size_t)(p - s);
    }
    loc.column = offset - line_start + 1;
    return loc;
}

/* precis_doc_new's work. `take`, when not NULL, is `bytes` itself,
 * handed over (precis_doc_adopt): the document keeps it, or frees it
 * for a repaired copy, but only once nothing else can fail, so that on
 * an error it is still the caller's. */
static int doc_make(const char *bytes, size_t len, unsigned flags,
                    char *take, precis_doc **out, precis_location *where)
{
    size_t bad = px_utf8_validate(bytes, len);
    precis_doc *doc = px_calloc(1, sizeof *doc);
    if (!doc)
        return PRECIS_ENOMEM;
    if (bad == len) {
        doc->text = take ? take : px_strndup(bytes, len);
        doc->len = len;
        if (!doc->text) {
            px_free(doc);
            return PRECIS_ENOMEM;
        }
    } else if (flags & PRECIS_DOC_REPAIR) {
        if (px_utf8_repair(bytes, len, &doc->text, &doc->len) != PRECIS_OK) {
            px_free(doc);
            return PRECIS_ENOMEM;
        }
    } else {
        px_free(doc);
        if (where)
            *where = locate_by_scan(bytes, bad);
        return PRECIS_EUTF8;
    }
    if (build_lines(doc) != PRECIS_OK) {
        if (doc->text == take)
            doc->text = NULL; /* still the caller's */
        precis_doc_free(doc);
        return PRECIS_ENOMEM;
    }
    if (take && doc->text != take)
        px_free(take);
    *out = doc;
    return PRECIS_OK;
}

int precis_doc_new(const char *bytes, size_t len, unsigned flags,
                   precis_doc **out, precis_location *where)
{
    if (!out || (!bytes && len))
        return PRECIS_EINVAL;
    *out = NULL;
    if (!bytes)
        bytes = "";
    return doc_make(bytes, len, flags, NULL, out, where);
}

int precis_doc_adopt(char *bytes, size_t len, unsigned flags,
                     precis_doc **out, precis_location *where)
{
    if (!out || !bytes)
        return PRECIS_EINVAL;
    *out = NULL;
    bytes[len] = '\0';
    return doc_make(bytes, len, flags, bytes, out, where);
}

void precis_doc_free(precis_doc *doc)
{
    if (!doc)
        return;
    px_free(doc->text);
    px_free(doc->line_starts);
    px_free(doc);
}

size_t precis_doc_memory(const precis_doc *doc)
{
    if (!doc)
        return 0;
    return sizeof *doc + doc->len + 1 + doc->lines * sizeof *doc->line_starts;
}

const char *precis_doc_text(const precis_doc *doc)
{
    return doc ? doc->text : NULL;
}

size_t precis_doc_length(const precis_doc *doc)
{
    return doc ? doc->len : 0;
}

precis_location precis_doc_locate(const precis_doc *doc, size_t offset)
{
    precis_location loc = {0, 0, 0};

    if (!doc)
        return loc;
    if (offset > doc->len)
        offset = doc->len;
    /* The last line that starts at or before offset. */
    size_t lo = 0, hi = doc->lines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    loc.offset = offset;
    loc.line = lo + 1;
    loc.column = offset - doc->line_starts[lo] + 1;
    return loc;
}
