/* db.c -- per-worker asynchronous PostgreSQL pool: connect, prepare, query, reconnect. */
#include "server/core/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/log.h"
#include "common/xmalloc.h"
#include "server/core/metrics.h"

enum dbc_state {
    DBC_DOWN,       /* no connection; the backoff timer will start one */
    DBC_CONNECTING, /* PQconnectPoll in progress; the timer bounds it */
    DBC_PREPARING,  /* preparing statement prep_idx */
    DBC_LIVE,       /* taking queries: none, or up to the pipeline depth in flight */
    DBC_CLOSED,     /* the pool is closing */
};

/* A connection whose oldest query has run this long takes no more behind it: a slow
 * statement holds up only what was already sent after it (docs/database-pool.md). */
#define HEAD_OF_LINE_MS 20

struct db_query {
    struct db_query *next;
    const struct db_statement *st;
    const char *const *values;
    const char *caller[7]; /* db_caller_set's parameters: scope, user id, role, proof, plans */
    db_result_cb cb;
    void *arg;
    uint64_t sent_ms; /* when it went to a connection */
    uint64_t made_ns; /* when db_query took it (uv_hrtime), until it is first sent */
    int retries;      /* times run again after a deadlock or serialization failure */
};

/* A query chosen as a deadlock's victim (40P01) or failing serialization (40001) rolled back
 * whole -- it is one statement, one transaction -- so it is run again, at most this often,
 * before its caller sees the failure. So is one refused by a read-only server (25006: the
 * connection reached a standby, or its primary was demoted by a failover), on another
 * connection: nothing of it was written. */
#define DB_RETRIES 3

/* Sent before every query, in the same pipeline and so the same transaction: who the query
 * runs for, read by the row-level security policies (zc_scope(), zc_user(); docs/rls.md), and
 * the role it runs as ('none': the connection's own). Local to the transaction: nothing is
 * left for the next query on the connection.
 *
 * With a token hash ($4), it first proves a session the server took from its cache
 * (docs/sessions.md): the session is live (not revoked, not past its end, not idle since the
 * later of last_seen and $6, this process's last use) and its auth_version is $5; otherwise
 * zc_session_refuse raises ZC016 or ZC017 and the query does not run. One primary-key read;
 * permissions are checked as the connection's role, before the statement switches role.
 * $7 is the statement's plan_cache_mode (DB_STATEMENT_CUSTOM: force_custom_plan; else auto). */
DB_STATEMENT(db_caller_set,
             "SELECT CASE WHEN $4::bytea IS NULL THEN true ELSE"
             " CASE (SELECT s.auth_version = $5::bigint FROM sessions s"
             " WHERE s.token_hash = $4::bytea AND s.revoked_at IS NULL AND s.expires_at > now()"
             " AND greatest(s.last_seen, to_timestamp($6::float8)) + s.idle_timeout > now())"
             " WHEN true THEN true WHEN false THEN zc_session_refuse(false)"
             " ELSE zc_session_refuse(true) END END,"
             " set_config('zhucun.scope', $1, true), set_config('zhucun.user', $2, true),"
             " set_config('role', $3, true), set_config('plan_cache_mode', $7, true)",
             7);

/* The poll handle lives apart from the connection so that a reconnect can start a new one
 * while the old one's close callback is still pending. It watches a dup of PQsocket, so that
 * PQfinish closing the original never leaves libuv holding a reused descriptor. */
struct db_watch {
    uv_poll_t h;
    int fd;      /* the dup */
    int orig_fd; /* PQsocket when the watch was made */
    dev_t dev;   /* identity of that socket: libpq may close it and get the same number */
    ino_t ino;   /* back for a new one (next address, SSL fallback) */
};

struct db_conn {
    struct db_pool *pool;
    int index;
    enum dbc_state state;
    PGconn *pg;
    struct db_watch *watch;
    int events;
    uv_timer_t timer;
    unsigned backoff_ms;
    int prep_idx;
    /* The queries sent and not yet answered, oldest first: each its own pipeline segment
     * (db_caller_set, the statement, a sync), answered in order. */
    struct db_query *head, *tail;
    unsigned inflight;
    PGresult *res;   /* the last result of the head query */
    PGresult *error; /* the first failed result of its segment (the caller's or the query's) */
    int ends;        /* the ends of a statement's results (NULL) read in this segment */
    /* The server said it is read-only (25006): it will never take a write again, so the
     * connection takes no new query and is dropped once those in flight are answered; the
     * reconnect finds the read-write host (target_session_attrs; docs/database-pool.md). */
    int read_only;
    /* Its connection attempts that timed out: a multi-host DSN's host list is turned by as
     * many places, so that a host that swallows packets (a primary that died without a
     * reset) is not first in line for ever (conn_connect). Each connection keeps its own:
     * the pool's connections time out together, and a shared count would turn the list by
     * their number, back where it was. */
    unsigned turn;
};

struct db_pool {
    uv_loop_t *loop;
    struct db_pool_options opts;
    struct db_conn *conns;
    unsigned live;
    int down; /* set when the last connection attempt failed with none live */
    int closed;
    unsigned open_handles;
    struct db_query *head, *tail; /* waiting for a connection */
    unsigned queued;
    struct db_query *lost; /* sent on a connection that broke, to be failed (on_lost) */
    uv_timer_t lost_timer;
    struct db_params params; /* the DSN's, plus the pool's defaults (db_params_build) */
};

static void conn_connect(struct db_conn *dc);
static void conn_broken(struct db_conn *dc, const char *why);
static void on_poll(uv_poll_t *h, int status, int events);
static void start_queued(struct db_pool *pool);

/* The registry: the linker gathers every DB_STATEMENT's entry into the section zc_statements
 * and names its bounds. Weak, so that a program with no statement at all links too. */
extern const struct db_statement *const __start_zc_statements[] __attribute__((weak));
extern const struct db_statement *const __stop_zc_statements[] __attribute__((weak));

const struct db_statement *const *db_statements(size_t *n)
{
    *n = __start_zc_statements != NULL ? (size_t)(__stop_zc_statements - __start_zc_statements) : 0;
    return __start_zc_statements;
}

int db_statement_index(const struct db_statement *st)
{
    size_t n;
    const struct db_statement *const *all = db_statements(&n);
    if (st == NULL || st->entry == NULL || n == 0 || st->entry < all || st->entry >= all + n ||
        *st->entry != st)
        return -1;
    return (int)(st->entry - all);
}

/* The i-th registered statement, or NULL past the last. */
static const struct db_statement *statement_at(int i)
{
    size_t n;
    const struct db_statement *const *all = db_statements(&n);
    return (size_t)i < n ? all[i] : NULL;
}

const char *db_strerror(int err)
{
    switch (err) {
    case DB_EUNAVAILABLE:
        return "database unavailable";
    case DB_EBUSY:
        return "database queue full";
    case DB_ECLOSED:
        return "database pool closed";
    case DB_EUNREGISTERED:
        return "statement not registered";
    default:
        return "no error";
    }
}

static void set_error(struct db_error *err, Zhucun__Code code, const char *msg, const char *field)
{
    err->code = code;
    err->sqlstate[0] = '\0';
    snprintf(err->message, sizeof(err->message), "%s", msg);
    snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
}

static void classify(const PGresult *res, struct db_error *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *field = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) : NULL;
    static const struct {
        const char *state;
        Zhucun__Code code;
    } zc[] = {
        {"ZC003", ZHUCUN__CODE__INVALID_ARGUMENT},
        {"ZC005", ZHUCUN__CODE__NOT_FOUND},
        {"ZC006", ZHUCUN__CODE__ALREADY_EXISTS},
        {"ZC007", ZHUCUN__CODE__PERMISSION_DENIED},
        {"ZC008", ZHUCUN__CODE__RESOURCE_EXHAUSTED},
        {"ZC009", ZHUCUN__CODE__FAILED_PRECONDITION},
        {"ZC016", ZHUCUN__CODE__UNAUTHENTICATED},
        /* a cached session out of date: dispatch checks it afresh and runs the request again */
        {"ZC017", ZHUCUN__CODE__UNAVAILABLE},
    };
    if (state == NULL) {
        set_error(err, ZHUCUN__CODE__UNAVAILABLE, "数据库暂时不可用，请稍后重试", NULL);
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(zc); i++) {
        if (strcmp(state, zc[i].state) == 0) {
            set_error(err, zc[i].code, msg ? msg : "", field);
            return;
        }
    }
    /* Connection exceptions, operator intervention (shutdown), insufficient resources. */
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57", 2) == 0 ||
        strncmp(state, "53", 2) == 0) {
        set_error(err, ZHUCUN__CODE__UNAVAILABLE, "数据库暂时不可用，请稍后重试", NULL);
        return;
    }
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0) {
        set_error(err, ZHUCUN__CODE__UNAVAILABLE, "并发冲突，请重试", NULL);
        return;
    }
    /* A read-only server (a standby, a demoted primary) while a failover runs: nothing was
     * written, and a retry reaches the new primary. */
    if (strcmp(state, "25006") == 0) {
        set_error(err, ZHUCUN__CODE__UNAVAILABLE, "数据库暂时不可用，请稍后重试", NULL);
        return;
    }
    if (strcmp(state, "22021") == 0 || strcmp(state, "22001") == 0 || strcmp(state, "23514") == 0 ||
        strcmp(state, "22P02") == 0 || strcmp(state, "22007") == 0 || strcmp(state, "22008") == 0) {
        /* Bad text, too long, a check constraint, a malformed number or date: the request
         * carried something the checks before the database let through. */
        char quoted[512];
        log_warn("db.rejected", "sqlstate=%s message=%s", state,
                 log_quote(quoted, sizeof(quoted), msg ? msg : ""));
        set_error(err, ZHUCUN__CODE__INVALID_ARGUMENT, "提交的数据不符合要求，请检查后重试", field);
        return;
    }
    if (strcmp(state, "23505") == 0) {
        set_error(err, ZHUCUN__CODE__ALREADY_EXISTS, "记录已存在", NULL);
        return;
    }
    char quoted[512];
    log_error("db.error", "sqlstate=%s message=%s", state,
              log_quote(quoted, sizeof(quoted), msg ? msg : ""));
    set_error(err, ZHUCUN__CODE__INTERNAL, "服务器内部错误", NULL);
}

void db_error_from_result(const PGresult *res, struct db_error *err)
{
    classify(res, err);
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", state != NULL ? state : "");
}

int db_result_read_only(const PGresult *res)
{
    const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return state != NULL && strcmp(state, "25006") == 0;
}

static void finish_query(struct db_query *q, PGresult *res, const struct db_error *err)
{
    q->cb(res, err, q->arg);
    free(q);
}

static void fail_query(struct db_query *q, const char *msg)
{
    struct db_error err;
    set_error(&err, ZHUCUN__CODE__UNAVAILABLE, msg, NULL);
    finish_query(q, NULL, &err);
}

static void fail_queue(struct db_pool *pool, const char *msg)
{
    struct db_query *q = pool->head;
    pool->head = pool->tail = NULL;
    pool->queued = 0;
    while (q != NULL) {
        struct db_query *next = q->next;
        fail_query(q, msg);
        q = next;
    }
}

static void clear_results(struct db_conn *dc)
{
    PQclear(dc->res);
    PQclear(dc->error);
    dc->res = NULL;
    dc->error = NULL;
    dc->ends = 0;
}

static void on_lost(uv_timer_t *t)
{
    struct db_pool *pool = container_of(t, struct db_pool, lost_timer);
    struct db_query *q = pool->lost;
    pool->lost = NULL;
    while (q != NULL) {
        struct db_query *next = q->next;
        fail_query(q, "与数据库的连接中断，请稍后重试");
        q = next;
    }
}

static void on_watch_closed(uv_handle_t *h)
{
    struct db_watch *w = container_of((uv_poll_t *)h, struct db_watch, h);
    close(w->fd);
    free(w);
}

static void drop_watch(struct db_conn *dc)
{
    if (dc->watch == NULL)
        return;
    uv_close((uv_handle_t *)&dc->watch->h, on_watch_closed);
    dc->watch = NULL;
    dc->events = 0;
}

/* Watches PQsocket for events. While connecting, libpq may close its socket and open another
 * (the next address, an SSL fallback), perhaps with the same number: the watch is made anew
 * when the socket changed. Once connected the socket stays, and a re-arm with the same events
 * costs nothing (no fstat, no epoll_ctl). */
static int watch(struct db_conn *dc, int events)
{
    int fd = PQsocket(dc->pg);
    if (fd < 0)
        return -1;
    if (dc->watch == NULL || dc->watch->orig_fd != fd || dc->state != DBC_LIVE) {
        struct stat st;
        if (fstat(fd, &st) != 0)
            return -1;
        if (dc->watch != NULL && (dc->watch->orig_fd != fd || dc->watch->dev != st.st_dev ||
                                  dc->watch->ino != st.st_ino))
            drop_watch(dc);
        if (dc->watch == NULL) {
            struct db_watch *w = xcalloc(1, sizeof(*w));
            w->orig_fd = fd;
            w->dev = st.st_dev;
            w->ino = st.st_ino;
            w->fd = dup(fd);
            if (w->fd < 0 || uv_poll_init(dc->pool->loop, &w->h, w->fd) != 0) {
                if (w->fd >= 0)
                    close(w->fd);
                free(w);
                return -1;
            }
            w->h.data = dc;
            dc->watch = w;
            dc->events = 0;
        }
    }
    if (events != dc->events) {
        uv_poll_start(&dc->watch->h, events, on_poll);
        dc->events = events;
    }
    return 0;
}

/* After sending: wait for the reply, and for writability while libpq has unsent data. */
static void flush_and_watch(struct db_conn *dc)
{
    int rc = PQflush(dc->pg);
    if (rc < 0) {
        conn_broken(dc, PQerrorMessage(dc->pg));
        return;
    }
    if (watch(dc, UV_READABLE | (rc == 1 ? UV_WRITABLE : 0)) != 0)
        conn_broken(dc, "could not watch the database socket");
}

static void on_backoff_done(uv_timer_t *t)
{
    conn_connect(container_of(t, struct db_conn, timer));
}

static void schedule_reconnect(struct db_conn *dc)
{
    struct db_pool *pool = dc->pool;
    dc->state = DBC_DOWN;
    unsigned delay = dc->backoff_ms;
    dc->backoff_ms = dc->backoff_ms * 2 > pool->opts.reconnect_max_ms ? pool->opts.reconnect_max_ms
                                                                      : dc->backoff_ms * 2;
    uv_timer_start(&dc->timer, on_backoff_done, delay, 0);
}

static void conn_broken(struct db_conn *dc, const char *why)
{
    struct db_pool *pool = dc->pool;
    int was_live = dc->state == DBC_LIVE;
    /* why is often libpq's message, several lines long: quoted, it stays on the line. */
    char reason[512];
    log_quote(reason, sizeof(reason), why ? why : "");
    if (was_live)
        pool->live--;
    log_warn("db.lost", "worker=%d db_conn=%d was=%s reason=%s", pool->opts.worker, dc->index,
             was_live ? "live" : "connecting", reason);
    uv_timer_stop(&dc->timer);
    drop_watch(dc);
    clear_results(dc);
    PQfinish(dc->pg);
    dc->pg = NULL;
    /* The queries sent on it may have committed before it broke: none runs again, each
     * caller learns the outcome is unknown (UNAVAILABLE; a keyed write's retry is safe). The
     * callbacks run from the loop, not from inside whatever noticed the break (db_query). */
    if (dc->head != NULL) {
        dc->tail->next = pool->lost;
        pool->lost = dc->head;
        uv_timer_start(&pool->lost_timer, on_lost, 0, 0);
    }
    dc->head = dc->tail = NULL;
    dc->inflight = 0;
    dc->read_only = 0;
    if (pool->live == 0 && !was_live) {
        /* Nothing is up and a fresh attempt failed: fail fast from now on. */
        pool->down = 1;
        fail_queue(pool, "数据库暂时不可用，请稍后重试");
    }
    if (was_live)
        dc->backoff_ms = pool->opts.reconnect_min_ms;
    if (pool->closed)
        dc->state = DBC_CLOSED;
    else
        schedule_reconnect(dc);
}

static void on_connect_timeout(uv_timer_t *t)
{
    struct db_conn *dc = container_of(t, struct db_conn, timer);
    /* libpq enforces connect_timeout only in a blocking connect: a non-blocking one waits on
     * a silent host until the pool's timer says so, and would start with it again. */
    dc->turn++;
    char why[300];
    snprintf(why, sizeof(why),
             "connection attempt timed out (host %s port %s); the next starts "
             "with the next host",
             dc->pg != NULL ? PQhost(dc->pg) : "-", dc->pg != NULL ? PQport(dc->pg) : "-");
    conn_broken(dc, why);
}

/* The comma-separated list turned by k places ("a,b,c" by 1 is "b,c,a"), or NULL when there
 * is nothing to turn (one item, or k a multiple of their number). */
static char *turn_list(const char *list, unsigned k)
{
    unsigned n = 1;
    for (const char *c = list; *c != '\0'; c++)
        n += *c == ',';
    if (n < 2 || k % n == 0)
        return NULL;
    const char *cut = list;
    for (unsigned i = 0; i < k % n; i++)
        cut = strchr(cut, ',') + 1;
    return xasprintf("%s,%.*s", cut, (int)(cut - list - 1), list);
}

static void prepare_next(struct db_conn *dc)
{
    const struct db_statement *st = statement_at(dc->prep_idx);
    if (st == NULL) {
        struct db_pool *pool = dc->pool;
        if (!PQenterPipelineMode(dc->pg)) {
            conn_broken(dc, PQerrorMessage(dc->pg));
            return;
        }
        dc->state = DBC_LIVE;
        pool->live++;
        if (pool->down)
            log_info("db.recovered", "worker=%d db_conn=%d", pool->opts.worker, dc->index);
        pool->down = 0;
        dc->backoff_ms = pool->opts.reconnect_min_ms;
        if (watch(dc, UV_READABLE) != 0) {
            conn_broken(dc, "could not watch the database socket");
            return;
        }
        start_queued(pool);
        return;
    }
    if (!PQsendPrepare(dc->pg, st->name, st->sql, st->nparams, NULL)) {
        conn_broken(dc, PQerrorMessage(dc->pg));
        return;
    }
    flush_and_watch(dc);
}

static void connect_progress(struct db_conn *dc)
{
    PostgresPollingStatusType st = PQconnectPoll(dc->pg);
    switch (st) {
    case PGRES_POLLING_READING:
        if (watch(dc, UV_READABLE) != 0)
            conn_broken(dc, "could not watch the database socket");
        return;
    case PGRES_POLLING_WRITING:
        if (watch(dc, UV_WRITABLE) != 0)
            conn_broken(dc, "could not watch the database socket");
        return;
    case PGRES_POLLING_OK:
        uv_timer_stop(&dc->timer);
        if (PQsetnonblocking(dc->pg, 1) != 0) {
            conn_broken(dc, PQerrorMessage(dc->pg));
            return;
        }
        log_info("db.connected", "worker=%d db_conn=%d", dc->pool->opts.worker, dc->index);
        dc->state = DBC_PREPARING;
        dc->prep_idx = 0;
        prepare_next(dc);
        return;
    default:
        conn_broken(dc, PQerrorMessage(dc->pg));
        return;
    }
}

static void notice_to_log(void *from, const char *message)
{
    char quoted[512];
    log_warn("db.notice", "from=%s message=%s", (const char *)from,
             log_quote(quoted, sizeof(quoted), message));
}

void db_log_notices(PGconn *pg, const char *from)
{
    if (pg != NULL)
        PQsetNoticeProcessor(pg, notice_to_log, (void *)from);
}

PGconn *db_connect_blocking(const char *dsn, unsigned long long connect_timeout_ms,
                            const char *application_name, const char *from)
{
    char timeout[24];
    unsigned long long ms = connect_timeout_ms;
    snprintf(timeout, sizeof(timeout), "%llu", ms < 2000 ? 2ULL : (ms + 999) / 1000);
    const char *keys[] = {"dbname", "connect_timeout", "application_name", NULL};
    const char *values[] = {dsn, timeout, application_name, NULL};
    PGconn *pg = PQconnectdbParams(keys, values, 1);
    db_log_notices(pg, from);
    return pg;
}

static void conn_connect(struct db_conn *dc)
{
    struct db_pool *pool = dc->pool;
    if (pool->closed)
        return;
    /* After a timed-out attempt, the same DSN with its hosts (and their ports) turned:
     * target_session_attrs still picks the read-write one. */
    const char **values = db_params_turned(&pool->params, dc->turn);
    dc->pg = PQconnectStartParams(pool->params.keywords, values, 0);
    db_params_turned_free(&pool->params, values);
    db_log_notices(dc->pg, "pool");
    if (dc->pg == NULL || PQstatus(dc->pg) == CONNECTION_BAD) {
        dc->state = DBC_CONNECTING;
        conn_broken(dc, dc->pg ? PQerrorMessage(dc->pg) : "out of memory");
        return;
    }
    dc->state = DBC_CONNECTING;
    uv_timer_start(&dc->timer, on_connect_timeout, pool->opts.connect_timeout_ms, 0);
    /* libpq wants the first PQconnectPoll once the socket is writable. */
    if (watch(dc, UV_WRITABLE) != 0)
        conn_broken(dc, "could not watch the database socket");
}

static uint64_t mono_ms(void)
{
    return uv_hrtime() / 1000000u;
}

/* Answers the head query from what its segment returned, and takes it off the connection.
 * The callback may send more on this connection, or break or close it. */
static void answer_head(struct db_conn *dc)
{
    struct db_query *q = dc->head;
    dc->head = q->next;
    if (dc->head == NULL)
        dc->tail = NULL;
    dc->inflight--;
    if (dc->head != NULL)
        dc->head->sent_ms = mono_ms(); /* its turn starts now */
    PGresult *last = dc->res, *error = dc->error;
    PGresult *res = error != NULL ? error : last;
    dc->res = dc->error = NULL;
    dc->ends = 0;
    const char *state = error != NULL ? PQresultErrorField(error, PG_DIAG_SQLSTATE) : NULL;
    int read_only = db_result_read_only(error);
    if (read_only && !dc->read_only) {
        dc->read_only = 1;
        log_warn("db.read_only", "worker=%d db_conn=%d statement=%s", dc->pool->opts.worker,
                 dc->index, q->st->name);
    }
    if (state != NULL &&
        (strcmp(state, "40P01") == 0 || strcmp(state, "40001") == 0 || read_only) &&
        q->retries < DB_RETRIES) {
        struct db_pool *pool = dc->pool;
        q->retries++;
        log_info("db.retry", "worker=%d statement=%s sqlstate=%s attempt=%d", pool->opts.worker,
                 q->st->name, state, q->retries + 1);
        PQclear(last);
        PQclear(error);
        /* first in line: sent again as soon as a connection can take it (on_poll) */
        q->next = pool->head;
        pool->head = q;
        if (pool->tail == NULL)
            pool->tail = q;
        pool->queued++;
    } else {
        ExecStatusType rs = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
        if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
            finish_query(q, res, NULL);
        } else {
            struct db_error err;
            db_error_from_result(res, &err);
            finish_query(q, res, &err);
        }
        PQclear(last);
        PQclear(error);
    }
    if (dc->read_only && dc->head == NULL && dc->state == DBC_LIVE) {
        /* The last query it had in flight is answered: reconnect, and send what waits (the
         * query above, run again) on the connections that can write. */
        conn_broken(dc,
                    "the database is read-only (a standby, or a primary demoted by a failover)");
        start_queued(dc->pool);
    }
}

/* Reads what arrived. While preparing, returns 1 when the statement's results ended. While
 * live, answers every query whose segment (db_caller_set, the query, a sync) is complete, in
 * order: dc->res keeps a segment's last result of the query, dc->error its first failure (a
 * failed db_caller_set aborts the query: its result says PIPELINE_ABORTED); returns 0. -1 when
 * the connection broke or closed (already handled). */
static int read_results(struct db_conn *dc)
{
    if (!PQconsumeInput(dc->pg)) {
        conn_broken(dc, PQerrorMessage(dc->pg));
        return -1;
    }
    while (!PQisBusy(dc->pg)) {
        if (dc->state == DBC_LIVE && dc->head == NULL)
            return 0; /* nothing asked: a notice or a notification, consumed */
        PGresult *r = PQgetResult(dc->pg);
        if (dc->state == DBC_PREPARING) {
            if (r == NULL)
                return 1;
            PQclear(dc->res);
            dc->res = r;
            continue;
        }
        if (r == NULL) {
            /* One statement's results ended; past the query's, only the sync is to come. */
            if (++dc->ends > 2)
                return 0;
            continue;
        }
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            answer_head(dc);
            if (dc->state != DBC_LIVE || dc->pg == NULL)
                return -1; /* the callback broke or closed it */
            continue;
        }
        if (st == PGRES_FATAL_ERROR && dc->error == NULL) {
            dc->error = r;
        } else if (dc->ends == 1 && st != PGRES_PIPELINE_ABORTED) {
            PQclear(dc->res);
            dc->res = r; /* the query's */
        } else {
            PQclear(r); /* db_caller_set's row, or an aborted statement */
        }
    }
    return 0;
}

/* Sends q on dc, behind whatever it has in flight. 0, or -1 after putting q back at the head
 * of the pool's queue and breaking the connection. */
static int send_query(struct db_conn *dc, struct db_query *q)
{
    struct db_pool *pool = dc->pool;
    if (!PQsendQueryPrepared(dc->pg, db_caller_set.name, db_caller_set.nparams, q->caller, NULL,
                             NULL, 0) ||
        !PQsendQueryPrepared(dc->pg, q->st->name, q->st->nparams, q->values, NULL, NULL, 0) ||
        !PQpipelineSync(dc->pg)) {
        /* Not sent as a whole segment: another connection (or this one, reconnected) runs
         * it. */
        q->next = pool->head;
        pool->head = q;
        if (pool->tail == NULL)
            pool->tail = q;
        pool->queued++;
        conn_broken(dc, PQerrorMessage(dc->pg));
        return -1;
    }
    q->next = NULL;
    q->sent_ms = mono_ms();
    if (q->made_ns != 0) {
        /* Counted once, at its first sending: a query sent again after a broken connection
         * did not wait for the pool the second time, it waited for the database. */
        metrics_db_wait(uv_hrtime() - q->made_ns);
        q->made_ns = 0;
    }
    if (dc->tail != NULL)
        dc->tail->next = q;
    else
        dc->head = q;
    dc->tail = q;
    dc->inflight++;
    flush_and_watch(dc);
    return dc->pg != NULL ? 0 : -1;
}

/* The live connection a new query should go to: one with none in flight, else the one with
 * the fewest below the pipeline depth whose oldest query is not slow; NULL when none. */
static struct db_conn *pick(struct db_pool *pool)
{
    struct db_conn *best = NULL;
    uint64_t now = 0;
    for (unsigned i = 0; i < pool->opts.size; i++) {
        struct db_conn *dc = &pool->conns[i];
        if (dc->state != DBC_LIVE || dc->read_only || dc->inflight >= pool->opts.pipeline)
            continue;
        if (dc->inflight == 0)
            return dc;
        if (now == 0)
            now = mono_ms();
        if (now - dc->head->sent_ms >= HEAD_OF_LINE_MS)
            continue;
        if (best == NULL || dc->inflight < best->inflight)
            best = dc;
    }
    return best;
}

/* Sends waiting queries while some connection can take them. */
static void start_queued(struct db_pool *pool)
{
    while (pool->head != NULL && !pool->closed) {
        struct db_conn *dc = pick(pool);
        if (dc == NULL)
            return;
        struct db_query *q = pool->head;
        pool->head = q->next;
        if (pool->head == NULL)
            pool->tail = NULL;
        pool->queued--;
        send_query(dc, q);
    }
}

static void on_poll(uv_poll_t *h, int status, int events)
{
    struct db_conn *dc = h->data;
    if (dc->pg == NULL)
        return;
    if (status < 0)
        dc->events = 0; /* libuv stopped the handle: the next watch() must start it again */
    if (status < 0 && dc->state != DBC_CONNECTING) {
        conn_broken(dc, uv_strerror(status));
        return;
    }
    switch (dc->state) {
    case DBC_CONNECTING:
        connect_progress(dc);
        return;
    case DBC_PREPARING:
    case DBC_LIVE:
        if (events & UV_WRITABLE) {
            flush_and_watch(dc);
            if (dc->pg == NULL)
                return;
        }
        if (!(events & UV_READABLE))
            return;
        if (dc->state == DBC_LIVE) {
            if (read_results(dc) < 0)
                return;
            if (PQstatus(dc->pg) == CONNECTION_BAD) {
                /* Nothing was asked: the server is closing the connection. */
                conn_broken(dc, PQerrorMessage(dc->pg));
                return;
            }
            PGnotify *n;
            while ((n = PQnotifies(dc->pg)) != NULL)
                PQfreemem(n);
            start_queued(dc->pool);
            return;
        }
        if (read_results(dc) != 1)
            return;
        if (dc->res == NULL || PQresultStatus(dc->res) != PGRES_COMMAND_OK) {
            const struct db_statement *st = statement_at(dc->prep_idx);
            char quoted[512];
            log_error("db.prepare_failed", "worker=%d statement=%s error=%s", dc->pool->opts.worker,
                      st->name,
                      log_quote(quoted, sizeof(quoted),
                                dc->res ? PQresultErrorMessage(dc->res) : "no result"));
            /* A statement that cannot be prepared is a deployment error (migrations not
             * applied): treat the database as unavailable and keep retrying. */
            dc->prep_idx = 0;
            conn_broken(dc, "could not prepare statements");
            return;
        }
        clear_results(dc);
        dc->prep_idx++;
        prepare_next(dc);
        return;
    default:
        return;
    }
}

void db_params_build(struct db_params *p, const char *dsn, unsigned statement_timeout_ms,
                     const char *application_name, int worker)
{
    const char *const defaults[][2] = {
        {"keepalives", "1"},           {"keepalives_idle", "10"},
        {"keepalives_interval", "5"},  {"keepalives_count", "3"},
        {"tcp_user_timeout", "20000"}, {"application_name", application_name},
    };
    char *errmsg = NULL;
    p->parsed = PQconninfoParse(dsn, &errmsg);
    if (errmsg != NULL && worker >= 0) {
        char quoted[512];
        log_error("db.dsn", "worker=%d error=%s", worker,
                  log_quote(quoted, sizeof(quoted), errmsg));
    }
    PQfreemem(errmsg);
    size_t n = 0;
    for (PQconninfoOption *o = p->parsed; o != NULL && o->keyword != NULL; o++)
        n++;
    p->keywords = xcalloc(n + ARRAY_SIZE(defaults) + 2, sizeof(char *));
    p->values = xcalloc(n + ARRAY_SIZE(defaults) + 2, sizeof(char *));
    size_t k = 0;
    int has_options = 0;
    for (PQconninfoOption *o = p->parsed; o != NULL && o->keyword != NULL; o++) {
        if (o->val == NULL)
            continue;
        has_options |= strcmp(o->keyword, "options") == 0;
        p->keywords[k] = o->keyword;
        p->values[k++] = o->val;
    }
    for (size_t i = 0; i < ARRAY_SIZE(defaults); i++) {
        int set = 0;
        for (size_t j = 0; j < k; j++)
            set |= strcmp(p->keywords[j], defaults[i][0]) == 0;
        if (!set) {
            p->keywords[k] = defaults[i][0];
            p->values[k++] = defaults[i][1];
        }
    }
    p->options = NULL;
    if (!has_options) {
        /* A test build's sessions may see the database's clock pin (docs/clock.md). */
        p->options = xasprintf("-c statement_timeout=%u%s", statement_timeout_ms,
                               zc_clock_pinnable() ? " -c zhucun.test_clock=on" : "");
        p->keywords[k] = "options";
        p->values[k++] = p->options;
    }
}

const char **db_params_turned(const struct db_params *p, unsigned turn)
{
    if (turn == 0)
        return p->values;
    size_t n = 0;
    while (p->keywords[n] != NULL)
        n++;
    const char **values = xcalloc(n + 1, sizeof(*values));
    for (size_t i = 0; i < n; i++) {
        char *turned = NULL;
        if (strcmp(p->keywords[i], "host") == 0 || strcmp(p->keywords[i], "hostaddr") == 0 ||
            strcmp(p->keywords[i], "port") == 0)
            turned = turn_list(p->values[i], turn);
        values[i] = turned != NULL ? turned : p->values[i];
    }
    return values;
}

void db_params_turned_free(const struct db_params *p, const char **values)
{
    if (values == p->values)
        return;
    for (size_t i = 0; p->keywords[i] != NULL; i++) {
        if (values[i] != p->values[i])
            free((char *)values[i]);
    }
    free(values);
}

void db_params_free(struct db_params *p)
{
    PQconninfoFree(p->parsed);
    free(p->keywords);
    free(p->values);
    free(p->options);
    memset(p, 0, sizeof(*p));
}

struct db_pool *db_pool_new(uv_loop_t *loop, const struct db_pool_options *opts)
{
    struct db_pool *pool = xcalloc(1, sizeof(*pool));
    pool->loop = loop;
    pool->opts = *opts;
    db_params_build(&pool->params, opts->dsn, opts->statement_timeout_ms, "zhucun-server",
                    opts->worker);
    if (pool->opts.pipeline == 0)
        pool->opts.pipeline = 1;
    uv_timer_init(loop, &pool->lost_timer);
    pool->open_handles++;
    pool->conns = xcalloc(opts->size, sizeof(*pool->conns));
    for (unsigned i = 0; i < opts->size; i++) {
        struct db_conn *dc = &pool->conns[i];
        dc->pool = pool;
        dc->index = (int)i;
        dc->backoff_ms = opts->reconnect_min_ms;
        uv_timer_init(loop, &dc->timer);
        pool->open_handles++;
        conn_connect(dc);
    }
    return pool;
}

int db_query(struct db_pool *pool, const struct db_statement *st, const char *const *values,
             const struct db_caller *caller, db_result_cb cb, void *arg)
{
    if (db_statement_index(st) < 0) {
        /* Every connection prepared the registered statements only: this one would fail on
         * the database with a confusing error, or worse run under another's name. */
        log_error("db.unregistered", "worker=%d statement=%s", pool->opts.worker,
                  st != NULL && st->name != NULL ? st->name : "-");
        return DB_EUNREGISTERED;
    }
    if (pool->closed)
        return DB_ECLOSED;
    if (pool->down && pool->live == 0)
        return DB_EUNAVAILABLE;
    /* First come, first sent: while some wait, a new one waits behind them. */
    struct db_conn *dc = pool->head == NULL ? pick(pool) : NULL;
    /* The queue bounds what waits; a query that can be sent at once never counts against it. */
    if (dc == NULL && pool->queued >= pool->opts.queue_max)
        return DB_EBUSY;
    struct db_query *q = xcalloc(1, sizeof(*q));
    q->st = st;
    q->values = values;
    q->caller[0] = caller != NULL ? caller->scope : "{}";
    q->caller[1] = caller != NULL ? caller->user_id : "0";
    q->caller[2] = st->role != NULL ? st->role : "none";
    q->caller[3] = caller != NULL ? caller->token : NULL;
    q->caller[4] = caller != NULL ? caller->auth_version : NULL;
    q->caller[5] = caller != NULL ? caller->last_used : NULL;
    q->caller[6] = st->custom_plans ? "force_custom_plan" : "auto";
    q->cb = cb;
    q->arg = arg;
    q->made_ns = uv_hrtime();
    if (dc != NULL) {
        send_query(dc, q); /* on failure q waits in the queue for another connection */
        return 0;
    }
    if (pool->tail != NULL)
        pool->tail->next = q;
    else
        pool->head = q;
    pool->tail = q;
    pool->queued++;
    return 0;
}

unsigned db_pool_live(const struct db_pool *pool)
{
    return pool->live;
}

unsigned db_pool_queued(const struct db_pool *pool)
{
    return pool->queued;
}

unsigned db_pool_turn(const struct db_pool *pool)
{
    for (unsigned i = 0; i < pool->opts.size; i++) {
        if (pool->conns[i].state == DBC_LIVE)
            return pool->conns[i].turn;
    }
    return 0;
}

static void on_lost_timer_closed(uv_handle_t *h)
{
    struct db_pool *pool = container_of((uv_timer_t *)h, struct db_pool, lost_timer);
    pool->open_handles--;
}

static void on_timer_closed(uv_handle_t *h)
{
    struct db_conn *dc = container_of((uv_timer_t *)h, struct db_conn, timer);
    dc->pool->open_handles--;
}

void db_pool_close(struct db_pool *pool)
{
    if (pool->closed)
        return;
    pool->closed = 1;
    for (unsigned i = 0; i < pool->opts.size; i++) {
        struct db_conn *dc = &pool->conns[i];
        uv_timer_stop(&dc->timer);
        drop_watch(dc);
        clear_results(dc);
        if (dc->pg != NULL) {
            PQfinish(dc->pg);
            dc->pg = NULL;
        }
        dc->state = DBC_CLOSED;
        struct db_query *q = dc->head;
        dc->head = dc->tail = NULL;
        dc->inflight = 0;
        while (q != NULL) {
            struct db_query *next = q->next;
            fail_query(q, "服务器正在停止");
            q = next;
        }
        uv_close((uv_handle_t *)&dc->timer, on_timer_closed);
    }
    pool->live = 0;
    fail_queue(pool, "服务器正在停止");
    struct db_query *q = pool->lost;
    pool->lost = NULL;
    while (q != NULL) {
        struct db_query *next = q->next;
        fail_query(q, "服务器正在停止");
        q = next;
    }
    uv_timer_stop(&pool->lost_timer);
    uv_close((uv_handle_t *)&pool->lost_timer, on_lost_timer_closed);
}

void db_pool_free(struct db_pool *pool)
{
    if (pool == NULL)
        return;
    db_params_free(&pool->params);
    free(pool->conns);
    free(pool);
}
