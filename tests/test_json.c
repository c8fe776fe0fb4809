/* test_json.c: the command line's JSON writer (src/cli/json.c, built into
 * this test as it is into the tool) against a byte-at-a-time model of it:
 * strings with every byte that needs an escape, in every position of an
 * eight-byte block, invalid UTF-8, keys plain and not, records that
 * cross the writer's buffer, and a writer to memory against one to a
 * stream. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/cli/json.c"

/* What json.c takes from the rest of the tool: its allocation, which
 * exits when memory runs out. */
void *cli_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    assert_non_null(p);
    return p;
}

/* The model: a growing string. */
typedef struct model {
    char *s;
    size_t len, cap;
} model;

static void model_put(model *m, const char *s, size_t n)
{
    if (m->len + n + 1 > m->cap) {
        m->cap = 2 * (m->len + n + 1);
        m->s = realloc(m->s, m->cap);
        assert_non_null(m->s);
    }
    memcpy(m->s + m->len, s, n);
    m->len += n;
    m->s[m->len] = '\0';
}

/* A JSON string as the writer should make it, one byte at a time: each
 * byte of invalid UTF-8 as U+FFFD, then JSON's escapes. */
static void model_string(model *m, const char *s, size_t len)
{
    model_put(m, "\"", 1);
    while (len) {
        size_t good = precis_utf8_check(s, len);
        for (size_t i = 0; i < good; i++) {
            unsigned char c = (unsigned char)s[i];
            char buf[8];
            switch (c) {
            case '"': model_put(m, "\\\"", 2); break;
            case '\\': model_put(m, "\\\\", 2); break;
            case '\n': model_put(m, "\\n", 2); break;
            case '\r': model_put(m, "\\r", 2); break;
            case '\t': model_put(m, "\\t", 2); break;
            case '\b': model_put(m, "\\b", 2); break;
            case '\f': model_put(m, "\\f", 2); break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    snprintf(buf, sizeof buf, "\\u%04x", (unsigned)c);
                    model_put(m, buf, 6);
                } else {
                    model_put(m, (const char *)&s[i], 1);
                }
            }
        }
        if (good == len)
            break;
        model_put(m, "\xef\xbf\xbd", 3);
        s += good + 1;
        len -= good + 1;
    }
    model_put(m, "\"", 1);
}

/* Everything written to f, NUL-terminated (free it). */
static char *contents(FILE *f, size_t *len)
{
    long n;
    char *s;
    fflush(f);
    n = ftell(f);
    assert_true(n >= 0);
    s = malloc((size_t)n + 1);
    assert_non_null(s);
    rewind(f);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    *len = (size_t)n;
    return s;
}

static void expect_output(FILE *f, const model *m)
{
    size_t n;
    char *got = contents(f, &n);
    assert_int_equal(n, m->len);
    assert_memory_equal(got, m->s, n);
    free(got);
}

/* Bytes that stress the scan: each one JSON escapes, the edges of those
 * ranges, and the bytes of UTF-8 (valid and not). */
static const unsigned char tricky[] = {'"', '\\', 0x00, 0x01, 0x1f, 0x20,
                                       0x7f, 0x7e, '\n', '\t', 'a', 'Z',
                                       0x80, 0xbf, 0xc3, 0xa9, 0xe2, 0xff};
#define TRICKY (sizeof tricky / sizeof tricky[0])

/* One byte of each kind at every offset of strings 0 to 40 bytes long,
 * among plain letters: the eight-byte scan must stop exactly where a
 * byte-at-a-time one would, in the block and in the tail. */
static void test_string_every_byte_every_position(void **state)
{
    (void)state;
    char s[40];
    for (size_t len = 0; len <= sizeof s; len++) {
        for (size_t at = 0; at < len; at++) {
            for (size_t k = 0; k < TRICKY; k++) {
                FILE *f = tmpfile();
                model m = {NULL, 0, 0};
                cli_json json;
                assert_non_null(f);
                memset(s, 'x', sizeof s);
                s[at] = (char)tricky[k];
                cli_json_init(&json, f, 0);
                cli_json_string(&json, s, len);
                model_string(&m, s, len);
                expect_output(f, &m);
                free(m.s);
                fclose(f);
            }
        }
    }
}

/* Random strings of tricky and plain bytes, as values and as keys of
 * records, plain and pretty, several records to one writer so that the
 * buffer fills and empties mid-record. */
static void test_random_records(void **state)
{
    (void)state;
    unsigned seed = 12345;
    for (int pretty = 0; pretty < 2; pretty++) {
        FILE *f = tmpfile();
        model m = {NULL, 0, 0};
        cli_json json;
        assert_non_null(f);
        cli_json_init(&json, f, pretty);
        for (int rec = 0; rec < 400; rec++) {
            char key[24], val[300];
            size_t klen, vlen;
            seed = seed * 1103515245u + 12345u;
            klen = 1 + (seed >> 16) % (sizeof key - 1);
            seed = seed * 1103515245u + 12345u;
            vlen = (seed >> 16) % sizeof val;
            for (size_t i = 0; i < klen; i++) {
                seed = seed * 1103515245u + 12345u;
                /* Mostly plain keys, as the tool's are; some not. */
                key[i] = (char)((seed >> 16) % 8 ? 'a' + (seed >> 20) % 26
                                                 : tricky[(seed >> 20) %
                                                          TRICKY]);
                if (!key[i])
                    key[i] = '"';
            }
            key[klen] = '\0';
            for (size_t i = 0; i < vlen; i++) {
                seed = seed * 1103515245u + 12345u;
                val[i] = (char)((seed >> 16) % 5 ? 'a' + (seed >> 20) % 26
                                                 : tricky[(seed >> 20) %
                                                          TRICKY]);
            }
            cli_json_begin_object(&json);
            cli_json_key(&json, key);
            cli_json_string(&json, val, vlen);
            cli_json_key(&json, "n");
            cli_json_size(&json, (size_t)rec);
            cli_json_end_object(&json);
            model_put(&m, "{", 1);
            if (pretty)
                model_put(&m, "\n  ", 3);
            model_string(&m, key, klen);
            model_put(&m, pretty ? ": " : ":", pretty ? 2 : 1);
            model_string(&m, val, vlen);
            model_put(&m, ",", 1);
            if (pretty)
                model_put(&m, "\n  ", 3);
            model_put(&m, pretty ? "\"n\": " : "\"n\":", pretty ? 5 : 4);
            {
                char num[16];
                int n = snprintf(num, sizeof num, "%d", rec);
                model_put(&m, num, (size_t)n);
            }
            if (pretty)
                model_put(&m, "\n", 1);
            model_put(&m, "}", 1);
        }
        expect_output(f, &m);
        free(m.s);
        fclose(f);
    }
}

/* Every byte as part of a key, at every offset of keys up to 10 bytes:
 * the table the plain path reads agrees with the printable-ASCII test it
 * stands for, and a key it refuses is escaped as any string is. */
static void test_key_every_byte(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 256; c++)
        assert_int_equal(plain_key_byte[c] != 0,
                         c >= 0x20 && c <= 0x7e && c != '"' && c != '\\');
    for (size_t len = 1; len <= 10; len++) {
        FILE *f = tmpfile();
        model m = {NULL, 0, 0};
        cli_json json;
        assert_non_null(f);
        cli_json_init(&json, f, 0);
        cli_json_begin_array(&json);
        model_put(&m, "[", 1);
        for (size_t at = 0; at < len; at++) {
            for (unsigned c = 1; c < 256; c++) {
                char key[11];
                memset(key, 'k', len);
                key[len] = '\0';
                key[at] = (char)c;
                if (at || c > 1)
                    model_put(&m, ",", 1);
                cli_json_begin_object(&json);
                cli_json_key(&json, key);
                cli_json_size(&json, c);
                cli_json_end_object(&json);
                char num[8];
                int n = snprintf(num, sizeof num, "%u}", c);
                model_put(&m, "{", 1);
                model_string(&m, key, len);
                model_put(&m, ":", 1);
                model_put(&m, num, (size_t)n);
            }
        }
        cli_json_end_array(&json);
        model_put(&m, "]", 1);
        expect_output(f, &m);
        free(m.s);
        fclose(f);
    }
}

/* A key that does not fit the room left in the buffer takes the long way,
 * and the writer starts afresh for each JSON Lines record. */
static void test_key_at_the_buffer_end(void **state)
{
    (void)state;
    for (size_t fill = CLI_JSON_BUFFER - 12; fill <= CLI_JSON_BUFFER;
         fill++) {
        FILE *f = tmpfile();
        model m = {NULL, 0, 0};
        cli_json json;
        char *raw = malloc(fill + 1);
        assert_non_null(f);
        assert_non_null(raw);
        memset(raw, '1', fill);
        cli_json_init(&json, f, 0);
        cli_json_begin_array(&json);
        cli_json_raw(&json, raw, fill - 1);
        cli_json_begin_object(&json);
        cli_json_key(&json, "speaker");
        cli_json_null(&json);
        cli_json_end_object(&json);
        cli_json_end_array(&json);
        cli_json_init(&json, f, 0);
        cli_json_begin_object(&json);
        cli_json_key(&json, "doc");
        cli_json_cstring(&json, "a\"b");
        cli_json_key(&json, "");
        cli_json_null(&json);
        cli_json_end_object(&json);
        model_put(&m, "[", 1);
        model_put(&m, raw, fill - 1);
        model_put(&m, ",{\"speaker\":null}]", 18);
        model_put(&m, "{\"doc\":\"a\\\"b\",\"\":null}", 22);
        expect_output(f, &m);
        free(raw);
        free(m.s);
        fclose(f);
    }
}

/* A plain key writes what cli_json_key writes, at every fill of the
 * buffer near its end, compact and pretty, first in an object and after
 * another member. */
static void test_key_plain_is_key(void **state)
{
    (void)state;
    static const char *const keys[] = {"doc", "speaker", "x", "",
                                       "a longer key, with: punctuation"};
    for (int pretty = 0; pretty <= 1; pretty++) {
        for (size_t fill = CLI_JSON_BUFFER - 48; fill <= CLI_JSON_BUFFER;
             fill++) {
            for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
                char *out[3];
                size_t len[3];
                char *raw = malloc(fill + 1);
                assert_non_null(raw);
                memset(raw, '1', fill);
                /* 0: cli_json_key; 1: cli_json_key_plain; 2: inline,
                 * as CLI_JSON_KEY writes a literal. */
                for (int plain = 0; plain <= 2; plain++) {
                    FILE *f = tmpfile();
                    cli_json json;
                    assert_non_null(f);
                    cli_json_init(&json, f, pretty);
                    cli_json_begin_array(&json);
                    cli_json_raw(&json, raw, fill - 2);
                    cli_json_begin_object(&json);
                    for (int twice = 0; twice < 2; twice++) {
                        if (plain == 2)
                            cli_json_key_literal(&json, keys[k],
                                                 strlen(keys[k]));
                        else if (plain)
                            cli_json_key_plain(&json, keys[k],
                                               strlen(keys[k]));
                        else
                            cli_json_key(&json, keys[k]);
                        cli_json_null(&json);
                    }
                    if (plain)
                        CLI_JSON_KEY(&json, "end");
                    else
                        cli_json_key(&json, "end");
                    cli_json_size(&json, 7);
                    cli_json_end_object(&json);
                    cli_json_end_array(&json);
                    fflush(f);
                    long n = ftell(f);
                    assert_true(n > 0);
                    len[plain] = (size_t)n;
                    out[plain] = malloc(len[plain]);
                    assert_non_null(out[plain]);
                    rewind(f);
                    assert_int_equal(fread(out[plain], 1, len[plain], f),
                                     len[plain]);
                    fclose(f);
                }
                for (int plain = 1; plain <= 2; plain++) {
                    assert_int_equal(len[0], len[plain]);
                    assert_memory_equal(out[0], out[plain], len[0]);
                }
                free(out[0]);
                free(out[1]);
                free(out[2]);
                free(raw);
            }
        }
    }
}

/* Writes the same records, with one string longer than the writer's
 * buffer, at the top level and inside an array resumed at depth 1. */
static void write_records(cli_json *json, const char *big, size_t big_len)
{
    for (int rec = 0; rec < 50; rec++) {
        cli_json_begin_object(json);
        CLI_JSON_KEY(json, "n");
        cli_json_size(json, (size_t)rec * 7919);
        CLI_JSON_KEY(json, "text");
        if (rec == 20)
            cli_json_string(json, big, big_len);
        else
            cli_json_cstring(json, "a \"quoted\" line\n");
        cli_json_end_object(json);
    }
}

/* A writer to a sink makes the bytes a writer to a stream makes, when
 * they pass the buffer in pieces and when a value is larger than it; an
 * emptied sink is written again from its start. */
static void test_sink_is_stream(void **state)
{
    (void)state;
    static char big[3 * CLI_JSON_BUFFER];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i % 97 == 0 ? '"' : 'a' + i % 26);
    cli_json_sink sink = {NULL, 0, 0};
    for (int depth = 0; depth < 2; depth++) {
        for (int round = 0; round < 2; round++) {
            FILE *f = tmpfile();
            cli_json to_file, to_sink;
            size_t n;
            assert_non_null(f);
            cli_json_resume(&to_file, f, 0, depth);
            write_records(&to_file, big, sizeof big);
            cli_json_flush(&to_file);
            sink.len = 0;
            cli_json_resume(&to_sink, NULL, 0, depth);
            cli_json_to_sink(&to_sink, &sink);
            write_records(&to_sink, big, sizeof big);
            cli_json_flush(&to_sink);
            char *want = contents(f, &n);
            assert_true(n > sizeof big);
            assert_int_equal(sink.len, n);
            assert_memory_equal(sink.buf, want, n);
            free(want);
            fclose(f);
        }
    }
    free(sink.buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_string_every_byte_every_position),
        cmocka_unit_test(test_random_records),
        cmocka_unit_test(test_key_at_the_buffer_end),
        cmocka_unit_test(test_key_every_byte),
        cmocka_unit_test(test_key_plain_is_key),
        cmocka_unit_test(test_sink_is_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
