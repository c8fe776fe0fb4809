/* batch.c: running one job per input on worker threads, with the results
 * handed back in input order.
 *
 * Workers take the next input one at a time (or one takes it for another
 * better placed to do it, see cli_batch's owner). Results are emitted in
 * input order by whichever worker finishes the input next in line: it
 * emits that input and every later one already done, while the others
 * go on working (one emitter at a time, so output never depends on how
 * many workers there are or how fast each one is). No thread of its own
 * waits to write, so two workers keep two cores busy without a third
 * thread taking turns with them. Workers may run at most `window` inputs
 * ahead of the last emitted one, which bounds the results held in memory
 * however many inputs there are. The calling thread only waits: it wakes
 * every 100 ms to redraw the progress bar and to notice an interrupt. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* Set by the handler, read by every thread: a lock-free atomic is both
 * safe in a signal handler (C11 7.14.1) and free of data races between
 * threads, which a volatile sig_atomic_t is not. */
static atomic_int interrupted;

static void on_signal(int sig)
{
    int saved = errno;

    (void)sig;
    atomic_store(&interrupted, 1);
    errno = saved;
}

void cli_signals_install(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a blocking read of standard input returns EINTR. */
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int cli_interrupted(void)
{
    return atomic_load(&interrupted) != 0;
}

unsigned cli_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n > 0 ? (unsigned)n : 1u;
}

/* Inputs taken for another worker (see cli_batch's owner) and waiting
 * for it, at most, per worker: beyond, the taker does the input itself. */
#define ROUTED_MAX 8

typedef struct pool {
    const cli_batch *batch;
    pthread_mutex_t lock;
    pthread_cond_t all_done;   /* every input is done (and emitted) */
    pthread_cond_t room;       /* an input was emitted or routed, or the
                                * run is over */
    pthread_cond_t turn;       /* a take ended: the next may ask the
                                * source (one waiter woken at a time) */
    int taking;                /* a worker is asking the source */
    size_t next;               /* the next input to take */
    size_t emitted;            /* inputs through, in order: emitted, or
                                * done when there is no emit */
    unsigned char *done;       /* per slot: its input's job has finished */
    cli_input *inputs;         /* per slot: the input taken into it */
    int ended;                 /* the source has no more inputs */
    int emitting;              /* a worker is emitting */
    int stop;
    unsigned live;             /* workers started: inputs go only to them */
    /* Per worker: a ring of ROUTED_MAX inputs taken for it. */
    size_t *routed;
    size_t *routed_head, *routed_count;
} pool;

typedef struct worker {
    pool *pool;
    size_t index;
    precis_analyzer *analyzer;
} worker;

/* With the lock held: the next input taken for worker w, into *i; 0 when
 * there is none. */
static int pop_routed(pool *p, unsigned w, size_t *i)
{
    if (!p->routed || p->routed_count[w] == 0)
        return 0;
    *i = p->routed[w * ROUTED_MAX + p->routed_head[w]];
    p->routed_head[w] = (p->routed_head[w] + 1) % ROUTED_MAX;
    p->routed_count[w]--;
    return 1;
}

/* With the lock held: whether input i, just taken by worker w, goes to
 * its owner instead (put in the owner's ring). */
static int route(pool *p, unsigned w, size_t i)
{
    const cli_batch *b = p->batch;
    int owner = p->routed ? b->owner(b->ctx, i) : -1;
    unsigned o = (unsigned)owner;

    if (owner < 0 || o == w || o >= p->live ||
        p->routed_count[o] == ROUTED_MAX)
        return 0;
    p->routed[o * ROUTED_MAX +
              (p->routed_head[o] + p->routed_count[o]) % ROUTED_MAX] = i;
    p->routed_count[o]++;
    return 1;
}

/* The next input for worker w, into *i: one taken for it by another
 * worker, else the next from the source, waiting while the window is
 * full. Returns 0, or -1 when there is no more work. One worker asks the
 * source at a time (inputs are numbered in the order they come from
 * it), without the lock: the source may wait for the thread that reads
 * ahead, while the other workers finish and emit their inputs. The slot
 * taken into is free: its last input was emitted, and none but the taker
 * touches slot `next`. The source's `taken` runs once the next worker
 * may ask it: it may wake the thread that reads ahead, and the system
 * may switch to that thread at once. */
static int take_input(pool *p, unsigned w, size_t *i)
{
    const cli_batch *b = p->batch;
    int rc = -1;

    pthread_mutex_lock(&p->lock);
    for (;;) {
        size_t n;
        int got;

        if (pop_routed(p, w, i)) {
            /* A turn to take that woke this worker goes to the next. */
            pthread_cond_signal(&p->turn);
            rc = 0;
            break;
        }
        if (p->stop || cli_interrupted() || p->ended)
            break;
        if (p->taking) {
            pthread_cond_wait(&p->turn, &p->lock);
            continue;
        }
        if (p->next >= p->emitted + b->window) {
            pthread_cond_signal(&p->turn);
            pthread_cond_wait(&p->room, &p->lock);
            continue;
        }
        p->taking = 1;
        n = p->next;
        pthread_mutex_unlock(&p->lock);
        got = b->take(b->source, n, &p->inputs[n % b->window]);
        pthread_mutex_lock(&p->lock);
        p->taking = 0;
        if (!got) {
            p->ended = 1;
            pthread_cond_broadcast(&p->turn);
            pthread_cond_broadcast(&p->room);
            break;
        }
        pthread_cond_signal(&p->turn);
        p->next++;
        if (b->taken) {
            pthread_mutex_unlock(&p->lock);
            b->taken(b->source);
            pthread_mutex_lock(&p->lock);
        }
        if (!route(p, w, n)) {
            *i = n;
            rc = 0;
            break;
        }
        /* Its owner may wait for a turn or for room. */
        pthread_cond_broadcast(&p->turn);
        pthread_cond_broadcast(&p->room);
    }
    pthread_mutex_unlock(&p->lock);
    return rc;
}

/* Whether the run is over: the source ended and every input taken is
 * through. */
static int finished(const pool *p)
{
    return p->ended && p->emitted == p->next;
}

/* With the lock held: passes, in order, every input from `emitted` on
 * that is done, emitting it, unless another worker is already doing so
 * (it will see these too, since it checks `done` under the lock before
 * it stops). */
static void emit_ready(pool *p)
{
    const cli_batch *b = p->batch;

    if (p->emitting)
        return;
    p->emitting = 1;
    while (p->emitted < p->next && p->done[p->emitted % b->window] &&
           !cli_interrupted()) {
        size_t i = p->emitted;

        if (b->emit) {
            pthread_mutex_unlock(&p->lock);
            b->emit(b->ctx, i, &p->inputs[i % b->window]);
            pthread_mutex_lock(&p->lock);
        }
        p->done[i % b->window] = 0;
        p->emitted++;
        pthread_cond_broadcast(&p->room);
    }
    p->emitting = 0;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    pool *p = w->pool;
    const cli_batch *b = p->batch;
    size_t i;

    while (take_input(p, (unsigned)w->index, &i) == 0) {
        size_t bytes = b->work(b->ctx, (unsigned)w->index, w->analyzer, i,
                               &p->inputs[i % b->window]);

        pthread_mutex_lock(&p->lock);
        p->done[i % b->window] = 1;
        cli_progress_add(b->progress, bytes);
        emit_ready(p);
        if (finished(p))
            pthread_cond_signal(&p->all_done);
        pthread_mutex_unlock(&p->lock);
    }
    /* The source may have ended on this worker's take. */
    pthread_mutex_lock(&p->lock);
    if (finished(p))
        pthread_cond_signal(&p->all_done);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void deadline_in(struct timespec *ts, long ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_nsec += ms * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec += ts->tv_nsec / 1000000000L;
        ts->tv_nsec %= 1000000000L;
    }
}

/* The calling thread: waits for the run to finish or be interrupted,
 * redrawing the progress bar, then lets the workers stop. */
static void wait_for_workers(pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (!finished(p) && !cli_interrupted()) {
        struct timespec ts;

        cli_progress_draw(p->batch->progress, 0);
        deadline_in(&ts, 100);
        pthread_cond_timedwait(&p->all_done, &p->lock, &ts);
    }
    p->stop = 1;
    pthread_cond_broadcast(&p->room);
    pthread_cond_broadcast(&p->turn);
    pthread_mutex_unlock(&p->lock);
}

/* Worker k's analyzer: the caller's slot when the batch has slots (made
 * there when empty), else a new one. 0, or -1 when it could not be made
 * (reported). */
static int worker_analyzer(const cli_batch *b, unsigned k,
                           precis_analyzer **out)
{
    *out = b->analyzers ? b->analyzers[k] : NULL;
    if (!b->lang || *out)
        return 0;
    int err = precis_analyzer_new(b->lang, out);
    if (err != PRECIS_OK) {
        cli_lib_error("precis", err);
        return -1;
    }
    if (b->analyzers)
        b->analyzers[k] = *out;
    return 0;
}

/* Frees an analyzer that worker_analyzer made for this run only. */
static void worker_analyzer_done(const cli_batch *b, precis_analyzer *an)
{
    if (!b->analyzers)
        precis_analyzer_free(an);
}

/* Starts the workers, each with its own analyzer. Returns how many
 * started; 0 means none could (reported). */
static unsigned start_workers(pool *p, worker *ws, pthread_t *tids,
                              unsigned jobs)
{
    unsigned n;

    for (n = 0; n < jobs; n++) {
        ws[n].pool = p;
        ws[n].index = n;
        if (worker_analyzer(p->batch, n, &ws[n].analyzer) != 0)
            break;
        if (pthread_create(&tids[n], NULL, worker_main, &ws[n]) != 0) {
            worker_analyzer_done(p->batch, ws[n].analyzer);
            if (n == 0)
                fprintf(stderr, "precis: cannot start a thread: %s\n",
                        strerror(errno ? errno : EAGAIN));
            break;
        }
        pthread_mutex_lock(&p->lock);
        p->live = n + 1;
        pthread_mutex_unlock(&p->lock);
    }
    return n;
}

/* One job at a time on the calling thread: with a single worker, handing
 * each input to a thread and its result back costs two thread switches
 * an input and buys nothing. The same calls in the same order. */
static int run_inline(const cli_batch *b)
{
    precis_analyzer *an;
    cli_input in = {0};
    size_t i = 0;
    int ended = 0;

    if (worker_analyzer(b, 0, &an) != 0)
        return -1;
    while (!cli_interrupted()) {
        if (!b->take(b->source, i, &in)) {
            ended = 1;
            break;
        }
        if (b->taken)
            b->taken(b->source);
        cli_progress_add(b->progress, b->work(b->ctx, 0, an, i, &in));
        if (b->emit)
            b->emit(b->ctx, i, &in);
        i++;
        cli_progress_draw(b->progress, 0);
    }
    cli_input_free(&in);
    worker_analyzer_done(b, an);
    cli_progress_draw(b->progress, 1);
    return ended ? 0 : 1;
}

int cli_batch_run(const cli_batch *batch)
{
    pool p;
    unsigned jobs = batch->jobs ? batch->jobs : 1u, n, k;
    worker *ws;
    pthread_t *tids;
    size_t s;
    int rc = 0;

    if (jobs == 1)
        return run_inline(batch);
    memset(&p, 0, sizeof p);
    p.batch = batch;
    p.done = calloc(batch->window, 1);
    p.inputs = calloc(batch->window, sizeof *p.inputs);
    ws = cli_xmalloc(jobs * sizeof *ws);
    tids = cli_xmalloc(jobs * sizeof *tids);
    if (!p.done || !p.inputs) {
        fputs("precis: out of memory\n", stderr);
        exit(CLI_EXIT_FAILED);
    }
    if (batch->owner) {
        p.routed = cli_xmalloc(jobs * ROUTED_MAX * sizeof *p.routed);
        p.routed_head = calloc(jobs, sizeof *p.routed_head);
        p.routed_count = calloc(jobs, sizeof *p.routed_count);
        if (!p.routed_head || !p.routed_count) {
            fputs("precis: out of memory\n", stderr);
            exit(CLI_EXIT_FAILED);
        }
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.all_done, NULL);
    pthread_cond_init(&p.room, NULL);
    pthread_cond_init(&p.turn, NULL);
    n = start_workers(&p, ws, tids, jobs);
    if (n == 0)
        rc = -1;
    else
        wait_for_workers(&p);
    for (k = 0; k < n; k++) {
        pthread_join(tids[k], NULL);
        worker_analyzer_done(batch, ws[k].analyzer);
    }
    cli_progress_draw(batch->progress, 1);
    pthread_cond_destroy(&p.room);
    pthread_cond_destroy(&p.turn);
    pthread_cond_destroy(&p.all_done);
    pthread_mutex_destroy(&p.lock);
    free(p.routed);
    free(p.routed_head);
    free(p.routed_count);
    for (s = 0; s < batch->window; s++)
        cli_input_free(&p.inputs[s]);
    free(p.inputs);
    free(tids);
    free(ws);
    free(p.done);
    if (rc == 0 && (cli_interrupted() || !finished(&p)))
        rc = 1;
    return rc;
}

unsigned cli_jobs_for(cli_walk *walk, unsigned jobs)
{
    size_t ahead = cli_walk_ahead(walk, jobs);

    return ahead == 0 ? 1u : ahead < jobs ? (unsigned)ahead : jobs;
}

int cli_run_option(const char *cmd, const char *help, cli_run *run, int c,
                   char **argv)
{
    if (c == 'j')
        return cli_parse_jobs(cmd, optarg, &run->jobs);
    if (c == CLI_OPT_STDIN_JSONL) {
        run->stdin_jsonl = 1;
        return 0;
    }
    return cli_common_option(cmd, help, &run->common, c, argv);
}

int cli_run_check_inputs(const char *cmd, const cli_run *run, int argc,
                         int first)
{
    if (run->stdin_jsonl && first < argc)
        return cli_usage(cmd, "--stdin-jsonl reads standard input: "
                              "give no PATH");
    if (!run->stdin_jsonl && first >= argc)
        return cli_usage(cmd,
                         "no input: give a PATH, or '-' for standard input");
    return 0;
}

int cli_run_open(const char *cmd, cli_run *run)
{
    if (!run->jobs)
        run->jobs = cli_default_jobs();
    cli_signals_install();
    return cli_lang_open(cmd, &run->common, &run->lang, NULL);
}

int cli_run_close(cli_run *run, int status)
{
    cli_inputs_release_stdin();
    precis_lang_free(run->lang);
    run->lang = NULL;
    return cli_finish_stdout(status);
}
