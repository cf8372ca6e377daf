/* dispatch.c -- request unpacking, the call table gathered from the domains, the session
 * check, idempotent replay, replies and the per-request log line. */
#include "server/core/dispatch.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/sha.h>

#include "common/frame.h"
#include "common/log.h"
#include "common/pbcheck.h"
#include "common/rules/ids.h"
#include "common/status.h"
#include "common/token.h"
#include "server/core/access.h"
#include "common/xmalloc.h"
#include "server/core/conn.h"
#include "server/core/domain.h"
#include "server/core/metrics.h"
#include "server/core/worker.h"

#define IDEMPOTENCY_KEY_MAX 128

/* The session of a token hash ($1): one row per role grant (role NULL for none); no row when
 * the session is unknown, revoked or expired (0001_foundation.sql). */
DB_STATEMENT(store_session_check,
             "SELECT user_id, username, display_name, must_change_password,"
             " extract(epoch FROM expires_at)::bigint, role, scope_code, scope_name, unit_id,"
             " auth_version, idle_timeout_s"
             " FROM zc_session_check($1::bytea)",
             1);

/* Nothing but the proof of a cached session, which its pipeline carries (request_prove). */
DB_STATEMENT(store_session_live, "SELECT true", 0);

/* What a write stored for an idempotency key of user $1: the call, whether its result is in
 * (not while the first attempt runs), the result's text (stored.h; NULL when the write
 * stores none under "r") and the hash of the request the key was first used for (hex, NULL
 * when none was bound). */
DB_STATEMENT(store_idem_lookup,
             "SELECT call, result IS NOT NULL, result ->> 'r', encode(request_hash, 'hex')"
             " FROM idempotency WHERE user_id = $1::bigint AND key = $2",
             2);

#define KEY_REUSED_MESSAGE                                                                         \
    "幂等键已用于内容不同的请求：重试须发送与首次完全相同的请求，新的操作请用新的键"

uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ---- the call table ---- */

static uv_once_t table_once = UV_ONCE_INIT;
static const struct call_def **table; /* every domain's calls, in server_domains order */
static size_t ntable;
static const struct call_def **by_case; /* indexed by body case, up to max_case */
static int max_case;

/* Gathers the domains' calls. Two calls for one body case are a programming error that the
 * unit test of the call table names; should one slip through, the server does not start. */
static void build_table(void)
{
    for (const struct domain *const *d = server_domains; *d != NULL; d++) {
        ntable += (*d)->ncalls;
        for (size_t i = 0; i < (*d)->ncalls; i++)
            if ((*d)->calls[i].body_case > max_case)
                max_case = (*d)->calls[i].body_case;
    }
    table = xcalloc(ntable + 1, sizeof(*table));
    by_case = xcalloc((size_t)max_case + 1, sizeof(*by_case));
    size_t k = 0;
    for (const struct domain *const *d = server_domains; *d != NULL; d++) {
        for (size_t i = 0; i < (*d)->ncalls; i++) {
            const struct call_def *call = &(*d)->calls[i];
            if (call->body_case <= 0 || by_case[call->body_case] != NULL) {
                fprintf(stderr, "zhucun-server: call %s: Request body %d is not free\n", call->name,
                        call->body_case);
                abort();
            }
            by_case[call->body_case] = call;
            table[k++] = call;
        }
    }
}

const struct call_def *const *dispatch_calls(size_t *n)
{
    uv_once(&table_once, build_table);
    *n = ntable;
    return table;
}

const struct call_def *dispatch_call(int body_case)
{
    uv_once(&table_once, build_table);
    return body_case > 0 && body_case <= max_case ? by_case[body_case] : NULL;
}

unsigned session_roles(const struct session *s)
{
    unsigned bits = 0;
    for (size_t i = 0; i < s->ngrants; i++)
        bits |= rules_role_bit(s->grants[i].role);
    return bits;
}

static void finish(struct request *r, Zhucun__Code code)
{
    struct worker *w = r->w;
    uint64_t us = mono_us() - r->start_us;
    metrics_request(r->msg != NULL ? (int)r->msg->body_case : 0, (int)code, us);
    char user[80];
    log_quote(user, sizeof(user), r->has_session ? r->session.username : "-");
    /* session: where the session came from -- the process's cache (proved by the request's
     * query), the database, or none. */
    log_info("request", "worker=%d conn=%llu req=%llu user=%s call=%s status=%s session=%s us=%llu",
             w->index, (unsigned long long)r->conn_id, (unsigned long long)r->id, user,
             r->call ? r->call->name : "-", status_code_name(code),
             r->session_cached ? "cache"
             : r->has_session  ? "db"
                               : "-",
             (unsigned long long)us);
    struct conn *c = r->conn;
    size_t charged = r->charged;
    arena_free(r->arena);
    free(r);
    conn_request_done(c, charged);
    worker_request_gone(w);
}

static void on_deferred_proved(struct request *r, PGresult *res, void *arg)
{
    (void)res;
    (void)arg;
    conn_send_frame(r->conn, r->deferred, r->deferred_len);
    finish(r, r->deferred_code);
}

void request_reply(struct request *r, Zhucun__Reply *reply)
{
    Zhucun__Status ok = ZHUCUN__STATUS__INIT;
    reply->id = r->id;
    if (reply->status == NULL)
        reply->status = &ok;
    if (r->session_cached && !r->proof_sent) {
        /* Answered from the cache alone (a refusal by a role it holds, say): nothing leaves
         * before the database agrees the session is live and current, and a session that
         * changed runs the request again. */
        size_t len = protobuf_c_message_get_packed_size(&reply->base);
        r->deferred = arena_alloc(r->arena, FRAME_HEADER + len);
        if (r->deferred != NULL) {
            r->deferred_len = frame_pack_into(&reply->base, r->deferred);
            r->deferred_code = reply->status->code;
            request_query(r, &store_session_live, NULL, on_deferred_proved, NULL);
            return;
        }
        r->session_cached = 0; /* out of memory: refuse below, unproved but harmless */
        Zhucun__Status busy = ZHUCUN__STATUS__INIT;
        busy.code = ZHUCUN__CODE__RESOURCE_EXHAUSTED;
        busy.message = "请求过大";
        Zhucun__Reply fail = ZHUCUN__REPLY__INIT;
        fail.id = r->id;
        fail.status = &busy;
        conn_send(r->conn, &fail);
        finish(r, busy.code);
        return;
    }
    conn_send(r->conn, reply);
    finish(r, reply->status->code);
}

void request_send_part(struct request *r, Zhucun__Reply *reply)
{
    /* A part goes out at once: a streaming handler queries, or request_prove, first. */
    assert(!r->session_cached || r->proof_sent);
    Zhucun__Status ok = ZHUCUN__STATUS__INIT;
    reply->id = r->id;
    reply->more = 1;
    if (reply->status == NULL)
        reply->status = &ok;
    conn_send(r->conn, reply);
}

void request_fail(struct request *r, Zhucun__Code code, const char *message, const char *field)
{
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__Status status = ZHUCUN__STATUS__INIT;
    Zhucun__FieldError fe = ZHUCUN__FIELD_ERROR__INIT;
    Zhucun__FieldError *fields[1] = {&fe};
    status.code = code;
    status.message = (char *)message;
    if (field != NULL && field[0] != '\0') {
        fe.field = (char *)field;
        fe.message = (char *)message;
        status.n_fields = 1;
        status.fields = fields;
    }
    reply.status = &status;
    request_reply(r, &reply);
}

void request_fail_fields(struct request *r, Zhucun__Code code, const char *message,
                         Zhucun__FieldError **fields, size_t nfields)
{
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__Status status = ZHUCUN__STATUS__INIT;
    status.code = code;
    status.message = (char *)message;
    status.n_fields = nfields;
    status.fields = fields;
    reply.status = &status;
    request_reply(r, &reply);
}

const char *request_printf(struct request *r, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    const char *p = arena_strdup(r->arena, buf);
    return p != NULL ? p : "";
}

void request_fail_db(struct request *r, const struct db_error *err)
{
    request_fail(r, err->code, err->message, err->field);
}

static void check_session(struct request *r);

/* 1 when err says the request's cached session was out of date (ZC017): the cache entry is
 * dropped and the request starts again from a fresh session check (its first query was
 * aborted before it ran, so nothing happened twice). A revoked or expired one (ZC016) is
 * dropped too, and the error goes on as it is. */
static int session_stale(struct request *r, const struct db_error *err)
{
    if (err == NULL || !r->session_cached)
        return 0;
    int stale = strcmp(err->sqlstate, "ZC017") == 0;
    if (!stale && strcmp(err->sqlstate, "ZC016") != 0)
        return 0;
    sessions_forget(r->token_hash);
    if (!stale)
        return 0;
    log_info("session.stale", "worker=%d req=%llu", r->w->index, (unsigned long long)r->id);
    r->session_cached = 0;
    r->proof_sent = 0;
    r->has_session = 0;
    r->deferred = NULL;
    memset(&r->session, 0, sizeof(r->session));
    check_session(r);
    return 1;
}

/* Every request_query's result comes here first: a database error ends the request, so that
 * no handler needs to. */
static void on_request_result(PGresult *res, const struct db_error *err, void *arg)
{
    struct request *r = arg;
    request_cb cb = r->query_cb;
    void *cb_arg = r->query_arg;
    r->query_cb = NULL;
    r->query_arg = NULL;
    if (session_stale(r, err))
        return;
    if (err != NULL) {
        r->deferred = NULL;
        request_fail_db(r, err);
        return;
    }
    cb(r, res, cb_arg);
}

/* request_query_err's results: the same for a stale session, then the handler's own. */
static void on_request_result_err(PGresult *res, const struct db_error *err, void *arg)
{
    struct request *r = arg;
    if (session_stale(r, err))
        return;
    r->err_cb(res, err, r->err_arg);
}

/* Ends the request after db_query refused a query up front (rc); returns -1. */
static int query_refused(struct request *r, int rc)
{
    if (rc == DB_EBUSY)
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "服务器繁忙，请稍后重试", NULL);
    else if (rc == DB_ECLOSED)
        request_fail(r, ZHUCUN__CODE__UNAVAILABLE, "服务器正在停止，请稍后重试", NULL);
    else if (rc == DB_EUNREGISTERED) /* a bug, logged by db_query with the statement's name */
        request_fail(r, ZHUCUN__CODE__INTERNAL, "服务器内部错误", NULL);
    else
        request_fail(r, ZHUCUN__CODE__UNAVAILABLE, "数据库暂时不可用，请稍后重试", NULL);
    return -1;
}

/* Who r's next query runs for: its session's user and the scope of the grants its call may be
 * made with (access_rls_scope); nobody before the session is known. A request runs one query
 * at a time, so the one struct serves each in turn. */
static const struct db_caller *request_caller(struct request *r)
{
    snprintf(r->caller_user, sizeof(r->caller_user), "%lld",
             r->has_session ? (long long)r->session.user_id : 0LL);
    r->caller.user_id = r->caller_user;
    r->caller.scope = access_rls_scope(r);
    r->caller.token = r->caller.auth_version = r->caller.last_used = NULL;
    if (r->session_cached && !r->proof_sent) {
        /* The first query of a request served from the cache proves it (sessions.h). */
        r->proof_token[0] = '\\';
        r->proof_token[1] = 'x';
        token_to_hex(r->token_hash, sizeof(r->token_hash), r->proof_token + 2);
        snprintf(r->proof_version, sizeof(r->proof_version), "%lld",
                 (long long)r->proof.auth_version);
        snprintf(r->proof_used, sizeof(r->proof_used), "%.6f", r->proof.last_used);
        r->caller.token = r->proof_token;
        r->caller.auth_version = r->proof_version;
        r->caller.last_used = r->proof_used;
        r->proof_sent = 1;
    }
    return &r->caller;
}

int request_query(struct request *r, const struct db_statement *st, const char *const *values,
                  request_cb cb, void *arg)
{
    assert(r->query_cb == NULL); /* one query at a time: the callback has one slot */
    r->query_cb = cb;
    r->query_arg = arg;
    int rc = db_query(r->w->db, st, values, request_caller(r), on_request_result, r);
    if (rc == 0)
        return 0;
    r->query_cb = NULL;
    r->query_arg = NULL;
    return query_refused(r, rc);
}

int request_query_err(struct request *r, const struct db_statement *st, const char *const *values,
                      db_result_cb cb, void *arg)
{
    int rc = request_query_on(r, r->w->db, st, values, cb, arg);
    return rc == 0 ? 0 : query_refused(r, rc);
}

int request_query_on(struct request *r, struct db_pool *pool, const struct db_statement *st,
                     const char *const *values, db_result_cb cb, void *arg)
{
    assert(pool == r->w->db || !r->session_cached || r->proof_sent);
    r->err_cb = cb;
    r->err_arg = arg;
    return db_query(pool, st, values, request_caller(r), on_request_result_err, r);
}

int request_prove(struct request *r, request_cb cb, void *arg)
{
    if (!r->session_cached || r->proof_sent) {
        cb(r, NULL, arg);
        return 0;
    }
    return request_query(r, &store_session_live, NULL, cb, arg);
}

const char **request_params(struct request *r, size_t n)
{
    const char **p = arena_alloc(r->arena, n * sizeof(char *));
    if (p == NULL)
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
    return p;
}

void *request_rows_(struct request *r, size_t n, size_t size, void **elems, void **ptrs)
{
    char *e = arena_alloc(r->arena, (n + 1) * size);
    void **p = arena_alloc(r->arena, (n + 1) * sizeof(void *));
    if (e == NULL || p == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多，请缩小范围", NULL);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        p[i] = e + i * size;
    p[n] = NULL;
    *elems = e;
    *ptrs = p;
    return e;
}

void *request_alloc(struct request *r, size_t size)
{
    void *p = arena_alloc(r->arena, size);
    if (p == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return NULL;
    }
    memset(p, 0, size);
    return p;
}

const char *request_num(struct request *r, long long v)
{
    return request_printf(r, "%lld", v);
}

void request_done_cb(struct request *r, PGresult *res, void *arg)
{
    (void)res;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    request_reply(r, &reply);
}

const char **request_keyed_params(struct request *r, size_t n)
{
    const char **p = request_params(r, n);
    if (p == NULL)
        return NULL;
    p[0] = request_num(r, r->session.user_id);
    p[1] = r->msg->idempotency_key;
    p[n - 3] = r->session.username;
    p[n - 2] = r->peer;
    p[n - 1] = request_key_hash(r);
    return p;
}

const char **request_keyed_scoped_params(struct request *r, size_t n)
{
    const char **p = request_keyed_params(r, n);
    if (p != NULL)
        p[2] = access_prefix_patterns(r, r->call->roles);
    return p;
}

int request_refused(struct request *r, const char *problem, const char *const *field)
{
    if (problem == NULL)
        return 0;
    request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, *field);
    return 1;
}

void request_bind_token(struct request *r, const uint8_t *hash)
{
    struct conn *c = r->conn;
    if (hash != NULL) {
        memcpy(c->token_hash, hash, sizeof(c->token_hash));
        c->has_token = 1;
    } else {
        memset(c->token_hash, 0, sizeof(c->token_hash));
        c->has_token = 0;
    }
}

/* "\x<hex>" for a bytea parameter, in the request's arena. */
static char *bytea_param(struct request *r, const uint8_t *data, unsigned n)
{
    char *p = arena_alloc(r->arena, 2 * n + 3);
    if (p == NULL)
        return NULL;
    p[0] = '\\';
    p[1] = 'x';
    token_to_hex(data, n, p + 2);
    return p;
}

static const char *arena_copy(struct request *r, const char *s)
{
    const char *p = arena_strdup(r->arena, s);
    return p != NULL ? p : "";
}

static void run_handler(struct request *r)
{
    r->call->handler(r);
}

const char *request_key_hash(const struct request *r)
{
    return r->key_hash;
}

/* Binds a keyed write to its body: key_hash is the SHA-256 of the body message as protobuf-c
 * packs it (the same request sent again packs to the same bytes). 0, or -1 after ending the
 * request. */
static int hash_body(struct request *r, const ProtobufCMessage *body)
{
    size_t n = body != NULL ? protobuf_c_message_get_packed_size(body) : 0;
    uint8_t *buf = arena_alloc(r->arena, n + 1);
    if (buf == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return -1;
    }
    if (n > 0)
        protobuf_c_message_pack(body, buf);
    uint8_t digest[SHA256_DIGEST_LENGTH];
    SHA256(buf, n, digest);
    token_to_hex(digest, sizeof(digest), r->key_hash);
    return 0;
}

/* 1 when a store_idem_lookup result shows the key bound to a request other than r. */
static int key_reused(const struct request *r, const PGresult *res)
{
    return PQntuples(res) == 1 && !PQgetisnull(res, 0, 3) &&
           strcmp(PQgetvalue(res, 0, 3), r->key_hash) != 0;
}

/* 1 when a store_idem_lookup result holds a finished result of the request's call. */
static int stored_here(const struct request *r, const PGresult *res)
{
    return PQntuples(res) == 1 && PQgetvalue(res, 0, 1)[0] == 't' &&
           strcmp(PQgetvalue(res, 0, 0), r->call->name) == 0;
}

void request_reply_stored(struct request *r, const char *text)
{
    struct stored_result sr;
    if (stored_result_parse(text, &sr) != 0) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    r->call->replay(r, &sr);
}

void request_stored_cb(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    request_reply_stored(r, PQgetvalue(res, 0, 0));
}

void request_replay_ok(struct request *r, const struct stored_result *result)
{
    (void)result;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    request_reply(r, &reply);
}

/* Answers the request from the result in a store_idem_lookup row, as its first attempt was. */
static void replay_stored(struct request *r, const PGresult *res)
{
    request_reply_stored(r, PQgetisnull(res, 0, 2) ? NULL : PQgetvalue(res, 0, 2));
}

static void on_idem_lookup(struct request *r, PGresult *res, void *arg)
{
    if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), r->call->name) == 0 &&
        key_reused(r, res)) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION, KEY_REUSED_MESSAGE, "idempotency_key");
        return;
    }
    if (PQntuples(res) == 0 || PQgetvalue(res, 0, 1)[0] != 't') {
        /* First time (or the first attempt is still running: the write's claim waits for
         * it and returns its result). */
        run_handler(r);
        return;
    }
    if (!stored_here(r, res)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "幂等键已用于另一种操作",
                     "idempotency_key");
        return;
    }
    replay_stored(r, res);
}

/* ChangePassword's second look at its key (request_recheck_key). */
struct recheck {
    struct request *r;
    request_miss_fn miss;
    void *arg;
};

static void on_recheck(PGresult *res, const struct db_error *err, void *arg)
{
    struct recheck *rc = arg;
    struct request *r = rc->r;
    if (err == NULL && stored_here(r, res) && key_reused(r, res)) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION, KEY_REUSED_MESSAGE, "idempotency_key");
        return;
    }
    if (err == NULL && stored_here(r, res)) {
        replay_stored(r, res);
        return;
    }
    rc->miss(r, rc->arg);
}

int request_recheck_key(struct request *r, request_miss_fn miss, void *arg)
{
    struct recheck *rc = arena_alloc(r->arena, sizeof(*rc));
    const char **params = request_params(r, 2);
    if (rc == NULL || params == NULL) {
        if (params != NULL)
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return -1;
    }
    rc->r = r;
    rc->miss = miss;
    rc->arg = arg;
    params[0] = request_num(r, r->session.user_id);
    params[1] = r->msg->idempotency_key;
    return request_query_err(r, &store_idem_lookup, params, on_recheck, rc);
}

/* The request's body: the member of Request's oneof that is set. */
static const ProtobufCMessage *request_body(const Zhucun__Request *msg)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&zhucun__request__descriptor, msg->body_case);
    return f != NULL ? *(ProtobufCMessage *const *)((const char *)msg + f->offset) : NULL;
}

/* 0 when every id the call needs (common/rules/ids.h, the table the client library checks
 * with too) is set; otherwise ends the request naming the first that is not. An id of 0 must
 * never reach a handler: some queries read 0 as "any". */
static int check_ids(struct request *r)
{
    const ProtobufCMessage *body = request_body(r->msg);
    const char *missing = NULL;
    char buf[96];
    int n = body != NULL ? rules_missing_ids(r->call->body_case, body, &missing, 1) : 0;
    if (n < 0) {
        /* a wrong row in the table of ids (its unit test finds it) */
        request_fail(r, ZHUCUN__CODE__INTERNAL, "服务器内部错误", NULL);
        return -1;
    }
    if (n > 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "%s", rules_missing_id_message(missing, buf, sizeof(buf))),
                     missing);
        return -1;
    }
    return 0;
}

static void after_session(struct request *r)
{
    const struct call_def *call = r->call;
    if (r->session.must_change_password && !call->while_must_change) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION, "请先修改初始密码", NULL);
        return;
    }
    if (call->roles != ROLES_ANY && (session_roles(&r->session) & call->roles) == 0) {
        request_fail(r, ZHUCUN__CODE__PERMISSION_DENIED, "当前账号的角色无权执行此操作", NULL);
        return;
    }
    if (check_ids(r) != 0)
        return;
    const char *key = r->msg->idempotency_key;
    if (call->replay != NULL && key != NULL && key[0] != '\0') {
        char uid[24];
        snprintf(uid, sizeof(uid), "%lld", (long long)r->session.user_id);
        const char **params = arena_alloc(r->arena, 2 * sizeof(char *));
        if (params == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
            return;
        }
        params[0] = arena_copy(r, uid);
        params[1] = key;
        request_query(r, &store_idem_lookup, params, on_idem_lookup, NULL);
        return;
    }
    run_handler(r);
}

static void on_session(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    if (n == 0) {
        request_fail(r, ZHUCUN__CODE__UNAUTHENTICATED, "会话已过期或已注销，请重新登录", NULL);
        return;
    }
    struct session *s = &r->session;
    s->user_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    s->username = arena_copy(r, PQgetvalue(res, 0, 1));
    s->display_name = arena_copy(r, PQgetvalue(res, 0, 2));
    s->must_change_password = PQgetvalue(res, 0, 3)[0] == 't';
    s->expires_at = strtoll(PQgetvalue(res, 0, 4), NULL, 10);
    s->grants = arena_alloc(r->arena, (size_t)n * sizeof(*s->grants));
    if (s->grants == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "角色过多", NULL);
        return;
    }
    s->ngrants = 0;
    for (int i = 0; i < n; i++) {
        if (PQgetisnull(res, i, 5))
            continue;
        struct grant *g = &s->grants[s->ngrants++];
        g->role = arena_copy(r, PQgetvalue(res, i, 5));
        g->scope_code = arena_copy(r, PQgetvalue(res, i, 6));
        g->scope_name = arena_copy(r, PQgetvalue(res, i, 7));
        g->unit_id = PQgetisnull(res, i, 8) ? 0 : strtoll(PQgetvalue(res, i, 8), NULL, 10);
    }
    r->has_session = 1;
    sessions_put(r->token_hash, s, strtoll(PQgetvalue(res, 0, 9), NULL, 10),
                 strtod(PQgetvalue(res, 0, 10), NULL));
    after_session(r);
}

/* Finds the request's session: in the process's cache (proved by the request's first query),
 * or with a query. */
static void check_session(struct request *r)
{
    if (sessions_get(r->token_hash, r->arena, &r->session, &r->proof)) {
        r->has_session = 1;
        r->session_cached = 1;
        r->proof_sent = 0;
        after_session(r);
        return;
    }
    const char **params = arena_alloc(r->arena, sizeof(char *));
    char *hash = bytea_param(r, r->token_hash, sizeof(r->token_hash));
    if (params == NULL || hash == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    params[0] = hash;
    request_query(r, &store_session_check, params, on_session, NULL);
}

void dispatch_frame(struct conn *c, const uint8_t *payload, size_t len)
{
    struct worker *w = c->w;
    struct request *r = xcalloc(1, sizeof(*r));
    r->w = w;
    r->conn = c;
    r->conn_id = c->id;
    r->start_us = mono_us();
    r->client_verified = c->client_verified;
    memcpy(r->peer, c->peer, sizeof(r->peer));
    w->nrequests++;
    r->arena = arena_new(w->cfg->max_decoded);
    r->msg = zhucun__request__unpack(arena_allocator(r->arena), len, payload);
    if (r->msg == NULL) {
        /* Without a decoded id there is nobody to answer but the connection itself. */
        int over = arena_used(r->arena) + len > w->cfg->max_decoded;
        conn_fail(c, over ? ZHUCUN__CODE__RESOURCE_EXHAUSTED : ZHUCUN__CODE__INVALID_ARGUMENT,
                  over ? "请求解码后超过内存上限" : "无法解析的请求（不是有效的 Request 消息）",
                  over ? "request over decode budget" : "malformed request");
        finish(r, over ? ZHUCUN__CODE__RESOURCE_EXHAUSTED : ZHUCUN__CODE__INVALID_ARGUMENT);
        return;
    }
    r->id = r->msg->id;
    /* What the decoded request holds counts against the connection until it finishes, so
     * pipelined requests that expand when decoded cannot pile up without bound. */
    r->charged = arena_used(r->arena);
    c->inflight_bytes += r->charged;
    if (c->has_token) {
        memcpy(r->token_hash, c->token_hash, sizeof(r->token_hash));
        r->has_token = 1;
    }
    r->call = dispatch_call((int)r->msg->body_case);

    int is_hello = r->msg->body_case == ZHUCUN__REQUEST__BODY_HELLO;
    if (c->state == CONN_HELLO && !is_hello) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION, "连接的第一个请求必须是 Hello", NULL);
        conn_drain(c, "first request was not Hello");
        return;
    }
    if (c->state == CONN_OPEN && is_hello) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION, "Hello 只能发送一次", NULL);
        return;
    }
    if (r->id == 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请求 id 不能为 0（0 留给服务器事件）",
                     "id");
        return;
    }
    if (r->call == NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "未知的请求类型（客户端版本可能过新）",
                     NULL);
        return;
    }
    /* Every string, checked on the bytes as they came: protobuf-c hands a string over cut at
     * its first NUL ("user\0junk" would log in as "user"), so the decoded request cannot show
     * one. */
    char bad[128];
    struct utf8_where at;
    int bad_string =
        pbcheck_wire(&zhucun__request__descriptor, payload, len, bad, sizeof(bad), &at);
    if (bad_string == PBCHECK_ENUL || bad_string == PBCHECK_EUTF8) {
        /* The path starts with the body's name (e.g. "login.username"): drop it. The place
         * is given as an editor shows it (an import file's line and character). */
        const char *dot = strchr(bad, '.');
        int nul = bad_string == PBCHECK_ENUL;
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "%s：第 %d 行第 %d 个字符（该行第 %zu 个字节）处%s",
                                    nul ? "文本中含有空字符（U+0000）" : "文本不是有效的 UTF-8",
                                    at.line, at.column, at.byte_column,
                                    nul ? "；请删去该字符后重试" : ""),
                     request_printf(r, "%s", dot ? dot + 1 : bad));
        return;
    }
    if (bad_string != PBCHECK_OK) {
        /* Nested deeper than any of our messages, or bytes protobuf-c read but the check
         * could not: refused rather than let through unchecked. */
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "无法解析的请求（消息嵌套过深或格式有误）",
                     NULL);
        return;
    }
    if (r->msg->idempotency_key[0] != '\0' && r->call->write && r->call->replay == NULL) {
        /* Applied at most once is a promise only calls that store their result can keep;
         * refusing the key beats silently applying a retry twice. */
        request_fail(
            r, ZHUCUN__CODE__INVALID_ARGUMENT,
            request_printf(r, "%s 暂不支持幂等键，请不带 idempotency_key 发送", r->call->name),
            "idempotency_key");
        return;
    }
    if (strlen(r->msg->idempotency_key) > IDEMPOTENCY_KEY_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "幂等键过长（最多 128 字节）",
                     "idempotency_key");
        return;
    }
    if (r->msg->idempotency_key[0] != '\0' && r->call->replay != NULL &&
        hash_body(r, request_body(r->msg)) != 0)
        return;
    if (r->call->auth == AUTH_NONE) {
        run_handler(r);
        return;
    }
    if (!r->has_token) {
        request_fail(r, ZHUCUN__CODE__UNAUTHENTICATED, "请先登录", NULL);
        return;
    }
    check_session(r);
}
