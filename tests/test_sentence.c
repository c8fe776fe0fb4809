/* test_sentence.c: the sentence splitter against the table of cases in
 * tests/data/sentence/, plus the public entry point, allocation failure
 * and inputs that would expose quadratic time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "precis.h"
#include "sentence.h"
#include "spanvec.h"

static const char *const case_files[] = {
    "abbreviations.txt", "numbers.txt", "quotes.txt", "ellipsis.txt",
    "lines.txt",
};

static char *read_data(const char *name, size_t *len)
{
    const char *dir = getenv("PRECIS_TEST_DATA");
    char path[1024];
    assert_non_null(dir);
    snprintf(path, sizeof path, "%s/sentence/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* Appends line[0..n) to out, turning the escapes \n and \r into bytes. */
static void append_unescaped(char *out, size_t *o, const char *line, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (line[k] == '\\' && k + 1 < n && (line[k + 1] == 'n' ||
                                             line[k + 1] == 'r')) {
            out[(*o)++] = line[k + 1] == 'n' ? '\n' : '\r';
            k++;
        } else {
            out[(*o)++] = line[k];
        }
    }
}

/* Runs the splitter on one case and compares sentence by sentence. */
static int check_case(const char *file, const char *name, const char *input,
                      size_t input_len, char **expected, size_t n_expected)
{
    px_spanvec out = {0};
    int failed = 0;

    assert_int_equal(px_sentences_split(input, 0, input_len, &out), 0);
    if (out.count != n_expected)
        failed = 1;
    for (size_t k = 0; !failed && k < n_expected; k++) {
        size_t len = out.items[k].end - out.items[k].start;
        if (len != strlen(expected[k]) ||
            memcmp(input + out.items[k].start, expected[k], len) != 0)
            failed = 1;
    }
    if (failed) {
        print_error("%s: case \"%s\": expected %zu sentences, got %zu:\n",
                    file, name, n_expected, out.count);
        for (size_t k = 0; k < out.count; k++)
            print_error("  [%.*s]\n",
                        (int)(out.items[k].end - out.items[k].start),
                        input + out.items[k].start);
    }
    px_spanvec_clear(&out);
    return failed;
}

static void test_table(void **state)
{
    (void)state;
    size_t cases = 0, failures = 0;

    for (size_t f = 0; f < sizeof case_files / sizeof case_files[0]; f++) {
        size_t len;
        char *data = read_data(case_files[f], &len);
        char *input = malloc(len + 1);
        char **expected = malloc(sizeof(char *) * (len + 1));
        char *exp_buf = malloc(len + 1);
        assert_true(input && expected && exp_buf);
        char *p = data, *end = data + len;
        char name[256] = "";
        int part = 0; /* 0: between cases, 1: input, 2: expected */
        size_t in_len = 0, n_exp = 0, eb = 0;

        for (;;) {
            int at_end = p >= end;
            char *nl = at_end ? NULL : memchr(p, '\n', (size_t)(end - p));
            char *line_end = nl ? nl : end;
            size_t n = at_end ? 0 : (size_t)(line_end - p);
            int header = n >= 4 && memcmp(p, "=== ", 4) == 0;
            if (at_end || header) {
                if (part == 2) {
                    cases++;
                    failures += (size_t)check_case(case_files[f], name, input,
                                                   in_len, expected, n_exp);
                }
                if (at_end)
                    break;
                snprintf(name, sizeof name, "%.*s", (int)(n - 4), p + 4);
                part = 1;
                in_len = n_exp = eb = 0;
            } else if (part == 1 && n == 3 && memcmp(p, "---", 3) == 0) {
                if (in_len > 0)
                    in_len--; /* the last line break is not input */
                part = 2;
            } else if (part == 1) {
                append_unescaped(input, &in_len, p, n);
                input[in_len++] = '\n';
            } else if (part == 2 && n > 0) {
                expected[n_exp++] = exp_buf + eb;
                append_unescaped(exp_buf, &eb, p, n);
                exp_buf[eb++] = '\0';
            }
            p = nl ? nl + 1 : end;
        }
        free(input);
        free(expected);
        free(exp_buf);
        free(data);
    }
    assert_true(cases >= 50);
    assert_int_equal(failures, 0);
}

typedef struct collected {
    precis_span spans[8];
    size_t count;
    int stop_after; /* return 7 from this call on; 0: never */
} collected;

static int collect(void *ctx, precis_span span)
{
    collected *c = ctx;
    if (c->count < 8)
        c->spans[c->count] = span;
    c->count++;
    return c->stop_after && c->count >= (size_t)c->stop_after ? 7 : 0;
}

static void test_public(void **state)
{
    (void)state;
    const char *text = "  One. Two! Three?  ";
    collected c = {{{0, 0}}, 0, 0};

    assert_int_equal(precis_sentences_split(text, strlen(text), collect, &c),
                     PRECIS_OK);
    assert_int_equal(c.count, 3);
    assert_int_equal(c.spans[0].start, 2);
    assert_int_equal(c.spans[0].end, 6);
    assert_int_equal(c.spans[2].start, 12);
    assert_int_equal(c.spans[2].end, 18);

    /* The callback's nonzero value stops the split and is returned. */
    collected stop = {{{0, 0}}, 0, 2};
    assert_int_equal(precis_sentences_split(text, strlen(text), collect, &stop),
                     7);
    assert_int_equal(stop.count, 2);

    /* Empty input gives no sentence; NULL is only fine with length 0. */
    collected none = {{{0, 0}}, 0, 0};
    assert_int_equal(precis_sentences_split(NULL, 0, collect, &none), 0);
    assert_int_equal(none.count, 0);
    assert_int_equal(precis_sentences_split(NULL, 3, collect, &none),
                     PRECIS_EINVAL);
    assert_int_equal(precis_sentences_split(text, 3, NULL, NULL),
                     PRECIS_EINVAL);
}

static void test_range(void **state)
{
    (void)state;
    /* Offsets are absolute even when the range starts inside the text. */
    const char *text = "Skip this. Keep one. Keep two. Skip.";
    px_spanvec out = {0};

    assert_int_equal(px_sentences_split(text, 11, 30, &out), 0);
    assert_int_equal(out.count, 2);
    assert_int_equal(out.items[0].start, 11);
    assert_int_equal(out.items[0].end, 20);
    assert_int_equal(out.items[1].start, 21);
    assert_int_equal(out.items[1].end, 30);
    px_spanvec_clear(&out);
}

static size_t fail_at, calls;

static void *failing_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return ++calls == fail_at ? NULL : malloc(size);
}

static void *failing_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    return ++calls == fail_at ? NULL : realloc(ptr, size);
}

static void plain_free(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

static void test_enomem(void **state)
{
    (void)state;
    const precis_allocator failing = {failing_malloc, failing_realloc,
                                      plain_free, NULL};
    /* Enough sentences that the span vector grows a few times. */
    char text[4096] = "";
    for (int k = 0; k < 100; k++)
        strcat(text, "A short one. ");
    int saw_enomem = 0;

    precis_allocator_set(&failing);
    for (fail_at = 1; fail_at < 50; fail_at++) {
        px_spanvec out = {0};
        calls = 0;
        int rc = px_sentences_split(text, 0, strlen(text), &out);
        if (rc == PRECIS_ENOMEM)
            saw_enomem = 1;
        else
            assert_int_equal(rc, 0);
        px_spanvec_clear(&out);
    }
    precis_allocator_set(NULL);
    assert_true(saw_enomem);
}

/* Seconds to split text[0..len). */
static double time_split(const char *text, size_t len, size_t *count)
{
    px_spanvec out = {0};
    clock_t t0 = clock();
    assert_int_equal(px_sentences_split(text, 0, len, &out), 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    *count = out.count;
    px_spanvec_clear(&out);
    return secs;
}

/* Repeats `unit` to fill n bytes. */
static char *repeat(const char *unit, size_t n)
{
    size_t u = strlen(unit);
    char *buf = malloc(n + 1);
    assert_non_null(buf);
    for (size_t k = 0; k < n; k++)
        buf[k] = unit[k % u];
    buf[n] = '\0';
    return buf;
}

static void test_linear(void **state)
{
    (void)state;
    /* A quadratic splitter needs minutes on these; a linear one
     * milliseconds. The bound is loose enough for a slow debug build. */
    const size_t mb = 1u << 20;
    size_t count;

    char *one = repeat("word and more words, ", mb);
    assert_true(time_split(one, mb, &count) < 1.0);
    assert_int_equal(count, 1);
    free(one);

    char *quotes = repeat("\" ", 200000);
    assert_true(time_split(quotes, 200000, &count) < 1.0);
    assert_int_equal(count, 1);
    free(quotes);

    char *abbr = repeat("Mr. Dr. U.S. e.g. Inc. Aug. 20 ", mb);
    assert_true(time_split(abbr, mb, &count) < 1.0);
    assert_true(count < 10);
    free(abbr);

    char *dots = repeat(".", mb);
    assert_true(time_split(dots, mb, &count) < 1.0);
    assert_int_equal(count, 1);
    free(dots);

    char *lines = repeat("Headline without stop\n", mb);
    assert_true(time_split(lines, mb, &count) < 1.0);
    assert_true(count > 40000);
    free(lines);

    char *spaces = repeat(" ", mb);
    memcpy(spaces, "Ok.", 3);
    spaces[mb - 1] = 'B';
    assert_true(time_split(spaces, mb, &count) < 1.0);
    assert_int_equal(count, 2);
    free(spaces);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_public),
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_enomem),
        cmocka_unit_test(test_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
