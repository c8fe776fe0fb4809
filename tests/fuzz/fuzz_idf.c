/* fuzz_idf.c: the IDF model readers over any bytes: precis_idf_load, which
 * copies and checks everything, and precis_idf_view, which reads in place
 * and checks what lookups rely on. A model load accepts must answer for
 * each of its terms, save, and load back to the same bytes, and a view of
 * the same bytes must answer alike; a model only the view accepts must
 * still be readable all over without a read out of bounds. A model ends in
 * a checksum of the rest, which almost every mutation breaks; so each
 * input is also read with its last 8 bytes replaced by the right checksum
 * of either version (FNV-1a for version 1, px_idf_checksum for version 2),
 * to reach the parser behind it. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "idf_format.h" /* px_idf_checksum, version 2's checksum */
#include "strmap.h"     /* px_hash, version 1's checksum */

/* Reads every term of idf and looks each up. Returns how many terms
 * answer their own lookup (all of them, for a model load accepts). */
static size_t read_all(const precis_idf *idf)
{
    size_t i, n = precis_idf_terms(idf), found = 0;

    FUZZ_CHECK(precis_idf_lang(idf) != NULL);
    for (i = 0; i < n; i++) {
        const char *stem;
        size_t stem_len;
        uint64_t df;

        FUZZ_CHECK(precis_idf_term(idf, i, &stem, &stem_len, &df) ==
                   PRECIS_OK);
        FUZZ_CHECK(stem[stem_len] == '\0');
        FUZZ_CHECK(df >= 1);
        found += precis_idf_frequency(idf, stem, stem_len) == df;
    }
    (void)precis_idf_frequency(idf, "absent", 6);
    return found;
}

static void check_model(const precis_idf *idf)
{
    size_t n = precis_idf_terms(idf);
    char *bytes = NULL, *again = NULL;
    size_t len, again_len;
    precis_idf *copy = NULL;

    FUZZ_CHECK(read_all(idf) == n);
    if (precis_idf_save(idf, &bytes, &len) != PRECIS_OK)
        return;
    if (precis_idf_load(bytes, len, &copy) == PRECIS_OK) {
        FUZZ_CHECK(precis_idf_terms(copy) == n);
        FUZZ_CHECK(precis_idf_documents(copy) == precis_idf_documents(idf));
        if (precis_idf_save(copy, &again, &again_len) == PRECIS_OK)
            FUZZ_CHECK(again_len == len && memcmp(again, bytes, len) == 0);
    } else {
        FUZZ_CHECK(!"a saved model loads back");
    }
    precis_free(again);
    precis_idf_free(copy);
    precis_free(bytes);
}

static void load(const char *bytes, size_t size)
{
    precis_idf *idf = NULL, *view = NULL;
    int err = precis_idf_load(bytes, size, &idf);
    int view_err = precis_idf_view(bytes, size, &view);
    char *saved;
    size_t saved_len;

    FUZZ_CHECK(err == PRECIS_OK || err == PRECIS_EFORMAT ||
               err == PRECIS_EVERSION || err == PRECIS_ENOMEM);
    FUZZ_CHECK(view_err == PRECIS_OK || view_err == PRECIS_EFORMAT ||
               view_err == PRECIS_EVERSION || view_err == PRECIS_ENOMEM);
    if (err == PRECIS_OK) {
        check_model(idf);
        FUZZ_CHECK(view_err == PRECIS_OK);
        FUZZ_CHECK(precis_idf_terms(view) == precis_idf_terms(idf));
        FUZZ_CHECK(read_all(view) == precis_idf_terms(view));
    } else if (view_err == PRECIS_OK) {
        /* Accepted in place only: it must be safe to read and save. */
        (void)read_all(view);
        if (precis_idf_save(view, &saved, &saved_len) == PRECIS_OK)
            precis_free(saved);
    }
    precis_idf_free(view);
    precis_idf_free(idf);
}

/* Reads data with its last 8 bytes set to `sum` (little-endian). */
static void load_sealed(char *fixed, const uint8_t *data, size_t size,
                        uint64_t sum)
{
    memcpy(fixed, data, size);
    px_put_le64((unsigned char *)fixed + size - 8, sum);
    load(fixed, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *fixed;

    load((const char *)data, size);
    if (size < 8 || !(fixed = malloc(size)))
        return 0;
    load_sealed(fixed, data, size, px_hash((const char *)data, size - 8));
    load_sealed(fixed, data, size, px_idf_checksum(data, size - 8));
    free(fixed);
    return 0;
}
