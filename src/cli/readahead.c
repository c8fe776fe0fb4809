/* readahead.c: a walk whose files are opened, asked of the disk and read
 * some inputs before the workers take them.
 *
 * A folder on disk that is not in the system's cache costs a wait for
 * every file: the reading thread opens the file, reads it and waits for
 * the disk, then does the work, then opens the next. Here a thread of its
 * own walks the arguments ahead of the workers: it opens each listed file
 * and tells the system that it will be read (posix_fadvise WILLNEED), so
 * that the disk reads many files at once; some files later it reads the
 * file, if all of it is in the cache by then, and the input reaches its
 * worker with its bytes: the walk and every system call on a cached
 * folder leave the workers' threads. A file still on its way from the
 * disk, or too large to hold ahead, reaches its worker open instead, and
 * the worker waits for it, not this thread.
 *
 * The readers get the inputs in the walk's order, as from cli_walk_next;
 * with no thread (it could not start, or few files may be open at once)
 * they walk themselves. A file that cannot be opened ahead goes on by
 * its path alone, and its reader opens it (and reports why it cannot).
 * So they do too while the thread stands aside: when the readers hold
 * every core and the files come from the cache, a thread busy most of
 * the time only takes CPU from them (ahead_main). */
/* preadv2 and RWF_NOWAIT (Linux): a read that does not wait for the
 * disk. Not POSIX; without them every file read ahead is read whole. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* Inputs opened ahead at most: enough requests in flight to keep a disk
 * busy, few open files. */
#define AHEAD_MAX 64

/* Of each file, the bytes asked for at once; a longer one reads on as its
 * reader goes. Bounds what the inputs ahead take of memory. */
#define AHEAD_BYTES ((off_t)1 << 20)

/* The most bytes of files read ahead and not yet taken, in all. */
#define AHEAD_HELD ((size_t)8 << 20)

struct cli_readahead {
    cli_walk *walk; /* BORROWED: the thread's alone while it runs */
    cli_input *ring;
    size_t depth;   /* ring slots */
    size_t head, count;
    size_t held;    /* bytes read ahead in the ring */
    /* The thread's own: inputs opened and asked of the disk, not yet
     * read (a ring of `lag` slots). */
    cli_input *opened;
    size_t lag;
    int ended;      /* the walk is over: nothing more comes */
    int stop;
    int started;    /* the thread runs */
    /* Stepping aside (see ahead_main): allowed when the readers hold
     * every core; `aside` while the readers walk for themselves, and
     * `readers_walked` once their walk is over. */
    int may_step_aside;
    int aside;
    int readers_walked;
    pthread_mutex_t lock;
    pthread_cond_t ready; /* an input came, or the walk ended */
    pthread_cond_t room;  /* the ring drained to a quarter */
    pthread_cond_t resume; /* a reader found a file not in the cache */
    /* The ring drained to a quarter and the thread is still to be told
     * (cli_readahead_wake). */
    atomic_int wake;
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

/* Reads the whole file at fd, `size` bytes, into in->data, when every
 * byte of it is in the system's cache: 1, or 0 (nothing read, nothing
 * moved) when it is not, or when it cannot be read. A file that has
 * still to come from the disk goes on open: its worker waits for it,
 * while this thread opens and asks for the files after it (were this
 * thread to wait, the workers of a folder on disk would wait with it). */
static int read_cached(cli_input *in, size_t size)
{
#if defined(RWF_NOWAIT)
    char *buf = malloc(size + 1);
    struct iovec v;
    ssize_t n;

    if (!buf)
        return 0;
    v.iov_base = buf;
    v.iov_len = size;
    n = size ? preadv2(in->fd, &v, 1, 0, RWF_NOWAIT) : 0;
    if (n < 0 || (size_t)n != size) {
        free(buf);
        return 0;
    }
    buf[size] = '\0';
    in->data = buf;
    in->data_len = size;
    return 1;
#else
    return cli_read_fd(in->fd, size, &in->data, &in->data_len) == 0;
#endif
}

/* Reads the file the input holds open, when it is small, the inputs
 * ahead hold little (`held` bytes) and it is in the cache; else it goes
 * on open, and its worker reads it (and reports why it cannot). */
static void read_ahead(cli_input *in, size_t held)
{
    if (!in->opened || in->size > (unsigned long long)AHEAD_BYTES ||
        held + (size_t)in->size > AHEAD_HELD)
        return;
    if (read_cached(in, (size_t)in->size)) {
        close(in->fd);
        in->opened = 0;
    }
}

static void swap_inputs(cli_input *a, cli_input *b)
{
    cli_input t = *a;

    *a = *b;
    *b = t;
}

/* Hands the input on to the ring (it gets the slot's old input back),
 * waiting while the ring is full. 0, or -1 when the readers stopped. */
static int publish(cli_readahead *r, cli_input *in, size_t *held)
{
    pthread_mutex_lock(&r->lock);
    /* A full ring waits until the readers took three quarters of it:
     * waking a thread costs some microseconds, once for many inputs. */
    if (r->count == r->depth)
        while (!r->stop && r->count > r->depth / 4)
            pthread_cond_wait(&r->room, &r->lock);
    if (r->stop) {
        pthread_mutex_unlock(&r->lock);
        return -1;
    }
    r->held += in->data_len;
    *held = r->held;
    swap_inputs(&r->ring[(r->head + r->count) % r->depth], in);
    r->count++;
    pthread_cond_signal(&r->ready);
    pthread_mutex_unlock(&r->lock);
    return 0;
}

/* When to step aside: after this many files in a row read from the
 * cache, if the thread was busy for more than half of the time they
 * took. */
#define ASIDE_AFTER 256

/* Nanoseconds on `clock`. */
static long long now_ns(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Starts a look: the wall and CPU times now, into since[0] and [1]. */
static void look_start(long long since[2])
{
    since[0] = now_ns(CLOCK_MONOTONIC);
    since[1] = now_ns(CLOCK_THREAD_CPUTIME_ID);
}

/* A look at the thread's last ASIDE_AFTER files: whether it should step
 * aside, the readers holding every core and the files coming from the
 * cache, because it was busy most of the time (its CPU then comes out
 * of the readers'). *since holds the wall and CPU times of the look
 * before. */
static int should_step_aside(const cli_readahead *r, size_t cached_run,
                             long long since[2])
{
    long long wall = now_ns(CLOCK_MONOTONIC),
              cpu = now_ns(CLOCK_THREAD_CPUTIME_ID);
    int yes = r->may_step_aside && cached_run >= ASIDE_AFTER &&
              2 * (cpu - since[1]) > wall - since[0];

    since[0] = wall;
    since[1] = cpu;
    return yes;
}

/* Steps aside, the ring holding every input walked: the readers walk for
 * themselves until one of them finds a file not in the cache, then the
 * thread goes on where their walk stands. 0, or -1 when the readers
 * stopped. */
static int step_aside(cli_readahead *r)
{
    pthread_mutex_lock(&r->lock);
    r->aside = 1;
    pthread_cond_broadcast(&r->ready);
    while (r->aside && !r->stop)
        pthread_cond_wait(&r->resume, &r->lock);
    int rc = r->stop ? -1 : 0;
    pthread_mutex_unlock(&r->lock);
    return rc;
}

/* The thread. Where a file's system calls cost about what its work does
 * (folders of very small files), this one thread is busy most of the
 * time, and when the readers hold every core its CPU comes out of
 * theirs: a worker then does better to open and read its files itself.
 * So once the files have come from the cache for a while and the thread
 * was busy more than half of that time, it steps aside; a reader that
 * finds a file not in the cache calls it back, for a folder on disk
 * needs it to ask ahead. */
static void *ahead_main(void *arg)
{
    cli_readahead *r = arg;
    size_t head = 0, count = 0, held = 0, cached_run = 0, files = 0;
    long long since[2];
    /* `leaving`: the thread is to step aside once what it opened is
     * handed on (it walks no further meanwhile). */
    int walked = 0, leaving = 0;

    look_start(since);
    for (;;) {
        /* Open the next input, until `lag` of them wait to be read. */
        if (!walked && !leaving && count < r->lag) {
            cli_input *in = &r->opened[(head + count) % r->lag];
            if (cli_walk_next(r->walk, in)) {
                open_ahead(in);
                count++;
                continue;
            }
            walked = 1;
        }
        if (count == 0) {
            if (!leaving)
                break;
            /* Every input it walked is in the ring, in order. */
            if (step_aside(r) != 0)
                break;
            leaving = 0;
            cached_run = 0;
            look_start(since);
            continue;
        }
        /* Then read the one opened longest ago and hand it on. */
        read_ahead(&r->opened[head], held);
        cached_run = r->opened[head].data ? cached_run + 1 : 0;
        if (publish(r, &r->opened[head], &held) != 0)
            break;
        head = (head + 1) % r->lag;
        count--;
        if (++files % ASIDE_AFTER == 0 && !walked && !leaving &&
            should_step_aside(r, cached_run, since))
            leaving = 1;
    }
    pthread_mutex_lock(&r->lock);
    r->ended = 1;
    pthread_cond_broadcast(&r->ready);
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

cli_readahead *cli_readahead_start(cli_walk *walk, unsigned jobs)
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
    /* Files are read a quarter of the ring after they are asked for. */
    r->lag = r->depth / 4;
    r->opened = cli_xmalloc(r->lag * sizeof *r->opened);
    memset(r->opened, 0, r->lag * sizeof *r->opened);
    pthread_mutex_init(&r->lock, NULL);
    atomic_init(&r->wake, 0);
    pthread_cond_init(&r->ready, NULL);
    pthread_cond_init(&r->room, NULL);
    pthread_cond_init(&r->resume, NULL);
    r->may_step_aside = jobs >= cli_default_jobs();
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
    /* The reader's last file, read for itself, was not in the cache: the
     * thread comes back to ask the disk ahead of the readers. */
    if (r->aside && in->uncached) {
        r->aside = 0;
        pthread_cond_signal(&r->resume);
    }
    while (r->count == 0 && !r->ended && !r->aside) {
        /* The thread must not sleep on while a reader waits for it. */
        cli_readahead_wake(r);
        pthread_cond_wait(&r->ready, &r->lock);
    }
    if (r->count == 0 && r->aside) {
        /* The thread stands aside, and the ring is empty: the reader
         * walks for itself. One reader takes at a time, and the thread
         * waits to be called back: the walk is this reader's. */
        int over = r->readers_walked;
        pthread_mutex_unlock(&r->lock);
        got = !over && cli_walk_next(r->walk, in);
        if (!got && !over) {
            pthread_mutex_lock(&r->lock);
            r->readers_walked = 1;
            pthread_mutex_unlock(&r->lock);
        }
        return got;
    }
    got = r->count > 0;
    if (got) {
        /* The slot gets the reader's old input back, its file closed, to
         * reuse the buffer of its path. */
        cli_input_close(in);
        swap_inputs(&r->ring[r->head], in);
        r->held -= in->data_len;
        r->head = (r->head + 1) % r->depth;
        if (--r->count == r->depth / 4)
            atomic_store(&r->wake, 1);
    }
    pthread_mutex_unlock(&r->lock);
    return got;
}

void cli_readahead_wake(cli_readahead *r)
{
    /* Without the lock: the thread tests the ring's count under it before
     * it sleeps, and the count fell before this. */
    if (r->started && atomic_exchange(&r->wake, 0))
        pthread_cond_signal(&r->room);
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
        pthread_cond_broadcast(&r->resume);
        pthread_mutex_unlock(&r->lock);
        pthread_join(r->thread, NULL);
    }
    if (r->ring) {
        for (i = 0; i < r->depth; i++)
            cli_input_free(&r->ring[i]);
        for (i = 0; i < r->lag; i++)
            cli_input_free(&r->opened[i]);
        free(r->opened);
        pthread_cond_destroy(&r->resume);
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

void cli_batch_taken_ahead(void *readahead)
{
    cli_readahead_wake(readahead);
}
