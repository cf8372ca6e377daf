/* pgarray.h -- PostgreSQL array literals ({a,"b c",NULL}) for passing many values as one text
 * parameter (imports send one array per column). */
#ifndef ZHUCUN_PGARRAY_H
#define ZHUCUN_PGARRAY_H

#include <stddef.h>

struct request;

struct pgarray {
    char *buf;
    size_t len, cap;
};

void pgarray_init(struct pgarray *a);
/* A text element, quoted and escaped. */
void pgarray_add_text(struct pgarray *a, const char *s);
/* An element written as is (numbers); NULL for SQL NULL. */
void pgarray_add_raw(struct pgarray *a, const char *s);
/* Closes the literal, copies it into the request's arena (NULL when that is exhausted) and
 * frees the buffer. */
const char *pgarray_finish(struct pgarray *a, struct request *r);

#endif
