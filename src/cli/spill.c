/* spill.c: articles set aside between the two passes of a command, and
 * the list of its inputs, both in unnamed temporary files.
 *
 * The model pass of `summarize` analyses every input, and the summaries
 * need the same articles again. Analysing twice would nearly double the
 * time, and holding the articles in memory costs 3.4 times their text (a
 * budget of 64 MiB kept 19 MB of text: nearly all of the re-reading
 * remained at 200 MB). So the model pass packs each article
 * (precis_article_pack) into the records file and the summary pass
 * unpacks it: packing and unpacking take 7% of a run's instructions,
 * analysing 73% (callgrind, BBC dev). The records take about 2.3 times
 * the inputs' size on disk.
 *
 * The index lists the inputs in order, each with where its record is,
 * so that the second pass needs neither the list of inputs in memory
 * nor a second walk of the folders (which could find other files): the
 * memory of both passes stays flat whatever the number of inputs.
 *
 * Both files have no name from the start, so the system deletes them
 * however the run ends, Ctrl-C included.
 *
 * Each writer (worker thread) gathers records in a buffer of its own and
 * writes it a mebibyte at a time: the system's cost of a write to a file
 * is mostly per call and per page it takes into its cache, and writing
 * 125 MB in records of 8 KB took it 0.15 s of CPU, in writes of 256 KB or
 * more 0.04 s (ext4, Linux 6). A buffer's place in the file is taken when
 * its first record goes in, so a record's place is known at once, before
 * it is written; a buffer written only in part leaves a hole, which takes
 * no room on disk. After the first failed write (a full disk) nothing
 * more is set aside, and the records of the buffers that failed are read
 * as missing: their inputs are read and analysed again. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define SPILL_BUFFER ((uint64_t)1 << 20)

/* A writer's records gathered for one write. */
typedef struct spill_buffer {
    char *bytes; /* SPILL_BUFFER bytes, or NULL: records go one by one */
    size_t len;
    uint64_t base; /* its place in the file; NO_BASE until one is taken */
} spill_buffer;

#define NO_BASE UINT64_MAX

/* A range of the records file that could not be written. */
typedef struct lost_range {
    uint64_t from, to;
} lost_range;

/* One input in the index: this, then its path's `len` bytes. */
typedef struct index_head {
    uint64_t at, len; /* its record (len 0: none) */
    uint64_t rel, path_len;
    int32_t err;
    uint32_t writer;
} index_head;

struct cli_spill {
    int fd;                /* the records */
    FILE *index;
    int index_failed;
    atomic_uint_fast64_t end; /* the next free place in the records file */
    atomic_int broken;     /* a write failed: set nothing more aside */
    spill_buffer *buffers;
    unsigned writers;
    pthread_mutex_t lost_lock;
    lost_range *lost;
    size_t lost_count, lost_cap;
};

/* An unnamed temporary file in $TMPDIR when it is set, else in /var/tmp
 * (on disk, where /tmp may be memory) or /tmp; -1 when none can be made.
 * The file is unlinked as soon as it is made. */
static int temp_fd(void)
{
    const char *dirs[2] = {getenv("TMPDIR"), NULL};
    int fd = -1;

    if (!dirs[0] || !*dirs[0]) {
        dirs[0] = "/var/tmp";
        dirs[1] = "/tmp";
    }
    for (size_t d = 0; d < 2 && dirs[d] && fd < 0; d++) {
        size_t n = strlen(dirs[d]) + sizeof "/precis-XXXXXX";
        char *path = cli_xmalloc(n);

        snprintf(path, n, "%s/precis-XXXXXX", dirs[d]);
        fd = mkstemp(path);
        if (fd >= 0)
            unlink(path);
        free(path);
    }
    return fd;
}

cli_spill *cli_spill_open(unsigned writers)
{
    cli_spill *s = cli_xmalloc(sizeof *s);
    int index_fd;

    memset(s, 0, sizeof *s);
    s->fd = temp_fd();
    index_fd = s->fd >= 0 ? temp_fd() : -1;
    s->index = index_fd >= 0 ? fdopen(index_fd, "w+b") : NULL;
    if (!s->index) {
        if (index_fd >= 0)
            close(index_fd);
        if (s->fd >= 0)
            close(s->fd);
        free(s);
        return NULL;
    }
    /* The index is written and read in order: large buffers, few calls. */
    setvbuf(s->index, NULL, _IOFBF, 1 << 16);
    atomic_init(&s->end, 0);
    atomic_init(&s->broken, 0);
    pthread_mutex_init(&s->lost_lock, NULL);
    s->writers = writers;
    s->buffers = cli_xmalloc(writers * sizeof *s->buffers);
    for (unsigned w = 0; w < writers; w++) {
        /* Without a buffer, a writer's records go one by one. */
        s->buffers[w].bytes = malloc(SPILL_BUFFER);
        s->buffers[w].len = 0;
        s->buffers[w].base = NO_BASE;
    }
    return s;
}

void cli_spill_close(cli_spill *s)
{
    if (!s)
        return;
    for (unsigned w = 0; w < s->writers; w++)
        free(s->buffers[w].bytes);
    free(s->buffers);
    free(s->lost);
    pthread_mutex_destroy(&s->lost_lock);
    fclose(s->index);
    close(s->fd);
    free(s);
}

/* Writes (or reads, when `reading`) len bytes at offset `at` of fd; 0
 * when all were. */
static int transfer(int fd, char *bytes, size_t len, uint64_t at,
                    int reading)
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
        at += (uint64_t)n;
    }
    return 0;
}

/* Takes `len` bytes of the records file; NO_BASE when offsets run out. */
static uint64_t take_room(cli_spill *s, uint64_t len)
{
    uint64_t at = atomic_fetch_add(&s->end, len);

    return at <= (uint64_t)INT64_MAX - len ? at : NO_BASE;
}

/* Writes len bytes at `at`; 0, or -1 with the failure remembered and
 * the range lost. */
static int write_range(cli_spill *s, char *bytes, size_t len, uint64_t at)
{
    if (transfer(s->fd, bytes, len, at, 0) == 0)
        return 0;
    atomic_store(&s->broken, 1);
    pthread_mutex_lock(&s->lost_lock);
    if (s->lost_count == s->lost_cap) {
        s->lost_cap = s->lost_cap ? s->lost_cap * 2 : 8;
        s->lost = cli_xrealloc(s->lost, s->lost_cap * sizeof *s->lost);
    }
    s->lost[s->lost_count++] = (lost_range){at, at + len};
    pthread_mutex_unlock(&s->lost_lock);
    return -1;
}

static void flush_buffer(cli_spill *s, spill_buffer *b)
{
    if (b->len)
        (void)write_range(s, b->bytes, b->len, b->base);
    b->len = 0;
    b->base = NO_BASE;
}

cli_spill_ref cli_spill_put(cli_spill *s, unsigned writer,
                            const precis_article *article)
{
    spill_buffer *b = &s->buffers[writer];
    cli_spill_ref ref = {0, 0, writer};
    char *bytes;
    size_t len;

    if (atomic_load(&s->broken) ||
        precis_article_pack(article, &bytes, &len) != PRECIS_OK)
        return ref;
    if (b->bytes && len < SPILL_BUFFER) {
        if (b->base != NO_BASE && b->len + len > SPILL_BUFFER)
            flush_buffer(s, b);
        if (b->base == NO_BASE)
            b->base = take_room(s, SPILL_BUFFER);
        if (b->base != NO_BASE) {
            memcpy(b->bytes + b->len, bytes, len);
            ref.at = b->base + b->len;
            ref.len = len;
            b->len += len;
        }
    } else if ((ref.at = take_room(s, len)) != NO_BASE) {
        ref.len = write_range(s, bytes, len, ref.at) == 0 ? len : 0;
    }
    precis_free(bytes);
    return ref;
}

void cli_spill_flush(cli_spill *s)
{
    for (unsigned w = 0; w < s->writers; w++)
        flush_buffer(s, &s->buffers[w]);
}

void cli_spill_index_add(cli_spill *s, const cli_input *in,
                         cli_spill_ref ref)
{
    index_head h;

    memset(&h, 0, sizeof h);
    h.at = ref.at;
    h.len = ref.len;
    h.rel = in->rel;
    h.path_len = in->len;
    h.err = in->err;
    h.writer = ref.writer;
    if (!s->index_failed &&
        (fwrite(&h, sizeof h, 1, s->index) != 1 ||
         fwrite(in->path, 1, in->len, s->index) != in->len))
        s->index_failed = 1;
}

int cli_spill_index_rewind(cli_spill *s)
{
    if (s->index_failed || fflush(s->index) != 0 ||
        fseek(s->index, 0, SEEK_SET) != 0)
        return -1;
    return 0;
}

/* Whether the record at `ref` lies in a range that was not written. */
static int lost(const cli_spill *s, cli_spill_ref ref)
{
    for (size_t k = 0; k < s->lost_count; k++)
        if (ref.at < s->lost[k].to && ref.at + ref.len > s->lost[k].from)
            return 1;
    return 0;
}

int cli_spill_index_next(cli_spill *s, cli_input *in, cli_spill_ref *ref)
{
    index_head h;

    size_t got = fread(&h, 1, sizeof h, s->index);

    if (got != sizeof h)
        return got == 0 && !ferror(s->index) ? 0 : -1;
    if (h.path_len >= SIZE_MAX / 2)
        return -1;
    if (h.path_len + 1 > in->cap) {
        in->cap = h.path_len + 1;
        free(in->path);
        in->path = cli_xmalloc(in->cap);
    }
    if (fread(in->path, 1, h.path_len, s->index) != h.path_len)
        return -1;
    in->path[h.path_len] = '\0';
    in->len = h.path_len;
    in->rel = h.rel;
    in->err = h.err;
    ref->at = h.at;
    ref->len = lost(s, (cli_spill_ref){h.at, h.len, h.writer}) ? 0 : h.len;
    ref->writer = h.writer;
    return 1;
}

int cli_spill_get(cli_spill *s, cli_spill_ref ref, precis_doc **doc,
                  precis_article **article)
{
    char *bytes;
    int ok;

    if (ref.len == 0 || ref.len > SIZE_MAX / 2)
        return -1;
    bytes = cli_xmalloc((size_t)ref.len);
    ok = transfer(s->fd, bytes, (size_t)ref.len, ref.at, 1) == 0 &&
         precis_article_unpack(bytes, (size_t)ref.len, doc, article) ==
             PRECIS_OK;
    free(bytes);
    return ok ? 0 : -1;
}
