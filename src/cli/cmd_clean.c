/* cmd_clean.c: `precis clean`, what precis sees of each page: metadata,
 * body paragraphs, and the blocks it dropped with the reason. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help_text[] =
    "Usage: precis clean [OPTIONS] PATH...\n"
    "\n"
    "Shows what precis keeps of each page: title, byline, date, dateline and\n"
    "the body paragraphs, then every block it dropped as page furniture\n"
    "(menus, lists, captions, footers...) with its line number and reason.\n"
    "\n"
    "Options:\n"
    "  -l, --lang NAME     language of the text (default english)\n"
    "  -f, --format FMT    text (default), json or jsonl; JSON carries byte\n"
    "                      offsets of every body and dropped block\n"
    CLI_HELP_COMMON("");

static const struct option long_options[] = {
    {"format", required_argument, NULL, 'f'},
    CLI_COMMON_LONG_OPTIONS,
};

/* How much of a dropped block the text listing shows, in characters. */
#define PREVIEW_CHARS 60

/* Prints the start of a block on one line, at most PREVIEW_CHARS code
 * points, cut on a character boundary, with "…" when cut. */
static void print_preview(const char *text, precis_span span)
{
    size_t i = span.start, chars = 0;
    int space = 0;

    while (i < span.end && chars < PREVIEW_CHARS) {
        unsigned char c = (unsigned char)text[i];
        size_t n = 1;

        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = 1;
            i++;
            continue;
        }
        if (space) {
            fputc(' ', stdout);
            chars++;
            space = 0;
            if (chars == PREVIEW_CHARS)
                break;
        }
        /* The text is valid UTF-8: the lead byte gives the length. */
        if (c >= 0xF0)
            n = 4;
        else if (c >= 0xE0)
            n = 3;
        else if (c >= 0xC0)
            n = 2;
        if (i + n > span.end)
            n = span.end - i;
        fwrite(text + i, 1, n, stdout);
        i += n;
        chars++;
    }
    if (i < span.end)
        fputs("…", stdout);
}

static void print_field(const char *label, const char *text,
                        const precis_layout *layout, precis_field field,
                        const char *iso)
{
    precis_span span;

    printf("%-9s ", label);
    if (!precis_layout_field(layout, field, &span)) {
        fputs(iso ? iso : "-", stdout);
    } else if (iso) {
        printf("%s (", iso);
        cli_put_oneline(stdout, text, span);
        fputc(')', stdout);
    } else {
        cli_put_oneline(stdout, text, span);
    }
    fputc('\n', stdout);
}

static void print_text(const precis_doc *doc, const precis_layout *layout)
{
    const char *text = precis_doc_text(doc);
    size_t i, n = precis_layout_block_count(layout), dropped = 0;

    print_field("title:", text, layout, PRECIS_FIELD_TITLE, NULL);
    print_field("byline:", text, layout, PRECIS_FIELD_BYLINE, NULL);
    print_field("date:", text, layout, PRECIS_FIELD_DATE,
                precis_layout_date_iso(layout));
    print_field("dateline:", text, layout, PRECIS_FIELD_DATELINE, NULL);
    for (i = 0; i < n; i++) {
        if (!precis_layout_block_is_body(layout, i)) {
            dropped++;
            continue;
        }
        fputc('\n', stdout);
        cli_put_plain(stdout, text, precis_layout_block_span(layout, i));
        fputc('\n', stdout);
    }
    if (!dropped)
        return;
    fputs("\ndropped:\n", stdout);
    for (i = 0; i < n; i++) {
        precis_span span;
        const char *reason;

        if (precis_layout_block_is_body(layout, i))
            continue;
        span = precis_layout_block_span(layout, i);
        reason = precis_layout_block_reason(layout, i);
        printf("%zu: [%s] ", precis_doc_locate(doc, span.start).line,
               reason ? reason : "boilerplate");
        print_preview(text, span);
        fputc('\n', stdout);
    }
}

static void print_json(cli_json *json, const precis_doc *doc,
                       const precis_layout *layout)
{
    const char *text = doc ? precis_doc_text(doc) : "";
    size_t i, n = layout ? precis_layout_block_count(layout) : 0;

    cli_json_fields(json, doc, layout);
    cli_json_key(json, "body");
    cli_json_begin_array(json);
    for (i = 0; i < n; i++) {
        precis_span s = precis_layout_block_span(layout, i);

        if (!precis_layout_block_is_body(layout, i))
            continue;
        cli_json_begin_object(json);
        cli_json_offsets(json, s);
        cli_json_key(json, "text");
        cli_json_span(json, text, s);
        cli_json_end_object(json);
    }
    cli_json_end_array(json);
    cli_json_key(json, "dropped");
    cli_json_begin_array(json);
    for (i = 0; i < n; i++) {
        precis_span s = precis_layout_block_span(layout, i);
        const char *reason;

        if (precis_layout_block_is_body(layout, i))
            continue;
        reason = precis_layout_block_reason(layout, i);
        cli_json_begin_object(json);
        cli_json_offsets(json, s);
        cli_json_key(json, "reason");
        cli_json_cstring(json, reason ? reason : "boilerplate");
        cli_json_end_object(json);
    }
    cli_json_end_array(json);
}

static int clean_one(const cli_doc_env *env, cli_output *out,
                     const char *path, const precis_doc *doc)
{
    precis_layout *layout = NULL;
    int err;

    if (!doc) {
        print_json(&out->json, NULL, NULL);
        return 0;
    }
    err = precis_layout_new(doc, env->lang, &layout);
    if (err != PRECIS_OK) {
        cli_lib_error(path, err);
    } else {
        cli_output_doc_begin(out, path);
        if (out->format == CLI_FORMAT_TEXT)
            print_text(doc, layout);
        else
            print_json(&out->json, doc, layout);
        cli_output_doc_end(out);
    }
    precis_layout_free(layout);
    return err == PRECIS_OK ? 0 : -1;
}

int cmd_clean(int argc, char **argv)
{
    const cli_doc_cmd cmd = {.name = "clean", .help = help_text,
                             .long_options = long_options,
                             .one = clean_one};

    return cli_doc_command(&cmd, argc, argv);
}
