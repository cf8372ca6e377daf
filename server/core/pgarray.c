/* pgarray.c -- building array literals with the quoting PostgreSQL's array input expects. */
#include "server/core/pgarray.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "server/core/dispatch.h"

static void put(struct pgarray *a, const char *s, size_t n)
{
    if (a->len + n + 2 > a->cap) {
        a->cap = (a->len + n + 2) * 2;
        a->buf = xrealloc(a->buf, a->cap);
    }
    memcpy(a->buf + a->len, s, n);
    a->len += n;
}

void pgarray_init(struct pgarray *a)
{
    a->buf = NULL;
    a->len = a->cap = 0;
    put(a, "{", 1);
}

static void sep(struct pgarray *a)
{
    if (a->len > 1)
        put(a, ",", 1);
}

void pgarray_add_text(struct pgarray *a, const char *s)
{
    sep(a);
    put(a, "\"", 1);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            put(a, "\\", 1);
        put(a, s, 1);
    }
    put(a, "\"", 1);
}

void pgarray_add_raw(struct pgarray *a, const char *s)
{
    sep(a);
    if (s == NULL)
        put(a, "NULL", 4);
    else
        put(a, s, strlen(s));
}

const char *pgarray_finish(struct pgarray *a, struct request *r)
{
    put(a, "}", 1);
    a->buf[a->len] = '\0';
    char *out = arena_alloc(r->arena, a->len + 1);
    if (out != NULL)
        memcpy(out, a->buf, a->len + 1);
    free(a->buf);
    a->buf = NULL;
    return out;
}
