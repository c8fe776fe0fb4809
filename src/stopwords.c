/* stopwords.c: parsing stopword lists into a set of case-folded words.
 *
 * A list is UTF-8 text, one word per line; '#' starts a comment that runs
 * to the end of the line; blank lines and white space around a word are
 * ignored. Words are folded the way the tokenizer folds tokens (Unicode
 * simple case folding, typographic apostrophes to '), so a list may spell
 * "Don’t" and still match the token "don't". The built-in lists come from
 * stopwords/ through the generated px_stopwords_builtin. */
#include "stopwords.h"

#include "alloc.h"
#include "precis.h"
#include "strmap.h"
#include "utf8.h"

struct px_stopwords {
    px_strmap *words;
};

void px_stopwords_free(px_stopwords *set)
{
    if (!set)
        return;
    px_strmap_free(set->words);
    px_free(set);
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\v' ||
           cp == '\f' || px_unicode_is_space(cp);
}

/* U+2019 (right single quotation mark) is how most editors and web pages
 * write an apostrophe; U+02BC (modifier letter apostrophe) and U+2018 turn
 * up in pasted text. The tokenizer maps them all to '. */
static uint32_t fold(uint32_t cp)
{
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)
        return '\'';
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + ('a' - 'A') : cp;
    return px_unicode_fold(cp);
}

/* Scratch for one folded word. */
typedef struct word_buf {
    char *data;
    size_t len;
    size_t cap;
} word_buf;

/* Folds line[0..len) (already trimmed, valid UTF-8) into buf. */
static int fold_word(const char *line, size_t len, word_buf *buf)
{
    buf->len = 0;
    size_t at = 0;
    while (at < len) {
        uint32_t cp;
        at += px_utf8_decode(line + at, len - at, &cp);
        void *data = buf->data;
        /* A folded code point takes at most 4 bytes. */
        if (px_grow(&data, &buf->cap, buf->len + 4, 1))
            return PRECIS_ENOMEM;
        buf->data = data;
        buf->len += px_utf8_encode(fold(cp), buf->data + buf->len);
    }
    return PRECIS_OK;
}

/* Trims white space from both ends of line[0..*len); returns the start. */
static const char *trim(const char *line, size_t *len)
{
    size_t start = 0, end = 0, at = 0;
    int seen = 0;
    while (at < *len) {
        uint32_t cp;
        size_t n = px_utf8_decode(line + at, *len - at, &cp);
        if (!is_space(cp)) {
            if (!seen)
                start = at;
            seen = 1;
            end = at + n;
        }
        at += n;
    }
    *len = seen ? end - start : 0;
    return line + start;
}

static int add_line(px_strmap *words, const char *line, size_t len,
                    word_buf *buf)
{
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '#') {
            len = i;
            break;
        }
    }
    const char *word = trim(line, &len);
    if (len == 0)
        return PRECIS_OK;
    int rc = fold_word(word, len, buf);
    if (rc)
        return rc;
    return px_strmap_intern(words, buf->data, buf->len, NULL, NULL);
}

int px_stopwords_parse(const char *text, size_t len, px_stopwords **out)
{
    if (!out || (!text && len))
        return PRECIS_EINVAL;
    *out = NULL;
    if (len && px_utf8_validate(text, len) != len)
        return PRECIS_EUTF8;
    /* A byte order mark is not part of the first word. */
    if (len >= 3 && (unsigned char)text[0] == 0xEF &&
        (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF) {
        text += 3;
        len -= 3;
    }
    px_stopwords *set = px_calloc(1, sizeof *set);
    if (!set)
        return PRECIS_ENOMEM;
    int rc = px_strmap_new(&set->words);
    word_buf buf = {NULL, 0, 0};
    size_t line = 0;
    while (rc == PRECIS_OK && line < len) {
        size_t end = line;
        while (end < len && text[end] != '\n')
            end++;
        rc = add_line(set->words, text + line, end - line, &buf);
        line = end + 1;
    }
    px_free(buf.data);
    if (rc) {
        px_stopwords_free(set);
        return rc;
    }
    *out = set;
    return PRECIS_OK;
}

int px_stopwords_has(const px_stopwords *set, const char *word, size_t len)
{
    if (!set || (!word && len))
        return 0;
    return px_strmap_find(set->words, word, len, NULL);
}

size_t px_stopwords_count(const px_stopwords *set)
{
    return set ? px_strmap_size(set->words) : 0;
}

const char *px_stopwords_word(const px_stopwords *set, size_t i,
                              size_t *len)
{
    return px_strmap_key(set->words, (uint32_t)i, len);
}
