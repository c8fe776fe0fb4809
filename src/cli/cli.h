/*
 * cli.h: what the subcommands of the precis tool share: exit codes, option
 * parsing helpers, input walking, document loading and output.
 *
 * The tool uses nothing from the library but precis.h; everything here is
 * plain C and POSIX. The tool allocates with malloc: it is not library code,
 * and an allocation failure ends it with a message and exit status 1.
 */
#ifndef PRECIS_CLI_H
#define PRECIS_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "precis.h"

/* Exit statuses: everything worked; some inputs failed (the others were
 * still processed); the command line itself was wrong. */
enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILED = 1, CLI_EXIT_USAGE = 2 };

typedef enum cli_format {
    CLI_FORMAT_TEXT = 0,
    CLI_FORMAT_JSON = 1,
    CLI_FORMAT_JSONL = 2
} cli_format;

/* ---- options.c ---------------------------------------------------------- */

/* Prints "precis CMD: MESSAGE" and "Try 'precis CMD --help'" on stderr.
 * Returns CLI_EXIT_USAGE so callers can `return cli_usage(...)`. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Reports an option getopt_long rejected (unknown, or missing its value).
 * `c` is what getopt_long returned ('?' or ':'). */
int cli_bad_option(const char *cmd, int c, char **argv);

/* Parse option values; on a bad value they report a usage error naming the
 * option and the value and return CLI_EXIT_USAGE, else 0. */
int cli_parse_count(const char *cmd, const char *opt, const char *value,
                    size_t *out);
int cli_parse_ratio(const char *cmd, const char *opt, const char *value,
                    double *out);
int cli_parse_format(const char *cmd, const char *value, cli_format *out);

/* Options every document command takes. */
typedef struct cli_common {
    const char *lang;      /* Snowball name, default "english" */
    const char *stopwords; /* a stopword list file, or NULL */
    int repair;            /* replace invalid UTF-8 with U+FFFD */
    int quiet;             /* no notices (empty documents) on stderr */
    cli_format format;
} cli_common;

void cli_common_init(cli_common *common);

/* Codes of the long-only common options; a command numbers its own long
 * options from CLI_OPT_OWN. */
enum {
    CLI_OPT_STOPWORDS = 256,
    CLI_OPT_REPAIR,
    CLI_OPT_VERSION,
    CLI_OPT_STDIN_JSONL, /* the batch commands' (CLI_RUN_LONG_OPTIONS) */
    CLI_OPT_OWN
};

/* Handles getopt_long's `c` as a common option: -l, -f, -q, -h (prints
 * `help`), --stopwords, --repair, --version; anything else is reported as a
 * bad option. Returns 0 when parsing goes on, -1 when help or the version
 * was printed (the command ends with CLI_EXIT_OK), else the exit status of
 * a usage error. */
int cli_common_option(const char *cmd, const char *help, cli_common *common,
                      int c, char **argv);

/* The help lines of --stopwords, --repair, -q, -h and --version, their
 * descriptions at column 22 plus PAD (a string of spaces). */
#define CLI_HELP_COMMON(PAD)                                        \
    "      --stopwords FILE  "                                      \
    "stopword list, one word per line ('#' comments)\n"             \
    "      --repair        " PAD                                    \
    "replace invalid UTF-8 with U+FFFD instead of\n"                \
    "                      " PAD "skipping the file\n"              \
    "  -q, --quiet         " PAD "no notices about empty documents\n" \
    "  -h, --help          " PAD "show this help\n"                 \
    "      --version       " PAD "show the version\n"

/* The long forms of the common options but --format, and the table's end:
 * the last entries of a command's getopt_long table. */
#define CLI_COMMON_LONG_OPTIONS                                    \
    {"lang", required_argument, NULL, 'l'},                        \
    {"stopwords", required_argument, NULL, CLI_OPT_STOPWORDS},     \
    {"repair", no_argument, NULL, CLI_OPT_REPAIR},                 \
    {"quiet", no_argument, NULL, 'q'},                             \
    {"help", no_argument, NULL, 'h'},                              \
    {"version", no_argument, NULL, CLI_OPT_VERSION},               \
    {NULL, 0, NULL, 0}

/* Makes the language from the common options, and an analyzer for it
 * unless `analyzer` is NULL (the batch's workers make their own).
 * Prints what went wrong and returns an exit status when it fails. */
int cli_lang_open(const char *cmd, const cli_common *common,
                  precis_lang **lang, precis_analyzer **analyzer);

/* ---- walk.c: the PATH arguments as a stream of inputs ------------------ */

/* One input: a file to read, or what could not be walked. */
typedef struct cli_input {
    char *path;  /* OWNED by the input, NUL-terminated */
    size_t len;  /* strlen(path) */
    size_t cap;
    size_t rel;  /* where its part below its argument starts: the file's
                  * name for a file argument, its path below the folder
                  * for a folder's files */
    int err;     /* 0, or the errno that kept it from being walked:
                  * report it with cli_input_report */
    int regular; /* a regular file when it was walked: safe to open
                  * before its turn (no pipe or device) */
    int fd;      /* with `opened`: the file, opened ahead (readahead.c) */
    int opened;
    unsigned long long size; /* with `opened`: its size then */
    int uncached; /* its reader found part of it not in the system's
                   * cache (cli_doc_load_input), when it read the file */
    char *data;  /* OWNED, or NULL: the file's bytes, read ahead (then
                  * not `opened`), NUL-terminated */
    size_t data_len;
} cli_input;

/* Copies path (len bytes) and the rest into `in`, reusing its buffer;
 * closes a file `in` still held open. */
void cli_input_set(cli_input *in, const char *path, size_t len, size_t rel,
                   int err);
/* Closes the file `in` holds open and drops the bytes it holds, if any. */
void cli_input_close(cli_input *in);
void cli_input_free(cli_input *in);
/* Hands `in` its file, open, and the file's size: `in` owns fd now. */
void cli_input_give_fd(cli_input *in, int fd, unsigned long long size);
/* Prints "PATH: cannot read: REASON" for an input with `err` set. */
void cli_input_report(const cli_input *in);

/* The inputs of the PATH arguments, in order: each argument as given
 * ("-" for standard input), a folder replaced by the *.txt files below
 * it (hidden entries skipped), sorted by path. The walk holds the
 * listings of the folders it is in, not the list of all files. */
typedef struct cli_walk cli_walk;

/* `args` is BORROWED for the walk's life. */
cli_walk *cli_walk_new(char **args, size_t nargs);
void cli_walk_free(cli_walk *w);

/* The next input into `in`: 1, or 0 when there are no more. Arguments
 * that do not exist and folders that cannot be opened come in their
 * place with `err` set. */
int cli_walk_next(cli_walk *w, cli_input *in);

/* Walks ahead until `files` inputs without `err` wait to be taken, or the
 * walk is over; returns how many wait. Commands ask whether there is
 * more than one input, or enough for every thread. */
size_t cli_walk_ahead(cli_walk *w, size_t files);

/* ---- readahead.c: the walk, some files ahead of the readers ------------- */

/* A thread that walks ahead of the readers and opens each listed file,
 * asking the system to start reading it, so that a folder not in the
 * cache reads while the workers work. Inputs come in the walk's order. */
typedef struct cli_readahead cli_readahead;

/* Starts reading ahead on `walk` (BORROWED, and no one else's until
 * cli_readahead_stop) for `jobs` readers. Without a thread, the readers
 * walk themselves; so they do while the thread steps aside (when the
 * readers hold every core, the files come from the cache and the thread
 * is busy most of the time), until a reader finds a file not in the
 * cache. */
cli_readahead *cli_readahead_start(cli_walk *walk, unsigned jobs);
/* The next input into `in`, as cli_walk_next; its file may come open.
 * When the ring of inputs ahead has drained to a quarter, the thread is
 * woken by the next cli_readahead_wake (or at the latest when a reader
 * would wait for it): the system may switch to the thread as soon as it
 * is woken, and a reader switched out in the middle of a take that the
 * other readers wait for holds them all up. */
int cli_readahead_next(cli_readahead *r, cli_input *in);
/* Wakes the thread if a cli_readahead_next asked for it: call it after
 * each one, once the next reader may go on. */
void cli_readahead_wake(cli_readahead *r);
/* Stops the thread and closes the files it opened that no one took. */
void cli_readahead_stop(cli_readahead *r);

/* Counts the inputs of the arguments (those that fail too), and with
 * `bytes` the files' sizes (a stat each), reporting nothing: for the
 * progress bar. */
void cli_walk_count(char **args, size_t nargs, size_t *files,
                    unsigned long long *bytes);

/* ---- inputs.c ----------------------------------------------------------- */

/* Every input of the arguments at once, for commands that need them all
 * (brief): cli_walk's, in its order. */
typedef struct cli_inputs {
    char **paths;
    size_t count;
    size_t cap;
} cli_inputs;

/* Expands the arguments. Arguments that do not exist or cannot be read are
 * reported on stderr and counted in *failed; they are left out. */
void cli_inputs_expand(char **args, size_t nargs, cli_inputs *inputs,
                       size_t *failed);
void cli_inputs_free(cli_inputs *inputs);

/* Reads a whole file ("-": standard input, read once and kept so a second
 * pass sees the same bytes). *data is malloc'ed, NUL-terminated; free it.
 * On failure prints "PATH: cannot read: REASON" unless `silent` and
 * returns -1. An input over 128 MiB is refused (EFBIG) unread, or once
 * that much of a stream is read. */
int cli_read_file(const char *path, int silent, char **data, size_t *len);

/* Reads the open file fd to its end (`size` bytes expected, 0: unknown),
 * as cli_read_file does, reporting nothing: 0, or -1 with errno set. */
int cli_read_fd(int fd, size_t size, char **data, size_t *len);

/* cli_read_file for a list the user gives (--stopwords, --speakers): the
 * file must be text, and its first NUL or invalid UTF-8 byte is reported
 * as for a document ("PATH:LINE:COL: ..."), giving -1. */
int cli_read_text(const char *path, char **data, size_t *len);

/* Adds the aliases of the --speakers file at `path` to `set`; 0, or -1
 * after reporting why not. */
int cli_load_speakers(const char *path, precis_speakers *set);

/* Frees what cli_read_file kept of standard input. */
void cli_inputs_release_stdin(void);

/* A document loaded from a path. */
typedef struct cli_doc {
    precis_doc *doc;
    int empty; /* only white space (or nothing) after any BOM */
} cli_doc;

/* Reads `path` and makes a document of it. Invalid UTF-8 is reported as
 * "PATH:LINE:COL: invalid UTF-8 (byte 0xNN at offset N)" and a NUL byte
 * as "PATH:LINE:COL: NUL byte at offset N ..." (unless `silent`), giving
 * -1; with `repair` they become U+FFFD and a space instead. An empty or blank
 * file gives 0 with `empty` set and a notice unless `quiet`. */
int cli_doc_load(const char *path, int repair, int quiet, int silent,
                 cli_doc *out);
/* cli_doc_load of an input: from the bytes it holds (which it gives up),
 * or the file it holds open (which is closed then), else from its path. */
int cli_doc_load_input(cli_input *in, int repair, int quiet, int silent,
                       cli_doc *out);
void cli_doc_free(cli_doc *doc);

/* Reports a library error about `path` on stderr. */
void cli_lib_error(const char *path, int err);

/* The most precis reads of one input. The longest news articles are tens
 * of kilobytes; 128 MiB is a thousand times that, and what the heaviest
 * command (quotes, about ten bytes of memory per byte of text) makes of
 * it still fits in a small machine's memory. A bigger file, or an endless
 * stream such as /dev/zero, is refused with EFBIG instead of being read
 * until memory runs out; a --stdin-jsonl line longer than this is an
 * error of that line. */
#define CLI_MAX_INPUT ((size_t)128 << 20)

/* Aborts the tool cleanly when malloc fails. */
void *cli_xmalloc(size_t size);
void *cli_xrealloc(void *ptr, size_t size);
char *cli_xstrdup(const char *s);

/* ---- idf_file.c ---------------------------------------------------------- */

/* The bytes of an open model file: mapped, or read whole. */
typedef struct cli_idf_file {
    void *bytes;
    size_t len;
    int mapped;
} cli_idf_file;

/* Opens the model at `path` ("-": standard input) as a view over its
 * bytes (precis_idf_view): mapped read-only when it can be, read whole
 * otherwise. 0, or -1 after reporting "PATH: REASON". *idf is OWNED
 * (precis_idf_free) and reads *file, which is released with
 * cli_idf_file_close after it. */
int cli_idf_open(const char *path, precis_idf **idf, cli_idf_file *file);
void cli_idf_file_close(cli_idf_file *file);

/* ---- json.c ------------------------------------------------------------- */

/* A small streaming JSON writer. Containers nest to a fixed depth that
 * the tool's own records never approach (they are at most four deep). */
#define CLI_JSON_MAX_DEPTH 16

/* Bytes a writer gathers before they go to its stream. */
#define CLI_JSON_BUFFER 4096

/* Bytes a writer gathers in memory instead of a stream: buf[0..len),
 * grown as needed (cap bytes), OWNED by whoever holds the sink. Emptied
 * by setting len to 0, which keeps the buffer for the next use. */
typedef struct cli_json_sink {
    char *buf;
    size_t len, cap;
} cli_json_sink;

typedef struct cli_json {
    FILE *out;
    cli_json_sink *sink; /* when not NULL, the bytes go here, not to out */
    int pretty;
    int depth;
    int after_key;
    unsigned char has_items[CLI_JSON_MAX_DEPTH];
    size_t len; /* bytes in buf, not yet written to out */
    char buf[CLI_JSON_BUFFER];
} cli_json;

/* Output is gathered in the writer and goes to `out` when the buffer
 * fills and whenever a top-level value is complete; before writing to
 * `out` directly in the middle of a value, call cli_json_flush. */
void cli_json_init(cli_json *json, FILE *out, int pretty);
void cli_json_flush(cli_json *json);
/* A writer that goes on inside `depth` open containers, each holding an
 * item already: it writes what a writer at that place would write next,
 * for a cli_json_splice into that writer. */
void cli_json_resume(cli_json *json, FILE *out, int pretty, int depth);
/* Sends what the writer makes to `sink` instead of its stream, from now
 * on (after cli_json_init or cli_json_resume). */
void cli_json_to_sink(cli_json *json, cli_json_sink *sink);
/* Appends `len` bytes to a sink. */
void cli_json_sink_put(cli_json_sink *sink, const char *bytes, size_t len);
/* Bytes a resumed writer made for this place, written as they are. */
void cli_json_splice(cli_json *json, const char *bytes, size_t len);
void cli_json_begin_object(cli_json *json);
void cli_json_end_object(cli_json *json);
void cli_json_begin_array(cli_json *json);
void cli_json_end_array(cli_json *json);
void cli_json_key(cli_json *json, const char *key);
/* cli_json_key for a key of the tool's own: `len` bytes of printable
 * ASCII but the quote and the backslash, then a NUL (a literal name).
 * The same output, without a test of each byte; CLI_JSON_KEY passes a
 * literal and its length. */
void cli_json_key_plain(cli_json *json, const char *key, size_t len);
/* cli_json_key_plain, inline for a literal: a member's key in compact
 * output, with room in the buffer, is then a few stores of a known
 * length (a record has a dozen keys, and the call and its tests cost
 * more than the key). Anything else takes cli_json_key_plain. */
static inline void cli_json_key_literal(cli_json *json, const char *key,
                                        size_t len)
{
    if (json->pretty || json->after_key || json->depth == 0 || len == 0 ||
        sizeof json->buf - json->len < len + 4) {
        cli_json_key_plain(json, key, len);
        return;
    }
    unsigned char *has_items = &json->has_items[json->depth - 1];
    size_t comma = *has_items;
    char *o = json->buf + json->len;
    o[0] = ','; /* kept only after an item */
    o += comma;
    o[0] = '"';
    memcpy(o + 1, key, len);
    o[len + 1] = '"';
    o[len + 2] = ':';
    json->len += comma + len + 3;
    *has_items = 1;
    json->after_key = 1;
}
#define CLI_JSON_KEY(json, lit) \
    cli_json_key_literal((json), "" lit, sizeof lit - 1)
/* A string value of `len` bytes of UTF-8 (escaped as JSON requires). */
void cli_json_string(cli_json *json, const char *s, size_t len);
/* A NUL-terminated string, or null when `s` is NULL. */
void cli_json_cstring(cli_json *json, const char *s);
void cli_json_null(cli_json *json);
/* A value already in JSON form, written as it is; and a member of an
 * open object with such a value ("id": RAW). */
void cli_json_raw(cli_json *json, const char *raw, size_t len);
void cli_json_raw_member(cli_json *json, const char *key, const char *raw,
                         size_t len);
void cli_json_size(cli_json *json, size_t n);
void cli_json_u64(cli_json *json, unsigned long long n);
void cli_json_double(cli_json *json, double d);

/* ---- output.c ----------------------------------------------------------- */

/* One output stream of per-document records: text, a JSON array, or one
 * JSON object per line. */
typedef struct cli_output {
    FILE *stream; /* standard output unless cli_output_start_to */
    cli_format format;
    cli_json json;
    size_t docs_written; /* text: documents printed so far */
    int multi;           /* text: more than one document, print headers */
} cli_output;

/* `inputs`: how many inputs (only whether there are several matters). */
void cli_output_start(cli_output *out, cli_format format, size_t inputs);
/* The same on another stream (an output file of -o). */
void cli_output_start_to(cli_output *out, FILE *stream, cli_format format,
                         size_t inputs);
/* Text: prints the "==> PATH <==" header (and the blank line before it)
 * when there are several inputs. JSON: opens the document's object. */
void cli_output_doc_begin(cli_output *out, const char *path);
void cli_output_doc_end(cli_output *out);
/* A record's body made apart (on a worker, say), for the writer to put in
 * place later: cli_output_body_start starts `json` on `stream` where
 * cli_output_doc_begin leaves a record of `format` (inside its object,
 * after "doc"); the bytes written there, text or JSON, go in between
 * cli_output_doc_begin and cli_output_doc_end with cli_output_doc_body. */
void cli_output_body_start(cli_json *json, FILE *stream, cli_format format);
void cli_output_doc_body(cli_output *out, const char *body, size_t len);
void cli_output_finish(cli_output *out);

/* What a per-document command's functions get: the common options, the
 * language and its analyzer made from them, and the command's own
 * context. */
typedef struct cli_doc_env {
    cli_common common;
    precis_lang *lang;
    precis_analyzer *analyzer;
    void *own;
} cli_doc_env;

/* A per-document command (clean, sentences): one record per input, each
 * made on its own. */
typedef struct cli_doc_cmd {
    const char *name; /* as in "precis NAME" */
    const char *help;
    const struct option *long_options; /* ends with CLI_COMMON_LONG_OPTIONS */
    /* Takes one of the command's own options (getopt_long's `c`): 1 when
     * it was one, 0 when not. NULL: the command has none. */
    int (*option)(void *own, int c);
    /* Writes the record of `path` into `out` and returns 0, or nonzero
     * after reporting why it could not. `doc` is the loaded document; for
     * an empty one, `one` is called only for JSON output, with doc NULL,
     * between cli_output_doc_begin and cli_output_doc_end, and writes the
     * members of an empty record. */
    int (*one)(const cli_doc_env *env, cli_output *out, const char *path,
               const precis_doc *doc);
    void *own;
} cli_doc_cmd;

/* Runs a per-document command on its arguments: parses the common options
 * and the command's own (optstring ":l:f:qh"), opens the language, loads
 * each input in order and calls `one` into one output on standard output,
 * then frees everything. Returns the exit status: usage errors, and
 * CLI_EXIT_FAILED when an argument or a document failed. */
int cli_doc_command(const cli_doc_cmd *cmd, int argc, char **argv);

/* Writes text[start..end) on one line: each run of white space (line
 * breaks included) becomes one space, so a sentence or title that spans
 * lines, or is indented, prints as one tidy line. */
void cli_put_oneline(FILE *f, const char *text, precis_span span);

/* Writes the span as it is, minus carriage returns. */
void cli_put_plain(FILE *f, const char *text, precis_span span);

/* The span's bounds as the members "start" and "end" (byte offsets). */
void cli_json_offsets(cli_json *json, precis_span span);

/* Writes the span's own text of a metadata field, or null, into JSON. */
void cli_json_span(cli_json *json, const char *text, precis_span span);

/* The layout's metadata as JSON keys: title, byline, date, dateline. The
 * date is ISO 8601 when the layout can read it, else as written. */
void cli_json_fields(cli_json *json, const precis_doc *doc,
                     const precis_layout *layout);

/* Flushes standard output; -1 when it (or an earlier write) failed,
 * keeping the first failure's reason for cli_finish_stdout. */
int cli_flush_stdout(void);

/* Flushes standard output; on a write error prints it with that reason
 * and returns CLI_EXIT_FAILED, else `status`. */
int cli_finish_stdout(int status);

/* ---- batch.c, progress.c: worker threads, in-order output, progress ---- */

/* SIGINT and SIGTERM set a flag instead of ending the tool, so a batch
 * stops taking inputs, finishes what it writes and cleans up; the
 * command then exits with CLI_EXIT_INTERRUPTED. */
enum { CLI_EXIT_INTERRUPTED = 130 };
void cli_signals_install(void);
int cli_interrupted(void);

/* The number of online processors (the default of -j), at least 1. */
unsigned cli_default_jobs(void);

/* Parses -j N (1 to 1024). */
int cli_parse_jobs(const char *cmd, const char *value, unsigned *out);

typedef struct cli_progress {
    int on; /* standard error is a terminal and not -q */
    const char *label;
    size_t files, files_done;
    unsigned long long bytes, bytes_done;
    double started, drawn;
} cli_progress;

/* Starts the count for the inputs of the PATH arguments (their number and
 * size are walked for only when the bar is drawn). */
void cli_progress_start(cli_progress *p, int quiet, const char *label,
                        char **args, size_t nargs);
/* Starts a second pass over the same inputs, with the same totals. */
void cli_progress_restart(cli_progress *p, const char *label);
/* Counts one input of `bytes` done. p may be NULL. */
void cli_progress_add(cli_progress *p, size_t bytes);
/* Redraws at most ten times a second; `final` draws the closing line. */
void cli_progress_draw(cli_progress *p, int final);

/* One job per input on `jobs` threads, the inputs taken one by one from a
 * source, however many there are. `take` gives input i (the next one)
 * into `in`, its slot, which the batch keeps until input i is emitted:
 * 1, or 0 when there are no more; it is called in input order, one call
 * at a time. `work` runs on a worker thread with that worker's own
 * analyzer for `lang` (NULL when lang is NULL) and its index below
 * `jobs`, and returns the input's size in bytes for the progress bar;
 * it may take the file the input holds open (cli_doc_load_input).
 * `emit`, when not NULL, runs for every input in order, one call at a
 * time, on whichever thread finished that input or the one before it
 * (the calling thread at -j 1). At most `window` inputs are in flight,
 * taken and not yet emitted (or done, without `emit`): input i is taken
 * once input i - window is through, so callers keep per-input results in
 * `window` slots, input i in slot i % window. With `analyzers` set
 * (`jobs` slots), worker k uses analyzers[k], made when the slot is NULL
 * and left there for the caller to free: a later run with the same slots
 * keeps what they learnt. With `owner`, input i goes to worker
 * owner(ctx, i) when that is not -1, right after it is taken (a few may
 * wait for it; beyond those, whoever took it does it): a worker whose
 * analyzer holds what input i needs does it faster. `taken` lets a
 * source put off what may switch its thread out (waking another thread)
 * until the take no longer holds up the other workers. Returns 0; 1 when
 * interrupted (not every input was emitted); -1 when no thread could
 * start (reported). */
typedef struct cli_batch {
    unsigned jobs;
    size_t window; /* at least 1 */
    const precis_lang *lang;
    void *ctx;
    void *source;
    int (*take)(void *source, size_t i, cli_input *in);
    size_t (*work)(void *ctx, unsigned worker, precis_analyzer *analyzer,
                   size_t i, cli_input *in);
    void (*emit)(void *ctx, size_t i, const cli_input *in);
    int (*owner)(void *ctx, size_t i);
    /* When not NULL, called after each take, on the same thread, once
     * the next take may begin (outside the batch's lock). */
    void (*taken)(void *source);
    cli_progress *progress;
    precis_analyzer **analyzers; /* NULL: one per worker for this run */
} cli_batch;

int cli_batch_run(const cli_batch *batch);

/* A batch's take for a walk read ahead (source: the cli_readahead), and
 * its `taken` (cli_readahead_wake). */
int cli_batch_take_ahead(void *readahead, size_t i, cli_input *in);
void cli_batch_taken_ahead(void *readahead);

/* The number of threads worth starting for `jobs` asked: no more than
 * the inputs the walk has ahead (at least 1). */
unsigned cli_jobs_for(cli_walk *walk, unsigned jobs);

/* What the batch commands (summarize, quotes) share: the common options,
 * -j and --stdin-jsonl, and the language (each worker makes an analyzer
 * for it). */
typedef struct cli_run {
    cli_common common;
    unsigned jobs; /* -j; 0 until cli_run_open makes it the default */
    int stdin_jsonl;
    precis_lang *lang;
} cli_run;

/* The inputs against --stdin-jsonl, `first` being the first argument
 * that is not an option: a PATH with it, or none without it, is a usage
 * error (its exit status is returned), else 0. */
/* The long options of a cli_run (-f, -j, --stdin-jsonl), then the common
 * ones and the table's end: the last entries of a batch command's table. */
#define CLI_RUN_LONG_OPTIONS                                        \
    {"format", required_argument, NULL, 'f'},                       \
    {"jobs", required_argument, NULL, 'j'},                         \
    {"stdin-jsonl", no_argument, NULL, CLI_OPT_STDIN_JSONL},        \
    CLI_COMMON_LONG_OPTIONS

/* cli_common_option for a batch command: also takes -j and --stdin-jsonl
 * into `run`. Returns as cli_common_option does. */
int cli_run_option(const char *cmd, const char *help, cli_run *run, int c,
                   char **argv);

int cli_run_check_inputs(const char *cmd, const cli_run *run, int argc,
                         int first);

/* Once the options are parsed: -j's default, the signal handlers, the
 * language. 0, or the exit status of what failed. */
int cli_run_open(const char *cmd, cli_run *run);

/* Frees what cli_run_open made and the kept standard input; the exit
 * status as cli_finish_stdout gives it. */
int cli_run_close(cli_run *run, int status);

/* ---- spill.c: articles set aside between two passes -------------------- */

/* Two unnamed temporary files (the system removes them however the run
 * ends): packed articles, and the index of the inputs in order, each
 * with where its article is. */
typedef struct cli_spill cli_spill;

/* Where an article was set aside (len 0: it was not), and the writer
 * that did. */
typedef struct cli_spill_ref {
    uint64_t at, len;
    unsigned writer;
} cli_spill_ref;

/* Opens the files in $TMPDIR (when unset, /var/tmp or /tmp), with a
 * buffer for each of `writers` threads; NULL when they cannot be made. */
cli_spill *cli_spill_open(unsigned writers);
void cli_spill_close(cli_spill *s);

/* Sets an article aside from writer thread `writer` (each thread its own
 * number below `writers`). A ref of len 0 when it could not be. */
cli_spill_ref cli_spill_put(cli_spill *s, unsigned writer,
                            const precis_article *article);
/* Writes what the writers' buffers hold: once they are done, before any
 * article is read back. */
void cli_spill_flush(cli_spill *s);
/* Appends an input and its ref to the index (in input order, one caller
 * at a time). */
void cli_spill_index_add(cli_spill *s, const cli_input *in,
                         cli_spill_ref ref);
/* Starts reading the index from its first input: 0, or -1 when it could
 * not be written whole or read. */
int cli_spill_index_rewind(cli_spill *s);
/* The next input of the index and its ref (len 0 when its article was not
 * set aside or was lost): 1, 0 at the end, -1 when it cannot be read. */
int cli_spill_index_next(cli_spill *s, cli_input *in, cli_spill_ref *ref);
/* Makes again the document and article set aside at `ref`: 0, or -1. */
int cli_spill_get(cli_spill *s, cli_spill_ref ref, precis_doc **doc,
                  precis_article **article);

/* ---- models.c: document frequencies counted by several workers -------- */

/* `jobs` empty models of the language, one per worker. 0, or a library
 * error (nothing made). */
int cli_models_new(const precis_lang *lang, unsigned jobs, precis_idf ***out);
/* Sums the workers' models into *sum (when `sum` is not NULL and err is
 * 0), freeing the rest and the array. Returns err, or the sum's error
 * (*sum NULL then). */
int cli_models_sum(precis_idf **models, unsigned jobs, int err,
                   precis_idf **sum);

/* ---- outdir.c: one output file per input, written whole or not at all -- */

/* Reads the process's umask for the outputs' mode. Call it once, before
 * any thread starts: reading the umask means setting it, for a moment,
 * for the whole process. */
void cli_outdir_start(void);

/* Opens a temporary file next to OUTDIR/REL (making the folders it needs).
 * Returns 0, or -1 (reported) when it cannot. */
typedef struct cli_outfile {
    FILE *f;
    char *path; /* the final path */
    char *tmp;  /* the temporary file's path */
} cli_outfile;

int cli_outfile_open(cli_outfile *out, const char *outdir, const char *rel);
/* Closes and renames the temporary file into place; returns 0, or -1
 * (reported, temporary file removed). */
int cli_outfile_commit(cli_outfile *out);
/* Removes the temporary file. */
void cli_outfile_abort(cli_outfile *out);

/* ---- jsonl.c: reading {"id": ..., "text": ...} lines -------------------- */

/* One input line, parsed. `id` is the id's JSON text exactly as given (a
 * string with its quotes, or a number), or NULL when it could not be
 * read; `text` the decoded text (NUL-terminated, may hold NULs), or NULL
 * when the line is malformed, with `error` saying why. Both malloc'ed. */
typedef struct cli_jsonl_line {
    char *id;
    size_t id_len;
    char *text;
    size_t text_len;
    const char *error; /* static */
    size_t error_column; /* 1-based byte column of `error` in the line */
} cli_jsonl_line;

void cli_jsonl_parse(const char *line, size_t len, cli_jsonl_line *out);
void cli_jsonl_line_free(cli_jsonl_line *line);

/* Reads up to `max_lines` lines (or about `max_bytes`) of standard input
 * into `lines` (malloc'ed, each NUL-terminated, without the newline).
 * Returns how many; 0 at the end of input or on an interrupt. */
size_t cli_read_lines(char ***lines, size_t **lens, size_t max_lines,
                      size_t max_bytes);

/* ---- stream.c: --stdin-jsonl -------------------------------------------- */

/* Runs a command over JSON Lines on standard input: for each line, on a
 * worker, `work` gets the line's document in slot i (below 512) and
 * returns PRECIS_OK or an error; then, in order, `emit` writes the rest
 * of the line's object after its "id" (only when work succeeded) and
 * `drop` frees what work kept in slot i. Malformed lines and failures are
 * reported as "stdin:LINE: reason" and, when the id was read, written as
 * {"id": ID, "error": "reason"}. Returns the exit status. */
#define CLI_STREAM_SLOTS 512

typedef struct cli_stream {
    unsigned jobs;
    const precis_lang *lang;
    int repair;
    void *ctx;
    int (*work)(void *ctx, precis_analyzer *analyzer, size_t slot,
                const precis_doc *doc);
    void (*emit)(void *ctx, size_t slot, cli_json *json,
                 const precis_doc *doc);
    void (*drop)(void *ctx, size_t slot);
} cli_stream;

int cli_stream_run(const cli_stream *s);

/* cli_stream_run with the jobs, language and --repair of `run`. */
int cli_stream_cmd(const cli_run *run, void *ctx,
                   int (*work)(void *ctx, precis_analyzer *analyzer,
                               size_t slot, const precis_doc *doc),
                   void (*emit)(void *ctx, size_t slot, cli_json *json,
                                const precis_doc *doc),
                   void (*drop)(void *ctx, size_t slot));

/* ---- strtab.c: distinct strings with dense ids -------------------------- */

typedef struct cli_strtab {
    struct cli_strtab_str *strs; /* per id: the string and its length */
    size_t count, cap;
    /* The index: per slot, the high half of a string's hash over its
     * id, UINT64_MAX when free (strtab.c). */
    uint64_t *slots;
    size_t nslots;
    unsigned slot_bits; /* nslots is 1 << slot_bits */
    struct strtab_chunk *chunks;
} cli_strtab;

void cli_strtab_init(cli_strtab *t);
void cli_strtab_free(cli_strtab *t);
/* The id of s[0..len), added when new (ids count up from 0). */
uint32_t cli_strtab_intern(cli_strtab *t, const char *s, size_t len);
/* The hash the table files s[0..len) under. */
uint64_t cli_strtab_hash(const char *s, size_t len);
/* Asks for the index memory a lookup of that hash reads first: a hint,
 * so that the misses of several lookups to come overlap. */
void cli_strtab_prefetch(const cli_strtab *t, uint64_t hash);
/* cli_strtab_intern with the string's hash (cli_strtab_hash) known. */
uint32_t cli_strtab_intern_hashed(cli_strtab *t, const char *s, size_t len,
                                  uint64_t hash);
/* The string of an id (valid until the table is freed), NULL for an id
 * the table has not given. */
const char *cli_strtab_get(const cli_strtab *t, uint32_t id);

/* ---- places.c: the places of distinct quotes, in output order -------- */

typedef struct cli_places cli_places;

cli_places *cli_places_new(void);
void cli_places_free(cli_places *p);
/* Adds a place of distinct quote `quote` (ids below the nquotes given to
 * cli_places_start), in input order: its document's path when it is not
 * the document of the place before (path_len 0: the same; the first
 * place must give one), and its line. */
void cli_places_add(cli_places *p, uint32_t quote, const char *path,
                    size_t path_len, size_t line);
/* Once every place is in: at[q] is where quote q's places begin in the
 * output (each quote's places follow one another, in input order). at
 * must stay until the places are freed. */
void cli_places_start(cli_places *p, const size_t *at, size_t nquotes);
/* The place at output position pos, asked for in increasing order: its
 * path (valid until the next call) and line. */
void cli_places_get(cli_places *p, size_t pos, const char **path,
                    size_t *line);

/* ---- quote_key.c: the key of a quote's text ---------------------------- */

/* The words of a quote (s, n bytes), lower-cased (ASCII) and joined by one
 * space, so that one quote reported with other marks or spacing is still
 * one. Written into *buf (grown as needed); returns its length. */
size_t cli_quote_key(const char *s, size_t n, char **buf, size_t *cap);

/* ---- subcommands -------------------------------------------------------- */

int cmd_summarize(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_sentences(int argc, char **argv);
int cmd_idf(int argc, char **argv);
int cmd_quotes(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_brief(int argc, char **argv);

#endif
