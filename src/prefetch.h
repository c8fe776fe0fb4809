/* prefetch.h: a hint that memory will be read soon.
 *
 * Lookups in tables larger than the caches wait on memory; asking for
 * the lines of several lookups ahead of time lets their misses overlap.
 * Only a hint: it never faults, and without the compiler's builtin it
 * does nothing. */
#ifndef PRECIS_PREFETCH_H
#define PRECIS_PREFETCH_H

static inline void px_prefetch(const void *p)
{
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

#endif
