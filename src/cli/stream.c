/* stream.c: --stdin-jsonl, precis as a mapper. Standard input is read in
 * chunks of lines; each chunk's lines are parsed and processed on the
 * worker threads and written in order, one JSON line out per line in,
 * before the next chunk is read, so memory is bounded by the chunk and
 * not by the stream. Every line stands alone (no model is learnt from the
 * stream), so any split of the input into pieces, each run separately,
 * gives the same lines as one run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Lines per chunk, and a bound on a chunk's bytes. */
#define CHUNK_LINES CLI_STREAM_SLOTS
#define CHUNK_BYTES ((size_t)32 << 20)

typedef struct item {
    cli_jsonl_line parsed;
    precis_doc *doc;
    int err;
} item;

typedef struct run {
    const cli_stream *s;
    char **lines;
    size_t *lens;
    item *items;
    size_t count;      /* lines in the chunk */
    size_t first_line; /* the line number of lines[0], from 1 */
    size_t failed;
} run;

/* The batch's take: line i of the chunk, while there is one. */
static int take_line(void *arg, size_t i, cli_input *in)
{
    const run *r = arg;

    (void)in;
    return i < r->count;
}

static size_t work_line(void *arg, unsigned worker, precis_analyzer *an,
                        size_t i, cli_input *in)
{
    run *r = arg;
    item *it = &r->items[i];

    (void)worker;
    (void)in;
    cli_jsonl_parse(r->lines[i], r->lens[i], &it->parsed);
    free(r->lines[i]);
    r->lines[i] = NULL;
    if (it->parsed.error)
        return r->lens[i];
    it->err = precis_doc_new(it->parsed.text, it->parsed.text_len,
                             r->s->repair ? PRECIS_DOC_REPAIR : 0u, &it->doc,
                             NULL);
    free(it->parsed.text);
    it->parsed.text = NULL;
    if (it->err == PRECIS_OK)
        it->err = r->s->work(r->s->ctx, an, i, it->doc);
    return r->lens[i];
}

/* Reports a failed line on stderr as stdin:LINE: or, for a line that is
 * not valid JSON, stdin:LINE:COLUMN:, and answers its id on stdout. */
static void emit_error(run *r, const item *it, size_t line, size_t column,
                       const char *message)
{
    cli_json json;

    if (column)
        fprintf(stderr, "stdin:%zu:%zu: %s\n", line, column, message);
    else
        fprintf(stderr, "stdin:%zu: %s\n", line, message);
    r->failed++;
    if (!it->parsed.id)
        return;
    cli_json_init(&json, stdout, 0);
    cli_json_begin_object(&json);
    cli_json_raw_member(&json, "id", it->parsed.id, it->parsed.id_len);
    cli_json_key(&json, "error");
    cli_json_cstring(&json, message);
    cli_json_end_object(&json);
    fputc('\n', stdout);
}

static void emit_line(void *arg, size_t i, const cli_input *in)
{
    run *r = arg;
    item *it = &r->items[i];
    size_t line = r->first_line + i;

    (void)in;
    if (it->parsed.error) {
        emit_error(r, it, line, it->parsed.error_column, it->parsed.error);
    } else if (!it->parsed.id) {
        emit_error(r, it, line, 0, "no \"id\"");
    } else if (it->err != PRECIS_OK) {
        emit_error(r, it, line, 0, precis_strerror(it->err));
    } else {
        cli_json json;

        cli_json_init(&json, stdout, 0);
        cli_json_begin_object(&json);
        cli_json_raw_member(&json, "id", it->parsed.id, it->parsed.id_len);
        r->s->emit(r->s->ctx, i, &json, it->doc);
        cli_json_end_object(&json);
        fputc('\n', stdout);
    }
    if (r->s->drop)
        r->s->drop(r->s->ctx, i);
    precis_doc_free(it->doc);
    cli_jsonl_line_free(&it->parsed);
    memset(it, 0, sizeof *it);
}

/* Frees what an interrupted chunk left. */
static void drop_chunk(run *r, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(r->lines[i]);
        if (r->s->drop)
            r->s->drop(r->s->ctx, i);
        precis_doc_free(r->items[i].doc);
        cli_jsonl_line_free(&r->items[i].parsed);
    }
}

int cli_stream_run(const cli_stream *s)
{
    run r;
    cli_batch b;
    size_t n;
    int rc = 0;

    memset(&r, 0, sizeof r);
    r.s = s;
    r.first_line = 1;
    r.items = calloc(CHUNK_LINES, sizeof *r.items);
    if (!r.items) {
        fputs("precis: out of memory\n", stderr);
        return CLI_EXIT_FAILED;
    }
    memset(&b, 0, sizeof b);
    b.window = CHUNK_LINES;
    b.lang = s->lang;
    b.ctx = &r;
    b.source = &r;
    b.take = take_line;
    b.work = work_line;
    b.emit = emit_line;
    while (rc == 0 && (n = cli_read_lines(&r.lines, &r.lens, CHUNK_LINES,
                                          CHUNK_BYTES)) > 0) {
        r.count = n;
        b.jobs = s->jobs < n ? s->jobs : (unsigned)n;
        rc = cli_batch_run(&b);
        if (rc != 0)
            drop_chunk(&r, n);
        free(r.lines);
        free(r.lens);
        r.lines = NULL;
        r.lens = NULL;
        r.first_line += n;
        if (cli_flush_stdout() != 0)
            break; /* nowhere to write: cli_finish_stdout reports it */
    }
    free(r.lines);
    free(r.lens);
    free(r.items);
    if (cli_interrupted())
        return CLI_EXIT_INTERRUPTED;
    if (rc != 0)
        return CLI_EXIT_FAILED;
    if (ferror(stdin)) {
        perror("precis: stdin");
        return CLI_EXIT_FAILED;
    }
    return r.failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

int cli_stream_cmd(const cli_run *run, void *ctx,
                   int (*work)(void *ctx, precis_analyzer *analyzer,
                               size_t slot, const precis_doc *doc),
                   void (*emit)(void *ctx, size_t slot, cli_json *json,
                                const precis_doc *doc),
                   void (*drop)(void *ctx, size_t slot))
{
    cli_stream s = {.jobs = run->jobs, .lang = run->lang,
                    .repair = run->common.repair, .ctx = ctx,
                    .work = work, .emit = emit, .drop = drop};

    return cli_stream_run(&s);
}
