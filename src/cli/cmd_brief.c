/* cmd_brief.c: `precis brief`, one brief of one article or of a set:
 * headline facts, key sentences (across the set, each tagged with its
 * document) and the quotes by speaker, merged across documents. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help_text[] =
    "Usage: precis brief [OPTIONS] PATH...\n"
    "\n"
    "One brief of all the documents. For one article: its title, byline,\n"
    "date, key sentences and its quotes by speaker. For several: the\n"
    "documents, numbered, the dates they cover, the key sentences of the\n"
    "whole set, best first, each tagged with its document ([2]), the same\n"
    "fact told by two outlets only once, and the quotes by speaker, most\n"
    "quoted first, one quote reported by several documents once with all\n"
    "of them.\n"
    "PATH is a file, a folder (its *.txt files, recursively) or '-' for\n"
    "standard input.\n"
    "\n"
    "Options:\n"
    "  -n, --sentences N     key sentences (default 3 for one article, 5\n"
    "                        for several)\n"
    "  -f, --format FMT      text (default; for a terminal, 80 columns),\n"
    "                        markdown, or json (one object, byte offsets)\n"
    "  -l, --lang NAME       Snowball language (default english)\n"
    "      --idf MODEL       document frequencies from 'precis idf build';\n"
    "                        by default the documents are their own model\n"
    "      --speakers FILE   more names: one person per line, the canonical\n"
    "                        name then its aliases, tab-separated ('#'\n"
    "                        comments)\n"
    CLI_HELP_COMMON("  ");

enum {
    OPT_IDF = CLI_OPT_OWN,
    OPT_SPEAKERS
};

static const struct option long_options[] = {
    {"sentences", required_argument, NULL, 'n'},
    {"format", required_argument, NULL, 'f'},
    {"idf", required_argument, NULL, OPT_IDF},
    {"speakers", required_argument, NULL, OPT_SPEAKERS},
    CLI_COMMON_LONG_OPTIONS,
};

typedef enum brief_format { BRIEF_TEXT, BRIEF_MARKDOWN, BRIEF_JSON } brief_format;

/* Text output is made for a terminal of this many columns. */
#define TEXT_WIDTH 80

typedef struct brief_ctx {
    cli_common common;
    brief_format format;
    precis_brief_options options;
    const char *idf_path;
    const char *speakers_path;
    precis_lang *lang;
    precis_analyzer *analyzer;
    precis_idf *idf;
    cli_idf_file idf_file; /* what idf reads */
    precis_speakers *set;
    /* The documents that loaded, in input order; numbered from 1. */
    const char **paths;
    precis_doc **docs;
    precis_article **articles;
    size_t count;
    precis_brief *brief;
} brief_ctx;

/* ---- text helpers ------------------------------------------------------- */

/* text[span] on one line: runs of white space become one space. */
static char *oneline(const char *text, precis_span span)
{
    char *s = cli_xmalloc(span.end - span.start + 1);
    size_t o = 0;
    int gap = 0;
    for (size_t i = span.start; i < span.end; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            gap = o > 0;
            continue;
        }
        if (gap)
            s[o++] = ' ';
        gap = 0;
        s[o++] = c;
    }
    s[o] = '\0';
    return s;
}

/* Columns of s[0..len): one per code point (UTF-8 lead bytes). */
static size_t columns(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* The bytes of s that fill at most `cols` columns, ending on a code
 * point boundary. */
static size_t fit_bytes(const char *s, size_t len, size_t cols)
{
    size_t i = 0, n = 0;
    while (i < len) {
        size_t j = i + 1;
        while (j < len && ((unsigned char)s[j] & 0xC0) == 0x80)
            j++;
        if (++n > cols)
            break;
        i = j;
    }
    return i;
}

/* Prints `first` and then the one-line text s word-wrapped at TEXT_WIDTH,
 * later lines indented by `indent` spaces. A word wider than a line is
 * cut. */
static void put_wrapped(const char *first, const char *s, size_t indent)
{
    size_t col = columns(first, strlen(first)), line_words = 0;
    fputs(first, stdout);
    while (*s) {
        size_t len = strcspn(s, " ");
        size_t w = columns(s, len);
        if (line_words > 0 && col + 1 + w > TEXT_WIDTH) {
            printf("\n%*s", (int)indent, "");
            col = indent;
            line_words = 0;
        } else if (line_words > 0) {
            fputc(' ', stdout);
            col++;
        }
        while (col + w > TEXT_WIDTH) {
            size_t room = col < TEXT_WIDTH ? TEXT_WIDTH - col : 1;
            size_t cut = fit_bytes(s, len, room);
            printf("%.*s\n%*s", (int)cut, s, (int)indent, "");
            /* Only the cut piece is counted again: recounting the rest
             * would make a long run without spaces quadratic. */
            w -= columns(s, cut);
            s += cut;
            len -= cut;
            col = indent;
        }
        printf("%.*s", (int)len, s);
        col += w;
        line_words++;
        s += len;
        while (*s == ' ')
            s++;
    }
    fputc('\n', stdout);
}

/* ---- document facts ------------------------------------------------------ */

/* A metadata field of document d on one line, or NULL. malloc'ed. */
static char *field(const brief_ctx *ctx, size_t d, precis_field f)
{
    precis_span span;
    if (!precis_layout_field(precis_article_layout(ctx->articles[d]), f,
                             &span))
        return NULL;
    return oneline(precis_doc_text(ctx->docs[d]), span);
}

/* The date of document d: ISO 8601 when it can be read, else as written,
 * or NULL. malloc'ed. */
static char *date_of(const brief_ctx *ctx, size_t d)
{
    const char *iso =
        precis_layout_date_iso(precis_article_layout(ctx->articles[d]));
    return iso ? cli_xstrdup(iso) : field(ctx, d, PRECIS_FIELD_DATE);
}

/* "Title", "By Byline", "date", each present part, joined by " · ". */
static char *facts_line(const brief_ctx *ctx, size_t d, int with_title)
{
    char *parts[3] = {with_title ? field(ctx, d, PRECIS_FIELD_TITLE) : NULL,
                      field(ctx, d, PRECIS_FIELD_BYLINE), date_of(ctx, d)};
    size_t n = 16;
    for (size_t i = 0; i < 3; i++)
        n += parts[i] ? strlen(parts[i]) + 8 : 0;
    char *s = cli_xmalloc(n);
    s[0] = '\0';
    for (size_t i = 0; i < 3; i++) {
        if (!parts[i])
            continue;
        if (*s)
            strcat(s, " \xC2\xB7 ");
        if (i == 1)
            strcat(s, "By ");
        strcat(s, parts[i]);
        free(parts[i]);
    }
    return s;
}

/* The documents a quote was found in, as "[1] [3]": each once, though
 * one document may repeat a quote. */
static char *source_tags(const brief_ctx *ctx, size_t s, size_t q)
{
    size_t n = precis_brief_source_count(ctx->brief, s, q);
    char *tags = cli_xmalloc(n * 24 + 1);
    size_t o = 0, last = 0;
    tags[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        size_t doc = 0;
        precis_brief_source(ctx->brief, s, q, k, &doc);
        /* Sources come in document order, so a repeat is the one before. */
        if (k > 0 && doc == last)
            continue;
        o += (size_t)sprintf(tags + o, "%s[%zu]", k ? " " : "", doc + 1);
        last = doc;
    }
    return tags;
}

/* Quote q of speaker s on one line, from its first source. malloc'ed. */
static char *quote_text(const brief_ctx *ctx, size_t s, size_t q)
{
    size_t doc = 0;
    precis_span span = precis_brief_source(ctx->brief, s, q, 0, &doc);
    return oneline(precis_doc_text(ctx->docs[doc]), span);
}

static char *sentence_text(const brief_ctx *ctx, size_t i)
{
    size_t doc = precis_brief_sentence_doc(ctx->brief, i);
    return oneline(precis_doc_text(ctx->docs[doc]),
                   precis_brief_sentence(ctx->brief, i));
}

static const char *speaker_name(const brief_ctx *ctx, size_t s)
{
    const char *name = precis_brief_speaker(ctx->brief, s);
    return name ? name : "(speaker unknown)";
}

/* ---- text ---------------------------------------------------------------- */

static void text_header(const brief_ctx *ctx)
{
    if (ctx->count == 1) {
        char *title = field(ctx, 0, PRECIS_FIELD_TITLE);
        char *facts = facts_line(ctx, 0, 0);
        put_wrapped("", title ? title : ctx->paths[0], 0);
        if (*facts)
            put_wrapped("", facts, 0);
        free(title);
        free(facts);
        return;
    }
    const char *first, *last;
    printf("Brief of %zu documents", ctx->count);
    if (precis_brief_dates(ctx->brief, &first, &last)) {
        if (strcmp(first, last) == 0)
            printf(", %s", first);
        else
            printf(", %s to %s", first, last);
    }
    fputs("\n\nDocuments\n", stdout);
    for (size_t d = 0; d < ctx->count; d++) {
        char tag[32];
        char *facts = facts_line(ctx, d, 1);
        snprintf(tag, sizeof tag, "  [%zu] ", d + 1);
        put_wrapped(tag, *facts ? facts : "(no title)", strlen(tag));
        memset(tag, ' ', strlen(tag));
        put_wrapped(tag, ctx->paths[d], strlen(tag));
        free(facts);
    }
}

static void text_sentence(const brief_ctx *ctx, size_t i, const char *text)
{
    char tag[32];
    if (ctx->count == 1)
        snprintf(tag, sizeof tag, "  - ");
    else
        snprintf(tag, sizeof tag, "  [%zu] ",
                 precis_brief_sentence_doc(ctx->brief, i) + 1);
    put_wrapped(tag, text, strlen(tag));
}

static void text_speaker(const char *name, size_t quotes)
{
    char *head = cli_xmalloc(strlen(name) + 48);
    sprintf(head, "%s (%zu %s)", name, quotes, quotes == 1 ? "quote" : "quotes");
    put_wrapped("  ", head, 4);
    free(head);
}

static void text_quote(const brief_ctx *ctx, size_t s, size_t q,
                       const char *text)
{
    char *tags = ctx->count > 1 ? source_tags(ctx, s, q) : NULL;
    char *line = cli_xmalloc(strlen(text) + (tags ? strlen(tags) : 0) + 8);
    sprintf(line, "\xE2\x80\x9C%s\xE2\x80\x9D%s%s", text, tags ? " " : "",
            tags ? tags : "");
    put_wrapped("    ", line, 5);
    free(line);
    free(tags);
}

/* ---- markdown ------------------------------------------------------------ */

/* Writes s with the characters markdown would read as markup escaped. */
static void md_put(const char *s)
{
    for (; *s; s++) {
        if (strchr("\\`*_[]<>#|", *s))
            fputc('\\', stdout);
        fputc(*s, stdout);
    }
}

static void md_header(const brief_ctx *ctx)
{
    const char *first, *last;
    if (ctx->count == 1) {
        char *title = field(ctx, 0, PRECIS_FIELD_TITLE);
        char *facts = facts_line(ctx, 0, 0);
        fputs("# ", stdout);
        md_put(title ? title : ctx->paths[0]);
        fputs("\n", stdout);
        if (*facts) {
            fputs("\n*", stdout);
            md_put(facts);
            fputs("*\n", stdout);
        }
        free(title);
        free(facts);
        return;
    }
    printf("# Brief of %zu documents\n", ctx->count);
    if (precis_brief_dates(ctx->brief, &first, &last))
        printf("\n*%s%s%s*\n", first, strcmp(first, last) ? " to " : "",
               strcmp(first, last) ? last : "");
    fputs("\n## Documents\n\n", stdout);
    for (size_t d = 0; d < ctx->count; d++) {
        char *title = field(ctx, d, PRECIS_FIELD_TITLE);
        char *facts = facts_line(ctx, d, 0);
        printf("%zu. **", d + 1);
        md_put(title ? title : "(no title)");
        fputs("**", stdout);
        if (*facts) {
            fputs(" \xC2\xB7 ", stdout);
            md_put(facts);
        }
        fputs(" \xC2\xB7 `", stdout);
        fputs(ctx->paths[d], stdout);
        fputs("`\n", stdout);
        free(title);
        free(facts);
    }
}

static void md_sentence(const brief_ctx *ctx, size_t i, const char *text)
{
    fputs("- ", stdout);
    md_put(text);
    if (ctx->count > 1)
        printf(" \\[%zu\\]", precis_brief_sentence_doc(ctx->brief, i) + 1);
    fputc('\n', stdout);
}

static void md_speaker(const char *name, size_t quotes)
{
    fputs("\n### ", stdout);
    md_put(name);
    printf(" (%zu %s)\n", quotes, quotes == 1 ? "quote" : "quotes");
}

static void md_quote(const brief_ctx *ctx, size_t s, size_t q,
                     const char *text)
{
    fputs("\n> ", stdout);
    md_put(text);
    fputc('\n', stdout);
    if (ctx->count > 1) {
        char *tags = source_tags(ctx, s, q);
        fputs(">\n> \xE2\x80\x94 ", stdout);
        md_put(tags);
        fputc('\n', stdout);
        free(tags);
    }
}

/* ---- text and markdown: one layout, two styles ---------------------------- */

typedef struct style {
    void (*header)(const brief_ctx *ctx);
    const char *sentences_head; /* printed before the first key sentence */
    void (*sentence)(const brief_ctx *ctx, size_t i, const char *text);
    const char *quotes_head;    /* printed before the first speaker */
    void (*speaker)(const char *name, size_t quotes);
    void (*quote)(const brief_ctx *ctx, size_t s, size_t q, const char *text);
} style;

static const style text_style = {
    text_header, "\nKey sentences\n", text_sentence, "\nQuotes\n",
    text_speaker, text_quote,
};

static const style markdown_style = {
    md_header, "\n## Key sentences\n\n", md_sentence, "\n## Quotes\n",
    md_speaker, md_quote,
};

static void render(const brief_ctx *ctx, const style *st)
{
    st->header(ctx);
    for (size_t i = 0; i < precis_brief_sentence_count(ctx->brief); i++) {
        char *text = sentence_text(ctx, i);
        if (i == 0)
            fputs(st->sentences_head, stdout);
        st->sentence(ctx, i, text);
        free(text);
    }
    for (size_t s = 0; s < precis_brief_speaker_count(ctx->brief); s++) {
        size_t nq = precis_brief_quote_count(ctx->brief, s);
        if (s == 0)
            fputs(st->quotes_head, stdout);
        st->speaker(speaker_name(ctx, s), nq);
        for (size_t q = 0; q < nq; q++) {
            char *text = quote_text(ctx, s, q);
            st->quote(ctx, s, q, text);
            free(text);
        }
    }
}

/* ---- json ---------------------------------------------------------------- */

static void json_opt(cli_json *json, char *s)
{
    cli_json_cstring(json, s);
    free(s);
}

static void json_documents(cli_json *json, const brief_ctx *ctx)
{
    const char *first = NULL, *last = NULL;
    cli_json_key(json, "documents");
    cli_json_begin_array(json);
    for (size_t d = 0; d < ctx->count; d++) {
        cli_json_begin_object(json);
        cli_json_key(json, "doc");
        cli_json_cstring(json, ctx->paths[d]);
        cli_json_key(json, "title");
        json_opt(json, field(ctx, d, PRECIS_FIELD_TITLE));
        cli_json_key(json, "byline");
        json_opt(json, field(ctx, d, PRECIS_FIELD_BYLINE));
        cli_json_key(json, "date");
        json_opt(json, date_of(ctx, d));
        cli_json_end_object(json);
    }
    cli_json_end_array(json);
    precis_brief_dates(ctx->brief, &first, &last);
    cli_json_key(json, "dates");
    cli_json_begin_object(json);
    cli_json_key(json, "first");
    cli_json_cstring(json, first);
    cli_json_key(json, "last");
    cli_json_cstring(json, last);
    cli_json_end_object(json);
}

static void json_sentences(cli_json *json, const brief_ctx *ctx)
{
    cli_json_key(json, "sentences");
    cli_json_begin_array(json);
    for (size_t i = 0; i < precis_brief_sentence_count(ctx->brief); i++) {
        size_t doc = precis_brief_sentence_doc(ctx->brief, i);
        precis_span span = precis_brief_sentence(ctx->brief, i);
        cli_json_begin_object(json);
        cli_json_key(json, "text");
        cli_json_span(json, precis_doc_text(ctx->docs[doc]), span);
        cli_json_key(json, "doc");
        cli_json_cstring(json, ctx->paths[doc]);
        cli_json_offsets(json, span);
        cli_json_key(json, "score");
        cli_json_double(json, precis_brief_sentence_score(ctx->brief, i));
        cli_json_end_object(json);
    }
    cli_json_end_array(json);
}

static void json_quote(cli_json *json, const brief_ctx *ctx, size_t s,
                       size_t q)
{
    size_t doc = 0;
    precis_span span = precis_brief_source(ctx->brief, s, q, 0, &doc);
    cli_json_begin_object(json);
    cli_json_key(json, "text");
    cli_json_span(json, precis_doc_text(ctx->docs[doc]), span);
    cli_json_key(json, "sources");
    cli_json_begin_array(json);
    for (size_t k = 0; k < precis_brief_source_count(ctx->brief, s, q); k++) {
        span = precis_brief_source(ctx->brief, s, q, k, &doc);
        cli_json_begin_object(json);
        cli_json_key(json, "doc");
        cli_json_cstring(json, ctx->paths[doc]);
        cli_json_offsets(json, span);
        cli_json_end_object(json);
    }
    cli_json_end_array(json);
    cli_json_end_object(json);
}

static void print_json(const brief_ctx *ctx)
{
    cli_json json;
    cli_json_init(&json, stdout, 0);
    cli_json_begin_object(&json);
    json_documents(&json, ctx);
    json_sentences(&json, ctx);
    cli_json_key(&json, "speakers");
    cli_json_begin_array(&json);
    for (size_t s = 0; s < precis_brief_speaker_count(ctx->brief); s++) {
        cli_json_begin_object(&json);
        cli_json_key(&json, "speaker");
        cli_json_cstring(&json, precis_brief_speaker(ctx->brief, s));
        cli_json_key(&json, "quotes");
        cli_json_begin_array(&json);
        for (size_t q = 0; q < precis_brief_quote_count(ctx->brief, s); q++)
            json_quote(&json, ctx, s, q);
        cli_json_end_array(&json);
        cli_json_end_object(&json);
    }
    cli_json_end_array(&json);
    cli_json_end_object(&json);
    fputc('\n', stdout);
}

/* ---- loading ------------------------------------------------------------- */

static int open_models(brief_ctx *ctx)
{
    if (precis_speakers_new(&ctx->set) != PRECIS_OK) {
        cli_lib_error("precis brief", PRECIS_ENOMEM);
        return CLI_EXIT_FAILED;
    }
    if (ctx->speakers_path &&
        cli_load_speakers(ctx->speakers_path, ctx->set) != 0)
        return CLI_EXIT_FAILED;
    if (!ctx->idf_path)
        return 0;
    if (cli_idf_open(ctx->idf_path, &ctx->idf, &ctx->idf_file) != 0)
        return CLI_EXIT_FAILED;
    const char *model = precis_idf_lang(ctx->idf);
    if (strcmp(model, precis_lang_name(ctx->lang)) != 0)
        return cli_usage("brief", "--idf: model '%s' is for %s, not %s",
                         ctx->idf_path, model, precis_lang_name(ctx->lang));
    return 0;
}

/* Loads every input that can be read into an article; returns how many
 * failed (reported). */
static size_t load_all(brief_ctx *ctx, const cli_inputs *inputs)
{
    size_t failed = 0;
    ctx->paths = cli_xmalloc(inputs->count * sizeof *ctx->paths);
    ctx->docs = cli_xmalloc(inputs->count * sizeof *ctx->docs);
    ctx->articles = cli_xmalloc(inputs->count * sizeof *ctx->articles);
    for (size_t i = 0; i < inputs->count; i++) {
        cli_doc d;
        precis_article *article = NULL;
        if (cli_doc_load(inputs->paths[i], ctx->common.repair,
                         ctx->common.quiet, 0, &d) != 0) {
            failed++;
            continue;
        }
        if (d.empty)
            continue;
        int err = precis_article_new(ctx->analyzer, d.doc, &article);
        if (err != PRECIS_OK) {
            cli_lib_error(inputs->paths[i], err);
            cli_doc_free(&d);
            failed++;
            continue;
        }
        ctx->paths[ctx->count] = inputs->paths[i];
        ctx->docs[ctx->count] = d.doc;
        ctx->articles[ctx->count++] = article;
    }
    return failed;
}

static int parse_options(brief_ctx *ctx, int argc, char **argv)
{
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:f:l:qh", long_options, NULL)) !=
           -1) {
        int rc = 0;

        switch (c) {
        case 'n':
            rc = cli_parse_count("brief", "--sentences", optarg,
                                 &ctx->options.sentences);
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                ctx->format = BRIEF_TEXT;
            else if (strcmp(optarg, "markdown") == 0)
                ctx->format = BRIEF_MARKDOWN;
            else if (strcmp(optarg, "json") == 0)
                ctx->format = BRIEF_JSON;
            else
                rc = cli_usage("brief",
                               "--format: unknown format '%s' (text, "
                               "markdown, json)", optarg);
            break;
        case OPT_IDF: ctx->idf_path = optarg; break;
        case OPT_SPEAKERS: ctx->speakers_path = optarg; break;
        default:
            rc = cli_common_option("brief", help_text, &ctx->common, c,
                                   argv);
        }
        if (rc)
            return rc;
    }
    if (optind >= argc)
        return cli_usage("brief",
                         "no input: give a PATH, or '-' for standard input");
    return 0;
}

static void print_brief(const brief_ctx *ctx)
{
    if (ctx->format == BRIEF_JSON)
        print_json(ctx);
    else
        render(ctx, ctx->format == BRIEF_MARKDOWN ? &markdown_style
                                                  : &text_style);
}

int cmd_brief(int argc, char **argv)
{
    brief_ctx ctx;
    cli_inputs inputs = {0};
    size_t failed = 0;
    int rc;

    memset(&ctx, 0, sizeof ctx);
    cli_common_init(&ctx.common);
    precis_brief_options_init(&ctx.options);
    rc = parse_options(&ctx, argc, argv);
    if (rc < 0)
        return cli_finish_stdout(CLI_EXIT_OK);
    if (rc > 0)
        return rc;
    rc = cli_lang_open("brief", &ctx.common, &ctx.lang, &ctx.analyzer);
    if (rc == 0)
        rc = open_models(&ctx);
    if (rc == 0) {
        cli_inputs_expand(argv + optind, (size_t)(argc - optind), &inputs,
                          &failed);
        failed += load_all(&ctx, &inputs);
        int err = precis_brief_new(
            (const precis_article *const *)ctx.articles, ctx.count, ctx.idf,
            ctx.set, &ctx.options, &ctx.brief);
        if (err != PRECIS_OK) {
            cli_lib_error("precis brief", err);
            rc = CLI_EXIT_FAILED;
        } else if (ctx.count > 0 || ctx.format == BRIEF_JSON) {
            print_brief(&ctx);
        }
    }
    if (rc == 0)
        rc = failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
    precis_brief_free(ctx.brief);
    for (size_t i = 0; i < ctx.count; i++) {
        precis_article_free(ctx.articles[i]);
        precis_doc_free(ctx.docs[i]);
    }
    free(ctx.articles);
    free(ctx.docs);
    free(ctx.paths);
    cli_inputs_free(&inputs);
    cli_inputs_release_stdin();
    precis_speakers_free(ctx.set);
    precis_idf_free(ctx.idf);
    cli_idf_file_close(&ctx.idf_file);
    precis_analyzer_free(ctx.analyzer);
    precis_lang_free(ctx.lang);
    return cli_finish_stdout(rc);
}
