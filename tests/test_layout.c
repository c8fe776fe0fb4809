/* test_layout.c: page clean-up (body or furniture, with reasons) and the
 * metadata fields, on made-up pages in tests/data/layout/ and on small
 * texts written here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "lang.h"
#include "layout.h"
#include "precis.h"
#include "support.h"

static precis_lang *lang;

static int setup(void **state)
{
    (void)state;
    return precis_lang_new("english", NULL, 0, &lang);
}

static int teardown(void **state)
{
    (void)state;
    precis_lang_free(lang);
    return 0;
}

typedef struct page {
    char *bytes;
    precis_doc *doc;
    precis_layout *layout;
    const char *text;
} page;

static void page_from(page *p, const char *bytes, size_t len)
{
    assert_int_equal(precis_doc_new(bytes, len, 0, &p->doc, NULL), PRECIS_OK);
    assert_int_equal(precis_layout_new(p->doc, lang, &p->layout), PRECIS_OK);
    p->text = precis_doc_text(p->doc);
}

static void page_from_string(page *p, const char *s)
{
    p->bytes = NULL;
    page_from(p, s, strlen(s));
}

static void page_from_file(page *p, const char *name)
{
    char path[256];
    size_t len;
    snprintf(path, sizeof path, "layout/%s", name);
    p->bytes = test_read_data(path, &len);
    page_from(p, p->bytes, len);
}

static void page_free(page *p)
{
    precis_layout_free(p->layout);
    precis_doc_free(p->doc);
    free(p->bytes);
}

/* The first block whose text contains `needle`; fails when none does. */
static size_t block_with(const page *p, const char *needle)
{
    size_t nl = strlen(needle);
    size_t count = precis_layout_block_count(p->layout);
    for (size_t i = 0; i < count; i++) {
        precis_span s = precis_layout_block_span(p->layout, i);
        for (size_t k = s.start; k + nl <= s.end; k++) {
            if (memcmp(p->text + k, needle, nl) == 0)
                return i;
        }
    }
    fail_msg("no block contains \"%s\"", needle);
    return 0;
}

static void expect_body(const page *p, const char *needle)
{
    size_t b = block_with(p, needle);
    if (!precis_layout_block_is_body(p->layout, b))
        fail_msg("\"%s\" dropped as %s", needle,
                 precis_layout_block_reason(p->layout, b));
}

static void expect_dropped(const page *p, const char *needle,
                           const char *reason)
{
    size_t b = block_with(p, needle);
    const char *got = precis_layout_block_reason(p->layout, b);
    if (!got)
        fail_msg("\"%s\" kept as body, expected %s", needle, reason);
    assert_string_equal(got, reason);
    assert_false(precis_layout_block_is_body(p->layout, b));
}

static void expect_field(const page *p, precis_field f, const char *want)
{
    precis_span s;
    if (!want) {
        assert_int_equal(precis_layout_field(p->layout, f, &s), 0);
        return;
    }
    assert_int_equal(precis_layout_field(p->layout, f, &s), 1);
    assert_int_equal(s.end - s.start, strlen(want));
    assert_memory_equal(p->text + s.start, want, strlen(want));
}

static void expect_iso(const page *p, const char *want)
{
    const char *iso = precis_layout_date_iso(p->layout);
    if (!want) {
        assert_null(iso);
        return;
    }
    assert_non_null(iso);
    assert_string_equal(iso, want);
}

/* ------------------------------------------------------------------------ */

static void test_empty(void **state)
{
    (void)state;
    page p;
    page_from_string(&p, "");
    assert_int_equal(precis_layout_block_count(p.layout), 0);
    expect_field(&p, PRECIS_FIELD_TITLE, NULL);
    expect_field(&p, PRECIS_FIELD_DATE, NULL);
    expect_iso(&p, NULL);
    page_free(&p);
}

static void test_whitespace_only(void **state)
{
    (void)state;
    page p;
    page_from_string(&p, "  \n\t\r\n \xC2\xA0 \n\n\xE2\x80\x83\n");
    assert_int_equal(precis_layout_block_count(p.layout), 0);
    expect_field(&p, PRECIS_FIELD_TITLE, NULL);
    page_free(&p);
}

static void test_one_line(void **state)
{
    (void)state;
    page p;
    page_from_string(&p, "Just one line of text with no end at all");
    assert_int_equal(precis_layout_block_count(p.layout), 1);
    assert_true(precis_layout_block_is_body(p.layout, 0));
    assert_null(precis_layout_block_reason(p.layout, 0));
    expect_field(&p, PRECIS_FIELD_TITLE, NULL);
    page_free(&p);

    page_from_string(&p, "The mayor opened the new bridge on Friday.\n");
    assert_int_equal(precis_layout_block_count(p.layout), 1);
    assert_true(precis_layout_block_is_body(p.layout, 0));
    precis_span s = precis_layout_block_span(p.layout, 0);
    assert_int_equal(s.start, 0);
    assert_int_equal(s.end,
                     strlen("The mayor opened the new bridge on Friday."));
    page_free(&p);
}

/* Plain article text: only the title line leaves the body. */
static void test_plain_text_loses_nothing(void **state)
{
    (void)state;
    page p;
    page_from_file(&p, "plain.txt");
    expect_field(&p, PRECIS_FIELD_TITLE, "Rail freight grows for third year");
    expect_dropped(&p, "Rail freight grows for third year", "title");
    size_t count = precis_layout_block_count(p.layout);
    size_t dropped = 0;
    for (size_t i = 0; i < count; i++)
        dropped += !precis_layout_block_is_body(p.layout, i);
    assert_int_equal(dropped, 1);
    expect_body(&p, "Rail freight volumes rose");
    expect_body(&p, "Why it matters");
    expect_body(&p, "- two new depots open next year,");
    expect_body(&p, "Final standings");
    expect_body(&p, "2 Coastal Rail");
    expect_body(&p, "Results were published in full.");
    expect_field(&p, PRECIS_FIELD_BYLINE, NULL);
    expect_field(&p, PRECIS_FIELD_DATELINE, NULL);
    page_free(&p);
}

/* Text without a title: a long lead sentence is no headline. */
static void test_no_title(void **state)
{
    (void)state;
    page p;
    page_from_string(&p,
                     "The regional water agency approved on Wednesday the "
                     "construction of a large dam on the upper river, ending "
                     "a decade of debate over a project that divided the "
                     "valley.\n\n"
                     "Opponents said that the reservoir would flood three "
                     "villages and their farmland.\n");
    expect_field(&p, PRECIS_FIELD_TITLE, NULL);
    assert_int_equal(precis_layout_block_count(p.layout), 2);
    assert_true(precis_layout_block_is_body(p.layout, 0));
    assert_true(precis_layout_block_is_body(p.layout, 1));
    page_free(&p);
}

/* Text with no punctuation at all keeps its paragraphs. */
static void test_no_punctuation(void **state)
{
    (void)state;
    page p;
    page_from_string(&p, "river dam approved\n\n"
                         "the agency approved the dam on the upper river\n\n"
                         "villagers said they would fight it in court\n");
    expect_field(&p, PRECIS_FIELD_TITLE, "river dam approved");
    expect_body(&p, "the agency approved the dam");
    expect_body(&p, "villagers said they would fight");
    page_free(&p);
}

static void test_crlf_and_bom(void **state)
{
    (void)state;
    page p;
    page_from_string(&p,
                     "\xEF\xBB\xBFHarbour news in brief\r\n"
                     "\r\n"
                     "By Jane Doe\r\n"
                     "Nov. 26, 2021\r\n"
                     "\r\n"
                     "LONDON (Reuters) - The first paragraph of the story is "
                     "here and it is long enough to count.\r\n"
                     "\r\n"
                     "The second paragraph is here, and it says more things "
                     "about the story.\r\n");
    expect_field(&p, PRECIS_FIELD_TITLE, "Harbour news in brief");
    precis_span t;
    assert_true(precis_layout_field(p.layout, PRECIS_FIELD_TITLE, &t));
    assert_int_equal(t.start, 3); /* after the BOM */
    expect_field(&p, PRECIS_FIELD_BYLINE, "Jane Doe");
    expect_field(&p, PRECIS_FIELD_DATE, "Nov. 26, 2021");
    expect_iso(&p, "2021-11-26");
    expect_field(&p, PRECIS_FIELD_DATELINE, "LONDON (Reuters) -");
    size_t b = block_with(&p, "The second paragraph");
    precis_span s = precis_layout_block_span(p.layout, b);
    assert_int_equal(p.text[s.end - 1], '.'); /* no \r in the block */
    assert_int_equal(p.text[s.end], '\r');
    page_free(&p);
}

static void test_page_with_menus(void **state)
{
    (void)state;
    page p;
    page_from_file(&p, "page_menu.txt");
    expect_field(&p, PRECIS_FIELD_TITLE,
                 "Ferry service to resume after storm repairs");
    expect_field(&p, PRECIS_FIELD_BYLINE, "Anna Keller");
    expect_field(&p, PRECIS_FIELD_DATE, "March 3, 2022");
    expect_iso(&p, "2022-03-03");
    expect_field(&p, PRECIS_FIELD_DATELINE, "KIELPORT (Reuters) \xE2\x80\x94");

    expect_dropped(&p, "Site Menu", "list heading");
    expect_dropped(&p, "\xE2\x80\xA2 Front Page", "navigation");
    expect_dropped(&p, "Front Page \xE2\x80\xBA Local", "navigation");
    expect_dropped(&p, "Harbour Gazette", "repeated line");
    expect_dropped(&p, "By Anna Keller", "byline");
    expect_dropped(&p, "March 3, 2022", "date");
    expect_dropped(&p, "0\n0", "counter");
    expect_dropped(&p, "(Jonas Berg/Reuters)", "caption");
    expect_dropped(&p, "Related articles:", "list heading");
    expect_dropped(&p, "1. New crane arrives", "list");
    expect_dropped(&p, "Topics", "list heading");
    expect_dropped(&p, "\xE2\x80\xA2 Ferries", "list");
    expect_dropped(&p, "All rights reserved.", "footer");
    expect_dropped(&p, "Advertisement", "promotion");
    expect_dropped(&p, "Read more: Storm season", "promotion");

    expect_body(&p, "KIELPORT (Reuters)");
    expect_body(&p, "Engineers replaced the damaged pontoon");
    expect_body(&p, "Commuters had to take a bus");
    expect_body(&p, "\"We know it has been a hard month");
    expect_body(&p, "The authority said that the timetable");
    /* The body block starts at its paragraph, dateline included. */
    size_t b = block_with(&p, "KIELPORT (Reuters)");
    precis_span s = precis_layout_block_span(p.layout, b);
    assert_memory_equal(p.text + s.start, "KIELPORT", 8);
    page_free(&p);
}

static void test_page_with_comment_form(void **state)
{
    (void)state;
    page p;
    page_from_file(&p, "page_comments.txt");
    expect_field(&p, PRECIS_FIELD_TITLE,
                 "Valley farmers count the cost of late frost");
    expect_field(&p, PRECIS_FIELD_DATELINE, "Dorfen, Apr 12 (PTI):");
    expect_field(&p, PRECIS_FIELD_DATE, NULL);
    expect_field(&p, PRECIS_FIELD_BYLINE, NULL);
    expect_iso(&p, NULL);
    expect_body(&p, "Dorfen, Apr 12 (PTI): Fruit growers");
    expect_body(&p, "The union said that some orchards");
    expect_body(&p, "\"It is the earliest warm spell");
    expect_body(&p, "Growers plan to ask");
    expect_dropped(&p, "Most Read", "short line outside body");
    expect_dropped(&p, "Leave a Reply", "comment form");
    expect_dropped(&p, "Title: Valley farmers", "comment form");
    expect_dropped(&p, "You have 1500 characters left.", "comment form");
    expect_dropped(&p, "Disclaimer:", "comment form");
    expect_dropped(&p, "Please keep your comments polite", "comment form");
    expect_dropped(&p, "The publisher reserves the right", "comment form");
    page_free(&p);
}

static void test_page_with_teasers(void **state)
{
    (void)state;
    page p;
    page_from_file(&p, "page_teasers.txt");
    expect_field(&p, PRECIS_FIELD_TITLE,
                 "City council approves new cycle lanes");
    expect_field(&p, PRECIS_FIELD_DATE, "4 March 2022, 09:15");
    expect_iso(&p, "2022-03-04T09:15");
    expect_field(&p, PRECIS_FIELD_BYLINE, "City Press");
    expect_dropped(&p, "(Marta Ruiz/AP)", "caption");
    expect_dropped(&p, "Photo: City Press", "caption");
    expect_body(&p, "The plan adds forty kilometres");
    expect_body(&p, "The city council voted on Thursday");
    expect_body(&p, "Supporters said the lanes");
    expect_body(&p, "The mayor said that work");
    expect_dropped(&p, "By City Press", "byline");
    expect_dropped(&p, "More Stories", "teaser");
    expect_dropped(&p, "Heavy rain is expected", "teaser");
    expect_dropped(&p, "Tram drivers vote", "teaser");
    expect_dropped(&p, "Old bridge to close", "repeated line");
    expect_dropped(&p, "Library extends opening hours", "teaser");
    page_free(&p);
}

static void test_page_with_toolbar(void **state)
{
    (void)state;
    page p;
    page_from_file(&p, "page_toolbar.txt");
    /* The headline is repeated with a typo; the first one is the title. */
    expect_field(&p, PRECIS_FIELD_TITLE, "Storm damage at Putin's pier");
    expect_dropped(&p, "Storm damage at Putins pier", "title");
    expect_field(&p, PRECIS_FIELD_DATE, "5.3.2022 10:30");
    expect_iso(&p, "2022-03-05T10:30");
    expect_dropped(&p, "Date: 5.3.2022", "date");
    expect_body(&p, "Workers began clearing");
    expect_dropped(&p, "share print font+ font-", "toolbar");
    size_t b = block_with(&p, "The storm tore away");
    assert_true(precis_layout_block_is_body(p.layout, b));
    precis_span s = precis_layout_block_span(p.layout, b);
    /* One block for the lines of the paragraph under the tool bar. */
    assert_memory_equal(p.text + s.start, "The storm tore away", 19);
    const char *tail = "from its emergency fund.";
    assert_memory_equal(p.text + s.end - strlen(tail), tail, strlen(tail));
    expect_dropped(&p, "All Rights Reserved", "footer");
    page_free(&p);
}

/* A whole article on one line that ends with the site's copyright notice
 * is body; the short notice line under it is a footer. */
static void test_long_line_with_notice(void **state)
{
    (void)state;
    page p;
    page_from_file(&p, "page_one_line.txt");
    expect_body(&p, "The new ferry terminal in the old harbour");
    expect_body(&p, "\xC2\xA9" "2020 Coastal Daily. All rights reserved.");
    expect_dropped(&p, "\xC2\xA9 2020 Example Media. All rights reserved.",
                   "footer");
    page_free(&p);
}

static void test_photo_credit_line(void **state)
{
    (void)state;
    page p;
    page_from_string(&p,
                     "Flood waters recede in the valley\n\n"
                     "The river fell back below its banks on Sunday after "
                     "three days of flooding in the lower valley.\n\n"
                     "Picture: Valley Press\n\n"
                     "Residents began to clear mud from their homes and "
                     "shops, and the council sent extra crews to help them.\n\n"
                     "\xC2\xA9 River Agency\n\n"
                     "The weather service expects a dry week.\n");
    expect_dropped(&p, "Picture: Valley Press", "photo credit");
    /* A copyright credit under a photo does not end the article. */
    expect_dropped(&p, "River Agency", "photo credit");
    expect_body(&p, "The weather service expects a dry week.");
    expect_body(&p, "The river fell back");
    expect_body(&p, "Residents began to clear mud");
    page_free(&p);
}

typedef struct date_case {
    const char *line;
    const char *field;
    const char *iso;
} date_case;

static void test_date_shapes(void **state)
{
    (void)state;
    static const date_case cases[] = {
        {"November 26, 2021", "November 26, 2021", "2021-11-26"},
        {"Nov. 26, 2021", "Nov. 26, 2021", "2021-11-26"},
        {"2021-11-26", "2021-11-26", "2021-11-26"},
        {"11 January 2021, 14:24", "11 January 2021, 14:24",
         "2021-01-11T14:24"},
        {"Date: 12.1.2021 14:00", "12.1.2021 14:00", "2021-01-12T14:00"},
        {"Updated: March 5, 2022 at 2:30 pm", "March 5, 2022 at 2:30 pm",
         "2022-03-05T14:30"},
        {"Friday, 4th March 2022", "4th March 2022", "2022-03-04"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "Bridge reopens after repairs\n\n%s\n\n"
                 "The old bridge reopened to traffic on Monday after a "
                 "year of repairs to its main span.\n",
                 cases[i].line);
        page p;
        page_from_string(&p, text);
        expect_field(&p, PRECIS_FIELD_TITLE, "Bridge reopens after repairs");
        expect_field(&p, PRECIS_FIELD_DATE, cases[i].field);
        expect_iso(&p, cases[i].iso);
        expect_dropped(&p, cases[i].line, "date");
        page_free(&p);
    }
}

/* "Posted on <date> by <name>": one line, both fields. */
static void test_date_and_byline_line(void **state)
{
    (void)state;
    page p;
    page_from_string(&p, "Dam project wins approval\n\n"
                         "Posted on June 14, 2023 by Maria Santos\n\n"
                         "The water agency approved the construction of a "
                         "large dam on the upper river on Wednesday.\n");
    expect_field(&p, PRECIS_FIELD_TITLE, "Dam project wins approval");
    expect_field(&p, PRECIS_FIELD_DATE, "June 14, 2023");
    expect_iso(&p, "2023-06-14");
    expect_field(&p, PRECIS_FIELD_BYLINE, "Maria Santos");
    expect_dropped(&p, "Posted on", "byline");
    expect_body(&p, "The water agency approved");
    page_free(&p);
}

/* A sentence that mentions a date is text, not a date line. */
static void test_date_in_sentence_is_body(void **state)
{
    (void)state;
    page p;
    page_from_string(&p, "Bridge reopens after repairs\n\n"
                         "The bridge closed on November 26, 2021, after a "
                         "lorry struck one of its piers.\n");
    expect_field(&p, PRECIS_FIELD_DATE, NULL);
    expect_iso(&p, NULL);
    expect_body(&p, "The bridge closed on November 26, 2021");
    page_free(&p);
}

typedef struct dateline_case {
    const char *para;
    const char *dateline; /* NULL: none */
} dateline_case;

static void test_dateline_shapes(void **state)
{
    (void)state;
    static const dateline_case cases[] = {
        {"MOSCOW (AP) \xE2\x80\x93 The talks ended on Friday with an "
         "agreement on the border.",
         "MOSCOW (AP) \xE2\x80\x93"},
        {"MOSCOW \xE2\x80\x94 The talks ended on Friday with an agreement "
         "on the border.",
         "MOSCOW \xE2\x80\x94"},
        {"Baku, Aug 20 (IANS): The talks ended on Friday with an agreement "
         "on the border.",
         "Baku, Aug 20 (IANS):"},
        {"WASHINGTON, D.C. -- The talks ended on Friday with an agreement "
         "on the border.",
         "WASHINGTON, D.C. --"},
        {"Analysis: the talks ended on Friday with an agreement on the "
         "border.",
         NULL},
        {"The talks ended on Friday with an agreement on the border, the "
         "ministry said.",
         NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "Border talks end\n\n%s\n\nBoth sides said that they would "
                 "meet again in the spring.\n",
                 cases[i].para);
        page p;
        page_from_string(&p, text);
        expect_field(&p, PRECIS_FIELD_DATELINE, cases[i].dateline);
        /* The paragraph stays body from its first byte. */
        size_t b = block_with(&p, cases[i].para);
        assert_true(precis_layout_block_is_body(p.layout, b));
        precis_span s = precis_layout_block_span(p.layout, b);
        assert_memory_equal(p.text + s.start, cases[i].para, 8);
        page_free(&p);
    }
}

/* Reasons are static strings from one fixed set: equal reasons are the
 * same pointer across layouts. */
static void test_reasons_are_static(void **state)
{
    (void)state;
    page a, b;
    page_from_file(&a, "page_menu.txt");
    page_from_file(&b, "page_teasers.txt");
    const char *ra = precis_layout_block_reason(
        a.layout, block_with(&a, "By Anna Keller"));
    const char *rb = precis_layout_block_reason(
        b.layout, block_with(&b, "By City Press"));
    assert_ptr_equal(ra, rb);
    page_free(&a);
    page_free(&b);
}

static void test_null_and_range(void **state)
{
    (void)state;
    precis_layout *out = (precis_layout *)&out;
    assert_int_equal(precis_layout_new(NULL, lang, &out), PRECIS_EINVAL);
    precis_layout_free(NULL);
    assert_int_equal(precis_layout_block_count(NULL), 0);
    assert_false(precis_layout_block_is_body(NULL, 0));
    assert_null(precis_layout_block_reason(NULL, 0));
    assert_null(precis_layout_date_iso(NULL));
    precis_span s;
    assert_int_equal(precis_layout_field(NULL, PRECIS_FIELD_TITLE, &s), 0);

    page p;
    page_from_string(&p, "One line of body text that is here.");
    size_t n = precis_layout_block_count(p.layout);
    s = precis_layout_block_span(p.layout, n);
    assert_int_equal(s.start, 0);
    assert_int_equal(s.end, 0);
    assert_false(precis_layout_block_is_body(p.layout, n));
    assert_null(precis_layout_block_reason(p.layout, n));
    assert_int_equal(precis_layout_field(p.layout, (precis_field)7, &s), 0);
    page_free(&p);

    /* Without a language a small built-in list still finds prose. */
    precis_doc *doc;
    const char *t = "Title of it\n\nThe council said that it would meet "
                    "again in the spring to decide on the plan.\n";
    assert_int_equal(precis_doc_new(t, strlen(t), 0, &doc, NULL), PRECIS_OK);
    assert_int_equal(precis_layout_new(doc, NULL, &out), PRECIS_OK);
    assert_int_equal(precis_layout_block_count(out), 2);
    assert_true(precis_layout_block_is_body(out, 1));
    precis_layout_free(out);
    precis_doc_free(doc);
}

/* A language without stopwords: length and sentence ends still find the
 * body, and the furniture still goes. */
static void test_language_without_stopwords(void **state)
{
    (void)state;
    precis_lang *saved = lang;
    const char *none = "# no stopwords\n";
    assert_int_equal(precis_lang_new("english", none, strlen(none), &lang),
                     PRECIS_OK);
    page p;
    page_from_file(&p, "page_menu.txt");
    expect_field(&p, PRECIS_FIELD_TITLE,
                 "Ferry service to resume after storm repairs");
    expect_body(&p, "KIELPORT (Reuters)");
    expect_body(&p, "Engineers replaced the damaged pontoon");
    expect_body(&p, "The authority said that the timetable");
    expect_dropped(&p, "\xE2\x80\xA2 Front Page", "navigation");
    expect_dropped(&p, "1. New crane arrives", "list");
    expect_dropped(&p, "All rights reserved.", "footer");
    page_free(&p);
    precis_lang_free(lang);
    lang = saved;
}

/* Corpus pages: the headline facts, and no furniture in the body. */
typedef struct corpus_case {
    const char *file;
    const char *title;
    const char *dateline;
    const char *iso;
} corpus_case;

static void test_corpus_pages(void **state)
{
    (void)state;
    const char *dir = getenv("PRECIS_CORPUS");
    if (!dir)
        skip();
    static const corpus_case cases[] = {
        {"000_a5f373fb865d6447.txt",
         "Putin: talks with Armenia and Azerbaijani leaders "
         "\xE2\x80\x9C" "constructive\xE2\x80\x9D",
         "MOSCOW (AP) \xE2\x80\x93", "2021-11-26"},
        {"001_359f5cdc4e12491c.txt",
         "No breakthrough in Armenia, Azerbaijan peace talks in Russia",
         "MOSCOW \xE2\x80\x94", NULL},
        {"002_c8ada88432d5efe6.txt",
         "Putin pledges continued support for Azerbaijan-Armenia peace "
         "efforts",
         "Baku, Aug 20 (IANS):", NULL},
        {"003_de24a9370a978d47.txt",
         "Vladimir Putin hosts meeting with Armenia and Azerbaijan leaders",
         NULL, "2021-01-11T14:24"},
        {"004_526d5ea834b7c20c.txt", "Karabakh at Putin's table", NULL,
         "2021-01-12T14:00"},
    };
    /* Furniture of these pages (by shape: lists, credits, tool bars,
     * comment forms, footers, teaser headings). */
    static const char *const furniture[] = {
        "Related posts", "Recent Posts", "Leave a Comment", "/AP)",
        "Picture: PA", "zoom+", "All Rights Reserved", "Latest World News",
        "characters left", "Disclaimer", "\xE2\x80\xA2 ", "By Larry",
        "Home\xE2\x80\xBA",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, cases[i].file);
        size_t len;
        page p;
        p.bytes = test_read_file(path, &len);
        page_from(&p, p.bytes, len);
        expect_field(&p, PRECIS_FIELD_TITLE, cases[i].title);
        expect_field(&p, PRECIS_FIELD_DATELINE, cases[i].dateline);
        expect_iso(&p, cases[i].iso);
        size_t count = precis_layout_block_count(p.layout);
        size_t body = 0;
        for (size_t b = 0; b < count; b++) {
            if (!precis_layout_block_is_body(p.layout, b))
                continue;
            body++;
            precis_span s = precis_layout_block_span(p.layout, b);
            for (size_t k = 0; k < sizeof furniture / sizeof furniture[0];
                 k++) {
                size_t fl = strlen(furniture[k]);
                for (size_t at = s.start; at + fl <= s.end; at++) {
                    if (memcmp(p.text + at, furniture[k], fl) == 0)
                        fail_msg("%s: body block %zu has \"%s\"",
                                 cases[i].file, b, furniture[k]);
                }
            }
        }
        assert_true(body >= 2);
        page_free(&p);
    }
}

/* A long page stays fast: many paragraphs and many menu lines. */
static void test_large_page(void **state)
{
    (void)state;
    const char *para = "The council said that it would meet again in the "
                       "spring to decide on the plan.\n\n";
    const char *menu = "  \xE2\x80\xA2 Home\n";
    size_t n = 20000;
    size_t cap = n * (strlen(para) + strlen(menu)) + 64;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(text + len, menu, strlen(menu));
        len += strlen(menu);
    }
    for (size_t i = 0; i < n; i++) {
        memcpy(text + len, para, strlen(para));
        len += strlen(para);
    }
    page p;
    p.bytes = text;
    page_from(&p, text, len);
    size_t count = precis_layout_block_count(p.layout);
    assert_int_equal(count, n + 1);
    assert_false(precis_layout_block_is_body(p.layout, 0));
    assert_true(precis_layout_block_is_body(p.layout, count - 1));
    page_free(&p);
}

/* Lines that normalise alike (case, marks and spaces aside) repeat;
 * lines of the same length that differ do not. The same verdicts come
 * with and without an analyzer. */
static void check_repeats(const page *p)
{
    expect_dropped(p, "View of the old harbour", "repeated line");
    expect_dropped(p, "VIEW of the old-harbour", "repeated line");
    expect_body(p, "View of the new harbour");
    expect_body(p, "View of the red harbour");
    expect_dropped(p, "\xC3\x89t\xC3\xA9 \xC3\xA0 Paris", "repeated line");
    expect_dropped(p, "\xC3\x89T\xC3\x89 \xC3\x80 PARIS", "repeated line");
}

static void test_repeats_by_normalised_text(void **state)
{
    (void)state;
    static const char text[] =
        "Harbour works begin\n\n"
        "The council said on Monday that the work on the old harbour wall "
        "would begin in the spring and last for two years.\n\n"
        "View of the old harbour\n\n"
        "VIEW of the old-harbour\n\n"
        "Residents said that they were glad the work was going ahead at "
        "last, and that the wall had been in a poor state for years.\n\n"
        "View of the new harbour\n\n"
        "View of the red harbour\n\n"
        "The mayor said that the town would hold a meeting about the plan "
        "in the hall before the work begins in the spring.\n\n"
        "\xC3\x89t\xC3\xA9 \xC3\xA0 Paris\n\n"
        "\xC3\x89T\xC3\x89 \xC3\x80 PARIS\n\n"
        "A spokesman for the council said that the road by the harbour "
        "would stay open to traffic while the work was done.\n";
    page p;
    page_from_string(&p, text);
    check_repeats(&p);
    precis_layout_free(p.layout);

    precis_analyzer *an;
    assert_int_equal(precis_analyzer_new(lang, &an), PRECIS_OK);
    px_tokvec tokens = {NULL, 0, 0};
    assert_int_equal(px_layout_new_analyzed(p.doc, an, &tokens, &p.layout),
                     PRECIS_OK);
    check_repeats(&p);
    px_free(tokens.items);
    precis_analyzer_free(an);
    page_free(&p);
}

/* ------------------------------------------------------------------------
 * The analyzed layout's tokens are the tokenizer's: each line is read from
 * its classification, a run of letters and digits at a time, and only
 * runs a joiner or a byte >= 0x80 may carry on are read byte by byte.
 * Random lines of words, numbers, joiners in every place, capitals and
 * UTF-8 letters, marks and spaces, long enough to cross the 64-byte
 * blocks, read twice by one analyzer (the second time its hot cache
 * answers most words), must give the tokens px_tokenize gives, each word
 * with the entry of its folded text.
 * ------------------------------------------------------------------------ */

typedef struct token_list {
    size_t start[4096], end[4096];
    int kind[4096];
    size_t folded[4096], folded_len[4096]; /* in pool */
    char pool[128 * 1024];
    size_t n, used;
} token_list;

static int collect_token(void *ctx, int kind, const char *folded,
                         size_t folded_len, size_t start, size_t end)
{
    token_list *t = ctx;
    assert_true(t->n < 4096);
    assert_true(folded_len <= sizeof t->pool - t->used);
    t->start[t->n] = start;
    t->end[t->n] = end;
    t->kind[t->n] = kind;
    memcpy(t->pool + t->used, folded, folded_len);
    t->folded[t->n] = t->used;
    t->folded_len[t->n] = folded_len;
    t->used += folded_len;
    t->n++;
    return 0;
}

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

static void check_tokens(const char *text, size_t len, precis_analyzer *an,
                         token_list *want)
{
    precis_doc *doc;
    precis_layout *layout;
    assert_int_equal(precis_doc_new(text, len, 0, &doc, NULL), PRECIS_OK);
    const char *t = precis_doc_text(doc);
    px_tokvec tokens = {NULL, 0, 0};
    assert_int_equal(px_layout_new_analyzed(doc, an, &tokens, &layout),
                     PRECIS_OK);
    want->n = 0;
    want->used = 0;
    assert_int_equal(precis_tokenize(t, strlen(t), collect_token, want), 0);
    assert_int_equal(tokens.count, want->n);
    for (size_t k = 0; k < want->n; k++) {
        const px_token *got = &tokens.items[k];
        assert_int_equal(got->start, want->start[k]);
        assert_int_equal(got->len, want->end[k] - want->start[k]);
        if (want->kind[k] == PRECIS_TOKEN_NUMBER) {
            assert_int_equal(got->word, PX_TOKEN_NUMBER);
            continue;
        }
        assert_int_not_equal(got->word, PX_TOKEN_NUMBER);
        size_t n;
        const char *folded = px_analyzer_folded(an, got->word, &n);
        assert_int_equal(n, want->folded_len[k]);
        assert_memory_equal(folded, want->pool + want->folded[k], n);
    }
    px_free(tokens.items);
    precis_layout_free(layout);
    precis_doc_free(doc);
}

static void test_tokens_match_tokenizer(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "the", "The", "SAID", "a", "Putin", "o", "s", "x", "abcdefghijklmnop",
        "Abcdefghijklmnopq", "7", "10", "1990", "3rd", "bn", "2", "'", "'",
        "-", "-", ".", ",", ".", ",", " ", " ", " ", " ", "  ", ":", "\"",
        "(", "!", "?", "/", "\xC3\xA9", "\xC3\x89t\xC3\xA9", "\xE2\x80\x99",
        "\xE2\x80\x90", "\xE2\x80\x94", "\xE2\x80\x9C", "\xC2\xA0", "\xD0\x96",
        "\xCE\xA3", "\xE4\xB8\xAD", "_", "@", "#", "\t", "\xE2\x80\x9D",
        "\xE2\x80\x91", "\xE2\x80\x93", "\xE2\x80\xA6", "\xE2\x80\x98",
        "\xE2\x80\x8B", "\xE2\x80\x8D", "\xC2\xA3", "\xC2\xAA", "\xC2\xB5",
        "\xC2\xBA", "'s", "S", "9"};
    token_list *want = malloc(sizeof *want);
    assert_non_null(want);
    char *text = malloc(64 * 1024);
    assert_non_null(text);
    precis_analyzer *an;
    assert_int_equal(precis_analyzer_new(lang, &an), PRECIS_OK);
    uint32_t seed = 2024;
    for (int round = 0; round < 60; round++) {
        size_t len = 0;
        for (int line = 0; line < 30; line++) {
            size_t pieces_n = next_random(&seed) % 90;
            for (size_t k = 0; k < pieces_n; k++) {
                const char *p =
                    pieces[next_random(&seed) % (sizeof pieces /
                                                 sizeof pieces[0])];
                memcpy(text + len, p, strlen(p));
                len += strlen(p);
            }
            text[len++] = '\n';
            if (next_random(&seed) % 3 == 0)
                text[len++] = '\n';
        }
        check_tokens(text, len, an, want);
        check_tokens(text, len, an, want);
    }
    precis_analyzer_free(an);
    free(text);
    free(want);
}

/* ------------------------------------------------------------------------
 * Allocation failures: every allocation point returns PRECIS_ENOMEM and
 * leaves nothing behind.
 * ------------------------------------------------------------------------ */

typedef struct layout_case {
    precis_doc *doc;
    precis_lang *lang;
} layout_case;

static int make_layout(void *ctx)
{
    const layout_case *lc = ctx;
    precis_layout *out = (precis_layout *)&out;
    int rc = precis_layout_new(lc->doc, lc->lang, &out);
    if (rc != PRECIS_OK)
        assert_null(out);
    else
        precis_layout_free(out);
    return rc;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    precis_lang_free(lang);
    lang = NULL;
    test_mem_install();

    layout_case lc;
    assert_int_equal(precis_lang_new("english", NULL, 0, &lc.lang),
                     PRECIS_OK);
    size_t len;
    char *buf = test_read_data("layout/page_menu.txt", &len);
    assert_int_equal(precis_doc_new(buf, len, 0, &lc.doc, NULL), PRECIS_OK);

    /* Fail each allocation of layout in turn: every one must give
     * PRECIS_ENOMEM and leave nothing allocated beyond the document and
     * the language made above. */
    assert_true(test_mem_sweep(make_layout, &lc, SIZE_MAX, 0) > 5);
    precis_doc_free(lc.doc);
    precis_lang_free(lc.lang);
    free(buf);
    assert_int_equal(test_mem.live, 0);
    test_mem_remove();
    assert_int_equal(precis_lang_new("english", NULL, 0, &lang), PRECIS_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_whitespace_only),
        cmocka_unit_test(test_one_line),
        cmocka_unit_test(test_plain_text_loses_nothing),
        cmocka_unit_test(test_no_title),
        cmocka_unit_test(test_no_punctuation),
        cmocka_unit_test(test_crlf_and_bom),
        cmocka_unit_test(test_page_with_menus),
        cmocka_unit_test(test_page_with_comment_form),
        cmocka_unit_test(test_page_with_teasers),
        cmocka_unit_test(test_page_with_toolbar),
        cmocka_unit_test(test_long_line_with_notice),
        cmocka_unit_test(test_photo_credit_line),
        cmocka_unit_test(test_tokens_match_tokenizer),
        cmocka_unit_test(test_date_shapes),
        cmocka_unit_test(test_date_and_byline_line),
        cmocka_unit_test(test_date_in_sentence_is_body),
        cmocka_unit_test(test_dateline_shapes),
        cmocka_unit_test(test_reasons_are_static),
        cmocka_unit_test(test_null_and_range),
        cmocka_unit_test(test_language_without_stopwords),
        cmocka_unit_test(test_corpus_pages),
        cmocka_unit_test(test_large_page),
        cmocka_unit_test(test_repeats_by_normalised_text),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
