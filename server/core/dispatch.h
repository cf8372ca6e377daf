/* dispatch.h -- from a frame to a handler: unpack the Request in a per-request arena, check
 * Hello ordering, the session and the roles the call needs, run the handler, send its reply
 * and log one line per request.
 *
 * A handler receives a struct request and must end it exactly once with request_reply or
 * request_fail (possibly later, from a database or hashing callback). */
#ifndef ZHUCUN_DISPATCH_H
#define ZHUCUN_DISPATCH_H

#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/rules/account.h"
#include "envelope.pb-c.h"
#include "server/core/db.h"
#include "server/core/sessions.h"
#include "server/core/stored.h"

struct conn;
struct worker;

/* One role grant of the session's user. */
struct grant {
    const char *role;
    const char *scope_code;
    const char *scope_name;
    int64_t unit_id; /* the dispatching unit (unit_admin), 0 for none */
};

struct session {
    int64_t user_id;
    const char *username;
    const char *display_name;
    int must_change_password;
    int64_t expires_at;
    size_t ngrants;
    struct grant *grants;
};

struct call_def;
struct request;

/* What a handler does with the result of its query; arg is the handler's own (its state, or
 * NULL). It runs only when the query succeeded: a database error has already ended the
 * request with that error's status (request_fail_db). res is cleared after it returns. */
typedef void (*request_cb)(struct request *r, PGresult *res, void *arg);

struct request {
    struct worker *w;
    struct conn *conn; /* NULL once the connection is gone */
    uint64_t conn_id;
    uint64_t id;
    struct arena *arena; /* the decoded request and everything the handler allocates */
    size_t charged;      /* decoded bytes counted against the connection */
    Zhucun__Request *msg;
    const struct call_def *call;
    int has_token;
    uint8_t token_hash[32];
    int has_session;
    struct session session;
    uint64_t start_us;
    char peer[64];
    int client_verified;
    /* For a keyed write: the SHA-256 of its packed body in hex, which the key is bound to
     * (request_key_hash); "" otherwise. */
    char key_hash[65];
    /* The running query's callback and its argument (request_query). */
    request_cb query_cb;
    void *query_arg;
    /* Who the running query runs for (row-level security; docs/rls.md; request_query). */
    struct db_caller caller;
    char caller_user[24];
    /* The session came from the process's cache (sessions.h): the first query proves it
     * (proof_sent), and a reply made before any query waits for that proof (deferred). */
    int session_cached;
    int proof_sent;
    struct session_proof proof;
    char proof_token[2 + 64 + 1], proof_version[24], proof_used[32];
    db_result_cb err_cb; /* request_query_err's callback and argument */
    void *err_arg;
    uint8_t *deferred; /* a packed reply frame waiting for the proof */
    size_t deferred_len;
    Zhucun__Code deferred_code;
};

/* call_def.roles is a set of enum role_bit (common/rules/account.h). */
#define ROLES_ANY 0u /* any signed-in user */

enum auth_need {
    AUTH_NONE,    /* no session needed (Hello, Ping, Login, Logout) */
    AUTH_SESSION, /* a live session; roles checked against call_def.roles */
};

typedef void (*handler_fn)(struct request *r);

/* What a call needs before its handler runs: one row per call in its domain's call table
 * (domain.h). */
struct call_def {
    int body_case;    /* Zhucun__Request__BodyCase */
    const char *name; /* for logs */
    enum auth_need auth;
    unsigned roles;        /* role bits, one of which the session must hold; ROLES_ANY for all */
    int while_must_change; /* allowed before a forced password change */
    handler_fn handler;
    /* A keyed write: answers from the result the write stored (read into fields, stored.h)
     * a retry with the same idempotency key, which must not run again (a retried
     * ChangePassword's old password no longer matches); and, through request_reply_stored,
     * the first attempt too, so that both answers are one. NULL: the call takes no key. */
    void (*replay)(struct request *r, const struct stored_result *result);
    /* 1 for a write. A write without replay refuses an idempotency key (it could not keep
     * the at-most-once promise); reads ignore keys. */
    int write;
    /* The ids a call requires (> 0) are not here: they are common/rules/ids.c's table, which
     * dispatch's check_ids and the client library both read. */
};

/* The call table, gathered from every domain (server_domains, domain.h) on first use: n
 * calls, domain by domain. Aborts when two calls answer the same Request body. */
const struct call_def *const *dispatch_calls(size_t *n);

/* The call that answers a Request body case, or NULL when none does. */
const struct call_def *dispatch_call(int body_case);

/* Takes one complete frame of connection c (conn.c counted it in flight). */
void dispatch_frame(struct conn *c, const uint8_t *payload, size_t len);

/* Ends the request with reply (status OK unless set). reply may live in the arena. */
void request_reply(struct request *r, Zhucun__Reply *reply);
/* Sends one part of a streamed reply (more = true); the request goes on. End it with
 * request_reply (the last part) or request_fail. */
void request_send_part(struct request *r, Zhucun__Reply *reply);
/* Ends the request with an error; field (may be NULL) names the request field at fault. */
void request_fail(struct request *r, Zhucun__Code code, const char *message, const char *field);
void request_fail_db(struct request *r, const struct db_error *err);
/* Ends the request with an error naming several fields (e.g. every bad line of an import). */
void request_fail_fields(struct request *r, Zhucun__Code code, const char *message,
                         Zhucun__FieldError **fields, size_t nfields);
/* Formats into the request's arena ("" when it is exhausted). */
const char *request_printf(struct request *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* For a handler that makes no query of its own before it acts (follows events, say): runs
 * cb(r, NULL, arg) once the request's session is proved live and current (sessions.h) --
 * at once when it came from the database in this request, after one query when it came
 * from the process's cache. Ends the request on failure and returns -1. */
int request_prove(struct request *r, request_cb cb, void *arg);

/* Runs statement st for the request, one query at a time: cb(r, res, arg) runs on the loop
 * with the result, or the request fails with the database's error and cb does not run. On an
 * immediate failure (the pool is full, closing or down) it ends the request with the right
 * status and returns -1 (cb does not run). */
int request_query(struct request *r, const struct db_statement *st, const char *const *values,
                  request_cb cb, void *arg);

/* The same for a callback that handles a database error itself (releases its own state, or
 * reads a particular error as an answer): cb runs on success (err NULL) and on a database
 * error (err set, res may be NULL), and must end the request either way. */
int request_query_err(struct request *r, const struct db_statement *st, const char *const *values,
                      db_result_cb cb, void *arg);

/* The same on another pool (the replica's, worker.h) for a read that can go elsewhere when
 * that pool is away: an immediate refusal returns db_query's DB_E* code and leaves the request
 * to the caller (nothing is sent, cb does not run). A cached session must have been proved on
 * the worker's own pool first (request_prove): the replica may not have its row yet. */
int request_query_on(struct request *r, struct db_pool *pool, const struct db_statement *st,
                     const char *const *values, db_result_cb cb, void *arg);

/* Ends a keyed write with the result its SQL function returned (the text it stored, read by
 * stored.h) through the call's replay: the first answer and every retry's are made by the
 * same function from the same text. */
void request_reply_stored(struct request *r, const char *text);

/* A request_cb for a keyed write whose statement returns the text it stored (one row, one
 * column): request_reply_stored with it. */
void request_stored_cb(struct request *r, PGresult *res, void *arg);

/* A call_def.replay for a keyed write whose answer is an empty OK. */
void request_replay_ok(struct request *r, const struct stored_result *result);

typedef void (*request_miss_fn)(struct request *r, void *arg);

/* Looks the request's idempotency key up once more, for a keyed write that found its
 * precondition gone: its own first attempt may have committed after this retry first looked.
 * When a result of this call is stored, answers the request from it (call_def.replay);
 * otherwise, or when the lookup fails, miss(r, arg) runs and must end the request. -1 when
 * it could not start (the request is ended; miss does not run). */
int request_recheck_key(struct request *r, request_miss_fn miss, void *arg);

/* The hash a keyed write's statement binds its key to: pass the key as
 * zc_idem_bind($key, $hash) (0018_idempotency_request_hash.sql), with this as $hash, so that
 * the key is stored with the request it was first used for and a different request under it
 * is refused. "" when the request has no key. */
const char *request_key_hash(const struct request *r);

/* An array for n query parameters in the request's arena; on exhaustion ends the request
 * (RESOURCE_EXHAUSTED) and returns NULL. */
const char **request_params(struct request *r, size_t n);

/* For a reply's repeated message field: n elements (elems) and the array of pointers to them
 * (ptrs, what protobuf-c wants), in the request's arena. On exhaustion ends the request
 * (RESOURCE_EXHAUSTED) and yields NULL. Use: REQUEST_ROWS(r, n, items, ptrs). */
void *request_rows_(struct request *r, size_t n, size_t size, void **elems, void **ptrs);
#define REQUEST_ROWS(r, n, elems, ptrs)                                                            \
    request_rows_((r), (size_t)(n), sizeof(*(elems)), (void **)&(elems), (void **)&(ptrs))

/* size zeroed bytes in the request's arena for the handler's state; on exhaustion ends the
 * request (RESOURCE_EXHAUSTED, "请求过大") and returns NULL. */
void *request_alloc(struct request *r, size_t size);

/* A decimal number as a parameter, in the request's arena. */
const char *request_num(struct request *r, long long v);

/* The n parameters of a keyed write, as the domains' statements take them: the caller's user id
 * ($1) and the idempotency key ($2) first, the caller's name, address and the key's request hash
 * ($n-2, $n-1, $n) last; the handler fills the rest. NULL after ending the request. */
const char **request_keyed_params(struct request *r, size_t n);
/* request_keyed_params with the caller's LIKE patterns for the call's roles
 * (access_prefix_patterns) as $3, which the keyed statements of points, policy, projects,
 * assets and the look-back take; NULL after ending the request. */
const char **request_keyed_scoped_params(struct request *r, size_t n);

/* A request_cb for writes that answer an empty OK. */
void request_done_cb(struct request *r, PGresult *res, void *arg);
/* Ends the request with a check's problem (INVALID_ARGUMENT naming *field) and returns 1; 0
 * when problem is NULL. The field is read through its address, after the check that sets it
 * has run (arguments are evaluated in any order): if (request_refused(r, rules_x(in, &f), &f)). */
int request_refused(struct request *r, const char *problem, const char *const *field);

/* Binds (or with NULL, unbinds) a session token hash to the request's connection. */
void request_bind_token(struct request *r, const uint8_t *hash);

/* The session's role bits. */
unsigned session_roles(const struct session *s);

/* Microseconds since the Unix epoch. */
uint64_t now_us(void);

#endif
