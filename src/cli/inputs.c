/* inputs.c: reading inputs and making documents of them, and the list of
 * every input for the commands that need them all. */
/* preadv2 and RWF_NOWAIT (Linux): a read that does not wait for the
 * disk. Not POSIX; without them a file is taken as not in the cache. */
#define _GNU_SOURCE
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cli.h"

void *cli_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p) {
        fputs("precis: out of memory\n", stderr);
        exit(CLI_EXIT_FAILED);
    }
    return p;
}

void *cli_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);

    if (!p) {
        fputs("precis: out of memory\n", stderr);
        exit(CLI_EXIT_FAILED);
    }
    return p;
}

char *cli_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = cli_xmalloc(n);

    memcpy(p, s, n);
    return p;
}

void cli_lib_error(const char *path, int err)
{
    fprintf(stderr, "%s: %s\n", path, precis_strerror(err));
}

/* ---- every input at once ----------------------------------------------- */

void cli_inputs_expand(char **args, size_t nargs, cli_inputs *inputs,
                       size_t *failed)
{
    cli_walk *w = cli_walk_new(args, nargs);
    cli_input in = {0};

    while (cli_walk_next(w, &in)) {
        if (in.err) {
            cli_input_report(&in);
            (*failed)++;
            continue;
        }
        if (inputs->count == inputs->cap) {
            inputs->cap = inputs->cap ? inputs->cap * 2 : 16;
            inputs->paths = cli_xrealloc(inputs->paths,
                                         inputs->cap * sizeof *inputs->paths);
        }
        inputs->paths[inputs->count++] = cli_xstrdup(in.path);
    }
    cli_input_free(&in);
    cli_walk_free(w);
}

void cli_inputs_free(cli_inputs *inputs)
{
    size_t i;

    for (i = 0; i < inputs->count; i++)
        free(inputs->paths[i]);
    free(inputs->paths);
    inputs->paths = NULL;
    inputs->count = inputs->cap = 0;
}

/* ---- reading ------------------------------------------------------------ */

static char *stdin_data;
static size_t stdin_len;
static int stdin_read;
static int stdin_errno;


/* Reads fd to its end. `size` is what the file is expected to hold (its
 * size when it is a regular file, else 0): the buffer is made that large
 * at once, so that a file is read in one call and never copied to grow
 * the buffer; a file that grew meanwhile still reads whole. Plain read(2)
 * rather than stdio: a FILE costs two allocations and a second fstat per
 * file, which over a folder of small files shows. */
int cli_read_fd(int fd, size_t size, char **data, size_t *len)
{
    size_t cap = size ? size + 2 : 65536, n = 0;
    char *buf = cli_xmalloc(cap);

    for (;;) {
        ssize_t got;

        if (cap - n < 2) {
            cap *= 2;
            buf = cli_xrealloc(buf, cap);
        }
        got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int err = errno ? errno : EIO;

            free(buf);
            errno = err;
            return -1;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > CLI_MAX_INPUT) {
            free(buf);
            errno = EFBIG;
            return -1;
        }
        /* The expected size exactly, where a byte more was asked for:
         * the file as it was when its size was taken, whole. Asking
         * again only to be told of its end was a fifth of the system
         * calls over a folder of small files. */
        if (size && n == size)
            break;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

/* The size of the open file when it is a regular file, else 0. */
static size_t regular_size(int fd)
{
    struct stat st;

    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
        (unsigned long long)st.st_size >= SIZE_MAX / 2)
        return 0;
    return (size_t)st.st_size;
}

static void report_read_error(const char *path, int err)
{
    if (err == EFBIG)
        fprintf(stderr, "%s: cannot read: larger than %zu MiB, the most "
                "precis reads of one input\n", path, CLI_MAX_INPUT >> 20);
    else
        fprintf(stderr, "%s: cannot read: %s\n", path, strerror(err));
}

static pthread_mutex_t stdin_lock = PTHREAD_MUTEX_INITIALIZER;

/* Standard input, read the first time and copied every time; a failed
 * read fails again, with the same reason, every time. */
static int read_stdin_once(int silent, char **data, size_t *len)
{
    if (!stdin_read && !stdin_errno) {
        errno = 0;
        if (cli_read_fd(STDIN_FILENO, 0, &stdin_data, &stdin_len) != 0)
            stdin_errno = errno ? errno : EIO;
        else
            stdin_read = 1;
    }
    if (stdin_errno) {
        if (!silent)
            report_read_error("-", stdin_errno);
        return -1;
    }
    *data = cli_xmalloc(stdin_len + 1);
    memcpy(*data, stdin_data, stdin_len + 1);
    *len = stdin_len;
    return 0;
}

/* cli_read_fd of a regular file of `size` bytes (size > 0), first with
 * a read that does not wait for the disk: *uncached tells whether it
 * found part of the file not in the system's cache. When all of it is,
 * this costs no system call more than cli_read_fd. */
static int read_fd_probed(int fd, size_t size, char **data, size_t *len,
                          int *uncached)
{
#if defined(RWF_NOWAIT)
    char *buf = cli_xmalloc(size + 2);
    struct iovec v;
    ssize_t n;

    v.iov_base = buf;
    v.iov_len = size;
    n = preadv2(fd, &v, 1, 0, RWF_NOWAIT);
    if (n >= 0 && (size_t)n == size) {
        buf[size] = '\0';
        *data = buf;
        *len = size;
        *uncached = 0;
        return 0;
    }
    free(buf);
#endif
    *uncached = 1;
    return cli_read_fd(fd, size, data, len);
}

/* Reads the open file fd of `path`, `size` bytes expected (0: unknown),
 * and closes it. With `uncached` (not NULL), a regular file is read
 * first without waiting for the disk, and *uncached tells whether part
 * of it was not in the cache. */
static int read_open(const char *path, int fd, size_t size, int silent,
                     char **data, size_t *len, int *uncached)
{
    int rc;

    if (size > CLI_MAX_INPUT) {
        errno = EFBIG;
        rc = -1;
    } else if (uncached && size) {
        rc = read_fd_probed(fd, size, data, len, uncached);
    } else {
        rc = cli_read_fd(fd, size, data, len);
    }
    if (rc != 0 && !silent)
        report_read_error(path, errno);
    close(fd);
    return rc;
}

/* cli_read_file, and with `uncached` (not NULL) whether part of the
 * file was not in the system's cache (see read_open). */
static int read_file(const char *path, int silent, char **data, size_t *len,
                     int *uncached)
{
    int fd;
    size_t size;
    int rc;

    *data = NULL;
    *len = 0;
    if (strcmp(path, "-") == 0) {
        /* Workers may ask for "-" (given twice) at the same time. */
        pthread_mutex_lock(&stdin_lock);
        rc = read_stdin_once(silent, data, len);
        pthread_mutex_unlock(&stdin_lock);
        return rc;
    }
    do
        fd = open(path, O_RDONLY);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        if (!silent)
            fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
        return -1;
    }
    errno = 0;
    size = regular_size(fd);
    return read_open(path, fd, size, silent, data, len, uncached);
}

int cli_read_file(const char *path, int silent, char **data, size_t *len)
{
    return read_file(path, silent, data, len, NULL);
}

void cli_inputs_release_stdin(void)
{
    free(stdin_data);
    stdin_data = NULL;
    stdin_len = 0;
    stdin_read = 0;
    stdin_errno = 0;
}

/* ---- documents ---------------------------------------------------------- */

static int is_blank(const char *s, size_t len)
{
    size_t i = 0;

    /* A byte-order mark alone is no text either. */
    if (len >= 3 && (unsigned char)s[0] == 0xEF &&
        (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
        i = 3;
    for (; i < len; i++)
        if (!strchr(" \t\r\n\f\v", s[i]) || s[i] == '\0')
            return 0;
    return 1;
}

/* 1-based line and byte column of data[offset], lines ending at '\n'
 * (as precis_doc_locate counts them). */
static void locate(const char *data, size_t offset, size_t *line,
                   size_t *column)
{
    const char *p = data, *end = data + offset, *nl;

    *line = 1;
    while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        (*line)++;
        p = nl + 1;
    }
    *column = (size_t)(end - p) + 1;
}

/* Reports the byte at data[at] that makes the file no text: a NUL (valid
 * UTF-8, but no text has one: it marks a binary file or UTF-16) or the
 * start of an invalid UTF-8 sequence. */
static void report_bad_byte(const char *path, const char *data, size_t len,
                            size_t at)
{
    size_t line, column;

    locate(data, at, &line, &column);
    if (at < len && data[at] == '\0')
        fprintf(stderr, "%s:%zu:%zu: NUL byte at offset %zu (a binary or "
                "UTF-16 file?)\n", path, line, column, at);
    else
        fprintf(stderr, "%s:%zu:%zu: invalid UTF-8 (byte 0x%02x at offset "
                "%zu)\n", path, line, column,
                at < len ? (unsigned)(unsigned char)data[at] : 0u, at);
}

/* The offset of the first NUL or invalid UTF-8 byte, or len. */
static size_t first_bad_byte(const char *data, size_t len)
{
    size_t bad = precis_utf8_check(data, len);
    const char *nul = memchr(data, '\0', bad);

    return nul ? (size_t)(nul - data) : bad;
}

int cli_read_text(const char *path, char **data, size_t *len)
{
    size_t bad;

    if (cli_read_file(path, 0, data, len) != 0)
        return -1;
    bad = first_bad_byte(*data, *len);
    if (bad == *len)
        return 0;
    report_bad_byte(path, *data, *len, bad);
    free(*data);
    *data = NULL;
    return -1;
}

int cli_load_speakers(const char *path, precis_speakers *set)
{
    char *bytes;
    size_t len;
    int err;

    if (cli_read_text(path, &bytes, &len) != 0)
        return -1;
    err = precis_speakers_add_aliases(set, bytes, len);
    free(bytes);
    if (err != PRECIS_OK) {
        cli_lib_error(path, err);
        return -1;
    }
    return 0;
}

/* NUL bytes: reported (with any invalid UTF-8 before them) and -1, or
 * with `repair` each made a space, which keeps the offsets of the file. */
static int check_nul(const char *path, char *data, size_t len, int repair,
                     int silent)
{
    char *nul = memchr(data, '\0', len);

    if (!nul)
        return 0;
    if (repair) {
        for (; nul; nul = memchr(nul, '\0', len - (size_t)(nul - data)))
            *nul = ' ';
        return 0;
    }
    if (!silent)
        report_bad_byte(path, data, len, first_bad_byte(data, len));
    return -1;
}

/* Makes a document of the bytes read from `path` (data, len bytes and
 * room for a NUL after them, from malloc): the document takes them, or
 * they are freed. */
static int doc_of_data(const char *path, char *data, size_t len, int repair,
                       int quiet, int silent, cli_doc *out)
{
    precis_location where = {0, 0, 0};
    int err;

    if (is_blank(data, len)) {
        free(data);
        out->empty = 1;
        if (!quiet && !silent)
            fprintf(stderr, "%s: empty document\n", path);
        return 0;
    }
    if (check_nul(path, data, len, repair, silent) != 0) {
        free(data);
        return -1;
    }
    /* The bytes become the document's text, without a copy. */
    err = precis_doc_adopt(data, len, repair ? PRECIS_DOC_REPAIR : 0u,
                           &out->doc, &where);
    if (err == PRECIS_OK)
        return 0;
    if (!silent) {
        if (err == PRECIS_EUTF8)
            report_bad_byte(path, data, len, where.offset);
        else
            cli_lib_error(path, err);
    }
    free(data);
    return -1;
}

/* cli_doc_load, and with `uncached` (not NULL) whether part of the file
 * was not in the system's cache (see read_open). */
static int doc_load(const char *path, int repair, int quiet, int silent,
                    cli_doc *out, int *uncached)
{
    char *data;
    size_t len;

    out->doc = NULL;
    out->empty = 0;
    if (read_file(path, silent, &data, &len, uncached) != 0)
        return -1;
    return doc_of_data(path, data, len, repair, quiet, silent, out);
}

int cli_doc_load(const char *path, int repair, int quiet, int silent,
                 cli_doc *out)
{
    return doc_load(path, repair, quiet, silent, out, NULL);
}

int cli_doc_load_input(cli_input *in, int repair, int quiet, int silent,
                       cli_doc *out)
{
    char *data;
    size_t len;

    if (in->data) {
        data = in->data;
        len = in->data_len;
        in->data = NULL; /* doc_of_data's to free */
        in->data_len = 0;
        out->doc = NULL;
        out->empty = 0;
        return doc_of_data(in->path, data, len, repair, quiet, silent, out);
    }
    /* A file that comes unopened is read first without waiting for the
     * disk, so that the walk learns whether the files it reads for itself
     * are still in the cache (cli_readahead_next). */
    if (!in->opened)
        return doc_load(in->path, repair, quiet, silent, out, &in->uncached);
    out->doc = NULL;
    out->empty = 0;
    /* The file is read_open's to close. */
    in->opened = 0;
    errno = 0;
    if (read_open(in->path, in->fd,
                  in->size < SIZE_MAX / 2 ? (size_t)in->size : 0, silent,
                  &data, &len, NULL) != 0)
        return -1;
    return doc_of_data(in->path, data, len, repair, quiet, silent, out);
}

void cli_doc_free(cli_doc *doc)
{
    precis_doc_free(doc->doc);
    doc->doc = NULL;
}
