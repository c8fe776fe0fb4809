/* alloc.h: every allocation of the library goes through here, so that a
 * caller's allocator (precis_allocator_set) sees all of it and a failing
 * allocator can prove that PRECIS_ENOMEM propagates. */
#ifndef PRECIS_ALLOC_H
#define PRECIS_ALLOC_H

#include <stddef.h>

/* Like malloc/calloc/realloc/free. px_free(NULL) is a no-op. px_calloc and
 * px_grow check n * size for overflow and return NULL on it. */
void *px_malloc(size_t size);
void *px_calloc(size_t n, size_t size);
void *px_realloc(void *ptr, size_t size);
void px_free(void *ptr);

/* A copy of s[0..len) with a NUL after it, or NULL. OWNED: px_free. */
char *px_strndup(const char *s, size_t len);

/* Grows *items (each `size` bytes) so that it holds at least `need`
 * items; *cap is the current capacity, doubled as needed.
 * Returns 0 or PRECIS_ENOMEM (then *items is untouched). */
int px_grow(void **items, size_t *cap, size_t need, size_t size);

/* Reallocates *items, when not NULL, to exactly n items of `size` bytes
 * (one when n is 0, so that it stays a pointer to a block): what a
 * finished array gives back of the room px_grow left. Returns 0 or
 * PRECIS_ENOMEM (then *items is untouched, and still valid). */
int px_shrink(void **items, size_t n, size_t size);

/* The most bytes a buffer may hold and still be kept from one document
 * to the next (in a workspace or an analyzer): one that met a huge page
 * goes back, so that the room of a single page is not held for all the
 * small ones after it. */
#define PX_KEEP_MAX ((size_t)4 << 20)

/* Keeps buffer p, room for `cap` items taking `bytes` bytes, in *slot
 * and *slot_cap when bytes is at most PX_KEEP_MAX; else frees it and
 * leaves the slot empty (NULL, 0). */
void px_keep(void **slot, size_t *slot_cap, void *p, size_t cap,
             size_t bytes);

#endif
