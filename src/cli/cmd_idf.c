/* cmd_idf.c: `precis idf build|merge|show`, document-frequency models.
 *
 * Models are written to a temporary file in the destination's folder and
 * renamed over it, so a failure never leaves a partial model behind and a
 * reader never sees one half written. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli.h"

static const char help_text[] =
    "Usage: precis idf build -o MODEL [OPTIONS] PATH...\n"
    "       precis idf merge -o MODEL MODEL...\n"
    "       precis idf show MODEL\n"
    "\n"
    "Document-frequency models: for each stem, how many documents contain\n"
    "it. 'precis summarize --idf MODEL' weighs words with one. Models of\n"
    "separate shards of a corpus merge into the model of the whole.\n"
    "\n"
    "  build   counts the documents under PATH (files, folders, '-')\n"
    "  merge   adds up models of the same language\n"
    "  show    prints a model's language, documents, terms and the 20\n"
    "          most frequent stems\n"
    "\n"
    "Options:\n"
    "  -o, --output MODEL  the model file to write\n"
    "  -j, --jobs N        worker threads (build; default: the number of\n"
    "                      cores); the model is the same for any N\n"
    "  -l, --lang NAME     Snowball language (build; default english)\n"
    "      --stopwords FILE  stopword list (build)\n"
    "      --repair        replace invalid UTF-8 with U+FFFD (build)\n"
    "  -q, --quiet         no notices about empty documents\n"
    "  -h, --help          show this help\n"
    "      --version       show the version\n";

static const struct option long_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"jobs", required_argument, NULL, 'j'},
    CLI_COMMON_LONG_OPTIONS,
};

/* How many stems `idf show` lists. */
#define SHOW_TOP 20

/* ---- writing a model ---------------------------------------------------- */

static int write_all(int fd, const char *bytes, size_t len)
{
    while (len) {
        ssize_t n = write(fd, bytes, len);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        bytes += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Writes the model to `path` through a temporary file and a rename. */
static int save_model(const precis_idf *idf, const char *path)
{
    char *bytes = NULL, *tmp;
    size_t len = 0, plen = strlen(path);
    mode_t mask;
    int fd, err, saved_errno;

    err = precis_idf_save(idf, &bytes, &len);
    if (err != PRECIS_OK) {
        cli_lib_error(path, err);
        return -1;
    }
    tmp = cli_xmalloc(plen + sizeof ".XXXXXX");
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".XXXXXX", sizeof ".XXXXXX");
    fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
        free(tmp);
        precis_free(bytes);
        return -1;
    }
    /* mkstemp makes the file private; a model is ordinary data, so give it
     * the permissions a plain new file would get. */
    mask = umask(0);
    umask(mask);
    if (fchmod(fd, (mode_t)(0666 & ~mask)) != 0 ||
        write_all(fd, bytes, len) != 0 || fsync(fd) != 0) {
        saved_errno = errno;
        close(fd);
        goto fail;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        saved_errno = errno;
        goto fail;
    }
    free(tmp);
    precis_free(bytes);
    return 0;
fail:
    fprintf(stderr, "%s: cannot write: %s\n", path, strerror(saved_errno));
    unlink(tmp);
    free(tmp);
    precis_free(bytes);
    return -1;
}

/* ---- build -------------------------------------------------------------- */

/* What a worker made of input i, for the report in input order. */
enum {
    BUILD_COUNTED,    /* counted in the worker's model, or blank */
    BUILD_UNWALKED,   /* the walk could not reach it (the input's err) */
    BUILD_UNREADABLE, /* it could not be read or decoded */
    BUILD_FAILED      /* the library failed on it: `err` */
};

typedef struct build_slot {
    int outcome;
    int err;
    int empty;
} build_slot;

typedef struct build_ctx {
    const cli_common *common;
    precis_idf **models; /* one per worker */
    build_slot *slots;   /* input i in slot i % window */
    size_t window;
    size_t failed;
    int out_of_memory;
} build_ctx;

/* Input i on worker w: counted in the worker's own model. */
static size_t count_input(void *arg, unsigned worker, precis_analyzer *an,
                          size_t i, cli_input *in)
{
    build_ctx *ctx = arg;
    build_slot *slot = &ctx->slots[i % ctx->window];
    precis_article *article = NULL;
    cli_doc d;
    size_t len;

    memset(slot, 0, sizeof *slot);
    if (in->err) {
        slot->outcome = BUILD_UNWALKED;
        return 0;
    }
    if (cli_doc_load_input(in, ctx->common->repair, 1, 1, &d) != 0) {
        slot->outcome = BUILD_UNREADABLE;
        return 0;
    }
    if (d.empty) {
        slot->empty = 1;
        return 0;
    }
    len = precis_doc_length(d.doc);
    slot->err = precis_article_new(an, d.doc, &article);
    if (slot->err == PRECIS_OK)
        slot->err = precis_idf_add(ctx->models[worker], article);
    if (slot->err != PRECIS_OK)
        slot->outcome = BUILD_FAILED;
    precis_article_free(article);
    cli_doc_free(&d);
    return len;
}

/* Input i, in order: what went wrong with it, if anything. */
static void report_input(void *arg, size_t i, const cli_input *in)
{
    build_ctx *ctx = arg;
    const build_slot *slot = &ctx->slots[i % ctx->window];
    cli_doc d;

    switch (slot->outcome) {
    case BUILD_UNWALKED:
        cli_input_report(in);
        ctx->failed++;
        break;
    case BUILD_UNREADABLE:
        /* Loaded again, not silently, for the message. */
        if (cli_doc_load(in->path, ctx->common->repair, 1, 0, &d) == 0)
            cli_doc_free(&d);
        ctx->failed++;
        break;
    case BUILD_FAILED:
        cli_lib_error(in->path, slot->err);
        ctx->failed++;
        if (slot->err == PRECIS_ENOMEM)
            ctx->out_of_memory = 1;
        break;
    default:
        if (slot->empty && !ctx->common->quiet)
            fprintf(stderr, "%s: empty document\n", in->path);
    }
}

/* Counts every input on `jobs` workers, each into a model of its own, and
 * saves their sum: the model one worker would make, byte for byte. */
static int idf_build(const cli_common *common, unsigned jobs,
                     const char *output, int argc, char **argv)
{
    precis_lang *lang = NULL;
    precis_idf *idf = NULL;
    cli_walk *walk = NULL;
    cli_readahead *ahead = NULL;
    cli_progress progress;
    build_ctx ctx;
    cli_batch b;
    int rc, err;

    rc = cli_lang_open("idf", common, &lang, NULL);
    if (rc != 0)
        return rc;
    cli_signals_install();
    memset(&ctx, 0, sizeof ctx);
    ctx.common = common;
    walk = cli_walk_new(argv, (size_t)argc);
    jobs = cli_jobs_for(walk, jobs ? jobs : cli_default_jobs());
    err = cli_models_new(lang, jobs, &ctx.models);
    if (err != PRECIS_OK) {
        cli_lib_error("precis idf", err);
        rc = CLI_EXIT_FAILED;
        goto done;
    }
    ctx.window = 8 * (size_t)jobs + 16;
    ctx.slots = cli_xmalloc(ctx.window * sizeof *ctx.slots);
    memset(&b, 0, sizeof b);
    b.jobs = jobs;
    b.window = ctx.window;
    b.lang = lang;
    b.ctx = &ctx;
    b.source = ahead = cli_readahead_start(walk, jobs);
    b.take = cli_batch_take_ahead;
    b.taken = cli_batch_taken_ahead;
    b.work = count_input;
    b.emit = report_input;
    b.progress = &progress;
    cli_progress_start(&progress, common->quiet, "idf build", argv,
                       (size_t)argc);
    rc = cli_batch_run(&b);
    cli_readahead_stop(ahead);
    /* Out of memory for one file is out of memory for the rest: no model
     * missing most of them is written. */
    err = cli_models_sum(ctx.models, jobs,
                         ctx.out_of_memory ? PRECIS_ENOMEM : PRECIS_OK,
                         &idf);
    if (rc > 0) {
        rc = CLI_EXIT_INTERRUPTED;
    } else if (rc < 0 || ctx.out_of_memory) {
        rc = CLI_EXIT_FAILED;
    } else if (err != PRECIS_OK) {
        cli_lib_error("precis idf", err);
        rc = CLI_EXIT_FAILED;
    } else if (save_model(idf, output) != 0) {
        rc = CLI_EXIT_FAILED;
    } else {
        rc = ctx.failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
    }
done:
    free(ctx.slots);
    cli_walk_free(walk);
    cli_inputs_release_stdin();
    precis_idf_free(idf);
    precis_lang_free(lang);
    return rc;
}

/* ---- merge -------------------------------------------------------------- */

static int idf_merge(const char *output, int argc, char **argv)
{
    precis_idf *into = NULL;
    cli_idf_file into_file;
    int i, rc = CLI_EXIT_OK;

    /* The first model is counted into, which copies it out of its file
     * (precis_idf_merge); the others are read in place. */
    if (cli_idf_open(argv[0], &into, &into_file) != 0)
        return CLI_EXIT_FAILED;
    for (i = 1; i < argc && rc == CLI_EXIT_OK; i++) {
        precis_idf *from;
        cli_idf_file from_file;
        int err;

        if (cli_idf_open(argv[i], &from, &from_file) != 0) {
            rc = CLI_EXIT_FAILED;
            break;
        }
        err = precis_idf_merge(into, from);
        if (err == PRECIS_EINVAL) {
            fprintf(stderr, "%s: model is for %s, not %s: cannot merge\n",
                    argv[i], precis_idf_lang(from), precis_idf_lang(into));
            rc = CLI_EXIT_FAILED;
        } else if (err != PRECIS_OK) {
            cli_lib_error(argv[i], err);
            rc = CLI_EXIT_FAILED;
        }
        precis_idf_free(from);
        cli_idf_file_close(&from_file);
    }
    /* A merge with a missing shard would be silently wrong: write nothing. */
    if (rc == CLI_EXIT_OK && save_model(into, output) != 0)
        rc = CLI_EXIT_FAILED;
    precis_idf_free(into);
    cli_idf_file_close(&into_file);
    return rc;
}

/* ---- show --------------------------------------------------------------- */

typedef struct top_term {
    const char *stem;
    size_t len;
    uint64_t df;
} top_term;

/* Fills `top` with the model's SHOW_TOP most frequent stems, most frequent
 * first; ties keep the model's order, which for a loaded model is stem
 * order. Returns how many. The stems are borrowed from idf. */
static int top_terms(const precis_idf *idf, top_term *top)
{
    size_t t, terms = precis_idf_terms(idf);
    int count = 0;

    for (t = 0; t < terms; t++) {
        top_term cur;
        int j;

        /* The count alone first: most terms go no further, and a model
         * read in place then reads nothing but its counts. */
        if (precis_idf_term(idf, t, NULL, NULL, &cur.df) != PRECIS_OK)
            break;
        /* Keep the SHOW_TOP largest: insertion into a fixed, short array,
         * so the whole pass stays linear in the number of terms. */
        if (count == SHOW_TOP && cur.df <= top[count - 1].df)
            continue;
        if (precis_idf_term(idf, t, &cur.stem, &cur.len, NULL) != PRECIS_OK)
            break;
        if (count < SHOW_TOP)
            count++;
        for (j = count - 1; j > 0 && top[j - 1].df < cur.df; j--)
            top[j] = top[j - 1];
        top[j] = cur;
    }
    return count;
}

static int idf_show(const char *path)
{
    precis_idf *idf;
    cli_idf_file file;
    top_term top[SHOW_TOP];
    int i, n;

    if (cli_idf_open(path, &idf, &file) != 0)
        return CLI_EXIT_FAILED;
    printf("model:     %s\n", path);
    printf("language:  %s\n", precis_idf_lang(idf));
    printf("documents: %llu\n",
           (unsigned long long)precis_idf_documents(idf));
    printf("terms:     %zu\n", precis_idf_terms(idf));
    n = top_terms(idf, top);
    if (n > 0) {
        printf("top %d terms by document frequency:\n", n);
        for (i = 0; i < n; i++)
            printf("  %8llu  %.*s\n", (unsigned long long)top[i].df,
                   (int)top[i].len, top[i].stem);
    }
    precis_idf_free(idf);
    cli_idf_file_close(&file);
    return CLI_EXIT_OK;
}

/* ---- dispatch ----------------------------------------------------------- */

int cmd_idf(int argc, char **argv)
{
    cli_common common;
    const char *action, *output = NULL;
    unsigned jobs = 0;
    int c, rc, nargs;

    if (argc < 2)
        return cli_usage("idf", "missing action: build, merge or show");
    action = argv[1];
    if (strcmp(action, "-h") == 0 || strcmp(action, "--help") == 0) {
        fputs(help_text, stdout);
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    if (strcmp(action, "--version") == 0) {
        printf("precis %s\n", precis_version());
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    if (strcmp(action, "build") != 0 && strcmp(action, "merge") != 0 &&
        strcmp(action, "show") != 0)
        return cli_usage("idf", "unknown action '%s' (build, merge, show)",
                         action);
    argc--;
    argv++;
    cli_common_init(&common);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:j:l:qh", long_options, NULL)) !=
           -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'j':
            rc = cli_parse_jobs("idf", optarg, &jobs);
            if (rc)
                return rc;
            break;
        default:
            rc = cli_common_option("idf", help_text, &common, c, argv);
            if (rc < 0)
                return cli_finish_stdout(CLI_EXIT_OK);
            if (rc > 0)
                return rc;
        }
    }
    nargs = argc - optind;
    if (strcmp(action, "show") == 0) {
        if (nargs != 1)
            return cli_usage("idf", "show takes exactly one MODEL");
        rc = idf_show(argv[optind]);
        return cli_finish_stdout(rc);
    }
    if (!output)
        return cli_usage("idf", "%s needs -o MODEL", action);
    if (nargs < 1)
        return cli_usage("idf", "%s needs at least one %s", action,
                         strcmp(action, "build") == 0 ? "PATH" : "MODEL");
    if (strcmp(action, "build") == 0)
        rc = idf_build(&common, jobs, output, nargs, argv + optind);
    else
        rc = idf_merge(output, nargs, argv + optind);
    return cli_finish_stdout(rc);
}
