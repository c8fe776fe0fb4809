/* wordscan.c: the yardstick that bench/scale.sh reads its figures
 * against. The target of the scale figures (50 MB/s per core) was set
 * beside a plain loop: tokenizing text and looking each word up once in a
 * hash table, about 340 MB/s per core on the machines it was set on. The
 * speed of a shared machine drifts from minute to minute by a third; run
 * beside precis, this loop tells how fast the machine is at that moment,
 * and a precis figure scaled by 340 / its speed is the figure the target
 * speaks of.
 *
 *   wordscan STOPWORDS < LIST
 *
 * Reads the files that LIST names, one path a line, into memory (not
 * timed), then splits their text into
 * words (runs of ASCII letters and digits and of bytes >= 0x80), folds
 * each ASCII word to lower case and looks it up in an open-addressing
 * table of the words of STOPWORDS (one a line; # starts a comment). It
 * does so PASSES times (default 5) and prints the fastest pass, by the
 * thread's CPU time, as "MB/s WORDS HITS".
 *
 * Plain C on purpose: one byte at a time through a class table, FNV-1a,
 * linear probing; no precis code, so that a change to precis cannot move
 * its yardstick. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_WORD 64
#define SLOTS 4096 /* a power of two, well above the list's size */

static char *slot_word[SLOTS];
static size_t slot_len[SLOTS];

static uint64_t fnv1a(const unsigned char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* The slot of word w[0..n), whose hash is h (fnv1a of its folded
 * bytes): its own, or the empty one where it would go. */
static size_t find(const unsigned char *w, size_t n, uint64_t h)
{
    size_t k = (size_t)h & (SLOTS - 1);
    while (slot_word[k] &&
           (slot_len[k] != n || memcmp(slot_word[k], w, n) != 0))
        k = (k + 1) & (SLOTS - 1);
    return k;
}

static size_t probe(const unsigned char *w, size_t n)
{
    return find(w, n, fnv1a(w, n));
}

static int load_table(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[256];
    size_t count = 0;

    if (!f) {
        perror(path);
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, " \t\r\n#");
        if (n == 0 || n > MAX_WORD)
            continue;
        size_t h = probe((const unsigned char *)line, n);
        if (slot_word[h])
            continue;
        if (++count > SLOTS / 2) {
            fprintf(stderr, "%s: more than %d words\n", path, SLOTS / 2);
            fclose(f);
            return -1;
        }
        slot_word[h] = malloc(n);
        if (!slot_word[h]) {
            fclose(f);
            return -1;
        }
        memcpy(slot_word[h], line, n);
        slot_len[h] = n;
    }
    fclose(f);
    return 0;
}

/* Per byte: 1 for a word byte, 2 added for an upper-case ASCII letter. */
static unsigned char kind[256];

static void kinds_init(void)
{
    for (int c = 0; c < 256; c++)
        kind[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c >= 0x80;
    for (int c = 'A'; c <= 'Z'; c++)
        kind[c] = 3;
}

typedef struct counts {
    size_t words, hits;
} counts;

static void scan(const unsigned char *s, size_t n, counts *c)
{
    unsigned char w[MAX_WORD];
    size_t i = 0;

    while (i < n) {
        if (!(kind[s[i]] & 1)) {
            i++;
            continue;
        }
        /* The word is folded and hashed as it is read. */
        uint64_t h = 0xcbf29ce484222325ull;
        size_t len = 0;
        for (; i < n && (kind[s[i]] & 1); i++) {
            unsigned char b = (unsigned char)(s[i] | (kind[s[i]] & 2) << 4);
            if (len < MAX_WORD)
                w[len++] = b;
            h = (h ^ b) * 0x100000001b3ull;
        }
        c->words++;
        c->hits += slot_word[find(w, len, h)] != NULL;
    }
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;

    if (!f) {
        perror(path);
        return NULL;
    }
    do {
        if (cap - n < 65536) {
            char *p = realloc(buf, cap = 2 * cap + 65536);
            if (!p) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return buf;
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The next path of the list on standard input, without its newline; NULL
 * at its end. */
static char *next_path(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);

    if (n <= 0) {
        free(line);
        return NULL;
    }
    if (line[n - 1] == '\n')
        line[n - 1] = '\0';
    return line;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: wordscan STOPWORDS < LIST\n");
        return 2;
    }
    kinds_init();
    if (load_table(argv[1]) != 0)
        return 1;
    char **text = NULL;
    size_t *len = NULL, nfiles = 0, cap = 0, bytes = 0;
    for (char *path; (path = next_path()) != NULL; free(path)) {
        if (nfiles == cap) {
            cap = 2 * cap + 64;
            text = realloc(text, cap * sizeof *text);
            len = realloc(len, cap * sizeof *len);
            if (!text || !len)
                return 1;
        }
        text[nfiles] = read_all(path, &len[nfiles]);
        if (!text[nfiles])
            return 1;
        bytes += len[nfiles++];
    }
    const char *env = getenv("PASSES");
    int passes = env ? atoi(env) : 5;
    double best = 0;
    counts c = {0, 0};
    for (int p = 0; p < (passes > 0 ? passes : 1); p++) {
        c.words = c.hits = 0;
        double t0 = cpu_seconds();
        for (size_t k = 0; k < nfiles; k++)
            scan((const unsigned char *)text[k], len[k], &c);
        double t = cpu_seconds() - t0;
        if (p == 0 || t < best)
            best = t;
    }
    /* The counts are printed so that no pass can be left out. */
    printf("%.1f %zu %zu\n", best > 0 ? (double)bytes / 1e6 / best : 0.0,
           c.words, c.hits);
    return 0;
}
