/* attribute.c: the attribution sieves, applied in order to each quote:
 *   headline     "Putin: talks were "constructive""
 *   trailing     ""...," Putin said." / ""...," said Putin." /
 *                ""...," Sanders, a Vermont senator, said."
 *   according    ""...," according to Lind." (also before the quote)
 *   dash         ""..." - Pamela Padilla"
 *   leading      "Putin said: "..."" / "Putin said the leaders "..."" /
 *                "He defended it, saying, "..."" / "The memo went on to
 *                say: "...""
 *   colon        "Pollster Rita Quan: "..."", a sentence or paragraph
 *                ending in "... and said:" before a quote that opens one,
 *                and a sentence ending in a colon whose subject speaks
 *                ("The review took her words as its title: "..."")
 *   paragraph    another quote of the same paragraph has a speaker
 *   continuation a quote-only paragraph after an attributed one
 * A speaker may be unnamed ("a nurse", "one of the organisers") or a
 * text ("the report"): the mention is kept and the entity left unknown.
 * Mentions are then resolved: names by their last word, pronouns to the
 * most recent compatible speaker, role nominals to the most recent person
 * the article gave that role. Everything works on one token array of the
 * document; each sieve looks at a bounded window, so the whole is linear. */
#include "attribute.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "alloc.h"
#include "keyset.h"
#include "para_scan.h"
#include "strmap.h"
#include "swar.h"
#include "utf8.h"

/* Token flags. */
#define T_WORD 1u
#define T_CAP 2u     /* starts with a capital */
#define T_INQ 4u     /* inside a quote */
#define T_END 8u     /* ends a sentence: . ! ? outside quotes */
#define T_VERB 16u   /* speech verb */
#define T_ROLE 32u   /* a role noun (one word) */
#define T_PRON 64u   /* a personal pronoun that can speak */
#define T_DET 128u   /* determiner or possessive pronoun */
#define T_FUNC 256u  /* a function word: never part of a name */
#define T_MOD 512u   /* a lower-case modifier allowed in a speaker's phrase */
#define T_ADV 1024u  /* may stand between a speaker and the verb */
#define T_ALLCAPS 2048u
#define T_ACCORD 4096u /* "according" */
#define T_POSS 8192u   /* ends in a possessive 's or ' */
#define T_DOCN 16384u  /* a noun for a text that speaks: "the report" */
#define T_PHRASE 32768u /* may open a speech verb phrase ("went on") */
#define T_NOCUE 65536u  /* a speech verb form inside a name: "United States" */
#define T_STOP 131072u  /* . ! or ?: may end a sentence (then T_END) */

/* Closed-class words the sieves ask about by name: bits of tok.words. */
#define W_QUANT 1u     /* a number or quantifier: "one", "several" */
#define W_DEMO 2u      /* a demonstrative: "this", "these", "those" */
#define W_PREP 4u      /* a preposition that opens a speaker's complement */
#define W_ADDRESS 8u   /* a verb whose object is who was spoken to */
#define W_AUX 16u      /* an auxiliary: "is", "may", "did" */
#define W_ORG_HEAD 32u /* the last word of a body's name, possessive or not */
#define W_AND 64u
#define W_BUT 128u
#define W_WHO 256u
#define W_IT 512u
#define W_TO 1024u
#define W_HE 2048u
#define W_SHE 4096u

typedef struct tok {
    size_t s, e;
    size_t fold;     /* its folded text starts here in tokvec.text */
    size_t fold_len; /* and has this many bytes (a final period off) */
    unsigned flags;
    unsigned words;  /* W_* */
    unsigned tags;   /* role tags */
    int role;        /* role index, or -1 */
    size_t para;
    char punct;      /* the character of a punctuation token, else 0 */
} tok;

/* The document's tokens and, once for each, its folded text: the sieves
 * look the same token up many times, and folding it each time was most
 * of their cost. An ASCII token's folded text is a slice of its
 * paragraph's copy in lower case, made as the paragraph is classified;
 * another's is folded after that copy. */
typedef struct tokvec {
    tok *items;
    size_t count, cap;
    /* The paragraphs' copies (para_copy_size each), each followed by
     * the folded text of its words with characters beyond ASCII. */
    char *text;
    size_t text_len, text_cap;
    px_para_block *blocks; /* the classification of one paragraph */
    size_t blocks_cap;
} tokvec;

/* Bounded windows: a speaker's phrase is at most this many words, an
 * appositive at most APPOS_MAX tokens, and a sieve looks at most WINDOW
 * tokens away from its quote. Longer reaches are rare in news and would
 * only find unrelated names. */
#define NP_MAX 8
#define APPOS_MAX 24
#define WINDOW 80
/* The most tokens reserved at once: 4 MB, a long article's worth. */
#define TOKENS_RESERVED 65536
/* How many people named with a role a nominal looks back over: an
 * article introduces a handful; the bound keeps long inputs linear. */
#define ROLE_LOOKBACK 64

/* ------------------------------------------------------------------------
 * Word classes (closed classes: kept in code; open ones are in lexicon/)
 * ------------------------------------------------------------------------ */

static const char *const pronouns[] = {"he", "she", "they", "we", "i", "it",
                                       NULL};
static const char *const determiners[] = {"the", "a", "an", "his", "her",
                                          "its", "their", "our", "my", NULL};
static const char *const function_words[] = {
    "and", "but", "or", "nor", "in", "on", "at", "after", "before", "when",
    "while", "as", "if", "so", "also", "however", "meanwhile", "for",
    "with", "by", "from", "to", "of", "this", "that", "these", "those",
    "there", "here", "then", "yet", "though", "although", "because",
    "since", "until", "during", "despite", "both", "all", "some", "many",
    "most", "other", "not", "no", "what", "who", "which", "where", "why",
    "how", "is", "was", "are", "were", "will", "would", "can", "could",
    "should", "may", "might", "has", "have", "had", "do", "does", "did",
    "be", "been", "being", "said", "says", "asked", "according", "speaking",
    "told", "like", "than", "about", "into", "over", "under", "against",
    "last", "next", "every", "each", "more", "less", "only", "just", "even",
    "now", "today", "yesterday", "tomorrow", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "it's", "not",
    "let", "let's", "we're", "i'm", "you", "your", "him", "them", "us",
    NULL};
static const char *const modifiers[] = {
    "former", "top", "senior", "deputy", "acting", "chief", "press",
    "foreign", "vice", "presidential", "republican", "democratic",
    "longtime", "veteran", "campaign", "another", "one", "two", "three",
    "several", "other", "own", "state", "national", "white", "house",
    "party", "federal", "local", "military", "security", "defence",
    "defense", NULL};
static const char *const adverbs[] = {
    "also", "later", "then", "once", "further", "again", "previously",
    "recently", "had", "has", "have", "was", "were", "is", "would", "will",
    "could", "quickly", "simply", "flatly", "reportedly", "repeatedly",
    "often", "frequently", "earlier", "subsequently", "too", "even",
    "still", "just", "already", "never", "always", "publicly", "privately",
    "separately", "similarly", "specifically", "explicitly", "ultimately",
    "angrily", "bluntly", "firmly", "openly", "has", "once", "had", "did",
    "does", "later", "jokingly", "famously", "pointedly", "told", NULL};
/* Abbreviations whose period does not end a sentence. */
static const char *const abbrevs[] = {"mr", "mrs", "ms", "dr", "sen", "rep",
                                      "gov", "gen", "lt", "col", "st", "jr",
                                      "sr", "prof", "rev", "sgt", "capt",
                                      "maj", "adm", "no", "vs", "u.s",
                                      "u.k", "u.n", "d.c", NULL};
/* "one person tweeted", "another said": a number or quantifier opens a
 * phrase as a determiner does. */
static const char *const quantifiers[] = {"one", "another", "two", "three",
                                          "several", "some", "many", "both",
                                          NULL};
static const char *const demonstratives[] = {"this", "these", "those", NULL};
static const char *const according[] = {"according", NULL};
static const char *const prepositions[] = {"of", "in", "at", "from", "for",
                                           "with", "on", NULL};
/* "told his supporters", "asking the crowd": the phrase after these verbs
 * is who was spoken to. */
static const char *const addressing_verbs[] = {
    "told", "tell", "tells", "telling", "asked", "ask", "asks", "asking",
    "urged", "urges", "warned", "warns", "thanked", "called", NULL};
static const char *const auxiliaries[] = {"is", "was", "are", "were", "has",
                                          "have", "had", "will", "would",
                                          "can", "could", "may", "might",
                                          "did", "does", NULL};
/* Last words that name a body: "NBC News", "John Birch Society". */
static const char *const org_heads[] = {
    "news", "times", "post", "journal", "press", "society", "party",
    "house", "committee", "university", "college", "association",
    "foundation", "institute", "center", "centre", "council", "union",
    "network", "agency", "company", "corporation", "group", "bank",
    "fund", "court", "board", "commission", "department", "ministry",
    "office", "club", "church", "league", "coalition", "campaign",
    "administration", "congress", "senate", "police", "army",
    "magazine", "channel", "radio", "television", "inc", "corp", "llc",
    "pac", "review", "daily", "tribune", "herald", "gazette", NULL};
static const struct {
    const char *w;
    unsigned bit;
} named_words[] = {{"and", W_AND}, {"but", W_BUT}, {"who", W_WHO},
                   {"it", W_IT},   {"to", W_TO},   {"he", W_HE},
                   {"she", W_SHE}};

/* What a byte is to the tokenizer: bits of byte_kind[], filled once by
 * words_init, so that the common bytes are sorted with one look-up. */
#define K_LOWER 1u /* a-z */
#define K_UPPER 2u /* A-Z */
#define K_DIGIT 4u /* 0-9, or any other ASCII word character */
#define K_JOIN 16u /* ' - . : inside a word when a word character follows */
#define K_HIGH 32u /* the first byte of a longer character: decode it */
#define K_ALNUM (K_LOWER | K_UPPER | K_DIGIT)

static unsigned char byte_kind[256];

/* The closed classes in one perfect-hash set (keyset.h), built once per
 * process: a token is classified with one lookup instead of a scan of
 * every list, and the lookup takes no branch on whether the set holds
 * the word (about half the words of news are in it, and a branch on
 * that guessed wrong as often as right). */
#define W_ABBREV (1u << 20) /* table-only flag: abbreviation */

/* What the table says of a word. */
typedef struct word_entry {
    unsigned flags; /* T_* and W_ABBREV */
    unsigned words; /* W_* */
    int role;       /* role index for T_ROLE words, else -1 */
    unsigned tags;  /* role tags for T_ROLE words, else 0 */
} word_entry;

/* What a word the table does not hold is: of no class. */
static const word_entry no_entry = {0, 0, -1, 0};

/* The most slots the set may take: the words are fixed, so the size
 * the build comes to is too (1024 for the 635 words of the lists and
 * lexicons that fit a key). */
#define WORD_SLOTS_MAX 2048
/* The entry read for a word the set does not hold: no_entry. */
#define WORD_NONE WORD_SLOTS_MAX

/* The set's arrays and each word's entry, by slot, copied here from
 * the build (which allocates, and is freed once copied): written once
 * under words_lock, before words_ready is set, then only read. The
 * keys take 16 bytes a slot; an entry is read only for a word the set
 * holds. */
static uint64_t word_keys[2 * WORD_SLOTS_MAX];
static uint32_t word_disp[WORD_SLOTS_MAX / 2];
static word_entry word_entries[WORD_SLOTS_MAX + 1];
static px_keyset word_set;

/* The table's words longer than PX_KEYSET_MAX ("secretary-general"),
 * a handful, looked up in turn: a token that long is rare. */
#define LONG_WORDS_MAX 16
typedef struct long_word {
    const char *w;
    size_t len;
    word_entry entry;
} long_word;
static long_word long_words[LONG_WORDS_MAX];
static size_t long_word_count;

static pthread_mutex_t words_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int words_ready;

/* The words gathered from every list before the set is built: one
 * entry per distinct word, each list adding its flags. */
#define GATHER_SLOTS 4096 /* power of two, well over twice the words */

typedef struct gathered {
    const char *w; /* BORROWED: static */
    size_t len;
    word_entry entry;
} gathered;

typedef struct gather {
    gathered *slots; /* OWNED: GATHER_SLOTS */
    size_t count;
    int full;        /* more words than the set can take */
} gather;

/* The entry of word w[0..n) in g, made when it is new; NULL (and
 * g->full set) when g has no room. */
static word_entry *gather_word(gather *g, const char *w, size_t n)
{
    size_t h = (size_t)px_hash(w, n) & (GATHER_SLOTS - 1);
    while (g->slots[h].w && (g->slots[h].len != n ||
                             memcmp(g->slots[h].w, w, n) != 0))
        h = (h + 1) & (GATHER_SLOTS - 1);
    if (!g->slots[h].w) {
        if (g->count >= GATHER_SLOTS / 2) {
            g->full = 1;
            return NULL;
        }
        g->slots[h].w = w;
        g->slots[h].len = n;
        g->slots[h].entry.role = -1;
        g->count++;
    }
    return &g->slots[h].entry;
}

static void words_add(gather *g, const char *const *list, unsigned flag,
                      unsigned bit)
{
    for (size_t i = 0; list[i]; i++) {
        word_entry *e = gather_word(g, list[i], strlen(list[i]));
        if (e) {
            e->flags |= flag;
            e->words |= bit;
        }
    }
}

/* A verb phrase ("went on", "shot back") marks its first word: the
 * phrase is checked against the lexicon once the next token is known. */
static void add_verb(const char *s, size_t n, int index, unsigned tags,
                     void *ctx)
{
    (void)index;
    (void)tags;
    const char *sp = memchr(s, ' ', n);
    word_entry *e = gather_word(ctx, s, sp ? (size_t)(sp - s) : n);
    if (e)
        e->flags |= sp ? T_PHRASE : T_VERB;
}

/* One-word roles only: longer ones are matched by role_phrase(). Nouns
 * for texts ("report", "email") are not roles: they only head a
 * speaker's phrase after a determiner. */
static void add_role(const char *s, size_t n, int index, unsigned tags,
                     void *ctx)
{
    if (memchr(s, ' ', n))
        return;
    word_entry *e = gather_word(ctx, s, n);
    if (!e)
        return;
    if (tags & PX_ROLE_DOC) {
        e->flags |= T_DOCN;
        return;
    }
    e->flags |= T_ROLE;
    e->role = index;
    e->tags = tags;
}

static void kinds_init(void)
{
    for (unsigned c = 0; c < 256; c++) {
        unsigned k = 0;
        if (c >= 0x80)
            k = K_HIGH;
        else if (c >= 'a' && c <= 'z')
            k = K_LOWER;
        else if (c >= 'A' && c <= 'Z')
            k = K_UPPER;
        else if (px_ascii_folded[c])
            k = K_DIGIT;
        if (c == '\'' || c == '-' || c == '.')
            k |= K_JOIN;
        byte_kind[c] = (unsigned char)k;
    }
}

static void gather_words(gather *g)
{
    words_add(g, pronouns, T_PRON, 0);
    words_add(g, determiners, T_DET, 0);
    words_add(g, function_words, T_FUNC, 0);
    words_add(g, modifiers, T_MOD, 0);
    words_add(g, adverbs, T_ADV, 0);
    words_add(g, abbrevs, W_ABBREV, 0);
    words_add(g, according, T_ACCORD, 0);
    words_add(g, quantifiers, 0, W_QUANT);
    words_add(g, demonstratives, 0, W_DEMO);
    words_add(g, prepositions, 0, W_PREP);
    words_add(g, addressing_verbs, 0, W_ADDRESS);
    words_add(g, auxiliaries, 0, W_AUX);
    words_add(g, org_heads, 0, W_ORG_HEAD);
    for (size_t i = 0; i < sizeof named_words / sizeof named_words[0]; i++) {
        word_entry *e = gather_word(g, named_words[i].w,
                                    strlen(named_words[i].w));
        if (e)
            e->words |= named_words[i].bit;
    }
    px_lex_each(0, add_verb, g);
    px_lex_each(1, add_role, g);
}

/* Builds the set from the gathered words into the static arrays.
 * Returns 0, PRECIS_ENOMEM, or PRECIS_EINVAL when the words do not fit
 * the arrays (the words are fixed: every test of attribution would
 * fail). */
static int place_words(const gather *g)
{
    uint64_t(*keys)[2] = px_malloc((g->count + 1) * sizeof *keys);
    const word_entry **entries =
        px_malloc((g->count + 1) * sizeof *entries);
    if (!keys || !entries) {
        px_free(keys);
        px_free(entries);
        return PRECIS_ENOMEM;
    }
    size_t count = 0, nlong = 0;
    int rc = 0;
    for (size_t h = 0; h < GATHER_SLOTS && !rc; h++) {
        const gathered *x = &g->slots[h];
        if (!x->w)
            continue;
        if (x->len > PX_KEYSET_MAX) {
            if (nlong == LONG_WORDS_MAX) {
                rc = PRECIS_EINVAL;
                break;
            }
            long_words[nlong].w = x->w;
            long_words[nlong].len = x->len;
            long_words[nlong++].entry = x->entry;
            continue;
        }
        unsigned char b[16] = {0};
        memcpy(b, x->w, x->len);
        px_keyset_key((const char *)b, x->len, keys[count]);
        entries[count++] = &x->entry;
    }
    px_keyset set;
    memset(&set, 0, sizeof set);
    if (!rc)
        rc = px_keyset_build(&set, (const uint64_t(*)[2])keys, count);
    if (rc == 1 || (!rc && px_keyset_slots(&set) > WORD_SLOTS_MAX))
        rc = PRECIS_EINVAL;
    if (!rc) {
        size_t slots = px_keyset_slots(&set);
        memcpy(word_keys, set.keys, 2 * slots * sizeof *word_keys);
        memcpy(word_disp, set.disp,
               (set.bucket_mask + 1) * sizeof *word_disp);
        word_set = set;
        word_set.keys = word_keys;
        word_set.disp = word_disp;
        for (size_t k = 0; k <= WORD_NONE; k++)
            word_entries[k] = no_entry;
        for (size_t k = 0; k < count; k++)
            word_entries[px_keyset_slot(&word_set, keys[k])] = *entries[k];
        long_word_count = nlong;
    }
    px_keyset_free(&set);
    px_free(keys);
    px_free(entries);
    return rc;
}

/* Builds the table on first use. Returns 0, or PRECIS_ENOMEM (the next
 * call tries again). */
static int words_ensure(void)
{
    if (atomic_load_explicit(&words_ready, memory_order_acquire))
        return 0;
    pthread_mutex_lock(&words_lock);
    int rc = 0;
    if (!atomic_load_explicit(&words_ready, memory_order_relaxed)) {
        gather g = {px_calloc(GATHER_SLOTS, sizeof(gathered)), 0, 0};
        if (!g.slots)
            rc = PRECIS_ENOMEM;
        if (!rc) {
            kinds_init();
            gather_words(&g);
            rc = g.full ? PRECIS_EINVAL : place_words(&g);
        }
        px_free(g.slots);
        if (!rc)
            atomic_store_explicit(&words_ready, 1, memory_order_release);
    }
    pthread_mutex_unlock(&words_lock);
    return rc;
}

/* The entry of a table word longer than PX_KEYSET_MAX, or no_entry. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static const word_entry *long_word_find(const char *w, size_t n)
{
    for (size_t k = 0; k < long_word_count; k++)
        if (long_words[k].len == n && memcmp(long_words[k].w, w, n) == 0)
            return &long_words[k].entry;
    return &no_entry;
}

/* The entry of a folded word w[0..n) (n >= 1; 16 bytes readable at w),
 * or &no_entry (words_ensure has run). */
static inline const word_entry *word_find(const char *w, size_t n)
{
    if (n > PX_KEYSET_MAX)
        return long_word_find(w, n);
    uint64_t key[2];
    px_keyset_key(w, n, key);
    size_t slot = px_keyset_slot(&word_set, key);
    /* All ones when the slot holds the word, else 0: no branch. */
    size_t hit = (size_t)0 - (size_t)px_keyset_holds(&word_set, slot, key);
    return &word_entries[(slot & hit) | (WORD_NONE & ~hit)];
}

/* The code point at text[i] (i < end) in *cp, and its length. ASCII, most
 * of the text, is read without a call. */
static size_t cp_at(const char *text, size_t i, size_t end, uint32_t *cp)
{
    unsigned char c = (unsigned char)text[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    return px_utf8_decode(text + i, end - i, cp);
}

static int is_space_cp(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    return px_unicode_is_space(cp);
}

static int is_word_cp(uint32_t cp)
{
    if (cp < 0x80)
        return px_ascii_folded[cp] != 0; /* ASCII letters and digits */
    return px_unicode_is_letter(cp) || px_unicode_is_digit(cp);
}

static int is_upper_cp(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return px_unicode_is_upper(cp);
}

/* A letter that is not a capital ("a", not "A" or "1"). */
static int is_lower_letter(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return px_unicode_is_letter(cp) && !px_unicode_is_upper(cp);
}

/* Nonzero when the character cp at text[i] is a quote mark. */
static int is_quote_mark(const char *text, size_t i, size_t end, uint32_t cp)
{
    if (cp < 0x80)
        return cp == '"' || cp == '\'';
    return px_quote_mark_len(text, i, end) != 0;
}

/* Token t's folded text, its length in *n: 0 when it is `limit` bytes or
 * longer. Each heuristic reads words up to its own length, and a longer
 * token is no word to it (a 40-byte token is no participle, a 70-byte one
 * no lexicon word). */
static const char *tok_folded(const tokvec *v, const tok *t, size_t limit,
                              size_t *n)
{
    *n = t->fold_len < limit ? t->fold_len : 0;
    return v->text + t->fold;
}

/* Strips a possessive "'s" from a folded word. */
static size_t strip_poss(const char *w, size_t n)
{
    if (n > 2 && w[n - 2] == '\'' && w[n - 1] == 's')
        return n - 2;
    if (n > 1 && w[n - 1] == '\'')
        return n - 1;
    return n;
}

static int is_possessive(const tok *t)
{
    return (t->flags & T_POSS) != 0;
}

/* What a word token is, apart from where: its T_* flags, W_* words and
 * role. */
typedef struct word_class {
    unsigned flags;
    unsigned words;
    int role;
    unsigned tags;
} word_class;

/* A word token's class from its bytes' count `len` and letters (`cap`:
 * it starts with a capital; `lower`: it has a lower-case letter; `apos`:
 * an apostrophe), its folded text w[0..n) (n = 0: too long for any
 * table) and e, the table's entry for it (&no_entry: none). The entry of
 * a word holds what the token takes of it as it is; only a possessive
 * ("the president's") takes more, from the entry of the word without
 * it. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline word_class classify(size_t len, const char *w, size_t n,
                                  int cap, int lower, int apos,
                                  const word_entry *e)
{
    word_class c = {T_WORD, e->words, e->role, e->tags};
    if (cap)
        c.flags |= T_CAP;
    if (len >= 2 && !lower)
        c.flags |= T_ALLCAPS; /* "US", "NBC", and "J." or "2016" too */
    size_t pn = apos && n ? strip_poss(w, n) : n;
    if (pn == n) {
        c.flags |= e->flags & ~W_ABBREV;
        return c;
    }
    /* Roles are found with a possessive too: "the president's"; so is
     * the head of a body's name: "NBC News's". */
    c.flags |= (e->flags & ~(W_ABBREV | T_ROLE)) | T_POSS;
    const word_entry *base = word_find(w, pn);
    c.role = -1;
    c.tags = 0;
    if (base->flags & T_ROLE) {
        c.flags |= T_ROLE;
        c.role = base->role;
        c.tags = base->tags;
    }
    c.words = (e->words & ~W_ORG_HEAD) | (base->words & W_ORG_HEAD);
    return c;
}

/* Stores a word token at the end of v (which has room for it). */
static inline void put_word(tokvec *v, size_t pi, size_t s, size_t e,
                            size_t fold, size_t fold_len, word_class c)
{
    tok *t = &v->items[v->count++];
    t->s = s;
    t->e = e;
    t->fold = fold;
    t->fold_len = fold_len;
    t->flags = c.flags;
    t->words = c.words;
    t->tags = c.tags;
    t->role = c.role;
    t->para = pi;
    t->punct = 0;
}

/* ------------------------------------------------------------------------
 * Tokens
 * ------------------------------------------------------------------------ */

/* Bytes readable after each paragraph's copy and each folded word in
 * tokvec.text: a word's key is read sixteen bytes at once, wherever
 * the word ends. */
#define FOLD_SLACK 16

/* The bytes of tokvec.text a paragraph of n bytes takes. */
static size_t para_copy_size(size_t n)
{
    return px_para_blocks(n) * PX_PARA_BLOCK + FOLD_SLACK;
}

/* Makes room for `need` bytes more at the end of v->text. Returns 0 or
 * PRECIS_ENOMEM. */
static int text_room(tokvec *v, size_t need)
{
    if (v->text_cap - v->text_len >= need)
        return 0;
    void *p = v->text;
    if (px_grow(&p, &v->text_cap, v->text_len + need, 1) != 0)
        return PRECIS_ENOMEM;
    v->text = p;
    return 0;
}

/* Folds text[s..e), a token with a character beyond ASCII, onto the
 * end of v->text, where its folded text then starts (at the v->text_len
 * of before the call). Returns its length, or SIZE_MAX when memory ran
 * out. */
static size_t push_fold(tokvec *v, const char *text, size_t s, size_t e)
{
    /* A character of two bytes or more folds to four at most: twice the
     * length, and a NUL, always fit. */
    size_t room = 2 * (e - s) + 1 + FOLD_SLACK;
    if (text_room(v, room) != 0)
        return SIZE_MAX;
    size_t n = px_fold(text + s, e - s, v->text + v->text_len, room);
    v->text_len += n + 1;
    return n;
}

/* What the tokenizer learns of a word while it finds its end, so that
 * no later step reads its bytes again: bits of word_scan.seen. */
#define SCAN_ASCII 1u /* every byte is ASCII */
#define SCAN_LOWER 2u /* it has a lower-case letter */
#define SCAN_APOS 4u  /* it has an apostrophe: it may be a possessive */

typedef struct word_scan {
    size_t end;
    unsigned seen; /* SCAN_* */
} word_scan;

/* Scans on from text[j] the word read up to j (w.seen holds what its
 * characters told): letters and digits, and an apostrophe, hyphen or
 * period between two of them. Returns the word's end and what all its
 * characters told. */
static word_scan scan_word(const char *text, size_t j, size_t end,
                           word_scan w)
{
    unsigned seen = 0; /* K_* of the ASCII letters and digits passed */
    while (j < end) {
        /* The common cases first: ASCII letters and digits go on, other
         * ASCII bytes but ' - . end the word. */
        unsigned char b = (unsigned char)text[j];
        unsigned k = byte_kind[b];
        if (k & K_ALNUM) {
            seen |= k;
            j++;
            continue;
        }
        if (!(k & (K_JOIN | K_HIGH)))
            break;
        uint32_t c;
        size_t m = cp_at(text, j, end, &c);
        if (!is_word_cp(c) && c != '\'' && c != 0x2019 && c != '-' &&
            c != '.')
            break;
        if (!is_word_cp(c)) {
            uint32_t d = ' ';
            if (j + m < end)
                cp_at(text, j + m, end, &d);
            if (!is_word_cp(d))
                break;
        }
        if (b >= 0x80)
            w.seen &= ~SCAN_ASCII;
        if (c == '\'' || c == 0x2019)
            w.seen |= SCAN_APOS;
        if (is_lower_letter(c))
            w.seen |= SCAN_LOWER;
        j += m;
    }
    if (seen & K_LOWER)
        w.seen |= SCAN_LOWER;
    w.end = j;
    return w;
}

/* An initial ("J.") or a title ("Mr.") keeps the period after it: the
 * word text[s..e), whose entry in the table is `entry`. */
static int keeps_period(const char *text, size_t s, size_t e,
                        const word_entry *entry)
{
    return (entry->flags & W_ABBREV) ||
           (e - s == 1 && is_upper_cp((unsigned char)text[s]));
}

/* The paragraph being tokenized, once classified (px_para_classify). */
typedef struct para_scan {
    const char *text;
    size_t start, end;            /* its bytes in the text */
    const px_para_block *blocks;  /* px_para_blocks(end - start) */
    size_t nblocks;
    size_t copy;                  /* where its copy starts in tokvec.text */
} para_scan;

/* Classifies paragraph p into v->blocks and the end of v->text. Returns
 * 0 or PRECIS_ENOMEM. */
static int para_scan_of(const char *text, const px_para *p, tokvec *v,
                        para_scan *ps)
{
    size_t n = p->span.end - p->span.start, nb = px_para_blocks(n);
    size_t room = para_copy_size(n);
    if (text_room(v, room) != 0)
        return PRECIS_ENOMEM;
    if (nb > v->blocks_cap) {
        void *q = v->blocks;
        if (px_grow(&q, &v->blocks_cap, nb, sizeof *v->blocks) != 0)
            return PRECIS_ENOMEM;
        v->blocks = q;
    }
    char *copy = v->text + v->text_len;
    px_para_classify(text + p->span.start, n, copy, v->blocks);
    /* Masked off by a key's load, but no byte is left undefined. */
    memset(copy + nb * PX_PARA_BLOCK, 0, FOLD_SLACK);
    ps->text = text;
    ps->start = p->span.start;
    ps->end = p->span.end;
    ps->blocks = v->blocks;
    ps->nblocks = nb;
    ps->copy = v->text_len;
    v->text_len += room;
    return 0;
}

/* What a token maker returns when memory ran out, in place of the
 * offset after the token. */
#define TOKEN_FAILED SIZE_MAX

/* Fills in a punctuation token t (its paragraph and start already set)
 * of n bytes, character cp, whose folded text starts at `fold`. */
static void punct_token(tok *t, size_t n, uint32_t cp, size_t fold)
{
    t->e = t->s + n;
    t->fold = fold;
    t->fold_len = cp == '.' ? 0 : n; /* "." looks up as "" */
    t->flags = 0;
    t->words = 0;
    t->tags = 0;
    t->role = -1;
    t->punct = cp < 0x80 ? (char)cp : '-';
    if (cp == 0x2026)
        t->punct = '.';
    if (t->punct == '.' || t->punct == '!' || t->punct == '?')
        t->flags = T_STOP;
}

/* The token at paragraph offset r, whose first byte is not ASCII: a
 * word, a punctuation token, or (a space or a quote mark) none. Returns
 * the offset after it, or TOKEN_FAILED. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t high_token(tokvec *v, const para_scan *ps, size_t pi, size_t r)
{
    size_t i = ps->start + r;
    uint32_t cp;
    size_t n = px_utf8_decode(ps->text + i, ps->end - i, &cp);
    if (is_space_cp(cp) || is_quote_mark(ps->text, i, ps->end, cp))
        return r + n;
    size_t fold = v->text_len;
    if (!is_word_cp(cp)) {
        size_t fn = push_fold(v, ps->text, i, i + n);
        if (fn == SIZE_MAX)
            return TOKEN_FAILED;
        tok *t = &v->items[v->count++];
        t->para = pi;
        t->s = i;
        punct_token(t, n, cp, fold);
        t->fold_len = fn;
        return r + n;
    }
    word_scan w = {0, is_lower_letter(cp) ? SCAN_LOWER : 0};
    /* The letters and digits after the first character, then the rest. */
    size_t q = px_para_run_end(ps->blocks, ps->nblocks, r + n);
    if (px_para_any_lower(ps->blocks, r + n, q))
        w.seen |= SCAN_LOWER;
    w = scan_word(ps->text, ps->start + q, ps->end, w);
    size_t end = w.end;
    size_t fold_len = push_fold(v, ps->text, i, end);
    if (fold_len == SIZE_MAX)
        return TOKEN_FAILED;
    const char *fw = v->text + fold;
    size_t fn = fold_len < 64 ? fold_len : 0;
    const word_entry *e =
        fn ? word_find(fw, fn) : &no_entry;
    if (end < ps->end && ps->text[end] == '.' &&
        keeps_period(ps->text, i, end, e))
        end++;
    put_word(v, pi, i, end, fold, fold_len,
             classify(end - i, fw, fn, is_upper_cp(cp),
                      (w.seen & SCAN_LOWER) != 0, (w.seen & SCAN_APOS) != 0,
                      e));
    return end - ps->start;
}

/* The ASCII token at paragraph offset r of block b: a word (a run of
 * letters and digits, and what scan_word finds after it) or a
 * punctuation token. Returns the offset after it, or TOKEN_FAILED. */
static inline size_t ascii_token(tokvec *v, const para_scan *ps, size_t pi,
                                 size_t b, size_t r)
{
    const char *text = ps->text;
    size_t start = ps->start, copy_at = ps->copy, i = start + r;
    unsigned char c = (unsigned char)text[i];
    unsigned k = byte_kind[c];
    if (!(k & K_ALNUM)) {
        tok *t = &v->items[v->count++];
        t->para = pi;
        t->s = i;
        punct_token(t, 1, c, copy_at + r);
        return r + 1;
    }
    /* The run of letters and digits, from the block's bitmap. */
    size_t q;
    uint64_t after = ~ps->blocks[b].alnum >> (r % PX_PARA_BLOCK);
    if (after)
        q = r + px_ctz64(after);
    else
        q = px_para_run_end(ps->blocks, ps->nblocks,
                            (b + 1) * PX_PARA_BLOCK);
    const char *copy = v->text + copy_at;
    word_scan w = {start + q, SCAN_ASCII | (k & K_LOWER ? SCAN_LOWER : 0)};
    if (!(w.seen & SCAN_LOWER) && q - r >= 2 &&
        px_para_any_lower(ps->blocks, r, q))
        w.seen |= SCAN_LOWER;
    /* The copy's bytes are the text's but for the case of letters, and
     * zero past the paragraph: no bound check. A joiner goes on only
     * into a word character: a period that ends a sentence ends the
     * word here, as scan_word would. */
    unsigned stop = byte_kind[(unsigned char)copy[q]];
    if ((stop & K_HIGH) ||
        ((stop & K_JOIN) &&
         (byte_kind[(unsigned char)copy[q + 1]] & (K_ALNUM | K_HIGH))))
        w = scan_word(text, w.end, ps->end, w);
    size_t end = w.end, fold = copy_at + r, fold_len = end - i;
    if (!(w.seen & SCAN_ASCII)) {
        fold = v->text_len;
        fold_len = push_fold(v, text, i, end);
        if (fold_len == SIZE_MAX)
            return TOKEN_FAILED;
        copy = v->text + copy_at;
    }
    const char *fw = v->text + fold;
    size_t fn = fold_len < 64 ? fold_len : 0;
    const word_entry *e =
        fn ? word_find(fw, fn) : &no_entry;
    if (copy[end - start] == '.' && keeps_period(text, i, end, e))
        end++;
    put_word(v, pi, i, end, fold, fold_len,
             classify(end - i, fw, fn, (k & K_UPPER) != 0,
                      (w.seen & SCAN_LOWER) != 0, (w.seen & SCAN_APOS) != 0,
                      e));
    return end - start;
}

/* Words are letters and digits with inner apostrophes, hyphens and periods
 * (U.S, Nagorno-Karabakh, Putin's); a period after an initial or a title
 * abbreviation belongs to the word. Quote marks make no token. Every other
 * character that is not a space is a one-character punctuation token.
 * A token's folded text leaves out a final period ("Mr." looks up as
 * "mr"). Each word is looked up in the table once, for its period and
 * its class.
 *
 * The paragraph is classified first, and read a block at a time: a token
 * starts at a solid byte that does not carry on a run of letters and
 * digits, the first such byte at or after the end of the token before;
 * an ASCII word's run ends at the next bit clear in the block's alnum
 * bitmap, and its folded text is a slice of the paragraph's copy. */
static int tokenize_para(const char *text, const px_para *p, size_t pi,
                         tokvec *v)
{
    para_scan ps;
    if (para_scan_of(text, p, v, &ps) != 0)
        return PRECIS_ENOMEM;
    size_t r = 0;        /* no token starts before this offset */
    uint64_t carry = 0;  /* the alnum bit of the byte before the block */
    for (size_t b = 0; b < ps.nblocks; b++) {
        uint64_t alnum = ps.blocks[b].alnum;
        uint64_t starts = ps.blocks[b].solid & ~(alnum & (alnum << 1 | carry));
        carry = alnum >> 63;
        size_t base = b * PX_PARA_BLOCK;
        if (r > base) {
            if (r - base >= PX_PARA_BLOCK)
                continue;
            starts &= ~(uint64_t)0 << (r - base);
        }
        if (!starts)
            continue;
        /* At most one token starts at each byte of the block. */
        if (v->cap - v->count < PX_PARA_BLOCK) {
            void *q = v->items;
            if (px_grow(&q, &v->cap, v->count + PX_PARA_BLOCK,
                        sizeof *v->items) != 0)
                return PRECIS_ENOMEM;
            v->items = q;
        }
        do {
            size_t at = base + px_ctz64(starts);
            r = (unsigned char)text[ps.start + at] < 0x80
                    ? ascii_token(v, &ps, pi, b, at)
                    : high_token(v, &ps, pi, at);
            if (r == TOKEN_FAILED)
                return PRECIS_ENOMEM;
            if (r - base >= PX_PARA_BLOCK)
                break;
            starts &= ~(uint64_t)0 << (r - base);
        } while (starts);
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * The state of one document
 * ------------------------------------------------------------------------ */

/* A person named with a role ("Armenian Prime Minister Nikol Pashinyan"):
 * what a later nominal ("the Armenian prime minister") resolves through. */
typedef struct role_mention {
    size_t pos;       /* token index */
    uint32_t entity;
    int role;
    unsigned tags;
    char nat[8];      /* first letters of the nationality word, folded */
} role_mention;

/* An entity named as a speaker or a person at a token position. */
typedef struct event {
    size_t pos;
    uint32_t entity;
} event;

typedef struct doc_state {
    const char *text;
    const px_para *paras;
    size_t npara;
    const px_quote *quotes;
    size_t nq;
    px_entities *ents;
    tokvec toks;
    size_t *para_tok;   /* first token of each paragraph; [npara] = count */
    unsigned char *para_cue; /* 0 unknown, 1 no speech verb, 2 one */
    size_t *q_first;    /* first token inside each quote */
    size_t *q_after;    /* first token after each quote */
    /* The few tokens each of the two passes over the whole document
     * looks at, in order, so that neither walks every token: */
    size_t index_cap;   /* bytes of the block para_tok starts */
    size_t *names;      /* name or role words outside quotes (NAME_FLAGS) */
    size_t nnames;
    size_t *verbs;      /* speech verbs outside quotes, but "according" */
    size_t nverbs;
    size_t lists_cap;   /* bytes of the block names starts (and verbs) */
    role_mention *roles;
    size_t nroles, roles_cap;
    event *persons;     /* person mentions, in order */
    size_t npersons, persons_cap;
    event *speakers;    /* resolved speakers of cues, in order */
    size_t nspeakers, speakers_cap;
    event *subjects;    /* persons named at the start of a sentence */
    size_t nsubjects, subjects_cap;
} doc_state;

typedef struct np {
    size_t a, b;  /* tokens [a, b) */
    int ok;
} np;

static int tok_ok(const doc_state *d, size_t i, size_t para)
{
    const tok *t = &d->toks.items[i];
    return t->para == para && !(t->flags & T_INQ);
}

/* Can token t be part of a speaker's phrase? */
static int np_word(const tok *t)
{
    /* Most tokens are lower-case words of no class here: one test sets
     * them aside. */
    if (!(t->flags & (T_ROLE | T_MOD | T_CAP | T_ALLCAPS)))
        return 0;
    if (!(t->flags & T_WORD) || (t->flags & T_INQ))
        return 0;
    if (t->flags & (T_ROLE | T_MOD))
        return 1;
    if ((t->flags & T_CAP) &&
        !(t->flags & (T_FUNC | T_PRON | T_VERB | T_ADV)))
        return 1; /* not "Later" or "Also" opening a sentence */
    if ((t->flags & T_ALLCAPS) && !(t->flags & T_PRON))
        return 1; /* "US", not "us" */
    return 0;
}

/* Nonzero when token t is a word of one of the closed classes `bits`
 * (W_*), in any case: W_AND for "and", W_QUANT for "one", "several"... */
static int word_is(const tok *t, unsigned bits)
{
    return (t->words & bits) != 0;
}

/* "one person tweeted", "another said": a number or quantifier opens a
 * phrase as a determiner does. */
static int is_quantifier(const tok *t)
{
    return word_is(t, W_QUANT);
}

/* "this source told", "these protesters chanted": a demonstrative opens
 * a phrase with a lower-case head. */
static int is_demonstrative(const tok *t)
{
    return word_is(t, W_DEMO);
}

static int is_of(const doc_state *d, const tok *t)
{
    return t->e - t->s == 2 && d->text[t->s] == 'o' &&
           d->text[t->s + 1] == 'f';
}

/* The phrase ending at token e-1, extended to the left. */
static np np_left(const doc_state *d, size_t e, size_t lo)
{
    np r = {e, e, 0};
    if (e == 0 || e <= lo)
        return r;
    size_t h = e - 1;
    const tok *t = &d->toks.items[h];
    size_t para = t->para;
    if (t->flags & T_INQ)
        return r;
    if (t->flags & T_PRON) {
        r.a = h;
        r.ok = 1;
        return r;
    }
    int head_lower = 0;
    if (!np_word(t)) {
        /* A lower-case head needs a determiner: "the statement said";
         * after one, a verb form is a noun: "the report stated". */
        int noun_verb = (t->flags & T_VERB) && h > lo &&
                        (d->toks.items[h - 1].flags & T_DET);
        if (!(t->flags & T_WORD) || (t->flags & T_FUNC) ||
            ((t->flags & T_VERB) && !noun_verb))
            return r;
        head_lower = 1;
    }
    /* Two readings: `strict` only over name and role words, `loose` also
     * over plain lower-case words, which only counts when a determiner
     * starts the phrase ("the Armenian prime minister"). */
    size_t a = h, strict = h;
    int det = 0, loose = head_lower, owner = 0;
    while (a > lo && h - a + 1 < NP_MAX) {
        size_t k = a - 1;
        if (!tok_ok(d, k, para))
            break;
        const tok *u = &d->toks.items[k];
        /* A lower-case head may also open with a number or quantifier
         * ("one man wrote", "another commenter said") or a demonstrative
         * ("this source told"). */
        if ((u->flags & T_DET) ||
            (head_lower && !owner &&
             (is_quantifier(u) || is_demonstrative(u)))) {
            a = k;
            det = 1;
            break;
        }
        /* A possessive does too before a text, with its owner's name:
         * "the senator's statement said" (not "Kim's mental state"). */
        if (owner) {
            if (!np_word(u))
                break;
            a = k;
            continue;
        }
        if (head_lower && (t->flags & T_DOCN) && k + 1 == h &&
            is_possessive(u) && np_word(u)) {
            a = k;
            det = owner = 1;
            continue;
        }
        if (np_word(u)) {
            a = k;
            if (!loose)
                strict = k;
            continue;
        }
        if ((u->flags & T_WORD) && !(u->flags & (T_FUNC | T_VERB | T_PRON))) {
            a = k;
            loose = 1;
            continue;
        }
        break;
    }
    if (!det && !head_lower)
        a = strict;
    if (head_lower && !det)
        return r;
    if (!head_lower && h == a && (d->toks.items[h].flags & T_ROLE) &&
        !(d->toks.items[h].flags & T_CAP) && !det &&
        !(d->toks.items[h].tags & PX_ROLE_GROUP))
        return r; /* a bare lower-case role: "minister said" is not English */
    r.a = a;
    r.ok = 1;
    return r;
}

static np none_np(size_t at)
{
    np r = {at, at, 0};
    return r;
}

/* Nonzero when a capitalised name (not a function word) comes within
 * two lower-case words from token i. */
static int leads_to_name(const doc_state *d, size_t i, size_t hi,
                         size_t para)
{
    for (size_t k = i; k < hi && k < i + 3 && tok_ok(d, k, para); k++) {
        const tok *t = &d->toks.items[k];
        if ((t->flags & T_CAP) && np_word(t))
            return 1;
        if (!(t->flags & T_WORD) || (t->flags & (T_FUNC | T_PRON | T_DET)))
            return 0;
    }
    return 0;
}

/* The phrase starting at token s, extended to the right (below hi).
 * After a determiner lower-case words count ("the letter reads"); without
 * one, a lower-case word only leads into a name ("Tulsa police Chief Chuck
 * Jordan"). */
static np np_right(const doc_state *d, size_t s, size_t hi)
{
    np r = {s, s, 0};
    if (s >= hi || s >= d->toks.count)
        return r;
    const tok *t = &d->toks.items[s];
    size_t para = t->para;
    if (t->flags & T_INQ)
        return r;
    if (t->flags & T_PRON) {
        r.b = s + 1;
        r.ok = 1;
        return r;
    }
    size_t b = s;
    int det = 0, quant = is_quantifier(t);
    if ((t->flags & T_DET) || quant) {
        b++;
        det = 1;
        /* "said one of the organisers", "one of those aides": the
         * group after "of" completes the phrase. */
        if (quant && b + 1 < hi && tok_ok(d, b, para) &&
            tok_ok(d, b + 1, para) && is_of(d, &d->toks.items[b])) {
            const tok *g = &d->toks.items[b + 1];
            b++;
            if ((g->flags & T_DET) || is_quantifier(g) ||
                is_demonstrative(g))
                b++;
        }
    }
    size_t first = b;
    size_t plain_words = 0;
    int named = 0; /* a capitalised word has been taken */
    while (b < hi && b - s < NP_MAX && tok_ok(d, b, para)) {
        const tok *u = &d->toks.items[b];
        /* "the Saudis state in...": a verb form after a name ends it. */
        if ((u->flags & T_VERB) && named && !(u->flags & T_CAP))
            break;
        if (np_word(u)) {
            named |= (u->flags & T_CAP) != 0;
            b++;
            if (is_possessive(u) && b < hi && tok_ok(d, b, para) &&
                !np_word(&d->toks.items[b]) && !det)
                break;
            continue;
        }
        int plain = (u->flags & T_WORD) &&
                    !(u->flags & (T_FUNC | T_PRON | T_DET)) &&
                    (!(u->flags & T_VERB) || (det && b == first));
        if (plain && det && plain_words < 4) {
            plain_words++;
            b++;
            continue;
        }
        /* Lower-case words leading into a role or a name: "Tulsa police
         * Chief Chuck Jordan", "political scientist Christopher Wlezien". */
        if (plain && !(u->flags & (T_CAP | T_ADV)) && plain_words < 3 &&
            b + 1 < hi && tok_ok(d, b + 1, para) &&
            ((d->toks.items[b + 1].flags & T_ROLE) ||
             (!named && leads_to_name(d, b + 1, hi, para)))) {
            plain_words++;
            b++;
            continue;
        }
        /* Two roles of one person: "the county commissioner and
         * Democratic candidate said", not "the campaign and NBC". */
        if (det && b > first && (d->toks.items[b - 1].flags & T_ROLE) &&
            word_is(u, W_AND)) {
            size_t k = b + 1;
            while (k < hi && k - b <= 4 && tok_ok(d, k, para) &&
                   np_word(&d->toks.items[k]) &&
                   !(d->toks.items[k].flags & T_ROLE))
                k++;
            if (k < hi && k - b <= 4 && tok_ok(d, k, para) &&
                (d->toks.items[k].flags & T_ROLE) &&
                (k + 1 >= hi || !tok_ok(d, k + 1, para) ||
                 !(d->toks.items[k + 1].flags & T_CAP))) {
                b = k + 1;
                continue;
            }
        }
        break;
    }
    if (b == first && quant && first == s + 1 &&
        (b >= hi || !tok_ok(d, b, para) ||
         !(d->toks.items[b].flags & T_WORD))) {
        /* A quantifier alone: ""...," tweeted another." */
        r.b = b;
        r.ok = 1;
        return r;
    }
    if (b == first)
        return r;
    const tok *head = &d->toks.items[b - 1];
    if (!(head->flags & (T_CAP | T_ROLE)) && !det)
        return r;
    r.b = b;
    r.ok = 1;
    return r;
}

/* Nonzero when only a parenthesis ("(R-OH)") lies between token b and
 * token end. */
static int chunk_ends(const doc_state *d, size_t b, size_t end)
{
    if (b == end)
        return 1;
    if (d->toks.items[b].punct != '(')
        return 0;
    for (size_t k = b + 1; k < end; k++)
        if (d->toks.items[k].punct == ')')
            return k + 1 == end;
    return 0;
}

/* The subject of the speech verb at v: the phrase before it, over adverbs,
 * an appositive or parenthesis ("Pashinyan, however, noted"; "X, the
 * Armenian prime minister, said") and a relative "who". */
static np subject_of(const doc_state *d, size_t v, size_t lo)
{
    np none = {v, v, 0};
    size_t para = d->toks.items[v].para;
    size_t j = v;
    while (j > lo && tok_ok(d, j - 1, para) &&
           (d->toks.items[j - 1].flags & T_ADV) &&
           !(d->toks.items[j - 1].flags & T_CAP))
        j--;
    if (j <= lo || !tok_ok(d, j - 1, para))
        return none;
    const tok *t = &d->toks.items[j - 1];
    if (word_is(t, W_WHO)) {
        if (j - 1 > lo && d->toks.items[j - 2].punct == ',')
            return np_left(d, j - 2, lo);
        return np_left(d, j - 1, lo);
    }
    if (t->punct == ',' || t->punct == '-' || t->punct == ')') {
        char open = t->punct == ')' ? '(' : t->punct;
        size_t k = j - 1;
        size_t steps = 0;
        while (k > lo && steps < APPOS_MAX) {
            k--;
            steps++;
            if (!tok_ok(d, k, para) || (d->toks.items[k].flags & T_END))
                return none;
            if (d->toks.items[k].punct == open ||
                (open == ',' && d->toks.items[k].punct == '-')) {
                /* "After winning Ohio, Gov. John Kasich (R-OH), said": a
                 * name between the commas is the subject; a phrase with
                 * a determiner ("X, the Armenian prime minister, said")
                 * is an appositive to the name before it. */
                if (open == ',') {
                    np c = np_right(d, k + 1, j - 1);
                    const tok *c0 = &d->toks.items[k + 1];
                    if (c.ok && (c0->flags & T_CAP) &&
                        !(c0->flags & (T_DET | T_POSS | T_PRON)) &&
                        chunk_ends(d, c.b, j - 1))
                        return c;
                }
                return np_left(d, k, lo);
            }
        }
        return none;
    }
    return np_left(d, j, lo);
}

/* ------------------------------------------------------------------------
 * Mentions and entities
 * ------------------------------------------------------------------------ */

/* The name words of a phrase: the capitalised words after its last role
 * word (or all of them when it has none), without determiners. */
static void name_part(const doc_state *d, np p, size_t *na, size_t *nb,
                      long *role_at)
{
    long r = -1;
    for (size_t i = p.a; i < p.b; i++)
        if (d->toks.items[i].flags & T_ROLE)
            r = (long)i;
    size_t a = r >= 0 ? (size_t)r + 1 : p.a;
    /* "Secretary of State Jon Husted": the role's complement is no name. */
    if (r >= 0 && a + 2 < p.b && !(d->toks.items[a].flags & T_CAP) &&
        is_of(d, &d->toks.items[a]))
        a += 2;
    while (a < p.b && (!(d->toks.items[a].flags & T_CAP) ||
                       (d->toks.items[a].flags & T_DET)))
        a++;
    size_t b = a;
    while (b < p.b && (d->toks.items[b].flags & T_CAP) &&
           !(d->toks.items[b].flags & T_ROLE)) {
        /* "Trump's Putin": a possessive inside ends the owner's name;
         * the name is what follows. */
        if (b + 1 < p.b && is_possessive(&d->toks.items[b]))
            a = b + 1;
        b++;
    }
    /* The name ends the phrase: "Azerbaijan's President Ilham Aliyev"
     * has the name after the role, not the country before it. */
    if (b > a && b < p.b)
        b = a;
    *na = a;
    *nb = b;
    *role_at = r;
}

/* The entity a name refers to. A full name ("Hillary Clinton") is its own
 * entity; a lone surname ("Clinton", "Mrs. Clinton") is the most recent
 * person with that last name and a compatible gender, else the first one
 * the article named, else a new entity. Returns 0, 1 (no name to take) or
 * PRECIS_ENOMEM. */
static long recent_last(const doc_state *d, size_t pos, uint32_t lid,
                        int gender);

static int add_entity(doc_state *d, size_t na, size_t nb, size_t pos,
                      int gender, uint32_t *id)
{
    const tok *lt = &d->toks.items[nb - 1];
    size_t ln;
    const char *last = tok_folded(&d->toks, lt, 128, &ln);
    if (!ln)
        return 1;
    ln = strip_poss(last, ln);
    size_t s = d->toks.items[na].s, e = lt->e;
    /* The name as written, without a possessive ending. */
    if (e - s >= 2 && d->text[e - 1] == 's' &&
        (d->text[e - 2] == '\'' ||
         (e - s >= 4 && (unsigned char)d->text[e - 2] == 0x99 &&
          (unsigned char)d->text[e - 4] == 0xE2)))
        e -= d->text[e - 2] == '\'' ? 2 : 4;
    if (nb - na == 1) {
        uint32_t lid;
        long first = px_entities_find_last(d->ents, last, ln, &lid);
        if (lid != UINT32_MAX) {
            long r = recent_last(d, pos, lid, gender);
            if (r < 0)
                r = first;
            if (r >= 0) {
                *id = (uint32_t)r;
                return 0;
            }
        }
        return px_entities_add(d->ents, last, ln, last, ln, d->text + s,
                               e - s, 1, id);
    }
    /* The folded full name, words joined by one space. */
    char key[256];
    size_t kn = 0;
    for (size_t i = na; i < nb; i++) {
        size_t n;
        const char *w = tok_folded(&d->toks, &d->toks.items[i], 128, &n);
        if (i + 1 == nb)
            n = strip_poss(w, n);
        if (!n || kn + n + 2 > sizeof key)
            return px_entities_add(d->ents, last, ln, last, ln, d->text + s,
                                   e - s, nb - na, id);
        if (kn)
            key[kn++] = ' ';
        memcpy(key + kn, w, n);
        kn += n;
    }
    return px_entities_add(d->ents, key, kn, last, ln, d->text + s, e - s,
                           nb - na, id);
}

static void nationality(const doc_state *d, np p, size_t role_first,
                        char nat[8])
{
    memset(nat, 0, 8);
    if (role_first <= p.a)
        return;
    const tok *t = &d->toks.items[role_first - 1];
    if (!(t->flags & T_CAP))
        return;
    size_t n;
    const char *buf = tok_folded(&d->toks, t, 64, &n);
    n = strip_poss(buf, n);
    /* Five letters tell nationalities apart and join a country to its
     * adjective (azerbaijan/azerbaijani, russia/russian). */
    if (n > 5)
        n = 5;
    memcpy(nat, buf, n);
}

/* The role phrase ending at token r (longest match first), its tags in
 * *tags and first token in *first. */
static int role_phrase(const doc_state *d, size_t r, size_t lo,
                       unsigned *tags, size_t *first)
{
    for (size_t w = PX_ROLE_MAX_WORDS; w >= 1; w--) {
        if (r + 1 < w || r + 1 - w < lo)
            continue;
        size_t a = r + 1 - w;
        char buf[128];
        size_t n = 0;
        int fits = 1;
        for (size_t i = a; i <= r && fits; i++) {
            size_t m;
            const char *wb = tok_folded(&d->toks, &d->toks.items[i], 64, &m);
            if (i == r)
                m = strip_poss(wb, m);
            if (!m || n + m + 2 > sizeof buf) {
                fits = 0;
                break;
            }
            if (i > a)
                buf[n++] = ' ';
            memcpy(buf + n, wb, m);
            n += m;
        }
        if (!fits)
            continue;
        int id = px_lex_role(buf, n, tags);
        if (id >= 0) {
            *first = a;
            return id;
        }
    }
    *tags = d->toks.items[r].tags;
    *first = r;
    return d->toks.items[r].role;
}

static int push_event(event **items, size_t *count, size_t *cap, size_t pos,
                      uint32_t entity)
{
    if (*count == *cap) {
        void *p = *items;
        if (px_grow(&p, cap, *count + 1, sizeof **items) != 0)
            return PRECIS_ENOMEM;
        *items = p;
    }
    (*items)[*count].pos = pos;
    (*items)[(*count)++].entity = entity;
    return 0;
}

static int gender_of_tags(unsigned tags)
{
    if (tags & PX_ROLE_MALE)
        return PX_GENDER_MALE;
    if (tags & PX_ROLE_FEMALE)
        return PX_GENDER_FEMALE;
    return PX_GENDER_UNKNOWN;
}

/* Nonzero when token i looks like the verb after a subject: a lower-case
 * word that is no preposition or conjunction ("Tina Houchins had a
 * question", "Obama responded"). */
static int before_verb(const doc_state *d, size_t i)
{
    if (i >= d->toks.count || i == 0 ||
        d->toks.items[i].para != d->toks.items[i - 1].para)
        return 0;
    const tok *t = &d->toks.items[i];
    if (!(t->flags & T_WORD) || (t->flags & (T_CAP | T_INQ)))
        return 0;
    if (t->flags & (T_VERB | T_ADV))
        return 1;
    return !(t->flags & (T_FUNC | T_DET | T_PRON));
}

/* Nonzero when the name words [na, nb) look like an organisation's: a
 * word in capitals ("NBC News") or a last word that names a body. */
static int looks_like_org(const doc_state *d, size_t na, size_t nb)
{
    for (size_t i = na; i < nb; i++)
        if (d->toks.items[i].flags & T_ALLCAPS)
            return 1;
    return word_is(&d->toks.items[nb - 1], W_ORG_HEAD);
}

/* The gender a phrase's role or title tells ("Mrs.", "spokeswoman"). */
static int phrase_gender(const doc_state *d, np p, long r)
{
    if (r < 0)
        return PX_GENDER_UNKNOWN;
    unsigned tags;
    size_t f;
    role_phrase(d, (size_t)r, p.a, &tags, &f);
    return gender_of_tags(tags);
}

/* Registers the people named in the document: every phrase with a name,
 * and the roles given with it. */
static int collect_entities(doc_state *d)
{
    size_t i = 0, n = d->toks.count;
    const tok *toks = d->toks.items; /* as in collect_speakers */
    /* Only a token of d->names can open a phrase (np_word): the walk
     * goes from one to the next at or after where it stands. */
    for (size_t c = 0; c < d->nnames; c++) {
        if (d->names[c] < i)
            continue;
        i = d->names[c];
        const tok *t = &toks[i];
        if ((t->flags & T_INQ) || !np_word(t) ||
            ((t->flags & T_MOD) && !(t->flags & (T_CAP | T_ROLE))) ||
            (i + 1 < n && is_of(d, t + 1) && is_quantifier(t))) {
            i++;
            continue;
        }
        np p = np_right(d, i, n);
        if (!p.ok) {
            i++;
            continue;
        }
        size_t na, nb;
        long r;
        name_part(d, p, &na, &nb, &r);
        if (nb > na && (nb - na >= 2 || r >= 0)) {
            uint32_t id;
            int rc = add_entity(d, na, nb, i, phrase_gender(d, p, r), &id);
            if (rc < 0)
                return rc;
            if (rc == 0) {
                px_entity *x = &d->ents->items[id];
                /* A role makes a person; a bare name may be a person or
                 * a body ("NBC News", "John Birch Society"). */
                if (r >= 0)
                    x->person = 1;
                else if (looks_like_org(d, na, nb))
                    x->person = -1;
                if (r >= 0) {
                    unsigned tags;
                    size_t first;
                    int role = role_phrase(d, (size_t)r, p.a, &tags, &first);
                    if (!x->gender)
                        x->gender = gender_of_tags(tags);
                    if (!(tags & PX_ROLE_TITLE)) {
                        void *q = d->roles;
                        if (px_grow(&q, &d->roles_cap, d->nroles + 1,
                                    sizeof *d->roles) != 0)
                            return PRECIS_ENOMEM;
                        d->roles = q;
                        role_mention *m = &d->roles[d->nroles++];
                        m->pos = i;
                        m->entity = id;
                        m->role = role;
                        m->tags = tags;
                        nationality(d, p, first, m->nat);
                    }
                }
                if (push_event(&d->persons, &d->npersons, &d->persons_cap,
                               i, id) != 0)
                    return PRECIS_ENOMEM;
                if (before_verb(d, p.b) &&
                    push_event(&d->subjects, &d->nsubjects,
                               &d->subjects_cap, i, id) != 0)
                    return PRECIS_ENOMEM;
            }
        }
        i = p.b > i ? p.b : i + 1;
    }
    return 0;
}

/* How many of events[0..n), which are in token order, come before pos. */
static size_t events_before(const event *ev, size_t n, size_t pos)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ev[mid].pos < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether entity x can be what a pronoun of `gender` refers to. */
static int gender_fits(const px_entity *x, int gender)
{
    return gender == PX_GENDER_UNKNOWN || x->gender == PX_GENDER_UNKNOWN ||
           x->gender == gender;
}

/* The most recent entry of events[0..n) before pos whose entity fits the
 * pronoun's gender, or -1. */
static long recent(const doc_state *d, const event *ev, size_t n, size_t pos,
                   int gender, size_t *at, int *first)
{
    size_t lo = events_before(ev, n, pos);

    /* Look back a bounded number of speakers: an antecedent farther back
     * than that is not what "he" means. */
    *first = 1;
    for (size_t k = lo, seen = 0; k-- > 0 && seen < 32; seen++) {
        const px_entity *x = &d->ents->items[ev[k].entity];
        if (x->person < 0)
            continue;
        if (gender_fits(x, gender)) {
            *at = ev[k].pos;
            return (long)ev[k].entity;
        }
        *first = 0;
    }
    return -1;
}

static long recent_last(const doc_state *d, size_t pos, uint32_t lid,
                        int gender)
{
    const event *ev = d->persons;
    size_t lo = events_before(ev, d->npersons, pos);

    for (size_t k = lo, seen = 0; k-- > 0 && seen < 64; seen++) {
        const px_entity *x = &d->ents->items[ev[k].entity];
        if (x->last != lid || x->name_words < 2)
            continue;
        if (gender_fits(x, gender))
            return (long)ev[k].entity;
    }
    return -1;
}

/* Resolves the phrase p (at token p.a) to an entity: *entity = -1 when the
 * text does not say who it is. */
static int resolve(doc_state *d, np p, long *entity)
{
    *entity = -1;
    const tok *first = &d->toks.items[p.a];
    if ((first->flags & T_PRON) && p.b == p.a + 1) {
        int g;
        if (word_is(first, W_HE))
            g = PX_GENDER_MALE;
        else if (word_is(first, W_SHE))
            g = PX_GENDER_FEMALE;
        else
            return 0; /* they, we, I, it: not resolved */
        /* The most recent speaker, or a person who since became the
         * subject of a sentence ("Tina Houchins asked Obama ... She
         * said"), whichever came last. */
        size_t at1 = 0, at2 = 0;
        int first1 = 1, first2 = 1;
        long e = recent(d, d->speakers, d->nspeakers, p.a, g, &at1, &first1);
        long s2 = recent(d, d->subjects, d->nsubjects, p.a, g, &at2,
                         &first2);
        int first = first1;
        if (s2 >= 0 && (e < 0 || at2 > at1)) {
            e = s2;
            first = first2;
        }
        if (e < 0)
            e = recent(d, d->persons, d->npersons, p.a, g, &at1, &first);
        /* The pronoun tells the gender, when it was not a choice among
         * several people. */
        if (e >= 0 && first) {
            px_entity *x = &d->ents->items[e];
            if (x->gender == PX_GENDER_UNKNOWN)
                x->gender = g;
        }
        *entity = e;
        return 0;
    }
    size_t na, nb;
    long r;
    name_part(d, p, &na, &nb, &r);
    if (nb > na) {
        uint32_t id;
        int rc = add_entity(d, na, nb, p.a, phrase_gender(d, p, r), &id);
        if (rc < 0)
            return rc;
        if (rc > 0)
            return 0;
        px_entity *x = &d->ents->items[id];
        int org = r < 0 && ((nb - na == 1 &&
                             ((d->toks.items[na].flags & T_ALLCAPS) ||
                              (first->flags & T_DET))) ||
                            looks_like_org(d, na, nb));
        if (r >= 0) {
            unsigned tags;
            size_t f;
            role_phrase(d, (size_t)r, p.a, &tags, &f);
            if (!x->gender)
                x->gender = gender_of_tags(tags);
            if (!(tags & PX_ROLE_GROUP))
                x->person = 1;
        } else if (!org && !x->person) {
            /* A bare surname speaking ("Caddell said") is a person. */
            x->person = 1;
        }
        if (org)
            x->person = -1;
        *entity = (long)id;
        return 0;
    }
    if (r >= 0 && (size_t)r + 1 < p.b &&
        is_possessive(&d->toks.items[r]))
        return 0; /* "the mayor's deputy" is not the mayor */
    if (r >= 0) {
        unsigned tags;
        size_t f;
        int role = role_phrase(d, (size_t)r, p.a, &tags, &f);
        if (tags & PX_ROLE_GROUP)
            return 0;
        char nat[8];
        nationality(d, p, f, nat);
        /* The most recent person with that role, among the last
         * ROLE_LOOKBACK people named with a role. */
        size_t stop = d->nroles > ROLE_LOOKBACK ? d->nroles - ROLE_LOOKBACK
                                                : 0;
        for (size_t k = d->nroles; k-- > stop;) {
            const role_mention *m = &d->roles[k];
            if (m->pos >= p.a)
                continue;
            int fits = m->role == role ||
                       ((tags & PX_ROLE_GENERIC) && (m->tags & PX_ROLE_HEAD));
            if (!fits)
                continue;
            if (nat[0] && memcmp(nat, m->nat, sizeof nat) != 0)
                continue;
            *entity = (long)m->entity;
            return 0;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Sieves
 * ------------------------------------------------------------------------ */

/* A speech-verb form used as a noun: after a determiner or a possessive
 * ("the report", "Editor's note", "his call"). */
static int verb_is_noun(const doc_state *d, size_t v)
{
    if (v == 0 || d->toks.items[v - 1].para != d->toks.items[v].para)
        return 0;
    const tok *t = &d->toks.items[v - 1];
    /* A plural possessive's mark makes no token: "Reyes’ comments". */
    const char *x = d->text + t->e;
    size_t gap = d->toks.items[v].s - t->e;
    int mark = (t->flags & T_WORD) &&
               ((gap >= 1 && x[0] == '\'') ||
                (gap >= 3 && memcmp(x, "\xE2\x80\x99", 3) == 0));
    return (t->flags & T_DET) || mark ||
           ((t->flags & T_WORD) && is_possessive(t));
}

/* A phrase without a name followed by an appositive that has one ("the
 * mayor's deputy, Tomas Reyes") takes it in: the name decides. */
static np with_appositive(const doc_state *d, np p, size_t hi)
{
    size_t na, nb;
    long r;
    if (!p.ok || (d->toks.items[p.a].flags & T_PRON))
        return p;
    name_part(d, p, &na, &nb, &r);
    if (nb > na || p.b >= hi || d->toks.items[p.b].punct != ',')
        return p;
    np q = np_right(d, p.b + 1, hi);
    if (!q.ok || (d->toks.items[q.a].flags & T_PRON))
        return p;
    name_part(d, q, &na, &nb, &r);
    if (nb == na)
        return p;
    if (q.b < hi && d->toks.items[q.b].punct != ',' &&
        !(d->toks.items[q.b].flags & T_END))
        return p;
    np out = {p.a, q.b, 1};
    return out;
}

typedef struct found {
    np who;
    size_t cue;
    int has_cue;
    const char *sieve;
} found;

/* Sentence-final punctuation ends a window. */
static int ends_sentence(const doc_state *d, size_t i)
{
    return (d->toks.items[i].flags & T_END) != 0;
}

static int is_preposition(const tok *t)
{
    return word_is(t, W_PREP);
}

static int is_participle(const doc_state *d, const tok *t)
{
    size_t n;
    const char *w = tok_folded(&d->toks, t, 32, &n);
    return n > 4 && memcmp(w + n - 3, "ing", 3) == 0;
}

/* Nonzero when quote qi's content ends with . ? or ! */
static int ends_in_stop(const doc_state *d, size_t qi)
{
    const px_quote *q = &d->quotes[qi];
    size_t e = q->content.end;
    while (e > q->content.start &&
           (d->text[e - 1] == ' ' || d->text[e - 1] == '\n'))
        e--;
    if (e == q->content.start)
        return 0;
    char c = d->text[e - 1];
    return c == '.' || c == '?' || c == '!';
}

/* The trailing sieve: ""...," Putin said", ""...," said Putin",
 * ""...," according to X", ""...," Sanders, a Vermont senator, said". */
static int sieve_trailing(const doc_state *d, size_t qi, found *f)
{
    size_t j = d->q_after[qi], n = d->toks.count;
    if (j >= n)
        return 0;
    size_t para = d->quotes[qi].last_para;
    if (d->toks.items[j].para != para || (d->toks.items[j].flags & T_INQ))
        return 0;
    int dash = 0;
    while (j < n && tok_ok(d, j, para) &&
           (d->toks.items[j].punct == ',' || d->toks.items[j].punct == '-')) {
        dash |= d->toks.items[j].punct == '-';
        j++;
    }
    if (j >= n || !tok_ok(d, j, para))
        return 0;
    size_t hi = j;
    while (hi < n && hi - j < WINDOW && tok_ok(d, hi, para) &&
           !ends_sentence(d, hi))
        hi++;
    const tok *t = &d->toks.items[j];
    if (t->flags & T_ACCORD) {
        if (j + 1 < hi) {
            np p = np_right(d, j + 2, hi);
            if (p.ok) {
                f->who = p;
                f->cue = j;
                f->has_cue = 1;
                f->sieve = "according";
                return 1;
            }
        }
        return 0;
    }
    if ((t->flags & T_VERB) && !is_participle(d, t)) {
        np p = with_appositive(d, np_right(d, j + 1, hi), hi);
        if (p.ok) {
            f->who = p;
            f->cue = j;
            f->has_cue = 1;
            f->sieve = "trailing";
            return 1;
        }
        return 0;
    }
    np p = np_right(d, j, hi);
    if (!p.ok)
        return 0;
    size_t k = p.b;
    /* Appositives and parentheses: ", the Armenian prime minister,",
     * "(R-Utah)", ", R-Ky.,". */
    for (int chunks = 0; chunks < 3 && k < hi; chunks++) {
        char open = d->toks.items[k].punct;
        if (open != ',' && open != '(')
            break;
        char close = open == '(' ? ')' : ',';
        size_t m = k + 1;
        while (m < hi && m - k < APPOS_MAX && d->toks.items[m].punct != close)
            m++;
        if (m >= hi || d->toks.items[m].punct != close) {
            /* "another friend, Mariam Emara told CNN": the name after the
             * comma runs into the verb. */
            np q = open == ',' ? np_right(d, k + 1, hi) : none_np(k);
            if (q.ok && q.b < hi && (d->toks.items[q.b].flags & T_VERB))
                k = q.b;
            break;
        }
        k = m + 1;
        /* ", the Republican attorney general of Oklahoma, one of the
         * states suing the EPA, said": the closing comma opens another. */
        if (close == ',' && k < hi &&
            !(d->toks.items[k].flags & (T_VERB | T_ADV)))
            k = m;
    }
    /* One prepositional phrase: "a narrator in the Clinton ad asks",
     * "Mr. Morgan of the Sierra Club said". */
    if (k < hi && is_preposition(&d->toks.items[k])) {
        np pp = np_right(d, k + 1, hi);
        if (pp.ok && !(d->toks.items[pp.a].flags & T_PRON))
            k = pp.b;
    }
    while (k < hi && (d->toks.items[k].flags & T_ADV) &&
           !(d->toks.items[k].flags & T_VERB))
        k++;
    if (k < hi && (d->toks.items[k].flags & T_VERB) &&
        !(d->toks.items[k].flags & T_ACCORD) && !verb_is_noun(d, k) &&
        (!ends_in_stop(d, qi) || !(d->toks.items[p.a].flags & T_CAP) ||
         k + 1 >= hi || d->toks.items[k + 1].punct == ',')) {
        /* After a quote that ended its sentence ("...region." The star
         * then recalled an incident), a name and a verb start a new
         * sentence unless the verb ends it ("...?" Trump asked.). */
        f->who = p;
        f->cue = k;
        f->has_cue = 1;
        f->sieve = "trailing";
        return 1;
    }
    /* ""...." - Pamela Padilla": a name after a dash, alone. */
    if (dash && k == hi && (d->toks.items[p.b - 1].flags & T_CAP)) {
        f->who = p;
        f->has_cue = 0;
        f->sieve = "dash";
        return 1;
    }
    return 0;
}

/* The window before quote qi: back to the sentence start, the previous
 * quote or the paragraph start. Returns its first token. */
static size_t window_before(const doc_state *d, size_t qi, size_t para)
{
    size_t j = d->q_first[qi];
    size_t lo = d->para_tok[para];
    size_t k = j;
    while (k > lo && j - k < WINDOW) {
        const tok *t = &d->toks.items[k - 1];
        if ((t->flags & T_INQ) || (t->flags & T_END))
            break;
        k--;
    }
    return k;
}


/* "... arrived on Monday and said: "..."": the verb shares the subject
 * of the sentence. */
static int after_conjunction(const doc_state *d, size_t v, size_t lo)
{
    if (v <= lo)
        return 0;
    return word_is(&d->toks.items[v - 1], W_AND | W_BUT);
}

/* The first token of the sentence holding token v, over quotes, within
 * WINDOW tokens. */
static size_t sentence_start(const doc_state *d, size_t v)
{
    size_t para = d->toks.items[v].para, k = v;
    while (k > 0 && v - k < WINDOW && d->toks.items[k - 1].para == para &&
           !(d->toks.items[k - 1].flags & T_END)) {
        /* A quote that ends in a full stop ends its sentence too. */
        const tok *t = &d->toks.items[k - 1];
        if ((t->flags & T_INQ) && !(d->toks.items[k].flags & T_INQ) &&
            (t->punct == '.' || t->punct == '?' || t->punct == '!'))
            break;
        k--;
    }
    return k;
}

/* Nonzero when token i is a lower-case word that looks like a finite
 * verb: a speech verb, an auxiliary ("is", "didn't", "may"), or a word in
 * -s or -ed ("makes", "used"). Adverbs in -ly before it are skipped
 * (*i moves past them). */
static int verb_like(const doc_state *d, size_t *i, size_t hi)
{
    size_t para = d->toks.items[*i].para;
    for (int adverbs = 0; *i < hi && tok_ok(d, *i, para); adverbs++) {
        const tok *t = &d->toks.items[*i];
        if (!(t->flags & T_WORD) || (t->flags & T_CAP))
            return 0;
        if (t->flags & (T_VERB | T_ADV))
            return 1;
        size_t n;
        const char *buf = tok_folded(&d->toks, t, 32, &n);
        if (n < 2)
            return 0;
        if (word_is(t, W_AUX) ||
            (n > 3 && memcmp(buf + n - 3, "n't", 3) == 0))
            return 1;
        if (adverbs < 2 && n > 3 && memcmp(buf + n - 2, "ly", 2) == 0) {
            (*i)++; /* "Ana Field quickly posted" */
            continue;
        }
        return !(t->flags & (T_FUNC | T_DET | T_PRON)) && n > 2 &&
               (buf[n - 1] == 's' || memcmp(buf + n - 2, "ed", 2) == 0);
    }
    return 0;
}

/* Nonzero when the subject q of a sentence is followed by its verb at
 * token i (below hi, the verb or colon that introduces the quote), over
 * an appositive or parenthesis: "The review used", "Ana Field may have
 * said", "Field, herself a sailor, wrote", "Sen. Omar Reyes (D-Ore.):",
 * "Transcript:". A prepositional phrase after a subject with a
 * determiner or of two words is taken on trust ("A note in the report
 * says"); "Thanks to", "Likewise, a paper" have no subject. */
static int verb_after(const doc_state *d, np q, size_t i, size_t hi)
{
    if (i >= hi)
        return 1;
    if (word_is(&d->toks.items[i], W_AND))
        return 1; /* "Harbour Radio and its host Ana Field have asked" */
    char open = d->toks.items[i].punct;
    if (open == ',' || open == '(') {
        char close = open == '(' ? ')' : ',';
        size_t k = i + 1;
        while (k < hi && k - i < APPOS_MAX && d->toks.items[k].punct != close)
            k++;
        if (k >= hi || d->toks.items[k].punct != close)
            return 0;
        i = k + 1;
    } else if (is_preposition(&d->toks.items[i])) {
        const tok *t0 = &d->toks.items[q.a];
        return (t0->flags & T_DET) || is_quantifier(t0) || q.b - q.a >= 2;
    }
    if (i >= hi)
        return 1;
    return verb_like(d, &i, hi);
}

/* Trims a sentence's opening phrase q (from np_right, below hi) to its
 * head and tells whether it can speak. The head is its last name, role or
 * noun for a text before any verb-like word ("The review used one" ->
 * "The review", "The county clerk refused"); an owner speaks through a
 * possession ("Field's answer was"; a text or role is part of the
 * mention: "Reyes's letter makes", "Field's campaign added"). A verb must
 * follow. A personal pronoun other than "it" can speak. */
static int subject_head(const doc_state *d, np *q, size_t hi)
{
    const tok *t0 = &d->toks.items[q->a];
    if (t0->flags & T_PRON)
        return q->b == q->a + 1 && !word_is(t0, W_IT);
    size_t k = q->a, last = q->a;
    int found = 0;
    if ((t0->flags & T_DET) || is_quantifier(t0))
        k++;
    for (; k < q->b; k++) {
        const tok *u = &d->toks.items[k];
        if ((u->flags & (T_CAP | T_ROLE | T_DOCN)) && !(u->flags & T_DET)) {
            last = k;
            found = 1;
            if (is_possessive(u))
                break;
            continue;
        }
        size_t at = k;
        if (found && verb_like(d, &at, q->b))
            break;
    }
    if (!found)
        return 0;
    size_t next = last + 1;
    if (is_possessive(&d->toks.items[last]) && next < hi &&
        tok_ok(d, next, d->toks.items[last].para) &&
        (d->toks.items[next].flags & T_WORD) &&
        !(d->toks.items[next].flags & (T_CAP | T_FUNC | T_DET | T_PRON))) {
        if (d->toks.items[next].flags & (T_DOCN | T_ROLE))
            last = next;
        next++;
    }
    q->b = last + 1;
    return verb_after(d, *q, next, hi);
}

/* The subject of the sentence starting at token s0 speaks a quote the
 * sentence introduces without a speech verb of its own: "The review took
 * one of her lines as its title: "..."". Nonzero when it can. */
static int sentence_subject(const doc_state *d, size_t s0, size_t hi,
                            found *f, const char *sieve)
{
    size_t para = d->toks.items[s0].para;
    if (s0 > d->para_tok[para] && !(d->toks.items[s0 - 1].flags & T_END))
        return 0; /* not after a quote: "... a "fair" deal - ..." */
    np q = np_right(d, s0, hi);
    if (!q.ok || q.a != s0 || !subject_head(d, &q, hi))
        return 0;
    f->who = q;
    f->has_cue = 0;
    f->sieve = sieve;
    return 1;
}

/* "went on to say:", "had this to say about the plan:": an infinitive
 * speech verb whose clause ends in a colon or comma before the quote
 * (not "rules vary from state to state"). */
static int infinitive_before_colon(const doc_state *d, size_t v, size_t lo,
                                   size_t hi)
{
    if (v <= lo || !word_is(&d->toks.items[v - 1], W_TO))
        return 0;
    if (v + 1 >= hi)
        return 1;
    if (d->toks.items[v + 1].punct == ',')
        return 1;
    for (size_t k = v + 1; k < hi; k++)
        if (d->toks.items[k].punct == ':')
            return 1;
    return 0;
}

static int leading_in(const doc_state *d, size_t lo, size_t hi, found *f,
                      const char *sieve)
{
    for (size_t v = hi; v-- > lo;) {
        const tok *t = &d->toks.items[v];
        if (!(t->flags & T_VERB) || (t->flags & (T_INQ | T_NOCUE)) ||
            verb_is_noun(d, v))
            continue;
        if (t->flags & T_ACCORD) {
            np p = np_right(d, v + 2, hi);
            if (p.ok) {
                f->who = p;
                f->cue = v;
                f->has_cue = 1;
                f->sieve = "according";
                return 1;
            }
            continue;
        }
        np p = subject_of(d, v, lo);
        if (!p.ok && (is_participle(d, t) || after_conjunction(d, v, lo) ||
                      infinitive_before_colon(d, v, lo, hi))) {
            /* "He then defended the remark, saying, "..."", "The memo
             * went on to say: "..."": the subject of the sentence speaks,
             * even across an earlier quote. */
            size_t s0 = sentence_start(d, v);
            /* "The vote is close, Field said, adding, "..."": the speaker
             * of the verb just before, over a comma and at most one
             * word. */
            for (size_t k = v - 1; k > s0 && k + 3 >= v && !p.ok; k--)
                if (d->toks.items[v - 1].punct == ',' &&
                    (d->toks.items[k - 1].flags & T_VERB) &&
                    !(d->toks.items[k - 1].flags & T_CAP) &&
                    !(d->toks.items[k - 1].flags & T_INQ) &&
                    !verb_is_noun(d, k - 1))
                    p = subject_of(d, k - 1, s0);
            np q = np_right(d, s0, v);
            if (!p.ok && q.ok && q.a == s0 && subject_head(d, &q, v))
                p = q;
        }
        if (!p.ok && !word_is(t, W_ADDRESS)) {
            /* "said Putin: "..."": the speaker after the verb (not after
             * "told" or "asked": that is who was spoken to) */
            np q = np_right(d, v + 1, hi);
            if (q.ok && !(d->toks.items[q.a].flags & T_PRON) &&
                (q.b == hi || d->toks.items[q.b].punct == ':' ||
                 d->toks.items[q.b].punct == ','))
                p = q;
        }
        if (p.ok) {
            f->who = p;
            f->cue = v;
            f->has_cue = 1;
            f->sieve = sieve;
            return 1;
        }
    }
    return 0;
}

/* The leading sieve: a speech verb before the quote in its sentence; for a
 * quote that opens its sentence after "... and said:", the sentence
 * before. */
static int sieve_leading(const doc_state *d, size_t qi, found *f)
{
    size_t para = d->quotes[qi].para;
    size_t j = d->q_first[qi];
    size_t lo = window_before(d, qi, para);
    if (leading_in(d, lo, j, f, "leading"))
        return 1;
    /* "Republican pollster Daron Shaw: "..."": a name and a colon. */
    if (j > lo && d->toks.items[j - 1].punct == ':') {
        np p = np_left(d, j - 1, lo);
        if (p.ok && (d->toks.items[p.b - 1].flags & (T_CAP | T_PRON))) {
            f->who = p;
            f->has_cue = 0;
            f->sieve = "colon";
            return 1;
        }
        /* "The review took her words as its title: "..."" */
        if (sentence_subject(d, lo, j - 1, f, "colon"))
            return 1;
    }
    /* Nothing but punctuation before the quote: look for a colon ending
     * the sentence or paragraph before. */
    size_t k = j;
    while (k > lo && !(d->toks.items[k - 1].flags & T_WORD))
        k--;
    if (k > lo)
        return 0;
    size_t c = j;
    while (c > 0 && c > lo && d->toks.items[c - 1].punct != ':')
        c--;
    if (c > 0 && c <= lo) {
        /* lo is the window start: the colon must be the token before it */
        if (lo == 0 || d->toks.items[lo - 1].punct != ':')
            return 0;
        c = lo;
    }
    if (c == 0)
        return 0;
    size_t cp = d->toks.items[c - 1].para;
    if (cp + 1 < para || d->toks.items[c - 1].flags & T_INQ)
        return 0;
    size_t start = c - 1;
    size_t plo = d->para_tok[cp];
    while (start > plo && c - 1 - start < WINDOW &&
           !(d->toks.items[start - 1].flags & (T_INQ | T_END)))
        start--;
    return leading_in(d, start, c - 1, f, "colon") ||
           sentence_subject(d, start, c - 1, f, "colon");
}

/* "Putin: talks were "constructive"": a headline opening with a name and
 * a colon. */
static int sieve_headline(const doc_state *d, size_t qi, found *f)
{
    size_t para = d->quotes[qi].para;
    if (!d->paras[para].headline)
        return 0;
    size_t lo = d->para_tok[para];
    size_t j = d->q_first[qi];
    for (size_t k = lo; k < j && k - lo < WINDOW; k++) {
        if (d->toks.items[k].punct == ':') {
            np p = np_left(d, k, lo);
            if (p.ok && p.a == lo) {
                f->who = p;
                f->has_cue = 0;
                f->sieve = "headline";
                return 1;
            }
            return 0;
        }
    }
    return 0;
}

/* Nonzero when paragraph `para` has a speech verb outside its quotes
 * (computed once per paragraph and kept in d->para_cue). */
static int para_has_cue(doc_state *d, size_t para)
{
    if (d->para_cue[para] == 0) {
        d->para_cue[para] = 1;
        for (size_t i = d->para_tok[para]; i < d->para_tok[para + 1]; i++)
            if ((d->toks.items[i].flags & T_VERB) &&
                !(d->toks.items[i].flags & T_INQ)) {
                d->para_cue[para] = 2;
                break;
            }
    }
    return d->para_cue[para] == 2;
}

/* ------------------------------------------------------------------------
 * Driver
 * ------------------------------------------------------------------------ */

static void set_found(const doc_state *d, px_attribution *a, const found *f)
{
    a->has_mention = 1;
    a->mention.start = d->toks.items[f->who.a].s;
    a->mention.end = d->toks.items[f->who.b - 1].e;
    /* A possessive ending is not part of the name: "Putin's" -> "Putin" */
    a->has_cue = f->has_cue;
    if (f->has_cue) {
        a->cue.start = d->toks.items[f->cue].s;
        a->cue.end = d->toks.items[f->cue].e;
    }
    a->sieve = f->sieve;
}

/* Nonzero when the verb at v follows a quote (over a comma or dash). */
static int after_quote(const doc_state *d, size_t v)
{
    size_t para = d->toks.items[v].para;
    while (v > 0 && d->toks.items[v - 1].para == para &&
           (d->toks.items[v - 1].punct == ',' ||
            d->toks.items[v - 1].punct == '-'))
        v--;
    return v > 0 && d->toks.items[v - 1].para == para &&
           (d->toks.items[v - 1].flags & T_INQ);
}

/* Resolves every speech verb's subject in order, so that pronouns find the
 * speakers before them. */
static int collect_speakers(doc_state *d)
{
    /* The tokens do not move here: where they are is read once, not
     * again after each call. */
    const tok *toks = d->toks.items;
    for (size_t c = 0; c < d->nverbs; c++) {
        size_t v = d->verbs[c];
        const tok *t = &toks[v];
        if (verb_is_noun(d, v))
            continue;
        size_t lo = d->para_tok[t->para];
        if (v - lo > WINDOW)
            lo = v - WINDOW;
        np p = subject_of(d, v, lo);
        if (!p.ok && after_quote(d, v)) /* ""...," said Nick Witney" */
            p = np_right(d, v + 1, d->toks.count);
        if (!p.ok)
            continue;
        long e;
        int rc = resolve(d, p, &e);
        if (rc)
            return rc;
        if (e >= 0 && push_event(&d->speakers, &d->nspeakers,
                                 &d->speakers_cap, p.a, (uint32_t)e) != 0)
            return PRECIS_ENOMEM;
    }
    return 0;
}

/* "went on", "shot back": token k and the next one form a speech verb
 * phrase of the lexicon; token k becomes the verb. */
static void mark_phrase_verb(doc_state *d, size_t k)
{
    tok *t = &d->toks.items[k];
    const tok *u = t + 1;
    if (u->para != t->para || ((t->flags ^ u->flags) & T_INQ) ||
        !(u->flags & T_WORD))
        return;
    /* Both words and the space between them in 63 bytes at most. */
    char buf[64];
    size_t n, m;
    const char *w = tok_folded(&d->toks, t, sizeof buf - 1, &n);
    if (!n)
        return;
    memcpy(buf, w, n);
    buf[n++] = ' ';
    w = tok_folded(&d->toks, u, sizeof buf - n, &m);
    if (!m)
        return;
    memcpy(buf + n, w, m);
    if (px_lex_is_speech_verb(buf, n + m))
        t->flags |= T_VERB;
}

/* The flags of the tokens that may open a phrase (np_word): the
 * entities' pass looks at these only. */
#define NAME_FLAGS (T_ROLE | T_MOD | T_CAP | T_ALLCAPS)

/* Whether the entities' pass looks at a token with these final flags. */
static int is_name_candidate(unsigned flags)
{
    return (flags & NAME_FLAGS) && !(flags & T_INQ);
}

/* Whether the speakers' pass looks at a token with these final flags. */
static int is_verb_candidate(unsigned flags)
{
    return (flags & (T_VERB | T_ACCORD | T_INQ)) == T_VERB;
}

/* The first index in [lo, hi) of a token of toks (in order of their
 * starts) that starts at or after `at`; hi when there is none. */
static size_t first_tok_from(const tok *toks, size_t lo, size_t hi,
                             size_t at)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (toks[mid].s < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int build_tokens(doc_state *d)
{
    /* The paragraphs' and quotes' first tokens and the paragraphs' cue
     * marks in one allocation (freed through para_tok): each of them
     * alone cost a call to malloc and one to free per document. */
    size_t npara = d->npara, nq = d->nq;
    if (npara >= SIZE_MAX / 16 || nq >= SIZE_MAX / 32)
        return PRECIS_ENOMEM;
    size_t nidx = (npara + 1) + 2 * (nq + 1);
    void *block = d->para_tok;
    if (px_grow(&block, &d->index_cap, nidx * sizeof(size_t) + npara + 1,
                1))
        return PRECIS_ENOMEM;
    size_t *idx = block;
    d->para_tok = idx;
    d->q_first = idx + npara + 1;
    d->q_after = d->q_first + nq + 1;
    d->para_cue = (unsigned char *)(idx + nidx);
    memset(d->para_cue, 0, npara + 1);
    /* News runs at about one token per five bytes: room for one per four
     * at once saves copying the array as it doubles. Up to a page's worth
     * of tokens: a huge input (or one giant word) grows as it goes. */
    size_t bytes = 0, copies = 0;
    for (size_t pi = 0; pi < d->npara; pi++) {
        size_t n = d->paras[pi].span.end - d->paras[pi].span.start;
        bytes += n;
        copies += para_copy_size(n);
    }
    size_t guess = bytes / 4 < TOKENS_RESERVED ? bytes / 4 : TOKENS_RESERVED;
    void *items = d->toks.items;
    if (px_grow(&items, &d->toks.cap, guess + 1, sizeof *d->toks.items))
        return PRECIS_ENOMEM;
    d->toks.items = items;
    /* The paragraphs' copies in one allocation, made at once. */
    void *copy = d->toks.text;
    if (px_grow(&copy, &d->toks.text_cap, copies, 1))
        return PRECIS_ENOMEM;
    d->toks.text = copy;
    for (size_t pi = 0; pi < d->npara; pi++) {
        d->para_tok[pi] = d->toks.count;
        int rc = tokenize_para(d->text, &d->paras[pi], pi, &d->toks);
        if (rc)
            return rc;
    }
    d->para_tok[d->npara] = d->toks.count;
    /* Quote membership, sentence ends and verb phrases, in one walk, on
     * copies of the fields that the stores into tokens would otherwise
     * make the compiler read again for every token; and the lists of
     * tokens the later passes look at. */
    tok *toks = d->toks.items;
    size_t count = d->toks.count, q = 0;
    /* Both lists in one block (freed through names). */
    if (count >= SIZE_MAX / 16)
        return PRECIS_ENOMEM;
    void *lists = d->names;
    if (px_grow(&lists, &d->lists_cap, 2 * (count + 1) * sizeof(size_t), 1))
        return PRECIS_ENOMEM;
    size_t *names = lists;
    size_t *verbs = names + count + 1;
    d->names = names;
    d->verbs = verbs;
    /* Each token is listed once its flags are final: the one before, at
     * each step (once its verb phrase is known); the last, after. */
    size_t nnames = 0, nverbs = 0;
    const px_quote *quotes = d->quotes;
    /* The bounds of quote q's content; past the last quote, bounds no
     * token reaches. */
    size_t qs = nq ? quotes[0].content.start : SIZE_MAX;
    size_t qe = nq ? quotes[0].content.end : SIZE_MAX;
    /* The final flags of the token before, kept here: they are read
     * again at each step. */
    unsigned prev = 0;
    for (size_t i = 0; i < count; i++) {
        tok *t = &toks[i];
        unsigned flags = t->flags;
        while (qe <= t->s) {
            q++;
            qs = q < nq ? quotes[q].content.start : SIZE_MAX;
            qe = q < nq ? quotes[q].content.end : SIZE_MAX;
        }
        if (t->s >= qs && t->e <= qe)
            flags |= T_INQ;
        /* The token before is complete now that this one's quote is
         * known; the verb it may become takes no part in this walk. */
        if (prev & T_PHRASE) {
            t->flags = flags;
            mark_phrase_verb(d, i - 1);
            prev = t[-1].flags;
        }
        if (prev & (NAME_FLAGS | T_VERB)) {
            if (is_name_candidate(prev))
                names[nnames++] = i - 1;
            if (is_verb_candidate(prev))
                verbs[nverbs++] = i - 1;
        }
        /* A capitalised speech verb after a word is part of a name ("the
         * United States", "the State University"), except in headlines:
         * no cue before a quote. */
        if ((flags & (T_VERB | T_CAP)) == (T_VERB | T_CAP) &&
            !(flags & T_ALLCAPS) && !d->paras[t->para].headline && i > 0 &&
            t[-1].para == t->para && (prev & T_WORD) &&
            ((prev ^ flags) & T_INQ) == 0)
            flags |= T_NOCUE;
        if ((flags & (T_STOP | T_INQ)) == T_STOP) {
            /* "R-Ky., said" and "(D-Md.)" do not end a sentence. */
            const tok *nx = i + 1 < count ? t + 1 : NULL;
            if (!nx || nx->para != t->para ||
                (nx->punct != ',' && nx->punct != ')' && nx->punct != ';'))
                flags |= T_END;
        }
        t->flags = flags;
        prev = flags;
    }
    if (count > 0) {
        if (is_name_candidate(prev))
            names[nnames++] = count - 1;
        if (is_verb_candidate(prev))
            verbs[nverbs++] = count - 1;
    }
    d->nnames = nnames;
    d->nverbs = nverbs;
    /* Token starts rise: each bound is a binary search, where a walk
     * from one quote to the next read most of the document's tokens. */
    size_t i = 0;
    for (q = 0; q < nq; q++) {
        i = first_tok_from(toks, i, count, quotes[q].open);
        d->q_first[q] = i;
        d->q_after[q] = first_tok_from(toks, i, count, quotes[q].close);
    }
    return 0;
}

/* Hands the document's buffers back to `scratch` (para_tok's block
 * holds para_cue, q_first and q_after too; names' holds verbs). */
static void doc_clear(doc_state *d, px_attr_scratch *scratch)
{
    px_keep(&scratch->tokens, &scratch->tokens_cap, d->toks.items,
                d->toks.cap, d->toks.cap * sizeof *d->toks.items);
    px_keep((void **)&scratch->text, &scratch->text_cap, d->toks.text,
                d->toks.text_cap, d->toks.text_cap);
    px_keep(&scratch->blocks, &scratch->blocks_cap, d->toks.blocks,
                d->toks.blocks_cap,
                d->toks.blocks_cap * sizeof *d->toks.blocks);
    px_keep(&scratch->index, &scratch->index_cap, d->para_tok,
                d->index_cap, d->index_cap);
    px_keep(&scratch->lists, &scratch->lists_cap, d->names,
                d->lists_cap, d->lists_cap);
    px_keep(&scratch->roles, &scratch->roles_cap, d->roles,
                d->roles_cap, d->roles_cap * sizeof *d->roles);
    px_keep(&scratch->persons, &scratch->persons_cap, d->persons,
                d->persons_cap, d->persons_cap * sizeof *d->persons);
    px_keep(&scratch->speakers, &scratch->speakers_cap, d->speakers,
                d->speakers_cap, d->speakers_cap * sizeof *d->speakers);
    px_keep(&scratch->subjects, &scratch->subjects_cap, d->subjects,
                d->subjects_cap, d->subjects_cap * sizeof *d->subjects);
}

/* Starts the document in `scratch`'s buffers (their room only). */
static void doc_borrow(doc_state *d, const px_attr_scratch *scratch)
{
    d->toks.items = scratch->tokens;
    d->toks.cap = scratch->tokens_cap;
    d->toks.text = scratch->text;
    d->toks.text_cap = scratch->text_cap;
    d->toks.blocks = scratch->blocks;
    d->toks.blocks_cap = scratch->blocks_cap;
    d->para_tok = scratch->index;
    d->index_cap = scratch->index_cap;
    d->names = scratch->lists;
    d->lists_cap = scratch->lists_cap;
    d->roles = scratch->roles;
    d->roles_cap = scratch->roles_cap;
    d->persons = scratch->persons;
    d->persons_cap = scratch->persons_cap;
    d->speakers = scratch->speakers;
    d->speakers_cap = scratch->speakers_cap;
    d->subjects = scratch->subjects;
    d->subjects_cap = scratch->subjects_cap;
}

void px_attr_scratch_free(px_attr_scratch *s)
{
    if (!s)
        return;
    px_free(s->tokens);
    px_free(s->text);
    px_free(s->blocks);
    px_free(s->index);
    px_free(s->lists);
    px_free(s->roles);
    px_free(s->persons);
    px_free(s->speakers);
    px_free(s->subjects);
    memset(s, 0, sizeof *s);
}

int px_attribute(const char *text, const px_para *paras, size_t npara,
                 const px_quote *quotes, size_t nq, px_entities *ents,
                 px_attr_scratch *scratch, px_attribution *out)
{
    int ready = words_ensure();
    if (ready)
        return ready;
    doc_state d;
    memset(&d, 0, sizeof d);
    d.text = text;
    d.paras = paras;
    d.npara = npara;
    d.quotes = quotes;
    d.nq = nq;
    d.ents = ents;
    /* Without a workspace's buffers, the document's own, freed when it
     * is done. */
    px_attr_scratch own;
    memset(&own, 0, sizeof own);
    px_attr_scratch *lent = scratch ? scratch : &own;
    doc_borrow(&d, lent);
    for (size_t q = 0; q < nq; q++) {
        memset(&out[q], 0, sizeof out[q]);
        out[q].entity = -1;
        out[q].sieve = "none";
    }
    int rc = build_tokens(&d);
    if (!rc)
        rc = collect_entities(&d);
    if (!rc)
        rc = collect_speakers(&d);
    if (rc) {
        doc_clear(&d, lent);
        px_attr_scratch_free(&own);
        return rc;
    }
    for (size_t q = 0; q < nq; q++) {
        found f;
        memset(&f, 0, sizeof f);
        /* In a headline a speech verb ("Sanders declares "revolution"")
         * goes before the "Name:" form ("The Latest: ..."). */
        int head = paras[quotes[q].para].headline;
        if ((head && sieve_leading(&d, q, &f)) || sieve_headline(&d, q, &f) ||
            sieve_trailing(&d, q, &f) || (!head && sieve_leading(&d, q, &f))) {
            set_found(&d, &out[q], &f);
            rc = resolve(&d, f.who, &out[q].entity);
            if (rc)
                break;
        }
    }
    /* Quotes of a paragraph with an attributed quote share its speaker:
     * the one before, else the one after ("They discussed "A" and made
     * "B", Putin said."). */
    for (size_t q = 1; q < nq && !rc; q++)
        if (!out[q].has_mention && quotes[q - 1].last_para == quotes[q].para &&
            out[q - 1].has_mention) {
            out[q] = out[q - 1];
            out[q].sieve = "paragraph";
        }
    for (size_t q = nq; q-- > 1 && !rc;)
        if (!out[q - 1].has_mention &&
            quotes[q].para == quotes[q - 1].last_para && out[q].has_mention) {
            out[q - 1] = out[q];
            out[q - 1].sieve = "paragraph";
        }
    /* A quote-only paragraph continues the paragraph before it. */
    for (size_t q = 1; q < nq && !rc; q++) {
        size_t para = quotes[q].para;
        if (out[q].has_mention || d.q_first[q] != d.para_tok[para] ||
            paras[para].headline || quotes[q - 1].last_para + 1 != para ||
            !out[q - 1].has_mention || para_has_cue(&d, para))
            continue;
        out[q] = out[q - 1];
        out[q].sieve = "continuation";
    }
    doc_clear(&d, lent);
    px_attr_scratch_free(&own);
    return rc;
}
