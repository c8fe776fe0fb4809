/* output.c: per-document records on standard output (text, a JSON array,
 * or JSON Lines) and the pieces of text output the commands share. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cli_output_start(cli_output *out, cli_format format, size_t inputs)
{
    cli_output_start_to(out, stdout, format, inputs);
}

void cli_output_start_to(cli_output *out, FILE *stream, cli_format format,
                         size_t inputs)
{
    memset(out, 0, sizeof *out);
    out->stream = stream;
    out->format = format;
    out->multi = inputs > 1;
    cli_json_init(&out->json, stream, format == CLI_FORMAT_JSON);
    if (format == CLI_FORMAT_JSON)
        cli_json_begin_array(&out->json);
}

void cli_output_doc_begin(cli_output *out, const char *path)
{
    if (out->format == CLI_FORMAT_TEXT) {
        /* The same convention as head(1) and tail(1). */
        if (out->multi) {
            if (out->docs_written)
                fputc('\n', out->stream);
            fprintf(out->stream, "==> %s <==\n", path);
        }
        out->docs_written++;
        return;
    }
    if (out->format == CLI_FORMAT_JSONL)
        cli_json_init(&out->json, out->stream, 0);
    cli_json_begin_object(&out->json);
    cli_json_key(&out->json, "doc");
    cli_json_cstring(&out->json, path);
}

void cli_output_doc_end(cli_output *out)
{
    if (out->format == CLI_FORMAT_TEXT)
        return;
    cli_json_end_object(&out->json);
    if (out->format == CLI_FORMAT_JSONL)
        fputc('\n', out->stream);
}

void cli_output_body_start(cli_json *json, FILE *stream, cli_format format)
{
    /* A JSON array's record is an object in the array; a JSON Lines
     * record is an object alone. */
    if (format == CLI_FORMAT_JSON)
        cli_json_resume(json, stream, 1, 2);
    else
        cli_json_resume(json, stream, 0, 1);
}

void cli_output_doc_body(cli_output *out, const char *body, size_t len)
{
    if (out->format == CLI_FORMAT_TEXT)
        fwrite(body, 1, len, out->stream);
    else
        cli_json_splice(&out->json, body, len);
}

void cli_output_finish(cli_output *out)
{
    if (out->format == CLI_FORMAT_JSON) {
        cli_json_end_array(&out->json);
        fputc('\n', out->stream);
    }
}

static int is_blank_byte(char c)
{
    return c == '\n' || c == '\r' || c == '\t' || c == ' ';
}

/* Where the bytes from text[i] on stop being ones that go out as they
 * are, found 7 at a time; text[i] is not blank, or is a single space
 * after a byte that is not. Eight bytes, loaded as one 64-bit word, pass
 * when none is below 0x20 (every blank but the space is) and no two side
 * by side are spaces; only 7 are passed, so that a space in the eighth is
 * seen again with the byte after it. Subtracting 0x20 from every byte
 * sets the high bit of one below 0x20 (the usual test for whether any
 * byte is below a bound); the spaces are the zero bytes of the word xor
 * 0x20s, marked without a carry crossing bytes; shifting the marks by a
 * byte both ways pairs each space with its neighbours whatever the order
 * the bytes were loaded in. What is left is read byte by byte. */
static size_t plain_run(const char *text, size_t i, size_t end)
{
    const uint64_t ones = 0x0101010101010101ull, highs = ones * 0x80;
    while (end - i >= 8) {
        uint64_t v, x, low, space;
        memcpy(&v, text + i, 8);
        low = (v - ones * 0x20) & ~v & highs;
        x = v ^ (ones * 0x20);
        space = ~(((x & ~highs) + ~highs) | x | ~highs);
        if (low | (space & (space >> 8)) | (space & (space << 8)))
            break;
        i += 7;
    }
    return i;
}

/* Both writers hand stdio whole runs of bytes rather than one call per
 * byte: a single space between two words stays inside a run, so a
 * sentence on one line is one fwrite. */
void cli_put_oneline(FILE *f, const char *text, precis_span span)
{
    size_t i = span.start, run;

    while (i < span.end && is_blank_byte(text[i]))
        i++;
    run = i;
    i = plain_run(text, i, span.end);
    while (i < span.end) {
        size_t blank = i, j;

        if (!is_blank_byte(text[i])) {
            i++;
            continue;
        }
        j = i + 1;
        while (j < span.end && is_blank_byte(text[j]))
            j++;
        if (j == span.end) { /* trailing white space: dropped */
            i = blank;
            break;
        }
        if (j == i + 1 && text[i] == ' ') { /* one plain space: kept */
            i = plain_run(text, j, span.end);
            continue;
        }
        fwrite(text + run, 1, blank - run, f);
        fputc(' ', f);
        run = j;
        i = plain_run(text, j, span.end);
    }
    fwrite(text + run, 1, i - run, f);
}

void cli_put_plain(FILE *f, const char *text, precis_span span)
{
    size_t i = span.start;

    while (i < span.end) {
        const char *cr = memchr(text + i, '\r', span.end - i);
        size_t stop = cr ? (size_t)(cr - text) : span.end;

        fwrite(text + i, 1, stop - i, f);
        i = cr ? stop + 1 : stop;
    }
}

void cli_json_offsets(cli_json *json, precis_span span)
{
    CLI_JSON_KEY(json, "start");
    cli_json_size(json, span.start);
    CLI_JSON_KEY(json, "end");
    cli_json_size(json, span.end);
}

void cli_json_span(cli_json *json, const char *text, precis_span span)
{
    cli_json_string(json, text + span.start, span.end - span.start);
}

static void json_field(cli_json *json, const char *text,
                       const precis_layout *layout, precis_field field)
{
    precis_span span;

    if (layout && precis_layout_field(layout, field, &span))
        cli_json_span(json, text, span);
    else
        cli_json_null(json);
}

void cli_json_fields(cli_json *json, const precis_doc *doc,
                     const precis_layout *layout)
{
    const char *text = doc ? precis_doc_text(doc) : "";
    const char *iso = layout ? precis_layout_date_iso(layout) : NULL;

    cli_json_key(json, "title");
    json_field(json, text, layout, PRECIS_FIELD_TITLE);
    cli_json_key(json, "byline");
    json_field(json, text, layout, PRECIS_FIELD_BYLINE);
    cli_json_key(json, "date");
    if (iso)
        cli_json_cstring(json, iso);
    else
        json_field(json, text, layout, PRECIS_FIELD_DATE);
    cli_json_key(json, "dateline");
    json_field(json, text, layout, PRECIS_FIELD_DATELINE);
}

/* The reason the first failed flush of standard output gave: the error
 * flag of a stream outlives the errno of the write that set it. */
static int stdout_errno;

int cli_flush_stdout(void)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    if (!stdout_errno)
        stdout_errno = errno;
    return -1;
}

int cli_finish_stdout(int status)
{
    if (cli_flush_stdout() != 0) {
        int err = stdout_errno;

        fprintf(stderr, "precis: error writing output: %s\n",
                err ? strerror(err) : "write failed");
        return CLI_EXIT_FAILED;
    }
    return status;
}

/* Loads one input and hands it to the command; nonzero when it failed. */
static int doc_one(const cli_doc_cmd *cmd, const cli_doc_env *env,
                   cli_output *out, const char *path)
{
    cli_doc d;
    int rc = 0;

    if (cli_doc_load(path, env->common.repair, env->common.quiet, 0, &d) !=
        0)
        return -1;
    if (!d.empty)
        rc = cmd->one(env, out, path, d.doc);
    else if (out->format != CLI_FORMAT_TEXT) {
        cli_output_doc_begin(out, path);
        rc = cmd->one(env, out, path, NULL);
        cli_output_doc_end(out);
    }
    cli_doc_free(&d);
    return rc;
}

/* Walks the arguments and makes every input's record into one output on
 * standard output. */
static int run_docs(const cli_doc_cmd *cmd, const cli_doc_env *env,
                    char **args, size_t nargs)
{
    cli_walk *walk = cli_walk_new(args, nargs);
    cli_input in = {0};
    cli_output out;
    size_t failed = 0;

    cli_output_start(&out, env->common.format, cli_walk_ahead(walk, 2));
    while (cli_walk_next(walk, &in)) {
        if (in.err)
            cli_input_report(&in);
        if (in.err || doc_one(cmd, env, &out, in.path) != 0)
            failed++;
    }
    cli_output_finish(&out);
    cli_input_free(&in);
    cli_walk_free(walk);
    cli_inputs_release_stdin();
    return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

int cli_doc_command(const cli_doc_cmd *cmd, int argc, char **argv)
{
    cli_doc_env env;
    int c, rc;

    cli_common_init(&env.common);
    env.lang = NULL;
    env.analyzer = NULL;
    env.own = cmd->own;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":l:f:qh", cmd->long_options,
                            NULL)) != -1) {
        if (cmd->option && cmd->option(cmd->own, c))
            continue;
        rc = cli_common_option(cmd->name, cmd->help, &env.common, c, argv);
        if (rc < 0)
            return cli_finish_stdout(CLI_EXIT_OK);
        if (rc > 0)
            return rc;
    }
    if (optind >= argc)
        return cli_usage(cmd->name,
                         "no input: give a PATH, or '-' for standard input");
    rc = cli_lang_open(cmd->name, &env.common, &env.lang, &env.analyzer);
    if (rc != 0)
        return rc;
    rc = run_docs(cmd, &env, argv + optind, (size_t)(argc - optind));
    precis_analyzer_free(env.analyzer);
    precis_lang_free(env.lang);
    return cli_finish_stdout(rc);
}
