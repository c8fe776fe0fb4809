/* test_quote.c: pairing quote marks: every mark style, apostrophes that
 * are not quotes, mismatched and nested pairs, quotes left unclosed, the
 * multi-paragraph convention, titles in quote marks, and the
 * pathological inputs (100,000 unmatched marks, a 1 MB quote) that must
 * stay linear. */
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
#include "quote.h"
#include "support.h"

#define LQ "\xE2\x80\x9C" /* “ */
#define RQ "\xE2\x80\x9D" /* ” */
#define LS "\xE2\x80\x98" /* ‘ */
#define RS "\xE2\x80\x99" /* ’ */

/* Paragraphs are separated by blank lines, as in the tests' texts. */
typedef struct found {
    px_para paras[64];
    size_t npara;
    px_quotevec quotes;
    const char *text;
} found;

static void find(found *f, const char *text)
{
    memset(f, 0, sizeof *f);
    f->text = text;
    size_t len = strlen(text), i = 0;
    while (i < len && f->npara < 64) {
        const char *blank = strstr(text + i, "\n\n");
        size_t e = blank ? (size_t)(blank - text) : len;
        f->paras[f->npara].span.start = i;
        f->paras[f->npara++].span.end = e;
        i = blank ? e + 2 : len;
    }
    assert_int_equal(px_quotes_find(text, f->paras, f->npara, &f->quotes), 0);
}

static void clear(found *f)
{
    px_free(f->quotes.items);
    memset(&f->quotes, 0, sizeof f->quotes);
}

/* Checks quote i's content. */
static void is(const found *f, size_t i, const char *content)
{
    assert_true(i < f->quotes.count);
    precis_span s = f->quotes.items[i].content;
    if (s.end - s.start != strlen(content) ||
        memcmp(f->text + s.start, content, strlen(content)) != 0)
        fail_msg("quote %zu is \"%.*s\", expected \"%s\"", i,
                 (int)(s.end - s.start), f->text + s.start, content);
}

static void test_styles(void **state)
{
    (void)state;
    found f;
    find(&f, "He said " LQ "curly" RQ " and \"straight\" and "
             "\xC2\xAB" "guillemets" "\xC2\xBB" " and "
             "\xE2\x80\x9E" "low nine" LQ " and "
             "\xE2\x80\xB9" "single angle" "\xE2\x80\xBA" " and "
             LS "single curly" RS " and 'single straight' too.");
    assert_int_equal(f.quotes.count, 7);
    is(&f, 0, "curly");
    is(&f, 1, "straight");
    is(&f, 2, "guillemets");
    is(&f, 3, "low nine");
    is(&f, 4, "single angle");
    is(&f, 5, "single curly");
    is(&f, 6, "single straight");
    clear(&f);
    find(&f, "She called it 'a rescue' in the end.");
    assert_int_equal(f.quotes.count, 1);
    is(&f, 0, "a rescue");
    clear(&f);
}

static void test_apostrophes(void **state)
{
    (void)state;
    found f;
    find(&f, "Putin" RS "s plan, the " RS "90s, rock " RS "n" RS " roll, "
             "the leaders" RS " talks, 'til dawn, rock 'n' roll, and "
             "it's Putin's.");
    assert_int_equal(f.quotes.count, 0);
    clear(&f);
    /* An apostrophe inside a single-quoted quote does not close it. */
    find(&f, "He said " LS "Putin" RS "s plan is rock 'n' roll" RS
             " today.");
    assert_int_equal(f.quotes.count, 1);
    is(&f, 0, "Putin" RS "s plan is rock 'n' roll");
    clear(&f);
}

static void test_mismatched_and_nested(void **state)
{
    (void)state;
    found f;
    /* Opened curly, closed straight, with a straight re-opening after a
     * sentence the writer did not close. */
    find(&f, "Putin said, " LQ "The deal holds. \"The region is calm.\" "
             "Then he left.");
    assert_int_equal(f.quotes.count, 1);
    is(&f, 0, "The deal holds. \"The region is calm.");
    clear(&f);
    find(&f, LQ "They call it " LS "the plan" RS ", not a deal," RQ
             " she said.");
    assert_int_equal(f.quotes.count, 1);
    is(&f, 0, "They call it " LS "the plan" RS ", not a deal,");
    assert_true(f.quotes.items[0].flags & PRECIS_QUOTE_NESTED);
    clear(&f);
    /* Pairing looks for the fitting close: a right double mark closes the
     * double quote even after an unmatched single mark inside it. */
    find(&f, LQ "It was " LS "odd, he said." RQ " Then " LQ "next" RQ ".");
    assert_int_equal(f.quotes.count, 2);
    is(&f, 0, "It was " LS "odd, he said.");
    is(&f, 1, "next");
    clear(&f);
}

static void test_unclosed_and_multi_paragraph(void **state)
{
    (void)state;
    found f;
    find(&f, "Aliyev said they offered " LQ "to end the confrontation.\n\n"
             "The next paragraph has no quote.");
    assert_int_equal(f.quotes.count, 1);
    is(&f, 0, "to end the confrontation.");
    assert_true(f.quotes.items[0].flags & PRECIS_QUOTE_UNCLOSED);
    clear(&f);
    find(&f, "He said:\n\n" LQ "First part of a long quote.\n\n"
             LQ "Second part." RQ "\n\nAfter.");
    assert_int_equal(f.quotes.count, 1);
    is(&f, 0, "First part of a long quote.\n\n" LQ "Second part.");
    assert_true(f.quotes.items[0].flags & PRECIS_QUOTE_MULTI_PARAGRAPH);
    assert_int_equal(f.quotes.items[0].para, 1);
    assert_int_equal(f.quotes.items[0].last_para, 2);
    clear(&f);
}

static void test_archive_conventions(void **state)
{
    (void)state;
    found f;
    /* Two apostrophes stand for a double mark in some archives. */
    find(&f, "His show, ''a talk show,'' ran for years.");
    assert_int_equal(f.quotes.count, 1);
    is(&f, 0, "a talk show,");
    clear(&f);
    /* A left double mark typed where a right one belongs still closes. */
    find(&f, LQ "The firewall could go,\xE2\x80\x9C said the senator. "
             LQ "Then what?" RQ);
    assert_int_equal(f.quotes.count, 2);
    is(&f, 0, "The firewall could go,");
    is(&f, 1, "Then what?");
    clear(&f);
    /* A straight mark after a space closes when punctuation comes before
     * it: "outreach,' " he said. */
    find(&f, "\"I dislike the term 'outreach,' \" he said.");
    assert_int_equal(f.quotes.count, 1);
    is(&f, 0, "I dislike the term 'outreach,' ");
    clear(&f);
    /* A "..." paragraph and a “...” one: two quotes, not one. */
    find(&f, "\"Block quote from another paper.\n\n"
             LQ "A quote of ours," RQ " she said.");
    assert_int_equal(f.quotes.count, 2);
    is(&f, 0, "Block quote from another paper.");
    is(&f, 1, "A quote of ours,");
    clear(&f);
}

static void test_partial_and_titles(void **state)
{
    (void)state;
    found f;
    find(&f, "He called the situation a " LQ "crisis" RQ ". " LQ
             "We are ready," RQ " he said on " LQ "Face the Nation" RQ ".");
    assert_int_equal(f.quotes.count, 2); /* the show is not a quote */
    is(&f, 0, "crisis");
    assert_true(f.quotes.items[0].flags & PRECIS_QUOTE_PARTIAL);
    is(&f, 1, "We are ready,");
    assert_false(f.quotes.items[1].flags & PRECIS_QUOTE_PARTIAL);
    clear(&f);
    /* In a headline every word is capitalised: not a title there. */
    memset(&f, 0, sizeof f);
    const char *h = "Clinton Speaks " LS "Directly To White People" RS;
    f.text = h;
    f.paras[0].span.start = 0;
    f.paras[0].span.end = strlen(h);
    f.paras[0].headline = 1;
    assert_int_equal(px_quotes_find(h, f.paras, 1, &f.quotes), 0);
    assert_int_equal(f.quotes.count, 1);
    assert_true(f.quotes.items[0].flags & PRECIS_QUOTE_HEADLINE);
    clear(&f);
}

/* Replaces each "\\n" of s (in place) with a line break. */
static void unescape(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (s[0] == '\\' && s[1] == 'n') {
            *o++ = '\n';
            s++;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
}

/* tests/data/quote/pairs.txt: one case a line, the text, a tab, and the
 * quotes expected joined by " | ". */
static void test_table(void **state)
{
    (void)state;
    size_t len;
    char *data = test_read_data("quote/pairs.txt", &len);
    char line[4096];
    const char *next = data;
    size_t cases = 0;
    while (*next) {
        const char *nl = strchr(next, '\n');
        size_t n = nl ? (size_t)(nl - next) : strlen(next);
        assert_true(n < sizeof line);
        memcpy(line, next, n);
        line[n] = '\0';
        next += nl ? n + 1 : n;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        char *want = tab + 1;
        unescape(line);
        unescape(want);
        found f;
        find(&f, line);
        char got[4096];
        size_t o = 0;
        got[0] = '\0';
        for (size_t i = 0; i < f.quotes.count; i++) {
            precis_span s = f.quotes.items[i].content;
            o += (size_t)snprintf(got + o, sizeof got - o, "%s%.*s",
                                  i ? " | " : "", (int)(s.end - s.start),
                                  line + s.start);
        }
        if (strcmp(got, want) != 0)
            fail_msg("\"%s\": found \"%s\", expected \"%s\"", line, got,
                     want);
        clear(&f);
        cases++;
    }
    free(data);
    assert_true(cases >= 20);
}

static double seconds(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* Runs px_quotes_find on t as one paragraph and frees it. */
static double timed(char *t, size_t *count)
{
    size_t n = strlen(t);
    px_para p = {{0, n}, 0, 0};
    px_quotevec v = {NULL, 0, 0};
    double t0 = seconds();
    assert_int_equal(px_quotes_find(t, &p, 1, &v), 0);
    double dt = seconds() - t0;
    *count = v.count;
    px_free(v.items);
    free(t);
    return dt;
}

/* Marks are found eight bytes at a time through plain ASCII: a quote must
 * be found whatever the mark's offset in such a block, and a letter that
 * is not ASCII (a byte above 0x7F, as every curly mark is) must not make
 * one. */
static void test_marks_at_every_offset(void **state)
{
    (void)state;
    static const char *const styles[][2] = {
        {"\"", "\""}, {LQ, RQ}, {"\xC2\xAB", "\xC2\xBB"}, {"'", "'"}};
    for (size_t k = 0; k < sizeof styles / sizeof styles[0]; k++) {
        for (size_t pad = 0; pad < 20; pad++) {
            char text[128];
            int n = snprintf(text, sizeof text,
                             "%.*s caf\xC3\xA9 said %sGo home%s now.",
                             (int)pad, "xxxxxxxxxxxxxxxxxxxx", styles[k][0],
                             styles[k][1]);
            assert_true(n > 0 && (size_t)n < sizeof text);
            found f;
            find(&f, text);
            assert_int_equal(f.quotes.count, 1);
            is(&f, 0, "Go home");
            size_t open = pad + strlen(" caf\xC3\xA9 said ");
            assert_int_equal(f.quotes.items[0].open, open);
            assert_int_equal(f.quotes.items[0].close,
                             open + strlen(styles[k][0]) + 7);
            clear(&f);
        }
    }
}

static void test_pathological_linear(void **state)
{
    (void)state;
    size_t count;
    /* " 'a" repeated: 100,000 single marks that could open and never
     * close; a finder that searched ahead from each one would be
     * quadratic. */
    double small = timed(test_repeat(" 'a", 300000), &count);
    assert_int_equal(count, 0);
    double big = timed(test_repeat(" 'a", 3000000), &count);
    assert_int_equal(count, 0);
    /* Ten times the input may cost ten times the time, with slack for a
     * noisy machine, never a hundred. */
    assert_true(big < small * 40 + 0.05);
    /* A 1 MB quote left open. */
    char *t = test_repeat("word ", 1 << 20);
    t[0] = '"';
    timed(t, &count);
    assert_int_equal(count, 1);
    /* 100,000 straight double marks that open and re-open. */
    small = timed(test_repeat(" \"a", 300000), &count);
    assert_int_equal(count, 1);
    big = timed(test_repeat(" \"a", 3000000), &count);
    assert_true(big < small * 40 + 0.05);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_styles),
        cmocka_unit_test(test_apostrophes),
        cmocka_unit_test(test_mismatched_and_nested),
        cmocka_unit_test(test_unclosed_and_multi_paragraph),
        cmocka_unit_test(test_archive_conventions),
        cmocka_unit_test(test_partial_and_titles),
        cmocka_unit_test(test_marks_at_every_offset),
        cmocka_unit_test(test_pathological_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
