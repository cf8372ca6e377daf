/* people/handlers.c -- dispatching units and accounts: create, show, list, update; add a
 * person with an account, disable, reset a password, grant and revoke roles. */
#include "server/domains.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/config.h"
#include "common/crypt.h"
#include "common/log.h"
#include "common/password.h"
#include "common/rules/org.h"
#include "common/rules/people.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/hasher.h"
#include "server/core/worker.h"
#include "server/household/seal.h"
#include "server/people/store.h"
#include "server/roles.h"

#define INITIAL_PASSWORD_LEN 12
#define UNITS_MAX            5000

/* ---- shared ---- */

/* rules_text_problem, its message in the request's arena. */
static const char *text_problem(struct request *r, const char *s, size_t max)
{
    char buf[64];
    const char *problem = rules_text_problem(s, max, buf, sizeof(buf));
    return problem != NULL ? request_printf(r, "%s", problem) : NULL;
}

static Zhucun__DispatchUnit *unit_from_row(struct request *r, PGresult *res, int i)
{
    Zhucun__DispatchUnit *u = arena_alloc(r->arena, sizeof(*u));
    if (u == NULL)
        return NULL;
    zhucun__dispatch_unit__init(u);
    u->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    u->name = PQgetvalue(res, i, 1);
    u->level = PQgetvalue(res, i, 2);
    u->org_code = PQgetvalue(res, i, 3);
    u->leader_name = PQgetvalue(res, i, 4);
    u->handling_office = PQgetvalue(res, i, 5);
    u->active_members = (uint32_t)atoi(PQgetvalue(res, i, 6));
    return u;
}

/* ---- units ---- */

/* The answer to UnitCreate, first or retried: the stored result is the unit's id; the rest is
 * the request's unit (the key is bound to the request). */
static void replay_unit_create(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__DispatchUnit u = *r->msg->unit_create->unit;
    u.id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_UNIT;
    reply.unit = &u;
    request_reply(r, &reply);
}

static void handle_unit_create(struct request *r)
{
    const Zhucun__DispatchUnit *u = r->msg->unit_create->unit;
    const char *problem;
    if (u == NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "缺少派出单位", "unit");
        return;
    }
    if ((problem = rules_org_name_problem(u->name)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "name");
        return;
    }
    int want = rules_unit_org_level(u->level);
    if (want < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, UNIT_LEVEL_PROBLEM, "level");
        return;
    }
    if (rules_code_level(u->org_code) != want) {
        request_fail(
            r, ZHUCUN__CODE__INVALID_ARGUMENT,
            request_printf(r, "%s级派出单位应挂在%s级区划代码下", u->level, rules_level_name(want)),
            "org_code");
        return;
    }
    if ((problem = text_problem(r, u->leader_name, UNIT_LEADER_NAME_MAX)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "leader_name");
        return;
    }
    if ((problem = text_problem(r, u->handling_office, UNIT_TEXT_MAX)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "handling_office");
        return;
    }
    if (!access_covers(&r->session, r->call->roles, u->org_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return;
    }
    const char **p = request_params(r, 10);
    if (p == NULL)
        return;
    p[0] = u->name;
    p[1] = u->level;
    p[2] = u->org_code;
    p[3] = u->leader_name;
    p[4] = u->handling_office;
    p[5] = request_num(r, r->session.user_id);
    p[6] = r->session.username;
    p[7] = r->peer;
    p[8] = r->msg->idempotency_key;
    p[9] = request_key_hash(r);
    request_query(r, &store_unit_create, p, request_stored_cb, NULL);
}

static void on_unit_show(struct request *r, PGresult *res, void *arg)
{
    if (PQntuples(res) != 1) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "派出单位不存在或不在您的管辖范围内", "id");
        return;
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_UNIT;
    reply.unit = unit_from_row(r, res, 0);
    if (reply.unit == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    request_reply(r, &reply);
}

static void handle_unit_show(struct request *r)
{
    const char **p = request_params(r, 3);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->msg->unit_show->id);
    p[1] = access_prefix_patterns(r, r->call->roles & ~ROLE_UNIT_ADMIN);
    p[2] = access_unit_ids(r);
    request_query(r, &store_unit_show, p, on_unit_show, NULL);
}

static void on_unit_list(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    if (n > UNITS_MAX) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED,
                     "派出单位过多（超过 5000 个），请按区划或层级缩小范围", NULL);
        return;
    }
    Zhucun__UnitListReply list = ZHUCUN__UNIT_LIST_REPLY__INIT;
    list.units = arena_alloc(r->arena, ((size_t)n + 1) * sizeof(*list.units));
    for (int i = 0; list.units != NULL && i < n; i++) {
        list.units[i] = unit_from_row(r, res, i);
        if (list.units[i] == NULL)
            list.units = NULL;
    }
    if (list.units == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
        return;
    }
    list.n_units = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_UNIT_LIST;
    reply.unit_list = &list;
    request_reply(r, &reply);
}

static void handle_unit_list(struct request *r)
{
    const Zhucun__UnitList *in = r->msg->unit_list;
    if (in->level[0] != '\0' && rules_unit_org_level(in->level) < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, UNIT_LEVEL_PROBLEM, "level");
        return;
    }
    const char **p = request_params(r, 4);
    if (p == NULL)
        return;
    p[0] = access_prefix_patterns(r, r->call->roles & ~ROLE_UNIT_ADMIN);
    p[1] = access_unit_ids(r);
    p[3] = "%";
    if (in->org_code[0] != '\0') {
        int level = rules_code_level(in->org_code);
        if (level < 0) {
            request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "区划代码应为 12 位数字", "org_code");
            return;
        }
        if (!access_covers(&r->session, r->call->roles, in->org_code)) {
            request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内",
                         "org_code");
            return;
        }
        p[3] = request_printf(r, "%.*s%%", rules_code_prefix_len(level), in->org_code);
    }
    p[2] = in->level;
    request_query(r, &store_unit_list, p, on_unit_list, NULL);
}

static void handle_unit_update(struct request *r)
{
    const Zhucun__UnitUpdate *in = r->msg->unit_update;
    const char *problem;
    if (in->name[0] != '\0' && (problem = rules_org_name_problem(in->name)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "name");
        return;
    }
    if ((problem = text_problem(r, in->leader_name, UNIT_LEADER_NAME_MAX)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "leader_name");
        return;
    }
    if ((problem = text_problem(r, in->handling_office, UNIT_TEXT_MAX)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "handling_office");
        return;
    }
    if (in->name[0] == '\0' && in->leader_name[0] == '\0' && in->handling_office[0] == '\0') {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "没有要修改的内容", NULL);
        return;
    }
    const char **p = request_params(r, 10);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = in->name[0] ? in->name : NULL;
    p[3] = in->leader_name[0] ? in->leader_name : NULL;
    p[4] = in->handling_office[0] ? in->handling_office : NULL;
    p[5] = request_num(r, r->session.user_id);
    p[6] = r->session.username;
    p[7] = r->peer;
    p[8] = r->msg->idempotency_key;
    p[9] = request_key_hash(r);
    request_query(r, &store_unit_update, p, request_stored_cb, NULL);
}

/* ---- accounts ---- */

/* Checks that role may be granted at scope by this caller: a known role, bound to the right
 * level, within the caller's own scope. Ends the request and returns -1 otherwise. */
static int check_grant(struct request *r, const char *role, const char *scope, int64_t unit_id)
{
    int level = rules_code_level(scope);
    if (rules_role_level(role) < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, request_printf(r, "未知的角色 %.40s", role),
                     "role");
        return -1;
    }
    if (level < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "区划代码应为 12 位数字", "scope_code");
        return -1;
    }
    if (!rules_role_level_ok(role, level)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "角色 %s 不能绑定到%s级单位", role, rules_level_name(level)),
                     "scope_code");
        return -1;
    }
    if (strcmp(role, "unit_admin") == 0 && unit_id <= 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "unit_admin 须指定派出单位", "unit_id");
        return -1;
    }
    /* Within the caller's scope means never above the caller's own level either. */
    if (!access_covers(&r->session, r->call->roles, scope)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内",
                     "scope_code");
        return -1;
    }
    return 0;
}

/* A write that sets an initial password (UserAdd, UserResetPassword): the password is made
 * here, hashed on the thread pool, and its hash goes into parameter phc_slot of st. */
struct useradd {
    struct request *r;
    struct hash_job job;
    char password[INITIAL_PASSWORD_LEN + 1];
    const char *p[17];
    int phc_slot;
    const struct db_statement *st;
    db_result_cb done;
};

static void on_initial_hashed(struct hash_job *job, void *arg)
{
    struct useradd *u = arg;
    struct request *r = u->r;
    if (job->failed || job->new_phc[0] == '\0') {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "服务器无法计算密码散列", NULL);
        return;
    }
    u->p[u->phc_slot] = arena_strdup(r->arena, job->new_phc);
    request_query_err(r, u->st, u->p, u->done, u);
}

/* Makes the state for an initial-password write; NULL after ending the request. */
static struct useradd *initial_password_new(struct request *r, int phc_slot,
                                            const struct db_statement *st, db_result_cb done)
{
    struct useradd *u = arena_alloc(r->arena, sizeof(*u));
    if (u == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return NULL;
    }
    memset(u, 0, sizeof(*u));
    u->r = r;
    u->phc_slot = phc_slot;
    u->st = st;
    u->done = done;
    if (password_generate(u->password, sizeof(u->password)) != 0) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "服务器无法生成初始密码", NULL);
        return NULL;
    }
    return u;
}

/* Hashes the password, then runs the statement (parameters filled by the caller). */
static void initial_password_start(struct useradd *u)
{
    u->job.password = u->password;
    u->job.hash_only = 1;
    if (hasher_submit(u->r->w->hasher, &u->job, on_initial_hashed, u) != 0)
        request_fail(u->r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "服务器繁忙，请稍后重试", NULL);
}

/* A retried UserAdd or UserResetPassword is answered OK without the password: the generated
 * password is never stored in clear (only its hash, in users), so only the first answer holds
 * it. The status message says so and what to do (docs/calls.md). */
#define PASSWORD_NOT_REPEATED                                                                             \
    "此操作已由同一请求完成；初始密码只在首次应答中给出，不会再次显示。" \
    "如未收到，请为该账号重置密码"

/* Ends a write that set an initial password, with the text its keyed statement returned
 * (0021): "FIELDS|set" when this attempt wrote, and the answer carries the password it
 * hashed; the stored FIELDS alone when the key's first attempt wrote (this one waited for
 * it), and the answer is the replay's, without a password. */
static void initial_password_done(struct useradd *u, const PGresult *res,
                                  void (*with_password)(struct useradd *u,
                                                        const struct stored_result *sr))
{
    struct request *r = u->r;
    struct stored_result sr;
    if (stored_result_parse(PQgetvalue(res, 0, 0), &sr) != 0 || sr.n < 1) {
        OPENSSL_cleanse(u->password, sizeof(u->password));
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    if (strcmp(sr.f[sr.n - 1], "set") == 0) {
        sr.n--;
        with_password(u, &sr);
        return;
    }
    OPENSSL_cleanse(u->password, sizeof(u->password));
    r->call->replay(r, &sr);
}

static void user_add_reply(struct request *r, const struct stored_result *sr, const char *password)
{
    if (sr->n != 2) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__UserAddReply ar = ZHUCUN__USER_ADD_REPLY__INIT;
    ar.user_id = strtoll(sr->f[0], NULL, 10);
    ar.person_id = strtoll(sr->f[1], NULL, 10);
    Zhucun__Status st = ZHUCUN__STATUS__INIT;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    if (password != NULL) {
        ar.initial_password = (char *)password;
    } else {
        st.message = PASSWORD_NOT_REPEATED;
        reply.status = &st;
    }
    reply.body_case = ZHUCUN__REPLY__BODY_USER_ADD;
    reply.user_add = &ar;
    request_reply(r, &reply);
}

/* A retried UserAdd: the ids, no password. */
static void replay_user_add(struct request *r, const struct stored_result *sr)
{
    user_add_reply(r, sr, NULL);
}

static void user_added(struct useradd *u, const struct stored_result *sr)
{
    user_add_reply(u->r, sr, u->password);
}

static void on_user_added(PGresult *res, const struct db_error *err, void *arg)
{
    struct useradd *u = arg;
    if (err != NULL) {
        OPENSSL_cleanse(u->password, sizeof(u->password));
        request_fail_db(u->r, err);
        return;
    }
    initial_password_done(u, res, user_added);
}

static void handle_user_add(struct request *r)
{
    const Zhucun__UserAdd *in = r->msg->user_add;
    const Zhucun__Person *person = in->person;
    const char *problem;
    if ((problem = rules_username_problem(in->username)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "username");
        return;
    }
    if (person == NULL || (problem = rules_person_name_problem(person->name)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, person ? problem : "缺少人员信息",
                     "person.name");
        return;
    }
    if (!rules_person_phone_ok(person->phone)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, PERSON_PHONE_PROBLEM, "person.phone");
        return;
    }
    if (rules_code_level(person->org_code) < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "人员所属区划代码应为 12 位数字",
                     "person.org_code");
        return;
    }
    if (!access_covers(&r->session, r->call->roles, person->org_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内",
                     "person.org_code");
        return;
    }
    const char *scope = in->scope_code[0] ? in->scope_code : person->org_code;
    int64_t grant_unit = strcmp(in->role, "unit_admin") == 0 ? person->unit_id : 0;
    if (check_grant(r, in->role, scope, grant_unit) != 0)
        return;
    /* Sealed as the households' phones are (docs/encryption.md): the database never sees
     * the number. */
    struct seal phone;
    int rc = seal_phone(r->w->cfg->data_keys, SEAL_PERSON_PHONE, person->phone, &phone);
    if (rc != 0) {
        request_fail(r, ZHUCUN__CODE__INTERNAL,
                     request_printf(r, "无法加密个人信息：%s", crypt_strerror(rc)), NULL);
        return;
    }
    const char *phone_enc = request_printf(r, "%s", phone.enc);
    const char *phone_hmac = request_printf(r, "%s", phone.hmac);
    seal_clear(&phone);
    struct useradd *u = initial_password_new(r, 7, &store_user_add, on_user_added);
    if (u == NULL)
        return;
    u->p[0] = in->username;
    u->p[1] = person->name;
    u->p[2] = phone_enc;
    u->p[3] = phone_hmac;
    u->p[4] = person->party_member ? "true" : "false";
    u->p[5] = person->unit_id > 0 ? request_num(r, person->unit_id) : NULL;
    u->p[6] = person->org_code;
    u->p[8] = in->role;
    u->p[9] = scope;
    u->p[10] = grant_unit > 0 ? request_num(r, grant_unit) : NULL;
    u->p[11] = access_prefix_patterns(r, r->call->roles);
    u->p[12] = request_num(r, r->session.user_id);
    u->p[13] = r->session.username;
    u->p[14] = r->peer;
    u->p[15] = r->msg->idempotency_key;
    u->p[16] = request_key_hash(r);
    initial_password_start(u);
}

/* The person's phone (column 2 of UserShow's first row: a ciphertext, or '' for none) in clear,
 * in the request's arena. NULL after ending the request when it does not decrypt (logged with
 * the person's id, never the value). */
static const char *unseal_phone(struct request *r, const PGresult *res)
{
    const char *text = PQgetvalue(res, 0, 2);
    if (text[0] == '\0')
        return "";
    char *clear = NULL;
    int rc = crypt_decrypt(r->w->cfg->data_keys, SEAL_PERSON_PHONE, text, &clear, NULL);
    if (rc != 0) {
        log_error("unseal", "column=%s row=person:%s key=%d error=\"%s\"", SEAL_PERSON_PHONE,
                  PQgetvalue(res, 0, 0), crypt_key_id(text), crypt_strerror(rc));
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法解密个人信息（已记入服务器日志）", NULL);
        return NULL;
    }
    const char *out = request_printf(r, "%s", clear);
    free(clear);
    return out;
}

static void on_user_show(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    Zhucun__UserShowReply sr = ZHUCUN__USER_SHOW_REPLY__INIT;
    Zhucun__Person person = ZHUCUN__PERSON__INIT;
    person.id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    person.name = PQgetvalue(res, 0, 1);
    person.phone = (char *)unseal_phone(r, res);
    if (person.phone == NULL)
        return;
    person.party_member = PQgetvalue(res, 0, 3)[0] == 't';
    person.unit_id = strtoll(PQgetvalue(res, 0, 4), NULL, 10);
    person.org_code = PQgetvalue(res, 0, 5);
    person.username = PQgetvalue(res, 0, 6);
    sr.person = &person;
    sr.disabled = PQgetvalue(res, 0, 7)[0] == 't';
    sr.must_change_password = PQgetvalue(res, 0, 8)[0] == 't';
    sr.roles = arena_alloc(r->arena, (size_t)n * sizeof(*sr.roles));
    Zhucun__RoleGrant *grants = arena_alloc(r->arena, (size_t)n * sizeof(*grants));
    if (sr.roles == NULL || grants == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
        return;
    }
    for (int i = 0; i < n; i++) {
        if (PQgetisnull(res, i, 9))
            continue;
        Zhucun__RoleGrant *g = &grants[sr.n_roles];
        zhucun__role_grant__init(g);
        g->role = PQgetvalue(res, i, 9);
        g->scope_code = PQgetvalue(res, i, 10);
        g->scope_name = PQgetvalue(res, i, 11);
        sr.roles[sr.n_roles++] = g;
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_USER_SHOW;
    reply.user_show = &sr;
    request_reply(r, &reply);
}

static void handle_user_show(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = r->msg->user_show->username;
    p[1] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_user_show, p, on_user_show, NULL);
}

static void handle_user_disable(struct request *r)
{
    const char **p = request_params(r, 8);
    if (p == NULL)
        return;
    p[0] = r->msg->user_disable->username;
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = r->msg->user_disable->enable ? "false" : "true";
    p[3] = request_num(r, r->session.user_id);
    p[4] = r->session.username;
    p[5] = r->peer;
    p[6] = r->msg->idempotency_key;
    p[7] = request_key_hash(r);
    request_query(r, &store_user_disable, p, request_stored_cb, NULL);
}

static void reset_reply(struct request *r, const char *password)
{
    Zhucun__UserResetPasswordReply rr = ZHUCUN__USER_RESET_PASSWORD_REPLY__INIT;
    Zhucun__Status st = ZHUCUN__STATUS__INIT;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    if (password != NULL) {
        rr.initial_password = (char *)password;
    } else {
        st.message = PASSWORD_NOT_REPEATED;
        reply.status = &st;
    }
    reply.body_case = ZHUCUN__REPLY__BODY_USER_RESET_PASSWORD;
    reply.user_reset_password = &rr;
    request_reply(r, &reply);
}

/* A retried UserResetPassword: OK, no password. */
static void replay_user_reset_password(struct request *r, const struct stored_result *sr)
{
    (void)sr;
    reset_reply(r, NULL);
}

static void password_reset(struct useradd *u, const struct stored_result *sr)
{
    (void)sr;
    reset_reply(u->r, u->password);
}

static void on_password_reset(PGresult *res, const struct db_error *err, void *arg)
{
    struct useradd *u = arg;
    if (err != NULL) {
        OPENSSL_cleanse(u->password, sizeof(u->password));
        request_fail_db(u->r, err);
        return;
    }
    initial_password_done(u, res, password_reset);
}

static void handle_user_reset_password(struct request *r)
{
    struct useradd *u = initial_password_new(r, 2, &store_user_reset_password, on_password_reset);
    if (u == NULL)
        return;
    u->p[0] = r->msg->user_reset_password->username;
    u->p[1] = access_prefix_patterns(r, r->call->roles);
    u->p[3] = request_num(r, r->session.user_id);
    u->p[4] = r->session.username;
    u->p[5] = r->peer;
    u->p[6] = r->msg->idempotency_key;
    u->p[7] = request_key_hash(r);
    initial_password_start(u);
}

static void handle_user_grant(struct request *r)
{
    const Zhucun__UserGrant *in = r->msg->user_grant;
    if (!in->revoke && check_grant(r, in->role, in->scope_code, in->unit_id) != 0)
        return;
    if (in->revoke && !access_covers(&r->session, r->call->roles, in->scope_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内",
                     "scope_code");
        return;
    }
    const char **p = request_params(r, 11);
    if (p == NULL)
        return;
    p[0] = in->username;
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = in->role;
    p[3] = in->scope_code;
    p[4] = in->unit_id > 0 ? request_num(r, in->unit_id) : NULL;
    p[5] = in->revoke ? "true" : "false";
    p[6] = request_num(r, r->session.user_id);
    p[7] = r->session.username;
    p[8] = r->peer;
    p[9] = r->msg->idempotency_key;
    p[10] = request_key_hash(r);
    request_query(r, &store_user_grant, p, request_stored_cb, NULL);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs, and how a retried write is answered. */
static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_UNIT_CREATE, "UnitCreate", AUTH_SESSION, OFFICES, 0, handle_unit_create,
     replay_unit_create, 1},
    {ZHUCUN__REQUEST__BODY_UNIT_SHOW, "UnitShow", AUTH_SESSION, UNIT_READERS, 0, handle_unit_show,
     NULL, 0},
    {ZHUCUN__REQUEST__BODY_UNIT_LIST, "UnitList", AUTH_SESSION, UNIT_READERS, 0, handle_unit_list,
     NULL, 0},
    {ZHUCUN__REQUEST__BODY_UNIT_UPDATE, "UnitUpdate", AUTH_SESSION, OFFICES, 0, handle_unit_update,
     request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_USER_ADD, "UserAdd", AUTH_SESSION, OFFICES, 0, handle_user_add,
     replay_user_add, 1},
    {ZHUCUN__REQUEST__BODY_USER_SHOW, "UserShow", AUTH_SESSION, OFFICES, 0, handle_user_show, NULL,
     0},
    {ZHUCUN__REQUEST__BODY_USER_DISABLE, "UserDisable", AUTH_SESSION, OFFICES, 0,
     handle_user_disable, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_USER_RESET_PASSWORD, "UserResetPassword", AUTH_SESSION, OFFICES, 0,
     handle_user_reset_password, replay_user_reset_password, 1},
    {ZHUCUN__REQUEST__BODY_USER_GRANT, "UserGrant", AUTH_SESSION, OFFICES, 0, handle_user_grant,
     request_replay_ok, 1},
};

const struct domain people_domain = {
    .name = "people",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
