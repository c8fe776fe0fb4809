/* fuzz_idf.c: the IDF model loader (precis_idf_load) over any bytes. A
 * model it accepts must answer for each of its terms, save, and load back
 * to the same bytes. A model ends in a checksum of the rest, which almost
 * every mutation breaks; so each input is also read with its last 8 bytes
 * replaced by the right checksum, to reach the parser behind it. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "strmap.h" /* px_hash, the model's checksum */

static void check_model(const precis_idf *idf)
{
    size_t i, n = precis_idf_terms(idf);
    char *bytes = NULL, *again = NULL;
    size_t len, again_len;
    precis_idf *copy = NULL;

    FUZZ_CHECK(precis_idf_lang(idf) != NULL);
    for (i = 0; i < n; i++) {
        const char *stem;
        size_t stem_len;
        uint64_t df;

        FUZZ_CHECK(precis_idf_term(idf, i, &stem, &stem_len, &df) ==
                   PRECIS_OK);
        FUZZ_CHECK(stem[stem_len] == '\0');
        FUZZ_CHECK(precis_idf_frequency(idf, stem, stem_len) == df);
    }
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
    precis_idf *idf = NULL;
    int err = precis_idf_load(bytes, size, &idf);

    FUZZ_CHECK(err == PRECIS_OK || err == PRECIS_EFORMAT ||
               err == PRECIS_EVERSION || err == PRECIS_ENOMEM);
    if (err == PRECIS_OK)
        check_model(idf);
    precis_idf_free(idf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *fixed;
    uint64_t sum;
    size_t i;

    load((const char *)data, size);
    if (size < 8 || !(fixed = malloc(size)))
        return 0;
    memcpy(fixed, data, size);
    sum = px_hash(fixed, size - 8);
    for (i = 0; i < 8; i++)
        fixed[size - 8 + i] = (char)(unsigned char)(sum >> (8 * i));
    load(fixed, size);
    free(fixed);
    return 0;
}
