/* json.c: a small streaming JSON writer for the tool's records.
 *
 * Strings are written as UTF-8 (the documents are validated UTF-8, so no
 * \u escapes are needed beyond what JSON requires: quotes, backslash and
 * control characters). Pretty output indents by two spaces.
 *
 * A record is a few dozen small pieces (keys, commas, numbers, short
 * strings); handing each to stdio cost more than making it. They are
 * gathered in the writer's own buffer instead, which goes to the stream
 * when it fills and whenever a top-level value is complete, so anything a
 * caller writes to the stream between two records lands after the first
 * one, as it would without the buffer. A writer may send its bytes to a
 * sink in memory instead (cli_json_to_sink): threads that each make part
 * of one output make it there, and it is written in order. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cli_json_init(cli_json *json, FILE *out, int pretty)
{
    /* The state only: the buffer is written before it is read, and
     * clearing its 4 KB for every JSON Lines record showed. */
    json->out = out;
    json->sink = NULL;
    json->pretty = pretty;
    json->depth = 0;
    json->after_key = 0;
    memset(json->has_items, 0, sizeof json->has_items);
    json->len = 0;
}

void cli_json_resume(cli_json *json, FILE *out, int pretty, int depth)
{
    cli_json_init(json, out, pretty);
    if (depth > CLI_JSON_MAX_DEPTH)
        depth = CLI_JSON_MAX_DEPTH;
    json->depth = depth;
    memset(json->has_items, 1, (size_t)depth);
}

void cli_json_to_sink(cli_json *json, cli_json_sink *sink)
{
    json->sink = sink;
}

void cli_json_sink_put(cli_json_sink *sink, const char *bytes, size_t len)
{
    if (len > sink->cap - sink->len) {
        size_t cap = sink->cap ? sink->cap : 4096;
        while (len > cap - sink->len)
            cap *= 2;
        sink->buf = cli_xrealloc(sink->buf, cap);
        sink->cap = cap;
    }
    memcpy(sink->buf + sink->len, bytes, len);
    sink->len += len;
}

/* Writes s[0..n) to the writer's stream or sink. */
static void put_out(cli_json *json, const char *s, size_t n)
{
    if (json->sink)
        cli_json_sink_put(json->sink, s, n);
    else
        fwrite(s, 1, n, json->out);
}

void cli_json_flush(cli_json *json)
{
    if (json->len)
        put_out(json, json->buf, json->len);
    json->len = 0;
}

static void put_bytes(cli_json *json, const char *s, size_t n)
{
    if (n > sizeof json->buf - json->len) {
        cli_json_flush(json);
        if (n > sizeof json->buf) {
            put_out(json, s, n);
            return;
        }
    }
    memcpy(json->buf + json->len, s, n);
    json->len += n;
}

static void put_char(cli_json *json, char c)
{
    if (json->len == sizeof json->buf)
        cli_json_flush(json);
    json->buf[json->len++] = c;
}

static void put_cstr(cli_json *json, const char *s)
{
    put_bytes(json, s, strlen(s));
}

/* After a value: a complete top-level value leaves the buffer. */
static void value_done(cli_json *json)
{
    if (json->depth == 0)
        cli_json_flush(json);
}

static void newline_indent(cli_json *json)
{
    int i;

    put_char(json, '\n');
    for (i = 0; i < json->depth; i++)
        put_bytes(json, "  ", 2);
}

/* Everything before a value: the comma after the previous item, and in
 * pretty output a new line at the container's indentation. */
static void before_value(cli_json *json)
{
    if (json->after_key) {
        json->after_key = 0;
        return;
    }
    if (json->depth == 0)
        return;
    if (json->has_items[json->depth - 1])
        put_char(json, ',');
    json->has_items[json->depth - 1] = 1;
    if (json->pretty)
        newline_indent(json);
}

static void open_container(cli_json *json, int c)
{
    before_value(json);
    put_char(json, (char)c);
    if (json->depth < CLI_JSON_MAX_DEPTH) {
        json->has_items[json->depth] = 0;
        json->depth++;
    }
}

static void close_container(cli_json *json, int c)
{
    int had_items;

    if (json->depth == 0)
        return;
    json->depth--;
    had_items = json->has_items[json->depth];
    if (json->pretty && had_items)
        newline_indent(json);
    put_char(json, (char)c);
    value_done(json);
}

void cli_json_begin_object(cli_json *json) { open_container(json, '{'); }
void cli_json_end_object(cli_json *json) { close_container(json, '}'); }
void cli_json_begin_array(cli_json *json) { open_container(json, '['); }
void cli_json_end_array(cli_json *json) { close_container(json, ']'); }

/* Bytes a JSON string cannot hold as they are: the quote, the backslash,
 * the control characters and DEL. */
static int needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

/* Nonzero when none of the 8 bytes at p needs an escape. Each test
 * marks the high bit of a byte that passes it, and may mark more bytes
 * after a marked one (a borrow runs on), but never marks a word in which
 * no byte passes: enough to tell a plain block from the rest, and the
 * same whatever the machine's byte order. */
static int plain8(const char *p)
{
    const uint64_t ones = 0x0101010101010101ull, highs = ones << 7;
    uint64_t x, q, b, d;

    memcpy(&x, p, 8);
    q = x ^ (ones * '"'); /* a zero byte where x has a quote */
    b = x ^ (ones * '\\');
    d = x ^ (ones * 0x7f);
    return ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
             ((b - ones) & ~b) | ((d - ones) & ~d)) &
            highs) == 0;
}

/* Writes valid UTF-8 with JSON's escapes. */
static void put_valid(cli_json *json, const char *s, size_t len)
{
    size_t i = 0, run = 0;

    for (;;) {
        /* Plain bytes, nearly all of any text, are passed over here,
         * eight at a time while no escape is near, and copied in runs. */
        while (len - i >= 8 && plain8(s + i))
            i += 8;
        while (i < len && !needs_escape((unsigned char)s[i]))
            i++;
        if (i > run)
            put_bytes(json, s + run, i - run);
        if (i == len)
            return;

        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char buf[8];

        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
            snprintf(buf, sizeof buf, "\\u%04x", (unsigned)c);
            esc = buf;
        }
        put_cstr(json, esc);
        run = ++i;
    }
}

/* Nonzero when the 8 bytes at p are ASCII and none needs an escape. */
static int plain_ascii8(const char *p)
{
    uint64_t x;

    memcpy(&x, p, 8);
    return (x & 0x8080808080808080ull) == 0 && plain8(p);
}

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>

/* Bit k set for each byte p[k] (k < 16) that is not plain ASCII: one
 * that needs an escape or is not ASCII. Read as signed, the bytes of
 * 0x80 and up are negative, so one comparison finds them and the
 * control characters. */
static inline unsigned not_plain16(const char *p)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i bad = _mm_cmplt_epi8(x, _mm_set1_epi8(0x20));
    bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
    bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
    bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f)));
    return (unsigned)_mm_movemask_epi8(bad);
}

static inline void copy16(char *o, const char *s)
{
    _mm_storeu_si128((__m128i *)(void *)o,
                     _mm_loadu_si128((const __m128i *)(const void *)s));
}
#endif

/* Copies the start of s[0..len) that is ASCII and needs no escape into
 * the buffer at o (room for len bytes): most strings, which are then
 * written with no pass of their own for UTF-8 and no second copy.
 * Returns how many bytes it copied; bytes of o past those may be
 * written too. */
static size_t copy_plain_ascii(char *o, const char *s, size_t len)
{
    size_t i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
    /* Sixteen bytes a step, copied whole whatever they hold, and a
     * string's last few bytes as the sixteen that end it. */
    if (len >= 16) {
        for (; len - i >= 16; i += 16) {
            unsigned bad = not_plain16(s + i);
            copy16(o + i, s + i);
            if (bad)
                return i + (unsigned)__builtin_ctz(bad);
        }
        if (i < len) {
            size_t at = len - 16;
            unsigned bad = not_plain16(s + at) >> (i - at);
            copy16(o + at, s + at);
            return bad ? i + (unsigned)__builtin_ctz(bad) : len;
        }
        return i;
    }
#endif
    while (len - i >= 8 && plain_ascii8(s + i)) {
        memcpy(o + i, s + i, 8);
        i += 8;
    }
    while (i < len && (unsigned char)s[i] < 0x80 &&
           !needs_escape((unsigned char)s[i])) {
        o[i] = s[i];
        i++;
    }
    return i;
}

/* A JSON string. Document text is valid UTF-8 already, but file names
 * need not be: each invalid byte becomes U+FFFD so the output stays UTF-8
 * (the same repair --repair applies to text). */
static void put_escaped(cli_json *json, const char *s, size_t len)
{
    /* Room for the whole string and its quotes: its plain ASCII start
     * goes straight into the buffer, and only what follows (a character
     * beyond ASCII, or one that needs an escape) takes the way below. */
    size_t room = sizeof json->buf - json->len;
    if (room >= 2 && len <= room - 2) {
        char *o = json->buf + json->len;
        size_t n = copy_plain_ascii(o + 1, s, len);
        o[0] = '"';
        if (n == len) {
            o[n + 1] = '"';
            json->len += n + 2;
            return;
        }
        json->len += n + 1;
        s += n;
        len -= n;
    } else {
        put_char(json, '"');
    }
    while (len) {
        size_t good = precis_utf8_check(s, len);

        put_valid(json, s, good);
        if (good == len)
            break;
        put_bytes(json, "\xef\xbf\xbd", 3);
        s += good + 1;
        len -= good + 1;
    }
    put_char(json, '"');
}

/* Bytes a key is written with as they are: printable ASCII (0x20 to
 * 0x7E) but for the quote and the backslash, which need escapes. NUL is
 * not one, so that it ends the scan of a key. */
static const unsigned char plain_key_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Writes a key that needs no escape, its quotes and its colon, straight
 * into the buffer; 0 when the key is empty, needs escapes or does not
 * fit, and then nothing is written (bytes past json->len are not
 * output). */
static int put_plain_key(cli_json *json, const char *key)
{
    size_t room = sizeof json->buf - json->len, n = 0;
    char *o = json->buf + json->len;
    unsigned char c;

    if (room < 4)
        return 0;
    o[0] = '"';
    /* One table load a byte, where three tests each were the most of a
     * key's cost: a record writes several. */
    while (plain_key_byte[c = (unsigned char)key[n]]) {
        if (n + 4 > room)
            return 0;
        o[n + 1] = (char)c;
        n++;
    }
    if (c || n == 0)
        return 0;
    o[n + 1] = '"';
    o[n + 2] = ':';
    json->len += n + 3;
    return 1;
}

void cli_json_key(cli_json *json, const char *key)
{
    before_value(json);
    /* The keys are the tool's own short ASCII names, many per record:
     * such a key goes in as it is read. */
    if (put_plain_key(json, key)) {
        if (json->pretty)
            put_char(json, ' ');
    } else {
        put_escaped(json, key, strlen(key));
        put_cstr(json, json->pretty ? ": " : ":");
    }
    json->after_key = 1;
}

void cli_json_key_plain(cli_json *json, const char *key, size_t len)
{
    /* Room for a comma before, the key, its quotes and the colon: then
     * the key is copied whole. Pretty output, an empty key and a full
     * buffer take cli_json_key's way. */
    if (json->pretty || len == 0 || sizeof json->buf - json->len < len + 4) {
        cli_json_key(json, key);
        return;
    }
    before_value(json);
    char *o = json->buf + json->len;
    o[0] = '"';
    memcpy(o + 1, key, len);
    o[len + 1] = '"';
    o[len + 2] = ':';
    json->len += len + 3;
    json->after_key = 1;
}

void cli_json_string(cli_json *json, const char *s, size_t len)
{
    before_value(json);
    put_escaped(json, s, len);
    value_done(json);
}

void cli_json_cstring(cli_json *json, const char *s)
{
    if (!s) {
        cli_json_null(json);
        return;
    }
    cli_json_string(json, s, strlen(s));
}

void cli_json_raw(cli_json *json, const char *raw, size_t len)
{
    before_value(json);
    put_bytes(json, raw, len);
    value_done(json);
}

void cli_json_splice(cli_json *json, const char *bytes, size_t len)
{
    put_bytes(json, bytes, len);
}

void cli_json_raw_member(cli_json *json, const char *key, const char *raw,
                         size_t len)
{
    cli_json_key(json, key);
    cli_json_raw(json, raw, len);
}

void cli_json_null(cli_json *json)
{
    before_value(json);
    put_bytes(json, "null", 4);
    value_done(json);
}

/* Writes n in decimal: offsets and counts, several per record, where
 * fprintf's format parsing cost more than the digits. */
static void put_decimal(cli_json *json, unsigned long long n)
{
    char buf[24];
    size_t i = sizeof buf;

    do {
        buf[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    put_bytes(json, buf + i, sizeof buf - i);
}

void cli_json_size(cli_json *json, size_t n)
{
    before_value(json);
    put_decimal(json, n);
    value_done(json);
}

void cli_json_u64(cli_json *json, unsigned long long n)
{
    before_value(json);
    put_decimal(json, n);
    value_done(json);
}

void cli_json_double(cli_json *json, double d)
{
    char buf[32];
    int n;

    /* JSON has no NaN or infinity. Six significant digits are plenty to
     * rank sentences and keep golden files stable. */
    if (!isfinite(d)) {
        cli_json_null(json);
        return;
    }
    before_value(json);
    if (d == 0.0)
        d = 0.0; /* no "-0" */
    n = snprintf(buf, sizeof buf, "%.6g", d);
    if (n > 0)
        put_bytes(json, buf, (size_t)n < sizeof buf ? (size_t)n
                                                    : sizeof buf - 1);
    value_done(json);
}
