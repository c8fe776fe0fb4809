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
    "document, and the list of inputs, aside in unnamed temporary files in\n"
    "$TMPDIR (when unset, /var/tmp or /tmp), about 2.3 times the size of\n"
    "the inputs, which the system removes however the run ends; without\n"
    "room for them, inputs are read again.\n"
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
    DONE_UNWALKED,   /* the walk could not reach it (the input's err) */
    DONE_FAILED      /* a library error, in `err` */
} outcome;

typedef struct result {
    outcome outcome;
    int err;
    precis_doc *doc;
    precis_article *article;
    precis_summary *summary;
    /* The record's body, as the worker wrote it (DONE_OK and DONE_EMPTY),
     * after which it freed the document, article and summary: the writer
     * only puts the bytes in place, and every allocation is freed on the
     * thread that made it. A stream kept open on `body` for the slot's
     * next inputs. */
    FILE *body_stream;
    char *body;
    size_t body_len;
} result;

typedef struct summarize_ctx {
    cli_run run;
    precis_summary_options budget;
    const char *idf_path;
    const char *outdir;
    precis_idf *idf;
    cli_idf_file idf_file; /* what idf reads, for --idf */
    char **args;           /* the PATH arguments */
    size_t nargs;
    int multi;             /* more than one input */
    unsigned jobs;         /* threads: -j, or fewer with fewer inputs */
    cli_output out;
    result *results;  /* a ring of `window` slots, input i in i % window
                       * (or one per line of a stream chunk) */
    size_t window;
    precis_idf **worker_idf; /* the model pass: one model per worker */
    int worker_err;
    /* Articles built by the model pass, set aside for the summaries (see
     * spill.c), and per slot where input i's went. NULL without a model
     * pass, or when the temporary files cannot be made (the inputs are
     * then read again). */
    cli_spill *spill;
    cli_spill_ref *refs;
    int index_unreadable; /* the spill's index failed to read back */
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

/* The model pass for input i, on a worker: counts its terms in the
 * worker's own model and sets its article aside. Problems with a file
 * are left for the second pass to report. */
static size_t count_one(void *arg, unsigned worker, precis_analyzer *an,
                        size_t i, cli_input *in)
{
    summarize_ctx *ctx = arg;
    cli_spill_ref *ref = &ctx->refs[i % ctx->window];
    precis_article *article = NULL;
    cli_doc d;
    size_t len;
    int err;

    ref->at = ref->len = 0;
    if (in->err ||
        cli_doc_load_input(in, ctx->run.common.repair, 1, 1, &d) != 0 ||
        d.empty)
        return 0;
    len = precis_doc_length(d.doc);
    err = precis_article_new(an, d.doc, &article);
    if (err == PRECIS_OK)
        err = precis_idf_add(ctx->worker_idf[worker], article);
    else if (err != PRECIS_ENOMEM)
        err = PRECIS_OK; /* reported in the second pass */
    if (err == PRECIS_OK && article && ctx->spill)
        *ref = cli_spill_put(ctx->spill, worker, article);
    if (err != PRECIS_OK)
        ctx->worker_err = err; /* each worker writes the same kind */
    precis_article_free(article);
    cli_doc_free(&d);
    return len;
}

/* Input i of the model pass, in order: into the spill's index, for the
 * second pass. */
static void index_one(void *arg, size_t i, const cli_input *in)
{
    summarize_ctx *ctx = arg;

    if (ctx->spill)
        cli_spill_index_add(ctx->spill, in, ctx->refs[i % ctx->window]);
}

/* The first pass over several inputs: their document frequencies, one
 * model per worker, then added up. Counts add, and the saved form is
 * sorted, so the sum equals one pass in any order. The articles and the
 * list of inputs are set aside for the second pass. */
static int build_model(summarize_ctx *ctx, cli_walk *walk)
{
    cli_readahead *ahead;
    cli_batch b;
    int rc = 0,
        err = cli_models_new(ctx->run.lang, ctx->jobs, &ctx->worker_idf);

    if (err == PRECIS_OK) {
        ctx->spill = cli_spill_open(ctx->jobs);
        memset(&b, 0, sizeof b);
        b.jobs = ctx->jobs;
        b.window = ctx->window;
        b.lang = ctx->run.lang;
        b.ctx = ctx;
        b.source = ahead = cli_readahead_start(walk, b.jobs);
        b.take = cli_batch_take_ahead;
        b.taken = cli_batch_taken_ahead;
        b.work = count_one;
        b.emit = index_one;
        b.progress = &ctx->progress;
        b.analyzers = ctx->analyzers;
        cli_progress_start(&ctx->progress, ctx->run.common.quiet,
                           "model    ", ctx->args, ctx->nargs);
        rc = cli_batch_run(&b);
        cli_readahead_stop(ahead);
        err = ctx->worker_err;
        if (ctx->spill)
            cli_spill_flush(ctx->spill);
        err = cli_models_sum(ctx->worker_idf, ctx->jobs, err, &ctx->idf);
        ctx->worker_idf = NULL;
    }
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

/* Frees what a worker made of an input, but the body's stream. */
static void result_free(result *r)
{
    precis_summary_free(r->summary);
    precis_article_free(r->article);
    precis_doc_free(r->doc);
    r->summary = NULL;
    r->article = NULL;
    r->doc = NULL;
}

/* Writes the body of the record of r, a summary or (r->doc NULL) a blank
 * document, into r->body. */
static void write_body(summarize_ctx *ctx, result *r)
{
    if (!r->body_stream) {
        r->body_stream = open_memstream(&r->body, &r->body_len);
        if (!r->body_stream) {
            fputs("precis: out of memory\n", stderr);
            exit(CLI_EXIT_FAILED);
        }
    } else {
        rewind(r->body_stream);
    }
    if (ctx->run.common.format == CLI_FORMAT_TEXT) {
        if (r->doc)
            print_text(r->body_stream, r->doc, r->article, r->summary);
    } else {
        cli_json json;

        cli_output_body_start(&json, r->body_stream,
                              ctx->run.common.format);
        print_json(&json, r->doc, r->article, r->summary);
        cli_json_flush(&json);
    }
    if (fflush(r->body_stream) != 0) {
        fputs("precis: out of memory\n", stderr);
        exit(CLI_EXIT_FAILED);
    }
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
                            size_t i, cli_input *in)
{
    summarize_ctx *ctx = arg;
    result *r = &ctx->results[i % ctx->window];
    cli_doc d;

    (void)worker;
    if (in->err) {
        r->outcome = DONE_UNWALKED;
        return 0;
    }
    if (ctx->spill && cli_spill_get(ctx->spill, ctx->refs[i % ctx->window],
                                    &r->doc, &r->article) == 0) {
        /* r->doc and r->article as the model pass made them */
    } else if (cli_doc_load_input(in, ctx->run.common.repair, 1, 1, &d) !=
               0) {
        r->outcome = DONE_UNREADABLE;
        return 0;
    } else if (d.empty) {
        r->outcome = DONE_EMPTY;
        write_body(ctx, r);
        return 0;
    } else {
        r->doc = d.doc;
    }
    r->err = summarize_doc(ctx, an, r);
    r->outcome = r->err == PRECIS_OK ? DONE_OK : DONE_FAILED;
    size_t len = precis_doc_length(r->doc);
    if (r->outcome == DONE_OK)
        write_body(ctx, r);
    result_free(r);
    return len;
}

/* Writes one record, whose body the worker made: to the shared output,
 * or to its own file with -o. A blank document has a record only in
 * JSON. */
static void write_record(summarize_ctx *ctx, const cli_input *in,
                         const result *r)
{
    const char *path = in->path;
    cli_output own, *out = &ctx->out;
    cli_outfile file;

    if (r->outcome == DONE_EMPTY &&
        ctx->run.common.format == CLI_FORMAT_TEXT && !ctx->outdir)
        return;
    if (ctx->outdir) {
        if (cli_outfile_open(&file, ctx->outdir,
                             path + in->rel) != 0) {
            ctx->failed++;
            return;
        }
        /* Each file as if its input were summarized alone: text without
         * a header, JSON as an array of one, JSON Lines as one line. */
        cli_output_start_to(&own, file.f, ctx->run.common.format, 1);
        out = &own;
    }
    cli_output_doc_begin(out, path);
    cli_output_doc_body(out, r->body, r->body_len);
    cli_output_doc_end(out);
    if (!ctx->outdir)
        return;
    cli_output_finish(out);
    if (cli_outfile_commit(&file) != 0)
        ctx->failed++;
}

/* Input i on the writer, in input order: reports a failure or writes the
 * record (the worker freed all else). */
static void emit_one(void *arg, size_t i, const cli_input *in)
{
    summarize_ctx *ctx = arg;
    result *r = &ctx->results[i % ctx->window];
    const char *path = in->path;
    cli_doc d;

    switch (r->outcome) {
    case DONE_UNWALKED:
        cli_input_report(in);
        ctx->failed++;
        break;
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
        write_record(ctx, in, r);
        break;
    case DONE_OK:
        write_record(ctx, in, r);
        break;
    }
}

/* The second pass's take: the inputs as the model pass listed them. */
static int take_indexed(void *arg, size_t i, cli_input *in)
{
    summarize_ctx *ctx = arg;
    int rc = cli_spill_index_next(ctx->spill, in,
                                  &ctx->refs[i % ctx->window]);

    if (rc < 0)
        ctx->index_unreadable = 1;
    return rc > 0;
}

/* The worker whose analyzer built input i's article in the model pass:
 * that analyzer has the weight of each of its stems at hand, where
 * another worker would look every stem up in the model. */
static int builder_of(void *arg, size_t i)
{
    summarize_ctx *ctx = arg;
    const cli_spill_ref *ref = &ctx->refs[i % ctx->window];

    return ref->len ? (int)ref->writer : -1;
}

/* One summary per input: taken from `walk`, or after a model pass (walk
 * NULL) from the spill's index, or when the index was not written whole,
 * from a new walk with every input read again. An index that fails to
 * read back part way ends the run with an error. */
static int summarize_all(summarize_ctx *ctx, cli_walk *walk)
{
    cli_walk *own_walk = NULL;
    cli_readahead *ahead = NULL;
    cli_batch b;
    int rc;

    ctx->results = calloc(ctx->window, sizeof *ctx->results);
    if (!ctx->results) {
        fputs("precis: out of memory\n", stderr);
        return CLI_EXIT_FAILED;
    }
    memset(&b, 0, sizeof b);
    b.jobs = ctx->jobs;
    b.window = ctx->window;
    b.lang = ctx->run.lang;
    b.ctx = ctx;
    b.work = summarize_one;
    b.emit = emit_one;
    b.progress = &ctx->progress;
    b.analyzers = ctx->analyzers;
    if (walk) {
        b.source = ahead = cli_readahead_start(walk, b.jobs);
        b.take = cli_batch_take_ahead;
        b.taken = cli_batch_taken_ahead;
        cli_progress_start(&ctx->progress, ctx->run.common.quiet,
                           "summarize", ctx->args, ctx->nargs);
    } else {
        if (ctx->spill && cli_spill_index_rewind(ctx->spill) == 0) {
            b.source = ctx;
            b.take = take_indexed;
            b.owner = builder_of;
        } else {
            cli_spill_close(ctx->spill);
            ctx->spill = NULL;
            own_walk = cli_walk_new(ctx->args, ctx->nargs);
            b.source = ahead = cli_readahead_start(own_walk, b.jobs);
            b.take = cli_batch_take_ahead;
            b.taken = cli_batch_taken_ahead;
        }
        cli_progress_restart(&ctx->progress, "summarize");
    }
    if (!ctx->outdir)
        cli_output_start(&ctx->out, ctx->run.common.format,
                         ctx->multi ? 2 : 1);
    rc = cli_batch_run(&b);
    cli_readahead_stop(ahead);
    if (ctx->index_unreadable) {
        fputs("precis summarize: cannot read back a temporary file: the "
              "summaries after this point are missing\n", stderr);
        rc = rc ? rc : -1;
    }
    if (!ctx->outdir && rc == 0)
        cli_output_finish(&ctx->out);
    for (size_t i = 0; i < ctx->window; i++) {
        result *r = &ctx->results[i];

        result_free(r);
        if (r->body_stream)
            fclose(r->body_stream);
        free(r->body);
    }
    free(ctx->results);
    cli_walk_free(own_walk);
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
    cli_walk *walk = cli_walk_new(args, nargs);
    int rc = 0, own_model;

    ctx->args = args;
    ctx->nargs = nargs;
    if (ctx->outdir)
        cli_outdir_start(); /* before any thread */
    ctx->multi = cli_walk_ahead(walk, 2) > 1;
    ctx->jobs = cli_jobs_for(walk, ctx->run.jobs);
    /* Enough inputs in flight to keep every worker busy while the writer
     * waits for a slow one, few enough to hold little memory: `window`
     * result slots, reused in turn, serve any number of inputs. */
    ctx->window = 8 * (size_t)ctx->jobs + 16;
    own_model = !ctx->idf && ctx->multi;
    if (own_model) {
        ctx->analyzers = calloc(ctx->jobs, sizeof *ctx->analyzers);
        ctx->refs = calloc(ctx->window, sizeof *ctx->refs);
        if (!ctx->analyzers || !ctx->refs) {
            fputs("precis: out of memory\n", stderr);
            rc = CLI_EXIT_FAILED;
        } else {
            rc = build_model(ctx, walk);
        }
    }
    if (rc == 0)
        rc = summarize_all(ctx, own_model ? NULL : walk);
    cli_spill_close(ctx->spill);
    ctx->spill = NULL;
    free(ctx->refs);
    for (unsigned w = 0; ctx->analyzers && w < ctx->jobs; w++)
        precis_analyzer_free(ctx->analyzers[w]);
    free(ctx->analyzers);
    ctx->analyzers = NULL;
    cli_walk_free(walk);
    return rc;
}

int cmd_summarize(int argc, char **argv)
{
    summarize_ctx ctx;
    int rc;

    memset(&ctx, 0, sizeof ctx);
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
