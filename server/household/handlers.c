/* household/handlers.c -- households: create (with members), show (members, state history),
 * list by village with filters, effective-dated changes of category and presence, bulk import
 * from CSV, phone and address, members joining and leaving. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/config.h"
#include "common/crypt.h"
#include "common/log.h"
#include "common/hhcsv.h"
#include "common/rules/date.h"
#include "common/rules/household.h"
#include "common/rules/idcard.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/offload.h"
#include "server/core/pgarray.h"
#include "server/core/worker.h"
#include "server/household/seal.h"
#include "server/household/store.h"
#include "server/roles.h"

#define LIST_DEFAULT 200
#define LIST_MAX     2000
/* An import's reply names at most this many problems (the count says how many there are). */
#define IMPORT_MAX_ERRORS 100

#define MSG_NOT_FOUND "农户不存在或不在您的管辖范围内"

/* Today in Asia/Shanghai (UTC+8, no daylight saving). */
static void today(char out[11])
{
    rules_date_format(zc_clock_today(), out);
}

/* Does the caller see full ID numbers in this village? Only through a grant, in scope, of a
 * role that works with them (the rule is rules_roles_see_id_numbers). */
static int sees_ids(const struct request *r, const char *village)
{
    const struct session *s = &r->session;
    for (size_t i = 0; i < s->ngrants; i++)
        if (rules_roles_see_id_numbers(rules_role_bit(s->grants[i].role)) &&
            rules_code_within(village, s->grants[i].scope_code))
            return 1;
    return 0;
}

/* ---- sealed values (household/seal.h) ---- */

/* The server's personal data keys ([data] key_file: serve does not start without them). */
static const struct crypt_keys *data_keys(const struct request *r)
{
    return r->w->cfg->data_keys;
}

/* A value's sealed forms as query parameters, copied into the request's arena. */
struct sealed {
    const char *enc, *hmac, *masked;
};

/* Takes what seal_id_number or seal_phone made (rc its result) into out and clears s. On a
 * failure (OpenSSL: no memory, no random bytes) ends the request and returns -1. */
static int take_sealed(struct request *r, int rc, struct seal *s, struct sealed *out)
{
    if (rc != 0) {
        request_fail(r, ZHUCUN__CODE__INTERNAL,
                     request_printf(r, "无法加密个人信息：%s", crypt_strerror(rc)), NULL);
        return -1;
    }
    out->enc = request_printf(r, "%s", s->enc);
    out->hmac = request_printf(r, "%s", s->hmac);
    out->masked = request_printf(r, "%s", s->masked);
    seal_clear(s);
    return 0;
}

/* The clear text of the sealed value in column enc_col of row (a ciphertext, or '' for no
 * phone), decrypted into the request's arena. column names the clear column the ciphertext is
 * bound to, what (household:ID, member:ID) the row for the log, which never holds the value.
 * NULL after ending the request when it does not decrypt (a key removed too early, a
 * ciphertext altered or moved). */
static const char *unseal(struct request *r, const PGresult *res, int row, int enc_col,
                          const char *column, const char *what)
{
    const char *text = PQgetvalue(res, row, enc_col);
    if (text[0] == '\0')
        return ""; /* no phone: stored as '', not encrypted */
    char *clear = NULL;
    int rc = crypt_decrypt(data_keys(r), column, text, &clear, NULL);
    if (rc != 0) {
        log_error("unseal", "column=%s row=%s key=%d error=\"%s\"", column, what,
                  crypt_key_id(text), crypt_strerror(rc));
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法解密个人信息（已记入服务器日志）", NULL);
        return NULL;
    }
    const char *out = request_printf(r, "%s", clear);
    free(clear);
    return out;
}

/* ---- HouseholdCreate ---- */

/* The reply: the household as asked for, with its id (also for a retry with the same key). */
static void reply_created(struct request *r, int64_t id)
{
    Zhucun__Household h = *r->msg->household_create->household;
    h.id = id;
    h.n_members = 0; /* the reply carries the id; HouseholdShow has the rest */
    h.members = NULL;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_HOUSEHOLD;
    reply.household = &h;
    request_reply(r, &reply);
}

static void on_created(struct request *r, PGresult *res, void *arg)
{
    request_reply_stored(r, PQgetvalue(res, 0, 0));
}

/* The answer to HouseholdCreate, first or retried: the stored result is the new id. */
static void replay_household_create(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1 || r->msg->household_create->household == NULL) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    reply_created(r, strtoll(sr->f[0], NULL, 10));
}

/* Checks one member; on failure ends the request naming members[i].field. */
static int check_member(struct request *r, size_t i, const Zhucun__HouseholdMember *m,
                        const char *day)
{
    const char *field = NULL;
    const char *problem = rules_hh_member_problem(m->name, m->relation, m->id_number, m->labour,
                                                  m->health, m->phone, m->birth_date, day, &field);
    if (problem == NULL)
        return 0;
    request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                 request_printf(r, "第 %zu 位成员：%s", i + 1, problem),
                 request_printf(r, "members[%zu].%s", i, field));
    return -1;
}

/* HouseholdCreate: a household with its members, each checked by rules_hh_member_problem (as
 * the import and the clients check them), one head, no ID number twice; the village must be
 * in scope, or it is NOT_FOUND as if it did not exist. The members go as arrays, one per
 * column, to zc_household_create: the household, its members, its first state and the audit
 * row in one transaction. */
static void handle_household_create(struct request *r)
{
    const Zhucun__Household *h = r->msg->household_create->household;
    char day[11];
    today(day);
    if (h == NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "缺少农户信息", "household");
        return;
    }
    if (rules_code_level(h->village_code) != ORG_VILLAGE) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请填写 12 位行政村代码", "village_code");
        return;
    }
    if (!rules_hh_category_ok(h->category)) {
        request_fail(
            r, ZHUCUN__CODE__INVALID_ARGUMENT,
            "农户类别应为 poverty_alleviated（脱贫户）、monitored（监测户）或 ordinary（一般户）",
            "category");
        return;
    }
    const char *since = h->since[0] ? h->since : day;
    int y, m, d;
    if (rules_date_parse(since, &y, &m, &d) != 0 || strcmp(since, day) > 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "登记日期应为不晚于今天的 YYYY-MM-DD",
                     "since");
        return;
    }
    if (!rules_hh_phone_ok(h->phone)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, RULES_HH_PHONE_PROBLEM, "phone");
        return;
    }
    if (rules_hh_address_problem(h->address) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, rules_hh_address_problem(h->address),
                     "address");
        return;
    }
    if (h->n_members == 0 || h->n_members > HOUSEHOLD_MEMBERS_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "每户应有 1 到 30 名成员", "members");
        return;
    }
    const char *head = NULL;
    for (size_t i = 0; i < h->n_members; i++) {
        if (check_member(r, i, h->members[i], day) != 0)
            return;
        for (size_t k = 0; k < i; k++) {
            if (strcmp(h->members[k]->id_number, h->members[i]->id_number) == 0) {
                request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "同一身份证号出现了两次",
                             request_printf(r, "members[%zu].id_number", i));
                return;
            }
        }
        if (strcmp(h->members[i]->relation, "head") == 0) {
            if (head != NULL) {
                request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "一户只能有一名户主",
                             request_printf(r, "members[%zu].relation", i));
                return;
            }
            head = h->members[i]->name;
        }
    }
    if (head == NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请指明户主（relation 为 head 的成员）",
                     "members");
        return;
    }
    if (!access_covers(&r->session, r->call->roles, h->village_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "行政村不存在或不在您的管辖范围内",
                     "village_code");
        return;
    }
    /* Sealed before anything is built: a failure then leaves nothing to free. */
    const struct crypt_keys *k = data_keys(r);
    struct seal s;
    struct sealed phone, *mid = NULL, *mphone = NULL;
    if (take_sealed(r, seal_phone(k, SEAL_HOUSEHOLD_PHONE, h->phone, &s), &s, &phone) != 0)
        return;
    mid = arena_alloc(r->arena, h->n_members * sizeof(*mid));
    mphone = arena_alloc(r->arena, h->n_members * sizeof(*mphone));
    if (mid == NULL || mphone == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    for (size_t i = 0; i < h->n_members; i++) {
        const Zhucun__HouseholdMember *mm = h->members[i];
        if (take_sealed(r, seal_id_number(k, mm->id_number, &s), &s, &mid[i]) != 0 ||
            take_sealed(r, seal_phone(k, SEAL_MEMBER_PHONE, mm->phone, &s), &s, &mphone[i]) != 0)
            return;
    }
    /* The arrays in the function's order: $7-$11, then $14-$18 (store.c). */
    enum {
        C_NAME,
        C_REL,
        C_BIRTH,
        C_LAB,
        C_HEA,
        C_ID_ENC,
        C_ID_HMAC,
        C_ID_MASKED,
        C_PHONE_ENC,
        C_PHONE_HMAC,
        C_COUNT
    };
    struct pgarray a[C_COUNT];
    for (int i = 0; i < C_COUNT; i++)
        pgarray_init(&a[i]);
    for (size_t i = 0; i < h->n_members; i++) {
        const Zhucun__HouseholdMember *mm = h->members[i];
        /* The birth date is the number's (the database no longer sees the number to check
         * it); a typed one was checked against it by check_member. */
        char birth[11];
        rules_idcard_birth_date(mm->id_number, birth);
        pgarray_add_text(&a[C_NAME], mm->name);
        pgarray_add_text(&a[C_REL], mm->relation);
        pgarray_add_raw(&a[C_BIRTH], birth);
        pgarray_add_text(&a[C_LAB], mm->labour);
        pgarray_add_text(&a[C_HEA], mm->health);
        pgarray_add_text(&a[C_ID_ENC], mid[i].enc);
        pgarray_add_text(&a[C_ID_HMAC], mid[i].hmac);
        pgarray_add_text(&a[C_ID_MASKED], mid[i].masked);
        pgarray_add_text(&a[C_PHONE_ENC], mphone[i].enc);
        pgarray_add_text(&a[C_PHONE_HMAC], mphone[i].hmac);
    }
    const char **p = request_params(r, 23);
    const char *arrays[C_COUNT];
    for (int i = 0; i < C_COUNT; i++)
        arrays[i] = pgarray_finish(&a[i], r);
    if (p == NULL)
        return;
    for (int i = 0; i < C_COUNT; i++) {
        if (arrays[i] == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
            return;
        }
    }
    p[0] = h->village_code;
    p[1] = head;
    p[2] = h->address;
    p[3] = request_printf(r, "%s", since);
    p[4] = h->category;
    p[5] = h->absent ? "true" : "false";
    for (int i = C_NAME; i <= C_HEA; i++)
        p[6 + i] = arrays[i];
    p[11] = phone.enc;
    p[12] = phone.hmac;
    for (int i = C_ID_ENC; i < C_COUNT; i++)
        p[13 + i - C_ID_ENC] = arrays[i];
    p[18] = request_num(r, r->session.user_id);
    p[19] = r->session.username;
    p[20] = r->peer;
    p[21] = r->msg->idempotency_key;
    p[22] = request_key_hash(r);
    request_query(r, &store_household_create, p, on_created, NULL);
}

/* ---- HouseholdShow ---- */

/* HouseholdShow's rows by kind: 'h' the household, then 'm' its members and 's' its state
 * history. An ID number is decrypted only for a caller who sees full numbers in that village
 * (sees_ids); the others get the masked form stored with it and nothing is decrypted for them,
 * so that the SQL needs no variant per role. Phones are decrypted for everyone who may read
 * the household. */
static void on_show(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    if (n == 0 || strcmp(PQgetvalue(res, 0, 0), "h") != 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, MSG_NOT_FOUND, "id");
        return;
    }
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.id = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
    h.village_code = PQgetvalue(res, 0, 3);
    h.village_name = PQgetvalue(res, 0, 4);
    h.head_name = PQgetvalue(res, 0, 5);
    h.phone = (char *)unseal(r, res, 0, 6, SEAL_HOUSEHOLD_PHONE,
                             request_printf(r, "household:%s", PQgetvalue(res, 0, 2)));
    if (h.phone == NULL)
        return;
    h.address = PQgetvalue(res, 0, 7);
    h.since = PQgetvalue(res, 0, 8);
    h.category = PQgetvalue(res, 0, 9);
    h.absent = PQgetvalue(res, 0, 10)[0] == 't';
    h.ids_masked = !sees_ids(r, h.village_code);
    h.members = arena_alloc(r->arena, (size_t)n * sizeof(*h.members));
    h.history = arena_alloc(r->arena, (size_t)n * sizeof(*h.history));
    Zhucun__HouseholdMember *mv = arena_alloc(r->arena, (size_t)n * sizeof(*mv));
    Zhucun__HouseholdState *sv = arena_alloc(r->arena, (size_t)n * sizeof(*sv));
    if (h.members == NULL || h.history == NULL || mv == NULL || sv == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过大", NULL);
        return;
    }
    for (int i = 1; i < n; i++) {
        const char *kind = PQgetvalue(res, i, 0);
        if (kind[0] == 'm') {
            Zhucun__HouseholdMember *m = &mv[h.n_members];
            zhucun__household_member__init(m);
            m->id = strtoll(PQgetvalue(res, i, 2), NULL, 10);
            m->name = PQgetvalue(res, i, 3);
            m->relation = PQgetvalue(res, i, 4);
            const char *row = request_printf(r, "member:%s", PQgetvalue(res, i, 2));
            if (!h.ids_masked) {
                m->id_number = (char *)unseal(r, res, i, 5, SEAL_MEMBER_ID_NUMBER, row);
                if (m->id_number == NULL)
                    return;
            } else {
                /* Masked when written: nothing is decrypted for a role that sees it masked. */
                m->id_number = PQgetvalue(res, i, 12);
            }
            m->birth_date = PQgetvalue(res, i, 6);
            m->labour = PQgetvalue(res, i, 7);
            m->health = PQgetvalue(res, i, 8);
            m->phone = (char *)unseal(r, res, i, 9, SEAL_MEMBER_PHONE, row);
            if (m->phone == NULL)
                return;
            m->left_on = PQgetvalue(res, i, 10);
            m->left_reason = PQgetvalue(res, i, 11);
            h.members[h.n_members++] = m;
            if (m->left_on[0] == '\0')
                h.member_count++;
        } else {
            Zhucun__HouseholdState *s = &sv[h.n_history];
            zhucun__household_state__init(s);
            s->valid_from = PQgetvalue(res, i, 3);
            s->category = PQgetvalue(res, i, 4);
            s->absent = PQgetvalue(res, i, 5)[0] == 't';
            s->note = PQgetvalue(res, i, 6);
            h.history[h.n_history++] = s;
        }
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_HOUSEHOLD;
    reply.household = &h;
    request_reply(r, &reply);
}

static void handle_household_show(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->msg->household_show->id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_household_show, p, on_show, NULL);
}

/* ---- HouseholdList ---- */

struct listing {
    struct request *r;
    unsigned limit;
};

static void on_list(struct request *r, PGresult *res, void *arg)
{
    struct listing *l = arg;
    int n = PQntuples(res);
    Zhucun__HouseholdListReply list = ZHUCUN__HOUSEHOLD_LIST_REPLY__INIT;
    list.truncated = (unsigned)n > l->limit;
    if (list.truncated)
        n = (int)l->limit;
    list.households = arena_alloc(r->arena, ((size_t)n + 1) * sizeof(*list.households));
    Zhucun__Household *hv = arena_alloc(r->arena, ((size_t)n + 1) * sizeof(*hv));
    if (list.households == NULL || hv == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多，请缩小范围", NULL);
        return;
    }
    for (int i = 0; i < n; i++) {
        Zhucun__Household *h = &hv[i];
        zhucun__household__init(h);
        h->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        h->village_code = PQgetvalue(res, i, 1);
        h->village_name = PQgetvalue(res, i, 2);
        h->head_name = PQgetvalue(res, i, 3);
        h->phone = (char *)unseal(r, res, i, 4, SEAL_HOUSEHOLD_PHONE,
                                  request_printf(r, "household:%s", PQgetvalue(res, i, 0)));
        if (h->phone == NULL)
            return;
        h->address = PQgetvalue(res, i, 5);
        h->since = PQgetvalue(res, i, 6);
        h->category = PQgetvalue(res, i, 7);
        h->absent = PQgetvalue(res, i, 8)[0] == 't';
        h->member_count = (uint32_t)atoi(PQgetvalue(res, i, 9));
        list.households[i] = h;
    }
    list.n_households = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_HOUSEHOLD_LIST;
    reply.household_list = &list;
    request_reply(r, &reply);
}

static void handle_household_list(struct request *r)
{
    const Zhucun__HouseholdList *in = r->msg->household_list;
    if (in->category[0] != '\0' && !rules_hh_category_ok(in->category)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "未知的农户类别", "category");
        return;
    }
    if (in->presence > 2 || strlen(in->query) > HOUSEHOLD_QUERY_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "筛选条件不正确",
                     in->presence > 2 ? "presence" : "query");
        return;
    }
    const char *id_problem =
        in->id_number[0] != '\0' ? rules_idcard_problem(in->id_number, NULL) : NULL;
    if (id_problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, id_problem, "id_number");
        return;
    }
    struct listing *l = arena_alloc(r->arena, sizeof(*l));
    const char **p = request_params(r, 13);
    if (l == NULL || p == NULL)
        return;
    l->r = r;
    l->limit = in->limit == 0 ? LIST_DEFAULT : in->limit > LIST_MAX ? LIST_MAX : in->limit;
    if (in->village_code[0] != '\0') {
        int level = rules_code_level(in->village_code);
        if (level < 0) {
            request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "区划代码应为 12 位数字",
                         "village_code");
            return;
        }
        if (!access_covers(&r->session, r->call->roles, in->village_code)) {
            request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内",
                         "village_code");
            return;
        }
        p[0] = request_printf(r, "{%.*s%%}", rules_code_prefix_len(level), in->village_code);
    } else {
        p[0] = access_prefix_patterns(r, r->call->roles);
    }
    /* The name keyword is text, not a pattern. */
    char *like = arena_alloc(r->arena, 2 * strlen(in->query) + 1);
    if (like == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    char *o = like;
    for (const char *q = in->query; *q; q++) {
        if (*q == '%' || *q == '_' || *q == '\\')
            *o++ = '\\';
        *o++ = *q;
    }
    *o = '\0';
    p[1] = request_num(r, in->after);
    p[2] = in->category;
    p[3] = request_printf(r, "%u", in->presence);
    p[4] = like;
    p[5] = request_printf(r, "%u", l->limit + 1);
    if (access_pattern_bounds(r, p[0], &p[6], &p[7]) != 0)
        return;
    if (in->id_number[0] == '\0') {
        request_query(r, &store_household_list, p, on_list, l);
        return;
    }
    /* By the number's keyed hash; the search is audited with its masked form (0182). */
    char hmac[CRYPT_HMAC_TEXT_LEN + 1], masked[IDCARD_LEN + 1];
    seal_id_number_hmac(data_keys(r), in->id_number, hmac);
    rules_idcard_mask(in->id_number, masked);
    p[8] = request_printf(r, "%s", hmac);
    p[9] = request_num(r, r->session.user_id);
    p[10] = r->session.username;
    p[11] = r->peer;
    p[12] = request_printf(r, "%s", masked);
    request_query(r, &store_household_list_id, p, on_list, l);
}

/* ---- HouseholdSetState ---- */

static void handle_household_set_state(struct request *r)
{
    const Zhucun__HouseholdSetState *in = r->msg->household_set_state;
    char day[11];
    today(day);
    int y, m, d;
    if (!rules_hh_category_ok(in->category)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "未知的农户类别", "category");
        return;
    }
    const char *from = in->valid_from[0] ? in->valid_from : day;
    if (rules_date_parse(from, &y, &m, &d) != 0 || strcmp(from, day) > 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "生效日期应为不晚于今天的 YYYY-MM-DD",
                     "valid_from");
        return;
    }
    if (strlen(in->note) > HOUSEHOLD_NOTE_MAX || (in->note[0] && rules_utf8_chars(in->note) < 0)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "说明过长（最多 500 字节）", "note");
        return;
    }
    const char **p = request_params(r, 11);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = request_printf(r, "%s", from);
    p[3] = in->category;
    p[4] = in->absent ? "true" : "false";
    p[5] = in->note;
    p[6] = request_num(r, r->session.user_id);
    p[7] = r->session.username;
    p[8] = r->peer;
    p[9] = r->msg->idempotency_key;
    p[10] = request_key_hash(r);
    request_query(r, &store_household_set_state, p, request_stored_cb, NULL);
}

/* ---- HouseholdImport ---- */

struct hh_import {
    struct request *r;
    Zhucun__FieldError **errors; /* kept in line order */
    int *lines;
    size_t nerrors;   /* listed */
    size_t nproblems; /* found */
    int other_errors; /* a problem that is not "outside your scope" */
};

static void import_error(struct hh_import *im, int line, const char *column, const char *message)
{
    struct request *r = im->r;
    im->nproblems++;
    if (im->nerrors >= IMPORT_MAX_ERRORS)
        return;
    Zhucun__FieldError *fe = arena_alloc(r->arena, sizeof(*fe));
    if (fe == NULL)
        return;
    zhucun__field_error__init(fe);
    if (column != NULL && column[0] != '\0') {
        fe->field = (char *)request_printf(r, "line %d.%s", line, column);
        fe->message = (char *)request_printf(r, "第 %d 行 %s：%s", line, column, message);
    } else {
        fe->field = (char *)request_printf(r, "line %d", line);
        fe->message = (char *)request_printf(r, "第 %d 行：%s", line, message);
    }
    /* Insert in line order (stable: after the problems of the same line found earlier). */
    size_t at = im->nerrors;
    while (at > 0 && im->lines[at - 1] > line) {
        im->errors[at] = im->errors[at - 1];
        im->lines[at] = im->lines[at - 1];
        at--;
    }
    im->errors[at] = fe;
    im->lines[at] = line;
    im->nerrors++;
}

static void on_csv_problem(void *arg, int line, const char *column, const char *message)
{
    struct hh_import *im = arg;
    im->other_errors = 1;
    import_error(im, line, column, message);
}

static void fail_household_import(struct hh_import *im)
{
    /* Villages outside the caller's scope are "not found" like everything out of scope; any
     * other problem makes the file invalid. */
    Zhucun__Code code = im->other_errors ? ZHUCUN__CODE__INVALID_ARGUMENT : ZHUCUN__CODE__NOT_FOUND;
    request_fail_fields(im->r, code,
                        request_printf(im->r, "导入文件有 %zu 处错误%s，未导入任何记录",
                                       im->nproblems,
                                       im->nproblems > im->nerrors ? "（只列出前 100 处）" : ""),
                        im->errors, im->nerrors);
}

/* The answer to HouseholdImport, first or retried: the stored result counts the households
 * and the members imported. */
static void replay_household_import(struct request *r, const struct stored_result *sr)
{
    if (sr->n != 2) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取导入结果", NULL);
        return;
    }
    Zhucun__HouseholdImportReply ir = ZHUCUN__HOUSEHOLD_IMPORT_REPLY__INIT;
    ir.households = (uint32_t)strtoul(sr->f[0], NULL, 10);
    ir.members = (uint32_t)strtoul(sr->f[1], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_HOUSEHOLD_IMPORT;
    reply.household_import = &ir;
    request_reply(r, &reply);
}

static void on_household_import(struct request *r, PGresult *res, void *arg)
{
    struct hh_import *im = arg;
    int n = PQntuples(res);
    if (n == 1 && atoi(PQgetvalue(res, 0, 0)) == 0) {
        request_reply_stored(r, PQgetvalue(res, 0, 2)); /* (0, '', the stored result) */
        return;
    }
    for (int i = 0; i < n; i++)
        import_error(im, atoi(PQgetvalue(res, i, 0)), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
    im->other_errors = 1; /* what the database finds is not a matter of scope alone */
    fail_household_import(im);
}

/* The import's arrays: one element per household (h_*) or per member (m_*), in the order of
 * zc_household_import's parameters ($4-$24). */
enum {
    A_H_LINE,
    A_H_VILLAGE,
    A_H_HEAD,
    A_H_ADDRESS,
    A_H_SINCE,
    A_H_CATEGORY,
    A_H_ABSENT,
    A_M_HOUSEHOLD,
    A_M_LINE,
    A_M_NAME,
    A_M_RELATION,
    A_M_BIRTH,
    A_M_LABOUR,
    A_M_HEALTH,
    A_H_PHONE_ENC,
    A_H_PHONE_HMAC,
    A_M_ID_ENC,
    A_M_ID_HMAC,
    A_M_ID_MASKED,
    A_M_PHONE_ENC,
    A_M_PHONE_HMAC,
    A_COUNT
};

/* Adds a sealed value's ciphertext and hash to a[enc], a[enc + 1] and frees it. */
static void add_seal(struct pgarray *a, int enc, struct seal *s)
{
    pgarray_add_text(&a[enc], s->enc);
    pgarray_add_text(&a[enc + 1], s->hmac);
    seal_clear(s);
}

/* Fills the import's arrays from the file, sealing every ID number and phone under keys. Runs
 * on the thread pool: encrypting a large file would hold the loop. 0, or the crypt_error of a
 * value that could not be sealed (the arrays are then incomplete). */
static int import_arrays(const struct hhcsv *f, const struct crypt_keys *keys, struct pgarray *a)
{
    char num[32], birth[11];
    struct seal s;
    int rc;
    for (size_t h = 0; h < f->nhouseholds; h++) {
        const struct hhcsv_household *hh = &f->households[h];
        const char *head = "";
        for (size_t k = 0; k < hh->nmembers; k++)
            if (strcmp(f->members[hh->first + k].relation, "head") == 0)
                head = f->members[hh->first + k].name;
        snprintf(num, sizeof(num), "%d", hh->line);
        pgarray_add_raw(&a[A_H_LINE], num);
        pgarray_add_text(&a[A_H_VILLAGE], hh->village);
        pgarray_add_text(&a[A_H_HEAD], head);
        pgarray_add_text(&a[A_H_ADDRESS], hh->address);
        pgarray_add_raw(&a[A_H_SINCE], hh->since);
        pgarray_add_text(&a[A_H_CATEGORY], hh->category);
        pgarray_add_raw(&a[A_H_ABSENT], hh->absent ? "t" : "f");
        rc = seal_phone(keys, SEAL_HOUSEHOLD_PHONE, hh->phone, &s);
        if (rc != 0)
            return rc;
        add_seal(a, A_H_PHONE_ENC, &s);
        for (size_t k = 0; k < hh->nmembers; k++) {
            const struct hhcsv_member *m = &f->members[hh->first + k];
            snprintf(num, sizeof(num), "%zu", h + 1);
            pgarray_add_raw(&a[A_M_HOUSEHOLD], num);
            snprintf(num, sizeof(num), "%d", m->line);
            pgarray_add_raw(&a[A_M_LINE], num);
            pgarray_add_text(&a[A_M_NAME], m->name);
            pgarray_add_text(&a[A_M_RELATION], m->relation);
            /* hhcsv_read checked the number (rules_hh_member_problem): its date is real. */
            rules_idcard_birth_date(m->id_number, birth);
            pgarray_add_raw(&a[A_M_BIRTH], birth);
            pgarray_add_text(&a[A_M_LABOUR], m->labour);
            pgarray_add_text(&a[A_M_HEALTH], m->health);
            rc = seal_id_number(keys, m->id_number, &s);
            if (rc != 0)
                return rc;
            pgarray_add_text(&a[A_M_ID_MASKED], s.masked);
            add_seal(a, A_M_ID_ENC, &s);
            rc = seal_phone(keys, SEAL_MEMBER_PHONE, m->phone, &s);
            if (rc != 0)
                return rc;
            add_seal(a, A_M_PHONE_ENC, &s);
        }
    }
    return 0;
}

/* A problem hhcsv_read found, kept by the pool thread for the loop (import_error). */
struct csv_problem {
    int line;
    char *column; /* NULL for the row as a whole */
    char *message;
};

/* Reading an import file on the thread pool: the text is the request's (read only); the rest
 * is the job's own until done. */
struct hh_parse {
    struct offload_job job;
    struct hh_import *im;
    const char *text;
    char day[11];
    struct hhcsv f;
    int rc; /* hhcsv_read's */
    char err[256];
    const struct crypt_keys *keys; /* the server's (immutable: any thread may use them) */
    struct pgarray a[A_COUNT];     /* built on the pool when the file has no problem */
    int built;                     /* a[] holds the arrays (freed or finished on the loop) */
    int seal_rc;                   /* import_arrays' */
    struct csv_problem problems[IMPORT_MAX_ERRORS]; /* the first ones, as import_error keeps */
    size_t nkept, nproblems;
};

static void keep_csv_problem(void *arg, int line, const char *column, const char *message)
{
    struct hh_parse *hp = arg;
    if (hp->nkept < IMPORT_MAX_ERRORS) {
        struct csv_problem *p = &hp->problems[hp->nkept++];
        p->line = line;
        p->column = column != NULL ? xstrdup(column) : NULL;
        p->message = xstrdup(message);
    }
    hp->nproblems++;
}

/* On a pool thread: parsing and checking every row of a large file takes long enough to hold
 * a worker's loop (and a hostile file longer), so it is not done there. */
static void parse_import(struct offload_job *job)
{
    struct hh_parse *hp = container_of(job, struct hh_parse, job);
    hp->rc = hhcsv_read(hp->text, strlen(hp->text), hp->day, &hp->f, keep_csv_problem, hp, hp->err,
                        sizeof(hp->err));
    if (hp->rc < 0 || hp->nproblems > 0)
        return; /* refused whatever the scope: nothing to seal */
    for (int i = 0; i < A_COUNT; i++)
        pgarray_init(&hp->a[i]);
    hp->built = 1;
    hp->seal_rc = import_arrays(&hp->f, hp->keys, hp->a);
}

/* Frees arrays built for a file refused after all (villages out of scope). */
static void free_arrays(struct hh_parse *hp)
{
    if (!hp->built)
        return;
    for (int i = 0; i < A_COUNT; i++)
        free(hp->a[i].buf);
    hp->built = 0;
}

static void import_parsed(struct offload_job *job);

/* HouseholdImport: the CSV is read on the thread pool (hhcsv_read names each bad line and
 * column; docs/household-import.md) and every village checked against the caller's scope
 * before anything is sent; the file then goes as arrays, one per column, to
 * zc_household_import, which applies it in one transaction or not at all and answers what it
 * finds (an ID number already registered, ...) as rows. Problems are listed in line order, at
 * most IMPORT_MAX_ERRORS; villages out of scope alone answer NOT_FOUND, any other problem
 * INVALID_ARGUMENT. */
static void handle_household_import(struct request *r)
{
    struct hh_import *im = arena_alloc(r->arena, sizeof(*im));
    struct hh_parse *hp = arena_alloc(r->arena, sizeof(*hp));
    if (im == NULL || hp == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    memset(im, 0, sizeof(*im));
    memset(hp, 0, sizeof(*hp));
    im->r = r;
    im->errors = arena_alloc(r->arena, IMPORT_MAX_ERRORS * sizeof(*im->errors));
    im->lines = arena_alloc(r->arena, IMPORT_MAX_ERRORS * sizeof(*im->lines));
    if (im->errors == NULL || im->lines == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    hp->im = im;
    hp->text = r->msg->household_import->csv;
    hp->keys = data_keys(r);
    today(hp->day);
    hp->job.work = parse_import;
    hp->job.done = import_parsed;
    if (offload_submit(r->w->offload, &hp->job) != 0)
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "服务器繁忙，请稍后重试", NULL);
}

/* Back on the loop: the problems found, the scope, then the statement. */
static void import_parsed(struct offload_job *job)
{
    struct hh_parse *hp = container_of(job, struct hh_parse, job);
    struct hh_import *im = hp->im;
    struct request *r = im->r;
    for (size_t i = 0; i < hp->nkept; i++) {
        struct csv_problem *p = &hp->problems[i];
        on_csv_problem(im, p->line, p->column, p->message);
        free(p->column);
        free(p->message);
    }
    im->nproblems += hp->nproblems - hp->nkept;
    struct hhcsv f = hp->f;
    if (hp->rc < 0) {
        free_arrays(hp);
        hhcsv_free(&f);
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, request_printf(r, "%s", hp->err), "csv");
        return;
    }
    for (size_t h = 0; h < f.nhouseholds; h++) {
        const struct hhcsv_household *hh = &f.households[h];
        if (rules_code_level(hh->village) == ORG_VILLAGE &&
            !access_covers(&r->session, r->call->roles, hh->village))
            import_error(im, hh->line, "village_code", "行政村不存在或不在您的管辖范围内");
    }
    hhcsv_free(&f);
    if (im->nproblems > 0) {
        free_arrays(hp);
        fail_household_import(im);
        return;
    }
    if (hp->seal_rc != 0) {
        free_arrays(hp);
        request_fail(r, ZHUCUN__CODE__INTERNAL,
                     request_printf(r, "无法加密个人信息：%s", crypt_strerror(hp->seal_rc)), NULL);
        return;
    }
    const char **p = request_keyed_params(r, 27);
    const char *arrays[A_COUNT];
    int too_big = 0;
    for (int i = 0; i < A_COUNT; i++) {
        arrays[i] = pgarray_finish(&hp->a[i], r);
        too_big |= arrays[i] == NULL;
    }
    hp->built = 0;
    if (p == NULL)
        return;
    if (too_big) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "导入文件过大", "csv");
        return;
    }
    p[2] = access_prefix_patterns(r, r->call->roles);
    for (int i = 0; i < A_COUNT; i++)
        p[3 + i] = arrays[i];
    request_query(r, &store_household_import, p, on_household_import, im);
}

/* ---- HouseholdUpdate ---- */

static void handle_household_update(struct request *r)
{
    const Zhucun__HouseholdUpdate *in = r->msg->household_update;
    if (!in->set_phone && !in->set_address) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请给出要修改的电话或地址", "phone");
        return;
    }
    if (in->set_phone && !rules_hh_phone_ok(in->phone)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, RULES_HH_PHONE_PROBLEM, "phone");
        return;
    }
    if (in->set_address && rules_hh_address_problem(in->address) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, rules_hh_address_problem(in->address),
                     "address");
        return;
    }
    struct seal s;
    struct sealed phone = {NULL, NULL, NULL};
    if (in->set_phone &&
        take_sealed(r, seal_phone(data_keys(r), SEAL_HOUSEHOLD_PHONE, in->phone, &s), &s, &phone) !=
            0)
        return;
    const char **p = request_params(r, 12);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = in->set_phone ? "true" : "false";
    p[3] = phone.enc;
    p[4] = phone.hmac;
    p[5] = in->set_address ? "true" : "false";
    p[6] = in->address;
    p[7] = request_num(r, r->session.user_id);
    p[8] = r->session.username;
    p[9] = r->peer;
    p[10] = r->msg->idempotency_key;
    p[11] = request_key_hash(r);
    request_query(r, &store_household_update, p, request_stored_cb, NULL);
}

/* ---- HouseholdMemberAdd ---- */

/* The answer to HouseholdMemberAdd, first or retried: the stored result is the member's id;
 * the rest is the request's member (the key is bound to the request). */
static void replay_member_add(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__HouseholdMember m = *r->msg->household_member_add->member;
    char birth[11];
    rules_idcard_birth_date(m.id_number, birth);
    m.id = strtoll(sr->f[0], NULL, 10);
    m.birth_date = birth;
    m.left_on = "";
    m.left_reason = "";
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_HOUSEHOLD_MEMBER;
    reply.household_member = &m;
    request_reply(r, &reply);
}

static void handle_household_member_add(struct request *r)
{
    const Zhucun__HouseholdMemberAdd *in = r->msg->household_member_add;
    const Zhucun__HouseholdMember *m = in->member;
    char day[11];
    today(day);
    if (m == NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "缺少成员信息", "member");
        return;
    }
    const char *field = NULL;
    const char *problem = rules_hh_member_problem(m->name, m->relation, m->id_number, m->labour,
                                                  m->health, m->phone, m->birth_date, day, &field);
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem,
                     request_printf(r, "member.%s", field));
        return;
    }
    if (strcmp(m->relation, "head") == 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     "一户只能有一名户主：新户主在原户主离开时指定", "member.relation");
        return;
    }
    const struct crypt_keys *k = data_keys(r);
    struct seal s;
    struct sealed id, phone;
    if (take_sealed(r, seal_id_number(k, m->id_number, &s), &s, &id) != 0 ||
        take_sealed(r, seal_phone(k, SEAL_MEMBER_PHONE, m->phone, &s), &s, &phone) != 0)
        return;
    /* The birth date is the number's; a typed one was checked against it above. */
    char birth[11];
    rules_idcard_birth_date(m->id_number, birth);
    const char **p = request_params(r, 17);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->household_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = m->name;
    p[3] = m->relation;
    p[4] = request_printf(r, "%s", birth);
    p[5] = m->labour;
    p[6] = m->health;
    p[7] = id.enc;
    p[8] = id.hmac;
    p[9] = id.masked;
    p[10] = phone.enc;
    p[11] = phone.hmac;
    p[12] = request_num(r, r->session.user_id);
    p[13] = r->session.username;
    p[14] = r->peer;
    p[15] = r->msg->idempotency_key;
    p[16] = request_key_hash(r);
    request_query(r, &store_household_member_add, p, request_stored_cb, NULL);
}

/* ---- HouseholdMemberLeave ---- */

static void handle_household_member_leave(struct request *r)
{
    const Zhucun__HouseholdMemberLeave *in = r->msg->household_member_leave;
    char day[11];
    today(day);
    int y, m, d;
    if (!rules_hh_leave_reason_ok(in->reason)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     "离开原因应为 moved_out（迁出）、deceased（去世）或 married_out（婚出）",
                     "reason");
        return;
    }
    const char *on = in->left_on[0] ? in->left_on : day;
    if (rules_date_parse(on, &y, &m, &d) != 0 || strcmp(on, day) > 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "离开日期应为不晚于今天的 YYYY-MM-DD",
                     "left_on");
        return;
    }
    if (in->new_head_id < 0 || (in->new_head_id != 0 && in->new_head_id == in->member_id)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "新户主须是本户其他在册成员",
                     "new_head_id");
        return;
    }
    const char **p = request_params(r, 11);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->household_id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = request_num(r, in->member_id);
    p[3] = request_printf(r, "%s", on);
    p[4] = in->reason;
    p[5] = request_num(r, in->new_head_id);
    p[6] = request_num(r, r->session.user_id);
    p[7] = r->session.username;
    p[8] = r->peer;
    p[9] = r->msg->idempotency_key;
    p[10] = request_key_hash(r);
    request_query(r, &store_household_member_leave, p, request_stored_cb, NULL);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs, and how a retried write is answered. */
static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE, "HouseholdCreate", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_household_create, replay_household_create, 1},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SHOW, "HouseholdShow", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_household_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_LIST, "HouseholdList", AUTH_SESSION, HOUSEHOLD_READERS, 0,
     handle_household_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE, "HouseholdSetState", AUTH_SESSION,
     HOUSEHOLD_WRITERS, 0, handle_household_set_state, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_IMPORT, "HouseholdImport", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_household_import, replay_household_import, 1},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE, "HouseholdUpdate", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_household_update, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD, "HouseholdMemberAdd", AUTH_SESSION,
     HOUSEHOLD_WRITERS, 0, handle_household_member_add, replay_member_add, 1},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_LEAVE, "HouseholdMemberLeave", AUTH_SESSION,
     HOUSEHOLD_WRITERS, 0, handle_household_member_leave, request_replay_ok, 1},
};

const struct domain household_domain = {
    .name = "household",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
