/* cmd_sentences.c: `precis sentences`, the body sentences of each document
 * (or, with --raw, the sentences of the whole text without clean-up). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help_text[] =
    "Usage: precis sentences [OPTIONS] PATH...\n"
    "\n"
    "Prints the sentences of each document's body (after page clean-up),\n"
    "one per line.\n"
    "\n"
    "Options:\n"
    "      --raw           split the whole text, without page clean-up\n"
    "  -l, --lang NAME     language of the text (default english)\n"
    "  -f, --format FMT    text (default), json or jsonl; JSON gives each\n"
    "                      sentence's byte offsets\n"
    "      --stopwords FILE  stopword list, one word per line ('#' comments)\n"
    "      --repair        replace invalid UTF-8 with U+FFFD instead of\n"
    "                      skipping the file\n"
    "  -q, --quiet         no notices about empty documents\n"
    "  -h, --help          show this help\n"
    "      --version       show the version\n";

enum {
    OPT_RAW = CLI_OPT_OWN
};

static const struct option long_options[] = {
    {"raw", no_argument, NULL, OPT_RAW},
    {"format", required_argument, NULL, 'f'},
    CLI_COMMON_LONG_OPTIONS,
};

typedef struct sentence_out {
    cli_output *out;
    const char *text;
} sentence_out;

static void put_sentence(sentence_out *so, precis_span s)
{
    if (so->out->format == CLI_FORMAT_TEXT) {
        cli_put_oneline(stdout, so->text, s);
        fputc('\n', stdout);
        return;
    }
    cli_json_begin_object(&so->out->json);
    cli_json_key(&so->out->json, "start");
    cli_json_size(&so->out->json, s.start);
    cli_json_key(&so->out->json, "end");
    cli_json_size(&so->out->json, s.end);
    cli_json_key(&so->out->json, "text");
    cli_json_span(&so->out->json, so->text, s);
    cli_json_end_object(&so->out->json);
}

static int raw_sentence(void *ctx, precis_span s)
{
    put_sentence(ctx, s);
    return 0;
}

/* What sentences_one needs besides the document. */
typedef struct sentences_ctx {
    const cli_common *common;
    int raw;
    precis_analyzer *analyzer;
} sentences_ctx;

static int sentences_one(void *arg, cli_output *out, const char *path)
{
    const sentences_ctx *ctx = arg;
    const cli_common *common = ctx->common;
    int raw = ctx->raw;
    precis_analyzer *analyzer = ctx->analyzer;
    cli_doc d;
    precis_article *article = NULL;
    sentence_out so;
    size_t i;
    int err = PRECIS_OK;

    if (cli_doc_load(path, common->repair, common->quiet, 0, &d) != 0)
        return -1;
    if (d.empty) {
        if (out->format != CLI_FORMAT_TEXT) {
            cli_output_doc_begin(out, path);
            cli_json_key(&out->json, "sentences");
            cli_json_begin_array(&out->json);
            cli_json_end_array(&out->json);
            cli_output_doc_end(out);
        }
        return 0;
    }
    if (!raw)
        err = precis_article_new(analyzer, d.doc, &article);
    if (err != PRECIS_OK) {
        cli_lib_error(path, err);
        cli_doc_free(&d);
        return -1;
    }
    so.out = out;
    so.text = precis_doc_text(d.doc);
    cli_output_doc_begin(out, path);
    if (out->format != CLI_FORMAT_TEXT) {
        cli_json_key(&out->json, "sentences");
        cli_json_begin_array(&out->json);
    }
    if (raw) {
        err = precis_sentences_split(so.text, precis_doc_length(d.doc),
                                     raw_sentence, &so);
    } else {
        for (i = 0; i < precis_article_sentence_count(article); i++)
            put_sentence(&so, precis_article_sentence(article, i));
    }
    if (out->format != CLI_FORMAT_TEXT)
        cli_json_end_array(&out->json);
    cli_output_doc_end(out);
    if (err != PRECIS_OK)
        cli_lib_error(path, err);
    precis_article_free(article);
    cli_doc_free(&d);
    return err == PRECIS_OK ? 0 : -1;
}

int cmd_sentences(int argc, char **argv)
{
    cli_common common;
    precis_lang *lang = NULL;
    precis_analyzer *analyzer = NULL;
    sentences_ctx ctx;
    int c, rc, raw = 0;

    cli_common_init(&common);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":l:f:qh", long_options, NULL)) !=
           -1) {
        switch (c) {
        case OPT_RAW: raw = 1; break;
        default:
            rc = cli_common_option("sentences", help_text, &common, c, argv);
            if (rc < 0)
                return cli_finish_stdout(CLI_EXIT_OK);
            if (rc > 0)
                return rc;
        }
    }
    if (optind >= argc)
        return cli_usage("sentences",
                         "no input: give a PATH, or '-' for standard input");
    rc = cli_lang_open("sentences", &common, &lang, &analyzer);
    if (rc != 0)
        return rc;
    ctx.common = &common;
    ctx.raw = raw;
    ctx.analyzer = analyzer;
    rc = cli_run_docs(argv + optind, (size_t)(argc - optind), common.format,
                      sentences_one, &ctx);
    precis_analyzer_free(analyzer);
    precis_lang_free(lang);
    return cli_finish_stdout(rc);
}
