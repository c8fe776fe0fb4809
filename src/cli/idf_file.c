/* idf_file.c: opening an IDF model file (--idf, `idf show`, `idf merge`).
 *
 * A model is used in place (precis_idf_view): the file is mapped
 * read-only, so loading costs one checking pass over its bytes, the pages
 * come from the page cache, and several processes share them. Where it
 * cannot be mapped (standard input, a pipe, an empty file, a system
 * without the mapping), it is read whole instead, with the limits and
 * messages of any input. Models are replaced by a rename, never rewritten
 * in place, so a mapped model does not change under its reader. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Maps path into *file: 0, 1 when it should be read instead, or -1 after
 * reporting why it cannot be opened. */
static int map_model(const char *path, cli_idf_file *file)
{
    struct stat st;
    void *p;
    int fd;

    if (strcmp(path, "-") == 0)
        return 1;
    fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
        return -1;
    }
    /* Anything but a regular file of a size worth mapping is read, which
     * reports folders and oversized files as for any input. */
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (unsigned long long)st.st_size > CLI_MAX_INPUT) {
        close(fd);
        return 1;
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return 1;
    file->bytes = p;
    file->len = (size_t)st.st_size;
    file->mapped = 1;
    return 0;
}

int cli_idf_open(const char *path, precis_idf **idf, cli_idf_file *file)
{
    char *data;
    size_t len;
    int rc, err;

    *idf = NULL;
    memset(file, 0, sizeof *file);
    rc = map_model(path, file);
    if (rc < 0)
        return -1;
    if (rc > 0) {
        if (cli_read_file(path, 0, &data, &len) != 0)
            return -1;
        file->bytes = data;
        file->len = len;
    }
    err = precis_idf_view(file->bytes, file->len, idf);
    if (err != PRECIS_OK) {
        cli_lib_error(path, err);
        cli_idf_file_close(file);
        return -1;
    }
    return 0;
}

void cli_idf_file_close(cli_idf_file *file)
{
    if (file->mapped)
        munmap(file->bytes, file->len);
    else
        free(file->bytes);
    memset(file, 0, sizeof *file);
}
