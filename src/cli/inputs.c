/* inputs.c: turning the PATH arguments into a list of files, reading them,
 * and making documents of them.
 *
 * Folders are walked with an explicit stack (no recursion, however deep
 * the tree) and each folder is entered once, by device and inode, so a
 * symbolic link that points back up the tree cannot make the walk loop. */
/* For the entry types readdir gives (d_type, DT_REG): not POSIX, but on
 * every system this builds on; without them each entry is looked up. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
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

/* ---- a list of paths ---------------------------------------------------- */

static void push_path_rel(cli_inputs *list, char *path, size_t rel)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 16;
        list->paths = cli_xrealloc(list->paths, list->cap * sizeof *list->paths);
        list->rel = cli_xrealloc(list->rel, list->cap * sizeof *list->rel);
    }
    list->rel[list->count] = rel;
    list->paths[list->count++] = path;
}

static void push_path(cli_inputs *list, char *path)
{
    push_path_rel(list, path, 0);
}

/* Where the file's own name starts in a file argument. */
static size_t name_start(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? (size_t)(slash - path) + 1 : 0;
}

/* Where the part below `root` starts in the paths join_path makes. */
static size_t below_root(const char *root)
{
    size_t n = strlen(root);

    while (n > 1 && root[n - 1] == '/')
        n--;
    return n == 1 && root[0] == '/' ? 1 : n + 1;
}

void cli_inputs_free(cli_inputs *inputs)
{
    size_t i;

    for (i = 0; i < inputs->count; i++)
        free(inputs->paths[i]);
    free(inputs->paths);
    free(inputs->rel);
    inputs->paths = NULL;
    inputs->rel = NULL;
    inputs->count = inputs->cap = 0;
}

unsigned long long cli_inputs_bytes(const cli_inputs *inputs)
{
    unsigned long long total = 0;
    size_t i;

    for (i = 0; i < inputs->count; i++) {
        struct stat st;

        if (stat(inputs->paths[i], &st) == 0 && S_ISREG(st.st_mode))
            total += (unsigned long long)st.st_size;
    }
    return total;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- folders already entered: an open-addressing set of (dev, inode) --- */

typedef struct seen_dirs {
    struct seen_entry {
        dev_t dev;
        ino_t ino;
        int used;
    } *slots;
    size_t cap; /* a power of two */
    size_t count;
} seen_dirs;

static size_t seen_hash(dev_t dev, ino_t ino, size_t mask)
{
    /* 64-bit FNV-style mixing of the two numbers. */
    uint64_t h = 1469598103934665603ull;

    h = (h ^ (uint64_t)dev) * 1099511628211ull;
    h = (h ^ (uint64_t)ino) * 1099511628211ull;
    return (size_t)(h ^ (h >> 32)) & mask;
}

static void seen_insert_slot(seen_dirs *set, dev_t dev, ino_t ino)
{
    size_t i = seen_hash(dev, ino, set->cap - 1);

    while (set->slots[i].used)
        i = (i + 1) & (set->cap - 1);
    set->slots[i].dev = dev;
    set->slots[i].ino = ino;
    set->slots[i].used = 1;
    set->count++;
}

/* Returns 1 when (dev, ino) was new and is now recorded, 0 when seen. */
static int seen_add(seen_dirs *set, dev_t dev, ino_t ino)
{
    size_t i;

    if (set->cap) {
        for (i = seen_hash(dev, ino, set->cap - 1); set->slots[i].used;
             i = (i + 1) & (set->cap - 1))
            if (set->slots[i].dev == dev && set->slots[i].ino == ino)
                return 0;
    }
    /* Keep the table at most half full so probes stay short. */
    if ((set->count + 1) * 2 > set->cap) {
        struct seen_entry *old = set->slots;
        size_t old_cap = set->cap, j;

        set->cap = set->cap ? set->cap * 2 : 64;
        set->slots = calloc(set->cap, sizeof *set->slots);
        if (!set->slots) {
            fputs("precis: out of memory\n", stderr);
            exit(CLI_EXIT_FAILED);
        }
        set->count = 0;
        for (j = 0; j < old_cap; j++)
            if (old[j].used)
                seen_insert_slot(set, old[j].dev, old[j].ino);
        free(old);
    }
    seen_insert_slot(set, dev, ino);
    return 1;
}

/* ---- walking ------------------------------------------------------------ */

static char *join_path(const char *dir, const char *name)
{
    size_t dlen = strlen(dir), nlen = strlen(name);
    char *p;

    /* "corpus/" and "corpus" give the same file names. */
    while (dlen > 1 && dir[dlen - 1] == '/')
        dlen--;
    p = cli_xmalloc(dlen + 1 + nlen + 1);
    memcpy(p, dir, dlen);
    if (!(dlen == 1 && dir[0] == '/'))
        p[dlen++] = '/';
    memcpy(p + dlen, name, nlen + 1);
    return p;
}

static int has_txt_suffix(const char *name)
{
    size_t n = strlen(name);

    return n > 4 && strcmp(name + n - 4, ".txt") == 0;
}

static void report_unreadable(const char *path, int err, size_t *failed)
{
    fprintf(stderr, "%s: cannot read: %s\n", path, strerror(err));
    (*failed)++;
}

/* Appends the *.txt files below `root` (already known to be a folder),
 * sorted by path. Hidden entries (names starting with '.') are skipped. */
static void walk_folder(const char *root, const struct stat *root_st,
                        seen_dirs *seen, cli_inputs *inputs, size_t *failed)
{
    cli_inputs stack = {0}, found = {0};
    size_t i;

    if (!seen_add(seen, root_st->st_dev, root_st->st_ino))
        return;
    push_path(&stack, cli_xstrdup(root));
    while (stack.count) {
        char *dir = stack.paths[--stack.count];
        DIR *d = opendir(dir);
        struct dirent *e;

        if (!d) {
            report_unreadable(dir, errno, failed);
            free(dir);
            continue;
        }
        while ((e = readdir(d)) != NULL) {
            struct stat st;
            char *path;

            if (e->d_name[0] == '.')
                continue;
#ifdef DT_REG
            /* A plain file needs no lookup: the folder's own listing says
             * what it is, and a .txt file is read (or reported) later. */
            if (e->d_type == DT_REG) {
                if (has_txt_suffix(e->d_name))
                    push_path(&found, join_path(dir, e->d_name));
                continue;
            }
#endif
            path = join_path(dir, e->d_name);
            /* stat, not lstat: linked files and folders are followed; the
             * seen set stops loops. */
            if (stat(path, &st) != 0) {
                if (has_txt_suffix(e->d_name))
                    report_unreadable(path, errno, failed);
                free(path);
            } else if (S_ISDIR(st.st_mode)) {
                if (seen_add(seen, st.st_dev, st.st_ino))
                    push_path(&stack, path);
                else
                    free(path);
            } else if (S_ISREG(st.st_mode) && has_txt_suffix(e->d_name)) {
                push_path(&found, path);
            } else {
                free(path);
            }
        }
        closedir(d);
        free(dir);
    }
    cli_inputs_free(&stack);
    if (found.count)
        qsort(found.paths, found.count, sizeof *found.paths, compare_paths);
    for (i = 0; i < found.count; i++)
        push_path_rel(inputs, found.paths[i], below_root(root));
    free(found.paths);
    free(found.rel);
}

void cli_inputs_expand(char **args, size_t nargs, cli_inputs *inputs,
                       size_t *failed)
{
    seen_dirs seen = {0};
    size_t i;

    for (i = 0; i < nargs; i++) {
        struct stat st;

        if (strcmp(args[i], "-") == 0) {
            push_path(inputs, cli_xstrdup(args[i]));
        } else if (stat(args[i], &st) != 0) {
            report_unreadable(args[i], errno, failed);
        } else if (S_ISDIR(st.st_mode)) {
            walk_folder(args[i], &st, &seen, inputs, failed);
        } else {
            push_path_rel(inputs, cli_xstrdup(args[i]), name_start(args[i]));
        }
    }
    free(seen.slots);
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
static int read_fd(int fd, size_t size, char **data, size_t *len)
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
        if (read_fd(STDIN_FILENO, 0, &stdin_data, &stdin_len) != 0)
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

int cli_read_file(const char *path, int silent, char **data, size_t *len)
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
    if (size > CLI_MAX_INPUT) {
        errno = EFBIG;
        rc = -1;
    } else {
        rc = read_fd(fd, size, data, len);
    }
    if (rc != 0 && !silent)
        report_read_error(path, errno);
    close(fd);
    return rc;
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

int cli_doc_load(const char *path, int repair, int quiet, int silent,
                 cli_doc *out)
{
    char *data;
    size_t len;
    precis_location where = {0, 0, 0};
    int err;

    out->doc = NULL;
    out->empty = 0;
    if (cli_read_file(path, silent, &data, &len) != 0)
        return -1;
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
    err = precis_doc_new(data, len, repair ? PRECIS_DOC_REPAIR : 0u,
                         &out->doc, &where);
    if (err != PRECIS_OK && !silent) {
        if (err == PRECIS_EUTF8)
            report_bad_byte(path, data, len, where.offset);
        else
            cli_lib_error(path, err);
    }
    free(data);
    return err == PRECIS_OK ? 0 : -1;
}

void cli_doc_free(cli_doc *doc)
{
    precis_doc_free(doc->doc);
    doc->doc = NULL;
}
