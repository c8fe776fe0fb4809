/* progress.c: the progress bar on standard error for batch runs.
 *
 * Drawn only when standard error is a terminal and -q was not given, and
 * redrawn at most ten times a second: a bar over thousands of small files
 * must not cost more than the files. One line, rewritten in place with a
 * carriage return: files done / total, throughput, time left. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define REDRAW_SECONDS 0.1
#define BAR_WIDTH 24

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, int quiet, const char *label,
                        char **args, size_t nargs)
{
    memset(p, 0, sizeof *p);
    p->on = !quiet && isatty(STDERR_FILENO);
    p->label = label;
    /* Only a bar that is drawn needs the totals: they cost a walk of the
     * folders and a stat per file before the run. */
    if (p->on)
        cli_walk_count(args, nargs, &p->files, &p->bytes);
    p->started = now_seconds();
    p->drawn = 0.0;
}

void cli_progress_restart(cli_progress *p, const char *label)
{
    p->label = label;
    p->files_done = 0;
    p->bytes_done = 0;
    p->started = now_seconds();
    p->drawn = 0.0;
}

void cli_progress_add(cli_progress *p, size_t bytes)
{
    if (!p)
        return;
    p->files_done++;
    p->bytes_done += bytes;
}

static void put_time(double seconds)
{
    unsigned long s = seconds > 0 ? (unsigned long)(seconds + 0.5) : 0;

    if (s >= 3600)
        fprintf(stderr, "%luh%02lum", s / 3600, s / 60 % 60);
    else
        fprintf(stderr, "%lum%02lus", s / 60, s % 60);
}

void cli_progress_draw(cli_progress *p, int final)
{
    double t, elapsed, rate, share;
    int filled, k;

    if (!p || !p->on)
        return;
    t = now_seconds();
    if (!final && t - p->drawn < REDRAW_SECONDS)
        return;
    p->drawn = t;
    elapsed = t - p->started;
    rate = elapsed > 0 ? (double)p->bytes_done / elapsed : 0.0;
    share = p->files ? (double)p->files_done / (double)p->files : 1.0;
    filled = (int)(share * BAR_WIDTH);
    fprintf(stderr, "\r%s [", p->label);
    for (k = 0; k < BAR_WIDTH; k++)
        fputc(k < filled ? '#' : '.', stderr);
    fprintf(stderr, "] %zu/%zu files  %.1f MB/s  ", p->files_done, p->files,
            rate / 1e6);
    if (final) {
        fputs("done in ", stderr);
        put_time(elapsed);
        fputs("   \n", stderr);
        return;
    }
    if (rate > 0 && p->bytes > p->bytes_done)
        put_time((double)(p->bytes - p->bytes_done) / rate);
    else
        fputs("--", stderr);
    fputs(" left   ", stderr);
    fflush(stderr);
}
