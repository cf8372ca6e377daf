/* zc_checks.c -- each call's argument checks, made before anything is sent: the same tests,
 * messages and field names as the server's handlers, so that the CLI, the desk and the
 * server refuse a bad argument in the same words.
 *
 * The messages are the server's and, like the server's, are not translated. Each check
 * function follows its handler in server/ line for line, in the same order, up to the first
 * check the client cannot make (the caller's scope, the server's configuration, the
 * database); later pure checks are made too, since the server makes them whatever the scope.
 * Where a test has no function in common/rules yet, the handler's own test is repeated here
 * and marked "(server: inline)": those are the ones to move into common/rules. */
#include "zc_checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <protobuf-c/protobuf-c.h>

#include "common/clock.h"
#include "common/rules/account.h"
#include "common/rules/attendance.h"
#include "common/rules/checkin.h"
#include "common/rules/date.h"
#include "common/rules/household.h"
#include "common/rules/leave.h"
#include "common/rules/org.h"

/* Limits the handlers keep as their own constants (server: inline). */
#define TEXT_FIELD_MAX        100 /* handlers_people.c */
#define PERSON_NAME_CHARS     64  /* handlers_people.c */
#define PHONE_MAX             20  /* handlers_people.c */
#define NOTE_MAX              500 /* handlers_team.c, handlers_household.c, handlers_attendance.c */
#define SEARCH_QUERY_MAX      60  /* handlers_org.c */
#define HH_QUERY_MAX          64  /* handlers_household.c */
#define VISIT_NOTES_MAX       2000 /* handlers_visit.c */
#define VISIT_PROBLEMS_MAX    20
#define VISIT_CADRES_MAX      10
#define PROBLEM_TEXT_MAX      1000
#define FOLLOW_UP_NOTE_MAX    1000
#define DEVICE_ID_MAX         128 /* handlers_attendance.c */
#define CLIENT_TIME_MAX       32503680000LL
#define BUSINESS_BACK_DAYS    92
#define BUSINESS_AHEAD_DAYS   31
#define REPORT_ROWS_MAX       5000
#define REASON_MAX            500 /* handlers_approval.c */
#define LEAVE_DAYS_MAX        60
#define LEAVE_AHEAD_DAYS      180
#define LEAVE_LIST_MAX        500
#define DELEGATION_DAYS_MAX   90
#define REPORT_HOUSEHOLDS_MAX 5000 /* handlers_report.c */

static int refuse(struct zc_error *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fills err as the server's request_fail(INVALID_ARGUMENT, message, field) reads on the
 * client (zc_status), and returns -1. */
static int refuse(struct zc_error *err, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->code = ZHUCUN__CODE__INVALID_ARGUMENT;
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    snprintf(err->field, sizeof(err->field), "%s", field != NULL ? field : "");
    return -1;
}

static void today(char out[11])
{
    rules_date_format(zc_clock_today(), out);
}

static int date_ok(const char *s)
{
    int y, m, d;
    return rules_date_parse(s, &y, &m, &d) == 0;
}

/* ---- the ids every handler relies on (server/dispatch.c, call_def.ids) ---- */

/* The body's int64 fields, space-separated, that name a row and must be > 0; the server
 * refuses 0 before the handler runs. A copy of the server's column: keep them together. */
static const struct {
    int body_case;
    const char *ids;
} required_ids[] = {
    {ZHUCUN__REQUEST__BODY_UNIT_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_UNIT_UPDATE, "id"},
    {ZHUCUN__REQUEST__BODY_TEAM_MEMBERS, "team_id"},
    {ZHUCUN__REQUEST__BODY_TEAM_ASSIGN, "team_id person_id"},
    {ZHUCUN__REQUEST__BODY_TEAM_RECALL, "membership_id"},
    {ZHUCUN__REQUEST__BODY_TEAM_SET_PARTY_LEADER, "team_id person_id"},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE, "id"},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE, "id"},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD, "household_id"},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_LEAVE, "household_id member_id"},
    {ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE, "id"},
    {ZHUCUN__REQUEST__BODY_OFFICIAL_BUSINESS_RECORD, "person_id"},
    {ZHUCUN__REQUEST__BODY_DECIDE, "step_id"},
    {ZHUCUN__REQUEST__BODY_LEAVE_SHOW, "id"},
    {ZHUCUN__REQUEST__BODY_LEAVE_END, "id"},
    {ZHUCUN__REQUEST__BODY_LEAVE_RESUBMIT, "id"},
    {ZHUCUN__REQUEST__BODY_DELEGATION_REVOKE, "id"},
};

/* As the server's check_ids: the first listed id that is not positive is refused. */
static int check_ids(int body_case, const ProtobufCMessage *body, struct zc_error *err)
{
    const char *names = NULL;
    for (size_t i = 0; i < sizeof(required_ids) / sizeof(*required_ids); i++)
        if (required_ids[i].body_case == body_case)
            names = required_ids[i].ids;
    while (names != NULL && *names != '\0') {
        size_t n = strcspn(names, " ");
        char name[64];
        snprintf(name, sizeof(name), "%.*s", (int)n, names);
        const ProtobufCFieldDescriptor *f =
            protobuf_c_message_descriptor_get_field_by_name(body->descriptor, name);
        if (f != NULL && f->type == PROTOBUF_C_TYPE_INT64 &&
            *(const int64_t *)((const char *)body + f->offset) <= 0)
            return refuse(err, name, "缺少 %s：应为正整数", name);
        names += n;
        names += strspn(names, " ");
    }
    return 0;
}

/* ---- auth (handlers_auth.c) ---- */

static int check_change_password(const Zhucun__ChangePassword *in, struct zc_error *err)
{
    /* The server's minimum length is its configuration: everything else of the rule. */
    char buf[160];
    const char *problem = rules_password_problem(in->new_password, 0, buf, sizeof(buf));
    if (in->old_password[0] == '\0')
        return refuse(err, "old_password", "请输入旧密码");
    if (strlen(in->old_password) > PASSWORD_MAX_BYTES)
        return refuse(err, "old_password", "旧密码不正确");
    if (problem != NULL)
        return refuse(err, "new_password", "%s", problem);
    if (strcmp(in->old_password, in->new_password) == 0)
        return refuse(err, "new_password", "新密码不能与旧密码相同");
    return 0;
}

/* ---- org (handlers_org.c) ---- */

/* The server's check_code: the level of a well-formed code, or -1 after refusing it. */
static int check_code(const char *code, const char *field, struct zc_error *err)
{
    int level = rules_code_level(code);
    char parent[ORG_CODE_LEN + 1];
    if (level < 0 || (level > ORG_PROVINCE && rules_code_parent(code, parent) < 0)) {
        refuse(err, field, "区划代码应为 12 位数字的统计用区划代码：%.40s", code);
        return -1;
    }
    return level;
}

static int check_village_fields(int level, int set_location, double lat, double lon,
                                unsigned geofence, char **tags, size_t ntags, struct zc_error *err)
{
    const char *problem;
    if (level != ORG_VILLAGE && (set_location || geofence != 0 || ntags > 0))
        return refuse(err, set_location ? "lat" : "tags",
                      "只有行政村有打卡坐标、打卡范围和示范标签");
    if (set_location && (problem = rules_location_problem(lat, lon)) != NULL)
        return refuse(err, "lat", "%s", problem);
    if (geofence != 0 && (problem = rules_geofence_problem(geofence)) != NULL)
        return refuse(err, "geofence_m", "%s", problem);
    if (ntags > ORG_TAGS_MAX)
        return refuse(err, "tags", "示范标签过多");
    for (size_t i = 0; i < ntags; i++)
        if ((problem = rules_org_tag_problem(tags[i])) != NULL)
            return refuse(err, "tags", "%s", problem);
    return 0;
}

static int check_org_search(const Zhucun__OrgSearch *in, struct zc_error *err)
{
    long chars = rules_utf8_chars(in->query);
    if (chars < 1 || chars > SEARCH_QUERY_MAX)
        return refuse(err, "query", "请输入 1 到 60 个字的名称关键词");
    if (in->under[0] != '\0' && check_code(in->under, "under", err) < 0)
        return -1;
    return 0;
}

static int check_org_create(const Zhucun__OrgCreate *in, struct zc_error *err)
{
    const Zhucun__OrgUnit *u = in->unit;
    if (u == NULL)
        return refuse(err, "unit", "缺少要建立的单位");
    int level = check_code(u->code, "code", err);
    if (level < 0)
        return -1;
    const char *problem = rules_org_name_problem(u->name);
    if (problem != NULL)
        return refuse(err, "name", "%s", problem);
    if (level == ORG_PROVINCE || (u->level != 0 && (int)u->level != level))
        return refuse(err, "level", "区划代码 %s 是%s级代码，与所填层级不符", u->code,
                      rules_level_name(level));
    return check_village_fields(level, u->has_location, u->lat, u->lon, u->geofence_m, u->tags,
                                u->n_tags, err);
}

static int check_org_update(const Zhucun__OrgUpdate *in, struct zc_error *err)
{
    int level = check_code(in->code, "code", err);
    if (level < 0)
        return -1;
    const char *problem = in->name[0] != '\0' ? rules_org_name_problem(in->name) : NULL;
    if (problem != NULL)
        return refuse(err, "name", "%s", problem);
    if (check_village_fields(level, in->set_location, in->lat, in->lon, in->geofence_m, in->tags,
                             in->n_tags, err) != 0)
        return -1;
    if (in->set_tags && level != ORG_VILLAGE)
        return refuse(err, "tags", "只有行政村有示范标签");
    if (in->name[0] == '\0' && !in->set_location && in->geofence_m == 0 && !in->set_tags)
        return refuse(err, NULL, "没有要修改的内容");
    return 0;
}

/* ---- units, users and teams (handlers_people.c, handlers_team.c) ---- */

/* The server's text_problem: an optional short text (server: inline length limit). */
static const char *text_problem(const char *s, size_t max, char *buf, size_t len)
{
    if (strlen(s) > max) {
        snprintf(buf, len, "内容过长（最多 %zu 字节）", max);
        return buf;
    }
    return s[0] != '\0' ? rules_display_name_problem(s) : NULL;
}

/* The org level a dispatching unit of this level sits at (server: inline), or -1. */
static int unit_org_level(const char *level)
{
    if (strcmp(level, "central") == 0 || strcmp(level, "province") == 0)
        return ORG_PROVINCE;
    if (strcmp(level, "city") == 0)
        return ORG_CITY;
    if (strcmp(level, "county") == 0)
        return ORG_COUNTY;
    return -1;
}

static int check_unit_create(const Zhucun__UnitCreate *in, struct zc_error *err)
{
    const Zhucun__DispatchUnit *u = in->unit;
    const char *problem;
    char buf[64];
    if (u == NULL)
        return refuse(err, "unit", "缺少派出单位");
    if ((problem = rules_org_name_problem(u->name)) != NULL)
        return refuse(err, "name", "%s", problem);
    int want = unit_org_level(u->level);
    if (want < 0)
        return refuse(err, "level", "单位层级应为 central、province、city 或 county");
    if (rules_code_level(u->org_code) != want)
        return refuse(err, "org_code", "%s级派出单位应挂在%s级区划代码下", u->level,
                      rules_level_name(want));
    if ((problem = text_problem(u->leader_name, 64, buf, sizeof(buf))) != NULL)
        return refuse(err, "leader_name", "%s", problem);
    if ((problem = text_problem(u->handling_office, TEXT_FIELD_MAX, buf, sizeof(buf))) != NULL)
        return refuse(err, "handling_office", "%s", problem);
    return 0;
}

static int check_unit_list(const Zhucun__UnitList *in, struct zc_error *err)
{
    if (in->level[0] != '\0' && unit_org_level(in->level) < 0)
        return refuse(err, "level", "单位层级应为 central、province、city 或 county");
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        return refuse(err, "org_code", "区划代码应为 12 位数字");
    return 0;
}

static int check_unit_update(const Zhucun__UnitUpdate *in, struct zc_error *err)
{
    const char *problem;
    char buf[64];
    if (in->name[0] != '\0' && (problem = rules_org_name_problem(in->name)) != NULL)
        return refuse(err, "name", "%s", problem);
    if ((problem = text_problem(in->leader_name, 64, buf, sizeof(buf))) != NULL)
        return refuse(err, "leader_name", "%s", problem);
    if ((problem = text_problem(in->handling_office, TEXT_FIELD_MAX, buf, sizeof(buf))) != NULL)
        return refuse(err, "handling_office", "%s", problem);
    if (in->name[0] == '\0' && in->leader_name[0] == '\0' && in->handling_office[0] == '\0')
        return refuse(err, NULL, "没有要修改的内容");
    return 0;
}

/* The server's check_grant, without its scope test (the caller's scope is the server's). */
static int check_grant(const char *role, const char *scope, int64_t unit_id, struct zc_error *err)
{
    int level = rules_code_level(scope);
    if (rules_role_level(role) < 0)
        return refuse(err, "role", "未知的角色 %.40s", role);
    if (level < 0)
        return refuse(err, "scope_code", "区划代码应为 12 位数字");
    if (!rules_role_level_ok(role, level))
        return refuse(err, "scope_code", "角色 %s 不能绑定到%s级单位", role,
                      rules_level_name(level));
    if (strcmp(role, "unit_admin") == 0 && unit_id <= 0)
        return refuse(err, "unit_id", "unit_admin 须指定派出单位");
    return 0;
}

static int check_user_add(const Zhucun__UserAdd *in, struct zc_error *err)
{
    const Zhucun__Person *person = in->person;
    const char *problem;
    if ((problem = rules_username_problem(in->username)) != NULL)
        return refuse(err, "username", "%s", problem);
    if (person != NULL && rules_utf8_chars(person->name) > PERSON_NAME_CHARS)
        return refuse(err, "person.name", "姓名过长（最多 64 个字）");
    if (person == NULL)
        return refuse(err, "person.name", "缺少人员信息");
    if ((problem = rules_display_name_problem(person->name)) != NULL)
        return refuse(err, "person.name", "%s", problem);
    if (strlen(person->phone) > PHONE_MAX ||
        strspn(person->phone, "0123456789+- ") != strlen(person->phone))
        return refuse(err, "person.phone", "电话只能包含数字、空格、+ 和 -");
    if (rules_code_level(person->org_code) < 0)
        return refuse(err, "person.org_code", "人员所属区划代码应为 12 位数字");
    /* The scope test of the org code comes here on the server; the grant's own checks do not
     * depend on it. */
    const char *scope = in->scope_code[0] ? in->scope_code : person->org_code;
    int64_t grant_unit = strcmp(in->role, "unit_admin") == 0 ? person->unit_id : 0;
    return check_grant(in->role, scope, grant_unit, err);
}

static int check_user_grant(const Zhucun__UserGrant *in, struct zc_error *err)
{
    return in->revoke ? 0 : check_grant(in->role, in->scope_code, in->unit_id, err);
}

static int check_team_create(const Zhucun__TeamCreate *in, struct zc_error *err)
{
    int level = rules_code_level(in->org_code);
    int want = strcmp(in->kind, "village") == 0    ? ORG_VILLAGE
               : strcmp(in->kind, "township") == 0 ? ORG_TOWNSHIP
                                                   : -1;
    const char *problem;
    if (want < 0)
        return refuse(err, "kind", "工作队类型应为 village 或 township");
    if (level != want)
        return refuse(err, "org_code",
                      want == ORG_VILLAGE ? "驻村工作队须驻行政村（12 位村级代码）"
                                          : "驻乡镇工作队须驻乡镇（乡镇级代码）");
    if ((problem = rules_org_name_problem(in->name)) != NULL)
        return refuse(err, "name", "%s", problem);
    return 0;
}

static int check_team_show(const Zhucun__TeamShow *in, struct zc_error *err)
{
    if (in->id > 0)
        return 0;
    const char *kind = in->kind[0] ? in->kind : "village";
    if (rules_code_level(in->org_code) < 0)
        return refuse(err, "org_code", "请给出工作队编号或驻地区划代码");
    if (strcmp(kind, "village") != 0 && strcmp(kind, "township") != 0)
        return refuse(err, "kind", "工作队类型应为 village 或 township");
    return 0;
}

/* The server's check_date (handlers_team.c). */
static int check_team_date(const char *s, const char *field, struct zc_error *err)
{
    return date_ok(s) ? 0 : refuse(err, field, "日期应为 YYYY-MM-DD 格式的真实日期：%.20s", s);
}

static int check_team_assign(const Zhucun__TeamAssign *in, struct zc_error *err)
{
    if (strcmp(in->post, "first_secretary") != 0 && strcmp(in->post, "captain") != 0 &&
        strcmp(in->post, "member") != 0)
        return refuse(err, "post",
                      "职务应为 first_secretary（第一书记）、captain（队长）或 member（队员）");
    if (in->start_date[0] != '\0' && check_team_date(in->start_date, "start_date", err) != 0)
        return -1;
    return 0;
}

static int check_team_recall(const Zhucun__TeamRecall *in, struct zc_error *err)
{
    const char *reason = in->reason[0] ? in->reason : "recall";
    if (strcmp(reason, "recall") != 0 && strcmp(reason, "rotation") != 0 &&
        strcmp(reason, "term_end") != 0 && strcmp(reason, "other") != 0)
        return refuse(err, "reason",
                      "原因应为 recall（召回）、rotation（轮换）、term_end（期满）或 other");
    if ((strcmp(reason, "recall") == 0 || strcmp(reason, "rotation") == 0) && in->note[0] == '\0')
        return refuse(err, "note", "召回和轮换须写明理由");
    if (strlen(in->note) > NOTE_MAX)
        return refuse(err, "note", "理由过长（最多 500 字节）");
    for (const unsigned char *c = (const unsigned char *)in->note; *c; c++)
        if ((*c < 0x20 && *c != '\n') || *c == 0x7f)
            return refuse(err, "note", "理由不能包含控制字符");
    if (in->end_date[0] != '\0' && check_team_date(in->end_date, "end_date", err) != 0)
        return -1;
    return 0;
}

/* ---- households (handlers_household.c) ---- */

static int check_household_create(const Zhucun__HouseholdCreate *in, struct zc_error *err)
{
    const Zhucun__Household *h = in->household;
    char day[11];
    today(day);
    if (h == NULL)
        return refuse(err, "household", "缺少农户信息");
    if (rules_code_level(h->village_code) != ORG_VILLAGE)
        return refuse(err, "village_code", "请填写 12 位行政村代码");
    if (!rules_hh_category_ok(h->category))
        return refuse(
            err, "category",
            "农户类别应为 poverty_alleviated（脱贫户）、monitored（监测户）或 ordinary（一般户）");
    const char *since = h->since[0] ? h->since : day;
    if (!date_ok(since) || strcmp(since, day) > 0)
        return refuse(err, "since", "登记日期应为不晚于今天的 YYYY-MM-DD");
    if (!rules_hh_phone_ok(h->phone))
        return refuse(err, "phone", "%s", RULES_HH_PHONE_PROBLEM);
    const char *problem = rules_hh_address_problem(h->address);
    if (problem != NULL)
        return refuse(err, "address", "%s", problem);
    if (h->n_members == 0 || h->n_members > HOUSEHOLD_MEMBERS_MAX)
        return refuse(err, "members", "每户应有 1 到 30 名成员");
    const char *head = NULL;
    for (size_t i = 0; i < h->n_members; i++) {
        const Zhucun__HouseholdMember *m = h->members[i];
        const char *field = NULL;
        problem = rules_hh_member_problem(m->name, m->relation, m->id_number, m->labour, m->health,
                                          m->phone, m->birth_date, day, &field);
        if (problem != NULL) {
            char name[64];
            snprintf(name, sizeof(name), "members[%zu].%s", i, field);
            return refuse(err, name, "第 %zu 位成员：%s", i + 1, problem);
        }
        for (size_t k = 0; k < i; k++) {
            if (strcmp(h->members[k]->id_number, m->id_number) == 0) {
                char name[64];
                snprintf(name, sizeof(name), "members[%zu].id_number", i);
                return refuse(err, name, "同一身份证号出现了两次");
            }
        }
        if (strcmp(m->relation, "head") == 0) {
            if (head != NULL) {
                char name[64];
                snprintf(name, sizeof(name), "members[%zu].relation", i);
                return refuse(err, name, "一户只能有一名户主");
            }
            head = m->name;
        }
    }
    if (head == NULL)
        return refuse(err, "members", "请指明户主（relation 为 head 的成员）");
    return 0;
}

static int check_household_list(const Zhucun__HouseholdList *in, struct zc_error *err)
{
    if (in->category[0] != '\0' && !rules_hh_category_ok(in->category))
        return refuse(err, "category", "未知的农户类别");
    if (in->presence > 2 || strlen(in->query) > HH_QUERY_MAX)
        return refuse(err, in->presence > 2 ? "presence" : "query", "筛选条件不正确");
    if (in->village_code[0] != '\0' && rules_code_level(in->village_code) < 0)
        return refuse(err, "village_code", "区划代码应为 12 位数字");
    return 0;
}

static int check_household_set_state(const Zhucun__HouseholdSetState *in, struct zc_error *err)
{
    char day[11];
    today(day);
    if (!rules_hh_category_ok(in->category))
        return refuse(err, "category", "未知的农户类别");
    const char *from = in->valid_from[0] ? in->valid_from : day;
    if (!date_ok(from) || strcmp(from, day) > 0)
        return refuse(err, "valid_from", "生效日期应为不晚于今天的 YYYY-MM-DD");
    if (strlen(in->note) > NOTE_MAX || (in->note[0] && rules_utf8_chars(in->note) < 0))
        return refuse(err, "note", "说明过长（最多 500 字节）");
    return 0;
}

static int check_household_update(const Zhucun__HouseholdUpdate *in, struct zc_error *err)
{
    if (!in->set_phone && !in->set_address)
        return refuse(err, "phone", "请给出要修改的电话或地址");
    if (in->set_phone && !rules_hh_phone_ok(in->phone))
        return refuse(err, "phone", "%s", RULES_HH_PHONE_PROBLEM);
    const char *problem = in->set_address ? rules_hh_address_problem(in->address) : NULL;
    if (problem != NULL)
        return refuse(err, "address", "%s", problem);
    return 0;
}

static int check_household_member_add(const Zhucun__HouseholdMemberAdd *in, struct zc_error *err)
{
    const Zhucun__HouseholdMember *m = in->member;
    char day[11];
    today(day);
    if (m == NULL)
        return refuse(err, "member", "缺少成员信息");
    const char *field = NULL;
    const char *problem = rules_hh_member_problem(m->name, m->relation, m->id_number, m->labour,
                                                  m->health, m->phone, m->birth_date, day, &field);
    if (problem != NULL) {
        char name[64];
        snprintf(name, sizeof(name), "member.%s", field);
        return refuse(err, name, "%s", problem);
    }
    if (strcmp(m->relation, "head") == 0)
        return refuse(err, "member.relation", "一户只能有一名户主：新户主在原户主离开时指定");
    return 0;
}

static int check_household_member_leave(const Zhucun__HouseholdMemberLeave *in,
                                        struct zc_error *err)
{
    char day[11];
    today(day);
    if (!rules_hh_leave_reason_ok(in->reason))
        return refuse(err, "reason",
                      "离开原因应为 moved_out（迁出）、deceased（去世）或 married_out（婚出）");
    const char *on = in->left_on[0] ? in->left_on : day;
    if (!date_ok(on) || strcmp(on, day) > 0)
        return refuse(err, "left_on", "离开日期应为不晚于今天的 YYYY-MM-DD");
    if (in->new_head_id < 0 || (in->new_head_id != 0 && in->new_head_id == in->member_id))
        return refuse(err, "new_head_id", "新户主须是本户其他在册成员");
    return 0;
}

/* ---- visits and follow-up items (handlers_visit.c, handlers_report.c) ---- */

static int check_visit_create(const Zhucun__VisitCreate *in, struct zc_error *err)
{
    char day[11];
    today(day);
    if ((in->household_id > 0) == (in->village_code[0] != '\0'))
        return refuse(err, "household_id",
                      "请给出被走访的农户（household_id）或村（village_code，驻乡镇工作队）之一");
    if (in->village_code[0] != '\0' && rules_code_level(in->village_code) != ORG_VILLAGE)
        return refuse(err, "village_code", "请填写 12 位行政村代码");
    if (!date_ok(in->visit_date))
        return refuse(err, "visit_date", "走访日期应为 YYYY-MM-DD");
    if (strcmp(in->visit_date, day) > 0)
        return refuse(err, "visit_date", "走访日期 %s 晚于今天（%s），不能预先登记", in->visit_date,
                      day);
    if (strcmp(in->mode, "in_person") != 0 && strcmp(in->mode, "phone") != 0)
        return refuse(err, "mode", "走访方式应为 in_person 或 phone");
    if (in->n_cadre_ids == 0 || in->n_cadre_ids > VISIT_CADRES_MAX)
        return refuse(err, "cadre_ids", "请填写在场队员（1 到 10 人）");
    if (strlen(in->notes) > VISIT_NOTES_MAX)
        return refuse(err, "notes", "走访记录过长（最多 2000 字节）");
    if (in->n_problems > VISIT_PROBLEMS_MAX)
        return refuse(err, "problems", "一次走访最多登记 20 个问题");
    for (size_t i = 0; i < in->n_problems; i++) {
        const Zhucun__Problem *p = in->problems[i];
        size_t len = strlen(p->text);
        const char *bad = NULL, *field = NULL;
        if (len == 0 || len > PROBLEM_TEXT_MAX)
            bad = "问题描述应为 1 到 1000 字节", field = "text";
        else if (p->responsible_id <= 0)
            bad = "请指定责任人", field = "responsible_id";
        else if (!date_ok(p->deadline) || strcmp(p->deadline, in->visit_date) < 0)
            bad = "办理期限应为不早于走访日期的 YYYY-MM-DD", field = "deadline";
        if (bad != NULL) {
            char name[64];
            snprintf(name, sizeof(name), "problems[%zu].%s", i, field);
            return refuse(err, name, "%s", bad);
        }
    }
    return 0;
}

static int check_visits_due(const Zhucun__VisitsDue *in, struct zc_error *err)
{
    int ok = 1;
    int as_of = in->as_of[0] ? rules_date_days(in->as_of, &ok) : zc_clock_today();
    if (!ok || as_of > zc_clock_today())
        return refuse(err, "as_of", "as_of 应为不晚于今天的 YYYY-MM-DD");
    return 0;
}

/* A follow-up item's status (server: inline). */
static int item_status_ok(const char *s)
{
    return strcmp(s, "open") == 0 || strcmp(s, "in_progress") == 0 || strcmp(s, "resolved") == 0;
}

static int check_follow_up_list(const Zhucun__FollowUpList *in, struct zc_error *err)
{
    if (in->status[0] != '\0' && strcmp(in->status, "all") != 0 && !item_status_ok(in->status))
        return refuse(err, "status", "状态应为 open、in_progress、resolved 或 all");
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        return refuse(err, "org_code", "区划代码应为 12 位数字");
    return 0;
}

static int check_follow_up_update(const Zhucun__FollowUpUpdate *in, struct zc_error *err)
{
    if (!item_status_ok(in->status))
        return refuse(err, "status", "状态应为 open、in_progress 或 resolved");
    if (strlen(in->note) > FOLLOW_UP_NOTE_MAX)
        return refuse(err, "note", "说明过长（最多 1000 字节）");
    if (strcmp(in->status, "resolved") == 0 && in->note[0] == '\0')
        return refuse(err, "note", "办结须写明办理结果");
    return 0;
}

static int check_visit_report(const Zhucun__VisitReport *in, struct zc_error *err)
{
    int level = rules_code_level(in->org_code);
    if (level < 0)
        return refuse(err, "org_code", "区划代码应为 12 位数字");
    char first[11], day[11];
    if (strlen(in->period) != 7 || snprintf(first, sizeof(first), "%s-01", in->period) != 10 ||
        !date_ok(first))
        return refuse(err, "period", "统计月份应为 YYYY-MM，如 2026-11");
    today(day);
    if (strncmp(first, day, 7) > 0)
        return refuse(err, "period", "统计月份不能晚于本月");
    /* The grouping (server: inline parse_by): "" means org, or household for a village. */
    const char *by = in->by;
    int by_org = by[0] == '\0' ? level != ORG_VILLAGE : strcmp(by, "org") == 0;
    if (by[0] != '\0' && !by_org && strcmp(by, "team") != 0 && strcmp(by, "cadre") != 0 &&
        strcmp(by, "household") != 0)
        return refuse(err, "by", "分组应为 org（下级单位）、team、cadre 或 household");
    if (by_org && level == ORG_VILLAGE)
        return refuse(err, "by", "行政村没有下级单位：请按 team、cadre 或 household 查看");
    if (!by_org && level < ORG_COUNTY)
        return refuse(err, "by", "按工作队、队员或农户查看须选择县级及以下单位（上级请逐级下钻）");
    if (in->limit > REPORT_HOUSEHOLDS_MAX)
        return refuse(err, "limit", "每页最多 %d 户", REPORT_HOUSEHOLDS_MAX);
    return 0;
}

/* ---- check-ins and attendance (handlers_attendance.c) ---- */

static int check_check_in(const Zhucun__CheckIn *in, struct zc_error *err)
{
    /* One measurement at a time, the others well formed, names the field at fault. */
    if (rules_checkin_problem(in->lat, 0, 1) != NULL)
        return refuse(err, "lat", "纬度应为 -90 到 90 之间的有限数");
    if (rules_checkin_problem(0, in->lon, 1) != NULL)
        return refuse(err, "lon", "经度应为 -180 到 180 之间的有限数");
    if (rules_checkin_problem(0, 0, in->accuracy_m) != NULL)
        return refuse(err, "accuracy_m", "定位精度应为大于 0 的有限米数");
    if (strlen(in->device_id) > DEVICE_ID_MAX)
        return refuse(err, "device_id", "设备编号过长（最多 %d 字节）", DEVICE_ID_MAX);
    if (in->client_time <= 0 || in->client_time >= CLIENT_TIME_MAX)
        return refuse(err, "client_time", "请提供设备时间（Unix 秒，1970 年到 2999 年之间）");
    return 0;
}

static int check_official_business_record(const Zhucun__OfficialBusinessRecord *in,
                                          struct zc_error *err)
{
    int ok = 0;
    int day = rules_date_days(in->date, &ok);
    int now = zc_clock_today();
    if (!ok)
        return refuse(err, "date", "公务日期应为 YYYY-MM-DD");
    if (day < now - BUSINESS_BACK_DAYS || day > now + BUSINESS_AHEAD_DAYS)
        return refuse(err, "date", "公务日期应在 %d 天前到 %d 天后之间", BUSINESS_BACK_DAYS,
                      BUSINESS_AHEAD_DAYS);
    size_t len = strlen(in->note);
    if (len == 0 || len > NOTE_MAX)
        return refuse(err, "note", "请写明公务事由（1 到 %d 字节）", NOTE_MAX);
    return 0;
}

/* The server's week_monday: "" is the default week; a future week is refused. */
static int check_week(const char *week, struct zc_error *err)
{
    int this_monday = rules_week_monday(zc_clock_today());
    int monday = this_monday;
    if (week[0] != '\0' && rules_week_parse(week, &monday) != 0)
        return refuse(err, "week", "周次应为 ISO 周，如 2026-W48");
    if (monday > this_monday) {
        char now[9];
        rules_week_format(this_monday, now);
        return refuse(err, "week", "不能查询未来的周（本周为 %s）", now);
    }
    return 0;
}

static int check_attendance_week(const Zhucun__AttendanceWeek *in, struct zc_error *err)
{
    if (in->person_id < 0)
        return refuse(err, "person_id", "人员编号应为正整数");
    return check_week(in->week, err);
}

static int check_attendance_report(const Zhucun__AttendanceReport *in, struct zc_error *err)
{
    if (rules_code_level(in->org_code) < 0)
        return refuse(err, "org_code", "区划代码应为 12 位数字");
    if (in->limit > REPORT_ROWS_MAX)
        return refuse(err, "limit", "每次最多列出 %d 名队员", REPORT_ROWS_MAX);
    return check_week(in->week, err);
}

/* ---- approvals, leave and delegations (handlers_approval.c) ---- */

/* How a decision or a cadre's own request came (server: inline channel_ok). */
static int channel_ok(const char *s)
{
    return s[0] == '\0' || strcmp(s, "system") == 0 || strcmp(s, "wechat") == 0 ||
           strcmp(s, "sms") == 0 || strcmp(s, "phone") == 0;
}

static int check_decide(const Zhucun__Decide *in, struct zc_error *err)
{
    if (strcmp(in->decision, "approve") != 0 && strcmp(in->decision, "reject") != 0 &&
        strcmp(in->decision, "return") != 0)
        return refuse(err, "decision", "决定应为 approve、reject 或 return");
    if (strlen(in->reason) > REASON_MAX)
        return refuse(err, "reason", "理由过长（最多 500 字节）");
    if (strcmp(in->decision, "approve") != 0 && in->reason[strspn(in->reason, " \t")] == '\0')
        return refuse(err, "reason", "驳回或退回须说明理由");
    if (!channel_ok(in->channel))
        return refuse(err, "channel", "渠道应为 system、wechat、sms 或 phone");
    return 0;
}

/* The server's check_days and check_reason, for a leave's days and reason. */
static int check_leave(const char *first, const char *last, const char *reason,
                       struct zc_error *err)
{
    int ok1 = 1, ok2 = 1;
    int f = rules_date_days(first, &ok1), l = rules_date_days(last, &ok2);
    int now = zc_clock_today();
    if (!ok1)
        return refuse(err, "first_day", "首日应为 YYYY-MM-DD");
    if (!ok2)
        return refuse(err, "last_day", "末日应为 YYYY-MM-DD");
    if (l < f)
        return refuse(err, "last_day", "末日不能早于首日");
    if (l - f + 1 > LEAVE_DAYS_MAX)
        return refuse(err, "last_day", "一次请假最多 %d 天", LEAVE_DAYS_MAX);
    if (f < now)
        return refuse(err, "first_day", "不能为已经过去的日子请假");
    if (f > now + LEAVE_AHEAD_DAYS)
        return refuse(err, "first_day", "最多提前 %d 天请假", LEAVE_AHEAD_DAYS);
    if (reason[strspn(reason, " \t")] == '\0')
        return refuse(err, "reason", "请写明请假事由");
    if (strlen(reason) > REASON_MAX)
        return refuse(err, "reason", "事由过长（最多 500 字节）");
    return 0;
}

static int check_leave_request(const Zhucun__LeaveRequest *in, struct zc_error *err)
{
    if (check_leave(in->first_day, in->last_day, in->reason, err) != 0)
        return -1;
    if (in->person_id > 0 && !rules_leave_behalf_channel_ok(in->channel))
        return refuse(err, "channel",
                      "代队员登记请假须说明申请经何种渠道提出：channel 应为 wechat、sms、phone 或 "
                      "paper");
    if (in->person_id <= 0 && !channel_ok(in->channel))
        return refuse(err, "channel", "渠道应为 system、wechat、sms 或 phone");
    return 0;
}

static int check_leave_list(const Zhucun__LeaveList *in, struct zc_error *err)
{
    static const char *const statuses[] = {"",         "pending",  "approved",
                                           "rejected", "returned", "cancelled"};
    int known = 0;
    for (size_t i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
        known |= strcmp(in->status, statuses[i]) == 0;
    if (!known)
        return refuse(err, "status", "状态应为 pending、approved、rejected、returned 或 cancelled");
    if (in->limit > LEAVE_LIST_MAX)
        return refuse(err, "limit", "每次最多列出 %d 条", LEAVE_LIST_MAX);
    return 0;
}

static int check_leave_end(const Zhucun__LeaveEnd *in, struct zc_error *err)
{
    int ok = 1;
    if (in->return_day[0] != '\0')
        (void)rules_date_days(in->return_day, &ok);
    return ok ? 0 : refuse(err, "return_day", "返岗日期应为 YYYY-MM-DD");
}

static int check_leave_resubmit(const Zhucun__LeaveResubmit *in, struct zc_error *err)
{
    return check_leave(in->first_day, in->last_day, in->reason, err);
}

static int check_delegation_create(const Zhucun__DelegationCreate *in, struct zc_error *err)
{
    int ok1 = 1, ok2 = 1;
    int f = rules_date_days(in->first_day, &ok1), l = rules_date_days(in->last_day, &ok2);
    if (!ok1 || !ok2 || l < f)
        return refuse(err, ok1 ? "last_day" : "first_day", "起止日期应为 YYYY-MM-DD，且止不早于起");
    if (l < zc_clock_today())
        return refuse(err, "last_day", "委托的止日已经过去");
    if (l - f + 1 > DELEGATION_DAYS_MAX)
        return refuse(err, "last_day", "一次委托最多 %d 天", DELEGATION_DAYS_MAX);
    if (in->to_username[0] == '\0')
        return refuse(err, "to_username", "缺少被委托人账号");
    return 0;
}

/* ---- every call ---- */

int zc__check_request(const Zhucun__Request *req, struct zc_error *err)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&zhucun__request__descriptor, req->body_case);
    const ProtobufCMessage *body =
        f != NULL ? *(ProtobufCMessage *const *)((const char *)req + f->offset) : NULL;
    if (body == NULL)
        return refuse(err, NULL, "缺少请求内容");
    if (check_ids(req->body_case, body, err) != 0)
        return -1;
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD:
        return check_change_password(req->change_password, err);
    case ZHUCUN__REQUEST__BODY_ORG_SHOW:
        return check_code(req->org_show->code, "code", err) < 0 ? -1 : 0;
    case ZHUCUN__REQUEST__BODY_ORG_CHILDREN:
        return check_code(req->org_children->code, "code", err) < 0 ? -1 : 0;
    case ZHUCUN__REQUEST__BODY_ORG_SEARCH:
        return check_org_search(req->org_search, err);
    case ZHUCUN__REQUEST__BODY_ORG_CREATE:
        return check_org_create(req->org_create, err);
    case ZHUCUN__REQUEST__BODY_ORG_UPDATE:
        return check_org_update(req->org_update, err);
    case ZHUCUN__REQUEST__BODY_UNIT_CREATE:
        return check_unit_create(req->unit_create, err);
    case ZHUCUN__REQUEST__BODY_UNIT_LIST:
        return check_unit_list(req->unit_list, err);
    case ZHUCUN__REQUEST__BODY_UNIT_UPDATE:
        return check_unit_update(req->unit_update, err);
    case ZHUCUN__REQUEST__BODY_USER_ADD:
        return check_user_add(req->user_add, err);
    case ZHUCUN__REQUEST__BODY_USER_GRANT:
        return check_user_grant(req->user_grant, err);
    case ZHUCUN__REQUEST__BODY_TEAM_CREATE:
        return check_team_create(req->team_create, err);
    case ZHUCUN__REQUEST__BODY_TEAM_SHOW:
        return check_team_show(req->team_show, err);
    case ZHUCUN__REQUEST__BODY_TEAM_ASSIGN:
        return check_team_assign(req->team_assign, err);
    case ZHUCUN__REQUEST__BODY_TEAM_RECALL:
        return check_team_recall(req->team_recall, err);
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE:
        return check_household_create(req->household_create, err);
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_LIST:
        return check_household_list(req->household_list, err);
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE:
        return check_household_set_state(req->household_set_state, err);
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE:
        return check_household_update(req->household_update, err);
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD:
        return check_household_member_add(req->household_member_add, err);
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_LEAVE:
        return check_household_member_leave(req->household_member_leave, err);
    case ZHUCUN__REQUEST__BODY_VISIT_CREATE:
        return check_visit_create(req->visit_create, err);
    case ZHUCUN__REQUEST__BODY_VISITS_DUE:
        return check_visits_due(req->visits_due, err);
    case ZHUCUN__REQUEST__BODY_FOLLOW_UP_LIST:
        return check_follow_up_list(req->follow_up_list, err);
    case ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE:
        return check_follow_up_update(req->follow_up_update, err);
    case ZHUCUN__REQUEST__BODY_VISIT_REPORT:
        return check_visit_report(req->visit_report, err);
    case ZHUCUN__REQUEST__BODY_CHECK_IN:
        return check_check_in(req->check_in, err);
    case ZHUCUN__REQUEST__BODY_OFFICIAL_BUSINESS_RECORD:
        return check_official_business_record(req->official_business_record, err);
    case ZHUCUN__REQUEST__BODY_ATTENDANCE_WEEK:
        return check_attendance_week(req->attendance_week, err);
    case ZHUCUN__REQUEST__BODY_ATTENDANCE_REPORT:
        return check_attendance_report(req->attendance_report, err);
    case ZHUCUN__REQUEST__BODY_DECIDE:
        return check_decide(req->decide, err);
    case ZHUCUN__REQUEST__BODY_LEAVE_REQUEST:
        return check_leave_request(req->leave_request, err);
    case ZHUCUN__REQUEST__BODY_LEAVE_LIST:
        return check_leave_list(req->leave_list, err);
    case ZHUCUN__REQUEST__BODY_LEAVE_END:
        return check_leave_end(req->leave_end, err);
    case ZHUCUN__REQUEST__BODY_LEAVE_RESUBMIT:
        return check_leave_resubmit(req->leave_resubmit, err);
    case ZHUCUN__REQUEST__BODY_DELEGATION_CREATE:
        return check_delegation_create(req->delegation_create, err);
    default:
        /* Nothing the client can check (reads by id, imports checked line by line on the
         * server, Export's kinds and cursor, AuditVerify's bounds). */
        return 0;
    }
}
