/* token.h: the tokenizer (precis_tokenize is its public face). */
#ifndef PRECIS_TOKEN_H
#define PRECIS_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"
#include "utf8.h"

/* Tokenizes text[start..end) reporting absolute offsets into text.
 * Same contract as precis_tokenize. */
int px_tokenize(const char *text, size_t start, size_t end,
                precis_token_cb cb, void *ctx);

/* The next token of text[i..end), for callers that need no folded text:
 * returns its start (end when there is none) and sets *kind
 * (PRECIS_TOKEN_*), *stop (its end) and *ascii (1 when every byte of it
 * is ASCII, so that its folded text is its bytes in lower case). The same
 * tokens as px_tokenize. */
size_t px_token_next(const char *text, size_t i, size_t end, int *kind,
                     size_t *stop, int *ascii);

/* The fast path of px_token_next, inline for the layout's per-line scan,
 * where most tokens are ASCII words between ASCII spaces and marks.
 *
 * px_token_skip: the first offset in [i, end) where a token can start (an
 * ASCII letter or digit, or a byte >= 0x80, which only px_token_next can
 * judge), or end. Every byte it steps over is ASCII and no letter or
 * digit, so px_token_next would step over it too. Tokens are a few bytes
 * apart: a byte at a time costs less here than eight at once. */
static inline size_t px_token_skip(const char *text, size_t i, size_t end)
{
    const unsigned char *u = (const unsigned char *)text;
    while (i < end && u[i] < 0x80 && !px_ascii_folded[u[i]])
        i++;
    return i;
}

/* Whether a joiner joins the parts of a token around it (the rules of
 * token.c, for both ways of reading): `mark` is the joiner as it folds
 * (' - . or ,); the token so far ends in a digit when `after_digit` (else
 * in a letter) and is all digits when `in_number`; the next character is
 * a letter (`next_letter`; an s when `next_s`) or a digit (`next_digit`).
 * An apostrophe joins letters, and a digit to an s ("1990's"); a hyphen
 * joins a letter or digit on; '.' and ',' join the digits of a number. */
static inline int px_token_joins(char mark, int after_digit, int next_letter,
                                 int next_digit, int next_s, int in_number)
{
    if (mark == '\'')
        return after_digit ? next_letter && next_s : next_letter;
    if (mark == '-')
        return next_letter || next_digit;
    return in_number && after_digit && next_digit;
}

/* The token at text[i] when it is ASCII from start to end: returns its
 * kind (PRECIS_TOKEN_*) and sets *stop and *joins (the marks ' - . , that
 * join its parts), as px_token_next would (with *ascii 1); with `fold`
 * not NULL, also writes its folded text there (its bytes in lower case,
 * *stop - i of them; fold needs room for end - i). `end_stops` (a
 * constant) says that text[end] is no ASCII letter or digit (a line's
 * white space, the text's NUL), so that a run of them ends before it by
 * itself, with no test of the bound. Returns 0, leaving the token to
 * px_token_next, when text[i] is no ASCII letter or digit, or when a byte
 * >= 0x80 may continue or join the token. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int px_token_ascii(const char *text, size_t i, size_t end,
                                 int end_stops, char *fold, size_t *stop,
                                 size_t *joins)
{
    const unsigned char *u = (const unsigned char *)text;
    if (!px_ascii_folded[u[i]])
        return 0;
    /* In ASCII the digits sort before the letters. */
    int number = u[i] <= '9';
    int in_number = number;
    size_t k = i, joined = 0;
    for (;;) {
        size_t run = k;
        unsigned char f;
        /* Words are a few bytes long: a table load a byte costs fewer
         * instructions than testing eight or sixteen at once. */
        while ((end_stops || k < end) && (f = px_ascii_folded[u[k]]) != 0) {
            if (fold)
                fold[k - i] = (char)f;
            k++;
        }
        for (size_t q = run; in_number && q < k; q++)
            in_number = u[q] <= '9';
        if (k == end)
            break;
        int after_digit = u[k - 1] <= '9';
        unsigned char c = u[k];
        if (c >= 0x80) {
            /* A letter, digit, apostrophe or hyphen may carry the token
             * on; any other character ends it. */
            uint32_t cp;
            px_utf8_decode(text + k, end - k, &cp);
            if (px_unicode_is_letter(cp) || px_unicode_is_digit(cp) ||
                cp == 0x2019 || cp == 0x2010 || cp == 0x2011)
                return 0;
            break;
        }
        if ((c != '\'' && c != '-' && c != '.' && c != ',') || k + 1 >= end)
            break;
        unsigned char next = u[k + 1];
        if (next >= 0x80)
            return 0;
        int next_digit = next >= '0' && next <= '9';
        int next_letter = px_ascii_folded[next] && !next_digit;
        if (!px_token_joins((char)c, after_digit, next_letter, next_digit,
                            next == 's', in_number))
            break;
        if (c == '-')
            in_number = 0;
        if (fold)
            fold[k - i] = (char)c;
        joined++;
        k++;
    }
    *stop = k;
    *joins = joined;
    return number ? PRECIS_TOKEN_NUMBER : PRECIS_TOKEN_WORD;
}

/* A token kept for a later pass: its bytes in the text and the cache
 * entry of its folded word in the analyzer that read it (px_analyzer_info),
 * or PX_TOKEN_NUMBER for a number. The layout records every token of a
 * page this way, so that the article takes its sentences' words from the
 * record instead of reading the text again. */
typedef struct px_token {
    size_t start;
    uint32_t len;  /* PX_TOKEN_LONG when it does not fit */
    uint32_t word;
} px_token;

#define PX_TOKEN_NUMBER UINT32_MAX
#define PX_TOKEN_LONG UINT32_MAX

typedef struct px_tokvec {
    px_token *items;
    size_t count, cap;
} px_tokvec;

#endif
