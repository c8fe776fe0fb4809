/* token.c: words and numbers with their byte offsets, the way SQLite's
 * FTS5 tokenizers report them: a callback per token with the folded text
 * and the original [start, end).
 *
 * A word is a run of letters and digits that starts with a letter; it
 * keeps an inner apostrophe (' or U+2019, written as ') when a letter
 * follows ("putin's", "o'neill") and an inner hyphen between letters or
 * digits ("nagorno-karabakh", "covid-19"). A number starts with a digit,
 * keeps '.' or ',' between digits ("2.5", "10,000") and letters right
 * after ("10.9bn", "1990s", "3rd"). Currency and percent signs are not
 * part of a token. */
#include "token.h"

#include <string.h>

#include "alloc.h"
#include "utf8.h"

/* Classes of ASCII bytes. Bytes >= 0x80 are decoded instead. */
enum { C_OTHER = 0, C_LOWER, C_UPPER, C_DIGIT };

#define DIGITS10(c) [c] = C_DIGIT, [c + 1] = C_DIGIT, [c + 2] = C_DIGIT, \
    [c + 3] = C_DIGIT, [c + 4] = C_DIGIT, [c + 5] = C_DIGIT,             \
    [c + 6] = C_DIGIT, [c + 7] = C_DIGIT, [c + 8] = C_DIGIT, [c + 9] = C_DIGIT

/* A table, so that the hot loop does one load per byte. */
static const unsigned char ascii_classes[128] = {
    DIGITS10('0'),
    ['A'] = C_UPPER, ['B'] = C_UPPER, ['C'] = C_UPPER, ['D'] = C_UPPER,
    ['E'] = C_UPPER, ['F'] = C_UPPER, ['G'] = C_UPPER, ['H'] = C_UPPER,
    ['I'] = C_UPPER, ['J'] = C_UPPER, ['K'] = C_UPPER, ['L'] = C_UPPER,
    ['M'] = C_UPPER, ['N'] = C_UPPER, ['O'] = C_UPPER, ['P'] = C_UPPER,
    ['Q'] = C_UPPER, ['R'] = C_UPPER, ['S'] = C_UPPER, ['T'] = C_UPPER,
    ['U'] = C_UPPER, ['V'] = C_UPPER, ['W'] = C_UPPER, ['X'] = C_UPPER,
    ['Y'] = C_UPPER, ['Z'] = C_UPPER,
    ['a'] = C_LOWER, ['b'] = C_LOWER, ['c'] = C_LOWER, ['d'] = C_LOWER,
    ['e'] = C_LOWER, ['f'] = C_LOWER, ['g'] = C_LOWER, ['h'] = C_LOWER,
    ['i'] = C_LOWER, ['j'] = C_LOWER, ['k'] = C_LOWER, ['l'] = C_LOWER,
    ['m'] = C_LOWER, ['n'] = C_LOWER, ['o'] = C_LOWER, ['p'] = C_LOWER,
    ['q'] = C_LOWER, ['r'] = C_LOWER, ['s'] = C_LOWER, ['t'] = C_LOWER,
    ['u'] = C_LOWER, ['v'] = C_LOWER, ['w'] = C_LOWER, ['x'] = C_LOWER,
    ['y'] = C_LOWER, ['z'] = C_LOWER,
};

static unsigned char ascii_class(unsigned char b)
{
    return ascii_classes[b & 0x7F];
}

/* The folded text of the token being built. Starts on the stack; moves to
 * the heap only for a token longer than that. */
typedef struct fold_buf {
    char *p;
    size_t len, cap;
    char local[256];
} fold_buf;

static int fold_grow(fold_buf *b, size_t more)
{
    size_t cap = b->cap * 2;
    while (cap < b->len + more)
        cap *= 2;
    char *p;
    if (b->p == b->local) {
        p = px_malloc(cap);
        if (p)
            memcpy(p, b->local, b->len);
    } else {
        p = px_realloc(b->p, cap);
    }
    if (!p)
        return PRECIS_ENOMEM;
    b->p = p;
    b->cap = cap;
    return PRECIS_OK;
}

static inline int fold_reserve(fold_buf *b, size_t more)
{
    return b->len + more <= b->cap ? PRECIS_OK : fold_grow(b, more);
}

/* What sits at text[i]: its kind (letter, digit, other) and length. */
typedef struct unit {
    int kind; /* C_OTHER, C_LOWER (any letter), C_DIGIT */
    uint32_t cp;
    size_t len;
} unit;

static inline unit read_unit(const char *text, size_t i, size_t end)
{
    unit u;
    unsigned char b = (unsigned char)text[i];

    if (b < 0x80) {
        u.cp = b;
        u.len = 1;
        u.kind = ascii_class(b);
        if (u.kind == C_UPPER)
            u.kind = C_LOWER;
        return u;
    }
    u.len = px_utf8_decode(text + i, end - i, &u.cp);
    if (px_unicode_is_letter(u.cp))
        u.kind = C_LOWER;
    else if (px_unicode_is_digit(u.cp))
        u.kind = C_DIGIT;
    else
        u.kind = C_OTHER;
    return u;
}

static int is_apostrophe(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

/* Hyphen-minus, hyphen, non-breaking hyphen. Dashes (U+2013, U+2014)
 * separate words, as they separate clauses in news prose. */
static int is_hyphen(uint32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static int fold_append(fold_buf *b, const char *text, unit u, size_t at)
{
    if (fold_reserve(b, 4) != PRECIS_OK)
        return PRECIS_ENOMEM;
    if (u.cp < 0x80) {
        unsigned char c = (unsigned char)text[at];
        b->p[b->len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return PRECIS_OK;
    }
    b->len += px_utf8_encode(px_unicode_fold(u.cp), b->p + b->len);
    return PRECIS_OK;
}

/* Scans one token starting at text[i] (a letter or digit). Returns the
 * end offset. With a buffer b, the folded text is left in it (*err set on
 * ENOMEM); without one (NULL) only the end is found, and *ascii tells
 * whether every byte of the token is ASCII. */
/* Inlined into both callers, so that each gets its own loop with or
 * without folding. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline size_t scan_token(const char *text, size_t i, size_t end,
                                int number, fold_buf *b, int *err,
                                int *ascii)
{
    /* In a number, '.' and ',' may join digits, and letters may follow;
     * once a letter has been seen the rest reads as a word. */
    int in_number = number;
    int last_kind = C_OTHER;
    const unsigned char *u = (const unsigned char *)text;

    if (b)
        b->len = 0;
    *ascii = 1;
    while (i < end) {
        unsigned char c = u[i];
        /* A run of ASCII letters and digits, the common case: one table
         * load (and one store when folding) per byte. */
        if (px_ascii_folded[c]) {
            size_t run = i;
            if (!b) {
                while (i < end && px_ascii_folded[u[i]])
                    i++;
            } else {
                for (;;) {
                    /* Fold while there is room; grow only when the run
                     * outlasts it. */
                    char *p = b->p;
                    size_t len = b->len;
                    size_t stop =
                        end - i < b->cap - len ? end : i + (b->cap - len);
                    unsigned char f;
                    while (i < stop && (f = px_ascii_folded[u[i]]) != 0) {
                        p[len++] = (char)f;
                        i++;
                    }
                    b->len = len;
                    if (i == end || !px_ascii_folded[u[i]])
                        break;
                    if (fold_reserve(b, 1) != PRECIS_OK) {
                        *err = PRECIS_ENOMEM;
                        return i;
                    }
                }
            }
            /* ASCII letters sort after the digits. */
            for (size_t k = run; in_number && k < i; k++)
                if (u[k] > '9')
                    in_number = 0;
            last_kind = u[i - 1] > '9' ? C_LOWER : C_DIGIT;
            continue;
        }
        /* Only these ASCII marks can join two parts of a token. */
        if (c < 0x80 && c != '\'' && c != '-' && c != '.' && c != ',')
            break;
        unit un = read_unit(text, i, end);
        if (un.kind != C_OTHER) {
            if (b && fold_append(b, text, un, i) != PRECIS_OK) {
                *err = PRECIS_ENOMEM;
                return i;
            }
            if (un.kind != C_DIGIT)
                in_number = 0;
            last_kind = un.kind;
            *ascii = 0; /* a letter or digit here is not ASCII */
            i += un.len;
            continue;
        }
        /* A joiner counts only between two parts of the token. */
        if (i + un.len >= end)
            break;
        unit next = read_unit(text, i + un.len, end);
        /* The joiner as it folds; 0 for any other mark. */
        char as = is_apostrophe(un.cp) ? '\''
                  : is_hyphen(un.cp)   ? '-'
                  : un.cp == '.' || un.cp == ',' ? (char)un.cp
                                                 : 0;
        /* A joiner follows a letter or digit (last_kind), never another
         * joiner. */
        if (!as || !px_token_joins(as, last_kind == C_DIGIT,
                                   next.kind == C_LOWER,
                                   next.kind == C_DIGIT, next.cp == 's',
                                   in_number))
            break;
        if (as == '-')
            in_number = 0;
        if (b) {
            if (fold_reserve(b, 1) != PRECIS_OK) {
                *err = PRECIS_ENOMEM;
                return i;
            }
            b->p[b->len++] = as;
        }
        if (un.cp >= 0x80)
            *ascii = 0;
        last_kind = C_OTHER;
        i += un.len;
    }
    return i;
}

/* The kind of token that starts at text[i] (0 when none does) and the
 * length of what is there. */
static int token_start(const char *text, size_t i, size_t end, size_t *len)
{
    unsigned char c = (unsigned char)text[i];
    if (c < 0x80) {
        unsigned char k = ascii_class(c);
        *len = 1;
        if (k == C_OTHER)
            return 0;
        return k == C_DIGIT ? PRECIS_TOKEN_NUMBER : PRECIS_TOKEN_WORD;
    }
    unit u = read_unit(text, i, end);
    *len = u.len;
    if (u.kind == C_OTHER)
        return 0;
    return u.kind == C_DIGIT ? PRECIS_TOKEN_NUMBER : PRECIS_TOKEN_WORD;
}

size_t px_token_next(const char *text, size_t i, size_t end, int *kind,
                     size_t *stop, int *ascii)
{
    while (i < end) {
        size_t len, joins;
        i = px_token_skip(text, i, end);
        if (i >= end)
            break;
        int k = px_token_ascii(text, i, end, 0, NULL, stop, &joins);
        if (k) {
            *kind = k;
            *ascii = 1;
            return i;
        }
        k = token_start(text, i, end, &len);
        if (k) {
            *kind = k;
            *stop = scan_token(text, i, end, k == PRECIS_TOKEN_NUMBER, NULL,
                               NULL, ascii);
            return i;
        }
        i += len;
    }
    return end;
}

int px_tokenize(const char *text, size_t start, size_t end,
                precis_token_cb cb, void *ctx)
{
    fold_buf b;
    int rc = PRECIS_OK;
    size_t i = start;

    if ((!text && end > start) || !cb)
        return PRECIS_EINVAL;
    b.p = b.local;
    b.len = 0;
    b.cap = sizeof b.local;
    while (i < end) {
        size_t len;
        int kind = token_start(text, i, end, &len);
        if (!kind) {
            i += len;
            continue;
        }
        int err = PRECIS_OK, ascii;
        size_t stop = scan_token(text, i, end, kind == PRECIS_TOKEN_NUMBER,
                                 &b, &err, &ascii);
        /* A NUL after the folded text, for callers that want a string. */
        if (err == PRECIS_OK)
            err = fold_reserve(&b, 1);
        if (err != PRECIS_OK) {
            rc = err;
            break;
        }
        b.p[b.len] = '\0';
        rc = cb(ctx, kind, b.p, b.len, i, stop);
        if (rc != 0)
            break;
        i = stop;
    }
    if (b.p != b.local)
        px_free(b.p);
    return rc;
}

int precis_tokenize(const char *text, size_t len, precis_token_cb cb,
                    void *ctx)
{
    return px_tokenize(text, 0, len, cb, ctx);
}
