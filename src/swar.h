/* swar.h: tests on eight bytes at once, in one 64-bit word.
 *
 * Scans that look for a rare pair of bytes ("a space before a capital")
 * spend their time on the bytes that are not it. Loading eight bytes and
 * marking, in the high bit of each byte, those that pass a test lets such
 * a scan skip eight bytes per step. Every test is exact: no byte is
 * marked that fails it, and a carry never crosses from one byte into the
 * next. Byte k of a loaded word is the byte at p + k whatever the
 * machine's byte order, so the lowest marked byte is the first in the
 * text. */
#ifndef PRECIS_SWAR_H
#define PRECIS_SWAR_H

#include <stdint.h>
#include <string.h>

#define PX_SWAR_ONES 0x0101010101010101ull
#define PX_SWAR_HIGHS 0x8080808080808080ull

/* The 8 bytes at p, byte k of the text as byte k of the word (its bits
 * 8k to 8k + 7). */
static inline uint64_t px_swar_load(const void *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* The high bit of every byte of x equal to c. */
static inline uint64_t px_swar_eq(uint64_t x, unsigned char c)
{
    uint64_t y = x ^ (PX_SWAR_ONES * c);
    /* A byte's low seven bits plus 0x7F set its high bit unless they are
     * all 0; with y's own high bit, that leaves exactly the zero bytes. */
    uint64_t t = (y & ~PX_SWAR_HIGHS) + ~PX_SWAR_HIGHS;
    return ~(t | y | ~PX_SWAR_HIGHS);
}

/* The high bit of every byte of x in [lo, hi], an ASCII range (lo <= hi
 * <= 0x7F); a byte >= 0x80 is never marked. */
static inline uint64_t px_swar_in(uint64_t x, unsigned char lo,
                                  unsigned char hi)
{
    uint64_t low7 = x & ~PX_SWAR_HIGHS;
    uint64_t at_least_lo = low7 + PX_SWAR_ONES * (unsigned char)(0x80 - lo);
    uint64_t above_hi = low7 + PX_SWAR_ONES * (unsigned char)(0x7F - hi);
    return at_least_lo & ~above_hi & ~x & PX_SWAR_HIGHS;
}

/* The index of the lowest bit set in m, which is not 0. */
static inline unsigned px_ctz64(uint64_t m)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(m);
#else
    unsigned k = 0;
    while (!(m & 1))
        m >>= 1, k++;
    return k;
#endif
}

/* The index (0 to 7) of the first byte marked in m, which is not 0. */
static inline unsigned px_swar_first(uint64_t m)
{
    return px_ctz64(m) >> 3;
}

/* ------------------------------------------------------------------------
 * Finding the first of a few rare bytes.
 *
 * The splitter and the per-sentence checks jump from one byte of a small
 * set (a terminator, a quote mark, a lead byte of UTF-8) to the next. A
 * memchr per byte value costs some 35 instructions of call and set-up,
 * more than the few dozen bytes a sentence has between such bytes; these
 * scans are inline, test up to four byte values (and, when asked, every
 * byte >= 0x80) at once, sixteen bytes a step with SSE2 and eight with
 * the portable path. Both paths give the same answer (test_swar_find).
 * ------------------------------------------------------------------------ */

/* The high bit of every byte of x equal to a, b, c or d, or (high != 0)
 * at or above 0x80. */
static inline uint64_t px_swar_any4(uint64_t x, unsigned char a,
                                    unsigned char b, unsigned char c,
                                    unsigned char d, int high)
{
    uint64_t m = px_swar_eq(x, a) | px_swar_eq(x, b) | px_swar_eq(x, c) |
                 px_swar_eq(x, d);
    return high ? m | (x & PX_SWAR_HIGHS) : m;
}

/* Whether px_swar_any4 marks the byte x: the byte-at-a-time test of a
 * short span, and the reference the wide paths are held to. */
static inline int px_find_is_any4(unsigned char x, unsigned char a,
                                  unsigned char b, unsigned char c,
                                  unsigned char d, int high)
{
    return x == a || x == b || x == c || x == d || (high && x >= 0x80);
}

/* The first offset in [i, end) of a byte equal to a, b, c or d (repeat
 * one to test fewer), or with `high` of any byte >= 0x80; end when there
 * is none. Eight bytes a step: the portable path. The last few bytes of
 * a span of eight or more are the eight that end it, loaded again with
 * the ones already tested shifted out, so no span but a short one is
 * walked a byte at a time. */
static inline size_t px_find_any4_swar(const char *t, size_t i, size_t end,
                                       unsigned char a, unsigned char b,
                                       unsigned char c, unsigned char d,
                                       int high)
{
    size_t from = i;
    for (; end - i >= 8; i += 8) {
        uint64_t m = px_swar_any4(px_swar_load(t + i), a, b, c, d, high);
        if (m)
            return i + px_swar_first(m);
    }
    if (i < end && end - from >= 8) {
        size_t at = end - 8;
        uint64_t m = px_swar_any4(px_swar_load(t + at), a, b, c, d, high) >>
                     (8 * (i - at));
        return m ? i + px_swar_first(m) : end;
    }
    while (i < end && !px_find_is_any4((unsigned char)t[i], a, b, c, d, high))
        i++;
    return i;
}

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>

/* Bit k set for each byte p[k] (k < 16) that px_find_is_any4 accepts;
 * va to vd hold a to d in every byte. */
static inline unsigned px_sse2_any4(const char *p, __m128i va, __m128i vb,
                                    __m128i vc, __m128i vd, int high)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i m = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
        _mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vd)));
    if (high)
        m = _mm_or_si128(m, x); /* only the high bits are read */
    return (unsigned)_mm_movemask_epi8(m);
}

/* As px_find_any4_swar, sixteen bytes a step. */
static inline size_t px_find_any4_sse2(const char *t, size_t i, size_t end,
                                       unsigned char a, unsigned char b,
                                       unsigned char c, unsigned char d,
                                       int high)
{
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b),
                  vc = _mm_set1_epi8((char)c), vd = _mm_set1_epi8((char)d);
    size_t from = i;
    for (; end - i >= 16; i += 16) {
        unsigned bits = px_sse2_any4(t + i, va, vb, vc, vd, high);
        if (bits)
            return i + (unsigned)__builtin_ctz(bits);
    }
    if (i < end && end - from >= 16) {
        size_t at = end - 16;
        unsigned bits = px_sse2_any4(t + at, va, vb, vc, vd, high) >> (i - at);
        return bits ? i + (unsigned)__builtin_ctz(bits) : end;
    }
    return px_find_any4_swar(t, i, end, a, b, c, d, high);
}
#endif

/* px_find_any4_swar, or its SSE2 twin where the machine has SSE2. */
static inline size_t px_find_any4(const char *t, size_t i, size_t end,
                                  unsigned char a, unsigned char b,
                                  unsigned char c, unsigned char d, int high)
{
#if defined(__SSE2__) && defined(__GNUC__)
    return px_find_any4_sse2(t, i, end, a, b, c, d, high);
#else
    return px_find_any4_swar(t, i, end, a, b, c, d, high);
#endif
}

/* The high bit of byte k of the result for each k < 8 with p[k] == c
 * and p[k + 1] in [lo, hi], an ASCII range. */
static inline uint64_t px_swar_pair(const char *p, unsigned char c,
                                    unsigned char lo, unsigned char hi)
{
    return px_swar_eq(px_swar_load(p), c) &
           px_swar_in(px_swar_load(p + 1), lo, hi);
}

/* The first i in [from, limit) with t[i] == c and t[i + 1] in [lo, hi],
 * an ASCII range; limit when there is none. t[limit] must be readable.
 * Eight positions a step, the last few as px_find_any4_swar takes them:
 * the portable path. */
static inline size_t px_find_pair_swar(const char *t, size_t from,
                                       size_t limit, unsigned char c,
                                       unsigned char lo, unsigned char hi)
{
    size_t i = from;
    for (; limit - i >= 8; i += 8) {
        uint64_t m = px_swar_pair(t + i, c, lo, hi);
        if (m)
            return i + px_swar_first(m);
    }
    if (i < limit && limit - from >= 8) {
        size_t at = limit - 8;
        uint64_t m = px_swar_pair(t + at, c, lo, hi) >> (8 * (i - at));
        return m ? i + px_swar_first(m) : limit;
    }
    for (; i < limit; i++)
        if ((unsigned char)t[i] == c && (unsigned char)t[i + 1] >= lo &&
            (unsigned char)t[i + 1] <= hi)
            return i;
    return limit;
}

#if defined(__SSE2__) && defined(__GNUC__)
/* Bit k set for each k < 16 with p[k] equal to vc's bytes and p[k + 1]
 * - vlo, wrapping, at most span's: in [lo, lo + span]. */
static inline unsigned px_sse2_pair(const char *p, __m128i vc, __m128i vlo,
                                    __m128i span)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
    __m128i d = _mm_sub_epi8(y, vlo);
    __m128i in = _mm_cmpeq_epi8(_mm_min_epu8(d, span), d);
    return (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(x, vc), in));
}

/* As px_find_pair_swar, sixteen positions a step. */
static inline size_t px_find_pair_sse2(const char *t, size_t from,
                                       size_t limit, unsigned char c,
                                       unsigned char lo, unsigned char hi)
{
    const __m128i vc = _mm_set1_epi8((char)c), vlo = _mm_set1_epi8((char)lo),
                  span = _mm_set1_epi8((char)(hi - lo));
    size_t i = from;
    for (; limit - i >= 16; i += 16) {
        unsigned bits = px_sse2_pair(t + i, vc, vlo, span);
        if (bits)
            return i + (unsigned)__builtin_ctz(bits);
    }
    if (i < limit && limit - from >= 16) {
        size_t at = limit - 16;
        unsigned bits = px_sse2_pair(t + at, vc, vlo, span) >> (i - at);
        return bits ? i + (unsigned)__builtin_ctz(bits) : limit;
    }
    return px_find_pair_swar(t, i, limit, c, lo, hi);
}
#endif

/* px_find_pair_swar, or its SSE2 twin where the machine has SSE2. */
static inline size_t px_find_pair(const char *t, size_t from, size_t limit,
                                  unsigned char c, unsigned char lo,
                                  unsigned char hi)
{
#if defined(__SSE2__) && defined(__GNUC__)
    return px_find_pair_sse2(t, from, limit, c, lo, hi);
#else
    return px_find_pair_swar(t, from, limit, c, lo, hi);
#endif
}

/* Whether byte x is the ASCII letter a (given in lower case) in either
 * case: setting bit 5 makes only the letter's two cases a. */
static inline int px_is_letter_ci(unsigned char x, unsigned char a)
{
    return (x | 0x20) == a;
}

/* The first i in [from, limit) with t[i] and t[i + 1] the ASCII letters
 * a and b (given in lower case), either in either case; limit when there
 * is none. t[limit] must be readable. Eight positions a step, the last
 * few as px_find_any4_swar takes them: the portable path. */
static inline size_t px_find_letters_swar(const char *t, size_t from,
                                          size_t limit, unsigned char a,
                                          unsigned char b)
{
    const uint64_t fold = PX_SWAR_ONES * 0x20;
    size_t i = from;
    for (; limit - i >= 8; i += 8) {
        uint64_t m = px_swar_eq(px_swar_load(t + i) | fold, a) &
                     px_swar_eq(px_swar_load(t + i + 1) | fold, b);
        if (m)
            return i + px_swar_first(m);
    }
    if (i < limit && limit - from >= 8) {
        size_t at = limit - 8;
        uint64_t m = (px_swar_eq(px_swar_load(t + at) | fold, a) &
                      px_swar_eq(px_swar_load(t + at + 1) | fold, b)) >>
                     (8 * (i - at));
        return m ? i + px_swar_first(m) : limit;
    }
    for (; i < limit; i++)
        if (px_is_letter_ci((unsigned char)t[i], a) &&
            px_is_letter_ci((unsigned char)t[i + 1], b))
            return i;
    return limit;
}

#if defined(__SSE2__) && defined(__GNUC__)
/* Bit k set for each k < 16 with p[k] and p[k + 1] the letters in va
 * and vb (lower case) in any case. */
static inline unsigned px_sse2_letters(const char *p, __m128i va,
                                       __m128i vb)
{
    const __m128i fold = _mm_set1_epi8(0x20);
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
    return (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(x, fold), va),
                      _mm_cmpeq_epi8(_mm_or_si128(y, fold), vb)));
}

/* As px_find_letters_swar, sixteen positions a step. */
static inline size_t px_find_letters_sse2(const char *t, size_t from,
                                          size_t limit, unsigned char a,
                                          unsigned char b)
{
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b);
    size_t i = from;
    for (; limit - i >= 16; i += 16) {
        unsigned bits = px_sse2_letters(t + i, va, vb);
        if (bits)
            return i + (unsigned)__builtin_ctz(bits);
    }
    if (i < limit && limit - from >= 16) {
        size_t at = limit - 16;
        unsigned bits = px_sse2_letters(t + at, va, vb) >> (i - at);
        return bits ? i + (unsigned)__builtin_ctz(bits) : limit;
    }
    return px_find_letters_swar(t, i, limit, a, b);
}
#endif

/* px_find_letters_swar, or its SSE2 twin where the machine has SSE2. */
static inline size_t px_find_letters(const char *t, size_t from,
                                     size_t limit, unsigned char a,
                                     unsigned char b)
{
#if defined(__SSE2__) && defined(__GNUC__)
    return px_find_letters_sse2(t, from, limit, a, b);
#else
    return px_find_letters_swar(t, from, limit, a, b);
#endif
}

/* The first offset in [i, end) of a byte >= 0x80, or end: how far a run
 * of ASCII goes, which is most of news text. Thirty-two bytes a step
 * (four words or-ed, one test), then eight, then one: the portable
 * path. */
static inline size_t px_find_high_swar(const char *t, size_t i, size_t end)
{
    for (; end - i >= 32; i += 32) {
        uint64_t w[4];
        memcpy(w, t + i, sizeof w);
        if ((w[0] | w[1] | w[2] | w[3]) & PX_SWAR_HIGHS)
            break;
    }
    for (; end - i >= 8; i += 8) {
        uint64_t m = px_swar_load(t + i) & PX_SWAR_HIGHS;
        if (m)
            return i + px_swar_first(m);
    }
    while (i < end && (unsigned char)t[i] < 0x80)
        i++;
    return i;
}

#if defined(__SSE2__) && defined(__GNUC__)
/* As px_find_high_swar, sixty-four bytes a step, then sixteen. */
static inline size_t px_find_high_sse2(const char *t, size_t i, size_t end)
{
    for (; end - i >= 64; i += 64) {
        const __m128i *p = (const __m128i *)(const void *)(t + i);
        __m128i m = _mm_or_si128(
            _mm_or_si128(_mm_loadu_si128(p), _mm_loadu_si128(p + 1)),
            _mm_or_si128(_mm_loadu_si128(p + 2), _mm_loadu_si128(p + 3)));
        if (_mm_movemask_epi8(m))
            break;
    }
    for (; end - i >= 16; i += 16) {
        unsigned bits = (unsigned)_mm_movemask_epi8(
            _mm_loadu_si128((const __m128i *)(const void *)(t + i)));
        if (bits)
            return i + (unsigned)__builtin_ctz(bits);
    }
    return px_find_high_swar(t, i, end);
}
#endif

/* px_find_high_swar, or its SSE2 twin where the machine has SSE2. */
static inline size_t px_find_high(const char *t, size_t i, size_t end)
{
#if defined(__SSE2__) && defined(__GNUC__)
    return px_find_high_sse2(t, i, end);
#else
    return px_find_high_swar(t, i, end);
#endif
}

/* ------------------------------------------------------------------------
 * Classifying a line for the tokenizer.
 *
 * The layout reads every line's tokens. Testing each byte as it walks
 * a token costs a load, a test and a branch a byte, and as much again
 * per token to start and stop; words are some five bytes long. Instead
 * a line is classified once, sixteen bytes a step with SSE2 and eight
 * with the portable path: a bitmap of its ASCII letters and digits, one
 * of its bytes >= 0x80, and its bytes with A-Z in lower case (an ASCII
 * token's folded text is then a slice of that copy). Tokens are then
 * found a bit scan at a time. Both paths give the same answer
 * (test_swar_line).
 * ------------------------------------------------------------------------ */

/* Bytes a bitmap word covers. */
#define PX_LINE_BLOCK 64

/* The bitmap words a line of n bytes needs. */
static inline size_t px_line_words(size_t n)
{
    return (n + PX_LINE_BLOCK - 1) / PX_LINE_BLOCK;
}

/* The high bits of the 8 bytes of m (each 0x80 or 0) as bits 0 to 7,
 * byte k as bit k: the multiplier's terms land on distinct bits, so no
 * carry mixes them. */
static inline unsigned px_swar_bits(uint64_t m)
{
    return (unsigned)(((m >> 7) * 0x0102040810204080ull) >> 56);
}

/* The 8 bytes of x (as px_swar_load gives them) back to p. */
static inline void px_swar_store(void *p, uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    memcpy(p, &x, 8);
}

/* One 64-byte block at src (all of it readable): its folded bytes to dst,
 * its letters and digits to *alnum and its bytes >= 0x80 to *high. The
 * portable path. */
static inline void px_line_block_swar(const char *src, char *dst,
                                      uint64_t *alnum, uint64_t *high)
{
    uint64_t a = 0, h = 0;
    for (unsigned k = 0; k < PX_LINE_BLOCK; k += 8) {
        uint64_t x = px_swar_load(src + k);
        uint64_t upper = px_swar_in(x, 'A', 'Z');
        uint64_t m = upper | px_swar_in(x, 'a', 'z') | px_swar_in(x, '0', '9');
        /* A marked byte has 0x80 set: shifted, it is the case bit. */
        px_swar_store(dst + k, x | (upper >> 2));
        a |= (uint64_t)px_swar_bits(m) << k;
        h |= (uint64_t)px_swar_bits(x & PX_SWAR_HIGHS) << k;
    }
    *alnum = a;
    *high = h;
}

#if defined(__SSE2__) && defined(__GNUC__)
/* As px_line_block_swar, sixteen bytes a step. */
static inline void px_line_block_sse2(const char *src, char *dst,
                                      uint64_t *alnum, uint64_t *high)
{
    /* A byte b is in [lo, lo + span) when b + (0x80 - lo), read as
     * signed, is below -0x80 + span: the shift moves the range to the
     * bottom of the signed bytes. */
    const __m128i to_a = _mm_set1_epi8((char)(0x80 - 'a')),
                  to_upper = _mm_set1_epi8((char)(0x80 - 'A')),
                  to_digit = _mm_set1_epi8((char)(0x80 - '0')),
                  letters = _mm_set1_epi8((char)(-0x80 + 26)),
                  digits = _mm_set1_epi8((char)(-0x80 + 10)),
                  case_bit = _mm_set1_epi8(0x20);
    uint64_t a = 0, h = 0;
    for (unsigned k = 0; k < PX_LINE_BLOCK; k += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(src + k));
        /* x | 0x20 is a-z exactly for the ASCII letters of either case. */
        __m128i letter = _mm_cmplt_epi8(
            _mm_add_epi8(_mm_or_si128(x, case_bit), to_a), letters);
        __m128i upper =
            _mm_cmplt_epi8(_mm_add_epi8(x, to_upper), letters);
        __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, to_digit), digits);
        _mm_storeu_si128((__m128i *)(void *)(dst + k),
                         _mm_or_si128(x, _mm_and_si128(upper, case_bit)));
        a |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit))
             << k;
        h |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << k;
    }
    *alnum = a;
    *high = h;
}
#endif

/* Classifies the n bytes at src: bit k % 64 of alnum[k / 64] is set when
 * src[k] is an ASCII letter or digit, of high[k / 64] when src[k] >=
 * 0x80 (the bits past n are clear), and dst[k] is src[k] with A-Z in
 * lower case. alnum and high hold px_line_words(n) words; dst needs room
 * for n rounded up to a multiple of PX_LINE_BLOCK (the bytes past n are
 * written, with no meaning). Only the n bytes at src are read. `block`
 * is one of the px_line_block_* functions. */
static inline void px_line_classify_with(
    const char *src, size_t n, char *dst, uint64_t *alnum, uint64_t *high,
    void (*block)(const char *, char *, uint64_t *, uint64_t *))
{
    size_t b = 0;
    for (; n - b * PX_LINE_BLOCK >= PX_LINE_BLOCK; b++)
        block(src + b * PX_LINE_BLOCK, dst + b * PX_LINE_BLOCK, alnum + b,
              high + b);
    size_t rest = n - b * PX_LINE_BLOCK;
    if (rest) {
        /* The last bytes from a copy, padded with zeros (no letter, digit
         * or high byte): the line may end where the text does. */
        char tail[PX_LINE_BLOCK] = {0};
        memcpy(tail, src + b * PX_LINE_BLOCK, rest);
        block(tail, dst + b * PX_LINE_BLOCK, alnum + b, high + b);
    }
}

/* px_line_classify_with the SSE2 blocks where the machine has SSE2, else
 * the portable ones. */
static inline void px_line_classify(const char *src, size_t n, char *dst,
                                    uint64_t *alnum, uint64_t *high)
{
#if defined(__SSE2__) && defined(__GNUC__)
    px_line_classify_with(src, n, dst, alnum, high, px_line_block_sse2);
#else
    px_line_classify_with(src, n, dst, alnum, high, px_line_block_swar);
#endif
}

#endif
