/* layout.c: what is article and what is page furniture.
 *
 * Scraped pages keep their menus, breadcrumbs, captions, teaser lists,
 * comment forms and footers. Each is recognised from the shape of its
 * lines, never from strings of particular sites:
 *
 * 1. The text is cut into lines (a line ends at \n, with an optional \r
 *    before it; a leading BOM is skipped) and lines into paragraphs (runs
 *    of lines between blank lines).
 * 2. Each line gets features: words, stopwords, sentence-final
 *    punctuation, list marker, photo credit, breadcrumb separators,
 *    footer, comment-form and advertising vocabulary, repetition elsewhere
 *    in the page, byline and date shapes. A line is prose when it (or its
 *    paragraph, for hard-wrapped text) is long, has function words and
 *    ends a sentence.
 * 3. Prose lines weigh their word count, other lines a fixed penalty,
 *    footer lines a heavy one; comment-form lines cut the page. The
 *    heaviest run of lines (maximum subarray, linear) is the main body. A head or tail of the
 *    page with no furniture at all (plain text: subheadings, results
 *    tables, a closing line) joins the run.
 * 4. Inside the run only clear furniture is dropped (credits, captions,
 *    tool bars, advertising, doubled lines), so that plain article text
 *    loses nothing; outside it every line is dropped with the reason its
 *    shape gives (a heading over a list, a list, a teaser list of
 *    single-line paragraphs, a comment form and what follows it...).
 * 5. Title, byline and date lines leave the body wherever they are; the
 *    title is the headline above the first byline or date, else the first
 *    line of plain text, else the last headline above the body.
 * 6. Consecutive lines of one paragraph with the same verdict form a
 *    block; the dateline is looked for at the start of the first body
 *    blocks.
 *
 * Everything is linear in the length of the text: each line is scanned a
 * bounded number of times, repetition is found through a hash table.
 */
#include "layout.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "alloc.h"
#include "lang.h"
#include "prefetch.h"
#include "strmap.h"
#include "swar.h"
#include "token.h"
#include "workspace.h"
#include "utf8.h"

/* ------------------------------------------------------------------------
 * Reasons (the fixed set; BORROWED by callers, so static)
 * ------------------------------------------------------------------------ */

static const char R_NAVIGATION[] = "navigation";
static const char R_LIST[] = "list";
static const char R_LIST_HEADING[] = "list heading";
static const char R_CAPTION[] = "caption";
static const char R_CREDIT[] = "photo credit";
static const char R_TOOLBAR[] = "toolbar";
static const char R_COMMENT[] = "comment form";
static const char R_FOOTER[] = "footer";
static const char R_REPEATED[] = "repeated line";
static const char R_TEASER[] = "teaser";
static const char R_TITLE[] = "title";
static const char R_BYLINE[] = "byline";
static const char R_DATE[] = "date";
static const char R_COUNTER[] = "counter";
static const char R_SHORT[] = "short line outside body";
static const char R_OUTSIDE[] = "text outside body";
static const char R_PROMO[] = "promotion";

/* ------------------------------------------------------------------------
 * Tuning constants
 * ------------------------------------------------------------------------ */

/* A prose line has at least this many words: shorter lines are menu items,
 * headings and labels far more often than article sentences. */
#define PROSE_MIN_WORDS 6
/* ... and at least this share (percent) of stopwords: English running
 * text is 40-55% function words, headlines and menus 0-20%. */
#define PROSE_MIN_STOP_PCT 20
/* A line without a sentence end is prose only when it is long and wordy
 * like running text (a standfirst without its period). */
#define PROSE_NOEND_MIN_WORDS 20
#define PROSE_NOEND_MIN_STOP_PCT 30
/* Without stopwords (no list for the language) a prose line is a longer
 * sentence. */
#define BLIND_PROSE_MIN_WORDS 10
/* A line of a prose paragraph is prose with this many words of its own. */
#define PARA_LINE_MIN_WORDS 4
/* Menu items are a few words; list items of an article are sentences or
 * long enumerations. */
#define MENU_ITEM_MAX_WORDS 4
/* What a non-prose line costs the body run: about one short sentence, so
 * that a caption or two inside an article do not split it, while a menu of
 * several lines keeps teasers around it out. */
#define NONPROSE_PENALTY 8
/* A footer line costs about three paragraphs: a copyright credit under a
 * photo inside an article does not cut it in two, the site's text after
 * its footer stays out. (Comment forms are never inside an article: they
 * cut the page.) */
#define FOOTER_PENALTY 60
/* Date, byline and tool-bar lines are short labels, not sentences. */
#define LABEL_MAX_WORDS 10
#define BYLINE_MAX_WORDS 8
#define TOOLBAR_MAX_WORDS 6
/* A title is one line of headline length: headlines of the BBC and
 * POLNEAR sets run to 22 words, while a lead sentence on a line of its
 * own is usually longer. */
#define TITLE_MAX_WORDS 25
/* Comment-form and footer cues are short lines (a heading or a label);
 * a comment heading is shorter still ("Leave a comment", "Replies"). */
#define CUE_MAX_WORDS 8
#define COMMENT_HEADING_MAX_WORDS 4
/* A copyright sign with an agency or a name is a photo credit. */
#define CREDIT_MAX_WORDS 4
/* A footer is a short line. A prose line this long with this many
 * sentences is an article paragraph (or a whole article on one line),
 * even when it ends with the site's copyright notice. */
#define FOOTER_BODY_MIN_WORDS 40
#define FOOTER_BODY_MIN_SENTENCES 3
/* "Read more: <a headline>" is a headline long. */
#define PROMO_MAX_WORDS 16
/* Share counters are small bare numbers ("0", "12", "1.2k" is not). */
#define COUNTER_MAX_BYTES 4
/* Three or more single-line paragraphs after the body are a teaser list
 * (headline, caption, headline...). */
#define TEASER_MIN_LINES 3
/* The dateline opens one of the first few body paragraphs (a standfirst
 * may come before it). */
#define DATELINE_MAX_BLOCKS 3

/* ------------------------------------------------------------------------
 * Patterns (compiled once, shared by all threads; match data per call)
 * ------------------------------------------------------------------------ */

#define MONTH                                                               \
    "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|" \
    "aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|"          \
    "dec(?:ember)?)(?!\\p{L})\\.?"

/* A name: capitalised words, with the particles names and agencies use. */
#define NAME                                                               \
    "\\p{Lu}[\\p{L}'\\x{2019}.-]*(?:\\s+(?:(?:de|da|del|der|van|von|bin|al|" \
    "la|le|of|the|and|&)\\s+)*\\p{Lu}[\\p{L}'\\x{2019}.-]*){0,5}"

/* A line that is a date: at most two words of label before it ("Date:",
 * "Published", "Friday,"), an optional time and time zone after it, and
 * nothing else; a sentence that mentions a date is not a date line.
 * Groups: 1 the date as written; 2-4 month-first (November 26, 2021), 5-7
 * day-first (11 January 2021), 8-11 numeric with '.' or '/' (12.1.2021),
 * 12-14 ISO (2021-11-26), 15-17 an optional time (14:24, 2:30 pm), 18
 * the author of "Posted on June 14, 2023 by Maria Santos". */
static const char DATE_PATTERN[] =
    "^\\s*(?:[\\p{L}]+\\.?[:,]?\\s+){0,2}?("
    "(?:"
    "(" MONTH ")\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})"
    "|(\\d{1,2})(?:st|nd|rd|th)?\\s+(" MONTH "),?\\s+(\\d{4})"
    "|(\\d{1,2})([./])(\\d{1,2})\\9(\\d{4})"
    "|(\\d{4})-(\\d{2})-(\\d{2})"
    ")(?:(?:,|\\s+at|T|\\s*[-|])?\\s*(\\d{1,2}):(\\d{2})(?::\\d{2})?"
    "(?:\\s*([ap])\\.?m\\.?)?)?)(?:\\s*\\(?\\p{Lu}{2,4}\\)?)?"
    "(?:\\s*[,|\\x{00B7}]?\\s+by\\s+(" NAME "))?\\s*$";

#define DATE_BY_GROUP 18

/* "By Larry Bowman", "by Mahmmod Shar", "Written by X and Y". Group 1 is
 * the name. The whole line must match. */
static const char BYLINE_PATTERN[] =
    "^\\s*(?i:(?:(?:written|posted|reported|words)\\s+)?by)\\s+"
    "(" NAME "(?:\\s*(?:,|\\band\\b|&)\\s*" NAME "){0,3})\\s*[.,]?\\s*$";

/* Datelines: "MOSCOW (AP) -", "WASHINGTON, D.C. --", "Baku, Aug 20 (IANS):",
 * "Baku (Reuters) -". A place in capitals needs only the dash; a place in
 * title case needs a date or an agency in brackets, so that a paragraph
 * opening "Analysis: ..." is not taken for one. */
#define DASH "[-\\x{2013}\\x{2014}]{1,2}"
#define CAPS_WORD "\\p{Lu}[\\p{Lu}.'\\x{2019}-]+"
#define CAPS_PLACE CAPS_WORD "(?:[ \\t]+" CAPS_WORD "){0,3}"
#define TITLE_WORD "\\p{Lu}[\\p{L}.'\\x{2019}-]+"
#define TITLE_PLACE TITLE_WORD "(?:[ \\t]+" TITLE_WORD "){0,3}"
#define REGION "(?:,[ \\t]+\\p{Lu}[\\p{L}.]*(?:[ \\t]+\\p{Lu}[\\p{L}.]*){0,2})?"
#define AGENCY "[ \\t]*\\([^()\\n]{1,30}\\)"
static const char DATELINE_PATTERN[] =
    "^(?:" CAPS_PLACE REGION "(?:" AGENCY ")?[ \\t]*" DASH
    "|" TITLE_PLACE REGION ",[ \\t]+(?i:" MONTH ")[ \\t]+\\d{1,2}(?:" AGENCY
    ")?[ \\t]*(?::|" DASH ")"
    "|" TITLE_PLACE REGION AGENCY "[ \\t]*(?::|" DASH "))(?=\\s)";

/* Photo credits end a line: "(Mikhail Klimentyev/AP)", "(AP Photo/Name)",
 * or a label "Picture: PA" at the start of the line or after a sentence. */
static const char CREDIT_PATTERN[] =
    "(?:\\(\\s*\\p{Lu}[^()\\n/]{0,60}/\\s*\\p{Lu}[^()\\n/]{0,60}\\)"
    "|(?:^|[.!?]\\s+)(?i:picture|photo|photograph|image|credit|pic)s?"
    "\\s*:\\s*\\S[^\\n]{0,60})\\s*$";

/* Universal web vocabulary of copyright footers and legal links, for
 * short lines: a copyright sign, or a legal link opening the line. */
static const char FOOTER_PATTERN[] =
    "(?i)(?:\\x{00A9}|^(?:\\W+\\s)?(?:copyright|privacy policy|"
    "terms of (?:use|service)|terms and conditions|cookie policy)\\b)";
/* Strong enough to mark any line: a copyright with its year, "all rights
 * reserved". (A bare U+00A9 is not: mis-decoded text is full of "\xC3\xA9".) */
static const char FOOTER_STRONG_PATTERN[] =
    "(?i)(?:all rights reserved|(?:\\x{00A9}|\\(c\\)|\\bcopyright)\\s*"
    "(?:\\x{00A9}\\s*)?(?:\\d{4}))";

/* Universal web vocabulary of comment forms: a short heading ("Leave a
 * comment", "Replies", "Disclaimer:"), or the counter of a text box. */
static const char COMMENT_PATTERN[] =
    "(?i)^[^.!?;]*\\b(?:comments?|reply|replies|disclaimer)\\b[^.!?;]*$";
/* Universal web vocabulary of advertising and cross-links, as a line of
 * its own: "Advertisement", "Read more: ...", "Share this:", "Follow us on
 * ...", "Subscribe to our newsletter". */
static const char PROMO_PATTERN[] =
    "(?i)^(?:advertisements?|advertising|sponsored(?: content)?|"
    "(?:read|see) (?:more|also|next)\\b.*|related(?: articles?| stories|"
    " posts| content)?\\s*:.*|share (?:this|on)\\b.*|follow us\\b.*|"
    "subscribe\\b.*|sign up\\b.*)$";
static const char CHARS_LEFT_PATTERN[] =
    "(?i)\\bcharacters? (?:left|remaining)\\b";

enum {
    P_DATE,
    P_BYLINE,
    P_DATELINE,
    P_CREDIT,
    P_FOOTER,
    P_FOOTER_STRONG,
    P_COMMENT,
    P_CHARS_LEFT,
    P_PROMO,
    P_COUNT
};

static const char *const pattern_source[P_COUNT] = {
    DATE_PATTERN,   BYLINE_PATTERN, DATELINE_PATTERN,      CREDIT_PATTERN,
    FOOTER_PATTERN, FOOTER_STRONG_PATTERN, COMMENT_PATTERN, CHARS_LEFT_PATTERN,
    PROMO_PATTERN};

/* Compiled once for the life of the process (PCRE2's own allocator: they
 * are shared and never freed, so they are no object's to own). */
static pcre2_code *patterns[P_COUNT];
static int patterns_ok;
static pthread_once_t patterns_once = PTHREAD_ONCE_INIT;

static void compile_patterns(void)
{
    for (int i = 0; i < P_COUNT; i++) {
        int err;
        PCRE2_SIZE at;
        uint32_t opts = PCRE2_UTF | PCRE2_UCP;
        if (i == P_DATE)
            opts |= PCRE2_CASELESS;
        patterns[i] = pcre2_compile((PCRE2_SPTR)pattern_source[i],
                                    PCRE2_ZERO_TERMINATED, opts, &err, &at,
                                    NULL);
        if (!patterns[i])
            return;
        /* Matching runs on lines of every page, and PCRE2's JIT matches
         * these patterns several times faster than its interpreter,
         * finding exactly the same matches. pcre2_match runs the JIT code
         * when there is some and the interpreter otherwise, so a JIT
         * that is unavailable or fails to compile is not an error.
         * The JIT's vector loads may read past the end of a subject
         * (aligned, so never into another page); memcheck reports those,
         * and -DPRECIS_NO_JIT builds a library for such runs. */
#ifndef PRECIS_NO_JIT
        (void)pcre2_jit_compile(patterns[i], PCRE2_JIT_COMPLETE);
#endif
    }
    patterns_ok = 1;
}

/* The patterns go when the library is unloaded (at exit, or dlclose), so
 * a leak checker such as valgrind's memcheck finds no block left over. */
#if defined(__GNUC__)
__attribute__((destructor))
#endif
static void free_patterns(void)
{
    for (int i = 0; i < P_COUNT; i++) {
        pcre2_code_free(patterns[i]);
        patterns[i] = NULL;
    }
}

/* PCRE2 allocates match data through these, so that a caller's allocator
 * sees it. */
static void *pcre_malloc(PCRE2_SIZE size, void *data)
{
    (void)data;
    return px_malloc(size);
}

static void pcre_free(void *ptr, void *data)
{
    (void)data;
    px_free(ptr);
}

/* ------------------------------------------------------------------------
 * Lines
 * ------------------------------------------------------------------------ */

#define F_FINAL 0x1u      /* ends with . ! ? : or an ellipsis */
#define F_LIST 0x2u       /* starts with a list marker */
#define F_CREDIT 0x4u     /* ends with a photo credit */
#define F_CREDIT_ONLY 0x8u /* is nothing but a photo credit */
#define F_FOOTER 0x10u
#define F_COMMENT 0x20u
#define F_CRUMB 0x40u     /* breadcrumb separators */
#define F_COUNTER 0x80u   /* only a number or two */
#define F_PROSE 0x100u
#define F_SENTENCE 0x200u /* short, but shaped like a sentence */
#define F_REPEATED 0x400u
#define F_BYLINE 0x800u
#define F_DATE 0x1000u
#define F_TOOLBAR 0x2000u
#define F_SYMBOL 0x4000u  /* + or | among the words: a row of buttons */
#define F_BREAK 0x8000u   /* comment form: the body cannot span it */
#define F_DOUBLED 0x10000u /* the same as the line next to it: a caption */
#define F_STOP 0x20000u   /* ends with . ! ? or an ellipsis */
#define F_PROMO 0x40000u  /* advertising or a cross-link */

typedef struct lline {
    size_t start, end;   /* trimmed content */
    size_t para;         /* paragraph number */
    size_t norm;         /* the first line with the same normalised text */
    size_t norm_len;     /* bytes of the normalised text (see normalise) */
    unsigned words;      /* word and number tokens */
    unsigned stops;
    unsigned lower;      /* words starting in lower case */
    unsigned numbers;
    unsigned flags;
    precis_span byline;  /* the name, when F_BYLINE */
    precis_span date;    /* the date, when F_DATE */
    const char *reason;  /* NULL: body */
} lline;

typedef struct work {
    const char *text;
    size_t len;
    const precis_lang *lang;
    lline *lines;
    size_t count;
    size_t cap;
    px_strmap *norms;       /* normalised texts of lines that may repeat */
    size_t *norm_first;     /* first line per id in norms */
    size_t norm_cap;
    px_strmap *norm_lens;   /* distinct lengths of normalised texts */
    size_t *len_lines;      /* lines per id in norm_lens */
    size_t len_cap;
    size_t *norm_count;     /* lines per class, at its first line */
    size_t count_cap;
    char *scratch;          /* normalised text of one line */
    size_t scratch_cap;
    pcre2_general_context *gctx;
    pcre2_match_data *md;
    size_t run_first, run_last; /* the body run, inclusive; none when
                                 * first > last */
    size_t body_first;  /* first line of the run before it grew */
    int failed;         /* a pattern match ran out of memory */
    size_t title_line;
    int has_title;
    /* Set by px_layout_new_analyzed: words go through the analyzer, and
     * each line's tokens are kept in `tokens`. The rest is one line's
     * scratch: its folded words back to back, and per word where its
     * folded text lies and the analyzer's answer. */
    precis_analyzer *an;
    px_tokvec *tokens;
    /* Where the buffers below are borrowed from for the page and
     * handed back to after it (work_borrow, work_clear). */
    px_page_scratch *page;
    char *folds;
    size_t folds_len, folds_cap;
    const char **words;     /* per word token (numbers have no entry) */
    size_t *word_lens;
    uint32_t *word_ids;     /* its hot cache slot, then its analyzer id */
    size_t *word_toks;      /* its token */
    uint64_t *word_keys;    /* two per word: px_key16 */
    size_t words_cap;
    /* One line's classification (px_line_classify): its letters and
     * digits, then its bytes >= 0x80, px_line_words of each. */
    uint64_t *bits;
    size_t bits_cap;
} work;

/* White space at a line's ends: ASCII, NBSP, the U+2000 spaces, U+202F,
 * U+3000 and a BOM. Returns the byte length of the space at s, or 0. */
static size_t space_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' ||
                   u[0] == '\v' || u[0] == '\f'))
        return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
        (u[2] <= 0x8A || u[2] == 0xAF))
        return 3;
    if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return 3;
    return 0;
}

/* Length of the white space that ends just before s[end], or 0. */
static size_t space_len_before(const char *s, size_t start, size_t end)
{
    for (size_t k = 1; k <= 3 && k <= end - start; k++) {
        if (space_len(s + end - k, k) == k)
            return k;
    }
    return 0;
}

static void trim(const char *s, size_t *start, size_t *end)
{
    size_t n;
    while (*start < *end && (n = space_len(s + *start, *end - *start)) > 0)
        *start += n;
    while (*end > *start && (n = space_len_before(s, *start, *end)) > 0)
        *end -= n;
}

static int is_closing(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
           cp == 0x2019 || cp == 0x201D || cp == 0xBB || cp == 0x203A;
}

/* Sentence-final punctuation, looking through closing quotes and
 * brackets: "... peace.”" ends a sentence. Returns 2 for a full stop,
 * question or exclamation mark or ellipsis, 1 for a colon (it ends a line
 * of running text that introduces a quote, but also a label), else 0. */
static int ends_sentence(const char *s, size_t start, size_t end)
{
    while (end > start) {
        size_t n = px_utf8_prev_len(s, end);
        uint32_t cp;
        px_utf8_decode(s + end - n, n, &cp);
        if (is_closing(cp)) {
            end -= n;
            continue;
        }
        if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026)
            return 2;
        return cp == ':';
    }
    return 0;
}

/* A list marker: a bullet or dash, or a number with '.' or ')', then a
 * space. Returns the length of marker and space, or 0. */
static size_t list_marker(const char *s, size_t start, size_t end)
{
    static const char *const bullets[] = {
        "\xE2\x80\xA2", /* U+2022 bullet */
        "\xC2\xB7",     /* U+00B7 middle dot */
        "\xE2\x96\xAA", /* U+25AA small square */
        "\xE2\x97\xA6", /* U+25E6 white bullet */
        "\xE2\x80\xA3", /* U+2023 triangular bullet */
        "\xE2\x97\x8F", /* U+25CF black circle */
        "\xE2\x96\xA0", /* U+25A0 black square */
        "\xE2\x80\x93", /* U+2013 en dash */
        "\xE2\x80\x94", /* U+2014 em dash */
        "*",
        "-",
    };
    size_t n = 0;
    if (start == end)
        return 0;
    /* Every marker opens with one of these bytes; most lines with none. */
    unsigned char first = (unsigned char)s[start];
    if (first != 0xE2 && first != 0xC2 && first != '*' && first != '-' &&
        (first < '0' || first > '9'))
        return 0;
    for (size_t i = 0; i < sizeof bullets / sizeof bullets[0]; i++) {
        size_t bl = strlen(bullets[i]);
        if (end - start >= bl && memcmp(s + start, bullets[i], bl) == 0) {
            n = bl;
            break;
        }
    }
    if (n == 0) {
        while (start + n < end && n < 3 && s[start + n] >= '0' &&
               s[start + n] <= '9')
            n++;
        if (n == 0 || start + n >= end ||
            (s[start + n] != '.' && s[start + n] != ')'))
            return 0;
        n++;
    }
    size_t sp = start + n < end ? space_len(s + start + n, end - start - n)
                                : 0;
    return sp ? n + sp : 0;
}

static int has_breadcrumb(const char *s, size_t start, size_t end)
{
    for (size_t i = start; i < end; i++) {
        const unsigned char *u = (const unsigned char *)s + i;
        if (end - i >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xBA)
            return 1; /* U+203A single right-pointing angle quotation */
        if (end - i >= 2 && u[0] == 0xC2 && u[1] == 0xBB)
            return 1; /* U+00BB right-pointing double angle quotation */
        if (end - i >= 3 && u[0] == ' ' && (u[1] == '>' || u[1] == '|') &&
            u[2] == ' ')
            return 1;
    }
    return 0;
}

static int memmem_bytes(const char *s, size_t start, size_t end,
                        const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = start; i + n <= end; i++) {
        if (memcmp(s + i, needle, n) == 0)
            return 1;
    }
    return 0;
}

static int all_digits(const char *s, size_t start, size_t end)
{
    if (end - start > COUNTER_MAX_BYTES)
        return 0;
    for (size_t i = start; i < end; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
    }
    return end > start;
}

static int has_button_symbol(const char *s, size_t start, size_t end)
{
    /* memchr scans many bytes per step; most lines have neither. */
    return memchr(s + start, '+', end - start) != NULL ||
           memchr(s + start, '|', end - start) != NULL;
}

/* A small English list for when no language is given: the words that
 * make up most of running text. */
static const char *const fallback_stopwords[] = {
    "a",    "an",   "and",   "are",  "as",    "at",   "be",   "been",
    "but",  "by",   "for",   "from", "had",   "has",  "have", "he",
    "her",  "his",  "i",     "in",   "is",    "it",   "its",  "not",
    "of",   "on",   "or",    "said", "she",   "that", "the",  "their",
    "they", "this", "to",    "was",  "we",    "were", "which", "who",
    "will", "with", "would", "you",
};

static int is_stopword(const precis_lang *lang, const char *w, size_t n)
{
    if (lang)
        return px_lang_stopword(lang, w, n);
    for (size_t i = 0;
         i < sizeof fallback_stopwords / sizeof fallback_stopwords[0]; i++) {
        if (strlen(fallback_stopwords[i]) == n &&
            memcmp(fallback_stopwords[i], w, n) == 0)
            return 1;
    }
    return 0;
}

/* For a token that needs the tokenizer's folding: 1 when it is a
 * stopword. */
static int stop_token(void *ctx, int kind, const char *folded,
                      size_t folded_len, size_t start, size_t end)
{
    const precis_lang **lang = ctx;
    (void)kind;
    (void)start;
    (void)end;
    return is_stopword(*lang, folded, folded_len);
}

/* 1 when the word text[start..end) is a stopword, 0 when not, or
 * PRECIS_ENOMEM, for the words the language's table does not answer
 * (see stop_table). An ASCII word comes folded (`folded`, its bytes in
 * lower case); the rest is folded by the tokenizer. */
static int word_is_stop(const work *w, size_t start, size_t end, int ascii,
                        const char *folded)
{
    if (ascii && !w->lang)
        return is_stopword(NULL, folded, end - start);
    if (ascii && !w->lang->stopwords)
        return 0; /* a language without a list */
    const precis_lang *lang = w->lang;
    int rc = px_tokenize(w->text, start, end, stop_token, &lang);
    return rc < 0 ? rc : rc != 0;
}

/* The language whose short-word table answers for the short ASCII words
 * of a page (NULL: the general way answers, without a language, its list
 * or a table of every short word). */
static const precis_lang *stop_table(const work *w)
{
    const precis_lang *lang = w->lang;
    return lang && lang->stopwords && !lang->stop_unplaced ? lang : NULL;
}

/* 1 when the word at text[i] starts in lower case. */
static unsigned starts_lower(const work *w, size_t i)
{
    /* An ASCII first letter is lower case exactly when it is a-z (the
     * Unicode functions agree); others take the general path. */
    unsigned char b = (unsigned char)w->text[i];
    if (b < 0x80)
        return b >= 'a' && b <= 'z';
    uint32_t cp;
    px_utf8_decode(w->text + i, w->len - i, &cp);
    return px_unicode_is_letter(cp) && !px_unicode_is_upper(cp);
}

/* The bytes of one character in a line's normalised text (see normalise):
 * a letter or digit folded, written to enc (room for 4); nothing (0) for
 * anything else. */
static size_t norm_char(uint32_t cp, char enc[4])
{
    if (!px_unicode_is_letter(cp) && !px_unicode_is_digit(cp))
        return 0;
    return px_utf8_encode(px_unicode_fold(cp), enc);
}

/* The length normalise gives text[start..stop), for the rare token the
 * ASCII scan leaves to px_token_next. */
static size_t norm_bytes(const char *text, size_t start, size_t stop)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t n = 0;
    while (start < stop) {
        if (u[start] < 0x80) {
            n += px_ascii_folded[u[start++]] != 0;
            continue;
        }
        uint32_t cp;
        char enc[4];
        start += px_utf8_decode(text + start, stop - start, &cp);
        n += norm_char(cp, enc);
    }
    return n;
}

/* A token of a line: returned by value, so that the scan keeps it in
 * registers. */
typedef struct line_tok {
    size_t start;  /* the line's end when there is no token */
    size_t stop;   /* its end */
    size_t norm;   /* what it adds to the line's normalised text */
    int kind;      /* PRECIS_TOKEN_* */
    int ascii;     /* every byte of it is ASCII: it folds to them in
                    * lower case */
} line_tok;

/* The token at text[i] (a letter, digit or byte >= 0x80 that the quick
 * scan of line_token cannot judge), or the next, the byte-at-a-time way:
 * px_token_ascii for a token of ASCII bytes, px_token_next for the rest.
 * Kept out of line: it is rare, and inline its results would sit in
 * memory for every token. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void next_token(const work *w, size_t i, size_t end, line_tok *out)
{
    line_tok t;
    size_t joins;
    t.norm = 0;
    /* A line ends before white space or the text's NUL. */
    t.kind = px_token_ascii(w->text, i, end, 1, NULL, &t.stop, &joins);
    if (t.kind) {
        t.start = i;
        t.ascii = 1;
        /* Only the joiners are no letters or digits. */
        t.norm = t.stop - i - joins;
    } else {
        t.start = px_token_next(w->text, i, end, &t.kind, &t.stop, &t.ascii);
        if (t.start >= end)
            t.start = end;
        else
            t.norm = norm_bytes(w->text, t.start, t.stop);
    }
    *out = t;
}

/* What a line's tokens add up to, counted apart from the line so that
 * the counts stay in registers: through the line, each store to a token
 * or a word would make them be read back. */
typedef struct line_counts {
    unsigned words, stops, lower, numbers;
    size_t norm_len;
} line_counts;

/* Counts the token at text[i] among the line's words, and what it adds to
 * the normalised text (`norm`) after the list marker. */
static inline void count_token(line_counts *c, size_t i, size_t from,
                               size_t norm)
{
    c->words++;
    if (i >= from)
        c->norm_len += norm;
}

/* Adds the counts to line l. Returns rc, for the counting's return. */
static int counted(lline *l, const line_counts *c, int rc)
{
    l->words += c->words;
    l->stops += c->stops;
    l->lower += c->lower;
    l->numbers += c->numbers;
    l->norm_len += c->norm_len;
    return rc;
}

/* ------------------------------------------------------------------------
 * A line's tokens from its classification
 *
 * A line is classified once (px_line_classify): bitmaps of its ASCII
 * letters and digits and of its bytes >= 0x80, and a copy in lower case.
 * A token then starts at the next bit set in either bitmap, and an ASCII
 * token's run of letters and digits ends at the next bit clear in the
 * first; its folded text is a slice of the copy. Only a run that a
 * joiner or a byte >= 0x80 may carry on, and a token starting with such
 * a byte, go the byte-at-a-time way (next_token), from the same offset
 * it would have reached.
 * ------------------------------------------------------------------------ */

/* Bytes readable past any word of the copy, and past any word folded
 * after it: the stopword test and the word cache load 16 at once. */
#define FOLD_SLACK 16

typedef struct line_scan {
    size_t start, end;
    const uint64_t *alnum, *high; /* px_line_words(end - start) each */
    size_t blocks;
    size_t copy;       /* bytes of w->folds the copy takes, slack included */
    /* Where the scan is: a block, and its bits (of either bitmap) from
     * the scan's offset on. */
    size_t block;
    uint64_t starts;
} line_scan;

/* The bytes of w->folds that line l's copy takes, slack included. */
static size_t line_copy(const lline *l)
{
    return px_line_words(l->end - l->start) * PX_LINE_BLOCK + FOLD_SLACK;
}

/* Classifies line l into w->bits and the start of w->folds, with room for
 * `extra` bytes more after the copy (from line_copy(l) on). */
static int classify_line(work *w, const lline *l, size_t extra)
{
    size_t n = l->end - l->start, nb = px_line_words(n);
    size_t copy = line_copy(l);
    if ((copy + extra > w->folds_cap &&
         px_grow((void **)&w->folds, &w->folds_cap, copy + extra, 1)) ||
        (2 * nb > w->bits_cap &&
         px_grow((void **)&w->bits, &w->bits_cap, 2 * nb, sizeof *w->bits)))
        return PRECIS_ENOMEM;
    px_line_classify(w->text + l->start, n, w->folds, w->bits, w->bits + nb);
    return 0;
}

/* The scan of line l, classified, from its start: by value, so that it
 * stays in registers (its address never leaves the inline functions). */
static inline line_scan line_scan_of(const work *w, const lline *l)
{
    line_scan s;
    s.start = l->start;
    s.end = l->end;
    s.blocks = px_line_words(l->end - l->start);
    s.copy = line_copy(l);
    s.alnum = w->bits;
    s.high = w->bits + s.blocks;
    s.block = 0;
    s.starts = s.blocks ? s.alnum[0] | s.high[0] : 0;
    return s;
}

/* The offset (from the line's start) where the run of letters and digits
 * at r ends: the first bit clear in s->alnum after it. */
static inline size_t run_end(const line_scan *s, size_t r)
{
    size_t k = r / PX_LINE_BLOCK;
    uint64_t m = ~s->alnum[k] >> (r % PX_LINE_BLOCK);
    if (m)
        return r + px_ctz64(m);
    /* The run goes on into the next block (bits past the line are
     * clear, but a line may end at a block's end). */
    for (k++; k < s->blocks; k++)
        if (~s->alnum[k])
            return k * PX_LINE_BLOCK + px_ctz64(~s->alnum[k]);
    return s->blocks * PX_LINE_BLOCK;
}

/* Per byte after a run of letters and digits: whether it may carry the
 * token on, bit 0 for a word, bit 1 for a number (run_is_token). The
 * marks ' and - may join either ('.' and ',' only a number, as
 * px_token_joins has it), and a byte >= 0x80 may be a letter, an
 * apostrophe or a hyphen; any other byte ends the token with its run. */
static const unsigned char run_carried[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 2, 3, 2, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

/* Whether a run of letters and digits that ends at u[e] is a whole
 * token: the line ends there (at `end`), or the byte there cannot carry
 * the run on, a number's (`number`: it starts with a digit) or a
 * word's. */
static inline int run_is_token(const unsigned char *u, size_t e, size_t end,
                               int number)
{
    return e >= end || !(run_carried[u[e]] & (1u << number));
}

/* The next token of a classified line from text[i] on (i never below
 * the offset of the call before). An ASCII token's folded text is the
 * copy's bytes from i - s->start. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline line_tok line_token(const work *w, line_scan *s, size_t i)
{
    const unsigned char *u = (const unsigned char *)w->text;
    line_tok t;
    size_t r = i - s->start, k = r / PX_LINE_BLOCK;
    t.start = s->end;
    if (k != s->block) {
        if (k >= s->blocks)
            return t;
        s->block = k;
        s->starts = s->alnum[k] | s->high[k];
    }
    s->starts &= ~(uint64_t)0 << (r % PX_LINE_BLOCK);
    while (!s->starts) {
        if (++s->block >= s->blocks)
            return t;
        s->starts = s->alnum[s->block] | s->high[s->block];
    }
    r = s->block * PX_LINE_BLOCK + px_ctz64(s->starts);
    i = s->start + r;
    if (u[i] < 0x80) {
        size_t e = s->start + run_end(s, r);
        int number = u[i] <= '9';
        /* Nothing after the run can carry it on: the token is the run,
         * as px_token_ascii would find. */
        if (run_is_token(u, e, s->end, number)) {
            t.start = i;
            t.stop = e;
            t.norm = e - i;
            t.kind = number ? PRECIS_TOKEN_NUMBER : PRECIS_TOKEN_WORD;
            t.ascii = 1;
            return t;
        }
    }
    line_tok slow;
    next_token(w, i, s->end, &slow);
    return slow;
}

/* Adds the ASCII word text[i..i + n) of line l (n <= PX_KEYSET_MAX) to
 * its counts, through the language's table: the word's folded bytes
 * are a slice of the line's copy, and an ASCII word starts with A-Z or
 * a-z. */
static inline void count_table_word(const work *w, const lline *l,
                                    const precis_lang *table, size_t i,
                                    size_t n, line_counts *c)
{
    unsigned lower = (unsigned char)w->text[i] >= 'a';
    uint64_t key[2];
    px_keyset_key(w->folds + (i - l->start), n, key);
    c->stops += (unsigned)px_keyset_has(&table->stop, key);
    c->lower += lower;
}

/* Adds token t (a word or a number) to the counts of line l: 0 or
 * PRECIS_ENOMEM. `table` as stop_table answers. */
static int count_one(const work *w, const lline *l, const precis_lang *table,
                     size_t from, const line_tok *t, line_counts *c)
{
    size_t i = t->start, n = t->stop - i;
    count_token(c, i, from, t->norm);
    if (t->kind == PRECIS_TOKEN_NUMBER) {
        c->numbers++;
        return 0;
    }
    if (table && t->ascii && n <= PX_KEYSET_MAX) {
        count_table_word(w, l, table, i, n, c); /* the common case */
        return 0;
    }
    int rc = word_is_stop(w, i, t->stop, t->ascii,
                          w->folds + (i - l->start));
    if (rc < 0)
        return rc;
    c->stops += (unsigned)rc;
    c->lower += starts_lower(w, i);
    return 0;
}

/* count_words when the language's table answers for short ASCII words
 * (`table`, not NULL), a block of the classified line at a time. A
 * token starts at the first byte at or after the end of the one before
 * that starts a run of letters and digits or is >= 0x80, as line_token
 * finds it; here the candidates of a block come from its bitmaps at
 * once, and the walk keeps nothing between tokens but where the last
 * one ended. A run that nothing after it carries on is the token, and
 * is counted here; any other token is the general way's (next_token),
 * after which the walk goes on from its end. */
static int count_blocks(const work *w, const lline *l, const line_scan *s,
                        size_t from, const precis_lang *table,
                        line_counts *c)
{
    const unsigned char *u = (const unsigned char *)w->text;
    size_t start = l->start, end = l->end, i = start;
    uint64_t carry = 0; /* the alnum bit of the byte before the block */
    for (size_t k = 0; k < s->blocks; k++) {
        uint64_t alnum = s->alnum[k];
        uint64_t starts = (alnum & ~(alnum << 1 | carry)) | s->high[k];
        carry = alnum >> 63;
        size_t base = start + k * PX_LINE_BLOCK;
        if (i > base) {
            if (i - base >= PX_LINE_BLOCK)
                continue;
            /* From where the last token ended (a letter or digit there
             * would start the next one). */
            starts = (starts | (alnum & (uint64_t)1 << (i - base))) &
                     ~(uint64_t)0 << (i - base);
        }
        while (starts) {
            size_t a = base + px_ctz64(starts);
            if (u[a] < 0x80) {
                size_t e = start + run_end(s, a - start);
                int number = u[a] <= '9';
                size_t n = e - a;
                if (run_is_token(u, e, end, number) &&
                    (number || n <= PX_KEYSET_MAX)) {
                    count_token(c, a, from, n);
                    if (number)
                        c->numbers++;
                    else
                        count_table_word(w, l, table, a, n, c);
                    /* Nothing in the run starts a token. */
                    i = e;
                    starts &= starts - 1;
                    continue;
                }
            }
            line_tok t;
            next_token(w, a, end, &t);
            if (t.start >= end)
                return 0;
            int rc = count_one(w, l, table, from, &t, c);
            if (rc)
                return rc;
            i = t.stop;
            if (i - base >= PX_LINE_BLOCK)
                break;
            starts = (starts | (alnum & (uint64_t)1 << (i - base))) &
                     ~(uint64_t)0 << (i - base);
        }
    }
    return 0;
}

/* Counts the line's words and numbers (the tokens of px_tokenize), its
 * stopwords and its words starting in lower case, and the length of its
 * normalised text from `from` (after a list marker, which no token
 * straddles: a numbered marker's digits are a token of their own). */
static int count_words(work *w, lline *l, size_t from)
{
    if (classify_line(w, l, 0))
        return PRECIS_ENOMEM;
    line_scan s = line_scan_of(w, l);
    size_t i = l->start, end = l->end;
    const precis_lang *table = stop_table(w);
    line_counts c = {0};
    if (table) {
        int rc = count_blocks(w, l, &s, from, table, &c);
        return rc ? rc : counted(l, &c, 0);
    }
    for (;;) {
        line_tok t = line_token(w, &s, i);
        if (t.start >= end)
            return counted(l, &c, 0);
        int rc = count_one(w, l, NULL, from, &t, &c);
        if (rc)
            return rc;
        i = t.stop;
    }
}

/* The analyzed way (px_layout_new_analyzed): the line's tokens are found
 * on its classification, each word's folded text is a slice of the
 * line's copy or (for the rare token with bytes >= 0x80) appended after
 * it, then the line's words are looked up in the analyzer together, and
 * the tokens kept with their entries. Only such rare tokens go through
 * the tokenizer's folding: going through it for every token (a callback
 * and a copy per token) cost more than finding the tokens. */
static int fold_first(void *ctx, int kind, const char *folded,
                      size_t folded_len, size_t start, size_t end)
{
    work *w = ctx;
    (void)kind;
    (void)start;
    (void)end;
    size_t need = w->folds_len + folded_len + FOLD_SLACK;
    if (need > w->folds_cap &&
        px_grow((void **)&w->folds, &w->folds_cap, need, 1))
        return PRECIS_ENOMEM;
    memcpy(w->folds + w->folds_len, folded, folded_len);
    w->folds_len += folded_len;
    return 1; /* text[start..stop) is this one token */
}

/* Room for n words in the five per-word arrays (one capacity). */
static int reserve_words(work *w, size_t n)
{
    if (n <= w->words_cap)
        return 0;
    size_t cap = w->words_cap;
    if (px_grow((void **)&w->words, &cap, n, sizeof *w->words))
        return PRECIS_ENOMEM;
    cap = w->words_cap;
    if (px_grow((void **)&w->word_lens, &cap, n, sizeof *w->word_lens))
        return PRECIS_ENOMEM;
    cap = w->words_cap;
    if (px_grow((void **)&w->word_ids, &cap, n, sizeof *w->word_ids))
        return PRECIS_ENOMEM;
    cap = w->words_cap;
    if (px_grow((void **)&w->word_toks, &cap, n, sizeof *w->word_toks))
        return PRECIS_ENOMEM;
    cap = w->words_cap;
    if (px_grow((void **)&w->word_keys, &cap, n, 2 * sizeof *w->word_keys))
        return PRECIS_ENOMEM;
    w->words_cap = cap;
    return 0;
}

/* A word token's `word` until the analyzer has answered. */
#define WORD_PENDING 0

/* A word's slot in the hot cache when it is too long for one. */
#define NO_HOT_SLOT UINT32_MAX

/* Whether the word token at text[at] is ASCII, from its first `folded`
 * bytes (its folded length): a token's bytes >= 0x80, if any, start
 * within them, as each character before them folds to one byte. */
static int token_ascii(const work *w, size_t at, size_t folded)
{
    for (size_t q = at; q < at + folded; q++)
        if ((unsigned char)w->text[q] >= 0x80)
            return 0;
    return 1;
}

/* After w->folds moved: where each word of the line's nt tokens (from t)
 * that the hot cache missed has its folded text, an ASCII word's in the
 * copy and the others' back to back after it, in token order. */
static void refind_words(work *w, const line_scan *s, const px_token *t,
                         size_t nt, size_t nw)
{
    const char *p = w->folds + s->copy;
    size_t m = 0;
    for (size_t k = 0; k < nt; k++) {
        if (t[k].word == PX_TOKEN_NUMBER)
            continue;
        int missed = m < nw && w->word_toks[m] == k;
        size_t n;
        if (missed)
            n = w->word_lens[m];
        else
            px_analyzer_folded(w->an, t[k].word, &n);
        int ascii = token_ascii(w, t[k].start, n);
        if (missed)
            w->words[m++] = ascii ? w->folds + (t[k].start - s->start) : p;
        if (!ascii)
            p += n;
    }
}

/* The per-word arrays of a line being read, as locals. */
typedef struct pending {
    const char **words;
    size_t *lens;
    size_t *toks;
    uint32_t *slots; /* the words' hot cache slots (w->word_ids) */
    uint64_t *keys;
} pending;

static pending pending_of(work *w)
{
    pending p = {w->words, w->word_lens, w->word_toks, w->word_ids,
                 w->word_keys};
    return p;
}

/* Kept out of its callers: inlined into the page's loop, its scan loops
 * were compiled into slower code (some 1% of a summary's instructions). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int count_words_analyzed(work *w, lline *l, size_t from)
{
    px_tokvec *v = w->tokens;
    size_t nt = 0, nw = 0;
    size_t i = l->start, end = l->end;
    /* Room after the copy for the rare words folded apart: a character
     * folds to at most twice its bytes (as in normalise), so that the
     * buffer stays where it is while they are appended; only if it did
     * not would the words have to be found again. */
    if (classify_line(w, l, 2 * (end - i) + FOLD_SLACK))
        return PRECIS_ENOMEM;
    line_scan s = line_scan_of(w, l);
    w->folds_len = s.copy;
    const char *folds = w->folds;
    /* Room for as many tokens as the line can hold (one a byte and a
     * separator), so that there is no test per token. */
    size_t most = (end - i + 1) / 2;
    if (most > v->cap - v->count &&
        px_grow((void **)&v->items, &v->cap, v->count + most,
                sizeof *v->items))
        return PRECIS_ENOMEM;
    /* A token is no longer than its line. */
    int long_line = end - i >= PX_TOKEN_LONG;
    /* The line's tokens, through a local: stores to them might be to
     * v->count as far as the compiler knows, which it would then read
     * again for every token. */
    px_token *toks = v->items + v->count;
    /* The same for the per-word arrays, which move only when they grow. */
    pending pend = pending_of(w);
    size_t cap = w->words_cap;
    const px_hot_word *hot = w->an->hot;
    line_counts c = {0};
    for (;;) {
        line_tok tok = line_token(w, &s, i);
        if (tok.start >= end)
            break;
        i = tok.start;
        size_t stop = tok.stop;
        px_token *t = &toks[nt++];
        t->start = i;
        t->len = (uint32_t)(stop - i);
        if (long_line && stop - i >= PX_TOKEN_LONG)
            t->len = PX_TOKEN_LONG;
        t->word = PX_TOKEN_NUMBER;
        count_token(&c, i, from, tok.norm);
        if (tok.kind == PRECIS_TOKEN_NUMBER) {
            c.numbers++;
            i = stop;
            continue;
        }
        const char *word;
        size_t len;
        if (tok.ascii) {
            /* A word starts with a letter, here A-Z or a-z. */
            c.lower += (unsigned char)w->text[i] >= 'a';
            word = w->folds + (i - l->start);
            len = stop - i;
        } else {
            size_t at = w->folds_len;
            int rc = px_tokenize(w->text, i, stop, fold_first, w);
            if (rc < 0)
                return rc;
            word = w->folds + at;
            len = w->folds_len - at;
            c.lower += starts_lower(w, i);
        }
        i = stop;
        /* The word's hot cache entry is asked for now and read once the
         * line is scanned, so that the line's misses overlap: the table
         * is larger than the first-level cache. */
        t->word = WORD_PENDING;
        if (nw >= cap) {
            if (reserve_words(w, nw + 1))
                return PRECIS_ENOMEM;
            pend = pending_of(w);
            cap = w->words_cap;
        }
        pend.words[nw] = word;
        pend.lens[nw] = len;
        pend.toks[nw] = nt - 1;
        pend.slots[nw] = NO_HOT_SLOT;
        if (len - 1 < PX_HOT_MAX) {
            uint64_t *key = &pend.keys[2 * nw];
            px_key16(word, len, key);
            size_t slot = px_hot_slot(key, len);
            px_prefetch(&hot[slot]);
            pend.slots[nw] = (uint32_t)slot;
        }
        nw++;
    }
    px_token *t = toks;
    /* Most words are answered by the hot cache; the rest, kept in order
     * at the front of the arrays, go to the analyzer as one batch. */
    size_t missed = 0;
    for (size_t k = 0; k < nw; k++) {
        uint32_t slot = pend.slots[k];
        if (slot != NO_HOT_SLOT) {
            const px_hot_word *h =
                px_hot_find(&hot[slot], &pend.keys[2 * k], pend.lens[k]);
            if (h) {
                t[pend.toks[k]].word = h->id;
                c.stops += h->stop;
                continue;
            }
        }
        pend.words[missed] = pend.words[k];
        pend.lens[missed] = pend.lens[k];
        pend.toks[missed++] = pend.toks[k];
    }
    nw = missed;
    if (w->folds != folds)
        refind_words(w, &s, t, nt, nw);
    int rc = px_analyzer_words(w->an, w->words, w->word_lens, nw, w->word_ids);
    if (rc)
        return rc;
    for (size_t k = 0; k < nw; k++) {
        uint32_t id = w->word_ids[k];
        t[w->word_toks[k]].word = id;
        c.stops += px_analyzer_word_term(w->an, id)->mark == PX_MARK_STOP;
    }
    v->count += nt;
    return counted(l, &c, 0);
}

/* 1 when pattern p matches text[start..end). PCRE2 may allocate (through
 * the match data's allocator, ours) for deep backtracking; a failure there
 * is remembered in w->failed and surfaces as PRECIS_ENOMEM. */
static int match(work *w, int p, size_t start, size_t end)
{
    int rc = pcre2_match(patterns[p], (PCRE2_SPTR)(w->text + start),
                         end - start, 0, PCRE2_NO_UTF_CHECK, w->md, NULL);
    /* The JIT has its own limits (a 32 KiB machine stack); when it hits
     * one, the interpreter decides, as it would without the JIT. */
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
        rc = pcre2_match(patterns[p], (PCRE2_SPTR)(w->text + start),
                         end - start, 0, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT,
                         w->md, NULL);
    /* Only a failed allocation is an error. PCRE2's match and depth
     * limits stop a pattern on a line of many megabytes with no sentence
     * end; the patterns describe short lines of page furniture, which
     * such a line is not, so it does not match. */
    if (rc == PCRE2_ERROR_NOMEMORY)
        w->failed = 1;
    return rc > 0;
}

/* Byte pre-checks: each answers 0 only when its pattern cannot match the
 * line, so that the (much slower) pattern runs on few lines and the
 * verdicts stay exactly the pattern's. Caseless matching in PCRE2's UTF
 * mode pairs an ASCII letter with a non-ASCII one only for k (U+212A) and
 * s (U+017F); the words tested below have neither letter. */

static int ascii_space(unsigned char c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

/* CREDIT_PATTERN ends either with ')' followed by white space to the end
 * of the line, or with a label "picture|photo|photograph|image|credit|pic",
 * an optional s, optional white space and a ':'. White space may be
 * non-ASCII and the s may be U+017F, so bytes >= 0x80 are stepped over as
 * well (that can only let more lines through). Stepping back from a ':'
 * over spaces, s and such bytes stops on the label's last letter, one of
 * e, o, h, t, c, none of which is stepped over. */
static int credit_possible(const char *s, size_t start, size_t end)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = end;
    while (i > start && (u[i - 1] >= 0x80 || ascii_space(u[i - 1])))
        i--;
    if (i > start && u[i - 1] == ')')
        return 1;
    const char *p = s + start;
    const char *stop = s + end;
    while ((p = memchr(p, ':', (size_t)(stop - p))) != NULL) {
        size_t j = (size_t)(p - s);
        while (j > start && (u[j - 1] >= 0x80 || ascii_space(u[j - 1]) ||
                             (u[j - 1] | 0x20) == 's'))
            j--;
        if (j > start) {
            unsigned char c = u[j - 1] | 0x20;
            if (c == 'e' || c == 'o' || c == 'h' || c == 't' || c == 'c')
                return 1;
        }
        p++;
    }
    return 0;
}

/* 1 when u[i..i+4) is `word` (4 lower-case ASCII bytes) in any case. */
static int ascii_ci4(const unsigned char *u, size_t i, const char *word)
{
    for (size_t k = 0; k < 4; k++) {
        unsigned char c = u[i + k];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)word[k])
            return 0;
    }
    return 1;
}

/* FOOTER_STRONG_PATTERN needs "(c)", U+00A9 (whose last byte is 0xA9),
 * "copyright" or "all rights reserved", in any case; only the s of
 * "rights" and "reserved" has a non-ASCII caseless twin, so "copyright"
 * and "all right" are plain ASCII in any matching line. One pass finds
 * every 0xA9 and '(' of the line, rare in prose, and one every "gh" in
 * any case (right, might, though: some words in a thousand); the bytes
 * around each are checked where it stands. Looking for each g instead
 * stopped the pass every few words of prose. */
static int footer_strong_possible(const char *s, size_t start, size_t end)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = start;
         (i = px_find_any4(s, i, end, 0xA9, '(', 0xA9, '(', 0)) < end; i++) {
        if (u[i] == 0xA9)
            return 1;
        if (end - i >= 3 && (u[i + 1] | 0x20) == 'c' && u[i + 2] == ')')
            return 1;
    }
    if (end - start < 2)
        return 0;
    /* The g of "copyright" or "all right". */
    for (size_t i = start; (i = px_find_letters(s, i, end - 1, 'g', 'h')) <
                           end - 1;
         i++) {
        if (i >= start + 6 && end - i >= 3 && (u[i - 2] | 0x20) == 'r' &&
            (u[i - 1] | 0x20) == 'i' && (u[i + 2] | 0x20) == 't' &&
            (ascii_ci4(u, i - 6, "copy") || ascii_ci4(u, i - 6, "all ")))
            return 1;
    }
    return 0;
}

/* 1 when the line's first word character (its first ASCII letter, digit
 * or '_') is one of `firsts`, or when a byte >= 0x80 comes before it (a
 * word character or a space of another script may start there); 0
 * otherwise. `firsts` are letters without a non-ASCII caseless twin (no
 * k or s). */
static int first_word_in(const char *s, size_t start, size_t end,
                         const char *firsts)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = start; i < end; i++) {
        if (u[i] >= 0x80)
            return 1;
        if (px_ascii_folded[u[i]] || u[i] == '_')
            return strchr(firsts, u[i]) != NULL;
    }
    return 0;
}

/* FOOTER_PATTERN: U+00A9 anywhere, or a legal word (copyright, cookie,
 * privacy, terms) after nothing but non-word characters and a space, so
 * at the line's first word character. */
static int footer_possible(const char *s, size_t start, size_t end)
{
    return memchr(s + start, 0xA9, end - start) != NULL ||
           first_word_in(s, start, end, "cCpPtT");
}

/* PROMO_PATTERN opens the line with advertis..., sponsored, read, see,
 * related, share, follow, subscribe or sign (an s may be U+017F, whose
 * first byte is >= 0x80). */
static int promo_possible(const char *s, size_t start, size_t end)
{
    unsigned char c = (unsigned char)s[start];
    return start < end && (c >= 0x80 || strchr("aAsSrRfF", c) != NULL);
}

/* BYLINE_PATTERN opens the line with written, posted, reported, words or
 * by, after white space that a trimmed line can only start with when it
 * is not ASCII. */
static int byline_possible(const char *s, size_t start, size_t end)
{
    unsigned char c = (unsigned char)s[start];
    return start < end && (c >= 0x80 || strchr("wWpPrRbB", c) != NULL);
}

/* 1 when `word` (lower-case ASCII letters, none of them k or s) is in
 * the line in any case: caselessly the pattern's letters match their
 * ASCII forms only. */
static int has_word_ci(const char *s, size_t start, size_t end,
                       const char *word)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(word);
    for (size_t i = start; i + n <= end; i++) {
        size_t k = 0;
        while (k < n && (u[i + k] | 0x20) == (unsigned char)word[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* COMMENT_PATTERN needs comment, reply, replies or disclaimer (whose s
 * may be U+017F: "claimer" is looked for). */
static int comment_possible(const char *s, size_t start, size_t end)
{
    return has_word_ci(s, start, end, "comment") ||
           has_word_ci(s, start, end, "repl") ||
           has_word_ci(s, start, end, "claimer");
}

/* DATE_PATTERN needs a digit (\d: an ASCII digit or a decimal digit of
 * another script, which is no ASCII byte). */
static int date_possible(const char *s, size_t start, size_t end)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = start; i < end; i++) {
        if ((u[i] >= '0' && u[i] <= '9') || u[i] >= 0x80)
            return 1;
    }
    return 0;
}

/* DATELINE_PATTERN opens with a place: a capital letter, then a letter,
 * '.', an apostrophe or a hyphen (any byte >= 0x80 may be one). */
static int dateline_possible(const char *s, size_t start, size_t end)
{
    const unsigned char *u = (const unsigned char *)s;
    if (end - start < 2)
        return 0;
    unsigned char a = u[start], b = u[start + 1];
    return (a >= 0x80 || (a >= 'A' && a <= 'Z')) &&
           (b >= 0x80 || (px_ascii_folded[b] && b > '9') || b == '.' ||
            b == '\'' || b == '-');
}

/* Offsets of group g of the last match, relative to `base`; 0 if unset. */
static int group(const work *w, int g, size_t base, precis_span *span)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
    if (ov[2 * g] == PCRE2_UNSET)
        return 0;
    span->start = base + ov[2 * g];
    span->end = base + ov[2 * g + 1];
    return 1;
}

/* Appends the line's text, case-folded, letters and digits only, to the
 * scratch buffer: "Karabakh at Putin's table" and "Karabakh at Putins
 * table" normalise alike. A list marker is skipped, so a menu item equals
 * the same words on a line of their own. */
static int normalise(work *w, lline *l, size_t *out_len)
{
    /* Simple folding keeps a code point within 4 bytes; twice the line is
     * room enough. px_grow doubles, so long lines cost amortised O(1). */
    size_t need = 2 * (l->end - l->start) + 4;
    if (px_grow((void **)&w->scratch, &w->scratch_cap, need, 1))
        return PRECIS_ENOMEM;
    size_t i = l->start + list_marker(w->text, l->start, l->end);
    size_t n = 0;
    const unsigned char *u = (const unsigned char *)w->text;
    char *out = w->scratch; /* a local: stores through w would reload it */
    while (i < l->end) {
        /* Eight ASCII bytes at once when they are all ASCII (the high
         * bit of none set): no test per byte but the table's. */
        if (l->end - i >= 8) {
            uint64_t word;
            memcpy(&word, u + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                for (int k = 0; k < 8; k++) {
                    char f = (char)px_ascii_folded[u[i + k]];
                    out[n] = f;
                    n += f != 0;
                }
                i += 8;
                continue;
            }
        }
        /* ASCII, most of any page, directly: it is a letter or digit
         * exactly when px_unicode_is_letter/is_digit say so, and folds by
         * the same A-Z rule as px_unicode_fold. */
        if (u[i] < 0x80) {
            /* Store unconditionally, advance only for a kept byte: no
             * branch on the byte's class. */
            char f = (char)px_ascii_folded[u[i++]];
            out[n] = f;
            n += f != 0;
            continue;
        }
        uint32_t cp;
        size_t cl = px_utf8_decode(w->text + i, l->end - i, &cp);
        char enc[4];
        size_t el = norm_char(cp, enc);
        if (n + el > w->scratch_cap) /* cannot happen; stay in bounds */
            el = 0;
        memcpy(out + n, enc, el);
        n += el;
        i += cl;
    }
    *out_len = n;
    return 0;
}

static int add_line(work *w, size_t start, size_t end, size_t para)
{
    if (px_grow((void **)&w->lines, &w->cap, w->count + 1, sizeof *w->lines))
        return PRECIS_ENOMEM;
    lline *l = &w->lines[w->count++];
    memset(l, 0, sizeof *l);
    l->start = start;
    l->end = end;
    l->para = para;
    return 0;
}

/* Cuts the text into trimmed non-blank lines, numbering paragraphs. */
static int split_lines(work *w)
{
    size_t pos = 0;
    size_t para = 0;
    int blank_before = 0;
    if (w->len >= 3 && memcmp(w->text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < w->len) {
        const char *nl = memchr(w->text + pos, '\n', w->len - pos);
        size_t eol = nl ? (size_t)(nl - w->text) : w->len;
        size_t s = pos, e = eol;
        trim(w->text, &s, &e);
        if (s == e) {
            blank_before = 1;
        } else {
            if (blank_before && w->count > 0)
                para++;
            blank_before = 0;
            if (add_line(w, s, e, para))
                return PRECIS_ENOMEM;
        }
        pos = nl ? eol + 1 : w->len;
    }
    return 0;
}

/* Running text by its shape: `words` words of which `stops` are
 * stopwords, `final` when it ends a sentence. `blind`: the page has no
 * stopword at all (a language without a list), so only length and the
 * sentence end can tell. */
static int prose_shape(unsigned words, unsigned stops, int final, int blind)
{
    if (blind)
        return final && words >= BLIND_PROSE_MIN_WORDS;
    if (words < PROSE_MIN_WORDS || stops * 100 < words * PROSE_MIN_STOP_PCT)
        return 0;
    if (final)
        return 1;
    return words >= PROSE_NOEND_MIN_WORDS &&
           stops * 100 >= words * PROSE_NOEND_MIN_STOP_PCT;
}

/* Marks prose lines. A line is judged on its own, and also as part of its
 * paragraph: hard-wrapped text and paragraphs broken across lines ("...
 * and said:" / quote) have lines that end mid-sentence. Such a line still
 * needs its own share of stopwords, so that a tool bar glued above a
 * paragraph stays out. */
static void mark_prose(work *w)
{
    unsigned long all_stops = 0;
    for (size_t i = 0; i < w->count; i++)
        all_stops += w->lines[i].stops;
    int blind = all_stops == 0;
    size_t i = 0;
    while (i < w->count) {
        size_t j = i;
        unsigned words = 0, stops = 0;
        while (j < w->count && w->lines[j].para == w->lines[i].para) {
            words += w->lines[j].words;
            stops += w->lines[j].stops;
            j++;
        }
        int para_prose =
            j - i > 1 &&
            prose_shape(words, stops, (w->lines[j - 1].flags & F_FINAL) != 0,
                        blind);
        for (size_t k = i; k < j; k++) {
            lline *l = &w->lines[k];
            if (l->flags & F_CREDIT)
                continue;
            unsigned stops_seen = blind ? l->words : l->stops;
            if (prose_shape(l->words, l->stops, (l->flags & F_FINAL) != 0,
                            blind) ||
                (para_prose && l->words >= PARA_LINE_MIN_WORDS &&
                 stops_seen * 100 >= l->words * PROSE_MIN_STOP_PCT))
                l->flags |= F_PROSE;
            else if ((l->flags & F_STOP) && stops_seen > 0 && l->words >= 2 &&
                     !(l->flags & F_LIST))
                l->flags |= F_SENTENCE;
        }
        i = j;
    }
}

static int describe_shape(work *w, lline *l)
{
    const char *t = w->text;
    size_t marker = list_marker(t, l->start, l->end);
    if (marker)
        l->flags |= F_LIST;
    size_t from = l->start + marker;
    int rc = w->an ? count_words_analyzed(w, l, from)
                   : count_words(w, l, from);
    if (rc < 0)
        return rc;
    int end = ends_sentence(t, l->start, l->end);
    if (end)
        l->flags |= F_FINAL;
    if (end == 2)
        l->flags |= F_STOP;
    if (credit_possible(t, l->start, l->end) &&
        match(w, P_CREDIT, l->start, l->end)) {
        l->flags |= F_CREDIT;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
        if (ov[0] == 0)
            l->flags |= F_CREDIT_ONLY;
    }
    return 0;
}

/* Sentence ends in [start, end): '.', '!' or '?' after a letter and
 * before a space, counted up to `enough`. */
static unsigned count_sentence_ends(const char *s, size_t start, size_t end,
                                    unsigned enough)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned n = 0;
    for (size_t i = start + 1; i + 1 < end && n < enough; i++)
        if ((u[i] == '.' || u[i] == '!' || u[i] == '?') &&
            (u[i + 1] == ' ' || u[i + 1] == '\t') &&
            ((u[i - 1] | 0x20) >= 'a' && (u[i - 1] | 0x20) <= 'z'))
            n++;
    if (n < enough && ends_sentence(s, start, end) == 2)
        n++;
    return n;
}

/* A long prose line of several sentences: body, whatever notice it
 * carries. */
static int long_prose(const work *w, const lline *l)
{
    return (l->flags & F_PROSE) && l->words >= FOOTER_BODY_MIN_WORDS &&
           count_sentence_ends(w->text, l->start, l->end,
                               FOOTER_BODY_MIN_SENTENCES) >=
               FOOTER_BODY_MIN_SENTENCES;
}

/* A line in the same paragraph as a prose line next to it. */
static int glued_to_prose(const work *w, size_t i)
{
    const lline *l = &w->lines[i];
    return (i > 0 && w->lines[i - 1].para == l->para &&
            (w->lines[i - 1].flags & F_PROSE)) ||
           (i + 1 < w->count && w->lines[i + 1].para == l->para &&
            (w->lines[i + 1].flags & F_PROSE));
}

static void describe_cues(work *w, size_t i)
{
    lline *l = &w->lines[i];
    const char *t = w->text;
    int prose = (l->flags & F_PROSE) != 0;
    int label = !(l->flags & (F_PROSE | F_SENTENCE));
    if (footer_strong_possible(t, l->start, l->end) && !long_prose(w, l) &&
        match(w, P_FOOTER_STRONG, l->start, l->end))
        l->flags |= F_FOOTER;
    else if (label && l->words <= CUE_MAX_WORDS &&
             footer_possible(t, l->start, l->end) &&
             match(w, P_FOOTER, l->start, l->end)) {
        /* "(c) Getty Images" under a photo is a credit, not the end of
         * the page. */
        if (l->words <= CREDIT_MAX_WORDS &&
            memmem_bytes(t, l->start, l->end, "\xC2\xA9"))
            l->flags |= F_CREDIT | F_CREDIT_ONLY;
        else
            l->flags |= F_FOOTER;
    }
    if ((label && l->words <= COMMENT_HEADING_MAX_WORDS &&
         comment_possible(t, l->start, l->end) &&
         match(w, P_COMMENT, l->start, l->end)) ||
        (!prose && l->words <= CUE_MAX_WORDS &&
         has_word_ci(t, l->start, l->end, "character") &&
         match(w, P_CHARS_LEFT, l->start, l->end)))
        l->flags |= F_COMMENT | F_BREAK;
    if (!prose && !(l->flags & F_FINAL) &&
        has_breadcrumb(t, l->start, l->end))
        l->flags |= F_CRUMB;
    if (all_digits(t, l->start, l->end))
        l->flags |= F_COUNTER;
    if (!prose && !(l->flags & F_STOP) && l->words <= PROMO_MAX_WORDS &&
        promo_possible(t, l->start, l->end) &&
        match(w, P_PROMO, l->start, l->end))
        l->flags |= F_PROMO;
    if (has_button_symbol(t, l->start, l->end))
        l->flags |= F_SYMBOL;
    if (!prose && !(l->flags & F_FINAL) && l->stops == 0 && l->words > 0 &&
        l->words <= TOOLBAR_MAX_WORDS && !(l->flags & (F_COUNTER | F_LIST)) &&
        ((l->flags & F_SYMBOL) ||
         (l->words >= 2 && l->lower == l->words - l->numbers &&
          glued_to_prose(w, i))))
        l->flags |= F_TOOLBAR;
    if (!prose && l->words <= BYLINE_MAX_WORDS &&
        byline_possible(t, l->start, l->end) &&
        match(w, P_BYLINE, l->start, l->end) &&
        group(w, 1, l->start, &l->byline))
        l->flags |= F_BYLINE;
    if (!prose && l->words <= LABEL_MAX_WORDS &&
        date_possible(t, l->start, l->end) &&
        match(w, P_DATE, l->start, l->end) &&
        group(w, 1, l->start, &l->date)) {
        l->flags |= F_DATE;
        if (group(w, DATE_BY_GROUP, l->start, &l->byline))
            l->flags |= F_BYLINE;
    }
}

/* Sets slot `id` of a per-id array of size_t (capacity *cap, shared
 * by no other array) to v, growing it. */
static int set_at(size_t **a, size_t *cap, size_t id, size_t v)
{
    if (px_grow((void **)a, cap, id + 1, sizeof **a))
        return PRECIS_ENOMEM;
    (*a)[id] = v;
    return 0;
}

/* Groups the lines by their normalised text: l->norm is the first line
 * of l's group, w->norm_count (at that line) the group's size. Texts of
 * different lengths differ, and each line's length is known from its
 * tokens (l->norm_len), so only lines that share their length with
 * another are normalised and compared: hashing and copying every line
 * (most are prose of a length of their own) cost more than reading its
 * words. */
static int group_lines(work *w)
{
    if (px_grow((void **)&w->norm_count, &w->count_cap, w->count,
                sizeof *w->norm_count))
        return PRECIS_ENOMEM;
    for (size_t i = 0; i < w->count; i++) {
        lline *l = &w->lines[i];
        char key[sizeof l->norm_len];
        memcpy(key, &l->norm_len, sizeof key);
        uint32_t id;
        int added;
        if (px_strmap_intern(w->norm_lens, key, sizeof key, &id, &added) ||
            (added && set_at(&w->len_lines, &w->len_cap, id, 0)))
            return PRECIS_ENOMEM;
        w->len_lines[id]++;
        l->norm = id; /* for the loop below */
    }
    for (size_t i = 0; i < w->count; i++) {
        lline *l = &w->lines[i];
        w->norm_count[i] = 0;
        if (w->len_lines[l->norm] == 1) {
            l->norm = i;
            w->norm_count[i] = 1;
            continue;
        }
        size_t n;
        uint32_t id;
        int added;
        if (normalise(w, l, &n) ||
            px_strmap_intern(w->norms, w->scratch, n, &id, &added) ||
            (added && set_at(&w->norm_first, &w->norm_cap, id, i)))
            return PRECIS_ENOMEM;
        l->norm = w->norm_first[id];
        w->norm_count[l->norm]++;
    }
    return 0;
}

static int count_repeats(work *w)
{
    if (group_lines(w))
        return PRECIS_ENOMEM;
    for (size_t i = 0; i < w->count; i++) {
        lline *l = &w->lines[i];
        /* A line of no letters at all ("0", "***") repeats trivially;
         * counters and rules have their own reasons. */
        if (w->norm_count[l->norm] > 1 && l->words > l->numbers)
            l->flags |= F_REPEATED;
        if (i > 0 && l->norm == w->lines[i - 1].norm &&
            l->words > l->numbers) {
            l->flags |= F_DOUBLED;
            w->lines[i - 1].flags |= F_DOUBLED;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * The body run
 * ------------------------------------------------------------------------ */

static long line_weight(const lline *l)
{
    if (l->flags & F_FOOTER)
        return -FOOTER_PENALTY;
    if (l->flags & (F_PROSE | F_SENTENCE))
        return (long)l->words;
    return -NONPROSE_PENALTY;
}

/* Maximum-sum run of consecutive lines, never across a break line. */
static void find_run(work *w)
{
    long best = 0, cur = 0;
    size_t cur_first = 0;
    w->run_first = 1;
    w->run_last = 0;
    for (size_t i = 0; i < w->count; i++) {
        const lline *l = &w->lines[i];
        if (l->flags & F_BREAK) {
            cur = 0;
            continue;
        }
        long wt = line_weight(l);
        if (cur <= 0) {
            cur = 0;
            cur_first = i;
        }
        cur += wt;
        if (cur > best) {
            best = cur;
            w->run_first = cur_first;
            w->run_last = i;
        }
    }
}

/* Lines that only page furniture has. */
#define F_EVIDENCE                                                         \
    (F_CRUMB | F_CREDIT | F_FOOTER | F_COMMENT | F_BYLINE | F_DATE |       \
     F_COUNTER | F_TOOLBAR | F_PROMO)

static int furniture_evidence(const lline *l)
{
    if (l->flags & F_EVIDENCE)
        return 1;
    /* Articles have bulleted lists of sentences; menus and link lists
     * are items without a sentence end. */
    if ((l->flags & F_LIST) && !(l->flags & (F_FINAL | F_PROSE)) &&
        l->words <= MENU_ITEM_MAX_WORDS)
        return 1;
    return (l->flags & F_DOUBLED) && !(l->flags & F_PROSE);
}

/* Plain article text has short lines too: subheadings, sports results,
 * a closing line about the author. What sets a page apart is furniture,
 * so the run grows over a head or a tail that shows none of it. The title
 * is found later and leaves the body then. */
static int region_has_furniture(const work *w, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (furniture_evidence(&w->lines[i]))
            return 1;
    }
    return 0;
}

/* Furniture that sits inside articles: a photo credit, a caption, an
 * advertisement, a tool bar. */
static int inline_furniture(const lline *l)
{
    return (l->flags & (F_CREDIT | F_PROMO | F_TOOLBAR)) ||
           ((l->flags & F_DOUBLED) && !(l->flags & F_PROSE));
}

static void extend_run(work *w)
{
    if (w->run_first > w->run_last)
        return;
    /* A short paragraph after a caption still belongs to the article,
     * though it weighs less than the caption costs. */
    for (size_t i = w->run_last + 1; i < w->count; i++) {
        const lline *l = &w->lines[i];
        if (l->flags & (F_PROSE | F_SENTENCE))
            w->run_last = i;
        else if (!inline_furniture(l))
            break;
    }
    for (size_t i = w->run_first; i-- > 0;) {
        const lline *l = &w->lines[i];
        if (l->flags & (F_PROSE | F_SENTENCE))
            w->run_first = i;
        else if (!inline_furniture(l))
            break;
    }
    if (!region_has_furniture(w, w->run_last + 1, w->count))
        w->run_last = w->count - 1;
    if (!region_has_furniture(w, 0, w->run_first))
        w->run_first = 0;
}

static int in_run(const work *w, size_t i)
{
    return w->run_first <= w->run_last && i >= w->run_first &&
           i <= w->run_last;
}

/* ------------------------------------------------------------------------
 * Metadata
 * ------------------------------------------------------------------------ */

static int single_line_para(const work *w, size_t i)
{
    size_t p = w->lines[i].para;
    return (i == 0 || w->lines[i - 1].para != p) &&
           (i + 1 == w->count || w->lines[i + 1].para != p);
}

/* The first line is a title line when it is a paragraph of its own, or
 * the first of two lines and complete in itself (ends in punctuation, so
 * it is no hard-wrapped fragment of a longer paragraph): "Headline;" over
 * "Section name." */
static int opens_with_title(const work *w)
{
    if (single_line_para(w, 0))
        return 1;
    const lline *l = &w->lines[0];
    if (w->count >= 3 && w->lines[2].para == l->para)
        return 0;
    char c = w->text[l->end - 1];
    return c == ';' || c == ':' || c == '.' || c == '!' || c == '?';
}

static int heading_like(const lline *l)
{
    return !(l->flags & (F_LIST | F_CRUMB | F_COUNTER | F_CREDIT | F_BREAK |
                         F_FOOTER |
                         F_BYLINE | F_DATE | F_TOOLBAR)) &&
           l->words >= 1 && l->words <= TITLE_MAX_WORDS;
}

/* The title: the headline above the first byline or date before the body;
 * else the last headline-shaped line before the body; else, for plain
 * text whose first line already opens the run, that first line when it is
 * a paragraph of its own and more follows. A title that repeats an
 * earlier line (a page header and its article header) is taken at its
 * first occurrence. */
static void find_title(work *w)
{
    size_t limit = w->body_first;
    size_t anchor = limit;
    for (size_t i = 0; i < limit; i++) {
        if (w->lines[i].flags & (F_BYLINE | F_DATE)) {
            anchor = i;
            break;
        }
    }
    if (anchor == limit && limit > 0 && heading_like(&w->lines[0]) &&
        !region_has_furniture(w, 0, limit)) {
        /* Plain text: a title line and perhaps a few lines of kicker,
         * place or time under it. */
        w->title_line = 0;
        w->has_title = 1;
        return;
    }
    for (size_t i = anchor; i-- > 0;) {
        const lline *l = &w->lines[i];
        if (l->flags & (F_BYLINE | F_DATE))
            continue;
        if (heading_like(l)) {
            w->title_line = l->norm;
            w->has_title = 1;
            return;
        }
        if (anchor < limit)
            break; /* furniture right above the byline: no headline */
    }
    if (w->count >= 2 && w->body_first == 0 && w->run_last > 0 &&
        opens_with_title(w) && heading_like(&w->lines[0])) {
        w->title_line = 0;
        w->has_title = 1;
    }
}

/* ------------------------------------------------------------------------
 * Verdicts
 * ------------------------------------------------------------------------ */

/* Title lines and bylines go wherever they are. A date line goes above
 * the body and outside it; inside the body it is the article's own text
 * ("Friday, December 4, 2015" in a schedule). */
static const char *metadata_reason(const work *w, size_t i)
{
    const lline *l = &w->lines[i];
    if (w->has_title && l->norm == w->lines[w->title_line].norm)
        return R_TITLE;
    if (l->flags & F_BYLINE)
        return R_BYLINE;
    if ((l->flags & F_DATE) && (i < w->body_first || !in_run(w, i)))
        return R_DATE;
    return NULL;
}

static const char *credit_reason(const lline *l)
{
    return (l->flags & F_CREDIT_ONLY) ? R_CREDIT : R_CAPTION;
}

static const char *inside_reason(const lline *l)
{
    if (l->flags & F_FOOTER)
        return R_FOOTER;
    if (l->flags & F_CREDIT)
        return credit_reason(l);
    if (l->flags & F_TOOLBAR)
        return R_TOOLBAR;
    if (l->flags & F_PROMO)
        return R_PROMO;
    if ((l->flags & F_CRUMB) && !(l->flags & F_PROSE))
        return R_NAVIGATION;
    if ((l->flags & F_DOUBLED) && !(l->flags & F_PROSE))
        return R_REPEATED;
    return NULL;
}

static int next_is_list(const work *w, size_t i)
{
    return i + 1 < w->count && (w->lines[i + 1].flags & F_LIST) &&
           !(w->lines[i].flags & F_LIST);
}

static const char *outside_reason(const work *w, size_t i, int after,
                                  const char *section)
{
    const lline *l = &w->lines[i];
    if (l->flags & F_FOOTER)
        return R_FOOTER;
    if (l->flags & F_COMMENT)
        return R_COMMENT;
    if (section)
        return section;
    if (l->flags & F_COUNTER)
        return R_COUNTER;
    if (l->flags & F_CRUMB)
        return R_NAVIGATION;
    if (l->flags & F_LIST)
        return after ? R_LIST : R_NAVIGATION;
    if (l->flags & F_CREDIT)
        return credit_reason(l);
    if (next_is_list(w, i))
        return R_LIST_HEADING;
    if (l->flags & F_TOOLBAR)
        return R_TOOLBAR;
    if (l->flags & F_PROMO)
        return R_PROMO;
    if (l->flags & F_REPEATED)
        return R_REPEATED;
    return NULL; /* decided by its neighbours */
}

/* A line that can belong to a teaser list: after the body, a paragraph of
 * its own, not a footer, comment form or list item. */
static int teaser_member(const work *w, size_t i)
{
    const lline *l = &w->lines[i];
    if (w->run_first > w->run_last || i <= w->run_last)
        return 0;
    if (l->flags & (F_BREAK | F_FOOTER | F_LIST))
        return 0;
    if (l->reason && l->reason != R_REPEATED && l->reason != R_CAPTION &&
        l->reason != R_CREDIT && l->reason != R_PROMO)
        return 0;
    return single_line_para(w, i);
}

/* A heading of its own over prose that is no part of a comment form ends
 * the comment form ("About us" over the site's blurb). */
static int starts_new_section(const work *w, size_t i)
{
    const lline *l = &w->lines[i];
    if (!single_line_para(w, i) ||
        (l->flags & (F_PROSE | F_BREAK | F_FOOTER)) ||
        i + 1 >= w->count)
        return 0;
    const lline *next = &w->lines[i + 1];
    return (next->flags & F_PROSE) && !(next->flags & (F_BREAK | F_FOOTER));
}

static void decide(work *w)
{
    const char *section = NULL;
    int after = 0;
    for (size_t i = 0; i < w->count; i++) {
        lline *l = &w->lines[i];
        const char *meta = metadata_reason(w, i);
        if (in_run(w, i)) {
            l->reason = meta ? meta : inside_reason(l);
            continue;
        }
        after = w->run_first <= w->run_last && i > w->run_last;
        if (meta) {
            l->reason = meta;
            continue;
        }
        if (section && starts_new_section(w, i))
            section = NULL;
        l->reason = outside_reason(w, i, after, section);
        if (after && (l->flags & F_COMMENT))
            section = R_COMMENT;
        if (after && (l->flags & F_FOOTER))
            section = R_FOOTER;
    }
    /* Lines left undecided: teaser lists after the body are runs of
     * single-line paragraphs (headlines, their captions, repeated
     * headlines); the rest is text or a short line outside the body. */
    size_t i = 0;
    while (i < w->count) {
        if (!teaser_member(w, i)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < w->count && teaser_member(w, j))
            j++;
        if (j - i >= TEASER_MIN_LINES) {
            for (size_t k = i; k < j; k++) {
                if (!w->lines[k].reason)
                    w->lines[k].reason = R_TEASER;
            }
        }
        i = j;
    }
    for (i = 0; i < w->count; i++) {
        lline *l = &w->lines[i];
        if (!l->reason && !in_run(w, i))
            l->reason = (l->flags & F_PROSE) ? R_OUTSIDE : R_SHORT;
    }
}

/* ------------------------------------------------------------------------
 * Blocks and fields
 * ------------------------------------------------------------------------ */

static int make_blocks(work *w, precis_layout *out)
{
    size_t cap = 0;
    for (size_t i = 0; i < w->count; i++) {
        const lline *l = &w->lines[i];
        if (i > 0 && l->para == w->lines[i - 1].para &&
            l->reason == w->lines[i - 1].reason) {
            out->blocks[out->block_count - 1].span.end = l->end;
            continue;
        }
        if (px_grow((void **)&out->blocks, &cap, out->block_count + 1,
                    sizeof *out->blocks))
            return PRECIS_ENOMEM;
        px_block *b = &out->blocks[out->block_count++];
        b->span.start = l->start;
        b->span.end = l->end;
        b->reason = l->reason;
    }
    return 0;
}

static int month_number(const char *s, size_t n)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    if (n < 3)
        return 0;
    char m[3];
    for (int i = 0; i < 3; i++) {
        char c = s[i];
        m[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    for (int i = 0; i < 12; i++) {
        if (memcmp(names + 3 * i, m, 3) == 0)
            return i + 1;
    }
    return 0;
}

static int number_at(const work *w, int g, size_t base)
{
    precis_span s;
    if (!group(w, g, base, &s))
        return -1;
    int v = 0;
    for (size_t i = s.start; i < s.end && i - s.start < 5; i++)
        v = v * 10 + (w->text[i] - '0');
    return v;
}

/* Reads the date of the last P_DATE match (on text from `base`) into ISO
 * 8601; leaves it unset when a part is out of range. */
static void date_to_iso(const work *w, size_t base, precis_layout *out)
{
    enum { D = 1 }; /* group 1 is the whole date; its parts follow */
    int y = -1, m = -1, d = -1;
    precis_span s;
    if (group(w, D + 1, base, &s)) {
        m = month_number(w->text + s.start, s.end - s.start);
        d = number_at(w, D + 2, base);
        y = number_at(w, D + 3, base);
    } else if (group(w, D + 5, base, &s)) {
        m = month_number(w->text + s.start, s.end - s.start);
        d = number_at(w, D + 4, base);
        y = number_at(w, D + 6, base);
    } else if (group(w, D + 8, base, &s)) {
        int a = number_at(w, D + 7, base), b = number_at(w, D + 9, base);
        y = number_at(w, D + 10, base);
        /* "12.1.2021" is day first (European); "1/12/2021" is month
         * first (American) unless the first number cannot be a month. */
        if (w->text[s.start] == '/' && a <= 12) {
            m = a;
            d = b;
        } else {
            d = a;
            m = b;
        }
    } else {
        y = number_at(w, D + 11, base);
        m = number_at(w, D + 12, base);
        d = number_at(w, D + 13, base);
    }
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        return;
    int h = number_at(w, D + 14, base), mi = number_at(w, D + 15, base);
    if (h >= 0 && group(w, D + 16, base, &s)) {
        char ap = w->text[s.start];
        if ((ap == 'p' || ap == 'P') && h < 12)
            h += 12;
        else if ((ap == 'a' || ap == 'A') && h == 12)
            h = 0;
    }
    if (h >= 0 && h < 24 && mi >= 0 && mi < 60)
        snprintf(out->date_iso, sizeof out->date_iso,
                 "%04d-%02d-%02dT%02d:%02d", y, m, d, h, mi);
    else
        snprintf(out->date_iso, sizeof out->date_iso, "%04d-%02d-%02d", y,
                 m, d);
    out->has_date_iso = 1;
}

static void set_field(precis_layout *out, precis_field f, precis_span s)
{
    out->fields[f] = s;
    out->has_field[f] = 1;
}

static void find_fields(work *w, precis_layout *out)
{
    if (w->has_title) {
        const lline *t = &w->lines[w->title_line];
        precis_span s = {t->start, t->end};
        set_field(out, PRECIS_FIELD_TITLE, s);
    }
    for (size_t i = 0; i < w->count; i++) {
        const lline *l = &w->lines[i];
        if (l->reason == R_BYLINE && !out->has_field[PRECIS_FIELD_BYLINE])
            set_field(out, PRECIS_FIELD_BYLINE, l->byline);
        if ((l->flags & F_DATE) &&
            (l->reason == R_DATE || l->reason == R_BYLINE) &&
            !out->has_field[PRECIS_FIELD_DATE]) {
            set_field(out, PRECIS_FIELD_DATE, l->date);
            if (match(w, P_DATE, l->start, l->end))
                date_to_iso(w, l->start, out);
        }
    }
    size_t seen = 0;
    for (size_t b = 0; b < out->block_count && seen < DATELINE_MAX_BLOCKS;
         b++) {
        if (out->blocks[b].reason)
            continue;
        seen++;
        precis_span s = out->blocks[b].span;
        if (dateline_possible(w->text, s.start, s.end) &&
            match(w, P_DATELINE, s.start, s.end)) {
            precis_span d = s;
            group(w, 0, s.start, &d);
            set_field(out, PRECIS_FIELD_DATELINE, d);
            break;
        }
    }
}

/* ------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------ */

/* The work's buffers are borrowed for one page (see px_page_scratch):
 * from an analyzer, a workspace, or the page's own empty set. */
static void work_borrow(work *w)
{
    px_page_scratch *p = w->page;
    w->lines = p->lines;
    w->cap = p->lines_cap;
    w->scratch = p->norm;
    w->scratch_cap = p->norm_cap;
    w->folds = p->folds;
    w->folds_cap = p->folds_cap;
    w->words = p->words;
    w->word_lens = p->word_lens;
    w->word_ids = p->word_ids;
    w->word_toks = p->word_toks;
    w->word_keys = p->word_keys;
    w->words_cap = p->words_cap;
    w->bits = p->bits;
    w->bits_cap = p->bits_cap;
}

static void work_clear(work *w)
{
    px_page_scratch *p = w->page;
    px_keep(&p->lines, &p->lines_cap, w->lines, w->cap,
            w->cap * sizeof *w->lines);
    px_keep((void **)&p->norm, &p->norm_cap, w->scratch, w->scratch_cap,
            w->scratch_cap);
    px_keep((void **)&p->folds, &p->folds_cap, w->folds, w->folds_cap,
            w->folds_cap);
    px_keep((void **)&p->bits, &p->bits_cap, w->bits, w->bits_cap,
            w->bits_cap * sizeof *w->bits);
    /* The five arrays per word share their room: kept or freed
     * together. */
    size_t per_word = sizeof *w->words + sizeof *w->word_lens +
                      sizeof *w->word_ids + sizeof *w->word_toks +
                      2 * sizeof *w->word_keys;
    if (w->words_cap > PX_KEEP_MAX / per_word) {
        px_free((void *)w->words);
        px_free(w->word_lens);
        px_free(w->word_ids);
        px_free(w->word_toks);
        px_free(w->word_keys);
        w->words = NULL;
        w->word_lens = NULL;
        w->word_ids = NULL;
        w->word_toks = NULL;
        w->word_keys = NULL;
        w->words_cap = 0;
    }
    p->words = w->words;
    p->word_lens = w->word_lens;
    p->word_ids = w->word_ids;
    p->word_toks = w->word_toks;
    p->word_keys = w->word_keys;
    p->words_cap = w->words_cap;
    px_strmap_free(w->norms);
    px_free(w->norm_first);
    px_strmap_free(w->norm_lens);
    px_free(w->len_lines);
    px_free(w->norm_count);
    pcre2_match_data_free(w->md);
    pcre2_general_context_free(w->gctx);
}

static int analyse(work *w, precis_layout *out)
{
    int rc = split_lines(w);
    if (rc)
        return rc;
    for (size_t i = 0; i < w->count; i++) {
        rc = describe_shape(w, &w->lines[i]);
        if (rc)
            return rc;
    }
    mark_prose(w);
    for (size_t i = 0; i < w->count; i++)
        describe_cues(w, i);
    if (w->failed)
        return PRECIS_ENOMEM;
    rc = count_repeats(w);
    if (rc)
        return rc;
    find_run(w);
    w->body_first = w->run_first <= w->run_last ? w->run_first : 0;
    if (w->run_first > w->run_last && w->count > 0) {
        /* Nothing reads like prose (a list of short lines, text without
         * punctuation): keep everything that is not clear furniture. */
        w->run_first = 0;
        w->run_last = w->count - 1;
    }
    extend_run(w);
    find_title(w);
    decide(w);
    rc = make_blocks(w, out);
    if (rc)
        return rc;
    find_fields(w, out);
    return w->failed ? PRECIS_ENOMEM : 0;
}

static int layout_new(const precis_doc *doc, const precis_lang *lang,
                      precis_analyzer *an, px_page_scratch *page,
                      px_tokvec *tokens, precis_layout **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    if (!doc)
        return PRECIS_EINVAL;
    pthread_once(&patterns_once, compile_patterns);
    if (!patterns_ok)
        return PRECIS_ENOMEM; /* the patterns are fixed: only memory fails */
    precis_layout *lay = px_calloc(1, sizeof *lay);
    if (!lay)
        return PRECIS_ENOMEM;
    lay->doc = doc;
    work w;
    memset(&w, 0, sizeof w);
    w.text = precis_doc_text(doc);
    w.len = precis_doc_length(doc);
    w.lang = lang;
    w.an = an;
    /* Without an analyzer's or a workspace's, the page's own buffers,
     * freed when it is done. */
    px_page_scratch own;
    memset(&own, 0, sizeof own);
    w.page = page ? page : &own;
    work_borrow(&w);
    w.tokens = tokens;
    /* News text has a token every six bytes or so: room for one every
     * eight spares most of the record's doublings without taking much
     * more memory than it needs. */
    if (tokens && tokens->cap < w.len / 8 + 16) {
        size_t cap = tokens->cap;
        if (px_grow((void **)&tokens->items, &cap, w.len / 8 + 16,
                    sizeof *tokens->items)) {
            precis_layout_free(lay);
            return PRECIS_ENOMEM;
        }
        tokens->cap = cap;
    }
    int rc = PRECIS_ENOMEM;
    w.gctx = pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
    if (w.gctx)
        w.md = pcre2_match_data_create(20, w.gctx);
    if (w.md && px_strmap_new(&w.norms) == 0 &&
        px_strmap_new(&w.norm_lens) == 0)
        rc = analyse(&w, lay);
    work_clear(&w);
    if (!page)
        px_page_scratch_free(&own);
    if (rc) {
        precis_layout_free(lay);
        return rc;
    }
    *out = lay;
    return PRECIS_OK;
}

int precis_layout_new(const precis_doc *doc, const precis_lang *lang,
                      precis_layout **out)
{
    return layout_new(doc, lang, NULL, NULL, NULL, out);
}

int precis_layout_new_in(precis_workspace *ws, const precis_doc *doc,
                         const precis_lang *lang, precis_layout **out)
{
    return layout_new(doc, lang, NULL, ws ? &ws->page : NULL, NULL, out);
}

int px_layout_new_analyzed(const precis_doc *doc, precis_analyzer *analyzer,
                           px_tokvec *tokens, precis_layout **out)
{
    if (!analyzer || !tokens)
        return PRECIS_EINVAL;
    return layout_new(doc, analyzer->lang, analyzer, &analyzer->page, tokens,
                      out);
}

void px_page_scratch_free(px_page_scratch *p)
{
    px_free(p->lines);
    px_free(p->norm);
    px_free(p->folds);
    px_free((void *)p->words);
    px_free(p->word_lens);
    px_free(p->word_ids);
    px_free(p->word_toks);
    px_free(p->word_keys);
    px_free(p->bits);
    px_free(p->tokens.items);
    memset(p, 0, sizeof *p);
}

void precis_layout_free(precis_layout *layout)
{
    if (!layout)
        return;
    px_free(layout->blocks);
    px_free(layout);
}

size_t precis_layout_block_count(const precis_layout *layout)
{
    return layout ? layout->block_count : 0;
}

precis_span precis_layout_block_span(const precis_layout *layout, size_t i)
{
    precis_span none = {0, 0};
    if (!layout || i >= layout->block_count)
        return none;
    return layout->blocks[i].span;
}

int precis_layout_block_is_body(const precis_layout *layout, size_t i)
{
    return layout && i < layout->block_count && !layout->blocks[i].reason;
}

const char *precis_layout_block_reason(const precis_layout *layout,
                                       size_t i)
{
    if (!layout || i >= layout->block_count)
        return NULL;
    return layout->blocks[i].reason;
}

int precis_layout_field(const precis_layout *layout, precis_field field,
                        precis_span *span)
{
    if (!layout || (unsigned)field >= PX_FIELD_COUNT ||
        !layout->has_field[field])
        return 0;
    if (span)
        *span = layout->fields[field];
    return 1;
}

const char *precis_layout_date_iso(const precis_layout *layout)
{
    return layout && layout->has_date_iso ? layout->date_iso : NULL;
}

int px_layout_compact(precis_layout *layout)
{
    void *blocks = layout->blocks;
    if (px_shrink(&blocks, layout->block_count, sizeof *layout->blocks))
        return PRECIS_ENOMEM;
    layout->blocks = blocks;
    return PRECIS_OK;
}

size_t px_layout_memory(const precis_layout *layout)
{
    size_t blocks = layout->block_count ? layout->block_count : 1;
    if (!layout->blocks)
        blocks = 0;
    return sizeof *layout + blocks * sizeof *layout->blocks;
}

/* Every reason, numbered from 1 (0 is a body block) for the article's
 * packed form (pack.c). */
static const char *const all_reasons[] = {
    R_NAVIGATION, R_LIST, R_LIST_HEADING, R_CAPTION, R_CREDIT, R_TOOLBAR,
    R_COMMENT, R_FOOTER, R_REPEATED, R_TEASER, R_TITLE, R_BYLINE, R_DATE,
    R_COUNTER, R_SHORT, R_OUTSIDE, R_PROMO};
#define REASON_COUNT (sizeof all_reasons / sizeof all_reasons[0])

uint32_t px_layout_reason_id(const char *reason)
{
    if (!reason)
        return 0;
    for (uint32_t i = 0; i < REASON_COUNT; i++) {
        if (all_reasons[i] == reason)
            return i + 1;
    }
    return UINT32_MAX;
}

int px_layout_reason_of(uint32_t id, const char **reason)
{
    if (id > REASON_COUNT)
        return 0;
    *reason = id ? all_reasons[id - 1] : NULL;
    return 1;
}
