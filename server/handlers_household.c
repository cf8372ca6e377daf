/* handlers_household.c -- households: create (with members), show (members, state history),
 * list by village with filters, and effective-dated changes of category and presence. */
#include "server/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/rules/date.h"
#include "common/rules/household.h"
#include "common/rules/idcard.h"
#include "common/rules/org.h"
#include "server/access.h"
#include "server/pgarray.h"
#include "server/store.h"

#define LIST_DEFAULT 200
#define LIST_MAX     2000
#define TEXT_MAX     200
#define NOTE_MAX     500

#define MSG_NOT_FOUND "农户不存在或不在您的管辖范围内"

/* Today in Asia/Shanghai (UTC+8, no daylight saving). */
static void today(char out[11])
{
    rules_date_format(rules_shanghai_day(time(NULL)), out);
}

static int phone_ok(const char *p)
{
    return strlen(p) <= 20 && strspn(p, "0123456789+- ") == strlen(p);
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

/* ---- HouseholdCreate ---- */

static void on_created(PGresult *res, const struct db_error *err, void *arg)
{
    struct request *r = arg;
    if (err != NULL) {
        request_fail_db(r, err);
        return;
    }
    Zhucun__Household h = *r->msg->household_create->household;
    h.id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    h.n_members = 0; /* the reply carries the id; HouseholdShow has the rest */
    h.members = NULL;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_HOUSEHOLD;
    reply.household = &h;
    request_reply(r, &reply);
}

/* Checks one member; on failure ends the request naming members[i].field. */
static int check_member(struct request *r, size_t i, const Zhucun__HouseholdMember *m,
                        const char *day)
{
    const char *problem = NULL, *field = NULL;
    if ((problem = rules_display_name_problem(m->name)) != NULL || strlen(m->name) > 64)
        field = "name", problem = problem ? problem : "姓名过长";
    else if (!rules_hh_relation_ok(m->relation))
        field = "relation", problem = "与户主关系应为 head、spouse、child、parent、grandchild、"
                                      "grandparent、sibling、in_law 或 other";
    else if ((problem = rules_idcard_problem(m->id_number, day)) != NULL)
        field = "id_number";
    else if (!rules_hh_labour_ok(m->labour))
        field = "labour", problem = "劳动能力应为 full、partial、none 或 minor";
    else if (!rules_hh_health_ok(m->health))
        field = "health", problem = "健康状况应为 healthy、chronic、serious 或 disabled";
    else if (!phone_ok(m->phone))
        field = "phone", problem = "电话只能包含数字、空格、+ 和 -";
    else if (m->birth_date[0] != '\0') {
        char birth[11];
        rules_idcard_birth_date(m->id_number, birth);
        if (strcmp(birth, m->birth_date) != 0)
            field = "birth_date", problem = "出生日期与身份证号不符";
    }
    if (field == NULL)
        return 0;
    request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                 request_printf(r, "第 %zu 位成员：%s", i + 1, problem),
                 request_printf(r, "members[%zu].%s", i, field));
    return -1;
}

void handle_household_create(struct request *r)
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
    if (!phone_ok(h->phone) || strlen(h->address) > TEXT_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "电话或地址格式不正确",
                     phone_ok(h->phone) ? "address" : "phone");
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
    struct pgarray names, rel, ids, lab, hea, phones;
    pgarray_init(&names);
    pgarray_init(&rel);
    pgarray_init(&ids);
    pgarray_init(&lab);
    pgarray_init(&hea);
    pgarray_init(&phones);
    for (size_t i = 0; i < h->n_members; i++) {
        pgarray_add_text(&names, h->members[i]->name);
        pgarray_add_text(&rel, h->members[i]->relation);
        pgarray_add_text(&ids, h->members[i]->id_number);
        pgarray_add_text(&lab, h->members[i]->labour);
        pgarray_add_text(&hea, h->members[i]->health);
        pgarray_add_text(&phones, h->members[i]->phone);
    }
    const char **p = request_params(r, 16);
    const char *arrays[6] = {pgarray_finish(&names, r), pgarray_finish(&rel, r),
                             pgarray_finish(&ids, r),   pgarray_finish(&lab, r),
                             pgarray_finish(&hea, r),   pgarray_finish(&phones, r)};
    if (p == NULL)
        return;
    p[0] = h->village_code;
    p[1] = head;
    p[2] = h->phone;
    p[3] = h->address;
    p[4] = request_printf(r, "%s", since);
    p[5] = h->category;
    p[6] = h->absent ? "true" : "false";
    for (int i = 0; i < 6; i++) {
        if (arrays[i] == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
            return;
        }
        p[7 + i] = arrays[i];
    }
    p[13] = request_num(r, r->session.user_id);
    p[14] = r->session.username;
    p[15] = r->peer;
    request_query(r, &store_household_create, p, on_created, r);
}

/* ---- HouseholdShow ---- */

static void on_show(PGresult *res, const struct db_error *err, void *arg)
{
    struct request *r = arg;
    if (err != NULL) {
        request_fail_db(r, err);
        return;
    }
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
    h.phone = PQgetvalue(res, 0, 6);
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
            m->id_number = PQgetvalue(res, i, 5);
            if (h.ids_masked) {
                char *masked = arena_alloc(r->arena, IDCARD_LEN + 1);
                if (masked == NULL) {
                    request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过大", NULL);
                    return;
                }
                rules_idcard_mask(m->id_number, masked);
                m->id_number = masked;
            }
            m->birth_date = PQgetvalue(res, i, 6);
            m->labour = PQgetvalue(res, i, 7);
            m->health = PQgetvalue(res, i, 8);
            m->phone = PQgetvalue(res, i, 9);
            m->left_on = PQgetvalue(res, i, 10);
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

void handle_household_show(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->msg->household_show->id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_household_show, p, on_show, r);
}

/* ---- HouseholdList ---- */

struct listing {
    struct request *r;
    unsigned limit;
};

static void on_list(PGresult *res, const struct db_error *err, void *arg)
{
    struct listing *l = arg;
    struct request *r = l->r;
    if (err != NULL) {
        request_fail_db(r, err);
        return;
    }
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
        h->phone = PQgetvalue(res, i, 4);
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

void handle_household_list(struct request *r)
{
    const Zhucun__HouseholdList *in = r->msg->household_list;
    if (in->category[0] != '\0' && !rules_hh_category_ok(in->category)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "未知的农户类别", "category");
        return;
    }
    if (in->presence > 2 || strlen(in->query) > 64) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "筛选条件不正确",
                     in->presence > 2 ? "presence" : "query");
        return;
    }
    struct listing *l = arena_alloc(r->arena, sizeof(*l));
    const char **p = request_params(r, 6);
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
    request_query(r, &store_household_list, p, on_list, l);
}

/* ---- HouseholdSetState ---- */

void handle_household_set_state(struct request *r)
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
    if (strlen(in->note) > NOTE_MAX || (in->note[0] && rules_utf8_chars(in->note) < 0)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "说明过长（最多 500 字节）", "note");
        return;
    }
    const char **p = request_params(r, 9);
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
    request_query(r, &store_household_set_state, p, request_done_cb, r);
}
