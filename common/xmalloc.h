/* xmalloc.h -- allocation that aborts on out-of-memory, so callers never check for NULL. */
#ifndef ZHUCUN_XMALLOC_H
#define ZHUCUN_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh buffer; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* n zeroed bytes (rounded up to a multiple of 64) starting on a 64-byte boundary, a cache
 * line of their own for data that one thread writes and another reads; free() them. */
void *xcalloc_lines(size_t n);

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))
#define ARRAY_SIZE(a)                   (sizeof(a) / sizeof((a)[0]))

#endif
