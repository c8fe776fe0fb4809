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
    CLI_HELP_COMMON("");

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
    cli_json_offsets(&so->out->json, s);
    cli_json_key(&so->out->json, "text");
    cli_json_span(&so->out->json, so->text, s);
    cli_json_end_object(&so->out->json);
}

static int raw_sentence(void *ctx, precis_span s)
{
    put_sentence(ctx, s);
    return 0;
}

static int sentences_option(void *own, int c)
{
    if (c != OPT_RAW)
        return 0;
    *(int *)own = 1;
    return 1;
}

static int sentences_one(const cli_doc_env *env, cli_output *out,
                         const char *path, const precis_doc *doc)
{
    int raw = *(const int *)env->own;
    precis_article *article = NULL;
    sentence_out so;
    size_t i;
    int err = PRECIS_OK;

    if (!doc) {
        cli_json_key(&out->json, "sentences");
        cli_json_begin_array(&out->json);
        cli_json_end_array(&out->json);
        return 0;
    }
    if (!raw)
        err = precis_article_new(env->analyzer, doc, &article);
    if (err != PRECIS_OK) {
        cli_lib_error(path, err);
        return -1;
    }
    so.out = out;
    so.text = precis_doc_text(doc);
    cli_output_doc_begin(out, path);
    if (out->format != CLI_FORMAT_TEXT) {
        cli_json_key(&out->json, "sentences");
        cli_json_begin_array(&out->json);
    }
    if (raw) {
        err = precis_sentences_split(so.text, precis_doc_length(doc),
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
    return err == PRECIS_OK ? 0 : -1;
}

int cmd_sentences(int argc, char **argv)
{
    int raw = 0;
    const cli_doc_cmd cmd = {.name = "sentences", .help = help_text,
                             .long_options = long_options,
                             .option = sentences_option,
                             .one = sentences_one, .own = &raw};

    return cli_doc_command(&cmd, argc, argv);
}
