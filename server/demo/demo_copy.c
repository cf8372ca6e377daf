/* demo_copy.c -- COPY FROM STDIN in text format: escaping, chunked sends, the final check. */
#include "server/demo/demo_copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypt.h"
#include "common/rules/date.h"
#include "common/xmalloc.h"
#include "server/household/seal.h"

static void *send_chunks(void *arg);

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
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    int e = pthread_create(&c->sender, NULL, send_chunks, c);
    if (e != 0) {
        fprintf(stderr, "zhucun-server: demo: COPY %s: could not start its sender: %s\n", table,
                strerror(e));
        exit(1);
    }
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

/* The sender thread: puts each chunk handed over to the server, in order, until the
 * generator closes and the queue is empty. After a failure it only drains the queue. */
static void *send_chunks(void *arg)
{
    struct demo_copy *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (c->queued == 0 && !c->closing)
            pthread_cond_wait(&c->cv, &c->mu);
        if (c->queued == 0)
            break;
        struct demo_chunk k = c->queue[c->head];
        int failed = c->send_failed;
        pthread_mutex_unlock(&c->mu);
        const char *msg = NULL;
        if (!failed && PQputCopyData(c->pg, k.buf, (int)k.len) != 1)
            msg = PQerrorMessage(c->pg);
        pthread_mutex_lock(&c->mu);
        if (msg != NULL) {
            fprintf(stderr, "zhucun-server: demo: COPY %s: could not send rows: %s", c->table, msg);
            c->send_failed = 1;
        }
        c->head = (c->head + 1) % DEMO_COPY_DEPTH;
        c->queued--;
        k.len = 0;
        c->spare[c->nspare++] = k;
        pthread_cond_broadcast(&c->cv);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

/* Hands the pending rows to the sender (waiting while it is DEMO_COPY_DEPTH chunks behind)
 * and goes on in a sent chunk's buffer, or a new one. */
static void flush(struct demo_copy *c)
{
    if (c->failed || c->len == 0)
        return;
    pthread_mutex_lock(&c->mu);
    while (c->queued == DEMO_COPY_DEPTH)
        pthread_cond_wait(&c->cv, &c->mu);
    c->queue[(c->head + c->queued) % DEMO_COPY_DEPTH] = (struct demo_chunk){c->buf, c->len, c->cap};
    c->queued++;
    struct demo_chunk next = {NULL, 0, DEMO_COPY_CHUNK + 4096};
    if (c->nspare > 0)
        next = c->spare[--c->nspare];
    c->failed |= c->send_failed;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    c->buf = next.buf != NULL ? next.buf : xmalloc(next.cap);
    c->cap = next.cap;
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

/* Writes the digits of v ending just before end (at least width of them, 0-padded); returns
 * where they begin. snprintf's format parsing was a sixth of the generator's time. */
static char *digits(char *end, uint64_t v, int width)
{
    char *p = end;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0 || end - p < width);
    return p;
}

void demo_copy_int(struct demo_copy *c, int64_t v)
{
    char b[24];
    char *end = b + sizeof(b) - 1;
    *end = '\0';
    char *p = digits(end, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 1);
    if (v < 0)
        *--p = '-';
    put_formatted(c, p);
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
    if (y < 0 || y > 9999) { /* not in the demo; a date PostgreSQL reads all the same */
        char wide[40];
        snprintf(wide, sizeof(wide), "%04d-%02d-%02d", y, m, d);
        put_formatted(c, wide);
        return;
    }
    char b[11];
    b[10] = '\0';
    digits(b + 10, (uint64_t)d, 2);
    b[7] = '-';
    digits(b + 7, (uint64_t)m, 2);
    b[4] = '-';
    digits(b + 4, (uint64_t)y, 4);
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
    pthread_mutex_lock(&c->mu);
    c->closing = 1;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->sender, NULL);
    c->failed |= c->send_failed;
    for (int i = 0; i < c->nspare; i++)
        free(c->spare[i].buf);
    c->nspare = 0;
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
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

/* Each row: the statement that drops, the one that makes again, and when it is made again (0
 * keys, 1 indexes, 2 foreign keys). A partitioned table's catalog rows of its partitions are
 * left out (conparentid): dropped and made on the table, they follow it; its indexes are
 * written ON ONLY the table, which would make them on it alone and invalid, so they are made ON
 * it, and built on every partition. */
static const char drop_keys_sql[] =
    "WITH t AS (SELECT unnest($1::text[])::regclass AS rel),"
    " k AS (SELECT 0 AS drop_ord, 2 AS make_ord,"
    "  format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS undo,"
    "  format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,"
    "   pg_get_constraintdef(c.oid)) AS redo"
    "  FROM pg_constraint c WHERE c.contype = 'f' AND c.conparentid = 0"
    "  AND (c.conrelid IN (SELECT rel FROM t) OR c.confrelid IN (SELECT rel FROM t))"
    " UNION ALL"
    "  SELECT 1, 0, format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass,"
    "   c.conname), format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass,"
    "   c.conname, pg_get_constraintdef(c.oid))"
    "  FROM pg_constraint c JOIN t ON t.rel = c.conrelid"
    "  WHERE c.contype IN ('p', 'u') AND c.conparentid = 0"
    " UNION ALL"
    "  SELECT 1, 1, format('DROP INDEX %s', i.indexrelid::regclass),"
    "   replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')"
    "  FROM pg_index i JOIN t ON t.rel = i.indrelid"
    "  WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid))"
    " SELECT undo, redo, make_ord FROM k ORDER BY drop_ord, undo";

static int exec_step(PGconn *pg, const char *sql, const char *what)
{
    PGresult *r = PQexec(pg, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "zhucun-server: demo: %s: %s  (%s)\n", what, PQresultErrorMessage(r), sql);
    PQclear(r);
    return ok ? 0 : -1;
}

PGresult *demo_copy_drop_keys(PGconn *pg, const char *const *tables)
{
    size_t cap = 3;
    for (size_t i = 0; tables[i] != NULL; i++)
        cap += strlen(tables[i]) + 1;
    char *list = xmalloc(cap);
    char *o = list;
    *o++ = '{';
    for (size_t i = 0; tables[i] != NULL; i++)
        o += sprintf(o, "%s%s", i > 0 ? "," : "", tables[i]);
    *o++ = '}';
    *o = '\0';
    const char *params[1] = {list};
    PGresult *res = PQexecParams(pg, drop_keys_sql, 1, NULL, params, NULL, NULL, 0);
    free(list);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "zhucun-server: demo: listing the keys of %s…: %s", tables[0],
                PQresultErrorMessage(res));
        PQclear(res);
        return NULL;
    }
    for (int i = 0; i < PQntuples(res); i++) {
        if (exec_step(pg, PQgetvalue(res, i, 0), "dropping a key for the load") != 0) {
            PQclear(res);
            return NULL;
        }
    }
    return res;
}

int demo_copy_restore_keys(PGconn *pg, const PGresult *keys)
{
    for (int ord = 0; ord <= 2; ord++)
        for (int i = 0; i < PQntuples(keys); i++)
            if (atoi(PQgetvalue(keys, i, 2)) == ord &&
                exec_step(pg, PQgetvalue(keys, i, 1), "making a key again after the load") != 0)
                return -1;
    return 0;
}
