/* test_attribute.c: every attribution shape on its own short made-up
 * article, pronoun and role resolution, speakers shared across documents,
 * abstention, and a failing-allocator sweep over precis_quotes_new. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "precis.h"
#include "speaker.h"
#include "support.h"

#define LQ "\xE2\x80\x9C" /* “ */
#define RQ "\xE2\x80\x9D" /* ” */

/* An article (support.h) and its quotes; doc and lang repeat the
 * article's for brevity. */
typedef struct made {
    test_article a;
    precis_doc *doc;
    precis_lang *lang;
    precis_quotes *quotes;
} made;

static int build(made *m, const char *text, precis_speakers *set)
{
    memset(m, 0, sizeof *m);
    int rc = test_article_open(&m->a, text, strlen(text));
    m->doc = m->a.doc;
    m->lang = m->a.lang;
    if (!rc)
        rc = precis_quotes_new(m->a.article, set, &m->quotes);
    return rc;
}

static void release(made *m)
{
    precis_quotes_free(m->quotes);
    test_article_close(&m->a);
    memset(m, 0, sizeof *m);
}

/* The index of the quote whose text starts with `prefix`. */
static size_t find_quote(const made *m, const char *prefix)
{
    const char *t = precis_doc_text(m->doc);
    for (size_t i = 0; i < precis_quotes_count(m->quotes); i++) {
        precis_span s = precis_quotes_span(m->quotes, i);
        if (s.end - s.start >= strlen(prefix) &&
            memcmp(t + s.start, prefix, strlen(prefix)) == 0)
            return i;
    }
    fail_msg("no quote starts with \"%s\"", prefix);
    return 0;
}

/* Checks the speaker (NULL: abstains), the mention's words (NULL: none)
 * and the sieve (NULL: not checked) of the quote starting with prefix. */
static void expect(const made *m, const char *prefix, const char *speaker,
                   const char *mention, const char *sieve)
{
    size_t i = find_quote(m, prefix);
    const char *sp = precis_quotes_speaker(m->quotes, i);
    if (speaker == NULL) {
        if (sp)
            fail_msg("\"%s\": expected no speaker, got %s", prefix, sp);
    } else {
        if (!sp)
            fail_msg("\"%s\": expected %s, got none", prefix, speaker);
        assert_string_equal(sp, speaker);
    }
    precis_span ms;
    int has = precis_quotes_mention(m->quotes, i, &ms);
    if (mention == NULL) {
        assert_false(has);
    } else {
        assert_true(has);
        const char *t = precis_doc_text(m->doc);
        assert_int_equal(ms.end - ms.start, strlen(mention));
        assert_memory_equal(t + ms.start, mention, strlen(mention));
    }
    if (sieve)
        assert_string_equal(precis_quotes_sieve(m->quotes, i), sieve);
}

static const char *cue_text(const made *m, size_t i, char *buf, size_t cap)
{
    precis_span c;
    if (!precis_quotes_cue(m->quotes, i, &c))
        return NULL;
    size_t n = c.end - c.start < cap - 1 ? c.end - c.start : cap - 1;
    memcpy(buf, precis_doc_text(m->doc) + c.start, n);
    buf[n] = '\0';
    return buf;
}

/* Checks the cue of the quote starting with prefix. */
static void expect_cue(const made *m, const char *prefix, const char *cue)
{
    char buf[32];
    const char *got = cue_text(m, find_quote(m, prefix), buf, sizeof buf);
    assert_non_null(got);
    assert_string_equal(got, cue);
}

static const char sweep_text_for_layout[] =
    "Leaders meet in Sochi\n\n"
    "Russian President Vladimir Putin hosted Armenian Prime Minister "
    "Nikol Pashinyan on Friday.\n\n"
    LQ "We have reached agreement," RQ " Putin said.\n\n"
    "The Armenian prime minister called the talks " LQ "useful and "
    "open" RQ ".\n";

static void test_trailing(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Harbour council backs sea wall\n\n"
        "Mayor Ana Field of Port Ellery spoke to the council on Tuesday.\n\n"
        LQ "We cannot wait for another storm," RQ " Field said.\n\n"
        LQ "The wall comes first," RQ " said Field. " LQ "Then the road." RQ
        "\n", NULL), PRECIS_OK);
    expect(&m, "We cannot", "Ana Field", "Field", "trailing");
    expect(&m, "The wall comes", "Ana Field", "Field", "trailing");
    /* The rest of an interrupted quote: the paragraph's speaker. */
    expect(&m, "Then the road", "Ana Field", "Field", "paragraph");
    char buf[32];
    assert_string_equal(cue_text(&m, find_quote(&m, "We cannot"), buf,
                                 sizeof buf), "said");
    release(&m);
}

static void test_leading_colon_and_clause(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Ministers meet at the lake\n\n"
        "Foreign Minister Lena Ostrova arrived at the lake house on Monday "
        "and said: " LQ "We came to listen." RQ "\n\n"
        "Later Ostrova spoke to the press and said:\n\n"
        LQ "Nothing is agreed until everything is agreed." RQ "\n\n"
        "Ostrova said the delegations " LQ "have found common ground" RQ
        " on water rights.\n", NULL), PRECIS_OK);
    expect(&m, "We came", "Lena Ostrova", "Foreign Minister Lena Ostrova",
           "leading");
    expect(&m, "Nothing is agreed", "Lena Ostrova", "Ostrova", "colon");
    expect(&m, "have found", "Lena Ostrova", "Ostrova", "leading");
    /* A fragment inside the sentence is flagged partial. */
    size_t i = find_quote(&m, "have found");
    assert_true(precis_quotes_flags(m.quotes, i) & PRECIS_QUOTE_PARTIAL);
    release(&m);
}

static void test_appositive_and_according(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Bridge plan wins support\n\n"
        "The river bridge will reopen next year, officials said on "
        "Wednesday.\n\n"
        LQ "It is safe again," RQ " Piet Varga, the county engineer, said.\n\n"
        "Mara Lind, the county treasurer, said the repairs were "
        LQ "within budget" RQ ".\n\n"
        "According to Lind, " LQ "the money was set aside in March" RQ ".\n",
        NULL), PRECIS_OK);
    expect(&m, "It is safe", "Piet Varga", "Piet Varga", "trailing");
    expect(&m, "within budget", "Mara Lind", "Mara Lind", "leading");
    expect(&m, "the money", "Mara Lind", "Lind", "according");
    release(&m);
}

static void test_speech_verbs(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Port strike ends\n\n"
        "Union leader Kai Brandt told reporters the strike was "
        LQ "over for now" RQ ".\n\n"
        "Dock owner Ruth Amsel added that the deal was " LQ "fair" RQ ".\n\n"
        "Brandt noted that wages " LQ "rose by a tenth" RQ ".\n\n"
        "Amsel lamented the " LQ "lost weeks" RQ ".\n\n"
        "Brandt called it " LQ "a good day" RQ ".\n\n"
        "Amsel echoed the " LQ "good day" RQ " remark.\n", NULL), PRECIS_OK);
    expect(&m, "over for now", "Kai Brandt", "Union leader Kai Brandt",
           "leading");
    expect(&m, "fair", "Ruth Amsel", "Ruth Amsel", "leading");
    expect(&m, "rose by", "Kai Brandt", "Brandt", "leading");
    expect(&m, "lost weeks", "Ruth Amsel", "Amsel", "leading");
    expect(&m, "a good day", "Kai Brandt", "Brandt", "leading");
    expect(&m, "good day", "Ruth Amsel", "Amsel", "leading");
    char buf[32];
    assert_string_equal(cue_text(&m, find_quote(&m, "over for"), buf,
                                 sizeof buf), "told");
    assert_string_equal(cue_text(&m, find_quote(&m, "lost weeks"), buf,
                                 sizeof buf), "lamented");
    release(&m);
}

static void test_continuation_paragraph(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Orchard harvest doubles\n\n"
        LQ "We picked twice as much as last year," RQ
        " Ida Moss, a grower, said.\n\n"
        LQ "The frost never came." RQ "\n\n"
        "Prices fell at the market.\n", NULL), PRECIS_OK);
    expect(&m, "We picked", "Ida Moss", "Ida Moss", "trailing");
    expect(&m, "The frost", "Ida Moss", "Ida Moss", "continuation");
    release(&m);
}

static void test_pronouns_follow_gender(void **state)
{
    (void)state;
    made m;
    /* "she" skips the nearest name (a man) for the woman who spoke. */
    assert_int_equal(build(&m,
        "Library to stay open\n\n"
        "Ms Clara Oduya, the head librarian, spoke after the vote. Mr Jonas "
        "Pell, the council treasurer, had opposed the plan.\n\n"
        LQ "Books are not a luxury," RQ " she said.\n\n"
        LQ "The numbers do not add up," RQ " he said.\n", NULL), PRECIS_OK);
    expect(&m, "Books are", "Clara Oduya", "she", "trailing");
    expect(&m, "The numbers", "Jonas Pell", "he", "trailing");
    release(&m);
}

static void test_role_nominals(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Leaders meet in Sochi\n\n"
        "Russian President Vladimir Putin hosted Azerbaijani President "
        "Ilham Aliyev and Armenian Prime Minister Nikol Pashinyan.\n\n"
        "The Azerbaijani president said the talks were " LQ "open" RQ
        ", and the Armenian prime minister called them " LQ "positive" RQ
        ".\n\n"
        "The Russian leader said the sides " LQ "agreed on a lot" RQ ".\n\n"
        "Mr Putin said the work " LQ "will go on" RQ ".\n", NULL), PRECIS_OK);
    expect(&m, "open", "Ilham Aliyev", "The Azerbaijani president",
           "leading");
    expect(&m, "positive", "Nikol Pashinyan", "the Armenian prime minister",
           "leading");
    expect(&m, "agreed on", "Vladimir Putin", "The Russian leader",
           "leading");
    expect(&m, "will go on", "Vladimir Putin", "Mr Putin", "leading");
    release(&m);
}

static void test_organisations_headline_dash(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Tarrow: ceasefire talks " LQ "constructive" RQ "\n\n"
        "Envoy Ben Tarrow met both sides in Geneva on Friday.\n\n"
        "The EU praised " LQ "a real step forward" RQ ".\n\n"
        LQ "We will be back in May." RQ " \xE2\x80\x95 Ben Tarrow\n", NULL),
        PRECIS_OK);
    size_t h = find_quote(&m, "constructive");
    assert_true(precis_quotes_flags(m.quotes, h) & PRECIS_QUOTE_HEADLINE);
    expect(&m, "constructive", "Ben Tarrow", "Tarrow", "headline");
    expect(&m, "a real step", "EU", "The EU", "leading");
    expect(&m, "We will be back", "Ben Tarrow", "Ben Tarrow", "dash");
    release(&m);
}

static void test_name_colon_and_lines(void **state)
{
    (void)state;
    made m;
    /* One paragraph per line, no blank lines: each line is a paragraph,
     * so the second quote continues the first speaker's, and the
     * editor's note after it is no speaker ("note" is a noun there). */
    assert_int_equal(build(&m,
        "Polls and pollsters\n\n"
        "The race tightened in the last week of the campaign.\n"
        "Pollster Rita Quan: " LQ "Late deciders broke for the challenger." RQ
        "\n"
        LQ "Nobody saw the turnout coming," RQ " Quan said.\n"
        LQ "We will look at our weights again." RQ "\n"
        "Editor's note: the figures were updated on Monday.\n", NULL),
        PRECIS_OK);
    expect(&m, "Late deciders", "Rita Quan", "Pollster Rita Quan", "colon");
    expect(&m, "Nobody saw", "Rita Quan", "Quan", "trailing");
    expect(&m, "We will look", "Rita Quan", "Quan", "continuation");
    release(&m);
}

static void test_same_surname(void **state)
{
    (void)state;
    precis_speakers *set = NULL;
    assert_int_equal(precis_speakers_new(&set), PRECIS_OK);
    made a, b;
    /* Two people share a surname: within an article the nearest one with
     * the right gender, across articles two speakers. */
    assert_int_equal(build(&a,
        "Campaign trail\n\n"
        "Former President Bill Clinton spoke first, then Senator Hillary "
        "Clinton took the stage.\n\n"
        LQ "We are ready," RQ " Mrs. Clinton said.\n\n"
        LQ "She is ready," RQ " Mr. Clinton said.\n", set), PRECIS_OK);
    assert_int_equal(build(&b,
        "Rally in Ohio\n\n"
        "Senator Hillary Clinton spoke in Toledo on Monday.\n\n"
        LQ "Ohio matters," RQ " Clinton said.\n", set), PRECIS_OK);
    expect(&a, "We are ready", "Hillary Clinton", "Mrs. Clinton", NULL);
    expect(&a, "She is ready", "Bill Clinton", "Mr. Clinton", NULL);
    expect(&b, "Ohio matters", "Hillary Clinton", "Clinton", NULL);
    assert_int_equal(precis_speakers_count(set), 2);
    release(&a);
    release(&b);
    precis_speakers_free(set);
}

static void test_line_breaks(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Ferry service resumes\n\n"
        "The ferry ran again on Tuesday after a week of storms.\n"
        LQ "We lost a week of trade. Now we start again.\n"
        "The harbour is open.\n"
        LQ "We waited a long time.\n"
        "and we will wait no longer," RQ " said Tom Hale, a skipper.\n",
        NULL), PRECIS_OK);
    /* One paragraph per line: a quote left open ends with its line. */
    size_t i = find_quote(&m, "We lost a week");
    precis_span s = precis_quotes_span(m.quotes, i);
    assert_int_equal(s.end - s.start, strlen("We lost a week of trade. Now "
                                             "we start again."));
    assert_true(precis_quotes_flags(m.quotes, i) & PRECIS_QUOTE_UNCLOSED);
    /* A line that closes it was a wrap inside the quote. */
    i = find_quote(&m, "We waited");
    s = precis_quotes_span(m.quotes, i);
    assert_int_equal(s.end - s.start,
                     strlen("We waited a long time.\nand we will wait no "
                            "longer,"));
    expect(&m, "We waited", "Tom Hale", "Tom Hale", "trailing");
    release(&m);
}

static void test_subjects(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Primary night\n\n"
        "After winning Ohio, Gov. Jon Kasko (R-OH), said, " LQ "We are on "
        "our way west." RQ "\n\n"
        "Senator Ada Brill did not name her rivals but told her "
        "supporters, " LQ "Our work is not done." RQ "\n\n"
        "Brill defended the plan on Monday, calling it " LQ "a fair deal "
        "for every town" RQ " and saying, " LQ "It pays for itself." RQ
        "\n", NULL), PRECIS_OK);
    /* A name between commas after an opening clause is the subject. */
    expect(&m, "We are on", "Jon Kasko", "Gov. Jon Kasko", "leading");
    /* Who was told is not who spoke. */
    expect(&m, "Our work", "Ada Brill", "Senator Ada Brill", "leading");
    /* "saying" takes the subject of its sentence, over an earlier quote. */
    expect(&m, "It pays", "Ada Brill", "Brill", "leading");
    release(&m);
}

static void test_from_layout(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m, sweep_text_for_layout, NULL), PRECIS_OK);
    precis_layout *layout = NULL;
    assert_int_equal(precis_layout_new(m.doc, m.lang, &layout), PRECIS_OK);
    precis_quotes *q = NULL;
    assert_int_equal(precis_quotes_from_layout(layout, NULL, &q), PRECIS_OK);
    /* The same quotes and speakers as through the article. */
    assert_int_equal(precis_quotes_count(q), precis_quotes_count(m.quotes));
    assert_true(precis_quotes_count(q) >= 2);
    for (size_t i = 0; i < precis_quotes_count(q); i++) {
        precis_span a = precis_quotes_span(q, i);
        precis_span b = precis_quotes_span(m.quotes, i);
        assert_int_equal(a.start, b.start);
        assert_int_equal(a.end, b.end);
        assert_string_equal(precis_quotes_speaker(q, i),
                            precis_quotes_speaker(m.quotes, i));
    }
    precis_quotes_free(q);
    assert_int_equal(precis_quotes_from_layout(NULL, NULL, &q),
                     PRECIS_EINVAL);
    assert_null(q);
    precis_layout_free(layout);
    release(&m);
}

static void test_abstains(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Storm season begins\n\n"
        "The word " LQ "hurricane" RQ " comes from the Caribbean.\n\n"
        "A banner with the words " LQ "we will rebuild this town" RQ
        " hung over the road.\n\n"
        LQ "We are ready," RQ " they said.\n", NULL), PRECIS_OK);
    /* A quoted word nobody is said to have said is no quote. */
    const char *t = precis_doc_text(m.doc);
    for (size_t i = 0; i < precis_quotes_count(m.quotes); i++) {
        precis_span s = precis_quotes_span(m.quotes, i);
        assert_false(s.end - s.start == 9 &&
                     memcmp(t + s.start, "hurricane", 9) == 0);
    }
    assert_int_equal(precis_quotes_count(m.quotes), 2);
    /* A longer one stays, with no speaker and no mention. */
    expect(&m, "we will rebuild", NULL, NULL, "none");
    /* A pronoun with no one to point to: the mention, but no name. */
    expect(&m, "We are ready", NULL, "they", "trailing");
    release(&m);
}

/* Texts speak too: a review, a memo, a letter; and a sentence that
 * introduces a quote with a colon has its subject as the speaker. */
static void test_texts_as_speakers(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Ferry fares rise\n\n"
        "The review used one of her phrases as its title: " LQ "Sail or "
        "sink." RQ "\n\n"
        "The memo went on to say: " LQ "Fares will rise in May." RQ "\n\n"
        "Tomas Reyes wrote to the board. Reyes" "\xE2\x80\x99" "s letter makes "
        "the case plainly: " LQ "The boats are old." RQ "\n\n"
        LQ "We saw no other way," RQ " a notice on the pier reads.\n\n"
        "Thanks to the vote, Reyes can add a title to his card: " LQ
        "ferry rebel and proud of it" RQ ".\n\n"
        LQ "The last crossing of the season is done." RQ " - the flags went "
        "up on the pier.\n", NULL), PRECIS_OK);
    expect(&m, "Sail or", NULL, "The review", "colon");
    expect(&m, "Fares will", NULL, "The memo", "leading");
    expect(&m, "The boats", NULL, "Reyes\xE2\x80\x99s letter", "colon");
    expect(&m, "We saw no", NULL, "a notice", "trailing");
    /* "Thanks" opens the sentence but is no one. */
    expect(&m, "ferry rebel", NULL, NULL, "none");
    /* After a dash only a name signs a quote. */
    expect(&m, "The last crossing", NULL, NULL, "none");
    release(&m);
}

/* Speakers the article never names: "a doctor", "one man", "another",
 * "one of the organisers", two roles of one person, a plural body. */
static void test_indefinite_speakers(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Clinic reopens\n\n"
        "On the chart, a nurse had typed " LQ "stable" RQ " twice.\n\n"
        "One patient wrote, " LQ "The waiting room is warm again." RQ "\n\n"
        "Another visitor said, " LQ "It took long enough." RQ "\n\n"
        LQ "We never closed the doors," RQ " said one of the organisers.\n\n"
        LQ "Better late than never," RQ " tweeted another.\n\n"
        LQ "The money came through," RQ " the county commissioner and "
        "Democratic candidate said.\n\n"
        LQ "The records were kept," RQ " county investigators wrote.\n", NULL),
        PRECIS_OK);
    expect(&m, "stable", NULL, "a nurse", "leading");
    expect(&m, "The waiting", NULL, "One patient", "leading");
    expect(&m, "It took", NULL, "Another visitor", "leading");
    expect(&m, "We never", NULL, "one of the organisers", "trailing");
    expect(&m, "Better late", NULL, "another", "trailing");
    expect(&m, "The money", NULL,
           "the county commissioner and Democratic candidate", "trailing");
    expect(&m, "The records", NULL, "county investigators", "trailing");
    release(&m);
}

/* Verb phrases ("went on", "put it", "shot back"), a participle after
 * "X said," and a sentence whose subject speaks through a participle. */
static void test_verb_phrases_and_participles(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Bridge vote delayed\n\n"
        "Mayor Ana Field opened the meeting.\n\n"
        "Field went on, " LQ "We will not rush this." RQ "\n\n"
        "As Senator Omar Reyes put it, " LQ "the bridge can wait." RQ
        "\n\n"
        "Reyes shot back: " LQ "Nobody asked me." RQ "\n\n"
        "The vote is close, Field said, adding, " LQ "Two members are "
        "away." RQ "\n\n"
        "The spokesman refused to name them, adding: " LQ "They will be "
        "back." RQ "\n\n"
        "Field visited the United States, saying " LQ "their bridges are "
        "newer." RQ "\n\n"
        "Field dismissed Reyes" "\xE2\x80\x99" " comments on Tuesday, telling "
        "reporters, " LQ "The plan stands." RQ "\n", NULL), PRECIS_OK);
    expect(&m, "We will not", "Ana Field", "Field", "leading");
    expect(&m, "the bridge", "Omar Reyes", "Senator Omar Reyes",
           "leading");
    expect(&m, "Nobody asked", "Omar Reyes", "Reyes", "leading");
    expect(&m, "Two members", "Ana Field", "Field", "leading");
    expect(&m, "They will", NULL, "The spokesman", "leading");
    /* "States" is part of a name here, not a speech verb. */
    expect(&m, "their bridges", "Ana Field", "Field", "leading");
    /* "Reyes' comments": a noun after a plural possessive. */
    expect(&m, "The plan", "Ana Field", "Field", "leading");
    char buf[32];
    assert_string_equal(cue_text(&m, find_quote(&m, "We will not"), buf,
                                 sizeof buf), "went");
    assert_string_equal(cue_text(&m, find_quote(&m, "the bridge"), buf,
                                 sizeof buf), "put");
    release(&m);
}

static void test_speakers_across_documents(void **state)
{
    (void)state;
    precis_speakers *set = NULL;
    assert_int_equal(precis_speakers_new(&set), PRECIS_OK);
    const char tsv[] = "# canonical, then aliases\n"
                       "Ilham Aliyev\tthe Azerbaijani leader\tAliyev\n";
    assert_int_equal(precis_speakers_add_aliases(set, tsv, sizeof tsv - 1),
                     PRECIS_OK);
    made a, b;
    assert_int_equal(build(&a,
        "Talks in Moscow\n\n"
        "Russian President Vladimir Putin opened the meeting on Monday.\n\n"
        LQ "We have done a lot," RQ " Putin said.\n", set), PRECIS_OK);
    assert_int_equal(build(&b,
        "Putin hails progress\n\n"
        LQ "The work goes on," RQ " Putin said after the meeting.\n", set),
        PRECIS_OK);
    expect(&a, "We have done", "Vladimir Putin", "Putin", "trailing");
    /* The second article never spells the name out: the set does. */
    expect(&b, "The work goes", "Vladimir Putin", "Putin", "trailing");
    assert_string_equal(precis_speakers_lookup(set, "PUTIN", 5),
                        "Vladimir Putin");
    assert_string_equal(
        precis_speakers_lookup(set, "the  azerbaijani leader", 23),
        "Ilham Aliyev");
    assert_null(precis_speakers_lookup(set, "Nobody", 6));
    assert_int_equal(precis_speakers_count(set), 2);
    assert_int_equal(precis_speakers_add_aliases(set, "\xff\n", 2),
                     PRECIS_EUTF8);
    release(&a);
    release(&b);
    precis_speakers_free(set);
    precis_speakers_free(NULL);
    precis_quotes_free(NULL);
    assert_int_equal(precis_quotes_new(NULL, NULL, NULL), PRECIS_EINVAL);
}

/* ---- long inputs stay linear ---- */

static double seconds(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* A title, then `n` times `unit`, as one paragraph or one per paragraph. */
static double quotes_time(const char *unit, size_t n, int paragraphs,
                          size_t *count)
{
    const char *title = "A long article\n\n";
    size_t ul = strlen(unit);
    char *t = malloc(strlen(title) + n * (ul + 24) + 1);
    assert_non_null(t);
    size_t o = strlen(title);
    memcpy(t, title, o);
    for (size_t i = 0; i < n; i++) {
        if (paragraphs) /* distinct paragraphs: repeats are page furniture */
            o += (size_t)sprintf(t + o, "On day %zu, ", i + 1);
        memcpy(t + o, unit, ul);
        o += ul;
        if (paragraphs) {
            t[o++] = '\n';
            t[o++] = '\n';
        }
    }
    t[o] = '\0';
    double t0 = seconds();
    made m;
    assert_int_equal(build(&m, t, NULL), PRECIS_OK);
    double dt = seconds() - t0;
    *count = precis_quotes_count(m.quotes);
    release(&m);
    free(t);
    return dt;
}

static void test_long_inputs_linear(void **state)
{
    (void)state;
    size_t c1, c2;
    const char *unit = LQ "We agree," RQ " he said. ";
    double small = quotes_time(unit, 2000, 0, &c1);
    double big = quotes_time(unit, 20000, 0, &c2);
    assert_int_equal(c1, 2000);
    assert_int_equal(c2, 20000);
    assert_true(big < small * 40 + 0.1);
    const char *para = "Minister Ana Vale said: " LQ "We agree." RQ;
    small = quotes_time(para, 2000, 1, &c1);
    big = quotes_time(para, 20000, 1, &c2);
    assert_true(c1 >= 1999 && c2 >= 19999);
    assert_true(big < small * 40 + 0.1);
    /* A 1 MB quote that never closes. */
    size_t n;
    quotes_time(LQ "words and more words", 1, 0, &n);
    assert_int_equal(n, 1);
    char *big_quote = malloc((1 << 20) + 64);
    assert_non_null(big_quote);
    strcpy(big_quote, "She said " LQ);
    size_t o = strlen(big_quote);
    while (o < (1 << 20)) {
        memcpy(big_quote + o, "word ", 5);
        o += 5;
    }
    big_quote[o] = '\0';
    quotes_time(big_quote, 1, 0, &n);
    assert_int_equal(n, 1);
    free(big_quote);
}

/* ---- failing allocator (support.h) ---- */

static const char sweep_text[] =
    "Leaders meet in Sochi\n\n"
    "Russian President Vladimir Putin hosted Azerbaijani President Ilham "
    "Aliyev and Armenian Prime Minister Nikol Pashinyan on Friday.\n\n"
    "The Azerbaijani president said the talks were " LQ "open" RQ ".\n\n"
    LQ "We have reached agreement on many issues," RQ " Putin said. " LQ
    "The work goes on." RQ "\n\n"
    LQ "Our forces stay where they are," RQ " he added.\n\n"
    "Pashinyan told reporters: " LQ "The situation is not stable.\n\n"
    LQ "Dozens have died." RQ "\n";

typedef struct sweep_ctx {
    const precis_article *article;
    size_t expected; /* quotes of a run that succeeds */
} sweep_ctx;

static int quotes_attempt(void *p)
{
    sweep_ctx *c = p;
    precis_speakers *set = NULL;
    precis_quotes *q = NULL;
    int rc = precis_speakers_new(&set);
    if (!rc)
        rc = precis_quotes_new(c->article, set, &q);
    if (rc == PRECIS_OK)
        assert_int_equal(precis_quotes_count(q), c->expected);
    else
        assert_null(q);
    precis_quotes_free(q);
    precis_speakers_free(set);
    return rc;
}

/* Each word is folded once and the sieves read it at their own lengths:
 * a name's last word counts up to 127 bytes, a participle up to 31. */
static void test_long_words(void **state)
{
    (void)state;
    char n70[71], n130[131], ing[39];
    memset(n70, 'x', sizeof n70 - 1);
    memset(n130, 'x', sizeof n130 - 1);
    n70[0] = n130[0] = 'Q';
    n70[70] = n130[130] = '\0';
    memcpy(ing, "adding", 6);
    memset(ing + 6, 'x', 29);
    memcpy(ing + 35, "ing", 4);
    char text[1024];
    int len = snprintf(text, sizeof text,
        "Long names\n\n"
        LQ "It works," RQ " said %s.\n\n"
        LQ "It fails," RQ " said Anna %s.\n\n"
        LQ "We will win," RQ " Maria Lopez said on Monday, %s "
        LQ "and we will stay." RQ "\n\n"
        LQ "They went," RQ " Lopez said, adding " LQ "and they came "
        "back." RQ "\n", n70, n130, ing);
    assert_true(len > 0 && (size_t)len < sizeof text);
    made m;
    assert_int_equal(build(&m, text, NULL), PRECIS_OK);
    expect(&m, "It works", n70, n70, "trailing");
    /* A last word of 128 bytes or more names nobody. */
    char anna[136] = "Anna ";
    memcpy(anna + 5, n130, sizeof n130);
    expect(&m, "It fails", NULL, anna, "trailing");
    /* A 38-letter word in -ing is no participle: the cue is "said". */
    expect(&m, "and we will", "Maria Lopez", "Maria Lopez", "leading");
    expect_cue(&m, "and we will", "said");
    expect(&m, "and they came", "Maria Lopez", "Lopez", "leading");
    expect_cue(&m, "and they came", "adding");
    release(&m);
}

/* Lexicon words are found whatever their length (up to eight bytes, the
 * part of a word looked up at once, or more), their case, and however
 * few bytes of the paragraph follow them. */
static void test_word_lengths(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Harbour council backs sea wall\n\n"
        "Spokeswoman Ana Field spoke on Tuesday.\n\n"
        LQ "We cannot wait," RQ " Field acknowledged.\n\n"
        LQ "The wall comes first," RQ " the spokeswoman explained\n\n"
        LQ "Then the road," RQ " Field insisted\n\n"
        LQ "Soon," RQ " she declared, " LQ "very soon." RQ " Field said\n",
        NULL), PRECIS_OK);
    expect(&m, "We cannot", "Ana Field", "Field", "trailing");
    expect_cue(&m, "We cannot", "acknowledged");
    expect(&m, "The wall", "Ana Field", "the spokeswoman", "trailing");
    expect_cue(&m, "The wall", "explained");
    expect(&m, "Then the road", "Ana Field", "Field", "trailing");
    expect_cue(&m, "Then the road", "insisted");
    expect(&m, "Soon", "Ana Field", "she", "trailing");
    expect_cue(&m, "Soon", "declared");
    expect_cue(&m, "very soon", "said");
    release(&m);
}

/* A page without quote marks: no quotes, and nothing else goes wrong. */
static void test_no_quotes(void **state)
{
    (void)state;
    made m;
    assert_int_equal(build(&m,
        "Quiet day\n\nMayor Ana Field said the council met. She left "
        "early.\n", NULL), PRECIS_OK);
    assert_int_equal(precis_quotes_count(m.quotes), 0);
    release(&m);
}

static void fold_is(const char *s, size_t cap, const char *want)
{
    char out[64];
    assert_true(cap <= sizeof out);
    size_t n = px_fold(s, strlen(s), out, cap);
    assert_int_equal(n, strlen(want));
    if (n)
        assert_string_equal(out, want);
}

/* px_fold: capitals and curly apostrophes folded; the result and its NUL
 * fit in cap bytes or the answer is 0, on the ASCII fast path and off
 * it. */
static void test_fold(void **state)
{
    (void)state;
    fold_is("Putin\xE2\x80\x99s", 64, "putin's");
    fold_is("ABCD", 5, "abcd");
    fold_is("ABCD", 4, "");
    fold_is("Ab\xC3\x89", 5, "ab\xC3\xA9");
    fold_is("Ab\xC3\x89", 4, "");
    fold_is("\xC3\x89tat", 6, "\xC3\xA9tat");
    fold_is("\xC3\x89tat", 5, "");
    fold_is("A", 1, "");
    char out[4] = "zzz";
    assert_int_equal(px_fold("", 0, out, sizeof out), 0);
    assert_int_equal(out[0], '\0');
}

/* A speaker's name is folded one way whether or not it is all ASCII:
 * a name of 300 letters and white space runs, and the same name in other
 * capitals and other runs with a non-ASCII letter after the 255 bytes an
 * alias keeps, are one alias. Short names too, each way. */
static void test_speaker_names_fold_alike(void **state)
{
    (void)state;
    static const char spaces[] = " \t\n\r";
    precis_speakers *set = NULL;
    assert_int_equal(precis_speakers_new(&set), PRECIS_OK);
    unsigned seed = 7;
    for (int round = 0; round < 40; round++) {
        char name[600], other[600];
        size_t n = 0, m = 0, letters = 0;
        /* A word of its own starts each name: rounds do not meet. */
        n += (size_t)snprintf(name + n, sizeof name - n, "Round%c%c ",
                              'a' + round % 26, 'a' + round / 26);
        m += (size_t)snprintf(other + m, sizeof other - m, " rOUND%c%c\t",
                              'A' + round % 26, 'A' + round / 26);
        while (letters < 300) {
            seed = seed * 1103515245u + 12345u;
            size_t w = 1 + (seed >> 16) % 9;
            for (size_t i = 0; i < w; i++, letters++) {
                seed = seed * 1103515245u + 12345u;
                char c = (char)('a' + (seed >> 16) % 26);
                int up = (seed >> 24) & 1;
                name[n++] = up ? (char)(c - 32) : c;
                other[m++] = up ? c : (char)(c - 32);
            }
            seed = seed * 1103515245u + 12345u;
            for (size_t r = 0; r <= (seed >> 16) % 3; r++)
                name[n++] = spaces[(seed >> (18 + r)) % 4];
            other[m++] = spaces[(seed >> 20) % 4];
        }
        memcpy(other + m, "\xC3\x89", 2);
        m += 2;
        const char *canon = NULL;
        assert_int_equal(px_speakers_resolve(set, name, n, 1, &canon), 0);
        assert_non_null(canon);
        const char *found = precis_speakers_lookup(set, other, m);
        assert_non_null(found);
        assert_string_equal(found, canon);
    }
    const char *canon = NULL;
    assert_int_equal(px_speakers_resolve(set, "Zo\xC3\xAB  Lind", 10, 1,
                                         &canon),
                     0);
    const char *found = precis_speakers_lookup(set, "ZO\xC3\x8B\tLIND ", 10);
    assert_non_null(found);
    assert_string_equal(found, canon);
    assert_int_equal(px_speakers_resolve(set, " Mary\r\nKaye", 11, 1, &canon),
                     0);
    found = precis_speakers_lookup(set, "MARY KAYE", 9);
    assert_non_null(found);
    assert_string_equal(found, canon);
    assert_null(precis_speakers_lookup(set, "Mary Kay", 8));
    precis_speakers_free(set);
}

static void test_every_allocation_fails_cleanly(void **state)
{
    (void)state;
    /* The article is made under the counting allocator too, so that it is
     * freed with it; the sweep only fails what precis_quotes_new does. */
    test_mem_install();
    made m;
    assert_int_equal(build(&m, sweep_text, NULL), PRECIS_OK);
    sweep_ctx c = {m.a.article, precis_quotes_count(m.quotes)};
    assert_true(c.expected >= 5);
    size_t points = test_mem_sweep(quotes_attempt, &c, 100000, 0);
    assert_true(points > 10);
    release(&m);
    test_mem_remove();
    assert_int_equal(test_mem.live, 0);
}

static int aliases_attempt(void *p)
{
    (void)p;
    const char tsv[] = "Vladimir Putin\tPutin\tthe Russian leader\n"
                       "# a comment\n\n"
                       "Ilham Aliyev\tAliyev\n"
                       "Vladimir Putin\tV. Putin\n";
    precis_speakers *set = NULL;
    int rc = precis_speakers_new(&set);
    if (!rc)
        rc = precis_speakers_add_aliases(set, tsv, sizeof tsv - 1);
    if (rc == PRECIS_OK) {
        assert_int_equal(precis_speakers_count(set), 2);
        assert_string_equal(precis_speakers_lookup(set, "v. putin", 8),
                            "Vladimir Putin");
    }
    precis_speakers_free(set);
    return rc;
}

static void test_aliases_fail_cleanly(void **state)
{
    (void)state;
    assert_true(test_mem_sweep(aliases_attempt, NULL, 10000, 0) > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trailing),
        cmocka_unit_test(test_leading_colon_and_clause),
        cmocka_unit_test(test_appositive_and_according),
        cmocka_unit_test(test_speech_verbs),
        cmocka_unit_test(test_continuation_paragraph),
        cmocka_unit_test(test_pronouns_follow_gender),
        cmocka_unit_test(test_role_nominals),
        cmocka_unit_test(test_organisations_headline_dash),
        cmocka_unit_test(test_name_colon_and_lines),
        cmocka_unit_test(test_same_surname),
        cmocka_unit_test(test_line_breaks),
        cmocka_unit_test(test_subjects),
        cmocka_unit_test(test_from_layout),
        cmocka_unit_test(test_abstains),
        cmocka_unit_test(test_texts_as_speakers),
        cmocka_unit_test(test_indefinite_speakers),
        cmocka_unit_test(test_verb_phrases_and_participles),
        cmocka_unit_test(test_speakers_across_documents),
        cmocka_unit_test(test_long_inputs_linear),
        cmocka_unit_test(test_long_words),
        cmocka_unit_test(test_word_lengths),
        cmocka_unit_test(test_no_quotes),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_speaker_names_fold_alike),
        cmocka_unit_test(test_every_allocation_fails_cleanly),
        cmocka_unit_test(test_aliases_fail_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
