/* json.c: a small streaming JSON writer for the tool's records.
 *
 * Strings are written as UTF-8 (the documents are validated UTF-8, so no
 * \u escapes are needed beyond what JSON requires: quotes, backslash and
 * control characters). Pretty output indents by two spaces. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cli_json_init(cli_json *json, FILE *out, int pretty)
{
    memset(json, 0, sizeof *json);
    json->out = out;
    json->pretty = pretty;
}

static void newline_indent(cli_json *json)
{
    int i;

    fputc('\n', json->out);
    for (i = 0; i < json->depth; i++)
        fputs("  ", json->out);
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
        fputc(',', json->out);
    json->has_items[json->depth - 1] = 1;
    if (json->pretty)
        newline_indent(json);
}

static void open_container(cli_json *json, int c)
{
    before_value(json);
    fputc(c, json->out);
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
    fputc(c, json->out);
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

/* Writes valid UTF-8 with JSON's escapes. */
static void put_valid(FILE *f, const char *s, size_t len)
{
    size_t i = 0, run = 0;

    for (;;) {
        /* Plain bytes, nearly all of any text, are passed over here and
         * written in runs, not one call each. */
        while (i < len && !needs_escape((unsigned char)s[i]))
            i++;
        if (i > run)
            fwrite(s + run, 1, i - run, f);
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
        fputs(esc, f);
        run = ++i;
    }
}

/* A JSON string. Document text is valid UTF-8 already, but file names
 * need not be: each invalid byte becomes U+FFFD so the output stays UTF-8
 * (the same repair --repair applies to text). */
static void put_escaped(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    while (len) {
        size_t good = precis_utf8_check(s, len);

        put_valid(f, s, good);
        if (good == len)
            break;
        fputs("\xef\xbf\xbd", f);
        s += good + 1;
        len -= good + 1;
    }
    fputc('"', f);
}

void cli_json_key(cli_json *json, const char *key)
{
    size_t n = strlen(key), i = 0;
    char buf[64];

    before_value(json);
    /* Keys are short plain ASCII names, several per record: written
     * whole with their quotes and colon in one call. */
    while (i < n && (unsigned char)key[i] < 0x80 &&
           !needs_escape((unsigned char)key[i]))
        i++;
    if (i == n && n + 4 <= sizeof buf) {
        buf[0] = '"';
        memcpy(buf + 1, key, n);
        memcpy(buf + 1 + n, json->pretty ? "\": " : "\":", 3);
        fwrite(buf, 1, n + (json->pretty ? 4 : 3), json->out);
    } else {
        put_escaped(json->out, key, n);
        fputs(json->pretty ? ": " : ":", json->out);
    }
    json->after_key = 1;
}

void cli_json_string(cli_json *json, const char *s, size_t len)
{
    before_value(json);
    put_escaped(json->out, s, len);
}

void cli_json_cstring(cli_json *json, const char *s)
{
    if (!s) {
        cli_json_null(json);
        return;
    }
    cli_json_string(json, s, strlen(s));
}

void cli_json_null(cli_json *json)
{
    before_value(json);
    fputs("null", json->out);
}

/* Writes n in decimal: offsets and counts, several per record, where
 * fprintf's format parsing cost more than the digits. */
static void put_decimal(FILE *f, unsigned long long n)
{
    char buf[24];
    size_t i = sizeof buf;

    do {
        buf[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    fwrite(buf + i, 1, sizeof buf - i, f);
}

void cli_json_size(cli_json *json, size_t n)
{
    before_value(json);
    put_decimal(json->out, n);
}

void cli_json_u64(cli_json *json, unsigned long long n)
{
    before_value(json);
    put_decimal(json->out, n);
}

void cli_json_double(cli_json *json, double d)
{
    /* JSON has no NaN or infinity. Six significant digits are plenty to
     * rank sentences and keep golden files stable. */
    if (!isfinite(d)) {
        cli_json_null(json);
        return;
    }
    before_value(json);
    if (d == 0.0)
        d = 0.0; /* no "-0" */
    fprintf(json->out, "%.6g", d);
}
