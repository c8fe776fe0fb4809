/* jsonl.c: a small strict reader for the JSON Lines precis reads on
 * standard input with --stdin-jsonl: one object per line with an "id"
 * (a string or a number, echoed back as written) and a "text" (a string);
 * other members are checked and ignored.
 *
 * Strict means what RFC 8259 says: strings are valid UTF-8 without raw
 * control characters, escapes are the eight short ones or \uXXXX (a high
 * surrogate only with its low one), numbers have JSON's shape, and nothing
 * but white space follows the object. Nested values are skipped with a
 * counter, not recursion; they may nest CLI_JSONL_MAX_DEPTH deep. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cli.h"

#define CLI_JSONL_MAX_DEPTH 64

typedef struct reader {
    const unsigned char *s;
    size_t len, pos;
    const char *error;
    size_t error_pos; /* where the reader stood when it failed */
} reader;

static int fail(reader *r, const char *error)
{
    if (!r->error) {
        r->error = error;
        r->error_pos = r->pos;
    }
    return -1;
}

static void skip_space(reader *r)
{
    while (r->pos < r->len && (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' ||
                               r->s[r->pos] == '\r' || r->s[r->pos] == '\n'))
        r->pos++;
}

static int expect(reader *r, unsigned char c, const char *error)
{
    skip_space(r);
    if (r->pos >= r->len || r->s[r->pos] != c)
        return fail(r, error);
    r->pos++;
    return 0;
}

/* The length of the UTF-8 sequence at s (at most n bytes), or 0 when it
 * is not a valid one (overlong forms, surrogates and values past U+10FFFF
 * are not). */
static size_t utf8_length(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k, need;
    unsigned long cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 3, cp = c & 0x07;
    else
        return 0;
    if (n < need + 1)
        return 0;
    for (k = 1; k <= need; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    return need + 1;
}

static int hex4(reader *r, unsigned long *v)
{
    size_t k;

    *v = 0;
    if (r->len - r->pos < 4)
        return fail(r, "truncated \\u escape");
    for (k = 0; k < 4; k++) {
        unsigned char c = r->s[r->pos++];
        unsigned d;

        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return fail(r, "bad \\u escape");
        *v = (*v << 4) | d;
    }
    return 0;
}

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* \uXXXX (the "\u" already read), with its low surrogate when it is a
 * high one. */
static int unicode_escape(reader *r, unsigned long *cp)
{
    unsigned long lo;

    if (hex4(r, cp) != 0)
        return -1;
    if (*cp >= 0xDC00 && *cp <= 0xDFFF)
        return fail(r, "lone low surrogate in \\u escape");
    if (*cp < 0xD800 || *cp > 0xDBFF)
        return 0;
    if (r->len - r->pos < 2 || r->s[r->pos] != '\\' ||
        r->s[r->pos + 1] != 'u')
        return fail(r, "high surrogate without its low surrogate");
    r->pos += 2;
    if (hex4(r, &lo) != 0)
        return -1;
    if (lo < 0xDC00 || lo > 0xDFFF)
        return fail(r, "high surrogate without its low surrogate");
    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
    return 0;
}

static int short_escape(unsigned char c, char *out)
{
    static const char from[] = "\"\\/bfnrt";
    static const char to[] = "\"\\/\b\f\n\r\t";
    const char *p = c ? strchr(from, c) : NULL;

    if (!p)
        return -1;
    *out = to[p - from];
    return 0;
}

/* A string at r->pos (its opening quote). With `out`, its decoded bytes
 * are written there (the caller gives at least the raw length) and their
 * count put in *out_len; without, it is only checked. */
static int read_string(reader *r, char *out, size_t *out_len)
{
    size_t o = 0;

    if (expect(r, '"', "expected a string") != 0)
        return -1;
    for (;;) {
        unsigned char c;
        size_t n;

        if (r->pos >= r->len)
            return fail(r, "unterminated string");
        c = r->s[r->pos];
        if (c == '"') {
            r->pos++;
            break;
        }
        if (c < 0x20)
            return fail(r, "control character in a string");
        if (c == '\\') {
            unsigned long cp;
            char e;

            if (++r->pos >= r->len)
                return fail(r, "unterminated string");
            c = r->s[r->pos++];
            if (c == 'u') {
                if (unicode_escape(r, &cp) != 0)
                    return -1;
                o += out ? put_utf8(out + o, cp) : 0;
            } else if (short_escape(c, &e) == 0) {
                if (out)
                    out[o++] = e;
            } else {
                return fail(r, "bad escape in a string");
            }
            continue;
        }
        n = utf8_length(r->s + r->pos, r->len - r->pos);
        if (n == 0)
            return fail(r, "invalid UTF-8 in a string");
        if (out)
            memcpy(out + o, r->s + r->pos, n);
        o += out ? n : 0;
        r->pos += n;
    }
    if (out_len)
        *out_len = o;
    return 0;
}

static int is_digit(const reader *r)
{
    return r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9';
}

static int read_number(reader *r)
{
    skip_space(r);
    if (r->pos < r->len && r->s[r->pos] == '-')
        r->pos++;
    if (!is_digit(r))
        return fail(r, "bad number");
    if (r->s[r->pos++] != '0')
        while (is_digit(r))
            r->pos++;
    if (r->pos < r->len && r->s[r->pos] == '.') {
        r->pos++;
        if (!is_digit(r))
            return fail(r, "bad number");
        while (is_digit(r))
            r->pos++;
    }
    if (r->pos < r->len && (r->s[r->pos] == 'e' || r->s[r->pos] == 'E')) {
        r->pos++;
        if (r->pos < r->len && (r->s[r->pos] == '+' || r->s[r->pos] == '-'))
            r->pos++;
        if (!is_digit(r))
            return fail(r, "bad number");
        while (is_digit(r))
            r->pos++;
    }
    return 0;
}

static int read_word(reader *r, const char *word)
{
    size_t n = strlen(word);

    if (r->len - r->pos < n || memcmp(r->s + r->pos, word, n) != 0)
        return fail(r, "unexpected character");
    r->pos += n;
    return 0;
}

/* A scalar: string, number, true, false or null. */
static int read_scalar(reader *r)
{
    unsigned char c;

    skip_space(r);
    if (r->pos >= r->len)
        return fail(r, "missing value");
    c = r->s[r->pos];
    if (c == '"')
        return read_string(r, NULL, NULL);
    if (c == 't')
        return read_word(r, "true");
    if (c == 'f')
        return read_word(r, "false");
    if (c == 'n')
        return read_word(r, "null");
    return read_number(r);
}

/* After a value inside a container: ',' (and a key in an object) or the
 * container's end. Returns 1 when the container ended, 0 for another
 * item, -1 on an error. */
static int after_item(reader *r, const char *stack, size_t depth)
{
    char close = stack[depth - 1] == '{' ? '}' : ']';

    skip_space(r);
    if (r->pos < r->len && r->s[r->pos] == (unsigned char)close) {
        r->pos++;
        return 1;
    }
    if (expect(r, ',', "expected ',' or the end of a container") != 0)
        return -1;
    if (stack[depth - 1] == '{' &&
        (read_string(r, NULL, NULL) != 0 ||
         expect(r, ':', "expected ':'") != 0))
        return -1;
    return 0;
}

/* Opens a container at r->pos; returns 1 when it is empty (and closed),
 * 0 when an item follows, -1 on an error. */
static int open_container(reader *r, char *stack, size_t *depth)
{
    unsigned char open = r->s[r->pos++];
    unsigned char close = open == '{' ? '}' : ']';

    if (*depth == CLI_JSONL_MAX_DEPTH)
        return fail(r, "nested too deep");
    skip_space(r);
    if (r->pos < r->len && r->s[r->pos] == close) {
        r->pos++;
        return 1;
    }
    stack[(*depth)++] = (char)open;
    if (open == '{' && (read_string(r, NULL, NULL) != 0 ||
                        expect(r, ':', "expected ':'") != 0))
        return -1;
    return 0;
}

/* Any value, containers included, checked and skipped. */
static int skip_value(reader *r)
{
    char stack[CLI_JSONL_MAX_DEPTH];
    size_t depth = 0;

    for (;;) {
        int ended = 0;

        skip_space(r);
        if (r->pos < r->len && (r->s[r->pos] == '{' || r->s[r->pos] == '[')) {
            ended = open_container(r, stack, &depth);
            if (ended < 0)
                return -1;
        } else if (read_scalar(r) != 0) {
            return -1;
        } else {
            ended = 1;
        }
        /* Close every container the value just ended. */
        while (ended == 1 && depth > 0) {
            ended = after_item(r, stack, depth);
            if (ended < 0)
                return -1;
            if (ended == 1)
                depth--;
        }
        if (depth == 0 && ended == 1)
            return 0;
    }
}

static int read_id(reader *r, cli_jsonl_line *out)
{
    size_t start;

    skip_space(r);
    start = r->pos;
    if (out->id)
        return fail(r, "\"id\" given twice");
    if (r->pos < r->len && r->s[r->pos] == '"') {
        if (read_string(r, NULL, NULL) != 0)
            return -1;
    } else if (read_number(r) != 0) {
        return fail(r, "\"id\" is not a string or a number");
    }
    out->id_len = r->pos - start;
    out->id = cli_xmalloc(out->id_len + 1);
    memcpy(out->id, r->s + start, out->id_len);
    out->id[out->id_len] = '\0';
    return 0;
}

static int read_text(reader *r, cli_jsonl_line *out)
{
    skip_space(r);
    if (out->text)
        return fail(r, "\"text\" given twice");
    if (r->pos >= r->len || r->s[r->pos] != '"')
        return fail(r, "\"text\" is not a string");
    /* Decoded text is never longer than its JSON form. */
    out->text = cli_xmalloc(r->len - r->pos + 1);
    if (read_string(r, out->text, &out->text_len) != 0)
        return -1;
    out->text[out->text_len] = '\0';
    return 0;
}

static int key_is(const reader *r, size_t start, size_t end, const char *key)
{
    size_t n = strlen(key);

    return end - start == n && memcmp(r->s + start, key, n) == 0;
}

static int read_member(reader *r, cli_jsonl_line *out)
{
    size_t start, end;

    skip_space(r);
    start = r->pos;
    if (read_string(r, NULL, NULL) != 0)
        return -1;
    end = r->pos;
    if (expect(r, ':', "expected ':'") != 0)
        return -1;
    if (key_is(r, start, end, "\"id\""))
        return read_id(r, out);
    if (key_is(r, start, end, "\"text\""))
        return read_text(r, out);
    return skip_value(r);
}

static int read_object(reader *r, cli_jsonl_line *out)
{
    if (expect(r, '{', "not a JSON object") != 0)
        return -1;
    skip_space(r);
    if (r->pos < r->len && r->s[r->pos] == '}') {
        r->pos++;
        return 0;
    }
    for (;;) {
        if (read_member(r, out) != 0)
            return -1;
        skip_space(r);
        if (r->pos < r->len && r->s[r->pos] == '}') {
            r->pos++;
            return 0;
        }
        if (expect(r, ',', "expected ',' or '}'") != 0)
            return -1;
    }
}

void cli_jsonl_parse(const char *line, size_t len, cli_jsonl_line *out)
{
    reader r = {(const unsigned char *)line, len, 0, NULL, 0};

    memset(out, 0, sizeof *out);
    if (len > CLI_MAX_INPUT) {
        r.pos = CLI_MAX_INPUT;
        fail(&r, "line longer than 128 MiB, the most precis reads of one input");
    } else if (read_object(&r, out) == 0) {
        skip_space(&r);
        if (r.pos != r.len)
            fail(&r, "text after the object");
        else if (!out->text)
            fail(&r, "no \"text\"");
    }
    out->error = r.error;
    if (out->error) {
        out->error_column = (r.error_pos < len ? r.error_pos : len) + 1;
        free(out->text);
        out->text = NULL;
        out->text_len = 0;
    }
}

void cli_jsonl_line_free(cli_jsonl_line *line)
{
    free(line->id);
    free(line->text);
    memset(line, 0, sizeof *line);
}

/* Reads one line of standard input into *line (malloc'ed, NUL-terminated,
 * without its newline) and its length into *len. Bytes past CLI_MAX_INPUT
 * are read and dropped, so a line that long has CLI_MAX_INPUT + 1 bytes,
 * which cli_jsonl_parse refuses. Returns 0, or -1 at the end of input
 * (nothing read) or on an interrupt. */
static int read_line(char **line, size_t *len)
{
    size_t cap = 256, n = 0;
    char *buf = cli_xmalloc(cap);
    int c, any = 0;

    for (;;) {
        errno = 0;
        c = getc(stdin);
        if (c == EOF) {
            if (ferror(stdin) && errno == EINTR && !cli_interrupted()) {
                clearerr(stdin);
                continue;
            }
            break;
        }
        any = 1;
        if (c == '\n')
            break;
        if (n > CLI_MAX_INPUT)
            continue;
        if (n + 1 >= cap) {
            cap *= 2;
            buf = cli_xrealloc(buf, cap);
        }
        buf[n++] = (char)c;
    }
    if (!any || cli_interrupted()) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *line = buf;
    *len = n;
    return 0;
}

size_t cli_read_lines(char ***lines, size_t **lens, size_t max_lines,
                      size_t max_bytes)
{
    size_t n = 0, bytes = 0;

    *lines = cli_xmalloc(max_lines * sizeof **lines);
    *lens = cli_xmalloc(max_lines * sizeof **lens);
    while (n < max_lines && bytes < max_bytes && !cli_interrupted()) {
        if (read_line(&(*lines)[n], &(*lens)[n]) != 0)
            break;
        bytes += (*lens)[n++];
    }
    return n;
}
