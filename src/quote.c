/* quote.c: finding direct quotes. Each quote mark is classified by its
 * context (a mark after a space and before a word opens, one after a word
 * and before a space or punctuation closes, one between two letters is an
 * apostrophe) and by its family (double, single, guillemets). An opening
 * mark starts a quote that the next fitting closing mark of its family
 * ends, whatever marks come between; single marks open only when a fitting
 * closing mark lies ahead in the paragraph, because most of them are
 * apostrophes. One pass over each paragraph, plus one forward scan for
 * single closing marks whose results are reused: linear overall. */
#include "quote.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "swar.h"
#include "utf8.h"

enum { FAM_NONE = 0, FAM_DOUBLE, FAM_SINGLE, FAM_GUIL, FAM_SGUIL };

/* Quotes nested deeper than this are not tracked (their marks are then
 * ignored): news nests two levels at most, and a fixed stack keeps the
 * depth independent of the input. */
#define MAX_DEPTH 8

typedef struct open_mark {
    int family;
    uint32_t cp;    /* the opening character */
    size_t at;      /* its offset */
    size_t len;     /* its length */
} open_mark;

/* The shared state of one search. */
typedef struct finder {
    const char *text;
    px_quotevec *out;
    open_mark stack[MAX_DEPTH];
    size_t depth;
    px_quote cur;       /* the top-level quote while depth > 0 */
    size_t scan_from;   /* single-closer lookahead cache: searched from */
    size_t next_closer; /* ...found here (or the paragraph end) */
    int headline;       /* the current paragraph is the title */
} finder;

static int family_of(uint32_t cp)
{
    switch (cp) {
    case '"': case 0x201C: case 0x201D: case 0x201E: case 0x201F:
        return FAM_DOUBLE;
    case '\'': case 0x2018: case 0x2019:
        return FAM_SINGLE;
    case 0xAB: case 0xBB:
        return FAM_GUIL;
    case 0x2039: case 0x203A:
        return FAM_SGUIL;
    default:
        return FAM_NONE;
    }
}

size_t px_quote_mark_len(const char *text, size_t i, size_t end)
{
    unsigned char c = (unsigned char)text[i];
    if (c == '\'' && i + 1 < end && text[i + 1] == '\'')
        return 2; /* '' stands for " in some newspapers' archives */
    if (c == '"' || c == '\'')
        return 1;
    if (c < 0x80)
        return 0;
    uint32_t cp;
    size_t n = px_utf8_decode(text + i, end - i, &cp);
    return family_of(cp) != FAM_NONE ? n : 0;
}

static uint32_t cp_at(const char *text, size_t i, size_t end)
{
    uint32_t cp = ' ';
    if (i < end) {
        cp = (unsigned char)text[i];
        if (cp >= 0x80)
            px_utf8_decode(text + i, end - i, &cp);
    }
    return cp;
}

static uint32_t cp_before(const char *text, size_t start, size_t i)
{
    uint32_t cp = ' ';
    if (i > start) {
        cp = (unsigned char)text[i - 1];
        if (cp >= 0x80) {
            size_t n = px_utf8_prev_len(text, i);
            px_utf8_decode(text + i - n, n, &cp);
        }
    }
    return cp;
}

/* The character tests, with ASCII (most of the text) answered here. */
static int is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    return px_unicode_is_space(cp);
}

static int is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return px_unicode_is_letter(cp);
}

static int is_word(uint32_t cp)
{
    if (cp < 0x80)
        return px_ascii_folded[cp] != 0;
    return px_unicode_is_letter(cp) || px_unicode_is_digit(cp);
}

/* What may stand before an opening mark: a space, a bracket, a dash, a
 * slash or another quote mark. */
static int opens_after(uint32_t prev)
{
    return is_space(prev) || prev == '(' || prev == '[' || prev == '{' ||
           prev == '-' || prev == 0x2013 || prev == 0x2014 || prev == '/' ||
           prev == ':' || family_of(prev) != FAM_NONE;
}

/* What may stand after a closing mark: a space, punctuation, a bracket or
 * another quote mark. */
static int closes_before(uint32_t next)
{
    return is_space(next) || next == '.' || next == ',' || next == ';' ||
           next == ':' || next == '!' || next == '?' || next == ')' ||
           next == ']' || next == '}' || next == 0x2026 || next == '-' ||
           next == 0x2013 || next == 0x2014 || family_of(next) != FAM_NONE;
}

static int opener_ctx(uint32_t prev, uint32_t next)
{
    return opens_after(prev) && !is_space(next);
}

static int closer_ctx(uint32_t prev, uint32_t next)
{
    return !is_space(prev) && closes_before(next);
}

/* A single mark that can close a quote: after a word, before a space or
 * punctuation, and not between two letters (Putin's, rock 'n' roll). */
static int single_closes(uint32_t cp, uint32_t prev, uint32_t next)
{
    if (cp != 0x2019 && cp != '\'')
        return 0;
    if (is_word(prev) && is_word(next))
        return 0;
    return closer_ctx(prev, next);
}

/* Words that begin with an apostrophe ('til, 'em, rock 'n' roll): a mark
 * before them elides, it does not open a quote. */
static int elision_after(const char *t, size_t i, size_t end)
{
    static const char *const words[] = {"til", "em", "cause", "n", "bout",
                                        "round", "tis", "twas", "s", NULL};
    size_t j = i;
    while (j < end && ((t[j] >= 'a' && t[j] <= 'z') ||
                       (t[j] >= 'A' && t[j] <= 'Z')))
        j++;
    if (j < end && is_word(cp_at(t, j, end)))
        return 0;
    for (size_t k = 0; words[k]; k++) {
        size_t n = strlen(words[k]);
        if (n != j - i)
            continue;
        size_t m = 0;
        while (m < n && (t[i + m] | 0x20) == words[k][m])
            m++;
        if (m == n)
            return 1;
    }
    return 0;
}

/* The closing half of 'n': a mark after a lone "n" that follows a mark. */
static int elision_before(const char *t, size_t start, size_t i)
{
    if (i < start + 2 || (t[i - 1] | 0x20) != 'n')
        return 0;
    uint32_t before = cp_before(t, start, i - 1);
    return before == '\'' || before == 0x2019 || before == 0x2018;
}

/* The offset of the first single closing mark at or after `from` in the
 * paragraph, or `end`. Queries come with growing `from`, so each byte is
 * scanned once: the last answer stays valid while it lies ahead. */
static size_t next_single_closer(finder *f, size_t start, size_t from,
                                 size_t end)
{
    if (f->scan_from <= from && f->next_closer >= from)
        return f->next_closer;
    const char *t = f->text;
    size_t i = from;
    while (i < end) {
        unsigned char c = (unsigned char)t[i];
        if (c == '\'' || c == 0xE2) {
            uint32_t cp;
            size_t n = px_utf8_decode(t + i, end - i, &cp);
            if (single_closes(cp, cp_before(t, start, i),
                              cp_at(t, i + n, end)) &&
                !elision_before(t, start, i))
                break;
            i += n;
        } else {
            i++;
        }
    }
    f->scan_from = from;
    f->next_closer = i;
    return i;
}

static size_t trim_end(const char *t, size_t start, size_t end)
{
    while (end > start) {
        size_t n = px_utf8_prev_len(t, end);
        uint32_t cp;
        px_utf8_decode(t + end - n, n, &cp);
        if (!is_space(cp))
            break;
        end -= n;
    }
    return end;
}

/* Nonzero when s[start..end) holds a letter or digit. */
static int has_word(const char *t, size_t start, size_t end)
{
    size_t i = start;
    while (i < end) {
        uint32_t cp = (unsigned char)t[i];
        size_t n = cp < 0x80 ? 1 : px_utf8_decode(t + i, end - i, &cp);
        if (is_word(cp))
            return 1;
        i += n;
    }
    return 0;
}

/* Short words a title leaves in lower case ("Face the Nation"). */
static int title_small_word(const char *w, size_t n)
{
    /* Each NUL-padded to five bytes: a word of n <= 4 bytes is one of
     * them when its bytes match and the next is the padding. */
    static const char small[][5] = {"a", "an", "the", "of", "and", "or",
                                    "in", "on", "at", "to", "for",
                                    "with", "is", "it", "by", "from",
                                    "as", "de", "la", "vs", "n"};
    if (n > 4)
        return 0; /* none of them is longer */
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        size_t k = 0;
        while (k < n && small[i][k] == w[k])
            k++;
        if (k == n && small[i][n] == '\0')
            return 1;
    }
    return 0;
}

/* Two to eight words, each capitalised but for small ones, and no
 * question or exclamation of its own: the name of a show, a film or a
 * book ("Face the Nation", "Morning Joe"), which news also puts in quote
 * marks, and nobody says. (Headlines capitalise every word, so the test
 * is not applied there.) */
static int looks_like_title(const char *t, size_t start, size_t end)
{
    size_t words = 0, i = start;
    uint32_t last = ' ';
    while (i < end) {
        uint32_t cp = (unsigned char)t[i];
        size_t n = cp < 0x80 ? 1 : px_utf8_decode(t + i, end - i, &cp);
        if (!is_space(cp))
            last = cp;
        if (!is_letter(cp)) {
            i += n;
            continue;
        }
        size_t ws = i;
        uint32_t first = cp;
        while (i < end) {
            cp = (unsigned char)t[i];
            n = cp < 0x80 ? 1 : px_utf8_decode(t + i, end - i, &cp);
            if (!is_word(cp) && cp != '\'' && cp != 0x2019 && cp != '-')
                break;
            i += n;
        }
        last = ' ';
        if (++words > 8)
            return 0;
        /* "The Donald. Big Daddy.": sentences, not a title */
        if (i + 1 < end && t[i] == '.' && t[i + 1] == ' ')
            return 0;
        if (!px_unicode_is_upper(first) &&
            !title_small_word(t + ws, i - ws))
            return 0;
    }
    if (i > start) {
        size_t n = px_utf8_prev_len(t, end);
        px_utf8_decode(t + end - n, n, &last);
    }
    return words >= 2 && last != '?' && last != '!';
}

static int emit(finder *f)
{
    px_quote *q = &f->cur;
    if (q->content.end <= q->content.start ||
        !has_word(f->text, q->content.start, q->content.end))
        return 0;
    if (!f->headline && !(q->flags & PRECIS_QUOTE_MULTI_PARAGRAPH) &&
        looks_like_title(f->text, q->content.start, q->content.end))
        return 0;
    px_quotevec *v = f->out;
    if (v->count == v->cap) { /* the call only when full */
        void *items = v->items;
        if (px_grow(&items, &v->cap, v->count + 1, sizeof *v->items) != 0)
            return PRECIS_ENOMEM;
        v->items = items;
    }
    v->items[v->count++] = *q;
    return 0;
}

/* A quote that starts inside a sentence and with a lower-case word is a
 * fragment ("called the situation a "crisis""). */
static void mark_partial(finder *f, size_t pstart)
{
    px_quote *q = &f->cur;
    uint32_t prev = ' ';
    size_t i = q->open;
    while (i > pstart) {
        prev = cp_before(f->text, pstart, i);
        if (!is_space(prev))
            break;
        i -= px_utf8_prev_len(f->text, i);
    }
    uint32_t first = cp_at(f->text, q->content.start, q->content.end);
    if (is_word(prev) && px_unicode_is_letter(first) &&
        !px_unicode_is_upper(first))
        q->flags |= PRECIS_QUOTE_PARTIAL;
}

static void open_quote(finder *f, int family, uint32_t cp, size_t at,
                       size_t len, size_t para)
{
    if (f->depth == MAX_DEPTH)
        return;
    if (f->depth == 0) {
        memset(&f->cur, 0, sizeof f->cur);
        f->cur.open = at;
        f->cur.content.start = at + len;
        f->cur.para = para;
        if (f->headline)
            f->cur.flags |= PRECIS_QUOTE_HEADLINE;
    } else {
        f->cur.flags |= PRECIS_QUOTE_NESTED;
    }
    open_mark *m = &f->stack[f->depth++];
    m->family = family;
    m->cp = cp;
    m->at = at;
    m->len = len;
}

/* The stack index of the innermost open quote of `family`, or -1. */
static int find_open(const finder *f, int family)
{
    for (size_t k = f->depth; k-- > 0;)
        if (f->stack[k].family == family)
            return (int)k;
    return -1;
}

static int close_quote(finder *f, int k, size_t at, size_t para,
                       size_t pstart)
{
    if (k > 0) {
        f->depth = (size_t)k;
        return 0;
    }
    f->depth = 0;
    f->cur.content.end = at;
    f->cur.close = at;
    f->cur.last_para = para;
    mark_partial(f, pstart);
    return emit(f);
}

/* Ends the open top-level quote at the end of its last paragraph. */
static int close_unclosed(finder *f, const px_para *p, size_t para)
{
    size_t end = trim_end(f->text, p->span.start, p->span.end);
    f->depth = 0;
    f->cur.content.end = end;
    f->cur.close = end;
    f->cur.last_para = para;
    f->cur.flags |= PRECIS_QUOTE_UNCLOSED;
    mark_partial(f, p->span.start);
    return emit(f);
}

/* Nonzero when the last character before text[i] that is not a space is
 * punctuation or a quote mark ("outreach,' " he said). */
static int ends_in_punct(const char *t, size_t start, size_t i)
{
    while (i > start) {
        uint32_t cp = cp_before(t, start, i);
        if (!is_space(cp))
            return cp == '.' || cp == ',' || cp == '!' || cp == '?' ||
                   cp == 0x2026 || family_of(cp) != FAM_NONE;
        i -= px_utf8_prev_len(t, i);
    }
    return 0;
}

/* Handles the mark cp at text[i..i+len) of paragraph pi. */
static int on_mark(finder *f, uint32_t cp, size_t i, size_t len,
                   const px_para *p, size_t pi)
{
    size_t start = p->span.start, end = p->span.end;
    uint32_t prev = cp_before(f->text, start, i);
    uint32_t next = cp_at(f->text, i + len, end);
    int fam = family_of(cp);
    int k = find_open(f, fam);
    switch (cp) {
    case 0x201D: /* right double: closes, or opens a mistyped quote */
    case 0x201F:
        if (k >= 0)
            return close_quote(f, k, i, pi, start);
        if (opener_ctx(prev, next) && !closer_ctx(prev, next))
            open_quote(f, fam, cp, i, len, pi);
        return 0;
    case 0x201C: /* left double: opens, or closes (see below) */
        if (k >= 0) {
            /* It closes a low-9 quote, or any double quote where it
             * stands as a closing mark ("...here," said Clyburn" typed
             * with a left mark); before a word it re-opens and the
             * quote goes on. */
            if (closer_ctx(prev, next) &&
                (f->stack[k].cp == 0x201E || !opener_ctx(prev, next)))
                return close_quote(f, k, i, pi, start);
            return 0;
        }
        if (!is_space(next))
            open_quote(f, fam, cp, i, len, pi);
        return 0;
    case 0x201E:
        if (k < 0 && !is_space(next))
            open_quote(f, fam, cp, i, len, pi);
        return 0;
    case '"':
        /* Inside a double quote a straight mark before a space closes it;
         * one before a word re-opens after a sentence the writer closed
         * without a mark ("...consistently. "The situation...") and the
         * quote goes on. */
        if (k >= 0) {
            if (closer_ctx(prev, next) ||
                (is_space(prev) && is_space(next) &&
                 ends_in_punct(f->text, start, i)))
                return close_quote(f, k, i, pi, start);
            return 0;
        }
        if (opener_ctx(prev, next) && !closer_ctx(prev, next))
            open_quote(f, fam, cp, i, len, pi);
        return 0;
    case 0xAB:
    case 0x2039:
        if (k < 0 && !is_space(next))
            open_quote(f, fam, cp, i, len, pi);
        return 0;
    case 0xBB:
    case 0x203A:
        if (k >= 0)
            return close_quote(f, k, i, pi, start);
        return 0;
    default: /* single marks: ‘ ’ ' */
        if (k >= 0) {
            if (single_closes(cp, prev, next) &&
                !elision_before(f->text, start, i))
                return close_quote(f, k, i, pi, start);
            return 0;
        }
        if (cp == 0x2019 || !opener_ctx(prev, next) ||
            closer_ctx(prev, next) || px_unicode_is_digit(next) ||
            elision_after(f->text, i + len, end))
            return 0; /* ’90s, 'til, a lone mark */
        {
            size_t c = next_single_closer(f, start, i + len, end);
            if (c >= end)
                return 0;
            /* 'n' and other one-letter elisions are not quotes. */
            size_t letters = 0;
            for (size_t j = i + len; j < c && letters < 2;) {
                uint32_t x;
                j += px_utf8_decode(f->text + j, c - j, &x);
                if (is_word(x))
                    letters++;
            }
            if (letters < 2)
                return 0;
            open_quote(f, fam, cp, i, len, pi);
        }
        return 0;
    }
}

/* Nonzero when paragraph p opens with the same opening mark as the quote
 * left open (`opener`); *len receives the mark's length. */
static int reopens(const char *t, const px_para *p, uint32_t opener,
                   size_t *len)
{
    size_t s = p->span.start, e = p->span.end;
    if (s >= e)
        return 0;
    size_t n = px_quote_mark_len(t, s, e);
    if (!n)
        return 0;
    uint32_t cp;
    px_utf8_decode(t + s, e - s, &cp);
    if (cp != opener)
        return 0; /* a "…" paragraph then a “…” one: two quotes */
    if (is_space(cp_at(t, s + n, e)))
        return 0;
    *len = n;
    return 1;
}

/* Nonzero when paragraph p holds a closing mark of `family` before any
 * opening mark: the line break before it was a wrap inside the quote, not
 * the end of an unclosed one. */
static int closes_first(const char *t, const px_para *p, int family)
{
    size_t s = p->span.start, e = p->span.end, i = s;
    while (i < e) {
        size_t n = px_quote_mark_len(t, i, e);
        if (!n) {
            i++;
            continue;
        }
        uint32_t cp;
        px_utf8_decode(t + i, e - i, &cp);
        if (n == 2 && cp == '\'')
            cp = '"';
        uint32_t prev = cp_before(t, s, i), next = cp_at(t, i + n, e);
        if (family_of(cp) == family && closer_ctx(prev, next) &&
            !opener_ctx(prev, next))
            return 1;
        if (opener_ctx(prev, next) && !closer_ctx(prev, next))
            return 0;
        i += n;
    }
    return 0;
}

/* The first offset in text[i..end) where a quote mark may start: a
 * straight mark or a byte that is not ASCII (every curly mark and
 * guillemet), else end. Most of a page is plain ASCII without marks, and
 * is passed over a block of bytes at a time (px_find_any4). */
static size_t next_mark_byte(const char *text, size_t i, size_t end)
{
    return px_find_any4(text, i, end, '"', '\'', '"', '\'', 1);
}

int px_quotes_find(const char *text, const px_para *paras, size_t n,
                   px_quotevec *out)
{
    finder f;
    memset(&f, 0, sizeof f);
    f.text = text;
    f.out = out;
    for (size_t pi = 0; pi < n; pi++) {
        const px_para *p = &paras[pi];
        size_t i = p->span.start, end = p->span.end;
        f.scan_from = SIZE_MAX;
        f.next_closer = 0;
        f.headline = (int)p->headline;
        if (f.depth > 0) {
            /* Left open by the paragraph before: the news convention for a
             * long quote is to re-open each new paragraph without closing
             * the last one. */
            size_t len = 0;
            if (!p->headline && reopens(text, p, f.stack[0].cp, &len)) {
                f.depth = 1;
                f.cur.flags |= PRECIS_QUOTE_MULTI_PARAGRAPH;
                i += len;
            } else if (p->soft && !p->headline &&
                       closes_first(text, p, f.stack[0].family)) {
                f.depth = 1; /* a line break inside the quote */
            } else {
                int rc = close_unclosed(&f, &paras[pi - 1], pi - 1);
                if (rc)
                    return rc;
            }
        }
        while ((i = next_mark_byte(text, i, end)) < end) {
            unsigned char c = (unsigned char)text[i];
            uint32_t cp = c;
            size_t len = 1;
            if (c >= 0x80)
                len = px_utf8_decode(text + i, end - i, &cp);
            else if (c == '\'' && i + 1 < end && text[i + 1] == '\'') {
                cp = '"'; /* '' is a straight double mark */
                len = 2;
            }
            if (family_of(cp) != FAM_NONE) {
                int rc = on_mark(&f, cp, i, len, p, pi);
                if (rc)
                    return rc;
            }
            i += len;
        }
        if (f.depth > 0) {
            /* Nested quotes end with their paragraph; a top-level double
             * quote may go on in the next one, a single one does not. */
            f.depth = 1;
            if (p->headline || pi + 1 == n ||
                (paras[pi + 1].soft && f.stack[0].family == FAM_SINGLE) ||
                (f.stack[0].family != FAM_DOUBLE &&
                 f.stack[0].family != FAM_GUIL)) {
                int rc = close_unclosed(&f, p, pi);
                if (rc)
                    return rc;
            }
        }
    }
    return 0;
}
