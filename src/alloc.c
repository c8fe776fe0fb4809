/* alloc.c: the library-wide allocator. */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"

static void *default_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void *default_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    return realloc(ptr, size);
}

static void default_free(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

static const precis_allocator default_allocator = {
    default_malloc, default_realloc, default_free, NULL};

static precis_allocator current = {default_malloc, default_realloc,
                                   default_free, NULL};

void precis_allocator_set(const precis_allocator *allocator)
{
    current = allocator ? *allocator : default_allocator;
}

void *px_malloc(size_t size)
{
    return current.malloc(current.ctx, size ? size : 1);
}

void *px_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = px_malloc(n * size);
    if (p)
        memset(p, 0, (n * size) > 0 ? n * size : 1);
    return p;
}

void *px_realloc(void *ptr, size_t size)
{
    return current.realloc(current.ctx, ptr, size ? size : 1);
}

void px_free(void *ptr)
{
    if (ptr)
        current.free(current.ctx, ptr);
}

void precis_free(void *ptr)
{
    px_free(ptr);
}

char *px_strndup(const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = px_malloc(len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* *items reallocated to n items of `size` bytes; 0 or PRECIS_ENOMEM
 * (then *items is untouched). */
static int resize(void **items, size_t n, size_t size)
{
    if (n > SIZE_MAX / size)
        return PRECIS_ENOMEM;
    void *p = px_realloc(*items, n * size);
    if (!p)
        return PRECIS_ENOMEM;
    *items = p;
    return 0;
}

int px_grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return PRECIS_ENOMEM;
        n *= 2;
    }
    if (resize(items, n, size))
        return PRECIS_ENOMEM;
    *cap = n;
    return 0;
}

int px_shrink(void **items, size_t n, size_t size)
{
    if (!*items)
        return 0;
    return resize(items, n ? n : 1, size);
}

void px_keep(void **slot, size_t *slot_cap, void *p, size_t cap,
             size_t bytes)
{
    if (p && bytes > PX_KEEP_MAX) {
        px_free(p);
        p = NULL;
        cap = 0;
    }
    *slot = p;
    *slot_cap = cap;
}
