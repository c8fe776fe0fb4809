/* sentence.c: the news-aware sentence splitter.
 *
 * One pass from left to right; nothing is scanned twice except the white
 * space after a candidate boundary (a bounded look at the next word), so
 * time is linear in the text. At each run of final punctuation (". ? ! …"
 * with any closing quotes or brackets after it) the splitter decides from
 * two things only: the word before the run and the first letters after
 * it.
 *
 *  - "?" and "!": a boundary unless a lower-case word follows
 *    ("Why?" he asked).
 *  - An ellipsis ("..." or "…"): a boundary only before a capital, since
 *    news uses it mid-sentence for elided quotes; after a closing quote
 *    only before a word that starts sentences (see starters[]).
 *  - ".": a boundary before anything but a lower-case word, except after
 *    the abbreviations in the table below and after initials, where the
 *    next word must also look like the start of a sentence ("U.S. The"
 *    splits, "U.S. President" and "George W. Bush" do not).
 *  - A period glued to the next character does not end a sentence
 *    ("3.14", "U.S.", "Bagle.AT"), unless a closing mark or an ordinary
 *    word comes before and a capitalized word after ('year."The',
 *    "example).This"): scraped text loses such spaces. For the same
 *    reason a straight quote standing alone after the punctuation
 *    ('world. " England') closes the sentence before it.
 *  - A blank line always ends a sentence. A single line break ends one
 *    when the line has no final punctuation, does not end in a comma or
 *    hyphen, and the next line does not start in lower case: in scraped
 *    pages such a line is a heading, caption or list item. In hard-wrapped
 *    text (lines of about equal width), only a short line counts so.
 */
#include "sentence.h"

#include <pthread.h>
#include <string.h>

#include "swar.h"
#include "utf8.h"
#include "wordlist.h"

#define NONE ((size_t)-1)

/* ------------------------------------------------------------------------
 * Abbreviations. The word before a period (without the period itself,
 * inner periods kept, case as written) is looked up here.
 *
 *  TITLE   precedes a name: never ends a sentence ("Gen. Smith").
 *  NEVER   mid-sentence Latin and "versus" ("e.g.", "vs.").
 *  NUMBER  before a number it is part of it ("No. 10", "Art. 5");
 *          otherwise an ordinary word ("The answer was No.").
 *  MONTH   "Aug. 20" and "in Aug. last year" do not split; before a word
 *          that starts sentences ("in Dec. The ...") they do.
 *  STARTER may end a sentence (company and name suffixes, "U.S.",
 *          "a.m."): a boundary only when the next word is one that
 *          commonly starts a sentence (see starters[]).
 * The list holds the abbreviations of English news style guides (AP,
 * Reuters, BBC) that take a period.
 * ------------------------------------------------------------------------ */
enum { ABBR_NONE, ABBR_TITLE, ABBR_NEVER, ABBR_NUMBER, ABBR_MONTH,
       ABBR_STARTER };

typedef struct abbrev {
    const char *word;
    size_t len;
    int kind;
} abbrev;

/* An entry with its length, so that lookups need no strlen. */
#define A(word, kind) {word, sizeof(word) - 1, kind}

static const abbrev abbrevs[] = {
    /* Titles and ranks before a name. */
    A("Mr", ABBR_TITLE), A("Mrs", ABBR_TITLE), A("Ms", ABBR_TITLE),
    A("Messrs", ABBR_TITLE), A("Dr", ABBR_TITLE), A("Prof", ABBR_TITLE),
    A("Gen", ABBR_TITLE), A("Sen", ABBR_TITLE), A("Rep", ABBR_TITLE),
    A("Gov", ABBR_TITLE), A("Lt", ABBR_TITLE), A("Col", ABBR_TITLE),
    A("Sgt", ABBR_TITLE), A("Capt", ABBR_TITLE), A("Cmdr", ABBR_TITLE),
    A("Adm", ABBR_TITLE), A("Maj", ABBR_TITLE), A("Brig", ABBR_TITLE),
    A("Cpl", ABBR_TITLE), A("Pvt", ABBR_TITLE), A("Rev", ABBR_TITLE),
    A("Hon", ABBR_TITLE), A("Pres", ABBR_TITLE), A("Supt", ABBR_TITLE),
    A("Insp", ABBR_TITLE), A("Det", ABBR_TITLE), A("Fr", ABBR_TITLE),
    A("Atty", ABBR_TITLE), A("Amb", ABBR_TITLE), A("Sens", ABBR_TITLE),
    A("Reps", ABBR_TITLE), A("Gens", ABBR_TITLE), A("Mme", ABBR_TITLE),
    A("Mmes", ABBR_TITLE), A("Mlle", ABBR_TITLE),
    /* Latin and "versus": mid-sentence by nature. */
    A("e.g", ABBR_NEVER), A("i.e", ABBR_NEVER), A("vs", ABBR_NEVER),
    A("v", ABBR_NEVER), A("cf", ABBR_NEVER), A("viz", ABBR_NEVER),
    A("approx", ABBR_NEVER), A("ca", ABBR_NEVER),
    /* Before a number. */
    A("No", ABBR_NUMBER), A("Nos", ABBR_NUMBER), A("no", ABBR_NUMBER),
    A("Art", ABBR_NUMBER), A("art", ABBR_NUMBER), A("Vol", ABBR_NUMBER),
    A("vol", ABBR_NUMBER), A("pp", ABBR_NUMBER), A("p", ABBR_NUMBER),
    A("Fig", ABBR_NUMBER), A("fig", ABBR_NUMBER), A("Ch", ABBR_NUMBER),
    A("ch", ABBR_NUMBER), A("Sec", ABBR_NUMBER), A("sec", ABBR_NUMBER),
    A("Para", ABBR_NUMBER), A("para", ABBR_NUMBER), A("Rt", ABBR_NUMBER),
    A("Hwy", ABBR_NUMBER), A("Pt", ABBR_NUMBER),
    /* Months as abbreviated in datelines ("Aug. 20"); May, June and July
     * are written in full. */
    A("Jan", ABBR_MONTH), A("Feb", ABBR_MONTH), A("Mar", ABBR_MONTH),
    A("Apr", ABBR_MONTH), A("Jun", ABBR_MONTH), A("Jul", ABBR_MONTH),
    A("Aug", ABBR_MONTH), A("Sep", ABBR_MONTH), A("Sept", ABBR_MONTH),
    A("Oct", ABBR_MONTH), A("Nov", ABBR_MONTH), A("Dec", ABBR_MONTH),
    /* May end a sentence: suffixes, places, times, countries. */
    A("Jr", ABBR_STARTER), A("Sr", ABBR_STARTER), A("Inc", ABBR_STARTER),
    A("Corp", ABBR_STARTER), A("Co", ABBR_STARTER), A("Ltd", ABBR_STARTER),
    A("Bros", ABBR_STARTER), A("Plc", ABBR_STARTER), A("Cos", ABBR_STARTER),
    A("St", ABBR_STARTER), A("Ste", ABBR_STARTER), A("Mt", ABBR_STARTER),
    A("Ft", ABBR_STARTER), A("Ave", ABBR_STARTER), A("Blvd", ABBR_STARTER),
    A("Rd", ABBR_STARTER), A("Dept", ABBR_STARTER), A("Univ", ABBR_STARTER),
    A("Assn", ABBR_STARTER), A("Est", ABBR_STARTER), A("al", ABBR_STARTER),
    A("etc", ABBR_STARTER), A("U.S", ABBR_STARTER), A("U.K", ABBR_STARTER),
    A("U.N", ABBR_STARTER), A("E.U", ABBR_STARTER), A("U.S.A", ABBR_STARTER),
    A("D.C", ABBR_STARTER), A("a.m", ABBR_STARTER), A("p.m", ABBR_STARTER),
    A("A.M", ABBR_STARTER), A("P.M", ABBR_STARTER), A("Ph.D", ABBR_STARTER),
    A("B.A", ABBR_STARTER), A("M.A", ABBR_STARTER),
};

/* Words that open most news sentences (pronouns, articles, conjunctions,
 * frequent adverbs and prepositions). After an ambiguous abbreviation,
 * one of these makes the period a boundary. */
#define W(word) PX_LISTED(word)

static const px_listed_word starters[] = {
    W("A"), W("After"), W("Also"), W("Although"), W("An"), W("And"),
    W("As"), W("At"), W("But"), W("By"), W("During"), W("Earlier"),
    W("For"), W("From"), W("He"), W("Her"), W("His"), W("However"), W("I"),
    W("If"), W("In"), W("It"), W("Its"), W("Last"), W("Later"),
    W("Meanwhile"), W("Most"), W("Mr"), W("Mrs"), W("Ms"), W("Dr"), W("No"),
    W("Not"), W("Now"), W("On"), W("One"), W("Our"), W("She"), W("Since"),
    W("So"), W("Some"), W("That"), W("The"), W("Their"), W("There"),
    W("These"), W("They"), W("This"), W("Those"), W("To"), W("We"),
    W("What"), W("When"), W("Where"), W("While"), W("Who"), W("Why"),
    W("With"), W("Yet"), W("You"), W("Under"), W("Until"), W("Many"),
    W("More"), W("Other"), W("Both"), W("Such"), W("Still"), W("Then"),
    W("Thus"), W("Two"), W("Three"), W("Officials"), W("Police"),
    W("Analysts"), W("According"), W("All"), W("Among"), W("Any"),
    W("Because"), W("Before"), W("Besides"), W("Despite"), W("Each"),
    W("Even"), W("Every"), W("Few"), W("Following"), W("Here"),
    W("Indeed"), W("Instead"), W("Like"), W("Over"), W("Unlike"),
    W("Without"),
};

/* ------------------------------------------------------------------------
 * Character classes
 * ------------------------------------------------------------------------ */

enum { B_TEXT = 0, B_SPACE, B_NEWLINE, B_TERM, B_HIGH };

/* Class of each byte: a table so that the main loop is one load per
 * ASCII byte. B_TEXT is 0, so only the special bytes are listed. */
#define HIGH16(c) [c] = B_HIGH, [c + 1] = B_HIGH, [c + 2] = B_HIGH,        \
    [c + 3] = B_HIGH, [c + 4] = B_HIGH, [c + 5] = B_HIGH, [c + 6] = B_HIGH, \
    [c + 7] = B_HIGH, [c + 8] = B_HIGH, [c + 9] = B_HIGH, [c + 10] = B_HIGH,\
    [c + 11] = B_HIGH, [c + 12] = B_HIGH, [c + 13] = B_HIGH,               \
    [c + 14] = B_HIGH, [c + 15] = B_HIGH

static const unsigned char byte_classes[256] = {
    ['\n'] = B_NEWLINE, [' '] = B_SPACE, ['\t'] = B_SPACE, ['\r'] = B_SPACE,
    ['\f'] = B_SPACE, ['\v'] = B_SPACE, ['.'] = B_TERM, ['?'] = B_TERM,
    ['!'] = B_TERM,
    HIGH16(0x80), HIGH16(0x90), HIGH16(0xA0), HIGH16(0xB0),
    HIGH16(0xC0), HIGH16(0xD0), HIGH16(0xE0), HIGH16(0xF0),
};

static unsigned char byte_class(unsigned char b)
{
    return byte_classes[b];
}

/* Besides Unicode spaces, the BOM and zero-width space separate words
 * and never belong to a sentence. */
static int is_space_cp(uint32_t cp)
{
    if (cp < 0x80) /* the common case, without a call */
        return byte_class((unsigned char)cp) == B_SPACE || cp == '\n';
    return px_unicode_is_space(cp) || cp == 0xFEFF || cp == 0x200B;
}

/* px_unicode_is_upper, with ASCII answered inline. */
static int is_upper_cp(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return px_unicode_is_upper(cp);
}

enum { T_NONE = 0, T_PERIOD, T_ELLIPSIS, T_STRONG, T_CJK };

static int terminator_kind(uint32_t cp)
{
    switch (cp) {
    case '.':
        return T_PERIOD;
    case 0x2026: /* horizontal ellipsis */
        return T_ELLIPSIS;
    case '?':
    case '!':
    case 0x203C: /* double exclamation */
    case 0x2047: /* double question */
    case 0x2048: /* question exclamation */
    case 0x2049: /* exclamation question */
        return T_STRONG;
    case 0x3002: /* ideographic full stop */
    case 0xFF01: /* full-width ! */
    case 0xFF1F: /* full-width ? */
        return T_CJK; /* CJK text puts no space after these */
    default:
        return T_NONE;
    }
}

/* Marks that close a quotation or parenthesis after final punctuation. */
static int is_closer(uint32_t cp)
{
    switch (cp) {
    case '"':
    case '\'':
    case ')':
    case ']':
    case '}':
    case 0x2019: /* right single quote */
    case 0x201D: /* right double quote */
    case 0x00BB: /* right guillemet */
    case 0x203A: /* single right guillemet */
    case 0x300D: /* CJK corner brackets */
    case 0x300F:
        return 1;
    default:
        return 0;
    }
}

/* Marks that open a quotation or parenthesis before a word. */
static int is_opener(uint32_t cp)
{
    switch (cp) {
    case '"':
    case '\'':
    case '(':
    case '[':
    case '{':
    case 0x2018: /* left single quote */
    case 0x201C: /* left double quote */
    case 0x201E: /* low double quote */
    case 0x00AB: /* left guillemet */
    case 0x2039: /* single left guillemet */
    case 0x00BF: /* inverted ? */
    case 0x00A1: /* inverted ! */
    case 0x300C: /* CJK corner brackets */
    case 0x300E:
        return 1;
    default:
        return 0;
    }
}

/* Letters of the cased scripts (Latin, Greek, Cyrillic, Armenian and
 * their extensions) that are lower case; uncased scripts never count as
 * lower case, so a sentence may start with them. */
static int is_lower_cp(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    if (!((cp >= 0xC0 && cp < 0x590) || (cp >= 0x1E00 && cp < 0x2000)))
        return 0;
    return px_unicode_is_letter(cp) && !px_unicode_is_upper(cp);
}

static uint32_t cp_at(const char *t, size_t i, size_t end, size_t *len)
{
    unsigned char b = (unsigned char)t[i];
    uint32_t cp;

    if (b < 0x80) {
        *len = 1;
        return b;
    }
    *len = px_utf8_decode(t + i, end - i, &cp);
    return cp;
}

/* ------------------------------------------------------------------------
 * The splitter
 * ------------------------------------------------------------------------ */

typedef int (*emit_fn)(void *ctx, size_t start, size_t end);

typedef struct splitter {
    const char *t;
    size_t begin, end;
    emit_fn emit;
    void *ctx;
    size_t sent_start;    /* first byte of the open sentence, or NONE */
    size_t last_end;      /* end of its last non-space character */
    size_t word_start;    /* start of the current space-delimited word */
    size_t line_start;    /* start of the current line */
    size_t last_term_end; /* end of the last final-punctuation run */
    size_t wrap_width;    /* line width of hard-wrapped text, 0 if not,
                           * NONE until a line break asks (wrap_width()) */
} splitter;

static int flush(splitter *s)
{
    int rc = 0;

    if (s->sent_start != NONE && s->last_end > s->sent_start)
        rc = s->emit(s->ctx, s->sent_start, s->last_end);
    s->sent_start = NONE;
    return rc;
}

/* What follows a candidate boundary. */
enum { N_END, N_LOWER, N_UPPER, N_DIGIT, N_OTHER };

typedef struct next_word {
    int cls;
    size_t word; /* where it starts, for is_starter */
} next_word;

/* Whether the next word is in starters[]. Its letters are read only
 * here: most boundaries are decided by its class alone. */
static int is_starter(const splitter *s, next_word nw)
{
    if (nw.cls != N_UPPER)
        return 0;
    const char *t = s->t;
    size_t p = nw.word, q = p;
    /* Starters are short ASCII words. */
    while (q < s->end && q - p < 12 &&
           ((t[q] >= 'a' && t[q] <= 'z') || (t[q] >= 'A' && t[q] <= 'Z')))
        q++;
    if (q < s->end &&
        ((unsigned char)t[q] >= 0x80 || (t[q] >= 'a' && t[q] <= 'z')))
        return 0; /* the word goes on */
    size_t len = q - p;
    if (len == 0)
        return 0;
    for (size_t k = 0; k < sizeof starters / sizeof starters[0]; k++)
        if (starters[k].len == len &&
            memcmp(starters[k].word, t + p, len) == 0)
            return 1;
    return 0;
}

/* Looks at the first word after p: skips white space (which the main
 * loop walks next anyway, so the cost stays linear) and at most a few
 * opening marks. */
static next_word look_ahead(const splitter *s, size_t p)
{
    next_word nw = {N_END, 0};
    const char *t = s->t;
    size_t len;
    uint32_t cp = 0;
    int openers = 0;

    while (p < s->end) {
        cp = cp_at(t, p, s->end, &len);
        if (is_space_cp(cp)) {
            p += len;
        } else if (is_opener(cp) && openers < 4) {
            openers++;
            p += len;
        } else {
            break;
        }
    }
    if (p >= s->end)
        return nw;
    if (is_lower_cp(cp)) {
        nw.cls = N_LOWER;
    } else if (is_upper_cp(cp)) {
        nw.cls = N_UPPER;
        nw.word = p;
    } else if (px_unicode_is_digit(cp)) {
        nw.cls = N_DIGIT;
    } else {
        nw.cls = N_OTHER;
    }
    return nw;
}

#define ABBREVS (sizeof abbrevs / sizeof abbrevs[0])

/* For each first byte, the lengths (bit n for n bytes) of the listed
 * abbreviations that start with it: most words before a period start
 * with a byte or have a length no entry has, and are passed over without
 * a walk through the list. The others walk only the entries that start
 * with their byte, in the list's order: abbrev_first[b] is the first
 * (1-based, 0 for none), abbrev_next[k] the one after entry k. Built
 * once, before any split reads it. */
static unsigned short abbrev_lengths[256];
static unsigned char abbrev_first[256];
static unsigned char abbrev_next[ABBREVS];
static pthread_once_t abbrev_lengths_once = PTHREAD_ONCE_INIT;

_Static_assert(ABBREVS < 255, "abbreviation links must fit a byte");

static void index_abbrevs(void)
{
    unsigned char last[256] = {0};
    for (size_t k = 0; k < ABBREVS; k++) {
        unsigned char b = (unsigned char)abbrevs[k].word[0];
        if (abbrevs[k].len > 8) /* longer ones are never looked up */
            continue;
        abbrev_lengths[b] |= (unsigned short)(1u << abbrevs[k].len);
        if (last[b])
            abbrev_next[last[b] - 1] = (unsigned char)(k + 1);
        else
            abbrev_first[b] = (unsigned char)(k + 1);
        last[b] = (unsigned char)(k + 1);
    }
}

/* The abbreviation kind of text[from..to): the word before a period,
 * without opening marks. Longer words are never abbreviations. */
static int abbrev_kind(const char *t, size_t from, size_t to)
{
    while (from < to && (t[from] == '(' || t[from] == '"' || t[from] == '\'' ||
                         t[from] == '['))
        from++;
    /* Curly opening quotes are three bytes: E2 80 98 / E2 80 9C. */
    while (to - from > 3 && (unsigned char)t[from] == 0xE2 &&
           (unsigned char)t[from + 1] == 0x80 &&
           ((unsigned char)t[from + 2] == 0x98 ||
            (unsigned char)t[from + 2] == 0x9C))
        from += 3;
    size_t len = to - from;
    if (len == 0 || len > 8)
        return ABBR_NONE;
    unsigned char b = (unsigned char)t[from];
    if (abbrev_lengths[b] & (1u << len))
        for (size_t k = abbrev_first[b]; k; k = abbrev_next[k - 1])
            if (abbrevs[k - 1].len == len &&
                memcmp(abbrevs[k - 1].word, t + from, len) == 0)
                return abbrevs[k - 1].kind;
    /* Initials: one capital, or capitals each followed by a period
     * ("W", "J.K", "F.D.R"). */
    for (size_t k = 0; k < len; k++) {
        char c = t[from + k];
        if (k % 2 == 0 && !(c >= 'A' && c <= 'Z'))
            return ABBR_NONE;
        if (k % 2 == 1 && c != '.')
            return ABBR_NONE;
    }
    return ABBR_STARTER;
}

/* A list number: the open sentence so far is digits only ("1." "12."). */
static int is_list_number(const splitter *s, size_t t0)
{
    if (s->sent_start == NONE || t0 - s->sent_start > 3)
        return 0;
    for (size_t k = s->sent_start; k < t0; k++)
        if (s->t[k] < '0' || s->t[k] > '9')
            return 0;
    return t0 > s->sent_start;
}

static int period_ends(const splitter *s, size_t t0, int closed,
                       next_word nw)
{
    if (nw.cls == N_END)
        return 1;
    int kind = abbrev_kind(s->t, s->word_start, t0);
    /* A closing quote or bracket after the period ("Cell Block H." Labour)
     * shows that the abbreviation ended a quoted sentence: only a title
     * still binds to what follows. */
    if (closed && kind != ABBR_TITLE && kind != ABBR_NEVER)
        kind = ABBR_NONE;
    switch (kind) {
    case ABBR_TITLE:
    case ABBR_NEVER:
        return 0;
    case ABBR_NUMBER:
        return nw.cls != N_LOWER && nw.cls != N_DIGIT;
    case ABBR_MONTH:
    case ABBR_STARTER:
        return is_starter(s, nw);
    default:
        break;
    }
    if (is_list_number(s, t0))
        return 0;
    return nw.cls != N_LOWER;
}

/* A sentence glued to the next without a space: a single mark after a
 * lower-case letter or ')' of an ordinary word, then a capitalized word
 * ("Xx"). Domains and file names ("example.com", "Bagle.AT") and
 * abbreviations ("St.Petersburg") do not match. */
static int glued_sentence(const splitter *s, size_t t0, size_t p, int marks)
{
    const char *t = s->t;

    if (marks != 1 || t0 == 0 || p + 1 >= s->end)
        return 0;
    char before = t[t0 - 1];
    if (!((before >= 'a' && before <= 'z') || before == ')'))
        return 0;
    if (!(t[p] >= 'A' && t[p] <= 'Z' && t[p + 1] >= 'a' && t[p + 1] <= 'z'))
        return 0;
    return t0 - s->word_start >= 3 &&
           abbrev_kind(t, s->word_start, t0) == ABBR_NONE;
}

/* Handles the run of final punctuation and closing marks at i; returns
 * the offset after it, or sets *rc when the callback stops. */
static size_t on_terminator(splitter *s, size_t i, int *rc)
{
    const char *t = s->t;
    size_t t0 = i, p = i, len;
    int dots = 0, ellipsis = 0, strong = 0, cjk = 0, closed = 0;

    if (s->sent_start == NONE)
        s->sent_start = i;
    while (p < s->end) {
        uint32_t cp = cp_at(t, p, s->end, &len);
        int kind = terminator_kind(cp);
        if (kind == T_PERIOD)
            dots++;
        else if (kind == T_ELLIPSIS)
            ellipsis = 1;
        else if (kind == T_STRONG)
            strong = 1;
        else if (kind == T_CJK)
            cjk = 1;
        else if (is_closer(cp))
            closed = 1;
        else
            break;
        p += len;
    }
    /* A quote mark standing alone after the punctuation ('world. "
     * England') closes the sentence: scraped text often loses the space
     * on the wrong side of it. */
    if (p + 2 <= s->end && t[p] == ' ' && t[p + 1] == '"' &&
        (p + 2 == s->end || t[p + 2] == ' ' || t[p + 2] == '\n')) {
        p += 2;
        closed = 1;
    }
    s->last_end = p;
    s->last_term_end = p;

    int boundary;
    if (cjk || p >= s->end) {
        boundary = 1;
    } else {
        uint32_t cp = cp_at(t, p, s->end, &len);
        if (closed && is_upper_cp(cp)) {
            /* 'this year."The': a closing quote glued to the next
             * sentence, a common copy-and-paste loss. */
            boundary = 1;
        } else if (!is_space_cp(cp)) {
            /* Glued: "3.14", "U.S.", "Yahoo!'s", "Bagle.AT" do not end a
             * sentence; "for example).This country" lost its space. */
            boundary = glued_sentence(s, t0, p, dots + strong + ellipsis);
        } else {
            next_word nw = look_ahead(s, p);
            if (strong)
                boundary = nw.cls != N_LOWER;
            else if ((ellipsis || dots >= 2) && closed)
                /* A quote trailing off ('years..." Hailey recalled')
                 * usually goes on with its speaker. */
                boundary = is_starter(s, nw);
            else if (ellipsis || dots >= 2)
                boundary = nw.cls == N_UPPER;
            else
                boundary = period_ends(s, t0, closed, nw);
        }
    }
    if (boundary) {
        s->last_end = p;
        *rc = flush(s);
    }
    return p;
}

static size_t detect_wrap_width(const char *t, size_t begin, size_t end);

/* The text's wrap width, found the first time a line break needs it: a
 * text of one line (most paragraphs) is never measured. */
static size_t wrap_width(splitter *s)
{
    if (s->wrap_width == NONE)
        s->wrap_width = detect_wrap_width(s->t, s->begin, s->end);
    return s->wrap_width;
}

/* List markers at the start of a line. */
static int is_bullet(uint32_t cp)
{
    return cp == '*' || cp == 0x2022 /* bullet */ ||
           cp == 0x2023 /* triangular bullet */ || cp == 0x25AA ||
           cp == 0x25CF || cp == 0x25E6 /* squares and circles */;
}

/* A line break at i: a blank line ends the sentence; a single break ends
 * it after a heading-like line (see the top of the file). */
static int on_newline(splitter *s, size_t i)
{
    const char *t = s->t;
    size_t q = i + 1, len;

    while (q < s->end && (t[q] == ' ' || t[q] == '\t' || t[q] == '\r' ||
                          t[q] == '\f' || t[q] == '\v'))
        q++;
    if (q >= s->end || t[q] == '\n')
        return flush(s);
    if (s->sent_start == NONE || s->last_end <= s->line_start ||
        s->last_term_end == s->last_end)
        return 0;

    /* The line goes on in the next one after a comma, semicolon, hyphen
     * or dash. */
    size_t plen = px_utf8_prev_len(t, s->last_end);
    uint32_t last;
    px_utf8_decode(t + s->last_end - plen, plen, &last);
    if (last == ',' || last == ';' || last == '-' || last == '&' ||
        last == '/' || last == 0x2013 || last == 0x2014)
        return 0;
    uint32_t first = cp_at(t, q, s->end, &len);
    if (is_lower_cp(first))
        return 0;
    if (wrap_width(s) && !is_bullet(first)) {
        /* A full-width line of hard-wrapped text runs on; a line under
         * 60% of the width is a heading or a paragraph's last line. */
        size_t width = s->last_end - s->line_start;
        if (width * 10 >= s->wrap_width * 6)
            return 0;
    }
    return flush(s);
}

/* Hard-wrapped text: at least 4 lines with text, none longer than 100
 * bytes (editors and mailers wrap at 70-80 columns), at least half of
 * them within 70% of the longest, and at least a quarter followed by a
 * line that starts in lower case (wrapped prose breaks mid-sentence; a
 * list of headlines of equal length does not). */
static size_t detect_wrap_width(const char *t, size_t begin, size_t end)
{
    size_t lines = 0, longest = 0, wide = 0, continued = 0;

    for (int pass = 0; pass < 2; pass++) {
        size_t p = begin;
        while (p < end) {
            const char *nl = memchr(t + p, '\n', end - p);
            size_t stop = nl ? (size_t)(nl - t) : end;
            size_t e = stop;
            while (e > p && (t[e - 1] == ' ' || t[e - 1] == '\r' ||
                             t[e - 1] == '\t'))
                e--;
            size_t w = e - p;
            if (w > 0 && pass == 0) {
                lines++;
                if (w > longest)
                    longest = w;
                if (longest > 100)
                    return 0;
            } else if (w > 0) {
                if (w * 10 >= longest * 7)
                    wide++;
                size_t q = stop + 1, len;
                while (q < end && (t[q] == ' ' || t[q] == '\t'))
                    q++;
                if (q < end && is_lower_cp(cp_at(t, q, end, &len)))
                    continued++;
            }
            p = stop + 1;
        }
        if (pass == 0 && (lines < 4 || longest < 30))
            return 0;
    }
    return wide * 2 >= lines && continued * 4 >= lines ? longest : 0;
}

/* The first byte in [i, end) that is neither ASCII text nor an ASCII
 * space (B_TEXT, B_SPACE): a newline, a terminator or a byte >= 0x80;
 * end when there is none. Such bytes are a few in a hundred, so a wide
 * scan skips the rest. */
static size_t next_special(const char *t, size_t i, size_t end)
{
    return px_find_any4(t, i, end, '\n', '.', '?', '!', 1);
}

/* Takes in the run t[i..j) of ASCII text and spaces, as a byte at a time
 * would: the sentence starts at its first text byte if none is open, its
 * text so far ends after the run's last text byte, and the current word
 * starts after the run's last space. Only the run's ends are read (a
 * word or two), so the run costs what next_special paid. Returns j. */
static size_t plain_run(splitter *s, size_t i, size_t j)
{
    const char *t = s->t;
    size_t p;
    if (s->sent_start == NONE) {
        for (p = i; p < j && byte_class((unsigned char)t[p]) == B_SPACE; p++)
            ;
        if (p < j)
            s->sent_start = p;
    }
    for (p = j; p > i && byte_class((unsigned char)t[p - 1]) == B_SPACE; p--)
        ;
    if (p > i)
        s->last_end = p;
    for (p = j; p > i && byte_class((unsigned char)t[p - 1]) != B_SPACE; p--)
        ;
    if (p > i)
        s->word_start = p;
    return j;
}

static int split(const char *t, size_t begin, size_t end, emit_fn emit,
                 void *ctx)
{
    splitter s;
    int rc = 0;
    size_t i = begin;

    pthread_once(&abbrev_lengths_once, index_abbrevs);

    s.t = t;
    s.begin = begin;
    s.end = end;
    s.emit = emit;
    s.ctx = ctx;
    s.sent_start = NONE;
    s.last_end = begin;
    s.word_start = begin;
    s.line_start = begin;
    s.last_term_end = NONE;
    s.wrap_width = NONE;

    while (i < end && rc == 0) {
        unsigned char cls = byte_class((unsigned char)t[i]);
        if (cls == B_TEXT || cls == B_SPACE) {
            /* The common case: a run of ordinary ASCII text and spaces,
             * up to the next byte with a rule of its own. */
            i = plain_run(&s, i, next_special(t, i, end));
            continue;
        }
        if (cls == B_NEWLINE) {
            rc = on_newline(&s, i);
            i++;
            s.word_start = i;
            s.line_start = i;
            continue;
        }
        if (cls == B_TERM) {
            i = on_terminator(&s, i, &rc);
            continue;
        }
        size_t len;
        uint32_t cp = cp_at(t, i, end, &len);
        if (is_space_cp(cp)) {
            i += len;
            s.word_start = i;
        } else if (terminator_kind(cp) != T_NONE) {
            i = on_terminator(&s, i, &rc);
        } else {
            if (s.sent_start == NONE)
                s.sent_start = i;
            i += len;
            s.last_end = i;
        }
    }
    if (rc == 0)
        rc = flush(&s);
    return rc;
}

static int push_span(void *ctx, size_t start, size_t end)
{
    return px_spanvec_push(ctx, start, end);
}

int px_sentences_split(const char *text, size_t start, size_t end,
                       px_spanvec *out)
{
    if ((!text && end > start) || !out || start > end)
        return PRECIS_EINVAL;
    return split(text, start, end, push_span, out);
}

typedef struct public_ctx {
    precis_sentence_cb cb;
    void *ctx;
} public_ctx;

static int call_public(void *ctx, size_t start, size_t end)
{
    public_ctx *pc = ctx;
    precis_span span = {start, end};
    return pc->cb(pc->ctx, span);
}

int precis_sentences_split(const char *text, size_t len,
                           precis_sentence_cb cb, void *ctx)
{
    public_ctx pc;

    if ((!text && len) || !cb)
        return PRECIS_EINVAL;
    pc.cb = cb;
    pc.ctx = ctx;
    return split(text, 0, len, call_public, &pc);
}
