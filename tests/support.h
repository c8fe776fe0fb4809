/* support.h: helpers shared by the unit tests: a counting allocator that
 * can fail its k-th allocation, the sweep that fails every allocation
 * point in turn, and reading test data. Include it after <cmocka.h>;
 * failed checks end the current test through cmocka. */
#ifndef PRECIS_TEST_SUPPORT_H
#define PRECIS_TEST_SUPPORT_H

#include <stddef.h>

#include "precis.h"

/* The counting allocator's state, global because precis_allocator_set is
 * library-wide anyway. Tests read it; setting fail_at = 0 lets the calls
 * after a failure succeed while `failed` still says one failed. */
typedef struct test_mem_state {
    size_t calls;   /* allocations attempted (malloc, and realloc) */
    size_t fail_at; /* 1-based call that returns NULL; 0: none */
    int failed;     /* the fail_at call happened and returned NULL */
    long live;      /* blocks currently allocated */
    int installed;  /* test_mem_install was called, not yet removed */
} test_mem_state;

extern test_mem_state test_mem;

/* Resets test_mem and makes the counting allocator the library's. */
void test_mem_install(void);

/* Restores malloc/realloc/free; test_mem keeps its counts to be read. */
void test_mem_remove(void);

/* From now on, the k-th allocation (1-based) fails; 0: none does. Resets
 * the call count and the failed flag, not the live count. */
void test_mem_fail_at(size_t k);

/* One attempt of a sweep: builds and frees what it tests and returns the
 * library's status. It may use cmocka asserts. */
typedef int (*test_attempt_fn)(void *ctx);

/* Fails allocation k = 1, 2, ... until `attempt` runs with no allocation
 * failed. After each attempt no block may be left beyond those live
 * before it; an attempt whose allocation failed must return
 * PRECIS_ENOMEM, the last one PRECIS_OK. `lenient` accepts PRECIS_OK as
 * well after a failed allocation (code that may carry on without, such as
 * a shrink) and ends the sweep there. Reaching k == limit is a failure.
 * If the allocator is not installed, each attempt installs and removes
 * it; if it is, blocks made before the sweep stay counted. Returns the
 * number of attempts that got PRECIS_ENOMEM. */
size_t test_mem_sweep(test_attempt_fn attempt, void *ctx, size_t limit,
                      int lenient);

/* An article and what it is made from, for tests that need one. */
typedef struct test_article {
    precis_doc *doc;
    precis_lang *lang;
    precis_analyzer *analyzer;
    precis_article *article;
} test_article;

/* Makes doc -> English language -> analyzer -> article from text[0..len),
 * in that order, into a (cleared first). Returns the first error; what was
 * made stays in a for test_article_close either way. */
int test_article_open(test_article *a, const char *text, size_t len);

/* Frees what a holds and clears it. */
void test_article_close(test_article *a);

/* Writes $PRECIS_TEST_DATA/name to path[0..cap); fails the test if the
 * variable is unset or the path does not fit. */
void test_data_path(char *path, size_t cap, const char *name);

/* Reads the file at path whole, with a NUL after it; *len gets its size.
 * Fails the test if the file cannot be read. OWNED: free(). */
char *test_read_file(const char *path, size_t *len);

/* test_read_file of $PRECIS_TEST_DATA/name. */
char *test_read_data(const char *name, size_t *len);

/* len bytes of `unit` repeated (the last copy cut short where len is not
 * a multiple), with a NUL after them. OWNED: free(). */
char *test_repeat(const char *unit, size_t len);

#endif
