/* cmd_quotes.c: `precis quotes`, the direct quotes of the documents with
 * their speakers: grouped by speaker in text, one object per quote in
 * JSON Lines. Speakers are resolved across all inputs together. */
#include <errno.h>
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
    OPT_SPEAKERS = CLI_OPT_OWN
};

static const struct option long_options[] = {
    {"speaker", required_argument, NULL, 's'},
    {"speakers", required_argument, NULL, OPT_SPEAKERS},
    CLI_RUN_LONG_OPTIONS,
};

/* One quote as it is printed. */
typedef struct record {
    const char *path;    /* BORROWED from the spool's reader */
    const char *text;
    size_t start, end, line;
    const char *speaker; /* the speaker as the document resolved it, or
                          * NULL */
    const char *canon;   /* the set's final name for it */
    uint32_t key_id;     /* see kept.key */
    uint32_t speaker_id; /* string id of `speaker` (kept quotes only) */
    uint32_t text_id;    /* string id of `text` (kept quotes only) */
    int has_mention;
    precis_span mention;
    const char *cue;
    const char *sieve;   /* static */
} record;

#define NO_ID UINT32_MAX

/* One quote, kept after its document is freed until every document is in
 * (a later one may rename its speaker): numbers, and ids of its strings in
 * the command's string table, which holds each distinct text, key, name
 * and cue once. Kept quotes go to a temporary file, so that memory grows
 * with the distinct strings, not with the number of quotes. */
typedef struct kept {
    size_t path_len; /* nonzero on a document's first quote: its path's
                      * bytes follow the record in the spool */
    size_t start, end, line;
    precis_span mention;
    const char *sieve; /* static */
    uint32_t text;
    uint32_t key;      /* the text's words, case-folded (same quote, same
                        * key); NO_ID in JSON, which does not group */
    uint32_t speaker;  /* as the document resolved it, or NO_ID */
    uint32_t cue;      /* or NO_ID */
    int has_mention;
} kept;

typedef struct quotes_ctx {
    cli_run run;
    const char *speaker;
    const char *speakers_path;
    precis_speakers *set;
    cli_strtab strings;  /* of the kept quotes */
    const char **canons; /* per string id of a speaker: its final name,
                          * looked up once (NULL: not yet) */
    FILE *spool;         /* the kept quotes, in input order */
    char *key_buf;       /* cli_quote_key's scratch */
    size_t key_cap;
    /* Per string id of a quote's text: the id of its key, or NO_ID when
     * not made yet. Most quotes of a large corpus are texts already seen
     * (agency copy reprinted, the same article in several files), and
     * for those the key is looked up here instead of being made and
     * interned again. */
    uint32_t *text_keys;
    size_t text_keys_cap;
    size_t window;
    struct loaded *loaded; /* per slot: a worker's work on input i in slot
                            * i % window (or on a stream line) */
    /* Reading the spool: the path of the quotes being read, and how many
     * documents' paths have been read. */
    char *path;
    size_t path_len;
    size_t docs_read;
    /* For the JSON print on several threads (print_json_chunks): the
     * threads the documents ran on, the quotes kept, which string ids
     * name a speaker (their final names are looked up before the threads
     * start, as canon_name would one at a time), and per slot the JSON of
     * a chunk of quotes until it is written (each slot's buffer is kept
     * from chunk to chunk). */
    unsigned jobs;
    size_t kept_count;
    unsigned char *is_speaker;
    size_t is_speaker_cap;
    cli_json_sink *printed;
    int printed_any;
    int spool_failed; /* errno, or -1: the spool was cut short */
    size_t failed;
    cli_progress progress;
    /* Per worker, the buffers its layouts and quotes work in, kept from
     * one input to the next (NULL: each input's own). */
    precis_workspace **spaces;
} quotes_ctx;

/* A quote as a worker sets it aside for the writer: all that keep_quote
 * needs but the speaker, which the writer resolves. */
typedef struct packed_quote {
    size_t start, end, line;
    precis_span mention;
    int has_mention;
    const char *sieve;   /* static */
    size_t text_at, text_len; /* in the slot's `bytes` */
    size_t cue_at, cue_len;   /* the same; cue_at SIZE_MAX: none */
    uint64_t text_hash;  /* cli_strtab_hash of the text */
} packed_quote;

/* What loaded.status holds besides the library's own statuses (0, or a
 * negative PRECIS_E* from making the layout or the quotes): positive,
 * so that no library error reads as one of them. */
#define LOAD_UNREADABLE 1  /* read again on the writer, for the message */
#define LOAD_NOT_REACHED 2 /* the walk's error for the input (in->err) */

/* An input as a worker left it for the writer. The worker frees the
 * document and its layout, having copied out the quotes' texts and cues:
 * what it made is freed on its own thread, and the writer, which works on
 * one input at a time for all workers, has only the speakers left to do.
 * The arrays are the slot's, reused from input to input. */
typedef struct loaded {
    int status; /* PRECIS_OK loaded (or blank), LOAD_*, or an error */
    int blank;
    precis_layout *layout; /* --stdin-jsonl only */
    precis_quotes *quotes; /* speakers as the document names them */
    packed_quote *items;
    size_t items_cap;
    char *bytes;
    size_t bytes_len, bytes_cap;
} loaded;

static char *copy_span(const char *text, size_t start, size_t end)
{
    char *s = cli_xmalloc(end - start + 1);
    memcpy(s, text + start, end - start);
    s[end - start] = '\0';
    return s;
}

static void fill_record(record *r, const char *path, const precis_doc *doc,
                        const precis_quotes *q, size_t i)
{
    const char *text = precis_doc_text(doc);
    precis_span s = precis_quotes_span(q, i), c;
    memset(r, 0, sizeof *r);
    r->path = path;
    r->text = copy_span(text, s.start, s.end);
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
    free((void *)r->text);
    free((void *)r->speaker);
    free((void *)r->cue);
}

/* Makes room in *items, an array of *cap elements of `size` bytes
 * indexed by string id, for index `id`: its capacity doubles from
 * `first`. Returns the capacity before, so that the caller sets the new
 * elements [that, *cap). */
static size_t grow_per_id(void **items, size_t *cap, uint32_t id,
                          size_t size, size_t first)
{
    size_t old = *cap, n = old ? old : first;
    if (id < old)
        return old;
    while (n <= id)
        n *= 2;
    *items = cli_xrealloc(*items, n * size);
    *cap = n;
    return old;
}

/* The key id of the text with string id `text` (see quotes_ctx's
 * text_keys). */
static uint32_t key_of_text(quotes_ctx *ctx, uint32_t text)
{
    if (text >= ctx->text_keys_cap) {
        void *p = ctx->text_keys;
        size_t old = grow_per_id(&p, &ctx->text_keys_cap, text,
                                 sizeof *ctx->text_keys, 256);
        ctx->text_keys = p;
        for (size_t i = old; i < ctx->text_keys_cap; i++)
            ctx->text_keys[i] = NO_ID;
    }
    if (ctx->text_keys[text] == NO_ID) {
        /* The key of the text as printed: up to a NUL, should it hold
         * one. */
        const char *t = cli_strtab_get(&ctx->strings, text);
        size_t n = cli_quote_key(t, strlen(t), &ctx->key_buf, &ctx->key_cap);
        ctx->text_keys[text] = cli_strtab_intern(&ctx->strings,
                                                 ctx->key_buf, n);
    }
    return ctx->text_keys[text];
}

/* Notes that string `id` names a speaker. */
static void mark_speaker(quotes_ctx *ctx, uint32_t id)
{
    if (id >= ctx->is_speaker_cap) {
        void *p = ctx->is_speaker;
        size_t old = grow_per_id(&p, &ctx->is_speaker_cap, id,
                                 sizeof *ctx->is_speaker, 256);
        ctx->is_speaker = p;
        memset(ctx->is_speaker + old, 0, ctx->is_speaker_cap - old);
    }
    ctx->is_speaker[id] = 1;
}

/* Keeps quote i of input `in` (spooled; see kept). */
static void keep_quote(quotes_ctx *ctx, const cli_input *in,
                       const loaded *l, size_t i)
{
    const packed_quote *p = &l->items[i];
    const char *sp = precis_quotes_speaker(l->quotes, i);
    kept k;

    memset(&k, 0, sizeof k);
    k.path_len = i == 0 ? in->len : 0;
    k.start = p->start;
    k.end = p->end;
    k.line = p->line;
    k.text = cli_strtab_intern_hashed(&ctx->strings, l->bytes + p->text_at,
                                      p->text_len, p->text_hash);
    k.key = ctx->run.common.format == CLI_FORMAT_TEXT
                ? key_of_text(ctx, k.text)
                : NO_ID;
    k.speaker = sp ? cli_strtab_intern(&ctx->strings, sp, strlen(sp)) : NO_ID;
    if (k.speaker != NO_ID)
        mark_speaker(ctx, k.speaker);
    ctx->kept_count++;
    k.has_mention = p->has_mention;
    k.mention = p->mention;
    k.cue = p->cue_at == SIZE_MAX
                ? NO_ID
                : cli_strtab_intern(&ctx->strings, l->bytes + p->cue_at,
                                    p->cue_len);
    k.sieve = p->sieve;
    if (fwrite(&k, sizeof k, 1, ctx->spool) != 1 ||
        fwrite(in->path, 1, k.path_len, ctx->spool) != k.path_len) {
        fprintf(stderr, "precis quotes: cannot write a temporary file: %s\n",
                strerror(errno));
        exit(CLI_EXIT_FAILED);
    }
}

/* How many quotes keep_quotes asks the string table's slots for before
 * it interns the first. */
#define KEEP_BATCH 16

/* Keeps every quote of input `in`. The string table outgrows the
 * caches on a large corpus, and each new text's lookup waited on its
 * slot: the slots of a batch of texts are asked for first, so that
 * those waits overlap. */
static void keep_quotes(quotes_ctx *ctx, const cli_input *in,
                        const loaded *l)
{
    size_t n = precis_quotes_count(l->quotes);

    for (size_t at = 0; at < n; at += KEEP_BATCH) {
        size_t m = n - at < KEEP_BATCH ? n - at : KEEP_BATCH;
        for (size_t k = 0; k < m; k++)
            cli_strtab_prefetch(&ctx->strings, l->items[at + k].text_hash);
        for (size_t k = 0; k < m; k++)
            keep_quote(ctx, in, l, at + k);
    }
}

/* Appends text[s] to the slot's bytes; returns where it starts. */
static size_t pack_bytes(loaded *l, const char *text, precis_span s)
{
    size_t n = s.end - s.start, at = l->bytes_len;

    if (n > l->bytes_cap - at) {
        size_t cap = l->bytes_cap ? l->bytes_cap : 4096;
        while (n > cap - at)
            cap *= 2;
        l->bytes = cli_xrealloc(l->bytes, cap);
        l->bytes_cap = cap;
    }
    memcpy(l->bytes + at, text + s.start, n);
    l->bytes_len += n;
    return at;
}

/* Sets the quotes of `doc` aside in the slot (see packed_quote). */
static void pack_quotes(loaded *l, const precis_doc *doc)
{
    const char *text = precis_doc_text(doc);
    const precis_quotes *q = l->quotes;
    size_t n = precis_quotes_count(q);

    if (n > l->items_cap) {
        l->items = cli_xrealloc(l->items, n * sizeof *l->items);
        l->items_cap = n;
    }
    l->bytes_len = 0;
    for (size_t i = 0; i < n; i++) {
        packed_quote *p = &l->items[i];
        precis_span s = precis_quotes_span(q, i), c;

        p->start = s.start;
        p->end = s.end;
        p->line = precis_doc_locate(doc, s.start).line;
        p->has_mention = precis_quotes_mention(q, i, &p->mention);
        p->sieve = precis_quotes_sieve(q, i);
        p->text_at = pack_bytes(l, text, s);
        p->text_len = s.end - s.start;
        p->text_hash = cli_strtab_hash(text + s.start, p->text_len);
        p->cue_at = SIZE_MAX;
        p->cue_len = 0;
        if (precis_quotes_cue(q, i, &c)) {
            p->cue_at = pack_bytes(l, text, c);
            p->cue_len = c.end - c.start;
        }
    }
}

/* Frees what the slot holds of its input, but its reused arrays. */
static void loaded_free(loaded *l)
{
    precis_quotes_free(l->quotes);
    precis_layout_free(l->layout);
    l->quotes = NULL;
    l->layout = NULL;
    l->status = 0;
    l->blank = 0;
}

/* Frees the slot, arrays and all. */
static void loaded_free_all(loaded *l)
{
    loaded_free(l);
    free(l->items);
    free(l->bytes);
    memset(l, 0, sizeof *l);
}

/* Input i on a worker: its document, layout (quotes need the page's
 * layout, not the article's stems) and quotes with the document's own
 * speaker names, set aside with the texts they need (see loaded). Only
 * resolving those names through the shared set is left to the writer,
 * in input order, since the set learns from each document in turn. */
static size_t load_one(void *arg, unsigned worker, precis_analyzer *an,
                       size_t i, cli_input *in)
{
    quotes_ctx *ctx = arg;
    loaded *l = &ctx->loaded[i % ctx->window];
    precis_workspace *ws = ctx->spaces ? ctx->spaces[worker] : NULL;
    precis_layout *layout = NULL;
    size_t len;
    cli_doc d;

    (void)an;
    if (in->err) {
        l->status = LOAD_NOT_REACHED;
        return 0;
    }
    if (cli_doc_load_input(in, ctx->run.common.repair, 1, 1, &d) != 0) {
        l->status = LOAD_UNREADABLE;
        return 0;
    }
    if (d.empty) {
        l->blank = 1;
        return 0;
    }
    len = precis_doc_length(d.doc);
    l->status = precis_layout_new_in(ws, d.doc, ctx->run.lang, &layout);
    if (l->status == PRECIS_OK)
        l->status = precis_quotes_from_layout_in(ws, layout, NULL,
                                                 &l->quotes);
    if (l->status == PRECIS_OK)
        pack_quotes(l, d.doc);
    precis_layout_free(layout);
    precis_doc_free(d.doc);
    return len;
}

/* Input i on the writer, in order: reports a failure, or finds its quotes
 * through the shared speaker set and keeps them as records. */
static void quotes_one(void *arg, size_t i, const cli_input *in)
{
    quotes_ctx *ctx = arg;
    loaded *l = &ctx->loaded[i % ctx->window];
    const char *path = in->path;
    int err = l->status;

    if (err == LOAD_NOT_REACHED) {
        cli_input_report(in);
        ctx->failed++;
    } else if (err == LOAD_UNREADABLE) {
        cli_doc d;
        /* Loaded again, not silently, for the message. */
        if (cli_doc_load(path, ctx->run.common.repair, 1, 0, &d) == 0)
            cli_doc_free(&d);
        ctx->failed++;
    } else if (l->blank) {
        if (!ctx->run.common.quiet)
            fprintf(stderr, "%s: empty document\n", path);
    } else {
        if (err == PRECIS_OK)
            err = precis_quotes_resolve(l->quotes, ctx->set);
        if (err != PRECIS_OK) {
            cli_lib_error(path, err);
            ctx->failed++;
        } else {
            keep_quotes(ctx, in, l);
        }
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

/* Prints s on one line: each run of white space as one space, none at
 * the end. Gathered in a buffer, not a stdio call per character. */
static void put_oneline(const char *s)
{
    char buf[4096];
    size_t n = 0;
    int space = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            space = 1;
            continue;
        }
        if (n + 2 > sizeof buf) {
            fwrite(buf, 1, n, stdout);
            n = 0;
        }
        if (space)
            buf[n++] = ' ';
        space = 0;
        buf[n++] = *s;
    }
    fwrite(buf, 1, n, stdout);
}

/* Prints "      PATH:LINE" and a newline: the line of every place a quote
 * was found, so many that printf's parsing of its format showed. */
static void put_place(const char *path, size_t line)
{
    char num[32];
    size_t k = sizeof num;
    num[--k] = '\n';
    do {
        num[--k] = (char)('0' + line % 10);
        line /= 10;
    } while (line);
    num[--k] = ':';
    fputs("      ", stdout);
    fputs(path, stdout);
    fwrite(num + k, 1, sizeof num - k, stdout);
}

static void print_record_members(cli_json *json, const record *r)
{
    CLI_JSON_KEY(json, "text");
    cli_json_cstring(json, r->text);
    CLI_JSON_KEY(json, "start");
    cli_json_size(json, r->start);
    CLI_JSON_KEY(json, "end");
    cli_json_size(json, r->end);
    CLI_JSON_KEY(json, "line");
    cli_json_size(json, r->line);
    CLI_JSON_KEY(json, "speaker");
    cli_json_cstring(json, r->canon);
    CLI_JSON_KEY(json, "mention");
    if (r->has_mention) {
        cli_json_begin_object(json);
        cli_json_offsets(json, r->mention);
        cli_json_end_object(json);
    } else {
        cli_json_null(json);
    }
    CLI_JSON_KEY(json, "cue");
    cli_json_cstring(json, r->cue);
    CLI_JSON_KEY(json, "sieve");
    cli_json_cstring(json, r->sieve);
}

static void print_record_json(cli_json *json, const record *r)
{
    cli_json_begin_object(json);
    CLI_JSON_KEY(json, "doc");
    cli_json_cstring(json, r->path);
    print_record_members(json, r);
    cli_json_end_object(json);
}

/* The set's final name for a document's speaker name (string `id`):
 * names learnt from later documents apply to earlier ones too. Every
 * document is in when records are read, so a name's answer holds for all
 * its quotes and is asked once. */
static const char *canon_name(const quotes_ctx *ctx, uint32_t id,
                              const char *speaker)
{
    if (!ctx->canons[id]) {
        const char *canon = precis_speakers_lookup(ctx->set, speaker,
                                                   strlen(speaker));
        ctx->canons[id] = canon ? canon : speaker;
    }
    return ctx->canons[id];
}

/* Reads the next kept quote of the spool into *r (its strings borrowed
 * from the string table); 0 at the end. */
static void spool_unreadable(void)
{
    fprintf(stderr, "precis quotes: cannot read a temporary file: %s\n",
            errno ? strerror(errno) : "cut short");
    exit(CLI_EXIT_FAILED);
}

/* Makes `path` (OWNED, len bytes and a NUL) the path of the quotes being
 * read. */
static void use_path(quotes_ctx *ctx, char *path, size_t len)
{
    free(ctx->path);
    ctx->path = path;
    ctx->path_len = len;
}

/* Reads the path that follows a document's first quote in the spool. */
static void next_path(quotes_ctx *ctx, size_t len)
{
    char *path = cli_xmalloc(len + 1);

    errno = 0;
    if (fread(path, 1, len, ctx->spool) != len)
        spool_unreadable();
    path[len] = '\0';
    use_path(ctx, path, len);
    ctx->docs_read++;
}

/* The record of kept quote k of the document at `path`. */
static void record_of(const quotes_ctx *ctx, const kept *k, const char *path,
                      record *r)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->text = cli_strtab_get(&ctx->strings, k->text);
    r->start = k->start;
    r->end = k->end;
    r->line = k->line;
    r->speaker = k->speaker == NO_ID
                     ? NULL
                     : cli_strtab_get(&ctx->strings, k->speaker);
    r->canon = r->speaker ? canon_name(ctx, k->speaker, r->speaker) : NULL;
    r->has_mention = k->has_mention;
    r->mention = k->mention;
    r->cue = k->cue == NO_ID ? NULL : cli_strtab_get(&ctx->strings, k->cue);
    r->sieve = k->sieve;
    r->key_id = k->key;
    r->speaker_id = k->speaker;
    r->text_id = k->text;
}

static int next_kept(quotes_ctx *ctx, record *r)
{
    kept k;

    errno = 0;
    if (fread(&k, sizeof k, 1, ctx->spool) != 1) {
        if (ferror(ctx->spool))
            spool_unreadable();
        return 0;
    }
    if (k.path_len)
        next_path(ctx, k.path_len);
    record_of(ctx, &k, ctx->path, r);
    return 1;
}

/* ---- JSON on several threads ---------------------------------------------
 *
 * Every document must be in before a quote's final speaker is known, so
 * the records are written after the last one; on one thread that took up
 * to a tenth of a run at -j 2, the other workers idle. Here the spool is
 * read in chunks of PRINT_CHUNK quotes, in order (a take of the batch),
 * the workers write each chunk's JSON into memory, and the chunks go to
 * standard output in order. */

#define PRINT_CHUNK 512

/* The batch's take: the next chunk of the spool into `in`: its records
 * (a kept, then the path it announces and a NUL) as in->data, and the
 * path of the document its first record belongs to as in->path. 0 at the
 * end of the spool, or when it cannot be read (then ctx->spool_failed is
 * set: the take may run on any thread, and only the main one reports). */
static int take_chunk(void *arg, size_t i, cli_input *in)
{
    quotes_ctx *ctx = arg;
    size_t cap = PRINT_CHUNK * sizeof(kept) + 4096, len = 0, n = 0;
    size_t last = SIZE_MAX; /* where the chunk's last path starts */
    char *data;
    kept k;

    (void)i;
    if (ctx->spool_failed)
        return 0;
    cli_input_set(in, ctx->path ? ctx->path : "", ctx->path_len, 0, 0);
    data = cli_xmalloc(cap);
    errno = 0;
    while (n < PRINT_CHUNK && fread(&k, sizeof k, 1, ctx->spool) == 1) {
        if (cap - len < sizeof k + k.path_len + 1) {
            cap = 2 * cap + k.path_len + 1;
            data = cli_xrealloc(data, cap);
        }
        memcpy(data + len, &k, sizeof k);
        len += sizeof k;
        if (k.path_len) {
            if (fread(data + len, 1, k.path_len, ctx->spool) != k.path_len) {
                ctx->spool_failed = errno ? errno : -1;
                break;
            }
            data[len + k.path_len] = '\0';
            last = len;
            len += k.path_len + 1;
        }
        n++;
    }
    /* The next chunk starts in the document of this one's last path. */
    if (last != SIZE_MAX && !ctx->spool_failed)
        use_path(ctx, cli_xstrdup(data + last), strlen(data + last));
    if (ferror(ctx->spool) && !ctx->spool_failed)
        ctx->spool_failed = errno ? errno : -1;
    if (n == 0 || ctx->spool_failed) {
        free(data);
        return 0;
    }
    in->data = data;
    in->data_len = len;
    return 1;
}

/* The batch's work: chunk i's JSON into its slot. */
static size_t print_chunk(void *arg, unsigned worker, precis_analyzer *an,
                          size_t i, cli_input *in)
{
    quotes_ctx *ctx = arg;
    cli_json_sink *out = &ctx->printed[i % ctx->window];
    int lines = ctx->run.common.format == CLI_FORMAT_JSONL;
    const char *path = in->path;
    size_t at = 0;
    cli_json json;
    record r;

    (void)worker;
    (void)an;
    out->len = 0;
    /* In one array, every record after a comma: the writer drops the
     * comma before the first one it writes. */
    cli_json_resume(&json, NULL, 0, lines ? 0 : 1);
    cli_json_to_sink(&json, out);
    while (at < in->data_len) {
        kept k;
        memcpy(&k, in->data + at, sizeof k);
        at += sizeof k;
        if (k.path_len) {
            path = in->data + at;
            at += k.path_len + 1;
        }
        record_of(ctx, &k, path, &r);
        if (!wanted(ctx, &r))
            continue;
        print_record_json(&json, &r);
        if (lines)
            cli_json_sink_put(out, "\n", 1);
    }
    cli_json_flush(&json);
    return 0;
}

/* The batch's emit: chunk i's JSON to standard output, in order. */
static void write_chunk(void *arg, size_t i, const cli_input *in)
{
    quotes_ctx *ctx = arg;
    cli_json_sink *out = &ctx->printed[i % ctx->window];
    size_t skip = 0;

    (void)in;
    if (out->len == 0)
        return; /* no record of the chunk was wanted (its buffer may be
                 * none yet) */
    if (ctx->run.common.format != CLI_FORMAT_JSONL && !ctx->printed_any)
        skip = 1; /* the comma before the array's first record */
    fwrite(out->buf + skip, 1, out->len - skip, stdout);
    ctx->printed_any = 1;
}

/* The final names of every speaker, looked up once before the threads
 * share ctx->canons (canon_name fills it as it goes). */
static void all_canons(quotes_ctx *ctx)
{
    for (size_t id = 0; id < ctx->is_speaker_cap; id++)
        if (ctx->is_speaker[id])
            (void)canon_name(ctx, (uint32_t)id,
                             cli_strtab_get(&ctx->strings, (uint32_t)id));
}

/* print_json's records on ctx->jobs threads. Returns 0, or 1 when
 * interrupted. */
static int print_json_chunks(quotes_ctx *ctx)
{
    cli_batch b;
    int rc;

    all_canons(ctx);
    memset(&b, 0, sizeof b);
    b.jobs = ctx->jobs;
    b.window = ctx->window = 4 * (size_t)b.jobs;
    b.ctx = ctx;
    b.source = ctx;
    b.take = take_chunk;
    b.work = print_chunk;
    b.emit = write_chunk;
    ctx->printed = cli_xmalloc(b.window * sizeof *ctx->printed);
    memset(ctx->printed, 0, b.window * sizeof *ctx->printed);
    rewind(ctx->spool);
    rc = cli_batch_run(&b);
    for (size_t i = 0; i < b.window; i++)
        free(ctx->printed[i].buf);
    free(ctx->printed);
    ctx->printed = NULL;
    if (ctx->spool_failed) {
        errno = ctx->spool_failed > 0 ? ctx->spool_failed : 0;
        spool_unreadable();
    }
    return rc != 0;
}

/* The records in JSON: one array, or one object a line. Returns 0, or 1
 * when interrupted. */
static int print_json(quotes_ctx *ctx, int lines)
{
    cli_json json;
    record rec, *r = &rec;

    if (ctx->jobs > 1 && ctx->kept_count > PRINT_CHUNK) {
        if (!lines)
            fputc('[', stdout);
        if (print_json_chunks(ctx) != 0)
            return 1;
        if (!lines)
            fputs("]\n", stdout);
        return 0;
    }
    cli_json_init(&json, stdout, 0);
    if (!lines) {
        cli_json_begin_array(&json);
    }
    rewind(ctx->spool);
    while (next_kept(ctx, r)) {
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
    return 0;
}

/* Text: speakers by number of distinct quotes, then name; unattributed
 * quotes last. Each speaker's distinct quotes (same case-folded words) in
 * order of first appearance, each with every place that reports it.
 *
 * One read of the spool tells the distinct quotes (speaker and key) apart,
 * in order of first appearance, and sets their places aside (places.c),
 * which come back in output order. Memory grows with the distinct quotes
 * and speakers, not with the documents, and with the quotes only past
 * half a million (places.c's window). */

/* A distinct quote: the text of its first report, and its places. */
typedef struct distinct_quote {
    uint32_t group; /* speaker's group, or NO_ID: unattributed */
    uint32_t text;  /* string id */
    size_t places;  /* how many */
} distinct_quote;

/* A speaker's group in print order: order[first..first + total) are its
 * distinct quotes. */
typedef struct speaker_group {
    const char *name; /* NULL: unattributed */
    size_t total, first;
} speaker_group;

typedef struct text_groups {
    cli_strtab names;       /* the speakers' final names: group ids */
    cli_strtab pairs;       /* (group, key) as 8 bytes: distinct ids, in
                             * order of first appearance */
    uint32_t *group_of;     /* per speaker string id: its group (NO_ID:
                             * not looked up yet) */
    size_t group_of_len;
    distinct_quote *quotes; /* per distinct id */
    size_t nquotes, quotes_cap;
} text_groups;

/* The group of record r (which has a speaker), named once per speaker
 * string. */
static uint32_t group_of(text_groups *t, const record *r)
{
    if (r->speaker_id >= t->group_of_len) {
        void *p = t->group_of;
        size_t old = grow_per_id(&p, &t->group_of_len, r->speaker_id,
                                 sizeof *t->group_of, 64);
        t->group_of = p;
        for (size_t i = old; i < t->group_of_len; i++)
            t->group_of[i] = NO_ID;
    }
    uint32_t *g = &t->group_of[r->speaker_id];
    if (*g == NO_ID)
        *g = cli_strtab_intern(&t->names, r->canon, strlen(r->canon));
    return *g;
}

/* The distinct id of record r's quote, added at its first appearance. */
static uint32_t distinct_of(text_groups *t, const record *r)
{
    uint32_t pair[2] = {r->canon ? group_of(t, r) : NO_ID, r->key_id};
    uint32_t id = cli_strtab_intern(&t->pairs, (const char *)pair,
                                    sizeof pair);
    if (id == t->nquotes) {
        if (t->nquotes == t->quotes_cap) {
            t->quotes_cap = t->quotes_cap ? t->quotes_cap * 2 : 64;
            t->quotes = cli_xrealloc(t->quotes,
                                     t->quotes_cap * sizeof *t->quotes);
        }
        t->quotes[t->nquotes++] = (distinct_quote){pair[0], r->text_id, 0};
    }
    return id;
}

static int group_order(const void *a, const void *b)
{
    const speaker_group *x = a, *y = b;
    if (!x->name != !y->name)
        return x->name ? -1 : 1;
    if (x->total != y->total)
        return x->total > y->total ? -1 : 1;
    if (!x->name)
        return 0;
    return strcmp(x->name, y->name);
}

/* The groups that have a quote, in print order (*ngroups of them), with
 * the distinct ids in `order` and where each quote's places begin in
 * at[id]. */
static speaker_group *order_groups(const text_groups *t, uint32_t *order,
                                   size_t *at, size_t *ngroups)
{
    size_t named = t->names.count;
    /* Per group id, the unattributed last; `first` holds the id until
     * the groups are sorted. */
    speaker_group *groups = cli_xmalloc((named + 1) * sizeof *groups);
    size_t *start = cli_xmalloc((named + 1) * sizeof *start);
    for (size_t g = 0; g <= named; g++)
        groups[g] = (speaker_group){
            g < named ? cli_strtab_get(&t->names, (uint32_t)g) : NULL, 0,
            g};
    for (size_t q = 0; q < t->nquotes; q++) {
        uint32_t g = t->quotes[q].group;
        groups[g == NO_ID ? named : g].total++;
    }
    size_t n = 0;
    for (size_t g = 0; g <= named; g++)
        if (groups[g].total)
            groups[n++] = groups[g];
    if (n)
        qsort(groups, n, sizeof *groups, group_order);
    size_t next = 0;
    for (size_t k = 0; k < n; k++) {
        start[groups[k].first] = next;
        groups[k].first = next;
        next += groups[k].total;
    }
    for (size_t q = 0; q < t->nquotes; q++) {
        uint32_t g = t->quotes[q].group;
        order[start[g == NO_ID ? named : g]++] = (uint32_t)q;
    }
    size_t place = 0;
    for (size_t k = 0; k < t->nquotes; k++) {
        at[order[k]] = place;
        place += t->quotes[order[k]].places;
    }
    free(start);
    *ngroups = n;
    return groups;
}

static void print_text(quotes_ctx *ctx)
{
    text_groups t;
    cli_places *places = cli_places_new();
    record r;
    size_t ngroups, doc = 0, pos = 0;

    memset(&t, 0, sizeof t);
    cli_strtab_init(&t.names);
    cli_strtab_init(&t.pairs);
    rewind(ctx->spool);
    while (next_kept(ctx, &r)) {
        if (!wanted(ctx, &r))
            continue;
        uint32_t id = distinct_of(&t, &r);
        int new_doc = doc != ctx->docs_read;
        t.quotes[id].places++;
        cli_places_add(places, id, ctx->path, new_doc ? ctx->path_len : 0,
                       r.line);
        doc = ctx->docs_read;
    }
    uint32_t *order = cli_xmalloc((t.nquotes + 1) * sizeof *order);
    size_t *at = cli_xmalloc((t.nquotes + 1) * sizeof *at);
    speaker_group *groups = order_groups(&t, order, at, &ngroups);
    cli_places_start(places, at, t.nquotes);
    for (size_t g = 0; g < ngroups; g++) {
        const speaker_group *gr = &groups[g];
        if (g > 0)
            fputc('\n', stdout);
        printf("%s (%zu %s)\n", gr->name ? gr->name : "(speaker unknown)",
               gr->total, gr->total == 1 ? "quote" : "quotes");
        for (size_t q = gr->first; q < gr->first + gr->total; q++) {
            const distinct_quote *d = &t.quotes[order[q]];
            fputs("  \"", stdout);
            put_oneline(cli_strtab_get(&ctx->strings, d->text));
            fputs("\"\n", stdout);
            for (size_t k = 0; k < d->places; k++, pos++) {
                const char *path;
                size_t line;
                cli_places_get(places, pos, &path, &line);
                put_place(path, line);
            }
        }
    }
    cli_places_free(places);
    free(groups);
    free(at);
    free(order);
    free(t.quotes);
    free(t.group_of);
    cli_strtab_free(&t.pairs);
    cli_strtab_free(&t.names);
}

static int load_speakers(quotes_ctx *ctx)
{
    return cli_load_speakers(ctx->speakers_path, ctx->set) != 0
               ? CLI_EXIT_FAILED
               : 0;
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
        default:
            rc = cli_run_option("quotes", help_text, &ctx->run, c, argv);
        }
        if (rc)
            return rc;
    }
    if (ctx->speaker && !*ctx->speaker)
        return cli_usage("quotes", "--speaker: the name is empty");
    return cli_run_check_inputs("quotes", &ctx->run, argc, optind);
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
    err = precis_layout_new(doc, ctx->run.lang, &l->layout);
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

/* Every input's quotes, loaded on the workers and resolved in order. */
static int quotes_paths(quotes_ctx *ctx, char **args, size_t nargs)
{
    cli_walk *walk = cli_walk_new(args, nargs);
    cli_readahead *ahead;
    cli_batch b;
    int rc;

    memset(&b, 0, sizeof b);
    b.jobs = ctx->jobs = cli_jobs_for(walk, ctx->run.jobs);
    b.window = ctx->window = 8 * (size_t)b.jobs + 16;
    b.lang = NULL; /* layouts need no analyzer */
    b.ctx = ctx;
    b.source = ahead = cli_readahead_start(walk, b.jobs);
    b.take = cli_batch_take_ahead;
    b.taken = cli_batch_taken_ahead;
    b.work = load_one;
    b.emit = quotes_one;
    b.progress = &ctx->progress;
    ctx->loaded = cli_xmalloc(b.window * sizeof *ctx->loaded);
    memset(ctx->loaded, 0, b.window * sizeof *ctx->loaded);
    cli_progress_start(&ctx->progress, ctx->run.common.quiet, "quotes",
                       args, nargs);
    /* A workspace per worker; one that cannot be made (no memory) leaves
     * its worker with each input's own buffers. */
    ctx->spaces = cli_xmalloc(b.jobs * sizeof *ctx->spaces);
    for (unsigned k = 0; k < b.jobs; k++)
        if (precis_workspace_new(&ctx->spaces[k]) != PRECIS_OK)
            ctx->spaces[k] = NULL;
    rc = cli_batch_run(&b);
    cli_readahead_stop(ahead);
    for (unsigned k = 0; k < b.jobs; k++)
        precis_workspace_free(ctx->spaces[k]);
    free(ctx->spaces);
    ctx->spaces = NULL;
    for (size_t i = 0; i < b.window; i++)
        loaded_free_all(&ctx->loaded[i]);
    cli_walk_free(walk);
    if (rc > 0)
        return CLI_EXIT_INTERRUPTED;
    return rc < 0 ? CLI_EXIT_FAILED : 0;
}

static int quotes_run(quotes_ctx *ctx, char **args, size_t nargs)
{
    int rc;

    if (ctx->run.stdin_jsonl) {
        ctx->loaded = cli_xmalloc(CLI_STREAM_SLOTS * sizeof *ctx->loaded);
        memset(ctx->loaded, 0, CLI_STREAM_SLOTS * sizeof *ctx->loaded);
        return cli_stream_cmd(&ctx->run, ctx, stream_work, stream_emit,
                              stream_drop);
    }
    ctx->spool = tmpfile();
    if (!ctx->spool) {
        fprintf(stderr, "precis quotes: cannot make a temporary file: %s\n",
                strerror(errno));
        return CLI_EXIT_FAILED;
    }
    rc = quotes_paths(ctx, args, nargs);
    /* Whatever the spool's buffer still holds must reach the file before
     * it is read back: a full disk would otherwise cut the output short
     * without a word. */
    if (rc == 0 && fflush(ctx->spool) != 0) {
        fprintf(stderr, "precis quotes: cannot write a temporary file: %s\n",
                strerror(errno));
        rc = CLI_EXIT_FAILED;
    }
    if (rc == 0) {
        size_t n = (ctx->strings.count + 1) * sizeof *ctx->canons;
        ctx->canons = cli_xmalloc(n);
        memset(ctx->canons, 0, n);
        int cut = 0;
        if (ctx->run.common.format == CLI_FORMAT_TEXT)
            print_text(ctx);
        else
            cut = print_json(ctx,
                             ctx->run.common.format == CLI_FORMAT_JSONL);
        rc = cut ? CLI_EXIT_INTERRUPTED
                 : ctx->failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
    }
    fclose(ctx->spool);
    ctx->spool = NULL;
    return rc;
}

int cmd_quotes(int argc, char **argv)
{
    quotes_ctx ctx;
    int rc;

    memset(&ctx, 0, sizeof ctx);
    cli_strtab_init(&ctx.strings);
    cli_common_init(&ctx.run.common);
    rc = parse_options(&ctx, argc, argv);
    if (rc < 0)
        return cli_finish_stdout(CLI_EXIT_OK);
    if (rc > 0)
        return rc;
    rc = cli_run_open("quotes", &ctx.run);
    if (rc == 0 && precis_speakers_new(&ctx.set) != PRECIS_OK) {
        cli_lib_error("precis quotes", PRECIS_ENOMEM);
        rc = CLI_EXIT_FAILED;
    }
    if (rc == 0 && ctx.speakers_path)
        rc = load_speakers(&ctx);
    if (rc == 0)
        rc = quotes_run(&ctx, argv + optind, (size_t)(argc - optind));
    cli_strtab_free(&ctx.strings);
    free(ctx.key_buf);
    free(ctx.text_keys);
    free(ctx.canons);
    free(ctx.is_speaker);
    free(ctx.loaded);
    free(ctx.path);
    precis_speakers_free(ctx.set);
    return cli_run_close(&ctx.run, rc);
}
