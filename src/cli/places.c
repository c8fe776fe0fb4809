/* places.c: where each distinct quote was found, set aside in a temporary
 * file and read back in the order the text output lists them, in memory
 * that grows with the number of places only past half a million of them
 * (PLACES_WINDOW times MAX_READS), and then by 2 bytes a place.
 *
 * Places are added in input order, each with its quote's id. Once every
 * place is in, the caller says where each quote's places begin in the
 * output; they are then asked for at positions 0, 1, 2... in turn. A
 * window of positions at a time is filled by one read of the file, in
 * which a quote's k-th place goes to its start plus k: so each quote's
 * places come out in input order. The window holds at least
 * PLACES_WINDOW places and at least an eighth of them all, so that no
 * output reads the file more than eight times, and with it the paths of
 * its places only. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define PLACES_WINDOW ((size_t)1 << 16)
#define MAX_READS 8

/* One place in the file: this, then `path_len` bytes of the path when
 * the place is in another document than the one before (0: the same). */
typedef struct place_head {
    uint32_t quote;
    uint32_t path_len;
    uint64_t line;
} place_head;

typedef struct window_place {
    uint32_t path; /* id in the window's paths */
    size_t line;
} window_place;

struct cli_places {
    FILE *file;
    size_t count;
    /* Reading back: per quote, where its places begin and how many of
     * them the current read has met. */
    const size_t *at;
    size_t *met;
    size_t nquotes;
    window_place *window;
    size_t window_cap, lo, hi; /* positions [lo, hi) are in the window */
    cli_strtab paths;          /* the window's paths */
    char *path;                /* the path being read */
    size_t path_cap;
};

static void write_failed(void)
{
    fprintf(stderr, "precis quotes: cannot write a temporary file: %s\n",
            strerror(errno));
    exit(CLI_EXIT_FAILED);
}

static void read_failed(FILE *f)
{
    fprintf(stderr, "precis quotes: cannot read a temporary file: %s\n",
            ferror(f) && errno ? strerror(errno) : "cut short");
    exit(CLI_EXIT_FAILED);
}

cli_places *cli_places_new(void)
{
    cli_places *p = cli_xmalloc(sizeof *p);

    memset(p, 0, sizeof *p);
    p->file = tmpfile();
    if (!p->file)
        write_failed();
    cli_strtab_init(&p->paths);
    return p;
}

void cli_places_free(cli_places *p)
{
    if (!p)
        return;
    fclose(p->file);
    free(p->met);
    free(p->window);
    free(p->path);
    cli_strtab_free(&p->paths);
    free(p);
}

void cli_places_add(cli_places *p, uint32_t quote, const char *path,
                    size_t path_len, size_t line)
{
    place_head h;

    if (path_len > UINT32_MAX) {
        errno = ENAMETOOLONG;
        write_failed();
    }
    memset(&h, 0, sizeof h);
    h.quote = quote;
    h.path_len = (uint32_t)path_len;
    h.line = line;
    errno = 0;
    if (fwrite(&h, sizeof h, 1, p->file) != 1 ||
        fwrite(path, 1, path_len, p->file) != path_len)
        write_failed();
    p->count++;
}

void cli_places_start(cli_places *p, const size_t *at, size_t nquotes)
{
    size_t cap = (p->count + MAX_READS - 1) / MAX_READS;

    errno = 0;
    if (fflush(p->file) != 0)
        write_failed();
    p->at = at;
    p->nquotes = nquotes;
    p->met = cli_xmalloc((nquotes + 1) * sizeof *p->met);
    p->window_cap = cap > PLACES_WINDOW ? cap : PLACES_WINDOW;
    p->window = cli_xmalloc(p->window_cap * sizeof *p->window);
    p->lo = p->hi = 0;
}

/* Fills the window with positions [lo, lo + window_cap) in one read. */
static void fill_window(cli_places *p, size_t lo)
{
    place_head h;
    uint32_t path_id = UINT32_MAX; /* the path's id, once a place needs it */
    size_t path_len = 0;

    p->lo = lo;
    p->hi = p->count - lo < p->window_cap ? p->count : lo + p->window_cap;
    memset(p->met, 0, (p->nquotes + 1) * sizeof *p->met);
    cli_strtab_free(&p->paths);
    cli_strtab_init(&p->paths);
    rewind(p->file);
    for (size_t i = 0; i < p->count; i++) {
        errno = 0;
        if (fread(&h, sizeof h, 1, p->file) != 1 || h.quote >= p->nquotes)
            read_failed(p->file);
        if (h.path_len) {
            if (h.path_len + 1 > p->path_cap) {
                p->path_cap = (size_t)h.path_len + 1;
                p->path = cli_xrealloc(p->path, p->path_cap);
            }
            if (fread(p->path, 1, h.path_len, p->file) != h.path_len)
                read_failed(p->file);
            path_len = h.path_len;
            path_id = UINT32_MAX;
        }
        size_t pos = p->at[h.quote] + p->met[h.quote]++;
        if (pos < p->lo || pos >= p->hi)
            continue;
        if (path_id == UINT32_MAX)
            path_id = cli_strtab_intern(&p->paths, p->path, path_len);
        p->window[pos - p->lo] = (window_place){path_id, (size_t)h.line};
    }
}

void cli_places_get(cli_places *p, size_t pos, const char **path,
                    size_t *line)
{
    if (pos < p->lo || pos >= p->hi)
        fill_window(p, pos);
    const window_place *w = &p->window[pos - p->lo];
    *path = cli_strtab_get(&p->paths, w->path);
    *line = w->line;
}
