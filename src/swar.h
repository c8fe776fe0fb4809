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

/* The index (0 to 7) of the first byte marked in m, which is not 0. */
static inline unsigned px_swar_first(uint64_t m)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(m) >> 3;
#else
    unsigned k = 0;
    while (!(m & 0x80))
        m >>= 8, k++;
    return k;
#endif
}

#endif
