/* cmd_summarize.c: `precis summarize`, one summary per document. */
#include <errno.h>
#include <getopt.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    "  -o, --output DIR    one output file per input under DIR, mirroring\n"
    "                      the inputs below each PATH (same file names);\n"
    "                      each file is written whole or not at all\n"
    "  -j, --jobs N        worker threads (default: the number of cores);\n"
    "                      the output is the same for every N\n"
    "      --stdin-jsonl   read {\"id\": ..., \"text\": ...} lines on standard\n"
    "                      input, write one JSON line per line, in order,\n"
    "                      with \"id\" for \"doc\" (each line alone: use --idf\n"
    "                      for corpus weights)\n"
    "  -q, --quiet         no notices about empty documents, no progress bar\n"
    "  -h, --help          show this help\n"
    "      --version       show the version\n"
    "\n"
    "With several documents and no --idf, the model pass sets each analysed\n"
    "document aside in an unnamed temporary file in $TMPDIR (when unset,\n"
    "/var/tmp or /tmp), about 2.3 times the size of the inputs, which the\n"
    "system removes however the run ends; without room for it, inputs are\n"
    "read again.\n"
    "\n"
    "With several documents, text output puts a '==> PATH <==' line before\n"
    "each. The title, when the page has one, comes first. On a terminal a\n"
    "progress bar is drawn on standard error. Ctrl-C stops cleanly (exit\n"
    "status 130) and leaves no partly written output file.\n";

enum {
    OPT_IDF = CLI_OPT_OWN
};

static const struct option long_options[] = {
    {"sentences", required_argument, NULL, 'n'},
    {"words", required_argument, NULL, 'w'},
    {"ratio", required_argument, NULL, 'r'},
    {"idf", required_argument, NULL, OPT_IDF},
    {"output", required_argument, NULL, 'o'},
    CLI_RUN_LONG_OPTIONS,
};

/* What a worker made of one input, waiting for the writer. */
typedef enum outcome {
    DONE_OK = 0,
    DONE_EMPTY,      /* blank: no summary, a null record in JSON */
    DONE_UNREADABLE, /* cannot be read or is not UTF-8: loaded again by the
                      * writer to report why, so messages come in order */
    DONE_FAILED      /* a library error, in `err` */
} outcome;

typedef struct result {
    outcome outcome;
    int err;
    precis_doc *doc;
    precis_article *article;
    precis_summary *summary;
} result;

/* Where the model pass wrote one input's packed article. */
typedef struct spill_ref {
    size_t at;
    size_t len;
} spill_ref;

/* A record in a spill buffer: input `input`'s, at `at` in the buffer. */
typedef struct spill_pending {
    size_t input;
    size_t at;
    size_t len;
} spill_pending;

/* A worker's records gathered for one write (see spill_one). */
typedef struct spill_buffer {
    char *bytes; /* SPILL_BUFFER bytes, or NULL: records go one by one */
    size_t len;
    spill_pending *pending; /* SPILL_PENDING */
    size_t count;
} spill_buffer;

/* Records are written a mebibyte at a time: the system's cost of a write
 * to a file is mostly per call and per page it takes into its cache, and
 * writing 125 MB in records of 8 KB took it 0.15 s of CPU, in writes of
 * 256 KB or more 0.04 s (ext4, Linux 6). */
#define SPILL_BUFFER ((size_t)1 << 20)
#define SPILL_PENDING 1024

typedef struct summarize_ctx {
    cli_run run;
    precis_summary_options budget;
    const char *idf_path;
    const char *outdir;
    precis_idf *idf;
    cli_idf_file idf_file; /* what idf reads, for --idf */
    const cli_inputs *inputs;
    cli_output out;
    result *results;  /* a ring of `window` slots, input i in i % window
                       * (or one per line of a stream chunk) */
    size_t window;
    precis_idf **worker_idf; /* the model pass: one model per worker */
    int worker_err;
    /* Articles built by the model pass, set aside for the summaries in
     * an unnamed temporary file (see spill_open): one record per input,
     * len 0 when it was not written. */
    int spill_fd;
    atomic_size_t spill_end;
    spill_ref *spill;
    spill_buffer *spill_buffers; /* the model pass: one per worker */
    /* With a model pass, the workers' analyzers serve both passes: an
     * article unpacked on the worker that built it still finds its stems'
     * weights in that analyzer's cache (precis_summary_new_cached). NULL
     * otherwise; `jobs` slots. */
    precis_analyzer **analyzers;
    size_t failed;
    cli_progress progress;
} summarize_ctx;

/* Loads --idf MODEL and checks it was built for the same language. */
static int load_model(summarize_ctx *ctx)
{
    if (cli_idf_open(ctx->idf_path, &ctx->idf, &ctx->idf_file) != 0)
        return CLI_EXIT_FAILED;
    if (strcmp(precis_idf_lang(ctx->idf), precis_lang_name(ctx->run.lang)) !=
        0)
        return cli_usage("summarize",
                         "--idf: model '%s' is for %s, not %s (use --lang %s)",
                         ctx->idf_path, precis_idf_lang(ctx->idf),
                         precis_lang_name(ctx->run.lang),
                         precis_idf_lang(ctx->idf));
    return 0;
}

/* The model pass analyses every input, and the summaries need the same
 * articles again. Analysing twice would nearly double the time, and
 * holding the articles in memory costs 3.4 times their text (a budget of
 * 64 MiB kept 19 MB of text: nearly all of the re-reading remained at
 * 200 MB). So the model pass packs each article (precis_article_pack)
 * into a temporary file and the summary pass unpacks it: packing and
 * unpacking take 7% of a run's instructions, analysing 73% (callgrind,
 * BBC dev). Memory stays what the --idf path takes, whatever the size of
 * the folder; the file takes about 2.3 times the inputs' size on disk,
 * and has no name from the start, so the system deletes it however the
 * run ends, Ctrl-C included. An input whose record could not be written
 * (no temporary folder, a full disk) is read and analysed again. */

/* Opens the spill file in $TMPDIR when it is set, else in /var/tmp (on
 * disk, where /tmp may be memory) or /tmp; or leaves spill_fd at -1 (the
 * inputs are then read again). The file is unlinked as soon as it is
 * made, so it has no name to leave behind. */
static void spill_open(summarize_ctx *ctx)
{
    const char *dirs[2] = {getenv("TMPDIR"), NULL};
    size_t d, n;
    char *path;

    if (!dirs[0] || !*dirs[0]) {
        dirs[0] = "/var/tmp";
        dirs[1] = "/tmp";
    }
    for (d = 0; d < 2 && dirs[d] && ctx->spill_fd < 0; d++) {
        n = strlen(dirs[d]) + sizeof "/precis-XXXXXX";
        path = cli_xmalloc(n);
        snprintf(path, n, "%s/precis-XXXXXX", dirs[d]);
        ctx->spill_fd = mkstemp(path);
        if (ctx->spill_fd >= 0)
            unlink(path);
        free(path);
    }
}

/* Writes (or reads, when `reading`) len bytes at offset `at` of fd; 0
 * when all were. */
static int transfer(int fd, char *bytes, size_t len, size_t at, int reading)
{
    while (len > 0) {
        ssize_t n = reading ? pread(fd, bytes, len, (off_t)at)
                            : pwrite(fd, bytes, len, (off_t)at);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        bytes += n;
        len -= (size_t)n;
        at += (size_t)n;
    }
    return 0;
}

/* Writes len bytes at the end of the spill file; returns where, or
 * SIZE_MAX when they could not be written. */
static size_t spill_write(summarize_ctx *ctx, char *bytes, size_t len)
{
    /* Each write gets its own range of the file: writers never wait for
     * one another, and a failed write only loses its own range. */
    size_t at = atomic_fetch_add(&ctx->spill_end, len);

    if (at <= (size_t)INT64_MAX - len &&
        transfer(ctx->spill_fd, bytes, len, at, 0) == 0)
        return at;
    return SIZE_MAX;
}

/* Writes what the buffer holds and notes where each record went; a
 * record that could not be written is read again by the summary pass. */
static void spill_flush(summarize_ctx *ctx, spill_buffer *sb)
{
    size_t at, k;

    if (sb->len == 0)
        return;
    at = spill_write(ctx, sb->bytes, sb->len);
    for (k = 0; at != SIZE_MAX && k < sb->count; k++) {
        ctx->spill[sb->pending[k].input].at = at + sb->pending[k].at;
        ctx->spill[sb->pending[k].input].len = sb->pending[k].len;
    }
    sb->len = 0;
    sb->count = 0;
}

/* Sets input i's article aside in the spill file, when there is one and
 * the record can be written; otherwise the summary pass reads i again.
 * The record waits in the worker's buffer, unless it is as large as the
 * buffer or there is none. */
static void spill_one(summarize_ctx *ctx, unsigned worker, size_t i,
                      const precis_article *article)
{
    spill_buffer *sb = ctx->spill_buffers ? &ctx->spill_buffers[worker]
                                          : NULL;
    char *bytes;
    size_t len, at;

    if (ctx->spill_fd < 0 ||
        precis_article_pack(article, &bytes, &len) != PRECIS_OK)
        return;
    if (sb && sb->bytes && len < SPILL_BUFFER) {
        if (sb->len + len > SPILL_BUFFER || sb->count == SPILL_PENDING)
            spill_flush(ctx, sb);
        memcpy(sb->bytes + sb->len, bytes, len);
        sb->pending[sb->count].input = i;
        sb->pending[sb->count].at = sb->len;
        sb->pending[sb->count].len = len;
        sb->count++;
        sb->len += len;
    } else if ((at = spill_write(ctx, bytes, len)) != SIZE_MAX) {
        ctx->spill[i].at = at;
        ctx->spill[i].len = len;
    }
    precis_free(bytes);
}

/* One buffer per worker, each with room for its records, or none (the
 * records are then written one by one). */
static void spill_buffers_new(summarize_ctx *ctx)
{
    unsigned w;

    ctx->spill_buffers = calloc(ctx->run.jobs, sizeof *ctx->spill_buffers);
    for (w = 0; ctx->spill_buffers && w < ctx->run.jobs; w++) {
        spill_buffer *sb = &ctx->spill_buffers[w];
        sb->bytes = malloc(SPILL_BUFFER);
        sb->pending = malloc(SPILL_PENDING * sizeof *sb->pending);
        if (!sb->bytes || !sb->pending) {
            free(sb->bytes);
            sb->bytes = NULL;
        }
    }
}

/* Writes what the buffers still hold, and frees them. */
static void spill_buffers_free(summarize_ctx *ctx)
{
    unsigned w;

    for (w = 0; ctx->spill_buffers && w < ctx->run.jobs; w++) {
        if (ctx->spill_buffers[w].bytes)
            spill_flush(ctx, &ctx->spill_buffers[w]);
        free(ctx->spill_buffers[w].bytes);
        free(ctx->spill_buffers[w].pending);
    }
    free(ctx->spill_buffers);
    ctx->spill_buffers = NULL;
}

/* Input i's article from the spill file, into r; 0 when it was there. */
static int unspill_one(summarize_ctx *ctx, size_t i, result *r)
{
    const spill_ref *ref = &ctx->spill[i];
    char *bytes;
    int ok;

    if (ref->len == 0)
        return -1;
    bytes = cli_xmalloc(ref->len);
    ok = transfer(ctx->spill_fd, bytes, ref->len, ref->at, 1) == 0 &&
         precis_article_unpack(bytes, ref->len, &r->doc, &r->article) ==
             PRECIS_OK;
    free(bytes);
    return ok ? 0 : -1;
}

/* The model pass for input i, on a worker: counts its terms in the
 * worker's own model. Problems with a file are left for the second pass
 * to report. */
static size_t count_one(void *arg, unsigned worker, precis_analyzer *an,
                        size_t i)
{
    summarize_ctx *ctx = arg;
    precis_article *article = NULL;
    cli_doc d;
    size_t len;
    int err;

    if (cli_doc_load(ctx->inputs->paths[i], ctx->run.common.repair, 1, 1,
                     &d) != 0 ||
        d.empty)
        return 0;
    len = precis_doc_length(d.doc);
    err = precis_article_new(an, d.doc, &article);
    if (err == PRECIS_OK)
        err = precis_idf_add(ctx->worker_idf[worker], article);
    else if (err != PRECIS_ENOMEM)
        err = PRECIS_OK; /* reported in the second pass */
    if (err == PRECIS_OK && article)
        spill_one(ctx, worker, i, article);
    if (err != PRECIS_OK)
        ctx->worker_err = err; /* each worker writes the same kind */
    precis_article_free(article);
    cli_doc_free(&d);
    return len;
}

/* The first pass over several inputs: their document frequencies, one
 * model per worker, then added up. Counts add, and the saved form is
 * sorted, so the sum equals one pass in any order. The articles are set
 * aside for the second pass in the spill file. */
static int build_model(summarize_ctx *ctx, const cli_inputs *inputs)
{
    cli_batch b;
    unsigned w;
    int rc = 0,
        err = precis_idf_new(precis_lang_name(ctx->run.lang), &ctx->idf);

    ctx->spill = calloc(inputs->count, sizeof *ctx->spill);
    ctx->worker_idf = calloc(ctx->run.jobs, sizeof *ctx->worker_idf);
    if (!ctx->spill || !ctx->worker_idf)
        err = PRECIS_ENOMEM;
    for (w = 0; err == PRECIS_OK && w < ctx->run.jobs; w++)
        err = precis_idf_new(precis_lang_name(ctx->run.lang),
                             &ctx->worker_idf[w]);
    if (err == PRECIS_OK) {
        spill_open(ctx);
        if (ctx->spill_fd >= 0)
            spill_buffers_new(ctx);
        memset(&b, 0, sizeof b);
        b.count = inputs->count;
        b.jobs = ctx->run.jobs;
        b.lang = ctx->run.lang;
        b.ctx = ctx;
        b.work = count_one;
        b.progress = &ctx->progress;
        b.analyzers = ctx->analyzers;
        cli_progress_start(&ctx->progress, ctx->run.common.quiet,
                           "model    ", inputs);
        rc = cli_batch_run(&b);
        err = ctx->worker_err;
        spill_buffers_free(ctx);
    }
    /* The first worker's model becomes the set's and the others are added
     * to it: copying it into the empty one was a merge of the largest
     * model, the whole vocabulary interned again (2% of a run on 1,000
     * files), and with one worker it was all the merging there was. */
    for (w = 0; ctx->worker_idf && w < ctx->run.jobs; w++) {
        if (err == PRECIS_OK && w == 0) {
            precis_idf_free(ctx->idf);
            ctx->idf = ctx->worker_idf[0];
            continue;
        }
        if (err == PRECIS_OK)
            err = precis_idf_merge(ctx->idf, ctx->worker_idf[w]);
        precis_idf_free(ctx->worker_idf[w]);
    }
    free(ctx->worker_idf);
    ctx->worker_idf = NULL;
    if (rc > 0)
        return CLI_EXIT_INTERRUPTED;
    if (rc < 0)
        return CLI_EXIT_FAILED;
    if (err != PRECIS_OK) {
        cli_lib_error("precis summarize", err);
        return CLI_EXIT_FAILED;
    }
    return 0;
}

static void print_text(FILE *f, const precis_doc *doc,
                       const precis_article *article,
                       const precis_summary *summary)
{
    const char *text = precis_doc_text(doc);
    precis_span title;
    size_t i;

    if (precis_layout_field(precis_article_layout(article),
                            PRECIS_FIELD_TITLE, &title)) {
        cli_put_oneline(f, text, title);
        fputc('\n', f);
    }
    for (i = 0; i < precis_summary_count(summary); i++) {
        cli_put_oneline(f, text, precis_summary_sentence(summary, i));
        fputc('\n', f);
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
        cli_json_offsets(json, s);
        cli_json_key(json, "score");
        cli_json_double(json, precis_summary_score(summary, i));
        cli_json_end_object(json);
    }
    cli_json_end_array(json);
}

/* The summary of a document, on a worker: its article (unless the model
 * pass set one aside) and summary. */
static int summarize_doc(summarize_ctx *ctx, precis_analyzer *an,
                         result *r)
{
    int err = PRECIS_OK;

    if (!r->article)
        err = precis_article_new(an, r->doc, &r->article);
    if (err == PRECIS_OK)
        err = precis_summary_new_cached(an, r->article, ctx->idf,
                                        &ctx->budget, &r->summary);
    return err;
}

/* Input i on a worker: loads it (or takes what the model pass set aside)
 * and summarizes it into its result slot. */
static size_t summarize_one(void *arg, unsigned worker, precis_analyzer *an,
                            size_t i)
{
    summarize_ctx *ctx = arg;
    result *r = &ctx->results[i % ctx->window];
    cli_doc d;

    (void)worker;
    if (ctx->spill && unspill_one(ctx, i, r) == 0) {
        /* r->doc and r->article as the model pass made them */
    } else if (cli_doc_load(ctx->inputs->paths[i], ctx->run.common.repair,
                            1, 1, &d) != 0) {
        r->outcome = DONE_UNREADABLE;
        return 0;
    } else if (d.empty) {
        r->outcome = DONE_EMPTY;
        return 0;
    } else {
        r->doc = d.doc;
    }
    r->err = summarize_doc(ctx, an, r);
    r->outcome = r->err == PRECIS_OK ? DONE_OK : DONE_FAILED;
    return precis_doc_length(r->doc);
}

static void result_free(result *r)
{
    precis_summary_free(r->summary);
    precis_article_free(r->article);
    precis_doc_free(r->doc);
    memset(r, 0, sizeof *r);
}

/* Writes one record: to the shared output, or to its own file with -o.
 * A blank document has a record only in JSON. */
static void write_record(summarize_ctx *ctx, size_t i, const result *r)
{
    const char *path = ctx->inputs->paths[i];
    cli_output own, *out = &ctx->out;
    cli_outfile file;

    if (r->outcome == DONE_EMPTY &&
        ctx->run.common.format == CLI_FORMAT_TEXT && !ctx->outdir)
        return;
    if (ctx->outdir) {
        if (cli_outfile_open(&file, ctx->outdir,
                             path + ctx->inputs->rel[i]) != 0) {
            ctx->failed++;
            return;
        }
        /* Each file as if its input were summarized alone: text without
         * a header, JSON as an array of one, JSON Lines as one line. */
        cli_output_start_to(&own, file.f, ctx->run.common.format, 1);
        out = &own;
    }
    cli_output_doc_begin(out, path);
    if (out->format == CLI_FORMAT_TEXT) {
        if (r->outcome == DONE_OK)
            print_text(out->stream, r->doc, r->article, r->summary);
    } else {
        print_json(&out->json, r->doc, r->article, r->summary);
    }
    cli_output_doc_end(out);
    if (!ctx->outdir)
        return;
    cli_output_finish(out);
    if (cli_outfile_commit(&file) != 0)
        ctx->failed++;
}

/* Input i on the writer, in input order: reports a failure or writes the
 * record, then frees it. */
static void emit_one(void *arg, size_t i)
{
    summarize_ctx *ctx = arg;
    result *r = &ctx->results[i % ctx->window];
    const char *path = ctx->inputs->paths[i];
    cli_doc d;

    switch (r->outcome) {
    case DONE_UNREADABLE:
        /* Loaded again, not silently, for the message. */
        if (cli_doc_load(path, ctx->run.common.repair, 1, 0, &d) == 0) {
            fprintf(stderr, "%s: cannot read\n", path);
            cli_doc_free(&d);
        }
        ctx->failed++;
        break;
    case DONE_FAILED:
        cli_lib_error(path, r->err);
        ctx->failed++;
        break;
    case DONE_EMPTY:
        if (!ctx->run.common.quiet)
            fprintf(stderr, "%s: empty document\n", path);
        write_record(ctx, i, r);
        break;
    case DONE_OK:
        write_record(ctx, i, r);
        break;
    }
    result_free(r);
}

static int summarize_all(summarize_ctx *ctx)
{
    cli_batch b;
    int rc;

    /* Enough inputs in flight to keep every worker busy while the writer
     * waits for a slow one, few enough to hold little memory. Input i is
     * taken only once input i - window is emitted (and its result freed),
     * so that many result slots, reused in turn, serve any number of
     * inputs. */
    ctx->window = 8 * (size_t)ctx->run.jobs + 16;
    ctx->results = calloc(ctx->window, sizeof *ctx->results);
    if (!ctx->results) {
        fputs("precis: out of memory\n", stderr);
        return CLI_EXIT_FAILED;
    }
    memset(&b, 0, sizeof b);
    b.count = ctx->inputs->count;
    b.jobs = ctx->run.jobs;
    b.window = ctx->window;
    b.lang = ctx->run.lang;
    b.ctx = ctx;
    b.work = summarize_one;
    b.emit = emit_one;
    b.progress = &ctx->progress;
    b.analyzers = ctx->analyzers;
    cli_progress_start(&ctx->progress, ctx->run.common.quiet, "summarize",
                       ctx->inputs);
    if (!ctx->outdir)
        cli_output_start(&ctx->out, ctx->run.common.format,
                         ctx->inputs->count);
    rc = cli_batch_run(&b);
    if (!ctx->outdir && rc == 0)
        cli_output_finish(&ctx->out);
    if (rc != 0) {
        size_t i;

        for (i = 0; i < ctx->window; i++)
            result_free(&ctx->results[i]);
    }
    free(ctx->results);
    if (rc > 0)
        return CLI_EXIT_INTERRUPTED;
    if (rc < 0)
        return CLI_EXIT_FAILED;
    return ctx->failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

/* --stdin-jsonl: the slots of a chunk of lines. */
static int stream_work(void *arg, precis_analyzer *an, size_t slot,
                       const precis_doc *doc)
{
    summarize_ctx *ctx = arg;
    result *r = &ctx->results[slot];
    int err;

    /* The document belongs to the stream; the result only borrows it. */
    r->doc = NULL;
    err = precis_article_new(an, doc, &r->article);
    if (err == PRECIS_OK)
        err = precis_summary_new_cached(an, r->article, ctx->idf,
                                        &ctx->budget, &r->summary);
    return err;
}

static void stream_emit(void *arg, size_t slot, cli_json *json,
                        const precis_doc *doc)
{
    summarize_ctx *ctx = arg;
    result *r = &ctx->results[slot];

    print_json(json, doc, r->article, r->summary);
}

static void stream_drop(void *arg, size_t slot)
{
    summarize_ctx *ctx = arg;

    result_free(&ctx->results[slot]);
}

static int summarize_stream(summarize_ctx *ctx)
{
    int rc;

    ctx->results = calloc(CLI_STREAM_SLOTS, sizeof *ctx->results);
    if (!ctx->results) {
        fputs("precis: out of memory\n", stderr);
        return CLI_EXIT_FAILED;
    }
    rc = cli_stream_cmd(&ctx->run, ctx, stream_work, stream_emit,
                        stream_drop);
    free(ctx->results);
    return rc;
}

static int parse_options(summarize_ctx *ctx, int argc, char **argv)
{
    int c, status, sentences_given = 0, other_limit = 0;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:w:r:l:f:o:j:qh", long_options,
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
        case 'o': ctx->outdir = optarg; break;
        case OPT_IDF: ctx->idf_path = optarg; break;
        default:
            rc = cli_run_option("summarize", help_text, &ctx->run, c, argv);
        }
        if (rc)
            return rc;
    }
    /* A word or ratio budget alone is not also capped at 3 sentences. */
    if (other_limit && !sentences_given)
        ctx->budget.sentences = 0;
    status = cli_run_check_inputs("summarize", &ctx->run, argc, optind);
    if (status == 0 && ctx->run.stdin_jsonl && ctx->outdir)
        status = cli_usage("summarize",
                           "--stdin-jsonl writes standard output, not -o");
    return status;
}

/* The inputs' summaries: the model pass when several inputs are their own
 * model, then one summary each. */
static int summarize_paths(summarize_ctx *ctx, char **args, size_t nargs)
{
    cli_inputs inputs = {0};
    int rc = 0;

    cli_inputs_expand(args, nargs, &inputs, &ctx->failed);
    ctx->inputs = &inputs;
    if (!ctx->idf && inputs.count > 1) {
        ctx->analyzers = calloc(ctx->run.jobs, sizeof *ctx->analyzers);
        if (!ctx->analyzers) {
            fputs("precis: out of memory\n", stderr);
            rc = CLI_EXIT_FAILED;
        } else {
            rc = build_model(ctx, &inputs);
        }
    }
    if (rc == 0)
        rc = summarize_all(ctx);
    if (ctx->spill_fd >= 0)
        close(ctx->spill_fd);
    free(ctx->spill);
    for (unsigned w = 0; ctx->analyzers && w < ctx->run.jobs; w++)
        precis_analyzer_free(ctx->analyzers[w]);
    free(ctx->analyzers);
    ctx->analyzers = NULL;
    cli_inputs_free(&inputs);
    return rc;
}

int cmd_summarize(int argc, char **argv)
{
    summarize_ctx ctx;
    int rc;

    memset(&ctx, 0, sizeof ctx);
    atomic_init(&ctx.spill_end, 0);
    ctx.spill_fd = -1;
    cli_common_init(&ctx.run.common);
    precis_summary_options_init(&ctx.budget);
    rc = parse_options(&ctx, argc, argv);
    if (rc < 0)
        return cli_finish_stdout(CLI_EXIT_OK);
    if (rc > 0)
        return rc;
    rc = cli_run_open("summarize", &ctx.run);
    if (rc == 0 && ctx.idf_path)
        rc = load_model(&ctx);
    if (rc == 0 && ctx.run.stdin_jsonl)
        rc = summarize_stream(&ctx);
    else if (rc == 0)
        rc = summarize_paths(&ctx, argv + optind, (size_t)(argc - optind));
    precis_idf_free(ctx.idf);
    cli_idf_file_close(&ctx.idf_file);
    return cli_run_close(&ctx.run, rc);
}
