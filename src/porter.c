/* porter.c: the Porter stemmer of ROUGE-1.5.5 (see porter.h).
 *
 * Porter's conditions are about the measure m of a stem, the number of
 * vowel-run/consonant-run pairs in [C](VC)^m[V]. The letters a e i o u
 * are vowels; "y" is a vowel after a consonant and a consonant after a
 * vowel; every other byte (digits included) is a consonant. A word-initial
 * "y" is always a consonant: it is upper-cased to "Y" while the rules run,
 * as the reference implementation does, so that no suffix rule sees it. */
#include "porter.h"

#include <string.h>

static int is_aeiou(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* The measure m of w[0..len): counted in one pass, keeping whether the
 * previous byte was a consonant so that "y" can be classed. */
static size_t measure(const char *w, size_t len)
{
    size_t m = 0, i;
    int prev_cons = 1, in_vowels = 0;

    for (i = 0; i < len; i++) {
        int cons;

        if (is_aeiou(w[i]))
            cons = 0;
        else if (w[i] == 'y')
            cons = i == 0 ? 1 : !prev_cons;
        else
            cons = 1;
        if (!cons)
            in_vowels = 1;
        else if (in_vowels) {
            m++;
            in_vowels = 0;
        }
        prev_cons = cons;
    }
    return m;
}

/* Whether w[0..len) holds a vowel (by the rule above). */
static int has_vowel(const char *w, size_t len)
{
    size_t i;
    int prev_cons = 1;

    for (i = 0; i < len; i++) {
        int cons;

        if (is_aeiou(w[i]))
            return 1;
        cons = w[i] == 'y' ? (i == 0 ? 1 : !prev_cons) : 1;
        if (!cons)
            return 1;
        prev_cons = cons;
    }
    return 0;
}

/* The whole of w[0..len) is a consonant run, one vowel and a final
 * consonant other than w, x or y ("hop", "strip"; not "hoop", "box"). */
static int short_cvc(const char *w, size_t len)
{
    size_t i;

    if (len < 3 || is_aeiou(w[0]))
        return 0;
    for (i = 1; i + 2 < len; i++)
        if (is_aeiou(w[i]) || w[i] == 'y')
            return 0;
    if (!is_aeiou(w[len - 2]) && w[len - 2] != 'y')
        return 0;
    return !is_aeiou(w[len - 1]) && !strchr("wxy", w[len - 1]);
}

static int ends_with(const char *w, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);

    return n <= len && memcmp(w + len - n, suffix, n) == 0;
}

/* Replaces the last `cut` bytes of w[0..*len) with `with`. */
static void replace_end(char *w, size_t *len, size_t cut, const char *with)
{
    size_t n = strlen(with);

    memcpy(w + *len - cut, with, n);
    *len = *len - cut + n;
}

typedef struct rule {
    const char *suffix;
    const char *replacement;
} rule;

static const rule step2_rules[] = {
    {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"},
    {"anci", "ance"},   {"izer", "ize"},    {"bli", "ble"},
    {"alli", "al"},     {"entli", "ent"},   {"eli", "e"},
    {"ousli", "ous"},   {"ization", "ize"}, {"ation", "ate"},
    {"ator", "ate"},    {"alism", "al"},    {"iveness", "ive"},
    {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"},
    {"iviti", "ive"},   {"biliti", "ble"},  {"logi", "log"},
};

static const rule step3_rules[] = {
    {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"},
    {"ical", "ic"},  {"ful", ""},   {"ness", ""},
};

static const rule step4_rules[] = {
    {"al", ""},  {"ance", ""}, {"ence", ""}, {"er", ""},   {"ic", ""},
    {"able", ""}, {"ible", ""}, {"ant", ""},  {"ement", ""}, {"ou", ""},
    {"ism", ""}, {"ate", ""},  {"iti", ""},  {"ous", ""},  {"ive", ""},
    {"ize", ""},
};

/* The longest suffix of the table that w ends with, or NULL: only that
 * one is tried, even when its condition then fails. */
static const rule *longest_rule(const char *w, size_t len, const rule *rules,
                                size_t count)
{
    const rule *best = NULL;
    size_t i;

    for (i = 0; i < count; i++)
        if (ends_with(w, len, rules[i].suffix) &&
            (!best || strlen(rules[i].suffix) > strlen(best->suffix)))
            best = &rules[i];
    return best;
}

/* Applies the longest matching rule when the stem before it has m > min. */
static void apply_rules(char *w, size_t *len, const rule *rules,
                        size_t count, size_t min)
{
    const rule *r = longest_rule(w, *len, rules, count);
    size_t cut;

    if (!r)
        return;
    cut = strlen(r->suffix);
    if (measure(w, *len - cut) > min)
        replace_end(w, len, cut, r->replacement);
}

static void step1(char *w, size_t *len)
{
    size_t cut = 0;

    if (ends_with(w, *len, "sses") || ends_with(w, *len, "ies"))
        *len -= 2;
    else if (ends_with(w, *len, "s") && *len >= 2 && w[*len - 2] != 's')
        *len -= 1;

    if (ends_with(w, *len, "eed")) {
        if (measure(w, *len - 3) > 0)
            *len -= 1;
    } else {
        if (ends_with(w, *len, "ed"))
            cut = 2;
        else if (ends_with(w, *len, "ing"))
            cut = 3;
        if (cut && has_vowel(w, *len - cut)) {
            *len -= cut;
            if (ends_with(w, *len, "at") || ends_with(w, *len, "bl") ||
                ends_with(w, *len, "iz"))
                replace_end(w, len, 0, "e");
            else if (*len >= 2 && w[*len - 1] == w[*len - 2] &&
                     !strchr("aeiouylsz", w[*len - 1]))
                *len -= 1;
            else if (short_cvc(w, *len))
                replace_end(w, len, 0, "e");
        }
    }

    if (ends_with(w, *len, "y") && has_vowel(w, *len - 1))
        w[*len - 1] = 'i';
}

static void step4(char *w, size_t *len)
{
    apply_rules(w, len, step4_rules, sizeof step4_rules / sizeof *step4_rules,
                1);
    if (ends_with(w, *len, "ment") && measure(w, *len - 4) > 1)
        *len -= 4;
    if (ends_with(w, *len, "ent")) {
        if (measure(w, *len - 3) > 1)
            *len -= 3;
    } else if ((ends_with(w, *len, "sion") || ends_with(w, *len, "tion")) &&
               measure(w, *len - 3) > 1) {
        *len -= 3;
    }
}

static void step5(char *w, size_t *len)
{
    if (ends_with(w, *len, "e")) {
        size_t m = measure(w, *len - 1);

        if (m > 1 || (m == 1 && !short_cvc(w, *len - 1)))
            *len -= 1;
    }
    if (ends_with(w, *len, "ll") && measure(w, *len) > 1)
        *len -= 1;
}

size_t px_porter_stem(char *word, size_t len)
{
    int initial_y;

    if (len < 3)
        return len;
    initial_y = word[0] == 'y';
    if (initial_y)
        word[0] = 'Y';
    step1(word, &len);
    apply_rules(word, &len, step2_rules,
                sizeof step2_rules / sizeof *step2_rules, 0);
    apply_rules(word, &len, step3_rules,
                sizeof step3_rules / sizeof *step3_rules, 0);
    step4(word, &len);
    step5(word, &len);
    if (initial_y)
        word[0] = 'y';
    return len;
}
