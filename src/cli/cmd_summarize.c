/* cmd_summarize.c: `precis summarize`, one summary per document. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help_text[] =
    "Usage: precis summarize [OPTIONS] PATH...\n"
    "\n"
    "Prints the key sentences of each document, in document order.\n"
    "PATH is a file, a folder (its *.txt files, recursively) or '-' for\n"
    "standard input.\n"
    "\n"
    "Options:\n"
    "  -n, --sentences N   at most N sentences (default 3)\n"
    "  -w, --words N       at most N words (no sentence limit unless -n)\n"
    "  -r, --ratio R       at most this share of the body's words, 0 < R <= 1\n"
    "                      (no sentence limit unless -n)\n"
    "  -l, --lang NAME     Snowball language for stemming (default english)\n"
    "  -f, --format FMT    text (default), json (one array) or jsonl (one\n"
    "                      object per line); JSON carries byte offsets\n"
    "      --idf MODEL     document frequencies from 'precis idf build'; by\n"
    "                      default several inputs serve as their own model,\n"
    "                      and a single document uses its own sentences\n"
    "      --stopwords FILE  stopword list, one word per line ('#' comments)\n"
    "      --repair        replace invalid UTF-8 with U+FFFD instead of\n"
    "                      skipping the file\n"
    "  -q, --quiet         no notices about empty documents\n"
    "  -h, --help          show this help\n"
    "      --version       show the version\n"
    "\n"
    "With several documents, text output puts a '==> PATH <==' line before\n"
    "each. The title, when the page has one, comes first.\n";

enum { OPT_IDF = 256, OPT_STOPWORDS, OPT_REPAIR, OPT_VERSION };

static const struct option long_options[] = {
    {"sentences", required_argument, NULL, 'n'},
    {"words", required_argument, NULL, 'w'},
    {"ratio", required_argument, NULL, 'r'},
    {"lang", required_argument, NULL, 'l'},
    {"format", required_argument, NULL, 'f'},
    {"idf", required_argument, NULL, OPT_IDF},
    {"stopwords", required_argument, NULL, OPT_STOPWORDS},
    {"repair", no_argument, NULL, OPT_REPAIR},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

typedef struct summarize_ctx {
    cli_common common;
    precis_summary_options budget;
    const char *idf_path;
    precis_lang *lang;
    precis_analyzer *analyzer;
    precis_idf *idf;
    cli_output out;
    /* Articles built by the model pass and kept for the summaries, one
     * slot per input (NULL when not kept); see KEEP_BUDGET. */
    precis_doc **kept_doc;
    precis_article **kept_article;
} summarize_ctx;

/* How many bytes of input the model pass may keep as built articles, so
 * that the second pass need not read, check and analyse them again. A
 * kept article with its document takes about 6 times its text (measured
 * on the BBC dev split: 2.5 MB of text, 15 MB more peak memory), so 64 MiB
 * of text bounds the extra memory near 400 MiB however big the folder is.
 * Inputs past the budget are read again in the second pass, as they were
 * before any were kept. */
#define KEEP_BUDGET ((size_t)64 << 20)

/* Loads --idf MODEL and checks it was built for the same language. */
static int load_model(summarize_ctx *ctx)
{
    char *bytes;
    size_t len;
    int err;

    if (cli_read_file(ctx->idf_path, 0, &bytes, &len) != 0)
        return CLI_EXIT_FAILED;
    err = precis_idf_load(bytes, len, &ctx->idf);
    free(bytes);
    if (err != PRECIS_OK) {
        cli_lib_error(ctx->idf_path, err);
        return CLI_EXIT_FAILED;
    }
    if (strcmp(precis_idf_lang(ctx->idf), precis_lang_name(ctx->lang)) != 0)
        return cli_usage("summarize",
                         "--idf: model '%s' is for %s, not %s (use --lang %s)",
                         ctx->idf_path, precis_idf_lang(ctx->idf),
                         precis_lang_name(ctx->lang),
                         precis_idf_lang(ctx->idf));
    return 0;
}

/* The first pass over several inputs: their document frequencies. The
 * articles are kept for the second pass while their text fits in
 * KEEP_BUDGET; past it they are freed one at a time, so memory stays
 * bounded. Problems with a file are left for the second pass to report. */
static int build_model(summarize_ctx *ctx, const cli_inputs *inputs)
{
    size_t i, kept_bytes = 0;
    int err = precis_idf_new(precis_lang_name(ctx->lang), &ctx->idf);

    ctx->kept_doc = cli_xmalloc(inputs->count * sizeof *ctx->kept_doc);
    ctx->kept_article = cli_xmalloc(inputs->count * sizeof *ctx->kept_article);
    for (i = 0; i < inputs->count; i++) {
        ctx->kept_doc[i] = NULL;
        ctx->kept_article[i] = NULL;
    }
    for (i = 0; err == PRECIS_OK && i < inputs->count; i++) {
        cli_doc d;
        precis_article *article = NULL;

        if (cli_doc_load(inputs->paths[i], ctx->common.repair, 1, 1, &d) != 0)
            continue;
        if (d.empty)
            continue;
        err = precis_article_new(ctx->analyzer, d.doc, &article);
        if (err == PRECIS_OK)
            err = precis_idf_add(ctx->idf, article);
        else if (err != PRECIS_ENOMEM)
            err = PRECIS_OK; /* reported in the second pass */
        if (err == PRECIS_OK && article &&
            precis_doc_length(d.doc) <= KEEP_BUDGET - kept_bytes) {
            kept_bytes += precis_doc_length(d.doc);
            ctx->kept_doc[i] = d.doc;
            ctx->kept_article[i] = article;
            continue;
        }
        precis_article_free(article);
        cli_doc_free(&d);
    }
    if (err != PRECIS_OK) {
        cli_lib_error("precis summarize", err);
        return CLI_EXIT_FAILED;
    }
    return 0;
}

static void print_text(const precis_doc *doc, const precis_article *article,
                       const precis_summary *summary)
{
    const char *text = precis_doc_text(doc);
    precis_span title;
    size_t i;

    if (precis_layout_field(precis_article_layout(article),
                            PRECIS_FIELD_TITLE, &title)) {
        cli_put_oneline(stdout, text, title);
        fputc('\n', stdout);
    }
    for (i = 0; i < precis_summary_count(summary); i++) {
        cli_put_oneline(stdout, text, precis_summary_sentence(summary, i));
        fputc('\n', stdout);
    }
}

static void print_json(cli_json *json, const precis_doc *doc,
                       const precis_article *article,
                       const precis_summary *summary)
{
    const char *text = doc ? precis_doc_text(doc) : "";
    size_t i, n = summary ? precis_summary_count(summary) : 0;

    cli_json_fields(json, doc, article ? precis_article_layout(article) : NULL);
    cli_json_key(json, "sentences");
    cli_json_begin_array(json);
    for (i = 0; i < n; i++) {
        precis_span s = precis_summary_sentence(summary, i);

        cli_json_begin_object(json);
        cli_json_key(json, "text");
        cli_json_span(json, text, s);
        cli_json_key(json, "start");
        cli_json_size(json, s.start);
        cli_json_key(json, "end");
        cli_json_size(json, s.end);
        cli_json_key(json, "score");
        cli_json_double(json, precis_summary_score(summary, i));
        cli_json_end_object(json);
    }
    cli_json_end_array(json);
}

/* Summarizes input i; returns 0, or -1 when it failed (reported). The
 * model pass may have built its article already: then it is used (and
 * freed) here rather than built again. */
static int summarize_one(summarize_ctx *ctx, const char *path, size_t i)
{
    cli_doc d;
    precis_article *article = NULL;
    precis_summary *summary = NULL;
    int err = PRECIS_OK;

    if (ctx->kept_article && ctx->kept_article[i]) {
        /* Only documents that loaded, were not blank and built an article
         * are kept: loading them again would print nothing either. */
        d.doc = ctx->kept_doc[i];
        d.empty = 0;
        article = ctx->kept_article[i];
        ctx->kept_doc[i] = NULL;
        ctx->kept_article[i] = NULL;
    } else if (cli_doc_load(path, ctx->common.repair, ctx->common.quiet, 0,
                            &d) != 0) {
        return -1;
    }
    if (d.empty) {
        /* Text output prints nothing; JSON still has one record per input
         * so a consumer can line records up with inputs. */
        if (ctx->out.format != CLI_FORMAT_TEXT) {
            cli_output_doc_begin(&ctx->out, path);
            print_json(&ctx->out.json, NULL, NULL, NULL);
            cli_output_doc_end(&ctx->out);
        }
        return 0;
    }
    if (!article)
        err = precis_article_new(ctx->analyzer, d.doc, &article);
    if (err == PRECIS_OK)
        err = precis_summary_new(article, ctx->idf, &ctx->budget, &summary);
    if (err != PRECIS_OK) {
        cli_lib_error(path, err);
    } else {
        cli_output_doc_begin(&ctx->out, path);
        if (ctx->out.format == CLI_FORMAT_TEXT)
            print_text(d.doc, article, summary);
        else
            print_json(&ctx->out.json, d.doc, article, summary);
        cli_output_doc_end(&ctx->out);
    }
    precis_summary_free(summary);
    precis_article_free(article);
    cli_doc_free(&d);
    return err == PRECIS_OK ? 0 : -1;
}

static int parse_options(summarize_ctx *ctx, int argc, char **argv)
{
    int c, sentences_given = 0, other_limit = 0;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:w:r:l:f:qh", long_options,
                            NULL)) != -1) {
        int rc = 0;

        switch (c) {
        case 'n':
            rc = cli_parse_count("summarize", "--sentences", optarg,
                                 &ctx->budget.sentences);
            sentences_given = 1;
            break;
        case 'w':
            rc = cli_parse_count("summarize", "--words", optarg,
                                 &ctx->budget.words);
            other_limit = 1;
            break;
        case 'r':
            rc = cli_parse_ratio("summarize", "--ratio", optarg,
                                 &ctx->budget.ratio);
            other_limit = 1;
            break;
        case 'l': ctx->common.lang = optarg; break;
        case 'f':
            rc = cli_parse_format("summarize", optarg, &ctx->common.format);
            break;
        case OPT_IDF: ctx->idf_path = optarg; break;
        case OPT_STOPWORDS: ctx->common.stopwords = optarg; break;
        case OPT_REPAIR: ctx->common.repair = 1; break;
        case 'q': ctx->common.quiet = 1; break;
        case 'h':
            fputs(help_text, stdout);
            return -1;
        case OPT_VERSION:
            printf("precis %s\n", precis_version());
            return -1;
        default:
            return cli_bad_option("summarize", c, argv);
        }
        if (rc)
            return rc;
    }
    /* A word or ratio budget alone is not also capped at 3 sentences. */
    if (other_limit && !sentences_given)
        ctx->budget.sentences = 0;
    if (optind >= argc)
        return cli_usage("summarize",
                         "no input: give a PATH, or '-' for standard input");
    return 0;
}

int cmd_summarize(int argc, char **argv)
{
    summarize_ctx ctx;
    cli_inputs inputs = {0};
    size_t failed = 0, i;
    int rc;

    memset(&ctx, 0, sizeof ctx);
    cli_common_init(&ctx.common);
    precis_summary_options_init(&ctx.budget);
    rc = parse_options(&ctx, argc, argv);
    if (rc < 0)
        return cli_finish_stdout(CLI_EXIT_OK);
    if (rc > 0)
        return rc;
    rc = cli_lang_open("summarize", &ctx.common, &ctx.lang, &ctx.analyzer);
    if (rc == 0 && ctx.idf_path)
        rc = load_model(&ctx);
    if (rc == 0) {
        cli_inputs_expand(argv + optind, (size_t)(argc - optind), &inputs,
                          &failed);
        if (!ctx.idf && inputs.count > 1)
            rc = build_model(&ctx, &inputs);
    }
    if (rc == 0) {
        cli_output_start(&ctx.out, ctx.common.format, inputs.count);
        for (i = 0; i < inputs.count; i++)
            if (summarize_one(&ctx, inputs.paths[i], i) != 0)
                failed++;
        cli_output_finish(&ctx.out);
        rc = failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
    }
    if (ctx.kept_article) {
        /* Left over only when the model pass or the output start failed. */
        for (i = 0; i < inputs.count; i++) {
            precis_article_free(ctx.kept_article[i]);
            precis_doc_free(ctx.kept_doc[i]);
        }
        free(ctx.kept_article);
        free(ctx.kept_doc);
    }
    cli_inputs_free(&inputs);
    cli_inputs_release_stdin();
    precis_idf_free(ctx.idf);
    precis_analyzer_free(ctx.analyzer);
    precis_lang_free(ctx.lang);
    return cli_finish_stdout(rc);
}
