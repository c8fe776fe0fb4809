/* replay.c: the driver a fuzz target links with when no fuzzing engine
 * is built in. It runs LLVMFuzzerTestOneInput over each file named on the
 * command line and over every file of each folder named (not recursive,
 * dot files skipped), so that the seeds and the crashes once found run in
 * the ordinary test suite. Each input is given in a buffer of exactly its
 * size, so that a sanitizer or valgrind sees a read past its end.
 * Exit status: 0, or 1 when a path cannot be read or no input was found. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t size = 0, cap = 0, got;

    if (!f) {
        perror(path);
        return -1;
    }
    do {
        if (size == cap) {
            uint8_t *grown;

            cap = cap ? cap * 2 : 4096;
            grown = realloc(data, cap);
            if (!grown) {
                fprintf(stderr, "%s: out of memory\n", path);
                free(data);
                fclose(f);
                return -1;
            }
            data = grown;
        }
        got = fread(data + size, 1, cap - size, f);
        size += got;
    } while (got > 0);
    if (ferror(f)) {
        perror(path);
        free(data);
        fclose(f);
        return -1;
    }
    fclose(f);
    /* The exact size, so that reading one byte past it is caught. */
    {
        uint8_t *exact = malloc(size ? size : 1);

        if (!exact) {
            free(data);
            return -1;
        }
        if (size)
            memcpy(exact, data, size);
        free(data);
        LLVMFuzzerTestOneInput(exact, size);
        free(exact);
    }
    return 0;
}

static int run_folder(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int status = 0;

    if (!d) {
        perror(dir);
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *path;
        struct stat st;

        if (e->d_name[0] == '.')
            continue;
        path = malloc(n);
        if (!path) {
            status = -1;
            break;
        }
        snprintf(path, n, "%s/%s", dir, e->d_name);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            if (run_file(path) != 0)
                status = -1;
            else
                (*count)++;
        }
        free(path);
    }
    closedir(d);
    return status;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int i, status = 0;

    for (i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            status = 1;
        } else if (S_ISDIR(st.st_mode)) {
            if (run_folder(argv[i], &count) != 0)
                status = 1;
        } else if (run_file(argv[i]) != 0) {
            status = 1;
        } else {
            count++;
        }
    }
    printf("replayed %zu inputs\n", count);
    return status != 0 || count == 0 ? 1 : 0;
}
