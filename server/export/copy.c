/* export/copy.c -- one export's own database connection, for COPY (libpq on a uv_poll).
 *
 * A small state machine (enum copy_state), one statement at a time. The socket is watched
 * through a dup of libpq's descriptor, as the pool does (core/db.c): libpq may close and
 * reopen its socket while connecting, and epoll must never see a number reused under it. */
#include "server/export/copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/log.h"
#include "common/xmalloc.h"

enum copy_state {
    COPY_CONNECTING, /* PQconnectPoll under way; the timer bounds it */
    COPY_IDLE,       /* up, no statement running */
    COPY_EXEC,       /* a statement sent (copy_exec), or a COPY's last results being read */
    COPY_OUT,        /* a COPY's rows arriving (copy_out) */
    COPY_BROKEN,     /* failed for good: every later call is refused */
    COPY_CLOSED,     /* copy_close: handles closing, no callback runs */
};

struct copy_watch {
    uv_poll_t h;
    int fd;      /* our dup of libpq's socket: what the poll watches */
    int orig_fd; /* libpq's own descriptor, with its identity */
    dev_t dev;
    ino_t ino;
};

struct copy_conn {
    uv_loop_t *loop;
    const struct server_config *cfg;
    int worker;
    enum copy_state state;
    PGconn *pg;
    uv_timer_t timer; /* the connect timeout, then copy_resume's kick */
    struct copy_watch *watch;
    int events; /* what the poll watches now */
    int handles;
    int paused;
    /* The step under way: its callbacks, its last result and its first error. */
    copy_done_cb done;
    copy_row_cb row;
    void *arg;
    PGresult *res;
    int failed;
    struct db_error err;
    struct db_params params; /* the connection's (db_params_build) */
};

static void on_poll(uv_poll_t *h, int status, int events);

/* ---- handles ---- */

static void release_if_closed(struct copy_conn *cc)
{
    if (cc->handles > 0)
        return;
    db_params_free(&cc->params);
    free(cc);
}

static void on_timer_closed(uv_handle_t *h)
{
    struct copy_conn *cc = h->data;
    cc->handles--;
    release_if_closed(cc);
}

static void on_watch_closed(uv_handle_t *h)
{
    struct copy_watch *w = container_of((uv_poll_t *)h, struct copy_watch, h);
    struct copy_conn *cc = h->data;
    close(w->fd);
    free(w);
    if (cc != NULL) {
        cc->handles--;
        release_if_closed(cc);
    }
}

static void drop_watch(struct copy_conn *cc)
{
    if (cc->watch == NULL)
        return;
    uv_close((uv_handle_t *)&cc->watch->h, on_watch_closed);
    cc->watch = NULL;
    cc->events = 0;
}

/* Watches libpq's socket for events (0: nothing); a new socket gets a new watch. */
static int watch(struct copy_conn *cc, int events)
{
    int fd = PQsocket(cc->pg);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0)
        return -1;
    if (cc->watch != NULL &&
        (cc->watch->orig_fd != fd || cc->watch->dev != st.st_dev || cc->watch->ino != st.st_ino))
        drop_watch(cc);
    if (cc->watch == NULL) {
        struct copy_watch *w = xcalloc(1, sizeof(*w));
        w->orig_fd = fd;
        w->dev = st.st_dev;
        w->ino = st.st_ino;
        w->fd = dup(fd);
        if (w->fd < 0 || uv_poll_init(cc->loop, &w->h, w->fd) != 0) {
            if (w->fd >= 0)
                close(w->fd);
            free(w);
            return -1;
        }
        w->h.data = cc;
        cc->watch = w;
        cc->handles++;
        cc->events = 0;
    }
    if (events != cc->events) {
        if (events == 0)
            uv_poll_stop(&cc->watch->h);
        else
            uv_poll_start(&cc->watch->h, events, on_poll);
        cc->events = events;
    }
    return 0;
}

/* ---- steps ---- */

/* Ends the step under way: its callback runs once with its result or its error. */
static void complete(struct copy_conn *cc)
{
    copy_done_cb done = cc->done;
    void *arg = cc->arg;
    PGresult *res = cc->res;
    struct db_error err = cc->err;
    int failed = cc->failed;
    cc->done = NULL;
    cc->row = NULL;
    cc->arg = NULL;
    cc->res = NULL;
    cc->failed = 0;
    if (cc->state != COPY_BROKEN)
        cc->state = PQstatus(cc->pg) == CONNECTION_OK ? COPY_IDLE : COPY_BROKEN;
    if (done != NULL)
        done(failed ? NULL : res, failed ? &err : NULL, arg);
    PQclear(res);
}

/* The connection failed for good: the step under way (if any) ends with UNAVAILABLE. */
static void broken(struct copy_conn *cc, const char *why)
{
    char quoted[512];
    log_warn("export.copy_lost", "worker=%d error=%s", cc->worker,
             log_quote(quoted, sizeof(quoted), why != NULL ? why : "-"));
    cc->state = COPY_BROKEN;
    uv_timer_stop(&cc->timer);
    if (cc->watch != NULL)
        uv_poll_stop(&cc->watch->h);
    cc->events = 0;
    if (!cc->failed) {
        cc->failed = 1;
        cc->err.code = ZHUCUN__CODE__UNAVAILABLE;
        snprintf(cc->err.message, sizeof(cc->err.message), "%s", "导出的数据库连接中断");
        cc->err.field[0] = '\0';
        cc->err.sqlstate[0] = '\0';
    }
    complete(cc);
}

/* Reads results until libpq has none left (the step is complete) or must wait for more. */
static void read_results(struct copy_conn *cc);

/* Hands the rows libpq holds to the row callback, until it must wait, is paused, or the COPY
 * ended (its last results follow). */
static void read_rows(struct copy_conn *cc)
{
    while (cc->state == COPY_OUT && !cc->paused) {
        char *buf = NULL;
        int n = PQgetCopyData(cc->pg, &buf, 1);
        if (n > 0) {
            cc->row(buf, (size_t)n, cc->arg);
            PQfreemem(buf);
            continue;
        }
        if (n == 0) {
            if (watch(cc, UV_READABLE) != 0)
                broken(cc, "could not watch the database socket");
            return;
        }
        if (n == -1) {
            cc->state = COPY_EXEC;
            read_results(cc);
            return;
        }
        broken(cc, PQerrorMessage(cc->pg));
        return;
    }
}

static void read_results(struct copy_conn *cc)
{
    while (cc->state == COPY_EXEC && !PQisBusy(cc->pg)) {
        PGresult *r = PQgetResult(cc->pg);
        if (r == NULL) {
            complete(cc);
            return;
        }
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_COPY_OUT && cc->row != NULL) {
            PQclear(r);
            cc->state = COPY_OUT;
            read_rows(cc);
            return;
        }
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && !cc->failed) {
            char quoted[512];
            cc->failed = 1;
            db_error_from_result(r, &cc->err);
            log_warn("export.copy_error", "worker=%d sqlstate=%s error=%s", cc->worker,
                     PQresultErrorField(r, PG_DIAG_SQLSTATE)
                         ? PQresultErrorField(r, PG_DIAG_SQLSTATE)
                         : "-",
                     log_quote(quoted, sizeof(quoted), PQresultErrorMessage(r)));
        }
        PQclear(cc->res);
        cc->res = r;
    }
    if (cc->state == COPY_EXEC && watch(cc, UV_READABLE) != 0)
        broken(cc, "could not watch the database socket");
}

/* Sends what libpq holds and watches for the answer (and for room to send the rest). */
static int flush_and_watch(struct copy_conn *cc)
{
    int rc = PQflush(cc->pg);
    if (rc < 0)
        return -1;
    return watch(cc, UV_READABLE | (rc == 1 ? UV_WRITABLE : 0));
}

static int start_step(struct copy_conn *cc, copy_row_cb row, copy_done_cb done, void *arg)
{
    if (cc->state != COPY_IDLE)
        return -1;
    cc->state = COPY_EXEC;
    cc->row = row;
    cc->done = done;
    cc->arg = arg;
    cc->failed = 0;
    return 0;
}

static void on_send_failed(uv_timer_t *t)
{
    struct copy_conn *cc = t->data;
    if (cc->state == COPY_EXEC)
        broken(cc, PQerrorMessage(cc->pg));
}

/* A statement that could not be sent ends on the next turn of the loop, as promised: its
 * callback never runs inside the call that started it. */
static void send_failed(struct copy_conn *cc)
{
    if (cc->watch != NULL)
        uv_poll_stop(&cc->watch->h);
    cc->events = 0;
    uv_timer_start(&cc->timer, on_send_failed, 0, 0);
}

int copy_exec(struct copy_conn *cc, const char *sql, int nparams, const char *const *values,
              copy_done_cb done, void *arg)
{
    if (start_step(cc, NULL, done, arg) != 0)
        return -1;
    if (!PQsendQueryParams(cc->pg, sql, nparams, NULL, values, NULL, NULL, 0) ||
        flush_and_watch(cc) != 0)
        send_failed(cc);
    return 0;
}

int copy_out(struct copy_conn *cc, const char *sql, copy_row_cb row, copy_done_cb done, void *arg)
{
    if (start_step(cc, row, done, arg) != 0)
        return -1;
    if (!PQsendQuery(cc->pg, sql) || flush_and_watch(cc) != 0)
        send_failed(cc);
    return 0;
}

void copy_pause(struct copy_conn *cc)
{
    if (cc->state == COPY_CLOSED || cc->state == COPY_BROKEN)
        return;
    cc->paused = 1;
    if (cc->state == COPY_OUT && cc->watch != NULL) {
        uv_poll_stop(&cc->watch->h);
        cc->events = 0;
    }
}

static void on_kick(uv_timer_t *t)
{
    struct copy_conn *cc = t->data;
    if (cc->state == COPY_OUT && !cc->paused)
        read_rows(cc); /* the rows libpq already holds first, then the socket again */
}

void copy_resume(struct copy_conn *cc)
{
    if (!cc->paused || cc->state == COPY_CLOSED || cc->state == COPY_BROKEN)
        return;
    cc->paused = 0;
    uv_timer_start(&cc->timer, on_kick, 0, 0);
}

/* ---- connecting ---- */

static void on_connect_timeout(uv_timer_t *t)
{
    struct copy_conn *cc = t->data;
    if (cc->state == COPY_CONNECTING)
        broken(cc, "connection attempt timed out");
}

static void connect_progress(struct copy_conn *cc)
{
    int events;
    switch (PQconnectPoll(cc->pg)) {
    case PGRES_POLLING_READING:
        events = UV_READABLE;
        break;
    case PGRES_POLLING_WRITING:
        events = UV_WRITABLE;
        break;
    case PGRES_POLLING_OK:
        uv_timer_stop(&cc->timer);
        if (PQsetnonblocking(cc->pg, 1) != 0 || watch(cc, UV_READABLE) != 0) {
            broken(cc, PQerrorMessage(cc->pg));
            return;
        }
        cc->state = COPY_IDLE;
        complete(cc); /* ready */
        return;
    default:
        broken(cc, PQerrorMessage(cc->pg));
        return;
    }
    if (watch(cc, events) != 0)
        broken(cc, "could not watch the database socket");
}

static void on_poll(uv_poll_t *h, int status, int events)
{
    struct copy_conn *cc = h->data;
    if (cc == NULL || cc->pg == NULL)
        return;
    if (status < 0)
        cc->events = 0; /* libuv stopped the handle: the next watch() starts it again */
    if (status < 0 && cc->state != COPY_CONNECTING) {
        broken(cc, uv_strerror(status));
        return;
    }
    switch (cc->state) {
    case COPY_CONNECTING:
        connect_progress(cc);
        return;
    case COPY_IDLE:
        /* Nothing is expected: a notice, or the database going away. */
        if (!PQconsumeInput(cc->pg))
            broken(cc, PQerrorMessage(cc->pg));
        return;
    case COPY_EXEC:
    case COPY_OUT:
        if (events & UV_WRITABLE) {
            int rc = PQflush(cc->pg);
            if (rc < 0 || watch(cc, UV_READABLE | (rc == 1 ? UV_WRITABLE : 0)) != 0) {
                broken(cc, PQerrorMessage(cc->pg));
                return;
            }
        }
        if (events & UV_READABLE) {
            if (!PQconsumeInput(cc->pg)) {
                broken(cc, PQerrorMessage(cc->pg));
                return;
            }
            if (cc->state == COPY_OUT)
                read_rows(cc);
            else
                read_results(cc);
        }
        return;
    default:
        return;
    }
}

struct copy_conn *copy_open(uv_loop_t *loop, const struct server_config *cfg, const char *dsn,
                            int worker, unsigned turn, copy_done_cb ready, void *arg)
{
    struct copy_conn *cc = xcalloc(1, sizeof(*cc));
    cc->loop = loop;
    cc->cfg = cfg;
    cc->worker = worker;
    cc->state = COPY_CONNECTING;
    cc->done = ready;
    cc->arg = arg;
    uv_timer_init(loop, &cc->timer);
    cc->timer.data = cc;
    cc->handles = 1;
    /* the pool's parameters (the pool has logged a DSN that does not parse), named apart */
    db_params_build(&cc->params, dsn, (unsigned)cfg->db_statement_timeout_ms,
                    "zhucun-server export", -1);
    const char **values = db_params_turned(&cc->params, turn);
    cc->pg = PQconnectStartParams(cc->params.keywords, values, 0);
    db_params_turned_free(&cc->params, values);
    db_log_notices(cc->pg, "export");
    if (cc->pg == NULL || PQstatus(cc->pg) == CONNECTION_BAD) {
        /* Said on the loop, as promised, not from inside this call. */
        uv_timer_start(&cc->timer, on_connect_timeout, 0, 0);
        return cc;
    }
    uv_timer_start(&cc->timer, on_connect_timeout, cfg->db_connect_timeout_ms, 0);
    /* libpq wants the first PQconnectPoll once the socket is writable. */
    if (watch(cc, UV_WRITABLE) != 0)
        uv_timer_start(&cc->timer, on_connect_timeout, 0, 0);
    return cc;
}

void copy_close(struct copy_conn *cc)
{
    if (cc == NULL || cc->state == COPY_CLOSED)
        return;
    cc->state = COPY_CLOSED;
    cc->done = NULL;
    cc->row = NULL;
    PQclear(cc->res);
    cc->res = NULL;
    if (cc->watch != NULL)
        uv_poll_stop(&cc->watch->h);
    drop_watch(cc);
    PQfinish(cc->pg);
    cc->pg = NULL;
    uv_timer_stop(&cc->timer);
    uv_close((uv_handle_t *)&cc->timer, on_timer_closed);
}

/* ---- rows ---- */

/* The start of the quoted field that ends just before end (end points after its closing
 * quote): inside, quotes come in pairs, so walking back pair by pair the first lone quote is
 * the opening one. NULL when there is none. */
static const char *quoted_field_start(const char *row, const char *end)
{
    if (end - row < 2 || end[-1] != '"')
        return NULL;
    const char *p = end - 2;
    while (p >= row) {
        if (*p == '"') {
            if (p > row && p[-1] == '"') {
                p -= 2;
                continue;
            }
            return p;
        }
        p--;
    }
    return NULL;
}

/* Copies the quoted field [start, end) unquoted into out (cap bytes). -1 when it does not fit. */
static int unquote(const char *start, const char *end, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = start + 1; p < end - 1; p++) {
        if (*p == '"')
            p++; /* the first of a pair */
        if (n + 1 >= cap)
            return -1;
        out[n++] = *p;
    }
    out[n] = '\0';
    return 0;
}

int copy_row_split(const char *row, size_t len, size_t *keep, char *key, size_t key_cap, char *chg,
                   size_t chg_cap)
{
    if (len < 2 || row[len - 1] != '\n')
        return -1;
    const char *end = row + len - 1;
    const char *c = quoted_field_start(row, end);
    if (c == NULL || c == row || c[-1] != ',')
        return -1;
    if (key == NULL) {
        if (unquote(c, end, chg, chg_cap) != 0)
            return -1;
        *keep = (size_t)(c - 1 - row);
        return 0;
    }
    const char *k = quoted_field_start(row, c - 1);
    if (k == NULL || k == row || k[-1] != ',')
        return -1;
    if (unquote(c, end, chg, chg_cap) != 0 || unquote(k, c - 1, key, key_cap) != 0)
        return -1;
    *keep = (size_t)(k - 1 - row);
    return 0;
}
