/* outdir.c: -o OUTDIR, one output file per input, each written whole or
 * not at all: the record goes to a temporary file in the destination
 * folder (hidden, so a reader listing the folder does not take it for an
 * output), which is renamed over the final name only once it is complete.
 * rename(2) within one folder is atomic, so an interrupted run leaves
 * either the old file, the new one, or none; never half of one. The
 * files are not fsync'ed: this protects against the run stopping, not
 * against the machine losing power. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The mode of an output file: an ordinary file, readable as the umask
 * allows (set by cli_outdir_start). */
static mode_t file_mode = 0644;

void cli_outdir_start(void)
{
    mode_t mask = umask(0);

    umask(mask);
    file_mode = 0666 & ~mask;
}

/* Makes every folder on the way to the file at `path` (like mkdir -p of
 * its parent). Returns 0, or -1 with errno set. */
static int make_parents(char *path)
{
    char *p;

    for (p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            *p = '/';
            return -1;
        }
        *p = '/';
    }
    return 0;
}

/* OUTDIR/REL, with REL's leading slashes and "./" dropped. */
static char *join_out(const char *outdir, const char *rel)
{
    size_t dlen = strlen(outdir), rlen;
    char *p;

    while (*rel == '/' || (rel[0] == '.' && rel[1] == '/'))
        rel += *rel == '/' ? 1 : 2;
    if (strcmp(rel, "-") == 0 || *rel == '\0')
        rel = "stdin.txt";
    rlen = strlen(rel);
    while (dlen > 1 && outdir[dlen - 1] == '/')
        dlen--;
    p = cli_xmalloc(dlen + 1 + rlen + 1);
    memcpy(p, outdir, dlen);
    p[dlen] = '/';
    memcpy(p + dlen + 1, rel, rlen + 1);
    return p;
}

/* FOLDER/.NAME.XXXXXX for mkstemp. */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    size_t n = strlen(path);
    char *t = cli_xmalloc(n + 9);

    memcpy(t, path, dir);
    t[dir] = '.';
    memcpy(t + dir + 1, path + dir, n - dir);
    memcpy(t + n + 1, ".XXXXXX", 8);
    return t;
}

int cli_outfile_open(cli_outfile *out, const char *outdir, const char *rel)
{
    int fd;

    out->f = NULL;
    out->path = join_out(outdir, rel);
    out->tmp = temp_name(out->path);
    /* The folder is there for all but the first file of each: it is
     * made, with those on the way to it, when the file cannot be. */
    fd = mkstemp(out->tmp);
    if (fd < 0 && errno == ENOENT) {
        memcpy(out->tmp + strlen(out->tmp) - 6, "XXXXXX", 6);
        if (make_parents(out->path) == 0)
            fd = mkstemp(out->tmp);
    }
    if (fd < 0) {
        fprintf(stderr, "%s: cannot write: %s\n", out->path, strerror(errno));
        free(out->path);
        free(out->tmp);
        out->path = out->tmp = NULL;
        return -1;
    }
    /* mkstemp makes the file private (0600). The umask was read before
     * the workers started: read here, between another worker's two umask
     * calls, it would be 0, and be left 0 for the process. */
    fchmod(fd, file_mode);
    out->f = fdopen(fd, "w");
    if (!out->f) {
        close(fd);
        cli_outfile_abort(out);
        return -1;
    }
    return 0;
}

void cli_outfile_abort(cli_outfile *out)
{
    if (out->f)
        fclose(out->f);
    if (out->tmp)
        unlink(out->tmp);
    free(out->path);
    free(out->tmp);
    out->f = NULL;
    out->path = out->tmp = NULL;
}

int cli_outfile_commit(cli_outfile *out)
{
    int bad = fflush(out->f) != 0 || ferror(out->f);

    bad |= fclose(out->f) != 0;
    out->f = NULL;
    if (bad || rename(out->tmp, out->path) != 0) {
        fprintf(stderr, "%s: cannot write: %s\n", out->path,
                strerror(errno ? errno : EIO));
        cli_outfile_abort(out);
        return -1;
    }
    free(out->path);
    free(out->tmp);
    out->path = out->tmp = NULL;
    return 0;
}
