/* cmd_quotes.c: `precis quotes`, the direct quotes of the documents with
 * their speakers: grouped by speaker in text, one object per quote in
 * JSON Lines. Speakers are resolved across all inputs together. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help_text[] =
    "Usage: precis quotes [OPTIONS] PATH...\n"
    "\n"
    "Lists the direct quotes of the documents and who said them. Text\n"
    "output groups them by speaker, most quoted first, each quote once with\n"
    "every file and line it was found at; quotes whose speaker the text\n"
    "does not name come last. One speaker has one name across all inputs\n"
    "(\"Putin\", \"Mr Putin\" and \"Russian President Vladimir Putin\" are\n"
    "\"Vladimir Putin\").\n"
    "PATH is a file, a folder (its *.txt files, recursively) or '-' for\n"
    "standard input.\n"
    "\n"
    "Options:\n"
    "  -s, --speaker NAME    only the quotes of NAME (any of its names,\n"
    "                        case-insensitive)\n"
    "      --speakers FILE   more names: one person per line, the canonical\n"
    "                        name then its aliases, tab-separated ('#'\n"
    "                        comments)\n"
    "  -f, --format FMT      text (default), json (one array) or jsonl (one\n"
    "                        object per quote); JSON carries byte offsets\n"
    "  -l, --lang NAME       Snowball language (default english)\n"
    "      --stopwords FILE  stopword list, one word per line ('#' comments)\n"
    "      --repair          replace invalid UTF-8 with U+FFFD instead of\n"
    "                        skipping the file\n"
    "  -j, --jobs N          worker threads (default: the number of cores);\n"
    "                        the output is the same for every N\n"
    "      --stdin-jsonl     read {\"id\": ..., \"text\": ...} lines on\n"
    "                        standard input and write one line per line:\n"
    "                        {\"id\", \"quotes\": [...]}, each line alone\n"
    "  -q, --quiet           no notices about empty documents, no progress\n"
    "  -h, --help            show this help\n"
    "      --version         show the version\n";

enum {
    OPT_SPEAKERS = CLI_OPT_OWN,
    OPT_JSONL
};

static const struct option long_options[] = {
    {"speaker", required_argument, NULL, 's'},
    {"speakers", required_argument, NULL, OPT_SPEAKERS},
    {"format", required_argument, NULL, 'f'},
    {"jobs", required_argument, NULL, 'j'},
    {"stdin-jsonl", no_argument, NULL, OPT_JSONL},
    CLI_COMMON_LONG_OPTIONS,
};

/* One quote, kept after its document is freed. */
typedef struct record {
    const char *path;  /* BORROWED from the inputs */
    char *text;
    char *key;         /* the text's words, case-folded (same quote, same
                        * key) */
    size_t start, end, line;
    char *speaker;     /* the speaker as the document resolved it, or NULL */
    const char *canon; /* the set's final name for it (set at the end) */
    int has_mention;
    precis_span mention;
    char *cue;
    const char *sieve; /* static */
} record;

typedef struct quotes_ctx {
    cli_common common;
    const char *speaker;
    const char *speakers_path;
    precis_lang *lang;
    precis_analyzer *analyzer;
    precis_speakers *set;
    record *records;
    size_t count, cap;
    unsigned jobs;
    int stdin_jsonl;
    const cli_inputs *inputs;
    struct loaded *loaded; /* per input (or stream slot): a worker's work */
    size_t failed;
    cli_progress progress;
} quotes_ctx;

/* An input as a worker left it for the writer. */
typedef struct loaded {
    int status; /* 0 loaded (or blank: no doc), -1 unreadable, else err */
    precis_doc *doc;
    precis_layout *layout;
    precis_quotes *quotes; /* --stdin-jsonl only */
} loaded;

static char *copy_span(const char *text, size_t start, size_t end)
{
    char *s = cli_xmalloc(end - start + 1);
    memcpy(s, text + start, end - start);
    s[end - start] = '\0';
    return s;
}

/* The words of a quote, lower-cased (ASCII) and joined by one space, so
 * that one quote reported with other marks or spacing is still one. */
static char *make_key(const char *s)
{
    size_t n = strlen(s), o = 0;
    char *k = cli_xmalloc(n + 1);
    int gap = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                   (c >= 'A' && c <= 'Z') || c >= 0x80;
        /* Curly quote marks and apostrophes are punctuation here. */
        unsigned char c2 = i + 2 < n ? (unsigned char)s[i + 2] : 0;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            c2 >= 0x98 && c2 <= 0x9F) {
            i += 2;
            word = 0;
        }
        if (!word) {
            gap = o > 0;
            continue;
        }
        if (gap)
            k[o++] = ' ';
        gap = 0;
        k[o++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c;
    }
    k[o] = '\0';
    return k;
}

static void fill_record(record *r, const char *path, const precis_doc *doc,
                        const precis_quotes *q, size_t i)
{
    const char *text = precis_doc_text(doc);
    precis_span s = precis_quotes_span(q, i), c;
    memset(r, 0, sizeof *r);
    r->path = path;
    r->text = copy_span(text, s.start, s.end);
    r->key = make_key(r->text);
    r->start = s.start;
    r->end = s.end;
    r->line = precis_doc_locate(doc, s.start).line;
    const char *sp = precis_quotes_speaker(q, i);
    r->speaker = sp ? cli_xstrdup(sp) : NULL;
    r->has_mention = precis_quotes_mention(q, i, &r->mention);
    if (precis_quotes_cue(q, i, &c))
        r->cue = copy_span(text, c.start, c.end);
    r->sieve = precis_quotes_sieve(q, i);
}

static void record_free(record *r)
{
    free(r->text);
    free(r->key);
    free(r->speaker);
    free(r->cue);
}

static void add_record(quotes_ctx *ctx, const char *path,
                       const precis_doc *doc, const precis_quotes *q,
                       size_t i)
{
    if (ctx->count == ctx->cap) {
        ctx->cap = ctx->cap ? ctx->cap * 2 : 64;
        ctx->records = cli_xrealloc(ctx->records,
                                    ctx->cap * sizeof *ctx->records);
    }
    fill_record(&ctx->records[ctx->count++], path, doc, q, i);
}

static void loaded_free(loaded *l)
{
    precis_quotes_free(l->quotes);
    precis_layout_free(l->layout);
    precis_doc_free(l->doc);
    memset(l, 0, sizeof *l);
}

/* Input i on a worker: its document and layout (quotes need the page's
 * layout, not the article's stems). Speakers are resolved by the writer,
 * in input order, since the set learns from each document in turn. */
static size_t load_one(void *arg, unsigned worker, precis_analyzer *an,
                       size_t i)
{
    quotes_ctx *ctx = arg;
    loaded *l = &ctx->loaded[i];
    cli_doc d;

    (void)worker;
    (void)an;
    if (cli_doc_load(ctx->inputs->paths[i], ctx->common.repair, 1, 1, &d) !=
        0) {
        l->status = -1;
        return 0;
    }
    if (d.empty)
        return 0;
    l->doc = d.doc;
    l->status = precis_layout_new(l->doc, ctx->lang, &l->layout);
    return precis_doc_length(l->doc);
}

/* Input i on the writer, in order: reports a failure, or finds its quotes
 * through the shared speaker set and keeps them as records. */
static void quotes_one(void *arg, size_t i)
{
    quotes_ctx *ctx = arg;
    loaded *l = &ctx->loaded[i];
    const char *path = ctx->inputs->paths[i];
    precis_quotes *q = NULL;
    int err = l->status;

    if (err == -1) {
        cli_doc d;
        /* Loaded again, not silently, for the message. */
        if (cli_doc_load(path, ctx->common.repair, 1, 0, &d) == 0)
            cli_doc_free(&d);
        ctx->failed++;
    } else if (!l->doc) {
        if (!ctx->common.quiet)
            fprintf(stderr, "%s: empty document\n", path);
    } else {
        if (err == PRECIS_OK)
            err = precis_quotes_from_layout(l->layout, ctx->set, &q);
        if (err != PRECIS_OK) {
            cli_lib_error(path, err);
            ctx->failed++;
        } else {
            for (size_t k = 0; k < precis_quotes_count(q); k++)
                add_record(ctx, path, l->doc, q, k);
        }
        precis_quotes_free(q);
    }
    loaded_free(l);
}

static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (char)(y + 32);
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* Nonzero when the record passes --speaker: the name, or any alias the set
 * knows for it, names the record's speaker. */
static int wanted(const quotes_ctx *ctx, const record *r)
{
    if (!ctx->speaker)
        return 1;
    if (!r->canon)
        return 0;
    const char *want = precis_speakers_lookup(ctx->set, ctx->speaker,
                                              strlen(ctx->speaker));
    if (want && strcmp(want, r->canon) == 0)
        return 1;
    return same_name(ctx->speaker, r->canon) ||
           (r->speaker && same_name(ctx->speaker, r->speaker));
}

static void put_oneline(const char *s)
{
    int space = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space)
            fputc(' ', stdout);
        space = 0;
        fputc(*s, stdout);
    }
}

static void print_record_members(cli_json *json, const record *r)
{
    cli_json_key(json, "text");
    cli_json_cstring(json, r->text);
    cli_json_key(json, "start");
    cli_json_size(json, r->start);
    cli_json_key(json, "end");
    cli_json_size(json, r->end);
    cli_json_key(json, "line");
    cli_json_size(json, r->line);
    cli_json_key(json, "speaker");
    cli_json_cstring(json, r->canon);
    cli_json_key(json, "mention");
    if (r->has_mention) {
        cli_json_begin_object(json);
        cli_json_key(json, "start");
        cli_json_size(json, r->mention.start);
        cli_json_key(json, "end");
        cli_json_size(json, r->mention.end);
        cli_json_end_object(json);
    } else {
        cli_json_null(json);
    }
    cli_json_key(json, "cue");
    cli_json_cstring(json, r->cue);
    cli_json_key(json, "sieve");
    cli_json_cstring(json, r->sieve);
}

static void print_record_json(cli_json *json, const record *r)
{
    cli_json_begin_object(json);
    cli_json_key(json, "doc");
    cli_json_cstring(json, r->path);
    print_record_members(json, r);
    cli_json_end_object(json);
}

static void print_json(const quotes_ctx *ctx, int lines)
{
    cli_json json;
    cli_json_init(&json, stdout, 0);
    if (!lines) {
        cli_json_begin_array(&json);
    }
    for (size_t i = 0; i < ctx->count; i++) {
        const record *r = &ctx->records[i];
        if (!wanted(ctx, r))
            continue;
        if (lines)
            cli_json_init(&json, stdout, 0);
        print_record_json(&json, r);
        if (lines)
            fputc('\n', stdout);
    }
    if (!lines) {
        cli_json_end_array(&json);
        fputc('\n', stdout);
    }
}

/* Text: speakers by number of distinct quotes, then name; unattributed
 * quotes last. */
typedef struct group {
    const char *name; /* NULL: unattributed */
    size_t *items;    /* record indexes, one per distinct quote */
    size_t count;
    size_t total;     /* distinct quotes */
} group;

static int group_order(const void *a, const void *b)
{
    const group *x = a, *y = b;
    if (!x->name != !y->name)
        return x->name ? -1 : 1;
    if (x->total != y->total)
        return x->total > y->total ? -1 : 1;
    if (!x->name)
        return 0;
    return strcmp(x->name, y->name);
}

static void print_text(const quotes_ctx *ctx)
{
    group *groups = NULL;
    size_t ngroups = 0;
    /* first[i]: the record that first had record i's speaker and text. */
    size_t *first = cli_xmalloc((ctx->count + 1) * sizeof *first);
    for (size_t i = 0; i < ctx->count; i++) {
        const record *r = &ctx->records[i];
        first[i] = i;
        if (!wanted(ctx, r))
            continue;
        size_t g = 0;
        while (g < ngroups &&
               !((groups[g].name == NULL && r->canon == NULL) ||
                 (groups[g].name && r->canon &&
                  strcmp(groups[g].name, r->canon) == 0)))
            g++;
        if (g == ngroups) {
            groups = cli_xrealloc(groups, (ngroups + 1) * sizeof *groups);
            memset(&groups[ngroups], 0, sizeof *groups);
            groups[ngroups++].name = r->canon;
        }
        group *gr = &groups[g];
        size_t k = 0;
        while (k < gr->count &&
               strcmp(ctx->records[gr->items[k]].key, r->key) != 0)
            k++;
        if (k < gr->count) {
            first[i] = gr->items[k];
            continue;
        }
        gr->items = cli_xrealloc(gr->items,
                                 (gr->count + 1) * sizeof *gr->items);
        gr->items[gr->count++] = i;
        gr->total++;
    }
    qsort(groups, ngroups, sizeof *groups, group_order);
    for (size_t g = 0; g < ngroups; g++) {
        const group *gr = &groups[g];
        if (g > 0)
            fputc('\n', stdout);
        printf("%s (%zu %s)\n", gr->name ? gr->name : "(speaker unknown)",
               gr->total, gr->total == 1 ? "quote" : "quotes");
        for (size_t k = 0; k < gr->count; k++) {
            size_t i = gr->items[k];
            fputs("  \"", stdout);
            put_oneline(ctx->records[i].text);
            fputs("\"\n", stdout);
            for (size_t j = i; j < ctx->count; j++)
                if (first[j] == i && wanted(ctx, &ctx->records[j]))
                    printf("      %s:%zu\n", ctx->records[j].path,
                           ctx->records[j].line);
        }
        free(gr->items);
    }
    free(groups);
    free(first);
}

static int load_speakers(quotes_ctx *ctx)
{
    char *bytes;
    size_t len;
    if (cli_read_file(ctx->speakers_path, 0, &bytes, &len) != 0)
        return CLI_EXIT_FAILED;
    int err = precis_speakers_add_aliases(ctx->set, bytes, len);
    free(bytes);
    if (err != PRECIS_OK) {
        cli_lib_error(ctx->speakers_path, err);
        return CLI_EXIT_FAILED;
    }
    return 0;
}

static int parse_options(quotes_ctx *ctx, int argc, char **argv)
{
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":s:f:l:j:qh", long_options, NULL)) !=
           -1) {
        int rc = 0;

        switch (c) {
        case 's': ctx->speaker = optarg; break;
        case OPT_SPEAKERS: ctx->speakers_path = optarg; break;
        case 'j': rc = cli_parse_jobs("quotes", optarg, &ctx->jobs); break;
        case OPT_JSONL: ctx->stdin_jsonl = 1; break;
        default:
            rc = cli_common_option("quotes", help_text, &ctx->common, c,
                                   argv);
        }
        if (rc)
            return rc;
    }
    if (ctx->speaker && !*ctx->speaker)
        return cli_usage("quotes", "--speaker: the name is empty");
    if (ctx->stdin_jsonl && optind < argc)
        return cli_usage("quotes", "--stdin-jsonl reads standard input: "
                                   "give no PATH");
    if (!ctx->stdin_jsonl && optind >= argc)
        return cli_usage("quotes",
                         "no input: give a PATH, or '-' for standard input");
    return 0;
}

/* --stdin-jsonl: each line's quotes on a worker, speakers resolved
 * within the line's own document so that lines stand alone. */
static int stream_work(void *arg, precis_analyzer *an, size_t slot,
                       const precis_doc *doc)
{
    quotes_ctx *ctx = arg;
    loaded *l = &ctx->loaded[slot];
    int err;

    (void)an;
    err = precis_layout_new(doc, ctx->lang, &l->layout);
    if (err == PRECIS_OK)
        err = precis_quotes_from_layout(l->layout, NULL, &l->quotes);
    return err;
}

static void stream_emit(void *arg, size_t slot, cli_json *json,
                        const precis_doc *doc)
{
    quotes_ctx *ctx = arg;
    const precis_quotes *q = ctx->loaded[slot].quotes;

    cli_json_key(json, "quotes");
    cli_json_begin_array(json);
    for (size_t k = 0; k < precis_quotes_count(q); k++) {
        record r;
        fill_record(&r, NULL, doc, q, k);
        r.canon = r.speaker;
        if (wanted(ctx, &r)) {
            cli_json_begin_object(json);
            print_record_members(json, &r);
            cli_json_end_object(json);
        }
        record_free(&r);
    }
    cli_json_end_array(json);
}

static void stream_drop(void *arg, size_t slot)
{
    quotes_ctx *ctx = arg;

    loaded_free(&ctx->loaded[slot]);
}

static int quotes_stream(quotes_ctx *ctx)
{
    cli_stream s = {.jobs = ctx->jobs, .lang = ctx->lang,
                    .repair = ctx->common.repair, .ctx = ctx,
                    .work = stream_work, .emit = stream_emit,
                    .drop = stream_drop};

    return cli_stream_run(&s);
}

/* Every input's quotes, loaded on the workers and resolved in order. */
static int quotes_paths(quotes_ctx *ctx, const cli_inputs *inputs)
{
    cli_batch b;
    int rc;

    memset(&b, 0, sizeof b);
    b.count = inputs->count;
    b.jobs = ctx->jobs;
    b.window = 8 * (size_t)ctx->jobs + 16;
    b.lang = NULL; /* layouts need no analyzer */
    b.ctx = ctx;
    b.work = load_one;
    b.emit = quotes_one;
    b.progress = &ctx->progress;
    cli_progress_start(&ctx->progress, ctx->common.quiet, "quotes",
                       inputs->count, cli_inputs_bytes(inputs));
    rc = cli_batch_run(&b);
    if (rc != 0)
        for (size_t i = 0; i < inputs->count; i++)
            loaded_free(&ctx->loaded[i]);
    if (rc > 0)
        return CLI_EXIT_INTERRUPTED;
    return rc < 0 ? CLI_EXIT_FAILED : 0;
}

/* Names learnt from later documents apply to earlier ones too. */
static void resolve_names(quotes_ctx *ctx)
{
    for (size_t i = 0; i < ctx->count; i++) {
        record *r = &ctx->records[i];
        if (!r->speaker)
            continue;
        r->canon = precis_speakers_lookup(ctx->set, r->speaker,
                                          strlen(r->speaker));
        if (!r->canon)
            r->canon = r->speaker;
    }
}

static int quotes_run(quotes_ctx *ctx, char **args, size_t nargs)
{
    cli_inputs inputs = {0};
    int rc;

    if (ctx->stdin_jsonl) {
        ctx->loaded = cli_xmalloc(CLI_STREAM_SLOTS * sizeof *ctx->loaded);
        memset(ctx->loaded, 0, CLI_STREAM_SLOTS * sizeof *ctx->loaded);
        return quotes_stream(ctx);
    }
    cli_inputs_expand(args, nargs, &inputs, &ctx->failed);
    ctx->inputs = &inputs;
    ctx->loaded = cli_xmalloc((inputs.count + 1) * sizeof *ctx->loaded);
    memset(ctx->loaded, 0, (inputs.count + 1) * sizeof *ctx->loaded);
    rc = quotes_paths(ctx, &inputs);
    if (rc == 0) {
        resolve_names(ctx);
        if (ctx->common.format == CLI_FORMAT_TEXT)
            print_text(ctx);
        else
            print_json(ctx, ctx->common.format == CLI_FORMAT_JSONL);
        rc = ctx->failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
    }
    cli_inputs_free(&inputs);
    return rc;
}

int cmd_quotes(int argc, char **argv)
{
    quotes_ctx ctx;
    int rc;

    memset(&ctx, 0, sizeof ctx);
    cli_common_init(&ctx.common);
    rc = parse_options(&ctx, argc, argv);
    if (rc < 0)
        return cli_finish_stdout(CLI_EXIT_OK);
    if (rc > 0)
        return rc;
    if (!ctx.jobs)
        ctx.jobs = cli_default_jobs();
    cli_signals_install();
    rc = cli_lang_open("quotes", &ctx.common, &ctx.lang, &ctx.analyzer);
    if (rc == 0 && precis_speakers_new(&ctx.set) != PRECIS_OK) {
        cli_lib_error("precis quotes", PRECIS_ENOMEM);
        rc = CLI_EXIT_FAILED;
    }
    if (rc == 0 && ctx.speakers_path)
        rc = load_speakers(&ctx);
    if (rc == 0)
        rc = quotes_run(&ctx, argv + optind, (size_t)(argc - optind));
    for (size_t i = 0; i < ctx.count; i++)
        record_free(&ctx.records[i]);
    free(ctx.records);
    free(ctx.loaded);
    cli_inputs_release_stdin();
    precis_speakers_free(ctx.set);
    precis_analyzer_free(ctx.analyzer);
    precis_lang_free(ctx.lang);
    return cli_finish_stdout(rc);
}
