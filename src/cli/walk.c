/* walk.c: the PATH arguments as a stream of inputs, one at a time.
 *
 * A folder stands for the *.txt files below it, in the order of their
 * paths (strcmp). The walk holds only the listings of the folders it is
 * inside, never the whole list of files: a run over millions of files
 * in folders of thousands takes the memory of a few thousand names.
 * That order is the order of a depth-first walk in which each folder's
 * entries are sorted by their name, with a '/' after a folder's: "a/x"
 * sorts after "a-b" and "a.txt" as the whole paths do.
 *
 * Folders are walked with an explicit stack (no recursion, however deep
 * the tree) and each folder is entered once, by device and inode, so a
 * symbolic link that points back up the tree cannot make the walk loop.
 *
 * What cannot be read while walking (a missing argument, a folder that
 * cannot be opened) comes out as an input of its own that carries the
 * reason, in its place in the order, so that commands report it where
 * it belongs whatever the number of threads. */
/* For the entry types readdir gives (d_type, DT_REG): not POSIX, but on
 * every system this builds on; without them each entry is looked up. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli.h"

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

/* ---- inputs ------------------------------------------------------------- */

void cli_input_set(cli_input *in, const char *path, size_t len, size_t rel,
                   int err)
{
    if (len + 1 > in->cap) {
        in->cap = len + 1 < 64 ? 64 : len + 1;
        free(in->path);
        in->path = cli_xmalloc(in->cap);
    }
    memcpy(in->path, path, len);
    in->path[len] = '\0';
    in->len = len;
    in->rel = rel;
    in->err = err;
    in->regular = 0;
    cli_input_close(in);
}

void cli_input_close(cli_input *in)
{
    if (in->opened)
        close(in->fd);
    in->opened = 0;
    in->uncached = 0;
    free(in->data);
    in->data = NULL;
    in->data_len = 0;
}

void cli_input_give_fd(cli_input *in, int fd, unsigned long long size)
{
    cli_input_close(in);
    in->fd = fd;
    in->size = size;
    in->opened = 1;
}

void cli_input_free(cli_input *in)
{
    cli_input_close(in);
    free(in->path);
    memset(in, 0, sizeof *in);
}

void cli_input_report(const cli_input *in)
{
    fprintf(stderr, "%s: cannot read: %s\n", in->path, strerror(in->err));
}

/* ---- the walk ----------------------------------------------------------- */

/* A folder the walk is inside: its entries, sorted, and how far it got. */
typedef struct walk_level {
    char *dir;       /* its path, without a trailing '/' (but "/") */
    size_t dir_len;
    size_t rel;      /* where paths below its argument start */
    char *names;     /* each entry's name, NUL-terminated; a folder's ends
                      * with '/' */
    size_t names_len, names_cap;
    uint32_t *entries; /* offsets in `names`, sorted by name */
    size_t count, cap, next;
} walk_level;

struct cli_walk {
    char **args;
    size_t nargs, next_arg;
    walk_level *levels;
    size_t depth, levels_cap;
    seen_dirs seen;
    char *path; /* scratch for a path being made */
    size_t path_cap;
    /* Inputs found and not yet taken (cli_walk_ahead): a ring. */
    cli_input *queue;
    size_t queue_cap, queue_head, queue_count, queue_files;
    size_t pushed; /* inputs ever queued */
};

cli_walk *cli_walk_new(char **args, size_t nargs)
{
    cli_walk *w = cli_xmalloc(sizeof *w);

    memset(w, 0, sizeof *w);
    w->args = args;
    w->nargs = nargs;
    return w;
}

static void level_free(walk_level *l)
{
    free(l->dir);
    free(l->names);
    free(l->entries);
}

void cli_walk_free(cli_walk *w)
{
    size_t i;

    if (!w)
        return;
    for (i = 0; i < w->depth; i++)
        level_free(&w->levels[i]);
    for (i = 0; i < w->queue_cap; i++)
        cli_input_free(&w->queue[i]);
    free(w->levels);
    free(w->queue);
    free(w->seen.slots);
    free(w->path);
    free(w);
}

/* dir + '/' + name (name_len bytes) in w->path; returns its length. */
static size_t make_path(cli_walk *w, const char *dir, size_t dir_len,
                        const char *name, size_t name_len)
{
    size_t n = dir_len + 1 + name_len;

    if (n + 1 > w->path_cap) {
        w->path_cap = (n + 1) * 2;
        free(w->path);
        w->path = cli_xmalloc(w->path_cap);
    }
    memcpy(w->path, dir, dir_len);
    if (!(dir_len == 1 && dir[0] == '/'))
        w->path[dir_len++] = '/';
    else
        n--;
    memcpy(w->path + dir_len, name, name_len);
    w->path[n] = '\0';
    return n;
}

/* Queues an input (a file, or one that failed with `err`); `regular`
 * when it is known to be a regular file. */
static void queue_push(cli_walk *w, const char *path, size_t len, size_t rel,
                       int err, int regular)
{
    cli_input *in;

    if (w->queue_count == w->queue_cap) {
        /* Unroll the ring into a larger one. */
        size_t cap = w->queue_cap ? w->queue_cap * 2 : 4, i;
        cli_input *q = cli_xmalloc(cap * sizeof *q);

        memset(q, 0, cap * sizeof *q);
        for (i = 0; i < w->queue_cap; i++)
            q[i] = w->queue[(w->queue_head + i) % w->queue_cap];
        free(w->queue);
        w->queue = q;
        w->queue_head = 0;
        w->queue_cap = cap;
    }
    in = &w->queue[(w->queue_head + w->queue_count) % w->queue_cap];
    cli_input_set(in, path, len, rel, err);
    in->regular = regular;
    w->queue_count++;
    w->pushed++;
    if (!err)
        w->queue_files++;
}

static int has_txt_suffix(const char *name, size_t n)
{
    return n > 4 && memcmp(name + n - 4, ".txt", 4) == 0;
}

static void level_add(walk_level *l, const char *name, size_t n, int folder)
{
    size_t need = n + (folder ? 1 : 0) + 1;

    if (l->names_len + need > UINT32_MAX) {
        fputs("precis: out of memory (a folder of over 4 GiB of names)\n",
              stderr);
        exit(CLI_EXIT_FAILED);
    }
    if (l->names_len + need > l->names_cap) {
        l->names_cap = (l->names_len + need) * 2;
        l->names = cli_xrealloc(l->names, l->names_cap);
    }
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->entries = cli_xrealloc(l->entries, l->cap * sizeof *l->entries);
    }
    l->entries[l->count++] = (uint32_t)l->names_len;
    memcpy(l->names + l->names_len, name, n);
    l->names_len += n;
    if (folder)
        l->names[l->names_len++] = '/';
    l->names[l->names_len++] = '\0';
}

static int name_order(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the level's entries by name (through pointers: a comparison gets
 * no context but its two elements). */
static void level_sort(walk_level *l)
{
    char **names = cli_xmalloc(l->count * sizeof *names);
    size_t k;

    for (k = 0; k < l->count; k++)
        names[k] = l->names + l->entries[k];
    qsort(names, l->count, sizeof *names, name_order);
    for (k = 0; k < l->count; k++)
        l->entries[k] = (uint32_t)(names[k] - l->names);
    free(names);
}

/* Enters the folder at `dir` (dir_len bytes, no trailing '/' but "/"):
 * lists its visible *.txt files and folders, sorted. A folder that cannot
 * be opened is queued as a failed input. */
static void enter_folder(cli_walk *w, const char *dir, size_t dir_len,
                         size_t rel)
{
    walk_level l;
    DIR *d;
    struct dirent *e;

    memset(&l, 0, sizeof l);
    d = opendir(dir);
    if (!d) {
        queue_push(w, dir, dir_len, rel, errno ? errno : EIO, 0);
        return;
    }
    l.dir = cli_xmalloc(dir_len + 1);
    memcpy(l.dir, dir, dir_len);
    l.dir[dir_len] = '\0';
    l.dir_len = dir_len;
    l.rel = rel;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        struct stat st;

        if (e->d_name[0] == '.')
            continue;
#ifdef DT_REG
        /* A plain file needs no lookup: the folder's own listing says
         * what it is, and a .txt file is read (or reported) later. */
        if (e->d_type == DT_REG) {
            if (has_txt_suffix(e->d_name, n))
                level_add(&l, e->d_name, n, 0);
            continue;
        }
#endif
        /* stat, not lstat: linked files and folders are followed. A
         * folder is marked seen as its parent is listed, which stops
         * loops, and walks a folder that is also reached through a link
         * further down where it lies. */
        make_path(w, dir, dir_len, e->d_name, n);
        if (stat(w->path, &st) != 0) {
            /* A dangling or looping link: read, and reported, in its
             * place. */
            if (has_txt_suffix(e->d_name, n))
                level_add(&l, e->d_name, n, 0);
        } else if (S_ISDIR(st.st_mode)) {
            if (seen_add(&w->seen, st.st_dev, st.st_ino))
                level_add(&l, e->d_name, n, 1);
        } else if (S_ISREG(st.st_mode) && has_txt_suffix(e->d_name, n)) {
            level_add(&l, e->d_name, n, 0);
        }
    }
    closedir(d);
    if (l.count)
        level_sort(&l);
    if (w->depth == w->levels_cap) {
        w->levels_cap = w->levels_cap ? w->levels_cap * 2 : 8;
        w->levels = cli_xrealloc(w->levels,
                                 w->levels_cap * sizeof *w->levels);
    }
    w->levels[w->depth++] = l;
}

/* Where the file's own name starts in a file argument. */
static size_t name_start(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? (size_t)(slash - path) + 1 : 0;
}

/* Takes the next argument: queues it, or enters it when it is a folder. */
static void walk_argument(cli_walk *w, const char *arg)
{
    size_t n = strlen(arg);
    struct stat st;

    if (strcmp(arg, "-") == 0) {
        queue_push(w, arg, n, 0, 0, 0);
    } else if (stat(arg, &st) != 0) {
        queue_push(w, arg, n, 0, errno ? errno : EIO, 0);
    } else if (S_ISDIR(st.st_mode)) {
        /* "corpus/" and "corpus" give the same file names. */
        while (n > 1 && arg[n - 1] == '/')
            n--;
        if (seen_add(&w->seen, st.st_dev, st.st_ino))
            enter_folder(w, arg, n, n == 1 && arg[0] == '/' ? 1 : n + 1);
    } else {
        queue_push(w, arg, n, name_start(arg), 0, S_ISREG(st.st_mode));
    }
}

/* Walks on until one more input is queued; 0 when the walk is over. */
static int walk_step(cli_walk *w)
{
    size_t before = w->pushed;

    while (w->pushed == before) {
        walk_level *top;
        const char *name;
        size_t n, len;

        if (w->depth == 0) {
            if (w->next_arg == w->nargs)
                return 0;
            walk_argument(w, w->args[w->next_arg++]);
            continue;
        }
        top = &w->levels[w->depth - 1];
        if (top->next == top->count) {
            level_free(top);
            w->depth--;
            continue;
        }
        name = top->names + top->entries[top->next++];
        n = strlen(name);
        if (name[n - 1] == '/') {
            /* enter_folder reuses w->path and may move the levels: copy
             * the path first. */
            char *dir;

            len = make_path(w, top->dir, top->dir_len, name, n - 1);
            dir = cli_xmalloc(len + 1);
            memcpy(dir, w->path, len + 1);
            enter_folder(w, dir, len, top->rel);
            free(dir);
            continue;
        }
        len = make_path(w, top->dir, top->dir_len, name, n);
        /* Listed as a regular file, or a dangling link that will not
         * open. */
        queue_push(w, w->path, len, top->rel, 0, 1);
    }
    return 1;
}

size_t cli_walk_ahead(cli_walk *w, size_t files)
{
    while (w->queue_files < files && walk_step(w))
        ;
    return w->queue_files;
}

int cli_walk_next(cli_walk *w, cli_input *in)
{
    cli_input *head;

    if (w->queue_count == 0 && !walk_step(w))
        return 0;
    head = &w->queue[w->queue_head];
    cli_input_set(in, head->path, head->len, head->rel, head->err);
    in->regular = head->regular;
    if (!head->err)
        w->queue_files--;
    w->queue_head = (w->queue_head + 1) % w->queue_cap;
    w->queue_count--;
    return 1;
}

void cli_walk_count(char **args, size_t nargs, size_t *files,
                    unsigned long long *bytes)
{
    cli_walk *w = cli_walk_new(args, nargs);
    cli_input in = {0};

    *files = 0;
    if (bytes)
        *bytes = 0;
    while (cli_walk_next(w, &in)) {
        struct stat st;

        /* Every input counts as it is done, those that fail too. */
        (*files)++;
        if (bytes && !in.err && stat(in.path, &st) == 0 &&
            S_ISREG(st.st_mode))
            *bytes += (unsigned long long)st.st_size;
    }
    cli_input_free(&in);
    cli_walk_free(w);
}
