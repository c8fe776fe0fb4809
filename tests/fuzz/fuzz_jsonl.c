/* fuzz_jsonl.c: the command line's JSON Lines reader (src/cli/jsonl.c,
 * built into this target directly: the library does not have it). Any
 * line is read or refused with a reason, never both; what is read is
 * NUL-terminated. The four CLI functions jsonl.c refers to besides the
 * parser are given here, so that nothing else of the CLI is needed. */
#include <stdlib.h>

#include "cli.h"
#include "fuzz.h"

void *cli_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p)
        abort();
    return p;
}

void *cli_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);

    if (!p)
        abort();
    return p;
}

int cli_interrupted(void)
{
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cli_jsonl_line line;

    cli_jsonl_parse((const char *)data, size, &line);
    FUZZ_CHECK((line.text == NULL) == (line.error != NULL));
    FUZZ_CHECK(!line.error || (line.error_column >= 1 &&
                               line.error_column <= size + 1));
    if (line.text) {
        FUZZ_CHECK(line.text[line.text_len] == '\0');
        FUZZ_CHECK(line.text_len <= size);
        FUZZ_CHECK(precis_utf8_check(line.text, line.text_len) ==
                   line.text_len);
    }
    if (line.id) {
        FUZZ_CHECK(line.id[line.id_len] == '\0');
        FUZZ_CHECK(line.id_len <= size);
    }
    cli_jsonl_line_free(&line);
    return 0;
}
