/* pgarray.c -- array literals with the quoting PostgreSQL's array input expects, and the
 * reading of arrays as its output writes them. */
#include "server/core/pgarray.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
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

/* a's literal, the request failed when it could not be made */
static const char *finish_or_fail(struct pgarray *a, struct request *r)
{
    const char *out = pgarray_finish(a, r);
    if (out == NULL)
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
    return out;
}

const char *pgarray_ids(struct request *r, size_t n, const int64_t *v)
{
    struct pgarray a;
    pgarray_init(&a);
    for (size_t i = 0; i < n; i++) {
        char num[24];
        snprintf(num, sizeof(num), "%lld", (long long)v[i]);
        pgarray_add_raw(&a, num);
    }
    return finish_or_fail(&a, r);
}

const char *pgarray_hex(struct request *r, size_t n, const ProtobufCBinaryData *v)
{
    struct pgarray a;
    pgarray_init(&a);
    for (size_t i = 0; i < n; i++) {
        char *hex = xmalloc(2 * v[i].len + 1);
        for (size_t k = 0; k < v[i].len; k++)
            snprintf(hex + 2 * k, 3, "%02x", v[i].data[k]);
        hex[2 * v[i].len] = '\0';
        pgarray_add_raw(&a, hex);
        free(hex);
    }
    return finish_or_fail(&a, r);
}

/* ---- reading ---- */

static void push(struct pgarray_values *a, char *elem)
{
    if (a->n == a->vcap) {
        a->vcap = a->vcap ? 2 * a->vcap : 16;
        a->v = xrealloc(a->v, a->vcap * sizeof(*a->v));
    }
    a->v[a->n++] = elem;
}

/* Reads the elements of text into a's buffer (a copy that unquoting only shrinks). Unquoted
 * elements never hold spaces, quotes, backslashes or braces: array_out quotes those, and any
 * element that is empty or reads NULL. */
int pgarray_read(const char *text, struct pgarray_values *a)
{
    size_t len = strlen(text);
    a->n = 0;
    if (len == 0)
        return 0;
    if (len + 1 > a->cap) {
        a->cap = len + 1;
        a->buf = xrealloc(a->buf, a->cap);
    }
    const char *p = text;
    if (*p == '[') { /* "[0:2]={...}": a lower bound other than 1 */
        p = strchr(p, '=');
        if (p == NULL)
            goto bad;
        p++;
    }
    if (*p++ != '{')
        goto bad;
    char *w = a->buf;
    if (*p == '}' && p[1] == '\0')
        return 0;
    for (;;) {
        char *elem = w;
        if (*p == '"') {
            for (p++; *p != '"'; p++) {
                if (*p == '\\')
                    p++;
                if (*p == '\0')
                    goto bad;
                *w++ = *p;
            }
            p++;
            *w++ = '\0';
            push(a, elem);
        } else {
            size_t n = strcspn(p, ",}");
            if (n == 0 || memchr(p, '{', n) != NULL || memchr(p, '"', n) != NULL)
                goto bad;
            memcpy(w, p, n);
            w[n] = '\0';
            push(a, n == 4 && strncasecmp(p, "NULL", 4) == 0 ? NULL : elem);
            w += n + 1;
            p += n;
        }
        if (*p == '}' && p[1] == '\0')
            return 0;
        if (*p++ != ',')
            goto bad;
    }
bad:
    a->n = 0;
    return -1;
}

void pgarray_values_free(struct pgarray_values *a)
{
    free(a->buf);
    free(a->v);
    memset(a, 0, sizeof(*a));
}

void pgarray_values_free_n(struct pgarray_values *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pgarray_values_free(&a[i]);
}

int pgarray_columns(struct request *r, const PGresult *res, int row, int col,
                    struct pgarray_values *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *text = PQgetvalue(res, row, col + (int)i);
        if (pgarray_read(text, &a[i]) != 0 || a[i].n != a[0].n) {
            /* The value comes from the database: quoted, and cut to what is worth a line. */
            char quoted[100];
            log_error("pgarray.columns", "column=%d row=%d value=%s", col + (int)i, row,
                      log_quote(quoted, sizeof(quoted), text));
            request_fail(r, ZHUCUN__CODE__INTERNAL, "服务器内部错误", NULL);
            return -1;
        }
    }
    return 0;
}

char **pgarray_column(struct request *r, const PGresult *res, int row, int col, size_t *n)
{
    struct pgarray_values a = {0};
    char **out = NULL;
    if (pgarray_read(PQgetvalue(res, row, col), &a) != 0) {
        char quoted[100];
        log_error("pgarray.malformed", "column=%d value=%s", col,
                  log_quote(quoted, sizeof(quoted), PQgetvalue(res, row, col)));
        request_fail(r, ZHUCUN__CODE__INTERNAL, "服务器内部错误", NULL);
        goto out;
    }
    out = arena_alloc(r->arena, (a.n + 1) * sizeof(*out));
    for (size_t i = 0; out != NULL && i < a.n; i++) {
        out[i] = a.v[i] != NULL ? arena_strdup(r->arena, a.v[i]) : NULL;
        if (a.v[i] != NULL && out[i] == NULL)
            out = NULL;
    }
    if (out == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多，请缩小范围", NULL);
        goto out;
    }
    out[a.n] = NULL;
    *n = a.n;
out:
    pgarray_values_free(&a);
    return out;
}
