/* utf8.h: UTF-8 checking, repair, decoding, and the few Unicode character
 * properties precis needs (letters, digits, spaces, case folding). */
#ifndef PRECIS_UTF8_H
#define PRECIS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Offset of the first byte that starts an invalid sequence (overlong,
 * surrogate, above U+10FFFF, truncated, stray continuation), or len. */
size_t px_utf8_validate(const char *s, size_t len);

/* A copy of s with each invalid sequence replaced by U+FFFD (EF BF BD),
 * NUL-terminated. *out OWNED: px_free. Returns 0 or PRECIS_ENOMEM. */
int px_utf8_repair(const char *s, size_t len, char **out, size_t *out_len);

/* Decodes the code point at s[0..len) (len >= 1), which must be valid
 * UTF-8; returns its length in bytes (1..4). */
size_t px_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Length of the code point that ends just before s[at]: steps back over
 * continuation bytes (at > 0). */
size_t px_utf8_prev_len(const char *s, size_t at);

/* Writes cp as UTF-8 into out (room for 4); returns the length. */
size_t px_utf8_encode(uint32_t cp, char *out);

/* Simple case folding (to lower case) for Latin, Greek, Cyrillic,
 * Armenian and the other bicameral scripts in the BMP. */
uint32_t px_unicode_fold(uint32_t cp);

int px_unicode_is_letter(uint32_t cp);  /* alphabetic, incl. marks */
int px_unicode_is_upper(uint32_t cp);   /* has a lower-case mapping */
int px_unicode_is_digit(uint32_t cp);   /* 0-9 and other decimal digits */
int px_unicode_is_space(uint32_t cp);   /* incl. NBSP, U+2000..200A, U+3000 */

/* The folded form of each ASCII letter and digit, 0 for every other byte
 * (bytes >= 0x80 included, so any byte indexes it): the fast path of the
 * tokenizer and of layout's line normalisation. */
extern const unsigned char px_ascii_folded[256];

#endif
