/* readahead.c: a walk whose files are opened, and asked of the disk,
 * some inputs before they are read.
 *
 * A folder on disk that is not in the system's cache costs a wait for
 * every file: the reading thread opens the file, reads it and waits for
 * the disk, then does the work, then opens the next. Here a thread of its
 * own walks the arguments ahead of the readers: it opens each listed file
 * and tells the system that it will be read (posix_fadvise WILLNEED), so
 * the disk reads many files at once while the workers work, and the file
 * reaches its reader open, with its size known. The walk, the opening
 * and the lookup of the size leave the readers' threads too.
 *
 * The readers get the inputs in the walk's order, as from cli_walk_next;
 * with no thread (it could not start, or few files may be open at once)
 * they walk themselves. A file that cannot be opened ahead goes on by
 * its path alone, and its reader opens it (and reports why it cannot). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Inputs opened ahead at most: enough requests in flight to keep a disk
 * busy, few open files. */
#define AHEAD_MAX 64

/* Of each file, the bytes asked for at once; a longer one reads on as its
 * reader goes. Bounds what the inputs ahead take of memory. */
#define AHEAD_BYTES ((off_t)1 << 20)

struct cli_readahead {
    cli_walk *walk; /* BORROWED: the thread's alone while it runs */
    cli_input *ring;
    size_t depth;   /* ring slots */
    size_t head, count;
    int ended;      /* the walk is over: nothing more comes */
    int stop;
    int started;    /* the thread runs */
    pthread_mutex_t lock;
    pthread_cond_t ready; /* an input came, or the walk ended */
    pthread_cond_t room;  /* the ring drained to a quarter */
    pthread_t thread;
};

/* How many inputs may be open ahead under the limit on open files: an
 * eighth of it, so that the readers, the outputs and the temporary files
 * always find room. */
static size_t depth_for_limit(void)
{
    struct rlimit rl;
    size_t depth = AHEAD_MAX;

    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur / 8 < depth)
        depth = (size_t)(rl.rlim_cur / 8);
    return depth;
}

/* Opens the input's file and asks for its first bytes, when it is a
 * regular file the walk listed (never a pipe or a device named on the
 * command line, whose opening may wait or consume). */
static void open_ahead(cli_input *in)
{
    struct stat st;
    int fd;

    if (in->err || !in->regular)
        return;
    do
        fd = open(in->path, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0) {
        close(fd);
        return;
    }
    (void)posix_fadvise(fd, 0,
                        st.st_size < AHEAD_BYTES ? st.st_size : AHEAD_BYTES,
                        POSIX_FADV_WILLNEED);
    cli_input_give_fd(in, fd, (unsigned long long)st.st_size);
}

static void swap_inputs(cli_input *a, cli_input *b)
{
    cli_input t = *a;

    *a = *b;
    *b = t;
}

static void *ahead_main(void *arg)
{
    cli_readahead *r = arg;
    cli_input in = {0};

    for (;;) {
        int got = cli_walk_next(r->walk, &in);

        if (got)
            open_ahead(&in);
        pthread_mutex_lock(&r->lock);
        /* A full ring waits until the readers took three quarters of
         * it: waking a thread costs some microseconds, once for many
         * inputs. */
        if (r->count == r->depth)
            while (!r->stop && r->count > r->depth / 4)
                pthread_cond_wait(&r->room, &r->lock);
        if (r->stop || !got) {
            r->ended = 1;
            pthread_cond_broadcast(&r->ready);
            pthread_mutex_unlock(&r->lock);
            break;
        }
        swap_inputs(&r->ring[(r->head + r->count) % r->depth], &in);
        r->count++;
        pthread_cond_signal(&r->ready);
        pthread_mutex_unlock(&r->lock);
    }
    cli_input_free(&in);
    return NULL;
}

cli_readahead *cli_readahead_start(cli_walk *walk)
{
    cli_readahead *r = cli_xmalloc(sizeof *r);
    sigset_t all, old;

    memset(r, 0, sizeof *r);
    r->walk = walk;
    r->depth = depth_for_limit();
    if (r->depth < 4)
        return r; /* too few open files to spare: the readers walk */
    r->ring = cli_xmalloc(r->depth * sizeof *r->ring);
    memset(r->ring, 0, r->depth * sizeof *r->ring);
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->ready, NULL);
    pthread_cond_init(&r->room, NULL);
    /* Signals go to the other threads, which watch for an interrupt. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    r->started = pthread_create(&r->thread, NULL, ahead_main, r) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return r;
}

int cli_readahead_next(cli_readahead *r, cli_input *in)
{
    int got;

    if (!r->started)
        return cli_walk_next(r->walk, in);
    pthread_mutex_lock(&r->lock);
    while (r->count == 0 && !r->ended)
        pthread_cond_wait(&r->ready, &r->lock);
    got = r->count > 0;
    if (got) {
        /* The slot gets the reader's old input back, its file closed, to
         * reuse the buffer of its path. */
        cli_input_close(in);
        swap_inputs(&r->ring[r->head], in);
        r->head = (r->head + 1) % r->depth;
        if (--r->count == r->depth / 4)
            pthread_cond_signal(&r->room);
    }
    pthread_mutex_unlock(&r->lock);
    return got;
}

void cli_readahead_stop(cli_readahead *r)
{
    size_t i;

    if (!r)
        return;
    if (r->started) {
        pthread_mutex_lock(&r->lock);
        r->stop = 1;
        pthread_cond_broadcast(&r->room);
        pthread_mutex_unlock(&r->lock);
        pthread_join(r->thread, NULL);
    }
    if (r->ring) {
        for (i = 0; i < r->depth; i++)
            cli_input_free(&r->ring[i]);
        pthread_cond_destroy(&r->room);
        pthread_cond_destroy(&r->ready);
        pthread_mutex_destroy(&r->lock);
    }
    free(r->ring);
    free(r);
}

int cli_batch_take_ahead(void *readahead, size_t i, cli_input *in)
{
    (void)i;
    return cli_readahead_next(readahead, in);
}
