/* utf8.c: UTF-8 checking, repair, decoding, and the character properties
 * the tokenizer and the sentence splitter need.
 *
 * Validation follows the Unicode standard's table of well-formed byte
 * sequences (Unicode 15, table 3-7): that table rejects overlong forms,
 * surrogates (U+D800..DFFF) and code points above U+10FFFF by restricting
 * the second byte after E0, ED, F0 and F4. Repair replaces each "maximal
 * subpart" of an ill-formed sequence with one U+FFFD, the practice the
 * standard recommends (section 3.9) and that WHATWG encoders use.
 *
 * News text is mostly ASCII, so validation skips runs of ASCII many
 * bytes at a time (px_find_high), and the character properties answer
 * ASCII, accented Latin and general punctuation without a search. */
#include "utf8.h"

#include <string.h>

#include "alloc.h"
#include "precis.h"
#include "swar.h"

/* Length of the well-formed sequence at s[0..n) (n >= 1), or 0 when it is
 * ill-formed; then *bad is the length of its maximal subpart (>= 1). */
static size_t sequence_length(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char b0 = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */

    if (b0 < 0x80)
        return 1;
    if (b0 < 0xC2) { /* stray continuation, or C0/C1 (always overlong) */
        *bad = 1;
        return 0;
    }
    if (b0 < 0xE0) {
        need = 2;
    } else if (b0 < 0xF0) {
        need = 3;
        if (b0 == 0xE0)
            lo = 0xA0; /* below: overlong */
        else if (b0 == 0xED)
            hi = 0x9F; /* above: surrogates */
    } else if (b0 < 0xF5) {
        need = 4;
        if (b0 == 0xF0)
            lo = 0x90; /* below: overlong */
        else if (b0 == 0xF4)
            hi = 0x8F; /* above: beyond U+10FFFF */
    } else {
        *bad = 1; /* F5..FF never occur */
        return 0;
    }
    if (n < 2 || s[1] < lo || s[1] > hi) {
        *bad = 1;
        return 0;
    }
    for (size_t k = 2; k < need; k++) {
        if (k >= n || (s[k] & 0xC0) != 0x80) {
            *bad = k;
            return 0;
        }
    }
    return need;
}

size_t px_utf8_validate(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    if (!s)
        return 0;
    while (i < len) {
        i = px_find_high(str, i, len); /* over the ASCII, many bytes a step */
        if (i == len)
            break;
        size_t bad;
        size_t n = sequence_length(s + i, len - i, &bad);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

size_t precis_utf8_check(const char *bytes, size_t len)
{
    if (!bytes)
        return 0;
    return px_utf8_validate(bytes, len);
}

int px_utf8_repair(const char *str, size_t len, char **out, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, o = 0;

    /* Each bad byte becomes at most 3 bytes (U+FFFD). */
    if (len > (SIZE_MAX - 1) / 3)
        return PRECIS_ENOMEM;
    char *buf = px_malloc(len * 3 + 1);
    if (!buf)
        return PRECIS_ENOMEM;
    while (i < len) {
        size_t bad;
        size_t n = sequence_length(s + i, len - i, &bad);
        if (n) {
            memcpy(buf + o, s + i, n);
            o += n;
            i += n;
        } else {
            memcpy(buf + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += bad;
        }
    }
    buf[o] = '\0';
    /* Give back the slack; keep the big buffer when shrinking fails. */
    char *shrunk = px_realloc(buf, o + 1);
    *out = shrunk ? shrunk : buf;
    *out_len = o;
    return PRECIS_OK;
}

size_t px_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t bad;
    size_t n = sequence_length(s, len, &bad);

    switch (n) {
    case 1:
        *cp = s[0];
        return 1;
    case 2:
        *cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    case 3:
        *cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
              (s[2] & 0x3F);
        return 3;
    case 4:
        *cp = ((uint32_t)(s[0] & 0x07) << 18) |
              ((uint32_t)(s[1] & 0x3F) << 12) |
              ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        return 4;
    default:
        /* Not expected on validated text; never read past the bad part. */
        *cp = 0xFFFD;
        return bad;
    }
}

size_t px_utf8_prev_len(const char *str, size_t at)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = 1;

    while (n < 4 && n < at && (s[at - n] & 0xC0) == 0x80)
        n++;
    return n;
}

size_t px_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;

    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0x110000 || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ------------------------------------------------------------------------
 * Case folding. Most bicameral blocks pair an upper-case letter with the
 * next code point, either on even code points (U+0100 A-macron, U+0101
 * a-macron) or on odd ones; others sit at a fixed distance (ASCII +32,
 * Cyrillic U+0410 +32, Armenian +48). The tables below follow the
 * UnicodeData.txt simple lower-case mappings for those blocks.
 * ------------------------------------------------------------------------ */

/* [first, last] where upper-case letters sit on even (parity 0) or odd
 * (parity 1) code points and their lower case is the next one. */
typedef struct pair_range {
    uint32_t first, last;
    uint32_t parity;
} pair_range;

static const pair_range pair_ranges[] = {
    {0x0100, 0x012F, 0}, /* Latin Extended-A */
    {0x0132, 0x0137, 0},
    {0x0139, 0x0148, 1},
    {0x014A, 0x0177, 0},
    {0x0179, 0x017E, 1},
    {0x0182, 0x0185, 0}, /* Latin Extended-B */
    {0x0187, 0x0188, 1},
    {0x018B, 0x018C, 1},
    {0x0191, 0x0192, 1},
    {0x0198, 0x0199, 0},
    {0x01A0, 0x01A5, 0},
    {0x01A7, 0x01A8, 1},
    {0x01AC, 0x01AD, 0},
    {0x01AF, 0x01B0, 1},
    {0x01B3, 0x01B6, 1},
    {0x01B8, 0x01B9, 0},
    {0x01BC, 0x01BD, 0},
    {0x01CD, 0x01DC, 1},
    {0x01DE, 0x01EF, 0},
    {0x01F4, 0x01F5, 0},
    {0x01F8, 0x021F, 0},
    {0x0222, 0x0233, 0},
    {0x0246, 0x024F, 0},
    {0x0370, 0x0373, 0}, /* Greek archaic letters */
    {0x0376, 0x0377, 0},
    {0x03D8, 0x03EF, 0},
    {0x0460, 0x0481, 0}, /* Cyrillic historic and extended */
    {0x048A, 0x04BF, 0},
    {0x04C1, 0x04CE, 1},
    {0x04D0, 0x052F, 0},
    {0x1E00, 0x1E95, 0}, /* Latin Extended Additional */
    {0x1EA0, 0x1EFF, 0},
    {0x2C80, 0x2CE3, 0}, /* Coptic */
    {0xA640, 0xA66D, 0}, /* Cyrillic Extended-B */
    {0xA680, 0xA69B, 0},
    {0xA722, 0xA72F, 0}, /* Latin Extended-D */
    {0xA732, 0xA76F, 0},
    {0xA77E, 0xA787, 0},
    {0xA790, 0xA793, 0},
    {0xA796, 0xA7A9, 0},
};

/* Single mappings that fit no pattern. */
typedef struct single_map {
    uint32_t from, to;
} single_map;

static const single_map single_maps[] = {
    {0x0130, 0x0069}, /* I with dot above: simple mapping is plain i */
    {0x0178, 0x00FF}, {0x017F, 0x0073}, /* long s folds to s */
    {0x0181, 0x0253}, {0x0186, 0x0254}, {0x0189, 0x0256}, {0x018A, 0x0257},
    {0x018E, 0x01DD}, {0x018F, 0x0259}, {0x0190, 0x025B}, {0x0193, 0x0260},
    {0x0194, 0x0263}, {0x0196, 0x0269}, {0x0197, 0x0268}, {0x019C, 0x026F},
    {0x019D, 0x0272}, {0x019F, 0x0275}, {0x01A6, 0x0280}, {0x01A9, 0x0283},
    {0x01AE, 0x0288}, {0x01B1, 0x028A}, {0x01B2, 0x028B}, {0x01B7, 0x0292},
    {0x01C4, 0x01C6}, {0x01C5, 0x01C6}, {0x01C7, 0x01C9}, {0x01C8, 0x01C9},
    {0x01CA, 0x01CC}, {0x01CB, 0x01CC}, {0x01F1, 0x01F3}, {0x01F2, 0x01F3},
    {0x01F6, 0x0195}, {0x01F7, 0x01BF}, {0x0220, 0x019E}, {0x023A, 0x2C65},
    {0x023B, 0x023C}, {0x023D, 0x019A}, {0x023E, 0x2C66}, {0x0241, 0x0242},
    {0x0243, 0x0180}, {0x0244, 0x0289}, {0x0245, 0x028C},
    {0x037F, 0x03F3}, {0x0386, 0x03AC}, {0x038C, 0x03CC}, {0x038E, 0x03CD},
    {0x038F, 0x03CE}, {0x03C2, 0x03C3}, /* final sigma folds to sigma */
    {0x03CF, 0x03D7}, {0x03F4, 0x03B8}, {0x03F7, 0x03F8}, {0x03F9, 0x03F2},
    {0x03FA, 0x03FB}, {0x04C0, 0x04CF}, {0x1E9E, 0x00DF}, {0x2126, 0x03C9},
    {0x212A, 0x006B}, {0x212B, 0x00E5}, {0x2132, 0x214E}, {0x2183, 0x2184},
};

/* [first, last] shifted by a fixed distance. */
typedef struct shift_range {
    uint32_t first, last;
    int32_t delta;
} shift_range;

static const shift_range shift_ranges[] = {
    {0x00C0, 0x00D6, 32},   /* Latin-1 */
    {0x00D8, 0x00DE, 32},
    {0x0388, 0x038A, 37},   /* Greek with tonos */
    {0x0391, 0x03A1, 32},   /* Greek */
    {0x03A3, 0x03AB, 32},
    {0x03FD, 0x03FF, -130},
    {0x0400, 0x040F, 80},   /* Cyrillic */
    {0x0410, 0x042F, 32},
    {0x0531, 0x0556, 48},   /* Armenian */
    {0x10A0, 0x10C5, 7264}, /* Georgian Asomtavruli -> Nuskhuri */
    {0x1F08, 0x1F0F, -8},   /* Greek Extended */
    {0x1F18, 0x1F1D, -8},
    {0x1F28, 0x1F2F, -8},
    {0x1F38, 0x1F3F, -8},
    {0x1F48, 0x1F4D, -8},
    {0x1F68, 0x1F6F, -8},
    {0x2160, 0x216F, 16},   /* Roman numerals */
    {0x24B6, 0x24CF, 26},   /* circled letters */
    {0x2C00, 0x2C2F, 48},   /* Glagolitic */
    {0xFF21, 0xFF3A, 32},   /* full-width Latin */
    {0x10400, 0x10427, 40}, /* Deseret */
};

uint32_t px_unicode_fold(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp < 0xC0)
        return cp;
    for (size_t k = 0; k < sizeof shift_ranges / sizeof shift_ranges[0]; k++) {
        const shift_range *r = &shift_ranges[k];
        if (cp >= r->first && cp <= r->last)
            return (uint32_t)((int32_t)cp + r->delta);
        if (cp < r->first)
            break; /* sorted by first */
    }
    for (size_t k = 0; k < sizeof pair_ranges / sizeof pair_ranges[0]; k++) {
        const pair_range *r = &pair_ranges[k];
        if (cp >= r->first && cp <= r->last)
            return (cp & 1u) == r->parity ? cp + 1 : cp;
        if (cp < r->first)
            break;
    }
    for (size_t k = 0; k < sizeof single_maps / sizeof single_maps[0]; k++)
        if (single_maps[k].from == cp)
            return single_maps[k].to;
    return cp;
}

int px_unicode_is_upper(uint32_t cp)
{
    return px_unicode_fold(cp) != cp;
}

/* ------------------------------------------------------------------------
 * Letters, digits and spaces. Ranges are coarse per block (letters and
 * combining marks together), which is what word splitting needs: a word
 * runs through its accents.
 * ------------------------------------------------------------------------ */

typedef struct cp_range {
    uint32_t first, last;
} cp_range;

/* Decimal digits other than ASCII (Nd in UnicodeData.txt, common
 * scripts): Arabic-Indic, Extended Arabic-Indic, NKo, the Indic blocks,
 * Thai, Lao, Tibetan, Myanmar, full-width. */
static const cp_range digit_ranges[] = {
    {0x0660, 0x0669}, {0x06F0, 0x06F9}, {0x07C0, 0x07C9}, {0x0966, 0x096F},
    {0x09E6, 0x09EF}, {0x0A66, 0x0A6F}, {0x0AE6, 0x0AEF}, {0x0B66, 0x0B6F},
    {0x0BE6, 0x0BEF}, {0x0C66, 0x0C6F}, {0x0CE6, 0x0CEF}, {0x0D66, 0x0D6F},
    {0x0DE6, 0x0DEF}, {0x0E50, 0x0E59}, {0x0ED0, 0x0ED9}, {0x0F20, 0x0F29},
    {0x1040, 0x1049}, {0xFF10, 0xFF19},
};

static const cp_range letter_ranges[] = {
    {0x00AA, 0x00AA}, {0x00B5, 0x00B5}, {0x00BA, 0x00BA},
    {0x00C0, 0x00D6}, {0x00D8, 0x00F6}, {0x00F8, 0x02C1}, /* Latin, IPA */
    {0x02C6, 0x02D1}, {0x02E0, 0x02E4}, {0x02EC, 0x02EC}, {0x02EE, 0x02EE},
    {0x0300, 0x0374}, /* combining marks, Greek */
    {0x0376, 0x037D}, {0x037F, 0x037F}, {0x0386, 0x0386}, {0x0388, 0x03F5},
    {0x03F7, 0x0481}, {0x0483, 0x052F}, /* Cyrillic */
    {0x0531, 0x0556}, {0x0559, 0x0559}, {0x0560, 0x0588}, /* Armenian */
    {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2}, {0x05C4, 0x05C5},
    {0x05C7, 0x05C7}, {0x05D0, 0x05EA}, {0x05EF, 0x05F2}, /* Hebrew */
    {0x0610, 0x061A}, {0x0620, 0x065F}, {0x066E, 0x06D3}, /* Arabic */
    {0x06D5, 0x06DC}, {0x06DF, 0x06E8}, {0x06EA, 0x06EF}, {0x06FA, 0x06FC},
    {0x06FF, 0x06FF}, {0x0710, 0x074A}, {0x074D, 0x07B1}, /* Syriac, Thaana */
    {0x0900, 0x0963}, {0x0971, 0x09E3}, /* Indic blocks: letters and marks */
    {0x09F0, 0x09F1}, {0x0A00, 0x0A63}, {0x0A70, 0x0AE3}, {0x0AF9, 0x0B63},
    {0x0B71, 0x0BE3}, {0x0C00, 0x0C63}, {0x0C80, 0x0CE3}, {0x0CF1, 0x0CF3},
    {0x0D00, 0x0D63}, {0x0D7A, 0x0DE3}, {0x0DF2, 0x0DF3},
    {0x0E01, 0x0E3A}, {0x0E40, 0x0E4E}, /* Thai */
    {0x0E81, 0x0ECE}, /* Lao */
    {0x0F00, 0x0F00}, {0x0F40, 0x0FBC}, /* Tibetan */
    {0x1000, 0x103F}, {0x1050, 0x108F}, /* Myanmar */
    {0x10A0, 0x10FA}, {0x10FC, 0x1248}, /* Georgian, Hangul Jamo, Ethiopic */
    {0x1250, 0x135F}, {0x13A0, 0x13FD}, /* Ethiopic, Cherokee */
    {0x1401, 0x166C}, {0x166F, 0x167F}, /* Canadian syllabics */
    {0x1780, 0x17D3}, /* Khmer */
    {0x1AB0, 0x1AFF}, {0x1C80, 0x1C88}, {0x1C90, 0x1CBF}, /* marks, ext. */
    {0x1D00, 0x1FBC}, {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FCC}, /* phonetic, */
    {0x1FD0, 0x1FDB}, {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FFC}, /* Greek ext. */
    {0x2071, 0x2071}, {0x207F, 0x207F}, {0x2090, 0x209C},
    {0x20D0, 0x20F0}, /* combining marks for symbols */
    {0x2102, 0x2102}, {0x2107, 0x2107}, {0x210A, 0x2113}, {0x2115, 0x2115},
    {0x2119, 0x211D}, {0x2124, 0x2124}, {0x2126, 0x2126}, {0x2128, 0x2128},
    {0x212A, 0x212D}, {0x212F, 0x2139}, {0x214E, 0x214E}, {0x2160, 0x2188},
    {0x24B6, 0x24E9}, /* circled letters */
    {0x2C00, 0x2CE4}, {0x2CEB, 0x2CF3}, {0x2D00, 0x2D2D}, /* Glagolitic... */
    {0x2D30, 0x2D67}, {0x2D80, 0x2DDE}, {0x2DE0, 0x2DFF},
    {0x3005, 0x3007}, {0x3021, 0x302F}, {0x3031, 0x3035}, {0x3038, 0x303C},
    {0x3041, 0x3096}, {0x3099, 0x309F}, {0x30A1, 0x30FA}, {0x30FC, 0x30FF},
    {0x3105, 0x312F}, {0x3131, 0x318E}, {0x31A0, 0x31BF}, {0x31F0, 0x31FF},
    {0x3400, 0x4DBF}, {0x4E00, 0xA48C}, /* CJK ideographs, Yi */
    {0xA4D0, 0xA4FD}, {0xA500, 0xA60C}, {0xA610, 0xA61F}, {0xA62A, 0xA62B},
    {0xA640, 0xA6EF}, {0xA717, 0xA71F}, {0xA722, 0xA788}, {0xA78B, 0xA7FF},
    {0xAC00, 0xD7A3}, /* Hangul syllables */
    {0xF900, 0xFAFF}, {0xFB00, 0xFB06}, {0xFB13, 0xFB17}, {0xFB1D, 0xFB28},
    {0xFB2A, 0xFBB1}, {0xFBD3, 0xFD3D}, {0xFD50, 0xFDFB}, {0xFE20, 0xFE2F},
    {0xFE70, 0xFEFC}, {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}, {0xFF66, 0xFFDC},
    {0x10000, 0x100FA}, {0x10280, 0x1031F}, {0x10330, 0x1034A},
    {0x10400, 0x1049D}, {0x1D400, 0x1D7CB}, /* Deseret..., math letters */
    {0x20000, 0x3134A}, /* CJK extensions B..G */
};

static int in_ranges(uint32_t cp, const cp_range *r, size_t n)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].first)
            hi = mid;
        else if (cp > r[mid].last)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

int px_unicode_is_digit(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    if (cp < 0x0660) /* below the first range: Latin, Greek, Cyrillic */
        return 0;
    return in_ranges(cp, digit_ranges,
                     sizeof digit_ranges / sizeof digit_ranges[0]);
}

int px_unicode_is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    /* The other characters of Western news text, answered without the
     * search: accented Latin letters (U+00C0..02C1 but the two signs of
     * arithmetic), and the quote marks and dashes of General Punctuation
     * (U+2000..2070, no letter among them). */
    if (cp >= 0x00C0 && cp <= 0x02C1)
        return cp != 0x00D7 && cp != 0x00F7;
    if (cp >= 0x2000 && cp <= 0x2070)
        return 0;
    return in_ranges(cp, letter_ranges,
                     sizeof letter_ranges / sizeof letter_ranges[0]);
}

int px_unicode_is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    switch (cp) {
    case 0x0085: /* next line */
    case 0x00A0: /* no-break space */
    case 0x1680: /* ogham space */
    case 0x2028: /* line separator */
    case 0x2029: /* paragraph separator */
    case 0x202F: /* narrow no-break space */
    case 0x205F: /* medium mathematical space */
    case 0x3000: /* ideographic space */
        return 1;
    default:
        return cp >= 0x2000 && cp <= 0x200A; /* en quad .. hair space */
    }
}

/* The folded form of each ASCII letter and digit; 0 for everything else,
 * bytes >= 0x80 included (256 entries, so no range check is needed). */
const unsigned char px_ascii_folded[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
    ['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
    ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
    ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
    ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
    ['Z'] = 'z',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
    ['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
    ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
    ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
    ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
    ['z'] = 'z',
};

