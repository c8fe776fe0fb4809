/* para_scan.h: a paragraph's bytes sorted for the attribution tokenizer,
 * a block at a time.
 *
 * The attribution reads every paragraph of a document with quotes into
 * tokens. Walking each byte through a table to find where a word ends,
 * and each gap to find where the next token starts, cost more than all
 * the tests made on the tokens afterwards. Instead a paragraph is sorted
 * once, sixteen bytes a step with SSE2 and eight with the portable path,
 * into bitmaps (its ASCII letters and digits, its lower-case letters,
 * the bytes where a token may start) and a copy with A-Z in lower case,
 * from which an ASCII word's folded text is a slice. A word's end and
 * the next token's start are then one bit scan each. Both paths give the
 * same answer (test_para_scan). */
#ifndef PRECIS_PARA_SCAN_H
#define PRECIS_PARA_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "swar.h"

/* Bytes one block of bitmaps covers. */
#define PX_PARA_BLOCK 64

/* One block's bitmaps: bit k is about byte k of the block. Bits past the
 * paragraph's end are clear in all of them. */
typedef struct px_para_block {
    uint64_t alnum; /* A-Z, a-z, 0-9 */
    uint64_t lower; /* a-z */
    /* Not ASCII white space, '"' or '\'': a token may start here (for a
     * byte >= 0x80 only once its character is known). */
    uint64_t solid;
} px_para_block;

/* The blocks a paragraph of n bytes needs. */
static inline size_t px_para_blocks(size_t n)
{
    return (n + PX_PARA_BLOCK - 1) / PX_PARA_BLOCK;
}

/* One 64-byte block at src (all of it readable): its bytes with A-Z in
 * lower case to dst, its bitmaps to *b. The portable path. */
static inline void px_para_block_swar(const char *src, char *dst,
                                      px_para_block *b)
{
    uint64_t alnum = 0, lower = 0, skip = 0;
    for (unsigned k = 0; k < PX_PARA_BLOCK; k += 8) {
        uint64_t x = px_swar_load(src + k);
        uint64_t up = px_swar_in(x, 'A', 'Z');
        uint64_t low = px_swar_in(x, 'a', 'z');
        uint64_t sp = px_swar_eq(x, ' ') | px_swar_in(x, '\t', '\r') |
                      px_swar_eq(x, '"') | px_swar_eq(x, '\'');
        /* A marked byte has 0x80 set: shifted, it is the case bit. */
        px_swar_store(dst + k, x | (up >> 2));
        alnum |= (uint64_t)px_swar_bits(up | low | px_swar_in(x, '0', '9'))
                 << k;
        lower |= (uint64_t)px_swar_bits(low) << k;
        skip |= (uint64_t)px_swar_bits(sp) << k;
    }
    b->alnum = alnum;
    b->lower = lower;
    b->solid = ~skip;
}

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>

/* As px_para_block_swar, sixteen bytes a step. */
static inline void px_para_block_sse2(const char *src, char *dst,
                                      px_para_block *b)
{
    /* A byte c is in [lo, lo + span) when c + (0x80 - lo), read as
     * signed, is below -0x80 + span: the shift moves the range to the
     * bottom of the signed bytes. */
    const __m128i to_a = _mm_set1_epi8((char)(0x80 - 'a')),
                  to_upper = _mm_set1_epi8((char)(0x80 - 'A')),
                  to_digit = _mm_set1_epi8((char)(0x80 - '0')),
                  to_tab = _mm_set1_epi8((char)(0x80 - '\t')),
                  letters = _mm_set1_epi8((char)(-0x80 + 26)),
                  digits = _mm_set1_epi8((char)(-0x80 + 10)),
                  controls = _mm_set1_epi8((char)(-0x80 + 5)), /* \t-\r */
                  space = _mm_set1_epi8(' '), dquote = _mm_set1_epi8('"'),
                  squote = _mm_set1_epi8('\''),
                  case_bit = _mm_set1_epi8(0x20);
    uint64_t alnum = 0, lower = 0, skip = 0;
    for (unsigned k = 0; k < PX_PARA_BLOCK; k += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(src + k));
        __m128i low = _mm_cmplt_epi8(_mm_add_epi8(x, to_a), letters);
        __m128i up = _mm_cmplt_epi8(_mm_add_epi8(x, to_upper), letters);
        __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, to_digit), digits);
        __m128i sp = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, space),
                         _mm_cmplt_epi8(_mm_add_epi8(x, to_tab), controls)),
            _mm_or_si128(_mm_cmpeq_epi8(x, dquote),
                         _mm_cmpeq_epi8(x, squote)));
        _mm_storeu_si128((__m128i *)(void *)(dst + k),
                         _mm_or_si128(x, _mm_and_si128(up, case_bit)));
        alnum |= (uint64_t)(unsigned)_mm_movemask_epi8(
                     _mm_or_si128(_mm_or_si128(low, up), digit))
                 << k;
        lower |= (uint64_t)(unsigned)_mm_movemask_epi8(low) << k;
        skip |= (uint64_t)(unsigned)_mm_movemask_epi8(sp) << k;
    }
    b->alnum = alnum;
    b->lower = lower;
    b->solid = ~skip;
}
#endif

/* Sorts the n bytes at src: blocks[k / 64] tells about src[k] (bits past
 * n clear), and dst[k] is src[k] with A-Z in lower case. blocks holds
 * px_para_blocks(n) entries; dst needs room for n rounded up to a
 * multiple of PX_PARA_BLOCK (the bytes past n are written as zeros).
 * Only the n bytes at src are read. `block` is one of the px_para_block_*
 * functions. */
static inline void px_para_classify_with(
    const char *src, size_t n, char *dst, px_para_block *blocks,
    void (*block)(const char *, char *, px_para_block *))
{
    size_t b = 0;
    for (; n - b * PX_PARA_BLOCK >= PX_PARA_BLOCK; b++)
        block(src + b * PX_PARA_BLOCK, dst + b * PX_PARA_BLOCK, blocks + b);
    size_t rest = n - b * PX_PARA_BLOCK;
    if (rest) {
        /* The last bytes from a copy padded with zeros, which are no
         * letter or digit; the paragraph may end where the text does. A
         * zero would be solid: the bits past n are cleared. */
        char tail[PX_PARA_BLOCK] = {0};
        memcpy(tail, src + b * PX_PARA_BLOCK, rest);
        block(tail, dst + b * PX_PARA_BLOCK, blocks + b);
        blocks[b].solid &= ((uint64_t)1 << rest) - 1;
    }
}

/* px_para_classify_with the SSE2 blocks where the machine has SSE2, else
 * the portable ones. */
static inline void px_para_classify(const char *src, size_t n, char *dst,
                                    px_para_block *blocks)
{
#if defined(__SSE2__) && defined(__GNUC__)
    px_para_classify_with(src, n, dst, blocks, px_para_block_sse2);
#else
    px_para_classify_with(src, n, dst, blocks, px_para_block_swar);
#endif
}

/* The first offset at or after r whose alnum bit is clear: where a run
 * of ASCII letters and digits from r ends. Bits past the paragraph are
 * clear, so the run ends by then; a paragraph may end at a block's end,
 * and then nb * PX_PARA_BLOCK is returned. */
static inline size_t px_para_run_end(const px_para_block *blocks, size_t nb,
                                     size_t r)
{
    size_t k = r / PX_PARA_BLOCK;
    if (k >= nb)
        return r;
    uint64_t m = ~blocks[k].alnum >> (r % PX_PARA_BLOCK);
    if (m)
        return r + px_ctz64(m);
    for (k++; k < nb; k++)
        if (~blocks[k].alnum)
            return k * PX_PARA_BLOCK + px_ctz64(~blocks[k].alnum);
    return nb * PX_PARA_BLOCK;
}

/* Nonzero when a lower bit is set at an offset in [r, e) (e within nb
 * blocks' bytes). */
static inline int px_para_any_lower(const px_para_block *blocks, size_t r,
                                    size_t e)
{
    while (r < e) {
        size_t k = r / PX_PARA_BLOCK, at = r % PX_PARA_BLOCK;
        size_t span = e - r < PX_PARA_BLOCK - at ? e - r : PX_PARA_BLOCK - at;
        uint64_t m = blocks[k].lower >> at;
        if (span < PX_PARA_BLOCK)
            m &= ((uint64_t)1 << span) - 1;
        if (m)
            return 1;
        r += span;
    }
    return 0;
}

#endif
