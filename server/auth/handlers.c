/* auth/handlers.c -- Hello, Ping, Login, Logout, WhoAmI and ChangePassword. */
#include "server/domains.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/frame.h"
#include "common/rules/account.h"
#include "common/token.h"
#include "common/xmalloc.h"
#include "server/auth/store.h"
#include "server/core/conn.h"
#include "server/core/dispatch.h"
#include "server/core/events.h"
#include "server/core/hasher.h"
#include "server/core/worker.h"
#include "server/roles.h"

#define CLIENT_NAME_MAX 128
#define MSG_BAD_LOGIN   "用户名或密码错误"

static const char *bytea_hex(struct request *r, const uint8_t *data, unsigned n)
{
    char hex[2 * 32 + 1];
    token_to_hex(data, n, hex);
    return request_printf(r, "\\x%s", hex);
}

/* ---- Hello ---- */

static void handle_hello(struct request *r)
{
    const Zhucun__Hello *h = r->msg->hello;
    const struct server_config *cfg = r->w->cfg;
    struct conn *c = r->conn; /* r is gone once it is answered */
    /* protocol_version is a uint64 on the wire (proto/auth.proto): 2^32+1 is seen whole and
     * refused here, where a uint32 field would have kept its low bits and read it as 1. */
    if (h->protocol_version != ZHUCUN_PROTOCOL_VERSION) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION,
                     request_printf(r, "协议版本不匹配：客户端为 %llu，服务器支持 %u，请升级客户端",
                                    (unsigned long long)h->protocol_version,
                                    ZHUCUN_PROTOCOL_VERSION),
                     "protocol_version");
        conn_drain(c, "protocol version mismatch");
        return;
    }
    if (strlen(h->client_name) > CLIENT_NAME_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "客户端名称过长（最多 128 字节）",
                     "client_name");
        conn_drain(c, "bad hello");
        return;
    }
    if (h->session_token[0] != '\0') {
        uint8_t hash[32];
        if (token_hash(h->session_token, hash) != 0) {
            request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                         "会话令牌格式错误（应为 64 位十六进制）", "session_token");
            conn_drain(c, "bad hello");
            return;
        }
        request_bind_token(r, hash);
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__HelloReply hr = ZHUCUN__HELLO_REPLY__INIT;
    hr.protocol_version = ZHUCUN_PROTOCOL_VERSION;
    hr.server_version = (char *)ZHUCUN_VERSION;
    hr.max_frame = (uint32_t)cfg->max_frame;
    hr.max_inflight = (uint32_t)cfg->max_inflight;
    hr.idle_timeout_ms = (uint32_t)cfg->idle_timeout_ms;
    hr.tls_client_verified = r->client_verified;
    reply.body_case = ZHUCUN__REPLY__BODY_HELLO;
    reply.hello = &hr;
    conn_hello_done(c);
    request_reply(r, &reply);
}

/* ---- Ping ---- */

static void handle_ping(struct request *r)
{
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__PingReply pr = ZHUCUN__PING_REPLY__INIT;
    pr.payload = r->msg->ping->payload;
    pr.server_time_us = zc_clock_now_us();
    reply.body_case = ZHUCUN__REPLY__BODY_PING;
    reply.ping = &pr;
    request_reply(r, &reply);
}

/* ---- Login ---- */

/* Login goes: zc_login_begin (the source's wait, the name's lock from this address, the
 * certificate-only accounts; the attempt counted), the hash check on the thread pool, then
 * zc_login_failed or zc_login_password_ok. The numbers are the server's [auth] settings
 * (docs/logins.md). */
struct login {
    struct request *r;
    int64_t user_id;
    struct hash_job job;
    char token[TOKEN_HEX_LEN + 1];
    uint8_t hash[32];
    const char *params[10];
};

static const char *seconds(struct request *r, uint64_t ms)
{
    return request_printf(r, "%.3f", (double)ms / 1000.0);
}

static const char *number(struct request *r, uint64_t n)
{
    return request_printf(r, "%llu", (unsigned long long)n);
}

/* Whole minutes for a wait of secs seconds, rounded up: a 15-minute lock says 15. */
static long long minutes(long long secs)
{
    return secs > 0 ? (secs + 59) / 60 : 1;
}

static void on_login_ok(struct request *r, PGresult *res, void *arg)
{
    struct login *l = arg;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__LoginReply lr = ZHUCUN__LOGIN_REPLY__INIT;
    lr.session_token = l->token;
    lr.display_name = PQgetvalue(res, 0, 0);
    lr.must_change_password = PQgetvalue(res, 0, 1)[0] == 't';
    lr.expires_at = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
    lr.idle_timeout_s = (uint32_t)(r->w->cfg->session_idle_ms / 1000);
    reply.body_case = ZHUCUN__REPLY__BODY_LOGIN;
    reply.login = &lr;
    request_bind_token(r, l->hash);
    request_reply(r, &reply);
}

static void on_login_failed(struct request *r, PGresult *res, void *arg)
{
    if (!PQgetisnull(res, 0, 0)) {
        long long secs = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        request_fail(
            r, ZHUCUN__CODE__UNAUTHENTICATED,
            request_printf(r, MSG_BAD_LOGIN "；失败次数过多，该用户名在此地址已锁定 %lld 分钟",
                           minutes(secs)),
            NULL);
        return;
    }
    request_fail(r, ZHUCUN__CODE__UNAUTHENTICATED, MSG_BAD_LOGIN, NULL);
}

static void on_login_hashed(struct hash_job *job, void *arg)
{
    struct login *l = arg;
    struct request *r = l->r;
    const struct server_config *cfg = r->w->cfg;
    const Zhucun__Login *in = r->msg->login;
    if (!job->ok) {
        l->params[0] = in->username;
        l->params[1] = r->peer;
        l->params[2] = number(r, cfg->login_max_failures);
        l->params[3] = seconds(r, cfg->login_lock_ms);
        request_query(r, &store_login_failed, l->params, on_login_failed, NULL);
        return;
    }
    if (token_new(l->token) != 0 || token_hash(l->token, l->hash) != 0) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "服务器无法生成会话令牌", NULL);
        return;
    }
    l->params[0] = request_printf(r, "%lld", (long long)l->user_id);
    l->params[1] = bytea_hex(r, l->hash, sizeof(l->hash));
    l->params[2] = r->peer;
    l->params[3] = seconds(r, cfg->session_idle_ms);
    l->params[4] = seconds(r, cfg->session_max_ms);
    l->params[5] = job->new_phc[0] != '\0' ? arena_strdup(r->arena, job->new_phc) : NULL;
    l->params[6] = number(r, cfg->login_address_free);
    l->params[7] = number(r, cfg->login_network_free);
    l->params[8] = seconds(r, cfg->login_delay_ms);
    l->params[9] = seconds(r, cfg->login_delay_max_ms);
    request_query(r, &store_login_ok, l->params, on_login_ok, l);
}

static void start_verify(struct login *l, const char *phc)
{
    struct request *r = l->r;
    l->job.phc = phc;
    l->job.password = r->msg->login->password;
    l->job.new_password = NULL;
    l->job.rehash_if_weak = 1;
    if (hasher_submit(r->w->hasher, &l->job, on_login_hashed, l) != 0)
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "登录请求过多，请稍后重试", NULL);
}

/* The attempt was refused before any password check (zc_login_begin's refused, with the
 * seconds until it may come again). A known and an unknown name get the same words. */
static void refuse_login(struct request *r, const char *why, long long secs)
{
    if (strcmp(why, "certificate") == 0) {
        /* UNAUTHENTICATED, not PERMISSION_DENIED: nobody was authenticated (the password is
         * not even checked), and the account's one credential is its certificate. */
        request_fail(r, ZHUCUN__CODE__UNAUTHENTICATED,
                     "该账号已绑定客户端证书，只能用证书登录，不接受密码", NULL);
    } else if (strcmp(why, "locked") == 0) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED,
                     request_printf(r,
                                    "登录失败次数过多，该用户名在此地址已暂时锁定，请 %lld "
                                    "分钟后再试",
                                    minutes(secs)),
                     NULL);
    } else {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED,
                     request_printf(r, "%s登录失败次数过多，请 %lld 秒后再试",
                                    strcmp(why, "network") == 0 ? "本网段" : "本地址",
                                    secs > 0 ? secs : 1),
                     NULL);
    }
}

static void on_login_lookup(struct request *r, PGresult *res, void *arg)
{
    struct login *l = arg;
    if (!PQgetisnull(res, 0, 2)) {
        refuse_login(r, PQgetvalue(res, 0, 2),
                     PQgetisnull(res, 0, 3) ? 0 : strtoll(PQgetvalue(res, 0, 3), NULL, 10));
        return;
    }
    l->user_id = PQgetisnull(res, 0, 0) ? 0 : strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    start_verify(l, PQgetisnull(res, 0, 1) ? NULL : arena_strdup(r->arena, PQgetvalue(res, 0, 1)));
}

/* A batch account's login by its verified client certificate (no password): the subject must
 * be the one bound to the account (zhucun-server cert-bind). */
static void login_by_certificate(struct request *r)
{
    const struct server_config *cfg = r->w->cfg;
    struct login *l = request_alloc(r, sizeof(*l));
    if (l == NULL)
        return;
    l->r = r;
    if (token_new(l->token) != 0 || token_hash(l->token, l->hash) != 0) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "服务器无法生成会话令牌", NULL);
        return;
    }
    l->params[0] = r->msg->login->username;
    l->params[1] = arena_strdup(r->arena, r->conn->client_subject);
    l->params[2] = bytea_hex(r, l->hash, sizeof(l->hash));
    l->params[3] = r->peer;
    l->params[4] = request_printf(r, "%.3f", (double)cfg->session_idle_ms / 1000.0);
    l->params[5] = request_printf(r, "%.3f", (double)cfg->session_max_ms / 1000.0);
    request_query(r, &store_login_cert, l->params, on_login_ok, l);
}

static void handle_login(struct request *r)
{
    const Zhucun__Login *in = r->msg->login;
    if (in->username[0] == '\0') {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请输入用户名", "username");
        return;
    }
    if (in->password[0] == '\0' && r->client_verified && r->conn != NULL) {
        login_by_certificate(r);
        return;
    }
    if (in->password[0] == '\0') {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请输入密码", "password");
        return;
    }
    if (strlen(in->password) > PASSWORD_MAX_BYTES) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "密码过长（最多 256 字节）", "password");
        return;
    }
    struct login *l = request_alloc(r, sizeof(*l));
    if (l == NULL)
        return;
    l->r = r;
    /* A name no account can have goes the same way (zc_login_begin looks nothing up for it):
     * its attempt counts against the source, and its check against the dummy hash takes as
     * long as usual. */
    const struct server_config *cfg = r->w->cfg;
    l->params[0] = in->username;
    l->params[1] = r->peer;
    l->params[2] = number(r, cfg->login_max_failures);
    l->params[3] = seconds(r, cfg->login_lock_ms);
    l->params[4] = number(r, cfg->login_address_free);
    l->params[5] = number(r, cfg->login_network_free);
    l->params[6] = seconds(r, cfg->login_delay_ms);
    l->params[7] = seconds(r, cfg->login_delay_max_ms);
    l->params[8] = seconds(r, cfg->login_window_ms);
    request_query(r, &store_login_begin, l->params, on_login_lookup, l);
}

/* ---- Logout ---- */

static void on_logout(struct request *r, PGresult *res, void *arg)
{
    (void)res;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    request_bind_token(r, NULL);
    request_reply(r, &reply);
}

/* Logout needs no live session: revoking an expired or unknown token succeeds too, so a
 * retried Logout gets the same answer as the first. */
static void handle_logout(struct request *r)
{
    if (!r->has_token) {
        Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
        request_reply(r, &reply);
        return;
    }
    const char **params = arena_alloc(r->arena, 2 * sizeof(char *));
    if (params == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    params[0] = bytea_hex(r, r->token_hash, sizeof(r->token_hash));
    params[1] = r->peer;
    request_query(r, &store_logout, params, on_logout, NULL);
}

/* ---- a revoked session, pushed ---- */

/* Every revocation of a session (Logout, a password change ending the other sessions, an
 * account disabled or its password reset) notifies zc_session with {"session": KEY,
 * "sessions": [KEY]}, KEY the session's key (0020_session_events.sql). The core hands it to
 * the connections that follow events with that session (events.h, by_session), which learn
 * at once that it ended: an event with id 0 and UNAUTHENTICATED, after which the core closes
 * the connection. */
static void render_session_ended(const PGresult *res, int row, events_send_fn send, void *ctx)
{
    (void)res;
    (void)row;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__Status status = ZHUCUN__STATUS__INIT;
    status.code = ZHUCUN__CODE__UNAUTHENTICATED;
    status.message = "会话已结束（已注销、密码已修改或账号已停用），请重新登录";
    reply.status = &status;
    send(ctx, &reply);
}

static const struct publisher session_publisher = {
    .channel = "zc_session",
    .id_key = "session",
    .subjects_key = "sessions",
    .lookup = &store_session_revoked,
    .render = render_session_ended,
    .by_session = 1,
};

static const struct publisher *const publishers[] = {&session_publisher, NULL};

/* ---- WhoAmI ---- */

static void handle_whoami(struct request *r)
{
    const struct session *s = &r->session;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__WhoAmIReply wr = ZHUCUN__WHO_AM_IREPLY__INIT;
    Zhucun__RoleGrant *grants = arena_alloc(r->arena, (s->ngrants + 1) * sizeof(*grants));
    Zhucun__RoleGrant **ptrs = arena_alloc(r->arena, (s->ngrants + 1) * sizeof(*ptrs));
    if (grants == NULL || ptrs == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "角色过多", NULL);
        return;
    }
    for (size_t i = 0; i < s->ngrants; i++) {
        zhucun__role_grant__init(&grants[i]);
        grants[i].role = (char *)s->grants[i].role;
        grants[i].scope_code = (char *)s->grants[i].scope_code;
        grants[i].scope_name = (char *)s->grants[i].scope_name;
        ptrs[i] = &grants[i];
    }
    wr.user_id = s->user_id;
    wr.username = (char *)s->username;
    wr.display_name = (char *)s->display_name;
    wr.n_roles = s->ngrants;
    wr.roles = ptrs;
    wr.must_change_password = s->must_change_password;
    wr.session_expires_at = s->expires_at;
    reply.body_case = ZHUCUN__REPLY__BODY_WHOAMI;
    reply.whoami = &wr;
    request_reply(r, &reply);
}

/* ---- ChangePassword ---- */

struct pwchange {
    struct request *r;
    struct hash_job job;
    const char *params[6];
};

static void on_password_changed(struct request *r, PGresult *res, void *arg)
{
    (void)res;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    request_reply(r, &reply);
}

/* The old password did not match, and the request carries no idempotency key, or its first
 * attempt left no result. */
static void wrong_old_password(struct request *r, void *arg)
{
    request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "旧密码不正确", "old_password");
}

static void on_password_hashed(struct hash_job *job, void *arg)
{
    struct pwchange *p = arg;
    struct request *r = p->r;
    if (!job->ok && r->msg->idempotency_key[0] != '\0') {
        /* With a key, the first attempt may have committed after this retry looked for it
         * (and changed the password under it): look once more before calling it wrong. */
        request_recheck_key(r, wrong_old_password, NULL);
        return;
    }
    if (!job->ok) {
        wrong_old_password(r, NULL);
        return;
    }
    if (job->failed || job->new_phc[0] == '\0') {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "服务器无法计算密码散列", NULL);
        return;
    }
    p->params[0] = request_printf(r, "%lld", (long long)r->session.user_id);
    p->params[1] = bytea_hex(r, r->token_hash, sizeof(r->token_hash));
    p->params[2] = arena_strdup(r->arena, job->new_phc);
    p->params[3] = r->peer;
    p->params[4] = r->msg->idempotency_key;
    p->params[5] = request_key_hash(r);
    request_query(r, &store_password_change, p->params, on_password_changed, NULL);
}

static void on_password_get(struct request *r, PGresult *res, void *arg)
{
    struct pwchange *p = arg;
    if (PQntuples(res) != 1) {
        request_fail(r, ZHUCUN__CODE__UNAUTHENTICATED, "会话已过期或已注销，请重新登录", NULL);
        return;
    }
    p->job.phc = PQgetvalue(res, 0, 0); /* copied by hasher_submit */
    p->job.password = r->msg->change_password->old_password;
    p->job.new_password = r->msg->change_password->new_password;
    if (hasher_submit(r->w->hasher, &p->job, on_password_hashed, p) != 0)
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "服务器繁忙，请稍后重试", NULL);
}

static void handle_change_password(struct request *r)
{
    const Zhucun__ChangePassword *in = r->msg->change_password;
    char buf[160];
    const char *problem =
        rules_password_problem(in->new_password, r->w->cfg->password_min_length, buf, sizeof(buf));
    if (in->old_password[0] == '\0') {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请输入旧密码", "old_password");
        return;
    }
    if (strlen(in->old_password) > PASSWORD_MAX_BYTES) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "旧密码不正确", "old_password");
        return;
    }
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, request_printf(r, "%s", problem),
                     "new_password");
        return;
    }
    if (strcmp(in->old_password, in->new_password) == 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "新密码不能与旧密码相同", "new_password");
        return;
    }
    struct pwchange *p = request_alloc(r, sizeof(*p));
    if (p == NULL)
        return;
    p->r = r;
    p->params[0] = request_printf(r, "%lld", (long long)r->session.user_id);
    request_query(r, &store_password_get, p->params, on_password_get, p);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs, and how a retried write is answered. */
static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_HELLO, "Hello", AUTH_NONE, ROLES_ANY, 1, handle_hello, NULL, 0},
    {ZHUCUN__REQUEST__BODY_PING, "Ping", AUTH_NONE, ROLES_ANY, 1, handle_ping, NULL, 0},
    {ZHUCUN__REQUEST__BODY_LOGIN, "Login", AUTH_NONE, ROLES_ANY, 1, handle_login, NULL, 0},
    {ZHUCUN__REQUEST__BODY_LOGOUT, "Logout", AUTH_NONE, ROLES_ANY, 1, handle_logout, NULL, 0},
    {ZHUCUN__REQUEST__BODY_WHOAMI, "WhoAmI", AUTH_SESSION, ROLES_ANY, 1, handle_whoami, NULL, 0},
    {ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD, "ChangePassword", AUTH_SESSION, ROLES_ANY, 1,
     handle_change_password, request_replay_ok, 1},
};

const struct domain auth_domain = {
    .name = "auth",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
    .publishers = publishers,
};
