/* quotes.c: precis_quotes_*: the quote pipeline behind the public API:
 * paragraphs (title and body blocks) -> quote spans -> attribution ->
 * canonical speakers (through a precis_speakers set when one is given). */
#include <string.h>

#include "alloc.h"
#include "article.h"
#include "attribute.h"
#include "layout.h"
#include "precis.h"
#include "quote.h"
#include "speaker.h"
#include "workspace.h"

typedef struct quote_item {
    precis_span span;
    char *speaker;       /* OWNED, or NULL */
    precis_span mention;
    precis_span cue;
    int has_mention;
    int has_cue;
    const char *sieve;   /* static */
    unsigned flags;
} quote_item;

struct precis_quotes {
    quote_item *items; /* OWNED */
    size_t count;
};

void precis_quotes_free(precis_quotes *quotes)
{
    if (!quotes)
        return;
    for (size_t i = 0; i < quotes->count; i++)
        px_free(quotes->items[i].speaker);
    px_free(quotes->items);
    px_free(quotes);
}

/* Nonzero when the line break at text[nl] ends a paragraph: the line
 * before ends a sentence or a quote (. ? ! : or a closing mark). Inside a
 * block, pages put one paragraph per line; hard-wrapped text breaks lines
 * mid-sentence, and those breaks stay inside the paragraph. */
static int ends_paragraph(const char *text, size_t start, size_t nl)
{
    size_t e = nl;
    while (e > start && (text[e - 1] == ' ' || text[e - 1] == '\t' ||
                         text[e - 1] == '\r'))
        e--;
    if (e == start)
        return 0;
    unsigned char c = (unsigned char)text[e - 1];
    if (c == '.' || c == '?' || c == '!' || c == ':' || c == '"' ||
        c == '\'')
        return 1;
    /* ” ’ » … (UTF-8: E2 80 9D, E2 80 99, C2 BB, E2 80 A6) */
    if (e - start >= 3 && (unsigned char)text[e - 3] == 0xE2 &&
        (unsigned char)text[e - 2] == 0x80 &&
        (c == 0x9D || c == 0x99 || c == 0xA6))
        return 1;
    return e - start >= 2 && (unsigned char)text[e - 2] == 0xC2 && c == 0xBB;
}

/* Appends the lines of a block as paragraphs (see ends_paragraph). */
static size_t split_block(const char *text, precis_span span, px_para *p,
                          size_t k)
{
    size_t s = span.start;
    for (size_t i = span.start; i < span.end; i++) {
        const char *nl = memchr(text + i, '\n', span.end - i);
        if (!nl)
            break;
        i = (size_t)(nl - text);
        if (!ends_paragraph(text, s, i))
            continue;
        size_t e = i;
        while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\r'))
            e--;
        p[k].span.start = s;
        p[k].span.end = e;
        p[k].soft = s != span.start;
        k++;
        s = i + 1;
        while (s < span.end && (text[s] == ' ' || text[s] == '\t'))
            s++;
    }
    if (s < span.end) {
        p[k].span.start = s;
        p[k].span.end = span.end;
        p[k].soft = s != span.start;
        k++;
    }
    return k;
}

/* The paragraphs to search: body blocks, and the title when it is not one
 * of them (headlines quote too), in document order. */
static int make_paras(const precis_layout *layout, const char *text,
                      px_para **out, size_t *n)
{
    precis_span title;
    int has_title = precis_layout_field(layout, PRECIS_FIELD_TITLE, &title);
    size_t count = 0;
    for (size_t i = 0; i < layout->block_count; i++) {
        const px_block *b = &layout->blocks[i];
        if (b->reason)
            continue;
        count++;
        for (const char *j = text + b->span.start, *e = text + b->span.end;
             (j = memchr(j, '\n', (size_t)(e - j))) != NULL; j++)
            count++;
        if (has_title && b->span.start < title.end &&
            title.start < b->span.end)
            has_title = 0;
    }
    px_para *p = px_calloc(count + 1, sizeof *p);
    if (!p)
        return PRECIS_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < layout->block_count; i++) {
        const px_block *b = &layout->blocks[i];
        if (b->reason)
            continue;
        if (has_title && title.start < b->span.start) {
            p[k].span = title;
            p[k++].headline = 1;
            has_title = 0;
        }
        k = split_block(text, b->span, p, k);
    }
    if (has_title) {
        p[k].span = title;
        p[k++].headline = 1;
    }
    *out = p;
    *n = k;
    return 0;
}

/* Scare quotes: news puts a word or three in quote marks for emphasis or
 * distance (a "playbook", "super PACs"). When nobody in the text is said
 * to have said them, they are not speech, and not reported. Measured on
 * the PolNeAR train split, such fragments are almost never quotes the
 * annotators attributed. */
#define SCARE_MAX_WORDS 3

static int is_scare_quote(const char *text, precis_span s)
{
    size_t words = 0;
    int in_word = 0;
    for (size_t i = s.start; i < s.end; i++) {
        unsigned char c = (unsigned char)text[i];
        int w = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                (c >= 'A' && c <= 'Z') || c >= 0x80;
        if (w && !in_word && ++words > SCARE_MAX_WORDS)
            return 0;
        in_word = w;
    }
    return 1;
}

int precis_quotes_new(const precis_article *article, precis_speakers *set,
                      precis_quotes **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!article)
        return PRECIS_EINVAL;
    return precis_quotes_from_layout(article->layout, set, out);
}

int precis_quotes_from_layout(const precis_layout *layout,
                              precis_speakers *set, precis_quotes **out)
{
    return precis_quotes_from_layout_in(NULL, layout, set, out);
}

int precis_quotes_from_layout_in(precis_workspace *ws,
                                 const precis_layout *layout,
                                 precis_speakers *set, precis_quotes **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!layout || !layout->doc)
        return PRECIS_EINVAL;
    const char *text = precis_doc_text(layout->doc);
    precis_quotes *qs = px_calloc(1, sizeof *qs);
    if (!qs)
        return PRECIS_ENOMEM;
    px_para *paras = NULL;
    size_t npara = 0;
    px_quotevec found = {NULL, 0, 0};
    px_entities ents;
    px_attribution *att = NULL;
    int ents_ok = 0;
    int rc = make_paras(layout, text, &paras, &npara);
    if (!rc)
        rc = px_quotes_find(text, paras, npara, &found);
    if (!rc) {
        rc = px_entities_init(&ents);
        ents_ok = 1;
    }
    if (!rc) {
        att = px_calloc(found.count + 1, sizeof *att);
        qs->items = px_calloc(found.count + 1, sizeof *qs->items);
        if (!att || !qs->items)
            rc = PRECIS_ENOMEM;
    }
    /* No quote, nobody to attribute one to: the page need not be read. */
    if (!rc && found.count > 0)
        rc = px_attribute(text, paras, npara, found.items, found.count,
                          &ents, ws ? &ws->attr : NULL, att);
    for (size_t i = 0; !rc && i < found.count; i++) {
        if (!att[i].has_mention &&
            is_scare_quote(text, found.items[i].content))
            continue;
        quote_item *q = &qs->items[qs->count];
        q->span = found.items[i].content;
        q->flags = found.items[i].flags;
        q->mention = att[i].mention;
        q->has_mention = att[i].has_mention;
        q->cue = att[i].cue;
        q->has_cue = att[i].has_cue;
        q->sieve = att[i].sieve;
        qs->count++;
        if (att[i].entity < 0)
            continue;
        const px_entity *x = &ents.items[att[i].entity];
        if (!x->name)
            continue;
        q->speaker = px_strndup(x->name, x->name_len);
        if (!q->speaker)
            rc = PRECIS_ENOMEM;
    }
    if (!rc && set)
        rc = precis_quotes_resolve(qs, set);
    px_free(att);
    if (ents_ok)
        px_entities_clear(&ents);
    px_free(found.items);
    px_free(paras);
    if (rc) {
        precis_quotes_free(qs);
        return rc;
    }
    *out = qs;
    return PRECIS_OK;
}

int precis_quotes_resolve(precis_quotes *quotes, precis_speakers *set)
{
    if (!quotes || !set)
        return PRECIS_EINVAL;
    for (size_t i = 0; i < quotes->count; i++) {
        quote_item *q = &quotes->items[i];
        if (!q->speaker)
            continue;
        const char *canon = NULL;
        int rc = px_speakers_resolve(set, q->speaker, strlen(q->speaker), 1,
                                     &canon);
        if (rc)
            return rc;
        /* Most speakers are named as the set names them: no copy. */
        if (!canon || strcmp(canon, q->speaker) == 0)
            continue;
        char *copy = px_strndup(canon, strlen(canon));
        if (!copy)
            return PRECIS_ENOMEM;
        px_free(q->speaker);
        q->speaker = copy;
    }
    return PRECIS_OK;
}

size_t precis_quotes_count(const precis_quotes *quotes)
{
    return quotes ? quotes->count : 0;
}

precis_span precis_quotes_span(const precis_quotes *quotes, size_t i)
{
    precis_span none = {0, 0};
    return quotes && i < quotes->count ? quotes->items[i].span : none;
}

const char *precis_quotes_speaker(const precis_quotes *quotes, size_t i)
{
    return quotes && i < quotes->count ? quotes->items[i].speaker : NULL;
}

int precis_quotes_mention(const precis_quotes *quotes, size_t i,
                          precis_span *span)
{
    if (!quotes || i >= quotes->count || !quotes->items[i].has_mention)
        return 0;
    if (span)
        *span = quotes->items[i].mention;
    return 1;
}

int precis_quotes_cue(const precis_quotes *quotes, size_t i,
                      precis_span *span)
{
    if (!quotes || i >= quotes->count || !quotes->items[i].has_cue)
        return 0;
    if (span)
        *span = quotes->items[i].cue;
    return 1;
}

const char *precis_quotes_sieve(const precis_quotes *quotes, size_t i)
{
    return quotes && i < quotes->count ? quotes->items[i].sieve : "none";
}

unsigned precis_quotes_flags(const precis_quotes *quotes, size_t i)
{
    return quotes && i < quotes->count ? quotes->items[i].flags : 0u;
}
