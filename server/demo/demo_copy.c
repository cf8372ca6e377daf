/* demo_copy.c -- COPY FROM STDIN in text format: escaping, chunked sends, the final check. */
#include "server/demo/demo_copy.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypt.h"
#include "common/rules/date.h"
#include "common/xmalloc.h"
#include "server/household/seal.h"

static void fail(struct demo_copy *c, const char *what, const char *msg)
{
    fprintf(stderr, "zhucun-server: demo: COPY %s: %s: %s%s", c->table, what, msg,
            msg[0] != '\0' && msg[strlen(msg) - 1] == '\n' ? "" : "\n");
    c->failed = 1;
}

int demo_copy_begin(struct demo_copy *c, PGconn *pg, const char *table, const char *columns)
{
    memset(c, 0, sizeof(*c));
    c->pg = pg;
    snprintf(c->table, sizeof(c->table), "%s", table);
    char *sql = xasprintf("COPY %s (%s) FROM STDIN", table, columns);
    PGresult *res = PQexec(pg, sql);
    free(sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        fail(c, "could not start", PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    PQclear(res);
    c->cap = DEMO_COPY_CHUNK + 4096;
    c->buf = xmalloc(c->cap);
    return 0;
}

static void reserve(struct demo_copy *c, size_t n)
{
    if (c->len + n > c->cap) {
        while (c->len + n > c->cap)
            c->cap *= 2;
        c->buf = xrealloc(c->buf, c->cap);
    }
}

static void put(struct demo_copy *c, const char *s, size_t n)
{
    reserve(c, n);
    memcpy(c->buf + c->len, s, n);
    c->len += n;
}

static void flush(struct demo_copy *c)
{
    if (c->failed || c->len == 0)
        return;
    if (PQputCopyData(c->pg, c->buf, (int)c->len) != 1)
        fail(c, "could not send rows", PQerrorMessage(c->pg));
    c->len = 0;
}

/* The separator before a field. */
static int field_start(struct demo_copy *c)
{
    if (c->failed)
        return -1;
    if (c->fields++ > 0)
        put(c, "\t", 1);
    return 0;
}

void demo_copy_text(struct demo_copy *c, const char *s)
{
    if (s == NULL) {
        demo_copy_null(c);
        return;
    }
    if (field_start(c) != 0)
        return;
    size_t n = strlen(s);
    reserve(c, 2 * n);
    char *o = c->buf + c->len;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        switch (ch) {
        case '\\':
            *o++ = '\\';
            *o++ = '\\';
            break;
        case '\t':
            *o++ = '\\';
            *o++ = 't';
            break;
        case '\n':
            *o++ = '\\';
            *o++ = 'n';
            break;
        case '\r':
            *o++ = '\\';
            *o++ = 'r';
            break;
        default:
            *o++ = ch;
        }
    }
    c->len = (size_t)(o - c->buf);
}

void demo_copy_null(struct demo_copy *c)
{
    if (field_start(c) == 0)
        put(c, "\\N", 2);
}

static void put_formatted(struct demo_copy *c, const char *s)
{
    if (field_start(c) == 0)
        put(c, s, strlen(s));
}

void demo_copy_int(struct demo_copy *c, int64_t v)
{
    char b[24];
    snprintf(b, sizeof(b), "%" PRId64, v);
    put_formatted(c, b);
}

void demo_copy_ref(struct demo_copy *c, int64_t v)
{
    if (v == 0)
        demo_copy_null(c);
    else
        demo_copy_int(c, v);
}

void demo_copy_bool(struct demo_copy *c, int v)
{
    put_formatted(c, v ? "t" : "f");
}

void demo_copy_double(struct demo_copy *c, double v)
{
    char b[48];
    snprintf(b, sizeof(b), "%.6f", v);
    put_formatted(c, b);
}

void demo_copy_text_array(struct demo_copy *c, const char *const *v, size_t n)
{
    size_t cap = 3;
    for (size_t i = 0; i < n; i++)
        cap += 2 * strlen(v[i]) + 3;
    char *lit = xmalloc(cap);
    char *o = lit;
    *o++ = '{';
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            *o++ = ',';
        /* Quoted, so commas, braces, spaces and the word NULL need no further thought. */
        *o++ = '"';
        for (const char *p = v[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                *o++ = '\\';
            *o++ = *p;
        }
        *o++ = '"';
    }
    *o++ = '}';
    *o = '\0';
    demo_copy_text(c, lit);
    free(lit);
}

/* Howard Hinnant's civil_from_days. */
static void civil(int32_t days, int *y, int *m, int *d)
{
    int32_t z = days + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int32_t demo_days(int year, int month, int day)
{
    int32_t y = year - (month <= 2);
    int32_t era = (y >= 0 ? y : y - 399) / 400;
    int32_t yoe = y - era * 400;
    int32_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int32_t demo_month_first(int32_t day, int months)
{
    int y, m, dd;
    rules_civil_from_days(day, &y, &m, &dd);
    int k = y * 12 + (m - 1) + months;
    return demo_days(k / 12, k % 12 + 1, 1);
}

void demo_copy_date(struct demo_copy *c, int32_t days)
{
    if (days == 0) {
        demo_copy_null(c);
        return;
    }
    int y, m, d;
    civil(days, &y, &m, &d);
    char b[40];
    snprintf(b, sizeof(b), "%04d-%02d-%02d", y, m, d);
    put_formatted(c, b);
}

void demo_copy_seal(struct demo_copy *c, int rc, struct seal *s)
{
    if (rc != 0) {
        fprintf(stderr, "zhucun-server: demo: could not encrypt personal data: %s\n",
                crypt_strerror(rc));
        exit(1);
    }
    demo_copy_text(c, s->enc);
    demo_copy_text(c, s->hmac);
    seal_clear(s);
}

void demo_copy_row(struct demo_copy *c)
{
    if (c->failed)
        return;
    put(c, "\n", 1);
    c->fields = 0;
    c->rows++;
    if (c->len >= DEMO_COPY_CHUNK)
        flush(c);
}

int demo_copy_end(struct demo_copy *c)
{
    flush(c);
    int ok = !c->failed;
    if (PQputCopyEnd(c->pg, ok ? NULL : "demo generator failed") != 1 && ok) {
        fail(c, "could not end", PQerrorMessage(c->pg));
        ok = 0;
    }
    PGresult *res;
    while ((res = PQgetResult(c->pg)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && ok) {
            fail(c, "failed", PQresultErrorMessage(res));
            ok = 0;
        }
        PQclear(res);
    }
    free(c->buf);
    c->buf = NULL;
    c->len = c->cap = 0;
    return ok ? 0 : -1;
}

/* demo_copy_drop_keys, and with indexes the table's secondary indexes too (those no
 * constraint uses), which come back first. */
static PGresult *drop_keys(PGconn *pg, const char *table, int indexes)
{
    const char *params[2] = {table, indexes ? "true" : "false"};
    PGresult *res = PQexecParams(pg,
                                 "SELECT undo, redo FROM ("
                                 " SELECT 1 AS ord, format('ALTER TABLE %s DROP CONSTRAINT %I',"
                                 " conrelid::regclass, conname) AS undo, format('ALTER TABLE %s"
                                 " ADD CONSTRAINT %I %s', conrelid::regclass, conname,"
                                 " pg_get_constraintdef(oid)) AS redo FROM pg_constraint"
                                 " WHERE conrelid = $1::regclass AND contype = 'f'"
                                 " UNION ALL"
                                 " SELECT 0, format('DROP INDEX %s', i.indexrelid::regclass),"
                                 " pg_get_indexdef(i.indexrelid) FROM pg_index i"
                                 " WHERE $2::boolean AND i.indrelid = $1::regclass"
                                 " AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
                                 " WHERE c.conindid = i.indexrelid)) k ORDER BY ord, redo",
                                 2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "zhucun-server: demo: listing the keys of %s failed: %s", table,
                PQresultErrorMessage(res));
        PQclear(res);
        return NULL;
    }
    for (int i = 0; i < PQntuples(res); i++) {
        PGresult *r = PQexec(pg, PQgetvalue(res, i, 0));
        int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok)
            fprintf(stderr, "zhucun-server: demo: dropping a key of %s for the load: %s", table,
                    PQresultErrorMessage(r));
        PQclear(r);
        if (!ok) {
            PQclear(res);
            return NULL;
        }
    }
    return res;
}

PGresult *demo_copy_drop_keys(PGconn *pg, const char *table)
{
    return drop_keys(pg, table, 0);
}

PGresult *demo_copy_drop_keys_and_indexes(PGconn *pg, const char *table)
{
    return drop_keys(pg, table, 1);
}
