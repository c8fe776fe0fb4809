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

/* Both writers hand stdio whole runs of bytes rather than one call per
 * byte: a single space between two words stays inside a run, so a
 * sentence on one line is one fwrite. */
void cli_put_oneline(FILE *f, const char *text, precis_span span)
{
    size_t i = span.start, run;

    while (i < span.end && is_blank_byte(text[i]))
        i++;
    run = i;
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
            i = j;
            continue;
        }
        fwrite(text + run, 1, blank - run, f);
        fputc(' ', f);
        run = i = j;
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

int cli_run_docs(char **args, size_t nargs, cli_format format,
                 cli_doc_fn one, void *ctx)
{
    cli_inputs inputs = {0};
    cli_output out;
    size_t failed = 0, i;

    cli_inputs_expand(args, nargs, &inputs, &failed);
    cli_output_start(&out, format, inputs.count);
    for (i = 0; i < inputs.count; i++)
        if (one(ctx, &out, inputs.paths[i]) != 0)
            failed++;
    cli_output_finish(&out);
    cli_inputs_free(&inputs);
    cli_inputs_release_stdin();
    return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}
