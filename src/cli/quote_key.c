/* quote_key.c: a quote's key, the words by which one quote reported in
 * several documents, with other marks or spacing, is known to be one. */
#include <stdint.h>
#include <string.h>

#include "cli.h"

/* What byte c adds to a quote's key: ASCII letters in lower case, digits
 * and the bytes of other characters as they are, 0 for punctuation and
 * white space. The most frequent case is tested first. */
static unsigned char key_byte(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || c >= 0x80 || (c >= '0' && c <= '9'))
        return c;
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    return 0;
}

/* Whether c goes on a run of lower-case letters and digits. */
static int run_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The high bit of each of the 8 bytes of x (byte k of the text as byte k
 * of the word) that goes on no run: not an ASCII lower-case letter or
 * digit. Each byte's low seven bits plus a constant stay below 0x100, so
 * no carry crosses into the next byte and every byte is told exactly. */
static uint64_t run_stops(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, highs = ones << 7;
    uint64_t t = x & ~highs;
    uint64_t ge_a = t + ones * (0x80 - 'a');
    uint64_t gt_z = t + ones * (0x80 - 'z' - 1);
    uint64_t ge_0 = t + ones * (0x80 - '0');
    uint64_t gt_9 = t + ones * (0x80 - '9' - 1);
    uint64_t in = ((ge_a & ~gt_z) | (ge_0 & ~gt_9)) & ~x & highs;
    return ~in & highs;
}
#define QUOTE_KEY_WIDE 1
#endif

size_t cli_quote_key(const char *s, size_t n, char **buf, size_t *cap)
{
    size_t o = 0;
    char *k;
    int gap = 0;
    if (*cap < n + 1) {
        *cap = n + 1;
        *buf = cli_xrealloc(*buf, *cap);
    }
    k = *buf;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned char kc = key_byte(c);
        /* Curly quote marks and apostrophes are punctuation here. */
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] >= 0x98 &&
            (unsigned char)s[i + 2] <= 0x9F) {
            i += 2;
            kc = 0;
        }
        if (!kc) {
            gap = o > 0;
            continue;
        }
        if (gap)
            k[o++] = ' ';
        gap = 0;
        k[o++] = (char)kc;
        /* The rest of a run of lower-case letters and digits, most of a
         * quote, is its own key: copied without the tests above, eight
         * bytes a step where the machine allows. No more is written
         * than has been read (o <= i + 1 here), so the eight bytes
         * stored stay within the n + 1 of the key. */
        size_t j = i + 1;
#ifdef QUOTE_KEY_WIDE
        while (n - j >= 8) {
            uint64_t x;
            memcpy(&x, s + j, 8);
            memcpy(k + o, &x, 8);
            uint64_t stop = run_stops(x);
            if (stop) {
                size_t r = (size_t)__builtin_ctzll(stop) / 8;
                o += r;
                j += r;
                goto run_done;
            }
            o += 8;
            j += 8;
        }
#endif
        while (j < n && run_byte(s[j]))
            k[o++] = s[j++];
#ifdef QUOTE_KEY_WIDE
    run_done:
#endif
        i = j - 1;
    }
    k[o] = '\0';
    return o;
}
