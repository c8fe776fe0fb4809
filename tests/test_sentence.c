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
#include "support.h"

static const char *const case_files[] = {
    "abbreviations.txt", "numbers.txt", "quotes.txt", "ellipsis.txt",
    "lines.txt",
};

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
        char path[256];
        snprintf(path, sizeof path, "sentence/%s", case_files[f]);
        char *data = test_read_data(path, &len);
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

static int split_text(void *ctx)
{
    const char *text = ctx;
    px_spanvec out = {0};
    int rc = px_sentences_split(text, 0, strlen(text), &out);
    px_spanvec_clear(&out);
    return rc;
}

static void test_enomem(void **state)
{
    (void)state;
    /* Enough sentences that the span vector grows a few times. */
    char text[4096] = "";
    for (int k = 0; k < 100; k++)
        strcat(text, "A short one. ");
    /* At least one failure, and far fewer than 50 allocations. */
    assert_true(test_mem_sweep(split_text, text, 50, 0) >= 1);
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

static void test_linear(void **state)
{
    (void)state;
    /* A quadratic splitter needs minutes on these; a linear one
     * milliseconds. The bound is loose enough for a slow debug build. */
    const size_t mb = 1u << 20;
    size_t count;

    char *one = test_repeat("word and more words, ", mb);
    assert_true(time_split(one, mb, &count) < 1.0);
    assert_int_equal(count, 1);
    free(one);

    char *quotes = test_repeat("\" ", 200000);
    assert_true(time_split(quotes, 200000, &count) < 1.0);
    assert_int_equal(count, 1);
    free(quotes);

    char *abbr = test_repeat("Mr. Dr. U.S. e.g. Inc. Aug. 20 ", mb);
    assert_true(time_split(abbr, mb, &count) < 1.0);
    assert_true(count < 10);
    free(abbr);

    char *dots = test_repeat(".", mb);
    assert_true(time_split(dots, mb, &count) < 1.0);
    assert_int_equal(count, 1);
    free(dots);

    char *lines = test_repeat("Headline without stop\n", mb);
    assert_true(time_split(lines, mb, &count) < 1.0);
    assert_true(count > 40000);
    free(lines);

    char *spaces = test_repeat(" ", mb);
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
